//! The SPARQL 1.1 Protocol at `/sparql`, read-only, plus its service description.
//!
//! Queries come as `GET ?query=`, as `POST` of `application/x-www-form-urlencoded` with a
//! `query` field, or as `POST` of `application/sparql-query`. Results: SELECT and ASK in JSON
//! (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle (default), N-Triples, JSON-LD
//! or RDF/XML, chosen by `Accept` or overridden by a `format` parameter (`json`, `xml`, `csv`,
//! `tsv`, `turtle`, `ntriples`, `jsonld`, `rdfxml`). Updates are refused with 403.
//!
//! Status codes: 400 for a malformed request or query, a query over the size or depth limits
//! (checked before parsing), a `FROM` graph the store does not have, and a result or string
//! over its limit, 403 for updates and `SERVICE`, 405 for other methods, 406 when no offered format is acceptable,
//! 413 for a body over the limit, 415 for an unknown body type, 503 when the query ran out
//! of time. Error bodies are one line of plain text saying what to change.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::time::Duration;

use oxigraph::sparql::CancellationToken;

use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};

use super::negotiate::best;
use super::{Endpoint, Request, Response, form_pairs};
use crate::error::Error;
use crate::publish::void::VOID_PREFIXES;
use crate::query::guard::{self, Budget};
use crate::query::{
    QUERY_STACK_SIZE, QueryConfig, QueryKind, ResultFormat, error_status, panicked,
    run_on_this_thread,
};
use crate::rdf::Iris;
use crate::rdf::syntax::{GraphFormat, write_triples};
use crate::rdf::vocab::{dcterms, formats, rdf, sd, void};

/// Result formats offered for SELECT and ASK, in order of preference.
pub(super) const RESULT_OFFERS: &[(&str, ResultFormat)] = &[
    ("application/sparql-results+json", ResultFormat::Json),
    ("application/json", ResultFormat::Json),
    ("application/sparql-results+xml", ResultFormat::Xml),
    ("application/xml", ResultFormat::Xml),
    ("text/xml", ResultFormat::Xml),
    ("text/csv", ResultFormat::Csv),
    ("text/tab-separated-values", ResultFormat::Tsv),
    ("text/plain", ResultFormat::Tsv),
];

/// Graph formats offered for CONSTRUCT, DESCRIBE and descriptions, in order of preference.
pub(super) const GRAPH_OFFERS: &[(&str, GraphFormat)] = &[
    ("text/turtle", GraphFormat::Turtle),
    ("application/x-turtle", GraphFormat::Turtle),
    ("application/n-triples", GraphFormat::NTriples),
    ("application/ld+json", GraphFormat::JsonLd),
    ("application/rdf+xml", GraphFormat::RdfXml),
    ("text/plain", GraphFormat::NTriples),
];

/// The media type of a result format.
pub(super) fn result_media_type(format: ResultFormat) -> &'static str {
    match format {
        ResultFormat::Json | ResultFormat::Table => "application/sparql-results+json",
        ResultFormat::Xml => "application/sparql-results+xml",
        ResultFormat::Csv => "text/csv; charset=utf-8",
        ResultFormat::Tsv => "text/tab-separated-values; charset=utf-8",
    }
}

/// The media type of a graph format.
pub(super) fn graph_media_type(format: GraphFormat) -> &'static str {
    match format {
        GraphFormat::Turtle => "text/turtle; charset=utf-8",
        GraphFormat::NTriples => "application/n-triples",
        GraphFormat::JsonLd => "application/ld+json",
        GraphFormat::RdfXml => "application/rdf+xml",
    }
}

/// What a `format` parameter asks for: a short name (`json`, `xml`, `csv`, `tsv`, `turtle`,
/// `ntriples`, `jsonld`, `rdfxml`) or a media type. `json` and `xml` name a format for both
/// kinds of result (SPARQL JSON / JSON-LD, SPARQL XML / RDF/XML), as SPARQLWrapper and other
/// clients that send `format=` expect; the other kind is negotiated by `Accept`.
fn requested_format(name: &str) -> Option<(Option<ResultFormat>, Option<GraphFormat>)> {
    let name = name.trim().to_ascii_lowercase();
    let short = match name.as_str() {
        "json" | "srj" => Some((Some(ResultFormat::Json), Some(GraphFormat::JsonLd))),
        "xml" | "srx" => Some((Some(ResultFormat::Xml), Some(GraphFormat::RdfXml))),
        "csv" => Some((Some(ResultFormat::Csv), None)),
        "tsv" => Some((Some(ResultFormat::Tsv), None)),
        "turtle" | "ttl" => Some((None, Some(GraphFormat::Turtle))),
        "ntriples" | "nt" | "n-triples" => Some((None, Some(GraphFormat::NTriples))),
        "jsonld" | "json-ld" => Some((None, Some(GraphFormat::JsonLd))),
        "rdfxml" | "rdf" => Some((None, Some(GraphFormat::RdfXml))),
        _ => None,
    };
    short.or_else(|| {
        let media = name.split(';').next().unwrap_or("").trim();
        let results = RESULT_OFFERS
            .iter()
            .find(|(m, _)| *m == media)
            .map(|(_, f)| *f);
        let graph = GRAPH_OFFERS
            .iter()
            .find(|(m, _)| *m == media)
            .map(|(_, f)| *f);
        (results.is_some() || graph.is_some()).then_some((results, graph))
    })
}

/// The parameters of a protocol request, from the URL and a form body.
struct Params {
    pairs: Vec<(String, String)>,
    direct_query: Option<String>,
}

impl Params {
    fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

fn media_type_of(request: &Request) -> String {
    request
        .header("Content-Type")
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn read_params(request: &Request) -> Result<Params, Response> {
    let mut params = Params {
        pairs: form_pairs(request.query_string()),
        direct_query: None,
    };
    if request.method != "POST" {
        return Ok(params);
    }
    let body = std::str::from_utf8(&request.body)
        .map_err(|_| Response::text(400, "the request body is not UTF-8"))?;
    match media_type_of(request).as_str() {
        "application/x-www-form-urlencoded" => params.pairs.extend(form_pairs(body)),
        "application/sparql-query" => params.direct_query = Some(body.to_owned()),
        "application/sparql-update" => {
            return Err(read_only());
        }
        "" => {
            return Err(Response::text(
                400,
                "a POST to /sparql needs a Content-Type: application/sparql-query or \
                 application/x-www-form-urlencoded",
            ));
        }
        other => {
            return Err(Response::text(
                415,
                &format!(
                    "unsupported Content-Type `{other}`: send application/sparql-query or \
                     application/x-www-form-urlencoded"
                ),
            ));
        }
    }
    Ok(params)
}

fn read_only() -> Response {
    Response::text(
        403,
        "this endpoint is read-only: SPARQL updates are refused (rebuild the store with \
         `diplograph build` to change the data)",
    )
}

/// Concurrent query evaluations: a counting semaphore whose permits travel with the thread
/// that evaluates, so a query keeps its slot until it stops (it is cancelled at the deadline).
/// The budgets of the running queries are kept so that all can be stopped when the server
/// runs short of memory.
#[derive(Debug)]
pub(super) struct Slots {
    running: Mutex<Vec<(u64, Budget)>>,
    next_id: AtomicU64,
    freed: Condvar,
    capacity: usize,
}

pub(super) struct SlotGuard {
    slots: Arc<Slots>,
    id: u64,
}

impl Drop for SlotGuard {
    fn drop(&mut self) {
        let mut running = self
            .slots
            .running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        running.retain(|(id, _)| *id != self.id);
        self.slots.freed.notify_one();
    }
}

impl Slots {
    pub(super) fn new(capacity: usize) -> Arc<Self> {
        Arc::new(Self {
            running: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(0),
            freed: Condvar::new(),
            capacity: capacity.max(1),
        })
    }

    /// Wait up to `wait` for a free slot and take it for a query with `budget`.
    fn acquire(self: &Arc<Self>, wait: Duration, budget: &Budget) -> Option<SlotGuard> {
        let running = self
            .running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (mut running, _) = self
            .freed
            .wait_timeout_while(running, wait, |running| running.len() >= self.capacity)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if running.len() >= self.capacity {
            return None;
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        running.push((id, budget.clone()));
        Some(SlotGuard {
            slots: Arc::clone(self),
            id,
        })
    }

    /// Queries running now.
    pub(super) fn running(&self) -> usize {
        self.running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .len()
    }

    /// Stop every running query, saying why.
    pub(super) fn stop_all(&self, reason: &str) {
        for (_, budget) in self
            .running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
        {
            budget.trip(reason.to_owned());
        }
    }
}

/// The resident memory of this process in bytes (Linux; `None` elsewhere).
pub(super) fn resident_bytes() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kilobytes: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes * 1024)
}

/// Stop all running queries whenever the process holds more than `limit` bytes: checked
/// every 50 ms by a thread that ends with the slots. Evaluation notices the stop when it
/// next reads the store or makes a string.
pub(super) fn watch_memory(slots: &Arc<Slots>, limit: usize) {
    let slots = Arc::downgrade(slots);
    let spawned = std::thread::Builder::new()
        .name("diplograph-memory".to_owned())
        .spawn(move || {
            while let Some(slots) = slots.upgrade() {
                if slots.running() > 0
                    && let Some(resident) = resident_bytes()
                    && resident > limit
                {
                    slots.stop_all(&format!(
                        "{}the server ran short of memory ({} MB in use, the limit is {} MB) and \
                         stopped the running queries: narrow the query or add a LIMIT",
                        guard::OVER_BUDGET_PREFIX,
                        resident >> 20,
                        limit >> 20
                    ));
                }
                drop(slots);
                std::thread::sleep(Duration::from_millis(50));
            }
        });
    // Without the watcher the server still works, only without this protection.
    drop(spawned);
}

/// Evaluate a query with the server's limits, on a thread of its own with a large stack,
/// and answer by the deadline whatever happens. At the deadline the query is cancelled;
/// its thread ends (and frees its slot) when evaluation next checks the cancellation.
pub(super) fn evaluate(
    state: &Endpoint,
    query: &str,
    result_format: ResultFormat,
    graph_format: GraphFormat,
) -> Result<(QueryKind, Vec<u8>), (u16, String)> {
    let timeout = state.config.timeout;
    let too_slow = || {
        (
            503,
            format!(
                "query error: the query took longer than {} s and was stopped: narrow it or add a LIMIT",
                timeout.as_secs_f64()
            ),
        )
    };
    let config = QueryConfig {
        base: state.config.base.clone(),
        timeout: Some(timeout),
        max_results: Some(state.config.max_results),
        max_output: Some(state.config.max_output),
        limits: state.config.limits,
        ..QueryConfig::default()
    };
    let budget = Budget::new(CancellationToken::new(), &config.limits);
    let Some(slot) = state.slots.acquire(timeout, &budget) else {
        return Err((
            503,
            format!(
                "the server is busy: {} queries are running; try again later",
                state.slots.capacity
            ),
        ));
    };
    let store = state.data().site.store().clone();
    let query = query.to_owned();
    let (sender, receiver) = mpsc::sync_channel(1);
    let thread_budget = budget.clone();
    let spawned = std::thread::Builder::new()
        .name("diplograph-query".to_owned())
        .stack_size(QUERY_STACK_SIZE)
        .spawn(move || {
            let _slot = slot;
            let mut body = Vec::new();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run_on_this_thread(
                    &store,
                    &query,
                    &config,
                    result_format,
                    graph_format,
                    &mut body,
                    &thread_budget,
                )
            }))
            .unwrap_or_else(|_| Err(panicked()));
            // The handler may have given up already; then nobody listens.
            let _ = sender.send(result.map(|outcome| (outcome.kind, body)));
        });
    if let Err(error) = spawned {
        return Err((500, format!("cannot start a query thread: {error}")));
    }
    // A little grace after the timeout so the token's own, more precise error wins.
    match receiver.recv_timeout(timeout + Duration::from_millis(500)) {
        Ok(Ok(done)) => Ok(done),
        Ok(Err(error)) => {
            let status = error_status(&error);
            let message = match &error {
                Error::Query { message, .. } => message.clone(),
                other => other.to_string(),
            };
            let limit = if message.starts_with("more than ") {
                format!(
                    " (the server's limit is {} results)",
                    state.config.max_results
                )
            } else {
                String::new()
            };
            Err((status, format!("query error: {message}{limit}")))
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            budget.trip(too_slow().1);
            Err(too_slow())
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err((
            500,
            "query error: the query thread stopped without answering".to_owned(),
        )),
    }
}

/// Handle `/sparql`.
pub(super) fn sparql(request: &Request, state: &Endpoint) -> Response {
    if !matches!(request.method.as_str(), "GET" | "HEAD" | "POST") {
        return Response::text(
            405,
            &format!("method {} is not allowed on /sparql", request.method),
        )
        .with_header("Allow", "GET, HEAD, POST, OPTIONS");
    }
    let params = match read_params(request) {
        Ok(params) => params,
        Err(response) => return response,
    };
    if !params.all("update").is_empty() {
        return read_only();
    }
    let mut queries: Vec<String> = params
        .all("query")
        .iter()
        .map(|q| (*q).to_owned())
        .collect();
    if let Some(direct) = &params.direct_query {
        queries.push(direct.clone());
    }
    let query = match queries.as_slice() {
        [] if request.method != "POST" => return service_description(request, state),
        [] => return Response::text(400, "missing `query` parameter"),
        [query] => query.clone(),
        _ => {
            return Response::text(
                400,
                "more than one query in the request: send exactly one `query`",
            );
        }
    };
    for name in ["default-graph-uri", "named-graph-uri"] {
        if !params.all(name).is_empty() {
            return Response::text(
                400,
                &format!(
                    "`{name}` is not supported: the default graph is the union of all \
                     document graphs; use FROM / FROM NAMED or GRAPH in the query"
                ),
            );
        }
    }
    let accept = request.header("Accept");
    let forced = match params.all("format").first() {
        Some(name) => match requested_format(name) {
            Some(forced) => forced,
            None => {
                return Response::text(
                    400,
                    "unknown `format`: use json, xml, csv, tsv, turtle, ntriples, jsonld or rdfxml",
                );
            }
        },
        None => (None, None),
    };
    let result_format = forced.0.or_else(|| best(accept, RESULT_OFFERS));
    let graph_format = forced.1.or_else(|| best(accept, GRAPH_OFFERS));
    let (kind, body) = match evaluate(
        state,
        &query,
        result_format.unwrap_or(ResultFormat::Json),
        graph_format.unwrap_or(GraphFormat::Turtle),
    ) {
        Ok(done) => done,
        Err((status, message)) => return Response::text(status, &message),
    };
    let content_type = match kind {
        QueryKind::Solutions | QueryKind::Boolean => match result_format {
            Some(format) => result_media_type(format),
            None => return not_acceptable(true),
        },
        QueryKind::Graph => match graph_format {
            Some(format) => graph_media_type(format),
            None => return not_acceptable(false),
        },
    };
    Response::new(200, content_type, body).with_header("Vary", "Accept")
}

fn not_acceptable(results: bool) -> Response {
    let offered: Vec<&str> = if results {
        RESULT_OFFERS.iter().map(|(m, _)| *m).collect()
    } else {
        GRAPH_OFFERS.iter().map(|(m, _)| *m).collect()
    };
    Response::text(
        406,
        &format!(
            "none of the accepted media types is available for this query: ask for one of {}",
            offered.join(", ")
        ),
    )
}

/// The URL the client reached the server at (from `Host`), ending in `/`.
fn service_description(request: &Request, state: &Endpoint) -> Response {
    const OFFERS: &[(&str, Option<GraphFormat>)] = &[
        ("text/turtle", Some(GraphFormat::Turtle)),
        ("text/html", None),
        ("application/n-triples", Some(GraphFormat::NTriples)),
        ("application/ld+json", Some(GraphFormat::JsonLd)),
        ("application/rdf+xml", Some(GraphFormat::RdfXml)),
    ];
    let format = match best(request.header("Accept"), OFFERS) {
        Some(Some(format)) => format,
        // A browser: the query page is where people write queries.
        Some(None) => return Response::redirect(303, "/"),
        None => return not_acceptable(false),
    };
    let endpoint = format!("{}sparql", state.site_url());
    let data = state.data();
    let stats = &data.stats;
    let iri = |text: &str| NamedNode::new_unchecked(text);
    let service = iri(&endpoint);
    let dataset = iri(&format!("{endpoint}#dataset"));
    let default_graph = iri(&format!("{endpoint}#default-graph"));
    let mut triples = Vec::new();
    let mut add = |s: &NamedNode, p: &str, o: Term| {
        triples.push(Triple::new(
            NamedOrBlankNode::NamedNode(s.clone()),
            iri(p),
            o,
        ));
    };
    add(&service, rdf::TYPE, iri(sd::SERVICE).into());
    add(&service, sd::ENDPOINT, service.clone().into());
    add(
        &service,
        sd::SUPPORTED_LANGUAGE,
        iri(sd::SPARQL11_QUERY).into(),
    );
    add(&service, sd::FEATURE, iri(sd::UNION_DEFAULT_GRAPH).into());
    for format in [
        formats::SPARQL_RESULTS_JSON,
        formats::SPARQL_RESULTS_XML,
        formats::SPARQL_RESULTS_CSV,
        formats::SPARQL_RESULTS_TSV,
        formats::TURTLE,
        formats::N_TRIPLES,
        formats::JSON_LD,
        formats::RDF_XML,
    ] {
        add(&service, sd::RESULT_FORMAT, iri(format).into());
    }
    add(&service, sd::DEFAULT_DATASET, dataset.clone().into());
    add(&dataset, rdf::TYPE, iri(sd::DATASET).into());
    add(&dataset, sd::DEFAULT_GRAPH, default_graph.clone().into());
    add(&default_graph, rdf::TYPE, iri(sd::GRAPH).into());
    add(
        &default_graph,
        void::TRIPLES,
        Literal::from(i64::try_from(stats.triples).unwrap_or(i64::MAX)).into(),
    );
    for (graph, n) in &stats.graphs {
        let slug = graph.rsplit('/').next().unwrap_or(graph);
        let named = iri(&format!("{endpoint}#graph-{slug}"));
        add(&dataset, sd::NAMED_GRAPH, named.clone().into());
        add(&named, rdf::TYPE, iri(sd::NAMED_GRAPH_CLASS).into());
        add(&named, sd::NAME, iri(graph).into());
        add(
            &named,
            void::TRIPLES,
            Literal::from(i64::try_from(*n).unwrap_or(i64::MAX)).into(),
        );
    }
    if let Some(license) = &state.config.license {
        add(&service, dcterms::LICENSE, iri(license).into());
    }
    triples_response(&triples, format, &state.config.base)
}

/// Triples (a service or dataset description) in the negotiated RDF format.
pub(super) fn triples_response(triples: &[Triple], format: GraphFormat, base: &Iris) -> Response {
    let mut body = Vec::new();
    match write_triples(triples, format, base, VOID_PREFIXES, &mut body) {
        Ok(()) => Response::new(200, graph_media_type(format), body).with_header("Vary", "Accept"),
        Err(error) => Response::text(500, &error.to_string()),
    }
}
