//! diplograph turns documents about cyber-security diplomacy into a knowledge graph.
//!
//! The pipeline, one module per stage, dependencies pointing downstream only:
//!
//! [`corpus`] (documents + front matter) → [`gazetteer`] (entities, aliases, posts, tenures,
//! curated facts) → [`extract`] (sentences, dates, mentions, events, relations; never fails on
//! text) → [`model`] (pure types, no I/O) → [`build`] (assembles the [`KnowledgeGraph`]) →
//! [`rdf`] (oxigraph store, ontology mapping) → [`query`], [`export`] → [`publish`] (pages,
//! VoID, static site), [`serve`] (SPARQL endpoint, linked data), [`push`] (Graph Store
//! Protocol client).
//!
//! ```
//! use diplograph::{build::{build, BuildOptions}, rdf::{Iris, memory_store}, query, DataDir};
//! let output = build(&DataDir::new("data"), &BuildOptions::default())?;
//! let store = memory_store(&output.graph, &Iris::default())?;
//! let mut out = Vec::new();
//! query::run(&store, "ASK { ?s a dg:State }", &query::QueryConfig::default(),
//!            query::ResultFormat::Table, query::GraphFormat::Turtle, &mut out)?;
//! assert_eq!(out, b"true\n");
//! # Ok::<(), diplograph::Error>(())
//! ```

// The modules in pipeline order (each a group of its own: rustfmt sorts a group).

// the error type and the domain model every stage shares
pub mod error;

pub mod model;

// inputs: the data directory, its documents and gazetteer, and files brought into it
pub mod data_dir;

pub mod corpus;

pub mod gazetteer;

pub mod ingest;

// text → mentions, events, relations; and their scores against gold files
pub mod extract;

pub mod eval;

// the pipeline to the knowledge graph, and its incremental store build
pub mod build;

pub mod incremental;

// the graph as RDF (store, syntax) and as a property graph
pub mod rdf;

pub mod graph;

// reading the store: queries and validation
pub mod query;

pub mod shacl;

// outputs: files, a static site, a server, a remote store
pub mod export;

pub mod publish;

pub mod serve;

pub mod push;

// synthetic data for scale tests and benchmarks
pub mod synth;
pub mod text;

pub use build::{BuildOptions, BuildOutput};
pub use corpus::{Corpus, Document};
pub use data_dir::DataDir;
pub use error::{Error, Location, Result};
pub use export::ExportFormat;
pub use gazetteer::Gazetteer;
pub use model::{Entity, EntityId, KnowledgeGraph, PartialDate, Relation};
