//! Reading the report from the store: the themes, key topics and meetings, the evidence the
//! queries find per theme and meeting, and the paragraphs the appearances quote.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, QuerySolution, Variable};

use super::sparql::{
    AGENDA_ITEMS, DETECTION_LABELS, KEY_TOPICS, MEETINGS, MENTIONS, PAPERS, SUBSTANTIVE, THEMES,
};
use super::{
    AgendaItem, Appearance, Body, Date, Evolution, EvolutionError, KeyTopic, Labels, Meeting,
    Paper, Paragraph, QUOTE_CHARS, Quote, Selection, Theme, Timeline, quote_text,
};
use crate::graph::iri;
use crate::store::{GraphStore, StoreError};

/// Per (theme, meeting): what the queries found.
#[derive(Default)]
struct Found {
    agenda: BTreeMap<String, AgendaItem>,
    papers: BTreeMap<String, Paper>,
    sources: BTreeSet<String>,
    mentions: BTreeSet<String>,
}

impl Evolution {
    /// Reads the report from the store.
    pub fn load(store: &GraphStore, selection: &Selection) -> Result<Self, EvolutionError> {
        let mut themes = load_themes(store)?;
        let bindings = match selection {
            Selection::All => Vec::new(),
            Selection::Theme(key) => {
                if !themes.iter().any(|t| &t.key == key) {
                    return Err(EvolutionError::UnknownTheme {
                        key: key.clone(),
                        valid: themes
                            .iter()
                            .map(|t| t.key.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
                vec![(
                    Variable::new_unchecked("theme"),
                    Term::from(iri::theme(key)),
                )]
            }
        };
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
        let topics = load_key_topics(store, &bindings)?;

        let mut found: BTreeMap<(String, String), Found> = BTreeMap::new();
        for row in select(store, "AGENDA_ITEMS", AGENDA_ITEMS, &bindings)? {
            let (Some(theme), Some(meeting), Some(item)) = (
                named(&row, "theme"),
                named(&row, "meeting"),
                named(&row, "item"),
            ) else {
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
        for row in select(store, "PAPERS", PAPERS, &bindings)? {
            let (Some(theme), Some(meeting), Some(paper)) = (
                named(&row, "theme"),
                named(&row, "meeting"),
                named(&row, "paper"),
            ) else {
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
        for row in select(store, "MENTIONS", MENTIONS, &bindings)? {
            if let (Some(theme), Some(meeting), Some(paragraph)) = (
                named(&row, "theme"),
                named(&row, "meeting"),
                named(&row, "paragraph"),
            ) {
                found
                    .entry((theme, meeting))
                    .or_default()
                    .mentions
                    .insert(paragraph);
            }
        }

        // each meeting's documents and their substantive paragraphs
        let mut bases: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for row in select(store, "SUBSTANTIVE", SUBSTANTIVE, &[])? {
            if let (Some(meeting), Some(document)) =
                (named(&row, "meeting"), named(&row, "document"))
            {
                // a document without a symbol goes by its local id, the end of its IRI
                let name = literal(&row, "symbol").map_or_else(
                    || document.rsplit('/').next().unwrap_or(&document).to_owned(),
                    |(symbol, _)| symbol,
                );
                let n = literal(&row, "paragraphs")
                    .and_then(|(n, _)| n.parse().ok())
                    .unwrap_or(0);
                bases.entry(meeting).or_default().push((name, n));
            }
        }
        for documents in bases.values_mut() {
            documents.sort();
        }

        let wanted: BTreeSet<String> = found
            .values()
            .flat_map(|f| f.mentions.iter().chain(&f.sources))
            .cloned()
            .collect();
        let paragraphs = load_paragraphs(store, &wanted)?;

        let selected: Vec<&Theme> = match selection {
            Selection::All => themes.iter().collect(),
            Selection::Theme(key) => themes.iter().filter(|t| &t.key == key).collect(),
        };
        let mut timelines: Vec<Timeline> = selected
            .into_iter()
            .map(|theme| {
                let mut appearances: Vec<Appearance> = found
                    .iter()
                    .filter(|((t, _), _)| *t == theme.iri)
                    .filter_map(|((_, m), f)| {
                        let meeting = by_iri.get(m.as_str())?;
                        Some(appearance(
                            theme,
                            meeting,
                            f,
                            &paragraphs,
                            topics.get(&theme.iri).map_or(&[][..], Vec::as_slice),
                            bases.get(m.as_str()).map_or(&[][..], Vec::as_slice),
                        ))
                    })
                    .collect();
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

fn appearance(
    theme: &Theme,
    meeting: &Meeting,
    found: &Found,
    paragraphs: &HashMap<String, Paragraph>,
    topics: &[KeyTopic],
    documents: &[(String, usize)],
) -> Appearance {
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

    Appearance {
        meeting: meeting.clone(),
        first: false,
        agenda_items,
        papers,
        mentions: found.mentions.len(),
        substantive: documents.iter().map(|(_, n)| n).sum(),
        documents: documents.to_vec(),
        key_topics,
        quote,
    }
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
