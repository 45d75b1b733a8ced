//! Content negotiation: which representation a client gets, from its `Accept` header, an
//! explicit `format` parameter (as SPARQLWrapper and HTML forms send) or a file suffix
//! (`/id/country/ITA.ttl`).

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

use super::ServerError;

/// A representation the server can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An HTML page.
    Html,
    /// SPARQL 1.1 Query Results JSON.
    SparqlJson,
    /// SPARQL Query Results XML.
    SparqlXml,
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
    /// Turtle.
    Turtle,
    /// N-Triples.
    NTriples,
    /// N-Quads.
    NQuads,
    /// RDF/XML.
    RdfXml,
    /// JSON-LD.
    JsonLd,
    /// An SVG picture (`/pictures/…`, a theme's chart).
    Svg,
    /// Plain JSON (search hits).
    Json,
}

/// What `/sparql` sends for SELECT and ASK, in the order of preference when the client has none.
pub const SOLUTIONS: &[Format] = &[
    Format::SparqlJson,
    Format::SparqlXml,
    Format::Csv,
    Format::Tsv,
    Format::Html,
];

/// What `/sparql` sends for CONSTRUCT and DESCRIBE.
pub const GRAPH: &[Format] = &[
    Format::Turtle,
    Format::NTriples,
    Format::RdfXml,
    Format::JsonLd,
    Format::Html,
];

/// What an RDF document (VoID, the service description) is sent as.
pub const RDF: &[Format] = &[
    Format::Turtle,
    Format::NTriples,
    Format::RdfXml,
    Format::JsonLd,
];

/// What a resource under `/id/` (or the ontology) is sent as: HTML first, for browsers.
pub const RESOURCE: &[Format] = &[
    Format::Html,
    Format::Turtle,
    Format::NTriples,
    Format::JsonLd,
    Format::RdfXml,
];

impl Format {
    /// The media types that name this format; the first is the one sent.
    fn media_types(self) -> &'static [&'static str] {
        match self {
            Self::Html => &["text/html", "application/xhtml+xml"],
            Self::SparqlJson => &["application/sparql-results+json", "application/json"],
            Self::SparqlXml => &["application/sparql-results+xml", "application/xml"],
            Self::Csv => &["text/csv"],
            Self::Tsv => &["text/tab-separated-values"],
            Self::Turtle => &["text/turtle", "application/x-turtle"],
            Self::NTriples => &["application/n-triples"],
            Self::NQuads => &["application/n-quads"],
            Self::RdfXml => &["application/rdf+xml"],
            Self::JsonLd => &["application/ld+json"],
            Self::Svg => &["image/svg+xml"],
            Self::Json => &["application/json"],
        }
    }

    /// The `Content-Type` header value.
    pub fn content_type(self) -> String {
        format!("{}; charset=utf-8", self.media_types()[0])
    }

    /// The format a file suffix names (`ttl`, `nt`, `jsonld`, `rdf`, `nq`, `html`).
    pub fn from_suffix(suffix: &str) -> Option<Self> {
        Some(match suffix {
            "html" => Self::Html,
            "ttl" => Self::Turtle,
            "nt" => Self::NTriples,
            "nq" => Self::NQuads,
            "rdf" => Self::RdfXml,
            "jsonld" => Self::JsonLd,
            _ => return None,
        })
    }

    /// The formats a `format` parameter may mean: a short name or a media type.
    /// "json" and "xml" mean results for SELECT and RDF for CONSTRUCT, as SPARQLWrapper uses them.
    fn named(name: &str) -> &'static [Self] {
        match name.trim().to_ascii_lowercase().as_str() {
            "html" | "text/html" => &[Self::Html],
            "json" | "application/json" => &[Self::SparqlJson, Self::JsonLd, Self::Json],
            "xml" | "application/xml" => &[Self::SparqlXml, Self::RdfXml],
            "csv" | "text/csv" => &[Self::Csv],
            "tsv" | "text/tab-separated-values" => &[Self::Tsv],
            "turtle" | "ttl" | "text/turtle" => &[Self::Turtle],
            "n-triples" | "ntriples" | "nt" | "application/n-triples" => &[Self::NTriples],
            "n-quads" | "nquads" | "nq" | "application/n-quads" => &[Self::NQuads],
            "rdf+xml" | "rdfxml" | "rdf" | "application/rdf+xml" => &[Self::RdfXml],
            "json-ld" | "jsonld" | "application/ld+json" => &[Self::JsonLd],
            "application/sparql-results+json" => &[Self::SparqlJson],
            "application/sparql-results+xml" => &[Self::SparqlXml],
            _ => &[],
        }
    }

    /// The Oxigraph RDF format, for the RDF formats.
    pub fn rdf(self) -> Option<RdfFormat> {
        match self {
            Self::Turtle => Some(RdfFormat::Turtle),
            Self::NTriples => Some(RdfFormat::NTriples),
            Self::NQuads => Some(RdfFormat::NQuads),
            Self::RdfXml => Some(RdfFormat::RdfXml),
            Self::JsonLd => Some(RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            }),
            Self::Html
            | Self::SparqlJson
            | Self::SparqlXml
            | Self::Csv
            | Self::Tsv
            | Self::Svg
            | Self::Json => None,
        }
    }

    /// The query results format, for the SPARQL results formats.
    pub fn results(self) -> Option<QueryResultsFormat> {
        match self {
            Self::SparqlJson => Some(QueryResultsFormat::Json),
            Self::SparqlXml => Some(QueryResultsFormat::Xml),
            Self::Csv => Some(QueryResultsFormat::Csv),
            Self::Tsv => Some(QueryResultsFormat::Tsv),
            Self::Html
            | Self::Turtle
            | Self::NTriples
            | Self::NQuads
            | Self::RdfXml
            | Self::JsonLd
            | Self::Svg
            | Self::Json => None,
        }
    }

    /// A short name for links (`?format=csv`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::SparqlJson => "json",
            Self::SparqlXml => "xml",
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Turtle => "turtle",
            Self::NTriples => "ntriples",
            Self::NQuads => "nquads",
            Self::RdfXml => "rdfxml",
            Self::JsonLd => "jsonld",
            Self::Svg => "svg",
            Self::Json => "json",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Html => "HTML",
            Self::SparqlJson => "JSON",
            Self::SparqlXml => "XML",
            Self::Csv => "CSV",
            Self::Tsv => "TSV",
            Self::Turtle => "Turtle",
            Self::NTriples => "N-Triples",
            Self::NQuads => "N-Quads",
            Self::RdfXml => "RDF/XML",
            Self::JsonLd => "JSON-LD",
            Self::Svg => "SVG",
            Self::Json => "JSON",
        }
    }

    /// The file suffix for links to a resource in this format.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::SparqlJson => "json",
            Self::SparqlXml => "srx",
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Turtle => "ttl",
            Self::NTriples => "nt",
            Self::NQuads => "nq",
            Self::RdfXml => "rdf",
            Self::JsonLd => "jsonld",
            Self::Svg => "svg",
            Self::Json => "json",
        }
    }
}

/// One media range of an `Accept` header.
struct Range<'a> {
    kind: &'a str,
    subtype: &'a str,
    q: f32,
}

fn ranges(accept: &str) -> Vec<Range<'_>> {
    accept
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let (kind, subtype) = parts.next()?.trim().split_once('/')?;
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0)
                .clamp(0.0, 1.0);
            Some(Range {
                kind: kind.trim(),
                subtype: subtype.trim(),
                q,
            })
        })
        .collect()
}

/// The quality the client gives a format: that of the most specific range matching one of its
/// media types (`text/turtle` before `text/*` before `*/*`), or `None` when none matches.
fn quality(ranges: &[Range<'_>], format: Format) -> Option<f32> {
    let mut best: Option<(u8, f32)> = None;
    for media_type in format.media_types() {
        let (kind, subtype) = media_type.split_once('/').unwrap_or((media_type, ""));
        for range in ranges {
            let specificity = if range.kind.eq_ignore_ascii_case(kind)
                && range.subtype.eq_ignore_ascii_case(subtype)
            {
                2
            } else if range.kind.eq_ignore_ascii_case(kind) && range.subtype == "*" {
                1
            } else if range.kind == "*" && range.subtype == "*" {
                0
            } else {
                continue;
            };
            if best.is_none_or(|(s, _)| specificity > s) {
                best = Some((specificity, range.q));
            }
        }
    }
    best.map(|(_, q)| q)
}

/// Picks the representation: an explicit `format` parameter naming an offered format wins;
/// otherwise the offered format the `Accept` header rates highest (ties go to the earlier one);
/// with no `Accept` header, the first offered.
pub fn negotiate(
    accept: Option<&str>,
    explicit: Option<&str>,
    offered: &[Format],
) -> Result<Format, ServerError> {
    if let Some(name) = explicit.filter(|n| !n.trim().is_empty()) {
        return Format::named(name)
            .iter()
            .find(|f| offered.contains(f))
            .copied()
            .ok_or_else(|| not_acceptable(offered));
    }
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return offered
            .first()
            .copied()
            .ok_or_else(|| not_acceptable(offered));
    };
    let ranges = ranges(accept);
    let mut best: Option<(Format, f32)> = None;
    for format in offered {
        if let Some(q) = quality(&ranges, *format)
            && q > 0.0
            && best.is_none_or(|(_, b)| q > b)
        {
            best = Some((*format, q));
        }
    }
    best.map(|(f, _)| f).ok_or_else(|| not_acceptable(offered))
}

fn not_acceptable(offered: &[Format]) -> ServerError {
    ServerError::NotAcceptable {
        available: offered
            .iter()
            .map(|f| f.media_types()[0])
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Whether a client would rather read HTML (for error pages): it names `text/html` explicitly.
pub fn prefers_html(accept: Option<&str>) -> bool {
    accept.is_some_and(|a| {
        ranges(a)
            .iter()
            .any(|r| r.kind == "text" && r.subtype == "html" && r.q > 0.0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BROWSER: &str =
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    #[test]
    fn browsers_get_html_and_rdf_clients_get_rdf() {
        assert_eq!(
            negotiate(Some(BROWSER), None, RESOURCE).ok(),
            Some(Format::Html)
        );
        assert_eq!(
            negotiate(Some("text/turtle"), None, RESOURCE).ok(),
            Some(Format::Turtle)
        );
        assert_eq!(
            negotiate(
                Some("application/rdf+xml;q=0.5, application/ld+json"),
                None,
                RESOURCE
            )
            .ok(),
            Some(Format::JsonLd)
        );
        assert_eq!(
            negotiate(None, None, SOLUTIONS).ok(),
            Some(Format::SparqlJson)
        );
        assert_eq!(
            negotiate(Some("*/*"), None, GRAPH).ok(),
            Some(Format::Turtle)
        );
        assert_eq!(
            negotiate(Some(BROWSER), None, SOLUTIONS).ok(),
            Some(Format::Html)
        );
    }

    #[test]
    fn explicit_formats_and_refusals() {
        assert_eq!(
            negotiate(Some(BROWSER), Some("csv"), SOLUTIONS).ok(),
            Some(Format::Csv)
        );
        assert_eq!(
            negotiate(None, Some("xml"), GRAPH).ok(),
            Some(Format::RdfXml)
        );
        assert_eq!(
            negotiate(None, Some("json"), SOLUTIONS).ok(),
            Some(Format::SparqlJson)
        );
        assert!(negotiate(Some("image/png"), None, SOLUTIONS).is_err());
        assert!(negotiate(Some("text/turtle;q=0"), None, RDF).is_err());
        assert!(negotiate(None, Some("bogus"), RDF).is_err());
    }
}
