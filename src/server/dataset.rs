//! The dataset as a whole: its counts (home page), its VoID description, the SPARQL service
//! description, and the dumps, streamed.
//!
//! The published dataset is every named graph (the build metadata is in the store's default
//! graph): that is what `/sparql` queries, what VoID counts and what the dumps hold, so the
//! three agree.

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, Term, Triple};
use oxigraph::sparql::results::QueryResultsFormat;
use oxigraph::sparql::{
    PreparedSparqlQuery, QueryEvaluationError, QueryResults, QuerySolution, SparqlEvaluator,
};
use oxigraph::store::Store;
use std::collections::{HashMap, HashSet};
use std::io::Write;

use crate::resident::{Counts, ResidentStore};
use crate::vocab;
use std::sync::Arc;

use super::ServerError;
use super::negotiate::Format;

/// Whether a quad's graph is published: a named graph, not the build metadata.
pub fn is_published(graph: &GraphName) -> bool {
    !graph.is_default_graph()
}

/// Runs one of the server's own fixed SELECT queries over the union of the graphs.
///
/// The union of the named graphs is the published dataset: the build metadata is in the default
/// graph, outside it.
pub fn select(store: &Store, query: &str) -> Result<Vec<QuerySolution>, ServerError> {
    solutions(over_union(query)?.on_store(store).execute())
}

/// [`select`] on the store's in-memory index.
pub fn select_resident(
    resident: &Arc<ResidentStore>,
    query: &str,
) -> Result<Vec<QuerySolution>, ServerError> {
    solutions(
        over_union(query)?
            .on_queryable_dataset(resident.dataset())
            .execute(),
    )
}

fn over_union(query: &str) -> Result<PreparedSparqlQuery, ServerError> {
    let mut prepared = SparqlEvaluator::new()
        .parse_query(query)
        .map_err(|e| ServerError::Evaluation(format!("internal query: {e}")))?;
    crate::query::set_dataset(prepared.dataset_mut(), &crate::query::Dataset::default());
    Ok(prepared)
}

fn solutions(
    results: Result<QueryResults<'_>, QueryEvaluationError>,
) -> Result<Vec<QuerySolution>, ServerError> {
    match results.map_err(|e| ServerError::Evaluation(e.to_string()))? {
        QueryResults::Solutions(solutions) => solutions
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ServerError::Evaluation(e.to_string())),
        QueryResults::Boolean(_) | QueryResults::Graph(_) => Err(ServerError::Evaluation(
            "internal query is not a SELECT".to_owned(),
        )),
    }
}

fn number(solution: &QuerySolution, variable: &str) -> usize {
    match solution.get(variable) {
        Some(Term::Literal(l)) => l.value().parse().unwrap_or(0),
        _ => 0,
    }
}

fn text(solution: &QuerySolution, variable: &str) -> String {
    match solution.get(variable) {
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(Term::NamedNode(n)) => n.as_str().to_owned(),
        _ => String::new(),
    }
}

/// How many instances a class has.
#[derive(Debug, Clone)]
pub struct ClassCount {
    /// The class IRI.
    pub iri: String,
    /// Its English label (or its short name).
    pub en: String,
    /// Its Chinese label.
    pub zh: String,
    /// Distinct instances.
    pub count: usize,
}

/// A meeting for the home page.
#[derive(Debug, Clone)]
pub struct MeetingRow {
    /// The meeting IRI.
    pub iri: String,
    /// Its start date.
    pub start: String,
    /// Its English label.
    pub en: String,
    /// Its Chinese label.
    pub zh: String,
}

/// What the dataset holds, for the home page.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Quads in the published graphs.
    pub quads: usize,
    /// Quads per published graph.
    pub graphs: Vec<(String, usize)>,
    /// Instances per class of the ontology (and themes), most first.
    pub classes: Vec<ClassCount>,
    /// The meetings in date order.
    pub meetings: Vec<MeetingRow>,
}

/// Counts the dataset.
pub fn summary(store: &Arc<ResidentStore>) -> Result<Summary, ServerError> {
    let graphs = store.graph_sizes();
    let classes = select_resident(
        store,
        &format!(
            "{prologue}
        SELECT ?class ?n (SAMPLE(?en) AS ?label_en) (SAMPLE(?zh) AS ?label_zh) WHERE {{
          {{ SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?class }} GROUP BY ?class }}
          FILTER(STRSTARTS(STR(?class), STR(ck:)) || ?class = skos:Concept)
          OPTIONAL {{ ?class rdfs:label ?en FILTER(LANG(?en) = \"en\") }}
          OPTIONAL {{ ?class rdfs:label ?zh FILTER(LANG(?zh) = \"zh\") }}
        }} GROUP BY ?class ?n ORDER BY DESC(?n) ?class",
            prologue = vocab::sparql_prologue()
        ),
    )?
    .iter()
    .map(|s| {
        let iri = text(s, "class");
        let en = text(s, "label_en");
        ClassCount {
            en: if en.is_empty() {
                if iri.ends_with("core#Concept") {
                    "Themes and topics (skos:Concept)".to_owned()
                } else {
                    super::page::compact(&iri)
                }
            } else {
                en
            },
            zh: text(s, "label_zh"),
            count: number(s, "n"),
            iri,
        }
    })
    .collect();
    let meetings = select_resident(
        store,
        &format!(
            "{prologue}
        SELECT ?m (MIN(STR(?start)) AS ?date) (MAX(?en) AS ?label_en) (MAX(?zh) AS ?label_zh) WHERE {{
          ?m a ck:Meeting ; ck:startDate ?start .
          OPTIONAL {{ ?m rdfs:label ?en FILTER(LANG(?en) = \"en\") }}
          OPTIONAL {{ ?m rdfs:label ?zh FILTER(LANG(?zh) = \"zh\") }}
        }} GROUP BY ?m ORDER BY ?date",
            prologue = vocab::sparql_prologue()
        ),
    )?
    .iter()
    .map(|s| MeetingRow {
        iri: text(s, "m"),
        start: text(s, "date"),
        en: text(s, "label_en"),
        zh: text(s, "label_zh"),
    })
    .collect();
    Ok(Summary {
        quads: graphs.iter().map(|(_, n)| n).sum(),
        graphs: graphs
            .into_iter()
            .map(|(g, n)| (g.as_str().to_owned(), n))
            .collect(),
        classes,
        meetings,
    })
}

/// The server's own base URL, from the request's `Host` (checked, so that it makes an IRI).
pub fn base_url(host: Option<&str>) -> String {
    let host = host
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

fn node(iri: &str) -> Result<NamedNode, ServerError> {
    NamedNode::new(iri).map_err(|e| ServerError::BadRequest(format!("cannot make IRI {iri}: {e}")))
}

/// A term of one of [`vocab::PREFIXES`]' namespaces: `term("void", "Dataset")`.
fn term(prefix: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{local}", vocab::namespace(prefix)))
}

fn integer(n: usize) -> Term {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into()
}

/// What VoID counts in the store; read once per state of the store (see [`super::cache`]).
#[derive(Debug)]
pub struct VoidFacts {
    counts: Counts,
    /// Instances per class, by class IRI.
    classes: Vec<(NamedNode, usize)>,
    /// The first meeting, as an example resource.
    example: Option<NamedNode>,
    /// Quads per published graph.
    graphs: Vec<(NamedNode, usize)>,
}

impl VoidFacts {
    /// Counts the published graphs.
    pub fn of(store: &Arc<ResidentStore>) -> Result<Self, ServerError> {
        let classes = select_resident(
            store,
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class",
        )?
        .iter()
        .filter_map(|solution| match solution.get("class") {
            Some(Term::NamedNode(class)) => Some((class.clone(), number(solution, "n"))),
            _ => None,
        })
        .collect();
        let example = select_resident(
            store,
            "SELECT ?m WHERE { ?m a <https://w3id.org/ctockg/ontology#Meeting> } ORDER BY ?m LIMIT 1",
        )?
        .first()
        .and_then(|solution| match solution.get("m") {
            Some(Term::NamedNode(m)) => Some(m.clone()),
            _ => None,
        });
        Ok(Self {
            counts: store.counts(vocab::ID),
            classes,
            example,
            graphs: store.graph_sizes(),
        })
    }
}

/// The VoID description of the dataset.
pub fn void(facts: &VoidFacts, base: &str) -> Result<Vec<Triple>, ServerError> {
    let dataset = node(&format!("{base}/.well-known/void#ctockg"))?;
    let mut out = Vec::new();
    let mut add = |s: &NamedNode, p: NamedNode, o: Term| {
        out.push(Triple::new(s.clone(), p, o));
    };
    let counts = facts.counts;

    add(
        &dataset,
        rdf::TYPE.into_owned(),
        term("void", "Dataset").into(),
    );
    add(
        &dataset,
        term("dcterms", "title"),
        Literal::new_language_tagged_literal_unchecked(
            "ctockg: the UN working groups on the smuggling of migrants and trafficking in persons",
            "en",
        )
        .into(),
    );
    add(
        &dataset,
        term("dcterms", "description"),
        Literal::new_language_tagged_literal_unchecked(
            "Meetings, documents, paragraphs, participants, statements, citations and themes of the working groups of the Conference of the Parties to the UN Convention against Transnational Organized Crime, extracted from their documents; every extracted fact is traced to its paragraph.",
            "en",
        )
        .into(),
    );
    add(
        &dataset,
        term("void", "sparqlEndpoint"),
        node(&format!("{base}/sparql"))?.into(),
    );
    add(
        &dataset,
        term("void", "dataDump"),
        node(&format!("{base}/dump.nq"))?.into(),
    );
    add(
        &dataset,
        term("void", "dataDump"),
        node(&format!("{base}/dump.ttl"))?.into(),
    );
    add(
        &dataset,
        term("void", "uriSpace"),
        Literal::new_simple_literal(vocab::ID).into(),
    );
    add(
        &dataset,
        term("void", "vocabulary"),
        node(vocab::ONTOLOGY)?.into(),
    );
    add(
        &dataset,
        term("void", "feature"),
        node("http://www.w3.org/ns/formats/N-Quads")?.into(),
    );
    add(&dataset, term("void", "triples"), integer(counts.triples));
    add(
        &dataset,
        term("void", "distinctSubjects"),
        integer(counts.subjects),
    );
    add(
        &dataset,
        term("void", "properties"),
        integer(counts.properties),
    );
    add(
        &dataset,
        term("void", "distinctObjects"),
        integer(counts.objects),
    );
    add(&dataset, term("void", "entities"), integer(counts.entities));
    add(
        &dataset,
        term("void", "classes"),
        integer(facts.classes.len()),
    );
    if let Some(example) = &facts.example {
        add(
            &dataset,
            term("void", "exampleResource"),
            example.clone().into(),
        );
    }
    for (i, (class, n)) in facts.classes.iter().enumerate() {
        let partition = node(&format!("{base}/.well-known/void#class-{}", i + 1))?;
        add(
            &dataset,
            term("void", "classPartition"),
            partition.clone().into(),
        );
        add(&partition, term("void", "class"), class.clone().into());
        add(&partition, term("void", "entities"), integer(*n));
    }
    for (i, (graph, quads)) in facts.graphs.iter().enumerate() {
        let subset = node(&format!("{base}/.well-known/void#graph-{}", i + 1))?;
        add(&dataset, term("void", "subset"), subset.clone().into());
        add(
            &subset,
            rdf::TYPE.into_owned(),
            term("void", "Dataset").into(),
        );
        add(&subset, term("sd", "name"), graph.clone().into());
        add(&subset, term("void", "triples"), integer(*quads));
    }
    Ok(out)
}

/// The SPARQL 1.1 service description of `/sparql`.
pub fn service_description(
    store: &Arc<ResidentStore>,
    base: &str,
    allows_update: bool,
) -> Result<Vec<Triple>, ServerError> {
    let service = node(&format!("{base}/sparql"))?;
    let dataset = node(&format!("{base}/sparql#dataset"))?;
    let default_graph = node(&format!("{base}/sparql#default-graph"))?;
    let mut out = Vec::new();
    let mut add = |s: &NamedNode, p: NamedNode, o: Term| {
        out.push(Triple::new(s.clone(), p, o));
    };
    add(
        &service,
        rdf::TYPE.into_owned(),
        term("sd", "Service").into(),
    );
    add(&service, term("sd", "endpoint"), service.clone().into());
    add(
        &service,
        term("sd", "supportedLanguage"),
        term("sd", "SPARQL11Query").into(),
    );
    if allows_update {
        add(
            &service,
            term("sd", "supportedLanguage"),
            term("sd", "SPARQL11Update").into(),
        );
    }
    add(
        &service,
        term("sd", "feature"),
        term("sd", "UnionDefaultGraph").into(),
    );
    for format in [
        QueryResultsFormat::Json,
        QueryResultsFormat::Xml,
        QueryResultsFormat::Csv,
        QueryResultsFormat::Tsv,
    ] {
        add(
            &service,
            term("sd", "resultFormat"),
            node(format.iri())?.into(),
        );
    }
    for format in [
        Format::Turtle,
        Format::NTriples,
        Format::RdfXml,
        Format::JsonLd,
    ] {
        if let Some(rdf_format) = format.rdf() {
            add(
                &service,
                term("sd", "resultFormat"),
                node(rdf_format.iri())?.into(),
            );
        }
    }
    add(
        &service,
        term("dcterms", "title"),
        Literal::new_language_tagged_literal_unchecked(
            "ctockg SPARQL endpoint (read-only, no federated SERVICE calls)",
            "en",
        )
        .into(),
    );
    add(
        &service,
        term("sd", "defaultDataset"),
        dataset.clone().into(),
    );
    add(
        &dataset,
        rdf::TYPE.into_owned(),
        term("sd", "Dataset").into(),
    );
    add(
        &dataset,
        term("sd", "defaultGraph"),
        default_graph.clone().into(),
    );
    add(
        &default_graph,
        rdf::TYPE.into_owned(),
        term("sd", "Graph").into(),
    );
    let graphs = store.graph_sizes();
    add(
        &default_graph,
        term("void", "triples"),
        integer(graphs.iter().map(|(_, n)| n).sum()),
    );
    for (i, (graph, quads)) in graphs.into_iter().enumerate() {
        let named = node(&format!("{base}/sparql#graph-{}", i + 1))?;
        let content = node(&format!("{base}/sparql#graph-{}-content", i + 1))?;
        add(&dataset, term("sd", "namedGraph"), named.clone().into());
        add(
            &named,
            rdf::TYPE.into_owned(),
            term("sd", "NamedGraph").into(),
        );
        add(&named, term("sd", "name"), graph.into());
        add(&named, term("sd", "graph"), content.clone().into());
        add(&content, rdf::TYPE.into_owned(), term("sd", "Graph").into());
        add(&content, term("void", "triples"), integer(quads));
    }
    Ok(out)
}

/// Serialises triples in an RDF format, with the project's prefixes where the format has them.
pub fn write_triples(
    triples: &[Triple],
    format: RdfFormat,
    out: impl Write,
) -> Result<(), ServerError> {
    let mut serializer = RdfSerializer::from_format(format);
    // no id: prefix: its local names hold slashes, which Turtle would escape (id:country\/ITA)
    for &(prefix, ns) in vocab::PREFIXES.iter().filter(|(prefix, _)| *prefix != "id") {
        serializer = serializer
            .with_prefix(prefix, ns)
            .map_err(|e| ServerError::Evaluation(e.to_string()))?;
    }
    // each subject's triples together (Turtle then writes each subject once), subjects in the
    // order they first appear, so that a resource's own description comes first
    let mut first_seen = HashMap::new();
    for (i, triple) in triples.iter().enumerate() {
        first_seen.entry(&triple.subject).or_insert(i);
    }
    let mut ordered: Vec<&Triple> = triples.iter().collect();
    ordered.sort_by_key(|t| first_seen.get(&t.subject).copied().unwrap_or(0));
    let mut writer = serializer.for_writer(out);
    for triple in ordered {
        writer.serialize_triple(triple)?;
    }
    writer.finish()?;
    Ok(())
}

/// Which dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dump {
    /// Canonical N-Quads (RDFC-1.0) of the published graphs.
    NQuads,
    /// Turtle of the union of the published graphs (graph names are not kept).
    Turtle,
}

/// The distinct triples of the published graphs as Turtle, sorted.
pub(super) fn union_turtle(store: &Store, out: impl Write) -> Result<(), ServerError> {
    let mut triples = HashSet::new();
    for quad in store.iter() {
        let quad = quad.map_err(|e| ServerError::Storage(e.to_string()))?;
        if is_published(&quad.graph_name) {
            triples.insert(Triple::from(quad));
        }
    }
    let mut triples: Vec<Triple> = triples.into_iter().collect();
    triples.sort_by_cached_key(ToString::to_string);
    write_triples(&triples, RdfFormat::Turtle, out)
}
