//! The tables the summary is counted from: what the store (or a build's quads) says of themes,
//! meetings, agenda items and documents, and the counting over them, which turns the tables
//! and the documents' theme tags into the summary graph's quads.

use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxsdatatypes::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Facts, ThemeTags, linking_subjects, objects};
use crate::graph::iri;
use crate::store::{GraphStore, StoreError};
use crate::vocab::{ID, ck, ext};

/// What the store says of themes, meetings and documents that the summary needs: all of it
/// ([`Tables::read`]: one scan of each predicate's index entries, a few tens of thousands at
/// 10,000 documents, where the mentions are half a million), or what concerns some meetings
/// ([`Tables::around`]: look-ups from each).
#[derive(Default)]
pub(super) struct Tables {
    /// Theme IRI → its own key.
    themes: BTreeMap<String, String>,
    /// Theme → the themes it is narrower than.
    broader: BTreeMap<String, BTreeSet<String>>,
    /// Theme → labels by language, for the summary nodes' labels.
    theme_labels: BTreeMap<String, BTreeMap<String, String>>,
    /// The meetings counted (every one the store names, or those around a change).
    pub(super) counted: BTreeSet<String>,
    /// Meetings typed `ck:Meeting`.
    meetings: BTreeSet<String>,
    /// Meeting → its start dates (one, unless documents disagree).
    pub(super) start_dates: BTreeMap<String, BTreeSet<String>>,
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
pub(super) struct Evidence {
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
    pub(super) fn read(facts: &Facts<'_>) -> Result<Self, StoreError> {
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
    pub(super) fn around(store: &GraphStore, nodes: &BTreeSet<String>) -> Result<Self, StoreError> {
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
    pub(super) fn paragraph_counts(
        &self,
        tags: &[&ThemeTags],
    ) -> BTreeMap<String, BTreeMap<String, u64>> {
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
    pub(super) fn substantive_totals(&self, tags: &[&ThemeTags]) -> BTreeMap<String, u64> {
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
    pub(super) fn evidence(
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
    pub(super) fn appearance_quads(
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
    pub(super) fn mention_quads(&self, tags: &[&ThemeTags]) -> Vec<Quad> {
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

pub(super) fn count(n: u64) -> Term {
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

pub(super) fn named(iri: &str) -> Term {
    Term::NamedNode(NamedNode::new_unchecked(iri))
}
