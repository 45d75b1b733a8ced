//! The zip package of a Word file: its parts, each read within a size limit.

use std::io::{Cursor, Read};
use std::path::Path;

use zip::ZipArchive;
use zip::result::ZipError;

use super::FORMAT;
use super::xml::{Element, parse};
use crate::formats::FormatError;

/// The zip, with the file it came from for errors.
pub(super) struct Package<'a> {
    path: &'a Path,
    limit: u64,
    archive: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Package<'a> {
    pub(super) fn open(path: &'a Path, bytes: &'a [u8], limit: u64) -> Result<Self, FormatError> {
        match ZipArchive::new(Cursor::new(bytes)) {
            Ok(archive) => Ok(Self {
                path,
                limit,
                archive,
            }),
            // not a zip at all, nor a legacy Word file: not a Word document
            Err(_) if !bytes.starts_with(b"PK") => Err(FormatError::NotWord {
                path: path.to_owned(),
            }),
            Err(e) => Err(corrupt(path, format!("the zip cannot be read: {e}"))),
        }
    }

    /// The bytes of a part, or `None` when the zip has no such part; no more than the limit
    /// (and one byte, to know it is over) is inflated.
    pub(super) fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, FormatError> {
        let file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(corrupt(self.path, format!("{name}: {e}"))),
        };
        let mut bytes = Vec::new();
        file.take(self.limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| corrupt(self.path, format!("{name}: {e}")))?;
        if bytes.len() as u64 > self.limit {
            return Err(FormatError::PartTooLarge {
                path: self.path.to_owned(),
                part: name.to_owned(),
                limit: self.limit,
            });
        }
        Ok(Some(bytes))
    }

    pub(super) fn parse(&self, name: &str, xml: &[u8]) -> Result<Element, FormatError> {
        parse(xml).map_err(|detail| corrupt(self.path, format!("{name}: {detail}")))
    }
}

fn corrupt(path: &Path, detail: String) -> FormatError {
    FormatError::Corrupt {
        path: path.to_owned(),
        format: FORMAT,
        detail,
    }
}
