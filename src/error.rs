//! The crate's error type: every input error says where it happened.

use std::fmt;
use std::path::PathBuf;

/// A place in an input file: path plus 1-based line (and column when known).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// 1-based line number, 0 when the whole file is meant.
    pub line: u64,
    /// 1-based column (in characters), when known.
    pub column: Option<u64>,
}

impl Location {
    /// A location at `line` of `path`.
    pub fn new(path: impl Into<PathBuf>, line: u64) -> Self {
        Self {
            path: path.into(),
            line,
            column: None,
        }
    }

    /// The whole file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self::new(path, 0)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An input file is malformed at a known place.
    #[error("{location}: {message}")]
    Input {
        /// Where.
        location: Location,
        /// What is wrong, and what to do.
        message: String,
    },
    /// The store failed.
    #[error("store: {0}")]
    Store(String),
    /// A SPARQL query was rejected or failed.
    #[error("query: {0}")]
    Query(String),
    /// Writing an export failed.
    #[error("export: {0}")]
    Export(String),
    /// An HTTP server or client failed (`serve`, `push`).
    #[error("http: {0}")]
    Http(String),
    /// Several input errors at once (all errors of a load are reported together).
    #[error("{}", join_errors(.0))]
    Many(Vec<Error>),
}

fn join_errors(errors: &[Error]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// An input error at `location`.
    pub fn input(location: Location, message: impl Into<String>) -> Self {
        Self::Input {
            location,
            message: message.into(),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    /// Collapse a list of errors: none → `Ok`, one → itself, more → [`Error::Many`].
    pub fn from_list(mut errors: Vec<Error>) -> Result<()> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(Error::Many(errors)),
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
