//! Escaping text for XML and HTML, shared by the SVG chart and the endpoint's pages: every text
//! from the documents passes through here before it reaches markup.

/// Escapes `& < > " '` for element content and attribute values (the apostrophe as `&#39;`, valid
/// in both XML and HTML); control characters XML 1.0 forbids become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_the_five_characters_and_drops_controls() {
        assert_eq!(
            super::escape("a&b<c>d\"e'f\u{1}g"),
            "a&amp;b&lt;c&gt;d&quot;e&#39;f g"
        );
    }
}
