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
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest the corpus into the store (only changed documents are rewritten).
    Build {
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
    /// Counts per class and per named graph.
    Stats {
        /// Where things are.
        #[command(flatten)]
        store: StoreArgs,
    },
}
