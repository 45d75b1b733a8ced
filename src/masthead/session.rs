//! The session line: the ordinal of the meeting or session, its venue and its dates.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::whole_dates;
use crate::extract::Date;
use crate::numerals;

/// Ordinals 1–15 as each language writes them before or after "meeting"/"session" (English and
/// French: [`numerals::ORDINALS_EN`], [`numerals::ORDINALS_FR`]).
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
        format!(
            r"(?i)^(?:{})\s+(?:meeting|session)\b",
            alt(&numerals::ORDINALS_EN[..15])
        ),
        format!(
            r"(?i)^(?:{})\s+(?:réunion|session)\b",
            alt(&numerals::ORDINALS_FR)
        ),
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

/// `venue, dates` or `dates，venue`: the session line.
pub(super) fn session_line(line: &str) -> Option<((Date, Date), String)> {
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

pub(super) fn ordinal(line: &str) -> Option<u32> {
    if let Some(c) = ORDINAL_ZH.captures(line) {
        let n = c.get(1)?.as_str();
        return n.parse().ok().or_else(|| numerals::parse_chinese(n));
    }
    ORDINAL.iter().find_map(|re| {
        let c = re.captures(line)?;
        (1..=15u32).find(|i| c.name(&format!("o{i}")).is_some())
    })
}
