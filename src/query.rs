//! How every query is prepared, whoever asks: `ctockg query`, the server's `/sparql` and
//! shipped-query pages, the server's own queries, the tests and the benchmarks.
//!
//! 1. [`parse`]: the text parsed, its nesting bounded ([`crate::nesting`]), so that no query
//!    overflows a stack;
//! 2. [`bind`]: parameters put in. The one-row `VALUES` block that opens a `WHERE` group and the
//!    `--param` bindings become one-row `VALUES` joined to the patterns that use them
//!    ([`crate::queries::with_values`]); then a page (`OFFSET`, `LIMIT`) is cut, after the
//!    values are in, since a slice taken first would be joined after;
//! 3. [`set_dataset`]: the dataset chosen. The protocol's (`default-graph-uri`,
//!    `named-graph-uri`), else the query's `FROM`, else the union of the graphs as the default
//!    graph and every named graph for `GRAPH`. The build metadata (content hashes) is in the
//!    store's default graph ([`crate::store::METADATA`]): `GRAPH` never sees it, and the union
//!    holds its triples, as Oxigraph's union holds every graph's.
//!
//! The RocksDB store and the server's in-memory index run what comes out through the same
//! evaluator on the same quads, so `SELECT * WHERE { ?s ?p ?o }` answers alike in `ctockg query`
//! and `ctockg serve`.

use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::{QueryDatasetSpecification, Variable};
use spargebra::SparqlParser;

/// The dataset a request names with `default-graph-uri` and `named-graph-uri` (SPARQL 1.1
/// Protocol); empty when it names none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dataset {
    /// Graphs merged into the default graph.
    pub default: Vec<NamedNode>,
    /// Graphs available to `GRAPH`.
    pub named: Vec<NamedNode>,
}

impl Dataset {
    /// Whether the request named no graph.
    pub fn is_empty(&self) -> bool {
        self.default.is_empty() && self.named.is_empty()
    }
}

/// Why a query could not be prepared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PrepareError {
    /// The text is not SPARQL 1.1.
    #[error("{0}")]
    Syntax(String),
    /// The query nests deeper than the evaluator's stack allows.
    #[error("{0}")]
    TooDeep(String),
    /// A parameter cannot be put in.
    #[error("{0}")]
    Parameter(String),
}

/// The text parsed, its nesting bounded.
pub fn parse(text: &str) -> Result<spargebra::Query, PrepareError> {
    crate::nesting::check_text(text).map_err(|e| PrepareError::TooDeep(e.to_string()))?;
    let query = SparqlParser::new()
        .parse_query(text)
        .map_err(|e| PrepareError::Syntax(e.to_string()))?;
    crate::nesting::check_query(&query).map_err(|e| PrepareError::TooDeep(e.to_string()))?;
    Ok(query)
}

/// The query with its leading `VALUES` row and `bindings` joined to its patterns, then cut to
/// the page `(offset, limit)` when one is asked.
pub fn bind(
    query: spargebra::Query,
    bindings: &[(Variable, Term)],
    page: Option<(usize, usize)>,
) -> Result<spargebra::Query, PrepareError> {
    let (query, mut given) = crate::queries::leading_values(query);
    given.extend_from_slice(bindings);
    let query = crate::queries::with_values(query, &given)
        .map_err(|e| PrepareError::Parameter(e.to_string()))?;
    Ok(match page {
        Some((offset, limit)) => crate::queries::sliced(query, offset, limit),
        None => query,
    })
}

/// Chooses the dataset of a prepared query: `dataset` when the request named one, else the
/// query's own `FROM` (already in `specification`), else the union of the named graphs.
pub fn set_dataset(specification: &mut QueryDatasetSpecification, dataset: &Dataset) {
    if !dataset.is_empty() {
        specification.set_default_graph(
            dataset
                .default
                .iter()
                .cloned()
                .map(GraphName::from)
                .collect(),
        );
        specification.set_available_named_graphs(
            dataset
                .named
                .iter()
                .cloned()
                .map(NamedOrBlankNode::from)
                .collect(),
        );
    } else if specification.is_default_dataset() {
        specification.set_default_graph_as_union();
    }
}
