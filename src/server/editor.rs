//! The query editor at `/sparql` in a browser: YASGUI, served from this server.
//!
//! YASGUI's built files come from npm (`@zazuko/yasgui`, which `make setup` installs into
//! `web/node_modules`); `ctockg serve` reads them from [`Config::editor`](super::Config::editor)
//! and serves them under `/editor/`, with `web/sparql.js`, which sets YASGUI up for this
//! endpoint. The page allows scripts, styles and requests from this server only
//! ([`CONTENT_SECURITY_POLICY`]); every other page keeps the strict policy that runs no script.
//! Without the files, `/sparql` is the plain query form and says how to install them.

use std::path::Path;

use oxhttp::model::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY as CSP, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderValue, Response};
use oxigraph::model::{Term, Triple};
use serde_json::json;

use super::ServerError;
use super::page::{self, Html};
use crate::queries::{self, NamedQuery};
use crate::vocab::PREFIXES;

/// The editor page's policy: its own scripts and styles (YASGUI sets styles inline), requests to
/// this server (the queries), pictures from here or inline; no frame, plugin or other site.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
     connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Where `make setup` installs YASGUI's built files (`npm ci --prefix web`).
pub const INSTALLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/web/node_modules/@zazuko/yasgui/build"
);

/// The page's own script, set up for this endpoint.
const SETUP_SCRIPT: &str = include_str!("../../web/sparql.js");

/// The prefixes a new query starts with.
const PRESET: &[&str] = &["id", "ck", "rdf", "rdfs", "skos", "dcterms", "xsd"];

/// The query a new tab starts with, after the prefixes.
const STARTER: &str = "# The meetings of the working groups, by start date\n\
SELECT ?meeting ?start ?label WHERE {\n  ?meeting a ck:Meeting ;\n    ck:startDate ?start ;\n    \
rdfs:label ?label .\n  FILTER(LANG(?label) = \"en\")\n}\nORDER BY ?start\n";

/// The files under `/editor/` and their media types: YASGUI's two, read from the directory, and
/// the setup script, compiled in.
const FILES: &[(&str, &str)] = &[
    ("yasgui.min.js", "text/javascript; charset=utf-8"),
    ("yasgui.min.css", "text/css; charset=utf-8"),
    ("ctockg-sparql.js", "text/javascript; charset=utf-8"),
];

/// Whether `directory` holds YASGUI's built files.
pub fn installed(directory: Option<&Path>) -> bool {
    directory
        .is_some_and(|d| d.join("yasgui.min.js").is_file() && d.join("yasgui.min.css").is_file())
}

/// `/editor/{name}`: one of the editor's files, kept by browsers for a day.
pub fn file(directory: Option<&Path>, name: &str) -> Result<Response<Body>, ServerError> {
    let not_found = || ServerError::NotFound(format!("no editor file {name}"));
    let (_, media_type) = FILES
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(not_found)?;
    let body = if name == "ctockg-sparql.js" {
        SETUP_SCRIPT.as_bytes().to_vec()
    } else {
        let directory = directory
            .filter(|d| installed(Some(d)))
            .ok_or_else(not_found)?;
        std::fs::read(directory.join(name)).map_err(|_| not_found())?
    };
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(media_type));
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    Ok(response)
}

/// The editor page, with the ontology's classes and properties (from `ontology`) for
/// completion and the shipped queries as examples; `None` when YASGUI is not installed.
pub fn page(
    directory: Option<&Path>,
    ontology: &[Triple],
    library: &[NamedQuery],
) -> Option<Response<Body>> {
    if !installed(directory) {
        return None;
    }
    let settings = json!({
        "endpoint": "/sparql",
        "prefixes": PREFIXES.iter().map(|(p, ns)| (p.to_string(), json!(ns))).collect::<serde_json::Map<_, _>>(),
        "preset": PRESET,
        "starter": STARTER,
        "classes": declared(ontology, &["Class"]),
        "properties": declared(ontology, &["ObjectProperty", "DatatypeProperty", "AnnotationProperty"]),
        "examples": library.iter().map(|q| json!({
            "name": q.name,
            "title": q.title,
            "text": example_text(q),
        })).collect::<Vec<_>>(),
    });
    let mut h = Html::new();
    h.raw("<h1>Query the graph</h1><p class=\"lead\">SPARQL 1.1 over the union of the named graphs. ")
        .raw("Ctrl+Space completes prefixes, classes and properties; Ctrl+Enter runs the query. ")
        .raw("Programs may use the same URL as a SPARQL 1.1 Protocol endpoint.</p>")
        .raw("<p><label>A shipped query: <select id=\"examples\"><option value=\"\">choose…</option></select></label></p>")
        .raw("<link rel=\"stylesheet\" href=\"/editor/yasgui.min.css\">")
        .raw("<div id=\"yasgui\"></div>")
        .json_data("ctockg-config", &settings)
        .raw("<script src=\"/editor/yasgui.min.js\"></script>")
        .raw("<script src=\"/editor/ctockg-sparql.js\"></script>");
    let mut response = Response::new(Body::from(page::document("Query", h)));
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CSP, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    Some(response)
}

/// The IRIs the ontology declares as `owl:{kind}` for one of `kinds`, sorted.
fn declared(ontology: &[Triple], kinds: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = ontology
        .iter()
        .filter(|t| t.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        .filter(|t| match &t.object {
            Term::NamedNode(class) => kinds.iter().any(|k| {
                class
                    .as_str()
                    .strip_prefix("http://www.w3.org/2002/07/owl#")
                    == Some(*k)
            }),
            _ => false,
        })
        .filter_map(|t| match &t.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A shipped query's text as it runs with the example parameters of its header: a `VALUES` row
/// opening its `WHERE` group (the text as is when it has no parameters).
pub fn example_text(query: &NamedQuery) -> String {
    let Ok(declared) = queries::parameters(&query.text) else {
        return query.text.clone();
    };
    let Ok(bindings) = queries::bind(&declared, &queries::example_params(&query.text)) else {
        return query.text.clone();
    };
    if bindings.is_empty() {
        return query.text.clone();
    }
    let Some(open) = where_brace(&query.text) else {
        return query.text.clone();
    };
    let variables: Vec<String> = bindings.iter().map(|(v, _)| v.to_string()).collect();
    let values: Vec<String> = bindings.iter().map(|(_, t)| t.to_string()).collect();
    let row = format!(
        "\n  VALUES ({}) {{ ({}) }}",
        variables.join(" "),
        values.join(" ")
    );
    let mut text = query.text.clone();
    text.insert_str(open + 1, &row);
    text
}

/// The byte position of the `{` that opens the first `WHERE` group outside comments.
fn where_brace(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        if let Some(at) = code.to_ascii_uppercase().find("WHERE") {
            let after = &line[at + 5..];
            let brace = after.find('{')?;
            if after[..brace].trim().is_empty() {
                return Some(offset + at + 5 + brace);
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_example_runs_with_the_parameters_of_its_header() {
        let query = NamedQuery {
            name: "x".to_owned(),
            title: "x".to_owned(),
            text: "# title: x\n# param: theme iri https://w3id.org/ctockg/id/theme/{value} — the theme\n\
                   # example: ctockg query x --param theme=technology\n\
                   # WHERE { in a comment }\nSELECT ?m WHERE {\n  ?m ?p ?theme\n}\n"
                .to_owned(),
        };
        let text = example_text(&query);
        assert!(
            text.contains(
                "SELECT ?m WHERE {\n  VALUES (?theme) { (<https://w3id.org/ctockg/id/theme/technology>) }\n  ?m ?p ?theme"
            ),
            "{text}"
        );
        spargebra::SparqlParser::new()
            .parse_query(&text)
            .expect("the example parses");
    }
}
