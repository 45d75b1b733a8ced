//! The `construct` view: whatever graph a user's CONSTRUCT (or DESCRIBE) query returns. Resources
//! become nodes, styled by their class (from the result, or else from the store) and labelled
//! by their label (likewise); other literals are listed on their node; every other triple is an
//! edge named by its predicate's label. Blank nodes are numbered in a fixed order, so the same
//! result gives the same picture.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use super::ExportError;
use super::diagram::{Diagram, Edge, EdgeKind, Node, NodeClass, RankDir, node_id};
use super::labels::Texts;
use super::scope::Scope;
use crate::store::StoreError;
use crate::vocab::compact;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const LABELS: [&str; 2] = [
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
];

/// Lines of literal values listed on a node, at most.
const MAX_VALUES: usize = 4;

/// A resource in the result: an IRI, or a blank node (by its id in the result).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Resource {
    Iri(String),
    Blank(String),
}

fn resource(term: &Term) -> Option<Resource> {
    match term {
        Term::NamedNode(n) => Some(Resource::Iri(n.as_str().to_owned())),
        Term::BlankNode(b) => Some(Resource::Blank(b.as_str().to_owned())),
        _ => None,
    }
}

pub(super) fn build(scope: &Scope<'_>, path: &Path) -> Result<Diagram, ExportError> {
    let text = std::fs::read_to_string(path).map_err(|source| ExportError::QueryFile {
        path: path.to_owned(),
        source,
    })?;
    let failed = |source: StoreError| ExportError::Query {
        path: path.to_owned(),
        source,
    };
    let triples: Vec<(Resource, String, Term)> =
        match scope.store.evaluate(&text).map_err(failed)? {
            QueryResults::Graph(triples) => {
                let mut out = Vec::new();
                for triple in triples {
                    let triple =
                        triple.map_err(|e| failed(StoreError::Evaluation(e.to_string())))?;
                    if let Some(subject) = resource(&Term::from(triple.subject)) {
                        out.push((subject, triple.predicate.as_str().to_owned(), triple.object));
                    }
                }
                out
            }
            QueryResults::Solutions(_) => {
                return Err(ExportError::NotConstruct {
                    path: path.to_owned(),
                    form: "a SELECT",
                });
            }
            QueryResults::Boolean(_) => {
                return Err(ExportError::NotConstruct {
                    path: path.to_owned(),
                    form: "an ASK",
                });
            }
        };

    // blank nodes numbered by the first sorted triple they appear in (ids from the store vary)
    let mut keyed: Vec<(String, usize)> = triples
        .iter()
        .enumerate()
        .map(|(i, (s, p, o))| {
            let s = match s {
                Resource::Iri(iri) => iri.clone(),
                Resource::Blank(_) => "_:".to_owned(),
            };
            let o = match o {
                Term::BlankNode(_) => "_:".to_owned(),
                other => other.to_string(),
            };
            (format!("{s} {p} {o}"), i)
        })
        .collect();
    keyed.sort();
    let mut blanks: BTreeMap<String, String> = BTreeMap::new();
    for (_, i) in &keyed {
        let (s, _, o) = &triples[*i];
        for r in [Some(s.clone()), resource(o)].into_iter().flatten() {
            if let Resource::Blank(b) = r {
                let n = blanks.len() + 1;
                blanks.entry(b).or_insert_with(|| format!("_:b{n}"));
            }
        }
    }
    let id_of = |r: &Resource| match r {
        Resource::Iri(iri) => node_id(iri),
        Resource::Blank(b) => blanks.get(b).cloned().unwrap_or_else(|| format!("_:{b}")),
    };

    let mut resources: BTreeSet<Resource> = BTreeSet::new();
    let mut types: BTreeMap<Resource, BTreeSet<String>> = BTreeMap::new();
    let mut texts: BTreeMap<Resource, Texts> = BTreeMap::new();
    let mut values: BTreeMap<Resource, BTreeSet<String>> = BTreeMap::new();
    let mut links: BTreeSet<(Resource, String, Resource)> = BTreeSet::new();
    for (s, p, o) in &triples {
        resources.insert(s.clone());
        match (p.as_str(), o) {
            (RDF_TYPE, Term::NamedNode(class)) => {
                types
                    .entry(s.clone())
                    .or_default()
                    .insert(class.as_str().to_owned());
            }
            (p, Term::Literal(l)) if LABELS.contains(&p) => {
                texts.entry(s.clone()).or_default().add(l)
            }
            (p, Term::Literal(l)) => {
                values.entry(s.clone()).or_default().insert(format!(
                    "{}: {}",
                    compact(p),
                    l.value()
                ));
            }
            (p, o) => {
                if let Some(o) = resource(o) {
                    resources.insert(o.clone());
                    links.insert((s.clone(), p.to_owned(), o));
                }
            }
        }
    }

    // what the result does not say about its IRIs, the store does: labels and classes
    let iris: Vec<&str> = resources
        .iter()
        .filter_map(|r| match r {
            Resource::Iri(iri) => Some(iri.as_str()),
            Resource::Blank(_) => None,
        })
        .collect();
    let stored_labels = scope.labels(
        iris.iter()
            .copied()
            .chain(links.iter().map(|(_, p, _)| p.as_str())),
    )?;
    let mut stored_types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for chunk in iris.chunks(200) {
        let values: String = chunk.iter().map(|i| format!("<{i}> ")).collect();
        for row in scope.select(&format!(
            "SELECT ?s ?c WHERE {{ VALUES ?s {{ {values}}} ?s a ?c }}"
        ))? {
            if let (Some(s), Some(c)) = (row.iri("s"), row.iri("c")) {
                stored_types
                    .entry(s.to_owned())
                    .or_default()
                    .insert(c.to_owned());
            }
        }
    }

    let title = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("# title:"))
        .map(str::trim)
        .map_or_else(
            || {
                format!(
                    "CONSTRUCT: {}",
                    path.file_name()
                        .map_or_else(String::new, |f| f.to_string_lossy().into_owned())
                )
            },
            str::to_owned,
        );
    let mut diagram = Diagram::new("construct", title, scope.lang, RankDir::LeftRight);

    for r in &resources {
        let iri = match r {
            Resource::Iri(iri) => Some(iri.as_str()),
            Resource::Blank(_) => None,
        };
        let classes = types
            .get(r)
            .or_else(|| iri.and_then(|i| stored_types.get(i)));
        let class = classes
            .into_iter()
            .flatten()
            .find_map(|c| NodeClass::from_class_iri(c))
            .unwrap_or(NodeClass::Other);
        let name = texts
            .get(r)
            .and_then(|t| t.pick(scope.lang))
            .map(str::to_owned)
            .or_else(|| {
                iri.and_then(|i| stored_labels.get(i))
                    .and_then(|t| t.pick(scope.lang))
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| iri.map_or_else(|| id_of(r), compact));
        let mut node = match iri {
            Some(iri) => Node::resource(iri, class, name),
            None => Node::new(id_of(r), class, name),
        };
        node.root = true;
        let listed = values.get(r).into_iter().flatten();
        let count = values.get(r).map_or(0, BTreeSet::len);
        for value in listed.take(MAX_VALUES) {
            node = node.line(value.clone());
        }
        if count > MAX_VALUES {
            node = node.line(format!("(+{})", count - MAX_VALUES));
        }
        if class == NodeClass::Other
            && let Some(c) = classes.and_then(|c| c.iter().next())
        {
            node = node.line(format!("a {}", compact(c)));
        }
        diagram.add_node(node);
    }
    for (s, p, o) in &links {
        let label = stored_labels
            .get(p)
            .and_then(|t| t.pick(scope.lang))
            .map_or_else(|| compact(p), str::to_owned);
        let mut edge = Edge::new(EdgeKind::Predicate).labelled(label);
        edge.tooltip = Some(compact(p));
        diagram.add_edge(&id_of(s), &id_of(o), edge);
    }

    // the largest groups first: kept first by --max-nodes, drawn first
    for (i, component) in diagram.components().into_iter().enumerate() {
        for id in component {
            if let Some(node) = diagram.node_mut(&id) {
                node.priority = u32::try_from(i).unwrap_or(u32::MAX);
                node.order = format!("{i:06} {id}");
            }
        }
    }
    Ok(diagram)
}

#[cfg(test)]
mod tests {
    use super::super::scope::local_name;
    use super::*;
    use oxigraph::model::Literal;

    #[test]
    fn prefixes_shorten_iris() {
        assert_eq!(
            compact("https://w3id.org/ctockg/ontology#cites"),
            "ck:cites"
        );
        assert_eq!(compact("http://example.org/x"), "http://example.org/x");
        assert_eq!(
            local_name("https://w3id.org/ctockg/ontology#cites"),
            "cites"
        );
    }

    #[test]
    fn texts_pick_a_label() {
        let mut t = Texts::default();
        t.add(&Literal::new_simple_literal("x"));
        assert_eq!(t.pick(super::super::labels::Lang::Zh), Some("x"));
    }
}
