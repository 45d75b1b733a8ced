//! The ontology declares every `ck:` term the code uses, with labels and comments in English and
//! Chinese; read with sophia, an RDF toolkit independent of the store's own parser.

use rstest::rstest;
use sophia::api::prelude::*;
use sophia::api::term::SimpleTerm;
use sophia::turtle::parser::turtle;

use crate::common::repo;

fn ontology() -> Vec<[SimpleTerm<'static>; 3]> {
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
