//! `diplograph eval`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, ValueEnum};

use diplograph::DataDir;
use diplograph::corpus::{Corpus, Document};
use diplograph::eval::{explain, read_reports, render_table, score_with_languages};
use diplograph::extract::Extractor;
use diplograph::extract::json::{DocReport, ReportConfig, report};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Text table.
    Table,
    /// JSON.
    Json,
}

/// Score extraction against hand-made gold files (precision, recall, F1 for entities, events
/// and relations). Matching rules: see the `eval` module documentation.
#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// Directory of gold files (`*.json` in the extraction format).
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,
    /// Predictions to score (a JSON file from `extract`, or a directory of them). Without it,
    /// the documents named by the gold files are extracted from `--corpus`.
    #[arg(long, value_name = "PATH")]
    pred: Option<PathBuf>,
    /// Corpus directory to extract from (default: `corpus/` next to the gold directory).
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Data directory whose gazetteer/ is used.
    #[arg(long, default_value = "data", value_name = "DIR")]
    data: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// List the misses and false alarms of one document (its file name, e.g. `doc.txt`)
    /// instead of the scores.
    #[arg(long, value_name = "DOC")]
    explain: Option<String>,
}

pub(crate) fn run(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let gold = read_reports(&args.gold)
        .with_context(|| format!("failed to read the gold files in `{}`", args.gold.display()))?;
    if gold.is_empty() {
        anyhow::bail!("no gold files (*.json) in `{}`", args.gold.display());
    }
    let corpus_dir = args.corpus.clone().unwrap_or_else(|| {
        // the gold directory sits in a data directory: `{data}/gold` beside `{data}/corpus`
        let data = args.gold.parent().unwrap_or_else(|| Path::new(""));
        DataDir::new(data).corpus()
    });
    // document languages from the corpus headers, where the documents are there
    let mut languages = BTreeMap::new();
    for g in &gold {
        if let Ok(doc) = Document::from_path(corpus_dir.join(&g.doc)) {
            languages.insert(g.doc.clone(), doc.meta.language.to_string());
        }
    }
    let predicted = match &args.pred {
        Some(path) => read_reports(path)
            .with_context(|| format!("failed to read the predictions `{}`", path.display()))?,
        None => {
            let paths: Vec<PathBuf> = gold.iter().map(|g| corpus_dir.join(&g.doc)).collect();
            let corpus = Corpus::from_paths(&paths).with_context(|| {
                format!("failed to read the documents in `{}`", corpus_dir.display())
            })?;
            let data = DataDir::new(&args.data);
            let gazetteer = super::load_gazetteer(&data)?;
            let extractor = Extractor::new(&gazetteer);
            let config = ReportConfig {
                base: diplograph::rdf::DEFAULT_BASE.to_owned(),
                provenance: false,
            };
            corpus
                .documents
                .values()
                .map(|doc| {
                    let name = doc
                        .path
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    report(&extractor.extract(doc), &gazetteer, &name, &config)
                })
                .collect()
        }
    };
    if let Some(name) = &args.explain {
        let Some(g) = gold.iter().find(|g| &g.doc == name) else {
            anyhow::bail!("no gold file for `{name}` in `{}`", args.gold.display());
        };
        let empty = DocReport {
            doc: name.clone(),
            entities: Vec::new(),
            events: Vec::new(),
            relations: Vec::new(),
        };
        let p = predicted.iter().find(|p| &p.doc == name).unwrap_or(&empty);
        print!("{}", explain(g, p));
        return Ok(ExitCode::SUCCESS);
    }
    let scores = score_with_languages(&gold, &predicted, &languages);
    match args.format {
        Format::Table => print!("{}", render_table(&scores)),
        Format::Json => println!("{}", serde_json::to_string_pretty(&scores)?),
    }
    Ok(ExitCode::SUCCESS)
}
