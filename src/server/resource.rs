//! Linked data: every `https://w3id.org/ctockg/id/…` IRI at `/id/…`, and the ontology at
//! `/ontology`, as an HTML page or as RDF.
//!
//! The RDF of a resource is what the published graphs state about it and what they state
//! pointing to it. The page shows the same facts for people: labels in Chinese and English,
//! properties as links, the facts pointing to it, and the paragraphs the facts were extracted
//! from, quoted.

use crate::resident::ResidentStore;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple,
};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use crate::vocab::{self, ck};

use super::ServerError;
use super::dataset::is_published;
use super::page::{self, Html, compact, href, iri_link};

const RDFS_LABEL: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label");
const RDFS_COMMENT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#comment");
const SKOS_PREF_LABEL: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel");
const DCTERMS_TITLE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://purl.org/dc/terms/title");
const DCTERMS_DESCRIPTION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://purl.org/dc/terms/description");
const DCTERMS_IS_PART_OF: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://purl.org/dc/terms/isPartOf");
const PROV_DERIVED: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasDerivedFrom");
const OWL_CLASS: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#Class");
const OWL_OBJECT_PROPERTY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#ObjectProperty");
const OWL_DATATYPE_PROPERTY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#DatatypeProperty");
const RDFS_DOMAIN: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#domain");
const RDFS_RANGE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#range");

/// The label properties, best first.
const LABELS: [NamedNodeRef<'static>; 3] = [RDFS_LABEL, SKOS_PREF_LABEL, DCTERMS_TITLE];

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
            .filter(|(p, _)| p.as_ref() == PROV_DERIVED)
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
/// [`LISTED_FACTS`], counted on the copy's numbers, which decodes only what it returns.
fn page_outgoing(
    store: &Arc<ResidentStore>,
    iri: &NamedNode,
    description: &mut Description,
) -> Result<Vec<oxigraph::model::Quad>, ServerError> {
    let subject = Term::from(iri.clone());
    let mut out = Vec::new();
    for predicate in store.predicates_of(&subject) {
        if predicate.as_ref() != PROV_DERIVED {
            out.extend(published_quads(
                store,
                Some(iri),
                Some(&predicate),
                None,
                &mut description.graphs,
            )?);
        }
    }
    let (count, first) = store.objects_of(&subject, PROV_DERIVED, LISTED_FACTS);
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
/// the first [`LISTED_FACTS`] of each, counted on the copy's numbers, which decodes only what it
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

/// Labels, types and texts of the resources a page mentions, read once each.
struct Labels<'a> {
    store: &'a Arc<ResidentStore>,
    cache: RefCell<HashMap<String, Rc<Node>>>,
}

/// What a page needs to know of a resource it links to.
#[derive(Debug, Default)]
struct Node {
    en: Option<String>,
    zh: Option<String>,
    plain: Option<String>,
    types: Vec<NamedNode>,
    text: Option<String>,
}

/// What a node links to, read only for the nodes that need it (the unlabelled ones, named by
/// their links, and the subjects of the facts a page quotes): a meeting links to thousands of
/// resources.
#[derive(Debug, Default)]
struct Linked {
    sources: Vec<NamedNode>,
    links: Vec<(NamedNode, NamedNode)>,
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
struct Shown {
    text: String,
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
    fn new(store: &'a Arc<ResidentStore>) -> Self {
        Self {
            store,
            cache: RefCell::new(HashMap::new()),
        }
    }

    /// A resource's labels, types and text: read with one index seek per property, because
    /// reading every fact of the linked resources took a country's page 300 ms at 10,000
    /// documents (a meeting states thousands).
    fn node(&self, iri: &str) -> Rc<Node> {
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
    fn linked(&self, iri: &str) -> Linked {
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
                Term::NamedNode(o) if quad.predicate == PROV_DERIVED => linked.sources.push(o),
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
    fn shown(&self, iri: &str, context: &str) -> Shown {
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
    fn link(&self, h: &mut Html, iri: &str, context: &str) {
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
    fn property(&self, h: &mut Html, predicate: &NamedNode) {
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
    fn quote(&self, h: &mut Html, source: &str, context: &str, caption: bool) -> bool {
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

/// The formats a resource page links to, by suffix.
const ALTERNATES: [super::negotiate::Format; 4] = [
    super::negotiate::Format::Turtle,
    super::negotiate::Format::NTriples,
    super::negotiate::Format::JsonLd,
    super::negotiate::Format::RdfXml,
];

fn alternates(h: &mut Html, local: &str) {
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
            .find(|(p, _)| p.as_ref() == DCTERMS_IS_PART_OF)
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
                    PROV_DERIVED.as_str()
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
        if p == rdf::TYPE || p == ck::TEXT || p == PROV_DERIVED {
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
    if let Some(description) = literal(vocab::ONTOLOGY, DCTERMS_DESCRIPTION, "en") {
        h.element("<p class=\"lead\">", &description, "</p>");
    }
    h.element("<p class=\"iri\">", vocab::ONTOLOGY, "</p>");
    alternates(&mut h, "/ontology");
    for (title, class) in [
        ("Classes", OWL_CLASS),
        ("Object properties", OWL_OBJECT_PROPERTY),
        ("Datatype properties", OWL_DATATYPE_PROPERTY),
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
                .text(&literal(&term, RDFS_COMMENT, "en").unwrap_or_default());
            for (name, predicate) in [("domain", RDFS_DOMAIN), ("range", RDFS_RANGE)] {
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
