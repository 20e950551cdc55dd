//! Build the graph and write every export (RDF, GraphML, GEXF, CSV) into a directory.
//!
//! `cargo run --example export_all [OUT_DIR]`

#![allow(clippy::print_stdout, reason = "an example prints its result")]

use diplograph::DataDir;
use diplograph::build::{BuildOptions, build};
use diplograph::export::{Destination, ExportFormat, Sources, Staging, write};
use diplograph::graph::{GraphConfig, PropertyGraph};
use diplograph::rdf::{Iris, quad_table};

fn main() -> Result<(), diplograph::Error> {
    let out = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "out/examples".to_owned()),
    );
    let output = build(&DataDir::new("data"), &BuildOptions::default())?;
    let iris = Iris::default();
    let quads = quad_table(&output.graph, &iris);
    let graph = PropertyGraph::new(&output.graph, &GraphConfig::default());
    let sources = Sources {
        quads: Some((&quads, &iris)),
        graph: Some(&graph),
    };
    // every file is staged, and moved into place once all are written
    let mut staging = Staging::default();
    for format in ExportFormat::ALL {
        let path = format.default_path(&out);
        let written = write(*format, sources, Destination::Path(&path), &mut staging)?;
        let written: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        println!("{}", written.join(" "));
    }
    staging.commit()
}
