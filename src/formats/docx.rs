//! Word (`.docx`) to text: the zip's XML read with `zip` and `quick-xml`.
