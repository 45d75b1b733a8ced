//! Exports: a part of the graph as a picture for a slide.
//!
//! A view ([`View`]) reads the store with SPARQL and builds a [`Diagram`]: a petgraph graph of
//! nodes (resources, with their class, label and cluster) and edges (relations, with a kind and
//! a weight), plus the constraints that keep meetings in date order. Filters (`--theme`,
//! `--from`, `--to`) and `--max-nodes` work on that graph; [`dot`] writes it as Graphviz DOT text
//! (one escaping function, sorted output: the same graph gives the same bytes) and runs Graphviz
//! for SVG, PNG and PDF.

mod citations;
mod construct;
mod diagram;
pub mod dot;
mod labels;
mod mandates;
mod meeting;
mod participation;
mod scope;
mod themes;

use std::path::PathBuf;

pub use diagram::{Cluster, Constraint, Cut, Diagram, Edge, EdgeKind, Node, NodeClass, RankDir};
pub use dot::{Graphviz, OutputFormat};
pub use labels::Lang;

use crate::store::{GraphStore, StoreError};

/// What part of the graph to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum View {
    /// Resolutions and decisions → the bodies they established → their meetings → documents.
    Mandates,
    /// Meetings in date order × themes, edges weighted by evidence.
    Themes,
    /// One meeting: agenda items, documents, participants by role, speakers.
    Meeting {
        /// The meeting as `body/start-date`, e.g. `wg7/2020-09-08`.
        meeting: String,
    },
    /// Documents → the treaty provisions they cite, clustered by instrument and article.
    Citations,
    /// One country across meetings: roles, statements, the persons who represented it.
    Participation {
        /// ISO 3166-1 alpha-3 code, e.g. `ITA`.
        country: String,
    },
    /// The result of a CONSTRUCT (or DESCRIBE) query read from a file.
    Construct {
        /// The `.rq` file.
        query: PathBuf,
    },
}

impl View {
    /// The view's name on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            View::Mandates => "mandates",
            View::Themes => "themes",
            View::Meeting { .. } => "meeting",
            View::Citations => "citations",
            View::Participation { .. } => "participation",
            View::Construct { .. } => "construct",
        }
    }
}

/// How to draw a view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The language of labels (the other language when a label has none in this one).
    pub lang: Lang,
    /// Only what concerns this theme key (e.g. `technology`), or one of its narrower concepts.
    pub theme: Option<String>,
    /// Only meetings starting on or after this date (YYYY-MM-DD).
    pub from: Option<String>,
    /// Only meetings starting on or before this date (YYYY-MM-DD).
    pub to: Option<String>,
    /// At most this many nodes; the least central are left out, and [`Rendered::cut`] says which.
    pub max_nodes: Option<usize>,
}

/// A drawn view: the diagram, its DOT text, and what `--max-nodes` left out.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The in-memory graph, after filters and cutting.
    pub diagram: Diagram,
    /// The Graphviz DOT text.
    pub dot: String,
    /// Set when the view had more nodes than `max_nodes`.
    pub cut: Option<Cut>,
}

/// Why a view could not be drawn or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The meeting is not in the graph.
    #[error("no meeting {meeting} in the graph; meetings: {}", known.join(", "))]
    UnknownMeeting {
        /// The meeting asked for.
        meeting: String,
        /// The meetings the graph has, as body/start-date.
        known: Vec<String>,
    },
    /// The country took part in no meeting of the graph.
    #[error("no country {country} at any meeting of the graph; countries that took part: {}", known.join(", "))]
    UnknownCountry {
        /// The ISO code asked for.
        country: String,
        /// ISO codes of the countries that attended or spoke.
        known: Vec<String>,
    },
    /// The theme key is not in the theme scheme.
    #[error("no theme {theme} in the theme scheme; themes: {}", known.join(", "))]
    UnknownTheme {
        /// The key asked for.
        theme: String,
        /// The top theme keys.
        known: Vec<String>,
    },
    /// A date option is not YYYY-MM-DD.
    #[error("--{option} {value}: expected a date as YYYY-MM-DD")]
    InvalidDate {
        /// `from` or `to`.
        option: &'static str,
        /// What was given.
        value: String,
    },
    /// `--from` is after `--to`.
    #[error("--from {from} is after --to {to}")]
    EmptyRange {
        /// The start.
        from: String,
        /// The end.
        to: String,
    },
    /// An option that the view has no use for.
    #[error("--{option} does not apply to the {view} view")]
    NotApplicable {
        /// The option.
        option: &'static str,
        /// The view.
        view: &'static str,
    },
    /// The query file cannot be read.
    #[error("{}: cannot read: {source}", path.display())]
    QueryFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The query file is not valid SPARQL, or fails.
    #[error("{}: {source}", path.display())]
    Query {
        /// The file.
        path: PathBuf,
        /// The parse or evaluation error.
        source: StoreError,
    },
    /// The query file holds a SELECT or ASK query, which gives no graph to draw.
    #[error("{}: this is {form} query; the construct view needs a CONSTRUCT (or DESCRIBE) query", path.display())]
    NotConstruct {
        /// The file.
        path: PathBuf,
        /// "a SELECT" or "an ASK".
        form: &'static str,
    },
    /// Nothing is left to draw.
    #[error("the {view} view has nothing to draw{}", if reason.is_empty() { String::new() } else { format!(" {reason}") })]
    Empty {
        /// The view.
        view: &'static str,
        /// Which filters emptied it (may be empty).
        reason: String,
    },
    /// The output file's extension is not one we can write.
    #[error("{}: cannot tell the format from the extension; use .dot, .svg, .png or .pdf", path.display())]
    UnknownFormat {
        /// The file asked for.
        path: PathBuf,
    },
    /// Graphviz's `dot` program is not installed.
    #[error("writing {format} needs Graphviz's `{}` program, which was not found: install the Debian package graphviz (apt-get install graphviz), or write .dot", program.display())]
    DotMissing {
        /// The program looked for.
        program: PathBuf,
        /// The format asked for (svg, png, pdf).
        format: &'static str,
    },
    /// Graphviz's `dot` could not be started or waited for.
    #[error("cannot run `{}`: {source}", program.display())]
    DotStart {
        /// The program.
        program: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Graphviz's `dot` ran and failed.
    #[error("`{} -T{format}` failed ({status}): {stderr}", program.display())]
    DotFailed {
        /// The program.
        program: PathBuf,
        /// The format asked for.
        format: &'static str,
        /// Its exit status.
        status: std::process::ExitStatus,
        /// What it wrote on stderr.
        stderr: String,
    },
    /// Writing the output failed.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file (`-` for standard output).
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The SPARQL query of the countries a participation view can draw (`?country`), ordered.
pub fn participants_query() -> String {
    format!(
        "{}{}",
        crate::vocab::sparql_prologue(),
        participation::KNOWN
    )
}

/// Builds a view of the store and writes it as DOT text.
pub fn render(store: &GraphStore, view: &View, options: &Options) -> Result<Rendered, ExportError> {
    let mut diagram = build(store, view, options)?;
    let cut = options.max_nodes.and_then(|max| diagram.limit(max));
    let dot = dot::write(&diagram);
    Ok(Rendered { diagram, dot, cut })
}

/// Builds a view of the store as a diagram, filters applied, not yet cut to `max_nodes`.
pub fn build(store: &GraphStore, view: &View, options: &Options) -> Result<Diagram, ExportError> {
    let scope = scope::Scope::new(store, view, options)?;
    let mut diagram = match view {
        View::Mandates => mandates::build(&scope)?,
        View::Themes => themes::build(&scope)?,
        View::Meeting { meeting } => meeting::build(&scope, meeting)?,
        View::Citations => citations::build(&scope)?,
        View::Participation { country } => participation::build(&scope, country)?,
        View::Construct { query } => construct::build(&scope, query)?,
    };
    diagram.prune();
    if diagram.is_empty() {
        return Err(ExportError::Empty {
            view: view.name(),
            reason: scope.describe_filters(),
        });
    }
    scope.name_classes(&mut diagram)?;
    Ok(diagram)
}
