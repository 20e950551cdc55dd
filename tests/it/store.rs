//! Opening and writing stores: what is not a store is a clear error (exit 1), never a crash;
//! one build at a time per store (issue 19, items 1 and 4).

use std::process::Output;

use diplograph::rdf::store::{StoreLock, open_store};

fn run(cmd: &mut std::process::Command) -> Output {
    cmd.output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn data_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// An empty directory, a plain file, a directory of something else, a damaged snapshot: each
/// command that reads a store exits 1 with a message naming the path and saying what to do.
#[test]
fn what_is_not_a_store_is_a_clear_error_for_every_reader() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "not a store").unwrap();
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "hello").unwrap();
    let damaged = dir.path().join("damaged");
    std::fs::create_dir(&damaged).unwrap();
    std::fs::write(
        damaged.join(diplograph::rdf::store::SNAPSHOT_FILE),
        "<http://a> <http://b> \"unterminated .\n",
    )
    .unwrap();
    for (store, says) in [
        (&empty, "the directory is empty"),
        (&file, "it is a file"),
        (&other, "neither a snapshot"),
        (&damaged, "damaged snapshot"),
    ] {
        assert!(open_store(store).is_err());
        for command in [
            vec!["query", "ASK {}"],
            vec!["check"],
            vec!["export", "--format", "turtle", "-o", "-"],
        ] {
            let output = run(crate::sandbox::bin()
                .args(&command)
                .arg("--store")
                .arg(store));
            let stderr = text(&output.stderr);
            assert_eq!(
                output.status.code(),
                Some(1),
                "{command:?} {store:?}: {stderr}"
            );
            assert!(
                stderr.contains(says) && stderr.contains(&*store.to_string_lossy()),
                "{command:?} {store:?}: {stderr}"
            );
        }
    }
}

/// While one build holds a store's lock, a second build of the same store fails at once,
/// naming the holder, and leaves the store as it was; once the lock is released, it builds.
#[test]
fn a_second_build_of_a_locked_store_fails_naming_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let build = || {
        run(crate::sandbox::bin()
            .args(["build", "--no-exports", "--data"])
            .arg(data_dir())
            .arg("--store")
            .arg(&store))
    };
    let lock = StoreLock::acquire(&store).unwrap();
    let output = build();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("another build is writing the store")
            && stderr.contains(&format!("pid {}", std::process::id())),
        "{stderr}"
    );
    assert!(!store.exists(), "the refused build wrote nothing");
    drop(lock);
    let output = build();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(open_store(&store).is_ok());
}

/// Temporary directories of a build killed midway are removed by the next build of the store.
#[test]
fn the_next_build_removes_what_a_killed_build_left() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let stale = dir.path().join(".store.new-999999");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("quads.nq"), "").unwrap();
    let output = run(crate::sandbox::bin()
        .args(["build", "--no-exports", "--data"])
        .arg(data_dir())
        .arg("--store")
        .arg(&store));
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(!stale.exists());
}

/// A reader that finds the store missing while a build holds the lock (the build is between
/// its two renames) leaves the previous store where the build put it, so the build's second
/// rename cannot fail; once no build holds the lock, a reader puts back the store a killed build
/// left aside.
#[test]
fn a_query_during_a_store_swap_leaves_the_swap_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let output = run(crate::sandbox::bin()
        .args(["build", "--no-exports", "--data"])
        .arg(data_dir())
        .arg("--store")
        .arg(&store));
    assert!(output.status.success(), "{}", text(&output.stderr));
    let aside = dir.path().join(".store.old-12345");
    let query = || {
        run(crate::sandbox::bin()
            .args(["query", "ASK { ?s ?p ?o }", "--store"])
            .arg(&store))
    };
    // a build mid-swap: lock held, the old store renamed aside, the new one not yet in place
    let lock = StoreLock::acquire(&store).unwrap();
    std::fs::rename(&store, &aside).unwrap();
    let output = query();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(
        aside.exists() && !store.exists(),
        "the reader left the swap alone"
    );
    // the build was killed there: no lock, the store aside is put back by the next reader
    drop(lock);
    let output = query();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout).trim(), "true");
    assert!(store.exists() && !aside.exists());
}
