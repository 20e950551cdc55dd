//! Dynamic GEXF 1.3 for Gephi: its timeline plays the history of the graph.
//!
//! # Wire format
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" … version="1.3">
//!   <meta>
//!     <creator>diplograph</creator>
//!     <description>…</description>
//!   </meta>
//!   <graph mode="dynamic" defaultedgetype="directed" timeformat="date" timerepresentation="interval">
//!     <attributes class="node" mode="static">
//!       <attribute id="label_ja" title="label_ja" type="string"/>
//!       …
//!     </attributes>
//!     <attributes class="edge" mode="static">…</attributes>
//!     <nodes>
//!       <node id="some-meeting" label="Some meeting" start="2013-10-03" end="2013-10-04">
//!         <attvalues>
//!           <attvalue for="type" value="Event"/>
//!           …
//!         </attvalues>
//!         <viz:color r="188" g="189" b="34" a="1.0"/>
//!       </node>
//!     </nodes>
//!     <edges>
//!       <edge id="…" source="japan" target="some-meeting" label="participated in" weight="2" kind="participatedIn" start="2013-10-03" end="2013-10-03">
//!         <attvalues>…</attvalues>
//!       </edge>
//!       <edge …>                                  (an edge with several dated facts)
//!         <attvalues>…</attvalues>
//!         <spells>
//!           <spell start="2013-10-03" end="2013-10-03"/>
//!           <spell start="2015-05-30" end="2015-05-30"/>
//!         </spells>
//!       </edge>
//!     </edges>
//!   </graph>
//! </gexf>
//! ```
//!
//! - The attribute `label` is the node's and edge's `label`, `weight` the edge's `weight` (GEXF
//!   weights are floats: readers give `2.0`); `kind` is the predicate, so Gephi keeps parallel
//!   edges of different predicates apart. Every other attribute of [`crate::graph`]'s wire format
//!   is a static `<attvalue>` with `id` = `title` = its name and type `string`, `integer`,
//!   `double` or `boolean`; absent values are not written.
//! - Time (`timeformat="date"`, days): an element with one interval carries `start` and `end`
//!   (no `end` when open-ended), one with several carries `<spells>`, an undated one neither
//!   (it is always present). Partial dates widen to their first and last day.
//! - `viz:color` by node type (see [`colour`]).
//!
//! No `lastmodifieddate` is written, so the same graph gives the same bytes.

use std::io::Write;

use super::xml::XmlWriter;
use crate::error::Result;
use crate::graph::{
    AttrType, EdgeAttr, NodeAttr, NodeKind, PartialDateRange, PropertyGraph, day_ranges,
};
use crate::model::EntityType;

fn gexf_type(kind: AttrType) -> &'static str {
    match kind {
        AttrType::Boolean => "boolean",
        AttrType::Int => "integer",
        AttrType::Double => "double",
        AttrType::String => "string",
    }
}

/// The colour (r, g, b) of a node type: the Tableau 20 palette, one colour per type.
pub fn colour(kind: NodeKind) -> (u8, u8, u8) {
    match kind {
        NodeKind::Entity(EntityType::State) => (31, 119, 180),
        NodeKind::Entity(EntityType::Ministry) => (255, 127, 14),
        NodeKind::Entity(EntityType::Agency) => (44, 160, 44),
        NodeKind::Entity(EntityType::Official) => (214, 39, 40),
        NodeKind::Entity(EntityType::Organization) => (148, 103, 189),
        NodeKind::Entity(EntityType::WorkingGroup) => (140, 86, 75),
        NodeKind::Entity(EntityType::InternationalForum) => (227, 119, 194),
        NodeKind::Entity(EntityType::Event) => (188, 189, 34),
        NodeKind::Entity(EntityType::Document) => (23, 190, 207),
        NodeKind::Entity(EntityType::Place) => (127, 127, 127),
        NodeKind::Entity(EntityType::Program) => (174, 199, 232),
        NodeKind::SourceDocument => (255, 187, 120),
    }
}

/// The `<attributes class="…">` declaration of one class's attributes (name, type).
fn declare_attributes<W: Write>(
    xml: &mut XmlWriter<W>,
    class: &str,
    attributes: impl Iterator<Item = (&'static str, AttrType)>,
) -> Result<()> {
    xml.start("attributes", &[("class", class), ("mode", "static")])?;
    for (name, kind) in attributes {
        xml.empty(
            "attribute",
            &[("id", name), ("title", name), ("type", gexf_type(kind))],
        )?;
    }
    xml.end("attributes")
}

/// Replace `buf`'s contents with `value`'s text.
fn set(buf: &mut String, value: impl std::fmt::Display) {
    use std::fmt::Write as _;
    buf.clear();
    // writing to a String cannot fail
    let _ = write!(buf, "{value}");
}

/// `start`/`end` attribute values of one day range.
fn bounds((start, end): PartialDateRange) -> (String, Option<String>) {
    (start.to_string(), end.map(|d| d.to_string()))
}

/// Write `graph` as dynamic GEXF 1.3.
///
/// ```
/// use diplograph::graph::{GraphConfig, PropertyGraph};
/// use diplograph::KnowledgeGraph;
/// let graph = PropertyGraph::new(&KnowledgeGraph::default(), &GraphConfig::default());
/// let mut out = Vec::new();
/// diplograph::export::gexf::write(&graph, &mut out)?;
/// assert!(String::from_utf8(out).unwrap().contains(r#"mode="dynamic""#));
/// # Ok::<(), diplograph::Error>(())
/// ```
pub fn write(graph: &PropertyGraph, out: impl Write) -> Result<()> {
    let mut xml = XmlWriter::new(out)?;
    xml.start(
        "gexf",
        &[
            ("xmlns", "http://gexf.net/1.3"),
            ("xmlns:viz", "http://gexf.net/1.3/viz"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            ),
            ("version", "1.3"),
        ],
    )?;
    xml.start("meta", &[])?;
    xml.text_element("creator", &[], "diplograph")?;
    xml.text_element(
        "description",
        &[],
        "Japan's cyber diplomacy: entities, events and statements with their dates",
    )?;
    xml.end("meta")?;
    xml.start(
        "graph",
        &[
            ("mode", "dynamic"),
            ("defaultedgetype", "directed"),
            ("timeformat", "date"),
            ("timerepresentation", "interval"),
        ],
    )?;
    let node_attrs: Vec<NodeAttr> = graph
        .node_attrs()
        .into_iter()
        .filter(|a| *a != NodeAttr::Label)
        .collect();
    let edge_attrs: Vec<EdgeAttr> = graph
        .edge_attrs()
        .iter()
        .copied()
        .filter(|a| !matches!(a, EdgeAttr::Label | EdgeAttr::Weight))
        .collect();
    declare_attributes(
        &mut xml,
        "node",
        node_attrs.iter().map(|a| (a.name(), a.kind())),
    )?;
    declare_attributes(
        &mut xml,
        "edge",
        edge_attrs.iter().map(|a| (a.name(), a.kind())),
    )?;
    let mut buf = String::new();
    xml.start("nodes", &[])?;
    for node in graph.nodes() {
        let times = node.interval.map(|i| bounds((i.first_day(), i.last_day())));
        let mut attributes = vec![("id", node.id.as_str()), ("label", node.label.as_str())];
        if let Some((start, end)) = &times {
            attributes.push(("start", start));
            if let Some(end) = end {
                attributes.push(("end", end));
            }
        }
        xml.raw_start("node", &attributes)?;
        xml.raw_start("attvalues", &[])?;
        for attr in &node_attrs {
            buf.clear();
            if attr.write_text(node, &mut buf) {
                xml.leaf_empty("attvalue", &[("for", attr.name()), ("value", &buf)])?;
            }
        }
        xml.raw_end("attvalues")?;
        let (r, g, b) = colour(node.kind);
        let (r, g, b) = (r.to_string(), g.to_string(), b.to_string());
        xml.leaf_empty(
            "viz:color",
            &[("r", &r), ("g", &g), ("b", &b), ("a", "1.0")],
        )?;
        xml.raw_end("node")?;
    }
    xml.end("nodes")?;
    xml.start("edges", &[])?;
    // buffers reused across the (often millions of) edges
    let (mut weight, mut start, mut end) = (String::new(), String::new(), String::new());
    for (source, target, edge) in graph.edges() {
        set(&mut weight, edge.weight);
        let mut attributes = [("", ""); 8];
        attributes[..6].copy_from_slice(&[
            ("id", edge.id.as_str()),
            ("source", source.id.as_str()),
            ("target", target.id.as_str()),
            ("label", &*edge.label),
            ("weight", weight.as_str()),
            ("kind", &*edge.predicate),
        ]);
        let mut len = 6;
        let spells = day_ranges(&edge.spells);
        if let [(first, last)] = spells.as_slice() {
            set(&mut start, first);
            attributes[len] = ("start", start.as_str());
            len += 1;
            if let Some(last) = last {
                set(&mut end, last);
                attributes[len] = ("end", end.as_str());
                len += 1;
            }
        }
        xml.raw_start("edge", &attributes[..len])?;
        xml.raw_start("attvalues", &[])?;
        for attr in &edge_attrs {
            buf.clear();
            if attr.write_text(edge, &mut buf) {
                xml.leaf_empty("attvalue", &[("for", attr.name()), ("value", &buf)])?;
            }
        }
        xml.raw_end("attvalues")?;
        if spells.len() > 1 {
            xml.raw_start("spells", &[])?;
            for spell in &spells {
                let (start, end) = bounds(*spell);
                match &end {
                    Some(end) => xml.leaf_empty("spell", &[("start", &start), ("end", end)])?,
                    None => xml.leaf_empty("spell", &[("start", &start)])?,
                }
            }
            xml.raw_end("spells")?;
        }
        xml.raw_end("edge")?;
    }
    xml.end("edges")?;
    xml.end("graph")?;
    xml.end("gexf")?;
    xml.finish()
}
