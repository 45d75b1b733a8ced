//! Problems a build meets in its input: what kind, in which file, where in it, and what a reader
//! should know. A build reports them and goes on with the other documents; the command line
//! prints each as `file:line: message`, `file, page N: message`, `file, paragraph N: message`
//! (Word) or `file: paragraph N: message`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

use super::CorpusError;

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    /// A line of the file's text, 1-based.
    Line(usize),
    /// A page of a paged file (PDF), 1-based.
    Page(u32),
    /// A paragraph of a file that has neither lines nor pages (Word), 1-based, counted in the
    /// order the reader meets them: not the number printed before it, which [`Place::Block`]
    /// gives once the text is read.
    Paragraph(u32),
    /// A block of the text as the reader numbers it: `paragraph 12`, `footnote 3`, `line 7`.
    Block(String),
}

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// The file could not be read as a document: missing, too large, empty, not text, cut
    /// short, or in a format that cannot be read. The document is not ingested.
    Unreadable,
    /// Another file gives the same language version.
    Duplicate,
    /// Paragraph numbers out of sequence; the text is kept.
    Numbering,
    /// The reader guessed at the text's layout (joined lines, no numbers, the ending).
    Layout,
    /// The file's format could not give something (a list number format, a symbol without a
    /// character, a page without text).
    Format,
    /// The text stops mid-sentence and was read as far as it goes.
    Truncated,
    /// The language stated and the language read disagree, or none is known.
    Language,
    /// The manifest and the text disagree; the manifest wins.
    Manifest,
    /// No symbol on the front page nor in the manifest.
    NoSymbol,
    /// A name the gazetteer does not know.
    UnknownName,
    /// A statement extraction could not turn into facts.
    Extraction,
    /// A citation of a provision its instrument does not have.
    Citation,
    /// An instrument's text could not be read or parsed.
    Instrument,
    /// The build record could not be saved; the next build reads every document.
    Record,
}

/// One problem, where it was met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// What went wrong.
    pub kind: ProblemKind,
    /// The file at fault (the store directory for [`ProblemKind::Record`]).
    pub file: PathBuf,
    /// Where in the file, when the problem is in one place.
    pub place: Option<Place>,
    /// What a reader should know, in one line, without the file and place.
    pub message: String,
}

impl Problem {
    /// A problem with a whole file.
    pub fn new(kind: ProblemKind, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            kind,
            file: file.into(),
            place: None,
            message: message.into(),
        }
    }

    /// The same problem, at `place` in its file.
    #[must_use]
    pub fn at(mut self, place: Place) -> Self {
        self.place = Some(place);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        match &self.place {
            Some(Place::Line(line)) => write!(f, ":{line}")?,
            Some(Place::Page(page)) => write!(f, ", page {page}")?,
            Some(Place::Paragraph(paragraph)) => write!(f, ", paragraph {paragraph}")?,
            Some(Place::Block(block)) => write!(f, ": {block}")?,
            None => {}
        }
        write!(f, ": {}", self.message)
    }
}

impl CorpusError {
    /// The file this error is about.
    pub fn path(&self) -> &Path {
        match self {
            Self::ManifestIo { path, .. }
            | Self::ManifestSyntax { path, .. }
            | Self::Missing { path, .. }
            | Self::Unreadable { path, .. }
            | Self::TooLarge { path, .. }
            | Self::Empty { path }
            | Self::Encoding { path, .. }
            | Self::Truncated { path, .. }
            | Self::NoParagraphs { path } => path,
            Self::Format(error) => error.path(),
        }
    }

    /// The line this error is at, when it is at one.
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::ManifestSyntax { line, .. }
            | Self::Encoding { line, .. }
            | Self::Truncated { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// This error as a build reports it: its file, line, and message.
    pub fn problem(&self) -> Problem {
        let path = self.path();
        let text = self.to_string();
        // every message begins with its file and line, which the problem holds apart
        let (prefix, place) = match self.line() {
            Some(line) => (
                format!("{}:{line}: ", path.display()),
                Some(Place::Line(line)),
            ),
            None => (format!("{}: ", path.display()), None),
        };
        let message = text.strip_prefix(prefix.as_str()).unwrap_or(&text);
        Problem {
            place,
            ..Problem::new(ProblemKind::Unreadable, path, message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::FormatError;

    /// A problem made from an error reads as the error did, with its file and line taken apart.
    #[test]
    fn an_error_reads_the_same_as_a_problem() {
        let path = PathBuf::from("data/documents/report.zh.txt");
        let errors = [
            CorpusError::Missing {
                path: path.clone(),
                entry: 2,
            },
            CorpusError::Empty { path: path.clone() },
            CorpusError::Encoding {
                path: path.clone(),
                line: 3,
            },
            CorpusError::Truncated {
                path: path.clone(),
                line: 80,
                reason: "it stops after 而且".to_owned(),
            },
            CorpusError::Format(FormatError::Encrypted { path: path.clone() }),
        ];
        let problems: Vec<(Option<Place>, String)> = errors
            .iter()
            .map(|error| {
                let problem = error.problem();
                assert_eq!(problem.to_string(), error.to_string());
                assert_eq!(problem.file, path);
                assert_eq!(problem.kind, ProblemKind::Unreadable);
                (problem.place, problem.message)
            })
            .collect();
        assert_eq!(
            problems,
            [
                (
                    None,
                    "listed in the manifest (entry 2) but there is no such file".to_owned()
                ),
                (None, "the document is empty".to_owned()),
                (
                    Some(Place::Line(3)),
                    "not valid UTF-8, UTF-16 (with its byte-order mark) nor GB18030 text"
                        .to_owned()
                ),
                (
                    Some(Place::Line(80)),
                    "the document looks truncated: it stops after 而且".to_owned()
                ),
                (
                    None,
                    "the PDF is encrypted; save an unencrypted copy (for instance `qpdf --decrypt`) and add that".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_problem_names_its_file_then_its_place() {
        let problem = |place| Problem::new(ProblemKind::Format, "a.pdf", "no text").at(place);
        assert_eq!(problem(Place::Line(7)).to_string(), "a.pdf:7: no text");
        assert_eq!(
            problem(Place::Page(2)).to_string(),
            "a.pdf, page 2: no text"
        );
        assert_eq!(
            problem(Place::Paragraph(40)).to_string(),
            "a.pdf, paragraph 40: no text"
        );
        assert_eq!(
            problem(Place::Block("paragraph 12".to_owned())).to_string(),
            "a.pdf: paragraph 12: no text"
        );
        assert_eq!(
            Problem::new(ProblemKind::Record, "store", "cannot save").to_string(),
            "store: cannot save"
        );
    }
}
