//! The embedded Oxigraph store: open, replace one named graph atomically, query, count.
//!
//! Each named graph carries a content hash in the build metadata; a graph whose new quads hash
//! the same is left alone, so a rebuild touches only what changed. The metadata (the hashes and
//! the seal) is kept in the store's default graph ([`METADATA`]): it is no named graph, so
//! `GRAPH ?g`, the graph lists, VoID, the dumps and `ctockg publish` all leave it out alike. Every replacement is one
//! transaction: a failed document leaves its previous graph, never half of a new one.

use oxigraph::model::{
    GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef, Term, TermRef,
};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::{StorageError, Store};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::graph::{GraphQuads, iri};

/// Where the build metadata is kept: the store's default graph, no named graph.
pub const METADATA: GraphNameRef<'static> = GraphNameRef::DefaultGraph;

mod loader;
mod results;

use crate::resident::{ResidentStore, Table, TableError};
use crate::vocab::ck;
use loader::BULK_MEMORY_MB;
pub use loader::GraphLoader;
pub use results::{OutputFormat, write_results, write_table};

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// RocksDB refused.
    #[error("store {path}: {error}")]
    Storage {
        /// The store's directory.
        path: PathBuf,
        /// The storage error (not a `source`: the message says it already).
        error: StorageError,
    },
    /// Another process has the store open (RocksDB lets one process at a time open it).
    #[error(
        "another ctockg process{} holds the store at {path}: stop {} first, or give this command another --store",
        holder.as_deref().map_or_else(String::new, |h| format!(" ({h})")),
        if holder.is_some() { "that command" } else { "the ctockg command using it (a `ctockg serve`, or a build)" }
    )]
    Locked {
        /// The store's directory.
        path: PathBuf,
        /// The holder's process id and command line, where the system says.
        holder: Option<String>,
    },
    /// The query is not valid SPARQL.
    #[error("invalid SPARQL: {0}")]
    Syntax(String),
    /// The query failed while running.
    #[error("query failed: {0}")]
    Evaluation(String),
    /// Writing the results failed.
    #[error("cannot write results: {0}")]
    Output(#[from] std::io::Error),
    /// The format does not fit the query form.
    #[error("{format} cannot hold {form} results; use {suggestion}")]
    FormatMismatch {
        /// The format asked for.
        format: String,
        /// SELECT, ASK or CONSTRUCT.
        form: &'static str,
        /// Formats that work.
        suggestion: &'static str,
    },
}

/// Removes the SST files of a bulk load (`bulk-*.sst`, up to a hundred megabytes each) that a
/// build killed before it committed left in the store's directory; RocksDB never reads them.
fn remove_bulk_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            // a file that stays is removed at the next open
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process holding a RocksDB lock file, from the kernel's table of locks
/// (`/proc/locks`: `1: POSIX ADVISORY WRITE {pid} {major}:{minor}:{inode} 0 EOF`), as
/// `pid {pid}: {command line}`.
fn lock_holder(lock: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let inode = std::fs::metadata(lock).ok()?.ino();
    let locks = std::fs::read_to_string("/proc/locks").ok()?;
    let pid = locks.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let at = fields.iter().position(|f| f.matches(':').count() == 2)?;
        let file_inode: u64 = fields[at].rsplit(':').next()?.parse().ok()?;
        (file_inode == inode)
            .then(|| fields.get(at.checked_sub(1)?)?.parse::<u32>().ok())
            .flatten()
    })?;
    let command = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let command: Vec<String> = command
        .split(|&b| b == 0)
        .filter(|arg| !arg.is_empty())
        .map(|arg| String::from_utf8_lossy(arg).into_owned())
        .collect();
    Some(format!("pid {pid}: {}", command.join(" ")))
}

/// What happened to a named graph on sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sync {
    /// The graph was new.
    Added,
    /// The graph changed and was replaced.
    Replaced,
    /// Same content hash: nothing written.
    Unchanged,
}

/// The project's store.
pub struct GraphStore {
    store: Store,
    path: PathBuf,
}

impl GraphStore {
    /// Opens (or creates) the store at `path`, and removes the files a bulk load killed midway
    /// left in it (RocksDB's lock, now held, says no other load is running).
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let store = Store::open(path).map_err(|error| {
            if error.to_string().contains("While lock file") {
                StoreError::Locked {
                    path: path.to_owned(),
                    holder: lock_holder(&path.join("LOCK")),
                }
            } else {
                StoreError::Storage {
                    path: path.to_owned(),
                    error,
                }
            }
        })?;
        remove_bulk_leftovers(path);
        let opened = Self {
            store,
            path: path.to_owned(),
        };
        opened.forget_named_metadata()?;
        Ok(opened)
    }

    /// A store written before the build metadata moved to the default graph keeps it in the
    /// named graph `id:graph/meta`, which every query would see: it is emptied, and the next
    /// build, finding no recorded hash, writes every graph again.
    fn forget_named_metadata(&self) -> Result<(), StoreError> {
        let old = iri::meta_graph();
        if self
            .store
            .contains_named_graph(old.as_ref())
            .map_err(|e| self.storage(e))?
        {
            self.store.clear().map_err(|e| self.storage(e))?;
        }
        Ok(())
    }

    /// A store already open (the server's): errors name no path.
    pub fn over(store: Store) -> Self {
        Self {
            store,
            path: PathBuf::new(),
        }
    }

    /// The underlying Oxigraph store.
    pub fn inner(&self) -> &Store {
        &self.store
    }

    fn storage(&self, error: StorageError) -> StoreError {
        StoreError::Storage {
            path: self.path.clone(),
            error,
        }
    }

    /// The content hashes the builds recorded in the metadata graph: of `graph`, or of all.
    fn hash_quads(&self, graph: Option<&NamedNode>) -> oxigraph::store::QuadIter<'static> {
        self.store.quads_for_pattern(
            graph.map(|g| g.as_ref().into()),
            Some(ck::CONTENT_HASH),
            None,
            Some(METADATA),
        )
    }

    /// The hash recorded for a graph.
    pub fn recorded_hash(&self, graph: &NamedNode) -> Result<Option<String>, StoreError> {
        let found = self
            .hash_quads(Some(graph))
            .next()
            .transpose()
            .map_err(|e| self.storage(e))?;
        Ok(found.and_then(|q| match q.object {
            Term::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        }))
    }

    /// Every graph a build wrote, with its recorded hash.
    pub fn recorded_hashes(&self) -> Result<BTreeMap<String, String>, StoreError> {
        let meta = iri::meta_graph();
        let mut hashes = BTreeMap::new();
        for quad in self.hash_quads(None) {
            let quad = quad.map_err(|e| self.storage(e))?;
            if let (NamedOrBlankNode::NamedNode(graph), Term::Literal(hash)) =
                (quad.subject, quad.object)
                && graph != meta
            {
                hashes.insert(graph.into_string(), hash.value().to_owned());
            }
        }
        Ok(hashes)
    }

    /// Graphs with a recorded hash, i.e. everything a build wrote.
    pub fn built_graphs(&self) -> Result<Vec<NamedNode>, StoreError> {
        let meta = iri::meta_graph();
        self.hash_quads(None)
            .map(|q| {
                q.map_err(|e| self.storage(e)).map(|q| match q.subject {
                    NamedOrBlankNode::NamedNode(n) if n != meta => Some(n),
                    _ => None,
                })
            })
            .filter_map(Result::transpose)
            .collect()
    }

    /// The seal the last build left on the store (the metadata graph's own content hash, which
    /// the build record keeps too): `None` while a build runs, after one that stopped midway,
    /// and after an update through the server, when the record may not describe the store.
    pub fn seal(&self) -> Result<Option<String>, StoreError> {
        self.recorded_hash(&iri::meta_graph())
    }

    /// Sets the seal, in one transaction.
    pub fn set_seal(&self, seal: &str) -> Result<(), StoreError> {
        let previous = self.seal()?;
        if previous.as_deref() == Some(seal) {
            return Ok(());
        }
        let mut transaction = self
            .store
            .start_transaction()
            .map_err(|e| self.storage(e))?;
        record_hash(
            &mut transaction,
            &iri::meta_graph(),
            previous.as_deref(),
            seal,
        );
        transaction.commit().map_err(|e| self.storage(e))
    }

    /// Breaks the seal: see [`break_seal`].
    pub fn break_seal(&self) -> Result<(), StoreError> {
        break_seal(&self.store).map_err(|e| self.storage(e))
    }

    /// Replaces a named graph with `quads` in one transaction, unless its hash is unchanged.
    pub fn sync_graph(&self, graph: &NamedNode, quads: &GraphQuads) -> Result<Sync, StoreError> {
        let GraphQuads { quads, hash } = quads;
        let previous = self.recorded_hash(graph)?;
        if previous.as_deref() == Some(hash.as_str()) {
            return Ok(Sync::Unchanged);
        }
        let mut transaction = self
            .store
            .start_transaction()
            .map_err(|e| self.storage(e))?;
        transaction
            .clear_graph(graph.as_ref())
            .map_err(|e| self.storage(e))?;
        transaction.insert_named_graph(graph.as_ref());
        transaction.extend(quads.iter().map(Quad::as_ref));
        record_hash(&mut transaction, graph, previous.as_deref(), hash);
        transaction.commit().map_err(|e| self.storage(e))?;
        Ok(if previous.is_some() {
            Sync::Replaced
        } else {
            Sync::Added
        })
    }

    /// Removes and adds quads of a named graph and records its new hash, in one transaction:
    /// for a large graph of which a build changed a few quads.
    pub fn patch_graph(
        &self,
        graph: &NamedNode,
        removed: &[Quad],
        added: &[Quad],
        hash: &str,
    ) -> Result<(), StoreError> {
        let previous = self.recorded_hash(graph)?;
        let mut transaction = self
            .store
            .start_transaction()
            .map_err(|e| self.storage(e))?;
        for quad in removed {
            transaction.remove(quad.as_ref());
        }
        transaction.extend(added.iter().map(Quad::as_ref));
        record_hash(&mut transaction, graph, previous.as_deref(), hash);
        transaction.commit().map_err(|e| self.storage(e))
    }

    /// A loader for a build: Oxigraph's bulk loader when the store holds no built graph yet (a
    /// first build, where there is nothing to compare), one transaction per graph otherwise.
    pub fn loader(&self) -> Result<GraphLoader<'_>, StoreError> {
        // one recorded hash is enough to know: listing them all decodes 10,000 of them
        let meta = iri::meta_graph();
        let built = self
            .hash_quads(None)
            .find(|q| !matches!(q, Ok(q) if q.subject == NamedOrBlankNode::NamedNode(meta.clone())))
            .transpose()
            .map_err(|e| self.storage(e))?;
        Ok(if built.is_none() {
            GraphLoader::Bulk {
                loader: self
                    .store
                    .bulk_loader()
                    .with_max_memory_size_in_megabytes(BULK_MEMORY_MB),
                pending: Vec::new(),
            }
        } else {
            GraphLoader::Incremental(self)
        })
    }

    /// Drops a graph and its hash in one transaction.
    pub fn remove_graph(&self, graph: &NamedNode) -> Result<(), StoreError> {
        let previous = self.recorded_hash(graph)?;
        let mut transaction = self
            .store
            .start_transaction()
            .map_err(|e| self.storage(e))?;
        transaction
            .remove_named_graph(graph.as_ref())
            .map_err(|e| self.storage(e))?;
        forget_hash(&mut transaction, graph, previous.as_deref());
        transaction.commit().map_err(|e| self.storage(e))
    }

    /// The triples of a named graph as N-Triples lines without their final dot (as
    /// [`oxigraph::model::Triple`] writes itself), sorted.
    pub fn graph_lines(&self, graph: &NamedNode) -> Result<Vec<String>, StoreError> {
        let mut lines = self
            .store
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
            .map(|quad| {
                quad.map(|q| oxigraph::model::Triple::from(q).to_string())
                    .map_err(|e| self.storage(e))
            })
            .collect::<Result<Vec<String>, StoreError>>()?;
        lines.sort_unstable();
        Ok(lines)
    }

    /// The quads matching a pattern (`None` matches anything; a graph of `None`, every graph).
    pub fn quads(
        &self,
        subject: Option<NamedNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Vec<Quad>, StoreError> {
        self.store
            .quads_for_pattern(subject.map(Into::into), predicate, object, graph)
            .map(|quad| quad.map_err(|e| self.storage(e)))
            .collect()
    }

    /// Whether some graph states the triple.
    pub fn holds(
        &self,
        subject: NamedNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
        object: TermRef<'_>,
    ) -> Result<bool, StoreError> {
        self.store
            .quads_for_pattern(Some(subject.into()), Some(predicate), Some(object), None)
            .next()
            .transpose()
            .map(|quad| quad.is_some())
            .map_err(|e| self.storage(e))
    }

    /// Writes a large graph the store holds no hash for with Oxigraph's bulk loader, then its
    /// hash: a transaction of a quarter of a million quads took 15 s, the bulk loader one. The
    /// loader is not atomic, so whatever an interrupted call left of the graph is cleared
    /// first; with its hash written last, such leftovers are never taken for the graph.
    pub fn load_graph(
        &self,
        graph: &NamedNode,
        quads: &[Quad],
        hash: &str,
    ) -> Result<(), StoreError> {
        self.remove_graph(graph)?;
        let mut loader = self
            .store
            .bulk_loader()
            .with_max_memory_size_in_megabytes(BULK_MEMORY_MB);
        loader
            .load_quads(quads.iter().cloned())
            .map_err(|e| self.storage(e))?;
        loader.commit().map_err(|e| self.storage(e))?;
        let mut transaction = self
            .store
            .start_transaction()
            .map_err(|e| self.storage(e))?;
        transaction.insert_named_graph(graph.as_ref());
        record_hash(&mut transaction, graph, None, hash);
        transaction.commit().map_err(|e| self.storage(e))
    }

    /// Whether the store holds the quad.
    pub fn contains(&self, quad: &Quad) -> Result<bool, StoreError> {
        self.store.contains(quad).map_err(|e| self.storage(e))
    }

    /// Number of quads outside the metadata graph. It walks every key of one index: 0.9 s at
    /// 10,000 documents, which a build spares by summing the counts its record keeps.
    pub fn len(&self) -> Result<usize, StoreError> {
        let all = self.store.len().map_err(|e| self.storage(e))?;
        let meta = self
            .store
            .quads_for_pattern(None, None, None, Some(METADATA))
            .count();
        Ok(all.saturating_sub(meta))
    }

    /// Whether the store holds no quad at all, not even build metadata (a new store). It reads
    /// one key, where [`len`](Self::len) walks them all.
    pub fn holds_nothing(&self) -> Result<bool, StoreError> {
        self.store
            .quads_for_pattern(None, None, None, None)
            .next()
            .transpose()
            .map(|quad| quad.is_none())
            .map_err(|e| self.storage(e))
    }

    /// Whether the store holds nothing.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }

    /// Quads per named graph and instances per class (over the union of graphs).
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let mut per_graph = BTreeMap::new();
        for graph in self.store.named_graphs() {
            let name = match graph.map_err(|e| self.storage(e))? {
                NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
                NamedOrBlankNode::BlankNode(b) => b.to_string(),
            };
            per_graph.insert(name, 0);
        }
        // counted by SPARQL, over the encoded quads: counting them through `quads_for_pattern`
        // decodes every term, 15 s against about 1 s at 10,000 documents
        let counted = self.counts(
            "SELECT ?key (COUNT(*) AS ?n) WHERE { GRAPH ?key { ?s ?p ?o } } GROUP BY ?key",
        )?;
        for (graph, n) in counted {
            if let Some(count) = per_graph.get_mut(&graph) {
                *count = n;
            }
        }
        let per_class = self
            .counts("SELECT ?key (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?key } } GROUP BY ?key")?
            .into_iter()
            .collect();
        Ok(Stats {
            per_graph,
            per_class,
        })
    }

    /// The (`?key` IRI, `?n` number) rows of a counting query.
    fn counts(&self, query: &str) -> Result<Vec<(String, usize)>, StoreError> {
        let mut rows = Vec::new();
        if let QueryResults::Solutions(solutions) = self.evaluate(query)? {
            for solution in solutions {
                let solution = solution.map_err(|e| StoreError::Evaluation(e.to_string()))?;
                if let (Some(Term::NamedNode(key)), Some(Term::Literal(n))) =
                    (solution.get("key"), solution.get("n"))
                {
                    rows.push((key.as_str().to_owned(), n.value().parse().unwrap_or(0)));
                }
            }
        }
        Ok(rows)
    }

    /// Evaluates a query over the union of the named graphs (the default graph of this dataset
    /// is the union, so that a query needs no GRAPH clause to see every document), unless the
    /// query names its graphs with FROM.
    pub fn evaluate(&self, query: &str) -> Result<QueryResults<'static>, StoreError> {
        self.evaluate_with(query, &[])
    }

    /// Evaluates a query with variables bound to RDF terms before evaluation.
    pub fn evaluate_with(
        &self,
        query: &str,
        bindings: &[(oxigraph::sparql::Variable, Term)],
    ) -> Result<QueryResults<'static>, StoreError> {
        self.prepare(query, bindings)?
            .0
            .on_store(&self.store)
            .execute()
            .map_err(|e| StoreError::Evaluation(e.to_string()))
    }

    /// Runs a query on a copy of this store in memory (see [`crate::resident`]), with the same
    /// parameters and dataset as [`Self::evaluate_with`]. The server answers a `SELECT` as
    /// [`Self::select_resident`] does, and the other forms of query this way.
    pub fn evaluate_resident(
        &self,
        resident: &Arc<ResidentStore>,
        query: &str,
        bindings: &[(oxigraph::sparql::Variable, Term)],
    ) -> Result<QueryResults<'static>, StoreError> {
        self.prepare(query, bindings)?
            .0
            .on_queryable_dataset(resident.dataset())
            .execute()
            .map_err(|e| StoreError::Evaluation(e.to_string()))
    }

    /// Runs a query on any dataset the evaluator reads (Oxigraph's `oxrdf::Dataset`, say), with
    /// the same parameters and dataset specification as [`Self::evaluate_with`]: the benchmark
    /// compares the in-memory index with the standard one this way.
    pub fn evaluate_on<'a, D: spareval::QueryableDataset<'a>>(
        &self,
        dataset: D,
        query: &str,
        bindings: &[(oxigraph::sparql::Variable, Term)],
    ) -> Result<QueryResults<'a>, StoreError> {
        self.prepare(query, bindings)?
            .0
            .on_queryable_dataset(dataset)
            .execute()
            .map_err(|e| StoreError::Evaluation(e.to_string()))
    }

    /// Runs a `SELECT` query on the in-memory index as [`Self::evaluate_resident`] does, keeping
    /// its answer as the index's term ids ([`Table`]), as the server does; `None` for
    /// another form of query.
    pub fn select_resident(
        &self,
        resident: &Arc<ResidentStore>,
        query: &str,
        bindings: &[(oxigraph::sparql::Variable, Term)],
    ) -> Result<Option<Table>, StoreError> {
        let parsed = parse_with(query, bindings)?;
        let evaluator = spareval::QueryEvaluator::new();
        let mut prepared = evaluator.prepare(&parsed);
        crate::query::set_dataset(prepared.dataset_mut(), &crate::query::Dataset::default());
        match crate::resident::select(resident, prepared, usize::MAX) {
            None => Ok(None),
            Some(Ok(table)) => Ok(Some(table)),
            Some(Err(TableError::Evaluation(e))) => Err(StoreError::Evaluation(e.to_string())),
            Some(Err(TableError::TooManyRows)) => {
                Err(StoreError::Evaluation("too many rows".to_owned()))
            }
        }
    }

    /// A copy of the whole store in memory, for [`Self::evaluate_resident`].
    pub fn resident(&self) -> Result<ResidentStore, StoreError> {
        ResidentStore::load(&self.store).map_err(|e| self.storage(e))
    }

    /// Runs a query to its end and writes how it was evaluated: the query as rewritten with its
    /// parameters, then Oxigraph's plan in JSON with the rows and time of every step.
    pub fn explain_with(
        &self,
        query: &str,
        bindings: &[(oxigraph::sparql::Variable, Term)],
        out: &mut impl Write,
    ) -> Result<(), StoreError> {
        let (prepared, rewritten) = self.prepare(query, bindings)?;
        let (results, explanation) = prepared
            .on_store(&self.store)
            .compute_statistics()
            .explain();
        let evaluation =
            |e: oxigraph::sparql::QueryEvaluationError| StoreError::Evaluation(e.to_string());
        // the statistics fill in as the solutions are read
        let rows = match results.map_err(evaluation)? {
            QueryResults::Solutions(solutions) => {
                let mut n = 0usize;
                for solution in solutions {
                    solution.map_err(evaluation)?;
                    n += 1;
                }
                n
            }
            QueryResults::Graph(triples) => {
                let mut n = 0usize;
                for triple in triples {
                    triple.map_err(evaluation)?;
                    n += 1;
                }
                n
            }
            QueryResults::Boolean(_) => 1,
        };
        writeln!(
            out,
            "# the query as evaluated, parameters included\n{rewritten}"
        )?;
        writeln!(
            out,
            "# {rows} results; the plan, with each step's rows and time"
        )?;
        explanation.write_in_json(&mut *out)?;
        writeln!(out)?;
        Ok(())
    }

    /// Parses a query, puts its parameters in and chooses its dataset.
    fn prepare(
        &self,
        query: &str,
        bindings: &[(oxigraph::sparql::Variable, Term)],
    ) -> Result<(oxigraph::sparql::PreparedSparqlQuery, spargebra::Query), StoreError> {
        // built without Oxigraph's HTTP client: SERVICE calls cannot leave the machine
        let parsed = parse_with(query, bindings)?;
        let mut prepared = SparqlEvaluator::new().for_query(parsed.clone());
        crate::query::set_dataset(prepared.dataset_mut(), &crate::query::Dataset::default());
        Ok((prepared, parsed))
    }

    /// Writes the whole dataset as N-Quads, sorted, without the metadata graph.
    pub fn dump_nquads(&self, out: &mut impl Write) -> Result<(), StoreError> {
        let mut lines: Vec<String> = Vec::new();
        for quad in self.store.iter() {
            let quad = quad.map_err(|e| self.storage(e))?;
            if quad.graph_name.is_default_graph() {
                continue;
            }
            lines.push(format!("{quad} .\n"));
        }
        lines.sort();
        for line in lines {
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    }
}

/// Replaces a graph's recorded content hash within a transaction.
fn record_hash(
    transaction: &mut oxigraph::store::Transaction<'_>,
    graph: &NamedNode,
    previous: Option<&str>,
    hash: &str,
) {
    if let Some(old) = previous {
        transaction.remove(QuadRef::new(
            graph.as_ref(),
            ck::CONTENT_HASH,
            &Literal::new_simple_literal(old),
            METADATA,
        ));
    }
    transaction.insert(QuadRef::new(
        graph.as_ref(),
        ck::CONTENT_HASH,
        &Literal::new_simple_literal(hash),
        METADATA,
    ));
}

/// Removes a graph's recorded content hash within a transaction.
fn forget_hash(
    transaction: &mut oxigraph::store::Transaction<'_>,
    graph: &NamedNode,
    previous: Option<&str>,
) {
    if let Some(old) = previous {
        transaction.remove(QuadRef::new(
            graph.as_ref(),
            ck::CONTENT_HASH,
            &Literal::new_simple_literal(old),
            METADATA,
        ));
    }
}

/// Breaks the seal of a store a build made (see [`GraphStore::seal`]) after a change no build
/// made, so that the next build checks each graph against the store rather than its record.
pub fn break_seal(store: &Store) -> Result<(), StorageError> {
    let meta = iri::meta_graph();
    let seals: Vec<Quad> = store
        .quads_for_pattern(
            Some(meta.as_ref().into()),
            Some(ck::CONTENT_HASH),
            None,
            Some(METADATA),
        )
        .collect::<Result<_, _>>()?;
    if seals.is_empty() {
        return Ok(());
    }
    let mut transaction = store.start_transaction()?;
    for seal in &seals {
        transaction.remove(seal.as_ref());
    }
    transaction.commit()
}

/// Counts for `ctockg stats`.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Quads per named graph.
    pub per_graph: BTreeMap<String, usize>,
    /// Distinct instances per class.
    pub per_class: BTreeMap<String, usize>,
}

/// SHA-256 over the sorted N-Quads lines of the quads.
pub fn content_hash(quads: &[Quad]) -> String {
    let mut lines: Vec<String> = quads.iter().map(ToString::to_string).collect();
    lines.sort_unstable();
    hash_lines(lines.iter().map(String::as_str))
}

/// SHA-256 over lines already in canonical order, each ended by a newline, in hex.
pub fn hash_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut hasher = Sha256::new();
    for line in lines {
        hasher.update(line.as_bytes());
        hasher.update(b"\n");
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A query parsed, with its parameters bound where they are in scope
/// ([`crate::queries::with_values`]), and any one-row `VALUES` block that opens it taken as
/// parameters too.
fn parse_with(
    query: &str,
    bindings: &[(oxigraph::sparql::Variable, Term)],
) -> Result<spargebra::Query, StoreError> {
    let syntax = |e: crate::query::PrepareError| StoreError::Syntax(e.to_string());
    crate::query::bind(crate::query::parse(query).map_err(syntax)?, bindings, None).map_err(syntax)
}
