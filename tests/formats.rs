//! PDF files read as the same paragraphs, numbers and facts as their text. Each fixture was laid
//! out by `tests/fixtures/pdf/make.py` (Typst) like a UN document and has its expected text
//! beside it; damaged, encrypted and scanned files give their error, naming the file.

use std::path::{Path, PathBuf};

use rstest::rstest;

use crate::common::{assert_same, repo, same_problems, scratch, shown};
use ctockg::corpus::{self, Place, Problem, ProblemKind};
use ctockg::extract;
use ctockg::formats::{Converted, FormatError, pdf};
use ctockg::gazetteer::Gazetteer;

fn fixture(file: &str) -> PathBuf {
    repo().join("tests/fixtures/pdf").join(file)
}

fn converted(name: &str) -> Converted {
    pdf::convert(&fixture(&format!("{name}.pdf"))).unwrap_or_else(|e| panic!("{e}"))
}

fn expected_text(name: &str) -> String {
    let path = fixture(&format!("{name}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn shapes(text: &str) -> Vec<String> {
    corpus::normalise(text).blocks.iter().map(shown).collect()
}

#[rstest]
#[case::report_2009_zh("wg4-2009-report.zh")]
#[case::background_paper_2024_zh("wg7-2024-background-paper.zh")]
#[case::report_2009_en("wg4-2009-report.en")]
fn a_pdf_reads_as_the_blocks_of_its_text(#[case] name: &str) {
    let pdf = converted(name);
    let actual = shapes(&pdf.text);
    let expected = shapes(&expected_text(name));
    assert!(
        expected.len() > 20,
        "{name}: the expected text has few blocks"
    );
    assert_same(name, &expected, &actual);
    same_problems(name, &[], &pdf.warnings);
}

/// The facts the build extracts from a text, given the manifest entry of the seed document
/// `file` (the one place this test uses the ingest side).
fn facts_of(file: &str, text: &str) -> Vec<String> {
    let data = repo().join("data");
    let (_, entries) = corpus::discover(&data).expect("the corpus");
    let entry = entries
        .iter()
        .find(|e| e.file == file)
        .expect("the seed is in the corpus");
    let doc = corpus::document_from_bytes(&data, entry, text.as_bytes())
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    let gazetteer = Gazetteer::load(&data, &repo().join("ontology")).expect("gazetteer loads");
    let facts = extract::extract_document(&doc, &gazetteer);
    format!("{facts:#?}").lines().map(str::to_owned).collect()
}

#[rstest]
#[case::report_2009("wg4-2009-report.zh", "documents/wg4-2009-report.zh.txt")]
#[case::background_paper_2024(
    "wg7-2024-background-paper.zh",
    "documents/wg7-2024-background-paper.zh.txt"
)]
fn a_chinese_pdf_gives_the_facts_of_its_text(#[case] name: &str, #[case] file: &str) {
    let expected = facts_of(file, &expected_text(name));
    let actual = facts_of(file, &converted(name).text);
    assert!(
        expected.len() > 200,
        "{name}: the text gives few facts to compare:\n{}",
        expected.join("\n")
    );
    assert_same(name, &expected, &actual);
}

/// Where each of `wanted` is among the lines, failing on one that is missing or out of order.
fn assert_in_order(name: &str, lines: &[&str], wanted: &[&str]) {
    let mut from = 0;
    for want in wanted {
        let at = lines[from..]
            .iter()
            .position(|l| l == want)
            .unwrap_or_else(|| panic!("{name}: {want:?} missing after line {from}:\n{lines:#?}"));
        from += at + 1;
    }
}

#[rstest]
#[case::report_2009_zh(
    "wg4-2009-report.zh",
    &["CTOC/COP/WG.4/2009/2", "V.09-82535 (C)", "联合国打击跨国有组织犯罪公约 缔约方会议", "Distr.: General",
      "21 April 2009", "Chinese", "Original: English", "贩运人口问题工作组", "2009年4月14日和15日，维也纳"]
)]
#[case::background_paper_2024_zh(
    "wg7-2024-background-paper.zh",
    &["CTOC/COP/WG.7/2024/2", "V.24-07530 (C)", "联合国打击跨国有组织犯罪公约 缔约方会议", "Distr.: General",
      "30 April 2024", "Chinese", "Original: English", "偷运移民问题工作组", "2024年7月11日和12日，维也纳",
      "临时议程*项目2"]
)]
#[case::report_2009_en(
    "wg4-2009-report.en",
    &["CTOC/COP/WG.4/2009/2", "V.09-82534 (E)", "Conference of the Parties to the", "Distr.: General",
      "21 April 2009", "Original: English", "Working Group on Trafficking in Persons",
      "Vienna, 14 and 15 April 2009"]
)]
fn the_masthead_comes_out_in_order_and_page_furniture_goes(
    #[case] name: &str,
    #[case] masthead: &[&str],
) {
    let pdf = converted(name);
    let lines: Vec<&str> = pdf.text.lines().collect();
    assert_in_order(name, &lines, masthead);
    let (symbol, job) = (masthead[0], masthead[1]);
    let count = |text: &str| lines.iter().filter(|l| l.contains(text)).count();
    assert_eq!(count(symbol), 1, "{name}: the running headers are left");
    assert_eq!(
        count(&job[..10]),
        1,
        "{name}: the job number is not kept once"
    );
    let barcode = format!("*{}*", job[2..10].replace('-', ""));
    assert_eq!(count(&barcode), 0, "{name}: the barcode {barcode} is left");
    assert!(
        !lines
            .iter()
            .any(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit())),
        "{name}: a page number is left"
    );
    // each line has its page, the pages go on in order and the text reaches the last one
    assert_eq!(pdf.line_pages.len(), lines.len());
    assert_eq!(pdf.page_of_line(1), Some(1));
    assert!(pdf.line_pages.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(
        pdf.line_pages.last().copied(),
        Some(pages(&fixture(&format!("{name}.pdf"))))
    );
}

/// The page count `pdfinfo` gives.
fn pages(path: &Path) -> u32 {
    let output = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the pages")
}

#[test]
fn footnotes_stay_footnotes_and_their_references_superscripts() {
    let pdf = converted("wg4-2009-report.zh");
    let lines: Vec<&str> = pdf.text.lines().collect();
    let reference = lines
        .iter()
        .position(|l| l.contains("议定书》¹和有效执行"))
        .expect("the reference to footnote 1 is a superscript on its word");
    let body = lines
        .iter()
        .position(|l| l.starts_with('¹') && l.contains("《条约汇编》"))
        .expect("footnote 1 is a line opening with its mark");
    assert!(reference < body);
    let page = pdf.page_of_line(body + 1);
    assert_eq!(pdf.page_of_line(reference + 1), page);
    // after the page's body text: up to the next page, only footnotes
    let rest: Vec<&&str> = lines[body..]
        .iter()
        .zip(&pdf.line_pages[body..])
        .take_while(|(_, p)| Some(**p) == page)
        .map(|(l, _)| l)
        .collect();
    assert!(
        rest.iter()
            .all(|l| l.is_empty() || l.starts_with(['¹', '²'])),
        "{rest:#?}"
    );
    assert!(
        body + rest.len() < lines.len(),
        "the text goes on after the footnotes"
    );
}

#[test]
fn a_scan_has_no_text_layer() {
    let path = fixture("scan.pdf");
    let error = pdf::convert(&path).expect_err("a scan has no text");
    assert!(
        matches!(error, FormatError::NoTextLayer { pages: 2, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("scan.pdf"), "{error}");
}

#[test]
fn a_page_without_text_among_others_is_a_warning_naming_it() {
    let pdf = pdf::convert(&fixture("mixed.pdf")).expect("the text pages are read");
    assert_eq!(pdf.text, "1. 第一页的文字。\n\n2. 第三页的文字。\n");
    assert_eq!(pdf.line_pages, [1, 1, 3]);
    let expected = [Problem::new(
        ProblemKind::Format,
        fixture("mixed.pdf"),
        "no text layer (a scanned page?); its text is missing",
    )
    .at(Place::Page(2))];
    same_problems("mixed.pdf", &expected, &pdf.warnings);
}

#[test]
fn an_encrypted_pdf_says_so() {
    let error = pdf::convert(&fixture("encrypted.pdf")).expect_err("it needs a password");
    assert!(matches!(error, FormatError::Encrypted { .. }), "{error:?}");
    assert!(error.to_string().contains("encrypted.pdf"), "{error}");
}

#[rstest]
#[case::cut_in_half("half")]
#[case::cut_before_its_end("end")]
fn a_truncated_pdf_is_corrupt(#[case] cut: &str) {
    let bytes = std::fs::read(fixture("wg4-2009-report.zh.pdf")).expect("fixture");
    // half the pages, or all but the %%EOF line
    let keep = if cut == "half" {
        bytes.len() / 2
    } else {
        bytes.len() - 8
    };
    let path = scratch(&format!("truncated-pdf-{cut}")).join("cut.pdf");
    std::fs::write(&path, &bytes[..keep]).expect("write");
    let error = pdf::convert(&path).expect_err("a cut file is refused");
    assert!(
        matches!(error, FormatError::Corrupt { format: "PDF", .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("cut.pdf") && !message.contains('\n'),
        "{message}"
    );
}

#[test]
fn a_damaged_pdf_is_corrupt() {
    let path = scratch("damaged-pdf").join("damaged.pdf");
    std::fs::write(&path, b"%PDF-1.7\nnot a PDF body at all\n%%EOF\n").expect("write");
    let error = pdf::convert(&path).expect_err("no document in it");
    assert!(matches!(error, FormatError::Corrupt { .. }), "{error:?}");
    assert!(error.to_string().contains("damaged.pdf"), "{error}");
}
