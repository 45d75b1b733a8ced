//! The adopted agenda of a French, Spanish, Russian or Arabic report: its numbered list ("le
//! Groupe de travail a adopté l'ordre du jour suivant : 1. Questions d'organisation : a) …") and
//! items named with their titles ("le point 2 de l'ordre du jour, intitulé « … »"). The facts
//! are those of the English and Chinese rules, for the document's own meeting.

use super::Rules;
use crate::corpus::{Block, BlockKind};
use crate::extract::DocumentFacts;
use crate::extract::agenda::{AgendaItems, numbered_items};
use crate::extract::own_meeting;
use crate::gazetteer::{Gazetteer, Lang};

/// A title as printed, without its closing punctuation (French puts a space before `:`).
fn clean_title(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ':', ';', ',', '؛', '،', ' '])
        .to_owned()
}

/// Extracts the agenda items of the document's own meeting.
pub(super) fn extract(
    blocks: &[Block],
    rules: &Rules,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
) {
    let Some(meeting) = own_meeting(facts) else {
        return;
    };
    let words = &rules.meeting;
    let lang = Lang::from_code(rules.code).unwrap_or(Lang::En);
    let mut items = AgendaItems::new(meeting, gazetteer, lang);
    for (index, block) in blocks.iter().enumerate() {
        if block.kind != BlockKind::Paragraph {
            continue;
        }
        if let Some(adopted) = words.agenda_adopted.find(&block.text) {
            let list = &block.text[adopted.end()..];
            let list = list.split_once([':', '\n']).map_or("", |(_, l)| l);
            for (number, title) in numbered_items(list, &words.sub_item) {
                items.add(number, clean_title(&title), index);
            }
        }
        let text = block.text.replace('\n', " ");
        for caps in words.item_titled.captures_iter(&text) {
            if let Ok(n) = caps["n"].parse() {
                items.add(n, clean_title(&caps["title"]), index);
            }
        }
    }
    facts.agenda.extend(items.into_sorted());
}
