//! `diplograph check` (SHACL) against pyshacl: same verdict on the bundled data, same focus
//! nodes and constraint components on a deliberately broken graph.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use diplograph::DataDir;
use diplograph::build::{BuildOptions, build};
use diplograph::export::{ExportFormat, rdf::write_quads};
use diplograph::rdf::{Iris, QuadTable, load, memory_store, quad_table, to_quads, write_store};
use diplograph::shacl::{BUNDLED_SHAPES, Shapes, validate};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// pyshacl's `focus<TAB>component` lines and verdict (it must be installed: see
/// .ci/requirements.txt).
fn pyshacl(data: &Path) -> (BTreeSet<String>, bool) {
    let output = Command::new("python3")
        .arg(root().join("tests/fixtures/shacl/pyshacl_report.py"))
        .arg(data)
        .arg(root().join("ontology/shapes.ttl"))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "pyshacl failed (pip install -r .ci/requirements.txt): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut rows: BTreeSet<String> = stdout.lines().map(str::to_owned).collect();
    let conforms = rows.remove("conforms\tTrue");
    rows.remove("conforms\tFalse");
    (rows, conforms)
}

#[test]
fn bundled_data_conforms_for_diplograph_and_pyshacl() {
    let output = build(&DataDir::new(root().join("data")), &BuildOptions::default()).unwrap();
    let iris = Iris::default();
    let store = memory_store(&output.graph, &iris).unwrap();
    let shapes = Shapes::parse(BUNDLED_SHAPES, "ontology/shapes.ttl").unwrap();
    let report = validate(&store, &shapes).unwrap();
    assert!(report.conforms(), "{:#?}", report.results);
    assert!(report.focus_nodes > 500, "{}", report.focus_nodes);

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("diplograph.nt");
    let mut file = std::fs::File::create(&data).unwrap();
    let quads = to_quads(&output.graph, &iris);
    write_quads(&quads, ExportFormat::NTriples, &iris, &mut file).unwrap();
    let (rows, conforms) = pyshacl(&data);
    assert!(conforms, "{rows:#?}");
    assert!(rows.is_empty());
}

#[test]
fn check_and_pyshacl_report_the_same_violations_on_a_broken_graph() {
    let fixture = root().join("tests/fixtures/shacl/broken.ttl");
    let (expected, conforms) = pyshacl(&fixture);
    assert!(!conforms);
    assert!(expected.len() >= 10, "{expected:#?}");

    // Into a store, in a named graph as `build` does, then `diplograph check`.
    let graph =
        GraphName::NamedNode(NamedNode::new("https://w3id.org/diplograph/graph/t").unwrap());
    let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&std::fs::read(&fixture).unwrap())
        .map(|q| {
            let q = q.unwrap();
            Quad::new(q.subject, q.predicate, q.object, graph.clone())
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    write_store(&store, &QuadTable::from_quads(&quads)).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_diplograph"))
        .args(["check", "--format", "tsv", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "non-conforming graph exits with 1"
    );
    let found: BTreeSet<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| line.split('\t').take(2).collect::<Vec<_>>().join("\t"))
        .collect();
    assert_eq!(found, expected);

    // The same through the library on an in-memory store.
    let memory = oxigraph::store::Store::new().unwrap();
    load(&memory, &quads).unwrap();
    let shapes = Shapes::parse(BUNDLED_SHAPES, "ontology/shapes.ttl").unwrap();
    let report = validate(&memory, &shapes).unwrap();
    let library: BTreeSet<String> = report
        .results
        .iter()
        .map(|r| format!("{}\t{}", r.focus, r.component))
        .collect();
    assert_eq!(library, expected);
}

#[test]
fn check_text_report_says_conforms() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let output = build(&DataDir::new(root().join("data")), &BuildOptions::default()).unwrap();
    write_store(&store, &quad_table(&output.graph, &Iris::default())).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_diplograph"))
        .args(["check", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("Conforms: True\n"), "{stdout}");
    assert!(stdout.contains("Results (0):"), "{stdout}");
}
