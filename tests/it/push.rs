//! `diplograph push` into a real Oxigraph server (the `oxigraph` CLI from PyPI) on loopback.

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diplograph::rdf::open_store;
use oxigraph::model::NamedOrBlankNode;

use crate::net::{client, free_port, require, run_bounded, store_dir};

/// An `oxigraph serve` process with a fresh database, killed when dropped.
struct Oxigraph {
    child: Child,
    url: String,
    _db: tempfile::TempDir,
}

impl Oxigraph {
    fn start() -> Self {
        require(
            "oxigraph",
            "--version",
            "the Python package `oxigraph` (pip install -r .ci/requirements.txt)",
        );
        let db = tempfile::tempdir().unwrap();
        let port = free_port();
        let child = Command::new("oxigraph")
            .args(["serve", "--location"])
            .arg(db.path())
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
            _db: db,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while client().get(&format!("{}/", server.url)).call().is_err() {
            assert!(
                Instant::now() < deadline,
                "oxigraph did not answer on {} within 60 s",
                server.url
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    /// Triples per named graph, asked over SPARQL.
    fn counts(&self) -> BTreeMap<String, u64> {
        let query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";
        let mut response = client()
            .get(&format!(
                "{}/query?query={}",
                self.url,
                diplograph::serve::form_encode(query)
            ))
            .header("Accept", "application/sparql-results+json")
            .call()
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let json: serde_json::Value =
            serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
        json["results"]["bindings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["g"]["value"].as_str().unwrap().to_owned(),
                    b["n"]["value"].as_str().unwrap().parse().unwrap(),
                )
            })
            .collect()
    }
}

impl Drop for Oxigraph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn push(endpoint: &str) -> (bool, String) {
    let (ok, _, err) = run_bounded(
        Command::new(env!("CARGO_BIN_EXE_diplograph"))
            .args(["push", "--store"])
            .arg(store_dir())
            .args(["--endpoint", endpoint]),
        Duration::from_secs(300),
    );
    (ok, err)
}

#[test]
fn push_puts_one_graph_per_document_into_a_real_oxigraph_server() {
    let server = Oxigraph::start();
    let local: BTreeMap<String, u64> = {
        let store = open_store(store_dir()).unwrap();
        let mut counts = BTreeMap::new();
        for graph in store.named_graphs() {
            let NamedOrBlankNode::NamedNode(graph) = graph.unwrap() else {
                continue;
            };
            let n = store
                .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
                .count();
            counts.insert(graph.into_string(), n as u64);
        }
        counts
    };
    let documents = crate::common::bundled().graph.documents.len();
    assert!(local.len() > documents, "{local:?}");

    let endpoint = format!("{}/store", server.url);
    let (ok, err) = push(&endpoint);
    assert!(ok, "{err}");
    assert!(
        err.contains(&format!("pushed {} graphs", local.len())),
        "{err}"
    );
    assert_eq!(server.counts(), local);

    // PUT replaces: pushing again leaves the same graphs, not twice the triples.
    let (ok, err) = push(&endpoint);
    assert!(ok, "{err}");
    assert_eq!(server.counts(), local);

    // The server answers the analysts' questions like the local store.
    let mut response = client()
        .get(&format!(
            "{}/query?query={}",
            server.url,
            diplograph::serve::form_encode(
                "SELECT ?l WHERE { GRAPH ?g { <https://w3id.org/diplograph/id/japan> \
                 <http://www.w3.org/2000/01/rdf-schema#label> ?l } } ORDER BY ?l"
            )
        ))
        .header("Accept", "text/csv")
        .call()
        .unwrap();
    assert_eq!(
        response.body_mut().read_to_string().unwrap(),
        "l\r\nJapan\r\n日本\r\n"
    );

    // A wrong endpoint is reported with the server's status.
    let (ok, err) = push(&format!("{}/no-such-service", server.url));
    assert!(!ok);
    assert!(err.contains("status 404"), "{err}");
}
