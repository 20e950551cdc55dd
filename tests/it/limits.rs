//! Queries that must not take the process down or hold a slot: too deep, too large, too
//! hungry, too slow (issues 16 and 19). In-process through `query::run` and `serve::handle`,
//! and through the real `diplograph query`.

use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use diplograph::query::{GraphFormat, QueryConfig, ResultFormat, run};
use diplograph::rdf::{Iris, memory_store};
use diplograph::serve::{Endpoint, Request, Response, ServeConfig, form_encode, handle};
use oxigraph::store::Store;

use crate::common::bundled;
use crate::net::{run_bounded, store_dir};

fn store() -> Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE
        .get_or_init(|| memory_store(&bundled().graph, &Iris::default()).unwrap())
        .clone()
}

fn state() -> &'static Endpoint {
    static STATE: OnceLock<Endpoint> = OnceLock::new();
    STATE.get_or_init(|| Endpoint::new(store(), ServeConfig::default()).unwrap())
}

fn ask(state: &Endpoint, query: &str) -> Response {
    handle(
        &Request::post("/sparql", "application/sparql-query", query),
        state,
    )
}

fn run_query(query: &str) -> Result<String, String> {
    let mut out = Vec::new();
    run(
        &store(),
        query,
        &QueryConfig::default(),
        ResultFormat::Tsv,
        GraphFormat::NTriples,
        &mut out,
    )
    .map(|_| String::from_utf8(out).unwrap())
    .map_err(|e| e.to_string())
}

/// The deep shapes of issue 19, `n` levels or branches deep.
fn deep_shapes(n: usize) -> Vec<(&'static str, String)> {
    let open_close = |open: &str, close: &str| (open.repeat(n), close.repeat(n));
    let (po, pc) = open_close("(", ")");
    let (bo, bc) = open_close("{", "}");
    let (oo, oc) = open_close(" OPTIONAL {", "}");
    let (so, sc) = open_close(" { SELECT * WHERE {", "}}");
    let (eo, ec) = open_close(" FILTER NOT EXISTS {", "}");
    vec![
        ("parentheses", format!("SELECT ({po}1{pc} AS ?x) {{}}")),
        ("braces", format!("SELECT * {bo}{bc}")),
        ("OPTIONAL", format!("SELECT * {{{oo}{oc}}}")),
        ("sub-SELECT", format!("SELECT * {{{so}{sc}}}")),
        ("NOT EXISTS", format!("SELECT * {{{eo}{ec}}}")),
        (
            "UNION",
            format!(
                "SELECT * {{ {} }}",
                vec!["{ BIND(1 AS ?x) }"; n].join(" UNION ")
            ),
        ),
        (
            "path parentheses",
            format!("ASK {{ <urn:a> {po}<urn:p>{pc} ?b }}"),
        ),
        (
            "path + chain",
            format!("ASK {{ <urn:a> {} ?b }}", vec!["<urn:p>+"; n].join("/")),
        ),
        (
            "+ chain",
            format!("SELECT ({} AS ?x) {{}}", vec!["1"; n].join("+")),
        ),
    ]
}

// See: issue 19 ("No crash, no silent loss"), deep queries abort the process.
#[test]
fn regression_19_deep_queries_are_refused_before_parsing() {
    for n in [4_000, 16_000] {
        for (shape, query) in deep_shapes(n) {
            let error = run_query(&query).unwrap_err();
            assert!(error.contains("query too large"), "{shape} x{n}: {error}");
            let response = ask(state(), &query);
            assert_eq!(
                response.status,
                400,
                "{shape} x{n}: {}",
                response.body_text()
            );
            assert!(response.body_text().contains("query too large"));
        }
    }
}

#[test]
fn deep_queries_under_the_limits_run_without_overflowing_the_stack() {
    // Just under the default limits (depth 128, 1,000 operators, 200 patterns).
    let shapes = [
        ("parentheses", 126),
        ("braces", 127),
        ("OPTIONAL", 127),
        ("sub-SELECT", 63),
        ("NOT EXISTS", 127),
        ("UNION", 330),
        ("path parentheses", 127),
        ("+ chain", 990),
    ];
    for (name, n) in shapes {
        let (_, query) = deep_shapes(n)
            .into_iter()
            .find(|(shape, _)| *shape == name)
            .unwrap();
        let answer = run_query(&query).unwrap_or_else(|e| panic!("{name} x{n}: {e}"));
        assert!(!answer.is_empty(), "{name} x{n}");
    }
}

#[test]
fn the_query_command_refuses_deep_queries_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    for (shape, query) in deep_shapes(4_000) {
        let path = dir.path().join("deep.rq");
        std::fs::write(&path, &query).unwrap();
        let (ok, _, err) = run_bounded(
            Command::new(env!("CARGO_BIN_EXE_diplograph"))
                .args(["query", "--store"])
                .arg(store_dir())
                .arg(format!("@{}", path.display())),
            Duration::from_secs(60),
        );
        assert!(!ok, "{shape}: {err}");
        assert!(
            err.contains("query too large") && err.lines().count() <= 3,
            "{shape}: {err}"
        );
    }
}

// See: issue 16, a query doubling a string 34 times exhausts memory.
#[test]
fn regression_16_strings_that_double_are_stopped() {
    let mut query = "SELECT (STRLEN(?x34) AS ?n) WHERE { BIND(\"ab\" AS ?x0)".to_owned();
    for i in 1..=34 {
        query.push_str(&format!(" BIND(CONCAT(?x{p}, ?x{p}) AS ?x{i})", p = i - 1));
    }
    query.push_str(" }");
    let started = Instant::now();
    let response = ask(state(), &query);
    assert_eq!(response.status, 400, "{}", response.body_text());
    assert!(
        response.body_text().contains("over the limit"),
        "{}",
        response.body_text()
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    // Every other function that makes strings longer than its arguments.
    for grow in [
        "UCASE(CONCAT(?x, ?x, ?x, ?x))",
        "ENCODE_FOR_URI(CONCAT(?x, ?x))",
        "REPLACE(?x, \"\", ?x)",
    ] {
        let mut text = "SELECT (STRLEN(?x) AS ?n) WHERE { BIND(\"ééé\" AS ?x0)".to_owned();
        for i in 1..=30 {
            text.push_str(&format!(
                " BIND({} AS ?x{i})",
                grow.replace("?x", &format!("?x{}", i - 1))
            ));
        }
        text.push_str(" BIND(?x30 AS ?x) }");
        let response = ask(state(), &text);
        assert_eq!(response.status, 400, "{grow}: {}", response.body_text());
    }
    // GROUP_CONCAT over a cross product.
    let response = ask(
        state(),
        "SELECT (STRLEN(GROUP_CONCAT(?l; separator=\"--\")) AS ?n) WHERE { ?a rdfs:label ?l . ?b rdfs:label ?m }",
    );
    assert_eq!(response.status, 400, "{}", response.body_text());
    // Ordinary use is unchanged.
    let response = ask(
        state(),
        "SELECT (CONCAT(\"a\"@en, \"b\"@en) AS ?x) (GROUP_CONCAT(?v; separator=\"|\") AS ?g) WHERE { VALUES ?v { \"x\" \"y\" } }",
    );
    assert_eq!(response.status, 200);
    assert!(response.body_text().contains("\"xml:lang\""));
    assert!(response.body_text().contains("x|y"));
}

// See: issue 16 item 8, the timeout did not stop queries computing in memory.
#[test]
fn regression_16_a_timed_out_query_frees_its_slot_within_a_second() {
    let hasty = Endpoint::new(
        store(),
        ServeConfig {
            timeout: Duration::from_millis(300),
            max_queries: 1,
            ..ServeConfig::default()
        },
    )
    .unwrap();
    let values: Vec<String> = (0..400).map(|i| i.to_string()).collect();
    let values = values.join(" ");
    for query in [
        "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x>|!<urn:x>)* ?b }".to_owned(),
        format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} }}"
        ),
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }".to_owned(),
    ] {
        let response = ask(&hasty, &query);
        assert_eq!(response.status, 503, "{query}: {}", response.body_text());
        let answered = Instant::now();
        while hasty.running_queries() > 0 {
            assert!(
                answered.elapsed() < Duration::from_secs(1),
                "{query}: the slot is still taken {:?} after the 503",
                answered.elapsed()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        // The slot serves the next query.
        let response = ask(&hasty, "ASK { ?s ?p ?o }");
        assert_eq!(response.status, 200, "{}", response.body_text());
    }
}

fn sparql_get(query: &str) -> Response {
    handle(
        &Request::get(&format!("/sparql?query={}", form_encode(query))),
        state(),
    )
}

// See: issue 16 item 5, SERVICE, FROM and LOAD never make outgoing requests.
#[test]
fn regression_16_service_from_and_load_make_no_connection() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let cases = [
        (
            format!("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"),
            403,
        ),
        (
            format!(
                "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
            ),
            403,
        ),
        (
            format!("SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE {{ ?s ?p ?o }}"),
            400,
        ),
        (
            format!(
                "SELECT * FROM NAMED <http://127.0.0.1:{port}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
            ),
            400,
        ),
        (format!("LOAD <http://127.0.0.1:{port}/data.ttl>"), 403),
    ];
    for (query, status) in &cases {
        let response = sparql_get(query);
        assert_eq!(
            response.status,
            *status,
            "{query}: {}",
            response.body_text()
        );
        assert!(response.body_text().len() > 20, "{query}: no message");
    }
    let update = handle(
        &Request::post(
            "/sparql",
            "application/sparql-update",
            format!("LOAD <http://127.0.0.1:{port}/data.ttl>"),
        ),
        state(),
    );
    assert_eq!(update.status, 403);
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        listener.accept().is_err(),
        "the test listener was contacted"
    );
    // A FROM of a graph the store has still works.
    let response =
        sparql_get("ASK FROM <https://w3id.org/diplograph/graph/gazetteer> WHERE { ?s ?p ?o }");
    assert_eq!(response.status, 200, "{}", response.body_text());
}

// See: issue 18 item 5, SPARQL mistakes get poor feedback.
#[test]
fn regression_18_query_mistakes_get_one_line_messages_and_hints() {
    let error = run_query("SELEC ?s WHERE { ?s ?p ?o }").unwrap_err();
    assert!(
        error.contains("line 1, column 1") && error.contains("did you mean SELECT"),
        "{error}"
    );
    assert!(error.contains("\n  ^"), "{error}");
    let error = run_query("SELECT ?s WHERE { ?s foaf:name ?o }").unwrap_err();
    assert!(error.contains("unknown prefix `foaf:`"), "{error}");
    assert!(error.contains("dg, doc"), "{error}");
    assert!(error.lines().count() <= 3, "{error}");
    let config = QueryConfig::default();
    let hints =
        diplograph::query::empty_result_hints(&store(), "SELECT ?e { ?e a dg:Evnt }", &config);
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert!(
        hints[0].contains("dg:Evnt") && hints[0].contains("dg:Event"),
        "{hints:?}"
    );
    let hints = diplograph::query::empty_result_hints(
        &store(),
        "SELECT ?e { ?e rdfs:label \"Japan\" }",
        &config,
    );
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert!(hints[0].contains("\"Japan\"@en"), "{hints:?}");
    assert!(
        diplograph::query::empty_result_hints(&store(), "SELECT ?e { ?e a dg:State }", &config)
            .is_empty()
    );
}
