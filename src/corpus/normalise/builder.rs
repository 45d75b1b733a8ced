//! The block builder: the lines of a text, in order, into blocks, with paragraph numbers checked
//! against the sequence and wrapped lines joined.

use super::lines::{
    Line, WRAPPED_WIDTH, classify, is_bullet, is_cjk, is_footnote_mark, is_heading_marker,
    is_prose, is_sub_item_marker, strip_footnote_marks, superscript_digit, tidy_spaces, width,
};
use super::{Block, BlockKind, Irregularity, Normalised, ends_sentence, read_unnumbered};

/// How many numbered lines past a skipped number are looked at for the numbering to go on.
const LOOKAHEAD: usize = 100;

#[derive(Default)]
pub(super) struct BlockBuilder {
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
    pub(super) after_blank: bool,
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
    /// A builder for a text whose numbered lines bear `numbers`, in order, with room for
    /// `capacity` blocks.
    pub(super) fn new(numbers: Vec<u32>, capacity: usize) -> Self {
        Self {
            numbers,
            blocks: Vec::with_capacity(capacity),
            ..Self::default()
        }
    }

    /// The last piece of a physical line another tool joined was pushed: when that line was
    /// wide enough to be wrapped and stops mid-sentence, its text goes on in the next line, however
    /// short the piece is.
    pub(super) fn reopen_wrapped(&mut self) {
        let Some(open) = self.footnote.or(self.main) else {
            return;
        };
        let block = &mut self.blocks[open];
        if !ends_sentence(block.last().trim_end().trim_end_matches(is_footnote_mark)) {
            block.closed = false;
        }
    }

    pub(super) fn push(&mut self, line_no: usize, line: &str) {
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

    pub(super) fn finish(self) -> Normalised {
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
