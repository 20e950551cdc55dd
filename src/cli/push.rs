//! `diplograph push`.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Args;
use diplograph::push::{PushConfig, PushedGraph, push};
use diplograph::rdf::open_store;

use super::CommonArgs;

/// Load the graph into a SPARQL 1.1 Graph Store Protocol server (Oxigraph, Fuseki, GraphDB,
/// Virtuoso): one HTTP PUT per named graph, so each source document's graph is replaced.
#[derive(Debug, Args)]
pub(crate) struct PushArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The Graph Store Protocol endpoint, e.g. http://localhost:7878/store (Oxigraph) or
    /// http://localhost:3030/ds/data (Fuseki).
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// HTTP basic user; the password is read from DIPLOGRAPH_PUSH_PASSWORD.
    #[arg(long, value_name = "USER")]
    user: Option<String>,
    /// Add to the remote graphs (POST) instead of replacing them (PUT).
    #[arg(long)]
    append: bool,
    /// Do not read the graphs back after pushing (by default each graph is fetched with a
    /// Graph Store GET and must hold what was sent).
    #[arg(long)]
    no_verify: bool,
    /// Give up on one graph after this many seconds.
    #[arg(long, default_value_t = 300.0, value_name = "SECONDS")]
    timeout: f64,
}

pub(crate) fn run(args: &PushArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    anyhow::ensure!(
        args.timeout.is_finite() && args.timeout > 0.0,
        "--timeout must be a positive number of seconds"
    );
    let credentials = match &args.user {
        Some(user) => {
            let password = std::env::var("DIPLOGRAPH_PUSH_PASSWORD")
                .context("--user needs the password in DIPLOGRAPH_PUSH_PASSWORD")?;
            Some((user.clone(), password))
        }
        None => None,
    };
    let store = open_store(&args.common.store)?;
    let config = PushConfig {
        endpoint: args.endpoint.clone(),
        credentials,
        timeout: Duration::from_secs_f64(args.timeout),
        append: args.append,
        verify: !args.no_verify,
    };
    let progress = |graph: &PushedGraph| {
        eprintln!(
            "{} {} triples -> {}",
            graph.graph.as_deref().unwrap_or("(default graph)"),
            graph.triples,
            graph.status
        );
    };
    let pushed = push(&store, &config, &progress)
        .with_context(|| format!("failed to push to {}", args.endpoint))?;
    let unverified = pushed.iter().filter(|g| g.verified.is_none()).count();
    if !args.no_verify && unverified > 0 {
        eprintln!(
            "warning: {unverified} graphs could not be read back (the server offers no GET for graphs): not verified"
        );
    }
    eprintln!(
        "pushed {} graphs, {} triples to {} in {:.2}s",
        pushed.len(),
        pushed.iter().map(|g| g.triples).sum::<usize>(),
        args.endpoint,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
