//! A cancelled query stops reading the store: the evaluator in `vendor/spareval` ends a scan at
//! its cancellation, where the released one read every remaining quad into an error of its own.
//! A cancelled query computing in memory (`BIND`, `FILTER` over `VALUES`) stops too, and no
//! expression computes a string past 16 MiB (`vendor/spareval-expression-limits.patch`).

use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use spareval::{InternalQuad, QueryableDataset};
use std::cell::Cell;
use std::convert::Infallible;
use std::rc::Rc;

/// Quads read before the query is cancelled.
const BEFORE_CANCEL: usize = 1_000;
/// Quads each scan could read: far more than a query may read once cancelled.
const QUADS: usize = 1_000_000;

/// A dataset of [`QUADS`] quads that counts the quads read and cancels the query at
/// [`BEFORE_CANCEL`].
struct Counted {
    read: Rc<Cell<usize>>,
    token: CancellationToken,
}

impl<'a> QueryableDataset<'a> for Counted {
    type InternalTerm = Term;
    type Error = Infallible;

    fn internal_quads_for_pattern(
        &self,
        _subject: Option<&Term>,
        _predicate: Option<&Term>,
        _object: Option<&Term>,
        _graph_name: Option<Option<&Term>>,
    ) -> impl Iterator<Item = Result<InternalQuad<Term>, Infallible>> + use<'a> {
        let (read, token) = (Rc::clone(&self.read), self.token.clone());
        let term =
            |i: usize| Term::from(NamedNode::new_unchecked(format!("http://example.com/{i}")));
        (0..QUADS).map(move |i| {
            read.set(read.get() + 1);
            if read.get() == BEFORE_CANCEL {
                token.cancel();
            }
            Ok(InternalQuad {
                subject: term(i),
                predicate: term(0),
                object: term(i),
                graph_name: None,
            })
        })
    }

    fn internalize_term(&self, term: Term) -> Result<Term, Infallible> {
        Ok(term)
    }

    fn externalize_term(&self, term: Term) -> Result<Term, Infallible> {
        Ok(term)
    }
}

#[test]
fn a_cancelled_cross_join_stops_reading() {
    for query in [
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c LIMIT 1",
        "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c } GROUP BY ?a",
    ] {
        let token = CancellationToken::new();
        let read = Rc::new(Cell::new(0));
        let prepared = SparqlEvaluator::new()
            .with_cancellation_token(token.clone())
            .parse_query(query)
            .expect("parses");
        let dataset = Counted {
            read: Rc::clone(&read),
            token,
        };
        let outcome = match prepared.on_queryable_dataset(dataset).execute() {
            Ok(QueryResults::Solutions(mut solutions)) => solutions.find_map(Result::err),
            Ok(_) => panic!("{query}: not a SELECT"),
            Err(error) => Some(error),
        };
        assert!(
            outcome.is_some_and(|e| e.to_string().contains("cancelled")),
            "{query}: answers with the cancellation"
        );
        // each scan of the query may read a quad or two past the cancellation
        assert!(
            read.get() <= BEFORE_CANCEL + 10,
            "{query}: {} quads read, {BEFORE_CANCEL} before the cancellation",
            read.get()
        );
    }
}

/// The first solution's value of `?r`, or the error the query ended with.
fn evaluate(query: &str, token: CancellationToken) -> Result<Option<Term>, String> {
    let store = oxigraph::store::Store::new().map_err(|e| e.to_string())?;
    let results = SparqlEvaluator::new()
        .with_cancellation_token(token)
        .parse_query(query)
        .map_err(|e| e.to_string())?
        .on_store(&store)
        .execute()
        .map_err(|e| e.to_string())?;
    let QueryResults::Solutions(mut solutions) = results else {
        return Err("not a SELECT".to_owned());
    };
    match solutions.next() {
        Some(Ok(solution)) => Ok(solution.get("r").cloned()),
        Some(Err(error)) => Err(error.to_string()),
        None => Ok(None),
    }
}

#[test]
fn a_cancelled_query_computing_in_memory_stops() {
    // VALUES and BIND read no quad: before, such a query ran on whatever its cancellation
    for query in [
        "SELECT ?r WHERE { VALUES ?x { 1 2 3 } BIND(?x + 1 AS ?r) }",
        "SELECT ?r WHERE { VALUES ?r { 1 2 3 } FILTER(?r > 0) }",
    ] {
        let token = CancellationToken::new();
        assert_eq!(
            evaluate(query, token.clone()).map(|r| r.is_some()),
            Ok(true),
            "{query}: answers when alive"
        );
        token.cancel();
        let cancelled = evaluate(query, token);
        assert!(
            cancelled.as_ref().is_err_and(|e| e.contains("cancelled")),
            "{query}: {cancelled:?}"
        );
    }
}

#[test]
fn computed_strings_are_bounded_and_replace_keeps_its_meaning() {
    let value = |query: &str| evaluate(query, CancellationToken::new()).expect(query);
    let string = |query: &str| match value(query) {
        Some(Term::Literal(literal)) => Some(literal.value().to_owned()),
        other => other.map(|t| t.to_string()),
    };
    // REPLACE as the regex crate's replace_all: references, named groups, escapes, empty matches
    for (text, pattern, replacement, expected) in [
        ("abcabc", "b", "[$0]", "a[b]ca[b]c"),
        (
            "2020-09-08",
            "(\\\\d+)-(\\\\d+)-(\\\\d+)",
            "$3/$2/$1",
            "08/09/2020",
        ),
        ("abc", "(?<x>b)", "<${x}>", "a<b>c"),
        ("a.b", "\\\\.", "$$", "a$b"),
        ("abc", "x", "y", "abc"),
        ("aaa", "a", "", ""),
        ("偷运移民", "移民", "migrants", "偷运migrants"),
    ] {
        let query = format!(
            "SELECT ?r WHERE {{ BIND(REPLACE(\"{text}\", \"{pattern}\", \"{replacement}\") AS ?r) }}"
        );
        assert_eq!(string(&query).as_deref(), Some(expected), "{query}");
    }
    // 8 MiB twice is the longest string computed; 16 MiB and a byte is none
    let doubled = |bytes: usize, extra: &str| {
        format!(
            "SELECT ?r WHERE {{ {{ SELECT (REPLACE(\"x\", \"x\", \"{}\") AS ?s) {{}} }} BIND(CONCAT({}) AS ?a) BIND(STRLEN(CONCAT(?a, ?a, \"{extra}\")) AS ?r) }}",
            "x".repeat(1024),
            vec!["?s"; bytes / 1024].join(", ")
        )
    };
    assert_eq!(string(&doubled(8 << 20, "")).as_deref(), Some("16777216"));
    assert_eq!(
        string(&doubled(8 << 20, "y")),
        None,
        "past the bound: unbound"
    );
    // a replacement repeating the match cannot build the long string at all
    let multiplied = format!(
        "SELECT ?r WHERE {{ BIND(REPLACE(\"{}\", \".\", \"{}\") AS ?r) }}",
        "x".repeat(1 << 16),
        "$0".repeat(512)
    );
    assert_eq!(value(&multiplied), None);
}
