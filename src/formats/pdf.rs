//! PDF to text: Poppler's `pdftotext` gives each word's box (`-bbox-layout`), and the page is
//! rebuilt from the boxes in reading order.
//!
//! The boxes are cut into blocks where a wide band across the page holds no word, a block into
//! columns where a gutter runs from its top to its bottom (the two sides of a UN masthead, read
//! one after the other), and the rest into lines. Lines are then sorted into running headers and
//! footers (dropped, but for page 1's job number), footnotes (small lines at the foot of a page,
//! written after the page's body text) and body text. A small raised digit is a footnote
//! reference and becomes superscript digits.
//!
//! Each printed line is a line of the text, except where the normaliser would misread the break:
//! it ends a paragraph at a line ending a sentence, and rejoins two Latin words with a space only
//! after a letter; such a wrapped line is joined to the next one. A footnote's lines are always
//! joined: after a page's footnotes, the normaliser gives a plain line to the paragraph the page
//! left open.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::{Converted, FormatError};

mod breaks;
mod layout;
mod lines;
mod pdftotext;

use layout::Layout;
use pdftotext::{PROGRAM, parse, run};

/// Reads a PDF file's text in the normaliser's form.
pub fn convert(path: &Path) -> Result<Converted, FormatError> {
    convert_with(PROGRAM, path)
}

fn convert_with(program: &'static str, path: &Path) -> Result<Converted, FormatError> {
    check_end(path)?;
    let xml = run(program, path)?;
    let pages = parse(&xml).map_err(|detail| corrupt(path, detail))?;
    if pages.is_empty() {
        return Err(corrupt(path, "pdftotext found no pages".to_owned()));
    }
    if pages.iter().all(|p| p.words.is_empty()) {
        return Err(FormatError::NoTextLayer {
            path: path.to_owned(),
            pages: u32::try_from(pages.len()).unwrap_or(u32::MAX),
        });
    }
    Ok(Layout::new(&pages).into_text(path))
}

fn corrupt(path: &Path, detail: String) -> FormatError {
    FormatError::Corrupt {
        path: path.to_owned(),
        format: "PDF",
        detail,
    }
}

/// A PDF ends with `%%EOF`; a file cut short does not, and `pdftotext` would read the pages it
/// can rebuild without a word.
fn check_end(path: &Path) -> Result<(), FormatError> {
    let io = |e: std::io::Error| corrupt(path, format!("cannot read it: {e}"));
    let mut file = std::fs::File::open(path).map_err(io)?;
    let len = file.seek(SeekFrom::End(0)).map_err(io)?;
    file.seek(SeekFrom::Start(len.saturating_sub(1024)))
        .map_err(io)?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail).map_err(io)?;
    if tail.windows(5).any(|w| w == b"%%EOF") {
        Ok(())
    } else {
        Err(corrupt(
            path,
            format!("no %%EOF marker at its end ({len} bytes): the file is cut short"),
        ))
    }
}

#[cfg(test)]
mod tests;
