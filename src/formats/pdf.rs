//! PDF to text, through Poppler's `pdftotext`.
