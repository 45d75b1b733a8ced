//! Full-text search: the index over a corpus of the bundled Chinese documents with English and
//! French ones beside them, its hits against the paragraphs whose text holds the words, its
//! filters, the index following a rebuild and remade when deleted (the binary), and `/search`
//! on the endpoint.

use std::collections::BTreeSet;
use std::path::Path;

use std::sync::{Arc, OnceLock};

use ctockg::GraphStore;
use ctockg::ingest::{self, Paths, Silent};
use ctockg::search::{self, Hit, Request, SearchError, SearchIndex};
use ctockg::server::{Config, Endpoint};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use crate::common::{copy_tree, ctockg, differences, repo, scratch};
use crate::server::{encode, get};

/// Fixtures added to the bundled documents: an English report and background paper, and the
/// French version of the English report.
const ADDED: [&str; 3] = [
    "tests/fixtures/english/wg7-2013-report.en.txt",
    "tests/fixtures/english/wg4-2026-background-paper.en.txt",
    "tests/fixtures/others/wg7-2013-report.fr.txt",
];

/// A checkout's layout under `root`: the bundled data and ontology, with `added` documents.
pub(crate) fn corpus(root: &Path, added: &[&str]) -> Paths {
    copy_tree(&repo().join("data"), &root.join("data"));
    copy_tree(&repo().join("ontology"), &root.join("ontology"));
    for file in added {
        let from = repo().join(file);
        let name = from.file_name().expect("a file name");
        std::fs::copy(&from, root.join("data/documents").join(name)).expect("copy a fixture");
    }
    Paths::new(root.join("data"), root.join("store"))
}

struct Searched {
    store: GraphStore,
    index: Arc<SearchIndex>,
    update: search::Update,
}

/// The corpus built and indexed once for the tests that only read it.
fn searched() -> &'static Searched {
    static SEARCHED: OnceLock<Searched> = OnceLock::new();
    SEARCHED.get_or_init(|| {
        let paths = corpus(&scratch("search-corpus"), &ADDED);
        let report = ingest::build(&paths, &Silent).expect("the corpus builds");
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let store = GraphStore::open(&paths.store).expect("store opens");
        let update = search::update(&paths.store, &store, &Silent).expect("the index is made");
        let index = Arc::new(SearchIndex::open(&paths.store).expect("the index opens"));
        Searched {
            store,
            index,
            update,
        }
    })
}

/// Every hit of a search, a page at a time.
fn all_hits(request: &Request) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut request = request.clone();
    request.limit = search::MAX_LIMIT;
    loop {
        let page = searched().index.search(&request).expect("the search runs");
        let last = page.hits.len() < request.limit;
        hits.extend(page.hits);
        if last || hits.len() >= page.total {
            assert_eq!(hits.len(), page.total, "the pages add up to the total");
            return hits;
        }
        request.offset += request.limit;
    }
}

/// A hit as a line: `document place (lang)`.
fn line(hit: &Hit) -> String {
    format!("{} {} ({})", hit.document, hit.place(), hit.lang)
}

fn iris(hits: &[Hit]) -> BTreeSet<String> {
    hits.iter().map(|h| h.iri.clone()).collect()
}

/// The paragraphs and footnotes (not the instruments' provisions) whose text `holds`, in
/// `lang`, as the store has them.
fn paragraphs_where(lang: &str, holds: impl Fn(&str) -> bool) -> BTreeSet<String> {
    let query = "PREFIX ck: <https://w3id.org/ctockg/ontology#>
SELECT ?p ?text WHERE { GRAPH ?g { ?p a ck:Paragraph ; ck:text ?text } }";
    let QueryResults::Solutions(solutions) = searched().store.evaluate(query).expect("query")
    else {
        panic!("a SELECT gives solutions");
    };
    solutions
        .map(|s| s.expect("a solution"))
        .filter_map(|s| match (s.get("p"), s.get("text")) {
            (Some(Term::NamedNode(p)), Some(Term::Literal(text)))
                if text.language() == Some(lang) && holds(text.value()) =>
            {
                Some(p.as_str().to_owned())
            }
            _ => None,
        })
        .collect()
}

fn assert_same(what: &str, expected: &BTreeSet<String>, actual: &BTreeSet<String>) {
    let diff = differences(what, expected, actual);
    assert!(diff.is_empty(), "{}", diff.join("\n"));
}

#[test]
fn the_index_holds_every_paragraph_and_footnote_of_every_language() {
    let searched = searched();
    assert!(searched.update.remade, "a first update makes the index");
    assert_eq!(searched.update.indexed, 7, "4 Chinese, 2 English, 1 French");
    let all = paragraphs_where("zh", |_| true).len()
        + paragraphs_where("en", |_| true).len()
        + paragraphs_where("fr", |_| true).len();
    assert_eq!(searched.update.passages, all);
    assert_eq!(searched.index.len(), all as u64);
}

/// What the index holds of a passage, as one line: graph, IRI, document, language, number,
/// footnote or not, position, meeting, text.
fn passage_line(p: &search::Passage) -> String {
    format!(
        "{} {} doc={} lang={} number={:?} footnote={} position={} meeting={:?} text={:?}",
        p.graph, p.iri, p.document, p.lang, p.number, p.footnote, p.position, p.meeting, p.text
    )
}

/// The passages as SPARQL states them: the definition the index's reader (scans of each
/// graph's quads, and look-ups) must match.
fn passages_by_sparql(store: &GraphStore) -> BTreeSet<String> {
    let query = "PREFIX ck: <https://w3id.org/ctockg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT * WHERE {
  GRAPH ?g {
    ?g dcterms:language ?lang ; dcterms:isPartOf ?doc .
    ?p dcterms:isPartOf ?g ; ck:text ?text .
    OPTIONAL { ?p ck:number ?number }
    OPTIONAL { ?p ck:position ?position }
    BIND (EXISTS { ?p a ck:Footnote } AS ?footnote)
    OPTIONAL { ?doc ck:reportOf ?reported }
    OPTIONAL { ?doc ck:preparedFor ?prepared }
  }
  BIND (COALESCE(?reported, ?prepared) AS ?meeting)
  OPTIONAL { ?doc dcterms:identifier ?symbol }
  OPTIONAL { ?meeting ck:startDate ?start ; ck:body ?body }
}";
    let QueryResults::Solutions(solutions) = store.evaluate(query).expect("query") else {
        panic!("a SELECT gives solutions");
    };
    // by passage IRI: the earliest meeting with a first day and a body, if any
    let mut passages: std::collections::BTreeMap<String, search::Passage> = Default::default();
    for solution in solutions {
        let solution = solution.expect("a solution");
        let value = |name: &str| match solution.get(name) {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            Some(Term::NamedNode(n)) => Some(n.as_str().to_owned()),
            _ => None,
        };
        let doc = value("doc").expect("a document");
        let meeting = match (value("meeting"), value("start"), value("body")) {
            (Some(iri), Some(start), Some(body)) => Some(search::Meeting {
                iri,
                body: body.rsplit('/').next().unwrap_or_default().to_owned(),
                start,
            }),
            _ => None,
        };
        let passage = search::Passage {
            graph: value("g").expect("a graph"),
            iri: value("p").expect("a passage"),
            document: value("symbol").unwrap_or_else(|| {
                doc.trim_start_matches("https://w3id.org/ctockg/id/doc/")
                    .to_owned()
            }),
            lang: value("lang").expect("a language"),
            number: value("number"),
            footnote: value("footnote").as_deref() == Some("true"),
            position: value("position").map_or(0, |p| p.parse().expect("a position")),
            meeting,
            text: value("text").expect("a text"),
        };
        let better = match passages.get(&passage.iri) {
            None => true,
            Some(kept) => match (&kept.meeting, &passage.meeting) {
                (None, found) => found.is_some(),
                (Some(kept), Some(found)) => found < kept,
                (Some(_), None) => false,
            },
        };
        if better {
            passages.insert(passage.iri.clone(), passage);
        }
    }
    passages.values().map(passage_line).collect()
}

#[test]
fn the_index_reads_each_passage_as_sparql_states_it() {
    let store = &searched().store;
    let graphs: Vec<String> = store
        .recorded_hashes()
        .expect("hashes")
        .into_keys()
        .collect();
    let mut read = BTreeSet::new();
    let mut versions = 0;
    search::read_passages(store, &graphs, |_, passages| {
        versions += usize::from(!passages.is_empty());
        read.extend(passages.iter().map(passage_line));
        Ok(())
    })
    .expect("the passages are read");
    assert_eq!(versions, 7, "4 Chinese, 2 English, 1 French");
    assert_same("passages", &passages_by_sparql(store), &read);
}

#[test]
fn a_chinese_search_needs_no_spaces() {
    let hits = all_hits(&Request::new("偷运移民"));
    let found: BTreeSet<String> = hits.iter().map(line).collect();
    // the paragraphs naming the working group in full, 偷运移民问题工作组
    let naming: BTreeSet<String> = [
        "local/wg7-2020-draft-report paragraph 3 (zh)",
        "local/wg7-2020-draft-report paragraph 12 (zh)",
        "local/wg7-2021-thematic-summary paragraph 1 (zh)",
        "local/wg7-2021-thematic-summary paragraph 2 (zh)",
        "CTOC/COP/WG.7/2024/2 paragraph 1 (zh)",
    ]
    .map(str::to_owned)
    .into();
    let holding: BTreeSet<String> = hits
        .iter()
        .filter(|h| searched_text(&h.iri).contains("偷运移民问题工作组"))
        .map(line)
        .collect();
    assert_same("偷运移民问题工作组", &naming, &holding);
    assert!(naming.is_subset(&found));
    // and exactly the paragraphs whose text holds the four characters side by side
    assert_same(
        "偷运移民",
        &paragraphs_where("zh", |text| text.contains("偷运移民")),
        &iris(&hits),
    );
    let first = &hits[0];
    assert!(
        first
            .snippet
            .pieces()
            .iter()
            .any(|(piece, found)| *found && piece.contains("偷运移民")),
        "the words found are marked: {:?}",
        first.snippet
    );
}

/// The text of a paragraph in the store.
fn searched_text(iri: &str) -> String {
    let query = format!(
        "PREFIX ck: <https://w3id.org/ctockg/ontology#> SELECT ?text WHERE {{ <{iri}> ck:text ?text }}"
    );
    match searched().store.evaluate(&query).expect("query") {
        QueryResults::Solutions(mut solutions) => match solutions.next() {
            Some(Ok(s)) => match s.get("text") {
                Some(Term::Literal(text)) => text.value().to_owned(),
                _ => String::new(),
            },
            _ => String::new(),
        },
        _ => String::new(),
    }
}

#[test]
fn an_english_search_finds_other_forms_of_its_word() {
    let forms = regex::Regex::new(r"(?i)\bsmuggl(e|es|ed|ing)\b").expect("regex");
    let hits = all_hits(&Request::new("smuggle"));
    let english: Vec<Hit> = hits.iter().filter(|h| h.lang == "en").cloned().collect();
    assert_same(
        "smuggle",
        &paragraphs_where("en", |text| forms.is_match(text)),
        &iris(&english),
    );
    let found: BTreeSet<String> = english.iter().map(line).collect();
    for expected in [
        "CTOC/COP/WG.7/2013/5 paragraph 2 (en)",
        "CTOC/COP/WG.7/2013/5 paragraph 4 (en)",
        "CTOC/COP/WG.4/2026/2 paragraph 4 (en)",
    ] {
        assert!(found.contains(expected), "{expected} not in {found:#?}");
    }
    // "smuggling" is marked in a snippet of paragraph 4
    let four = english
        .iter()
        .find(|h| line(h) == "CTOC/COP/WG.7/2013/5 paragraph 4 (en)")
        .expect("paragraph 4");
    assert!(
        four.snippet
            .pieces()
            .iter()
            .any(|(piece, found)| *found && piece.eq_ignore_ascii_case("smuggling")),
        "{:?}",
        four.snippet
    );
}

#[test]
fn filters_narrow_the_hits_to_a_body_a_language_and_a_span_of_meetings() {
    let everything = all_hits(&Request::new("偷运移民 OR smuggling OR migrants"));
    let by = |filter: &dyn Fn(&mut Request)| {
        let mut request = Request::new("偷运移民 OR smuggling OR migrants");
        filter(&mut request);
        iris(&all_hits(&request))
    };
    let expected = |keep: &dyn Fn(&Hit) -> bool| -> BTreeSet<String> {
        everything
            .iter()
            .filter(|h| keep(h))
            .map(|h| h.iri.clone())
            .collect()
    };
    let langs: BTreeSet<&str> = everything.iter().map(|h| h.lang.as_str()).collect();
    assert_eq!(
        langs,
        BTreeSet::from(["en", "fr", "zh"]),
        "every language is searched"
    );

    let wg4 = by(&|r| r.body = Some("wg4".to_owned()));
    assert_same(
        "body wg4",
        &expected(&|h| h.body.as_deref() == Some("wg4")),
        &wg4,
    );
    assert!(!wg4.is_empty() && wg4.len() < everything.len());

    let french = by(&|r| r.lang = Some("fr".to_owned()));
    assert_same("lang fr", &expected(&|h| h.lang == "fr"), &french);
    assert!(!french.is_empty());

    let span = by(&|r| {
        r.from = Some("2020-01-01".to_owned());
        r.to = Some("2021-12-31".to_owned());
    });
    let within = |h: &Hit| {
        h.date
            .as_deref()
            .is_some_and(|d| ("2020-01-01"..="2021-12-31").contains(&d))
    };
    assert_same("2020 to 2021", &expected(&within), &span);
    assert!(!span.is_empty() && span.len() < everything.len());

    let bad = searched().index.search(&Request {
        from: Some("2020-13-01".to_owned()),
        ..Request::new("smuggling")
    });
    assert!(
        matches!(&bad, Err(SearchError::Filter(m)) if m.contains("YYYY-MM-DD")),
        "{bad:?}"
    );
}

#[test]
fn searches_that_cannot_run_say_why() {
    let search = |text: &str| searched().index.search(&Request::new(text));
    assert!(matches!(search("  "), Err(SearchError::Empty)));
    assert!(matches!(search("！？"), Err(SearchError::Empty)));
    assert!(matches!(
        search(&"偷".repeat(10_000)),
        Err(SearchError::TooLong { chars: 10_000, .. })
    ));
    let syntax = search("\"smuggling");
    assert!(
        matches!(&syntax, Err(SearchError::Syntax { .. })),
        "{syntax:?}"
    );
    // a colon, brackets or a star typed among words are no syntax
    let hits = search("article 6: [smuggling*]").expect("ordinary words search");
    assert!(hits.total > 0);
}

// ---------- the binary: the index follows the store ----------

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The hits of `ctockg search` as lines `document place (lang)`.
fn searched_by_binary(root: &Path, query: &str, extra: &[&str]) -> (BTreeSet<String>, String) {
    let mut args = vec!["search", query, "--format", "json", "--limit", "100"];
    args.extend(extra);
    let out = ctockg(root, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let lines = hits["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            format!(
                "{} {} ({})",
                h["document"].as_str().unwrap_or_default(),
                h["number"].as_str().unwrap_or_default(),
                h["lang"].as_str().unwrap_or_default()
            )
        })
        .collect();
    (lines, text(&out.stderr))
}

#[test]
fn a_rebuild_indexes_the_changed_document_again_and_a_deleted_index_is_remade() {
    let root = scratch("search-rebuild");
    let paths = corpus(&root, &[]);
    let out = ctockg(&root, &["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("search index made: 4 language versions indexed"),
        "{}",
        text(&out.stderr)
    );
    let (before, _) = searched_by_binary(&root, "偷运移民", &["--body", "wg4"]);
    assert_eq!(
        before,
        BTreeSet::from(["CTOC/COP/WG.4/2009/2 43 (zh)".to_owned()])
    );

    // the one paragraph of the 2009 report naming the smuggling of migrants names penguins
    let file = paths.data.join("documents/wg4-2009-report.zh.txt");
    let old = std::fs::read_to_string(&file).expect("read");
    assert_eq!(old.matches("偷运移民").count(), 1);
    std::fs::write(&file, old.replace("偷运移民", "偷运企鹅")).expect("write");
    let out = ctockg(&root, &["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("search index updated: 1 language versions indexed"),
        "only the changed document is indexed again: {}",
        text(&out.stderr)
    );
    let (old_word, _) = searched_by_binary(&root, "偷运移民", &["--body", "wg4"]);
    assert!(old_word.is_empty(), "{old_word:?}");
    let (new_word, _) = searched_by_binary(&root, "偷运企鹅", &[]);
    assert_eq!(new_word, before);

    // an index deleted is made again from the store by the next search
    std::fs::remove_dir_all(search::directory(&paths.store)).expect("delete the index");
    let (again, stderr) = searched_by_binary(&root, "偷运企鹅", &[]);
    assert!(stderr.contains("search index made"), "{stderr}");
    assert_eq!(again, before);
    // an index left half-written (here: its files truncated) is remade too
    for entry in std::fs::read_dir(search::directory(&paths.store)).expect("index dir") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|n| n == "meta.json") {
            std::fs::write(&path, b"{").expect("truncate");
        }
    }
    let (remade, stderr) = searched_by_binary(&root, "偷运企鹅", &[]);
    assert!(stderr.contains("search index made"), "{stderr}");
    assert_eq!(remade, before);

    // an index that cannot be written (a file where its directory goes) fails the index, not
    // the build: the store is built and sealed, and answers
    let index_dir = search::directory(&paths.store);
    std::fs::remove_dir_all(&index_dir).expect("delete the index");
    std::fs::write(&index_dir, b"in the way").expect("a file in the way");
    let out = ctockg(&root, &["build"]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: the search index was not updated"),
        "{stderr}"
    );
    std::fs::write(
        root.join("meetings.rq"),
        "SELECT ?m WHERE { ?m a <https://w3id.org/ctockg/ontology#Meeting> }",
    )
    .expect("write a query");
    let query = ctockg(&root, &["query", "meetings.rq"]);
    assert!(query.status.success(), "{}", text(&query.stderr));
    assert!(
        !text(&query.stderr).contains("documents"),
        "the store is not built again: {}",
        text(&query.stderr)
    );
    std::fs::remove_file(&index_dir).expect("move the file away");
    let (after, stderr) = searched_by_binary(&root, "偷运企鹅", &[]);
    assert!(stderr.contains("search index made"), "{stderr}");
    assert_eq!(after, before);
}

#[test]
fn the_text_output_names_each_hit_and_marks_the_words_found() {
    let root = scratch("search-text");
    corpus(&root, &[]);
    let out = ctockg(
        &root,
        &[
            "search",
            "偷运移民问题工作组",
            "--lang",
            "zh",
            "--limit",
            "2",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("paragraphs match; the best 2:"), "{stdout}");
    assert!(stdout.contains("«偷运移民问题工作组»"), "{stdout}");
    assert!(
        stdout.contains("https://w3id.org/ctockg/id/doc/"),
        "{stdout}"
    );
    let bad = ctockg(&root, &["search", "smuggling", "--from", "last year"]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
    assert!(
        text(&bad.stderr).contains("YYYY-MM-DD"),
        "{}",
        text(&bad.stderr)
    );
}

// ---------- the endpoint ----------

fn endpoint() -> Endpoint {
    Endpoint::new(
        searched().store.inner().clone(),
        Config {
            search: Some(searched().index.clone()),
            ..Config::default()
        },
    )
}

const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

#[test]
fn the_search_page_finds_chinese_and_english_and_links_each_hit_to_its_page() {
    let server = endpoint();
    let form = get(&server, "/search", Some(BROWSER));
    assert_eq!(form.status, 200);
    assert!(form.text().contains("name=\"q\""));
    let home = get(&server, "/", Some(BROWSER));
    assert!(
        home.text().contains("action=\"/search\""),
        "the home page links to search"
    );

    let page = get(
        &server,
        &format!("/search?q={}", encode("偷运移民")),
        Some(BROWSER),
    );
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    assert!(html.contains("<mark>偷运移民"), "{html}");
    let link = html
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.starts_with("/id/doc/") && href.contains("/para_"))
        .expect("a hit links to its paragraph")
        .to_owned();
    let paragraph = get(&server, &link, Some(BROWSER));
    assert_eq!(paragraph.status, 200, "{link}");

    let json = get(
        &server,
        "/search?q=smuggle&lang=en&limit=5",
        Some("application/json"),
    );
    assert_eq!(json.status, 200, "{}", json.text());
    assert!(json.content_type().starts_with("application/json"));
    let answer: serde_json::Value = serde_json::from_slice(&json.body).expect("JSON");
    let hits = answer["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 5);
    assert!(answer["total"].as_u64().expect("total") > 5);
    for hit in hits {
        assert_eq!(hit["lang"], "en");
        assert!(
            hit["page"]
                .as_str()
                .is_some_and(|p| p.starts_with("/id/doc/")),
            "{hit}"
        );
    }
    let filtered = get(
        &server,
        "/search?q=smuggle&body=wg4&lang=en",
        Some("application/json"),
    );
    let answer: serde_json::Value = serde_json::from_slice(&filtered.body).expect("JSON");
    assert!(
        answer["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .all(|h| h["body"] == "wg4"),
        "{answer}"
    );
}

#[test]
fn the_search_page_answers_bad_searches_with_what_is_wrong_never_a_500() {
    let server = endpoint();
    // ASCII: 10,000 Chinese characters percent-encoded are 90,000 bytes of URL, past the
    // server's 64 KiB request head (431)
    let long = "smuggling ".repeat(1_000);
    for (query, status, says) in [
        ("", 400, "no words"),
        ("   ", 400, "no words"),
        (long.as_str(), 400, "at most 1000"),
        ("\"smuggling", 400, "in double quotes"),
        ("-smuggling", 400, "leave a word out"),
        ("smuggling&from=2020-13-01", 400, "YYYY-MM-DD"),
        ("smuggling&limit=1000", 400, "from 1 to 100"),
        ("smuggling&limit=ten", 400, "not a whole number"),
    ] {
        // the query's own characters encoded, the filters after it as they are
        let (words, filters) = query.split_once('&').unwrap_or((query, ""));
        let uri = format!("/search?q={}&{filters}", encode(words));
        for accept in [BROWSER, "application/json"] {
            let reply = get(&server, &uri, Some(accept));
            assert_eq!(reply.status, status, "{uri} ({accept}): {}", reply.text());
            assert!(reply.text().contains(says), "{uri}: {}", reply.text());
        }
    }
    let script = "<script>alert('x')</script> smuggling";
    let reply = get(
        &server,
        &format!("/search?q={}", encode(script)),
        Some(BROWSER),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let html = reply.text();
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
    let without = Endpoint::new(searched().store.inner().clone(), Config::default());
    let reply = get(&without, "/search?q=smuggling", Some(BROWSER));
    assert_eq!(reply.status, 404, "{}", reply.text());
    assert!(reply.text().contains("no search index"));
}
