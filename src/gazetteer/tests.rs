//! Unit tests of `gazetteer`.

use super::names::genitives;
use super::*;
use std::path::Path;
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
