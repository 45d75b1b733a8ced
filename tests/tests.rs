//! Integration tests, in one binary. What belongs where:
//! - `facts`: each seed document's facts in the built store, against the hand-written files in
//!   `tests/expected/{document}/`, compared as sets with every difference printed;
//! - `corpus`: bad input (missing, empty, non-UTF-8, GB18030, truncated) and the rebuild rules;
//! - `cli`: the `ctockg` binary as a user runs it;
//! - `queries`: every shipped query's results on the bundled data, against its results file;
//! - `vocabulary`: the ontology declares every term the code uses.

#![allow(missing_docs)]

mod cli;
mod common;
mod corpus;
mod facts;
mod queries;
mod vocabulary;
