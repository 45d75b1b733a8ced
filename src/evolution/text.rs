//! The report as text: a timeline for the terminal, Markdown, CSV and JSON.
//!
//! The JSON shape (stable; fields are never renamed, new ones may be added):
//!
//! ```text
//! { "lang": "en",
//!   "meetings": [ { "iri", "key", "body", "body_label", "ordinal": n|null,
//!                   "start_date", "end_date": "…"|null, "label" } ],
//!   "themes": [ { "key", "iri", "label", "first_meeting": iri|null, "meetings": n,
//!                 "appearances": [ { "meeting": iri, "start_date", "label", "first": bool,
//!                                    "agenda_items": [ { "iri", "number", "title" } ],
//!                                    "background_papers": [ { "iri", "symbol": s|null,
//!                                                             "type": s|null, "title": s|null } ],
//!                                    "paragraph_mentions": n (substantive paragraphs only),
//!                                    "substantive_paragraphs": n,
//!                                    "documents": [ { "document", "substantive_paragraphs" } ],
//!                                    "key_topics": [ { "key", "iri", "label", "texts": n } ],
//!                                    "quote": { "text", "paragraph", "source" }|null } ] } ] }
//! ```

use std::fmt::Write as _;
use std::io::Write;

use super::{Appearance, Evolution, EvolutionError, Lang, Timeline};

/// The words of the report in each language.
struct Words {
    first: &'static str,
    agenda: &'static str,
    papers: &'static str,
    paragraphs: &'static str,
    substantive: &'static str,
    basis: &'static str,
    only_through: &'static str,
    key_topics: &'static str,
    quote: &'static str,
    date: &'static str,
    meeting: &'static str,
    never: &'static str,
    list_separator: &'static str,
}

const EN: Words = Words {
    first: "first appearance",
    agenda: "agenda items",
    papers: "background papers",
    paragraphs: "paragraphs",
    substantive: "substantive",
    basis: "counted in",
    only_through: "known only through other documents' summaries",
    key_topics: "key topics",
    quote: "quote",
    date: "date",
    meeting: "meeting",
    never: "appears at no meeting",
    list_separator: ", ",
};

const ZH: Words = Words {
    first: "首次出现",
    agenda: "议程项目",
    papers: "背景文件",
    paragraphs: "提及段落",
    substantive: "实质性段落",
    basis: "计数依据",
    only_through: "仅见于其他文件的概述",
    key_topics: "关键议题",
    quote: "引文",
    date: "日期",
    meeting: "会议",
    never: "未在任何会议中出现",
    list_separator: "、",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// Columns a string takes on a terminal (CJK and full-width forms take two).
pub(super) fn display_width(text: &str) -> usize {
    text.chars().map(|c| if wide(c) { 2 } else { 1 }).sum()
}

/// Whether a character is drawn double width (CJK, full-width forms, CJK punctuation).
pub(super) fn wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

fn pad(text: &str, width: usize) -> String {
    format!(
        "{text}{}",
        " ".repeat(width.saturating_sub(display_width(text)))
    )
}

/// "3. 利用技术…", one per item.
fn agenda_lines(appearance: &Appearance, lang: Lang) -> Vec<String> {
    appearance
        .agenda_items
        .iter()
        .map(|item| format!("{}. {}", item.number, item.title.get(lang)))
        .collect()
}

fn paper_names(appearance: &Appearance) -> Vec<String> {
    appearance
        .papers
        .iter()
        .map(|p| p.name().to_owned())
        .collect()
}

/// "5 of 40 substantive (12.5%)": the mentioning paragraphs beside the meeting's substantive
/// ones, so that meetings resting on documents of different lengths compare.
fn count_text(appearance: &Appearance, lang: Lang) -> String {
    let w = words(lang);
    match appearance.share() {
        Some(share) => match lang {
            Lang::En => format!(
                "{} of {} {} ({:.1}%)",
                appearance.mentions,
                appearance.substantive,
                w.substantive,
                share * 100.0
            ),
            Lang::Zh => format!(
                "{}／{} 个{}（{:.1}%）",
                appearance.mentions,
                appearance.substantive,
                w.substantive,
                share * 100.0
            ),
        },
        None => appearance.mentions.to_string(),
    }
}

/// The documents the meeting's counts rest on, each with its substantive paragraphs.
fn basis_text(appearance: &Appearance, lang: Lang) -> String {
    if appearance.documents.is_empty() {
        return words(lang).only_through.to_owned();
    }
    appearance
        .documents
        .iter()
        .map(|(document, n)| format!("{document} ({n})"))
        .collect::<Vec<_>>()
        .join(words(lang).list_separator)
}

/// "洗钱 (2), 证据规则 (1)".
fn topic_list(appearance: &Appearance, lang: Lang) -> String {
    appearance
        .key_topics
        .iter()
        .map(|t| format!("{} ({})", t.labels.get(lang), t.texts))
        .collect::<Vec<_>>()
        .join(words(lang).list_separator)
}

/// The evidence of an appearance as the timeline shows it, field by field: its name and its
/// lines (agenda items one per line), empty fields left out; the quote is not among them.
pub fn fields(appearance: &Appearance, lang: Lang) -> Vec<(&'static str, Vec<String>)> {
    let w = words(lang);
    let mut out = Vec::new();
    let agenda = agenda_lines(appearance, lang);
    if !agenda.is_empty() {
        out.push((w.agenda, agenda));
    }
    if !appearance.papers.is_empty() {
        out.push((w.papers, vec![paper_names(appearance).join(", ")]));
    }
    if appearance.mentions > 0 {
        out.push((w.paragraphs, vec![count_text(appearance, lang)]));
    }
    out.push((w.basis, vec![basis_text(appearance, lang)]));
    if !appearance.key_topics.is_empty() {
        out.push((w.key_topics, vec![topic_list(appearance, lang)]));
    }
    out
}

/// The words for "first appearance" and "quote".
pub fn first_and_quote(lang: Lang) -> (&'static str, &'static str) {
    (words(lang).first, words(lang).quote)
}

/// "Technology (technology)": the theme's label and key.
pub fn theme_heading(timeline: &Timeline, lang: Lang) -> String {
    format!(
        "{} ({})",
        timeline.theme.labels.get(lang),
        timeline.theme.key
    )
}

/// The theme's first appearance and how many meetings it appears at.
pub fn summary(timeline: &Timeline, total: usize, lang: Lang) -> String {
    let Some(first) = timeline.first() else {
        return words(lang).never.to_owned();
    };
    let n = timeline.appearances.len();
    match lang {
        Lang::En => format!(
            "first appearance {}: {}; at {n} of {total} meetings",
            first.meeting.start,
            first.meeting.label(lang)
        ),
        Lang::Zh => format!(
            "首次出现于 {}：{}；共出现于 {total} 次会议中的 {n} 次",
            first.meeting.start,
            first.meeting.label(lang)
        ),
    }
}

/// The plain-text timeline: per theme a heading, then per meeting a line and its evidence.
pub(super) fn write_timeline(
    report: &Evolution,
    lang: Lang,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let w = words(lang);
    let field_width = [
        w.agenda,
        w.papers,
        w.paragraphs,
        w.basis,
        w.key_topics,
        w.quote,
    ]
    .iter()
    .map(|f| display_width(f))
    .max()
    .unwrap_or(0)
        + 2;
    for (i, timeline) in report.timelines.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let heading = theme_heading(timeline, lang);
        writeln!(out, "{heading}")?;
        writeln!(out, "{}", "=".repeat(display_width(&heading)))?;
        writeln!(out, "{}", summary(timeline, report.meetings.len(), lang))?;
        for appearance in &timeline.appearances {
            writeln!(out)?;
            let mark = if appearance.first {
                format!("  ★ {}", w.first)
            } else {
                String::new()
            };
            writeln!(
                out,
                "{}  {}{mark}",
                appearance.meeting.start,
                appearance.meeting.label(lang)
            )?;
            for (name, lines) in fields(appearance, lang) {
                for (n, line) in lines.iter().enumerate() {
                    let name = if n == 0 { name } else { "" };
                    writeln!(out, "    {}{line}", pad(name, field_width))?;
                }
            }
            if let Some(quote) = &appearance.quote {
                writeln!(
                    out,
                    "    {}“{}” — {}",
                    pad(w.quote, field_width),
                    quote.text,
                    quote.source()
                )?;
            }
        }
    }
    Ok(())
}

/// "date" → "Date" (Chinese is left as it is).
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A Markdown cell: pipes escaped, no line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A section per theme with a table of its meetings.
pub(super) fn write_markdown(
    report: &Evolution,
    lang: Lang,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let w = words(lang);
    for (i, timeline) in report.timelines.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "## {} (`{}`)\n",
            cell(timeline.theme.labels.get(lang)),
            timeline.theme.key
        )?;
        writeln!(
            out,
            "{}\n",
            cell(&summary(timeline, report.meetings.len(), lang))
        )?;
        if timeline.appearances.is_empty() {
            continue;
        }
        let header: Vec<String> = [
            w.date,
            w.meeting,
            w.agenda,
            w.papers,
            w.paragraphs,
            w.key_topics,
            w.quote,
        ]
        .iter()
        .map(|h| capitalised(h))
        .collect();
        writeln!(out, "| {} |", header.join(" | "))?;
        writeln!(out, "|---|---|---|---|--:|---|---|")?;
        for appearance in &timeline.appearances {
            let date = if appearance.first {
                format!("**{}** ★", appearance.meeting.start)
            } else {
                appearance.meeting.start.to_string()
            };
            let quote = appearance
                .quote
                .as_ref()
                .map(|q| format!("“{}” ({})", q.text, q.source()))
                .unwrap_or_default();
            writeln!(
                out,
                "| {date} | {} | {} | {} | {} | {} | {} |",
                cell(&appearance.meeting.label(lang)),
                cell(&agenda_lines(appearance, lang).join("<br>")),
                cell(&paper_names(appearance).join(", ")),
                cell(&format!(
                    "{}<br>{}",
                    count_text(appearance, lang),
                    basis_text(appearance, lang)
                )),
                cell(&topic_list(appearance, lang)),
                cell(&quote),
            )?;
        }
    }
    Ok(())
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 18] = [
    "theme",
    "theme_label",
    "meeting",
    "meeting_label",
    "start_date",
    "end_date",
    "body",
    "ordinal",
    "first",
    "agenda_items",
    "background_papers",
    "paragraph_mentions",
    "key_topics",
    "quote",
    "quote_paragraph",
    "quote_source",
    "substantive_paragraphs",
    "counted_in",
];

/// One row per theme × meeting where the theme appears; lists joined with "; ".
pub(super) fn write_csv(
    report: &Evolution,
    lang: Lang,
    out: &mut impl Write,
) -> Result<(), EvolutionError> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_HEADER)?;
    for timeline in &report.timelines {
        for a in &timeline.appearances {
            let m = &a.meeting;
            writer.write_record([
                timeline.theme.key.clone(),
                timeline.theme.labels.get(lang).to_owned(),
                m.iri.clone(),
                m.label(lang),
                m.start.to_string(),
                m.end.map(|d| d.to_string()).unwrap_or_default(),
                m.body.key.clone(),
                m.ordinal.map(|n| n.to_string()).unwrap_or_default(),
                a.first.to_string(),
                agenda_lines(a, lang).join("; "),
                paper_names(a).join("; "),
                a.mentions.to_string(),
                a.key_topics
                    .iter()
                    .map(|t| t.labels.get(lang))
                    .collect::<Vec<_>>()
                    .join("; "),
                a.quote.as_ref().map(|q| q.text.clone()).unwrap_or_default(),
                a.quote
                    .as_ref()
                    .map(|q| q.paragraph.clone())
                    .unwrap_or_default(),
                a.quote.as_ref().map(|q| q.source()).unwrap_or_default(),
                a.substantive.to_string(),
                basis_text(a, lang),
            ])?;
        }
    }
    writer.flush()?;
    Ok(())
}

/// A JSON value, written by hand (the crate has no JSON serialiser for plain data).
enum Json {
    Null,
    Bool(bool),
    Number(u64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(&'static str, Json)>),
}

impl Json {
    fn string(text: &str) -> Self {
        Json::String(text.to_owned())
    }

    fn optional(text: Option<&str>) -> Self {
        text.map_or(Json::Null, Json::string)
    }

    fn write(&self, indent: usize, out: &mut String) {
        let pad = |n: usize| "  ".repeat(n);
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => {
                let _ = write!(out, "{n}");
            }
            Json::String(s) => escape_json(s, out),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    out.push_str(&pad(indent + 1));
                    item.write(indent + 1, out);
                }
                out.push('\n');
                out.push_str(&pad(indent));
                out.push(']');
            }
            Json::Object(fields) => {
                out.push('{');
                for (i, (name, value)) in fields.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    out.push_str(&pad(indent + 1));
                    escape_json(name, out);
                    out.push_str(": ");
                    value.write(indent + 1, out);
                }
                out.push('\n');
                out.push_str(&pad(indent));
                out.push('}');
            }
        }
    }
}

fn escape_json(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn appearance_json(a: &Appearance, lang: Lang) -> Json {
    Json::Object(vec![
        ("meeting", Json::string(&a.meeting.iri)),
        ("start_date", Json::String(a.meeting.start.to_string())),
        ("label", Json::String(a.meeting.label(lang))),
        ("first", Json::Bool(a.first)),
        (
            "agenda_items",
            Json::Array(
                a.agenda_items
                    .iter()
                    .map(|item| {
                        Json::Object(vec![
                            ("iri", Json::string(&item.iri)),
                            ("number", Json::Number(u64::from(item.number))),
                            ("title", Json::string(item.title.get(lang))),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "background_papers",
            Json::Array(
                a.papers
                    .iter()
                    .map(|p| {
                        let title = p.title.get(lang);
                        Json::Object(vec![
                            ("iri", Json::string(&p.iri)),
                            ("symbol", Json::optional(p.symbol.as_deref())),
                            ("type", Json::optional(p.kind.as_deref())),
                            (
                                "title",
                                Json::optional(Some(title).filter(|t| !t.is_empty())),
                            ),
                        ])
                    })
                    .collect(),
            ),
        ),
        ("paragraph_mentions", Json::Number(a.mentions as u64)),
        ("substantive_paragraphs", Json::Number(a.substantive as u64)),
        (
            "documents",
            Json::Array(
                a.documents
                    .iter()
                    .map(|(document, n)| {
                        Json::Object(vec![
                            ("document", Json::string(document)),
                            ("substantive_paragraphs", Json::Number(*n as u64)),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "key_topics",
            Json::Array(
                a.key_topics
                    .iter()
                    .map(|t| {
                        Json::Object(vec![
                            ("key", Json::string(&t.key)),
                            ("iri", Json::string(&t.iri)),
                            ("label", Json::string(t.labels.get(lang))),
                            ("texts", Json::Number(t.texts as u64)),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "quote",
            a.quote.as_ref().map_or(Json::Null, |q| {
                Json::Object(vec![
                    ("text", Json::string(&q.text)),
                    ("paragraph", Json::string(&q.paragraph)),
                    ("source", Json::String(q.source())),
                ])
            }),
        ),
    ])
}

/// The whole report as one JSON document (shape in the module documentation).
pub(super) fn write_json(
    report: &Evolution,
    lang: Lang,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let meetings = report
        .meetings
        .iter()
        .map(|m| {
            Json::Object(vec![
                ("iri", Json::string(&m.iri)),
                ("key", Json::string(m.key())),
                ("body", Json::string(&m.body.key)),
                ("body_label", Json::string(m.body.labels.get(lang))),
                (
                    "ordinal",
                    m.ordinal.map_or(Json::Null, |n| Json::Number(u64::from(n))),
                ),
                ("start_date", Json::String(m.start.to_string())),
                (
                    "end_date",
                    m.end.map_or(Json::Null, |d| Json::String(d.to_string())),
                ),
                ("label", Json::String(m.label(lang))),
            ])
        })
        .collect();
    let themes = report
        .timelines
        .iter()
        .map(|t| {
            Json::Object(vec![
                ("key", Json::string(&t.theme.key)),
                ("iri", Json::string(&t.theme.iri)),
                ("label", Json::string(t.theme.labels.get(lang))),
                (
                    "first_meeting",
                    Json::optional(t.first().map(|a| a.meeting.iri.as_str())),
                ),
                ("meetings", Json::Number(t.appearances.len() as u64)),
                (
                    "appearances",
                    Json::Array(
                        t.appearances
                            .iter()
                            .map(|a| appearance_json(a, lang))
                            .collect(),
                    ),
                ),
            ])
        })
        .collect();
    let document = Json::Object(vec![
        ("lang", Json::string(lang.tag())),
        ("meetings", Json::Array(meetings)),
        ("themes", Json::Array(themes)),
    ]);
    let mut text = String::new();
    document.write(0, &mut text);
    text.push('\n');
    out.write_all(text.as_bytes())
}
