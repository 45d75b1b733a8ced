//! The front page of a UN document: symbol, dates, languages, body, session, type, title and
//! job number, in any of the six UN languages.
//!
//! [`read`] takes a whole document in the normaliser's form (one printed line a line, see
//! [`crate::formats`]) and reads its front matter: the lines before the first numbered paragraph
//! or chapter heading, and the `*` footnote of the front page that gives the agenda's symbol.
//! Every value keeps the 1-based line it was read from.
//!
//! The masthead block (`Distr.: General`, the date, the language, `Original: English`) is
//! printed in English on the Arabic, Chinese and Russian versions and in the version's own
//! language on the French and Spanish ones; both forms are read for every language.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::Date;
use crate::numerals;
use crate::symbol::{SuffixKind, Symbol};

/// The six official languages of the United Nations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Language {
    /// Arabic.
    Ar,
    /// Chinese.
    Zh,
    /// English.
    En,
    /// French.
    Fr,
    /// Russian.
    Ru,
    /// Spanish.
    Es,
}

/// Each language's name in the six languages, in the order of [`Language::ALL`] both ways.
const NAMES: [[&str; 6]; 6] = [
    [
        "العربية",
        "阿拉伯文",
        "Arabic",
        "arabe",
        "арабский",
        "árabe",
    ],
    [
        "الصينية",
        "中文",
        "Chinese",
        "chinois",
        "китайский",
        "chino",
    ],
    [
        "الإنكليزية",
        "英文",
        "English",
        "anglais",
        "английский",
        "inglés",
    ],
    [
        "الفرنسية",
        "法文",
        "French",
        "français",
        "французский",
        "francés",
    ],
    ["الروسية", "俄文", "Russian", "russe", "русский", "ruso"],
    [
        "الإسبانية",
        "西班牙文",
        "Spanish",
        "espagnol",
        "испанский",
        "español",
    ],
];

/// Arabic names without `ال`/`بال` and the adjective ending, and other spellings met in print.
const OTHER_NAMES: [(&str, Language); 16] = [
    ("عرب", Language::Ar),
    ("صين", Language::Zh),
    ("إنكليز", Language::En),
    ("انكليز", Language::En),
    ("إنجليز", Language::En),
    ("انجليز", Language::En),
    ("فرنس", Language::Fr),
    ("روس", Language::Ru),
    ("إسبان", Language::Es),
    ("اسبان", Language::Es),
    ("汉语", Language::Zh),
    ("英语", Language::En),
    ("法语", Language::Fr),
    ("俄语", Language::Ru),
    ("西班牙语", Language::Es),
    ("阿拉伯语", Language::Ar),
];

impl Language {
    /// The six, in the UN's order (Arabic, Chinese, English, French, Russian, Spanish).
    pub const ALL: [Language; 6] = [
        Language::Ar,
        Language::Zh,
        Language::En,
        Language::Fr,
        Language::Ru,
        Language::Es,
    ];

    /// The ISO 639-1 code: `ar`, `zh`, `en`, `fr`, `ru`, `es`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ar => "ar",
            Self::Zh => "zh",
            Self::En => "en",
            Self::Fr => "fr",
            Self::Ru => "ru",
            Self::Es => "es",
        }
    }

    /// The language of an ISO 639-1 code, in any case.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The letter the UN gives it in job numbers and file names: A C E F R S.
    pub fn letter(self) -> char {
        match self {
            Self::Ar => 'A',
            Self::Zh => 'C',
            Self::En => 'E',
            Self::Fr => 'F',
            Self::Ru => 'R',
            Self::Es => 'S',
        }
    }

    /// The language of a job-number or file-name letter.
    pub fn from_letter(letter: char) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.letter() == letter)
    }

    /// Its name written in `other` (`Language::Zh.name_in(Language::Fr)` is `chinois`).
    pub fn name_in(self, other: Language) -> &'static str {
        NAMES[self as usize][other as usize]
    }

    /// The language a name stands for, in any of the six languages and any case:
    /// `Chinese`, `Chinois`, `Chino`, `Китайский`, `صيني`, `بالإنكليزية`, `中文`.
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name
            .trim()
            .trim_end_matches(['.', ',', ';', '*', '،'])
            .trim()
            .to_lowercase();
        if name.is_empty() {
            return None;
        }
        if let Some(l) = Self::ALL
            .into_iter()
            .find(|l| NAMES[*l as usize].iter().any(|n| n.to_lowercase() == name))
        {
            return Some(l);
        }
        let arabic = name
            .strip_prefix("بال")
            .or_else(|| name.strip_prefix("ال"))
            .unwrap_or(&name);
        let arabic = arabic
            .strip_suffix("ية")
            .or_else(|| arabic.strip_suffix('ي'))
            .unwrap_or(arabic);
        OTHER_NAMES
            .iter()
            .find(|(n, _)| *n == arabic || *n == name)
            .map(|(_, l)| *l)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A value read from the front page, with the 1-based line it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<T> {
    /// The value.
    pub value: T,
    /// The 1-based line of the document it was read from (its first line, if it spans several).
    pub line: usize,
}

/// Who may see the document (`Distr.: General`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Distribution {
    /// General distribution.
    General,
    /// Limited distribution (drafts, `L.` documents).
    Limited,
    /// Restricted distribution.
    Restricted,
}

impl Distribution {
    /// `general`, `limited`, `restricted`.
    pub fn key(self) -> &'static str {
        match self {
            Self::General => "general",
            Self::Limited => "limited",
            Self::Restricted => "restricted",
        }
    }
}

/// What kind of document the front page says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocType {
    /// The report of a meeting or session.
    Report,
    /// A draft report, adopted at the meeting.
    DraftReport,
    /// The provisional agenda.
    Agenda,
    /// The provisional agenda with its annotations.
    AnnotatedAgenda,
    /// A background paper prepared by the Secretariat.
    BackgroundPaper,
    /// A note by the Secretariat.
    Note,
    /// A conference room paper.
    ConferenceRoomPaper,
    /// The list of participants.
    ListOfParticipants,
    /// A corrigendum to another document.
    Corrigendum,
    /// An addendum to another document.
    Addendum,
    /// A thematic summary prepared by the Secretariat.
    ThematicSummary,
}

impl DocType {
    /// The key used in the graph and the tests: `report`, `background-paper`, …
    pub fn key(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::DraftReport => "draft-report",
            Self::Agenda => "agenda",
            Self::AnnotatedAgenda => "annotated-agenda",
            Self::BackgroundPaper => "background-paper",
            Self::Note => "note",
            Self::ConferenceRoomPaper => "conference-room-paper",
            Self::ListOfParticipants => "list-of-participants",
            Self::Corrigendum => "corrigendum",
            Self::Addendum => "addendum",
            Self::ThematicSummary => "thematic-summary",
        }
    }
}

/// A job number (`V.20-04567`), the language letter after it if printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobNumber {
    /// The number, normalised: `V.20-04567`.
    pub number: String,
    /// The language of the version it numbers (`(C)`).
    pub language: Option<Language>,
}

/// The meeting the document is for, as its front page states it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Session {
    /// Its ordinal (`Eleventh meeting` → 11).
    pub ordinal: Option<Field<u32>>,
    /// Its first and last day (the same for a one-day meeting).
    pub dates: Option<Field<(Date, Date)>>,
    /// The venue as printed (`Vienna`, `Vienne`, `维也纳`).
    pub venue: Option<Field<String>>,
}

/// What the front page of a document states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Masthead {
    /// The document's symbol.
    pub symbol: Option<Field<Symbol>>,
    /// Its distribution.
    pub distribution: Option<Field<Distribution>>,
    /// Its date of distribution.
    pub date: Option<Field<Date>>,
    /// The language of this version.
    pub language: Option<Field<Language>>,
    /// The language it was written in.
    pub original: Option<Field<Language>>,
    /// The body it is a document of: `wg7`, `wg4`, `wg6`, `wg3`, `wg2`, `cop`; from the body's
    /// name in the heading, else from the symbol.
    pub body: Option<Field<String>>,
    /// The meeting it is for.
    pub session: Session,
    /// The agenda item it is submitted under (`2`, `3 (b)`).
    pub agenda_item: Option<Field<String>>,
    /// The symbol of the provisional agenda, from the `*` footnote of the agenda line.
    pub agenda_symbol: Option<Field<Symbol>>,
    /// What kind of document it is.
    pub doc_type: Option<Field<DocType>>,
    /// Its title as printed, wrapped lines joined.
    pub title: Option<Field<String>>,
    /// Its job number.
    pub job_number: Option<Field<JobNumber>>,
}

impl Masthead {
    /// Every value as `(name, value, line)`, for reports and for comparing with expected files:
    /// `("date", "2009-04-21", 7)`.
    pub fn entries(&self) -> Vec<(&'static str, String, usize)> {
        fn pair<T>(
            field: &Option<Field<T>>,
            show: impl Fn(&T) -> String,
        ) -> Option<(String, usize)> {
            field.as_ref().map(|f| (show(&f.value), f.line))
        }
        let job_language = self
            .job_number
            .as_ref()
            .and_then(|j| j.value.language.map(|l| (l.code().to_owned(), j.line)));
        [
            ("symbol", pair(&self.symbol, Symbol::to_string)),
            (
                "distribution",
                pair(&self.distribution, |d| d.key().to_owned()),
            ),
            ("date", pair(&self.date, Date::to_string)),
            ("language", pair(&self.language, |l| l.code().to_owned())),
            ("original", pair(&self.original, |l| l.code().to_owned())),
            ("body", pair(&self.body, String::clone)),
            ("ordinal", pair(&self.session.ordinal, u32::to_string)),
            (
                "session-start",
                pair(&self.session.dates, |d| d.0.to_string()),
            ),
            (
                "session-end",
                pair(&self.session.dates, |d| d.1.to_string()),
            ),
            ("venue", pair(&self.session.venue, String::clone)),
            ("agenda-item", pair(&self.agenda_item, String::clone)),
            (
                "agenda-symbol",
                pair(&self.agenda_symbol, Symbol::to_string),
            ),
            ("doc-type", pair(&self.doc_type, |t| t.key().to_owned())),
            ("title", pair(&self.title, String::clone)),
            ("job-number", pair(&self.job_number, |j| j.number.clone())),
            ("job-language", job_language),
        ]
        .into_iter()
        .filter_map(|(name, v)| v.map(|(value, line)| (name, value, line)))
        .collect()
    }
}

// ---- dates in six languages ----

/// Month names as the six languages print them in dates, in lower case, with their number.
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    ("كانون الثاني/يناير", 1),
    ("شباط/فبراير", 2),
    ("آذار/مارس", 3),
    ("نيسان/أبريل", 4),
    ("أيار/مايو", 5),
    ("حزيران/يونيه", 6),
    ("حزيران/يونيو", 6),
    ("تموز/يوليه", 7),
    ("تموز/يوليو", 7),
    ("آب/أغسطس", 8),
    ("أيلول/سبتمبر", 9),
    ("تشرين الأول/أكتوبر", 10),
    ("تشرين الثاني/نوفمبر", 11),
    ("كانون الأول/ديسمبر", 12),
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("مايو", 5),
    ("يونيه", 6),
    ("يونيو", 6),
    ("يوليه", 7),
    ("يوليو", 7),
    ("أغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
];

fn month_number(name: &str) -> Option<u8> {
    let name = name.to_lowercase();
    let name: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = name
        .replace(" / ", "/")
        .replace("/ ", "/")
        .replace(" /", "/");
    MONTHS.iter().find(|(m, _)| *m == name).map(|(_, n)| *n)
}

/// The month alternation, longest names first; an Arabic compound name may have spaces round
/// its slash.
static MONTH_ALT: LazyLock<String> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTHS.iter().map(|(m, _)| *m).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names
        .iter()
        .map(|n| {
            regex::escape(n)
                .replace('/', r"\s*/\s*")
                .replace(' ', r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|")
});

/// Words and signs between the two days of a range.
const RANGE_SEP: &str =
    r"(?:\s*[-–—‑]\s*|\s+(?:and|to|et|au|y|a|al|и|по)\s+|\s*و\s*|\s+إلى\s+|\s+to\s+)";

/// `11 and 12 July 2024`, `30 May–1 June 2012`, `15 a 19 de octubre de 2012`,
/// `27-29 января 2010 года`, `11 و12 تموز/يوليه 2024`.
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let m = MONTH_ALT.as_str();
    Regex::new(&format!(
        r"(?i)(?P<d1>\d{{1,2}})(?:er|º)?(?:\s+(?:de\s+)?(?P<m1>{m})(?:\s+(?:de\s+)?(?P<y1>\d{{4}}))?)?{RANGE_SEP}(?P<d2>\d{{1,2}})(?:er|º)?\s+(?:de\s+)?(?P<m2>{m})\s*,?\s+(?:de\s+)?(?P<y2>\d{{4}})(?:\s*(?:года|г\.))?"
    ))
    .expect("valid regex")
});

/// `21 April 2009`, `21 avril 2009`, `21 de abril de 2009`, `21 апреля 2009 года`,
/// `21 نيسان/أبريل 2009`.
static SINGLE: LazyLock<Regex> = LazyLock::new(|| {
    let m = MONTH_ALT.as_str();
    Regex::new(&format!(
        r"(?i)(?P<d>\d{{1,2}})(?:er|º)?\s+(?:de\s+)?(?P<m>{m})\s*,?\s+(?:de\s+)?(?P<y>\d{{4}})(?:\s*(?:года|г\.))?"
    ))
    .expect("valid regex")
});

/// `2009年4月21日`, `2009年4月14日和15日`, `2012 年 5 月 30 日至 6 月 1 日`.
static CHINESE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(?:至|到|和|及|-|–)\s*(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日)?",
    )
    .expect("valid regex")
});

/// The first date or range of dates in `text`, with its byte range.
pub(crate) fn first_dates(text: &str) -> Option<((Date, Date), std::ops::Range<usize>)> {
    let num = |caps: &regex::Captures<'_>, name: &str| {
        caps.name(name).and_then(|m| m.as_str().parse::<u16>().ok())
    };
    let mut found: Vec<((Date, Date), std::ops::Range<usize>)> = Vec::new();
    if let Some(c) = RANGE.captures(text) {
        let y2 = num(&c, "y2");
        let m2 = c.name("m2").and_then(|m| month_number(m.as_str()));
        let m1 = c.name("m1").and_then(|m| month_number(m.as_str())).or(m2);
        let y1 = num(&c, "y1").or(y2);
        let day = |n| num(&c, n).and_then(|d| u8::try_from(d).ok());
        if let (Some(y1), Some(m1), Some(d1), Some(y2), Some(m2), Some(d2)) =
            (y1, m1, day("d1"), y2, m2, day("d2"))
            && let (Some(start), Some(end)) = (Date::new(y1, m1, d1), Date::new(y2, m2, d2))
            && start <= end
        {
            found.push(((start, end), c.get(0).map_or(0..0, |m| m.range())));
        }
    }
    if let Some(c) = SINGLE.captures(text)
        && let (Some(y), Some(m), Some(d)) = (
            num(&c, "y"),
            c.name("m").and_then(|m| month_number(m.as_str())),
            num(&c, "d").and_then(|d| u8::try_from(d).ok()),
        )
        && let Some(date) = Date::new(y, m, d)
    {
        found.push(((date, date), c.get(0).map_or(0..0, |m| m.range())));
    }
    if let Some(c) = CHINESE.captures(text) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u16>().ok());
        let small = |i: usize| n(i).and_then(|v| u8::try_from(v).ok());
        if let (Some(y), Some(m), Some(d)) = (n(1), small(2), small(3))
            && let Some(start) = Date::new(y, m, d)
        {
            let end = match small(6) {
                Some(d2) => Date::new(n(4).unwrap_or(y), small(5).unwrap_or(m), d2),
                None => Some(start),
            };
            if let Some(end) = end.filter(|e| *e >= start) {
                found.push(((start, end), c.get(0).map_or(0..0, |m| m.range())));
            }
        }
    }
    // the earliest; at the same start, the longest (a range over the single date it begins with)
    found
        .into_iter()
        .min_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)))
}

/// `text` is a date or a range of dates and nothing else.
fn whole_dates(text: &str) -> Option<(Date, Date)> {
    let text = text.trim();
    first_dates(text)
        .filter(|(_, r)| r.start == 0 && r.end == text.len())
        .map(|(d, _)| d)
}

// ---- the other patterns of the front page ----

/// `Distr.: General`, `Distr. générale`, `Distr. general`, `Distr. LIMITADA`, `RESTRICTED`.
static DISTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:Distr\.?\s*:?\s*)?(general|générale|generale|limited|limitée|limitada|restricted|restreinte|reservada)\b\s*\*?(?:\s|$)")
        .expect("valid regex")
});

/// The distribution word must follow `Distr.` unless it is a line of its own.
static DISTR_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^Distr\.").expect("valid regex"));

/// `Original: English`, `Original : anglais`, `Язык оригинала: английский`,
/// `الأصل: بالإنكليزية`, `原文：英文`.
static ORIGINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:Original|Язык\s+оригинала|الأصل|原文)\s*[:：]\s*(\S+)").expect("valid regex")
});

/// `V.20-04567 (C)`, `V2004567`, `V.05-87366 (S) 220805 230805`.
static JOB_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([VNG])\.?\s?(\d{2})-?(\d{5})\b(?:\s*\(([ACEFRS])\))?").expect("valid regex")
});

/// The agenda line in the six languages; group `item` is the item (`2`, `3 (b)`), `star` the
/// footnote mark.
static AGENDA_ITEM: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let item = r"(?P<item>\d{1,2}(?:\s*\([a-z]\))?)";
    let item_ar = r"(?P<item>\d{1,2}(?:\s*\([\p{Arabic}a-z]\))?)";
    [
        format!(r"(?i)^Items?\s+{item}\s+of\s+the\s+(?:provisional\s+)?agenda(?P<star>\*)?"),
        format!(
            r"(?i)^Points?\s+{item}\s+de\s+l['’]ordre\s+du\s+jour(?:\s+provisoire)?(?P<star>\*)?"
        ),
        format!(r"(?i)^Temas?\s+{item}\s+del\s+programa(?:\s+provisional)?(?P<star>\s*\*)?"),
        format!(r"(?i)^Пункты?\s+{item}\s+(?:предварительной\s+)?повестки\s+дня(?P<star>\*)?"),
        format!(r"^البند\s+{item_ar}\s+من\s+جدول\s+الأعمال(?:\s+المؤقت)?(?P<star>\*)?"),
        r"^临时议程\s*(?P<star>\*)?\s*项目\s*(?P<item>\d{1,2}(?:\s*\([a-z]\))?)".to_owned(),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("valid regex"))
    .collect()
});

/// Ordinals 1–15 as each language writes them before or after "meeting"/"session".
const ORDINALS_EN: [&str; 15] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
];
const ORDINALS_FR: [&str; 15] = [
    "premi(?:er|ère)",
    "(?:deuxième|seconde?)",
    "troisième",
    "quatrième",
    "cinquième",
    "sixième",
    "septième",
    "huitième",
    "neuvième",
    "dixième",
    "onzième",
    "douzième",
    "treizième",
    "quatorzième",
    "quinzième",
];
const ORDINALS_ES: [&str; 15] = [
    "primer[oa]?",
    "segund[oa]",
    "tercer[oa]?",
    "cuart[oa]",
    "quint[oa]",
    "sext[oa]",
    "s[ée]ptim[oa]",
    "octav[oa]",
    "noven[oa]",
    "d[ée]cim[oa]",
    "und[ée]cim[oa]",
    "duod[ée]cim[oa]",
    "decimotercer[oa]?",
    "decimocuart[oa]",
    "decimoquint[oa]",
];
const ORDINALS_RU: [&str; 15] = [
    "перв[а-яё]*",
    "втор[а-яё]*",
    "трет[а-яё]*",
    "четв[её]рт[а-яё]*",
    "пят[а-яё]*",
    "шест[а-яё]*",
    "седьм[а-яё]*",
    "восьм[а-яё]*",
    "девят[а-яё]*",
    "десят[а-яё]*",
    "одиннадцат[а-яё]*",
    "двенадцат[а-яё]*",
    "тринадцат[а-яё]*",
    "четырнадцат[а-яё]*",
    "пятнадцат[а-яё]*",
];
const ORDINALS_AR: [&str; 15] = [
    "الأول[ى]?",
    "الثاني[ة]?",
    "الثالث[ة]?",
    "الرابع[ة]?",
    "الخامس[ة]?",
    "السادس[ة]?",
    "السابع[ة]?",
    "الثامن[ة]?",
    "التاسع[ة]?",
    "العاشر[ة]?",
    "الحادي[ة]?\\s+عشر[ة]?",
    "الثاني[ة]?\\s+عشر[ة]?",
    "الثالث[ة]?\\s+عشر[ة]?",
    "الرابع[ة]?\\s+عشر[ة]?",
    "الخامس[ة]?\\s+عشر[ة]?",
];

/// One pattern per language for the ordinal of the meeting or session; each ordinal is a
/// group of its own, `o1` … `o15`.
static ORDINAL: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    // compound ordinals (eleventh…, الحادي عشر) are tried before the ones they begin with
    let alt = |words: &[&str]| {
        let mut groups: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, w)| format!("(?P<o{}>{w})", i + 1))
            .collect();
        groups.reverse();
        groups.join("|")
    };
    [
        format!(r"(?i)^(?:{})\s+(?:meeting|session)\b", alt(&ORDINALS_EN)),
        format!(r"(?i)^(?:{})\s+(?:réunion|session)\b", alt(&ORDINALS_FR)),
        format!(
            r"(?i)^(?:{})\s+(?:reunión|período\s+de\s+sesiones|periodo\s+de\s+sesiones)",
            alt(&ORDINALS_ES)
        ),
        format!(r"(?i)^(?:{})\s+(?:совещание|сессия)", alt(&ORDINALS_RU)),
        format!(r"^(?:الاجتماع|الدورة)\s+(?:{})(?:\s|$)", alt(&ORDINALS_AR)),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("valid regex"))
    .collect()
});

/// `第十一次会议`, `第六届会议`.
static ORDINAL_ZH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^第\s*([一二三四五六七八九十]+|\d+)\s*(?:次|届)会议").expect("valid regex")
});

/// The bodies' names in the six languages, working groups first; the pattern allows a line
/// break anywhere a space is.
const BODIES: &[(&str, &str)] = &[
    ("wg7", "Working Group on (?:the )?Smuggling of Migrants"),
    (
        "wg7",
        "Groupe de travail sur le trafic illicite de migrants",
    ),
    (
        "wg7",
        "Grupo de Trabajo sobre el Tráfico Ilícito de Migrantes",
    ),
    ("wg7", "Рабочая группа по незаконному ввозу мигрантов"),
    ("wg7", "الفريق العامل المعني بتهريب المهاجرين"),
    ("wg7", "偷运移民问题(?:不限成员名额政府间临时)?工作组"),
    ("wg4", "Working Group on Trafficking in Persons"),
    ("wg4", "Groupe de travail sur la traite des personnes"),
    ("wg4", "Grupo de Trabajo sobre la Trata de Personas"),
    ("wg4", "Рабочая группа по торговле людьми"),
    ("wg4", "الفريق العامل المعني بالاتجار بالأشخاص"),
    ("wg4", "贩运人口问题(?:不限成员名额)?工作组"),
    ("wg6", "Working Group on Firearms"),
    ("wg6", "Groupe de travail sur les armes à feu"),
    ("wg6", "Grupo de Trabajo sobre Armas de Fuego"),
    ("wg6", "Рабочая группа по огнестрельному оружию"),
    ("wg6", "الفريق العامل المعني بالأسلحة النارية"),
    ("wg6", "枪支问题工作组"),
    ("wg2", "Working Group on Technical Assistance"),
    ("wg2", "Groupe de travail sur l['’]assistance technique"),
    ("wg2", "Grupo de Trabajo sobre Asistencia Técnica"),
    ("wg2", "Рабочая группа по технической помощи"),
    ("wg2", "الفريق العامل المعني بالمساعدة التقنية"),
    ("wg2", "技术援助问题工作组"),
    ("wg3", "Working Group on International Cooperation"),
    ("wg3", "Groupe de travail sur la coopération internationale"),
    ("wg3", "Grupo de Trabajo sobre Cooperación Internacional"),
    ("wg3", "Рабочая группа по международному сотрудничеству"),
    ("wg3", "الفريق العامل المعني بالتعاون الدولي"),
    ("wg3", "国际合作问题工作组"),
    (
        "cop",
        "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
    ),
    (
        "cop",
        "Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale organisée",
    ),
    (
        "cop",
        "Conferencia de las Partes en la Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional",
    ),
    (
        "cop",
        "Конференция участников Конвенции Организации Объединенных Наций против транснациональной организованной преступности",
    ),
    (
        "cop",
        "مؤتمر الأطراف في اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية",
    ),
    ("cop", r"联合国打击跨国有组织犯罪公约\s*缔约方会议"),
];

/// Each body's name as a pattern, its key the index into [`BODIES`].
static BODY: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    BODIES
        .iter()
        .map(|(_, name)| {
            let flexible = name.replace(' ', r"\s+");
            Regex::new(&format!("(?i){flexible}")).expect("valid regex")
        })
        .collect()
});

/// Lines that name the organisation only.
const ORGANISATION: [&str; 6] = [
    "united nations",
    "nations unies",
    "naciones unidas",
    "организация объединенных наций",
    "الأمم المتحدة",
    "联合国",
];

/// Lines that state the type and nothing else, in the six languages.
const TYPE_LINES: &[(DocType, &str)] = &[
    (
        DocType::BackgroundPaper,
        "background paper prepared by the secretariat",
    ),
    (
        DocType::BackgroundPaper,
        "document d'information établi par le secrétariat",
    ),
    (
        DocType::BackgroundPaper,
        "documento de antecedentes preparado por la secretaría",
    ),
    (
        DocType::BackgroundPaper,
        "справочный документ, подготовленный секретариатом",
    ),
    (
        DocType::BackgroundPaper,
        "ورقة معلومات أساسية من إعداد الأمانة",
    ),
    (
        DocType::BackgroundPaper,
        "ورقة معلومات خلفية من إعداد الأمانة",
    ),
    (DocType::BackgroundPaper, "秘书处编写的背景文件"),
    (
        DocType::ThematicSummary,
        "thematic summary prepared by the secretariat",
    ),
    (
        DocType::ThematicSummary,
        "résumé thématique établi par le secrétariat",
    ),
    (
        DocType::ThematicSummary,
        "resumen temático preparado por la secretaría",
    ),
    (
        DocType::ThematicSummary,
        "тематическое резюме, подготовленное секретариатом",
    ),
    (DocType::ThematicSummary, "موجز مواضيعي من إعداد الأمانة"),
    (DocType::ThematicSummary, "秘书处编写的专题概要"),
    (DocType::Note, "note by the secretariat"),
    (DocType::Note, "note du secrétariat"),
    (DocType::Note, "note by the secretary-general"),
    (DocType::Note, "note du secrétaire général"),
    (DocType::Note, "nota de la secretaría"),
    (DocType::Note, "записка секретариата"),
    (DocType::Note, "مذكرة من الأمانة"),
    (DocType::Note, "مذكرة من الأمانة العامة"),
    (DocType::Note, "秘书处的说明"),
    (DocType::AnnotatedAgenda, "annotated provisional agenda"),
    (
        DocType::AnnotatedAgenda,
        "provisional agenda and annotations",
    ),
    (DocType::AnnotatedAgenda, "ordre du jour provisoire annoté"),
    (
        DocType::AnnotatedAgenda,
        "ordre du jour provisoire et annotations",
    ),
    (DocType::AnnotatedAgenda, "programa provisional anotado"),
    (
        DocType::AnnotatedAgenda,
        "programa provisional y anotaciones",
    ),
    (
        DocType::AnnotatedAgenda,
        "аннотированная предварительная повестка дня",
    ),
    (
        DocType::AnnotatedAgenda,
        "предварительная повестка дня и аннотации",
    ),
    (DocType::AnnotatedAgenda, "جدول الأعمال المؤقت المشروح"),
    (DocType::AnnotatedAgenda, "جدول الأعمال المؤقت وشروحه"),
    (DocType::AnnotatedAgenda, "附说明的临时议程"),
    (DocType::AnnotatedAgenda, "临时议程和说明"),
    (DocType::Agenda, "provisional agenda"),
    (DocType::Agenda, "ordre du jour provisoire"),
    (DocType::Agenda, "programa provisional"),
    (DocType::Agenda, "предварительная повестка дня"),
    (DocType::Agenda, "جدول الأعمال المؤقت"),
    (DocType::Agenda, "临时议程"),
    (DocType::ListOfParticipants, "list of participants"),
    (DocType::ListOfParticipants, "liste des participants"),
    (DocType::ListOfParticipants, "lista de participantes"),
    (DocType::ListOfParticipants, "список участников"),
    (DocType::ListOfParticipants, "قائمة المشاركين"),
    (DocType::ListOfParticipants, "与会者名单"),
    (DocType::DraftReport, "draft report"),
    (DocType::DraftReport, "projet de rapport"),
    (DocType::DraftReport, "proyecto de informe"),
    (DocType::DraftReport, "проект доклада"),
    (DocType::DraftReport, "مشروع التقرير"),
    (DocType::DraftReport, "报告草稿"),
    (DocType::DraftReport, "报告草案"),
    (DocType::ConferenceRoomPaper, "conference room paper"),
    (DocType::ConferenceRoomPaper, "document de séance"),
    (DocType::ConferenceRoomPaper, "documento de sesión"),
    (DocType::ConferenceRoomPaper, "документ зала заседаний"),
    (DocType::ConferenceRoomPaper, "ورقة غرفة اجتماعات"),
    (DocType::ConferenceRoomPaper, "会议室文件"),
    (DocType::Corrigendum, "corrigendum"),
    (DocType::Corrigendum, "rectificatif"),
    (DocType::Corrigendum, "corrección"),
    (DocType::Corrigendum, "исправление"),
    (DocType::Corrigendum, "تصويب"),
    (DocType::Corrigendum, "更正"),
    (DocType::Addendum, "addendum"),
    (DocType::Addendum, "additif"),
    (DocType::Addendum, "adición"),
    (DocType::Addendum, "добавление"),
    (DocType::Addendum, "إضافة"),
    (DocType::Addendum, "增编"),
];

/// A title that says it is a draft report or a report: `Report on the meeting of …`,
/// `Rapport sur la réunion …`, `Доклад о работе …`, `…会议的报告`.
static REPORT_TITLE: LazyLock<[(DocType, Regex); 2]> = LazyLock::new(|| {
    [
        (
            DocType::DraftReport,
            Regex::new(r"(?i)^(?:Draft\s+report|Projet\s+de\s+rapport|Proyecto\s+de\s+informe|Проект\s+доклада|مشروع\s+(?:ال)?تقرير)\b|报告(?:草稿|草案)$").expect("valid regex"),
        ),
        (
            DocType::Report,
            Regex::new(r"(?i)^(?:Report\s+(?:of|on)|Rapport\s+(?:de|du|sur)|Informe\s+(?:de|del|sobre)|Доклад\s+(?:о|об)|تقرير)\s|的报告$").expect("valid regex"),
        ),
    ]
});

/// Where the front matter ends: a numbered paragraph, a chapter heading, the contents, the
/// summary.
static FRONT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\d{1,3}\.\s|\d{1,3}\s?-\s|[IVX]{1,5}\.\s|[一二三四五六七八九十]{1,3}\s*[.、．]|(?:أولا|أولاً|ثانيا|ثانياً)\s*[-–]|(?:contents|table des matières|índice|содержание|المحتويات|目录|summary|résumé|resumen|резюме|موجز|摘要)$)")
        .expect("valid regex")
});

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Digits as ASCII (Arabic-Indic, Eastern Arabic-Indic, full-width).
pub(crate) fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect()
}

/// A line made comparable with [`TYPE_LINES`]: lower case, one space between words, straight
/// apostrophes, no footnote mark or final stop.
fn type_key(line: &str) -> String {
    line.trim()
        .trim_end_matches(['*', '.', ':'])
        .to_lowercase()
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Joins wrapped lines: with a space between words, without one between Chinese characters.
fn join_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let glue = match (out.chars().next_back(), line.chars().next()) {
            (None, _) => false,
            (Some(a), Some(b)) => !(is_cjk(a) || is_cjk(b)),
            _ => true,
        };
        if glue {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// `venue, dates` or `dates，venue`: the session line.
fn session_line(line: &str) -> Option<((Date, Date), String)> {
    let venue_like = |v: &str| {
        let v = v.trim();
        !v.is_empty() && v.chars().count() <= 40 && !v.chars().any(|c| c.is_ascii_digit())
    };
    for sep in [',', '，', '،', '、'] {
        if let Some((a, b)) = line.split_once(sep) {
            if venue_like(a)
                && let Some(dates) = whole_dates(b)
            {
                return Some((dates, a.trim().to_owned()));
            }
            if venue_like(b)
                && let Some(dates) = whole_dates(a)
            {
                return Some((dates, b.trim().to_owned()));
            }
        }
    }
    None
}

fn ordinal(line: &str) -> Option<u32> {
    if let Some(c) = ORDINAL_ZH.captures(line) {
        let n = c.get(1)?.as_str();
        return n.parse().ok().or_else(|| numerals::parse_chinese(n));
    }
    ORDINAL.iter().find_map(|re| {
        let c = re.captures(line)?;
        (1..=15u32).find(|i| c.name(&format!("o{i}")).is_some())
    })
}

/// Reads the front page of a document in the normaliser's form.
pub fn read(text: &str) -> Masthead {
    let lines: Vec<String> = text.lines().map(ascii_digits).collect();
    let front_len = lines
        .iter()
        .position(|l| FRONT_END.is_match(l.trim()))
        .unwrap_or(lines.len())
        .min(80);
    let mut m = Masthead::default();
    // lines that belong to the heading, not to the title
    let mut heading = vec![false; front_len];
    let mut type_line: Option<usize> = None;
    let mut agenda_star = false;

    for (i, raw) in lines.iter().enumerate().take(front_len) {
        let line = raw.trim();
        let n = i + 1;
        if line.is_empty() || line.starts_with('*') || line.starts_with(['¹', '²', '³']) {
            continue;
        }
        let mut is_heading = false;
        if ORGANISATION.contains(&line.to_lowercase().as_str()) {
            is_heading = true;
        }
        if let Some(s) = Symbol::parse(line) {
            if m.symbol.is_none() {
                m.symbol = Some(Field { value: s, line: n });
            }
            is_heading = true;
        }
        if let Some(c) = DISTRIBUTION.captures(line)
            && (DISTR_PREFIX.is_match(line) || c.get(0).is_some_and(|g| g.len() == line.len()))
        {
            let word = c[1].to_lowercase();
            let value = if word.starts_with("gen") || word.starts_with("gén") {
                Distribution::General
            } else if word.starts_with("lim") {
                Distribution::Limited
            } else {
                Distribution::Restricted
            };
            if m.distribution.is_none() {
                m.distribution = Some(Field { value, line: n });
            }
            is_heading = true;
            // a flattened masthead keeps the date on the same line
            let rest = &line[c.get(0).map_or(0, |g| g.end())..];
            if m.date.is_none()
                && let Some(((date, end), r)) = first_dates(rest)
                && date == end
                && r.start == 0
            {
                m.date = Some(Field {
                    value: date,
                    line: n,
                });
            }
        }
        if let Some((start, end)) = whole_dates(line) {
            if m.date.is_none() && start == end {
                m.date = Some(Field {
                    value: start,
                    line: n,
                });
            } else if m.session.dates.is_none() {
                m.session.dates = Some(Field {
                    value: (start, end),
                    line: n,
                });
            }
            is_heading = true;
        }
        if let Some(l) = Language::from_name(line) {
            if m.language.is_none() {
                m.language = Some(Field { value: l, line: n });
            }
            is_heading = true;
        }
        if let Some(c) = ORIGINAL.captures(line) {
            // `Original: English/French/Spanish` (a list of participants): the first
            let first = c[1].split(['/', ',', '،']).next().unwrap_or("");
            if let Some(l) = Language::from_name(first)
                && m.original.is_none()
            {
                m.original = Some(Field { value: l, line: n });
            }
            // a flattened masthead: `Español Original: inglés`
            if let Some(before) = line.get(..c.get(0).map_or(0, |g| g.start()))
                && let Some(l) = Language::from_name(before.split_whitespace().last().unwrap_or(""))
                && m.language.is_none()
            {
                m.language = Some(Field { value: l, line: n });
            }
            is_heading = true;
        }
        if let Some(c) = JOB_NUMBER.captures(line) {
            if m.job_number.is_none() {
                m.job_number = Some(Field {
                    value: JobNumber {
                        number: format!("{}.{}-{}", &c[1], &c[2], &c[3]),
                        language: c
                            .get(4)
                            .and_then(|l| l.as_str().chars().next())
                            .and_then(Language::from_letter),
                    },
                    line: n,
                });
            }
            is_heading = true;
        }
        if let Some((dates, venue)) = session_line(line) {
            if m.session.dates.is_none() {
                m.session.dates = Some(Field {
                    value: dates,
                    line: n,
                });
                m.session.venue = Some(Field {
                    value: venue,
                    line: n,
                });
            }
            is_heading = true;
        }
        if let Some(o) = ordinal(line) {
            if m.session.ordinal.is_none() {
                m.session.ordinal = Some(Field { value: o, line: n });
            }
            is_heading = true;
        }
        if let Some(c) = AGENDA_ITEM.iter().find_map(|re| re.captures(line)) {
            if m.agenda_item.is_none() {
                let item: String = c["item"].split_whitespace().collect::<Vec<_>>().join(" ");
                m.agenda_item = Some(Field {
                    value: item,
                    line: n,
                });
                agenda_star = c.name("star").is_some();
            }
            is_heading = true;
        }
        let key = type_key(line);
        if let Some((t, _)) = TYPE_LINES.iter().find(|(_, phrase)| *phrase == key) {
            if m.doc_type.is_none() {
                m.doc_type = Some(Field { value: *t, line: n });
            }
            type_line.get_or_insert(i);
            is_heading = true;
        }
        heading[i] = is_heading;
    }

    read_body(&lines[..front_len], &mut heading, &mut m);

    // the title: the last block of lines after the heading and before the type line
    let title_end = type_line.unwrap_or(front_len);
    let heading_end = heading[..title_end]
        .iter()
        .rposition(|h| *h)
        .map_or(0, |i| i + 1);
    let mut blocks: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut current: Option<(usize, Vec<&str>)> = None;
    for (i, raw) in lines.iter().enumerate().take(title_end).skip(heading_end) {
        let line = raw.trim();
        if line.is_empty() || heading[i] || line.starts_with('*') {
            blocks.extend(current.take());
        } else {
            current
                .get_or_insert_with(|| (i + 1, Vec::new()))
                .1
                .push(line);
        }
    }
    blocks.extend(current.take());
    // a page with no heading at all is no front page: its first lines are no title
    let has_heading = heading[..title_end].iter().any(|h| *h) || type_line.is_some();
    if let Some((line, block)) = blocks.last().filter(|_| has_heading) {
        let title = join_lines(block);
        if m.doc_type.is_none()
            && let Some((t, _)) = REPORT_TITLE.iter().find(|(_, re)| re.is_match(&title))
        {
            m.doc_type = Some(Field {
                value: *t,
                line: *line,
            });
        }
        m.title = Some(Field {
            value: title,
            line: *line,
        });
    }

    // the type the symbol gives wins for corrigenda and addenda
    if let Some(s) = &m.symbol {
        let from_symbol = match s.value.kind() {
            Some(SuffixKind::Corrigendum) => Some(DocType::Corrigendum),
            Some(SuffixKind::Addendum) => Some(DocType::Addendum),
            Some(SuffixKind::ConferenceRoomPaper) if m.doc_type.is_none() => {
                Some(DocType::ConferenceRoomPaper)
            }
            _ => None,
        };
        if let Some(t) = from_symbol
            && m.doc_type.as_ref().is_none_or(|d| d.value != t)
        {
            m.doc_type = Some(Field {
                value: t,
                line: s.line,
            });
        }
        // the Conference's name heads every working group's documents: a working group's
        // symbol says more than that name
        let named_wg = m.body.as_ref().is_some_and(|b| b.value != "cop");
        if !named_wg
            && let Some(b) = s.value.body_key()
            && (b != "cop" || m.body.is_none())
        {
            m.body = Some(Field {
                value: b,
                line: s.line,
            });
        }
    }

    if agenda_star {
        m.agenda_symbol = lines.iter().enumerate().find_map(|(i, l)| {
            let l = l.trim();
            let rest = l.strip_prefix('*').filter(|r| !r.starts_with('*'))?;
            let (_, s) = Symbol::find_all(rest).into_iter().next()?;
            Some(Field {
                value: s,
                line: i + 1,
            })
        });
    }
    if m.job_number.is_none() {
        m.job_number = lines.iter().enumerate().skip(front_len).find_map(|(i, l)| {
            let c = JOB_NUMBER.captures(l)?;
            c.get(4)?;
            Some(Field {
                value: JobNumber {
                    number: format!("{}.{}-{}", &c[1], &c[2], &c[3]),
                    language: c[4].chars().next().and_then(Language::from_letter),
                },
                line: i + 1,
            })
        });
    }
    m
}

/// The body from its name in the heading: a working group's name wins over the Conference's,
/// which heads every working group's documents. Lines wholly taken by a name are heading lines.
fn read_body(lines: &[String], heading: &mut [bool], m: &mut Masthead) {
    let mut joined = String::new();
    let mut starts = Vec::with_capacity(lines.len());
    for line in lines {
        starts.push(joined.len());
        let line = line.trim();
        joined.push_str(line);
        joined.push('\n');
    }
    let line_of = |offset: usize| starts.partition_point(|s| *s <= offset).max(1) - 1;
    let mut first: Option<(usize, usize)> = None; // (index into BODIES, line index)
    for (b, re) in BODY.iter().enumerate() {
        for found in re.find_iter(&joined) {
            let (a, z) = (
                line_of(found.start()),
                line_of(found.end().saturating_sub(1)),
            );
            // the name fills its lines: part of the heading
            let whole =
                found.start() == starts[a] && (found.end() == starts[z] + lines[z].trim().len());
            if whole {
                for h in heading.iter_mut().take(z + 1).skip(a) {
                    *h = true;
                }
            }
            let better = match first {
                None => true,
                Some((fb, fl)) => {
                    let (wg, fwg) = (BODIES[b].0 != "cop", BODIES[fb].0 != "cop");
                    (wg && !fwg) || (wg == fwg && a < fl)
                }
            };
            if whole && better {
                first = Some((b, a));
            }
        }
    }
    if let Some((b, line)) = first {
        m.body = Some(Field {
            value: BODIES[b].0.to_owned(),
            line: line + 1,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).expect("a real date")
    }

    #[test]
    fn dates_in_six_languages() {
        for (text, start, end) in [
            ("21 April 2009", d(2009, 4, 21), d(2009, 4, 21)),
            ("21 avril 2009", d(2009, 4, 21), d(2009, 4, 21)),
            ("21 de abril de 2009", d(2009, 4, 21), d(2009, 4, 21)),
            ("21 апреля 2009 года", d(2009, 4, 21), d(2009, 4, 21)),
            ("21 نيسان/أبريل 2009", d(2009, 4, 21), d(2009, 4, 21)),
            ("2009年4月21日", d(2009, 4, 21), d(2009, 4, 21)),
            ("11 and 12 July 2024", d(2024, 7, 11), d(2024, 7, 12)),
            ("11 et 12 juillet 2024", d(2024, 7, 11), d(2024, 7, 12)),
            ("11 y 12 de julio de 2024", d(2024, 7, 11), d(2024, 7, 12)),
            ("11 и 12 июля 2024 года", d(2024, 7, 11), d(2024, 7, 12)),
            ("11 و12 تموز/يوليه 2024", d(2024, 7, 11), d(2024, 7, 12)),
            ("2024年7月11日和12日", d(2024, 7, 11), d(2024, 7, 12)),
            ("30 May–1 June 2012", d(2012, 5, 30), d(2012, 6, 1)),
            ("30 mai-1er juin 2012", d(2012, 5, 30), d(2012, 6, 1)),
            (
                "30 de mayo a 1 de junio de 2012",
                d(2012, 5, 30),
                d(2012, 6, 1),
            ),
            ("30 мая – 1 июня 2012 года", d(2012, 5, 30), d(2012, 6, 1)),
            (
                "30 أيار/مايو - 1 حزيران/يونيه 2012",
                d(2012, 5, 30),
                d(2012, 6, 1),
            ),
            (
                "2012 年 5 月 30 日至 6 月 1 日",
                d(2012, 5, 30),
                d(2012, 6, 1),
            ),
            ("27-29 января 2010 года", d(2010, 1, 27), d(2010, 1, 29)),
            (
                "15 a 19 de octubre de 2012",
                d(2012, 10, 15),
                d(2012, 10, 19),
            ),
            ("٢١ نيسان/أبريل ٢٠٠٩", d(2009, 4, 21), d(2009, 4, 21)),
        ] {
            assert_eq!(
                whole_dates(&ascii_digits(text)),
                Some((start, end)),
                "{text}"
            );
        }
        assert_eq!(whole_dates("31 April 2009"), None);
        assert_eq!(whole_dates("12 and 11 July 2024"), None);
    }

    #[test]
    fn language_names_in_six_languages() {
        for (name, l) in [
            ("Chinese", Language::Zh),
            ("Chinois", Language::Zh),
            ("Chino", Language::Zh),
            ("Китайский", Language::Zh),
            ("صيني", Language::Zh),
            ("中文", Language::Zh),
            ("anglais", Language::En),
            ("inglés", Language::En),
            ("английский", Language::En),
            ("بالإنكليزية", Language::En),
            ("英文", Language::En),
            ("Español", Language::Es),
            ("Français", Language::Fr),
            ("Russian", Language::Ru),
            ("عربي", Language::Ar),
        ] {
            assert_eq!(Language::from_name(name), Some(l), "{name}");
        }
        assert_eq!(Language::from_name("Vienna"), None);
        for l in Language::ALL {
            assert_eq!(Language::from_code(l.code()), Some(l));
            assert_eq!(Language::from_letter(l.letter()), Some(l));
            for other in Language::ALL {
                assert_eq!(Language::from_name(l.name_in(other)), Some(l));
            }
        }
    }

    #[test]
    fn ordinals_in_six_languages() {
        for (line, n) in [
            ("Eleventh meeting", 11),
            ("Onzième réunion", 11),
            ("Undécima reunión", 11),
            ("Одиннадцатое совещание", 11),
            ("الاجتماع الحادي عشر", 11),
            ("第十一次会议", 11),
            ("Sixth session", 6),
            ("Sexto período de sesiones", 6),
            ("Шестая сессия", 6),
            ("الدورة السادسة", 6),
            ("第六届会议", 6),
            ("Première réunion", 1),
        ] {
            assert_eq!(ordinal(line), Some(n), "{line}");
        }
    }

    #[test]
    fn agenda_lines_in_six_languages() {
        for (line, item, star) in [
            ("Item 2 of the provisional agenda*", "2", true),
            ("Item 3 (b) of the provisional agenda", "3 (b)", false),
            ("Point 2 de l'ordre du jour provisoire*", "2", true),
            ("Point 2 de l’ordre du jour provisoire*", "2", true),
            ("Tema 2 del programa provisional *", "2", true),
            ("Пункт 2 предварительной повестки дня*", "2", true),
            ("البند 2 من جدول الأعمال المؤقت*", "2", true),
            ("临时议程*项目2", "2", true),
            ("临时议程 项目 4", "4", false),
        ] {
            let caps = AGENDA_ITEM
                .iter()
                .find_map(|re| re.captures(line))
                .unwrap_or_else(|| panic!("{line}"));
            assert_eq!(&caps["item"], item, "{line}");
            assert_eq!(caps.name("star").is_some(), star, "{line}");
        }
        assert!(
            AGENDA_ITEM
                .iter()
                .all(|re| !re.is_match("The agenda was adopted"))
        );
    }

    #[test]
    fn type_lines_in_six_languages() {
        let cases = [
            (
                "Background paper prepared by the Secretariat",
                DocType::BackgroundPaper,
            ),
            (
                "Document d’information établi par le Secrétariat",
                DocType::BackgroundPaper,
            ),
            (
                "Documento de antecedentes preparado por la Secretaría",
                DocType::BackgroundPaper,
            ),
            (
                "Справочный документ, подготовленный Секретариатом",
                DocType::BackgroundPaper,
            ),
            ("秘书处编写的背景文件", DocType::BackgroundPaper),
            ("Note by the Secretariat", DocType::Note),
            ("مذكرة من الأمانة", DocType::Note),
            ("秘书处编写的专题概要", DocType::ThematicSummary),
            ("Provisional agenda", DocType::Agenda),
            ("Предварительная повестка дня", DocType::Agenda),
            ("Annotated provisional agenda", DocType::AnnotatedAgenda),
            (
                "Programa provisional y anotaciones",
                DocType::AnnotatedAgenda,
            ),
            ("Liste des participants", DocType::ListOfParticipants),
            ("与会者名单", DocType::ListOfParticipants),
            ("报告草稿", DocType::DraftReport),
            ("Проект доклада", DocType::DraftReport),
            ("Corrigendum", DocType::Corrigendum),
            ("تصويب", DocType::Corrigendum),
            ("Adición", DocType::Addendum),
        ];
        for (line, t) in cases {
            let key = type_key(line);
            let found = TYPE_LINES.iter().find(|(_, p)| *p == key).map(|(t, _)| *t);
            assert_eq!(found, Some(t), "{line}");
        }
        for (title, t) in [
            (
                "Report on the meeting of the Working Group held in Vienna",
                DocType::Report,
            ),
            (
                "Rapport sur la réunion du Groupe de travail",
                DocType::Report,
            ),
            (
                "Informe de la reunión del Grupo de Trabajo",
                DocType::Report,
            ),
            ("Доклад о работе совещания Рабочей группы", DocType::Report),
            ("在维也纳举行的工作组会议的报告", DocType::Report),
            ("Draft report of the meeting", DocType::DraftReport),
        ] {
            let found = REPORT_TITLE.iter().find(|(_, re)| re.is_match(title));
            assert_eq!(found.map(|(t, _)| *t), Some(t), "{title}");
        }
    }

    #[test]
    fn distribution_and_original_as_printed() {
        let text = "Distr. générale\n3 juin 2024\nFrançais\nOriginal : anglais\n";
        let m = read(text);
        assert_eq!(
            m.distribution.map(|d| (d.value, d.line)),
            Some((Distribution::General, 1))
        );
        assert_eq!(m.date.map(|d| d.line), Some(2));
        assert_eq!(m.language.map(|l| l.value), Some(Language::Fr));
        assert_eq!(m.original.map(|l| l.value), Some(Language::En));
        // a flattened masthead, as text extracted from some PDFs leaves it
        let m = read("Distr. general 20 de septiembre de 2012 Español Original: inglés\n");
        assert_eq!(m.distribution.map(|d| d.value), Some(Distribution::General));
        assert_eq!(m.date.map(|d| d.value), Date::new(2012, 9, 20));
        assert_eq!(m.language.map(|l| l.value), Some(Language::Es));
        assert_eq!(m.original.map(|l| l.value), Some(Language::En));
        let m = read("Язык оригинала: английский\nالأصل: بالإنكليزية\n");
        assert_eq!(
            m.original.map(|o| (o.value, o.line)),
            Some((Language::En, 1))
        );
    }

    #[test]
    fn front_matter_of_a_wrapped_masthead() {
        let text = "United Nations\nCTOC/COP/WG.7/2024/2\n\nConference of the Parties to the\nUnited Nations Convention\nagainst Transnational\nOrganized Crime\n\nDistr.: General\n30 April 2024\n\nOriginal: English\n\nWorking Group on the Smuggling of Migrants\nVienna, 11 and 12 July 2024\nItem 2 of the provisional agenda*\nA topic\n\nA document\nabout it\n\nBackground paper prepared by the Secretariat\n\n1. Text.\n* CTOC/COP/WG.7/2024/1.\n";
        let m = read(text);
        let got: Vec<String> = m
            .entries()
            .into_iter()
            .map(|(k, v, l)| format!("{k}={v}@{l}"))
            .collect();
        assert_eq!(
            got,
            [
                "symbol=CTOC/COP/WG.7/2024/2@2",
                "distribution=general@9",
                "date=2024-04-30@10",
                "original=en@12",
                "body=wg7@14",
                "session-start=2024-07-11@15",
                "session-end=2024-07-12@15",
                "venue=Vienna@15",
                "agenda-item=2@16",
                "agenda-symbol=CTOC/COP/WG.7/2024/1@25",
                "doc-type=background-paper@22",
                "title=A document about it@19",
            ]
        );
    }
}
