//! The extraction benchmark's in-process side (see `bench/extract_throughput.sh`): load the
//! gazetteer, read and parse the given documents into memory, then run the extractor over every
//! document on the calling thread, timed, dropping each result as it goes. This is the
//! extractor's own speed per core, without process start-up, file reading or the CLI's
//! collecting of every result for its report.
//!
//! `cargo run --release --example extract_bench -- DATA_DIR CORPUS_DIR` (every `*.txt` of
//! CORPUS_DIR, in name order)
//!
//! Prints one line to stdout: `documents bytes chars seconds mentions events relations`.

#![allow(clippy::print_stdout, reason = "an example prints its result")]

use std::time::Instant;

use diplograph::corpus::Document;
use diplograph::extract::Extractor;
use diplograph::gazetteer::Gazetteer;

fn main() -> Result<(), diplograph::Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [data, corpus] = args.as_slice() else {
        return Err(diplograph::Error::export(
            "usage: extract_bench DATA_DIR CORPUS_DIR".to_owned(),
        ));
    };
    let data = std::path::Path::new(data);
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(corpus)
        .map_err(|e| diplograph::Error::export(format!("{corpus}: {e}")).caused_by(e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let gazetteer = Gazetteer::from_dir(&data.join("gazetteer"), data)?;
    let extractor = Extractor::new(&gazetteer);
    let docs = files
        .iter()
        .map(Document::from_path)
        .collect::<Result<Vec<_>, _>>()?;
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let chars: usize = docs.iter().map(|d| d.text.chars().count()).sum();
    let (mut mentions, mut events, mut relations) = (0, 0, 0);
    let started = Instant::now();
    for doc in &docs {
        let extraction = extractor.extract(doc);
        mentions += extraction.mentions.len();
        events += extraction.events.len();
        relations += extraction.relations.len();
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{} {bytes} {chars} {seconds:.3} {mentions} {events} {relations}",
        docs.len()
    );
    Ok(())
}

/// The allocator the `diplograph` binary uses (see `src/main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
