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
//! The counts are those of the questions asked of the documents' facts: a test asks both and
//! compares the answers, on the seeds and on a synthetic corpus, and a summary patched after a
//! rebuild with the one a fresh build makes.

use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use oxsdatatypes::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::graph::iri;
use crate::store::{GraphStore, StoreError};
use crate::vocab::{ID, ck, ext};

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

/// What the store says of themes, meetings and documents that the summary needs: all of it
/// ([`Tables::read`]: one scan of each predicate's index entries, a few tens of thousands at
/// 10,000 documents, where the mentions are half a million), or what concerns some meetings
/// ([`Tables::around`]: look-ups from each).
#[derive(Default)]
struct Tables {
    /// Theme IRI → its own key.
    themes: BTreeMap<String, String>,
    /// Theme → the themes it is narrower than.
    broader: BTreeMap<String, BTreeSet<String>>,
    /// Theme → labels by language, for the summary nodes' labels.
    theme_labels: BTreeMap<String, BTreeMap<String, String>>,
    /// The meetings counted (every one the store names, or those around a change).
    counted: BTreeSet<String>,
    /// Meetings typed `ck:Meeting`.
    meetings: BTreeSet<String>,
    /// Meeting → its start dates (one, unless documents disagree).
    start_dates: BTreeMap<String, BTreeSet<String>>,
    /// Document → the meetings it is prepared for or reports on.
    meetings_of: BTreeMap<String, BTreeSet<String>>,
    /// Document → the meetings it is prepared for.
    prepared_for: BTreeMap<String, BTreeSet<String>>,
    /// Documents whose type is background paper.
    background_papers: BTreeSet<String>,
    /// Anything → the themes it is on (`dcterms:subject`).
    subjects: BTreeMap<String, BTreeSet<String>>,
    /// Meeting → its agenda items.
    agenda: BTreeMap<String, BTreeSet<String>>,
}

/// The evidence tying a theme to a meeting.
#[derive(Default)]
struct Evidence {
    items: BTreeSet<String>,
    documents: BTreeSet<String>,
    papers: BTreeSet<String>,
    paragraphs: u64,
}

impl Tables {
    /// The theme scheme: its concepts, how they nest and their labels (a few hundred quads).
    fn scheme(store: &GraphStore) -> Result<Self, StoreError> {
        let mut quads = store.quads(None, Some(rdf::TYPE), Some(ext::SKOS_CONCEPT.into()), None)?;
        quads.extend(store.quads(None, Some(ext::BROADER), None, None)?);
        quads.extend(store.quads(None, Some(ext::PREF_LABEL), None, None)?);
        let mut tables = Self::from_quads(quads.iter());
        tables.counted.clear();
        Ok(tables)
    }

    /// Every table: from one pass over the quads a build made, or from one scan of each
    /// predicate's index entries in the store.
    fn read(facts: &Facts<'_>) -> Result<Self, StoreError> {
        match facts {
            Facts::Quads(quads) => Ok(Self::from_quads(quads.iter())),
            Facts::Store(store) => {
                let paper = Literal::new_simple_literal("background-paper");
                let mut quads = Vec::new();
                for (predicate, object) in [
                    (rdf::TYPE, Some(ext::SKOS_CONCEPT.into())),
                    (rdf::TYPE, Some(ck::MEETING.into())),
                    (ck::DOCUMENT_TYPE, Some(paper.as_ref().into())),
                    (ext::BROADER, None),
                    (ext::PREF_LABEL, None),
                    (ext::SUBJECT, None),
                    (ck::AGENDA_ITEM, None),
                    (ck::PREPARED_FOR, None),
                    (ck::REPORT_OF, None),
                    (ck::START_DATE, None),
                ] {
                    quads.extend(store.quads(None, Some(predicate), object, None)?);
                }
                Ok(Self::from_quads(quads.iter()))
            }
        }
    }

    /// The tables of the quads [`Facts::counted`] holds for (others are passed over).
    fn from_quads<'q>(quads: impl Iterator<Item = &'q Quad>) -> Self {
        let mut tables = Self::default();
        let theme_prefix = format!("{ID}theme/");
        let link = |map: &mut BTreeMap<String, BTreeSet<String>>, s: &str, o: &str| {
            map.entry(s.to_owned()).or_default().insert(o.to_owned());
        };
        for quad in quads {
            let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
                continue;
            };
            let subject = subject.as_str();
            let predicate = quad.predicate.as_ref();
            match &quad.object {
                Term::NamedNode(object) => {
                    let object = object.as_str();
                    if predicate == rdf::TYPE && object == ext::SKOS_CONCEPT.as_str() {
                        if let Some(key) = subject.strip_prefix(&theme_prefix) {
                            tables.themes.insert(subject.to_owned(), key.to_owned());
                        }
                    } else if predicate == rdf::TYPE && object == ck::MEETING.as_str() {
                        tables.meetings.insert(subject.to_owned());
                    } else if predicate == ext::BROADER {
                        link(&mut tables.broader, subject, object);
                    } else if predicate == ext::SUBJECT {
                        link(&mut tables.subjects, subject, object);
                    } else if predicate == ck::AGENDA_ITEM {
                        link(&mut tables.agenda, subject, object);
                    } else if predicate == ck::PREPARED_FOR {
                        link(&mut tables.prepared_for, subject, object);
                        link(&mut tables.meetings_of, subject, object);
                    } else if predicate == ck::REPORT_OF {
                        link(&mut tables.meetings_of, subject, object);
                    }
                }
                Term::Literal(literal) => {
                    if predicate == ext::PREF_LABEL
                        && let Some(language) = literal.language()
                    {
                        tables
                            .theme_labels
                            .entry(subject.to_owned())
                            .or_default()
                            .insert(language.to_owned(), literal.value().to_owned());
                    } else if predicate == ck::START_DATE {
                        link(&mut tables.start_dates, subject, literal.value());
                    } else if predicate == ck::DOCUMENT_TYPE
                        && literal.value() == "background-paper"
                    {
                        tables.background_papers.insert(subject.to_owned());
                    }
                }
                _ => {}
            }
        }
        tables.counted = tables
            .meetings
            .iter()
            .chain(tables.agenda.keys())
            .chain(tables.meetings_of.values().flatten())
            .cloned()
            .collect();
        tables
    }

    /// The tables of the meetings around some resources: each resource that is a meeting, the
    /// meetings a document among them is for, and the meeting of an agenda item among them;
    /// with everything that ties those meetings to themes.
    fn around(store: &GraphStore, nodes: &BTreeSet<String>) -> Result<Self, StoreError> {
        let mut tables = Self::scheme(store)?;
        let mut counted = BTreeSet::new();
        for node in nodes {
            counted.insert(node.clone());
            counted.extend(objects(store, node, ck::REPORT_OF)?);
            counted.extend(objects(store, node, ck::PREPARED_FOR)?);
            counted.extend(linking_subjects(store, ck::AGENDA_ITEM, node)?);
        }
        let paper = Literal::new_simple_literal("background-paper");
        for meeting in &counted {
            let node = NamedNode::new_unchecked(meeting.as_str());
            if store.holds(node.as_ref(), rdf::TYPE, ck::MEETING.into())? {
                tables.meetings.insert(meeting.clone());
            }
            tables
                .start_dates
                .insert(meeting.clone(), objects(store, meeting, ck::START_DATE)?);
            let items = objects(store, meeting, ck::AGENDA_ITEM)?;
            for item in &items {
                tables
                    .subjects
                    .insert(item.clone(), objects(store, item, ext::SUBJECT)?);
            }
            tables.agenda.insert(meeting.clone(), items);
            for predicate in [ck::REPORT_OF, ck::PREPARED_FOR] {
                for document in linking_subjects(store, predicate, meeting)? {
                    if predicate == ck::PREPARED_FOR {
                        tables
                            .prepared_for
                            .entry(document.clone())
                            .or_default()
                            .insert(meeting.clone());
                    }
                    tables
                        .meetings_of
                        .entry(document.clone())
                        .or_default()
                        .insert(meeting.clone());
                    if !tables.subjects.contains_key(&document) {
                        let doc = NamedNode::new_unchecked(document.as_str());
                        if store.holds(doc.as_ref(), ck::DOCUMENT_TYPE, paper.as_ref().into())? {
                            tables.background_papers.insert(document.clone());
                        }
                        let on = objects(store, &document, ext::SUBJECT)?;
                        tables.subjects.insert(document, on);
                    }
                }
            }
        }
        tables.counted = counted;
        Ok(tables)
    }

    /// A theme and every theme it is narrower than, however far up (`skos:broader*`).
    fn up_from(&self, theme: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::from([theme.to_owned()]);
        let mut next = vec![theme.to_owned()];
        while let Some(current) = next.pop() {
            for up in self.broader.get(&current).into_iter().flatten() {
                if seen.insert(up.clone()) {
                    next.push(up.clone());
                }
            }
        }
        seen
    }

    /// The themes a set of tags counts for: each tag that is a theme, and what it is narrower
    /// than.
    fn counted_for<'t>(
        &self,
        tags: impl IntoIterator<Item = &'t String>,
        closure: &mut HashMap<String, BTreeSet<String>>,
    ) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for tag in tags {
            if !self.themes.contains_key(tag) {
                continue;
            }
            let up = closure
                .entry(tag.clone())
                .or_insert_with(|| self.up_from(tag));
            out.extend(up.iter().filter(|t| self.themes.contains_key(*t)).cloned());
        }
        out
    }

    /// The themes of one paragraph's tags that the scheme holds.
    fn mentioned(&self, set: &str) -> Vec<String> {
        let theme_prefix = format!("{ID}theme/");
        set.split(' ')
            .map(|key| format!("{theme_prefix}{key}"))
            .filter(|theme| self.themes.contains_key(theme))
            .collect()
    }

    /// Per document the tables know to be for a counted meeting: the paragraphs counting for
    /// each theme (mentioning it or a narrower one).
    fn paragraph_counts(&self, tags: &[&ThemeTags]) -> BTreeMap<String, BTreeMap<String, u64>> {
        let mut closure: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut per_document: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for graph in tags {
            for (document, sets) in *graph {
                if !self.meetings_of.contains_key(document) {
                    continue;
                }
                let counts = per_document.entry(document.clone()).or_default();
                for (set, &n) in sets {
                    for theme in self.counted_for(&self.mentioned(set), &mut closure) {
                        *counts.entry(theme).or_default() += u64::from(n);
                    }
                }
            }
        }
        per_document
    }

    /// Per counted meeting, the substantive paragraphs of the documents for or about it: the
    /// base of each theme's share there.
    fn substantive_totals(&self, tags: &[&ThemeTags]) -> BTreeMap<String, u64> {
        let mut totals: BTreeMap<String, u64> = BTreeMap::new();
        for graph in tags {
            for (document, sets) in *graph {
                let Some(meetings) = self.meetings_of.get(document) else {
                    continue;
                };
                let n: u64 = sets.values().map(|&n| u64::from(n)).sum();
                for meeting in meetings.iter().filter(|m| self.counted.contains(*m)) {
                    *totals.entry(meeting.clone()).or_default() += n;
                }
            }
        }
        totals
    }

    /// The evidence tying each theme to each counted meeting.
    fn evidence(
        &self,
        per_document: &BTreeMap<String, BTreeMap<String, u64>>,
    ) -> BTreeMap<(String, String), Evidence> {
        let mut closure: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut evidence: BTreeMap<(String, String), Evidence> = BTreeMap::new();
        for (meeting, items) in &self.agenda {
            if !self.meetings.contains(meeting) || !self.counted.contains(meeting) {
                continue;
            }
            for item in items {
                let on =
                    self.counted_for(self.subjects.get(item).into_iter().flatten(), &mut closure);
                for theme in on {
                    evidence
                        .entry((meeting.clone(), theme))
                        .or_default()
                        .items
                        .insert(item.clone());
                }
            }
        }
        for (document, meetings) in &self.meetings_of {
            let on = self.counted_for(
                self.subjects.get(document).into_iter().flatten(),
                &mut closure,
            );
            let paper = self.background_papers.contains(document);
            for meeting in meetings.iter().filter(|m| self.counted.contains(*m)) {
                for theme in &on {
                    let e = evidence
                        .entry((meeting.clone(), theme.clone()))
                        .or_default();
                    e.documents.insert(document.clone());
                    if paper
                        && self
                            .prepared_for
                            .get(document)
                            .is_some_and(|m| m.contains(meeting))
                    {
                        e.papers.insert(document.clone());
                    }
                }
                for (theme, &n) in per_document.get(document).into_iter().flatten() {
                    evidence
                        .entry((meeting.clone(), theme.clone()))
                        .or_default()
                        .paragraphs += n;
                }
            }
        }
        evidence
    }

    /// A `ck:ThemeAppearance` per theme and meeting with evidence.
    fn appearance_quads(
        &self,
        evidence: &BTreeMap<(String, String), Evidence>,
        totals: &BTreeMap<String, u64>,
    ) -> Vec<Quad> {
        let graph = GraphName::NamedNode(iri::summary_graph());
        let mut quads = Vec::new();
        let mut add = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| {
            quads.push(Quad::new(s.clone(), p, o, graph.clone()));
        };
        for ((meeting, theme), e) in evidence {
            let Some(key) = self.themes.get(theme) else {
                continue;
            };
            let node = iri::theme_appearance(meeting, key);
            add(&node, rdf::TYPE, ck::THEME_APPEARANCE.into());
            let place = meeting
                .strip_prefix(&format!("{ID}meeting/"))
                .unwrap_or(meeting);
            for (language, label) in self.theme_labels.get(theme).into_iter().flatten() {
                let text = match language.as_str() {
                    "zh" => format!("{label}：{place}"),
                    _ => format!("{label} at {place}"),
                };
                add(&node, rdfs::LABEL, labelled(text, language));
            }
            add(&node, ck::MEETING_OF, named(meeting));
            add(&node, ck::THEME, named(theme));
            add(&node, ck::AGENDA_ITEM_COUNT, count(e.items.len() as u64));
            add(&node, ck::DOCUMENT_COUNT, count(e.documents.len() as u64));
            add(
                &node,
                ck::BACKGROUND_PAPER_COUNT,
                count(e.papers.len() as u64),
            );
            add(&node, ck::PARAGRAPH_MENTION_COUNT, count(e.paragraphs));
            let base = totals.get(meeting).copied().unwrap_or(0);
            add(&node, ck::SUBSTANTIVE_PARAGRAPH_COUNT, count(base));
            if let Some(share) = share(e.paragraphs, base) {
                add(&node, ck::PARAGRAPH_SHARE, share);
            }
            for item in &e.items {
                add(&node, ck::EVIDENCE_AGENDA_ITEM, named(item));
            }
            for paper in &e.papers {
                add(&node, ck::EVIDENCE_BACKGROUND_PAPER, named(paper));
            }
        }
        quads
    }

    /// Over the whole record: the paragraphs mentioning each theme itself, and a
    /// `ck:ThemeCooccurrence` per pair mentioned in the same paragraphs.
    fn mention_quads(&self, tags: &[&ThemeTags]) -> Vec<Quad> {
        let mut direct: BTreeMap<String, u64> = BTreeMap::new();
        let mut pairs: BTreeMap<(String, String), u64> = BTreeMap::new();
        for graph in tags {
            for sets in graph.values() {
                for (set, &n) in sets {
                    let n = u64::from(n);
                    let mentioned = self.mentioned(set);
                    for (i, first) in mentioned.iter().enumerate() {
                        *direct.entry(first.clone()).or_default() += n;
                        for second in &mentioned[i + 1..] {
                            let pair = if first < second {
                                (first.clone(), second.clone())
                            } else {
                                (second.clone(), first.clone())
                            };
                            *pairs.entry(pair).or_default() += n;
                        }
                    }
                }
            }
        }
        let graph = GraphName::NamedNode(iri::summary_graph());
        let mut quads = Vec::new();
        let mut add = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| {
            quads.push(Quad::new(s.clone(), p, o, graph.clone()));
        };
        for (theme, &n) in &direct {
            add(
                &NamedNode::new_unchecked(theme),
                ck::DIRECT_MENTION_COUNT,
                count(n),
            );
        }
        for ((first, second), &n) in &pairs {
            let (Some(a), Some(b)) = (self.themes.get(first), self.themes.get(second)) else {
                continue;
            };
            let node = iri::theme_cooccurrence(a, b);
            add(&node, rdf::TYPE, ck::THEME_COOCCURRENCE.into());
            for language in ["en", "zh"] {
                let label = |theme: &str| {
                    self.theme_labels
                        .get(theme)
                        .and_then(|l| l.get(language))
                        .cloned()
                };
                if let (Some(la), Some(lb)) = (label(first), label(second)) {
                    let text = match language {
                        "zh" => format!("{la}与{lb}"),
                        _ => format!("{la} with {lb}"),
                    };
                    add(&node, rdfs::LABEL, labelled(text, language));
                }
            }
            add(&node, ck::FIRST_THEME, named(first));
            add(&node, ck::SECOND_THEME, named(second));
            add(&node, ck::PARAGRAPHS_TOGETHER, count(n));
        }
        quads
    }
}

fn count(n: u64) -> Term {
    Term::Literal(Literal::from(i64::try_from(n).unwrap_or(i64::MAX)))
}

/// `part / base` rounded to three decimals, as SPARQL's `ROUND(1000 * ?part / ?base) / 1000`
/// gives it (the same decimal type); none for a zero base.
fn share(part: u64, base: u64) -> Option<Term> {
    let thousand = Decimal::from(1000);
    let part = Decimal::from(i64::try_from(part).ok()?);
    let base = Decimal::from(i64::try_from(base).ok()?);
    let share = thousand
        .checked_mul(part)?
        .checked_div(base)?
        .checked_round()?
        .checked_div(thousand)?;
    Some(Term::Literal(Literal::from(share)))
}

fn labelled(text: String, language: &str) -> Term {
    Literal::new_language_tagged_literal_unchecked(text, language).into()
}

fn named(iri: &str) -> Term {
    Term::NamedNode(NamedNode::new_unchecked(iri))
}
