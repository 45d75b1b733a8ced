//! Meetings and the document's own header: dates (including ranges across months), venues,
//! ordinals, the body, the document type and title.

use regex::Regex;
use std::sync::LazyLock;

use crate::corpus::{Block, BlockKind};
use crate::extract::{
    Date, DocumentFacts, Header, MeetingFact, MeetingKey, MeetingRef, chinese_number, sentences,
};
use crate::gazetteer::Gazetteer;

/// `2012 年 5 月 30 日至 6 月 1 日`, `2009年4月14日和15日`, `2020 年 9 月 8 日`.
static DATE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?日(?: ?(?:至|到|和|-|–) ?(?:(\d{4}) ?年 ?)?(?:(\d{1,2}) ?月 ?)?(\d{1,2}) ?日)?",
    )
    .expect("valid regex")
});

/// `第七次会议于 <date>`: an ordinal with its dates.
static ORDINAL_WITH_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第([一二三四五六七八九十]+)次会议 ?于 ?").expect("valid regex"));

/// `第五次会议`: an ordinal alone.
static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第([一二三四五六七八九十]+)次会议").expect("valid regex"));

/// Names of bodies as the documents write them, most specific first.
static BODY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"偷运移民问题(?:不限成员名额政府间临时)?工作组|贩运人口问题(?:不限成员名额)?工作组|缔约方会议|工作组")
        .expect("valid regex")
});

/// `在维也纳举行`, `于维也纳举行`.
static HELD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:在|于) ?([^\s，。、；0-9]{2,8}?) ?举行").expect("valid regex")
});

/// `临时议程*项目2` in a background paper's front matter.
static AGENDA_ITEM_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"临时议程 ?项目 ?(\d+)").expect("valid regex"));

/// The body key a name stands for; bare 工作组 is the document's own working group.
fn body_key<'a>(name: &str, own_body: &'a str) -> &'a str {
    if name.starts_with("偷运移民") {
        "wg7"
    } else if name.starts_with("贩运人口") {
        "wg4"
    } else if name == "缔约方会议" {
        "cop"
    } else {
        own_body
    }
}

/// The body named last before `end` in `text`, or the document's own.
fn body_before<'a>(text: &str, end: usize, own_body: &'a str) -> &'a str {
    BODY_NAME
        .find_iter(&text[..end])
        .last()
        .map_or(own_body, |m| body_key(m.as_str(), own_body))
}

/// Parses a date or date range at the start of `text`.
pub fn parse_date_range(caps: &regex::Captures<'_>) -> Option<(Date, Date)> {
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u16>().ok());
    let year = num(1)?;
    let month = u8::try_from(num(2)?).ok()?;
    let start = Date::new(year, month, u8::try_from(num(3)?).ok()?)?;
    let end = match num(6) {
        Some(day) => Date::new(
            num(4).unwrap_or(year),
            num(5).map_or(Some(month), |m| u8::try_from(m).ok())?,
            u8::try_from(day).ok()?,
        )?,
        None => start,
    };
    (end >= start).then_some((start, end))
}

/// Reads the front matter and the body's name.
pub fn header(blocks: &[Block], gazetteer: &Gazetteer) -> Header {
    let front: Vec<&Block> = blocks
        .iter()
        .take_while(|b| b.kind == BlockKind::Front)
        .collect();
    let front_text: String = front
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut header = Header::default();
    for (index, block) in front.iter().enumerate() {
        if let Some(caps) = DATE_RANGE.captures(&block.text)
            && header.dates.is_none()
        {
            header.dates = parse_date_range(&caps);
            header.dates_block = Some(index);
            let rest = block.text[caps.get(0).map_or(0, |m| m.end())..]
                .trim_start_matches([',', '，', ' ']);
            header.venue = gazetteer.place_by_name(rest.trim()).map(|p| p.slug.clone());
        }
    }
    header.body = BODY_NAME
        .find_iter(&front_text)
        .map(|m| m.as_str())
        .find(|n| n.ends_with("工作组") && *n != "工作组")
        .map(|n| body_key(n, "").to_owned())
        .or_else(|| {
            blocks.iter().find_map(|b| {
                BODY_NAME
                    .find_iter(&b.text)
                    .map(|m| m.as_str())
                    .find(|n| n.ends_with("工作组") && *n != "工作组")
                    .map(|n| body_key(n, "").to_owned())
            })
        });
    header.doc_type = doc_type(&front_text);
    header.title = front
        .iter()
        .map(|b| b.text.replace('\n', ""))
        .filter(|t| is_title_candidate(t))
        .max_by_key(|t| t.chars().count());
    header.agenda_item = AGENDA_ITEM_REF
        .captures(&front_text)
        .and_then(|c| c[1].parse().ok());
    header.ordinal = own_ordinal(blocks);
    header
}

fn doc_type(front: &str) -> Option<String> {
    let kind = if front.contains("报告草稿") {
        "draft-report"
    } else if front.contains("专题概要") {
        "thematic-summary"
    } else if front.contains("背景文件") {
        "background-paper"
    } else if front.contains("的报告") || front.lines().any(|l| l.trim() == "报告") {
        "report"
    } else if front.contains("临时议程") {
        "agenda"
    } else {
        return None;
    };
    Some(kind.to_owned())
}

fn is_title_candidate(text: &str) -> bool {
    let is_date_line = DATE_RANGE
        .find(text)
        .is_some_and(|m| m.start() == 0 && text[m.end()..].chars().count() <= 8);
    !is_date_line
        && !text.is_ascii()
        && !text.starts_with("联合国打击跨国有组织犯罪公约 缔约方会议")
        && !text.contains("临时议程")
        && !text.starts_with("一.")
}

/// A paper prepared for a meeting says which one in its first paragraph ("本背景文件…旨在促进
/// …工作组第十一次会议的讨论").
fn own_ordinal(blocks: &[Block]) -> Option<u32> {
    let first = blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph && b.number.as_deref() == Some("1"))?;
    sentences(&first.text)
        .filter(|s| s.contains("本背景文件") || s.contains("本文件") || s.contains("本说明"))
        .find_map(|s| ORDINAL.captures(s).and_then(|c| chinese_number(&c[1])))
}

/// Extracts meetings and ordinal references (the document's own meeting, from its header, is
/// registered by the shared rules before these run).
pub fn extract(blocks: &[Block], own_body: &str, gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    let own_key = facts.header.dates.map(|(start, _)| MeetingKey {
        body: own_body.to_owned(),
        start,
    });
    for (index, block) in blocks.iter().enumerate() {
        if block.kind != BlockKind::Paragraph && block.kind != BlockKind::Footnote {
            continue;
        }
        for sentence in sentences(&block.text) {
            dated_meetings(sentence, index, own_body, gazetteer, &own_key, facts);
            ordinal_refs(sentence, index, own_body, facts);
        }
    }
}

fn dated_meetings(
    sentence: &str,
    block: usize,
    own_body: &str,
    gazetteer: &Gazetteer,
    own_key: &Option<MeetingKey>,
    facts: &mut DocumentFacts,
) {
    // "第一次会议于 <date>举行，第二次会议于 <date>举行…"
    for caps in ORDINAL_WITH_DATE.captures_iter(sentence) {
        let whole = caps.get(0).expect("match");
        let Some(ordinal) = chinese_number(&caps[1]) else {
            continue;
        };
        let rest = &sentence[whole.end()..];
        let Some(date) = DATE_RANGE
            .captures(rest)
            .filter(|c| c.get(0).is_some_and(|m| m.start() == 0))
        else {
            continue;
        };
        let Some((start, end)) = parse_date_range(&date) else {
            continue;
        };
        let after = &rest[date.get(0).map_or(0, |m| m.end())..];
        let venue = venue_of(after, gazetteer);
        let body = body_before(sentence, whole.start(), own_body).to_owned();
        facts.meetings.push(MeetingFact {
            key: MeetingKey { body, start },
            end,
            ordinal: Some(ordinal),
            venue,
            block,
        });
    }
    // "工作组于 2009 年 4 月 14 日和 15 日在维也纳举行了会议": the document's own meeting again.
    if !sentence.contains("工作组") {
        return;
    }
    for caps in DATE_RANGE.captures_iter(sentence) {
        let Some((start, end)) = parse_date_range(&caps) else {
            continue;
        };
        let m = caps.get(0).expect("match");
        let before = &sentence[..m.start()];
        if ORDINAL_WITH_DATE
            .find_iter(before)
            .any(|o| o.end() == m.start())
        {
            continue;
        }
        let after = &sentence[m.end()..];
        let Some(venue) = venue_of(after, gazetteer) else {
            continue;
        };
        let body = body_before(sentence, m.start(), own_body).to_owned();
        let key = MeetingKey { body, start };
        if own_key.as_ref() == Some(&key) {
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

/// The venue if the text right after a date says where it was held.
fn venue_of(after: &str, gazetteer: &Gazetteer) -> Option<String> {
    let caps = HELD_IN.captures(after)?;
    if caps.get(0)?.start() > 3 {
        return None;
    }
    gazetteer.place_by_name(&caps[1]).map(|p| p.slug.clone())
}

fn ordinal_refs(sentence: &str, block: usize, own_body: &str, facts: &mut DocumentFacts) {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\d{4}) ?年?(?:，|,)?").expect("valid regex"));
    for caps in ORDINAL.captures_iter(sentence) {
        let whole = caps.get(0).expect("match");
        let dated_year = sentence[whole.end()..]
            .trim_start()
            .strip_prefix('于')
            .and_then(|rest| DATE_RANGE.captures(rest.trim_start()))
            .and_then(|c| parse_date_range(&c))
            .map(|(start, _)| start.year);
        let Some(ordinal) = chinese_number(&caps[1]) else {
            continue;
        };
        let body = body_before(sentence, whole.start(), own_body).to_owned();
        // the year printed closest before the ordinal, within the same clause
        let clause_start = sentence[..whole.start()]
            .rfind(['。', '；'])
            .map_or(0, |i| i + '。'.len_utf8());
        let year = dated_year.or_else(|| {
            YEAR.captures_iter(&sentence[clause_start..whole.start()])
                .last()
                .and_then(|c| c[1].parse::<u16>().ok())
                .filter(|y| (1990..=2100).contains(y))
        });
        let reference = MeetingRef::Ordinal {
            body,
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> Option<(String, String)> {
        let caps = DATE_RANGE.captures(text)?;
        parse_date_range(&caps).map(|(s, e)| (s.to_string(), e.to_string()))
    }

    #[test]
    fn date_ranges_within_and_across_months() {
        let cases = [
            (
                "2012 年 5月 30日至 6月 1日举行",
                ("2012-05-30", "2012-06-01"),
            ),
            ("2013年 11月 11日至 13 日", ("2013-11-11", "2013-11-13")),
            ("2020 年 9 月 8 日和 9 日", ("2020-09-08", "2020-09-09")),
            ("2009年4月14日和15日", ("2009-04-14", "2009-04-15")),
            ("2019 年 9 月 11 日", ("2019-09-11", "2019-09-11")),
        ];
        for (text, (s, e)) in cases {
            assert_eq!(range(text), Some((s.to_owned(), e.to_owned())), "{text}");
        }
        assert_eq!(range("2019 年 2 月 30 日"), None);
    }
}
