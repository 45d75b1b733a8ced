//! Unit tests of `corpus::normalise`.

use super::*;

#[test]
fn rejoins_words_and_symbols_broken_across_lines() {
    // PDF lines are about 38 characters wide; a word or symbol cut at the margin continues
    let text = "1. 《打击偷运移民议定书》的下列缔约方派代表出席了本次会议：阿塞拜\n\n疆、巴哈马，以及文件（CTOC/COP/WG.7/ \n\n2013/4）所列的其他缔约方和观察员。\n";
    let blocks = normalise(text).blocks;
    assert_eq!(blocks.len(), 1, "{blocks:#?}");
    assert!(blocks[0].text.contains("阿塞拜疆"), "{}", blocks[0].text);
    assert!(
        blocks[0].text.contains("CTOC/COP/WG.7/2013/4"),
        "{}",
        blocks[0].text
    );
}

#[test]
fn agenda_numbers_stay_inside_their_paragraph() {
    let text = "1. 前一段。\n2. 通过了以下议程：\n1. 组织事项：\n(a) 会议开幕；\n2. 其他事项。\nD. 出席情况\n3. 下一段。\n";
    let blocks = normalise(text).blocks;
    let numbers: Vec<_> = blocks.iter().filter_map(|b| b.number.clone()).collect();
    assert_eq!(numbers, ["1", "2", "3"]);
    assert_eq!(
        blocks[1].text,
        "通过了以下议程：\n1. 组织事项：\n(a) 会议开幕；\n2. 其他事项。"
    );
}

/// The numbers of the paragraphs, and each irregularity as (line, number, opened).
fn numbering(text: &str) -> (Vec<String>, Vec<(usize, u32, bool)>) {
    let normalised = normalise(text);
    let numbers = normalised
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .filter_map(|b| b.number.clone())
        .collect();
    let irregular = normalised
        .irregularities
        .iter()
        .map(|i| (i.line, i.number, i.opened))
        .collect();
    (numbers, irregular)
}

#[rstest::rstest]
#[case::in_sequence("1. 甲。\n2. 乙。\n3. 丙。\n", &["1", "2", "3"], &[])]
#[case::a_lost_number(
        "1. 甲。\n乙。\n3. 丙。\n4. 丁。\n",
        &["1", "3", "4"],
        &[(3, 3, true)]
    )]
#[case::a_lost_number_before_the_last(
        "1. 甲。\n2. 乙。\n丙。\n4. 丁。\n",
        &["1", "2", "4"],
        &[(4, 4, true)]
    )]
#[case::a_lost_number_before_a_paragraph_with_a_list(
        "1. 甲。\n3. 通过了以下议程：\n1. 组织事项。\n2. 通过报告。\n4. 丁。\n",
        &["1", "3", "4"],
        &[(2, 3, true)]
    )]
#[case::a_number_out_of_order(
        "1. 甲。\n2. 乙。\n21. 丙。\n3. 丁。\n",
        &["1", "2", "3"],
        &[(3, 21, false)]
    )]
#[case::a_number_again(
        "1. 甲。\n2. 乙。\n2. 丙。\n3. 丁。\n",
        &["1", "2", "3"],
        &[(3, 2, false)]
    )]
#[case::a_list_without_its_colon(
        "1. 甲。\n2. 乙。\n1. 丙。\n3. 丁。\n",
        &["1", "2", "3"],
        &[(3, 1, false)]
    )]
#[case::a_first_paragraph_past_1("标题\n5. 甲。\n6. 乙。\n", &["5", "6"], &[(2, 5, true)])]
fn numbers_out_of_sequence_keep_their_text_and_are_reported(
    #[case] text: &str,
    #[case] paragraphs: &[&str],
    #[case] irregular: &[(usize, u32, bool)],
) {
    assert_eq!(
        numbering(text),
        (
            paragraphs.iter().map(|n| (*n).to_owned()).collect(),
            irregular.to_vec()
        )
    );
    // every character of the text is in some block
    let kept: String = normalise(text)
        .blocks
        .iter()
        .map(|b| {
            format!(
                "{}{}",
                b.number
                    .as_deref()
                    .map_or(String::new(), |n| format!("{n}. ")),
                b.text
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut kept: Vec<char> = kept.chars().filter(|c| !c.is_whitespace()).collect();
    let mut given: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    kept.sort_unstable();
    given.sort_unstable();
    assert_eq!(kept, given, "all of the text is kept");
}

#[test]
fn a_wrapped_line_cut_into_list_items_goes_on_in_the_next_line() {
    // PDF text: the line is wrapped at the margin inside a symbol; the list items inside it
    // are cut out, and the last one, short on its own, still goes on
    let text = "4. 工作组收到了下列文件：(a) 临时议程说明（CTOC/COP/WG.7 \n\n/2020/1）；(b) 秘书处编写的背景文件（CTOC/COP/WG.7/2020/2）。\n";
    let blocks = normalise(text).blocks;
    assert_eq!(blocks.len(), 1, "{blocks:#?}");
    assert_eq!(
        blocks[0].text,
        "工作组收到了下列文件：\n(a) 临时议程说明（CTOC/COP/WG.7/2020/1）；\n(b) 秘书处编写的背景文件（CTOC/COP/WG.7/2020/2）。"
    );
}

#[test]
fn paragraph_numbers_past_999_open_paragraphs() {
    let text: String = (1..=1500).map(|n| format!("{n}. 第{n}段。\n")).collect();
    let (numbers, irregular) = numbering(&text);
    assert_eq!(numbers.len(), 1500);
    assert_eq!(numbers.last().map(String::as_str), Some("1500"));
    assert!(irregular.is_empty(), "{irregular:?}");
}

#[test]
fn footnote_in_a_page_break_is_separated_and_the_paragraph_continues() {
    let long = "这是一个很长的段落，在页面底部被打断了，脚注出现在中间，而正文在后面继续的文字";
    let text = format!(
        "1. 开始。\n2. {long}作案手法\n\n¹ 上述条款确立了以下原则：\n\n(a) 第一；\n\n(b) 第二。\n\n和金融交易的信息。¹\n"
    );
    let blocks = normalise(&text).blocks;
    let para = &blocks[1];
    assert!(
        para.text.ends_with("作案手法和金融交易的信息。"),
        "{}",
        para.text
    );
    assert_eq!(para.footnote_refs, ["1"]);
    let note = &blocks[2];
    assert_eq!(note.kind, BlockKind::Footnote);
    assert_eq!(
        note.text,
        "上述条款确立了以下原则：\n(a) 第一；\n(b) 第二。"
    );
}

#[rstest::rstest]
#[case::accented_latin(
    "Declarando que para prevenir la trata,\nespecialmente mujeres y niños",
    "trata, especialmente"
)]
#[case::cyrillic(
    "в соответствии с пунктом 3\nстатьи 32 Конвенции против\nнезаконного ввоза",
    "пунктом 3 статьи 32 Конвенции против незаконного"
)]
#[case::greek("η Σύμβαση των Ηνωμένων\nΕθνών κατά του εγκλήματος", "Ηνωμένων Εθνών")]
#[case::arabic(
    "إن الجمعية العامة، إذ تذكّر بقرارها المؤرخ في\nكانون الأول/ديسمبر 1994",
    "في كانون"
)]
#[case::chinese(
    "1. 《打击偷运移民议定书》的下列缔约方派代表出席了本次会议：阿塞拜\n疆、巴哈马。",
    "阿塞拜疆"
)]
#[case::digits(
    "1. The report of the meeting was issued as document CTOC/COP/WG.7/20\n20/4.",
    "WG.7/2020/4."
)]
fn wrapped_lines_are_joined_with_a_space_in_scripts_written_with_spaces(
    #[case] text: &str,
    #[case] joined: &str,
) {
    let blocks = normalise(text).blocks;
    let all: String = blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(all.contains(joined), "{all}");
}

#[test]
fn a_text_with_no_numbered_paragraph_is_read_as_unnumbered_paragraphs() {
    let text = "Smuggling of migrants\n\nThe Working Group on the Smuggling of Migrants met in Vienna.\nIts report is available in the six official languages.\nContact us\n";
    let normalised = normalise(text);
    let ids: Vec<(BlockKind, Option<String>)> = normalised
        .blocks
        .iter()
        .map(|b| (b.kind, b.local_id()))
        .collect();
    assert_eq!(
        ids,
        [
            (BlockKind::Front, None),
            (BlockKind::Paragraph, Some("text_1".to_owned())),
            (BlockKind::Paragraph, Some("text_2".to_owned())),
            (BlockKind::Heading, None),
        ]
    );
    assert_eq!(normalised.guesses[0].line, 3);
    assert_eq!(normalised.guesses[0].kind, GuessKind::Unnumbered(2));
    // the same text gives the same ids
    let again: Vec<_> = normalise(text).blocks.iter().map(Block::local_id).collect();
    assert_eq!(again, ids.into_iter().map(|(_, id)| id).collect::<Vec<_>>());
}

#[test]
fn in_a_text_with_no_numbers_a_capital_after_a_blank_line_starts_a_paragraph() {
    let text = "Комитет по защите прав всех трудящихся-мигрантов и членов их семей\n\nПеречень вопросов, подготовленный до представления доклада\n\nКомитет установил процедуру, предусматривающую подготовку перечня вопросов.\n";
    let blocks = normalise(text).blocks;
    let kinds: Vec<(BlockKind, usize)> = blocks.iter().map(|b| (b.kind, b.line)).collect();
    assert_eq!(
        kinds,
        [
            (BlockKind::Front, 1),
            (BlockKind::Front, 3),
            (BlockKind::Paragraph, 5)
        ]
    );
    // with numbers, the same lines are the wrapped lines of a PDF's title and paragraph
    let numbered = format!("{text}\n1. Пункт.\n");
    assert_eq!(normalise(&numbered).blocks[0].line, 1);
    assert_eq!(normalise(&numbered).blocks[1].line, 7);
}

#[test]
fn a_preamble_is_read_clause_by_clause() {
    let text = "Los Estados Parte en el presente Protocolo,\nDeclarando que para prevenir y combatir eficazmente la trata de personas,\nespecialmente mujeres y niños, se requiere un enfoque amplio,\nTeniendo en cuenta que no hay ningún instrumento universal,\nAcuerdan lo siguiente:\n";
    let blocks = normalise(text).blocks;
    let paragraphs: Vec<(Option<String>, usize)> =
        blocks.iter().map(|b| (b.local_id(), b.line)).collect();
    assert_eq!(
        paragraphs,
        [
            (Some("text_1".to_owned()), 1),
            (Some("text_2".to_owned()), 2),
            (Some("text_3".to_owned()), 4),
            (None, 5)
        ]
    );
    assert!(
        blocks[1].text.contains("personas, especialmente"),
        "{}",
        blocks[1].text
    );
}

#[test]
fn a_text_with_numbered_paragraphs_has_no_unnumbered_ones() {
    let text =
        "Preamble of the report, which is long enough to be running text.\n1. First paragraph.\n";
    let blocks = normalise(text).blocks;
    assert_eq!(blocks[0].kind, BlockKind::Front);
    assert_eq!(blocks[0].local_id(), None);
    assert_eq!(blocks[1].local_id().as_deref(), Some("para_1"));
}

#[test]
fn a_paragraphs_sentences_after_a_blank_line_stay_in_it() {
    // the layout of paragraph 12 of the 2020 report (CTOC/COP/WG.7/2020/L.1), shortened
    let text = " A. 会议开幕 \n\n12. 工作组第七次会议于 2020年 9月 8日和 9日在维也纳举行。\n\n\
                    共举行了四场会议。按照缔约方会议扩大主席团于 2020 年 8 月 19 日经由默许\n\n\
                    程序所商定的，本次会议以混合形式举行，其他所有与会者远程接入。 \n\
                    13. 工作组主席宣布会议开幕。\n\n B. 发言情况 \n";
    let blocks = normalise(text).blocks;
    let twelve = blocks
        .iter()
        .find(|b| b.local_id().as_deref() == Some("para_12"))
        .expect("paragraph 12");
    assert!(twelve.text.contains("共举行了四场会议"), "{}", twelve.text);
    assert!(twelve.text.ends_with("远程接入。"), "{}", twelve.text);
    let headings: Vec<&str> = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| b.text.as_str())
        .collect();
    // the first heading comes before any paragraph: it is front matter
    assert_eq!(headings, ["B. 发言情况"]);
}

#[test]
fn a_point_cut_at_the_margin_is_not_a_list_item() {
    assert!(!is_sub_item_marker(
        "(e), of the Organized Crime Convention"
    ));
    assert!(!is_sub_item_marker("(e)项"));
    assert!(is_sub_item_marker("(e) Opening of the meeting;"));
    assert!(is_sub_item_marker("(a)秘书处的背景文件"));
}

#[test]
fn a_lettered_list_after_a_colon_stays_in_its_paragraph() {
    let text = "1. The Working Group adopted the following agenda: a) Opening of the meeting; b) Adoption of the agenda. 2. The meeting was opened.\n";
    let normalised = normalise(text);
    let blocks: Vec<(Option<&str>, &str)> = normalised
        .blocks
        .iter()
        .map(|b| (b.number.as_deref(), b.text.as_str()))
        .collect();
    assert_eq!(
        blocks,
        [
            (
                Some("1"),
                "The Working Group adopted the following agenda:\na) Opening of the meeting;\nb) Adoption of the agenda."
            ),
            (Some("2"), "The meeting was opened."),
        ]
    );
    assert_eq!(
        normalised.guesses[0].to_string(),
        "list item a), list item b), paragraph 2 found inside this line (its lines were joined): cut before each"
    );
}

#[test]
fn bullets_start_lines_of_their_own() {
    let text = "- Understand the crime of migrant smuggling and its effects on migration management\n- Know the main international legal instruments\nMigrant smuggling is a transnational crime.\n";
    let blocks = normalise(text).blocks;
    assert_eq!(blocks.len(), 2, "{blocks:#?}");
    assert_eq!(blocks[0].text.lines().count(), 2);
    assert_eq!(
        blocks[1].text,
        "Migrant smuggling is a transnational crime."
    );
}

#[rstest::rstest]
#[case::a_sentence("1. The meeting closed.", None)]
#[case::a_heading("1. The meeting closed.\nAnnex", Some(Some(Ending::Line)))]
#[case::a_list_item(
    "1. The agenda:\n(a) Opening;\n(b) Other matters",
    Some(Some(Ending::ListItem))
)]
#[case::an_agenda_item(
    "1. First.\n2. Second.\n3. The agenda:\n1. Opening.\n2. Other matters",
    Some(Some(Ending::ListItem))
)]
#[case::a_clause(
    "Recalling its resolution 55/25 of 15 November 2000,",
    Some(Some(Ending::Clause))
)]
#[case::an_address(
    "1. The report is available at www.unodc.org",
    Some(Some(Ending::Address))
)]
#[case::a_symbol(
    "1. The report was issued as CTOC/COP/WG.7/2020/4",
    Some(Some(Ending::Symbol))
)]
#[case::cut_mid_sentence("1. The Working Group was estab", Some(None))]
#[case::cut_inside_a_list_item("1. The agenda:\n(a) Opening (with statements", Some(None))]
#[case::cut_inside_a_title("1. 缔约方批准了以下文书：\n(a)《公民及政治权利国际", Some(None))]
fn how_a_text_ends(#[case] text: &str, #[case] expected: Option<Option<Ending>>) {
    let blocks = normalise(text).blocks;
    assert_eq!(ending(&blocks).map(|(_, e)| e), expected, "{blocks:#?}");
}
