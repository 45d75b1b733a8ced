//! Poppler's `pdftotext`: run within a time limit, and its `-bbox-layout` XHTML read into pages
//! of words and their boxes.

use std::path::Path;
use std::process::Command;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::corrupt;
use crate::formats::FormatError;

pub(super) const PROGRAM: &str = "pdftotext";
const PACKAGE: &str = "poppler-utils";

/// Damage that `pdftotext` reports while still printing what it could read.
const DAMAGE: [&str; 4] = [
    "Couldn't find trailer dictionary",
    "Couldn't read xref table",
    "Invalid XRef entry",
    "Top-level pages object is wrong type",
];

/// How long `pdftotext` may take on one file: the 16 MiB a document may hold take a few
/// seconds; a file that keeps it busy longer stalls the build.
const PROGRAM_TIME: std::time::Duration = std::time::Duration::from_secs(120);

/// Runs a command to its end, with its output, or kills it after `limit` (`None`).
pub(super) fn output_within(
    command: &mut Command,
    limit: std::time::Duration,
) -> std::io::Result<Option<std::process::Output>> {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // both pipes are drained while the program runs, so that a full pipe never stalls it
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    Ok(Some(std::process::Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }))
}

pub(super) fn run(program: &'static str, path: &Path) -> Result<String, FormatError> {
    // a relative name starting with '-' would be read as an option
    let arg = if path.is_relative() && path.to_string_lossy().starts_with('-') {
        Path::new(".").join(path)
    } else {
        path.to_owned()
    };
    let mut command = Command::new(program);
    command
        .args(["-bbox-layout", "-enc", "UTF-8"])
        .arg(&arg)
        .arg("-");
    let output = output_within(&mut command, PROGRAM_TIME)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => FormatError::ProgramMissing {
                path: path.to_owned(),
                program,
                package: PACKAGE,
            },
            _ => FormatError::Program {
                path: path.to_owned(),
                program,
                message: e.to_string(),
            },
        })?
        .ok_or_else(|| FormatError::Program {
            path: path.to_owned(),
            program,
            message: format!(
                "still running after {} s, stopped (a PDF that takes this long is damaged or built to stall readers)",
                PROGRAM_TIME.as_secs()
            ),
        })?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first_line = || {
        stderr
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("no message")
            .to_owned()
    };
    // exit status 3 is Poppler's "permission" error; a user password gives this message
    if stderr.contains("Incorrect password") || output.status.code() == Some(3) {
        return Err(FormatError::Encrypted {
            path: path.to_owned(),
        });
    }
    if !output.status.success() {
        // exit status 1: Poppler could not open the document at all
        return Err(if output.status.code() == Some(1) {
            corrupt(path, first_line())
        } else {
            FormatError::Program {
                path: path.to_owned(),
                program,
                message: format!("{} ({})", first_line(), output.status),
            }
        });
    }
    if let Some(damage) = stderr
        .lines()
        .find(|l| DAMAGE.iter().any(|d| l.contains(d)))
    {
        return Err(corrupt(path, damage.trim().to_owned()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A word and its box, in points from the page's top left corner.
#[derive(Debug, Clone)]
pub(super) struct Word {
    pub(super) text: String,
    pub(super) x0: f64,
    pub(super) y0: f64,
    pub(super) x1: f64,
    pub(super) y1: f64,
}

impl Word {
    /// `pdftotext` makes a word's box as high as its font size.
    pub(super) fn size(&self) -> f64 {
        self.y1 - self.y0
    }
}

#[derive(Debug, Default)]
pub(super) struct Page {
    pub(super) height: f64,
    pub(super) words: Vec<Word>,
}

/// The pages and their words from `pdftotext -bbox-layout`'s XHTML.
pub(super) fn parse(xml: &str) -> Result<Vec<Page>, String> {
    let mut reader = Reader::from_str(xml);
    let mut pages = Vec::new();
    let mut word: Option<Word> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("pdftotext's output does not parse: {e}"))?;
        match event {
            Event::Start(e) if e.name().as_ref() == b"page" => {
                let height = number(&e, b"height").unwrap_or(0.0);
                pages.push(Page {
                    height,
                    words: Vec::new(),
                });
            }
            Event::Start(e) if e.name().as_ref() == b"word" => {
                let at = |key: &[u8]| number(&e, key).unwrap_or(0.0);
                word = Some(Word {
                    text: String::new(),
                    x0: at(b"xMin"),
                    y0: at(b"yMin"),
                    x1: at(b"xMax"),
                    y1: at(b"yMax"),
                });
            }
            Event::Text(t) => {
                if let Some(w) = word.as_mut() {
                    let text = t
                        .unescape()
                        .map_err(|e| format!("pdftotext's output does not parse: {e}"))?;
                    w.text.push_str(&text);
                }
            }
            Event::End(e) if e.name().as_ref() == b"word" => {
                if let (Some(w), Some(page)) = (word.take(), pages.last_mut())
                    && !w.text.trim().is_empty()
                {
                    page.words.push(w);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(pages)
}

fn number(e: &quick_xml::events::BytesStart<'_>, key: &[u8]) -> Option<f64> {
    let attr = e.try_get_attribute(key).ok()??;
    std::str::from_utf8(&attr.value).ok()?.parse().ok()
}
