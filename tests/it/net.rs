//! Helpers for tests over loopback: a built store on disk, the real `diplograph serve`
//! started on 127.0.0.1 with an ephemeral port, external clients that must be installed.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use diplograph::rdf::{Iris, quad_table, write_store};

use crate::common::bundled;

/// The bundled data as an on-disk store (written once per test run).
pub(crate) fn store_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-it-store");
        write_store(&dir, &quad_table(&bundled().graph, &Iris::default())).unwrap();
        dir
    })
}

/// Fail (never skip) when an external client is missing, naming the package to install.
pub(crate) fn require(tool: &str, version_arg: &str, package: &str) {
    // Some tools (wrk) exit non-zero after printing their version: found = it ran.
    let found = Command::new(tool)
        .arg(version_arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    assert!(
        found,
        "`{tool}` is missing: install {package} (it is listed in .ci/apt-packages.txt or .ci/requirements.txt)"
    );
}

/// A `diplograph serve` process on loopback, killed when dropped.
pub(crate) struct Served {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub(crate) url: String,
}

impl Served {
    /// Start the server on the bundled store with extra arguments.
    pub(crate) fn start(extra: &[&str]) -> Self {
        Self::start_on("127.0.0.1:0", extra)
    }

    /// Start the server listening on `bind`, with extra arguments.
    pub(crate) fn start_on(bind: &str, extra: &[&str]) -> Self {
        Self::start_full(bind, store_dir(), extra)
    }

    /// Start the server on another store.
    pub(crate) fn start_with_store(store: &Path, extra: &[&str]) -> Self {
        Self::start_full("127.0.0.1:0", store, extra)
    }

    fn start_full(bind: &str, store: &Path, extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_diplograph"))
            .args(["serve", "--bind", bind, "--store"])
            .arg(store)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            // Read to the end even when nobody listens any more: a closed pipe would make the
            // server's later messages on stderr fail.
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = match receiver.recv_timeout(left) {
                Ok(line) => line,
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("the server did not say where it listens within 60 s");
                }
            };
            if let Some(rest) = line.split_once(" at http://").map(|(_, r)| r) {
                let addr = rest.split('/').next().unwrap();
                return Self {
                    child,
                    url: format!("http://{addr}"),
                };
            }
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free TCP port on loopback (for servers that cannot report the one they picked).
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An HTTP client that reports every status as a response, with a bounded time.
pub(crate) fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into()
}

/// GET `url` with an `Accept` header: (status, content type, body).
pub(crate) fn get(url: &str, accept: &str) -> (u16, String, String) {
    let mut response = client().get(url).header("Accept", accept).call().unwrap();
    let content_type = response
        .headers()
        .get("Content-Type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.body_mut().read_to_string().unwrap();
    (response.status().as_u16(), content_type, body)
}

/// Run a command with a time limit; returns (success, stdout, stderr).
pub(crate) fn run_bounded(command: &mut Command, limit: Duration) -> (bool, String, String) {
    use std::io::Read as _;
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (status.success(), out.join().unwrap(), err.join().unwrap())
}

/// Chromium in headless mode with a fresh profile, printing the DOM of `url`.
pub(crate) fn chromium_dom(url: &str) -> String {
    require("chromium", "--version", "the Debian package `chromium`");
    let profile = tempfile::tempdir().unwrap();
    let (ok, dom, errors) = run_bounded(
        Command::new("chromium")
            .args(chromium_flags(profile.path()))
            .arg("--dump-dom")
            .arg(url),
        Duration::from_secs(90),
    );
    assert!(ok, "chromium failed on {url}: {errors}");
    dom
}

/// The flags for a quiet headless Chromium that talks to nothing but the page.
pub(crate) fn chromium_flags(profile: &Path) -> Vec<String> {
    vec![
        "--headless".into(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        format!("--user-data-dir={}", profile.display()),
    ]
}
