//! Reading the gazetteer: the tables under `data/gazetteer` and the theme scheme
//! `ontology/themes.ttl`, and the matchers built from them.

use aho_corasick::{AhoCorasick, MatchKind};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

use super::names::{WordMatcher, genitives};
use super::phrases::PhraseMatcher;
use super::themes::{ThemeWords, theme_matcher};
use super::{Country, Gazetteer, GazetteerError, Lang, Named, Organisation, Theme};
use crate::vocab::ext;

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

pub(super) fn split_aliases(aliases: &str) -> impl Iterator<Item = &str> {
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
