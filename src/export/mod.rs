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
use std::path::Path;

use crate::error::{Error, Result};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ExportFormat {
    /// Turtle (triples of all graphs merged).
    Turtle,
    /// N-Triples (triples of all graphs merged).
    NTriples,
    /// N-Quads (one named graph per source document).
    NQuads,
    /// TriG (one named graph per source document).
    TriG,
    /// JSON-LD (named graphs kept).
    JsonLd,
    /// RDF/XML (triples of all graphs merged).
    RdfXml,
    /// GraphML: the property graph with typed attributes (yEd, Gephi, NetworkX, igraph).
    GraphMl,
    /// Dynamic GEXF 1.3 for Gephi's timeline.
    Gexf,
    /// Gephi spreadsheet tables: a directory with nodes.csv and edges.csv.
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

/// Write a file atomically: `write` fills a temporary file next to `path`, which is renamed
/// onto `path` only when `write` succeeded.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    fs_err::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let file_name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let result = (|| {
        let file = fs_err::File::create(&temp).map_err(|e| Error::io(&temp, e))?;
        let mut writer = BufWriter::new(file);
        write(&mut writer)?;
        writer.flush().map_err(|e| Error::io(&temp, e))?;
        let file = writer
            .into_inner()
            .map_err(|e| Error::io(&temp, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&temp, e))?;
        fs_err::rename(&temp, path).map_err(|e| Error::io(path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
