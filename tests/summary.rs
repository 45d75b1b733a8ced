//! The summary graph (`id:graph/summary`): the shipped theme queries read the counts the build
//! makes, and must answer as the same questions asked of the documents' own facts
//! (`tests/from-facts/`, the queries as they were before the summary): on the seeds, on a
//! synthetic corpus, and after rebuilds that changed one document's text and dropped another,
//! where the summary is patched rather than made afresh.

use ctockg::ingest::{self, Paths, Silent};
use ctockg::queries;
use ctockg::{GraphStore, synth};

use crate::common::{built, example_params, repo, scratch, tsv_lines};

/// The shipped queries that read the summary graph.
const SUMMARISED: [&str; 4] = [
    "theme-meeting-matrix",
    "theme-evolution",
    "theme-first-last",
    "co-occurring-themes",
];

/// A query's answer as TSV lines, in its order, with the parameters given (or none).
fn answer(store: &GraphStore, text: &str, params: &[String]) -> Vec<String> {
    // with no parameters, a parameterised query answers for every value
    let results = if params.is_empty() {
        store.evaluate(text)
    } else {
        let declared = queries::parameters(text).expect("header");
        let bindings = queries::bind(&declared, params).expect("binds");
        store.evaluate_with(text, &bindings)
    }
    .expect("query runs");
    tsv_lines(results)
}

/// Every difference between the shipped queries' answers and those of the same questions asked
/// of the documents' facts; `themes` are the parameters `theme-evolution` is asked with (besides
/// none, which answers for every theme).
fn disagreements(store: &GraphStore, corpus: &str, themes: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for name in SUMMARISED {
        let shipped = std::fs::read_to_string(repo().join(format!("queries/{name}.rq")))
            .expect("shipped query");
        let from_facts =
            std::fs::read_to_string(repo().join(format!("tests/from-facts/{name}.rq")))
                .expect("the query over the documents' facts");
        let mut asked: Vec<Vec<String>> = vec![Vec::new()];
        if name == "theme-evolution" {
            asked.extend(themes.iter().map(|t| vec![format!("theme={t}")]));
            asked.push(example_params(&shipped));
        }
        for params in asked {
            let expected = answer(store, &from_facts, &params);
            let actual = answer(store, &shipped, &params);
            let what = format!("{corpus}: {name} {}", params.join(" "));
            if expected.len() < 2 && name != "theme-evolution" {
                out.push(format!("{what}: the facts give no rows to compare"));
            }
            for line in expected.iter().filter(|l| !actual.contains(l)) {
                out.push(format!("{what}: missing    {line}"));
            }
            for line in actual.iter().filter(|l| !expected.contains(l)) {
                out.push(format!("{what}: unexpected {line}"));
            }
            if out.is_empty() && expected != actual {
                out.push(format!("{what}: the same rows in another order"));
            }
        }
    }
    out
}

#[test]
fn the_summarised_queries_answer_as_the_documents_facts_do_on_the_seeds() {
    let problems = disagreements(
        &built().store,
        "seeds",
        &[
            "technology",
            "crisis-impact",
            "root-causes",
            "smuggling-by-sea",
        ],
    );
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_summary_follows_rebuilds_as_a_fresh_build_would_make_it() {
    let dir = scratch("summary");
    let corpus = dir.join("corpus");
    synth::write_corpus(
        &repo().join("data"),
        &repo().join("ontology"),
        &corpus,
        90,
        11,
    )
    .expect("writes");
    let data = corpus.join("data");
    let store_dir = dir.join("store");
    let paths = Paths::new(data.clone(), store_dir.clone());
    let first = ingest::build(&paths, &Silent).expect("builds");
    assert!(first.errors.is_empty(), "{:#?}", first.errors);
    let themes = ["technology", "prevention", "international-cooperation"];
    {
        let store = GraphStore::open(&store_dir).expect("opens");
        let problems = disagreements(&store, "synthetic", &themes);
        assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    }

    // one document gains a paragraph on technology and crises; another leaves the corpus
    let manifest_path = data.join("manifest.toml");
    let manifest = std::fs::read_to_string(&manifest_path).expect("manifest");
    let files: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.strip_prefix("file = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    let edited = data.join(files[3]);
    let mut text = std::fs::read_to_string(&edited).expect("document");
    text.push_str("\n\n99. 工作组讨论了新技术和在线招募的影响，以及危机对移民的影响。\n");
    std::fs::write(&edited, text).expect("edit");
    let entries: Vec<&str> = manifest.split("\n[[document]]").collect();
    // a background paper: it dates no meeting, so the others need not be read again
    let papers: Vec<&str> = files
        .iter()
        .copied()
        .filter(|file| {
            entries.iter().any(|e| {
                e.contains(&format!("file = \"{file}\"")) && e.contains("\"background-paper\"")
            })
        })
        .collect();
    let dropped = papers[papers.len() / 2];
    let kept: Vec<&str> = entries
        .iter()
        .copied()
        .filter(|entry| !entry.contains(&format!("file = \"{dropped}\"")))
        .collect();
    assert_eq!(kept.len() + 1, entries.len(), "{dropped} in the manifest");
    std::fs::write(&manifest_path, kept.join("\n[[document]]")).expect("manifest");
    std::fs::remove_file(paths.data.join(dropped)).expect("the dropped document's file");

    let rebuilt = ingest::build(&paths, &Silent).expect("rebuilds");
    assert!(rebuilt.errors.is_empty(), "{:#?}", rebuilt.errors);
    assert!(
        rebuilt.read <= 2,
        "the rebuild read {} documents",
        rebuilt.read
    );
    let summary = "https://w3id.org/ctockg/id/graph/summary";
    assert!(
        rebuilt.changed_graphs.iter().any(|g| g == summary),
        "the summary did not change: {:?}",
        rebuilt.changed_graphs
    );
    let patched = GraphStore::open(&store_dir)
        .expect("opens")
        .graph_lines(&oxigraph::model::NamedNode::new_unchecked(summary))
        .expect("lines");
    {
        let store = GraphStore::open(&store_dir).expect("opens");
        let problems = disagreements(&store, "synthetic, rebuilt", &themes);
        assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    }

    let fresh_dir = dir.join("fresh");
    ingest::build(&Paths::new(data, fresh_dir.clone()), &Silent).expect("builds afresh");
    let fresh = GraphStore::open(&fresh_dir)
        .expect("opens")
        .graph_lines(&oxigraph::model::NamedNode::new_unchecked(summary))
        .expect("lines");
    let (patched, fresh): (
        std::collections::BTreeSet<String>,
        std::collections::BTreeSet<String>,
    ) = (patched.into_iter().collect(), fresh.into_iter().collect());
    let problems = crate::common::differences("summary after the rebuild", &fresh, &patched);
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    assert!(fresh.len() > 1000, "a summary of {} triples", fresh.len());

    // a record that does not name the summary the store holds: the summary is made afresh from
    // the store's tables, the documents left unread, and it is the graph the store holds
    let record_path = store_dir.join("ctockg-build.json");
    let record = std::fs::read_to_string(&record_path).expect("the build record");
    let at = record
        .find("\"summary\":\"sum:")
        .expect("the record names its summary");
    let end = at + record[at..].find("\",").expect("a string");
    let record = format!("{}\"summary\":\"sum:0{}", &record[..at], &record[end..]);
    std::fs::write(&record_path, record).expect("record");
    let again = ingest::build(&paths, &Silent).expect("builds again");
    assert_eq!(again.read, 0, "documents read");
    assert!(
        !again.changed_graphs.iter().any(|g| g == summary),
        "the summary made from the store's tables differs from the one it holds"
    );

    // a store without the summary (as one made before it): the next build writes it whole
    let summary_graph = oxigraph::model::NamedNode::new_unchecked(summary);
    GraphStore::open(&store_dir)
        .expect("opens")
        .remove_graph(&summary_graph)
        .expect("removed");
    let restored = ingest::build(&paths, &Silent).expect("builds again");
    assert!(
        restored.changed_graphs.iter().any(|g| g == summary),
        "the summary was not written again: {:?}",
        restored.changed_graphs
    );
    let written: std::collections::BTreeSet<String> = GraphStore::open(&store_dir)
        .expect("opens")
        .graph_lines(&summary_graph)
        .expect("lines")
        .into_iter()
        .collect();
    let problems = crate::common::differences("summary written again", &fresh, &written);
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}
