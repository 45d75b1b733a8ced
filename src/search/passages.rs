//! The paragraphs and footnotes of the store's language versions, as the search index holds
//! them: text, number, language, document and meeting.

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use rayon::prelude::*;

use crate::store::{GraphStore, StoreError};
use crate::vocab::{self, ck, ext};

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

/// Language versions read at once, spread over the cores: enough to keep them busy,
/// few enough that their passages wait in memory only briefly.
const AT_ONCE: usize = 256;

/// The passages of the language versions whose graphs are `graphs`; `each` takes each graph's
/// passages in turn, sorted by position (a graph without any gets an empty list, so that what it
/// had leaves the index).
///
/// Each graph is read by scans of the few predicates a passage needs, and the facts other
/// graphs hold (the document's symbol, the meeting's first day and body) by look-ups. At 10,000
/// documents the index is made in 9.2 s; one SPARQL query over every version took 45 s to read
/// the same passages, and had not finished after 17 minutes at 100,000 documents.
pub fn read(
    store: &GraphStore,
    graphs: &[String],
    mut each: impl FnMut(&str, Vec<Passage>) -> Result<(), super::SearchError>,
) -> Result<(), super::SearchError> {
    for batch in graphs.chunks(AT_ONCE) {
        let read: Vec<Result<Vec<Passage>, StoreError>> = batch
            .par_iter()
            .map(|graph| version_passages(store, graph))
            .collect();
        for (graph, passages) in batch.iter().zip(read) {
            each(graph, passages?)?;
        }
    }
    Ok(())
}

/// What one subject of a language version's graph says of itself as a passage.
#[derive(Default)]
struct Parts {
    in_version: bool,
    text: Option<String>,
    number: Option<String>,
    position: Option<u64>,
    footnote: bool,
}

/// The passages of one language version's graph: its subjects that are part of it and have a
/// text, sorted by position, then IRI.
fn version_passages(store: &GraphStore, graph: &str) -> Result<Vec<Passage>, StoreError> {
    let Ok(node) = NamedNode::new(graph) else {
        return Ok(Vec::new());
    };
    let version = NamedOrBlankNode::from(node.clone());
    let mut lang = None;
    let mut document = None;
    let mut reported = BTreeSet::new();
    let mut prepared = BTreeSet::new();
    let mut parts: BTreeMap<String, Parts> = BTreeMap::new();
    // only the quads of the predicates read: each term of a quad read from the store is a
    // look-up of its string, and a version's mentions, citations and labels are most of it
    let in_graph = Some(GraphNameRef::NamedNode(node.as_ref()));
    let mut quads = store.quads(
        None,
        Some(rdf::TYPE),
        Some(ck::FOOTNOTE_CLASS.into()),
        in_graph,
    )?;
    for predicate in [
        ext::LANGUAGE,
        ext::IS_PART_OF,
        ck::REPORT_OF,
        ck::PREPARED_FOR,
        ck::TEXT,
        ck::NUMBER,
        ck::POSITION,
    ] {
        quads.extend(store.quads(None, Some(predicate), None, in_graph)?);
    }
    for quad in &quads {
        let predicate = quad.predicate.as_ref();
        if quad.subject == version {
            if predicate == ext::LANGUAGE {
                lang = lang.or_else(|| value(&quad.object));
            } else if predicate == ext::IS_PART_OF {
                document = document.or_else(|| named(&quad.object));
            }
        }
        let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
            continue;
        };
        if predicate == ck::REPORT_OF || predicate == ck::PREPARED_FOR {
            let Some(meeting) = named(&quad.object) else {
                continue;
            };
            let found = if predicate == ck::REPORT_OF {
                &mut reported
            } else {
                &mut prepared
            };
            found.insert((subject.as_str().to_owned(), meeting));
            continue;
        }
        let is_part = predicate == ext::IS_PART_OF && quad.object == node.clone().into();
        let is_footnote = predicate == rdf::TYPE && quad.object == ck::FOOTNOTE_CLASS.into();
        let said = [ck::TEXT, ck::NUMBER, ck::POSITION].contains(&predicate);
        if !(is_part || is_footnote || said) {
            continue;
        }
        let part = parts.entry(subject.as_str().to_owned()).or_default();
        let value = value(&quad.object);
        if is_part {
            part.in_version = true;
        } else if is_footnote {
            part.footnote = true;
        } else if predicate == ck::TEXT {
            part.text = part.text.take().or(value);
        } else if predicate == ck::NUMBER {
            part.number = part.number.take().or(value);
        } else {
            part.position = part.position.or(value.and_then(|p| p.parse().ok()));
        }
    }
    let (Some(lang), Some(document)) = (lang, document) else {
        return Ok(Vec::new());
    };
    // a document reporting on a meeting is placed at it; else at the one it was prepared for
    let of_document = |facts: &BTreeSet<(String, String)>| -> Vec<String> {
        facts
            .iter()
            .filter(|(subject, _)| *subject == document)
            .map(|(_, meeting)| meeting.clone())
            .collect()
    };
    let mut candidates = of_document(&reported);
    if candidates.is_empty() {
        candidates = of_document(&prepared);
    }
    let meeting = first_meeting(store, &candidates)?;
    let symbol = objects(store, &document, ext::IDENTIFIER)?
        .into_iter()
        .min();
    let shown = symbol.unwrap_or_else(|| {
        document
            .strip_prefix(vocab::ID)
            .map(|rest| rest.trim_start_matches("doc/").to_owned())
            .unwrap_or_else(|| document.clone())
    });
    let mut passages: Vec<Passage> = parts
        .into_iter()
        .filter(|(_, part)| part.in_version)
        .filter_map(|(iri, part)| {
            Some(Passage {
                graph: graph.to_owned(),
                iri,
                document: shown.clone(),
                lang: lang.clone(),
                number: part.number,
                footnote: part.footnote,
                position: part.position.unwrap_or_default(),
                meeting: meeting.clone(),
                text: part.text?,
            })
        })
        .collect();
    // stable: passages at one position stay in IRI order
    passages.sort_by_key(|p| p.position);
    Ok(passages)
}

/// The first (in [`Meeting`]'s order) of the meetings whose first day and body the store holds.
fn first_meeting(store: &GraphStore, iris: &[String]) -> Result<Option<Meeting>, StoreError> {
    let mut first: Option<Meeting> = None;
    for iri in iris {
        let starts = objects(store, iri, ck::START_DATE)?;
        let bodies = objects(store, iri, ck::BODY)?;
        for start in &starts {
            for body in &bodies {
                let meeting = Meeting {
                    iri: iri.clone(),
                    body: body.rsplit('/').next().unwrap_or_default().to_owned(),
                    start: start.clone(),
                };
                if first.as_ref().is_none_or(|kept| meeting < *kept) {
                    first = Some(meeting);
                }
            }
        }
    }
    Ok(first)
}

/// The values of `predicate` on the named node `subject`, in any graph.
fn objects(
    store: &GraphStore,
    subject: &str,
    predicate: NamedNodeRef<'_>,
) -> Result<Vec<String>, StoreError> {
    let Ok(subject) = NamedNode::new(subject) else {
        return Ok(Vec::new());
    };
    Ok(store
        .quads(Some(subject.as_ref()), Some(predicate), None, None)?
        .iter()
        .filter_map(|quad| value(&quad.object))
        .collect())
}

/// A literal's lexical form or an IRI; a blank node has none.
fn value(term: &Term) -> Option<String> {
    match term {
        Term::Literal(l) => Some(l.value().to_owned()),
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

fn named(term: &Term) -> Option<String> {
    match term {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    }
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
