//! Writing a build's graphs: in bulk into an empty store, one transaction per graph after.

use std::path::PathBuf;

use oxigraph::model::{Literal, NamedNode, Quad};

use super::{GraphStore, METADATA, StoreError, Sync};
use crate::graph::GraphQuads;
use crate::vocab::ck;

/// Memory the bulk loader may use for its batches; RocksDB's own comes on top.
pub(super) const BULK_MEMORY_MB: usize = 512;

/// Quads gathered before they go to the bulk loader: it writes every batch it is given as files
/// of its own, so a document's few hundred quads at a time would leave thousands of small files.
const BULK_BATCH: usize = 250_000;

/// Writes the graphs of a build; see [`GraphStore::loader`].
pub enum GraphLoader<'a> {
    /// First build: everything in large bulk batches, visible at commit.
    Bulk {
        /// Oxigraph's bulk loader.
        loader: oxigraph::store::BulkLoader<'a>,
        /// Quads not yet handed to it.
        pending: Vec<Quad>,
    },
    /// Later builds: each changed graph replaced in its own transaction.
    Incremental(&'a GraphStore),
}

impl GraphLoader<'_> {
    /// Writes one named graph (and its content hash).
    pub fn put(&mut self, graph: &NamedNode, quads: GraphQuads) -> Result<Sync, StoreError> {
        match self {
            Self::Bulk { loader, pending } => {
                pending.push(Quad::new(
                    graph.clone(),
                    ck::CONTENT_HASH.into_owned(),
                    Literal::new_simple_literal(&quads.hash),
                    METADATA.into_owned(),
                ));
                pending.extend(quads.quads);
                if pending.len() >= BULK_BATCH {
                    Self::flush(loader, pending)?;
                }
                Ok(Sync::Added)
            }
            Self::Incremental(store) => store.sync_graph(graph, &quads),
        }
    }

    fn flush(
        loader: &mut oxigraph::store::BulkLoader<'_>,
        pending: &mut Vec<Quad>,
    ) -> Result<(), StoreError> {
        loader
            .load_quads(std::mem::take(pending))
            .map_err(|error| StoreError::Storage {
                path: PathBuf::from("(bulk load)"),
                error,
            })
    }

    /// Makes a bulk load visible; a no-op for transactions, which commit as they go.
    pub fn commit(self) -> Result<(), StoreError> {
        match self {
            Self::Bulk {
                mut loader,
                mut pending,
            } => {
                Self::flush(&mut loader, &mut pending)?;
                loader.commit().map_err(|error| StoreError::Storage {
                    path: PathBuf::from("(bulk load)"),
                    error,
                })
            }
            Self::Incremental(_) => Ok(()),
        }
    }
}
