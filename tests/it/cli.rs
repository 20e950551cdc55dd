//! Runs the real `diplograph` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_diplograph"))
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
