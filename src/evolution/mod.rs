//! The evolution of a theme across the working-group meetings (`ctockg evolution`): for each
//! meeting, in date order, the evidence that ties the theme to it, read from the store.
//!
//! A theme *appears* at a meeting when at least one of these holds (evidence tagged with a key
//! topic counts for its top theme through `skos:broader`); the build decides it once, in the
//! summary graph (`ingest/summary.rs`), and the report reads its `ck:ThemeAppearance`s:
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

mod load;
mod meeting;
mod sparql;
mod svg;
mod text;

use meeting::short_date;
pub use meeting::{Body, Date, Meeting, numeral_zh, ordinal_en};
pub use sparql::{
    AGENDA_ITEMS, APPEARANCES, DETECTION_LABELS, DOCUMENTS, KEY_TOPICS, MEETINGS, MENTIONS, PAPERS,
    THEMES,
};
pub use svg::escape as escape_xml;
pub use text::{CSV_HEADER, fields, first_and_quote, summary, theme_heading};

use crate::store::StoreError;

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

impl Evolution {
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

/// An IRI without the `id:` namespace.
fn short_iri(iri: &str) -> &str {
    iri.strip_prefix(crate::vocab::ID).unwrap_or(iri)
}
