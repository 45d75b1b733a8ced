//! Dates and ranges of dates as the six languages print them on a front page.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::Date;
use crate::numerals::{
    MONTH_VARIANTS, MONTHS_AR, MONTHS_AR_LATIN, MONTHS_EN, MONTHS_ES, MONTHS_FR, MONTHS_RU,
};

/// Month names as the languages other than Chinese print them in dates, in lower case, with
/// their number.
static MONTHS: LazyLock<Vec<(String, u8)>> = LazyLock::new(|| {
    [
        &MONTHS_EN,
        &MONTHS_FR,
        &MONTHS_ES,
        &MONTHS_RU,
        &MONTHS_AR,
        &MONTHS_AR_LATIN,
    ]
    .into_iter()
    .flat_map(|names| names.iter().zip(1..))
    .chain(MONTH_VARIANTS.iter().map(|(name, month)| (name, *month)))
    .map(|(name, month)| (name.to_lowercase(), month))
    .collect()
});

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
    let mut names: Vec<&str> = MONTHS.iter().map(|(m, _)| m.as_str()).collect();
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
pub(super) fn whole_dates(text: &str) -> Option<(Date, Date)> {
    let text = text.trim();
    first_dates(text)
        .filter(|(_, r)| r.start == 0 && r.end == text.len())
        .map(|(d, _)| d)
}
