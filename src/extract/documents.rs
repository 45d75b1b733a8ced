//! Documents cited by UN symbol, in any language: each symbol is a citation of its paragraph, and
//! a document of its own, with the meeting it was prepared for and its kind when the words before
//! it say so. The symbol grammar is [`crate::symbol`]'s; what the words before a symbol say is
//! read by the language's rules ([`Rules::prepared_for`], [`Rules::document_kind`]).

use super::language::Rules;
use super::{
    Citation, DocId, DocumentFact, DocumentFacts, MeetingRef, Relation, is_content, own_meeting,
};
use crate::corpus::{Block, BlockKind};
use crate::gazetteer::Gazetteer;
use crate::symbol::Symbol;

/// Extracts the documents every content block cites by symbol.
pub fn extract(
    blocks: &[Block],
    own_body: &str,
    rules: &dyn Rules,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
) {
    let own = own_meeting(facts);
    let mut section_theme: Option<String> = None;
    for (index, block) in blocks.iter().enumerate() {
        if block.kind == BlockKind::Heading {
            let heading = block.text.replace('\n', rules.line_join());
            if let Some(theme) = gazetteer.theme_with_label(strip_heading_number(&heading)) {
                section_theme = Some(theme.key.clone());
            }
        }
        if !is_content(block) {
            continue;
        }
        cited(
            index,
            block,
            own_body,
            own.as_ref(),
            section_theme.as_deref(),
            rules,
            gazetteer,
            facts,
        );
    }
}

/// `II. Impact of crises` → `Impact of crises`; `一. 导言` → `导言`.
fn strip_heading_number(heading: &str) -> &str {
    heading
        .split_once(". ")
        .filter(|(n, _)| n.len() <= 5)
        .map_or(heading, |(_, t)| t)
        .trim()
}

#[allow(clippy::too_many_arguments)]
fn cited(
    block_index: usize,
    block: &Block,
    own_body: &str,
    own: Option<&MeetingRef>,
    section_theme: Option<&str>,
    rules: &dyn Rules,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
) {
    let text = &block.text;
    let found = Symbol::find_all(text);
    if found.is_empty() {
        return;
    }
    let sentence_starts = rules.sentence_starts(text);
    let mut previous_end = 0;
    for (range, symbol) in found {
        let value = symbol.to_string();
        facts
            .citations
            .push((block_index, Citation::Document(value.clone())));
        let id = DocId::Symbol(value.clone());
        if facts.id.as_ref() == Some(&id) {
            continue;
        }
        // what the text says of this document: from the start of its sentence, or the end of
        // the symbol before it, to the symbol ("the background paper prepared for the first
        // meeting (X) and the provisional agenda (Y)")
        let sentence_start = sentence_starts
            .iter()
            .copied()
            .filter(|&at| at <= range.start)
            .max()
            .unwrap_or(0);
        let said = &text[sentence_start.max(previous_end).min(range.start)..range.start];
        previous_end = range.end;
        let relation = match rules.prepared_for(said) {
            Some(n) => Some(MeetingRef::Ordinal {
                body: symbol.body_key().unwrap_or_else(|| own_body.to_owned()),
                ordinal: n,
                year: symbol.year(),
            }),
            None => own
                .filter(|o| match o {
                    MeetingRef::Dated(key) => {
                        symbol.body_key().as_deref() == Some(key.body.as_str())
                            && symbol.year() == Some(key.start.year)
                    }
                    MeetingRef::Ordinal { .. } => false,
                })
                .cloned(),
        };
        let themes: Vec<String> = match section_theme {
            Some(t) if relation.is_some() => vec![t.to_owned()],
            _ => gazetteer
                .find_themes_in(said, rules.lang())
                .into_iter()
                .map(str::to_owned)
                .collect(),
        };
        facts.documents.push(DocumentFact {
            id,
            relation: relation.map(|r| (Relation::PreparedFor, r)),
            doc_type: rules.document_kind(said, block).map(str::to_owned),
            themes,
            block: block_index,
        });
    }
}
