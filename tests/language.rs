//! `LANG` of a stored literal, as the patched evaluator reads it (`vendor/oxigraph`: a tag held in
//! the stored term is read without the string), agrees with the literal's own tag, for short
//! strings stored inline and long ones stored in the string table alike.

use std::collections::BTreeMap;

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use crate::common::built;

/// Oxigraph stores a string of up to this many bytes inside the term, a longer one apart.
const INLINE_BYTES: usize = 15;

fn rows(query: &str) -> Vec<BTreeMap<String, Term>> {
    let QueryResults::Solutions(solutions) = built().store.evaluate(query).expect("query runs")
    else {
        panic!("a SELECT");
    };
    solutions
        .map(|s| {
            s.expect("solution")
                .iter()
                .map(|(v, t)| (v.as_str().to_owned(), t.clone()))
                .collect()
        })
        .collect()
}

/// (tag, whether the string is stored inline) → how many labels.
type Tally = BTreeMap<(String, bool), usize>;

#[test]
fn lang_of_every_label_is_its_own_tag() {
    // the tags as the labels themselves carry them, read back whole
    let mut carried = Tally::new();
    for row in
        rows("SELECT DISTINCT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    {
        let Some(Term::Literal(label)) = row.get("l") else {
            panic!("a label that is no literal: {row:?}");
        };
        let tag = label.language().unwrap_or_default().to_owned();
        *carried
            .entry((tag, label.value().len() <= INLINE_BYTES))
            .or_default() += 1;
    }
    // the test means something only if both ways of storing a string occur, in both languages
    for tag in ["en", "zh"] {
        for inline in [true, false] {
            assert!(
                carried.contains_key(&(tag.to_owned(), inline)),
                "no {tag} label stored {}",
                if inline { "inline" } else { "apart" }
            );
        }
    }

    // the tags as LANG reads them, a FILTER on each
    let mut read = Tally::new();
    for row in rows(
        "SELECT DISTINCT ?l ?tag WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l BIND (LANG(?l) AS ?tag) }",
    ) {
        let (Some(Term::Literal(label)), Some(Term::Literal(tag))) = (row.get("l"), row.get("tag"))
        else {
            panic!("a row without a label or a tag: {row:?}");
        };
        *read
            .entry((tag.value().to_owned(), label.value().len() <= INLINE_BYTES))
            .or_default() += 1;
    }
    let mut filtered = Tally::new();
    for ((tag, inline), _) in carried.iter() {
        let n = rows(&format!(
            "SELECT DISTINCT ?l WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER (LANG(?l) = \"{tag}\") }}"
        ))
        .iter()
        .filter(|row| {
            matches!(row.get("l"), Some(Term::Literal(l)) if (l.value().len() <= INLINE_BYTES) == *inline)
        })
        .count();
        filtered.insert((tag.clone(), *inline), n);
    }

    let mut wrong = Vec::new();
    for (key, n) in &carried {
        if read.get(key) != Some(n) {
            wrong.push(format!(
                "{key:?}: {n} labels, LANG bound {:?}",
                read.get(key)
            ));
        }
        if filtered.get(key) != Some(n) {
            wrong.push(format!(
                "{key:?}: {n} labels, FILTER kept {:?}",
                filtered.get(key)
            ));
        }
    }
    for key in read.keys().filter(|k| !carried.contains_key(*k)) {
        wrong.push(format!("{key:?}: LANG gives a tag no label carries"));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
