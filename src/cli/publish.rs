//! `diplograph publish`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use clap::Args;
use diplograph::publish::{PublishConfig, publish};
use diplograph::rdf::open_store;

use super::CommonArgs;

/// Write a static linked-data site: a page, a Turtle and a JSON-LD file per entity, document
/// and post, an entity index, the VoID/DCAT description and dumps. Any static web server
/// can host it.
#[derive(Debug, Args)]
pub(crate) struct PublishArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Directory to write the site to (replaced whole if a previous publish made it).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// URL the site will be hosted at, for the VoID description (default: the base IRI).
    #[arg(long, value_name = "URL")]
    site_url: Option<String>,
    /// A SPARQL endpoint serving the same data, linked from the pages and the VoID.
    #[arg(long, value_name = "URL")]
    sparql_endpoint: Option<String>,
    /// Republish verbatim the evidence sentences of sources whose rights do not allow reuse
    /// ("All rights reserved"); by default pages, data files and dumps leave them out.
    #[arg(long)]
    include_restricted_quotes: bool,
    /// IRI of the data licence (it covers what the project made; quoted sentences keep their
    /// sources' rights).
    #[arg(long, default_value = diplograph::publish::void::DEFAULT_LICENSE, value_name = "IRI")]
    license: String,
}

pub(crate) fn run(args: &PublishArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    if let Some(url) = &args.site_url {
        anyhow::ensure!(url.ends_with('/'), "--site-url must end with `/`: {url}");
    }
    let progress = super::spinner(&format!("opening `{}`", args.common.store.display()));
    let store = open_store(&args.common.store)?;
    progress.set_message(format!("writing the site to `{}`", args.out.display()));
    let config = PublishConfig {
        base: args.common.base.clone(),
        site_url: args.site_url.clone(),
        sparql_endpoint: args.sparql_endpoint.clone(),
        license: Some(args.license.clone()).filter(|l| !l.is_empty()),
        include_restricted_quotes: args.include_restricted_quotes,
    };
    let report = publish(&store, &config, &args.out)
        .with_context(|| format!("failed to publish to `{}`", args.out.display()));
    progress.finish_and_clear();
    let report = report?;
    eprintln!(
        "published {} pages ({} files, {:.1} MB) to {} in {:.2}s",
        report.pages,
        report.files,
        report.bytes as f64 / 1e6,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
