//! `/pictures/…`: the views of `ctockg export dot` as SVG, drawn by Graphviz as the command line
//! draws them.
//!
//! - `/pictures/mandates.svg`, `/pictures/themes.svg`, `/pictures/citations.svg`;
//! - `/pictures/meeting/{body}/{start date}.svg`, e.g. `/pictures/meeting/wg7/2020-09-08.svg`;
//! - `/pictures/participation/{ISO code}.svg`, e.g. `/pictures/participation/ITA.svg`;
//!
//! with the command's filters as parameters (`lang=zh|en`, `theme=`, `from=`, `to=`,
//! `max-nodes=`). `/pictures` lists them, with every meeting and country of the graph.

use std::path::Path;

use oxigraph::sparql::QueryResults;

use crate::export::{self, ExportError, Graphviz, OutputFormat, View};
use crate::store::GraphStore;

use super::ServerError;
use super::page::{self, Html};

/// Nodes a picture holds at most unless `max-nodes=` says otherwise, as on the command line.
const MAX_NODES: usize = 250;

/// The view a path under `/pictures/` names (without `.svg`), if any.
pub fn view(path: &str) -> Option<View> {
    let stem = path.strip_suffix(".svg")?;
    Some(match stem {
        "mandates" => View::Mandates,
        "themes" => View::Themes,
        "citations" => View::Citations,
        _ => {
            if let Some(meeting) = stem.strip_prefix("meeting/") {
                View::Meeting {
                    meeting: meeting.to_owned(),
                }
            } else {
                View::Participation {
                    country: stem.strip_prefix("participation/")?.to_owned(),
                }
            }
        }
    })
}

/// The command's options from the request's parameters.
pub fn options(params: &[(String, String)]) -> Result<export::Options, ServerError> {
    let value = |name: &str| {
        params
            .iter()
            .find(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
    };
    let lang = super::themes::lang(params)?;
    let max_nodes = match value("max-nodes") {
        None => MAX_NODES,
        Some(n) => n
            .parse()
            .ok()
            .filter(|n| (1..=2000).contains(n))
            .ok_or_else(|| {
                ServerError::Parameter(format!("max-nodes={n}: a number from 1 to 2000"))
            })?,
    };
    Ok(export::Options {
        lang,
        theme: value("theme"),
        from: value("from"),
        to: value("to"),
        max_nodes: Some(max_nodes),
    })
}

/// The view drawn as SVG by Graphviz's `dot`.
pub fn draw(
    store: &GraphStore,
    view: &View,
    options: &export::Options,
    dot: &Path,
) -> Result<Vec<u8>, ServerError> {
    let rendered = export::render(store, view, options).map_err(export_error)?;
    Graphviz::new(dot)
        .render(&rendered.dot, OutputFormat::Svg)
        .map_err(export_error)
}

/// What the user asked wrong is theirs (404, 400); the rest is the server's.
fn export_error(error: ExportError) -> ServerError {
    match error {
        ExportError::UnknownMeeting { .. }
        | ExportError::UnknownCountry { .. }
        | ExportError::UnknownTheme { .. } => ServerError::NotFound(error.to_string()),
        ExportError::InvalidDate { .. } | ExportError::EmptyRange { .. } => {
            ServerError::Parameter(error.to_string())
        }
        other => ServerError::Storage(other.to_string()),
    }
}

/// `/pictures`: the views, every meeting and every country that took part.
pub fn index(store: &GraphStore) -> Result<String, ServerError> {
    let column = |query: &str, name: &str| -> Result<Vec<String>, ServerError> {
        let QueryResults::Solutions(solutions) = store
            .evaluate(query)
            .map_err(|e| ServerError::Storage(e.to_string()))?
        else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for solution in solutions {
            let solution = solution.map_err(|e| ServerError::Evaluation(e.to_string()))?;
            if let Some(oxigraph::model::Term::NamedNode(n)) = solution.get(name) {
                out.push(n.as_str().to_owned());
            }
        }
        Ok(out)
    };
    let meetings = column(
        &format!(
            "{}SELECT ?m WHERE {{ ?m a ck:Meeting ; ck:startDate ?start }} ORDER BY ?start ?m",
            crate::vocab::sparql_prologue()
        ),
        "m",
    )?;
    let countries = column(&export::participants_query(), "country")?;

    let mut h = Html::new();
    h.raw("<h1>Pictures</h1><p class=\"lead\">Parts of the graph drawn by Graphviz, as ")
        .raw("<code>ctockg export dot</code> draws them. Each takes <code>lang=zh</code>, ")
        .raw("<code>theme=</code>, <code>from=</code> and <code>to=</code> (YYYY-MM-DD) and ")
        .raw("<code>max-nodes=</code>, as the command's options.</p><ul>");
    for (path, text) in [
        (
            "/pictures/mandates.svg",
            "Mandates: resolutions and decisions, the bodies they established, their meetings",
        ),
        ("/pictures/themes.svg", "Themes × meetings, in date order"),
        (
            "/pictures/citations.svg",
            "Documents and the treaty provisions they cite",
        ),
    ] {
        h.raw("<li>").link(path, text).raw("</li>");
    }
    h.raw("</ul><h2>A meeting</h2><ul class=\"values columns\">");
    for iri in &meetings {
        let key = iri
            .strip_prefix(crate::vocab::ID)
            .and_then(|k| k.strip_prefix("meeting/"))
            .unwrap_or(iri);
        h.raw("<li>")
            .link(
                &format!("/pictures/meeting/{}.svg", page::path_escape(key)),
                key,
            )
            .raw("</li>");
    }
    h.raw("</ul><h2>A country's participation</h2><ul class=\"values columns\">");
    for iri in &countries {
        let code = iri.rsplit('/').next().unwrap_or(iri);
        h.raw("<li>")
            .link(
                &format!("/pictures/participation/{}.svg", page::path_escape(code)),
                code,
            )
            .raw("</li>");
    }
    h.raw("</ul>");
    Ok(page::document("Pictures", h))
}
