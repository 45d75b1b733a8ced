//! What both benchmarks need: where the repository and the binaries are, the sizes, percentiles.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Oxigraph's CLI: the one `make bench` installs in `target/bench-venv`, else one on the `PATH`.
pub fn oxigraph_cli() -> Option<PathBuf> {
    let venv = repo().join("target/bench-venv/bin/oxigraph");
    if venv.exists() {
        return Some(venv);
    }
    Command::new("oxigraph")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| PathBuf::from("oxigraph"))
}

/// The corpus sizes to measure: `CTOCKG_BENCH_SIZES`, else 100, 1,000 and 10,000 documents.
pub fn sizes() -> Vec<usize> {
    std::env::var("CTOCKG_BENCH_SIZES")
        .unwrap_or_else(|_| "100,1000,10000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// The release binary, as a user runs it.
pub fn release_binary() -> PathBuf {
    let binary = repo().join("target/release/ctockg");
    assert!(
        binary.exists(),
        "build the release binary first: cargo build --release (make bench does)"
    );
    binary
}

/// A duration in milliseconds, for the tables.
pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The `p` percentile (0 to 1) of sorted durations; zero when there are none.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}
