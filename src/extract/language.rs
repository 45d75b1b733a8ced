//! One interface for what each language's text says in its own words.
//!
//! [`extract_document`](super::extract_document) runs the rules shared by every language (the
//! document's own meeting from its header, documents cited by symbol, names from the gazetteer)
//! and calls the document's language through [`Rules`] for the rest: dates, meetings, the agenda,
//! acts, provisions, attendance and speakers as that language phrases them. A new language is a
//! new type implementing [`Rules`] and one line in [`rules_for`].

use super::{DocumentFacts, Header};
use crate::corpus::{Block, BlockKind};
use crate::gazetteer::{Gazetteer, Lang};

/// The rules of one language.
pub trait Rules: Sync {
    /// The language, for the gazetteer's names.
    fn lang(&self) -> Lang;

    /// What joins two lines of one paragraph: a space in languages written with spaces.
    fn line_join(&self) -> &'static str {
        " "
    }

    /// The document's description as its first blocks word it; the front page's reader
    /// ([`crate::masthead`]) fills what this leaves.
    fn header(&self, _blocks: &[Block], _gazetteer: &Gazetteer) -> Header {
        Header::default()
    }

    /// Reads the facts the language's fixed phrasing states, after the shared rules have
    /// registered the document's own meeting.
    fn extract(
        &self,
        blocks: &[Block],
        own_body: &str,
        gazetteer: &Gazetteer,
        facts: &mut DocumentFacts,
    );

    /// Where the sentences of a paragraph start (byte offsets).
    fn sentence_starts(&self, text: &str) -> Vec<usize> {
        sentence_starts_after(text, &[". ", "\n"])
    }

    /// The ordinal of the meeting the words before a cited symbol say it was prepared for
    /// ("prepared for the first meeting").
    fn prepared_for(&self, _said: &str) -> Option<u32> {
        None
    }

    /// The kind of document the words before a cited symbol say it is.
    fn document_kind(&self, _said: &str, _block: &Block) -> Option<&'static str> {
        None
    }
}

/// Where sentences start when they end at one of `ends`.
pub fn sentence_starts_after(text: &str, ends: &[&str]) -> Vec<usize> {
    let mut starts = vec![0];
    for end in ends {
        starts.extend(text.match_indices(end).map(|(i, m)| i + m.len()));
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// A symbol in the footnote marked `*` of a paper's front page is its agenda's.
pub fn is_agenda_footnote(block: &Block) -> bool {
    block.kind == BlockKind::Footnote && block.number.as_deref() == Some("*")
}

/// The rules for a language code (`zh`, `en`, `fr`, `es`, `ru`, `ar`); a text in a language
/// with no rules of its own is read with the Chinese rules, which find little but its symbols.
pub fn rules_for(code: &str) -> &'static dyn Rules {
    match code {
        "en" => &super::english::English,
        "fr" => &WordTable(Lang::Fr),
        "es" => &WordTable(Lang::Es),
        "ru" => &WordTable(Lang::Ru),
        "ar" => &WordTable(Lang::Ar),
        _ => &super::chinese::Chinese,
    }
}

/// French, Spanish, Russian and Arabic: one set of rules over a table of words per language
/// ([`super::others`]).
pub struct WordTable(pub Lang);

impl Rules for WordTable {
    fn lang(&self) -> Lang {
        self.0
    }

    fn extract(
        &self,
        blocks: &[Block],
        own_body: &str,
        gazetteer: &Gazetteer,
        facts: &mut DocumentFacts,
    ) {
        super::others::extract(blocks, self.0.code(), own_body, gazetteer, facts);
    }
}
