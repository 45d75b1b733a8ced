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
//! and Arabic by a [`PhraseMatcher`](phrases::PhraseMatcher) of that language's labels, word by
//! word and without regard to case, after the names of instruments and bodies that contain a
//! label ("la prévention du crime et la justice pénale") are blanked out.

use aho_corasick::AhoCorasick;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

mod load;
mod names;
mod phrases;
mod themes;

use load::split_aliases;
use names::WordMatcher;
use themes::ThemeWords;

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

impl Gazetteer {
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

#[cfg(test)]
mod tests;
