//! Mentions: the countries, organisations and themes each paragraph and footnote names.

use super::{DocumentFacts, Mention, is_content};
use crate::corpus::Block;
use crate::gazetteer::{Gazetteer, Lang};

/// Records, per paragraph and footnote, the names (in the document's language) and themes it
/// mentions.
pub fn extract(blocks: &[Block], gazetteer: &Gazetteer, lang: Lang, facts: &mut DocumentFacts) {
    // lines of Chinese are joined with nothing between them; of other languages, with a space
    let join = if lang == Lang::Zh { "" } else { " " };
    for (index, block) in blocks.iter().enumerate().filter(|(_, b)| is_content(b)) {
        let text = block.text.replace('\n', join);
        for found in gazetteer.find_names_in(&text, lang) {
            facts.mentions.push((index, Mention::Named(found.named)));
        }
        for theme in gazetteer.find_themes_in(&text, lang) {
            facts
                .mentions
                .push((index, Mention::Theme(theme.to_owned())));
        }
    }
    facts.mentions.sort();
    facts.mentions.dedup();
}
