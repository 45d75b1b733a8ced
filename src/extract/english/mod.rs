//! The rules for English text: what English documents of these bodies say in their fixed
//! phrasing (meetings and their dates, the adopted agenda, acts, provisions, what is said of a
//! cited document, attendance and speakers). They make the same facts as the Chinese rules, so
//! the graph does not know which language a fact was read in.

use regex::Regex;
use std::sync::LazyLock;

use super::DocumentFacts;
use super::language::{Rules, is_agenda_footnote};
use crate::corpus::Block;
use crate::gazetteer::{Gazetteer, Lang};

pub mod agenda;
pub mod citations;
pub mod meeting;
pub mod participants;

/// The English rules.
pub struct English;

/// `prepared for the fifth meeting`, `for its fifth meeting`.
static PREPARED_FOR_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bfor (?:the|its) ([a-z-]+) meeting\b").expect("valid regex")
});

impl Rules for English {
    fn lang(&self) -> Lang {
        Lang::En
    }

    fn extract(
        &self,
        blocks: &[Block],
        own_body: &str,
        gazetteer: &Gazetteer,
        facts: &mut DocumentFacts,
    ) {
        meeting::extract(blocks, own_body, gazetteer, facts);
        agenda::extract(blocks, gazetteer, facts);
        citations::extract(blocks, own_body, gazetteer, facts);
        participants::extract(blocks, gazetteer, facts);
    }

    /// Sentences end at ". " before a capital, not after "para." or "Mr." ([`meeting::sentences`]).
    fn sentence_starts(&self, text: &str) -> Vec<usize> {
        meeting::sentences(text)
            .iter()
            .map(|s| s.as_ptr() as usize - text.as_ptr() as usize)
            .collect()
    }

    fn prepared_for(&self, said: &str) -> Option<u32> {
        PREPARED_FOR_ORDINAL
            .captures(said)
            .and_then(|c| meeting::ordinal_number(&c[1]))
            .or_else(|| {
                meeting::ORDINAL_MEETING
                    .captures(said)
                    .filter(|_| said.contains("prepared for"))
                    .and_then(|c| meeting::ordinal_number(&c[1]))
            })
    }

    fn document_kind(&self, said: &str, block: &Block) -> Option<&'static str> {
        let lower = said.to_ascii_lowercase();
        if lower.contains("list of participants") {
            Some("list-of-participants")
        } else if lower.contains("annotations") || lower.contains("annotated provisional agenda") {
            Some("annotated-agenda")
        } else if lower.contains("provisional agenda") || is_agenda_footnote(block) {
            Some("agenda")
        } else if lower.contains("background paper") {
            Some("background-paper")
        } else {
            None
        }
    }
}
