//! Each seed document's facts, as the store holds them, against `tests/expected/{document}/*.tsv`
//! (written by reading the documents). All differences of all files are printed before failing.

use std::collections::BTreeSet;

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use rstest::rstest;

use crate::common::{built, differences, repo};
use ctockg::extract::MeetingRef;
use ctockg::ingest::{self, Paths, Silent};

const ID: &str = "https://w3id.org/ctockg/id/";

/// Query prefixes.
const PREFIXES: &str = "PREFIX ck: <https://w3id.org/ctockg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
";

fn short(term: Option<&Term>, strip: &str) -> String {
    match term {
        Some(Term::NamedNode(n)) => {
            let s = n.as_str();
            let s = s.strip_prefix(strip).unwrap_or(s);
            s.strip_prefix(ID).unwrap_or(s).to_owned()
        }
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Runs a SELECT over one document's graph merged with the entities graph (which describes the
/// meetings, acts and participations the document's claims point to; the claims themselves and
/// their `prov:wasDerivedFrom` links are in the document's graph) and joins each row's cells
/// with tabs.
fn rows(graph: &str, body: &str, vars: &[&str], strip: &str) -> BTreeSet<String> {
    let query =
        format!("{PREFIXES} SELECT * FROM <{graph}> FROM <{ID}graph/entities> WHERE {{ {body} }}");
    let QueryResults::Solutions(solutions) = built().store.evaluate(&query).expect("query runs")
    else {
        panic!("not a SELECT");
    };
    solutions
        .map(|s| {
            let s = s.expect("solution");
            vars.iter()
                .map(|v| short(s.get(*v), strip))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect()
}

fn expected(document: &str, file: &str) -> Option<BTreeSet<String>> {
    let path = repo().join("tests/expected").join(document).join(file);
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| sort_lists(l.trim_end_matches('\r')))
            .collect(),
    )
}

/// Comma-separated cells are sets: order them the way the actual side does.
fn sort_lists(line: &str) -> String {
    line.split('\t')
        .map(|cell| {
            let mut items: Vec<&str> = cell.split(',').collect();
            items.sort_unstable();
            items.join(",")
        })
        .collect::<Vec<_>>()
        .join("\t")
}

fn graph_of(document: &str) -> String {
    let data = repo().join("data");
    let (_, entries) = ctockg::corpus::discover(&data).expect("corpus");
    let entry = entries
        .iter()
        .find(|e| e.file.contains(document))
        .expect("document in the corpus");
    let doc = ctockg::corpus::read_document(&data, entry).expect("reads");
    let gazetteer =
        ctockg::gazetteer::Gazetteer::load(&data, &repo().join("ontology")).expect("gazetteer");
    let facts = ctockg::extract::extract_document(&doc, &gazetteer);
    ingest::graph_of(&doc, &facts).as_str().to_owned()
}

fn actual(document: &str, file: &str) -> BTreeSet<String> {
    let g = graph_of(document);
    let version = format!("{g}/");
    match file {
        "meetings.tsv" => rows(
            &g,
            "?m a ck:Meeting ; ck:startDate ?s ; ck:endDate ?e .
             OPTIONAL { ?m ck:ordinal ?o } OPTIONAL { ?m ck:venue ?v0 }
             BIND(STRAFTER(STR(?v0), 'place/') AS ?v)",
            &["m", "o", "s", "e", "v"],
            "",
        ),
        "documents.tsv" => rows(
            &g,
            "{ ?d ck:preparedFor ?m BIND('preparedFor' AS ?r) }
             UNION { ?d ck:reportOf ?m BIND('reportOf' AS ?r) }",
            &["d", "r", "m"],
            "",
        ),
        "document-themes.tsv" => rows(
            &g,
            "?d a ck:Document ; dcterms:subject ?t0 BIND(STRAFTER(STR(?t0), 'theme/') AS ?t)",
            &["d", "t"],
            "",
        ),
        "citations.tsv" => rows(&g, "?p ck:cites ?t", &["p", "t"], &version),
        "resolutions.tsv" => rows(
            &g,
            "?a prov:wasDerivedFrom ?src ; ck:adoptedBy ?b OPTIONAL { ?e ck:establishedBy ?a }",
            &["a", "b", "e"],
            "",
        ),
        "agenda.tsv" => {
            let themes = rows(
                &g,
                "?m a ck:Meeting ; ck:agendaItem ?i . ?i ck:number ?n ; prov:wasDerivedFrom ?src .
                 OPTIONAL { ?i dcterms:subject ?t0 BIND(STRAFTER(STR(?t0), 'theme/') AS ?t) }",
                &["m", "n", "t"],
                "",
            );
            let mut by_item: std::collections::BTreeMap<(String, String), Vec<String>> =
                Default::default();
            for row in themes {
                let cells: Vec<&str> = row.split('\t').collect();
                let entry = by_item
                    .entry((cells[0].to_owned(), cells[1].to_owned()))
                    .or_default();
                if !cells[2].is_empty() {
                    entry.push(cells[2].to_owned());
                }
            }
            by_item
                .into_iter()
                .map(|((m, n), mut t)| {
                    t.sort();
                    format!("{m}\t{n}\t{}", t.join(","))
                })
                .collect()
        }
        "participation.tsv" => rows(
            &g,
            "?m ck:participation ?x . ?x ck:role ?r0 ; ck:participant ?p ; prov:wasDerivedFrom ?src .
             FILTER NOT EXISTS { ?p a ck:Person }
             BIND(STRAFTER(STR(?r0), 'role/') AS ?r)",
            &["m", "r", "p"],
            "",
        ),
        "statements.tsv" => rows(
            &g,
            "?m ck:statement ?x . ?x ck:speaker ?s ; prov:wasDerivedFrom ?src .
             OPTIONAL { ?x ck:agendaItem ?i0 BIND(STRAFTER(STR(?i0), '/item/') AS ?i) }",
            &["m", "i", "s"],
            "",
        ),
        "persons.tsv" => rows(
            &g,
            "?m ck:participation ?x . ?x ck:participant ?p ; ck:role ?r0 ; prov:wasDerivedFrom ?src .
             ?p a ck:Person .
             OPTIONAL { ?p ck:represents ?c }
             BIND(STRAFTER(STR(?r0), 'role/') AS ?r)",
            &["p", "r", "c", "m"],
            "",
        ),
        "meeting-refs.tsv" => meeting_refs(document),
        other => panic!("no comparison defined for {other}"),
    }
}

/// Ordinal references are resolved before they reach the graph, so they are compared as facts.
fn meeting_refs(document: &str) -> BTreeSet<String> {
    let paths = Paths::new(repo().join("data"), repo().join("unused-store"));
    let extraction = ingest::extract_corpus(&paths, &Silent).expect("corpus reads");
    let (doc, facts) = extraction
        .documents
        .iter()
        .find(|(d, _)| d.entry.file.contains(document))
        .expect("document read");
    facts
        .meeting_refs
        .iter()
        .filter_map(|(block, r)| match r {
            MeetingRef::Ordinal {
                body,
                ordinal,
                year,
            } if body.starts_with("wg") => Some(format!(
                "{}\t{body}\t{ordinal}\t{}",
                doc.blocks[*block].local_id().unwrap_or_default(),
                year.map(|y| y.to_string()).unwrap_or_default()
            )),
            _ => None,
        })
        .collect()
}

#[rstest]
fn document_facts_match_the_expected_files(
    #[values(
        "wg7-2020-draft-report",
        "wg4-2009-report",
        "wg7-2021-thematic-summary",
        "wg7-2024-background-paper"
    )]
    document: &str,
    #[values(
        "meetings.tsv",
        "meeting-refs.tsv",
        "documents.tsv",
        "document-themes.tsv",
        "citations.tsv",
        "resolutions.tsv",
        "agenda.tsv",
        "participation.tsv",
        "statements.tsv",
        "persons.tsv"
    )]
    file: &str,
) {
    let Some(expected) = expected(document, file) else {
        return; // facts of this kind are not stated by this kind of document
    };
    let actual = actual(document, file);
    let diffs = differences(&format!("{document}/{file}"), &expected, &actual);
    assert!(diffs.is_empty(), "\n{}\n", diffs.join("\n"));
}

#[test]
fn the_bundled_build_has_no_errors_and_no_unresolved_names() {
    let report = &built().report;
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(report.unresolved_names, 0, "{:#?}", report.warnings);
    assert_eq!(report.documents_ok, 4);
}

#[test]
fn the_same_input_gives_the_same_quads() {
    let first = crate::common::scratch("determinism-a");
    let second = crate::common::scratch("determinism-b");
    let mut dumps = Vec::new();
    for store in [&first, &second] {
        let paths = Paths::new(repo().join("data"), store.clone());
        ingest::build(&paths, &Silent).expect("build");
        let mut out = Vec::new();
        ctockg::GraphStore::open(store)
            .expect("store")
            .dump_nquads(&mut out)
            .expect("dump");
        dumps.push(out);
    }
    assert!(!dumps[0].is_empty());
    assert!(dumps[0] == dumps[1], "two builds of the same data differ");
}

#[test]
fn every_article_of_the_four_instruments_is_a_provision_with_its_title() {
    let articles = rows(
        "https://w3id.org/ctockg/id/instrument/UNTOC",
        "?p a ck:Provision ; dcterms:isPartOf <https://w3id.org/ctockg/id/instrument/UNTOC> ; dcterms:title ?t",
        &["p", "t"],
        "",
    );
    assert_eq!(articles.len(), 41, "UNTOC has 41 articles");
    assert!(articles.contains("instrument/UNTOC/art_27\tLaw enforcement cooperation"));
    for (key, count) in [("SOM", 25), ("TIP", 20), ("FIREARMS", 21)] {
        let graph = format!("https://w3id.org/ctockg/id/instrument/{key}");
        let found = rows(
            &graph,
            &format!("?p a ck:Provision ; dcterms:isPartOf <{graph}>"),
            &["p"],
            "",
        );
        assert_eq!(found.len(), count, "{key} articles");
    }
    let point = rows(
        "https://w3id.org/ctockg/id/instrument/UNTOC",
        "<https://w3id.org/ctockg/id/instrument/UNTOC/art_27/para_1/point_e> dcterms:isPartOf ?up ; ck:text ?text",
        &["up"],
        "",
    );
    let expected: BTreeSet<String> = ["instrument/UNTOC/art_27/para_1".to_owned()].into();
    assert_eq!(point, expected);
}

#[test]
fn every_cited_provision_exists_in_its_instrument() {
    let dangling: Vec<&ctockg::corpus::Problem> = built()
        .report
        .warnings
        .iter()
        .filter(|w| w.kind == ctockg::corpus::ProblemKind::Citation)
        .collect();
    assert!(dangling.is_empty(), "{dangling:#?}");
    // and the check itself works: the store has the cited provisions as ck:Provision
    let query = format!(
        "{PREFIXES} SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?p ck:cites ?x . FILTER(CONTAINS(STR(?x), '/instrument/')) FILTER NOT EXISTS {{ ?x a ck:Provision }} }}"
    );
    let QueryResults::Solutions(mut s) = built().store.evaluate(&query).expect("query") else {
        panic!("select");
    };
    let n = s.next().expect("row").expect("ok");
    assert_eq!(short(n.get("n"), ""), "0");
}

/// The values of `variable` in the answer to `query` (the prefixes are added).
fn column(query: &str, variable: &str) -> Vec<String> {
    let query = format!("{PREFIXES} PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> {query}");
    let QueryResults::Solutions(solutions) = built().store.evaluate(&query).expect("query") else {
        panic!("select");
    };
    solutions
        .map(|solution| short(solution.expect("solution").get(variable), ""))
        .collect()
}

#[test]
fn only_paragraphs_cite_and_they_are_parts_of_language_versions() {
    // resolutions-cited gives a citing thing's label as a paragraph's without checking its
    // type, and takes what a paragraph is part of for its language version without checking
    // that either
    let untyped = column(
        "SELECT DISTINCT ?citing WHERE {
          ?citing ck:cites ?cited FILTER NOT EXISTS { ?citing a ck:Paragraph }
        }",
        "citing",
    );
    assert!(
        untyped.is_empty(),
        "cite but are not ck:Paragraph: {untyped:#?}"
    );
    let wholes = column(
        "SELECT DISTINCT ?whole WHERE {
          ?p a ck:Paragraph ; dcterms:isPartOf ?whole
          FILTER NOT EXISTS { ?whole a ck:LanguageVersion }
        }",
        "whole",
    );
    assert!(
        wholes.is_empty(),
        "paragraphs are parts of these, which are not language versions: {wholes:#?}"
    );
    // and the checks read something: the seeds' paragraphs cite, in their language versions
    let cites = format!(
        "{PREFIXES} ASK {{ ?p ck:cites ?x ; a ck:Paragraph ; dcterms:isPartOf ?v . ?v a ck:LanguageVersion }}"
    );
    let QueryResults::Boolean(any) = built().store.evaluate(&cites).expect("query") else {
        panic!("ask");
    };
    assert!(any, "no paragraph of a language version cites");
}

#[test]
fn a_document_resolution_or_decision_has_one_symbol_at_most() {
    // resolutions-cited looks the symbol of a document, and of a cited resolution or decision,
    // up in each row, unreduced: a second symbol would double its rows
    let several = column(
        "SELECT (CONCAT(STR(?d), ' has ', STR(COUNT(DISTINCT ?s)), ' symbols') AS ?row) WHERE {
          VALUES ?class { ck:Document ck:Resolution ck:Decision }
          ?d a ?class ; dcterms:identifier ?s
        } GROUP BY ?d HAVING (COUNT(DISTINCT ?s) > 1)",
        "row",
    );
    assert!(several.is_empty(), "\n{}\n", several.join("\n"));
    // and the check reads the symbols: 22 documents of the bundled data have one (resolutions
    // and decisions none)
    let with_symbol = column(
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
          VALUES ?class { ck:Document ck:Resolution ck:Decision }
          ?d a ?class ; dcterms:identifier ?s
        }",
        "n",
    );
    assert_eq!(with_symbol, ["22"]);
}

#[test]
fn every_paragraph_has_one_label_in_each_language() {
    // resolutions-cited looks a paragraph's English label up in each row, unreduced: a second
    // label would double its rows
    let not_one = column(
        "SELECT (CONCAT(STR(?p), ' has ', STR(COUNT(?l)), ' labels in ', ?lang) AS ?row) WHERE {
          ?p a ck:Paragraph . VALUES ?lang { 'en' 'zh' }
          OPTIONAL { ?p rdfs:label ?l FILTER (LANG(?l) = ?lang) }
        } GROUP BY ?p ?lang HAVING (COUNT(?l) != 1)",
        "row",
    );
    assert!(not_one.is_empty(), "\n{}\n", not_one.join("\n"));
    // and the check reads paragraphs: the bundled data has 283
    let paragraphs = column("SELECT (COUNT(*) AS ?n) WHERE { ?p a ck:Paragraph }", "n");
    assert_eq!(paragraphs, ["283"]);
}
