//! A cancelled query stops reading the store: the evaluator in `vendor/spareval` ends a scan at
//! its cancellation, where the released one read every remaining quad into an error of its own.

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
