//! Ingest: saved web pages, PDFs and pasted text → corpus documents with their front matter
//! filled in (`diplograph add`), and documents without a header for `diplograph extract`.
//!
//! Layering: above [`crate::extract`] (it reuses the date parser, [`crate::extract::dates`],
//! to find datelines) and [`crate::corpus`] (it writes and re-reads the header format);
//! [`crate::build`] never uses it: what `add` writes is an ordinary corpus file.
//!
//! What is inferred, and from where (the first that gives a value wins; options win over all):
//!
//! | field | from |
//! |---|---|
//! | title | `og:title`, the first `<h1>`, `<title>` (site names such as ` \| 外務省` trimmed), else the first line |
//! | source | `<link rel=canonical>`, `og:url`, a browser's `saved from url=` comment, else the file name |
//! | date | page metadata (`article:published_time`, `date`, `DC.date`, `<time datetime>`…), else the first dateline of the text with a day (`2019年2月27日`, `平成31年2月27日`, `February 27, 2019`, `27/02/2019`…) |
//! | language | `<html lang>`, else the script: kana or a large share of kanji → `ja` |
//! | publisher, rights | the source's domain in [`sites::SITES_TSV`] |
//!
//! Re-adding a document with the same `source` rewrites its file (same id); files are written
//! to a temporary sibling and renamed into place.

mod decode;
mod html;
mod pdf;
pub mod sites;

pub mod curate;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::corpus::Document;
use crate::error::{Error, Location, Result};
use crate::extract::dates::parse_dates;
use crate::model::{Diagnostic, DocumentId, PartialDate, Precision, slugify};

pub use sites::{Site, site_of};

/// Values given on the command line: they replace what would be inferred.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--publisher`.
    pub publisher: Option<String>,
    /// `--rights`.
    pub rights: Option<String>,
    /// `--date`.
    pub date: Option<PartialDate>,
    /// `--lang`.
    pub language: Option<String>,
}

/// A value and where it came from (`og:title`, `dateline`, `script`, `domain`, `option`…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guessed<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub how: &'static str,
}

impl<T> Guessed<T> {
    fn new(value: T, how: &'static str) -> Self {
        Self { value, how }
    }
}

/// The kind of input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An HTML page.
    Html,
    /// A PDF.
    Pdf,
    /// Plain text.
    Text,
    /// Already a corpus document (it has a front-matter header).
    Document,
}

/// A file read and its metadata inferred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ingested {
    /// The file read.
    pub path: PathBuf,
    /// What it was.
    pub kind: Kind,
    /// The encoding it was decoded from (HTML and text).
    pub encoding: Option<&'static str>,
    /// The document text (one block per line, ending in a newline).
    pub text: String,
    /// Title.
    pub title: Guessed<String>,
    /// Where the document came from (URL or file name).
    pub source: Guessed<String>,
    /// Publication date, when one was found.
    pub date: Option<Guessed<PartialDate>>,
    /// BCP 47 language tag.
    pub language: Guessed<String>,
    /// Publisher, when known.
    pub publisher: Option<Guessed<String>>,
    /// The publisher's short name (from the site table), for reports and ids.
    pub publisher_short: Option<String>,
    /// Reuse terms (`unknown` when not known).
    pub rights: Guessed<String>,
    /// The original file's name.
    pub original_file: String,
    /// The header of a file that already had one.
    pub header: Option<crate::model::DocumentMeta>,
}

fn is_html(bytes: &[u8], path: &Path) -> bool {
    let ext = extension(path);
    if matches!(ext.as_str(), "html" | "htm" | "xhtml" | "shtml" | "mhtml") {
        return true;
    }
    if matches!(ext.as_str(), "pdf") {
        return false;
    }
    let head: Vec<u8> = bytes.iter().take(512).map(u8::to_ascii_lowercase).collect();
    let head = String::from_utf8_lossy(&head);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<!--")
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// File extensions `add` takes from a directory.
pub const EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "shtml", "pdf", "txt", "text", "md"];

/// Read one file (HTML, PDF or text, in any encoding the page declares) and infer its metadata.
pub fn ingest_file(path: &Path, overrides: &Overrides) -> Result<Ingested> {
    let bytes = fs_err::read(path).map_err(|e| Error::io(path, e))?;
    ingest_bytes(&bytes, path, overrides)
}

/// [`ingest_file`] on bytes already read (`path` names the file).
pub fn ingest_bytes(bytes: &[u8], path: &Path, overrides: &Overrides) -> Result<Ingested> {
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut title = None;
    let mut url = None;
    let mut meta_date = None;
    let mut lang = None;
    let mut site_name = None;
    let mut encoding = None;
    let mut header = None;
    let (kind, text) = if bytes.starts_with(b"%PDF") || extension(path) == "pdf" {
        (Kind::Pdf, pdf::text(bytes, path)?)
    } else if is_html(bytes, path) {
        let decoded = decode::decode(bytes, true);
        encoding = Some(decoded.encoding);
        let page = html::parse(&decoded.text);
        title = page
            .og_title
            .map(|t| Guessed::new(t, "og:title"))
            .or_else(|| page.h1.map(|t| Guessed::new(t, "h1")))
            .or_else(|| page.title.map(|t| Guessed::new(t, "title")));
        url = page.url.map(|(u, how)| Guessed::new(u, how));
        meta_date = page.date;
        lang = page.lang;
        site_name = page.site_name;
        let mut text = page.lines.join("\n");
        text.push('\n');
        (Kind::Html, text)
    } else {
        let decoded = decode::decode(bytes, false);
        encoding = Some(decoded.encoding);
        let text = decoded.text.replace("\r\n", "\n");
        if text.trim_start_matches('\u{feff}').starts_with("---") {
            let doc = Document::parse(&text, path)?;
            header = Some(doc.meta.clone());
            (Kind::Document, doc.text)
        } else {
            (Kind::Text, text)
        }
    };
    if text.trim().is_empty() {
        return Err(Error::input(
            Location::file(path),
            "no text found in the file (after removing navigation and markup)",
        ));
    }
    if let Some(meta) = &header {
        return Ok(from_header(
            meta, path, kind, encoding, text, overrides, file_name,
        ));
    }
    let mut site = url.as_ref().and_then(|u| site_of(&u.value));
    let mut publisher_how = "domain";
    if url.is_none() && site.is_none() {
        // a PDF or pasted text names its publisher's site in its first or last lines
        site = url_in_text(&text).and_then(|u| site_of(&u));
        publisher_how = "URL in text";
    }
    let title = title
        .map(|t| {
            Guessed::new(
                trim_site_name(&t.value, site.as_ref(), site_name.as_deref()),
                t.how,
            )
        })
        .filter(|t| !t.value.is_empty())
        .unwrap_or_else(|| Guessed::new(first_line(&text), "first line"));
    let date = match overrides.date {
        Some(date) => Some(Guessed::new(date, "option")),
        None => meta_date
            .and_then(|(raw, how)| iso_prefix(&raw).map(|d| Guessed::new(d, how)))
            .or_else(|| dateline(&text).map(|d| Guessed::new(d, "dateline"))),
    };
    let language = match &overrides.language {
        Some(l) => Guessed::new(l.clone(), "option"),
        None => lang
            .map(|l| primary_subtag(&l))
            .filter(|l| !l.is_empty())
            .map(|l| Guessed::new(l, "html lang"))
            .unwrap_or_else(|| Guessed::new(script_language(&text).to_owned(), "script")),
    };
    let publisher = match &overrides.publisher {
        Some(p) => Some(Guessed::new(p.clone(), "option")),
        None => site
            .as_ref()
            .map(|s| Guessed::new(s.publisher.to_owned(), publisher_how)),
    };
    let rights = match &overrides.rights {
        Some(r) => Guessed::new(r.clone(), "option"),
        None => site.as_ref().map_or_else(
            || Guessed::new("unknown".to_owned(), "default"),
            |s| Guessed::new(s.rights.to_owned(), publisher_how),
        ),
    };
    Ok(Ingested {
        path: path.to_owned(),
        kind,
        encoding,
        text,
        title,
        source: url.unwrap_or_else(|| Guessed::new(file_name.clone(), "file name")),
        date,
        language,
        publisher_short: if overrides.publisher.is_some() {
            None
        } else {
            site.map(|s| s.short.to_owned())
        },
        publisher,
        rights,
        original_file: file_name,
        header: None,
    })
}

fn from_header(
    meta: &crate::model::DocumentMeta,
    path: &Path,
    kind: Kind,
    encoding: Option<&'static str>,
    text: String,
    overrides: &Overrides,
    file_name: String,
) -> Ingested {
    let pick = |option: &Option<String>, value: &str| match option {
        Some(v) => Guessed::new(v.clone(), "option"),
        None => Guessed::new(value.to_owned(), "header"),
    };
    Ingested {
        path: path.to_owned(),
        kind,
        encoding,
        text,
        title: Guessed::new(meta.title.clone(), "header"),
        source: Guessed::new(meta.source.clone(), "header"),
        date: Some(match overrides.date {
            Some(d) => Guessed::new(d, "option"),
            None => Guessed::new(meta.date, "header"),
        }),
        language: pick(&overrides.language, &meta.language),
        publisher: Some(pick(&overrides.publisher, &meta.publisher)),
        publisher_short: None,
        rights: pick(&overrides.rights, &meta.rights),
        original_file: meta.original_file.clone().unwrap_or(file_name),
        header: Some(meta.clone()),
    }
}

/// The first `http(s)://` address of a known site in the first or last five lines.
fn url_in_text(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let edge = lines.iter().take(5).chain(lines.iter().rev().take(5).rev());
    edge.flat_map(|line| line.split_whitespace())
        .filter_map(|word| word.find("http").map(|at| &word[at..]))
        .filter(|word| word.starts_with("http://") || word.starts_with("https://"))
        .find(|url| site_of(url).is_some())
        .map(str::to_owned)
}

/// `ja-JP` → `ja`.
fn primary_subtag(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The first non-empty line, cut to 120 chars.
fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let line = html::collapse(line);
    if line.chars().count() > 120 {
        let cut: String = line.chars().take(119).collect();
        format!("{cut}…")
    } else {
        line
    }
}

/// Site names that pages put before or after their titles and that the table does not spell
/// the same way.
const SITE_NAMES: &[&str] = &[
    "外務省",
    "防衛省",
    "首相官邸",
    "内閣官房",
    "United States Department of State",
    "U.S. Department of State",
    "Consilium",
    "GOV.UK",
    "The White House",
    "European Commission",
    "EEAS",
];

const SEPARATORS: &[&str] = &[" | ", "｜", " - ", " – ", " — ", " :: ", ": ", "：", " / "];

fn is_site_name(part: &str, site: Option<&Site>, site_name: Option<&str>) -> bool {
    let part = part.trim().to_lowercase();
    if part.chars().count() < 2 {
        return false;
    }
    site_name.is_some_and(|n| n.trim().to_lowercase() == part)
        || SITE_NAMES.iter().any(|n| n.to_lowercase() == part)
        || site.is_some_and(|s| {
            s.short.to_lowercase() == part || s.publisher.to_lowercase().contains(&part)
        })
        || sites::sites()
            .iter()
            .any(|s| s.publisher.to_lowercase() == part)
}

/// Drop a site name before or after a title (`発表 | 外務省`, `外務省: 発表`).
fn trim_site_name(title: &str, site: Option<&Site>, site_name: Option<&str>) -> String {
    let mut title = html::collapse(title);
    loop {
        let mut changed = false;
        for sep in SEPARATORS {
            if let Some((head, tail)) = title.rsplit_once(sep)
                && !head.trim().is_empty()
                && is_site_name(tail, site, site_name)
            {
                title = head.trim().to_owned();
                changed = true;
            }
            if let Some((head, tail)) = title.split_once(sep)
                && !tail.trim().is_empty()
                && is_site_name(head, site, site_name)
            {
                title = tail.trim().to_owned();
                changed = true;
            }
        }
        if !changed {
            return title;
        }
    }
}

/// `2019-02-27T10:00:00+09:00`, `2019/02/27`, `20190227` → a date.
fn iso_prefix(raw: &str) -> Option<PartialDate> {
    let raw = raw.trim();
    let digits: String = raw.chars().take(10).collect();
    let candidate = digits.replace(['/', '.'], "-");
    if let Ok(date) = candidate.parse::<PartialDate>() {
        return Some(date);
    }
    if raw.len() >= 8 && raw.is_char_boundary(8) && raw[..8].bytes().all(|b| b.is_ascii_digit()) {
        return format!("{}-{}-{}", &raw[..4], &raw[4..6], &raw[6..8])
            .parse()
            .ok();
    }
    dateline(raw)
}

/// The first absolute date with a day in the text (Western or era year, English or numeric),
/// else the first absolute date of any precision. Found by [`crate::extract::dates`].
pub fn dateline(text: &str) -> Option<PartialDate> {
    // relative dates resolve against this and are skipped below
    let anchor = PartialDate::year(2000).ok()?;
    let (dates, _) = parse_dates(text, anchor);
    let absolute: Vec<_> = dates
        .into_iter()
        .filter(|d| {
            matches!(
                d.rule,
                "ja-western" | "ja-era" | "en-month-name" | "numeric"
            )
        })
        .collect();
    absolute
        .iter()
        .find(|d| d.start.precision() == Precision::Day)
        .or_else(|| absolute.first())
        .map(|d| d.start)
}

/// `ja` when the text has kana, or kanji make a large share of its letters; `ko` for hangul;
/// `zh` for Han text without kana; else `en`.
pub fn script_language(text: &str) -> &'static str {
    let (mut kana, mut han, mut hangul, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match c {
            '\u{3041}'..='\u{30ff}' | '\u{ff66}'..='\u{ff9f}' => kana += 1,
            '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' => han += 1,
            '\u{ac00}'..='\u{d7af}' => hangul += 1,
            c if c.is_ascii_alphabetic() => latin += 1,
            _ => {}
        }
    }
    // a Latin letter counts for a fifth of a character: words are about five letters long
    let latin_weight = latin / 5;
    let cjk = kana + han;
    if hangul > cjk && hangul > latin_weight {
        "ko"
    } else if cjk > latin_weight && kana * 20 >= cjk {
        "ja"
    } else if cjk > latin_weight {
        "zh"
    } else {
        "en"
    }
}

impl Ingested {
    /// The date, or `fallback` when none was found.
    pub fn date_or(&self, fallback: PartialDate) -> PartialDate {
        self.date.as_ref().map_or(fallback, |d| d.value)
    }

    /// The file's text as a corpus document with id `id` (header + text). Fails when no
    /// publisher is known.
    pub fn render(&self, id: &DocumentId, date: PartialDate) -> Result<String> {
        let publisher = self.publisher.as_ref().ok_or_else(|| {
            Error::input(
                Location::file(&self.path),
                format!(
                    "no publisher known for this document (source: {}): pass --publisher \"…\" (and --rights \"…\"), or add its domain to the site table",
                    self.source.value
                ),
            )
        })?;
        let mut header = String::from("---\n");
        let mut field = |key: &str, value: &str| {
            let value = html::collapse(value);
            if !value.is_empty() {
                header.push_str(&format!("{key}: {value}\n"));
            }
        };
        field("id", id.as_str());
        field("title", &self.title.value);
        if let Some(t) = self.header.as_ref().and_then(|m| m.title_en.as_ref()) {
            field("title_en", t);
        }
        field("publisher", &publisher.value);
        if let Some(author) = self.header.as_ref().and_then(|m| m.author.as_ref()) {
            field("author", author);
        }
        field("source", &self.source.value);
        field("date", &date.to_string());
        field("language", &self.language.value);
        field("rights", &self.rights.value);
        field("original_file", &self.original_file);
        header.push_str("---\n");
        header.push_str(&self.text);
        // what is written must read back
        Document::parse(&header, &self.path)?;
        Ok(header)
    }

    /// One line for the user: what was guessed, and from where.
    pub fn summary(&self) -> String {
        let date = self.date.as_ref().map_or_else(
            || "no date found (pass --date)".to_owned(),
            |d| format!("{} ({})", d.value, d.how),
        );
        let publisher = self.publisher.as_ref().map_or_else(
            || "unknown".to_owned(),
            |p| {
                format!(
                    "{} ({})",
                    self.publisher_short.as_deref().unwrap_or(&p.value),
                    p.how
                )
            },
        );
        let encoding = match (self.kind, self.encoding) {
            (Kind::Html, Some(e)) if e != "UTF-8" => format!(", {e}"),
            (Kind::Text, Some(e)) if e != "UTF-8" => format!(", {e}"),
            _ => String::new(),
        };
        format!(
            "title {:?} ({}), date {date}, lang {} ({}), publisher {publisher}, source {} ({}){encoding}",
            self.title.value,
            self.title.how,
            self.language.value,
            self.language.how,
            self.source.value,
            self.source.how,
        )
    }

    /// A document id: publisher short name, year, then the title (when mostly ASCII) or the
    /// source's last path segment or the file name, as a slug of at most 60 characters.
    pub fn proposed_id(&self, date: Option<PartialDate>) -> String {
        let mut parts = Vec::new();
        if let Some(short) = &self.publisher_short {
            parts.push(slugify(short));
        }
        if let Some(date) = date {
            parts.push(date.year_part().to_string());
        }
        let ascii_title = {
            let t = &self.title.value;
            t.chars().filter(char::is_ascii_alphanumeric).count() * 2 > t.chars().count()
        };
        let stem = |s: &str| -> String {
            let last = s
                .trim_end_matches('/')
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or_default();
            let last = last.split(['?', '#']).next().unwrap_or_default();
            let last = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
            if last.eq_ignore_ascii_case("index") {
                String::new()
            } else {
                slugify(last)
            }
        };
        let body = if ascii_title {
            slugify(&self.title.value)
        } else {
            let from_source = stem(&self.source.value);
            if from_source.is_empty() || from_source.starts_with('x') {
                stem(&self.original_file)
            } else {
                from_source
            }
        };
        if !body.is_empty() {
            parts.push(body);
        }
        let mut id = parts.join("-");
        if id.len() > 60 {
            let cut = id[..60].rfind('-').unwrap_or(60);
            id.truncate(cut);
        }
        let id = id.trim_matches('-').to_owned();
        if crate::model::is_slug(&id) {
            id
        } else {
            format!("doc-{}", slugify(&self.original_file))
        }
    }
}

/// What [`CorpusIndex::add`] did with one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new corpus file.
    Added,
    /// The corpus file of the same source was rewritten.
    Updated,
    /// The corpus file of the same source already had this content.
    Unchanged,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Added => "added",
            Self::Updated => "updated",
            Self::Unchanged => "unchanged",
        })
    }
}

/// One file added.
#[derive(Debug, Clone)]
pub struct Added {
    /// The corpus file written.
    pub written: PathBuf,
    /// What happened.
    pub outcome: Outcome,
    /// What was read and inferred.
    pub ingested: Ingested,
    /// Problems worth telling (no date found...).
    pub diagnostics: Vec<Diagnostic>,
}

/// The files `paths` name: files as given, directories' files with a known extension (not
/// hidden, recursively), in name order.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut dirs = vec![path.clone()];
            let mut found = Vec::new();
            while let Some(dir) = dirs.pop() {
                for entry in fs_err::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
                    let entry = entry.map_err(|e| Error::io(&dir, e))?;
                    let p = entry.path();
                    let hidden = p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                    if hidden {
                        continue;
                    }
                    if p.is_dir() {
                        dirs.push(p);
                    } else if EXTENSIONS.contains(&extension(&p).as_str()) {
                        found.push(p);
                    }
                }
            }
            found.sort();
            out.extend(found);
        } else if path.exists() {
            out.push(path.clone());
        } else {
            return Err(Error::io(
                path,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
            ));
        }
    }
    Ok(out)
}

/// The corpus as `add` sees it: which file holds which source, which ids are taken.
#[derive(Debug, Clone, Default)]
pub struct CorpusIndex {
    dir: PathBuf,
    by_source: BTreeMap<String, (PathBuf, DocumentId)>,
    ids: BTreeMap<String, PathBuf>,
}

impl CorpusIndex {
    /// Read the headers of `dir/*.txt` (files that do not parse are only reserved by name).
    pub fn read(dir: &Path) -> Result<Self> {
        let mut index = Self {
            dir: dir.to_owned(),
            ..Self::default()
        };
        if !dir.exists() {
            return Ok(index);
        }
        for entry in fs_err::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let path = entry.map_err(|e| Error::io(dir, e))?.path();
            if extension(&path) != "txt" {
                continue;
            }
            if let Some(stem) = path.file_stem() {
                index
                    .ids
                    .insert(stem.to_string_lossy().into_owned(), path.clone());
            }
            if let Ok(doc) = Document::from_path(&path) {
                index.ids.insert(doc.meta.id.to_string(), path.clone());
                index
                    .by_source
                    .insert(doc.meta.source.clone(), (path, doc.meta.id));
            }
        }
        Ok(index)
    }

    /// Add one ingested file to the corpus; `fallback_date` is used when it has no date.
    pub fn add(&mut self, ingested: Ingested, fallback_date: PartialDate) -> Result<Added> {
        let mut diagnostics = Vec::new();
        let date = match &ingested.date {
            Some(d) => d.value,
            None => {
                diagnostics.push(Diagnostic::warning(
                    ingested.path.display().to_string(),
                    format!(
                        "no date found in the page's metadata or text: used {fallback_date} (the file's modification date); pass --date to set it"
                    ),
                ));
                fallback_date
            }
        };
        let existing = self.by_source.get(&ingested.source.value).cloned();
        let (path, id) = match existing {
            Some((path, id)) => (path, id),
            None => {
                let base = ingested.header.as_ref().map_or_else(
                    || ingested.proposed_id(Some(date)),
                    |meta| meta.id.to_string(),
                );
                let mut candidate = base.clone();
                let mut n = 2;
                while self.ids.contains_key(&candidate) {
                    candidate = format!("{base}-{n}");
                    n += 1;
                }
                let id = DocumentId::new(candidate)
                    .map_err(|m| Error::input(Location::file(&ingested.path), m))?;
                (self.dir.join(format!("{id}.txt")), id)
            }
        };
        let contents = ingested.render(&id, date)?;
        let outcome = match fs_err::read(&path) {
            Ok(old) if old == contents.as_bytes() => Outcome::Unchanged,
            Ok(_) => Outcome::Updated,
            Err(_) => Outcome::Added,
        };
        if outcome != Outcome::Unchanged {
            write_atomically(&path, contents.as_bytes())?;
        }
        self.ids.insert(id.to_string(), path.clone());
        self.by_source
            .insert(ingested.source.value.clone(), (path.clone(), id));
        Ok(Added {
            written: path,
            outcome,
            ingested,
            diagnostics,
        })
    }
}

/// Write `bytes` to a temporary sibling of `path`, then rename it into place: `path` is
/// either the old file or the new one, never half-written.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    fs_err::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = fs_err::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs_err::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// The modification date of a file (UTC), for documents without a date.
pub fn modified_date(path: &Path) -> Option<PartialDate> {
    let modified = fs_err::metadata(path).ok()?.modified().ok()?;
    let secs = modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    PartialDate::day(y, m, d).ok()
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// A document for `extract`: a corpus file as it is, or any other file ingested with its
/// metadata inferred (id from the file name). A missing date or publisher is a diagnostic,
/// not an error: the file's modification date and `unknown` stand in.
pub fn read_document(path: &Path, overrides: &Overrides) -> Result<(Document, Vec<Diagnostic>)> {
    let bytes = fs_err::read(path).map_err(|e| Error::io(path, e))?;
    if bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&bytes)
        .starts_with(b"---")
    {
        // a corpus file: read exactly as `build` reads it
        let mut doc = Document::from_path(path)?;
        if let Some(date) = overrides.date {
            doc.meta.date = date;
        }
        if let Some(language) = &overrides.language {
            doc.meta.language.clone_from(language);
        }
        return Ok((doc, Vec::new()));
    }
    let mut ingested = ingest_bytes(&bytes, path, overrides)?;
    let mut diagnostics = Vec::new();
    let date = match &ingested.date {
        Some(d) => d.value,
        None => {
            let fallback = modified_date(path).unwrap_or_else(|| {
                PartialDate::year(1970).unwrap_or_else(|_| unreachable!("1970 is a valid year"))
            });
            diagnostics.push(Diagnostic::warning(
                path.display().to_string(),
                format!(
                    "no date found in the document: relative dates (本年, 同日, this year) resolve against {fallback}, the file's modification date; pass --date to set it"
                ),
            ));
            fallback
        }
    };
    if ingested.publisher.is_none() {
        ingested.publisher = Some(Guessed::new("unknown".to_owned(), "default"));
    }
    let id = match &ingested.header {
        Some(meta) => meta.id.clone(),
        None => {
            let stem = path
                .file_stem()
                .map(|s| slugify(&s.to_string_lossy()))
                .unwrap_or_default();
            DocumentId::new(if stem.is_empty() {
                "doc".to_owned()
            } else {
                stem
            })
            .map_err(|m| Error::input(Location::file(path), m))?
        }
    };
    let contents = ingested.render(&id, date)?;
    let doc = Document::parse(&contents, path)?;
    Ok((doc, diagnostics))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_in_every_form() {
        for (text, date) in [
            ("外務省\n2019年2月27日\n本文", "2019-02-27"),
            ("平成31年2月27日\n本日", "2019-02-27"),
            ("令和5年9月15日", "2023-09-15"),
            ("Washington, DC\nFebruary 27, 2019\nText", "2019-02-27"),
            ("Brussels, 27 February 2019", "2019-02-27"),
            ("Press release 27/02/2019", "2019-02-27"),
            ("In 2015, and then on 3 May 2016.", "2016-05-03"),
        ] {
            assert_eq!(
                dateline(text).map(|d| d.to_string()).as_deref(),
                Some(date),
                "{text}"
            );
        }
        assert_eq!(dateline("no date here"), None);
    }

    #[test]
    fn language_from_script() {
        assert_eq!(script_language("日米サイバー対話が開催された。"), "ja");
        assert_eq!(
            script_language("The Japan-U.S. Cyber Dialogue was held."),
            "en"
        );
        assert_eq!(
            script_language("The 日米 dialogue was held in Tokyo on the same day as planned."),
            "en"
        );
    }

    #[test]
    fn site_names_are_trimmed() {
        let mofa = site_of("https://www.mofa.go.jp/x");
        for (title, want) in [
            (
                "Japan-U.S. Cyber Dialogue | Ministry of Foreign Affairs of Japan",
                "Japan-U.S. Cyber Dialogue",
            ),
            ("日米サイバー対話の開催 | 外務省", "日米サイバー対話の開催"),
            ("外務省: 日米サイバー対話の開催", "日米サイバー対話の開催"),
            ("Cyber: a new domain", "Cyber: a new domain"),
        ] {
            assert_eq!(trim_site_name(title, mofa.as_ref(), None), want);
        }
        assert_eq!(
            trim_site_name(
                "Joint Statement - United States Department of State",
                None,
                None
            ),
            "Joint Statement"
        );
    }

    #[test]
    fn odd_inputs_are_errors_or_documents_never_panics() {
        let overrides = Overrides::default();
        for (bytes, name) in [
            (&b""[..], "empty.txt"),
            (b"<", "lt.html"),
            (
                b"<html><body><nav>only navigation</nav></body></html>",
                "nav.html",
            ),
            (b"%PDF-1.4\n garbage", "broken.pdf"),
            (b"\xff\xfe\x00\xd8", "utf16.txt"),
            (b"\x80\x81\x82 binary \xfe", "binary.txt"),
            (b"---\nid: x\n", "header.txt"),
        ] {
            let _ = ingest_bytes(bytes, Path::new(name), &overrides);
        }
        let err = ingest_bytes(b"%PDF-1.4\n garbage", Path::new("broken.pdf"), &overrides)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("broken.pdf: cannot read the PDF"), "{err}");
        let err = ingest_bytes(b"<nav>x</nav>", Path::new("nav.html"), &overrides)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no text found"), "{err}");
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(17_954), (2019, 2, 27));
    }
}
