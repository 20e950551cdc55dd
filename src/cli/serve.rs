//! `diplograph serve`.

use std::net::{SocketAddr, ToSocketAddrs as _};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use diplograph::rdf::open_store;
use diplograph::serve::server::{AccessLog, ConnectionLimits, start};
use diplograph::serve::{Endpoint, ServeConfig, watch_store};

use super::CommonArgs;

/// Serve the store: a read-only SPARQL 1.1 endpoint at /sparql, a page per entity at its IRI's
/// path (/id/{slug}: HTML, Turtle or JSON-LD by content negotiation), a query page at /,
/// the VoID description at /void and dumps at /dumps/.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Address to listen on: an IP address or a host name such as localhost, and a port
    /// (port 0 picks a free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "HOST:PORT")]
    bind: String,
    /// Where clients reach the site (e.g. https://example.org/), for the absolute URLs of the
    /// service description and VoID; default: the base IRI. The Host header is never used.
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// Seconds a client may take to send a request head, and then its body (answered 408).
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    client_timeout: f64,
    /// Stop a query after this many seconds (answered with 503).
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    timeout: f64,
    /// Refuse results with more solutions or triples than this (answered with 400).
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    max_results: usize,
    /// Queries evaluated at once (default: the number of CPUs, at least 2); more wait for a
    /// slot up to the timeout.
    #[arg(long, value_name = "N")]
    max_queries: Option<usize>,
    /// Connections open at once (one thread each); at the bound the connection that has
    /// waited longest for a request is closed to make room.
    #[arg(long, default_value_t = 128, value_name = "N")]
    max_connections: usize,
    /// IRI of the data licence, shown on pages and in the VoID description.
    #[arg(long, default_value = diplograph::publish::void::DEFAULT_LICENSE, value_name = "IRI")]
    license: String,
    /// Print one line per request on standard error.
    #[arg(long)]
    access_log: bool,
    /// Show on pages and in dumps the verbatim sentences of sources whose rights do not allow
    /// reuse (left out by default; SPARQL queries still see the whole store).
    #[arg(long)]
    include_restricted_quotes: bool,
    /// Items of each list on an entity page (relations per property, timeline, provenance);
    /// longer lists go on further pages (`?page=2` ...).
    #[arg(long, default_value_t = diplograph::serve::DEFAULT_PAGE_SIZE, value_name = "N")]
    page_size: usize,
}

pub(crate) fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        args.timeout.is_finite() && args.timeout > 0.0,
        "--timeout must be a positive number of seconds"
    );
    anyhow::ensure!(
        args.client_timeout.is_finite() && args.client_timeout > 0.0,
        "--client-timeout must be a positive number of seconds"
    );
    let bind: SocketAddr = args
        .bind
        .to_socket_addrs()
        .with_context(|| format!("cannot resolve --bind `{}`", args.bind))?
        .next()
        .with_context(|| format!("--bind `{}` names no address", args.bind))?;
    let store = open_store(&args.common.store)?;
    let defaults = ServeConfig::default();
    let config = ServeConfig {
        base: args.common.base.clone(),
        timeout: Duration::from_secs_f64(args.timeout),
        max_results: args.max_results,
        license: Some(args.license.clone()).filter(|l| !l.is_empty()),
        max_queries: args.max_queries.unwrap_or(defaults.max_queries),
        public_url: args.public_url.clone(),
        include_restricted_quotes: args.include_restricted_quotes,
        page_size: args.page_size.max(1),
        ..defaults
    };
    let state = Endpoint::new(store, config).context("failed to read the store")?;
    let log: Option<AccessLog> = args.access_log.then(|| {
        Arc::new(
            |request: &diplograph::serve::Request,
             response: &diplograph::serve::Response,
             took: Duration| {
                eprintln!(
                    "{} {} {} {} bytes {:.1} ms",
                    request.method,
                    request.url,
                    response.status,
                    response.body.len(),
                    took.as_secs_f64() * 1000.0
                );
            },
        ) as AccessLog
    });
    let limits = ConnectionLimits {
        max_connections: args.max_connections,
        head_timeout: Duration::from_secs_f64(args.client_timeout),
        body_timeout: Duration::from_secs_f64(args.client_timeout),
        ..ConnectionLimits::default()
    };
    let state = Arc::new(state);
    let store_path = args.common.store.clone();
    let shown = store_path.display().to_string();
    watch_store(
        &state,
        store_path,
        Duration::from_secs(1),
        move |reopened| match reopened {
            Ok(stats) => eprintln!(
                "the store was rebuilt: now serving {shown} ({} triples)",
                stats.triples
            ),
            Err(error) => eprintln!(
                "warning: the store was rebuilt but cannot be reopened (still serving the old one): {error}"
            ),
        },
    );
    let server = start(state, bind, limits, log)
        .with_context(|| format!("failed to listen on {}", args.bind))?;
    eprintln!(
        "serving {} at http://{}/ (SPARQL endpoint http://{}/sparql; reopened when it is rebuilt); press Ctrl-C to stop",
        args.common.store.display(),
        server.addr(),
        server.addr()
    );
    server.join()?;
    Ok(ExitCode::SUCCESS)
}
