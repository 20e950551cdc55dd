use std::fs;

use super::*;

const ENTITIES: &str = "id,type,label_en,label_ja,aliases_en,aliases_ja,wikidata,country,parent\n\
japan,State,Japan,日本,,日|わが国,Q17,,\n\
united-states,State,United States,米国,US|U.S.,アメリカ|米,Q30,,\n\
mofa-japan,Ministry,Ministry of Foreign Affairs of Japan,外務省,MOFA,,,japan,\n\
fumio-kishida,Official,Fumio Kishida,岸田文雄,,岸田,,japan,\n\
taro-kono,Official,Taro Kono,河野太郎,,河野,,japan,\n";
const POSTS: &str = "id,label_en,label_ja,aliases_ja,aliases_en,organization\n\
fm-japan,Minister for Foreign Affairs of Japan,外務大臣,外相,Foreign Minister,mofa-japan\n";
const TENURES: &str = "person,post,start,end,source\n\
fumio-kishida,fm-japan,2012-12-26,2017-08-03,\n\
taro-kono,fm-japan,2017-08-03,2019-09-11,\n";

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

fn load(entities: &str, posts: &str, tenures: &str) -> Result<Gazetteer> {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "entities.csv", entities);
    write(dir.path(), "posts.csv", posts);
    write(dir.path(), "tenures.csv", tenures);
    Gazetteer::from_dir(dir.path(), dir.path())
}

fn error_text(entities: &str) -> String {
    let err = load(entities, POSTS, TENURES).unwrap_err().to_string();
    err.replace(&format!("{}", std::env::temp_dir().display()), "TMP")
}

#[test]
fn loads_entities_posts_tenures_and_aliases() {
    let g = load(ENTITIES, POSTS, TENURES).unwrap();
    assert_eq!(g.entities.len(), 5);
    assert_eq!(
        g.aliases.get("外相"),
        Some(&AliasTarget::Post(PostId::new("fm-japan").unwrap()))
    );
    assert_eq!(
        g.aliases.get("u.s."),
        Some(&AliasTarget::Entity(
            EntityId::new("united-states").unwrap()
        ))
    );
    let post = PostId::new("fm-japan").unwrap();
    assert_eq!(
        g.holder(&post, "2013-10-03".parse().unwrap())
            .map(EntityId::as_str),
        Some("fumio-kishida")
    );
    assert_eq!(
        g.holder(&post, "2018-01-01".parse().unwrap())
            .map(EntityId::as_str),
        Some("taro-kono")
    );
    // The handover day is covered by both tenures: ambiguous, so no single holder.
    assert_eq!(g.holder(&post, "2017-08-03".parse().unwrap()), None);
    assert_eq!(g.holder(&post, "2011-01-01".parse().unwrap()), None);
}

#[test]
fn reports_file_and_line_of_bad_rows() {
    let bad_type = format!("{ENTITIES}x,Country,X,,,,,,\n");
    assert!(error_text(&bad_type).contains("entities.csv:7: unknown type `Country`"));
    let duplicate = format!("{ENTITIES}japan,State,Japan again,,,,,,\n");
    assert!(error_text(&duplicate).contains("entities.csv:7: duplicate id `japan`"));
    let unknown_ref = format!("{ENTITIES}nisc,Agency,NISC,,,,,japan,cabinet\n");
    assert!(error_text(&unknown_ref).contains("entities.csv:7: unknown entity `cabinet`"));
    let bad_qid = format!("{ENTITIES}x,State,X,,,,17,,\n");
    assert!(error_text(&bad_qid).contains("entities.csv:7: invalid Wikidata QID"));
    let short_row = format!("{ENTITIES}x,State\n");
    assert!(error_text(&short_row).contains("entities.csv:7: row has 2 fields"));
    let bad_header = ENTITIES.replacen("label_ja", "lable_ja", 1);
    assert!(error_text(&bad_header).contains("entities.csv:1: unknown column `lable_ja`"));
}

#[test]
fn reports_impossible_tenure_dates_and_unknown_posts() {
    let bad_date = format!("{TENURES}taro-kono,fm-japan,2019-02-30,,\n");
    let err = load(ENTITIES, POSTS, &bad_date).unwrap_err().to_string();
    assert!(
        err.contains("tenures.csv:4: invalid date `2019-02-30`"),
        "{err}"
    );
    let bad_post = format!("{TENURES}taro-kono,defence-minister,2019-09-11,,\n");
    let err = load(ENTITIES, POSTS, &bad_post).unwrap_err().to_string();
    assert!(
        err.contains("tenures.csv:4: unknown post `defence-minister`"),
        "{err}"
    );
}

#[test]
fn shared_aliases_are_diagnosed_not_used() {
    let shared = format!("{ENTITIES}us-army,Organization,US Army,米陸軍,,米,,,\n");
    let g = load(&shared, POSTS, TENURES).unwrap();
    assert!(!g.aliases.contains_key("米"));
    assert!(
        g.diagnostics
            .iter()
            .any(|d| d.message.contains("alias `米`"))
    );
}

#[test]
fn overlapping_tenures_are_diagnosed() {
    let overlapping = format!("{TENURES}taro-kono,fm-japan,2016-01-01,,\n");
    let g = load(ENTITIES, POSTS, &overlapping).unwrap();
    assert!(g.diagnostics.iter().any(|d| d.message.contains("overlap")));
}

fn bundled() -> Gazetteer {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    Gazetteer::from_dir(&data.join("gazetteer"), &data).unwrap()
}

#[test]
fn bundled_reference_data_loads_without_diagnostics() {
    let g = bundled();
    let diagnostics: Vec<String> = g.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let count = |kind: EntityType| {
        g.entities
            .values()
            .filter(|e| e.kind == kind && g.is_reference(&e.id))
            .count()
    };
    eprintln!(
        "reference: {} entities ({} states, {} places, {} officials), {} posts, {} tenures, {} abbreviations, {} demonyms",
        g.reference_entities.len(),
        count(EntityType::State),
        count(EntityType::Place),
        count(EntityType::Official),
        g.reference_posts.len(),
        g.tenures.len(),
        g.abbreviations.len(),
        g.demonyms.len()
    );
    assert!(count(EntityType::State) >= 180);
}

#[test]
fn reference_lookups_answer_for_partners() {
    let g = bundled();
    let id = |s: &str| EntityId::new(s).unwrap();
    assert_eq!(g.country_by_abbreviation('独'), Some(&id("germany")));
    assert_eq!(g.country_by_abbreviation('欧'), Some(&id("european-union")));
    assert_eq!(g.country_by_abbreviation('星'), Some(&id("singapore")));
    assert_eq!(g.country_by_abbreviation('新'), Some(&id("new-zealand")));
    let sweden = g.abbreviation('瑞').unwrap();
    assert_eq!(sweden.entity, id("sweden"));
    assert_eq!(sweden.alternatives, vec![id("switzerland")]);
    assert!(g.abbreviation('米').unwrap().alone && !g.abbreviation('日').unwrap().alone);
    assert_eq!(g.country_by_abbreviation('x'), None);
    assert_eq!(g.country_by_demonym("Australian"), Some(&id("australia")));
    assert_eq!(g.country_by_demonym("british"), Some(&id("united-kingdom")));
    assert_eq!(g.country_by_demonym("豪州側"), Some(&id("australia")));
    assert_eq!(g.country_by_demonym("米側"), Some(&id("united-states")));
    assert_eq!(g.country_by_demonym("英国側"), Some(&id("united-kingdom")));
    let chancellor = PostId::new("germany-chancellor").unwrap();
    assert_eq!(
        g.holder(&chancellor, "2019-06-01".parse().unwrap()),
        Some(&id("angela-merkel"))
    );
    // a reference holder of a curated post
    let australia = PostId::new("prime-minister-of-australia").unwrap();
    assert_eq!(
        g.holder(&australia, "2016-01-01".parse().unwrap()),
        Some(&id("malcolm-turnbull"))
    );
    assert!(g.is_reference(&id("germany")) && !g.is_reference(&id("japan")));
    // names of a reference row with a curated id point to the curated entity
    assert_eq!(
        g.aliases.get("アメリカ合衆国"),
        Some(&AliasTarget::Entity(id("united-states")))
    );
    assert_eq!(
        g.aliases.get("ドイツ"),
        Some(&AliasTarget::Entity(id("germany")))
    );
}

#[test]
fn curated_entries_win_over_reference_ones() {
    let reference = ReferenceFiles {
        entities: [
            Some(
                "id,type,label_en,label_ja,aliases_ja\n\
                 japan,State,Japan,日本国,ニッポン\n\
                 germany,State,Germany,ドイツ,\n\
                 usa-again,State,America,,米\n"
                    .as_bytes()
                    .to_vec(),
            ),
            None,
            None,
            None,
            None,
        ],
        abbreviations: Some(b"abbreviation,state\n\xe7\x8b\xac,germany\n".to_vec()),
        ..ReferenceFiles::default()
    };
    let files = GazetteerFiles {
        entities: ENTITIES.as_bytes().to_vec(),
        posts: Some(POSTS.as_bytes().to_vec()),
        tenures: Some(TENURES.as_bytes().to_vec()),
    };
    let dir = Path::new("data/gazetteer");
    let g = Gazetteer::from_csv_with_reference(
        &files,
        Some((&reference, Path::new("data/reference"))),
        dir,
        Path::new("data"),
    )
    .unwrap();
    let id = |s: &str| EntityId::new(s).unwrap();
    assert!(!g.is_reference(&id("japan")) && g.is_reference(&id("germany")));
    assert_eq!(g.entities[&id("japan")].label_ja.as_deref(), Some("日本"));
    assert_eq!(
        g.aliases.get("ニッポン"),
        Some(&AliasTarget::Entity(id("japan")))
    );
    // 米 is a curated alias of the United States: it stays, and the clash is reported
    assert_eq!(
        g.aliases.get("米"),
        Some(&AliasTarget::Entity(id("united-states")))
    );
    assert!(g.diagnostics.iter().any(|d| {
        d.message
            .contains("alias `米` of usa-again is also a name of curated united-states")
    }));
    assert_eq!(g.country_by_abbreviation('独'), Some(&id("germany")));
}

#[test]
fn reference_errors_name_file_and_line() {
    let reference = ReferenceFiles {
        entities: [
            None,
            None,
            None,
            Some(b"id,type,label_en,parent\nnato,Organization,NATO,atlantis\n".to_vec()),
            None,
        ],
        abbreviations: Some(b"abbreviation,state\nxy,japan\n".to_vec()),
        ..ReferenceFiles::default()
    };
    let files = GazetteerFiles {
        entities: ENTITIES.as_bytes().to_vec(),
        ..GazetteerFiles::default()
    };
    let err = Gazetteer::from_csv_with_reference(
        &files,
        Some((&reference, Path::new("data/reference"))),
        Path::new("data/gazetteer"),
        Path::new("data"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("organizations.csv:2: unknown entity `atlantis` referenced"),
        "{err}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn reference_entities_enter_the_graph_only_when_referred_to() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"),
        &data,
    );
    let doc = data.join("corpus/mini-press-release.txt");
    let text = fs::read_to_string(&doc).unwrap()
        + "\n国家サイバー統括室も出席し、ヘイグ外相も歓迎した。\n";
    fs::write(&doc, text).unwrap();
    let reference = data.join("reference");
    fs::create_dir_all(&reference).unwrap();
    write(
        &reference,
        "organizations.csv",
        "id,type,label_en,label_ja,country,parent\n\
         cabinet-secretariat,Agency,Cabinet Secretariat,内閣官房,japan,\n\
         nco,Agency,National Cybersecurity Office,国家サイバー統括室,japan,cabinet-secretariat\n\
         unmentioned-agency,Agency,Unmentioned Agency,未言及庁,japan,cabinet-secretariat\n\
         fcdo,Ministry,FCDO,英国外務省,united-kingdom,\n",
    );
    write(
        &reference,
        "officials.csv",
        "id,type,label_en,aliases_ja,country\n\
         william-hague,Official,William Hague,ヘイグ,united-kingdom\n\
         liam-fox,Official,Liam Fox,フォックス,united-kingdom\n",
    );
    write(
        &reference,
        "posts.csv",
        "id,label_en,organization\nforeign-secretary,Foreign Secretary,fcdo\n",
    );
    write(
        &reference,
        "tenures.csv",
        "person,post,start,end\nwilliam-hague,foreign-secretary,2010-05-12,2014-07-14\n",
    );
    let output =
        crate::build::build(&crate::DataDir::new(&data), &crate::BuildOptions::default()).unwrap();
    let kg = &output.graph;
    let has = |id: &str| kg.entities.contains_key(&EntityId::new(id).unwrap());
    // mentioned, and what the mentioned entries depend on
    assert!(has("nco") && has("cabinet-secretariat"));
    assert!(has("william-hague") && has("fcdo"));
    assert!(
        kg.posts
            .contains_key(&PostId::new("foreign-secretary").unwrap())
    );
    assert!(
        kg.tenures
            .iter()
            .any(|t| t.person.as_str() == "william-hague")
    );
    // never referred to
    assert!(!has("unmentioned-agency") && !has("liam-fox"));
    // curated entities are all there, mentioned or not
    assert!(has("tokyo") && has("japan-uk-cyber-consultation"));
}
