//! See the list in tests.rs.
//! Word fixtures (`tests/fixtures/docx/`, made by its `make.py` with pandoc) read as the same
//! blocks as their text, and, for the seed documents, as the same facts; bad Word files give
//! their error, naming the file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rstest::rstest;

use crate::common::{repo, same_problems, shown};
use ctockg::corpus::{self, Block, BlockKind, Place, Problem, ProblemKind, SourceDocument};
use ctockg::extract::{self, DocumentFacts};
use ctockg::formats::{FormatError, docx};
use ctockg::gazetteer::Gazetteer;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/docx").join(name)
}

/// The text a Word fixture converts to; the fixture holds nothing the reader warns of.
fn converted(name: &str) -> String {
    let path = fixture(name);
    let bytes = std::fs::read(&path).expect("fixture");
    let converted = docx::convert(&path, &bytes).expect("converts");
    assert!(converted.line_pages.is_empty(), "Word has no pages");
    same_problems(name, &[], &converted.warnings);
    converted.text
}

/// Compares the blocks of a Word file with those of its text, whole, printing every difference
/// with its place. The main text and the footnotes are compared as two lists: the seeds are
/// PDF text, where a footnote is printed at the foot of its page, after whatever paragraphs
/// end the page; Word keeps it with its paragraph, so the Word file's footnotes must each
/// follow the block that refers to it, which is checked too.
fn same_blocks(what: &str, expected: &[Block], actual: &[Block]) {
    let split = |blocks: &[Block]| -> (Vec<String>, Vec<String>) {
        let (notes, main): (Vec<&Block>, Vec<&Block>) =
            blocks.iter().partition(|b| b.kind == BlockKind::Footnote);
        (
            main.into_iter().map(shown).collect(),
            notes.into_iter().map(shown).collect(),
        )
    };
    let (expected_main, expected_notes) = split(expected);
    let (actual_main, actual_notes) = split(actual);
    let mut differences = Vec::new();
    for (part, expected, actual) in [
        ("block", &expected_main, &actual_main),
        ("footnote", &expected_notes, &actual_notes),
    ] {
        for i in 0..expected.len().max(actual.len()) {
            match (expected.get(i), actual.get(i)) {
                (Some(e), Some(a)) if e == a => {}
                (e, a) => differences.push(format!(
                    "{part} {i}:\n  expected {}\n  actual   {}",
                    e.map_or("(none)", String::as_str),
                    a.map_or("(none)", String::as_str)
                )),
            }
        }
    }
    let mut referring: Option<&Block> = None;
    for block in actual {
        if block.kind != BlockKind::Footnote {
            referring = Some(block);
            continue;
        }
        let number = block.number.clone().unwrap_or_default();
        if !referring.is_some_and(|r| r.footnote_refs.contains(&number)) {
            differences.push(format!(
                "footnote {number} does not follow the block that refers to it (it follows {})",
                referring.map_or("nothing".to_owned(), shown)
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{what}: {} differences in {} blocks\n{}",
        differences.len(),
        expected.len(),
        differences.join("\n")
    );
}

#[rstest]
#[case::report_2009("wg4-2009-report.zh.docx", "data/documents/wg4-2009-report.zh.txt")]
#[case::report_2009_numbered(
    "wg4-2009-report-numbered.zh.docx",
    "data/documents/wg4-2009-report.zh.txt"
)]
#[case::thematic_summary_2021(
    "wg7-2021-thematic-summary.zh.docx",
    "data/documents/wg7-2021-thematic-summary.zh.txt"
)]
#[case::english_report(
    "working-group-report.en.docx",
    "tests/fixtures/docx/working-group-report.en.txt"
)]
#[case::english_numbered_through_styles(
    "working-group-styles.en.docx",
    "tests/fixtures/docx/working-group-styles.en.txt"
)]
fn word_files_read_as_the_blocks_of_their_text(#[case] word: &str, #[case] text: &str) {
    let expected = std::fs::read_to_string(repo().join(text)).expect("text");
    let expected = corpus::normalise(&expected).blocks;
    let actual = corpus::normalise(&converted(word)).blocks;
    assert!(
        expected.iter().filter(|b| b.number.is_some()).count() >= 3,
        "{text} has numbered paragraphs to compare"
    );
    same_blocks(word, &expected, &actual);
}

/// The seed document a manifest entry names, from the given text instead of its file. The
/// one use of the corpus's reading code, kept here: it is being changed elsewhere.
fn source_document(file: &str, text: &str) -> SourceDocument {
    let data = repo().join("data");
    let (_, entries) = corpus::discover(&data).expect("corpus");
    let entry = entries
        .iter()
        .find(|e| e.file.ends_with(file))
        .expect("the seed is in the corpus");
    corpus::document_from_bytes(&data, entry, text.as_bytes()).expect("the text reads")
}

/// Every fact, one line each, named by its kind, its block named by its number (`para_12`,
/// `fn_3`) or, unnumbered, by its place among the blocks of the main text: footnotes stand
/// elsewhere in a PDF's text than in a Word file's (see [`same_blocks`]).
fn fact_lines(doc: &SourceDocument, facts: &DocumentFacts) -> BTreeSet<String> {
    let mut main = 0;
    let names: Vec<String> = doc
        .blocks
        .iter()
        .map(|b| {
            main += usize::from(b.kind != BlockKind::Footnote);
            b.local_id().unwrap_or_else(|| format!("block_{main}"))
        })
        .collect();
    let block = regex::Regex::new(r"block: (\d+)").expect("regex");
    let named = |debug: String| {
        block
            .replace_all(&debug, |c: &regex::Captures<'_>| {
                format!("block: {}", names[c[1].parse::<usize>().expect("index")])
            })
            .into_owned()
    };
    let lines = |kind: &str, items: Vec<String>| -> Vec<String> {
        items
            .into_iter()
            .map(|i| format!("{kind} {}", named(i)))
            .collect()
    };
    let at = |index: usize, rest: String| format!("in {} {rest}", names[index]);
    [
        vec![
            format!("id {:?}", facts.id),
            format!("header {:?}", facts.header),
        ],
        lines(
            "meeting",
            facts.meetings.iter().map(|i| format!("{i:?}")).collect(),
        ),
        lines(
            "meeting-ref",
            facts
                .meeting_refs
                .iter()
                .map(|(b, r)| at(*b, format!("{r:?}")))
                .collect(),
        ),
        lines(
            "document",
            facts.documents.iter().map(|i| format!("{i:?}")).collect(),
        ),
        lines(
            "agenda",
            facts.agenda.iter().map(|i| format!("{i:?}")).collect(),
        ),
        lines(
            "act",
            facts
                .acts
                .iter()
                .map(|(b, a, e)| at(*b, format!("{a:?} {e:?}")))
                .collect(),
        ),
        lines(
            "citation",
            facts
                .citations
                .iter()
                .map(|(b, c)| at(*b, format!("{c:?}")))
                .collect(),
        ),
        lines(
            "mention",
            facts
                .mentions
                .iter()
                .map(|(b, m)| at(*b, format!("{m:?}")))
                .collect(),
        ),
        lines(
            "participation",
            facts
                .participations
                .iter()
                .map(|i| format!("{i:?}"))
                .collect(),
        ),
        lines(
            "statement",
            facts.statements.iter().map(|i| format!("{i:?}")).collect(),
        ),
        lines(
            "person",
            facts.persons.iter().map(|i| format!("{i:?}")).collect(),
        ),
        lines(
            "unresolved",
            facts.unresolved.iter().map(|i| format!("{i:?}")).collect(),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[rstest]
#[case::report_2009("wg4-2009-report.zh.docx", "wg4-2009-report.zh.txt")]
#[case::report_2009_numbered("wg4-2009-report-numbered.zh.docx", "wg4-2009-report.zh.txt")]
#[case::thematic_summary_2021(
    "wg7-2021-thematic-summary.zh.docx",
    "wg7-2021-thematic-summary.zh.txt"
)]
fn word_files_give_the_facts_of_their_text(#[case] word: &str, #[case] seed: &str) {
    let data = repo().join("data");
    let gazetteer = Gazetteer::load(&data, &repo().join("ontology")).expect("gazetteer");
    let seed_text = std::fs::read_to_string(data.join("documents").join(seed)).expect("seed");
    let facts = |text: &str| {
        let doc = source_document(seed, text);
        fact_lines(&doc, &extract::extract_document(&doc, &gazetteer))
    };
    let expected = facts(&seed_text);
    let actual = facts(&converted(word));
    assert!(
        expected
            .iter()
            .filter(|l| l.starts_with("citation"))
            .count()
            > 3,
        "the seed has facts to compare"
    );
    let differences = crate::common::differences(word, &expected, &actual);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// What Word holds that the reader cannot write as it stands is a warning with its file and
/// the paragraph it is in: a glyph of a symbol font is left out, a list numbered in words is
/// numbered in digits (once per format, at its first paragraph, after the other warnings).
#[test]
fn what_a_word_file_loses_is_a_warning_at_its_paragraph() {
    let path = fixture("working-group-symbols.en.docx");
    let bytes = std::fs::read(&path).expect("fixture");
    let converted = docx::convert(&path, &bytes).expect("converts");
    let warning = |paragraph, message: &str| {
        Problem::new(ProblemKind::Format, &path, message).at(Place::Paragraph(paragraph))
    };
    let expected = [
        warning(
            3,
            "a symbol of the font Wingdings (code F0E0) has no character and is left out",
        ),
        warning(
            5,
            "the list number format ordinalText is written in decimal digits",
        ),
    ];
    same_problems(
        "working-group-symbols.en.docx",
        &expected,
        &converted.warnings,
    );
    assert_eq!(
        converted.warnings[0].to_string(),
        format!(
            "{}, paragraph 3: a symbol of the font Wingdings (code F0E0) has no character and is left out",
            path.display()
        )
    );
    assert!(
        converted
            .text
            .contains("2. Departures by sea fell in 2030  and by land rose.\n\n"),
        "{}",
        converted.text
    );
    assert!(
        converted
            .text
            .contains("1: Share information on routes;\n\n2: Train the officers"),
        "{}",
        converted.text
    );
}

/// The error a bad file gives, and its message (which must name the file).
fn error_of(path: &Path, bytes: &[u8]) -> (FormatError, String) {
    let error = docx::convert(path, bytes).expect_err("a bad file is refused");
    let message = error.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "the message names the file: {message}"
    );
    (error, message)
}

#[test]
fn a_legacy_word_file_says_how_to_convert_it() {
    let path = Path::new("reports/CTOC_COP_WG.4_2009_2.doc");
    // an OLE compound file's header, then the sector shift and size fields of a real one
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.extend_from_slice(&[0; 16]);
    bytes.extend_from_slice(&[0x3E, 0x00, 0x03, 0x00, 0xFE, 0xFF, 0x09, 0x00]);
    let (error, message) = error_of(path, &bytes);
    assert!(matches!(error, FormatError::LegacyDoc { .. }), "{error:?}");
    assert!(
        message.contains("soffice --headless --convert-to docx"),
        "{message}"
    );
}

#[test]
fn a_zip_that_is_not_word_is_not_word() {
    let path = fixture("not-word.zip");
    let (error, _) = error_of(&path, &std::fs::read(&path).expect("fixture"));
    assert!(matches!(error, FormatError::NotWord { .. }), "{error:?}");
}

#[test]
fn a_truncated_word_file_is_corrupt() {
    let path = fixture("working-group-report.en.docx");
    let bytes = std::fs::read(&path).expect("fixture");
    for cut in [bytes.len() - 10, bytes.len() / 2, 100] {
        let (error, message) = error_of(&path, &bytes[..cut]);
        assert!(
            matches!(error, FormatError::Corrupt { .. }),
            "cut at {cut}: {error:?}"
        );
        assert!(!message.contains('\n'), "one line: {message}");
    }
}

#[test]
fn malformed_xml_is_corrupt_and_says_which_part() {
    let path = fixture("malformed.docx");
    let (error, message) = error_of(&path, &std::fs::read(&path).expect("fixture"));
    match error {
        FormatError::Corrupt { detail, .. } => {
            assert!(
                detail.starts_with("word/document.xml: malformed XML"),
                "{detail}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(!message.contains('\n'), "one line: {message}");
}

#[test]
fn a_zip_bomb_is_refused_at_the_cap() {
    let path = fixture("bomb.docx");
    let bytes = std::fs::read(&path).expect("fixture");
    assert!(bytes.len() < 1 << 20, "a small file");
    let (error, _) = error_of(&path, &bytes);
    match error {
        FormatError::PartTooLarge { part, limit, .. } => {
            assert_eq!(
                (part.as_str(), limit),
                ("word/document.xml", docx::MAX_PART_SIZE)
            );
        }
        other => panic!("{other:?}"),
    }
}
