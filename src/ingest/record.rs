//! What a build remembers of each document, so that the next build can leave an unchanged
//! document unread: the digest of its source, the hash of the graph made from it, what it adds
//! to the entities graph and to the meeting index, and the warnings it gave.
//!
//! The record lives beside the store (`ctockg-build.json`) and is written after the store has
//! committed. The documents' entities triples, which are large, are kept apart, one file per
//! document (`ctockg-entities/`), so that a build reads and writes only those of the documents
//! it read; with them, the lines more than one document states and how many do
//! (`ctockg-entities/shared.json`). The record is trusted only where the store agrees with it.
//! While the store bears the seal the record names (a digest of every graph's name and hash,
//! which a build puts on the store as it ends and breaks before it writes, and which an update
//! through the server breaks), the store holds the record's graphs and no others: a document is
//! skipped when its source digest matches, and the store's quads are the sum of the record's
//! counts. Without the seal, a document is skipped only when the store also holds the graph
//! hash the record names, and the graphs are listed and counted in the store. A missing or
//! unreadable record only means a slower build.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::corpus::Entry;
#[cfg(test)]
use crate::corpus::ManifestEntry;
use crate::extract::resolve::OrdinalEntry;

const FILE: &str = "ctockg-build.json";
const LINES_DIR: &str = "ctockg-entities";
const SHARED_FILE: &str = "shared.json";
/// Where builds before the lines had a file per document kept them all.
const OLD_LINES_FILE: &str = "ctockg-entities.json";

/// Bumped when the record's layout, or the meaning of a hash in it, changes.
const FORMAT: u32 = 4;

/// The record of the last build.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BuildRecord {
    format: u32,
    /// Digest of everything besides the documents that shapes their graphs: the program, the
    /// gazetteer, the ontology and the instruments.
    pub setting: String,
    /// Digest of the meeting index the documents' graphs were made against.
    pub meetings: String,
    /// The hash of the entities graph made from the documents' entities triples: the
    /// [`LineSum`] of its lines.
    pub entities: String,
    /// The content hash of the summary graph made from the documents' theme tags and the
    /// store.
    pub summary: String,
    /// By named graph.
    pub documents: BTreeMap<String, DocumentRecord>,
    /// Every graph the build left in the store, with its content hash and quads.
    #[serde(default)]
    pub graphs: BTreeMap<String, GraphRecord>,
    /// Quads in graphs no build wrote (an update's, through the server), as the last build
    /// that counted the store found them.
    #[serde(default)]
    pub unlisted: Option<usize>,
    /// The seal the build left on the store ([`crate::GraphStore::seal`]): while the store
    /// bears it, the store holds the graphs above and no others, so the next build need not
    /// ask the store for each graph's hash, list its graphs or count its quads.
    #[serde(default)]
    pub seal: String,
}

/// One graph a build left in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphRecord {
    /// Its content hash, as the metadata graph records it.
    pub hash: String,
    /// How many quads it holds, where the build knew it without counting.
    pub quads: Option<usize>,
}

/// What a build made of one document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// The file it was read from, relative to the data directory.
    #[serde(default)]
    pub file: String,
    /// Digest of the file's bytes and its manifest entry.
    pub source: String,
    /// The content hash of the document's graph.
    pub hash: String,
    /// The meetings it dates, for the meeting index.
    pub meetings: Vec<OrdinalEntry>,
    /// Digest of its triples for the entities graph (the lines are in [`EntityLines`]).
    pub described: String,
    /// Its warnings, as the build reported them.
    pub warnings: Vec<crate::corpus::Problem>,
    /// The local ids of its paragraphs and footnotes (`para_12`, `fn_3`), for the links to the
    /// same paragraphs in the document's other language versions.
    #[serde(default)]
    pub local_ids: Vec<String>,
    /// Digest of the paragraphs it shares with the other language versions, as its graph links
    /// them: when another version comes or goes, its graph is made again.
    #[serde(default)]
    pub counterparts: String,
    /// Numbered paragraphs and footnotes.
    pub paragraphs: usize,
    /// Names its lists hold that the gazetteer does not know.
    pub unresolved: usize,
    /// Its paragraphs by the themes they mention, for the summary graph.
    pub themes: super::summary::ThemeTags,
    /// What its facts say something of that the summary counts (meetings, agenda items,
    /// documents): where a change to it can move the summary.
    pub bearings: Vec<String>,
}

impl BuildRecord {
    /// An empty record for a build with this setting.
    pub fn new(setting: String) -> Self {
        Self {
            format: FORMAT,
            setting,
            ..Self::default()
        }
    }

    /// The record beside the store, if it exists, can be read and was made with this setting.
    pub fn load(store: &Path, setting: &str) -> Option<Self> {
        let text = std::fs::read(store.join(FILE)).ok()?;
        let record: Self = serde_json::from_slice(&text).ok()?;
        (record.format == FORMAT && record.setting == setting).then_some(record)
    }

    /// The seal of a store holding the record's graphs: a digest of their names and hashes.
    pub fn seal_of(graphs: &BTreeMap<String, GraphRecord>) -> String {
        let mut hasher = Sha256::new();
        for (graph, record) in graphs {
            hasher.update(graph.as_bytes());
            hasher.update([0]);
            hasher.update(record.hash.as_bytes());
            hasher.update([0]);
        }
        format!("seal:{}", hex(&hasher.finalize()))
    }

    /// The record of a graph the store holds with `hash`: this record's, when it is of that
    /// hash, else one that does not know its quads.
    pub fn graph(&self, graph: &str, hash: &str) -> GraphRecord {
        self.graphs
            .get(graph)
            .filter(|g| g.hash == hash)
            .cloned()
            .unwrap_or_else(|| GraphRecord {
                hash: hash.to_owned(),
                quads: None,
            })
    }

    /// The quads of all the record's graphs, when it knows each graph's.
    pub fn quads(&self) -> Option<usize> {
        self.graphs.values().map(|g| g.quads).sum()
    }

    /// Writes the record beside the store.
    pub fn save(&self, store: &Path) -> std::io::Result<()> {
        save_json(self, &store.join(FILE))
    }
}

/// Each document's triples for the entities graph, as N-Triples lines (sorted, each once), in a
/// file named by their digest (the `described` of the document's record): a build writes only
/// the files of lines no document had before, and a file never holds other lines than its name
/// says, whatever a crash left.
#[derive(Debug, Clone)]
pub struct EntityLines {
    dir: PathBuf,
}

impl EntityLines {
    /// The files beside the store.
    pub fn beside(store: &Path) -> Self {
        // the one file of earlier builds is never read again
        let _ = std::fs::remove_file(store.join(OLD_LINES_FILE));
        Self {
            dir: store.join(LINES_DIR),
        }
    }

    /// The lines of that digest, if a build kept them (and they are whole).
    pub fn read(&self, digest: &str) -> Option<Vec<String>> {
        let text = std::fs::read_to_string(self.file(digest)?).ok()?;
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        (crate::store::hash_lines(lines.iter().map(String::as_str)) == digest).then_some(lines)
    }

    /// Keeps lines under their digest, unless a file already does.
    pub fn write(&self, digest: &str, lines: &[String]) -> std::io::Result<()> {
        let Some(path) = self.file(digest) else {
            return Err(std::io::Error::other(format!("not a digest: {digest}")));
        };
        if path.exists() {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        let tmp = path.with_extension("nt.tmp");
        let text: String = lines.iter().flat_map(|line| [line, "\n"]).collect();
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)
    }

    /// Removes the files of digests no document has any more.
    pub fn prune(&self, kept: &std::collections::BTreeSet<&str>) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(digest) = name.to_str().and_then(|n| n.strip_suffix(".nt")) else {
                continue;
            };
            if !kept.contains(digest) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// The file of a digest (a digest is hexadecimal: nothing else names a file here).
    fn file(&self, digest: &str) -> Option<PathBuf> {
        (!digest.is_empty() && digest.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| self.dir.join(format!("{digest}.nt")))
    }
}

/// The lines that more than one document states, with how many do. A line the entities graph
/// holds and this table does not is stated by exactly one document, so the two give every
/// line's count: a build can tell whether a line a document dropped is still stated by another
/// without reading the others.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SharedLines {
    /// The hash of the entities graph these counts describe.
    pub entities: String,
    /// Line → number of documents stating it (2 or more).
    pub counts: BTreeMap<String, u32>,
}

impl SharedLines {
    /// The counts beside the store, if they describe the entities graph of that hash.
    pub fn load(store: &Path, entities: &str) -> Option<Self> {
        let text = std::fs::read(store.join(LINES_DIR).join(SHARED_FILE)).ok()?;
        let shared: Self = serde_json::from_slice(&text).ok()?;
        (shared.entities == entities).then_some(shared)
    }

    /// The counts of a sorted list of every document's lines, repeats included.
    pub fn count(sorted: &[&str]) -> Self {
        let mut counts = BTreeMap::new();
        for run in sorted.chunk_by(|a, b| a == b) {
            if let Ok(n @ 2..) = u32::try_from(run.len()) {
                counts.insert(run[0].to_owned(), n);
            }
        }
        Self {
            entities: String::new(),
            counts,
        }
    }

    /// Writes the counts beside the store.
    pub fn save(&self, store: &Path) -> std::io::Result<()> {
        let dir = store.join(LINES_DIR);
        std::fs::create_dir_all(&dir)?;
        save_json(self, &dir.join(SHARED_FILE))
    }
}

/// The hash of a set of lines that can be updated line by line: the sum of the lines' SHA-256
/// digests (their first 128 bits), so that adding and removing a few lines of a million does
/// not mean reading the million again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineSum(u128);

impl LineSum {
    /// The sum over `lines` (each once).
    pub fn of<'a>(lines: impl IntoIterator<Item = &'a str>) -> Self {
        let mut sum = Self::default();
        for line in lines {
            sum.add(line);
        }
        sum
    }

    /// Reads a sum written by [`LineSum::to_hex`].
    pub fn parse(text: &str) -> Option<Self> {
        text.strip_prefix("sum:")
            .and_then(|hex| u128::from_str_radix(hex, 16).ok())
            .map(Self)
    }

    /// The line joins the set.
    pub fn add(&mut self, line: &str) {
        self.0 = self.0.wrapping_add(Self::digest(line));
    }

    /// The line leaves the set.
    pub fn remove(&mut self, line: &str) {
        self.0 = self.0.wrapping_sub(Self::digest(line));
    }

    /// As the store records a graph's hash.
    pub fn to_hex(self) -> String {
        format!("sum:{:032x}", self.0)
    }

    fn digest(line: &str) -> u128 {
        let digest = Sha256::digest(line.as_bytes());
        let mut first = [0u8; 16];
        first.copy_from_slice(&digest[..16]);
        u128::from_le_bytes(first)
    }
}

/// Writes through a temporary file, so that a crash leaves the old file or the new one, never
/// half of one.
fn save_json(value: &impl Serialize, path: &Path) -> std::io::Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(
        &tmp,
        serde_json::to_vec(value).map_err(std::io::Error::other)?,
    )?;
    std::fs::rename(&tmp, path)
}

/// Digest of a document's source: its bytes and what the manifest says of it.
pub fn source_digest(entry: &Entry, bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    // not the entry's place in the manifest: an entry removed above it moves it
    hasher.update(format!("{:?}{:?}", entry.file, entry.manifest).as_bytes());
    hasher.update([0]);
    hasher.update(bytes);
    hex(&hasher.finalize())
}

/// Digest of the build's setting: this program (its version, and the size and time of its
/// executable, which change with every rebuild of the code) and every file under the given
/// directories.
pub fn setting_digest(dirs: &[PathBuf]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
        hasher.update(meta.len().to_le_bytes());
        if let Ok(modified) = meta.modified()
            && let Ok(since) = modified.duration_since(std::time::UNIX_EPOCH)
        {
            hasher.update(since.as_nanos().to_le_bytes());
        }
    }
    for dir in dirs {
        let mut files = Vec::new();
        collect_files(dir, &mut files);
        files.sort();
        for file in files {
            hasher.update(file.to_string_lossy().as_bytes());
            hasher.update([0]);
            if let Ok(bytes) = std::fs::read(&file) {
                hasher.update(&bytes);
            }
        }
    }
    hex(&hasher.finalize())
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(file: &str, symbol: Option<&str>) -> Entry {
        Entry {
            file: file.to_owned(),
            manifest: Some(ManifestEntry {
                file: file.to_owned(),
                symbol: symbol.map(str::to_owned),
                ..ManifestEntry::default()
            }),
            manifest_line: Some(1),
        }
    }

    #[test]
    fn a_source_digest_changes_with_the_bytes_and_with_the_manifest_entry() {
        let a = source_digest(&entry("a.txt", None), b"text");
        assert_eq!(a, source_digest(&entry("a.txt", None), b"text"));
        assert_ne!(a, source_digest(&entry("a.txt", None), b"text!"));
        assert_ne!(a, source_digest(&entry("b.txt", None), b"text"));
        assert_ne!(a, source_digest(&entry("a.txt", Some("A/1")), b"text"));
    }

    #[test]
    fn a_record_made_with_another_setting_is_not_used() {
        let dir = std::env::temp_dir().join(format!("ctockg-record-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        BuildRecord::new("one".to_owned())
            .save(&dir)
            .expect("saved");
        assert!(BuildRecord::load(&dir, "one").is_some());
        assert!(BuildRecord::load(&dir, "two").is_none());
        std::fs::write(dir.join(FILE), b"{ not json").expect("write");
        assert!(BuildRecord::load(&dir, "one").is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_line_sum_moves_with_each_line_and_not_with_their_order() {
        let sum = LineSum::of(["a", "b", "c"]);
        assert_eq!(sum, LineSum::of(["c", "a", "b"]));
        let mut moved = LineSum::of(["a", "b"]);
        moved.add("c");
        assert_eq!(moved, sum);
        moved.remove("b");
        assert_eq!(moved, LineSum::of(["a", "c"]));
        assert_ne!(moved, sum);
        assert_eq!(LineSum::parse(&sum.to_hex()), Some(sum));
        // a hash of the earlier kind is not a sum
        assert_eq!(LineSum::parse(&"0".repeat(64)), None);
    }

    #[test]
    fn a_document_s_lines_are_used_only_if_they_are_those_their_digest_names() {
        let dir = std::env::temp_dir().join(format!("ctockg-lines-{}", std::process::id()));
        let lines = EntityLines::beside(&dir);
        let written = vec!["<a> <b> \"c\"@en".to_owned(), "<a> <b> <d>".to_owned()];
        let digest = crate::store::hash_lines(written.iter().map(String::as_str));
        lines.write(&digest, &written).expect("written");
        assert_eq!(lines.read(&digest), Some(written.clone()));
        // a file whose content is not its name's is not used
        let other = crate::store::hash_lines(["<a> <b> <e>"]);
        std::fs::copy(
            dir.join(LINES_DIR).join(format!("{digest}.nt")),
            dir.join(LINES_DIR).join(format!("{other}.nt")),
        )
        .expect("copy");
        assert_eq!(lines.read(&other), None);
        assert_eq!(lines.read("../../etc/passwd"), None);
        lines.prune(&std::collections::BTreeSet::from([other.as_str()]));
        assert_eq!(lines.read(&digest), None, "pruned");
        // the counts of shared lines belong to one entities graph
        let mut shared = SharedLines::count(&["x", "x", "y", "z", "z", "z"]);
        assert_eq!(
            shared.counts,
            BTreeMap::from([("x".to_owned(), 2), ("z".to_owned(), 3)])
        );
        shared.entities = "sum:1".to_owned();
        shared.save(&dir).expect("saved");
        assert!(SharedLines::load(&dir, "sum:1").is_some());
        assert!(SharedLines::load(&dir, "sum:2").is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
