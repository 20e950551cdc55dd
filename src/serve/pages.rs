//! Linked-data routes: resource pages by content negotiation, the home page with its query
//! form, the entity index, the VoID description and the dumps.

use std::sync::Arc;

use oxigraph::model::Term;

use super::negotiate::best;
use super::protocol::{GRAPH_OFFERS, evaluate, graph_media_type, triples_response};
use super::{Endpoint, Request, Response, form_encode, form_pairs};
use crate::export::{ExportFormat, rdf::write_quads};
use crate::publish::html::{EXAMPLE_QUERY, Mode, QueryOutcome, QueryPanel, Renderer};
use crate::publish::view::Paging;
use crate::publish::void::{VoidConfig, void_triples};
use crate::query::{QueryKind, ResultFormat};
use crate::rdf::read_quads;
use crate::rdf::syntax::{GraphFormat, write_triples};

const HTML: &str = "text/html; charset=utf-8";

fn renderer(state: &Endpoint) -> Renderer<'_> {
    Renderer::new(&state.config.base, Mode::Server, &state.info)
}

fn html(status: u16, body: String) -> Response {
    Response::new(status, HTML, body)
}

/// Representations of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Representation {
    Html,
    Graph(GraphFormat),
}

const RESOURCE_OFFERS: &[(&str, Representation)] = &[
    ("text/html", Representation::Html),
    ("application/xhtml+xml", Representation::Html),
    ("text/turtle", Representation::Graph(GraphFormat::Turtle)),
    (
        "application/ld+json",
        Representation::Graph(GraphFormat::JsonLd),
    ),
    (
        "application/n-triples",
        Representation::Graph(GraphFormat::NTriples),
    ),
    (
        "application/rdf+xml",
        Representation::Graph(GraphFormat::RdfXml),
    ),
];

fn extension_of(representation: Representation) -> &'static str {
    match representation {
        Representation::Html => "html",
        Representation::Graph(GraphFormat::Turtle) => "ttl",
        Representation::Graph(GraphFormat::JsonLd) => "jsonld",
        Representation::Graph(GraphFormat::NTriples) => "nt",
        Representation::Graph(GraphFormat::RdfXml) => "rdf",
    }
}

fn split_extension(path: &str) -> (&str, Option<Representation>) {
    let last = path.rsplit('/').next().unwrap_or("");
    if let Some((_, extension)) = last.rsplit_once('.') {
        let representation = match extension {
            "html" => Some(Representation::Html),
            "ttl" => Some(Representation::Graph(GraphFormat::Turtle)),
            "jsonld" => Some(Representation::Graph(GraphFormat::JsonLd)),
            "nt" => Some(Representation::Graph(GraphFormat::NTriples)),
            "rdf" => Some(Representation::Graph(GraphFormat::RdfXml)),
            _ => None,
        };
        if let Some(representation) = representation {
            return (
                &path[..path.len() - extension.len() - 1],
                Some(representation),
            );
        }
    }
    (path, None)
}

/// A resource under the base: `/id/japan` is `{base}id/japan`.
pub(super) fn resource(request: &Request, state: &Endpoint) -> Response {
    let (path, explicit) = split_extension(request.path());
    let Some(relative) = path.strip_prefix('/') else {
        return html(404, renderer(state).error_page(404, "no such page"));
    };
    let relative = percent_encoding::percent_decode_str(relative)
        .decode_utf8_lossy()
        .into_owned();
    let iri = format!("{}{relative}", state.config.base);
    if relative.is_empty() || oxigraph::model::NamedNode::new(&iri).is_err() {
        return html(404, renderer(state).error_page(404, "no such page"));
    }
    let representation = match explicit {
        Some(representation) => representation,
        None => match best(request.header("Accept"), RESOURCE_OFFERS) {
            Some(representation) => representation,
            None => {
                return Response::text(
                    406,
                    "ask for text/html, text/turtle, application/ld+json, \
                     application/n-triples or application/rdf+xml",
                );
            }
        },
    };
    if relative.starts_with("graph/")
        && let Some(response) = named_graph(&iri, representation, state)
    {
        return response.with_header("Vary", "Accept");
    }
    let page = match page_number(request) {
        Ok(page) => page,
        Err(message) => return html(400, renderer(state).error_page(400, &message)),
    };
    let paging = Paging::new(page, state.config.page_size);
    let data = state.data();
    let key = (iri.clone(), page, extension_of(representation));
    let cached = data
        .pages
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(&key);
    let result = match cached {
        Some(response) => Ok(Some(response)),
        None => {
            let result = render_resource(state, &iri, path, representation, paging, page);
            if let Ok(Some(response)) = &result {
                data.pages
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .put(key, response.clone());
            }
            result
        }
    };
    match result {
        Ok(Some(response)) => {
            let location = format!("{path}.{}", extension_of(representation));
            let response = response.with_header("Vary", "Accept");
            if explicit.is_none() {
                response.with_header("Content-Location", &location)
            } else {
                response
            }
        }
        Ok(None) => html(
            404,
            renderer(state).error_page(404, &format!("nothing is known about <{iri}>")),
        ),
        Err(error) => error,
    }
}

/// A resource's page (HTML) or description (RDF), rendered from the store: `Ok(None)` when
/// nothing is known of it, `Err` a response to send as it is.
fn render_resource(
    state: &Endpoint,
    iri: &str,
    path: &str,
    representation: Representation,
    paging: Paging,
    page: usize,
) -> Result<Option<Response>, Response> {
    let result = match representation {
        Representation::Html => match state.data().site.view_page(iri, paging) {
            Ok(Some(view)) if page > view.pages() => {
                let message = format!("<{iri}> has {} page(s)", view.pages());
                return Err(html(404, renderer(state).error_page(404, &message)));
            }
            result => result.map(|view| {
                view.map(|view| Response::new(200, HTML, renderer(state).resource(&view)))
            }),
        },
        Representation::Graph(format) => {
            state
                .data()
                .site
                .describe_page(iri, paging)
                .and_then(|(triples, continues)| {
                    if triples.is_empty() {
                        return Ok(None);
                    }
                    let mut body = Vec::new();
                    write_triples(&triples, format, &state.config.base, &[], &mut body)?;
                    let response = Response::new(200, graph_media_type(format), body);
                    // The next page of a long description, as an RFC 8288 link.
                    Ok(Some(if continues {
                        let next = format!(
                            "<{path}.{}?page={}>; rel=\"next\"",
                            extension_of(representation),
                            page + 1
                        );
                        response.with_header("Link", &next)
                    } else {
                        response
                    }))
                })
        }
    };
    result.map_err(|error| Response::text(500, &error.to_string()))
}

/// The `page` parameter of a resource request (1 without one).
fn page_number(request: &Request) -> Result<usize, String> {
    match form_pairs(request.query_string())
        .into_iter()
        .find(|(name, _)| name == "page")
    {
        None => Ok(1),
        Some((_, value)) => match value.parse::<usize>() {
            Ok(page) if page >= 1 => Ok(page),
            _ => Err(format!("page `{value}` is not a page number (1, 2, …)")),
        },
    }
}

/// A named graph of the store (`{base}graph/{slug}`): its triples in the negotiated RDF
/// format; as Turtle in plain text for a browser. `None` when the store has no such graph.
fn named_graph(iri: &str, representation: Representation, state: &Endpoint) -> Option<Response> {
    let data = state.data();
    let store = data.site.store();
    let graph = oxigraph::model::NamedNodeRef::new(iri).ok()?;
    if !store.contains_named_graph(graph).unwrap_or(false) {
        return None;
    }
    let triples: Result<Vec<oxigraph::model::Triple>, _> = store
        .quads_for_pattern(None, None, None, Some(graph.into()))
        .map(|q| q.map(|q| oxigraph::model::Triple::new(q.subject, q.predicate, q.object)))
        .collect();
    let mut triples = match triples {
        Ok(triples) => triples,
        Err(error) => return Some(Response::text(500, &error.to_string())),
    };
    triples.sort_by_cached_key(ToString::to_string);
    let (format, media_type) = match representation {
        Representation::Graph(format) => (format, graph_media_type(format)),
        Representation::Html => (GraphFormat::Turtle, "text/plain; charset=utf-8"),
    };
    let mut body = Vec::new();
    Some(
        match write_triples(&triples, format, &state.config.base, &[], &mut body) {
            Ok(()) => Response::new(200, media_type, body),
            Err(error) => Response::text(500, &error.to_string()),
        },
    )
}

/// The entity index (rendered once per store: it is read-only).
pub(super) fn index(state: &Endpoint) -> Response {
    let data = state.data();
    if let Some(page) = data.index_page.get() {
        return html(200, page.clone());
    }
    match data.site.index() {
        Ok(entries) => {
            let page = renderer(state).index(&entries);
            let _ = data.index_page.set(page.clone());
            html(200, page)
        }
        Err(error) => Response::text(500, &error.to_string()),
    }
}

const FORMATS: &[(&str, &str)] = &[
    ("html", "table (this page)"),
    ("json", "SPARQL JSON"),
    ("xml", "SPARQL XML"),
    ("csv", "CSV"),
    ("tsv", "TSV"),
    ("turtle", "Turtle (CONSTRUCT/DESCRIBE)"),
    ("jsonld", "JSON-LD (CONSTRUCT/DESCRIBE)"),
    ("ntriples", "N-Triples (CONSTRUCT/DESCRIBE)"),
];

/// The home page; with `?query=` it runs the query and shows the results as a table, or
/// sends the client to `/sparql` for another format.
pub(super) fn home(request: &Request, state: &Endpoint) -> Response {
    let params = form_pairs(request.query_string());
    let get = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let query = get("query");
    let format = get("format").unwrap_or("html");
    if let Some(query) = query
        && format != "html"
    {
        return Response::redirect(
            303,
            &format!(
                "/sparql?query={}&format={}",
                form_encode(query),
                form_encode(format)
            ),
        );
    }
    let mut status = 200;
    let result =
        query.map(
            |query| match evaluate(state, query, ResultFormat::Json, GraphFormat::Turtle) {
                Ok((QueryKind::Graph, body)) => {
                    QueryOutcome::Text(String::from_utf8_lossy(&body).into_owned())
                }
                Ok((_, body)) => parse_json_results(&body),
                Err((code, message)) => {
                    status = code;
                    QueryOutcome::Error(message)
                }
            },
        );
    let panel = QueryPanel {
        action: "/".to_owned(),
        text: query.unwrap_or(EXAMPLE_QUERY).to_owned(),
        formats: FORMATS
            .iter()
            .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
            .collect(),
        result,
    };
    html(
        status,
        renderer(state).home(&state.data().stats, Some(&panel)),
    )
}

/// SPARQL JSON results as a table (the home page shows SELECT results this way).
fn parse_json_results(body: &[u8]) -> QueryOutcome {
    use oxigraph::sparql::results::{
        QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
    };
    let parsed = QueryResultsParser::from_format(QueryResultsFormat::Json).for_slice(body);
    match parsed {
        Ok(SliceQueryResultsParserOutput::Boolean(value)) => QueryOutcome::Boolean(value),
        Ok(SliceQueryResultsParserOutput::Solutions(solutions)) => {
            let head: Vec<String> = solutions
                .variables()
                .iter()
                .map(|v| v.as_str().to_owned())
                .collect();
            let variables = solutions.variables().to_vec();
            let mut rows = Vec::new();
            for solution in solutions {
                match solution {
                    Ok(solution) => rows.push(
                        variables
                            .iter()
                            .map(|v| solution.get(v).cloned())
                            .collect::<Vec<Option<Term>>>(),
                    ),
                    Err(error) => return QueryOutcome::Error(error.to_string()),
                }
            }
            QueryOutcome::Table { head, rows }
        }
        Err(error) => QueryOutcome::Error(error.to_string()),
    }
}

fn void_config(state: &Endpoint) -> VoidConfig {
    let site = state.site_url();
    VoidConfig {
        base: state.config.base.clone(),
        sparql_endpoint: Some(format!("{site}sparql")),
        site_url: site,
        license: state.config.license.clone(),
        dumps: ExportFormat::RDF.to_vec(),
    }
}

/// The VoID / DCAT description.
pub(super) fn void(request: &Request, state: &Endpoint) -> Response {
    let (_, explicit) = split_extension(request.path());
    let format = match explicit {
        Some(Representation::Graph(format)) => format,
        _ => match best(request.header("Accept"), GRAPH_OFFERS) {
            Some(format) => format,
            None => GraphFormat::Turtle,
        },
    };
    let triples = void_triples(&state.data().stats, &void_config(state));
    triples_response(&triples, format, &state.config.base)
}

/// A dump of the whole dataset: made once per store and format by the first request (the
/// others for it wait and share the result), one dump at a time, then kept in memory.
pub(super) fn dump(name: &str, state: &Endpoint) -> Response {
    let Some(format) = name
        .strip_prefix("diplograph.")
        .and_then(ExportFormat::from_extension)
        .filter(|format| format.is_rdf())
    else {
        return html(404, renderer(state).error_page(404, "no such dump"));
    };
    let data = state.data();
    let cell = Arc::clone(
        data.dumps
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(format)
            .or_default(),
    );
    let made = cell.get_or_init(|| {
        let _one_at_a_time = state
            .dump_generation
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state
            .dumps_made
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut quads = read_quads(data.site.store()).map_err(|e| e.to_string())?;
        crate::publish::withhold_restricted(&data.site, &mut quads).map_err(|e| e.to_string())?;
        let mut body = Vec::new();
        write_quads(&quads, format, &state.config.base, &mut body).map_err(|e| e.to_string())?;
        Ok(Arc::new(body))
    });
    match made {
        Ok(bytes) => Response::new(200, format.media_type(), bytes.as_slice()),
        Err(error) => Response::text(500, error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_pick_representations() {
        assert_eq!(split_extension("/id/japan"), ("/id/japan", None));
        assert_eq!(
            split_extension("/id/japan.ttl"),
            (
                "/id/japan",
                Some(Representation::Graph(GraphFormat::Turtle))
            )
        );
        assert_eq!(
            split_extension("/id/japan.html"),
            ("/id/japan", Some(Representation::Html))
        );
        assert_eq!(split_extension("/id/a.b"), ("/id/a.b", None));
    }
}
