//! The rules for English text: what English documents of these bodies say in their fixed
//! phrasing (meetings and their dates, the adopted agenda, acts, provisions, documents cited,
//! attendance and speakers). They make the same facts as the Chinese rules, so the graph does not
//! know which language a fact was read in.

use super::DocumentFacts;
use crate::corpus::Block;
use crate::gazetteer::Gazetteer;

pub mod agenda;
pub mod citations;
pub mod meeting;
pub mod participants;

/// Extracts the facts of an English document's blocks.
pub fn extract(blocks: &[Block], own_body: &str, gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    meeting::extract(blocks, own_body, gazetteer, facts);
    agenda::extract(blocks, gazetteer, facts);
    citations::extract(blocks, own_body, gazetteer, facts);
    participants::extract(blocks, gazetteer, facts);
}
