//! `diplograph export`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;
use diplograph::export::rdf::write_from_store;
use diplograph::export::{Destination, ExportFormat, Sources, Staging, write_atomically};

use super::CommonArgs;
use super::stats::GraphArgs;

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
    format: Option<ExportFormat>,
    /// Output file, `-` for standard output, or a directory for `--format csv`.
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
}

pub(crate) fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let format = match args.format {
        Some(format) => format,
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
    // RDF straight from the store (a snapshot is streamed, not loaded: export::rdf)
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

/// Write `format` to standard output.
fn write_stdout(format: ExportFormat, sources: Sources<'_>) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(crate::cli::stdout());
    diplograph::export::write(
        format,
        sources,
        Destination::Stream(&mut out),
        &mut Staging::default(),
    )?;
    std::io::Write::flush(&mut out)?;
    Ok(())
}

/// Write `format` to `path` (a directory for CSV), moved into place once complete.
fn write_file(
    format: ExportFormat,
    sources: Sources<'_>,
    path: &std::path::Path,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut staging = Staging::default();
    let paths = diplograph::export::write(format, sources, Destination::Path(path), &mut staging)
        .and_then(|paths| staging.commit().map(|()| paths))
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(paths)
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
    let sources = Sources {
        quads: None,
        graph: Some(&graph),
    };
    if args.output.as_os_str() == "-" {
        write_stdout(format, sources)?;
    } else {
        let paths = write_file(format, sources, &args.output)?;
        drop(_progress);
        let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!("wrote {} ({summary})", paths.join(", "));
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
