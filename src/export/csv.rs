//! Gephi spreadsheet tables: `nodes.csv` and `edges.csv` (Data Laboratory → Import
//! Spreadsheet), also handy for pandas, R and spreadsheets.
//!
//! # Wire format
//!
//! UTF-8 without BOM, comma-separated, a header row, `\n` line ends, fields quoted only when
//! they hold a comma, a quote or a line break (quotes doubled, RFC 4180). An absent value is an
//! empty field.
//!
//! `nodes.csv`: `Id`, `Label`, `Type`, then `label_ja`, `event_type`, `wikidata`, `iri`,
//! `country`, `provisional` (`true`/`false`), `first_date`, `last_date`, `degree`,
//! `in_degree`, `out_degree`, and with metrics `pagerank`, `betweenness`, `component`, then
//! `Interval`.
//!
//! `edges.csv`: `Source`, `Target`, `Type` (always `Directed`, Gephi's edge direction column),
//! `Id`, `Label`, `Weight`, `predicate`, `date`, `end_date`, `confidence`, `documents`,
//! `Interval`.
//!
//! The attributes are those of [`crate::graph`]'s wire format (`Label` = `label`, `Type` in
//! nodes.csv = `type`, `Weight` = `weight`). `Interval` is Gephi's interval set of the node or
//! edge in days: `<[2013-10-03, 2013-10-04]>`, several as `<[a, b]; [c, d]>`, an open end as
//! `Infinity`; empty when undated (always present).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Staging;
use crate::error::{Error, Result};
use crate::graph::{EdgeAttr, NodeAttr, PartialDateRange, PropertyGraph, day_ranges};

/// File name of the node table.
pub const NODES_FILE: &str = "nodes.csv";
/// File name of the edge table.
pub const EDGES_FILE: &str = "edges.csv";

fn csv_error(e: csv::Error) -> Error {
    Error::export(format!("write failed: {e}")).caused_by(e)
}

/// Gephi's interval-set text of day ranges (empty for none).
pub fn interval_text(ranges: &[PartialDateRange]) -> String {
    if ranges.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = ranges
        .iter()
        .map(|(start, end)| {
            let end = end.map_or_else(|| "Infinity".to_owned(), |d| d.to_string());
            format!("[{start}, {end}]")
        })
        .collect();
    format!("<{}>", parts.join("; "))
}

fn node_column(attr: NodeAttr) -> &'static str {
    match attr {
        NodeAttr::Label => "Label",
        NodeAttr::Type => "Type",
        other => other.name(),
    }
}

fn edge_column(attr: EdgeAttr) -> &'static str {
    match attr {
        EdgeAttr::Label => "Label",
        EdgeAttr::Weight => "Weight",
        other => other.name(),
    }
}

/// Write the node table.
pub fn write_nodes(graph: &PropertyGraph, out: impl Write) -> Result<()> {
    let mut attrs = vec![NodeAttr::Label, NodeAttr::Type];
    attrs.extend(
        graph
            .node_attrs()
            .into_iter()
            .filter(|a| !matches!(a, NodeAttr::Label | NodeAttr::Type)),
    );
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["Id"];
    header.extend(attrs.iter().map(|a| node_column(*a)));
    header.push("Interval");
    writer.write_record(&header).map_err(csv_error)?;
    let mut buf = String::new();
    for node in graph.nodes() {
        writer.write_field(&node.id).map_err(csv_error)?;
        for attr in &attrs {
            buf.clear();
            attr.write_text(node, &mut buf);
            writer.write_field(&buf).map_err(csv_error)?;
        }
        let interval = node
            .interval
            .map(|i| interval_text(&[(i.first_day(), i.last_day())]))
            .unwrap_or_default();
        writer.write_field(interval).map_err(csv_error)?;
        writer.write_record(None::<&[u8]>).map_err(csv_error)?;
    }
    writer
        .flush()
        .map_err(|e| Error::export(format!("write failed: {e}")).caused_by(e))
}

/// Write the edge table.
pub fn write_edges(graph: &PropertyGraph, out: impl Write) -> Result<()> {
    let mut attrs = vec![EdgeAttr::Label, EdgeAttr::Weight];
    attrs.extend(
        graph
            .edge_attrs()
            .iter()
            .copied()
            .filter(|a| !matches!(a, EdgeAttr::Label | EdgeAttr::Weight)),
    );
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["Source", "Target", "Type", "Id"];
    header.extend(attrs.iter().map(|a| edge_column(*a)));
    header.push("Interval");
    writer.write_record(&header).map_err(csv_error)?;
    let mut buf = String::new();
    for (source, target, edge) in graph.edges() {
        for field in [&source.id, &target.id] {
            writer.write_field(field).map_err(csv_error)?;
        }
        writer.write_field("Directed").map_err(csv_error)?;
        writer.write_field(&edge.id).map_err(csv_error)?;
        for attr in &attrs {
            buf.clear();
            attr.write_text(edge, &mut buf);
            writer.write_field(&buf).map_err(csv_error)?;
        }
        writer
            .write_field(interval_text(&day_ranges(&edge.spells)))
            .map_err(csv_error)?;
        writer.write_record(None::<&[u8]>).map_err(csv_error)?;
    }
    writer
        .flush()
        .map_err(|e| Error::export(format!("write failed: {e}")).caused_by(e))
}

/// Write `dir/nodes.csv` and `dir/edges.csv` (atomically, both renamed into place once both
/// are complete); returns the two paths.
///
/// ```
/// use diplograph::graph::{GraphConfig, PropertyGraph};
/// use diplograph::KnowledgeGraph;
/// let graph = PropertyGraph::new(&KnowledgeGraph::default(), &GraphConfig::default());
/// let dir = std::env::temp_dir().join(format!("diplograph-doc-csv-{}", std::process::id()));
/// let [nodes, edges] = diplograph::export::csv::write_dir(&graph, &dir)?;
/// assert!(std::fs::read_to_string(&nodes).unwrap().starts_with("Id,Label,Type,"));
/// assert!(std::fs::read_to_string(&edges).unwrap().starts_with("Source,Target,Type,Id,Label,Weight,"));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), diplograph::Error>(())
/// ```
pub fn write_dir(graph: &PropertyGraph, dir: &Path) -> Result<[PathBuf; 2]> {
    let mut staging = Staging::default();
    let paths = stage_dir(graph, dir, &mut staging)?;
    staging.commit()?;
    Ok(paths)
}

/// [`write_dir`] into `staging`: the two files are moved into place when it is committed.
pub fn stage_dir(graph: &PropertyGraph, dir: &Path, staging: &mut Staging) -> Result<[PathBuf; 2]> {
    let nodes = dir.join(NODES_FILE);
    let edges = dir.join(EDGES_FILE);
    staging.stage(&nodes, |w| write_nodes(graph, w))?;
    staging.stage(&edges, |w| write_edges(graph, w))?;
    Ok([nodes, edges])
}
