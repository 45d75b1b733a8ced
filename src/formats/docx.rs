//! Word (`.docx`) to text: the zip's XML read with `zip` and `quick-xml`.

use std::path::Path;

use super::{Converted, FormatError};

/// Not read yet: the reader lands with its fixtures.
pub fn convert(path: &Path, _bytes: &[u8]) -> Result<Converted, FormatError> {
    Err(FormatError::NotWord {
        path: path.to_owned(),
    })
}
