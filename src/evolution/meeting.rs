//! Meetings as the report shows them: dates on a real calendar, and labels built from the body,
//! the ordinal (when stated) and the dates, in English or Chinese.

use std::fmt;

use super::{Labels, Lang};

/// A calendar date (proleptic Gregorian), as `ck:startDate`/`ck:endDate` give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month, 1–31.
    pub day: u32,
}

impl Date {
    /// Reads `YYYY-MM-DD` (an `xsd:date` lexical form; a time zone suffix is ignored).
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.get(..10)?.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Self { year, month, day })
    }

    /// The first of January of `year`.
    pub fn new_year(year: i32) -> Self {
        Self {
            year,
            month: 1,
            day: 1,
        }
    }

    /// Days since 1970-01-01 (negative before), for a linear time axis.
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// "8 September 2020" or "2020年9月8日".
    pub fn long(self, lang: Lang) -> String {
        match lang {
            Lang::En => format!("{} {} {}", self.day, self.month_name(), self.year),
            Lang::Zh => format!("{}年{}月{}日", self.year, self.month, self.day),
        }
    }

    /// "8 Sep 2020" or "2020年9月8日".
    pub fn short(self, lang: Lang) -> String {
        match lang {
            Lang::En => format!("{} {} {}", self.day, &self.month_name()[..3], self.year),
            Lang::Zh => self.long(lang),
        }
    }

    fn month_name(self) -> &'static str {
        crate::numerals::month_en(self.month)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
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
        (first, self.start.short(lang))
    }

    /// The dates: "8–9 September 2020", "30 May–1 June 2012"; "2020年9月8日至9日".
    pub fn dates(&self, lang: Lang) -> String {
        let start = self.start;
        let Some(end) = self.end.filter(|end| *end > start) else {
            return start.long(lang);
        };
        match lang {
            Lang::En if (start.year, start.month) == (end.year, end.month) => {
                format!("{}–{}", start.day, end.long(lang))
            }
            Lang::En if start.year == end.year => {
                format!("{} {}–{}", start.day, start.month_name(), end.long(lang))
            }
            Lang::En => format!("{}–{}", start.long(lang), end.long(lang)),
            Lang::Zh if (start.year, start.month) == (end.year, end.month) => {
                format!("{}至{}日", start.long(lang), end.day)
            }
            Lang::Zh if start.year == end.year => {
                format!("{}至{}月{}日", start.long(lang), end.month, end.day)
            }
            Lang::Zh => format!("{}至{}", start.long(lang), end.long(lang)),
        }
    }
}

pub use crate::numerals::{chinese as numeral_zh, ordinal_en};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_linear() {
        assert_eq!(Date::parse("1970-01-01").map(Date::days), Some(0));
        assert_eq!(Date::parse("2000-03-01").map(Date::days), Some(11_017));
        assert_eq!(Date::parse("2020-09-08").map(Date::days), Some(18_513));
    }
}
