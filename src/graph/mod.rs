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

pub mod metrics;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::NodeIndexable;

use crate::model::{
    DocumentId, EntityId, EntityType, EventType, KnowledgeGraph, PartialDate, PostId, Predicate,
    Provenance, RelationKind, Source,
};
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

/// A time interval: from `start` to `end` (both inclusive, partial dates covering their whole
/// month or year); `end` is `None` when open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    /// The first date.
    pub start: PartialDate,
    /// The last date, `None` when still running.
    pub end: Option<PartialDate>,
}

impl Interval {
    /// The interval of one date (a day, month or year).
    pub fn point(date: PartialDate) -> Self {
        Self {
            start: date,
            end: Some(date),
        }
    }

    /// The first day.
    pub fn first_day(self) -> PartialDate {
        self.start.first_day()
    }

    /// The last day, `None` when open-ended.
    pub fn last_day(self) -> Option<PartialDate> {
        self.end.map(PartialDate::last_day)
    }
}

/// A range of days: first day, last day (`None` when open-ended).
pub type PartialDateRange = (PartialDate, Option<PartialDate>);

/// Intervals as sorted, non-overlapping day ranges: what Gephi's interval sets accept.
/// Overlapping intervals are joined.
pub fn day_ranges(intervals: &[Interval]) -> Vec<PartialDateRange> {
    let mut days: Vec<PartialDateRange> = intervals
        .iter()
        .map(|i| (i.first_day(), i.last_day()))
        .collect();
    days.sort();
    let mut joined: Vec<PartialDateRange> = Vec::with_capacity(days.len());
    for (start, end) in days {
        if let Some(last) = joined.last_mut()
            && last.1.is_none_or(|last_end| start <= last_end)
        {
            last.1 = match (last.1, end) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
            continue;
        }
        joined.push((start, end));
    }
    joined
}

/// An optional date range `[from, to]` (partial dates cover their whole month or year).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    /// Earliest date kept.
    pub from: Option<PartialDate>,
    /// Latest date kept.
    pub to: Option<PartialDate>,
}

impl DateRange {
    /// True when `interval` overlaps the range.
    pub fn overlaps(&self, interval: Interval) -> bool {
        let starts_in_time = self
            .to
            .is_none_or(|to| interval.first_day() <= to.last_day());
        let ends_in_time = match (self.from, interval.last_day()) {
            (Some(from), Some(last)) => from.first_day() <= last,
            _ => true,
        };
        starts_in_time && ends_in_time
    }

    /// True when an optional interval is kept: undated things always are.
    pub fn keeps(&self, interval: Option<Interval>) -> bool {
        interval.is_none_or(|i| self.overlaps(i))
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

/// The type of an attribute value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    /// `true` / `false`.
    Boolean,
    /// A 64-bit integer.
    Int,
    /// A 64-bit float.
    Double,
    /// Text.
    String,
}

/// An attribute value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Double(f64),
    /// Text.
    Str(Cow<'a, str>),
}

impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bool(b) => write!(f, "{b}"),
            Self::Int(i) => write!(f, "{i}"),
            // Shortest text that parses back to the same f64; never exponent notation.
            Self::Double(x) => write!(f, "{x}"),
            Self::Str(s) => f.write_str(s),
        }
    }
}

impl Value<'_> {
    /// The value as text: borrowed for strings, written into `buf` otherwise.
    pub fn as_text<'b>(&'b self, buf: &'b mut String) -> &'b str {
        use std::fmt::Write as _;
        match self {
            Self::Str(s) => s,
            other => {
                buf.clear();
                // Writing into a String cannot fail.
                let _ = write!(buf, "{other}");
                buf
            }
        }
    }
}

macro_rules! attrs {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = ($label:literal, $kind:ident)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every attribute, in output order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The attribute's name in every format.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $label),+
                }
            }

            /// The attribute's type.
            pub fn kind(self) -> AttrType {
                match self {
                    $(Self::$variant => AttrType::$kind),+
                }
            }
        }
    };
}

attrs!(
    /// The node attributes (see the module doc).
    NodeAttr {
        /// English label.
        Label = ("label", String),
        /// Japanese label.
        LabelJa = ("label_ja", String),
        /// Entity type.
        Type = ("type", String),
        /// Event type.
        EventType = ("event_type", String),
        /// Wikidata QID.
        Wikidata = ("wikidata", String),
        /// IRI.
        Iri = ("iri", String),
        /// Country slug.
        Country = ("country", String),
        /// Provisional flag.
        Provisional = ("provisional", Boolean),
        /// Earliest date.
        FirstDate = ("first_date", String),
        /// Latest date.
        LastDate = ("last_date", String),
        /// Degree.
        Degree = ("degree", Int),
        /// In-degree.
        InDegree = ("in_degree", Int),
        /// Out-degree.
        OutDegree = ("out_degree", Int),
        /// PageRank.
        PageRank = ("pagerank", Double),
        /// Betweenness.
        Betweenness = ("betweenness", Double),
        /// Component.
        Component = ("component", Int),
    }
);

attrs!(
    /// The edge attributes (see the module doc).
    EdgeAttr {
        /// Predicate.
        Predicate = ("predicate", String),
        /// Label.
        Label = ("label", String),
        /// Earliest date.
        Date = ("date", String),
        /// Latest date.
        EndDate = ("end_date", String),
        /// Supporting statements.
        Weight = ("weight", Int),
        /// Highest confidence.
        Confidence = ("confidence", Double),
        /// Source documents.
        Documents = ("documents", String),
    }
);

fn count(n: usize) -> Value<'static> {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn text(s: &str) -> Value<'_> {
    Value::Str(Cow::Borrowed(s))
}

fn date(d: PartialDate) -> Value<'static> {
    Value::Str(Cow::Owned(d.to_string()))
}

fn push_date(out: &mut String, date: Option<PartialDate>) -> bool {
    use std::fmt::Write as _;
    match date {
        // Writing into a String cannot fail.
        Some(d) => write!(out, "{d}").is_ok(),
        None => false,
    }
}

fn push_str(out: &mut String, text: Option<&str>) -> bool {
    match text {
        Some(t) => {
            out.push_str(t);
            true
        }
        None => false,
    }
}

fn push_display(out: &mut String, value: impl fmt::Display) -> bool {
    use std::fmt::Write as _;
    // Writing into a String cannot fail.
    write!(out, "{value}").is_ok()
}

impl NodeAttr {
    /// Append the attribute's text on `node` to `out` (what [`NodeAttr::value`] displays,
    /// without allocating); false when absent.
    pub fn write_text(self, node: &Node, out: &mut String) -> bool {
        let m = &node.metrics;
        match self {
            Self::Label => push_str(out, Some(&node.label)),
            Self::LabelJa => push_str(out, node.label_ja.as_deref()),
            Self::Type => push_str(out, Some(node.kind.name())),
            Self::EventType => push_str(out, node.event_type.map(EventType::name)),
            Self::Wikidata => push_str(out, node.wikidata.as_deref()),
            Self::Iri => push_str(out, Some(&node.iri)),
            Self::Country => push_str(out, node.country.as_ref().map(EntityId::as_str)),
            Self::Provisional => push_display(out, node.provisional),
            Self::FirstDate => push_date(out, node.first_date),
            Self::LastDate => push_date(out, node.last_date),
            Self::Degree => push_display(out, node.degree()),
            Self::InDegree => push_display(out, m.in_degree),
            Self::OutDegree => push_display(out, m.out_degree),
            Self::PageRank => m.pagerank.is_some_and(|x| push_display(out, x)),
            Self::Betweenness => m.betweenness.is_some_and(|x| push_display(out, x)),
            Self::Component => m.component.is_some_and(|x| push_display(out, x)),
        }
    }

    /// The attribute's value on `node` (`None` = absent).
    pub fn value(self, node: &Node) -> Option<Value<'_>> {
        let m = &node.metrics;
        match self {
            Self::Label => Some(text(&node.label)),
            Self::LabelJa => node.label_ja.as_deref().map(text),
            Self::Type => Some(text(node.kind.name())),
            Self::EventType => node.event_type.map(|t| text(t.name())),
            Self::Wikidata => node.wikidata.as_deref().map(text),
            Self::Iri => Some(text(&node.iri)),
            Self::Country => node.country.as_ref().map(|c| text(c.as_str())),
            Self::Provisional => Some(Value::Bool(node.provisional)),
            Self::FirstDate => node.first_date.map(date),
            Self::LastDate => node.last_date.map(date),
            Self::Degree => Some(count(node.degree())),
            Self::InDegree => Some(count(m.in_degree)),
            Self::OutDegree => Some(count(m.out_degree)),
            Self::PageRank => m.pagerank.map(Value::Double),
            Self::Betweenness => m.betweenness.map(Value::Double),
            Self::Component => m.component.map(count),
        }
    }
}

impl EdgeAttr {
    /// Append the attribute's text on `edge` to `out` (what [`EdgeAttr::value`] displays,
    /// without allocating); false when absent.
    pub fn write_text(self, edge: &Edge, out: &mut String) -> bool {
        match self {
            Self::Predicate => push_str(out, Some(&edge.predicate)),
            Self::Label => push_str(out, Some(&edge.label)),
            Self::Date => push_date(out, edge.date()),
            Self::EndDate => push_date(out, edge.end_date()),
            Self::Weight => push_display(out, edge.weight),
            Self::Confidence => push_display(out, edge.confidence),
            Self::Documents => {
                for (i, document) in edge.documents.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    out.push_str(document);
                }
                true
            }
        }
    }

    /// The attribute's value on `edge` (`None` = absent).
    pub fn value(self, edge: &Edge) -> Option<Value<'_>> {
        match self {
            Self::Predicate => Some(text(&edge.predicate)),
            Self::Label => Some(text(&edge.label)),
            Self::Date => edge.date().map(date),
            Self::EndDate => edge.end_date().map(date),
            Self::Weight => Some(Value::Int(i64::try_from(edge.weight).unwrap_or(i64::MAX))),
            Self::Confidence => Some(Value::Double(edge.confidence)),
            Self::Documents => Some(Value::Str(Cow::Owned(edge.documents.join("|")))),
        }
    }
}

/// The predicate name in words: `participatedIn` → `participated in`,
/// `other:based-on` → `based on`.
pub fn predicate_words(name: &str) -> String {
    let name = name.strip_prefix("other:").unwrap_or(name);
    let mut words = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            words.push(' ');
            words.push(c.to_ascii_lowercase());
        } else if c == '-' {
            words.push(' ');
        } else {
            words.push(c);
        }
    }
    words
}

/// The knowledge graph as a directed property graph (see the module doc).
#[derive(Debug, Clone)]
pub struct PropertyGraph {
    graph: StableDiGraph<Node, Edge>,
    metrics: bool,
    /// Statements left out because their object is a literal, not a node.
    pub skipped_literals: usize,
}

/// What kind of fact an edge stands for (ordered: relations in vocabulary order, then
/// co-participation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum FactKind<'a> {
    Relation(&'a RelationKind),
    CoParticipation,
}

static HOLDS_POST: RelationKind = RelationKind::Known(Predicate::HoldsPost);
static MENTIONS: RelationKind = RelationKind::Known(Predicate::Mentions);

/// The key of one fact while edges are collected.
type EdgeKey<'a> = (
    NodeIndex,
    NodeIndex,
    FactKind<'a>,
    Option<&'a PostId>,
    Option<Interval>,
);

/// One statement (or, for co-participation, one event) supporting a fact.
#[derive(Debug, Clone, Copy)]
struct Support<'a> {
    interval: Option<Interval>,
    provenance: &'a Provenance,
    /// Adds one to the weight (false for the further statements of one co-participation).
    counts: bool,
    /// Symmetric weight (co-participation).
    mutual: bool,
}

/// The facts of one edge (or of one node pair, when merging), gathered from its supports.
#[derive(Debug, Default)]
struct Gathered {
    predicates: BTreeSet<Arc<str>>,
    labels: BTreeSet<Arc<str>>,
    spells: Vec<Interval>,
    undated: bool,
    weight: u64,
    mutual: u64,
    confidence: f64,
    documents: Vec<Arc<str>>,
}

fn document_name(source: &Source) -> &str {
    match source {
        Source::Document(id) => id.as_str(),
        Source::Gazetteer { .. } => "gazetteer",
    }
}

fn document_node_id(id: &DocumentId) -> String {
    format!("doc:{id}")
}

/// Shared strings: predicate names, labels and document names repeat on many edges (a hash
/// map is fine here: it is only looked up, never iterated).
#[derive(Default)]
struct Names {
    strings: HashMap<String, Arc<str>>,
}

impl Names {
    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.strings.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.strings.insert(text.to_owned(), shared.clone());
        shared
    }
}

/// A fact's predicate name and label.
type FactNames = (Arc<str>, Arc<str>);

struct PropertyGraphBuilder<'a> {
    kg: &'a KnowledgeGraph,
    config: &'a GraphConfig,
    graph: StableDiGraph<Node, Edge>,
    entity_index: HashMap<&'a EntityId, NodeIndex>,
    facts: Vec<(EdgeKey<'a>, Support<'a>)>,
    names: Names,
    fact_names: HashMap<(FactKind<'a>, Option<&'a PostId>), FactNames>,
    skipped_literals: usize,
}

impl<'a> PropertyGraphBuilder<'a> {
    fn keeps_kind(&self, kind: NodeKind) -> bool {
        self.config.types.as_ref().is_none_or(|t| t.contains(&kind))
    }

    fn add_nodes(&mut self) {
        let collapse_events = self.config.projection == Projection::Entities;
        let mut nodes: Vec<(Node, Option<&'a EntityId>)> = Vec::new();
        for entity in self.kg.entities.values() {
            let kind = NodeKind::Entity(entity.kind);
            if !self.keeps_kind(kind) || (collapse_events && entity.kind == EntityType::Event) {
                continue;
            }
            let interval = match (entity.interval(), &entity.event) {
                ((Some(start), end), Some(_)) => Some(Interval {
                    start,
                    end: Some(end.unwrap_or(start)),
                }),
                ((Some(start), end), None) => Some(Interval { start, end }),
                _ => None,
            };
            if !self.config.dates.keeps(interval) {
                continue;
            }
            nodes.push((
                Node {
                    id: entity.id.to_string(),
                    kind,
                    event_type: entity.event.as_ref().map(|e| e.kind),
                    label: entity.label_en.clone(),
                    label_ja: entity.label_ja.clone(),
                    wikidata: entity.wikidata.clone(),
                    iri: self.config.iris.entity(&entity.id).into_string(),
                    country: entity.country.clone(),
                    provisional: entity.provisional,
                    interval,
                    first_date: None,
                    last_date: None,
                    metrics: NodeMetrics::default(),
                },
                Some(&entity.id),
            ));
        }
        if self.config.mentions && self.keeps_kind(NodeKind::SourceDocument) {
            for meta in self.kg.documents.values() {
                let interval = Some(Interval {
                    start: meta.date,
                    end: None,
                });
                if !self.config.dates.keeps(interval) {
                    continue;
                }
                nodes.push((
                    Node {
                        id: document_node_id(&meta.id),
                        kind: NodeKind::SourceDocument,
                        event_type: None,
                        label: meta.title_en.clone().unwrap_or_else(|| meta.title.clone()),
                        label_ja: (meta.language == "ja").then(|| meta.title.clone()),
                        wikidata: None,
                        iri: self.config.iris.document(&meta.id).into_string(),
                        country: None,
                        provisional: false,
                        interval,
                        first_date: None,
                        last_date: None,
                        metrics: NodeMetrics::default(),
                    },
                    None,
                ));
            }
        }
        nodes.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        for (node, entity) in nodes {
            let idx = self.graph.add_node(node);
            if let Some(entity) = entity {
                self.entity_index.insert(entity, idx);
            }
        }
    }

    fn node(&self, id: &EntityId) -> Option<NodeIndex> {
        self.entity_index.get(id).copied()
    }

    /// Record a statement supporting the fact `key`.
    fn fact(&mut self, key: EdgeKey<'a>, provenance: &'a Provenance) {
        let support = Support {
            interval: key.4,
            provenance,
            counts: true,
            mutual: false,
        };
        self.facts.push((key, support));
    }

    /// Predicate name and label of a fact (computed once per kind and post).
    fn names_of(&mut self, kind: FactKind<'a>, post: Option<&'a PostId>) -> FactNames {
        if let Some(names) = self.fact_names.get(&(kind, post)) {
            return names.clone();
        }
        let names = self.make_names(kind, post);
        self.fact_names.insert((kind, post), names.clone());
        names
    }

    fn make_names(&mut self, kind: FactKind<'_>, post: Option<&PostId>) -> FactNames {
        match kind {
            FactKind::CoParticipation => (
                self.names.get("coParticipation"),
                self.names.get("co-participation"),
            ),
            FactKind::Relation(relation) => {
                let name = relation.name();
                let label = match post {
                    Some(post) => self
                        .kg
                        .posts
                        .get(post)
                        .map_or_else(|| post.to_string(), |p| p.label_en.clone()),
                    None => predicate_words(&name),
                };
                (self.names.get(&name), self.names.get(&label))
            }
        }
    }

    fn add_tenures(&mut self) {
        let kg = self.kg;
        for tenure in &kg.tenures {
            let interval = Interval {
                start: tenure.start,
                end: tenure.end,
            };
            let (Some(person), Some(post)) =
                (self.node(&tenure.person), kg.posts.get(&tenure.post))
            else {
                continue;
            };
            let Some(organization) = self.node(&post.organization) else {
                continue;
            };
            if !self.config.dates.overlaps(interval) {
                continue;
            }
            let key = (
                person,
                organization,
                FactKind::Relation(&HOLDS_POST),
                Some(&tenure.post),
                Some(interval),
            );
            self.fact(key, &tenure.provenance);
        }
    }

    /// Event id → its participants (participatedIn / hosted), for the entities projection.
    fn participations(
        &self,
    ) -> BTreeMap<&'a EntityId, BTreeMap<&'a EntityId, Vec<&'a Provenance>>> {
        let mut events: BTreeMap<&EntityId, BTreeMap<&EntityId, Vec<&Provenance>>> =
            BTreeMap::new();
        for relation in &self.kg.relations {
            let (
                RelationKind::Known(Predicate::ParticipatedIn | Predicate::Hosted),
                crate::model::Object::Entity(event),
            ) = (&relation.predicate, &relation.object)
            else {
                continue;
            };
            if self
                .kg
                .entities
                .get(event)
                .is_some_and(|e| e.kind == EntityType::Event)
            {
                events
                    .entry(event)
                    .or_default()
                    .entry(&relation.subject)
                    .or_default()
                    .push(&relation.provenance);
            }
        }
        events
    }

    fn add_co_participation(&mut self) {
        for (event_id, participants) in self.participations() {
            let Some(event) = self.kg.entities.get(event_id) else {
                continue;
            };
            let interval = match event.interval() {
                (Some(start), end) => Some(Interval {
                    start,
                    end: Some(end.unwrap_or(start)),
                }),
                _ => None,
            };
            if !self.config.dates.keeps(interval) {
                continue;
            }
            let present: Vec<(NodeIndex, &Vec<&Provenance>)> = participants
                .iter()
                .filter_map(|(id, provenance)| self.node(id).map(|idx| (idx, provenance)))
                .collect();
            for (i, (a, a_provenance)) in present.iter().enumerate() {
                for (b, b_provenance) in &present[i + 1..] {
                    let key = (*a, *b, FactKind::CoParticipation, None, None);
                    // One event is one co-participation, however many statements say so.
                    for (i, provenance) in
                        a_provenance.iter().chain(b_provenance.iter()).enumerate()
                    {
                        let support = Support {
                            interval,
                            provenance,
                            counts: i == 0,
                            mutual: i == 0,
                        };
                        self.facts.push((key, support));
                    }
                }
            }
        }
    }

    fn add_relations(&mut self) {
        use crate::model::Object;
        let kg = self.kg;
        // Tenures already stand for the gazetteer's own holdsPost statements.
        let tenure_rows: BTreeSet<(&EntityId, &PostId, PartialDate)> = kg
            .tenures
            .iter()
            .map(|t| (&t.person, &t.post, t.start))
            .collect();
        for relation in &kg.relations {
            let interval = relation.date.map(Interval::point);
            if !self.config.dates.keeps(interval) {
                continue;
            }
            let Some(subject) = self.node(&relation.subject) else {
                continue;
            };
            let predicate = FactKind::Relation(&relation.predicate);
            match &relation.object {
                Object::Literal(_) => self.skipped_literals += 1,
                Object::Entity(object) => {
                    let Some(object) = self.node(object) else {
                        continue;
                    };
                    let key = (subject, object, predicate, None, interval);
                    self.fact(key, &relation.provenance);
                }
                Object::Post(post_id) => {
                    let Some(post) = kg.posts.get(post_id) else {
                        continue;
                    };
                    let Some(organization) = self.node(&post.organization) else {
                        continue;
                    };
                    if let (Source::Gazetteer { .. }, Some(date)) =
                        (&relation.provenance.source, relation.date)
                        && tenure_rows.contains(&(&relation.subject, post_id, date))
                    {
                        continue;
                    }
                    let tenure = relation.date.and_then(|date| {
                        kg.tenures.iter().find(|t| {
                            t.person == relation.subject && &t.post == post_id && t.covers(date)
                        })
                    });
                    let interval = match tenure {
                        Some(t) => Some(Interval {
                            start: t.start,
                            end: t.end,
                        }),
                        None => interval,
                    };
                    let key = (subject, organization, predicate, Some(post_id), interval);
                    self.fact(key, &relation.provenance);
                }
            }
        }
    }

    fn add_mentions(&mut self) {
        let document_index: BTreeMap<String, NodeIndex> = self
            .graph
            .node_indices()
            .filter(|&i| self.graph[i].kind == NodeKind::SourceDocument)
            .map(|i| (self.graph[i].id.clone(), i))
            .collect();
        let kg = self.kg;
        for mention in &kg.mentions {
            let (Some(&document), Some(entity)) = (
                document_index.get(&document_node_id(&mention.document)),
                self.node(&mention.entity),
            ) else {
                continue;
            };
            let date = self.kg.documents.get(&mention.document).map(|d| d.date);
            let key = (
                document,
                entity,
                FactKind::Relation(&MENTIONS),
                None,
                date.map(Interval::point),
            );
            self.fact(key, &mention.provenance);
        }
    }

    /// Gather the supports of one fact into `into`.
    fn gather(
        &mut self,
        key: EdgeKey<'a>,
        supports: &[(EdgeKey<'a>, Support<'a>)],
        into: &mut Gathered,
    ) {
        let (predicate, label) = self.names_of(key.2, key.3);
        into.predicates.insert(predicate);
        into.labels.insert(label);
        let mut last_source: Option<&Source> = None;
        for (_, support) in supports {
            match support.interval {
                Some(interval) => {
                    if !into.spells.contains(&interval) {
                        into.spells.push(interval);
                    }
                }
                None => into.undated = true,
            }
            into.weight += u64::from(support.counts);
            into.mutual += u64::from(support.mutual);
            into.confidence = into.confidence.max(support.provenance.confidence);
            let source = &support.provenance.source;
            if last_source != Some(source) {
                last_source = Some(source);
                let name = self.names.get(document_name(source));
                if !into.documents.contains(&name) {
                    into.documents.push(name);
                }
            }
        }
    }

    fn add_edges(&mut self) {
        use std::fmt::Write as _;
        let mut facts = std::mem::take(&mut self.facts);
        // Stable, so supports keep their (deterministic) order within a fact.
        facts.sort_by(|a, b| a.0.cmp(&b.0));
        let merge = self.config.parallel_edges == ParallelEdges::Merge;
        let mut pair: Option<(NodeIndex, NodeIndex)> = None;
        let mut gathered = Gathered::default();
        let mut start = 0;
        while start < facts.len() {
            let key = facts[start].0;
            let end = start + facts[start..].iter().take_while(|f| f.0 == key).count();
            let (source, target, _, post, interval) = key;
            if merge {
                // Facts are sorted by node pair first: a new pair closes the previous one.
                if let Some((a, b)) = pair
                    && (a, b) != (source, target)
                {
                    self.insert_merged(a, b, std::mem::take(&mut gathered));
                }
                pair = Some((source, target));
                self.gather(key, &facts[start..end], &mut gathered);
            } else {
                self.gather(key, &facts[start..end], &mut gathered);
                let mut id = String::with_capacity(80);
                // Writing into a String cannot fail.
                let _ = write!(
                    id,
                    "{}.{}.{}",
                    self.graph[source].id,
                    gathered.predicates.first().map_or("", |p| &**p),
                    self.graph[target].id
                );
                if let Some(interval) = interval {
                    let _ = write!(id, ".{}", interval.start);
                    if interval.end != Some(interval.start) {
                        id.push_str("..");
                        if let Some(end) = interval.end {
                            let _ = write!(id, "{end}");
                        }
                    }
                }
                if let Some(post) = post {
                    id.push_str(".post:");
                    id.push_str(post.as_str());
                }
                self.insert_edge(source, target, id, std::mem::take(&mut gathered));
            }
            start = end;
        }
        if let Some((a, b)) = pair {
            self.insert_merged(a, b, gathered);
        }
    }

    /// Insert the one edge of a node pair whose parallel edges are merged (id `source.target`).
    fn insert_merged(&mut self, source: NodeIndex, target: NodeIndex, gathered: Gathered) {
        let id = format!("{}.{}", self.graph[source].id, self.graph[target].id);
        self.insert_edge(source, target, id, gathered);
    }

    fn insert_edge(
        &mut self,
        source: NodeIndex,
        target: NodeIndex,
        id: String,
        gathered: Gathered,
    ) {
        let join = |set: &BTreeSet<Arc<str>>, separator: &str| {
            set.iter().map(|s| &**s).collect::<Vec<_>>().join(separator)
        };
        let predicate = match gathered.predicates.len() {
            1 => gathered.predicates.first().cloned(),
            _ => None,
        }
        .unwrap_or_else(|| self.names.get(&join(&gathered.predicates, "|")));
        let label = match gathered.labels.len() {
            1 => gathered.labels.first().cloned(),
            _ => None,
        }
        .unwrap_or_else(|| self.names.get(&join(&gathered.labels, "; ")));
        let spells = if gathered.undated {
            Vec::new()
        } else {
            let mut spells = gathered.spells;
            spells.sort();
            spells.dedup();
            spells
        };
        let mut documents = gathered.documents;
        documents.sort();
        documents.dedup();
        self.graph.add_edge(
            source,
            target,
            Edge {
                id,
                predicate,
                label,
                spells,
                weight: gathered.weight,
                mutual: gathered.mutual,
                confidence: gathered.confidence,
                documents,
            },
        );
    }
}

fn earlier(a: Option<PartialDate>, b: PartialDate) -> Option<PartialDate> {
    Some(a.map_or(b, |a| if b.first_day() < a.first_day() { b } else { a }))
}

fn later(a: Option<PartialDate>, b: PartialDate) -> Option<PartialDate> {
    Some(a.map_or(b, |a| if b.last_day() > a.last_day() { b } else { a }))
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
        let mut builder = PropertyGraphBuilder {
            kg,
            config,
            graph: StableDiGraph::new(),
            entity_index: HashMap::new(),
            facts: Vec::new(),
            names: Names::default(),
            fact_names: HashMap::new(),
            skipped_literals: 0,
        };
        builder.add_nodes();
        builder.add_tenures();
        if config.projection == Projection::Entities {
            builder.add_co_participation();
        }
        builder.add_relations();
        if config.mentions {
            builder.add_mentions();
        }
        builder.add_edges();
        let mut graph = Self {
            graph: builder.graph,
            metrics: config.metrics,
            skipped_literals: builder.skipped_literals,
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
