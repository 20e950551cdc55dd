//! Hostile input: every bad file gives a clear error naming file and line (or builds
//! cleanly when it is acceptable), a killed build leaves the previous store usable, and every
//! export re-parses whatever the labels contain.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diplograph::DataDir;
use diplograph::build::{BuildOptions, BuildOutput, build};
use diplograph::export::{ExportFormat, rdf::write_quads};
use diplograph::rdf::{Iris, to_quads};
use oxigraph::io::{RdfFormat, RdfParser};
use proptest::prelude::*;

const GOOD_DOC: &str = "---\nid: d1\ntitle: T\npublisher: P\nsource: S\ndate: 2013-10-03\nlanguage: ja\nrights: R\n---\n日本と英国は協力する。\n";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name)
}

/// A data directory with the given entities and statements files (fixture names) and
/// corpus documents (file name, bytes).
fn data_dir(
    entities: &str,
    statements: Option<&str>,
    docs: &[(&str, Vec<u8>)],
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    for sub in ["gazetteer", "facts", "corpus"] {
        std::fs::create_dir_all(root.join(sub)).expect("mkdir");
    }
    std::fs::copy(fixture(entities), root.join("gazetteer/entities.csv")).expect("copy");
    if let Some(statements) = statements {
        std::fs::copy(fixture(statements), root.join("facts/statements.csv")).expect("copy");
    }
    for (name, bytes) in docs {
        std::fs::write(root.join("corpus").join(name), bytes).expect("write");
    }
    dir
}

fn good_docs() -> Vec<(&'static str, Vec<u8>)> {
    vec![("d1.txt", GOOD_DOC.as_bytes().to_vec())]
}

fn try_build(dir: &Path) -> diplograph::Result<BuildOutput> {
    build(&DataDir::new(dir), &BuildOptions::default())
}

/// (corpus document fixture, entities fixture, statements fixture, file that must be named,
/// line, words of the message).
type Case<'a> = (
    Option<&'a str>,
    &'a str,
    Option<&'a str>,
    &'a str,
    u64,
    &'a str,
);

#[test]
fn each_bad_input_gives_an_error_naming_file_and_line() {
    let cases: &[Case] = &[
        (
            Some("doc-broken-utf8.txt"),
            "entities-good.csv",
            None,
            "corpus/x.txt",
            11,
            "not valid UTF-8",
        ),
        (
            Some("doc-nul.txt"),
            "entities-good.csv",
            None,
            "corpus/x.txt",
            10,
            "NUL byte",
        ),
        (
            Some("doc-impossible-date.txt"),
            "entities-good.csv",
            None,
            "corpus/x.txt",
            6,
            "invalid date `2013-02-30`",
        ),
        (
            Some("doc-bad-id.txt"),
            "entities-good.csv",
            None,
            "corpus/x.txt",
            2,
            "D 1",
        ),
        (
            Some("doc-no-header.txt"),
            "entities-good.csv",
            None,
            "corpus/x.txt",
            1,
            "missing front-matter header",
        ),
        (
            None,
            "entities-duplicate-id.csv",
            None,
            "gazetteer/entities.csv",
            4,
            "duplicate id `japan`",
        ),
        (
            None,
            "entities-unknown-reference.csv",
            None,
            "gazetteer/entities.csv",
            3,
            "unknown entity `atlantis`",
        ),
        (
            None,
            "entities-impossible-date.csv",
            None,
            "gazetteer/entities.csv",
            3,
            "invalid date `2013-13-01`",
        ),
        (
            None,
            "entities-nul.csv",
            None,
            "gazetteer/entities.csv",
            3,
            "NUL byte",
        ),
        (
            None,
            "entities-broken-utf8.csv",
            None,
            "gazetteer/entities.csv",
            2,
            "invalid UTF-8",
        ),
        (
            None,
            "entities-unequal-row.csv",
            None,
            "gazetteer/entities.csv",
            3,
            "row has 8 fields but the header has 7",
        ),
        (
            None,
            "entities-good.csv",
            Some("statements-unknown-reference.csv"),
            "facts/statements.csv",
            2,
            "unknown entity `atlantis`",
        ),
        (
            None,
            "entities-good.csv",
            Some("statements-unknown-document.csv"),
            "facts/statements.csv",
            2,
            "unknown document `no-such-doc`",
        ),
        (
            None,
            "entities-good.csv",
            Some("statements-impossible-date.csv"),
            "facts/statements.csv",
            2,
            "invalid date `2013-02-29`",
        ),
        (
            None,
            "entities-good.csv",
            Some("statements-evidence-not-in-text.csv"),
            "facts/statements.csv",
            2,
            "evidence does not occur verbatim",
        ),
    ];
    for (doc, entities, statements, file, line, words) in cases {
        let mut docs = good_docs();
        if let Some(doc) = doc {
            docs = vec![("x.txt", std::fs::read(fixture(doc)).unwrap())];
        }
        let dir = data_dir(entities, *statements, &docs);
        let err = try_build(dir.path()).expect_err(&format!("{doc:?} {entities} {statements:?}"));
        let message = err.to_string();
        let place = format!("{}:{line}: ", dir.path().join(file).display());
        assert!(message.contains(&place), "{message} should name {place}");
        assert!(message.contains(words), "{message} should say {words}");
    }
}

#[test]
fn acceptable_oddities_build_cleanly() {
    for (doc, entities) in [
        ("doc-bom.txt", "entities-good.csv"),
        ("doc-crlf.txt", "entities-good.csv"),
        ("doc-crlf.txt", "entities-bom-crlf.csv"),
    ] {
        let dir = data_dir(
            entities,
            None,
            &[("d1.txt", std::fs::read(fixture(doc)).unwrap())],
        );
        let output = try_build(dir.path()).unwrap();
        let mentioned: BTreeSet<&str> = output
            .graph
            .mentions
            .iter()
            .map(|m| m.entity.as_str())
            .collect();
        assert!(
            mentioned.contains("japan"),
            "{doc} {entities}: {mentioned:?}"
        );
        assert_eq!(output.graph.documents.keys().next().unwrap().as_str(), "d1");
    }
}

/// Every format re-parses, and what it holds is what was written.
fn assert_exports_reparse(quads: &[oxigraph::model::Quad]) {
    let triples: BTreeSet<String> = quads
        .iter()
        .map(|q| format!("{} {} {}", q.subject, q.predicate, q.object))
        .collect();
    let all: BTreeSet<String> = quads.iter().map(ToString::to_string).collect();
    for format in ExportFormat::RDF {
        let mut bytes = Vec::new();
        write_quads(
            quads,
            *format,
            &diplograph::rdf::Iris::default(),
            &mut bytes,
        )
        .expect("the export writes");
        let rdf_format =
            RdfFormat::from_extension(format.file_extension()).expect("oxigraph knows the format");
        let parsed: Vec<oxigraph::model::Quad> = RdfParser::from_format(rdf_format)
            .for_slice(&bytes)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{format:?} does not re-parse: {e}"));
        if diplograph::export::rdf::keeps_graphs(*format) {
            let back: BTreeSet<String> = parsed.iter().map(ToString::to_string).collect();
            assert_eq!(back, all, "{format:?}");
        } else {
            let back: BTreeSet<String> = parsed
                .iter()
                .map(|q| format!("{} {} {}", q.subject, q.predicate, q.object))
                .collect();
            assert_eq!(back, triples, "{format:?}");
        }
    }
}

#[test]
fn labels_with_markup_and_quotes_survive_every_export() {
    let dir = data_dir("entities-markup.csv", None, &good_docs());
    let output = try_build(dir.path()).unwrap();
    let japan = &output.graph.entities.values().next().unwrap().label_en;
    assert_eq!(japan, r#"<b>Japan</b> & "Nippon" 'quoted' \ back\slash"#);
    assert_exports_reparse(&to_quads(&output.graph, &Iris::default()));
}

#[test]
fn ten_megabyte_lines_are_read_or_refused_quickly() {
    let started = Instant::now();
    let long = "長".repeat(10 * 1024 * 1024 / 3);
    // A 10 MB header line is an ordinary (long) title.
    let doc = GOOD_DOC.replace("title: T", &format!("title: {long}"));
    let dir = data_dir("entities-good.csv", None, &[("d1.txt", doc.into_bytes())]);
    let output = try_build(dir.path()).unwrap();
    assert_eq!(
        output.graph.documents.values().next().unwrap().title.len(),
        long.len()
    );
    // A 10 MB CSV cell in an unknown column is refused at line 1.
    let dir = data_dir("entities-good.csv", None, &good_docs());
    let entities = dir.path().join("gazetteer/entities.csv");
    let csv = format!(
        "id,type,label_en,label_ja,aliases_en,aliases_ja,country,note_typo\njapan,State,Japan,日本,,,,\nunited-kingdom,State,United Kingdom,英国,UK,,,{long}\n"
    );
    std::fs::write(&entities, csv).unwrap();
    let err = try_build(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("entities.csv:1: unknown column `note_typo`"),
        "{err}"
    );
    // A 10 MB note cell loads (notes are not exported).
    let csv = std::fs::read_to_string(&entities)
        .unwrap()
        .replacen("note_typo", "note", 1);
    std::fs::write(&entities, csv).unwrap();
    let output = try_build(dir.path()).unwrap();
    assert_eq!(output.graph.entities.len(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_binary_reports_bad_input_without_panicking() {
    let dir = data_dir("entities-duplicate-id.csv", None, &good_docs());
    let output = crate::sandbox::bin()
        .arg("build")
        .arg("--data")
        .arg(dir.path())
        .arg("--store")
        .arg(dir.path().join("out/store"))
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("entities.csv:4: duplicate id `japan`"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!dir.path().join("out/store").exists());
}

fn query_count(store: &Path) -> String {
    let output = crate::sandbox::bin()
        .args(["query", "--format", "tsv", "--store"])
        .arg(store)
        .arg("SELECT (COUNT(*) AS ?n) WHERE { ?s a dg:SourceDocument }")
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_build_killed_midway_leaves_the_previous_store_usable() {
    let dir = tempfile::tempdir().unwrap();
    let (small, big) = (dir.path().join("small"), dir.path().join("big"));
    diplograph::synth::generate(
        &diplograph::synth::SynthConfig::with_documents(2, 1),
        &small,
    )
    .unwrap();
    diplograph::synth::generate(
        &diplograph::synth::SynthConfig::with_documents(150, 2),
        &big,
    )
    .unwrap();
    let out = dir.path().join("out");
    let store = out.join("store");
    let build = |data: &Path| {
        let mut command = crate::sandbox::bin();
        command
            .arg("build")
            .arg("--no-exports")
            .arg("--data")
            .arg(data)
            .arg("--store")
            .arg(&store);
        command
    };
    assert!(build(&small).status().unwrap().success());
    let before = query_count(&store);
    assert!(before.contains("\"2\"") || before.contains('2'), "{before}");

    // Kill the big build as soon as its new store directory appears.
    let mut child = build(&big).arg("--full").spawn().unwrap();
    let started = Instant::now();
    let mut killed_while_writing = false;
    while started.elapsed() < Duration::from_secs(600) {
        let writing = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".store.new-"));
        if writing {
            child.kill().unwrap();
            killed_while_writing = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.wait().unwrap();
    assert!(
        killed_while_writing,
        "the build finished before it could be killed"
    );
    assert_eq!(
        query_count(&store),
        before,
        "the old store answers as before"
    );

    // The next build cleans up and succeeds.
    assert!(build(&big).status().unwrap().success());
    assert!(query_count(&store).contains("150"));
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".new-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn base_output() -> BuildOutput {
    let dir = data_dir("entities-good.csv", None, &good_docs());
    try_build(dir.path()).expect("the fixture builds")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn exports_always_reparse(
        label in "\\PC{0,40}",
        alias in "[\"'<>&\\\\\\n\\r\\t a-z日本]{1,20}",
        title in "\\PC{1,30}",
        surface in ".{1,20}",
    ) {
        let mut output = base_output();
        let graph = &mut output.graph;
        for entity in graph.entities.values_mut() {
            entity.label_en = label.clone();
            entity.aliases_ja.push(alias.clone());
        }
        for document in graph.documents.values_mut() {
            document.title = title.clone();
        }
        for mention in &mut graph.mentions {
            mention.surface = surface.clone();
        }
        assert_exports_reparse(&to_quads(graph, &Iris::default()));
    }
}

/// Every file directly in `dir` whose name marks it as a temporary (`.{name}.tmp-{pid}`).
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.contains(".tmp-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_outputs_of_a_build_are_one_generation() {
    let dir = tempfile::tempdir().unwrap();
    let (two, three) = (dir.path().join("two"), dir.path().join("three"));
    for (path, documents) in [(&two, 2), (&three, 3)] {
        diplograph::synth::generate(
            &diplograph::synth::SynthConfig::with_documents(documents, 1),
            path,
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    let store = out.join("store");
    let build = |data: &Path| {
        crate::sandbox::bin()
            .arg("build")
            .arg("--data")
            .arg(data)
            .arg("--store")
            .arg(&store)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };
    let output = build(&two);
    assert!(output.status.success(), "{output:?}");
    let exports = ["diplograph.ttl", "diplograph.graphml", "csv/edges.csv"];
    let read = |file: &str| std::fs::read(out.join(file)).unwrap();
    let old: Vec<Vec<u8>> = exports.iter().map(|f| read(f)).collect();

    // A build whose exports fail (csv/ is a file) replaces none of them; the store and its
    // graph are the new build's and agree with each other.
    std::fs::remove_dir_all(out.join("csv")).unwrap();
    std::fs::write(out.join("csv"), "in the way").unwrap();
    let output = build(&three);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("csv"), "{stderr}");
    assert_eq!(
        read(exports[0]),
        old[0],
        "an export of the failed build replaced the old one"
    );
    assert_eq!(read(exports[1]), old[1]);
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
    assert!(query_count(&store).contains('3'));
    let graph = diplograph::incremental::read_graph(&store).unwrap();
    assert_eq!(graph.documents.len(), 3);

    // Temporaries of killed builds (their process is gone) go at the next build.
    std::fs::remove_file(out.join("csv")).unwrap();
    for stale in [
        out.join(".diplograph.ttl.tmp-999999999"),
        out.join(".store.graph.json.tmp-999999999"),
    ] {
        std::fs::write(&stale, "left by a killed build").unwrap();
    }
    let output = build(&three);
    assert!(output.status.success(), "{output:?}");
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
    assert_ne!(read(exports[0]), old[0]);
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(diplograph::incremental::manifest_path(&store)).unwrap(),
    )
    .unwrap();
    assert_eq!(
        manifest["exports"].as_array().unwrap().len(),
        diplograph::ExportFormat::ALL.len() + 1,
        "every export (csv is two files) is recorded with the store: {manifest}"
    );

    // A graph that is not the store's is refused, with what to do.
    let graph_file = diplograph::incremental::graph_path(&store);
    let theirs = dir.path().join("theirs");
    let output = crate::sandbox::bin()
        .args(["build", "--no-exports", "--data"])
        .arg(&two)
        .arg("--store")
        .arg(&theirs)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    std::fs::copy(diplograph::incremental::graph_path(&theirs), &graph_file).unwrap();
    for command in [vec!["stats"], vec!["export", "--format", "gexf", "-o", "-"]] {
        let output = crate::sandbox::bin()
            .args(&command)
            .arg("--store")
            .arg(&store)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("does not belong to the store")
                && stderr.contains("run `diplograph build"),
            "{stderr}"
        );
    }
    // ... and so is any graph while the store has no manifest (a build that did not finish)
    std::fs::remove_file(diplograph::incremental::manifest_path(&store)).unwrap();
    let err = diplograph::incremental::read_graph(&store)
        .unwrap_err()
        .to_string();
    assert!(err.contains("has no manifest"), "{err}");
}
