//! Files to text: PDF (through Poppler's `pdftotext`), Word (`.docx`) and plain text, each into
//! the plain-text form the normaliser reads.
//!
//! That form is the one of the seed documents:
//! - one printed line a line; a blank line between paragraphs;
//! - a paragraph's number (`12.`) at the start of its first line;
//! - sub-items (`(a)`) at the start of a line of their own;
//! - a footnote body on lines of its own, starting with its mark in superscript digits (`¹²`) or
//!   `* `, after the paragraph that refers to it;
//! - a footnote reference in running text as superscript digits (`text¹`);
//! - no running headers, footers, page numbers, job numbers or barcode lines.

use std::path::PathBuf;

use crate::corpus::Problem;

pub mod docx;
pub mod pdf;

/// What a file holds, by its first bytes (not by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text, in some encoding.
    Text,
    /// A PDF file (`%PDF-`).
    Pdf,
    /// A zip file with `word/document.xml`: a Word document.
    Docx,
    /// Any other zip file.
    Zip,
    /// A legacy Word file (an OLE compound file).
    Doc,
}

impl Format {
    /// The format of `bytes`.
    pub fn detect(bytes: &[u8]) -> Self {
        if bytes.starts_with(b"%PDF-") {
            Self::Pdf
        } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            // the member names are stored in clear in the local headers and the central directory
            if bytes.windows(17).any(|w| w == b"word/document.xml") {
                Self::Docx
            } else {
                Self::Zip
            }
        } else if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
            Self::Doc
        } else {
            Self::Text
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Text => "text",
            Self::Pdf => "PDF",
            Self::Docx => "Word (.docx)",
            Self::Zip => "zip",
            Self::Doc => "Word (.doc)",
        })
    }
}

/// A file's text in the normaliser's form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    /// The text.
    pub text: String,
    /// The 1-based page of each line of `text`, for formats with pages (empty otherwise).
    pub line_pages: Vec<u32>,
    /// What the conversion guessed or dropped, each with its file and, where the format has
    /// one, its place: the page of a PDF, the paragraph of a Word file.
    pub warnings: Vec<Problem>,
}

impl Converted {
    /// The page a 1-based line of the text was printed on, when the format has pages.
    pub fn page_of_line(&self, line: usize) -> Option<u32> {
        self.line_pages.get(line.checked_sub(1)?).copied()
    }
}

/// Why a file could not be turned into text. Each message names the file and says what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// A program the format needs is not installed.
    #[error(
        "{path}: reading it needs `{program}`, which is not installed (Debian: apt-get install {package}; `make setup` does it)"
    )]
    ProgramMissing {
        /// The file.
        path: PathBuf,
        /// The program.
        program: &'static str,
        /// The Debian package that has it.
        package: &'static str,
    },
    /// The PDF has pages but no text on them: a scan.
    #[error(
        "{path}: the PDF has no text layer on its {pages} page(s); it is a scan and needs OCR first (for instance `ocrmypdf`)"
    )]
    NoTextLayer {
        /// The file.
        path: PathBuf,
        /// Its pages.
        pages: u32,
    },
    /// The PDF is encrypted and cannot be read without its password.
    #[error(
        "{path}: the PDF is encrypted; save an unencrypted copy (for instance `qpdf --decrypt`) and add that"
    )]
    Encrypted {
        /// The file.
        path: PathBuf,
    },
    /// The file is cut short or damaged.
    #[error("{path}: the {format} file is damaged or truncated: {detail}; download it again")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// `PDF`, `Word (.docx)`.
        format: &'static str,
        /// What is wrong, in one line.
        detail: String,
    },
    /// A legacy Word file.
    #[error(
        "{path}: a legacy Word (.doc) file cannot be read; convert it with `soffice --headless --convert-to docx {path}` and add the .docx"
    )]
    LegacyDoc {
        /// The file.
        path: PathBuf,
    },
    /// A zip file that is not a Word document.
    #[error("{path}: a zip file that is not a Word document (no word/document.xml)")]
    NotWord {
        /// The file.
        path: PathBuf,
    },
    /// A part of a Word file inflates past the limit: a zip bomb, or no document.
    #[error(
        "{path}: the Word part {part} inflates to more than {limit} bytes; it is refused unread (a zip bomb, or not a document)"
    )]
    PartTooLarge {
        /// The file.
        path: PathBuf,
        /// The part inside the zip (`word/document.xml`).
        part: String,
        /// The most bytes a part may inflate to.
        limit: u64,
    },
    /// A program ran and failed.
    #[error("{path}: {program} failed: {message}")]
    Program {
        /// The file.
        path: PathBuf,
        /// The program.
        program: &'static str,
        /// Its message, on one line.
        message: String,
    },
}

impl FormatError {
    /// The file this error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            Self::ProgramMissing { path, .. }
            | Self::NoTextLayer { path, .. }
            | Self::Encrypted { path }
            | Self::Corrupt { path, .. }
            | Self::LegacyDoc { path }
            | Self::NotWord { path }
            | Self::PartTooLarge { path, .. }
            | Self::Program { path, .. } => path,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        assert_eq!(Format::detect(b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(
            Format::detect(b"PK\x03\x04....word/document.xml...."),
            Format::Docx
        );
        assert_eq!(
            Format::detect(b"PK\x03\x04....xl/workbook.xml"),
            Format::Zip
        );
        assert_eq!(
            Format::detect(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"),
            Format::Doc
        );
        assert_eq!(Format::detect("1. 文本。".as_bytes()), Format::Text);
    }
}
