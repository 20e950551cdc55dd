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

/// `export` from a snapshot store cuts the file's lines into borrowed terms and sorts them as
/// text instead of loading a store (issue 17, item 1): for every RDF format its bytes are those
/// `write_quads` writes from the same quads, for the bundled data's snapshot and for a snapshot
/// out of order, with a duplicate, escapes, blank nodes, language tags, datatypes, the default
/// graph and IRIs that are prefixes of one another.
#[test]
fn export_from_a_snapshot_writes_what_the_quads_write() {
    use diplograph::export::ExportFormat;
    use diplograph::export::rdf::{write_from_store, write_quads};
    use diplograph::rdf::{DEFAULT_BASE, Iris, to_quads, write_store};
    use oxigraph::io::{RdfFormat, RdfParser};

    let dir = tempfile::tempdir().unwrap();
    let bundled = dir.path().join("bundled");
    let quads = to_quads(&crate::common::bundled().graph, &Iris::default());
    write_store(&bundled, &diplograph::rdf::QuadTable::from_quads(&quads)).unwrap();

    let odd = dir.path().join("odd");
    std::fs::create_dir(&odd).unwrap();
    let lines = [
        "<http://e/s2> <http://e/p> \"tab\\tquote\\\"back\\\\slash\\u0001\" <http://e/g> .",
        "<http://e/s> <http://e/p-b> <http://e/o> <http://e/g> .",
        "<http://e/s> <http://e/p> \"a\"@en <http://e/g> .",
        "<http://e/s> <http://e/p> \"a\" <http://e/g> .",
        "<http://e/s> <http://e/p> \"a\"^^<http://www.w3.org/2001/XMLSchema#date> <http://e/g> .",
        "<http://e/s> <http://e/p> \"a\"@en <http://e/g2> .",
        "_:b1 <http://e/p> _:b10 .",
        "<http://e/s> <http://e/p> \"a\" <http://e/g> .",
        "<http://e/s> <http://e/p> \"日本\"@ja _:g .",
        "<http://e/s> <http://e/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
    ];
    let snapshot = lines.join("\n") + "\n";
    std::fs::write(odd.join(diplograph::rdf::store::SNAPSHOT_FILE), &snapshot).unwrap();
    let odd_quads = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(&snapshot)
        .collect::<Result<Vec<_>, _>>()
        .unwrap();

    let base: diplograph::rdf::Iris = DEFAULT_BASE.parse().unwrap();
    for (store, quads) in [(&bundled, &quads), (&odd, &odd_quads)] {
        for &format in ExportFormat::RDF {
            let mut expected = Vec::new();
            write_quads(quads, format, &base, &mut expected).unwrap();
            let mut written = Vec::new();
            let count = write_from_store(store, format, &base, &mut written).unwrap();
            assert_eq!(count, quads.len(), "{store:?} {format:?}");
            assert!(
                written == expected,
                "{store:?} {format:?}:\n{}\nexpected:\n{}",
                text(&written),
                text(&expected)
            );
        }
    }
}
