//! `diplograph curate`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;
use diplograph::DataDir;
use diplograph::corpus::Corpus;
use diplograph::export::snapshot;
use diplograph::ingest::curate::{accept, candidates, review_csv};
use diplograph::ingest::write_atomically;

/// List the provisional entities of the last build as ready-to-edit gazetteer rows, or merge
/// reviewed rows into the gazetteer (--accept).
#[derive(Debug, Args)]
pub(crate) struct CurateArgs {
    /// Data directory (its gazetteer/ and corpus/).
    #[arg(long, default_value = "data", value_name = "DIR")]
    data: PathBuf,
    /// The store of the last build: its graph is read from `{store}.graph.json` beside it.
    #[arg(long, default_value = "out/store", value_name = "DIR")]
    store: PathBuf,
    /// A saved graph to read instead of the store's (the graph.json of a `build --no-store`).
    #[arg(long, value_name = "FILE")]
    graph: Option<PathBuf>,
    /// Only entities mentioned at least this many times.
    #[arg(long, default_value_t = 1, value_name = "N")]
    min_count: usize,
    /// The review file to write.
    #[arg(long, short, default_value = "review.csv", value_name = "FILE")]
    output: PathBuf,
    /// Merge the reviewed rows of FILE into {data}/gazetteer/entities.csv.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["min_count", "graph"])]
    accept: Option<PathBuf>,
}

pub(crate) fn run(args: &CurateArgs) -> anyhow::Result<ExitCode> {
    let data = DataDir::new(&args.data);
    let gazetteer_dir = data.gazetteer();
    if let Some(review) = &args.accept {
        let accepted = accept(review, &gazetteer_dir, &args.data)
            .with_context(|| format!("failed to accept `{}`", review.display()))?;
        eprintln!(
            "added {} entities to {}: {}",
            accepted.added.len(),
            accepted.entities_csv.display(),
            accepted
                .added
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
        eprintln!("run `diplograph build` to link their mentions");
        return Ok(ExitCode::SUCCESS);
    }
    let kg = match &args.graph {
        Some(path) => snapshot::read(path)
            .with_context(|| format!("failed to read the graph `{}`", path.display()))?,
        // the graph saved with the store, checked against its manifest
        None => diplograph::incremental::read_graph(&args.store).with_context(|| {
            format!(
                "failed to read the graph of the store `{}`",
                args.store.display()
            )
        })?,
    };
    let corpus = Corpus::from_dir(data.corpus()).ok();
    let gazetteer = super::load_gazetteer(&data)?;
    let list = candidates(&kg, corpus.as_ref(), args.min_count);
    let taken: BTreeSet<String> = gazetteer
        .entities
        .keys()
        .map(ToString::to_string)
        .chain(
            kg.entities
                .keys()
                .filter(|id| !id.as_str().starts_with("new-"))
                .map(ToString::to_string),
        )
        .collect();
    for c in &list {
        let evidence = c
            .evidence
            .as_ref()
            .map_or_else(String::new, |(doc, s)| format!("\n    {doc}: {s}"));
        eprintln!(
            "{:>4}  {}  {}  [{}]  in {}{evidence}",
            c.count,
            c.entity.kind,
            c.entity.label_ja.as_deref().unwrap_or(&c.entity.label_en),
            c.surfaces.iter().cloned().collect::<Vec<_>>().join(" | "),
            c.documents
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    let csv = review_csv(&list, &taken)?;
    write_atomically(&args.output, csv.as_bytes())?;
    eprintln!(
        "wrote {} provisional entities to {}: edit it (fill in label_en, fix ids, delete rows you reject), then run `diplograph curate --accept {}`",
        list.len(),
        args.output.display(),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
