//! The SPARQL the evolution report runs, one small SELECT per kind of evidence; the rows are put
//! together in [`super::Evolution::load`].
//!
//! Every query that starts from `?theme` ranges over the scheme's top concepts; the report binds
//! `?theme` when it is about one theme. The appearances and their agenda items and background
//! papers are the summary graph's, as `queries/theme-evolution.rq` reads them, one row per item
//! instead of aggregated. The paragraphs and documents behind its counts are asked of the
//! documents' facts, for one theme or one meeting at a time; evidence tagged with a narrower
//! concept counts for its top theme (`skos:broader*`), as in the summary.

/// Prepends the prefixes every query uses.
macro_rules! sparql {
    ($body:literal) => {
        concat!(
            "PREFIX ck:      <https://w3id.org/ctockg/ontology#>\n",
            "PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>\n",
            "PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>\n",
            "PREFIX dcterms: <http://purl.org/dc/terms/>\n",
            "PREFIX prov:    <http://www.w3.org/ns/prov#>\n",
            $body
        )
    };
}

/// Top themes with their preferred labels (one row per label).
pub const THEMES: &str = sparql!(
    "SELECT DISTINCT ?theme ?label WHERE {
  ?theme skos:topConceptOf <https://w3id.org/ctockg/id/theme> .
  OPTIONAL { ?theme skos:prefLabel ?label }
}"
);

/// The Chinese labels that detect each top theme in text (preferred and alternative).
pub const DETECTION_LABELS: &str = sparql!(
    "SELECT DISTINCT ?theme ?label WHERE {
  ?theme skos:topConceptOf <https://w3id.org/ctockg/id/theme> ;
         skos:prefLabel|skos:altLabel ?label .
  FILTER (LANG(?label) = \"zh\")
}"
);

/// The key topics (关键议题) under each top theme, with their preferred labels.
pub const KEY_TOPICS: &str = sparql!(
    "SELECT DISTINCT ?theme ?topic ?label WHERE {
  ?theme skos:topConceptOf <https://w3id.org/ctockg/id/theme> .
  ?topic skos:broader+ ?theme .
  OPTIONAL { ?topic skos:prefLabel ?label }
}"
);

/// Every meeting with its dates, ordinal and body (one row per body label).
pub const MEETINGS: &str = sparql!(
    "SELECT DISTINCT ?meeting ?start ?end ?ordinal ?body ?bodyKey ?bodyLabel WHERE {
  ?meeting a ck:Meeting ; ck:startDate ?start .
  OPTIONAL { ?meeting ck:endDate ?end }
  OPTIONAL { ?meeting ck:ordinal ?ordinal }
  OPTIONAL {
    ?meeting ck:body ?body .
    OPTIONAL { ?body ck:key ?bodyKey }
    OPTIONAL { ?body rdfs:label ?bodyLabel }
  }
}"
);

/// The theme appearances the build counted (the summary graph, `id:graph/summary`): which top
/// theme appears at which meeting, by the rule of `queries/theme-evolution.rq` (an agenda item,
/// a background paper or a mentioning paragraph), with the counts.
pub const APPEARANCES: &str = sparql!(
    "SELECT ?theme ?meeting ?mentions ?substantive WHERE {
  ?theme skos:topConceptOf <https://w3id.org/ctockg/id/theme> .
  GRAPH <https://w3id.org/ctockg/id/graph/summary> {
    ?appearance ck:theme ?theme ;
                ck:meeting ?meeting ;
                ck:agendaItemCount ?items ;
                ck:backgroundPaperCount ?papers ;
                ck:paragraphMentionCount ?mentions ;
                ck:substantiveParagraphCount ?substantive .
  }
  FILTER (?items + ?papers + ?mentions > 0)
}"
);

/// The agenda items the summary graph gives as a theme's evidence at a meeting (one row per
/// label of the item).
pub const AGENDA_ITEMS: &str = sparql!(
    "SELECT DISTINCT ?theme ?meeting ?item ?number ?label WHERE {
  ?theme skos:topConceptOf <https://w3id.org/ctockg/id/theme> .
  GRAPH <https://w3id.org/ctockg/id/graph/summary> {
    ?appearance ck:theme ?theme ; ck:meeting ?meeting ; ck:evidenceAgendaItem ?item .
  }
  ?item ck:number ?number .
  OPTIONAL { ?item rdfs:label ?label }
}"
);

/// The background papers the summary graph gives as a theme's evidence at a meeting, with the
/// paragraphs they were read from (one row per title × source paragraph).
pub const PAPERS: &str = sparql!(
    "SELECT DISTINCT ?theme ?meeting ?paper ?symbol ?type ?title ?source WHERE {
  ?theme skos:topConceptOf <https://w3id.org/ctockg/id/theme> .
  GRAPH <https://w3id.org/ctockg/id/graph/summary> {
    ?appearance ck:theme ?theme ; ck:meeting ?meeting ; ck:evidenceBackgroundPaper ?paper .
  }
  OPTIONAL { ?paper dcterms:identifier ?symbol }
  OPTIONAL { ?paper ck:documentType ?type }
  OPTIONAL { ?paper dcterms:title ?title }
  OPTIONAL { ?paper prov:wasDerivedFrom ?source . ?source a ck:Paragraph }
}"
);

/// The substantive paragraphs mentioning a theme in the documents prepared for or reporting on
/// a meeting (footnotes, attendance lists and lists of documents are not counted): the
/// paragraphs behind the summary's mention counts. The report binds `?theme`, so that the plan
/// starts from the theme's mentions; bound by the meeting too, it would not (1 s a meeting at
/// 1,000 documents).
pub const MENTIONS: &str = sparql!(
    "SELECT DISTINCT ?meeting ?paragraph WHERE {
  ?document ck:reportOf|ck:preparedFor ?meeting .
  ?version a ck:LanguageVersion ; dcterms:isPartOf ?document .
  ?paragraph dcterms:isPartOf ?version ; ck:mentions ?tag ; ck:substantive true .
  ?tag a skos:Concept ; skos:broader* ?theme .
}"
);

/// The documents prepared for or reporting on one meeting, with how many substantive
/// paragraphs each language version holds: what the summary's base count rests on. The
/// report binds `?meeting`.
pub const DOCUMENTS: &str = sparql!(
    "SELECT ?document ?symbol (COUNT(DISTINCT ?paragraph) AS ?paragraphs) WHERE {
  ?document ck:reportOf|ck:preparedFor ?meeting .
  ?version a ck:LanguageVersion ; dcterms:isPartOf ?document .
  ?paragraph dcterms:isPartOf ?version ; ck:substantive true .
  OPTIONAL { ?document dcterms:identifier ?symbol }
}
GROUP BY ?document ?symbol"
);
