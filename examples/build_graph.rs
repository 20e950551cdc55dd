//! Build the knowledge graph from the bundled `data/` and print what it holds.
//!
//! `cargo run --example build_graph [DATA_DIR]`

#![allow(clippy::print_stdout, reason = "an example prints its result")]

use diplograph::DataDir;
use diplograph::build::{BuildOptions, build};

fn main() -> Result<(), diplograph::Error> {
    let data = std::env::args().nth(1).unwrap_or_else(|| "data".to_owned());
    let output = build(&DataDir::new(&data), &BuildOptions::default())?;
    let graph = &output.graph;
    println!(
        "{} documents, {} entities, {} statements",
        graph.documents.len(),
        graph.entities.len(),
        graph.relations.len()
    );
    for (kind, count) in graph.count_by_type() {
        println!("{kind:>20} {count}");
    }
    Ok(())
}
