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

pub mod build;
pub mod corpus;
pub mod data_dir;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod graph;
pub mod incremental;
pub mod ingest;
pub mod model;
pub mod publish;
pub mod push;
pub mod query;
pub mod rdf;
pub mod serve;
pub mod shacl;
pub mod synth;

pub use build::{BuildOptions, BuildOutput};
pub use corpus::{Corpus, Document};
pub use data_dir::DataDir;
pub use error::{Error, Location, Result};
pub use export::ExportFormat;
pub use gazetteer::Gazetteer;
pub use model::{Entity, EntityId, KnowledgeGraph, PartialDate, Relation};
