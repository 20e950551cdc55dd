//! `diplograph build`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use clap::Args;
use diplograph::DataDir;
use diplograph::build::{BuildOutput, Progress};
use diplograph::export::{
    Destination, ExportFormat, Sources, Staging, clean_stale_temporaries, snapshot,
};
use diplograph::graph::{GraphConfig, PropertyGraph};
use diplograph::incremental::{IncrementalConfig, build_store_alongside};
use diplograph::model::{EntityType, Severity};
use diplograph::rdf::{Iris, QuadTable};

use super::CommonArgs;

/// Build the graph from a data directory into the store and write the exports.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// Data directory with corpus/, gazetteer/ and facts/.
    #[arg(long, default_value = "data", value_name = "DIR")]
    data: PathBuf,
    #[command(flatten)]
    common: CommonArgs,
    /// Directory for the exports (diplograph.ttl, .nt, .nq, .trig, .jsonld, .rdf, .graphml,
    /// .gexf, csv/nodes.csv, csv/edges.csv) and the saved graph (graph.json).
    #[arg(long, default_value = "out", value_name = "DIR")]
    out: PathBuf,
    /// Only build the store; write no exports.
    #[arg(long)]
    no_exports: bool,
    /// Build in memory and write only the exports: the store, its manifest and the extraction
    /// cache are neither read nor written (every document is extracted).
    #[arg(long, conflicts_with = "no_exports")]
    no_store: bool,
    /// Write only these exports (comma-separated: turtle, ntriples, nquads, trig, jsonld,
    /// rdfxml, graphml, gexf, csv); default all.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "FORMATS",
        hide_possible_values = true
    )]
    formats: Vec<ExportFormat>,
    /// Treat warnings (unknown references, ambiguous aliases, unparsed dates) as errors.
    #[arg(long)]
    strict: bool,
    /// Rebuild everything: ignore the manifest and the extraction cache next to the store.
    #[arg(long)]
    full: bool,
    /// Print every diagnostic, not only warnings.
    #[arg(long, short)]
    verbose: bool,
}

pub(crate) fn run(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let timer = StageTimer::default();
    let iris = &args.common.base;
    let data = DataDir::new(&args.data);
    let formats: Vec<ExportFormat> = if args.formats.is_empty() {
        ExportFormat::ALL.to_vec()
    } else {
        args.formats.clone()
    };
    // a spinner until the number of documents to extract is known, a bar while they are
    // extracted (none when every document comes from the cache), a spinner per stage after;
    // indicatif draws nothing when stderr is not a terminal
    let documents_style = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:30}] {pos}/{len} documents ({elapsed}, eta {eta})",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    let spinner = indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
    let bar = indicatif::ProgressBar::new_spinner().with_style(spinner.clone());
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar.set_message("loading");
    // temporaries of builds that were killed while writing the exports
    if args.no_store || !args.no_exports {
        clean_stale_temporaries(&args.out);
        clean_stale_temporaries(&args.out.join("csv"));
    }
    let options = IncrementalConfig {
        full: args.full,
        tag: program_tag(),
        strict: args.strict,
    };
    let store = (!args.no_store).then_some(args.common.store.as_path());
    let (built, exported) = build_store_alongside(
        &data,
        store,
        iris,
        &options,
        &Progress {
            planned: &|n| {
                timer.mark("extracting");
                if n > 0 {
                    bar.disable_steady_tick();
                    bar.set_message("extracting");
                    bar.set_length(n as u64);
                    bar.set_position(0);
                    bar.set_style(documents_style.clone());
                }
            },
            document: &|_doc| bar.inc(1),
            stage: &|stage| {
                timer.mark(stage);
                bar.set_style(spinner.clone());
                bar.enable_steady_tick(std::time::Duration::from_millis(200));
                bar.set_message(stage.to_owned());
            },
        },
        // the exports are written while the store is (they need only the graph and its quads)
        |output, quads| {
            Exports {
                args,
                formats: &formats,
                iris,
                bar: &bar,
            }
            .write(output, quads)
        },
    )
    .with_context(|| format!("failed to build from `{}`", args.data.display()))?;
    timer.mark("done");
    bar.finish_and_clear();
    let output = &built.output;
    let mut warnings = 0;
    for diagnostic in &output.diagnostics {
        if diagnostic.severity >= Severity::Warning {
            warnings += 1;
        }
        if diagnostic.severity >= Severity::Warning || args.verbose {
            eprintln!("{diagnostic}");
        }
    }
    let Some(exported) = exported else {
        anyhow::bail!("{warnings} warning(s) with --strict: nothing was written");
    };
    // the store is written (and its manifest): an export that failed fails the command still
    let exported = exported?;
    let kg = &output.graph;
    let quads = &built.quads;
    let report = &built.report;
    if !report.stored {
        eprintln!(
            "no store written (--no-store; {} documents extracted)",
            report.extracted.len()
        );
    } else if report.full {
        eprintln!(
            "store written anew ({} documents extracted)",
            report.extracted.len()
        );
    } else {
        eprintln!(
            "store updated: {} documents extracted, {} reused from the cache, {} graphs replaced, {} removed",
            report.extracted.len(),
            report.reused,
            report.replaced_graphs.len(),
            report.removed_graphs.len()
        );
    }
    let mut written = Vec::new();
    if report.stored {
        written.push(args.common.store.display().to_string());
        written.push(
            diplograph::incremental::graph_path(&args.common.store)
                .display()
                .to_string(),
        );
    }
    written.extend(exported.paths.iter().cloned());
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
    eprintln!(
        "time per stage: {}; {}: {}",
        timer.summary(),
        if report.stored {
            "alongside the store"
        } else {
            "exports"
        },
        exported.summary()
    );
    if warnings > 0 {
        eprintln!("{warnings} warning(s); run with --strict to make them errors");
    }
    Ok(ExitCode::SUCCESS)
}

/// What [`Exports::write`] wrote, and how long each took.
#[derive(Default)]
struct Exported {
    paths: Vec<String>,
    timings: Vec<(String, f64)>,
}

impl Exported {
    /// Time `write` as the stage `stage`.
    fn timed<T>(&mut self, stage: &str, write: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = write();
        self.timings
            .push((stage.to_owned(), started.elapsed().as_secs_f64()));
        result
    }

    fn summary(&self) -> String {
        stage_list(
            self.timings
                .iter()
                .map(|(stage, seconds)| (stage.as_str(), *seconds)),
        )
    }
}

/// What to export, and where to show progress.
struct Exports<'a> {
    args: &'a BuildArgs,
    formats: &'a [ExportFormat],
    iris: &'a Iris,
    bar: &'a indicatif::ProgressBar,
}

impl Exports<'_> {
    /// Stage the exports `args` asks for (and, with no store, the saved graph `graph.json`):
    /// they are moved into place together once the store is written, or not at all.
    fn write(
        &self,
        output: &BuildOutput,
        quads: &QuadTable,
    ) -> (anyhow::Result<Exported>, Staging) {
        let mut staging = Staging::default();
        match self.stage_all(output, quads, &mut staging) {
            Ok(exported) => (Ok(exported), staging),
            // dropping what was staged removes it: no export of this build replaces any
            Err(e) => (Err(e), Staging::default()),
        }
    }

    fn stage_all(
        &self,
        output: &BuildOutput,
        quads: &QuadTable,
        staging: &mut Staging,
    ) -> anyhow::Result<Exported> {
        let mut exported = Exported::default();
        let graph_formats = !self.args.no_exports && self.formats.iter().any(|f| !f.is_rdf());
        // The default property graph, made once: for the graph exports and, with no store, the
        // metrics saved in graph.json (the store's graph.json gets them alongside the store).
        let graph = (self.args.no_store || graph_formats).then(|| {
            let config = GraphConfig {
                iris: self.iris.clone(),
                ..GraphConfig::default()
            };
            exported.timed("making the property graph", || {
                PropertyGraph::new(&output.graph, &config)
            })
        });
        if self.args.no_store {
            // no store to keep it beside: the graph goes with the exports
            let graph_json = self.args.out.join(snapshot::FILE_NAME);
            let metrics = graph.as_ref().and_then(PropertyGraph::stored_metrics);
            exported
                .timed("writing graph.json", || {
                    snapshot::stage(&output.graph, metrics.as_ref(), &graph_json, staging)
                })
                .with_context(|| format!("failed to write `{}`", graph_json.display()))?;
            exported.paths.push(graph_json.display().to_string());
        }
        if !self.args.no_exports {
            self.stage_formats(graph.as_ref(), quads, staging, &mut exported)?;
        }
        Ok(exported)
    }

    /// The exports `args` asks for; `graph` is the default property graph when a graph format
    /// is among them.
    fn stage_formats(
        &self,
        graph: Option<&PropertyGraph>,
        quads: &QuadTable,
        staging: &mut Staging,
        exported: &mut Exported,
    ) -> anyhow::Result<()> {
        let Self {
            formats, iris, bar, ..
        } = *self;
        let graph_formats: Vec<ExportFormat> =
            formats.iter().copied().filter(|f| !f.is_rdf()).collect();
        if let Some(graph) = graph.filter(|_| !graph_formats.is_empty()) {
            bar.set_message("writing the Gephi exports");
            let sources = Sources {
                quads: None,
                graph: Some(graph),
            };
            for format in graph_formats {
                self.stage(format, sources, staging, exported)?;
            }
        }
        let sources = Sources {
            quads: Some((quads, iris)),
            graph: None,
        };
        for format in formats.iter().filter(|f| f.is_rdf()) {
            self.stage(*format, sources, staging, exported)?;
        }
        Ok(())
    }

    /// Stage one export at its place in `--out`.
    fn stage(
        &self,
        format: ExportFormat,
        sources: Sources<'_>,
        staging: &mut Staging,
        exported: &mut Exported,
    ) -> anyhow::Result<()> {
        let path = format.default_path(&self.args.out);
        if format.is_rdf() {
            self.bar.set_message(format!("writing {}", path.display()));
        }
        let paths = exported
            .timed(&format!("writing {}", format.name()), || {
                diplograph::export::write(format, sources, Destination::Path(&path), staging)
            })
            .with_context(|| format!("failed to write `{}`", path.display()))?;
        exported
            .paths
            .extend(paths.iter().map(|p| p.display().to_string()));
        Ok(())
    }
}

/// The program's identity for the extraction cache: version plus the executable's size and
/// modification time, so a rebuilt binary never reuses another's extractions.
fn program_tag() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{modified}", m.len())
        })
        .unwrap_or_default();
    format!("diplograph {} {exe}", env!("CARGO_PKG_VERSION"))
}

/// Wall time of each stage of a build, for the closing summary.
#[derive(Default)]
struct StageTimer {
    marks: std::sync::Mutex<Vec<(String, Instant)>>,
}

impl StageTimer {
    fn mark(&self, stage: &str) {
        if let Ok(mut marks) = self.marks.lock() {
            marks.push((stage.to_owned(), Instant::now()));
        }
    }

    fn summary(&self) -> String {
        let Ok(marks) = self.marks.lock() else {
            return String::new();
        };
        stage_list(marks.windows(2).map(|pair| {
            let seconds = pair[1].1.duration_since(pair[0].1).as_secs_f64();
            (pair[0].0.as_str(), seconds)
        }))
    }
}

/// Stages and their seconds as the closing summary shows them: `making quads 0.48s, ...`.
fn stage_list<'a>(stages: impl Iterator<Item = (&'a str, f64)>) -> String {
    stages
        .map(|(stage, seconds)| format!("{stage} {seconds:.2}s"))
        .collect::<Vec<_>>()
        .join(", ")
}
