//! Every shipped query, run with its header's example parameters on the bundled data, against its
//! results file `tests/expected/queries/{name}.tsv`, so that a change in extraction that changes
//! an answer is seen. `CTOCKG_BLESS=1 cargo test queries` rewrites the files after a deliberate
//! change; the diff is then read against the documents before it is committed.

use ctockg::queries;
use ctockg::store::{OutputFormat, write_results};

use crate::common::{built, example_params, repo};

fn run(text: &str) -> String {
    let declared = queries::parameters(text).expect("header");
    let bindings = queries::bind(&declared, &example_params(text)).expect("example binds");
    let results = built()
        .store
        .evaluate_with(text, &bindings)
        .expect("query runs");
    let mut out = Vec::new();
    write_results(results, OutputFormat::Tsv, &mut out).expect("tsv");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn every_shipped_query_gives_its_expected_results() {
    let library = repo().join("queries");
    let expected_dir = repo().join("tests/expected/queries");
    let bless = std::env::var_os("CTOCKG_BLESS").is_some();
    let mut failures = Vec::new();
    let shipped = queries::list(&library).expect("queries/");
    assert!(
        shipped.len() >= 12,
        "the library has {} queries",
        shipped.len()
    );
    for query in shipped {
        let actual = run(&query.text);
        let path = expected_dir.join(format!("{}.tsv", query.name));
        if bless {
            std::fs::create_dir_all(&expected_dir).expect("mkdir");
            std::fs::write(&path, &actual).expect("write");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            let exp: Vec<&str> = expected.lines().collect();
            let act: Vec<&str> = actual.lines().collect();
            for line in exp.iter().filter(|l| !act.contains(l)) {
                failures.push(format!("{}: missing    {line}", query.name));
            }
            for line in act.iter().filter(|l| !exp.contains(l)) {
                failures.push(format!("{}: unexpected {line}", query.name));
            }
            if failures.last().is_none_or(|l| !l.starts_with(&query.name)) {
                failures.push(format!("{}: same rows, different order", query.name));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}
