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

use std::io::Write;

use serde_json::{Value, json};

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

fn appearance_json(a: &Appearance, lang: Lang) -> Value {
    let agenda_items: Vec<Value> = a
        .agenda_items
        .iter()
        .map(|item| {
            json!({
                "iri": item.iri,
                "number": item.number,
                "title": item.title.get(lang),
            })
        })
        .collect();
    let papers: Vec<Value> = a
        .papers
        .iter()
        .map(|p| {
            json!({
                "iri": p.iri,
                "symbol": p.symbol,
                "type": p.kind,
                "title": Some(p.title.get(lang)).filter(|t| !t.is_empty()),
            })
        })
        .collect();
    let documents: Vec<Value> = a
        .documents
        .iter()
        .map(|(document, n)| json!({ "document": document, "substantive_paragraphs": n }))
        .collect();
    let key_topics: Vec<Value> = a
        .key_topics
        .iter()
        .map(|t| {
            json!({
                "key": t.key,
                "iri": t.iri,
                "label": t.labels.get(lang),
                "texts": t.texts,
            })
        })
        .collect();
    json!({
        "meeting": a.meeting.iri,
        "start_date": a.meeting.start.to_string(),
        "label": a.meeting.label(lang),
        "first": a.first,
        "agenda_items": agenda_items,
        "background_papers": papers,
        "paragraph_mentions": a.mentions,
        "substantive_paragraphs": a.substantive,
        "documents": documents,
        "key_topics": key_topics,
        "quote": a.quote.as_ref().map(|q| json!({
            "text": q.text,
            "paragraph": q.paragraph,
            "source": q.source(),
        })),
    })
}

/// The whole report as one JSON document (shape in the module documentation).
pub(super) fn write_json(
    report: &Evolution,
    lang: Lang,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let meetings: Vec<Value> = report
        .meetings
        .iter()
        .map(|m| {
            json!({
                "iri": m.iri,
                "key": m.key(),
                "body": m.body.key,
                "body_label": m.body.labels.get(lang),
                "ordinal": m.ordinal,
                "start_date": m.start.to_string(),
                "end_date": m.end.map(|d| d.to_string()),
                "label": m.label(lang),
            })
        })
        .collect();
    let themes: Vec<Value> = report
        .timelines
        .iter()
        .map(|t| {
            json!({
                "key": t.theme.key,
                "iri": t.theme.iri,
                "label": t.theme.labels.get(lang),
                "first_meeting": t.first().map(|a| a.meeting.iri.as_str()),
                "meetings": t.appearances.len(),
                "appearances": t.appearances.iter().map(|a| appearance_json(a, lang)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let document = json!({ "lang": lang.tag(), "meetings": meetings, "themes": themes });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
}
