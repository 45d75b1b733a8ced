//! Facts → quads. The one place that mints IRIs: the same facts always give the same IRIs, so
//! the same input always gives the same triples.

use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term, Triple};

use crate::corpus::{Block, BlockKind, SourceDocument};
use crate::extract::instrument::InstrumentText;
use crate::extract::resolve::{MeetingIndex, Unsettled};
use crate::extract::{
    Act, ActKind, Citation, DocId, DocumentFacts, MeetingKey, MeetingRef, Mention, Relation,
    Speaker,
};
use crate::gazetteer::{Gazetteer, Lang, Named};
use crate::vocab::{ID, ck, ext};

/// IRI minting, by the patterns of the published vocabulary.
pub mod iri;

/// Collects quads into one named graph.
struct GraphWriter {
    graph: GraphName,
    quads: Vec<Quad>,
    /// Triples that follow from an entity's IRI alone (a meeting's type and start date, an act's
    /// body): the same whichever document names the entity, so they go to the entities graph
    /// once instead of into every document's graph.
    described: Vec<Triple>,
}

impl GraphWriter {
    fn new(graph: &NamedNode) -> Self {
        Self {
            graph: graph.clone().into(),
            quads: Vec::new(),
            described: Vec::new(),
        }
    }

    /// A claim of this graph's source.
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            s.clone(),
            p.into_owned(),
            o.into(),
            self.graph.clone(),
        ));
    }

    /// A triple determined by the subject's IRI, for the entities graph.
    fn describe(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.described
            .push(Triple::new(s.clone(), p.into_owned(), o.into()));
    }

    fn label(&mut self, s: &NamedNode, text: &str, lang: &str) {
        if !text.is_empty() {
            self.add(s, rdfs::LABEL, lang_literal(text, lang));
        }
    }

    fn describe_label(&mut self, s: &NamedNode, text: &str, lang: &str) {
        if !text.is_empty() {
            self.describe(s, rdfs::LABEL, lang_literal(text, lang));
        }
    }

    fn finish(self) -> GraphQuads {
        GraphQuads::new(self.quads)
    }
}

/// A named graph's quads, deduplicated, in canonical order, with their content hash.
#[derive(Debug, Clone)]
pub struct GraphQuads {
    /// The quads.
    pub quads: Vec<Quad>,
    /// SHA-256 over the sorted N-Quads lines, as recorded in the metadata graph.
    pub hash: String,
}

impl GraphQuads {
    /// Sorts, deduplicates and hashes, turning each quad into its N-Quads line once.
    pub fn new(quads: Vec<Quad>) -> Self {
        let mut keyed: Vec<(String, Quad)> =
            quads.into_iter().map(|q| (q.to_string(), q)).collect();
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        keyed.dedup_by(|a, b| a.0 == b.0);
        let hash = crate::store::hash_lines(keyed.iter().map(|(line, _)| line.as_str()));
        Self {
            quads: keyed.into_iter().map(|(_, q)| q).collect(),
            hash,
        }
    }
}

/// One document's contribution to the graph.
#[derive(Debug, Clone)]
pub struct DocumentGraph {
    /// Its named graph (the language version).
    pub graph: NamedNode,
    /// The quads of its named graph.
    pub quads: GraphQuads,
    /// The triples it adds to the entities graph, as sorted, deduplicated N-Triples lines.
    pub described: Vec<String>,
    /// Problems met on the way.
    pub warnings: Vec<GraphWarning>,
}

fn lang_literal(text: &str, lang: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, lang)
}

fn date_literal(date: &crate::extract::Date) -> Literal {
    Literal::new_typed_literal(date.to_string(), xsd::DATE)
}

fn integer(n: u32) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER)
}

fn body_names(key: &str) -> (&'static str, &'static str) {
    match key {
        "wg7" => (
            "偷运移民问题工作组",
            "Working Group on the Smuggling of Migrants",
        ),
        "wg4" => (
            "贩运人口问题工作组",
            "Working Group on Trafficking in Persons",
        ),
        "ga" => ("大会", "General Assembly"),
        _ => ("缔约方会议", "Conference of the Parties"),
    }
}

/// A problem found while making a document's graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphWarning {
    /// Where (`paragraph 12`).
    pub place: String,
    /// What.
    pub message: String,
}

/// One document's named graph, what it adds to the entities graph, and the warnings met on the
/// way.
pub fn document_quads(
    doc: &SourceDocument,
    facts: &DocumentFacts,
    meetings: &MeetingIndex,
    gazetteer: &Gazetteer,
) -> DocumentGraph {
    let id = facts
        .id
        .clone()
        .unwrap_or_else(|| DocId::Local("unknown".to_owned()));
    let lang = doc.meta.language();
    let version = iri::version(&id, lang);
    let mut w = GraphWriter::new(&version);
    let mut warnings = Vec::new();
    let block_iri = |index: usize| block_iri(doc, &version, index);

    // the document and its language version
    let doc_iri = iri::document(&id);
    w.describe(&doc_iri, rdf::TYPE, ck::DOCUMENT);
    if let DocId::Symbol(symbol) = &id {
        w.describe(
            &doc_iri,
            ext::IDENTIFIER,
            Literal::new_simple_literal(symbol),
        );
    }
    let title = facts
        .header
        .title
        .clone()
        .or_else(|| doc.meta.title.as_ref().map(|t| t.value.clone()));
    if let Some(title) = &title {
        w.label(&doc_iri, title, lang);
        w.add(&doc_iri, ext::TITLE, lang_literal(title, lang));
    }
    if let Some(title_en) = doc.meta.title_en.as_ref().map(|t| &t.value)
        && lang != "en"
    {
        w.label(&doc_iri, title_en, "en");
        w.add(&doc_iri, ext::TITLE, lang_literal(title_en, "en"));
    }
    if let Some(doc_type) = &facts.header.doc_type {
        w.add(
            &doc_iri,
            ck::DOCUMENT_TYPE,
            Literal::new_simple_literal(doc_type),
        );
    }
    if let Some(original) = &doc.meta.original {
        w.add(
            &doc_iri,
            ck::ORIGINAL_LANGUAGE,
            Literal::new_simple_literal(&original.value),
        );
    }
    if let Some(amended) = &facts.amends {
        w.describe(&doc_iri, ck::AMENDS, iri::document(amended));
    }
    w.describe(&doc_iri, ext::HAS_VERSION, version.clone());
    // in this version's graph: the link goes when the version does
    if let DocId::Symbol(symbol) = &id
        && let Some(page) = iri::undocs(lang, symbol)
    {
        w.add(&doc_iri, rdfs::SEE_ALSO, page);
    }
    w.add(&version, rdf::TYPE, ck::LANGUAGE_VERSION);
    w.add(&version, ext::LANGUAGE, Literal::new_simple_literal(lang));
    w.add(&version, ext::IS_PART_OF, doc_iri.clone());
    w.add(
        &version,
        ck::SOURCE_FILE,
        Literal::new_simple_literal(&doc.meta.file),
    );
    if let Some(job) = &doc.meta.job_number {
        w.add(
            &version,
            ck::JOB_NUMBER,
            Literal::new_simple_literal(&job.value),
        );
    }
    if let Some(distribution) = &doc.meta.distribution {
        w.add(
            &version,
            ck::DISTRIBUTION,
            Literal::new_simple_literal(&distribution.value),
        );
    }
    if let Some(date) = &doc.meta.date {
        w.add(
            &version,
            ext::ISSUED,
            Literal::new_typed_literal(date.value.to_string(), xsd::DATE),
        );
    }
    w.label(
        &version,
        &format!("{} ({lang})", title.as_deref().unwrap_or(&id.to_string())),
        lang,
    );

    // paragraphs and footnotes
    for (position, block) in doc.blocks.iter().enumerate() {
        let Some(local) = block.local_id() else {
            continue;
        };
        let p = iri::paragraph(&version, &local);
        w.add(&p, rdf::TYPE, ck::PARAGRAPH);
        for (other, shared) in &facts.counterparts {
            if shared.contains(&local) {
                let there = iri::version(&id, other);
                w.add(
                    &p,
                    ck::CORRESPONDING_PARAGRAPH,
                    iri::paragraph(&there, &local),
                );
            }
        }
        if block.kind == BlockKind::Footnote {
            w.add(&p, rdf::TYPE, ck::FOOTNOTE_CLASS);
        }
        w.add(&p, ext::IS_PART_OF, version.clone());
        if let Some(number) = &block.number {
            w.add(&p, ck::NUMBER, Literal::new_simple_literal(number));
        }
        w.add(&p, ck::TEXT, lang_literal(&block.text, lang));
        w.add(
            &p,
            ck::POSITION,
            integer(u32::try_from(position).unwrap_or(u32::MAX)),
        );
        w.label(&p, &paragraph_label(block, "zh"), "zh");
        w.label(&p, &paragraph_label(block, "en"), "en");
        for note in &block.footnote_refs {
            let local = if note == "*" {
                "fn_star".to_owned()
            } else {
                format!("fn_{note}")
            };
            if doc
                .blocks
                .iter()
                .any(|b| b.local_id().as_deref() == Some(local.as_str()))
            {
                w.add(&p, ck::FOOTNOTE, iri::paragraph(&version, &local));
            } else {
                warnings.push(GraphWarning {
                    place: block.to_string(),
                    message: format!("refers to footnote {note}, which the text does not have"),
                });
            }
        }
    }

    // meetings stated with dates
    for meeting in &facts.meetings {
        let m = iri::meeting(&meeting.key);
        meeting_node(&mut w, &meeting.key);
        w.add(&m, ck::END_DATE, date_literal(&meeting.end));
        if let Some(n) = meeting.ordinal {
            w.add(&m, ck::ORDINAL, integer(n));
        }
        if let Some(venue) = &meeting.venue {
            let place = iri::place(venue);
            w.add(&m, ck::VENUE, place);
        }
        w.add(&m, ext::WAS_DERIVED_FROM, block_iri(meeting.block));
    }

    // meetings referred to by ordinal
    let mut settle = |reference: &MeetingRef, block: usize| -> Option<MeetingKey> {
        match meetings.resolve(reference) {
            Ok(key) => Some(key),
            Err(Unsettled { reason, .. }) => {
                if matches!(reference, MeetingRef::Ordinal { body, .. } if body.starts_with("wg")) {
                    warnings.push(GraphWarning {
                        place: doc.blocks[block].to_string(),
                        message: reason,
                    });
                }
                None
            }
        }
    };
    for (block, reference) in &facts.meeting_refs {
        if let Some(key) = settle(reference, *block) {
            meeting_node(&mut w, &key);
            w.add(&doc_iri, ck::REFERS_TO_MEETING, iri::meeting(&key));
        }
    }

    // documents and their meetings
    for fact in &facts.documents {
        let d = iri::document(&fact.id);
        w.describe(&d, rdf::TYPE, ck::DOCUMENT);
        if let DocId::Symbol(symbol) = &fact.id {
            w.describe(&d, ext::IDENTIFIER, Literal::new_simple_literal(symbol));
            if fact.id != id {
                // a document known here only by its symbol is labelled by it
                w.describe(&d, rdfs::LABEL, Literal::new_simple_literal(symbol));
            }
        }
        if let Some(kind) = &fact.doc_type {
            w.add(&d, ck::DOCUMENT_TYPE, Literal::new_simple_literal(kind));
        }
        if let Some((relation, reference)) = &fact.relation
            && let Some(key) = settle(reference, fact.block)
        {
            meeting_node(&mut w, &key);
            let p = match relation {
                Relation::PreparedFor => ck::PREPARED_FOR,
                Relation::ReportOf => ck::REPORT_OF,
            };
            w.add(&d, p, iri::meeting(&key));
        }
        for theme in &fact.themes {
            w.add(&d, ext::SUBJECT, iri::theme(theme));
        }
        if fact.id != id || doc.blocks[fact.block].number.is_some() {
            w.add(&d, ext::WAS_DERIVED_FROM, block_iri(fact.block));
        }
    }
    if let Some(title) = &title {
        for theme in gazetteer.find_themes_in(title, Lang::from_code(lang).unwrap_or(Lang::Zh)) {
            w.add(&doc_iri, ext::SUBJECT, iri::theme(theme));
        }
    }

    // agenda items
    for item in &facts.agenda {
        let Some(key) = settle(&item.meeting, item.block) else {
            continue;
        };
        let m = iri::meeting(&key);
        let i = iri::agenda_item(&key, item.number);
        w.describe(&m, ck::AGENDA_ITEM, i.clone());
        w.describe(&i, rdf::TYPE, ck::AGENDA_ITEM_CLASS);
        w.describe(&i, ck::NUMBER, integer(item.number));
        w.label(&i, &format!("{}. {}", item.number, item.title), "zh");
        for theme in &item.themes {
            w.add(&i, ext::SUBJECT, iri::theme(theme));
        }
        w.add(&i, ext::WAS_DERIVED_FROM, block_iri(item.block));
        if facts.header.agenda_item == Some(item.number) {
            w.add(&doc_iri, ck::FOR_AGENDA_ITEM, i.clone());
        }
    }

    // resolutions and decisions
    for (block, act, established) in &facts.acts {
        let a = iri::act(act);
        let class = match act.kind {
            ActKind::Resolution => ck::RESOLUTION,
            ActKind::Decision => ck::DECISION,
        };
        w.describe(&a, rdf::TYPE, class);
        w.describe(&a, ck::ADOPTED_BY, iri::body(&act.body));
        let (zh, en) = body_names(&act.body);
        let (kind_zh, kind_en) = match act.kind {
            ActKind::Resolution => ("决议", "resolution"),
            ActKind::Decision => ("决定", "decision"),
        };
        w.describe_label(
            &a,
            &format!("{zh}第{}/{}号{kind_zh}", act.session, act.number),
            "zh",
        );
        w.describe_label(
            &a,
            &format!("{en} {kind_en} {}/{}", act.session, act.number),
            "en",
        );
        // the act's description is shared; that this document names it is its own claim
        w.add(&a, ext::WAS_DERIVED_FROM, block_iri(*block));
        if let Some(body) = established {
            w.add(&iri::body(body), ck::ESTABLISHED_BY, a.clone());
        }
    }

    // citations and mentions
    for (block, citation) in &facts.citations {
        let p = block_iri(*block);
        let target = match citation {
            Citation::Provision(key, path) => iri::provision(key, path),
            Citation::Act(act) => iri::act(act),
            Citation::Document(symbol) => iri::document(&DocId::Symbol(symbol.clone())),
        };
        w.add(&p, ck::CITES, target);
    }
    for (block, mention) in &facts.mentions {
        let target = match mention {
            Mention::Named(named) => iri::named(gazetteer, *named),
            Mention::Theme(key) => iri::theme(key),
            Mention::Instrument(key) => iri::instrument(key),
            Mention::Person(slug) => iri::person(slug),
        };
        w.add(&block_iri(*block), ck::MENTIONS, target);
    }
    for block in &facts.substantive {
        w.add(
            &block_iri(*block),
            ck::SUBSTANTIVE,
            Literal::new_typed_literal("true", xsd::BOOLEAN),
        );
    }
    // why each paragraph mentions each theme, beside the mention
    for (block, evidence) in &facts.theme_evidence {
        let p = block_iri(*block);
        let m = NamedNode::new_unchecked(format!("{}/theme/{}", p.as_str(), evidence.theme));
        w.add(&p, ck::THEME_MENTION, m.clone());
        w.add(&m, rdf::TYPE, ck::THEME_MENTION_CLASS);
        w.add(&m, ck::THEME, iri::theme(&evidence.theme));
        for term in &evidence.terms {
            w.add(&m, ck::EVIDENCE, lang_literal(term, doc.meta.language()));
        }
        for rule in &evidence.rules {
            w.add(&m, ck::EVIDENCE_RULE, Literal::new_simple_literal(rule));
        }
        w.add(
            &m,
            ck::STRENGTH,
            integer(u32::try_from(evidence.occurrences).unwrap_or(u32::MAX)),
        );
        w.add(&m, ext::WAS_DERIVED_FROM, p);
    }

    // who took part, who spoke
    participants(&mut w, doc, facts, &version, gazetteer);

    let mut described: Vec<String> = w.described.iter().map(ToString::to_string).collect();
    described.sort_unstable();
    described.dedup();
    DocumentGraph {
        graph: version,
        quads: w.finish(),
        described,
        warnings,
    }
}

/// The entities graph from the documents' N-Triples lines (sorted, deduplicated), with the hash
/// of those lines.
pub fn entities_quads(described: &[&str], hash: String) -> GraphQuads {
    let graph = GraphName::from(iri::entities_graph());
    // each line ends with its newline: the N-Triples lexer reads a language tag up to the end
    // of its line, and one cut off by the end of the text does not parse
    let text: String = described.iter().flat_map(|line| [line, "\n"]).collect();
    // the lines were written by this program from valid triples, so they parse
    let quads = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
        .for_slice(text.as_bytes())
        .filter_map(Result::ok)
        .map(|q| Quad::new(q.subject, q.predicate, q.object, graph.clone()))
        .collect();
    GraphQuads { quads, hash }
}

fn participants(
    w: &mut GraphWriter,
    doc: &SourceDocument,
    facts: &DocumentFacts,
    version: &NamedNode,
    gazetteer: &Gazetteer,
) {
    let Some(key) = crate::extract::own_meeting(facts).and_then(|r| match r {
        MeetingRef::Dated(k) => Some(k),
        MeetingRef::Ordinal { .. } => None,
    }) else {
        return;
    };
    let meeting = iri::meeting(&key);
    let block_iri = |index: usize| block_iri(doc, version, index);
    let participant_key = |named: Named| match named {
        Named::Country(i) => format!("country-{}", gazetteer.countries[i].iso3),
        Named::Organisation(i) => format!("org-{}", gazetteer.organisations[i].key),
    };
    for p in &facts.participations {
        let node = NamedNode::new_unchecked(format!(
            "{}/participation/{}/{}",
            meeting.as_str(),
            p.role.slug(),
            participant_key(p.participant)
        ));
        w.describe(&meeting, ck::PARTICIPATION, node.clone());
        w.describe(&node, rdf::TYPE, ck::PARTICIPATION_CLASS);
        w.describe(&node, ck::PARTICIPANT, iri::named(gazetteer, p.participant));
        w.describe(&node, ck::ROLE, iri::role(p.role.slug()));
        w.add(&node, ext::WAS_DERIVED_FROM, block_iri(p.block));
    }
    for s in &facts.statements {
        let (speaker, speaker_key) = match &s.speaker {
            Speaker::Named(named) => (iri::named(gazetteer, *named), participant_key(*named)),
            Speaker::Person(slug) => (iri::person(slug), format!("person-{slug}")),
        };
        let item = s
            .item
            .map_or_else(|| "general".to_owned(), |n| format!("item-{n}"));
        let node = NamedNode::new_unchecked(format!(
            "{}/statement/{item}/{speaker_key}",
            meeting.as_str()
        ));
        w.describe(&meeting, ck::STATEMENT, node.clone());
        w.describe(&node, rdf::TYPE, ck::STATEMENT_CLASS);
        w.describe(&node, ck::SPEAKER, speaker);
        if let Some(n) = s.item {
            w.describe(&node, ck::AGENDA_ITEM, iri::agenda_item(&key, n));
        }
        w.add(&node, ext::WAS_DERIVED_FROM, block_iri(s.block));
    }
    for person in &facts.persons {
        let p = iri::person(&person.slug);
        w.describe(&p, rdf::TYPE, ck::PERSON);
        w.describe_label(&p, &person.name, "en");
        w.describe_label(&p, &person.name, "zh");
        if let Some(named) = person.represents {
            w.add(&p, ck::REPRESENTS, iri::named(gazetteer, named));
        }
        let node = NamedNode::new_unchecked(format!(
            "{}/participation/{}/person-{}",
            meeting.as_str(),
            person.role.slug(),
            person.slug
        ));
        w.describe(&meeting, ck::PARTICIPATION, node.clone());
        w.describe(&node, rdf::TYPE, ck::PARTICIPATION_CLASS);
        w.describe(&node, ck::PARTICIPANT, p.clone());
        w.describe(&node, ck::ROLE, iri::role(person.role.slug()));
        w.add(&node, ext::WAS_DERIVED_FROM, block_iri(person.block));
        if person.role == crate::extract::Role::Chair {
            w.describe(&meeting, ck::CHAIR, p.clone());
        }
    }
}

/// A numbered paragraph or footnote, or the language version for text outside them (front
/// matter, headings).
fn block_iri(doc: &SourceDocument, version: &NamedNode, index: usize) -> NamedNode {
    doc.blocks[index]
        .local_id()
        .map_or_else(|| version.clone(), |local| iri::paragraph(version, &local))
}

fn meeting_node(w: &mut GraphWriter, key: &MeetingKey) {
    let m = iri::meeting(key);
    w.describe(&m, rdf::TYPE, ck::MEETING);
    w.describe(&m, ck::BODY, iri::body(&key.body));
    w.describe(&m, ck::START_DATE, date_literal(&key.start));
    let (zh, en) = body_names(&key.body);
    w.describe_label(&m, &format!("{zh}{}会议", key.start.chinese()), "zh");
    w.describe_label(
        &m,
        &format!("{en}, meeting of {}", key.start.english()),
        "en",
    );
}

fn paragraph_label(block: &Block, lang: &str) -> String {
    if let (None, Some(k)) = (&block.number, block.text_index) {
        return match lang {
            "zh" => format!("无编号段落{k}"),
            _ => format!("unnumbered paragraph {k}"),
        };
    }
    let n = block.number.as_deref().unwrap_or_default();
    match (block.kind, lang) {
        (BlockKind::Footnote, "zh") => format!("脚注{n}"),
        (BlockKind::Footnote, _) => format!("footnote {n}"),
        (_, "zh") => format!("第{n}段"),
        _ => format!("paragraph {n}"),
    }
}

/// The quads of the gazetteer graph: countries, organisations, places, instruments.
pub fn gazetteer_quads(gazetteer: &Gazetteer) -> (NamedNode, GraphQuads) {
    let graph = iri::gazetteer_graph();
    let mut w = GraphWriter::new(&graph);
    for c in &gazetteer.countries {
        let s = iri::country(&c.iso3);
        w.add(&s, rdf::TYPE, ck::COUNTRY);
        w.label(&s, &c.zh, "zh");
        w.label(&s, &c.en, "en");
        w.add(&s, ck::ISO3, Literal::new_simple_literal(&c.iso3));
        if let Some(eu) = iri::eu_country(&c.iso3) {
            w.add(&s, ext::SAME_AS, eu);
        }
        if !c.m49.is_empty() {
            w.add(&s, ck::M49, Literal::new_simple_literal(&c.m49));
        }
    }
    for o in &gazetteer.organisations {
        let s = iri::organisation(&o.key);
        w.add(&s, rdf::TYPE, ck::ORGANISATION);
        w.label(&s, &o.zh, "zh");
        w.label(&s, &o.en, "en");
        w.add(&s, ck::KEY, Literal::new_simple_literal(&o.key));
        if !o.zh_short.is_empty() {
            w.add(&s, ext::ALT_LABEL, lang_literal(&o.zh_short, "zh"));
        }
    }
    for p in &gazetteer.places {
        let s = iri::place(&p.slug);
        w.add(&s, rdf::TYPE, ck::PLACE);
        w.label(&s, &p.zh, "zh");
        w.label(&s, &p.en, "en");
    }
    for i in &gazetteer.instruments {
        let s = iri::instrument(&i.key);
        w.add(&s, rdf::TYPE, ck::INSTRUMENT_CLASS);
        w.label(&s, &i.zh, "zh");
        w.label(&s, &i.en, "en");
        w.add(&s, ck::KEY, Literal::new_simple_literal(&i.key));
    }
    (graph, w.finish())
}

/// The quads of one instrument's graph: every provision, linked to the one above it.
pub fn instrument_quads(key: &str, text: &InstrumentText) -> (NamedNode, GraphQuads) {
    let instrument = iri::instrument(key);
    let mut w = GraphWriter::new(&instrument);
    for provision in &text.provisions {
        let s = iri::provision(key, &provision.path);
        w.add(&s, rdf::TYPE, ck::PROVISION);
        w.add(&s, ck::INSTRUMENT, instrument.clone());
        let parent = match provision.path.len() {
            0 | 1 => instrument.clone(),
            n => iri::provision(key, &provision.path[..n - 1]),
        };
        w.add(&s, ext::IS_PART_OF, parent);
        w.label(&s, &provision_label(key, &provision.path), "en");
        if let Some(title) = &provision.title {
            w.add(&s, ext::TITLE, lang_literal(title, "en"));
        }
        w.add(&s, ck::TEXT, lang_literal(&provision.text, "en"));
        if let Some(last) = provision.path.last() {
            let number = last.rsplit('_').next().unwrap_or(last);
            w.add(&s, ck::NUMBER, Literal::new_simple_literal(number));
        }
    }
    (instrument, w.finish())
}

/// `UNTOC art. 27(1)(e)`
pub fn provision_label(key: &str, path: &[String]) -> String {
    let mut label = format!("{key} art.");
    for (i, part) in path.iter().enumerate() {
        let value = part.rsplit('_').next().unwrap_or(part);
        if i == 0 {
            label.push(' ');
            label.push_str(value);
        } else {
            label.push_str(&format!("({value})"));
        }
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undocs_pages_are_made_for_un_languages_and_symbols_as_spelled_canonically() {
        let page = |lang, symbol| iri::undocs(lang, symbol).map(NamedNode::into_string);
        assert_eq!(
            page("en", "CTOC/COP/WG.4/2009/2/Add.1").as_deref(),
            Some("https://undocs.org/en/CTOC/COP/WG.4/2009/2/Add.1")
        );
        assert_eq!(page("und", "CTOC/COP/WG.4/2009/2"), None, "no language");
        assert_eq!(
            page("de", "CTOC/COP/WG.4/2009/2"),
            None,
            "not a UN language"
        );
        assert_eq!(
            page("zh", "CTOC/COP/WG.4/2009/2/add.1"),
            None,
            "not canonical"
        );
        assert_eq!(
            page("zh", "CTOC / COP / WG.4 / 2009 / 2"),
            None,
            "not canonical"
        );
        assert_eq!(page("zh", "report-2009"), None, "not a symbol");
    }

    #[test]
    fn eu_country_entries_are_made_from_three_capital_letters() {
        assert_eq!(
            iri::eu_country("ITA")
                .map(NamedNode::into_string)
                .as_deref(),
            Some("http://publications.europa.eu/resource/authority/country/ITA")
        );
        for code in ["", "IT", "ita", "ITAL", "1A0"] {
            assert_eq!(iri::eu_country(code), None, "{code:?}");
        }
    }

    #[test]
    fn provision_labels_read_as_lawyers_write_them() {
        let path: Vec<String> = ["art_27", "para_1", "point_e"].map(String::from).to_vec();
        assert_eq!(provision_label("UNTOC", &path), "UNTOC art. 27(1)(e)");
    }
}
