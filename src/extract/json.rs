//! The extraction format (`../shared/extraction-format.md`): one JSON object per document with
//! `doc`, `entities`, `events` and `relations`. The same types read gold annotations for
//! [`crate::eval`].
//!
//! Entities are listed in order of first mention with every distinct surface as written; events
//! in text order; relations in sentence order. Participation and venue of extracted events are
//! in the events (`participants`, `place`), not repeated as `participatedIn`/`heldIn`
//! relations, as in the gold files. With provenance requested, each item also carries a
//! `provenance` object (sentence, char span, rule, confidence) — an addition the gold files do
//! not have and `eval` ignores.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::gazetteer::Gazetteer;
use crate::model::{EntityId, Object, Predicate, Provenance, RelationKind, Span};

use super::Extraction;

/// Where an item was found (printed only on request).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvenanceRecord {
    /// 0-based sentence index.
    pub sentence: Option<usize>,
    /// Char span `[start, end)` of the first occurrence (entities) or the evidence.
    pub span: Option<[usize; 2]>,
    /// The rule that fired.
    pub rule: String,
    /// Confidence in 0..=1.
    pub confidence: f64,
}

impl ProvenanceRecord {
    fn from_provenance(p: &Provenance) -> Self {
        Self {
            sentence: p.sentence,
            span: p.span.map(|s| [s.start, s.end]),
            rule: p.rule.clone(),
            confidence: p.confidence,
        }
    }

    fn at(sentence: usize, span: Span, rule: &str, confidence: f64) -> Self {
        Self {
            sentence: Some(sentence),
            span: Some([span.start, span.end]),
            rule: rule.to_owned(),
            confidence,
        }
    }
}

/// An entity of the extraction format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// Entity type name (`State`, `Official`...).
    #[serde(rename = "type")]
    pub kind: String,
    /// Canonical English name.
    pub en: String,
    /// Canonical Japanese name.
    #[serde(default)]
    pub ja: Option<String>,
    /// Every distinct surface form, verbatim.
    #[serde(default)]
    pub surface: Vec<String>,
    /// The entity's IRI (extract output only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iri: Option<String>,
    /// Where (on request only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<ProvenanceRecord>,
}

/// An event of the extraction format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Event type name.
    #[serde(rename = "type")]
    pub kind: String,
    /// English label.
    pub label_en: String,
    /// ISO date, any precision.
    pub start: String,
    /// ISO date or null.
    #[serde(default)]
    pub end: Option<String>,
    /// Canonical English name of the place, or null.
    #[serde(default)]
    pub place: Option<String>,
    /// Canonical English names.
    #[serde(default)]
    pub participants: Vec<String>,
    /// The sentence, verbatim.
    #[serde(default)]
    pub evidence: String,
    /// Where (on request only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<ProvenanceRecord>,
}

/// A relation of the extraction format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationRecord {
    /// Canonical English name of the subject.
    pub subject: String,
    /// Predicate name.
    pub predicate: String,
    /// Canonical English name, or a literal in double quotes.
    pub object: String,
    /// ISO date or null.
    #[serde(default)]
    pub date: Option<String>,
    /// The sentence, verbatim.
    #[serde(default)]
    pub evidence: String,
    /// Where (on request only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<ProvenanceRecord>,
}

/// One document in the extraction format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocReport {
    /// The document's file name.
    pub doc: String,
    /// Entities mentioned.
    #[serde(default)]
    pub entities: Vec<EntityRecord>,
    /// Events.
    #[serde(default)]
    pub events: Vec<EventRecord>,
    /// Relations.
    #[serde(default)]
    pub relations: Vec<RelationRecord>,
}

/// How to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportConfig {
    /// Base IRI (`{base}id/{slug}`).
    pub base: String,
    /// Add a `provenance` object to every item.
    pub provenance: bool,
}

/// Build the extraction-format report of one extraction. `doc_name` is the file name.
pub fn report(
    extraction: &Extraction,
    gazetteer: &Gazetteer,
    doc_name: &str,
    config: &ReportConfig,
) -> DocReport {
    let local: BTreeMap<&EntityId, &crate::model::Entity> =
        extraction.entities.iter().map(|e| (&e.id, e)).collect();
    let entity = |id: &EntityId| {
        gazetteer
            .entities
            .get(id)
            .or_else(|| local.get(id).copied())
    };
    let label = |id: &EntityId| entity(id).map_or_else(|| id.to_string(), |e| e.label_en.clone());
    let mut order: Vec<&EntityId> = Vec::new();
    let mut surfaces: BTreeMap<&EntityId, Vec<String>> = BTreeMap::new();
    let mut first: BTreeMap<&EntityId, &super::Mention> = BTreeMap::new();
    for mention in &extraction.mentions {
        let list = surfaces.entry(&mention.entity).or_insert_with(|| {
            order.push(&mention.entity);
            Vec::new()
        });
        first.entry(&mention.entity).or_insert(mention);
        if !list.contains(&mention.surface) {
            list.push(mention.surface.clone());
        }
    }
    let entities = order
        .into_iter()
        .filter_map(|id| {
            let e = entity(id)?;
            Some(EntityRecord {
                kind: e.kind.name().to_owned(),
                en: e.label_en.clone(),
                ja: e.label_ja.clone(),
                surface: surfaces.remove(id).unwrap_or_default(),
                iri: Some(format!("{}id/{}", config.base, id)),
                provenance: config.provenance.then(|| {
                    let m = first[id];
                    let confidence = if e.provisional { 0.5 } else { 0.9 };
                    ProvenanceRecord::at(
                        m.sentence,
                        m.span,
                        &format!("extract:{}", m.rule),
                        confidence,
                    )
                }),
            })
        })
        .collect();
    let events = extraction
        .events
        .iter()
        .map(|e| EventRecord {
            kind: e.kind.name().to_owned(),
            label_en: e.label_en.clone(),
            start: e.start.to_string(),
            end: e.end.map(|d| d.to_string()),
            place: e.place.as_ref().map(label),
            participants: e.participants.iter().map(label).collect(),
            evidence: e.evidence.clone(),
            provenance: config
                .provenance
                .then(|| ProvenanceRecord::at(e.sentence, e.span, &e.rule, 0.7)),
        })
        .collect();
    let is_event = |id: &EntityId| extraction.events.iter().any(|e| &e.id == id);
    let mut relations: Vec<(Option<usize>, RelationRecord)> = extraction
        .relations
        .iter()
        .filter(|r| {
            let event_link = matches!(
                r.predicate,
                RelationKind::Known(Predicate::ParticipatedIn | Predicate::HeldIn)
            ) && (is_event(&r.subject)
                || matches!(&r.object, Object::Entity(o) if is_event(o)));
            !event_link
        })
        .map(|r| {
            let object = match &r.object {
                Object::Entity(id) => label(id),
                Object::Post(post) => gazetteer
                    .posts
                    .get(post)
                    .map_or_else(|| post.to_string(), |p| p.label_en.clone()),
                Object::Literal(text) => format!("\"{text}\""),
            };
            (
                r.provenance.sentence,
                RelationRecord {
                    subject: label(&r.subject),
                    predicate: r.predicate.name(),
                    object,
                    date: r.date.map(|d| d.to_string()),
                    evidence: r.provenance.evidence.clone().unwrap_or_default(),
                    provenance: config
                        .provenance
                        .then(|| ProvenanceRecord::from_provenance(&r.provenance)),
                },
            )
        })
        .collect();
    relations.sort_by(|a, b| {
        (a.0, &a.1.subject, &a.1.predicate, &a.1.object).cmp(&(
            b.0,
            &b.1.subject,
            &b.1.predicate,
            &b.1.object,
        ))
    });
    relations.dedup_by(|a, b| {
        (&a.1.subject, &a.1.predicate, &a.1.object) == (&b.1.subject, &b.1.predicate, &b.1.object)
    });
    DocReport {
        doc: doc_name.to_owned(),
        entities,
        events,
        relations: relations.into_iter().map(|(_, r)| r).collect(),
    }
}

/// A plain-text table of a report, for people.
pub fn render_table(report: &DocReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "== {}", report.doc);
    let _ = writeln!(out, "entities ({}):", report.entities.len());
    for e in &report.entities {
        // padded by display width: Japanese names take two columns a character
        let _ = writeln!(
            out,
            "  {:<18} {} {}",
            e.kind,
            crate::text::pad(&e.en, 45),
            e.surface.join(" | ")
        );
    }
    let _ = writeln!(out, "events ({}):", report.events.len());
    for e in &report.events {
        let dates = match &e.end {
            Some(end) => format!("{}..{}", e.start, end),
            None => e.start.clone(),
        };
        let _ = writeln!(
            out,
            "  {:<22} {:<13} {} @ {} [{}]",
            dates,
            e.kind,
            e.label_en,
            e.place.as_deref().unwrap_or("-"),
            e.participants.join(", ")
        );
    }
    let _ = writeln!(out, "relations ({}):", report.relations.len());
    for r in &report.relations {
        let _ = writeln!(
            out,
            "  {} --{}--> {}{}",
            r.subject,
            r.predicate,
            r.object,
            r.date
                .as_ref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        );
    }
    out
}
