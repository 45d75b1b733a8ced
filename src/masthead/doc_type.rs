//! The lines and titles that say what kind of document it is, in the six languages.

use std::sync::LazyLock;

use regex::Regex;

use super::DocType;

/// Lines that state the type and nothing else, in the six languages.
pub(super) const TYPE_LINES: &[(DocType, &str)] = &[
    (
        DocType::BackgroundPaper,
        "background paper prepared by the secretariat",
    ),
    (
        DocType::BackgroundPaper,
        "document d'information établi par le secrétariat",
    ),
    (
        DocType::BackgroundPaper,
        "documento de antecedentes preparado por la secretaría",
    ),
    (
        DocType::BackgroundPaper,
        "справочный документ, подготовленный секретариатом",
    ),
    (
        DocType::BackgroundPaper,
        "ورقة معلومات أساسية من إعداد الأمانة",
    ),
    (
        DocType::BackgroundPaper,
        "ورقة معلومات خلفية من إعداد الأمانة",
    ),
    (DocType::BackgroundPaper, "秘书处编写的背景文件"),
    (
        DocType::ThematicSummary,
        "thematic summary prepared by the secretariat",
    ),
    (
        DocType::ThematicSummary,
        "résumé thématique établi par le secrétariat",
    ),
    (
        DocType::ThematicSummary,
        "resumen temático preparado por la secretaría",
    ),
    (
        DocType::ThematicSummary,
        "тематическое резюме, подготовленное секретариатом",
    ),
    (DocType::ThematicSummary, "موجز مواضيعي من إعداد الأمانة"),
    (DocType::ThematicSummary, "秘书处编写的专题概要"),
    (DocType::Note, "note by the secretariat"),
    (DocType::Note, "note du secrétariat"),
    (DocType::Note, "note by the secretary-general"),
    (DocType::Note, "note du secrétaire général"),
    (DocType::Note, "nota de la secretaría"),
    (DocType::Note, "записка секретариата"),
    (DocType::Note, "مذكرة من الأمانة"),
    (DocType::Note, "مذكرة من الأمانة العامة"),
    (DocType::Note, "秘书处的说明"),
    (DocType::AnnotatedAgenda, "annotated provisional agenda"),
    (
        DocType::AnnotatedAgenda,
        "provisional agenda and annotations",
    ),
    (DocType::AnnotatedAgenda, "ordre du jour provisoire annoté"),
    (
        DocType::AnnotatedAgenda,
        "ordre du jour provisoire et annotations",
    ),
    (DocType::AnnotatedAgenda, "programa provisional anotado"),
    (
        DocType::AnnotatedAgenda,
        "programa provisional y anotaciones",
    ),
    (
        DocType::AnnotatedAgenda,
        "аннотированная предварительная повестка дня",
    ),
    (
        DocType::AnnotatedAgenda,
        "предварительная повестка дня и аннотации",
    ),
    (DocType::AnnotatedAgenda, "جدول الأعمال المؤقت المشروح"),
    (DocType::AnnotatedAgenda, "جدول الأعمال المؤقت وشروحه"),
    (DocType::AnnotatedAgenda, "附说明的临时议程"),
    (DocType::AnnotatedAgenda, "临时议程和说明"),
    (DocType::Agenda, "provisional agenda"),
    (DocType::Agenda, "ordre du jour provisoire"),
    (DocType::Agenda, "programa provisional"),
    (DocType::Agenda, "предварительная повестка дня"),
    (DocType::Agenda, "جدول الأعمال المؤقت"),
    (DocType::Agenda, "临时议程"),
    (DocType::ListOfParticipants, "list of participants"),
    (DocType::ListOfParticipants, "liste des participants"),
    (DocType::ListOfParticipants, "lista de participantes"),
    (DocType::ListOfParticipants, "список участников"),
    (DocType::ListOfParticipants, "قائمة المشاركين"),
    (DocType::ListOfParticipants, "与会者名单"),
    (DocType::DraftReport, "draft report"),
    (DocType::DraftReport, "projet de rapport"),
    (DocType::DraftReport, "proyecto de informe"),
    (DocType::DraftReport, "проект доклада"),
    (DocType::DraftReport, "مشروع التقرير"),
    (DocType::DraftReport, "报告草稿"),
    (DocType::DraftReport, "报告草案"),
    (DocType::ConferenceRoomPaper, "conference room paper"),
    (DocType::ConferenceRoomPaper, "document de séance"),
    (DocType::ConferenceRoomPaper, "documento de sesión"),
    (DocType::ConferenceRoomPaper, "документ зала заседаний"),
    (DocType::ConferenceRoomPaper, "ورقة غرفة اجتماعات"),
    (DocType::ConferenceRoomPaper, "会议室文件"),
    (DocType::Corrigendum, "corrigendum"),
    (DocType::Corrigendum, "rectificatif"),
    (DocType::Corrigendum, "corrección"),
    (DocType::Corrigendum, "исправление"),
    (DocType::Corrigendum, "تصويب"),
    (DocType::Corrigendum, "更正"),
    (DocType::Addendum, "addendum"),
    (DocType::Addendum, "additif"),
    (DocType::Addendum, "adición"),
    (DocType::Addendum, "добавление"),
    (DocType::Addendum, "إضافة"),
    (DocType::Addendum, "增编"),
];

/// A title that says it is a draft report or a report: `Report on the meeting of …`,
/// `Rapport sur la réunion …`, `Доклад о работе …`, `…会议的报告`.
pub(super) static REPORT_TITLE: LazyLock<[(DocType, Regex); 2]> = LazyLock::new(|| {
    [
        (
            DocType::DraftReport,
            Regex::new(r"(?i)^(?:Draft\s+report|Projet\s+de\s+rapport|Proyecto\s+de\s+informe|Проект\s+доклада|مشروع\s+(?:ال)?تقرير)\b|报告(?:草稿|草案)$").expect("valid regex"),
        ),
        (
            DocType::Report,
            Regex::new(r"(?i)^(?:Report\s+(?:of|on)|Rapport\s+(?:de|du|sur)|Informe\s+(?:de|del|sobre)|Доклад\s+(?:о|об)|تقرير)\s|的报告$").expect("valid regex"),
        ),
    ]
});

/// A line made comparable with [`TYPE_LINES`]: lower case, one space between words, straight
/// apostrophes, no footnote mark or final stop.
pub(super) fn type_key(line: &str) -> String {
    line.trim()
        .trim_end_matches(['*', '.', ':'])
        .to_lowercase()
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
