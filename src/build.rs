//! The pipeline: data directory → [`KnowledgeGraph`] ([`build`]).
//!
//! Reads the corpus, the gazetteer and the curated facts; runs extraction over every document
//! (in parallel); merges everything into one graph, curated facts last (they win conflicts,
//! which are reported). The result is deterministic whatever the thread count.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::{Corpus, Document};
use crate::data_dir::DataDir;
use crate::error::{Error, Result};
use crate::extract::{Extraction, Extractor, same_event};
use crate::gazetteer::{Facts, Gazetteer, Selection};
use crate::model::{
    Diagnostic, DocumentId, Entity, EntityId, EntityType, EventType, KnowledgeGraph, MentionRecord,
    Object, Predicate, Provenance, Relation, RelationKind, Source, Span,
};

/// The graph, the per-document extractions and everything worth reporting.
#[derive(Debug, Clone, Default)]
pub struct BuildOutput {
    /// The graph.
    pub graph: KnowledgeGraph,
    /// What extraction found per extracted document, in document order (with
    /// [`BuildOptions::keep_extractions`]).
    pub extractions: Vec<Extraction>,
    /// Problems found (sorted).
    pub diagnostics: Vec<Diagnostic>,
    /// The documents extracted by this build, in document order (the others came from the
    /// [`ContributionCache`]).
    pub extracted: Vec<DocumentId>,
}

/// Callbacks that show a long build's progress.
#[derive(Clone, Copy)]
pub struct Progress<'a> {
    /// Told how many documents will be extracted, before extraction starts.
    pub planned: &'a dyn Fn(usize),
    /// Called once per extracted document, from worker threads.
    pub document: &'a (dyn Fn(&Document) + Sync),
    /// Told when a new stage starts (`assembling the graph`, `writing the store`, ...).
    pub stage: &'a dyn Fn(&str),
}

impl Progress<'_> {
    /// No progress reports.
    pub const NONE: Progress<'static> = Progress {
        planned: &|_| {},
        document: &|_| {},
        stage: &|_| {},
    };
}

impl Default for Progress<'_> {
    fn default() -> Self {
        Progress::NONE
    }
}

impl std::fmt::Debug for Progress<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// Where the contributions of earlier builds are kept, so that unchanged documents are not
/// extracted again (the extraction cache of [`crate::incremental`]).
pub trait ContributionCache: Sync {
    /// What an earlier build extracted from `doc`, if it is kept and still valid.
    fn get(&self, doc: &Document) -> Result<Option<Contribution>>;
    /// Keep what this build extracted from `doc`.
    fn put(&self, doc: &Document, contribution: &Contribution) -> Result<()>;
}

/// How to run the pipeline ([`build`]).
#[derive(Default)]
pub struct BuildOptions<'a> {
    /// Reuse the extractions of earlier builds and keep this build's (incremental builds).
    pub cache: Option<&'a dyn ContributionCache>,
    /// Keep every document's [`Extraction`] in [`BuildOutput::extractions`] (for tests and
    /// evaluation; off, a large build does not hold them all twice).
    pub keep_extractions: bool,
    /// Progress reports.
    pub progress: Progress<'a>,
}

impl std::fmt::Debug for BuildOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildOptions")
            .field("cache", &self.cache.is_some())
            .field("keep_extractions", &self.keep_extractions)
            .finish_non_exhaustive()
    }
}

impl BuildOptions<'_> {
    /// Extract every document and keep the extractions: what tests and examples want.
    pub fn keeping_extractions() -> Self {
        Self {
            keep_extractions: true,
            ..Self::default()
        }
    }
}

/// The pipeline, used by `diplograph build` (through [`crate::incremental`], which adds the
/// store) and by the library: read the data directory, take each document's contribution from
/// the cache or extract it (in parallel, one extractor for all), and assemble the graph.
pub fn build(data: &DataDir, options: &BuildOptions<'_>) -> Result<BuildOutput> {
    let progress = &options.progress;
    let document_done = progress.document;
    let keep_extractions = options.keep_extractions;
    let cache = options.cache;
    (progress.stage)("loading");
    let gazetteer = Gazetteer::from_data_dir(data)?;
    let facts = Facts::from_dir(&data.facts(), &gazetteer)?;
    let corpus = Corpus::from_dir(data.corpus())?;
    let documents: Vec<&Document> = corpus.documents.values().collect();
    let cached: Vec<Option<Contribution>> = match cache {
        Some(cache) => documents
            .par_iter()
            .map(|doc| {
                Ok(cache
                    .get(doc)?
                    .filter(|c| c.doc.as_ref() == Some(&doc.meta.id)))
            })
            .collect::<Result<_>>()?,
        None => vec![None; documents.len()],
    };
    (progress.planned)(cached.iter().filter(|c| c.is_none()).count());
    // one extractor (its alias and trigger automata) for all documents, not one per document
    let extractor = Extractor::new(&gazetteer);
    // extracted and written to the cache in parallel (the cache files are one per document)
    // per document: nothing when cached, else its contribution (and extraction, if kept)
    type Fresh = Option<Result<(Contribution, Option<Extraction>)>>;
    let fresh: Vec<Fresh> = documents
        .par_iter()
        .zip(&cached)
        .map(|(doc, cached)| {
            if cached.is_some() {
                return None;
            }
            let extraction = extractor.extract(doc);
            let contribution = Contribution::from_extraction(&extraction);
            document_done(doc);
            let kept = keep_extractions.then_some(extraction);
            Some(match cache {
                Some(cache) => cache.put(doc, &contribution).map(|()| (contribution, kept)),
                None => Ok((contribution, kept)),
            })
        })
        .collect();
    let mut extracted = Vec::new();
    let mut extractions = Vec::new();
    let mut contributions = Vec::with_capacity(documents.len());
    for ((doc, cached), fresh) in documents.iter().zip(cached).zip(fresh) {
        match (cached, fresh) {
            (Some(contribution), _) => contributions.push(contribution),
            (None, Some(fresh)) => {
                let (contribution, extraction) = fresh?;
                extracted.push(doc.meta.id.clone());
                contributions.push(contribution);
                extractions.extend(extraction);
            }
            (None, None) => {}
        }
    }
    (progress.stage)("assembling the graph");
    let mut output = assemble_contributions(&corpus, &gazetteer, &facts, &contributions)?;
    output.extractions = extractions;
    output.extracted = extracted;
    Ok(output)
}

/// What one document's extraction adds to the graph, in the graph's own types (so it can be
/// cached between builds: see [`crate::incremental`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// The document.
    pub doc: Option<DocumentId>,
    /// Mentions with their provenance.
    pub mentions: Vec<MentionRecord>,
    /// Provisional entities and events.
    pub entities: Vec<Entity>,
    /// Statements.
    pub relations: Vec<Relation>,
    /// The extracted events, for matching them with curated ones.
    #[serde(default)]
    pub events: Vec<EventSummary>,
    /// Diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

/// What matching an extracted event with a curated one needs to know of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    /// The event node's id.
    pub id: EntityId,
    /// English label.
    pub label_en: String,
    /// Start (or only) date.
    pub start: crate::model::PartialDate,
    /// Who took part.
    pub participants: Vec<EntityId>,
    /// The series a numbered session belongs to.
    pub series: Option<EntityId>,
    /// Kind of event (absent in contributions cached before it was recorded).
    #[serde(default)]
    pub kind: Option<EventType>,
}

impl Contribution {
    /// Convert one document's extraction.
    pub fn from_extraction(extraction: &Extraction) -> Self {
        let Some(doc) = &extraction.doc else {
            return Self::default();
        };
        Self {
            doc: Some(doc.clone()),
            mentions: extraction
                .mentions
                .iter()
                .map(|mention| MentionRecord {
                    document: doc.clone(),
                    entity: mention.entity.clone(),
                    surface: mention.surface.clone(),
                    provenance: Provenance {
                        source: Source::Document(doc.clone()),
                        sentence: Some(mention.sentence),
                        span: Some(mention.span),
                        rule: format!("extract:{}", mention.rule),
                        confidence: 0.9,
                        evidence: None,
                    },
                })
                .collect(),
            entities: extraction.entities.clone(),
            relations: extraction.relations.clone(),
            events: extraction
                .events
                .iter()
                .map(|event| EventSummary {
                    id: event.id.clone(),
                    label_en: event.label_en.clone(),
                    start: event.start,
                    participants: event.participants.clone(),
                    series: event.series.clone(),
                    kind: Some(event.kind),
                })
                .collect(),
            diagnostics: extraction.diagnostics.clone(),
        }
    }
}

/// Build from loaded inputs and per-document contributions (in document order); the output
/// has no [`BuildOutput::extractions`].
pub fn assemble_contributions(
    corpus: &Corpus,
    gazetteer: &Gazetteer,
    facts: &Facts,
    contributions: &[Contribution],
) -> Result<BuildOutput> {
    let mut output = BuildOutput {
        diagnostics: gazetteer.diagnostics.clone(),
        ..BuildOutput::default()
    };
    let kg = &mut output.graph;
    for doc in corpus.documents.values() {
        kg.documents.insert(doc.meta.id.clone(), doc.meta.clone());
    }
    add_gazetteer(kg, gazetteer, &gazetteer.curated_selection());
    for contribution in contributions {
        add_contribution(kg, contribution, &mut output.diagnostics);
    }
    merge_events_across_documents(kg, contributions, &mut output.diagnostics);
    replace_extracted_events(kg, contributions, facts, &mut output.diagnostics);
    add_facts(kg, corpus, facts, &mut output.diagnostics)?;
    // reference entries (data/reference/) only when the graph refers to them
    add_gazetteer(kg, gazetteer, &gazetteer.referenced_selection(kg));
    check_references(kg)?;
    kg.normalize();
    output.diagnostics.sort();
    output.diagnostics.dedup();
    Ok(output)
}

/// Add the `selection` of the gazetteer's entries, with the tenures of its people.
fn add_gazetteer(kg: &mut KnowledgeGraph, gazetteer: &Gazetteer, selection: &Selection) {
    let entities = || {
        selection
            .entities
            .iter()
            .filter_map(|id| gazetteer.entities.get(id))
    };
    let tenures = || {
        gazetteer
            .tenures
            .iter()
            .filter(|t| selection.entities.contains(&t.person))
    };
    for entity in entities() {
        match kg.entities.get_mut(&entity.id) {
            // an extracted provisional node of the same id: the gazetteer entry replaces it
            Some(existing) if existing.provisional => {
                let found = std::mem::take(&mut existing.provenance);
                *existing = entity.clone();
                existing.provenance.extend(found);
            }
            Some(_) => {}
            None => {
                kg.entities.insert(entity.id.clone(), entity.clone());
            }
        }
    }
    for id in &selection.posts {
        if let Some(post) = gazetteer.posts.get(id) {
            kg.posts.insert(id.clone(), post.clone());
        }
    }
    kg.tenures.extend(tenures().cloned());
    for entity in entities() {
        let Some(provenance) = entity.provenance.first() else {
            continue;
        };
        if let Some(parent) = &entity.parent {
            kg.relations.push(Relation {
                subject: entity.id.clone(),
                predicate: RelationKind::Known(Predicate::PartOf),
                object: Object::Entity(parent.clone()),
                date: None,
                provenance: provenance.clone(),
            });
        }
        if let Some(place) = gazetteer.places.get(&entity.id) {
            kg.relations.push(Relation {
                subject: entity.id.clone(),
                predicate: RelationKind::Known(Predicate::HeldIn),
                object: Object::Entity(place.clone()),
                date: entity.start,
                provenance: provenance.clone(),
            });
        }
    }
    for tenure in tenures() {
        kg.relations.push(Relation {
            subject: tenure.person.clone(),
            predicate: RelationKind::Known(Predicate::HoldsPost),
            object: Object::Post(tenure.post.clone()),
            date: Some(tenure.start),
            provenance: tenure.provenance.clone(),
        });
    }
}

fn add_contribution(
    kg: &mut KnowledgeGraph,
    contribution: &Contribution,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if contribution.doc.is_none() {
        return;
    }
    kg.mentions.extend(contribution.mentions.iter().cloned());
    for entity in &contribution.entities {
        match kg.entities.get_mut(&entity.id) {
            Some(existing) => {
                existing
                    .provenance
                    .extend(entity.provenance.iter().cloned());
                // the same session reported by several documents: keep the most precise date
                if let (Some(old), Some(new)) = (existing.start, entity.start)
                    && new.precision() > old.precision()
                    && new.overlaps(old)
                {
                    existing.start = entity.start;
                    existing.end = entity.end;
                    if let (Some(info), Some(new_info)) = (&mut existing.event, &entity.event) {
                        info.start = new_info.start;
                        info.end = new_info.end;
                    }
                }
            }
            None => {
                kg.entities.insert(entity.id.clone(), entity.clone());
            }
        }
    }
    kg.relations.extend(contribution.relations.iter().cloned());
    diagnostics.extend(contribution.diagnostics.iter().cloned());
}

/// Curated events override extracted ones: an extracted event of the same document with the
/// same start date and a shared participant ([`same_event`]) is replaced by the curated event
/// (its statements are redirected to the curated id, so that differing places or series show
/// up as conflicts), and the replacement is reported.
fn replace_extracted_events(
    kg: &mut KnowledgeGraph,
    contributions: &[Contribution],
    facts: &Facts,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut replaced: BTreeMap<EntityId, EntityId> = BTreeMap::new();
    // candidates share the series or the document: index the curated events by both, so that
    // matching is not every extracted event against every curated one
    let mut by_series: BTreeMap<&EntityId, Vec<usize>> = BTreeMap::new();
    let mut by_doc: BTreeMap<&DocumentId, Vec<usize>> = BTreeMap::new();
    for (i, curated) in facts.events.iter().enumerate() {
        if let Some(series) = &curated.series {
            by_series.entry(series).or_default().push(i);
        }
        by_doc.entry(&curated.doc).or_default().push(i);
    }
    let mut candidates: Vec<usize> = Vec::new();
    for contribution in contributions {
        for event in &contribution.events {
            candidates.clear();
            if let Some(series) = &event.series {
                candidates.extend(by_series.get(series).into_iter().flatten());
            }
            if let Some(doc) = &contribution.doc {
                candidates.extend(by_doc.get(doc).into_iter().flatten());
            }
            // in the curated order, as a scan of all of them would meet them (ties go to the last)
            candidates.sort_unstable();
            candidates.dedup();
            // the same happening: in the same document, an overlapping date and a shared
            // participant; in any document, a session of the same series on an overlapping
            // date. The best candidate wins (same series, then the same date, then the most
            // shared participants).
            let best = candidates
                .iter()
                .map(|&i| &facts.events[i])
                .filter_map(|curated| {
                    let start = curated.entity.interval().0?;
                    if !event.start.overlaps(start) {
                        return None;
                    }
                    let same_series = event.series.is_some() && event.series == curated.series;
                    let shared = event
                        .participants
                        .iter()
                        .filter(|p| curated.participants.contains(p))
                        .count();
                    let same_doc = contribution.doc.as_ref() == Some(&curated.doc);
                    (same_series || (same_doc && shared > 0)).then_some((
                        (
                            same_series,
                            same_event(
                                event.start,
                                &event.participants,
                                start,
                                &curated.participants,
                            ),
                            shared,
                        ),
                        curated,
                    ))
                })
                .max_by_key(|(score, _)| *score);
            if let Some((_, curated)) = best {
                replaced.insert(event.id.clone(), curated.entity.id.clone());
                diagnostics.push(Diagnostic::info(
                    curated.location.to_string(),
                    format!(
                        "curated event `{}` replaces extracted event `{}` ({})",
                        curated.entity.id, event.id, event.label_en
                    ),
                ));
            }
        }
    }
    if replaced.is_empty() {
        return;
    }
    for old in replaced.keys() {
        kg.entities.remove(old);
    }
    // where the curated event gives a place or series, the extracted one is dropped (curated
    // wins); a different object is reported as a conflict
    let curated_by_id: BTreeMap<&EntityId, &crate::gazetteer::CuratedEvent> =
        facts.events.iter().map(|e| (&e.entity.id, e)).collect();
    let places: BTreeMap<EntityId, Option<EntityId>> = kg
        .entities
        .values()
        .map(|e| (e.id.clone(), e.country.clone()))
        .collect();
    kg.relations.retain(|relation| {
        let Some(new) = replaced.get(&relation.subject) else {
            return true;
        };
        let Some(curated) = curated_by_id.get(new) else {
            return true;
        };
        let curated_object = match relation.predicate {
            RelationKind::Known(Predicate::HeldIn) => curated.place.as_ref(),
            RelationKind::Known(Predicate::PartOf) => curated.series.as_ref(),
            _ => return true,
        };
        let Some(curated_object) = curated_object else {
            return true;
        };
        // a venue given only as the country of the curated place is less precise, not wrong
        let coarser = matches!(&relation.object, Object::Entity(o)
            if places.get(curated_object).is_some_and(|country| country.as_ref() == Some(o)));
        if coarser {
            diagnostics.push(Diagnostic::info(
                curated.location.to_string(),
                format!(
                    "curated `{new} {} {curated_object}` is more precise than extracted object {}; the curated statement is kept",
                    relation.predicate, relation.object
                ),
            ));
        } else if relation.object != Object::Entity(curated_object.clone()) {
            diagnostics.push(Diagnostic::warning(
                curated.location.to_string(),
                format!(
                    "curated `{new} {} {curated_object}` conflicts with extracted object {} ({}); the curated statement is kept",
                    relation.predicate, relation.object, relation.provenance.rule
                ),
            ));
        }
        false
    });
    for relation in &mut kg.relations {
        if let Some(new) = replaced.get(&relation.subject) {
            relation.subject = new.clone();
        }
        if let Object::Entity(object) = &relation.object
            && let Some(new) = replaced.get(object)
        {
            relation.object = Object::Entity(new.clone());
        }
    }
}

/// One node per real-world event across documents (issue 12 item 2). Numbered sessions already
/// share their series' session id (`{series}-{n}`) whatever document reports them; other
/// extracted events from different documents merge when they agree on type, date (equal at the
/// coarser precision of the two), series (if both have one) and participants (the same states,
/// or the same participants when no state is named). Within one document, the same label at
/// two precisions (a reference line restating a date) merges too. The node kept is the one with the most precise date (then the
/// smallest id); it keeps every document's provenance, and the others' statements are
/// redirected to it. Different venues of one merged event are reported as warnings.
fn merge_events_across_documents(
    kg: &mut KnowledgeGraph,
    contributions: &[Contribution],
    diagnostics: &mut Vec<Diagnostic>,
) {
    type Key = (EventType, Vec<EntityId>);
    let mut groups: BTreeMap<Key, Vec<(&DocumentId, &EventSummary)>> = BTreeMap::new();
    for contribution in contributions {
        let Some(doc) = &contribution.doc else {
            continue;
        };
        for event in &contribution.events {
            let Some(kind) = event.kind else {
                continue;
            };
            let mut states: Vec<EntityId> = event
                .participants
                .iter()
                .filter(|p| {
                    kg.entities
                        .get(*p)
                        .is_some_and(|e| e.kind == EntityType::State)
                })
                .cloned()
                .collect();
            if states.is_empty() {
                states.clone_from(&event.participants);
            }
            states.sort();
            states.dedup();
            if states.is_empty() {
                continue;
            }
            groups.entry((kind, states)).or_default().push((doc, event));
        }
    }
    let mut replaced: BTreeMap<EntityId, EntityId> = BTreeMap::new();
    for members in groups.values() {
        // greedy clustering in document order: an event joins the first cluster whose dates
        // agree with its own and that has no event of its document yet
        let mut clusters: Vec<Vec<(&DocumentId, &EventSummary)>> = Vec::new();
        for &(doc, event) in members {
            let found = clusters.iter_mut().find(|cluster| {
                cluster.iter().all(|(d, e)| {
                    // in one document only a restatement at another precision (a reference
                    // line `(平成30年7月27日)` after `平成30年7月に…`), with the same label
                    let other_doc = *d != doc
                        || (e.label_en == event.label_en
                            && e.start.precision() != event.start.precision());
                    other_doc
                        && e.id != event.id
                        && (e.series.is_none()
                            || event.series.is_none()
                            || e.series == event.series)
                        && same_at_coarser(e.start, event.start)
                })
            });
            match found {
                Some(cluster) => cluster.push((doc, event)),
                None => clusters.push(vec![(doc, event)]),
            }
        }
        for cluster in clusters.into_iter().filter(|c| c.len() > 1) {
            let Some(keep) = cluster
                .iter()
                .max_by(|(_, a), (_, b)| {
                    (a.series.is_some(), a.start.precision())
                        .cmp(&(b.series.is_some(), b.start.precision()))
                        .then_with(|| b.id.cmp(&a.id))
                })
                .map(|(_, e)| e.id.clone())
            else {
                continue;
            };
            for (_, event) in &cluster {
                if event.id != keep {
                    replaced.insert(event.id.clone(), keep.clone());
                }
            }
        }
    }
    for (old, new) in &replaced {
        if let Some(entity) = kg.entities.remove(old)
            && let Some(kept) = kg.entities.get_mut(new)
        {
            kept.provenance.extend(entity.provenance);
        }
    }
    for relation in &mut kg.relations {
        if let Some(new) = replaced.get(&relation.subject) {
            relation.subject = new.clone();
        }
        if let Object::Entity(object) = &relation.object
            && let Some(new) = replaced.get(object)
        {
            relation.object = Object::Entity(new.clone());
        }
    }
    // different venues of one event (from different documents) are conflicts
    let mut venues: BTreeMap<&EntityId, BTreeMap<&Object, &Relation>> = BTreeMap::new();
    for relation in &kg.relations {
        if relation.predicate == RelationKind::Known(Predicate::HeldIn)
            && relation.provenance.rule.starts_with("extract")
            && kg
                .entities
                .get(&relation.subject)
                .is_some_and(|e| e.kind == EntityType::Event)
        {
            venues
                .entry(&relation.subject)
                .or_default()
                .entry(&relation.object)
                .or_insert(relation);
        }
    }
    for (event, objects) in venues.iter().filter(|(_, o)| o.len() > 1) {
        let places: Vec<String> = objects
            .iter()
            .map(|(o, r)| {
                format!(
                    "{o} ({})",
                    r.provenance
                        .document()
                        .map_or_else(String::new, ToString::to_string)
                )
            })
            .collect();
        diagnostics.push(Diagnostic::warning(
            event.to_string(),
            format!(
                "event `{event}` is held in different places according to different documents: {}",
                places.join(", ")
            ),
        ));
    }
}

/// Equal at the coarser precision of the two (2016-07 and 2016-07-27 agree; 2016-07-26 and
/// 2016-07-27 do not).
fn same_at_coarser(a: crate::model::PartialDate, b: crate::model::PartialDate) -> bool {
    let coarse = a.precision().min(b.precision());
    a.year_part() == b.year_part()
        && (coarse < crate::model::Precision::Month || a.month_part() == b.month_part())
        && (coarse < crate::model::Precision::Day || a.day_part() == b.day_part())
}

/// Char span of `needle` in `text`, if it occurs.
fn find_span(text: &str, needle: &str) -> Option<Span> {
    let byte = text.find(needle)?;
    let start = text[..byte].chars().count();
    Some(Span {
        start,
        end: start + needle.chars().count(),
    })
}

/// The sentences of each document that curated facts cite, split once per document.
type Sentences<'a> = BTreeMap<&'a DocumentId, Vec<Span>>;

fn curated_provenance(
    corpus: &Corpus,
    sentences: &Sentences<'_>,
    doc: &crate::model::DocumentId,
    evidence: &str,
    location: &crate::error::Location,
) -> Result<Provenance> {
    let document = corpus.documents.get(doc).ok_or_else(|| {
        Error::input(
            location.clone(),
            format!("unknown document `{doc}` in column `doc`"),
        )
    })?;
    let span = find_span(&document.text, evidence).ok_or_else(|| {
        Error::input(
            location.clone(),
            format!(
                "evidence does not occur verbatim in document `{doc}`: copy the sentence exactly"
            ),
        )
    })?;
    let sentence = sentences.get(doc).and_then(|all| {
        all.iter()
            .position(|s| s.start <= span.start && span.start < s.end)
    });
    Ok(Provenance {
        source: Source::Document(doc.clone()),
        sentence,
        span: Some(span),
        rule: "curated".to_owned(),
        confidence: 1.0,
        evidence: Some(evidence.to_owned()),
    })
}

fn add_facts(
    kg: &mut KnowledgeGraph,
    corpus: &Corpus,
    facts: &Facts,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<()> {
    let mut errors = Vec::new();
    let mut curated = Vec::new();
    // every fact's provenance found in parallel (its evidence looked up in its document), the
    // documents split into sentences once each: at 10M quads, one split per fact was most of
    // assembling the graph
    let cited: BTreeSet<&DocumentId> = facts
        .events
        .iter()
        .map(|e| &e.doc)
        .chain(facts.statements.iter().map(|s| &s.doc))
        .collect();
    let sentences: Sentences<'_> = cited
        .into_par_iter()
        .filter_map(|doc| {
            let document = corpus.documents.get(doc)?;
            Some((doc, crate::extract::sentences(&document.text)))
        })
        .collect();
    let provenance = |doc, evidence: &str, location| {
        curated_provenance(corpus, &sentences, doc, evidence, location)
    };
    let event_provenance: Vec<Result<Provenance>> = facts
        .events
        .par_iter()
        .map(|e| provenance(&e.doc, &e.evidence, &e.location))
        .collect();
    let statement_provenance: Vec<Result<Provenance>> = facts
        .statements
        .par_iter()
        .map(|s| provenance(&s.doc, &s.evidence, &s.location))
        .collect();
    for (event, provenance) in facts.events.iter().zip(event_provenance) {
        let provenance = match provenance {
            Ok(p) => p,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mut entity = event.entity.clone();
        entity.provenance.push(provenance.clone());
        let date = entity.interval().0;
        let mut relate = |subject: &EntityId, predicate: Predicate, object: &EntityId| {
            curated.push(Relation {
                subject: subject.clone(),
                predicate: RelationKind::Known(predicate),
                object: Object::Entity(object.clone()),
                date,
                provenance: provenance.clone(),
            });
        };
        for participant in &event.participants {
            relate(participant, Predicate::ParticipatedIn, &entity.id);
        }
        if let Some(place) = &event.place {
            relate(&entity.id, Predicate::HeldIn, place);
        }
        if let Some(series) = &event.series {
            relate(&entity.id, Predicate::PartOf, series);
        }
        // A curated event replaces an extracted node of the same id.
        kg.entities.insert(entity.id.clone(), entity);
    }
    for (statement, provenance) in facts.statements.iter().zip(statement_provenance) {
        match provenance {
            Ok(provenance) => curated.push(Relation {
                subject: statement.subject.clone(),
                predicate: statement.predicate.clone(),
                object: statement.object.clone(),
                date: statement.date,
                provenance,
            }),
            Err(e) => errors.push(e),
        }
    }
    Error::from_list(errors)?;
    report_conflicts(&kg.relations, &curated, diagnostics);
    kg.relations.extend(curated);
    Ok(())
}

/// Functional predicates: one object per subject (per date).
fn is_functional(predicate: &RelationKind) -> bool {
    matches!(
        predicate,
        RelationKind::Known(Predicate::HeldIn | Predicate::PartOf)
    )
}

fn report_conflicts(
    existing: &[Relation],
    curated: &[Relation],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut extracted: BTreeMap<(&EntityId, &RelationKind), BTreeSet<&Object>> = BTreeMap::new();
    for relation in existing {
        if relation.provenance.rule.starts_with("extract") && is_functional(&relation.predicate) {
            extracted
                .entry((&relation.subject, &relation.predicate))
                .or_default()
                .insert(&relation.object);
        }
    }
    for relation in curated {
        if let Some(objects) = extracted.get(&(&relation.subject, &relation.predicate)) {
            for object in objects.iter().filter(|o| ***o != relation.object) {
                diagnostics.push(Diagnostic::warning(
                    relation
                        .provenance
                        .document()
                        .map_or_else(String::new, ToString::to_string),
                    format!(
                        "curated `{} {} {}` conflicts with extracted object {}; the curated statement is kept",
                        relation.subject, relation.predicate, relation.object, object
                    ),
                ));
            }
        }
    }
}

fn check_references(kg: &KnowledgeGraph) -> Result<()> {
    let mut missing = BTreeSet::new();
    for relation in &kg.relations {
        if !kg.entities.contains_key(&relation.subject) {
            missing.insert(relation.subject.clone());
        }
        if let Object::Entity(id) = &relation.object
            && !kg.entities.contains_key(id)
        {
            missing.insert(id.clone());
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::store(format!(
        "statements refer to unknown entities: {}",
        missing
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    )))
}
