//! Stable-Rust fuzzing of the input parsers: the date parsers (`PartialDate` and the
//! extractor's `parse_dates`), the document header parser and the gazetteer and facts CSV
//! loaders must never panic, whatever the bytes.
//!
//! The targets are those of the cargo-fuzz crate in `fuzz/` (which needs a nightly toolchain
//! for libFuzzer's instrumentation). Here inputs come from proptest strategies: random text
//! and random mutations (byte flips, inserted delimiters, deleted and duplicated chunks,
//! truncation) of real seed files from `data/` and `tests/fixtures/bad/`. There is no coverage
//! guidance, so this finds less than libFuzzer would; it runs anywhere the tests run.
//!
//! Each target runs for `DIPLOGRAPH_FUZZ_SECONDS` seconds (default 1: a smoke run in the test
//! suite); `bench/fuzz.sh` runs them longer in release mode. A panicking input is written to
//! `target/fuzz-artifacts/` and named in the failure.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diplograph::gazetteer::{Facts, Gazetteer, GazetteerFiles};
use diplograph::{Document, PartialDate};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn budget() -> Duration {
    let seconds = std::env::var("DIPLOGRAPH_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(1.0);
    Duration::from_secs_f64(seconds)
}

/// Run `body` on values of `strategy` until the time budget is spent; returns the number of
/// inputs tried. A panic fails the test with the input saved.
fn fuzz<S: Strategy>(name: &str, strategy: S, body: impl Fn(&S::Value)) -> u64
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::default();
    let deadline = Instant::now() + budget();
    let mut runs = 0;
    while runs == 0 || Instant::now() < deadline {
        let value = strategy
            .new_tree(&mut runner)
            .expect("the strategy generates")
            .current();
        if catch_unwind(AssertUnwindSafe(|| body(&value))).is_err() {
            let dir = root().join("target/fuzz-artifacts");
            std::fs::create_dir_all(&dir).expect("artifact directory");
            let path = dir.join(format!("{name}-{runs}.txt"));
            std::fs::write(&path, format!("{value:#?}")).expect("artifact written");
            panic!(
                "{name} panicked on input #{runs}, saved to {}",
                path.display()
            );
        }
        runs += 1;
    }
    runs
}

const DELIMITERS: &[u8] = b",\"\n\r|:-\0\xff\xef\xbb\xbf ";

/// One edit of a seed file.
#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Flip(at, b)),
        (any::<usize>(), proptest::sample::select(DELIMITERS))
            .prop_map(|(at, b)| Edit::Insert(at, b)),
        (any::<usize>(), 0..64usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), 0..256usize).prop_map(|(at, n)| Edit::Duplicate(at, n)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for edit in edits {
        let len = bytes.len().max(1);
        match *edit {
            Edit::Flip(at, b) => {
                if let Some(byte) = bytes.get_mut(at % len) {
                    *byte ^= b;
                }
            }
            Edit::Insert(at, b) => bytes.insert((at % len).min(bytes.len()), b),
            Edit::Delete(at, n) => {
                let start = (at % len).min(bytes.len());
                let end = (start + n).min(bytes.len());
                bytes.drain(start..end);
            }
            Edit::Duplicate(at, n) => {
                let start = (at % len).min(bytes.len());
                let end = (start + n).min(bytes.len());
                let chunk = bytes[start..end].to_vec();
                bytes.splice(end..end, chunk);
            }
            Edit::Truncate(at) => bytes.truncate(at % len),
        }
    }
    bytes
}

/// Seeds (file contents) plus random edits, or plain random bytes.
fn mutated(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => (proptest::sample::select(seeds), proptest::collection::vec(edit(), 0..8))
            .prop_map(|(seed, edits)| apply(&seed, &edits)),
        1 => proptest::collection::vec(any::<u8>(), 0..512),
    ]
}

fn read(paths: &[&str]) -> Vec<Vec<u8>> {
    paths
        .iter()
        .map(|p| std::fs::read(root().join(p)).expect("seed file"))
        .collect()
}

fn seeds_in(dir: &str, extension: &str) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .expect("seed directory")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("seed file"))
        .collect()
}

#[test]
fn fuzz_partial_date() {
    let strategy = prop_oneof![
        "[0-9+-]{0,12}",
        "\\PC{0,12}",
        (any::<i32>(), 0u8..15, 0u8..35).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        (-10000i32..10000, 0u8..15).prop_map(|(y, m)| format!("{y:04}-{m:02}")),
    ];
    let runs = fuzz("partial_date", strategy, |text| {
        if let Ok(date) = text.parse::<PartialDate>() {
            assert_eq!(date.to_string().parse::<PartialDate>(), Ok(date), "{text}");
            assert!(date.first_day() <= date.last_day());
        }
    });
    eprintln!("{runs} inputs in {:?}", budget());
    assert!(runs > 0);
}

#[test]
fn fuzz_extract_dates() {
    let seeds = [
        "令和5年9月15日、同月20日。",
        "平成30年7月に閣議決定された。同日、2013年10月3日に東京で開催。",
        "2012年4月10日から5月2日まで。昨年12月、本年1月、翌年。",
        "2013-10-03, 3 October 2013, October 2013, H25.10.3",
        "第5回会合(平成29年7月20日~21日)は昭和64年1月7日と平成元年1月8日の間。",
    ];
    let seeds: Vec<Vec<u8>> = seeds.iter().map(|s| s.as_bytes().to_vec()).collect();
    let document_date: PartialDate = "2017-07-21".parse().unwrap();
    let runs = fuzz("extract_dates", mutated(seeds), |bytes| {
        let text = String::from_utf8_lossy(bytes);
        let (dates, _) = diplograph::extract::dates::parse_dates(&text, document_date);
        for date in dates {
            assert!(date.start.first_day() <= date.start.last_day(), "{date:?}");
        }
    });
    eprintln!("{runs} inputs in {:?}", budget());
    assert!(runs > 0);
}

#[test]
fn fuzz_document_header() {
    let mut seeds = seeds_in("data/corpus", "txt");
    seeds.extend(seeds_in("tests/fixtures/bad", "txt"));
    let runs = fuzz("document_header", mutated(seeds), |bytes| {
        let text = String::from_utf8_lossy(bytes);
        if let Ok(doc) = Document::parse(&text, "fuzz.txt") {
            assert!(text.ends_with(&doc.text));
        }
    });
    eprintln!("{runs} inputs in {:?}", budget());
    assert!(runs > 0);
}

#[test]
fn fuzz_gazetteer_csv() {
    let entities = mutated({
        let mut seeds = read(&["data/gazetteer/entities.csv"]);
        seeds.extend(seeds_in("tests/fixtures/bad", "csv"));
        seeds
    });
    let posts = mutated(read(&["data/gazetteer/posts.csv"]));
    let tenures = mutated(read(&["data/gazetteer/tenures.csv"]));
    let strategy = (
        entities,
        proptest::option::of(posts),
        proptest::option::of(tenures),
    );
    let runs = fuzz("gazetteer_csv", strategy, |(entities, posts, tenures)| {
        let files = GazetteerFiles {
            entities: entities.clone(),
            posts: posts.clone(),
            tenures: tenures.clone(),
        };
        let _ = Gazetteer::from_csv(&files, Path::new("gazetteer"), Path::new(""));
    });
    eprintln!("{runs} inputs in {:?}", budget());
    assert!(runs > 0);
}

#[test]
fn fuzz_facts_csv() {
    let gazetteer = Gazetteer::from_dir(&root().join("data/gazetteer"), &root().join("data"))
        .expect("the bundled gazetteer loads");
    let events = mutated(read(&["data/facts/events.csv"]));
    let statements = mutated(read(&["data/facts/statements.csv"]));
    let strategy = (
        proptest::option::of(events),
        proptest::option::of(statements),
    );
    let runs = fuzz("facts_csv", strategy, |(events, statements)| {
        let _ = Facts::from_csv(
            events.as_deref(),
            statements.as_deref(),
            Path::new("facts"),
            &gazetteer,
        );
    });
    eprintln!("{runs} inputs in {:?}", budget());
    assert!(runs > 0);
}
