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

/// How the fake Graph Store misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Behaviour {
    /// Stores what is PUT and gives it back on GET.
    Honest,
    /// Answers PUT with this redirect.
    Redirect(u16),
    /// Answers 204 to PUT at once without reading the body, and stores nothing.
    AnswerWithoutReading,
    /// Closes the connection without an answer on the third PUT.
    CloseOnThirdPut,
    /// Takes 3 s to answer the second PUT.
    StallOnSecondPut,
    /// Stores what is PUT but offers no GET (405).
    NoGet,
}

/// A Graph Store Protocol server on loopback, scripted, one connection at a time.
struct FakeGsp {
    url: String,
}

impl FakeGsp {
    fn start(behaviour: Behaviour) -> Self {
        use std::io::{BufRead as _, BufReader, Read as _, Write as _};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/store", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let mut graphs: BTreeMap<String, Vec<u8>> = BTreeMap::new();
            let mut puts = 0;
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    continue;
                }
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or("").to_owned();
                let target = parts.next().unwrap_or("").to_owned();
                let mut length = 0usize;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                        break;
                    }
                    if let Some((name, value)) = header.split_once(':')
                        && name.eq_ignore_ascii_case("content-length")
                    {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
                let graph = target.split_once('?').map_or("", |(_, q)| q).to_owned();
                let answer = |stream: &mut std::net::TcpStream,
                              status: &str,
                              extra: &str,
                              body: &[u8]| {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(body);
                };
                if method == "GET" {
                    if behaviour == Behaviour::NoGet {
                        answer(&mut stream, "405 Method Not Allowed", "", b"");
                    } else {
                        let body = graphs.get(&graph).cloned().unwrap_or_default();
                        answer(
                            &mut stream,
                            "200 OK",
                            "Content-Type: application/n-triples\r\n",
                            &body,
                        );
                    }
                    continue;
                }
                puts += 1;
                match behaviour {
                    Behaviour::Redirect(code) => {
                        let mut body = vec![0; length];
                        let _ = reader.read_exact(&mut body);
                        answer(
                            &mut stream,
                            &format!("{code} Moved"),
                            "Location: http://127.0.0.1:9/elsewhere/store\r\n",
                            b"",
                        );
                        continue;
                    }
                    Behaviour::AnswerWithoutReading => {
                        answer(&mut stream, "204 No Content", "", b"");
                        std::thread::sleep(Duration::from_millis(20));
                        continue;
                    }
                    Behaviour::CloseOnThirdPut if puts == 3 => continue,
                    _ => {}
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    continue;
                }
                if behaviour == Behaviour::StallOnSecondPut && puts == 2 {
                    std::thread::sleep(Duration::from_secs(3));
                }
                graphs.insert(graph, body);
                answer(&mut stream, "204 No Content", "", b"");
            }
        });
        Self { url }
    }
}

fn push_with(endpoint: &str, extra: &[&str]) -> (bool, String) {
    let (ok, _, err) = run_bounded(
        Command::new(env!("CARGO_BIN_EXE_diplograph"))
            .args(["push", "--store"])
            .arg(store_dir())
            .args(["--endpoint", endpoint])
            .args(extra),
        Duration::from_secs(120),
    );
    (ok, err)
}

#[test]
fn push_verifies_each_graph_on_an_honest_server() {
    let server = FakeGsp::start(Behaviour::Honest);
    let (ok, err) = push_with(&server.url, &[]);
    assert!(ok, "{err}");
    assert!(!err.contains("not verified"), "{err}");
}

// See: issue 16 item 3, push reported success when nothing was stored.
#[test]
fn regression_16_push_reports_redirects_with_their_location() {
    for code in [301, 302, 303, 307, 308] {
        let server = FakeGsp::start(Behaviour::Redirect(code));
        let (ok, err) = push_with(&server.url, &[]);
        assert!(!ok, "{code}: {err}");
        assert!(
            err.contains(&format!("status {code}"))
                && err.contains("http://127.0.0.1:9/elsewhere/store"),
            "{code}: {err}"
        );
    }
}

#[test]
fn regression_16_push_detects_a_server_that_stores_nothing() {
    let server = FakeGsp::start(Behaviour::AnswerWithoutReading);
    let (ok, err) = push_with(&server.url, &[]);
    assert!(!ok, "{err}");
    assert!(
        err.contains("does not hold what was sent") || err.contains("failed"),
        "{err}"
    );
    assert!(err.contains("https://w3id.org/diplograph/graph/"), "{err}");
}

#[test]
fn regression_16_push_names_the_graph_and_those_pushed_when_a_connection_drops() {
    let server = FakeGsp::start(Behaviour::CloseOnThirdPut);
    let (ok, err) = push_with(&server.url, &[]);
    assert!(!ok, "{err}");
    assert!(err.contains("2 graphs were pushed before it"), "{err}");
    let server = FakeGsp::start(Behaviour::StallOnSecondPut);
    let started = Instant::now();
    let (ok, err) = push_with(&server.url, &["--timeout", "1"]);
    assert!(!ok, "{err}");
    assert!(err.contains("1 graph was pushed before it"), "{err}");
    assert!(
        err.contains("sending <https://w3id.org/diplograph/graph/"),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn push_says_when_graphs_cannot_be_verified() {
    let server = FakeGsp::start(Behaviour::NoGet);
    let (ok, err) = push_with(&server.url, &[]);
    assert!(ok, "{err}");
    assert!(err.contains("not verified"), "{err}");
}
