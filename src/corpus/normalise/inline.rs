//! Markers inside lines. Where another tool joined a document's lines (a web page, a text copied
//! out of a PDF viewer, a document store's transcript), the paragraph numbers (`2. At its…`),
//! section headings (`II. Organization…`), subsection headings (`A. General…`), list items
//! (`b) …`) and resolution signatures (`87th plenary meeting`) it held are found again, and the
//! line is cut before each, so that the normaliser reads the pieces as the lines they once were.
//!
//! Only what goes on from the document's own sequence is taken: a paragraph number one past the
//! last paragraph's (or, before any, a number the next one inside the line follows), the next
//! section or subsection letter, the next list letter (or `a)` after a colon). The next word
//! must start a sentence, and a word before the number that refers to something numbered
//! (`article 3.`, `para. 12.`, `No. 5.`, `resolution 5/3.`), or a month after it (`11. November`),
//! rules the number out.

use std::fmt;

use super::lines::{Line, classify, is_cjk};
use crate::corpus::ends_sentence;
use crate::numerals::{MONTHS_DE, MONTHS_EN, MONTHS_ES, MONTHS_FR, MONTHS_RU};

/// What opens a piece cut out of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A paragraph number.
    Paragraph(u32),
    /// A section heading numbered in Roman numerals (`II.`).
    Section(u32),
    /// A subsection heading lettered `A.`, `B.` (1 for `A`).
    Subsection(u32),
    /// A list item lettered `a)` or `(a)` (1 for `a`).
    Item(u32),
    /// A resolution's signature line (`87th plenary meeting`).
    Signature,
}

impl fmt::Display for Marker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Paragraph(n) => write!(f, "paragraph {n}"),
            Self::Section(n) => write!(f, "heading {}.", roman(n)),
            Self::Subsection(n) => write!(f, "heading {}.", letter(n, 'A')),
            Self::Item(n) => write!(f, "list item {})", letter(n, 'a')),
            Self::Signature => f.write_str("a signature"),
        }
    }
}

fn letter(n: u32, first: char) -> char {
    char::from_u32(first as u32 + n.saturating_sub(1)).unwrap_or('?')
}

/// Roman numerals up to 39, the most sections a UN document has.
fn roman(n: u32) -> String {
    const ONES: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    let tens = "X".repeat(usize::try_from(n / 10).unwrap_or(0));
    format!("{tens}{}", ONES[usize::try_from(n % 10).unwrap_or(0)])
}

fn parse_roman(text: &str) -> Option<u32> {
    (1..40).find(|&n| roman(n) == text)
}

/// Cyrillic list letters in the order Russian UN documents use them (а) б) в) …).
const CYRILLIC_ITEMS: &str = "абвгдежзиклмнопрстуфхцчшщэюя";
/// Cyrillic subsection letters (А. Б. В. …).
const CYRILLIC_HEADINGS: &str = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ";

/// Abbreviations after which a number refers to something numbered (compared in lower case,
/// without their full stop).
const REFERENCE_ABBREVIATIONS: &[&str] = &[
    "art", "arts", "para", "paras", "no", "nos", "p", "pp", "vol", "fig", "núm", "стр", "п", "ст",
    "chap", "sect", "sess", "res",
];

/// Words after which a number refers to something numbered rather than opening a paragraph
/// (compared in lower case; a word closing a sentence with its full stop does not count).
const REFERENCE_WORDS: &[&str] = &[
    // English
    "article",
    "articles",
    "paragraph",
    "paragraphs",
    "no",
    "nos",
    "resolution",
    "resolutions",
    "decision",
    "decisions",
    "rule",
    "rules",
    "section",
    "sections",
    "chapter",
    "chapters",
    "annex",
    "item",
    "items",
    "page",
    "pages",
    "p",
    "pp",
    "vol",
    "volume",
    "part",
    "table",
    "figure",
    "fig",
    "footnote",
    "note",
    "notes",
    "recommendation",
    "recommendations",
    "principle",
    "subparagraph",
    "clause",
    "title",
    "box",
    "step",
    // French
    "paragraphe",
    "paragraphes",
    "alinéa",
    "résolution",
    "décision",
    "règle",
    "chapitre",
    "annexe",
    "point",
    "partie",
    "tableau",
    "n°",
    "nº",
    // Spanish
    "artículo",
    "artículos",
    "párrafo",
    "párrafos",
    "resolución",
    "decisión",
    "regla",
    "sección",
    "capítulo",
    "anexo",
    "tema",
    "página",
    "cuadro",
    "núm",
    // Russian
    "статья",
    "статьи",
    "статье",
    "статью",
    "статей",
    "пункт",
    "пункта",
    "пункте",
    "пунктом",
    "пункты",
    "резолюция",
    "резолюции",
    "решение",
    "решения",
    "правило",
    "правила",
    "раздел",
    "раздела",
    "глава",
    "главы",
    "приложение",
    "стр",
    "№",
    "п",
    // Arabic
    "المادة",
    "الفقرة",
    "القرار",
    "المقرر",
    "البند",
    "الفصل",
    "المرفق",
];

/// Titles and initials before a capital letter and a full stop (`Mr. A. Smith`).
const TITLES: &[&str] = &[
    "mr", "ms", "mrs", "dr", "h.e", "m", "mme", "sr", "sra", "prof", "г-н", "г-жа", "st",
];

/// Month names after a day number (`11. November`), which is a date, not a paragraph.
const MONTHS: [&[&str; 12]; 5] = [&MONTHS_EN, &MONTHS_DE, &MONTHS_FR, &MONTHS_ES, &MONTHS_RU];

/// The signature line of a resolution, after its ordinal number.
const SIGNATURES: &[&str] = &[
    "st plenary meeting",
    "nd plenary meeting",
    "rd plenary meeting",
    "th plenary meeting",
    "e séance plénière",
    "ª sesión plenaria",
    "a sesión plenaria",
    "-е пленарное заседание",
];

/// A marker found inside a line, before it is known to go on from the sequence.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Byte offset in the line.
    at: usize,
    marker: Marker,
    /// `I.`, `V.` and `X.` are Roman numerals or letters.
    or: Option<Marker>,
}

/// Follows the document's numbering line by line and cuts lines where a marker inside one goes
/// on from it.
#[derive(Debug, Default)]
pub struct Splitter {
    paragraph: u32,
    section: u32,
    subsection: u32,
    item: Option<u32>,
}

impl Splitter {
    /// The pieces of a cleaned line, and the marker that opens each piece after the first.
    pub fn split<'a>(&mut self, line: &'a str) -> (Vec<&'a str>, Vec<Marker>) {
        self.note_line_start(line);
        let candidates = candidates(line);
        let mut cuts: Vec<(usize, Marker)> = Vec::new();
        for (i, candidate) in candidates.iter().enumerate() {
            let start = cuts.last().map_or(0, |(at, _)| *at);
            let before = line[start..candidate.at].trim_end();
            if let Some(marker) = self.accept(candidate, before, &candidates[i + 1..]) {
                cuts.push((candidate.at, marker));
            }
        }
        let mut pieces = Vec::with_capacity(cuts.len() + 1);
        let mut start = 0;
        for &(at, _) in &cuts {
            pieces.push(line[start..at].trim());
            start = at;
        }
        pieces.push(line[start..].trim());
        (pieces, cuts.into_iter().map(|(_, m)| m).collect())
    }

    /// A line that starts with a marker moves the sequence on as a cut would.
    fn note_line_start(&mut self, line: &str) {
        if let Line::Numbered(n, _) = classify(line) {
            if self.paragraph == 0 || Some(n) == self.paragraph.checked_add(1) {
                self.paragraph = n;
            }
            self.item = None;
            return;
        }
        if let Some(candidate) = marker_at(line, 0) {
            for marker in [Some(candidate.marker), candidate.or].into_iter().flatten() {
                let follows = match marker {
                    Marker::Section(n) => n == self.section + 1,
                    Marker::Subsection(n) => n == self.subsection + 1,
                    Marker::Item(_) => true,
                    Marker::Paragraph(_) | Marker::Signature => false,
                };
                if follows {
                    self.apply(marker);
                    return;
                }
            }
        }
    }

    fn accept(
        &mut self,
        candidate: &Candidate,
        before: &str,
        later: &[Candidate],
    ) -> Option<Marker> {
        for marker in [Some(candidate.marker), candidate.or].into_iter().flatten() {
            let follows = match marker {
                Marker::Paragraph(n) => {
                    Some(n) == self.paragraph.checked_add(1)
                        || (self.paragraph == 0
                            && later.iter().find_map(|c| match c.marker {
                                Marker::Paragraph(m) => Some(m),
                                _ => None,
                            }) == n.checked_add(1))
                }
                Marker::Section(n) => n == self.section + 1 && self.opens_heading(before, later),
                Marker::Subsection(n) => {
                    n == self.subsection + 1 && self.opens_heading(before, later)
                }
                Marker::Item(n) => {
                    (n == 1 && before.ends_with([':', '：'])) || (n > 1 && self.item == Some(n - 1))
                }
                Marker::Signature => ends_sentence(before),
            };
            if follows {
                self.apply(marker);
                return Some(marker);
            }
        }
        None
    }

    /// A heading inside a line follows a full sentence, or is followed by the next paragraph.
    fn opens_heading(&self, before: &str, later: &[Candidate]) -> bool {
        ends_sentence(before)
            || later.first().is_some_and(|c| match c.marker {
                Marker::Paragraph(n) => {
                    self.paragraph == 0 || Some(n) == self.paragraph.checked_add(1)
                }
                _ => false,
            })
    }

    fn apply(&mut self, marker: Marker) {
        match marker {
            Marker::Paragraph(n) => {
                self.paragraph = n;
                self.item = None;
            }
            Marker::Section(n) => {
                self.section = n;
                self.subsection = 0;
                self.item = None;
            }
            Marker::Subsection(n) => {
                self.subsection = n;
                self.item = None;
            }
            Marker::Item(n) => self.item = Some(n),
            Marker::Signature => self.item = None,
        }
    }
}

/// Every place inside the line where a marker could start: after a space (or, in Chinese, after
/// closing punctuation), never at the start of the line (the normaliser reads that one).
fn candidates(line: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut previous: Option<char> = None;
    for (at, c) in line.char_indices() {
        let after_break = previous.is_some_and(|p| p.is_whitespace() || "。；：".contains(p));
        previous = Some(c);
        if at == 0 || !after_break || c.is_whitespace() {
            continue;
        }
        if let Some(candidate) = marker_at(line, at) {
            found.push(candidate);
        }
    }
    found
}

/// The marker starting at byte `at` of the line, if its form is one (the sequence is checked
/// later).
fn marker_at(line: &str, at: usize) -> Option<Candidate> {
    let rest = &line[at..];
    // Most word starts open no marker: only a digit, a bracket or a capital can.
    let first = rest.chars().next()?;
    if !(first.is_ascii_digit() || first.is_uppercase() || item_marker(rest).is_some()) {
        return None;
    }
    let before = line[..at].trim_end();
    let previous = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default()
        .trim_start_matches(['(', '[', '«', '“', '"']);
    let previous_word = previous.trim_end_matches(['.', ',']).to_lowercase();
    let refers = if previous.ends_with('.') {
        REFERENCE_ABBREVIATIONS.contains(&previous_word.as_str())
    } else {
        REFERENCE_WORDS.contains(&previous_word.as_str())
    };
    let marker = |marker| Candidate {
        at,
        marker,
        or: None,
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        if let Some(suffix) = rest.get(digits..)
            && SIGNATURES
                .iter()
                .any(|s| starts_with_ignore_case(suffix, s))
        {
            return Some(marker(Marker::Signature));
        }
        let after = rest[digits..].strip_prefix('.')?;
        if digits > 4 || rest.starts_with('0') || refers {
            return None;
        }
        let word = after.trim_start();
        let spaced = word.len() < after.len();
        let first = word.chars().next()?;
        let opens = if spaced {
            starts_sentence(first) && !is_month(word)
        } else {
            is_cjk(first) && first.is_alphabetic()
        };
        let n = rest[..digits].parse().ok()?;
        return opens.then(|| marker(Marker::Paragraph(n)));
    }
    if let Some(item) = item_marker(rest) {
        return Some(marker(Marker::Item(item)));
    }
    // headings: `II. Organization`, `A. General`
    let label: String = rest.chars().take_while(|c| c.is_uppercase()).collect();
    let after = rest[label.len()..].strip_prefix(". ")?;
    let word = after.trim_start();
    let next_word: String = word.chars().take_while(|c| c.is_alphabetic()).collect();
    if label.is_empty()
        || !word.chars().next().is_some_and(starts_sentence)
        || next_word.chars().count() < 2
        || refers
    {
        return None;
    }
    let section = parse_roman(&label).map(Marker::Section);
    let mut chars = label.chars();
    let subsection = match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_uppercase() => Some(c as u32 - 'A' as u32 + 1),
        (Some(c), None) => CYRILLIC_HEADINGS
            .chars()
            .position(|h| h == c)
            .and_then(|i| u32::try_from(i + 1).ok()),
        _ => None,
    }
    .filter(|_| {
        // `Mr. A. Smith`, `J. A. Smith`: a title or an initial before the letter
        !TITLES.contains(&previous_word.as_str()) && previous_word.chars().count() > 1
    })
    .map(Marker::Subsection);
    match (section, subsection) {
        (Some(s), or) => Some(Candidate { at, marker: s, or }),
        (None, Some(s)) => Some(marker(s)),
        (None, None) => None,
    }
}

/// `a) `, `(a) `, `б) `: the item's place in the list.
fn item_marker(text: &str) -> Option<u32> {
    let rest = text.strip_prefix(['(', '（']).unwrap_or(text);
    let mut chars = rest.chars();
    let c = chars.next()?;
    let close = chars.next()?;
    let space = chars.next()?;
    if !matches!(close, ')' | '）') || !space.is_whitespace() {
        return None;
    }
    let index = if c.is_ascii_lowercase() {
        c as u32 - 'a' as u32
    } else {
        u32::try_from(CYRILLIC_ITEMS.chars().position(|l| l == c)?).ok()?
    };
    Some(index + 1)
}

/// A capital, or a letter of a script without capitals (Arabic, Chinese), or an opening quote.
fn starts_sentence(c: char) -> bool {
    (c.is_alphabetic() && !c.is_lowercase()) || matches!(c, '“' | '«' | '"' | '‘' | '„')
}

fn is_month(word: &str) -> bool {
    let word: String = word
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    // the tables are in lower case but for English's capitals
    MONTHS
        .iter()
        .flat_map(|names| names.iter())
        .any(|name| name.eq_ignore_ascii_case(&word))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.to_lowercase() == prefix.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces of each line of `text`, read in order by one splitter.
    fn pieces(text: &str) -> Vec<String> {
        let mut splitter = Splitter::default();
        text.lines()
            .flat_map(|line| splitter.split(line).0)
            .map(str::to_owned)
            .collect()
    }

    #[rstest::rstest]
    #[case::numbers_that_go_on(
        "I. Introduction 1. The Working Group was established. 2. At its meeting, it decided.",
        &["I. Introduction", "1. The Working Group was established.", "2. At its meeting, it decided."]
    )]
    #[case::numbers_after_earlier_lines(
        "1. First.\n2. Second. 3. Third; 4. Fourth.",
        &["1. First.", "2. Second.", "3. Third;", "4. Fourth."]
    )]
    #[case::a_first_number_past_1_that_the_next_follows(
        "A/RES/56/99 4. Requests the Secretary-General; 5. Also requests a report.",
        &["A/RES/56/99", "4. Requests the Secretary-General;", "5. Also requests a report."]
    )]
    #[case::headings_between_paragraphs(
        "I. Introduction 1. First. II. Organization of the meeting A. Opening 2. The meeting opened.",
        &["I. Introduction", "1. First.", "II. Organization of the meeting", "A. Opening", "2. The meeting opened."]
    )]
    #[case::a_list_after_a_colon(
        "1. It adopted the following: a) Opening; b) Agenda; c) Report.",
        &["1. It adopted the following:", "a) Opening;", "b) Agenda;", "c) Report."]
    )]
    #[case::a_signature(
        "1. Requests a report. 87th plenary meeting 14 December 2001",
        &["1. Requests a report.", "87th plenary meeting 14 December 2001"]
    )]
    #[case::chinese_without_spaces("一. 导言 1. 大会通过了公约。2.委员会注意到。", &["一. 导言", "1. 大会通过了公约。", "2.委员会注意到。"])]
    #[case::cyrillic("1. Первый пункт. 2. Второй пункт: а) один; б) два.", &["1. Первый пункт.", "2. Второй пункт:", "а) один;", "б) два."])]
    fn lines_are_cut_where_the_numbering_goes_on(#[case] text: &str, #[case] expected: &[&str]) {
        assert_eq!(pieces(text), expected);
    }

    #[rstest::rstest]
    #[case::an_article("1. First. In accordance with article 2. The parties agree.")]
    #[case::a_paragraph_reference("1. First. See para. 2. The parties agree.")]
    #[case::a_number_sign("1. First. Form No. 2. The parties agree.")]
    #[case::a_russian_reference("1. Первый. Согласно пункту 3 статьи 2. Стороны согласны.")]
    #[case::a_resolution_symbol("1. First. Recalling resolution 5/3. 3. The Conference.")]
    #[case::a_date("1. First. On 2. November the Group met.")]
    #[case::a_decimal("1. First. The rate grew by 2.5 per cent.")]
    #[case::a_number_out_of_sequence("1. First. It met 7. Then it rose.")]
    #[case::a_lower_case_word_after("1. First. It counted to 2. and stopped.")]
    #[case::an_initial("1. First. Mr. A. Smith spoke.")]
    #[case::a_list_without_a_colon("1. First. It said a) nothing b) more.")]
    #[case::a_list_out_of_order("1. It adopted: b) one; c) three.")]
    #[case::a_heading_out_of_order("1. First. III. Third section follows.")]
    #[case::a_first_heading_past_i("1. First. II. Second section follows.")]
    #[case::a_footnote_number("Recalling the Declaration, 1 Recalling its resolution, 2 Noting.")]
    fn lines_are_not_cut_elsewhere(#[case] text: &str) {
        assert_eq!(pieces(text), text.lines().collect::<Vec<_>>());
    }
}
