//! Integration tests: the library on the bundled data and fixtures, and the real binary.

#![allow(clippy::unwrap_used, reason = "tests fail loudly on unexpected errors")]

mod bad_input;
mod cli;
mod common;
mod examples;
mod ontology;
mod queries;
mod roundtrip;
mod serve;
mod snapshots;
