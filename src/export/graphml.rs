//! GraphML for yEd, Gephi, NetworkX (`read_graphml`), igraph (`Read_GraphML`) and Cytoscape.
//!
//! # Wire format
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <graphml xmlns="http://graphml.graphdrawing.org/xmlns" …>
//!   <key id="n_label" for="node" attr.name="label" attr.type="string"/>
//!   …                                   (every key, declared before the graph)
//!   <graph id="diplograph" edgedefault="directed">
//!     <node id="japan">
//!       <data key="n_label">Japan</data>
//!       …
//!     </node>
//!     <edge id="japan.participatedIn.some-meeting.2013-10-03" source="japan" target="some-meeting">
//!       <data key="e_predicate">participatedIn</data>
//!       …
//!     </edge>
//!   </graph>
//! </graphml>
//! ```
//!
//! Keys: one per attribute of [`crate::graph`]'s wire format, node keys `n_{name}`, edge keys
//! `e_{name}`, `attr.name` = the attribute name, `attr.type` = `string`, `int`, `double` or
//! `boolean`. Node keys come first, in the order of [`NodeAttr::ALL`](crate::graph::NodeAttr),
//! then edge keys. A `<data>` element is written only when the value is present. Node ids are
//! entity slugs (`doc:{slug}` for source documents), edge ids as in the graph module; the graph
//! is directed, parallel edges are separate `<edge>` elements. Text is escaped as described in
//! the `xml` helper (newlines and quotes survive; characters XML cannot carry become U+FFFD).

use std::io::Write;

use super::xml::XmlWriter;
use crate::error::Result;
use crate::graph::{AttrType, PropertyGraph};

fn graphml_type(kind: AttrType) -> &'static str {
    match kind {
        AttrType::Boolean => "boolean",
        AttrType::Int => "int",
        AttrType::Double => "double",
        AttrType::String => "string",
    }
}

/// The `<key>` declarations of one element's attributes ((name, type), key id).
fn declare_keys<'k, W: Write>(
    xml: &mut XmlWriter<W>,
    element: &str,
    keys: impl Iterator<Item = ((&'static str, AttrType), &'k String)>,
) -> Result<()> {
    for ((name, kind), key) in keys {
        xml.empty(
            "key",
            &[
                ("id", key),
                ("for", element),
                ("attr.name", name),
                ("attr.type", graphml_type(kind)),
            ],
        )?;
    }
    Ok(())
}

/// Write `graph` as GraphML.
///
/// ```
/// use diplograph::graph::{GraphConfig, PropertyGraph};
/// use diplograph::KnowledgeGraph;
/// let graph = PropertyGraph::new(&KnowledgeGraph::default(), &GraphConfig::default());
/// let mut out = Vec::new();
/// diplograph::export::graphml::write(&graph, &mut out)?;
/// assert!(String::from_utf8(out).unwrap().contains(r#"<graph id="diplograph" edgedefault="directed">"#));
/// # Ok::<(), diplograph::Error>(())
/// ```
pub fn write(graph: &PropertyGraph, out: impl Write) -> Result<()> {
    let mut xml = XmlWriter::new(out)?;
    xml.start(
        "graphml",
        &[
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    )?;
    let node_attrs = graph.node_attrs();
    let node_keys: Vec<String> = node_attrs
        .iter()
        .map(|a| format!("n_{}", a.name()))
        .collect();
    let edge_keys: Vec<String> = graph
        .edge_attrs()
        .iter()
        .map(|a| format!("e_{}", a.name()))
        .collect();
    let node_decls = node_attrs.iter().map(|a| (a.name(), a.kind()));
    declare_keys(&mut xml, "node", node_decls.zip(&node_keys))?;
    let edge_decls = graph.edge_attrs().iter().map(|a| (a.name(), a.kind()));
    declare_keys(&mut xml, "edge", edge_decls.zip(&edge_keys))?;
    xml.start(
        "graph",
        &[("id", "diplograph"), ("edgedefault", "directed")],
    )?;
    let mut buf = String::new();
    for node in graph.nodes() {
        xml.raw_start("node", &[("id", &node.id)])?;
        for (attr, key) in node_attrs.iter().zip(&node_keys) {
            buf.clear();
            if attr.write_text(node, &mut buf) {
                xml.leaf_text("data", &[("key", key)], &buf)?;
            }
        }
        xml.raw_end("node")?;
    }
    for (source, target, edge) in graph.edges() {
        xml.raw_start(
            "edge",
            &[
                ("id", &edge.id),
                ("source", &source.id),
                ("target", &target.id),
            ],
        )?;
        for (attr, key) in graph.edge_attrs().iter().zip(&edge_keys) {
            buf.clear();
            if attr.write_text(edge, &mut buf) {
                xml.leaf_text("data", &[("key", key)], &buf)?;
            }
        }
        xml.raw_end("edge")?;
    }
    xml.end("graph")?;
    xml.end("graphml")?;
    xml.finish()
}
