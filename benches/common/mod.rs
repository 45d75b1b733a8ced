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

/// The example meeting of the shipped queries' headers, a seed meeting.
const EXAMPLE_MEETING: &str = "wg7/2020-09-08";

/// A shipped query's parameters for a synthetic corpus: the header's example, with the seed
/// meeting it names (absent from a synthetic corpus, where a query about it would answer
/// nothing) replaced by a meeting of the corpus that Italy attended as a State party, so that
/// the example resource exists too. The middle one by date, so that none of the work is the
/// first or the last meeting's.
pub fn corpus_params(store: &ctockg::GraphStore, query: &str) -> Vec<String> {
    use oxigraph::sparql::QueryResults;
    let QueryResults::Solutions(solutions) = store
        .evaluate(
            "PREFIX ck: <https://w3id.org/ctockg/ontology#>
             SELECT DISTINCT ?meeting WHERE {
               ?meeting ck:body <https://w3id.org/ctockg/id/body/wg7> ;
                        ck:participation ?record .
               ?record ck:participant <https://w3id.org/ctockg/id/country/ITA> ;
                       ck:role <https://w3id.org/ctockg/id/role/state-party> .
             } ORDER BY ?meeting",
        )
        .expect("meetings query runs")
    else {
        panic!("meetings query is a SELECT");
    };
    let meetings: Vec<String> = solutions
        .filter_map(|s| match s.expect("solution").get("meeting") {
            Some(oxigraph::model::Term::NamedNode(node)) => node
                .as_str()
                .strip_prefix("https://w3id.org/ctockg/id/meeting/")
                .map(str::to_owned),
            _ => None,
        })
        .collect();
    let meeting = meetings
        .get(meetings.len() / 2)
        .map_or(EXAMPLE_MEETING, String::as_str);
    ctockg::queries::example_params(query)
        .into_iter()
        .map(|param| param.replace(EXAMPLE_MEETING, meeting))
        .collect()
}
