//! Mentions: the countries, organisations and themes each paragraph and footnote names.

use std::collections::{BTreeMap, BTreeSet};

use super::{Citation, DocumentFacts, Mention, ThemeEvidence, is_content};
use crate::corpus::{Block, BlockKind};
use crate::gazetteer::{Gazetteer, Lang};

/// The theme of a paragraph that cites any article of the Convention or a Protocol but the
/// institutional and final ones.
const PROVISIONS_THEME: &str = "protocol-interpretation";

/// Records, per paragraph and footnote, the names (in the document's language) and themes it
/// mentions, with the words that carry each theme. An attendance list, a list of documents and a
/// footnote that only cites a source name no theme: their words are names and titles. The other
/// paragraphs (not footnotes) are the substantive ones theme counts are taken over.
pub fn extract(blocks: &[Block], gazetteer: &Gazetteer, lang: Lang, facts: &mut DocumentFacts) {
    // lines of Chinese are joined with nothing between them; of other languages, with a space
    let join = if lang == Lang::Zh { "" } else { " " };
    let attendance: BTreeSet<usize> = facts.participations.iter().map(|p| p.block).collect();
    // a list of documents (the documents before the meeting): its words are their titles
    let mut symbols: BTreeMap<usize, usize> = BTreeMap::new();
    // the provisions each block cites: a paragraph on an article of the Convention or a
    // Protocol is on how the instruments are read and used, and on what the article is about
    // (`provision-themes.tsv`)
    let mut provisions: BTreeMap<usize, BTreeSet<(String, String)>> = BTreeMap::new();
    for (block, citation) in &facts.citations {
        match citation {
            Citation::Document(_) => *symbols.entry(*block).or_default() += 1,
            Citation::Provision(instrument, path) => {
                let article = path.first().map_or("", String::as_str);
                provisions
                    .entry(*block)
                    .or_default()
                    .insert((instrument.to_string(), article.to_owned()));
            }
            Citation::Act(_) => {}
        }
    }
    for (index, block) in blocks.iter().enumerate().filter(|(_, b)| is_content(b)) {
        let text = block.text.replace('\n', join);
        for found in gazetteer.find_names_in(&text, lang) {
            facts.mentions.push((index, Mention::Named(found.named)));
        }
        let footnote = block.kind == BlockKind::Footnote;
        let list = attendance.contains(&index) || symbols.get(&index).is_some_and(|n| *n > 1);
        if !footnote && !list {
            facts.substantive.push(index);
        }
        if list || (footnote && only_cites(&text)) {
            continue;
        }
        let mut evidence: Vec<ThemeEvidence> = gazetteer
            .theme_hits_in(&text, lang)
            .into_iter()
            .map(|hit| ThemeEvidence {
                theme: hit.key.to_owned(),
                terms: hit.terms,
                rules: Vec::new(),
                occurrences: hit.occurrences,
            })
            .collect();
        let cited = provisions.get(&index).filter(|_| !footnote);
        // a paragraph citing a run of articles (a section: "articles 10 to 18") is on the
        // instruments, not on what each of the articles is about
        let topical = cited.is_some_and(|c| c.len() <= 2);
        for (instrument, article) in cited.into_iter().flatten() {
            let rule = format!("cites {instrument} {article}");
            for theme in gazetteer.provision_themes(instrument, article) {
                if !topical && theme != PROVISIONS_THEME {
                    continue;
                }
                match evidence.iter_mut().find(|e| &e.theme == theme) {
                    Some(found) => {
                        found.occurrences += 1;
                        found.rules.push(rule.clone());
                    }
                    None => evidence.push(ThemeEvidence {
                        theme: theme.clone(),
                        terms: Vec::new(),
                        occurrences: 1,
                        rules: vec![rule.clone()],
                    }),
                }
            }
        }
        for found in evidence {
            facts
                .mentions
                .push((index, Mention::Theme(found.theme.clone())));
            facts.theme_evidence.push((index, found));
        }
    }
    facts.mentions.sort();
    facts.mentions.dedup();
}

/// A footnote that names a source and says nothing of its own: a symbol, a treaty series
/// reference, an address, "ibid.". Such a footnote is short and has no full sentence of words.
fn only_cites(text: &str) -> bool {
    // a title quoted in the reference (“…”, «…», 《…》) is the source's words
    let mut unquoted = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '“' | '«' | '《' => depth += 1,
            '”' | '»' | '》' => depth = depth.saturating_sub(1),
            _ if depth == 0 => unquoted.push(c),
            _ => {}
        }
    }
    // so is an address, and the words that lead to it
    let unquoted: String = unquoted
        .split_whitespace()
        .filter(|w| !w.contains("://") && !w.contains("www."))
        .collect::<Vec<_>>()
        .join(" ")
        .replace("可查阅", " ")
        .replace("available at", " ");
    let words: usize = unquoted
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() > 3 || w.chars().any(is_han))
        .map(|w| {
            if w.chars().any(is_han) {
                w.chars().count() / 2
            } else {
                1
            }
        })
        .sum();
    words < 12
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::only_cites;

    /// References written for this test in the forms of the seeds' footnotes: author, quoted
    /// title, 《》 title, publisher, address; and two footnotes that say something.
    #[test]
    fn a_footnote_only_cites_when_its_words_are_a_reference() {
        let cases = [
            (
                "张明，“偷运移民的根源问题”，载于《移民研究年鉴》，移民研究中心（2020年，北京）。",
                true,
            ),
            (
                "毒品和犯罪问题办公室，“偷运移民问题全球研究”，可查阅 www.unodc.org/documents/data-and-analysis/glosom/smuggling.html。",
                true,
            ),
            (
                "UNODC, “Global Study on Smuggling of Migrants”, available at https://www.unodc.org/documents/glosom.html.",
                true,
            ),
            (
                "上述条款确立了管辖《公约》与《议定书》之间关系的以下具体基本原则：应对《公约》和《议定书》予以一并解释。在解释这两项文书时，应考虑到所有条款。",
                false,
            ),
            (
                "The Working Group noted that most States parties had adopted legislation criminalizing the smuggling of migrants in line with the Protocol.",
                false,
            ),
        ];
        for (text, cites) in cases {
            assert_eq!(only_cites(text), cites, "{text}");
        }
    }
}
