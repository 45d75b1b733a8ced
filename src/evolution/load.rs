//! Reading the report from the store. Which theme appears at which meeting, and the counts, are
//! the summary graph's (`id:graph/summary`), where the build applies the one rule
//! (`ingest/summary.rs`). The evidence behind them is read for those appearances only: agenda
//! items and papers through the summary's evidence links, mentioning paragraphs theme by theme,
//! documents meeting by meeting, and the paragraphs the appearances quote. Reading the evidence
//! of every meeting instead (counting every paragraph of the store) made `/themes` take 29 s at
//! 10,000 documents.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::{QueryResults, QuerySolution, Variable};

use super::sparql::{
    AGENDA_ITEMS, APPEARANCES, DETECTION_LABELS, DOCUMENTS, KEY_TOPICS, MEETINGS, MENTIONS, PAPERS,
    THEMES,
};
use super::{
    AgendaItem, Appearance, Body, Date, Evolution, EvolutionError, KeyTopic, Labels, Meeting,
    Paper, Paragraph, QUOTE_CHARS, Quote, Selection, Theme, Timeline, quote_text,
};
use crate::graph::iri;
use crate::store::{GraphStore, StoreError};

/// Per (theme, meeting): the evidence behind the summary's counts.
#[derive(Default)]
struct Found {
    agenda: BTreeMap<String, AgendaItem>,
    papers: BTreeMap<String, Paper>,
    sources: BTreeSet<String>,
    mentions: BTreeSet<String>,
}

impl Evolution {
    /// Reads the report from the store: the [`Evolution::outline`], and for each appearance
    /// the evidence behind it, read for the appearances the summary lists (agenda items and
    /// papers through its evidence links, paragraphs and documents meeting by meeting).
    pub fn load(store: &GraphStore, selection: &Selection) -> Result<Self, EvolutionError> {
        let mut report = Self::outline(store, selection)?;
        let bindings = theme_binding(selection);
        let topics = load_key_topics(store, &bindings)?;
        let mut found = load_evidence(store, &bindings)?;

        // the paragraphs mentioning each theme, asked of that theme alone, at the meetings
        // the summary says it is mentioned at
        let mentioned: HashSet<(&str, &str)> = report
            .timelines
            .iter()
            .flat_map(|t| t.appearances.iter().map(move |a| (t, a)))
            .filter(|(_, a)| a.mentions > 0)
            .map(|(t, a)| (t.theme.iri.as_str(), a.meeting.iri.as_str()))
            .collect();
        for timeline in &report.timelines {
            let theme = &timeline.theme.iri;
            let bound = [(
                Variable::new_unchecked("theme"),
                Term::from(NamedNode::new_unchecked(theme.as_str())),
            )];
            for row in select(store, "MENTIONS", MENTIONS, &bound)? {
                if let (Some(meeting), Some(paragraph)) =
                    (named(&row, "meeting"), named(&row, "paragraph"))
                    && mentioned.contains(&(theme.as_str(), meeting.as_str()))
                {
                    found
                        .entry((theme.clone(), meeting))
                        .or_default()
                        .mentions
                        .insert(paragraph);
                }
            }
        }
        // each meeting's documents, asked of that meeting alone
        let counted: BTreeSet<String> = report
            .timelines
            .iter()
            .flat_map(|t| &t.appearances)
            .filter(|a| a.substantive > 0)
            .map(|a| a.meeting.iri.clone())
            .collect();
        let mut bases: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for meeting in counted {
            let documents = load_documents(store, &meeting)?;
            bases.insert(meeting, documents);
        }
        let wanted: BTreeSet<String> = found
            .values()
            .flat_map(|f| f.mentions.iter().chain(&f.sources))
            .cloned()
            .collect();
        let paragraphs = load_paragraphs(store, &wanted)?;
        let none = Found::default();
        for timeline in &mut report.timelines {
            let topics = topics
                .get(&timeline.theme.iri)
                .map_or(&[][..], Vec::as_slice);
            for appearance in &mut timeline.appearances {
                let meeting = appearance.meeting.iri.clone();
                let found = found
                    .get(&(timeline.theme.iri.clone(), meeting.clone()))
                    .unwrap_or(&none);
                let documents = bases.get(&meeting).map_or(&[][..], Vec::as_slice);
                add_evidence(
                    appearance,
                    &timeline.theme,
                    found,
                    &paragraphs,
                    topics,
                    documents,
                );
            }
        }
        Ok(report)
    }

    /// The themes, the meetings and each selected theme's appearances with their counts, as
    /// the summary graph has them, without the evidence behind them (what `/themes` lists):
    /// the appearances' agenda items, papers, documents, key topics and quotes are empty.
    pub fn outline(store: &GraphStore, selection: &Selection) -> Result<Self, EvolutionError> {
        let mut themes = load_themes(store)?;
        if let Selection::Theme(key) = selection
            && !themes.iter().any(|t| &t.key == key)
        {
            return Err(EvolutionError::UnknownTheme {
                key: key.clone(),
                valid: themes
                    .iter()
                    .map(|t| t.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        let bindings = theme_binding(selection);
        for row in select(store, "DETECTION_LABELS", DETECTION_LABELS, &bindings)? {
            let (Some(theme), Some((label, _))) = (named(&row, "theme"), literal(&row, "label"))
            else {
                continue;
            };
            if let Some(theme) = themes.iter_mut().find(|t| t.iri == theme) {
                theme.detection.push(label);
            }
        }
        for theme in &mut themes {
            theme.detection.sort();
        }

        let meetings = load_meetings(store)?;
        let by_iri: HashMap<&str, &Meeting> =
            meetings.iter().map(|m| (m.iri.as_str(), m)).collect();
        let mut appearances: HashMap<String, Vec<Appearance>> = HashMap::new();
        for row in select(store, "APPEARANCES", APPEARANCES, &bindings)? {
            let (Some(theme), Some(meeting)) = (named(&row, "theme"), named(&row, "meeting"))
            else {
                continue;
            };
            let Some(meeting) = by_iri.get(meeting.as_str()) else {
                continue;
            };
            let count = |var| {
                literal(&row, var)
                    .and_then(|(n, _)| n.parse().ok())
                    .unwrap_or(0)
            };
            appearances.entry(theme).or_default().push(Appearance {
                meeting: (*meeting).clone(),
                first: false,
                agenda_items: Vec::new(),
                papers: Vec::new(),
                mentions: count("mentions"),
                substantive: count("substantive"),
                documents: Vec::new(),
                key_topics: Vec::new(),
                quote: None,
            });
        }

        let selected: Vec<&Theme> = match selection {
            Selection::All => themes.iter().collect(),
            Selection::Theme(key) => themes.iter().filter(|t| &t.key == key).collect(),
        };
        let mut timelines: Vec<Timeline> = selected
            .into_iter()
            .map(|theme| {
                let mut appearances = appearances.remove(&theme.iri).unwrap_or_default();
                appearances.sort_by(|a, b| {
                    (a.meeting.start, &a.meeting.iri).cmp(&(b.meeting.start, &b.meeting.iri))
                });
                if let Some(first) = appearances.first_mut() {
                    first.first = true;
                }
                Timeline {
                    theme: theme.clone(),
                    appearances,
                }
            })
            .collect();
        timelines.sort_by(|a, b| {
            let first = |t: &Timeline| t.first().map(|a| a.meeting.start);
            (first(a).is_none(), first(a), &a.theme.key).cmp(&(
                first(b).is_none(),
                first(b),
                &b.theme.key,
            ))
        });
        Ok(Self {
            themes,
            meetings,
            timelines,
        })
    }
}

/// `?theme` bound to the selected theme; nothing for every theme.
fn theme_binding(selection: &Selection) -> Vec<(Variable, Term)> {
    match selection {
        Selection::All => Vec::new(),
        Selection::Theme(key) => vec![(
            Variable::new_unchecked("theme"),
            Term::from(iri::theme(key)),
        )],
    }
}

/// A row's theme, meeting and the evidence in `column`, all IRIs.
fn evidence_of(row: &QuerySolution, column: &str) -> Option<(String, String, String)> {
    Some((
        named(row, "theme")?,
        named(row, "meeting")?,
        named(row, column)?,
    ))
}

/// The agenda items and background papers the summary graph gives as evidence, per (theme,
/// meeting), with the paragraphs the papers were read from.
fn load_evidence(
    store: &GraphStore,
    bindings: &[(Variable, Term)],
) -> Result<BTreeMap<(String, String), Found>, EvolutionError> {
    let mut found: BTreeMap<(String, String), Found> = BTreeMap::new();
    for row in select(store, "AGENDA_ITEMS", AGENDA_ITEMS, bindings)? {
        let Some((theme, meeting, item)) = evidence_of(&row, "item") else {
            continue;
        };
        let number = literal(&row, "number")
            .and_then(|(n, _)| n.parse().ok())
            .unwrap_or_default();
        let entry = found
            .entry((theme, meeting))
            .or_default()
            .agenda
            .entry(item.clone())
            .or_insert_with(|| AgendaItem {
                iri: item,
                number,
                title: Labels::default(),
            });
        if let Some((label, lang)) = literal(&row, "label") {
            entry.title.add(&lang, strip_number(&label, number));
        }
    }
    for row in select(store, "PAPERS", PAPERS, bindings)? {
        let Some((theme, meeting, paper)) = evidence_of(&row, "paper") else {
            continue;
        };
        let found = found.entry((theme, meeting)).or_default();
        let entry = found.papers.entry(paper.clone()).or_insert_with(|| Paper {
            iri: paper,
            symbol: None,
            kind: None,
            title: Labels::default(),
        });
        if let Some((symbol, _)) = literal(&row, "symbol") {
            entry.symbol.get_or_insert(symbol);
        }
        if let Some((kind, _)) = literal(&row, "type") {
            entry.kind.get_or_insert(kind);
        }
        if let Some((title, lang)) = literal(&row, "title") {
            entry.title.add(&lang, &title);
        }
        if let Some(source) = named(&row, "source") {
            found.sources.insert(source);
        }
    }
    Ok(found)
}

/// One meeting's documents (symbol, else the end of the IRI) with their substantive
/// paragraphs, by name.
fn load_documents(
    store: &GraphStore,
    meeting: &str,
) -> Result<Vec<(String, usize)>, EvolutionError> {
    let bound = [(
        Variable::new_unchecked("meeting"),
        Term::from(NamedNode::new_unchecked(meeting)),
    )];
    let mut documents = Vec::new();
    for row in select(store, "DOCUMENTS", DOCUMENTS, &bound)? {
        if let Some(document) = named(&row, "document") {
            // a document without a symbol goes by its local id, the end of its IRI
            let name = literal(&row, "symbol").map_or_else(
                || document.rsplit('/').next().unwrap_or(&document).to_owned(),
                |(symbol, _)| symbol,
            );
            let n = literal(&row, "paragraphs")
                .and_then(|(n, _)| n.parse().ok())
                .unwrap_or(0);
            documents.push((name, n));
        }
    }
    documents.sort();
    Ok(documents)
}

/// Fills an appearance of the outline with the evidence found for it.
fn add_evidence(
    appearance: &mut Appearance,
    theme: &Theme,
    found: &Found,
    paragraphs: &HashMap<String, Paragraph>,
    topics: &[KeyTopic],
    documents: &[(String, usize)],
) {
    let mut agenda_items: Vec<AgendaItem> = found.agenda.values().cloned().collect();
    agenda_items.sort_by_key(|item| item.number);
    let mut papers: Vec<Paper> = found.papers.values().cloned().collect();
    papers.sort_by(|a, b| a.name().cmp(b.name()));
    let in_order = |iris: &BTreeSet<String>| {
        let mut found: Vec<&Paragraph> = iris.iter().filter_map(|i| paragraphs.get(i)).collect();
        found.sort_by(|a, b| {
            (&a.symbol.is_none(), &a.document, a.position).cmp(&(
                &b.symbol.is_none(),
                &b.document,
                b.position,
            ))
        });
        found
    };
    let mentioning = in_order(&found.mentions);
    let sources = in_order(&found.sources);
    let candidates: Vec<&Paragraph> = mentioning.iter().chain(&sources).copied().collect();
    let quote = candidates
        .iter()
        .find(|p| {
            let opening: String = p.text.chars().take(QUOTE_CHARS).collect();
            theme.detection.iter().any(|label| opening.contains(label))
        })
        .or(candidates.first())
        .map(|p| Quote {
            text: quote_text(&p.text),
            paragraph: p.iri.clone(),
            document: p.document.clone(),
            symbol: p.symbol.clone(),
            number: p.number.clone(),
            footnote: p.footnote,
        });

    let texts: Vec<&str> = candidates
        .iter()
        .map(|p| p.text.as_str())
        .chain(agenda_items.iter().filter_map(|i| i.title.zh.as_deref()))
        .collect();
    let mut key_topics: Vec<KeyTopic> = topics
        .iter()
        .filter_map(|topic| {
            let label = topic.labels.zh.as_deref().filter(|l| !l.is_empty())?;
            let texts = texts.iter().filter(|t| t.contains(label)).count();
            (texts > 0).then(|| KeyTopic {
                texts,
                ..topic.clone()
            })
        })
        .collect();
    key_topics.sort_by(|a, b| b.texts.cmp(&a.texts).then_with(|| a.key.cmp(&b.key)));

    appearance.agenda_items = agenda_items;
    appearance.papers = papers;
    appearance.documents = documents.to_vec();
    appearance.key_topics = key_topics;
    appearance.quote = quote;
}

/// "3. 利用技术…" → "利用技术…" (the label repeats the item's number).
fn strip_number(label: &str, number: u32) -> &str {
    let prefix = number.to_string();
    label
        .strip_prefix(prefix.as_str())
        .and_then(|rest| rest.strip_prefix('.').or_else(|| rest.strip_prefix('．')))
        .map_or(label, str::trim_start)
}

fn select(
    store: &GraphStore,
    name: &'static str,
    query: &str,
    bindings: &[(Variable, Term)],
) -> Result<Vec<QuerySolution>, EvolutionError> {
    let QueryResults::Solutions(solutions) = store.evaluate_with(query, bindings)? else {
        return Err(EvolutionError::NotSolutions(name));
    };
    solutions
        .map(|s| s.map_err(|e| StoreError::Evaluation(e.to_string()).into()))
        .collect()
}

fn named(row: &QuerySolution, var: &str) -> Option<String> {
    match row.get(var)? {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

/// A literal's value and language tag ("" when it has none).
fn literal(row: &QuerySolution, var: &str) -> Option<(String, String)> {
    match row.get(var)? {
        Term::Literal(l) => Some((l.value().to_owned(), l.language().unwrap_or("").to_owned())),
        _ => None,
    }
}

fn key_of(iri: &str) -> String {
    iri.rsplit('/').next().unwrap_or(iri).to_owned()
}

fn load_themes(store: &GraphStore) -> Result<Vec<Theme>, EvolutionError> {
    let mut themes: BTreeMap<String, Theme> = BTreeMap::new();
    for row in select(store, "THEMES", THEMES, &[])? {
        let Some(theme) = named(&row, "theme") else {
            continue;
        };
        let entry = themes.entry(key_of(&theme)).or_insert_with(|| Theme {
            key: key_of(&theme),
            iri: theme,
            labels: Labels::default(),
            detection: Vec::new(),
        });
        if let Some((label, lang)) = literal(&row, "label") {
            entry.labels.add(&lang, &label);
        }
    }
    if themes.is_empty() {
        return Err(EvolutionError::NoThemes);
    }
    Ok(themes.into_values().collect())
}

/// Key topics per top theme IRI, by key.
fn load_key_topics(
    store: &GraphStore,
    bindings: &[(Variable, Term)],
) -> Result<HashMap<String, Vec<KeyTopic>>, EvolutionError> {
    let mut topics: BTreeMap<(String, String), KeyTopic> = BTreeMap::new();
    for row in select(store, "KEY_TOPICS", KEY_TOPICS, bindings)? {
        let (Some(theme), Some(topic)) = (named(&row, "theme"), named(&row, "topic")) else {
            continue;
        };
        let entry = topics
            .entry((theme, topic.clone()))
            .or_insert_with(|| KeyTopic {
                key: key_of(&topic),
                iri: topic,
                labels: Labels::default(),
                texts: 0,
            });
        if let Some((label, lang)) = literal(&row, "label") {
            entry.labels.add(&lang, &label);
        }
    }
    let mut out: HashMap<String, Vec<KeyTopic>> = HashMap::new();
    for ((theme, _), topic) in topics {
        out.entry(theme).or_default().push(topic);
    }
    Ok(out)
}

fn load_meetings(store: &GraphStore) -> Result<Vec<Meeting>, EvolutionError> {
    let mut meetings: BTreeMap<String, Meeting> = BTreeMap::new();
    for row in select(store, "MEETINGS", MEETINGS, &[])? {
        let (Some(iri), Some(start)) = (
            named(&row, "meeting"),
            literal(&row, "start").and_then(|(d, _)| Date::parse(&d)),
        ) else {
            continue;
        };
        let body = named(&row, "body").unwrap_or_default();
        let entry = meetings.entry(iri.clone()).or_insert_with(|| Meeting {
            iri,
            body: Body {
                key: key_of(&body),
                iri: body,
                labels: Labels::default(),
            },
            start,
            end: None,
            ordinal: None,
        });
        entry.start = entry.start.min(start);
        if let Some(end) = literal(&row, "end").and_then(|(d, _)| Date::parse(&d)) {
            entry.end = Some(entry.end.map_or(end, |e| e.max(end)));
        }
        if let Some(n) = literal(&row, "ordinal").and_then(|(n, _)| n.parse().ok()) {
            entry.ordinal.get_or_insert(n);
        }
        if let Some((key, _)) = literal(&row, "bodyKey") {
            entry.body.key = key;
        }
        if let Some((label, lang)) = literal(&row, "bodyLabel") {
            entry.body.labels.add(&lang, &label);
        }
    }
    let mut meetings: Vec<Meeting> = meetings.into_values().collect();
    meetings.sort_by(|a, b| (a.start, &a.iri).cmp(&(b.start, &b.iri)));
    Ok(meetings)
}

/// The paragraphs the appearances rest on, each read by one scan of its own facts. Reading every
/// paragraph of the store with a query took 10 s at 10,000 documents (125,000 paragraphs) for a
/// report that quotes from a few thousand; a paragraph's triples are all under its IRI, so one
/// prefix scan gives its text, number, position, type and language version.
fn load_paragraphs(
    store: &GraphStore,
    iris: &BTreeSet<String>,
) -> Result<HashMap<String, Paragraph>, EvolutionError> {
    use crate::vocab::{ck, ext as dcterms};
    use oxigraph::model::vocab::rdf;
    use oxigraph::model::{NamedNodeRef, TermRef};

    // the first value a scan gives, in the store's order, so that the choice is the same each run
    fn first<'q>(
        quads: &'q [oxigraph::model::Quad],
        predicate: NamedNodeRef<'_>,
    ) -> Option<TermRef<'q>> {
        quads
            .iter()
            .find(|q| q.predicate.as_ref() == predicate)
            .map(|q| q.object.as_ref())
    }
    fn literal_of(term: Option<TermRef<'_>>) -> Option<String> {
        match term {
            Some(TermRef::Literal(l)) => Some(l.value().to_owned()),
            _ => None,
        }
    }
    fn node_of(term: Option<TermRef<'_>>) -> Option<NamedNodeRef<'_>> {
        match term {
            Some(TermRef::NamedNode(n)) => Some(n),
            _ => None,
        }
    }
    let is_a = |quads: &[oxigraph::model::Quad], class: NamedNodeRef<'_>| {
        quads
            .iter()
            .any(|q| q.predicate.as_ref() == rdf::TYPE && q.object.as_ref() == class.into())
    };

    // a language version's document and the document's symbol, read once per version
    let mut versions: HashMap<String, Option<(String, Option<String>)>> = HashMap::new();
    let mut paragraphs = HashMap::new();
    for iri in iris {
        let Ok(node) = NamedNodeRef::new(iri) else {
            continue;
        };
        let quads = store.quads(Some(node), None, None, None)?;
        let (true, Some(text)) = (
            is_a(&quads, ck::PARAGRAPH),
            literal_of(first(&quads, ck::TEXT)),
        ) else {
            continue;
        };
        let Some(version) = node_of(first(&quads, dcterms::IS_PART_OF)) else {
            continue;
        };
        let work = match versions.get(version.as_str()) {
            Some(work) => work.clone(),
            None => {
                let of_version = store.quads(Some(version), None, None, None)?;
                let work = match node_of(first(&of_version, dcterms::IS_PART_OF)) {
                    Some(document) if is_a(&of_version, ck::LANGUAGE_VERSION) => {
                        let of_document =
                            store.quads(Some(document), Some(dcterms::IDENTIFIER), None, None)?;
                        let symbol = literal_of(first(&of_document, dcterms::IDENTIFIER));
                        Some((document.as_str().to_owned(), symbol))
                    }
                    _ => None,
                };
                versions.insert(version.as_str().to_owned(), work.clone());
                work
            }
        };
        let Some((document, symbol)) = work else {
            continue;
        };
        paragraphs.insert(
            iri.clone(),
            Paragraph {
                iri: iri.clone(),
                document,
                symbol,
                number: literal_of(first(&quads, ck::NUMBER)),
                position: literal_of(first(&quads, ck::POSITION))
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(u64::MAX),
                footnote: is_a(&quads, ck::FOOTNOTE_CLASS),
                text,
            },
        );
    }
    Ok(paragraphs)
}
