//! Integration tests: the library on the bundled data and fixtures, and the real binary.

#![allow(clippy::unwrap_used, reason = "tests fail loudly on unexpected errors")]

mod bad_input;
mod cli;
mod common;
mod examples;
mod extract;
mod fuzz;
mod graph;
mod incremental;
mod ontology;
mod queries;
mod robustness;
mod roundtrip;
mod serve;
mod shacl;
mod snapshots;
