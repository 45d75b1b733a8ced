//! The lines of a document sorted into body text and footnotes, running headers, footers, page
//! numbers, job numbers and barcodes dropped, and written as text in the normaliser's form.

use std::path::Path;

use super::breaks::{ends_sentence, misread, space_between, starts_marker};
use super::lines::{Line, cut, is_superscript, line_of};
use super::pdftotext::Page;
use crate::corpus::{Place, Problem, ProblemKind};
use crate::formats::Converted;

/// Lines whose size is under this share of the body text's are footnote-sized.
const FOOTNOTE_SIZE: f64 = 0.9;

/// The top and bottom share of a page where running headers, footers and page numbers sit.
const MARGIN_ZONE: f64 = 0.1;

/// The job number (`V.20-04567`, with its language on page 1: `V.20-04567 (C)`) of a footer
/// line that holds it, with nothing else but numbers (a page number, page 1's date stamps).
pub(super) fn job_number_of(text: &str) -> Option<String> {
    let mut job = None;
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        if is_job_number(word) && job.is_none() {
            let language = words.next_if(|w| {
                let b = w.as_bytes();
                b.len() == 3 && b[0] == b'(' && b[1].is_ascii_uppercase() && b[2] == b')'
            });
            job = Some(match language {
                Some(language) => format!("{word} {language}"),
                None => word.to_owned(),
            });
        } else if !word.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    job
}

/// `V.20-04567`: the UN's job number.
fn is_job_number(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() == 10
        && b[0].is_ascii_uppercase()
        && b[1] == b'.'
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..].iter().all(u8::is_ascii_digit)
}

/// `*2004567*`: the barcode under the job number, as its font's characters read.
pub(super) fn is_barcode(text: &str) -> bool {
    text.len() > 2
        && text.starts_with('*')
        && text.ends_with('*')
        && text[1..text.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

/// A page number, or the date stamps next to page 1's job number.
pub(super) fn is_number_line(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        && text.bytes().all(|b| b.is_ascii_digit() || b == b' ')
}

/// `CTOC/COP/WG.7/2024/2`: a document symbol, the running header of later pages.
pub(super) fn is_symbol(text: &str) -> bool {
    let mut parts = text.split('/');
    let first = parts.next().unwrap_or("");
    !first.is_empty()
        && first.bytes().all(|b| b.is_ascii_uppercase())
        && text.contains('/')
        && parts.all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'(' | b')'))
        })
}

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Body,
    Footnote,
}

/// The lines of a document, sorted into body and footnotes, headers and footers dropped.
pub(super) struct Layout {
    /// Per page, its lines in reading order, each with its role.
    pages: Vec<Vec<(Role, Line)>>,
    /// Page 1's job number, kept as a line of the front matter.
    job_number: Option<String>,
    /// The pages without a word, among pages with words.
    empty_pages: Vec<u32>,
    /// The usual distance from a line's foot to the next one's inside a paragraph.
    pitch: f64,
    body_size: f64,
}

impl Layout {
    pub(super) fn new(pages: &[Page]) -> Self {
        let body_size = body_size(pages);
        let mut job_number = None;
        let mut empty_pages = Vec::new();
        let mut laid = Vec::with_capacity(pages.len());
        for (i, page) in pages.iter().enumerate() {
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if page.words.is_empty() {
                empty_pages.push(number);
            }
            let kept = page_text(page, number, body_size, &mut job_number);
            // a footnote the page before left unfinished goes on at the foot of this one
            let continued = laid
                .last()
                .and_then(|l: &Vec<(Role, Line)>| l.last())
                .is_some_and(|(role, line)| *role == Role::Footnote && !ends_sentence(&line.text));
            let mut lines = footnotes_apart(kept, body_size, continued);
            // its rest is put after its start, where the normaliser looks for it
            if let Some(before) = laid.last_mut() {
                let marked = |(role, line): &(Role, Line)| {
                    *role == Role::Body || line.text.starts_with(|c| is_superscript(c) || c == '*')
                };
                let first = lines.iter().position(|l| l.0 == Role::Footnote);
                if let Some(first) = first.filter(|&i| !marked(&lines[i])) {
                    let end = lines[first..]
                        .iter()
                        .position(marked)
                        .map_or(lines.len(), |n| first + n);
                    before.extend(lines.drain(first..end));
                }
            }
            laid.push(lines);
        }
        let pitch = usual_pitch(&laid, body_size);
        Self {
            pages: laid,
            job_number,
            empty_pages,
            pitch,
            body_size,
        }
    }

    pub(super) fn into_text(self, path: &Path) -> Converted {
        let mut out = Output::default();
        // the last body line written: where it is in the output, the line, its page's right edge
        let mut last_body: Option<(usize, Line, f64)> = None;
        for (p, lines) in self.pages.iter().enumerate() {
            let right = lines.iter().map(|(_, l)| l.x1).fold(f64::MIN, f64::max);
            let mut previous: Option<(Role, &Line)> = None;
            for (role, line) in lines {
                let opens_footnote = *role == Role::Footnote
                    && line.text.starts_with(|c| is_superscript(c) || c == '*');
                let joined = match (*role, previous) {
                    (Role::Body, None) => {
                        // a paragraph going on from the page before: joined to its last line
                        // where that would be misread; the page's footnotes stay in between
                        last_body.as_ref().is_some_and(|(index, before, right)| {
                            let continues =
                                !starts_marker(&line.text) || line.text.starts_with(is_superscript);
                            self.wrapped(before, line, *right)
                                && continues
                                && misread(&before.text, &line.text)
                                && out.join(*index, &line.text)
                        })
                    }
                    (_, Some((previous_role, before)))
                        if previous_role == *role && !opens_footnote =>
                    {
                        // a footnote's rest from the next page goes on without a gap to measure
                        let over_page = before.page != line.page;
                        let same = over_page || self.same_paragraph(before, line);
                        let wrapped = over_page || self.wrapped(before, line, right);
                        // a footnote's lines are joined: after a page's footnotes, the
                        // normaliser gives a line to a paragraph left open across the page
                        let footnote = *role == Role::Footnote;
                        if same && (footnote || wrapped && misread(&out.last_text(), &line.text)) {
                            out.join_last(&line.text)
                        } else {
                            if !same {
                                out.blank();
                            }
                            false
                        }
                    }
                    _ => {
                        out.blank();
                        false
                    }
                };
                if !joined {
                    out.push(&line.text, line.page);
                    if p == 0 && out.lines.len() == 1 {
                        if let Some(job) = &self.job_number {
                            out.blank();
                            out.push(job, 1);
                            out.blank();
                        }
                    }
                }
                if *role == Role::Body {
                    last_body = Some((out.last_index(), line.clone(), right));
                }
                previous = Some((*role, line));
            }
            out.blank();
        }
        let warnings = self
            .empty_pages
            .iter()
            .map(|&page| {
                Problem::new(
                    ProblemKind::Format,
                    path,
                    "no text layer (a scanned page?); its text is missing",
                )
                .at(Place::Page(page))
            })
            .collect();
        out.finish(warnings)
    }

    /// Whether `b` follows `a` inside a paragraph: the next line down at the usual distance.
    fn same_paragraph(&self, a: &Line, b: &Line) -> bool {
        let pitch = b.y1 - a.y1;
        pitch > 0.0 && pitch <= self.pitch + 0.3 * self.body_size.max(a.size)
    }

    /// Whether `a` was broken by the layout: `b`'s first word would not have fitted after it.
    fn wrapped(&self, a: &Line, b: &Line, right: f64) -> bool {
        a.x1 + 0.25 * a.size + b.lead_width > right
    }
}

/// A page's lines in reading order, without its running header, footer, page number, job
/// number and barcode; page 1's job number is kept aside in `job_number`.
fn page_text(
    page: &Page,
    number: u32,
    body_size: f64,
    job_number: &mut Option<String>,
) -> Vec<Line> {
    let mut pieces = Vec::new();
    cut(page.words.clone(), body_size, &mut pieces);
    let mut lines = Vec::with_capacity(pieces.len());
    for mut words in pieces {
        words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let line = line_of(number, &words);
        if let Some(job) = job_number_of(&line.text) {
            if number == 1 && job_number.is_none() {
                *job_number = Some(job);
            }
            continue;
        }
        let in_margin =
            line.y1 < MARGIN_ZONE * page.height || line.y0 > (1.0 - MARGIN_ZONE) * page.height;
        let running =
            in_margin && (is_number_line(&line.text) || (number > 1 && is_symbol(&line.text)));
        if !running && !is_barcode(&line.text) {
            lines.push(line);
        }
    }
    lines
}

/// The size of most of the text, counted in characters.
fn body_size(pages: &[Page]) -> f64 {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for w in pages.iter().flat_map(|p| &p.words) {
        let key = (w.size() * 4.0).round() as i64;
        let n = w.text.chars().count();
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, c)) => *c += n,
            None => counts.push((key, n)),
        }
    }

    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(10.0, |(k, _)| k as f64 / 4.0)
}

/// Splits a page's lines into body and footnotes: footnotes are the run of small lines at the
/// bottom of the page from the first one opening with a mark, or from its first line when a
/// footnote of the page before goes on (`continued`).
fn footnotes_apart(lines: Vec<Line>, body_size: f64, continued: bool) -> Vec<(Role, Line)> {
    let small = |l: &Line| l.size < FOOTNOTE_SIZE * body_size;
    let run_start = lines.iter().rposition(|l| !small(l)).map_or(0, |i| i + 1);
    let marked = lines[run_start..]
        .iter()
        .position(|l| l.text.starts_with(|c| is_superscript(c) || c == '*'))
        .map(|i| run_start + i);
    let start = match marked {
        _ if continued && run_start < lines.len() => run_start,
        Some(start) => start,
        None => lines.len(),
    };
    lines
        .into_iter()
        .enumerate()
        .map(|(i, mut l)| {
            if i < start {
                return (Role::Body, l);
            }
            // the mark and the footnote's text, apart as the normaliser's form has them
            let mark = l.text.find(|c: char| !is_superscript(c) && c != '*');
            if let Some(at) = mark.filter(|&at| at > 0 && !l.text[at..].starts_with(' ')) {
                l.text.insert(at, ' ');
            }
            (Role::Footnote, l)
        })
        .collect()
}

/// The most common distance between the feet of a full line and the line after it, on a grid of
/// a quarter point: the distance inside a paragraph (a full line is seldom a paragraph's last).
fn usual_pitch(pages: &[Vec<(Role, Line)>], body_size: f64) -> f64 {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for lines in pages {
        let right = lines.iter().map(|(_, l)| l.x1).fold(f64::MIN, f64::max);
        for pair in lines.windows(2) {
            let ((ra, a), (rb, b)) = (&pair[0], &pair[1]);
            let pitch = b.y1 - a.y1;
            if *ra == Role::Body
                && *rb == Role::Body
                && a.x1 > right - body_size
                && (a.size - body_size).abs() < 0.5
                && (b.size - body_size).abs() < 0.5
                && pitch > 0.0
                && pitch < 3.0 * body_size
            {
                let key = (pitch * 4.0).round() as i64;
                match counts.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, c)) => *c += 1,
                    None => counts.push((key, 1)),
                }
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(1.2 * body_size, |(k, _)| k as f64 / 4.0)
}

/// The text being written, with the page of each line.
#[derive(Default)]
struct Output {
    lines: Vec<(String, u32)>,
}

impl Output {
    fn push(&mut self, text: &str, page: u32) {
        self.lines.push((text.to_owned(), page));
    }

    /// A blank line, unless the text is empty or ends with one.
    fn blank(&mut self) {
        if let Some((last, page)) = self.lines.last()
            && !last.is_empty()
        {
            let page = *page;
            self.lines.push((String::new(), page));
        }
    }

    fn last_index(&self) -> usize {
        self.lines.len().saturating_sub(1)
    }

    fn last_text(&self) -> String {
        self.lines
            .last()
            .map(|(t, _)| t.clone())
            .unwrap_or_default()
    }

    fn join_last(&mut self, text: &str) -> bool {
        let index = self.last_index();
        self.join(index, text)
    }

    /// Joins `text` to line `index`, with a space where the break stood for one.
    fn join(&mut self, index: usize, text: &str) -> bool {
        let Some((line, _)) = self.lines.get_mut(index) else {
            return false;
        };
        if space_between(line, text) {
            line.push(' ');
        }
        line.push_str(text);
        true
    }

    fn finish(mut self, warnings: Vec<Problem>) -> Converted {
        while self.lines.last().is_some_and(|(t, _)| t.is_empty()) {
            self.lines.pop();
        }
        let mut text = String::new();
        let mut line_pages = Vec::with_capacity(self.lines.len());
        for (line, page) in self.lines {
            text.push_str(&line);
            text.push('\n');
            line_pages.push(page);
        }
        Converted {
            text,
            line_pages,
            warnings,
        }
    }
}
