//! Build the graph and write every RDF export into a directory.
//!
//! `cargo run --example export_all [OUT_DIR]`

#![allow(clippy::print_stdout, reason = "an example prints its result")]

use diplograph::build::{BuildConfig, build};
use diplograph::export::{ExportFormat, rdf::write_quads, write_atomically};
use diplograph::rdf::{Iris, to_quads};

fn main() -> Result<(), diplograph::Error> {
    let out = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "out/examples".to_owned()),
    );
    let output = build(&BuildConfig::from_data_dir("data"), &|_| {})?;
    let iris = Iris::default();
    let quads = to_quads(&output.graph, &iris);
    for format in ExportFormat::ALL {
        let path = out.join(format!("diplograph.{}", format.file_extension()));
        write_atomically(&path, |w| write_quads(&quads, *format, iris.base(), w))?;
        println!("{}", path.display());
    }
    Ok(())
}
