//! HTML: the page frame and the pages that are not about one resource (home, query results,
//! shipped queries, errors).
//!
//! Every text reaches the page through [`Html::text`] or [`Html::attr`], which escape it; markup
//! goes through [`Html::raw`], which takes only `&'static str`, so a string read from a
//! document or a request cannot be written unescaped.

use oxigraph::model::Triple;
use oxigraph::model::{Literal, Term};

use crate::queries::NamedQuery;
use crate::resident::Table;
use crate::vocab;

use super::dataset::Summary;
use super::negotiate::Format;

/// An HTML fragment being written.
#[derive(Debug, Default)]
pub struct Html(String);

pub use crate::markup::escape;

impl Html {
    /// An empty fragment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Markup written as is: only string literals of the code.
    pub fn raw(&mut self, markup: &'static str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.0.push_str(&escape(text));
        self
    }

    /// An attribute value, escaped (write the quotes with [`Html::raw`]).
    pub fn attr(&mut self, value: &str) -> &mut Self {
        self.text(value)
    }

    /// `<a href="href">text</a>`, both escaped.
    pub fn link(&mut self, href: &str, text: &str) -> &mut Self {
        self.raw("<a href=\"")
            .attr(href)
            .raw("\">")
            .text(text)
            .raw("</a>")
    }

    /// `open` + escaped text + `close`.
    pub fn element(&mut self, open: &'static str, text: &str, close: &'static str) -> &mut Self {
        self.raw(open).text(text).raw(close)
    }

    /// A JSON data block, `<script type="application/json" id="id">`, for a page's script to
    /// read: `<`, `>` and `&` are written as `\u003c`, `\u003e` and `\u0026`, so no text in
    /// the value can close the element.
    pub fn json_data(&mut self, id: &'static str, value: &serde_json::Value) -> &mut Self {
        let json = value
            .to_string()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026");
        self.raw("<script type=\"application/json\" id=\"")
            .raw(id)
            .raw("\">");
        self.0.push_str(&json);
        self.raw("</script>")
    }

    /// Appends another fragment.
    pub fn append(&mut self, other: Html) -> &mut Self {
        self.0.push_str(&other.0);
        self
    }

    /// The markup.
    pub fn into_string(self) -> String {
        self.0
    }
}

const STYLE: &str = r#"
:root { --ink:#1c2530; --muted:#5d6b7a; --line:#dde3ea; --accent:#0b5cad; --band:#0b3d62; --soft:#f3f6f9; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
header.bar { background: var(--band); }
header.bar nav { max-width: 74rem; margin: 0 auto; padding: .7rem 1.5rem; display: flex; gap: 1.4rem; align-items: baseline; flex-wrap: wrap; }
header.bar a { color: #fff; opacity: .9; } header.bar a.brand { font-weight: 700; font-size: 1.15rem; opacity: 1; margin-right: .8rem; }
main { max-width: 74rem; margin: 0 auto; padding: 1.4rem 1.5rem 3rem; }
h1 { font-size: 1.65rem; line-height: 1.3; margin: .3rem 0 .2rem; }
h2 { font-size: 1.15rem; margin: 2.1rem 0 .7rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h2 .count, .muted { color: var(--muted); font-weight: normal; }
p.lead { color: var(--muted); margin-top: .2rem; max-width: 52rem; }
.zh { font-size: 1.2rem; color: #34424f; margin: 0 0 .5rem; }
.iri { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; color: var(--muted); word-break: break-all; }
.tags { margin: .6rem 0; } .tag { display: inline-block; background: var(--soft); border: 1px solid var(--line); border-radius: 999px; padding: .05rem .65rem; font-size: .82rem; margin: 0 .35rem .3rem 0; color: var(--ink); }
.formats { font-size: .88rem; color: var(--muted); } .formats a { margin-left: .6rem; }
table { border-collapse: collapse; width: 100%; font-size: .94rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .65rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); font-weight: 600; position: sticky; top: 0; }
table.props > tbody > tr > th { width: 15rem; font-weight: 600; color: #34424f; }
.scroll { overflow-x: auto; } table.results td { min-width: 7rem; } table.results td a { white-space: nowrap; }
table.results td span[lang=zh] { display: inline-block; min-width: 24rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
ul.values { list-style: none; margin: 0; padding: 0; } ul.values li { margin: .1rem 0; }
ul.values.columns { columns: 2 18rem; column-gap: 2rem; }
.lang { font-size: .7rem; color: var(--muted); margin-left: .3rem; border: 1px solid var(--line); border-radius: 3px; padding: 0 .2rem; }
.alt { color: var(--muted); margin-left: .35rem; }
figure.quote { margin: .5rem 0 1rem; }
figure.chart { margin: 1rem 0; } img.chart, img.picture { max-width: 100%; height: auto; border: 1px solid var(--line); }
section.appearance h3 { font-size: 1.02rem; margin: 1.2rem 0 .4rem; }
blockquote { margin: 0; padding: .65rem 1rem; background: var(--soft); border-left: 4px solid var(--accent); border-radius: 0 4px 4px 0; line-height: 1.75; }
figcaption { font-size: .85rem; color: var(--muted); margin-top: .25rem; }
.fact { padding: .5rem 0; border-bottom: 1px solid var(--line); } .fact:last-child { border-bottom: 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .7rem; }
.stat { display: block; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .85rem; color: var(--ink); }
.stat b { display: block; font-size: 1.45rem; font-variant-numeric: tabular-nums; } .stat span { color: var(--muted); font-size: .88rem; }
a.stat:hover { border-color: var(--accent); text-decoration: none; }
form.query textarea { width: 100%; min-height: 13rem; font: .88rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding: .7rem; border: 1px solid var(--line); border-radius: 5px; background: #fbfcfd; }
form .row { display: flex; gap: .8rem; align-items: center; margin-top: .6rem; flex-wrap: wrap; }
input[type=text], select { font-size: .95rem; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: 4px; }
button { background: var(--accent); color: #fff; border: 0; padding: .45rem 1.2rem; border-radius: 4px; font-size: .95rem; cursor: pointer; }
details > summary { cursor: pointer; color: var(--accent); }
pre { background: var(--soft); padding: .8rem; border-radius: 5px; overflow-x: auto; font-size: .85rem; }
.error { border-left: 4px solid #b3261e; background: #fdf1f0; padding: .8rem 1rem; border-radius: 0 4px 4px 0; }
footer { max-width: 74rem; margin: 0 auto; padding: 1rem 1.5rem 2rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); }
"#;

/// The site's icon (`/favicon.svg`, also sent for `/favicon.ico`, which browsers ask for).
pub const ICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b3d62"/><text x="16" y="22" font-family="sans-serif" font-size="15" font-weight="700" fill="#fff" text-anchor="middle">ck</text></svg>
"##;

/// A whole page: head, navigation bar, the body fragment, footer.
pub fn document(title: &str, body: Html) -> String {
    let mut h = Html::new();
    h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">")
        .element("<title>", title, " · ctockg</title>")
        .raw("<style>")
        .raw(STYLE)
        .raw("</style></head><body>")
        .raw("<header class=\"bar\"><nav><a class=\"brand\" href=\"/\">ctockg</a>")
        .raw("<a href=\"/sparql\">Query</a><a href=\"/search\">Search</a><a href=\"/ontology\">Ontology</a>")
        .raw("<a href=\"/themes\">Themes</a><a href=\"/pictures\">Pictures</a>")
        .raw("<a href=\"/.well-known/void\">VoID</a>")
        .raw("<a href=\"/dump.nq\">Dump</a></nav></header><main>")
        .append(body)
        .raw("</main><footer>ctockg — a knowledge graph of the UN working groups on the smuggling of migrants and trafficking in persons. ")
        .raw("Every resource <code>https://w3id.org/ctockg/id/…</code> is served here at <code>/id/…</code>.</footer>")
        .raw("</body></html>\n");
    h.into_string()
}

pub use crate::vocab::compact;

/// Where a link to an IRI goes: this server for the dataset's own IRIs (`id:` → `/id/…`, `ck:`
/// → `/ontology#…`), the IRI itself for other web IRIs, nowhere for anything else.
pub fn href(iri: &str) -> Option<String> {
    if let Some(rest) = iri.strip_prefix(vocab::ID) {
        return Some(format!("/id/{}", path_escape(rest)));
    }
    if let Some(local) = iri.strip_prefix(vocab::CK) {
        return Some(format!("/ontology#{}", path_escape(local)));
    }
    if iri == vocab::ONTOLOGY {
        return Some("/ontology".to_owned());
    }
    (iri.starts_with("http://") || iri.starts_with("https://")).then(|| iri.to_owned())
}

/// Percent-encodes what may not stand in a URL path (IRIs may hold any Unicode).
pub fn path_escape(path: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'%');
    percent_encoding::utf8_percent_encode(path, SET).to_string()
}

/// A URL query string value, form-encoded.
pub fn query_escape(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A link to run `query` on `/sparql` and see the results as a table.
pub fn sparql_link(query: &str) -> String {
    format!("/sparql?query={}&format=html", query_escape(query))
}

/// An IRI as a link (when it has somewhere to go) with `text`.
pub fn iri_link(h: &mut Html, iri: &str, text: &str) {
    match href(iri) {
        Some(target) => {
            h.link(&target, text);
        }
        None => {
            h.element("<span class=\"iri\">", text, "</span>");
        }
    }
}

/// A literal: its value, with its language as a small tag when `tagged`.
pub fn literal(h: &mut Html, literal: &Literal, tagged: bool) {
    match literal.language() {
        Some(language) => {
            h.raw("<span lang=\"")
                .attr(language)
                .raw("\">")
                .text(literal.value())
                .raw("</span>");
            if tagged {
                h.element("<span class=\"lang\">", language, "</span>");
            }
        }
        None => {
            h.text(literal.value());
        }
    }
}

/// A term in a results table.
pub fn term(h: &mut Html, term: &Term) {
    match term {
        Term::NamedNode(node) => iri_link(h, node.as_str(), &compact(node.as_str())),
        Term::BlankNode(node) => {
            h.text(&node.to_string());
        }
        Term::Literal(l) => literal(h, l, false),
        #[allow(unreachable_patterns)]
        other => {
            h.text(&other.to_string());
        }
    }
}

/// What a query answered, held in memory so that its status is known before it is sent.
pub enum Answer {
    /// SELECT: its rows as the server's copy numbers their terms.
    Solutions(Table),
    /// ASK.
    Boolean(bool),
    /// CONSTRUCT or DESCRIBE.
    Graph(Vec<Triple>),
}

/// The answer as a table.
pub fn answer_table(h: &mut Html, answer: &Answer) {
    match answer {
        Answer::Boolean(value) => {
            h.element("<p><b>", if *value { "true" } else { "false" }, "</b></p>");
        }
        Answer::Solutions(table) => {
            h.raw("<p class=\"muted\">")
                .text(&count(table.len(), "row"))
                .raw("</p>");
            h.raw("<div class=\"scroll\"><table class=\"results\"><thead><tr>");
            for variable in table.variables() {
                h.element("<th>", variable.as_str(), "</th>");
            }
            h.raw("</tr></thead><tbody>");
            for row in 0..table.len() {
                h.raw("<tr>");
                for column in 0..table.variables().len() {
                    h.raw("<td>");
                    if let Some(value) = table.get(row, column) {
                        term(h, &value.into_owned());
                    }
                    h.raw("</td>");
                }
                h.raw("</tr>");
            }
            h.raw("</tbody></table></div>");
        }
        Answer::Graph(triples) => {
            h.raw("<p class=\"muted\">")
                .text(&count(triples.len(), "triple"))
                .raw("</p>");
            h.raw("<div class=\"scroll\"><table class=\"results\"><thead><tr><th>subject</th><th>predicate</th><th>object</th></tr></thead><tbody>");
            for triple in triples {
                h.raw("<tr><td>");
                term(h, &triple.subject.clone().into());
                h.raw("</td><td>");
                term(h, &triple.predicate.clone().into());
                h.raw("</td><td>");
                term(h, &triple.object);
                h.raw("</td></tr>");
            }
            h.raw("</tbody></table></div>");
        }
    }
}

/// "1 row", "12 rows".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The example query of the home page and the empty query form.
pub const EXAMPLE_QUERY: &str = "PREFIX ck:   <https://w3id.org/ctockg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# Meetings, with their start date and English label
SELECT ?meeting ?start ?label WHERE {
  ?meeting a ck:Meeting ;
           ck:startDate ?start ;
           rdfs:label ?label .
  FILTER(LANG(?label) = \"en\")
}
ORDER BY ?start";

/// The query form, filled with `query`.
fn query_form(h: &mut Html, query: &str) {
    h.raw("<form class=\"query\" method=\"get\" action=\"/sparql\">")
        .raw("<textarea name=\"query\" spellcheck=\"false\" aria-label=\"SPARQL query\">")
        .text(query)
        .raw("</textarea><div class=\"row\"><button type=\"submit\">Run query</button>")
        .raw("<label>Results as <select name=\"format\">")
        .raw("<option value=\"html\" selected>table</option>")
        .raw("<option value=\"json\">SPARQL JSON</option><option value=\"xml\">SPARQL XML</option>")
        .raw("<option value=\"csv\">CSV</option><option value=\"tsv\">TSV</option>")
        .raw("<option value=\"turtle\">Turtle (CONSTRUCT)</option></select></label>")
        .raw("<span class=\"muted\">The default graph is the union of all named graphs.</span></div></form>");
}

/// Meetings the home page lists, the latest.
const HOME_MEETINGS: usize = 100;

/// Graphs the home page lists one by one; past them, the graphs of one document each are summed
/// up in one line.
const HOME_GRAPHS: usize = 100;

/// The home page: what the dataset holds, the shipped queries, a query box.
pub fn home(summary: &Summary, library: &[NamedQuery]) -> String {
    let mut h = Html::new();
    h.raw("<h1>UN working groups on organised crime, as linked data</h1>")
        .raw("<p class=\"lead\">Meetings of the working groups on the Smuggling of Migrants (CTOC/COP/WG.7) and on Trafficking in Persons (CTOC/COP/WG.4): their dates, venues, chairs and agendas, the documents prepared for them, who attended and who spoke, the resolutions and treaty provisions each paragraph cites and the themes it touches. Every extracted fact links to the paragraph it comes from.</p>");
    h.raw("<form class=\"query\" action=\"/search\" method=\"get\"><div class=\"row\"><input type=\"text\" name=\"q\" size=\"40\" aria-label=\"search\" placeholder=\"偷运移民, smuggling …\"><button type=\"submit\">Search the paragraphs</button></div></form>");

    h.raw("<h2>What the graph holds <span class=\"count\">")
        .text(&format!(
            "{} quads in {} named graphs",
            summary.quads,
            summary.graphs.len()
        ))
        .raw("</span></h2><div class=\"grid\">");
    for class in &summary.classes {
        let query = format!(
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?item (SAMPLE(?l) AS ?label) WHERE {{\n  ?item a <{}> .\n  OPTIONAL {{ ?item rdfs:label ?l FILTER(LANG(?l) != \"zh\") }}\n}}\nGROUP BY ?item ORDER BY ?item LIMIT 1000",
            class.iri
        );
        h.raw("<a class=\"stat\" href=\"")
            .attr(&sparql_link(&query))
            .raw("\"><b>")
            .text(&class.count.to_string())
            .raw("</b><span>")
            .text(&class.en)
            .raw(" <span lang=\"zh\">")
            .text(&class.zh)
            .raw("</span></span></a>");
    }
    h.raw("</div>");

    // at 10,000 documents the record has 3,000 meetings and 10,000 graphs: the page shows the
    // latest meetings and the graphs that are not one document's, and links to the rest
    let shown = summary.meetings.len().saturating_sub(HOME_MEETINGS);
    h.raw("<h2>Meetings");
    if shown > 0 {
        h.raw(" <span class=\"count\">")
            .text(&format!(
                "the latest {HOME_MEETINGS} of {}",
                summary.meetings.len()
            ))
            .raw("</span>");
    }
    h.raw("</h2>");
    if shown > 0 {
        h.raw("<p>");
        match library.iter().find(|q| q.name == "meetings") {
            Some(query) => h.link(&format!("/queries/{}", path_escape(&query.name)), "All of them"),
            None => h.link(
                &sparql_link("PREFIX ck: <https://w3id.org/ctockg/ontology#>\nSELECT ?meeting ?start WHERE { ?meeting a ck:Meeting ; ck:startDate ?start } ORDER BY ?start"),
                "All of them",
            ),
        };
        h.raw("</p>");
    }
    h.raw("<table><thead><tr><th>start</th><th>meeting</th><th lang=\"zh\">会议</th></tr></thead><tbody>");
    for meeting in &summary.meetings[shown..] {
        h.raw("<tr><td class=\"iri\">")
            .text(&meeting.start)
            .raw("</td><td>");
        iri_link(&mut h, &meeting.iri, &meeting.en);
        h.raw("</td><td lang=\"zh\">")
            .text(&meeting.zh)
            .raw("</td></tr>");
    }
    h.raw("</tbody></table>");

    h.raw("<h2>Shipped queries <span class=\"count\">")
        .text(&format!("{} in queries/, one click each", library.len()))
        .raw("</span></h2>");
    if library.is_empty() {
        h.raw("<p class=\"muted\">No shipped queries were found (see <code>--queries</code>).</p>");
    } else {
        h.raw("<table><tbody>");
        for query in library {
            h.raw("<tr><td>")
                .link(&named_query_link(query), &query.title)
                .raw("</td><td class=\"iri\">")
                .text(&query.name)
                .raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }

    h.raw("<h2>Ask the graph</h2>");
    query_form(&mut h, EXAMPLE_QUERY);
    h.raw("<p class=\"muted\">SPARQL 1.1 Protocol endpoint: <code>/sparql</code> (GET <code>query=</code>, POST form or <code>application/sparql-query</code>; results by <code>Accept</code>). ");
    h.raw("Data: <a href=\"/dump.nq\">N-Quads dump</a> (canonical), <a href=\"/dump.ttl\">Turtle</a> (union of the graphs), ");
    h.raw("<a href=\"/.well-known/void\">VoID description</a>, <a href=\"/ontology\">ontology</a>.</p>");

    h.raw("<h2>Named graphs</h2><table><thead><tr><th>graph</th><th class=\"num\">quads</th></tr></thead><tbody>");
    let documents = format!("{}doc/", vocab::ID);
    let (of_documents, others): (Vec<_>, Vec<_>) = summary
        .graphs
        .iter()
        .partition(|(graph, _)| graph.starts_with(&documents));
    let listed = if summary.graphs.len() > HOME_GRAPHS {
        others
    } else {
        summary.graphs.iter().collect()
    };
    for (graph, quads) in listed {
        h.raw("<tr><td>");
        iri_link(&mut h, graph, &compact(graph));
        h.raw("</td><td class=\"num\">")
            .text(&quads.to_string())
            .raw("</td></tr>");
    }
    if summary.graphs.len() > HOME_GRAPHS {
        let query = format!(
            "SELECT ?graph (COUNT(*) AS ?quads) WHERE {{ GRAPH ?graph {{ ?s ?p ?o }} FILTER (STRSTARTS(STR(?graph), \"{documents}\")) }}\nGROUP BY ?graph ORDER BY ?graph LIMIT 1000"
        );
        h.raw("<tr><td>")
            .link(
                &sparql_link(&query),
                &format!("{} graphs of one document each", of_documents.len()),
            )
            .raw("</td><td class=\"num\">")
            .text(
                &of_documents
                    .iter()
                    .map(|(_, quads)| quads)
                    .sum::<usize>()
                    .to_string(),
            )
            .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    document("Home", h)
}

/// `/queries/{name}` with the example parameters of its header, so that one click runs it.
pub fn named_query_link(query: &NamedQuery) -> String {
    let params = example_params(&query.text);
    let mut link = format!("/queries/{}", path_escape(&query.name));
    for (i, (name, value)) in params.iter().enumerate() {
        link.push(if i == 0 { '?' } else { '&' });
        link.push_str(&query_escape(name));
        link.push('=');
        link.push_str(&query_escape(value));
    }
    link
}

/// The `--param name=value` pairs of a query's `# example:` header line.
pub fn example_params(text: &str) -> Vec<(String, String)> {
    text.lines()
        .find_map(|l| l.strip_prefix("# example:"))
        .map(|line| {
            line.split("--param")
                .skip(1)
                .filter_map(|p| p.split_whitespace().next())
                .filter_map(|p| p.split_once('='))
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// Download links for an answer: the same request with `format=…`.
fn downloads(h: &mut Html, answer: &Answer, base: &str) {
    let formats: &[Format] = match answer {
        Answer::Solutions(_) | Answer::Boolean(_) => &[
            Format::SparqlJson,
            Format::SparqlXml,
            Format::Csv,
            Format::Tsv,
        ],
        Answer::Graph(_) => &[
            Format::Turtle,
            Format::NTriples,
            Format::RdfXml,
            Format::JsonLd,
        ],
    };
    h.raw("<p class=\"formats\">Download:");
    for format in formats {
        let separator = if base.contains('?') { '&' } else { '?' };
        // spreadsheets read CSV as UTF-8 only after a byte-order mark
        let bom = if *format == Format::Csv { "&bom=1" } else { "" };
        h.raw(" ").link(
            &format!("{base}{separator}format={}{bom}", format.name()),
            format.label(),
        );
    }
    h.raw("</p>");
}

/// `/sparql` in a browser: the query, editable, and its answer as a table.
pub fn results_page(query: &str, answer: &Answer) -> String {
    let mut h = Html::new();
    h.raw("<h1>Query results</h1>");
    query_form(&mut h, query);
    h.raw("<h2>Answer</h2>");
    downloads(
        &mut h,
        answer,
        &format!("/sparql?query={}", query_escape(query)),
    );
    answer_table(&mut h, answer);
    document("Query results", h)
}

/// `/sparql` in a browser with no query: the query form.
pub fn query_page() -> String {
    let mut h = Html::new();
    h.raw("<h1>Query the graph</h1><p class=\"lead\">SPARQL 1.1 over the union of the named graphs. Programs may use the same URL as a SPARQL 1.1 Protocol endpoint; asked for RDF with no query, it sends its service description.</p>");
    query_form(&mut h, EXAMPLE_QUERY);
    document("Query", h)
}

/// A shipped query, its parameters as a form, and its answer.
pub fn named_query_page(
    query: &NamedQuery,
    params: &[(String, String)],
    declared: &[crate::queries::Parameter],
    answer: &Answer,
    self_link: &str,
    next_page: Option<&str>,
) -> String {
    let mut h = Html::new();
    h.element("<h1>", &query.title, "</h1>");
    if let Some(answers) = query
        .text
        .lines()
        .find_map(|l| l.strip_prefix("# answers:"))
    {
        h.element("<p class=\"lead\">", answers.trim(), "</p>");
    }
    if !declared.is_empty() {
        h.raw("<form method=\"get\" action=\"")
            .attr(&format!("/queries/{}", path_escape(&query.name)))
            .raw("\"><div class=\"row\">");
        for parameter in declared {
            let value = params
                .iter()
                .find(|(n, _)| *n == parameter.name)
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            h.raw("<label title=\"")
                .attr(&parameter.description)
                .raw("\">")
                .text(&parameter.name)
                .raw(if parameter.optional {
                    " (optional) "
                } else {
                    " "
                })
                .raw("<input type=\"text\" name=\"")
                .attr(&parameter.name)
                .raw("\" value=\"")
                .attr(value)
                .raw("\"></label>");
        }
        h.raw("<button type=\"submit\">Run</button></div></form>");
    }
    h.raw("<h2>Answer</h2>");
    downloads(&mut h, answer, self_link);
    answer_table(&mut h, answer);
    if let Some(next) = next_page {
        h.raw("<p>").link(next, "Next page").raw("</p>");
    }
    h.raw("<h2>The query</h2><details><summary>")
        .text(&format!("queries/{}.rq", query.name))
        .raw("</summary><pre>")
        .text(&query.text)
        .raw("</pre></details>");
    document(&query.title, h)
}

/// An error as a page.
pub fn error_page(status: u16, reason: Option<&str>, message: &str) -> String {
    let mut h = Html::new();
    h.element(
        "<h1>",
        &format!("{status} {}", reason.unwrap_or("Error")),
        "</h1>",
    )
    .element("<p class=\"error\">", message, "</p>")
    .raw("<p><a href=\"/\">Home</a> · <a href=\"/sparql\">Query the graph</a></p>");
    document(reason.unwrap_or("Error"), h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_record_home_page_lists_the_latest_meetings_and_sums_document_graphs() {
        use super::super::dataset::MeetingRow;
        let meeting = |i: usize| MeetingRow {
            iri: format!("{}meeting/wg7/{}-01-01", vocab::ID, 2000 + i),
            start: format!("{}-01-01", 2000 + i),
            en: format!("meeting {i}"),
            zh: String::new(),
        };
        let mut graphs: Vec<(String, usize)> = (0..150)
            .map(|i| (format!("{}doc/CTOC/COP/WG.7/{i}/zh", vocab::ID), 10))
            .collect();
        graphs.push((format!("{}graph/entities", vocab::ID), 5));
        let summary = Summary {
            quads: 1505,
            graphs,
            classes: Vec::new(),
            meetings: (0..150).map(meeting).collect(),
        };
        let page = home(&summary, &[]);
        assert!(page.contains("the latest 100 of 150"));
        assert!(!page.contains(">meeting 49<") && page.contains(">meeting 50<"));
        assert!(page.contains(">meeting 149<"));
        assert!(page.contains("150 graphs of one document each"));
        assert!(
            page.contains("<td class=\"num\">1500</td>"),
            "their quads summed"
        );
        assert!(page.contains("graph/entities"), "the other graphs listed");
        assert!(!page.contains("WG.7/3/zh\""), "no document graph listed");
        // a small record is listed whole
        let small = Summary {
            quads: 10,
            graphs: vec![(format!("{}doc/CTOC/COP/WG.7/1/zh", vocab::ID), 10)],
            classes: Vec::new(),
            meetings: vec![meeting(0)],
        };
        let page = home(&small, &[]);
        assert!(page.contains("WG.7/1/zh") && page.contains(">meeting 0<"));
        assert!(!page.contains("the latest") && !page.contains("of one document each"));
    }

    #[test]
    fn text_is_escaped_and_links_are_local() {
        let mut h = Html::new();
        h.link("/id/x?a=\"b\"", "<script>alert('x')</script> & co");
        assert_eq!(
            h.into_string(),
            "<a href=\"/id/x?a=&quot;b&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</a>"
        );
        assert_eq!(
            href("https://w3id.org/ctockg/id/doc/CTOC/COP/WG.7/2020/3").as_deref(),
            Some("/id/doc/CTOC/COP/WG.7/2020/3")
        );
        assert_eq!(
            href("https://w3id.org/ctockg/ontology#Meeting").as_deref(),
            Some("/ontology#Meeting")
        );
        assert_eq!(href("javascript:alert(1)"), None);
        assert_eq!(
            compact("https://w3id.org/ctockg/id/country/ITA"),
            "id:country/ITA"
        );
    }

    #[test]
    fn example_parameters_come_from_the_header() {
        let text = "# title: t\n# example: ctockg query x --param meeting=wg7/2020-09-08 --param body=wg7\nSELECT * {}";
        assert_eq!(
            example_params(text),
            vec![
                ("meeting".to_owned(), "wg7/2020-09-08".to_owned()),
                ("body".to_owned(), "wg7".to_owned())
            ]
        );
    }
}
