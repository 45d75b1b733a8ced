//! What a build remembers of each document, so that the next build can leave an unchanged
//! document unread: the digest of its source, the hash of the graph made from it, what it adds
//! to the entities graph and to the meeting index, and the warnings it gave.
//!
//! The record lives beside the store (`ctockg-build.json`) and is written after the store has
//! committed. The documents' entities triples, which are large, are kept apart
//! (`ctockg-entities.json`) and read only when a build must remake the entities graph. It is trusted only where the store agrees with it: a document is skipped when its
//! source digest matches and the store holds the graph hash the record names. A missing or
//! unreadable record only means a slower build.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::corpus::ManifestEntry;
use crate::extract::resolve::OrdinalEntry;

const FILE: &str = "ctockg-build.json";
const LINES_FILE: &str = "ctockg-entities.json";

/// Bumped when the record's layout changes.
const FORMAT: u32 = 1;

/// The record of the last build.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BuildRecord {
    format: u32,
    /// Digest of everything besides the documents that shapes their graphs: the program, the
    /// gazetteer, the ontology and the instruments.
    pub setting: String,
    /// Digest of the meeting index the documents' graphs were made against.
    pub meetings: String,
    /// The content hash of the entities graph made from the documents' entities triples.
    pub entities: String,
    /// By named graph.
    pub documents: BTreeMap<String, DocumentRecord>,
}

/// What a build made of one document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Digest of the file's bytes and its manifest entry.
    pub source: String,
    /// The content hash of the document's graph.
    pub hash: String,
    /// The meetings it dates, for the meeting index.
    pub meetings: Vec<OrdinalEntry>,
    /// Digest of its triples for the entities graph (the lines are in [`EntityLines`]).
    pub described: String,
    /// Its warnings, as the build reported them.
    pub warnings: Vec<String>,
    /// Numbered paragraphs and footnotes.
    pub paragraphs: usize,
    /// Names its lists hold that the gazetteer does not know.
    pub unresolved: usize,
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

    /// Writes the record beside the store.
    pub fn save(&self, store: &Path) -> std::io::Result<()> {
        save_json(self, &store.join(FILE))
    }
}

/// Each document's triples for the entities graph, as N-Triples lines, by named graph.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EntityLines {
    /// The hash of the entities graph these lines make (ties them to a [`BuildRecord`]).
    pub entities: String,
    /// By named graph.
    pub documents: BTreeMap<String, Vec<String>>,
}

impl EntityLines {
    /// The lines beside the store, if they exist and made the entities graph of that hash.
    pub fn load(store: &Path, entities: &str) -> Option<Self> {
        let text = std::fs::read(store.join(LINES_FILE)).ok()?;
        let lines: Self = serde_json::from_slice(&text).ok()?;
        (lines.entities == entities).then_some(lines)
    }

    /// Writes the lines beside the store.
    pub fn save(&self, store: &Path) -> std::io::Result<()> {
        save_json(self, &store.join(LINES_FILE))
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
pub fn source_digest(entry: &ManifestEntry, bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!("{entry:?}").as_bytes());
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

    fn entry(file: &str) -> ManifestEntry {
        ManifestEntry {
            file: file.to_owned(),
            language: "zh".to_owned(),
            body: "wg7".to_owned(),
            doc_type: "report".to_owned(),
            meeting: "wg7/2020-09-08".to_owned(),
            symbol: None,
            local_id: Some("x".to_owned()),
            title_en: None,
            title: None,
        }
    }

    #[test]
    fn a_source_digest_changes_with_the_bytes_and_with_the_manifest_entry() {
        let a = source_digest(&entry("a.txt"), b"text");
        assert_eq!(a, source_digest(&entry("a.txt"), b"text"));
        assert_ne!(a, source_digest(&entry("a.txt"), b"text!"));
        assert_ne!(a, source_digest(&entry("b.txt"), b"text"));
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
}
