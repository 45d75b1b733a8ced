//! `ctockg add`: files into the corpus, as copies under `documents/` named by their symbol and
//! language once their front page gives them.

use std::path::{Path, PathBuf};

use super::{Cut, Entry, Format, document_from_bytes_as, read_file};

/// What adding one file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// Copied into the corpus under this name (relative to the data directory).
    Copied {
        /// The file given.
        from: PathBuf,
        /// Its copy, relative to the data directory.
        to: String,
    },
    /// The same bytes are already in the corpus.
    AlreadyThere {
        /// The file given.
        from: PathBuf,
        /// The file that holds them, relative to the data directory.
        existing: String,
    },
}

/// Adds files to the corpus of `data_dir`. Each file is read first: one that cannot be read is
/// an error naming it, and is not copied; the others are added all the same.
pub fn add(data_dir: &Path, files: &[PathBuf], limit: u64) -> (Vec<Added>, Vec<String>) {
    let mut added = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match add_one(data_dir, file, limit) {
            Ok(done) => added.push(done),
            Err(error) => errors.push(error),
        }
    }
    (added, errors)
}

fn add_one(data_dir: &Path, file: &Path, limit: u64) -> Result<Added, String> {
    let bytes = read_file(file, limit).map_err(|e| e.to_string())?;
    let documents = data_dir.join("documents");
    if let Some(existing) = holding(&documents, &bytes) {
        return Ok(Added::AlreadyThere {
            from: file.to_owned(),
            existing: relative(data_dir, &existing),
        });
    }
    // read as the build will, under the name it has now: its front page names the copy
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{}: not a file", file.display()))?;
    let entry = Entry {
        file: name.clone(),
        manifest: None,
        manifest_line: None,
    };
    let parent = file.parent().unwrap_or(Path::new("."));
    let doc =
        document_from_bytes_as(parent, &entry, &bytes, Cut::Kept).map_err(|e| e.to_string())?;
    let extension = match doc.format {
        Format::Pdf => "pdf",
        Format::Docx => "docx",
        _ => "txt",
    };
    let target = match &doc.meta.symbol {
        Some(symbol) => format!(
            "{}.{}.{extension}",
            symbol.value.replace('/', "_"),
            doc.meta.language()
        ),
        None => name,
    };
    let path = documents.join(&target);
    if path.exists() {
        return Err(format!(
            "{}: {} is already in the corpus with other bytes ({}); not added: remove that file first to replace it",
            file.display(),
            doc.meta.symbol.as_ref().map_or_else(
                || target.clone(),
                |s| format!("{} ({})", s.value, doc.meta.language())
            ),
            relative(data_dir, &path)
        ));
    }
    std::fs::create_dir_all(&documents).map_err(|e| format!("{}: {e}", documents.display()))?;
    // written whole under another name, then renamed: a build never sees half a file
    let partial = documents.join(format!(".{target}.partial"));
    std::fs::write(&partial, &bytes)
        .and_then(|()| std::fs::rename(&partial, &path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            format!("{}: cannot write {}: {e}", file.display(), path.display())
        })?;
    Ok(Added::Copied {
        from: file.to_owned(),
        to: relative(data_dir, &path),
    })
}

/// The file under `dir` (at any depth) holding exactly `bytes`.
fn holding(dir: &Path, bytes: &[u8]) -> Option<PathBuf> {
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for item in std::fs::read_dir(&dir).ok()?.flatten() {
            let path = item.path();
            if path.is_dir() {
                stack.push(path);
            } else if item.metadata().is_ok_and(|m| m.len() == bytes.len() as u64)
                && std::fs::read(&path).is_ok_and(|held| held == bytes)
            {
                return Some(path);
            }
        }
    }
    None
}

fn relative(data_dir: &Path, path: &Path) -> String {
    path.strip_prefix(data_dir)
        .unwrap_or(path)
        .display()
        .to_string()
}
