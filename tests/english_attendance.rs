//! See the list in tests.rs.
//!
//! Reports written in the phrasing of the working groups' English reports (see
//! `tests/fixtures/english-attendance/README.md`) give the attendance, speakers, panellists and
//! unresolved names written beside them by reading; an English rendering of the attendance and
//! speaker paragraphs of the Chinese seed report gives the facts the Chinese paragraphs give.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::LazyLock;

use ctockg::corpus::{self, Entry, ManifestEntry, SourceDocument};
use ctockg::extract::{self, DocumentFacts, Speaker};
use ctockg::gazetteer::{Gazetteer, Named};
use rstest::rstest;

use crate::common::{differences, repo, tsv_rows};

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::load(&repo().join("data"), &repo().join("ontology")).expect("gazetteer")
});

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/english-attendance")
}

/// An English report of a body, read as the corpus reads a file the manifest describes.
fn english_report(file: &str, body: &str) -> SourceDocument {
    let dir = fixtures();
    let bytes = std::fs::read(dir.join(file)).expect("the fixture reads");
    let entry = Entry {
        file: file.to_owned(),
        manifest: Some(ManifestEntry {
            file: file.to_owned(),
            language: Some("en".into()),
            body: Some(body.into()),
            doc_type: Some("report".into()),
            ..Default::default()
        }),
        manifest_line: None,
    };
    corpus::document_from_bytes(&dir, &entry, &bytes).expect("the fixture is a document")
}

fn key(named: Named) -> String {
    match named {
        Named::Country(i) => format!("country/{}", GAZETTEER.countries[i].iso3),
        Named::Organisation(i) => format!("org/{}", GAZETTEER.organisations[i].key),
    }
}

/// The paragraph number a fact comes from.
fn paragraph(doc: &SourceDocument, block: usize) -> String {
    doc.blocks[block]
        .number
        .clone()
        .unwrap_or_else(|| format!("block {block}"))
}

/// One line per fact of attendance and speech, as the expected files write them:
/// kind, who, role or item, paragraph.
fn fact_lines(doc: &SourceDocument, facts: &DocumentFacts) -> BTreeSet<String> {
    let mut lines = BTreeSet::new();
    for p in &facts.participations {
        lines.insert(format!(
            "participation\t{}\t{}\t{}",
            key(p.participant),
            p.role.slug(),
            paragraph(doc, p.block)
        ));
    }
    for s in &facts.statements {
        let who = match &s.speaker {
            Speaker::Named(named) => key(*named),
            Speaker::Person(slug) => format!("person/{slug}"),
        };
        let item = s.item.map(|n| n.to_string()).unwrap_or_default();
        lines.insert(format!(
            "statement\t{who}\t{item}\t{}",
            paragraph(doc, s.block)
        ));
    }
    for p in &facts.persons {
        let represents = p.represents.map(key).unwrap_or_default();
        lines.insert(format!(
            "person\tperson/{}\t{} {represents}\t{}",
            p.slug,
            p.role.slug(),
            paragraph(doc, p.block)
        ));
    }
    for u in &facts.unresolved {
        lines.insert(format!(
            "unresolved\t{}\t\t{}",
            u.name,
            paragraph(doc, u.block)
        ));
    }
    lines
}

fn expected_lines(file: &str) -> BTreeSet<String> {
    tsv_rows(&fixtures().join(file))
}

fn assert_same(what: &str, expected: &BTreeSet<String>, actual: &BTreeSet<String>) {
    let differences = differences(what, expected, actual);
    assert!(
        differences.is_empty(),
        "{what}: {} differences ({} expected, {} found)\n{}",
        differences.len(),
        expected.len(),
        actual.len(),
        differences.join("\n")
    );
}

#[rstest]
#[case::trafficking_in_persons("wg4-report.en.txt", "wg4", "wg4-report.en.expected.tsv")]
#[case::smuggling_of_migrants("wg7-report.en.txt", "wg7", "wg7-report.en.expected.tsv")]
fn english_reports_give_the_facts_read_by_hand(
    #[case] file: &str,
    #[case] body: &str,
    #[case] expected: &str,
) {
    let doc = english_report(file, body);
    let facts = extract::extract_document(&doc, &GAZETTEER);
    let expected = expected_lines(expected);
    assert!(
        expected.len() > 40,
        "{file}: the expected facts are read ({} lines)",
        expected.len()
    );
    assert_same(file, &expected, &fact_lines(&doc, &facts));
}

/// The paragraphs of the Chinese seed report rendered in English whose facts are compared: its
/// attendance list and the two speaker lists (the paragraphs between them are rendered in short,
/// so that the paragraphs keep their numbers).
const RENDERED: [&str; 9] = ["35", "36", "37", "38", "39", "40", "41", "49", "54"];

#[test]
fn english_rendering_of_the_chinese_report_gives_the_same_facts() {
    let rendered = |lines: BTreeSet<String>| -> BTreeSet<String> {
        lines
            .into_iter()
            .filter(|l| RENDERED.iter().any(|p| l.ends_with(&format!("\t{p}"))))
            .collect()
    };
    let english = english_report("wg4-2009-report.en.txt", "wg4");
    let english_lines = rendered(fact_lines(
        &english,
        &extract::extract_document(&english, &GAZETTEER),
    ));

    let data = repo().join("data");
    let (_, entries) = corpus::discover(&data).expect("corpus");
    let entry = entries
        .iter()
        .find(|e| e.file.ends_with("wg4-2009-report.zh.txt"))
        .expect("the seed is in the corpus");
    let bytes = std::fs::read(data.join(&entry.file)).expect("the seed reads");
    let chinese = corpus::document_from_bytes(&data, entry, &bytes).expect("the seed reads");
    let chinese_lines = rendered(fact_lines(
        &chinese,
        &extract::extract_document(&chinese, &GAZETTEER),
    ));

    // the Chinese paragraphs list 40 States parties, 7 signatories, 10 other States, 3 UN
    // entities, 10 organisations, 2 permanent observers, the European Community, and 33 and 29
    // speakers
    assert!(
        chinese_lines.len() > 120,
        "the Chinese paragraphs give their facts ({} lines)",
        chinese_lines.len()
    );
    assert_same(
        "English rendering of wg4-2009-report",
        &chinese_lines,
        &english_lines,
    );
}
