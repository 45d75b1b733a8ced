//! ctockg: a knowledge graph of the UN meetings on organised crime (the UNTOC Conference of the
//! Parties' working groups), built from their documents into an embedded Oxigraph store.
//!
//! Data flows text → paragraphs ([`corpus`]) → facts ([`extract`]) → quads ([`graph`]) → store
//! ([`store`], [`ingest`]) → queries ([`queries`]).

pub mod corpus;
pub mod dump;
pub mod evolution;
pub mod export;
pub mod extract;
pub mod formats;
pub mod gazetteer;
pub mod graph;
pub mod ingest;
pub mod markup;
pub mod masthead;
pub mod nesting;
pub mod numerals;
pub mod publish;
pub mod queries;
pub mod query;
pub mod resident;
pub mod search;
pub mod server;
pub mod store;
pub mod symbol;
pub mod synth;
pub mod vocab;

pub use ingest::{BuildReport, Paths, build};
pub use store::GraphStore;
