//! English agenda rules: the adopted agenda's numbered list ("the Working Group adopted the
//! following agenda: 1. Organizational matters: (a) Opening of the meeting; … 2. …", on lines of
//! their own or run into the paragraph), items named with their titles ("agenda item 2, entitled
//! “…”"), and a paper's "Item 2 of the provisional agenda" front matter with its title.

use regex::Regex;
use std::sync::LazyLock;

use crate::corpus::{Block, BlockKind};
use crate::extract::agenda::{AgendaItems, numbered_items};
use crate::extract::{DocumentFacts, own_meeting};
use crate::gazetteer::{Gazetteer, Lang};

/// `agenda item 2, entitled “…”`, `item 3 of the agenda, entitled "…"`.
static ITEM_TITLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:agenda item (\d{1,2})|item (\d{1,2}) of the (?:provisional )?agenda),? ",
        r"(?:entitled|on|concerning) [“\x22]([^”\x22]+)[”\x22]",
    ))
    .expect("valid regex")
});

/// `agenda item 3: Other matters` after "considered".
static ITEM_COLON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"considered agenda item (\d{1,2}): ([^.]+)").expect("valid regex")
});

/// Where an English sub-item starts: ` (a) `, ` - (b) `.
static SUB_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\s-)?\s\([a-z]\)\s").expect("valid regex"));

/// A title as printed, without its sub-items and closing punctuation.
fn clean_title(title: &str) -> String {
    let title = SUB_ITEM.find(title).map_or(title, |m| &title[..m.start()]);
    title
        .trim()
        .trim_end_matches(['.', ':', ';', ','])
        .trim()
        .to_owned()
}

/// The items of an agenda list, their titles cleaned.
fn list_items(list: &str) -> Vec<(u32, String)> {
    numbered_items(list, &SUB_ITEM)
        .into_iter()
        .map(|(n, title)| (n, clean_title(&title)))
        .collect()
}

/// Extracts the agenda items of the document's own meeting.
pub fn extract(blocks: &[Block], gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    let Some(meeting) = own_meeting(facts) else {
        return;
    };
    let mut items = AgendaItems::new(meeting, gazetteer, Lang::En);
    for (index, block) in blocks.iter().enumerate() {
        if block.kind != BlockKind::Paragraph {
            continue;
        }
        if let Some(at) = block.text.find("the following agenda")
            && block.text[..at].contains("adopted")
        {
            let list = &block.text[at..];
            let list = list.split_once([':', '\n']).map_or("", |(_, l)| l);
            for (number, title) in list_items(list) {
                items.add(number, title, index);
            }
        }
        for caps in ITEM_TITLED.captures_iter(&block.text) {
            let number = caps.get(1).or_else(|| caps.get(2)).map(|m| m.as_str());
            if let Some(n) = number.and_then(|n| n.parse().ok()) {
                items.add(n, clean_title(&caps[3]), index);
            }
        }
        for caps in ITEM_COLON.captures_iter(&block.text) {
            if let Ok(n) = caps[1].parse() {
                items.add(n, clean_title(&caps[2]), index);
            }
        }
    }
    // "Item 2 of the provisional agenda" on the front page: the paper's title is the item's
    if let (Some(n), Some(title)) = (facts.header.agenda_item, facts.header.title.clone()) {
        let block = blocks
            .iter()
            .take_while(|b| b.kind == BlockKind::Front)
            .position(|b| b.text.contains("of the provisional agenda"))
            .unwrap_or(0);
        items.add(n, clean_title(&title.replace('\n', " ")), block);
    }
    facts.agenda = items.into_sorted();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_on_lines_and_run_in() {
        let lines = "\n1. Organizational matters:\n - (a) Opening of the meeting;\n - (b) Adoption of the agenda.\n2. Smuggling of migrants by sea.\n3. Other matters.";
        let run_in = " 1. Organizational matters: (a) Opening of the meeting; (b) Adoption of the agenda. 2. Smuggling of migrants by sea, including 3. references. 3. Other matters.";
        let expected = [
            (1, "Organizational matters".to_owned()),
            (2, "Smuggling of migrants by sea".to_owned()),
            (3, "Other matters".to_owned()),
        ];
        assert_eq!(list_items(lines), expected);
        let found = list_items(run_in);
        assert_eq!(found[0], expected[0]);
        assert_eq!(found.len(), 3);
        assert_eq!(found[2], expected[2]);
    }
}
