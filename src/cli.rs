//! Command-line arguments (clap types only).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

use ctockg::store::OutputFormat;

/// ctockg: the UN meetings on organised crime as a knowledge graph.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by the commands that read the store.
#[derive(Debug, clap::Args)]
pub struct StoreArgs {
    /// The store directory (created on first build).
    #[arg(long, env = "CTOCKG_STORE", default_value = "store")]
    pub store: PathBuf,
    /// The data directory: manifest.toml, documents/, instruments/, gazetteer/.
    #[arg(long, env = "CTOCKG_DATA", default_value = "data")]
    pub data: PathBuf,
    /// The most a document may hold, in bytes (or with KiB, MiB, GiB); a larger one is refused
    /// with an error, unread, and the others are built.
    #[arg(
        long,
        env = "CTOCKG_MAX_DOCUMENT_SIZE",
        value_name = "BYTES",
        default_value = "16MiB",
        value_parser = parse_size
    )]
    pub max_document_size: u64,
}

/// A size in bytes: `1048576`, `1024KiB`, `16MiB`, `1GiB`.
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let number: u64 = text[..digits]
        .parse()
        .map_err(|_| format!("{text:?} is not a size: a number of bytes, or of KiB, MiB, GiB"))?;
    let unit: u64 = match text[digits..].trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        other => return Err(format!("unknown unit {other:?}: use KiB, MiB or GiB")),
    };
    number
        .checked_mul(unit)
        .ok_or_else(|| format!("{text:?} is too large"))
}

/// Options of `ctockg serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    /// Seconds a query may run before it is cancelled.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub timeout: f64,
    /// Results (rows or triples) a query may return.
    #[arg(long, default_value_t = 10_000)]
    pub max_results: usize,
    /// Queries evaluated at once; others wait for a slot.
    #[arg(long, default_value_t = 4)]
    pub max_queries: usize,
    /// Megabytes the running queries may hold together; past them the one holding the most is
    /// cancelled. The shipped queries hold at most 36 MB each at 10,000 documents.
    #[arg(long, value_name = "MB", default_value_t = 256)]
    pub max_query_memory: usize,
    /// Megabytes of answers (entity pages, query results) kept until the next update, so that
    /// the same request is not evaluated again; 0 keeps none.
    #[arg(long, value_name = "MB", default_value_t = 64)]
    pub cache: usize,
    /// Bytes a request body may hold.
    #[arg(long, default_value_t = 1 << 20)]
    pub max_body: usize,
    /// The directory of YASGUI's built files, the query editor at /sparql (`make setup` installs
    /// them from npm into web/node_modules).
    #[arg(long, value_name = "DIR", env = "CTOCKG_EDITOR",
          default_value = ctockg::server::editor::INSTALLED)]
    pub editor: std::path::PathBuf,
    /// Graphviz's `dot` program, which draws /pictures/….
    #[arg(long, default_value = "dot")]
    pub dot: std::path::PathBuf,
    /// Connections open at once; one more is answered 503 and closed.
    #[arg(long, default_value_t = 4096)]
    pub max_connections: usize,
    /// Connections open at once from one client address; one more is answered 503 and closed.
    #[arg(long, default_value_t = 256)]
    pub max_connections_per_client: usize,
    /// Seconds to receive a request's whole head, from the moment the server waits for it
    /// (connected, or the previous response sent); then the connection is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub head_timeout: f64,
    /// Seconds to receive a request's whole body once its head is in; then 408.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub body_timeout: f64,
    /// Seconds a response may wait for the client to read any of it; then the connection is
    /// closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub write_timeout: f64,
    /// Allow SPARQL Update to requests bearing the token of CTOCKG_UPDATE_TOKEN.
    #[arg(long)]
    pub allow_update: bool,
    /// The directory of shipped queries shown on the home page.
    #[arg(long, env = "CTOCKG_QUERIES", default_value = "queries")]
    pub queries: PathBuf,
}

/// Options of `ctockg publish`. Credentials never go on the command line: HTTP Basic from
/// CTOCKG_PUBLISH_USER and CTOCKG_PUBLISH_PASSWORD, a bearer token from CTOCKG_PUBLISH_TOKEN, or
/// a file given by --credentials.
#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// The Graph Store Protocol endpoint: Oxigraph server's http://HOST:7878/store, Fuseki's
    /// http://HOST:3030/DATASET/data.
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// The target's SPARQL query endpoint (Oxigraph's /query, Fuseki's /DATASET/sparql): the
    /// triples of the graphs sent are then counted by one query, not by reading each graph back.
    #[arg(long, value_name = "URL")]
    pub query_endpoint: Option<String>,
    /// List what would be sent and deleted, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Send every graph, whatever the last publish to this URL sent.
    #[arg(long)]
    pub all: bool,
    /// A file whose first line is USER:PASSWORD (HTTP Basic) or `Bearer TOKEN`.
    #[arg(long, value_name = "FILE")]
    pub credentials: Option<PathBuf>,
    /// Attempts after the first for a request that failed in a way that may pass (no
    /// connection, a timeout, a 5xx), half a second apart and twice as long each time.
    #[arg(long, default_value_t = 4)]
    pub retries: u32,
    /// Seconds a request may wait for the target at any step.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub timeout: f64,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest the corpus into the store (only changed documents are rewritten).
    Build {
        /// Where things are.
        #[command(flatten)]
        store: StoreArgs,
        /// Print the wall time of each phase of the build, and of the search index's update.
        #[arg(long)]
        timings: bool,
    },
    /// Put documents (PDF, Word .docx or text) into the corpus and rebuild: each is copied
    /// under documents/, named by its symbol and language when its front page gives them.
    Add {
        /// Where things are.
        #[command(flatten)]
        store: StoreArgs,
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// What was read from each document: symbol, language, body, type, date, meeting, title,
    /// and where each value came from (the text, the manifest, the file name).
    Documents {
        /// Where things are.
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Run a SPARQL query: a .rq file, the name of a query in queries/, or - for stdin.
    Query {
        /// Where things are.
        #[command(flatten)]
        store: StoreArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// The directory of shipped queries.
        #[arg(long, env = "CTOCKG_QUERIES", default_value = "queries")]
        queries: PathBuf,
        /// List the shipped queries instead of running one.
        #[arg(long)]
        list: bool,
        /// A parameter the query declares, bound as an RDF term: --param theme=technology.
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// Instead of the results, show how the query was evaluated: the query with its
        /// parameters in place, and the plan with each step's rows and time (to find why a query
        /// is slow).
        #[arg(long)]
        explain: bool,
        /// The query.
        #[arg(required_unless_present = "list")]
        query: Option<String>,
    },
    /// Write a large synthetic corpus recombined from the bundled one (for benchmarks).
    Synth {
        /// How many documents.
        #[arg(long, default_value_t = 1000)]
        docs: usize,
        /// Where: DIR/data (manifest, documents…) and DIR/ontology.
        #[arg(long)]
        out: PathBuf,
        /// The corpus it draws from.
        #[arg(long, env = "CTOCKG_DATA", default_value = "data")]
        data: PathBuf,
        /// Seed number: the same seed writes the same corpus.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Search the paragraphs and footnotes, best first: words, "a phrase", -word to leave a
    /// word out, OR between alternatives; Chinese needs no spaces (偷运移民), English finds other
    /// forms of a word (smuggle finds "smuggling").
    Search {
        /// Where things are.
        #[command(flatten)]
        store: StoreArgs,
        /// What to search for.
        query: String,
        /// Only documents of this body's meetings: wg4, wg7 …
        #[arg(long)]
        body: Option<String>,
        /// Only documents of meetings starting on or after this day.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Only documents of meetings starting on or before this day.
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// Only paragraphs in this language: zh, en, fr, es, ru, ar.
        #[arg(long)]
        lang: Option<String>,
        /// Hits shown, at most 100.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: SearchFormat,
    },
    /// Counts per class and per named graph.
    Stats {
        /// Where things are.
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Serve the graph over HTTP: SPARQL at /sparql, every id/ IRI at /id/…, a home page.
    Serve {
        /// Where things are.
        #[command(flatten)]
        store: StoreArgs,
        /// How the server behaves.
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Write the whole dataset as canonical N-Quads (RDFC-1.0), as served at /dump.nq.
    Dump {
        /// Where things are.
        #[command(flatten)]
        store: StoreArgs,
        /// The output file (standard output when absent).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Send the store's named graphs to another triple store through the SPARQL 1.1 Graph Store
    /// HTTP Protocol: only those changed since the last publish to the same URL.
    Publish {
        /// Where things are.
        #[command(flatten)]
        store: StoreArgs,
        /// How to publish.
        #[command(flatten)]
        publish: PublishArgs,
    },
    /// Draw a part of the graph, e.g. for a slide: `ctockg export dot VIEW [options] -o FILE`.
    Export {
        /// The output format.
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// How a theme evolves across the meetings: agenda items, background papers and mentioning
    /// paragraphs per meeting, in date order.
    Evolution {
        /// Where things are.
        #[command(flatten)]
        store: StoreArgs,
        /// The theme's key: technology, crisis-impact, root-causes …
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        theme: Option<String>,
        /// Every top theme.
        #[arg(long)]
        all: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ctockg::evolution::Format,
        /// Language of the labels (the other one where a label is missing).
        #[arg(long, value_enum, default_value = "en")]
        lang: ctockg::evolution::Lang,
        /// Also draw the theme × meeting chart as SVG into this file.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
    },
}

/// How `ctockg search` prints its hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SearchFormat {
    /// A hit per block: document, paragraph, meeting; the snippet, words found in «»; the IRI.
    Text,
    /// The hits as JSON: the total, and each hit with its snippet and the character ranges of
    /// the words found.
    Json,
}

/// Formats of `ctockg export`.
#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// Graphviz DOT; with -o FILE.svg, .png or .pdf, drawn by Graphviz's `dot`.
    Dot {
        /// What to draw.
        #[command(subcommand)]
        view: DotView,
    },
}

/// The views of `ctockg export dot`.
#[derive(Debug, Subcommand)]
pub enum DotView {
    /// Resolutions and decisions → the bodies they established → meetings → documents.
    Mandates {
        /// Options.
        #[command(flatten)]
        options: DotOptions,
    },
    /// Meetings in date order × themes, edges weighted by evidence.
    Themes {
        /// Options.
        #[command(flatten)]
        options: DotOptions,
    },
    /// One meeting: agenda items, documents, participants by role, speakers.
    Meeting {
        /// The meeting, as body/start-date: wg7/2020-09-08.
        #[arg(long)]
        meeting: String,
        /// Options.
        #[command(flatten)]
        options: DotOptions,
    },
    /// Documents → the treaty provisions they cite, by instrument and article.
    Citations {
        /// Options.
        #[command(flatten)]
        options: DotOptions,
    },
    /// One country across meetings: roles, statements, the persons who represented it.
    Participation {
        /// The country's ISO 3166-1 alpha-3 code: ITA.
        #[arg(long)]
        country: String,
        /// Options.
        #[command(flatten)]
        options: DotOptions,
    },
    /// The graph a CONSTRUCT (or DESCRIBE) query returns.
    Construct {
        /// The query file.
        #[arg(long, value_name = "FILE.rq")]
        query: PathBuf,
        /// Options.
        #[command(flatten)]
        options: DotOptions,
    },
}

/// Options of every view of `ctockg export dot`.
#[derive(Debug, clap::Args)]
pub struct DotOptions {
    /// Where things are.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Language of the labels (the other one where a label is missing).
    #[arg(long, value_enum, default_value = "en")]
    pub lang: ctockg::export::Lang,
    /// Only what concerns this theme: technology, crisis-impact, root-causes …
    #[arg(long)]
    pub theme: Option<String>,
    /// Only meetings starting on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Only meetings starting on or before this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// Draw at most N nodes (the least central are left out, and listed on stderr).
    #[arg(long, value_name = "N", default_value_t = 250, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_nodes: u64,
    /// The file to write: .dot, or .svg, .png, .pdf (through Graphviz); DOT on stdout if absent.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Graphviz's dot program.
    #[arg(long, env = "CTOCKG_DOT", default_value = "dot")]
    pub dot: PathBuf,
}
