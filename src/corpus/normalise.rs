//! The normaliser: decoded text into blocks (front matter, headings, numbered paragraphs,
//! footnotes).
//!
//! Text as other tools leave it is read too: lines joined into one are cut again where the
//! numbering says so (see [`inline`]); a text with no numbered paragraph at all (a web page, a
//! resolution's preamble) is read as unnumbered paragraphs, whose local ids are `text_{k}`, `k`
//! the 1-based place of the paragraph among the document's unnumbered paragraphs; and a text
//! that ends on a heading, a list item or a footer rather than a sentence is taken as complete.
//! Each such guess is reported as a [`Guess`].

mod builder;
mod inline;
mod lines;

use std::borrow::Cow;
use std::fmt;

use super::{Block, BlockKind, ends_sentence};
pub use inline::Marker;

use builder::BlockBuilder;
pub use lines::tidy_spaces;
use lines::{
    Line, WRAPPED_WIDTH, classify, clean, is_bullet, is_footnote_mark, is_sub_item_marker,
    is_symbol, opens_without_closing, width,
};

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
    // room for a block per line, so that the blocks are never moved as they grow: the memory a
    // text of one-word lines holds is touched as the blocks come, no sooner
    let lines = pieces.iter().filter(|(_, p, _)| p.is_some()).count();
    let mut builder = BlockBuilder::new(numbers, lines);
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

#[cfg(test)]
mod tests;
