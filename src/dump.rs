//! The whole dataset as canonical N-Quads (RDFC-1.0), for `ctockg dump` and the server's
//! `/dump.nq`: every named graph except the build metadata, one quad a line, in code point order.
//!
//! The quads go through sophia's `sophia_c14n` (an implementation of W3C RDF Dataset
//! Canonicalization independent of Oxigraph) rather than a plain sort. ctockg's graph has no
//! blank nodes (the ontology's are skolemised at load), so sorted N-Quads would already be
//! canonical today; going through RDFC-1.0 keeps the dump canonical if a blank node ever
//! appears, and writes the canonical escaping of literals, which Oxigraph's N-Quads writer is
//! not bound to. sophia refuses pathological inputs (graphs whose blank nodes would make the
//! algorithm explode) with an error, which is reported rather than hidden.

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::GraphName;
use oxigraph::store::Store;
use sophia::api::prelude::QuadSource;
use sophia::api::quad::Spog;
use sophia::api::term::SimpleTerm;
use sophia::c14n::rdfc10;
use std::collections::HashSet;
use std::io::Write;

use crate::graph::iri;

/// Why the dump could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DumpError {
    /// Reading the store failed.
    #[error("reading the store: {0}")]
    Storage(String),
    /// sophia could not read the N-Quads Oxigraph wrote.
    #[error("re-reading the N-Quads for canonicalisation: {0}")]
    Parse(String),
    /// The canonicalisation refused the dataset (a pathological blank-node structure).
    #[error("canonicalisation (RDFC-1.0) refused the dataset: {0}")]
    Canonicalisation(String),
    /// Writing the output failed.
    #[error("writing the dump: {0}")]
    Output(#[from] std::io::Error),
}

/// Writes the dataset (without the metadata graph) as canonical N-Quads.
pub fn write_canonical_nquads(store: &Store, out: impl Write) -> Result<(), DumpError> {
    let meta = GraphName::NamedNode(iri::meta_graph());
    let mut serializer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
    for quad in store.iter() {
        let quad = quad.map_err(|e| DumpError::Storage(e.to_string()))?;
        if quad.graph_name != meta {
            serializer.serialize_quad(&quad)?;
        }
    }
    let nquads = String::from_utf8(serializer.finish()?)
        .map_err(|e| DumpError::Parse(format!("not UTF-8: {e}")))?;
    let dataset: HashSet<Spog<SimpleTerm<'static>>> =
        sophia::turtle::parser::nq::parse_str(&nquads)
            .collect_quads()
            .map_err(|e| DumpError::Parse(e.to_string()))?;
    drop(nquads);
    rdfc10::normalize(&dataset, out).map_err(|e| match e {
        sophia::c14n::C14nError::Io(io) => DumpError::Output(io),
        other => DumpError::Canonicalisation(other.to_string()),
    })
}
