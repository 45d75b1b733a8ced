//! The whole dataset as canonical N-Quads (RDFC-1.0), for `ctockg dump` and the server's
//! `/dump.nq`: every named graph except the build metadata, one quad a line, in code point order.
//!
//! ctockg's graph has no blank nodes (the ontology's are skolemised at load), so its canonical
//! N-Quads (W3C RDF Dataset Canonicalization, RDFC-1.0) are its quads in the canonical N-Quads
//! form, sorted, each once: written so, sorted in bounded runs on disk and merged. A test checks
//! the bytes against sophia's `sophia_c14n` (an implementation of RDFC-1.0 independent of
//! Oxigraph), which also takes a dataset that does have a blank node, in memory. sophia refuses
//! pathological inputs (graphs whose blank nodes would make the algorithm explode) with an
//! error, which is reported rather than hidden.

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use sophia::api::prelude::QuadSource;
use sophia::api::quad::Spog;
use sophia::api::term::SimpleTerm;
use sophia::c14n::rdfc10;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Why the dump could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DumpError {
    /// Reading the store failed.
    #[error("reading the store: {0}")]
    Storage(String),
    /// sophia could not read the N-Quads Oxigraph wrote.
    #[error("re-reading the N-Quads for canonicalisation: {0}")]
    Parse(String),
    /// The canonicalisation refused the dataset (a pathological blank-node structure).
    #[error("canonicalisation (RDFC-1.0) refused the dataset: {0}")]
    Canonicalisation(String),
    /// Writing the output failed.
    #[error("writing the dump: {0}")]
    Output(#[from] std::io::Error),
}

/// Bytes of N-Quads lines sorted in memory before they go to disk as one sorted run.
const RUN_BYTES: usize = 64 << 20;

/// Writes the named graphs (not the build metadata, in the default graph) as canonical N-Quads.
///
/// A dataset without blank nodes (ctockg's) is its canonical N-Quads lines sorted, duplicates
/// dropped: the lines are written in the canonical form, sorted in runs of [`RUN_BYTES`] that go
/// to temporary files beside `scratch`, then merged, so memory stays bounded whatever the size
/// of the store. A blank node sends the whole dataset through sophia's RDFC-1.0 instead, in
/// memory, since its label depends on the whole dataset.
pub fn write_canonical_nquads(store: &Store, out: impl Write) -> Result<(), DumpError> {
    write_canonical_nquads_in(store, out, &std::env::temp_dir(), RUN_BYTES)
}

/// [`write_canonical_nquads`], with the runs in `scratch`, each of at most `run_bytes`.
pub fn write_canonical_nquads_in(
    store: &Store,
    mut out: impl Write,
    scratch: &Path,
    run_bytes: usize,
) -> Result<(), DumpError> {
    let mut runs: Vec<Run> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    let mut bytes = 0;
    for quad in store.iter() {
        let quad = quad.map_err(|e| DumpError::Storage(e.to_string()))?;
        if quad.graph_name.is_default_graph() {
            continue;
        }
        let Some(line) = canonical_line(&quad) else {
            drop(runs);
            return canonicalise_in_memory(store, out);
        };
        bytes += line.len();
        lines.push(line);
        if bytes >= run_bytes {
            runs.push(Run::write(scratch, &mut lines)?);
            bytes = 0;
        }
    }
    lines.sort_unstable();
    lines.dedup();
    if runs.is_empty() {
        for line in &lines {
            out.write_all(line.as_bytes())?;
        }
        return Ok(out.flush()?);
    }
    runs.push(Run::write(scratch, &mut lines)?);
    merge(runs, out)
}

/// A sorted run of lines in a temporary file, removed when dropped.
struct Run {
    path: PathBuf,
}

impl Run {
    fn write(scratch: &Path, lines: &mut Vec<String>) -> Result<Self, DumpError> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        lines.sort_unstable();
        lines.dedup();
        let path = scratch.join(format!(
            "ctockg-dump-{}-{}.nq",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let run = Self { path };
        let mut file = BufWriter::new(File::create(&run.path)?);
        for line in lines.drain(..) {
            file.write_all(line.as_bytes())?;
        }
        file.flush()?;
        Ok(run)
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Merges sorted runs into `out`, each line once.
fn merge(runs: Vec<Run>, mut out: impl Write) -> Result<(), DumpError> {
    let mut readers = Vec::with_capacity(runs.len());
    for run in &runs {
        readers.push(BufReader::new(File::open(&run.path)?));
    }
    let mut heads: BinaryHeap<Reverse<(String, usize)>> = BinaryHeap::new();
    for (i, reader) in readers.iter_mut().enumerate() {
        if let Some(line) = next_line(reader)? {
            heads.push(Reverse((line, i)));
        }
    }
    let mut last: Option<String> = None;
    while let Some(Reverse((line, i))) = heads.pop() {
        if let Some(next) = next_line(&mut readers[i])? {
            heads.push(Reverse((next, i)));
        }
        if last.as_deref() != Some(line.as_str()) {
            out.write_all(line.as_bytes())?;
            last = Some(line);
        }
    }
    Ok(out.flush()?)
}

fn next_line(reader: &mut impl BufRead) -> Result<Option<String>, DumpError> {
    let mut line = String::new();
    Ok((reader.read_line(&mut line)? > 0).then_some(line))
}

/// A quad as a canonical N-Quads line (RDF 1.1 N-Quads canonical form, as RDFC-1.0 writes it),
/// newline included; `None` for a quad with a blank node.
fn canonical_line(quad: &Quad) -> Option<String> {
    let mut line = String::with_capacity(160);
    match &quad.subject {
        NamedOrBlankNode::NamedNode(n) => iri(&mut line, n.as_str()),
        NamedOrBlankNode::BlankNode(_) => return None,
    }
    line.push(' ');
    iri(&mut line, quad.predicate.as_str());
    line.push(' ');
    match &quad.object {
        Term::NamedNode(n) => iri(&mut line, n.as_str()),
        Term::Literal(l) => literal(&mut line, l),
        _ => return None,
    }
    match &quad.graph_name {
        GraphName::NamedNode(n) => {
            line.push(' ');
            iri(&mut line, n.as_str());
        }
        _ => return None,
    }
    line.push_str(" .\n");
    Some(line)
}

fn iri(line: &mut String, iri: &str) {
    line.push('<');
    line.push_str(iri);
    line.push('>');
}

/// `"…"`, then `@lang` or `^^<datatype>` (none for `xsd:string`), with the canonical escapes:
/// `\b \t \n \f \r \" \\` by name, the other control characters as `\u00XX`.
fn literal(line: &mut String, literal: &Literal) {
    line.push('"');
    for c in literal.value().chars() {
        match c {
            '\u{8}' => line.push_str("\\b"),
            '\t' => line.push_str("\\t"),
            '\n' => line.push_str("\\n"),
            '\u{c}' => line.push_str("\\f"),
            '\r' => line.push_str("\\r"),
            '"' => line.push_str("\\\""),
            '\\' => line.push_str("\\\\"),
            c if c <= '\u{1f}' || c == '\u{7f}' => {
                line.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => line.push(c),
        }
    }
    line.push('"');
    if let Some(language) = literal.language() {
        line.push('@');
        line.push_str(language);
    } else if literal.datatype() != xsd::STRING {
        line.push_str("^^");
        iri(line, literal.datatype().as_str());
    }
}

/// The dataset through sophia's RDFC-1.0, in memory: for a dataset with blank nodes.
fn canonicalise_in_memory(store: &Store, out: impl Write) -> Result<(), DumpError> {
    let mut serializer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
    for quad in store.iter() {
        let quad = quad.map_err(|e| DumpError::Storage(e.to_string()))?;
        if !quad.graph_name.is_default_graph() {
            serializer.serialize_quad(&quad)?;
        }
    }
    let nquads = String::from_utf8(serializer.finish()?)
        .map_err(|e| DumpError::Parse(format!("not UTF-8: {e}")))?;
    let dataset: HashSet<Spog<SimpleTerm<'static>>> =
        sophia::turtle::parser::nq::parse_str(&nquads)
            .collect_quads()
            .map_err(|e| DumpError::Parse(e.to_string()))?;
    drop(nquads);
    rdfc10::normalize(&dataset, out).map_err(|e| match e {
        sophia::c14n::C14nError::Io(io) => DumpError::Output(io),
        other => DumpError::Canonicalisation(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, NamedNode};

    fn in_memory(store: &Store) -> Vec<u8> {
        let mut out = Vec::new();
        canonicalise_in_memory(store, &mut out).expect("sophia");
        out
    }

    fn streamed(store: &Store, run_bytes: usize) -> Vec<u8> {
        let mut out = Vec::new();
        write_canonical_nquads_in(store, &mut out, &std::env::temp_dir(), run_bytes)
            .expect("streamed");
        out
    }

    #[test]
    fn sorted_runs_merge_to_what_rdfc10_writes() {
        let store = Store::new().expect("store");
        let node = |i: usize| NamedNode::new_unchecked(format!("https://example.org/n{i}"));
        let texts = [
            "plain",
            "tab\there",
            "line\nbreak",
            "bell\u{7}",
            "quote \" and \\",
            "del\u{7f}",
            "form\u{c}feed",
            "back\u{8}space",
            "中文",
            "cr\r",
        ];
        for i in 0..300 {
            let object: Term = match i % 4 {
                0 => node(i + 1).into(),
                1 => Literal::new_language_tagged_literal_unchecked(texts[i % texts.len()], "zh")
                    .into(),
                2 => Literal::new_typed_literal(i.to_string(), xsd::INTEGER).into(),
                _ => Literal::new_simple_literal(texts[i % texts.len()]).into(),
            };
            for graph in [node(1000), node(1001)] {
                store
                    .insert(&Quad::new(
                        node(i % 17),
                        node(2000 + i % 5),
                        object.clone(),
                        graph,
                    ))
                    .expect("insert");
            }
        }
        // the metadata, in the default graph, stays out
        let metadata = NamedNode::new_unchecked("https://example.org/metadata");
        store
            .insert(&Quad::new(
                metadata.clone(),
                metadata.clone(),
                metadata,
                GraphName::DefaultGraph,
            ))
            .expect("insert");
        let canonical = in_memory(&store);
        assert_eq!(streamed(&store, usize::MAX), canonical, "one run");
        assert_eq!(streamed(&store, 2_000), canonical, "many runs, merged");
        assert!(!String::from_utf8_lossy(&canonical).contains("metadata"));
    }

    #[test]
    fn a_blank_node_goes_through_rdfc10() {
        let store = Store::new().expect("store");
        let node = NamedNode::new_unchecked("https://example.org/a");
        store
            .insert(&Quad::new(
                BlankNode::default(),
                node.clone(),
                node.clone(),
                node.clone(),
            ))
            .expect("insert");
        let out = String::from_utf8(streamed(&store, 10)).expect("utf-8");
        assert_eq!(
            out,
            "_:c14n0 <https://example.org/a> <https://example.org/a> <https://example.org/a> .\n"
        );
    }
}
