//! Shared fixtures: the repository's paths, a store built once from the bundled data, and the
//! set comparison that prints every difference.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use ctockg::GraphStore;
use ctockg::ingest::{self, BuildReport, Paths, Silent};
use ctockg::store::{OutputFormat, write_results};
use oxigraph::sparql::QueryResults;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh directory under the system temp dir, unique per test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ctockg-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub struct Built {
    pub store: GraphStore,
    pub report: BuildReport,
}

/// The bundled data, built once for all tests.
pub fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let store_dir = scratch("bundled-store");
        let paths = Paths::new(repo().join("data"), store_dir.clone());
        let report = ingest::build(&paths, &Silent).expect("the bundled data builds");
        let store = GraphStore::open(&store_dir).expect("store opens");
        Built { store, report }
    })
}

/// Copies a directory tree (for tests that change the data).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("readdir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The rows of a tab-separated file, its header line and blank lines left out.
pub fn tsv_rows(path: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// Compares two sets; returns the differences as printable lines (empty when equal).
pub fn differences(
    what: &str,
    expected: &BTreeSet<String>,
    actual: &BTreeSet<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for missing in expected.difference(actual) {
        out.push(format!("{what}: missing    {missing}"));
    }
    for extra in actual.difference(expected) {
        out.push(format!("{what}: unexpected {extra}"));
    }
    out
}

pub use ctockg::queries::example_params;

/// A SELECT answer's lines as tab-separated text, in the order they came, header first.
pub fn tsv_lines(results: QueryResults<'_>) -> Vec<String> {
    let mut out = Vec::new();
    write_results(results, OutputFormat::Tsv, &mut out).expect("tsv");
    String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The `ctockg` binary, to be run in `dir` as a user runs it, with none of the `CTOCKG_…`
/// environment variables of the shell that runs the tests.
pub fn ctockg_command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ctockg"));
    command.current_dir(dir);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("CTOCKG_") {
            command.env_remove(name);
        }
    }
    command
}

/// Runs `ctockg ARGS` in `dir` to its end.
pub fn ctockg(dir: &Path, args: &[&str]) -> Output {
    ctockg_command(dir)
        .args(args)
        .output()
        .expect("ctockg runs")
}
