//! The W3C SPARQL query test suites (`tests/w3c/sparql`, from github.com/w3c/rdf-tests, see
//! `tests/w3c/SOURCE.md`) against the evaluator ctockg uses, the vendored and patched
//! `spareval`, on both sides that answer queries:
//! - `store`: the RocksDB store, through `GraphStore::evaluate`, as `ctockg query` evaluates;
//! - `resident`: the server's copy of it in memory (`src/resident.rs`), a `SELECT` kept as a
//!   table as the server keeps it (`GraphStore::select_resident`), another form through
//!   `GraphStore::evaluate_resident`.
//!
//! Each evaluation test's data goes into the store's default graph and its named graphs; the
//! query is given its file's IRI as its base with a `BASE` line, as the suites give it. Queries
//! without `FROM` see the union of the graphs, since ctockg's preparation chooses it, so tests
//! whose data has named graphs may fail by design. Syntax tests go through the same parsing
//! (`evaluate` on the store: a syntax error, or not).
//!
//! The failures are listed in `tests/w3c/known-failures.tsv` (test, side, reason). The test
//! passes when the tests failing are exactly those, and prints every difference: failures not
//! listed, with what differs, and listed tests that pass.

mod suite;

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use ctockg::GraphStore;
use ctockg::resident::Table;
use ctockg::store::StoreError;
use oxigraph::sparql::{QueryResults, QuerySolutionIter};

use crate::common::{repo, scratch};
use suite::{Case, Kind, Suite, Test};

/// The manifests run, under `tests/w3c`: SPARQL 1.0's evaluation and syntax tests, SPARQL
/// 1.1's query tests (evaluation and syntax), and its results formats' evaluation tests.
const MANIFESTS: &[&str] = &[
    "sparql/sparql10/manifest-evaluation.ttl",
    "sparql/sparql10/manifest-syntax.ttl",
    "sparql/sparql11/manifest-sparql11-query.ttl",
    "sparql/sparql11/json-res/manifest.ttl",
    "sparql/sparql11/csv-tsv-res/manifest.ttl",
];

/// Where a test ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    /// `GraphStore::evaluate` on the RocksDB store.
    Store,
    /// The copy in memory.
    Resident,
    /// Parsing, for a syntax test.
    Syntax,
}

/// The failing sides of a test, as `known-failures.tsv` names them.
fn sides_name(sides: &BTreeSet<Side>) -> &'static str {
    let store = sides.contains(&Side::Store);
    let resident = sides.contains(&Side::Resident);
    match (store, resident) {
        (true, true) => "both",
        (true, false) => "store",
        (false, true) => "resident",
        (false, false) => "syntax",
    }
}

/// The known failures: test IRI → (sides, reason).
fn known_failures() -> Result<BTreeMap<String, (String, String)>> {
    let path = repo().join("tests/w3c/known-failures.tsv");
    let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    let mut known = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [test, sides, reason] = fields[..] else {
            return Err(anyhow!(
                "{}:{}: not three tab-separated fields",
                path.display(),
                n + 1
            ));
        };
        if !["both", "store", "resident", "syntax"].contains(&sides) {
            return Err(anyhow!(
                "{}:{}: unknown side {sides}",
                path.display(),
                n + 1
            ));
        }
        let previous = known.insert(test.to_owned(), (sides.to_owned(), reason.to_owned()));
        if previous.is_some() {
            return Err(anyhow!("{}:{}: {test} listed twice", path.display(), n + 1));
        }
    }
    Ok(known)
}

/// A `SELECT` answer kept as a table, as solutions to compare.
fn table_results(table: &Table) -> QueryResults<'static> {
    let variables: Arc<[_]> = table.variables().into();
    let columns = variables.len();
    let rows: Vec<_> = (0..table.len())
        .map(|row| {
            Ok((0..columns)
                .map(|column| table.get(row, column).map(|t| t.into_owned()))
                .collect())
        })
        .collect();
    QueryResults::Solutions(QuerySolutionIter::from_tuples(variables, rows))
}

/// Runs a side, a panic counted as its failure.
fn guarded(run: impl FnOnce() -> Result<()>) -> Result<()> {
    catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        Err(anyhow!("panicked: {message}"))
    })
}

/// The tests' outcome on each side: failures, and how many ran.
#[derive(Default)]
struct Outcome {
    /// Failing test → side → what went wrong.
    failures: BTreeMap<String, BTreeMap<Side, String>>,
    run: BTreeMap<Side, usize>,
}

impl Outcome {
    fn record(&mut self, test: &Test, side: Side, result: Result<()>) {
        *self.run.entry(side).or_default() += 1;
        if let Err(error) = result {
            self.failures
                .entry(test.id.clone())
                .or_default()
                .insert(side, format!("{error:#}"));
        }
    }

    fn failed(&self, side: Side) -> usize {
        self.failures
            .values()
            .filter(|f| f.contains_key(&side))
            .count()
    }
}

/// Loads a case's dataset into the store and evaluates its query on both sides.
fn evaluate(store: &GraphStore, test: &Test, case: &Case, outcome: &mut Outcome) -> Result<()> {
    store.inner().clear()?;
    store.inner().extend(case.quads.iter().cloned())?;
    let query = format!("BASE <{}>\n{}", case.base, case.query);
    outcome.record(
        test,
        Side::Store,
        guarded(|| case.check(store.evaluate(&query)?)),
    );
    let resident = Arc::new(store.resident()?);
    outcome.record(
        test,
        Side::Resident,
        guarded(|| match store.select_resident(&resident, &query, &[])? {
            Some(table) => case.check(table_results(&table)),
            None => case.check(store.evaluate_resident(&resident, &query, &[])?),
        }),
    );
    Ok(())
}

/// A syntax test: the query parses, or not, as ctockg parses it.
fn syntax(store: &GraphStore, suite: &Suite, test: &Test) -> Result<()> {
    let query = format!("BASE <{}>\n{}", test.query, suite.text(&test.query)?);
    let parsed = match store.evaluate(&query) {
        Err(StoreError::Syntax(error)) => Err(error),
        // evaluated, or failed after parsing (a SERVICE call, which has nowhere to go)
        _ => Ok(()),
    };
    match (test.kind, parsed) {
        (Kind::PositiveSyntax, Err(error)) => Err(anyhow!("not parsed: {error}")),
        (Kind::NegativeSyntax, Ok(())) => Err(anyhow!("parsed, though it is not SPARQL")),
        _ => Ok(()),
    }
}

#[test]
fn w3c_sparql_query_suites() -> Result<()> {
    let started = Instant::now();
    let suite = Suite::new(repo().join("tests/w3c"));
    let (tests, skipped) = suite.tests(MANIFESTS)?;
    let store = GraphStore::open(&scratch("w3c-store"))?;
    let mut outcome = Outcome::default();
    for test in &tests {
        match test.kind {
            Kind::Evaluation => {
                let prepared = suite.case(test);
                let result = prepared.and_then(|case| evaluate(&store, test, &case, &mut outcome));
                if let Err(error) = result {
                    // the test itself could not be set up: a failure on both sides
                    let message = format!("{error:#}");
                    outcome.record(test, Side::Store, Err(anyhow!("{message}")));
                    outcome.record(test, Side::Resident, Err(anyhow!("{message}")));
                }
            }
            Kind::PositiveSyntax | Kind::NegativeSyntax => {
                let result = guarded(|| syntax(&store, &suite, test));
                outcome.record(test, Side::Syntax, result);
            }
        }
    }

    let known = known_failures()?;
    let mut differences = Vec::new();
    for (test, sides) in &outcome.failures {
        let failing: BTreeSet<Side> = sides.keys().copied().collect();
        let name = sides_name(&failing);
        match known.get(test) {
            Some((listed, _)) if listed == name => {}
            listed => {
                let listed =
                    listed.map_or("not listed".to_owned(), |(s, _)| format!("listed as {s}"));
                differences.push(format!("new failure ({name}; {listed}): {test}"));
                for (side, message) in sides {
                    differences.push(format!("  {side:?}: {message}"));
                }
            }
        }
    }
    for (test, (sides, reason)) in &known {
        if !outcome.failures.contains_key(test) {
            differences.push(format!(
                "listed as failing ({sides}: {reason}) but passes: {test}"
            ));
        }
    }
    println!(
        "W3C SPARQL suites: {} tests ({skipped} of other kinds not run) in {:.1} s",
        tests.len(),
        started.elapsed().as_secs_f64()
    );
    for side in [Side::Store, Side::Resident, Side::Syntax] {
        let run = outcome.run.get(&side).copied().unwrap_or(0);
        let failed = outcome.failed(side);
        println!(
            "  {side:?}: {run} run, {} passed, {failed} failed",
            run - failed
        );
    }
    assert!(
        differences.is_empty(),
        "the failing W3C tests differ from tests/w3c/known-failures.tsv:\n{}",
        differences.join("\n")
    );
    Ok(())
}
