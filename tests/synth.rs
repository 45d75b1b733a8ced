//! `ctockg synth`: the synthetic corpus the benchmarks build is deterministic, builds without
//! errors, and grows like the record (people keep their country; every meeting has its chair).

use std::collections::{BTreeMap, BTreeSet};

use ctockg::ingest::{self, Paths, Silent};
use ctockg::{GraphStore, synth};
use oxigraph::sparql::QueryResults;

use crate::common::{repo, scratch};

fn files(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("readdir").flatten() {
        out.insert(
            entry.file_name().to_string_lossy().into_owned(),
            std::fs::read(entry.path()).expect("read"),
        );
    }
    out
}

fn pairs(store: &GraphStore, query: &str) -> BTreeSet<(String, String)> {
    let QueryResults::Solutions(solutions) = store.evaluate(query).expect("query runs") else {
        panic!("not a SELECT");
    };
    solutions
        .map(|s| {
            let s = s.expect("solution");
            let value = |i: usize| {
                s.values()[i]
                    .as_ref()
                    .map_or(String::new(), ToString::to_string)
            };
            (value(0), value(1))
        })
        .collect()
}

#[test]
fn a_synthetic_corpus_is_deterministic_and_builds_like_the_record() {
    let dir = scratch("synth");
    let (first, second) = (dir.join("first"), dir.join("second"));
    let data = repo().join("data");
    let ontology = repo().join("ontology");
    let report = synth::write_corpus(&data, &ontology, &first, 120, 7).expect("writes");
    synth::write_corpus(&data, &ontology, &second, 120, 7).expect("writes again");
    assert_eq!(report.documents, 120);
    let documents = files(&first.join("data/documents"));
    assert_eq!(documents.len(), 120);
    assert!(
        documents == files(&second.join("data/documents")),
        "the same seed wrote different documents"
    );

    let store_dir = dir.join("store");
    let built = ingest::build(&Paths::new(first.join("data"), store_dir.clone()), &Silent)
        .expect("the synthetic corpus builds");
    assert!(built.errors.is_empty(), "errors: {:#?}", built.errors);
    assert_eq!(built.documents_ok, 120);
    let store = GraphStore::open(&store_dir).expect("store opens");

    // each person represents one country, whatever number of meetings they chair
    let represents = pairs(
        &store,
        "PREFIX ck: <https://w3id.org/ctockg/ontology#>
         SELECT DISTINCT ?person ?country WHERE { ?person a ck:Person ; ck:represents ?country }",
    );
    let mut countries_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (person, country) in &represents {
        countries_of.entry(person).or_default().push(country);
    }
    let many: Vec<_> = countries_of.iter().filter(|(_, c)| c.len() > 1).collect();
    assert!(
        many.is_empty(),
        "people representing several countries: {many:#?}"
    );
    assert!(
        countries_of.len() > 10,
        "only {} people in 120 documents",
        countries_of.len()
    );

    // every meeting has a start date and a chair, read from its report
    let chaired = pairs(
        &store,
        "PREFIX ck: <https://w3id.org/ctockg/ontology#>
         SELECT DISTINCT ?meeting ?date WHERE {
           ?meeting a ck:Meeting ; ck:startDate ?date .
           FILTER EXISTS { ?meeting ck:participation/ck:role <https://w3id.org/ctockg/id/role/chair> }
         }",
    );
    let meetings = pairs(
        &store,
        "PREFIX ck: <https://w3id.org/ctockg/ontology#>
         SELECT DISTINCT ?meeting ?date WHERE { ?meeting a ck:Meeting ; ck:startDate ?date }",
    );
    assert_eq!(meetings.len(), report.meetings, "meetings: {meetings:#?}");
    let unchaired: Vec<_> = meetings.difference(&chaired).collect();
    assert!(
        unchaired.is_empty(),
        "meetings without a chair: {unchaired:#?}"
    );
}

/// Documents are read on every core; the store must not depend on how many there are.
#[test]
fn a_build_on_one_thread_and_on_four_writes_the_same_dump() {
    let dir = scratch("synth-threads");
    let corpus = dir.join("corpus");
    let data = repo().join("data");
    let ontology = repo().join("ontology");
    synth::write_corpus(&data, &ontology, &corpus, 90, 11).expect("writes");
    let dump_with = |threads: usize| -> Vec<u8> {
        let store_dir = dir.join(format!("store-{threads}"));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        let built = pool
            .install(|| ingest::build(&Paths::new(corpus.join("data"), store_dir.clone()), &Silent))
            .expect("the synthetic corpus builds");
        assert!(built.errors.is_empty(), "errors: {:#?}", built.errors);
        let mut out = Vec::new();
        GraphStore::open(&store_dir)
            .expect("store opens")
            .dump_nquads(&mut out)
            .expect("dumps");
        out
    };
    let (one, four) = (dump_with(1), dump_with(4));
    assert!(!one.is_empty());
    if one != four {
        let (one, four) = (
            String::from_utf8_lossy(&one),
            String::from_utf8_lossy(&four),
        );
        let one: BTreeSet<&str> = one.lines().collect();
        let four: BTreeSet<&str> = four.lines().collect();
        panic!(
            "the dumps differ\nonly on one thread: {:#?}\nonly on four: {:#?}",
            one.difference(&four).collect::<Vec<_>>(),
            four.difference(&one).collect::<Vec<_>>()
        );
    }
}
