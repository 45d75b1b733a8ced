//! `ctockg serve`: the request handler in-process over the bundled store (no socket), then the
//! real binary on a free port used as clients use it — a raw HTTP/1.1 client, Python's rdflib
//! and SPARQLWrapper (`tests/client/client.py`), a deliberately slow query.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ctockg::server::{Config, Endpoint};
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, Method, Request};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, LiteralRef, NamedNodeRef, QuadRef, Term};
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use oxigraph::store::Store;
use rstest::rstest;

use crate::common::{built, repo, scratch};

const ID: &str = "https://w3id.org/ctockg/id/";
const MEETING: &str = "https://w3id.org/ctockg/id/meeting/wg7/2020-09-08";
const MEETINGS: &str = "PREFIX ck: <https://w3id.org/ctockg/ontology#>
SELECT DISTINCT ?meeting WHERE { ?meeting a ck:Meeting } ORDER BY ?meeting";
const CONSTRUCT: &str = "PREFIX ck: <https://w3id.org/ctockg/ontology#>
CONSTRUCT { ?m a ck:Meeting ; ck:startDate ?d } WHERE { ?m a ck:Meeting ; ck:startDate ?d }";
/// Every triple against every triple: cancelled only at its timeout.
const CROSS_JOIN: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }";
pub(crate) const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// A response, read whole.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub(crate) fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub(crate) fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

// ---------- in-process: the handler as a plain function ----------

pub(crate) fn endpoint(config: Config) -> Endpoint {
    Endpoint::new(built().store.inner().clone(), config)
}

pub(crate) fn with_library() -> Config {
    Config {
        library: ctockg::queries::list(&repo().join("queries")).expect("queries/"),
        ..Config::default()
    }
}

pub(crate) fn call(endpoint: &Endpoint, mut request: Request<Body>) -> Reply {
    let response = endpoint.handle(&mut request);
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                v.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let body = response.into_body().to_vec().expect("body");
    Reply {
        status,
        headers,
        body,
    }
}

pub(crate) fn get(endpoint: &Endpoint, uri: &str, accept: Option<&str>) -> Reply {
    let mut request = Request::builder().method(Method::GET).uri(uri);
    if let Some(accept) = accept {
        request = request.header(ACCEPT, accept);
    }
    call(endpoint, request.body(Body::empty()).expect("request"))
}

fn post(
    endpoint: &Endpoint,
    uri: &str,
    content_type: &str,
    body: &str,
    extra: &[(&str, &str)],
) -> Reply {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(CONTENT_TYPE, content_type);
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    call(
        endpoint,
        request.body(Body::from(body.to_owned())).expect("request"),
    )
}

pub(crate) fn query_uri(query: &str) -> String {
    format!("/sparql?query={}", encode(query))
}

fn solutions(reply: &Reply, format: QueryResultsFormat) -> Vec<Vec<Option<Term>>> {
    match QueryResultsParser::from_format(format)
        .for_slice(&reply.body)
        .unwrap_or_else(|e| panic!("{format:?} does not parse: {e}\n{}", reply.text()))
    {
        SliceQueryResultsParserOutput::Solutions(solutions) => solutions
            .map(|s| {
                let s = s.expect("solution parses");
                s.values().to_vec()
            })
            .collect(),
        SliceQueryResultsParserOutput::Boolean(_) => panic!("expected solutions"),
    }
}

fn meetings_in(rows: &[Vec<Option<Term>>]) -> Vec<String> {
    rows.iter()
        .filter_map(|r| match r.first() {
            Some(Some(Term::NamedNode(n))) => Some(n.as_str().to_owned()),
            _ => None,
        })
        .collect()
}

#[rstest]
#[case::json("application/sparql-results+json", QueryResultsFormat::Json)]
#[case::xml("application/sparql-results+xml", QueryResultsFormat::Xml)]
#[case::tsv("text/tab-separated-values", QueryResultsFormat::Tsv)]
fn select_answers_in_each_results_format(#[case] accept: &str, #[case] format: QueryResultsFormat) {
    let server = endpoint(Config::default());
    let reply = get(&server, &query_uri(MEETINGS), Some(accept));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(
        reply.content_type().starts_with(accept),
        "{}",
        reply.content_type()
    );
    let meetings = meetings_in(&solutions(&reply, format));
    assert_eq!(meetings.len(), 10, "{meetings:?}");
    assert!(meetings.contains(&MEETING.to_owned()));
}

#[test]
fn select_answers_in_csv() {
    let server = endpoint(Config::default());
    let reply = get(&server, &query_uri(MEETINGS), Some("text/csv"));
    assert_eq!(reply.status, 200);
    let mut reader = csv::Reader::from_reader(reply.body.as_slice());
    assert_eq!(
        reader.headers().expect("header").iter().collect::<Vec<_>>(),
        ["meeting"]
    );
    let rows: Vec<String> = reader
        .records()
        .map(|r| r.expect("row")[0].to_owned())
        .collect();
    assert_eq!(rows.len(), 10);
    assert!(rows.contains(&MEETING.to_owned()));
}

#[test]
fn a_query_is_read_from_get_a_form_or_a_sparql_query_body() {
    let server = endpoint(Config::default());
    let json = "application/sparql-results+json";
    let by_get = get(&server, &query_uri(MEETINGS), Some(json));
    let by_form = post(
        &server,
        "/sparql",
        "application/x-www-form-urlencoded",
        &format!("query={}", encode(MEETINGS)),
        &[("accept", json)],
    );
    let direct = post(
        &server,
        "/sparql",
        "application/sparql-query",
        MEETINGS,
        &[("accept", json)],
    );
    assert_eq!(by_get.status, 200);
    assert_eq!(by_get.body, by_form.body);
    assert_eq!(by_get.body, direct.body);
}

/// A page counts what points to a resource with SPARQL and lists at most 100 facts per
/// property; the counts must be those of the full description the RDF is made of.
#[rstest]
#[case::country("country/ITA")]
#[case::role("role/state-party")]
#[case::body("body/wg7")]
#[case::meeting("meeting/wg7/2020-09-08")]
#[case::resolution("resolution/cop/5-3")]
fn a_page_counts_what_the_full_description_holds(#[case] resource: &str) {
    use ctockg::server::resource::{Extent, describe};
    use std::collections::{BTreeMap, BTreeSet};
    let store = &std::sync::Arc::new(built().store.resident().expect("copied"));
    let iri = oxigraph::model::NamedNode::new(format!("{ID}{resource}")).expect("iri");
    let full = describe(store, &iri, Extent::Full).expect("full description");
    let page = describe(store, &iri, Extent::Page).expect("page description");
    assert!(
        !full.incoming.is_empty(),
        "{resource}: nothing points to it"
    );
    // the page reads the paragraphs a resource is derived from apart: counted, 100 listed
    let (sources, rest): (Vec<_>, Vec<_>) = full
        .outgoing
        .iter()
        .cloned()
        .partition(|(p, _)| p.as_str() == "http://www.w3.org/ns/prov#wasDerivedFrom");
    assert_eq!(page.outgoing, rest, "{resource}: outgoing facts");
    assert_eq!(page.source_count, sources.len(), "{resource}: sources");
    assert_eq!(full.source_count, sources.len(), "{resource}: sources");
    assert_eq!(page.sources.len(), sources.len().min(100));
    let sources: BTreeSet<String> = sources.iter().map(|(_, o)| o.to_string()).collect();
    for source in &page.sources {
        assert!(
            sources.contains(&source.to_string()),
            "{resource}: {source} listed but not a source"
        );
    }
    assert_eq!(
        page.incoming_counts, full.incoming_counts,
        "{resource}: facts pointing to it, per property"
    );
    assert_eq!(page.graph_count, full.graph_count, "{resource}: graphs");
    let as_text = |facts: &[(
        oxigraph::model::NamedOrBlankNode,
        oxigraph::model::NamedNode,
    )]| {
        facts
            .iter()
            .map(|(s, p)| format!("{s} {p}"))
            .collect::<BTreeSet<_>>()
    };
    let (listed, all) = (as_text(&page.incoming), as_text(&full.incoming));
    let extra: Vec<_> = listed.difference(&all).collect();
    assert!(
        extra.is_empty(),
        "{resource}: listed but not stated: {extra:?}"
    );
    let mut per_property: BTreeMap<_, usize> = BTreeMap::new();
    for (_, predicate) in &page.incoming {
        *per_property.entry(predicate.clone()).or_default() += 1;
    }
    for (predicate, count) in &full.incoming_counts {
        assert_eq!(
            per_property.get(predicate).copied().unwrap_or(0),
            (*count).min(100),
            "{resource}: listed facts of {predicate}"
        );
    }
    assert!(page.graphs.is_subset(&full.graphs));
    assert_eq!(page.graphs.len(), full.graphs.len().min(100));
}

#[rstest]
#[case::turtle("text/turtle", RdfFormat::Turtle)]
#[case::ntriples("application/n-triples", RdfFormat::NTriples)]
#[case::rdfxml("application/rdf+xml", RdfFormat::RdfXml)]
#[case::jsonld("application/ld+json", RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() })]
fn construct_answers_in_each_rdf_format(#[case] accept: &str, #[case] format: RdfFormat) {
    let server = endpoint(Config::default());
    let reply = get(&server, &query_uri(CONSTRUCT), Some(accept));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.content_type().starts_with(accept));
    let quads: Vec<_> = RdfParser::from_format(format)
        .for_slice(&reply.body)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{accept} does not parse: {e}\n{}", reply.text()));
    assert_eq!(quads.len(), 20, "10 meetings, a type and a date each");
}

#[test]
fn the_dataset_parameters_choose_the_graphs() {
    let server = endpoint(Config::default());
    // the meetings a graph dates or points to (their descriptions are in the entities graph)
    let count = "PREFIX ck: <https://w3id.org/ctockg/ontology#> SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { { ?m ck:endDate ?e } UNION { ?d ck:refersToMeeting|ck:reportOf|ck:preparedFor ?m } }";
    let n = |uri: String| -> String {
        let reply = get(&server, &uri, Some("text/csv"));
        assert_eq!(reply.status, 200, "{}", reply.text());
        reply
            .text()
            .lines()
            .nth(1)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    assert_eq!(
        n(query_uri(count)),
        "10",
        "the union of the graphs by default"
    );
    let gazetteer = encode(&format!("{ID}graph/gazetteer"));
    let report = encode(&format!("{ID}doc/local/wg7-2020-draft-report/zh"));
    assert_eq!(
        n(format!(
            "{}&default-graph-uri={gazetteer}",
            query_uri(count)
        )),
        "0"
    );
    assert_eq!(
        n(format!("{}&default-graph-uri={report}", query_uri(count))),
        "7",
        "the 2020 report names the first seven meetings"
    );
    let named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    assert_eq!(
        n(format!(
            "{}&named-graph-uri={report}&named-graph-uri={gazetteer}",
            query_uri(named)
        )),
        "2"
    );
}

#[test]
fn with_no_query_sparql_describes_the_service() {
    let server = endpoint(Config::default());
    let reply = get(&server, "/sparql", Some("text/turtle"));
    assert_eq!(reply.status, 200);
    let text = reply.text();
    assert!(
        text.contains("sd:Service") && text.contains("sd:UnionDefaultGraph"),
        "{text}"
    );
    assert!(!text.contains("SPARQL11Update"), "read-only");
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&reply.body)
        .collect::<Result<Vec<_>, _>>()
        .expect("the description parses");
    // without the editor's files, a browser gets the plain query form
    let plain = endpoint(Config {
        editor: None,
        ..Config::default()
    });
    assert!(
        get(&plain, "/sparql", Some(BROWSER))
            .text()
            .contains("<form")
    );
}

/// The text of a paragraph, from the store.
fn paragraph_text(iri: &str) -> String {
    let store = built().store.inner();
    store
        .quads_for_pattern(
            Some(NamedNodeRef::new(iri).expect("iri").into()),
            Some(ctockg::vocab::ck::TEXT),
            None,
            None,
        )
        .flatten()
        .find_map(|q| match q.object {
            Term::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{iri} has a text"))
}

#[test]
fn a_meeting_page_shows_both_labels_and_quotes_its_source() {
    let server = endpoint(Config::default());
    let reply = get(&server, "/id/meeting/wg7/2020-09-08", Some(BROWSER));
    assert_eq!(reply.status, 200);
    assert!(reply.content_type().starts_with("text/html"));
    assert!(reply.header("content-security-policy").is_some());
    let page = reply.text();
    assert!(
        page.contains("偷运移民问题工作组2020年9月8日会议"),
        "the zh label"
    );
    assert!(
        page.contains("Working Group on the Smuggling of Migrants, meeting of 8 September 2020"),
        "the en label"
    );
    let source = format!("{ID}doc/local/wg7-2020-draft-report/zh/para_12");
    let quoted = paragraph_text(&source);
    assert!(
        page.contains(&format!("<blockquote lang=\"zh\">{quoted}</blockquote>")),
        "the source paragraph quoted"
    );
    assert!(
        page.contains("href=\"/id/doc/local/wg7-2020-draft-report/zh/para_12\""),
        "a local link to it"
    );
    assert!(
        page.contains("href=\"/id/person/francesco-testa\""),
        "its chair, linked"
    );
    assert!(
        page.contains("Facts pointing here"),
        "the documents prepared for it"
    );
    // a browser asking with no Accept header at all also gets the page
    assert!(
        get(&server, "/id/meeting/wg7/2020-09-08", None)
            .content_type()
            .starts_with("text/html")
    );
}

#[rstest]
#[case::turtle(Some("text/turtle"), "/id/country/ITA", RdfFormat::Turtle)]
#[case::ntriples(Some("application/n-triples"), "/id/country/ITA", RdfFormat::NTriples)]
#[case::rdfxml(Some("application/rdf+xml"), "/id/country/ITA", RdfFormat::RdfXml)]
#[case::jsonld(Some("application/ld+json"), "/id/country/ITA", RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() })]
#[case::ttl_suffix(Some(BROWSER), "/id/country/ITA.ttl", RdfFormat::Turtle)]
#[case::jsonld_suffix(None, "/id/country/ITA.jsonld", RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() })]
fn a_country_resolves_as_rdf(
    #[case] accept: Option<&str>,
    #[case] path: &str,
    #[case] format: RdfFormat,
) {
    let server = endpoint(Config::default());
    let reply = get(&server, path, accept);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let store = Store::new().expect("memory store");
    store
        .load_from_slice(RdfParser::from_format(format), &reply.body)
        .unwrap_or_else(|e| panic!("{path} does not parse: {e}\n{}", reply.text()));
    let italy = NamedNodeRef::new("https://w3id.org/ctockg/id/country/ITA").expect("iri");
    let label = |value, lang| {
        QuadRef::new(
            italy,
            NamedNodeRef::new("http://www.w3.org/2000/01/rdf-schema#label").expect("iri"),
            LiteralRef::new_language_tagged_literal_unchecked(value, lang),
            GraphNameRef::DefaultGraph,
        )
    };
    assert!(store.contains(label("Italy", "en")).expect("contains"));
    assert!(store.contains(label("意大利", "zh")).expect("contains"));
    let speaker = store
        .quads_for_pattern(
            None,
            Some(ctockg::vocab::ck::SPEAKER),
            Some(italy.into()),
            None,
        )
        .count();
    assert_eq!(speaker, 2, "the facts pointing to it come along");
}

#[test]
fn the_ontology_resolves_at_its_own_iri() {
    let server = endpoint(Config::default());
    let page = get(&server, "/ontology", Some(BROWSER));
    assert_eq!(page.status, 200);
    assert!(page.text().contains("id=\"Meeting\"") && page.text().contains("会议"));
    let turtle = get(&server, "/ontology", Some("text/turtle"));
    let triples = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&turtle.body)
        .collect::<Result<Vec<_>, _>>()
        .expect("the ontology parses");
    assert!(triples.len() > 500, "{}", triples.len());
    assert_eq!(get(&server, "/ontology.ttl", None).body, turtle.body);
}

/// One request and the status it must get.
#[rstest]
#[case::unknown_iri("GET", "/id/country/XXX", None, "", 404)]
#[case::unknown_path("GET", "/nothing-here", None, "", 404)]
#[case::unknown_query("GET", "/queries/no-such-query", None, "", 404)]
#[case::bad_sparql("GET", "/sparql?query=SELEC%20*", None, "", 400)]
#[case::query_twice("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", None, "", 400)]
#[case::bad_graph_iri(
    "GET",
    "/sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri",
    None,
    "",
    400
)]
#[case::missing_parameter("GET", "/queries/country-timeline", None, "", 400)]
#[case::update_refused("POST", "/sparql", Some("application/sparql-update"), "CLEAR ALL", 403)]
#[case::update_form_refused(
    "POST",
    "/sparql",
    Some("application/x-www-form-urlencoded"),
    "update=CLEAR%20ALL",
    403
)]
#[case::update_by_get("GET", "/sparql?update=CLEAR%20ALL", None, "", 405)]
#[case::put("PUT", "/sparql", Some("application/sparql-query"), "ASK {}", 405)]
#[case::post_to_a_page("POST", "/id/country/ITA", Some("text/plain"), "", 405)]
#[case::odd_body("POST", "/sparql", Some("text/plain"), "ASK {}", 415)]
#[case::federated(
    "GET",
    "/sparql?query=SELECT%20*%20WHERE%20%7B%20SERVICE%20%3Chttp%3A%2F%2Fexample.org%2Fsparql%3E%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20%7D",
    None,
    "",
    501
)]
fn refusals_have_their_status(
    #[case] method: &str,
    #[case] uri: &str,
    #[case] content_type: Option<&str>,
    #[case] body: &str,
    #[case] status: u16,
) {
    let server = endpoint(with_library());
    let mut request = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).expect("method"))
        .uri(uri);
    if let Some(ct) = content_type {
        request = request.header(CONTENT_TYPE, ct);
    }
    let reply = call(
        &server,
        request.body(Body::from(body.to_owned())).expect("request"),
    );
    assert_eq!(reply.status, status, "{method} {uri}: {}", reply.text());
    assert!(
        !reply.text().trim().is_empty(),
        "an error says what went wrong"
    );
}

#[test]
fn limits_refuse_with_a_clear_error() {
    let server = endpoint(Config {
        max_results: 5,
        max_body: 1000,
        ..Config::default()
    });
    let many = get(&server, &query_uri(MEETINGS), None);
    assert_eq!(many.status, 400);
    assert!(
        many.text().contains("more than 5 results"),
        "{}",
        many.text()
    );
    let big = post(
        &server,
        "/sparql",
        "application/sparql-query",
        &format!("ASK {{}} #{}", "x".repeat(1000)),
        &[],
    );
    assert_eq!(big.status, 413, "{}", big.text());
    let unacceptable = get(&server, &query_uri(MEETINGS), Some("image/png"));
    assert_eq!(unacceptable.status, 406);
    let browser_error = get(&server, "/id/country/XXX", Some(BROWSER));
    assert!(browser_error.content_type().starts_with("text/html"));
}

#[test]
fn a_slow_query_is_cancelled_at_its_timeout() {
    let server = endpoint(Config {
        timeout: Duration::from_secs(1),
        ..Config::default()
    });
    let started = Instant::now();
    let reply = get(&server, &query_uri(CROSS_JOIN), None);
    let took = started.elapsed();
    assert_eq!(reply.status, 503, "{}", reply.text());
    assert!(
        reply.text().contains("cancelled after 1 s"),
        "{}",
        reply.text()
    );
    // uncancelled, this query runs for minutes; the margin absorbs a loaded test machine
    assert!(took < Duration::from_secs(10), "answered after {took:?}");
}

#[test]
fn a_query_holding_more_than_its_memory_budget_is_cancelled() {
    let server = endpoint(Config {
        max_query_memory: 8 << 20,
        ..Config::default()
    });
    // every pair of triples, sorted: the sort collects them all before it yields one
    let started = Instant::now();
    let sorted = get(
        &server,
        &query_uri("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"),
        None,
    );
    assert_eq!(sorted.status, 503, "{}", sorted.text());
    assert!(
        sorted.text().contains("the 8 MB the server"),
        "{}",
        sorted.text()
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "cancelled long before its timeout"
    );
    // a query within the budget is answered
    assert_eq!(get(&server, &query_uri(MEETINGS), None).status, 200);
}

#[test]
fn a_sort_under_a_limit_holds_only_the_solutions_it_keeps() {
    // the same cross join sorted, but under `LIMIT 1`: the sort keeps at most 1,024 solutions
    // at a time (vendor/spareval-order-by-top.patch), so the query stays under an 8 MB budget
    // and runs until its timeout
    let server = endpoint(Config {
        max_query_memory: 8 << 20,
        timeout: Duration::from_secs(1),
        ..Config::default()
    });
    let reply = get(
        &server,
        &query_uri("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"),
        None,
    );
    assert_eq!(reply.status, 503, "{}", reply.text());
    assert!(
        reply.text().contains("cancelled after 1 s"),
        "{}",
        reply.text()
    );
}

#[test]
fn graph_patterns_see_the_published_graphs_and_not_the_build_metadata() {
    let server = endpoint(Config::default());
    let reply = get(
        &server,
        &query_uri("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
        Some("text/csv"),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let graphs: std::collections::BTreeSet<String> =
        reply.text().lines().skip(1).map(str::to_owned).collect();
    let expected: std::collections::BTreeSet<String> = built()
        .store
        .inner()
        .named_graphs()
        .map(|g| g.expect("graph name").to_string())
        .map(|g| g.trim_matches(['<', '>']).to_owned())
        .collect();
    assert_eq!(graphs, expected);
    assert!(
        !graphs.contains(ctockg::graph::iri::meta_graph().as_str()),
        "the metadata is no named graph"
    );
    // GRAPH never sees a content hash; the union default graph holds them, as in `ctockg query`
    let count = |query: &str| {
        let text = get(&server, &query_uri(query), Some("text/csv")).text();
        text.lines().nth(1).map(str::trim).unwrap_or("").to_owned()
    };
    assert_eq!(
        count(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?x { ?g <https://w3id.org/ctockg/ontology#contentHash> ?h } }"
        ),
        "0"
    );
    assert_ne!(
        count(
            "SELECT (COUNT(*) AS ?n) WHERE { ?g <https://w3id.org/ctockg/ontology#contentHash> ?h }"
        ),
        "0"
    );
    assert!(
        built().store.seal().expect("seal").is_some(),
        "while the build's record is in the store"
    );
}

/// `?s ?p ?o` answers alike through `ctockg query` (the store) and `ctockg serve` (its index in
/// memory): one preparation, one dataset.
#[test]
fn every_triple_answers_alike_on_the_command_line_and_the_server() {
    let server = endpoint(Config {
        max_results: usize::MAX,
        ..Config::default()
    });
    let query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }";
    let served = get(
        &server,
        &query_uri(query),
        Some("application/sparql-results+json"),
    );
    let served: Vec<String> = solutions(&served, QueryResultsFormat::Json)
        .into_iter()
        .map(|row| format!("{row:?}"))
        .collect();
    let QueryResults::Solutions(rows) = built().store.evaluate(query).expect("query") else {
        panic!("solutions")
    };
    let stored: Vec<String> = rows
        .map(|row| {
            let row = row.expect("row");
            format!(
                "{:?}",
                ["s", "p", "o"].map(|v| row.get(v).cloned()).to_vec()
            )
        })
        .collect();
    // the union is a set: each triple once, however many graphs state it
    for (place, rows) in [("ctockg query", &stored), ("the server", &served)] {
        let distinct: std::collections::BTreeSet<&String> = rows.iter().collect();
        assert_eq!(
            rows.len(),
            distinct.len(),
            "{place} gives {} rows for {} triples",
            rows.len(),
            distinct.len()
        );
    }
    let differences = crate::common::differences(
        "?s ?p ?o",
        &stored.into_iter().collect(),
        &served.into_iter().collect(),
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[rstest]
#[case::empty("ASK {}", true)]
#[case::one_pattern(
    "PREFIX ck: <https://w3id.org/ctockg/ontology#> ASK { ?s a ck:Meeting }",
    true
)]
#[case::one_pattern_limited("SELECT DISTINCT ?p WHERE { ?s ?p ?o FILTER (?o != 1) } LIMIT 5", true)]
#[case::a_resource(
    "CONSTRUCT WHERE { <https://w3id.org/ctockg/id/country/ITA> ?p ?o }",
    true
)]
#[case::cross_join(CROSS_JOIN, false)]
#[case::two_patterns("SELECT * WHERE { ?s a ?c . ?s ?p ?o }", false)]
#[case::sorted("SELECT * WHERE { ?s ?p ?o } ORDER BY ?o", false)]
#[case::grouped("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p", false)]
#[case::path(
    "SELECT * WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?o }",
    false
)]
#[case::exists("SELECT * WHERE { ?s ?p ?o FILTER EXISTS { ?o ?q ?r } }", false)]
#[case::computed(
    "SELECT ?y WHERE { BIND(\"ab\" AS ?x) BIND(CONCAT(?x, ?x) AS ?y) }",
    false
)]
#[case::computed_beside_a_pattern("SELECT * WHERE { ?s a ?c BIND(STR(?s) AS ?n) }", false)]
fn light_queries_are_told_from_heavy_ones(#[case] query: &str, #[case] light: bool) {
    let parsed = ctockg::server::sparql::parse_query(query).expect("parses");
    assert_eq!(ctockg::server::sparql::is_light(&parsed), light, "{query}");
}

#[test]
fn a_light_query_is_answered_while_heavy_ones_hold_every_slot() {
    let server = std::sync::Arc::new(endpoint(Config {
        timeout: Duration::from_secs(2),
        max_queries: 1,
        ..Config::default()
    }));
    let heavy = {
        let server = std::sync::Arc::clone(&server);
        std::thread::spawn(move || get(&server, &query_uri(CROSS_JOIN), None).status)
    };
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let light = get(
        &server,
        &query_uri("PREFIX ck: <https://w3id.org/ctockg/ontology#> ASK { ?s a ck:Meeting }"),
        None,
    );
    let took = started.elapsed();
    assert_eq!(light.status, 200, "{}", light.text());
    assert_eq!(
        heavy.join().expect("joins"),
        503,
        "the heavy query held its slot to its timeout"
    );
    // the heavy query's 2 s are the bound: waiting for its slot would take all of them
    assert!(took < Duration::from_secs(1), "answered after {took:?}");
}

#[test]
fn a_light_query_that_runs_long_leaves_the_light_lane() {
    // one slot a lane: three clients loop a one-pattern query whose FILTER costs seconds
    let server = std::sync::Arc::new(endpoint(Config {
        timeout: Duration::from_secs(5),
        max_queries: 1,
        response_cache: 0,
        ..Config::default()
    }));
    let costly = "SELECT * WHERE { ?s ?p ?o FILTER(STRLEN(REPLACE(STR(?o), \".\", \"$0$0$0$0$0$0$0$0\")) < 0) }";
    assert!(
        ctockg::server::sparql::is_light(
            &ctockg::server::sparql::parse_query(costly).expect("parses")
        ),
        "light by its shape"
    );
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..3)
        .map(|_| {
            let (server, stop) = (std::sync::Arc::clone(&server), std::sync::Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    statuses.push(get(&server, &query_uri(costly), None).status);
                }
                statuses
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    let started = Instant::now();
    let lookup = get(
        &server,
        &query_uri("PREFIX ck: <https://w3id.org/ctockg/ontology#> ASK { ?s a ck:Meeting }"),
        None,
    );
    let took = started.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let statuses: Vec<u16> = clients
        .into_iter()
        .flat_map(|c| c.join().expect("client"))
        .collect();
    assert_eq!(lookup.status, 200, "{}", lookup.text());
    // past 0.5 s a costly one takes the heavy slot or gets 503: it cannot hold the light lane
    // for its seconds
    assert!(
        statuses.iter().all(|s| [200, 503].contains(s)),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&503),
        "the heavy slot was taken: {statuses:?}"
    );
    assert!(took < Duration::from_secs(5), "the lookup waited {took:?}");
}

/// The token of the endpoints [`updatable`] makes.
const UPDATE_TOKEN: &str = "a-token-of-twenty-chars";

/// An update adding one triple to a graph of its own.
const INSERT_ONE_LABEL: &str = "INSERT DATA { GRAPH <https://w3id.org/ctockg/id/graph/test> { <https://w3id.org/ctockg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" } }";

/// An endpoint over `store` that takes updates carrying [`UPDATE_TOKEN`].
fn updatable(store: &Store) -> Endpoint {
    Endpoint::new(
        store.clone(),
        Config {
            update_token: Some(UPDATE_TOKEN.to_owned()),
            ..Config::default()
        },
    )
}

#[test]
fn updates_need_the_token() {
    let store = Store::new().expect("memory store");
    let token = UPDATE_TOKEN;
    let server = updatable(&store);
    let insert = INSERT_ONE_LABEL;
    let update = |auth: Option<&str>| {
        let extra: Vec<(&str, &str)> = auth.map(|a| ("authorization", a)).into_iter().collect();
        post(
            &server,
            "/sparql",
            "application/sparql-update",
            insert,
            &extra,
        )
        .status
    };
    let void_triples = || {
        let void = get(&server, "/.well-known/void", Some("application/n-triples")).text();
        void.lines()
            .find(|l| l.contains("#ctockg> <http://rdfs.org/ns/void#triples>"))
            .map(|l| l.to_owned())
            .unwrap_or_default()
    };
    let home = || get(&server, "/", None).text();
    let count = || {
        let query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
        get(
            &server,
            &format!("/sparql?query={}", encode(query)),
            Some("text/csv"),
        )
        .text()
    };
    let page = || get(&server, "/id/x", Some("text/html")).status;
    assert!(count().ends_with("0\r\n"), "{}", count());
    assert_eq!(page(), 404);
    assert!(void_triples().contains("\"0\"^^"), "{}", void_triples());
    assert!(!home().contains("graph/test"));
    assert_eq!(update(None), 401);
    assert_eq!(update(Some("Bearer not-the-token-at-all")), 403);
    assert!(store.is_empty().expect("empty"), "nothing written");
    assert_eq!(update(Some(&format!("Bearer {token}"))), 204);
    assert_eq!(store.len().expect("len"), 1);
    // the answers and counts kept from before the update are made again
    assert!(count().ends_with("1\r\n"), "{}", count());
    assert_eq!(page(), 200);
    assert!(void_triples().contains("\"1\"^^"), "{}", void_triples());
    assert!(
        home().contains("graph/test"),
        "the home page lists the new graph"
    );
    let description = get(&server, "/sparql", Some("text/turtle")).text();
    assert!(description.contains("SPARQL11Update"));
}

#[test]
fn an_update_breaks_the_seal_of_the_last_build() {
    let store = Store::new().expect("memory store");
    let meta = NamedNodeRef::new("https://w3id.org/ctockg/id/graph/meta").expect("iri");
    let content_hash =
        NamedNodeRef::new("https://w3id.org/ctockg/ontology#contentHash").expect("iri");
    let seal = QuadRef::new(
        meta,
        content_hash,
        LiteralRef::new_simple_literal("seal:of-the-last-build"),
        ctockg::store::METADATA,
    );
    store.insert(seal).expect("sealed");
    let token = UPDATE_TOKEN;
    let server = updatable(&store);
    let insert = INSERT_ONE_LABEL;
    let auth = format!("Bearer {token}");
    let status = post(
        &server,
        "/sparql",
        "application/sparql-update",
        insert,
        &[("authorization", auth.as_str())],
    )
    .status;
    assert_eq!(status, 204);
    // the build record no longer describes the store: the next build must check each graph
    assert!(!store.contains(seal).expect("contains"), "the seal is gone");
    assert_eq!(store.len().expect("len"), 1, "and the update is in");
}

#[test]
fn text_from_the_documents_is_escaped() {
    let store = Store::new().expect("memory store");
    let hostile = "<script>alert('x')</script> & <img src=x onerror=alert(1)>";
    let graph = NamedNodeRef::new("https://w3id.org/ctockg/id/graph/test").expect("iri");
    let subject =
        NamedNodeRef::new("https://w3id.org/ctockg/id/doc/local/x/zh/para_1").expect("iri");
    for (predicate, object) in [
        (
            "http://www.w3.org/2000/01/rdf-schema#label",
            LiteralRef::new_language_tagged_literal_unchecked(hostile, "en"),
        ),
        (
            "https://w3id.org/ctockg/ontology#text",
            LiteralRef::new_language_tagged_literal_unchecked(hostile, "zh"),
        ),
    ] {
        store
            .insert(QuadRef::new(
                subject,
                NamedNodeRef::new(predicate).expect("iri"),
                object,
                graph,
            ))
            .expect("insert");
    }
    let server = Endpoint::new(store, Config::default());
    for uri in [
        "/id/doc/local/x/zh/para_1".to_owned(),
        format!("{}&format=html", query_uri("SELECT ?o WHERE { ?s ?p ?o }")),
    ] {
        let page = get(&server, &uri, Some(BROWSER)).text();
        assert!(
            !page.contains("<script>") && !page.contains("<img"),
            "{uri}: {page}"
        );
        assert!(
            page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img"),
            "{uri}"
        );
    }
}

#[test]
fn the_home_page_runs_every_shipped_query_in_one_click() {
    let config = with_library();
    let library = config.library.clone();
    let server = endpoint(config);
    let home = get(&server, "/", Some(BROWSER));
    assert_eq!(home.status, 200);
    let page = home.text();
    assert!(
        page.contains("283") && page.contains("Paragraph"),
        "the counts"
    );
    assert!(page.contains("<textarea"), "a query box");
    for query in &library {
        let link = ctockg::server::page::named_query_link(query);
        assert!(
            page.contains(&ctockg::server::page::escape(&link)),
            "{link} on the home page"
        );
        let run = get(&server, &link, Some(BROWSER));
        assert_eq!(run.status, 200, "{link}: {}", run.text());
        assert!(run.text().contains("<table"), "{link} shows a table");
    }
    let csv = get(&server, "/queries/meetings?body=wg7&format=csv", None);
    assert_eq!(csv.status, 200);
    assert!(csv.content_type().starts_with("text/csv"));
}

#[test]
fn dumps_are_files_sent_with_validators_and_ranges_and_no_query_slot() {
    let dir = scratch("dump-files");
    let server = std::sync::Arc::new(endpoint(Config {
        dumps: Some(dir.clone()),
        max_queries: 1,
        timeout: Duration::from_secs(3),
        ..Config::default()
    }));
    // a heavy query holds the one heavy slot meanwhile: the dump does not need one
    let heavy = {
        let server = std::sync::Arc::clone(&server);
        std::thread::spawn(move || get(&server, &query_uri(CROSS_JOIN), None).status)
    };
    std::thread::sleep(Duration::from_millis(300));
    let plain = get(&server, "/dump.nq", None);
    assert_eq!(plain.status, 200, "{}", plain.text());
    let written: Vec<String> = std::fs::read_dir(&dir)
        .expect("the dumps directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        written.len() == 1 && written[0].ends_with(".nq.gz"),
        "one file written: {written:?}"
    );
    let with_gzip = |extra: &[(&str, &str)]| {
        let mut request = Request::builder()
            .method(Method::GET)
            .uri("/dump.nq")
            .header("accept-encoding", "gzip, deflate");
        for (name, value) in extra {
            request = request.header(*name, *value);
        }
        call(&server, request.body(Body::empty()).expect("request"))
    };
    let gzipped = with_gzip(&[]);
    assert_eq!(gzipped.status, 200);
    assert_eq!(gzipped.header("content-encoding"), Some("gzip"));
    assert_eq!(gzipped.header("accept-ranges"), Some("bytes"));
    assert!(gzipped.header("last-modified").is_some());
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&gzipped.body[..])
        .read_to_end(&mut unzipped)
        .expect("gzip");
    assert_eq!(unzipped, plain.body, "the same bytes either way");
    let tag = gzipped.header("etag").expect("an ETag").to_owned();
    assert_eq!(with_gzip(&[("if-none-match", &tag)]).status, 304);
    let part = with_gzip(&[("range", "bytes=10-109")]);
    assert_eq!(part.status, 206);
    assert_eq!(part.body, gzipped.body[10..110]);
    assert_eq!(
        part.header("content-range"),
        Some(format!("bytes 10-109/{}", gzipped.body.len()).as_str())
    );
    let past = with_gzip(&[("range", &format!("bytes={}-", gzipped.body.len()))]);
    assert_eq!(past.status, 416);
    assert_eq!(
        heavy.join().expect("joins"),
        503,
        "the heavy query kept its slot"
    );
    // the Turtle dump is the union of the graphs, as before
    let turtle = get(&server, "/dump.ttl", None);
    assert_eq!(turtle.status, 200);
    let served: std::collections::BTreeSet<String> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&turtle.body)
        .map(|q| oxigraph::model::Triple::from(q.expect("the Turtle dump parses")).to_string())
        .collect();
    let stored: std::collections::BTreeSet<String> = built()
        .store
        .inner()
        .iter()
        .map(|q| q.expect("quad"))
        .filter(|q| !q.graph_name.is_default_graph())
        .map(|q| oxigraph::model::Triple::from(q).to_string())
        .collect();
    let differences = crate::common::differences("/dump.ttl", &stored, &served);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn void_counts_and_the_dump_agree() {
    let server = endpoint(Config::default());
    let dump = get(&server, "/dump.nq", None);
    assert_eq!(dump.status, 200);
    assert!(dump.content_type().starts_with("application/n-quads"));
    let quads: Vec<_> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(&dump.body)
        .collect::<Result<_, _>>()
        .expect("the dump parses");
    let lines: Vec<&str> = std::str::from_utf8(&dump.body)
        .expect("utf-8")
        .lines()
        .collect();
    assert!(
        lines.windows(2).all(|w| w[0] < w[1]),
        "sorted, no duplicates"
    );
    assert_eq!(lines.len(), quads.len());
    let mut canonical = Vec::new();
    ctockg::dump::write_canonical_nquads(built().store.inner(), &mut canonical).expect("dump");
    assert_eq!(canonical, dump.body, "/dump.nq is `ctockg dump`");

    let void = Store::new().expect("memory store");
    void.load_from_slice(
        RdfParser::from_format(RdfFormat::Turtle),
        &get(&server, "/.well-known/void", None).body,
    )
    .expect("VoID parses");
    let number = |predicate: &str, subject: Option<&str>| -> Vec<usize> {
        void.quads_for_pattern(
            subject.map(|s| NamedNodeRef::new(s).expect("iri").into()),
            Some(NamedNodeRef::new(predicate).expect("iri")),
            None,
            None,
        )
        .flatten()
        .filter_map(|q| match q.object {
            Term::Literal(l) => l.value().parse().ok(),
            _ => None,
        })
        .collect()
    };
    let dataset = "http://localhost/.well-known/void#ctockg";
    let triples = number("http://rdfs.org/ns/void#triples", Some(dataset));
    let distinct: std::collections::HashSet<_> = quads
        .iter()
        .map(|q| {
            (
                q.subject.to_string(),
                q.predicate.to_string(),
                q.object.to_string(),
            )
        })
        .collect();
    assert_eq!(triples, vec![distinct.len()]);
    let per_graph: usize = number("http://rdfs.org/ns/void#triples", None)
        .iter()
        .sum::<usize>()
        - distinct.len();
    assert_eq!(per_graph, quads.len(), "the subsets add up to the dump");

    let turtle = get(&server, "/dump.ttl", None);
    let union: Vec<_> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&turtle.body)
        .collect::<Result<_, _>>()
        .expect("the Turtle dump parses");
    assert_eq!(union.len(), distinct.len());
}

#[test]
fn reads_are_open_to_other_origins() {
    let server = endpoint(Config::default());
    let reply = get(&server, &query_uri("ASK {}"), None);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let preflight = call(
        &server,
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/sparql")
            .body(Body::empty())
            .expect("request"),
    );
    assert_eq!(preflight.status, 204);
    let allowed = preflight
        .header("access-control-allow-headers")
        .unwrap_or("");
    assert!(allowed.contains("Content-Type") && !allowed.contains("Authorization"));
}

// ---------- the real binary on a free port ----------

/// A running `ctockg serve`, stopped when dropped (also when a test fails).
pub(crate) struct Served {
    pub(crate) child: Child,
    pub(crate) address: SocketAddr,
    pub(crate) log: PathBuf,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// `ctockg SUBCOMMAND --store STORE --data <the bundled data>`.
pub(crate) fn ctockg(subcommand: &str, store: &Path) -> Command {
    let mut command = crate::common::ctockg_command(&repo());
    command
        .arg(subcommand)
        .arg("--store")
        .arg(store)
        .arg("--data")
        .arg(repo().join("data"));
    command
}

pub(crate) fn serve(store: &Path, extra: &[&str]) -> Served {
    serve_data(store, &repo().join("data"), extra)
}

/// `ctockg serve` of the documents under `data`.
pub(crate) fn serve_data(store: &Path, data: &Path, extra: &[&str]) -> Served {
    let address: SocketAddr = format!("127.0.0.1:{}", free_port())
        .parse()
        .expect("address");
    let log = store.with_extension("log");
    let mut command = crate::common::ctockg_command(&repo());
    command
        .arg("serve")
        .arg("--store")
        .arg(store)
        .arg("--data")
        .arg(data);
    command
        .arg("--queries")
        .arg(repo().join("queries"))
        .arg("--bind")
        .arg(address.to_string())
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).expect("log file"));
    let mut child = command.spawn().expect("ctockg serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the first line");
    let served = Served {
        child,
        address,
        log,
    };
    assert!(
        line.contains(&format!("http://{address}/")),
        "ctockg serve printed {line:?}; its log:\n{}",
        std::fs::read_to_string(&served.log).unwrap_or_default()
    );
    served
}

/// A small HTTP/1.1 client over a socket: one request, `Connection: close`, chunked bodies
/// decoded.
pub(crate) fn http(
    address: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .expect("timeout");
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send");
    stream.write_all(body).expect("send body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size line");
        let size = usize::from_str_radix(
            std::str::from_utf8(&data[..end])
                .expect("ascii")
                .split(';')
                .next()
                .unwrap_or("")
                .trim(),
            16,
        )
        .expect("hex size");
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
}

#[test]
fn the_binary_serves_clients_on_a_socket() {
    let dir = scratch("serve-binary");
    let store = dir.join("store");
    // `ctockg dump` builds the missing store, then writes what /dump.nq serves
    let dumped = dir.join("dump.nq");
    let status = ctockg("dump", &store)
        .arg("-o")
        .arg(&dumped)
        .stderr(Stdio::null())
        .status()
        .expect("ctockg dump runs");
    assert!(status.success());
    let served = serve(&store, &["--timeout", "2"]);
    let address = served.address;

    let home = http(address, "GET", "/", &[("Accept", BROWSER)], b"");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("Shipped queries"));

    let json = http(address, "GET", &query_uri(MEETINGS), &[], b"");
    assert_eq!(json.status, 200);
    assert_eq!(
        meetings_in(&solutions(&json, QueryResultsFormat::Json)).len(),
        10
    );

    let page = http(
        address,
        "GET",
        "/id/meeting/wg7/2020-09-08",
        &[("Accept", BROWSER)],
        b"",
    );
    assert!(page.text().contains("偷运移民问题工作组2020年9月8日会议"));
    assert!(page.text().contains(&paragraph_text(&format!(
        "{ID}doc/local/wg7-2020-draft-report/zh/para_12"
    ))));
    let turtle = http(
        address,
        "GET",
        "/id/country/ITA",
        &[("Accept", "text/turtle")],
        b"",
    );
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&turtle.body)
        .collect::<Result<Vec<_>, _>>()
        .expect("Turtle over the socket parses");

    assert_eq!(
        http(address, "GET", "/id/country/XXX", &[], b"").status,
        404
    );
    assert_eq!(
        http(address, "GET", "/sparql?query=SELEC", &[], b"").status,
        400
    );
    assert_eq!(
        http(
            address,
            "POST",
            "/sparql",
            &[("Content-Type", "application/sparql-update")],
            b"CLEAR ALL"
        )
        .status,
        403
    );
    let too_big = vec![b'#'; (1 << 20) + 1];
    assert_eq!(
        http(
            address,
            "POST",
            "/sparql",
            &[("Content-Type", "application/sparql-query")],
            &too_big
        )
        .status,
        413
    );

    let dump = http(address, "GET", "/dump.nq", &[], b"");
    assert_eq!(dump.status, 200);
    assert_eq!(
        dump.header("transfer-encoding"),
        Some("chunked"),
        "streamed"
    );
    assert!(
        dump.body == std::fs::read(&dumped).expect("dump file"),
        "/dump.nq is `ctockg dump -o`"
    );

    // a slow query gets its error status at the timeout, and the server answers others meanwhile
    let slow = std::thread::spawn(move || {
        let started = Instant::now();
        let three_way = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
        let reply = http(address, "GET", &query_uri(three_way), &[], b"");
        (reply, started.elapsed())
    });
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    assert_eq!(
        http(
            address,
            "GET",
            "/id/country/ITA",
            &[("Accept", "text/turtle")],
            b""
        )
        .status,
        200
    );
    assert_eq!(
        http(address, "GET", &query_uri("ASK { ?s ?p ?o }"), &[], b"").status,
        200
    );
    let meanwhile = started.elapsed();
    let (reply, took) = slow.join().expect("the slow request returns");
    assert_eq!(reply.status, 503, "{}", reply.text());
    assert!(
        took < Duration::from_secs(15),
        "the timeout is 2 s; answered after {took:?}"
    );
    // the other requests were answered while the slow one was still running
    assert!(
        meanwhile < took,
        "other requests took {meanwhile:?}, the slow one {took:?}"
    );

    python_client(address);
}

/// Python's rdflib and SPARQLWrapper, from the venv `make setup` makes under target/pyenv.
fn python_client(address: SocketAddr) {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("SKIPPED the rdflib/SPARQLWrapper client test: python3 is not installed");
        return;
    }
    let python = repo().join("target/pyenv/bin/python");
    let ready = Command::new(&python)
        .args(["-c", "import rdflib, SPARQLWrapper"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ready,
        "python3 is here but {} lacks rdflib and SPARQLWrapper: run `make setup`",
        python.display()
    );
    let out = Command::new(&python)
        .arg(repo().join("tests/client/client.py"))
        .arg(format!("http://{address}"))
        .output()
        .expect("the client runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains(" passed, 0 failed"), "{report}");
}

#[test]
fn updates_are_not_allowed_without_a_token() {
    let dir = scratch("serve-no-token");
    let out = ctockg("serve", &dir.join("store"))
        .arg("--allow-update")
        .output()
        .expect("ctockg runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("CTOCKG_UPDATE_TOKEN"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A shipped query too large for one answer is read a page at a time, with `limit=` and
/// `offset=`, and the pages together are the whole answer, in its order.
#[test]
fn a_shipped_query_is_read_a_page_at_a_time() {
    let tsv = "text/tab-separated-values";
    let server = endpoint(with_library());
    let whole = get(&server, "/queries/meetings", Some(tsv));
    assert_eq!(whole.status, 200);
    let whole = whole.text();
    let (header, rows) = whole.split_once('\n').expect("a header line");
    let rows: Vec<&str> = rows.lines().collect();
    assert!(rows.len() >= 3, "{whole}");
    let mut paged = Vec::new();
    for offset in (0..rows.len() + 2).step_by(2) {
        let page = get(
            &server,
            &format!("/queries/meetings?limit=2&offset={offset}"),
            Some(tsv),
        );
        assert_eq!(page.status, 200, "{}", page.text());
        let text = page.text();
        let (page_header, page_rows) = text.split_once('\n').expect("a header line");
        assert_eq!(page_header, header);
        paged.extend(page_rows.lines().map(str::to_owned));
    }
    assert_eq!(paged, rows, "the pages are the whole answer");

    let html = get(&server, "/queries/meetings?limit=2", Some(BROWSER)).text();
    assert!(
        html.contains("href=\"/queries/meetings?limit=2&amp;offset=2\">Next page"),
        "a full page links to the next"
    );
    for bad in ["limit=0", "limit=x", "offset=-1", "limit=10001"] {
        let reply = get(&server, &format!("/queries/meetings?{bad}"), Some(tsv));
        assert_eq!(reply.status, 400, "{bad}: {}", reply.text());
    }
    // over the result cap, the answer says how to page
    let capped = endpoint(Config {
        max_results: 2,
        ..with_library()
    });
    let reply = get(&capped, "/queries/meetings", Some(tsv));
    assert_eq!(reply.status, 400);
    assert!(
        reply.text().contains("limit=2&offset=0"),
        "{}",
        reply.text()
    );
    assert_eq!(
        get(&capped, "/queries/meetings?offset=2", Some(tsv)).status,
        200,
        "the cap is the page size by default"
    );
}

/// Answers are kept until the next update, but not those that change at each evaluation.
#[test]
fn a_random_answer_is_not_kept() {
    let server = endpoint(Config::default());
    let ask = |query: &str| {
        let reply = get(
            &server,
            &format!("/sparql?query={}", encode(query)),
            Some("text/csv"),
        );
        assert_eq!(reply.status, 200, "{}", reply.text());
        reply.text()
    };
    let random = "SELECT (RAND() AS ?r) (STRUUID() AS ?u) WHERE {}";
    assert_ne!(ask(random), ask(random), "evaluated each time");
    let fixed = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    assert_eq!(ask(fixed), ask(fixed));
}
