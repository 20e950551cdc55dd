//! The graph-export benchmark's diplograph side (see `bench/graph_export.sh`): read a synthetic
//! graph from `nodes.csv` (`id,label,type,date`) and `edges.csv` (`source,target,predicate,date`),
//! turn it into a [`KnowledgeGraph`] (entities, dated relations with provenance), build the
//! [`PropertyGraph`] and write GraphML or GEXF, the same path `diplograph export` takes.
//!
//! `cargo run --release --example graph_bench -- DIR graphml|gexf OUT [--metrics]`
//!
//! Prints one line to stdout: `read_s build_s write_s nodes edges read_cpu build_cpu write_cpu`
//! (wall seconds, counts, CPU seconds of this process from `/proc/self/stat`, 0 elsewhere).

#![allow(clippy::print_stdout, reason = "an example prints its result")]

use std::time::Instant;

use diplograph::export::{gexf, graphml};
use diplograph::graph::{GraphConfig, PropertyGraph};
use diplograph::model::{
    DocumentId, Entity, EntityId, EntityType, EventInfo, EventType, KnowledgeGraph, Object,
    PartialDate, Provenance, Relation, RelationKind, Source,
};

/// The allocator the `diplograph` binary uses (see `src/main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bad(message: String) -> diplograph::Error {
    diplograph::Error::export(message)
}

fn read_csv(path: &std::path::Path) -> Result<csv::Reader<std::fs::File>, diplograph::Error> {
    csv::Reader::from_path(path).map_err(|e| bad(format!("{}: {e}", path.display())))
}

/// CPU time (user + system) of this process so far, in seconds (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name: state is field 3, utime 14 and stime 15 (clock ticks,
    // 100 per second on Linux).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(&stat[..0], |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn main() -> Result<(), diplograph::Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, format, out, rest @ ..] = args.as_slice() else {
        return Err(bad(
            "usage: graph_bench DIR graphml|gexf OUT [--metrics]".to_owned()
        ));
    };
    let dir = std::path::Path::new(dir);
    let started = Instant::now();
    let cpu = cpu_seconds();
    let mut kg = KnowledgeGraph::default();
    let mut record = csv::StringRecord::new();
    let mut nodes = read_csv(&dir.join("nodes.csv"))?;
    while nodes
        .read_record(&mut record)
        .map_err(|e| bad(e.to_string()))?
    {
        let id = EntityId::new(&record[0]).map_err(bad)?;
        let kind = EntityType::from_name(&record[2])
            .ok_or_else(|| bad(format!("unknown type {}", &record[2])))?;
        let mut entity = Entity::new(id.clone(), kind, &record[1]);
        if kind == EntityType::Event {
            let start: PartialDate = record[3].parse().map_err(|e| bad(format!("{e}")))?;
            entity.event = Some(EventInfo {
                kind: EventType::Meeting,
                start: Some(start),
                end: None,
            });
        }
        kg.entities.insert(id, entity);
    }
    let provenance = Provenance {
        source: Source::Document(DocumentId::new("synthetic").map_err(bad)?),
        sentence: None,
        span: None,
        rule: "synthetic".to_owned(),
        confidence: 1.0,
        evidence: None,
    };
    let mut edges = read_csv(&dir.join("edges.csv"))?;
    while edges
        .read_record(&mut record)
        .map_err(|e| bad(e.to_string()))?
    {
        kg.relations.push(Relation {
            subject: EntityId::new(&record[0]).map_err(bad)?,
            predicate: RelationKind::parse(&record[2])
                .ok_or_else(|| bad(format!("unknown predicate {}", &record[2])))?,
            object: Object::Entity(EntityId::new(&record[1]).map_err(bad)?),
            date: Some(record[3].parse().map_err(|e| bad(format!("{e}")))?),
            provenance: provenance.clone(),
        });
    }
    kg.normalize();
    let read = started.elapsed().as_secs_f64();
    let read_cpu = cpu_seconds() - cpu;

    let started = Instant::now();
    let cpu = cpu_seconds();
    let config = GraphConfig {
        metrics: rest.iter().any(|a| a == "--metrics"),
        ..GraphConfig::default()
    };
    let graph = PropertyGraph::new(&kg, &config);
    drop(kg);
    let built = started.elapsed().as_secs_f64();
    let build_cpu = cpu_seconds() - cpu;

    let started = Instant::now();
    let cpu = cpu_seconds();
    let file = std::fs::File::create(out).map_err(|e| diplograph::Error::io(out, e))?;
    let writer = std::io::BufWriter::with_capacity(1 << 20, file);
    match format.as_str() {
        "graphml" => graphml::write(&graph, writer)?,
        "gexf" => gexf::write(&graph, writer)?,
        other => return Err(bad(format!("unknown format {other}"))),
    }
    let wrote = started.elapsed().as_secs_f64();
    let write_cpu = cpu_seconds() - cpu;
    println!(
        "{read:.3} {built:.3} {wrote:.3} {} {} {read_cpu:.2} {build_cpu:.2} {write_cpu:.2}",
        graph.node_count(),
        graph.edge_count()
    );
    Ok(())
}
