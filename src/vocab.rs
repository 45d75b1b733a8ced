//! The published vocabulary: one constant per term, so that IRIs are spelled in one place.
//!
//! `ontology/ctockg.ttl` declares every `ck:` term listed here; a test checks it.

use oxigraph::model::NamedNodeRef;

/// The `ck:` namespace of ontology terms.
pub const CK: &str = "https://w3id.org/ctockg/ontology#";
/// The namespace of resources (`id:`).
pub const ID: &str = "https://w3id.org/ctockg/id/";
/// The ontology document's own IRI.
pub const ONTOLOGY: &str = "https://w3id.org/ctockg/ontology";

/// The namespaces ctockg shortens IRIs with, `id:` and `ck:` first: in pages, pictures, the
/// query editor and the prologue of its own queries.
pub const PREFIXES: &[(&str, &str)] = &[
    ("id", ID),
    ("ck", CK),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("void", "http://rdfs.org/ns/void#"),
    ("sd", "http://www.w3.org/ns/sparql-service-description#"),
];

/// An IRI shortened with one of [`PREFIXES`] (`ck:cites`), or the IRI itself.
pub fn compact(iri: &str) -> String {
    PREFIXES
        .iter()
        .find_map(|(prefix, ns)| {
            iri.strip_prefix(ns)
                .filter(|rest| !rest.is_empty())
                .map(|rest| format!("{prefix}:{rest}"))
        })
        .unwrap_or_else(|| iri.to_owned())
}

/// The namespace of one of [`PREFIXES`].
///
/// # Panics
/// On a prefix [`PREFIXES`] does not have: a mistake in the code, not in the input.
pub fn namespace(prefix: &str) -> &'static str {
    PREFIXES
        .iter()
        .find_map(|(p, ns)| (*p == prefix).then_some(*ns))
        .unwrap_or_else(|| panic!("no prefix {prefix} in vocab::PREFIXES"))
}

/// `PREFIX` lines declaring every one of [`PREFIXES`], for the start of a query.
pub fn sparql_prologue() -> String {
    PREFIXES
        .iter()
        .map(|(prefix, ns)| format!("PREFIX {prefix}: <{ns}>\n"))
        .collect()
}

macro_rules! terms {
    ($ns:expr; $( $(#[$doc:meta])* $name:ident = $local:literal ),* $(,)?) => {
        $( $(#[$doc])* pub const $name: NamedNodeRef<'static> =
            NamedNodeRef::new_unchecked(concat!($ns, $local)); )*
    };
}

/// Terms of the `ck:` namespace.
pub mod ck {
    use super::NamedNodeRef;
    terms! { "https://w3id.org/ctockg/ontology#";
        /// A working group, the Conference of the Parties or the General Assembly.
        BODY_CLASS = "Body",
        /// A session of a body.
        MEETING = "Meeting",
        /// An item of a meeting's agenda.
        AGENDA_ITEM_CLASS = "AgendaItem",
        /// Attendance of a country or organisation in a role.
        PARTICIPATION_CLASS = "Participation",
        /// A statement made at a meeting.
        STATEMENT_CLASS = "Statement",
        /// A document as a work, identified by its UN symbol.
        DOCUMENT = "Document",
        /// One language version of a document.
        LANGUAGE_VERSION = "LanguageVersion",
        /// A paragraph of a language version.
        PARAGRAPH = "Paragraph",
        /// A footnote of a language version.
        FOOTNOTE_CLASS = "Footnote",
        /// A person.
        PERSON = "Person",
        /// A country.
        COUNTRY = "Country",
        /// An organisation.
        ORGANISATION = "Organisation",
        /// A treaty or other instrument.
        INSTRUMENT_CLASS = "Instrument",
        /// An article, paragraph or point of an instrument.
        PROVISION = "Provision",
        /// A resolution.
        RESOLUTION = "Resolution",
        /// A decision.
        DECISION = "Decision",
        /// A place where meetings are held.
        PLACE = "Place",
        /// A role in which someone takes part.
        ROLE_CLASS = "Role",
        /// Body → the resolution or decision that established it.
        ESTABLISHED_BY = "establishedBy",
        /// Meeting → its body.
        BODY = "body",
        /// Meeting → its ordinal.
        ORDINAL = "ordinal",
        /// Meeting → its first day.
        START_DATE = "startDate",
        /// Meeting → its last day.
        END_DATE = "endDate",
        /// Meeting → where it was held.
        VENUE = "venue",
        /// Meeting → who chaired it.
        CHAIR = "chair",
        /// Meeting or statement → an agenda item.
        AGENDA_ITEM = "agendaItem",
        /// Document → the agenda item it was written for.
        FOR_AGENDA_ITEM = "forAgendaItem",
        /// Meeting → a participation node.
        PARTICIPATION = "participation",
        /// Participation → the country or organisation.
        PARTICIPANT = "participant",
        /// Participation or person → the role.
        ROLE = "role",
        /// Meeting → a statement node.
        STATEMENT = "statement",
        /// Statement → who spoke.
        SPEAKER = "speaker",
        /// Document → the meeting it was prepared for.
        PREPARED_FOR = "preparedFor",
        /// Document → the meeting it reports on.
        REPORT_OF = "reportOf",
        /// Language version → the file it was read from.
        SOURCE_FILE = "sourceFile",
        /// Paragraph → its number as printed.
        NUMBER = "number",
        /// Paragraph → its normalised text.
        TEXT = "text",
        /// Paragraph → a provision, act or document it cites.
        CITES = "cites",
        /// Paragraph → something it mentions.
        MENTIONS = "mentions",
        /// Person → the country or organisation represented.
        REPRESENTS = "represents",
        /// Resolution or decision → the body that adopted it.
        ADOPTED_BY = "adoptedBy",
        /// Paragraph → a footnote its text refers to.
        FOOTNOTE = "footnote",
        /// Provision → its instrument.
        INSTRUMENT = "instrument",
        /// Document → a meeting it mentions.
        REFERS_TO_MEETING = "refersToMeeting",
        /// Document → its type (report, background-paper…).
        DOCUMENT_TYPE = "documentType",
        /// Language version → the job number that identifies the document across languages.
        JOB_NUMBER = "jobNumber",
        /// Document → the language it was written in.
        ORIGINAL_LANGUAGE = "originalLanguage",
        /// Language version → its distribution (`General`, `Limited`).
        DISTRIBUTION = "distribution",
        /// Corrigendum, addendum, revision or amendment → the document it belongs to.
        AMENDS = "amends",
        /// Paragraph → the paragraph of the same number in another language version.
        CORRESPONDING_PARAGRAPH = "correspondingParagraph",
        /// Named graph → hash of the facts it holds.
        CONTENT_HASH = "contentHash",
        /// Paragraph → its position within the language version.
        POSITION = "position",
        /// Country → ISO 3166-1 alpha-3 code.
        ISO3 = "iso3",
        /// Country → UN M49 code.
        M49 = "m49",
        /// Body, organisation or instrument → its short key.
        KEY = "key",
        /// Meeting → its year, when known only by ordinal and year.
        YEAR = "year",
        /// A theme at one meeting, with its evidence counted (the summary graph).
        THEME_APPEARANCE = "ThemeAppearance",
        /// Two themes mentioned in the same paragraphs (the summary graph).
        THEME_COOCCURRENCE = "ThemeCooccurrence",
        /// Theme appearance → its meeting.
        MEETING_OF = "meeting",
        /// Theme appearance or theme mention → its theme.
        THEME = "theme",
        /// Why a paragraph mentions a theme: the words that carry it.
        THEME_MENTION_CLASS = "ThemeMention",
        /// Paragraph → a theme mention, beside its `ck:mentions` of the theme.
        THEME_MENTION = "themeMention",
        /// Theme mention → a word or phrase of the paragraph that carries the theme.
        EVIDENCE = "evidence",
        /// Theme mention → a rule that carries the theme (`cites UNTOC art_27`).
        EVIDENCE_RULE = "evidenceRule",
        /// Theme mention → how many times its words occur in the paragraph, and its rules apply.
        STRENGTH = "strength",
        /// Paragraph → true when it says something of its own (not a footnote, an attendance
        /// list or a list of documents): what theme counts are taken over.
        SUBSTANTIVE = "substantive",
        /// Theme appearance → agenda items on the theme.
        AGENDA_ITEM_COUNT = "agendaItemCount",
        /// Theme appearance → documents on the theme for or about the meeting.
        DOCUMENT_COUNT = "documentCount",
        /// Theme appearance → background papers on the theme prepared for the meeting.
        BACKGROUND_PAPER_COUNT = "backgroundPaperCount",
        /// Theme appearance → paragraphs of the meeting's documents mentioning the theme.
        PARAGRAPH_MENTION_COUNT = "paragraphMentionCount",
        /// Theme appearance → substantive paragraphs of the meeting's documents: the base of
        /// its share.
        SUBSTANTIVE_PARAGRAPH_COUNT = "substantiveParagraphCount",
        /// Theme appearance → mentioning paragraphs over substantive ones, to three decimals.
        PARAGRAPH_SHARE = "paragraphShare",
        /// Theme appearance → an agenda item on the theme.
        EVIDENCE_AGENDA_ITEM = "evidenceAgendaItem",
        /// Theme appearance → a background paper on the theme.
        EVIDENCE_BACKGROUND_PAPER = "evidenceBackgroundPaper",
        /// Co-occurrence → the theme whose IRI sorts first.
        FIRST_THEME = "firstTheme",
        /// Co-occurrence → the theme whose IRI sorts second.
        SECOND_THEME = "secondTheme",
        /// Co-occurrence → paragraphs mentioning both.
        PARAGRAPHS_TOGETHER = "paragraphsTogether",
        /// Theme → paragraphs mentioning it (not its narrower themes).
        DIRECT_MENTION_COUNT = "directMentionCount",
        /// Theme → the earliest meeting it appears at.
        FIRST_APPEARANCE = "firstAppearance",
        /// Theme → the latest meeting it appears at.
        LAST_APPEARANCE = "lastAppearance",
        /// Theme → how many dated meetings it appears at.
        APPEARANCE_COUNT = "appearanceCount",
    }
}

/// Reused terms of other vocabularies.
pub mod ext {
    use super::NamedNodeRef;
    terms! { "http://purl.org/dc/terms/";
        /// `dcterms:isPartOf`
        IS_PART_OF = "isPartOf",
        /// `dcterms:identifier`
        IDENTIFIER = "identifier",
        /// `dcterms:subject`
        SUBJECT = "subject",
        /// `dcterms:hasVersion`
        HAS_VERSION = "hasVersion",
        /// `dcterms:language`
        LANGUAGE = "language",
        /// `dcterms:title`
        TITLE = "title",
        /// `dcterms:issued`
        ISSUED = "issued",
        /// `dcterms:description`
        DESCRIPTION = "description",
    }
    terms! { "http://www.w3.org/ns/prov#";
        /// `prov:wasDerivedFrom`
        WAS_DERIVED_FROM = "wasDerivedFrom",
    }
    terms! { "http://www.w3.org/2002/07/owl#";
        /// `owl:sameAs`
        SAME_AS = "sameAs",
        /// `owl:Class`
        OWL_CLASS = "Class",
        /// `owl:ObjectProperty`
        OBJECT_PROPERTY = "ObjectProperty",
        /// `owl:DatatypeProperty`
        DATATYPE_PROPERTY = "DatatypeProperty",
    }
    terms! { "http://www.w3.org/2004/02/skos/core#";
        /// `skos:Concept`
        SKOS_CONCEPT = "Concept",
        /// `skos:prefLabel`
        PREF_LABEL = "prefLabel",
        /// `skos:altLabel`
        ALT_LABEL = "altLabel",
        /// `skos:hiddenLabel`
        HIDDEN_LABEL = "hiddenLabel",
        /// `skos:broader`
        BROADER = "broader",
        /// `skos:inScheme`
        IN_SCHEME = "inScheme",
        /// `skos:topConceptOf`
        TOP_CONCEPT_OF = "topConceptOf",
    }
}

/// Every `ck:` term the code uses, for the check that the ontology declares them all.
pub fn all_ck_terms() -> Vec<NamedNodeRef<'static>> {
    use ck::*;
    vec![
        BODY_CLASS,
        MEETING,
        AGENDA_ITEM_CLASS,
        PARTICIPATION_CLASS,
        STATEMENT_CLASS,
        DOCUMENT,
        LANGUAGE_VERSION,
        PARAGRAPH,
        FOOTNOTE_CLASS,
        PERSON,
        COUNTRY,
        ORGANISATION,
        INSTRUMENT_CLASS,
        PROVISION,
        RESOLUTION,
        DECISION,
        PLACE,
        ROLE_CLASS,
        ESTABLISHED_BY,
        BODY,
        ORDINAL,
        START_DATE,
        END_DATE,
        VENUE,
        CHAIR,
        AGENDA_ITEM,
        PARTICIPATION,
        PARTICIPANT,
        ROLE,
        STATEMENT,
        SPEAKER,
        PREPARED_FOR,
        REPORT_OF,
        SOURCE_FILE,
        NUMBER,
        TEXT,
        CITES,
        MENTIONS,
        REPRESENTS,
        ADOPTED_BY,
        FOOTNOTE,
        INSTRUMENT,
        REFERS_TO_MEETING,
        DOCUMENT_TYPE,
        CONTENT_HASH,
        POSITION,
        ISO3,
        M49,
        KEY,
        YEAR,
        THEME_APPEARANCE,
        THEME_MENTION_CLASS,
        THEME_MENTION,
        EVIDENCE,
        EVIDENCE_RULE,
        STRENGTH,
        SUBSTANTIVE,
        THEME_COOCCURRENCE,
        MEETING_OF,
        THEME,
        AGENDA_ITEM_COUNT,
        DOCUMENT_COUNT,
        BACKGROUND_PAPER_COUNT,
        PARAGRAPH_MENTION_COUNT,
        SUBSTANTIVE_PARAGRAPH_COUNT,
        PARAGRAPH_SHARE,
        EVIDENCE_AGENDA_ITEM,
        EVIDENCE_BACKGROUND_PAPER,
        FIRST_THEME,
        SECOND_THEME,
        PARAGRAPHS_TOGETHER,
        DIRECT_MENTION_COUNT,
        FIRST_APPEARANCE,
        LAST_APPEARANCE,
        APPEARANCE_COUNT,
    ]
}
