//! `diplograph stats`, and the graph options it shares with `export`.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use diplograph::export::snapshot;
use diplograph::graph::{
    DateRange, GraphConfig, NodeKind, ParallelEdges, Projection, PropertyGraph,
};
use diplograph::model::PartialDate;
use diplograph::rdf::Iris;

use super::CommonArgs;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ProjectionArg {
    /// Every entity and event, every statement between them.
    Full,
    /// Entities only: events collapse into co-participation edges weighted by count.
    Entities,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ParallelArg {
    /// One edge per fact (predicate, date, post), weighted by its statements.
    Keep,
    /// One edge per node pair, weights summed.
    Merge,
}

fn parse_kind(text: &str) -> Result<NodeKind, String> {
    NodeKind::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = NodeKind::all().iter().map(|k| k.name()).collect();
        format!("unknown type `{text}`: use {}", names.join(", "))
    })
}

fn parse_date(text: &str) -> Result<PartialDate, String> {
    text.parse::<PartialDate>().map_err(|e| e.to_string())
}

/// Which graph to build from the knowledge graph (shared by `export` and `stats`).
#[derive(Debug, Clone, Args)]
pub(crate) struct GraphArgs {
    /// Read this graph file instead of the store's (`{store}.graph.json`, checked against the
    /// store's manifest): the `graph.json` of a `build --no-store`.
    #[arg(long, value_name = "FILE")]
    pub(crate) graph: Option<PathBuf>,
    /// Full graph, or entities only (events collapsed into co-participation edges).
    #[arg(long, value_enum, default_value_t = ProjectionArg::Full)]
    projection: ProjectionArg,
    /// Keep one edge per fact, or merge parallel edges into one per node pair.
    #[arg(long, value_enum, default_value_t = ParallelArg::Keep)]
    parallel_edges: ParallelArg,
    /// Add source documents as nodes with `mentions` edges (off by default: they would dwarf
    /// everything else).
    #[arg(long)]
    mentions: bool,
    /// Keep only nodes of these types, comma-separated (State, Ministry, Agency, Official,
    /// Organization, WorkingGroup, InternationalForum, Event, Document, Place, Program,
    /// SourceDocument).
    #[arg(long, value_delimiter = ',', value_parser = parse_kind, value_name = "TYPES")]
    types: Vec<NodeKind>,
    /// Keep only dated nodes and edges from this date on (2013, 2013-10 or 2013-10-03);
    /// undated ones always stay.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    from: Option<PartialDate>,
    /// Keep only dated nodes and edges up to this date.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    to: Option<PartialDate>,
    /// Skip PageRank, betweenness and components (degree is always computed).
    #[arg(long)]
    no_metrics: bool,
}

impl GraphArgs {
    /// The library configuration.
    pub(crate) fn config(&self, iris: &Iris) -> GraphConfig {
        GraphConfig {
            projection: match self.projection {
                ProjectionArg::Full => Projection::Full,
                ProjectionArg::Entities => Projection::Entities,
            },
            parallel_edges: match self.parallel_edges {
                ParallelArg::Keep => ParallelEdges::Keep,
                ParallelArg::Merge => ParallelEdges::Merge,
            },
            mentions: self.mentions,
            types: (!self.types.is_empty()).then(|| self.types.iter().copied().collect()),
            dates: DateRange {
                from: self.from,
                to: self.to,
            },
            metrics: !self.no_metrics,
            iris: iris.clone(),
        }
    }

    /// Read the knowledge graph (the store's, or `--graph`) and build the property graph.
    pub(crate) fn load(&self, common: &CommonArgs) -> anyhow::Result<PropertyGraph> {
        let config = self.config(&common.base);
        let saved = match &self.graph {
            Some(path) => snapshot::read_saved(path)
                .with_context(|| format!("failed to read the graph `{}`", path.display()))?,
            None => {
                diplograph::incremental::read_saved_graph(&common.store).with_context(|| {
                    format!(
                        "failed to read the graph of the store `{}`",
                        common.store.display()
                    )
                })?
            }
        };
        Ok(PropertyGraph::with_stored_metrics(
            &saved.graph,
            &config,
            saved.metrics.as_ref(),
        ))
    }
}

/// Print graph metrics: counts by type and predicate, components, and the top nodes by
/// degree, PageRank and betweenness.
#[derive(Debug, Args)]
pub(crate) struct StatsArgs {
    #[command(flatten)]
    common: CommonArgs,
    #[command(flatten)]
    graph: GraphArgs,
    /// How many nodes to list in each ranking.
    #[arg(long, default_value_t = 10, value_name = "N")]
    top: usize,
}

pub(crate) fn run(args: &StatsArgs) -> anyhow::Result<ExitCode> {
    let progress = super::spinner("reading the graph and computing its metrics");
    let graph = args.graph.load(&args.common);
    progress.finish_and_clear();
    let graph = graph?;
    let mut out = std::io::BufWriter::new(crate::cli::stdout());
    write_stats(&graph, args.top, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_stats(
    graph: &PropertyGraph,
    top: usize,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let mut by_type: BTreeMap<NodeKind, usize> = BTreeMap::new();
    for node in graph.nodes() {
        *by_type.entry(node.kind).or_default() += 1;
    }
    let mut by_predicate: BTreeMap<&str, usize> = BTreeMap::new();
    let mut weight = 0;
    for (_, _, edge) in graph.edges() {
        *by_predicate.entry(&*edge.predicate).or_default() += 1;
        weight += edge.weight;
    }
    let joined = |items: Vec<String>| items.join(", ");
    writeln!(
        out,
        "nodes: {} ({})",
        graph.node_count(),
        joined(by_type.iter().map(|(k, n)| format!("{n} {k}")).collect())
    )?;
    writeln!(
        out,
        "edges: {} carrying {weight} statements ({})",
        graph.edge_count(),
        joined(
            by_predicate
                .iter()
                .map(|(p, n)| format!("{n} {p}"))
                .collect()
        )
    )?;
    if graph.skipped_literals > 0 {
        writeln!(
            out,
            "statements with a literal object (not edges): {}",
            graph.skipped_literals
        )?;
    }
    let nodes: Vec<_> = graph.nodes().collect();
    if graph.has_metrics() {
        let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
        for node in &nodes {
            if let Some(c) = node.metrics.component {
                *sizes.entry(c).or_default() += 1;
            }
        }
        let shown: Vec<String> = sizes.values().take(10).map(ToString::to_string).collect();
        let more = if sizes.len() > 10 { ", …" } else { "" };
        writeln!(
            out,
            "weakly connected components: {} (sizes {}{more})",
            sizes.len(),
            shown.join(", ")
        )?;
    }
    type Score<'a> = (
        &'a str,
        Box<dyn Fn(&diplograph::graph::Node) -> f64 + 'a>,
        bool,
    );
    let mut rankings: Vec<Score> = vec![("degree", Box::new(|n| n.degree() as f64), false)];
    if graph.has_metrics() {
        rankings.push((
            "pagerank",
            Box::new(|n| n.metrics.pagerank.unwrap_or(0.0)),
            true,
        ));
        rankings.push((
            "betweenness",
            Box::new(|n| n.metrics.betweenness.unwrap_or(0.0)),
            true,
        ));
    }
    for (name, score, float) in rankings {
        let mut ranked: Vec<_> = nodes.iter().map(|n| (score(n), *n)).collect();
        // Highest first; ties by id (the node order), so the listing is deterministic.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        writeln!(out, "\ntop {top} by {name}:")?;
        for (rank, (value, node)) in ranked.iter().take(top).enumerate() {
            let value = if float {
                format!("{value:.6}")
            } else {
                format!("{value}")
            };
            writeln!(
                out,
                "{:>3}. {value:>10}  {} ({}, {})",
                rank + 1,
                node.label,
                node.id,
                node.kind
            )?;
        }
    }
    Ok(())
}
