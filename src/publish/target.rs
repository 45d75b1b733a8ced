//! A triple store reached through the SPARQL 1.1 Graph Store HTTP Protocol: a graph replaced by
//! `PUT ?graph=IRI`, removed by `DELETE ?graph=IRI`, read back by `GET ?graph=IRI`; and,
//! where its SPARQL query endpoint is given, each graph's triples counted by one query.
//!
//! A request that fails for a reason that may pass (no connection, a timeout, 408, 429, a 5xx)
//! is tried again after a pause that doubles each time; 401 and 403 stop at once, since
//! trying again will not change the credentials; any other status is the request's fault and
//! stops too. The client is oxhttp's, which opens a connection per request.

use oxhttp::model::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use std::collections::BTreeMap;
use std::time::Duration;

/// Why a request to the target failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TargetError {
    /// The URL cannot be used.
    #[error("{url}: {reason}")]
    Url {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The target refused the credentials, or has none for this client.
    #[error(
        "{method} {url}: {status} — the target refused {}; give credentials in CTOCKG_PUBLISH_USER and CTOCKG_PUBLISH_PASSWORD (HTTP Basic), CTOCKG_PUBLISH_TOKEN (a bearer token), or a file with --credentials",
        if *sent { "these credentials" } else { "a request without credentials" }
    )]
    Unauthorized {
        /// The request's method.
        method: Method,
        /// Its URL.
        url: String,
        /// 401 or 403.
        status: StatusCode,
        /// Whether credentials were sent.
        sent: bool,
    },
    /// The target answered with an error status that trying again would not change.
    #[error("{method} {url}: {status}: {body}")]
    Refused {
        /// The request's method.
        method: Method,
        /// Its URL.
        url: String,
        /// The status.
        status: StatusCode,
        /// The start of the answer's body.
        body: String,
    },
    /// Every attempt failed for a reason that might have passed.
    #[error("{method} {url}: {last} ({attempts} attempts)")]
    Unreachable {
        /// The request's method.
        method: Method,
        /// Its URL.
        url: String,
        /// How many times it was tried.
        attempts: u32,
        /// The last attempt's failure.
        last: String,
    },
    /// The answer could not be read.
    #[error("{url}: cannot read the answer: {error}")]
    Answer {
        /// The URL.
        url: String,
        /// Why.
        error: String,
    },
}

/// How the client proves who it is.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Credentials {
    /// No `Authorization` header.
    #[default]
    None,
    /// HTTP Basic.
    Basic {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
    /// `Authorization: Bearer {token}`.
    Bearer(String),
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // never the secret itself
        f.write_str(match self {
            Self::None => "None",
            Self::Basic { .. } => "Basic",
            Self::Bearer(_) => "Bearer",
        })
    }
}

impl Credentials {
    /// Credentials from a file: its first line is `USER:PASSWORD` (HTTP Basic) or
    /// `Bearer TOKEN`.
    pub fn parse(text: &str) -> Option<Self> {
        let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
        if let Some(token) = line.strip_prefix("Bearer ") {
            return Some(Self::Bearer(token.trim().to_owned()));
        }
        let (user, password) = line.split_once(':')?;
        Some(Self::Basic {
            user: user.to_owned(),
            password: password.to_owned(),
        })
    }

    fn header(&self) -> Option<HeaderValue> {
        use base64::Engine;
        let value = match self {
            Self::None => return None,
            Self::Basic { user, password } => format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            ),
            Self::Bearer(token) => format!("Bearer {token}"),
        };
        let mut value = HeaderValue::from_str(&value).ok()?;
        value.set_sensitive(true);
        Some(value)
    }
}

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Attempts after the first.
    pub retries: u32,
    /// The pause before the first retry; each next one is twice as long.
    pub backoff: Duration,
    /// The most a connection may wait for the target at any step.
    pub timeout: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Self {
            retries: 4,
            backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(60),
        }
    }
}

/// A Graph Store Protocol endpoint.
pub struct Target {
    store: String,
    query: Option<String>,
    client: oxhttp::Client,
    authorization: Option<HeaderValue>,
    retry: Retry,
}

impl Target {
    /// The endpoint at `store` (and its SPARQL query endpoint, if given).
    pub fn new(
        store: &str,
        query: Option<&str>,
        credentials: &Credentials,
        retry: Retry,
    ) -> Result<Self, TargetError> {
        for url in std::iter::once(store).chain(query) {
            check_url(url)?;
        }
        Ok(Self {
            store: store.to_owned(),
            query: query.map(str::to_owned),
            client: oxhttp::Client::new()
                .with_global_timeout(retry.timeout)
                .with_redirection_limit(0),
            authorization: credentials.header(),
            retry,
        })
    }

    /// The URL of a graph at the endpoint.
    pub fn graph_url(&self, graph: &str) -> String {
        let separator = if self.store.contains('?') { '&' } else { '?' };
        format!(
            "{}{separator}graph={}",
            self.store,
            utf8_percent_encode(graph, NON_ALPHANUMERIC)
        )
    }

    /// Replaces the graph with these N-Triples.
    pub fn put(&self, graph: &str, ntriples: &[u8]) -> Result<(), TargetError> {
        let url = self.graph_url(graph);
        self.send(
            Method::PUT,
            &url,
            &[(CONTENT_TYPE, "application/n-triples")],
            || Body::from(ntriples.to_vec()),
        )
        .map(drop)
    }

    /// Removes the graph; one the target does not hold is as good as removed.
    pub fn delete(&self, graph: &str) -> Result<(), TargetError> {
        let url = self.graph_url(graph);
        match self.send(Method::DELETE, &url, &[], Body::empty) {
            Err(TargetError::Refused { status, .. }) if status == StatusCode::NOT_FOUND => Ok(()),
            other => other.map(drop),
        }
    }

    /// The triples the target holds in each graph: one query when a query endpoint is known,
    /// else each graph read back and its triples counted.
    pub fn count(&self, graphs: &[&str]) -> Result<BTreeMap<String, usize>, TargetError> {
        match &self.query {
            Some(endpoint) => {
                let mut counts = BTreeMap::new();
                // a query of a few hundred graphs stays well within a server's body limits
                for chunk in graphs.chunks(500) {
                    counts.extend(self.count_by_query(endpoint, chunk)?);
                }
                Ok(counts)
            }
            None => graphs
                .iter()
                .map(|graph| Ok(((*graph).to_owned(), self.count_by_reading(graph)?)))
                .collect(),
        }
    }

    fn count_by_reading(&self, graph: &str) -> Result<usize, TargetError> {
        use oxigraph::io::{RdfFormat, RdfParser};
        let url = self.graph_url(graph);
        let bytes = match self.send(
            Method::GET,
            &url,
            &[(ACCEPT, "application/n-triples")],
            Body::empty,
        ) {
            Err(TargetError::Refused { status, .. }) if status == StatusCode::NOT_FOUND => {
                return Ok(0);
            }
            other => other?,
        };
        let answer = |error: String| TargetError::Answer {
            url: url.clone(),
            error,
        };
        let mut triples = std::collections::HashSet::new();
        for quad in RdfParser::from_format(RdfFormat::NTriples).for_slice(&bytes) {
            let quad = quad.map_err(|e| answer(e.to_string()))?;
            triples.insert(oxigraph::model::Triple::from(quad));
        }
        Ok(triples.len())
    }

    fn count_by_query(
        &self,
        endpoint: &str,
        graphs: &[&str],
    ) -> Result<BTreeMap<String, usize>, TargetError> {
        use oxigraph::model::Term;
        use oxigraph::sparql::results::{
            QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
        };
        let values: String = graphs.iter().map(|g| format!("<{g}> ")).collect();
        let query = format!(
            "SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values}}} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
        );
        let bytes = self.send(
            Method::POST,
            endpoint,
            &[
                (CONTENT_TYPE, "application/sparql-query"),
                (ACCEPT, "application/sparql-results+json"),
            ],
            || Body::from(query.clone()),
        )?;
        let answer = |error: String| TargetError::Answer {
            url: endpoint.to_owned(),
            error,
        };
        let mut counts: BTreeMap<String, usize> =
            graphs.iter().map(|g| ((*g).to_owned(), 0)).collect();
        let parsed = QueryResultsParser::from_format(QueryResultsFormat::Json)
            .for_slice(&bytes)
            .map_err(|e| answer(e.to_string()))?;
        let SliceQueryResultsParserOutput::Solutions(solutions) = parsed else {
            return Err(answer("a boolean, not solutions".to_owned()));
        };
        for solution in solutions {
            let solution = solution.map_err(|e| answer(e.to_string()))?;
            if let (Some(Term::NamedNode(graph)), Some(Term::Literal(n))) =
                (solution.get("g"), solution.get("n"))
            {
                let n = n
                    .value()
                    .parse()
                    .map_err(|_| answer(format!("{n} is not a count")))?;
                counts.insert(graph.as_str().to_owned(), n);
            }
        }
        Ok(counts)
    }

    /// Sends a request, again after a pause while it fails for a reason that may pass; the
    /// answer's body.
    fn send(
        &self,
        method: Method,
        url: &str,
        headers: &[(oxhttp::model::HeaderName, &'static str)],
        body: impl Fn() -> Body,
    ) -> Result<Vec<u8>, TargetError> {
        let mut pause = self.retry.backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = Request::builder().method(method.clone()).uri(url);
            for (name, value) in headers {
                request = request.header(name, *value);
            }
            if let Some(authorization) = &self.authorization {
                request = request.header(AUTHORIZATION, authorization.clone());
            }
            let request = request.body(body()).map_err(|e| TargetError::Url {
                url: url.to_owned(),
                reason: e.to_string(),
            })?;
            let failure = match self.client.request(request) {
                Ok(response) if response.status().is_success() => {
                    match response.into_body().to_vec() {
                        Ok(body) => return Ok(body),
                        Err(error) => format!("reading the answer: {error}"),
                    }
                }
                Ok(response) => {
                    let status = response.status();
                    if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
                        return Err(TargetError::Unauthorized {
                            method,
                            url: url.to_owned(),
                            status,
                            sent: self.authorization.is_some(),
                        });
                    }
                    let passing = status.is_server_error()
                        || status == StatusCode::REQUEST_TIMEOUT
                        || status == StatusCode::TOO_MANY_REQUESTS;
                    let body = excerpt(response);
                    if !passing {
                        return Err(TargetError::Refused {
                            method,
                            url: url.to_owned(),
                            status,
                            body,
                        });
                    }
                    format!("{status}: {body}")
                }
                Err(error) => error.to_string(),
            };
            if attempt > self.retry.retries {
                return Err(TargetError::Unreachable {
                    method,
                    url: url.to_owned(),
                    attempts: attempt,
                    last: failure,
                });
            }
            std::thread::sleep(pause);
            pause = pause.saturating_mul(2);
        }
    }
}

/// The first line of an error answer, at most 200 characters.
fn excerpt(response: Response<Body>) -> String {
    let text = response.into_body().to_string().unwrap_or_default();
    let line = text.lines().map(str::trim).find(|l| !l.is_empty());
    line.unwrap_or("(no message)").chars().take(200).collect()
}

fn check_url(url: &str) -> Result<(), TargetError> {
    let bad = |reason: &str| TargetError::Url {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let parsed: oxhttp::model::Uri = url.parse().map_err(|_| bad("not a URL"))?;
    match parsed.scheme_str() {
        Some("http") => Ok(()),
        Some("https") => Err(bad(
            "HTTPS is not built into this ctockg (its HTTP client speaks plain HTTP); reach the target through a local TLS tunnel or proxy",
        )),
        _ => Err(bad("the URL must start with http://")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;

    /// A server answering each connection with the next status of `statuses`, counting them.
    fn answering(statuses: &'static [u16]) -> (String, std::thread::JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/store", listener.local_addr().expect("addr"));
        let server = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for status in statuses {
                let (stream, _) = listener.accept().expect("accept");
                let mut reader = BufReader::new(stream);
                let mut head = String::new();
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).expect("line");
                    if let Some(n) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = n.trim().parse().expect("length");
                    }
                    if line.trim().is_empty() {
                        break;
                    }
                    head.push_str(&line);
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).expect("body");
                seen.push(head);
                let mut stream = reader.into_inner();
                write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nno"
                )
                .expect("answer");
            }
            seen
        });
        (url, server)
    }

    fn quick() -> Retry {
        Retry {
            retries: 3,
            backoff: Duration::from_millis(10),
            timeout: Duration::from_secs(5),
        }
    }

    #[test]
    fn a_failure_that_may_pass_is_tried_again_and_credentials_are_sent() {
        let (url, server) = answering(&[503, 500, 204]);
        let credentials = Credentials::Basic {
            user: "u".to_owned(),
            password: "p".to_owned(),
        };
        let target = Target::new(&url, None, &credentials, quick()).expect("target");
        target
            .put("https://example.org/g", b"")
            .expect("third time");
        let seen = server.join().expect("server");
        assert_eq!(seen.len(), 3);
        assert!(seen[2].contains("PUT /store?graph=https%3A%2F%2Fexample%2Eorg%2Fg "));
        // "u:p" in base64
        assert!(seen[2].contains("Basic dTpw"), "{}", seen[2]);
    }

    #[test]
    fn refused_credentials_stop_at_once() {
        let (url, server) = answering(&[401]);
        let target = Target::new(&url, None, &Credentials::None, quick()).expect("target");
        let error = target.put("https://example.org/g", b"").expect_err("401");
        assert!(matches!(error, TargetError::Unauthorized { .. }), "{error}");
        assert!(error.to_string().contains("CTOCKG_PUBLISH_USER"), "{error}");
        assert_eq!(server.join().expect("server").len(), 1);
    }

    #[test]
    fn a_bad_request_is_not_tried_again_and_a_missing_graph_is_deleted_already() {
        let (url, server) = answering(&[400, 404]);
        let target = Target::new(&url, None, &Credentials::None, quick()).expect("target");
        let error = target.put("https://example.org/g", b"").expect_err("400");
        assert!(matches!(error, TargetError::Refused { .. }), "{error}");
        target.delete("https://example.org/g").expect("404 is gone");
        assert_eq!(server.join().expect("server").len(), 2);
    }

    #[test]
    fn credentials_files_and_urls_are_read() {
        assert_eq!(
            Credentials::parse("\nalice:s3:cret\n"),
            Some(Credentials::Basic {
                user: "alice".to_owned(),
                password: "s3:cret".to_owned()
            })
        );
        assert_eq!(
            Credentials::parse("Bearer abc\n"),
            Some(Credentials::Bearer("abc".to_owned()))
        );
        assert_eq!(Credentials::parse("nothing"), None);
        assert!(check_url("https://example.org/store").is_err());
        assert!(check_url("ftp://example.org/store").is_err());
        assert!(check_url("http://127.0.0.1:3030/ds/data").is_ok());
    }
}
