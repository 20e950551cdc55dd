//! Runs the real `diplograph` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    crate::sandbox::bin()
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn build_then_query_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let out = dir.path().join("out");
    let output = run(bin()
        .arg("build")
        .arg("--data")
        .arg(data_dir())
        .arg("--store")
        .arg(&store)
        .arg("--out")
        .arg(&out));
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("built 5 documents"),
        "{}",
        text(&output.stderr)
    );
    assert!(out.join("diplograph.ttl").exists());

    let output = run(bin()
        .args(["query", "--format", "csv", "--store"])
        .arg(&store)
        .arg("SELECT ?label WHERE { id:japan rdfs:label ?label FILTER(lang(?label) = 'ja') }"));
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "label\r\n日本\r\n");

    let exported = dir.path().join("x.nt");
    let output = run(bin()
        .args(["export", "--store"])
        .arg(&store)
        .arg("-o")
        .arg(&exported));
    assert!(output.status.success(), "{}", text(&output.stderr));
    let nt = std::fs::read_to_string(&exported).unwrap();
    assert!(nt.contains("<https://w3id.org/diplograph/id/japan>"));
}

#[test]
fn query_without_store_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(bin()
        .args(["query", "--store"])
        .arg(dir.path().join("nope"))
        .arg("ASK {}"));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("run `diplograph build` first"),
        "{}",
        text(&output.stderr)
    );
}

/// `diplograph build` of the mini data set into `out` (store `out/store`), with `extra`
/// arguments; asserts it succeeds and returns its stderr.
fn build_mini(out: &Path, extra: &[&str]) -> String {
    let output = run(bin()
        .arg("build")
        .args(extra)
        .arg("--data")
        .arg(crate::common::mini_dir())
        .arg("--store")
        .arg(out.join("store"))
        .arg("--out")
        .arg(out));
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stderr)
}

#[test]
fn build_is_idempotent_and_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let build = |out: &Path| {
        build_mini(out, &[]);
    };
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&a);
    build(&b);
    build(&b); // again over an existing store
    for file in ["diplograph.nq", "diplograph.ttl", "diplograph.jsonld"] {
        let first = std::fs::read(a.join(file)).unwrap();
        assert!(
            first == std::fs::read(b.join(file)).unwrap(),
            "{file} differs between builds"
        );
    }
}

#[test]
fn build_without_store_writes_the_same_exports_and_no_store() {
    let dir = tempfile::tempdir().unwrap();
    let build = build_mini;
    let (stored, memory) = (dir.path().join("stored"), dir.path().join("memory"));
    build(&stored, &[]);
    let log = build(&memory, &["--no-store"]);
    assert!(log.contains("no store written"), "{log}");
    for leftover in ["store", "store.manifest.json", "store.cache"] {
        assert!(
            !memory.join(leftover).exists(),
            "--no-store left {leftover} behind"
        );
    }
    for (file, with_store) in [
        ("diplograph.nq", "diplograph.nq"),
        ("diplograph.ttl", "diplograph.ttl"),
        ("diplograph.graphml", "diplograph.graphml"),
        // the graph is kept beside its store, or with the exports when there is no store
        ("graph.json", "store.graph.json"),
    ] {
        assert!(
            std::fs::read(stored.join(with_store)).unwrap()
                == std::fs::read(memory.join(file)).unwrap(),
            "{file} differs between the store-backed and the store-less build"
        );
    }
    assert!(!stored.join("graph.json").exists());
    // the two modes exclude each other where they would do nothing
    let output = run(bin()
        .args(["build", "--no-store", "--no-exports", "--data"])
        .arg(crate::common::mini_dir()));
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
}

#[test]
fn query_reads_stdin_and_prints_sparql_json() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let output = run(bin()
        .arg("build")
        .arg("--no-exports")
        .arg("--data")
        .arg(crate::common::mini_dir())
        .arg("--store")
        .arg(&store));
    assert!(output.status.success(), "{}", text(&output.stderr));
    let mut child = bin()
        .args(["query", "--format", "json", "--store"])
        .arg(&store)
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"SELECT ?l WHERE { id:tokyo rdfs:label ?l FILTER(lang(?l) = 'en') }")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["head"]["vars"][0], "l");
    assert_eq!(json["results"]["bindings"][0]["l"]["value"], "Tokyo");
    assert_eq!(json["results"]["bindings"][0]["l"]["xml:lang"], "en");
}

/// On a terminal (`script` gives the command one) `build` shows a spinner, then a bar of the
/// documents to extract (never "0/0 documents"); through a pipe it shows none.
#[test]
fn build_shows_progress_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let command = format!(
        "'{}' build --no-exports --data '{}' --store '{}'",
        env!("CARGO_BIN_EXE_diplograph"),
        crate::common::data_dir().display(),
        store.display()
    );
    let output = run(Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path()));
    let tty = text(&output.stdout);
    assert!(output.status.success(), "{tty}");
    assert!(tty.contains("/5 documents"), "{tty}");
    assert!(!tty.contains("0/0 documents"), "{tty}");
    assert!(tty.contains("store written anew"), "{tty}");

    let output = run(bin()
        .args(["build", "--full", "--no-exports", "--data"])
        .arg(crate::common::data_dir())
        .arg("--store")
        .arg(&store));
    let piped = text(&output.stderr);
    assert!(
        !piped.contains("documents (") && !piped.contains('\r'),
        "{piped}"
    );
}

/// A reader that goes away (`diplograph export … | head -c 100`) ends the command quietly with
/// success; the exit code is not taken from a string that merely mentions a broken pipe.
#[test]
fn a_closed_standard_output_is_success() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let output = run(bin()
        .args(["build", "--no-exports", "--data"])
        .arg(data_dir())
        .arg("--store")
        .arg(&store));
    assert!(output.status.success(), "{}", text(&output.stderr));
    let mut child = bin()
        .args(["export", "--format", "ntriples", "-o", "-", "--store"])
        .arg(&store)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0_u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // the pipe's read end is closed here: the export's next writes fail with EPIPE
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        !text(&output.stderr).contains("error"),
        "{}",
        text(&output.stderr)
    );
}
