//! The normaliser: decoded text into blocks (front matter, headings, numbered paragraphs,
//! footnotes).
//!
//! Text as other tools leave it is read too: lines joined into one are cut again where the
//! numbering says so (see [`inline`]); a text with no numbered paragraph at all (a web page, a
//! resolution's preamble) is read as unnumbered paragraphs, whose local ids are `text_{k}`, `k`
//! the 1-based place of the paragraph among the document's unnumbered paragraphs; and a text
//! that ends on a heading, a list item or a footer rather than a sentence is taken as complete.
//! Each such guess is reported as a [`Guess`].

mod inline;

use std::borrow::Cow;
use std::fmt;

use super::{Block, BlockKind, ends_sentence};
pub use inline::Marker;

/// One physical line, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line<'a> {
    /// `12. text`: a paragraph number or a list item number.
    Numbered(u32, &'a str),
    /// `(a) text`, `- (a) text`, `(ii) text`, `a) text`.
    SubItem(&'a str),
    /// `- text`, `• text`: an item of a list without letters (web pages).
    Bullet(&'a str),
    /// `¹ text` or `* text`.
    FootnoteBody(String, &'a str),
    /// Anything else.
    Plain(&'a str),
}

const SUPERSCRIPTS: [(char, char); 10] = [
    ('⁰', '0'),
    ('¹', '1'),
    ('²', '2'),
    ('³', '3'),
    ('⁴', '4'),
    ('⁵', '5'),
    ('⁶', '6'),
    ('⁷', '7'),
    ('⁸', '8'),
    ('⁹', '9'),
];

fn superscript_digit(c: char) -> Option<char> {
    SUPERSCRIPTS.iter().find(|(s, _)| *s == c).map(|(_, d)| *d)
}

fn classify(line: &str) -> Line<'_> {
    if let Some(rest) = line.strip_prefix("* ") {
        return Line::FootnoteBody("*".to_owned(), rest.trim_start());
    }
    let marks: String = line.chars().map_while(superscript_digit).collect();
    if !marks.is_empty() {
        let rest = line[line
            .char_indices()
            .nth(marks.chars().count())
            .map_or(line.len(), |(i, _)| i)..]
            .trim_start();
        return Line::FootnoteBody(marks, rest);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= MAX_NUMBER_DIGITS && line[digits..].starts_with('.') {
        let rest = &line[digits + 1..];
        // "1.5" or "2.0" is a number, not a paragraph marker
        if !rest.starts_with(|c: char| c.is_ascii_digit())
            && let Ok(n) = line[..digits].parse()
        {
            return Line::Numbered(n, rest.trim_start());
        }
    }
    let item = line.strip_prefix("- ").unwrap_or(line);
    if is_sub_item_marker(item) {
        return Line::SubItem(item);
    }
    if is_bullet(line) {
        return Line::Bullet(line);
    }
    Line::Plain(line)
}

fn is_bullet(line: &str) -> bool {
    ["- ", "• ", "– ", "· ", "▪ "]
        .iter()
        .any(|b| line.starts_with(b))
}

fn is_sub_item_marker(line: &str) -> bool {
    let Some(rest) = line.strip_prefix(['(', '（']) else {
        // `a) text`, as other tools write the list of a paragraph
        let mut chars = line.chars();
        return chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || "абвгдежзиклмн".contains(c))
            && matches!(chars.next(), Some(')' | '）'))
            && chars.next().is_some_and(char::is_whitespace);
    };
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_lowercase())
        .collect();
    let after = &rest[label.len()..];
    // `(e), of the Convention` and `(e)项` go on a reference cut at the margin
    let goes_on = after
        .chars()
        .nth(1)
        .is_some_and(|c| ",，;；.。、:：项款条".contains(c));
    !label.is_empty()
        && (label.len() == 1 || label.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
        && after.starts_with([')', '）'])
        && !goes_on
}

/// Chinese section numbers (`一.`) and capital-letter subsections (`A.`) start headings.
fn is_heading_marker(line: &str) -> bool {
    let numeral: String = line
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .collect();
    if !numeral.is_empty() && line[numeral.len()..].starts_with(['.', '、', '．']) {
        return true;
    }
    let mut chars = line.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), Some(' ')) if c.is_ascii_uppercase())
}

/// Display width: CJK characters count double, as the PDF laid them out.
fn width(line: &str) -> usize {
    line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// A line at least this wide was wrapped by the PDF layout, so the text goes on.
const WRAPPED_WIDTH: usize = 40;

/// A full line with a sentence closed inside it: running text.
fn is_prose(line: &str) -> bool {
    let line = line.trim();
    width(line) >= WRAPPED_WIDTH
        && (line
            .trim_end_matches(['。', '！', '？'])
            .contains(['。', '！', '？'])
            || line.trim_end_matches('.').contains(". "))
}

/// The most digits a paragraph number may have: any `u32` of up to nine digits parses, so that
/// no document is cut at some paragraph count (three digits once stopped them at 999).
const MAX_NUMBER_DIGITS: usize = 9;

/// How many numbered lines past a skipped number are looked at for the numbering to go on.
const LOOKAHEAD: usize = 100;

/// A paragraph number that does not follow the one before. Its text is kept either way: as the
/// paragraph it opens, or as a line of the block before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Irregularity {
    /// 1-based line of the number in the source file.
    pub line: usize,
    /// The number printed there.
    pub number: u32,
    /// The paragraph before it (0 before the first).
    pub after: u32,
    /// Whether it opened a paragraph (numbers were skipped, and the ones after it follow on), or
    /// was kept as a line of the text before (out of order).
    pub opened: bool,
}

impl fmt::Display for Irregularity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            number,
            after,
            opened,
            ..
        } = *self;
        match (opened, after) {
            (true, 0) => write!(
                f,
                "the first numbered paragraph is {number}; the text before it is kept unnumbered"
            ),
            (true, _) if number - after == 2 => write!(
                f,
                "paragraph {number} follows paragraph {after}: no paragraph numbered {}; the text between is kept unnumbered",
                after + 1
            ),
            (true, _) => write!(
                f,
                "paragraph {number} follows paragraph {after}: no paragraphs numbered {} to {}; the text between is kept unnumbered",
                after + 1,
                number - 1
            ),
            (false, _) => write!(
                f,
                "number {number} is out of order after paragraph {after}: kept as a line of the text before, not as a paragraph"
            ),
        }
    }
}

/// Something the normaliser guessed about text another tool left, to be reported as a warning
/// (`{file}:{line}: {guess}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    /// 1-based line of the source file the guess is about.
    pub line: usize,
    /// What was guessed.
    pub kind: GuessKind,
}

/// What the normaliser guessed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GuessKind {
    /// The line held paragraph numbers, headings, list items or a signature inside it (its lines
    /// were joined): it was cut before each, in this order.
    Split(Vec<Marker>),
    /// The text has no numbered paragraph: its running text was read as this many unnumbered
    /// paragraphs (`text_1` …), this line holding the first.
    Unnumbered(usize),
    /// The text does not end with a full sentence, but with something that may end a document.
    Ending(Ending),
}

/// How a text that does not end with a full sentence ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Ending {
    /// A heading, a signature, a date or a page footer: a line of its own that closes no
    /// sentence.
    Line,
    /// An item of a list (`(c) Other matters`, `- Documents`, `5. Adoption of the report`).
    ListItem,
    /// A clause closed by a comma, a semicolon or a colon (a resolution's preamble, a list's
    /// lead-in).
    Clause,
    /// An address (`www.unodc.org`).
    Address,
    /// A document symbol (`CTOC/COP/2008/1`): a reference, or a footnote giving one.
    Symbol,
}

impl fmt::Display for Guess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            GuessKind::Split(markers) => {
                let found: Vec<String> = markers.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "{} found inside this line (its lines were joined): cut before each",
                    found.join(", ")
                )
            }
            GuessKind::Unnumbered(1) => f.write_str(
                "no numbered paragraph in the text: its running text is read as one unnumbered paragraph (text_1), from this line",
            ),
            GuessKind::Unnumbered(n) => write!(
                f,
                "no numbered paragraph in the text: its running text is read as {n} unnumbered paragraphs (text_1 to text_{n}), from this line"
            ),
            GuessKind::Ending(ending) => {
                let what = match ending {
                    Ending::Line => "a line that closes no sentence (a heading, a signature or a footer)",
                    Ending::ListItem => "an item of a list",
                    Ending::Clause => "a clause closed by a comma, a semicolon or a colon",
                    Ending::Address => "an address",
                    Ending::Symbol => "a document symbol",
                };
                write!(
                    f,
                    "the text ends with {what}, not a full sentence: taken as complete, not truncated"
                )
            }
        }
    }
}

/// Decoded text as blocks, with the numbering irregularities met on the way and what was
/// guessed.
#[derive(Debug, Clone, Default)]
pub struct Normalised {
    /// The printed structure.
    pub blocks: Vec<Block>,
    /// Numbers out of sequence, in the order of the text.
    pub irregularities: Vec<Irregularity>,
    /// What was guessed about text another tool left (joined lines, no numbers, the ending), in
    /// the order of the text.
    pub guesses: Vec<Guess>,
}

/// Normalises decoded text into blocks.
pub fn normalise(text: &str) -> Normalised {
    // the text's non-blank lines, cut again where another tool joined them; `None` for a blank
    let mut splitter = inline::Splitter::default();
    // each piece with its line, and whether it ends a physical line wide enough to have been
    // wrapped (the piece alone may be short)
    let mut pieces: Vec<(usize, Option<Cow<'_, str>>, bool)> = Vec::new();
    let mut guesses = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = clean(raw);
        if line.is_empty() {
            pieces.push((i + 1, None, false));
            continue;
        }
        if line.starts_with("http://") || line.starts_with("https://") {
            continue;
        }
        let (parts, markers) = splitter.split(&line);
        if markers.is_empty() {
            pieces.push((i + 1, Some(line), false));
            continue;
        }
        let wrapped = width(&line) >= WRAPPED_WIDTH;
        let last = parts.len() - 1;
        pieces.extend(parts.into_iter().enumerate().map(|(k, part)| {
            (
                i + 1,
                Some(Cow::Owned(part.to_owned())),
                wrapped && k == last,
            )
        }));
        guesses.push(Guess {
            line: i + 1,
            kind: GuessKind::Split(markers),
        });
    }
    let numbers = pieces
        .iter()
        .filter_map(|(_, piece, _)| match classify(piece.as_deref()?) {
            Line::Numbered(n, _) => Some(n),
            _ => None,
        })
        .collect();
    let mut builder = BlockBuilder {
        numbers,
        // room for a block per line, so that the blocks are never moved as they grow: the
        // memory a text of one-word lines holds is touched as the blocks come, no sooner
        blocks: Vec::with_capacity(pieces.iter().filter(|(_, p, _)| p.is_some()).count()),
        ..BlockBuilder::default()
    };
    for (line_no, piece, wrapped) in &pieces {
        match piece {
            None => builder.after_blank = true,
            Some(line) => {
                builder.push(*line_no, line);
                if *wrapped {
                    builder.reopen_wrapped();
                }
                builder.after_blank = false;
            }
        }
    }
    let mut normalised = builder.finish();
    guesses.append(&mut normalised.guesses);
    if let Some((line, Some(ending))) = ending(&normalised.blocks) {
        guesses.push(Guess {
            line,
            kind: GuessKind::Ending(ending),
        });
    }
    normalised.guesses = guesses;
    normalised
}

/// How the text ends, when it does not end with a full sentence: the line of its last block and
/// what ends it, `None` where it was cut off mid-sentence. `None` when the text ends with a full
/// sentence or has no block.
pub(crate) fn ending(blocks: &[Block]) -> Option<(usize, Option<Ending>)> {
    let last = blocks.last()?;
    let text = last.text.trim_end();
    if ends_sentence(text.trim_end_matches(is_footnote_mark)) {
        return None;
    }
    let last_line = text.rsplit('\n').next().unwrap_or_default().trim();
    let last_word = last_line
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default();
    let ending = if opens_without_closing(last_line) {
        // `(b)《经济社会文化权利国际公`: cut inside brackets or quotes
        None
    } else if matches!(last.kind, BlockKind::Front | BlockKind::Heading) {
        Some(Ending::Line)
    } else if is_sub_item_marker(last_line)
        || is_bullet(last_line)
        || (last_line != text && matches!(classify(last_line), Line::Numbered(..)))
    {
        Some(Ending::ListItem)
    } else if text.ends_with([',', ';', ':', '،', '؛', '，', '、']) {
        Some(Ending::Clause)
    } else if last_word.contains("://") || last_word.starts_with("www.") {
        Some(Ending::Address)
    } else if is_symbol(last_word) {
        Some(Ending::Symbol)
    } else {
        None
    };
    Some((last.line, ending))
}

/// A physical line without its bold marks and surrounding blanks.
fn clean(raw: &str) -> Cow<'_, str> {
    let blank = |c: char| c.is_whitespace() || c == '\u{feff}';
    if raw.contains("**") {
        Cow::Owned(raw.replace("**", "").trim_matches(blank).to_owned())
    } else {
        Cow::Borrowed(raw.trim_matches(blank))
    }
}

#[derive(Default)]
struct BlockBuilder {
    /// The number of every numbered line of the text, in order, to look ahead past a gap.
    numbers: Vec<u32>,
    /// How many numbered lines were pushed so far.
    numbered: usize,
    irregularities: Vec<Irregularity>,
    blocks: Vec<RawBlock>,
    /// Index of the open main-text block (paragraph, heading or front matter).
    main: Option<usize>,
    /// Index of the open footnote block, while footnote lines keep coming.
    footnote: Option<usize>,
    last_paragraph: u32,
    /// Whether a blank line came before the current line. Where the layout separates every
    /// printed line by a blank line, a line that follows directly is a title broken by hand.
    after_blank: bool,
}

/// A block being built: the block, its lines joined by `\n` as they come (tidied at the end),
/// and what the normaliser needs to know of its last line.
struct RawBlock {
    block: Block,
    /// Where the last line starts in the text.
    last_line: usize,
    /// Whether the last line was a complete sentence or a short (unwrapped) line.
    closed: bool,
    /// The number the next item of the block's numbered list (an agenda) would have.
    next_item: Option<u32>,
}

impl RawBlock {
    fn new(kind: BlockKind, number: Option<String>, text: &str, line: usize) -> Self {
        let mut raw = Self {
            block: Block {
                kind,
                number,
                text: text.to_owned(),
                footnote_refs: Vec::new(),
                line,
                text_index: None,
            },
            last_line: 0,
            closed: false,
            next_item: None,
        };
        raw.update_closed(text);
        raw
    }

    fn last(&self) -> &str {
        &self.block.text[self.last_line..]
    }

    fn start_line(&mut self, text: &str) {
        self.block.text.push('\n');
        self.last_line = self.block.text.len();
        self.block.text.push_str(text);
        self.update_closed(text);
    }

    fn continue_line(&mut self, text: &str) {
        join_wrapped(&mut self.block.text, self.last_line, text);
        self.update_closed(text);
    }

    fn update_closed(&mut self, text: &str) {
        let last = self.last();
        // a line ending inside a list or a symbol goes on, however short it is
        let open_ended = last
            .trim_end()
            .ends_with(['，', ',', '、', '/', '-', '（', '(', '《', '“']);
        self.closed = ends_sentence(last.trim_end_matches(is_footnote_mark))
            || (width(text) < WRAPPED_WIDTH && !open_ended);
    }

    /// Whether the last line is an item of a list (`(a)`, `a)`, `- `).
    fn last_is_item(&self) -> bool {
        let last = self.last();
        is_sub_item_marker(last) || is_bullet(last)
    }

    /// A line starting with a capital after an unlettered list item (`- Documents`) starts new
    /// text: the item was not wrapped.
    fn item_then_capital(&self, line: &str) -> bool {
        is_bullet(self.last()) && line.chars().next().is_some_and(char::is_uppercase)
    }

    fn ends_with_colon(&self) -> bool {
        self.last().trim_end().ends_with(['：', ':'])
    }

    fn last_item_letter(&self) -> Option<char> {
        self.block.text.split('\n').rev().find_map(|l| {
            let rest = l.strip_prefix(['(', '（'])?;
            rest.chars().next().filter(char::is_ascii_lowercase)
        })
    }

    /// The block, each line's spaces tidied and footnote marks taken out.
    fn into_block(self) -> Block {
        let mut block = self.block;
        let mut text = String::with_capacity(block.text.len());
        for (i, line) in block.text.split('\n').enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(&strip_footnote_marks(
                &tidy_spaces(line),
                &mut block.footnote_refs,
            ));
        }
        block.text = text;
        block
    }
}

/// Whether, after a paragraph numbered `n`, the numbering goes on with `n + 1`: among the
/// numbered lines that come next, `n + 1` comes before any number other than the items of
/// a list counting from 1, or no other number comes at all (`n` is the last paragraph).
fn numbering_goes_on(n: u32, later: &[u32]) -> bool {
    let mut next_item = None;
    for &m in later.iter().take(LOOKAHEAD) {
        if Some(m) == n.checked_add(1) {
            return true;
        }
        if m == 1 || Some(m) == next_item {
            next_item = m.checked_add(1);
            continue;
        }
        return false;
    }
    later.len() <= LOOKAHEAD
}

fn is_footnote_mark(c: char) -> bool {
    superscript_digit(c).is_some() || c == '*'
}

/// Joins a wrapped line to the last line of `text` (from `last_line` on): words broken by the
/// layout are rejoined with nothing between them, except in scripts written with spaces (Latin
/// with its accents, Cyrillic, Greek, Arabic…), where a space goes back between two words, or
/// after a comma or a closing bracket; never between two digits, nor where Chinese is on either
/// side.
fn join_wrapped(text: &mut String, last_line: usize, next: &str) {
    let trimmed_len = last_line + text[last_line..].trim_end().len();
    text.truncate(trimmed_len);
    let before = text[last_line..].chars().last();
    let after = next.chars().next();
    if let (Some(b), Some(a)) = (before, after)
        && is_spaced_word(a)
        && (is_spaced_word(b) || matches!(b, ',' | ';' | ')' | ']' | '»' | '”' | '،' | '؛'))
        && !(b.is_ascii_digit() && a.is_ascii_digit())
    {
        text.push(' ');
    }
    text.push_str(next);
}

/// A letter or digit of a script written with spaces between words.
fn is_spaced_word(c: char) -> bool {
    c.is_alphanumeric()
        && !is_cjk(c)
        && !matches!(c as u32, 0x0E00..=0x0EFF | 0x1100..=0x11FF | 0xAC00..=0xD7AF)
}

impl BlockBuilder {
    /// The last piece of a physical line another tool joined was pushed: when that line was
    /// wide enough to be wrapped and stops mid-sentence, its text goes on in the next line, however
    /// short the piece is.
    fn reopen_wrapped(&mut self) {
        let Some(open) = self.footnote.or(self.main) else {
            return;
        };
        let block = &mut self.blocks[open];
        if !ends_sentence(block.last().trim_end().trim_end_matches(is_footnote_mark)) {
            block.closed = false;
        }
    }

    fn push(&mut self, line_no: usize, line: &str) {
        match classify(line) {
            Line::FootnoteBody(mark, rest) => {
                let mark = mark
                    .chars()
                    .map(|c| superscript_digit(c).unwrap_or(c))
                    .collect();
                self.blocks.push(RawBlock::new(
                    BlockKind::Footnote,
                    Some(mark),
                    rest,
                    line_no,
                ));
                self.footnote = Some(self.blocks.len() - 1);
            }
            Line::SubItem(item) => match self.footnote {
                Some(f) if self.sub_item_belongs_to_footnote(f, item) => {
                    self.blocks[f].start_line(item);
                }
                _ => {
                    self.footnote = None;
                    match self.main {
                        Some(m) => self.blocks[m].start_line(item),
                        None => {
                            self.open_main(BlockKind::Front, None, item, line_no);
                        }
                    }
                }
            },
            Line::Numbered(n, rest) => {
                let index = self.numbered;
                self.numbered += 1;
                self.push_numbered(line_no, line, n, rest, index);
            }
            Line::Bullet(item) => match self.main {
                Some(m) if !self.blocks[m].closed || self.blocks[m].last_is_item() => {
                    self.footnote = None;
                    self.blocks[m].start_line(item);
                }
                _ => {
                    self.footnote = None;
                    let kind = self.unnumbered_kind();
                    self.open_main(kind, None, item, line_no);
                }
            },
            Line::Plain(_) => self.push_plain(line_no, line),
        }
    }

    fn unnumbered_kind(&self) -> BlockKind {
        if self.last_paragraph == 0 {
            BlockKind::Front
        } else {
            BlockKind::Heading
        }
    }

    /// A numbered line opens the next paragraph, or is an item of a list inside the paragraph
    /// (an agenda: 1, 2, 3 after a colon). A number past the next opens a paragraph when the
    /// numbering goes on from it (a paragraph's number was lost); any other number is kept as a
    /// line of the text before. Both are reported.
    fn push_numbered(&mut self, line_no: usize, line: &str, n: u32, rest: &str, index: usize) {
        let list_item = self.main.is_some_and(|m| {
            let block = &self.blocks[m];
            block.next_item == Some(n) || (n == 1 && block.ends_with_colon())
        });
        let next = self.last_paragraph.checked_add(1);
        let gap = !list_item
            && next.is_some_and(|next| n > next)
            && numbering_goes_on(n, self.numbers.get(index + 1..).unwrap_or_default());
        if Some(n) == next || gap {
            if gap {
                self.irregularities.push(Irregularity {
                    line: line_no,
                    number: n,
                    after: self.last_paragraph,
                    opened: true,
                });
            }
            self.footnote = None;
            self.last_paragraph = n;
            self.open_main(BlockKind::Paragraph, Some(n.to_string()), rest, line_no);
            return;
        }
        if !list_item {
            self.irregularities.push(Irregularity {
                line: line_no,
                number: n,
                after: self.last_paragraph,
                opened: false,
            });
        }
        match self.main {
            Some(m) => {
                // a line of its own, as a list item is
                self.footnote = None;
                let block = &mut self.blocks[m];
                block.start_line(line);
                if list_item {
                    block.next_item = n.checked_add(1);
                }
            }
            None => self.push_plain(line_no, line),
        }
    }

    /// Between paragraphs, a short line with no punctuation after a full-width heading is a
    /// heading of its own (关键议题 under a long theme heading), not the heading's second line.
    fn is_standalone_heading(&self, main: usize, line: &str) -> bool {
        let block = &self.blocks[main].block;
        matches!(block.kind, BlockKind::Heading | BlockKind::Front)
            && self.after_blank
            && width(line) < WRAPPED_WIDTH
            && !ends_sentence(line)
            && !line.ends_with(['，', ',', '、', '；', ';'])
    }

    /// In a text that numbers no paragraph (a page saved from a word processor or a browser, a
    /// resolution's preamble), a capital after a blank line, or after a clause closed by a
    /// comma or semicolon at the end of a line (`reconocidos,` / `Teniendo en cuenta`), starts
    /// new text: the lines there part paragraphs or clauses, not the lines of a wrapped one.
    fn starts_unnumbered_paragraph(&self, main: usize, line: &str) -> bool {
        self.numbers.is_empty()
            && (self.after_blank
                || self.blocks[main]
                    .last()
                    .trim_end()
                    .ends_with([',', ';', '،', '؛']))
            && line.chars().next().is_some_and(char::is_uppercase)
    }

    fn sub_item_belongs_to_footnote(&self, footnote: usize, item: &str) -> bool {
        let block = &self.blocks[footnote];
        let letter = item
            .trim_start_matches(['(', '（'])
            .chars()
            .next()
            .unwrap_or('a');
        block.ends_with_colon()
            || block
                .last_item_letter()
                .is_some_and(|l| (l as u8).wrapping_add(1) == letter as u8)
    }

    fn push_plain(&mut self, line_no: usize, line: &str) {
        if let Some(f) = self.footnote {
            // A page break drops footnotes into the middle of a paragraph: text after them
            // continues the paragraph when it was left mid-sentence.
            let main_open = self.main.is_some_and(|m| !self.blocks[m].closed);
            if main_open {
                self.footnote = None;
            } else if !self.blocks[f].closed {
                self.blocks[f].continue_line(line);
                return;
            } else {
                self.footnote = None;
            }
        }
        match self.main {
            Some(m)
                if !self.blocks[m].closed
                    && !is_heading_marker(line)
                    && !self.is_standalone_heading(m, line)
                    && !self.blocks[m].item_then_capital(line)
                    && !self.starts_unnumbered_paragraph(m, line) =>
            {
                self.blocks[m].continue_line(line);
            }
            // a numbered paragraph's next sentences after a blank line (a page break, a layout
            // that spaces its lines) are prose, not a heading: a heading is never a full line
            // with a sentence closed inside it
            Some(m)
                if self.blocks[m].block.kind == BlockKind::Paragraph
                    && !self.numbers.is_empty()
                    && !is_heading_marker(line)
                    && is_prose(line) =>
            {
                self.blocks[m].continue_line(line);
            }
            _ => {
                let kind = self.unnumbered_kind();
                self.open_main(kind, None, line, line_no);
            }
        }
    }

    fn open_main(
        &mut self,
        kind: BlockKind,
        number: Option<String>,
        text: &str,
        line_no: usize,
    ) -> usize {
        self.blocks.push(RawBlock::new(kind, number, text, line_no));
        let index = self.blocks.len() - 1;
        self.main = Some(index);
        index
    }

    fn finish(self) -> Normalised {
        // in place: a block takes no more room than the block being built
        let mut blocks: Vec<Block> = self.blocks.into_iter().map(RawBlock::into_block).collect();
        let guesses = read_unnumbered(&mut blocks).into_iter().collect();
        Normalised {
            blocks,
            irregularities: self.irregularities,
            guesses,
        }
    }
}

/// Whether a bracket or quote opens in the line and does not close.
fn opens_without_closing(line: &str) -> bool {
    let count = |set: &[char]| line.chars().filter(|c| set.contains(c)).count();
    [
        (&['(', '（'][..], &[')', '）'][..]),
        (&['《'], &['》']),
        (&['“'], &['”']),
        (&['«'], &['»']),
        (&['['], &[']']),
    ]
    .iter()
    .any(|(open, close)| count(open) > count(close))
}

/// A UN document symbol: capitals, digits and slashes (`CTOC/COP/2008/1`, `A/RES/55/25`).
fn is_symbol(word: &str) -> bool {
    word.contains('/')
        && word.chars().any(|c| c.is_ascii_digit())
        && word.chars().any(|c| c.is_ascii_uppercase())
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "/.-".contains(c))
}

/// In a text with no numbered paragraph, the blocks of running text (wide, closed by a sentence
/// or a clause) become unnumbered paragraphs, numbered `text_index` 1, 2… in order; where there
/// is none, every block of the main text does. What comes after the first is no longer front
/// matter but headings. Returns the guess to report.
fn read_unnumbered(blocks: &mut [Block]) -> Option<Guess> {
    if blocks.iter().any(|b| b.kind == BlockKind::Paragraph) {
        return None;
    }
    let main = |b: &Block| matches!(b.kind, BlockKind::Front | BlockKind::Heading);
    // closed by a full stop or a clause's punctuation; a closing bracket or quote only after a
    // sentence inside (a title in brackets is not running text)
    let running = |b: &Block| {
        let text = b.text.trim_end();
        main(b)
            && width(text) >= WRAPPED_WIDTH
            && (text.ends_with([
                '.', '!', '?', '。', '！', '？', ';', '；', ',', '，', '،', '؛', ':', '：',
            ]) || (ends_sentence(text) && (text.contains(". ") || text.contains('。'))))
    };
    let any_running = blocks.iter().any(running);
    let mut count = 0;
    let mut first = None;
    for block in blocks.iter_mut() {
        if (any_running && running(block)) || (!any_running && main(block)) {
            count += 1;
            block.kind = BlockKind::Paragraph;
            block.text_index = Some(count);
            first.get_or_insert(block.line);
        } else if first.is_some() && block.kind == BlockKind::Front {
            block.kind = BlockKind::Heading;
        }
    }
    Some(Guess {
        line: first?,
        kind: GuessKind::Unnumbered(usize::try_from(count).unwrap_or(usize::MAX)),
    })
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x2E80..=0x2FDF)
        || matches!(c, '“' | '”' | '‘' | '’' | '、' | '—' | '…')
}

/// Collapses runs of spaces, and drops spaces between two CJK characters (the PDF puts them in
/// at line ends and around glyph runs; they carry no meaning in Chinese).
pub fn tidy_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            let between_cjk = before.is_some_and(is_cjk) && after.is_some_and(is_cjk);
            let after_slash = before == Some('/');
            if !between_cjk && !after_slash && before.is_some() && after.is_some() {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Removes footnote reference marks (superscripts, `*`) from running text, recording them.
fn strip_footnote_marks(line: &str, refs: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(d) = superscript_digit(c) {
            let mut n = d.to_string();
            while let Some(d) = chars.peek().copied().and_then(superscript_digit) {
                n.push(d);
                chars.next();
            }
            if !refs.contains(&n) {
                refs.push(n);
            }
        } else if c == '*' && !out.is_empty() && chars.peek().is_some_and(|n| !n.is_whitespace()) {
            if !refs.iter().any(|r| r == "*") {
                refs.push("*".to_owned());
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejoins_words_and_symbols_broken_across_lines() {
        // PDF lines are about 38 characters wide; a word or symbol cut at the margin continues
        let text = "1. 《打击偷运移民议定书》的下列缔约方派代表出席了本次会议：阿塞拜\n\n疆、巴哈马，以及文件（CTOC/COP/WG.7/ \n\n2013/4）所列的其他缔约方和观察员。\n";
        let blocks = normalise(text).blocks;
        assert_eq!(blocks.len(), 1, "{blocks:#?}");
        assert!(blocks[0].text.contains("阿塞拜疆"), "{}", blocks[0].text);
        assert!(
            blocks[0].text.contains("CTOC/COP/WG.7/2013/4"),
            "{}",
            blocks[0].text
        );
    }

    #[test]
    fn agenda_numbers_stay_inside_their_paragraph() {
        let text = "1. 前一段。\n2. 通过了以下议程：\n1. 组织事项：\n(a) 会议开幕；\n2. 其他事项。\nD. 出席情况\n3. 下一段。\n";
        let blocks = normalise(text).blocks;
        let numbers: Vec<_> = blocks.iter().filter_map(|b| b.number.clone()).collect();
        assert_eq!(numbers, ["1", "2", "3"]);
        assert_eq!(
            blocks[1].text,
            "通过了以下议程：\n1. 组织事项：\n(a) 会议开幕；\n2. 其他事项。"
        );
    }

    /// The numbers of the paragraphs, and each irregularity as (line, number, opened).
    fn numbering(text: &str) -> (Vec<String>, Vec<(usize, u32, bool)>) {
        let normalised = normalise(text);
        let numbers = normalised
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .filter_map(|b| b.number.clone())
            .collect();
        let irregular = normalised
            .irregularities
            .iter()
            .map(|i| (i.line, i.number, i.opened))
            .collect();
        (numbers, irregular)
    }

    #[rstest::rstest]
    #[case::in_sequence("1. 甲。\n2. 乙。\n3. 丙。\n", &["1", "2", "3"], &[])]
    #[case::a_lost_number(
        "1. 甲。\n乙。\n3. 丙。\n4. 丁。\n",
        &["1", "3", "4"],
        &[(3, 3, true)]
    )]
    #[case::a_lost_number_before_the_last(
        "1. 甲。\n2. 乙。\n丙。\n4. 丁。\n",
        &["1", "2", "4"],
        &[(4, 4, true)]
    )]
    #[case::a_lost_number_before_a_paragraph_with_a_list(
        "1. 甲。\n3. 通过了以下议程：\n1. 组织事项。\n2. 通过报告。\n4. 丁。\n",
        &["1", "3", "4"],
        &[(2, 3, true)]
    )]
    #[case::a_number_out_of_order(
        "1. 甲。\n2. 乙。\n21. 丙。\n3. 丁。\n",
        &["1", "2", "3"],
        &[(3, 21, false)]
    )]
    #[case::a_number_again(
        "1. 甲。\n2. 乙。\n2. 丙。\n3. 丁。\n",
        &["1", "2", "3"],
        &[(3, 2, false)]
    )]
    #[case::a_list_without_its_colon(
        "1. 甲。\n2. 乙。\n1. 丙。\n3. 丁。\n",
        &["1", "2", "3"],
        &[(3, 1, false)]
    )]
    #[case::a_first_paragraph_past_1("标题\n5. 甲。\n6. 乙。\n", &["5", "6"], &[(2, 5, true)])]
    fn numbers_out_of_sequence_keep_their_text_and_are_reported(
        #[case] text: &str,
        #[case] paragraphs: &[&str],
        #[case] irregular: &[(usize, u32, bool)],
    ) {
        assert_eq!(
            numbering(text),
            (
                paragraphs.iter().map(|n| (*n).to_owned()).collect(),
                irregular.to_vec()
            )
        );
        // every character of the text is in some block
        let kept: String = normalise(text)
            .blocks
            .iter()
            .map(|b| {
                format!(
                    "{}{}",
                    b.number
                        .as_deref()
                        .map_or(String::new(), |n| format!("{n}. ")),
                    b.text
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut kept: Vec<char> = kept.chars().filter(|c| !c.is_whitespace()).collect();
        let mut given: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        kept.sort_unstable();
        given.sort_unstable();
        assert_eq!(kept, given, "all of the text is kept");
    }

    #[test]
    fn a_wrapped_line_cut_into_list_items_goes_on_in_the_next_line() {
        // PDF text: the line is wrapped at the margin inside a symbol; the list items inside it
        // are cut out, and the last one, short on its own, still goes on
        let text = "4. 工作组收到了下列文件：(a) 临时议程说明（CTOC/COP/WG.7 \n\n/2020/1）；(b) 秘书处编写的背景文件（CTOC/COP/WG.7/2020/2）。\n";
        let blocks = normalise(text).blocks;
        assert_eq!(blocks.len(), 1, "{blocks:#?}");
        assert_eq!(
            blocks[0].text,
            "工作组收到了下列文件：\n(a) 临时议程说明（CTOC/COP/WG.7/2020/1）；\n(b) 秘书处编写的背景文件（CTOC/COP/WG.7/2020/2）。"
        );
    }

    #[test]
    fn paragraph_numbers_past_999_open_paragraphs() {
        let text: String = (1..=1500).map(|n| format!("{n}. 第{n}段。\n")).collect();
        let (numbers, irregular) = numbering(&text);
        assert_eq!(numbers.len(), 1500);
        assert_eq!(numbers.last().map(String::as_str), Some("1500"));
        assert!(irregular.is_empty(), "{irregular:?}");
    }

    #[test]
    fn footnote_in_a_page_break_is_separated_and_the_paragraph_continues() {
        let long = "这是一个很长的段落，在页面底部被打断了，脚注出现在中间，而正文在后面继续的文字";
        let text = format!(
            "1. 开始。\n2. {long}作案手法\n\n¹ 上述条款确立了以下原则：\n\n(a) 第一；\n\n(b) 第二。\n\n和金融交易的信息。¹\n"
        );
        let blocks = normalise(&text).blocks;
        let para = &blocks[1];
        assert!(
            para.text.ends_with("作案手法和金融交易的信息。"),
            "{}",
            para.text
        );
        assert_eq!(para.footnote_refs, ["1"]);
        let note = &blocks[2];
        assert_eq!(note.kind, BlockKind::Footnote);
        assert_eq!(
            note.text,
            "上述条款确立了以下原则：\n(a) 第一；\n(b) 第二。"
        );
    }

    #[rstest::rstest]
    #[case::accented_latin(
        "Declarando que para prevenir la trata,\nespecialmente mujeres y niños",
        "trata, especialmente"
    )]
    #[case::cyrillic(
        "в соответствии с пунктом 3\nстатьи 32 Конвенции против\nнезаконного ввоза",
        "пунктом 3 статьи 32 Конвенции против незаконного"
    )]
    #[case::greek("η Σύμβαση των Ηνωμένων\nΕθνών κατά του εγκλήματος", "Ηνωμένων Εθνών")]
    #[case::arabic(
        "إن الجمعية العامة، إذ تذكّر بقرارها المؤرخ في\nكانون الأول/ديسمبر 1994",
        "في كانون"
    )]
    #[case::chinese(
        "1. 《打击偷运移民议定书》的下列缔约方派代表出席了本次会议：阿塞拜\n疆、巴哈马。",
        "阿塞拜疆"
    )]
    #[case::digits(
        "1. The report of the meeting was issued as document CTOC/COP/WG.7/20\n20/4.",
        "WG.7/2020/4."
    )]
    fn wrapped_lines_are_joined_with_a_space_in_scripts_written_with_spaces(
        #[case] text: &str,
        #[case] joined: &str,
    ) {
        let blocks = normalise(text).blocks;
        let all: String = blocks.iter().map(|b| b.text.as_str()).collect();
        assert!(all.contains(joined), "{all}");
    }

    #[test]
    fn a_text_with_no_numbered_paragraph_is_read_as_unnumbered_paragraphs() {
        let text = "Smuggling of migrants\n\nThe Working Group on the Smuggling of Migrants met in Vienna.\nIts report is available in the six official languages.\nContact us\n";
        let normalised = normalise(text);
        let ids: Vec<(BlockKind, Option<String>)> = normalised
            .blocks
            .iter()
            .map(|b| (b.kind, b.local_id()))
            .collect();
        assert_eq!(
            ids,
            [
                (BlockKind::Front, None),
                (BlockKind::Paragraph, Some("text_1".to_owned())),
                (BlockKind::Paragraph, Some("text_2".to_owned())),
                (BlockKind::Heading, None),
            ]
        );
        assert_eq!(normalised.guesses[0].line, 3);
        assert_eq!(normalised.guesses[0].kind, GuessKind::Unnumbered(2));
        // the same text gives the same ids
        let again: Vec<_> = normalise(text).blocks.iter().map(Block::local_id).collect();
        assert_eq!(again, ids.into_iter().map(|(_, id)| id).collect::<Vec<_>>());
    }

    #[test]
    fn in_a_text_with_no_numbers_a_capital_after_a_blank_line_starts_a_paragraph() {
        let text = "Комитет по защите прав всех трудящихся-мигрантов и членов их семей\n\nПеречень вопросов, подготовленный до представления доклада\n\nКомитет установил процедуру, предусматривающую подготовку перечня вопросов.\n";
        let blocks = normalise(text).blocks;
        let kinds: Vec<(BlockKind, usize)> = blocks.iter().map(|b| (b.kind, b.line)).collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Front, 1),
                (BlockKind::Front, 3),
                (BlockKind::Paragraph, 5)
            ]
        );
        // with numbers, the same lines are the wrapped lines of a PDF's title and paragraph
        let numbered = format!("{text}\n1. Пункт.\n");
        assert_eq!(normalise(&numbered).blocks[0].line, 1);
        assert_eq!(normalise(&numbered).blocks[1].line, 7);
    }

    #[test]
    fn a_preamble_is_read_clause_by_clause() {
        let text = "Los Estados Parte en el presente Protocolo,\nDeclarando que para prevenir y combatir eficazmente la trata de personas,\nespecialmente mujeres y niños, se requiere un enfoque amplio,\nTeniendo en cuenta que no hay ningún instrumento universal,\nAcuerdan lo siguiente:\n";
        let blocks = normalise(text).blocks;
        let paragraphs: Vec<(Option<String>, usize)> =
            blocks.iter().map(|b| (b.local_id(), b.line)).collect();
        assert_eq!(
            paragraphs,
            [
                (Some("text_1".to_owned()), 1),
                (Some("text_2".to_owned()), 2),
                (Some("text_3".to_owned()), 4),
                (None, 5)
            ]
        );
        assert!(
            blocks[1].text.contains("personas, especialmente"),
            "{}",
            blocks[1].text
        );
    }

    #[test]
    fn a_text_with_numbered_paragraphs_has_no_unnumbered_ones() {
        let text = "Preamble of the report, which is long enough to be running text.\n1. First paragraph.\n";
        let blocks = normalise(text).blocks;
        assert_eq!(blocks[0].kind, BlockKind::Front);
        assert_eq!(blocks[0].local_id(), None);
        assert_eq!(blocks[1].local_id().as_deref(), Some("para_1"));
    }

    #[test]
    fn a_paragraphs_sentences_after_a_blank_line_stay_in_it() {
        // the layout of paragraph 12 of the 2020 report (CTOC/COP/WG.7/2020/L.1), shortened
        let text = " A. 会议开幕 \n\n12. 工作组第七次会议于 2020年 9月 8日和 9日在维也纳举行。\n\n\
                    共举行了四场会议。按照缔约方会议扩大主席团于 2020 年 8 月 19 日经由默许\n\n\
                    程序所商定的，本次会议以混合形式举行，其他所有与会者远程接入。 \n\
                    13. 工作组主席宣布会议开幕。\n\n B. 发言情况 \n";
        let blocks = normalise(text).blocks;
        let twelve = blocks
            .iter()
            .find(|b| b.local_id().as_deref() == Some("para_12"))
            .expect("paragraph 12");
        assert!(twelve.text.contains("共举行了四场会议"), "{}", twelve.text);
        assert!(twelve.text.ends_with("远程接入。"), "{}", twelve.text);
        let headings: Vec<&str> = blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Heading)
            .map(|b| b.text.as_str())
            .collect();
        // the first heading comes before any paragraph: it is front matter
        assert_eq!(headings, ["B. 发言情况"]);
    }

    #[test]
    fn a_point_cut_at_the_margin_is_not_a_list_item() {
        assert!(!is_sub_item_marker(
            "(e), of the Organized Crime Convention"
        ));
        assert!(!is_sub_item_marker("(e)项"));
        assert!(is_sub_item_marker("(e) Opening of the meeting;"));
        assert!(is_sub_item_marker("(a)秘书处的背景文件"));
    }

    #[test]
    fn a_lettered_list_after_a_colon_stays_in_its_paragraph() {
        let text = "1. The Working Group adopted the following agenda: a) Opening of the meeting; b) Adoption of the agenda. 2. The meeting was opened.\n";
        let normalised = normalise(text);
        let blocks: Vec<(Option<&str>, &str)> = normalised
            .blocks
            .iter()
            .map(|b| (b.number.as_deref(), b.text.as_str()))
            .collect();
        assert_eq!(
            blocks,
            [
                (
                    Some("1"),
                    "The Working Group adopted the following agenda:\na) Opening of the meeting;\nb) Adoption of the agenda."
                ),
                (Some("2"), "The meeting was opened."),
            ]
        );
        assert_eq!(
            normalised.guesses[0].to_string(),
            "list item a), list item b), paragraph 2 found inside this line (its lines were joined): cut before each"
        );
    }

    #[test]
    fn bullets_start_lines_of_their_own() {
        let text = "- Understand the crime of migrant smuggling and its effects on migration management\n- Know the main international legal instruments\nMigrant smuggling is a transnational crime.\n";
        let blocks = normalise(text).blocks;
        assert_eq!(blocks.len(), 2, "{blocks:#?}");
        assert_eq!(blocks[0].text.lines().count(), 2);
        assert_eq!(
            blocks[1].text,
            "Migrant smuggling is a transnational crime."
        );
    }

    #[rstest::rstest]
    #[case::a_sentence("1. The meeting closed.", None)]
    #[case::a_heading("1. The meeting closed.\nAnnex", Some(Some(Ending::Line)))]
    #[case::a_list_item(
        "1. The agenda:\n(a) Opening;\n(b) Other matters",
        Some(Some(Ending::ListItem))
    )]
    #[case::an_agenda_item(
        "1. First.\n2. Second.\n3. The agenda:\n1. Opening.\n2. Other matters",
        Some(Some(Ending::ListItem))
    )]
    #[case::a_clause(
        "Recalling its resolution 55/25 of 15 November 2000,",
        Some(Some(Ending::Clause))
    )]
    #[case::an_address(
        "1. The report is available at www.unodc.org",
        Some(Some(Ending::Address))
    )]
    #[case::a_symbol(
        "1. The report was issued as CTOC/COP/WG.7/2020/4",
        Some(Some(Ending::Symbol))
    )]
    #[case::cut_mid_sentence("1. The Working Group was estab", Some(None))]
    #[case::cut_inside_a_list_item("1. The agenda:\n(a) Opening (with statements", Some(None))]
    #[case::cut_inside_a_title("1. 缔约方批准了以下文书：\n(a)《公民及政治权利国际", Some(None))]
    fn how_a_text_ends(#[case] text: &str, #[case] expected: Option<Option<Ending>>) {
        let blocks = normalise(text).blocks;
        assert_eq!(ending(&blocks).map(|(_, e)| e), expected, "{blocks:#?}");
    }
}
