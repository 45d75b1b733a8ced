//! Agenda items: the adopted agenda's numbered list, "审议了题为“…”的议程项目 2", and a
//! background paper's "临时议程项目2" front matter.

use regex::Regex;
use std::sync::LazyLock;

use crate::corpus::{Block, BlockKind};
use crate::extract::agenda::AgendaItems;
use crate::extract::{DocumentFacts, own_meeting};
use crate::gazetteer::{Gazetteer, Lang};

static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\. ?(.+)$").expect("valid regex"));
static ITEM_TITLED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"题为“([^”]+)”的议程项目 ?(\d{1,2})").expect("valid regex"));
static ITEM_COLON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"审议了议程项目 ?(\d{1,2}) ?[：:] ?([^。]+)").expect("valid regex")
});

fn clean_title(title: &str) -> String {
    title
        .trim()
        .trim_end_matches(['。', '：', ':', '；', ';'])
        .trim()
        .to_owned()
}

/// Extracts the agenda items of the document's own meeting.
pub fn extract(blocks: &[Block], gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    let Some(meeting) = own_meeting(facts) else {
        return;
    };
    let mut items = AgendaItems::new(meeting, gazetteer, Lang::Zh);
    for (index, block) in blocks.iter().enumerate() {
        if block.kind != BlockKind::Paragraph {
            continue;
        }
        let mut lines = block.text.lines();
        let first = lines.next().unwrap_or_default();
        if first.contains("议程") && first.contains("通过") {
            for line in lines {
                if let Some(caps) = LIST_ITEM.captures(line)
                    && let Ok(n) = caps[1].parse()
                {
                    items.add(n, clean_title(&caps[2]), index);
                }
            }
        }
        let flat = block.text.replace('\n', "");
        for caps in ITEM_TITLED.captures_iter(&flat) {
            if let Ok(n) = caps[2].parse() {
                items.add(n, clean_title(&caps[1]), index);
            }
        }
        for caps in ITEM_COLON.captures_iter(&flat) {
            if let Ok(n) = caps[1].parse() {
                items.add(n, clean_title(&caps[2]), index);
            }
        }
    }
    if let (Some(n), Some(title)) = (facts.header.agenda_item, facts.header.title.clone()) {
        let block = blocks
            .iter()
            .position(|b| b.text.contains("临时议程"))
            .unwrap_or(0);
        items.add(n, clean_title(&title), block);
    }
    facts.agenda = items.into_sorted();
}
