//! The W3C SPARQL test suites as data: their manifests read into tests, each evaluation test's
//! dataset, query and expected answer, and an answer compared with the expected one the way the
//! W3C asks. Adapted from Oxigraph's own runner (`testsuite/src/manifest.rs` and
//! `testsuite/src/sparql_evaluator.rs` in github.com/oxigraph/oxigraph, MIT OR Apache-2.0).
//!
//! It uses only Oxigraph's crates, no ctockg code, so that a project built on the released
//! crates can include it (`#[path]`) and run the same tests (vendor/README.md).

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{
    BlankNode, BlankNodeRef, GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef,
    Quad, Term, TermRef, Triple, Variable,
};
use oxigraph::model::{Graph, LiteralRef, TripleRef};
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser};
use oxigraph::store::Store;

/// Where the suites are published; a file's IRI is this followed by its path under the root.
pub const BASE: &str = "https://w3c.github.io/rdf-tests/";

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const QT: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#";
const RS: &str = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#";
const DAWGT: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#";

fn mf(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{MF}{local}"))
}

fn qt(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{QT}{local}"))
}

fn rs(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{RS}{local}"))
}

/// What a test checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The query's answer on the dataset is the expected one (`mf:QueryEvaluationTest`).
    Evaluation,
    /// The query parses (`mf:PositiveSyntaxTest`, `mf:PositiveSyntaxTest11`).
    PositiveSyntax,
    /// The query does not parse (`mf:NegativeSyntaxTest`, `mf:NegativeSyntaxTest11`).
    NegativeSyntax,
}

/// One test of a manifest.
#[derive(Debug, Clone)]
pub struct Test {
    /// The test's IRI.
    pub id: String,
    /// What it checks.
    pub kind: Kind,
    /// The query file's IRI.
    pub query: String,
    /// The default graph's file.
    pub data: Option<String>,
    /// The named graphs' files, each graph named by its file's IRI.
    pub graph_data: Vec<String>,
    /// The expected answer's file.
    pub result: Option<String>,
    /// `mf:LaxCardinality`: duplicates may be dropped (`REDUCED`).
    pub lax: bool,
}

/// The suites under a directory that stands for [`BASE`].
pub struct Suite {
    root: PathBuf,
}

impl Suite {
    /// The suites under `root`.
    pub fn new(root: PathBuf) -> Self {
        Self { root }
    }

    fn path(&self, iri: &str) -> Result<PathBuf> {
        let relative = iri
            .strip_prefix(BASE)
            .with_context(|| format!("{iri} is not under {BASE}"))?;
        Ok(self.root.join(relative))
    }

    /// The text of a file, by its IRI.
    pub fn text(&self, iri: &str) -> Result<String> {
        let path = self.path(iri)?;
        std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
    }

    fn reader(&self, iri: &str) -> Result<BufReader<File>> {
        let path = self.path(iri)?;
        Ok(BufReader::new(File::open(&path).with_context(|| {
            format!("cannot read {}", path.display())
        })?))
    }

    /// The quads of an RDF file, in `graph`, its blank nodes renamed apart from other files'.
    fn quads(&self, iri: &str, graph: GraphName) -> Result<Vec<Quad>> {
        RdfParser::from_format(rdf_format(iri)?)
            .with_base_iri(iri)?
            .with_default_graph(graph)
            .rename_blank_nodes()
            .for_reader(self.reader(iri)?)
            .collect::<Result<_, _>>()
            .with_context(|| format!("cannot parse {iri}"))
    }

    fn graph(&self, iri: &str) -> Result<Graph> {
        Ok(self
            .quads(iri, GraphName::DefaultGraph)?
            .into_iter()
            .map(Triple::from)
            .collect())
    }

    /// The tests of the manifests (paths under the root) and of those they include, in order,
    /// but for those the W3C rejected. A test of a kind other than [`Kind`]'s is counted in the
    /// second value and left out.
    pub fn tests(&self, manifests: &[&str]) -> Result<(Vec<Test>, usize)> {
        let mut to_read: Vec<String> = manifests
            .iter()
            .rev()
            .map(|m| format!("{BASE}{m}"))
            .collect();
        let mut tests = Vec::new();
        let mut skipped = 0;
        while let Some(manifest) = to_read.pop() {
            let graph = self.graph(&manifest)?;
            let root = graph
                .subject_for_predicate_object(rdf::TYPE, &mf("Manifest"))
                .with_context(|| format!("{manifest} holds no mf:Manifest"))?
                .into_owned();
            if let Some(list) = graph.object_for_subject_predicate(&root, &mf("include")) {
                let included: Vec<String> = list_items(&graph, list)
                    .into_iter()
                    .filter_map(|m| match m {
                        TermRef::NamedNode(m) => Some(m.as_str().to_owned()),
                        _ => None,
                    })
                    .collect();
                to_read.extend(included.into_iter().rev());
            }
            let Some(entries) = graph.object_for_subject_predicate(&root, &mf("entries")) else {
                continue;
            };
            for entry in list_items(&graph, entries) {
                let TermRef::NamedNode(id) = entry else {
                    bail!("{manifest}: a test without an IRI")
                };
                match read_test(&graph, id)? {
                    Some(test) => tests.push(test),
                    None => skipped += 1,
                }
            }
        }
        Ok((tests, skipped))
    }

    /// An evaluation test's dataset, query and expected answer.
    pub fn case(&self, test: &Test) -> Result<Case> {
        let mut quads = Vec::new();
        if let Some(data) = &test.data {
            quads.extend(self.quads(data, GraphName::DefaultGraph)?);
        }
        for data in &test.graph_data {
            quads.extend(self.quads(data, NamedNode::new(data.as_str())?.into())?);
        }
        let text = self.text(&test.query)?;
        let parsed = spargebra::SparqlParser::new()
            .with_base_iri(&test.query)?
            .parse_query(&text)
            .with_context(|| format!("cannot parse {}", test.query))?;
        // a query's FROM and FROM NAMED graphs are the files they name, as named graphs
        if let Some(dataset) = parsed.dataset() {
            let named = dataset.named.iter().flatten();
            for graph in dataset.default.iter().chain(named) {
                quads.extend(self.quads(graph.as_str(), graph.clone().into())?);
            }
        }
        let result = test.result.as_deref().context("no mf:result")?;
        let expected = if let Some(format) = results_format(result) {
            let parsed = QueryResultsParser::from_format(format)
                .for_reader(self.reader(result)?)
                .with_context(|| format!("cannot parse {result}"))?;
            Expected::from_results(parsed.into(), false)?
        } else {
            Expected::from_graph(&self.graph(result)?)?
        };
        Ok(Case {
            quads,
            query: text,
            base: test.query.clone(),
            expected,
            lax: test.lax,
        })
    }
}

/// The items of an RDF list.
fn list_items<'a>(graph: &'a Graph, head: TermRef<'a>) -> Vec<TermRef<'a>> {
    let mut items = Vec::new();
    let mut node = head;
    loop {
        let subject: NamedOrBlankNodeRef<'_> = match node {
            TermRef::NamedNode(n) if n == rdf::NIL => return items,
            TermRef::NamedNode(n) => n.into(),
            TermRef::BlankNode(b) => b.into(),
            _ => return items,
        };
        if let Some(first) = graph.object_for_subject_predicate(subject, rdf::FIRST) {
            items.push(first);
        }
        match graph.object_for_subject_predicate(subject, rdf::REST) {
            Some(rest) => node = rest,
            None => return items,
        }
    }
}

/// A manifest's test, `None` when rejected or of a kind not run here.
fn read_test(graph: &Graph, id: NamedNodeRef<'_>) -> Result<Option<Test>> {
    let rejected = NamedNode::new_unchecked(format!("{DAWGT}Rejected"));
    let approval = NamedNode::new_unchecked(format!("{DAWGT}approval"));
    if graph.contains(TripleRef::new(id, &approval, &rejected)) {
        return Ok(None);
    }
    let kinds: Vec<String> = graph
        .objects_for_subject_predicate(id, rdf::TYPE)
        .map(|k| k.to_string())
        .collect();
    let is = |local: &str| kinds.contains(&format!("<{MF}{local}>"));
    let kind = if is("QueryEvaluationTest") {
        Kind::Evaluation
    } else if is("PositiveSyntaxTest") || is("PositiveSyntaxTest11") {
        Kind::PositiveSyntax
    } else if is("NegativeSyntaxTest") || is("NegativeSyntaxTest11") {
        Kind::NegativeSyntax
    } else {
        return Ok(None);
    };
    let iri = |term: Option<TermRef<'_>>| match term {
        Some(TermRef::NamedNode(n)) => Some(n.as_str().to_owned()),
        _ => None,
    };
    let action = graph
        .object_for_subject_predicate(id, &mf("action"))
        .with_context(|| format!("{id}: no mf:action"))?;
    let (query, data, graph_data) = match action {
        TermRef::NamedNode(query) => (query.as_str().to_owned(), None, Vec::new()),
        TermRef::BlankNode(action) => (
            iri(graph.object_for_subject_predicate(action, &qt("query")))
                .with_context(|| format!("{id}: no qt:query"))?,
            iri(graph.object_for_subject_predicate(action, &qt("data"))),
            graph
                .objects_for_subject_predicate(action, &qt("graphData"))
                .filter_map(|g| iri(Some(g)))
                .collect(),
        ),
        _ => bail!("{id}: mf:action is a literal"),
    };
    let lax = graph
        .object_for_subject_predicate(id, &mf("resultCardinality"))
        .is_some_and(|c| c == mf("LaxCardinality").as_ref().into());
    Ok(Some(Test {
        id: id.as_str().to_owned(),
        kind,
        query,
        data,
        graph_data,
        result: iri(graph.object_for_subject_predicate(id, &mf("result"))),
        lax,
    }))
}

fn rdf_format(iri: &str) -> Result<RdfFormat> {
    iri.rsplit_once('.')
        .and_then(|(_, extension)| RdfFormat::from_extension(extension))
        .with_context(|| format!("{iri}: no RDF format for its extension"))
}

fn results_format(iri: &str) -> Option<QueryResultsFormat> {
    iri.rsplit_once('.')
        .and_then(|(_, extension)| QueryResultsFormat::from_extension(extension))
}

/// An evaluation test ready to run: load `quads`, evaluate `query` with `base` as its base IRI,
/// and [`Case::check`] the answer.
pub struct Case {
    /// The dataset: the default graph, the named graphs, the graphs FROM and FROM NAMED name.
    pub quads: Vec<Quad>,
    /// The query's text.
    pub query: String,
    /// The query file's IRI, its base.
    pub base: String,
    expected: Expected,
    lax: bool,
}

impl Case {
    /// Whether the answer is the expected one; if not, what differs.
    pub fn check(&self, actual: QueryResults<'_>) -> Result<()> {
        let ordered = matches!(self.expected, Expected::Solutions { ordered: true, .. });
        let actual = Expected::from_results(actual, ordered)?;
        let (expected, actual) = if self.lax {
            (self.expected.distinct(), actual.distinct())
        } else {
            (self.expected.clone(), actual)
        };
        if isomorphic(&expected, &actual) {
            Ok(())
        } else {
            bail!("{}", difference(&expected, &actual))
        }
    }
}

/// A query's answer in a form that compares: solutions (each sorted by variable), a boolean,
/// or a graph with its blank nodes canonicalised.
#[derive(Clone)]
enum Expected {
    Graph(Graph),
    Solutions {
        variables: Vec<Variable>,
        solutions: Vec<Vec<(Variable, Term)>>,
        ordered: bool,
    },
    Boolean(bool),
}

impl Expected {
    /// An answer, written as a W3C result set graph and read back (as Oxigraph's runner does,
    /// so that both sides are normalised alike). `ordered` numbers the solutions.
    fn from_results(results: QueryResults<'_>, ordered: bool) -> Result<Self> {
        Self::from_graph(&result_set(results, ordered)?)
    }

    /// A W3C result set graph (`rs:ResultSet`), else a CONSTRUCT answer.
    fn from_graph(graph: &Graph) -> Result<Self> {
        // a store writes each literal in its canonical form ("01"^^xsd:integer is 1), so that
        // numbers compare by value, as the suites expect
        let store = Store::new()?;
        for triple in graph {
            store.insert(triple.in_graph(GraphName::DefaultGraph.as_ref()))?;
        }
        let mut graph: Graph = store
            .iter()
            .map(|q| Ok(Triple::from(q?)))
            .collect::<Result<_>>()?;
        let Some(set) = graph
            .subject_for_predicate_object(rdf::TYPE, &rs("ResultSet"))
            .map(|s| s.into_owned())
        else {
            graph.canonicalize(CanonicalizationAlgorithm::Unstable);
            return Ok(Self::Graph(graph));
        };
        if let Some(value) = graph.object_for_subject_predicate(&set, &rs("boolean")) {
            return Ok(Self::Boolean(value == Literal::from(true).as_ref().into()));
        }
        let mut variables: Vec<Variable> = graph
            .objects_for_subject_predicate(&set, &rs("resultVariable"))
            .map(|v| match v {
                TermRef::Literal(v) => Ok(Variable::new_unchecked(v.value())),
                other => bail!("rs:resultVariable {other}"),
            })
            .collect::<Result<_>>()?;
        variables.sort();
        let mut solutions = graph
            .objects_for_subject_predicate(&set, &rs("solution"))
            .map(|solution| {
                let TermRef::BlankNode(solution) = solution else {
                    bail!("rs:solution {solution}")
                };
                let mut bindings = graph
                    .objects_for_subject_predicate(solution, &rs("binding"))
                    .map(|binding| {
                        let TermRef::BlankNode(binding) = binding else {
                            bail!("rs:binding {binding}")
                        };
                        let (Some(TermRef::Literal(variable)), Some(value)) = (
                            graph.object_for_subject_predicate(binding, &rs("variable")),
                            graph.object_for_subject_predicate(binding, &rs("value")),
                        ) else {
                            bail!("rs:binding {binding} without a variable and a value")
                        };
                        Ok((
                            Variable::new_unchecked(variable.value()),
                            value.into_owned(),
                        ))
                    })
                    .collect::<Result<Vec<_>>>()?;
                bindings.sort_by(|(a, _), (b, _)| a.cmp(b));
                let index = match graph.object_for_subject_predicate(solution, &rs("index")) {
                    Some(TermRef::Literal(i)) => Some(i.value().parse::<u64>()?),
                    Some(other) => bail!("rs:index {other}"),
                    None => None,
                };
                Ok((bindings, index))
            })
            .collect::<Result<Vec<_>>>()?;
        solutions.sort_by_key(|(_, index)| *index);
        let ordered = !solutions.is_empty() && solutions.iter().all(|(_, i)| i.is_some());
        Ok(Self::Solutions {
            variables,
            solutions: solutions.into_iter().map(|(s, _)| s).collect(),
            ordered,
        })
    }

    /// The same answer without duplicate solutions.
    fn distinct(&self) -> Self {
        match self {
            Self::Solutions {
                variables,
                solutions,
                ordered,
            } => {
                let mut kept: Vec<Vec<(Variable, Term)>> = Vec::new();
                for solution in solutions {
                    if !kept.iter().any(|k| same_solution(k, solution)) {
                        kept.push(solution.clone());
                    }
                }
                Self::Solutions {
                    variables: variables.clone(),
                    solutions: kept,
                    ordered: *ordered,
                }
            }
            other => other.clone(),
        }
    }
}

/// An answer as a W3C result set graph.
fn result_set(results: QueryResults<'_>, ordered: bool) -> Result<Graph> {
    let mut graph = Graph::new();
    let set = BlankNode::default();
    let result_set = rs("ResultSet");
    match results {
        QueryResults::Graph(triples) => return Ok(triples.collect::<Result<Graph, _>>()?),
        QueryResults::Boolean(value) => {
            graph.insert(TripleRef::new(&set, rdf::TYPE, &result_set));
            graph.insert(TripleRef::new(&set, &rs("boolean"), &Literal::from(value)));
        }
        QueryResults::Solutions(solutions) => {
            graph.insert(TripleRef::new(&set, rdf::TYPE, &result_set));
            for variable in solutions.variables() {
                graph.insert(TripleRef::new(
                    &set,
                    &rs("resultVariable"),
                    LiteralRef::new_simple_literal(variable.as_str()),
                ));
            }
            for (i, solution) in solutions.enumerate() {
                let solution = solution?;
                let node = BlankNode::default();
                graph.insert(TripleRef::new(&set, &rs("solution"), &node));
                for (variable, value) in &solution {
                    let binding = BlankNode::default();
                    graph.insert(TripleRef::new(&node, &rs("binding"), &binding));
                    graph.insert(TripleRef::new(&binding, &rs("value"), value));
                    graph.insert(TripleRef::new(
                        &binding,
                        &rs("variable"),
                        LiteralRef::new_simple_literal(variable.as_str()),
                    ));
                }
                if ordered {
                    let index = Literal::from(i64::try_from(i + 1)?);
                    graph.insert(TripleRef::new(&node, &rs("index"), &index));
                }
            }
        }
    }
    Ok(graph)
}

/// The W3C's comparison: the same variables, and the solutions equal in order when the
/// expected ones are numbered (an `ORDER BY` test), else as multisets; a blank node matches
/// any blank node consistently within a solution; graphs equal once canonicalised.
fn isomorphic(expected: &Expected, actual: &Expected) -> bool {
    match (expected, actual) {
        (
            Expected::Solutions {
                variables: expected_variables,
                solutions: expected,
                ordered,
            },
            Expected::Solutions {
                variables: actual_variables,
                solutions: actual,
                ..
            },
        ) => {
            if expected_variables != actual_variables || expected.len() != actual.len() {
                return false;
            }
            if *ordered {
                return expected
                    .iter()
                    .zip(actual)
                    .all(|(e, a)| same_solution(e, a));
            }
            // each expected solution matched with its own actual one: a multiset
            let mut used = vec![false; actual.len()];
            expected.iter().all(|e| {
                let found = actual
                    .iter()
                    .enumerate()
                    .find(|(i, a)| !used[*i] && same_solution(e, a));
                found.map(|(i, _)| used[i] = true).is_some()
            })
        }
        (Expected::Boolean(e), Expected::Boolean(a)) => e == a,
        (Expected::Graph(e), Expected::Graph(a)) => e == a,
        _ => false,
    }
}

fn same_solution(expected: &[(Variable, Term)], actual: &[(Variable, Term)]) -> bool {
    let mut blank_nodes = HashMap::new();
    expected.len() == actual.len()
        && expected.iter().zip(actual).all(|((ev, e), (av, a))| {
            ev == av && same_term(e.as_ref(), a.as_ref(), &mut blank_nodes)
        })
}

fn same_term<'a>(
    expected: TermRef<'a>,
    actual: TermRef<'a>,
    blank_nodes: &mut HashMap<BlankNodeRef<'a>, BlankNodeRef<'a>>,
) -> bool {
    match (expected, actual) {
        (TermRef::BlankNode(e), TermRef::BlankNode(a)) => e == *blank_nodes.entry(a).or_insert(e),
        (e, a) => e == a,
    }
}

/// What differs, one line per solution or triple found on one side only (blank nodes as
/// written, so a line may differ only by a blank node's label).
fn difference(expected: &Expected, actual: &Expected) -> String {
    let lines = |answer: &Expected| -> Vec<String> {
        match answer {
            Expected::Boolean(b) => vec![b.to_string()],
            Expected::Graph(g) => g.iter().map(|t| t.to_string()).collect(),
            Expected::Solutions {
                variables,
                solutions,
                ordered,
            } => {
                let mut lines: Vec<String> = solutions
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let values: Vec<String> = s
                            .iter()
                            .map(|(v, t)| format!("{v}={}", blank_neutral(t)))
                            .collect();
                        let at = if *ordered {
                            format!("#{} ", i + 1)
                        } else {
                            String::new()
                        };
                        format!("{at}{{{}}}", values.join(" "))
                    })
                    .collect();
                let names: Vec<String> = variables.iter().map(ToString::to_string).collect();
                lines.push(format!("variables {}", names.join(" ")));
                lines
            }
        }
    };
    let (expected, actual) = (lines(expected), lines(actual));
    let mut out = Vec::new();
    let expected_set: BTreeSet<&String> = expected.iter().collect();
    let actual_set: BTreeSet<&String> = actual.iter().collect();
    for line in expected_set.difference(&actual_set) {
        out.push(format!("    expected   {line}"));
    }
    for line in actual_set.difference(&expected_set) {
        out.push(format!("    unexpected {line}"));
    }
    if out.is_empty() {
        out.push(format!(
            "    the same lines, {} expected and {} given (duplicates or order differ)",
            expected.len(),
            actual.len()
        ));
    }
    const SHOWN: usize = 12;
    if out.len() > SHOWN {
        let more = out.len() - SHOWN;
        out.truncate(SHOWN);
        out.push(format!("    … and {more} more lines"));
    }
    out.join("\n")
}

/// A term as written, a blank node as `_:` alone, so that lines compare across labels.
fn blank_neutral(term: &Term) -> String {
    match term {
        Term::BlankNode(_) => "_:".to_owned(),
        other => other.to_string(),
    }
}
