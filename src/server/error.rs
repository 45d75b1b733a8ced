//! Why a request failed, and the one place where each failure becomes an HTTP status.
//!
//! Every non-success status the server sends is decided by [`ServerError::status`], an
//! exhaustive `match` (as miniserve's `errors.rs` does): adding a variant without deciding its
//! status does not compile.

use oxhttp::model::header::{
    ALLOW, CONTENT_RANGE, CONTENT_TYPE, HeaderName, RETRY_AFTER, VARY, WWW_AUTHENTICATE,
};
use oxhttp::model::{Body, Response, StatusCode};

use super::page;

/// Why the server could not answer a request as asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// No route, no shipped query, or no resource with that IRI.
    #[error("not found: {0}")]
    NotFound(String),
    /// The route exists but not for this method.
    #[error("method {method} is not allowed here; use {allowed}")]
    MethodNotAllowed {
        /// The method used.
        method: String,
        /// The methods the route answers, for the `Allow` header.
        allowed: &'static str,
    },
    /// The request is malformed: a missing or repeated parameter, an invalid IRI, non-UTF-8.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The query or update is not valid SPARQL.
    #[error("invalid SPARQL: {0}")]
    Syntax(String),
    /// A shipped query's parameter is missing, unknown or not of its kind.
    #[error("{0}")]
    Parameter(String),
    /// The answer holds more results than the server sends at once.
    #[error(
        "the query has more than {limit} results; add a LIMIT (and OFFSET to page through them), or download the whole graph from /dump.nq"
    )]
    TooManyResults {
        /// The cap (`--max-results`).
        limit: usize,
    },
    /// The request body has a media type the route does not read.
    #[error(
        "unsupported request content type {0:?}; send application/sparql-query, application/sparql-update or application/x-www-form-urlencoded"
    )]
    UnsupportedMediaType(String),
    /// None of the representations the route has is acceptable to the client.
    #[error("none of the formats asked for is available here; available: {available}")]
    NotAcceptable {
        /// The media types the route can send.
        available: String,
    },
    /// The request body is larger than `--max-body`.
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The cap in bytes.
        limit: usize,
    },
    /// The request's body did not arrive within the body timeout.
    #[error("the request body did not arrive within {seconds} s")]
    RequestTimeout {
        /// The body timeout in seconds.
        seconds: f64,
    },
    /// The range asked of a dump starts past its end.
    #[error("the range starts past the end of the {length} bytes")]
    RangeNotSatisfiable {
        /// The bytes of the representation.
        length: u64,
    },
    /// The query nests deeper than the server evaluates.
    #[error("{0}")]
    TooDeep(String),
    /// SPARQL Update on a read-only endpoint.
    #[error(
        "this endpoint is read-only: SPARQL Update is refused (start the server with --allow-update and a token to allow it)"
    )]
    ReadOnly,
    /// SPARQL Update without credentials on an endpoint that allows updates.
    #[error("SPARQL Update needs the header Authorization: Bearer <token>")]
    MissingToken,
    /// SPARQL Update with the wrong token.
    #[error("the update token is not valid")]
    BadToken,
    /// The query ran past `--timeout` and was cancelled.
    #[error(
        "the query was cancelled after {seconds} s (the server's --timeout); narrow it down or add a LIMIT"
    )]
    Timeout {
        /// The timeout in seconds.
        seconds: f64,
    },
    /// The running queries held more memory than `--max-query-memory`, this one the most, and it
    /// was cancelled.
    #[error(
        "the query was cancelled when it held the most of the {megabytes} MB the server's running queries may hold (--max-query-memory); narrow it down, or avoid sorting or grouping a cross join"
    )]
    OverBudget {
        /// The budget in megabytes.
        megabytes: usize,
    },
    /// Every query slot stayed taken until the request's deadline.
    #[error("the server is running as many queries as it allows at once; retry shortly")]
    Busy,
    /// The query asks for a federated `SERVICE` call, which this endpoint never makes.
    #[error(
        "federated queries are disabled: this endpoint makes no SERVICE calls to other endpoints ({0})"
    )]
    FederationDisabled(String),
    /// The query failed while being evaluated.
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
    /// The store failed.
    #[error("store error: {0}")]
    Storage(String),
    /// Writing the answer failed.
    #[error("cannot write the answer: {0}")]
    Output(#[from] std::io::Error),
}

impl ServerError {
    /// The HTTP status of this failure: the one place where statuses are decided.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::BadRequest(_)
            | Self::Syntax(_)
            | Self::Parameter(_)
            | Self::TooDeep(_)
            | Self::TooManyResults { .. } => StatusCode::BAD_REQUEST,
            Self::RequestTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            Self::RangeNotSatisfiable { .. } => StatusCode::RANGE_NOT_SATISFIABLE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::NotAcceptable { .. } => StatusCode::NOT_ACCEPTABLE,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::MissingToken => StatusCode::UNAUTHORIZED,
            Self::ReadOnly | Self::BadToken => StatusCode::FORBIDDEN,
            Self::Timeout { .. } | Self::OverBudget { .. } | Self::Busy => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::FederationDisabled(_) => StatusCode::NOT_IMPLEMENTED,
            Self::Evaluation(_) | Self::Storage(_) | Self::Output(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// Headers the status calls for (`Allow` with 405, `Retry-After` with a busy 503, …).
    fn headers(&self) -> Vec<(HeaderName, String)> {
        match self {
            Self::MethodNotAllowed { allowed, .. } => vec![(ALLOW, (*allowed).to_owned())],
            Self::MissingToken => vec![(WWW_AUTHENTICATE, "Bearer".to_owned())],
            Self::Busy => vec![(RETRY_AFTER, "1".to_owned())],
            Self::NotAcceptable { .. } => vec![(VARY, "Accept".to_owned())],
            Self::RangeNotSatisfiable { length } => {
                vec![(CONTENT_RANGE, format!("bytes */{length}"))]
            }
            _ => Vec::new(),
        }
    }

    /// The error as a response: an HTML page for a browser, plain text for anything else.
    pub fn into_response(self, html: bool) -> Response<Body> {
        let status = self.status();
        let message = self.to_string();
        let mut builder = Response::builder().status(status);
        for (name, value) in self.headers() {
            builder = builder.header(name, value);
        }
        let (content_type, body) = if html {
            (
                "text/html; charset=utf-8",
                page::error_page(status.as_u16(), status.canonical_reason(), &message),
            )
        } else {
            ("text/plain; charset=utf-8", format!("{message}\n"))
        };
        builder
            .header(CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap_or_else(|_| Response::new(Body::from(message)))
    }
}

/// `204 No Content`: an update done, a CORS preflight answered.
pub(super) fn no_content() -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}

impl From<crate::query::PrepareError> for ServerError {
    fn from(error: crate::query::PrepareError) -> Self {
        use crate::query::PrepareError;
        match error {
            PrepareError::Syntax(message) => Self::Syntax(message),
            PrepareError::TooDeep(message) => Self::TooDeep(message),
            PrepareError::Parameter(message) => Self::Parameter(message),
        }
    }
}
