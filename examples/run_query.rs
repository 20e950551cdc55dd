//! Build the graph in memory and answer one analyst question with SPARQL.
//!
//! `cargo run --example run_query [QUERY_FILE]` (default: who was Japan's Foreign Minister at
//! each "2+2").

use diplograph::DataDir;
use diplograph::build::{BuildOptions, build};
use diplograph::query::{GraphFormat, QueryConfig, ResultFormat, run};
use diplograph::rdf::{Iris, memory_store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/queries/02-foreign-minister-at-each-2plus2.rq".to_owned());
    let query = std::fs::read_to_string(&path)?;
    let output = build(&DataDir::new("data"), &BuildOptions::default())?;
    let store = memory_store(&output.graph, &Iris::default())?;
    let stdout = std::io::stdout();
    run(
        &store,
        &query,
        &QueryConfig::default(),
        ResultFormat::Table,
        GraphFormat::Turtle,
        &mut stdout.lock(),
    )?;
    Ok(())
}
