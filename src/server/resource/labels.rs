//! How the resources a page mentions read there: their labels, types and texts, read once each,
//! and the links, property names and quotations made of them.

use crate::resident::ResidentStore;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedNode, NamedNodeRef, Term};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use crate::vocab::{self, ck, ext};

use crate::server::dataset::is_published;
use crate::server::page::{Html, compact, href, iri_link};

use super::LABELS;

/// Labels, types and texts of the resources a page mentions, read once each.
pub(super) struct Labels<'a> {
    store: &'a Arc<ResidentStore>,
    cache: RefCell<HashMap<String, Rc<Node>>>,
}

/// What a page needs to know of a resource it links to.
#[derive(Debug, Default)]
pub(super) struct Node {
    pub(super) en: Option<String>,
    pub(super) zh: Option<String>,
    plain: Option<String>,
    pub(super) types: Vec<NamedNode>,
    pub(super) text: Option<String>,
}

/// What a node links to, read only for the nodes that need it (the unlabelled ones, named by
/// their links, and the subjects of the facts a page quotes): a meeting links to thousands of
/// resources.
#[derive(Debug, Default)]
pub(super) struct Linked {
    pub(super) sources: Vec<NamedNode>,
    pub(super) links: Vec<(NamedNode, NamedNode)>,
}

impl Node {
    fn exists(&self) -> bool {
        !self.types.is_empty() || self.best().is_some()
    }

    fn best(&self) -> Option<&str> {
        self.en
            .as_deref()
            .or(self.plain.as_deref())
            .or(self.zh.as_deref())
    }

    fn has_type(&self, class: NamedNodeRef<'_>) -> bool {
        self.types.iter().any(|t| t.as_ref() == class)
    }
}

/// How a link to a resource reads: its label (English where there is one) and its Chinese
/// label when that differs.
pub(super) struct Shown {
    pub(super) text: String,
    zh: Option<String>,
}

/// Types whose label only makes sense after the label of what they are part of ("paragraph 12"
/// of which document?).
const PART_TYPES: [NamedNodeRef<'static>; 3] =
    [ck::PARAGRAPH, ck::FOOTNOTE_CLASS, ck::AGENDA_ITEM_CLASS];

/// The links that name an unlabelled node first: a participation's participant, a statement's
/// speaker.
const LEADING_LINKS: [NamedNodeRef<'static>; 2] = [ck::PARTICIPANT, ck::SPEAKER];

/// `iri` when it is a web address on another site (`page::href` leaves only `http` and `https`
/// IRIs outside this dataset as they are, and links nothing else).
fn elsewhere(iri: &str) -> Option<&str> {
    href(iri).is_some_and(|target| target == iri).then_some(iri)
}

/// A link to `url` on another site with `text`, then `marker` saying so.
fn link_out(h: &mut Html, url: &str, text: &str, marker: &'static str) {
    h.raw("<a rel=\"external noopener\" href=\"")
        .attr(url)
        .raw("\">")
        .text(text)
        .raw("</a>")
        .raw(marker);
}

fn short(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        text
    } else {
        let mut cut: String = text.chars().take(max).collect();
        cut.push('…');
        cut
    }
}

impl<'a> Labels<'a> {
    pub(super) fn new(store: &'a Arc<ResidentStore>) -> Self {
        Self {
            store,
            cache: RefCell::new(HashMap::new()),
        }
    }

    /// A resource's labels, types and text: read with one index seek per property, because
    /// reading every fact of the linked resources took a country's page 300 ms at 10,000
    /// documents (a meeting states thousands).
    pub(super) fn node(&self, iri: &str) -> Rc<Node> {
        if let Some(found) = self.cache.borrow().get(iri) {
            return Rc::clone(found);
        }
        let mut node = Node::default();
        // per language, the best label: rdfs:label before skos:prefLabel before dcterms:title,
        // then the smallest, so that a page reads the same on every request
        let mut labels: [Option<(u8, String)>; 3] = [None, None, None];
        let subject = NamedNodeRef::new_unchecked(iri);
        for predicate in LABELS.iter().chain([&rdf::TYPE, &ck::TEXT]) {
            for quad in self
                .store
                .quads_for_pattern(Some(subject.into()), Some(*predicate), None, None)
                .flatten()
            {
                if !is_published(&quad.graph_name) {
                    continue;
                }
                let rank = LABELS.iter().position(|p| p == predicate);
                match &quad.object {
                    Term::Literal(l) if rank.is_some() => {
                        let language = match l.language() {
                            Some(lang) if lang.starts_with("en") => 0,
                            Some(lang) if lang.starts_with("zh") => 1,
                            // an untagged label in Chinese script is a Chinese label
                            None if l
                                .value()
                                .chars()
                                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) =>
                            {
                                1
                            }
                            _ => 2,
                        };
                        let candidate = (rank.unwrap_or(0) as u8, l.value().to_owned());
                        if labels[language]
                            .as_ref()
                            .is_none_or(|best| candidate < *best)
                        {
                            labels[language] = Some(candidate);
                        }
                    }
                    Term::Literal(l) if *predicate == ck::TEXT => {
                        node.text = Some(l.value().to_owned())
                    }
                    Term::NamedNode(o) if *predicate == rdf::TYPE => node.types.push(o.clone()),
                    _ => {}
                }
            }
        }
        let [en, zh, plain] = labels.map(|l| l.map(|(_, text)| text));
        (node.en, node.zh, node.plain) = (en, zh, plain);
        node.types.sort();
        node.types.dedup();
        let node = Rc::new(node);
        self.cache
            .borrow_mut()
            .insert(iri.to_owned(), Rc::clone(&node));
        node
    }

    /// What a resource links to, and the paragraphs it is derived from.
    pub(super) fn linked(&self, iri: &str) -> Linked {
        let mut linked = Linked::default();
        let subject = NamedNodeRef::new_unchecked(iri);
        for quad in self
            .store
            .quads_for_pattern(Some(subject.into()), None, None, None)
            .flatten()
        {
            if !is_published(&quad.graph_name) {
                continue;
            }
            match quad.object {
                Term::NamedNode(o) if quad.predicate == ext::WAS_DERIVED_FROM => {
                    linked.sources.push(o)
                }
                Term::NamedNode(o) if quad.predicate != rdf::TYPE => {
                    linked.links.push((quad.predicate, o))
                }
                _ => {}
            }
        }
        linked.sources.sort();
        linked.sources.dedup();
        linked.links.sort();
        linked.links.dedup();
        linked
    }

    /// The nearest resource whose IRI this one extends (`…/participation/…` → the meeting).
    fn parent(&self, iri: &str) -> Option<String> {
        let rest = iri.strip_prefix(vocab::ID)?;
        let mut end = rest.len();
        while let Some(cut) = rest[..end].rfind('/') {
            end = cut;
            let candidate = format!("{}{}", vocab::ID, &rest[..end]);
            if self.is_subject(&candidate) && self.node(&candidate).exists() {
                return Some(candidate);
            }
        }
        None
    }

    /// Whether anything is said of `iri`, in one index seek: most of the IRIs a participation's
    /// or a statement's IRI extends (`…/participation/state-party`) name nothing, and reading
    /// their labels took five seeks each.
    fn is_subject(&self, iri: &str) -> bool {
        self.cache.borrow().contains_key(iri)
            || self
                .store
                .quads_for_pattern(
                    Some(NamedNodeRef::new_unchecked(iri).into()),
                    None,
                    None,
                    None,
                )
                .next()
                .is_some()
    }

    /// How a link to `iri` reads on the page of `context`.
    pub(super) fn shown(&self, iri: &str, context: &str) -> Shown {
        let node = self.node(iri);
        if let Some(label) = node.best() {
            let mut text = label.to_owned();
            if PART_TYPES.iter().any(|t| node.has_type(*t))
                && let Some(parent) = self.parent(iri).filter(|p| p != context)
            {
                text = format!("{} · {}", self.plain_label(&parent), short(&text, 60));
            }
            let zh = node
                .zh
                .clone()
                .filter(|zh| *zh != text && !text.contains(zh.as_str()));
            return Shown { text, zh };
        }
        if iri.starts_with(vocab::ID) {
            // a node with no label (a participation, a statement): what it links to
            let mut parts = Vec::new();
            let parent = self.parent(iri);
            if let Some(parent) = parent.as_deref().filter(|p| *p != context) {
                parts.push(self.plain_label(parent));
            }
            // who or what first (participant, speaker), then the rest (role, agenda item)
            let linked = self.linked(iri);
            let mut links: Vec<&(NamedNode, NamedNode)> = linked.links.iter().collect();
            links.sort_by_key(|(p, _)| !LEADING_LINKS.contains(&p.as_ref()));
            for (_, target) in links {
                let target = target.as_str();
                if target != context && Some(target) != parent.as_deref() {
                    let max = if parts.is_empty() { 60 } else { 36 };
                    parts.push(short(&self.plain_label(target), max));
                }
            }
            if !parts.is_empty() {
                return Shown {
                    text: parts.join(" · "),
                    zh: None,
                };
            }
        }
        Shown {
            text: compact(iri),
            zh: None,
        }
    }

    /// A label without parents: the best label, or the short IRI.
    fn plain_label(&self, iri: &str) -> String {
        self.node(iri)
            .best()
            .map(str::to_owned)
            .unwrap_or_else(|| compact(iri))
    }

    /// Writes a link to `iri` with its label and, muted, its Chinese label; a link to another
    /// site with its address, marked as leaving this one.
    pub(super) fn link(&self, h: &mut Html, iri: &str, context: &str) {
        if let Some(url) = elsewhere(iri) {
            link_out(h, url, url, " <span class=\"muted\">↗ another site</span>");
            return;
        }
        let shown = self.shown(iri, context);
        iri_link(h, iri, &short(&shown.text, 140));
        if let Some(zh) = shown.zh {
            h.raw("<span class=\"alt\" lang=\"zh\">")
                .text(&short(&zh, 60))
                .raw("</span>");
        }
    }

    /// A property's name: its English label from the ontology, or its short IRI; the name of a
    /// term of another vocabulary links to its definition there, marked as another site.
    pub(super) fn property(&self, h: &mut Html, predicate: &NamedNode) {
        let node = self.node(predicate.as_str());
        let text = node
            .en
            .clone()
            .unwrap_or_else(|| compact(predicate.as_str()));
        h.raw("<span title=\"")
            .attr(&compact(predicate.as_str()))
            .raw("\">");
        match elsewhere(predicate.as_str()) {
            Some(url) => link_out(
                h,
                url,
                &text,
                "<span class=\"muted\" title=\"another site\"> ↗</span>",
            ),
            None => iri_link(h, predicate.as_str(), &text),
        }
        h.raw("</span>");
    }

    /// The paragraph `source` quoted, with a link to it when `caption`.
    pub(super) fn quote(&self, h: &mut Html, source: &str, context: &str, caption: bool) -> bool {
        let node = self.node(source);
        let Some(text) = &node.text else {
            return false;
        };
        h.raw("<figure class=\"quote\"><blockquote lang=\"zh\">")
            .text(text)
            .raw("</blockquote>");
        if caption {
            h.raw("<figcaption>Source: ");
            self.link(h, source, context);
            h.raw("</figcaption>");
        }
        h.raw("</figure>");
        true
    }
}
