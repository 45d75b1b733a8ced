//! Theme detection scored against the gold of `tests/gold/themes/`: the themes of every
//! paragraph and footnote of six documents, written by reading them with the definitions of
//! `GUIDELINES.md`, before looking at the tags. Precision, recall and F1 are printed per theme,
//! with every miss: the block, the theme, and for a wrong tag the words that made it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use crate::common::repo;
use ctockg::corpus::Entry;
use ctockg::gazetteer::Gazetteer;

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::load(&repo().join("data"), &repo().join("ontology")).expect("gazetteer")
});

/// Each gold file and the document it judges.
const GOLD: &[(&str, &str)] = &[
    ("wg4-2009-report", "data/documents/wg4-2009-report.zh.txt"),
    (
        "wg7-2020-draft-report",
        "data/documents/wg7-2020-draft-report.zh.txt",
    ),
    (
        "wg7-2021-thematic-summary",
        "data/documents/wg7-2021-thematic-summary.zh.txt",
    ),
    (
        "wg7-2024-background-paper",
        "data/documents/wg7-2024-background-paper.zh.txt",
    ),
    (
        "wg7-2013-report.en",
        "tests/fixtures/english/wg7-2013-report.en.txt",
    ),
    (
        "wg4-2026-background-paper.en",
        "tests/fixtures/english/wg4-2026-background-paper.en.txt",
    ),
];

/// What the scoring holds to, overall and for each theme with gold pairs. The target is
/// 0.9 and 0.85; these are the figures reached, so that detection does not fall back.
const OVERALL_F1: f64 = 0.91;
const THEME_F1: f64 = 0.86;

/// A (block, theme) pair, and the words that made a tag.
type Tags = BTreeMap<(String, String), Vec<String>>;

fn tagged(path: &str) -> (Tags, BTreeMap<String, String>) {
    let path = repo().join(path);
    let dir = path.parent().expect("a directory");
    let file = path
        .file_name()
        .expect("a file")
        .to_string_lossy()
        .into_owned();
    let bytes = std::fs::read(&path).expect("readable");
    let entry = Entry {
        file,
        manifest: None,
        manifest_line: None,
    };
    let doc = ctockg::corpus::document_from_bytes(dir, &entry, &bytes).expect("reads");
    let facts = ctockg::extract::extract_document(&doc, &GAZETTEER);
    let tags = facts
        .theme_evidence
        .iter()
        .filter_map(|(block, evidence)| {
            let id = doc.blocks[*block].local_id()?;
            let why = evidence
                .terms
                .iter()
                .chain(&evidence.rules)
                .cloned()
                .collect();
            Some(((id, evidence.theme.clone()), why))
        })
        .collect();
    let texts = doc
        .blocks
        .iter()
        .filter_map(|b| Some((b.local_id()?, b.text.replace('\n', " "))))
        .collect();
    (tags, texts)
}

fn gold(name: &str) -> BTreeMap<String, BTreeSet<String>> {
    let path = repo().join(format!("tests/gold/themes/{name}.tsv"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut cells = line.split('\t');
            let block = cells.next().unwrap_or_default().to_owned();
            let themes = cells
                .next()
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
            (block, themes)
        })
        .collect()
}

#[derive(Default)]
struct Score {
    hits: usize,
    wrong: usize,
    missed: usize,
}

impl Score {
    fn f1(&self) -> f64 {
        let denominator = 2 * self.hits + self.wrong + self.missed;
        if denominator == 0 {
            1.0
        } else {
            2.0 * self.hits as f64 / denominator as f64
        }
    }
    fn line(&self) -> String {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        format!(
            "precision {:.2}  recall {:.2}  F1 {:.2}  ({} right, {} wrong, {} missed)",
            ratio(self.hits, self.hits + self.wrong),
            ratio(self.hits, self.hits + self.missed),
            self.f1(),
            self.hits,
            self.wrong,
            self.missed
        )
    }
}

#[test]
fn theme_tags_agree_with_the_paragraphs_read_by_hand() {
    let mut overall = Score::default();
    let mut per_theme: BTreeMap<String, Score> = BTreeMap::new();
    let mut misses = Vec::new();
    for (name, path) in GOLD {
        let judged = gold(name);
        let (tags, texts) = tagged(path);
        let blocks: BTreeSet<&String> = texts.keys().collect();
        let judged_blocks: BTreeSet<&String> = judged.keys().collect();
        assert_eq!(
            blocks, judged_blocks,
            "{name}: the gold's blocks are not the document's"
        );
        let want: BTreeSet<(String, String)> = judged
            .iter()
            .flat_map(|(b, themes)| themes.iter().map(move |t| (b.clone(), t.clone())))
            .collect();
        let got: BTreeSet<(String, String)> = tags.keys().cloned().collect();
        for pair in want.union(&got) {
            let score = per_theme.entry(pair.1.clone()).or_default();
            let snippet: String = texts[&pair.0].chars().take(90).collect();
            match (want.contains(pair), got.contains(pair)) {
                (true, true) => {
                    score.hits += 1;
                    overall.hits += 1;
                }
                (false, true) => {
                    score.wrong += 1;
                    overall.wrong += 1;
                    misses.push(format!(
                        "wrong   {name} {} {}  by {:?}: {snippet}",
                        pair.0, pair.1, tags[pair]
                    ));
                }
                _ => {
                    score.missed += 1;
                    overall.missed += 1;
                    misses.push(format!("missed  {name} {} {}: {snippet}", pair.0, pair.1));
                }
            }
        }
    }
    for miss in &misses {
        println!("{miss}");
    }
    for (theme, score) in &per_theme {
        println!("{theme:<26} {}", score.line());
    }
    println!("{:<26} {}", "overall", overall.line());
    assert!(
        overall.f1() >= OVERALL_F1,
        "overall F1 {:.3} < {OVERALL_F1}",
        overall.f1()
    );
    let weak: Vec<String> = per_theme
        .iter()
        .filter(|(_, s)| s.hits + s.missed > 0 && s.f1() < THEME_F1)
        .map(|(t, s)| format!("{t}: {}", s.line()))
        .collect();
    assert!(weak.is_empty(), "themes under F1 {THEME_F1}: {weak:#?}");
}

/// Each tag's evidence is words of its own paragraph (or the rule that made it), and
/// paragraph 12 of the 2009 report carries protection of migrants for the words it says it does.
#[test]
fn every_tag_shows_the_words_of_its_paragraph_that_made_it() {
    let mut problems = Vec::new();
    for (name, path) in GOLD {
        let (tags, texts) = tagged(path);
        for ((block, theme), terms) in &tags {
            if terms.is_empty() {
                problems.push(format!("{name} {block} {theme}: no evidence"));
            }
            let text = texts[block].to_lowercase();
            for term in terms {
                if !term.starts_with("cites ") && !text.contains(&term.to_lowercase()) {
                    problems.push(format!(
                        "{name} {block} {theme}: {term:?} is not in the text"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));

    let (tags, _) = tagged("data/documents/wg4-2009-report.zh.txt");
    let evidence: BTreeSet<&str> = tags
        [&("para_12".to_owned(), "protection-of-migrants".to_owned())]
        .iter()
        .map(String::as_str)
        .collect();
    let expected: BTreeSet<&str> = ["不惩罚", "不起诉", "受害人", "被贩运者"].into();
    assert_eq!(evidence, expected);
}
