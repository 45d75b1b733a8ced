//! Unit tests of `extract::instrument`.

use super::*;

const UNTOC: &str = include_str!("../../../data/instruments/UNTOC.en.md");
const SOM: &str = include_str!("../../../data/instruments/SOM.en.md");
const TIP: &str = include_str!("../../../data/instruments/TIP.en.md");
const FIREARMS: &str = include_str!("../../../data/instruments/FIREARMS.en.md");

fn parse(source: &str) -> InstrumentText {
    match parse_instrument(source) {
        Ok(instrument) => instrument,
        Err(error) => panic!("parse failed: {error}"),
    }
}

fn find<'a>(instrument: &'a InstrumentText, path: &str) -> &'a Provision {
    instrument
        .provisions
        .iter()
        .find(|provision| provision.path.join("/") == path)
        .unwrap_or_else(|| panic!("missing provision {path}"))
}

fn has(instrument: &InstrumentText, path: &str) -> bool {
    instrument
        .provisions
        .iter()
        .any(|provision| provision.path.join("/") == path)
}

fn article_numbers(instrument: &InstrumentText) -> Vec<u32> {
    instrument
        .provisions
        .iter()
        .filter(|provision| provision.path.len() == 1)
        .filter_map(|provision| provision.path[0].strip_prefix("art_")?.parse().ok())
        .collect()
}

#[test]
fn articles_are_numbered_one_to_n_in_order() {
    for (source, count) in [(UNTOC, 41), (SOM, 25), (TIP, 20), (FIREARMS, 21)] {
        let numbers = article_numbers(&parse(source));
        assert_eq!(numbers, (1..=count).collect::<Vec<u32>>());
    }
}

#[test]
fn instrument_titles_are_the_first_heading() {
    assert_eq!(
        parse(UNTOC).title,
        "United Nations Convention against Transnational Organized Crime"
    );
    assert!(
        parse(SOM)
            .title
            .starts_with("Protocol against the Smuggling of Migrants")
    );
    assert!(
        parse(TIP)
            .title
            .starts_with("Protocol to Prevent, Suppress and Punish")
    );
    assert!(
        parse(FIREARMS)
            .title
            .starts_with("Protocol against the illicit manufacturing")
    );
}

#[test]
fn articles_carry_their_titles() {
    let untoc = parse(UNTOC);
    assert_eq!(
        find(&untoc, "art_27").title.as_deref(),
        Some("Law enforcement cooperation")
    );
    assert_eq!(
        find(&untoc, "art_1").title.as_deref(),
        Some("Statement of purpose")
    );
    assert_eq!(
        find(&parse(SOM), "art_3").title.as_deref(),
        Some("Use of terms")
    );
    assert_eq!(
        find(&parse(FIREARMS), "art_21").title.as_deref(),
        Some("Depositary and languages")
    );
    assert_eq!(find(&untoc, "art_27/para_1").title, None);
    assert_eq!(find(&untoc, "art_27/para_1/point_a").title, None);
}

#[test]
fn expected_provisions_exist() {
    let untoc = parse(UNTOC);
    for path in [
        "art_27/para_1/point_a",
        "art_27/para_1/point_b",
        "art_27/para_1/point_c",
        "art_27/para_1/point_d",
        "art_27/para_1/point_e",
        "art_27/para_1/point_f",
        "art_27/para_2",
        "art_32/para_3",
        "art_37/para_4",
        "art_11/para_1",
        "art_28/para_2",
    ] {
        assert!(has(&untoc, path), "UNTOC {path}");
    }
    let som = parse(SOM);
    for path in [
        "art_3/point_a",
        "art_3/point_b",
        "art_3/point_c",
        "art_3/point_d",
        "art_3/point_c/subpoint_i",
        "art_3/point_c/subpoint_ii",
        "art_3/point_c/subpoint_iii",
        "art_19/para_1",
        "art_19/para_2",
        "art_1/para_1",
        "art_1/para_2",
        "art_1/para_3",
    ] {
        assert!(has(&som, path), "SOM {path}");
    }
    let tip = parse(TIP);
    for path in [
        "art_3/point_a",
        "art_3/point_b",
        "art_3/point_c",
        "art_3/point_d",
    ] {
        assert!(has(&tip, path), "TIP {path}");
    }
}

#[test]
fn untoc_article_18_has_thirty_paragraphs() {
    let untoc = parse(UNTOC);
    let paragraphs = untoc
        .provisions
        .iter()
        .filter(|provision| provision.path.len() == 2 && provision.path[0] == "art_18")
        .filter(|provision| provision.path[1].starts_with("para_"))
        .count();
    assert_eq!(paragraphs, 30);
}

#[test]
fn double_backtick_quotes_become_plain_quotes() {
    let som = parse(SOM);
    let point_a = find(&som, "art_3/point_a");
    assert!(
        point_a
            .text
            .starts_with("\"Smuggling of migrants\" shall mean")
    );
    let untoc = parse(UNTOC);
    assert!(
        find(&untoc, "art_2/point_a")
            .text
            .starts_with("\"Organized criminal group\"")
    );
    assert!(untoc.provisions.iter().all(|p| !p.text.contains("``")));
}

#[test]
fn texts_are_whitespace_normalised_and_nested() {
    let som = parse(SOM);
    let point_c = find(&som, "art_3/point_c");
    assert_eq!(
        point_c.text.lines().next(),
        Some(
            "\"Fraudulent travel or identity document\" shall mean any travel or identity document:"
        )
    );
    assert!(
        point_c
            .text
            .contains("\n(iii) That is being used by a person other than")
    );
    let article = find(&som, "art_1");
    assert!(article.text.starts_with("1. This Protocol supplements"));
    assert_eq!(article.text.lines().count(), 3);
    assert_eq!(
        find(&som, "art_1/para_2").text,
        "The provisions of the Convention shall apply, mutatis mutandis, to this Protocol unless otherwise provided herein."
    );
    for provision in &som.provisions {
        assert!(!provision.text.contains("  "), "{:?}", provision.path);
    }
}

#[test]
fn no_provision_is_empty_and_no_path_repeats() {
    for source in [UNTOC, SOM, TIP, FIREARMS] {
        let instrument = parse(source);
        let mut paths = HashSet::new();
        for provision in &instrument.provisions {
            assert!(
                !provision.text.trim().is_empty(),
                "{:?} is empty",
                provision.path
            );
            assert!(
                paths.insert(provision.path.clone()),
                "{:?} repeats",
                provision.path
            );
        }
    }
}

#[test]
fn letter_i_after_h_is_a_point_but_after_a_colon_a_sub_point() {
    let untoc = parse(UNTOC);
    assert!(has(&untoc, "art_2/point_i"));
    assert!(has(&untoc, "art_2/point_j"));
    assert!(!has(&untoc, "art_2/point_h/subpoint_i"));
    assert!(has(&untoc, "art_18/para_3/point_i"));
    assert!(has(&untoc, "art_29/para_1/point_i"));
    assert!(has(&untoc, "art_27/para_1/point_b/subpoint_iii"));
    assert!(has(&untoc, "art_31/para_2/point_d/subpoint_iv"));
    assert!(has(&parse(FIREARMS), "art_3/point_d/subpoint_iii"));
}

#[test]
fn a_point_with_no_text_of_its_own_holds_its_sub_points() {
    let untoc = parse(UNTOC);
    let point_a = find(&untoc, "art_6/para_1/point_a");
    assert!(
        point_a
            .text
            .starts_with("(i) The conversion or transfer of property")
    );
    assert!(has(&untoc, "art_6/para_1/point_a/subpoint_ii"));
    assert!(has(&untoc, "art_6/para_1/point_b/subpoint_i"));
    assert!(
        find(&untoc, "art_6/para_1")
            .text
            .contains("\n(a)\n(i) The conversion")
    );
}

#[test]
fn lettered_items_under_a_sub_point_stay_in_its_text() {
    let untoc = parse(UNTOC);
    let sub_point = find(&untoc, "art_5/para_1/point_a/subpoint_ii");
    assert!(
        sub_point
            .text
            .contains("\na. Criminal activities of the organized criminal group;")
    );
    assert!(has(&untoc, "art_5/para_1/point_b"));
}

#[test]
fn text_closing_a_list_goes_to_the_lists_owner() {
    let firearms = parse(FIREARMS);
    let sub_point = find(&firearms, "art_3/point_d/subpoint_iii");
    assert!(
        sub_point
            .text
            .ends_with("in accordance with article 8 of this Protocol;")
    );
    let point_d = find(&firearms, "art_3/point_d");
    assert!(point_d.text.ends_with(
        "\nLicensing or authorization of the manufacture of parts and components shall be in accordance with domestic law;"
    ));
    assert!(has(&firearms, "art_3/point_e"));
}

#[test]
fn points_directly_under_articles_and_unnumbered_articles() {
    let untoc = parse(UNTOC);
    assert!(has(&untoc, "art_23/point_b"));
    let article_17 = find(&untoc, "art_17");
    assert!(
        article_17
            .text
            .starts_with("States Parties may consider entering into")
    );
    assert!(
        !untoc
            .provisions
            .iter()
            .any(|p| p.path[0] == "art_17" && p.path.len() > 1)
    );
    assert!(has(&parse(SOM), "art_17/point_b"));
}

#[test]
fn preamble_closing_formula_and_dutch_text_are_not_provisions() {
    for source in [UNTOC, SOM, TIP, FIREARMS] {
        let instrument = parse(source);
        for provision in &instrument.provisions {
            assert!(
                !provision.text.contains("IN WITNESS WHEREOF"),
                "{:?}",
                provision.path
            );
            assert!(
                !provision.text.contains("Verenigde Naties"),
                "{:?}",
                provision.path
            );
            assert!(
                !provision.text.contains("Have agreed as follows"),
                "{:?}",
                provision.path
            );
        }
    }
    let last = parse(SOM).provisions.pop().map(|p| p.path.join("/"));
    assert_eq!(last.as_deref(), Some("art_25/para_2"));
}

#[test]
fn lines_point_at_where_provisions_start() {
    let som = parse(SOM);
    assert_eq!(find(&som, "art_1").line, 8);
    assert_eq!(find(&som, "art_1/para_1").line, 12);
    let lines: Vec<&str> = SOM.lines().collect();
    assert!(lines[find(&som, "art_3/point_c/subpoint_ii").line - 1].starts_with("(ii)"));
}

#[test]
fn empty_input_is_an_error() {
    assert_eq!(parse_instrument(""), Err(InstrumentError::Empty));
    assert_eq!(parse_instrument("  \n\n\t\n"), Err(InstrumentError::Empty));
}

#[test]
fn input_without_articles_is_an_error() {
    let source = "####A Treaty\n\nPreamble text.\n\n1.   A paragraph outside any article.\n";
    assert_eq!(parse_instrument(source), Err(InstrumentError::NoArticles));
}

#[test]
fn skipped_article_number_is_an_error() {
    let source =
        "####T\n\n### Article  1\n\n####One\n\nText.\n\n### Article  3\n\n####Three\n\nText.\n";
    assert_eq!(
        parse_instrument(source),
        Err(InstrumentError::ArticleOutOfOrder {
            line: 9,
            expected: 2,
            found: 3
        })
    );
}

#[test]
fn repeated_point_letter_is_an_error() {
    let source = "####T\n\n### Article  1\n\n####One\n\nText:\n\na) First;\n\na) Again.\n";
    let error = parse_instrument(source);
    assert_eq!(
        error,
        Err(InstrumentError::DuplicateProvision {
            line: 11,
            path: "art_1/point_a".to_owned()
        })
    );
    if let Err(error) = error {
        assert_eq!(
            error.to_string(),
            "line 11: provision art_1/point_a occurs twice"
        );
    }
}
