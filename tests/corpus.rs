//! Bad input gets an error naming the file, the other documents are still ingested, and the store
//! is never left half-written; rebuilding rewrites only what changed.

use std::collections::BTreeSet;
use std::path::Path;

use ctockg::GraphStore;
use ctockg::corpus::{Place, Problem, ProblemKind};
use ctockg::ingest::{self, Paths, Silent};

use crate::common::{copy_tree, differences, repo, scratch};

/// A copy of the repository's data and ontology, so a test can damage it.
fn workspace(name: &str) -> (Paths, std::path::PathBuf) {
    let root = scratch(name);
    copy_tree(&repo().join("data"), &root.join("data"));
    copy_tree(&repo().join("ontology"), &root.join("ontology"));
    let paths = Paths::new(root.join("data"), root.join("store"));
    (paths, root)
}

fn document(paths: &Paths, name: &str) -> std::path::PathBuf {
    paths.data.join("documents").join(name)
}

fn graph_quads(store_dir: &Path, graph: &str) -> Vec<String> {
    let store = GraphStore::open(store_dir).expect("store");
    let query = format!("SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}");
    let oxigraph::sparql::QueryResults::Solutions(solutions) =
        store.evaluate(&query).expect("query")
    else {
        panic!("select");
    };
    let mut rows: Vec<String> = solutions
        .map(|s| format!("{:?}", s.expect("row")))
        .collect();
    rows.sort();
    rows
}

const REPORT_2009: &str = "https://w3id.org/ctockg/id/doc/CTOC/COP/WG.4/2009/2/zh";
const ENTITIES: &str = "https://w3id.org/ctockg/id/graph/entities";

#[test]
fn a_missing_file_is_named_and_the_others_are_ingested() {
    let (paths, _root) = workspace("missing");
    std::fs::remove_file(document(&paths, "wg4-2009-report.zh.txt")).expect("rm");
    let report = ingest::build(&paths, &Silent).expect("build runs");
    assert_eq!(report.documents_ok, 3);
    assert_eq!(report.errors.len(), 1, "{:#?}", report.errors);
    let error = &report.errors[0];
    assert_eq!(error.kind, ProblemKind::Unreadable, "{error}");
    assert_eq!(error.file, document(&paths, "wg4-2009-report.zh.txt"));
    assert_eq!(
        error.message,
        "listed in the manifest (entry 2) but there is no such file"
    );
}

#[test]
fn an_empty_file_is_named() {
    let (paths, _root) = workspace("empty");
    std::fs::write(document(&paths, "wg4-2009-report.zh.txt"), "\n \n").expect("write");
    let report = ingest::build(&paths, &Silent).expect("build runs");
    assert_eq!(report.documents_ok, 3);
    assert_eq!(
        report.errors,
        [Problem::new(
            ProblemKind::Unreadable,
            document(&paths, "wg4-2009-report.zh.txt"),
            "the document is empty"
        )]
    );
}

#[test]
fn binary_junk_is_an_encoding_error_with_its_line() {
    let (paths, _root) = workspace("junk");
    let mut bytes = "1. 第一段。\n2. 第二段。\n".as_bytes().to_vec();
    bytes.extend([0xff, 0x00, 0xfe, 0x81, 0x00, 0x00, 0x01, 0x02]);
    std::fs::write(document(&paths, "wg4-2009-report.zh.txt"), bytes).expect("write");
    let report = ingest::build(&paths, &Silent).expect("build runs");
    assert_eq!(report.documents_ok, 3);
    assert_eq!(
        report.errors,
        [Problem::new(
            ProblemKind::Unreadable,
            document(&paths, "wg4-2009-report.zh.txt"),
            "not valid UTF-8, UTF-16 (with its byte-order mark) nor GB18030 text"
        )
        .at(Place::Line(3))]
    );
}

#[test]
fn a_gb18030_document_gives_the_same_graph_as_its_utf8_original() {
    let (paths, _root) = workspace("gb18030");
    ingest::build(&paths, &Silent).expect("build");
    let before = graph_quads(&paths.store, REPORT_2009);
    let file = document(&paths, "wg4-2009-report.zh.txt");
    let text = std::fs::read_to_string(&file).expect("read");
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    std::fs::write(&file, gb).expect("write");
    let report = ingest::build(&paths, &Silent).expect("build");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.replaced, 0, "the same text must give the same graph");
    assert_eq!(graph_quads(&paths.store, REPORT_2009), before);
}

#[test]
fn a_truncated_document_is_reported_and_its_previous_graph_kept() {
    let (paths, _root) = workspace("truncated");
    ingest::build(&paths, &Silent).expect("build");
    let before = graph_quads(&paths.store, REPORT_2009);
    let entities_before = graph_quads(&paths.store, ENTITIES);
    assert!(!before.is_empty());
    let file = document(&paths, "wg4-2009-report.zh.txt");
    let text = std::fs::read_to_string(&file).expect("read");
    let cut: String = text.chars().take(text.chars().count() * 2 / 3).collect();
    let cut = cut.trim_end_matches(['。', '\n', ' ']).to_owned() + "而且";
    std::fs::write(&file, cut).expect("write");
    let report = ingest::build(&paths, &Silent).expect("build runs");
    assert_eq!(report.documents_ok, 3);
    let error = &report.errors[0];
    assert_eq!(error.kind, ProblemKind::Unreadable, "{error}");
    assert_eq!(error.file, document(&paths, "wg4-2009-report.zh.txt"));
    assert!(
        matches!(error.place, Some(Place::Line(_))),
        "the last line: {error}"
    );
    assert!(
        error.message.starts_with("the document looks truncated: "),
        "{error}"
    );
    assert_eq!(
        graph_quads(&paths.store, REPORT_2009),
        before,
        "the last good graph stays"
    );
    assert_eq!(
        graph_quads(&paths.store, ENTITIES),
        entities_before,
        "and so does what it adds to the entities graph"
    );
}

#[test]
fn a_rebuild_rewrites_only_the_changed_document() {
    let (paths, _root) = workspace("rebuild");
    let first = ingest::build(&paths, &Silent).expect("build");
    assert_eq!((first.unchanged, first.read), (0, 4));
    let again = ingest::build(&paths, &Silent).expect("build");
    assert_eq!((again.added, again.replaced), (0, 0));
    assert_eq!(again.unchanged, first.added);
    assert_eq!(again.read, 0, "unchanged documents are not read again");
    assert_eq!(
        (again.paragraphs, again.warnings.len(), again.triples),
        (first.paragraphs, first.warnings.len(), first.triples),
        "a build that reads nothing reports what the one that read everything did"
    );
    let entities_before = graph_quads(&paths.store, ENTITIES);
    let file = document(&paths, "wg4-2009-report.zh.txt");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        text.replace("非洲联盟和阿拉伯国家联盟的观察员", "非洲联盟的观察员"),
    )
    .expect("write");
    let changed = ingest::build(&paths, &Silent).expect("build");
    assert_eq!(changed.read, 1, "only the changed document is read");
    assert_eq!(
        (changed.added, changed.replaced),
        (0, 2),
        "the 2009 report changes, and the entities graph with it"
    );
    assert_eq!(changed.changed_graphs, [REPORT_2009, ENTITIES]);
    // the League of Arab States' statement went with the words that stated it
    let entities_after = graph_quads(&paths.store, ENTITIES);
    let gone: Vec<&String> = entities_before
        .iter()
        .filter(|q| !entities_after.contains(q))
        .collect();
    // exactly the statement node of the League of Arab States under item 2: the link from the
    // meeting, its type, its agenda item and its speaker
    let statement = "meeting/wg4/2009-04-14/statement/item-2/org-LAS\"";
    let predicates: std::collections::BTreeSet<&str> = gone
        .iter()
        .filter(|q| q.contains(statement))
        .filter_map(|q| {
            ["#statement\"", "#type\"", "#agendaItem\"", "#speaker\""]
                .into_iter()
                .find(|p| q.contains(p))
        })
        .collect();
    assert_eq!(
        (gone.len(), predicates.len()),
        (4, 4),
        "the statement's four quads, no more: {gone:#?}"
    );
}

/// The entities graph, its recorded hash, and the quads of the store, built afresh from `data`.
fn built_afresh(data: &Path, store: &Path) -> (Vec<String>, Option<String>, usize) {
    let report = ingest::build(&Paths::new(data.to_owned(), store.to_owned()), &Silent)
        .expect("fresh build");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let hash = GraphStore::open(store)
        .expect("store")
        .recorded_hash(&oxigraph::model::NamedNode::new_unchecked(ENTITIES))
        .expect("hash");
    (graph_quads(store, ENTITIES), hash, report.triples)
}

#[test]
fn the_entities_graph_a_rebuild_patches_is_the_one_a_fresh_build_makes() {
    let (paths, root) = workspace("entities-patch");
    ingest::build(&paths, &Silent).expect("build");
    let manifest = paths.data.join("manifest.toml");
    let listed = std::fs::read_to_string(&manifest).expect("manifest");
    let summary = document(&paths, "wg7-2021-thematic-summary.zh.txt");
    let summary_text = std::fs::read_to_string(&summary).expect("read");
    let report_file = document(&paths, "wg4-2009-report.zh.txt");
    let report_text = std::fs::read_to_string(&report_file).expect("read");
    // the thematic summary and the background paper cite many of the same documents, so its
    // leaving and coming back drops and adds lines another document still states
    let without_summary: String = listed
        .split("[[document]]")
        .filter(|block| !block.contains("wg7-2021-thematic-summary"))
        .collect::<Vec<_>>()
        .join("[[document]]");
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let steps: [Step; 5] = [
        (
            "a document leaves the corpus",
            Box::new(|| {
                std::fs::write(&manifest, &without_summary).expect("write");
                std::fs::remove_file(&summary).expect("remove");
            }),
        ),
        (
            "it comes back",
            Box::new(|| {
                std::fs::write(&manifest, &listed).expect("write");
                std::fs::write(&summary, &summary_text).expect("write");
            }),
        ),
        (
            "a statement goes from a report",
            Box::new(|| {
                let edited =
                    report_text.replace("非洲联盟和阿拉伯国家联盟的观察员", "非洲联盟的观察员");
                std::fs::write(&report_file, edited).expect("write");
            }),
        ),
        (
            "the summary cites one document fewer, and the report gets its statement back",
            Box::new(|| {
                let edited = summary_text.replace("CTOC/COP/WG.7/2012/2", "");
                std::fs::write(&summary, edited).expect("write");
                std::fs::write(&report_file, &report_text).expect("write");
            }),
        ),
        (
            "the counts of shared lines are lost, and the summary is as it was",
            Box::new(|| {
                std::fs::remove_file(paths.store.join("ctockg-entities").join("shared.json"))
                    .expect("the counts are kept beside the store");
                std::fs::write(&summary, &summary_text).expect("write");
            }),
        ),
    ];
    let mut before = graph_quads(&paths.store, ENTITIES);
    for (n, (step, change)) in steps.iter().enumerate() {
        change();
        let report = ingest::build(&paths, &Silent).expect("rebuild");
        assert!(report.errors.is_empty(), "{step}: {:?}", report.errors);
        let patched = graph_quads(&paths.store, ENTITIES);
        let store = GraphStore::open(&paths.store).expect("store");
        let hash = store
            .recorded_hash(&oxigraph::model::NamedNode::new_unchecked(ENTITIES))
            .expect("hash");
        // the rebuild counts the quads from its record, each graph's as it changed
        let held = store.len().expect("len");
        drop(store);
        let (fresh, fresh_hash, fresh_triples) =
            built_afresh(&paths.data, &root.join(format!("fresh-{n}")));
        assert_eq!(
            (report.triples, held),
            (fresh_triples, fresh_triples),
            "{step}: the quads the rebuild reports, those the store holds, and a fresh build's"
        );
        let missing: Vec<&String> = fresh.iter().filter(|q| !patched.contains(q)).collect();
        let extra: Vec<&String> = patched.iter().filter(|q| !fresh.contains(q)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{step}: missing {missing:#?}, extra {extra:#?}"
        );
        assert_eq!(hash, fresh_hash, "{step}: the hash of the same lines");
        assert_ne!(patched, before, "{step}: the entities graph changed");
        assert!(
            report.changed_graphs.iter().any(|g| g == ENTITIES),
            "{step}: {:?}",
            report.changed_graphs
        );
        before = patched;
    }
}

#[test]
fn the_manifest_agrees_with_what_the_texts_say() {
    let paths = Paths::new(repo().join("data"), repo().join("unused"));
    let extraction = ingest::extract_corpus(&paths, &Silent).expect("reads");
    let disagreements: Vec<Problem> = extraction
        .documents
        .iter()
        .flat_map(|(doc, facts)| ingest::manifest_disagreements(doc, facts))
        .collect();
    assert!(disagreements.is_empty(), "{disagreements:#?}");
    // and each document's text did state them
    for (doc, facts) in &extraction.documents {
        assert!(
            facts.header.body.is_some(),
            "{}: no body in text",
            doc.entry.file
        );
        assert!(
            facts.header.doc_type.is_some(),
            "{}: no type in text",
            doc.entry.file
        );
        assert!(
            facts.header.dates.is_some(),
            "{}: no meeting date in text",
            doc.entry.file
        );
    }
}

#[test]
fn a_store_changed_behind_the_build_record_is_checked_graph_by_graph() {
    let (paths, _root) = workspace("unsealed");
    let first = ingest::build(&paths, &Silent).expect("build");
    let graph = oxigraph::model::NamedNode::new_unchecked(REPORT_2009);
    let before = graph_quads(&paths.store, REPORT_2009);
    {
        let store = GraphStore::open(&paths.store).expect("store");
        assert!(
            store.seal().expect("seal").is_some(),
            "a build seals the store"
        );
        // as a build stopped midway, or an update through the server, would leave it
        store.remove_graph(&graph).expect("remove");
        store.break_seal().expect("break");
        assert_eq!(store.seal().expect("seal"), None);
    }
    let again = ingest::build(&paths, &Silent).expect("rebuild");
    assert!(again.errors.is_empty(), "{:?}", again.errors);
    assert_eq!(again.read, 1, "the document whose graph went is read again");
    assert_eq!(again.changed_graphs, [REPORT_2009]);
    assert_eq!(graph_quads(&paths.store, REPORT_2009), before);
    assert_eq!(again.triples, first.triples);
    let store = GraphStore::open(&paths.store).expect("store");
    assert!(store.seal().expect("seal").is_some(), "sealed again");
    assert_eq!(store.len().expect("len"), first.triples);
    drop(store);
    // sealed, a rebuild asks the store for nothing and finds it as it left it
    let sealed = ingest::build(&paths, &Silent).expect("rebuild");
    assert_eq!(
        (sealed.read, sealed.changed_graphs.len(), sealed.triples),
        (0, 0, first.triples)
    );
}

/// The named graphs a build recorded in the store.
fn built_graphs(store_dir: &Path) -> BTreeSet<String> {
    let store = GraphStore::open(store_dir).expect("store");
    store
        .built_graphs()
        .expect("graphs")
        .into_iter()
        .map(oxigraph::model::NamedNode::into_string)
        .collect()
}

#[test]
fn a_document_gone_from_the_data_takes_its_graphs_out_of_the_store() {
    // a first build, into a new store, lists the graphs it wrote without asking the store
    let (paths, _root) = workspace("vanished");
    let first = ingest::build(&paths, &Silent).expect("build");
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    let before = built_graphs(&paths.store);
    std::fs::remove_file(document(&paths, "wg4-2009-report.zh.txt")).expect("remove");
    let manifest = paths.data.join("manifest.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    let entry = text
        .split("[[document]]")
        .find(|entry| entry.contains("wg4-2009-report.zh.txt"))
        .expect("the entry of the 2009 report");
    std::fs::write(&manifest, text.replace(&format!("[[document]]{entry}"), "")).expect("manifest");
    let again = ingest::build(&paths, &Silent).expect("rebuild");
    assert!(again.errors.is_empty(), "{:?}", again.errors);
    let after = built_graphs(&paths.store);
    let gone: BTreeSet<String> = before.difference(&after).cloned().collect();
    // its one language version's graph (a document has no graph of its own)
    let expected: BTreeSet<String> = [REPORT_2009].map(str::to_owned).into();
    assert_same("graphs gone", &expected, &gone);
    assert!(
        after.is_subset(&before),
        "no graph comes: {:?}",
        after.difference(&before)
    );
    assert_eq!(again.removed, expected.len());
    assert!(graph_quads(&paths.store, REPORT_2009).is_empty());
    let store = GraphStore::open(&paths.store).expect("store");
    assert_eq!(store.len().expect("len"), again.triples);
}

/// Each row of a SELECT on the store, its terms joined by tabs.
fn select(store_dir: &Path, query: &str) -> BTreeSet<String> {
    let store = GraphStore::open(store_dir).expect("store");
    let oxigraph::sparql::QueryResults::Solutions(solutions) =
        store.evaluate(query).expect("query")
    else {
        panic!("select");
    };
    solutions
        .map(|s| {
            s.expect("row")
                .values()
                .iter()
                .map(|v| v.as_ref().map_or_else(String::new, |t| t.to_string()))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect()
}

/// The numbered paragraphs of the 2009 report, as `number<TAB>text`.
fn paragraphs_2009(store_dir: &Path) -> BTreeSet<String> {
    select(
        store_dir,
        &format!(
            "PREFIX ck: <https://w3id.org/ctockg/ontology#>
             SELECT ?n ?text WHERE {{ GRAPH <{REPORT_2009}> {{
               ?p a ck:Paragraph ; ck:number ?n ; ck:text ?text
               FILTER NOT EXISTS {{ ?p a ck:Footnote }} }} }}"
        ),
    )
}

fn assert_same(what: &str, expected: &BTreeSet<String>, actual: &BTreeSet<String>) {
    let diffs = differences(what, expected, actual);
    assert!(diffs.is_empty(), "\n{}\n", diffs.join("\n"));
}

#[test]
fn a_lost_paragraph_number_keeps_every_paragraph_after_it_and_is_reported() {
    let (paths, _root) = workspace("lost-number");
    let intact = ingest::build(&paths, &Silent).expect("build");
    let paragraphs = paragraphs_2009(&paths.store);
    let quads = graph_quads(&paths.store, REPORT_2009);
    assert_eq!(paragraphs.len(), 56);
    let file = document(&paths, "wg4-2009-report.zh.txt");
    let text = std::fs::read_to_string(&file).expect("read");
    assert_eq!(text.matches("\n12. ").count(), 1);
    std::fs::write(&file, text.replacen("\n12. ", "\n", 1)).expect("write");

    let report = ingest::build(&paths, &Silent).expect("build runs");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(
        report.paragraphs,
        intact.paragraphs - 1,
        "only paragraph 12 lost its number ({} before)",
        intact.paragraphs
    );
    // every paragraph but 12, with the same text; 12's text is kept unnumbered
    let para_12 = |row: &String| row.starts_with("\"12\"\t");
    let expected: BTreeSet<String> = paragraphs.iter().filter(|r| !para_12(r)).cloned().collect();
    assert_same("paragraphs", &expected, &paragraphs_2009(&paths.store));
    let twelve = paragraphs
        .iter()
        .find(|r| para_12(r))
        .expect("paragraph 12");
    let twelve_text = twelve.split('\t').nth(1).expect("text");
    let twelve_text = twelve_text[1..twelve_text.find("\"@zh").expect("a zh literal")].to_owned();
    let document = ingest::extract_corpus(&paths, &Silent).expect("reads");
    let (doc, _) = document
        .documents
        .iter()
        .find(|(d, _)| d.entry.file.ends_with("wg4-2009-report.zh.txt"))
        .expect("the 2009 report");
    assert!(
        doc.blocks
            .iter()
            .any(|b| b.number.is_none() && b.text.replace('\n', "\\n") == twelve_text),
        "paragraph 12's text is a block of its own, unnumbered"
    );
    // and every fact of the other paragraphs, with their citations (paragraph 20 onwards)
    let not_12: BTreeSet<String> = quads
        .iter()
        .filter(|q| !q.contains("/para_12\"") && !q.contains("/para_12/"))
        .cloned()
        .collect();
    let after: BTreeSet<String> = graph_quads(&paths.store, REPORT_2009).into_iter().collect();
    let missing: BTreeSet<String> = not_12.difference(&after).cloned().collect();
    assert_same("facts of the other paragraphs", &BTreeSet::new(), &missing);
    let cited_after_12: BTreeSet<String> = select(
        &paths.store,
        &format!(
            "PREFIX ck: <https://w3id.org/ctockg/ontology#>
             PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
             SELECT ?n ?t WHERE {{ GRAPH <{REPORT_2009}> {{ ?p ck:cites ?t ; ck:number ?n }}
               FILTER(xsd:integer(?n) > 12) }}"
        ),
    );
    let expected_cited: BTreeSet<String> =
        std::fs::read_to_string(repo().join("tests/expected/wg4-2009-report/citations.tsv"))
            .expect("citations.tsv")
            .lines()
            .skip(1)
            .filter_map(|l| {
                let (p, t) = l.split_once('\t')?;
                let n: u32 = p.strip_prefix("para_")?.parse().ok()?;
                (n > 12).then(|| format!("\"{n}\"\t<https://w3id.org/ctockg/id/{t}>"))
            })
            .collect();
    assert_eq!(
        expected_cited.len(),
        9,
        "paragraphs 20 to 33 cite: {expected_cited:?}"
    );
    assert_same(
        "citations after paragraph 12",
        &expected_cited,
        &cited_after_12,
    );
    // one warning more than the intact build's, naming the file and the line of paragraph 13
    let new: Vec<&Problem> = report
        .warnings
        .iter()
        .filter(|w| !intact.warnings.contains(w))
        .collect();
    assert_eq!(
        new,
        [&Problem::new(
            ProblemKind::Numbering,
            &file,
            "paragraph 13 follows paragraph 11: no paragraph numbered 12; the text between is kept unnumbered"
        )
        .at(Place::Line(80))]
    );
}

#[test]
fn a_document_of_more_than_999_paragraphs_keeps_them_all() {
    let (paths, _root) = workspace("many-paragraphs");
    let intact = ingest::build(&paths, &Silent).expect("build");
    let file = document(&paths, "wg4-2009-report.zh.txt");
    let mut text = std::fs::read_to_string(&file).expect("read");
    let added: BTreeSet<String> = (57..=1200)
        .map(|n| format!("\"{n}\"\t\"工作组审议了第{n}项。\"@zh"))
        .collect();
    for n in 57..=1200 {
        text.push_str(&format!("\n{n}. 工作组审议了第{n}项。\n"));
    }
    std::fs::write(&file, text).expect("write");
    let report = ingest::build(&paths, &Silent).expect("build runs");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.warnings, intact.warnings, "numbers in sequence");
    assert_eq!(report.paragraphs, intact.paragraphs + 1144);
    let numbered = paragraphs_2009(&paths.store);
    let past_56: BTreeSet<String> = numbered
        .into_iter()
        .filter(|r| {
            r.split('\t')
                .next()
                .and_then(|n| n.trim_matches('"').parse::<u32>().ok())
                > Some(56)
        })
        .collect();
    assert_same("paragraphs 57 to 1200", &added, &past_56);
}

#[test]
fn a_document_over_the_size_limit_is_refused_unread_and_its_previous_graph_kept() {
    let (paths, _root) = workspace("too-large");
    ingest::build(&paths, &Silent).expect("build");
    let before = graph_quads(&paths.store, REPORT_2009);
    let file = document(&paths, "wg4-2009-report.zh.txt");
    let text = std::fs::read(&file).expect("read");
    // a device that never ends: read up to the limit and one byte, no further
    std::fs::remove_file(&file).expect("remove");
    std::os::unix::fs::symlink("/dev/zero", &file).expect("link");
    let report = ingest::build(&paths, &Silent).expect("build runs");
    assert_eq!(report.documents_ok, 3);
    assert_eq!(
        report.errors,
        [Problem::new(
            ProblemKind::Unreadable,
            &file,
            "the document is larger than 16777216 bytes, the most a document may hold (--max-document-size or CTOCKG_MAX_DOCUMENT_SIZE raise it); not read"
        )]
    );
    assert_eq!(
        graph_quads(&paths.store, REPORT_2009),
        before,
        "the last good graph stays"
    );

    // files over a lower limit (the 2021 summary has 29,032 bytes, the 2024 paper 39,997; the
    // 2009 report 25,995)
    std::fs::remove_file(&file).expect("remove");
    std::fs::write(&file, text).expect("write");
    let options = ingest::BuildOptions {
        max_document_size: 26_000,
    };
    let report = ingest::build_with(&paths, &options, &Silent).expect("build runs");
    assert_eq!(report.documents_ok, 2);
    let refused: BTreeSet<String> = report.errors.iter().map(ToString::to_string).collect();
    let expected: BTreeSet<String> = ["wg7-2021-thematic-summary.zh.txt", "wg7-2024-background-paper.zh.txt"]
        .map(|name| {
            format!(
                "{}: the document is larger than 26000 bytes, the most a document may hold (--max-document-size or CTOCKG_MAX_DOCUMENT_SIZE raise it); not read",
                document(&paths, name).display()
            )
        })
        .into();
    assert_same("refused", &expected, &refused);
    assert_eq!(graph_quads(&paths.store, REPORT_2009), before);
}

#[test]
fn the_files_of_a_killed_bulk_load_go_at_the_next_open() {
    let (paths, _root) = workspace("bulk-leftovers");
    let report = ingest::build(&paths, &Silent).expect("build");
    // as a first build killed while loading leaves them (oxigraph names them bulk-{u128}.sst)
    let leftovers = [
        paths
            .store
            .join("bulk-118092184327617268593614245717302196843.sst"),
        paths.store.join("bulk-7.sst"),
    ];
    for file in &leftovers {
        std::fs::write(file, vec![0_u8; 1 << 16]).expect("write");
    }
    let kept = paths.store.join("bulk-notes.txt");
    std::fs::write(&kept, "not a bulk load's").expect("write");
    let store = GraphStore::open(&paths.store).expect("the store opens");
    assert_eq!(
        store.len().expect("len"),
        report.triples,
        "and holds what it held"
    );
    let left: Vec<&std::path::PathBuf> = leftovers.iter().filter(|f| f.exists()).collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(kept.exists(), "only bulk-*.sst files go");
}
