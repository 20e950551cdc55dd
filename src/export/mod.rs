//! Exports: one format = one [`ExportFormat`] variant + one file.
//!
//! Every writer is deterministic (sorted input, no timestamps, no blank nodes) and every
//! file is written atomically (a temporary file in the same directory, renamed into place),
//! so a failed export never leaves a half-written file behind.

pub mod csv;
pub mod gexf;
pub mod graphml;
pub mod rdf;
pub mod snapshot;
mod xml;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::graph::PropertyGraph;
use crate::rdf::store::SyncingFile;
use crate::rdf::{Iris, QuadTable};

/// The export formats (also the command line's `--format` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
#[non_exhaustive]
pub enum ExportFormat {
    /// Turtle (all graphs merged).
    Turtle,
    /// N-Triples (all graphs merged).
    #[value(name = "ntriples")]
    NTriples,
    /// N-Quads (a named graph per source document).
    #[value(name = "nquads")]
    NQuads,
    /// TriG (a named graph per source document).
    #[value(name = "trig")]
    TriG,
    /// JSON-LD (named graphs kept).
    #[value(name = "jsonld")]
    JsonLd,
    /// RDF/XML (all graphs merged).
    #[value(name = "rdfxml")]
    RdfXml,
    /// GraphML with typed attributes (yEd, Gephi, NetworkX, igraph, Cytoscape).
    #[value(name = "graphml")]
    GraphMl,
    /// Dynamic GEXF 1.3 for Gephi's timeline.
    Gexf,
    /// Gephi spreadsheet tables: `-o DIR` writes DIR/nodes.csv and DIR/edges.csv.
    Csv,
}

impl ExportFormat {
    /// Every format.
    pub const ALL: &'static [Self] = &[
        Self::Turtle,
        Self::NTriples,
        Self::NQuads,
        Self::TriG,
        Self::JsonLd,
        Self::RdfXml,
        Self::GraphMl,
        Self::Gexf,
        Self::Csv,
    ];

    /// The RDF formats (written from the store's quads).
    pub const RDF: &'static [Self] = &[
        Self::Turtle,
        Self::NTriples,
        Self::NQuads,
        Self::TriG,
        Self::JsonLd,
        Self::RdfXml,
    ];

    /// The property-graph formats (written from [`crate::graph::PropertyGraph`]).
    pub const GRAPH: &'static [Self] = &[Self::GraphMl, Self::Gexf, Self::Csv];

    /// True for the RDF formats.
    pub fn is_rdf(self) -> bool {
        Self::RDF.contains(&self)
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Turtle => "turtle",
            Self::NTriples => "ntriples",
            Self::NQuads => "nquads",
            Self::TriG => "trig",
            Self::JsonLd => "jsonld",
            Self::RdfXml => "rdfxml",
            Self::GraphMl => "graphml",
            Self::Gexf => "gexf",
            Self::Csv => "csv",
        }
    }

    /// The usual file extension.
    pub fn file_extension(self) -> &'static str {
        match self {
            Self::Turtle => "ttl",
            Self::NTriples => "nt",
            Self::NQuads => "nq",
            Self::TriG => "trig",
            Self::JsonLd => "jsonld",
            Self::RdfXml => "rdf",
            Self::GraphMl => "graphml",
            Self::Gexf => "gexf",
            Self::Csv => "csv",
        }
    }

    /// The IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Turtle => "text/turtle",
            Self::NTriples => "application/n-triples",
            Self::NQuads => "application/n-quads",
            Self::TriG => "application/trig",
            Self::JsonLd => "application/ld+json",
            Self::RdfXml => "application/rdf+xml",
            Self::GraphMl => "application/graphml+xml",
            Self::Gexf => "application/gexf+xml",
            Self::Csv => "text/csv",
        }
    }

    /// Parse a command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// Guess from a file extension.
    pub fn from_extension(extension: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|f| f.file_extension() == extension)
    }
}

/// What exports are written from: the RDF formats from the quads, the graph formats from the
/// property graph. A source left out is an error for the formats that need it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources<'a> {
    /// The quads and the IRIs of the prefix table.
    pub quads: Option<(&'a QuadTable, &'a Iris)>,
    /// The property graph.
    pub graph: Option<&'a PropertyGraph>,
}

/// Where [`write()`] puts an export.
pub enum Destination<'a> {
    /// Staged at this path (for [`ExportFormat::Csv`], the directory of its two files).
    Path(&'a Path),
    /// Written to a stream (every format of one file).
    Stream(&'a mut dyn Write),
}

impl std::fmt::Debug for Destination<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Path(path) => f.debug_tuple("Path").field(path).finish(),
            Self::Stream(_) => f.write_str("Stream"),
        }
    }
}

impl ExportFormat {
    /// Where `build` writes this format in the directory `out`: `diplograph.{extension}`, or
    /// `csv/` for the two CSV files.
    pub fn default_path(self, out: &Path) -> PathBuf {
        match self {
            Self::Csv => out.join("csv"),
            Self::Turtle
            | Self::NTriples
            | Self::NQuads
            | Self::TriG
            | Self::JsonLd
            | Self::RdfXml
            | Self::GraphMl
            | Self::Gexf => out.join(format!("diplograph.{}", self.file_extension())),
        }
    }
}

/// Write `format` from `sources` to `destination`: the one place every export format is
/// written. A path is staged in `staging` (moved into place by its [`Staging::commit`]); the
/// paths staged are returned (none for a stream).
pub fn write(
    format: ExportFormat,
    sources: Sources<'_>,
    destination: Destination<'_>,
    staging: &mut Staging,
) -> Result<Vec<PathBuf>> {
    let quads = || {
        sources.quads.ok_or_else(|| {
            Error::export(format!(
                "`{}` is written from quads: none given",
                format.name()
            ))
        })
    };
    let graph = || {
        sources.graph.ok_or_else(|| {
            Error::export(format!(
                "`{}` is written from the property graph: none given",
                format.name()
            ))
        })
    };
    match format {
        ExportFormat::Turtle
        | ExportFormat::NTriples
        | ExportFormat::NQuads
        | ExportFormat::TriG
        | ExportFormat::JsonLd
        | ExportFormat::RdfXml => {
            let (quads, iris) = quads()?;
            write_one(destination, staging, |w| {
                rdf::write_table(quads, format, iris, w)
            })
        }
        ExportFormat::GraphMl => {
            let graph = graph()?;
            write_one(destination, staging, |w| graphml::write(graph, w))
        }
        ExportFormat::Gexf => {
            let graph = graph()?;
            write_one(destination, staging, |w| gexf::write(graph, w))
        }
        ExportFormat::Csv => {
            let graph = graph()?;
            match destination {
                Destination::Path(dir) => Ok(csv::stage_dir(graph, dir, staging)?.to_vec()),
                Destination::Stream(_) => Err(Error::export(
                    "csv writes two files (nodes.csv, edges.csv): give a directory".to_owned(),
                )),
            }
        }
    }
}

/// Write one file's contents to `destination`.
fn write_one(
    destination: Destination<'_>,
    staging: &mut Staging,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<Vec<PathBuf>> {
    match destination {
        Destination::Path(path) => {
            staging.stage(path, write)?;
            Ok(vec![path.to_path_buf()])
        }
        Destination::Stream(out) => {
            write(out)?;
            Ok(Vec::new())
        }
    }
}

/// Write a file atomically: `write` fills a temporary file next to `path`, which is renamed
/// onto `path` only when `write` succeeded.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let mut staging = Staging::default();
    staging.stage(path, write)?;
    staging.commit()
}

/// `.{name}.tmp-{pid}`: the temporary sibling a file is written to before it is renamed onto
/// `path` (see [`clean_stale_temporaries`]).
pub fn temporary_path(path: &Path) -> PathBuf {
    let dir = parent_dir(path);
    let file_name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    dir.join(format!(".{file_name}{TEMP_MARK}{}", std::process::id()))
}

const TEMP_MARK: &str = ".tmp-";

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Files written to temporary siblings and renamed into place together by [`Staging::commit`]:
/// a set of outputs that replaces the previous set only once every file is complete. Files
/// not committed (an error, a panic) are removed when the staging is dropped.
#[derive(Debug, Default)]
pub struct Staging {
    /// (temporary file, final path), in the order staged.
    files: Vec<(PathBuf, PathBuf)>,
}

impl Staging {
    /// Write `path`'s future contents to its temporary sibling (synced to disk).
    pub fn stage(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        let dir = parent_dir(path);
        fs_err::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let temp = temporary_path(path);
        let result = (|| {
            let file = std::fs::File::create(&temp).map_err(|e| Error::io(&temp, e))?;
            // synced as it is written: a large export (the Turtle of 10M quads is 350 MB) does
            // not wait for all of it to reach the disk at the end
            let file = SyncingFile::new(file).map_err(|e| Error::io(&temp, e))?;
            let mut writer = BufWriter::new(file);
            write(&mut writer)?;
            writer.flush().map_err(|e| Error::io(&temp, e))?;
            let file = writer
                .into_inner()
                .map_err(|e| Error::io(&temp, e.into_error()))?;
            file.finish().map_err(|e| Error::io(&temp, e))
        })();
        match result {
            Ok(()) => {
                self.files.push((temp, path.to_path_buf()));
                Ok(())
            }
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                Err(e)
            }
        }
    }

    /// Move every staged file into place.
    pub fn commit(mut self) -> Result<()> {
        while !self.files.is_empty() {
            let (temp, path) = &self.files[0];
            // on an error the files not yet moved stay listed, and dropping removes them
            fs_err::rename(temp, path).map_err(|e| Error::io(path, e))?;
            self.files.remove(0);
        }
        Ok(())
    }

    /// The final paths of the staged files.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|(_, path)| path.as_path())
    }

    /// Add the files of `other` to this set.
    pub fn extend(&mut self, mut other: Staging) {
        self.files.append(&mut other.files);
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        for (temp, _) in &self.files {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// Remove the temporary files ([`temporary_path`]) that killed processes left in `dir`: those
/// whose process is no longer running (on Linux, where `/proc` says), or else older than a day.
/// Best effort; returns how many were removed.
pub fn clean_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let proc_fs = Path::new("/proc/self").exists();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix('.')
            .and_then(|n| n.rsplit_once(TEMP_MARK))
            .and_then(|(_, pid)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let stale = if pid == std::process::id() {
            false
        } else if proc_fs {
            !Path::new("/proc").join(pid.to_string()).exists()
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 24 * 3600)
        };
        if stale
            && entry.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}
