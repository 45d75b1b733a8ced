//! Themes found in text: the labels of the top concepts, with names, titles and false friends
//! masked first, and Chinese labels checked against the segmenter's words.

use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::BTreeMap;

use super::phrases::{PhraseMatcher, ends_word_if_short, fold, starts_word};
use super::{Gazetteer, Lang, Theme, ThemeHit};

/// The themes' labels in a language written with spaces other than English, and the phrases
/// (names of instruments and bodies) blanked out before them.
#[derive(Debug, Clone)]
pub(super) struct ThemeWords {
    pub(super) lang: Lang,
    /// Finds the labels: its targets index `labels_of`.
    pub(super) labels: PhraseMatcher,
    /// Each label's theme (an index into the themes) and its text, which names a context rule.
    pub(super) labels_of: Vec<(usize, String)>,
    pub(super) false_friends: PhraseMatcher,
}

/// The name of an office and its head's title: `有组织犯罪和刑事司法科科长`, `条约和法律援助处处长`.
static JOB_TITLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"[^\s，。；：、（）()“”]{1,30}?(?:科|处|司|局|署|股|厅|组)(?:科长|处长|司长|局长|署长|股长|厅长|组长|主任)",
    )
    .expect("valid regex")
});

impl Gazetteer {
    /// The keys of the top themes whose labels occur in Chinese `text`, sorted, without
    /// duplicates. Titles between 《》 are left out: the Trafficking Protocol's title says 预防
    /// without the paragraph being about prevention.
    pub fn find_themes(&self, text: &str) -> Vec<&str> {
        self.find_themes_in(text, Lang::Zh)
    }

    /// The keys of the top themes whose labels occur in `text` of a language, sorted, without
    /// duplicates. Chinese and English text are read with the Chinese and English labels as
    /// substrings, English ones starting a word; French, Spanish, Russian and Arabic text with
    /// the labels of its language by a [`PhraseMatcher`].
    pub fn find_themes_in(&self, text: &str, lang: Lang) -> Vec<&str> {
        self.theme_hits_in(text, lang)
            .into_iter()
            .map(|hit| hit.key)
            .collect()
    }

    /// The keys of the themes a paragraph citing an article (`art_16`) of an instrument
    /// (`SOM`) is on: none for an institutional or final article, or one the table lacks.
    pub fn provision_themes(&self, instrument: &str, article: &str) -> &[String] {
        self.provision_themes
            .get(&(instrument.to_owned(), article.to_owned()))
            .map_or(&[], Vec::as_slice)
    }

    /// The top themes found in `text` of a language, by key, each with the words of the text
    /// that carry it. Names of countries and organisations, titles of instruments and phrases
    /// that contain a label without meaning its theme are masked first; a Chinese label counts
    /// where it is a word of the text (the segmenter's), not inside a longer one.
    pub fn theme_hits_in(&self, text: &str, lang: Lang) -> Vec<ThemeHit<'_>> {
        // (theme, the words of the text, the label that found them)
        let mut found: Vec<(usize, String, String)> = Vec::new();
        match self.theme_words.iter().find(|w| w.lang == lang) {
            Some(words) => {
                let mut folded = fold(&self.mask_names(text, lang), lang);
                // names that contain a label without meaning its theme: "justice pénale" in the
                // Commission's name
                for (start, end, _) in words.false_friends.find(&folded.clone()) {
                    folded.replace_range(start..end, &" ".repeat(end - start));
                }
                for (start, end, target) in words.labels.find(&folded) {
                    let (theme, label) = &words.labels_of[target];
                    found.push((*theme, folded[start..end].to_owned(), label.clone()));
                }
            }
            None => {
                let original = text;
                let mut text = self.mask_names(&blank_titles(text), lang);
                if lang == Lang::Zh {
                    // a unit's name before its head's title (刑事司法科科长) is a name too
                    for m in JOB_TITLE.find_iter(&text.clone()) {
                        text.replace_range(m.start()..m.end(), &" ".repeat(m.len()));
                    }
                }
                // phrases that contain a label without meaning the theme (技术援助 is not
                // technology)
                for m in self.theme_false_friends.find_iter(&text.clone()) {
                    text.replace_range(m.start()..m.end(), &" ".repeat(m.end() - m.start()));
                }
                for m in self.theme_labels.find_overlapping_iter(&text) {
                    let whole = if lang == Lang::Zh {
                        self.is_word(&text, m.start(), m.end())
                    } else {
                        starts_word(&text, m.start(), lang)
                            && ends_word_if_short(&text, m.start(), m.end())
                    };
                    if whole {
                        // the automaton finds a label as written (ASCII case aside): the words
                        // found name it
                        let term = with_titles(original, &text[m.start()..m.end()]);
                        let label = term.clone();
                        found.push((self.theme_targets[m.pattern().as_usize()], term, label));
                    }
                }
            }
        }
        let mut hits: BTreeMap<&str, ThemeHit<'_>> = BTreeMap::new();
        let lowered = text.to_lowercase();
        for (theme, term, label) in found {
            let key = self.themes[theme].key.as_str();
            // a term that needs context carries the theme only beside one of its words
            if let Some(context) =
                self.theme_contexts
                    .get(&(lang, key.to_owned(), label.to_lowercase()))
                && !context
                    .iter()
                    .any(|word| lowered.contains(&word.to_lowercase()))
            {
                continue;
            }
            let hit = hits.entry(key).or_insert_with(|| ThemeHit {
                key,
                terms: Vec::new(),
                occurrences: 0,
            });
            hit.occurrences += 1;
            hit.terms.push(term);
        }
        hits.into_values()
            .map(|mut hit| {
                hit.terms.sort();
                hit.terms.dedup();
                hit
            })
            .collect()
    }

    /// The text with every country and organisation name blanked out, byte for byte: a name's
    /// words (欧洲联盟刑事司法合作署, "Crime Prevention") are not the paragraph's.
    fn mask_names(&self, text: &str, lang: Lang) -> String {
        let mut masked = text.to_owned();
        for name in self.find_names_in(text, lang) {
            masked.replace_range(name.start..name.end, &" ".repeat(name.end - name.start));
        }
        masked
    }

    /// Whether the Chinese text's bytes `start..end` are one or more whole words, as the
    /// segmenter cuts the sentence around them (with the theme labels in its dictionary).
    fn is_word(&self, text: &str, start: usize, end: usize) -> bool {
        // the segmenter reads a window of the sentence: a few words either side settle the cut
        const AROUND: usize = 8;
        let from = text[..start]
            .char_indices()
            .rev()
            .nth(AROUND - 1)
            .map_or(0, |(i, _)| i);
        let to = text[end..]
            .char_indices()
            .nth(AROUND)
            .map_or(text.len(), |(i, _)| end + i);
        let segmenter = self.segmenter.get_or_init(|| self.chinese_segmenter());
        let mut at = from;
        let (mut starts, mut ends) = (false, false);
        for word in segmenter.cut(&text[from..to], true) {
            starts |= at == start;
            at += word.len();
            ends |= at == end;
        }
        starts && ends
    }

    /// Jieba's dictionary with the Chinese theme labels and masked phrases as words, so that
    /// 执法 is not read inside the label 执法合作, nor 技术 inside 技术援助.
    fn chinese_segmenter(&self) -> jieba_rs::Jieba {
        // reading Jieba's own dictionary takes most of the time: it is read once per process
        static DICTIONARY: std::sync::LazyLock<jieba_rs::Jieba> =
            std::sync::LazyLock::new(jieba_rs::Jieba::new);
        let mut jieba = DICTIONARY.clone();
        for theme in self.themes.iter().filter(|t| t.is_top()) {
            for label in theme.detecting("zh") {
                jieba.add_word(&blank_titles(label), None, None);
            }
        }
        for phrase in &self.chinese_phrases {
            jieba.add_word(phrase, None, None);
        }
        jieba
    }

    /// The top theme whose label is exactly `text` (a section heading filed under a theme).
    pub fn theme_with_label(&self, text: &str) -> Option<&Theme> {
        self.themes.iter().filter(|t| t.is_top()).find(|t| {
            t.pref
                .values()
                .chain(t.alt.values().flatten())
                .any(|l| l == text)
        })
    }
}

/// The words of the original text a term found in the emptied text stands for: `利用《》` is
/// `利用《打击有组织犯罪公约》` there.
fn with_titles(original: &str, term: &str) -> String {
    if !term.contains("《》") {
        return term.to_owned();
    }
    let pattern = term
        .split("《》")
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join("《[^》]*》");
    regex::Regex::new(&pattern)
        .ok()
        .and_then(|re| re.find(original).map(|m| m.as_str().to_owned()))
        .unwrap_or_else(|| term.to_owned())
}

/// The text with each title between 《》 emptied to `《》`: a title's words are the instrument's,
/// not the paragraph's. Labels are read the same way, so `利用《打击有组织犯罪公约》` is the label
/// `利用《》`.
fn blank_titles(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '《' => {
                if depth == 0 {
                    out.push('《');
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push('》');
                }
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

/// Detection uses the labels of top themes only: key topics such as 国际合作 sit under several
/// themes and would make every theme fire. This matcher holds the Chinese, English and untagged
/// labels, and reads Chinese and English text.
pub(super) fn theme_matcher(themes: &[Theme]) -> (AhoCorasick, Vec<usize>) {
    let mut labels = Vec::new();
    let mut targets = Vec::new();
    for (i, theme) in themes.iter().enumerate().filter(|(_, t)| t.is_top()) {
        for label in ["zh", "en", ""]
            .into_iter()
            .flat_map(|l| theme.detecting(l))
        {
            labels.push(blank_titles(label));
            targets.push(i);
        }
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .build(&labels)
        .expect("theme labels build an automaton");
    (ac, targets)
}
