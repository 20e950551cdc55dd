//! `diplograph synth`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use diplograph::synth::{SynthConfig, SynthSize, generate};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Size {
    /// About 10 000 statements.
    Small,
    /// About 1 million statements.
    #[value(name = "1m")]
    OneMillion,
    /// About 10 million statements.
    #[value(name = "10m")]
    TenMillion,
}

/// Write a deterministic synthetic data directory (gazetteer, facts, Japanese corpus) for
/// scale tests and benchmarks.
#[derive(Debug, Args)]
pub(crate) struct SynthArgs {
    /// Target size in statements (store quads).
    #[arg(long, value_enum, default_value = "small")]
    size: Size,
    /// Exact number of documents (overrides --size).
    #[arg(long, value_name = "N")]
    documents: Option<usize>,
    /// Seed of the generator: the same seed and size give byte-identical files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output data directory (gets corpus/, gazetteer/, facts/).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

pub(crate) fn run(args: &SynthArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let size = match args.size {
        Size::Small => SynthSize::Small,
        Size::OneMillion => SynthSize::OneMillion,
        Size::TenMillion => SynthSize::TenMillion,
    };
    let config = match args.documents {
        Some(documents) => SynthConfig::with_documents(documents, args.seed),
        None => SynthConfig::for_size(size, args.seed),
    };
    let progress = super::spinner(&format!("writing `{}`", args.out.display()));
    let summary = generate(&config, &args.out);
    progress.finish_and_clear();
    let summary = summary.with_context(|| format!("failed to write `{}`", args.out.display()))?;
    eprintln!(
        "wrote {} documents, {} entities, {} posts, {} tenures, {} curated events, {} curated statements ({:.1} MB) to {} in {:.2}s",
        summary.documents,
        summary.entities,
        summary.posts,
        summary.tenures,
        summary.events,
        summary.statements,
        summary.bytes as f64 / 1e6,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
