//! Unit tests of `masthead`.

use super::*;

fn d(y: u16, m: u8, day: u8) -> Date {
    Date::new(y, m, day).expect("a real date")
}

#[test]
fn dates_in_six_languages() {
    for (text, start, end) in [
        ("21 April 2009", d(2009, 4, 21), d(2009, 4, 21)),
        ("21 avril 2009", d(2009, 4, 21), d(2009, 4, 21)),
        ("21 de abril de 2009", d(2009, 4, 21), d(2009, 4, 21)),
        ("21 апреля 2009 года", d(2009, 4, 21), d(2009, 4, 21)),
        ("21 نيسان/أبريل 2009", d(2009, 4, 21), d(2009, 4, 21)),
        ("2009年4月21日", d(2009, 4, 21), d(2009, 4, 21)),
        ("11 and 12 July 2024", d(2024, 7, 11), d(2024, 7, 12)),
        ("11 et 12 juillet 2024", d(2024, 7, 11), d(2024, 7, 12)),
        ("11 y 12 de julio de 2024", d(2024, 7, 11), d(2024, 7, 12)),
        ("11 и 12 июля 2024 года", d(2024, 7, 11), d(2024, 7, 12)),
        ("11 و12 تموز/يوليه 2024", d(2024, 7, 11), d(2024, 7, 12)),
        ("2024年7月11日和12日", d(2024, 7, 11), d(2024, 7, 12)),
        ("30 May–1 June 2012", d(2012, 5, 30), d(2012, 6, 1)),
        ("30 mai-1er juin 2012", d(2012, 5, 30), d(2012, 6, 1)),
        (
            "30 de mayo a 1 de junio de 2012",
            d(2012, 5, 30),
            d(2012, 6, 1),
        ),
        ("30 мая – 1 июня 2012 года", d(2012, 5, 30), d(2012, 6, 1)),
        (
            "30 أيار/مايو - 1 حزيران/يونيه 2012",
            d(2012, 5, 30),
            d(2012, 6, 1),
        ),
        (
            "2012 年 5 月 30 日至 6 月 1 日",
            d(2012, 5, 30),
            d(2012, 6, 1),
        ),
        ("27-29 января 2010 года", d(2010, 1, 27), d(2010, 1, 29)),
        (
            "15 a 19 de octubre de 2012",
            d(2012, 10, 15),
            d(2012, 10, 19),
        ),
        ("٢١ نيسان/أبريل ٢٠٠٩", d(2009, 4, 21), d(2009, 4, 21)),
    ] {
        assert_eq!(
            whole_dates(&ascii_digits(text)),
            Some((start, end)),
            "{text}"
        );
    }
    assert_eq!(whole_dates("31 April 2009"), None);
    assert_eq!(whole_dates("12 and 11 July 2024"), None);
}

#[test]
fn language_names_in_six_languages() {
    for (name, l) in [
        ("Chinese", Language::Zh),
        ("Chinois", Language::Zh),
        ("Chino", Language::Zh),
        ("Китайский", Language::Zh),
        ("صيني", Language::Zh),
        ("中文", Language::Zh),
        ("anglais", Language::En),
        ("inglés", Language::En),
        ("английский", Language::En),
        ("بالإنكليزية", Language::En),
        ("英文", Language::En),
        ("Español", Language::Es),
        ("Français", Language::Fr),
        ("Russian", Language::Ru),
        ("عربي", Language::Ar),
    ] {
        assert_eq!(Language::from_name(name), Some(l), "{name}");
    }
    assert_eq!(Language::from_name("Vienna"), None);
    for l in Language::ALL {
        assert_eq!(Language::from_code(l.code()), Some(l));
        assert_eq!(Language::from_letter(l.letter()), Some(l));
        for other in Language::ALL {
            assert_eq!(Language::from_name(l.name_in(other)), Some(l));
        }
    }
}

#[test]
fn ordinals_in_six_languages() {
    for (line, n) in [
        ("Eleventh meeting", 11),
        ("Onzième réunion", 11),
        ("Undécima reunión", 11),
        ("Одиннадцатое совещание", 11),
        ("الاجتماع الحادي عشر", 11),
        ("第十一次会议", 11),
        ("Sixth session", 6),
        ("Sexto período de sesiones", 6),
        ("Шестая сессия", 6),
        ("الدورة السادسة", 6),
        ("第六届会议", 6),
        ("Première réunion", 1),
    ] {
        assert_eq!(ordinal(line), Some(n), "{line}");
    }
}

#[test]
fn agenda_lines_in_six_languages() {
    for (line, item, star) in [
        ("Item 2 of the provisional agenda*", "2", true),
        ("Item 3 (b) of the provisional agenda", "3 (b)", false),
        ("Point 2 de l'ordre du jour provisoire*", "2", true),
        ("Point 2 de l’ordre du jour provisoire*", "2", true),
        ("Tema 2 del programa provisional *", "2", true),
        ("Пункт 2 предварительной повестки дня*", "2", true),
        ("البند 2 من جدول الأعمال المؤقت*", "2", true),
        ("临时议程*项目2", "2", true),
        ("临时议程 项目 4", "4", false),
    ] {
        let caps = AGENDA_ITEM
            .iter()
            .find_map(|re| re.captures(line))
            .unwrap_or_else(|| panic!("{line}"));
        assert_eq!(&caps["item"], item, "{line}");
        assert_eq!(caps.name("star").is_some(), star, "{line}");
    }
    assert!(
        AGENDA_ITEM
            .iter()
            .all(|re| !re.is_match("The agenda was adopted"))
    );
}

#[test]
fn type_lines_in_six_languages() {
    let cases = [
        (
            "Background paper prepared by the Secretariat",
            DocType::BackgroundPaper,
        ),
        (
            "Document d’information établi par le Secrétariat",
            DocType::BackgroundPaper,
        ),
        (
            "Documento de antecedentes preparado por la Secretaría",
            DocType::BackgroundPaper,
        ),
        (
            "Справочный документ, подготовленный Секретариатом",
            DocType::BackgroundPaper,
        ),
        ("秘书处编写的背景文件", DocType::BackgroundPaper),
        ("Note by the Secretariat", DocType::Note),
        ("مذكرة من الأمانة", DocType::Note),
        ("秘书处编写的专题概要", DocType::ThematicSummary),
        ("Provisional agenda", DocType::Agenda),
        ("Предварительная повестка дня", DocType::Agenda),
        ("Annotated provisional agenda", DocType::AnnotatedAgenda),
        (
            "Programa provisional y anotaciones",
            DocType::AnnotatedAgenda,
        ),
        ("Liste des participants", DocType::ListOfParticipants),
        ("与会者名单", DocType::ListOfParticipants),
        ("报告草稿", DocType::DraftReport),
        ("Проект доклада", DocType::DraftReport),
        ("Corrigendum", DocType::Corrigendum),
        ("تصويب", DocType::Corrigendum),
        ("Adición", DocType::Addendum),
    ];
    for (line, t) in cases {
        let key = type_key(line);
        let found = TYPE_LINES.iter().find(|(_, p)| *p == key).map(|(t, _)| *t);
        assert_eq!(found, Some(t), "{line}");
    }
    for (title, t) in [
        (
            "Report on the meeting of the Working Group held in Vienna",
            DocType::Report,
        ),
        (
            "Rapport sur la réunion du Groupe de travail",
            DocType::Report,
        ),
        (
            "Informe de la reunión del Grupo de Trabajo",
            DocType::Report,
        ),
        ("Доклад о работе совещания Рабочей группы", DocType::Report),
        ("在维也纳举行的工作组会议的报告", DocType::Report),
        ("Draft report of the meeting", DocType::DraftReport),
    ] {
        let found = REPORT_TITLE.iter().find(|(_, re)| re.is_match(title));
        assert_eq!(found.map(|(t, _)| *t), Some(t), "{title}");
    }
}

#[test]
fn distribution_and_original_as_printed() {
    let text = "Distr. générale\n3 juin 2024\nFrançais\nOriginal : anglais\n";
    let m = read(text);
    assert_eq!(
        m.distribution.map(|d| (d.value, d.line)),
        Some((Distribution::General, 1))
    );
    assert_eq!(m.date.map(|d| d.line), Some(2));
    assert_eq!(m.language.map(|l| l.value), Some(Language::Fr));
    assert_eq!(m.original.map(|l| l.value), Some(Language::En));
    // a flattened masthead, as text extracted from some PDFs leaves it
    let m = read("Distr. general 20 de septiembre de 2012 Español Original: inglés\n");
    assert_eq!(m.distribution.map(|d| d.value), Some(Distribution::General));
    assert_eq!(m.date.map(|d| d.value), Date::new(2012, 9, 20));
    assert_eq!(m.language.map(|l| l.value), Some(Language::Es));
    assert_eq!(m.original.map(|l| l.value), Some(Language::En));
    let m = read("Язык оригинала: английский\nالأصل: بالإنكليزية\n");
    assert_eq!(
        m.original.map(|o| (o.value, o.line)),
        Some((Language::En, 1))
    );
}

#[test]
fn front_matter_of_a_wrapped_masthead() {
    let text = "United Nations\nCTOC/COP/WG.7/2024/2\n\nConference of the Parties to the\nUnited Nations Convention\nagainst Transnational\nOrganized Crime\n\nDistr.: General\n30 April 2024\n\nOriginal: English\n\nWorking Group on the Smuggling of Migrants\nVienna, 11 and 12 July 2024\nItem 2 of the provisional agenda*\nA topic\n\nA document\nabout it\n\nBackground paper prepared by the Secretariat\n\n1. Text.\n* CTOC/COP/WG.7/2024/1.\n";
    let m = read(text);
    let got: Vec<String> = m
        .entries()
        .into_iter()
        .map(|(k, v, l)| format!("{k}={v}@{l}"))
        .collect();
    assert_eq!(
        got,
        [
            "symbol=CTOC/COP/WG.7/2024/2@2",
            "distribution=general@9",
            "date=2024-04-30@10",
            "original=en@12",
            "body=wg7@14",
            "session-start=2024-07-11@15",
            "session-end=2024-07-12@15",
            "venue=Vienna@15",
            "agenda-item=2@16",
            "agenda-symbol=CTOC/COP/WG.7/2024/1@25",
            "doc-type=background-paper@22",
            "title=A document about it@19",
        ]
    );
}
