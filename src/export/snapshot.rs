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

/// The message of a file of another format or version (checked before its graph is read, so
/// that a file from another version says so instead of failing halfway).
const OTHER_VERSION: &str = "other version: ";

/// A graph file read in one pass: `format` and `version` are checked as soon as they are read
/// (they come first), then the graph and metrics are read.
struct SnapshotIn(Saved);

impl<'de> Deserialize<'de> for SnapshotIn {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_map(SnapshotVisitor)
    }
}

struct SnapshotVisitor;

impl<'de> serde::de::Visitor<'de> for SnapshotVisitor {
    type Value = SnapshotIn;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a diplograph graph file")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<SnapshotIn, A::Error> {
        use serde::de::Error as _;
        let (mut format, mut version) = (None::<String>, None::<u32>);
        let (mut graph, mut metrics) = (None, None);
        let check = |format: &Option<String>, version: &Option<u32>| match (format, version) {
            (Some(format), Some(version)) if format != FORMAT || *version != VERSION => {
                Err(A::Error::custom(format!(
                    "{OTHER_VERSION}format `{format}` version {version} is not `{FORMAT}` \
                     version {VERSION}: run `diplograph build` again"
                )))
            }
            _ => Ok(()),
        };
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => format = Some(map.next_value()?),
                "version" => version = Some(map.next_value()?),
                "graph" => {
                    check(&format, &version)?;
                    graph = Some(map.next_value::<KnowledgeGraph>()?);
                }
                "metrics" => metrics = map.next_value::<Option<StoredMetrics>>()?,
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        check(&format, &version)?;
        match (format, version, graph) {
            (Some(_), Some(_), Some(graph)) => Ok(SnapshotIn(Saved { graph, metrics })),
            (None, _, _) => Err(A::Error::missing_field("format")),
            (_, None, _) => Err(A::Error::missing_field("version")),
            (_, _, None) => Err(A::Error::missing_field("graph")),
        }
    }
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
        // buffered before the hasher: serde_json writes a few bytes at a time, and BLAKE3
        // hashes a stream the same whatever its pieces
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut hashing);
        serde_json::to_writer(&mut buffered, &snapshot)
            .map_err(|e| Error::export(format!("{}: {e}", path.display())).caused_by(e))?;
        std::io::Write::flush(&mut buffered).map_err(|e| Error::io(path, e))
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

/// Read a graph written by [`write()`].
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
    let file = match fs_err::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::export(format!(
                "no graph at `{}`: run `diplograph build` first (or pass --graph)",
                path.display()
            )));
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    read_hashed(file, path).0
}

/// Parse the text of a graph file read from `path` (named in errors).
pub fn from_str(text: &str, path: &Path) -> Result<KnowledgeGraph> {
    saved_from_str(text, path).map(|saved| saved.graph)
}

/// Parse the text of a graph file read from `path` (named in errors), with its saved metrics.
pub fn saved_from_str(text: &str, path: &Path) -> Result<Saved> {
    parsed(serde_json::from_str::<SnapshotIn>(text), path)
}

/// Read a graph file from `file` (named `path` in errors), parsed in one pass, and the BLAKE3
/// hash of its bytes ([`hash`]). The text is read whole first: parsing it from a reader
/// (`serde_json::from_reader`, a byte at a time) took 0.6–0.9 s of CPU instead of 0.3 s on the
/// 1m graph's 31 MB file, to save 11–16 MB of the export's 101 MB peak.
pub fn read_hashed(mut file: impl std::io::Read, path: &Path) -> (Result<Saved>, String) {
    let mut bytes = Vec::new();
    if let Err(e) = file.read_to_end(&mut bytes) {
        return (Err(Error::io(path, e)), String::new());
    }
    let hash = hash(&bytes);
    (
        parsed(serde_json::from_slice::<SnapshotIn>(&bytes), path),
        hash,
    )
}

/// The graph of a parse, or an error naming `path`.
fn parsed(result: serde_json::Result<SnapshotIn>, path: &Path) -> Result<Saved> {
    result.map(|snapshot| snapshot.0).map_err(|e| {
        let message = e.to_string();
        let message = match message.strip_prefix(OTHER_VERSION) {
            // serde_json adds the position, which says nothing here
            Some(rest) => rest.split(" at line ").next().unwrap_or(rest).to_owned(),
            None if e.is_data() || e.is_syntax() || e.is_eof() => {
                format!("not a valid diplograph graph file: {message}")
            }
            None => message,
        };
        Error::input(crate::Location::file(path), message)
    })
}
