//! Phrases found word by word, as stems, in text of a language written with spaces, and the
//! folding of text they are found in.

use aho_corasick::{AhoCorasick, MatchKind};

use super::Lang;

/// Phrases of a language written with spaces, found word by word in text folded by [`fold`]: a
/// phrase's first word begins a word of the text (in Arabic, after at most two of the proclitics
/// و ف ب ل ك), each next word begins the next word of the text, with only spaces between them.
/// Each word of a phrase is thus a stem: "coopération internationale" finds "coopérations
/// internationales", and "международн сотрудничеств" every case of "международное
/// сотрудничество". A word of three letters or fewer is a whole word, not a stem: "en el mar" is
/// not "en el marco", "por mar" not "por Marruecos".
#[derive(Debug, Clone)]
pub(super) struct PhraseMatcher {
    lang: Lang,
    first_words: AhoCorasick,
    /// Per first word: whether it is whole, the words after it (each with whether it is whole)
    /// and what the phrase stands for.
    rest: Vec<PhraseRest>,
}

/// A phrase after its first word.
#[derive(Debug, Clone)]
struct PhraseRest {
    first_whole: bool,
    words: Vec<(String, bool)>,
    target: usize,
}

/// Whether a word of a phrase is matched whole rather than as a stem.
fn is_whole(word: &str) -> bool {
    word.chars().count() <= 3
}

impl PhraseMatcher {
    pub(super) fn new<'a>(lang: Lang, phrases: impl IntoIterator<Item = (&'a str, usize)>) -> Self {
        let mut first_words = Vec::new();
        let mut rest = Vec::new();
        for (phrase, target) in phrases {
            let folded = fold(phrase, lang);
            let mut words = folded.split_whitespace().map(str::to_owned);
            let Some(first) = words.next() else {
                continue;
            };
            let after = PhraseRest {
                first_whole: is_whole(&first),
                words: words.map(|w| (w.clone(), is_whole(&w))).collect(),
                target,
            };
            // li- before al- is written لل: للتعاون is "for التعاون"
            if lang == Lang::Ar
                && let Some(bare) = first.strip_prefix("ال")
            {
                first_words.push(format!("لل{bare}"));
                rest.push(after.clone());
            }
            first_words.push(first);
            rest.push(after);
        }
        let first_words = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&first_words)
            .expect("phrases build an automaton");
        Self {
            lang,
            first_words,
            rest,
        }
    }

    /// The phrases in folded `text`: byte ranges to the end of the word the last stem begins,
    /// and what each stands for.
    pub(super) fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        self.first_words
            .find_overlapping_iter(text)
            .filter(|m| starts_word(text, m.start(), self.lang))
            .filter_map(|m| {
                let phrase = &self.rest[m.pattern().as_usize()];
                let mut at = word_end(text, m.end());
                if phrase.first_whole && at != m.end() {
                    return None;
                }
                for (word, whole) in &phrase.words {
                    let gap = text[at..].len() - text[at..].trim_start().len();
                    if gap == 0 || !text[at + gap..].starts_with(word.as_str()) {
                        return None;
                    }
                    let end = at + gap + word.len();
                    at = word_end(text, end);
                    if *whole && at != end {
                        return None;
                    }
                }
                Some((m.start(), at, phrase.target))
            })
            .collect()
    }
}

/// Whether a word of the text begins at `start`. Arabic writes the conjunctions و and ف, and the
/// prepositions ب, ل and ك, onto the next word, up to two of them ("وبالتعاون").
pub(super) fn starts_word(text: &str, start: usize, lang: Lang) -> bool {
    let mut before = text[..start].chars().rev();
    let mut proclitics = 0;
    loop {
        match before.next() {
            None => return true,
            Some(c) if !c.is_alphanumeric() => return true,
            Some(c) if lang == Lang::Ar && proclitics < 2 && "وفبلك".contains(c) => {
                proclitics += 1;
            }
            Some(_) => return false,
        }
    }
}

/// Whether an English label found at `start..end` ends where its text's word does, if its last
/// word is short: a word of three letters or fewer is whole, as in [`PhraseMatcher`] ("war" is
/// not "warrant", "by air" not "by airline"); a longer one is a stem ("prevent" finds
/// "prevention").
pub(super) fn ends_word_if_short(text: &str, start: usize, end: usize) -> bool {
    let last = text[start..end]
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    !is_whole(last) || word_end(text, end) == end
}

/// Where the word that goes on at `from` ends.
fn word_end(text: &str, from: usize) -> usize {
    text[from..]
        .find(|c: char| !c.is_alphanumeric())
        .map_or(text.len(), |i| from + i)
}

/// Text as a [`PhraseMatcher`] reads it: in lower case (Cyrillic and accented Latin too), with
/// one apostrophe (’ as '), one hyphen, no soft hyphens, no-break spaces as spaces and ё as е;
/// Arabic without its short vowels and tatweel, and with أ إ آ written ا.
pub(super) fn fold(text: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{2bc}' => out.push('\''),
            '\u{2010}' | '\u{2011}' => out.push('-'),
            '\u{a0}' | '\u{2007}' | '\u{202f}' => out.push(' '),
            '\u{ad}' => {}
            'ё' | 'Ё' => out.push('е'),
            '\u{64b}'..='\u{652}' | '\u{640}' if lang == Lang::Ar => {}
            'أ' | 'إ' | 'آ' if lang == Lang::Ar => out.push('ا'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}
