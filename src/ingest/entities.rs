//! The entities graph: the triples about meetings, documents, countries and people that the
//! documents share. It changes only when some document's share of it did; then it is patched
//! from the counts of shared lines when they can be trusted, else made from every document's
//! lines and patched against what the store holds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::load::{Loaded, Loading};
use super::read::{Source, read_source};
use super::record::{BuildRecord, EntityLines, LineSum, SharedLines};
use super::{Build, BuildError, changed_documents};
use crate::extract::resolve::MeetingIndex;
use crate::graph::{self, iri};
use crate::store::GraphStore;

/// What updating the entities graph leaves for the end of the build.
pub(super) struct EntitiesUpdate {
    /// The graph's quads, where known.
    pub quads: Option<usize>,
    /// The lines to save for the next build.
    pub lines: LinesToSave,
}

impl Build<'_> {
    /// Phase 6: the entities graph left alone, patched, or made from every document's lines.
    pub(super) fn update_entities(
        &mut self,
        loading: &mut Loading<'_>,
        loaded: &mut Loaded,
        meetings: &MeetingIndex,
    ) -> Result<EntitiesUpdate, BuildError> {
        let entities = iri::entities_graph();
        let recorded = self.store.recorded_hash(&entities)?;
        let lines = EntityLines::beside(&self.paths.store);
        let changed = changed_documents(&self.previous, &self.record, |d| d.described.clone());
        // the graph the store holds is the one the last build's lines made
        let trusted = !self.previous.entities.is_empty()
            && recorded.as_deref() == Some(self.previous.entities.as_str());
        // the graph's quads when the last build left it, if the store holds that graph
        let last_quads = self
            .previous
            .graphs
            .get(entities.as_str())
            .filter(|g| trusted && g.hash == self.previous.entities)
            .and_then(|g| g.quads);
        if trusted && changed.is_empty() {
            // no document's share moved: nothing to read, count or write
            self.progress.step(entities.as_str());
            self.report.unchanged += 1;
            self.record.entities.clone_from(&self.previous.entities);
            return Ok(EntitiesUpdate {
                quads: last_quads,
                lines: LinesToSave::default(),
            });
        }
        if trusted
            && let Some(patch) = patch_entities(
                self.store,
                &lines,
                &self.paths.store,
                &self.previous,
                &self.record,
                &loaded.fresh_lines,
                &changed,
            )?
        {
            return self.apply_patch(patch, &changed, last_quads, &mut loaded.fresh_lines);
        }
        self.remake_entities(loading, loaded, meetings, recorded.as_deref(), &lines)
    }

    /// The entities graph patched with the lines no document states any more and those no
    /// document stated before.
    fn apply_patch(
        &mut self,
        patch: EntitiesPatch,
        changed: &[String],
        last_quads: Option<usize>,
        fresh_lines: &mut BTreeMap<String, Vec<String>>,
    ) -> Result<EntitiesUpdate, BuildError> {
        let entities = iri::entities_graph();
        self.progress.step(entities.as_str());
        if patch.removed.is_empty() && patch.added.is_empty() {
            self.report.unchanged += 1;
        } else {
            let quads = |lines: &[String]| {
                let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
                graph::entities_quads(&lines, String::new()).quads
            };
            self.store.patch_graph(
                &entities,
                &quads(&patch.removed),
                &quads(&patch.added),
                &patch.hash,
            )?;
            self.report.replaced += 1;
            self.report
                .changed_graphs
                .push(entities.as_str().to_owned());
        }
        self.record.entities.clone_from(&patch.hash);
        let mut lines = LinesToSave::default();
        for graph in changed {
            if let (Some(new), Some(document)) =
                (fresh_lines.remove(graph), self.record.documents.get(graph))
            {
                lines.documents.push((document.described.clone(), new));
            }
        }
        lines.shared = Some(patch.shared);
        lines.prune = !changed.is_empty();
        Ok(EntitiesUpdate {
            // a patch removes only lines the graph holds and adds only lines it lacks
            quads: last_quads.map(|n| (n + patch.added.len()).saturating_sub(patch.removed.len())),
            lines,
        })
    }

    /// The entities graph made from every document's lines: those read this time, else those
    /// the last build left, else the document is read again for them.
    fn remake_entities(
        &mut self,
        loading: &mut Loading<'_>,
        loaded: &mut Loaded,
        meetings: &MeetingIndex,
        recorded: Option<&str>,
        lines: &EntityLines,
    ) -> Result<EntitiesUpdate, BuildError> {
        let entities = iri::entities_graph();
        let mut all: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut unchanged_files = BTreeSet::new();
        for (graph, document) in &self.record.documents {
            if let Some(new) = loaded.fresh_lines.remove(graph) {
                all.insert(graph.clone(), new);
            } else if let Some(last) = lines.read(&document.described) {
                unchanged_files.insert(graph.clone());
                all.insert(graph.clone(), last);
            }
        }
        for (graph, entry) in &loaded.documents {
            if self.record.documents.contains_key(graph)
                && !all.contains_key(graph)
                && let Ok((_, Source::Read { doc, facts, .. })) = read_source(
                    self.paths,
                    self.options,
                    &self.entries[*entry],
                    &self.gazetteer,
                    None,
                )
            {
                let made = graph::document_quads(&doc, &facts, meetings, &self.gazetteer);
                all.insert(graph.clone(), made.described);
            }
        }
        // every document's lines sorted together: the runs give the shared lines' counts
        let mut union: Vec<&str> = all.values().flatten().map(String::as_str).collect();
        union.sort_unstable();
        let mut shared = SharedLines::count(&union);
        union.dedup();
        let hash = LineSum::of(union.iter().copied()).to_hex();
        let quads = Some(union.len());
        if recorded == Some(hash.as_str()) {
            self.progress.step(entities.as_str());
            self.report.unchanged += 1;
        } else if recorded.is_some() {
            // patched against what the store holds: replacing a million quads in one
            // transaction took minutes and gigabytes, where the lines that differ are few
            let held = self.store.graph_lines(&entities)?;
            let held: Vec<&str> = held.iter().map(String::as_str).collect();
            let (removed, added) = difference(&held, &union);
            self.progress.step(entities.as_str());
            self.store.patch_graph(
                &entities,
                &graph::entities_quads(&removed, String::new()).quads,
                &graph::entities_quads(&added, String::new()).quads,
                &hash,
            )?;
            self.report.replaced += 1;
            self.report
                .changed_graphs
                .push(entities.as_str().to_owned());
        } else {
            loading.put(
                entities,
                graph::entities_quads(&union, hash.clone()),
                &mut self.report,
            )?;
        }
        drop(union);
        shared.entities.clone_from(&hash);
        self.record.entities = hash;
        let documents = all
            .into_iter()
            .filter(|(graph, _)| !unchanged_files.contains(graph))
            .filter_map(|(graph, new)| {
                Some((self.record.documents.get(&graph)?.described.clone(), new))
            })
            .collect();
        Ok(EntitiesUpdate {
            quads,
            lines: LinesToSave {
                documents,
                shared: Some(shared),
                prune: true,
            },
        })
    }
}

impl LinesToSave {
    /// The documents' lines written on another thread while the store commits: at 10,000
    /// documents, 10,000 files. Joining gives the outcome.
    pub(super) fn write_behind(
        &mut self,
        lines: &EntityLines,
    ) -> std::thread::JoinHandle<std::io::Result<()>> {
        let lines = lines.clone();
        let documents = std::mem::take(&mut self.documents);
        std::thread::spawn(move || -> std::io::Result<()> {
            for (digest, document) in &documents {
                lines.write(digest, document)?;
            }
            Ok(())
        })
    }
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
pub(super) struct LinesToSave {
    /// Lines of the documents read this time, by digest.
    pub documents: Vec<(String, Vec<String>)>,
    /// The counts of the lines several documents state.
    pub shared: Option<SharedLines>,
    /// Whether some document's lines changed, so that the files of lines no document has any
    /// more are removed.
    pub prune: bool,
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
