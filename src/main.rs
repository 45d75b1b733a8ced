//! The `ctockg` binary: parses arguments, calls the library, maps errors to exit codes.

mod cli;

use anyhow::Context;
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::process::ExitCode;
use std::sync::{Mutex, PoisonError};

use cli::{Cli, Command, SearchFormat, StoreArgs};
use ctockg::corpus::add::Added;
use ctockg::ingest::{self, BuildError, BuildOptions, BuildReport, Paths, Progress};
use ctockg::search::{self, SearchError, SearchIndex};
use ctockg::{GraphStore, queries, store};

/// jemalloc, counting the bytes of each query against the server's memory budget
/// (`ctockg::server::memory`).
#[global_allocator]
static ALLOCATOR: ctockg::server::memory::CountingAllocator =
    ctockg::server::memory::CountingAllocator;

/// A progress bar on stderr; indicatif draws nothing when stderr is not a terminal.
struct Bar(Mutex<Option<ProgressBar>>);

impl Progress for Bar {
    fn start(&self, stage: &str, total: usize) {
        let bar = ProgressBar::new(total as u64);
        bar.set_style(
            ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_prefix(stage.to_owned());
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(bar);
    }
    fn step(&self, what: &str) {
        if let Some(bar) = &*self.0.lock().unwrap_or_else(PoisonError::into_inner) {
            bar.set_message(what.to_owned());
            bar.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(bar) = self.0.lock().unwrap_or_else(PoisonError::into_inner).take() {
            bar.finish_and_clear();
        }
    }
}

fn paths(args: &StoreArgs) -> Paths {
    Paths::new(args.data.clone(), args.store.clone())
}

fn print_report(report: &BuildReport) {
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    // on a rebuild, say which graphs changed (a first build adds them all: the count says it)
    if report.added == 0 {
        const SHOWN: usize = 20;
        for graph in report.changed_graphs.iter().take(SHOWN) {
            eprintln!("updated: {graph}");
        }
        if report.changed_graphs.len() > SHOWN {
            eprintln!(
                "updated: … and {} more",
                report.changed_graphs.len() - SHOWN
            );
        }
    }
    for error in &report.errors {
        eprintln!("error: {error}");
    }
    eprintln!(
        "{} of {} documents ({} read, the others unchanged), {} paragraphs, {} triples in {:.2?} (graphs: {} added, {} replaced, {} unchanged, {} removed; {} unresolved names)",
        report.documents_ok,
        report.documents,
        report.read,
        report.paragraphs,
        report.triples,
        report.elapsed,
        report.added,
        report.replaced,
        report.unchanged,
        report.removed,
        report.unresolved_names,
    );
}

/// The store a command is about to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freshness {
    /// Up to date, or built without errors.
    Fresh,
    /// Built; some documents failed (reported), and their last good graphs stay.
    WithErrors,
    /// The build could not run on bad input (reported in one line); the store is as the last
    /// build left it.
    Kept,
}

impl Freshness {
    /// Success, or 2 (bad input) once the answer is given.
    fn exit_code(self) -> ExitCode {
        match self {
            Self::Fresh => ExitCode::SUCCESS,
            Self::WithErrors | Self::Kept => ExitCode::from(2),
        }
    }
}

/// Builds when asked, or when the store is missing or older than the data. When the input is
/// bad (an invalid manifest) and a build ran on the store before, a command other than `build`
/// goes on with the store as that build left it.
fn ensure_built(args: &StoreArgs, force: bool) -> anyhow::Result<Freshness> {
    build_if_stale(args, force, false)
}

/// [`ensure_built`], printing each phase's wall time when `timings` is set.
fn build_if_stale(args: &StoreArgs, force: bool, timings: bool) -> anyhow::Result<Freshness> {
    let paths = paths(args);
    if !force && !ingest::is_stale(&paths) {
        return Ok(Freshness::Fresh);
    }
    let options = BuildOptions {
        max_document_size: args.max_document_size,
    };
    match ingest::build_with(&paths, &options, &Bar(Mutex::new(None))) {
        Ok(report) => {
            print_report(&report);
            if timings {
                for (phase, time) in &report.phases {
                    eprintln!("phase {phase}: {:.3} s", time.as_secs_f64());
                }
            }
            // the store is whole and sealed: an index that fails to follow it is redone by the
            // next command that searches
            if let Err(error) = update_search(&paths) {
                eprintln!(
                    "warning: the search index was not updated ({error}); the next build or search updates it"
                );
            }
            Ok(if report.errors.is_empty() {
                Freshness::Fresh
            } else {
                Freshness::WithErrors
            })
        }
        Err(error) if !force && error.is_bad_input() && ingest::has_built(&paths) => {
            eprintln!(
                "warning: {error}; using the store at {} as the last build left it",
                paths.store.display()
            );
            Ok(Freshness::Kept)
        }
        Err(error) => Err(error.into()),
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build { store, timings } => Ok(build_if_stale(&store, true, timings)?.exit_code()),
        Command::Add { store, files } => {
            let (added, errors) =
                ctockg::corpus::add::add(&store.data, &files, store.max_document_size);
            for done in &added {
                match done {
                    Added::Copied { from, to } => eprintln!("added {} as {to}", from.display()),
                    Added::AlreadyThere { from, existing } => eprintln!(
                        "skipped {}: the same bytes are already in the corpus as {existing}",
                        from.display()
                    ),
                }
            }
            for error in &errors {
                eprintln!("error: {error}");
            }
            let built = ensure_built(&store, true)?;
            Ok(if errors.is_empty() {
                built.exit_code()
            } else {
                ExitCode::from(2)
            })
        }
        Command::Documents { store } => {
            let paths = paths(&store);
            let extraction = ingest::extract_corpus(&paths, &ingest::Silent)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            for (doc, facts) in &extraction.documents {
                let meta = ingest::described(doc, facts);
                writeln!(out, "{} ({})", meta.file, doc.format)?;
                for (name, value, origin) in meta.rows() {
                    writeln!(out, "  {name:<13} {value}  [{origin}]")?;
                }
                writeln!(out)?;
            }
            out.flush()?;
            for error in &extraction.errors {
                eprintln!("error: {error}");
            }
            Ok(if extraction.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        Command::Query {
            store,
            format,
            queries: library,
            list,
            params,
            explain,
            query,
        } => {
            if list {
                for q in queries::list(&library)? {
                    println!("{:<32} {}", q.name, q.title);
                }
                return Ok(ExitCode::SUCCESS);
            }
            let text = queries::load(query.as_deref().unwrap_or("-"), &library)?;
            let bindings = queries::bind(&queries::parameters(&text)?, &params)?;
            let built = ensure_built(&store, false)?;
            let paths = paths(&store);
            let graph = GraphStore::open(&paths.store)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            if explain {
                graph.explain_with(&text, &bindings, &mut out)?;
            } else {
                let results = graph.evaluate_with(&text, &bindings)?;
                store::write_results(results, format, &mut out)?;
            }
            out.flush()?;
            Ok(built.exit_code())
        }
        Command::Synth {
            docs,
            out,
            data,
            seed,
        } => {
            let paths = Paths::new(data, out.join("store"));
            let report =
                ctockg::synth::write_corpus(&paths.data, &paths.ontology, &out, docs, seed)?;
            eprintln!(
                "{} documents of {} meetings ({} bytes) under {}",
                report.documents,
                report.meetings,
                report.bytes,
                out.join("data").display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            format: cli::ExportFormat::Dot { view },
        } => export_dot(view),
        Command::Serve { store, serve } => {
            let update_token = if serve.allow_update {
                let token = std::env::var("CTOCKG_UPDATE_TOKEN")
                    .ok()
                    .filter(|t| t.trim().len() >= 16)
                    .context("--allow-update needs a token of 16 characters or more in CTOCKG_UPDATE_TOKEN")?;
                Some(token.trim().to_owned())
            } else {
                None
            };
            let seconds = |value: f64, flag: &str| {
                std::time::Duration::try_from_secs_f64(value)
                    .ok()
                    .filter(|t| !t.is_zero())
                    .with_context(|| format!("{flag} takes a positive number of seconds"))
            };
            let timeout = seconds(serve.timeout, "--timeout")?;
            let limits = ctockg::server::ConnectionLimits {
                max_connections: serve.max_connections.max(1),
                max_connections_per_client: serve.max_connections_per_client.max(1),
                head_timeout: seconds(serve.head_timeout, "--head-timeout")?,
                body_timeout: seconds(serve.body_timeout, "--body-timeout")?,
                write_timeout: seconds(serve.write_timeout, "--write-timeout")?,
                max_body: serve.max_body,
            };
            let limits = within_open_files(limits);
            if ensure_built(&store, false)? == Freshness::WithErrors {
                eprintln!("warning: serving a store whose last build reported errors");
            }
            let paths = paths(&store);
            let library = queries::list(&serve.queries).unwrap_or_else(|error| {
                eprintln!("warning: the home page lists no shipped queries: {error}");
                Vec::new()
            });
            let search = match open_search(&paths) {
                Ok(index) => Some(std::sync::Arc::new(index)),
                Err(error) => {
                    eprintln!("warning: /search is off: {error:#}");
                    None
                }
            };
            let graph = GraphStore::open(&paths.store)?;
            let config = ctockg::server::Config {
                timeout,
                max_results: serve.max_results,
                max_body: serve.max_body,
                max_queries: serve.max_queries,
                max_query_memory: serve.max_query_memory.saturating_mul(1 << 20),
                response_cache: serve.cache.saturating_mul(1 << 20),
                update_token,
                library,
                dumps: Some(paths.store.join("dumps")),
                editor: Some(serve.editor.clone()),
                dot: serve.dot.clone(),
                search,
            };
            let endpoint = ctockg::server::Endpoint::new(graph.inner().clone(), config);
            // the queries' copy of the store in memory, made before the first request waits for it
            let started = std::time::Instant::now();
            let resident = endpoint
                .resident()
                .map_err(|e| anyhow::anyhow!("copying the store into memory: {e}"))?;
            let size = resident.size();
            eprintln!(
                "ctockg serve: {} quads and {} terms in memory in {:.1} s",
                size.quads,
                size.terms,
                started.elapsed().as_secs_f64()
            );
            let listening = ctockg::server::serve(endpoint, serve.bind, limits)
                .with_context(|| format!("listening on {}", serve.bind))?;
            println!(
                "ctockg serve: listening on http://{0}/ (SPARQL endpoint http://{0}/sparql)",
                serve.bind
            );
            std::io::stdout().flush()?;
            listening.join()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Publish { store, publish } => publish_graphs(&store, &publish),
        Command::Dump { store, output } => {
            let built = ensure_built(&store, false)?;
            let paths = paths(&store);
            let graph = GraphStore::open(&paths.store)?;
            let mut out: Box<dyn Write> = match &output {
                Some(file) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(file)
                        .with_context(|| format!("creating {}", file.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            ctockg::dump::write_canonical_nquads(graph.inner(), &mut out)?;
            out.flush()?;
            Ok(built.exit_code())
        }
        Command::Search {
            store,
            query,
            body,
            from,
            to,
            lang,
            limit,
            format,
        } => {
            let built = ensure_built(&store, false)?;
            let index = open_search(&paths(&store))?;
            let request = search::Request {
                text: query,
                body,
                from,
                to,
                lang,
                limit,
                offset: 0,
            };
            let hits = index.search(&request)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            match format {
                SearchFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &hits)?;
                    writeln!(out)?;
                }
                SearchFormat::Text => write_hits(&hits, &mut out)?,
            }
            out.flush()?;
            Ok(built.exit_code())
        }
        Command::Stats { store } => {
            let built = ensure_built(&store, false)?;
            let paths = paths(&store);
            let stats = GraphStore::open(&paths.store)?.stats()?;
            println!("class\tinstances");
            for (class, n) in &stats.per_class {
                println!("{class}\t{n}");
            }
            println!("\ngraph\tquads");
            for (graph, n) in &stats.per_graph {
                println!("{graph}\t{n}");
            }
            Ok(built.exit_code())
        }
        Command::Evolution {
            store,
            theme,
            all,
            format,
            lang,
            svg,
        } => {
            use ctockg::evolution::{Evolution, Selection};
            let built = ensure_built(&store, false)?;
            let paths = paths(&store);
            let selection = match theme {
                Some(key) if !all => Selection::Theme(key),
                _ => Selection::All,
            };
            let report = Evolution::load(&GraphStore::open(&paths.store)?, &selection)?;
            if let Some(file) = svg {
                std::fs::write(&file, report.svg(lang))
                    .with_context(|| format!("writing {}", file.display()))?;
            }
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            report.write(format, lang, &mut out)?;
            out.flush()?;
            Ok(built.exit_code())
        }
    }
}

/// Brings the search index up to date with the store, and says what it did.
fn update_search(paths: &Paths) -> Result<(), SearchError> {
    let graph = GraphStore::open(&paths.store)?;
    let update = search::update(&paths.store, &graph, &Bar(Mutex::new(None)))?;
    if !update.is_empty() {
        eprintln!(
            "search index {}: {} language versions indexed ({} passages), {} removed, in {:.2?}",
            if update.remade { "made" } else { "updated" },
            update.indexed,
            update.passages,
            update.removed,
            update.elapsed
        );
    }
    Ok(())
}

/// The search index, brought up to date with the store first (made if missing).
fn open_search(paths: &Paths) -> anyhow::Result<SearchIndex> {
    update_search(paths).context("updating the search index")?;
    Ok(SearchIndex::open(&paths.store)?)
}

/// Hits as text: a block each, the words found between « and ».
fn write_hits(hits: &search::Hits, out: &mut impl Write) -> std::io::Result<()> {
    if hits.hits.is_empty() {
        writeln!(out, "no paragraph matches")?;
        return Ok(());
    }
    writeln!(
        out,
        "{} paragraphs match; the best {}:",
        hits.total,
        hits.hits.len()
    )?;
    for (rank, hit) in hits.hits.iter().enumerate() {
        let meeting = match (&hit.body, &hit.date) {
            (Some(body), Some(date)) => format!(" · {body} meeting of {date}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "\n{}. {}, {} ({}){meeting} · score {:.2}",
            rank + 1,
            hit.document,
            hit.place(),
            hit.lang,
            hit.score
        )?;
        let snippet: String = hit
            .snippet
            .pieces()
            .into_iter()
            .map(
                |(piece, found)| {
                    if found { format!("«{piece}»") } else { piece }
                },
            )
            .collect();
        writeln!(out, "   {}", snippet.replace('\n', " "))?;
        writeln!(out, "   {}", hit.iri)?;
    }
    Ok(())
}

/// `ctockg publish`: builds the store if needed, sends what changed, prints each graph sent.
fn publish_graphs(store: &StoreArgs, args: &cli::PublishArgs) -> anyhow::Result<ExitCode> {
    use ctockg::publish::{self, Credentials, Retry, Target};
    let credentials = match &args.credentials {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading credentials from {}", file.display()))?;
            Credentials::parse(&text).with_context(|| {
                format!(
                    "{}: the first line must be USER:PASSWORD or `Bearer TOKEN`",
                    file.display()
                )
            })?
        }
        None => match (
            std::env::var("CTOCKG_PUBLISH_TOKEN").ok(),
            std::env::var("CTOCKG_PUBLISH_USER").ok(),
        ) {
            (Some(token), _) => Credentials::Bearer(token.trim().to_owned()),
            (None, Some(user)) => Credentials::Basic {
                user,
                password: std::env::var("CTOCKG_PUBLISH_PASSWORD")
                    .context("CTOCKG_PUBLISH_USER is set but CTOCKG_PUBLISH_PASSWORD is not")?,
            },
            (None, None) => Credentials::None,
        },
    };
    let timeout = std::time::Duration::try_from_secs_f64(args.timeout)
        .ok()
        .filter(|t| !t.is_zero())
        .context("--timeout takes a positive number of seconds")?;
    let retry = Retry {
        retries: args.retries,
        timeout,
        ..Retry::default()
    };
    let target = Target::new(
        &args.to,
        args.query_endpoint.as_deref(),
        &credentials,
        retry,
    )?;
    let built = ensure_built(store, false)?;
    let paths = paths(store);
    let graph = GraphStore::open(&paths.store)?;
    let options = publish::Options {
        all: args.all,
        dry_run: args.dry_run,
    };
    let verb = |put: bool| match (args.dry_run, put) {
        (false, true) => "PUT",
        (false, false) => "DELETE",
        (true, true) => "would PUT",
        (true, false) => "would DELETE",
    };
    let mut print = |sent: &publish::Sent| match sent.size {
        Some(size) => println!(
            "{} {}\t{} triples\t{} bytes\t{:.2} s",
            verb(true),
            sent.graph,
            size.triples,
            size.bytes,
            sent.elapsed.as_secs_f64()
        ),
        None => println!("{} {}", verb(false), sent.graph),
    };
    let report = publish::publish(
        &graph,
        &paths.store,
        &args.to,
        &target,
        &options,
        &mut print,
    )?;
    if report.hashes_computed {
        eprintln!(
            "note: the store bears no build seal (an update through the server, or a build stopped midway): each graph's hash was computed from its triples"
        );
    }
    let totals = report.totals();
    eprintln!(
        "{} {}: {} graphs {}({} triples, {} bytes), {} deleted, {} unchanged, in {:.2?}",
        if args.dry_run {
            "would publish to"
        } else {
            "published to"
        },
        args.to,
        report.sent.len(),
        if args.dry_run { "to send " } else { "sent " },
        totals.triples,
        totals.bytes,
        report.deleted.len(),
        report.unchanged,
        report.elapsed,
    );
    for mismatch in &report.mismatches {
        eprintln!("error: {mismatch}");
    }
    if !report.mismatches.is_empty() {
        eprintln!(
            "error: {} graphs differ at the target; the next publish sends them again",
            report.mismatches.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(built.exit_code())
}

/// `ctockg export dot VIEW`: builds the store if needed, draws the view, writes the file.
fn export_dot(view: cli::DotView) -> anyhow::Result<ExitCode> {
    use ctockg::export::{self, View};
    let (view, options) = match view {
        cli::DotView::Mandates { options } => (View::Mandates, options),
        cli::DotView::Themes { options } => (View::Themes, options),
        cli::DotView::Meeting { meeting, options } => (View::Meeting { meeting }, options),
        cli::DotView::Citations { options } => (View::Citations, options),
        cli::DotView::Participation { country, options } => {
            (View::Participation { country }, options)
        }
        cli::DotView::Construct { query, options } => (View::Construct { query }, options),
    };
    let built = ensure_built(&options.store, false)?;
    let paths = paths(&options.store);
    let graph = GraphStore::open(&paths.store)?;
    let settings = export::Options {
        lang: options.lang,
        theme: options.theme,
        from: options.from,
        to: options.to,
        max_nodes: Some(usize::try_from(options.max_nodes).unwrap_or(usize::MAX)),
    };
    let rendered = export::render(&graph, &view, &settings)?;
    if let Some(cut) = &rendered.cut {
        eprintln!("note: {cut}");
    }
    export::Graphviz::new(options.dot).save(&rendered.dot, options.output.as_deref())?;
    Ok(built.exit_code())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // a query is parsed and evaluated on this thread: its stack is as deep as the server's,
    // which takes any query within the limits of `ctockg::nesting`
    let worker = std::thread::Builder::new()
        .name("ctockg".to_owned())
        .stack_size(ctockg::server::THREAD_STACK)
        .spawn(move || run(cli));
    let outcome = match worker {
        Ok(worker) => worker
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the command panicked"))),
        Err(error) => Err(anyhow::anyhow!(
            "cannot start the command's thread: {error}"
        )),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            // bad input (an invalid manifest, say) is status 2, as a failed document is
            let bad_input = error.chain().any(|e| {
                e.downcast_ref::<BuildError>()
                    .is_some_and(BuildError::is_bad_input)
                    || e.downcast_ref::<SearchError>()
                        .is_some_and(SearchError::is_bad_request)
            });
            if bad_input {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// The connection limits the process can keep: each connection is a file descriptor, so the
/// soft limit on open files is raised to the hard one, and `--max-connections` lowered (with a
/// warning) when even that is too few.
fn within_open_files(
    mut limits: ctockg::server::ConnectionLimits,
) -> ctockg::server::ConnectionLimits {
    // the store, the dumps and the listening socket take some descriptors of their own
    const RESERVED: u64 = 256;
    let wanted = limits.max_connections as u64 + RESERVED;
    match rlimit::increase_nofile_limit(wanted) {
        Ok(open_files) if open_files < wanted => {
            let kept = usize::try_from(open_files.saturating_sub(RESERVED))
                .unwrap_or(1)
                .max(1);
            eprintln!(
                "warning: the process may open {open_files} files: --max-connections lowered from {} to {kept}",
                limits.max_connections
            );
            limits.max_connections = kept;
            limits.max_connections_per_client = limits.max_connections_per_client.min(kept);
        }
        Ok(_) => {}
        Err(error) => eprintln!("warning: cannot raise the limit on open files: {error}"),
    }
    limits
}
