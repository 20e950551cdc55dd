//! `diplograph build`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use clap::Args;
use diplograph::build::{BuildConfig, build};
use diplograph::export::{
    ExportFormat, csv, gexf, graphml, rdf::write_quads, snapshot, write_atomically,
};
use diplograph::graph::{GraphConfig, PropertyGraph};
use diplograph::model::{EntityType, Severity};
use diplograph::rdf::{Iris, to_quads, write_store};

use super::CommonArgs;

/// Build the graph from a data directory into the store and write the exports.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Directory for the exports (diplograph.ttl, .nt, .nq, .trig, .jsonld, .rdf, .graphml,
    /// .gexf, csv/nodes.csv, csv/edges.csv) and the saved graph (graph.json).
    #[arg(long, default_value = "out", value_name = "DIR")]
    out: PathBuf,
    /// Only build the store; write no exports.
    #[arg(long)]
    no_exports: bool,
    /// Treat warnings (unknown references, ambiguous aliases, unparsed dates) as errors.
    #[arg(long)]
    strict: bool,
    /// Print every diagnostic, not only warnings.
    #[arg(long, short)]
    verbose: bool,
}

pub(crate) fn run(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let iris = Iris::new(&args.common.base)?;
    let config = BuildConfig::from_data_dir(&args.common.data);
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} documents")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message("extracting");
    if let Ok(entries) = std::fs::read_dir(&config.corpus_dir) {
        bar.set_length(entries.count() as u64);
    }
    let output = build(&config, &|_doc| bar.inc(1))
        .with_context(|| format!("failed to build from `{}`", args.common.data.display()))?;
    bar.finish_and_clear();
    let mut warnings = 0;
    for diagnostic in &output.diagnostics {
        if diagnostic.severity >= Severity::Warning {
            warnings += 1;
        }
        if diagnostic.severity >= Severity::Warning || args.verbose {
            eprintln!("{diagnostic}");
        }
    }
    if args.strict && warnings > 0 {
        anyhow::bail!("{warnings} warning(s) with --strict: nothing was written");
    }
    let kg = &output.graph;
    let quads = to_quads(kg, &iris);
    write_store(&args.common.store, &quads).with_context(|| {
        format!(
            "failed to write the store `{}`",
            args.common.store.display()
        )
    })?;
    let mut written = vec![args.common.store.display().to_string()];
    let graph_json = args.out.join(snapshot::FILE_NAME);
    snapshot::write(kg, &graph_json)
        .with_context(|| format!("failed to write `{}`", graph_json.display()))?;
    written.push(graph_json.display().to_string());
    if !args.no_exports {
        let config = GraphConfig {
            iris: iris.clone(),
            ..GraphConfig::default()
        };
        let graph = PropertyGraph::new(kg, &config);
        let graphml_path = args.out.join("diplograph.graphml");
        write_atomically(&graphml_path, |w| graphml::write(&graph, w))
            .with_context(|| format!("failed to write `{}`", graphml_path.display()))?;
        let gexf_path = args.out.join("diplograph.gexf");
        write_atomically(&gexf_path, |w| gexf::write(&graph, w))
            .with_context(|| format!("failed to write `{}`", gexf_path.display()))?;
        let csv_dir = args.out.join("csv");
        let [nodes, edges] = csv::write_dir(&graph, &csv_dir)
            .with_context(|| format!("failed to write to `{}`", csv_dir.display()))?;
        for path in [graphml_path, gexf_path, nodes, edges] {
            written.push(path.display().to_string());
        }
        for format in ExportFormat::RDF {
            let path = args
                .out
                .join(format!("diplograph.{}", format.file_extension()));
            write_atomically(&path, |w| write_quads(&quads, *format, iris.base(), w))
                .with_context(|| format!("failed to write `{}`", path.display()))?;
            written.push(path.display().to_string());
        }
    }
    let counts = kg.count_by_type();
    let by_type: Vec<String> = EntityType::ALL
        .iter()
        .filter_map(|t| counts.get(t).map(|n| format!("{n} {t}")))
        .collect();
    eprintln!(
        "built {} documents, {} entities ({}), {} posts, {} tenures, {} statements, {} mentions, {} quads in {:.2}s",
        kg.documents.len(),
        kg.entities.len(),
        by_type.join(", "),
        kg.posts.len(),
        kg.tenures.len(),
        kg.relations.len(),
        kg.mentions.len(),
        quads.len(),
        started.elapsed().as_secs_f64()
    );
    eprintln!("wrote {}", written.join(", "));
    if warnings > 0 {
        eprintln!("{warnings} warning(s); run with --strict to make them errors");
    }
    Ok(ExitCode::SUCCESS)
}
