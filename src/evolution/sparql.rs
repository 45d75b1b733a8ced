//! The SPARQL the evolution report runs, one small SELECT per kind of evidence; the rows are put
//! together in [`super::Evolution::load`].
//!
//! Every query that starts from `?theme` ranges over the scheme's top concepts; the report binds
//! `?theme` when it is about one theme. Evidence tagged with a narrower concept counts for its top
//! theme (`skos:broader*`), as in `queries/theme-evolution.rq`, whose three kinds of evidence these
//! queries return one row per item instead of aggregated.

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

/// Agenda items on a theme (one row per label of the item).
pub const AGENDA_ITEMS: &str = sparql!(
    "SELECT DISTINCT ?theme ?meeting ?item ?number ?label WHERE {
  ?theme skos:topConceptOf <https://w3id.org/ctockg/id/theme> .
  ?meeting a ck:Meeting ; ck:agendaItem ?item .
  ?item ck:number ?number ; dcterms:subject ?tag .
  ?tag skos:broader* ?theme .
  OPTIONAL { ?item rdfs:label ?label }
}"
);

/// Documents on a theme prepared for a meeting (background papers on the bundled data), with
/// the paragraphs they were read from (one row per title × source paragraph).
pub const PAPERS: &str = sparql!(
    "SELECT DISTINCT ?theme ?meeting ?paper ?symbol ?type ?title ?source WHERE {
  ?theme skos:topConceptOf <https://w3id.org/ctockg/id/theme> .
  ?paper ck:preparedFor ?meeting ; dcterms:subject ?tag .
  ?meeting a ck:Meeting .
  ?tag skos:broader* ?theme .
  OPTIONAL { ?paper dcterms:identifier ?symbol }
  OPTIONAL { ?paper ck:documentType ?type }
  OPTIONAL { ?paper dcterms:title ?title }
  OPTIONAL { ?paper prov:wasDerivedFrom ?source . ?source a ck:Paragraph }
}"
);

/// Substantive paragraphs mentioning a theme in the documents prepared for or reporting on a
/// meeting (footnotes, attendance lists and lists of documents are not counted).
pub const MENTIONS: &str = sparql!(
    "SELECT DISTINCT ?theme ?meeting ?paragraph WHERE {
  ?theme skos:topConceptOf <https://w3id.org/ctockg/id/theme> .
  ?document ck:reportOf|ck:preparedFor ?meeting .
  ?version a ck:LanguageVersion ; dcterms:isPartOf ?document .
  ?paragraph dcterms:isPartOf ?version ; ck:mentions ?tag ; ck:substantive true .
  ?tag a skos:Concept ; skos:broader* ?theme .
}"
);

/// The documents prepared for or reporting on each meeting, with how many substantive
/// paragraphs each language version holds: what a meeting's counts rest on.
pub const SUBSTANTIVE: &str = sparql!(
    "SELECT ?meeting ?document ?symbol (COUNT(DISTINCT ?paragraph) AS ?paragraphs) WHERE {
  ?document ck:reportOf|ck:preparedFor ?meeting .
  ?version a ck:LanguageVersion ; dcterms:isPartOf ?document .
  ?paragraph dcterms:isPartOf ?version ; ck:substantive true .
  OPTIONAL { ?document dcterms:identifier ?symbol }
}
GROUP BY ?meeting ?document ?symbol"
);
