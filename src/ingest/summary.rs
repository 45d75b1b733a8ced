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
//! The counts are those of the questions asked of the documents' facts: a test asks both and
//! compares the answers, on the seeds and on a synthetic corpus, after a rebuild too.

use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::graph::{GraphQuads, iri};
use crate::store::{GraphStore, StoreError};
use crate::vocab::{ID, ck, ext};

/// A document graph's paragraphs (and footnotes) that mention themes, by the themes each
/// mentions: document IRI → the theme keys of one paragraph, sorted and joined by spaces → how
/// many paragraphs mention exactly those.
pub type ThemeTags = BTreeMap<String, BTreeMap<String, u32>>;

/// The theme tags of one document graph's quads; `themes` are the scheme's concept IRIs.
pub fn theme_tags(quads: &[Quad], themes: &BTreeSet<String>) -> ThemeTags {
    let theme_prefix = format!("{ID}theme/");
    let mut versions: BTreeSet<&str> = BTreeSet::new();
    let mut part_of: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut mentioned: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for quad in quads {
        let oxigraph::model::NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
            continue;
        };
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
    for (paragraph, keys) in mentioned {
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

/// The summary graph's quads, from the store's small tables and every document's theme tags.
pub fn summary_quads<'a>(
    store: &GraphStore,
    tags: impl IntoIterator<Item = &'a ThemeTags>,
) -> Result<GraphQuads, StoreError> {
    let tables = Tables::read(store)?;
    Ok(GraphQuads::new(tables.summary(tags)))
}

/// What the store says of themes, meetings and documents that the summary needs; each table is
/// one scan of one predicate's index entries (a few tens of thousands at 10,000 documents, where
/// the mentions are half a million).
#[derive(Default)]
struct Tables {
    /// Theme IRI → its own key.
    themes: BTreeMap<String, String>,
    /// Theme → the themes it is narrower than.
    broader: BTreeMap<String, BTreeSet<String>>,
    /// Theme → labels by language, for the summary nodes' labels.
    theme_labels: BTreeMap<String, BTreeMap<String, String>>,
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
    fn read(store: &GraphStore) -> Result<Self, StoreError> {
        let mut tables = Self::default();
        let theme_prefix = format!("{ID}theme/");
        let scan = |predicate| store.subjects_and_objects(predicate, None);
        for (subject, _) in store.subjects_and_objects(rdf::TYPE, Some(ext::SKOS_CONCEPT.into()))? {
            if let Some(key) = subject.as_str().strip_prefix(&theme_prefix) {
                tables
                    .themes
                    .insert(subject.as_str().to_owned(), key.to_owned());
            }
        }
        for (subject, _) in store.subjects_and_objects(rdf::TYPE, Some(ck::MEETING.into()))? {
            tables.meetings.insert(subject.into_string());
        }
        let linked = |predicate| -> Result<BTreeMap<String, BTreeSet<String>>, StoreError> {
            let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for (subject, object) in scan(predicate)? {
                if let Term::NamedNode(object) = object {
                    out.entry(subject.into_string())
                        .or_default()
                        .insert(object.into_string());
                }
            }
            Ok(out)
        };
        let literals = |predicate| -> Result<BTreeMap<String, Vec<Literal>>, StoreError> {
            let mut out: BTreeMap<String, Vec<Literal>> = BTreeMap::new();
            for (subject, object) in scan(predicate)? {
                if let Term::Literal(literal) = object {
                    out.entry(subject.into_string()).or_default().push(literal);
                }
            }
            Ok(out)
        };
        tables.broader = linked(ext::BROADER)?;
        tables.subjects = linked(ext::SUBJECT)?;
        tables.agenda = linked(ck::AGENDA_ITEM)?;
        tables.prepared_for = linked(ck::PREPARED_FOR)?;
        tables.meetings_of = linked(ck::REPORT_OF)?;
        for (document, meetings) in &tables.prepared_for {
            tables
                .meetings_of
                .entry(document.clone())
                .or_default()
                .extend(meetings.iter().cloned());
        }
        for (theme, labels) in literals(ext::PREF_LABEL)? {
            for label in labels {
                if let Some(language) = label.language() {
                    tables
                        .theme_labels
                        .entry(theme.clone())
                        .or_default()
                        .insert(language.to_owned(), label.value().to_owned());
                }
            }
        }
        for (meeting, dates) in literals(ck::START_DATE)? {
            tables.start_dates.insert(
                meeting,
                dates.iter().map(|d| d.value().to_owned()).collect(),
            );
        }
        for (document, kinds) in literals(ck::DOCUMENT_TYPE)? {
            if kinds.iter().any(|k| k.value() == "background-paper") {
                tables.background_papers.insert(document);
            }
        }
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
            out.extend(up.iter().cloned());
        }
        out
    }

    fn summary<'a>(&self, tags: impl IntoIterator<Item = &'a ThemeTags>) -> Vec<Quad> {
        let theme_prefix = format!("{ID}theme/");
        let mut closure: HashMap<String, BTreeSet<String>> = HashMap::new();
        // per document: the paragraphs counting for each theme; over the record: the paragraphs
        // mentioning each theme itself, and each pair
        let mut per_document: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        let mut direct: BTreeMap<String, u64> = BTreeMap::new();
        let mut pairs: BTreeMap<(String, String), u64> = BTreeMap::new();
        for graph in tags {
            for (document, sets) in graph {
                let counts = per_document.entry(document.clone()).or_default();
                for (set, &n) in sets {
                    let n = u64::from(n);
                    let mentioned: Vec<String> = set
                        .split(' ')
                        .map(|key| format!("{theme_prefix}{key}"))
                        .filter(|theme| self.themes.contains_key(theme))
                        .collect();
                    for theme in self.counted_for(&mentioned, &mut closure) {
                        *counts.entry(theme).or_default() += n;
                    }
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

        let mut evidence: BTreeMap<(String, String), Evidence> = BTreeMap::new();
        for (meeting, items) in &self.agenda {
            if !self.meetings.contains(meeting) {
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
            for meeting in meetings {
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

        let graph = GraphName::NamedNode(iri::summary_graph());
        let mut quads = Vec::new();
        let mut add = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| {
            quads.push(Quad::new(s.clone(), p, o, graph.clone()));
        };
        let count = |n: u64| Term::Literal(Literal::from(i64::try_from(n).unwrap_or(i64::MAX)));
        // theme → (date, meeting) of each dated meeting it appears at
        let mut appearances: BTreeMap<&str, BTreeSet<(&str, &str)>> = BTreeMap::new();
        for ((meeting, theme), e) in &evidence {
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
            for item in &e.items {
                add(&node, ck::EVIDENCE_AGENDA_ITEM, named(item));
            }
            for paper in &e.papers {
                add(&node, ck::EVIDENCE_BACKGROUND_PAPER, named(paper));
            }
            for date in self.start_dates.get(meeting).into_iter().flatten() {
                appearances
                    .entry(theme.as_str())
                    .or_default()
                    .insert((date.as_str(), meeting.as_str()));
            }
        }
        for (theme, dated) in &appearances {
            let node = NamedNode::new_unchecked(*theme);
            if let (Some(first), Some(last)) = (dated.first(), dated.last()) {
                add(&node, ck::FIRST_APPEARANCE, named(first.1));
                add(&node, ck::LAST_APPEARANCE, named(last.1));
            }
            let meetings: BTreeSet<&str> = dated.iter().map(|(_, m)| *m).collect();
            add(&node, ck::APPEARANCE_COUNT, count(meetings.len() as u64));
        }
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

fn labelled(text: String, language: &str) -> Term {
    Literal::new_language_tagged_literal_unchecked(text, language).into()
}

fn named(iri: &str) -> Term {
    Term::NamedNode(NamedNode::new_unchecked(iri))
}
