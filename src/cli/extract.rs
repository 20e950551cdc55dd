//! `diplograph extract`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use diplograph::DataDir;
use diplograph::extract::json::{DocReport, ReportConfig, render_table, report};
use diplograph::extract::{Extractor, provisional_entities};
use diplograph::ingest::{Overrides, read_document};
use diplograph::model::{PartialDate, Severity};
use rayon::prelude::*;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// The extraction format: one JSON object per document (an array for several files).
    Json,
    /// A text table per document.
    Table,
    /// Nothing on stdout (for timing; diagnostics and the summary still go to stderr).
    None,
}

/// Extract entities, events and relations from documents, without building the graph: corpus
/// files, or saved web pages, PDFs and text files (their metadata inferred as `add` does). New entities get provisional IRIs and are listed for curation.
#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    /// Documents to read.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Data directory whose gazetteer/ is used.
    #[arg(long, default_value = "data", value_name = "DIR")]
    data: PathBuf,
    /// Base IRI of entities: `{base}id/{slug}`.
    #[arg(long, default_value = diplograph::rdf::DEFAULT_BASE, value_name = "IRI")]
    base: diplograph::rdf::Iris,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Add each item's provenance (sentence, char span, rule, confidence) to the JSON.
    #[arg(long)]
    provenance: bool,
    /// Print informational diagnostics too, not only warnings.
    #[arg(long, short)]
    verbose: bool,
    /// Publication date of the documents (relative dates such as 本年 resolve against it).
    #[arg(long)]
    date: Option<PartialDate>,
    /// Language of the documents (BCP 47: ja, en).
    #[arg(long = "lang", value_name = "TAG")]
    language: Option<String>,
}

pub(crate) fn run(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let data = DataDir::new(&args.data);
    let gazetteer = super::load_gazetteer(&data)?;
    let extractor = Extractor::new(&gazetteer);
    let config = ReportConfig {
        base: args.base.base().to_owned(),
        provenance: args.provenance,
    };
    let overrides = Overrides {
        date: args.date,
        language: args.language.clone(),
        ..Overrides::default()
    };
    let results: Vec<anyhow::Result<(DocReport, diplograph::extract::Extraction)>> = args
        .files
        .par_iter()
        .map(|path| {
            let (doc, read_diagnostics) = read_document(path, &overrides)
                .with_context(|| format!("failed to read `{}`", path.display()))?;
            let mut extraction = extractor.extract(&doc);
            extraction.diagnostics.splice(0..0, read_diagnostics);
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let doc_report = if matches!(args.format, Format::None) {
                DocReport {
                    doc: name,
                    entities: Vec::new(),
                    events: Vec::new(),
                    relations: Vec::new(),
                }
            } else {
                report(&extraction, &gazetteer, &name, &config)
            };
            Ok((doc_report, extraction))
        })
        .collect();
    let mut reports = Vec::with_capacity(results.len());
    let mut extractions = Vec::with_capacity(results.len());
    for result in results {
        let (r, e) = result?;
        reports.push(r);
        extractions.push(e);
    }
    let mut out = std::io::BufWriter::new(crate::cli::stdout());
    match args.format {
        Format::Json if reports.len() == 1 => {
            serde_json::to_writer_pretty(&mut out, &reports[0])?;
            writeln!(out)?;
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &reports)?;
            writeln!(out)?;
        }
        Format::Table => {
            for r in &reports {
                write!(out, "{}", render_table(r))?;
            }
        }
        Format::None => {}
    }
    out.flush()?;
    let mut warnings = 0;
    for extraction in &extractions {
        for d in &extraction.diagnostics {
            if d.severity >= Severity::Warning {
                warnings += 1;
            }
            if d.severity >= Severity::Warning || args.verbose {
                eprintln!("{d}");
            }
        }
    }
    let provisional = provisional_entities(&extractions);
    let new_entities: Vec<_> = provisional
        .values()
        .filter(|(e, _)| e.event.is_none())
        .collect();
    if !new_entities.is_empty() {
        eprintln!(
            "{} new entities not in the gazetteer (provisional, for curation):",
            new_entities.len()
        );
        for (entity, docs) in &new_entities {
            eprintln!(
                "  {}id/{}  {}  {}  ({} document(s))",
                args.base, entity.id, entity.kind, entity.label_en, docs
            );
        }
    }
    let events: usize = extractions.iter().map(|e| e.events.len()).sum();
    let relations: usize = extractions.iter().map(|e| e.relations.len()).sum();
    let mentions: usize = extractions.iter().map(|e| e.mentions.len()).sum();
    eprintln!(
        "extracted {} document(s): {mentions} mentions, {events} events, {relations} relations, {warnings} warning(s)",
        extractions.len()
    );
    Ok(ExitCode::SUCCESS)
}
