//! Unit tests of `formats::pdf`.

#[test]
fn a_program_past_its_time_is_stopped() {
    let mut slow = Command::new("sleep");
    slow.arg("5");
    let started = std::time::Instant::now();
    let output = output_within(&mut slow, std::time::Duration::from_millis(200)).expect("runs");
    assert!(output.is_none());
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    let mut quick = Command::new("echo");
    quick.arg("done");
    let output = output_within(&mut quick, std::time::Duration::from_secs(5))
        .expect("runs")
        .expect("in time");
    assert_eq!(output.stdout, b"done\n");
}

use std::process::Command;

use super::breaks::misread;
use super::layout::{is_barcode, is_number_line, is_symbol, job_number_of};
use super::pdftotext::output_within;
use super::*;

#[test]
fn a_missing_pdftotext_names_its_package() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/scan.pdf");
    let error = convert_with("pdftotext-that-is-not-installed", &path).unwrap_err();
    assert!(
        matches!(
            error,
            FormatError::ProgramMissing {
                program: "pdftotext-that-is-not-installed",
                package: "poppler-utils",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("scan.pdf"), "{error}");
}

#[test]
fn job_numbers_barcodes_and_symbols_are_told_apart() {
    let job = |text| job_number_of(text);
    assert_eq!(job("V.20-04567 (C)").as_deref(), Some("V.20-04567 (C)"));
    assert_eq!(job("V.20-04567").as_deref(), Some("V.20-04567"));
    // page 1's date stamps and a later page's number go with it
    assert_eq!(
        job("V.20-04567 (C) 220420 230420").as_deref(),
        Some("V.20-04567 (C)")
    );
    assert_eq!(job("12 V.20-04567").as_deref(), Some("V.20-04567"));
    assert_eq!(job("V.20-0456"), None);
    assert_eq!(job("V.20-04567 (CC)"), None);
    assert_eq!(job("见 V.20-04567"), None);
    assert!(is_barcode("*2004567*"));
    assert!(!is_barcode("* 注"));
    assert!(is_symbol("CTOC/COP/WG.7/2024/2"));
    assert!(!is_symbol("Distr.: General"));
    assert!(is_number_line("12"));
    assert!(!is_number_line("12. 文本"));
}

#[test]
fn breaks_the_normaliser_would_misread_are_found() {
    // a wrapped line ending a sentence would close the paragraph
    assert!(misread(
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十积极影响。",
        "本文件包含研究参考"
    ));
    // between Chinese characters the normaliser joins without a space, as it should
    assert!(!misread(
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
        "续文"
    ));
    // after a comma the normaliser would lose the space, after a letter it puts it back
    assert!(misread(
        "the Convention against Transnational Organized Crime,",
        "and"
    ));
    assert!(!misread(
        "the Convention against Transnational Organized Crime",
        "and"
    ));
    // a line starting like a paragraph number is not one inside a paragraph
    assert!(misread(
        "the Convention against Transnational Organized Crime in",
        "2009."
    ));
}
