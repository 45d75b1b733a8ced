//! One physical line of decoded text: what it opens (a numbered paragraph, a heading, a list
//! item, a footnote…), and the small readings of its text the normaliser makes.

use std::borrow::Cow;

/// One physical line, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Line<'a> {
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

pub(super) fn superscript_digit(c: char) -> Option<char> {
    SUPERSCRIPTS.iter().find(|(s, _)| *s == c).map(|(_, d)| *d)
}

pub(super) fn classify(line: &str) -> Line<'_> {
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

pub(super) fn is_bullet(line: &str) -> bool {
    ["- ", "• ", "– ", "· ", "▪ "]
        .iter()
        .any(|b| line.starts_with(b))
}

pub(super) fn is_sub_item_marker(line: &str) -> bool {
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
pub(super) fn is_heading_marker(line: &str) -> bool {
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
pub(super) fn width(line: &str) -> usize {
    line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// A line at least this wide was wrapped by the PDF layout, so the text goes on.
pub(super) const WRAPPED_WIDTH: usize = 40;

/// A full line with a sentence closed inside it: running text.
pub(super) fn is_prose(line: &str) -> bool {
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

/// A physical line without its bold marks and surrounding blanks.
pub(super) fn clean(raw: &str) -> Cow<'_, str> {
    let blank = |c: char| c.is_whitespace() || c == '\u{feff}';
    if raw.contains("**") {
        Cow::Owned(raw.replace("**", "").trim_matches(blank).to_owned())
    } else {
        Cow::Borrowed(raw.trim_matches(blank))
    }
}

pub(super) fn is_footnote_mark(c: char) -> bool {
    superscript_digit(c).is_some() || c == '*'
}

/// Whether a bracket or quote opens in the line and does not close.
pub(super) fn opens_without_closing(line: &str) -> bool {
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
pub(super) fn is_symbol(word: &str) -> bool {
    word.contains('/')
        && word.chars().any(|c| c.is_ascii_digit())
        && word.chars().any(|c| c.is_ascii_uppercase())
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "/.-".contains(c))
}

pub(super) fn is_cjk(c: char) -> bool {
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
pub(super) fn strip_footnote_marks(line: &str, refs: &mut Vec<String>) -> String {
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
