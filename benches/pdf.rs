//! PDF reading speed: `formats::pdf::convert` (pdftotext and the layout rebuilt from its word
//! boxes) over the PDF fixtures of `tests/fixtures/pdf`, in pages/s and MB/s of PDF.
//!
//! Run with `cargo bench --bench pdf` (a release build); it prints a Markdown table. Each file is
//! read `CTOCKG_BENCH_ROUNDS` times (5 unless told) and the median round is kept.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ctockg::formats::pdf;

/// The fixtures with a text layer (the scan and the encrypted file are refused at once).
const FIXTURES: [&str; 4] = [
    "wg4-2009-report.zh.pdf",
    "wg7-2024-background-paper.zh.pdf",
    "wg4-2009-report.en.pdf",
    "mixed.pdf",
];

fn rounds() -> usize {
    std::env::var("CTOCKG_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(5)
}

/// The page count `pdfinfo` gives.
fn pages(path: &Path) -> u32 {
    let output = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo runs (poppler-utils)");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the pages")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    let rounds = rounds();
    println!("| file | pages | size (KB) | lines | median time (ms) | pages/s | MB/s |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let (mut all_pages, mut all_bytes, mut all_time) = (0u32, 0u64, Duration::ZERO);
    for name in FIXTURES {
        let path = dir.join(name);
        let bytes = std::fs::metadata(&path).expect("fixture").len();
        let pages = pages(&path);
        let mut lines = 0;
        let times = (0..rounds)
            .map(|_| {
                let start = Instant::now();
                let converted = pdf::convert(&path).unwrap_or_else(|e| panic!("{e}"));
                let elapsed = start.elapsed();
                lines = converted.line_pages.len();
                elapsed
            })
            .collect();
        let time = median(times);
        let seconds = time.as_secs_f64();
        println!(
            "| {name} | {pages} | {:.0} | {lines} | {:.1} | {:.1} | {:.2} |",
            bytes as f64 / 1024.0,
            seconds * 1000.0,
            f64::from(pages) / seconds,
            bytes as f64 / 1e6 / seconds
        );
        all_pages += pages;
        all_bytes += bytes;
        all_time += time;
    }
    let seconds = all_time.as_secs_f64();
    println!(
        "| **all** | {all_pages} | {:.0} | | {:.1} | {:.1} | {:.2} |",
        all_bytes as f64 / 1024.0,
        seconds * 1000.0,
        f64::from(all_pages) / seconds,
        all_bytes as f64 / 1e6 / seconds
    );
}
