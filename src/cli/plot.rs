//! `diplograph plot`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{ArgGroup, Args};
use diplograph::export::write_atomically;
use diplograph::publish::svg::{self, MAX_NEIGHBOURS};
use diplograph::publish::view::{Site, page_path};
use diplograph::rdf::{Iris, open_store};

use super::CommonArgs;

/// Draw a picture of the store as SVG: an entity's neighbourhood, or the sessions of a series
/// (a dialogue, a working group) on a time axis. The entity pages of `serve` and `publish` show
/// the same pictures.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("picture").required(true).args(["entity", "timeline"])))]
pub(crate) struct PlotArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The entity whose neighbourhood to draw: its slug (`japan`), `id:japan` or its IRI.
    #[arg(long, value_name = "ID")]
    entity: Option<String>,
    /// The series whose sessions to draw on a time axis (the events `dg:partOf` it): its slug,
    /// `id:…` or its IRI.
    #[arg(long, value_name = "SERIES")]
    timeline: Option<String>,
    /// The SVG file to write (`-` for standard output).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
}

/// The IRI of an entity given as a slug, `id:slug` or an IRI.
fn entity_iri(iris: &Iris, id: &str) -> String {
    if id.starts_with("http://") || id.starts_with("https://") {
        return id.to_owned();
    }
    let slug = id.strip_prefix("id:").unwrap_or(id);
    format!("{}id/{slug}", iris.base())
}

fn write_svg(path: &Path, svg: &str) -> anyhow::Result<()> {
    if path.as_os_str() == "-" {
        let mut out = super::stdout();
        out.write_all(svg.as_bytes())?;
        out.write_all(b"\n")?;
        out.flush()?;
        return Ok(());
    }
    write_atomically(path, |out| {
        out.write_all(svg.as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .map_err(|e| diplograph::Error::io(path, e))
    })
    .with_context(|| format!("failed to write `{}`", path.display()))
}

pub(crate) fn run(args: &PlotArgs) -> anyhow::Result<ExitCode> {
    let iris = args.common.base.clone();
    let id = args
        .entity
        .as_deref()
        .or(args.timeline.as_deref())
        .context("give --entity or --timeline")?;
    let iri = entity_iri(&iris, id);
    let progress = super::spinner(&format!("opening `{}`", args.common.store.display()));
    let store = open_store(&args.common.store);
    progress.finish_and_clear();
    let base = &iris;
    let site = Site::new(store?, base)?;
    let view = site.view(&iri)?.with_context(|| {
        format!(
            "`{id}` is not in the store `{}` (no statement about <{iri}>)",
            args.common.store.display()
        )
    })?;
    // Nodes link to their IRIs, which dereference where the data is published.
    let href = |iri: &str| page_path(base, iri).map(|_| iri.to_owned());
    let (svg, summary) = if args.entity.is_some() {
        let plot = svg::neighbourhood(&view, base, &href);
        let total = plot.neighbours.len();
        let summary = format!(
            "neighbourhood of {}: {} of {total} neighbours",
            plot.centre.label,
            total.min(MAX_NEIGHBOURS)
        );
        (svg::neighbourhood_svg(&plot), summary)
    } else {
        let plot = svg::series_timeline(&view, &href).with_context(|| {
            format!("`{id}` has no dated sessions (no dated event is dg:partOf <{iri}>)")
        })?;
        let mut dates: Vec<&str> = plot.sessions.iter().map(|s| s.date.as_str()).collect();
        dates.sort_unstable();
        let summary = format!(
            "sessions of {}: {} dated, {} to {}",
            plot.series.label,
            plot.sessions.len(),
            dates.first().copied().unwrap_or_default(),
            dates.last().copied().unwrap_or_default()
        );
        (svg::timeline_svg(&plot), summary)
    };
    write_svg(&args.output, &svg)?;
    if args.output.as_os_str() != "-" {
        eprintln!("wrote {} ({summary})", args.output.display());
    }
    Ok(ExitCode::SUCCESS)
}
