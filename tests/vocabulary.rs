//! The ontology declares every `ck:` term the code uses, with labels and comments in English and
//! Chinese; read with sophia, an RDF toolkit independent of the store's own parser.

use rstest::rstest;
use sophia::api::prelude::*;
use sophia::api::term::SimpleTerm;
use sophia::turtle::parser::turtle;

use crate::common::repo;

pub(crate) fn ontology() -> Vec<[SimpleTerm<'static>; 3]> {
    let text = std::fs::read_to_string(repo().join("ontology/ctockg.ttl")).expect("ontology");
    turtle::parse_str(&text)
        .collect_triples()
        .expect("ontology/ctockg.ttl is valid Turtle")
}

fn literal_languages(
    graph: &[[SimpleTerm<'static>; 3]],
    term: &str,
    property: &str,
) -> Vec<String> {
    graph
        .iter()
        .filter(|[s, p, _]| {
            s.iri().is_some_and(|i| i.as_str() == term)
                && p.iri().is_some_and(|i| i.as_str() == property)
        })
        .filter_map(|[_, _, o]| o.language_tag().map(|l| l.as_str().to_owned()))
        .collect()
}

#[rstest]
fn every_term_is_declared_with_labels_in_both_languages() {
    let graph = ontology();
    let mut problems = Vec::new();
    for term in ctockg::vocab::all_ck_terms() {
        let iri = term.as_str();
        let typed = graph.iter().any(|[s, p, _]| {
            s.iri().is_some_and(|i| i.as_str() == iri)
                && p.iri().is_some_and(|i| {
                    i.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
                })
        });
        if !typed {
            problems.push(format!("{iri}: no rdf:type"));
        }
        for property in [
            "http://www.w3.org/2000/01/rdf-schema#label",
            "http://www.w3.org/2000/01/rdf-schema#comment",
        ] {
            let langs = literal_languages(&graph, iri, property);
            for lang in ["en", "zh"] {
                if !langs.iter().any(|l| l == lang) {
                    problems.push(format!("{iri}: no {property} @{lang}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_theme_scheme_has_the_published_keys() {
    let text = std::fs::read_to_string(repo().join("ontology/themes.ttl")).expect("themes");
    let graph: Vec<[SimpleTerm<'static>; 3]> = turtle::parse_str(&text)
        .collect_triples()
        .expect("valid Turtle");
    let top: std::collections::BTreeSet<String> = graph
        .iter()
        .filter(|[_, p, _]| {
            p.iri()
                .is_some_and(|i| i.as_str() == "http://www.w3.org/2004/02/skos/core#topConceptOf")
        })
        .filter_map(|[s, _, _]| {
            s.iri()
                .map(|i| i.as_str().rsplit('/').next().unwrap_or("").to_owned())
        })
        .collect();
    let published: std::collections::BTreeSet<String> = [
        "crisis-impact",
        "technology",
        "criminal-justice",
        "international-cooperation",
        "smuggling-by-air",
        "smuggling-by-sea",
        "protocol-interpretation",
        "protection-of-migrants",
        "prevention",
        "root-causes",
    ]
    .map(String::from)
    .into();
    let diffs = crate::common::differences("top themes", &published, &top);
    assert!(diffs.is_empty(), "\n{}\n", diffs.join("\n"));
}

/// Every key topic (关键议题) the thematic summary lists under a heading is a concept narrower than
/// that heading's theme, labelled exactly as printed.
#[test]
fn the_summary_key_topics_are_narrower_concepts_of_their_heading_theme() {
    use ctockg::corpus::{BlockKind, discover, read_document};
    use ctockg::gazetteer::Gazetteer;
    let data = repo().join("data");
    let gazetteer = Gazetteer::load(&data, &repo().join("ontology")).expect("gazetteer");
    let (_, entries) = discover(&data).expect("corpus");
    let entry = entries
        .iter()
        .find(|e| e.file.contains("thematic-summary"))
        .expect("the summary");
    let doc = read_document(&data, entry).expect("reads");
    let mut problems = Vec::new();
    let mut theme: Option<String> = None;
    let mut topics_follow = false;
    let mut lists = 0;
    for block in &doc.blocks {
        let text = block.text.replace('\n', "");
        if block.kind == BlockKind::Heading && text == "关键议题" {
            topics_follow = true;
            continue;
        }
        if block.kind == BlockKind::Heading && !topics_follow {
            theme = gazetteer.theme_with_label(&text).map(|t| t.key.clone());
            continue;
        }
        if topics_follow {
            topics_follow = false;
            lists += 1;
            let Some(parent) = &theme else {
                problems.push(format!("key topics with no theme heading: {text}"));
                continue;
            };
            for topic in text
                .trim_end_matches('。')
                .split(['；', '：', ';'])
                .map(str::trim)
            {
                if topic.is_empty() {
                    continue;
                }
                let concept = gazetteer
                    .themes
                    .iter()
                    .find(|t| t.pref.get("zh").is_some_and(|l| l == topic) && !t.is_top());
                match concept {
                    Some(c) if c.broader.contains(parent) => {}
                    Some(c) => problems.push(format!(
                        "{topic}: not narrower than {parent} ({:?})",
                        c.broader
                    )),
                    None => problems.push(format!("{topic}: no key-topic concept under {parent}")),
                }
            }
        }
    }
    assert_eq!(lists, 9, "the summary has nine key-topic lists");
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}
