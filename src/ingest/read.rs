//! Reading: the documents of a corpus read and extracted, for `ctockg documents` and for a
//! build. A build leaves unread a document the last build saw unchanged, settles which meetings
//! the corpus dates, and links each language version to the paragraphs of the others.

use oxigraph::model::NamedNode;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::record::{self, BuildRecord, DocumentRecord};
use super::{Build, BuildError, BuildOptions, BuildReport, Paths, Progress};
use crate::corpus::{self, Block, Entry, Manifest, Place, Problem, ProblemKind, SourceDocument};
use crate::extract::resolve::MeetingIndex;
use crate::extract::{self, DocId, DocumentFacts};
use crate::gazetteer::Gazetteer;
use crate::graph::iri;
use crate::store::GraphStore;

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
    /// Documents that could not be read.
    pub errors: Vec<Problem>,
    /// What reading and extraction found amiss.
    pub warnings: Vec<Problem>,
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
            Err(e) => errors.push(e.problem()),
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
pub(super) fn extraction_warnings(doc: &SourceDocument, facts: &DocumentFacts) -> Vec<Problem> {
    let file = &doc.path;
    let mut warnings: Vec<Problem> = doc
        .irregularities
        .iter()
        .take(IRREGULARITIES_SHOWN)
        .map(|irregularity| {
            Problem::new(ProblemKind::Numbering, file, irregularity.to_string())
                .at(doc.place(irregularity.line))
        })
        .collect();
    if let Some(more) = doc
        .irregularities
        .len()
        .checked_sub(IRREGULARITIES_SHOWN)
        .filter(|&more| more > 0)
    {
        warnings.push(Problem::new(
            ProblemKind::Numbering,
            file,
            format!("{more} more paragraph numbers out of sequence (their text is kept)"),
        ));
    }
    warnings.extend(doc.warnings.iter().cloned());
    warnings.extend(doc.guesses.iter().map(|guess| {
        Problem::new(ProblemKind::Layout, file, guess.to_string()).at(doc.place(guess.line))
    }));
    warnings.extend(manifest_disagreements(doc, facts));
    if let Some(DocId::Local(slug)) = &facts.id
        && doc.meta.local_id.is_none()
    {
        warnings.push(Problem::new(
            ProblemKind::NoSymbol,
            file,
            format!("no symbol on its front page and none in the manifest: ingested as doc/local/{slug} (give `symbol` in the manifest if it has one)"),
        ));
    }
    for name in &facts.unresolved {
        warnings.push(
            Problem::new(
                ProblemKind::UnknownName,
                file,
                format!("unknown name \"{}\" (add it to data/gazetteer)", name.name),
            )
            .at(Place::Block(doc.blocks[name.block].to_string())),
        );
    }
    warnings
}

/// Where the manifest and the text both speak, they should agree; where they do not, the
/// manifest wins and the difference is said.
pub fn manifest_disagreements(doc: &SourceDocument, facts: &DocumentFacts) -> Vec<Problem> {
    facts
        .overridden
        .iter()
        .map(|(what, manifest, text)| {
            Problem::new(
                ProblemKind::Manifest,
                &doc.path,
                format!("the manifest says {what} {manifest}, the text says {text}; the manifest's is kept"),
            )
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
) -> Result<Problem, Problem> {
    let id = facts
        .id
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let lang = second.meta.language();
    if first.blocks == second.blocks {
        Ok(Problem::new(
            ProblemKind::Duplicate,
            &second.path,
            format!(
                "the same text as {} ({id}, {lang}); skipped",
                first.path.display()
            ),
        ))
    } else {
        Err(Problem::new(
            ProblemKind::Duplicate,
            &second.path,
            format!(
                "claims {id} in {lang}, which {} already gives with other text; {} is kept until one of the two is removed (or the manifest gives one of them another symbol)",
                first.path.display(),
                first.meta.file
            ),
        ))
    }
}

/// A document as this build has it.
pub(super) enum Source {
    /// Unchanged since the last build, which made the graph the store holds: not read again.
    Unchanged(Box<DocumentRecord>),
    /// Read and extracted.
    Read {
        doc: Box<SourceDocument>,
        facts: Box<DocumentFacts>,
        digest: String,
    },
    /// Could not be read; its last good graph stays.
    Failed,
}

/// A document of the corpus as this build has it: its graph, its source and its manifest entry
/// (an index into [`Build::entries`]).
pub(super) struct Sourced {
    pub graph: NamedNode,
    pub source: Source,
    pub entry: usize,
}

impl Build<'_> {
    /// Phase 1: every document's source, read and extracted on every core unless the last
    /// build left it unchanged; a file that fails keeps its last good graph. The results come
    /// back in the entries' order, so the store is written as a sequential build would write it.
    pub(super) fn read_sources(&mut self) -> Vec<Sourced> {
        // the graph each file made at the last build
        let last_graphs: BTreeMap<&str, &str> = self
            .previous
            .documents
            .iter()
            .map(|(graph, document)| (document.file.as_str(), graph.as_str()))
            .collect();
        self.progress.start("reading", self.entries.len());
        let read: Vec<Result<(NamedNode, Source), BuildError>> = self
            .entries
            .par_iter()
            .map(|entry| {
                self.progress.step(&entry.file);
                let last_build = LastBuild {
                    store: self.store,
                    record: &self.previous,
                    sealed: self.sealed,
                    graph: last_graphs.get(entry.file.as_str()).copied(),
                };
                read_source(
                    self.paths,
                    self.options,
                    entry,
                    &self.gazetteer,
                    Some(last_build),
                )
            })
            .collect();
        let mut sources = Vec::with_capacity(self.entries.len());
        for (index, (entry, read)) in self.entries.iter().zip(read).enumerate() {
            let (graph, source) = match read {
                Ok(read) => read,
                Err(e) => {
                    let file = self.paths.data.join(&entry.file);
                    self.report.errors.push(e.problem(&file));
                    // its last good graph stays, if it made one
                    match last_graphs.get(entry.file.as_str()) {
                        Some(graph) => (NamedNode::new_unchecked(*graph), Source::Failed),
                        None => continue,
                    }
                }
            };
            sources.push(Sourced {
                graph,
                source,
                entry: index,
            });
        }
        self.progress.finish();
        resolve_duplicates(
            &self.paths.data,
            &mut sources,
            &self.entries,
            &last_graphs,
            &mut self.report,
        );
        sources
    }

    /// Phase 2: the meetings every document dates. A failed document's last ones still count,
    /// since its last graph stays. When they differ from the last build's, references by
    /// ordinal may settle otherwise: every document is made again.
    pub(super) fn settle_meetings(&mut self, sources: &mut [Sourced]) -> MeetingIndex {
        let meetings = MeetingIndex::from_entries(sources.iter().flat_map(|sourced| {
            match &sourced.source {
                Source::Unchanged(last) => last.meetings.clone(),
                Source::Read { facts, .. } => MeetingIndex::entries_of(facts),
                Source::Failed => self
                    .previous
                    .documents
                    .get(sourced.graph.as_str())
                    .map(|r| r.meetings.clone())
                    .unwrap_or_default(),
            }
        }));
        if meetings.digest() != self.previous.meetings {
            for sourced in sources.iter_mut() {
                if matches!(sourced.source, Source::Unchanged(_)) {
                    sourced.source = self.reread(sourced.entry);
                }
            }
        }
        self.record.meetings = meetings.digest();
        meetings
    }

    /// Phase 3: the paragraphs each language version shares with the document's other
    /// versions; an unchanged version whose share changed is read again.
    pub(super) fn link_versions(&mut self, sources: &mut [Sourced]) {
        let Self {
            paths,
            options,
            entries,
            gazetteer,
            previous,
            report,
            ..
        } = self;
        link_versions(sources, previous, |entry| {
            reread(paths, options, &entries[entry], gazetteer, report)
        });
    }

    /// A document read again, whatever the last build left.
    fn reread(&mut self, entry: usize) -> Source {
        reread(
            self.paths,
            self.options,
            &self.entries[entry],
            &self.gazetteer,
            &mut self.report,
        )
    }
}

/// A document read again, whatever the last build left.
fn reread(
    paths: &Paths,
    options: &BuildOptions,
    entry: &Entry,
    gazetteer: &Gazetteer,
    report: &mut BuildReport,
) -> Source {
    read_source(paths, options, entry, gazetteer, None)
        .map(|(_, source)| source)
        .unwrap_or_else(|e| {
            report.errors.push(e.problem(&paths.data.join(&entry.file)));
            Source::Failed
        })
}

/// The last build, as a document's reading consults it.
#[derive(Clone, Copy)]
pub(super) struct LastBuild<'a> {
    store: &'a GraphStore,
    record: &'a BuildRecord,
    /// Whether the store bears the record's seal, and so holds the graphs it lists.
    sealed: bool,
    /// The graph the file made at the last build.
    graph: Option<&'a str>,
}

/// A document's graph and source, left unread when the last build's record and the store show
/// it unchanged (with no record to consult, always read).
pub(super) fn read_source(
    paths: &Paths,
    options: &BuildOptions,
    entry: &Entry,
    gazetteer: &Gazetteer,
    last_build: Option<LastBuild<'_>>,
) -> Result<(NamedNode, Source), BuildError> {
    let bytes = corpus::read_bytes(&paths.data, entry, options.max_document_size)?;
    let digest = record::source_digest(entry, &bytes);
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
            return Ok((graph, Source::Unchanged(Box::new(last.clone()))));
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
/// facts of the versions read; a version unchanged since the last build whose share changed (a
/// version came or went, or changed its paragraphs) is read again with `reread`.
fn link_versions(
    sources: &mut [Sourced],
    previous: &BuildRecord,
    mut reread: impl FnMut(usize) -> Source,
) {
    // document IRI → language → local ids; the version graph is `{document}/{language}`
    let mut versions: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for Sourced { graph, source, .. } in sources.iter() {
        let Some((document, language)) = graph.as_str().rsplit_once('/') else {
            continue;
        };
        let ids: BTreeSet<String> = match source {
            Source::Unchanged(last) => last.local_ids.iter().cloned().collect(),
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
    for Sourced {
        graph,
        source,
        entry,
    } in sources.iter_mut()
    {
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
        if let Source::Unchanged(last) = source
            && last.counterparts != counterpart_digest(&counterparts)
        {
            *source = reread(*entry);
        }
        if let Source::Read { facts, .. } = source {
            facts.counterparts = counterparts;
        }
    }
}

/// Digest of a version's links to the others.
pub(super) fn counterpart_digest(counterparts: &[(String, BTreeSet<String>)]) -> String {
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
    sources: &mut Vec<Sourced>,
    entries: &[Entry],
    last_graphs: &BTreeMap<&str, &str>,
    report: &mut BuildReport,
) {
    let mut by_graph: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (position, Sourced { graph, .. }) in sources.iter().enumerate() {
        by_graph
            .entry(graph.as_str().to_owned())
            .or_default()
            .push(position);
    }
    let mut dropped = BTreeSet::new();
    for (graph, positions) in by_graph.into_iter().filter(|(_, p)| p.len() > 1) {
        let file = |position: usize| entries[sources[position].entry].file.as_str();
        let keeper = positions
            .iter()
            .copied()
            .find(|&p| last_graphs.get(file(p)) == Some(&graph.as_str()))
            .unwrap_or(positions[0]);
        for &other in positions.iter().filter(|&&p| p != keeper) {
            let same = match (&sources[keeper].source, &sources[other].source) {
                (Source::Read { doc: a, .. }, Source::Read { doc: b, .. }) => a.blocks == b.blocks,
                (Source::Unchanged(_), Source::Read { doc, .. }) => {
                    // the unchanged file is not read again: the same bytes are the same text
                    let unchanged = std::fs::read(data.join(file(keeper)));
                    let other = std::fs::read(&doc.path);
                    matches!((unchanged, other), (Ok(a), Ok(b)) if a == b)
                }
                _ => false,
            };
            let version = graph.trim_start_matches(crate::vocab::ID);
            let other_file = data.join(file(other));
            let keeper_file = data.join(file(keeper)).display().to_string();
            if same {
                report.warnings.push(Problem::new(
                    ProblemKind::Duplicate,
                    &other_file,
                    format!("the same text as {keeper_file} ({version}); skipped"),
                ));
            } else {
                report.errors.push(Problem::new(
                    ProblemKind::Duplicate,
                    &other_file,
                    format!("claims {version}, which {keeper_file} already gives with other text; {keeper_file} is kept until one of the two is removed (or the manifest gives one of them another symbol)"),
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
