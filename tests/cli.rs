//! The `ctockg` binary as a user runs it: exit statuses, messages, formats, parameters.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use crate::common::{copy_tree, differences, example_params, repo, scratch};

fn ctockg(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut command = Command::new(env!("CARGO_BIN_EXE_ctockg"));
    command
        .current_dir(dir)
        .args(args)
        .env_remove("CTOCKG_STORE")
        .env_remove("CTOCKG_DATA")
        .env_remove("CTOCKG_QUERIES")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("ctockg runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("ctockg finishes")
}

/// A directory laid out like a checkout: data/, ontology/, queries/.
fn checkout(name: &str) -> std::path::PathBuf {
    let root = scratch(name);
    for dir in ["data", "ontology", "queries"] {
        copy_tree(&repo().join(dir), &root.join(dir));
    }
    root
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const MEETINGS: &str = "PREFIX ck: <https://w3id.org/ctockg/ontology#>
SELECT ?meeting WHERE { ?meeting a ck:Meeting } ORDER BY ?meeting";

#[test]
fn query_builds_a_missing_store_then_answers_in_csv() {
    let root = checkout("cli-query");
    let out = ctockg(&root, &["query", "--format", "csv", "-"], Some(MEETINGS));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("4 of 4 documents"),
        "{}",
        text(&out.stderr)
    );
    let rows: BTreeSet<String> = text(&out.stdout)
        .lines()
        .skip(1)
        .map(|l| {
            l.trim()
                .trim_start_matches("https://w3id.org/ctockg/id/meeting/")
                .to_owned()
        })
        .collect();
    let expected: BTreeSet<String> = [
        "wg4/2009-04-14",
        "wg7/2012-05-30",
        "wg7/2013-11-11",
        "wg7/2015-11-18",
        "wg7/2017-09-11",
        "wg7/2018-07-04",
        "wg7/2019-09-11",
        "wg7/2020-09-08",
        "wg7/2021-10-14",
        "wg7/2024-07-11",
    ]
    .map(String::from)
    .into();
    let diffs = differences("meetings", &expected, &rows);
    assert!(diffs.is_empty(), "\n{}\n", diffs.join("\n"));
    // the store is now fresh: a second query does not rebuild
    let again = ctockg(&root, &["query", "--format", "json", "-"], Some(MEETINGS));
    assert!(again.status.success());
    assert!(
        !text(&again.stderr).contains("documents"),
        "{}",
        text(&again.stderr)
    );
    assert!(text(&again.stdout).starts_with("{\"head\":{\"vars\":[\"meeting\"]}"));
}

#[test]
fn a_failed_document_gives_exit_status_2_and_names_the_file() {
    let root = checkout("cli-failed");
    std::fs::write(
        root.join("data/documents/wg7-2024-background-paper.zh.txt"),
        "",
    )
    .expect("write");
    let out = ctockg(&root, &["build"], None);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("wg7-2024-background-paper.zh.txt: the document is empty"),
        "{stderr}"
    );
    assert!(stderr.contains("3 of 4 documents"), "{stderr}");
}

#[test]
fn unknown_queries_and_parameters_get_clear_errors() {
    let root = checkout("cli-errors");
    let out = ctockg(&root, &["query", "no-such-query"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("ctockg query --list"),
        "{}",
        text(&out.stderr)
    );

    let query = "# param: country iri https://w3id.org/ctockg/id/country/{value} — ISO code\nPREFIX ck: <https://w3id.org/ctockg/ontology#>\nSELECT DISTINCT ?m ?country WHERE { ?m ck:participation/ck:participant ?country }";
    std::fs::write(root.join("by-country.rq"), query).expect("write");
    let missing = ctockg(&root, &["query", "by-country.rq"], None);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("missing parameter country"),
        "{}",
        text(&missing.stderr)
    );
    let unknown = ctockg(
        &root,
        &["query", "by-country.rq", "--param", "colour=red"],
        None,
    );
    assert!(
        text(&unknown.stderr).contains("unknown parameter colour"),
        "{}",
        text(&unknown.stderr)
    );
    let bound = ctockg(
        &root,
        &[
            "query",
            "--format",
            "tsv",
            "by-country.rq",
            "--param",
            "country=ITA",
        ],
        None,
    );
    assert!(bound.status.success(), "{}", text(&bound.stderr));
    let meetings: BTreeSet<String> = text(&bound.stdout)
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .map(str::to_owned)
        .collect();
    let expected: BTreeSet<String> =
        ["<https://w3id.org/ctockg/id/meeting/wg7/2020-09-08>".to_owned()].into();
    let diffs = differences("Italy's meetings", &expected, &meetings);
    assert!(diffs.is_empty(), "\n{}\n", diffs.join("\n"));
}

#[test]
fn construct_results_come_as_rdf_and_select_refuses_rdf_formats() {
    let root = checkout("cli-construct");
    let construct = "PREFIX ck: <https://w3id.org/ctockg/ontology#>
CONSTRUCT { ?b ck:establishedBy ?r } WHERE { ?b ck:establishedBy ?r }";
    let out = ctockg(
        &root,
        &["query", "--format", "ntriples", "-"],
        Some(construct),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let triples: BTreeSet<String> = text(&out.stdout).lines().map(str::to_owned).collect();
    let expected: BTreeSet<String> = [
        "<https://w3id.org/ctockg/id/body/wg4> <https://w3id.org/ctockg/ontology#establishedBy> <https://w3id.org/ctockg/id/decision/cop/4-4> .",
        "<https://w3id.org/ctockg/id/body/wg7> <https://w3id.org/ctockg/ontology#establishedBy> <https://w3id.org/ctockg/id/resolution/cop/5-3> .",
    ]
    .map(String::from)
    .into();
    let diffs = differences("mandates", &expected, &triples);
    assert!(diffs.is_empty(), "\n{}\n", diffs.join("\n"));
    let wrong = ctockg(&root, &["query", "--format", "turtle", "-"], Some(MEETINGS));
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        text(&wrong.stderr).contains("cannot hold SELECT results"),
        "{}",
        text(&wrong.stderr)
    );
}

#[test]
fn every_shipped_query_runs_and_lists() {
    let root = checkout("cli-library");
    let list = ctockg(&root, &["query", "--list"], None);
    assert!(list.status.success());
    let names: Vec<String> = text(&list.stdout)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or_default().to_owned())
        .collect();
    assert!(names.iter().any(|n| n == "meetings"), "{names:?}");
    for name in &names {
        let example = std::fs::read_to_string(root.join("queries").join(format!("{name}.rq")))
            .expect("query file");
        let params = example_params(&example);
        let mut args = vec!["query".to_owned(), name.clone()];
        for p in params {
            args.push("--param".to_owned());
            args.push(p);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = ctockg(&root, &args, None);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
    }
}

#[test]
fn stats_counts_classes_and_graphs() {
    let root = checkout("cli-stats");
    let out = ctockg(&root, &["stats"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let count = |class: &str| -> Option<String> {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("https://w3id.org/ctockg/ontology#{class}\t")))
            .and_then(|l| l.split('\t').nth(1))
            .map(str::to_owned)
    };
    assert_eq!(count("Meeting").as_deref(), Some("10"), "{stdout}");
    assert_eq!(count("LanguageVersion").as_deref(), Some("4"), "{stdout}");
    assert!(
        stdout.contains("https://w3id.org/ctockg/id/doc/CTOC/COP/WG.4/2009/2/zh\t"),
        "{stdout}"
    );
}

fn lines(bytes: &[u8]) -> Vec<String> {
    text(bytes).lines().map(str::to_owned).collect()
}

#[test]
fn a_store_held_by_another_process_is_named_in_one_line() {
    let root = checkout("cli-locked");
    assert!(ctockg(&root, &["build"], None).status.success());
    let held = ctockg::GraphStore::open(&root.join("store")).expect("the store opens");
    let command: Vec<String> = std::fs::read("/proc/self/cmdline")
        .expect("cmdline")
        .split(|&b| b == 0)
        .filter(|a| !a.is_empty())
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    let expected = format!(
        "error: another ctockg process (pid {}: {}) holds the store at store: stop that command first, or give this command another --store",
        std::process::id(),
        command.join(" ")
    );
    for args in [&["dump"][..], &["stats"][..]] {
        let out = ctockg(&root, args, None);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(
            lines(&out.stderr),
            std::slice::from_ref(&expected),
            "{args:?}"
        );
    }
    drop(held);
    assert!(ctockg(&root, &["stats"], None).status.success());
}
