//! The default graph of a query is the union of the store's graphs as a set of triples: a triple
//! that several documents' graphs state is one triple (the evaluator in `vendor/spareval` drops
//! the copies; the released one returned one solution per graph).

use std::collections::BTreeMap;

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use crate::common::built;

/// The `?n` of each row of a query that groups by `?p` and counts into `?n`.
fn counts(query: &str) -> BTreeMap<String, u64> {
    let QueryResults::Solutions(solutions) = built().store.evaluate(query).expect("query runs")
    else {
        panic!("a SELECT");
    };
    solutions
        .map(|s| {
            let s = s.expect("solution");
            let Some(Term::Literal(n)) = s.get("n") else {
                panic!("a count");
            };
            (
                s.get("p").map_or_else(String::new, Term::to_string),
                n.value().parse().expect("integer"),
            )
        })
        .collect()
}

#[test]
fn a_triple_stated_in_several_graphs_is_one_solution() {
    let distinct = counts(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?p",
    );
    let stated = counts("SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p");
    // the test means something only if the seeds state some triples in more than one graph
    assert!(
        stated.iter().any(|(p, n)| distinct.get(p) != Some(n)),
        "no triple of the bundled data is stated in two graphs"
    );

    // each predicate read over the union, as a pattern with the predicate bound
    let mut wrong = Vec::new();
    for (p, n) in &distinct {
        let read = counts(&format!(
            "SELECT (IRI(\"{}\") AS ?p) (COUNT(*) AS ?n) WHERE {{ ?s {p} ?o }}",
            p.trim_matches(['<', '>'])
        ));
        if read.get(p) != Some(n) {
            wrong.push(format!(
                "{p}: {n} distinct triples, {:?} solutions over the union",
                read.get(p)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_fact_two_documents_state_is_read_once() {
    // the meeting a background paper was prepared for: the agenda lists the paper, and the
    // paper's own graph says it too
    let pattern = "<https://w3id.org/ctockg/id/doc/CTOC/COP/WG.7/2020/2> ?p ?meeting";
    let query = |pattern: &str| {
        format!(
            "SELECT ?p (COUNT(*) AS ?n) WHERE {{
               BIND (<https://w3id.org/ctockg/ontology#preparedFor> AS ?p) {pattern}
             }} GROUP BY ?p"
        )
    };
    let graphs = counts(&query(&format!("GRAPH ?g {{ {pattern} }}")));
    assert_eq!(
        graphs.values().copied().collect::<Vec<_>>(),
        vec![2],
        "graphs stating the fact"
    );
    let union = counts(&query(pattern));
    assert_eq!(
        union.values().copied().collect::<Vec<_>>(),
        vec![1],
        "solutions over the union"
    );
}
