//! Extraction: fixture snapshots (one behaviour per fixture), never-panics properties, the
//! extraction format as printed by `diplograph extract`, `diplograph eval`, and curated events
//! overriding extracted ones in `build`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use diplograph::DataDir;
use diplograph::build::{BuildOptions, build};
use diplograph::corpus::Document;
use diplograph::extract::dates::parse_dates;
use diplograph::extract::json::{ReportConfig, render_table, report};
use diplograph::extract::{Extractor, sentences};
use diplograph::gazetteer::Gazetteer;
use diplograph::model::{EntityType, PartialDate};
use proptest::prelude::*;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| {
        let data = root().join("data");
        Gazetteer::from_dir(&data.join("gazetteer"), &data).unwrap()
    })
}

fn extractor() -> &'static Extractor<'static> {
    static EXTRACTOR: OnceLock<Extractor<'static>> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(gazetteer()))
}

fn config() -> ReportConfig {
    ReportConfig {
        base: "https://w3id.org/diplograph/".to_owned(),
        provenance: false,
    }
}

#[test]
fn extraction_fixtures() {
    insta::glob!("../fixtures/extract", "*.txt", |path| {
        let doc = Document::from_path(path).unwrap();
        let extraction = extractor().extract(&doc);
        let name = path.file_name().unwrap().to_string_lossy();
        let mut out = render_table(&report(&extraction, gazetteer(), &name, &config()));
        let _ = writeln!(out, "dates ({}):", extraction.dates.len());
        for date in &extraction.dates {
            let surface: String = doc
                .text
                .chars()
                .skip(date.span.start)
                .take(date.span.end - date.span.start)
                .collect();
            let end = date.end.map(|d| format!("..{d}")).unwrap_or_default();
            let _ = writeln!(out, "  {surface} → {}{end} [{}]", date.start, date.rule);
        }
        let _ = writeln!(out, "provisional:");
        for entity in extraction.provisional().filter(|e| e.event.is_none()) {
            let _ = writeln!(out, "  {} {} {}", entity.id, entity.kind, entity.label_en);
        }
        let _ = writeln!(out, "diagnostics:");
        for diagnostic in &extraction.diagnostics {
            let _ = writeln!(out, "  {diagnostic}");
        }
        insta::assert_snapshot!(out);
    });
}

#[test]
fn every_mention_span_is_its_surface_and_in_one_sentence() {
    for entry in std::fs::read_dir(root().join("data/corpus")).unwrap() {
        let doc = Document::from_path(entry.unwrap().path()).unwrap();
        let extraction = extractor().extract(&doc);
        let chars: Vec<char> = doc.text.chars().collect();
        let spans = sentences(&doc.text);
        assert!(!extraction.mentions.is_empty());
        for mention in &extraction.mentions {
            let written: String = chars[mention.span.start..mention.span.end].iter().collect();
            assert_eq!(written, mention.surface, "{}", doc.meta.id);
            let sentence = spans[mention.sentence];
            assert!(
                sentence.start <= mention.span.start && mention.span.end <= sentence.end,
                "{}: {mention:?} outside sentence {sentence:?}",
                doc.meta.id
            );
        }
        for event in &extraction.events {
            assert!(!event.participants.is_empty(), "{event:?}");
            assert!(doc.text.contains(&event.evidence), "{event:?}");
        }
    }
}

fn doc_of(text: &str) -> Document {
    let header = "---\nid: p\ntitle: T\npublisher: P\nsource: S\ndate: 2015-06-30\nlanguage: ja\nrights: R\n---\n";
    Document::parse(&format!("{header}{text}"), "p.txt").unwrap()
}

/// Text made of the pieces dates, names and patterns are built from, so that the generator
/// reaches the rules (full-width digits, eras without numbers, huge numbers, 2月30日, 令和0年).
fn genre_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "2013",
        "２０１３",
        "99999",
        "0",
        "30",
        "年",
        "月",
        "日",
        "~",
        "〜",
        "から",
        "まで",
        "及び",
        "(",
        ")",
        "(金)",
        "令和",
        "平成",
        "昭和",
        "元",
        "同",
        "本",
        "昨年",
        "同日",
        "第",
        "回",
        "日米",
        "日中韓",
        "米",
        "英",
        "外務大臣",
        "首相",
        "岸田",
        "鈴木",
        "対話",
        "協議",
        "会合",
        "開催",
        "会談",
        "署名",
        "合意",
        "設置",
        "発表",
        "出席",
        "参加",
        "主催の",
        "に拠出",
        "省",
        "庁",
        "局",
        "センター",
        "作業部会",
        "・",
        "ケリー",
        "ジョン・スミス",
        "公安調査",
        "の間における",
        "、",
        "。",
        "\n",
        " ",
        "Mr. ",
        "Smith ",
        "July ",
        "27, ",
        "held ",
        "in ",
        "http://x.jp/a_b ",
        "US ",
        "UK",
        "4th ",
        "Dialogue",
        "「",
        "」",
        "ｶﾞ",
        "ﾞ",
        "\u{3099}",
        "㍻",
        "①",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn extraction_never_panics_on_arbitrary_strings(text in any::<String>()) {
        let extraction = extractor().extract(&doc_of(&text));
        let len = text.chars().count();
        prop_assert!(extraction.mentions.iter().all(|m| m.span.end <= len));
    }

    #[test]
    fn extraction_never_panics_on_genre_like_strings(text in genre_text()) {
        let doc = doc_of(&text);
        let extraction = extractor().extract(&doc);
        let chars: Vec<char> = doc.text.chars().collect();
        for mention in &extraction.mentions {
            let written: String = chars[mention.span.start..mention.span.end].iter().collect();
            prop_assert_eq!(&written, &mention.surface);
        }
        for date in &extraction.dates {
            prop_assert!(date.span.end <= chars.len());
            if let Some(end) = date.end {
                prop_assert!(end >= date.start);
            }
        }
        let _ = report(&extraction, gazetteer(), "p.txt", &config());
    }

    #[test]
    fn date_parsing_never_panics(text in genre_text(), year in 1i32..3000) {
        let doc_date = PartialDate::year(year).unwrap();
        let (_dates, _diagnostics) = parse_dates(&text, doc_date);
    }
}

#[test]
fn impossible_dates_are_reported_not_extracted() {
    let doc = doc_of("99999年に会合。2013年2月30日に開催。令和0年の会談。");
    let extraction = extractor().extract(&doc);
    assert!(extraction.dates.is_empty(), "{:?}", extraction.dates);
    assert_eq!(
        extraction.diagnostics.len(),
        3,
        "{:?}",
        extraction.diagnostics
    );
    assert!(extraction.events.is_empty());
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_diplograph"))
}

#[test]
fn extract_prints_the_extraction_format() {
    let files: Vec<PathBuf> = [
        "mofa-2017-japan-us-cyber-dialogue-5.txt",
        "infocom-2013-japan-us-cyber.txt",
    ]
    .iter()
    .map(|f| root().join("data/corpus").join(f))
    .collect();
    let output = bin()
        .arg("extract")
        .args(&files)
        .arg("--data")
        .arg(root().join("data"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let docs = value.as_array().unwrap();
    assert_eq!(docs.len(), 2);
    let keys = |v: &serde_json::Value| -> BTreeSet<String> {
        v.as_object().unwrap().keys().cloned().collect()
    };
    let set =
        |names: &[&str]| -> BTreeSet<String> { names.iter().map(|s| (*s).to_owned()).collect() };
    let types: BTreeSet<&str> = EntityType::ALL.iter().map(|t| t.name()).collect();
    for doc in docs {
        assert_eq!(keys(doc), set(&["doc", "entities", "events", "relations"]));
        for e in doc["entities"].as_array().unwrap() {
            assert_eq!(keys(e), set(&["type", "en", "ja", "surface", "iri"]));
            assert!(types.contains(e["type"].as_str().unwrap()));
            assert!(
                e["iri"]
                    .as_str()
                    .unwrap()
                    .starts_with("https://w3id.org/diplograph/id/")
            );
        }
        for e in doc["events"].as_array().unwrap() {
            assert_eq!(
                keys(e),
                set(&[
                    "type",
                    "label_en",
                    "start",
                    "end",
                    "place",
                    "participants",
                    "evidence"
                ])
            );
            assert!(e["start"].as_str().unwrap().parse::<PartialDate>().is_ok());
        }
        for r in doc["relations"].as_array().unwrap() {
            assert_eq!(
                keys(r),
                set(&["subject", "predicate", "object", "date", "evidence"])
            );
        }
    }
    let first = &docs[0];
    assert_eq!(first["doc"], "mofa-2017-japan-us-cyber-dialogue-5.txt");
    let session = first["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["label_en"] == "5th Japan-U.S. Cyber Dialogue")
        .expect("the numbered session is an event");
    assert_eq!(session["start"], "2017-07-20");
    assert_eq!(session["end"], "2017-07-21");
    assert_eq!(session["place"], "Tokyo");

    let table = bin()
        .args(["extract", "--format", "table", "--provenance"])
        .arg(&files[0])
        .arg("--data")
        .arg(root().join("data"))
        .output()
        .unwrap();
    assert!(table.status.success());
    assert!(String::from_utf8_lossy(&table.stdout).contains("5th Japan-U.S. Cyber Dialogue"));
}

#[test]
fn provenance_is_added_on_request() {
    let output = bin()
        .args(["extract", "--provenance"])
        .arg(root().join("data/corpus/mofa-2017-japan-us-cyber-dialogue-5.txt"))
        .arg("--data")
        .arg(root().join("data"))
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let relation = &value["relations"][0];
    let provenance = &relation["provenance"];
    assert!(
        provenance["rule"].as_str().unwrap().starts_with("extract:"),
        "{relation}"
    );
    assert!(provenance["confidence"].as_f64().unwrap() > 0.0);
    assert!(provenance["span"].as_array().unwrap().len() == 2);
}

#[test]
fn eval_scores_extraction_against_gold_and_predictions_files() {
    let dir = tempfile::tempdir().unwrap();
    let gold = root().join("data/gold");
    let direct = bin()
        .args(["eval", "--format", "json", "--gold"])
        .arg(&gold)
        .arg("--data")
        .arg(root().join("data"))
        .output()
        .unwrap();
    assert!(
        direct.status.success(),
        "{}",
        String::from_utf8_lossy(&direct.stderr)
    );
    let direct: serde_json::Value = serde_json::from_slice(&direct.stdout).unwrap();
    // a regression guard on the training documents, not a claim about unseen ones
    let f1 = |c: &serde_json::Value| {
        let (tp, fp, fn_) = (
            c["tp"].as_f64().unwrap(),
            c["fp"].as_f64().unwrap(),
            c["fn_"].as_f64().unwrap(),
        );
        2.0 * tp / (2.0 * tp + fp + fn_)
    };
    assert!(f1(&direct["entities"]) > 0.9, "{}", direct["entities"]);
    assert!(f1(&direct["events"]) > 0.6, "{}", direct["events"]);
    assert_eq!(direct["documents"].as_array().unwrap().len(), 5);

    // the same scores from an `extract` output file
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("data/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let extracted = bin()
        .arg("extract")
        .args(&files)
        .arg("--data")
        .arg(root().join("data"))
        .output()
        .unwrap();
    let pred = dir.path().join("pred.json");
    std::fs::write(&pred, &extracted.stdout).unwrap();
    let from_file = bin()
        .args(["eval", "--format", "json", "--gold"])
        .arg(&gold)
        .arg("--pred")
        .arg(&pred)
        .output()
        .unwrap();
    let from_file: serde_json::Value = serde_json::from_slice(&from_file.stdout).unwrap();
    assert_eq!(from_file, direct);

    // gold scored against itself is perfect
    let itself = bin()
        .args(["eval", "--format", "json", "--gold"])
        .arg(&gold)
        .arg("--pred")
        .arg(&gold)
        .output()
        .unwrap();
    let itself: serde_json::Value = serde_json::from_slice(&itself.stdout).unwrap();
    for key in ["entities", "events", "relations"] {
        assert_eq!(itself[key]["fp"], 0, "{key}");
        assert_eq!(itself[key]["fn_"], 0, "{key}");
    }

    // a broken predictions file names the file and line
    std::fs::write(&pred, "{\n  \"doc\": 3\n}").unwrap();
    let bad = bin()
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg("--pred")
        .arg(&pred)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("pred.json:2"), "{stderr}");
}

#[test]
fn curated_events_override_extracted_ones_in_build() {
    let output = build(
        &DataDir::new(root().join("tests/fixtures/mini")),
        &BuildOptions::keeping_extractions(),
    )
    .unwrap();
    let extraction = &output.extractions[0];
    assert_eq!(extraction.events.len(), 1, "{:?}", extraction.events);
    // a numbered session gets its series' session id, the curated convention: the extracted
    // node and the curated one are the same node, and the curated event is what it says
    let extracted = &extraction.events[0].id;
    assert_eq!(extracted.as_str(), "japan-uk-cyber-consultation-1");
    let node = &output.graph.entities[extracted];
    assert!(
        node.provenance.iter().any(|p| p.rule == "curated"),
        "{node:?}"
    );
    let events: Vec<&str> = output
        .graph
        .entities
        .values()
        .filter(|e| e.kind == EntityType::Event)
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(events, ["japan-uk-cyber-consultation-1"]);
    assert!(
        output
            .diagnostics
            .iter()
            .any(|d| d.message.contains("replaces extracted event")),
        "{:?}",
        output.diagnostics
    );
}

/// General patterns for names no dictionary holds (issue 11 item 3): English organisations by
/// head word, English people after titles, quoted document titles in both languages.
#[test]
fn general_patterns_find_names_the_gazetteer_lacks() {
    let doc = doc_of(
        "On May 3, 2016, Ambassador Hanako Sample met officials of the Ministry of Digital Affairs and the Cyber Resilience Council in Tokyo. \
         They discussed the \"Regional Cyber Cooperation Framework\".\n\
         2016年5月3日、両国は「地域サイバー協力行動計画」を公表した。\n",
    );
    let extraction = extractor().extract(&doc);
    let provisional: Vec<(EntityType, &str)> = extraction
        .provisional()
        .filter(|e| e.event.is_none())
        .map(|e| (e.kind, e.label_en.as_str()))
        .collect();
    for expected in [
        (EntityType::Official, "Hanako Sample"),
        (EntityType::Ministry, "Ministry of Digital Affairs"),
        (EntityType::Organization, "Cyber Resilience Council"),
        (EntityType::Document, "Regional Cyber Cooperation Framework"),
        (EntityType::Document, "地域サイバー協力行動計画"),
    ] {
        assert!(
            provisional.contains(&expected),
            "{expected:?} not in {provisional:?}"
        );
    }
    // an anaphor made of topic words is not a name
    let doc = doc_of("The Cyber Dialogue was useful.\n");
    assert_eq!(extractor().extract(&doc).provisional().count(), 0);
}

/// Every expected line is among `lines`.
fn assert_lines(lines: &[String], expected: &[&str]) {
    for expected in expected {
        assert!(
            lines.iter().any(|l| l == expected),
            "{expected:?} not in {lines:#?}"
        );
    }
}

/// Relations of one extraction as `subject | predicate | object` lines, with labels.
fn relation_lines(extraction: &diplograph::extract::Extraction) -> Vec<String> {
    let label = |id: &diplograph::model::EntityId| {
        extraction
            .entities
            .iter()
            .find(|e| &e.id == id)
            .or_else(|| gazetteer().entities.get(id))
            .map_or_else(|| id.to_string(), |e| e.label_en.clone())
    };
    extraction
        .relations
        .iter()
        .map(|r| {
            let object = match &r.object {
                diplograph::model::Object::Entity(id) => label(id),
                other => other.to_string(),
            };
            format!("{} | {} | {object}", label(&r.subject), r.predicate)
        })
        .collect()
}

#[test]
fn english_appositions_give_people_posts_and_the_states_they_represent() {
    // invented names: the rule must work for people no dictionary holds
    let doc = doc_of(
        "On 5 and 6 March, the European Union (EU) and the United Kingdom (UK) held their fourth cyber dialogue in London. \
         The dialogue was co-chaired by Anna Kowalczyk-Brandt, Director for Cyber Policy at the EEAS, and Tom Fielding, Cyber Director in the UK Foreign, Commonwealth and Development Office (FCDO).\n",
    );
    let extraction = extractor().extract(&doc);
    let lines = relation_lines(&extraction);
    assert_lines(
        &lines,
        &[
            "Anna Kowalczyk-Brandt | holdsPost | \"Director for Cyber Policy, European External Action Service\"",
            "Anna Kowalczyk-Brandt | represents | European Union",
            "Tom Fielding | holdsPost | \"Cyber Director, Foreign, Commonwealth and Development Office\"",
            "Tom Fielding | represents | United Kingdom",
            "4th EU-UK Cyber Dialogue | partOf | EU-UK Cyber Dialogue",
        ],
    );
    // the session is dated by a day range without a year: the document's year
    let event = extraction
        .events
        .iter()
        .find(|e| e.label_en == "4th EU-UK Cyber Dialogue")
        .expect("the session is an event");
    assert_eq!(event.start.to_string(), "2015-03-05");
    assert_eq!(
        event.end.map(|d| d.to_string()).as_deref(),
        Some("2015-03-06")
    );
    // a sentence with no title after the comma makes nobody
    let doc = doc_of("Officials met in Tokyo, London and Paris, Berlin Office said.\n");
    let extraction = extractor().extract(&doc);
    assert!(
        extraction
            .provisional()
            .all(|e| e.kind != EntityType::Official),
        "{:?}",
        extraction.provisional().collect::<Vec<_>>()
    );
}

#[test]
fn a_series_is_one_entity_whatever_order_its_parties_are_written_in() {
    let series_of = |text: &str| {
        let extraction = extractor().extract(&doc_of(text));
        extraction
            .events
            .iter()
            .filter_map(|e| e.series.clone())
            .collect::<Vec<_>>()
    };
    let a = series_of(
        "On 14 December 2023, the inaugural UK-EU Cyber Dialogue took place in Brussels.\n",
    );
    let b = series_of(
        "On 5 and 6 December, the EU and the UK held their second Cyber Dialogue in London.\n",
    );
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a, b);
    // a sentence in the non-past announces a plan, not an event
    let plan = extractor().extract(&doc_of(
        "11月23日から24日まで,外務大臣政務官は,インドのニューデリーで開催される会議に出席するため,同地を訪問します。\n",
    ));
    assert!(plan.events.is_empty(), "{:?}", plan.events);
}

#[test]
fn a_bare_ministry_name_is_the_publishers_own() {
    let header = "---\nid: k\ntitle: T\npublisher: Ministry of Foreign Affairs of the Republic of Korea\nsource: S\ndate: 2018-06-21\nlanguage: en\nrights: R\n---\n";
    let doc = Document::parse(
        &format!("{header}Officials of the Ministry of Foreign Affairs met in Seoul on 21 June.\n"),
        "k.txt",
    )
    .unwrap();
    let extraction = extractor().extract(&doc);
    let ministries: Vec<&str> = extraction
        .mentions
        .iter()
        .filter(|m| m.surface == "Ministry of Foreign Affairs")
        .map(|m| m.entity.as_str())
        .collect();
    assert_eq!(ministries, ["korea-mofa"], "{:?}", extraction.mentions);
    // in a Japanese government's release it stays Japan's
    let extraction = extractor().extract(&doc_of(
        "外務省の担当者が2015年6月30日に会合した。Ministry of Foreign Affairs\n",
    ));
    assert!(
        extraction
            .mentions
            .iter()
            .filter(|m| m.surface == "Ministry of Foreign Affairs")
            .all(|m| m.entity.as_str() != "korea-mofa")
    );
}

#[test]
fn a_new_person_does_not_take_a_head_of_states_post_held_by_another() {
    // invented people; publisher Australia (no president) and the United States (a known president)
    let doc_by = |publisher: &str, body: &str| {
        let header = format!(
            "---\nid: h\ntitle: T\npublisher: {publisher}\nsource: S\ndate: 2023-03-03\nlanguage: en\nrights: R\n---\n"
        );
        Document::parse(&format!("{header}{body}\n"), "h.txt").unwrap()
    };
    let posts = |doc: &Document| -> Vec<String> {
        relation_lines(&extractor().extract(doc))
            .into_iter()
            .filter(|l| l.starts_with("Arjuna Wibowo | holdsPost"))
            .collect()
    };
    let body = "The Prime Minister met President Arjuna Wibowo in Jakarta on 3 March 2023.";
    let au = doc_by("Department of Foreign Affairs and Trade", body);
    assert!(posts(&au).is_empty(), "{:?}", posts(&au));
    let us = doc_by("U.S. Department of State", body);
    assert!(posts(&us).is_empty(), "{:?}", posts(&us));
    // a foreign minister's title in another government's release is still that government's
    let ee = doc_by(
        "Ministry of Foreign Affairs of Estonia",
        "Foreign Minister Kaarel Tamm met the delegation in Tallinn on 3 March 2023.",
    );
    let lines = relation_lines(&extractor().extract(&ee));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Kaarel Tamm | holdsPost") && l.contains("Estonia")),
        "{lines:#?}"
    );
}

#[test]
fn bodies_known_by_a_qualified_name_and_names_with_commas_and_possessives() {
    let header = "---\nid: q\ntitle: T\npublisher: P\nsource: S\ndate: 2018-06-01\nlanguage: en\nrights: R\n---\n";
    let doc = Document::parse(
        &format!(
            "{header}Officials of Vietnam met the Ministry of Public Security and the Ministry of Land, Infrastructure and Transport on 1 June. \
             The Supreme Prosecutors’ Office and the National Intelligence Service attended, with the Ministry of Defence, Foreign Office and Home Office.\n"
        ),
        "q.txt",
    )
    .unwrap();
    let extraction = extractor().extract(&doc);
    let entity_of = |surface: &str| -> Option<String> {
        extraction
            .mentions
            .iter()
            .find(|m| m.surface == surface)
            .map(|m| m.entity.to_string())
    };
    // `Ministry of Public Security (Vietnam)` in the gazetteer; Vietnam is named in the document
    assert_eq!(
        entity_of("Ministry of Public Security").as_deref(),
        Some("vietnam-mps")
    );
    // no state of a `National Intelligence Service (…)` is named: a new body
    assert_eq!(
        entity_of("National Intelligence Service").as_deref(),
        Some("new-national-intelligence-service")
    );
    assert!(entity_of("Ministry of Land, Infrastructure and Transport").is_some());
    assert!(entity_of("Supreme Prosecutors’ Office").is_some());
    // a list of bodies is not one name
    assert!(
        entity_of("Foreign Office").is_some(),
        "{:?}",
        extraction.mentions
    );
    assert!(entity_of("Home Office").is_some());
    // a state after an organisation is part of its name; `Acting Head of …` is a title
    let doc = Document::parse(
        &format!(
            "{header}On 1 June, experts of the National Police of Colombia and the National Polytechnic Institute of Mexico met the Acting Head of Division for Security Policy.\n"
        ),
        "q.txt",
    )
    .unwrap();
    let extraction = extractor().extract(&doc);
    let surfaces: Vec<&str> = extraction
        .mentions
        .iter()
        .map(|m| m.surface.as_str())
        .collect();
    assert!(
        surfaces.contains(&"National Police of Colombia"),
        "{surfaces:?}"
    );
    assert!(
        surfaces.contains(&"National Polytechnic Institute of Mexico"),
        "{surfaces:?}"
    );
    assert!(
        !surfaces.iter().any(|s| s.starts_with("Acting Head")),
        "{surfaces:?}"
    );
}

#[test]
fn titles_before_a_comma_and_a_name_and_the_governments_publishing() {
    // invented people; the publisher field names the state as `Government of …`
    let header = "---\nid: g\ntitle: T\npublisher: Government of Ireland, Department of Foreign Affairs press release\nsource: S\ndate: 2021-06-29\nlanguage: en\nrights: R\n---\n";
    let doc = Document::parse(
        &format!(
            "{header}The Minister for Foreign Affairs, Ciaran Doyle T.D., today spoke at the UN Security Council. \
             The Assistant Secretary General of the OAS, Albert Quinlan, highlighted the workshop. \
             It was opened by Minister for Trade Senator the Hon Mary Keane.\n"
        ),
        "g.txt",
    )
    .unwrap();
    let lines = relation_lines(&extractor().extract(&doc));
    assert_lines(
        &lines,
        &[
            "Ciaran Doyle | holdsPost | \"Minister for Foreign Affairs of Ireland\"",
            "Ciaran Doyle | represents | Ireland",
            "Albert Quinlan | holdsPost | \"Assistant Secretary General of the OAS\"",
            "Mary Keane | holdsPost | \"Minister for Trade of Ireland\"",
        ],
    );
    // a body inside the title owns the post: not the publisher's
    assert!(
        !lines
            .iter()
            .any(|l| l == "Albert Quinlan | represents | Ireland"),
        "{lines:#?}"
    );
}

#[test]
fn english_bodies_written_as_parts_of_others() {
    let header = "---\nid: b\ntitle: T\npublisher: P\nsource: S\ndate: 2014-06-09\nlanguage: en\nrights: R\n---\n";
    let doc = Document::parse(
        &format!(
            "{header}The Symposium, organized by the Inter-American Committee against Terrorism (CICTE) of the OAS, began today. \
             The staff of the OAS General Secretariat and the Foreign Ministry’s Unit for Cyber Policy Planning attended.\n"
        ),
        "b.txt",
    )
    .unwrap();
    let lines = relation_lines(&extractor().extract(&doc));
    assert_lines(
        &lines,
        &[
            "Inter-American Committee against Terrorism | partOf | Organization of American States",
            "OAS General Secretariat | partOf | Organization of American States",
        ],
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Unit for Cyber Policy Planning | partOf | ")),
        "{lines:#?}"
    );
}

#[test]
fn english_hosts_with_companions_written_dates_and_speeches() {
    let header = "---\nid: w\ntitle: T\npublisher: P\nsource: S\ndate: 2014-10-25\nlanguage: en\nrights: R\n---\n";
    let doc = Document::parse(
        &format!(
            "{header}On 22 June 2014, the European External Action Service (EEAS), in cooperation with the Inter-American Development Bank, hosted a meeting with partners. \
             Japan thanks Estonia and the co-hosts for organizing this meeting. \
             The Organization of American States today concluded a workshop that took place in Washington, DC from October 22-24. \
             The Minister for Foreign Affairs, Ciaran Doyle, today spoke at the Security Council. \
             The Organization of American States and the Government of Guatemala today began a Symposium on Cyber Security.\n"
        ),
        "w.txt",
    )
    .unwrap();
    let extraction = extractor().extract(&doc);
    let lines = relation_lines(&extraction);
    for host in [
        "European External Action Service",
        "Inter-American Development Bank",
        "Estonia",
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("{host} | hosted | "))),
            "{host}: {lines:#?}"
        );
    }
    assert!(
        !lines.iter().any(|l| l.starts_with("Japan | hosted | ")),
        "{lines:#?}"
    );
    let dates: Vec<String> = extraction
        .events
        .iter()
        .map(|e| format!("{} {:?}", e.start, e.kind))
        .collect();
    // the workshop's own dates, not the release's `today`
    assert!(
        dates.contains(&"2014-10-22 Meeting".to_owned()),
        "{dates:?}"
    );
    // a symposium begun today is a meeting
    assert!(
        dates.contains(&"2014-10-25 Meeting".to_owned()),
        "{dates:?}"
    );
    // a speech reported today is a statement
    assert!(
        dates.contains(&"2014-10-25 Statement".to_owned()),
        "{dates:?}"
    );
}

#[test]
fn a_new_names_bracketed_acronym_is_its_own_and_passive_signings() {
    let header = "---\nid: a\ntitle: T\npublisher: P\nsource: S\ndate: 2016-08-03\nlanguage: en\nrights: R\n---\n";
    let doc = Document::parse(
        &format!(
            "{header}The Republic of Korea and Singapore today signed a Memorandum of Understanding (MOU) on cyber security. \
             The MOU was signed by Peter Lim, Director of the Singapore Cyber Office (SCO), and Kim Min-jun, Director General, Korea Cyber Bureau. \
             The SCO will lead the work.\n"
        ),
        "a.txt",
    )
    .unwrap();
    let extraction = extractor().extract(&doc);
    // `SCO` is the Singapore Cyber Office here, not the gazetteer's Shanghai Cooperation
    // Organisation, at the bracket and later
    let sco: Vec<&str> = extraction
        .mentions
        .iter()
        .filter(|m| m.surface == "SCO")
        .map(|m| m.entity.as_str())
        .collect();
    assert_eq!(
        sco, ["new-singapore-cyber-office"; 2],
        "{:?}",
        extraction.mentions
    );
    let lines = relation_lines(&extraction);
    assert_lines(
        &lines,
        &[
            "Peter Lim | signed | Memorandum of Understanding",
            "Kim Min-jun | signed | Memorandum of Understanding",
        ],
    );
}

#[test]
fn a_visit_next_to_a_meeting_is_an_event_of_its_own() {
    let header = "---\nid: v\ntitle: T\npublisher: P\nsource: S\ndate: 2018-06-01\nlanguage: en\nrights: R\n---\n";
    let doc = Document::parse(
        &format!(
            "{header}Minister Tran Van Minh on June 1 had a meeting with Commissioner Kenji Sato, which took place on the sidelines of President Nguyen Van An’s State visit to Japan.\n"
        ),
        "v.txt",
    )
    .unwrap();
    let kinds: Vec<String> = extractor()
        .extract(&doc)
        .events
        .iter()
        .map(|e| format!("{} {:?}", e.start, e.kind))
        .collect();
    assert!(
        kinds.contains(&"2018-06-01 Meeting".to_owned()),
        "{kinds:?}"
    );
    assert!(kinds.contains(&"2018-06-01 Visit".to_owned()), "{kinds:?}");
}

#[test]
fn a_title_alone_names_whoever_held_the_post_that_day() {
    let en = |publisher: &str, body: &str| {
        let header = format!(
            "---\nid: t\ntitle: T\npublisher: {publisher}\nsource: S\ndate: 2015-03-03\nlanguage: en\nrights: R\n---\n"
        );
        Document::parse(&format!("{header}{body}\n"), "t.txt").unwrap()
    };
    let holder_of = |doc: &Document, surface: &str| -> Option<String> {
        extractor()
            .extract(doc)
            .mentions
            .iter()
            .find(|m| m.surface == surface)
            .map(|m| m.entity.to_string())
    };
    // the gazetteer's tenures: Gen Nakatani was Japan's Minister of Defense in March 2015
    let doc = en(
        "P",
        "On 3 March 2015, the Japanese Defense Minister met officials in Tokyo.",
    );
    assert_eq!(
        holder_of(&doc, "Japanese Defense Minister").as_deref(),
        Some("nakatani-gen")
    );
    let lines = relation_lines(&extractor().extract(&doc));
    assert_lines(
        &lines,
        &["Gen Nakatani | holdsPost | post:minister-of-defense-japan"],
    );
    // a bare English title says nothing of its state, even in a Japanese release
    let doc = en(
        "Ministry of Foreign Affairs of Japan",
        "On 3 March 2015, the Prime Minister of Sri Lanka and the Prime Minister met.",
    );
    assert_eq!(holder_of(&doc, "Prime Minister"), None);
    // Japanese: the publisher's post, but not a title right after a state (日米防衛相会談)
    let ja = |body: &str| {
        let header = "---\nid: t\ntitle: T\npublisher: 外務省\nsource: S\ndate: 2015-03-03\nlanguage: ja\nrights: R\n---\n";
        Document::parse(&format!("{header}{body}\n"), "t.txt").unwrap()
    };
    assert_eq!(
        holder_of(&ja("2015年3月3日、防衛大臣は東京で会見した。"), "防衛大臣").as_deref(),
        Some("nakatani-gen")
    );
    assert_eq!(
        holder_of(&ja("2015年3月3日、日米防衛相会談が開催された。"), "防衛相"),
        None
    );
}

#[test]
fn a_known_person_then_a_state_and_title_after_a_middle_dot() {
    let header = "---\nid: k\ntitle: T\npublisher: 外務省\nsource: S\ndate: 2015-03-03\nlanguage: ja\nrights: R\n---\n";
    let doc = Document::parse(
        &format!("{header}2015年3月3日、キャメロン・英国首相は東京で会談した。\n"),
        "k.txt",
    )
    .unwrap();
    let lines = relation_lines(&extractor().extract(&doc));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("David Cameron | holdsPost | ")),
        "{lines:#?}"
    );
}

#[test]
fn chairs_written_with_their_organisation_represent_its_state() {
    // invented people
    let doc = doc_of(
        "2015年6月30日、東京において第1回日英サイバー協議が開催された。\
         山田太郎外務省総合外交政策局審議官とジョン・スミス英国外務省サイバー政策局長が共同議長を務めました。\n",
    );
    let lines = relation_lines(&extractor().extract(&doc));
    assert!(
        lines.iter().any(|l| l == "山田太郎 | represents | Japan"),
        "{lines:#?}"
    );
}

#[test]
fn an_apposition_naming_no_body_is_the_publishers_official() {
    let header = "---\nid: s\ntitle: T\npublisher: U.S. Department of State\nsource: S\ndate: 2022-12-01\nlanguage: en\nrights: R\n---\n";
    let doc = Document::parse(
        &format!(
            "{header}The dialogue was chaired by Jane Roeder, Senior Bureau Official for Cyberspace and Digital Policy, and Anna Kowalczyk-Brandt, Director for Cyber Policy at the EEAS.\n"
        ),
        "s.txt",
    )
    .unwrap();
    let lines = relation_lines(&extractor().extract(&doc));
    assert_lines(
        &lines,
        &[
            "Jane Roeder | represents | United States",
            "Anna Kowalczyk-Brandt | represents | European Union",
        ],
    );
}

#[test]
fn japanese_missions_titles_in_english_and_offices_of_other_states() {
    // invented people: the rules must work for names no dictionary holds
    let doc = doc_of(
        "3月28日,シンガポールにおいて会期間会合が開催され,我が国から山田太郎在シンガポール大使館次席公使が参加しました。\
         会合には,ヤンネ・ヴィルタネン・フィンランド外務大臣(Mr. Janne Virtanen, Minister for Foreign Affairs, Finland)も出席した。\
         これまでにロンドン会議,ハーグ会議が開催されました。\n",
    );
    let extraction = extractor().extract(&doc);
    let lines = relation_lines(&extraction);
    assert_lines(
        &lines,
        &[
            "山田太郎 | holdsPost | \"Deputy Chief of Mission, Embassy of Japan in Singapore\"",
            "山田太郎 | represents | Japan",
            // the Japanese and the bracketed Latin name are one person, whose office is the same
            // office of the state written with it, not Japan's
            "Janne Virtanen | holdsPost | \"Minister for Foreign Affairs of Finland\"",
            "Janne Virtanen | represents | Finland",
        ],
    );
    assert!(
        !lines
            .iter()
            .any(|l| l
                .starts_with("Janne Virtanen | holdsPost | Minister for Foreign Affairs of Japan")),
        "{lines:#?}"
    );
    assert!(
        !extraction
            .entities
            .iter()
            .any(|e| e.label_en == "ヤンネ・ヴィルタネン"),
        "one person, not two"
    );
    let embassy = extraction
        .entities
        .iter()
        .find(|e| e.label_en == "Embassy of Japan in Singapore")
        .expect("the mission is an entity");
    assert_eq!(embassy.kind, EntityType::Agency);
    assert_eq!(embassy.label_ja.as_deref(), Some("在シンガポール大使館"));
    // a conference named by its city is an event, not the city
    for name in ["ロンドン会議", "ハーグ会議"] {
        let mention = extraction
            .mentions
            .iter()
            .find(|m| m.surface == name)
            .unwrap_or_else(|| panic!("{name} is not mentioned"));
        let kind = extraction
            .entities
            .iter()
            .find(|e| e.id == mention.entity)
            .or_else(|| gazetteer().entities.get(&mention.entity))
            .map(|e| e.kind);
        assert_eq!(kind, Some(EntityType::Event), "{name}");
    }
    assert!(
        !extraction.mentions.iter().any(|m| m.surface == "ハーグ"),
        "{:?}",
        extraction.mentions
    );
}

#[test]
fn events_named_in_passing_and_undated_news_of_the_day() {
    let events_of = |text: &str| {
        extractor()
            .extract(&doc_of(text))
            .events
            .iter()
            .map(|e| format!("{:?} {}", e.kind, e.start))
            .collect::<Vec<_>>()
    };
    // the document's date (doc_of's is 2015-06-30) for a heading that names a statement and
    // for the English present perfect; none for a sentence that is neither
    assert_eq!(
        events_of("Statement by Ambassador Jane Roe at the Security Council meeting\n"),
        ["Statement 2015-06-30"]
    );
    assert_eq!(
        events_of("Body text first.\nThe agency has signed a memorandum with Japan and France.\n"),
        ["Signing 2015-06-30"]
    );
    assert!(events_of("Body text first.\nThe agency signed a memorandum with Japan.\n").is_empty());
    // an event named with its own date in a sentence about something else
    assert_eq!(
        events_of(
            "Body text first.\nThe two sides looked at ways to follow up the ROK-US summit on June 13, 2013.\n"
        ),
        ["Meeting 2013-06-13"]
    );
    let extraction = extractor().extract(&doc_of(
        "本文。\n13(平成25)年10月の「2+2」会合においては、協力を向上することで一致した。\n",
    ));
    let lines = relation_lines(&extraction);
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("| partOf | Japan-U.S. Security Consultative Committee")),
        "{lines:#?}"
    );
    assert_eq!(
        extraction
            .events
            .iter()
            .map(|e| e.start.to_string())
            .collect::<Vec<_>>(),
        ["2013-10"]
    );
}

#[test]
fn english_signings_name_their_document_and_signers() {
    let extraction = extractor().extract(&doc_of(
        "Body text first.\nThe agency has signed a Memorandum of Understanding (MOU) on Cyber Resilience Cooperation with the Cabinet Office of the United Kingdom. \
         Foreign Minister Anna Tamm and US Secretary of State John Roe signed the Estonia-US Digital Partnership Statement today in Brussels.\n",
    ));
    let lines = relation_lines(&extraction);
    assert_lines(
        &lines,
        &[
            "Cabinet Office of the United Kingdom | signed | Memorandum of Understanding (MOU) on Cyber Resilience Cooperation",
            "Anna Tamm | signed | Estonia-US Digital Partnership Statement",
            "John Roe | signed | Estonia-US Digital Partnership Statement",
        ],
    );
    // the state in a title is not a signer
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("United States | signed")),
        "{lines:#?}"
    );
}

#[test]
fn english_membership() {
    let extraction = extractor().extract(&doc_of(
        "Body text first.\nOn Friday an agreement was signed which accepts Czech Republic and France into NATO Cooperative Cyber Defence Centre of Excellence (the Centre) as full members. \
         Austria joined the Centre last year. “Both Estonia and Finland belong to the Freedom Online Coalition,” said the minister.\n",
    ));
    let lines = relation_lines(&extraction);
    assert_lines(
        &lines,
        &[
            "Czechia | joined | NATO Cooperative Cyber Defence Centre of Excellence",
            "France | memberOf | NATO Cooperative Cyber Defence Centre of Excellence",
            "Austria | joined | NATO Cooperative Cyber Defence Centre of Excellence",
            "Estonia | memberOf | Freedom Online Coalition",
            "Finland | memberOf | Freedom Online Coalition",
        ],
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("Estonia | joined")),
        "belonging is not joining: {lines:#?}"
    );
}

#[test]
fn japanese_names_before_titles_without_a_known_post() {
    // invented names
    let extraction = extractor().extract(&doc_of(
        "本文。\n研修では、担当者、森川和彦教授が講義を行った。\n東都大学公共政策研究科の青木健一教授も出席した。\n牧野かれんデジタル大臣は、7月12日に米国を訪問した。\n",
    ));
    let names: Vec<&str> = extraction
        .entities
        .iter()
        .filter(|e| e.kind == EntityType::Official)
        .map(|e| e.label_en.as_str())
        .collect();
    for name in ["森川和彦", "青木健一", "牧野かれん"] {
        assert!(names.contains(&name), "{name} not in {names:?}");
    }
    let lines = relation_lines(&extraction);
    assert!(
        lines
            .iter()
            .any(|l| l == "青木健一 | holdsPost | \"Professor, 東都大学公共政策研究科\""),
        "{lines:#?}"
    );
    // words of the genre that end in a title word are not people
    let extraction = extractor().extract(&doc_of(
        "本文。\n外務大臣と防衛大臣が出席し、事務総長も参加した。\n",
    ));
    assert!(
        extraction
            .provisional()
            .all(|e| e.kind != EntityType::Official),
        "{:?}",
        extraction.provisional().collect::<Vec<_>>()
    );
}

#[test]
fn courtesy_calls_and_attendance_are_meetings() {
    let events_of = |text: &str| {
        extractor()
            .extract(&doc_of(text))
            .events
            .iter()
            .map(|e| (format!("{:?} {}", e.kind, e.start), e.participants.len()))
            .collect::<Vec<_>>()
    };
    // the visitor (来日中の: not a visit of its own) takes part in the courtesy call
    let call = events_of(
        "本文。\n3月9日,山田一郎外務副大臣は,来日中のジョン・ドウ米国務省サイバー調整官(Mr. John Doe, Coordinator for Cyber Issues, U.S. Department of State)の表敬を受けました。\n",
    );
    assert_eq!(call.len(), 1, "{call:?}");
    assert_eq!(call[0].0, "Meeting 2015-03-09");
    assert!(call[0].1 >= 2, "{call:?}");
    // attending a known forum on a date
    let attended = events_of(
        "Body text first.\nOn 9 October, Minister Jane Roe attended the ASEAN Ministerial Conference on Cybersecurity in Singapore.\n",
    );
    assert_eq!(
        attended.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(),
        ["Meeting 2015-10-09"]
    );
    // …but not a plan to attend
    assert!(events_of(
        "Body text first.\nOn 9 October, Minister Jane Roe will attend the ASEAN Ministerial Conference on Cybersecurity.\n"
    )
    .is_empty());
}

#[test]
fn a_chronology_on_one_line_gives_one_event_per_entry_and_bodies_set_up_inside_others() {
    // a white paper's chronology table as stored on one line (year and month cells)
    let doc = doc_of(
        "近年の取組, 2013年,7月:防衛省に「サイバー防衛協議会」を設置 2014年,3月:内閣官房に「サイバー企画調整室」設置 2014年,11月:「サイバーセキュリティ基本法」成立\n",
    );
    let extraction = extractor().extract(&doc);
    let starts: Vec<String> = extraction
        .events
        .iter()
        .map(|e| e.start.to_string())
        .collect();
    for month in ["2013-07", "2014-03"] {
        assert!(
            starts.iter().any(|s| s == month),
            "{month} not in {starts:?}"
        );
    }
    let lines = relation_lines(&extraction);
    let part_of: Vec<&String> = lines.iter().filter(|l| l.contains("| partOf |")).collect();
    assert!(
        part_of
            .iter()
            .any(|l| l.starts_with("サイバー企画調整室 | partOf | Cabinet Secretariat")),
        "{lines:#?}"
    );
    // a body set up inside another is not said to be set up by a state
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("Japan | established | サイバー企画調整室")),
        "{lines:#?}"
    );
}

#[test]
fn an_undated_english_news_sentence_reports_what_was_done_on_the_documents_date() {
    // invented names; the document is dated 2015-06-30
    let doc = doc_of(
        "Foreign Minister Anna Berg of Estonia signed a cyber partnership statement with Chile.\n\
         The two countries agreed on the need to cooperate.\n",
    );
    let extraction = extractor().extract(&doc);
    let kinds: Vec<(String, String)> = extraction
        .events
        .iter()
        .map(|e| (format!("{:?}", e.kind), e.start.to_string()))
        .collect();
    assert!(
        kinds.contains(&("Signing".to_owned(), "2015-06-30".to_owned())),
        "{kinds:?}"
    );
    // `agreed` recalls or describes; it makes no event of its own without a date
    assert!(!kinds.iter().any(|(k, _)| k == "Agreement"), "{kinds:?}");
}

#[test]
fn ranks_and_middle_initials_name_people_but_not_bodies() {
    // invented names
    let doc = doc_of(
        "He also met Admiral Pedro Alvarez Ruiz and Lieutenant General Karen T. Holloway in Santiago.\n\
         The General Assembly Resolution was adopted.\n",
    );
    let extraction = extractor().extract(&doc);
    let officials: Vec<&str> = extraction
        .entities
        .iter()
        .filter(|e| e.kind == diplograph::model::EntityType::Official)
        .map(|e| e.label_en.as_str())
        .collect();
    for name in ["Pedro Alvarez Ruiz", "Karen T. Holloway"] {
        assert!(officials.contains(&name), "{name} not in {officials:?}");
    }
    assert!(
        !officials.iter().any(|o| o.contains("Assembly")),
        "{officials:?}"
    );
}

#[test]
fn an_english_title_before_a_new_name_is_a_post_and_its_state_is_represented() {
    // invented names
    let doc = doc_of(
        "On 3 May 2019, NATO Secretary General Lars Eklund met Estonian Minister of Defence Kadri Tamm.\n\
         The meeting was chaired by Singapore’s Minister for Communications and Information and Minister-in-charge of Cyber Security, Mr Tan Boon Hock.\n\
         Minister Ngo Van Lam and Mr. Ito Kenji signed the agreement on 4 May 2019.\n",
    );
    let extraction = extractor().extract(&doc);
    let lines = relation_lines(&extraction);
    assert_lines(
        &lines,
        &[
            "Lars Eklund | holdsPost | \"Secretary General of NATO\"",
            "Kadri Tamm | holdsPost | \"Minister of Defence of Estonia\"",
            "Kadri Tamm | represents | Estonia",
            "Tan Boon Hock | holdsPost | \"Minister for Communications and Information of Singapore\"",
            "Tan Boon Hock | holdsPost | \"Minister-in-charge of Cyber Security of Singapore\"",
        ],
    );
    // a title never runs across another person's name
    assert!(
        !lines.iter().any(|l| l.starts_with("Ito Kenji | holdsPost")),
        "{lines:#?}"
    );
}

#[test]
fn a_new_japanese_name_takes_the_english_name_written_after_it_in_brackets() {
    let doc = doc_of(
        "5月28日,シンガポールにおいて,第1回日・ASEANサイバー防犯対話(The ASEAN-Japan Cyber Crime Prevention Dialogue)が開催された。\n",
    );
    let extraction = extractor().extract(&doc);
    let series = extraction
        .entities
        .iter()
        .find(|e| e.label_ja.as_deref() == Some("日・ASEANサイバー防犯対話"))
        .unwrap_or_else(|| panic!("{:#?}", extraction.entities));
    assert_eq!(
        series.label_en,
        "ASEAN-Japan Cyber Crime Prevention Dialogue"
    );
}

#[test]
fn a_name_before_an_organisation_and_its_units_ending_in_a_title_is_a_person() {
    // an invented name
    let doc = doc_of(
        "この会合に,我が国からは,山川一郎外務省総合外交政策局サイバー政策課長を筆頭に,関係省庁が参加した。\n",
    );
    let extraction = extractor().extract(&doc);
    assert!(
        extraction
            .entities
            .iter()
            .any(|e| e.kind == diplograph::model::EntityType::Official && e.label_en == "山川一郎"),
        "{:#?}",
        extraction.entities
    );
}

#[test]
fn a_bare_numbered_meeting_is_a_session_of_the_series_named_before_it() {
    let doc = doc_of(
        "日米サイバー対話は,両国政府が毎年開催している。2016年7月に開催した第4回会合では,国際安全保障について議論した。\n",
    );
    let extraction = extractor().extract(&doc);
    let lines = relation_lines(&extraction);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("4th") && l.contains("| partOf | Japan-U.S. Cyber Dialogue")),
        "{lines:#?}"
    );
}

#[test]
fn an_english_series_written_with_its_parties_is_a_new_forum() {
    let doc = doc_of(
        "The memorandum builds on the UK-Singapore Cyber Dialogue held on 3 March 2014.\n\
         The 5th Republic of Korea-United States Cyber Policy Consultation took place on 4 March 2014.\n",
    );
    let extraction = extractor().extract(&doc);
    let forums: Vec<&str> = extraction
        .entities
        .iter()
        .filter(|e| e.kind == diplograph::model::EntityType::InternationalForum)
        .map(|e| e.label_en.as_str())
        .collect();
    assert!(
        forums.contains(&"UK-Singapore Cyber Dialogue"),
        "{forums:?}"
    );
    // a numbered session's series is found by the session rules, not named anew here
    assert!(
        !forums
            .iter()
            .any(|f| f.starts_with("Republic of Korea-United States")),
        "{forums:?}"
    );
    // the meeting of a new series has its parties as participants
    let event = extraction
        .events
        .iter()
        .find(|e| e.start.to_string() == "2014-03-03")
        .unwrap_or_else(|| panic!("{:#?}", extraction.events));
    assert!(
        event.participants.iter().any(|p| p.as_str() == "singapore"),
        "{event:?}"
    );
}

#[test]
fn a_japanese_host_of_what_the_sentence_is_about() {
    let doc = doc_of(
        "「ロックド・シールズ」は、NATOサイバー防衛協力センター(CCDCOE)が主催するサイバー防衛演習です。\n",
    );
    let extraction = extractor().extract(&doc);
    let lines = relation_lines(&extraction);
    assert!(
        lines.iter().any(|l| l.starts_with(
            "NATO Cooperative Cyber Defence Centre of Excellence | hosted | Locked Shields"
        )),
        "{lines:#?}"
    );
}
