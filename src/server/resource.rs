//! Linked data: every `https://w3id.org/ctockg/id/…` IRI at `/id/…`, and the ontology at
//! `/ontology`, as an HTML page or as RDF.
//!
//! The RDF of a resource is what the published graphs state about it and what they state
//! pointing to it. The page shows the same facts for people: labels in Chinese and English,
//! properties as links, the facts pointing to it, and the paragraphs the facts were extracted
//! from, quoted.

use crate::resident::ResidentStore;
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple,
};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use super::ServerError;
use super::dataset::is_published;
use crate::vocab::ext;
use oxigraph::model::vocab::rdfs;

mod html;
mod labels;
mod ontology;

pub use html::page;
use labels::Labels;
pub use ontology::{ontology_page, ontology_triples};

/// The label properties, best first.
const LABELS: [NamedNodeRef<'static>; 3] = [rdfs::LABEL, ext::PREF_LABEL, ext::TITLE];

/// Facts about a resource shown with their source quoted, at most; the others are links.
const QUOTED_FACTS: usize = 30;
/// Facts pointing to a resource listed per property, at most; a query link lists them all.
const LISTED_FACTS: usize = 100;

fn storage(error: impl std::fmt::Display) -> ServerError {
    ServerError::Storage(error.to_string())
}

/// What the published graphs say about one IRI.
#[derive(Debug, Default)]
pub struct Description {
    /// The IRI.
    pub iri: String,
    /// (predicate, object) stated with the IRI as subject, once each, sorted.
    pub outgoing: Vec<(NamedNode, Term)>,
    /// (subject, predicate) stated with the IRI as object, once each, sorted.
    pub incoming: Vec<(NamedOrBlankNode, NamedNode)>,
    /// For each predicate of `incoming`: how many subjects state it, which may be more than
    /// `incoming` lists (see [`Extent::Page`]).
    pub incoming_counts: BTreeMap<NamedNode, usize>,
    /// The graphs stating any of those facts (at most [`LISTED_FACTS`] for a page).
    pub graphs: BTreeSet<NamedNode>,
    /// How many graphs state any of those facts.
    pub graph_count: usize,
    /// When the IRI names a graph: its number of quads.
    pub graph_size: Option<usize>,
    /// The paragraphs it is derived from (`prov:wasDerivedFrom`): for a page, at most
    /// [`LISTED_FACTS`] and not in `outgoing`; for the full description, all, also in `outgoing`.
    pub sources: Vec<NamedNode>,
    /// How many paragraphs it is derived from.
    pub source_count: usize,
}

impl Description {
    /// Whether nothing at all is known of the IRI.
    pub fn is_empty(&self) -> bool {
        self.outgoing.is_empty() && self.incoming.is_empty() && self.graph_size.is_none()
    }

    /// The description as triples (outgoing, then incoming), for the RDF formats.
    pub fn triples(&self) -> Vec<Triple> {
        let subject = NamedNode::new_unchecked(self.iri.clone());
        let mut out: Vec<Triple> = self
            .outgoing
            .iter()
            .map(|(p, o)| Triple::new(subject.clone(), p.clone(), o.clone()))
            .collect();
        out.extend(
            self.incoming
                .iter()
                .map(|(s, p)| Triple::new(s.clone(), p.clone(), subject.clone())),
        );
        out
    }
}

/// How much of what points to a resource [`describe`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// Every fact: the RDF of the resource.
    Full,
    /// What its page shows: every outgoing fact, and of the facts pointing to it and the graphs
    /// stating them, the counts and at most [`LISTED_FACTS`] of each. A country is pointed to by
    /// tens of thousands of facts; decoding each of them to count them took 160 ms a page at
    /// 1,000 documents, while SPARQL counts them on the store's own ids.
    Page,
}

/// Reads what the published graphs say about `iri`.
pub fn describe(
    store: &Arc<ResidentStore>,
    iri: &NamedNode,
    extent: Extent,
) -> Result<Description, ServerError> {
    let mut description = Description {
        iri: iri.as_str().to_owned(),
        ..Description::default()
    };
    let outgoing: HashSet<_> = match extent {
        Extent::Full => published_quads(store, Some(iri), None, None, &mut description.graphs)?,
        Extent::Page => page_outgoing(store, iri, &mut description)?,
    }
    .into_iter()
    .map(|quad| (quad.predicate, quad.object))
    .collect();
    description.outgoing = outgoing.into_iter().collect();
    description
        .outgoing
        .sort_by_cached_key(|(p, o)| (p.as_str().to_owned(), o.to_string()));
    if extent == Extent::Full {
        description.sources = description
            .outgoing
            .iter()
            .filter(|(p, _)| p.as_ref() == ext::WAS_DERIVED_FROM)
            .filter_map(|(_, o)| match o {
                Term::NamedNode(n) => Some(n.clone()),
                _ => None,
            })
            .collect();
        description.source_count = description.sources.len();
    }
    match extent {
        Extent::Full => {
            let incoming: HashSet<_> =
                published_quads(store, None, None, Some(iri), &mut description.graphs)?
                    .into_iter()
                    .map(|quad| (quad.subject, quad.predicate))
                    .collect();
            description.incoming = incoming.into_iter().collect();
            for (_, predicate) in &description.incoming {
                *description
                    .incoming_counts
                    .entry(predicate.clone())
                    .or_default() += 1;
            }
            description.graph_count = description.graphs.len();
        }
        Extent::Page => read_incoming_for_page(store, iri, &mut description)?,
    }
    description
        .incoming
        .sort_by_cached_key(|(s, p)| (p.as_str().to_owned(), s.to_string()));
    let as_graph = GraphNameRef::NamedNode(iri.as_ref());
    if is_published(&as_graph.into_owned()) && store.contains_named_graph(iri.as_ref()) {
        description.graph_size = Some(
            store
                .quads_for_pattern(None, None, None, Some(as_graph))
                .count(),
        );
    }
    Ok(description)
}

/// The quads of the published graphs with this subject, predicate or object, each graph noted
/// in `graphs`.
fn published_quads(
    store: &Arc<ResidentStore>,
    subject: Option<&NamedNode>,
    predicate: Option<&NamedNode>,
    object: Option<&NamedNode>,
    graphs: &mut BTreeSet<NamedNode>,
) -> Result<Vec<oxigraph::model::Quad>, ServerError> {
    let mut out = Vec::new();
    for quad in store.quads_for_pattern(
        subject.map(|s| s.as_ref().into()),
        predicate.map(NamedNode::as_ref),
        object.map(|o| o.as_ref().into()),
        None,
    ) {
        let quad = quad.map_err(storage)?;
        if is_published(&quad.graph_name) {
            if let GraphName::NamedNode(g) = &quad.graph_name {
                graphs.insert(g.clone());
            }
            out.push(quad);
        }
    }
    Ok(out)
}

/// The facts of a page's resource, but for the paragraphs it is derived from: a resolution is
/// derived from each of the thousands of paragraphs citing it. Of those, the count and the first
/// [`LISTED_FACTS`], counted on the index's term ids, which decodes only what it returns.
fn page_outgoing(
    store: &Arc<ResidentStore>,
    iri: &NamedNode,
    description: &mut Description,
) -> Result<Vec<oxigraph::model::Quad>, ServerError> {
    let subject = Term::from(iri.clone());
    let mut out = Vec::new();
    for predicate in store.predicates_of(&subject) {
        if predicate.as_ref() != ext::WAS_DERIVED_FROM {
            out.extend(published_quads(
                store,
                Some(iri),
                Some(&predicate),
                None,
                &mut description.graphs,
            )?);
        }
    }
    let (count, first) = store.objects_of(&subject, ext::WAS_DERIVED_FROM, LISTED_FACTS);
    description.source_count = count;
    description.sources = first
        .into_iter()
        .filter_map(|source| match source {
            Term::NamedNode(node) => Some(node),
            _ => None,
        })
        .collect();
    Ok(out)
}

/// The counts of the facts pointing to `iri` and of the graphs stating any fact about it, and
/// the first [`LISTED_FACTS`] of each, counted on the index's term ids, which decodes only what it
/// returns. The build metadata graph never points to a resource (its objects are literals).
fn read_incoming_for_page(
    store: &Arc<ResidentStore>,
    iri: &NamedNode,
    description: &mut Description,
) -> Result<(), ServerError> {
    let term = Term::from(iri.clone());
    for incoming in store.incoming(&term, LISTED_FACTS) {
        for subject in incoming.first {
            description
                .incoming
                .push((subject, incoming.predicate.clone()));
        }
        description
            .incoming_counts
            .insert(incoming.predicate, incoming.subjects);
    }
    let (count, first) = store.graphs_mentioning(&term, LISTED_FACTS);
    description.graph_count = count;
    description.graphs.extend(first);
    while description.graphs.len() > LISTED_FACTS {
        description.graphs.pop_last();
    }
    Ok(())
}
