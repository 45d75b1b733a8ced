//! The ontology at `/ontology`: a page of its classes and properties, and its triples as RDF.

use crate::resident::ResidentStore;
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Term, Triple};
use std::sync::Arc;

use crate::vocab::{self, ext};

use crate::server::ServerError;
use crate::server::page::{self, Html, compact, iri_link};

use super::html::alternates;
use super::{Labels, storage};

/// The ontology page: its title and description, then each class and property with its
/// labels and comments in English and Chinese, anchored by local name (`/ontology#Meeting`).
pub fn ontology_page(store: &Arc<ResidentStore>) -> String {
    let labels = Labels::new(store);
    let ontology = labels.node(vocab::ONTOLOGY);
    let literal = |subject: &str, predicate: NamedNodeRef<'_>, lang: &str| -> Option<String> {
        store
            .quads_for_pattern(
                Some(NamedNodeRef::new_unchecked(subject).into()),
                Some(predicate),
                None,
                None,
            )
            .flatten()
            .find_map(|q| match q.object {
                Term::Literal(l) if l.language() == Some(lang) => Some(l.value().to_owned()),
                _ => None,
            })
    };
    let mut h = Html::new();
    h.element(
        "<h1>",
        ontology.en.as_deref().unwrap_or("ctockg ontology"),
        "</h1>",
    );
    if let Some(zh) = &ontology.zh {
        h.element("<p class=\"zh\" lang=\"zh\">", zh, "</p>");
    }
    if let Some(description) = literal(vocab::ONTOLOGY, ext::DESCRIPTION, "en") {
        h.element("<p class=\"lead\">", &description, "</p>");
    }
    h.element("<p class=\"iri\">", vocab::ONTOLOGY, "</p>");
    alternates(&mut h, "/ontology");
    for (title, class) in [
        ("Classes", ext::OWL_CLASS),
        ("Object properties", ext::OBJECT_PROPERTY),
        ("Datatype properties", ext::DATATYPE_PROPERTY),
    ] {
        let mut terms: Vec<String> = store
            .quads_for_pattern(None, Some(rdf::TYPE), Some(class.into()), None)
            .flatten()
            .filter_map(|q| match q.subject {
                NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(vocab::CK) => {
                    Some(n.as_str().to_owned())
                }
                _ => None,
            })
            .collect();
        terms.sort();
        terms.dedup();
        h.element("<h2>", title, "</h2>");
        h.raw("<table><thead><tr><th>term</th><th>label</th><th>comment</th></tr></thead><tbody>");
        for term in terms {
            let local = term.strip_prefix(vocab::CK).unwrap_or(&term);
            let node = labels.node(&term);
            h.raw("<tr id=\"")
                .attr(local)
                .raw("\"><td class=\"iri\">")
                .text(&format!("ck:{local}"))
                .raw("</td><td>")
                .text(node.en.as_deref().unwrap_or(""))
                .raw("<br><span lang=\"zh\" class=\"muted\">")
                .text(node.zh.as_deref().unwrap_or(""))
                .raw("</span></td><td>")
                .text(&literal(&term, rdfs::COMMENT, "en").unwrap_or_default());
            for (name, predicate) in [("domain", rdfs::DOMAIN), ("range", rdfs::RANGE)] {
                if let Some(target) = labels
                    .linked(&term)
                    .links
                    .into_iter()
                    .find(|(p, _)| p.as_ref() == predicate)
                {
                    h.raw("<br><span class=\"muted\">").text(name).raw(": ");
                    iri_link(&mut h, target.1.as_str(), &compact(target.1.as_str()));
                    h.raw("</span>");
                }
            }
            h.raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }
    page::document("Ontology", h)
}

/// The ontology as RDF: every triple of its named graph (the vocabulary and the theme scheme).
pub fn ontology_triples(store: &Arc<ResidentStore>) -> Result<Vec<Triple>, ServerError> {
    let graph = crate::graph::iri::ontology_graph();
    let mut triples: Vec<Triple> = store
        .quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        )
        .map(|q| q.map(Triple::from).map_err(storage))
        .collect::<Result<_, _>>()?;
    triples.sort_by_cached_key(ToString::to_string);
    Ok(triples)
}
