//! Shared fixtures: the repository's paths, a store built once from the bundled data, and the
//! set and list comparisons that print every difference.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use ctockg::GraphStore;
use ctockg::corpus::{Block, Problem};
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

/// Every difference between two lists, as a diff (the longest common subsequence kept): `-` for
/// what only the expected list has, `+` for what only the actual one has.
fn diff(expected: &[String], actual: &[String]) -> Vec<String> {
    let (n, m) = (expected.len(), actual.len());
    let mut common = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[i][j] = if expected[i] == actual[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && expected[i] == actual[j] {
            i += 1;
            j += 1;
        } else if j == m || (i < n && common[i + 1][j] >= common[i][j + 1]) {
            out.push(format!("- [{i}] {}", expected[i]));
            i += 1;
        } else {
            out.push(format!("+ [{j}] {}", actual[j]));
            if let Some(removed) = out.len().checked_sub(2).map(|k| out[k].clone())
                && removed.starts_with('-')
            {
                out.push(where_they_part(&expected[i - 1], &actual[j]));
            }
            j += 1;
        }
    }
    out
}

/// Where two long lines part: a few characters before, and each one's text after.
fn where_they_part(expected: &str, actual: &str) -> String {
    let same = expected
        .chars()
        .zip(actual.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let around = |s: &str| {
        s.chars()
            .skip(same.saturating_sub(8))
            .take(30)
            .collect::<String>()
    };
    format!(
        "  they part at character {same}: expected «{}», read «{}»",
        around(expected),
        around(actual)
    )
}

/// Compares two lists whole, in order, and panics printing every difference.
pub fn assert_same(what: &str, expected: &[String], actual: &[String]) {
    let differences = diff(expected, actual);
    assert!(
        differences.is_empty(),
        "{what}: {} difference(s) (- expected, + read):\n{}",
        differences.len(),
        differences.join("\n")
    );
}

/// A block as the comparisons of read text show it: kind, number, the footnotes it refers to,
/// text.
pub fn shown(block: &Block) -> String {
    format!(
        "{:?} {} {:?} | {}",
        block.kind,
        block.number.as_deref().unwrap_or("-"),
        block.footnote_refs,
        block.text.replace('\n', " ⏎ ")
    )
}

/// Compares the problems a reader or a build gave with those expected, whole (kind, file, place
/// and message), in order, and panics printing every difference.
pub fn same_problems(what: &str, expected: &[Problem], actual: &[Problem]) {
    let shown = |problems: &[Problem]| -> Vec<String> {
        problems
            .iter()
            .map(|p| {
                format!(
                    "{:?} | {} | {:?} | {}",
                    p.kind,
                    p.file.display(),
                    p.place,
                    p.message
                )
            })
            .collect()
    };
    assert_same(what, &shown(expected), &shown(actual));
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
