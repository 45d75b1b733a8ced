//! The HTML page of a resource: its facts, with their sources quoted, and the facts pointing to
//! it.

use crate::resident::ResidentStore;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term};
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::vocab::{self, ck, ext};

use crate::server::page::{self, Html, compact, href, iri_link};

use super::{Description, LISTED_FACTS, Labels, QUOTED_FACTS};

/// The formats a resource page links to, by suffix.
const ALTERNATES: [crate::server::negotiate::Format; 4] = [
    crate::server::negotiate::Format::Turtle,
    crate::server::negotiate::Format::NTriples,
    crate::server::negotiate::Format::JsonLd,
    crate::server::negotiate::Format::RdfXml,
];

pub(super) fn alternates(h: &mut Html, local: &str) {
    h.raw("<p class=\"formats\">Also as");
    for format in ALTERNATES {
        h.link(&format!("{local}.{}", format.suffix()), format.label());
    }
    h.raw("</p>");
}

/// The page of a resource.
pub fn page(store: &Arc<ResidentStore>, description: &Description) -> String {
    let labels = Labels::new(store);
    let iri = description.iri.as_str();
    let node = labels.node(iri);
    let shown = labels.shown(iri, "");
    let mut h = Html::new();

    h.element("<h1>", &shown.text, "</h1>");
    if let Some(zh) = node.zh.as_deref().filter(|zh| *zh != shown.text) {
        h.element("<p class=\"zh\" lang=\"zh\">", zh, "</p>");
    }
    h.element("<p class=\"iri\">", iri, "</p>");
    if !node.types.is_empty() {
        h.raw("<div class=\"tags\">");
        for class in &node.types {
            let class_node = labels.node(class.as_str());
            let text = match (&class_node.en, &class_node.zh) {
                (Some(en), Some(zh)) => format!("{en} · {zh}"),
                (Some(en), None) => en.clone(),
                _ => compact(class.as_str()),
            };
            h.raw("<a class=\"tag\" href=\"")
                .attr(&href(class.as_str()).unwrap_or_default())
                .raw("\">")
                .text(&text)
                .raw("</a>");
        }
        h.raw("</div>");
    }
    alternates(&mut h, &href(iri).unwrap_or_default());
    if let Some(key) = iri.strip_prefix(&format!("{}theme/", vocab::ID))
        && description
            .outgoing
            .iter()
            .any(|(p, _)| p.as_ref() == vocab::ext::TOP_CONCEPT_OF)
    {
        h.raw("<p>")
            .link(
                &format!("/themes/{}", page::path_escape(key)),
                "How this theme evolves across meetings",
            )
            .raw("</p>");
    }

    if let Some(text) = &node.text {
        h.raw("<h2>Text</h2><figure class=\"quote\"><blockquote lang=\"zh\">")
            .text(text)
            .raw("</blockquote>");
        if let Some((_, Term::NamedNode(parent))) = description
            .outgoing
            .iter()
            .find(|(p, _)| p.as_ref() == ext::IS_PART_OF)
        {
            h.raw("<figcaption>In ");
            labels.link(&mut h, parent.as_str(), iri);
            h.raw("</figcaption>");
        }
        h.raw("</figure>");
    }

    if !description.sources.is_empty() {
        h.raw("<h2>Where the graph has this from");
        if description.source_count > QUOTED_FACTS {
            h.raw(" <span class=\"count\">")
                .text(&format!("({})", description.source_count))
                .raw("</span>");
        }
        h.raw("</h2>");
        let mut others = Vec::new();
        let mut quoted = 0;
        for source in &description.sources {
            if quoted < QUOTED_FACTS && labels.quote(&mut h, source.as_str(), iri, true) {
                quoted += 1;
            } else {
                others.push(source);
            }
        }
        if !others.is_empty() {
            h.raw("<p class=\"muted\">Also derived from: ");
            for (i, source) in others.iter().enumerate() {
                if i > 0 {
                    h.raw(", ");
                }
                labels.link(&mut h, source.as_str(), iri);
            }
            h.raw("</p>");
        }
        if description.source_count > description.sources.len() {
            h.raw("<p>").link(
                &page::sparql_link(&format!(
                    "SELECT ?source WHERE {{ <{iri}> <{}> ?source }} ORDER BY ?source",
                    ext::WAS_DERIVED_FROM.as_str()
                )),
                &format!("All {}", description.source_count),
            );
            h.raw("</p>");
        }
    }

    properties(&mut h, &labels, description);
    referenced_by(&mut h, &labels, description);

    if let Some(size) = description.graph_size {
        h.raw("<h2>As a named graph</h2><p>")
            .text(&format!("This IRI names a graph of {size} quads. "))
            .link(
                &page::sparql_link(&format!(
                    "SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o LIMIT 1000"
                )),
                "See its quads",
            )
            .raw("</p>");
    }
    if !description.graphs.is_empty() {
        h.raw("<h2>Stated in <span class=\"count\">")
            .text(&format!("({})", description.graph_count))
            .raw("</span></h2><ul class=\"values\">");
        for graph in &description.graphs {
            h.raw("<li>");
            iri_link(&mut h, graph.as_str(), &compact(graph.as_str()));
            h.raw("</li>");
        }
        h.raw("</ul>");
        if description.graph_count > description.graphs.len() {
            h.raw("<p>").link(
                &page::sparql_link(&format!(
                    "SELECT DISTINCT ?graph WHERE {{ {{ GRAPH ?graph {{ <{iri}> ?p ?o }} }} UNION {{ GRAPH ?graph {{ ?s ?p <{iri}> }} }} }} ORDER BY ?graph"
                )),
                &format!("All {}", description.graph_count),
            );
            h.raw("</p>");
        }
    }
    page::document(&shown.text, h)
}

fn properties(h: &mut Html, labels: &Labels<'_>, description: &Description) {
    let iri = description.iri.as_str();
    let mut grouped: BTreeMap<&NamedNode, Vec<&Term>> = BTreeMap::new();
    for (predicate, object) in &description.outgoing {
        let p = predicate.as_ref();
        if p == rdf::TYPE || p == ck::TEXT || p == ext::WAS_DERIVED_FROM {
            continue; // shown above
        }
        grouped.entry(predicate).or_default().push(object);
    }
    if grouped.is_empty() {
        return;
    }
    h.raw("<h2>Properties</h2><table class=\"props\"><tbody>");
    for (predicate, objects) in grouped {
        h.raw("<tr><th scope=\"row\">");
        labels.property(h, predicate);
        if objects.len() > 8 {
            h.raw(" <span class=\"muted\">")
                .text(&format!("({})", objects.len()))
                .raw("</span>");
        }
        h.raw("</th><td>");
        let mut shown: Vec<(String, &Term)> = objects
            .into_iter()
            .map(|o| {
                let key = match o {
                    Term::NamedNode(n) => labels.shown(n.as_str(), iri).text,
                    Term::Literal(l) => l.value().to_owned(),
                    other => other.to_string(),
                };
                (key, o)
            })
            .collect();
        shown.sort_by(|a, b| a.0.cmp(&b.0));
        h.raw(if shown.len() > 8 {
            "<ul class=\"values columns\">"
        } else {
            "<ul class=\"values\">"
        });
        for (_, object) in shown {
            h.raw("<li>");
            match object {
                Term::NamedNode(n) => labels.link(h, n.as_str(), iri),
                Term::Literal(l) => page::literal(h, l, true),
                other => {
                    h.text(&other.to_string());
                }
            }
            h.raw("</li>");
        }
        h.raw("</ul></td></tr>");
    }
    h.raw("</tbody></table>");
}

fn referenced_by(h: &mut Html, labels: &Labels<'_>, description: &Description) {
    let iri = description.iri.as_str();
    let mut grouped: BTreeMap<&NamedNode, Vec<&NamedOrBlankNode>> = BTreeMap::new();
    for (subject, predicate) in &description.incoming {
        grouped.entry(predicate).or_default().push(subject);
    }
    if grouped.is_empty() {
        return;
    }
    h.raw("<h2>Facts pointing here <span class=\"count\">")
        .text(&format!(
            "({})",
            description.incoming_counts.values().sum::<usize>()
        ))
        .raw("</span></h2>");
    let mut quoted = 0;
    for (predicate, subjects) in grouped {
        h.raw("<h3>");
        labels.property(h, predicate);
        // a country is pointed to by thousands of paragraphs: the description holds the
        // first LISTED_FACTS in the store's order, and labels are read for those alone
        let total = description
            .incoming_counts
            .get(predicate)
            .copied()
            .unwrap_or(subjects.len());
        h.raw(" <span class=\"muted\">")
            .text(&format!("({total})"))
            .raw("</span></h3>");
        let mut subjects = subjects;
        subjects.truncate(LISTED_FACTS);
        let mut subjects: Vec<(String, &NamedOrBlankNode)> = subjects
            .into_iter()
            .map(|s| match s {
                NamedOrBlankNode::NamedNode(n) => (labels.shown(n.as_str(), iri).text, s),
                other => (other.to_string(), s),
            })
            .collect();
        subjects.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, subject) in subjects {
            h.raw("<div class=\"fact\">");
            let NamedOrBlankNode::NamedNode(subject) = subject else {
                h.text(&subject.to_string()).raw("</div>");
                continue;
            };
            labels.link(h, subject.as_str(), iri);
            if quoted < QUOTED_FACTS {
                let node = labels.node(subject.as_str());
                if node.text.is_some() {
                    // the subject is a paragraph: its own text is the source
                    labels.quote(h, subject.as_str(), iri, false);
                    quoted += 1;
                } else if let Some(source) = labels
                    .linked(subject.as_str())
                    .sources
                    .iter()
                    .find(|s| labels.node(s.as_str()).text.is_some())
                {
                    labels.quote(h, source.as_str(), iri, true);
                    quoted += 1;
                }
            }
            h.raw("</div>");
        }
        if total > LISTED_FACTS {
            h.raw("<p>").link(
                &page::sparql_link(&format!(
                    "SELECT ?subject WHERE {{ ?subject <{}> <{iri}> }} ORDER BY ?subject",
                    predicate.as_str()
                )),
                &format!("All {total}"),
            );
            h.raw("</p>");
        }
    }
}
