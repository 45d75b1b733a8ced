//! The shipped query library (`queries/*.rq`) and how a QUERY argument is found: a file path, a
//! query name, or `-` for standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a query could not be found.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryLookupError {
    /// Neither a file nor a shipped query.
    #[error("no query file {0} and no query named {0} in {1} (see `ctockg query --list`)")]
    NotFound(String, PathBuf),
    /// Reading failed.
    #[error("{0}: cannot read: {1}")]
    Io(PathBuf, std::io::Error),
}

/// A shipped query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    /// File stem.
    pub name: String,
    /// First comment line.
    pub title: String,
    /// The SPARQL text.
    pub text: String,
}

/// Reads the query an argument names.
pub fn load(argument: &str, library: &Path) -> Result<String, QueryLookupError> {
    if argument == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| QueryLookupError::Io(PathBuf::from("<stdin>"), e))?;
        return Ok(text);
    }
    let path = Path::new(argument);
    if path.is_file() {
        return std::fs::read_to_string(path).map_err(|e| QueryLookupError::Io(path.to_owned(), e));
    }
    let named = library.join(format!("{}.rq", argument.trim_end_matches(".rq")));
    if named.is_file() {
        return std::fs::read_to_string(&named).map_err(|e| QueryLookupError::Io(named, e));
    }
    Err(QueryLookupError::NotFound(
        argument.to_owned(),
        library.to_owned(),
    ))
}

/// The shipped queries, by name.
pub fn list(library: &Path) -> Result<Vec<NamedQuery>, QueryLookupError> {
    let entries =
        std::fs::read_dir(library).map_err(|e| QueryLookupError::Io(library.to_owned(), e))?;
    let mut queries = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rq") {
            continue;
        }
        let text =
            std::fs::read_to_string(&path).map_err(|e| QueryLookupError::Io(path.clone(), e))?;
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix('#'))
            .map(|l| l.trim().trim_start_matches("title:").trim().to_owned())
            .unwrap_or_default();
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        queries.push(NamedQuery { name, title, text });
    }
    queries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(queries)
}
