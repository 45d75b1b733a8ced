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
use std::process::Command;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Converted, FormatError};

const PROGRAM: &str = "pdftotext";
const PACKAGE: &str = "poppler-utils";

/// A gutter wider than this many body sizes, from a block's top to its bottom, splits it into
/// columns (a word space, the gap after a paragraph number or a justified line's widest space
/// are narrower); three times as wide within a single line (a footer's two ends).
const COLUMN_GAP: f64 = 2.5;

/// A band this many body sizes high, or higher, where no word is, separates blocks.
const BLOCK_GAP: f64 = 1.0;

/// A gap wider than this many font sizes between two words of a line is a space (`pdftotext`
/// breaks words at a tenth of the size; a font change inside a word leaves no gap).
const SPACE_GAP: f64 = 0.08;

/// Full-width punctuation whose glyph is half blank, after the mark (closing) or before it
/// (opening): the layout moves such a mark into the gap of a space next to it, or leaves a gap
/// of up to half a character where it compresses two marks; a gap that narrow is not a space.
const CLOSING: [char; 13] = [
    '，', '。', '、', '：', '；', '！', '？', '”', '’', '）', '》', '」', '』',
];
const OPENING: [char; 6] = ['“', '‘', '（', '《', '「', '『'];

/// A word this much smaller than its line, and raised, is a footnote mark.
const MARK_SIZE: f64 = 0.8;

/// Lines whose size is under this share of the body text's are footnote-sized.
const FOOTNOTE_SIZE: f64 = 0.9;

/// The top and bottom share of a page where running headers, footers and page numbers sit.
const MARGIN_ZONE: f64 = 0.1;

/// Damage that `pdftotext` reports while still printing what it could read.
const DAMAGE: [&str; 4] = [
    "Couldn't find trailer dictionary",
    "Couldn't read xref table",
    "Invalid XRef entry",
    "Top-level pages object is wrong type",
];

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

/// How long `pdftotext` may take on one file: the 16 MiB a document may hold take a few
/// seconds; a file that keeps it busy longer stalls the build.
const PROGRAM_TIME: std::time::Duration = std::time::Duration::from_secs(120);

/// Runs a command to its end, with its output, or kills it after `limit` (`None`).
fn output_within(
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

fn run(program: &'static str, path: &Path) -> Result<String, FormatError> {
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
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Word {
    /// `pdftotext` makes a word's box as high as its font size.
    fn size(&self) -> f64 {
        self.y1 - self.y0
    }
}

#[derive(Debug, Default)]
struct Page {
    height: f64,
    words: Vec<Word>,
}

/// The pages and their words from `pdftotext -bbox-layout`'s XHTML.
fn parse(xml: &str) -> Result<Vec<Page>, String> {
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

/// One printed line.
#[derive(Debug, Clone)]
struct Line {
    /// 1-based page.
    page: u32,
    text: String,
    x1: f64,
    y0: f64,
    y1: f64,
    /// The size of its largest words.
    size: f64,
    /// The width of what opens it: its first word, or one character of Chinese.
    lead_width: f64,
}

/// Cuts a set of words into lines in reading order. First into blocks, at the bands across
/// the page where no word is for a line's height or more (around a masthead, a heading);
/// a block with a gutter from its top to its bottom is cut into columns (a masthead's two
/// sides), each read whole; the rest is cut at every band, into lines.
fn cut(mut words: Vec<Word>, body_size: f64, lines: &mut Vec<Vec<Word>>) {
    if words.is_empty() {
        return;
    }
    // a word that overlaps the band above by less than a quarter of its height starts a new one
    // (a raised footnote mark overlaps its line by more)
    words.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    let mut bands: Vec<(f64, Vec<Word>)> = Vec::new();
    let mut bottom = f64::MIN;
    for w in words {
        let gap = w.y0 - bottom;
        if bands.is_empty() || gap > -0.25 * w.size() {
            bands.push((gap, Vec::new()));
        }
        bottom = bottom.max(w.y1);
        bands.last_mut().expect("a band").1.push(w);
    }
    if bands.len() > 1
        && bands[1..]
            .iter()
            .any(|(gap, _)| *gap >= BLOCK_GAP * body_size)
    {
        let mut block = Vec::new();
        for (i, (gap, band)) in bands.into_iter().enumerate() {
            if i > 0 && gap >= BLOCK_GAP * body_size {
                cut(std::mem::take(&mut block), body_size, lines);
            }
            block.extend(band);
        }
        cut(block, body_size, lines);
        return;
    }
    // a gutter splits a single line only when it is very wide (a footer's two ends), not at the
    // gap after a paragraph number
    let least_gutter = if bands.len() == 1 { 3.0 } else { 1.0 } * COLUMN_GAP * body_size;
    let mut across: Vec<Word> = bands.iter().flat_map(|(_, b)| b.iter().cloned()).collect();
    across.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut right = across[0].x1;
    let mut gutter = None;
    for (i, w) in across.iter().enumerate().skip(1) {
        if w.x0 - right > least_gutter {
            gutter = Some(i);
            break;
        }
        right = right.max(w.x1);
    }
    if let Some(at) = gutter {
        let rest = across.split_off(at);
        cut(across, body_size, lines);
        cut(rest, body_size, lines);
    } else if bands.len() > 1 {
        for (_, band) in bands {
            cut(band, body_size, lines);
        }
    } else {
        lines.extend(bands.into_iter().map(|(_, band)| band));
    }
}

/// A line's words (sorted left to right) as text: spaces where the gaps are, raised small digits
/// as superscripts.
fn line_of(page: u32, words: &[Word]) -> Line {
    let size = words.iter().map(Word::size).fold(0.0, f64::max);
    let base = words
        .iter()
        .filter(|w| w.size() >= MARK_SIZE * size)
        .map(|w| w.y1)
        .fold(f64::MIN, f64::max);
    let mut text = String::new();
    let mut before: Option<&Word> = None;
    for w in words {
        let raised = w.size() < MARK_SIZE * size
            && w.y1 < base - 0.15 * size
            && w.text.chars().all(|c| c.is_ascii_digit() || c == '*');
        let gap = before.map_or(0.0, |b| w.x0 - b.x1);
        let by_full_width =
            before.is_some_and(|b| b.text.ends_with(CLOSING)) || w.text.starts_with(OPENING);
        if gap > SPACE_GAP * size && !(by_full_width && gap < 0.5 * size) {
            text.push(' ');
        }
        if raised {
            text.extend(w.text.chars().map(superscript));
        } else {
            text.extend(w.text.chars().map(|c| if c == '\u{a0}' { ' ' } else { c }));
        }
        before = Some(w);
    }
    let first = &words[0];
    let lead_width = if first.text.starts_with(is_cjk) {
        size
    } else {
        first.x1 - first.x0
    };
    Line {
        page,
        text: text.trim().to_owned(),
        x1: words.iter().map(|w| w.x1).fold(f64::MIN, f64::max),
        y0: words.iter().map(|w| w.y0).fold(f64::MAX, f64::min),
        y1: base,
        size,
        lead_width,
    }
}

fn superscript(c: char) -> char {
    match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        other => other,
    }
}

fn is_superscript(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹')
}

/// Chinese characters and full-width punctuation: no space is printed between them and others.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
        || matches!(c, '“' | '”' | '‘' | '’' | '、' | '—' | '…')
}

/// The job number (`V.20-04567`, with its language on page 1: `V.20-04567 (C)`) of a footer
/// line that holds it, with nothing else but numbers (a page number, page 1's date stamps).
fn job_number_of(text: &str) -> Option<String> {
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
fn is_barcode(text: &str) -> bool {
    text.len() > 2
        && text.starts_with('*')
        && text.ends_with('*')
        && text[1..text.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

/// A page number, or the date stamps next to page 1's job number.
fn is_number_line(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        && text.bytes().all(|b| b.is_ascii_digit() || b == b' ')
}

/// `CTOC/COP/WG.7/2024/2`: a document symbol, the running header of later pages.
fn is_symbol(text: &str) -> bool {
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

/// What the normaliser takes for the end of a paragraph (its `ends_sentence`).
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(|c| is_superscript(c) || c == '*')
        .ends_with([
            '。', '！', '？', '.', '!', '?', '”', '"', '）', ')', '；', '：', '」', '》',
        ])
}

/// The normaliser's display width: Chinese characters count double.
fn width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Whether a line opens with what the normaliser reads as the start of something: a paragraph
/// number, a sub-item, a footnote, a heading's number, or a web address (lines it drops).
fn starts_marker(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0 && text[digits..].starts_with('.');
    let item = text.strip_prefix("- ").unwrap_or(text);
    let sub_item = item.strip_prefix(['(', '（']).is_some_and(|rest| {
        let label = rest.bytes().take_while(u8::is_ascii_lowercase).count();
        label > 0 && rest[label..].starts_with([')', '）'])
    });
    let numeral = text
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    let chinese_heading = numeral > 0 && text[numeral..].starts_with(['.', '、', '．']);
    let mut chars = text.chars();
    let letter_heading = matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(c), Some('.'), Some(' ')) if c.is_ascii_uppercase()
    );
    numbered
        || sub_item
        || chinese_heading
        || letter_heading
        || text.starts_with(is_superscript)
        || text.starts_with("* ")
        || text.starts_with("http://")
        || text.starts_with("https://")
}

/// Whether a line break between `a` and `b` stood for a space: between two Latin words, not
/// after a hyphen or slash, where a line may break inside a word.
fn space_between(a: &str, b: &str) -> bool {
    match (a.chars().next_back(), b.chars().next()) {
        (Some(x), Some(y)) => !is_cjk(x) && !is_cjk(y) && !matches!(x, '-' | '/'),
        _ => false,
    }
}

/// Whether the normaliser would misread a wrapped line `a` followed by `b`: take `a` for a
/// paragraph's end, `b` for the start of something, or join them without their space.
fn misread(a: &str, b: &str) -> bool {
    let restores_space = match (a.chars().next_back(), b.chars().next()) {
        (Some(x), Some(y)) => x.is_ascii_alphabetic() && y.is_ascii_alphanumeric(),
        _ => false,
    };
    ends_sentence(a)
        || width(a) < 40
        || starts_marker(b)
        || (space_between(a, b) && !restores_space)
}

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Body,
    Footnote,
}

/// The lines of a document, sorted into body and footnotes, headers and footers dropped.
struct Layout {
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
    fn new(pages: &[Page]) -> Self {
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

    fn into_text(self, path: &Path) -> Converted {
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
            .map(|page| {
                format!(
                    "{}: page {page} has no text layer (a scanned page?); its text is missing",
                    path.display()
                )
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

    fn finish(mut self, warnings: Vec<String>) -> Converted {
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_program_past_its_time_is_stopped() {
        let mut slow = Command::new("sleep");
        slow.arg("5");
        let started = std::time::Instant::now();
        let output = output_within(&mut slow, std::time::Duration::from_millis(200)).expect("runs");
        assert!(output.is_none());
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        let mut quick = Command::new("echo");
        quick.arg("done");
        let output = output_within(&mut quick, std::time::Duration::from_secs(5))
            .expect("runs")
            .expect("in time");
        assert_eq!(output.stdout, b"done\n");
    }

    use super::*;

    #[test]
    fn a_missing_pdftotext_names_its_package() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/scan.pdf");
        let error = convert_with("pdftotext-that-is-not-installed", &path).unwrap_err();
        assert!(
            matches!(
                error,
                FormatError::ProgramMissing {
                    program: "pdftotext-that-is-not-installed",
                    package: "poppler-utils",
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(error.to_string().contains("scan.pdf"), "{error}");
    }

    #[test]
    fn job_numbers_barcodes_and_symbols_are_told_apart() {
        let job = |text| job_number_of(text);
        assert_eq!(job("V.20-04567 (C)").as_deref(), Some("V.20-04567 (C)"));
        assert_eq!(job("V.20-04567").as_deref(), Some("V.20-04567"));
        // page 1's date stamps and a later page's number go with it
        assert_eq!(
            job("V.20-04567 (C) 220420 230420").as_deref(),
            Some("V.20-04567 (C)")
        );
        assert_eq!(job("12 V.20-04567").as_deref(), Some("V.20-04567"));
        assert_eq!(job("V.20-0456"), None);
        assert_eq!(job("V.20-04567 (CC)"), None);
        assert_eq!(job("见 V.20-04567"), None);
        assert!(is_barcode("*2004567*"));
        assert!(!is_barcode("* 注"));
        assert!(is_symbol("CTOC/COP/WG.7/2024/2"));
        assert!(!is_symbol("Distr.: General"));
        assert!(is_number_line("12"));
        assert!(!is_number_line("12. 文本"));
    }

    #[test]
    fn breaks_the_normaliser_would_misread_are_found() {
        // a wrapped line ending a sentence would close the paragraph
        assert!(misread(
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十积极影响。",
            "本文件包含研究参考"
        ));
        // between Chinese characters the normaliser joins without a space, as it should
        assert!(!misread(
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
            "续文"
        ));
        // after a comma the normaliser would lose the space, after a letter it puts it back
        assert!(misread(
            "the Convention against Transnational Organized Crime,",
            "and"
        ));
        assert!(!misread(
            "the Convention against Transnational Organized Crime",
            "and"
        ));
        // a line starting like a paragraph number is not one inside a paragraph
        assert!(misread(
            "the Convention against Transnational Organized Crime in",
            "2009."
        ));
    }
}
