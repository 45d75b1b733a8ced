//! French, Spanish, Russian and Arabic paragraphs mention the themes their English renderings
//! mention. Each fixture `tests/fixtures/themes/{lang}.txt` (written, not copied; see its README)
//! is read as the corpus reads a file and its facts are extracted; the (paragraph, theme) mentions
//! are compared as sets with `tests/fixtures/themes/{lang}.tsv` (written by reading the
//! paragraphs), and with the mentions of the English rendering `en.txt`, every difference printed.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use rstest::rstest;

use crate::common::{differences, repo, tsv_rows};
use ctockg::corpus::{Entry, ManifestEntry};
use ctockg::extract::Mention;
use ctockg::gazetteer::{Gazetteer, Lang};

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::load(&repo().join("data"), &repo().join("ontology")).expect("gazetteer")
});

/// The (paragraph number, theme key) pairs a fixture's paragraphs mention, as `12\ttechnology`.
fn mentioned(language: &str) -> BTreeSet<String> {
    let dir = repo().join("tests/fixtures/themes");
    let file = format!("{language}.txt");
    let bytes = std::fs::read(dir.join(&file)).expect("fixture is readable");
    let entry = Entry {
        file: file.clone(),
        manifest: Some(ManifestEntry {
            file,
            language: Some(language.to_owned()),
            body: Some("wg7".to_owned()),
            ..Default::default()
        }),
        manifest_line: None,
    };
    let doc = ctockg::corpus::document_from_bytes(&dir, &entry, &bytes).expect("fixture reads");
    let facts = ctockg::extract::extract_document(&doc, &GAZETTEER);
    facts
        .mentions
        .iter()
        .filter_map(|(block, mention)| match mention {
            Mention::Theme(key) => Some(format!(
                "{}\t{key}",
                doc.blocks[*block].number.as_deref().unwrap_or("?")
            )),
            _ => None,
        })
        .collect()
}

/// The pairs of `{language}.tsv`, its header left out.
fn expected(language: &str) -> BTreeSet<String> {
    tsv_rows(&repo().join(format!("tests/fixtures/themes/{language}.tsv")))
}

#[rstest]
fn a_language_mentions_the_themes_written_for_it(
    #[values("en", "fr", "es", "ru", "ar")] language: &str,
) {
    let expected = expected(language);
    assert!(
        expected.len() >= 13,
        "{language}.tsv holds only {} pairs",
        expected.len()
    );
    let diffs = differences(language, &expected, &mentioned(language));
    assert!(diffs.is_empty(), "\n{}\n", diffs.join("\n"));
}

#[rstest]
fn a_language_mentions_the_themes_of_its_english_rendering(
    #[values("fr", "es", "ru", "ar")] language: &str,
) {
    let english = mentioned("en");
    let themes: BTreeSet<&str> = english
        .iter()
        .filter_map(|pair| pair.split('\t').nth(1))
        .collect();
    assert_eq!(themes.len(), 10, "the English paragraphs name every theme");
    let diffs = differences(&format!("en → {language}"), &english, &mentioned(language));
    assert!(diffs.is_empty(), "\n{}\n", diffs.join("\n"));
}

/// What the matcher does with the forms of words, one rule a case: the theme keys found.
#[rstest]
// case: Cyrillic and accented capitals read as lower case
#[case(Lang::Ru, "МЕЖДУНАРОДНОЕ СОТРУДНИЧЕСТВО", &["international-cooperation"])]
#[case(Lang::Fr, "COOPÉRATION INTERNATIONALE", &["international-cooperation"])]
// Russian cases, by the stems of the hidden labels
#[case(Lang::Ru, "в области международного сотрудничества", &["international-cooperation"])]
#[case(Lang::Ru, "благодаря международному сотрудничеству", &["international-cooperation"])]
#[case(Lang::Ru, "в рамках международных сотрудничеств", &["international-cooperation"])]
// plurals and agreement, a label's words being stems
#[case(Lang::Fr, "des conflits armés", &["crisis-impact"])]
#[case(Lang::Es, "los controles fronterizos", &["prevention"])]
// a label begins a word, never inside one; a short word is whole: "mar" is not "marco"
#[case(Lang::Fr, "la lutte contre l’impunité", &["criminal-justice"])]
#[case(Lang::Fr, "la biotechnologie", &[])]
#[case(Lang::Ru, "нанотехнологии", &[])]
#[case(Lang::Es, "en el marco de la cooperación", &[])]
#[case(Lang::Es, "por Marruecos", &[])]
#[case(Lang::Es, "rescatados en el mar", &["smuggling-by-sea"])]
// a word that begins with a label without meaning it: الفقرة (the paragraph) is not الفقر
#[case(Lang::Ar, "وفقا للفقرة 3 والفقرات 4 إلى 6", &[])]
#[case(Lang::Ar, "مكافحة الفقر", &["root-causes"])]
// Arabic: proclitics written onto the first word, li- + al- written لل, short vowels left out
#[case(Lang::Ar, "وبالتعاون الدولي", &["international-cooperation"])]
#[case(Lang::Ar, "للتعاون الدولي", &["international-cooperation"])]
#[case(Lang::Ar, "المهاجرين المهرَّبين وحقوق المهاجرين المهرَّبين", &["protection-of-migrants"])]
#[case(Lang::Ar, "استخدامات", &[])]
// names of bodies and instruments blanked out, the words around them still read
#[case(Lang::Fr, "l'interprétation du Protocole contre le trafic illicite de migrants par terre, air et mer", &["protocol-interpretation"])]
#[case(Lang::Ru, "Комиссия по предупреждению преступности и уголовному правосудию", &[])]
#[case(Lang::Es, "la Comisión de Prevención del Delito y Justicia Penal y la justicia penal", &["criminal-justice"])]
// a short last word of an English label is whole: "war" is not "warrant"; a word that only
// begins with a label is blanked: "determined" is not "deter"
#[case(Lang::En, "people fleeing the war", &["crisis-impact"])]
#[case(Lang::En, "a warrant of arrest", &["criminal-justice"])]
#[case(Lang::En, "the Working Group determined the dates of its meeting", &[])]
#[case(Lang::En, "Determined to act, the Working Group met again", &[])]
// cooperation, coordination and their kin are between States only beside States, regions or
// organisations, in every language (theme-contexts.tsv); 有组织犯罪 (organized crime) is no
// organisation
#[case(Lang::En, "the secretariat cooperated with the Chair", &[])]
#[case(Lang::En, "States cooperated with one another", &["international-cooperation"])]
#[case(Lang::Fr, "la coopération entre les ministères", &[])]
#[case(Lang::Fr, "la coopération entre États", &["international-cooperation"])]
#[case(Lang::Es, "la cooperación con otros Estados", &["international-cooperation"])]
#[case(Lang::Es, "la coordinación con los ministerios", &[])]
#[case(Lang::Es, "la coordinación con los Estados vecinos", &["international-cooperation"])]
#[case(Lang::Ru, "сотрудничество с другими государствами", &["international-cooperation"])]
#[case(Lang::Ar, "التعاون مع الرئيس", &[])]
#[case(Lang::Ar, "التعاون مع الدول المجاورة", &["international-cooperation"])]
#[case(Lang::Zh, "有组织犯罪集团成员之间的合作", &[])]
#[case(Lang::Zh, "建立国家协调机构", &[])]
#[case(Lang::Zh, "与有关国际组织进行协调", &["international-cooperation"])]
// the Global Compact's title is a name, its words a root cause elsewhere
#[case(Lang::En, "the Global Compact for Safe, Orderly and Regular Migration", &[])]
#[case(Lang::En, "safe, orderly and regular migration", &["root-causes"])]
#[case(Lang::Ru, "Глобальный договор о безопасной, упорядоченной и легальной миграции", &[])]
#[case(Lang::Ru, "расширение возможностей для легальной миграции", &["root-causes"])]
#[case(Lang::Es, "el Pacto Mundial para la Migración Segura, Ordenada y Regular", &[])]
// demand is prevention where it is reduced; legislation is the instruments' beside them
#[case(Lang::Zh, "减少对偷运的需求", &["prevention", "root-causes"])]
#[case(Lang::Zh, "催生对偷运的需求", &["root-causes"])]
#[case(Lang::Zh, "满足培训需求", &[])]
#[case(Lang::Fr, "la législation nationale", &[])]
#[case(Lang::Fr, "la législation qui donne effet au Protocole", &["protocol-interpretation"])]
// each language reads only its own labels
#[case(Lang::Fr, "international cooperation", &[])]
#[case(Lang::En, "coopération internationale", &[])]
fn word_forms(#[case] lang: Lang, #[case] text: &str, #[case] themes: &[&str]) {
    assert_eq!(GAZETTEER.find_themes_in(text, lang), themes, "{text}");
}

/// Chinese is read as before: substrings, 《》 titles blanked, English labels too.
#[test]
fn chinese_is_read_as_before() {
    assert_eq!(
        GAZETTEER.find_themes("各国应加强国际合作，提高公众认识。"),
        ["international-cooperation", "prevention"]
    );
    assert!(
        GAZETTEER
            .find_themes("《关于预防、禁止和惩治贩运人口特别是妇女和儿童行为的补充议定书》")
            .is_empty()
    );
    assert!(
        GAZETTEER
            .find_themes("coopération internationale")
            .is_empty()
    );
}

/// The themes' labels in the four languages add no label shown in Chinese or English.
#[test]
fn labels_shown_in_chinese_and_english_are_unchanged() {
    for theme in GAZETTEER.themes.iter().filter(|t| t.is_top()) {
        assert_eq!(theme.label("en"), theme.pref["en"], "{}", theme.key);
        assert_eq!(theme.label("zh"), theme.pref["zh"], "{}", theme.key);
        // a language with no label falls back on English, not on the first language in order
        assert_eq!(theme.label("de"), theme.pref["en"], "{}", theme.key);
        for lang in ["fr", "es", "ru", "ar"] {
            assert!(theme.pref.contains_key(lang), "{}: no @{lang}", theme.key);
            assert!(
                theme.alt.get(lang).is_some_and(|a| a.len() >= 4),
                "{}: few @{lang} altLabels",
                theme.key
            );
        }
    }
}
