//! Incremental builds: only changed documents are re-extracted, and the updated store equals
//! a full rebuild.

use std::path::Path;

use diplograph::DataDir;
use diplograph::build::Progress;
use diplograph::incremental::{BuildReport, IncrementalConfig, build_store};
use diplograph::rdf::{Iris, open_store};
use diplograph::synth::{SynthConfig, generate};

fn build(data: &Path, store: &Path, full: bool) -> BuildReport {
    let options = IncrementalConfig {
        full,
        tag: "test".to_owned(),
        strict: false,
    };
    build_store(
        &DataDir::new(data),
        store,
        &Iris::default(),
        &options,
        &Progress::NONE,
    )
    .expect("the build succeeds")
    .report
}

/// The store's quads as sorted N-Quads lines.
fn contents(store: &Path) -> Vec<String> {
    let store = open_store(store).expect("the store opens");
    let mut lines: Vec<String> = store
        .iter()
        .map(|q| q.expect("the store reads").to_string())
        .collect();
    lines.sort();
    lines
}

/// Builds `data` from scratch elsewhere and checks the incremental store holds the same.
fn assert_equals_full_rebuild(data: &Path, store: &Path) {
    let fresh = tempfile::tempdir().expect("a temporary directory");
    let report = build(data, &fresh.path().join("store"), true);
    assert!(report.full);
    assert_eq!(contents(store), contents(&fresh.path().join("store")));
}

fn ids(report: &BuildReport) -> Vec<String> {
    report.extracted.iter().map(ToString::to_string).collect()
}

fn graph(doc: &str) -> String {
    format!("{}graph/{doc}", diplograph::rdf::DEFAULT_BASE)
}

#[test]
fn only_changed_documents_are_re_extracted_and_the_store_equals_a_full_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = dir.path().join("out/store");
    generate(&SynthConfig::with_documents(6, 11), &data).unwrap();
    let corpus = data.join("corpus");

    let first = build(&data, &store, false);
    assert!(first.full);
    assert_eq!(first.extracted.len(), 6);

    let again = build(&data, &store, false);
    assert!(!again.full);
    assert!(again.extracted.is_empty(), "{again:?}");
    assert_eq!(again.reused, 6);
    assert!(again.replaced_graphs.is_empty() && again.removed_graphs.is_empty());

    // Change one document: only it is extracted, only its graph replaced.
    let changed = corpus.join("synth-0000002.txt");
    let text = std::fs::read_to_string(&changed).unwrap();
    std::fs::write(
        &changed,
        format!("{text}双方は、人材育成についても協議した。\n"),
    )
    .unwrap();
    let report = build(&data, &store, false);
    assert!(!report.full);
    assert_eq!(ids(&report), ["synth-0000002"]);
    assert_eq!(report.replaced_graphs, [graph("synth-0000002")]);
    assert_equals_full_rebuild(&data, &store);

    // Add a document (a copy of another under a new id) and remove one.
    let added = text.replace("id: synth-0000002", "id: synth-added");
    std::fs::write(corpus.join("synth-added.txt"), added).unwrap();
    let report = build(&data, &store, false);
    assert_eq!(ids(&report), ["synth-added"]);
    assert_eq!(report.replaced_graphs, [graph("synth-added")]);
    std::fs::remove_file(corpus.join("synth-added.txt")).unwrap();
    let report = build(&data, &store, false);
    assert!(report.extracted.is_empty());
    assert_eq!(report.removed_graphs, [graph("synth-added")]);
    assert_equals_full_rebuild(&data, &store);

    // Curated facts change: nothing is extracted, the cited document's graph is replaced.
    let statements = data.join("facts/statements.csv");
    let facts = std::fs::read_to_string(&statements).unwrap();
    let first_row = facts.lines().nth(1).unwrap();
    let dropped = facts.replacen(&format!("{first_row}\n"), "", 1);
    std::fs::write(&statements, dropped).unwrap();
    let report = build(&data, &store, false);
    assert!(report.extracted.is_empty());
    assert_eq!(report.replaced_graphs, [graph("synth-0000000")]);
    assert_equals_full_rebuild(&data, &store);

    // Gazetteer change: every document is extracted again, the gazetteer graph replaced.
    let entities = data.join("gazetteer/entities.csv");
    let mut gazetteer = std::fs::read_to_string(&entities).unwrap();
    gazetteer.push_str("new-place,Place,Nara,奈良,,,,,\n");
    std::fs::write(&entities, gazetteer).unwrap();
    let report = build(&data, &store, false);
    assert_eq!(report.extracted.len(), 6);
    assert!(
        report.replaced_graphs.contains(&graph("gazetteer")),
        "{report:?}"
    );
    assert_equals_full_rebuild(&data, &store);

    // --full extracts everything again.
    assert_eq!(build(&data, &store, true).extracted.len(), 6);
}

#[test]
fn a_missing_or_foreign_manifest_means_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = dir.path().join("store");
    generate(&SynthConfig::with_documents(2, 5), &data).unwrap();
    assert!(build(&data, &store, false).full);
    std::fs::remove_file(diplograph::incremental::manifest_path(&store)).unwrap();
    let report = build(&data, &store, false);
    assert!(report.full);
    // The extraction cache still saves the work.
    assert!(report.extracted.is_empty());
    assert_eq!(report.reused, 2);
    std::fs::write(diplograph::incremental::manifest_path(&store), "{not json").unwrap();
    assert!(build(&data, &store, false).full);
}
