//! Load the graph into a remote store through the SPARQL 1.1 Graph Store HTTP Protocol.
//!
//! Every named graph of the store (one per source document, plus the gazetteer's) is sent as
//! one `PUT {endpoint}?graph={graph IRI}` with an N-Triples body, which replaces that graph on
//! the server and leaves the others alone; triples of the default graph, if any, go to
//! `PUT {endpoint}?default`. Graphs are sent in IRI order with their triples sorted, so a push
//! is repeatable. Works with any Graph Store Protocol server: Oxigraph (`/store`), Fuseki
//! (`/{dataset}/data`), GraphDB (`/repositories/{id}/rdf-graphs/service`), Virtuoso
//! (`/sparql-graph-crud`).
//!
//! A push is only reported done when the server holds the data: a redirect is an error naming
//! its `Location` (the body would be sent nowhere), and afterwards each graph is read back with
//! a Graph Store `GET` and must hold exactly the triples sent (with `--append`, at least them);
//! a server that answers 204 without storing anything fails here. A server that offers no
//! `GET` leaves the graphs unverified (said per graph). When a request fails midway (timeout,
//! closed connection, refusal), the error names the graph and lists the graphs already pushed.
//!
//! `http://` endpoints only: this build carries no TLS stack (put the server behind a private
//! network or an HTTPS-terminating proxy on the same machine).

use std::time::Duration;

use base64::Engine as _;
use std::collections::HashSet;

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNode, Triple};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::publish::html::form_encode;

/// Where and how to push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushConfig {
    /// The Graph Store Protocol endpoint (`http://localhost:7878/store`).
    pub endpoint: String,
    /// HTTP basic credentials (user, password).
    pub credentials: Option<(String, String)>,
    /// Give up on one request after this long.
    pub timeout: Duration,
    /// `POST` (add to the graphs) instead of `PUT` (replace them).
    pub append: bool,
    /// Read each graph back after pushing and compare (a `GET` per graph).
    pub verify: bool,
}

/// One graph sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushedGraph {
    /// The graph's IRI (`None` for the default graph).
    pub graph: Option<String>,
    /// Triples sent.
    pub triples: usize,
    /// The server's status code.
    pub status: u16,
    /// Triples the server holds in the graph, read back after the push (`None`: not checked,
    /// or the server offers no `GET`).
    pub verified: Option<usize>,
}

/// The URL of one graph on a Graph Store Protocol endpoint.
pub fn graph_url(endpoint: &str, graph: Option<&str>) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    match graph {
        Some(graph) => format!("{endpoint}{separator}graph={}", form_encode(graph)),
        None => format!("{endpoint}{separator}default"),
    }
}

fn graph_triples(store: &Store, graph: GraphNameRef<'_>) -> Result<Vec<Triple>> {
    let mut triples: Vec<Triple> = store
        .quads_for_pattern(None, None, None, Some(graph))
        .map(|q| q.map(|q| Triple::new(q.subject, q.predicate, q.object)))
        .collect::<Result<_, _>>()
        .map_err(|e| Error::store(e.to_string()).caused_by(e))?;
    triples.sort_by_cached_key(ToString::to_string);
    triples.dedup();
    Ok(triples)
}

fn shown(graph: Option<&str>) -> String {
    graph.map_or_else(|| "the default graph".to_owned(), |g| format!("<{g}>"))
}

/// "; 3 graphs were pushed before it: <a>, <b>, <c>" (at most 10 named).
fn already_pushed(pushed: &[PushedGraph]) -> String {
    if pushed.is_empty() {
        return "; no graph was pushed before it".to_owned();
    }
    let names: Vec<String> = pushed
        .iter()
        .take(10)
        .map(|p| shown(p.graph.as_deref()))
        .collect();
    format!(
        "; {} graph{} pushed before it: {}{}",
        pushed.len(),
        if pushed.len() == 1 { " was" } else { "s were" },
        names.join(", "),
        if pushed.len() > 10 {
            format!(" and {} more", pushed.len() - 10)
        } else {
            String::new()
        }
    )
}

/// The triples of one graph on the server, by a Graph Store `GET` (`None`: the server
/// offers no GET for graphs).
fn read_back(
    agent: &ureq::Agent,
    url: &str,
    authorization: Option<&str>,
) -> std::result::Result<Option<HashSet<Triple>>, String> {
    let mut request = agent.get(url).header("Accept", "application/n-triples");
    if let Some(authorization) = authorization {
        request = request.header("Authorization", authorization);
    }
    let mut response = request.call().map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    if matches!(status, 405 | 501) {
        return Ok(None);
    }
    if status == 404 {
        return Ok(Some(HashSet::new()));
    }
    if !(200..300).contains(&status) {
        return Err(format!("reading it back answered status {status}"));
    }
    let body = response
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .read_to_vec()
        .map_err(|e| e.to_string())?;
    let content_type = response
        .headers()
        .get("Content-Type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/n-triples")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let format = RdfFormat::from_media_type(&content_type).unwrap_or(RdfFormat::NTriples);
    RdfParser::from_format(format)
        .for_slice(&body)
        .map(|quad| quad.map(|q| Triple::new(q.subject, q.predicate, q.object)))
        .collect::<std::result::Result<HashSet<_>, _>>()
        .map(Some)
        .map_err(|e| format!("reading it back gave unparsable {content_type}: {e}"))
}

/// Send every graph of `store` to the endpoint; `progress` is called after each graph.
/// Stops at the first graph the server refuses or that does not arrive, saying which, why
/// and which graphs were pushed before it; then, with `config.verify`, reads every graph
/// back and fails if the server does not hold what was sent.
pub fn push(
    store: &Store,
    config: &PushConfig,
    progress: &dyn Fn(&PushedGraph),
) -> Result<Vec<PushedGraph>> {
    if !config.endpoint.starts_with("http://") {
        return Err(Error::http(format!(
            "unsupported endpoint `{}`: only http:// URLs are supported",
            config.endpoint
        )));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(config.timeout))
        .http_status_as_error(false)
        // A redirected PUT or POST is reported, never followed: the body would go elsewhere
        // (or, after a 303, be dropped for a GET).
        .max_redirects(0)
        .build()
        .into();
    let mut graphs: Vec<Option<String>> = store
        .named_graphs()
        .map(|g| {
            g.map(|g| match g {
                NamedOrBlankNode::NamedNode(n) => Some(n.into_string()),
                NamedOrBlankNode::BlankNode(b) => Some(b.to_string()),
            })
        })
        .collect::<Result<_, _>>()
        .map_err(|e| Error::store(e.to_string()).caused_by(e))?;
    graphs.sort();
    let has_default = store
        .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
        .next()
        .is_some();
    if has_default {
        graphs.insert(0, None);
    }
    let authorization = config.credentials.as_ref().map(|(user, password)| {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
        )
    });
    let mut pushed: Vec<PushedGraph> = Vec::new();
    for graph in graphs {
        let name = match &graph {
            Some(iri) => GraphName::NamedNode(oxigraph::model::NamedNode::new_unchecked(iri)),
            None => GraphName::DefaultGraph,
        };
        let triples = graph_triples(store, name.as_ref())?;
        let body = ntriples(&triples)?;
        let url = graph_url(&config.endpoint, graph.as_deref());
        let request = if config.append {
            agent.post(&url)
        } else {
            agent.put(&url)
        };
        let mut request = request.header("Content-Type", "application/n-triples");
        if let Some(authorization) = &authorization {
            request = request.header("Authorization", authorization);
        }
        let which = shown(graph.as_deref());
        let mut response = request.send(&body[..]).map_err(|e| {
            Error::http(format!(
                "{url}: sending {which} failed: {}{}",
                transport_error(&e),
                already_pushed(&pushed)
            ))
        })?;
        let status = response.status().as_u16();
        if (300..400).contains(&status) {
            let location = response
                .headers()
                .get("Location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("(no Location)")
                .to_owned();
            return Err(Error::http(format!(
                "{url}: the server redirected {which} with status {status} to {location}: nothing \
                 was stored; push to that endpoint instead{}",
                already_pushed(&pushed)
            )));
        }
        if !(200..300).contains(&status) {
            let text = response
                .body_mut()
                .read_to_string()
                .unwrap_or_default()
                .chars()
                .take(300)
                .collect::<String>();
            return Err(Error::http(format!(
                "{url}: the server refused {which} with status {status}: {}{}",
                text.trim(),
                already_pushed(&pushed)
            )));
        }
        let record = PushedGraph {
            graph,
            triples: triples.len(),
            status,
            verified: None,
        };
        progress(&record);
        pushed.push(record);
    }
    if config.verify {
        verify(store, config, &agent, authorization.as_deref(), &mut pushed)?;
    }
    Ok(pushed)
}

/// A transport error in words. A broken pipe is said in other words: the CLI takes an error
/// mentioning "Broken pipe" for a closed standard output and exits with success, and a push
/// whose server hung up must not.
fn transport_error(error: &ureq::Error) -> String {
    let text = error.to_string();
    let broken = matches!(error, ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
        || text.contains("Broken pipe");
    if broken {
        "the server closed the connection before it had read the whole body".to_owned()
    } else {
        text
    }
}

fn ntriples(triples: &[Triple]) -> Result<Vec<u8>> {
    let mut serializer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for triple in triples {
        serializer
            .serialize_triple(triple)
            .map_err(|e| Error::export(e.to_string()).caused_by(e))?;
    }
    serializer
        .finish()
        .map_err(|e| Error::export(e.to_string()).caused_by(e))
}

/// Read every pushed graph back and compare with what was sent.
fn verify(
    store: &Store,
    config: &PushConfig,
    agent: &ureq::Agent,
    authorization: Option<&str>,
    pushed: &mut [PushedGraph],
) -> Result<()> {
    let mut wrong = Vec::new();
    for record in pushed.iter_mut() {
        let url = graph_url(&config.endpoint, record.graph.as_deref());
        let which = shown(record.graph.as_deref());
        let remote = read_back(agent, &url, authorization).map_err(|e| {
            Error::http(format!("{url}: checking {which} after the push: {e}")).caused_by(e)
        })?;
        let Some(remote) = remote else {
            continue;
        };
        let name = match &record.graph {
            Some(iri) => GraphName::NamedNode(oxigraph::model::NamedNode::new_unchecked(iri)),
            None => GraphName::DefaultGraph,
        };
        let sent = graph_triples(store, name.as_ref())?;
        let missing = sent.iter().filter(|t| !remote.contains(*t)).count();
        record.verified = Some(remote.len());
        let extra_is_wrong = !config.append && remote.len() != sent.len();
        if missing > 0 || extra_is_wrong {
            wrong.push(format!(
                "{which}: sent {} triples, the server holds {} ({missing} of those sent are missing)",
                sent.len(),
                remote.len()
            ));
        }
    }
    if wrong.is_empty() {
        return Ok(());
    }
    Err(Error::http(format!(
        "{}: the server answered success but does not hold what was sent for {} graph{}: {}",
        config.endpoint,
        wrong.len(),
        if wrong.len() == 1 { "" } else { "s" },
        wrong.join("; ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_urls_encode_the_graph_iri() {
        assert_eq!(
            graph_url(
                "http://localhost:7878/store",
                Some("https://w3id.org/diplograph/graph/a-1")
            ),
            "http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fdiplograph%2Fgraph%2Fa-1"
        );
        assert_eq!(
            graph_url("http://h/ds/data?x=1", None),
            "http://h/ds/data?x=1&default"
        );
    }
}
