//! The SPARQL 1.1 Protocol at `/sparql`: reading an operation from a request (GET `query=`,
//! POST form-encoded, POST `application/sparql-query` or `application/sparql-update`), the
//! dataset it runs over, and its evaluation under the server's limits.
//!
//! A query is evaluated, and its results pulled into memory up to the result cap, before any
//! header is sent: a query that fails, times out or has too many results gets an error status,
//! never a `200` with a broken body. The cap bounds the memory this takes.

use oxhttp::model::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use oxhttp::model::{Body, Method, Request};
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator, Variable,
};
use spargebra::SparqlParser;
use spargebra::algebra::{Expression, GraphPattern};
use std::io::Read;
use std::time::Instant;

use super::dataset::write_triples;
use super::limits::{LIGHT_LANE_TIME, Outcome, Promotion, run_until};
use super::negotiate::{self, Format};
use super::page::Answer;
use super::{Endpoint, ServerError};
use crate::resident::{ResidentStore, TableError};
use std::sync::Arc;

/// The dataset a request names with `default-graph-uri` and `named-graph-uri`.
pub use crate::query::Dataset as ProtocolDataset;

/// What a request to `/sparql` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// A query over a dataset.
    Query {
        /// The SPARQL text.
        text: String,
        /// The protocol's dataset, when given.
        dataset: ProtocolDataset,
    },
    /// An update.
    Update {
        /// The SPARQL Update text.
        text: String,
    },
    /// No operation: the service description (or, in a browser, the query form).
    Description,
}

/// The parameters of a URL query string or a form body (`application/x-www-form-urlencoded`:
/// `+` is a space, `%XX` a byte). A name or value whose bytes are not UTF-8 is refused: decoded
/// with replacement characters, a query would run as something its sender did not write.
pub fn form_pairs(encoded: &[u8]) -> Result<Vec<(String, String)>, ServerError> {
    let decode = |part: &[u8]| -> Result<String, ServerError> {
        let spaced: Vec<u8> = part
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
        String::from_utf8(bytes).map_err(|e| {
            let name = String::from_utf8_lossy(part.split(|&b| b == b'=').next().unwrap_or(part));
            ServerError::BadRequest(format!(
                "the parameter {name:?} is not UTF-8 once percent-decoded (invalid byte at {})",
                e.utf8_error().valid_up_to()
            ))
        })
    };
    encoded
        .split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &[][..]),
            };
            let name = decode(name)?;
            let value = decode(value).map_err(|_| {
                ServerError::BadRequest(format!(
                    "the value of the parameter {name} is not UTF-8 once percent-decoded"
                ))
            })?;
            Ok((name, value))
        })
        .collect()
}

/// Reads the body, refusing one longer than `limit` bytes.
pub fn read_body(request: &mut Request<Body>, limit: usize) -> Result<String, ServerError> {
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ServerError::PayloadTooLarge { limit });
    }
    let mut bytes = Vec::new();
    request
        .body_mut()
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ServerError::BadRequest(format!("cannot read the request body: {e}")))?;
    if bytes.len() > limit {
        return Err(ServerError::PayloadTooLarge { limit });
    }
    String::from_utf8(bytes)
        .map_err(|_| ServerError::BadRequest("the request body is not UTF-8".to_owned()))
}

fn media_type(request: &Request<Body>) -> String {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

/// Reads the operation of a `/sparql` request; `params` are those of the URL, to which a form
/// body's are added. Returns the operation and the `format` parameter, if any.
pub fn read_operation(
    request: &mut Request<Body>,
    mut params: Vec<(String, String)>,
    max_body: usize,
) -> Result<(Operation, Option<String>), ServerError> {
    let mut body_text = None;
    let mut body_update = None;
    if request.method() == Method::POST {
        let media_type = media_type(request);
        match media_type.as_str() {
            "application/x-www-form-urlencoded" => {
                let body = read_body(request, max_body)?;
                params.extend(form_pairs(body.as_bytes())?);
            }
            "application/sparql-query" => body_text = Some(read_body(request, max_body)?),
            "application/sparql-update" => body_update = Some(read_body(request, max_body)?),
            _ => return Err(ServerError::UnsupportedMediaType(media_type)),
        }
    }
    let values = |name: &str| -> Vec<String> {
        params
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let one = |name: &str| -> Result<Option<String>, ServerError> {
        let mut found = values(name);
        match found.len() {
            0 => Ok(None),
            1 => Ok(found.pop()),
            n => Err(ServerError::BadRequest(format!(
                "the parameter {name} is given {n} times; give it once"
            ))),
        }
    };
    let graphs = |name: &str| -> Result<Vec<NamedNode>, ServerError> {
        values(name)
            .into_iter()
            .map(|iri| {
                NamedNode::new(&iri).map_err(|e| {
                    ServerError::BadRequest(format!("{name}={iri} is not a valid IRI: {e}"))
                })
            })
            .collect()
    };
    // the first format named: SPARQLWrapper names it twice, by short name and by media type
    let format = values("format").into_iter().next();
    let query = match body_text {
        Some(text) => Some(text),
        None => one("query")?,
    };
    let update = match body_update {
        Some(text) => Some(text),
        None => one("update")?,
    };
    let operation = match (query, update) {
        (Some(_), Some(_)) => {
            return Err(ServerError::BadRequest(
                "a request carries a query or an update, not both".to_owned(),
            ));
        }
        (Some(text), None) => Operation::Query {
            text,
            dataset: ProtocolDataset {
                default: graphs("default-graph-uri")?,
                named: graphs("named-graph-uri")?,
            },
        },
        (None, Some(_)) if request.method() != Method::POST => {
            return Err(ServerError::MethodNotAllowed {
                method: request.method().to_string(),
                allowed: "POST",
            });
        }
        (None, Some(text)) => {
            if !values("using-graph-uri").is_empty() || !values("using-named-graph-uri").is_empty()
            {
                return Err(ServerError::BadRequest(
                    "using-graph-uri and using-named-graph-uri are not supported; use USING in the update"
                        .to_owned(),
                ));
            }
            Operation::Update { text }
        }
        (None, None) => Operation::Description,
    };
    Ok((operation, format))
}

/// Parses a query, refusing one nested deeper than the server evaluates ([`crate::nesting`]):
/// its brackets are counted before it is parsed, its algebra's levels after.
pub fn parse_query(text: &str) -> Result<spargebra::Query, ServerError> {
    crate::query::parse(text).map_err(ServerError::from)
}

/// Whether a query gives the same answer each time on the same data: not when it calls
/// `NOW()`, `RAND()`, `UUID()`, `STRUUID()` or `BNODE()`. Only such answers are kept. Read from
/// the text, so a string that merely contains one of the names keeps its query from the cache,
/// which costs only time.
pub fn answers_alike(text: &str) -> bool {
    let upper = text.to_uppercase();
    !["NOW", "RAND", "UUID", "STRUUID", "BNODE"]
        .iter()
        .any(|name| {
            upper
                .match_indices(name)
                .any(|(at, _)| upper[at + name.len()..].trim_start().starts_with('('))
        })
}

/// Whether a query costs little whatever the data: at most one triple pattern, and nothing whose
/// cost does not follow from its patterns (a property path, a sort, a grouping, a subquery, an
/// `EXISTS`, a `SERVICE`, a `BIND`). Its solutions stream, so the result cap bounds its work. Such a query
/// is evaluated in a lane of its own ([`super::limits`]), so that heavy queries holding every
/// slot do not keep a quick question waiting.
pub fn is_light(query: &spargebra::Query) -> bool {
    let (spargebra::Query::Select { pattern, .. }
    | spargebra::Query::Ask { pattern, .. }
    | spargebra::Query::Construct { pattern, .. }
    | spargebra::Query::Describe { pattern, .. }) = query;
    streamed_patterns(pattern).is_some_and(|n| n <= 1)
}

/// The triple patterns of a pattern whose solutions stream from them, else `None`.
fn streamed_patterns(pattern: &GraphPattern) -> Option<usize> {
    match pattern {
        GraphPattern::Bgp { patterns } => Some(patterns.len()),
        GraphPattern::Values { .. } => Some(0),
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right } => {
            Some(streamed_patterns(left)? + streamed_patterns(right)?)
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            if expression.as_ref().is_some_and(has_exists) {
                return None;
            }
            Some(streamed_patterns(left)? + streamed_patterns(right)?)
        }
        GraphPattern::Filter { expr, inner } => {
            if has_exists(expr) {
                return None;
            }
            streamed_patterns(inner)
        }
        // a BIND makes values of its own, which may cost anything whatever the data: chained
        // CONCATs doubling a string read nothing from the store
        GraphPattern::Extend { .. } => None,
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => streamed_patterns(inner),
        _ => None,
    }
}

/// Whether an expression evaluates a pattern (`EXISTS`, `NOT EXISTS`) for each solution.
fn has_exists(expression: &Expression) -> bool {
    matches!(expression, Expression::Exists(_))
        || crate::nesting::operands(expression)
            .into_iter()
            .any(has_exists)
}

/// The formats a query's answer can be sent in.
pub fn formats_for(query: &spargebra::Query) -> &'static [Format] {
    match query {
        spargebra::Query::Select { .. } | spargebra::Query::Ask { .. } => negotiate::SOLUTIONS,
        spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. } => negotiate::GRAPH,
    }
}

impl Endpoint {
    /// Evaluates a query under the limits: a slot among `--max-queries`, an answer by
    /// `--timeout` (counted from now, the wait for a slot included), at most `--max-results`.
    pub(super) fn evaluate(
        &self,
        query: spargebra::Query,
        dataset: &ProtocolDataset,
        bindings: &[(Variable, Term)],
        page: Option<(usize, usize)>,
    ) -> Result<Answer, ServerError> {
        let deadline = Instant::now() + self.config.timeout;
        let query = crate::query::bind(query, bindings, page)?;
        let light = is_light(&query);
        let lane = if light {
            &self.light_slots
        } else {
            &self.slots
        };
        let slot = lane.acquire(deadline).ok_or(ServerError::Busy)?;
        let dataset = dataset.clone();
        let resident = self.resident()?;
        let limit = self.config.max_results;
        let seconds = self.config.timeout.as_secs_f64();
        let token = CancellationToken::new();
        let evaluation_token = token.clone();
        // a light query is light by its shape; past the lane's time, its cost makes it heavy
        let promotion = light.then(|| Promotion {
            after: LIGHT_LANE_TIME,
            heavy: Arc::clone(&self.slots),
        });
        let outcome = run_until(deadline, &self.memory, slot, promotion, token, move || {
            if !light {
                super::memory::yield_to_light_work();
            }
            // Oxigraph is built without its HTTP client, so SERVICE has nothing to call: it fails
            let evaluator =
                spareval::QueryEvaluator::new().with_cancellation_token(evaluation_token.clone());
            let mut prepared = evaluator.prepare(&query);
            crate::query::set_dataset(prepared.dataset_mut(), &dataset);
            // only the deadline cancels, so a cancelled query timed out
            collect(&resident, prepared, limit)
                .map_err(|e| timed_out_or(e, &evaluation_token, seconds))
        })?;
        match outcome {
            Outcome::Done(answer) => answer,
            Outcome::TimedOut => Err(ServerError::Timeout { seconds }),
            Outcome::OverBudget => Err(ServerError::OverBudget {
                megabytes: self.memory.limit() >> 20,
            }),
            Outcome::Crowded => Err(ServerError::Busy),
        }
    }

    /// Runs an update, when the server allows updates and the request carries its token.
    pub(super) fn update(&self, request: &Request<Body>, text: &str) -> Result<(), ServerError> {
        let Some(token) = &self.config.update_token else {
            return Err(ServerError::ReadOnly);
        };
        let given = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(ServerError::MissingToken)?;
        if !same_secret(given.trim().as_bytes(), token.as_bytes()) {
            return Err(ServerError::BadToken);
        }
        crate::nesting::check_text(text).map_err(|e| ServerError::TooDeep(e.to_string()))?;
        let update = SparqlParser::new()
            .parse_update(text)
            .map_err(|e| ServerError::Syntax(e.to_string()))?;
        let deadline = Instant::now() + self.config.timeout;
        let slot = self.slots.acquire(deadline).ok_or(ServerError::Busy)?;
        // the build record no longer describes the store: the next build checks each graph
        crate::store::break_seal(&self.store).map_err(|e| ServerError::Storage(e.to_string()))?;
        let store = self.store.clone();
        let seconds = self.config.timeout.as_secs_f64();
        let cancel = CancellationToken::new();
        let evaluation_token = cancel.clone();
        let outcome = run_until(deadline, &self.memory, slot, None, cancel, move || {
            SparqlEvaluator::new()
                .with_cancellation_token(evaluation_token.clone())
                .for_update(update)
                .on_store(&store)
                .execute()
                .map_err(|e| {
                    timed_out_or(
                        ServerError::Evaluation(e.to_string()),
                        &evaluation_token,
                        seconds,
                    )
                })
        })?;
        // whatever came of it, the graphs are listed afresh for the next query (a query that
        // listed them while the update ran must not leave the old list)
        self.cache.forget();
        match outcome {
            Outcome::Done(done) => done,
            Outcome::TimedOut => Err(ServerError::Timeout { seconds }),
            Outcome::OverBudget => Err(ServerError::OverBudget {
                megabytes: self.memory.limit() >> 20,
            }),
            Outcome::Crowded => Err(ServerError::Busy),
        }
    }
}

/// A failure of a cancelled evaluation is its timeout: only the deadline cancels.
fn timed_out_or(error: ServerError, token: &CancellationToken, seconds: f64) -> ServerError {
    if token.is_cancelled() {
        ServerError::Timeout { seconds }
    } else {
        error
    }
}

/// Pulls the results into memory, refusing more than `limit`.
fn collect(
    resident: &Arc<ResidentStore>,
    prepared: spareval::PreparedQuery<'_>,
    limit: usize,
) -> Result<Answer, ServerError> {
    // a SELECT answer is held as the in-memory index's term ids, written from that index
    match crate::resident::select(resident, prepared.clone(), limit) {
        Some(Ok(table)) => return Ok(Answer::Solutions(table)),
        Some(Err(TableError::Evaluation(error))) => return Err(evaluation_error(error)),
        Some(Err(TableError::TooManyRows)) => return Err(ServerError::TooManyResults { limit }),
        None => {}
    }
    match prepared
        .execute(resident.dataset())
        .map_err(evaluation_error)?
    {
        // a SELECT is answered as a table above
        QueryResults::Solutions(_) => Err(ServerError::Evaluation(
            "a SELECT query was not answered as a table".to_owned(),
        )),
        QueryResults::Boolean(value) => Ok(Answer::Boolean(value)),
        QueryResults::Graph(triples) => {
            let mut out = Vec::new();
            for triple in triples {
                out.push(triple.map_err(evaluation_error)?);
                if out.len() > limit {
                    return Err(ServerError::TooManyResults { limit });
                }
            }
            Ok(Answer::Graph(out))
        }
    }
}

/// Compares a token in time independent of where the first difference is.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn evaluation_error(error: QueryEvaluationError) -> ServerError {
    match error {
        QueryEvaluationError::Service(_)
        | QueryEvaluationError::UnboundService
        | QueryEvaluationError::InvalidServiceName(_)
        | QueryEvaluationError::UnsupportedService(_) => {
            ServerError::FederationDisabled(error.to_string())
        }
        QueryEvaluationError::NotExistingSubstitutedVariable(_) => {
            ServerError::Parameter(error.to_string())
        }
        other => ServerError::Evaluation(other.to_string()),
    }
}

/// Serialises an answer in a SPARQL results or RDF format.
pub fn serialize(answer: &Answer, format: Format) -> Result<Vec<u8>, ServerError> {
    match (answer, format.results(), format.rdf()) {
        (Answer::Solutions(table), Some(QueryResultsFormat::Tsv), _) => {
            let mut out = Vec::new();
            table.write_tsv(&mut out)?;
            Ok(out)
        }
        (Answer::Solutions(table), Some(results), _) => {
            let mut serializer = QueryResultsSerializer::from_format(results)
                .serialize_solutions_to_writer(Vec::new(), table.variables().to_vec())?;
            for row in 0..table.len() {
                serializer.serialize(table.row(row))?;
            }
            Ok(serializer.finish()?)
        }
        (Answer::Boolean(value), Some(results), _) => {
            Ok(QueryResultsSerializer::from_format(results)
                .serialize_boolean_to_writer(Vec::new(), *value)?)
        }
        (Answer::Graph(triples), _, Some(rdf)) => {
            let mut out = Vec::new();
            write_triples(triples, rdf, &mut out)?;
            Ok(out)
        }
        _ => Err(ServerError::NotAcceptable {
            available: format!("not {} for this query form", format.label()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_that_change_each_time_are_told_apart() {
        assert!(answers_alike("SELECT * WHERE { ?s ?p ?o } LIMIT 1"));
        assert!(answers_alike(
            "SELECT ?now WHERE { ?s <http://x/now> ?now }"
        ));
        for text in [
            "SELECT (NOW() AS ?t) {}",
            "SELECT * { ?s ?p ?o } ORDER BY rand ()",
            "SELECT (struuid() AS ?u) {}",
            "CONSTRUCT { ?x ?p ?o } WHERE { ?s ?p ?o BIND (BNODE() AS ?x) }",
        ] {
            assert!(!answers_alike(text), "{text}");
        }
    }

    fn request(method: Method, uri: &str, content_type: Option<&str>, body: &str) -> Request<Body> {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(ct) = content_type {
            builder = builder.header(CONTENT_TYPE, ct);
        }
        builder.body(Body::from(body.to_owned())).expect("request")
    }

    fn operation(mut r: Request<Body>, max: usize) -> Result<Operation, ServerError> {
        let params = form_pairs(r.uri().query().unwrap_or("").as_bytes())?;
        read_operation(&mut r, params, max).map(|(o, _)| o)
    }

    #[test]
    fn parameters_that_are_not_utf8_are_refused() {
        assert_eq!(
            form_pairs(b"query=ASK+%7B%7D&format=json").ok(),
            Some(vec![
                ("query".to_owned(), "ASK {}".to_owned()),
                ("format".to_owned(), "json".to_owned())
            ])
        );
        assert_eq!(
            form_pairs("q=%E5%81%B7运&flag".as_bytes()).ok(),
            Some(vec![
                ("q".to_owned(), "偷运".to_owned()),
                ("flag".to_owned(), String::new())
            ])
        );
        // percent-encoded bytes that are not UTF-8, in a value or a name, and a raw one
        for bad in [
            &b"query=ASK%FF%7B%7D"[..],
            b"query=%C3",
            b"%FF=1",
            b"query=ASK\xff",
        ] {
            assert!(
                matches!(form_pairs(bad), Err(ServerError::BadRequest(_))),
                "{:?} is accepted",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn the_three_ways_of_sending_a_query() {
        let expected = Operation::Query {
            text: "ASK {}".to_owned(),
            dataset: ProtocolDataset::default(),
        };
        let get = request(Method::GET, "/sparql?query=ASK%20%7B%7D", None, "");
        assert_eq!(operation(get, 100).ok(), Some(expected.clone()));
        let form = request(
            Method::POST,
            "/sparql",
            Some("application/x-www-form-urlencoded"),
            "query=ASK+%7B%7D",
        );
        assert_eq!(operation(form, 100).ok(), Some(expected.clone()));
        let direct = request(
            Method::POST,
            "/sparql",
            Some("application/sparql-query; charset=utf-8"),
            "ASK {}",
        );
        assert_eq!(operation(direct, 100).ok(), Some(expected));
    }

    #[test]
    fn datasets_limits_and_refusals() {
        let with_graphs = request(
            Method::GET,
            "/sparql?query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fa&named-graph-uri=http%3A%2F%2Fb",
            None,
            "",
        );
        let Ok(Operation::Query { dataset, .. }) = operation(with_graphs, 100) else {
            panic!("a query");
        };
        assert_eq!(dataset.default[0].as_str(), "http://a");
        assert_eq!(dataset.named[0].as_str(), "http://b");
        let big = request(
            Method::POST,
            "/sparql",
            Some("application/sparql-query"),
            &"#".repeat(101),
        );
        assert!(matches!(
            operation(big, 100),
            Err(ServerError::PayloadTooLarge { .. })
        ));
        let odd = request(Method::POST, "/sparql", Some("text/plain"), "ASK {}");
        assert!(matches!(
            operation(odd, 100),
            Err(ServerError::UnsupportedMediaType(_))
        ));
        let twice = request(Method::GET, "/sparql?query=a&query=b", None, "");
        assert!(matches!(
            operation(twice, 100),
            Err(ServerError::BadRequest(_))
        ));
        let update_by_get = request(Method::GET, "/sparql?update=CLEAR%20ALL", None, "");
        assert!(matches!(
            operation(update_by_get, 100),
            Err(ServerError::MethodNotAllowed { .. })
        ));
        let none = request(Method::GET, "/sparql", None, "");
        assert_eq!(operation(none, 100).ok(), Some(Operation::Description));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
    }
}
