//! The corpus: the manifest, reading documents (encodings, truncation) and normalising PDF text
//! into blocks (front matter, headings, numbered paragraphs, footnotes).
//!
//! PDF text arrives with hard line breaks inside words and symbols, blank lines between every
//! printed line, footnote bodies dropped in the middle of a paragraph at page breaks, and agenda
//! lists whose numbers look like paragraph numbers. The normaliser rebuilds the printed structure
//! so that extraction can work paragraph by paragraph.

pub mod add;
pub mod metadata;
mod normalise;
mod problem;

pub use metadata::{Metadata, Origin, Sourced};
pub use normalise::{
    Ending, Guess, GuessKind, Irregularity, Marker, Normalised, normalise, tidy_spaces,
};
pub use problem::{Place, Problem, ProblemKind};

use crate::formats::{self, Format, FormatError};

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
    #[error("{path}:{line}: not valid UTF-8, UTF-16 (with its byte-order mark) nor GB18030 text")]
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
    /// The file's format could not be read.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// The text has no paragraph at all, numbered or not (only addresses, or only footnotes).
    #[error("{path}: no paragraph of text found (is this a UN document?)")]
    NoParagraphs {
        /// The file.
        path: PathBuf,
    },
}

/// The manifest, `data/manifest.toml`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// One entry per document.
    #[serde(rename = "document", default)]
    pub documents: Vec<ManifestEntry>,
}

/// What the manifest says of one document: only what its text cannot give (a draft that states
/// no symbol, an English title for a Chinese text), or a correction of what it states. Where the
/// manifest speaks, it wins.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Default, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// Path relative to the data directory.
    pub file: String,
    /// Language code of the text, e.g. `zh`.
    pub language: Option<String>,
    /// Body key: `wg7`, `wg4`, `cop`.
    pub body: Option<String>,
    /// Document type: `report`, `draft-report`, `background-paper`, `thematic-summary`, `agenda`…
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// The meeting the document belongs to, `{body}/{start date}`.
    pub meeting: Option<String>,
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
    /// Reads `manifest.toml` from the data directory; with no such file, the manifest is empty.
    pub fn load(data_dir: &Path) -> Result<Self, CorpusError> {
        let path = data_dir.join("manifest.toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::default());
            }
            Err(error) => return Err(CorpusError::ManifestIo { path, error }),
        };
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

/// A document of the corpus: a file under `documents/`, or named by the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the data directory, with `/` between components.
    pub file: String,
    /// The manifest's entry for the file, if any.
    pub manifest: Option<ManifestEntry>,
    /// 1-based place of that entry in the manifest, for messages.
    pub manifest_line: Option<usize>,
}

/// The documents of a data directory: every file under `documents/` (hidden files and READMEs
/// aside), and every file the manifest names, in the order of their paths.
pub fn discover(data_dir: &Path) -> Result<(Manifest, Vec<Entry>), CorpusError> {
    let manifest = Manifest::load(data_dir)?;
    let mut files = std::collections::BTreeMap::new();
    let documents = data_dir.join("documents");
    let mut stack = vec![documents];
    while let Some(dir) = stack.pop() {
        let Ok(listing) = std::fs::read_dir(&dir) else {
            continue;
        };
        for item in listing.flatten() {
            let path = item.path();
            let name = item.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.to_ascii_lowercase().starts_with("readme") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(data_dir) {
                let file = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(file, None);
            }
        }
    }
    for (index, entry) in manifest.documents.iter().enumerate() {
        files.insert(entry.file.clone(), Some((index + 1, entry.clone())));
    }
    let entries = files
        .into_iter()
        .map(|(file, listed)| Entry {
            file,
            manifest_line: listed.as_ref().map(|(index, _)| *index),
            manifest: listed.map(|(_, entry)| entry),
        })
        .collect();
    Ok((manifest, entries))
}

/// A document read from disk and normalised.
#[derive(Debug, Clone)]
pub struct SourceDocument {
    /// The corpus entry.
    pub entry: Entry,
    /// What is known of it, each value with its origin.
    pub meta: Metadata,
    /// Path of the file as given to the reader.
    pub path: PathBuf,
    /// The file's format.
    pub format: Format,
    /// The text, decoded or converted into the normaliser's form.
    pub text: String,
    /// Whether the bytes were GB18030 (and decoded from it).
    pub was_gb18030: bool,
    /// The page of each line of `text`, for formats with pages.
    pub line_pages: Vec<u32>,
    /// The printed structure.
    pub blocks: Vec<Block>,
    /// Where the paragraph numbers do not follow each other (the text is kept all the same).
    pub irregularities: Vec<Irregularity>,
    /// What reading the file guessed or found amiss.
    pub warnings: Vec<Problem>,
    /// What the normaliser guessed about text another tool left (joined lines, no numbers, the
    /// ending), each to be reported as `{file}:{line}: {guess}`.
    pub guesses: Vec<Guess>,
}

impl SourceDocument {
    /// Where a 1-based line of the text is, for messages: its page in a paged format, else the line.
    pub fn place(&self, line: usize) -> Place {
        match self.line_pages.get(line.wrapping_sub(1)) {
            Some(&page) => Place::Page(page),
            None => Place::Line(line),
        }
    }
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

/// Reads and normalises one document, of at most [`DEFAULT_MAX_DOCUMENT_SIZE`] bytes.
pub fn read_document(data_dir: &Path, entry: &Entry) -> Result<SourceDocument, CorpusError> {
    let bytes = read_bytes(data_dir, entry, DEFAULT_MAX_DOCUMENT_SIZE)?;
    document_from_bytes(data_dir, entry, &bytes)
}

/// The bytes of a document's file. A file of more than `limit` bytes is refused; no more than
/// `limit + 1` bytes are read, whatever the file (a device or a pipe that never ends).
pub fn read_bytes(data_dir: &Path, entry: &Entry, limit: u64) -> Result<Vec<u8>, CorpusError> {
    let path = data_dir.join(&entry.file);
    if !path.exists() {
        return Err(CorpusError::Missing {
            path,
            entry: entry.manifest_line.unwrap_or(0),
        });
    }
    read_file(&path, limit)
}

/// The bytes of a file of at most `limit` bytes, read with a bound.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, CorpusError> {
    use std::io::Read;
    let path = path.to_owned();
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

/// A document's text in the normaliser's form, whatever its format.
pub fn convert(bytes: &[u8], path: &Path) -> Result<DocumentText, CorpusError> {
    if bytes.is_empty() {
        return Err(CorpusError::Empty {
            path: path.to_owned(),
        });
    }
    let format = Format::detect(bytes);
    let (text, was_gb18030, line_pages, warnings) = match format {
        Format::Text => {
            let (text, was_gb18030) = decode(bytes, path)?;
            (text, was_gb18030, Vec::new(), Vec::new())
        }
        Format::Pdf => {
            let converted = formats::pdf::convert(path)?;
            (
                converted.text,
                false,
                converted.line_pages,
                converted.warnings,
            )
        }
        Format::Docx => {
            let converted = formats::docx::convert(path, bytes)?;
            (
                converted.text,
                false,
                converted.line_pages,
                converted.warnings,
            )
        }
        Format::Doc => {
            return Err(FormatError::LegacyDoc {
                path: path.to_owned(),
            }
            .into());
        }
        Format::Zip => {
            return Err(FormatError::NotWord {
                path: path.to_owned(),
            }
            .into());
        }
    };
    Ok(DocumentText {
        format,
        text,
        was_gb18030,
        line_pages,
        warnings,
    })
}

/// A file's text in the normaliser's form, and how it was read.
#[derive(Debug, Clone)]
pub struct DocumentText {
    /// What the file was.
    pub format: Format,
    /// The text.
    pub text: String,
    /// Whether the bytes were GB18030 text.
    pub was_gb18030: bool,
    /// The page of each line, for paged formats.
    pub line_pages: Vec<u32>,
    /// What the conversion guessed or dropped.
    pub warnings: Vec<Problem>,
}

/// What to do with a text that stops mid-sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Refuse it: the file was read whole before, and its last good graph stays.
    Refused,
    /// Read it as far as it goes, with a warning: a new file (a first page on its own, say)
    /// gives what it has.
    Kept,
}

/// A document from the bytes of its file (read by the caller, who may also hash them); a text
/// that stops mid-sentence is refused.
pub fn document_from_bytes(
    data_dir: &Path,
    entry: &Entry,
    bytes: &[u8],
) -> Result<SourceDocument, CorpusError> {
    document_from_bytes_as(data_dir, entry, bytes, Cut::Refused)
}

/// [`document_from_bytes`], with a text that stops mid-sentence refused or kept.
pub fn document_from_bytes_as(
    data_dir: &Path,
    entry: &Entry,
    bytes: &[u8],
    cut: Cut,
) -> Result<SourceDocument, CorpusError> {
    let path = data_dir.join(&entry.file);
    let DocumentText {
        format,
        text,
        was_gb18030,
        line_pages,
        mut warnings,
    } = convert(bytes, &path)?;
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
    match (check_complete(&blocks, &text, &path), cut) {
        (Ok(()), _) => {}
        (Err(CorpusError::Truncated { line, reason, .. }), Cut::Kept) => warnings.push(
            Problem::new(
                ProblemKind::Truncated,
                &path,
                format!("the text stops mid-sentence ({reason}); read as far as it goes, as a new file (a first page alone?)"),
            )
            .at(Place::Line(line)),
        ),
        (Err(error), _) => return Err(error),
    }
    let meta = metadata::resolve(entry, &text, &mut warnings, &path);
    Ok(SourceDocument {
        entry: entry.clone(),
        meta,
        path,
        format,
        text,
        was_gb18030,
        line_pages,
        blocks,
        irregularities,
        warnings,
        guesses,
    })
}

/// Decodes UTF-16 with a byte-order mark, UTF-8, or GB18030 when the bytes are not UTF-8; a
/// UTF-8 sequence cut at the very end means the file was truncated, not that it is in another
/// encoding.
pub fn decode(bytes: &[u8], path: &Path) -> Result<(String, bool), CorpusError> {
    for (bom, encoding) in [
        (b"\xFF\xFE", encoding_rs::UTF_16LE),
        (b"\xFE\xFF", encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            if rest.len() % 2 == 1 {
                return Err(CorpusError::Truncated {
                    path: path.to_owned(),
                    line: line_of_utf16(rest, rest.len() - 1, encoding),
                    reason: "the last character is cut in the middle of its UTF-16 bytes"
                        .to_owned(),
                });
            }
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            if had_errors {
                let valid = text.find('\u{fffd}').unwrap_or(text.len());
                return Err(CorpusError::Encoding {
                    path: path.to_owned(),
                    line: text[..valid].matches('\n').count() + 1,
                });
            }
            return Ok((text.into_owned(), false));
        }
    }
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

/// The line of a byte offset in UTF-16 text.
fn line_of_utf16(bytes: &[u8], offset: usize, encoding: &'static encoding_rs::Encoding) -> usize {
    let (text, _) = encoding.decode_without_bom_handling(&bytes[..offset & !1]);
    text.matches('\n').count() + 1
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
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "1. 维也纳会议。\n2. Vienna.\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for bytes in [&le, &be] {
            let (decoded, was_gb) = decode(bytes, Path::new("x.txt")).expect("UTF-16 decodes");
            assert_eq!(decoded, text);
            assert!(!was_gb);
        }
        assert!(matches!(
            decode(&le[..le.len() - 1], Path::new("x.txt")),
            Err(CorpusError::Truncated { line: 2, .. })
        ));
    }

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
