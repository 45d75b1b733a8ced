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

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::Date;
use crate::symbol::{SuffixKind, Symbol};

mod body;
mod dates;
mod doc_type;
mod language;
mod session;

use body::read_body;
pub(crate) use dates::first_dates;
use dates::whole_dates;
use doc_type::{REPORT_TITLE, TYPE_LINES, type_key};
pub use language::Language;
use session::{ordinal, session_line};

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

/// Lines that name the organisation only.
const ORGANISATION: [&str; 6] = [
    "united nations",
    "nations unies",
    "naciones unidas",
    "организация объединенных наций",
    "الأمم المتحدة",
    "联合国",
];

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

#[cfg(test)]
mod tests;
