//! `diplograph check`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use diplograph::rdf::open_store;
use diplograph::shacl::{BUNDLED_SHAPES, Shapes, validate};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// A report for people (like pyshacl's).
    Text,
    /// One violation per line: focus node, constraint component, path, value.
    Tsv,
}

/// Validate the store against SHACL shapes (by default the bundled ontology/shapes.ttl).
/// Exits with 1 when the graph does not conform.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The store to validate.
    #[arg(long, default_value = super::DEFAULT_STORE, value_name = "DIR")]
    store: PathBuf,
    /// A Turtle shapes file instead of the bundled shapes.
    #[arg(long, value_name = "FILE")]
    shapes: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub(crate) fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let (text, name) = match &args.shapes {
        Some(path) => (fs_err::read_to_string(path)?, path.display().to_string()),
        None => (BUNDLED_SHAPES.to_owned(), "ontology/shapes.ttl".to_owned()),
    };
    let shapes = Shapes::parse(&text, &name)?;
    let progress = super::spinner(&format!("opening `{}`", args.store.display()));
    let store = open_store(&args.store);
    progress.set_message("validating");
    let report = store.and_then(|store| validate(&store, &shapes));
    progress.finish_and_clear();
    let report = report.context("validation failed")?;
    let mut out = std::io::BufWriter::new(crate::cli::stdout());
    match args.format {
        Format::Text => {
            let conforms = if report.conforms() { "True" } else { "False" };
            writeln!(out, "Validation Report")?;
            writeln!(out, "Conforms: {conforms}")?;
            writeln!(
                out,
                "Shapes: {} ({}), focus nodes checked: {}",
                shapes.shapes.len(),
                name,
                report.focus_nodes
            )?;
            writeln!(out, "Results ({}):", report.results.len())?;
            for result in &report.results {
                writeln!(out, "Constraint Violation in {}:", result.component)?;
                writeln!(out, "\tSource Shape: {}", result.shape)?;
                writeln!(out, "\tFocus Node: {}", result.focus)?;
                if !result.path.is_empty() {
                    writeln!(out, "\tResult Path: {}", result.path)?;
                }
                if let Some(value) = &result.value {
                    writeln!(out, "\tValue Node: {value}")?;
                }
                writeln!(out, "\tMessage: {}", result.message)?;
            }
        }
        Format::Tsv => {
            for result in &report.results {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    result.focus,
                    result.component,
                    result.path,
                    result.value.as_deref().unwrap_or("")
                )?;
            }
        }
    }
    out.flush()?;
    Ok(if report.conforms() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
