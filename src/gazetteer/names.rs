//! Country and organisation names found in text: one automaton for Chinese, one word-bounded
//! matcher per other language, and the Russian genitives that speaker lists use.

use aho_corasick::{AhoCorasick, MatchKind};

use super::{Gazetteer, Lang, NameMatch, Named};

/// Names of one language found on word boundaries, leftmost first, then longest.
#[derive(Debug, Clone)]
pub(super) struct WordMatcher {
    lang: Lang,
    automaton: AhoCorasick,
    targets: Vec<Option<Named>>,
}

impl WordMatcher {
    /// Builds the matcher; of two identical names the first given wins.
    pub(super) fn new(lang: Lang, names: Vec<(String, Option<Named>)>) -> Self {
        let mut seen = std::collections::BTreeSet::new();
        let mut patterns = Vec::new();
        let mut targets = Vec::new();
        for (name, target) in names {
            // the tables write ' and the texts often ’ (Côte d’Ivoire, People’s): both count
            let variants = [name.replace('’', "'"), name.replace('\'', "’")];
            for variant in variants {
                let variant = variant.trim().to_owned();
                if !variant.is_empty() && seen.insert(variant.clone()) {
                    patterns.push(variant);
                    targets.push(target);
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("names build an automaton");
        Self {
            lang,
            automaton,
            targets,
        }
    }

    fn find(&self, text: &str) -> Vec<NameMatch> {
        let mut candidates: Vec<(usize, usize, Option<Named>)> = self
            .automaton
            .find_overlapping_iter(text)
            .filter(|m| on_word_boundaries(text, m.start(), m.end(), self.lang))
            .map(|m| (m.start(), m.end(), self.targets[m.pattern().as_usize()]))
            .collect();
        // leftmost first, then longest; a false friend (no target) hides what it covers
        candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut found = Vec::new();
        let mut covered_to = 0;
        for (start, end, target) in candidates {
            if start < covered_to {
                continue;
            }
            covered_to = end;
            if let Some(named) = target {
                found.push(NameMatch { named, start, end });
            }
        }
        found
    }
}

/// Whether `text[start..end]` stands as words: no letter or digit touches it. An Arabic name may
/// carry the conjunction و ("and") written onto it.
fn on_word_boundaries(text: &str, start: usize, end: usize, lang: Lang) -> bool {
    let mut before = text[..start].chars().rev();
    let before_ok = match before.next() {
        None => true,
        Some('و') if lang == Lang::Ar => before.next().is_none_or(|c| !c.is_alphanumeric()),
        Some(c) => !c.is_alphanumeric(),
    };
    before_ok
        && text[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

impl Gazetteer {
    /// Every country and organisation name in `text`, left to right, longest first.
    pub fn find_names(&self, text: &str) -> Vec<NameMatch> {
        self.names
            .find_iter(text)
            .filter_map(|m| {
                self.name_targets[m.pattern().as_usize()].map(|named| NameMatch {
                    named,
                    start: m.start(),
                    end: m.end(),
                })
            })
            .collect()
    }

    /// Every country and organisation name of a language in `text`, left to right, longest
    /// first; Chinese is [`Self::find_names`], the other languages match on word boundaries.
    pub fn find_names_in(&self, text: &str, lang: Lang) -> Vec<NameMatch> {
        if lang == Lang::Zh {
            return self.find_names(text);
        }
        self.worded
            .iter()
            .find(|m| m.lang == lang)
            .map_or_else(Vec::new, |m| m.find(text))
    }

    /// The name that covers all of `text`, if any.
    pub fn lookup_name(&self, text: &str) -> Option<Named> {
        self.lookup_name_in(text, Lang::Zh)
    }

    /// The name of a language that covers all of `text` (spaces around it aside), if any.
    pub fn lookup_name_in(&self, text: &str, lang: Lang) -> Option<Named> {
        let text = if lang == Lang::Zh { text } else { text.trim() };
        let found = self.find_names_in(text, lang);
        match found.as_slice() {
            [only] if only.start == 0 && only.end == text.len() => Some(only.named),
            _ => None,
        }
    }
}

/// The genitive forms of a Russian name, as speaker lists print them ("представители следующих
/// государств: Австралии, Ирана (Исламской Республики)", "наблюдатель от Европейского союза"):
/// the leading adjectives and the first noun are declined, the words after them already stand
/// in a case of their own ("Соединенного Королевства Великобритании и Северной Ирландии"); a
/// bracket is declined too, and also kept as printed. Nothing when no word changes.
pub(super) fn genitives(name: &str) -> Vec<String> {
    let (main, bracket) = match name.strip_suffix(')').and_then(|s| s.rsplit_once(" (")) {
        Some((main, inner)) => (main, Some(inner)),
        None => (name, None),
    };
    let Some(main_genitive) = genitive_phrase(main) else {
        return Vec::new();
    };
    match bracket {
        None => vec![main_genitive],
        Some(inner) => {
            let mut forms = vec![format!("{main_genitive} ({inner})")];
            if let Some(inner_genitive) = genitive_phrase(inner) {
                forms.push(format!("{main_genitive} ({inner_genitive})"));
            }
            forms
        }
    }
}

/// The genitive of a phrase: its leading adjectives and its first noun declined.
fn genitive_phrase(phrase: &str) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    let mut declining = true;
    let mut changed = false;
    for word in phrase.split(' ') {
        if !declining {
            words.push(word.to_owned());
            continue;
        }
        let (declined, adjective) = genitive_word(word);
        changed |= declined != word;
        declining = adjective;
        words.push(declined);
    }
    changed.then(|| words.join(" "))
}

/// One word in the genitive, and whether it was an adjective (the next word is declined too).
/// Foreign names ending in a vowel other than а or я (Того, Перу, Мали) do not decline.
fn genitive_word(word: &str) -> (String, bool) {
    const ADJECTIVES: [(&str, &str); 8] = [
        ("ая", "ой"),
        ("яя", "ей"),
        ("ое", "ого"),
        ("ее", "его"),
        ("ые", "ых"),
        ("ый", "ого"),
        ("ий", "ого"),
        ("ой", "ого"),
    ];
    const NOUNS: [(&str, &str); 9] = [
        ("ство", "ства"),
        ("ние", "ния"),
        ("ия", "ии"),
        ("ея", "еи"),
        ("ья", "ьи"),
        ("ты", "тов"),
        ("ды", "дов"),
        ("я", "и"),
        ("й", "я"),
    ];
    let replace = |from: &str, to: &str| format!("{}{to}", &word[..word.len() - from.len()]);
    if let Some((from, to)) = ADJECTIVES.iter().find(|(from, _)| word.ends_with(from)) {
        return (replace(from, to), true);
    }
    if let Some((from, to)) = NOUNS.iter().find(|(from, _)| word.ends_with(from)) {
        return (replace(from, to), false);
    }
    let Some(last) = word.chars().next_back() else {
        return (String::new(), false);
    };
    let before = word.chars().rev().nth(1);
    let declined = match last {
        // after г, к, х, ж, ш, ч, щ the ending is и
        'а' if before.is_some_and(|c| "гкхжшчщ".contains(c)) => replace("а", "и"),
        'а' => replace("а", "ы"),
        'ь' => replace("ь", "и"),
        c if "бвгдзклмнпрстфхцчшщ".contains(c) => format!("{word}а"),
        _ => word.to_owned(),
    };
    (declined, false)
}
