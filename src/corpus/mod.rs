//! Source documents: files with a `---` front-matter header, read into [`Document`]s.
//!
//! The header format is documented in `data/README.md`. Character offsets into
//! [`Document::text`] (spans in provenance) count chars from the first char after the header.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Result};
use crate::model::{DocumentId, DocumentMeta, PartialDate};

/// A source document: its metadata and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Front-matter metadata.
    pub meta: DocumentMeta,
    /// The text after the header, verbatim.
    pub text: String,
    /// Where it was read from.
    pub path: PathBuf,
    /// 1-based line of the file where the text starts.
    pub first_text_line: u64,
}

const KEYS: &[&str] = &[
    "id",
    "title",
    "title_en",
    "publisher",
    "author",
    "source",
    "date",
    "language",
    "rights",
    "original_file",
];
const REQUIRED: &[&str] = &[
    "id",
    "title",
    "publisher",
    "source",
    "date",
    "language",
    "rights",
];

/// BLAKE3 hex digest of a text.
pub fn content_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

impl Document {
    /// Parse a document from its file contents. `path` is used in error messages.
    ///
    /// ```
    /// use diplograph::corpus::Document;
    /// let text = "---\nid: d1\ntitle: T\npublisher: P\nsource: S\ndate: 2013-10-03\nlanguage: ja\nrights: R\n---\n本文。\n";
    /// let doc = Document::parse(text, "d1.txt").unwrap();
    /// assert_eq!(doc.meta.id.as_str(), "d1");
    /// assert_eq!(doc.text, "本文。\n");
    /// assert!(Document::parse("本文のみ", "bad.txt").is_err());
    /// ```
    pub fn parse(contents: &str, path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let at = |line: u64, message: String| Error::input(Location::new(path, line), message);
        let contents = contents.strip_prefix('\u{feff}').unwrap_or(contents);
        if let Some(nul) = contents.find('\0') {
            let line = 1 + contents[..nul].matches('\n').count() as u64;
            return Err(at(
                line,
                "NUL byte (U+0000) in the file: it looks binary or corrupted; remove the byte or re-save the file as UTF-8 text".to_owned(),
            ));
        }
        let mut lines = contents.split_inclusive('\n');
        let first = lines.next().unwrap_or_default();
        if first.trim_end() != "---" {
            return Err(at(
                1,
                "missing front-matter header: the file must start with a `---` line, then `key: value` lines (id, title, publisher, source, date, language, rights), then `---` (see data/README.md)".to_owned(),
            ));
        }
        let mut fields: BTreeMap<&str, (String, u64)> = BTreeMap::new();
        let mut offset = first.len();
        let mut line_no = 1;
        let mut closed = false;
        for line in lines {
            line_no += 1;
            offset += line.len();
            let trimmed = line.trim_end_matches(['\n', '\r']);
            if trimmed.trim_end() == "---" {
                closed = true;
                break;
            }
            if trimmed.trim().is_empty() {
                continue;
            }
            let Some((key, value)) = trimmed.split_once(':') else {
                return Err(at(
                    line_no,
                    format!("expected `key: value` in the header, found `{trimmed}`"),
                ));
            };
            let key = key.trim();
            let Some(known) = KEYS.iter().find(|k| **k == key) else {
                return Err(at(
                    line_no,
                    format!("unknown header key `{key}` (known: {})", KEYS.join(", ")),
                ));
            };
            if fields
                .insert(known, (value.trim().to_owned(), line_no))
                .is_some()
            {
                return Err(at(line_no, format!("duplicate header key `{key}`")));
            }
        }
        if !closed {
            return Err(at(
                line_no,
                "unterminated front-matter header: add a closing `---` line".to_owned(),
            ));
        }
        for key in REQUIRED {
            if fields.get(key).is_none_or(|(v, _)| v.is_empty()) {
                return Err(at(1, format!("header lacks required key `{key}`")));
            }
        }
        let get = |key: &str| {
            fields
                .get(key)
                .map(|(v, _)| v.clone())
                .filter(|v| !v.is_empty())
        };
        let (id_text, id_line) = fields["id"].clone();
        let id = DocumentId::new(id_text).map_err(|message| at(id_line, message))?;
        let (date_text, date_line) = fields["date"].clone();
        let date: PartialDate = date_text.parse().map_err(|e: crate::model::DateError| {
            at(date_line, format!("{e} in header key `date`"))
        })?;
        let text = contents[offset..].to_owned();
        let meta = DocumentMeta {
            id,
            title: get("title").unwrap_or_default(),
            title_en: get("title_en"),
            publisher: get("publisher").unwrap_or_default(),
            author: get("author"),
            source: get("source").unwrap_or_default(),
            date,
            language: get("language").unwrap_or_default(),
            rights: get("rights").unwrap_or_default(),
            original_file: get("original_file"),
            content_hash: content_hash(&text),
            char_len: text.chars().count(),
        };
        Ok(Self {
            meta,
            text,
            path: path.to_owned(),
            first_text_line: line_no + 1,
        })
    }

    /// Read and parse one file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = fs_err::read(path).map_err(|e| Error::io(path, e))?;
        let contents = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = 1 + valid.iter().filter(|b| **b == b'\n').count() as u64;
            Error::input(
                Location::new(path, line),
                "the file is not valid UTF-8: re-save it as UTF-8".to_owned(),
            )
        })?;
        Self::parse(&contents, path)
    }
}

/// The documents of a corpus, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    /// Documents in id order.
    pub documents: BTreeMap<DocumentId, Document>,
}

impl Corpus {
    /// Read every `*.txt` file of `dir` (not recursive), in file-name order.
    /// All bad files are reported together; duplicate ids are errors.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = dir.as_ref();
        let mut paths: Vec<PathBuf> = fs_err::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .filter_map(std::result::Result::ok)
            .map(|entry| entry.path())
            .filter(|p| p.extension().is_some_and(|ext| ext == "txt"))
            .collect();
        paths.sort();
        Self::from_paths(&paths)
    }

    /// Read the given files.
    pub fn from_paths(paths: &[PathBuf]) -> Result<Self> {
        let mut corpus = Self::default();
        let mut errors = Vec::new();
        for path in paths {
            match Document::from_path(path) {
                Ok(doc) => {
                    if let Some(previous) = corpus.documents.get(&doc.meta.id) {
                        errors.push(Error::input(
                            Location::new(path, 2),
                            format!(
                                "duplicate document id `{}` (also in {})",
                                doc.meta.id,
                                previous.path.display()
                            ),
                        ));
                    } else {
                        corpus.documents.insert(doc.meta.id.clone(), doc);
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        Error::from_list(errors)?;
        Ok(corpus)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\nid: d1\ntitle: T\npublisher: P\nsource: S\ndate: 2013-10\nlanguage: ja\nrights: R\n---\n一行目\n二行目";

    #[test]
    fn parses_header_and_keeps_text_verbatim() {
        let doc = Document::parse(GOOD, "d1.txt").unwrap();
        assert_eq!(doc.meta.date.to_string(), "2013-10");
        assert_eq!(doc.text, "一行目\n二行目");
        assert_eq!(doc.first_text_line, 10);
        assert_eq!(doc.meta.char_len, 7);
    }

    #[test]
    fn errors_name_the_line() {
        let bad_date = GOOD.replace("2013-10", "2013-13");
        let err = Document::parse(&bad_date, "x.txt").unwrap_err().to_string();
        assert!(err.starts_with("x.txt:6: invalid date `2013-13`"), "{err}");
        let unknown = GOOD.replace("rights: R", "rihgts: R");
        let err = Document::parse(&unknown, "x.txt").unwrap_err().to_string();
        assert!(
            err.starts_with("x.txt:8: unknown header key `rihgts`"),
            "{err}"
        );
        let missing = GOOD.replace("source: S\n", "");
        let err = Document::parse(&missing, "x.txt").unwrap_err().to_string();
        assert!(err.contains("lacks required key `source`"), "{err}");
        let open = "---\nid: d1\n";
        assert!(
            Document::parse(open, "x.txt")
                .unwrap_err()
                .to_string()
                .contains("unterminated")
        );
    }
}
