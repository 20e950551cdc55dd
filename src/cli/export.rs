//! `diplograph export`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use diplograph::export::{
    ExportFormat, csv, gexf, graphml, rdf::write_from_store, write_atomically,
};
use diplograph::graph::PropertyGraph;

use super::CommonArgs;
use super::stats::GraphArgs;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Turtle (all graphs merged).
    Turtle,
    /// N-Triples (all graphs merged).
    Ntriples,
    /// N-Quads (a named graph per source document).
    Nquads,
    /// TriG (a named graph per source document).
    Trig,
    /// JSON-LD (named graphs kept).
    Jsonld,
    /// RDF/XML (all graphs merged).
    Rdfxml,
    /// GraphML with typed attributes (yEd, Gephi, NetworkX, igraph, Cytoscape).
    Graphml,
    /// Dynamic GEXF 1.3 for Gephi's timeline.
    Gexf,
    /// Gephi spreadsheet tables: `-o DIR` writes DIR/nodes.csv and DIR/edges.csv.
    Csv,
}

/// Export the graph: RDF formats from the store, graph formats (GraphML, GEXF, CSV) from the
/// knowledge graph `build` saved (`--graph`), to a file (or `-` for standard output).
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    common: CommonArgs,
    #[command(flatten)]
    graph: GraphArgs,
    /// The format; guessed from the output file's extension when omitted.
    #[arg(long, short, value_enum)]
    format: Option<Format>,
    /// Output file, `-` for standard output, or a directory for `--format csv`.
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
}

fn export_format(format: Format) -> ExportFormat {
    match format {
        Format::Turtle => ExportFormat::Turtle,
        Format::Ntriples => ExportFormat::NTriples,
        Format::Nquads => ExportFormat::NQuads,
        Format::Trig => ExportFormat::TriG,
        Format::Jsonld => ExportFormat::JsonLd,
        Format::Rdfxml => ExportFormat::RdfXml,
        Format::Graphml => ExportFormat::GraphMl,
        Format::Gexf => ExportFormat::Gexf,
        Format::Csv => ExportFormat::Csv,
    }
}

pub(crate) fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let format = match args.format {
        Some(format) => export_format(format),
        None => args
            .output
            .extension()
            .and_then(|e| ExportFormat::from_extension(&e.to_string_lossy()))
            .with_context(|| {
                format!(
                    "cannot tell the format from `{}`: pass --format",
                    args.output.display()
                )
            })?,
    };
    if !format.is_rdf() {
        return export_graph(args, format);
    }
    let started = std::time::Instant::now();
    let progress = super::spinner(&format!(
        "reading `{}` and writing {}",
        args.common.store.display(),
        format.name()
    ));
    let store = &args.common.store;
    let base = &args.common.base;
    if args.output.as_os_str() == "-" {
        let mut out = std::io::BufWriter::new(crate::cli::stdout());
        write_from_store(store, format, base, &mut out)?;
        std::io::Write::flush(&mut out)?;
        progress.finish_and_clear();
    } else {
        let mut quads = 0;
        write_atomically(&args.output, |w| {
            quads = write_from_store(store, format, base, w)?;
            Ok(())
        })
        .with_context(|| format!("failed to write `{}`", args.output.display()))?;
        progress.finish_and_clear();
        eprintln!(
            "wrote {} ({quads} quads) in {:.2}s",
            args.output.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn write_graph_format(
    graph: &PropertyGraph,
    format: ExportFormat,
    out: &mut dyn std::io::Write,
) -> diplograph::Result<()> {
    match format {
        ExportFormat::Gexf => gexf::write(graph, out),
        _ => graphml::write(graph, out),
    }
}

fn export_graph(args: &ExportArgs, format: ExportFormat) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        format != ExportFormat::Csv || args.output.as_os_str() != "-",
        "csv writes two files (nodes.csv, edges.csv): pass a directory with -o"
    );
    let progress = super::spinner("reading the graph and computing its metrics");
    let graph = args.graph.load(&args.common)?;
    progress.set_message(format!("writing {}", format.name()));
    let summary = format!("{} nodes, {} edges", graph.node_count(), graph.edge_count());
    // cleared when it goes out of scope, before the summary line
    let _progress = ClearOnDrop(progress);
    if format == ExportFormat::Csv {
        let [nodes, edges] = csv::write_dir(&graph, &args.output)
            .with_context(|| format!("failed to write to `{}`", args.output.display()))?;
        drop(_progress);
        eprintln!("wrote {}, {} ({summary})", nodes.display(), edges.display());
    } else if args.output.as_os_str() == "-" {
        let mut out = std::io::BufWriter::new(crate::cli::stdout());
        write_graph_format(&graph, format, &mut out)?;
        std::io::Write::flush(&mut out)?;
    } else {
        write_atomically(&args.output, |w| write_graph_format(&graph, format, w))
            .with_context(|| format!("failed to write `{}`", args.output.display()))?;
        drop(_progress);
        eprintln!("wrote {} ({summary})", args.output.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Clears a progress line when dropped (also on early returns).
struct ClearOnDrop(indicatif::ProgressBar);

impl Drop for ClearOnDrop {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
