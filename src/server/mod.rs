//! `ctockg serve`: the graph over HTTP (hyper on tokio, [`connections`]).
//!
//! - `/sparql`: the SPARQL 1.1 Protocol ([`sparql`]), results by content negotiation
//!   ([`negotiate`]), a service description when asked with no query;
//! - `/id/…`: every `https://w3id.org/ctockg/id/…` IRI, as a page or as RDF ([`resource`]);
//!   `/ontology`: the vocabulary;
//! - `/search`: full-text search over the paragraphs ([`search`](crate::search));
//! - `/`: what the dataset holds, the shipped queries (`/queries/{name}`), a query box
//!   ([`page`]); `/.well-known/void`, `/dump.nq`, `/dump.ttl` ([`dataset`]).
//!
//! Read-only unless started with an update token; no federated `SERVICE` calls (Oxigraph is
//! built without its HTTP client); queries capped in number, time and size ([`limits`]), light
//! ones in a lane of their own, which heavy ones cannot fill; request bodies capped. [`Endpoint::handle`] is a plain function from a request to a
//! response, tested without a socket; [`serve`] puts it behind a listening socket, with limits on
//! connections and deadlines for slow clients ([`connections`]). Every error
//! status is decided in [`ServerError::status`].

mod cache;
mod connections;
pub mod dataset;
pub mod dumps;
pub mod editor;
mod error;
pub mod limits;
pub mod memory;
pub mod negotiate;
pub mod page;
pub mod pictures;
pub mod resource;
mod search;
pub mod sparql;
pub mod themes;

pub use connections::{ConnectionLimits, Listening, THREAD_STACK, serve};
pub use error::ServerError;

use oxhttp::model::header::{
    ACCEPT, ACCEPT_ENCODING, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    HOST, HeaderValue, IF_NONE_MATCH, RANGE, VARY, X_CONTENT_TYPE_OPTIONS,
};
use oxhttp::model::{Body, Method, Request, Response};
use oxigraph::model::NamedNode;
use oxigraph::store::Store;
use std::sync::Arc;
use std::time::Duration;

use crate::queries::{self, NamedQuery};
use crate::resident::ResidentStore;
use crate::vocab;

use dataset::Dump;
use limits::QuerySlots;
use negotiate::{Format, negotiate};
use resource::Extent;
use sparql::{Operation, ProtocolDataset};

/// The server's limits and options.
#[derive(Clone)]
pub struct Config {
    /// A query still running after this long is cancelled (the wait for a slot included).
    pub timeout: Duration,
    /// A query with more results than this is refused.
    pub max_results: usize,
    /// A request body longer than this (bytes) is refused.
    pub max_body: usize,
    /// Queries (and dumps) evaluated at once; others wait for a slot until their timeout. Light
    /// queries ([`sparql::is_light`]) have as many slots again, in a lane of their own.
    pub max_queries: usize,
    /// Bytes the running queries may hold together; past them the one holding the most is
    /// cancelled ([`memory`](crate::server::memory)).
    pub max_query_memory: usize,
    /// Bytes of responses (pages, query results) cached until the next update; 0 caches none.
    pub response_cache: usize,
    /// When set, SPARQL Update is allowed to requests bearing this token.
    pub update_token: Option<String>,
    /// The shipped queries offered on the home page.
    pub library: Vec<NamedQuery>,
    /// Where the dumps are written ([`dumps`]); `None`: a directory of this process under the
    /// system's temporary directory.
    pub dumps: Option<std::path::PathBuf>,
    /// The directory of YASGUI's built files, the query editor at `/sparql` ([`editor`]);
    /// without them `/sparql` is a plain form.
    pub editor: Option<std::path::PathBuf>,
    /// Graphviz's `dot`, which draws `/pictures/…` ([`pictures`]).
    pub dot: std::path::PathBuf,
    /// The search index `/search` answers from; `None`: `/search` answers 404.
    pub search: Option<Arc<crate::search::SearchIndex>>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("timeout", &self.timeout)
            .field("max_results", &self.max_results)
            .field("max_body", &self.max_body)
            .field("max_queries", &self.max_queries)
            .field("max_query_memory", &self.max_query_memory)
            .field("response_cache", &self.response_cache)
            .field(
                "update_token",
                &self.update_token.as_ref().map(|_| "<redacted>"),
            )
            .field("library", &self.library.len())
            .field("dumps", &self.dumps)
            .field("editor", &self.editor)
            .field("dot", &self.dot)
            .field("search", &self.search)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            max_results: 10_000,
            max_body: 1 << 20,
            max_queries: 4,
            max_query_memory: 256 << 20,
            response_cache: 64 << 20,
            update_token: None,
            library: Vec::new(),
            dumps: None,
            editor: Some(std::path::PathBuf::from(editor::INSTALLED)),
            dot: std::path::PathBuf::from("dot"),
            search: None,
        }
    }
}

/// The HTTP face of a store.
pub struct Endpoint {
    store: Store,
    config: Config,
    slots: Arc<QuerySlots>,
    /// The lane of light queries, which heavy ones cannot fill.
    light_slots: Arc<QuerySlots>,
    /// The memory the running queries may hold together.
    memory: Arc<memory::Budget>,
    /// What is derived from the whole store (graph list, home page and VoID counts), cached until
    /// the next update: listing 10,000 graph names for each query took a trivial one from 11 ms
    /// at 1,000 documents to 80 ms at 10,000, and VoID's counts took 43 s there.
    cache: cache::StoreCache,
}

const READ_METHODS: &str = "GET, HEAD, OPTIONS";
const SPARQL_METHODS: &str = "GET, HEAD, POST, OPTIONS";

/// Where each path leads.
enum Route<'a> {
    Home,
    Sparql,
    NamedQuery(&'a str),
    Resource(&'a str),
    Ontology(Option<Format>),
    Void,
    Dump(Dump),
    Themes,
    Theme(&'a str),
    Pictures,
    Picture(&'a str),
    EditorFile(&'a str),
    Icon,
    Search,
}

fn route(path: &str) -> Option<Route<'_>> {
    Some(match path {
        "/" | "/index.html" => Route::Home,
        "/sparql" => Route::Sparql,
        "/ontology" => Route::Ontology(None),
        "/.well-known/void" => Route::Void,
        "/dump.nq" => Route::Dump(Dump::NQuads),
        "/dump.ttl" => Route::Dump(Dump::Turtle),
        "/themes" => Route::Themes,
        "/favicon.ico" | "/favicon.svg" => Route::Icon,
        "/pictures" => Route::Pictures,
        "/search" => Route::Search,
        _ => {
            if let Some(rest) = path.strip_prefix("/id/").filter(|r| !r.is_empty()) {
                Route::Resource(rest)
            } else if let Some(key) = path.strip_prefix("/themes/").filter(|r| !r.is_empty()) {
                Route::Theme(key)
            } else if let Some(rest) = path.strip_prefix("/pictures/") {
                Route::Picture(rest)
            } else if let Some(name) = path.strip_prefix("/editor/") {
                Route::EditorFile(name)
            } else if let Some(name) = path.strip_prefix("/queries/") {
                Route::NamedQuery(name)
            } else {
                let suffix = path.strip_prefix("/ontology.")?;
                Route::Ontology(Some(Format::from_suffix(suffix)?))
            }
        }
    })
}

fn percent_decode(text: &str) -> Result<String, ServerError> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| ServerError::BadRequest("the path is not UTF-8".to_owned()))
}

fn header(request: &Request<Body>, name: oxhttp::model::header::HeaderName) -> Option<&str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

/// A `200` response in a format.
fn respond(format: Format, body: impl Into<Body>) -> Response<Body> {
    let mut response = Response::new(body.into());
    let content_type = HeaderValue::try_from(format.content_type())
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    response.headers_mut().insert(CONTENT_TYPE, content_type);
    response
        .headers_mut()
        .insert(VARY, HeaderValue::from_static("Accept"));
    response
}

impl Endpoint {
    /// An endpoint over `store`.
    pub fn new(store: Store, config: Config) -> Self {
        let slots = Arc::new(QuerySlots::new(config.max_queries));
        let light_slots = Arc::new(QuerySlots::new(config.max_queries));
        let memory = Arc::new(memory::Budget::new(config.max_query_memory));
        let cache = cache::StoreCache::new(config.response_cache);
        Self {
            store,
            config,
            slots,
            light_slots,
            memory,
            cache,
        }
    }

    /// The copy of the store in memory that queries run on, made now if the store changed since
    /// the last one (at 10,000 documents, a few seconds, which the first query after an update
    /// waits for; `ctockg serve` makes it before it listens).
    pub fn resident(&self) -> Result<Arc<ResidentStore>, ServerError> {
        self.cache.resident(|| {
            let copy = ResidentStore::load(&self.store)
                .map_err(|e| ServerError::Storage(e.to_string()))?;
            // the terms as the store gave them, freed once copied in order, go back at once
            memory::purge_freed_pages();
            Ok(copy)
        })
    }

    /// Answers one request. Reads go with `Access-Control-Allow-Origin: *`; a `HEAD` gets the
    /// headers of its `GET`.
    pub fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        let html_errors = negotiate::prefers_html(header(request, ACCEPT));
        let head = request.method() == Method::HEAD;
        let mut response = self
            .dispatch(request)
            .unwrap_or_else(|error| error.into_response(html_errors));
        let headers = response.headers_mut();
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        if !headers.contains_key(CONTENT_SECURITY_POLICY)
            && headers.get(CONTENT_TYPE).is_some_and(|v| {
                v.as_bytes().starts_with(b"text/html") || v.as_bytes().starts_with(b"image/svg")
            })
        {
            // no script runs on these pages, whatever a document's text holds (the query
            // editor's page sets a policy of its own: editor::CONTENT_SECURITY_POLICY)
            headers.insert(
                CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'",
                ),
            );
        }
        if head {
            *response.body_mut() = Body::empty();
        }
        response
    }

    fn dispatch(&self, request: &mut Request<Body>) -> Result<Response<Body>, ServerError> {
        let path = request.uri().path().to_owned();
        let route = route(&path).ok_or_else(|| ServerError::NotFound(path.clone()))?;
        let method = request.method().clone();
        if method == Method::OPTIONS {
            return Ok(preflight());
        }
        let allowed = match route {
            Route::Sparql => SPARQL_METHODS,
            _ => READ_METHODS,
        };
        if !(method == Method::GET
            || method == Method::HEAD
            || (method == Method::POST && matches!(route, Route::Sparql)))
        {
            return Err(ServerError::MethodNotAllowed {
                method: method.to_string(),
                allowed,
            });
        }
        let accept = header(request, ACCEPT).map(str::to_owned);
        let accept = accept.as_deref();
        let params = sparql::form_pairs(request.uri().query().unwrap_or("").as_bytes())?;
        let format_param = params
            .iter()
            .find(|(n, _)| n == "format")
            .map(|(_, v)| v.clone());
        match route {
            Route::Home => {
                negotiate(accept, None, &[Format::Html])?;
                let summary = self.cache.summary(|| dataset::summary(&self.resident()?))?;
                Ok(respond(
                    Format::Html,
                    page::home(&summary, &self.config.library),
                ))
            }
            Route::Sparql => self.sparql(request, params, accept),
            Route::NamedQuery(name) => self.named_query(&percent_decode(name)?, params, accept),
            Route::Resource(rest) => self.resource(&percent_decode(rest)?, accept),
            Route::Ontology(suffix) => {
                let format = match suffix {
                    Some(format) => format,
                    None => negotiate(accept, format_param.as_deref(), negotiate::RESOURCE)?,
                };
                match format.rdf() {
                    Some(rdf) => {
                        let mut out = Vec::new();
                        dataset::write_triples(
                            &resource::ontology_triples(&self.resident()?)?,
                            rdf,
                            &mut out,
                        )?;
                        Ok(respond(format, out))
                    }
                    None => Ok(respond(
                        Format::Html,
                        resource::ontology_page(&self.resident()?),
                    )),
                }
            }
            Route::Void => {
                let format = negotiate(accept, format_param.as_deref(), negotiate::RDF)?;
                let base = dataset::base_url(header(request, HOST));
                let facts = self
                    .cache
                    .void(|| dataset::VoidFacts::of(&self.resident()?))?;
                self.rdf_document(&dataset::void(&facts, &base)?, format)
            }
            Route::Themes => {
                let lang = themes::lang(&params)?;
                self.drawn(format!("themes {lang:?}"), Format::Html, || {
                    Ok(themes::index(&self.graph(), lang)?.into_bytes())
                })
            }
            Route::Theme(key) => {
                let lang = themes::lang(&params)?;
                let key = percent_decode(key)?;
                match key.strip_suffix(".svg") {
                    Some(key) => {
                        self.drawn(format!("themes/{key}.svg {lang:?}"), Format::Svg, || {
                            Ok(themes::chart(&self.graph(), key, lang)?.into_bytes())
                        })
                    }
                    None => self.drawn(format!("themes/{key} {lang:?}"), Format::Html, || {
                        Ok(themes::theme(&self.graph(), &key, lang)?.into_bytes())
                    }),
                }
            }
            Route::Pictures => self.drawn("pictures".to_owned(), Format::Html, || {
                Ok(pictures::index(&self.graph())?.into_bytes())
            }),
            Route::Picture(rest) => {
                let rest = percent_decode(rest)?;
                let view = pictures::view(&rest).ok_or_else(|| {
                    ServerError::NotFound(format!("no picture {rest}: see /pictures"))
                })?;
                let options = pictures::options(&params)?;
                self.drawn(format!("pictures/{rest} {options:?}"), Format::Svg, || {
                    pictures::draw(&self.graph(), &view, &options, &self.config.dot)
                })
            }
            Route::EditorFile(name) => editor::file(self.config.editor.as_deref(), name),
            Route::Icon => Ok(respond(Format::Svg, page::ICON)),
            Route::Dump(which) => {
                let file = self.dump_file(which)?;
                let conditions = dumps::Conditions {
                    accept_encoding: header(request, ACCEPT_ENCODING),
                    range: header(request, RANGE),
                    if_none_match: header(request, IF_NONE_MATCH),
                };
                dumps::respond(&file, which, &conditions)
            }
            Route::Search => self.search(&params, accept),
        }
    }

    /// The store as the report and export modules read it.
    fn graph(&self) -> crate::store::GraphStore {
        crate::store::GraphStore::over(self.store.clone())
    }

    /// A page or picture drawn from the whole graph (themes, pictures), cached in the response
    /// cache; drawing holds one of the heavy query slots, so that requests for many different
    /// pictures wait their turn rather than run Graphviz all at once.
    fn drawn(
        &self,
        key: String,
        format: Format,
        draw: impl FnOnce() -> Result<Vec<u8>, ServerError>,
    ) -> Result<Response<Body>, ServerError> {
        self.cached_or(key, || {
            let deadline = std::time::Instant::now() + self.config.timeout;
            let _slot = self.slots.acquire(deadline).ok_or(ServerError::Busy)?;
            Ok((format, draw()?))
        })
    }

    /// The dump file of the store as it is now, written by the first request that asks for it
    /// (the others wait for it, holding no query slot).
    pub fn dump_file(&self, which: Dump) -> Result<Arc<dumps::DumpFile>, ServerError> {
        self.cache.dump(which, || {
            let directory = self.config.dumps.clone().unwrap_or_else(|| {
                std::env::temp_dir().join(format!("ctockg-dumps-{}", std::process::id()))
            });
            let key = dumps::state_key(&self.store)?;
            let file = dumps::write(&self.store, &directory, which, &key);
            // canonicalising held the whole dataset: its pages go back now
            memory::purge_freed_pages();
            file
        })
    }

    fn rdf_document(
        &self,
        triples: &[oxigraph::model::Triple],
        format: Format,
    ) -> Result<Response<Body>, ServerError> {
        let rdf = format.rdf().ok_or_else(|| ServerError::NotAcceptable {
            available: "RDF formats".to_owned(),
        })?;
        let mut out = Vec::new();
        dataset::write_triples(triples, rdf, &mut out)?;
        Ok(respond(format, out))
    }

    fn sparql(
        &self,
        request: &mut Request<Body>,
        params: Vec<(String, String)>,
        accept: Option<&str>,
    ) -> Result<Response<Body>, ServerError> {
        let bom = byte_order_mark(&params)?;
        let (operation, format_param) =
            sparql::read_operation(request, params, self.config.max_body)?;
        match operation {
            Operation::Query { text, dataset } => {
                let query = sparql::parse_query(&text)?;
                let format =
                    negotiate(accept, format_param.as_deref(), sparql::formats_for(&query))?;
                let answer = || -> Result<(Format, Vec<u8>), ServerError> {
                    let answer = self.evaluate(query, &dataset, &[], None)?;
                    Ok((
                        format,
                        if format == Format::Html {
                            page::results_page(&text, &answer).into_bytes()
                        } else {
                            with_bom(sparql::serialize(&answer, format)?, format, bom)
                        },
                    ))
                };
                if !sparql::answers_alike(&text) {
                    let (format, body) = answer()?;
                    return Ok(respond(format, body));
                }
                self.cached_or(
                    format!("sparql {format:?} {bom} {dataset:?}\n{text}"),
                    answer,
                )
            }
            Operation::Update { text } => {
                self.update(request, &text)?;
                Ok(error::no_content())
            }
            Operation::Description => {
                let offered = [
                    Format::Turtle,
                    Format::NTriples,
                    Format::RdfXml,
                    Format::JsonLd,
                    Format::Html,
                ];
                let format = negotiate(accept, format_param.as_deref(), &offered)?;
                if format == Format::Html {
                    let editor = editor::page(
                        self.config.editor.as_deref(),
                        &resource::ontology_triples(&self.resident()?)?,
                        &self.config.library,
                    );
                    return Ok(editor.unwrap_or_else(|| respond(format, page::query_page())));
                }
                let base = dataset::base_url(header(request, HOST));
                let description = dataset::service_description(
                    &self.resident()?,
                    &base,
                    self.config.update_token.is_some(),
                )?;
                self.rdf_document(&description, format)
            }
        }
    }

    fn named_query(
        &self,
        name: &str,
        params: Vec<(String, String)>,
        accept: Option<&str>,
    ) -> Result<Response<Body>, ServerError> {
        let query = self
            .config
            .library
            .iter()
            .find(|q| q.name == name)
            .ok_or_else(|| ServerError::NotFound(format!("no shipped query named {name}")))?;
        let format_param = params
            .iter()
            .find(|(n, _)| n == "format")
            .map(|(_, v)| v.clone());
        let page = self.page_of(&params)?;
        let bom = byte_order_mark(&params)?;
        let given: Vec<(String, String)> = params
            .into_iter()
            .filter(|(n, v)| {
                !["format", "limit", "offset", "bom"].contains(&n.as_str()) && !v.trim().is_empty()
            })
            .collect();
        let declared =
            queries::parameters(&query.text).map_err(|e| ServerError::Parameter(e.to_string()))?;
        let arguments: Vec<String> = given.iter().map(|(n, v)| format!("{n}={v}")).collect();
        let bindings = queries::bind(&declared, &arguments)
            .map_err(|e| ServerError::Parameter(e.to_string()))?;
        let parsed = sparql::parse_query(&query.text)?;
        let format = negotiate(
            accept,
            format_param.as_deref(),
            sparql::formats_for(&parsed),
        )?;
        let key = format!("queries/{} {format:?} {bom} {given:?} {page:?}", query.name);
        self.cached_or(key, || {
            let answer = self
                .evaluate(parsed, &ProtocolDataset::default(), &bindings, page)
                .map_err(|error| match error {
                    ServerError::TooManyResults { limit } => ServerError::Parameter(format!(
                        "the query has more than {limit} results: ask for them a page at a time, \
                         with limit= (at most {limit}) and offset=, e.g. ?limit={limit}&offset=0, \
                         then offset={limit}, and so on"
                    )),
                    other => other,
                })?;
            let body = self.named_query_body(query, &given, &declared, &answer, page, format)?;
            Ok((format, with_bom(body, format, bom)))
        })
    }

    /// The page of results asked for with `limit=` and `offset=`, if any: `limit` from 1 to
    /// `--max-results` (that, when only `offset` is given).
    fn page_of(&self, params: &[(String, String)]) -> Result<Option<(usize, usize)>, ServerError> {
        let number = |name: &str| -> Result<Option<usize>, ServerError> {
            params
                .iter()
                .find(|(n, v)| n == name && !v.trim().is_empty())
                .map(|(_, v)| {
                    v.trim().parse::<usize>().map_err(|_| {
                        ServerError::Parameter(format!("{name}={v}: not a whole number"))
                    })
                })
                .transpose()
        };
        let (limit, offset) = (number("limit")?, number("offset")?);
        let max = self.config.max_results;
        if let Some(limit) = limit
            && !(1..=max).contains(&limit)
        {
            return Err(ServerError::Parameter(format!(
                "limit={limit}: a page holds from 1 to {max} results"
            )));
        }
        Ok(match (limit, offset) {
            (None, None) => None,
            (limit, offset) => Some((offset.unwrap_or(0), limit.unwrap_or(max))),
        })
    }

    fn named_query_body(
        &self,
        query: &NamedQuery,
        given: &[(String, String)],
        declared: &[queries::Parameter],
        answer: &page::Answer,
        paged: Option<(usize, usize)>,
        format: Format,
    ) -> Result<Vec<u8>, ServerError> {
        if format == Format::Html {
            let link_to = |offset: Option<usize>| {
                let mut pairs: Vec<(String, String)> = given.to_vec();
                if let (Some((_, limit)), Some(offset)) = (paged, offset) {
                    pairs.push(("limit".to_owned(), limit.to_string()));
                    pairs.push(("offset".to_owned(), offset.to_string()));
                }
                let mut link = format!("/queries/{}", page::path_escape(&query.name));
                for (i, (n, v)) in pairs.iter().enumerate() {
                    link.push(if i == 0 { '?' } else { '&' });
                    link.push_str(&format!(
                        "{}={}",
                        page::query_escape(n),
                        page::query_escape(v)
                    ));
                }
                link
            };
            let link = link_to(paged.map(|(offset, _)| offset));
            // a full page may have a next one
            let next = match (paged, answer) {
                (Some((offset, limit)), page::Answer::Solutions(table)) if table.len() == limit => {
                    Some(link_to(Some(offset + limit)))
                }
                _ => None,
            };
            return Ok(page::named_query_page(
                query,
                given,
                declared,
                answer,
                &link,
                next.as_deref(),
            )
            .into_bytes());
        }
        sparql::serialize(answer, format)
    }

    /// The response cached under `key` for the store as it is now, or the one `make` makes, cached
    /// when it succeeds.
    fn cached_or(
        &self,
        key: String,
        make: impl FnOnce() -> Result<(Format, Vec<u8>), ServerError>,
    ) -> Result<Response<Body>, ServerError> {
        let responses = self.cache.responses();
        if let Some(cached) = responses.get(&key) {
            return Ok(respond(cached.format, cached.body.to_vec()));
        }
        let (format, body) = make()?;
        responses.keep(key, format, &body);
        Ok(respond(format, body))
    }

    fn resource(&self, rest: &str, accept: Option<&str>) -> Result<Response<Body>, ServerError> {
        let key = format!("id/{rest} {accept:?}");
        self.cached_or(key, || self.resource_body(rest, accept))
    }

    fn resource_body(
        &self,
        rest: &str,
        accept: Option<&str>,
    ) -> Result<(Format, Vec<u8>), ServerError> {
        let not_found =
            || ServerError::NotFound(format!("no resource {}{rest} in the graph", vocab::ID));
        let iri = NamedNode::new(format!("{}{rest}", vocab::ID)).map_err(|_| not_found())?;
        let mut description = resource::describe(&self.resident()?, &iri, Extent::Page)?;
        let mut chosen = None;
        if description.is_empty()
            && let Some((stem, suffix)) = rest.rsplit_once('.')
            && let Some(format) = Format::from_suffix(suffix)
            && let Ok(stem_iri) = NamedNode::new(format!("{}{stem}", vocab::ID))
        {
            // /id/country/ITA.ttl: the resource id:country/ITA in Turtle
            description = resource::describe(&self.resident()?, &stem_iri, Extent::Page)?;
            chosen = Some(format);
        }
        if description.is_empty() {
            return Err(not_found());
        }
        let format = match chosen {
            Some(format) => format,
            None => negotiate(accept, None, negotiate::RESOURCE)?,
        };
        match format.rdf() {
            Some(rdf) => {
                // the RDF holds every fact, which the page only counts
                let iri = NamedNode::new_unchecked(description.iri.clone());
                let description = resource::describe(&self.resident()?, &iri, Extent::Full)?;
                let mut out = Vec::new();
                dataset::write_triples(&description.triples(), rdf, &mut out)?;
                Ok((format, out))
            }
            None => Ok((
                Format::Html,
                resource::page(&self.resident()?, &description).into_bytes(),
            )),
        }
    }
}

/// Whether a CSV answer is asked for with a UTF-8 byte-order mark (`bom=1`), which spreadsheet
/// programs need to read it as UTF-8 (Excel shows Chinese as mojibake without it).
fn byte_order_mark(params: &[(String, String)]) -> Result<bool, ServerError> {
    match params
        .iter()
        .find(|(n, _)| n == "bom")
        .map(|(_, v)| v.trim())
    {
        None | Some("" | "0" | "false") => Ok(false),
        Some("1" | "true") => Ok(true),
        Some(other) => Err(ServerError::Parameter(format!(
            "bom={other}: 1 (a byte-order mark before CSV) or 0"
        ))),
    }
}

/// A CSV body with the byte-order mark before it, when asked; other bodies as they are.
fn with_bom(body: Vec<u8>, format: Format, bom: bool) -> Vec<u8> {
    if bom && format == Format::Csv {
        let mut marked = "\u{feff}".as_bytes().to_vec();
        marked.extend(body);
        marked
    } else {
        body
    }
}

/// The answer to a CORS preflight: reads from anywhere; no credentials, so a browser on another
/// site cannot send an update token.
fn preflight() -> Response<Body> {
    let mut response = error::no_content();
    let headers = response.headers_mut();
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(SPARQL_METHODS),
    );
    headers.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Accept, Content-Type"),
    );
    headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    response
}
