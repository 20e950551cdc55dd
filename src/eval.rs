//! Scoring extraction output against hand-made gold files of the same shape
//! ([`crate::extract::json::DocReport`]).
//!
//! Documents are paired by their `doc` (file) name; a gold document with no prediction counts
//! all its items as missed. Within a document, items are matched one to one (each gold item
//! at most once), and precision, recall and F1 are computed over all documents (micro average).
//!
//! Names are compared after [`crate::gazetteer::normalize`] (NFKC, ASCII lowercase) and trimming.
//!
//! - **Entities** match by `(type, en)`. Entities left over on both sides then match when they
//!   have the same type and share a surface form (or one's `en` is the other's `ja`): this is
//!   how an entity the gazetteer lacks — which extraction names by its surface, e.g. `公安調査庁`,
//!   and the annotator by an English name, `Public Security Intelligence Agency` — is counted. A
//!   surface-only match counts as a full match; a type mismatch is never a match. Scores are
//!   also given per type (by the gold type for misses, the predicted type for false alarms).
//! - **Events** match when their `start` dates are equal (as written, so precision counts:
//!   `2013-05` ≠ `2013-05-09`) and they share at least one participant. Participant names of the
//!   prediction are first mapped through the entity matching, so surface-matched entities count.
//!   Among several candidates the one sharing most participants is taken.
//! - **Relations** match by `(subject, predicate, object)`; subjects and objects are mapped
//!   through the entity and event matchings (a predicted event's label becomes the matched gold
//!   event's label). Dates and evidence are not compared.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Location, Result};
use crate::extract::json::DocReport;
use crate::gazetteer::normalize;

/// True positives, false positives, false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Matched.
    pub tp: usize,
    /// Predicted but not in gold.
    pub fp: usize,
    /// In gold but not predicted.
    pub fn_: usize,
}

impl Counts {
    /// tp / (tp + fp), 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn), 0 when gold is empty.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The scores of one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocScores {
    /// The document's file name.
    pub doc: String,
    /// Entities.
    pub entities: Counts,
    /// Events.
    pub events: Counts,
    /// Relations.
    pub relations: Counts,
}

/// Scores over a set of documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Entities, all types.
    pub entities: Counts,
    /// Entities per type.
    pub entities_by_type: BTreeMap<String, Counts>,
    /// Events.
    pub events: Counts,
    /// Relations.
    pub relations: Counts,
    /// Per document, in gold order.
    pub documents: Vec<DocScores>,
    /// Gold documents with no prediction.
    pub unpredicted: Vec<String>,
}

fn key(text: &str) -> String {
    normalize(text).trim().to_owned()
}

/// Read reports from a JSON file (one object or an array) or a directory of `*.json` files
/// (in file-name order).
pub fn read_reports(path: &Path) -> Result<Vec<DocReport>> {
    if path.is_dir() {
        let mut files: Vec<_> = fs_err::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .filter_map(std::result::Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let mut out = Vec::new();
        for file in files {
            out.extend(read_reports(&file)?);
        }
        return Ok(out);
    }
    let text = fs_err::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let result = if text.trim_start().starts_with('[') {
        serde_json::from_str(&text)
    } else {
        serde_json::from_str(&text).map(|one| vec![one])
    };
    result.map_err(|e| json_error(path, &e))
}

fn json_error(path: &Path, e: &serde_json::Error) -> Error {
    Error::input(
        Location {
            path: path.to_owned(),
            line: e.line() as u64,
            column: Some(e.column() as u64),
        },
        format!("not a document in the extraction format: {e}"),
    )
}

/// Score `predicted` against `gold`.
pub fn score(gold: &[DocReport], predicted: &[DocReport]) -> Scores {
    let by_doc: BTreeMap<&str, &DocReport> =
        predicted.iter().map(|r| (r.doc.as_str(), r)).collect();
    let mut scores = Scores::default();
    for g in gold {
        let empty = DocReport {
            doc: g.doc.clone(),
            entities: Vec::new(),
            events: Vec::new(),
            relations: Vec::new(),
        };
        let p = match by_doc.get(g.doc.as_str()) {
            Some(p) => *p,
            None => {
                scores.unpredicted.push(g.doc.clone());
                &empty
            }
        };
        let doc = score_doc(g, p, &mut scores.entities_by_type);
        scores.entities.add(doc.entities);
        scores.events.add(doc.events);
        scores.relations.add(doc.relations);
        scores.documents.push(doc);
    }
    scores
}

fn score_doc(
    gold: &DocReport,
    pred: &DocReport,
    by_type: &mut BTreeMap<String, Counts>,
) -> DocScores {
    // entities
    let mut name_map: BTreeMap<String, String> = BTreeMap::new();
    let mut gold_used = vec![false; gold.entities.len()];
    let mut pred_used = vec![false; pred.entities.len()];
    for (pi, p) in pred.entities.iter().enumerate() {
        if let Some(gi) = gold
            .entities
            .iter()
            .enumerate()
            .position(|(gi, g)| !gold_used[gi] && g.kind == p.kind && key(&g.en) == key(&p.en))
        {
            gold_used[gi] = true;
            pred_used[pi] = true;
            name_map.insert(key(&p.en), key(&gold.entities[gi].en));
        }
    }
    for (pi, p) in pred.entities.iter().enumerate() {
        if pred_used[pi] {
            continue;
        }
        let p_names: Vec<String> = p
            .surface
            .iter()
            .chain(std::iter::once(&p.en))
            .chain(p.ja.iter())
            .map(|s| key(s))
            .collect();
        let found = gold.entities.iter().enumerate().position(|(gi, g)| {
            !gold_used[gi]
                && g.kind == p.kind
                && g.surface
                    .iter()
                    .chain(std::iter::once(&g.en))
                    .chain(g.ja.iter())
                    .any(|s| p_names.contains(&key(s)))
        });
        if let Some(gi) = found {
            gold_used[gi] = true;
            pred_used[pi] = true;
            name_map.insert(key(&p.en), key(&gold.entities[gi].en));
        }
    }
    let mut entities = Counts::default();
    for (gi, g) in gold.entities.iter().enumerate() {
        let c = by_type.entry(g.kind.clone()).or_default();
        if gold_used[gi] {
            entities.tp += 1;
            c.tp += 1;
        } else {
            entities.fn_ += 1;
            c.fn_ += 1;
        }
    }
    for (pi, p) in pred.entities.iter().enumerate() {
        if !pred_used[pi] {
            entities.fp += 1;
            by_type.entry(p.kind.clone()).or_default().fp += 1;
        }
    }
    let entity_map = name_map.clone();
    let map = |name: &str| -> String {
        let k = key(name);
        entity_map.get(&k).cloned().unwrap_or(k)
    };
    // events
    let mut events = Counts::default();
    let mut pred_event_used = vec![false; pred.events.len()];
    for g in &gold.events {
        let g_parts: Vec<String> = g.participants.iter().map(|s| key(s)).collect();
        let best = pred
            .events
            .iter()
            .enumerate()
            .filter(|(pi, p)| !pred_event_used[*pi] && p.start == g.start)
            .map(|(pi, p)| {
                let shared = p
                    .participants
                    .iter()
                    .filter(|x| g_parts.contains(&map(x)))
                    .count();
                (shared, pi)
            })
            .filter(|(shared, _)| *shared > 0)
            .max_by_key(|(shared, pi)| (*shared, std::cmp::Reverse(*pi)));
        match best {
            Some((_, pi)) => {
                pred_event_used[pi] = true;
                events.tp += 1;
                name_map.insert(key(&pred.events[pi].label_en), key(&g.label_en));
            }
            None => events.fn_ += 1,
        }
    }
    events.fp = pred_event_used.iter().filter(|u| !**u).count();
    let map = |name: &str| -> String {
        let k = key(name);
        name_map.get(&k).cloned().unwrap_or(k)
    };
    // relations
    let mut relations = Counts::default();
    let mut pred_triples: Vec<Option<(String, String, String)>> = pred
        .relations
        .iter()
        .map(|r| Some((map(&r.subject), r.predicate.clone(), map(&r.object))))
        .collect();
    for g in &gold.relations {
        let triple = (key(&g.subject), g.predicate.clone(), key(&g.object));
        match pred_triples
            .iter()
            .position(|t| t.as_ref() == Some(&triple))
        {
            Some(i) => {
                pred_triples[i] = None;
                relations.tp += 1;
            }
            None => relations.fn_ += 1,
        }
    }
    relations.fp = pred_triples.iter().filter(|t| t.is_some()).count();
    DocScores {
        doc: gold.doc.clone(),
        entities,
        events,
        relations,
    }
}

/// A plain-text table of the scores.
pub fn render_table(scores: &Scores) -> String {
    let mut out = String::new();
    let row = |out: &mut String, name: &str, c: &Counts| {
        let _ = writeln!(
            out,
            "{name:<24} {:>5} {:>5} {:>5}   {:>6.3} {:>6.3} {:>6.3}",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1()
        );
    };
    let _ = writeln!(
        out,
        "{:<24} {:>5} {:>5} {:>5}   {:>6} {:>6} {:>6}",
        "", "tp", "fp", "fn", "P", "R", "F1"
    );
    row(&mut out, "entities", &scores.entities);
    for (kind, c) in &scores.entities_by_type {
        row(&mut out, &format!("  {kind}"), c);
    }
    row(&mut out, "events", &scores.events);
    row(&mut out, "relations", &scores.relations);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<44} {:>8} {:>8} {:>8}",
        "document (F1)", "entities", "events", "relations"
    );
    for d in &scores.documents {
        let _ = writeln!(
            out,
            "{:<44} {:>8.3} {:>8.3} {:>8.3}",
            d.doc,
            d.entities.f1(),
            d.events.f1(),
            d.relations.f1()
        );
    }
    for doc in &scores.unpredicted {
        let _ = writeln!(out, "no prediction for {doc}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::json::{EntityRecord, EventRecord, RelationRecord};

    fn entity(kind: &str, en: &str, surface: &[&str]) -> EntityRecord {
        EntityRecord {
            kind: kind.into(),
            en: en.into(),
            ja: None,
            surface: surface.iter().map(|s| (*s).to_owned()).collect(),
            iri: None,
            provenance: None,
        }
    }

    fn event(start: &str, label: &str, participants: &[&str]) -> EventRecord {
        EventRecord {
            kind: "Meeting".into(),
            label_en: label.into(),
            start: start.into(),
            end: None,
            place: None,
            participants: participants.iter().map(|s| (*s).to_owned()).collect(),
            evidence: String::new(),
            provenance: None,
        }
    }

    fn relation(s: &str, p: &str, o: &str) -> RelationRecord {
        RelationRecord {
            subject: s.into(),
            predicate: p.into(),
            object: o.into(),
            date: None,
            evidence: String::new(),
            provenance: None,
        }
    }

    #[test]
    fn matches_by_name_then_surface_and_maps_names() {
        let gold = DocReport {
            doc: "d.txt".into(),
            entities: vec![
                entity("State", "Japan", &["日本"]),
                entity(
                    "Agency",
                    "Public Security Intelligence Agency",
                    &["公安調査庁"],
                ),
                entity("Official", "Masato Otaka", &["大鷹正人"]),
            ],
            events: vec![event(
                "2017-07-20",
                "5th dialogue",
                &["Japan", "Public Security Intelligence Agency"],
            )],
            relations: vec![
                relation("5th dialogue", "partOf", "Dialogue"),
                relation("Masato Otaka", "holdsPost", "Ambassador"),
            ],
        };
        let pred = DocReport {
            doc: "d.txt".into(),
            entities: vec![
                entity("State", "japan", &["日本"]),
                entity("Agency", "公安調査庁", &["公安調査庁"]),
                entity("Agency", "大鷹正人", &["大鷹正人"]),
            ],
            events: vec![
                event("2017-07-20", "x", &["公安調査庁"]),
                event("2017-07", "y", &["Japan"]),
            ],
            relations: vec![
                relation("x", "partOf", "Dialogue"),
                relation("大鷹正人", "holdsPost", "Ambassador"),
            ],
        };
        let s = score(&[gold], &[pred]);
        assert_eq!(
            s.entities,
            Counts {
                tp: 2,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            s.entities_by_type["Official"],
            Counts {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        assert_eq!(
            s.events,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
        // the event label maps through the event matching; the person was not matched (type)
        assert_eq!(
            s.relations,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
        assert!((s.entities.f1() - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn missing_predictions_are_misses() {
        let gold = DocReport {
            doc: "d.txt".into(),
            entities: vec![entity("State", "Japan", &[])],
            events: vec![],
            relations: vec![],
        };
        let s = score(&[gold], &[]);
        assert_eq!(
            s.entities,
            Counts {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        assert_eq!(s.unpredicted, ["d.txt"]);
        assert_eq!(s.entities.f1(), 0.0);
    }
}
