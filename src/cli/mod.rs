//! The command line: the only place that knows clap, anyhow, stdout/stderr and exit codes.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the command line is the one place that prints"
)]

mod add;
mod build;
mod check;
mod curate;
mod eval;
mod export;
mod extract;
mod plot;
mod publish;
mod push;
mod query;
mod serve;
mod stats;
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use diplograph::rdf::Iris;

/// Turn documents about cyber-security diplomacy into a knowledge graph; query it with
/// SPARQL; export it for Gephi and the linked-data web.
/// `--version`: the crate version and the store this binary writes.
#[cfg(not(feature = "rocksdb"))]
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (store: snapshot, in memory)");
/// `--version`: the crate version and the store this binary writes.
#[cfg(feature = "rocksdb")]
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (store: rocksdb)");

#[derive(Debug, Parser)]
#[command(name = "diplograph", version = VERSION, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Add saved web pages, PDFs and text files to the corpus, inferring their front matter.
    Add(add::AddArgs),
    /// Build the graph from a data directory into the on-disk store and write the exports.
    Build(build::BuildArgs),
    /// Run a SPARQL query over the store.
    Query(query::QueryArgs),
    /// Export the graph in one format.
    Export(export::ExportArgs),
    /// Validate the store against SHACL shapes (ontology/shapes.ttl).
    Check(check::CheckArgs),
    /// Write a synthetic data directory for scale tests and benchmarks.
    Synth(synth::SynthArgs),
    /// Print graph metrics: degree, PageRank, betweenness, connected components.
    Stats(stats::StatsArgs),
    /// Extract entities, events and relations from documents (JSON or a table).
    Extract(extract::ExtractArgs),
    /// Score extraction against hand-made gold files.
    Eval(eval::EvalArgs),
    /// Serve the store: SPARQL endpoint, entity pages, VoID, dumps.
    Serve(serve::ServeArgs),
    /// Write a static linked-data site (pages, Turtle, JSON-LD, VoID, dumps).
    Publish(publish::PublishArgs),
    /// Draw an entity's neighbourhood or a series' sessions as SVG.
    Plot(plot::PlotArgs),
    /// Load the graph into a SPARQL Graph Store Protocol server, one graph per document.
    Push(push::PushArgs),
    /// List provisional entities of the last build for the gazetteer, or merge reviewed rows.
    Curate(curate::CurateArgs),
}

/// Where the store is and the base of its IRIs (shared by the subcommands that read or write
/// the store; only `build` reads the data directory, with its own `--data`).
#[derive(Debug, Clone, Args)]
pub(crate) struct CommonArgs {
    /// The store directory (`diplograph --version` says which kind this binary writes); its
    /// manifest, saved graph and extraction cache are `{store}.manifest.json`,
    /// `{store}.graph.json` and `{store}.cache/` beside it.
    #[arg(long, default_value = DEFAULT_STORE, value_name = "DIR")]
    pub(crate) store: PathBuf,
    /// Base IRI of the data: entities are `{base}id/{slug}`.
    #[arg(long, default_value = diplograph::rdf::DEFAULT_BASE, value_name = "IRI")]
    pub(crate) base: Iris,
}

/// The gazetteer of the data directory `data`, for the commands that extract.
pub(crate) fn load_gazetteer(
    data: &diplograph::DataDir,
) -> anyhow::Result<diplograph::gazetteer::Gazetteer> {
    use anyhow::Context as _;
    diplograph::gazetteer::Gazetteer::from_data_dir(data).with_context(|| {
        format!(
            "failed to load the gazetteer `{}`",
            data.gazetteer().display()
        )
    })
}

/// A spinner on stderr for work that can take more than a second: drawn only when stderr is a
/// terminal (indicatif hides itself otherwise), cleared before the command's summary line.
pub(crate) fn spinner(message: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new_spinner().with_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// The default `--store`.
pub(crate) const DEFAULT_STORE: &str = "out/store";

pub(crate) fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Add(args) => add::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Query(args) => query::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Synth(args) => synth::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Extract(args) => extract::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Publish(args) => publish::run(&args),
        Command::Plot(args) => plot::run(&args),
        Command::Push(args) => push::run(&args),
        Command::Curate(args) => curate::run(&args),
    }
}

/// Set when standard output was closed by its reader (`diplograph query … | head`).
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Standard output, noting a broken pipe so that [`report`] can tell a reader that went away
/// (success, as ripgrep does) from any other broken pipe (a server hanging up on `push`: an
/// error).
pub(crate) struct Stdout(std::io::StdoutLock<'static>);

/// The locked standard output, see [`Stdout`].
pub(crate) fn stdout() -> Stdout {
    Stdout(std::io::stdout().lock())
}

fn note_closed<T>(result: std::io::Result<T>) -> std::io::Result<T> {
    if let Err(e) = &result
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    result
}

impl std::io::Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        note_closed(self.0.write(buf))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        note_closed(self.0.flush())
    }
}

/// Print an error chain and pick the exit code: standard output closed by its reader is
/// success (ripgrep); every other error, broken pipes to a server included, is a failure.
pub(crate) fn report(err: &anyhow::Error) -> ExitCode {
    if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) {
        return ExitCode::SUCCESS;
    }
    eprintln!("{}", chain_text(err));
    ExitCode::FAILURE
}

/// `error: …` and one `caused by: …` line per cause, skipping a cause whose text is already
/// printed (a library error keeps its cause, whose text its message usually ends with).
fn chain_text(err: &anyhow::Error) -> String {
    let mut message = format!("error: {err}");
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(&format!("\n  caused by: {text}"));
        }
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_cause_is_not_printed_twice_and_downcasts() {
        let io = std::io::Error::new(std::io::ErrorKind::BrokenPipe, "pipe closed");
        let error = diplograph::Error::export(format!("write failed: {io}")).caused_by(io);
        let err = anyhow::Error::from(error).context("failed to write `out.ttl`");
        assert_eq!(
            chain_text(&err),
            "error: failed to write `out.ttl`\n  caused by: export: write failed: pipe closed"
        );
        let io = err
            .chain()
            .find_map(|cause| cause.downcast_ref::<std::io::Error>())
            .expect("the io::Error is in the chain");
        assert_eq!(io.kind(), std::io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn a_cause_the_message_does_not_name_is_printed() {
        let cause = std::io::Error::other("disk full");
        let error = diplograph::Error::store("the store could not be written").caused_by(cause);
        assert_eq!(
            chain_text(&anyhow::Error::from(error)),
            "error: store: the store could not be written\n  caused by: disk full"
        );
    }
}
