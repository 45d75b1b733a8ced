//! The rules for Chinese text: dates (`2020 年 9 月 8 日`), meetings by ordinal (`第七次会议`),
//! the adopted agenda, acts (`第 5/3 号决议`), provisions (`第 32 条第 3 款`) resolved to the
//! instrument named between 《》, attendance lists split by the gazetteer rather than on 、, and
//! speakers.

use regex::Regex;
use std::sync::LazyLock;

use super::language::{Rules, is_agenda_footnote, sentence_starts_after};
use super::{DocumentFacts, Header};
use crate::corpus::{Block, BlockKind};
use crate::gazetteer::{Gazetteer, Lang};

pub mod agenda;
pub mod citations;
pub mod meeting;
pub mod participants;

/// The Chinese rules.
pub struct Chinese;

/// The ordinal a paper was written for: `为工作组第五次会议`.
static PREPARED_FOR_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"为[^，。]{0,20}?第([一二三四五六七八九十]+)次会议").expect("valid regex")
});

impl Rules for Chinese {
    fn lang(&self) -> Lang {
        Lang::Zh
    }

    fn line_join(&self) -> &'static str {
        ""
    }

    fn header(&self, blocks: &[Block], gazetteer: &Gazetteer) -> Header {
        meeting::header(blocks, gazetteer)
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

    fn sentence_starts(&self, text: &str) -> Vec<usize> {
        sentence_starts_after(text, &["。", "；", "\n"])
    }

    fn prepared_for(&self, said: &str) -> Option<u32> {
        PREPARED_FOR_ORDINAL
            .captures(said)
            .and_then(|c| crate::extract::chinese_number(&c[1]))
    }

    fn document_kind(&self, said: &str, block: &Block) -> Option<&'static str> {
        if said.contains("与会者名单") {
            Some("list-of-participants")
        } else if said.contains("临时议程说明") {
            Some("annotated-agenda")
        } else if said.contains("临时议程")
            || is_agenda_footnote(block)
            || block.kind == BlockKind::Footnote
        {
            Some("agenda")
        } else if said.contains("背景文件") {
            Some("background-paper")
        } else {
            None
        }
    }
}
