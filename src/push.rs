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
//! `http://` endpoints only: this build carries no TLS stack (put the server behind a private
//! network or an HTTPS-terminating proxy on the same machine).

use std::time::Duration;

use base64::Engine as _;
use oxigraph::io::{RdfFormat, RdfSerializer};
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
}

/// The URL of one graph on a Graph Store Protocol endpoint.
pub fn graph_url(endpoint: &str, graph: Option<&str>) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    match graph {
        Some(graph) => format!("{endpoint}{separator}graph={}", form_encode(graph)),
        None => format!("{endpoint}{separator}default"),
    }
}

fn graph_body(store: &Store, graph: GraphNameRef<'_>) -> Result<(Vec<u8>, usize)> {
    let mut triples: Vec<Triple> = store
        .quads_for_pattern(None, None, None, Some(graph))
        .map(|q| q.map(|q| Triple::new(q.subject, q.predicate, q.object)))
        .collect::<Result<_, _>>()
        .map_err(|e| Error::Store(e.to_string()))?;
    triples.sort_by_cached_key(ToString::to_string);
    triples.dedup();
    let mut serializer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for triple in &triples {
        serializer
            .serialize_triple(triple)
            .map_err(|e| Error::Export(e.to_string()))?;
    }
    let body = serializer
        .finish()
        .map_err(|e| Error::Export(e.to_string()))?;
    Ok((body, triples.len()))
}

/// Send every graph of `store` to the endpoint; `progress` is called after each graph.
/// Stops at the first graph the server refuses, saying which and why.
pub fn push(
    store: &Store,
    config: &PushConfig,
    progress: &dyn Fn(&PushedGraph),
) -> Result<Vec<PushedGraph>> {
    if !config.endpoint.starts_with("http://") {
        return Err(Error::Http(format!(
            "unsupported endpoint `{}`: only http:// URLs are supported",
            config.endpoint
        )));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(config.timeout))
        .http_status_as_error(false)
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
        .map_err(|e| Error::Store(e.to_string()))?;
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
    let mut pushed = Vec::new();
    for graph in graphs {
        let name = match &graph {
            Some(iri) => GraphName::NamedNode(oxigraph::model::NamedNode::new_unchecked(iri)),
            None => GraphName::DefaultGraph,
        };
        let (body, triples) = graph_body(store, name.as_ref())?;
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
        let shown = graph.as_deref().unwrap_or("the default graph");
        let mut response = request
            .send(&body[..])
            .map_err(|e| Error::Http(format!("{url}: cannot send {shown}: {e}")))?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            let text = response
                .body_mut()
                .read_to_string()
                .unwrap_or_default()
                .chars()
                .take(300)
                .collect::<String>();
            return Err(Error::Http(format!(
                "{url}: the server refused {shown} with status {status}: {}",
                text.trim()
            )));
        }
        let record = PushedGraph {
            graph,
            triples,
            status,
        };
        progress(&record);
        pushed.push(record);
    }
    Ok(pushed)
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
