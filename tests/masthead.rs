//! Front pages in the six UN languages give their written metadata: every fixture in
//! `tests/fixtures/mastheads/` and every seed in `data/documents/`, read by
//! [`ctockg::masthead::read`], against `tests/fixtures/mastheads/expected.toml` (written by
//! reading the pages). Each page's fields are compared as a set of `field = value @line`; all
//! differences of all pages are printed before failing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{differences, repo};
use ctockg::masthead::{self, Language};

/// `expected.toml`: page name → field → `value @line`.
#[derive(serde::Deserialize)]
struct Expected {
    fixtures: BTreeMap<String, BTreeMap<String, String>>,
    seeds: BTreeMap<String, BTreeMap<String, String>>,
}

fn expected() -> Expected {
    let path = repo().join("tests/fixtures/mastheads/expected.toml");
    let text = std::fs::read_to_string(&path).expect("expected.toml is readable");
    toml::from_str(&text).expect("expected.toml parses")
}

fn as_set(fields: &BTreeMap<String, String>) -> BTreeSet<String> {
    fields.iter().map(|(k, v)| format!("{k} = {v}")).collect()
}

fn read_set(path: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).expect("page is readable");
    masthead::read(&text)
        .entries()
        .into_iter()
        .map(|(k, v, line)| format!("{k} = {v} @{line}"))
        .collect()
}

/// The `.txt` files of a directory whose names end in `suffix`, by name without it.
fn pages(dir: &Path, suffix: &str) -> BTreeMap<String, std::path::PathBuf> {
    std::fs::read_dir(dir)
        .expect("directory is readable")
        .filter_map(|e| {
            let path = e.expect("entry").path();
            let name = path.file_name()?.to_str()?.strip_suffix(suffix)?.to_owned();
            Some((name, path))
        })
        .collect()
}

#[test]
fn every_page_gives_its_written_metadata() {
    let expected = expected();
    let fixtures = pages(&repo().join("tests/fixtures/mastheads"), ".txt");
    let seeds = pages(&repo().join("data/documents"), ".zh.txt");
    let mut problems = Vec::new();
    for (kind, files, wanted) in [
        ("fixture", &fixtures, &expected.fixtures),
        ("seed", &seeds, &expected.seeds),
    ] {
        let names: BTreeSet<&String> = files.keys().chain(wanted.keys()).collect();
        for name in names {
            match (files.get(name), wanted.get(name)) {
                (Some(path), Some(fields)) => problems.extend(differences(
                    &format!("{kind} {name}"),
                    &as_set(fields),
                    &read_set(path),
                )),
                (Some(_), None) => problems.push(format!("{kind} {name}: no expected fields")),
                (None, Some(_)) => problems.push(format!("{kind} {name}: no such file")),
                (None, None) => {}
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// At least two fixtures per language, named `{code}-…`, each stating its language or original.
#[test]
fn fixtures_cover_the_six_languages() {
    let fixtures = pages(&repo().join("tests/fixtures/mastheads"), ".txt");
    for language in Language::ALL {
        let count = fixtures
            .keys()
            .filter(|n| n.starts_with(&format!("{}-", language.code())))
            .count();
        assert!(count >= 2, "{language}: {count} fixture(s)");
    }
}

/// A page whose front matter is empty, or that is no UN document, states nothing.
#[test]
fn text_without_a_front_page_states_nothing() {
    for text in [
        "",
        "\n\n\n",
        "1. The Working Group met in Vienna.\n2. It adopted its report.\n",
        "Minutes of the parish council\nHeld on Tuesday evening\n",
    ] {
        let entries = masthead::read(text).entries();
        assert!(entries.is_empty(), "{text:?} gave {entries:?}");
    }
}
