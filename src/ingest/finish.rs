//! The end of a build: the summary graph brought up to date, the graphs the store holds listed
//! in the build record (those of vanished documents removed), the store counted and sealed, and
//! the record saved.

use oxigraph::model::{NamedNode, Quad};
use std::collections::{BTreeMap, BTreeSet};

use super::entities::LinesToSave;
use super::load::{INSTRUMENTS, Loading};
use super::record::{BuildRecord, EntityLines, GraphRecord, LineSum};
use super::{Build, BuildError, BuildReport, changed_documents, summary};
use crate::corpus::{Problem, ProblemKind};
use crate::graph::{GraphQuads, iri};
use crate::store::GraphStore;

impl Build<'_> {
    /// On a first build, the summary graph goes to the bulk loader with everything else:
    /// written afterwards in a transaction, its quarter of a million quads at 10,000 documents
    /// took 15 s. Gives back its quads when it was loaded so.
    pub(super) fn load_summary_in_bulk(
        &mut self,
        loading: &mut Loading<'_>,
    ) -> Result<Option<usize>, BuildError> {
        let Some(facts) = self.summary_facts.as_ref().filter(|_| loading.is_bulk()) else {
            return Ok(None);
        };
        let tags: Vec<&summary::ThemeTags> =
            self.record.documents.values().map(|d| &d.themes).collect();
        let quads = summary::full(&summary::Facts::Quads(facts), &tags)?;
        let hash = summary_hash(&quads);
        let distinct = distinct(&quads);
        loading.put(
            iri::summary_graph(),
            GraphQuads {
                quads,
                hash: hash.clone(),
            },
            &mut self.report,
        )?;
        self.record.summary = hash;
        Ok(Some(distinct))
    }

    /// Phase 7: the graphs the store holds, in the record. A graph no document, instrument or
    /// fixed part of the build gives any more is removed; a failed document's graph stays.
    pub(super) fn list_graphs(
        &mut self,
        mut written: BTreeMap<String, GraphRecord>,
        mut held: BTreeMap<String, GraphRecord>,
        documents: &[(String, usize)],
        entities_quads: Option<usize>,
    ) -> Result<(), BuildError> {
        let keep: BTreeSet<String> = written
            .keys()
            .cloned()
            .chain(documents.iter().map(|(graph, _)| graph.clone()))
            .chain(INSTRUMENTS.map(|k| iri::instrument(k).as_str().to_owned()))
            .chain([iri::entities_graph(), iri::summary_graph()].map(|g| g.as_str().to_owned()))
            .collect();
        // what the store holds: under the seal, the last build's graphs and this one's; in a
        // new store, this build's; else every graph with a recorded hash, which walks the
        // store's metadata (57 s at 100,000 documents, 2026-12-07)
        let built: BTreeSet<String> = if self.sealed {
            self.previous
                .graphs
                .keys()
                .chain(written.keys())
                .cloned()
                .collect()
        } else if self.fresh {
            written.keys().chain(held.keys()).cloned().collect()
        } else {
            self.store
                .built_graphs()?
                .into_iter()
                .map(NamedNode::into_string)
                .collect()
        };
        for graph in built {
            if !keep.contains(&graph) {
                self.store
                    .remove_graph(&NamedNode::new_unchecked(graph.as_str()))?;
                self.report.removed += 1;
                self.report.changed_graphs.push(graph);
                continue;
            }
            let listed = match written.remove(&graph).or_else(|| held.remove(&graph)) {
                Some(listed) => listed,
                None if self.sealed
                    && let Some(last) = self.previous.graphs.get(&graph) =>
                {
                    last.clone()
                }
                // a graph kept from before the last build's record, or whose document failed:
                // its hash from the store, its quads unknown
                None => GraphRecord {
                    hash: self
                        .store
                        .recorded_hash(&NamedNode::new_unchecked(graph.as_str()))?
                        .unwrap_or_default(),
                    quads: None,
                },
            };
            self.record.graphs.insert(graph, listed);
        }
        self.record.graphs.insert(
            iri::entities_graph().into_string(),
            GraphRecord {
                hash: self.record.entities.clone(),
                quads: entities_quads,
            },
        );
        Ok(())
    }

    /// Phase 8: the summary graph up to date (unless the bulk loader took it, `loaded`), and
    /// listed in the record.
    pub(super) fn write_summary(&mut self, loaded: Option<usize>) -> Result<(), BuildError> {
        let quads = match loaded {
            Some(quads) => Some(quads),
            None => {
                let facts = self.summary_facts.take();
                let facts = facts
                    .as_deref()
                    .map_or(summary::Facts::Store(self.store), summary::Facts::Quads);
                write_summary(
                    self.store,
                    &facts,
                    &self.previous,
                    &mut self.record,
                    &mut self.report,
                )?
            }
        };
        self.record.graphs.insert(
            iri::summary_graph().into_string(),
            GraphRecord {
                hash: self.record.summary.clone(),
                quads,
            },
        );
        Ok(())
    }

    /// Phase 9: the store counted and sealed, the record and the entities lines saved. Without
    /// the record the next build is slower, not wrong.
    pub(super) fn seal(
        mut self,
        writer: std::thread::JoinHandle<std::io::Result<()>>,
        mut lines_to_save: LinesToSave,
    ) -> Result<BuildReport, BuildError> {
        // the store's quads: under the seal, the sum of the record's counts (counting walks
        // every key of an index, 0.9 s at 10,000 documents); in a new store, the sum alone;
        // else counted, which tells the next build how many are in graphs no build wrote
        let listed = self.record.quads();
        (self.report.triples, self.record.unlisted) = match (listed, self.previous.unlisted) {
            (Some(listed), Some(unlisted)) if self.sealed => (listed + unlisted, Some(unlisted)),
            (Some(listed), _) if self.fresh => (listed, Some(0)),
            _ => {
                let all = self.store.len()?;
                (all, listed.map(|listed| all.saturating_sub(listed)))
            }
        };
        // the lines go first, so that a record never names lines that were not saved (each
        // document's file is checked against its record's digest, the counts against the
        // entities graph's hash)
        let store_dir = &self.paths.store;
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the writer of the lines failed")));
        let saved = written
            .and_then(|()| {
                let shared = lines_to_save.shared.take();
                shared.map_or(Ok(()), |shared| shared.save(store_dir))
            })
            .and_then(|()| {
                // the seal goes on the store before the record naming it is saved: a record
                // whose seal the store lacks is checked graph by graph
                self.record.seal = BuildRecord::seal_of(&self.record.graphs);
                self.store
                    .set_seal(&self.record.seal)
                    .map_err(std::io::Error::other)
            })
            .and_then(|()| self.record.save(store_dir));
        match saved {
            // the files of lines no document has any more go once no record names them
            Ok(()) if lines_to_save.prune => EntityLines::beside(store_dir).prune(
                &self
                    .record
                    .documents
                    .values()
                    .map(|d| d.described.as_str())
                    .collect(),
            ),
            Ok(()) => {}
            Err(e) => self.report.warnings.push(Problem::new(
                ProblemKind::Record,
                store_dir,
                format!("cannot save the build record ({e}); the next build reads every document"),
            )),
        }
        Ok(self.report)
    }
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
