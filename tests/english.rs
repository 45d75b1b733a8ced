//! English text gives the facts Chinese text gives: each fixture in `tests/fixtures/english/`
//! (written, not copied; see its README) is read as the corpus reads a file, its facts are
//! extracted, and each kind of fact is compared as a set with
//! `tests/fixtures/english/{document}/{kind}.tsv` (written by reading the fixture), every
//! difference printed. A faithful English rendering of Chinese seed paragraphs cites what the
//! Chinese paragraphs cite.

use std::collections::BTreeSet;
use std::path::Path;

use rstest::rstest;

use crate::common::{differences, repo};
use ctockg::corpus::{Entry, ManifestEntry, SourceDocument};
use ctockg::extract::{ActKind, Citation, DocumentFacts, MeetingRef, Mention, Relation};
use ctockg::gazetteer::{Gazetteer, Named};

fn gazetteer() -> Gazetteer {
    Gazetteer::load(&repo().join("data"), &repo().join("ontology")).expect("gazetteer")
}

/// Reads a file as the corpus does, with a manifest entry giving its language and body.
fn read(dir: &Path, file: &str, language: &str, body: &str) -> SourceDocument {
    let bytes = std::fs::read(dir.join(file)).expect("fixture is readable");
    let entry = Entry {
        file: file.to_owned(),
        manifest: Some(ManifestEntry {
            file: file.to_owned(),
            language: Some(language.to_owned()),
            body: Some(body.to_owned()),
            ..Default::default()
        }),
        manifest_line: None,
    };
    ctockg::corpus::document_from_bytes(dir, &entry, &bytes).expect("fixture reads")
}

fn fixture(document: &str, body: &str) -> (SourceDocument, DocumentFacts) {
    let dir = repo().join("tests/fixtures/english");
    let doc = read(&dir, &format!("{document}.en.txt"), "en", body);
    let facts = ctockg::extract::extract_document(&doc, &gazetteer());
    (doc, facts)
}

/// The block a fact comes from: its paragraph or footnote id, else its kind.
fn block(doc: &SourceDocument, index: usize) -> String {
    let block = &doc.blocks[index];
    block
        .local_id()
        .unwrap_or_else(|| format!("{:?}", block.kind).to_lowercase())
}

fn meeting(reference: &MeetingRef) -> String {
    match reference {
        MeetingRef::Dated(key) => key.to_string(),
        MeetingRef::Ordinal {
            body,
            ordinal,
            year,
        } => format!(
            "{body} #{ordinal} {}",
            year.map(|y| y.to_string()).unwrap_or_default()
        )
        .trim_end()
        .to_owned(),
    }
}

fn cited(citation: &Citation) -> String {
    match citation {
        Citation::Provision(instrument, path) => {
            format!("instrument/{instrument}/{}", path.join("/"))
        }
        Citation::Act(act) => format!(
            "{}/{}/{}-{}",
            match act.kind {
                ActKind::Resolution => "resolution",
                ActKind::Decision => "decision",
            },
            act.body,
            act.session,
            act.number
        ),
        Citation::Document(symbol) => format!("doc/{symbol}"),
    }
}

fn named(gazetteer: &Gazetteer, named: Named) -> String {
    match named {
        Named::Country(i) => format!("country/{}", gazetteer.countries[i].iso3),
        Named::Organisation(i) => format!("org/{}", gazetteer.organisations[i].key),
    }
}

/// One kind of fact as rows of tab-separated cells.
fn rows(kind: &str, doc: &SourceDocument, facts: &DocumentFacts) -> BTreeSet<String> {
    let gazetteer = gazetteer();
    let at = |i: usize| block(doc, i);
    match kind {
        "meetings" => facts
            .meetings
            .iter()
            .map(|m| {
                format!(
                    "{}\t{}\t{}\t{}\t{}",
                    m.key,
                    m.ordinal.map(|o| o.to_string()).unwrap_or_default(),
                    m.end,
                    m.venue.clone().unwrap_or_default(),
                    at(m.block)
                )
            })
            .collect(),
        "meeting-refs" => facts
            .meeting_refs
            .iter()
            .map(|(b, r)| format!("{}\t{}", at(*b), meeting(r)))
            .collect(),
        "persons" => facts
            .persons
            .iter()
            .map(|p| {
                format!(
                    "{}\t{}\t{}\t{}\t{}",
                    p.slug,
                    p.name,
                    p.role.slug(),
                    p.represents
                        .map(|r| named(&gazetteer, r))
                        .unwrap_or_default(),
                    at(p.block)
                )
            })
            .collect(),
        "agenda" => facts
            .agenda
            .iter()
            .map(|i| {
                format!(
                    "{}\t{}\t{}\t{}\t{}",
                    meeting(&i.meeting),
                    i.number,
                    i.title,
                    i.themes.join(","),
                    at(i.block)
                )
            })
            .collect(),
        "acts" => facts
            .acts
            .iter()
            .map(|(b, act, established)| {
                format!(
                    "{}\t{}\t{}",
                    at(*b),
                    cited(&Citation::Act(act.clone())),
                    established.clone().unwrap_or_default()
                )
            })
            .collect(),
        "citations" => facts
            .citations
            .iter()
            .map(|(b, c)| format!("{}\t{}", at(*b), cited(c)))
            .collect(),
        "documents" => facts
            .documents
            .iter()
            .map(|d| {
                let (relation, meeting) = match &d.relation {
                    Some((Relation::PreparedFor, m)) => ("preparedFor", self::meeting(m)),
                    Some((Relation::ReportOf, m)) => ("reportOf", self::meeting(m)),
                    None => ("", String::new()),
                };
                format!(
                    "{}\t{relation}\t{meeting}\t{}\t{}\t{}",
                    d.id,
                    d.doc_type.clone().unwrap_or_default(),
                    d.themes.join(","),
                    at(d.block)
                )
            })
            .collect(),
        "instruments" => facts
            .mentions
            .iter()
            .filter_map(|(b, m)| match m {
                Mention::Instrument(key) => Some(format!("{}\t{key}", at(*b))),
                _ => None,
            })
            .collect(),
        other => panic!("no rows defined for {other}"),
    }
}

fn expected(document: &str, kind: &str) -> BTreeSet<String> {
    let path = repo()
        .join("tests/fixtures/english")
        .join(document)
        .join(format!("{kind}.tsv"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            // a set in a cell is written in any order
            l.trim_end_matches('\r')
                .split('\t')
                .map(|cell| {
                    let mut items: Vec<&str> = cell.split(',').collect();
                    if cell.contains(' ') {
                        return cell.to_owned();
                    }
                    items.sort_unstable();
                    items.join(",")
                })
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect()
}

#[rstest]
fn english_fixture_facts_match_the_expected_files(
    #[values(("wg7-2013-report", "wg7"), ("wg4-2026-background-paper", "wg4"))] document: (
        &str,
        &str,
    ),
    #[values(
        "meetings",
        "meeting-refs",
        "persons",
        "agenda",
        "acts",
        "citations",
        "documents",
        "instruments"
    )]
    kind: &str,
) {
    let (name, body) = document;
    let (doc, facts) = fixture(name, body);
    let expected = expected(name, kind);
    let actual = rows(kind, &doc, &facts);
    let diffs = differences(&format!("{name}/{kind}"), &expected, &actual);
    assert!(diffs.is_empty(), "\n{}\n", diffs.join("\n"));
}

/// What a document cites and which instruments it names, per paragraph, for the comparison of
/// language versions.
fn cited_rows(doc: &SourceDocument, facts: &DocumentFacts) -> BTreeSet<String> {
    let mut out = rows("citations", doc, facts);
    out.extend(
        rows("acts", doc, facts)
            .into_iter()
            .map(|r| format!("act\t{r}")),
    );
    out.extend(
        rows("instruments", doc, facts)
            .into_iter()
            .map(|r| format!("mentions\t{r}")),
    );
    out
}

/// Paragraphs of a Chinese seed (copied from `data/documents/`) and their English rendering
/// (written for this test; `tests/fixtures/english/parallel/`) cite the same provisions, acts
/// and documents and name the same instruments.
#[rstest]
#[case("wg7-2024-background-paper", "wg7", 40)]
#[case("wg4-2009-report", "wg4", 10)]
fn an_english_rendering_cites_what_the_chinese_paragraphs_cite(
    #[case] document: &str,
    #[case] body: &str,
    #[case] at_least: usize,
) {
    let dir = repo().join("tests/fixtures/english/parallel");
    let gazetteer = gazetteer();
    let read_facts = |language: &str| {
        let doc = read(&dir, &format!("{document}.{language}.txt"), language, body);
        let facts = ctockg::extract::extract_document(&doc, &gazetteer);
        cited_rows(&doc, &facts)
    };
    let chinese = read_facts("zh");
    let english = read_facts("en");
    assert!(
        chinese.len() >= at_least,
        "the Chinese paragraphs give only {} rows: {chinese:#?}",
        chinese.len()
    );
    let diffs = differences(&format!("{document} (zh → en)"), &chinese, &english);
    assert!(diffs.is_empty(), "\n{}\n", diffs.join("\n"));
}
