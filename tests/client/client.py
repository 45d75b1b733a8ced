"""Clients nobody here wrote, rdflib and SPARQLWrapper, against a running `ctockg serve`.

Usage: client.py BASE_URL (e.g. http://127.0.0.1:7878). Run by tests/server.rs with the venv
that `make setup` makes under target/pyenv. Prints one line per check, then
"N passed, N failed"; exits 1 when a check failed.
"""

import csv
import io
import sys
import urllib.error
import urllib.request

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from SPARQLWrapper import CSV, JSON, POST, TSV, XML, SPARQLWrapper

BASE = sys.argv[1].rstrip("/")
ENDPOINT = BASE + "/sparql"
ID = "https://w3id.org/ctockg/id/"
CK = Namespace("https://w3id.org/ctockg/ontology#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
MEETING = ID + "meeting/wg7/2020-09-08"
ITALY = URIRef(ID + "country/ITA")

SELECT = """PREFIX ck: <https://w3id.org/ctockg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?meeting ?label WHERE {
  ?meeting a ck:Meeting ; rdfs:label ?label FILTER(LANG(?label) = "en")
} ORDER BY ?meeting"""

CONSTRUCT = """PREFIX ck: <https://w3id.org/ctockg/ontology#>
CONSTRUCT { ?m a ck:Meeting ; ck:startDate ?d } WHERE { ?m a ck:Meeting ; ck:startDate ?d }"""

results = {"passed": 0, "failed": 0}


def check(name):
    def run(function):
        try:
            function()
        except Exception as error:  # a failed check is reported, the others still run
            results["failed"] += 1
            print(f"FAIL {name}: {error!r}")
        else:
            results["passed"] += 1
            print(f"ok   {name}")
        return function

    return run


def wrapper(query, return_format, method=None):
    sparql = SPARQLWrapper(ENDPOINT)
    sparql.setQuery(query)
    sparql.setReturnFormat(return_format)
    if method:
        sparql.setMethod(method)
    return sparql


def fetch(url, accept=None, data=None, content_type=None):
    request = urllib.request.Request(url, data=data)
    if accept:
        request.add_header("Accept", accept)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def meetings_of(values):
    found = set(values)
    assert MEETING in found, f"{MEETING} not among {sorted(found)[:3]}…"
    assert len(found) == 10, f"{len(found)} meetings"


@check("SELECT as SPARQL JSON (SPARQLWrapper, GET)")
def _():
    rows = wrapper(SELECT, JSON).query().convert()["results"]["bindings"]
    meetings_of(row["meeting"]["value"] for row in rows)


@check("SELECT as SPARQL JSON (SPARQLWrapper, POST form)")
def _():
    rows = wrapper(SELECT, JSON, POST).query().convert()["results"]["bindings"]
    meetings_of(row["meeting"]["value"] for row in rows)


@check("SELECT as SPARQL XML")
def _():
    document = wrapper(SELECT, XML).query().convert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    meetings_of(uris)


@check("SELECT as CSV")
def _():
    text = wrapper(SELECT, CSV).query().convert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["meeting", "label"], rows[0]
    meetings_of(row[0] for row in rows[1:])


@check("SELECT as TSV")
def _():
    text = wrapper(SELECT, TSV).query().convert().decode("utf-8")
    lines = text.strip().split("\n")
    assert lines[0].split("\t") == ["?meeting", "?label"], lines[0]
    meetings_of(line.split("\t")[0].strip("<>") for line in lines[1:])


@check("ASK as SPARQL JSON")
def _():
    answer = wrapper("ASK { ?s a <https://w3id.org/ctockg/ontology#Meeting> }", JSON)
    assert answer.query().convert()["boolean"] is True


for media_type, rdflib_format in [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"),
    ("application/ld+json", "json-ld"),
]:

    @check(f"CONSTRUCT as {media_type}, parsed by rdflib")
    def _(media_type=media_type, rdflib_format=rdflib_format):
        data = urllib.parse.urlencode({"query": CONSTRUCT}).encode()
        status, content_type, body = fetch(
            ENDPOINT, media_type, data, "application/x-www-form-urlencoded"
        )
        assert status == 200, (status, body[:200])
        assert content_type.startswith(media_type), content_type
        graph = Graph().parse(data=body, format=rdflib_format)
        meetings_of(str(s) for s in graph.subjects(RDF.type, CK.Meeting))
        assert len(graph) == 20, len(graph)

    @check(f"/id/country/ITA negotiated as {media_type}, parsed by rdflib")
    def _(media_type=media_type, rdflib_format=rdflib_format):
        status, content_type, body = fetch(BASE + "/id/country/ITA", media_type)
        assert status == 200 and content_type.startswith(media_type), (status, content_type)
        graph = Graph().parse(data=body, format=rdflib_format)
        assert (ITALY, RDFS.label, Literal("Italy", lang="en")) in graph
        assert (ITALY, RDFS.label, Literal("意大利", lang="zh")) in graph


@check("rdflib dereferences /id/country/ITA.ttl and .jsonld by suffix")
def _():
    for suffix, rdflib_format in [("ttl", "turtle"), ("jsonld", "json-ld")]:
        graph = Graph().parse(BASE + "/id/country/ITA." + suffix, format=rdflib_format)
        assert (ITALY, RDF.type, CK.Country) in graph, suffix


@check("a browser gets the meeting's page with its zh and en labels")
def _():
    status, content_type, body = fetch(
        BASE + "/id/meeting/wg7/2020-09-08",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    )
    page = body.decode("utf-8")
    assert status == 200 and content_type.startswith("text/html"), content_type
    assert "偷运移民问题工作组2020年9月8日会议" in page
    assert "Working Group on the Smuggling of Migrants, meeting of 8 September 2020" in page
    assert "<blockquote" in page


@check("the service description parses and names the endpoint")
def _():
    graph = Graph().parse(ENDPOINT, format="turtle")
    assert (URIRef(ENDPOINT), RDF.type, SD.Service) in graph


@check("VoID counts agree with the N-Quads dump")
def _():
    void = Graph().parse(BASE + "/.well-known/void", format="turtle")
    dataset = URIRef(BASE + "/.well-known/void#ctockg")
    triples = int(void.value(dataset, VOID.triples))
    subsets = [int(void.value(s, VOID.triples)) for s in void.objects(dataset, VOID.subset)]
    dump = Dataset()
    dump.parse(BASE + "/dump.nq", format="nquads")
    quads = list(dump.quads((None, None, None, None)))
    assert len(quads) == sum(subsets), (len(quads), sum(subsets))
    distinct = {(s, p, o) for s, p, o, _ in quads}
    assert len(distinct) == triples, (len(distinct), triples)


@check("errors: 404 unknown IRI, 403 update, 501 SERVICE, 400 bad SPARQL")
def _():
    assert fetch(BASE + "/id/country/XXX")[0] == 404
    update = fetch(ENDPOINT, None, b"CLEAR ALL", "application/sparql-update")
    assert update[0] == 403, update
    service = urllib.parse.urlencode(
        {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}
    )
    assert fetch(ENDPOINT + "?" + service)[0] == 501
    assert fetch(ENDPOINT + "?query=SELEC")[0] == 400


print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
