//! Agenda items: the adopted agenda's numbered list, "审议了题为“…”的议程项目 2", and a
//! background paper's "临时议程项目2" front matter.

use regex::Regex;
use std::sync::LazyLock;

use super::{AgendaItemFact, DocumentFacts, MeetingKey, MeetingRef};
use crate::corpus::{Block, BlockKind};
use crate::gazetteer::Gazetteer;

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

/// `1. Organizational matters:` on a line of its own.
static NUMBERED_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,2})\.\s+(.+)$").expect("valid regex"));

/// Where an item of a run-in list starts: `1. O…`, ` 2. C…`, a capital or a letter of a script
/// without case (Arabic) after the number.
static RUN_IN_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(\d{1,2})\.\s+[\p{Lu}\p{Lo}“«\x22]").expect("valid regex")
});

/// The items of an agenda list in a language written in words, each title up to its first
/// sub-item (`sub_item` matches where one starts: " (a) ", " a) "): lines that start with a
/// number, or, when the list runs in the paragraph, the stretches between consecutive numbers
/// `1.`, `2.`, `3.`. The titles are as printed; each language cleans its own punctuation.
pub fn numbered_items(list: &str, sub_item: &Regex) -> Vec<(u32, String)> {
    let up_to_sub_item = |title: &str| {
        sub_item
            .find(title)
            .map_or(title, |m| &title[..m.start()])
            .to_owned()
    };
    let lines: Vec<(u32, String)> = list
        .lines()
        .filter_map(|line| {
            let caps = NUMBERED_LINE.captures(line)?;
            Some((caps[1].parse().ok()?, up_to_sub_item(&caps[2])))
        })
        .collect();
    if lines.len() >= 2 {
        return lines;
    }
    // run in: take the starts that number 1, 2, 3… in order
    let mut starts: Vec<(u32, usize, usize)> = Vec::new();
    for caps in RUN_IN_ITEM.captures_iter(list) {
        let Some(number) = caps.get(1) else {
            continue;
        };
        let Ok(n) = number.as_str().parse::<u32>() else {
            continue;
        };
        if n == starts.last().map_or(1, |(last, _, _)| last + 1) {
            starts.push((n, number.start(), number.end() + 1));
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &(n, _, title_start))| {
            let end = starts.get(i + 1).map_or(list.len(), |next| next.1);
            (n, up_to_sub_item(&list[title_start..end]))
        })
        .collect()
}

/// The items of one meeting's agenda as a document states them: the first statement of an
/// item's number wins, an empty title states nothing.
pub struct AgendaItems<'a> {
    meeting: MeetingRef,
    gazetteer: &'a Gazetteer,
    items: Vec<AgendaItemFact>,
}

impl<'a> AgendaItems<'a> {
    /// No items yet, of this meeting.
    pub fn new(meeting: MeetingRef, gazetteer: &'a Gazetteer) -> Self {
        Self {
            meeting,
            gazetteer,
            items: Vec::new(),
        }
    }

    /// Adds item `number` with its title, from `block`, unless it is known already.
    pub fn add(&mut self, number: u32, title: String, block: usize) {
        if self.items.iter().any(|i| i.number == number) || title.is_empty() {
            return;
        }
        self.items.push(AgendaItemFact {
            meeting: self.meeting.clone(),
            number,
            themes: self
                .gazetteer
                .find_themes(&title)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            title,
            block,
        });
    }

    /// The items in the order of their numbers.
    pub fn into_sorted(mut self) -> Vec<AgendaItemFact> {
        self.items.sort_by_key(|i| i.number);
        self.items
    }
}

/// The meeting a document belongs to, from its header.
pub fn own_meeting(facts: &DocumentFacts) -> Option<MeetingRef> {
    let (start, _) = facts.header.dates?;
    Some(MeetingRef::Dated(MeetingKey {
        body: facts.header.body.clone()?,
        start,
    }))
}

/// Extracts the agenda items of the document's own meeting.
pub fn extract(blocks: &[Block], gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    let Some(meeting) = own_meeting(facts) else {
        return;
    };
    let mut items = AgendaItems::new(meeting, gazetteer);
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
