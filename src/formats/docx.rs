//! Word (`.docx`) files to the normaliser's text, read from the zip's XML parts as Word lays
//! them out: paragraphs in order, with the numbers Word prints (from `numbering.xml`, directly
//! or through a paragraph's style), footnote and endnote references as superscript digits and
//! their bodies on lines of their own after the paragraph, tables row by row.
//!
//! Headers and footers are parts of their own (`header1.xml`, `footer1.xml`) and are not read:
//! they hold the running heads, page numbers and job numbers the normaliser's form leaves out.

use std::collections::HashMap;
use std::path::Path;

use super::{Converted, Format, FormatError};

mod layout;
mod number_format;
mod numbering;
mod package;
mod xml;

use layout::{Layout, NoteKind};
use numbering::{Numbering, Styles};
use package::Package;
use xml::Element;

/// The most bytes any one part of the zip is read to, uncompressed: a small zip can inflate to
/// gigabytes (a zip bomb). The longest seed document is about 40 KB of text.
pub const MAX_PART_SIZE: u64 = 64 << 20;

/// The name of the format in error messages.
const FORMAT: &str = "Word (.docx)";

/// Reads a Word file as text in the normaliser's form. `path` names the file in errors and
/// warnings; Word has no fixed pages, so `line_pages` stays empty.
pub fn convert(path: &Path, bytes: &[u8]) -> Result<Converted, FormatError> {
    convert_within(path, bytes, MAX_PART_SIZE)
}

/// [`convert`], reading no part past `limit` bytes.
fn convert_within(path: &Path, bytes: &[u8], limit: u64) -> Result<Converted, FormatError> {
    if Format::detect(bytes) == Format::Doc {
        return Err(FormatError::LegacyDoc {
            path: path.to_owned(),
        });
    }
    let mut package = Package::open(path, bytes, limit)?;
    let Some(document) = package.part("word/document.xml")? else {
        return Err(FormatError::NotWord {
            path: path.to_owned(),
        });
    };
    let document = package.parse("word/document.xml", &document)?;
    let targets = match package.part("word/_rels/document.xml.rels")? {
        Some(rels) => relationship_targets(&package.parse("word/_rels/document.xml.rels", &rels)?),
        None => HashMap::new(),
    };
    let mut related = |kind: &str| -> Result<Option<Element>, FormatError> {
        let name = targets
            .get(kind)
            .cloned()
            .unwrap_or_else(|| format!("word/{kind}.xml"));
        match package.part(&name)? {
            Some(xml) => package.parse(&name, &xml).map(Some),
            None => Ok(None),
        }
    };
    let styles = related("styles")?
        .map(|s| Styles::new(&s))
        .unwrap_or_default();
    let numbering = related("numbering")?
        .map(|n| Numbering::new(&n, &styles))
        .unwrap_or_default();
    let footnotes = related("footnotes")?;
    let endnotes = related("endnotes")?;

    let mut notes = HashMap::new();
    for (kind, part) in [(NoteKind::Foot, &footnotes), (NoteKind::End, &endnotes)] {
        for note in part.iter().flat_map(|p| p.elements()) {
            let separator = note
                .attr("type")
                .is_some_and(|t| t != "normal" && !t.is_empty());
            if let (false, Some(id)) = (separator, note.attr("id")) {
                notes.insert((kind, id.to_owned()), note);
            }
        }
    }

    let mut layout = Layout::new(path, &styles, &numbering, notes);
    if let Some(body) = document.child("body") {
        layout.blocks(body);
    }
    layout.flush_notes();
    layout.warnings.append(&mut layout.format_warnings);
    Ok(Converted {
        text: layout.text,
        line_pages: Vec::new(),
        warnings: layout.warnings,
    })
}

/// The parts a document's relationships name, by kind (`styles`, `numbering`, `footnotes`,
/// `endnotes`), as paths inside the zip.
fn relationship_targets(rels: &Element) -> HashMap<String, String> {
    rels.all_elements()
        .filter_map(|r| {
            let kind = r.attr("Type")?.rsplit('/').next()?;
            let target = r.attr("Target")?;
            let name = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_owned(),
                None => format!("word/{target}"),
            };
            Some((kind.to_owned(), name))
        })
        .collect()
}

#[cfg(test)]
mod tests;
