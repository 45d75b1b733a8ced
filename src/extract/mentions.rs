//! Mentions: the countries, organisations and themes each paragraph and footnote names.

use super::{DocumentFacts, Mention, is_content};
use crate::corpus::Block;
use crate::gazetteer::Gazetteer;

/// Records, per numbered paragraph and footnote, the names and themes it mentions.
pub fn extract(blocks: &[Block], gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    for (index, block) in blocks.iter().enumerate().filter(|(_, b)| is_content(b)) {
        let text = block.text.replace('\n', "");
        for found in gazetteer.find_names(&text) {
            facts.mentions.push((index, Mention::Named(found.named)));
        }
        for theme in gazetteer.find_themes(&text) {
            facts
                .mentions
                .push((index, Mention::Theme(theme.to_owned())));
        }
    }
    facts.mentions.sort();
    facts.mentions.dedup();
}
