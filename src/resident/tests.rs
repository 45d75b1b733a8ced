//! Unit tests of `resident`.

use super::*;
use oxigraph::model::Literal;

fn iri(path: &str) -> NamedNode {
    NamedNode::new(format!("https://w3id.org/ctockg/id/{path}")).expect("an IRI")
}

#[test]
fn terms_are_numbered_in_the_order_they_sort() {
    let part_of = NamedNode::new("http://purl.org/dc/terms/isPartOf").expect("an IRI");
    let position = NamedNode::new("https://w3id.org/ctockg/ontology#position").expect("an IRI");
    let graph = GraphName::NamedNode(iri("graph/doc-2"));
    // given out of order, with a document of another number between a paragraph and its own
    let quads = [
        Quad::new(
            iri("doc/2/zh/para_1"),
            part_of.clone(),
            iri("doc/2/zh"),
            graph.clone(),
        ),
        Quad::new(
            iri("doc/10/zh"),
            part_of.clone(),
            iri("doc/10"),
            graph.clone(),
        ),
        Quad::new(
            iri("doc/2/zh"),
            part_of.clone(),
            iri("doc/2"),
            graph.clone(),
        ),
        Quad::new(
            iri("doc/2/zh/para_1"),
            position,
            Literal::from(7),
            graph.clone(),
        ),
    ];
    let store = ResidentStore::from_quads(&quads);
    let named: Vec<&str> = store
        .terms
        .iter()
        .filter_map(|term| match term {
            Term::NamedNode(node) => node.as_str().strip_prefix("https://w3id.org/ctockg/id/"),
            _ => None,
        })
        .collect();
    assert_eq!(
        named,
        [
            "doc/10",
            "doc/10/zh",
            "doc/2",
            "doc/2/zh",
            "doc/2/zh/para_1",
            "graph/doc-2"
        ],
        "the IRIs, by number"
    );
    assert!(
        store.ranks.windows(2).all(|pair| pair[0] <= pair[1]),
        "ranks by number: {:?}",
        store.ranks
    );
    // the quads are the same under the new numbers
    let store = Arc::new(store);
    let mut read: Vec<Quad> = store
        .quads_for_pattern(None, None, None, None)
        .map(|quad| quad.expect("read"))
        .collect();
    let mut given = quads.to_vec();
    read.sort_by_key(ToString::to_string);
    given.sort_by_key(ToString::to_string);
    assert_eq!(read, given);
}
