//! Unit tests of `extract::others`.

use super::*;

fn rules(language: &str) -> &'static Rules {
    &RULES
        .iter()
        .find(|(code, _)| *code == language)
        .expect("a language")
        .1
}

/// Provisions a text cites, as `KEY/art_n/…`, with `own` the working group.
fn cited(language: &str, own: &str, text: &str) -> Vec<String> {
    let rules = rules(language);
    let own_protocol = match own {
        "wg7" => Some("SOM"),
        "wg4" => Some("TIP"),
        _ => None,
    };
    let mut last = "SOM".to_owned();
    let text = ascii_digits(text);
    let events = instrument_events(&text, rules, own_protocol, &mut last);
    let mut facts = DocumentFacts::default();
    provisions(0, &text, rules, &events, None, &mut facts);
    acts(0, &text, rules, &mut facts);
    facts
        .citations
        .into_iter()
        .map(|(_, c)| match c {
            Citation::Provision(i, path) => format!("{i}/{}", path.join("/")),
            Citation::Act(a) => format!(
                "{}/{}/{}-{}",
                match a.kind {
                    ActKind::Resolution => "resolution",
                    ActKind::Decision => "decision",
                },
                a.body,
                a.session,
                a.number
            ),
            Citation::Document(d) => d,
        })
        .collect()
}

#[test]
fn provisions_in_four_languages() {
    for (language, own, text, expected) in [
        (
            "fr",
            "wg7",
            "l'article 27, paragraphe 1 e), de la Convention contre la criminalité organisée",
            vec!["UNTOC/art_27/para_1/point_e"],
        ),
        (
            "fr",
            "wg7",
            "le paragraphe 3 de l'article 6 du Protocole",
            vec!["SOM/art_6/para_3"],
        ),
        (
            "fr",
            "wg7",
            "les articles 10 à 12 du Protocole",
            vec!["SOM/art_10", "SOM/art_11", "SOM/art_12"],
        ),
        ("fr", "wg7", "l'article 2 du règlement intérieur", vec![]),
        (
            "fr",
            "wg4",
            "l'article 5 de la présente Convention",
            vec!["UNTOC/art_5"],
        ),
        (
            "es",
            "wg4",
            "el artículo 5 del presente Protocolo",
            vec!["TIP/art_5"],
        ),
        (
            "es",
            "wg7",
            "el artículo 6, párrafo 3, del Protocolo contra la trata de personas",
            vec!["TIP/art_6/para_3"],
        ),
        (
            "es",
            "wg4",
            "el apartado a) del artículo 3 del Protocolo",
            vec!["TIP/art_3/point_a"],
        ),
        (
            "ru",
            "wg4",
            "статья 3 (a) Протокола о незаконном ввозе мигрантов",
            vec!["SOM/art_3/point_a"],
        ),
        (
            "ru",
            "wg7",
            "пункт 1 (e) статьи 27 Конвенции",
            vec!["UNTOC/art_27/para_1/point_e"],
        ),
        (
            "ru",
            "wg7",
            "в соответствии со статьей 16 Протокола",
            vec!["SOM/art_16"],
        ),
        (
            "ar",
            "wg7",
            "المادة 6 من بروتوكول الاتجار بالأشخاص",
            vec!["TIP/art_6"],
        ),
        (
            "ar",
            "wg7",
            "الفقرة 1 (هـ) من المادة 27 من الاتفاقية",
            vec!["UNTOC/art_27/para_1/point_e"],
        ),
        (
            "ar",
            "wg7",
            "المواد من 10 إلى 12 من البروتوكول",
            vec!["SOM/art_10", "SOM/art_11", "SOM/art_12"],
        ),
    ] {
        assert_eq!(cited(language, own, text), expected, "{language}: {text}");
    }
}

#[test]
fn acts_in_four_languages() {
    for (language, text, expected) in [
        (
            "fr",
            "les résolutions 5/3 et 7/1 et la décision 4/4",
            vec![
                "resolution/cop/5-3",
                "resolution/cop/7-1",
                "decision/cop/4-4",
            ],
        ),
        (
            "fr",
            "la résolution 55/25 de l'Assemblée générale",
            vec!["resolution/ga/55-25"],
        ),
        ("fr", "la résolution 27/3 de la Commission", vec![]),
        (
            "es",
            "la resolución 55/25 de la Asamblea General y la decisión 4/4",
            vec!["resolution/ga/55-25", "decision/cop/4-4"],
        ),
        (
            "ru",
            "резолюция 55/25 Генеральной Ассамблеи и решением 4/4",
            vec!["resolution/ga/55-25", "decision/cop/4-4"],
        ),
        (
            "ar",
            "قرار الجمعية العامة 55/25 والمقرر 4/4 والقرارين 5/3 و7/1",
            vec![
                "resolution/ga/55-25",
                "decision/cop/4-4",
                "resolution/cop/5-3",
                "resolution/cop/7-1",
            ],
        ),
    ] {
        let mut got = cited(language, "wg7", text);
        let mut expected: Vec<String> = expected.into_iter().map(str::to_owned).collect();
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "{language}: {text}");
    }
}

#[test]
fn ordinals_of_meetings_in_four_languages() {
    for (language, text, expected) in [
        ("fr", "La première réunion du Groupe de travail, ", Some(1)),
        ("fr", "à sa septième réunion, ", Some(7)),
        ("es", "en su tercera reunión, ", Some(3)),
        ("ru", "на своем пятнадцатом совещании, ", Some(15)),
        ("ru", "Пятое совещание Рабочей группы, ", Some(5)),
        ("ar", "في اجتماعه الحادي عشر ", Some(11)),
        ("ar", "في اجتماعه الثاني ", Some(2)),
        ("fr", "lors de la réunion, ", None),
    ] {
        assert_eq!(
            ordinal_before(text, rules(language)),
            expected,
            "{language}: {text}"
        );
    }
}

#[test]
fn the_conference_of_the_parties_to_the_convention_names_a_body() {
    for (language, text) in [
        (
            "fr",
            "la Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale organisée",
        ),
        (
            "es",
            "la Conferencia de las Partes en la Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional",
        ),
        (
            "ru",
            "Конференция участников Конвенции Организации Объединенных Наций против транснациональной организованной преступности",
        ),
        (
            "ar",
            "مؤتمر الأطراف في اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية",
        ),
    ] {
        let mut last = "SOM".to_owned();
        let events = instrument_events(text, rules(language), Some("SOM"), &mut last);
        assert!(events.is_empty(), "{language}: {events:?}");
    }
}

#[test]
fn points_in_three_scripts() {
    assert_eq!(point_letter("e").as_deref(), Some("e"));
    assert_eq!(point_letter("а").as_deref(), Some("a"));
    assert_eq!(point_letter("هـ").as_deref(), Some("e"));
    assert_eq!(point_letter("ب").as_deref(), Some("b"));
}
