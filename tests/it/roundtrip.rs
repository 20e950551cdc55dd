//! Every RDF export parses back to the graph it was written from.

use std::collections::BTreeSet;

use diplograph::export::ExportFormat;
use diplograph::export::rdf::{keeps_graphs, rdf_format, write_quads};
use diplograph::model::{
    DocumentId, DocumentMeta, Entity, EntityId, EntityType, KnowledgeGraph, Object, Predicate,
    Provenance, Relation, RelationKind, Source, Span,
};
use diplograph::rdf::{Iris, to_quads};
use oxigraph::io::RdfParser;
use oxigraph::model::{Dataset, Graph, GraphName, Quad, Triple};
use proptest::prelude::*;

use crate::common::bundled;

fn parse(bytes: &[u8], format: ExportFormat) -> Vec<Quad> {
    RdfParser::from_format(rdf_format(format).unwrap())
        .for_slice(bytes)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{} does not re-parse: {e}", format.name()))
}

/// Assert that writing `quads` in `format` and parsing it back gives an isomorphic dataset
/// (or graph, for formats that merge named graphs).
fn assert_roundtrip(quads: &[Quad], format: ExportFormat) {
    let mut bytes = Vec::new();
    write_quads(quads, format, &Iris::default(), &mut bytes).unwrap();
    let parsed = parse(&bytes, format);
    if keeps_graphs(format) {
        let mut expected: Dataset = quads.iter().collect();
        let mut actual: Dataset = parsed.iter().collect();
        expected.canonicalize(oxigraph::model::dataset::CanonicalizationAlgorithm::Unstable);
        actual.canonicalize(oxigraph::model::dataset::CanonicalizationAlgorithm::Unstable);
        assert_eq!(expected, actual, "{} round trip", format.name());
    } else {
        let mut expected: Graph = quads
            .iter()
            .map(|q| Triple::new(q.subject.clone(), q.predicate.clone(), q.object.clone()))
            .collect();
        let mut actual: Graph = parsed
            .iter()
            .map(|q| {
                assert_eq!(q.graph_name, GraphName::DefaultGraph);
                Triple::new(q.subject.clone(), q.predicate.clone(), q.object.clone())
            })
            .collect();
        expected.canonicalize(oxigraph::model::dataset::CanonicalizationAlgorithm::Unstable);
        actual.canonicalize(oxigraph::model::dataset::CanonicalizationAlgorithm::Unstable);
        assert_eq!(expected, actual, "{} round trip", format.name());
    }
}

#[test]
fn bundled_graph_roundtrips_through_every_rdf_format() {
    let quads = to_quads(&bundled().graph, &Iris::default());
    for format in ExportFormat::RDF {
        assert_roundtrip(&quads, *format);
    }
}

#[test]
fn exports_are_deterministic() {
    let quads = to_quads(&bundled().graph, &Iris::default());
    let mut reversed = quads.clone();
    reversed.reverse();
    for format in ExportFormat::RDF {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write_quads(&quads, *format, &Iris::default(), &mut a).unwrap();
        write_quads(&reversed, *format, &Iris::default(), &mut b).unwrap();
        assert!(a == b, "{} depends on input order", format.name());
    }
}

fn small_graph(labels: Vec<String>, evidence: String) -> KnowledgeGraph {
    let doc = DocumentId::new("doc").unwrap();
    let mut kg = KnowledgeGraph::default();
    kg.documents.insert(
        doc.clone(),
        DocumentMeta {
            id: doc.clone(),
            title: labels.first().cloned().unwrap_or_default(),
            title_en: None,
            publisher: "p".into(),
            author: None,
            source: "s".into(),
            date: "2013-10-03".parse().unwrap(),
            language: "ja".into(),
            rights: "r".into(),
            original_file: None,
            content_hash: "h".into(),
            char_len: 1,
        },
    );
    let ids: BTreeSet<String> = (0..labels.len()).map(|i| format!("e{i}")).collect();
    for (i, label) in labels.iter().enumerate() {
        let mut entity = Entity::new(
            EntityId::new(format!("e{i}")).unwrap(),
            EntityType::ALL[i % 11],
            label.clone(),
        );
        entity.label_ja = Some(format!("{label}（日本語）"));
        entity.aliases_ja = vec![label.chars().rev().collect()];
        kg.entities.insert(entity.id.clone(), entity);
    }
    for (i, id) in ids.iter().enumerate().skip(1) {
        kg.relations.push(Relation {
            subject: EntityId::new(id.clone()).unwrap(),
            predicate: RelationKind::Known(Predicate::ALL[i % Predicate::ALL.len()]),
            object: if i % 3 == 0 {
                Object::Literal(labels[i].clone())
            } else {
                Object::Entity(EntityId::new("e0").unwrap())
            },
            date: Some("2013-10".parse().unwrap()),
            provenance: Provenance {
                source: Source::Document(doc.clone()),
                sentence: Some(i),
                span: Some(Span {
                    start: i,
                    end: i + 3,
                }),
                rule: "test".into(),
                confidence: 0.5,
                evidence: Some(evidence.clone()),
            },
        });
    }
    kg.normalize();
    kg
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn arbitrary_labels_roundtrip(
        labels in proptest::collection::vec("\\PC{0,12}|[&<>\"'\\\\\n\r\t ]{1,6}|[日米英サイバー対話「」（）]{1,8}", 1..6),
        evidence in "\\PC{0,30}",
    ) {
        let kg = small_graph(labels, evidence);
        let quads = to_quads(&kg, &Iris::default());
        for format in ExportFormat::RDF {
            assert_roundtrip(&quads, *format);
        }
    }
}
