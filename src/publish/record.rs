//! What a target holds of the store, as far as the publishes to it know: a log per target URL
//! beside the store (`ctockg-publish/{digest of the URL}.log`), a line appended after each
//! graph the target accepted, so that a publish stopped midway (the server gone, the process
//! killed) leaves a record of what was sent, and the next publish sends the rest.
//!
//! Each line is `put\t{graph}\t{hash}` or `delete\t{graph}`; later lines override earlier ones.
//! A line is taken only when whole (its newline written): a process killed while writing one
//! leaves a torn last line, which is ignored, and its graph is sent again. A lost line costs a
//! graph sent twice, never a graph missed, so no line is synced to disk. A publish that ends
//! rewrites the log as one `put` line per graph the target holds.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

const DIR: &str = "ctockg-publish";
const HEADER: &str = "ctockg publish record 1";

/// The graphs a target holds, with the hashes they had when they were sent.
#[derive(Debug)]
pub struct PublishRecord {
    path: PathBuf,
    url: String,
    published: BTreeMap<String, String>,
    /// Whether the file is a whole log of this target, to which lines can be added.
    whole: bool,
    log: Option<std::fs::File>,
}

impl PublishRecord {
    /// The record of publishes to `url` kept beside the store at `store` (empty when there was
    /// none, or when it is unreadable: then every graph is sent again).
    pub fn open(store: &Path, url: &str) -> Self {
        let digest = Sha256::digest(url.as_bytes());
        let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        let path = store.join(DIR).join(format!("{name}.log"));
        let replayed = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| replay(&text, url));
        Self {
            path,
            url: url.to_owned(),
            whole: replayed.is_some(),
            published: replayed.unwrap_or_default(),
            log: None,
        }
    }

    /// The file the record lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Graph → the hash it had when the target accepted it.
    pub fn published(&self) -> &BTreeMap<String, String> {
        &self.published
    }

    /// The target accepted the graph with this hash.
    pub fn put(&mut self, graph: &str, hash: &str) -> std::io::Result<()> {
        self.append(&format!("put\t{graph}\t{hash}\n"))?;
        self.published.insert(graph.to_owned(), hash.to_owned());
        Ok(())
    }

    /// The target no longer holds the graph (deleted, or found to differ: sent again next time).
    pub fn forget(&mut self, graph: &str) -> std::io::Result<()> {
        self.append(&format!("delete\t{graph}\n"))?;
        self.published.remove(graph);
        Ok(())
    }

    /// Rewrites the log as one line per graph the target holds, through a temporary file.
    pub fn compact(&mut self) -> std::io::Result<()> {
        self.log = None;
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut text = format!("{HEADER}\ntarget\t{}\n", self.url);
        for (graph, hash) in &self.published {
            text.push_str(&format!("put\t{graph}\t{hash}\n"));
        }
        let tmp = self.path.with_extension("log.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &self.path)?;
        self.whole = true;
        Ok(())
    }

    fn append(&mut self, line: &str) -> std::io::Result<()> {
        if self.log.is_none() {
            // a new log, one that is not this target's, or one whose last line a killed
            // process left torn, is first written anew from what was read of it
            if !self.whole || !ends_with_newline(&self.path) {
                self.compact()?;
            }
            let file = std::fs::OpenOptions::new().append(true).open(&self.path)?;
            self.log = Some(file);
        }
        let Some(file) = self.log.as_mut() else {
            return Ok(());
        };
        file.write_all(line.as_bytes())
    }
}

fn ends_with_newline(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let mut last = [0u8];
    std::fs::File::open(path)
        .and_then(|mut file| {
            file.seek(SeekFrom::End(-1))?;
            file.read_exact(&mut last)
        })
        .is_ok_and(|()| last[0] == b'\n')
}

/// The graphs a log says the target holds; `None` when it is not a log of this target.
fn replay(text: &str, url: &str) -> Option<BTreeMap<String, String>> {
    let mut lines = text.split_inclusive('\n');
    if lines.next()? != format!("{HEADER}\n") || lines.next()? != format!("target\t{url}\n") {
        return None;
    }
    let mut published = BTreeMap::new();
    for line in lines {
        // a line without its newline is one a killed process was writing
        let Some(line) = line.strip_suffix('\n') else {
            break;
        };
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["put", graph, hash] => {
                published.insert((*graph).to_owned(), (*hash).to_owned());
            }
            ["delete", graph] => {
                published.remove(*graph);
            }
            _ => {}
        }
    }
    Some(published)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("ctockg-publish-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_record_is_kept_per_target_and_replayed_line_by_line() {
        let store = scratch("replay");
        let mut record = PublishRecord::open(&store, "http://a/store");
        record.put("http://g/1", "h1").expect("put");
        record.put("http://g/2", "h2").expect("put");
        record.put("http://g/1", "h1b").expect("put");
        record.forget("http://g/2").expect("forget");
        let again = PublishRecord::open(&store, "http://a/store");
        assert_eq!(
            again.published(),
            &BTreeMap::from([("http://g/1".to_owned(), "h1b".to_owned())])
        );
        // another target has its own record
        assert!(
            PublishRecord::open(&store, "http://b/store")
                .published()
                .is_empty()
        );
        let _ = std::fs::remove_dir_all(&store);
    }

    #[test]
    fn a_torn_last_line_is_ignored_and_dropped_before_the_next() {
        let store = scratch("torn");
        let mut record = PublishRecord::open(&store, "http://a/store");
        record.put("http://g/1", "h1").expect("put");
        drop(record);
        let path = PublishRecord::open(&store, "http://a/store")
            .path()
            .to_owned();
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .expect("open");
        file.write_all(b"put\thttp://g/2\th").expect("torn");
        drop(file);
        let mut record = PublishRecord::open(&store, "http://a/store");
        assert_eq!(record.published().len(), 1, "the torn line is not taken");
        record.put("http://g/3", "h3").expect("put");
        let record = PublishRecord::open(&store, "http://a/store");
        assert_eq!(
            record.published().keys().collect::<Vec<_>>(),
            ["http://g/1", "http://g/3"]
        );
        let _ = std::fs::remove_dir_all(&store);
    }

    #[test]
    fn compaction_keeps_what_the_target_holds() {
        let store = scratch("compact");
        let mut record = PublishRecord::open(&store, "http://a/store");
        for i in 0..5 {
            record.put(&format!("http://g/{i}"), "h").expect("put");
        }
        record.forget("http://g/0").expect("forget");
        let before = record.published().clone();
        record.compact().expect("compact");
        let text = std::fs::read_to_string(record.path()).expect("read");
        assert_eq!(text.lines().count(), 2 + 4);
        assert_eq!(
            PublishRecord::open(&store, "http://a/store").published(),
            &before
        );
        let _ = std::fs::remove_dir_all(&store);
    }
}
