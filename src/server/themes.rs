//! `/themes` and `/themes/{key}`: the themes over time, as `ctockg evolution` reports them.
//!
//! `/themes` lists the top themes with their first and last meeting; `/themes/{key}` shows the
//! theme's evolution report (each meeting in date order, its agenda items, background papers,
//! mentions with their share, the documents the counts rest on, the quote with a link to its
//! paragraph) and its chart. Both read [`Evolution`], the report `ctockg evolution` writes, so the
//! web and the terminal show the same facts; `/themes` reads only its outline, the appearances
//! the summary graph counts, since it shows no evidence. `?lang=zh|en` chooses the labels.

use crate::evolution::{self, Evolution, EvolutionError, Lang, Selection, Timeline};
use crate::store::GraphStore;

use super::ServerError;
use super::page::{self, Html};

/// The language a `lang` parameter asks for (English when absent), on the theme pages and the
/// pictures.
pub fn lang(params: &[(String, String)]) -> Result<Lang, ServerError> {
    match params
        .iter()
        .find(|(n, _)| n == "lang")
        .map(|(_, v)| v.trim())
    {
        None | Some("" | "en") => Ok(Lang::En),
        Some("zh") => Ok(Lang::Zh),
        Some(other) => Err(ServerError::Parameter(format!(
            "lang={other}: labels are in en or zh"
        ))),
    }
}

fn report(store: &GraphStore, selection: &Selection) -> Result<Evolution, ServerError> {
    Evolution::load(store, selection).map_err(server_error)
}

/// An unknown theme is not found; any other failure is the store's.
fn server_error(error: EvolutionError) -> ServerError {
    match error {
        EvolutionError::UnknownTheme { key, valid } => {
            ServerError::NotFound(format!("no theme {key}; the themes are: {valid}"))
        }
        other => ServerError::Storage(other.to_string()),
    }
}

/// Links to the page in the other language.
fn languages(h: &mut Html, path: &str, lang: Lang) {
    h.raw("<p class=\"formats\">");
    match lang {
        Lang::En => h.raw("English · ").link(&format!("{path}?lang=zh"), "中文"),
        Lang::Zh => h.link(path, "English").raw(" · 中文"),
    };
    h.raw("</p>");
}

/// `/themes`: every top theme, its first and last meeting, and how many meetings it appears at.
pub fn index(store: &GraphStore, lang: Lang) -> Result<String, ServerError> {
    let report = Evolution::outline(store, &Selection::All).map_err(server_error)?;
    let mut h = Html::new();
    h.raw("<h1>Themes over time</h1><p class=\"lead\">The themes of the working groups' meetings, ")
        .raw("each with the meetings it appears at: on the agenda, in a background paper, or in ")
        .raw("paragraphs of the meeting's documents. A theme's page shows its evolution report and chart.</p>");
    languages(&mut h, "/themes", lang);
    h.raw("<table class=\"results\"><thead><tr><th>Theme</th><th>First meeting</th>")
        .raw("<th>Last meeting</th><th class=\"num\">Meetings</th></tr></thead><tbody>");
    for timeline in &report.timelines {
        h.raw("<tr><td>")
            .link(
                &theme_path(&timeline.theme.key, lang),
                timeline.theme.labels.get(lang),
            )
            .raw("</td>");
        for appearance in [timeline.first(), timeline.appearances.last()] {
            h.raw("<td>");
            if let Some(a) = appearance {
                h.text(&a.meeting.start.to_string()).raw(" ");
                meeting_link(&mut h, &a.meeting.iri, &a.meeting.label(lang));
            }
            h.raw("</td>");
        }
        h.raw("<td class=\"num\">")
            .text(&format!(
                "{} / {}",
                timeline.appearances.len(),
                report.meetings.len()
            ))
            .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    Ok(page::document("Themes over time", h))
}

fn theme_path(key: &str, lang: Lang) -> String {
    let path = format!("/themes/{}", page::path_escape(key));
    match lang {
        Lang::En => path,
        Lang::Zh => format!("{path}?lang=zh"),
    }
}

fn meeting_link(h: &mut Html, iri: &str, text: &str) {
    match page::href(iri) {
        Some(href) => h.link(&href, text),
        None => h.text(text),
    };
}

/// `/themes/{key}.svg`: the theme's chart, as `ctockg evolution KEY --svg` draws it.
pub fn chart(store: &GraphStore, key: &str, lang: Lang) -> Result<String, ServerError> {
    Ok(report(store, &Selection::Theme(key.to_owned()))?.svg(lang))
}

/// `/themes/{key}`: the theme's evolution report and its chart.
pub fn theme(store: &GraphStore, key: &str, lang: Lang) -> Result<String, ServerError> {
    let report = report(store, &Selection::Theme(key.to_owned()))?;
    let Some(timeline) = report.timelines.first() else {
        return Err(ServerError::NotFound(format!("no theme {key}")));
    };
    let mut h = Html::new();
    h.element("<h1>", timeline.theme.labels.get(lang), "</h1>");
    let other = lang.other();
    if timeline.theme.labels.get(other) != timeline.theme.labels.get(lang) {
        h.element("<p class=\"zh\">", timeline.theme.labels.get(other), "</p>");
    }
    h.raw("<p class=\"iri\">");
    meeting_link(&mut h, &timeline.theme.iri, &timeline.theme.iri);
    h.raw("</p>").element(
        "<p class=\"lead\">",
        &evolution::summary(timeline, report.meetings.len(), lang),
        "</p>",
    );
    languages(&mut h, &format!("/themes/{}", page::path_escape(key)), lang);
    let chart = format!(
        "/themes/{}.svg{}",
        page::path_escape(key),
        match lang {
            Lang::En => "",
            Lang::Zh => "?lang=zh",
        }
    );
    h.raw("<figure class=\"chart\"><a href=\"")
        .attr(&chart)
        .raw("\"><img class=\"chart\" alt=\"")
        .attr(&evolution::summary(timeline, report.meetings.len(), lang))
        .raw("\" src=\"")
        .attr(&chart)
        .raw("\"></a></figure>");
    timeline_html(&mut h, timeline, lang);
    Ok(page::document(timeline.theme.labels.get(lang), h))
}

/// Each meeting of the timeline with its evidence, as the terminal report has it.
fn timeline_html(h: &mut Html, timeline: &Timeline, lang: Lang) {
    let (first, quote_word) = evolution::first_and_quote(lang);
    h.raw("<h2>Meetings</h2>");
    for appearance in &timeline.appearances {
        h.raw("<section class=\"fact appearance\"><h3>")
            .text(&appearance.meeting.start.to_string())
            .raw(" ");
        meeting_link(h, &appearance.meeting.iri, &appearance.meeting.label(lang));
        if appearance.first {
            h.element(" <span class=\"tag\">★ ", first, "</span>");
        }
        h.raw("</h3><table class=\"props\"><tbody>");
        for (name, lines) in evolution::fields(appearance, lang) {
            h.element("<tr><th>", name, "</th><td>");
            for line in &lines {
                h.element("<div>", line, "</div>");
            }
            h.raw("</td></tr>");
        }
        if let Some(quote) = &appearance.quote {
            h.element(
                "<tr><th>",
                quote_word,
                "</th><td><figure class=\"quote\"><blockquote lang=\"zh\">",
            )
            .text(&quote.text)
            .raw("</blockquote><figcaption>");
            meeting_link(h, &quote.paragraph, &quote.source());
            h.raw("</figcaption></figure></td></tr>");
        }
        h.raw("</tbody></table></section>");
    }
}
