//! English meeting rules: meetings stated with their dates ("its fourth meeting, held in Vienna
//! from 11 to 13 September 2017"), meetings referred to by ordinal ("the seventh meeting of the
//! Working Group"), the ordinal a paper gives its own meeting, and the chair ("The meeting was
//! chaired by Francesco Testa (Italy)").
//!
//! The document's own meeting, from its front page, is registered by the shared rules; a
//! paragraph that restates it adds the paragraph as a source, as the Chinese rules do.

use regex::Regex;
use std::sync::LazyLock;

use crate::corpus::{Block, BlockKind};
use crate::extract::{Date, DocumentFacts, MeetingFact, MeetingKey, MeetingRef, Role};
use crate::gazetteer::{Gazetteer, Named};

use crate::numerals::{MONTHS_EN as MONTHS, ORDINALS_EN as ORDINALS};

/// `11 to 13 November 2013`, `8 and 9 September 2020`, `30 May to 1 June 2012`, `11–13 July
/// 2026`, `30 December 2012 to 2 January 2013`, `14 March 2024`.
pub(crate) static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let month = MONTHS.join("|");
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:\s+({month})(?:\s+(\d{{4}}))?)?(?:\s*(?:to|and|-|–|—)\s*(\d{{1,2}}))?\s+({month}),?\s+(\d{{4}})\b"
    ))
    .expect("valid regex")
});

/// `seventh meeting`, `first and second meetings` (the last ordinal of a pair is read too).
/// Numbered sittings (`1st meeting`, `2nd meeting`) are not meetings of a body, and are left out.
pub(crate) static ORDINAL_MEETING: LazyLock<Regex> = LazyLock::new(|| {
    let words = ORDINALS.join("|");
    Regex::new(&format!(
        r"(?i)\b({words})(?:(?:,|,? and) (?:{words}))* meetings?\b"
    ))
    .expect("valid regex")
});

/// One ordinal word.
static ORDINAL_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b({})\b", ORDINALS.join("|"))).expect("valid regex")
});

/// Names of bodies as English documents write them, most specific first.
static BODY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)working group on (?:the )?smuggling of migrants",
        r"|working group on trafficking in persons",
        r"|working group on firearms",
        r"|working group on international cooperation",
        r"|working group (?:of government experts )?on technical assistance",
        r"|conference of the parties|\bthe conference\b|general assembly|working group",
    ))
    .expect("valid regex")
});

/// `The meeting was chaired by Francesco Testa (Italy)`, `the Chair, Ms. Amanda Ledwaba (South
/// Africa)`, `Dominika Krois (Poland), Vice-President of the Conference, chaired the meeting`.
static CHAIRED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:(?P<vice>Vice-)?Chair(?:person)?, |chaired by )",
        r"(?:(?:Mr|Ms|Mrs|Dr|H\.E|H\. E)\.? )*",
        r"(?P<name>\p{Lu}[\p{L}'’-]+(?: (?:de |van |von |del |da |di |la |le )?\p{Lu}[\p{L}'’-]+)+)",
        r" \((?P<country>[^()]{2,60})\)",
    ))
    .expect("valid regex")
});

/// A name followed by its country, then "chaired the meeting" or "was elected Chair".
static CHAIR_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:(?:Mr|Ms|Mrs|Dr|H\.E|H\. E)\.? )*",
        r"(?P<name>\p{Lu}[\p{L}'’-]+(?: (?:de |van |von |del |da |di |la |le )?\p{Lu}[\p{L}'’-]+)+)",
        r" \((?P<country>[^()]{2,60})\),?(?: [^.]{0,60}?,)? (?:chaired the meeting|was elected (?P<vice>Vice-)?Chair(?:person)?\b)",
    ))
    .expect("valid regex")
});

/// The English ordinal word of a number the rules read (7 → `seventh`), up to thirtieth.
pub fn ordinal_word(n: usize) -> Option<&'static str> {
    ORDINALS.get(n.checked_sub(1)?).copied()
}

/// The number of an English ordinal word (`seventh` → 7).
pub(crate) fn ordinal_number(word: &str) -> Option<u32> {
    let word = word.to_ascii_lowercase();
    ORDINALS
        .iter()
        .position(|o| *o == word)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// The body key a name stands for; a bare "working group" is the document's own.
pub(crate) fn body_key(name: &str, own_body: &str) -> String {
    let name = name.to_ascii_lowercase();
    let key = if name.contains("smuggling of migrants") {
        "wg7"
    } else if name.contains("trafficking in persons") {
        "wg4"
    } else if name.contains("firearms") {
        "wg6"
    } else if name.contains("international cooperation") {
        "wg3"
    } else if name.contains("technical assistance") {
        "wg2"
    } else if name.contains("conference") {
        "cop"
    } else if name.contains("general assembly") {
        "ga"
    } else {
        own_body
    };
    key.to_owned()
}

/// The working group named last before `end` in `text`, if any: the bodies that hold meetings
/// (the Conference and the Assembly hold sessions; their numbered meetings are sittings).
fn group_named_before(text: &str, end: usize, own_body: &str) -> Option<String> {
    BODY_NAME
        .find_iter(&text[..end])
        .map(|m| body_key(m.as_str(), own_body))
        .filter(|k| k.starts_with("wg"))
        .last()
}

/// The working group named first in `text`, if any.
fn group_named_in(text: &str, own_body: &str) -> Option<String> {
    BODY_NAME
        .find_iter(text)
        .map(|m| body_key(m.as_str(), own_body))
        .find(|k| k.starts_with("wg"))
}

/// The first and last day a [`DATE`] match states.
pub(crate) fn parse_date(caps: &regex::Captures<'_>) -> Option<(Date, Date)> {
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u16>().ok());
    let month = |i: usize| {
        caps.get(i)
            .and_then(|m| MONTHS.iter().position(|n| *n == m.as_str()))
            .and_then(|p| u8::try_from(p + 1).ok())
    };
    let end_year = num(6)?;
    let end_month = month(5)?;
    let first_day = u8::try_from(num(1)?).ok()?;
    let (start, end) = match num(4) {
        // a range: the first day takes the last day's month and year unless it states its own
        Some(last_day) => (
            Date::new(
                num(3).unwrap_or(end_year),
                month(2).unwrap_or(end_month),
                first_day,
            )?,
            Date::new(end_year, end_month, u8::try_from(last_day).ok()?)?,
        ),
        None => {
            let date = Date::new(end_year, end_month, first_day)?;
            (date, date)
        }
    };
    (end >= start).then_some((start, end))
}

/// Sentences of a block's text: split after a full stop followed by a capital or the end, and at
/// line ends, but not after the abbreviations of these documents (`para.`, `Mr.`, `No.`).
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    const ABBREVIATIONS: [&str; 14] = [
        "para", "paras", "Mr", "Ms", "Mrs", "Dr", "No", "Nos", "art", "arts", "vol", "p", "pp",
        "e.g",
    ];
    let mut out = Vec::new();
    for line in text.split('\n') {
        let mut start = 0;
        let bytes = line.as_bytes();
        for (i, _) in line.match_indices(". ") {
            let next = line[i + 2..].chars().next();
            if !next.is_some_and(|c| c.is_uppercase() || c == '“' || c == '"') {
                continue;
            }
            let word_start = line[..i]
                .rfind(|c: char| c.is_whitespace() || c == '(')
                .map_or(0, |w| w + 1);
            let word = &line[word_start..i];
            if ABBREVIATIONS.contains(&word)
                || (word.len() == 1 && bytes[word_start].is_ascii_uppercase())
            {
                continue;
            }
            out.push(&line[start..=i]);
            start = i + 2;
        }
        if !line[start..].trim().is_empty() {
            out.push(&line[start..]);
        }
    }
    out
}

/// The place named right after `in ` at the start of `text` (`in Vienna`, `in Addis Ababa`).
fn place_after_in(text: &str, gazetteer: &Gazetteer) -> Option<String> {
    let rest = text.trim_start_matches([',', ' ']).strip_prefix("in ")?;
    let words: Vec<&str> = rest
        .split(' ')
        .take(4)
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    (1..=words.len()).rev().find_map(|n| {
        let name = words[..n].join(" ");
        let name = name.trim_end_matches([',', '.', ';']);
        gazetteer.place_by_name(name).map(|p| p.slug.clone())
    })
}

/// The venue a stretch of text names with `in <place>` anywhere in it.
fn venue_in(text: &str, gazetteer: &Gazetteer) -> Option<String> {
    text.match_indices("in ")
        .filter(|(i, _)| *i == 0 || text[..*i].ends_with(' '))
        .find_map(|(i, _)| place_after_in(&text[i..], gazetteer))
}

/// Extracts meetings, ordinal references, the own meeting's ordinal and the chair.
pub fn extract(blocks: &[Block], own_body: &str, gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    own_ordinal(blocks, own_body, facts);
    let own_key = facts.header.dates.map(|(start, _)| MeetingKey {
        body: own_body.to_owned(),
        start,
    });
    for (index, block) in blocks.iter().enumerate() {
        if block.kind != BlockKind::Paragraph && block.kind != BlockKind::Footnote {
            continue;
        }
        for sentence in sentences(&block.text) {
            meetings_in(
                sentence,
                index,
                own_body,
                gazetteer,
                own_key.as_ref(),
                facts,
            );
            if block.kind == BlockKind::Paragraph {
                chair(sentence, index, gazetteer, facts);
            }
        }
    }
}

/// A paper prepared for a meeting says which one in its first paragraph ("The present
/// background paper has been prepared … to facilitate the deliberations of the eleventh meeting
/// of the Working Group").
fn own_ordinal(blocks: &[Block], own_body: &str, facts: &mut DocumentFacts) {
    if facts.header.ordinal.is_some() {
        return;
    }
    let Some(first) = blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph && b.number.as_deref() == Some("1"))
    else {
        return;
    };
    let ordinal = sentences(&first.text)
        .into_iter()
        .filter(|s| {
            let lower = s.to_ascii_lowercase();
            [
                "present background paper",
                "present paper",
                "present note",
                "present document",
            ]
            .iter()
            .any(|w| lower.contains(w))
        })
        .find_map(|s| {
            let m = ORDINAL_MEETING.captures(s)?;
            let body = meeting_body(s, m.get(0)?.start(), m.get(0)?.end(), own_body);
            (body == own_body).then(|| ordinal_number(&m[1]))?
        });
    let Some(ordinal) = ordinal else { return };
    facts.header.ordinal = Some(ordinal);
    if let Some((start, _)) = facts.header.dates {
        for meeting in &mut facts.meetings {
            if meeting.key.body == own_body
                && meeting.key.start == start
                && meeting.ordinal.is_none()
            {
                meeting.ordinal = Some(ordinal);
            }
        }
    }
}

/// The body of the meeting an ordinal names: "meeting of the Working Group on …" after it, else
/// the working group named last before it ("the Working Group, established by the Conference …,
/// held its fourth meeting"), else the own.
fn meeting_body(sentence: &str, start: usize, end: usize, own_body: &str) -> String {
    static OF_BODY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^ of (?:the |its )?(?:(?:open-ended |interim |intergovernmental |ad hoc )*)")
            .expect("valid regex")
    });
    let after = &sentence[end..];
    if let Some(of) = OF_BODY.find(after)
        && let Some(m) = BODY_NAME.find(&after[of.end()..])
        && m.start() == 0
    {
        return body_key(m.as_str(), own_body);
    }
    group_named_before(sentence, start, own_body).unwrap_or_else(|| own_body.to_owned())
}

fn meetings_in(
    sentence: &str,
    block: usize,
    own_body: &str,
    gazetteer: &Gazetteer,
    own_key: Option<&MeetingKey>,
    facts: &mut DocumentFacts,
) {
    let mentions: Vec<regex::Captures<'_>> = ORDINAL_MEETING.captures_iter(sentence).collect();
    let mut dated_spans = Vec::new();
    for (i, caps) in mentions.iter().enumerate() {
        let whole = caps.get(0).expect("match");
        let body = meeting_body(sentence, whole.start(), whole.end(), own_body);
        let ordinals: Vec<u32> = ORDINAL_WORD
            .find_iter(whole.as_str())
            .filter_map(|m| ordinal_number(m.as_str()))
            .collect();
        // the dates that follow, before the next ordinal and within the clause
        let limit = mentions
            .get(i + 1)
            .and_then(|n| n.get(0))
            .map_or(sentence.len(), |n| n.start());
        let rest = &sentence[whole.end()..limit];
        let dated = DATE.captures(rest).and_then(|date| {
            let m = date.get(0)?;
            let between = &rest[..m.start()];
            let plain = between.len() <= 120
                && !between.contains(';')
                && !between.bytes().any(|b| b.is_ascii_digit())
                && !between.contains(" meeting");
            let (start, end) = parse_date(&date)?;
            plain.then_some((start, end, between, m.end()))
        });
        let year = dated.map(|(start, _, _, _)| start.year).or_else(|| {
            // "its fifth meeting, in 2018"
            static IN_YEAR: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"^,? (?:held )?in (\d{4})\b").expect("valid regex"));
            IN_YEAR
                .captures(rest)
                .and_then(|c| c[1].parse::<u16>().ok())
                .filter(|y| (1990..=2100).contains(y))
        });
        for &ordinal in &ordinals {
            let reference = MeetingRef::Ordinal {
                body: body.clone(),
                ordinal,
                year,
            };
            if !facts
                .meeting_refs
                .iter()
                .any(|(b, r)| *b == block && *r == reference)
            {
                facts.meeting_refs.push((block, reference));
            }
        }
        // a date belongs to one meeting: "first and second meetings, held on …" dates neither
        if let (Some((start, end, between, date_end)), [ordinal]) = (dated, ordinals.as_slice()) {
            let before_ordinal = &sentence[..whole.start()];
            let venue = venue_in(between, gazetteer)
                .or_else(|| place_after_in(&rest[date_end..], gazetteer))
                .or_else(|| {
                    // "held its first meeting in Vienna from …": the venue is in `between`;
                    // "in Vienna, its first meeting" is not written
                    before_ordinal
                        .rfind("held ")
                        .and_then(|h| venue_in(&before_ordinal[h..], gazetteer))
                });
            facts.meetings.push(MeetingFact {
                key: MeetingKey {
                    body: body.clone(),
                    start,
                },
                end,
                ordinal: Some(*ordinal),
                venue,
                block,
            });
            let offset = whole.end();
            dated_spans.push(offset..offset + date_end);
        }
    }
    // "The Working Group held its meeting in Vienna from 11 to 13 November 2013": the own
    // meeting restated, with its venue
    let Some(own_key) = own_key else { return };
    for date in DATE.captures_iter(sentence) {
        let m = date.get(0).expect("match");
        if dated_spans.iter().any(|s| s.contains(&m.start())) {
            continue;
        }
        let Some((start, end)) = parse_date(&date) else {
            continue;
        };
        let before = &sentence[..m.start()];
        let clause = before.rfind("held").map(|h| &before[h..]);
        let venue = clause
            .and_then(|c| venue_in(c, gazetteer))
            .or_else(|| place_after_in(&sentence[m.end()..], gazetteer));
        let Some(venue) = venue else { continue };
        let Some(body) = group_named_before(sentence, m.start(), own_body)
            .or_else(|| group_named_in(&sentence[m.end()..], own_body))
        else {
            continue;
        };
        let key = MeetingKey { body, start };
        if key == *own_key {
            facts.meetings.push(MeetingFact {
                key,
                end,
                ordinal: None,
                venue: Some(venue),
                block,
            });
        }
    }
}

/// The chair of the meeting, with the country in brackets after the name.
fn chair(sentence: &str, block: usize, gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    let found = CHAIRED_BY
        .captures_iter(sentence)
        .chain(CHAIR_AFTER.captures_iter(sentence));
    for caps in found {
        let Some(country) = country_named(caps["country"].trim(), gazetteer) else {
            continue;
        };
        let role = if caps.name("vice").is_some() {
            Role::ViceChair
        } else {
            Role::Chair
        };
        facts.person(
            block,
            caps["name"].to_owned(),
            role,
            Some(Named::Country(country)),
        );
    }
}

/// A country by its English short name (or any name the gazetteer's matcher knows).
fn country_named(name: &str, gazetteer: &Gazetteer) -> Option<usize> {
    if let Some(Named::Country(i)) = gazetteer.lookup_name(name) {
        return Some(i);
    }
    let bare = name.strip_prefix("the ").unwrap_or(name);
    gazetteer
        .countries
        .iter()
        .position(|c| c.en.eq_ignore_ascii_case(bare))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> Option<(String, String)> {
        let caps = DATE.captures(text)?;
        parse_date(&caps).map(|(s, e)| (s.to_string(), e.to_string()))
    }

    #[test]
    fn date_ranges_within_and_across_months_and_years() {
        let cases = [
            ("from 11 to 13 November 2013", ("2013-11-11", "2013-11-13")),
            ("on 8 and 9 September 2020", ("2020-09-08", "2020-09-09")),
            ("from 30 May to 1 June 2012", ("2012-05-30", "2012-06-01")),
            ("Vienna, 7–9 July 2026", ("2026-07-07", "2026-07-09")),
            ("11-13 September 2017", ("2017-09-11", "2017-09-13")),
            (
                "30 December 2012 to 2 January 2013",
                ("2012-12-30", "2013-01-02"),
            ),
            ("on 14 March 2024", ("2024-03-14", "2024-03-14")),
        ];
        for (text, (s, e)) in cases {
            assert_eq!(range(text), Some((s.to_owned(), e.to_owned())), "{text}");
        }
        assert_eq!(range("30 February 2019"), None);
        assert_eq!(range("13 to 11 November 2013"), None);
    }

    #[test]
    fn ordinals_and_bodies() {
        assert_eq!(ordinal_number("Seventh"), Some(7));
        assert_eq!(ordinal_number("twenty-first"), Some(21));
        assert_eq!(ordinal_number("1st"), None);
        assert_eq!(
            body_key("Working Group on the Smuggling of Migrants", "wg4"),
            "wg7"
        );
        assert_eq!(body_key("Working Group", "wg4"), "wg4");
        assert_eq!(body_key("the Conference", "wg4"), "cop");
        assert!(
            ORDINAL_MEETING
                .find("At its 1st meeting, on 11 November")
                .is_none()
        );
    }

    fn gazetteer() -> Gazetteer {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        Gazetteer::load(&root.join("data"), &root.join("ontology")).expect("gazetteer")
    }

    /// The meetings and references one sentence gives, in a document of `own_body` whose own
    /// meeting starts on 2020-09-08.
    fn read(sentence: &str, own_body: &str) -> (Vec<String>, Vec<String>) {
        let mut facts = DocumentFacts::default();
        let own = MeetingKey {
            body: own_body.to_owned(),
            start: Date::new(2020, 9, 8).expect("date"),
        };
        meetings_in(sentence, 0, own_body, &gazetteer(), Some(&own), &mut facts);
        let meetings = facts
            .meetings
            .iter()
            .map(|m| {
                format!(
                    "{} {:?} {} {}",
                    m.key,
                    m.ordinal,
                    m.end,
                    m.venue.clone().unwrap_or_default()
                )
            })
            .collect();
        let refs = facts
            .meeting_refs
            .iter()
            .map(|(_, r)| format!("{r:?}"))
            .collect();
        (meetings, refs)
    }

    #[test]
    fn meetings_of_other_bodies_venues_after_dates_and_sittings() {
        let (meetings, refs) = read(
            "The seventh meeting of the Working Group on the Smuggling of Migrants was held on 8 and 9 September 2020 in Vienna.",
            "wg4",
        );
        assert_eq!(meetings, ["wg7/2020-09-08 Some(7) 2020-09-09 vienna"]);
        assert_eq!(
            refs,
            [r#"Ordinal { body: "wg7", ordinal: 7, year: Some(2020) }"#]
        );
        // the own meeting restated, the venue after the date
        let (meetings, refs) = read(
            "The Working Group met on 8 and 9 September 2020 in Vienna.",
            "wg7",
        );
        assert_eq!(meetings, ["wg7/2020-09-08 None 2020-09-09 vienna"]);
        assert!(refs.is_empty());
        // another meeting restated without an ordinal is not recorded; nor are sittings
        let (meetings, refs) = read(
            "At its 1st and 2nd meetings, on 8 September 2020, the Working Group held in Vienna on 1 June 2012 a discussion.",
            "wg7",
        );
        assert!(meetings.is_empty(), "{meetings:?}");
        assert!(refs.is_empty(), "{refs:?}");
        // "its" is the working group's, not the Conference's that established it
        let (meetings, _) = read(
            "The Working Group, established by the Conference in its resolution 5/3, held its fourth meeting in Vienna from 11 to 13 September 2017.",
            "wg7",
        );
        assert_eq!(meetings, ["wg7/2017-09-11 Some(4) 2017-09-13 vienna"]);
    }

    #[test]
    fn the_chair_with_the_country_represented() {
        let mut facts = DocumentFacts::default();
        let gazetteer = gazetteer();
        chair(
            "The meeting was chaired by Francesco Testa (Italy).",
            3,
            &gazetteer,
            &mut facts,
        );
        chair(
            "Ms. Amanda Ledwaba (South Africa) was elected Vice-Chair.",
            4,
            &gazetteer,
            &mut facts,
        );
        chair(
            "The meeting was chaired by the Chair.",
            5,
            &gazetteer,
            &mut facts,
        );
        let found: Vec<String> = facts
            .persons
            .iter()
            .map(|p| {
                let Some(Named::Country(c)) = p.represents else {
                    panic!("a country");
                };
                format!(
                    "{} {} {} {}",
                    p.slug,
                    p.role.slug(),
                    gazetteer.countries[c].iso3,
                    p.block
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                "francesco-testa chair ITA 3",
                "amanda-ledwaba vice-chair ZAF 4"
            ]
        );
    }

    #[test]
    fn sentences_do_not_end_at_abbreviations() {
        let text = "See CTOC/COP/2012/15, para. 12. The meeting was chaired by Mr. Testa. Next";
        assert_eq!(
            sentences(text),
            [
                "See CTOC/COP/2012/15, para. 12.",
                "The meeting was chaired by Mr. Testa.",
                "Next"
            ]
        );
    }
}
