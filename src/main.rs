//! The `ctockg` binary: parses arguments, calls the library, maps errors to exit codes.

mod cli;

use anyhow::Context;
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use std::cell::RefCell;
use std::io::Write;
use std::process::ExitCode;

use cli::{Cli, Command, StoreArgs};
use ctockg::ingest::{self, BuildReport, Paths, Progress};
use ctockg::{GraphStore, queries, store};

/// A progress bar on stderr; indicatif draws nothing when stderr is not a terminal.
struct Bar(RefCell<Option<ProgressBar>>);

impl Progress for Bar {
    fn start(&self, stage: &str, total: usize) {
        let bar = ProgressBar::new(total as u64);
        bar.set_style(
            ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_prefix(stage.to_owned());
        *self.0.borrow_mut() = Some(bar);
    }
    fn step(&self, what: &str) {
        if let Some(bar) = &*self.0.borrow() {
            bar.set_message(what.to_owned());
            bar.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(bar) = self.0.borrow_mut().take() {
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
    for graph in &report.changed_graphs {
        eprintln!("updated: {graph}");
    }
    for error in &report.errors {
        eprintln!("error: {error}");
    }
    eprintln!(
        "{} of {} documents, {} paragraphs, {} triples in {:.2?} (graphs: {} added, {} replaced, {} unchanged, {} removed; {} unresolved names)",
        report.documents_ok,
        report.documents,
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

/// Builds when asked, or when the store is missing or older than the data.
fn ensure_built(paths: &Paths, force: bool) -> anyhow::Result<bool> {
    if !force && !ingest::is_stale(paths) {
        return Ok(true);
    }
    let report = ingest::build(paths, &Bar(RefCell::new(None)))
        .with_context(|| format!("building the store at {}", paths.store.display()))?;
    print_report(&report);
    Ok(report.errors.is_empty())
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build { store } => {
            let ok = ensure_built(&paths(&store), true)?;
            Ok(if ok {
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
            let paths = paths(&store);
            let built_ok = ensure_built(&paths, false)?;
            let graph = GraphStore::open(&paths.store)?;
            let results = graph.evaluate_with(&text, &bindings)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            store::write_results(results, format, &mut out)?;
            out.flush()?;
            Ok(if built_ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        Command::Synth {
            docs,
            out,
            data,
            seed,
        } => {
            let paths = Paths::new(data, out.join("store"));
            let report = ctockg::synth::write_corpus(&paths.data, &paths.ontology, &out, docs, seed)?;
            eprintln!(
                "{} documents of {} meetings ({} bytes) under {}",
                report.documents,
                report.meetings,
                report.bytes,
                out.join("data").display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { store } => {
            let paths = paths(&store);
            let built_ok = ensure_built(&paths, false)?;
            let stats = GraphStore::open(&paths.store)?.stats()?;
            println!("class\tinstances");
            for (class, n) in &stats.per_class {
                println!("{class}\t{n}");
            }
            println!("\ngraph\tquads");
            for (graph, n) in &stats.per_graph {
                println!("{graph}\t{n}");
            }
            Ok(if built_ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
