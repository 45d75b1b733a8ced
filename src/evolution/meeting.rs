//! Meetings as the report shows them: dates (the one calendar [`Date`], `extract`'s) written for
//! people, and labels built from the body, the ordinal (when stated) and the dates, in English or
//! Chinese.

use super::{Labels, Lang};

pub use crate::extract::Date;

/// "8 September 2020" or "2020年9月8日".
fn long(date: Date, lang: Lang) -> String {
    match lang {
        Lang::En => date.english(),
        Lang::Zh => date.chinese(),
    }
}

/// "8 Sep 2020" or "2020年9月8日".
pub(super) fn short_date(date: Date, lang: Lang) -> String {
    match lang {
        Lang::En => date.english_short(),
        Lang::Zh => date.chinese(),
    }
}

/// A body whose meetings the graph records (a working group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// Its IRI, `id:body/{key}`.
    pub iri: String,
    /// Its key, `wg7`.
    pub key: String,
    /// Its name.
    pub labels: Labels,
}

impl Body {
    /// The short name used on the chart: `WG.7` for the key `wg7` (the body's symbol series,
    /// `CTOC/COP/WG.7`), the key in capitals otherwise.
    pub fn short(&self) -> String {
        match self.key.strip_prefix("wg") {
            Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => format!("WG.{n}"),
            _ => self.key.to_uppercase(),
        }
    }
}

/// A meeting of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// Its IRI, `id:meeting/{body}/{start date}`.
    pub iri: String,
    /// Its body.
    pub body: Body,
    /// The first day.
    pub start: Date,
    /// The last day, when known.
    pub end: Option<Date>,
    /// Which meeting of its body it was (7 for the seventh), when a document states it.
    pub ordinal: Option<u32>,
}

impl Meeting {
    /// The part of the IRI after `id:meeting/`: `wg7/2020-09-08`.
    pub fn key(&self) -> &str {
        self.iri
            .strip_prefix(crate::vocab::ID)
            .and_then(|s| s.strip_prefix("meeting/"))
            .unwrap_or(&self.iri)
    }

    /// "Working Group on the Smuggling of Migrants, 7th meeting, 8–9 September 2020";
    /// "偷运移民问题工作组第七次会议（2020年9月8日至9日）".
    pub fn label(&self, lang: Lang) -> String {
        let body = match self.body.labels.get(lang) {
            "" => self.body.short(),
            name => name.to_owned(),
        };
        let dates = self.dates(lang);
        match (lang, self.ordinal) {
            (Lang::En, Some(n)) => format!("{body}, {} meeting, {dates}", ordinal_en(n)),
            (Lang::En, None) => format!("{body}, meeting of {dates}"),
            (Lang::Zh, Some(n)) => format!("{body}第{}次会议（{dates}）", numeral_zh(n)),
            (Lang::Zh, None) => format!("{body}{dates}会议"),
        }
    }

    /// The chart's two-line label: "WG.7 · 7th" / "8 Sep 2020"; "WG.7 第七次" / "2020年9月8日".
    pub fn short_label(&self, lang: Lang) -> (String, String) {
        let body = self.body.short();
        let first = match (lang, self.ordinal) {
            (Lang::En, Some(n)) => format!("{body} · {}", ordinal_en(n)),
            (Lang::Zh, Some(n)) => format!("{body} 第{}次", numeral_zh(n)),
            (_, None) => body,
        };
        (first, short_date(self.start, lang))
    }

    /// The dates: "8–9 September 2020", "30 May–1 June 2012"; "2020年9月8日至9日".
    pub fn dates(&self, lang: Lang) -> String {
        let start = self.start;
        let Some(end) = self.end.filter(|end| *end > start) else {
            return long(start, lang);
        };
        match lang {
            Lang::En if (start.year, start.month) == (end.year, end.month) => {
                format!("{}–{}", start.day, long(end, lang))
            }
            Lang::En if start.year == end.year => {
                format!("{} {}–{}", start.day, start.month_name(), long(end, lang))
            }
            Lang::En => format!("{}–{}", long(start, lang), long(end, lang)),
            Lang::Zh if (start.year, start.month) == (end.year, end.month) => {
                format!("{}至{}日", long(start, lang), end.day)
            }
            Lang::Zh if start.year == end.year => {
                format!("{}至{}月{}日", long(start, lang), end.month, end.day)
            }
            Lang::Zh => format!("{}至{}", long(start, lang), long(end, lang)),
        }
    }
}

pub use crate::numerals::{chinese as numeral_zh, ordinal_en};
