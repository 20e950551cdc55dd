//! The socket loop: HTTP/1.1 over `std::net`, a thread per connection, running
//! [`super::handle`] on each request.
//!
//! Built for clients that are slow, idle or hostile (issue 16):
//!
//! - A request head must arrive in full within [`ConnectionLimits::head_timeout`] of the
//!   connection opening or the previous response (a client trickling one header line at a
//!   time gets no longer); the connection is then closed without an answer. A declared body
//!   must arrive within [`ConnectionLimits::body_timeout`], or the answer is 408.
//! - At most [`ConnectionLimits::max_connections`] connections are open at once. When a new
//!   one arrives at the bound, the connection that has waited longest for a request (idle
//!   keep-alive connections and clients that never finish their request head) is closed to
//!   make room; when every connection is busy answering, the new one gets 503.
//! - A head over 64 KiB is refused with 431, a body over the configured size with 413 (without
//!   reading it), `CONNECT` with 405, a malformed request with 400. A panic in a handler is a
//!   500 for that request; the connection's thread ends, the server goes on.
//! - Writes give up after [`ConnectionLimits::write_timeout`] without progress.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Endpoint, Request, Response, handle};
use crate::error::{Error, Result};

/// Called after each request with the request, the response and how long it took (the CLI
/// prints an access log with it).
pub type AccessLog = Arc<dyn Fn(&Request, &Response, Duration) + Send + Sync>;

/// Bounds on connections and the time a client may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Connections open at once.
    pub max_connections: usize,
    /// Time for a whole request head to arrive (from the connection or the previous answer).
    pub head_timeout: Duration,
    /// Time for a whole request body to arrive once its head has.
    pub body_timeout: Duration,
    /// Time one write may wait for the client to read.
    pub write_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            max_connections: 128,
            head_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(30),
        }
    }
}

const MAX_HEAD: usize = 64 << 10;
const MAX_HEADERS: usize = 100;

/// A server answering on a socket (it runs until the process ends).
pub struct RunningServer {
    addr: SocketAddr,
    accepting: std::thread::JoinHandle<()>,
}

impl std::fmt::Debug for RunningServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl RunningServer {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Wait until the server stops (it does not stop by itself).
    pub fn join(self) -> Result<()> {
        self.accepting
            .join()
            .map_err(|_| Error::http("the server's accepting thread stopped".to_owned()))
    }
}

/// One open connection, as the accepting thread sees it.
#[derive(Debug)]
struct Open {
    id: u64,
    stream: TcpStream,
    /// Since when it waits for a request (`None` while a request is being answered).
    waiting_since: Option<Instant>,
}

/// The open connections.
#[derive(Debug, Default)]
struct Registry {
    open: Mutex<Vec<Open>>,
    next_id: AtomicU64,
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Open>> {
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn set_waiting(&self, id: u64, waiting: bool) {
        if let Some(open) = self.lock().iter_mut().find(|o| o.id == id) {
            open.waiting_since = waiting.then(Instant::now);
        }
    }

    fn remove(&self, id: u64) {
        self.lock().retain(|o| o.id != id);
    }

    /// Register `stream`, closing the connection that has waited longest if the registry is
    /// full; `None` when every connection is busy.
    fn admit(&self, stream: &TcpStream, max: usize) -> Option<u64> {
        let mut open = self.lock();
        if open.len() >= max.max(1) {
            let oldest = open
                .iter()
                .enumerate()
                .filter_map(|(i, o)| o.waiting_since.map(|since| (since, i)))
                .min()
                .map(|(_, i)| i)?;
            let evicted = open.remove(oldest);
            // Its thread sees the end of the stream and stops.
            let _ = evicted.stream.shutdown(Shutdown::Both);
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let stream = stream.try_clone().ok()?;
        open.push(Open {
            id,
            stream,
            waiting_since: Some(Instant::now()),
        });
        Some(id)
    }
}

/// Removes a connection from the registry when its thread ends, however it ends.
struct Registered<'r> {
    registry: &'r Registry,
    id: u64,
}

impl Drop for Registered<'_> {
    fn drop(&mut self) {
        self.registry.remove(self.id);
    }
}

/// Start serving `state` on `bind` (port 0 picks a free port: [`RunningServer::addr`] says
/// which).
pub fn start(
    state: Arc<Endpoint>,
    bind: SocketAddr,
    limits: ConnectionLimits,
    log: Option<AccessLog>,
) -> Result<RunningServer> {
    let listener = TcpListener::bind(bind)
        .map_err(|e| Error::http(format!("cannot listen on {bind}: {e}")).caused_by(e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::http(format!("cannot listen on {bind}: {e}")).caused_by(e))?;
    let registry = Arc::new(Registry::default());
    let accepting = std::thread::Builder::new()
        .name("diplograph-accept".to_owned())
        .spawn(move || accept_loop(&listener, &state, &registry, limits, log.as_ref()))
        .map_err(|e| Error::http(format!("cannot start the server thread: {e}")).caused_by(e))?;
    Ok(RunningServer { addr, accepting })
}

fn accept_loop(
    listener: &TcpListener,
    state: &Arc<Endpoint>,
    registry: &Arc<Registry>,
    limits: ConnectionLimits,
    log: Option<&AccessLog>,
) {
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(stream) => stream,
            Err(_) => {
                // Out of file descriptors or a connection reset before it was accepted:
                // wait a little rather than spin.
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let Some(id) = registry.admit(&stream, limits.max_connections) else {
            refuse_busy(stream);
            continue;
        };
        let state = Arc::clone(state);
        let connection_registry = Arc::clone(registry);
        let log = log.cloned();
        let spawned = std::thread::Builder::new()
            .name("diplograph-connection".to_owned())
            .spawn(move || {
                let registry = connection_registry;
                let _registered = Registered {
                    registry: &registry,
                    id,
                };
                serve_connection(stream, &state, &registry, id, limits, log.as_ref());
            });
        if spawned.is_err() {
            registry.remove(id);
        }
    }
}

/// Answer 503 to a connection that cannot be served now (every slot busy answering).
fn refuse_busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let body = "the server is busy: every connection is answering a request; try again\n";
    let _ = write!(
        stream,
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.shutdown(Shutdown::Both);
}

/// Why reading a request stopped.
enum ReadFailure {
    /// The client closed the connection (or it was closed to make room) between requests.
    Closed,
    /// Answer this and close.
    Answer(Response),
}

/// Read into `buffer` until `deadline`; false when the client closed the connection.
fn read_more(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    deadline: Instant,
) -> std::io::Result<bool> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(std::io::ErrorKind::TimedOut.into());
    }
    stream.set_read_timeout(Some(left))?;
    let mut chunk = [0u8; 8192];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(false),
            Ok(n) => {
                buffer.extend_from_slice(&chunk[..n]);
                return Ok(true);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                return Err(std::io::ErrorKind::TimedOut.into());
            }
            Err(e) => return Err(e),
        }
    }
}

/// A parsed request head.
struct Head {
    method: String,
    target: String,
    minor_version: u8,
    headers: Vec<(String, String)>,
    length: usize,
}

/// Read one request head from `stream` (with what was already read in `buffer`); the bytes
/// after it stay in `buffer`.
fn read_head(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    deadline: Instant,
) -> std::result::Result<Head, ReadFailure> {
    loop {
        // Blank lines before a request are allowed (RFC 9112 §2.2).
        while buffer.starts_with(b"\r\n") {
            buffer.drain(..2);
        }
        if !buffer.is_empty() {
            let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut request = httparse::Request::new(&mut headers);
            match request.parse(buffer) {
                Ok(httparse::Status::Complete(length)) => {
                    return Ok(Head {
                        method: request.method.unwrap_or("").to_ascii_uppercase(),
                        target: request.path.unwrap_or("").to_owned(),
                        minor_version: request.version.unwrap_or(1),
                        headers: request
                            .headers
                            .iter()
                            .map(|h| {
                                (
                                    h.name.to_owned(),
                                    String::from_utf8_lossy(h.value).into_owned(),
                                )
                            })
                            .collect(),
                        length,
                    });
                }
                Ok(httparse::Status::Partial) => {}
                Err(httparse::Error::TooManyHeaders) => {
                    return Err(ReadFailure::Answer(Response::text(
                        431,
                        &format!("more than {MAX_HEADERS} header fields"),
                    )));
                }
                Err(error) => {
                    return Err(ReadFailure::Answer(Response::text(
                        400,
                        &format!("malformed request: {error}"),
                    )));
                }
            }
            if buffer.len() > MAX_HEAD {
                return Err(ReadFailure::Answer(Response::text(
                    431,
                    &format!("the request head is larger than {MAX_HEAD} bytes"),
                )));
            }
        }
        // The end of the stream, or a head that does not arrive in time: nothing useful can
        // be answered to a client that has not finished asking; close.
        if !matches!(read_more(stream, buffer, deadline), Ok(true)) {
            return Err(ReadFailure::Closed);
        }
    }
}

/// Read a body of `length` bytes (or chunked) within `deadline`.
fn read_body(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    head: &Head,
    max_body: usize,
    deadline: Instant,
) -> std::result::Result<Vec<u8>, ReadFailure> {
    let header = |name: &str| super::header_value(&head.headers, name);
    let too_large = || {
        ReadFailure::Answer(Response::text(
            413,
            &format!("the request body is larger than {max_body} bytes: send a shorter query"),
        ))
    };
    let timed_out = |got: usize| {
        ReadFailure::Answer(Response::text(
            408,
            &format!("the request body did not arrive in time ({got} bytes came): send it at once"),
        ))
    };
    let fill = |stream: &mut TcpStream, buffer: &mut Vec<u8>, want: usize| {
        while buffer.len() < want {
            match read_more(stream, buffer, deadline) {
                Ok(true) => {}
                Ok(false) => return Err(ReadFailure::Closed),
                Err(_) => return Err(timed_out(buffer.len())),
            }
        }
        Ok(())
    };
    if let Some(encoding) = header("Transfer-Encoding") {
        if header("Content-Length").is_some() {
            return Err(ReadFailure::Answer(Response::text(
                400,
                "a request cannot have both Content-Length and Transfer-Encoding",
            )));
        }
        if !encoding.trim().eq_ignore_ascii_case("chunked") {
            return Err(ReadFailure::Answer(Response::text(
                501,
                &format!(
                    "unsupported Transfer-Encoding `{encoding}`: send chunked or a Content-Length"
                ),
            )));
        }
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(end) = buffer.windows(2).position(|w| w == b"\r\n") {
                    break end;
                }
                if buffer.len() > 1024 {
                    return Err(ReadFailure::Answer(Response::text(
                        400,
                        "malformed chunk size",
                    )));
                }
                let want = buffer.len() + 1;
                fill(stream, buffer, want)?;
            };
            let size_text = String::from_utf8_lossy(&buffer[..line_end]).into_owned();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| ReadFailure::Answer(Response::text(400, "malformed chunk size")))?;
            buffer.drain(..line_end + 2);
            if size == 0 {
                // Trailer fields, then an empty line.
                loop {
                    if let Some(end) = buffer.windows(2).position(|w| w == b"\r\n") {
                        buffer.drain(..end + 2);
                        if end == 0 {
                            return Ok(body);
                        }
                    } else {
                        if buffer.len() > MAX_HEAD {
                            return Err(too_large());
                        }
                        let want = buffer.len() + 1;
                        fill(stream, buffer, want)?;
                    }
                }
            }
            if body.len() + size > max_body {
                return Err(too_large());
            }
            fill(stream, buffer, size + 2)?;
            body.extend_from_slice(&buffer[..size]);
            buffer.drain(..size + 2);
        }
    }
    let length = match header("Content-Length") {
        None => 0,
        Some(text) => text.trim().parse::<usize>().map_err(|_| {
            ReadFailure::Answer(Response::text(
                400,
                &format!("invalid Content-Length `{text}`"),
            ))
        })?,
    };
    if length > max_body {
        return Err(too_large());
    }
    fill(stream, buffer, length)?;
    Ok(buffer.drain(..length).collect())
}

fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Write `response`; false when the connection must close (or the client is gone).
fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    keep_alive: bool,
    limits: &ConnectionLimits,
) -> bool {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    let mut declared_length = false;
    for (name, value) in &response.headers {
        if name.eq_ignore_ascii_case("Connection") || name.eq_ignore_ascii_case("Transfer-Encoding")
        {
            continue;
        }
        // Header values come from the handlers; a line break would split the response.
        if value.contains(['\r', '\n']) || name.contains(['\r', '\n', ':']) {
            continue;
        }
        declared_length |= name.eq_ignore_ascii_case("Content-Length");
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !declared_length {
        head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    }
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    if stream
        .set_write_timeout(Some(limits.write_timeout))
        .is_err()
    {
        return false;
    }
    let written = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(&response.body))
        .and_then(|()| stream.flush());
    written.is_ok() && keep_alive
}

fn serve_connection(
    mut stream: TcpStream,
    state: &Endpoint,
    registry: &Registry,
    id: u64,
    limits: ConnectionLimits,
    log: Option<&AccessLog>,
) {
    let mut buffer = Vec::new();
    loop {
        registry.set_waiting(id, true);
        let head_deadline = Instant::now() + limits.head_timeout;
        let head = match read_head(&mut stream, &mut buffer, head_deadline) {
            Ok(head) => head,
            Err(ReadFailure::Closed) => break,
            Err(ReadFailure::Answer(response)) => {
                write_response(&mut stream, &response, false, &limits);
                break;
            }
        };
        registry.set_waiting(id, false);
        let started = Instant::now();
        buffer.drain(..head.length);
        let connection = super::header_value(&head.headers, "Connection")
            .unwrap_or("")
            .to_ascii_lowercase();
        let keep_alive = head.minor_version >= 1 && !connection.contains("close");
        if head.method == "CONNECT" || !head.target.starts_with('/') && head.target != "*" {
            let response = Response::text(
                if head.method == "CONNECT" { 405 } else { 400 },
                "this server is not a proxy: request a path such as /sparql",
            )
            .with_header("Allow", "GET, HEAD, POST, OPTIONS");
            write_response(&mut stream, &response, false, &limits);
            break;
        }
        let expects_continue = super::header_value(&head.headers, "Expect")
            .is_some_and(|e| e.eq_ignore_ascii_case("100-continue"));
        let declared = super::header_value(&head.headers, "Content-Length")
            .and_then(|l| l.trim().parse::<usize>().ok());
        if expects_continue && declared.is_none_or(|n| n <= state.config().max_body) {
            let _ = stream.set_write_timeout(Some(limits.write_timeout));
            if stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").is_err() {
                break;
            }
        }
        let body_deadline = Instant::now() + limits.body_timeout;
        let body = match read_body(
            &mut stream,
            &mut buffer,
            &head,
            state.config().max_body,
            body_deadline,
        ) {
            Ok(body) => body,
            Err(ReadFailure::Closed) => break,
            Err(ReadFailure::Answer(response)) => {
                write_response(&mut stream, &response, false, &limits);
                break;
            }
        };
        let request = Request {
            method: head.method,
            url: head.target,
            headers: head.headers,
            body,
        };
        let response =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(&request, state)))
                .unwrap_or_else(|_| {
                    Response::text(500, "internal error while answering the request")
                });
        if let Some(log) = log {
            log(&request, &response, started.elapsed());
        }
        if !write_response(&mut stream, &response, keep_alive, &limits) {
            break;
        }
    }
    let _ = stream.shutdown(Shutdown::Both);
}
