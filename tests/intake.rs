//! Documents of any format, with no manifest: the corpus as a directory of files, `add`, language
//! versions of one symbol, and bad files refused one by one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ctockg::GraphStore;
use ctockg::corpus::add::{Added, add};
use ctockg::corpus::{Place, Problem, ProblemKind};
use ctockg::ingest::{self, Paths, Silent};
use oxigraph::sparql::QueryResults;

use crate::common::{copy_tree, differences, repo, scratch};

const ID: &str = "https://w3id.org/ctockg/id/";

/// The bundled data and ontology copied under a fresh directory.
pub(crate) fn workspace(name: &str) -> Paths {
    let root = scratch(name);
    copy_tree(&repo().join("data"), &root.join("data"));
    copy_tree(&repo().join("ontology"), &root.join("ontology"));
    Paths::new(root.join("data"), root.join("store"))
}

fn fixture(path: &str) -> PathBuf {
    repo().join("tests/fixtures").join(path)
}

/// Every quad of the store as an N-Quads line.
fn quads(store: &Path) -> BTreeSet<String> {
    let store = GraphStore::open(store).expect("store");
    select(&store, "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
}

fn select(store: &GraphStore, query: &str) -> BTreeSet<String> {
    let QueryResults::Solutions(solutions) = store.evaluate(query).expect("query") else {
        panic!("not a select");
    };
    solutions
        .map(|s| {
            let s = s.expect("solution");
            s.values()
                .iter()
                .map(|v| v.as_ref().map_or(String::new(), ToString::to_string))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn without_a_manifest_the_texts_give_the_same_graph_bar_what_only_the_manifest_knows() {
    let with = workspace("intake-with-manifest");
    let report = ingest::build(&with, &Silent).expect("builds");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let without = workspace("intake-without-manifest");
    std::fs::remove_file(without.data.join("manifest.toml")).expect("no manifest");
    let report = ingest::build(&without, &Silent).expect("builds");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.documents_ok, 4);

    // the two symbols only the manifest gives become the documents' local ids; the English
    // titles, the symbols as identifiers and the undocs.org pages named by the symbols are what
    // the texts cannot give
    let renamed = |line: &str| {
        line.replace(
            &format!("{ID}doc/CTOC/COP/WG.4/2009/2"),
            &format!("{ID}doc/local/wg4-2009-report"),
        )
        .replace(
            &format!("{ID}doc/CTOC/COP/WG.7/2024/2"),
            &format!("{ID}doc/local/wg7-2024-background-paper"),
        )
    };
    let only_the_manifest_knows = |line: &str| {
        line.contains("\"@en")
            || line.contains("<http://purl.org/dc/terms/identifier> \"CTOC/COP/WG.")
            || line.contains("contentHash")
            || line.contains("<https://undocs.org/")
    };
    let expected: BTreeSet<String> = quads(&with.store)
        .iter()
        .map(|l| renamed(l))
        .filter(|l| !only_the_manifest_knows(l))
        .collect();
    let actual: BTreeSet<String> = quads(&without.store)
        .into_iter()
        .filter(|l| !only_the_manifest_knows(l))
        .collect();
    let differences = differences("the graph without a manifest", &expected, &actual);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn add_copies_a_file_once_and_the_build_reads_it() {
    let paths = workspace("intake-add");
    let file = fixture("docx/working-group-report.en.docx");
    let (added, errors) = add(&paths.data, &[file.clone(), file.clone()], 1 << 24);
    assert!(errors.is_empty(), "{errors:?}");
    let Added::Copied { to, .. } = &added[0] else {
        panic!("copied first: {added:?}");
    };
    assert_eq!(
        added[1],
        Added::AlreadyThere {
            from: file.clone(),
            existing: to.clone()
        }
    );
    // added again later: the same
    let (again, _) = add(&paths.data, std::slice::from_ref(&file), 1 << 24);
    assert!(
        matches!(&again[..], [Added::AlreadyThere { .. }]),
        "{again:?}"
    );
    let report = ingest::build(&paths, &Silent).expect("builds");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.documents_ok, 5);
    let store = GraphStore::open(&paths.store).expect("store");
    let files = select(
        &store,
        "PREFIX ck: <https://w3id.org/ctockg/ontology#> SELECT ?f WHERE { GRAPH ?g { ?v ck:sourceFile ?f } }",
    );
    assert!(files.contains(&format!("\"{to}\"")), "{files:?}");
    // its attendance table's header row is not taken for an unknown name
    assert_eq!(report.unresolved_names, 0, "{:#?}", report.warnings);
}

#[test]
fn bad_files_are_refused_one_line_each_and_the_others_are_built() {
    let paths = workspace("intake-bad");
    let documents = paths.data.join("documents");
    let word = std::fs::read(fixture("docx/working-group-report.en.docx")).expect("fixture");
    std::fs::write(documents.join("report.en.docx"), &word).expect("write");
    let first = ingest::build(&paths, &Silent).expect("builds");
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    let graph = format!("{ID}doc/local/report/en");
    let held = |paths: &Paths| {
        let store = GraphStore::open(&paths.store).expect("store");
        select(
            &store,
            &format!("SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"),
        )
    };
    let before = held(&paths);
    assert!(before.len() > 50, "the Word file's graph: {}", before.len());

    // the same file cut in half, and files that are no documents at all
    std::fs::write(documents.join("report.en.docx"), &word[..word.len() / 2]).expect("cut");
    std::fs::write(documents.join("empty.txt"), b"").expect("write");
    std::fs::write(
        documents.join("legacy.doc"),
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an OLE file",
    )
    .expect("write");
    std::fs::copy(fixture("docx/not-word.zip"), documents.join("sheet.docx")).expect("copy");
    let report = ingest::build(&paths, &Silent).expect("builds");
    assert_eq!(report.documents_ok, 4, "{:?}", report.errors);
    let path = |name: &str| documents.join(name).display().to_string();
    let expected: BTreeSet<String> = [
        format!("{}: the document is empty", path("empty.txt")),
        format!(
            "{}: a legacy Word (.doc) file cannot be read; convert it with `soffice --headless --convert-to docx {}` and add the .docx",
            path("legacy.doc"),
            path("legacy.doc")
        ),
        format!(
            "{}: a zip file that is not a Word document (no word/document.xml)",
            path("sheet.docx")
        ),
    ]
    .into_iter()
    .collect();
    let errors: BTreeSet<String> = report.errors.iter().map(ToString::to_string).collect();
    let cut = path("report.en.docx");
    let (damaged, others): (BTreeSet<String>, BTreeSet<String>) =
        errors.into_iter().partition(|e| e.starts_with(&cut));
    let differences = differences("errors", &expected, &others);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    assert_eq!(damaged.len(), 1, "{damaged:?}");
    let damaged = damaged.into_iter().next().unwrap_or_default();
    assert!(
        damaged.contains("damaged or truncated"),
        "one line that names the fault: {damaged}"
    );
    assert_eq!(held(&paths), before, "the cut file's last good graph stays");
}

/// The English version of the 2009 report (a Word file) added to the corpus under the report's
/// symbol.
const ENGLISH_2009: &str = "documents/wg4-2009-report.en.docx";

/// Adds [`ENGLISH_2009`] to the corpus of `paths` and lists it in the manifest; returns the
/// manifest as it was, for [`remove_english_2009`].
pub(crate) fn add_english_2009(paths: &Paths) -> String {
    std::fs::copy(
        fixture("docx/working-group-report.en.docx"),
        paths.data.join(ENGLISH_2009),
    )
    .expect("copy");
    let manifest = paths.data.join("manifest.toml");
    let original = std::fs::read_to_string(&manifest).expect("manifest");
    let listed = format!(
        "{original}\n[[document]]\nfile = \"{ENGLISH_2009}\"\nsymbol = \"CTOC/COP/WG.4/2009/2\"\n"
    );
    std::fs::write(&manifest, listed).expect("manifest");
    original
}

/// Takes [`ENGLISH_2009`] out again, writing back the manifest `original`.
pub(crate) fn remove_english_2009(paths: &Paths, original: &str) {
    std::fs::remove_file(paths.data.join(ENGLISH_2009)).expect("remove");
    std::fs::write(paths.data.join("manifest.toml"), original).expect("manifest");
}

#[test]
fn language_versions_of_one_symbol_link_their_paragraphs_of_the_same_number() {
    let paths = workspace("intake-versions");
    let original = add_english_2009(&paths);
    let report = ingest::build(&paths, &Silent).expect("builds");
    assert!(report.errors.is_empty(), "{:?}", report.errors);

    let links = |paths: &Paths| {
        let store = GraphStore::open(&paths.store).expect("store");
        select(
            &store,
            "PREFIX ck: <https://w3id.org/ctockg/ontology#> SELECT ?a ?b WHERE { GRAPH ?g { ?a ck:correspondingParagraph ?b } }",
        )
    };
    let doc = format!("{ID}doc/CTOC/COP/WG.4/2009/2");
    let ids = |language: &str| {
        let store = GraphStore::open(&paths.store).expect("store");
        select(
            &store,
            &format!(
                "SELECT ?p WHERE {{ GRAPH <{doc}/{language}> {{ ?p <http://purl.org/dc/terms/isPartOf> <{doc}/{language}> }} }}"
            ),
        )
        .into_iter()
        .map(|p| p.rsplit('/').next().unwrap_or_default().trim_end_matches('>').to_owned())
        .collect::<BTreeSet<String>>()
    };
    let shared: Vec<String> = ids("zh").intersection(&ids("en")).cloned().collect();
    assert!(shared.len() >= 5, "shared: {shared:?}");
    let expected: BTreeSet<String> = shared
        .iter()
        .flat_map(|id| {
            [("zh", "en"), ("en", "zh")].map(|(a, b)| format!("<{doc}/{a}/{id}> <{doc}/{b}/{id}>"))
        })
        .collect();
    let differences = differences("links", &expected, &links(&paths));
    assert!(differences.is_empty(), "{}", differences.join("\n"));

    // the English version goes: the Chinese one links nowhere
    remove_english_2009(&paths, &original);
    let report = ingest::build(&paths, &Silent).expect("rebuilds");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(links(&paths), BTreeSet::new());
}

/// The English and Chinese PDF of one symbol, with no manifest: one document, two versions,
/// the masthead's values in the graph, and their paragraphs linked.
#[test]
fn two_pdf_versions_of_one_symbol_are_one_document() {
    let root = scratch("intake-pdf-versions");
    for dir in ["gazetteer", "instruments"] {
        copy_tree(&repo().join("data").join(dir), &root.join("data").join(dir));
    }
    copy_tree(&repo().join("ontology"), &root.join("ontology"));
    let paths = Paths::new(root.join("data"), root.join("store"));
    let files = ["pdf/wg4-2009-report.en.pdf", "pdf/wg4-2009-report.zh.pdf"].map(fixture);
    let (_, errors) = add(&paths.data, &files, 1 << 24);
    assert!(errors.is_empty(), "{errors:?}");
    let report = ingest::build(&paths, &Silent).expect("builds");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let store = GraphStore::open(&paths.store).expect("store");
    let doc = format!("{ID}doc/CTOC/COP/WG.4/2009/2");
    let described = select(
        &store,
        &format!(
            "PREFIX ck: <https://w3id.org/ctockg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
             SELECT ?v ?p ?o WHERE {{ <{doc}> dcterms:hasVersion ?v .
               {{ ?v ?p ?o FILTER(?p IN (ck:jobNumber, ck:distribution, dcterms:issued, dcterms:language)) }}
               UNION {{ BIND(<{doc}> AS ?s) ?s ?p ?o FILTER(?p IN (ck:originalLanguage, ck:documentType, ck:reportOf)) }} }}"
        ),
    );
    let version = |lang: &str| format!("<{doc}/{lang}>");
    let mut expected = BTreeSet::new();
    for (lang, job) in [("en", "V.09-82534"), ("zh", "V.09-82535")] {
        let v = version(lang);
        for line in [
            format!("{v} <https://w3id.org/ctockg/ontology#jobNumber> \"{job}\""),
            format!("{v} <https://w3id.org/ctockg/ontology#distribution> \"general\""),
            format!(
                "{v} <http://purl.org/dc/terms/issued> \"2009-04-21\"^^<http://www.w3.org/2001/XMLSchema#date>"
            ),
            format!("{v} <http://purl.org/dc/terms/language> \"{lang}\""),
            format!("{v} <https://w3id.org/ctockg/ontology#originalLanguage> \"en\""),
            format!("{v} <https://w3id.org/ctockg/ontology#documentType> \"report\""),
            format!("{v} <https://w3id.org/ctockg/ontology#reportOf> <{ID}meeting/wg4/2009-04-14>"),
        ] {
            expected.insert(line);
        }
    }
    let differences = differences("the versions", &expected, &described);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    let links = select(
        &store,
        &format!(
            "PREFIX ck: <https://w3id.org/ctockg/ontology#> SELECT ?b WHERE {{ <{doc}/zh/para_1> ck:correspondingParagraph ?b }}"
        ),
    );
    assert_eq!(
        links,
        BTreeSet::from([format!("<{doc}/en/para_1>")]),
        "the Chinese paragraph 1 leads to the English one"
    );
}

/// A first page alone stops mid-sentence: as a new file it is read as far as it goes, with a
/// warning, and its front page gives the document; a file that was read whole before and now
/// stops mid-sentence is refused, its last good graph kept (`corpus::a_truncated_document…`).
#[test]
fn a_first_page_alone_is_read_as_far_as_it_goes() {
    let paths = workspace("intake-first-page");
    let whole = std::fs::read_to_string(fixture("pdf/wg4-2009-report.en.txt")).expect("fixture");
    let cut_at = whole.find("an optional question").expect("paragraph 4");
    let page = &whole[..cut_at];
    let file = paths.data.join("documents/first-page.en.txt");
    std::fs::write(&file, page).expect("write");
    let report = ingest::build(&paths, &Silent).expect("builds");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.documents_ok, 5);
    let truncated: Vec<&Problem> = report
        .warnings
        .iter()
        .filter(|w| w.kind == ProblemKind::Truncated)
        .collect();
    assert_eq!(truncated.len(), 1, "{:#?}", report.warnings);
    assert_eq!(
        (&truncated[0].file, &truncated[0].place),
        (&file, &Some(Place::Line(page.lines().count())))
    );
    assert!(
        truncated[0]
            .message
            .starts_with("the text stops mid-sentence"),
        "{}",
        truncated[0]
    );
    let store = GraphStore::open(&paths.store).expect("store");
    let numbers = select(
        &store,
        &format!(
            "PREFIX ck: <https://w3id.org/ctockg/ontology#> SELECT ?n WHERE {{ GRAPH <{ID}doc/CTOC/COP/WG.4/2009/2/en> {{ ?p ck:number ?n }} }}"
        ),
    );
    assert_eq!(
        numbers,
        ["1", "2", "3", "4"]
            .map(|n| format!("\"{n}\""))
            .into_iter()
            .collect(),
        "paragraphs 1 to 4, the last one cut"
    );
}

/// Two files that claim one language version: the one the store holds is kept, and the other
/// is an error naming both; a copy of the same bytes under another name is a note.
#[test]
fn two_files_for_one_language_version_keep_the_first() {
    let paths = workspace("intake-two-files");
    let first = ingest::build(&paths, &Silent).expect("builds");
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    let documents = paths.data.join("documents");
    let seed = documents.join("wg4-2009-report.zh.txt");
    let graph = format!("{ID}doc/CTOC/COP/WG.4/2009/2/zh");
    let held = |paths: &Paths| {
        let store = GraphStore::open(&paths.store).expect("store");
        select(
            &store,
            &format!("SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"),
        )
    };
    let before = held(&paths);
    // the PDF of the same symbol and language, whose text differs from the seed's; its name
    // sorts before the seed's
    let pdf = documents.join("CTOC_COP_WG.4_2009_2.zh.pdf");
    std::fs::copy(fixture("pdf/wg4-2009-report.zh.pdf"), &pdf).expect("copy");
    let copy = documents.join("zz-copy-of-the-2024-paper.zh.txt");
    std::fs::copy(documents.join("wg7-2024-background-paper.zh.txt"), &copy).expect("copy");
    let mut manifest = std::fs::read_to_string(paths.data.join("manifest.toml")).expect("read");
    manifest.push_str(
        "\n[[document]]\nfile = \"documents/zz-copy-of-the-2024-paper.zh.txt\"\nsymbol = \"CTOC/COP/WG.7/2024/2\"\n",
    );
    std::fs::write(paths.data.join("manifest.toml"), manifest).expect("write");
    let report = ingest::build(&paths, &Silent).expect("builds");
    let shown = |path: &Path| path.display().to_string();
    let seed = shown(&seed);
    assert_eq!(
        report.errors,
        [Problem::new(
            ProblemKind::Duplicate,
            &pdf,
            format!(
                "claims doc/CTOC/COP/WG.4/2009/2/zh, which {seed} already gives with other text; {seed} is kept until one of the two is removed (or the manifest gives one of them another symbol)"
            )
        )]
    );
    let paper = shown(&documents.join("wg7-2024-background-paper.zh.txt"));
    assert!(
        report.warnings.contains(&Problem::new(
            ProblemKind::Duplicate,
            &copy,
            format!("the same text as {paper} (doc/CTOC/COP/WG.7/2024/2/zh); skipped")
        )),
        "{:#?}",
        report.warnings
    );
    assert_eq!(held(&paths), before, "the seed's graph stays");
}

/// In an English document, the countries and instruments a paragraph names are its mentions,
/// as in Chinese: the attendance paragraph of a written report mentions each State it lists.
#[test]
fn english_paragraphs_mention_the_countries_they_name() {
    let paths = workspace("intake-english-mentions");
    std::fs::copy(
        fixture("english-attendance/wg4-report.en.txt"),
        paths.data.join("documents/wg4-report.en.txt"),
    )
    .expect("copy");
    let report = ingest::build(&paths, &Silent).expect("builds");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let store = GraphStore::open(&paths.store).expect("store");
    let mentioned = select(
        &store,
        &format!(
            "PREFIX ck: <https://w3id.org/ctockg/ontology#> SELECT ?m WHERE {{ GRAPH <{ID}doc/CTOC/COP/WG.4/2031/9/en> {{ ?p ck:number \"2\" ; ck:mentions ?m }} }}"
        ),
    );
    let expected: BTreeSet<String> = [
        "DZA", "ARG", "AUT", "BOL", "BIH", "CAN", "CZE", "DOM", "GIN", "GNB", "MEX", "NER", "NGA",
        "PNG", "RUS", "TTO", "TUR", "GBR", "USA", "VEN",
    ]
    .iter()
    .map(|iso| format!("<{ID}country/{iso}>"))
    // "the States parties to the Protocol": the Working Group's own
    .chain([format!("<{ID}instrument/TIP>")])
    .collect();
    let differences = differences("paragraph 2's mentions", &expected, &mentioned);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// A short report written for this test in Chinese and in English, one symbol: each act,
/// provision and meeting both versions state is one entity in the graph, derived from the
/// paragraph of each version that states it.
#[test]
fn a_fact_two_language_versions_state_is_one_fact_derived_from_each() {
    let paths = workspace("intake-one-fact");
    let documents = paths.data.join("documents");
    std::fs::write(
        documents.join("test-report.zh.txt"),
        "1. 缔约方会议第 4/4 号决定设立了贩运人口问题工作组。\n\n\
         2. 工作组回顾了大会第 55/25 号决议和《公约》第 32 条第 3 款。\n\n\
         3. 工作组于 2009 年 4 月 14 日和 15 日在维也纳举行了会议。\n",
    )
    .expect("write");
    std::fs::write(
        documents.join("test-report.en.txt"),
        "1. By its decision 4/4, the Conference of the Parties established the Working Group on Trafficking in Persons.\n\n\
         2. The Working Group recalled General Assembly resolution 55/25 and article 32, paragraph 3, of the Convention.\n\n\
         3. The Working Group held its meeting in Vienna on 14 and 15 April 2009.\n",
    )
    .expect("write");
    let manifest = paths.data.join("manifest.toml");
    let mut listed = std::fs::read_to_string(&manifest).expect("manifest");
    for language in ["zh", "en"] {
        listed.push_str(&format!(
            "\n[[document]]\nfile = \"documents/test-report.{language}.txt\"\nsymbol = \"CTOC/COP/WG.4/2009/9\"\nbody = \"wg4\"\ntype = \"report\"\nmeeting = \"wg4/2009-04-14\"\n"
        ));
    }
    std::fs::write(&manifest, listed).expect("manifest");
    let report = ingest::build(&paths, &Silent).expect("builds");
    assert!(report.errors.is_empty(), "{:?}", report.errors);

    let store = GraphStore::open(&paths.store).expect("store");
    let doc = format!("{ID}doc/CTOC/COP/WG.4/2009/9");
    let stated = |language: &str| -> BTreeSet<String> {
        let graph = format!("{doc}/{language}");
        let derived = select(
            &store,
            &format!(
                "SELECT ?e ?src WHERE {{ GRAPH <{graph}> {{ ?e <http://www.w3.org/ns/prov#wasDerivedFrom> ?src }} }}"
            ),
        );
        let cited = select(
            &store,
            &format!(
                "SELECT ?t ?p WHERE {{ GRAPH <{graph}> {{ ?p <https://w3id.org/ctockg/ontology#cites> ?t }} }}"
            ),
        );
        derived
            .into_iter()
            .chain(cited)
            .map(|row| row.replace(&format!("{graph}/"), ""))
            .collect()
    };
    let chinese = stated("zh");
    let english = stated("en");
    let expected: BTreeSet<String> = [
        "<https://w3id.org/ctockg/id/decision/cop/4-4> <para_1>",
        "<https://w3id.org/ctockg/id/resolution/ga/55-25> <para_2>",
        "<https://w3id.org/ctockg/id/instrument/UNTOC/art_32/para_3> <para_2>",
        "<https://w3id.org/ctockg/id/meeting/wg4/2009-04-14> <para_3>",
    ]
    .map(String::from)
    .into();
    for (language, stated) in [("Chinese", &chinese), ("English", &english)] {
        let missing: Vec<&String> = expected.difference(stated).collect();
        assert!(
            missing.is_empty(),
            "{language} lacks {missing:#?} (has {stated:#?})"
        );
    }
    let differences = differences("English against Chinese", &chinese, &english);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
