//! The corpus: the manifest, reading documents (encodings, truncation) and normalising PDF text
//! into blocks (front matter, headings, numbered paragraphs, footnotes).
//!
//! PDF text arrives with hard line breaks inside words and symbols, blank lines between every
//! printed line, footnote bodies dropped in the middle of a paragraph at page breaks, and agenda
//! lists whose numbers look like paragraph numbers. The normaliser rebuilds the printed structure
//! so that extraction can work paragraph by paragraph.

mod normalise;

pub use normalise::{
    Ending, Guess, GuessKind, Irregularity, Marker, Normalised, normalise, tidy_spaces,
};

use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why the corpus or one of its documents could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CorpusError {
    /// The manifest could not be read.
    #[error("{path}: cannot read the manifest: {error}")]
    ManifestIo {
        /// The manifest's path.
        path: PathBuf,
        /// The I/O error (not a `source`: the message says it already).
        error: std::io::Error,
    },
    /// The manifest is not valid TOML or misses a field.
    #[error("{path}:{line}: invalid manifest: {message}")]
    ManifestSyntax {
        /// The manifest's path.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// The parser's message, on one line.
        message: String,
    },
    /// A manifest entry names a file that does not exist.
    #[error("{path}: listed in the manifest (entry {entry}) but there is no such file")]
    Missing {
        /// The missing file.
        path: PathBuf,
        /// 1-based index of the manifest entry.
        entry: usize,
    },
    /// The file exists but cannot be read.
    #[error("{path}: cannot read: {error}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The I/O error (not a `source`: the message says it already).
        error: std::io::Error,
    },
    /// The file holds more bytes than a document may.
    #[error(
        "{path}: the document is larger than {limit} bytes, the most a document may hold (--max-document-size or CTOCKG_MAX_DOCUMENT_SIZE raise it); not read"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The file holds no text.
    #[error("{path}: the document is empty")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The bytes are neither UTF-8 nor GB18030.
    #[error("{path}:{line}: not valid UTF-8 nor GB18030 text")]
    Encoding {
        /// The file.
        path: PathBuf,
        /// The line of the first invalid byte.
        line: usize,
    },
    /// The file stops in the middle of a character or of a sentence.
    #[error("{path}:{line}: the document looks truncated: {reason}")]
    Truncated {
        /// The file.
        path: PathBuf,
        /// The last line.
        line: usize,
        /// What shows the truncation.
        reason: String,
    },
    /// The text has no paragraph at all, numbered or not (only addresses, or only footnotes).
    #[error("{path}: no paragraph of text found (is this a UN document?)")]
    NoParagraphs {
        /// The file.
        path: PathBuf,
    },
}

/// The manifest, `data/manifest.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// One entry per document.
    #[serde(rename = "document")]
    pub documents: Vec<ManifestEntry>,
}

/// What the manifest says of one document (the cataloguer's view; the text wins where it speaks).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// Path relative to the data directory.
    pub file: String,
    /// Language code of the text, e.g. `zh`.
    pub language: String,
    /// Body key: `wg7`, `wg4`, `cop`.
    pub body: String,
    /// Document type: `report`, `draft-report`, `background-paper`, `thematic-summary`, `agenda`…
    #[serde(rename = "type")]
    pub doc_type: String,
    /// The meeting the document belongs to, `{body}/{start date}`.
    pub meeting: String,
    /// UN document symbol, when known.
    pub symbol: Option<String>,
    /// Slug for documents with no known symbol (`id:doc/local/{slug}`).
    pub local_id: Option<String>,
    /// English title.
    pub title_en: Option<String>,
    /// Title in the document's language, for texts that print none.
    pub title: Option<String>,
}

impl Manifest {
    /// Reads `manifest.toml` from the data directory.
    pub fn load(data_dir: &Path) -> Result<Self, CorpusError> {
        let path = data_dir.join("manifest.toml");
        let text = std::fs::read_to_string(&path).map_err(|error| CorpusError::ManifestIo {
            path: path.clone(),
            error,
        })?;
        toml::from_str(&text).map_err(|e| CorpusError::ManifestSyntax {
            line: e.span().map_or(1, |span| {
                line_of(text.as_bytes(), span.start.min(text.len()))
            }),
            path,
            // the parser's own text quotes the line over several; its message alone is one
            message: e.message().split_whitespace().collect::<Vec<_>>().join(" "),
        })
    }
}

/// A document read from disk and normalised.
#[derive(Debug, Clone)]
pub struct SourceDocument {
    /// The manifest entry.
    pub entry: ManifestEntry,
    /// Path of the file as given to the reader.
    pub path: PathBuf,
    /// The decoded text.
    pub text: String,
    /// Whether the bytes were GB18030 (and decoded from it).
    pub was_gb18030: bool,
    /// The printed structure.
    pub blocks: Vec<Block>,
    /// Where the paragraph numbers do not follow each other (the text is kept all the same).
    pub irregularities: Vec<Irregularity>,
    /// What the normaliser guessed about text another tool left (joined lines, no numbers, the
    /// ending), each to be reported as `{file}:{line}: {guess}`.
    pub guesses: Vec<Guess>,
}

/// What a block of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Before the first numbered paragraph: title block, dates, symbols.
    Front,
    /// A heading or other unnumbered text between paragraphs.
    Heading,
    /// A paragraph: numbered (`number` holds it), or, in a text that numbers none, unnumbered
    /// (`text_index` holds its place).
    Paragraph,
    /// A footnote body.
    Footnote,
}

/// One block of normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// The number as printed (`12`, footnote `3` or `*`), for paragraphs and footnotes.
    pub number: Option<String>,
    /// Normalised text; sub-items and list lines start on lines of their own.
    pub text: String,
    /// Footnote numbers referred to from this block's text.
    pub footnote_refs: Vec<String>,
    /// 1-based line in the source file where the block starts.
    pub line: usize,
    /// For an unnumbered paragraph (a text with no numbered paragraph: a web page, a
    /// resolution's preamble), its 1-based place among the document's unnumbered paragraphs.
    pub text_index: Option<u32>,
}

impl Block {
    /// The identifier used in IRIs: `para_12`, `fn_3`, `fn_star`, and `text_4` for the fourth
    /// unnumbered paragraph of a text that numbers none (the same text gives the same ids).
    pub fn local_id(&self) -> Option<String> {
        if let (BlockKind::Paragraph, None, Some(k)) = (self.kind, &self.number, self.text_index) {
            return Some(format!("text_{k}"));
        }
        let n = self.number.as_deref()?;
        Some(match self.kind {
            BlockKind::Footnote if n == "*" => "fn_star".to_owned(),
            BlockKind::Footnote => format!("fn_{n}"),
            _ => format!("para_{n}"),
        })
    }
}

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.kind, &self.number) {
            (BlockKind::Paragraph, Some(n)) => write!(f, "paragraph {n}"),
            (BlockKind::Paragraph, None) if self.text_index.is_some() => write!(
                f,
                "unnumbered paragraph {}",
                self.text_index.unwrap_or_default()
            ),
            (BlockKind::Footnote, Some(n)) => write!(f, "footnote {n}"),
            _ => write!(f, "line {}", self.line),
        }
    }
}

/// The most bytes a document may hold unless told otherwise: 16 MiB, four hundred times the
/// longest document of the bundled corpus. The build holds about 125 bytes per line of a
/// document while it reads it (a block per line, where every line is a heading).
pub const DEFAULT_MAX_DOCUMENT_SIZE: u64 = 16 << 20;

/// Reads and normalises one manifest entry, of at most [`DEFAULT_MAX_DOCUMENT_SIZE`] bytes.
pub fn read_document(
    data_dir: &Path,
    entry: &ManifestEntry,
    index: usize,
) -> Result<SourceDocument, CorpusError> {
    let bytes = read_bytes(data_dir, entry, index, DEFAULT_MAX_DOCUMENT_SIZE)?;
    document_from_bytes(data_dir, entry, &bytes)
}

/// The bytes of a manifest entry's file (`index` is the entry's place in the manifest, for the
/// error). A file of more than `limit` bytes is refused; no more than `limit + 1` bytes are
/// read, whatever the file (a device or a pipe that never ends).
pub fn read_bytes(
    data_dir: &Path,
    entry: &ManifestEntry,
    index: usize,
    limit: u64,
) -> Result<Vec<u8>, CorpusError> {
    use std::io::Read;
    let path = data_dir.join(&entry.file);
    if !path.exists() {
        return Err(CorpusError::Missing {
            path,
            entry: index + 1,
        });
    }
    let too_large = |path: PathBuf| CorpusError::TooLarge { path, limit };
    let file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(error) => return Err(CorpusError::Unreadable { path, error }),
    };
    // a regular file says its size: refused unread when it is over
    let size = file.metadata().map_or(0, |m| m.len());
    if size > limit {
        return Err(too_large(path));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    if let Err(error) = file.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
        return Err(CorpusError::Unreadable { path, error });
    }
    if bytes.len() as u64 > limit {
        return Err(too_large(path));
    }
    Ok(bytes)
}

/// A document from the bytes of its file (read by the caller, who may also hash them).
pub fn document_from_bytes(
    data_dir: &Path,
    entry: &ManifestEntry,
    bytes: &[u8],
) -> Result<SourceDocument, CorpusError> {
    let path = data_dir.join(&entry.file);
    let (text, was_gb18030) = decode(bytes, &path)?;
    if text.trim().is_empty() {
        return Err(CorpusError::Empty { path });
    }
    let Normalised {
        blocks,
        irregularities,
        guesses,
    } = normalise(&text);
    if !blocks.iter().any(|b| b.kind == BlockKind::Paragraph) {
        return Err(CorpusError::NoParagraphs { path });
    }
    check_complete(&blocks, &text, &path)?;
    Ok(SourceDocument {
        entry: entry.clone(),
        path,
        text,
        was_gb18030,
        blocks,
        irregularities,
        guesses,
    })
}

/// Decodes UTF-8, or GB18030 when the bytes are not UTF-8; a UTF-8 sequence cut at the very end
/// means the file was truncated, not that it is in another encoding.
pub fn decode(bytes: &[u8], path: &Path) -> Result<(String, bool), CorpusError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), false)),
        Err(e) if e.error_len().is_none() => Err(CorpusError::Truncated {
            path: path.to_owned(),
            line: line_of(bytes, e.valid_up_to()),
            reason: "the last character is cut in the middle of its UTF-8 bytes".to_owned(),
        }),
        Err(e) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors || !looks_like_text(&text) {
                return Err(CorpusError::Encoding {
                    path: path.to_owned(),
                    line: line_of(bytes, e.valid_up_to()),
                });
            }
            Ok((text.into_owned(), true))
        }
    }
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Binary junk can decode as GB18030 without errors; real text has few control characters.
fn looks_like_text(text: &str) -> bool {
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    controls * 100 <= text.chars().count()
}

/// A document whose last block is a paragraph or footnote that stops mid-sentence was cut off.
/// One that ends on a heading, a signature, a footer, a list item, a clause or an address is
/// taken as complete (the normaliser reports that guess).
fn check_complete(blocks: &[Block], text: &str, path: &Path) -> Result<(), CorpusError> {
    let Some((_, None)) = normalise::ending(blocks) else {
        return Ok(());
    };
    let Some(last) = blocks.last() else {
        return Ok(());
    };
    let tail = last.text.trim_end();
    let line = text.lines().count();
    let ending: String = tail
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Err(CorpusError::Truncated {
        path: path.to_owned(),
        line,
        reason: format!("{last} stops mid-sentence at \"…{ending}\""),
    })
}

pub(crate) fn ends_sentence(text: &str) -> bool {
    text.ends_with([
        '。', '！', '？', '.', '!', '?', '”', '"', '）', ')', '；', '：', '」', '》',
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb18030_is_decoded_and_cut_utf8_is_truncation() {
        let (gb, _, _) = encoding_rs::GB18030.encode("1. 维也纳会议。");
        let (text, was_gb) = decode(&gb, Path::new("x.txt")).expect("GB18030 decodes");
        assert!(was_gb);
        assert_eq!(text, "1. 维也纳会议。");
        let utf8 = "1. 维也纳".as_bytes();
        let cut = &utf8[..utf8.len() - 1];
        assert!(matches!(
            decode(cut, Path::new("x.txt")),
            Err(CorpusError::Truncated { .. })
        ));
    }
}
