//! `/search`: full-text search over the paragraphs and footnotes ([`crate::search`]), as a
//! page with a form and the hits, or as JSON (`Accept: application/json` or `format=json`).
//! Parameters: `q`, and the filters `body`, `from`, `to` (`YYYY-MM-DD`, the meeting's first
//! day), `lang`, `limit`, `offset`.

use oxhttp::model::{Body, Response};
use serde::Serialize;

use crate::search::{self, Hit, Hits, Request, SearchError};

use super::negotiate::{Format, negotiate};
use super::page::{self, Html};
use super::{Endpoint, ServerError};

/// Hits on a page unless `limit` says otherwise.
const PAGE: usize = 20;

/// The languages offered in the form's list.
const LANGUAGES: [(&str, &str); 6] = [
    ("zh", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("ar", "العربية"),
];

/// The search and filters of a request, as given.
#[derive(Debug, Default)]
struct Asked {
    q: Option<String>,
    body: String,
    from: String,
    to: String,
    lang: String,
    limit: Option<String>,
    offset: Option<String>,
}

impl Asked {
    fn of(params: &[(String, String)]) -> Self {
        let value = |name: &str| {
            params
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.trim().to_owned())
        };
        Self {
            q: value("q"),
            body: value("body").unwrap_or_default(),
            from: value("from").unwrap_or_default(),
            to: value("to").unwrap_or_default(),
            lang: value("lang").unwrap_or_default(),
            limit: value("limit").filter(|v| !v.is_empty()),
            offset: value("offset").filter(|v| !v.is_empty()),
        }
    }

    fn request(&self) -> Result<Request, ServerError> {
        let number = |name: &str, value: &Option<String>, default: usize| match value {
            Some(v) => v
                .parse::<usize>()
                .map_err(|_| ServerError::Parameter(format!("{name}={v}: not a whole number"))),
            None => Ok(default),
        };
        let given = |v: &String| Some(v.clone()).filter(|v| !v.is_empty());
        Ok(Request {
            text: self.q.clone().unwrap_or_default(),
            body: given(&self.body),
            from: given(&self.from),
            to: given(&self.to),
            lang: given(&self.lang),
            limit: number("limit", &self.limit, PAGE)?,
            offset: number("offset", &self.offset, 0)?,
        })
    }

    /// `/search?…` with these filters, at `offset`.
    fn link(&self, offset: usize) -> String {
        let mut link = format!(
            "/search?q={}",
            page::query_escape(self.q.as_deref().unwrap_or_default())
        );
        for (name, value) in [
            ("body", &self.body),
            ("from", &self.from),
            ("to", &self.to),
            ("lang", &self.lang),
        ] {
            if !value.is_empty() {
                link.push_str(&format!("&{name}={}", page::query_escape(value)));
            }
        }
        if let Some(limit) = &self.limit {
            link.push_str(&format!("&limit={}", page::query_escape(limit)));
        }
        if offset > 0 {
            link.push_str(&format!("&offset={offset}"));
        }
        link
    }
}

/// A search failure as the server answers it: the request's fault is a 400 saying what to
/// change.
fn server_error(error: SearchError) -> ServerError {
    if error.is_bad_request() {
        ServerError::Parameter(error.to_string())
    } else {
        ServerError::Storage(error.to_string())
    }
}

/// The JSON answer.
#[derive(Serialize)]
struct Answer<'a> {
    query: &'a str,
    total: usize,
    offset: usize,
    hits: Vec<JsonHit<'a>>,
}

/// A hit, with the path of its page on this server.
#[derive(Serialize)]
struct JsonHit<'a> {
    #[serde(flatten)]
    hit: &'a Hit,
    page: Option<String>,
}

impl Endpoint {
    /// `/search`: the form alone when no `q` is given, else the hits.
    pub(super) fn search(
        &self,
        params: &[(String, String)],
        accept: Option<&str>,
    ) -> Result<Response<Body>, ServerError> {
        let format_param = params
            .iter()
            .find(|(n, _)| n == "format")
            .map(|(_, v)| v.clone());
        let format = negotiate(
            accept,
            format_param.as_deref(),
            &[Format::Html, Format::Json],
        )?;
        let asked = Asked::of(params);
        if asked.q.is_none() {
            if format == Format::Json {
                return Err(ServerError::Parameter(
                    "give the search as q=…, e.g. /search?q=smuggling".to_owned(),
                ));
            }
            return Ok(super::respond(
                Format::Html,
                search_page(&asked, None).into_bytes(),
            ));
        }
        let request = asked.request()?;
        // the search is checked before the cache is asked, so a long one is never a key
        if request.text.chars().count() > search::MAX_QUERY_CHARS {
            return Err(server_error(SearchError::TooLong {
                chars: request.text.chars().count(),
                max: search::MAX_QUERY_CHARS,
            }));
        }
        let key = format!("search {format:?} {asked:?}");
        self.cached_or(key, || {
            let index = self.config.search.as_ref().ok_or_else(|| {
                ServerError::NotFound(
                    "search: this server has no search index (see the warning `ctockg serve` printed when it started)"
                        .to_owned(),
                )
            })?;
            let hits = index.search(&request).map_err(server_error)?;
            let body = match format {
                Format::Json => {
                    let answer = Answer {
                        query: &request.text,
                        total: hits.total,
                        offset: request.offset,
                        hits: hits
                            .hits
                            .iter()
                            .map(|hit| JsonHit {
                                hit,
                                page: page::href(&hit.iri),
                            })
                            .collect(),
                    };
                    serde_json::to_vec_pretty(&answer)
                        .map_err(|e| ServerError::Output(std::io::Error::other(e)))?
                }
                _ => search_page(&asked, Some((&request, &hits))).into_bytes(),
            };
            Ok((format, body))
        })
    }
}

/// The search page: the form, filled as asked, and the hits when there are some.
fn search_page(asked: &Asked, found: Option<(&Request, &Hits)>) -> String {
    let mut h = Html::new();
    h.raw("<h1>Search the paragraphs</h1>")
        .raw("<p class=\"lead\">Every paragraph and footnote of the documents, in each of their languages. ")
        .raw("Chinese needs no spaces (<a href=\"/search?q=%E5%81%B7%E8%BF%90%E7%A7%BB%E6%B0%91\">偷运移民</a>); ")
        .raw("English finds other forms of a word (<a href=\"/search?q=smuggle\">smuggle</a> finds “smuggling”). ")
        .raw("Write \"a phrase\" in double quotes, -word to leave a word out, OR between alternatives.</p>");
    form(&mut h, asked);
    if let Some((request, hits)) = found {
        results(&mut h, asked, request, hits);
    }
    let title = match &asked.q {
        Some(q) if !q.is_empty() => format!("Search: {q}"),
        _ => "Search".to_owned(),
    };
    page::document(&title, h)
}

fn form(h: &mut Html, asked: &Asked) {
    h.raw("<form class=\"query\" action=\"/search\" method=\"get\"><div class=\"row\">")
        .raw("<input type=\"text\" name=\"q\" size=\"50\" maxlength=\"1000\" aria-label=\"search\" value=\"")
        .attr(asked.q.as_deref().unwrap_or_default())
        .raw("\"><button type=\"submit\">Search</button></div><div class=\"row\">")
        .raw("<label>body <input type=\"text\" name=\"body\" size=\"6\" placeholder=\"wg7\" value=\"")
        .attr(&asked.body)
        .raw("\"></label><label>meetings from <input type=\"date\" name=\"from\" value=\"")
        .attr(&asked.from)
        .raw("\"></label><label>to <input type=\"date\" name=\"to\" value=\"")
        .attr(&asked.to)
        .raw("\"></label><label>language <select name=\"lang\"><option value=\"\">any</option>");
    for (code, name) in LANGUAGES {
        h.raw("<option value=\"").attr(code).raw("\"");
        if asked.lang == code {
            h.raw(" selected");
        }
        h.raw(">").text(name).raw("</option>");
    }
    h.raw("</select></label></div></form>");
}

fn results(h: &mut Html, asked: &Asked, request: &Request, hits: &Hits) {
    h.raw("<h2>")
        .text(&page::count(hits.total, "paragraph"))
        .raw(" <span class=\"count\">");
    if hits.hits.is_empty() {
        h.text("no paragraph matches");
    } else {
        h.text(&format!(
            "{}–{}, best first",
            request.offset + 1,
            request.offset + hits.hits.len()
        ));
    }
    h.raw("</span></h2>");
    for hit in &hits.hits {
        h.raw("<div class=\"fact\"><div>");
        page::iri_link(h, &hit.iri, &format!("{}, {}", hit.document, hit.place()));
        h.raw("<span class=\"lang\">")
            .text(&hit.lang)
            .raw("</span>");
        if let (Some(meeting), Some(body), Some(date)) = (&hit.meeting, &hit.body, &hit.date) {
            h.raw(" <span class=\"alt\">");
            page::iri_link(h, meeting, &format!("{body} meeting of {date}"));
            h.raw("</span>");
        }
        h.raw("</div><blockquote lang=\"")
            .attr(&hit.lang)
            .raw("\">");
        for (piece, found) in hit.snippet.pieces() {
            if found {
                h.element("<mark>", &piece, "</mark>");
            } else {
                h.text(&piece);
            }
        }
        h.raw("</blockquote><div class=\"iri\">")
            .text(&hit.iri)
            .raw("</div></div>");
    }
    let shown = request.offset + hits.hits.len();
    if request.offset > 0 || shown < hits.total {
        h.raw("<p>");
        if request.offset > 0 {
            h.link(
                &asked.link(request.offset.saturating_sub(request.limit)),
                "Previous page",
            );
        }
        if shown < hits.total {
            if request.offset > 0 {
                h.raw(" · ");
            }
            h.link(&asked.link(shown), "Next page");
        }
        h.raw("</p>");
    }
}
