//! Integration tests: the library on the bundled data and fixtures, and the real binary.

#![allow(clippy::unwrap_used, reason = "tests fail loudly on unexpected errors")]

mod bad_input;
mod cli;
mod common;
mod examples;
mod extract;
mod fuzz;
mod graph;
mod hostile;
mod incremental;
mod ingest;
mod limits;
mod merge;
mod net;
mod ontology;
mod plot;
mod publish;
mod push;
mod queries;
mod readme;
mod robustness;
mod roundtrip;
mod sandbox;
mod serve;
mod serve_clients;
mod shacl;
mod snapshots;
mod store;
mod store_load;
mod tables;
