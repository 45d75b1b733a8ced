//! Text as other tools leave it: the real texts of `tests/fixtures/other-tools/` (sources and
//! damage in its README), in the six UN languages, read through the normaliser. For each: the
//! paragraph numbers found, every character kept, and the guesses reported; and none of them is
//! refused any more.

use std::path::{Path, PathBuf};

use ctockg::corpus::{
    self, BlockKind, Ending, Entry, GuessKind, ManifestEntry, Marker, Normalised,
};

use crate::common::repo;

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/other-tools")
}

fn read(file: &str) -> String {
    std::fs::read_to_string(fixtures().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Every fixture file, by name.
fn fixture_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(fixtures())
        .expect("the fixtures")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".txt"))
        .collect();
    files.sort();
    files
}

/// The characters that must be kept, sorted: all bar whitespace and footnote marks (which the
/// normaliser moves into the blocks' footnote references).
fn kept_characters(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && !"⁰¹²³⁴⁵⁶⁷⁸⁹".contains(*c))
        .collect();
    chars.sort_unstable();
    chars
}

fn blocks_text(normalised: &Normalised) -> String {
    normalised
        .blocks
        .iter()
        .map(|b| {
            let number = b
                .number
                .as_deref()
                .map_or(String::new(), |n| format!("{n}. "));
            format!("{number}{}", b.text)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

use GuessKind::{Ending as Ends, Split, Unnumbered};
use Marker::{Paragraph, Signature};

#[rstest::rstest]
#[case::arabic_preamble("ar-ga-res-52-85.txt", &[], &[], &[(7, Unnumbered(1)), (7, Ends(Ending::Clause))])]
#[case::arabic_web_page("ar-sherloc-module-14.txt", &[], &[], &[(1, Unnumbered(2))])]
#[case::a_resolution_in_one_line(
    "en-a-res-56-120.txt",
    &["1"],
    &[],
    &[(1, Split(vec![Paragraph(1)])), (1, Ends(Ending::Clause))]
)]
#[case::a_page_in_one_line(
    "en-a-res-56-99-page2.txt",
    &["4", "5"],
    &[(1, 4)],
    &[(1, Split(vec![Paragraph(4), Paragraph(5), Signature])), (3, Ends(Ending::Line))]
)]
#[case::a_preamble_in_one_line("en-cnd-res-20-4.txt", &[], &[], &[(1, Unnumbered(1)), (1, Ends(Ending::Clause))])]
#[case::a_web_page_with_a_menu("en-legal-un-unctoc.txt", &[], &[], &[(12, Unnumbered(2))])]
#[case::a_web_page_of_paragraphs("en-unodc-constructive-dialogue-2024.txt", &[], &[], &[(1, Unnumbered(7))])]
#[case::a_web_page_of_links(
    "en-unodc-wg-som-2020.txt",
    &[],
    &[],
    &[(1, Unnumbered(3)), (12, Ends(Ending::Line))]
)]
#[case::a_preamble_in_pdf_lines(
    "es-a-res-55-25-anexo-ii.txt",
    &[],
    &[],
    &[(7, Unnumbered(6)), (32, Ends(Ending::Line))]
)]
#[case::a_web_page_with_bullets("es-iom-trafico-de-migrantes.txt", &[], &[], &[(5, Unnumbered(3))])]
#[case::a_first_page_in_one_line("fr-ctoc-cop-2008-crp1.txt", &[], &[], &[(1, Unnumbered(1))])]
#[case::a_transcript("fr-unodc-atelier-2015.txt", &[], &[], &[(15, Unnumbered(1))])]
#[case::a_word_document_as_html("ru-cmw-gin-qpr-1.txt", &[], &[], &[(19, Unnumbered(1))])]
#[case::tables_one_cell_a_line(
    "ru-cmw-report-table.txt",
    &["31", "32"],
    &[(25, 31)],
    &[(63, Ends(Ending::Line))]
)]
#[case::pdf_lines_in_cyrillic("ru-wg-som-2012-report.txt", &["1"], &[], &[])]
#[case::numbers_without_spaces_and_a_list(
    "zh-cmw-cog-co-1.txt",
    &["1", "2", "3", "4", "5"],
    &[],
    &[(33, Ends(Ending::ListItem))]
)]
#[case::numbers_without_spaces(
    "zh-cmw-pry-co-2.txt",
    &["1", "2", "3", "4", "5", "6"],
    &[],
    &[(35, Ends(Ending::Clause))]
)]
#[case::a_chinese_first_page_in_one_line(
    "zh-ctoc-cop-2006-7-rev1.txt",
    &[],
    &[],
    &[(1, Unnumbered(1)), (1, Ends(Ending::Symbol))]
)]
fn each_text_is_read_as_its_numbering_says(
    #[case] file: &str,
    #[case] paragraphs: &[&str],
    #[case] irregular: &[(usize, u32)],
    #[case] guesses: &[(usize, GuessKind)],
) {
    let text = read(file);
    let normalised = corpus::normalise(&text);
    let numbers: Vec<&str> = normalised
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .filter_map(|b| b.number.as_deref())
        .collect();
    assert_eq!(numbers, paragraphs, "{file}: the numbered paragraphs");
    let found: Vec<(usize, u32)> = normalised
        .irregularities
        .iter()
        .map(|i| (i.line, i.number))
        .collect();
    assert_eq!(found, irregular, "{file}: the numbers out of sequence");
    let given: Vec<(usize, GuessKind)> = normalised
        .guesses
        .iter()
        .map(|g| (g.line, g.kind.clone()))
        .collect();
    let messages: Vec<String> = normalised
        .guesses
        .iter()
        .map(|g| format!("{file}:{}: {g}", g.line))
        .collect();
    assert_eq!(
        given,
        guesses,
        "{file}: the guesses\n{}",
        messages.join("\n")
    );
    assert_eq!(
        kept_characters(&blocks_text(&normalised)),
        kept_characters(&text),
        "{file}: every character is kept"
    );
    // unnumbered paragraphs are numbered text_1, text_2… in order, and only where no paragraph is
    let unnumbered: Vec<String> = normalised
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph && b.number.is_none())
        .filter_map(|b| b.local_id())
        .collect();
    let expected: Vec<String> = match guesses.iter().find_map(|(_, g)| match g {
        Unnumbered(n) => Some(*n),
        _ => None,
    }) {
        Some(n) => (1..=n).map(|k| format!("text_{k}")).collect(),
        None => Vec::new(),
    };
    assert_eq!(
        unnumbered, expected,
        "{file}: the unnumbered paragraphs' ids"
    );
}

/// The old normaliser (commit 6e5253f, run on these files with its `document_from_bytes` checks)
/// refused 17 of the 18 texts: 14 for "no numbered paragraph found", 3 as "truncated"
/// (`ru-cmw-report-table`, `zh-cmw-cog-co-1`, `zh-cmw-pry-co-2`); only `ru-wg-som-2012-report`
/// was read. None is refused now.
#[test]
fn no_text_is_refused() {
    let files = fixture_files();
    assert!(files.len() >= 13, "{files:?}");
    let languages: std::collections::BTreeSet<&str> =
        files.iter().filter_map(|f| f.split('-').next()).collect();
    assert_eq!(
        languages.into_iter().collect::<Vec<_>>(),
        ["ar", "en", "es", "fr", "ru", "zh"],
        "the six UN languages"
    );
    let refused: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let entry = entry(file);
            let bytes = std::fs::read(fixtures().join(file)).expect("read");
            corpus::document_from_bytes(&fixtures(), &entry, &bytes)
                .err()
                .map(|e| e.to_string())
        })
        .collect();
    assert!(refused.is_empty(), "refused:\n{}", refused.join("\n"));
}

/// A real cut still is truncation, in a language written with spaces as in Chinese.
#[rstest::rstest]
#[case::a_cut_resolution(
    "en-a-res-56-99-page2.txt",
    "5. Also requests the Secretary-General to report to the"
)]
#[case::a_cut_report("ru-wg-som-2012-report.txt", "1. В резолюции 5/3 под названием")]
#[case::a_cut_list(
    "zh-cmw-cog-co-1.txt",
    "5.委员会满意地注意到缔约国加入或批准了以下国际文书:\n\n(a)《公民及政治权利国际公约》;\n\n(b)《经济社会文化权利国际公"
)]
fn a_text_cut_mid_sentence_is_still_refused(#[case] file: &str, #[case] keep_until: &str) {
    let text = read(file);
    let end = text
        .find(keep_until)
        .map(|at| at + keep_until.len())
        .unwrap_or_else(|| panic!("{file}: {keep_until}"));
    let error = corpus::document_from_bytes(&fixtures(), &entry(file), &text.as_bytes()[..end])
        .expect_err("a cut text is refused");
    assert!(error.to_string().contains("looks truncated"), "{error}");
}

fn entry(file: &str) -> Entry {
    Entry {
        file: file.to_owned(),
        manifest: Some(ManifestEntry {
            file: file.to_owned(),
            language: file.split('-').next().map(str::to_owned),
            body: Some("wg7".to_owned()),
            local_id: Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned()),
            ..ManifestEntry::default()
        }),
        manifest_line: None,
    }
}

/// A web page's unnumbered paragraphs are paragraphs of the graph, `…/text_{k}`, with their
/// text, no number and a label of their own; the same text gives the same IRIs.
#[test]
fn unnumbered_paragraphs_have_iris_of_their_own() {
    use ctockg::extract::{self, resolve::MeetingIndex};
    use ctockg::gazetteer::Gazetteer;
    use ctockg::vocab::ck;

    let file = "en-unodc-constructive-dialogue-2024.txt";
    let gazetteer =
        Gazetteer::load(&repo().join("data"), &repo().join("ontology")).expect("gazetteer");
    let subjects = || {
        let bytes = std::fs::read(fixtures().join(file)).expect("read");
        let doc = corpus::document_from_bytes(&fixtures(), &entry(file), &bytes).expect("read");
        let facts = extract::extract_document(&doc, &gazetteer);
        let meetings = MeetingIndex::new([&facts]);
        let made = ctockg::graph::document_quads(&doc, &facts, &meetings, &gazetteer);
        let paragraphs: std::collections::BTreeSet<String> = made
            .quads
            .quads
            .iter()
            .filter(|q| q.object.to_string() == format!("<{}>", ck::PARAGRAPH.as_str()))
            .map(|q| q.subject.to_string())
            .collect();
        let numbered = made
            .quads
            .quads
            .iter()
            .filter(|q| q.predicate == ck::NUMBER)
            .count();
        let labels: Vec<String> = made
            .quads
            .quads
            .iter()
            .filter(|q| q.subject.to_string().ends_with("/text_1>"))
            .map(|q| q.object.to_string())
            .filter(|o| o.contains("unnumbered paragraph"))
            .collect();
        (paragraphs, numbered, labels)
    };
    let (paragraphs, numbered, labels) = subjects();
    let ids: Vec<String> = paragraphs
        .iter()
        .map(|s| {
            s.trim_end_matches('>')
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(
        ids,
        [
            "text_1", "text_2", "text_3", "text_4", "text_5", "text_6", "text_7"
        ],
        "{paragraphs:?}"
    );
    assert_eq!(numbered, 0, "an unnumbered paragraph has no ck:number");
    assert_eq!(labels, ["\"unnumbered paragraph 1\"@en"]);
    assert_eq!(
        subjects().0,
        paragraphs,
        "the same text gives the same IRIs"
    );
}
