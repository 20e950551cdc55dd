//! Graph exports (GraphML, GEXF, CSV): golden files, read-back by real clients (NetworkX,
//! igraph, Python's csv), round-trip properties, metrics against NetworkX and igraph, and the
//! `export`/`stats` commands.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use diplograph::export::{csv as csv_export, gexf, graphml};
use diplograph::graph::{
    AttrType, GraphConfig, NodeAttr, ParallelEdges, Projection, PropertyGraph, Value, day_ranges,
};
use diplograph::model::{
    DocumentId, DocumentMeta, Entity, EntityId, EntityType, EventInfo, EventType, KnowledgeGraph,
    MentionRecord, Object, PartialDate, Post, PostId, Predicate, Provenance, Relation,
    RelationKind, Source, Span, Tenure,
};
use proptest::prelude::*;

use crate::common::{bundled, data_dir};

fn id(slug: &str) -> EntityId {
    EntityId::new(slug).unwrap()
}

fn date(text: &str) -> PartialDate {
    text.parse().unwrap()
}

fn from_doc(doc: &str, confidence: f64) -> Provenance {
    Provenance {
        source: Source::Document(DocumentId::new(doc).unwrap()),
        sentence: Some(0),
        span: Some(Span { start: 0, end: 4 }),
        rule: "curated".to_owned(),
        confidence,
        evidence: None,
    }
}

fn document(slug: &str, title: &str, language: &str, published: &str) -> DocumentMeta {
    DocumentMeta {
        id: DocumentId::new(slug).unwrap(),
        title: title.to_owned(),
        title_en: (language == "ja").then(|| format!("{slug} (English title)")),
        publisher: "Publisher".to_owned(),
        author: None,
        source: "https://example.org/".to_owned(),
        date: date(published),
        language: language.to_owned(),
        rights: "quoted for research".to_owned(),
        original_file: None,
        content_hash: "0".repeat(64),
        char_len: 100,
    }
}

/// A label with every character that XML and CSV writers must escape.
const TRICKY: &str = "R&D <Lab> \"Quotes\" 'single'\nsecond line\r\n\tend";

/// A small, hand-readable graph exercising every feature of the graph exports.
fn fixture_kg() -> KnowledgeGraph {
    let mut kg = KnowledgeGraph::default();
    for doc in [
        document("doc-a", "日米サイバー対話について", "ja", "2013-10-09"),
        document("doc-b", "Japan-U.S. summit", "en", "2015-06-01"),
    ] {
        kg.documents.insert(doc.id.clone(), doc);
    }
    let mut add = |slug: &str, kind: EntityType, label: &str, edit: &dyn Fn(&mut Entity)| {
        let mut entity = Entity::new(id(slug), kind, label);
        entity
            .provenance
            .push(Provenance::gazetteer("gazetteer/entities.csv", 2));
        edit(&mut entity);
        kg.entities.insert(entity.id.clone(), entity);
    };
    add("japan", EntityType::State, "Japan", &|e| {
        e.label_ja = Some("日本".to_owned());
        e.wikidata = Some("Q17".to_owned());
    });
    add("united-states", EntityType::State, "United States", &|e| {
        e.wikidata = Some("Q30".to_owned());
    });
    add(
        "mofa-japan",
        EntityType::Ministry,
        "Ministry of Foreign Affairs of Japan",
        &|e| {
            e.label_ja = Some("外務省".to_owned());
            e.country = Some(id("japan"));
        },
    );
    add(
        "kishida-fumio",
        EntityType::Official,
        "Fumio Kishida",
        &|e| {
            e.label_ja = Some("岸田文雄".to_owned());
            e.country = Some(id("japan"));
        },
    );
    add("tricky-lab", EntityType::Organization, TRICKY, &|e| {
        e.label_ja = Some("研究&開発 <ラボ>".to_owned());
    });
    add("found-lab", EntityType::Organization, "Found Lab", &|e| {
        e.provisional = true;
    });
    add(
        "cyber-dialogue",
        EntityType::InternationalForum,
        "Japan-U.S. Cyber Dialogue",
        &|e| {
            e.start = Some(date("2013-05"));
        },
    );
    add(
        "dialogue-1",
        EntityType::Event,
        "1st Japan-U.S. Cyber Dialogue",
        &|e| {
            e.event = Some(EventInfo {
                kind: EventType::Dialogue,
                start: Some(date("2013-05-09")),
                end: Some(date("2013-05-10")),
            });
            e.parent = Some(id("cyber-dialogue"));
        },
    );
    add(
        "dialogue-2",
        EntityType::Event,
        "2nd Japan-U.S. Cyber Dialogue",
        &|e| {
            e.event = Some(EventInfo {
                kind: EventType::Dialogue,
                start: Some(date("2014-10-20")),
                end: None,
            });
        },
    );
    add(
        "summit-2014",
        EntityType::Event,
        "Japan-U.S. Summit",
        &|e| {
            e.event = Some(EventInfo {
                kind: EventType::Meeting,
                start: Some(date("2014-04")),
                end: None,
            });
        },
    );
    add("tokyo", EntityType::Place, "Tokyo", &|e| {
        e.label_ja = Some("東京".to_owned());
    });
    add(
        "cyber-strategy",
        EntityType::Document,
        "Cybersecurity Strategy",
        &|e| {
            e.start = Some(date("2013-06-10"));
        },
    );
    let post = PostId::new("foreign-minister-japan").unwrap();
    kg.posts.insert(
        post.clone(),
        Post {
            id: post.clone(),
            label_en: "Minister for Foreign Affairs of Japan".to_owned(),
            label_ja: Some("外務大臣".to_owned()),
            aliases_en: Vec::new(),
            aliases_ja: Vec::new(),
            organization: id("mofa-japan"),
        },
    );
    let tenure_provenance = Provenance::gazetteer("gazetteer/tenures.csv", 2);
    kg.tenures.push(Tenure {
        person: id("kishida-fumio"),
        post: post.clone(),
        start: date("2012-12-26"),
        end: Some(date("2017-08-03")),
        citation: None,
        provenance: tenure_provenance.clone(),
    });
    let mut relate = |subject: &str,
                      predicate: Predicate,
                      object: Object,
                      on: Option<&str>,
                      provenance: Provenance| {
        kg.relations.push(Relation {
            subject: id(subject),
            predicate: RelationKind::Known(predicate),
            object,
            date: on.map(date),
            provenance,
        });
    };
    let entity = |slug: &str| Object::Entity(id(slug));
    use Predicate::*;
    // The gazetteer's own statement of the tenure: the tenure edge stands for it.
    relate(
        "kishida-fumio",
        HoldsPost,
        Object::Post(post.clone()),
        Some("2012-12-26"),
        tenure_provenance,
    );
    // A dated statement within the tenure supports the tenure edge.
    relate(
        "kishida-fumio",
        HoldsPost,
        Object::Post(post),
        Some("2014-04-24"),
        from_doc("doc-b", 1.0),
    );
    relate(
        "japan",
        ParticipatedIn,
        entity("dialogue-1"),
        Some("2013-05-09"),
        from_doc("doc-a", 1.0),
    );
    relate(
        "japan",
        ParticipatedIn,
        entity("dialogue-1"),
        Some("2013-05-09"),
        from_doc("doc-b", 0.9),
    );
    relate(
        "united-states",
        ParticipatedIn,
        entity("dialogue-1"),
        Some("2013-05-09"),
        from_doc("doc-a", 1.0),
    );
    relate(
        "tricky-lab",
        ParticipatedIn,
        entity("dialogue-1"),
        Some("2013-05-09"),
        from_doc("doc-a", 0.8),
    );
    for participant in ["japan", "united-states"] {
        relate(
            participant,
            ParticipatedIn,
            entity("dialogue-2"),
            Some("2014-10-20"),
            from_doc("doc-b", 1.0),
        );
    }
    relate(
        "japan",
        ParticipatedIn,
        entity("summit-2014"),
        Some("2014-04"),
        from_doc("doc-b", 1.0),
    );
    relate(
        "united-states",
        Hosted,
        entity("summit-2014"),
        Some("2014-04"),
        from_doc("doc-b", 1.0),
    );
    relate(
        "kishida-fumio",
        ParticipatedIn,
        entity("summit-2014"),
        Some("2014-04"),
        from_doc("doc-b", 1.0),
    );
    relate(
        "dialogue-1",
        PartOf,
        entity("cyber-dialogue"),
        None,
        Provenance::gazetteer("gazetteer/entities.csv", 9),
    );
    relate(
        "dialogue-1",
        HeldIn,
        entity("tokyo"),
        Some("2013-05-09"),
        Provenance::gazetteer("gazetteer/entities.csv", 9),
    );
    relate(
        "japan",
        CooperatesWith,
        entity("united-states"),
        Some("2013-05-09"),
        from_doc("doc-a", 1.0),
    );
    relate(
        "japan",
        CooperatesWith,
        entity("united-states"),
        None,
        from_doc("doc-b", 1.0),
    );
    relate(
        "mofa-japan",
        Issued,
        entity("cyber-strategy"),
        Some("2013-06-10"),
        from_doc("doc-a", 1.0),
    );
    relate(
        "japan",
        Signed,
        Object::Literal("a memorandum".to_owned()),
        Some("2013-05-09"),
        from_doc("doc-a", 1.0),
    );
    for (doc, entity, at) in [
        ("doc-a", "japan", 0),
        ("doc-a", "japan", 10),
        ("doc-a", "tricky-lab", 20),
        ("doc-b", "united-states", 0),
    ] {
        kg.mentions.push(MentionRecord {
            document: DocumentId::new(doc).unwrap(),
            entity: id(entity),
            surface: entity.to_owned(),
            provenance: Provenance {
                span: Some(Span {
                    start: at,
                    end: at + 5,
                }),
                ..from_doc(doc, 0.9)
            },
        });
    }
    kg.normalize();
    kg
}

fn full_config() -> GraphConfig {
    GraphConfig {
        mentions: true,
        ..GraphConfig::default()
    }
}

fn graphml_text(graph: &PropertyGraph) -> String {
    let mut out = Vec::new();
    graphml::write(graph, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn gexf_text(graph: &PropertyGraph) -> String {
    let mut out = Vec::new();
    gexf::write(graph, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn csv_texts(graph: &PropertyGraph) -> (String, String) {
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    csv_export::write_nodes(graph, &mut nodes).unwrap();
    csv_export::write_edges(graph, &mut edges).unwrap();
    (
        String::from_utf8(nodes).unwrap(),
        String::from_utf8(edges).unwrap(),
    )
}

#[test]
fn graph_exports_match_snapshots() {
    let graph = PropertyGraph::new(&fixture_kg(), &full_config());
    insta::assert_snapshot!("fixture.graphml", graphml_text(&graph));
    insta::assert_snapshot!("fixture.gexf", gexf_text(&graph));
    let (nodes, edges) = csv_texts(&graph);
    insta::assert_snapshot!("fixture.nodes.csv", nodes);
    insta::assert_snapshot!("fixture.edges.csv", edges);
    let entities = GraphConfig {
        projection: Projection::Entities,
        parallel_edges: ParallelEdges::Merge,
        ..GraphConfig::default()
    };
    let (_, edges) = csv_texts(&PropertyGraph::new(&fixture_kg(), &entities));
    insta::assert_snapshot!("fixture-entities-merged.edges.csv", edges);
    let entities_kept = GraphConfig {
        projection: Projection::Entities,
        ..GraphConfig::default()
    };
    let graph = PropertyGraph::new(&fixture_kg(), &entities_kept);
    insta::assert_snapshot!("fixture-entities.gexf", gexf_text(&graph));
}

#[test]
fn exports_are_deterministic() {
    let a = PropertyGraph::new(&fixture_kg(), &full_config());
    let b = PropertyGraph::new(&fixture_kg(), &full_config());
    assert_eq!(graphml_text(&a), graphml_text(&b));
    assert_eq!(gexf_text(&a), gexf_text(&b));
    assert_eq!(csv_texts(&a), csv_texts(&b));
}

fn json_value(value: Value<'_>) -> serde_json::Value {
    match value {
        Value::Bool(b) => b.into(),
        Value::Int(i) => i.into(),
        Value::Double(x) => x.into(),
        Value::Str(s) => s.into_owned().into(),
    }
}

fn type_name(kind: AttrType) -> &'static str {
    match kind {
        AttrType::Boolean => "boolean",
        AttrType::Int => "int",
        AttrType::Double => "double",
        AttrType::String => "string",
    }
}

fn spells_json(ranges: &[(PartialDate, Option<PartialDate>)]) -> serde_json::Value {
    ranges
        .iter()
        .map(|(start, end)| serde_json::json!([start.to_string(), end.map(|d| d.to_string())]))
        .collect()
}

/// What the exports should contain, straight from the graph (no writer involved).
fn expected_json(graph: &PropertyGraph) -> serde_json::Value {
    let node_attrs = graph.node_attrs();
    let nodes: Vec<serde_json::Value> = graph
        .nodes()
        .map(|node| {
            let attrs: serde_json::Map<String, serde_json::Value> = node_attrs
                .iter()
                .filter_map(|a| a.value(node).map(|v| (a.name().to_owned(), json_value(v))))
                .collect();
            let spells: Vec<_> = node.interval.map(|i| (i.first_day(), i.last_day())).into_iter().collect();
            let (r, g, b) = gexf::colour(node.kind);
            serde_json::json!({"id": node.id, "attrs": attrs, "spells": spells_json(&spells), "colour": [r, g, b]})
        })
        .collect();
    let edges: Vec<serde_json::Value> = graph
        .edges()
        .map(|(source, target, edge)| {
            let attrs: serde_json::Map<String, serde_json::Value> = graph
                .edge_attrs()
                .iter()
                .filter_map(|a| a.value(edge).map(|v| (a.name().to_owned(), json_value(v))))
                .collect();
            serde_json::json!({
                "id": edge.id, "source": source.id, "target": target.id, "attrs": attrs,
                "spells": spells_json(&day_ranges(&edge.spells)), "mutual": edge.mutual,
            })
        })
        .collect();
    let node_types: BTreeMap<&str, &str> = node_attrs
        .iter()
        .map(|a| (a.name(), type_name(a.kind())))
        .collect();
    let edge_types: BTreeMap<&str, &str> = graph
        .edge_attrs()
        .iter()
        .map(|a| (a.name(), type_name(a.kind())))
        .collect();
    serde_json::json!({
        "nodes": nodes, "edges": edges, "node_types": node_types, "edge_types": edge_types,
        "metrics": graph.has_metrics(),
    })
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/read_graph_exports.py")
}

/// Write the four files, run the Python clients over them, fail with their message if they
/// disagree (or are missing: `pip install -r .ci/requirements.txt`).
fn read_back_with_real_clients(graph: &PropertyGraph) -> String {
    let dir = tempfile::tempdir().unwrap();
    let expected = dir.path().join("expected.json");
    std::fs::write(
        &expected,
        serde_json::to_vec(&expected_json(graph)).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.path().join("graph.graphml"), graphml_text(graph)).unwrap();
    std::fs::write(dir.path().join("graph.gexf"), gexf_text(graph)).unwrap();
    csv_export::write_dir(graph, dir.path()).unwrap();
    let output = Command::new("python3")
        .arg(script())
        .arg(&expected)
        .arg(dir.path())
        .output()
        .expect("python3 runs (networkx and igraph: pip install -r .ci/requirements.txt)");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "real clients disagree:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn networkx_and_igraph_read_back_the_fixture() {
    let graph = PropertyGraph::new(&fixture_kg(), &full_config());
    let report = read_back_with_real_clients(&graph);
    assert!(
        report.contains("networkx read_gexf: 14 nodes, 17 edges"),
        "{report}"
    );
    assert!(
        report.contains("igraph: pagerank and betweenness equal"),
        "{report}"
    );
}

#[test]
fn networkx_and_igraph_read_back_the_entities_projection_merged() {
    let config = GraphConfig {
        projection: Projection::Entities,
        parallel_edges: ParallelEdges::Merge,
        ..GraphConfig::default()
    };
    let graph = PropertyGraph::new(&fixture_kg(), &config);
    let report = read_back_with_real_clients(&graph);
    assert!(
        report.contains("networkx: degree, pagerank (5 mutual edges), betweenness"),
        "{report}"
    );
}

#[test]
fn networkx_and_igraph_read_back_the_bundled_data() {
    let kg = &bundled().graph;
    let graph = PropertyGraph::new(kg, &GraphConfig::default());
    assert!(graph.node_count() > 200 && graph.edge_count() > 300);
    let report = read_back_with_real_clients(&graph);
    assert!(report.contains("igraph Read_GraphML"), "{report}");
    let without_metrics = GraphConfig {
        metrics: false,
        mentions: true,
        ..GraphConfig::default()
    };
    let report = read_back_with_real_clients(&PropertyGraph::new(kg, &without_metrics));
    assert!(report.contains("networkx: degrees equal"), "{report}");
}

#[test]
fn fixture_graph_has_the_documented_shape() {
    let graph = PropertyGraph::new(&fixture_kg(), &full_config());
    let edge = |id: &str| {
        graph
            .edges()
            .find(|(_, _, e)| e.id == id)
            .unwrap_or_else(|| panic!("no edge {id}"))
            .2
    };
    // Two statements of the same fact: one edge of weight 2, both documents, best confidence.
    let japan = edge("japan.participatedIn.dialogue-1.2013-05-09");
    assert_eq!((japan.weight, japan.confidence), (2, 1.0));
    assert_eq!(japan.documents.join("|"), "doc-a|doc-b");
    // The tenure edge carries the post title and the statement dated within it.
    let tenure = edge(
        "kishida-fumio.holdsPost.mofa-japan.2012-12-26..2017-08-03.post:foreign-minister-japan",
    );
    assert_eq!(&*tenure.label, "Minister for Foreign Affairs of Japan");
    assert_eq!(tenure.weight, 2);
    assert_eq!(tenure.documents.join("|"), "doc-b|gazetteer");
    // Mentions: one edge per (document, entity), weighted by occurrences.
    assert_eq!(edge("doc:doc-a.mentions.japan.2013-10-09").weight, 2);
    assert_eq!(graph.skipped_literals, 1);
    let node = |id: &str| graph.nodes().find(|n| n.id == id).unwrap();
    assert_eq!(node("japan").first_date, Some(date("2013-05-09")));
    assert_eq!(node("japan").last_date, Some(date("2014-10-20")));
    assert_eq!(
        NodeAttr::Type.value(node("doc:doc-a")),
        Some(Value::Str("SourceDocument".into()))
    );
}

fn xml_reader(xml: &str) -> quick_xml::Reader<&[u8]> {
    quick_xml::Reader::from_str(xml)
}

fn attribute(element: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    element
        .try_get_attribute(name)
        .unwrap()
        .map(|a| a.unescape_value().unwrap().into_owned())
}

/// GraphML `<data>` texts per (element id, key), as an XML parser reads them.
fn graphml_data(xml: &str) -> BTreeMap<(String, String), String> {
    use quick_xml::events::Event;
    let mut reader = xml_reader(xml);
    let mut data = BTreeMap::new();
    let (mut element, mut key, mut text) = (String::new(), None::<String>, String::new());
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if matches!(e.name().as_ref(), b"node" | b"edge") => {
                element = attribute(&e, "id").unwrap();
            }
            Event::Start(e) if e.name().as_ref() == b"data" => {
                key = attribute(&e, "key");
                text.clear();
            }
            Event::Text(t) if key.is_some() => text.push_str(&t.xml10_content().unwrap()),
            Event::GeneralRef(r) if key.is_some() => match r.resolve_char_ref().unwrap() {
                Some(c) => text.push(c),
                None => text.push_str(
                    quick_xml::escape::resolve_predefined_entity(&r.decode().unwrap()).unwrap(),
                ),
            },
            Event::End(e) if e.name().as_ref() == b"data" => {
                data.insert((element.clone(), key.take().unwrap()), text.clone());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    data
}

/// GEXF `label` attributes per element id.
fn gexf_labels(xml: &str) -> BTreeMap<String, String> {
    use quick_xml::events::Event;
    let mut reader = xml_reader(xml);
    let mut labels = BTreeMap::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if matches!(e.name().as_ref(), b"node" | b"edge") => {
                labels.insert(
                    attribute(&e, "id").unwrap(),
                    attribute(&e, "label").unwrap(),
                );
            }
            Event::Eof => break,
            _ => {}
        }
    }
    labels
}

/// A graph with arbitrary entity labels and an arbitrary post title (an edge label).
fn labelled_kg(labels: &[String], post_title: &str) -> KnowledgeGraph {
    let mut kg = KnowledgeGraph::default();
    for (i, label) in labels.iter().enumerate() {
        let mut entity = Entity::new(id(&format!("n{i}")), EntityType::Official, label.clone());
        entity.label_ja = Some(format!("{label}日本"));
        kg.entities.insert(entity.id.clone(), entity);
    }
    let organization = Entity::new(id("org"), EntityType::Ministry, "Org");
    kg.entities.insert(organization.id.clone(), organization);
    let post = PostId::new("post").unwrap();
    kg.posts.insert(
        post.clone(),
        Post {
            id: post.clone(),
            label_en: post_title.to_owned(),
            label_ja: None,
            aliases_en: Vec::new(),
            aliases_ja: Vec::new(),
            organization: id("org"),
        },
    );
    kg.tenures.push(Tenure {
        person: id("n0"),
        post,
        start: date("2013"),
        end: None,
        citation: None,
        provenance: Provenance::gazetteer("t.csv", 2),
    });
    kg
}

/// Text any XML 1.0 document can carry: everything but C0 controls other than tab, LF, CR,
/// and U+FFFE/U+FFFF (the writers replace those, see `replaces_characters_xml_cannot_carry`).
fn xml_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[&<>\"' \t\r\na-z日本]{0,24}",
        "[\\x{9}\\x{a}\\x{d}\\x{20}-\\x{d7ff}\\x{e000}-\\x{fffd}\\x{10000}-\\x{10ffff}]{0,24}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn labels_survive_graphml_gexf_and_csv(labels in prop::collection::vec(xml_text(), 1..5), post in xml_text()) {
        let kg = labelled_kg(&labels, &post);
        let graph = PropertyGraph::new(&kg, &GraphConfig::default());
        let edge_id = graph.edges().next().unwrap().2.id.clone();

        let data = graphml_data(&graphml_text(&graph));
        let gexf = gexf_labels(&gexf_text(&graph));
        let (nodes_csv, edges_csv) = csv_texts(&graph);
        let mut nodes = csv::Reader::from_reader(nodes_csv.as_bytes());
        let rows: Vec<csv::StringRecord> = nodes.records().map(Result::unwrap).collect();
        let mut edges = csv::Reader::from_reader(edges_csv.as_bytes());
        let edge_rows: Vec<csv::StringRecord> = edges.records().map(Result::unwrap).collect();

        for (i, label) in labels.iter().enumerate() {
            let node = format!("n{i}");
            prop_assert_eq!(&data[&(node.clone(), "n_label".to_owned())], label);
            prop_assert_eq!(&data[&(node.clone(), "n_label_ja".to_owned())], &format!("{label}日本"));
            prop_assert_eq!(&gexf[&node], label);
            let row = rows.iter().find(|r| &r[0] == node.as_str()).unwrap();
            prop_assert_eq!(&row[1], label.as_str());
        }
        prop_assert_eq!(&data[&(edge_id.clone(), "e_label".to_owned())], &post);
        prop_assert_eq!(&gexf[&edge_id], &post);
        prop_assert_eq!(&edge_rows[0][4], post.as_str());
    }
}

// The command line: build saves the knowledge graph; export and stats read it.

fn bin() -> Command {
    crate::sandbox::bin()
}

fn run_ok(cmd: &mut Command) -> std::process::Output {
    let output = cmd.output().expect("the binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn build_writes_graph_exports_and_export_reads_the_saved_graph() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let data = data_dir();
    run_ok(
        bin()
            .arg("build")
            .arg("--data")
            .arg(&data)
            .arg("--store")
            .arg(out.join("store"))
            .arg("--out")
            .arg(&out),
    );
    assert!(
        !out.join("graph.json").exists(),
        "the graph is kept beside its store"
    );
    for file in [
        "store.graph.json",
        "diplograph.graphml",
        "diplograph.gexf",
        "csv/nodes.csv",
        "csv/edges.csv",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    // The saved graph is exactly the built graph, with the metrics of its default property
    // graph (which the exports below read instead of computing them).
    let kg = &bundled().graph;
    let saved = diplograph::incremental::read_saved_graph(&out.join("store")).unwrap();
    assert_eq!(&saved.graph, kg);
    let computed = PropertyGraph::new(kg, &GraphConfig::default());
    assert_eq!(saved.metrics, computed.stored_metrics());
    assert_eq!(
        saved.metrics.as_ref().map(|m| m.nodes.len()),
        Some(computed.node_count())
    );
    let direct = graphml_text(&computed);
    assert_eq!(
        std::fs::read_to_string(out.join("diplograph.graphml")).unwrap(),
        direct
    );

    // `export` from the saved graph gives the same bytes, to a file and to stdout.
    let exported = dir.path().join("again.graphml");
    run_ok(
        bin()
            .arg("export")
            .arg("--store")
            .arg(out.join("store"))
            .arg("-o")
            .arg(&exported),
    );
    assert_eq!(std::fs::read_to_string(&exported).unwrap(), direct);
    let stdout = run_ok(
        bin()
            .args(["export", "--format", "gexf", "-o", "-", "--store"])
            .arg(out.join("store")),
    )
    .stdout;
    assert_eq!(
        String::from_utf8(stdout).unwrap(),
        std::fs::read_to_string(out.join("diplograph.gexf")).unwrap()
    );

    // Options reach the library: an entities-only, merged, filtered CSV export.
    let csv_dir = dir.path().join("tables");
    run_ok(
        bin()
            .args([
                "export",
                "--format",
                "csv",
                "--projection",
                "entities",
                "--parallel-edges",
                "merge",
                "--types",
                "State,Ministry",
                "--from",
                "2013",
                "--to",
                "2015-06",
                "--store",
            ])
            .arg(out.join("store"))
            .arg("-o")
            .arg(&csv_dir),
    );
    let nodes = std::fs::read_to_string(csv_dir.join("nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(csv_dir.join("edges.csv")).unwrap();
    assert!(
        nodes
            .lines()
            .skip(1)
            .all(|l| l.contains(",State,") || l.contains(",Ministry,")),
        "{nodes}"
    );
    assert!(
        edges.contains("japan,united-states,Directed,japan.united-states,"),
        "{edges}"
    );

    // stats prints counts and rankings.
    let stdout = run_ok(
        bin()
            .args(["stats", "--top", "3", "--store"])
            .arg(out.join("store")),
    )
    .stdout;
    let stats = String::from_utf8(stdout).unwrap();
    assert!(
        stats.starts_with(&format!("nodes: {} (", kg.entities.len())),
        "{stats}"
    );
    assert!(stats.contains("top 3 by betweenness:\n  1."), "{stats}");
    assert!(stats.contains("Japan (japan, State)"), "{stats}");
}

#[test]
fn export_without_a_built_graph_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let output = bin()
        .args(["export", "--format", "graphml", "-o", "-", "--graph"])
        .arg(dir.path().join("nope.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("run `diplograph build` first"), "{stderr}");

    let output = bin()
        .args(["export", "--format", "graphml", "-o", "-", "--store"])
        .arg(dir.path().join("nostore"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("run `diplograph build` first"), "{stderr}");

    let output = bin()
        .args(["export", "--format", "csv", "-o", "-"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("pass a directory"));
}

#[test]
fn export_rejects_a_graph_file_of_another_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.json");
    std::fs::write(
        &path,
        r#"{"format": "something-else", "version": 1, "graph": {}}"#,
    )
    .unwrap();
    let err = diplograph::export::snapshot::read(&path)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("graph.json") && err.contains("run `diplograph build` again"),
        "{err}"
    );
}

#[test]
fn benchmark_example_writes_the_synthetic_graph() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("nodes.csv"),
        "id,label,type,date\nn0,\"A & <B>\",State,2001-02-03\nn1,B,Event,2013-10-03\nn2,C,Place,2000-01-01\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("edges.csv"),
        "source,target,predicate,date\nn0,n1,participatedIn,2013-10-03\nn1,n2,heldIn,2013-10-03\n",
    )
    .unwrap();
    for format in ["graphml", "gexf"] {
        let out = dir.path().join(format!("out.{format}"));
        let output = Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--example", "graph_bench", "--"])
            .arg(dir.path())
            .arg(format)
            .arg(&out)
            .current_dir(crate::common::root())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let fields: Vec<&str> = stdout.split_whitespace().collect();
        assert_eq!(fields[3..5], ["3", "2"], "{stdout}");
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("A &amp; &lt;B&gt;"), "{text}");
    }
}

#[test]
fn stored_metrics_give_the_computed_graph_and_are_ignored_where_they_do_not_apply() {
    let kg = &bundled().graph;
    let default = GraphConfig::default();
    let computed = PropertyGraph::new(kg, &default);
    let stored = computed.stored_metrics().unwrap();
    assert!(
        stored
            .nodes
            .iter()
            .any(|(_, pagerank, betweenness, _)| *pagerank > 0.0 && *betweenness > 0.0),
        "metrics were computed"
    );
    // Through JSON (as graph.json keeps them), every export is the same to the byte.
    let stored: diplograph::graph::StoredMetrics =
        serde_json::from_str(&serde_json::to_string(&stored).unwrap()).unwrap();
    let read = PropertyGraph::with_stored_metrics(kg, &default, Some(&stored));
    assert_eq!(graphml_text(&read), graphml_text(&computed));
    assert_eq!(gexf_text(&read), gexf_text(&computed));
    assert_eq!(csv_texts(&read), csv_texts(&computed));

    // Numbers that are not the computed ones show that they were taken, not recomputed.
    let mut marked = stored.clone();
    marked.nodes[0].1 = 0.5;
    let taken = PropertyGraph::with_stored_metrics(kg, &default, Some(&marked));
    assert_eq!(taken.nodes().next().unwrap().metrics.pagerank, Some(0.5));

    // Another graph (a projection, a filter) has other metrics: computed, stored ones ignored.
    for config in [
        GraphConfig {
            projection: Projection::Entities,
            ..GraphConfig::default()
        },
        GraphConfig {
            parallel_edges: ParallelEdges::Merge,
            ..GraphConfig::default()
        },
    ] {
        assert!(!config.has_stored_shape());
        assert_eq!(
            graphml_text(&PropertyGraph::with_stored_metrics(
                kg,
                &config,
                Some(&marked)
            )),
            graphml_text(&PropertyGraph::new(kg, &config))
        );
    }
    // Without metrics asked for, none are written.
    let without = GraphConfig {
        metrics: false,
        ..GraphConfig::default()
    };
    assert!(!PropertyGraph::with_stored_metrics(kg, &without, Some(&marked)).has_metrics());
    // Metrics of other nodes (a graph.json edited by hand, another build) are not used.
    let mut other = marked.clone();
    other.nodes[0].0 = "no-such-node".to_owned();
    assert_eq!(
        graphml_text(&PropertyGraph::with_stored_metrics(
            kg,
            &default,
            Some(&other)
        )),
        graphml_text(&computed)
    );
    let mut shorter = marked.clone();
    shorter.nodes.pop();
    assert_eq!(
        graphml_text(&PropertyGraph::with_stored_metrics(
            kg,
            &default,
            Some(&shorter)
        )),
        graphml_text(&computed)
    );
}
