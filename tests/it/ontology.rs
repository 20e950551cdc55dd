//! Every IRI the code writes in the `dg:` namespace is declared in ontology/diplograph.ttl.

use std::collections::BTreeSet;

use diplograph::rdf::vocab::{self, dg};
use diplograph::rdf::{Iris, ONTOLOGY_TTL, to_quads};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};

use crate::common::bundled;

fn declared() -> BTreeSet<String> {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(ONTOLOGY_TTL.as_bytes())
        .map(|q| q.expect("the ontology parses"))
        .filter(|q| q.predicate.as_str() == vocab::rdf::TYPE)
        .filter_map(|q| match q.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_owned()),
            NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect()
}

#[test]
fn every_vocab_constant_is_declared_in_the_ontology() {
    let declared = declared();
    let missing: Vec<&str> = dg::ALL
        .iter()
        .copied()
        .filter(|iri| !declared.contains(*iri))
        .collect();
    assert!(
        missing.is_empty(),
        "not declared in ontology/diplograph.ttl: {missing:?}"
    );
}

#[test]
fn every_dg_iri_in_the_built_graph_is_declared() {
    let declared = declared();
    let mut used = BTreeSet::new();
    for quad in to_quads(&bundled().graph, &Iris::default()) {
        used.insert(quad.predicate.as_str().to_owned());
        if let Term::NamedNode(object) = &quad.object {
            used.insert(object.as_str().to_owned());
        }
    }
    let undeclared: Vec<&String> = used
        .iter()
        .filter(|iri| iri.starts_with(dg::NS) && !declared.contains(*iri))
        .collect();
    assert!(
        undeclared.is_empty(),
        "used but not declared: {undeclared:?}"
    );
}

#[test]
fn every_entity_and_event_type_has_a_class() {
    let declared = declared();
    for kind in diplograph::model::EntityType::ALL {
        assert!(
            declared.contains(diplograph::rdf::class_of(*kind)),
            "{kind}"
        );
    }
    for kind in diplograph::model::EventType::ALL {
        assert!(
            declared.contains(diplograph::rdf::event_class_of(*kind)),
            "{kind}"
        );
    }
}
