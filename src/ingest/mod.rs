//! The build: corpus → facts → quads → store, one named graph per document, instrument,
//! gazetteer and ontology, and the entities graph the documents share; unchanged documents left
//! unread (the build record, `record.rs`) and unchanged graphs skipped by content hash; a
//! document that fails is reported and its previous graph kept.
//!
//! [`build_with`] runs the phases in order, each a method of [`Build`] in the file named for
//! it: read sources and settle meetings (`read.rs`), load the fixed graphs and the documents
//! (`load.rs`), update the entities graph (`entities.rs`), then list the graphs, write the
//! summary and seal the store (`finish.rs`).

use oxigraph::model::Quad;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::corpus::{self, CorpusError, Entry, Problem, ProblemKind};
use crate::gazetteer::{Gazetteer, GazetteerError};
use crate::store::{GraphStore, StoreError};

mod entities;
mod finish;
mod load;
mod read;
mod record;
mod summary;

pub use read::{Extraction, described, extract_corpus, graph_of, manifest_disagreements};
use record::{BuildRecord, DocumentRecord, EntityLines};

/// Why a build could not run at all (per-document problems are reported, not raised).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The manifest is unreadable.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// A gazetteer table is unreadable.
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The ontology is not valid Turtle.
    #[error("{path}: {message}")]
    Ontology {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
}

impl BuildError {
    /// This error as a problem with `file`, the document being read when it came.
    pub fn problem(&self, file: &Path) -> Problem {
        match self {
            Self::Corpus(error) => error.problem(),
            other => Problem::new(ProblemKind::Unreadable, file, other.to_string()),
        }
    }

    /// Whether the input is at fault (the manifest, a gazetteer table, the ontology), rather
    /// than the store: the binary's exit status 2, and the store as the last build left it
    /// still answers.
    pub fn is_bad_input(&self) -> bool {
        match self {
            Self::Corpus(_) | Self::Gazetteer(_) | Self::Ontology { .. } => true,
            Self::Store(_) => false,
        }
    }
}

/// How a build treats its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildOptions {
    /// The most bytes a document may hold; a larger one is refused, unread.
    pub max_document_size: u64,
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self {
            max_document_size: corpus::DEFAULT_MAX_DOCUMENT_SIZE,
        }
    }
}

/// Where things are.
#[derive(Debug, Clone)]
pub struct Paths {
    /// `data/`
    pub data: PathBuf,
    /// `ontology/`
    pub ontology: PathBuf,
    /// The store directory.
    pub store: PathBuf,
}

impl Paths {
    /// The ontology directory sits beside the data directory.
    pub fn new(data: PathBuf, store: PathBuf) -> Self {
        let ontology = data
            .parent()
            .map_or_else(|| PathBuf::from("ontology"), |p| p.join("ontology"));
        Self {
            data,
            ontology,
            store,
        }
    }
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Documents in the manifest.
    pub documents: usize,
    /// Documents ingested (added, replaced or unchanged).
    pub documents_ok: usize,
    /// Documents read and extracted; the others were as the last build left them.
    pub read: usize,
    /// Paragraphs and footnotes of the ingested documents.
    pub paragraphs: usize,
    /// Quads in the store after the build.
    pub triples: usize,
    /// Graphs added.
    pub added: usize,
    /// Graphs replaced.
    pub replaced: usize,
    /// Graphs left as they were.
    pub unchanged: usize,
    /// Graphs removed (documents gone from the manifest).
    pub removed: usize,
    /// The graphs added, replaced or removed.
    pub changed_graphs: Vec<String>,
    /// Documents and instruments that could not be read (their last good graphs stay).
    pub errors: Vec<Problem>,
    /// What reading, extraction and the build found amiss.
    pub warnings: Vec<Problem>,
    /// Names in attendance and speaker lists the gazetteer does not know.
    pub unresolved_names: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// Wall time of each phase, in order.
    pub phases: Vec<(&'static str, Duration)>,
}

/// Progress callbacks, so the binary can draw a bar without the library knowing of terminals.
pub trait Progress: std::marker::Sync {
    /// A stage starts with `total` steps.
    fn start(&self, stage: &str, total: usize);
    /// One step done.
    fn step(&self, what: &str);
    /// The stage is over.
    fn finish(&self);
}

/// No progress output.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: &str, _: usize) {}
    fn step(&self, _: &str) {}
    fn finish(&self) {}
}

/// A build under way: its input and the last build's record, which every phase reads, and the
/// record and report it makes.
struct Build<'a> {
    paths: &'a Paths,
    options: &'a BuildOptions,
    progress: &'a dyn Progress,
    store: &'a GraphStore,
    /// The manifest entries (or files found), in order.
    entries: Vec<Entry>,
    gazetteer: Gazetteer,
    /// The last build's record.
    previous: BuildRecord,
    /// Whether the store bore the last build's seal, and so holds the graphs its record lists.
    sealed: bool,
    /// Whether the store held nothing when the build began: then every graph it holds at the
    /// end is one this build wrote, and every quad one it counted.
    fresh: bool,
    /// This build's record.
    record: BuildRecord,
    report: BuildReport,
    /// What the summary's tables read, while this build makes every graph they come from.
    summary_facts: Option<Vec<Quad>>,
}

impl<'a> Build<'a> {
    /// The input read, the last build's record loaded, the store's seal checked and broken:
    /// a build that stops midway leaves a store the next one checks graph by graph.
    fn open(
        paths: &'a Paths,
        options: &'a BuildOptions,
        progress: &'a dyn Progress,
        store: &'a GraphStore,
    ) -> Result<Self, BuildError> {
        let (_, entries) = corpus::discover(&paths.data)?;
        let gazetteer = Gazetteer::load(&paths.data, &paths.ontology)?;
        let setting = record::setting_digest(&[
            paths.data.join("gazetteer"),
            paths.data.join("instruments"),
            paths.ontology.clone(),
        ]);
        let previous = BuildRecord::load(&paths.store, &setting)
            .unwrap_or_else(|| BuildRecord::new(setting.clone()));
        // while the store bears the seal the last build left, it holds the graphs that build's
        // record lists, with their hashes: no graph's hash need be asked of the store
        let sealed =
            !previous.seal.is_empty() && store.seal()?.as_deref() == Some(previous.seal.as_str());
        let fresh = store.holds_nothing()?;
        store.break_seal()?;
        let report = BuildReport {
            documents: entries.len(),
            ..BuildReport::default()
        };
        Ok(Self {
            paths,
            options,
            progress,
            store,
            entries,
            gazetteer,
            previous,
            sealed,
            fresh,
            record: BuildRecord::new(setting),
            report,
            summary_facts: Some(Vec::new()),
        })
    }
}

/// Builds or updates the store from the data directory.
///
/// A document whose bytes and manifest entry are as the last build saw them (and whose graph in
/// the store is the one that build made) is not read again, unless the meetings it may refer to
/// changed. The entities graph is left alone while every document's share of it is unchanged,
/// and otherwise patched with the triples that differ.
pub fn build(paths: &Paths, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    build_with(paths, &BuildOptions::default(), progress)
}

/// [`build`], with options.
pub fn build_with(
    paths: &Paths,
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let mut phases = Phases::start();
    let store = GraphStore::open(&paths.store)?;
    let mut build = Build::open(paths, options, progress, &store)?;
    phases.end("open");
    let mut sources = build.read_sources();
    phases.end("read sources");
    let meetings = build.settle_meetings(&mut sources);
    phases.end("settle meetings");
    build.link_versions(&mut sources);
    phases.end("link versions");

    let mut loading = load::Loading::new(&store, progress)?;
    progress.start("loading", 3 + load::INSTRUMENTS.len() + sources.len());
    let provisions = build.load_fixed_graphs(&mut loading)?;
    phases.end("load fixed graphs");
    let mut loaded = build.load_documents(&mut loading, sources, &meetings, &provisions)?;
    phases.end("load documents");
    let mut entities = build.update_entities(&mut loading, &mut loaded, &meetings)?;
    let writer = entities
        .lines
        .write_behind(&EntityLines::beside(&paths.store));
    phases.end("update entities");
    let summary = build.load_summary_in_bulk(&mut loading)?;
    let written = loading.commit()?;
    progress.finish();
    phases.end("commit");

    build.list_graphs(written, loaded.held, &loaded.documents, entities.quads)?;
    phases.end("list graphs");
    build.write_summary(summary)?;
    phases.end("write summary");
    let mut report = build.seal(writer, entities.lines)?;
    phases.end("seal");
    stamp(&paths.store);
    report.elapsed = started.elapsed();
    report.phases = phases.ended;
    Ok(report)
}

/// The wall time of each phase of a build, taken as it ends.
struct Phases {
    ended: Vec<(&'static str, Duration)>,
    since: Instant,
}

impl Phases {
    fn start() -> Self {
        Self {
            ended: Vec::new(),
            since: Instant::now(),
        }
    }

    fn end(&mut self, phase: &'static str) {
        let now = Instant::now();
        self.ended.push((phase, now - self.since));
        self.since = now;
    }
}

/// The document graphs in one record or the other whose `facts` differ between them (or that
/// only one holds).
fn changed_documents<T: PartialEq>(
    previous: &BuildRecord,
    record: &BuildRecord,
    facts: impl Fn(&DocumentRecord) -> T,
) -> Vec<String> {
    previous
        .documents
        .keys()
        .chain(record.documents.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|graph| {
            previous.documents.get(*graph).map(&facts) != record.documents.get(*graph).map(&facts)
        })
        .cloned()
        .collect()
}

const STAMP: &str = "ctockg-built";

fn stamp(store: &Path) {
    // the stamp only speeds up the staleness check; failing to write it means a rebuild next time
    let _ = std::fs::write(store.join(STAMP), b"");
}

/// Whether a build ran to its end on the store (with or without errors in documents).
pub fn has_built(paths: &Paths) -> bool {
    paths.store.join(STAMP).is_file()
}

/// Whether the store is missing or older than any file under `data/` or `ontology/`.
pub fn is_stale(paths: &Paths) -> bool {
    let Ok(built) = std::fs::metadata(paths.store.join(STAMP)).and_then(|m| m.modified()) else {
        return true;
    };
    newest(&paths.data).max(newest(&paths.ontology)) > Some(built)
}

fn newest(dir: &Path) -> Option<SystemTime> {
    let mut latest = std::fs::metadata(dir).and_then(|m| m.modified()).ok();
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let time = if path.is_dir() {
            newest(&path)
        } else {
            entry.metadata().and_then(|m| m.modified()).ok()
        };
        latest = latest.max(time);
    }
    latest
}
