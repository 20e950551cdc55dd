//! `diplograph export`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use diplograph::export::{ExportFormat, rdf::write_quads, write_atomically};
use diplograph::rdf::open_store;

use super::CommonArgs;

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
}

/// Export the graph in the store to a file (or `-` for standard output).
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The format; guessed from the output file's extension when omitted.
    #[arg(long, short, value_enum)]
    format: Option<Format>,
    /// Output file, or `-` for standard output.
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
    let store = open_store(&args.common.store)?;
    let quads: Vec<_> = store
        .iter()
        .collect::<Result<_, _>>()
        .context("failed to read the store")?;
    if args.output.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        write_quads(&quads, format, &args.common.base, &mut out)?;
        std::io::Write::flush(&mut out)?;
    } else {
        write_atomically(&args.output, |w| {
            write_quads(&quads, format, &args.common.base, w)
        })
        .with_context(|| format!("failed to write `{}`", args.output.display()))?;
        eprintln!("wrote {} ({} quads)", args.output.display(), quads.len());
    }
    Ok(ExitCode::SUCCESS)
}
