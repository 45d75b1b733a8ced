//! PDF to text, through Poppler's `pdftotext`.

use std::path::Path;

use super::{Converted, FormatError};

/// Not read yet: the reader lands with its fixtures.
pub fn convert(path: &Path) -> Result<Converted, FormatError> {
    Err(FormatError::Program {
        path: path.to_owned(),
        program: "pdftotext",
        message: "PDF reading is not built yet".to_owned(),
    })
}
