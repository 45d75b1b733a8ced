//! UN document symbols: `CTOC/COP/WG.7/2020/3/Add.1/Rev.1`.
//!
//! A symbol is a series (`A`, `E`, `CTOC`), body components (`COP`, `WG.7`, `CN.15`, `RES`),
//! numbers (a year, a session, a document number) and suffixes stacked at the end (`L.1`,
//! `CRP.1`, `INF/1`, `Add.1`, `Rev.1`, `Corr.1`, `Amend.1`). Text from PDFs breaks symbols with
//! spaces and line breaks around the slashes and writes full-width slashes; both are read here.

use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::masthead::Language;

/// A UN document symbol, its components in canonical spelling.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Symbol {
    components: Vec<String>,
}

/// What the last suffix of a symbol makes the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SuffixKind {
    /// `Add.1`: an addendum.
    Addendum,
    /// `Rev.1`: a revision.
    Revision,
    /// `Corr.1`: a corrigendum.
    Corrigendum,
    /// `Amend.1`: an amendment.
    Amendment,
    /// `L.1`: a document of limited distribution (a draft).
    Limited,
    /// `CRP.1`: a conference room paper.
    ConferenceRoomPaper,
    /// `INF/1` or `INF.1`: an information document.
    Information,
}

impl SuffixKind {
    /// Whether a document of this kind belongs to another one (the symbol without the suffix).
    pub fn amends(self) -> bool {
        matches!(
            self,
            Self::Addendum | Self::Revision | Self::Corrigendum | Self::Amendment
        )
    }
}

/// The stacking suffixes, as written in lower case, with their canonical spelling.
const STACKED: [(&str, &str, SuffixKind); 4] = [
    ("add", "Add", SuffixKind::Addendum),
    ("rev", "Rev", SuffixKind::Revision),
    ("corr", "Corr", SuffixKind::Corrigendum),
    ("amend", "Amend", SuffixKind::Amendment),
];

/// One component: letters with an optional `.number` (`WG.7`, `Add.1`), or a number.
static COMPONENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?P<word>[A-Za-z]{1,8})(?:\.(?P<num>\d{1,4}))?|(?P<bare>\d{1,5}))$")
        .expect("valid regex")
});

/// A stretch of text that may hold a symbol: an upper-case series, then slash-separated
/// components, with spaces or line breaks around the slashes and after the dots.
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Z]{1,8}(?:[ \t]*(?:\r?\n)?[ \t]*[/／][ \t]*(?:\r?\n)?[ \t]*(?:[A-Za-z]{1,8}(?:\.[ \t]?\d{1,4})?|\d{1,5}))+")
        .expect("valid regex")
});

impl Symbol {
    /// Reads a whole symbol (surrounding spaces and trailing punctuation allowed); `None` if
    /// `text` is anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text
            .trim()
            .trim_end_matches(['.', ',', ';', ':', '。', '，', '；', '*', ')', '）'])
            .trim();
        let cleaned: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == '／' { '/' } else { c })
            .collect();
        Self::from_components(cleaned.split('/'))
    }

    /// Every symbol in `text`, with its byte range there (line breaks inside included).
    pub fn find_all(text: &str) -> Vec<(Range<usize>, Symbol)> {
        let mut found = Vec::new();
        for m in CANDIDATE.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '/') {
                continue;
            }
            // a candidate that runs into a word ("…/2020/3/and") may still hold a symbol:
            // drop components from the end until what is left reads
            let mut end = m.end();
            loop {
                if let Some(symbol) = Self::parse(&text[m.start()..end]) {
                    found.push((m.start()..end, symbol));
                    break;
                }
                match text[m.start()..end].rfind(['/', '／']) {
                    Some(slash) => end = m.start() + slash,
                    None => break,
                }
                end = m.start() + text[m.start()..end].trim_end().len();
            }
        }
        found
    }

    /// Reads the symbol of a file name as the Official Document System hands them out:
    /// `CTOC_COP_WG.7_2020_3_E.pdf`, `CTOC_COP_WG.4_2011_2_Add.1-C.docx` (`_` for `/`, the
    /// language letter A C E F R S last).
    pub fn from_file_name(name: &str) -> Option<(Symbol, Option<Language>)> {
        let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let stem = match name.rsplit_once('.') {
            Some((stem, ext))
                if ["pdf", "doc", "docx", "txt", "rtf", "htm", "html"]
                    .contains(&ext.to_ascii_lowercase().as_str()) =>
            {
                stem
            }
            _ => name,
        };
        let letter = stem
            .rsplit_once(['_', '-'])
            .filter(|(_, letter)| letter.len() == 1)
            .and_then(|(rest, letter)| {
                Some((rest, Language::from_letter(letter.chars().next()?)?))
            });
        if let Some((rest, language)) = letter
            && let Some(symbol) = Self::from_components(rest.split('_'))
        {
            return Some((symbol, Some(language)));
        }
        Self::from_components(stem.split('_')).map(|s| (s, None))
    }

    /// Builds a symbol from its components, checking the grammar.
    fn from_components<'a>(parts: impl Iterator<Item = &'a str>) -> Option<Self> {
        let mut components = Vec::new();
        for part in parts {
            let caps = COMPONENT.captures(part)?;
            components.push(
                match (caps.name("word"), caps.name("num"), caps.name("bare")) {
                    (_, _, Some(bare)) => bare.as_str().to_owned(),
                    (Some(word), num, None) => {
                        let word = canonical_word(word.as_str(), components.is_empty())?;
                        match num {
                            Some(num) => format!("{word}.{}", num.as_str()),
                            None => word,
                        }
                    }
                    _ => return None,
                },
            );
        }
        let symbol = Self { components };
        symbol.is_valid().then_some(symbol)
    }

    /// The grammar: a series of capital letters first, at least one number, suffixes only at the
    /// end (stacked suffixes after a number or another suffix), `INF` followed by its number.
    fn is_valid(&self) -> bool {
        let c = &self.components;
        let Some(first) = c.first() else {
            return false;
        };
        if c.len() < 2
            || !first.chars().all(|ch| ch.is_ascii_uppercase())
            || !c.iter().any(|p| p.bytes().any(|b| b.is_ascii_digit()))
        {
            return false;
        }
        let mut in_suffixes = false;
        for (i, part) in c.iter().enumerate().skip(1) {
            let stacked = stacked_kind(part).is_some();
            if stacked {
                // a stacked suffix has its own number and follows a document number (not a
                // lone year or session) or another suffix
                let prev = &c[i - 1];
                let numbers_before = c[..i].iter().filter(|p| is_number(p)).count();
                let after_number = is_number(prev) && numbers_before >= 2;
                let after_suffix = in_suffixes || (prev.contains('.') && is_suffix_word(prev));
                if !part.contains('.') || !(after_number || after_suffix) {
                    return false;
                }
                in_suffixes = true;
            } else if in_suffixes || (part == "INF" && c.get(i + 1).is_none_or(|n| !is_number(n))) {
                // nothing but suffixes after the first suffix; INF has its number after it
                return false;
            }
        }
        // a mixed-case word that is not a known suffix is not a symbol component
        c.iter().all(|p| {
            let word = p.split('.').next().unwrap_or(p);
            stacked_kind(p).is_some()
                || word.bytes().all(|b| b.is_ascii_digit())
                || word.bytes().all(|b| b.is_ascii_uppercase())
        })
    }

    /// The components, in canonical spelling.
    pub fn components(&self) -> &[String] {
        &self.components
    }

    /// The body of the Conference of the Parties to UNTOC the symbol belongs to: `wg7` for
    /// `CTOC/COP/WG.7/…`, `cop` for `CTOC/COP/…`; `None` for any other series.
    pub fn body_key(&self) -> Option<String> {
        match self.components.as_slice() {
            [ctoc, cop, rest @ ..] if ctoc == "CTOC" && cop == "COP" => {
                match rest.first().and_then(|p| p.strip_prefix("WG.")) {
                    Some(n) => Some(format!("wg{n}")),
                    None => Some("cop".to_owned()),
                }
            }
            _ => None,
        }
    }

    /// The year component (`2020` in `CTOC/COP/WG.7/2020/3`), if the symbol has one.
    pub fn year(&self) -> Option<u16> {
        self.components
            .iter()
            .skip(1)
            .filter(|p| p.len() == 4)
            .filter_map(|p| p.parse::<u16>().ok())
            .find(|y| (1945..=2100).contains(y))
    }

    /// The kind of the last suffix, if the symbol ends in one.
    pub fn kind(&self) -> Option<SuffixKind> {
        let last = self.components.last()?;
        if let Some(kind) = stacked_kind(last) {
            return Some(kind);
        }
        let word = last.split_once('.').map(|(w, _)| w);
        match word {
            Some("L") => Some(SuffixKind::Limited),
            Some("CRP") => Some(SuffixKind::ConferenceRoomPaper),
            Some("INF") => Some(SuffixKind::Information),
            _ => {
                let n = self.components.len();
                (n >= 2 && self.components[n - 2] == "INF" && is_number(last))
                    .then_some(SuffixKind::Information)
            }
        }
    }

    /// The document an addendum, revision, corrigendum or amendment belongs to: the symbol
    /// without its last suffix.
    pub fn amends(&self) -> Option<Symbol> {
        self.kind().filter(|k| k.amends())?;
        let components = self.components[..self.components.len() - 1].to_vec();
        Some(Self { components })
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.components.join("/"))
    }
}

impl std::str::FromStr for Symbol {
    type Err = NotASymbol;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| NotASymbol(s.to_owned()))
    }
}

/// Text that is not a UN document symbol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a UN document symbol: {0:?}")]
pub struct NotASymbol(pub String);

/// The canonical spelling of a word component: stacked suffixes capitalised (`Add`), others in
/// capitals (`crp` → `CRP`); the series must already be in capitals.
fn canonical_word(word: &str, series: bool) -> Option<String> {
    if series {
        return word
            .bytes()
            .all(|b| b.is_ascii_uppercase())
            .then(|| word.to_owned());
    }
    let lower = word.to_ascii_lowercase();
    if let Some((_, canonical, _)) = STACKED.iter().find(|(l, _, _)| *l == lower) {
        return Some((*canonical).to_owned());
    }
    if ["crp", "inf"].contains(&lower.as_str()) {
        return Some(word.to_ascii_uppercase());
    }
    Some(word.to_owned())
}

/// The kind of a stacked suffix component (`Add.1`).
fn stacked_kind(part: &str) -> Option<SuffixKind> {
    let word = part.split('.').next()?;
    STACKED
        .iter()
        .find(|(_, canonical, _)| *canonical == word)
        .map(|(_, _, kind)| *kind)
}

/// `L.1`, `CRP.1`, `INF.1`: a suffix that other suffixes may stack on.
fn is_suffix_word(part: &str) -> bool {
    matches!(part.split('.').next(), Some("L" | "CRP" | "INF"))
}

fn is_number(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sym(text: &str) -> Symbol {
        Symbol::parse(text).unwrap_or_else(|| panic!("{text:?} should parse"))
    }

    #[test]
    fn parses_and_prints_canonically() {
        for (text, canonical) in [
            ("CTOC/COP/WG.7/2020/3", "CTOC/COP/WG.7/2020/3"),
            ("CTOC/COP/2012/15", "CTOC/COP/2012/15"),
            ("A/RES/55/25", "A/RES/55/25"),
            ("E/CN.15/2020/1", "E/CN.15/2020/1"),
            (
                "CTOC/COP/WG.4/2011/2/Add.1/Corr.1",
                "CTOC/COP/WG.4/2011/2/Add.1/Corr.1",
            ),
            ("CTOC/COP/WG.7/ 2013/4", "CTOC/COP/WG.7/2013/4"),
            ("CTOC/COP/WG.7/\n2013/4", "CTOC/COP/WG.7/2013/4"),
            ("CTOC／COP／WG.7／2024／1。", "CTOC/COP/WG.7/2024/1"),
            ("CTOC/COP/WG.7/2024/1.", "CTOC/COP/WG.7/2024/1"),
            ("CTOC/COP/2020/L.1", "CTOC/COP/2020/L.1"),
            ("CTOC/COP/2020/L.1/Add.2", "CTOC/COP/2020/L.1/Add.2"),
            ("CTOC/COP/WG.7/2024/CRP.1", "CTOC/COP/WG.7/2024/CRP.1"),
            ("CTOC/COP/2020/INF/1", "CTOC/COP/2020/INF/1"),
            ("A/CONF.222/INF.1", "A/CONF.222/INF.1"),
            ("CTOC/COP/2008/1/ADD.1", "CTOC/COP/2008/1/Add.1"),
            ("CTOC/COP/WG.4/2010/2/Rev.1", "CTOC/COP/WG.4/2010/2/Rev.1"),
            ("CTOC/COP/2018/9/Amend.1", "CTOC/COP/2018/9/Amend.1"),
            ("CTOC/COP/WG. 6/2015/2", "CTOC/COP/WG.6/2015/2"),
            ("CTOC/COP/2004/6*", "CTOC/COP/2004/6"),
            ("A/55/383", "A/55/383"),
        ] {
            assert_eq!(sym(text).to_string(), canonical, "{text:?}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_symbol() {
        for text in [
            "2020/3",
            "5/3",
            "4/4",
            "CTOC/COP",
            "and/or",
            "UN/DESA",
            "CTOC/COP/WG.7/2020/3 and more",
            "CTOC/COP/2020/Add.1",
            "CTOC/COP/2020/INF",
            "ctoc/cop/2020/1",
            "CTOC/COP/2020/1/Add.1/3",
            "",
        ] {
            assert_eq!(Symbol::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn knows_its_body_year_and_kind() {
        type Case = (
            &'static str,
            Option<&'static str>,
            Option<u16>,
            Option<SuffixKind>,
        );
        let cases: [Case; 10] = [
            ("CTOC/COP/WG.7/2020/3", Some("wg7"), Some(2020), None),
            ("CTOC/COP/WG.4/2009/2", Some("wg4"), Some(2009), None),
            ("CTOC/COP/2012/15", Some("cop"), Some(2012), None),
            ("A/RES/55/25", None, None, None),
            ("E/CN.15/2020/1", None, Some(2020), None),
            (
                "CTOC/COP/WG.4/2011/2/Add.1/Corr.1",
                Some("wg4"),
                Some(2011),
                Some(SuffixKind::Corrigendum),
            ),
            (
                "CTOC/COP/2020/L.1",
                Some("cop"),
                Some(2020),
                Some(SuffixKind::Limited),
            ),
            (
                "CTOC/COP/WG.6/2019/CRP.2",
                Some("wg6"),
                Some(2019),
                Some(SuffixKind::ConferenceRoomPaper),
            ),
            (
                "CTOC/COP/2020/INF/1",
                Some("cop"),
                Some(2020),
                Some(SuffixKind::Information),
            ),
            (
                "CTOC/COP/2010/3/Rev.2",
                Some("cop"),
                Some(2010),
                Some(SuffixKind::Revision),
            ),
        ];
        for (text, body, year, kind) in cases {
            let s = sym(text);
            assert_eq!(s.body_key().as_deref(), body, "{text}");
            assert_eq!(s.year(), year, "{text}");
            assert_eq!(s.kind(), kind, "{text}");
        }
    }

    #[test]
    fn an_amending_document_belongs_to_the_symbol_without_its_last_suffix() {
        let amends = |t: &str| sym(t).amends().map(|s| s.to_string());
        assert_eq!(
            amends("CTOC/COP/WG.4/2011/2/Add.1/Corr.1").as_deref(),
            Some("CTOC/COP/WG.4/2011/2/Add.1")
        );
        assert_eq!(
            amends("CTOC/COP/WG.4/2011/2/Add.1").as_deref(),
            Some("CTOC/COP/WG.4/2011/2")
        );
        assert_eq!(
            amends("CTOC/COP/2010/3/Rev.2").as_deref(),
            Some("CTOC/COP/2010/3")
        );
        assert_eq!(amends("CTOC/COP/2020/L.1"), None);
        assert_eq!(amends("CTOC/COP/WG.7/2020/3"), None);
    }

    #[test]
    fn finds_symbols_in_running_text() {
        let text = "（见CTOC/COP/WG.7/2013/4和CTOC/COP/WG.7/\n2013/5/Add.1），依照第5/3号决议；\n\
                    documents A/RES/55/25, E/CN.15/2020/1. and CTOC/COP/2020/3and";
        let found: Vec<(String, String)> = Symbol::find_all(text)
            .into_iter()
            .map(|(r, s)| (text[r].to_owned(), s.to_string()))
            .collect();
        assert_eq!(
            found,
            [
                ("CTOC/COP/WG.7/2013/4", "CTOC/COP/WG.7/2013/4"),
                ("CTOC/COP/WG.7/\n2013/5/Add.1", "CTOC/COP/WG.7/2013/5/Add.1"),
                ("A/RES/55/25", "A/RES/55/25"),
                ("E/CN.15/2020/1", "E/CN.15/2020/1"),
                ("CTOC/COP/2020/3", "CTOC/COP/2020/3"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn reads_file_names_of_the_document_system() {
        let read =
            |n: &str| Symbol::from_file_name(n).map(|(s, l)| (s.to_string(), l.map(|l| l.code())));
        assert_eq!(
            read("CTOC_COP_WG.7_2020_3_E.pdf"),
            Some(("CTOC/COP/WG.7/2020/3".to_owned(), Some("en")))
        );
        assert_eq!(
            read("CTOC_COP_WG.4_2011_2_Add.1-C.docx"),
            Some(("CTOC/COP/WG.4/2011/2/Add.1".to_owned(), Some("zh")))
        );
        assert_eq!(
            read("downloads/CTOC_COP_2012_15_S.pdf"),
            Some(("CTOC/COP/2012/15".to_owned(), Some("es")))
        );
        assert_eq!(
            read("CTOC_COP_WG.7_2024_CRP.1_A.pdf"),
            Some(("CTOC/COP/WG.7/2024/CRP.1".to_owned(), Some("ar")))
        );
        assert_eq!(
            read("CTOC_COP_2020_INF_1-R.pdf"),
            Some(("CTOC/COP/2020/INF/1".to_owned(), Some("ru")))
        );
        assert_eq!(
            read("E_CN.15_2020_1_F.doc"),
            Some(("E/CN.15/2020/1".to_owned(), Some("fr")))
        );
        assert_eq!(
            read("CTOC_COP_WG.7_2020_3.pdf"),
            Some(("CTOC/COP/WG.7/2020/3".to_owned(), None))
        );
        assert_eq!(read("V2004567.pdf"), None);
        assert_eq!(read("report_2020_E.pdf"), None);
    }
}
