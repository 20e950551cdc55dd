//! The data directory's layout: the one place that knows its subdirectories and file names.
//!
//! ```text
//! {data}/corpus/*.txt           documents with a front matter header
//! {data}/gazetteer/             curated entities.csv, posts.csv, tenures.csv
//! {data}/reference/             reference dictionaries (REFERENCE_FILES), optional
//! {data}/facts/                 curated events.csv, statements.csv, optional
//! ```

use std::path::{Path, PathBuf};

/// `entities.csv`: entities and their aliases (curated and reference shape).
pub const ENTITIES_FILE: &str = "entities.csv";
/// `posts.csv`: posts (offices) and their organisations.
pub const POSTS_FILE: &str = "posts.csv";
/// `tenures.csv`: who held which post when.
pub const TENURES_FILE: &str = "tenures.csv";
/// The files of the curated gazetteer directory (`entities.csv` required, the others optional).
pub const GAZETTEER_FILES: [&str; 3] = [ENTITIES_FILE, POSTS_FILE, TENURES_FILE];
/// `events.csv`: curated events.
pub const EVENTS_FILE: &str = "events.csv";
/// `statements.csv`: curated statements.
pub const STATEMENTS_FILE: &str = "statements.csv";
/// The files of the curated facts directory (each optional).
pub const FACTS_FILES: [&str; 2] = [EVENTS_FILE, STATEMENTS_FILE];
/// `abbreviations.csv`: one-character abbreviations of states (reference directory).
pub const ABBREVIATIONS_FILE: &str = "abbreviations.csv";
/// `demonyms.csv`: demonyms of states (reference directory).
pub const DEMONYMS_FILE: &str = "demonyms.csv";
/// The reference files in the entity shape of `entities.csv`, in loading order.
pub const REFERENCE_ENTITY_FILES: [&str; 5] = [
    "states.csv",
    "cities.csv",
    "regions.csv",
    "organizations.csv",
    "officials.csv",
];
/// Every file of the reference directory that the build reads (each optional).
pub const REFERENCE_FILES: [&str; 9] = [
    REFERENCE_ENTITY_FILES[0],
    REFERENCE_ENTITY_FILES[1],
    REFERENCE_ENTITY_FILES[2],
    REFERENCE_ENTITY_FILES[3],
    REFERENCE_ENTITY_FILES[4],
    POSTS_FILE,
    TENURES_FILE,
    ABBREVIATIONS_FILE,
    DEMONYMS_FILE,
];

/// A data directory (see the module docs for its layout).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The data directory at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The directory itself (provenance paths are written relative to it).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `{data}/corpus`: the documents.
    pub fn corpus(&self) -> PathBuf {
        self.root.join("corpus")
    }

    /// `{data}/gazetteer`: the curated gazetteer ([`GAZETTEER_FILES`]).
    pub fn gazetteer(&self) -> PathBuf {
        self.root.join("gazetteer")
    }

    /// `{data}/reference`: the reference dictionaries ([`REFERENCE_FILES`]).
    pub fn reference(&self) -> PathBuf {
        self.root.join("reference")
    }

    /// `{data}/facts`: the curated facts ([`FACTS_FILES`]).
    pub fn facts(&self) -> PathBuf {
        self.root.join("facts")
    }
}

impl From<&Path> for DataDir {
    fn from(root: &Path) -> Self {
        Self::new(root)
    }
}
