//! One node per real-world event across documents and languages (issue 12 item 2): numbered
//! sessions share their series' session id, other events merge on type, date and participants.

use std::collections::BTreeMap;
use std::path::Path;

use diplograph::DataDir;
use diplograph::build::{BuildOptions, BuildOutput, build};
use diplograph::model::{EntityType, Object, Predicate, RelationKind};

use crate::common::{data_dir, root};

/// Build `docs` (file name, text) with the bundled gazetteer and no curated facts.
fn build_docs(dir: &Path, docs: &[(&str, &str)]) -> BuildOutput {
    let data = DataDir::new(dir);
    let corpus = data.corpus();
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::create_dir_all(data.facts()).unwrap();
    for (name, text) in docs {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    // the bundled curated gazetteer, without its reference dictionaries
    let bundled = DataDir::new(data_dir()).gazetteer();
    std::fs::create_dir_all(data.gazetteer()).unwrap();
    for name in diplograph::data_dir::GAZETTEER_FILES {
        std::fs::copy(bundled.join(name), data.gazetteer().join(name)).unwrap();
    }
    build(&data, &BuildOptions::default()).unwrap()
}

fn header(id: &str, date: &str, language: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: T\npublisher: P\nsource: S\ndate: {date}\nlanguage: {language}\nrights: R\n---\n"
    )
}

fn events(output: &BuildOutput) -> Vec<&diplograph::model::Entity> {
    output
        .graph
        .entities
        .values()
        .filter(|e| {
            e.kind == EntityType::Event
                && e.provenance.iter().any(|p| p.rule.starts_with("extract"))
        })
        .collect()
}

#[test]
fn japanese_and_english_reports_of_one_session_are_one_event() {
    let dir = tempfile::tempdir().unwrap();
    let ja = header("ja-report", "2016-07-28", "ja")
        + "2016年7月27日、ワシントンDCにおいて第4回日米サイバー対話が開催された。\n";
    let en = header("en-report", "2016-07-27", "en")
        + "The 4th United States-Japan Bilateral Cyber Dialogue was held in Washington D.C. on July 27, 2016.\n";
    let output = build_docs(
        dir.path(),
        &[("ja-report.txt", &ja), ("en-report.txt", &en)],
    );
    let events = events(&output);
    assert_eq!(events.len(), 1, "{events:#?}");
    let event = events[0];
    assert_eq!(event.id.as_str(), "japan-us-cyber-dialogue-4");
    let docs: std::collections::BTreeSet<String> = event
        .provenance
        .iter()
        .filter_map(|p| p.document().map(ToString::to_string))
        .collect();
    assert_eq!(docs.len(), 2, "{:?}", event.provenance);
    assert_eq!(
        event.start.map(|d| d.to_string()).as_deref(),
        Some("2016-07-27")
    );
}

#[test]
fn events_of_two_documents_agreeing_on_type_date_and_states_merge() {
    let dir = tempfile::tempdir().unwrap();
    let a = header("a", "2014-05", "ja") + "2014年5月、日本と英国は東京で会談を行った。\n";
    let b = header("b", "2014-05-20", "ja") + "2014年5月20日、日英は東京で会談を行った。\n";
    let output = build_docs(dir.path(), &[("a.txt", &a), ("b.txt", &b)]);
    let events = events(&output);
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(
        events[0].start.map(|d| d.to_string()).as_deref(),
        Some("2014-05-20")
    );
    let participations = output
        .graph
        .relations
        .iter()
        .filter(|r| {
            r.predicate == RelationKind::Known(Predicate::ParticipatedIn)
                && r.object == Object::Entity(events[0].id.clone())
        })
        .count();
    assert!(participations >= 2);
}

/// The bundled corpus and data/heldout built together: no real-world event is two nodes (two
/// event nodes with the same label in the same month are the same happening).
#[test]
fn corpus_and_heldout_together_have_one_node_per_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut docs = Vec::new();
    for sub in ["data/corpus", "data/heldout/corpus"] {
        for entry in std::fs::read_dir(root().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            docs.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    let docs: Vec<(&str, &str)> = docs.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let output = build_docs(dir.path(), &docs);
    let mut seen: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for event in events(&output) {
        let month: String = event
            .start
            .map(|d| d.to_string())
            .unwrap_or_default()
            .chars()
            .take(7)
            .collect();
        seen.entry((event.label_en.clone(), month))
            .or_default()
            .push(event.id.to_string());
    }
    let twice: Vec<_> = seen.iter().filter(|(_, ids)| ids.len() > 1).collect();
    assert!(twice.is_empty(), "events with several nodes: {twice:#?}");
    let fourth = output
        .graph
        .entities
        .get(&diplograph::model::EntityId::new("japan-us-cyber-dialogue-4").unwrap())
        .expect("the 4th Japan-U.S. Cyber Dialogue is one node");
    let docs: std::collections::BTreeSet<String> = fourth
        .provenance
        .iter()
        .filter_map(|p| p.document().map(ToString::to_string))
        .collect();
    assert!(docs.len() >= 2, "{docs:?}");
}
