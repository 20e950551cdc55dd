//! Synthetic data for scale tests and benchmarks: a gazetteer, curated facts and a Japanese
//! corpus of press releases, in the layout `build` reads (`data/README.md`).
//!
//! Deterministic: the same [`SynthConfig`] (size and seed) always writes byte-identical files.
//! The random generator is a SplitMix64 written here, so output does not depend on a crate's
//! version. Every name is minted from its index with prefix-free syllable codes, so labels and
//! aliases are unique (no ambiguity diagnostics) however large the data.
//!
//! Size is counted in *statements*, the quads of the built store. Each document brings about
//! [`QUADS_PER_DOCUMENT`] quads (its metadata, one curated event with participants, curated
//! statements evidenced by its sentences, and the mentions extraction finds), so a size
//! picks the number of documents; `diplograph build` reports the exact count.
//!
//! ```
//! use diplograph::synth::{SynthConfig, generate};
//! let dir = tempfile::tempdir()?;
//! let summary = generate(&SynthConfig::with_documents(3, 7), dir.path())?;
//! assert_eq!(summary.documents, 3);
//! let output = diplograph::build::build(
//!     &diplograph::DataDir::new(dir.path()), &diplograph::BuildOptions::default())?;
//! assert_eq!(output.graph.documents.len(), 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::data_dir::{
    DataDir, ENTITIES_FILE, EVENTS_FILE, POSTS_FILE, STATEMENTS_FILE, TENURES_FILE,
};
use crate::error::{Error, Result};

/// About how many store quads one synthetic document yields (measured on the current
/// extractor; used only to pick a document count for a target size).
pub const QUADS_PER_DOCUMENT: usize = 420;

/// The named sizes of the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SynthSize {
    /// About 10 000 statements (tests, smoke runs).
    Small,
    /// About 1 million statements.
    OneMillion,
    /// About 10 million statements.
    TenMillion,
}

impl SynthSize {
    /// The target number of statements (store quads).
    pub fn statements(self) -> usize {
        match self {
            Self::Small => 10_000,
            Self::OneMillion => 1_000_000,
            Self::TenMillion => 10_000_000,
        }
    }

    /// Parse `small`, `1m` or `10m`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "small" => Some(Self::Small),
            "1m" => Some(Self::OneMillion),
            "10m" => Some(Self::TenMillion),
            _ => None,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthConfig {
    /// Number of corpus documents (everything else scales with it).
    pub documents: usize,
    /// The seed.
    pub seed: u64,
}

impl SynthConfig {
    /// The configuration for a named size.
    pub fn for_size(size: SynthSize, seed: u64) -> Self {
        Self::with_documents(size.statements().div_ceil(QUADS_PER_DOCUMENT), seed)
    }

    /// An explicit number of documents.
    pub fn with_documents(documents: usize, seed: u64) -> Self {
        Self { documents, seed }
    }
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SynthSummary {
    /// Corpus documents.
    pub documents: usize,
    /// Gazetteer entities.
    pub entities: usize,
    /// Posts.
    pub posts: usize,
    /// Tenures.
    pub tenures: usize,
    /// Curated events.
    pub events: usize,
    /// Curated statements.
    pub statements: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and fixed here for reproducibility.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const KANJI: &[(&str, &str)] = &[
    ("佐", "sa"),
    ("藤", "to"),
    ("鈴", "su"),
    ("木", "ki"),
    ("高", "ta"),
    ("橋", "ha"),
    ("田", "da"),
    ("中", "na"),
    ("伊", "yi"),
    ("渡", "wa"),
    ("辺", "be"),
    ("山", "ya"),
    ("本", "mo"),
    ("小", "ko"),
    ("林", "ri"),
    ("加", "ka"),
    ("吉", "yo"),
    ("松", "ma"),
    ("井", "ii"),
    ("清", "ky"),
    ("水", "mi"),
    ("森", "mr"),
    ("池", "ik"),
    ("橘", "tc"),
    ("坂", "sk"),
    ("石", "is"),
    ("岡", "ok"),
    ("前", "me"),
    ("藍", "ai"),
    ("桜", "so"),
];
const KATAKANA: &[(&str, &str)] = &[
    ("アル", "Al"),
    ("ベル", "Bel"),
    ("カリ", "Kar"),
    ("ドラ", "Dor"),
    ("エス", "Es"),
    ("フォ", "Fo"),
    ("ガル", "Gal"),
    ("ハン", "Han"),
    ("イズ", "Iz"),
    ("ジャ", "Ja"),
    ("ケル", "Kel"),
    ("ルミ", "Lum"),
    ("マル", "Mar"),
    ("ノル", "Nor"),
    ("オス", "Os"),
    ("ペラ", "Per"),
    ("クイ", "Qui"),
    ("ロザ", "Roz"),
    ("シル", "Sil"),
    ("テラ", "Ter"),
];
const TOPICS: &[&str] = &[
    "サイバー空間における国際法の適用",
    "重要インフラの防護",
    "サイバー攻撃に関する情報共有",
    "能力構築支援",
    "サイバー犯罪対策",
    "インシデント対応の連携",
    "信頼醸成措置",
    "サプライチェーンの安全確保",
    "人材育成",
    "国連における議論",
];
const CITIES: &[(&str, &str)] = &[
    ("東京", "Tokyo"),
    ("大阪", "Osaka"),
    ("札幌", "Sapporo"),
    ("福岡", "Fukuoka"),
    ("名古屋", "Nagoya"),
    ("仙台", "Sendai"),
    ("広島", "Hiroshima"),
    ("神戸", "Kobe"),
    ("京都", "Kyoto"),
    ("横浜", "Yokohama"),
];

/// A unique name for index `i` from a syllable table: fixed-width digits in base `len`.
fn code<'a>(
    table: &'a [(&'a str, &'a str)],
    mut i: usize,
    width: usize,
) -> Vec<&'a (&'a str, &'a str)> {
    let mut out = Vec::with_capacity(width);
    for _ in 0..width {
        out.push(&table[i % table.len()]);
        i /= table.len();
    }
    out
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// A synthetic sovereign state (an entity of type `State`).
struct Country {
    id: String,
    ja: String,
}

struct Official {
    id: String,
    ja: String,
    state: usize,
}

fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn write(path: &Path, contents: &str, summary: &mut SynthSummary) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs_err::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    fs_err::write(path, contents).map_err(|e| Error::io(path, e))?;
    summary.bytes += contents.len() as u64;
    Ok(())
}

/// Write a synthetic data directory (`gazetteer/`, `facts/`, `corpus/`) under `out`.
/// Existing files of the same names are overwritten; nothing else is touched.
pub fn generate(config: &SynthConfig, out: &Path) -> Result<SynthSummary> {
    let data = DataDir::new(out);
    let mut rng = Rng(config.seed);
    let mut summary = SynthSummary {
        documents: config.documents,
        ..SynthSummary::default()
    };
    let n_states = (8 + config.documents / 200).min(400);
    let n_officials = (4 * n_states).max(config.documents / 2);
    let n_series = 4 + config.documents / 100;

    let mut entities =
        String::from("id,type,label_en,label_ja,aliases_en,aliases_ja,country,parent,start\n");
    let line = |entities: &mut String, cells: &[&str]| {
        let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        entities.push_str(&cells.join(","));
        entities.push('\n');
    };
    let states: Vec<Country> = (0..n_states)
        .map(|i| {
            let parts = code(KATAKANA, i, 2);
            let ja: String = parts.iter().map(|p| p.0).collect();
            let en: String = capitalize(
                &parts
                    .iter()
                    .map(|p| p.1.to_ascii_lowercase())
                    .collect::<String>(),
            );
            let id = format!("state-{i}");
            line(
                &mut entities,
                &[
                    &id,
                    "State",
                    &format!("Republic of {en}"),
                    &format!("{ja}国"),
                    &en,
                    &format!("{ja}共和国"),
                    "",
                    "",
                    "",
                ],
            );
            let ministry = format!("mofa-{i}");
            line(
                &mut entities,
                &[
                    &ministry,
                    "Ministry",
                    &format!("Ministry of Foreign Affairs of {en}"),
                    &format!("{ja}国外務省"),
                    "",
                    "",
                    &id,
                    &id,
                    "",
                ],
            );
            Country {
                id,
                ja: format!("{ja}国"),
            }
        })
        .collect();
    for (i, (ja, en)) in CITIES.iter().enumerate() {
        line(
            &mut entities,
            &[&format!("city-{i}"), "Place", en, ja, "", "", "", "", ""],
        );
    }
    let series: Vec<(String, String)> = (0..n_series)
        .map(|i| {
            let a = i % n_states;
            let b = (i / n_states + a + 1) % n_states;
            let ja = format!(
                "{}・{}サイバー協議{}",
                &states[a].ja,
                &states[b].ja,
                i / (n_states * n_states).max(1) + 1
            );
            let id = format!("series-{i}");
            line(
                &mut entities,
                &[
                    &id,
                    "InternationalForum",
                    &format!("Cyber Consultations {i}"),
                    &ja,
                    "",
                    "",
                    "",
                    "",
                    "2000",
                ],
            );
            (id, ja)
        })
        .collect();
    let officials: Vec<Official> = (0..n_officials)
        .map(|i| {
            let parts = code(KANJI, i, 4);
            let ja: String = parts.iter().map(|p| p.0).collect();
            let surname = capitalize(&format!("{}{}", parts[0].1, parts[1].1));
            let given = capitalize(&format!("{}{}", parts[2].1, parts[3].1));
            let id = format!("official-{i}");
            let state = i % n_states;
            line(
                &mut entities,
                &[
                    &id,
                    "Official",
                    &format!("{given} {surname} ({i})"),
                    &ja,
                    "",
                    "",
                    &states[state].id,
                    "",
                    "",
                ],
            );
            Official { id, ja, state }
        })
        .collect();
    summary.entities = 2 * n_states + CITIES.len() + n_series + n_officials;

    let mut posts = String::from("id,label_en,label_ja,organization\n");
    let mut tenures = String::from("person,post,start,end\n");
    for (i, state) in states.iter().enumerate() {
        let _ = writeln!(
            posts,
            "foreign-minister-{i},Foreign Minister of state {i},{}外務大臣,mofa-{i}",
            state.ja
        );
        summary.posts += 1;
        // Holders of the post: this state's officials, two-year terms from 2000.
        let holders: Vec<&Official> = officials.iter().filter(|o| o.state == i).take(13).collect();
        for (term, holder) in holders.iter().enumerate() {
            let start = 2000 + 2 * term;
            let _ = writeln!(
                tenures,
                "{},foreign-minister-{i},{start}-04-01,{}-03-31",
                holder.id,
                start + 2
            );
            summary.tenures += 1;
        }
    }

    let mut events =
        String::from("id,type,label_en,label_ja,start,place,participants,series,doc,evidence\n");
    let mut statements = String::from("subject,predicate,object,date,doc,evidence\n");
    // each series' sessions are numbered in turn: a numbered session of a series is one
    // real-world event, one node whatever document reports it (issue 12)
    let mut sessions_held: BTreeMap<String, usize> = BTreeMap::new();
    for d in 0..config.documents {
        let year = 2000 + rng.below(26);
        let month = 1 + rng.below(12);
        let day = 1 + rng.below(28);
        let date = format!("{year}-{month:02}-{day:02}");
        let date_ja = format!("{year}年{month}月{day}日");
        let (series_id, series_ja) = rng.pick(&series);
        let city = rng.below(CITIES.len());
        let a = rng.pick(&officials);
        let b = loop {
            let b = rng.pick(&officials);
            if b.state != a.state {
                break b;
            }
        };
        let (sa, sb) = (&states[a.state], &states[b.state]);
        let session = {
            let held = sessions_held.entry(series_id.clone()).or_default();
            *held += 1;
            *held
        };
        let doc_id = format!("synth-{d:07}");
        let event_id = format!("synth-event-{d:07}");
        let mut sentences = vec![
            format!(
                "{date_ja}、{}において、第{session}回{series_ja}が開催された。",
                CITIES[city].0
            ),
            format!(
                "本協議には、{}から{}外務大臣、{}から{}外務大臣が出席した。",
                sa.ja, a.ja, sb.ja, b.ja
            ),
        ];
        let n_topics = 5 + rng.below(5);
        let mut topics = Vec::with_capacity(n_topics);
        for _ in 0..n_topics {
            let topic = *rng.pick(TOPICS);
            topics.push(topic);
            sentences.push(format!(
                "双方は、{topic}について意見交換を行い、協力を一層進めることで一致した。"
            ));
        }
        sentences.push(format!(
            "次回協議は、{}で開催される予定である(文書番号{d})。",
            CITIES[(city + 1) % CITIES.len()].0
        ));
        let text: String = sentences.iter().map(|s| format!("{s}\n")).collect();
        let header = format!(
            "---\nid: {doc_id}\ntitle: 第{session}回{series_ja}の開催\ntitle_en: Synthetic press release {d}\npublisher: diplograph synth (合成データ)\nsource: synth:seed-{}/doc-{d}\ndate: {date}\nlanguage: ja\nrights: synthetic data, no rights reserved\n---\n",
            config.seed
        );
        write(
            &data.corpus().join(format!("{doc_id}.txt")),
            &format!("{header}{text}"),
            &mut summary,
        )?;
        let row = |cells: &[&str]| {
            let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
            line.join(",") + "\n"
        };
        events.push_str(&row(&[
            &event_id,
            "Dialogue",
            &format!("Cyber Consultations session {session} ({d})"),
            &format!("第{session}回{series_ja}({d})"),
            &date,
            &format!("city-{city}"),
            &format!("{}|{}|{}|{}", sa.id, sb.id, a.id, b.id),
            series_id,
            &doc_id,
            &sentences[0],
        ]));
        summary.events += 1;
        let mut statement = |subject: &str, predicate: &str, object: &str, evidence: &str| {
            statements.push_str(&row(&[
                subject, predicate, object, &date, &doc_id, evidence,
            ]));
            summary.statements += 1;
        };
        statement(&a.id, "represents", &sa.id, &sentences[1]);
        statement(&b.id, "represents", &sb.id, &sentences[1]);
        statement(
            &a.id,
            "holdsPost",
            &format!("post:foreign-minister-{}", a.state),
            &sentences[1],
        );
        statement(
            &b.id,
            "holdsPost",
            &format!("post:foreign-minister-{}", b.state),
            &sentences[1],
        );
        for (k, topic) in topics.iter().enumerate() {
            let evidence = &sentences[2 + k];
            statement(&event_id, "agreedOn", &format!("\"{topic}\""), evidence);
            statement(&sa.id, "cooperatesWith", &sb.id, evidence);
        }
    }
    let gazetteer = data.gazetteer();
    write(&gazetteer.join(ENTITIES_FILE), &entities, &mut summary)?;
    write(&gazetteer.join(POSTS_FILE), &posts, &mut summary)?;
    write(&gazetteer.join(TENURES_FILE), &tenures, &mut summary)?;
    write(&data.facts().join(EVENTS_FILE), &events, &mut summary)?;
    write(
        &data.facts().join(STATEMENTS_FILE),
        &statements,
        &mut summary,
    )?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        for sub in ["gazetteer", "facts", "corpus"] {
            let mut entries: Vec<_> = std::fs::read_dir(dir.join(sub))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            entries.sort();
            for path in entries {
                files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
        files
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let (a, b, c) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        let config = SynthConfig::with_documents(20, 1);
        generate(&config, a.path()).unwrap();
        generate(&config, b.path()).unwrap();
        generate(&SynthConfig::with_documents(20, 2), c.path()).unwrap();
        let strip = |files: Vec<(String, Vec<u8>)>, root: &Path| -> Vec<(String, Vec<u8>)> {
            files
                .into_iter()
                .map(|(p, bytes)| (p.replace(&root.display().to_string(), ""), bytes))
                .collect()
        };
        let (fa, fb, fc) = (
            strip(read_all(a.path()), a.path()),
            strip(read_all(b.path()), b.path()),
            strip(read_all(c.path()), c.path()),
        );
        assert_eq!(fa, fb);
        assert_ne!(fa, fc);
    }

    #[test]
    fn builds_without_warnings_and_hits_the_size_estimate() {
        let dir = tempfile::tempdir().unwrap();
        let summary = generate(&SynthConfig::with_documents(40, 3), dir.path()).unwrap();
        let output = crate::build::build(
            &DataDir::new(dir.path()),
            &crate::build::BuildOptions::default(),
        )
        .unwrap();
        let warnings: Vec<_> = output
            .diagnostics
            .iter()
            .filter(|d| d.severity >= crate::model::Severity::Warning)
            .collect();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(output.graph.documents.len(), summary.documents);
        let quads = crate::rdf::to_quads(&output.graph, &crate::rdf::Iris::default()).len();
        let per_document = quads / summary.documents;
        assert!(
            (QUADS_PER_DOCUMENT * 3 / 4..QUADS_PER_DOCUMENT * 5 / 4).contains(&per_document),
            "{quads} quads for {} documents",
            summary.documents
        );
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(SynthSize::from_name("1m"), Some(SynthSize::OneMillion));
        assert_eq!(SynthSize::from_name("2m"), None);
        let config = SynthConfig::for_size(SynthSize::TenMillion, 0);
        assert_eq!(config.documents * QUADS_PER_DOCUMENT / 1_000_000, 10);
    }
}
