//! Line breaks the normaliser would misread: a wrapped line taken for a paragraph's end, for
//! the start of something, or joined without its space.

use super::lines::{is_cjk, is_superscript};

/// What the normaliser takes for the end of a paragraph (its `ends_sentence`).
pub(super) fn ends_sentence(text: &str) -> bool {
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
pub(super) fn starts_marker(text: &str) -> bool {
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
pub(super) fn space_between(a: &str, b: &str) -> bool {
    match (a.chars().next_back(), b.chars().next()) {
        (Some(x), Some(y)) => !is_cjk(x) && !is_cjk(y) && !matches!(x, '-' | '/'),
        _ => false,
    }
}

/// Whether the normaliser would misread a wrapped line `a` followed by `b`: take `a` for a
/// paragraph's end, `b` for the start of something, or join them without their space.
pub(super) fn misread(a: &str, b: &str) -> bool {
    let restores_space = match (a.chars().next_back(), b.chars().next()) {
        (Some(x), Some(y)) => x.is_ascii_alphabetic() && y.is_ascii_alphanumeric(),
        _ => false,
    };
    ends_sentence(a)
        || width(a) < 40
        || starts_marker(b)
        || (space_between(a, b) && !restores_space)
}
