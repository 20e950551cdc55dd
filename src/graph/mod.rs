//! The knowledge graph as a directed property graph for network analysis (Gephi, yEd,
//! NetworkX, igraph, Cytoscape): a petgraph [`StableDiGraph`] whose node and edge payloads
//! carry stable ids and typed attributes, plus the metrics of [`metrics`].
//!
//! Invariants: everything here is a pure function of a [`KnowledgeGraph`] and a
//! [`GraphConfig`]; node ids are entity slugs (never petgraph indices); nodes are inserted in
//! id order and edges in (source id, target id, predicate, post, date) order, predicates in
//! vocabulary order then `coParticipation`, so iteration order and every export made from it
//! are deterministic.
//!
//! # Wire format
//!
//! The GraphML, GEXF and CSV writers all write the attributes listed here, with the same
//! names and types (each writer's module doc says where each one goes in its format).
//!
//! **Nodes.** One node per entity of the eleven [`EntityType`]s, events included. Its id is the
//! entity's slug (`japan`), which is also the last segment of its IRI `{base}id/{slug}`.
//! *Posts are not nodes*: a person's post becomes a `holdsPost` edge to the organisation the
//! post belongs to, labelled with the post's title. *Source documents are nodes only with
//! `mentions` on* (type `SourceDocument`, id `doc:{slug}`), as the sources of `mentions`
//! edges; otherwise they appear as the `documents` attribute of the edges they support.
//!
//! | attribute | type | value |
//! |---|---|---|
//! | `label` | string | English label |
//! | `label_ja` | string | Japanese label (absent when unknown) |
//! | `type` | string | `State`, `Ministry`, …, `Event`, …, `Program`, or `SourceDocument` |
//! | `event_type` | string | for events: `Meeting`, `Dialogue`, … |
//! | `wikidata` | string | Wikidata QID (`Q17`) |
//! | `iri` | string | the node's IRI |
//! | `country` | string | slug of the state it belongs to |
//! | `provisional` | boolean | found by extraction, not in the gazetteer |
//! | `first_date`, `last_date` | string | earliest and latest date the node is attested (its own dates and those of its edges; ISO 8601 at its precision: `2013`, `2013-10`, `2013-10-03`) |
//! | `degree`, `in_degree`, `out_degree` | int | edges in + out, parallel edges counted |
//! | `pagerank` | double | weighted PageRank; co-participation counts both ways (with metrics on) |
//! | `betweenness` | double | normalised betweenness on the undirected view (with metrics on; estimated from 500 sources above 5,000 nodes) |
//! | `component` | int | weakly connected component, 0 = largest (with metrics on) |
//!
//! **Edges.** Directed, subject → object of a statement:
//!
//! - every relation whose object is an entity (`participatedIn`, `heldIn`, `partOf`, …);
//!   statements with a literal object are not edges (counted in
//!   [`PropertyGraph::skipped_literals`]);
//! - one `holdsPost` edge per tenure, person → the post's organisation, with the tenure's
//!   interval; dated `holdsPost` statements that fall within a tenure support that edge, others
//!   become edges of their own;
//! - with `mentions` on, one `mentions` edge per (document, entity), weighted by occurrences;
//! - in the entities-only projection, events are removed and every pair of their participants
//!   (`participatedIn` or `hosted`) gets one `coParticipation` edge, from the smaller id to the
//!   larger, weighted by the number of shared events.
//!
//! With [`ParallelEdges::Keep`], one edge per distinct fact (source, predicate, target, date,
//! post), its weight the number of statements saying it; with [`ParallelEdges::Merge`], one
//! edge per ordered node pair, weights summed, predicates and labels joined.
//!
//! | attribute | type | value |
//! |---|---|---|
//! | `predicate` | string | `participatedIn`, `holdsPost`, `other:based-on`, `coParticipation`, `mentions`; merged edges: sorted, `\|`-joined |
//! | `label` | string | the predicate in words (`participated in`), the post title for `holdsPost`; merged: `; `-joined |
//! | `date` | string | earliest date (ISO 8601 at its precision), absent when undated |
//! | `end_date` | string | latest date; absent when undated or open-ended (a tenure still running) |
//! | `weight` | int | number of supporting statements (events for `coParticipation`, occurrences for `mentions`) |
//! | `confidence` | double | highest confidence of the supporting statements |
//! | `documents` | string | source documents of the supporting statements, sorted, `\|`-joined; `gazetteer` for reference data |
//!
//! Edge ids: `{source}.{predicate}.{target}`, then `.{date}` or `.{start}..{end}` when dated and
//! `.post:{post}` for a post; merged edges are `{source}.{target}`. Slugs and dates contain no
//! `.`, so ids are unique and valid XML name tokens.
//!
//! **Time.** Nodes have an interval when they have dates of their own: events from their start
//! to their end (or their one date), other entities from their founding date (open-ended unless
//! they have an end), source documents from their publication date. Edges have one interval per
//! date of their supporting facts (a tenure's interval, a statement's date). A partial date
//! covers its whole month or year. Anything undated is present at all times.

mod attributes;
mod builder;
pub mod metrics;
mod time;

pub use attributes::{AttrType, EdgeAttr, NodeAttr, Value, predicate_words};
use builder::PropertyGraphBuilder;
pub use time::{DateRange, Interval, PartialDateRange, day_ranges};
use time::{earlier, later};

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::NodeIndexable;

use crate::model::{EntityId, EntityType, EventType, KnowledgeGraph, PartialDate};
use crate::rdf::Iris;

/// What a node is: an entity of one of the eleven types, or a source document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    /// An entity (or event).
    Entity(EntityType),
    /// A source document (only with mentions on).
    SourceDocument,
}

impl NodeKind {
    /// Every kind: the entity types in declaration order, then `SourceDocument`.
    pub fn all() -> Vec<Self> {
        EntityType::ALL
            .iter()
            .map(|t| Self::Entity(*t))
            .chain([Self::SourceDocument])
            .collect()
    }

    /// The name written in the `type` attribute.
    pub fn name(self) -> &'static str {
        match self {
            Self::Entity(kind) => kind.name(),
            Self::SourceDocument => "SourceDocument",
        }
    }

    /// Parse a name (exact, case-sensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        if name == "SourceDocument" {
            return Some(Self::SourceDocument);
        }
        EntityType::from_name(name).map(Self::Entity)
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which graph to build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Projection {
    /// Every entity and event, every statement between them.
    #[default]
    Full,
    /// Entities only: events are collapsed into `coParticipation` edges between their
    /// participants, weighted by the number of events.
    Entities,
}

/// What to do with several facts between the same two nodes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ParallelEdges {
    /// One edge per distinct fact (predicate, date, post).
    #[default]
    Keep,
    /// One edge per ordered node pair, weights summed.
    Merge,
}

/// How to turn a [`KnowledgeGraph`] into a [`PropertyGraph`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphConfig {
    /// Full graph or entities only.
    pub projection: Projection,
    /// Keep or merge parallel edges.
    pub parallel_edges: ParallelEdges,
    /// Add source documents as nodes with `mentions` edges to what they mention.
    pub mentions: bool,
    /// Keep only nodes of these kinds (all when `None`).
    pub types: Option<BTreeSet<NodeKind>>,
    /// Keep only dated nodes and edges overlapping this range (undated ones always stay).
    pub dates: DateRange,
    /// Compute PageRank, betweenness and components (degree is always computed).
    pub metrics: bool,
    /// Mints the `iri` attribute.
    pub iris: Iris,
}

impl Default for GraphConfig {
    fn default() -> Self {
        Self {
            projection: Projection::Full,
            parallel_edges: ParallelEdges::Keep,
            mentions: false,
            types: None,
            dates: DateRange::default(),
            metrics: true,
            iris: Iris::default(),
        }
    }
}

impl GraphConfig {
    /// True when this configuration makes the graph whose metrics `build` saves (the full
    /// projection, parallel edges kept, no mentions, no filter): the IRIs and the metrics flag
    /// do not change which nodes and edges there are.
    pub fn has_stored_shape(&self) -> bool {
        self.projection == Projection::Full
            && self.parallel_edges == ParallelEdges::Keep
            && !self.mentions
            && self.types.is_none()
            && self.dates == DateRange::default()
    }
}

/// PageRank, betweenness and component of each node of the graph [`GraphConfig::default`]
/// makes, computed once by `build` and saved with the knowledge graph
/// ([`crate::export::snapshot`]), so that exports need not compute them again
/// ([`PropertyGraph::with_stored_metrics`]).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoredMetrics {
    /// `(id, pagerank, betweenness, component)` per node, in id order.
    pub nodes: Vec<(String, f64, f64, usize)>,
}

/// Metrics of a node.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NodeMetrics {
    /// Incoming edges.
    pub in_degree: usize,
    /// Outgoing edges.
    pub out_degree: usize,
    /// Weighted PageRank, when metrics are on.
    pub pagerank: Option<f64>,
    /// Normalised betweenness, when metrics are on.
    pub betweenness: Option<f64>,
    /// Weakly connected component (0 = largest), when metrics are on.
    pub component: Option<usize>,
}

/// A node's payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Stable id: the entity's slug, or `doc:{slug}` for a source document.
    pub id: String,
    /// Entity type or source document.
    pub kind: NodeKind,
    /// For events, the kind of event.
    pub event_type: Option<EventType>,
    /// English label.
    pub label: String,
    /// Japanese label.
    pub label_ja: Option<String>,
    /// Wikidata QID.
    pub wikidata: Option<String>,
    /// The node's IRI.
    pub iri: String,
    /// The state it belongs to.
    pub country: Option<EntityId>,
    /// Found by extraction, not in the gazetteer.
    pub provisional: bool,
    /// When the node exists, if it has dates of its own.
    pub interval: Option<Interval>,
    /// Earliest date attested (own dates and edges).
    pub first_date: Option<PartialDate>,
    /// Latest date attested (own dates and edges).
    pub last_date: Option<PartialDate>,
    /// Degree and metrics.
    pub metrics: NodeMetrics,
}

impl Node {
    /// Degree: edges in + out.
    pub fn degree(&self) -> usize {
        self.metrics.in_degree + self.metrics.out_degree
    }
}

/// An edge's payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Stable id (see the module doc).
    pub id: String,
    /// Predicate name (`|`-joined when merged).
    pub predicate: Arc<str>,
    /// Human label.
    pub label: Arc<str>,
    /// When the edge holds: one interval per dated fact, sorted; empty = always.
    pub spells: Vec<Interval>,
    /// Number of supporting statements.
    pub weight: u64,
    /// The part of `weight` that is symmetric (co-participation): PageRank follows it both
    /// ways. Not exported.
    pub mutual: u64,
    /// Highest confidence of the supporting statements.
    pub confidence: f64,
    /// Source documents (`gazetteer` for reference data), sorted.
    pub documents: Vec<Arc<str>>,
}

impl Edge {
    /// The earliest date of the edge.
    pub fn date(&self) -> Option<PartialDate> {
        self.spells
            .iter()
            .map(|s| s.start)
            .min_by_key(|d| d.first_day())
    }

    /// The latest date of the edge; `None` when undated or open-ended.
    pub fn end_date(&self) -> Option<PartialDate> {
        if self.spells.iter().any(|s| s.end.is_none()) {
            return None;
        }
        self.spells
            .iter()
            .filter_map(|s| s.end)
            .max_by_key(|d| d.last_day())
    }
}

/// The knowledge graph as a directed property graph (see the module doc).
#[derive(Debug, Clone)]
pub struct PropertyGraph {
    graph: StableDiGraph<Node, Edge>,
    metrics: bool,
    /// Statements left out because their object is a literal, not a node.
    pub skipped_literals: usize,
}

impl PropertyGraph {
    /// Build the property graph of `kg` as `config` says.
    ///
    /// ```
    /// use diplograph::{build::{build, BuildOptions}, DataDir};
    /// use diplograph::graph::{GraphConfig, PropertyGraph};
    /// let kg = build(&DataDir::new("data"), &BuildOptions::default())?.graph;
    /// let graph = PropertyGraph::new(&kg, &GraphConfig::default());
    /// let japan = graph.nodes().find(|n| n.id == "japan").unwrap();
    /// assert_eq!(japan.label_ja.as_deref(), Some("日本"));
    /// assert!(japan.degree() > 0);
    /// # Ok::<(), diplograph::Error>(())
    /// ```
    pub fn new(kg: &KnowledgeGraph, config: &GraphConfig) -> Self {
        let (graph, skipped_literals) = PropertyGraphBuilder::build(kg, config);
        let mut graph = Self {
            graph,
            metrics: config.metrics,
            skipped_literals,
        };
        graph.compute_dates();
        graph.compute_metrics();
        graph
    }

    /// Build from nodes and edges given directly (for synthetic graphs and tests): edges refer
    /// to nodes by position in `nodes`, which must be sorted by id with unique ids.
    pub fn from_parts(nodes: Vec<Node>, edges: Vec<(usize, usize, Edge)>, metrics: bool) -> Self {
        let mut graph = StableDiGraph::with_capacity(nodes.len(), edges.len());
        let indices: Vec<NodeIndex> = nodes.into_iter().map(|n| graph.add_node(n)).collect();
        for (source, target, edge) in edges {
            graph.add_edge(indices[source], indices[target], edge);
        }
        let mut graph = Self {
            graph,
            metrics,
            skipped_literals: 0,
        };
        graph.compute_dates();
        graph.compute_metrics();
        graph
    }

    /// [`PropertyGraph::new`], taking PageRank, betweenness and components from `stored` (what
    /// [`PropertyGraph::stored_metrics`] gave for the same knowledge graph, saved by `build`)
    /// instead of computing them, when they apply: `config` asks for metrics and has the shape
    /// they were computed for ([`GraphConfig::has_stored_shape`]), and `stored` names exactly
    /// the nodes of the graph, in order. Otherwise they are computed, as `new` does. Either way
    /// the graph (and every export of it) is the same, to the bit: the stored numbers are the
    /// computed ones, and JSON keeps an `f64` exactly.
    pub fn with_stored_metrics(
        kg: &KnowledgeGraph,
        config: &GraphConfig,
        stored: Option<&StoredMetrics>,
    ) -> Self {
        let Some(stored) = stored.filter(|_| config.metrics && config.has_stored_shape()) else {
            return Self::new(kg, config);
        };
        let (graph, skipped_literals) = PropertyGraphBuilder::build(kg, config);
        let mut graph = Self {
            graph,
            metrics: false,
            skipped_literals,
        };
        graph.compute_dates();
        graph.compute_metrics();
        if !graph.take_metrics(stored) {
            graph.metrics = true;
            graph.compute_metrics();
        }
        graph
    }

    /// PageRank, betweenness and component of every node, in id order, to save with the
    /// knowledge graph (`None` without metrics).
    pub fn stored_metrics(&self) -> Option<StoredMetrics> {
        if !self.metrics {
            return None;
        }
        let nodes = self
            .nodes()
            .map(|node| {
                let m = &node.metrics;
                (
                    node.id.clone(),
                    m.pagerank.unwrap_or_default(),
                    m.betweenness.unwrap_or_default(),
                    m.component.unwrap_or_default(),
                )
            })
            .collect();
        Some(StoredMetrics { nodes })
    }

    /// Copy `stored` into the nodes when it names them all, in order; false (nothing changed)
    /// otherwise.
    fn take_metrics(&mut self, stored: &StoredMetrics) -> bool {
        let indices: Vec<NodeIndex> = self.graph.node_indices().collect();
        if indices.len() != stored.nodes.len()
            || indices
                .iter()
                .zip(&stored.nodes)
                .any(|(&idx, (id, ..))| self.graph[idx].id != *id)
        {
            return false;
        }
        for (idx, (_, pagerank, betweenness, component)) in indices.into_iter().zip(&stored.nodes) {
            let m = &mut self.graph[idx].metrics;
            m.pagerank = Some(*pagerank);
            m.betweenness = Some(*betweenness);
            m.component = Some(*component);
        }
        self.metrics = true;
        true
    }

    fn compute_dates(&mut self) {
        let mut dates: Vec<(Option<PartialDate>, Option<PartialDate>)> = self
            .graph
            .node_indices()
            .map(|i| {
                let node = &self.graph[i];
                match node.interval {
                    Some(interval) => (Some(interval.start), interval.end),
                    None => (None, None),
                }
            })
            .collect();
        let mut position = vec![0; self.graph.node_bound()];
        for (pos, idx) in self.graph.node_indices().enumerate() {
            position[idx.index()] = pos;
        }
        for edge in self.graph.edge_indices() {
            let Some((source, target)) = self.graph.edge_endpoints(edge) else {
                continue;
            };
            for spell in &self.graph[edge].spells {
                for node in [source, target] {
                    let (first, last) = &mut dates[position[node.index()]];
                    *first = earlier(*first, spell.start);
                    *last = later(*last, spell.end.unwrap_or(spell.start));
                }
            }
        }
        let indices: Vec<NodeIndex> = self.graph.node_indices().collect();
        for (idx, (first, last)) in indices.into_iter().zip(dates) {
            let node = &mut self.graph[idx];
            node.first_date = first;
            node.last_date = last.or(first);
        }
    }

    fn compute_metrics(&mut self) {
        if !self.metrics {
            // Degrees only: count endpoints, no adjacency needed.
            let mut degrees = vec![(0usize, 0usize); self.graph.node_bound()];
            for edge in self.graph.edge_indices() {
                if let Some((source, target)) = self.graph.edge_endpoints(edge) {
                    degrees[source.index()].1 += 1;
                    degrees[target.index()].0 += 1;
                }
            }
            let indices: Vec<NodeIndex> = self.graph.node_indices().collect();
            for idx in indices {
                let m = &mut self.graph[idx].metrics;
                (m.in_degree, m.out_degree) = degrees[idx.index()];
            }
            return;
        }
        let adjacency =
            metrics::Adjacency::new(&self.graph, |e: &Edge| (e.weight as f64, e.mutual as f64));
        let degrees = metrics::degrees(&adjacency);
        let pagerank = metrics::pagerank(&adjacency);
        let betweenness = metrics::betweenness(&adjacency);
        let components = metrics::components(&adjacency);
        for (pos, &idx) in adjacency.nodes.iter().enumerate() {
            let m = &mut self.graph[idx].metrics;
            (m.in_degree, m.out_degree) = degrees[pos];
            m.pagerank = Some(pagerank[pos]);
            m.betweenness = Some(betweenness[pos]);
            m.component = Some(components[pos]);
        }
    }

    /// The underlying petgraph graph.
    pub fn petgraph(&self) -> &StableDiGraph<Node, Edge> {
        &self.graph
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Nodes in id order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.graph.node_indices().map(|i| &self.graph[i])
    }

    /// Edges with their endpoints, in (source id, target id, predicate, post, date) order.
    pub fn edges(&self) -> impl Iterator<Item = (&Node, &Node, &Edge)> {
        self.graph.edge_indices().filter_map(|e: EdgeIndex| {
            let (source, target) = self.graph.edge_endpoints(e)?;
            Some((&self.graph[source], &self.graph[target], &self.graph[e]))
        })
    }

    /// The node attributes this graph carries (metrics only when computed).
    pub fn node_attrs(&self) -> Vec<NodeAttr> {
        NodeAttr::ALL
            .iter()
            .copied()
            .filter(|a| {
                self.metrics
                    || !matches!(
                        a,
                        NodeAttr::PageRank | NodeAttr::Betweenness | NodeAttr::Component
                    )
            })
            .collect()
    }

    /// The edge attributes.
    pub fn edge_attrs(&self) -> &'static [EdgeAttr] {
        EdgeAttr::ALL
    }

    /// True when PageRank, betweenness and components were computed.
    pub fn has_metrics(&self) -> bool {
        self.metrics
    }
}

#[cfg(test)]
mod tests;
