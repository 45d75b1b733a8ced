//! The evolution of a theme across the working-group meetings (`ctockg evolution`): for each
//! meeting, in date order, the evidence that ties the theme to it, read from the store.
//!
//! A theme *appears* at a meeting when at least one of these holds (evidence tagged with a key
//! topic counts for its top theme through `skos:broader`):
//!
//! - an **agenda item** of the meeting has the theme as `dcterms:subject`;
//! - a **background paper** (any document) prepared for the meeting (`ck:preparedFor`) has the
//!   theme as `dcterms:subject`;
//! - **paragraphs** (and footnotes) of the documents prepared for or reporting on the meeting
//!   mention the theme (`ck:mentions`); the report counts them.
//!
//! Each appearance also carries a **quote**, the first 60 characters of the paragraph the evidence
//! rests on (a mentioning paragraph, else the paragraph a background paper was read from), chosen
//! so that, where one exists, the quoted opening itself contains a label that detects the theme;
//! and the **key topics** (关键议题, the theme's narrower concepts) whose Chinese label occurs in the
//! texts behind the appearance (those paragraphs and the agenda items' titles). The graph tags no
//! paragraph with a key topic, so this is a plain substring match, counted per text.
//!
//! The report renders as a text timeline, Markdown, CSV or JSON ([`Format`], in `text.rs`) and as
//! an SVG chart of themes × meetings on a date axis ([`Evolution::svg`], in `svg.rs`).

mod meeting;
mod sparql;
mod svg;
mod text;

pub use meeting::{Body, Date, Meeting, numeral_zh, ordinal_en};
pub use sparql::{
    AGENDA_ITEMS, DETECTION_LABELS, KEY_TOPICS, MEETINGS, MENTIONS, PAPERS, SUBSTANTIVE, THEMES,
};
pub use svg::escape as escape_xml;
pub use text::{CSV_HEADER, fields, first_and_quote, summary, theme_heading};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, QuerySolution, Variable};

use crate::graph::iri;
use crate::store::{GraphStore, StoreError};

/// How many characters of a paragraph a quote keeps (then "…").
pub const QUOTE_CHARS: usize = 60;

/// Why the report could not be made or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvolutionError {
    /// The key given is not the key of one of the scheme's top themes.
    #[error("unknown theme {key:?}; the theme keys are: {valid}")]
    UnknownTheme {
        /// The key given.
        key: String,
        /// The valid keys, comma-separated.
        valid: String,
    },
    /// The store holds no theme scheme (it has not been built).
    #[error("the store holds no themes; build it first (ctockg build)")]
    NoThemes,
    /// A query of the report failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A query of the report answered something other than solutions.
    #[error("the report's query {0} did not return solutions")]
    NotSolutions(&'static str),
    /// Writing the report failed.
    #[error("cannot write the report: {0}")]
    Output(#[from] std::io::Error),
    /// Writing the CSV failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// The language of labels, the one `ctockg export dot` takes (quotes stay in the language of
/// the documents, Chinese): the other language where a label has none in it.
pub use crate::export::Lang;

/// Output formats of `ctockg evolution`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A timeline as plain text: one block per meeting, evidence indented under it.
    #[default]
    Table,
    /// A Markdown section per theme with a table of its meetings.
    Markdown,
    /// One row per theme × meeting, with a header.
    Csv,
    /// One JSON document (shape in the README).
    Json,
}

/// Labels in the two languages of the graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    /// The Chinese label.
    pub zh: Option<String>,
    /// The English label.
    pub en: Option<String>,
}

impl Labels {
    /// Records a label; of several in one language the smallest is kept, so that the choice is
    /// the same every time. A label without a language tag fills whichever is missing.
    pub fn add(&mut self, lang: &str, value: &str) {
        let keep = |slot: &mut Option<String>| {
            if slot.as_deref().is_none_or(|old| value < old) {
                *slot = Some(value.to_owned());
            }
        };
        match lang {
            l if l.starts_with("zh") => keep(&mut self.zh),
            l if l.starts_with("en") => keep(&mut self.en),
            "" => {
                if self.zh.is_none() {
                    keep(&mut self.zh);
                }
                if self.en.is_none() {
                    keep(&mut self.en);
                }
            }
            _ => {}
        }
    }

    /// The label in `lang`, else in the other language, else "".
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Zh => (&self.zh, &self.en),
            Lang::En => (&self.en, &self.zh),
        };
        first.as_deref().or(second.as_deref()).unwrap_or_default()
    }
}

/// A top theme of the scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Its IRI, `id:theme/{key}`.
    pub iri: String,
    /// Its key: `technology`.
    pub key: String,
    /// Its preferred labels.
    pub labels: Labels,
    /// The Chinese labels that detect it in text.
    pub detection: Vec<String>,
}

/// An agenda item on the theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    /// Its IRI, `{meeting}/item/{number}`.
    pub iri: String,
    /// Its number on the agenda.
    pub number: u32,
    /// Its title, without the number the label starts with.
    pub title: Labels,
}

/// A document on the theme prepared for the meeting (a background paper on the bundled data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paper {
    /// Its IRI, `id:doc/{symbol}`.
    pub iri: String,
    /// Its UN symbol, when known.
    pub symbol: Option<String>,
    /// Its `ck:documentType`: `background-paper`.
    pub kind: Option<String>,
    /// Its title, when the graph has it.
    pub title: Labels,
}

impl Paper {
    /// The symbol, else the IRI after `id:doc/`.
    pub fn name(&self) -> &str {
        self.symbol
            .as_deref()
            .unwrap_or_else(|| short_iri(&self.iri))
    }
}

/// A key topic (关键议题) of the theme found in the texts behind an appearance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyTopic {
    /// Its IRI, `id:theme/{key}`.
    pub iri: String,
    /// Its key: `money-laundering`.
    pub key: String,
    /// Its preferred labels.
    pub labels: Labels,
    /// In how many of the texts (paragraphs, agenda item titles) its Chinese label occurs.
    pub texts: usize,
}

/// A paragraph or footnote with text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Its IRI, `{language version}/para_{n}` or `…/fn_{n}`.
    pub iri: String,
    /// The document (work) it belongs to.
    pub document: String,
    /// The document's UN symbol, when known.
    pub symbol: Option<String>,
    /// Its number as printed.
    pub number: Option<String>,
    /// Its position in the language version.
    pub position: u64,
    /// Whether it is a footnote.
    pub footnote: bool,
    /// Its normalised text.
    pub text: String,
}

/// The opening of the paragraph an appearance rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The first [`QUOTE_CHARS`] characters of the paragraph, whitespace collapsed, with "…" when
    /// the paragraph goes on.
    pub text: String,
    /// The paragraph's IRI.
    pub paragraph: String,
    /// The IRI of the document (the work) the paragraph belongs to.
    pub document: String,
    /// The document's UN symbol, when known.
    pub symbol: Option<String>,
    /// The paragraph's number as printed.
    pub number: Option<String>,
    /// Whether it is a footnote.
    pub footnote: bool,
}

impl Quote {
    /// "CTOC/COP/WG.7/2024/2 ¶15" (or "… fn 3"); a document without a symbol is named by its
    /// local name ("wg7-2020-draft-report ¶11"); without a number, the paragraph's shortened IRI.
    pub fn source(&self) -> String {
        let document = self.symbol.as_deref().unwrap_or_else(|| {
            let short = short_iri(&self.document);
            short
                .strip_prefix("doc/local/")
                .or_else(|| short.strip_prefix("doc/"))
                .unwrap_or(short)
        });
        match &self.number {
            Some(number) if self.footnote => format!("{document} fn {number}"),
            Some(number) => format!("{document} ¶{number}"),
            None => format!("id:{}", short_iri(&self.paragraph)),
        }
    }
}

/// The evidence that ties a theme to one meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appearance {
    /// The meeting.
    pub meeting: Meeting,
    /// Whether this is the theme's first meeting.
    pub first: bool,
    /// The meeting's agenda items on the theme, by number.
    pub agenda_items: Vec<AgendaItem>,
    /// The documents on the theme prepared for the meeting, by symbol.
    pub papers: Vec<Paper>,
    /// How many substantive paragraphs of the meeting's documents mention the theme.
    pub mentions: usize,
    /// How many substantive paragraphs the meeting's documents hold: the base of the share.
    pub substantive: usize,
    /// The documents of the meeting the counts rest on (symbol, else IRI), with their
    /// substantive paragraphs. Empty when the meeting is known only through other documents
    /// (a later summary of its background papers).
    pub documents: Vec<(String, usize)>,
    /// The key topics found in the texts behind the appearance, most frequent first.
    pub key_topics: Vec<KeyTopic>,
    /// The opening of the paragraph the appearance rests on.
    pub quote: Option<Quote>,
}

/// A theme's appearances in date order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The theme.
    pub theme: Theme,
    /// Its appearances, by start date (then meeting IRI).
    pub appearances: Vec<Appearance>,
}

impl Appearance {
    /// The share of the meeting's substantive paragraphs that mention the theme, when it has
    /// any.
    pub fn share(&self) -> Option<f64> {
        (self.substantive > 0).then(|| self.mentions as f64 / self.substantive as f64)
    }
}

impl Timeline {
    /// The first appearance.
    pub fn first(&self) -> Option<&Appearance> {
        self.appearances.first()
    }
}

/// Which themes to report on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// One theme, by key.
    Theme(String),
    /// Every top theme.
    All,
}

/// The report: every meeting, and the timeline of each selected theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evolution {
    /// Every top theme of the scheme, by key (the selected ones and the others).
    pub themes: Vec<Theme>,
    /// Every meeting, by start date (then IRI).
    pub meetings: Vec<Meeting>,
    /// The selected themes' timelines: one theme, or all top themes ordered by first appearance
    /// (themes that never appear last), then key.
    pub timelines: Vec<Timeline>,
}

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

    /// Writes the report in `format`, labels in `lang`.
    pub fn write(
        &self,
        format: Format,
        lang: Lang,
        out: &mut impl std::io::Write,
    ) -> Result<(), EvolutionError> {
        match format {
            Format::Table => text::write_timeline(self, lang, out)?,
            Format::Markdown => text::write_markdown(self, lang, out)?,
            Format::Csv => text::write_csv(self, lang, out)?,
            Format::Json => text::write_json(self, lang, out)?,
        }
        Ok(())
    }

    /// The theme × meeting chart as an SVG document, labels in `lang`.
    pub fn svg(&self, lang: Lang) -> String {
        svg::chart(self, lang)
    }

    /// The position of a theme among all top themes by key (the chart's colour index).
    pub fn theme_index(&self, key: &str) -> usize {
        self.themes.iter().position(|t| t.key == key).unwrap_or(0)
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

/// The first [`QUOTE_CHARS`] characters, whitespace runs collapsed, "…" when cut.
pub fn quote_text(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = collapsed.chars();
    let mut out: String = chars.by_ref().take(QUOTE_CHARS).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// "3. 利用技术…" → "利用技术…" (the label repeats the item's number).
fn strip_number(label: &str, number: u32) -> &str {
    let prefix = number.to_string();
    label
        .strip_prefix(prefix.as_str())
        .and_then(|rest| rest.strip_prefix('.').or_else(|| rest.strip_prefix('．')))
        .map_or(label, str::trim_start)
}

/// An IRI without the `id:` namespace.
fn short_iri(iri: &str) -> &str {
    iri.strip_prefix(crate::vocab::ID).unwrap_or(iri)
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
