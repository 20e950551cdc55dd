//! The examples run and print what they promise.

use std::process::Command;

use crate::common::root;

fn run_example(name: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--example", name, "--"])
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn examples_run() {
    let built = run_example("build_graph", &[]);
    assert!(built.starts_with("5 documents, "), "{built}");
    assert!(built.contains("State"), "{built}");
    let answer = run_example("run_query", &[]);
    assert!(answer.contains("Fumio Kishida"), "{answer}");
    let dir = tempfile::tempdir().unwrap();
    let written = run_example("export_all", &[dir.path().to_str().unwrap()]);
    assert_eq!(written.lines().count(), diplograph::ExportFormat::ALL.len());
    assert!(dir.path().join("diplograph.ttl").exists());
}
