//! Links out: each country `owl:sameAs` its entry in the EU Publications Office's country
//! authority table, each document with a UN symbol `rdfs:seeAlso` its undocs.org page per
//! language version the graph holds, the pages showing them as links to another site and
//! nothing else as one, and the ontology aligned only to terms its vocabularies define.
//!
//! The expected links are in `tests/expected/links/`, written from the gazetteer's codes checked
//! against the EU table and from the manifest's symbols, and compared as whole sets.

use std::collections::BTreeSet;

use ctockg::GraphStore;
use ctockg::ingest::{self, Paths, Silent};
use ctockg::server::{Config, Endpoint};
use oxigraph::model::{GraphNameRef, NamedNodeRef, QuadRef, Term};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use sophia::api::term::Term as _;

use crate::common::{built, differences, repo, tsv_rows};
use crate::intake::{add_english_2009, remove_english_2009, workspace};
use crate::server::{BROWSER, endpoint, get};

const ID: &str = "https://w3id.org/ctockg/id/";
const PREFIXES: &str = "PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
";
const SEE_ALSO: &str =
    "SELECT ?version ?document ?page WHERE { GRAPH ?version { ?document rdfs:seeAlso ?page } }";

/// Each answer row with its cells tab-separated: IRIs of the dataset without their namespace,
/// other IRIs whole, literals by value.
fn rows(store: &GraphStore, query: &str) -> BTreeSet<String> {
    let QueryResults::Solutions(solutions) = store
        .evaluate(&format!("{PREFIXES}{query}"))
        .expect("query runs")
    else {
        panic!("not a SELECT");
    };
    solutions
        .map(|solution| {
            solution
                .expect("solution")
                .values()
                .iter()
                .map(|term| match term {
                    Some(Term::NamedNode(n)) => {
                        n.as_str().strip_prefix(ID).unwrap_or(n.as_str()).to_owned()
                    }
                    Some(Term::Literal(l)) => l.value().to_owned(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                })
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect()
}

/// The rows of `tests/expected/links/{file}`, its header line left out.
fn expected(file: &str) -> BTreeSet<String> {
    tsv_rows(&repo().join("tests/expected/links").join(file))
}

fn assert_same(what: &str, expected: &BTreeSet<String>, actual: &BTreeSet<String>) {
    let diffs = differences(what, expected, actual);
    assert!(diffs.is_empty(), "\n{}\n", diffs.join("\n"));
}

#[test]
fn every_country_is_the_same_as_its_entry_in_the_eu_country_table() {
    let store = &built().store;
    let stated = rows(
        store,
        "SELECT ?graph ?country ?eu WHERE { GRAPH ?graph { ?country owl:sameAs ?eu } }",
    );
    let graphs: BTreeSet<&str> = stated
        .iter()
        .filter_map(|row| row.split('\t').next())
        .collect();
    assert_eq!(graphs, BTreeSet::from(["graph/gazetteer"]), "where stated");
    let links: BTreeSet<String> = stated
        .iter()
        .filter_map(|row| row.split_once('\t').map(|(_, link)| link.to_owned()))
        .collect();
    assert_same("owl:sameAs", &expected("same-as.tsv"), &links);
    let countries = rows(
        store,
        "PREFIX ck: <https://w3id.org/ctockg/ontology#> SELECT ?c WHERE { ?c a ck:Country }",
    );
    assert_eq!(links.len(), countries.len(), "one entry per country");
}

#[test]
fn documents_with_a_symbol_see_their_undocs_page_in_the_graph_of_each_version() {
    assert_same(
        "rdfs:seeAlso",
        &expected("see-also.tsv"),
        &rows(&built().store, SEE_ALSO),
    );
}

/// A second language version of a document brings the page in its language, in its own graph;
/// when the version goes, its link goes with it.
#[test]
fn a_language_version_brings_its_undocs_page_and_takes_it_away() {
    let paths: Paths = workspace("links-versions");
    let original = add_english_2009(&paths);
    let report = ingest::build(&paths, &Silent).expect("builds");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let links = |paths: &Paths| rows(&GraphStore::open(&paths.store).expect("store"), SEE_ALSO);
    let mut with_english = expected("see-also.tsv");
    with_english.insert(
        "doc/CTOC/COP/WG.4/2009/2/en\tdoc/CTOC/COP/WG.4/2009/2\thttps://undocs.org/en/CTOC/COP/WG.4/2009/2"
            .to_owned(),
    );
    assert_same("with English", &with_english, &links(&paths));

    remove_english_2009(&paths, &original);
    let report = ingest::build(&paths, &Silent).expect("rebuilds");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_same("English gone", &expected("see-also.tsv"), &links(&paths));
}

#[test]
fn the_page_of_a_country_links_to_its_eu_entry_as_another_site() {
    let server = endpoint(Config::default());
    let reply = get(&server, "/id/country/ITA", Some(BROWSER));
    assert_eq!(reply.status, 200);
    let eu = "http://publications.europa.eu/resource/authority/country/ITA";
    let link = format!(
        "<a rel=\"external noopener\" href=\"{eu}\">{eu}</a> <span class=\"muted\">↗ another site</span>"
    );
    let page = reply.text();
    assert!(page.contains(&link), "{page}");
    // the property's name links to its definition, on another site too
    assert!(
        page.contains(
            "<a rel=\"external noopener\" href=\"http://www.w3.org/2002/07/owl#sameAs\">owl:sameAs</a>"
        ),
        "{page}"
    );
    let unmarked: Vec<String> = page
        .match_indices("href=\"http")
        .filter(|(at, _)| !page[..*at].ends_with("rel=\"external noopener\" "))
        .map(|(at, _)| page[at..].chars().take(80).collect())
        .collect();
    assert!(unmarked.is_empty(), "links out not marked: {unmarked:#?}");
}

/// Objects a page could be asked to link: only the web addresses become links, and they are
/// marked as leaving the site; a script, mail or data address stays text.
#[test]
fn only_web_addresses_are_linked_out() {
    let store = Store::new().expect("memory store");
    let graph = NamedNodeRef::new("https://w3id.org/ctockg/id/graph/test").expect("iri");
    let subject = NamedNodeRef::new("https://w3id.org/ctockg/id/doc/local/x").expect("iri");
    let see_also = NamedNodeRef::new("http://www.w3.org/2000/01/rdf-schema#seeAlso").expect("iri");
    let linked = ["https://example.org/a", "http://example.org/b"];
    let not_linked = [
        "javascript:alert(1)",
        "mailto:someone@example.org",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "ftp://example.org/c",
        "file:///etc/passwd",
    ];
    for object in linked.iter().chain(&not_linked) {
        store
            .insert(QuadRef::new(
                subject,
                see_also,
                NamedNodeRef::new(object).expect("iri"),
                GraphNameRef::NamedNode(graph),
            ))
            .expect("insert");
    }
    let server = Endpoint::new(store, Config::default());
    let page = get(&server, "/id/doc/local/x", Some(BROWSER)).text();
    for url in linked {
        assert!(
            page.contains(&format!("<a rel=\"external noopener\" href=\"{url}\">")),
            "{url} linked out: {page}"
        );
    }
    for address in not_linked {
        assert!(page.contains(address), "{address} shown: {page}");
        assert!(
            !page.contains(&format!("href=\"{address}")),
            "{address} linked: {page}"
        );
    }
}

/// Every term of another vocabulary the ontology refines or matches is one whose definition was
/// read (`aligned-terms.tsv` says where), and every term read is used; each aligned term is a
/// declared `ck:` term.
#[test]
fn the_ontology_aligns_only_to_terms_read_in_their_vocabularies() {
    const ALIGNING: [&str; 5] = [
        "http://www.w3.org/2000/01/rdf-schema#subClassOf",
        "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
        "http://www.w3.org/2004/02/skos/core#closeMatch",
        "http://www.w3.org/2002/07/owl#equivalentClass",
        "http://www.w3.org/2002/07/owl#equivalentProperty",
    ];
    let ck = ctockg::vocab::CK;
    let declared: BTreeSet<&str> = ctockg::vocab::all_ck_terms()
        .into_iter()
        .map(|t| t.as_str())
        .collect();
    let mut aligned = BTreeSet::new();
    let mut problems = Vec::new();
    for [s, p, o] in crate::vocabulary::ontology() {
        let (Some(s), Some(p), Some(o)) = (s.iri(), p.iri(), o.iri()) else {
            continue;
        };
        if !ALIGNING.contains(&p.as_str()) || o.as_str().starts_with(ck) {
            continue;
        }
        if !declared.contains(s.as_str()) {
            problems.push(format!(
                "{} is aligned but not a ck: term the code uses",
                s.as_str()
            ));
        }
        aligned.insert(o.as_str().to_owned());
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    let read: BTreeSet<String> = expected("aligned-terms.tsv")
        .iter()
        .filter_map(|row| row.split('\t').next().map(str::to_owned))
        .collect();
    assert_same("aligned terms", &read, &aligned);
}
