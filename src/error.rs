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
    #[error("store: {message}")]
    Store {
        /// What failed (usually ends with the cause's own text).
        message: String,
        /// The library error behind it, when there is one.
        #[source]
        source: Option<Cause>,
    },
    /// A SPARQL query was rejected or failed.
    #[error("query: {message}")]
    Query {
        /// What failed, and what to do.
        message: String,
        /// The library error behind it, when there is one.
        #[source]
        source: Option<Cause>,
    },
    /// Writing an export failed.
    #[error("export: {message}")]
    Export {
        /// What failed.
        message: String,
        /// The library error behind it, when there is one.
        #[source]
        source: Option<Cause>,
    },
    /// An HTTP server or client failed (`serve`, `push`).
    #[error("http: {message}")]
    Http {
        /// What failed.
        message: String,
        /// The library error behind it, when there is one.
        #[source]
        source: Option<Cause>,
    },
    /// Several input errors at once (all errors of a load are reported together).
    #[error("{}", join_errors(.0))]
    Many(Vec<Error>),
}

/// The library error behind a [`Error::Store`], [`Error::Query`], [`Error::Export`] or
/// [`Error::Http`]: kept whole, so that [`std::error::Error::source`] reaches it and a caller can
/// downcast it (`std::io::Error`, an oxigraph error, …).
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

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

    /// A store failure without a library cause.
    pub fn store(message: impl Into<String>) -> Self {
        Self::Store {
            message: message.into(),
            source: None,
        }
    }

    /// A query failure without a library cause.
    pub fn query(message: impl Into<String>) -> Self {
        Self::Query {
            message: message.into(),
            source: None,
        }
    }

    /// An export failure without a library cause.
    pub fn export(message: impl Into<String>) -> Self {
        Self::Export {
            message: message.into(),
            source: None,
        }
    }

    /// An HTTP failure without a library cause.
    pub fn http(message: impl Into<String>) -> Self {
        Self::Http {
            message: message.into(),
            source: None,
        }
    }

    /// The same error, caused by `cause` (a library error). Only the message variants
    /// ([`Error::Store`], [`Error::Query`], [`Error::Export`], [`Error::Http`]) take a cause;
    /// the others already name theirs or have none, and are returned unchanged.
    #[must_use]
    pub fn caused_by(mut self, cause: impl Into<Cause>) -> Self {
        match &mut self {
            Self::Store { source, .. }
            | Self::Query { source, .. }
            | Self::Export { source, .. }
            | Self::Http { source, .. } => *source = Some(cause.into()),
            Self::Io { .. } | Self::Input { .. } | Self::Many(_) => {
                debug_assert!(false, "caused_by on an error that takes no cause: {self}");
            }
        }
        self
    }

    /// The message of a [`Error::Store`], [`Error::Query`], [`Error::Export`] or
    /// [`Error::Http`] (without its `store: ` prefix), `None` for the other variants.
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::Store { message, .. }
            | Self::Query { message, .. }
            | Self::Export { message, .. }
            | Self::Http { message, .. } => Some(message),
            Self::Io { .. } | Self::Input { .. } | Self::Many(_) => None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn a_cause_is_reachable_through_source_and_downcasts() {
        let io = std::io::Error::new(std::io::ErrorKind::BrokenPipe, "pipe closed");
        let error = Error::export(format!("write failed: {io}")).caused_by(io);
        assert_eq!(error.to_string(), "export: write failed: pipe closed");
        let source = error.source().expect("the io::Error is the source");
        let io = source
            .downcast_ref::<std::io::Error>()
            .expect("the source is the io::Error itself");
        assert_eq!(io.kind(), std::io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn a_sparql_syntax_error_is_kept_as_source() {
        let parse = spargebra::SparqlParser::new()
            .parse_query("SELECT WHERE")
            .expect_err("not a query");
        let text = parse.to_string();
        let error = Error::query(text.clone()).caused_by(parse);
        assert!(
            error
                .source()
                .and_then(|s| s.downcast_ref::<spargebra::SparqlSyntaxError>())
                .is_some_and(|s| s.to_string() == text)
        );
        assert_eq!(
            Error::query("no cause").source().map(ToString::to_string),
            None
        );
    }
}
