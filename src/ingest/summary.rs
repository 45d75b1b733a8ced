//! The summary graph (`id:graph/summary`): what the theme questions count over the whole record,
//! counted once per build instead of at every query.
//!
//! Asked of the documents' own facts, "how is each theme tied to each meeting" joins every
//! paragraph's mentions (half a million at 10,000 documents) to its version, document and
//! meeting, and takes seconds. The build knows the answer's parts already: each document's
//! paragraphs by the themes they mention ([`ThemeTags`], made when the document is read and kept
//! in the build record, so that an unchanged document is not read again for them), and the small
//! tables the store holds of which documents are for which meeting, which agenda items and
//! documents are on which theme, and how themes nest. From those it writes
//! - a `ck:ThemeAppearance` per theme and meeting with evidence: agenda items, documents and
//!   background papers on the theme, and paragraphs mentioning it, evidence on a narrower theme
//!   counting for the broader one, as the shipped theme queries count;
//! - a `ck:ThemeCooccurrence` per pair of themes mentioned in the same paragraphs;
//! - on each theme, the paragraphs mentioning it and its first and last meeting.
//!
//! After a build that changed a few documents, only the meetings those documents bear on are
//! counted again ([`patch`]), from look-ups of their documents and agenda items: at 10,000
//! documents, scanning the tables takes a second, and so does reading the graph back.
//!
//! The tables, and the counting over them, are in `summary/tables.rs`; this file reads the
//! documents' theme tags, and puts together the summary made afresh or patched.
//!
//! The counts are those of the questions asked of the documents' facts: a test asks both and
//! compares the answers, on the seeds and on a synthetic corpus, and a summary patched after a
//! rebuild with the one a fresh build makes.

use oxigraph::model::vocab::rdf;
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::graph::iri;
use crate::store::{GraphStore, StoreError};
use crate::vocab::{ID, ck, ext};

mod tables;

use tables::{Tables, count, named};

/// A document graph's substantive paragraphs, by the themes each mentions: document IRI → the
/// theme keys of one paragraph, sorted and joined by spaces (empty for a paragraph mentioning
/// none) → how many paragraphs mention exactly those.
pub type ThemeTags = BTreeMap<String, BTreeMap<String, u32>>;

/// The theme tags of one document graph's quads; `themes` are the scheme's concept IRIs.
pub fn theme_tags(quads: &[Quad], themes: &BTreeSet<String>) -> ThemeTags {
    let theme_prefix = format!("{ID}theme/");
    let mut versions: BTreeSet<&str> = BTreeSet::new();
    let mut part_of: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut mentioned: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    // only substantive paragraphs count: not footnotes, attendance lists or lists of documents
    let mut substantive: HashSet<&str> = HashSet::new();
    for quad in quads {
        let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
            continue;
        };
        if quad.predicate.as_ref() == ck::SUBSTANTIVE {
            substantive.insert(subject.as_str());
            continue;
        }
        let Term::NamedNode(object) = &quad.object else {
            continue;
        };
        let predicate = quad.predicate.as_ref();
        if predicate == rdf::TYPE && object.as_ref() == ck::LANGUAGE_VERSION {
            versions.insert(subject.as_str());
        } else if predicate == ext::IS_PART_OF {
            part_of
                .entry(subject.as_str())
                .or_default()
                .push(object.as_str());
        } else if predicate == ck::MENTIONS && themes.contains(object.as_str()) {
            if let Some(key) = object.as_str().strip_prefix(&theme_prefix) {
                mentioned.entry(subject.as_str()).or_default().insert(key);
            }
        }
    }
    let mut tags = ThemeTags::new();
    for paragraph in substantive {
        let keys = mentioned.remove(paragraph).unwrap_or_default();
        // the paragraph's documents: through each language version it is part of
        let documents = part_of
            .get(paragraph)
            .into_iter()
            .flatten()
            .filter(|version| versions.contains(*version))
            .flat_map(|version| part_of.get(version).into_iter().flatten())
            .collect::<BTreeSet<_>>();
        let key = keys.into_iter().collect::<Vec<_>>().join(" ");
        for document in documents {
            *tags
                .entry((*document).to_owned())
                .or_default()
                .entry(key.clone())
                .or_default() += 1;
        }
    }
    tags
}

/// The resources a document graph (its quads, and its lines of the entities graph) says
/// something of that the summary counts: meetings, their agenda items, documents and what they
/// are for or on. The meetings whose counts a change to the graph can move are these, and the
/// meetings they are for or on the agenda of ([`patch`]).
pub fn bearings(quads: &[Quad], lines: &[Quad]) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut versions = HashSet::new();
    for quad in quads.iter().chain(lines) {
        if quad.predicate.as_ref() == rdf::TYPE && quad.object == ck::LANGUAGE_VERSION.into() {
            versions.insert(quad.subject.clone());
        }
    }
    for quad in quads.iter().chain(lines) {
        let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
            continue;
        };
        let predicate = quad.predicate.as_ref();
        let object = match &quad.object {
            Term::NamedNode(object) => Some(object.as_str()),
            _ => None,
        };
        if [ck::REPORT_OF, ck::PREPARED_FOR, ck::AGENDA_ITEM].contains(&predicate) {
            out.insert(subject.as_str());
            out.extend(object);
        } else if [ext::SUBJECT, ck::DOCUMENT_TYPE, ck::START_DATE].contains(&predicate)
            || (predicate == rdf::TYPE && quad.object == ck::MEETING.into())
        {
            out.insert(subject.as_str());
        } else if predicate == ext::IS_PART_OF && versions.contains(&quad.subject) {
            // the document the graph's paragraphs count for
            out.extend(object);
        }
    }
    out.into_iter().map(str::to_owned).collect()
}

/// The properties that tie documents and agenda items to meetings and themes, and date meetings.
const MEETING_TIES: [NamedNodeRef<'static>; 6] = [
    ck::REPORT_OF,
    ck::PREPARED_FOR,
    ck::AGENDA_ITEM,
    ext::SUBJECT,
    ck::DOCUMENT_TYPE,
    ck::START_DATE,
];

/// The entities lines (N-Triples) among a document's that [`bearings`] reads: a document's
/// lines are mostly attendance and statements, which it does not (parsing them all took seconds
/// at 10,000 documents).
pub fn bearing_lines(lines: &[String]) -> Vec<&str> {
    let predicates: Vec<String> = MEETING_TIES
        .iter()
        .chain([&ext::IS_PART_OF])
        .map(|p| format!(" <{}> ", p.as_str()))
        .collect();
    let meeting = format!(" <{}> <{}>", rdf::TYPE.as_str(), ck::MEETING.as_str());
    lines
        .iter()
        .map(String::as_str)
        .filter(|line| {
            line.ends_with(&meeting) || predicates.iter().any(|p| line.contains(p.as_str()))
        })
        .collect()
}

/// Where the tables of a summary made afresh come from: the store, or the quads a build made
/// (when it made every graph the tables are read from, and before they are committed).
pub enum Facts<'a> {
    /// Every graph of the store.
    Store(&'a GraphStore),
    /// The quads of the ontology and of every document's graph and entities lines, of which
    /// those for which [`Facts::counted`] holds are enough.
    Quads(&'a [Quad]),
}

impl Facts<'_> {
    /// Whether the tables read the quad.
    pub fn counted(quad: &Quad) -> bool {
        let predicate = quad.predicate.as_ref();
        MEETING_TIES.contains(&predicate)
            || [ext::BROADER, ext::PREF_LABEL].contains(&predicate)
            || (predicate == rdf::TYPE
                && (quad.object == ck::MEETING.into() || quad.object == ext::SKOS_CONCEPT.into()))
    }
}

/// The summary graph made afresh, from the tables and every document's theme tags.
pub fn full(facts: &Facts<'_>, tags: &[&ThemeTags]) -> Result<Vec<Quad>, StoreError> {
    let tables = Tables::read(facts)?;
    let documents = tables.paragraph_counts(tags);
    let evidence = tables.evidence(&documents);
    let mut quads = tables.appearance_quads(&evidence, &tables.substantive_totals(tags));
    let mut dated: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for (meeting, theme) in evidence.keys() {
        for date in tables.start_dates.get(meeting).into_iter().flatten() {
            dated
                .entry(theme.clone())
                .or_default()
                .insert((date.clone(), meeting.clone()));
        }
    }
    for (theme, dated) in &dated {
        quads.extend(appearance_span(theme, dated));
    }
    quads.extend(tables.mention_quads(tags));
    Ok(quads)
}

/// What a few documents' changes do to the summary graph.
pub struct Patch {
    /// Quads the graph no longer holds.
    pub removed: Vec<Quad>,
    /// Quads it holds now.
    pub added: Vec<Quad>,
}

/// The change to the summary graph the store holds once the documents that bear on `nodes`
/// (their [`bearings`], before and after the change) changed: their meetings' appearances
/// counted again from look-ups, the spans of the themes whose meetings changed, and the
/// record-wide mention counts from every document's theme tags.
pub fn patch(
    store: &GraphStore,
    nodes: &BTreeSet<String>,
    tags: &[&ThemeTags],
) -> Result<Patch, StoreError> {
    let graph = iri::summary_graph();
    let in_summary = GraphNameRef::NamedNode(graph.as_ref());
    let tables = Tables::around(store, nodes)?;
    let documents = tables.paragraph_counts(tags);
    let evidence = tables.evidence(&documents);
    let mut new = tables.appearance_quads(&evidence, &tables.substantive_totals(tags));
    let mut old = Vec::new();
    // each theme's meetings among those counted again, before and after
    let mut before: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for meeting in &tables.counted {
        let meeting = NamedNode::new_unchecked(meeting.as_str());
        for node in summary_nodes(store, ck::MEETING_OF, &meeting)? {
            let held = store.quads(Some(node.as_ref()), None, None, Some(in_summary))?;
            for q in &held {
                if q.predicate.as_ref() == ck::THEME
                    && let Term::NamedNode(theme) = &q.object
                {
                    before
                        .entry(theme.as_str().to_owned())
                        .or_default()
                        .insert(meeting.as_str().to_owned());
                }
            }
            old.extend(held);
        }
    }
    let mut after: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (meeting, theme) in evidence.keys() {
        after
            .entry(theme.clone())
            .or_default()
            .insert(meeting.clone());
    }
    // a theme whose meetings changed gets its span again, from every meeting it appears at
    for theme in before.keys().chain(after.keys()).collect::<BTreeSet<_>>() {
        if before.get(theme) == after.get(theme) {
            continue;
        }
        let theme_node = NamedNode::new_unchecked(theme.as_str());
        for predicate in [
            ck::FIRST_APPEARANCE,
            ck::LAST_APPEARANCE,
            ck::APPEARANCE_COUNT,
        ] {
            old.extend(store.quads(
                Some(theme_node.as_ref()),
                Some(predicate),
                None,
                Some(in_summary),
            )?);
        }
        let mut meetings: BTreeSet<String> = after.get(theme).cloned().unwrap_or_default();
        for node in summary_nodes(store, ck::THEME, &theme_node)? {
            for q in store.quads(
                Some(node.as_ref()),
                Some(ck::MEETING_OF),
                None,
                Some(in_summary),
            )? {
                if let Term::NamedNode(meeting) = q.object
                    && !tables.counted.contains(meeting.as_str())
                {
                    meetings.insert(meeting.into_string());
                }
            }
        }
        let mut dated = BTreeSet::new();
        for meeting in meetings {
            for date in objects(store, &meeting, ck::START_DATE)? {
                dated.insert((date, meeting.clone()));
            }
        }
        new.extend(appearance_span(theme, &dated));
    }
    // the record-wide counts: a few hundred quads, compared whole
    new.extend(tables.mention_quads(tags));
    for quad in store.quads(None, Some(ck::DIRECT_MENTION_COUNT), None, Some(in_summary))? {
        old.push(quad);
    }
    for quad in store.quads(
        None,
        Some(rdf::TYPE),
        Some(ck::THEME_COOCCURRENCE.into()),
        Some(in_summary),
    )? {
        if let NamedOrBlankNode::NamedNode(node) = &quad.subject {
            old.extend(store.quads(Some(node.as_ref()), None, None, Some(in_summary))?);
        }
    }
    let old: HashSet<Quad> = old.into_iter().collect();
    let new: HashSet<Quad> = new.into_iter().collect();
    Ok(Patch {
        removed: old.difference(&new).cloned().collect(),
        added: new.difference(&old).cloned().collect(),
    })
}

/// The nodes of the summary graph the store holds that link to `object` by `predicate`.
fn summary_nodes(
    store: &GraphStore,
    predicate: NamedNodeRef<'_>,
    object: &NamedNode,
) -> Result<Vec<NamedNode>, StoreError> {
    let graph = iri::summary_graph();
    Ok(store
        .quads(
            None,
            Some(predicate),
            Some(object.as_ref().into()),
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        )?
        .into_iter()
        .filter_map(|q| match q.subject {
            NamedOrBlankNode::NamedNode(node) => Some(node),
            NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect())
}

/// A theme's first and last meeting and how many it appears at, from its dated meetings.
fn appearance_span(theme: &str, dated: &BTreeSet<(String, String)>) -> Vec<Quad> {
    let node = NamedNode::new_unchecked(theme);
    let graph = GraphName::NamedNode(iri::summary_graph());
    let mut quads = Vec::new();
    if let (Some(first), Some(last)) = (dated.first(), dated.last()) {
        for (predicate, meeting) in [
            (ck::FIRST_APPEARANCE, &first.1),
            (ck::LAST_APPEARANCE, &last.1),
        ] {
            quads.push(Quad::new(
                node.clone(),
                predicate,
                named(meeting),
                graph.clone(),
            ));
        }
        let meetings: BTreeSet<&String> = dated.iter().map(|(_, m)| m).collect();
        quads.push(Quad::new(
            node,
            ck::APPEARANCE_COUNT,
            count(meetings.len() as u64),
            graph,
        ));
    }
    quads
}

/// The values of a property of a resource, over all graphs, each once: literals' lexical forms
/// and IRIs.
fn objects(
    store: &GraphStore,
    subject: &str,
    predicate: NamedNodeRef<'_>,
) -> Result<BTreeSet<String>, StoreError> {
    let subject = NamedNode::new_unchecked(subject);
    Ok(store
        .quads(Some(subject.as_ref()), Some(predicate), None, None)?
        .into_iter()
        .filter_map(|q| match q.object {
            Term::Literal(l) => Some(l.value().to_owned()),
            Term::NamedNode(n) => Some(n.into_string()),
            _ => None,
        })
        .collect())
}

/// The IRIs linking to a resource by a property, over all graphs, each once.
fn linking_subjects(
    store: &GraphStore,
    predicate: NamedNodeRef<'_>,
    object: &str,
) -> Result<BTreeSet<String>, StoreError> {
    let object = NamedNode::new_unchecked(object);
    Ok(store
        .quads(None, Some(predicate), Some(object.as_ref().into()), None)?
        .into_iter()
        .filter_map(|q| match q.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.into_string()),
            NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect())
}
