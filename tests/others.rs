//! French, Spanish, Russian and Arabic text give the acts, provisions, dated meetings, adopted
//! agenda, attendance and speakers English and Chinese text give: each fixture in `tests/fixtures/others/` (written, not copied; see its
//! README) is read as the corpus reads a file, its facts are extracted, and each kind of fact is
//! compared as a set with `tests/fixtures/others/{document}/{kind}.tsv` (written by reading the
//! fixture), every difference printed. The attendance and speakers of every fixture are also
//! those of their English rendering (`attendance.en.txt`), and an unknown name is a warning with
//! its paragraph in every language.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use rstest::rstest;

use crate::common::{differences, repo};
use ctockg::corpus::{Entry, ManifestEntry, SourceDocument};
use ctockg::extract::{Act, ActKind, Citation, DocumentFacts, MeetingRef, Speaker};
use ctockg::gazetteer::{Gazetteer, Named};

fn facts_of(document: &str, language: &str, body: &str) -> (SourceDocument, DocumentFacts) {
    read(&format!("{document}.{language}.txt"), language, body, None)
}

/// A fixture read as the corpus reads a file the manifest describes, and its facts.
fn read(
    file: &str,
    language: &str,
    body: &str,
    doc_type: Option<&str>,
) -> (SourceDocument, DocumentFacts) {
    let dir = repo().join("tests/fixtures/others");
    let bytes = std::fs::read(dir.join(file)).expect("fixture is readable");
    let entry = Entry {
        file: file.to_owned(),
        manifest: Some(ManifestEntry {
            file: file.to_owned(),
            language: Some(language.to_owned()),
            body: Some(body.to_owned()),
            doc_type: doc_type.map(str::to_owned),
            ..Default::default()
        }),
        manifest_line: None,
    };
    let doc = ctockg::corpus::document_from_bytes(&dir, &entry, &bytes).expect("fixture reads");
    let facts = ctockg::extract::extract_document(&doc, gazetteer());
    (doc, facts)
}

/// The block a fact comes from: its paragraph or footnote id, else its kind.
fn block(doc: &SourceDocument, index: usize) -> String {
    let block = &doc.blocks[index];
    block
        .local_id()
        .unwrap_or_else(|| format!("{:?}", block.kind).to_lowercase())
}

fn act(act: &Act) -> String {
    let kind = match act.kind {
        ActKind::Resolution => "resolution",
        ActKind::Decision => "decision",
    };
    format!("{kind}/{}/{}-{}", act.body, act.session, act.number)
}

fn cited(citation: &Citation) -> String {
    match citation {
        Citation::Provision(instrument, path) => {
            format!("instrument/{instrument}/{}", path.join("/"))
        }
        Citation::Act(a) => act(a),
        Citation::Document(symbol) => format!("doc/{symbol}"),
    }
}

/// One kind of fact as rows of tab-separated cells.
fn rows(kind: &str, doc: &SourceDocument, facts: &DocumentFacts) -> BTreeSet<String> {
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
        "acts" => facts
            .acts
            .iter()
            .map(|(b, a, _)| format!("{}\t{}", at(*b), act(a)))
            .collect(),
        "citations" => facts
            .citations
            .iter()
            .map(|(b, c)| format!("{}\t{}", at(*b), cited(c)))
            .collect(),
        "agenda" => facts
            .agenda
            .iter()
            .map(|i| {
                let meeting = match &i.meeting {
                    MeetingRef::Dated(key) => key.to_string(),
                    MeetingRef::Ordinal { body, ordinal, .. } => format!("{body}/#{ordinal}"),
                };
                format!("{meeting}\t{}\t{}\t{}", i.number, i.title, at(i.block))
            })
            .collect(),
        "participations" => facts
            .participations
            .iter()
            .map(|p| {
                format!(
                    "{}\t{}\t{}",
                    named(gazetteer(), p.participant),
                    p.role.slug(),
                    at(p.block)
                )
            })
            .collect(),
        "statements" => facts
            .statements
            .iter()
            .map(|s| {
                let item = s.item.map(|n| n.to_string()).unwrap_or_default();
                format!("{}\t{item}\t{}", speaker(&s.speaker), at(s.block))
            })
            .collect(),
        "persons" => facts
            .persons
            .iter()
            .map(|p| {
                let represents = p.represents.map(|n| named(gazetteer(), n));
                format!(
                    "{}\t{}\t{}\t{}\t{}",
                    p.slug,
                    p.name,
                    p.role.slug(),
                    represents.unwrap_or_default(),
                    at(p.block)
                )
            })
            .collect(),
        "unresolved" => facts
            .unresolved
            .iter()
            .map(|u| format!("{}\t{}", u.name, at(u.block)))
            .collect(),
        other => panic!("no rows defined for {other}"),
    }
}

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
        Gazetteer::load(&repo().join("data"), &repo().join("ontology")).expect("gazetteer")
    });
    &GAZETTEER
}

/// A country as `country/ISO3`, an organisation as `org/KEY`.
fn named(gazetteer: &Gazetteer, named: Named) -> String {
    match named {
        Named::Country(i) => format!("country/{}", gazetteer.countries[i].iso3),
        Named::Organisation(i) => format!("org/{}", gazetteer.organisations[i].key),
    }
}

fn speaker(speaker: &Speaker) -> String {
    match speaker {
        Speaker::Named(n) => named(gazetteer(), *n),
        Speaker::Person(slug) => format!("person/{slug}"),
    }
}

fn expected(document: &str, kind: &str) -> BTreeSet<String> {
    let path = repo()
        .join("tests/fixtures/others")
        .join(document)
        .join(format!("{kind}.tsv"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .map(|l| l.trim_end_matches('\r').to_owned())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

#[rstest]
fn others_fixture_facts_match_the_expected_files(
    #[values(
        ("wg7-2013-report", "fr", "wg7"),
        ("wg4-2010-report", "es", "wg4"),
        ("wg7-2012-report", "ru", "wg7"),
        ("wg4-2009-report", "ar", "wg4")
    )]
    document: (&str, &str, &str),
    #[values(
        "meetings",
        "acts",
        "citations",
        "agenda",
        "participations",
        "statements",
        "persons",
        "unresolved"
    )]
    kind: &str,
) {
    let (name, language, body) = document;
    let (doc, facts) = facts_of(name, language, body);
    let expected = expected(name, kind);
    let actual = rows(kind, &doc, &facts);
    let diffs = differences(&format!("{name}.{language}/{kind}"), &expected, &actual);
    assert!(diffs.is_empty(), "\n{}\n", diffs.join("\n"));
}

/// The English rendering of the attendance and speaker paragraphs every fixture holds, read as
/// the English rules read a report.
fn english_rendering() -> (SourceDocument, DocumentFacts) {
    read("attendance.en.txt", "en", "wg7", Some("report"))
}

/// What a document says of its meeting whatever its language and paragraph numbers: the agenda's
/// item numbers, who attended in which role, who spoke under which item (a panellist as the State
/// they represent, their name being written in the document's script), and how many names were
/// unknown.
fn language_free(facts: &DocumentFacts) -> BTreeSet<String> {
    let mut lines = BTreeSet::new();
    for item in &facts.agenda {
        lines.insert(format!("agenda item {}", item.number));
    }
    for p in &facts.participations {
        lines.insert(format!(
            "{} attended as {}",
            named(gazetteer(), p.participant),
            p.role.slug()
        ));
    }
    for s in &facts.statements {
        let who = match &s.speaker {
            Speaker::Named(n) => named(gazetteer(), *n),
            Speaker::Person(slug) => facts
                .persons
                .iter()
                .find(|p| &p.slug == slug)
                .and_then(|p| p.represents)
                .map(|n| format!("panellist of {}", named(gazetteer(), n)))
                .unwrap_or_else(|| format!("person/{slug}")),
        };
        let item = s
            .item
            .map_or_else(|| "no item".to_owned(), |n| n.to_string());
        lines.insert(format!("{who} spoke under {item}"));
    }
    lines.insert(format!("{} unknown names", facts.unresolved.len()));
    lines
}

#[rstest]
fn attendance_and_speakers_equal_the_english_rendering(
    #[values(
        ("wg7-2013-report", "fr", "wg7"),
        ("wg4-2010-report", "es", "wg4"),
        ("wg7-2012-report", "ru", "wg7"),
        ("wg4-2009-report", "ar", "wg4")
    )]
    document: (&str, &str, &str),
) {
    let (name, language, body) = document;
    let (_, english) = english_rendering();
    let expected = language_free(&english);
    assert!(
        expected.len() > 40,
        "the English rendering gives its facts ({} lines)",
        expected.len()
    );
    let (_, facts) = facts_of(name, language, body);
    let actual = language_free(&facts);
    let diffs = differences(
        &format!("{name}.{language} against English"),
        &expected,
        &actual,
    );
    assert!(diffs.is_empty(), "\n{}\n", diffs.join("\n"));
}

/// An unknown name in a list is a warning naming its paragraph, in every language.
#[rstest]
fn unknown_names_are_warnings_with_their_paragraph(
    #[values(
        ("wg7-2013-report", "fr", "wg7", "Organisation des États américains", "para_11"),
        ("wg4-2010-report", "es", "wg4", "Organización de los Estados Americanos", "para_10"),
        ("wg7-2012-report", "ru", "wg7", "Организация американских государств", "para_10"),
        ("wg4-2009-report", "ar", "wg4", "منظمة الدول الأمريكية", "para_9")
    )]
    document: (&str, &str, &str, &str, &str),
) {
    let (name, language, body, unknown, paragraph) = document;
    let (doc, facts) = facts_of(name, language, body);
    let warned: Vec<(String, String)> = facts
        .unresolved
        .iter()
        .map(|u| (u.name.clone(), block(&doc, u.block)))
        .collect();
    assert!(
        warned
            .iter()
            .any(|(n, p)| n.ends_with(unknown) && p == paragraph),
        "{name}.{language}: {unknown} in {paragraph} is not among {warned:?}"
    );
}
