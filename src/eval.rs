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
//!   Among several candidates the one sharing most participants is taken; events of the same
//!   type are paired first, then the rest whatever their type (since the fourth session of
//!   2026-12-03: before, the first gold event took the best candidate of any type, so a
//!   predicted meeting could be spent on a gold statement of that day and the gold meeting
//!   missed).
//! - **Relations** match by `(subject, predicate, object)`; subjects and objects are mapped
//!   through the entity and event matchings (a predicted event's label becomes the matched gold
//!   event's label). A literal object and a name with the same text are equal (a post written
//!   as the literal `"Parliamentary Vice-Minister …"` by one side and as the known post of
//!   that label by the other). Dates and evidence are not compared.
//!
//! Events are also scored per type and relations per predicate (by the gold item's for misses,
//! the predicted item's for false alarms), and everything per document language when the
//! languages are given ([`score_with_languages`]). [`explain`] lists a document's misses and
//! false alarms.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Location, Result};
use crate::extract::json::DocReport;
use crate::gazetteer::normalize;
use crate::text::pad;

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
    /// Events per type.
    pub events_by_type: BTreeMap<String, Counts>,
    /// Relations.
    pub relations: Counts,
    /// Relations per predicate.
    pub relations_by_type: BTreeMap<String, Counts>,
    /// Entities, events and relations per document language (documents of unknown language
    /// are left out).
    pub by_language: BTreeMap<String, [Counts; 3]>,
    /// Per document, in gold order.
    pub documents: Vec<DocScores>,
    /// Gold documents with no prediction.
    pub unpredicted: Vec<String>,
}

fn key(text: &str) -> String {
    normalize(text).trim().to_owned()
}

/// A relation object's key: a literal (`"Parliamentary Vice-Minister …"`) and a name with
/// the same text (a known post's label) are the same object; the quotes only say which of
/// the two the writer had. Posts are free text, written differently by annotators and
/// documents for the same office, so the key also drops what does not name it: bracketed
/// acronyms (`(NPPD)`), punctuation and hyphens, and the words `the of for and in at to on`
/// (`Minister of Foreign Affairs of Estonia` = `Minister for Foreign Affairs of Estonia`,
/// `Director of the NATO CCDCOE` = `Director, NATO CCDCOE`). Word order and every other
/// word still count.
fn object_key(text: &str) -> String {
    let t = text.trim();
    let t = t
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(t);
    loose(&key(&without_acronyms(t)))
}

/// `text` without bracketed acronyms: upper-case ASCII letters, digits, `/&-.`, 2 to 12
/// characters (`(NPPD)`, `(CE/CSA)`; not `(Australia)`).
fn without_acronyms(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        kept.push_str(&rest[..open]);
        let acronym = rest[open..].find(')').map(|c| open + c).filter(|&c| {
            let inner = &rest[open + 1..c];
            (2..=12).contains(&inner.len())
                && inner.bytes().any(|b| b.is_ascii_uppercase())
                && inner
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b"/&-.".contains(&b))
        });
        match acronym {
            Some(c) => rest = &rest[c + 1..],
            None => {
                kept.push('(');
                rest = &rest[open + 1..];
            }
        }
    }
    kept.push_str(rest);
    kept
}

/// The words of a normalised `text` without punctuation and the function words of
/// [`object_key`], joined by one space.
fn loose(text: &str) -> String {
    const STOP: [&str; 8] = ["the", "of", "for", "and", "in", "at", "to", "on"];
    text.split(|c: char| {
        c.is_whitespace()
            || c.is_ascii_punctuation()
            || matches!(c, '、' | '，' | '’' | '‘' | '–' | '—' | '・')
    })
    .filter(|w| !w.is_empty() && !STOP.contains(w))
    .collect::<Vec<_>>()
    .join(" ")
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
    score_with_languages(gold, predicted, &BTreeMap::new())
}

/// Score `predicted` against `gold`, also per language (`languages`: document file name →
/// BCP 47 tag).
pub fn score_with_languages(
    gold: &[DocReport],
    predicted: &[DocReport],
    languages: &BTreeMap<String, String>,
) -> Scores {
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
        let matching = match_doc(g, p);
        let doc = matching.counts(g, p, &mut scores);
        if let Some(language) = languages.get(&g.doc) {
            let counts = scores.by_language.entry(language.clone()).or_default();
            counts[0].add(doc.entities);
            counts[1].add(doc.events);
            counts[2].add(doc.relations);
        }
        scores.entities.add(doc.entities);
        scores.events.add(doc.events);
        scores.relations.add(doc.relations);
        scores.documents.push(doc);
    }
    scores
}

/// Which items of a gold and a predicted document matched.
#[derive(Debug, Clone, Default)]
struct DocMatch {
    gold_entities: Vec<bool>,
    pred_entities: Vec<bool>,
    gold_events: Vec<bool>,
    pred_events: Vec<bool>,
    gold_relations: Vec<bool>,
    pred_relations: Vec<bool>,
}

impl DocMatch {
    /// The counts of one document; adds the per-type counts to `scores`.
    fn counts(&self, gold: &DocReport, pred: &DocReport, scores: &mut Scores) -> DocScores {
        let mut out = DocScores {
            doc: gold.doc.clone(),
            ..DocScores::default()
        };
        let tally = |total: &mut Counts,
                     by_type: &mut BTreeMap<String, Counts>,
                     gold_used: &[bool],
                     gold_types: Vec<&str>,
                     pred_used: &[bool],
                     pred_types: Vec<&str>| {
            for (used, kind) in gold_used.iter().zip(gold_types) {
                let c = by_type.entry(kind.to_owned()).or_default();
                if *used {
                    total.tp += 1;
                    c.tp += 1;
                } else {
                    total.fn_ += 1;
                    c.fn_ += 1;
                }
            }
            for (used, kind) in pred_used.iter().zip(pred_types) {
                if !*used {
                    total.fp += 1;
                    by_type.entry(kind.to_owned()).or_default().fp += 1;
                }
            }
        };
        tally(
            &mut out.entities,
            &mut scores.entities_by_type,
            &self.gold_entities,
            gold.entities.iter().map(|e| e.kind.as_str()).collect(),
            &self.pred_entities,
            pred.entities.iter().map(|e| e.kind.as_str()).collect(),
        );
        tally(
            &mut out.events,
            &mut scores.events_by_type,
            &self.gold_events,
            gold.events.iter().map(|e| e.kind.as_str()).collect(),
            &self.pred_events,
            pred.events.iter().map(|e| e.kind.as_str()).collect(),
        );
        tally(
            &mut out.relations,
            &mut scores.relations_by_type,
            &self.gold_relations,
            gold.relations
                .iter()
                .map(|r| r.predicate.as_str())
                .collect(),
            &self.pred_relations,
            pred.relations
                .iter()
                .map(|r| r.predicate.as_str())
                .collect(),
        );
        out
    }
}

/// The misses and false alarms of one document, as text: `explain` of `diplograph eval`.
pub fn explain(gold: &DocReport, pred: &DocReport) -> String {
    let matching = match_doc(gold, pred);
    let mut out = String::new();
    let _ = writeln!(out, "{}", gold.doc);
    let section = |out: &mut String, title: &str, lines: Vec<String>| {
        let _ = writeln!(out, "{title} ({}):", lines.len());
        for line in lines {
            let _ = writeln!(out, "  {line}");
        }
    };
    let entity =
        |e: &crate::extract::json::EntityRecord| format!("{} {} {:?}", e.kind, e.en, e.surface);
    let event = |e: &crate::extract::json::EventRecord| {
        format!(
            "{} {} {} [{}] {}",
            e.kind,
            e.start,
            e.label_en,
            e.participants.join(", "),
            e.evidence
        )
    };
    let relation = |r: &crate::extract::json::RelationRecord| {
        format!(
            "{} {} {} | {}",
            r.subject, r.predicate, r.object, r.evidence
        )
    };
    let unmatched = |used: &[bool]| -> Vec<usize> {
        used.iter()
            .enumerate()
            .filter(|(_, u)| !**u)
            .map(|(i, _)| i)
            .collect()
    };
    section(
        &mut out,
        "missed entities",
        unmatched(&matching.gold_entities)
            .into_iter()
            .map(|i| entity(&gold.entities[i]))
            .collect(),
    );
    section(
        &mut out,
        "false entities",
        unmatched(&matching.pred_entities)
            .into_iter()
            .map(|i| entity(&pred.entities[i]))
            .collect(),
    );
    section(
        &mut out,
        "missed events",
        unmatched(&matching.gold_events)
            .into_iter()
            .map(|i| event(&gold.events[i]))
            .collect(),
    );
    section(
        &mut out,
        "false events",
        unmatched(&matching.pred_events)
            .into_iter()
            .map(|i| event(&pred.events[i]))
            .collect(),
    );
    section(
        &mut out,
        "missed relations",
        unmatched(&matching.gold_relations)
            .into_iter()
            .map(|i| relation(&gold.relations[i]))
            .collect(),
    );
    section(
        &mut out,
        "false relations",
        unmatched(&matching.pred_relations)
            .into_iter()
            .map(|i| relation(&pred.relations[i]))
            .collect(),
    );
    out
}

fn match_doc(gold: &DocReport, pred: &DocReport) -> DocMatch {
    // entities
    let mut name_map: BTreeMap<String, String> = BTreeMap::new();
    // the same pairs by object key (see `object_key`), for relation objects
    let mut object_map: BTreeMap<String, String> = BTreeMap::new();
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
            object_map.insert(object_key(&p.en), object_key(&gold.entities[gi].en));
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
            object_map.insert(object_key(&p.en), object_key(&gold.entities[gi].en));
        }
    }
    let entity_map = name_map.clone();
    let map = |name: &str| -> String {
        let k = key(name);
        entity_map.get(&k).cloned().unwrap_or(k)
    };
    // events
    let mut gold_event_used = vec![false; gold.events.len()];
    let mut pred_event_used = vec![false; pred.events.len()];
    // first among events of the same type, then of any type: a signing and a visit of one
    // day are both found when both were predicted, whatever order the gold lists them in
    for same_type in [true, false] {
        for (gi, g) in gold.events.iter().enumerate() {
            if gold_event_used[gi] {
                continue;
            }
            let g_parts: Vec<String> = g.participants.iter().map(|s| key(s)).collect();
            let best = pred
                .events
                .iter()
                .enumerate()
                .filter(|(pi, p)| {
                    !pred_event_used[*pi] && p.start == g.start && (!same_type || p.kind == g.kind)
                })
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
            if let Some((_, pi)) = best {
                pred_event_used[pi] = true;
                gold_event_used[gi] = true;
                name_map.insert(key(&pred.events[pi].label_en), key(&g.label_en));
                object_map.insert(
                    object_key(&pred.events[pi].label_en),
                    object_key(&g.label_en),
                );
            }
        }
    }
    let map = |name: &str| -> String {
        let k = key(name);
        name_map.get(&k).cloned().unwrap_or(k)
    };
    // relations
    let mut gold_relation_used = vec![false; gold.relations.len()];
    let mut pred_triples: Vec<Option<(String, String, String)>> = pred
        .relations
        .iter()
        .map(|r| {
            let object = object_key(&r.object);
            let object = object_map.get(&object).cloned().unwrap_or(object);
            Some((map(&r.subject), r.predicate.clone(), object))
        })
        .collect();
    for (gi, g) in gold.relations.iter().enumerate() {
        let triple = (key(&g.subject), g.predicate.clone(), object_key(&g.object));
        if let Some(i) = pred_triples
            .iter()
            .position(|t| t.as_ref() == Some(&triple))
        {
            pred_triples[i] = None;
            gold_relation_used[gi] = true;
        }
    }
    DocMatch {
        gold_entities: gold_used,
        pred_entities: pred_used,
        gold_events: gold_event_used,
        pred_events: pred_event_used,
        gold_relations: gold_relation_used,
        pred_relations: pred_triples.iter().map(Option::is_none).collect(),
    }
}

/// A plain-text table of the scores.
pub fn render_table(scores: &Scores) -> String {
    let mut out = String::new();
    let row = |out: &mut String, name: &str, c: &Counts| {
        let _ = writeln!(
            out,
            "{} {:>5} {:>5} {:>5}   {:>6.3} {:>6.3} {:>6.3}",
            pad(name, 24),
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
    for (kind, c) in &scores.events_by_type {
        row(&mut out, &format!("  {kind}"), c);
    }
    row(&mut out, "relations", &scores.relations);
    for (kind, c) in &scores.relations_by_type {
        row(&mut out, &format!("  {kind}"), c);
    }
    for (language, [entities, events, relations]) in &scores.by_language {
        row(&mut out, &format!("entities [{language}]"), entities);
        row(&mut out, &format!("events [{language}]"), events);
        row(&mut out, &format!("relations [{language}]"), relations);
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<44} {:>8} {:>8} {:>8}",
        "document (F1)", "entities", "events", "relations"
    );
    for d in &scores.documents {
        let _ = writeln!(
            out,
            "{} {:>8.3} {:>8.3} {:>8.3}",
            pad(&d.doc, 44),
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
    fn scores_per_type_and_language_and_explains_misses() {
        let gold = DocReport {
            doc: "d.txt".into(),
            entities: vec![entity("State", "Japan", &["日本"])],
            events: vec![event("2017-07-20", "dialogue", &["Japan"])],
            relations: vec![relation("a", "holdsPost", "b")],
        };
        let pred = DocReport {
            doc: "d.txt".into(),
            entities: vec![entity("Agency", "X Agency", &["X Agency"])],
            events: vec![event("2017-07-20", "meeting", &["Japan"])],
            relations: vec![],
        };
        let languages = BTreeMap::from([("d.txt".to_owned(), "ja".to_owned())]);
        let s = score_with_languages(
            std::slice::from_ref(&gold),
            std::slice::from_ref(&pred),
            &languages,
        );
        assert_eq!(s.events_by_type["Meeting"].tp, 1);
        assert_eq!(s.relations_by_type["holdsPost"].fn_, 1);
        assert_eq!(s.by_language["ja"][0].fp, 1);
        let text = explain(&gold, &pred);
        assert!(
            text.contains("missed entities (1):\n  State Japan"),
            "{text}"
        );
        assert!(
            text.contains("false entities (1):\n  Agency X Agency"),
            "{text}"
        );
        assert!(
            text.contains("missed relations (1):\n  a holdsPost b"),
            "{text}"
        );
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

    #[test]
    fn posts_match_whatever_their_function_words_and_acronyms() {
        let same = [
            (
                "\"Minister of Foreign Affairs of Estonia\"",
                "\"Minister for Foreign Affairs of Estonia\"",
            ),
            (
                "\"Director of the NATO Cooperative Cyber Defence Centre of Excellence\"",
                "Director, NATO Cooperative Cyber Defence Centre of Excellence",
            ),
            (
                "Under Secretary for the National Protection and Programs Directorate (NPPD), DHS",
                "Under Secretary for the National Protection and Programs Directorate, DHS",
            ),
            (
                "Director-General, Foreign Policy Bureau",
                "Director General Foreign Policy Bureau",
            ),
        ];
        for (a, b) in same {
            assert_eq!(object_key(a), object_key(b), "{a} / {b}");
        }
        let different = [
            (
                "Ambassador for Cyber Affairs (Australia)",
                "Ambassador for Cyber Affairs (Indonesia)",
            ),
            (
                "Ambassador for Cyber Affairs (Australia)",
                "Ambassador for Cyber Affairs and Critical Technology (Australia)",
            ),
            ("Deputy Director-General", "Director-General"),
            ("Minister of State", "State Minister"),
        ];
        for (a, b) in different {
            assert_ne!(object_key(a), object_key(b), "{a} / {b}");
        }
        // a bracketed state is a word, an acronym is not
        assert_eq!(object_key("Ambassador (Australia)"), "ambassador australia");
    }
}
