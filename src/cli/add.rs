//! `diplograph add`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use diplograph::ingest::{CorpusIndex, Outcome, Overrides, expand, ingest_file, modified_date};
use diplograph::model::PartialDate;

/// Add saved web pages, PDFs and text files to the corpus: the text is extracted and the
/// front matter inferred (title, source, date, language, publisher, rights). Re-adding a
/// document with the same source updates its file.
#[derive(Debug, Args)]
pub(crate) struct AddArgs {
    /// Files or directories (their .html, .htm, .pdf, .txt files, recursively).
    #[arg(required = true, value_name = "FILE|DIR")]
    paths: Vec<PathBuf>,
    /// Data directory: documents go to {data}/corpus/.
    #[arg(long, default_value = "data", value_name = "DIR")]
    data: PathBuf,
    /// Publisher, for every file (default: from the site's domain).
    #[arg(long)]
    publisher: Option<String>,
    /// Reuse terms, for every file (default: from the site's domain, else `unknown`).
    #[arg(long)]
    rights: Option<String>,
    /// Publication date (YYYY, YYYY-MM or YYYY-MM-DD), for every file.
    #[arg(long)]
    date: Option<PartialDate>,
    /// Language (BCP 47: ja, en), for every file.
    #[arg(long = "lang", value_name = "TAG")]
    language: Option<String>,
}

pub(crate) fn run(args: &AddArgs) -> anyhow::Result<ExitCode> {
    let overrides = Overrides {
        publisher: args.publisher.clone(),
        rights: args.rights.clone(),
        date: args.date,
        language: args.language.clone(),
    };
    let corpus = diplograph::DataDir::new(&args.data).corpus();
    let files = expand(&args.paths)?;
    if files.is_empty() {
        anyhow::bail!("no .html, .htm, .pdf or .txt file found in the given paths");
    }
    let mut index = CorpusIndex::read(&corpus)?;
    let mut failed = 0;
    let (mut added, mut updated, mut unchanged) = (0, 0, 0);
    for file in &files {
        let result = ingest_file(file, &overrides).and_then(|ingested| {
            let fallback = modified_date(file)
                .or_else(|| PartialDate::year(1970).ok())
                .ok_or_else(|| {
                    diplograph::Error::input(diplograph::Location::file(file), "no date")
                })?;
            index.add(ingested, fallback)
        });
        match result {
            Ok(done) => {
                match done.outcome {
                    Outcome::Added => added += 1,
                    Outcome::Updated => updated += 1,
                    Outcome::Unchanged => unchanged += 1,
                }
                eprintln!(
                    "{} {}: {}",
                    done.outcome,
                    done.written.display(),
                    done.ingested.summary()
                );
                for d in &done.diagnostics {
                    eprintln!("{d}");
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    eprintln!(
        "{added} added, {updated} updated, {unchanged} unchanged, {failed} failed, in {}",
        corpus.display()
    );
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
