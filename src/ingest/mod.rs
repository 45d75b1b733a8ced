//! The build: corpus → facts → quads → store, one named graph per document, instrument,
//! gazetteer and ontology; unchanged graphs skipped by content hash; a document that fails is
//! reported and its previous graph kept.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::corpus::{self, CorpusError, Manifest, ManifestEntry, SourceDocument};
use crate::extract::instrument::parse_instrument;
use crate::extract::resolve::MeetingIndex;
use crate::extract::{self, Citation, DocId, DocumentFacts};
use crate::gazetteer::{Gazetteer, GazetteerError};
use crate::graph::{self, iri};
use crate::store::{GraphStore, StoreError, Sync};

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
    /// Errors, each naming its file (and line or paragraph).
    pub errors: Vec<String>,
    /// Warnings, each naming its file and paragraph.
    pub warnings: Vec<String>,
    /// Names in attendance and speaker lists the gazetteer does not know.
    pub unresolved_names: usize,
    /// Wall time.
    pub elapsed: Duration,
}

/// Progress callbacks, so the binary can draw a bar without the library knowing of terminals.
pub trait Progress {
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

/// The named graph a manifest entry's facts go to, known without reading the file.
pub fn graph_of(entry: &ManifestEntry) -> NamedNode {
    iri::version(&DocId::of_entry(entry), &entry.language)
}

/// Documents read and their facts, before anything is written.
pub struct Extraction {
    /// The gazetteer used.
    pub gazetteer: Gazetteer,
    /// The manifest.
    pub manifest: Manifest,
    /// Documents that could be read, with their facts.
    pub documents: Vec<(SourceDocument, DocumentFacts)>,
    /// Meetings across the corpus.
    pub meetings: MeetingIndex,
    /// Errors naming their files.
    pub errors: Vec<String>,
    /// Warnings naming their files.
    pub warnings: Vec<String>,
}

/// Reads and extracts every document of the manifest; a bad document is an error in the list.
pub fn extract_corpus(paths: &Paths, progress: &dyn Progress) -> Result<Extraction, BuildError> {
    let manifest = Manifest::load(&paths.data)?;
    let gazetteer = Gazetteer::load(&paths.data, &paths.ontology)?;
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    progress.start("reading", manifest.documents.len());
    for (index, entry) in manifest.documents.iter().enumerate() {
        progress.step(&entry.file);
        match corpus::read_document(&paths.data, entry, index) {
            Ok(doc) => {
                let facts = extract::extract_document(&doc, &gazetteer);
                warnings.extend(manifest_disagreements(&doc, &facts));
                for name in &facts.unresolved {
                    warnings.push(format!(
                        "{}: {}: unknown name \"{}\" (add it to data/gazetteer)",
                        doc.path.display(),
                        doc.blocks[name.block],
                        name.name
                    ));
                }
                documents.push((doc, facts));
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    progress.finish();
    let meetings = MeetingIndex::new(documents.iter().map(|(_, f)| f));
    Ok(Extraction {
        gazetteer,
        manifest,
        documents,
        meetings,
        errors,
        warnings,
    })
}

/// Where the manifest and the text both speak, they must agree.
pub fn manifest_disagreements(doc: &SourceDocument, facts: &DocumentFacts) -> Vec<String> {
    let mut out = Vec::new();
    let file = doc.path.display();
    let mut check = |what: &str, manifest: &str, text: Option<String>| {
        if let Some(text) = text
            && text != manifest
        {
            out.push(format!(
                "{file}: the manifest says {what} {manifest}, the text says {text}"
            ));
        }
    };
    check("body", &doc.entry.body, facts.header.body.clone());
    check("type", &doc.entry.doc_type, facts.header.doc_type.clone());
    check(
        "meeting",
        &doc.entry.meeting,
        facts
            .header
            .dates
            .zip(facts.header.body.clone())
            .map(|((start, _), body)| format!("{body}/{start}")),
    );
    out
}

/// Builds or updates the store from the data directory.
pub fn build(paths: &Paths, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let extraction = extract_corpus(paths, progress)?;
    let mut report = BuildReport {
        documents: extraction.manifest.documents.len(),
        errors: extraction.errors.clone(),
        warnings: extraction.warnings.clone(),
        ..BuildReport::default()
    };
    let store = GraphStore::open(&paths.store)?;
    let mut loader = store.loader()?;
    let mut written: BTreeSet<String> = BTreeSet::new();
    let total = 2 + INSTRUMENTS.len() + extraction.documents.len();
    progress.start("loading", total);
    let mut put =
        |graph: NamedNode, quads: Vec<Quad>, report: &mut BuildReport| -> Result<(), BuildError> {
            progress.step(graph.as_str());
            match loader.put(&graph, quads)? {
                Sync::Added => report.added += 1,
                Sync::Replaced => report.replaced += 1,
                Sync::Unchanged => {
                    report.unchanged += 1;
                    written.insert(graph.as_str().to_owned());
                    return Ok(());
                }
            }
            report.changed_graphs.push(graph.as_str().to_owned());
            written.insert(graph.as_str().to_owned());
            Ok(())
        };
    let (graph, quads) = ontology_quads(&paths.ontology)?;
    put(graph, quads, &mut report)?;
    let (graph, quads) = graph::gazetteer_quads(&extraction.gazetteer);
    put(graph, quads, &mut report)?;
    let mut provisions = BTreeSet::new();
    for instrument in INSTRUMENTS {
        let path = paths
            .data
            .join("instruments")
            .join(format!("{instrument}.en.md"));
        match std::fs::read_to_string(&path) {
            Ok(text) => match parse_instrument(&text) {
                Ok(parsed) => {
                    for p in &parsed.provisions {
                        provisions.insert((instrument.to_owned(), p.path.clone()));
                    }
                    let (graph, quads) = graph::instrument_quads(instrument, &parsed);
                    put(graph, quads, &mut report)?;
                }
                Err(e) => report.errors.push(format!("{}: {e}", path.display())),
            },
            Err(e) => report
                .errors
                .push(format!("{}: cannot read: {e}", path.display())),
        }
    }
    // one document at a time: its quads are written and dropped before the next is made
    for (doc, facts) in &extraction.documents {
        let (graph, quads, warnings) =
            graph::document_quads(doc, facts, &extraction.meetings, &extraction.gazetteer);
        for w in warnings {
            report.warnings.push(format!(
                "{}: {}: {}",
                doc.path.display(),
                w.place,
                w.message
            ));
        }
        for (block, citation) in &facts.citations {
            if let Citation::Provision(key, path) = citation
                && provisions.iter().any(|(k, _)| k == key)
                && !provisions.contains(&(key.clone(), path.clone()))
            {
                report.warnings.push(format!(
                    "{}: {}: cites {} which the instrument does not have",
                    doc.path.display(),
                    doc.blocks[*block],
                    graph::provision_label(key, path)
                ));
            }
        }
        report.paragraphs += doc.blocks.iter().filter(|b| b.number.is_some()).count();
        report.unresolved_names += facts.unresolved.len();
        put(graph, quads, &mut report)?;
    }
    loader.commit()?;
    progress.finish();
    report.documents_ok = extraction.documents.len();
    // keep the graphs of documents that failed this time: their last good facts stay
    let keep: BTreeSet<String> = written
        .into_iter()
        .chain(
            extraction
                .manifest
                .documents
                .iter()
                .map(|e| graph_of(e).as_str().to_owned()),
        )
        .chain(INSTRUMENTS.map(|k| iri::instrument(k).as_str().to_owned()))
        .collect();
    for graph in store.built_graphs()? {
        if !keep.contains(graph.as_str()) {
            store.remove_graph(&graph)?;
            report.removed += 1;
            report.changed_graphs.push(graph.as_str().to_owned());
        }
    }
    report.triples = store.len()?;
    stamp(&paths.store);
    report.elapsed = started.elapsed();
    Ok(report)
}

fn ontology_quads(dir: &Path) -> Result<(NamedNode, Vec<Quad>), BuildError> {
    let graph = iri::ontology_graph();
    let mut quads = Vec::new();
    // The parser names anonymous nodes afresh on every run; naming them by order of appearance
    // keeps the graph's content hash stable, so an unchanged ontology is not rewritten.
    let mut blank_ids: std::collections::HashMap<oxigraph::model::BlankNode, usize> =
        std::collections::HashMap::new();
    let mut stable = |node: oxigraph::model::BlankNode| -> NamedNode {
        let next = blank_ids.len();
        let n = *blank_ids.entry(node).or_insert(next);
        NamedNode::new_unchecked(format!("{}/.well-known/genid/{n}", crate::vocab::ONTOLOGY))
    };
    for name in ["ctockg.ttl", "themes.ttl"] {
        let path = dir.join(name);
        let file = std::fs::File::open(&path).map_err(|e| BuildError::Ontology {
            path: path.clone(),
            message: e.to_string(),
        })?;
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_reader(file) {
            let quad = quad.map_err(|e| BuildError::Ontology {
                path: path.clone(),
                message: e.to_string(),
            })?;
            let subject = match quad.subject {
                NamedOrBlankNode::BlankNode(b) => NamedOrBlankNode::NamedNode(stable(b)),
                other => other,
            };
            let object = match quad.object {
                Term::BlankNode(b) => Term::NamedNode(stable(b)),
                other => other,
            };
            quads.push(Quad::new(
                subject,
                quad.predicate,
                object,
                GraphName::NamedNode(graph.clone()),
            ));
        }
    }
    quads.sort_by_cached_key(ToString::to_string);
    quads.dedup();
    Ok((graph, quads))
}

/// The instruments under `data/instruments/`, by key.
const INSTRUMENTS: [&str; 4] = ["UNTOC", "SOM", "TIP", "FIREARMS"];

const STAMP: &str = "ctockg-built";

fn stamp(store: &Path) {
    // the stamp only speeds up the staleness check; failing to write it means a rebuild next time
    let _ = std::fs::write(store.join(STAMP), b"");
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
