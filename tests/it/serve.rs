//! The endpoint and linked-data server, in-process: `serve::handle` on the bundled data.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use diplograph::rdf::{Iris, memory_store};
use diplograph::serve::{Endpoint, Request, Response, ServeConfig, form_encode, handle};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Quad, Term};
use oxigraph::store::Store;

use crate::common::bundled;

const BASE: &str = "https://w3id.org/diplograph/";

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

fn get(url: &str) -> Response {
    handle(&Request::get(url), state())
}

fn get_accept(url: &str, accept: &str) -> Response {
    handle(&Request::get(url).with_header("Accept", accept), state())
}

fn sparql_url(query: &str) -> String {
    format!("/sparql?query={}", form_encode(query))
}

fn parse(body: &[u8], format: RdfFormat) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_slice(body)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(body)))
}

const LABELS: &str = "SELECT ?label WHERE { id:japan rdfs:label ?label } ORDER BY ?label";

#[test]
fn select_results_come_in_every_format_by_accept() {
    let json = get(&sparql_url(LABELS));
    assert_eq!(json.status, 200, "{}", json.body_text());
    assert_eq!(
        json.header("Content-Type"),
        Some("application/sparql-results+json")
    );
    let value: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
    let labels: Vec<&str> = value["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["label"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Japan", "日本"]);

    let csv = get_accept(&sparql_url(LABELS), "text/csv");
    assert_eq!(csv.header("Content-Type"), Some("text/csv; charset=utf-8"));
    assert_eq!(csv.body_text(), "label\r\nJapan\r\n日本\r\n");

    let tsv = get_accept(&sparql_url(LABELS), "text/tab-separated-values");
    assert_eq!(tsv.body_text(), "?label\n\"Japan\"@en\n\"日本\"@ja\n");

    let xml = get_accept(&sparql_url(LABELS), "application/sparql-results+xml");
    assert_eq!(
        xml.header("Content-Type"),
        Some("application/sparql-results+xml")
    );
    assert!(
        xml.body_text()
            .contains("<literal xml:lang=\"ja\">日本</literal>")
    );

    // The `format` parameter wins over Accept (for browsers and curl one-liners).
    let forced = get_accept(
        &format!("{}&format=csv", sparql_url(LABELS)),
        "application/json",
    );
    assert_eq!(forced.body_text(), csv.body_text());
}

#[test]
fn post_form_and_post_direct_answer_like_get() {
    let expected = get_accept(&sparql_url(LABELS), "text/csv").body_text();
    let form = handle(
        &Request::post(
            "/sparql",
            "application/x-www-form-urlencoded",
            format!("query={}", form_encode(LABELS)),
        )
        .with_header("Accept", "text/csv"),
        state(),
    );
    assert_eq!(form.status, 200);
    assert_eq!(form.body_text(), expected);
    let direct = handle(
        &Request::post("/sparql", "application/sparql-query; charset=utf-8", LABELS)
            .with_header("Accept", "text/csv"),
        state(),
    );
    assert_eq!(direct.status, 200);
    assert_eq!(direct.body_text(), expected);
}

#[test]
fn construct_and_describe_come_as_turtle_ntriples_and_jsonld() {
    let query = "CONSTRUCT { id:japan ?p ?o } WHERE { id:japan ?p ?o }";
    let expected: BTreeSet<String> = store()
        .quads_for_pattern(
            Some(oxigraph::model::NamedNodeRef::new_unchecked(&format!("{BASE}id/japan")).into()),
            None,
            None,
            None,
        )
        .map(|q| {
            let q = q.unwrap();
            format!("{} {} {}", q.subject, q.predicate, q.object)
        })
        .collect();
    assert!(expected.len() > 20);
    for (accept, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
        ("application/rdf+xml", RdfFormat::RdfXml),
    ] {
        let response = get_accept(&sparql_url(query), accept);
        assert_eq!(response.status, 200, "{accept}: {}", response.body_text());
        assert!(
            response.header("Content-Type").unwrap().starts_with(accept),
            "{accept}: {:?}",
            response.header("Content-Type")
        );
        let triples: BTreeSet<String> = parse(&response.body, format)
            .iter()
            .map(|q| format!("{} {} {}", q.subject, q.predicate, q.object))
            .collect();
        assert_eq!(triples, expected, "{accept}");
    }
    // `format=xml` (as SPARQLWrapper sends it) means RDF/XML for a graph.
    let xml = get(&format!("{}&format=xml", sparql_url(query)));
    assert_eq!(xml.header("Content-Type"), Some("application/rdf+xml"));
    assert_eq!(parse(&xml.body, RdfFormat::RdfXml).len(), expected.len());
    let describe = get(&sparql_url("DESCRIBE id:japan"));
    assert_eq!(
        describe.header("Content-Type"),
        Some("text/turtle; charset=utf-8")
    );
    assert!(describe.body_text().contains("\"日本\"@ja"));
}

#[test]
fn updates_are_refused_and_change_nothing() {
    let before = store().len().unwrap();
    let update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }";
    for request in [
        Request::post("/sparql", "application/sparql-update", update),
        Request::post(
            "/sparql",
            "application/x-www-form-urlencoded",
            format!("update={}", form_encode(update)),
        ),
        Request::get(&format!("/sparql?update={}", form_encode(update))),
    ] {
        let response = handle(&request, state());
        assert_eq!(response.status, 403, "{}", response.body_text());
        assert!(response.body_text().contains("read-only"));
    }
    // A query cannot smuggle an update either: it is recognised and refused as one.
    let smuggled = get(&sparql_url(update));
    assert_eq!(smuggled.status, 403, "{}", smuggled.body_text());
    assert!(smuggled.body_text().contains("read-only"));
    assert_eq!(store().len().unwrap(), before);
    let put = handle(
        &Request {
            method: "PUT".into(),
            url: "/id/japan".into(),
            ..Request::default()
        },
        state(),
    );
    assert_eq!(put.status, 405);
}

#[test]
fn bad_requests_say_what_is_wrong() {
    let syntax = get(&sparql_url("SELECT ?x WHERE { ?x"));
    assert_eq!(syntax.status, 400);
    assert!(
        syntax.body_text().starts_with("query error: syntax error"),
        "{}",
        syntax.body_text()
    );
    let two = get(&format!("{}&query=ASK%7B%7D", sparql_url("ASK {}")));
    assert_eq!(two.status, 400);
    let dataset = get(&format!("{}&default-graph-uri=urn:g", sparql_url("ASK {}")));
    assert_eq!(dataset.status, 400);
    assert!(dataset.body_text().contains("default-graph-uri"));
    let unknown_type = handle(&Request::post("/sparql", "text/plain", "ASK {}"), state());
    assert_eq!(unknown_type.status, 415);
    let not_acceptable = get_accept(&sparql_url("ASK {}"), "image/png");
    assert_eq!(not_acceptable.status, 406);
    let missing = get("/id/no-such-entity");
    assert_eq!(missing.status, 404);
    assert!(missing.body_text().contains("nothing is known about"));
}

#[test]
fn results_over_the_limit_are_refused_with_the_limit_named() {
    let small = Endpoint::new(
        store(),
        ServeConfig {
            max_results: 5,
            ..ServeConfig::default()
        },
    )
    .unwrap();
    let response = handle(
        &Request::get(&sparql_url("SELECT ?s WHERE { ?s a dg:State }")),
        &small,
    );
    assert_eq!(response.status, 400);
    assert!(
        response.body_text().contains("more than 5 results")
            && response.body_text().contains("limit is 5"),
        "{}",
        response.body_text()
    );
    let limited = handle(
        &Request::get(&sparql_url("SELECT ?s WHERE { ?s a dg:State } LIMIT 5")),
        &small,
    );
    assert_eq!(limited.status, 200);
}

#[test]
fn slow_queries_get_503_by_the_deadline() {
    let hasty = Endpoint::new(
        store(),
        ServeConfig {
            timeout: Duration::from_millis(300),
            ..ServeConfig::default()
        },
    )
    .unwrap();
    // A transitive closure over every predicate: oxigraph notices its cancellation token
    // only now and then here, so the answer must come from the server's own deadline.
    let started = Instant::now();
    let response = handle(
        &Request::get(&sparql_url(
            "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x>|!<urn:x>)* ?b }",
        )),
        &hasty,
    );
    let took = started.elapsed();
    assert_eq!(response.status, 503, "{}", response.body_text());
    assert!(
        response.body_text().contains("took longer than 0.3 s"),
        "{}",
        response.body_text()
    );
    assert!(took < Duration::from_secs(3), "answered after {took:?}");
}

#[test]
fn cors_headers_and_preflight() {
    let response = get(&sparql_url("ASK {}"));
    assert_eq!(response.header("Access-Control-Allow-Origin"), Some("*"));
    let preflight = handle(
        &Request {
            method: "OPTIONS".into(),
            url: "/sparql".into(),
            headers: vec![
                ("Origin".into(), "https://yasgui.example".into()),
                ("Access-Control-Request-Method".into(), "POST".into()),
            ],
            body: Vec::new(),
        },
        state(),
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("Access-Control-Allow-Origin"), Some("*"));
    assert!(
        preflight
            .header("Access-Control-Allow-Methods")
            .unwrap()
            .contains("POST")
    );
    assert!(
        preflight
            .header("Access-Control-Allow-Headers")
            .unwrap()
            .contains("Content-Type")
    );
}

#[test]
fn the_endpoint_describes_itself() {
    let response = handle(
        &Request::get("/sparql")
            .with_header("Accept", "text/turtle")
            .with_header("Host", "127.0.0.1:7878"),
        state(),
    );
    assert_eq!(response.status, 200, "{}", response.body_text());
    let quads = parse(&response.body, RdfFormat::Turtle);
    let has = |p: &str, o: &str| {
        quads.iter().any(|q| {
            q.subject.to_string() == format!("<{BASE}sparql>")
                && q.predicate.as_str() == p
                && q.object.to_string() == o
        })
    };
    let sd = "http://www.w3.org/ns/sparql-service-description#";
    assert!(has(&format!("{sd}endpoint"), &format!("<{BASE}sparql>")));
    assert!(has(
        &format!("{sd}feature"),
        &format!("<{sd}UnionDefaultGraph>")
    ));
    assert!(has(
        &format!("{sd}resultFormat"),
        "<http://www.w3.org/ns/formats/SPARQL_Results_JSON>"
    ));
    // One named graph per source document.
    let graphs = quads
        .iter()
        .filter(|q| q.predicate.as_str() == format!("{sd}name"))
        .count();
    assert!(graphs >= bundled().graph.documents.len());
    // A browser is sent to the query page instead.
    let browser = get_accept("/sparql", "text/html,*/*;q=0.8");
    assert_eq!(browser.status, 303);
    assert_eq!(browser.header("Location"), Some("/"));
}

#[test]
fn entity_iris_negotiate_html_turtle_and_jsonld() {
    let html = get_accept("/id/japan", "text/html,application/xhtml+xml,*/*;q=0.8");
    assert_eq!(html.status, 200);
    assert_eq!(
        html.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(html.header("Content-Location"), Some("/id/japan.html"));
    assert_eq!(html.header("Vary"), Some("Accept"));

    let turtle = get_accept("/id/japan", "text/turtle");
    assert_eq!(turtle.header("Content-Location"), Some("/id/japan.ttl"));
    let quads = parse(&turtle.body, RdfFormat::Turtle);
    let japan = format!("<{BASE}id/japan>");
    assert!(
        quads
            .iter()
            .any(|q| q.subject.to_string() == japan && q.object.to_string() == "\"日本\"@ja")
    );
    // The description carries the provenance records of the statements about Japan.
    assert!(
        quads
            .iter()
            .any(|q| { q.predicate.as_str() == "http://www.w3.org/ns/prov#wasDerivedFrom" })
    );

    let jsonld = get_accept("/id/japan", "application/ld+json");
    assert_eq!(jsonld.header("Content-Type"), Some("application/ld+json"));
    let from_jsonld = parse(
        &jsonld.body,
        RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        },
    );
    assert_eq!(from_jsonld.len(), quads.len());

    // Suffixes pick a representation without negotiation.
    assert_eq!(get("/id/japan.ttl").body, turtle.body);
    assert_eq!(get("/id/japan.html").body, html.body);
    assert_eq!(get("/id/japan").body, html.body, "HTML is the default");
}

/// The hrefs of a page, in order.
fn hrefs(html: &str) -> Vec<String> {
    html.match_indices("href=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}

#[test]
fn entity_pages_show_labels_type_relations_timeline_and_provenance() {
    let html = get("/id/japan").body_text();
    assert!(html.contains(
        "<h1><span lang=\"en\">Japan</span><span class=\"ja\" lang=\"ja\">日本</span></h1>"
    ));
    assert!(html.contains("<title>Japan · 日本 — diplograph</title>"));
    // The type, with its Japanese label from the ontology.
    assert!(
        html.contains(">State</span> <span lang=\"ja\">国家</span>"),
        "type missing"
    );
    // Relations link to the other entities' pages.
    let relations = section(&html, "relations");
    assert!(relations.contains("<a href=\"/id/united-states\">United States</a>"));
    assert!(relations.contains("cooperates with"));
    // The timeline is in date order.
    let timeline = section(&html, "timeline");
    let dates: Vec<&str> = timeline
        .match_indices("<time datetime=\"")
        .map(|(i, m)| &timeline[i + m.len()..i + m.len() + 10])
        .collect();
    assert!(dates.len() > 10, "{dates:?}");
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    // Provenance: the sentence, in the document's language, with a link to the document.
    let provenance = section(&html, "provenance");
    assert!(provenance.contains("<blockquote lang=\"ja\">また、サイバー犯罪対策については"));
    assert!(provenance.contains("<a href=\"/doc/mofa-2023-cyber-diplomacy\">日本のサイバー分野での外交</a>")
        || provenance.contains("<a href=\"/doc/mofa-2023-cyber-diplomacy\">Japan&#39;s diplomacy in the cyber domain</a>"),
        "document link missing");
    assert!(!html.contains("<script"), "pages need no script");
    assert!(!html.contains("http://cdn") && !html.contains("https://cdn"));
}

#[test]
fn every_link_on_a_page_resolves() {
    let mut checked = BTreeSet::new();
    for page in [
        "/",
        "/entities",
        "/id/japan",
        "/doc/mofa-2023-cyber-diplomacy",
        "/id/kishida-fumio",
    ] {
        let response = get(page);
        assert_eq!(response.status, 200, "{page}");
        for href in hrefs(&response.body_text()) {
            if !href.starts_with('/') || !checked.insert(href.clone()) {
                continue;
            }
            let target = get(&href);
            assert!(
                target.status == 200 || target.status == 303,
                "{page} links to {href}: {}",
                target.status
            );
        }
    }
    assert!(checked.len() > 100, "only {} links checked", checked.len());
}

#[test]
fn document_pages_list_what_was_read_from_them() {
    let html = get("/doc/infocom-2013-japan-us-cyber").body_text();
    assert!(html.contains("新たな脅威としてのサイバーセキュリティにおける日米連携"));
    let provenance = section(&html, "provenance");
    assert!(provenance.contains("Statements read from this document"));
    // InfoCom reserves its rights: its sentences are not quoted (serve, like publish, leaves
    // them out unless --include-restricted-quotes)
    assert_eq!(provenance.matches("<blockquote").count(), 0);
    assert!(provenance.contains("class=\"withheld\""));
    // a MOFA release may be reused with attribution: quoted
    let mofa = get("/doc/mofa-2017-japan-us-cyber-dialogue-5").body_text();
    assert!(
        section(&mofa, "provenance")
            .matches("<blockquote lang=\"ja\">")
            .count()
            > 5
    );
}

#[test]
fn the_query_page_runs_queries_and_shows_tables() {
    let home = get("/");
    assert!(home.body_text().contains("<textarea name=\"query\""));
    let answered = get(&format!(
        "/?query={}",
        form_encode(
            "SELECT ?s ?label WHERE { ?s a dg:State ; rdfs:label ?label FILTER(lang(?label)='ja') } ORDER BY ?label LIMIT 3"
        )
    ));
    assert_eq!(answered.status, 200);
    let text = answered.body_text();
    assert!(text.contains("<table class=\"result\">"));
    assert!(text.contains("3 rows."));
    assert!(
        text.contains("<td><a href=\"/id/"),
        "IRIs link to their pages"
    );
    let failed = get(&format!("/?query={}", form_encode("SELECT nonsense")));
    assert_eq!(failed.status, 400);
    assert!(failed.body_text().contains("class=\"error\""));
    let csv = get(&format!("/?query={}&format=csv", form_encode("ASK {}")));
    assert_eq!(csv.status, 303);
    assert!(
        csv.header("Location")
            .unwrap()
            .starts_with("/sparql?query=")
    );
}

#[test]
fn the_example_questions_on_the_query_page_all_have_answers() {
    for (question, query) in diplograph::publish::html::EXAMPLE_QUESTIONS {
        let response = get(&format!("/?query={}", form_encode(query)));
        assert_eq!(response.status, 200, "{question}");
        let text = response.body_text();
        assert!(text.contains("<table class=\"result\">"), "{question}");
        assert!(!text.contains("<p>0 rows.</p>"), "{question} has no answer");
    }
    let home = get("/").body_text();
    assert_eq!(
        home.matches("<li><a href=\"/?query=").count(),
        diplograph::publish::html::EXAMPLE_QUESTIONS.len()
    );
}

#[test]
fn void_counts_match_the_store() {
    let response = handle(
        &Request::get("/void").with_header("Host", "localhost:9"),
        state(),
    );
    assert_eq!(response.status, 200);
    let quads = parse(&response.body, RdfFormat::Turtle);
    let dataset = format!("<{BASE}void#dataset>");
    let value = |p: &str| -> Vec<String> {
        quads
            .iter()
            .filter(|q| q.subject.to_string() == dataset && q.predicate.as_str() == p)
            .map(|q| match &q.object {
                Term::Literal(l) => l.value().to_owned(),
                other => other.to_string(),
            })
            .collect()
    };
    let void = "http://rdfs.org/ns/void#";
    // Distinct triples over all graphs, counted independently with SPARQL.
    let mut out = Vec::new();
    diplograph::query::run(
        &store(),
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }",
        &diplograph::query::QueryConfig::default(),
        diplograph::query::ResultFormat::Csv,
        diplograph::query::GraphFormat::Turtle,
        &mut out,
    )
    .unwrap();
    let triples = String::from_utf8(out)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_owned();
    assert_eq!(value(&format!("{void}triples")), [triples]);
    assert_eq!(
        value(&format!("{void}entities")),
        [bundled().graph.entities.len().to_string()]
    );
    assert_eq!(
        value(&format!("{void}sparqlEndpoint")),
        [format!("<{BASE}sparql>")]
    );
    assert_eq!(
        value("http://purl.org/dc/terms/license"),
        ["<https://creativecommons.org/licenses/by/4.0/>"]
    );
    let sources = value("http://purl.org/dc/terms/source");
    assert_eq!(sources.len(), bundled().graph.documents.len());
    let dumps = value(&format!("{void}dataDump"));
    assert!(dumps.contains(&format!("<{BASE}dumps/diplograph.nq>")));
    assert_eq!(
        value("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        [
            "<http://rdfs.org/ns/void#Dataset>",
            "<http://www.w3.org/ns/dcat#Dataset>"
        ]
    );
    // Every advertised dump is served and holds the whole store but the sentences of sources
    // that reserve their rights (withheld unless --include-restricted-quotes).
    let nq = get("/dumps/diplograph.nq");
    assert_eq!(nq.status, 200);
    assert_eq!(nq.header("Content-Type"), Some("application/n-quads"));
    let mut expected = diplograph::rdf::read_quads(&store()).unwrap();
    let site =
        diplograph::publish::view::Site::new(store(), &diplograph::rdf::Iris::new(BASE).unwrap())
            .unwrap()
            .include_restricted_quotes(false);
    diplograph::publish::withhold_restricted(&site, &mut expected).unwrap();
    assert!(
        expected.len() < store().len().unwrap(),
        "InfoCom and Hitachi quotes withheld"
    );
    assert_eq!(parse(&nq.body, RdfFormat::NQuads).len(), expected.len());
    for dump in dumps {
        let path = format!(
            "/{}",
            dump.trim_matches(['<', '>']).trim_start_matches(BASE)
        );
        assert_eq!(get(&path).status, 200, "{path}");
    }
    assert_eq!(get("/.well-known/void").status, 303);
}

#[test]
fn head_requests_get_headers_only() {
    let response = handle(
        &Request {
            method: "HEAD".into(),
            url: "/id/japan".into(),
            ..Request::default()
        },
        state(),
    );
    assert_eq!(response.status, 200);
    assert!(response.body.is_empty());
    assert_eq!(
        response.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
}

#[test]
fn no_request_makes_the_handler_panic() {
    use proptest::prelude::*;
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 64,
        ..proptest::test_runner::Config::default()
    });
    let strategy = (
        prop::sample::select(vec!["GET", "POST", "HEAD", "OPTIONS", "DELETE"]),
        "/[a-z/.%?=&#-]{0,30}",
        proptest::option::of("[ -~]{0,40}"),
        proptest::collection::vec(any::<u8>(), 0..64),
    );
    runner
        .run(&strategy, |(method, url, accept, body)| {
            let mut request = Request {
                method: method.to_owned(),
                url,
                headers: vec![(
                    "Content-Type".to_owned(),
                    "application/x-www-form-urlencoded".to_owned(),
                )],
                body,
            };
            if let Some(accept) = accept {
                request.headers.push(("Accept".to_owned(), accept));
            }
            let response = handle(&request, state());
            prop_assert!((200..600).contains(&response.status));
            Ok(())
        })
        .unwrap();
}

#[test]
fn request_paths_resolve_against_the_configured_base() {
    let base = "http://localhost:8080/data/";
    let iris = Iris::new(base).unwrap();
    let store = memory_store(&crate::common::mini().graph, &iris).unwrap();
    let state = Endpoint::new(
        store,
        ServeConfig {
            base: diplograph::rdf::Iris::new(base).unwrap(),
            ..ServeConfig::default()
        },
    )
    .unwrap();
    let entity = crate::common::mini().graph.entities.keys().next().unwrap();
    let response = handle(
        &Request::get(&format!("/id/{entity}")).with_header("Accept", "text/turtle"),
        &state,
    );
    assert_eq!(response.status, 200, "{}", response.body_text());
    let quads = parse(&response.body, RdfFormat::Turtle);
    assert!(
        quads
            .iter()
            .any(|q| q.subject.to_string() == format!("<{base}id/{entity}>")),
        "{}",
        response.body_text()
    );
    // Nothing is said in the default base's namespace, and pages link under this base.
    assert!(
        !response
            .body_text()
            .contains("https://w3id.org/diplograph/id/")
    );
    let page = handle(&Request::get(&format!("/id/{entity}")), &state).body_text();
    assert!(page.contains(&format!("<p class=\"iri\">{base}id/{entity}</p>")));
}

// See: issue 16 item 4, the Host header was reflected into /sparql and /void.
#[test]
fn regression_16_absolute_urls_come_from_the_public_url_never_the_host_header() {
    let evil = "evil.example:80";
    for url in ["/sparql", "/void"] {
        let response = handle(
            &Request::get(url)
                .with_header("Accept", "application/n-triples")
                .with_header("Host", evil),
            state(),
        );
        assert_eq!(response.status, 200);
        assert!(!response.body_text().contains("evil.example"), "{url}");
        assert!(
            response.body_text().contains(&format!("{BASE}sparql")),
            "{url}"
        );
    }
    let public = Endpoint::new(
        store(),
        ServeConfig {
            public_url: Some("https://data.example.org/kg".to_owned()),
            ..ServeConfig::default()
        },
    )
    .unwrap();
    let void = handle(
        &Request::get("/void")
            .with_header("Accept", "application/n-triples")
            .with_header("Host", evil),
        &public,
    );
    assert!(
        void.body_text()
            .contains("https://data.example.org/kg/sparql")
    );
    assert!(!void.body_text().contains("evil.example"));
}

// See: issue 16 item 4, pages without a content security policy.
#[test]
fn regression_16_every_response_carries_security_headers() {
    for url in [
        "/",
        "/entities",
        "/id/japan",
        "/sparql?query=ASK%7B%7D",
        "/void",
        "/nowhere",
    ] {
        let response = get(url);
        let csp = response.header("Content-Security-Policy").unwrap_or("");
        assert!(
            csp.contains("default-src 'self'") && csp.contains("script-src 'none'"),
            "{url}: {csp}"
        );
        assert_eq!(
            response.header("X-Content-Type-Options"),
            Some("nosniff"),
            "{url}"
        );
        assert!(response.header("Referrer-Policy").is_some(), "{url}");
    }
}

// See: issue 16 item 10, named-graph IRIs answered 404.
#[test]
fn regression_16_named_graph_iris_are_served_by_content_negotiation() {
    let graph = format!("{BASE}graph/gazetteer");
    let expected = store()
        .quads_for_pattern(
            None,
            None,
            None,
            Some(oxigraph::model::NamedNodeRef::new(&graph).unwrap().into()),
        )
        .count();
    assert!(expected > 0);
    for (accept, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
    ] {
        let response = get_accept("/graph/gazetteer", accept);
        assert_eq!(response.status, 200, "{accept}");
        assert_eq!(parse(&response.body, format).len(), expected, "{accept}");
    }
    let browser = get_accept("/graph/gazetteer", "text/html");
    assert_eq!(browser.status, 200);
    assert_eq!(get("/graph/no-such-graph").status, 404);
}

// See: issue 16 item 9, concurrent first requests for a dump each serialised the store.
#[test]
fn regression_16_a_dump_is_made_once_however_many_ask_at_once() {
    let fresh = Endpoint::new(store(), ServeConfig::default()).unwrap();
    let bodies: Vec<Response> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| handle(&Request::get("/dumps/diplograph.nt"), &fresh)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(
        bodies
            .iter()
            .all(|r| r.status == 200 && r.body == bodies[0].body)
    );
    assert_eq!(fresh.dumps_made(), 1);
    assert_eq!(
        handle(&Request::get("/dumps/diplograph.ttl"), &fresh).status,
        200
    );
    assert_eq!(fresh.dumps_made(), 2);
}

/// Issue 17: a hub's page (thousands of relations on a 1M-statement graph) is cut into pages
/// of `page_size` items per list; the pages together hold exactly what the whole view holds,
/// in the same order.
#[test]
fn entity_pages_hold_at_most_page_size_items_per_list_and_together_the_whole_view() {
    use diplograph::publish::view::{Paging, Site};
    let site = Site::new(store(), &Iris::new(BASE).unwrap())
        .unwrap()
        .include_restricted_quotes(false);
    let iri = format!("{BASE}id/japan");
    let whole = site.view(&iri).unwrap().unwrap();
    let per_page = 5;
    assert!(
        whole.timeline.len() > 2 * per_page,
        "{}",
        whole.timeline.len()
    );
    assert!(
        whole.evidence.len() > 2 * per_page,
        "{}",
        whole.evidence.len()
    );
    assert!(whole.outgoing.iter().any(|g| g.targets.len() > per_page));
    assert_eq!(whole.pages(), 1);
    let first = site
        .view_page(&iri, Paging::new(1, per_page))
        .unwrap()
        .unwrap();
    let pages = first.pages();
    assert!(pages > 2, "{pages}");
    let mut timeline = Vec::new();
    let mut evidence = Vec::new();
    let mut groups: BTreeMap<(bool, String), Vec<String>> = BTreeMap::new();
    for page in 1..=pages + 1 {
        let view = site
            .view_page(&iri, Paging::new(page, per_page))
            .unwrap()
            .unwrap();
        assert!(view.timeline.len() <= per_page && view.evidence.len() <= per_page);
        assert_eq!(
            (view.timeline_total, view.evidence_total),
            (whole.timeline.len(), whole.evidence.len())
        );
        for (incoming, list) in [(false, &view.outgoing), (true, &view.incoming)] {
            for group in list {
                assert!(group.targets.len() <= per_page, "{}", group.property.iri);
                groups
                    .entry((incoming, group.property.iri.clone()))
                    .or_default()
                    .extend(group.targets.iter().map(|t| t.node.iri.clone()));
            }
        }
        if page > pages {
            // past the last page: every list is empty
            assert!(view.timeline.is_empty() && view.evidence.is_empty());
        }
        timeline.extend(view.timeline);
        evidence.extend(view.evidence);
    }
    assert_eq!(timeline, whole.timeline);
    assert_eq!(evidence, whole.evidence);
    for (incoming, list) in [(false, &whole.outgoing), (true, &whole.incoming)] {
        for group in list {
            let iris: Vec<String> = group.targets.iter().map(|t| t.node.iri.clone()).collect();
            assert_eq!(groups[&(incoming, group.property.iri.clone())], iris);
            assert_eq!(group.total, iris.len());
        }
    }
}

/// The endpoint with pages of `PER_PAGE` items per list.
fn paged() -> &'static Endpoint {
    static PAGED: OnceLock<Endpoint> = OnceLock::new();
    PAGED.get_or_init(|| {
        Endpoint::new(
            store(),
            ServeConfig {
                page_size: PER_PAGE,
                ..ServeConfig::default()
            },
        )
        .unwrap()
    })
}

const PER_PAGE: usize = 5;

#[test]
fn a_hub_page_links_to_the_next_page_and_the_last_page_has_no_next_link() {
    let per_page = PER_PAGE;
    let page = |url: &str| handle(&Request::get(url), paged());
    let first = page("/id/japan").body_text();
    let provenance = section(&first, "provenance");
    assert_eq!(provenance.matches("<li>").count(), per_page);
    let total: usize = provenance
        .split(&format!("items 1–{per_page} of "))
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .expect("the provenance count is shown");
    assert!(total > per_page);
    assert!(provenance.contains("<a href=\"/id/japan?page=2\" rel=\"next\">next page</a>"));
    assert!(section(&first, "timeline").matches("<li>").count() <= per_page);
    // Each relation lists at most `per_page` other ends.
    let relations = section(&first, "relations");
    assert!(relations.contains("cooperates with: <p class=\"count\">items 1–5 of "));
    assert!(!first.contains("rel=\"prev\""));
    // The navigation says how many pages there are; the last has no next link.
    let pages: usize = first
        .split("<nav class=\"pages\">Page 1 of ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.parse().ok())
        .expect("page navigation");
    assert_eq!(pages, total.div_ceil(per_page).max(pages));
    let last = page(&format!("/id/japan?page={pages}"));
    assert_eq!(last.status, 200);
    let last = last.body_text();
    assert!(!last.contains("rel=\"next\""), "the last page links on");
    assert!(last.contains(&format!(
        "<a href=\"/id/japan?page={}\" rel=\"prev\">previous page</a>",
        pages - 1
    )));
    assert!(last.contains(&format!("<nav class=\"pages\">Page {pages} of {pages},")));
    // Past the last page, and pages that are not page numbers.
    assert_eq!(page(&format!("/id/japan?page={}", pages + 1)).status, 404);
    for bad in ["0", "x", "-1", ""] {
        assert_eq!(page(&format!("/id/japan?page={bad}")).status, 400, "{bad}");
    }
    // A page that fits (at the default page size) is not cut: no counts, no navigation.
    let whole = get("/id/japan").body_text();
    assert!(!whole.contains("<nav class=\"pages\">") && !whole.contains("class=\"count\""));
    assert!(section(&whole, "provenance").matches("<li>").count() > per_page);
    // Every page link resolves.
    for href in hrefs(&first) {
        if href.starts_with("/id/japan?") {
            assert_eq!(page(&href).status, 200, "{href}");
        }
    }
}

#[test]
fn a_hub_description_comes_in_pages_linked_by_link_headers_that_together_hold_it_all() {
    let site = diplograph::publish::view::Site::new(store(), &Iris::new(BASE).unwrap())
        .unwrap()
        .include_restricted_quotes(false);
    let whole: BTreeSet<String> = site
        .describe(&format!("{BASE}id/japan"))
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    let lines = |quads: Vec<Quad>| quads.iter().map(ToString::to_string).collect::<Vec<_>>();
    let mut pages = BTreeSet::new();
    let mut url = "/id/japan.nt".to_owned();
    let mut count = 0;
    loop {
        let response = handle(&Request::get(&url), paged());
        assert_eq!(response.status, 200, "{url}");
        let triples = parse(&response.body, RdfFormat::NTriples);
        assert!(triples.len() < whole.len());
        pages.extend(lines(triples));
        count += 1;
        match response.header("Link") {
            Some(link) => {
                assert_eq!(
                    link,
                    format!("</id/japan.nt?page={}>; rel=\"next\"", count + 1)
                );
                url = link[1..link.find('>').unwrap()].to_owned();
            }
            None => break,
        }
    }
    assert!(count > 2, "{count} pages");
    assert_eq!(pages, whole);
}

#[test]
fn a_page_served_again_is_the_same_page_with_its_own_headers() {
    // a fresh endpoint, so the first request renders and the second may come from its cache
    let config = ServeConfig {
        page_size: 50,
        ..ServeConfig::default()
    };
    let endpoint = Endpoint::new(store(), config).unwrap();
    let ask = |url: &str, accept: &str| {
        handle(&Request::get(url).with_header("Accept", accept), &endpoint)
    };
    for (url, accept) in [
        ("/id/japan", "text/html"),
        ("/id/japan", "text/turtle"),
        ("/id/japan?page=2", "text/html"),
    ] {
        let first = ask(url, accept);
        let second = ask(url, accept);
        assert_eq!(first.status, 200, "{url}");
        assert_eq!(first, second, "{url} {accept}");
    }
    // the representation and the page are part of what is kept: no mix-ups
    assert_ne!(
        ask("/id/japan", "text/html").body,
        ask("/id/japan", "text/turtle").body
    );
    assert_ne!(
        ask("/id/japan", "text/html").body,
        ask("/id/japan?page=2", "text/html").body
    );
    // a negotiated page names its location, a suffixed one does not, kept or not
    assert_eq!(
        ask("/id/japan", "text/turtle").header("Content-Location"),
        Some("/id/japan.ttl")
    );
    assert_eq!(ask("/id/japan.ttl", "*/*").header("Content-Location"), None);
    // and a page past the end is still a 404
    assert_eq!(ask("/id/japan?page=99", "text/html").status, 404);
}
