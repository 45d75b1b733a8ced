//! Agendas in every language: the items of a meeting as a document states them, and numbered
//! lists of items in languages written in words. What introduces an agenda and names an item is
//! each language's (`chinese/agenda.rs`, `english/agenda.rs`, `others/agenda.rs`).

use regex::Regex;
use std::sync::LazyLock;

use super::{AgendaItemFact, MeetingRef};
use crate::gazetteer::{Gazetteer, Lang};

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

/// The agenda items of a meeting as a document states them: the first statement of each
/// number is kept, with the themes of its title.
pub struct AgendaItems<'g> {
    meeting: MeetingRef,
    gazetteer: &'g Gazetteer,
    lang: Lang,
    items: Vec<AgendaItemFact>,
}

impl<'g> AgendaItems<'g> {
    /// No items yet, for this meeting, with titles in `lang`.
    pub fn new(meeting: MeetingRef, gazetteer: &'g Gazetteer, lang: Lang) -> Self {
        Self {
            meeting,
            gazetteer,
            lang,
            items: Vec::new(),
        }
    }

    /// Adds item `number` unless it is known already or has no title.
    pub fn add(&mut self, number: u32, title: String, block: usize) {
        if self.items.iter().any(|i| i.number == number) || title.is_empty() {
            return;
        }
        self.items.push(AgendaItemFact {
            meeting: self.meeting.clone(),
            number,
            themes: self
                .gazetteer
                .find_themes_in(&title, self.lang)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            title,
            block,
        });
    }

    /// Adds items found before, as they are.
    pub fn extend(&mut self, items: Vec<AgendaItemFact>) {
        self.items.extend(items);
    }

    /// The items in the order of their numbers.
    pub fn into_sorted(mut self) -> Vec<AgendaItemFact> {
        self.items.sort_by_key(|i| i.number);
        self.items
    }
}
