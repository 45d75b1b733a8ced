//! Text → facts: what one normalised document states, before any IRI is minted.
//!
//! Each kind of fact has its own module. Facts keep the index of the block they come from, so that
//! every triple made from them can point back to its paragraph. References that only another
//! document can settle (a meeting known by ordinal, "the fifth meeting") stay unresolved here and
//! are settled by [`resolve`] across the corpus.

pub mod agenda;
pub mod attendance;
pub mod chinese;
pub mod documents;
pub mod english;
pub mod instrument;
pub mod language;
pub mod mentions;
pub mod others;

pub mod resolve;

use std::fmt;

use crate::corpus::{Block, SourceDocument};
use crate::gazetteer::{Gazetteer, Lang, Named};

/// A calendar date.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month.
    pub day: u8,
}

impl Date {
    /// A date, if it exists on the calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days).then_some(Self { year, month, day })
    }

    /// Reads `2020-09-08`, as the manifest and `xsd:date` literals without a time zone write
    /// it.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Self::new(year, month, day)
    }

    /// The first of January of `year`.
    pub fn new_year(year: u16) -> Self {
        Self {
            year,
            month: 1,
            day: 1,
        }
    }

    /// Days since 1970-01-01 (negative before), for a linear time axis.
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The month's English name: "September".
    pub fn month_name(self) -> &'static str {
        crate::numerals::month_en(u32::from(self.month))
    }

    /// "8 September 2020".
    pub fn english(self) -> String {
        format!("{} {} {}", self.day, self.month_name(), self.year)
    }

    /// "8 Sep 2020".
    pub fn english_short(self) -> String {
        format!("{} {} {}", self.day, &self.month_name()[..3], self.year)
    }

    /// "2020年9月8日".
    pub fn chinese(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Identifies a meeting: its body and first day.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct MeetingKey {
    /// Body key (`wg7`).
    pub body: String,
    /// First day.
    pub start: Date,
}

impl fmt::Display for MeetingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.body, self.start)
    }
}

/// A meeting as the text refers to it, before resolution.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MeetingRef {
    /// Known by date.
    Dated(MeetingKey),
    /// Known by body and ordinal, with the year when the text gives it.
    Ordinal {
        /// Body key.
        body: String,
        /// Ordinal (5 for the fifth meeting).
        ordinal: u32,
        /// Year given with it.
        year: Option<u16>,
    },
}

/// A meeting the text states, with the dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFact {
    /// Body and first day.
    pub key: MeetingKey,
    /// Last day.
    pub end: Date,
    /// Ordinal, when stated.
    pub ordinal: Option<u32>,
    /// Place slug, when stated.
    pub venue: Option<String>,
    /// Block it comes from.
    pub block: usize,
}

/// How a document relates to a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    /// Agendas, background papers, notes.
    PreparedFor,
    /// Reports and draft reports.
    ReportOf,
}

/// How a document is identified.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocId {
    /// By UN symbol.
    Symbol(String),
    /// By the project's own slug.
    Local(String),
}

impl DocId {
    /// The id a document's metadata gives: its symbol, else its local slug (or its file's
    /// stem).
    pub fn of_meta(meta: &crate::corpus::Metadata) -> Self {
        match &meta.symbol {
            Some(symbol) => Self::Symbol(symbol.value.clone()),
            None => Self::Local(
                meta.local_id
                    .as_ref()
                    .map_or_else(|| local_slug(&meta.file), |id| id.value.clone()),
            ),
        }
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Symbol(s) => f.write_str(s),
            Self::Local(s) => write!(f, "local/{s}"),
        }
    }
}

/// A document the text identifies and relates to a meeting or themes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFact {
    /// The document.
    pub id: DocId,
    /// Its relation to a meeting, when known.
    pub relation: Option<(Relation, MeetingRef)>,
    /// Document type when the text says it (`background-paper`).
    pub doc_type: Option<String>,
    /// Theme keys.
    pub themes: Vec<String>,
    /// Block it comes from.
    pub block: usize,
}

/// An agenda item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItemFact {
    /// The meeting.
    pub meeting: MeetingRef,
    /// Item number.
    pub number: u32,
    /// Title as printed.
    pub title: String,
    /// Theme keys of the title.
    pub themes: Vec<String>,
    /// Block it comes from.
    pub block: usize,
}

/// Resolution or decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActKind {
    /// 决议
    Resolution,
    /// 决定
    Decision,
}

/// A resolution or decision, e.g. COP resolution 5/3.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Act {
    /// Resolution or decision.
    pub kind: ActKind,
    /// Adopting body (`cop`, `ga`).
    pub body: String,
    /// Session.
    pub session: u32,
    /// Number within the session.
    pub number: u32,
}

/// What a paragraph cites.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Citation {
    /// A provision: instrument key and path (`["art_27","para_1","point_e"]`).
    Provision(String, Vec<String>),
    /// A resolution or decision.
    Act(Act),
    /// A document by symbol.
    Document(String),
}

/// What a paragraph mentions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mention {
    /// A country or organisation.
    Named(Named),
    /// A theme key.
    Theme(String),
    /// An instrument key.
    Instrument(String),
    /// A person's slug.
    Person(String),
}

/// What made a block mention a theme.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ThemeEvidence {
    /// The theme's key.
    pub theme: String,
    /// The words of the block that carry it, sorted.
    pub terms: Vec<String>,
    /// The rules that carry it, in English (`cites UNTOC art_27`), sorted.
    pub rules: Vec<String>,
    /// How many times the words occur in the block, and the rules apply.
    pub occurrences: usize,
}

/// The document's own description, from its front matter and text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// Body key, from the text.
    pub body: Option<String>,
    /// Document type, from the text.
    pub doc_type: Option<String>,
    /// Title, from the text.
    pub title: Option<String>,
    /// Own meeting's first and last day and venue, from the front matter.
    pub dates: Option<(Date, Date)>,
    /// Venue slug.
    pub venue: Option<String>,
    /// Ordinal of the own meeting, when the text states it.
    pub ordinal: Option<u32>,
    /// Agenda item the document addresses (`临时议程项目2`).
    pub agenda_item: Option<u32>,
    /// The block that states the own meeting's dates, when the body's rules found it.
    pub dates_block: Option<usize>,
}

/// A participant's role at a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Party to the instrument.
    StateParty,
    /// Signatory.
    Signatory,
    /// Observer State.
    ObserverState,
    /// UN entity or institute.
    UnEntity,
    /// Intergovernmental organisation.
    Igo,
    /// Entity with a standing observer office.
    PermanentObserver,
    /// Chair.
    Chair,
    /// Vice-chair.
    ViceChair,
    /// Panellist.
    Panellist,
}

impl Role {
    /// The slug of `id:role/{slug}`.
    pub fn slug(self) -> &'static str {
        match self {
            Self::StateParty => "state-party",
            Self::Signatory => "signatory",
            Self::ObserverState => "observer-state",
            Self::UnEntity => "un-entity",
            Self::Igo => "igo",
            Self::PermanentObserver => "permanent-observer",
            Self::Chair => "chair",
            Self::ViceChair => "vice-chair",
            Self::Panellist => "panellist",
        }
    }
}

/// Attendance of a country or organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipationFact {
    /// Who.
    pub participant: Named,
    /// In what role.
    pub role: Role,
    /// Block it comes from.
    pub block: usize,
}

/// Who spoke.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Speaker {
    /// A country or organisation.
    Named(Named),
    /// A person's slug.
    Person(String),
}

/// A statement at a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementFact {
    /// Who spoke.
    pub speaker: Speaker,
    /// Under which agenda item, when said.
    pub item: Option<u32>,
    /// Block it comes from.
    pub block: usize,
}

/// A person named in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFact {
    /// Slug of the name as printed.
    pub slug: String,
    /// Name as printed.
    pub name: String,
    /// Role at the meeting.
    pub role: Role,
    /// Country or organisation represented.
    pub represents: Option<Named>,
    /// Block it comes from.
    pub block: usize,
}

/// A name in an attendance or speaker list that the gazetteer does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnresolvedName {
    /// The name as printed.
    pub name: String,
    /// Block it comes from.
    pub block: usize,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Default)]
pub struct DocumentFacts {
    /// The document itself.
    pub id: Option<DocId>,
    /// The document a corrigendum, addendum, revision or amendment belongs to.
    pub amends: Option<DocId>,
    /// Where the manifest overrode the text: (what, the manifest's value, the text's).
    pub overridden: Vec<(String, String, String)>,
    /// The document's other language versions, each with the local ids of the paragraphs and
    /// footnotes it shares with this one (set by the build, which sees every version).
    pub counterparts: Vec<(String, std::collections::BTreeSet<String>)>,
    /// What the text says of itself.
    pub header: Header,
    /// Meetings stated with dates.
    pub meetings: Vec<MeetingFact>,
    /// Meetings referred to by ordinal: (block, reference).
    pub meeting_refs: Vec<(usize, MeetingRef)>,
    /// Documents identified in the text (the document itself first).
    pub documents: Vec<DocumentFact>,
    /// Agenda items.
    pub agenda: Vec<AgendaItemFact>,
    /// Acts cited and which body each established: (block, act, established body).
    pub acts: Vec<(usize, Act, Option<String>)>,
    /// Citations per block.
    pub citations: Vec<(usize, Citation)>,
    /// Mentions per block.
    pub mentions: Vec<(usize, Mention)>,
    /// Why each block mentions each theme: (block, evidence).
    pub theme_evidence: Vec<(usize, ThemeEvidence)>,
    /// The paragraphs that say something of their own: not footnotes, attendance lists or lists
    /// of documents. Theme counts are taken over these.
    pub substantive: Vec<usize>,
    /// Attendance.
    pub participations: Vec<ParticipationFact>,
    /// Statements.
    pub statements: Vec<StatementFact>,
    /// Persons.
    pub persons: Vec<PersonFact>,
    /// Names in lists that nothing resolved.
    pub unresolved: Vec<UnresolvedName>,
}

impl DocumentFacts {
    /// A person named in `block` in `role`: mentioned there, and listed once per role, from the
    /// first block that names them in it. Returns the person's slug.
    pub(crate) fn person(
        &mut self,
        block: usize,
        name: String,
        role: Role,
        represents: Option<Named>,
    ) -> String {
        let slug = slug(&name);
        self.mentions.push((block, Mention::Person(slug.clone())));
        if !self
            .persons
            .iter()
            .any(|p| p.slug == slug && p.role == role)
        {
            self.persons.push(PersonFact {
                slug: slug.clone(),
                name,
                role,
                represents,
                block,
            });
        }
        slug
    }
}

/// Extracts the facts of one document: the rules shared by every language, and the document's
/// language's own through [`language::Rules`].
pub fn extract_document(doc: &SourceDocument, gazetteer: &Gazetteer) -> DocumentFacts {
    let rules = language::rules_for(doc.meta.language());
    let mut facts = DocumentFacts {
        header: rules.header(&doc.blocks, gazetteer),
        ..DocumentFacts::default()
    };
    let text_header = facts.header.clone();
    // the manifest wins where it speaks
    let body = doc
        .meta
        .body
        .as_ref()
        .filter(|b| b.origin == crate::corpus::Origin::Manifest)
        .map(|b| b.value.clone())
        .or_else(|| facts.header.body.clone())
        .or_else(|| doc.meta.body.as_ref().map(|b| b.value.clone()))
        .unwrap_or_default();
    facts.header.body = Some(body.clone());
    complete_header(&mut facts.header, &doc.meta);
    if facts.header.venue.is_none() {
        facts.header.venue = doc
            .meta
            .venue
            .as_ref()
            .and_then(|v| gazetteer.place_by_name(&v.value))
            .map(|p| p.slug.clone());
    }
    facts.overridden = overridden(&text_header, &facts.header);
    facts.id = Some(DocId::of_meta(&doc.meta));
    facts.amends = doc
        .meta
        .symbol
        .as_ref()
        .and_then(|s| crate::symbol::Symbol::parse(&s.value))
        .and_then(|s| s.amends())
        .map(|s| DocId::Symbol(s.to_string()));
    register_own_meeting(&body, &mut facts);
    rules.extract(&doc.blocks, &body, gazetteer, &mut facts);
    documents::extract(&doc.blocks, &body, rules, gazetteer, &mut facts);
    agenda_item_of_header(gazetteer, rules.lang(), &mut facts);
    mentions::extract(&doc.blocks, gazetteer, rules.lang(), &mut facts);
    facts
}

/// The meeting a document belongs to, from its header.
pub fn own_meeting(facts: &DocumentFacts) -> Option<MeetingRef> {
    let (start, _) = facts.header.dates?;
    Some(MeetingRef::Dated(MeetingKey {
        body: facts.header.body.clone()?,
        start,
    }))
}

/// The document's own meeting, from its completed header (the front page in any language): a
/// meeting with its dates, ordinal and venue, and the document's relation to it.
fn register_own_meeting(own_body: &str, facts: &mut DocumentFacts) {
    let Some((start, end)) = facts.header.dates else {
        return;
    };
    let key = MeetingKey {
        body: own_body.to_owned(),
        start,
    };
    facts.meetings.push(MeetingFact {
        key: key.clone(),
        end,
        ordinal: facts.header.ordinal,
        venue: facts.header.venue.clone(),
        block: facts.header.dates_block.unwrap_or(0),
    });
    if let Some(id) = facts.id.clone() {
        let relation = match facts.header.doc_type.as_deref() {
            Some("report" | "draft-report") => Relation::ReportOf,
            _ => Relation::PreparedFor,
        };
        facts.documents.insert(
            0,
            DocumentFact {
                id,
                relation: Some((relation, MeetingRef::Dated(key))),
                doc_type: facts.header.doc_type.clone(),
                themes: Vec::new(),
                block: 0,
            },
        );
    }
}

/// A paper's front page names the agenda item it is for and its title, which is the item's
/// title; the language's rules add it with the block that says so, and this adds it when they
/// did not.
fn agenda_item_of_header(gazetteer: &Gazetteer, lang: Lang, facts: &mut DocumentFacts) {
    let (Some(number), Some(title), Some(meeting)) = (
        facts.header.agenda_item,
        facts.header.title.as_deref(),
        own_meeting(facts),
    ) else {
        return;
    };
    let title = title
        .replace('\n', " ")
        .trim()
        .trim_end_matches(['.', ':', ';', '。', '：', '；'])
        .trim()
        .to_owned();
    let mut items = agenda::AgendaItems::new(meeting, gazetteer, lang);
    items.extend(std::mem::take(&mut facts.agenda));
    items.add(number, title, 0);
    facts.agenda = items.into_sorted();
}

/// The header the body rules read, completed from the document's metadata: the manifest wins
/// where it speaks; the front page fills what the body rules did not find.
fn complete_header(header: &mut Header, meta: &crate::corpus::Metadata) {
    use crate::corpus::{Origin, Sourced};
    fn pick<T: Clone>(found: &mut Option<T>, stated: Option<&Sourced<T>>) {
        match stated {
            Some(s) if s.origin == Origin::Manifest => *found = Some(s.value.clone()),
            Some(s) if found.is_none() => *found = Some(s.value.clone()),
            _ => {}
        }
    }
    pick(&mut header.doc_type, meta.doc_type.as_ref());
    pick(&mut header.title, meta.title.as_ref());
    pick(&mut header.agenda_item, meta.agenda_item.as_ref());
    pick(&mut header.ordinal, meta.ordinal.as_ref());
    if header.dates.is_none() {
        header.dates = meta.session_dates.as_ref().map(|d| d.value);
    }
    // a meeting the manifest names sets the first day; its last day is the text's when the
    // text gives the same first day
    if let Some(meeting) = &meta.meeting
        && let Some(start) = meeting
            .value
            .rsplit_once('/')
            .and_then(|(_, date)| Date::parse(date))
        && (meeting.origin == Origin::Manifest || header.dates.is_none())
        && header.dates.is_none_or(|(first, _)| first != start)
    {
        header.dates = Some((start, start));
    }
}

/// What the text's header said that the completed one says otherwise (only the manifest
/// overrides what the text says).
fn overridden(text: &Header, completed: &Header) -> Vec<(String, String, String)> {
    let meeting = |h: &Header| {
        h.dates
            .zip(h.body.clone())
            .map(|((start, _), body)| format!("{body}/{start}"))
    };
    [
        ("body", completed.body.clone(), text.body.clone()),
        ("type", completed.doc_type.clone(), text.doc_type.clone()),
        ("meeting", meeting(completed), meeting(text)),
    ]
    .into_iter()
    .filter_map(|(what, kept, said)| match (kept, said) {
        (Some(kept), Some(said)) if kept != said => Some((what.to_owned(), kept, said)),
        _ => None,
    })
    .collect()
}

/// A slug from a file name: `documents/wg7-2020-draft-report.zh.txt` → `wg7-2020-draft-report`.
pub fn local_slug(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem = name.split('.').next().unwrap_or(name);
    slug(stem)
}

/// Lowercase ASCII letters and digits joined by single hyphens; other scripts are kept.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c => c,
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Chinese numerals up to 99 (第十一次 → 11).
pub use crate::numerals::parse_chinese as chinese_number;

/// Sentences of a block: split after 。；and line ends.
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['。', '\n'])
        .filter(|s| !s.trim().is_empty())
}

/// Blocks that carry citations and mentions: numbered paragraphs, footnotes and the unnumbered
/// paragraphs of a text that numbers none (the blocks with IRIs of their own).
pub fn is_content(block: &Block) -> bool {
    block.local_id().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_linear() {
        assert_eq!(Date::parse("1970-01-01").map(Date::days), Some(0));
        assert_eq!(Date::parse("2000-03-01").map(Date::days), Some(11_017));
        assert_eq!(Date::parse("2020-09-08").map(Date::days), Some(18_513));
    }

    #[test]
    fn slugs_of_names() {
        assert_eq!(slug("Francesco Testa"), "francesco-testa");
        assert_eq!(slug("Andrés Perez Esquivel"), "andres-perez-esquivel");
    }
}
