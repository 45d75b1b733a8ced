//! Citations: provisions of the Convention and its Protocols (resolved to the right instrument from
//! context), and COP and General Assembly resolutions and decisions. Documents cited by symbol
//! are read by the shared rules ([`crate::extract::documents`]).

use regex::Regex;
use std::sync::LazyLock;

use crate::corpus::Block;
use crate::extract::{Act, ActKind, Citation, DocumentFacts, Mention, sentences};
use crate::gazetteer::Gazetteer;

/// `第 27 条`, `第 10 至 18 条`, `第 10–14 条`, then an optional `第 1 和 2 款` and `(a)项`.
static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"第 ?(\d{1,3}) ?(?:(?:至|到|–|-|—) ?(?:第 ?)?(\d{1,3}) ?)?条",
        r"(?: ?第 ?(\d{1,3})((?: ?(?:和|及|、|至) ?\d{1,3})*) ?款)?",
        r"(?: ?[(（] ?([a-z]) ?[)）] ?(?:项|款)?)?",
    ))
    .expect("valid regex")
});

/// `第 5/3 号决议`, `第4/4号决定`.
static ACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,3}) ?/ ?(\d{1,3}) ?号 ?(决议|决定)").expect("valid regex"));

/// `《…》` titles.
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《([^《》]+)》").expect("valid regex"));

/// Rules of procedure, directives and regulations are numbered in articles too, but are not
/// treaties of this corpus.
const NOT_A_TREATY: [&str; 4] = ["议事规则", "规则", "指令", "条例"];

/// Which protocol a bare 《议定书》 means when no protocol was named before.
fn body_protocol(body: &str) -> &'static str {
    match body {
        "wg4" => "TIP",
        _ => "SOM",
    }
}

/// Where the text names an instrument.
#[derive(Debug)]
struct InstrumentEvent {
    at: usize,
    key: String,
}

fn instrument_events(
    text: &str,
    gazetteer: &Gazetteer,
    protocol: &mut String,
) -> Vec<InstrumentEvent> {
    let mut events = Vec::new();
    for caps in TITLE.captures_iter(text) {
        let title = caps[1].replace(['\n', ' '], "");
        let key = match title.as_str() {
            "公约" => Some("UNTOC".to_owned()),
            "议定书" => Some(protocol.clone()),
            _ => gazetteer.instrument_by_title(&title).map(|i| i.key.clone()),
        };
        if let Some(key) = key {
            if matches!(key.as_str(), "SOM" | "TIP" | "FIREARMS") {
                protocol.clone_from(&key);
            }
            events.push(InstrumentEvent {
                at: caps.get(0).map_or(0, |m| m.start()),
                key,
            });
        }
    }
    for word in ["该公约", "母公约", "本公约"] {
        for (at, _) in text.match_indices(word) {
            events.push(InstrumentEvent {
                at,
                key: "UNTOC".to_owned(),
            });
        }
    }
    // the Convention or a Protocol named without 《》 right before an article ("公约第35条第2款"):
    // outside a reference, a bare 公约 is often part of a body's name (公约缔约方会议)
    for caps in BARE_BEFORE_ARTICLE.captures_iter(text) {
        let Some(name) = caps.get(1) else { continue };
        if text[..name.start()].ends_with('《') {
            continue;
        }
        let key = if name.as_str() == "公约" {
            "UNTOC".to_owned()
        } else {
            protocol.clone()
        };
        events.push(InstrumentEvent {
            at: name.start(),
            key,
        });
    }
    for (at, _) in text
        .match_indices("该议定书")
        .chain(text.match_indices("本议定书"))
    {
        events.push(InstrumentEvent {
            at,
            key: protocol.clone(),
        });
    }
    events.sort_by_key(|e| e.at);
    events
}

/// `公约第 35 条`, `议定书第6条`: an instrument named without 《》 before an article.
static BARE_BEFORE_ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(公约|议定书) ?第 ?\d").expect("valid regex"));

/// Extracts citations of provisions, acts and documents, and the documents' relations.
pub fn extract(blocks: &[Block], own_body: &str, gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    let mut protocol = body_protocol(own_body).to_owned();
    let mut current: Option<String> = None;
    for (index, block) in blocks.iter().enumerate() {
        let events = instrument_events(&block.text, gazetteer, &mut protocol);
        if block.number.is_some() {
            for event in &events {
                facts
                    .mentions
                    .push((index, Mention::Instrument(event.key.clone())));
            }
        }
        if block.number.is_none() {
            if let Some(last) = events.last() {
                current = Some(last.key.clone());
            }
            continue;
        }
        provisions(
            index,
            &block.text,
            &events,
            current.as_deref(),
            &mut facts.citations,
        );
        if let Some(last) = events.last() {
            current = Some(last.key.clone());
        }
        acts(index, &block.text, own_body, facts);
    }
    dedup(&mut facts.citations);
    dedup(&mut facts.mentions);
}

fn dedup<T: Ord>(items: &mut Vec<T>) {
    items.sort();
    items.dedup();
}

fn provisions(
    block: usize,
    text: &str,
    events: &[InstrumentEvent],
    carried: Option<&str>,
    out: &mut Vec<(usize, Citation)>,
) {
    for caps in ARTICLE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let before = &text[..whole.start()];
        if NOT_A_TREATY.iter().any(|w| before.trim_end().ends_with(w)) {
            continue;
        }
        let instrument = events
            .iter()
            .rev()
            .find(|e| e.at < whole.start())
            .map(|e| e.key.as_str())
            .or(carried)
            .or_else(|| events.first().map(|e| e.key.as_str()));
        let Some(instrument) = instrument else {
            continue;
        };
        let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let Some(first) = num(1) else { continue };
        let last = num(2)
            .filter(|&l| l > first && l - first < 100)
            .unwrap_or(first);
        let paragraphs: Vec<u32> = match num(3) {
            Some(p) => paragraph_list(p, caps.get(4).map_or("", |m| m.as_str())),
            None => Vec::new(),
        };
        let point = caps.get(5).map(|m| format!("point_{}", m.as_str()));
        for article in first..=last {
            let art = format!("art_{article}");
            let mut paths: Vec<Vec<String>> = if paragraphs.is_empty() {
                vec![vec![art.clone()]]
            } else {
                paragraphs
                    .iter()
                    .map(|p| vec![art.clone(), format!("para_{p}")])
                    .collect()
            };
            if let Some(point) = &point
                && first == last
            {
                for path in &mut paths {
                    path.push(point.clone());
                }
            }
            for path in paths {
                out.push((block, Citation::Provision(instrument.to_owned(), path)));
            }
        }
    }
}

/// `1`, `和 2` → [1, 2]; `1 至 3` → [1, 2, 3].
fn paragraph_list(first: u32, rest: &str) -> Vec<u32> {
    static NEXT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(和|及|、|至) ?(\d{1,3})").expect("valid regex"));
    let mut list = vec![first];
    for caps in NEXT.captures_iter(rest) {
        let Ok(n) = caps[2].parse::<u32>() else {
            continue;
        };
        match list.last().copied() {
            Some(prev) if &caps[1] == "至" && n > prev && n - prev < 100 => {
                list.extend(prev + 1..=n);
            }
            _ => list.push(n),
        }
    }
    list.dedup();
    list
}

fn acts(block: usize, text: &str, own_body: &str, facts: &mut DocumentFacts) {
    for sentence in sentences(text) {
        for caps in ACT.captures_iter(sentence) {
            let whole = caps.get(0).expect("match");
            let (Ok(session), Ok(number)) = (caps[1].parse::<u32>(), caps[2].parse::<u32>()) else {
                continue;
            };
            let before = &sentence[..whole.start()];
            let by_assembly = before
                .rfind("大会")
                .is_some_and(|ga| before.rfind("缔约方会议").is_none_or(|cop| ga > cop));
            // "大会第 4/4 号决定" in a COP context is a translator's slip: the Assembly's
            // sessions have been numbered above 40 since before the Convention existed.
            let body = if by_assembly && session >= 40 {
                "ga"
            } else {
                "cop"
            };
            let kind = if &caps[3] == "决议" {
                ActKind::Resolution
            } else {
                ActKind::Decision
            };
            let act = Act {
                kind,
                body: body.to_owned(),
                session,
                number,
            };
            let established = establishes(sentence, own_body);
            facts.citations.push((block, Citation::Act(act.clone())));
            facts.acts.push((block, act, established));
        }
    }
}

/// The working group a sentence says the act established (`设立了…工作组`, `所设…工作组`).
fn establishes(sentence: &str, own_body: &str) -> Option<String> {
    let at = sentence.find("设立").or_else(|| sentence.find("所设"))?;
    let rest = &sentence[at..];
    let group = rest.find("工作组")?;
    let name = &rest[..group];
    Some(if name.contains("偷运移民") {
        "wg7".to_owned()
    } else if name.contains("贩运人口") {
        "wg4".to_owned()
    } else {
        own_body.to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited_in(text: &str, own_body: &str) -> Vec<String> {
        let gazetteer = Gazetteer::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology"),
        )
        .expect("gazetteer loads");
        let mut protocol = body_protocol(own_body).to_owned();
        let events = instrument_events(text, &gazetteer, &mut protocol);
        cited_with(text, &events)
    }

    fn cited_with(text: &str, events: &[InstrumentEvent]) -> Vec<String> {
        let mut out = Vec::new();
        provisions(0, text, events, None, &mut out);
        out.into_iter()
            .map(|(_, c)| match c {
                Citation::Provision(i, path) => format!("{i}/{}", path.join("/")),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn the_convention_and_protocol_named_without_brackets() {
        assert_eq!(
            cited_in("各国应适用公约第35条第2款。", "wg7"),
            ["UNTOC/art_35/para_2"]
        );
        assert_eq!(
            cited_in("《打击偷运移民议定书》的缔约国应适用公约第 18 条。", "wg7"),
            ["UNTOC/art_18"]
        );
        assert_eq!(cited_in("该议定书第 6 条规定……", "wg4"), ["TIP/art_6"]);
        // the Conference of the Parties to the Convention is a body, not the instrument: no
        // instrument is named, so the article is not read as the Convention's
        assert_eq!(
            cited_in("公约缔约方会议第 5/3 号决议要求执行第 8 条。", "wg7"),
            Vec::<String>::new()
        );
    }

    fn cited(text: &str, instrument: &str) -> Vec<String> {
        let events = vec![InstrumentEvent {
            at: 0,
            key: instrument.to_owned(),
        }];
        cited_with(text, &events)
    }

    #[test]
    fn ranges_lists_paragraphs_and_points_expand() {
        assert_eq!(
            cited("《》第 10 至 12 条", "SOM"),
            ["SOM/art_10", "SOM/art_11", "SOM/art_12"]
        );
        assert_eq!(
            cited("《》第 12 条和第 13 条", "SOM"),
            ["SOM/art_12", "SOM/art_13"]
        );
        assert_eq!(
            cited("《》第 19 条第 1 和 2 款", "SOM"),
            ["SOM/art_19/para_1", "SOM/art_19/para_2"]
        );
        assert_eq!(
            cited("《》第 27 条第 1 款(e)项", "UNTOC"),
            ["UNTOC/art_27/para_1/point_e"]
        );
        assert_eq!(cited("《》第 3 条(a)款", "SOM"), ["SOM/art_3/point_a"]);
        assert_eq!(cited("《》第 10–14 条", "SOM").len(), 5);
        assert!(cited("《》和缔约方会议议事规则第 2 条第 2 款", "UNTOC").is_empty());
    }
}
