//! The socket loop: oxigraph's `oxhttp` server (one thread per connection, up to a bound)
//! runs [`super::handle`] on each request.
//!
//! `oxhttp` is the HTTP layer of Oxigraph's own server: keep-alive connections each get a
//! thread, and at most `max_connections` are served at once (more wait in the listen queue),
//! so concurrent clients never starve one another. A request body over the configured limit is
//! refused with 413 without being read in full; a panic in a handler becomes a 500 answer.

use std::io::Read as _;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant};

use oxhttp::model::{Body, HeaderName, HeaderValue, StatusCode};

use super::{Request, Response, State, handle};
use crate::error::{Error, Result};

/// Called after each request with the request, the response and how long it took (the CLI
/// prints an access log with it).
pub type AccessLog = Arc<dyn Fn(&Request, &Response, Duration) + Send + Sync>;

/// A server answering on a socket (it runs until the process ends).
pub struct RunningServer {
    addr: SocketAddr,
    inner: oxhttp::ListeningServer,
}

impl std::fmt::Debug for RunningServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// Start serving `state` on `bind`, with at most `max_connections` connections served at
/// once. Port 0 picks a free port ([`RunningServer::addr`] says which).
pub fn start(
    state: Arc<State>,
    bind: SocketAddr,
    max_connections: usize,
    log: Option<AccessLog>,
) -> Result<RunningServer> {
    let addr = if bind.port() == 0 {
        // oxhttp binds by address, so ask the system for a free port first.
        TcpListener::bind(bind)
            .and_then(|listener| listener.local_addr())
            .map_err(|e| Error::Http(format!("cannot listen on {bind}: {e}")))?
    } else {
        bind
    };
    let inner = oxhttp::Server::new(move |request| respond(request, &state, log.as_ref()))
        .bind(addr)
        .with_global_timeout(Duration::from_secs(120))
        .with_max_concurrent_connections(max_connections.max(1))
        .spawn()
        .map_err(|e| Error::Http(format!("cannot listen on {addr}: {e}")))?;
    Ok(RunningServer { addr, inner })
}

impl RunningServer {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Wait until the server stops (it does not stop by itself).
    pub fn join(self) -> Result<()> {
        self.inner
            .join()
            .map_err(|e| Error::Http(format!("the server stopped: {e}")))
    }
}

fn respond(
    raw: &mut oxhttp::model::Request<Body>,
    state: &State,
    log: Option<&AccessLog>,
) -> oxhttp::model::Response<Body> {
    let started = Instant::now();
    let mut request = Request {
        method: raw.method().as_str().to_ascii_uppercase(),
        url: raw
            .uri()
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
        headers: raw
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: Vec::new(),
    };
    let limit = state.config().max_body;
    let declared_too_large = raw
        .body()
        .len()
        .is_some_and(|n| n > u64::try_from(limit).unwrap_or(u64::MAX));
    let too_large = declared_too_large || {
        let mut body = Vec::new();
        let read = raw
            .body_mut()
            .take(u64::try_from(limit).unwrap_or(u64::MAX) + 1)
            .read_to_end(&mut body);
        let over = read.is_err() || body.len() > limit;
        request.body = body;
        over
    };
    let response = if too_large {
        Response::text(
            413,
            &format!("the request body is larger than {limit} bytes: send a shorter query"),
        )
    } else {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(&request, state)))
            .unwrap_or_else(|_| Response::text(500, "internal error while answering the request"))
    };
    if let Some(log) = log {
        log(&request, &response, started.elapsed());
    }
    let mut answer = oxhttp::model::Response::builder()
        .status(StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    for (name, value) in &response.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(value.as_str()),
        ) {
            answer = answer.header(name, value);
        }
    }
    answer.body(Body::from(response.body)).unwrap_or_else(|_| {
        let mut fallback = oxhttp::model::Response::new(Body::from("internal error"));
        *fallback.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        fallback
    })
}
