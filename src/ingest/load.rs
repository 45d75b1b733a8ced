//! Loading: the fixed graphs (ontology, gazetteer, instruments) and each document's graph handed
//! to the store's loader, documents made on every core a chunk at a time.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::read::{Source, Sourced, counterpart_digest, extraction_warnings};
use super::record::{DocumentRecord, GraphRecord};
use super::{Build, BuildError, BuildReport, Progress, summary};
use crate::corpus::{Block, Place, Problem, ProblemKind, SourceDocument};
use crate::extract::instrument::parse_instrument;
use crate::extract::resolve::MeetingIndex;
use crate::extract::{Citation, DocumentFacts};
use crate::gazetteer::Gazetteer;
use crate::graph::{self, GraphQuads, iri};
use crate::store::{GraphLoader, GraphStore, Sync};

/// The instruments under `data/instruments/`, by key.
pub(super) const INSTRUMENTS: [&str; 4] = ["UNTOC", "SOM", "TIP", "FIREARMS"];

/// Documents whose quads are made at once, on every core, before they go to the store.
const MADE_AT_ONCE: usize = 256;

/// A provision of an instrument: its key and its path (article, paragraph, point).
type Provision = (String, Vec<String>);

/// The store's loader, and the graphs handed to it as the build record will list them.
pub(super) struct Loading<'a> {
    loader: GraphLoader<'a>,
    progress: &'a dyn Progress,
    /// The graphs this build handed to the store.
    written: BTreeMap<String, GraphRecord>,
}

impl<'a> Loading<'a> {
    pub(super) fn new(
        store: &'a GraphStore,
        progress: &'a dyn Progress,
    ) -> Result<Self, BuildError> {
        Ok(Self {
            loader: store.loader()?,
            progress,
            written: BTreeMap::new(),
        })
    }

    /// Whether this is a first build, loading in bulk.
    pub(super) fn is_bulk(&self) -> bool {
        matches!(self.loader, GraphLoader::Bulk { .. })
    }

    /// Hands one graph to the store, and counts it as added, replaced or unchanged.
    pub(super) fn put(
        &mut self,
        graph: NamedNode,
        quads: GraphQuads,
        report: &mut BuildReport,
    ) -> Result<(), BuildError> {
        self.progress.step(graph.as_str());
        self.written.insert(
            graph.as_str().to_owned(),
            GraphRecord {
                hash: quads.hash.clone(),
                quads: Some(quads.quads.len()),
            },
        );
        match self.loader.put(&graph, quads)? {
            Sync::Added => report.added += 1,
            Sync::Replaced => report.replaced += 1,
            Sync::Unchanged => {
                report.unchanged += 1;
                return Ok(());
            }
        }
        report.changed_graphs.push(graph.as_str().to_owned());
        Ok(())
    }

    /// Makes what was handed over visible; gives back the graphs written.
    pub(super) fn commit(self) -> Result<BTreeMap<String, GraphRecord>, BuildError> {
        self.loader.commit()?;
        Ok(self.written)
    }
}

/// What loading the documents leaves for the phases after it.
pub(super) struct Loaded {
    /// Graphs the store keeps from the last build, as its record lists them.
    pub held: BTreeMap<String, GraphRecord>,
    /// The entities lines of each document read this time, by graph.
    pub fresh_lines: BTreeMap<String, Vec<String>>,
    /// Each document's graph and manifest entry.
    pub documents: Vec<(String, usize)>,
}

impl Build<'_> {
    /// Phase 4: the ontology, the gazetteer and the instruments. Gives back the provisions the
    /// instruments hold, against which citations are checked.
    pub(super) fn load_fixed_graphs(
        &mut self,
        loading: &mut Loading<'_>,
    ) -> Result<BTreeSet<Provision>, BuildError> {
        let (graph, quads) = ontology_quads(&self.paths.ontology)?;
        if let Some(facts) = self.summary_facts.as_mut() {
            facts.extend(
                quads
                    .quads
                    .iter()
                    .filter(|q| summary::Facts::counted(q))
                    .cloned(),
            );
        }
        loading.put(graph, quads, &mut self.report)?;
        let (graph, quads) = graph::gazetteer_quads(&self.gazetteer);
        loading.put(graph, quads, &mut self.report)?;
        let mut provisions = BTreeSet::new();
        for instrument in INSTRUMENTS {
            let path = self
                .paths
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
                        loading.put(graph, quads, &mut self.report)?;
                    }
                    Err(e) => self.report.errors.push(Problem::new(
                        ProblemKind::Instrument,
                        &path,
                        e.to_string(),
                    )),
                },
                Err(e) => self.report.errors.push(Problem::new(
                    ProblemKind::Instrument,
                    &path,
                    format!("cannot read: {e}"),
                )),
            }
        }
        Ok(provisions)
    }

    /// Phase 5: each document's graph, in the entries' order. A document read is made on
    /// every core, a chunk at a time so that few are held at once, and its quads are written
    /// and dropped before the next chunk; an unchanged one is left as the store holds it.
    pub(super) fn load_documents(
        &mut self,
        loading: &mut Loading<'_>,
        sources: Vec<Sourced>,
        meetings: &MeetingIndex,
        provisions: &BTreeSet<Provision>,
    ) -> Result<Loaded, BuildError> {
        let themes: BTreeSet<String> = self
            .gazetteer
            .themes
            .iter()
            .map(|theme| iri::theme(&theme.key).into_string())
            .collect();
        let mut loaded = Loaded {
            held: BTreeMap::new(),
            fresh_lines: BTreeMap::new(),
            documents: sources
                .iter()
                .map(|sourced| (sourced.graph.as_str().to_owned(), sourced.entry))
                .collect(),
        };
        let mut sources = sources.into_iter().peekable();
        while sources.peek().is_some() {
            let chunk: Vec<Sourced> = sources.by_ref().take(MADE_AT_ONCE).collect();
            let gazetteer = &self.gazetteer;
            let made: Vec<Option<MadeDocument>> = chunk
                .par_iter()
                .map(|sourced| match &sourced.source {
                    Source::Read { doc, facts, digest } => Some(make_document(
                        doc, facts, digest, meetings, gazetteer, provisions, &themes,
                    )),
                    _ => None,
                })
                .collect();
            for (sourced, made) in chunk.into_iter().zip(made) {
                self.load_document(loading, sourced, made, &mut loaded)?;
            }
        }
        Ok(loaded)
    }

    /// One document's graph to the store, its record to the build record.
    fn load_document(
        &mut self,
        loading: &mut Loading<'_>,
        Sourced { graph, source, .. }: Sourced,
        made: Option<MadeDocument>,
        loaded: &mut Loaded,
    ) -> Result<(), BuildError> {
        let graph = graph.into_string();
        match source {
            Source::Unchanged(last) => {
                self.summary_facts = None;
                // the store holds the graph the last build made of it
                loaded
                    .held
                    .insert(graph.clone(), self.previous.graph(&graph, &last.hash));
                self.progress.step(&graph);
                self.report.unchanged += 1;
                self.count_document(&last);
                self.record.documents.insert(graph, *last);
            }
            Source::Read { .. } => {
                let Some(MadeDocument {
                    made,
                    described,
                    record,
                }) = made
                else {
                    unreachable!("every document read was made");
                };
                if let Some(facts) = self.summary_facts.as_mut() {
                    facts.extend(
                        made.quads
                            .quads
                            .iter()
                            .chain(&described)
                            .filter(|q| summary::Facts::counted(q))
                            .cloned(),
                    );
                }
                self.report.read += 1;
                self.count_document(&record);
                loading.put(made.graph, made.quads, &mut self.report)?;
                loaded.fresh_lines.insert(graph.clone(), made.described);
                self.record.documents.insert(graph, record);
            }
            Source::Failed => {
                // the store keeps its last good graph, and the record what that graph adds
                if let Some(last) = self.previous.documents.get(&graph) {
                    self.summary_facts = None;
                    self.record.documents.insert(graph, last.clone());
                }
            }
        }
        Ok(())
    }

    /// A document ingested, in the report.
    fn count_document(&mut self, document: &DocumentRecord) {
        self.report.documents_ok += 1;
        self.report
            .warnings
            .extend(document.warnings.iter().cloned());
        self.report.paragraphs += document.paragraphs;
        self.report.unresolved_names += document.unresolved;
    }
}

/// What a document read gives the store and the build record.
struct MadeDocument {
    made: graph::DocumentGraph,
    /// The entities lines the summary reads, as quads.
    described: Vec<Quad>,
    record: DocumentRecord,
}

/// A read document's quads, its warnings and its record: the work on one document that needs
/// nothing from the others, so documents are made in parallel.
fn make_document(
    doc: &SourceDocument,
    facts: &DocumentFacts,
    digest: &str,
    meetings: &MeetingIndex,
    gazetteer: &Gazetteer,
    provisions: &BTreeSet<Provision>,
    themes: &BTreeSet<String>,
) -> MadeDocument {
    let made = graph::document_quads(doc, facts, meetings, gazetteer);
    let mut warnings = extraction_warnings(doc, facts);
    for w in &made.warnings {
        warnings.push(
            Problem::new(ProblemKind::Extraction, &doc.path, w.message.clone())
                .at(Place::Block(w.place.clone())),
        );
    }
    warnings.extend(dangling_citations(doc, facts, provisions));
    let described =
        graph::entities_quads(&summary::bearing_lines(&made.described), String::new()).quads;
    let record = DocumentRecord {
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
        record,
    }
}

/// Citations of provisions an instrument the corpus has does not have.
fn dangling_citations(
    doc: &SourceDocument,
    facts: &DocumentFacts,
    provisions: &BTreeSet<Provision>,
) -> Vec<Problem> {
    facts
        .citations
        .iter()
        .filter_map(|(block, citation)| match citation {
            Citation::Provision(key, path)
                if provisions.iter().any(|(k, _)| k == key)
                    && !provisions.contains(&(key.clone(), path.clone())) =>
            {
                Some(
                    Problem::new(
                        ProblemKind::Citation,
                        &doc.path,
                        format!(
                            "cites {} which the instrument does not have",
                            graph::provision_label(key, path)
                        ),
                    )
                    .at(Place::Block(doc.blocks[*block].to_string())),
                )
            }
            _ => None,
        })
        .collect()
}

/// The ontology's files as one graph, its blank nodes named by their order of appearance.
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
