//! The paragraphs and footnotes of the store's language versions, as the search index holds
//! them: text, number, language, document and meeting.

use std::collections::BTreeMap;

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use crate::store::{GraphStore, StoreError};
use crate::vocab;

/// A paragraph or footnote of one language version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// The language version's named graph, which holds it.
    pub graph: String,
    /// Its IRI.
    pub iri: String,
    /// The document's symbol, or the document's IRI after `id:doc/` when it has none
    /// (`local/wg7-2020-draft-report`).
    pub document: String,
    /// The language version's language (`zh`, `en` …).
    pub lang: String,
    /// Its number as printed, if any.
    pub number: Option<String>,
    /// Whether it is a footnote.
    pub footnote: bool,
    /// Its position within the language version.
    pub position: u64,
    /// The meeting the document reports on, or else the one it was prepared for.
    pub meeting: Option<Meeting>,
    /// Its text.
    pub text: String,
}

/// A meeting as a hit shows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Meeting {
    /// Its IRI.
    pub iri: String,
    /// Its body's key (`wg7`).
    pub body: String,
    /// Its first day, `YYYY-MM-DD`.
    pub start: String,
}

/// The language versions' graphs are `id:doc/{document}/{language}`.
pub fn is_version_graph(graph: &str) -> bool {
    graph
        .strip_prefix(vocab::ID)
        .and_then(|rest| rest.strip_prefix("doc/"))
        .is_some_and(|rest| rest.contains('/'))
}

/// The most language versions read by a query each; more are read by one query over every
/// version, filtered here. A query naming its graph reads only that graph's quads, but one
/// listing its graphs in `VALUES` was planned as a scan of every graph, joined afterwards.
pub const ONE_BY_ONE: usize = 100;

/// The passages of the language versions whose graphs are `graphs`, by a query each, or by one
/// query over every version when `scan`; `each` takes each graph's passages in turn, sorted by
/// position (a graph without any gets an empty list, so that what it had leaves the index).
pub fn read(
    store: &GraphStore,
    graphs: &[String],
    scan: bool,
    mut each: impl FnMut(&str, Vec<Passage>) -> Result<(), super::SearchError>,
) -> Result<(), super::SearchError> {
    if scan {
        let mut found: BTreeMap<&str, BTreeMap<String, Passage>> = graphs
            .iter()
            .map(|g| (g.as_str(), BTreeMap::new()))
            .collect();
        for passage in query(store, None)? {
            if let Some(passages) = found.get_mut(passage.graph.as_str()) {
                keep(passages, passage);
            }
        }
        for (graph, passages) in found {
            each(graph, in_order(passages))?;
        }
        return Ok(());
    }
    for graph in graphs {
        let mut passages = BTreeMap::new();
        for passage in query(store, Some(graph))? {
            keep(&mut passages, passage);
        }
        each(graph, in_order(passages))?;
    }
    Ok(())
}

/// Adds a passage by its IRI. A document reporting on several meetings gives a row for each:
/// the first meeting stays.
fn keep(passages: &mut BTreeMap<String, Passage>, passage: Passage) {
    let better = match passages.get(&passage.iri).map(|kept| &kept.meeting) {
        None => true,
        Some(None) => passage.meeting.is_some(),
        Some(Some(kept)) => passage.meeting.as_ref().is_some_and(|m| m < kept),
    };
    if better {
        passages.insert(passage.iri.clone(), passage);
    }
}

fn in_order(passages: BTreeMap<String, Passage>) -> Vec<Passage> {
    let mut passages: Vec<Passage> = passages.into_values().collect();
    passages.sort_by_key(|p| p.position);
    passages
}

/// The passages of one language version's graph, or of every one.
fn query(store: &GraphStore, graph: Option<&str>) -> Result<Vec<Passage>, StoreError> {
    let named = graph.and_then(|g| oxigraph::model::NamedNode::new(g).ok());
    let g = named
        .as_ref()
        .map_or_else(|| "?g".to_owned(), ToString::to_string);
    let text = format!(
        "PREFIX ck: <{ck}>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT * WHERE {{
  GRAPH {g} {{
    {g} dcterms:language ?lang ; dcterms:isPartOf ?doc .
    ?p dcterms:isPartOf {g} ; ck:text ?text .
    OPTIONAL {{ ?p ck:number ?number }}
    OPTIONAL {{ ?p ck:position ?position }}
    BIND (EXISTS {{ ?p a ck:Footnote }} AS ?footnote)
    OPTIONAL {{ ?doc ck:reportOf ?reported }}
    OPTIONAL {{ ?doc ck:preparedFor ?prepared }}
  }}
  BIND (COALESCE(?reported, ?prepared) AS ?meeting)
  OPTIONAL {{ ?doc dcterms:identifier ?symbol }}
  OPTIONAL {{ ?meeting ck:startDate ?start ; ck:body ?body }}
}}",
        ck = vocab::CK,
    );
    let QueryResults::Solutions(solutions) = store.evaluate(&text)? else {
        return Ok(Vec::new());
    };
    let mut passages = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(|e| StoreError::Evaluation(e.to_string()))?;
        let value = |name: &str| match solution.get(name) {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            Some(Term::NamedNode(n)) => Some(n.as_str().to_owned()),
            _ => None,
        };
        let graph = value("g").or_else(|| named.as_ref().map(|n| n.as_str().to_owned()));
        let (Some(graph), Some(iri), Some(text), Some(lang), Some(doc)) = (
            graph,
            value("p"),
            value("text"),
            value("lang"),
            value("doc"),
        ) else {
            continue;
        };
        let document = value("symbol").unwrap_or_else(|| {
            doc.strip_prefix(vocab::ID)
                .map(|rest| rest.trim_start_matches("doc/").to_owned())
                .unwrap_or(doc)
        });
        let meeting = match (value("meeting"), value("start"), value("body")) {
            (Some(iri), Some(start), Some(body)) => Some(Meeting {
                iri,
                body: body.rsplit('/').next().unwrap_or_default().to_owned(),
                start,
            }),
            _ => None,
        };
        passages.push(Passage {
            graph,
            iri,
            document,
            lang,
            number: value("number"),
            footnote: value("footnote").as_deref() == Some("true"),
            position: value("position")
                .and_then(|p| p.parse().ok())
                .unwrap_or_default(),
            meeting,
            text,
        });
    }
    Ok(passages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_graphs_are_those_of_a_document_and_a_language() {
        assert!(is_version_graph(
            "https://w3id.org/ctockg/id/doc/CTOC/COP/WG.7/2024/2/zh"
        ));
        assert!(is_version_graph(
            "https://w3id.org/ctockg/id/doc/local/wg7-2020-draft-report/zh"
        ));
        assert!(!is_version_graph(
            "https://w3id.org/ctockg/id/graph/entities"
        ));
        assert!(!is_version_graph(
            "https://w3id.org/ctockg/id/instrument/UNTOC"
        ));
    }
}
