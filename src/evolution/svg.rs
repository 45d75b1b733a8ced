//! The theme × meeting chart as SVG, written as text (no drawing library).
//!
//! Meetings sit on a real date axis (x proportional to time, a tick per year); each theme is a
//! row. At a meeting where the theme appears, a filled square stands for its agenda items, a
//! hollow triangle for its background papers (both larger with more) and a disc, whose area
//! grows with the count, for the paragraphs that mention it; a faint bar spans the theme's first
//! to last meeting, and a ring marks the first. Each cluster carries a `<title>` with the
//! evidence, shown on hover. Every text is XML-escaped. Chinese labels need a CJK font (on
//! Debian/Ubuntu: `fonts-noto-cjk`); the font list names the usual ones.

use std::fmt::Write as _;

use super::text::wide;
use super::{Appearance, Evolution, Lang, Timeline};

const WIDTH: f64 = 1400.0;
const MARGIN: f64 = 28.0;
const PLOT_LEFT: f64 = 350.0;
const PLOT_RIGHT: f64 = WIDTH - 80.0;
const PLOT_TOP: f64 = 200.0;
const ROW_HEIGHT: f64 = 66.0;
const LABEL_FONT: f64 = 13.5;
const LABEL_LEFT: f64 = MARGIN + 22.0;
const LABEL_WIDTH: f64 = PLOT_LEFT - LABEL_LEFT - 26.0;

/// One colour per top theme, by the theme's position among all top themes (sorted by key), so
/// that a theme has the same colour alone and with the others.
const PALETTE: [&str; 10] = [
    "#3b6fb6", "#e8773a", "#d1495b", "#2a9d8f", "#5a9e4b", "#c99a06", "#8e5ea2", "#e0719e",
    "#8c6d46", "#4b4fc9",
];

const FONTS: &str = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', \
                     'Microsoft YaHei', 'WenQuanYi Micro Hei', 'DejaVu Sans', sans-serif";

pub use crate::markup::escape;

/// A rough advance width in ems, enough to wrap and place labels.
fn ems(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            c if wide(c) => 1.0,
            ' ' => 0.3,
            'A'..='Z' | 'm' | 'w' => 0.68,
            'i' | 'l' | 'j' | '.' | ',' | '\'' | '|' | 'f' | 't' | 'r' => 0.32,
            _ => 0.56,
        })
        .sum()
}

/// Splits a label into lines of at most `width` px; the last allowed line ends in "…" when the
/// label is longer. Spaces stay at the end of the line they follow, so that the lines joined are
/// the label again.
fn wrap(text: &str, width: f64, font: f64, max_lines: usize) -> Vec<String> {
    // tokens: a run of narrow characters with its trailing spaces, or one wide character with the
    // closing punctuation after it (never at the start of a line)
    let mut tokens: Vec<String> = Vec::new();
    for c in text.chars() {
        let closing = "》）」』、，。：；！？".contains(c);
        let joins = match tokens.last() {
            None => false,
            Some(_) if closing => true,
            Some(last) => {
                let prev = last.chars().last().unwrap_or(' ');
                (!wide(c) && c != ' ' && !wide(prev) && prev != ' ') || (c == ' ' && !wide(prev))
            }
        };
        match tokens.last_mut() {
            Some(last) if joins => last.push(c),
            _ => tokens.push(c.to_string()),
        }
    }
    let mut lines: Vec<String> = vec![String::new()];
    for token in tokens {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && ems(&format!("{line}{}", token.trim_end())) * font > width {
            lines.push(token);
        } else {
            line.push_str(&token);
        }
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("max_lines > 0");
        while !last.is_empty() && ems(&format!("{}…", last.trim_end())) * font > width {
            last.pop();
        }
        *last = format!("{}…", last.trim_end());
    }
    lines
}

/// The chart's time scale: days → x.
struct Axis {
    first_year: u16,
    last_year: u16,
    start: f64,
    span: f64,
}

impl Axis {
    fn new(report: &Evolution) -> Self {
        let first_year = report.meetings.first().map_or(2000, |m| m.start.year);
        let last_year = report
            .meetings
            .last()
            .map_or(first_year, |m| m.end.unwrap_or(m.start).year)
            .max(first_year);
        let start = super::Date::new_year(first_year).days() as f64;
        let end = super::Date::new_year(last_year + 1).days() as f64;
        Self {
            first_year,
            last_year,
            start,
            span: (end - start).max(1.0),
        }
    }

    fn x(&self, date: super::Date) -> f64 {
        PLOT_LEFT + (date.days() as f64 - self.start) / self.span * (PLOT_RIGHT - PLOT_LEFT)
    }
}

struct Words {
    title_all: &'static str,
    title_one: fn(&str) -> String,
    subtitle: fn(usize, u16, u16) -> String,
    agenda: &'static str,
    paper: &'static str,
    mentions: &'static str,
    first: &'static str,
    paragraphs: fn(usize, usize) -> String,
    items: fn(usize) -> String,
    papers: fn(usize) -> String,
    bodies: &'static str,
    item: &'static str,
}

const EN: Words = Words {
    title_all: "How the themes evolve across the working-group meetings",
    title_one: |theme| format!("{theme}: how the theme evolves across the working-group meetings"),
    subtitle: |n, a, b| {
        format!(
            "{n} meetings, {a}–{b}, on a time axis · evidence from the agendas and from the documents prepared for or reporting on each meeting"
        )
    },
    agenda: "agenda item on the theme",
    paper: "background paper on the theme",
    mentions: "share of the meeting's substantive paragraphs mentioning it (area ∝ share)",
    first: "first appearance",
    paragraphs: |n, of| {
        format!(
            "{n} of {of} substantive paragraph{} mentioning it",
            if of == 1 { "" } else { "s" }
        )
    },
    items: |n| format!("{n} agenda item{}", if n == 1 { "" } else { "s" }),
    papers: |n| format!("{n} background paper{}", if n == 1 { "" } else { "s" }),
    bodies: "Working groups",
    item: "agenda item",
};

const ZH: Words = Words {
    title_all: "各主题在工作组各次会议中的演变",
    title_one: |theme| format!("“{theme}”在工作组各次会议中的演变"),
    subtitle: |n, a, b| {
        format!(
            "{n} 次会议，{a}—{b} 年，按时间排列 · 证据来自议程以及为各次会议编写或报告会议情况的文件"
        )
    },
    agenda: "关于该主题的议程项目",
    paper: "关于该主题的背景文件",
    mentions: "提及该主题的实质性段落所占比例（面积与比例成正比）",
    first: "首次出现",
    paragraphs: |n, of| format!("{of} 个实质性段落中 {n} 个提及"),
    items: |n| format!("{n} 个议程项目"),
    papers: |n| format!("{n} 份背景文件"),
    bodies: "工作组",
    item: "议程项目",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// The disc radius for a number of paragraphs (area grows linearly with the count).
/// A disc's radius for a share of a meeting's substantive paragraphs: its area grows with the
/// share, so that meetings resting on documents of different lengths compare.
fn radius(share: f64) -> f64 {
    3.5 + 2.4 * (40.0 * share).sqrt()
}

/// The share an appearance's disc shows; a meeting with no substantive paragraph of its own
/// shows none.
fn share_of(appearance: &Appearance) -> f64 {
    appearance.share().unwrap_or(0.0)
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The SVG document.
pub(super) fn chart(report: &Evolution, lang: Lang) -> String {
    let w = words(lang);
    let axis = Axis::new(report);
    let rows = report.timelines.len().max(1);
    let plot_bottom = PLOT_TOP + rows as f64 * ROW_HEIGHT;
    // a single theme also gets its evidence written out under the legend, two lines a meeting
    let details = match report.timelines.as_slice() {
        [one] => Some(one),
        _ => None,
    };
    let details_height = details.map_or(0.0, |t| 24.0 + t.appearances.len() as f64 * 40.0);
    let height = plot_bottom + 112.0 + details_height;
    let mut svg = String::new();
    let s = &mut svg;

    let _ = write!(
        s,
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="{FONTS}" xml:lang="{lang}">
<style>
  .title {{ font-size: 22px; font-weight: 700; fill: #111827; }}
  .subtitle {{ font-size: 13px; fill: #6b7280; }}
  .theme {{ font-size: {LABEL_FONT}px; fill: #1f2937; }}
  .meeting {{ font-size: 11.5px; fill: #374151; }}
  .meeting .ordinal {{ font-weight: 700; }}
  .year {{ font-size: 12px; fill: #6b7280; }}
  .count {{ font-size: 10.5px; fill: #374151; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }}
  .legend {{ font-size: 12.5px; fill: #374151; }}
  .note {{ font-size: 11.5px; fill: #6b7280; }}
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
"##,
        lang = lang.tag()
    );

    // title
    let title = match report.timelines.as_slice() {
        [one] if report.themes.len() > 1 => (w.title_one)(one.theme.labels.get(lang)),
        _ => w.title_all.to_owned(),
    };
    let _ = writeln!(
        s,
        r#"<text class="title" x="{MARGIN}" y="42">{}</text>"#,
        escape(&title)
    );
    let _ = writeln!(
        s,
        r#"<text class="subtitle" x="{MARGIN}" y="66">{}</text>"#,
        escape(&(w.subtitle)(
            report.meetings.len(),
            axis.first_year,
            axis.last_year
        ))
    );

    // row bands
    for i in 0..rows {
        if i.is_multiple_of(2) {
            let y = PLOT_TOP + i as f64 * ROW_HEIGHT;
            let _ = writeln!(
                s,
                r##"<rect x="{MARGIN}" y="{y}" width="{}" height="{ROW_HEIGHT}" fill="#f5f6f8"/>"##,
                WIDTH - 2.0 * MARGIN
            );
        }
    }

    // years: a light line at each 1 January, the year under the axis at mid-year
    let _ = writeln!(s, r#"<g class="years">"#);
    for year in axis.first_year..=axis.last_year + 1 {
        let x = axis.x(super::Date::new_year(year));
        let _ = writeln!(
            s,
            r##"<line x1="{x:.1}" y1="{PLOT_TOP}" x2="{x:.1}" y2="{:.1}" stroke="#e3e6ea" stroke-width="1"/>"##,
            plot_bottom + 6.0
        );
        if year <= axis.last_year {
            let middle = (x + axis.x(super::Date::new_year(year + 1))) / 2.0;
            let _ = writeln!(
                s,
                r#"<text class="year" x="{middle:.1}" y="{:.1}" text-anchor="middle">{year}</text>"#,
                plot_bottom + 22.0
            );
        }
    }
    let _ = writeln!(
        s,
        r##"<line x1="{PLOT_LEFT}" y1="{plot_bottom:.1}" x2="{PLOT_RIGHT}" y2="{plot_bottom:.1}" stroke="#9ca3af" stroke-width="1"/>"##
    );
    let _ = writeln!(s, "</g>");

    // meetings: a dashed line down the rows, a two-line label above, slanted
    let _ = writeln!(s, r#"<g class="meetings">"#);
    for meeting in &report.meetings {
        let x = axis.x(meeting.start);
        let _ = writeln!(
            s,
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{plot_bottom:.1}" stroke="#b8bec8" stroke-width="1" stroke-dasharray="3 3"/>"##,
            PLOT_TOP - 8.0
        );
        let _ = writeln!(
            s,
            r##"<circle cx="{x:.1}" cy="{:.1}" r="2.5" fill="#6b7280"/>"##,
            PLOT_TOP - 8.0
        );
        let (first, second) = meeting.short_label(lang);
        let _ = writeln!(
            s,
            r#"<text class="meeting" data-meeting="{}" transform="translate({:.1} {:.1}) rotate(-55)"><title>{}</title><tspan class="ordinal" x="0" y="0">{} </tspan><tspan x="0" y="14">{}</tspan></text>"#,
            escape(meeting.key()),
            x + 2.0,
            PLOT_TOP - 30.0,
            escape(&meeting.label(lang)),
            escape(&first),
            escape(&second)
        );
    }
    let _ = writeln!(s, "</g>");

    // rows
    for (i, timeline) in report.timelines.iter().enumerate() {
        let centre = PLOT_TOP + (i as f64 + 0.5) * ROW_HEIGHT;
        let colour = PALETTE[report.theme_index(&timeline.theme.key) % PALETTE.len()];
        row(s, &axis, timeline, centre, colour, lang);
    }

    legend(s, report, plot_bottom + 50.0, lang);
    if let Some(timeline) = details {
        evidence(s, timeline, plot_bottom + 124.0, lang);
    }
    s.push_str("</svg>\n");
    svg
}

fn row(s: &mut String, axis: &Axis, timeline: &Timeline, centre: f64, colour: &str, lang: Lang) {
    let key = escape(&timeline.theme.key);
    let _ = writeln!(s, r#"<g class="row" data-theme="{key}">"#);

    // the label, wrapped, centred on the row, with the theme's colour as a swatch
    let lines = wrap(timeline.theme.labels.get(lang), LABEL_WIDTH, LABEL_FONT, 3);
    let line_height = LABEL_FONT * 1.2;
    let top = centre - (lines.len() as f64 - 1.0) * line_height / 2.0 + LABEL_FONT * 0.35;
    let _ = writeln!(
        s,
        r#"<circle cx="{:.1}" cy="{centre:.1}" r="6" fill="{colour}"/>"#,
        MARGIN + 10.0
    );
    let _ = write!(s, r#"<text class="theme" data-theme="{key}">"#);
    for (n, line) in lines.iter().enumerate() {
        let _ = write!(
            s,
            r#"<tspan x="{LABEL_LEFT}" y="{:.1}">{}</tspan>"#,
            top + n as f64 * line_height,
            escape(line)
        );
    }
    let _ = writeln!(s, "</text>");

    // the span from first to last appearance
    if let (Some(first), Some(last)) = (timeline.appearances.first(), timeline.appearances.last()) {
        let (x1, x2) = (axis.x(first.meeting.start), axis.x(last.meeting.start));
        let _ = writeln!(
            s,
            r#"<line x1="{x1:.1}" y1="{centre:.1}" x2="{x2:.1}" y2="{centre:.1}" stroke="{colour}" stroke-opacity="0.28" stroke-width="5" stroke-linecap="round"/>"#
        );
    }

    for appearance in &timeline.appearances {
        let x = axis.x(appearance.meeting.start);
        let _ = writeln!(
            s,
            r#"<g class="appearance" data-meeting="{}"><title>{}</title>"#,
            escape(appearance.meeting.key()),
            escape(&tooltip(timeline, appearance, lang))
        );
        if appearance.first {
            let _ = writeln!(
                s,
                r##"<circle cx="{x:.1}" cy="{centre:.1}" r="26" fill="none" stroke="#4b5563" stroke-width="1" stroke-dasharray="3 2.5"/>"##
            );
        }
        // the disc on the meeting's line; the square and the triangle on it too, above the
        // disc (side by side when both)
        let (has_items, has_papers) = (
            !appearance.agenda_items.is_empty(),
            !appearance.papers.is_empty(),
        );
        let badges = if appearance.mentions > 0 {
            let r = radius(share_of(appearance));
            let disc = centre + 5.0;
            let _ = writeln!(
                s,
                r##"<circle cx="{x:.1}" cy="{disc:.1}" r="{r:.1}" fill="{colour}" fill-opacity="0.8" stroke="#ffffff" stroke-width="1"/>"##
            );
            let _ = writeln!(
                s,
                r#"<text class="count" x="{:.1}" y="{:.1}">{}</text>"#,
                x + r + 3.0,
                disc + 4.0,
                percent(share_of(appearance))
            );
            disc - r - 8.0
        } else {
            centre
        };
        let spread = if has_items && has_papers { 8.0 } else { 0.0 };
        if has_items {
            let side = 9.0 + 2.5 * (appearance.agenda_items.len() as f64 - 1.0);
            let _ = writeln!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{side:.1}" height="{side:.1}" fill="{colour}" stroke="#1f2937" stroke-width="1.2"/>"##,
                x - spread - side / 2.0,
                badges - side / 2.0
            );
        }
        if has_papers {
            let size = 11.0 + 2.5 * (appearance.papers.len() as f64 - 1.0);
            let _ = writeln!(
                s,
                r##"<path d="{}" fill="#ffffff" stroke="{colour}" stroke-width="2" stroke-linejoin="round"/>"##,
                triangle(x + spread, badges, size)
            );
        }
        let _ = writeln!(s, "</g>");
    }
    let _ = writeln!(s, "</g>");
}

/// Per appearance: the meeting and its evidence, then the quote.
fn evidence(s: &mut String, timeline: &Timeline, top: f64, lang: Lang) {
    let w = words(lang);
    let _ = writeln!(s, r#"<g class="evidence">"#);
    for (i, a) in timeline.appearances.iter().enumerate() {
        let y = top + i as f64 * 40.0;
        let (meeting, _) = a.meeting.short_label(lang);
        let mut parts = Vec::new();
        for item in &a.agenda_items {
            parts.push(format!(
                "{} {}: {}",
                w.item,
                item.number,
                clip(item.title.get(lang), 34)
            ));
        }
        if !a.papers.is_empty() {
            parts.push(
                a.papers
                    .iter()
                    .map(|p| p.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        if a.mentions > 0 {
            parts.push((w.paragraphs)(a.mentions, a.substantive));
        }
        if a.first {
            parts.insert(0, format!("★ {}", w.first));
        }
        let _ = writeln!(
            s,
            r#"<text class="legend" x="{MARGIN}" y="{y:.1}"><tspan font-weight="700">{} · {}</tspan><tspan dx="10">{}</tspan></text>"#,
            escape(&super::short_date(a.meeting.start, lang)),
            escape(&meeting),
            escape(&parts.join(" · "))
        );
        if let Some(quote) = &a.quote {
            let _ = writeln!(
                s,
                r#"<text class="note" x="{:.1}" y="{:.1}">“{}” — {}</text>"#,
                MARGIN + 16.0,
                y + 17.0,
                escape(&quote.text),
                escape(&quote.source())
            );
        }
    }
    let _ = writeln!(s, "</g>");
}

/// At most `n` characters, "…" when cut.
fn clip(text: &str, n: usize) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(n).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// An upward triangle of side `size` centred at (x, y).
fn triangle(x: f64, y: f64, size: f64) -> String {
    let h = size * 0.866;
    format!(
        "M {:.1} {:.1} L {:.1} {:.1} L {:.1} {:.1} Z",
        x,
        y - h / 2.0,
        x + size / 2.0,
        y + h / 2.0,
        x - size / 2.0,
        y + h / 2.0
    )
}

fn tooltip(timeline: &Timeline, a: &Appearance, lang: Lang) -> String {
    let w = words(lang);
    let mut lines = vec![format!(
        "{} — {}",
        timeline.theme.labels.get(lang),
        a.meeting.label(lang)
    )];
    if a.first {
        lines.push(format!("★ {}", w.first));
    }
    if !a.agenda_items.is_empty() {
        lines.push((w.items)(a.agenda_items.len()));
        for item in &a.agenda_items {
            lines.push(format!("  {}. {}", item.number, item.title.get(lang)));
        }
    }
    if !a.papers.is_empty() {
        lines.push(format!(
            "{}: {}",
            (w.papers)(a.papers.len()),
            a.papers
                .iter()
                .map(|p| p.name())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if a.mentions > 0 {
        lines.push((w.paragraphs)(a.mentions, a.substantive));
    }
    if let Some(quote) = &a.quote {
        lines.push(format!("“{}” — {}", quote.text, quote.source()));
    }
    lines.join("\n")
}

fn legend(s: &mut String, report: &Evolution, top: f64, lang: Lang) {
    let w = words(lang);
    let colour = "#6b7280";
    let _ = writeln!(s, r#"<g class="legend">"#);
    let mut x = PLOT_LEFT;
    let y = top;
    let _ = writeln!(
        s,
        r##"<rect x="{:.1}" y="{:.1}" width="9" height="9" fill="{colour}" stroke="#1f2937" stroke-width="1.2"/>"##,
        x - 4.5,
        y - 4.5
    );
    let _ = writeln!(
        s,
        r#"<text class="legend" x="{:.1}" y="{:.1}">{}</text>"#,
        x + 12.0,
        y + 4.5,
        escape(w.agenda)
    );
    x += 24.0 + ems(w.agenda) * 12.5 + 28.0;
    let _ = writeln!(
        s,
        r##"<path d="{}" fill="#ffffff" stroke="{colour}" stroke-width="2" stroke-linejoin="round"/>"##,
        triangle(x, y, 11.0)
    );
    let _ = writeln!(
        s,
        r#"<text class="legend" x="{:.1}" y="{:.1}">{}</text>"#,
        x + 12.0,
        y + 4.5,
        escape(w.paper)
    );
    x += 24.0 + ems(w.paper) * 12.5 + 28.0;
    for n in [0.05, 0.2, 0.5] {
        let r = radius(n);
        x += r;
        let _ = writeln!(
            s,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{colour}" fill-opacity="0.8"/>"##
        );
        let _ = writeln!(
            s,
            r#"<text class="count" x="{:.1}" y="{:.1}">{}</text>"#,
            x + r + 2.0,
            y + 4.0,
            percent(n)
        );
        x += r + 22.0;
    }
    let _ = writeln!(
        s,
        r#"<text class="legend" x="{:.1}" y="{:.1}">{}</text>"#,
        x,
        y + 4.5,
        escape(w.mentions)
    );
    x += ems(w.mentions) * 12.5 + 40.0;
    let _ = writeln!(
        s,
        r##"<circle cx="{x:.1}" cy="{y:.1}" r="11" fill="none" stroke="#4b5563" stroke-width="1" stroke-dasharray="3 2.5"/>"##
    );
    let _ = writeln!(
        s,
        r#"<text class="legend" x="{:.1}" y="{:.1}">{}</text>"#,
        x + 17.0,
        y + 4.5,
        escape(w.first)
    );

    // the bodies behind the short names
    let mut bodies: Vec<(String, String)> = report
        .meetings
        .iter()
        .map(|m| (m.body.short(), m.body.labels.get(lang).to_owned()))
        .collect();
    bodies.sort();
    bodies.dedup();
    let text = bodies
        .iter()
        .map(|(short, name)| format!("{short} {name}"))
        .collect::<Vec<_>>()
        .join("  ·  ");
    let _ = writeln!(
        s,
        r#"<text class="note" x="{PLOT_LEFT}" y="{:.1}">{}: {}</text>"#,
        y + 36.0,
        escape(w.bodies),
        escape(&text)
    );
    let _ = writeln!(s, "</g>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(escape(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    }

    #[test]
    fn wrapped_lines_join_to_the_label() {
        let label = "Interpretation and use of the Smuggling of Migrants Protocol and the Organized Crime Convention";
        let lines = wrap(label, 280.0, 13.5, 4);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.concat(), label);
        let label = "对《打击偷运移民议定书》和《打击有组织犯罪公约》的解释和利用";
        let lines = wrap(label, 200.0, 13.5, 4);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.concat(), label);
        assert!(lines.iter().skip(1).all(|l| !l.starts_with('》')));
    }
}
