//! Words on the picture: labels in the chosen language (falling back to the other), dates and
//! ordinals written for people, document types by name, and line wrapping that knows Chinese
//! characters take two columns and may break anywhere.

use std::collections::BTreeMap;

use oxigraph::model::Literal;

/// The language of labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Chinese.
    Zh,
}

impl Lang {
    /// The language tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The other language, to fall back on.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// One of two texts, by language.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// The labels a resource has: at most one per language tag (the smallest, so the choice does not
/// depend on query order) and one without a tag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Texts {
    tagged: BTreeMap<String, String>,
    plain: Option<String>,
}

impl Texts {
    pub(crate) fn add(&mut self, literal: &Literal) {
        let value = literal.value().trim();
        if value.is_empty() {
            return;
        }
        let slot = match literal.language() {
            Some(tag) => self
                .tagged
                .entry(tag.split('-').next().unwrap_or(tag).to_ascii_lowercase())
                .or_insert_with(|| value.to_owned()),
            None => self.plain.get_or_insert_with(|| value.to_owned()),
        };
        if value < slot.as_str() {
            value.clone_into(slot);
        }
    }

    /// The label in `lang`, else in the other language, else untagged, else in any language.
    pub(crate) fn pick(&self, lang: Lang) -> Option<&str> {
        self.tagged
            .get(lang.tag())
            .or_else(|| self.tagged.get(lang.other().tag()))
            .or(self.plain.as_ref())
            .or_else(|| self.tagged.values().next())
            .map(String::as_str)
    }
}

/// Display width: CJK characters and full-width forms take two columns.
pub(crate) fn width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Punctuation that must not start a line (Chinese line-breaking rules, in short).
fn closes(c: char) -> bool {
    "，。、；：！？）》」』】〕,.;:!?)]}%".contains(c)
}

/// Punctuation that must not end a line.
fn opens(c: char) -> bool {
    "（《「『【〔([{".contains(c)
}

/// Wraps `text` into lines of at most `columns` display columns, at its own line breaks, at
/// spaces, after slashes in long symbols, and between any two Chinese characters; keeps at most
/// `max_lines`, ending the last with "…" when text was left out.
pub(crate) fn wrap(text: &str, columns: usize, max_lines: usize) -> Vec<String> {
    let columns = columns.max(4);
    let mut lines: Vec<String> = text
        .lines()
        .flat_map(|paragraph| wrap_paragraph(paragraph, columns))
        .collect();
    if lines.len() > max_lines {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            while width(last) + 1 > columns && last.pop().is_some() {}
            last.push('…');
        }
    }
    lines
}

fn wrap_paragraph(text: &str, columns: usize) -> Vec<String> {
    // pieces: (text, whether a space precedes it)
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut space = false;
    let mut word = String::new();
    let flush = |word: &mut String, space: &mut bool, pieces: &mut Vec<(String, bool)>| {
        if word.is_empty() {
            return;
        }
        if width(word) > columns && word.contains('/') {
            let mut first = true;
            for part in word.split_inclusive('/') {
                pieces.push((part.to_owned(), first && *space));
                first = false;
            }
        } else {
            pieces.push((std::mem::take(word), *space));
        }
        word.clear();
        *space = false;
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut space, &mut pieces);
            space = true;
        } else if is_wide(c) {
            flush(&mut word, &mut space, &mut pieces);
            pieces.push((c.to_string(), space));
            space = false;
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut space, &mut pieces);

    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (piece, spaced) in pieces {
        let first = piece.chars().next().unwrap_or(' ');
        let extra = width(&piece) + usize::from(spaced && !line.is_empty());
        let last = line.chars().last();
        let fits = width(&line) + extra <= columns;
        let must_stay = closes(first) || last.is_some_and(opens);
        if line.is_empty() || fits || (must_stay && width(&line) + extra <= columns + 2) {
            if spaced && !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&piece);
        } else {
            lines.push(std::mem::take(&mut line));
            line.push_str(&piece);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `2020-09-08` as "8 Sep 2020" or "2020年9月8日"; other text unchanged.
pub(crate) fn date(iso: &str, lang: Lang) -> String {
    match (crate::extract::Date::parse(iso), lang) {
        (Some(date), Lang::En) => date.english_short(),
        (Some(date), Lang::Zh) => date.chinese(),
        (None, _) => iso.to_owned(),
    }
}

/// "7th meeting" or "第七次会议".
pub(crate) fn ordinal_meeting(n: u32, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} meeting", crate::numerals::ordinal_en(n)),
        Lang::Zh => format!("第{}次会议", crate::numerals::chinese(n)),
    }
}

/// A document type (`background-paper`) as words.
pub(crate) fn document_type(key: &str, lang: Lang) -> String {
    let (en, zh) = match key {
        "report" => ("report", "报告"),
        "draft-report" => ("draft report", "报告草稿"),
        "background-paper" => ("background paper", "背景文件"),
        "agenda" => ("provisional agenda", "临时议程"),
        "annotated-agenda" => ("annotated agenda", "附加说明的临时议程"),
        "list-of-participants" => ("list of participants", "与会者名单"),
        "thematic-summary" => ("thematic summary", "专题概要"),
        "note" => ("note by the Secretariat", "秘书处的说明"),
        other => return other.replace('-', " "),
    };
    lang.pick(en, zh).to_owned()
}

/// A provision's place in its instrument, from its IRI path (`art_27/para_1/point_e`):
/// "art. 27(1)(e)" or "第27条第1款(e)项".
pub(crate) fn provision_path(path: &str, lang: Lang) -> String {
    let mut article = String::new();
    let mut paragraph = String::new();
    let mut point = String::new();
    for part in path.split('/') {
        if let Some(n) = part.strip_prefix("art_") {
            n.clone_into(&mut article);
        } else if let Some(n) = part.strip_prefix("para_") {
            n.clone_into(&mut paragraph);
        } else if let Some(x) = part.strip_prefix("point_") {
            x.clone_into(&mut point);
        }
    }
    match lang {
        Lang::En => {
            let mut out = format!("art. {article}");
            if !paragraph.is_empty() {
                out.push_str(&format!("({paragraph})"));
            }
            if !point.is_empty() {
                out.push_str(&format!("({point})"));
            }
            out
        }
        Lang::Zh => {
            let mut out = format!("第{article}条");
            if !paragraph.is_empty() {
                out.push_str(&format!("第{paragraph}款"));
            }
            if !point.is_empty() {
                out.push_str(&format!("({point})项"));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_and_breaks_chinese_anywhere() {
        assert_eq!(
            wrap("Working Group on the Smuggling of Migrants", 21, 4),
            ["Working Group on the", "Smuggling of Migrants"]
        );
        let zh = wrap("偷运移民问题工作组2020年9月8日会议", 12, 4);
        assert!(zh.iter().all(|l| width(l) <= 12), "{zh:?}");
        assert_eq!(zh.concat(), "偷运移民问题工作组2020年9月8日会议");
        // closing punctuation stays with the character before it
        let punct = wrap("一二三四五，六七八", 10, 4);
        assert!(!punct[1].starts_with('，'), "{punct:?}");
        // long symbols break after slashes
        let symbol = wrap("CTOC/COP/WG.7/2020/INF/1/Rev.1", 16, 4);
        assert!(symbol.iter().all(|l| width(l) <= 16), "{symbol:?}");
        assert_eq!(symbol.concat(), "CTOC/COP/WG.7/2020/INF/1/Rev.1");
        // a label's own line breaks stay
        assert_eq!(wrap("one\ntwo", 20, 4), ["one", "two"]);
        // too many lines: cut with an ellipsis
        let cut = wrap("one two three four five six seven eight", 9, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'), "{cut:?}");
    }

    #[test]
    fn dates_ordinals_and_provisions_read_naturally() {
        assert_eq!(date("2020-09-08", Lang::En), "8 Sep 2020");
        assert_eq!(date("2020-09-08", Lang::Zh), "2020年9月8日");
        assert_eq!(ordinal_meeting(7, Lang::En), "7th meeting");
        assert_eq!(ordinal_meeting(11, Lang::En), "11th meeting");
        assert_eq!(ordinal_meeting(22, Lang::En), "22nd meeting");
        assert_eq!(ordinal_meeting(7, Lang::Zh), "第七次会议");
        assert_eq!(ordinal_meeting(11, Lang::Zh), "第十一次会议");
        assert_eq!(ordinal_meeting(20, Lang::Zh), "第二十次会议");
        assert_eq!(
            provision_path("art_27/para_1/point_e", Lang::En),
            "art. 27(1)(e)"
        );
        assert_eq!(
            provision_path("art_27/para_1/point_e", Lang::Zh),
            "第27条第1款(e)项"
        );
    }

    #[test]
    fn labels_fall_back_to_the_other_language() {
        let mut texts = Texts::default();
        texts.add(&Literal::new_language_tagged_literal_unchecked(
            "议程", "zh",
        ));
        assert_eq!(texts.pick(Lang::En), Some("议程"));
        texts.add(&Literal::new_language_tagged_literal_unchecked(
            "Agenda", "en",
        ));
        assert_eq!(texts.pick(Lang::En), Some("Agenda"));
        assert_eq!(texts.pick(Lang::Zh), Some("议程"));
    }
}
