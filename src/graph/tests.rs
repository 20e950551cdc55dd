use super::*;
use crate::model::{
    DocumentId, Entity, EventInfo, Object, Predicate, Provenance, Relation, RelationKind, Source,
};
use std::sync::Arc;

fn id(slug: &str) -> EntityId {
    EntityId::new(slug).unwrap()
}

fn date(text: &str) -> PartialDate {
    text.parse().unwrap()
}

fn doc(slug: &str) -> Provenance {
    Provenance {
        source: Source::Document(DocumentId::new(slug).unwrap()),
        sentence: None,
        span: None,
        rule: "curated".to_owned(),
        confidence: 1.0,
        evidence: None,
    }
}

/// Three states at two events (2013 and 2016), an undated cooperation and an agency.
fn kg() -> KnowledgeGraph {
    let mut kg = KnowledgeGraph::default();
    for (slug, kind) in [
        ("a", EntityType::State),
        ("b", EntityType::State),
        ("c", EntityType::State),
        ("nisc", EntityType::Agency),
    ] {
        kg.entities
            .insert(id(slug), Entity::new(id(slug), kind, slug.to_uppercase()));
    }
    for (slug, on) in [("e2013", "2013-10-03"), ("e2016", "2016-02")] {
        let mut event = Entity::new(id(slug), EntityType::Event, slug);
        event.event = Some(EventInfo {
            kind: EventType::Meeting,
            start: Some(date(on)),
            end: None,
        });
        kg.entities.insert(id(slug), event);
    }
    let mut relate = |s: &str, p: Predicate, o: &str, on: Option<&str>, from: &str| {
        kg.relations.push(Relation {
            subject: id(s),
            predicate: RelationKind::Known(p),
            object: Object::Entity(id(o)),
            date: on.map(date),
            provenance: doc(from),
        });
    };
    relate(
        "a",
        Predicate::ParticipatedIn,
        "e2013",
        Some("2013-10-03"),
        "d1",
    );
    relate(
        "b",
        Predicate::ParticipatedIn,
        "e2013",
        Some("2013-10-03"),
        "d1",
    );
    relate(
        "c",
        Predicate::ParticipatedIn,
        "e2013",
        Some("2013-10-03"),
        "d1",
    );
    relate("a", Predicate::Hosted, "e2016", Some("2016-02"), "d2");
    relate(
        "b",
        Predicate::ParticipatedIn,
        "e2016",
        Some("2016-02"),
        "d2",
    );
    relate("a", Predicate::CooperatesWith, "b", None, "d1");
    relate("a", Predicate::CooperatesWith, "b", None, "d2");
    relate("nisc", Predicate::PartOf, "a", None, "d1");
    kg.normalize();
    kg
}

fn edges(graph: &PropertyGraph) -> Vec<(String, u64)> {
    graph
        .edges()
        .map(|(_, _, e)| (e.id.clone(), e.weight))
        .collect()
}

#[test]
fn full_graph_keeps_one_edge_per_fact_weighted_by_statements() {
    let graph = PropertyGraph::new(&kg(), &GraphConfig::default());
    assert_eq!(graph.node_count(), 6);
    assert_eq!(
        edges(&graph),
        [
            ("a.cooperatesWith.b".to_owned(), 2),
            ("a.participatedIn.e2013.2013-10-03".to_owned(), 1),
            ("a.hosted.e2016.2016-02".to_owned(), 1),
            ("b.participatedIn.e2013.2013-10-03".to_owned(), 1),
            ("b.participatedIn.e2016.2016-02".to_owned(), 1),
            ("c.participatedIn.e2013.2013-10-03".to_owned(), 1),
            ("nisc.partOf.a".to_owned(), 1),
        ]
    );
}

#[test]
fn entities_projection_collapses_events_into_weighted_co_participation() {
    let config = GraphConfig {
        projection: Projection::Entities,
        ..GraphConfig::default()
    };
    let graph = PropertyGraph::new(&kg(), &config);
    assert!(
        graph
            .nodes()
            .all(|n| n.kind != NodeKind::Entity(EntityType::Event))
    );
    assert_eq!(
        edges(&graph),
        [
            ("a.cooperatesWith.b".to_owned(), 2),
            ("a.coParticipation.b".to_owned(), 2),
            ("a.coParticipation.c".to_owned(), 1),
            ("b.coParticipation.c".to_owned(), 1),
            ("nisc.partOf.a".to_owned(), 1),
        ]
    );
    let (_, _, ab) = graph.edges().nth(1).unwrap();
    assert_eq!(ab.spells.len(), 2);
    assert_eq!(ab.date(), Some(date("2013-10-03")));
    assert_eq!(ab.end_date(), Some(date("2016-02")));
}

#[test]
fn merge_joins_parallel_edges_and_sums_weights() {
    let config = GraphConfig {
        projection: Projection::Entities,
        parallel_edges: ParallelEdges::Merge,
        ..GraphConfig::default()
    };
    let graph = PropertyGraph::new(&kg(), &config);
    let (_, _, ab) = graph.edges().next().unwrap();
    assert_eq!(ab.id, "a.b");
    assert_eq!(&*ab.predicate, "coParticipation|cooperatesWith");
    assert_eq!(&*ab.label, "co-participation; cooperates with");
    assert_eq!(ab.weight, 4);
    // An undated fact holds at all times, so the merged edge does too.
    assert!(ab.spells.is_empty());
    assert_eq!(ab.documents, [Arc::from("d1"), Arc::from("d2")]);
}

#[test]
fn type_and_date_filters_drop_nodes_and_their_edges_but_keep_undated_ones() {
    let config = GraphConfig {
        types: Some(
            [
                NodeKind::Entity(EntityType::State),
                NodeKind::Entity(EntityType::Event),
            ]
            .into(),
        ),
        dates: DateRange {
            from: Some(date("2015")),
            to: None,
        },
        ..GraphConfig::default()
    };
    let graph = PropertyGraph::new(&kg(), &config);
    let ids: Vec<&str> = graph.nodes().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "e2016"]);
    assert_eq!(
        edges(&graph),
        [
            ("a.cooperatesWith.b".to_owned(), 2),
            ("a.hosted.e2016.2016-02".to_owned(), 1),
            ("b.participatedIn.e2016.2016-02".to_owned(), 1),
        ]
    );
}

#[test]
fn date_ranges_use_whole_months_and_years() {
    let range = DateRange {
        from: Some(date("2013-10")),
        to: Some(date("2013")),
    };
    assert!(range.overlaps(Interval::point(date("2013-10-31"))));
    assert!(range.overlaps(Interval::point(date("2013"))));
    assert!(!range.overlaps(Interval::point(date("2013-09-30"))));
    assert!(!range.overlaps(Interval::point(date("2014-01-01"))));
    let open = Interval {
        start: date("2001"),
        end: None,
    };
    assert!(range.overlaps(open));
    assert!(range.keeps(None));
}

#[test]
fn day_ranges_join_overlaps_and_widen_partial_dates() {
    let ranges = day_ranges(&[
        Interval::point(date("2014-04-24")),
        Interval::point(date("2014-04")),
        Interval::point(date("2013-10-03")),
        Interval {
            start: date("2015-06"),
            end: None,
        },
        Interval::point(date("2016")),
    ]);
    assert_eq!(
        ranges,
        [
            (date("2013-10-03"), Some(date("2013-10-03"))),
            (date("2014-04-01"), Some(date("2014-04-30"))),
            (date("2015-06-01"), None),
        ]
    );
}

#[test]
fn predicates_read_as_words() {
    assert_eq!(predicate_words("participatedIn"), "participated in");
    assert_eq!(predicate_words("other:based-on"), "based on");
    assert_eq!(predicate_words("holdsPost"), "holds post");
}

#[test]
fn metrics_are_written_to_nodes_only_when_asked() {
    let graph = PropertyGraph::new(&kg(), &GraphConfig::default());
    let a = graph.nodes().find(|n| n.id == "a").unwrap();
    assert_eq!((a.metrics.in_degree, a.metrics.out_degree), (1, 3));
    assert_eq!(a.metrics.component, Some(0));
    assert!(a.metrics.pagerank.is_some() && a.metrics.betweenness.is_some());
    let sum: f64 = graph.nodes().filter_map(|n| n.metrics.pagerank).sum();
    assert!((sum - 1.0).abs() < 1e-12);
    let config = GraphConfig {
        metrics: false,
        ..GraphConfig::default()
    };
    let graph = PropertyGraph::new(&kg(), &config);
    assert!(!graph.node_attrs().contains(&NodeAttr::PageRank));
    let a = graph.nodes().find(|n| n.id == "a").unwrap();
    assert_eq!(a.degree(), 4);
    assert_eq!(NodeAttr::PageRank.value(a), None);
}

#[test]
fn attribute_text_is_the_displayed_value() {
    let config = GraphConfig {
        projection: Projection::Entities,
        parallel_edges: ParallelEdges::Merge,
        ..GraphConfig::default()
    };
    for graph in [
        PropertyGraph::new(&kg(), &GraphConfig::default()),
        PropertyGraph::new(&kg(), &config),
    ] {
        let mut buf = String::new();
        for node in graph.nodes() {
            for attr in NodeAttr::ALL {
                buf.clear();
                let present = attr.write_text(node, &mut buf);
                let value = attr.value(node).map(|v| v.to_string());
                assert_eq!(
                    present.then(|| buf.clone()),
                    value,
                    "{attr:?} of {}",
                    node.id
                );
            }
        }
        for (_, _, edge) in graph.edges() {
            for attr in EdgeAttr::ALL {
                buf.clear();
                let present = attr.write_text(edge, &mut buf);
                let value = attr.value(edge).map(|v| v.to_string());
                assert_eq!(
                    present.then(|| buf.clone()),
                    value,
                    "{attr:?} of {}",
                    edge.id
                );
            }
        }
    }
}
