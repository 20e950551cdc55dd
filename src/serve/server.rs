//! The socket loop: `tiny_http` accepts connections, a fixed pool of worker threads runs
//! [`super::handle`] on each request.
//!
//! A request body over the configured limit is refused with 413 before it is read in full; a
//! panic in a handler becomes a 500 answer and the worker goes on. [`RunningServer::shutdown`]
//! stops the workers and closes the socket.

use std::io::Read as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Request, Response, State, handle};
use crate::error::{Error, Result};

/// Called after each request with the request, the response and how long it took (the CLI
/// prints an access log with it).
pub type AccessLog = Arc<dyn Fn(&Request, &Response, Duration) + Send + Sync>;

/// A server answering on a socket until shut down.
pub struct RunningServer {
    addr: SocketAddr,
    http: Arc<tiny_http::Server>,
    stopping: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for RunningServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningServer")
            .field("addr", &self.addr)
            .field("workers", &self.workers.len())
            .finish()
    }
}

/// Start serving `state` on `bind` (port 0 picks a free port) with `workers` threads.
pub fn start(
    state: Arc<State>,
    bind: SocketAddr,
    workers: usize,
    log: Option<AccessLog>,
) -> Result<RunningServer> {
    let http = tiny_http::Server::http(bind)
        .map_err(|e| Error::Http(format!("cannot listen on {bind}: {e}")))?;
    let addr = http
        .server_addr()
        .to_ip()
        .ok_or_else(|| Error::Http(format!("cannot listen on {bind}: not an IP socket")))?;
    let http = Arc::new(http);
    let stopping = Arc::new(AtomicBool::new(false));
    let mut handles = Vec::new();
    for n in 0..workers.max(1) {
        let http = Arc::clone(&http);
        let state = Arc::clone(&state);
        let stopping = Arc::clone(&stopping);
        let log = log.clone();
        let handle = std::thread::Builder::new()
            .name(format!("diplograph-http-{n}"))
            .spawn(move || worker(&http, &state, &stopping, log.as_ref()))
            .map_err(|e| Error::Http(format!("cannot start a worker thread: {e}")))?;
        handles.push(handle);
    }
    Ok(RunningServer {
        addr,
        http,
        stopping,
        workers: handles,
    })
}

impl RunningServer {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Wait until the server stops (it does not stop by itself).
    pub fn join(self) {
        for worker in self.workers {
            let _ = worker.join();
        }
    }

    /// Stop the workers and close the socket.
    pub fn shutdown(self) {
        self.stopping.store(true, Ordering::SeqCst);
        for _ in &self.workers {
            self.http.unblock();
        }
        for worker in self.workers {
            let _ = worker.join();
        }
    }
}

fn worker(http: &tiny_http::Server, state: &State, stopping: &AtomicBool, log: Option<&AccessLog>) {
    loop {
        let request = match http.recv() {
            Ok(request) => request,
            Err(_) if stopping.load(Ordering::SeqCst) => return,
            // An accept error on one connection: keep serving the others.
            Err(_) => continue,
        };
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        respond(request, state, log);
    }
}

fn respond(mut raw: tiny_http::Request, state: &State, log: Option<&AccessLog>) {
    let started = Instant::now();
    let mut request = Request {
        method: raw.method().as_str().to_ascii_uppercase(),
        url: raw.url().to_owned(),
        headers: raw
            .headers()
            .iter()
            .map(|h| {
                (
                    h.field.as_str().as_str().to_owned(),
                    h.value.as_str().to_owned(),
                )
            })
            .collect(),
        body: Vec::new(),
    };
    let limit = state.config().max_body;
    let too_large = raw.body_length().is_some_and(|n| n > limit) || {
        let mut body = Vec::new();
        let read = raw
            .as_reader()
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
    let mut answer = tiny_http::Response::from_data(response.body)
        .with_status_code(tiny_http::StatusCode(response.status));
    for (name, value) in &response.headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            answer.add_header(header);
        }
    }
    // The client may have gone away; nothing to do about it.
    let _ = raw.respond(answer);
}
