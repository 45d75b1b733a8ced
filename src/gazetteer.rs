//! Names → keys: countries, organisations, places, instruments and themes, and the matchers that
//! find them in text.
//!
//! Chinese has no spaces, so names are found as substrings; one leftmost-longest automaton over
//! all country and organisation names (plus "false friends" such as 发展中国家, which contains
//! 中国) keeps a shorter name from matching inside a longer one.
//!
//! The other UN languages have one matcher each ([`Gazetteer::find_names_in`]): the UN short and
//! M49 names of the country table in that language, the project's own forms
//! (`country-names.tsv`: Turkey, Czech Republic, United Kingdom…), the organisations' names and
//! acronyms (`organisations.tsv` for English, `organisation-names.tsv` for the others), and for
//! Russian the genitive of each name, which speaker lists use. A name counts only on word boundaries (Niger is not found in
//! Nigeria, Oman not in Romania), and the leftmost, then longest, name wins, so that
//! "Bolivia (Plurinational State of)" and "Papua New Guinea" are found whole. The Chinese matcher
//! is untouched by any of this.
//!
//! Themes are found by the labels of the top concepts of `ontology/themes.ttl`: in Chinese and
//! English as substrings, as before (English ones starting a word); in French, Spanish, Russian
//! and Arabic by a [`PhraseMatcher`] of that language's labels, word by word and without regard
//! to case, after the names of instruments and bodies that contain a label ("la prévention du
//! crime et la justice pénale") are blanked out.

use aho_corasick::{AhoCorasick, MatchKind};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::vocab::ext;

/// Why a gazetteer table could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GazetteerError {
    /// The file cannot be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The table.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A row is malformed.
    #[error("{path}:{line}: {message}")]
    Row {
        /// The table.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The theme scheme is not valid Turtle.
    #[error("{path}: {message}")]
    Themes {
        /// The scheme file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
}

/// A country of the UN list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-3.
    pub iso3: String,
    /// UN M49 numeric code.
    pub m49: String,
    /// English short name.
    pub en: String,
    /// Chinese short name.
    pub zh: String,
}

/// What kind of organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrganisationKind {
    /// Part of the United Nations system.
    UnEntity,
    /// Intergovernmental organisation.
    Igo,
    /// Entity with a standing observer office at the UN.
    PermanentObserver,
    /// A regional economic integration organisation (can be a party).
    RegionalEconomicIntegration,
    /// Non-governmental organisation.
    Ngo,
    /// An agency of one State.
    NationalAgency,
    /// Anything else.
    Other,
}

/// An organisation of the project's own table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Organisation {
    /// English acronym in capitals; the IRI key.
    pub key: String,
    /// Kind.
    pub kind: OrganisationKind,
    /// English name.
    pub en: String,
    /// Chinese full name.
    pub zh: String,
    /// Chinese short form, as the documents bracket it.
    pub zh_short: String,
    /// Other Chinese forms, `|`-separated.
    pub aliases: String,
    /// Other English forms and acronyms (`IOM`, `Europol`), `|`-separated.
    #[serde(default)]
    pub en_aliases: String,
}

/// A language whose names the gazetteer matches: the six UN languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// Chinese.
    Zh,
    /// English.
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Russian.
    Ru,
    /// Arabic.
    Ar,
}

impl Lang {
    /// The languages matched on word boundaries, each with a matcher of its own.
    const WORDED: [Self; 5] = [Self::En, Self::Fr, Self::Es, Self::Ru, Self::Ar];

    /// The language of an ISO 639-1 code (`en`), if it is a UN language.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "zh" => Self::Zh,
            "en" => Self::En,
            "fr" => Self::Fr,
            "es" => Self::Es,
            "ru" => Self::Ru,
            "ar" => Self::Ar,
            _ => return None,
        })
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Zh => "zh",
            Self::En => "en",
            Self::Fr => "fr",
            Self::Es => "es",
            Self::Ru => "ru",
            Self::Ar => "ar",
        }
    }
}

/// Names of one language found on word boundaries, leftmost first, then longest.
#[derive(Debug, Clone)]
struct WordMatcher {
    lang: Lang,
    automaton: AhoCorasick,
    targets: Vec<Option<Named>>,
}

impl WordMatcher {
    /// Builds the matcher; of two identical names the first given wins.
    fn new(lang: Lang, names: Vec<(String, Option<Named>)>) -> Self {
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

/// A place.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Place {
    /// IRI slug.
    pub slug: String,
    /// Chinese name.
    pub zh: String,
    /// English name.
    pub en: String,
}

/// An instrument's names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InstrumentName {
    /// Key: UNTOC, SOM, TIP…
    pub key: String,
    /// English title.
    pub en: String,
    /// Chinese title.
    pub zh: String,
    /// Other Chinese titles, `|`-separated.
    pub aliases: String,
}

/// A theme of the SKOS scheme.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Theme {
    /// The slug of `id:theme/{slug}`.
    pub key: String,
    /// Preferred labels by language.
    pub pref: BTreeMap<String, String>,
    /// Alternative labels by language.
    pub alt: BTreeMap<String, Vec<String>>,
    /// Hidden labels by language: the inflected forms and stems that find the theme in text and
    /// are never shown (skos:hiddenLabel).
    pub hidden: BTreeMap<String, Vec<String>>,
    /// Keys of broader themes.
    pub broader: Vec<String>,
}

impl Theme {
    /// Whether this is one of the scheme's top concepts.
    pub fn is_top(&self) -> bool {
        self.broader.is_empty()
    }

    /// The label in a language, else in English, else in Chinese, else in any.
    pub fn label(&self, lang: &str) -> &str {
        [lang, "en", "zh"]
            .into_iter()
            .find_map(|l| self.pref.get(l))
            .or_else(|| self.pref.values().next())
            .map_or(self.key.as_str(), String::as_str)
    }

    /// The labels of a language (`""` for untagged ones) that find the theme in text: preferred,
    /// alternative and hidden.
    fn detecting(&self, lang: &str) -> impl Iterator<Item = &str> {
        self.pref
            .get(lang)
            .into_iter()
            .chain(self.alt.get(lang).into_iter().flatten())
            .chain(self.hidden.get(lang).into_iter().flatten())
            .map(String::as_str)
    }
}

/// Phrases of a language written with spaces, found word by word in text folded by [`fold`]: a
/// phrase's first word begins a word of the text (in Arabic, after at most two of the proclitics
/// و ف ب ل ك), each next word begins the next word of the text, with only spaces between them.
/// Each word of a phrase is thus a stem: "coopération internationale" finds "coopérations
/// internationales", and "международн сотрудничеств" every case of "международное
/// сотрудничество". A word of three letters or fewer is a whole word, not a stem: "en el mar" is
/// not "en el marco", "por mar" not "por Marruecos".
#[derive(Debug, Clone)]
struct PhraseMatcher {
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
    fn new<'a>(lang: Lang, phrases: impl IntoIterator<Item = (&'a str, usize)>) -> Self {
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
    fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
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
fn starts_word(text: &str, start: usize, lang: Lang) -> bool {
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
fn ends_word_if_short(text: &str, start: usize, end: usize) -> bool {
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
fn fold(text: &str, lang: Lang) -> String {
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

/// The themes' labels in a language written with spaces other than English, and the phrases
/// (names of instruments and bodies) blanked out before them.
#[derive(Debug, Clone)]
struct ThemeWords {
    lang: Lang,
    /// Finds the labels: its targets index `labels_of`.
    labels: PhraseMatcher,
    /// Each label's theme (an index into the themes) and its text, which names a context rule.
    labels_of: Vec<(usize, String)>,
    false_friends: PhraseMatcher,
}

/// Something a name in text stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Named {
    /// Index into [`Gazetteer::countries`].
    Country(usize),
    /// Index into [`Gazetteer::organisations`].
    Organisation(usize),
}

/// A name found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMatch {
    /// What it names.
    pub named: Named,
    /// Byte range in the text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// All the tables, and matchers built from them.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    /// Countries, in CSV order.
    pub countries: Vec<Country>,
    /// Organisations.
    pub organisations: Vec<Organisation>,
    /// Places.
    pub places: Vec<Place>,
    /// Instruments.
    pub instruments: Vec<InstrumentName>,
    /// Themes of the scheme, top concepts and narrower ones.
    pub themes: Vec<Theme>,
    /// (instrument, article) → the keys of the themes a paragraph citing it is on
    /// (`provision-themes.tsv`); an article absent or with none is institutional.
    provision_themes: BTreeMap<(String, String), Vec<String>>,
    /// (language, theme key, term) → words one of which the paragraph must hold for the term
    /// to carry the theme (`theme-contexts.tsv`).
    theme_contexts: BTreeMap<(Lang, String, String), Vec<String>>,
    names: AhoCorasick,
    name_targets: Vec<Option<Named>>,
    worded: Vec<WordMatcher>,
    theme_labels: AhoCorasick,
    theme_targets: Vec<usize>,
    theme_false_friends: AhoCorasick,
    theme_words: Vec<ThemeWords>,
    /// Chinese phrases the segmenter takes as words: the masked phrases.
    chinese_phrases: Vec<String>,
    /// The Chinese segmenter, made on first use (loading its dictionary takes a tenth of a
    /// second).
    segmenter: std::sync::OnceLock<jieba_rs::Jieba>,
}

/// The name of an office and its head's title: `有组织犯罪和刑事司法科科长`, `条约和法律援助处处长`.
static JOB_TITLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"[^\s，。；：、（）()“”]{1,30}?(?:科|处|司|局|署|股|厅|组)(?:科长|处长|司长|局长|署长|股长|厅长|组长|主任)",
    )
    .expect("valid regex")
});

/// A theme found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeHit<'g> {
    /// The theme's key.
    pub key: &'g str,
    /// The words of the text that carry it, sorted, each once.
    pub terms: Vec<String>,
    /// How many times those words occur.
    pub occurrences: usize,
}

#[derive(Deserialize)]
struct CountryRow {
    #[serde(rename = "ISO 3166-1 Alpha 3-Codes")]
    iso3: String,
    #[serde(rename = "m49 numerical code")]
    m49: String,
    #[serde(rename = "English Short")]
    en: String,
    #[serde(rename = "Chinese Short")]
    zh: String,
    #[serde(rename = "M49 Chinese")]
    m49_zh: String,
    #[serde(rename = "French Short")]
    fr: String,
    #[serde(rename = "Spanish Short")]
    es: String,
    #[serde(rename = "Russian Short")]
    ru: String,
    #[serde(rename = "Arabic Short")]
    ar: String,
    #[serde(rename = "M49 English")]
    m49_en: String,
    #[serde(rename = "M49 French")]
    m49_fr: String,
    #[serde(rename = "M49 Spanish")]
    m49_es: String,
    #[serde(rename = "M49 Russian")]
    m49_ru: String,
    #[serde(rename = "M49 Arabic")]
    m49_ar: String,
}

impl CountryRow {
    /// The UN short and M49 names in a language other than Chinese.
    fn names_in(&self, lang: Lang) -> [&str; 2] {
        match lang {
            Lang::Zh => [&self.zh, &self.m49_zh],
            Lang::En => [&self.en, &self.m49_en],
            Lang::Fr => [&self.fr, &self.m49_fr],
            Lang::Es => [&self.es, &self.m49_es],
            Lang::Ru => [&self.ru, &self.m49_ru],
            Lang::Ar => [&self.ar, &self.m49_ar],
        }
    }
}

/// A name of the project's own in a language other than Chinese; no ISO code marks a phrase
/// that contains a name without naming it (Gulf of Guinea).
#[derive(Deserialize)]
struct OtherNameRow {
    lang: String,
    name: String,
    iso3: String,
}

#[derive(Deserialize)]
struct AliasRow {
    alias: String,
    iso3: String,
}

#[derive(Deserialize)]
struct FalseFriendRow {
    text: String,
}

/// A phrase that contains a theme's label without meaning the theme, in a language.
#[derive(Deserialize)]
struct ThemeFalseFriendRow {
    lang: String,
    text: String,
}

#[derive(Debug, Deserialize)]
struct ThemeContextRow {
    lang: String,
    theme: String,
    term: String,
    context: String,
}

#[derive(Debug, Deserialize)]
struct ProvisionThemesRow {
    instrument: String,
    article: String,
    themes: String,
}

/// The language of a table's row (its code), or an error naming the file and line; `index`
/// counts rows after the header.
fn row_language(code: &str, path: &Path, index: usize) -> Result<Lang, GazetteerError> {
    Lang::from_code(code).ok_or_else(|| GazetteerError::Row {
        path: path.to_owned(),
        line: index as u64 + 2,
        message: format!("unknown language {code}"),
    })
}

fn read_table<T: for<'de> Deserialize<'de>>(
    path: &Path,
    delimiter: u8,
) -> Result<Vec<T>, GazetteerError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .quoting(delimiter != b'\t')
        .from_path(path)
        .map_err(|e| GazetteerError::Io {
            path: path.to_owned(),
            source: std::io::Error::other(e),
        })?;
    reader
        .deserialize()
        .map(|row| {
            row.map_err(|e| GazetteerError::Row {
                path: path.to_owned(),
                line: e.position().map_or(0, csv::Position::line),
                message: e.to_string(),
            })
        })
        .collect()
}

fn split_aliases(aliases: &str) -> impl Iterator<Item = &str> {
    aliases.split('|').map(str::trim).filter(|a| !a.is_empty())
}

impl Gazetteer {
    /// Reads the tables under `data/gazetteer` and the theme scheme `ontology/themes.ttl`.
    pub fn load(data_dir: &Path, ontology_dir: &Path) -> Result<Self, GazetteerError> {
        let dir = data_dir.join("gazetteer");
        let mut countries = Vec::new();
        let mut names: Vec<(String, Option<Named>)> = Vec::new();
        let mut worded: BTreeMap<Lang, Vec<(String, Option<Named>)>> = BTreeMap::new();
        for row in read_table::<CountryRow>(&dir.join("countries-and-territories.csv"), b',')? {
            if row.iso3.is_empty() || row.zh.is_empty() {
                continue;
            }
            let index = countries.len();
            for lang in Lang::WORDED {
                for name in row.names_in(lang).into_iter().filter(|n| !n.is_empty()) {
                    worded
                        .entry(lang)
                        .or_default()
                        .push((name.to_owned(), Some(Named::Country(index))));
                }
            }
            names.push((row.zh.clone(), Some(Named::Country(index))));
            if !row.m49_zh.is_empty() && row.m49_zh != row.zh {
                names.push((row.m49_zh.clone(), Some(Named::Country(index))));
            }
            countries.push(Country {
                iso3: row.iso3,
                m49: row.m49,
                en: row.en,
                zh: row.zh,
            });
        }
        let alias_path = dir.join("country-aliases.tsv");
        for (i, row) in read_table::<AliasRow>(&alias_path, b'\t')?
            .into_iter()
            .enumerate()
        {
            let index = countries
                .iter()
                .position(|c| c.iso3 == row.iso3)
                .ok_or_else(|| GazetteerError::Row {
                    path: alias_path.clone(),
                    line: i as u64 + 2,
                    message: format!("unknown ISO code {}", row.iso3),
                })?;
            names.push((row.alias, Some(Named::Country(index))));
        }
        for row in read_table::<FalseFriendRow>(&dir.join("country-false-friends.tsv"), b'\t')? {
            names.push((row.text, None));
        }
        let other_path = dir.join("country-names.tsv");
        for (i, row) in read_table::<OtherNameRow>(&other_path, b'\t')?
            .into_iter()
            .enumerate()
        {
            let line = i as u64 + 2;
            let lang = Lang::from_code(&row.lang)
                .filter(|l| *l != Lang::Zh)
                .ok_or_else(|| GazetteerError::Row {
                    path: other_path.clone(),
                    line,
                    message: format!("{}: not a UN language other than Chinese", row.lang),
                })?;
            let target = if row.iso3.is_empty() {
                None
            } else {
                let index = countries
                    .iter()
                    .position(|c| c.iso3 == row.iso3)
                    .ok_or_else(|| GazetteerError::Row {
                        path: other_path.clone(),
                        line,
                        message: format!("unknown ISO code {}", row.iso3),
                    })?;
                Some(Named::Country(index))
            };
            worded.entry(lang).or_default().push((row.name, target));
        }
        let organisations: Vec<Organisation> = read_table(&dir.join("organisations.tsv"), b'\t')?;
        for (index, org) in organisations.iter().enumerate() {
            let named = Some(Named::Organisation(index));
            let english = worded.entry(Lang::En).or_default();
            for name in [Some(org.en.as_str()), without_bracket(&org.en)]
                .into_iter()
                .flatten()
                .chain(split_aliases(&org.en_aliases))
                .filter(|n| !n.is_empty())
            {
                english.push((name.to_owned(), named));
            }
            for name in [org.zh.as_str(), org.zh_short.as_str()]
                .into_iter()
                .chain(split_aliases(&org.aliases))
                .filter(|n| !n.is_empty())
            {
                names.push((name.to_owned(), named));
            }
        }
        organisation_names(
            &dir.join("organisation-names.tsv"),
            &organisations,
            &mut worded,
        )?;
        if let Some(russian) = worded.get_mut(&Lang::Ru) {
            let genitives: Vec<(String, Option<Named>)> = russian
                .iter()
                .flat_map(|(name, target)| genitives(name).into_iter().map(|g| (g, *target)))
                .collect();
            russian.extend(genitives);
        }
        names.sort();
        names.dedup_by(|a, b| a.0 == b.0);
        let places = read_table(&dir.join("places.tsv"), b'\t')?;
        let instruments = read_table(&dir.join("instruments.tsv"), b'\t')?;
        let themes = load_themes(&ontology_dir.join("themes.ttl"))?;
        let (theme_labels, theme_targets) = theme_matcher(&themes);
        let provisions_path = dir.join("provision-themes.tsv");
        let mut provision_themes = BTreeMap::new();
        for (i, row) in read_table::<ProvisionThemesRow>(&provisions_path, b'\t')?
            .into_iter()
            .enumerate()
        {
            let keys: Vec<String> = row
                .themes
                .split(',')
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect();
            if let Some(unknown) = keys.iter().find(|k| !themes.iter().any(|t| &t.key == *k)) {
                return Err(GazetteerError::Row {
                    path: provisions_path.clone(),
                    line: i as u64 + 2,
                    message: format!("unknown theme {unknown}"),
                });
            }
            provision_themes.insert((row.instrument, row.article), keys);
        }
        let contexts_path = dir.join("theme-contexts.tsv");
        let mut theme_contexts = BTreeMap::new();
        for (i, row) in read_table::<ThemeContextRow>(&contexts_path, b'\t')?
            .into_iter()
            .enumerate()
        {
            let lang = row_language(&row.lang, &contexts_path, i)?;
            if !themes.iter().any(|t| t.key == row.theme) {
                return Err(GazetteerError::Row {
                    path: contexts_path.clone(),
                    line: i as u64 + 2,
                    message: format!("unknown theme {}", row.theme),
                });
            }
            // a rule on words no label of the theme finds would never apply
            let labelled = themes.iter().filter(|t| t.key == row.theme).any(|t| {
                t.detecting(lang.code())
                    .any(|l| l.to_lowercase() == row.term.to_lowercase())
            });
            if !labelled {
                return Err(GazetteerError::Row {
                    path: contexts_path.clone(),
                    line: i as u64 + 2,
                    message: format!("{} is no {} label of {}", row.term, row.lang, row.theme),
                });
            }
            let words = row.context.split('|').map(str::to_owned).collect();
            theme_contexts.insert((lang, row.theme, row.term.to_lowercase()), words);
        }
        let false_friends_path = dir.join("theme-false-friends.tsv");
        let mut false_friends: BTreeMap<Lang, Vec<String>> = BTreeMap::new();
        for (i, row) in read_table::<ThemeFalseFriendRow>(&false_friends_path, b'\t')?
            .into_iter()
            .enumerate()
        {
            let lang = row_language(&row.lang, &false_friends_path, i)?;
            false_friends.entry(lang).or_default().push(row.text);
        }
        // Chinese and English text are read with the Chinese and English phrases, as before
        let theme_false_friends = AhoCorasick::new(
            [Lang::Zh, Lang::En]
                .iter()
                .flat_map(|l| false_friends.get(l).into_iter().flatten()),
        )
        .expect("phrases build an automaton");
        let theme_words = [Lang::Fr, Lang::Es, Lang::Ru, Lang::Ar]
            .into_iter()
            .map(|lang| {
                let labels_of: Vec<(usize, String)> = themes
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.is_top())
                    .flat_map(|(i, t)| t.detecting(lang.code()).map(move |l| (i, l.to_owned())))
                    .collect();
                ThemeWords {
                    lang,
                    labels: PhraseMatcher::new(
                        lang,
                        labels_of
                            .iter()
                            .enumerate()
                            .map(|(target, (_, label))| (label.as_str(), target)),
                    ),
                    labels_of,
                    false_friends: PhraseMatcher::new(
                        lang,
                        false_friends
                            .get(&lang)
                            .into_iter()
                            .flatten()
                            .map(|f| (f.as_str(), 0)),
                    ),
                }
            })
            .collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names.iter().map(|(n, _)| n))
            .expect("names build an automaton");
        Ok(Self {
            countries,
            organisations,
            places,
            instruments,
            themes,
            provision_themes,
            theme_contexts,
            names: ac,
            name_targets: names.into_iter().map(|(_, t)| t).collect(),
            worded: worded
                .into_iter()
                .map(|(lang, names)| WordMatcher::new(lang, names))
                .collect(),
            theme_labels,
            theme_targets,
            theme_false_friends,
            theme_words,
            chinese_phrases: false_friends.remove(&Lang::Zh).unwrap_or_default(),
            segmenter: std::sync::OnceLock::new(),
        })
    }

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

    /// The instrument a title written between 《》 names.
    pub fn instrument_by_title(&self, title: &str) -> Option<&InstrumentName> {
        self.instruments
            .iter()
            .find(|i| i.zh == title || split_aliases(&i.aliases).any(|a| a == title))
    }

    /// The place with this Chinese or English name.
    pub fn place_by_name(&self, name: &str) -> Option<&Place> {
        self.places
            .iter()
            .find(|p| p.zh == name || p.en.eq_ignore_ascii_case(name))
    }

    /// The country with this ISO code.
    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.iso3 == iso3)
    }

    /// The organisation with this key.
    pub fn organisation(&self, key: &str) -> Option<&Organisation> {
        self.organisations.iter().find(|o| o.key == key)
    }
}

/// A name of an organisation in French, Spanish, Russian or Arabic.
#[derive(Deserialize)]
struct OrganisationNameRow {
    lang: String,
    name: String,
    key: String,
}

/// Adds the names `organisation-names.tsv` gives in the other languages, each also without its
/// final bracket.
fn organisation_names(
    path: &Path,
    organisations: &[Organisation],
    worded: &mut BTreeMap<Lang, Vec<(String, Option<Named>)>>,
) -> Result<(), GazetteerError> {
    for (i, row) in read_table::<OrganisationNameRow>(path, b'\t')?
        .into_iter()
        .enumerate()
    {
        let row_error = |message: String| GazetteerError::Row {
            path: path.to_owned(),
            line: i as u64 + 2,
            message,
        };
        let lang = Lang::from_code(&row.lang)
            .filter(|l| !matches!(l, Lang::Zh | Lang::En))
            .ok_or_else(|| row_error(format!("{}: not fr, es, ru or ar", row.lang)))?;
        let index = organisations
            .iter()
            .position(|o| o.key == row.key)
            .ok_or_else(|| row_error(format!("unknown organisation {}", row.key)))?;
        let named = Some(Named::Organisation(index));
        let names = worded.entry(lang).or_default();
        if let Some(bare) = without_bracket(&row.name) {
            names.push((bare.to_owned(), named));
        }
        names.push((row.name, named));
    }
    Ok(())
}

/// "International Criminal Police Organization (INTERPOL)" without its final bracket: the UN
/// writes such names in full or without it.
fn without_bracket(name: &str) -> Option<&str> {
    name.strip_suffix(')')
        .and_then(|s| s.rsplit_once(" ("))
        .map(|(bare, _)| bare)
}

/// The genitive forms of a Russian name, as speaker lists print them ("представители следующих
/// государств: Австралии, Ирана (Исламской Республики)", "наблюдатель от Европейского союза"):
/// the leading adjectives and the first noun are declined, the words after them already stand
/// in a case of their own ("Соединенного Королевства Великобритании и Северной Ирландии"); a
/// bracket is declined too, and also kept as printed. Nothing when no word changes.
fn genitives(name: &str) -> Vec<String> {
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
fn theme_matcher(themes: &[Theme]) -> (AhoCorasick, Vec<usize>) {
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

fn load_themes(path: &Path) -> Result<Vec<Theme>, GazetteerError> {
    let file = std::fs::File::open(path).map_err(|source| GazetteerError::Io {
        path: path.to_owned(),
        source,
    })?;
    let prefix = format!("{}theme/", crate::vocab::ID);
    let mut themes: BTreeMap<String, Theme> = BTreeMap::new();
    for quad in RdfParser::from_format(RdfFormat::Turtle).for_reader(file) {
        let quad = quad.map_err(|e| GazetteerError::Themes {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
            continue;
        };
        let Some(key) = subject.as_str().strip_prefix(&prefix) else {
            continue;
        };
        let theme = themes.entry(key.to_owned()).or_insert_with(|| Theme {
            key: key.to_owned(),
            ..Theme::default()
        });
        match (&quad.object, quad.predicate.as_ref()) {
            (Term::Literal(l), p) if p == ext::PREF_LABEL => {
                theme
                    .pref
                    .insert(l.language().unwrap_or("").to_owned(), l.value().to_owned());
            }
            (Term::Literal(l), p) if p == ext::ALT_LABEL || p == ext::HIDDEN_LABEL => {
                let labels = if p == ext::ALT_LABEL {
                    &mut theme.alt
                } else {
                    &mut theme.hidden
                };
                labels
                    .entry(l.language().unwrap_or("").to_owned())
                    .or_default()
                    .push(l.value().to_owned());
            }
            (Term::NamedNode(b), p) if p == ext::BROADER => {
                if let Some(k) = b.as_str().strip_prefix(&prefix) {
                    theme.broader.push(k.to_owned());
                }
            }
            _ => {}
        }
    }
    Ok(themes
        .into_values()
        .filter(|t| !t.pref.is_empty())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    #[test]
    fn russian_names_in_the_genitive() {
        for (name, expected) in [
            ("Австралия", vec!["Австралии"]),
            ("Мексика", vec!["Мексики"]),
            ("Нигер", vec!["Нигера"]),
            ("Китай", vec!["Китая"]),
            ("Перу", vec![]),
            (
                "Лаосская Народно-Демократическая Республика",
                vec!["Лаосской Народно-Демократической Республики"],
            ),
            (
                "Иран (Исламская Республика)",
                vec![
                    "Ирана (Исламская Республика)",
                    "Ирана (Исламской Республики)",
                ],
            ),
            (
                "Соединенные Штаты Америки",
                vec!["Соединенных Штатов Америки"],
            ),
            (
                "Соединенное Королевство Великобритании и Северной Ирландии",
                vec!["Соединенного Королевства Великобритании и Северной Ирландии"],
            ),
            (
                "Суверенный военный Мальтийский орден",
                vec!["Суверенного военного Мальтийского ордена"],
            ),
        ] {
            assert_eq!(genitives(name), expected, "{name}");
        }
    }

    #[test]
    fn organisations_are_found_in_every_language_and_russian_genitives_too() {
        let key = |text: &str, lang: Lang| match GAZETTEER.lookup_name_in(text, lang) {
            Some(Named::Organisation(i)) => GAZETTEER.organisations[i].key.clone(),
            Some(Named::Country(i)) => GAZETTEER.countries[i].iso3.clone(),
            None => String::new(),
        };
        assert_eq!(
            key("Organisation internationale pour les migrations", Lang::Fr),
            "IOM"
        );
        assert_eq!(
            key("Organización Internacional de Policía Criminal", Lang::Es),
            "INTERPOL"
        );
        assert_eq!(key("Европейского союза", Lang::Ru), "EU");
        assert_eq!(key("Ирана (Исламской Республики)", Lang::Ru), "IRN");
        assert_eq!(key("المنظمة الدولية للهجرة", Lang::Ar), "IOM");
    }

    static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        Gazetteer::load(&root.join("data"), &root.join("ontology")).expect("the tables load")
    });

    /// The keys of the names found, in order (`ITA`, `org/IOM`), each with the text it covers.
    fn found(text: &str, lang: Lang) -> Vec<(String, &str)> {
        GAZETTEER
            .find_names_in(text, lang)
            .into_iter()
            .map(|m| {
                let key = match m.named {
                    Named::Country(i) => GAZETTEER.countries[i].iso3.clone(),
                    Named::Organisation(i) => format!("org/{}", GAZETTEER.organisations[i].key),
                };
                (key, &text[m.start..m.end])
            })
            .collect()
    }

    fn keys(text: &str, lang: Lang) -> Vec<String> {
        found(text, lang).into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn english_names_with_brackets_and_commas_are_found_whole() {
        let text = "Bolivia (Plurinational State of), Iran (Islamic Republic of), Korea, Republic of, \
                    the United Kingdom of Great Britain and Northern Ireland, the United States of \
                    America and Venezuela (Bolivarian Republic of)";
        assert_eq!(
            found(text, Lang::En),
            vec![
                ("BOL".to_owned(), "Bolivia (Plurinational State of)"),
                ("IRN".to_owned(), "Iran (Islamic Republic of)"),
                ("KOR".to_owned(), "Korea, Republic of"),
                (
                    "GBR".to_owned(),
                    "United Kingdom of Great Britain and Northern Ireland"
                ),
                ("USA".to_owned(), "United States of America"),
                ("VEN".to_owned(), "Venezuela (Bolivarian Republic of)"),
            ]
        );
    }

    #[test]
    fn english_names_match_on_word_boundaries_only() {
        // Niger in Nigeria, Oman in Romania, Chad in Richard, India in Indian, Guinea in the Gulf
        assert_eq!(
            keys(
                "Nigeria, Romania, Richard, the Indian Ocean, the Gulf of Guinea and Papua New Guinea",
                Lang::En
            ),
            ["NGA", "ROU", "PNG"]
        );
        // Dominica is DMA; the Dominican Republic is DOM
        assert_eq!(keys("Niger and Dominica", Lang::En), ["NER", "DMA"]);
        assert_eq!(keys("the Dominican Republic", Lang::En), ["DOM"]);
        assert_eq!(
            keys(
                "the Democratic Republic of the Congo and the Congo",
                Lang::En
            ),
            ["COD", "COG"]
        );
        assert_eq!(
            keys("the Democratic People's Republic of Korea", Lang::En),
            ["PRK"]
        );
        assert_eq!(keys("South Sudan and the Sudan", Lang::En), ["SSD", "SDN"]);
    }

    #[test]
    fn old_and_new_english_forms_name_the_same_country() {
        assert_eq!(
            keys(
                "Türkiye, Turkey, Czechia, the Czech Republic, the Netherlands, Netherlands \
                 (Kingdom of the), Holy See, State of Palestine, Côte d’Ivoire, Côte d'Ivoire",
                Lang::En
            ),
            [
                "TUR", "TUR", "CZE", "CZE", "NLD", "NLD", "VAT", "PSE", "CIV", "CIV"
            ]
        );
    }

    #[test]
    fn english_organisations_by_name_and_acronym() {
        assert_eq!(
            keys(
                "UNODC, IOM, UNHCR, the International Criminal Police Organization (INTERPOL), \
                 INTERPOL, Europol, Frontex, the European Union, the Sovereign Military Order of \
                 Malta, the Office of the United Nations High Commissioner for Refugees",
                Lang::En
            ),
            [
                "org/UNODC",
                "org/IOM",
                "org/UNHCR",
                "org/INTERPOL",
                "org/INTERPOL",
                "org/EUROPOL",
                "org/FRONTEX",
                "org/EU",
                "org/SMOM",
                "org/UNHCR"
            ]
        );
        // the Order of Malta is not Malta; Eurojust's full name is not the European Union
        assert_eq!(
            keys(
                "European Union Agency for Criminal Justice Cooperation (Eurojust)",
                Lang::En
            ),
            ["org/EUROJUST"]
        );
        assert_eq!(keys("Malta", Lang::En), ["MLT"]);
    }

    #[test]
    fn other_un_languages_have_their_own_names() {
        assert_eq!(
            keys(
                "Allemagne, Bolivie (État plurinational de), Royaume-Uni de Grande-Bretagne et \
                 d'Irlande du Nord et Saint-Siège",
                Lang::Fr
            ),
            ["DEU", "BOL", "GBR", "VAT"]
        );
        assert_eq!(
            keys(
                "Alemania, Irán (República Islámica del) y Santa Sede",
                Lang::Es
            ),
            ["DEU", "IRN", "VAT"]
        );
        assert_eq!(
            keys("Германия, Российская Федерация и Святой Престол", Lang::Ru),
            ["DEU", "RUS", "VAT"]
        );
        assert_eq!(keys("ألمانيا ومصر", Lang::Ar), ["DEU", "EGY"]);
        // each language reads only its own names
        assert!(keys("Allemagne", Lang::En).is_empty());
        assert!(keys("Germany", Lang::Fr).is_empty());
    }

    #[test]
    fn chinese_matching_is_what_it_was() {
        assert_eq!(
            keys("发展中国家、中国、白俄罗斯和俄罗斯联邦", Lang::Zh),
            ["CHN", "BLR", "RUS"]
        );
        assert_eq!(
            GAZETTEER.find_names_in("Germany 德国", Lang::Zh),
            GAZETTEER.find_names("Germany 德国")
        );
        assert_eq!(GAZETTEER.find_names("Germany, Turkey, IOM").len(), 0);
    }

    #[test]
    fn lookup_takes_a_whole_name() {
        let ita = GAZETTEER.lookup_name_in(" Italy ", Lang::En);
        assert_eq!(
            ita.map(|n| match n {
                Named::Country(i) => GAZETTEER.countries[i].iso3.as_str(),
                Named::Organisation(_) => "",
            }),
            Some("ITA")
        );
        assert_eq!(GAZETTEER.lookup_name_in("Italy and Spain", Lang::En), None);
        assert_eq!(
            GAZETTEER.lookup_name_in("Plurinational State of", Lang::En),
            None
        );
        assert_eq!(Lang::from_code("en"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
    }
}
