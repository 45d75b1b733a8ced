//! The server's copy of the store in memory answers as the store does: every shipped query and a
//! set of queries that reach each part of the dataset interface (each index order, the graphs,
//! the union, terms the store lacks, terms a query makes), on the bundled data and on a synthetic
//! corpus. The rows are compared as sorted lists, since rows that tie in an `ORDER BY` may come
//! in either order; every difference is printed.

use std::collections::BTreeSet;
use std::sync::Arc;

use ctockg::ingest::{self, Paths, Silent};
use ctockg::resident::{ResidentSize, ResidentStore};
use ctockg::store::{OutputFormat, write_table};
use ctockg::{GraphStore, queries, synth};
use oxigraph::sparql::QueryResults;

use crate::common::{built, example_params, repo, scratch, tsv_lines};

#[path = "../benches/common/mod.rs"]
#[allow(dead_code)]
mod bench_common;

const PREFIXES: &str = "PREFIX ck: <https://w3id.org/ctockg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
";

/// Queries that reach each kind of pattern: bound subject, predicate, object or graph, and
/// their pairs; GRAPH with a variable; the union; constants and computed terms.
const PROBES: &[(&str, &str)] = &[
    (
        "every quad counted",
        "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }",
    ),
    (
        "every triple of the union",
        "SELECT DISTINCT ?s ?p ?o { ?s ?p ?o }",
    ),
    (
        "quads per graph",
        "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    ),
    ("the named graphs", "SELECT ?g { GRAPH ?g { } }"),
    (
        "predicates and their counts",
        "SELECT ?p (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?subjects) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p",
    ),
    (
        "labels with their language",
        "SELECT ?s ?l (LANG(?l) AS ?tag) { ?s rdfs:label ?l }",
    ),
    (
        "English labels of the Chinese-labelled",
        "SELECT ?s ?en ?zh { ?s rdfs:label ?zh FILTER (LANG(?zh) = \"zh\") \
         OPTIONAL { ?s rdfs:label ?en FILTER (LANG(?en) = \"en\") } }",
    ),
    (
        "subject and object bound by a join",
        "SELECT ?a ?p ?b { ?a a ?type . ?b a ?type . ?a ?p ?b }",
    ),
    (
        "a subject's graphs",
        "SELECT ?s ?g { ?s a ck:Meeting . GRAPH ?g { ?s ?p ?o } }",
    ),
    (
        "objects by type, with the graph bound",
        "SELECT ?g ?s { GRAPH ?g { ?d a ck:Document } GRAPH ?g { ?s a ?t } }",
    ),
    (
        "a term made by BIND, joined",
        "SELECT ?x ?l { ?x a ck:Meeting . BIND (IRI(STR(?x)) AS ?y) ?y rdfs:label ?l }",
    ),
    (
        "strings made by BIND",
        "SELECT ?x ?s { ?x rdfs:label ?l BIND (CONCAT(STR(?l), \"!\") AS ?s) }",
    ),
    (
        "a constant the store lacks",
        "SELECT ?p ?o { <https://example.com/absent> ?p ?o }",
    ),
    (
        "a literal the store lacks",
        "SELECT ?s { ?s ?p \"not a value in the store\" }",
    ),
    (
        "VALUES with a missing term",
        "SELECT ?x ?l { VALUES ?x { <https://example.com/absent> ck:Meeting } OPTIONAL { ?x rdfs:label ?l } }",
    ),
    (
        "dates compared",
        "SELECT DISTINCT ?m ?d { ?m ?p ?d FILTER (DATATYPE(?d) = xsd:date && ?d > ?first) \
         { SELECT (MIN(?x) AS ?first) { ?y ck:startDate ?x } } }",
    ),
    (
        "numbers summed",
        "SELECT ?p (SUM(?v) AS ?total) (MAX(?v) AS ?top) \
         { { SELECT DISTINCT ?s ?p ?v { ?s ?p ?v FILTER (isNumeric(?v)) } } } GROUP BY ?p",
    ),
    (
        "MINUS and EXISTS",
        "SELECT ?s { ?s a ck:Meeting MINUS { ?s ck:startDate ?d { SELECT (MIN(?x) AS ?d) { ?y ck:startDate ?x } } } \
         FILTER EXISTS { ?s rdfs:label ?l } }",
    ),
    // MIN and MAX compare the copy's ranks of its terms (vendor/spareval-terms-kept.patch),
    // until a value comes without one (a term the query made); an unbound value in a group
    // leaves its aggregate unbound
    (
        "least and greatest object of each subject, of every kind of term",
        "SELECT ?s (MIN(?o) AS ?least) (MAX(?o) AS ?greatest) (MAX(DISTINCT ?p) AS ?last) \
         { ?s ?p ?o } GROUP BY ?s",
    ),
    (
        "least and greatest object of the union",
        "SELECT (MIN(?o) AS ?least) (MAX(?o) AS ?greatest) (MIN(?s) AS ?first) { ?s ?p ?o }",
    ),
    (
        "extremes of the store's labels and strings a query made",
        "SELECT ?s (MIN(?k) AS ?least) (MAX(?k) AS ?greatest) \
         { ?s rdfs:label ?l BIND (IF(LANG(?l) = \"en\", ?l, STR(?l)) AS ?k) } GROUP BY ?s",
    ),
    (
        "extremes of a value some rows lack",
        "SELECT ?s (MAX(?l) AS ?label) (MIN(?l) AS ?first) \
         { ?s ?p ?o OPTIONAL { ?o rdfs:label ?l } } GROUP BY ?s",
    ),
    (
        "extremes of no value",
        "SELECT (MAX(?o) AS ?greatest) (MIN(?o) AS ?least) { ?s ck:noSuchProperty ?o }",
    ),
    // COALESCE keeps a value read from the copy as the copy's term, and numbers a value it made
    (
        "the first value bound, else one made",
        "SELECT ?s ?v ?w { ?s a ?t OPTIONAL { ?s ck:startDate ?d } \
         BIND (COALESCE(?d, STR(?t)) AS ?v) BIND (COALESCE(?unbound, UCASE(STR(?s)), ?s) AS ?w) }",
    ),
    // `LANG(?v) = "tag"` reads the copy's term without building it; LANG of a term that is not
    // a literal is an error, which a filter drops and a BIND leaves unbound
    (
        "terms by their language, either way round",
        "SELECT DISTINCT ?s ?o ?isEnglish { ?s ?p ?o BIND (LANG(?o) = \"en\" AS ?isEnglish) \
         FILTER (\"zh\" = LANG(?o) || LANG(?o) = \"\" || !BOUND(?isEnglish)) }",
    ),
    (
        "the language of a term the query made",
        "SELECT ?s ?made { ?s a ck:Meeting BIND (STRLANG(STR(?s), \"en\") AS ?made) \
         FILTER (LANG(?made) = \"en\") }",
    ),
    // the copy reads a number or a date from the term it holds, and numbers a computed number
    // or boolean once per evaluation
    (
        "numbers and booleans computed in each row",
        "SELECT DISTINCT ?s ?v ?next ?large ?double { ?s ?p ?v FILTER (isNumeric(?v)) \
         BIND (?v + 1 AS ?next) BIND (?v > 2 AS ?large) BIND (?v * 2.5 AS ?double) }",
    ),
    (
        "dates read as values",
        "SELECT DISTINCT ?m ?d (YEAR(?d) AS ?year) (?d < \"2020-01-01\"^^xsd:date AS ?before) \
         { ?m ck:startDate ?d }",
    ),
    ("ASK of a type", "ASK { ?s a ck:Meeting }"),
    (
        "CONSTRUCT of the meetings",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s a ck:Meeting ; ?p ?o }",
    ),
];

/// The answer's lines in their order, and whether the first is a header (a graph has none).
fn lines(results: QueryResults<'_>) -> (Vec<String>, bool) {
    match results {
        QueryResults::Graph(triples) => (
            triples.map(|t| t.expect("triple").to_string()).collect(),
            false,
        ),
        // a header of its own, so that the answer counts as a row
        QueryResults::Boolean(answer) => (vec!["ASK".to_owned(), answer.to_string()], true),
        other => (tsv_lines(other), true),
    }
}

/// Lines sorted after the header, if they have one.
fn sorted((mut lines, header): (Vec<String>, bool)) -> Vec<String> {
    let first = usize::from(header).min(lines.len());
    lines[first..].sort();
    lines
}

/// The answer's rows (or triples) as text, sorted, after the header (a graph has none).
fn rows(results: QueryResults<'_>) -> Vec<String> {
    sorted(lines(results))
}

/// The copy's answer as the server gives it, as [`lines`]: a `SELECT`'s rows written from its
/// table of the copy's term numbers ([`ctockg::resident::Table`]), another form's from its
/// results.
fn copy_lines(
    store: &GraphStore,
    resident: &Arc<ResidentStore>,
    text: &str,
    bindings: &[(oxigraph::sparql::Variable, oxigraph::model::Term)],
) -> (Vec<String>, bool) {
    match store
        .select_resident(resident, text, bindings)
        .expect("the copy answers")
    {
        Some(table) => {
            let mut out = Vec::new();
            write_table(&table, OutputFormat::Tsv, &mut out).expect("tsv");
            let text = String::from_utf8(out).expect("utf-8");
            (text.lines().map(str::to_owned).collect(), true)
        }
        None => lines(
            store
                .evaluate_resident(resident, text, bindings)
                .expect("the copy answers"),
        ),
    }
}

/// A query to compare: its name, its text, its parameters, and whether the store must give it
/// rows (a comparison of two empty answers shows nothing).
struct Probe {
    name: String,
    text: String,
    bindings: Vec<(oxigraph::sparql::Variable, oxigraph::model::Term)>,
    has_rows: bool,
}

/// Each query's differences between the store and the copy, as printable lines.
fn compare(store: &GraphStore, resident: &Arc<ResidentStore>, probes: &[Probe]) -> Vec<String> {
    let mut failures = Vec::new();
    for Probe {
        name,
        text,
        bindings,
        has_rows,
    } in probes
    {
        let expected = rows(
            store
                .evaluate_with(text, bindings)
                .expect("the store answers"),
        );
        let actual = sorted(copy_lines(store, resident, text, bindings));
        let (expected_set, actual_set): (BTreeSet<_>, BTreeSet<_>) =
            (expected.iter().collect(), actual.iter().collect());
        for line in expected_set.difference(&actual_set) {
            failures.push(format!("{name}: missing    {line}"));
        }
        for line in actual_set.difference(&expected_set) {
            failures.push(format!("{name}: unexpected {line}"));
        }
        if *has_rows && expected.len() <= 1 {
            failures.push(format!(
                "{name}: no rows from the store, so nothing is compared"
            ));
        }
        if expected.len() != actual.len() {
            failures.push(format!(
                "{name}: {} rows from the store, {} from the copy",
                expected.len(),
                actual.len()
            ));
        }
    }
    failures
}

/// Every shipped query with the given parameters, then the probes, then FROM queries on the
/// first graph the store lists.
fn all_queries(
    store: &GraphStore,
    params: impl Fn(&str) -> Vec<String>,
    shipped_have_rows: bool,
) -> Vec<Probe> {
    let mut out = Vec::new();
    for query in queries::list(&repo().join("queries")).expect("queries/") {
        let declared = queries::parameters(&query.text).expect("header");
        let bindings = queries::bind(&declared, &params(&query.text)).expect("binds");
        out.push(Probe {
            name: query.name.clone(),
            text: query.text.clone(),
            bindings,
            has_rows: shipped_have_rows,
        });
    }
    for (name, text) in PROBES {
        out.push(Probe {
            name: (*name).to_owned(),
            text: format!("{PREFIXES}{text}"),
            bindings: Vec::new(),
            has_rows: !name.contains("lacks") && !name.contains("missing"),
        });
    }
    let graph = store.built_graphs().expect("graphs")[0].clone();
    out.push(Probe {
        name: "FROM one graph".to_owned(),
        text: format!("SELECT ?s ?p ?o FROM {graph} {{ ?s ?p ?o }}"),
        bindings: Vec::new(),
        has_rows: true,
    });
    out.push(Probe {
        name: "FROM NAMED one graph".to_owned(),
        text: format!("SELECT ?g ?s ?p ?o FROM NAMED {graph} {{ GRAPH ?g {{ ?s ?p ?o }} }}"),
        bindings: Vec::new(),
        has_rows: true,
    });
    out
}

#[test]
fn the_copy_answers_as_the_store_on_the_bundled_data() {
    let store = &built().store;
    let resident = Arc::new(store.resident().expect("copied"));
    let size = resident.size();
    assert_eq!(
        size.quads,
        store.inner().len().expect("len"),
        "every quad copied"
    );
    // each term the store's quads name, counted once (the default graph is not a term)
    let mut terms = std::collections::HashSet::new();
    for quad in store.inner().iter() {
        let quad = quad.expect("quad");
        terms.insert(oxigraph::model::Term::from(quad.subject));
        terms.insert(quad.predicate.into());
        terms.insert(quad.object);
        if let oxigraph::model::GraphName::NamedNode(graph) = quad.graph_name {
            terms.insert(graph.into());
        }
    }
    assert_eq!(size.terms, terms.len(), "every term numbered once");
    let failures = compare(store, &resident, &all_queries(store, example_params, true));
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

#[test]
fn the_copy_answers_as_the_store_on_a_synthetic_corpus() {
    let dir = scratch("resident-synth");
    let corpus = dir.join("corpus");
    synth::write_corpus(
        &repo().join("data"),
        &repo().join("ontology"),
        &corpus,
        150,
        11,
    )
    .expect("writes");
    let store_dir = dir.join("store");
    let report = ingest::build(&Paths::new(corpus.join("data"), store_dir.clone()), &Silent)
        .expect("builds");
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let store = GraphStore::open(&store_dir).expect("opens");
    let resident = Arc::new(store.resident().expect("copied"));
    // the shipped queries' parameters name a meeting of this corpus; some answers are empty
    let params = |text: &str| bench_common::corpus_params(&store, text);
    let failures = compare(&store, &resident, &all_queries(&store, params, false));
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

#[test]
fn a_triple_in_several_graphs_is_one_triple_of_the_union() {
    use oxigraph::model::{GraphNameRef, NamedNodeRef, QuadRef};
    let (s, p, o) = (
        NamedNodeRef::new_unchecked("https://example.com/s"),
        NamedNodeRef::new_unchecked("https://example.com/p"),
        NamedNodeRef::new_unchecked("https://example.com/o"),
    );
    let quads: Vec<_> = ["https://example.com/g1", "https://example.com/g2"]
        .iter()
        .map(|g| {
            QuadRef::new(
                s,
                p,
                o,
                GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(g)),
            )
            .into_owned()
        })
        .collect();
    let resident = Arc::new(ResidentStore::from_quads(&quads));
    assert_eq!(
        resident.size(),
        ResidentSize { quads: 2, terms: 5 },
        "two quads over three terms and two graphs"
    );
    let dir = scratch("resident-union");
    let store = GraphStore::open(&dir.join("store")).expect("opens");
    let union = "SELECT (COUNT(*) AS ?n) { <https://example.com/s> ?p ?o }";
    // with nothing bound too, where Oxigraph's own store reads graph by graph and keeps copies
    let whole = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }";
    let per_graph = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p <https://example.com/o> } }";
    for (query, expected) in [(union, "1"), (whole, "1"), (per_graph, "2")] {
        let answer = sorted(copy_lines(&store, &resident, query, &[]));
        assert_eq!(
            answer,
            vec!["?n".to_owned(), expected.to_owned()],
            "{query}"
        );
    }
}

/// Where two answers' lines first differ, and how many each has.
fn first_difference(actual: &[String], expected: &[String]) -> String {
    let first = actual
        .iter()
        .zip(expected)
        .position(|(a, e)| a != e)
        .unwrap_or(actual.len().min(expected.len()));
    format!(
        "{} rows, {} expected; first difference at line {first}: {:?} against {:?}",
        actual.len(),
        expected.len(),
        actual.get(first),
        expected.get(first)
    )
}

#[test]
fn a_slice_of_an_ordered_answer_is_that_slice_of_the_whole_sort() {
    // under LIMIT the evaluator keeps only the first solutions while it sorts
    // (vendor/spareval-order-by-top.patch); ties keep the order the solutions came in, so the
    // slice is the one a whole sort gives, on the store and on the copy
    let store = &built().store;
    let resident = Arc::new(store.resident().expect("copied"));
    let cases = [
        // thousands of rows, most of them tied: the kept solutions are cut many times
        ("SELECT ?s ?p ?o { ?s ?p ?o } ORDER BY ?p", 0, 10),
        ("SELECT ?s ?p ?o { ?s ?p ?o } ORDER BY DESC(?o) ?s", 100, 50),
        // a projection between the slice and the sort
        ("SELECT ?s { ?s ?p ?o } ORDER BY ?o", 7, 20),
        (
            "SELECT ?s ?l { ?s rdfs:label ?l } ORDER BY STRLEN(?l) ?l",
            0,
            1500,
        ),
        // DISTINCT between them: the slice counts distinct solutions, not sorted ones
        ("SELECT DISTINCT ?p { ?s ?p ?o } ORDER BY ?p", 1, 3),
    ];
    let mut failures = Vec::new();
    for (query, offset, limit) in cases {
        let whole = format!("{PREFIXES}{query}");
        let sliced = format!("{whole} OFFSET {offset} LIMIT {limit}");
        for place in ["store", "copy"] {
            let whole_lines = if place == "store" {
                tsv_lines(store.evaluate_with(&whole, &[]).expect("answers"))
            } else {
                copy_lines(store, &resident, &whole, &[]).0
            };
            assert!(
                whole_lines.len() > offset + limit,
                "{query}: only {} rows on the {place}",
                whole_lines.len()
            );
            let mut expected = vec![whole_lines[0].clone()];
            expected.extend(whole_lines[1 + offset..1 + offset + limit].iter().cloned());
            let actual = if place == "store" {
                tsv_lines(store.evaluate_with(&sliced, &[]).expect("answers"))
            } else {
                copy_lines(store, &resident, &sliced, &[]).0
            };
            if actual != expected {
                failures.push(format!(
                    "{place}: {sliced}\n  {}",
                    first_difference(&actual, &expected)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

#[test]
fn the_copy_sorts_as_the_store() {
    // the copy sorts by the ranks it gives its terms (vendor/spareval-resident-terms.patch), the
    // store by the terms built; every key set here orders the rows whole, so both must give the
    // same rows in the same order
    let store = &built().store;
    let resident = Arc::new(store.resident().expect("copied"));
    let cases = [
        // every kind of term as a key: IRIs, blank nodes, literals of each datatype
        "SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } ORDER BY ?o ?p ?s",
        "SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } ORDER BY DESC(?o) DESC(?s) ?p",
        // a key unbound in some rows
        "SELECT ?m ?d ?l { ?m a ck:Meeting OPTIONAL { ?m ck:startDate ?d } OPTIONAL { ?m rdfs:label ?l } } ORDER BY DESC(?d) ?l ?m",
        // a key mixing the store's terms with terms the query makes (plain strings of the
        // Chinese labels), and an expression as a key
        "SELECT ?s ?l ?k { ?s rdfs:label ?l BIND (IF(LANG(?l) = \"en\", ?l, STR(?l)) AS ?k) } ORDER BY ?k STRLEN(?l) ?s ?l",
    ];
    let mut failures = Vec::new();
    for query in cases {
        let text = format!("{PREFIXES}{query}");
        let expected = tsv_lines(store.evaluate_with(&text, &[]).expect("the store answers"));
        let actual = copy_lines(store, &resident, &text, &[]).0;
        assert!(expected.len() > 10, "{query}: only {} rows", expected.len());
        if actual != expected {
            failures.push(format!(
                "{query}\n  copy against store: {}",
                first_difference(&actual, &expected)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

/// The TSV the copy writes from its terms (`Table::write_tsv`) and the TSV `sparesults` writes of
/// the same table, as text.
fn both_tsv(table: &ctockg::resident::Table) -> (String, String) {
    use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
    let mut direct = Vec::new();
    table.write_tsv(&mut direct).expect("written");
    let mut serializer = QueryResultsSerializer::from_format(QueryResultsFormat::Tsv)
        .serialize_solutions_to_writer(Vec::new(), table.variables().to_vec())
        .expect("header");
    for row in 0..table.len() {
        serializer.serialize(table.row(row)).expect("row");
    }
    let reference = serializer.finish().expect("written");
    (
        String::from_utf8(direct).expect("utf-8"),
        String::from_utf8(reference).expect("utf-8"),
    )
}

#[test]
fn the_copy_writes_tsv_as_sparesults_does() {
    use oxigraph::model::vocab::xsd;
    use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, Quad};
    let iri = |name: &str| NamedNode::new(format!("https://example.org/{name}")).expect("IRI");
    let typed = |value: &str, datatype| Literal::new_typed_literal(value, datatype);
    // numbers and booleans in Turtle's forms and out of them, strings to escape, each kind of
    // literal and node
    let objects: Vec<oxigraph::model::Term> = vec![
        Literal::new_simple_literal("plain").into(),
        Literal::new_simple_literal("tab\there, line\nbreak, return\r, \"quoted\", back\\slash")
            .into(),
        // each character to escape alone, since a string without any is copied whole
        Literal::new_simple_literal("a\tb").into(),
        Literal::new_simple_literal("a\nb").into(),
        Literal::new_simple_literal("a\rb").into(),
        Literal::new_simple_literal("a\"b").into(),
        Literal::new_simple_literal("a\\b").into(),
        Literal::new_language_tagged_literal("第2段 \"zh\"", "zh")
            .expect("tag")
            .into(),
        Literal::new_language_tagged_literal("paragraph 2", "en-GB")
            .expect("tag")
            .into(),
        typed("42", xsd::INTEGER).into(),
        typed("+42", xsd::INTEGER).into(),
        typed("-0", xsd::INTEGER).into(),
        typed("4 2", xsd::INTEGER).into(),
        typed("", xsd::INTEGER).into(),
        typed("1.5", xsd::DECIMAL).into(),
        typed(".5", xsd::DECIMAL).into(),
        typed("-1.", xsd::DECIMAL).into(),
        typed("12", xsd::DECIMAL).into(),
        typed("1.5e3", xsd::DOUBLE).into(),
        typed(".5E-3", xsd::DOUBLE).into(),
        typed("1e+5", xsd::DOUBLE).into(),
        typed("1.E5", xsd::DOUBLE).into(),
        typed(".e5", xsd::DOUBLE).into(),
        typed("1e", xsd::DOUBLE).into(),
        typed("INF", xsd::DOUBLE).into(),
        typed("1.5", xsd::DOUBLE).into(),
        typed("true", xsd::BOOLEAN).into(),
        typed("1", xsd::BOOLEAN).into(),
        typed("2024-01-02", xsd::DATE).into(),
        Literal::new_typed_literal("a\tb", iri("datatype")).into(),
        iri("thing").into(),
        BlankNode::new("b0").expect("blank node").into(),
    ];
    let graph = GraphName::NamedNode(iri("graph"));
    let quads: Vec<Quad> = objects
        .into_iter()
        .enumerate()
        .map(|(i, object)| Quad::new(iri(&format!("s{i}")), iri("p"), object, graph.clone()))
        .collect();
    let resident = Arc::new(ResidentStore::from_quads(&quads));
    let store = &built().store;
    let mut failures = Vec::new();
    for query in [
        // with a column unbound in some rows and a term the query makes
        "SELECT ?s ?o ?unbound ?made { ?s ?p ?o OPTIONAL { ?s ?p ?o FILTER (false) BIND (1 AS ?unbound) } BIND (CONCAT(\"\\\"\", STR(?o)) AS ?made) } ORDER BY ?s",
        // no variable, one row
        "SELECT * { }",
        // no row
        "SELECT ?s { ?s ?p \"absent\" }",
    ] {
        let table = store
            .select_resident(&resident, query, &[])
            .expect("answers")
            .expect("a SELECT query");
        let (direct, reference) = both_tsv(&table);
        if direct != reference {
            let (direct, reference): (Vec<_>, Vec<_>) = (
                direct.lines().map(str::to_owned).collect(),
                reference.lines().map(str::to_owned).collect(),
            );
            failures.push(format!(
                "{query}\n  {}",
                first_difference(&direct, &reference)
            ));
        }
    }
    // and every shipped query's answer on the bundled data
    let copy = Arc::new(store.resident().expect("copied"));
    for query in queries::list(&repo().join("queries")).expect("queries/") {
        let declared = queries::parameters(&query.text).expect("header");
        let bindings = queries::bind(&declared, &example_params(&query.text)).expect("binds");
        let table = store
            .select_resident(&copy, &query.text, &bindings)
            .expect("answers")
            .expect("a SELECT query");
        let (direct, reference) = both_tsv(&table);
        if direct != reference {
            failures.push(format!("{}: the two writers differ", query.name));
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}
