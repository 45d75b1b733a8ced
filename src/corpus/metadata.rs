//! A document's metadata: what its front page states, completed or overridden by the manifest,
//! each value with where it came from.

use std::fmt;

use std::path::Path;

use super::{Entry, Problem, ProblemKind};
use crate::extract::Date;
use crate::masthead::{self, Field};
use crate::symbol::Symbol;

/// Where a value of a document's metadata came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Read from the text, at this 1-based line.
    Text(usize),
    /// Read from the text, where no single line states it (the body's own rules).
    Body,
    /// Given by the manifest.
    Manifest,
    /// Read from the file's name (`….zh.txt`, `…_E.pdf`).
    FileName,
    /// Told from the text's script and words (language detection).
    Detected,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(line) => write!(f, "text, line {line}"),
            Self::Body => f.write_str("text"),
            Self::Manifest => f.write_str("manifest"),
            Self::FileName => f.write_str("file name"),
            Self::Detected => f.write_str("detected from the text"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub origin: Origin,
}

impl<T> Sourced<T> {
    /// A value from `origin`.
    pub fn new(value: T, origin: Origin) -> Self {
        Self { value, origin }
    }
}

/// What is known of a document, each value with its origin.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    /// The file, relative to the data directory.
    pub file: String,
    /// The UN symbol.
    pub symbol: Option<Sourced<String>>,
    /// The slug of a document with no symbol (`id:doc/local/{slug}`).
    pub local_id: Option<Sourced<String>>,
    /// The language of this version, as a code (`zh`, `en`).
    pub language: Option<Sourced<String>>,
    /// The language the document was written in.
    pub original: Option<Sourced<String>>,
    /// The body key (`wg7`).
    pub body: Option<Sourced<String>>,
    /// The document type (`report`, `background-paper`).
    pub doc_type: Option<Sourced<String>>,
    /// The meeting, `{body}/{first day}`.
    pub meeting: Option<Sourced<String>>,
    /// The distribution date.
    pub date: Option<Sourced<Date>>,
    /// The title in the document's language.
    pub title: Option<Sourced<String>>,
    /// The English title.
    pub title_en: Option<Sourced<String>>,
    /// The job number (`V.20-04567`), the same in every language version.
    pub job_number: Option<Sourced<String>>,
    /// The agenda item a paper is for.
    pub agenda_item: Option<Sourced<u32>>,
    /// The symbol of the agenda the item is on.
    pub agenda_symbol: Option<Sourced<String>>,
    /// The distribution (`general`, `limited`).
    pub distribution: Option<Sourced<String>>,
    /// The first and last day of the meeting the front page names.
    pub session_dates: Option<Sourced<(Date, Date)>>,
    /// Its venue, as printed.
    pub venue: Option<Sourced<String>>,
    /// Its ordinal.
    pub ordinal: Option<Sourced<u32>>,
}

impl Metadata {
    /// The language code, `und` when nothing told it.
    pub fn language(&self) -> &str {
        self.language.as_ref().map_or("und", |l| l.value.as_str())
    }

    /// Each value as `(name, value, origin)`, in a fixed order, for `ctockg documents`.
    pub fn rows(&self) -> Vec<(&'static str, String, Origin)> {
        fn row<T: ToString>(
            rows: &mut Vec<(&'static str, String, Origin)>,
            name: &'static str,
            value: Option<&Sourced<T>>,
        ) {
            if let Some(v) = value {
                rows.push((name, v.value.to_string(), v.origin));
            }
        }
        let mut rows = Vec::new();
        row(&mut rows, "symbol", self.symbol.as_ref());
        row(&mut rows, "local id", self.local_id.as_ref());
        row(&mut rows, "language", self.language.as_ref());
        row(&mut rows, "original", self.original.as_ref());
        row(&mut rows, "body", self.body.as_ref());
        row(&mut rows, "type", self.doc_type.as_ref());
        row(&mut rows, "date", self.date.as_ref());
        row(&mut rows, "meeting", self.meeting.as_ref());
        row(&mut rows, "agenda item", self.agenda_item.as_ref());
        row(&mut rows, "agenda", self.agenda_symbol.as_ref());
        row(&mut rows, "distribution", self.distribution.as_ref());
        row(&mut rows, "job number", self.job_number.as_ref());
        row(&mut rows, "venue", self.venue.as_ref());
        row(&mut rows, "ordinal", self.ordinal.as_ref());
        row(&mut rows, "title", self.title.as_ref());
        row(&mut rows, "title (en)", self.title_en.as_ref());
        rows
    }
}

/// A document's metadata from its front page and the manifest: the manifest wins where it
/// speaks, then the front page, then the file's name; a language stated nowhere is detected.
/// What none gives stays unknown until the extraction reads the body (body, type, meeting).
pub fn resolve(entry: &Entry, text: &str, warnings: &mut Vec<Problem>, path: &Path) -> Metadata {
    let listed = entry.manifest.clone().unwrap_or_default();
    let front = masthead::read(text);
    let manifest = |value: Option<String>| value.map(|v| Sourced::new(v, Origin::Manifest));
    fn stated<T, U>(field: Option<&Field<T>>, value: impl Fn(&T) -> U) -> Option<Sourced<U>> {
        field.map(|f| Sourced::new(value(&f.value), Origin::Text(f.line)))
    }
    let name = entry.file.rsplit('/').next().unwrap_or(&entry.file);
    let named = Symbol::from_file_name(name);
    let symbol = manifest(listed.symbol)
        .or_else(|| stated(front.symbol.as_ref(), ToString::to_string))
        .or_else(|| {
            named
                .as_ref()
                .map(|(symbol, _)| Sourced::new(symbol.to_string(), Origin::FileName))
        });
    let detected = detect_language(text);
    let language = manifest(listed.language)
        .or_else(|| stated(front.language.as_ref(), |l| l.code().to_owned()))
        .or_else(|| {
            let job = front.job_number.as_ref()?;
            let language = job.value.language?;
            Some(Sourced::new(
                language.code().to_owned(),
                Origin::Text(job.line),
            ))
        })
        .or_else(|| {
            language_of_file_name(&entry.file)
                .map(|code| Sourced::new(code.to_owned(), Origin::FileName))
        })
        .or_else(|| detected.map(|code| Sourced::new(code.to_owned(), Origin::Detected)));
    match (&language, detected) {
        (Some(stated), Some(detected)) if stated.value != detected => warnings.push(Problem::new(
            ProblemKind::Language,
            path,
            format!(
                "the {} says the language is {}, but the text reads as {detected}",
                stated.origin, stated.value
            ),
        )),
        (None, _) => warnings.push(Problem::new(
            ProblemKind::Language,
            path,
            "no language stated and none told from the text; its version is \"und\" (give `language` in the manifest)",
        )),
        _ => {}
    }
    let symbol_body = || {
        let stated = symbol.as_ref()?;
        let key = Symbol::parse(&stated.value)?.body_key()?;
        Some(Sourced::new(key, stated.origin))
    };
    let body = manifest(listed.body)
        .or_else(|| stated(front.body.as_ref(), Clone::clone))
        .or_else(symbol_body);
    let session_dates = stated(front.session.dates.as_ref(), |d| *d);
    let meeting = manifest(listed.meeting).or_else(|| {
        let dates = session_dates.as_ref()?;
        let body = body.as_ref()?;
        Some(Sourced::new(
            format!("{}/{}", body.value, dates.value.0),
            dates.origin,
        ))
    });
    let title = manifest(listed.title).or_else(|| stated(front.title.as_ref(), Clone::clone));
    let title_en = manifest(listed.title_en).or_else(|| {
        title
            .as_ref()
            .filter(|_| language.as_ref().is_some_and(|l| l.value == "en"))
            .cloned()
    });
    Metadata {
        file: entry.file.clone(),
        symbol,
        local_id: manifest(listed.local_id),
        language,
        original: stated(front.original.as_ref(), |l| l.code().to_owned()),
        body,
        doc_type: manifest(listed.doc_type)
            .or_else(|| stated(front.doc_type.as_ref(), |t| t.key().to_owned())),
        meeting,
        date: stated(front.date.as_ref(), |d| *d),
        title,
        title_en,
        job_number: stated(front.job_number.as_ref(), |j| j.number.clone()),
        agenda_item: front.agenda_item.as_ref().and_then(|item| {
            let digits: String = item
                .value
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            Some(Sourced::new(digits.parse().ok()?, Origin::Text(item.line)))
        }),
        agenda_symbol: stated(front.agenda_symbol.as_ref(), ToString::to_string),
        distribution: stated(front.distribution.as_ref(), |d| d.key().to_owned()),
        session_dates,
        venue: stated(front.session.venue.as_ref(), Clone::clone),
        ordinal: stated(front.session.ordinal.as_ref(), |n| *n),
    }
}

/// The six UN languages, as codes.
pub const LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// The language a file's name gives: `….zh.txt`, `…-zh.pdf`, or the Official Document System's
/// letter at the end of the stem (`CTOC_COP_WG.7_2020_3_E.pdf`, `…-C.docx`).
pub fn language_of_file_name(file: &str) -> Option<&'static str> {
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let last = stem.rsplit(['.', '_', '-']).next().unwrap_or(stem);
    let by_code = LANGUAGES
        .iter()
        .find(|code| last.eq_ignore_ascii_case(code))
        .copied();
    let by_letter = || {
        let (_, letter) = stem.rsplit_once(['_', '-'])?;
        Some(match letter {
            "A" => "ar",
            "C" => "zh",
            "E" => "en",
            "F" => "fr",
            "R" => "ru",
            "S" => "es",
            _ => return None,
        })
    };
    by_code.or_else(by_letter)
}

/// The language of a text among the six UN languages, when the text says enough to tell.
pub fn detect_language(text: &str) -> Option<&'static str> {
    use whatlang::Lang;
    const SIX: [Lang; 6] = [
        Lang::Ara,
        Lang::Cmn,
        Lang::Eng,
        Lang::Fra,
        Lang::Rus,
        Lang::Spa,
    ];
    let detector = whatlang::Detector::with_allowlist(SIX.to_vec());
    // the front page mixes languages (an English "Distr.: General" on a Chinese document); the
    // body speaks for the document
    let sample: String = text
        .chars()
        .skip(text.chars().count() / 5)
        .take(1500)
        .collect();
    let info = detector.detect(&sample)?;
    Some(match info.lang() {
        Lang::Ara => "ar",
        Lang::Cmn => "zh",
        Lang::Eng => "en",
        Lang::Fra => "fr",
        Lang::Rus => "ru",
        Lang::Spa => "es",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rstest::rstest]
    #[case("documents/wg4-2009-report.zh.txt", Some("zh"))]
    #[case("CTOC_COP_WG.7_2020_3_E.pdf", Some("en"))]
    #[case("CTOC_COP_WG.4_2011_2_Add.1-C.docx", Some("zh"))]
    #[case("V2004567-fr.pdf", Some("fr"))]
    #[case("V2004567.pdf", None)]
    #[case("notes/wg4-2010.docx", None)]
    fn file_names_tell_the_language(#[case] file: &str, #[case] language: Option<&str>) {
        assert_eq!(language_of_file_name(file), language);
    }

    #[test]
    fn the_six_languages_are_detected() {
        // sentences written for this test, one meaning in the six languages
        let samples = [
            (
                "en",
                "The Working Group recommended that States parties strengthen international cooperation in criminal matters, including through the exchange of information on the routes used by smugglers of migrants.",
            ),
            (
                "fr",
                "Le Groupe de travail a recommandé que les États parties renforcent la coopération internationale en matière pénale, notamment par l'échange d'informations sur les itinéraires utilisés par les passeurs.",
            ),
            (
                "es",
                "El Grupo de Trabajo recomendó que los Estados partes fortalecieran la cooperación internacional en asuntos penales, incluso mediante el intercambio de información sobre las rutas utilizadas.",
            ),
            (
                "ru",
                "Рабочая группа рекомендовала государствам-участникам укреплять международное сотрудничество по уголовным делам, в том числе путем обмена информацией о маршрутах.",
            ),
            (
                "ar",
                "أوصى الفريق العامل بأن تعزز الدول الأطراف التعاون الدولي في المسائل الجنائية، بما في ذلك من خلال تبادل المعلومات عن الطرق التي يستخدمها المهربون.",
            ),
            (
                "zh",
                "工作组建议各缔约国加强刑事事项国际合作，包括交流关于偷运移民者所用路线的信息。",
            ),
        ];
        for (code, text) in samples {
            assert_eq!(detect_language(text), Some(code), "{text}");
        }
    }
}
