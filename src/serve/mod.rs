//! The SPARQL endpoint and linked-data server: pure request handling plus a thin socket loop.
//!
//! [`handle`] turns a [`Request`] into a [`Response`] with no I/O but reads of the store, so
//! every behaviour is testable in-process; [`server`] runs it on a socket, a thread per
//! connection up to a bound, and queries each on a thread of their own under a deadline.
//!
//! Routes (the paths of the data's IRIs, so `{base}id/japan` is served at `/id/japan`):
//!
//! | path | what |
//! |---|---|
//! | `/sparql` | SPARQL 1.1 Protocol (GET, POST form, POST direct); a service description without `query` |
//! | `/` | the query page (`?query=` shows results as a table) and dataset overview |
//! | `/entities` | the index of entities and events (`/id/` redirects there) |
//! | `/id/{slug}`, `/doc/{slug}`, `/post/{slug}`, any other IRI path under the base | the resource: HTML, Turtle, JSON-LD, N-Triples or RDF/XML by `Accept`, or by a `.html`/`.ttl`/`.jsonld`/`.nt`/`.rdf` suffix |
//! | `/graph/{slug}` | a named graph's triples (Turtle, N-Triples, JSON-LD, RDF/XML by `Accept`; Turtle as plain text for a browser) |
//! | `/void`, `/void.ttl`, `/void.jsonld`, `/.well-known/void` | VoID and DCAT description |
//! | `/dumps/diplograph.{ttl,nt,nq,trig,jsonld,rdf}` | dumps of the whole dataset (each made once per store, one at a time) |
//! | `/ontology` | the diplograph ontology (Turtle) |
//!
//! Invariants: the store is only read (updates are refused with 403 before anything else);
//! every response carries CORS and security headers (a content security policy without
//! scripts, `nosniff`, no referrer); absolute URLs come from the configured public URL or the
//! base, never from the request; every query is checked for size and depth before it is
//! parsed, runs on its own large-stack thread under a deadline that cancels it, within a
//! string and result budget, and never reaches another server (`SERVICE` and unknown `FROM`
//! graphs are refused); all running queries are stopped when the process holds more memory
//! than [`ServeConfig::max_memory`]. [`watch_store`] swaps in a rebuilt store.

mod cache;
mod negotiate;
mod pages;
mod protocol;
pub mod server;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use oxigraph::store::Store;

use crate::error::Result;
use crate::export::ExportFormat;
use crate::publish::html::SiteInfo;
use crate::publish::view::{Site, Stats};
use crate::rdf::Iris;

/// Settings of the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeConfig {
    /// Base IRI of the data; request paths are resolved against it.
    pub base: Iris,
    /// Stop a query after this long.
    pub timeout: Duration,
    /// Refuse results with more solutions or triples than this.
    pub max_results: usize,
    /// Refuse request bodies larger than this many bytes.
    pub max_body: usize,
    /// The data licence's IRI, shown on pages and in the VoID description.
    pub license: Option<String>,
    /// Queries evaluated at once; more wait for a slot (up to the timeout).
    pub max_queries: usize,
    /// Refuse query results larger than this many bytes.
    pub max_output: usize,
    /// How large a query and the strings it makes may be.
    pub limits: crate::query::QueryLimits,
    /// Stop the running queries when the process holds more memory than this many bytes
    /// (`None`: its memory at start plus 2 GiB).
    pub max_memory: Option<usize>,
    /// Where the site is reached (`https://example.org/`), for the absolute URLs of the
    /// service description and VoID; `None`: the base. Never taken from a request's `Host`.
    pub public_url: Option<String>,
    /// Show the verbatim sentences of sources whose rights do not allow reuse on pages and in
    /// dumps (`false`: left out, as `publish` does; the SPARQL endpoint still answers from the
    /// whole store).
    pub include_restricted_quotes: bool,
    /// Items of each list of an entity page (the other ends of each relation, the timeline,
    /// the provenance records): longer lists are cut into pages (`?page=2` ...), so that a
    /// hub's page costs what a small one does.
    pub page_size: usize,
}

/// Items of each list of an entity page, by default ([`ServeConfig::page_size`]): the bundled
/// data's largest list (Japan's 122 provenance records) fits on one page; a hub of the 1m
/// synthetic graph (2,570 records) takes 13.
pub const DEFAULT_PAGE_SIZE: usize = 200;

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            base: Iris::default(),
            timeout: Duration::from_secs(10),
            max_results: 10_000,
            max_body: 1 << 20,
            license: Some(crate::publish::void::DEFAULT_LICENSE.to_owned()),
            max_queries: std::thread::available_parallelism().map_or(2, |n| n.get().max(2)),
            max_output: 64 << 20,
            limits: crate::query::QueryLimits::default(),
            max_memory: None,
            public_url: None,
            include_restricted_quotes: false,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

/// A dump, made once by the first request for it while the others wait (single flight).
type DumpCell = Arc<std::sync::OnceLock<std::result::Result<Arc<Vec<u8>>, String>>>;

/// What is read from one store: the site, its counts, and what is made from it once.
#[derive(Debug)]
pub(crate) struct Data {
    pub(crate) site: Site,
    pub(crate) stats: Stats,
    pub(crate) dumps: Mutex<BTreeMap<ExportFormat, DumpCell>>,
    pub(crate) index_page: std::sync::OnceLock<String>,
    /// Resource pages rendered before ([`cache`]).
    pub(crate) pages: Mutex<cache::PageCache>,
}

/// Bytes of rendered resource pages a server keeps ([`cache::PageCache`]).
const PAGE_CACHE_BYTES: usize = 64 << 20;

impl Data {
    fn new(store: Store, base: &Iris, include_restricted_quotes: bool) -> Result<Self> {
        let site = Site::new(store, base)?.include_restricted_quotes(include_restricted_quotes);
        let stats = site.stats()?;
        Ok(Self {
            site,
            stats,
            dumps: Mutex::new(BTreeMap::new()),
            index_page: std::sync::OnceLock::new(),
            pages: Mutex::new(cache::PageCache::new(PAGE_CACHE_BYTES)),
        })
    }
}

/// What the handlers share: the settings, the store's data (replaced whole when the store is
/// reopened after a rebuild), the query slots.
#[derive(Debug)]
pub struct Endpoint {
    data: std::sync::RwLock<Arc<Data>>,
    config: ServeConfig,
    info: SiteInfo,
    slots: Arc<protocol::Slots>,
    /// Dumps made at once (each holds a serialisation of the whole store in memory).
    dump_generation: Mutex<()>,
    /// Dumps serialised since the server started.
    dumps_made: std::sync::atomic::AtomicUsize,
}

impl Endpoint {
    /// The state for serving `store` (which should be opened read-only).
    pub fn new(store: Store, config: ServeConfig) -> Result<Self> {
        let data = Data::new(store, &config.base, config.include_restricted_quotes)?;
        let info = SiteInfo {
            title: "diplograph".to_owned(),
            license: config.license.clone(),
            sparql_endpoint: Some("/sparql".to_owned()),
        };
        let slots = protocol::Slots::new(config.max_queries);
        let max_memory = config.max_memory.unwrap_or_else(|| {
            protocol::resident_bytes()
                .unwrap_or(0)
                .saturating_add(2 << 30)
        });
        protocol::watch_memory(&slots, max_memory);
        Ok(Self {
            data: std::sync::RwLock::new(Arc::new(data)),
            slots,
            config,
            info,
            dump_generation: Mutex::new(()),
            dumps_made: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    /// The data of the store being served.
    pub(crate) fn data(&self) -> Arc<Data> {
        Arc::clone(
            &self
                .data
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    /// Serve `store` from now on (requests being answered finish with the old one).
    pub fn replace_store(&self, store: Store) -> Result<()> {
        let data = Arc::new(Data::new(
            store,
            &self.config.base,
            self.config.include_restricted_quotes,
        )?);
        *self
            .data
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = data;
        Ok(())
    }

    /// Counts of the dataset being served.
    pub fn stats(&self) -> Stats {
        self.data().stats.clone()
    }

    /// Dumps serialised since the server started (each format once per store).
    pub fn dumps_made(&self) -> usize {
        self.dumps_made.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Queries being evaluated now (each holds a slot until its thread ends).
    pub fn running_queries(&self) -> usize {
        self.slots.running()
    }

    /// The site's absolute URL, ending in `/`: the public URL, or the base.
    pub fn site_url(&self) -> String {
        let url = self
            .config
            .public_url
            .as_deref()
            .unwrap_or(self.config.base.base());
        if url.ends_with('/') {
            url.to_owned()
        } else {
            format!("{url}/")
        }
    }

    /// The settings.
    pub fn config(&self) -> &ServeConfig {
        &self.config
    }
}

/// An HTTP request, as the handlers see it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    /// The method (`GET`, `POST` ...).
    pub method: String,
    /// The request target: path and query string (`/sparql?query=...`).
    pub url: String,
    /// Header names and values (names compared case-insensitively).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// A GET request for `url`.
    pub fn get(url: &str) -> Self {
        Self {
            method: "GET".to_owned(),
            url: url.to_owned(),
            ..Self::default()
        }
    }

    /// A POST request for `url` with a body of `content_type`.
    pub fn post(url: &str, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            method: "POST".to_owned(),
            url: url.to_owned(),
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body: body.into(),
        }
    }

    /// The same request with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// The path, without the query string.
    pub fn path(&self) -> &str {
        self.url.split(['?', '#']).next().unwrap_or("/")
    }

    /// The raw query string (after `?`), if any.
    pub fn query_string(&self) -> &str {
        self.url
            .split_once('?')
            .map_or("", |(_, q)| q.split('#').next().unwrap_or(""))
    }
}

/// An HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a body of `content_type`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body: body.into(),
        }
    }

    /// A plain-text response (errors say what went wrong and what to do).
    pub fn text(status: u16, message: &str) -> Self {
        let mut body = message.to_owned();
        body.push('\n');
        Self::new(status, "text/plain; charset=utf-8", body)
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        Self::text(status, &format!("see {location}")).with_header("Location", location)
    }

    /// The same response with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// The body as text (lossy).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Decode `application/x-www-form-urlencoded` text into name/value pairs, in order.
pub(crate) fn form_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(name), form_decode(value))
        })
        .collect()
}

/// The first value of header `name` (case-insensitive) in request or response headers.
fn header_value<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn form_decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

pub use crate::publish::html::form_encode;

/// Answer one request. Never panics on any input; never writes to the store.
pub fn handle(request: &Request, state: &Endpoint) -> Response {
    let mut response = route(request, state);
    response
        .headers
        .push(("Access-Control-Allow-Origin".to_owned(), "*".to_owned()));
    response.headers.push((
        "Access-Control-Expose-Headers".to_owned(),
        "Content-Type, Content-Location, Location".to_owned(),
    ));
    // Pages carry no script and load nothing from elsewhere: say so, so that a browser
    // runs nothing even if some data slipped through escaping (issue 16). Their one
    // stylesheet is inline.
    for (name, value) in [
        (
            "Content-Security-Policy",
            "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
    ] {
        response.headers.push((name.to_owned(), value.to_owned()));
    }
    if request.method == "HEAD" {
        let length = response.body.len();
        response
            .headers
            .push(("Content-Length".to_owned(), length.to_string()));
        response.body.clear();
    }
    response
}

fn route(request: &Request, state: &Endpoint) -> Response {
    if request.method == "OPTIONS" {
        return Response {
            status: 204,
            headers: vec![
                (
                    "Access-Control-Allow-Methods".to_owned(),
                    "GET, HEAD, POST, OPTIONS".to_owned(),
                ),
                (
                    "Access-Control-Allow-Headers".to_owned(),
                    "Accept, Content-Type, Authorization".to_owned(),
                ),
                ("Access-Control-Max-Age".to_owned(), "86400".to_owned()),
                ("Allow".to_owned(), "GET, HEAD, POST, OPTIONS".to_owned()),
            ],
            body: Vec::new(),
        };
    }
    let path = request.path();
    if path == "/sparql" {
        return protocol::sparql(request, state);
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return Response::text(
            405,
            &format!(
                "method {} is not allowed on {path}: this server is read-only; \
                 POST queries to /sparql",
                request.method
            ),
        )
        .with_header("Allow", "GET, HEAD, OPTIONS");
    }
    match path {
        "/" | "/index.html" => pages::home(request, state),
        "/entities" | "/entities.html" => pages::index(state),
        "/id" | "/id/" => Response::redirect(303, "/entities"),
        "/.well-known/void" => Response::redirect(303, "/void"),
        "/void" | "/void.ttl" | "/void.jsonld" | "/void.nt" => pages::void(request, state),
        "/ontology" | "/ontology.ttl" => {
            Response::new(200, "text/turtle; charset=utf-8", crate::rdf::ONTOLOGY_TTL)
        }
        _ => {
            if let Some(name) = path.strip_prefix("/dumps/") {
                return pages::dump(name, state);
            }
            pages::resource(request, state)
        }
    }
}

/// Reopen the store whenever a build rewrites it: every `every`, compare `{store}.manifest.json`
/// (written by `build` once the store is complete) with what it was; when it changed and reads
/// the same twice in a row, open the store again and serve it. `on_reload` hears of every
/// reopening (with the new counts) and every failure (the old store is then kept). The thread
/// ends with the state.
pub fn watch_store(
    state: &Arc<Endpoint>,
    store: std::path::PathBuf,
    every: Duration,
    on_reload: impl Fn(Result<Stats>) + Send + 'static,
) {
    let manifest = crate::incremental::manifest_path(&store);
    let read = move || std::fs::read(&manifest).ok();
    let mut served = read();
    let state = Arc::downgrade(state);
    let spawned = std::thread::Builder::new()
        .name("diplograph-store-watch".to_owned())
        .spawn(move || {
            loop {
                std::thread::sleep(every);
                let Some(state) = state.upgrade() else { break };
                let now = read();
                if now == served || now.is_none() {
                    continue;
                }
                std::thread::sleep(every);
                if read() != now {
                    continue;
                }
                served = now;
                let reopened = crate::rdf::open_store(&store)
                    .and_then(|opened| state.replace_store(opened))
                    .map(|()| state.stats());
                on_reload(reopened);
            }
        });
    // Without the watcher the server still serves the store it opened.
    drop(spawned);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_plus_and_percent_escapes() {
        assert_eq!(
            form_pairs("query=SELECT+%3Fs+WHERE+%7B%7D&x=&y"),
            vec![
                ("query".to_owned(), "SELECT ?s WHERE {}".to_owned()),
                ("x".to_owned(), String::new()),
                ("y".to_owned(), String::new()),
            ]
        );
        let text = "ASK { ?s rdfs:label \"日本\"@ja } # &=+";
        assert_eq!(
            form_pairs(&format!("q={}", form_encode(text))),
            vec![("q".to_owned(), text.to_owned())]
        );
    }

    #[test]
    fn paths_and_query_strings_split() {
        let request = Request::get("/sparql?query=ASK%7B%7D#frag");
        assert_eq!(request.path(), "/sparql");
        assert_eq!(request.query_string(), "query=ASK%7B%7D");
        assert_eq!(Request::get("/id/japan").query_string(), "");
    }
}
