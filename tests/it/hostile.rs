//! The real `diplograph serve` on loopback under slow, idle and hostile clients (issue 16):
//! raw TCP clients that send nothing, trickle, never finish a body, or ask the server to
//! be a proxy; queries meant to exhaust memory or the stack. Every test is bounded in
//! connections and time and talks to 127.0.0.1 only.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crate::net::{Served, client};

fn addr(served: &Served) -> SocketAddr {
    served.url.trim_start_matches("http://").parse().unwrap()
}

/// A normal request answers within `limit`.
fn answers_quickly(served: &Served, limit: Duration) {
    let started = Instant::now();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limit))
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent
        .get(&format!(
            "{}/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D",
            served.url
        ))
        .header("Accept", "application/sparql-results+json")
        .call()
        .unwrap_or_else(|e| panic!("no answer within {limit:?}: {e}"));
    assert_eq!(response.status().as_u16(), 200);
    assert!(started.elapsed() < limit);
}

/// Read what the server sends until it closes or `limit` passes: (text, closed).
fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, bool) {
    let deadline = Instant::now() + limit;
    let mut text = Vec::new();
    let mut chunk = [0u8; 4096];
    while Instant::now() < deadline {
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        match stream.read(&mut chunk) {
            Ok(0) => return (String::from_utf8_lossy(&text).into_owned(), true),
            Ok(n) => text.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return (String::from_utf8_lossy(&text).into_owned(), true),
        }
    }
    (String::from_utf8_lossy(&text).into_owned(), false)
}

// See: issue 16 item 2, 140 half-open connections that send nothing blocked the server.
#[test]
fn regression_16_idle_connections_do_not_block_the_server() {
    let served = Served::start(&[]);
    let idle: Vec<TcpStream> = (0..140)
        .map(|_| TcpStream::connect(addr(&served)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    for _ in 0..5 {
        answers_quickly(&served, Duration::from_secs(5));
    }
    drop(idle);
}

#[test]
fn at_the_connection_bound_the_longest_idle_connection_is_closed_first() {
    let served = Served::start(&["--max-connections", "4"]);
    let mut idle: Vec<TcpStream> = Vec::new();
    for _ in 0..4 {
        idle.push(TcpStream::connect(addr(&served)).unwrap());
        std::thread::sleep(Duration::from_millis(50));
    }
    answers_quickly(&served, Duration::from_secs(5));
    let (_, closed) = read_until_closed(&mut idle[0], Duration::from_secs(2));
    assert!(closed, "the oldest idle connection is still open");
}

// See: issue 16 item 2, a request trickling a header line every 30 s was kept open 150 s.
#[test]
fn regression_16_a_trickling_request_head_is_cut_off_at_the_deadline() {
    let served = Served::start(&["--client-timeout", "2"]);
    let mut stream = TcpStream::connect(addr(&served)).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    let started = Instant::now();
    let mut closed = false;
    while started.elapsed() < Duration::from_secs(6) {
        std::thread::sleep(Duration::from_millis(400));
        if stream.write_all(b"X-Slow: yes\r\n").is_err() {
            closed = true;
            break;
        }
        let (_, gone) = read_until_closed(&mut stream, Duration::from_millis(50));
        if gone {
            closed = true;
            break;
        }
    }
    assert!(closed, "still open after {:?}", started.elapsed());
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    answers_quickly(&served, Duration::from_secs(5));
}

// See: issue 16 item 2, a body that never arrives.
#[test]
fn regression_16_a_body_that_never_arrives_gets_408() {
    let served = Served::start(&["--client-timeout", "1"]);
    let mut stream = TcpStream::connect(addr(&served)).unwrap();
    stream
        .write_all(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n\
              Content-Length: 100\r\n\r\nASK {",
        )
        .unwrap();
    let started = Instant::now();
    let (text, closed) = read_until_closed(&mut stream, Duration::from_secs(5));
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(closed);
    assert!(started.elapsed() < Duration::from_secs(3));
}

// See: issue 16 item 10, a CONNECT request panicked a connection thread.
#[test]
fn regression_16_connect_is_refused_and_the_server_goes_on() {
    let served = Served::start(&[]);
    for request in [
        "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n",
        "GET http://example.org/ HTTP/1.1\r\nHost: example.org\r\n\r\n",
        "GARBAGE\r\n\r\n",
    ] {
        let mut stream = TcpStream::connect(addr(&served)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let (text, _) = read_until_closed(&mut stream, Duration::from_secs(5));
        assert!(
            text.starts_with("HTTP/1.1 405") || text.starts_with("HTTP/1.1 400"),
            "{request:?}: {text}"
        );
    }
    answers_quickly(&served, Duration::from_secs(5));
}

// See: issue 16 item 10, `--bind localhost:0` was refused.
#[test]
fn regression_16_bind_accepts_a_host_name_and_port_0() {
    let served = Served::start_on("localhost:0", &[]);
    assert!(!served.url.ends_with(":0"), "{}", served.url);
    answers_quickly(&served, Duration::from_secs(5));
}

// See: issues 16 and 19, one request killed the process.
#[test]
fn regression_16_hostile_queries_get_answers_and_the_server_survives() {
    let served = Served::start(&["--timeout", "2"]);
    let deep = 4_000;
    let mut doubling = "SELECT (STRLEN(?x34) AS ?n) WHERE { BIND(\"ab\" AS ?x0)".to_owned();
    for i in 1..=34 {
        doubling.push_str(&format!(" BIND(CONCAT(?x{p}, ?x{p}) AS ?x{i})", p = i - 1));
    }
    doubling.push('}');
    let queries = [
        (
            format!("SELECT * {}{}", "{".repeat(deep), "}".repeat(deep)),
            400,
        ),
        (
            format!(
                "SELECT ({}1{} AS ?x) {{}}",
                "(".repeat(deep),
                ")".repeat(deep)
            ),
            400,
        ),
        (
            format!(
                "SELECT * {{ {} }}",
                vec!["{ BIND(1 AS ?x) }"; deep].join(" UNION ")
            ),
            400,
        ),
        (
            format!("ASK {{ ?a {} ?b }}", vec!["<urn:p>"; 16_000].join("/")),
            400,
        ),
        (doubling, 400),
        (
            "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x>|!<urn:x>)* ?b }".to_owned(),
            503,
        ),
    ];
    for (query, status) in &queries {
        let mut response = client()
            .post(&format!("{}/sparql", served.url))
            .header("Content-Type", "application/sparql-query")
            .send(query.as_bytes())
            .unwrap();
        let body = response.body_mut().read_to_string().unwrap();
        assert_eq!(
            response.status().as_u16(),
            *status,
            "{}...: {body}",
            &query[..60.min(query.len())]
        );
    }
    answers_quickly(&served, Duration::from_secs(5));
}

// See: issue 16 item 10, `serve` kept serving the old store after a rebuild.
#[test]
fn regression_16_serve_reopens_the_store_after_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let build = |data: &std::path::Path| {
        let (ok, _, err) = crate::net::run_bounded(
            std::process::Command::new(env!("CARGO_BIN_EXE_diplograph"))
                .args(["build", "--no-exports", "--data"])
                .arg(data)
                .arg("--store")
                .arg(&store)
                .arg("--out")
                .arg(dir.path().join("out")),
            Duration::from_secs(120),
        );
        assert!(ok, "{err}");
    };
    build(&crate::common::mini_dir());
    let served = Served::start_with_store(&store, &[]);
    let count = || {
        let (status, _, body) = crate::net::get(
            &format!(
                "{}/sparql?query={}&format=csv",
                served.url,
                diplograph::serve::form_encode(
                    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
                )
            ),
            "text/csv",
        );
        assert_eq!(status, 200, "{body}");
        body.lines().nth(1).unwrap().trim().to_owned()
    };
    let before = count();
    build(&crate::common::data_dir());
    let deadline = Instant::now() + Duration::from_secs(20);
    while count() == before {
        assert!(
            Instant::now() < deadline,
            "still serving the old store ({before} quads)"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}
