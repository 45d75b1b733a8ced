//! Words into printed lines in reading order: blocks at the bands where no word is, columns at
//! the gutters, and each line's text with its spaces and footnote marks.

use super::pdftotext::Word;

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

/// One printed line.
#[derive(Debug, Clone)]
pub(super) struct Line {
    /// 1-based page.
    pub(super) page: u32,
    pub(super) text: String,
    pub(super) x1: f64,
    pub(super) y0: f64,
    pub(super) y1: f64,
    /// The size of its largest words.
    pub(super) size: f64,
    /// The width of what opens it: its first word, or one character of Chinese.
    pub(super) lead_width: f64,
}

/// Cuts a set of words into lines in reading order. First into blocks, at the bands across
/// the page where no word is for a line's height or more (around a masthead, a heading);
/// a block with a gutter from its top to its bottom is cut into columns (a masthead's two
/// sides), each read whole; the rest is cut at every band, into lines.
pub(super) fn cut(mut words: Vec<Word>, body_size: f64, lines: &mut Vec<Vec<Word>>) {
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
pub(super) fn line_of(page: u32, words: &[Word]) -> Line {
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

pub(super) fn is_superscript(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹')
}

/// Chinese characters and full-width punctuation: no space is printed between them and others.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
        || matches!(c, '“' | '”' | '‘' | '’' | '、' | '—' | '…')
}
