//! `ctockg publish`: the store's named graphs sent to another triple store through the SPARQL
//! 1.1 Graph Store HTTP Protocol (Oxigraph server's `/store`, Fuseki's `/{dataset}/data`).
//!
//! Each graph is sent whole, as N-Triples, by `PUT ?graph=IRI`; a graph that the last publish
//! to the same URL sent and the store no longer holds is removed by `DELETE`. Only graphs whose
//! content hash differs from the one they were sent with go: the hashes are those the build
//! records in the store's metadata (the build record's), trusted while the store bears the
//! build's seal, and computed from the triples otherwise (after an update through the server,
//! or a build stopped midway). What the target accepted is recorded graph by graph
//! ([`record`]), so a publish that stops midway is finished by the next one. The metadata
//! (build bookkeeping, in the default graph) stays home, as it does from the dumps. After sending, the target is
//! asked how many triples each graph sent holds, and a difference is an error.

pub mod record;
pub mod target;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, TripleRef};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

pub use record::PublishRecord;
pub use target::{Credentials, Retry, Target, TargetError};

use crate::store::{GraphStore, StoreError};
use crate::vocab::ck;

/// Why a publish stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PublishError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing the publish record failed.
    #[error("writing the publish record {path}: {error}")]
    Record {
        /// The record's file.
        path: std::path::PathBuf,
        /// The failure.
        error: std::io::Error,
    },
    /// A request to the target failed; the graphs sent before it are recorded.
    #[error(
        "{error}; {sent} graphs were sent before it and are recorded: the next publish to this URL sends the rest"
    )]
    Target {
        /// The failure.
        error: TargetError,
        /// Graphs sent (or deleted) before it.
        sent: usize,
    },
}

/// What a publish does.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Send every graph, whatever the record says.
    pub all: bool,
    /// Only list what would be sent.
    pub dry_run: bool,
}

/// One graph sent, deleted, or (in a dry run) to be sent or deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The graph's IRI.
    pub graph: String,
    /// `None` for a deletion.
    pub size: Option<Size>,
    /// How long the request took (zero in a dry run).
    pub elapsed: Duration,
}

/// A graph's size as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Its triples.
    pub triples: usize,
    /// The bytes of its N-Triples.
    pub bytes: usize,
}

/// What a publish did.
#[derive(Debug, Clone, Default)]
pub struct PublishReport {
    /// Graphs sent (to be sent, in a dry run), in order.
    pub sent: Vec<Sent>,
    /// Graphs deleted (to be deleted).
    pub deleted: Vec<String>,
    /// Graphs the target already held as they are.
    pub unchanged: usize,
    /// Whether each graph's hash was computed from its triples (the store lacked the build's
    /// seal), rather than taken from the build.
    pub hashes_computed: bool,
    /// Graphs whose triple count at the target differs from what was sent (or deleted): each
    /// a line naming the graph and both counts. They are forgotten by the record, so the next
    /// publish sends them again.
    pub mismatches: Vec<String>,
    /// Wall time.
    pub elapsed: Duration,
}

impl PublishReport {
    /// Triples and bytes sent.
    pub fn totals(&self) -> Size {
        self.sent.iter().filter_map(|s| s.size).fold(
            Size {
                triples: 0,
                bytes: 0,
            },
            |a, s| Size {
                triples: a.triples + s.triples,
                bytes: a.bytes + s.bytes,
            },
        )
    }
}

/// Sends the graphs of `store` (kept in the directory `store_dir`) that `target` does not hold
/// as they are, deletes the ones it holds and the store no longer does, and checks the counts.
/// `on_sent` is told of each graph as soon as the target accepted it.
pub fn publish(
    store: &GraphStore,
    store_dir: &Path,
    url: &str,
    target: &Target,
    options: &Options,
    on_sent: &mut dyn FnMut(&Sent),
) -> Result<PublishReport, PublishError> {
    let started = Instant::now();
    let (graphs, hashes_computed) = graph_hashes(store, store_dir)?;
    let mut record = PublishRecord::open(store_dir, url);
    let recorded = |record: &PublishRecord, error| PublishError::Record {
        path: record.path().to_owned(),
        error,
    };
    let mut report = PublishReport {
        hashes_computed,
        ..PublishReport::default()
    };
    let to_send: Vec<(&String, &String)> = graphs
        .iter()
        .filter(|(graph, hash)| options.all || record.published().get(*graph) != Some(*hash))
        .collect();
    report.unchanged = graphs.len() - to_send.len();
    let to_delete: Vec<String> = record
        .published()
        .keys()
        .filter(|graph| !graphs.contains_key(*graph))
        .cloned()
        .collect();
    let mut sent_counts: Vec<(String, usize)> = Vec::new();
    let failed = |error, report: &PublishReport| PublishError::Target {
        error,
        sent: report.sent.len() + report.deleted.len(),
    };
    for (graph, hash) in to_send {
        let (body, triples) = ntriples(store, graph)?;
        let size = Size {
            triples,
            bytes: body.len(),
        };
        let sending = Instant::now();
        if !options.dry_run {
            target
                .put(graph, &body)
                .map_err(|error| failed(error, &report))?;
            record.put(graph, hash).map_err(|e| recorded(&record, e))?;
        }
        let sent = Sent {
            graph: graph.clone(),
            size: Some(size),
            elapsed: sending.elapsed(),
        };
        on_sent(&sent);
        report.sent.push(sent);
        sent_counts.push((graph.clone(), triples));
    }
    for graph in to_delete {
        let deleting = Instant::now();
        if !options.dry_run {
            target
                .delete(&graph)
                .map_err(|error| failed(error, &report))?;
            record.forget(&graph).map_err(|e| recorded(&record, e))?;
        }
        on_sent(&Sent {
            graph: graph.clone(),
            size: None,
            elapsed: deleting.elapsed(),
        });
        sent_counts.push((graph.clone(), 0));
        report.deleted.push(graph);
    }
    if options.dry_run {
        report.elapsed = started.elapsed();
        return Ok(report);
    }
    // the target's own count of each graph sent or deleted
    let asked: Vec<&str> = sent_counts.iter().map(|(g, _)| g.as_str()).collect();
    let counts = target
        .count(&asked)
        .map_err(|error| failed(error, &report))?;
    for (graph, expected) in &sent_counts {
        let held = counts.get(graph).copied().unwrap_or(0);
        if held != *expected {
            report.mismatches.push(format!(
                "{graph}: {expected} triples sent, the target holds {held}"
            ));
            record.forget(graph).map_err(|e| recorded(&record, e))?;
        }
    }
    record.compact().map_err(|e| recorded(&record, e))?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Every named graph of the store, with its content hash; and whether
/// the hashes were computed (no build seal on the store) rather than read from the build's.
pub fn graph_hashes(
    store: &GraphStore,
    store_dir: &Path,
) -> Result<(BTreeMap<String, String>, bool), StoreError> {
    let sealed = store.seal()?.is_some();
    let mut built: BTreeMap<String, String> = BTreeMap::new();
    if sealed {
        for quad in store.quads(
            None,
            Some(ck::CONTENT_HASH),
            None,
            Some(crate::store::METADATA),
        )? {
            if let (NamedOrBlankNode::NamedNode(graph), Term::Literal(hash)) =
                (quad.subject, quad.object)
            {
                built.insert(graph.into_string(), hash.value().to_owned());
            }
        }
    }
    let mut graphs = BTreeMap::new();
    for graph in store.inner().named_graphs() {
        let graph = graph.map_err(|error| StoreError::Storage {
            path: store_dir.to_owned(),
            error,
        })?;
        let NamedOrBlankNode::NamedNode(graph) = graph else {
            continue;
        };
        let hash = match built.remove(graph.as_str()) {
            Some(hash) => hash,
            None => {
                let lines = store.graph_lines(&graph)?;
                crate::store::hash_lines(lines.iter().map(String::as_str))
            }
        };
        graphs.insert(graph.into_string(), hash);
    }
    Ok((graphs, !sealed))
}

/// A graph as N-Triples, with its number of triples.
fn ntriples(store: &GraphStore, graph: &str) -> Result<(Vec<u8>, usize), StoreError> {
    let graph = NamedNode::new_unchecked(graph);
    let quads = store.quads(None, None, None, Some(graph.as_ref().into()))?;
    let mut serializer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for quad in &quads {
        serializer.serialize_triple(TripleRef::from(quad.as_ref()))?;
    }
    Ok((serializer.finish()?, quads.len()))
}
