//! Build the graph and write every export (RDF, GraphML, GEXF, CSV) into a directory.
//!
//! `cargo run --example export_all [OUT_DIR]`

#![allow(clippy::print_stdout, reason = "an example prints its result")]

use diplograph::DataDir;
use diplograph::build::{BuildOptions, build};
use diplograph::export::{ExportFormat, csv, gexf, graphml, rdf::write_quads, write_atomically};
use diplograph::graph::{GraphConfig, PropertyGraph};
use diplograph::rdf::{Iris, to_quads};

fn main() -> Result<(), diplograph::Error> {
    let out = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "out/examples".to_owned()),
    );
    let output = build(&DataDir::new("data"), &BuildOptions::default())?;
    let iris = Iris::default();
    let quads = to_quads(&output.graph, &iris);
    for format in ExportFormat::RDF {
        let path = out.join(format!("diplograph.{}", format.file_extension()));
        write_atomically(&path, |w| write_quads(&quads, *format, iris.base(), w))?;
        println!("{}", path.display());
    }
    let graph = PropertyGraph::new(&output.graph, &GraphConfig::default());
    let path = out.join("diplograph.graphml");
    write_atomically(&path, |w| graphml::write(&graph, w))?;
    println!("{}", path.display());
    let path = out.join("diplograph.gexf");
    write_atomically(&path, |w| gexf::write(&graph, w))?;
    println!("{}", path.display());
    let [nodes, edges] = csv::write_dir(&graph, &out.join("csv"))?;
    println!("{} {}", nodes.display(), edges.display());
    Ok(())
}
