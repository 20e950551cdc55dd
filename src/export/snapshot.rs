//! The built [`KnowledgeGraph`] on disk, so that `export` and `stats` work from what `build`
//! made without re-reading the data (and agree with the store built at the same time).
//!
//! # Wire format
//!
//! One JSON object: `{"format": "diplograph-knowledge-graph", "version": 1, "graph": {…}}`,
//! where `graph` is the [`KnowledgeGraph`] as serde writes it (the field names of
//! [`crate::model`]), and, when `build` computed them, `"metrics": {"nodes": [[id, pagerank,
//! betweenness, component], …]}`: the metrics of the default property graph
//! ([`StoredMetrics`]), which `export` and `stats` then read instead of computing them again
//! (a file without them is read as well; its metrics are computed). Reading checks `format` and `version`, so a file from another version says
//! so instead of failing halfway. `build` writes it beside the store it belongs to,
//! `{store}.graph.json`, and records its BLAKE3 hash ([`hash`]) in the store's manifest
//! (`crate::incremental`), so that a graph of another build is refused; `build --no-store`
//! writes `{out}/graph.json`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Staging, write_atomically};
use crate::error::{Error, Result};
use crate::graph::StoredMetrics;
use crate::model::KnowledgeGraph;

/// The `format` tag.
pub const FORMAT: &str = "diplograph-knowledge-graph";
/// The current `version`.
pub const VERSION: u32 = 1;
/// Where `build --no-store` writes the snapshot, relative to its output directory.
pub const FILE_NAME: &str = "graph.json";

#[derive(Serialize)]
struct SnapshotOut<'a> {
    format: &'a str,
    version: u32,
    graph: &'a KnowledgeGraph,
    #[serde(skip_serializing_if = "Option::is_none")]
    metrics: Option<&'a StoredMetrics>,
}

#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
struct SnapshotIn {
    graph: KnowledgeGraph,
    #[serde(default)]
    metrics: Option<StoredMetrics>,
}

/// What a graph file holds: the knowledge graph and, when they were saved, the metrics of its
/// default property graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    /// The knowledge graph.
    pub graph: KnowledgeGraph,
    /// PageRank, betweenness and components of [`crate::graph::GraphConfig::default`]'s graph.
    pub metrics: Option<StoredMetrics>,
}

/// Write `kg` to `path` (atomically).
pub fn write(kg: &KnowledgeGraph, path: &Path) -> Result<()> {
    write_atomically(path, |w| {
        let snapshot = SnapshotOut {
            format: FORMAT,
            version: VERSION,
            graph: kg,
            metrics: None,
        };
        serde_json::to_writer(w, &snapshot)
            .map_err(|e| Error::export(format!("{}: {e}", path.display())).caused_by(e))
    })
}

/// Stage `kg`, with the `metrics` of its default property graph when given, for `path` in
/// `staging` (moved into place when it is committed); returns the BLAKE3 hash of the bytes
/// written (as [`hash`] computes it).
pub fn stage(
    kg: &KnowledgeGraph,
    metrics: Option<&StoredMetrics>,
    path: &Path,
    staging: &mut Staging,
) -> Result<String> {
    let mut hasher = blake3::Hasher::new();
    staging.stage(path, |w| {
        let mut hashing = HashingWriter {
            inner: w,
            hasher: &mut hasher,
        };
        let snapshot = SnapshotOut {
            format: FORMAT,
            version: VERSION,
            graph: kg,
            metrics,
        };
        serde_json::to_writer(&mut hashing, &snapshot)
            .map_err(|e| Error::export(format!("{}: {e}", path.display())).caused_by(e))
    })?;
    Ok(hasher.finalize().to_hex().to_string())
}

/// The hash recorded for a graph file's bytes: BLAKE3, hex.
pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

struct HashingWriter<'a> {
    inner: &'a mut dyn std::io::Write,
    hasher: &'a mut blake3::Hasher,
}

impl std::io::Write for HashingWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Read a graph written by [`write`].
///
/// ```
/// use diplograph::export::snapshot;
/// use diplograph::KnowledgeGraph;
/// let path = std::env::temp_dir().join(format!("diplograph-doc-{}.json", std::process::id()));
/// snapshot::write(&KnowledgeGraph::default(), &path)?;
/// assert_eq!(snapshot::read(&path)?, KnowledgeGraph::default());
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), diplograph::Error>(())
/// ```
pub fn read(path: &Path) -> Result<KnowledgeGraph> {
    read_saved(path).map(|saved| saved.graph)
}

/// Read a graph file with its saved metrics.
pub fn read_saved(path: &Path) -> Result<Saved> {
    let text = match fs_err::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::export(format!(
                "no graph at `{}`: run `diplograph build` first (or pass --graph)",
                path.display()
            )));
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    saved_from_str(&text, path)
}

/// Parse the text of a graph file read from `path` (named in errors).
pub fn from_str(text: &str, path: &Path) -> Result<KnowledgeGraph> {
    saved_from_str(text, path).map(|saved| saved.graph)
}

/// Parse the text of a graph file read from `path` (named in errors), with its saved metrics.
pub fn saved_from_str(text: &str, path: &Path) -> Result<Saved> {
    let bad = |message: String| Error::input(crate::Location::file(path), message);
    let header: Header =
        serde_json::from_str(text).map_err(|e| bad(format!("not a diplograph graph file: {e}")))?;
    if header.format != FORMAT || header.version != VERSION {
        return Err(bad(format!(
            "format `{}` version {} is not `{FORMAT}` version {VERSION}: run `diplograph build` again",
            header.format, header.version
        )));
    }
    let snapshot: SnapshotIn =
        serde_json::from_str(text).map_err(|e| bad(format!("invalid graph file: {e}")))?;
    Ok(Saved {
        graph: snapshot.graph,
        metrics: snapshot.metrics,
    })
}
