//! Curation of provisional entities: list what the last build found but the gazetteer does
//! not know, as ready-to-edit `entities.csv` rows (a review file), and merge reviewed rows
//! into `gazetteer/entities.csv`.
//!
//! # Review file
//!
//! A CSV file with the columns of `entities.csv` (`data/README.md`), one row per provisional
//! entity, most mentioned first. `id` is a proposed slug; `label_en` is empty where only a
//! Japanese name is known (the analyst fills it in); the other surface forms are aliases;
//! `note` says how often and where the entity was found, with one evidence sentence. Delete
//! the rows you do not want, edit the rest, then `diplograph curate --accept FILE`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::corpus::Corpus;
use crate::error::{Error, Location, Result};
use crate::extract::sentences;
use crate::gazetteer::{Gazetteer, normalize};
use crate::model::{DocumentId, Entity, EntityId, EntityType, KnowledgeGraph, Labelled, slugify};

use super::write_atomically;
use crate::gazetteer::ENTITY_COLUMNS;

/// The columns of `entities.csv`, in the order the review file writes them: the gazetteer's
/// columns but `source` (the last one).
pub const COLUMNS: &[&str] = ENTITY_COLUMNS.split_at(ENTITY_COLUMNS.len() - 1).0;

/// A provisional entity of a build, with what curation needs to know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The entity as extraction made it.
    pub entity: Entity,
    /// Number of mentions.
    pub count: usize,
    /// Distinct surface forms, as written.
    pub surfaces: BTreeSet<String>,
    /// The documents that mention it.
    pub documents: BTreeSet<DocumentId>,
    /// One sentence that mentions it, and its document.
    pub evidence: Option<(DocumentId, String)>,
}

/// The provisional entities of `kg` (not events) mentioned at least `min_count` times, most
/// mentioned first (then by id). Evidence sentences are read from `corpus` when given.
pub fn candidates(
    kg: &KnowledgeGraph,
    corpus: Option<&Corpus>,
    min_count: usize,
) -> Vec<Candidate> {
    let mut by_id: BTreeMap<&EntityId, Candidate> = kg
        .entities
        .values()
        .filter(|e| e.provisional && e.event.is_none() && e.kind != EntityType::Event)
        .map(|e| {
            (
                &e.id,
                Candidate {
                    entity: e.clone(),
                    count: 0,
                    surfaces: BTreeSet::new(),
                    documents: BTreeSet::new(),
                    evidence: None,
                },
            )
        })
        .collect();
    let mut sentence_cache: BTreeMap<&DocumentId, Vec<crate::model::Span>> = BTreeMap::new();
    for mention in &kg.mentions {
        let Some(candidate) = by_id.get_mut(&mention.entity) else {
            continue;
        };
        candidate.count += 1;
        candidate.surfaces.insert(mention.surface.trim().to_owned());
        candidate.documents.insert(mention.document.clone());
        if candidate.evidence.is_none()
            && let (Some(corpus), Some(index)) = (corpus, mention.provenance.sentence)
            && let Some(doc) = corpus.documents.get(&mention.document)
        {
            let spans = sentence_cache
                .entry(&mention.document)
                .or_insert_with(|| sentences(&doc.text));
            if let Some(span) = spans.get(index) {
                let sentence: String = doc
                    .text
                    .chars()
                    .skip(span.start)
                    .take(span.end - span.start)
                    .collect();
                candidate.evidence =
                    Some((mention.document.clone(), super::html::collapse(&sentence)));
            }
        }
    }
    let mut out: Vec<Candidate> = by_id
        .into_values()
        .filter(|c| c.count >= min_count.max(1))
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.entity.id.cmp(&b.entity.id)));
    out
}

fn mostly_ascii(text: &str) -> bool {
    text.chars().filter(char::is_ascii).count() * 2 > text.chars().count()
}

/// The review file for `candidates` (see the module docs); `taken` are the ids already in
/// use, so proposed slugs do not clash with them.
pub fn review_csv(candidates: &[Candidate], taken: &BTreeSet<String>) -> Result<String> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let csv_error = |e: csv::Error| Error::export(format!("review file: {e}")).caused_by(e);
    writer.write_record(COLUMNS).map_err(csv_error)?;
    let mut used = taken.clone();
    for c in candidates {
        let label = c.entity.label_ja.as_deref().unwrap_or(&c.entity.label_en);
        let english = mostly_ascii(&c.entity.label_en).then(|| c.entity.label_en.clone());
        let base = match &english {
            Some(name) => slugify(name),
            None => c
                .entity
                .id
                .as_str()
                .strip_prefix("new-")
                .unwrap_or(c.entity.id.as_str())
                .to_owned(),
        };
        let mut id = base.clone();
        let mut n = 2;
        while used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used.insert(id.clone());
        let canonical = english.clone().unwrap_or_else(|| label.to_owned());
        let others: Vec<&String> = c
            .surfaces
            .iter()
            .filter(|s| normalize(s) != normalize(&canonical))
            .collect();
        let join = |ascii: bool| {
            others
                .iter()
                .filter(|s| mostly_ascii(s) == ascii)
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("|")
        };
        let mut note = format!(
            "provisional {} from the build: {} mention(s) in {}",
            c.entity.id,
            c.count,
            c.documents
                .iter()
                .map(DocumentId::as_str)
                .collect::<Vec<_>>()
                .join(" ")
        );
        if english.is_none() {
            note.push_str("; fill in label_en and a readable id");
        }
        if let Some((doc, sentence)) = &c.evidence {
            note.push_str(&format!("; evidence ({doc}): {sentence}"));
        }
        let label_ja = if english.is_none() {
            label.to_owned()
        } else {
            c.entity.label_ja.clone().unwrap_or_default()
        };
        let record = [
            id,
            c.entity.kind.name().to_owned(),
            english.unwrap_or_default(),
            label_ja,
            join(true),
            join(false),
            String::new(),
            c.entity
                .country
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            c.entity
                .parent
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            note,
        ];
        writer.write_record(&record).map_err(csv_error)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::export(format!("review file: {e}")).caused_by(e))?;
    String::from_utf8(bytes).map_err(|e| Error::export(format!("review file: {e}")).caused_by(e))
}

/// What [`accept`] merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The ids added to `entities.csv`, in file order.
    pub added: Vec<EntityId>,
    /// The file written.
    pub entities_csv: PathBuf,
}

/// Merge the rows of the review file `review` into `{gazetteer_dir}/entities.csv`.
///
/// Every row is checked first (unknown columns, bad slugs and types, empty `label_en`, ids or
/// names already used in the gazetteer or by another row); all problems are reported
/// together, naming the review file and line, and nothing is written. The merged file is then
/// loaded by the gazetteer's own loader from a temporary copy; only when that succeeds is it
/// renamed into place.
pub fn accept(review: &Path, gazetteer_dir: &Path, data_dir: &Path) -> Result<Accepted> {
    let entities_csv = gazetteer_dir.join(crate::data_dir::ENTITIES_FILE);
    let existing_bytes = fs_err::read(&entities_csv).map_err(|e| Error::io(&entities_csv, e))?;
    let gazetteer = Gazetteer::from_dir(gazetteer_dir, data_dir)?;
    let review_bytes = fs_err::read(review).map_err(|e| Error::io(review, e))?;
    let review_bytes = review_bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&review_bytes);
    let at = |line: u64, message: String| Error::input(Location::new(review, line), message);

    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(review_bytes);
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(0, csv::Position::line);
        at(line, format!("{e}"))
    };
    let header: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    for name in &header {
        if !COLUMNS.contains(&name.as_str()) {
            return Err(at(
                1,
                format!("unknown column `{name}` (expected: {})", COLUMNS.join(", ")),
            ));
        }
    }
    for name in ["id", "type", "label_en"] {
        if !header.iter().any(|h| h == name) {
            return Err(at(1, format!("missing required column `{name}`")));
        }
    }
    // existing names, normalised → owner
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for e in gazetteer.entities.values() {
        for n in e.all_names() {
            names.insert(
                normalize(n),
                format!("`{}` in {}", e.id, entities_csv.display()),
            );
        }
    }
    for p in gazetteer.posts.values() {
        for n in p.all_names() {
            names.insert(normalize(n), format!("post `{}`", p.id));
        }
    }
    let mut errors = Vec::new();
    let mut rows: Vec<(u64, BTreeMap<String, String>)> = Vec::new();
    let mut ids: BTreeMap<String, u64> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells: BTreeMap<String, String> = header
            .iter()
            .cloned()
            .zip(record.iter().map(|c| c.trim().to_owned()))
            .collect();
        let get = |c: &str| cells.get(c).map(String::as_str).unwrap_or_default();
        let id = get("id");
        match EntityId::new(id) {
            Err(m) => errors.push(at(line, m)),
            Ok(parsed) if gazetteer.entities.contains_key(&parsed) => {
                errors.push(at(
                    line,
                    format!("duplicate id `{id}`: already in {}", entities_csv.display()),
                ));
            }
            Ok(_) => {
                if let Some(first) = ids.insert(id.to_owned(), line) {
                    errors.push(at(
                        line,
                        format!("duplicate id `{id}` (also on line {first})"),
                    ));
                }
            }
        }
        let type_name = get("type");
        if EntityType::from_name(type_name).is_none() {
            errors.push(at(
                line,
                format!(
                    "bad type `{type_name}` (expected one of: {})",
                    EntityType::ALL
                        .iter()
                        .map(|t| t.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        if get("label_en").is_empty() {
            errors.push(at(
                line,
                "empty `label_en`: fill in the English name".to_owned(),
            ));
        }
        let known_id = EntityId::new(id).is_ok_and(|id| gazetteer.entities.contains_key(&id));
        let mut own = BTreeSet::new();
        let all: Vec<&str> = [get("label_en"), get("label_ja")]
            .into_iter()
            .chain(get("aliases_en").split('|'))
            .chain(get("aliases_ja").split('|'))
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        for name in all {
            let key = normalize(name);
            // a row that repeats a gazetteer entity is reported once, as a duplicate id
            if known_id || !own.insert(key.clone()) {
                continue;
            }
            match names.get(&key) {
                Some(owner) => errors.push(at(
                    line,
                    format!("name `{name}` clashes with {owner}: an alias must name one entity"),
                )),
                None => {
                    names.insert(
                        key,
                        format!("`{id}` on line {line} of {}", review.display()),
                    );
                }
            }
        }
        rows.push((line, cells));
    }
    Error::from_list(errors)?;

    // append in the existing file's column order
    let existing_header: Vec<String> = {
        let mut r = csv::ReaderBuilder::new().from_reader(
            existing_bytes
                .strip_prefix(b"\xef\xbb\xbf")
                .unwrap_or(&existing_bytes),
        );
        r.headers()
            .map_err(|e| Error::input(Location::new(&entities_csv, 1), e.to_string()))?
            .iter()
            .map(|h| h.trim().to_owned())
            .collect()
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut errors = Vec::new();
    for (line, cells) in &rows {
        for (column, value) in cells {
            if !value.is_empty() && !existing_header.contains(column) {
                errors.push(at(
                    *line,
                    format!(
                        "column `{column}` is not in {}: add it there first",
                        entities_csv.display()
                    ),
                ));
            }
        }
        let record: Vec<&str> = existing_header
            .iter()
            .map(|c| cells.get(c).map_or("", String::as_str))
            .collect();
        writer
            .write_record(&record)
            .map_err(|e| Error::export(e.to_string()).caused_by(e))?;
    }
    Error::from_list(errors)?;
    let appended = writer
        .into_inner()
        .map_err(|e| Error::export(e.to_string()).caused_by(e))?;
    let mut merged = existing_bytes.clone();
    if !merged.is_empty() && !merged.ends_with(b"\n") {
        merged.push(b'\n');
    }
    merged.extend_from_slice(&appended);

    // the gazetteer's own loader on a temporary copy
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp =
        std::env::temp_dir().join(format!("diplograph-curate-{}-{nanos}", std::process::id()));
    let checked = (|| {
        fs_err::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
        fs_err::write(tmp.join(crate::data_dir::ENTITIES_FILE), &merged)
            .map_err(|e| Error::io(&tmp, e))?;
        for name in [crate::data_dir::POSTS_FILE, crate::data_dir::TENURES_FILE] {
            let from = gazetteer_dir.join(name);
            if from.exists() {
                fs_err::copy(&from, tmp.join(name)).map_err(|e| Error::io(&from, e))?;
            }
        }
        Gazetteer::from_dir(&tmp, data_dir).map(|_| ())
    })();
    let _ = std::fs::remove_dir_all(&tmp);
    if let Err(e) = checked {
        let message = e.to_string().replace(
            &tmp.display().to_string(),
            &gazetteer_dir.display().to_string(),
        );
        return Err(Error::input(
            Location::file(review),
            format!("the merged gazetteer does not load, nothing was written:\n{message}"),
        ));
    }
    write_atomically(&entities_csv, &merged)?;
    Ok(Accepted {
        added: rows
            .iter()
            .filter_map(|(_, cells)| {
                cells
                    .get("id")
                    .and_then(|id| EntityId::new(id.clone()).ok())
            })
            .collect(),
        entities_csv,
    })
}
