//! `cargo test` writes only in temporary directories: the binary runs from a scratch working
//! directory with explicit paths ([`bin`]), and the commands as the suite runs them leave the
//! repository's files (`out/`, `data/`, everything outside `target/` and `.git/`) as they were.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use crate::common::{data_dir, mini_dir, root};

/// The real binary, run from an empty scratch directory of the test target (never the
/// repository): a command that falls back on a default path (`out/...`) writes there.
pub(crate) fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_diplograph"));
    command.current_dir(scratch());
    command
}

/// `{CARGO_TARGET_TMPDIR}/cwd`: Cargo's temporary directory for integration tests.
fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cwd");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file under `dir` (but `target/`, `.git/` and the cargo target directory) with its
/// size and modification time.
fn fingerprint(dir: &Path) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .ancestors()
        .nth(1)
        .map(Path::to_path_buf);
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if name == ".git" || name == "target" || Some(&path) == target.as_ref() {
                continue;
            }
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else {
                files.insert(path, (meta.len(), meta.modified().ok()));
            }
        }
    }
    files
}

fn run_ok(command: &mut Command) {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn commands_leave_the_repository_and_the_working_directory_alone() {
    let before = fingerprint(root());
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path().join("cwd");
    std::fs::create_dir(&cwd).unwrap();
    let store = dir.path().join("store");
    let bin = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_diplograph"));
        command.current_dir(&cwd);
        command
    };
    run_ok(
        bin()
            .arg("build")
            .arg("--data")
            .arg(data_dir())
            .arg("--store")
            .arg(&store)
            .arg("--out")
            .arg(dir.path().join("out")),
    );
    // only the store: no `./out/graph.json` (the graph is kept beside the store)
    run_ok(
        bin()
            .args(["build", "--no-exports", "--data"])
            .arg(mini_dir())
            .arg("--store")
            .arg(dir.path().join("mini")),
    );
    run_ok(bin().arg("query").arg("--store").arg(&store).arg("ASK {}"));
    for (format, file) in [("turtle", "x.ttl"), ("graphml", "x.graphml")] {
        run_ok(
            bin()
                .args(["export", "--format", format, "--store"])
                .arg(&store)
                .arg("-o")
                .arg(dir.path().join(file)),
        );
    }
    run_ok(bin().args(["stats", "--store"]).arg(&store));
    run_ok(bin().args(["check", "--store"]).arg(&store));
    run_ok(
        bin()
            .args(["publish", "--store"])
            .arg(&store)
            .arg("--out")
            .arg(dir.path().join("site")),
    );
    run_ok(
        bin()
            .args(["synth", "--documents", "2", "--out"])
            .arg(dir.path().join("syn")),
    );
    let left: Vec<PathBuf> = std::fs::read_dir(&cwd)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(
        left.is_empty(),
        "written to the working directory: {left:?}"
    );
    let after = fingerprint(root());
    let changed: Vec<&PathBuf> = before
        .iter()
        .filter(|(path, meta)| after.get(*path) != Some(meta))
        .map(|(path, _)| path)
        .chain(after.keys().filter(|path| !before.contains_key(*path)))
        .collect();
    assert!(
        changed.is_empty(),
        "the tests changed the repository: {changed:?}"
    );
}
