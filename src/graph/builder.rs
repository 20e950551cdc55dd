//! Building the property graph from a [`KnowledgeGraph`]: nodes in id order, facts gathered
//! with their support, then edges in (source, target, predicate, post, date) order (see the
//! parent module's doc for what becomes a node or an edge).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use petgraph::stable_graph::{NodeIndex, StableDiGraph};

use super::{
    Edge, GraphConfig, Interval, Node, NodeKind, NodeMetrics, ParallelEdges, Projection,
    predicate_words,
};
use crate::model::{
    DocumentId, EntityId, EntityType, KnowledgeGraph, PartialDate, PostId, Predicate, Provenance,
    RelationKind, Source,
};

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

pub(super) struct PropertyGraphBuilder<'a> {
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

impl<'a> PropertyGraphBuilder<'a> {
    /// The nodes and edges of `kg` as `config` says, and how many statements were left out
    /// for having a literal object.
    pub(super) fn build(
        kg: &'a KnowledgeGraph,
        config: &'a GraphConfig,
    ) -> (StableDiGraph<Node, Edge>, usize) {
        let mut builder = Self {
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
        (builder.graph, builder.skipped_literals)
    }
}
