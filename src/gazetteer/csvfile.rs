//! Reading CSV files whose columns are known by name, with errors that name file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Result};
use crate::model::{DateError, PartialDate};

/// One row of a CSV file, with its columns by name and its line for error messages.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) path: PathBuf,
    pub(crate) line: u64,
    cells: BTreeMap<String, String>,
}

impl Row {
    pub(crate) fn location(&self) -> Location {
        Location::new(&self.path, self.line)
    }

    pub(crate) fn error(&self, message: impl Into<String>) -> Error {
        Error::input(self.location(), message)
    }

    /// A cell's trimmed value; empty cells are `None`.
    pub(crate) fn get(&self, column: &str) -> Option<&str> {
        self.cells
            .get(column)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    pub(crate) fn required(&self, column: &str) -> Result<&str> {
        self.get(column)
            .ok_or_else(|| self.error(format!("empty required column `{column}`")))
    }

    /// A `|`-separated list.
    pub(crate) fn list(&self, column: &str) -> Vec<String> {
        self.get(column)
            .map(|v| {
                v.split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(crate) fn date(&self, column: &str) -> Result<Option<PartialDate>> {
        self.get(column)
            .map(|text| {
                text.parse()
                    .map_err(|e: DateError| self.error(format!("{e} in column `{column}`")))
            })
            .transpose()
    }

    pub(crate) fn parse<T>(
        &self,
        column: &str,
        parse: impl Fn(&str) -> std::result::Result<T, String>,
    ) -> Result<Option<T>> {
        self.get(column)
            .map(|text| parse(text).map_err(|m| self.error(format!("{m} in column `{column}`"))))
            .transpose()
    }
}

/// Refuse what no cell may hold: a line break (a quote left open swallows the rows after it:
/// see issue 19) and control characters, which make the RDF/XML export invalid XML.
fn check_cell(cell: &str, column: &str) -> std::result::Result<(), String> {
    if let Some(lines) = cell.find(['\n', '\r']).map(|_| cell.lines().count()) {
        return Err(format!(
            "cell in column `{column}` runs over {lines} lines: a quote is probably left open (cells may not contain line breaks)"
        ));
    }
    if let Some(c) = cell
        .chars()
        .find(|c| (c.is_control() && *c != '\t') || matches!(c, '\u{fffe}' | '\u{ffff}'))
    {
        return Err(format!(
            "control character U+{:04X} in column `{column}`: remove it (it is invalid in XML)",
            u32::from(c)
        ));
    }
    if SLUG_COLUMNS.contains(&column)
        && let Some(long) = cell
            .split('|')
            .find(|v| v.trim().chars().count() > MAX_SLUG_LEN)
    {
        return Err(format!(
            "id in column `{column}` is {} characters long (at most {MAX_SLUG_LEN})",
            long.trim().chars().count()
        ));
    }
    Ok(())
}

/// Longest id accepted: ids become IRIs and file names (see issue 19, item 9).
pub(crate) const MAX_SLUG_LEN: usize = 200;

/// Columns whose values are ids (`|`-separated lists included).
const SLUG_COLUMNS: &[&str] = &[
    "id",
    "person",
    "post",
    "organization",
    "country",
    "parent",
    "place",
    "series",
    "participants",
    "subject",
    "doc",
    "state",
];

/// Read all rows of a CSV file's contents (`path` names it in errors). `required` columns
/// must be in the header; columns outside `required` and `optional` are an error (a typo in a
/// header would otherwise lose data).
pub(crate) fn read_rows_from(
    bytes: &[u8],
    path: &Path,
    required: &[&str],
    optional: &[&str],
) -> Result<Vec<Row>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Some(nul) = bytes.iter().position(|b| *b == 0) {
        let line = 1 + bytes[..nul].iter().filter(|b| **b == b'\n').count() as u64;
        return Err(Error::input(
            Location::new(path, line),
            "NUL byte in the file: it looks binary or corrupted; remove the byte or re-save the file as UTF-8 text",
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let csv_error = |e: &csv::Error| {
        let line = e.position().map_or(0, csv::Position::line);
        let message = match e.kind() {
            csv::ErrorKind::Utf8 { .. } => "invalid UTF-8: re-save the file as UTF-8".to_owned(),
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!(
                "row has {len} fields but the header has {expected_len}: quote cells that contain commas"
            ),
            _ => e.to_string(),
        };
        Error::input(Location::new(path, line), message)
    };
    let headers = reader.headers().map_err(|e| csv_error(&e))?.clone();
    let header_names: Vec<String> = headers.iter().map(|h| h.trim().to_owned()).collect();
    for (index, name) in header_names.iter().enumerate() {
        if header_names[..index].contains(name) {
            // See: issue 19 (the last copy of a duplicated column silently won)
            return Err(Error::input(
                Location::new(path, 1),
                format!("duplicate column `{name}` in the header"),
            ));
        }
    }
    for name in &header_names {
        if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
            return Err(Error::input(
                Location::new(path, 1),
                format!(
                    "unknown column `{name}` (expected: {})",
                    required
                        .iter()
                        .chain(optional)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    for name in required {
        if !header_names.iter().any(|h| h == name) {
            return Err(Error::input(
                Location::new(path, 1),
                format!("missing required column `{name}`"),
            ));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&e))?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        for (name, cell) in header_names.iter().zip(record.iter()) {
            check_cell(cell, name).map_err(|m| Error::input(Location::new(path, line), m))?;
        }
        let cells = header_names
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_owned))
            .collect();
        rows.push(Row {
            path: path.to_owned(),
            line,
            cells,
        });
    }
    Ok(rows)
}
