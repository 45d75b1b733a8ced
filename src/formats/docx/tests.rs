//! Unit tests of `formats::docx`.

use std::io::{Cursor, Write};

use super::layout::superscript;
use super::number_format::NumberFormat;
use super::*;
use crate::corpus::{Place, Problem, ProblemKind};

const NAMESPACES: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml""#;

/// A zip of the given parts.
fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("start");
        zip.write_all(content.as_bytes()).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

/// The text of a document with this body, and these other parts (`numbering`, `styles`,
/// `footnotes`: root elements' content).
fn text_of(body: &str, parts: &[(&str, &str)]) -> String {
    converted_of(body, parts).text
}

fn converted_of(body: &str, parts: &[(&str, &str)]) -> Converted {
    let document = format!(r#"<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"#);
    let mut all = vec![("word/document.xml".to_owned(), document)];
    for (kind, content) in parts {
        let root = match *kind {
            "numbering" => "numbering",
            "styles" => "styles",
            "footnotes" => "footnotes",
            "endnotes" => "endnotes",
            other => panic!("no part {other}"),
        };
        all.push((
            format!("word/{kind}.xml"),
            format!(r#"<w:{root} {NAMESPACES}>{content}</w:{root}>"#),
        ));
    }
    let refs: Vec<(&str, &str)> = all.iter().map(|(n, c)| (n.as_str(), c.as_str())).collect();
    convert(Path::new("test.docx"), &zip(&refs)).expect("converts")
}

fn p(inner: &str) -> String {
    format!("<w:p>{inner}</w:p>")
}

fn run(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn numbered(num_id: u32, level: u32, text: &str) -> String {
    p(&format!(
        r#"<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>{}"#,
        run(text)
    ))
}

/// A list definition: paragraphs `%1.` from `start`, sub-items `(%2)` in letters, bullets
/// at the third level.
fn paragraphs_and_items(abstract_id: u32, start: u32) -> String {
    format!(
        r#"<w:abstractNum w:abstractNumId="{abstract_id}">
              <w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
              <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1.%4"/><w:isLgl/></w:lvl>
            </w:abstractNum>"#
    )
}

#[test]
fn numbers_are_written_as_word_writes_them() {
    let cases = [
        (NumberFormat::Decimal, 12, "12"),
        (NumberFormat::DecimalZero, 7, "07"),
        (NumberFormat::LowerLetter, 1, "a"),
        (NumberFormat::LowerLetter, 26, "z"),
        (NumberFormat::LowerLetter, 27, "aa"),
        (NumberFormat::LowerLetter, 54, "bbb"),
        (NumberFormat::UpperLetter, 3, "C"),
        (NumberFormat::LowerRoman, 4, "iv"),
        (NumberFormat::LowerRoman, 19, "xix"),
        (NumberFormat::UpperRoman, 1994, "MCMXCIV"),
        (NumberFormat::ChineseCounting, 1, "一"),
        (NumberFormat::ChineseCounting, 10, "十"),
        (NumberFormat::ChineseCounting, 12, "十二"),
        (NumberFormat::ChineseCounting, 40, "四十"),
        (NumberFormat::Bullet, 3, ""),
        (NumberFormat::new("ordinalText"), 5, "5"),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(format, n, expected)| format.write(*n) != *expected)
        .map(|(format, n, expected)| {
            format!(
                "{format:?} {n}: {:?}, expected {expected:?}",
                format.write(*n)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(superscript(1), "¹");
    assert_eq!(superscript(120), "¹²⁰");
}

#[test]
fn list_levels_count_restart_and_print_their_text() {
    let numbering = format!(
        r#"{}<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        paragraphs_and_items(0, 1)
    );
    let body = [
        numbered(1, 0, "First."),
        numbered(1, 1, "item a;"),
        numbered(1, 1, "item b;"),
        numbered(1, 2, "a bullet"),
        numbered(1, 0, "Second:"),
        numbered(1, 1, "item a again;"),
        numbered(1, 3, "legal"),
        p(&run("Heading between")),
        numbered(1, 0, "Third."),
    ]
    .concat();
    assert_eq!(
        text_of(&body, &[("numbering", &numbering)]),
        "1. First.\n\n(a) item a;\n\n(b) item b;\n\na bullet\n\n2. Second:\n\n(a) item a again;\n\n2.1 legal\n\nHeading between\n\n3. Third.\n\n"
    );
}

#[test]
fn instances_share_their_definition_unless_they_restart_it() {
    let numbering = format!(
        r#"{}<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
               <w:num w:numId="3"><w:abstractNumId w:val="0"/>
                 <w:lvlOverride w:ilvl="0"><w:startOverride w:val="20"/></w:lvlOverride></w:num>"#,
        paragraphs_and_items(0, 5)
    );
    let body = [
        numbered(1, 0, "five"),
        numbered(2, 0, "six"),
        numbered(3, 0, "twenty"),
        numbered(3, 0, "twenty-one"),
        numbered(1, 0, "twenty-two"),
    ]
    .concat();
    assert_eq!(
        text_of(&body, &[("numbering", &numbering)]),
        "5. five\n\n6. six\n\n20. twenty\n\n21. twenty-one\n\n22. twenty-two\n\n"
    );
}

#[test]
fn numbering_comes_through_styles() {
    let numbering = format!(
        r#"{}<w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>"#,
        paragraphs_and_items(3, 1).replace(
            r#"<w:lvl w:ilvl="1">"#,
            r#"<w:lvl w:ilvl="1"><w:pStyle w:val="SubItem"/>"#
        )
    );
    let styles = r#"
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"/>
            <w:style w:type="paragraph" w:styleId="Para"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="ParaBold"><w:basedOn w:val="Para"/></w:style>
            <w:style w:type="paragraph" w:styleId="SubItem"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>"#;
    let styled = |style: &str, text: &str| {
        p(&format!(
            r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>{}"#,
            run(text)
        ))
    };
    let body = [
        styled("Para", "One."),
        styled("SubItem", "sub;"),
        styled("ParaBold", "Two."),
        p(&format!(
            r#"<w:pPr><w:pStyle w:val="Para"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>{}"#,
            run("Not numbered.")
        )),
        p(&run("Plain.")),
    ]
    .concat();
    assert_eq!(
        text_of(&body, &[("numbering", &numbering), ("styles", styles)]),
        "1. One.\n\n(a) sub;\n\n2. Two.\n\nNot numbered.\n\nPlain.\n\n"
    );
}

#[test]
fn runs_read_as_printed() {
    let body = p(&[
            run("tab"),
            "<w:r><w:tab/><w:t>after</w:t><w:br/><w:t>line two</w:t></w:r>".to_owned(),
            "<w:r><w:t>non</w:t><w:noBreakHyphen/><w:t>breaking co</w:t><w:softHyphen/><w:t>operation</w:t></w:r>".to_owned(),
            r#"<w:r><w:sym w:font="Arial" w:char="00A7"/><w:sym w:font="Wingdings" w:char="F0E0"/></w:r>"#.to_owned(),
            r#"<w:ins w:id="1" w:author="a"><w:r><w:t xml:space="preserve"> inserted</w:t></w:r></w:ins>"#.to_owned(),
            r#"<w:del w:id="2" w:author="a"><w:r><w:delText> deleted</w:delText></w:r></w:del>"#.to_owned(),
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#.to_owned(),
            run(" 7"),
            r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#.to_owned(),
            r#"<w:fldSimple w:instr=" DATE "><w:r><w:t xml:space="preserve"> 2009</w:t></w:r></w:fldSimple>"#.to_owned(),
            r#"<w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t xml:space="preserve"> link</w:t></w:r></w:hyperlink>"#.to_owned(),
            r#"<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space="preserve"> control</w:t></w:r></w:sdtContent></w:sdt>"#.to_owned(),
        ]
        .concat());
    assert_eq!(
        text_of(&body, &[]),
        "tab after\nline twonon-breaking cooperation§ inserted 7 2009 link control\n\n"
    );
}

#[test]
fn text_boxes_are_read_where_they_stand_once() {
    let text_box = |text: &str| {
        format!(
            "<w:txbxContent>{}{}</w:txbxContent>",
            p(&run(text)),
            p(&run("Distr.: General"))
        )
    };
    let body = [
            p(&run("Before.")),
            p(&format!(
                r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>{}"#,
                text_box("CTOC/COP/WG.4/2009/2"),
                text_box("CTOC/COP/WG.4/2009/2"),
                run("Anchor.")
            )),
        ]
        .concat();
    assert_eq!(
        text_of(&body, &[]),
        "Before.\n\nCTOC/COP/WG.4/2009/2\n\nDistr.: General\n\nAnchor.\n\n"
    );
}

#[test]
fn footnotes_follow_their_paragraph_numbered_in_order_of_reference() {
    let footnotes = [
            r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"#,
            r#"<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"#,
            r#"<w:footnote w:id="5"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Second, by id 5.</w:t></w:r></w:p></w:footnote>"#,
            r#"<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> First, by id 2.</w:t></w:r></w:p><w:p><w:r><w:t>Its second paragraph.</w:t></w:r></w:p></w:footnote>"#,
            r#"<w:footnote w:id="3"><w:p><w:r><w:t>* Issued without editing.</w:t></w:r></w:p></w:footnote>"#,
        ]
        .concat();
    let reference = |id: u32| format!(r#"<w:r><w:footnoteReference w:id="{id}"/></w:r>"#);
    let body = [
        p(&[
            run("Report"),
            r#"<w:r><w:footnoteReference w:customMarkFollows="1" w:id="3"/><w:t>*</w:t></w:r>"#
                .to_owned(),
        ]
        .concat()),
        p(&[
            run("1. A treaty"),
            reference(2),
            run(" and another"),
            reference(5),
            run("."),
        ]
        .concat()),
        p(&run("2. No notes.")),
    ]
    .concat();
    assert_eq!(
        text_of(&body, &[("footnotes", &footnotes)]),
        "Report*\n\n* Issued without editing.\n\n1. A treaty¹ and another².\n\n¹ First, by id 2. Its second paragraph.\n\n² Second, by id 5.\n\n2. No notes.\n\n"
    );
}

#[test]
fn endnotes_take_the_next_numbers_of_the_one_sequence() {
    let note = |kind: &str, id: u32, text: &str| {
        format!(
            r#"<w:{kind} w:id="{id}"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>"#
        )
    };
    let body = p(&[
        run("Text"),
        r#"<w:r><w:endnoteReference w:id="1"/></w:r>"#.to_owned(),
        run(" and"),
        r#"<w:r><w:footnoteReference w:id="1"/></w:r>"#.to_owned(),
    ]
    .concat());
    assert_eq!(
        text_of(
            &body,
            &[
                ("footnotes", &note("footnote", 1, "A footnote.")),
                ("endnotes", &note("endnote", 1, "An endnote.")),
            ]
        ),
        "Text¹ and²\n\n¹ An endnote.\n\n² A footnote.\n\n"
    );
}

#[test]
fn what_is_guessed_or_dropped_is_a_warning_naming_the_file_and_paragraph() {
    let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="ordinalText"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
    let body = [
        numbered(1, 0, "First."),
        numbered(1, 0, "Second."),
        numbered(4, 0, "Unknown list."),
        p(r#"<w:r><w:sym w:font="Wingdings" w:char="F0E0"/><w:footnoteReference w:id="9"/></w:r>"#),
    ]
    .concat();
    let converted = converted_of(&body, &[("numbering", numbering)]);
    assert_eq!(
        converted.text,
        "1. First.\n\n2. Second.\n\nUnknown list.\n\n"
    );
    let warning = |paragraph, message: &str| {
        Problem::new(ProblemKind::Format, "test.docx", message).at(Place::Paragraph(paragraph))
    };
    let expected = [
        warning(
            3,
            "a paragraph refers to list 4, which numbering.xml does not define; its number is left out",
        ),
        warning(
            4,
            "a symbol of the font Wingdings (code F0E0) has no character and is left out",
        ),
        warning(4, "a reference to footnote 9, which the file does not hold"),
        warning(
            1,
            "the list number format ordinalText is written in decimal digits",
        ),
    ];
    assert_eq!(converted.warnings, expected);
    // the command line prints each with its file and paragraph
    assert_eq!(
        converted.warnings[1].to_string(),
        "test.docx, paragraph 4: a symbol of the font Wingdings (code F0E0) has no character and is left out"
    );
}

#[test]
fn data_tables_are_rows_and_layout_tables_are_regions() {
    let cell = |paragraphs: &[&str]| {
        let ps: String = paragraphs.iter().map(|t| p(&run(t))).collect();
        format!("<w:tc>{ps}</w:tc>")
    };
    let row = |cells: &[String]| format!("<w:tr>{}</w:tr>", cells.concat());
    let attendance = format!(
        "<w:tbl>{}{}</w:tbl>",
        row(&[
            cell(&["Italy"]),
            cell(&["M. Rossi"]),
            cell(&["Head of delegation"])
        ]),
        row(&[cell(&["Mexico"]), cell(&[]), cell(&["Observer"])]),
    );
    let masthead = format!(
        "<w:tbl>{}</w:tbl>",
        row(&[
            cell(&["Conference of the Parties"]),
            cell(&["Distr.: General", "21 April 2009"])
        ]),
    );
    assert_eq!(
        text_of(&format!("{masthead}{attendance}"), &[]),
        "Conference of the Parties\n\nDistr.: General\n\n21 April 2009\n\nItaly | M. Rossi | Head of delegation\n\nMexico |  | Observer\n\n"
    );
}

#[test]
fn bad_files_say_what_they_are() {
    let path = Path::new("bad.docx");
    let legacy = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of an OLE file";
    assert!(matches!(
        convert(path, legacy),
        Err(FormatError::LegacyDoc { .. })
    ));
    let workbook = zip(&[("xl/workbook.xml", "<workbook/>")]);
    assert!(matches!(
        convert(path, &workbook),
        Err(FormatError::NotWord { .. })
    ));
    let document = format!(
        r#"<w:document {NAMESPACES}><w:body>{}</w:body></w:document>"#,
        p(&run("Some text that fills the part."))
    );
    let whole = zip(&[("word/document.xml", &document)]);
    let cut = &whole[..whole.len() / 2];
    assert!(matches!(
        convert(path, cut),
        Err(FormatError::Corrupt { .. })
    ));
    let malformed = zip(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")]);
    match convert(path, &malformed) {
        Err(FormatError::Corrupt { detail, .. }) => {
            assert!(
                detail.starts_with("word/document.xml: malformed XML"),
                "{detail}"
            );
        }
        other => panic!("{other:?}"),
    }
    match convert_within(path, &whole, 64) {
        Err(FormatError::PartTooLarge { part, limit, .. }) => {
            assert_eq!((part.as_str(), limit), ("word/document.xml", 64));
        }
        other => panic!("{other:?}"),
    }
    assert!(convert_within(path, &whole, 4096).is_ok());
}
