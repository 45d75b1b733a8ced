//! The build: corpus → facts → quads → store, one named graph per document, instrument,
//! gazetteer and ontology, and the entities graph the documents share; unchanged documents left
//! unread (the build record, `cache.rs`) and unchanged graphs skipped by content hash; a
//! document that fails is reported and its previous graph kept.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::corpus::{self, Block, CorpusError, Entry, Manifest, SourceDocument};
use crate::extract::instrument::parse_instrument;
use crate::extract::resolve::MeetingIndex;
use crate::extract::{self, Citation, DocId, DocumentFacts};
use crate::gazetteer::{Gazetteer, GazetteerError};
use crate::graph::{self, GraphQuads, iri};
use crate::store::{GraphStore, StoreError, Sync};

mod cache;
mod summary;
use cache::{BuildRecord, DocumentRecord, EntityLines, GraphRecord, LineSum, SharedLines};

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

/// The named graph a read document's facts go to: its language version's.
pub fn graph_of(doc: &SourceDocument, facts: &DocumentFacts) -> NamedNode {
    let id = facts
        .id
        .clone()
        .unwrap_or_else(|| DocId::of_meta(&doc.meta));
    iri::version(&id, doc.meta.language())
}

/// Documents read and their facts, before anything is written.
pub struct Extraction {
    /// The gazetteer used.
    pub gazetteer: Gazetteer,
    /// The manifest (empty when there is none).
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

/// Reads and extracts every document of the corpus; a bad document is an error in the list, and
/// a second file for a language version already read is one too.
pub fn extract_corpus(paths: &Paths, progress: &dyn Progress) -> Result<Extraction, BuildError> {
    let (manifest, entries) = corpus::discover(&paths.data)?;
    let gazetteer = Gazetteer::load(&paths.data, &paths.ontology)?;
    let mut documents: Vec<(SourceDocument, DocumentFacts)> = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut versions: BTreeMap<String, usize> = BTreeMap::new();
    progress.start("reading", entries.len());
    for entry in &entries {
        progress.step(&entry.file);
        let read = corpus::read_bytes(&paths.data, entry, corpus::DEFAULT_MAX_DOCUMENT_SIZE)
            .and_then(|bytes| {
                corpus::document_from_bytes_as(&paths.data, entry, &bytes, corpus::Cut::Kept)
            });
        match read {
            Ok(doc) => {
                let facts = extract::extract_document(&doc, &gazetteer);
                let graph = graph_of(&doc, &facts).into_string();
                if let Some(&first) = versions.get(&graph) {
                    let (first, _) = &documents[first];
                    match same_version(first, &doc, &facts) {
                        Ok(note) => warnings.push(note),
                        Err(error) => errors.push(error),
                    }
                    continue;
                }
                warnings.extend(extraction_warnings(&doc, &facts));
                versions.insert(graph, documents.len());
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

/// Numbering irregularities reported one by one for a document; past them, one line counts
/// the rest (a text numbered anyhow would otherwise print a line per paragraph).
const IRREGULARITIES_SHOWN: usize = 20;

/// What reading and extraction found amiss in a document: paragraph numbers out of sequence,
/// disagreements with the manifest, unknown names.
fn extraction_warnings(doc: &SourceDocument, facts: &DocumentFacts) -> Vec<String> {
    let file = doc.path.display();
    let mut warnings: Vec<String> = doc
        .irregularities
        .iter()
        .take(IRREGULARITIES_SHOWN)
        .map(|irregularity| format!("{}: {irregularity}", doc.place(irregularity.line)))
        .collect();
    if let Some(more) = doc
        .irregularities
        .len()
        .checked_sub(IRREGULARITIES_SHOWN)
        .filter(|&more| more > 0)
    {
        warnings.push(format!(
            "{file}: {more} more paragraph numbers out of sequence (their text is kept)"
        ));
    }
    warnings.extend(doc.warnings.iter().cloned());
    warnings.extend(
        doc.guesses
            .iter()
            .map(|guess| format!("{}: {guess}", doc.place(guess.line))),
    );
    warnings.extend(manifest_disagreements(doc, facts));
    if let Some(DocId::Local(slug)) = &facts.id
        && doc.meta.local_id.is_none()
    {
        warnings.push(format!(
            "{file}: no symbol on its front page and none in the manifest: ingested as doc/local/{slug} (give `symbol` in the manifest if it has one)"
        ));
    }
    for name in &facts.unresolved {
        warnings.push(format!(
            "{}: {}: unknown name \"{}\" (add it to data/gazetteer)",
            doc.path.display(),
            doc.blocks[name.block],
            name.name
        ));
    }
    warnings
}

/// Where the manifest and the text both speak, they should agree; where they do not, the
/// manifest wins and the difference is said.
pub fn manifest_disagreements(doc: &SourceDocument, facts: &DocumentFacts) -> Vec<String> {
    let file = doc.path.display();
    facts
        .overridden
        .iter()
        .map(|(what, manifest, text)| {
            format!("{file}: the manifest says {what} {manifest}, the text says {text}; the manifest's is kept")
        })
        .collect()
}

/// A document's metadata as the build used it: what the front page and the manifest gave,
/// completed with what the body's rules read (body, type, meeting, title).
pub fn described(doc: &SourceDocument, facts: &DocumentFacts) -> corpus::Metadata {
    use corpus::{Origin, Sourced};
    let mut meta = doc.meta.clone();
    let from_body = |value: Option<String>| value.map(|v| Sourced::new(v, Origin::Body));
    let header = &facts.header;
    if meta.body.is_none() {
        meta.body = from_body(header.body.clone().filter(|b| !b.is_empty()));
    }
    if meta.doc_type.is_none() {
        meta.doc_type = from_body(header.doc_type.clone());
    }
    if meta.meeting.is_none() {
        meta.meeting = from_body(
            header
                .dates
                .zip(header.body.clone())
                .map(|((start, _), body)| format!("{body}/{start}")),
        );
    }
    if meta.title.is_none() {
        meta.title = from_body(header.title.clone());
    }
    if meta.agenda_item.is_none() {
        meta.agenda_item = header.agenda_item.map(|n| Sourced::new(n, Origin::Body));
    }
    meta
}

/// A second file for a language version already read: a copy of the first (a note), or other
/// text (an error naming both; the first is kept).
fn same_version(
    first: &SourceDocument,
    second: &SourceDocument,
    facts: &DocumentFacts,
) -> Result<String, String> {
    let id = facts
        .id
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let lang = second.meta.language();
    if first.blocks == second.blocks {
        Ok(format!(
            "{}: the same text as {} ({id}, {lang}); skipped",
            second.path.display(),
            first.path.display()
        ))
    } else {
        Err(format!(
            "{}: claims {id} in {lang}, which {} already gives with other text; {} is kept until one of the two is removed (or the manifest gives one of them another symbol)",
            second.path.display(),
            first.path.display(),
            first.meta.file
        ))
    }
}

/// A document as this build has it.
enum Source {
    /// Unchanged since the last build, which made the graph the store holds: not read again.
    Kept(Box<DocumentRecord>),
    /// Read and extracted.
    Read {
        doc: Box<SourceDocument>,
        facts: Box<DocumentFacts>,
        digest: String,
    },
    /// Could not be read; its last good graph stays.
    Failed,
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
    let (_, entries) = corpus::discover(&paths.data)?;
    let gazetteer = Gazetteer::load(&paths.data, &paths.ontology)?;
    let store = GraphStore::open(&paths.store)?;
    let setting = cache::setting_digest(&[
        paths.data.join("gazetteer"),
        paths.data.join("instruments"),
        paths.ontology.clone(),
    ]);
    let previous = BuildRecord::load(&paths.store, &setting)
        .unwrap_or_else(|| BuildRecord::new(setting.clone()));
    // while the store bears the seal the last build left, it holds the graphs that build's
    // record lists, with their hashes: no graph's hash need be asked of the store. The seal is
    // broken before anything is written, so that a build that stops midway leaves a store the
    // next one checks graph by graph.
    let sealed =
        !previous.seal.is_empty() && store.seal()?.as_deref() == Some(previous.seal.as_str());
    store.break_seal()?;
    let mut report = BuildReport {
        documents: entries.len(),
        ..BuildReport::default()
    };
    // the graph each file made at the last build
    let last_graphs: BTreeMap<&str, &str> = previous
        .documents
        .iter()
        .map(|(graph, document)| (document.file.as_str(), graph.as_str()))
        .collect();

    progress.start("reading", entries.len());
    // each document's graph, what this build has of it, and its entry
    let mut sources: Vec<(NamedNode, Source, usize)> = Vec::with_capacity(entries.len());
    // documents are read and extracted on every core; the results come back in the entries'
    // order, so the store is written as a sequential build would write it
    let read: Vec<Result<(NamedNode, Source), BuildError>> = entries
        .par_iter()
        .map(|entry| {
            progress.step(&entry.file);
            let last_build = LastBuild {
                store: &store,
                record: &previous,
                sealed,
                graph: last_graphs.get(entry.file.as_str()).copied(),
            };
            read_source(paths, options, entry, &gazetteer, Some(last_build))
        })
        .collect();
    for (index, (entry, read)) in entries.iter().zip(read).enumerate() {
        let (graph, source) = match read {
            Ok(read) => read,
            Err(e) => {
                report.errors.push(e.to_string());
                // its last good graph stays, if it made one
                match last_graphs.get(entry.file.as_str()) {
                    Some(graph) => (NamedNode::new_unchecked(*graph), Source::Failed),
                    None => continue,
                }
            }
        };
        sources.push((graph, source, index));
    }
    progress.finish();
    resolve_duplicates(
        &paths.data,
        &mut sources,
        &entries,
        &last_graphs,
        &mut report,
    );

    // the meetings every document dates; a failed document's last ones still count, since its
    // last graph stays
    let meetings = MeetingIndex::from_entries(sources.iter().flat_map(|(graph, source, _)| {
        match source {
            Source::Kept(kept) => kept.meetings.clone(),
            Source::Read { facts, .. } => MeetingIndex::entries_of(facts),
            Source::Failed => previous
                .documents
                .get(graph.as_str())
                .map(|r| r.meetings.clone())
                .unwrap_or_default(),
        }
    }));
    if meetings.digest() != previous.meetings {
        // references by ordinal may now settle otherwise: every document is made again
        for (graph, source, index) in &mut sources {
            if matches!(source, Source::Kept(_)) {
                *source = read_source(paths, options, &entries[*index], &gazetteer, None)
                    .map(|(_, source)| source)
                    .unwrap_or_else(|e| {
                        report.errors.push(format!("{}: {e}", graph.as_str()));
                        Source::Failed
                    });
            }
        }
    }

    link_versions(&mut sources, &previous, |source, index| {
        read_source(paths, options, &entries[index], &gazetteer, None)
            .map(|(_, read)| read)
            .unwrap_or_else(|e| {
                report.errors.push(format!("{}: {e}", source.as_str()));
                Source::Failed
            })
    });

    let mut record = BuildRecord::new(setting);
    record.meetings = meetings.digest();
    let themes: BTreeSet<String> = gazetteer
        .themes
        .iter()
        .map(|theme| iri::theme(&theme.key).into_string())
        .collect();
    let mut loader = store.loader()?;
    let bulk = matches!(loader, crate::store::GraphLoader::Bulk { .. });
    // what the summary's tables read, while this build makes every graph they come from
    let mut summary_facts: Option<Vec<Quad>> = Some(Vec::new());
    // the graphs this build handed to the store, as the record will list them
    let mut written: BTreeMap<String, GraphRecord> = BTreeMap::new();
    let total = 3 + INSTRUMENTS.len() + sources.len();
    progress.start("loading", total);
    let mut put =
        |graph: NamedNode, quads: GraphQuads, report: &mut BuildReport| -> Result<(), BuildError> {
            progress.step(graph.as_str());
            written.insert(
                graph.as_str().to_owned(),
                GraphRecord {
                    hash: quads.hash.clone(),
                    quads: Some(quads.quads.len()),
                },
            );
            match loader.put(&graph, quads)? {
                Sync::Added => report.added += 1,
                Sync::Replaced => report.replaced += 1,
                Sync::Unchanged => {
                    report.unchanged += 1;
                    return Ok(());
                }
            }
            report.changed_graphs.push(graph.as_str().to_owned());
            Ok(())
        };
    let (graph, quads) = ontology_quads(&paths.ontology)?;
    if let Some(facts) = summary_facts.as_mut() {
        facts.extend(
            quads
                .quads
                .iter()
                .filter(|q| summary::Facts::counted(q))
                .cloned(),
        );
    }
    put(graph, quads, &mut report)?;
    let (graph, quads) = graph::gazetteer_quads(&gazetteer);
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
    // graphs the store keeps from the last build, as its record lists them
    let mut held: BTreeMap<String, GraphRecord> = BTreeMap::new();
    // one document at a time: its quads are written and dropped before the next is made
    let mut fresh_lines: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // each document's graph and entry, for after the sources are spent
    let documents: Vec<(String, usize)> = sources
        .iter()
        .map(|(graph, _, index)| (graph.as_str().to_owned(), *index))
        .collect();
    // a document's quads are made on every core, a chunk at a time so that few are held at
    // once, and handed to the store in the entries' order
    let mut sources = sources.into_iter().peekable();
    while sources.peek().is_some() {
        let chunk: Vec<(NamedNode, Source, usize)> = sources.by_ref().take(MADE_AT_ONCE).collect();
        let made: Vec<Option<MadeDocument>> = chunk
            .par_iter()
            .map(|(_, source, _)| match source {
                Source::Read { doc, facts, digest } => Some(make_document(
                    doc,
                    facts,
                    digest,
                    &meetings,
                    &gazetteer,
                    &provisions,
                    &themes,
                )),
                _ => None,
            })
            .collect();
        for ((graph, source, _), made) in chunk.into_iter().zip(made) {
            match source {
                Source::Kept(kept) => {
                    summary_facts = None;
                    // the store holds the graph the last build made of it
                    held.insert(
                        graph.as_str().to_owned(),
                        previous.graph(graph.as_str(), &kept.hash),
                    );
                    progress.step(graph.as_str());
                    report.unchanged += 1;
                    report.documents_ok += 1;
                    report.warnings.extend(kept.warnings.iter().cloned());
                    report.paragraphs += kept.paragraphs;
                    report.unresolved_names += kept.unresolved;
                    record.documents.insert(graph.as_str().to_owned(), *kept);
                }
                Source::Read { .. } => {
                    let Some(MadeDocument {
                        made,
                        described,
                        kept,
                    }) = made
                    else {
                        unreachable!("every document read was made");
                    };
                    if let Some(facts) = summary_facts.as_mut() {
                        facts.extend(
                            made.quads
                                .quads
                                .iter()
                                .chain(&described)
                                .filter(|q| summary::Facts::counted(q))
                                .cloned(),
                        );
                    }
                    report.documents_ok += 1;
                    report.read += 1;
                    report.warnings.extend(kept.warnings.iter().cloned());
                    report.paragraphs += kept.paragraphs;
                    report.unresolved_names += kept.unresolved;
                    put(made.graph, made.quads, &mut report)?;
                    fresh_lines.insert(graph.as_str().to_owned(), made.described);
                    record.documents.insert(graph.as_str().to_owned(), kept);
                }
                Source::Failed => {
                    // the store keeps its last good graph, and the record what that graph adds
                    if let Some(last) = previous.documents.get(graph.as_str()) {
                        summary_facts = None;
                        record
                            .documents
                            .insert(graph.as_str().to_owned(), last.clone());
                    }
                }
            }
        }
    }
    // the entities graph changes only when some document's share of it did
    let entities = iri::entities_graph();
    let recorded = store.recorded_hash(&entities)?;
    let lines = EntityLines::beside(&paths.store);
    let changed = changed_documents(&previous, &record, |d| d.described.clone());
    // the graph the store holds is the one the last build's lines made
    let trusted =
        !previous.entities.is_empty() && recorded.as_deref() == Some(previous.entities.as_str());
    let mut lines_to_save = LinesToSave::default();
    // the graph's quads when the last build left it, if the store holds that graph
    let last_entities = previous
        .graphs
        .get(entities.as_str())
        .filter(|g| trusted && g.hash == previous.entities)
        .and_then(|g| g.quads);
    let entities_quads: Option<usize>;
    let patch = if trusted && !changed.is_empty() {
        patch_entities(
            &store,
            &lines,
            &paths.store,
            &previous,
            &record,
            &fresh_lines,
            &changed,
        )?
    } else {
        None
    };
    if trusted && changed.is_empty() {
        // no document's share moved: nothing to read, count or write
        progress.step(entities.as_str());
        report.unchanged += 1;
        record.entities.clone_from(&previous.entities);
        entities_quads = last_entities;
    } else if let Some(patch) = patch {
        progress.step(entities.as_str());
        // a patch removes only lines the graph holds and adds only lines it lacks
        entities_quads =
            last_entities.map(|n| (n + patch.added.len()).saturating_sub(patch.removed.len()));
        if patch.removed.is_empty() && patch.added.is_empty() {
            report.unchanged += 1;
        } else {
            let quads = |lines: &[String]| {
                let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
                graph::entities_quads(&lines, String::new()).quads
            };
            store.patch_graph(
                &entities,
                &quads(&patch.removed),
                &quads(&patch.added),
                &patch.hash,
            )?;
            report.replaced += 1;
            report.changed_graphs.push(entities.as_str().to_owned());
        }
        record.entities.clone_from(&patch.hash);
        for graph in &changed {
            if let (Some(new), Some(document)) =
                (fresh_lines.remove(graph), record.documents.get(graph))
            {
                lines_to_save
                    .documents
                    .push((document.described.clone(), new));
            }
        }
        lines_to_save.shared = Some(patch.shared);
        lines_to_save.prune = !changed.is_empty();
    } else {
        // every document's lines: those read this time, else those the last build left, else
        // the document is read again for them
        let mut all: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut kept_files = BTreeSet::new();
        for (graph, document) in &record.documents {
            if let Some(new) = fresh_lines.remove(graph) {
                all.insert(graph.clone(), new);
            } else if let Some(last) = lines.read(&document.described) {
                kept_files.insert(graph.clone());
                all.insert(graph.clone(), last);
            }
        }
        for (graph, index) in &documents {
            if record.documents.contains_key(graph)
                && !all.contains_key(graph)
                && let Ok((_, Source::Read { doc, facts, .. })) =
                    read_source(paths, options, &entries[*index], &gazetteer, None)
            {
                let made = graph::document_quads(&doc, &facts, &meetings, &gazetteer);
                all.insert(graph.clone(), made.described);
            }
        }
        // every document's lines sorted together: the runs give the shared lines' counts
        let mut union: Vec<&str> = all.values().flatten().map(String::as_str).collect();
        union.sort_unstable();
        let mut shared = SharedLines::count(&union);
        union.dedup();
        let hash = LineSum::of(union.iter().copied()).to_hex();
        entities_quads = Some(union.len());
        if recorded.as_deref() == Some(hash.as_str()) {
            progress.step(entities.as_str());
            report.unchanged += 1;
        } else if recorded.is_some() {
            // patched against what the store holds: replacing a million quads in one
            // transaction took minutes and gigabytes, where the lines that differ are few
            let held = store.graph_lines(&entities)?;
            let held: Vec<&str> = held.iter().map(String::as_str).collect();
            let (removed, added) = difference(&held, &union);
            progress.step(entities.as_str());
            store.patch_graph(
                &entities,
                &graph::entities_quads(&removed, String::new()).quads,
                &graph::entities_quads(&added, String::new()).quads,
                &hash,
            )?;
            report.replaced += 1;
            report.changed_graphs.push(entities.as_str().to_owned());
        } else {
            put(
                entities,
                graph::entities_quads(&union, hash.clone()),
                &mut report,
            )?;
        }
        drop(union);
        shared.entities.clone_from(&hash);
        record.entities = hash;
        lines_to_save.shared = Some(shared);
        lines_to_save.documents = all
            .into_iter()
            .filter(|(graph, _)| !kept_files.contains(graph))
            .filter_map(|(graph, new)| Some((record.documents.get(&graph)?.described.clone(), new)))
            .collect();
        lines_to_save.prune = true;
    }
    // the documents' lines are written beside the commit, on the other core: at 10,000
    // documents, 10,000 files
    let writer = {
        let lines = lines.clone();
        let documents = std::mem::take(&mut lines_to_save.documents);
        std::thread::spawn(move || -> std::io::Result<()> {
            for (digest, document) in &documents {
                lines.write(digest, document)?;
            }
            Ok(())
        })
    };
    // a first build loads the summary with everything else: written afterwards in a
    // transaction, its quarter of a million quads at 10,000 documents took 15 s
    let mut summary_written = false;
    let mut summary_loaded = None;
    if bulk && let Some(facts) = &summary_facts {
        let tags: Vec<&summary::ThemeTags> = record.documents.values().map(|d| &d.themes).collect();
        let quads = summary::full(&summary::Facts::Quads(facts), &tags)?;
        let hash = summary_hash(&quads);
        summary_loaded = Some(distinct(&quads));
        put(
            iri::summary_graph(),
            GraphQuads {
                quads,
                hash: hash.clone(),
            },
            &mut report,
        )?;
        record.summary = hash;
        summary_written = true;
    }
    loader.commit()?;
    progress.finish();
    // keep the graphs of documents that failed this time: their last good facts stay
    let keep: BTreeSet<String> = written
        .keys()
        .cloned()
        .chain(documents.iter().map(|(graph, _)| graph.clone()))
        .chain(INSTRUMENTS.map(|k| iri::instrument(k).as_str().to_owned()))
        .chain([iri::entities_graph(), iri::summary_graph()].map(|g| g.as_str().to_owned()))
        .collect();
    // what the store holds: under the seal, the last build's graphs and this one's; else
    // every graph with a recorded hash
    let built: BTreeSet<String> = if sealed {
        previous
            .graphs
            .keys()
            .chain(written.keys())
            .cloned()
            .collect()
    } else {
        store
            .built_graphs()?
            .into_iter()
            .map(NamedNode::into_string)
            .collect()
    };
    for graph in built {
        if !keep.contains(&graph) {
            store.remove_graph(&NamedNode::new_unchecked(graph.as_str()))?;
            report.removed += 1;
            report.changed_graphs.push(graph);
            continue;
        }
        let listed = match written.remove(&graph).or_else(|| held.remove(&graph)) {
            Some(listed) => listed,
            None if sealed && let Some(last) = previous.graphs.get(&graph) => last.clone(),
            // a graph kept from before the last build's record, or whose document failed:
            // its hash from the store, its quads unknown
            None => GraphRecord {
                hash: store
                    .recorded_hash(&NamedNode::new_unchecked(graph.as_str()))?
                    .unwrap_or_default(),
                quads: None,
            },
        };
        record.graphs.insert(graph, listed);
    }
    record.graphs.insert(
        iri::entities_graph().into_string(),
        GraphRecord {
            hash: record.entities.clone(),
            quads: entities_quads,
        },
    );
    let summary_quads = if summary_written {
        summary_loaded
    } else {
        let facts = summary_facts
            .as_deref()
            .map_or(summary::Facts::Store(&store), summary::Facts::Quads);
        write_summary(&store, &facts, &previous, &mut record, &mut report)?
    };
    record.graphs.insert(
        iri::summary_graph().into_string(),
        GraphRecord {
            hash: record.summary.clone(),
            quads: summary_quads,
        },
    );
    // the store's quads: under the seal, the sum of the record's counts (counting walks every
    // key of an index, 0.9 s at 10,000 documents); else counted, which tells the next build
    // how many are in graphs no build wrote
    let listed = record.quads();
    (report.triples, record.unlisted) = match (listed, previous.unlisted) {
        (Some(listed), Some(unlisted)) if sealed => (listed + unlisted, Some(unlisted)),
        _ => {
            let all = store.len()?;
            (all, listed.map(|listed| all.saturating_sub(listed)))
        }
    };
    // without the record the next build is slower, not wrong; the lines go first, so that a
    // record never names lines that were not saved (each document's file is checked against
    // its record's digest, the counts against the entities graph's hash)
    let written = writer
        .join()
        .unwrap_or_else(|_| Err(std::io::Error::other("the writer of the lines failed")));
    let saved = written
        .and_then(|()| {
            let shared = lines_to_save.shared.take();
            shared.map_or(Ok(()), |shared| shared.save(&paths.store))
        })
        .and_then(|()| {
            // the seal goes on the store before the record naming it is saved: a record whose
            // seal the store lacks is checked graph by graph
            record.seal = BuildRecord::seal_of(&record.graphs);
            store.set_seal(&record.seal).map_err(std::io::Error::other)
        })
        .and_then(|()| record.save(&paths.store));
    match saved {
        // the files of lines no document has any more go once no record names them
        Ok(()) if lines_to_save.prune => lines.prune(
            &record
                .documents
                .values()
                .map(|d| d.described.as_str())
                .collect(),
        ),
        Ok(()) => {}
        Err(e) => report.warnings.push(format!(
            "{}: cannot save the build record ({e}); the next build reads every document",
            paths.store.display()
        )),
    }

    stamp(&paths.store);
    report.elapsed = started.elapsed();
    Ok(report)
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

/// The summary graph's hash: a [`LineSum`] of its triples' N-Triples lines, so that a patch
/// moves it by the lines it removes and adds.
fn summary_hash(quads: &[Quad]) -> String {
    let mut sum = LineSum::default();
    quads.iter().for_each(|q| sum.add(&summary_line(q)));
    sum.to_hex()
}

/// A summary quad as the line its hash sums: its triple in N-Triples.
fn summary_line(quad: &Quad) -> String {
    oxigraph::model::TripleRef::from(quad.as_ref()).to_string()
}

/// More changed documents than this, and the summary graph is made afresh rather than patched
/// meeting by meeting (a patch reads a few hundred index entries per meeting; making it afresh,
/// about two seconds at 10,000 documents).
const SUMMARY_PATCH_LIMIT: usize = 500;

/// Brings the summary graph up to date, in one transaction: patched around the documents whose
/// facts changed when the store holds the graph the last build made, else made afresh and
/// written where it differs. Left alone when no document's facts changed. Returns the graph's
/// quads, where known.
fn write_summary(
    store: &GraphStore,
    facts: &summary::Facts<'_>,
    previous: &BuildRecord,
    record: &mut BuildRecord,
    report: &mut BuildReport,
) -> Result<Option<usize>, BuildError> {
    let graph = iri::summary_graph();
    let recorded = store.recorded_hash(&graph)?;
    let last = LineSum::parse(&previous.summary)
        .filter(|_| recorded.as_deref() == Some(previous.summary.as_str()));
    let mut quads_held = last.and_then(|_| {
        previous
            .graphs
            .get(graph.as_str())
            .filter(|g| g.hash == previous.summary)
            .and_then(|g| g.quads)
    });
    let changed = changed_documents(previous, record, |d| (d.hash.clone(), d.described.clone()));
    let tags: Vec<&summary::ThemeTags> = record.documents.values().map(|d| &d.themes).collect();
    let hash = match last {
        Some(_) if changed.is_empty() => None,
        Some(mut sum) if changed.len() <= SUMMARY_PATCH_LIMIT => {
            let nodes: BTreeSet<String> = changed
                .iter()
                .flat_map(|g| [previous.documents.get(g), record.documents.get(g)])
                .flatten()
                .flat_map(|d| d.bearings.iter().cloned())
                .collect();
            let patch = summary::patch(store, &nodes, &tags)?;
            if patch.removed.is_empty() && patch.added.is_empty() {
                None
            } else {
                patch
                    .removed
                    .iter()
                    .for_each(|q| sum.remove(&summary_line(q)));
                patch.added.iter().for_each(|q| sum.add(&summary_line(q)));
                // a patch removes only quads the graph holds and adds only quads it lacks
                quads_held =
                    quads_held.map(|n| (n + patch.added.len()).saturating_sub(patch.removed.len()));
                let hash = sum.to_hex();
                store.patch_graph(&graph, &patch.removed, &patch.added, &hash)?;
                Some(hash)
            }
        }
        _ => {
            let quads = summary::full(facts, &tags)?;
            let hash = summary_hash(&quads);
            quads_held = Some(distinct(&quads));
            if recorded.as_deref() == Some(hash.as_str()) {
                None
            } else if recorded.is_some() {
                let held: std::collections::HashSet<Quad> = store
                    .quads(None, None, None, Some(graph.as_ref().into()))?
                    .into_iter()
                    .collect();
                let made: std::collections::HashSet<Quad> = quads.into_iter().collect();
                let removed: Vec<Quad> = held.difference(&made).cloned().collect();
                let added: Vec<Quad> = made.difference(&held).cloned().collect();
                store.patch_graph(&graph, &removed, &added, &hash)?;
                Some(hash)
            } else {
                store.load_graph(&graph, &quads, &hash)?;
                report.added += 1;
                report.changed_graphs.push(graph.as_str().to_owned());
                record.summary = hash;
                return Ok(quads_held);
            }
        }
    };
    match hash {
        Some(hash) => {
            report.replaced += 1;
            report.changed_graphs.push(graph.as_str().to_owned());
            record.summary = hash;
        }
        None => {
            report.unchanged += 1;
            record.summary = recorded.unwrap_or_default();
        }
    }
    Ok(quads_held)
}

/// How many different quads there are among `quads`.
fn distinct(quads: &[Quad]) -> usize {
    quads.iter().collect::<std::collections::HashSet<_>>().len()
}

/// What is in `old` and not in `new`, and what is in `new` and not in `old` (both sorted).
fn difference<'a>(old: &[&'a str], new: &[&'a str]) -> (Vec<&'a str>, Vec<&'a str>) {
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a == b => (i, j) = (i + 1, j + 1),
            (Some(a), Some(b)) if a < b => {
                removed.push(*a);
                i += 1;
            }
            (Some(a), None) => {
                removed.push(*a);
                i += 1;
            }
            (_, Some(b)) => {
                added.push(*b);
                j += 1;
            }
            (None, None) => break,
        }
    }
    (removed, added)
}

/// The entities lines a build leaves for the next one.
#[derive(Default)]
struct LinesToSave {
    /// Lines of the documents read this time, by digest.
    documents: Vec<(String, Vec<String>)>,
    /// The counts of the lines several documents state.
    shared: Option<SharedLines>,
    /// Whether some document's lines changed, so that the files of lines no document has any
    /// more are removed.
    prune: bool,
}

/// What the documents whose share changed do to the entities graph.
struct EntitiesPatch {
    /// Lines no document states any more.
    removed: Vec<String>,
    /// Lines no document stated before.
    added: Vec<String>,
    /// The graph's hash after the change.
    hash: String,
    /// The counts after the change.
    shared: SharedLines,
}

/// The change to the entities graph, worked out from the lines of the documents whose share
/// changed and the counts of shared lines, without reading the other documents' lines: a
/// line a document dropped leaves the graph only if no other document states it, and a line
/// it added joins it only if none did. `None` when a document's last lines or the counts are
/// missing or disagree, and the graph must be made from every document's lines.
fn patch_entities(
    store: &GraphStore,
    lines: &EntityLines,
    store_dir: &Path,
    previous: &BuildRecord,
    record: &BuildRecord,
    fresh: &BTreeMap<String, Vec<String>>,
    changed: &[String],
) -> Result<Option<EntitiesPatch>, BuildError> {
    let (Some(mut sum), Some(mut shared)) = (
        LineSum::parse(&previous.entities),
        SharedLines::load(store_dir, &previous.entities),
    ) else {
        return Ok(None);
    };
    // how many more (or fewer) documents state each line
    let mut delta: BTreeMap<String, i64> = BTreeMap::new();
    for graph in changed {
        let old = match previous.documents.get(graph) {
            Some(last) => match lines.read(&last.described) {
                Some(old) => old,
                None => return Ok(None),
            },
            None => Vec::new(),
        };
        let new = match (record.documents.get(graph), fresh.get(graph)) {
            (None, _) => &[][..],
            (Some(_), Some(new)) => new.as_slice(),
            (Some(_), None) => return Ok(None),
        };
        for line in old {
            *delta.entry(line).or_default() -= 1;
        }
        for line in new {
            *delta.entry(line.clone()).or_default() += 1;
        }
    }
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    for (line, change) in delta {
        if change == 0 {
            continue;
        }
        let before = match shared.counts.get(&line) {
            Some(&n) => i64::from(n),
            // a dropped line absent from the counts was stated by this document alone
            None if change < 0 => 1,
            None => i64::from(entities_hold(store, &line)?),
        };
        let after = before + change;
        if after < 0 {
            return Ok(None);
        }
        match u32::try_from(after) {
            Ok(n) if n >= 2 => {
                shared.counts.insert(line.clone(), n);
            }
            _ => {
                shared.counts.remove(&line);
            }
        }
        if before == 0 && after > 0 {
            sum.add(&line);
            added.push(line);
        } else if before > 0 && after == 0 {
            sum.remove(&line);
            removed.push(line);
        }
    }
    let hash = sum.to_hex();
    shared.entities.clone_from(&hash);
    Ok(Some(EntitiesPatch {
        removed,
        added,
        hash,
        shared,
    }))
}

/// Whether the entities graph holds the triple of an N-Triples line.
fn entities_hold(store: &GraphStore, line: &str) -> Result<bool, BuildError> {
    let quads = graph::entities_quads(&[line], String::new()).quads;
    match quads.first() {
        Some(quad) => Ok(store.contains(quad)?),
        None => Ok(false),
    }
}

/// The last build, as a document's reading consults it.
#[derive(Clone, Copy)]
struct LastBuild<'a> {
    store: &'a GraphStore,
    record: &'a BuildRecord,
    /// Whether the store bears the record's seal, and so holds the graphs it lists.
    sealed: bool,
    /// The graph the file made at the last build.
    graph: Option<&'a str>,
}

/// A document's graph and source, left unread when the last build's record and the store show
/// it unchanged (with no record to consult, always read).
fn read_source(
    paths: &Paths,
    options: &BuildOptions,
    entry: &Entry,
    gazetteer: &Gazetteer,
    last_build: Option<LastBuild<'_>>,
) -> Result<(NamedNode, Source), BuildError> {
    let bytes = corpus::read_bytes(&paths.data, entry, options.max_document_size)?;
    let digest = cache::source_digest(entry, &bytes);
    if let Some(LastBuild {
        store,
        record,
        sealed,
        graph: Some(graph),
    }) = last_build
        && let Some(last) = record.documents.get(graph)
        && last.source == digest
    {
        let graph = NamedNode::new_unchecked(graph);
        if sealed || store.recorded_hash(&graph)?.as_deref() == Some(last.hash.as_str()) {
            return Ok((graph, Source::Kept(Box::new(last.clone()))));
        }
    }
    // a text that stops mid-sentence is refused where the file was read before (its last good
    // graph stays); a new file gives what it has
    let cut = match last_build {
        Some(LastBuild { graph: None, .. }) => corpus::Cut::Kept,
        _ => corpus::Cut::Refused,
    };
    let doc = corpus::document_from_bytes_as(&paths.data, entry, &bytes, cut)?;
    let facts = extract::extract_document(&doc, gazetteer);
    Ok((
        graph_of(&doc, &facts),
        Source::Read {
            doc: Box::new(doc),
            facts: Box::new(facts),
            digest,
        },
    ))
}

/// The paragraphs each language version shares with the document's other versions, set on the
/// facts of the versions read; a version kept from the last build whose share changed (a
/// version came or went, or changed its paragraphs) is read again with `reread`.
fn link_versions(
    sources: &mut [(NamedNode, Source, usize)],
    previous: &BuildRecord,
    mut reread: impl FnMut(&NamedNode, usize) -> Source,
) {
    // document IRI → language → local ids; the version graph is `{document}/{language}`
    let mut versions: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (graph, source, _) in sources.iter() {
        let Some((document, language)) = graph.as_str().rsplit_once('/') else {
            continue;
        };
        let ids: BTreeSet<String> = match source {
            Source::Kept(kept) => kept.local_ids.iter().cloned().collect(),
            Source::Read { doc, .. } => doc.blocks.iter().filter_map(Block::local_id).collect(),
            Source::Failed => previous
                .documents
                .get(graph.as_str())
                .map(|last| last.local_ids.iter().cloned().collect())
                .unwrap_or_default(),
        };
        versions
            .entry(document.to_owned())
            .or_default()
            .insert(language.to_owned(), ids);
    }
    for (graph, source, index) in sources.iter_mut() {
        let Some((document, language)) = graph.as_str().rsplit_once('/') else {
            continue;
        };
        let Some(all) = versions.get(document) else {
            continue;
        };
        let own = &all[language];
        let counterparts: Vec<(String, BTreeSet<String>)> = all
            .iter()
            .filter(|(other, _)| *other != language)
            .map(|(other, ids)| (other.clone(), own.intersection(ids).cloned().collect()))
            .filter(|(_, shared): &(String, BTreeSet<String>)| !shared.is_empty())
            .collect();
        if let Source::Kept(kept) = source
            && kept.counterparts != counterpart_digest(&counterparts)
        {
            *source = reread(graph, *index);
        }
        if let Source::Read { facts, .. } = source {
            facts.counterparts = counterparts;
        }
    }
}

/// Digest of a version's links to the others.
fn counterpart_digest(counterparts: &[(String, BTreeSet<String>)]) -> String {
    if counterparts.is_empty() {
        return String::new();
    }
    crate::store::hash_lines(
        counterparts
            .iter()
            .flat_map(|(language, ids)| ids.iter().map(move |id| format!("{language}\t{id}")))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
    )
}

/// Two files that give the same language version: the one whose graph the store holds from the
/// last build is kept, else the first by path; the other is an error naming both, or a note
/// when it holds the same text.
fn resolve_duplicates(
    data: &Path,
    sources: &mut Vec<(NamedNode, Source, usize)>,
    entries: &[Entry],
    last_graphs: &BTreeMap<&str, &str>,
    report: &mut BuildReport,
) {
    let mut by_graph: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (position, (graph, _, _)) in sources.iter().enumerate() {
        by_graph
            .entry(graph.as_str().to_owned())
            .or_default()
            .push(position);
    }
    let mut dropped = BTreeSet::new();
    for (graph, positions) in by_graph.into_iter().filter(|(_, p)| p.len() > 1) {
        let file = |position: usize| entries[sources[position].2].file.as_str();
        let keeper = positions
            .iter()
            .copied()
            .find(|&p| last_graphs.get(file(p)) == Some(&graph.as_str()))
            .unwrap_or(positions[0]);
        for &other in positions.iter().filter(|&&p| p != keeper) {
            let same = match (&sources[keeper].1, &sources[other].1) {
                (Source::Read { doc: a, .. }, Source::Read { doc: b, .. }) => a.blocks == b.blocks,
                (Source::Kept(_), Source::Read { doc, .. }) => {
                    // the kept file is not read again: the same bytes are the same text
                    let kept = std::fs::read(data.join(file(keeper)));
                    let other = std::fs::read(&doc.path);
                    matches!((kept, other), (Ok(a), Ok(b)) if a == b)
                }
                _ => false,
            };
            let version = graph.trim_start_matches(crate::vocab::ID);
            let (other_file, keeper_file) = (
                data.join(file(other)).display().to_string(),
                data.join(file(keeper)).display().to_string(),
            );
            if same {
                report.warnings.push(format!(
                    "{other_file}: the same text as {keeper_file} ({version}); skipped"
                ));
            } else {
                report.errors.push(format!(
                    "{other_file}: claims {version}, which {keeper_file} already gives with other text; {keeper_file} is kept until one of the two is removed (or the manifest gives one of them another symbol)"
                ));
            }
            dropped.insert(other);
        }
    }
    let mut position = 0;
    sources.retain(|_| {
        position += 1;
        !dropped.contains(&(position - 1))
    });
}

/// Citations of provisions an instrument the corpus has does not have.
/// Documents whose quads are made at once, on every core, before they go to the store.
const MADE_AT_ONCE: usize = 256;

/// What a document read gives the store and the build record.
struct MadeDocument {
    made: graph::DocumentGraph,
    /// The entities lines the summary reads, as quads.
    described: Vec<Quad>,
    kept: DocumentRecord,
}

/// A read document's quads, its warnings and its record: the work on one document that needs
/// nothing from the others, so documents are made in parallel.
fn make_document(
    doc: &SourceDocument,
    facts: &DocumentFacts,
    digest: &str,
    meetings: &MeetingIndex,
    gazetteer: &Gazetteer,
    provisions: &BTreeSet<(String, Vec<String>)>,
    themes: &BTreeSet<String>,
) -> MadeDocument {
    let made = graph::document_quads(doc, facts, meetings, gazetteer);
    let mut warnings = extraction_warnings(doc, facts);
    for w in &made.warnings {
        warnings.push(format!(
            "{}: {}: {}",
            doc.path.display(),
            w.place,
            w.message
        ));
    }
    warnings.extend(dangling_citations(doc, facts, provisions));
    let described =
        graph::entities_quads(&summary::bearing_lines(&made.described), String::new()).quads;
    let kept = DocumentRecord {
        file: doc.entry.file.clone(),
        local_ids: doc.blocks.iter().filter_map(Block::local_id).collect(),
        counterparts: counterpart_digest(&facts.counterparts),
        source: digest.to_owned(),
        hash: made.quads.hash.clone(),
        meetings: MeetingIndex::entries_of(facts),
        described: crate::store::hash_lines(made.described.iter().map(String::as_str)),
        paragraphs: doc.blocks.iter().filter(|b| b.number.is_some()).count(),
        unresolved: facts.unresolved.len(),
        themes: summary::theme_tags(&made.quads.quads, themes),
        bearings: summary::bearings(&made.quads.quads, &described),
        warnings,
    };
    MadeDocument {
        made,
        described,
        kept,
    }
}

fn dangling_citations(
    doc: &SourceDocument,
    facts: &DocumentFacts,
    provisions: &BTreeSet<(String, Vec<String>)>,
) -> Vec<String> {
    facts
        .citations
        .iter()
        .filter_map(|(block, citation)| match citation {
            Citation::Provision(key, path)
                if provisions.iter().any(|(k, _)| k == key)
                    && !provisions.contains(&(key.clone(), path.clone())) =>
            {
                Some(format!(
                    "{}: {}: cites {} which the instrument does not have",
                    doc.path.display(),
                    doc.blocks[*block],
                    graph::provision_label(key, path)
                ))
            }
            _ => None,
        })
        .collect()
}

fn ontology_quads(dir: &Path) -> Result<(NamedNode, GraphQuads), BuildError> {
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
    Ok((graph, GraphQuads::new(quads)))
}

/// The instruments under `data/instruments/`, by key.
const INSTRUMENTS: [&str; 4] = ["UNTOC", "SOM", "TIP", "FIREARMS"];

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_difference_of_two_sorted_sets_is_what_each_has_alone() {
        let old = ["a", "b", "d", "f"];
        let new = ["b", "c", "d", "g", "h"];
        assert_eq!(
            difference(&old, &new),
            (vec!["a", "f"], vec!["c", "g", "h"])
        );
        assert_eq!(difference(&[], &new), (vec![], new.to_vec()));
        assert_eq!(difference(&old, &old), (vec![], vec![]));
    }
}
