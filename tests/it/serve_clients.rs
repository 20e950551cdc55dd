//! The real server over loopback with real clients: curl, SPARQLWrapper, headless Chromium
//! and a bounded wrk load. Each client must be installed (.ci/apt-packages.txt,
//! .ci/requirements.txt): a missing one fails the test.

use std::process::Command;
use std::time::Duration;

use crate::net::{Served, chromium_dom, get, require, run_bounded, store_dir};

fn curl(args: &[&str]) -> String {
    require("curl", "--version", "the Debian package `curl`");
    let (ok, out, err) = run_bounded(
        Command::new("curl")
            .args(["-sS", "--max-time", "60"])
            .args(args),
        Duration::from_secs(90),
    );
    assert!(ok, "curl {args:?} failed: {err}");
    out
}

#[test]
fn curl_queries_the_endpoint_and_dereferences_entities() {
    let server = Served::start(&[]);
    let sparql = format!("{}/sparql", server.url);
    let csv = curl(&[
        "-H",
        "Accept: text/csv",
        "--data-urlencode",
        "query=SELECT ?label WHERE { id:japan rdfs:label ?label } ORDER BY ?label",
        &sparql,
    ]);
    assert_eq!(csv, "label\r\nJapan\r\n日本\r\n");
    // Direct POST, JSON by default.
    let json = curl(&[
        "-H",
        "Content-Type: application/sparql-query",
        "--data-binary",
        "ASK { id:japan dg:cooperatesWith id:united-states }",
        &sparql,
    ]);
    assert_eq!(json, "{\"head\":{},\"boolean\":true}");
    // Updates are refused; CORS headers are present.
    let refused = curl(&[
        "-i",
        "-H",
        "Origin: https://yasgui.example",
        "-H",
        "Content-Type: application/sparql-update",
        "--data-binary",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        &sparql,
    ]);
    assert!(refused.starts_with("HTTP/1.1 403"), "{refused}");
    assert!(
        refused
            .to_ascii_lowercase()
            .contains("access-control-allow-origin: *"),
        "{refused}"
    );
    // An entity IRI's path, by content negotiation.
    let turtle = curl(&[
        "-H",
        "Accept: text/turtle",
        &format!("{}/id/japan", server.url),
    ]);
    assert!(turtle.contains("\"日本\"@ja"), "{turtle}");
    let html = curl(&[&format!("{}/id/japan", server.url)]);
    assert!(html.contains("<h1><span lang=\"en\">Japan</span>"));
    // A body over the limit (1 MiB) is refused before it is read.
    let big = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(big.path(), vec![b'#'; 2 << 20]).unwrap();
    let status = curl(&[
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "-H",
        "Content-Type: application/sparql-query",
        "--data-binary",
        &format!("@{}", big.path().display()),
        &sparql,
    ]);
    assert_eq!(status, "413");
    // The ureq client agrees on content types.
    let (status, content_type, _) = get(&format!("{}/id/japan", server.url), "application/ld+json");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/ld+json")
    );
}

const SPARQLWRAPPER_SCRIPT: &str = r#"
import sys
from urllib.error import HTTPError
from SPARQLWrapper import SPARQLWrapper, JSON, CSV, TURTLE, POST

endpoint = sys.argv[1]

s = SPARQLWrapper(endpoint)
s.setReturnFormat(JSON)
s.setQuery("SELECT ?label WHERE { id:japan rdfs:label ?label } ORDER BY ?label")
rows = s.query().convert()["results"]["bindings"]
print("select", "|".join(r["label"]["value"] for r in rows))

s.setMethod(POST)
rows = s.query().convert()["results"]["bindings"]
print("select-post", "|".join(r["label"]["value"] for r in rows))

a = SPARQLWrapper(endpoint)
a.setReturnFormat(JSON)
a.setQuery("ASK { id:japan a dg:State }")
print("ask", a.query().convert()["boolean"])

c = SPARQLWrapper(endpoint)
c.setReturnFormat(CSV)
c.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s a dg:State }")
print("csv", c.query().convert().decode().split()[1])

g = SPARQLWrapper(endpoint)
g.setQuery("CONSTRUCT { id:japan rdfs:label ?l } WHERE { id:japan rdfs:label ?l }")
graph = g.query().convert()  # RDF/XML by default, parsed by rdflib
print("construct", len(graph))

t = SPARQLWrapper(endpoint)
t.setReturnFormat(TURTLE)
t.setQuery("DESCRIBE id:japan")
print("describe-turtle", "日本" in t.query().convert().decode())

u = SPARQLWrapper(endpoint)
u.setMethod(POST)
u.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
try:
    u.query()
    print("update accepted")
except HTTPError as e:
    print("update", e.code)
"#;

#[test]
fn sparqlwrapper_reads_select_ask_csv_construct_and_is_refused_updates() {
    require("python3", "--version", "python3");
    let (has_module, _, _) = run_bounded(
        Command::new("python3").args(["-c", "import SPARQLWrapper"]),
        Duration::from_secs(60),
    );
    assert!(
        has_module,
        "the Python package SPARQLWrapper is missing: pip install -r .ci/requirements.txt"
    );
    let server = Served::start(&[]);
    let (ok, out, err) = run_bounded(
        Command::new("python3")
            .args(["-c", SPARQLWRAPPER_SCRIPT])
            .arg(format!("{}/sparql", server.url)),
        Duration::from_secs(120),
    );
    assert!(ok, "SPARQLWrapper script failed: {err}\n{out}");
    let expected_states = crate::common::bundled()
        .graph
        .entities
        .values()
        .filter(|e| e.kind == diplograph::model::EntityType::State)
        .count();
    assert_eq!(
        out,
        format!(
            "select Japan|日本\nselect-post Japan|日本\nask True\ncsv {expected_states}\n\
             construct 2\ndescribe-turtle True\nupdate 403\n"
        )
    );
}

/// The text of the first element with `marker` in it, up to the next `<`.
fn text_after<'a>(dom: &'a str, marker: &str) -> &'a str {
    let start = dom.find(marker).unwrap_or_else(|| panic!("no {marker}")) + marker.len();
    &dom[start..start + dom[start..].find('<').unwrap()]
}

#[test]
fn chromium_renders_entity_pages_and_follows_their_links() {
    let server = Served::start(&[]);
    let dom = chromium_dom(&format!("{}/id/japan", server.url));
    assert_eq!(text_after(&dom, "<h1><span lang=\"en\">"), "Japan");
    assert_eq!(text_after(&dom, "<span class=\"ja\" lang=\"ja\">"), "日本");
    assert!(dom.contains("<ol class=\"timeline\">"));
    assert!(dom.contains("<blockquote lang=\"ja\">"));
    // Follow a relation link in the browser and land on that entity's page.
    let relations = &dom[dom.find("<section id=\"relations\">").unwrap()..];
    let link = "<a href=\"/id/united-states\">";
    assert!(relations.contains(link), "no link to the United States");
    let next = chromium_dom(&format!("{}/id/united-states", server.url));
    assert_eq!(text_after(&next, "<h1><span lang=\"en\">"), "United States");
    // The provenance links to the source document's page, which names the document.
    let doc = "/doc/mofa-2023-cyber-diplomacy";
    assert!(dom.contains(&format!("<a href=\"{doc}\">")));
    let document = chromium_dom(&format!("{}{doc}", server.url));
    assert!(document.contains("日本のサイバー分野での外交"));
    // The query page works without script: the form's GET shows a result table.
    let page = chromium_dom(&format!(
        "{}/?query={}",
        server.url,
        diplograph::serve::form_encode("SELECT ?s WHERE { ?s a dg:State } LIMIT 2")
    ));
    assert!(page.contains("2 rows."), "no result table");
    // And it paints: a screenshot of the page is a real image.
    let profile = tempfile::tempdir().unwrap();
    let shot = profile.path().join("japan.png");
    let (ok, _, err) = run_bounded(
        Command::new("chromium")
            .args(crate::net::chromium_flags(&profile.path().join("profile")))
            .arg("--window-size=1200,1600")
            .arg(format!("--screenshot={}", shot.display()))
            .arg(format!("{}/id/japan", server.url)),
        Duration::from_secs(90),
    );
    assert!(ok, "{err}");
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "{} bytes",
        png.len()
    );
}

#[test]
fn bounded_load_over_loopback_has_no_errors() {
    require("wrk", "--version", "the Debian package `wrk`");
    let _ = store_dir();
    let (ok, out, err) = run_bounded(
        Command::new("bash")
            .arg(crate::common::root().join("bench/serve_load.sh"))
            .env("REQUESTS", "1000")
            .env("CONNECTIONS", "8")
            .env("MAX_SECONDS", "240")
            .env("BIN", env!("CARGO_BIN_EXE_diplograph"))
            .env("STORE", store_dir()),
        Duration::from_secs(300),
    );
    assert!(ok, "load test failed:\n{out}\n{err}");
    let result = out
        .lines()
        .find(|l| l.starts_with("RESULT "))
        .unwrap_or_else(|| panic!("no RESULT line:\n{out}"));
    let field = |name: &str| -> u64 {
        result
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(field("requests") >= 1000, "{result}");
    for errors in [
        "errors_connect",
        "errors_read",
        "errors_write",
        "errors_status",
        "errors_timeout",
    ] {
        assert_eq!(field(errors), 0, "{result}");
    }
    eprintln!("load test (debug build): {result}");
}
