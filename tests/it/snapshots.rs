//! Golden files of what users see: every RDF export of the mini fixture.

use diplograph::export::ExportFormat;
use diplograph::export::rdf::write_quads;
use diplograph::rdf::{Iris, ONTOLOGY_GRAPH, to_quads};

use crate::common::mini;

#[test]
fn rdf_exports_of_the_mini_fixture() {
    // The ontology graph is left out: it has its own test, and would churn every snapshot.
    let quads: Vec<_> = to_quads(&mini().graph, &Iris::default())
        .into_iter()
        .filter(|q| !q.graph_name.to_string().contains(ONTOLOGY_GRAPH))
        .collect();
    for format in ExportFormat::RDF {
        let mut bytes = Vec::new();
        write_quads(&quads, *format, &Iris::default(), &mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        insta::assert_snapshot!(format!("mini.{}", format.file_extension()), text);
    }
}
