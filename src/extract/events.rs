//! Events and relations from trigger words, with the clause's date, place and participants.
//!
//! Per sentence:
//!
//! - Numbered sessions (`第5回日米サイバー対話`, `4th … Dialogue`) with a trigger and a date are
//!   events of their own, `partOf` their series (rule `session`).
//! - Otherwise the strongest trigger with a date makes the sentence's main event (rule
//!   `event-trigger`): 開催/会談/held/met → Meeting (a known series named before the trigger
//!   makes it a meeting of that series, `partOf` it), 署名/締結/signed → Signing, 合意/一致/agreed
//!   → Agreement, 設置/立ち上げ/established → Establishment, 発表/発出/表明 → Statement, 拠出 →
//!   Contribution, 演習 → Exercise, 訪問 → Visit, 閣議決定 → Other. Signing and Statement
//!   triggers also make events of their own next to a meeting; agreements and establishments
//!   in a meeting sentence become its `agreedOn`/`established` relations.
//! - The date is the last date before the trigger in the sentence (else the first after it);
//!   dates of citations (`2013年10月3日付`, `外務省(2013年10月3日)「…」`) are not event dates;
//!   triggers inside quotes (「…の開催」) and planned events (開催する予定, will be held) make no
//!   event.
//! - Participants: the states, officials, ministries, agencies and organisations of the
//!   sentence plus the states of a session's series name; place: the first Place (or a State
//!   followed by で/において). A sentence with 出席/参加 and no date adds its people to the
//!   previous sentence's event.
//!
//! Relations: `holdsPost` (titles), `partOf` (sessions, new bureaus of a known ministry),
//! `participatedIn`/`heldIn` (events), `agreedOn`, `established`, `signed`, `hosted` (X主催の,
//! hosted by), `contributedTo` (Xに拠出), `memberOf` (AとBの間における working group),
//! `participatedIn` (Xへの参加).

use aho_corasick::{AhoCorasick, MatchKind};

use crate::corpus::Document;
use crate::gazetteer::Gazetteer;
use crate::model::{
    Diagnostic, DocumentId, Entity, EntityId, EntityType, EventInfo, EventType, Object,
    PartialDate, Predicate, Provenance, Relation, RelationKind, Source, Span, stable_hash,
};

use super::dates::DateMention;
use super::mentions::{Found, Hit, Matcher, Session, Target};
use super::text::{Text, is_word};
use super::{ExtractedEvent, Extraction, Mention};

/// What a trigger word says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    Event(EventType, u8),
    Participation,
    Host,
}

const TRIGGERS: &[(&str, Trigger)] = &[
    ("開催", Trigger::Event(EventType::Meeting, 9)),
    ("開かれ", Trigger::Event(EventType::Meeting, 9)),
    ("会談", Trigger::Event(EventType::Meeting, 9)),
    ("行われ", Trigger::Event(EventType::Meeting, 3)),
    ("署名", Trigger::Event(EventType::Signing, 8)),
    ("締結", Trigger::Event(EventType::Signing, 8)),
    ("交わ", Trigger::Event(EventType::Signing, 7)),
    ("合意", Trigger::Event(EventType::Agreement, 6)),
    ("一致", Trigger::Event(EventType::Agreement, 5)),
    ("設置", Trigger::Event(EventType::Establishment, 7)),
    ("創設", Trigger::Event(EventType::Establishment, 7)),
    ("立ち上げ", Trigger::Event(EventType::Establishment, 7)),
    ("発足", Trigger::Event(EventType::Establishment, 7)),
    ("発表", Trigger::Event(EventType::Statement, 6)),
    ("発出", Trigger::Event(EventType::Statement, 6)),
    ("表明", Trigger::Event(EventType::Statement, 5)),
    ("公表", Trigger::Event(EventType::Statement, 6)),
    ("出版", Trigger::Event(EventType::Statement, 6)),
    ("提出", Trigger::Event(EventType::Statement, 5)),
    ("閣議決定", Trigger::Event(EventType::Other, 8)),
    ("拠出", Trigger::Event(EventType::Contribution, 7)),
    ("演習", Trigger::Event(EventType::Exercise, 7)),
    ("訪問", Trigger::Event(EventType::Visit, 6)),
    ("来日", Trigger::Event(EventType::Visit, 6)),
    ("出席", Trigger::Participation),
    ("参加", Trigger::Participation),
    ("主催", Trigger::Host),
    ("held", Trigger::Event(EventType::Meeting, 9)),
    ("met", Trigger::Event(EventType::Meeting, 9)),
    ("convened", Trigger::Event(EventType::Meeting, 9)),
    ("signed", Trigger::Event(EventType::Signing, 8)),
    ("agreed", Trigger::Event(EventType::Agreement, 6)),
    ("established", Trigger::Event(EventType::Establishment, 7)),
    ("launched", Trigger::Event(EventType::Establishment, 7)),
    ("announced", Trigger::Event(EventType::Statement, 6)),
    ("issued", Trigger::Event(EventType::Statement, 6)),
    ("visited", Trigger::Event(EventType::Visit, 6)),
    ("contributed", Trigger::Event(EventType::Contribution, 7)),
    ("participated", Trigger::Participation),
    ("delegation", Trigger::Participation),
    ("led", Trigger::Participation),
    ("attended", Trigger::Participation),
    ("hosted", Trigger::Host),
];

/// Words after a trigger that make it a plan, not a fact.
const FUTURE: &[&str] = &[
    "予定",
    "見込み",
    "方針",
    "計画",
    "意向",
    "べき",
    "ことを目指",
];

/// The trigger automaton (built once per extractor).
#[derive(Debug)]
pub(crate) struct Triggers {
    automaton: Option<AhoCorasick>,
}

impl Triggers {
    pub(crate) fn new() -> Self {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(TRIGGERS.iter().map(|(w, _)| *w))
            .ok();
        Self { automaton }
    }

    /// Triggers in the text: (start, end, trigger), ASCII ones at word boundaries.
    fn find(&self, text: &Text<'_>) -> Vec<(usize, usize, Trigger)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        automaton
            .find_iter(text.norm.as_str())
            .filter(|m| {
                let word = TRIGGERS[m.pattern().as_usize()].0;
                !word.is_ascii()
                    || (!text.char_before(m.start()).is_some_and(is_word)
                        && !text.char_at(m.end()).is_some_and(is_word))
            })
            .map(|m| (m.start(), m.end(), TRIGGERS[m.pattern().as_usize()].1))
            .collect()
    }
}

/// Ordinal in English: 1st, 2nd, 3rd, 4th, 11th, 21st.
pub(crate) fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The leading bullet or paragraph number of a sentence (`- `, `• `, `1 `, `(1)`, `a. `).
fn strip_bullet(sentence: &str) -> &str {
    let trimmed = sentence.trim();
    let mut rest = trimmed;
    for prefix in ["- ", "• ", "・", "* ", "※"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim_start();
        }
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 3 {
        let after = &rest[digits..];
        for sep in [". ", " ", "　", "."] {
            if let Some(r) = after.strip_prefix(sep) {
                return r.trim_start();
            }
        }
    }
    rest
}

struct Builder<'x, 't, 'a> {
    text: &'t Text<'a>,
    gazetteer: &'x Gazetteer,
    found: &'x Found,
    doc: DocumentId,
    extraction: Extraction,
    /// Where the next event's venue may be named, and where not (attributive phrases).
    scope: ((usize, usize), Vec<(usize, usize)>),
}

impl Builder<'_, '_, '_> {
    fn kind(&self, id: &EntityId) -> Option<EntityType> {
        self.found.kind(self.gazetteer, id)
    }

    fn provenance(
        &self,
        sentence: usize,
        span: Span,
        rule: &str,
        confidence: f64,
        evidence: &str,
    ) -> Provenance {
        Provenance {
            source: Source::Document(self.doc.clone()),
            sentence: Some(sentence),
            span: Some(span),
            rule: format!("extract:{rule}"),
            confidence,
            evidence: Some(evidence.to_owned()),
        }
    }

    fn relate(
        &mut self,
        subject: &EntityId,
        predicate: Predicate,
        object: Object,
        date: Option<PartialDate>,
        provenance: Provenance,
    ) {
        if let Object::Entity(o) = &object
            && o == subject
        {
            return;
        }
        self.extraction.relations.push(Relation {
            subject: subject.clone(),
            predicate: RelationKind::Known(predicate),
            object,
            date,
            provenance,
        });
    }

    fn label(&self, id: &EntityId) -> String {
        self.gazetteer
            .entities
            .get(id)
            .or_else(|| self.found.provisional.get(id))
            .map_or_else(|| id.to_string(), |e| e.label_en.clone())
    }
}

/// The entities (not posts) a hit mentions.
fn hit_entities(hit: &Hit) -> Vec<EntityId> {
    match &hit.target {
        Target::Entity(id) => vec![id.clone()],
        Target::Group(ids) => ids.clone(),
        Target::Post(_) => Vec::new(),
    }
}

fn is_participant_kind(kind: EntityType) -> bool {
    matches!(
        kind,
        EntityType::State
            | EntityType::Official
            | EntityType::Ministry
            | EntityType::Agency
            | EntityType::Organization
    )
}

/// True when the byte range lies inside 「…」, “…” or "…" quotes of the sentence.
fn quoted(norm: &str, sentence: (usize, usize), at: usize) -> bool {
    let before = &norm[sentence.0..at];
    let open = before.matches('「').count() + before.matches('『').count();
    let close = before.matches('」').count() + before.matches('』').count();
    let curly = before.matches('“').count() > before.matches('”').count();
    open > close || curly || before.matches('"').count() % 2 == 1
}

/// A date that is a citation's (a source's publication date), not an event's.
fn is_citation_date(norm: &str, date: &DateMention) -> bool {
    let after = &norm[date.norm.1..];
    let before = &norm[..date.norm.0];
    after.starts_with('付')
        || (before.ends_with('(') && after.starts_with(")「"))
        || (before.ends_with('(')
            && after.starts_with(')')
            && after[1..].trim_start().starts_with('「'))
}

/// Assemble mentions, provisional entities, events and relations.
#[expect(
    clippy::too_many_arguments,
    reason = "one call site: the stages' outputs"
)]
pub(crate) fn assemble(
    text: &Text<'_>,
    doc: &Document,
    gazetteer: &Gazetteer,
    sentence_spans: &[Span],
    sentence_bytes: &[(usize, usize)],
    dates: &[DateMention],
    found: Found,
    matcher: &Matcher,
    triggers: &Triggers,
    diagnostics: &mut Vec<Diagnostic>,
) -> Extraction {
    let norm = text.norm.as_str();
    let sentence_of = |at: usize| -> usize {
        sentence_bytes
            .partition_point(|(_, end)| *end <= at)
            .min(sentence_bytes.len().saturating_sub(1))
    };
    let evidence_of = |index: usize| -> String {
        sentence_spans
            .get(index)
            .map(|s| strip_bullet(text.slice(*s)).to_owned())
            .unwrap_or_default()
    };
    let mut b = Builder {
        text,
        gazetteer,
        found: &found,
        doc: doc.meta.id.clone(),
        extraction: Extraction {
            doc: Some(doc.meta.id.clone()),
            ..Extraction::default()
        },
        scope: ((0, 0), Vec::new()),
    };
    // mentions
    for hit in &found.hits {
        let span = text.span_of(hit.start, hit.end);
        let surface = text.slice(span).to_owned();
        let sentence = sentence_of(hit.start);
        for entity in hit_entities(hit) {
            b.extraction.mentions.push(Mention {
                entity,
                surface: surface.clone(),
                span,
                sentence,
                rule: hit.rule.to_owned(),
            });
        }
    }
    // provisional entities (only those still mentioned)
    for entity in found.provisional.values() {
        if b.extraction.mentions.iter().any(|m| m.entity == entity.id) {
            let mut entity = entity.clone();
            if let Some(first) = b.extraction.mentions.iter().find(|m| m.entity == entity.id) {
                for p in &mut entity.provenance {
                    p.sentence = Some(first.sentence);
                    p.evidence = Some(evidence_of(first.sentence));
                }
            }
            b.extraction.entities.push(entity);
        }
    }
    for (child, parent, at) in &found.parents {
        if !b.extraction.entities.iter().any(|e| &e.id == child) {
            continue;
        }
        let sentence = sentence_of(*at);
        let span = sentence_spans
            .get(sentence)
            .copied()
            .unwrap_or(Span { start: 0, end: 0 });
        let provenance = b.provenance(
            sentence,
            span,
            "pattern-org-parent",
            0.6,
            &evidence_of(sentence),
        );
        b.relate(
            child,
            Predicate::PartOf,
            Object::Entity(parent.clone()),
            None,
            provenance,
        );
    }
    // titles → holdsPost
    for title in &found.titles {
        let sentence = sentence_of(title.at);
        let span = sentence_spans
            .get(sentence)
            .copied()
            .unwrap_or(Span { start: 0, end: 0 });
        let confidence = if title.rule == "title" { 0.9 } else { 0.7 };
        let provenance = b.provenance(
            sentence,
            span,
            title.rule,
            confidence,
            &evidence_of(sentence),
        );
        b.relate(
            &title.person,
            Predicate::HoldsPost,
            Object::Post(title.post.clone()),
            Some(title.date),
            provenance,
        );
    }
    let all_triggers = triggers.find(text);
    let mut hit_index = 0;
    let mut trigger_index = 0;
    let mut date_index = 0;
    let mut last_event: Option<(usize, usize)> = None; // (event index, sentence)
    for (index, &(s_start, s_end)) in sentence_bytes.iter().enumerate() {
        while hit_index < found.hits.len() && found.hits[hit_index].start < s_start {
            hit_index += 1;
        }
        let hits: Vec<&Hit> = found.hits[hit_index..]
            .iter()
            .take_while(|h| h.start < s_end)
            .collect();
        while trigger_index < all_triggers.len() && all_triggers[trigger_index].0 < s_start {
            trigger_index += 1;
        }
        let sentence_triggers: Vec<(usize, usize, Trigger)> = all_triggers[trigger_index..]
            .iter()
            .take_while(|t| t.0 < s_end)
            .filter(|t| !quoted(norm, (s_start, s_end), t.0))
            .copied()
            .collect();
        while date_index < dates.len() && dates[date_index].norm.0 < s_start {
            date_index += 1;
        }
        let sentence_dates: Vec<&DateMention> = dates[date_index..]
            .iter()
            .take_while(|d| d.norm.0 < s_end)
            .filter(|d| !is_citation_date(norm, d) && !quoted(norm, (s_start, s_end), d.norm.0))
            .collect();
        if hits.len() < 2 && sentence_triggers.is_empty() {
            continue;
        }
        let span = sentence_spans
            .get(index)
            .copied()
            .unwrap_or(Span { start: 0, end: 0 });
        let evidence = evidence_of(index);
        let ctx = SentenceCtx {
            index,
            bytes: (s_start, s_end),
            span,
            evidence: &evidence,
            hits: &hits,
            triggers: &sentence_triggers,
            dates: &sentence_dates,
        };
        let made = if sentence_triggers.is_empty() && sentence_dates.is_empty() {
            None
        } else {
            b.events_of_sentence(&ctx, matcher, diagnostics)
        };
        if let Some(event) = made {
            last_event = Some((event, index));
        } else if sentence_dates.is_empty()
            && sentence_triggers
                .iter()
                .any(|t| t.2 == Trigger::Participation)
            && let Some((event, at)) = last_event
            && index - at <= 2
        {
            b.add_participants(event, &ctx);
        }
        b.sentence_relations(&ctx);
    }
    // event relations (an event nobody took part in, as far as the text says, is dropped)
    let mut events = std::mem::take(&mut b.extraction.events);
    events.retain(|e| !e.participants.is_empty());
    for event in &events {
        let provenance = b.provenance(
            event.sentence,
            event.span,
            event.rule.trim_start_matches("extract:"),
            0.7,
            &event.evidence,
        );
        for participant in &event.participants {
            b.relate(
                participant,
                Predicate::ParticipatedIn,
                Object::Entity(event.id.clone()),
                Some(event.start),
                provenance.clone(),
            );
        }
        if let Some(place) = &event.place {
            b.relate(
                &event.id,
                Predicate::HeldIn,
                Object::Entity(place.clone()),
                Some(event.start),
                provenance.clone(),
            );
        }
        if let Some(series) = &event.series {
            b.relate(
                &event.id,
                Predicate::PartOf,
                Object::Entity(series.clone()),
                Some(event.start),
                provenance.clone(),
            );
        }
        let mut entity = Entity::new(event.id.clone(), EntityType::Event, event.label_en.clone());
        entity.start = Some(event.start);
        entity.end = event.end;
        entity.parent = event.series.clone();
        entity.event = Some(EventInfo {
            kind: event.kind,
            start: Some(event.start),
            end: event.end,
        });
        entity.provisional = true;
        entity.provenance.push(provenance);
        b.extraction.entities.push(entity);
    }
    b.extraction.events = events;
    b.extraction.relations.sort_by(|x, y| {
        x.sort_key()
            .partial_cmp(&y.sort_key())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    b.extraction.relations.dedup_by(|x, y| {
        (&x.subject, &x.predicate, &x.object, x.provenance.sentence)
            == (&y.subject, &y.predicate, &y.object, y.provenance.sentence)
    });
    b.extraction
}

/// An attributive date phrase: the date's index, the phrase's byte range, its trigger (type
/// and end), if any.
type Attributive = (usize, (usize, usize), Option<(EventType, usize)>);

struct SentenceCtx<'c> {
    index: usize,
    bytes: (usize, usize),
    span: Span,
    evidence: &'c str,
    hits: &'c [&'c Hit],
    triggers: &'c [(usize, usize, Trigger)],
    dates: &'c [&'c DateMention],
}

impl Builder<'_, '_, '_> {
    fn future(&self, trigger_end: usize, sentence_end: usize) -> bool {
        let norm = self.text.norm.as_str();
        let rest = norm.get(trigger_end..sentence_end).unwrap_or("");
        let clause = rest.find(['、', '。', ',']).map_or(rest, |i| &rest[..i]);
        FUTURE.iter().any(|w| clause.contains(w))
    }

    fn english_future(&self, trigger_start: usize, sentence_start: usize) -> bool {
        let before = self
            .text
            .norm
            .get(sentence_start..trigger_start)
            .unwrap_or("");
        before.ends_with("will be ") || before.ends_with("will ") || before.ends_with("to be ")
    }

    fn participants(&self, ctx: &SentenceCtx<'_>, members: &[EntityId]) -> Vec<EntityId> {
        let mut out: Vec<EntityId> = members.to_vec();
        for hit in ctx.hits {
            for id in hit_entities(hit) {
                if self.kind(&id).is_some_and(is_participant_kind) && !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }

    /// The venue: a Place (or a State, for city-states and countries) written as a venue —
    /// followed by で/において/にて/を訪問, in brackets `(東京)`, or after English `in`.
    fn place(&self, ctx: &SentenceCtx<'_>) -> Option<EntityId> {
        let norm = self.text.norm.as_str();
        let ((from, to), exclude) = &self.scope;
        for hit in ctx.hits {
            let Target::Entity(id) = &hit.target else {
                continue;
            };
            if !matches!(self.kind(id), Some(EntityType::Place | EntityType::State))
                || hit.start < *from
                || hit.start >= *to
                || exclude
                    .iter()
                    .any(|(a, b)| hit.start >= *a && hit.start < *b)
            {
                continue;
            }
            let after = &norm[hit.end..];
            let before = &norm[..hit.start];
            let venue = ["で", "において", "にて", "を訪問", "を中心に"]
                .iter()
                .any(|w| after.starts_with(w))
                || (before.ends_with('(') && after.starts_with(')'))
                || before.ends_with(" in ");
            if venue {
                return Some(id.clone());
            }
        }
        None
    }

    fn event_id(&self, label: &str, start: PartialDate, sentence: usize) -> Option<EntityId> {
        let hash = stable_hash(&format!("{label}|{start}|{sentence}"));
        EntityId::new(format!("{}-event-{hash:08x}", self.doc)).ok()
    }

    #[expect(clippy::too_many_arguments, reason = "an event has that many facts")]
    fn push_event(
        &mut self,
        ctx: &SentenceCtx<'_>,
        kind: EventType,
        label: String,
        (start, end): (PartialDate, Option<PartialDate>),
        participants: Vec<EntityId>,
        series: Option<EntityId>,
        rule: &str,
    ) -> Option<usize> {
        if participants.is_empty() && series.is_none() {
            return None;
        }
        let id = self.event_id(&label, start, ctx.index)?;
        if self.extraction.events.iter().any(|e| e.id == id) {
            return None;
        }
        let place = self.place(ctx);
        // the venue is not a participant (シンガポールで…会談)
        let participants: Vec<EntityId> = participants
            .into_iter()
            .filter(|p| Some(p) != place.as_ref())
            .collect();
        self.extraction.events.push(ExtractedEvent {
            id,
            kind,
            label_en: label,
            start,
            end,
            place,
            participants,
            series,
            evidence: ctx.evidence.to_owned(),
            sentence: ctx.index,
            span: ctx.span,
            rule: format!("extract:{rule}"),
        });
        Some(self.extraction.events.len() - 1)
    }

    fn add_participants(&mut self, event: usize, ctx: &SentenceCtx<'_>) {
        let new = self.participants(ctx, &[]);
        if let Some(e) = self.extraction.events.get_mut(event) {
            for id in new {
                if !e.participants.contains(&id) {
                    e.participants.push(id);
                }
            }
        }
    }

    /// Attributive dates (`2017年2月の…会談を受け`): the date, the phrase's byte range up to its
    /// trigger, and the trigger's event type, if a trigger ends the phrase.
    fn attributive(&self, ctx: &SentenceCtx<'_>) -> Vec<Attributive> {
        let norm = self.text.norm.as_str();
        let mut out = Vec::new();
        for (i, date) in ctx.dates.iter().enumerate() {
            if !norm[date.norm.1..].starts_with('の') {
                continue;
            }
            let clause_end = norm[date.norm.1..ctx.bytes.1]
                .find(['、', ',', '。'])
                .map_or(ctx.bytes.1, |k| date.norm.1 + k);
            let trigger = ctx
                .triggers
                .iter()
                .filter(|(start, _, _)| *start >= date.norm.1 && *start < clause_end)
                .find_map(|(_, end, t)| match t {
                    Trigger::Event(kind, _) => Some((*kind, *end)),
                    _ => None,
                });
            let end = trigger.map_or(date.norm.1, |(_, e)| e);
            out.push((i, (date.norm.0, end), trigger));
        }
        out
    }

    /// The participants of an event: mentions of states, people and organisations in `range`
    /// (outside `exclude`), the states abbreviated in names there (日米サイバー対話), the states
    /// of the people and organisations, and `members`.
    fn participants_in(
        &self,
        ctx: &SentenceCtx<'_>,
        range: (usize, usize),
        exclude: &[(usize, usize)],
        members: &[EntityId],
        matcher: &Matcher,
    ) -> Vec<EntityId> {
        let norm = self.text.norm.as_str();
        let mut out: Vec<EntityId> = Vec::new();
        let push = |out: &mut Vec<EntityId>, id: &EntityId| {
            if !out.contains(id) {
                out.push(id.clone());
            }
        };
        for id in members {
            push(&mut out, id);
        }
        let mut countries = Vec::new();
        for hit in ctx.hits {
            if hit.start < range.0
                || hit.start >= range.1
                || exclude
                    .iter()
                    .any(|(a, b)| hit.start >= *a && hit.start < *b)
            {
                continue;
            }
            for id in hit_entities(hit) {
                let Some(kind) = self.kind(&id) else {
                    continue;
                };
                if is_participant_kind(kind) {
                    push(&mut out, &id);
                    if let Some(country) = self
                        .gazetteer
                        .entities
                        .get(&id)
                        .and_then(|e| e.country.clone())
                    {
                        countries.push(country);
                    }
                } else if matches!(hit.target, Target::Entity(_)) {
                    for state in matcher.leading_countries(&norm[hit.start..hit.end]) {
                        countries.push(state);
                    }
                }
            }
        }
        for country in countries {
            if self.kind(&country) == Some(EntityType::State) {
                push(&mut out, &country);
            }
        }
        out
    }

    /// Events of one sentence; returns the index of the main event.
    fn events_of_sentence(
        &mut self,
        ctx: &SentenceCtx<'_>,
        matcher: &Matcher,
        _diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        let norm = self.text.norm.as_str();
        let (s_start, s_end) = ctx.bytes;
        if ctx.dates.is_empty() {
            return None;
        }
        let event_triggers: Vec<(usize, usize, EventType, u8)> = ctx
            .triggers
            .iter()
            .filter_map(|(start, end, t)| match t {
                Trigger::Event(kind, strength) => Some((*start, *end, *kind, *strength)),
                _ => None,
            })
            .filter(|(start, end, _, _)| {
                !self.future(*end, s_end) && !self.english_future(*start, s_start)
            })
            .map(|(start, end, kind, strength)| {
                // a nominal trigger (創設を勧告, 共同発表にて) is not the sentence's predicate
                let after = &norm[end..s_end];
                let nominal = ["を", "の", "への", "に", "について", "にて"]
                    .iter()
                    .any(|w| after.starts_with(w))
                    && !after.starts_with("に合意")
                    && !light_verb_after(after);
                (start, end, kind, if nominal { 1 } else { strength })
            })
            .collect();
        let attributive = self.attributive(ctx);
        let attributive_ranges: Vec<(usize, usize)> =
            attributive.iter().map(|(_, r, _)| *r).collect();
        let in_attributive =
            |at: usize| attributive_ranges.iter().any(|(a, b)| at >= *a && at < *b);
        // attributive dates and deadlines (2014年内に, までに) are not the main event's date
        let main_dates: Vec<&DateMention> = ctx
            .dates
            .iter()
            .enumerate()
            .filter(|(i, d)| {
                let after = &norm[d.norm.1..];
                !attributive.iter().any(|(k, _, _)| k == i)
                    && !["内に", "までに", "以降", "中に"]
                        .iter()
                        .any(|w| after.starts_with(w))
            })
            .map(|(_, d)| *d)
            .collect();
        let date_near = |at: usize| -> Option<(PartialDate, Option<PartialDate>)> {
            main_dates
                .iter()
                .rev()
                .find(|d| d.norm.1 <= at)
                .or_else(|| main_dates.iter().find(|d| d.norm.0 >= at))
                .map(|d| (d.start, d.end))
        };
        let mut main = None;
        let main_scope = ((s_start, s_end), attributive_ranges.clone());
        // attributive events: 2017年2月の…会談
        for (i, range, trigger) in &attributive {
            let Some((kind, _)) = trigger else {
                continue;
            };
            let date = ctx.dates[*i];
            let participants = self.participants_in(ctx, *range, &[], &[], matcher);
            if participants.is_empty() {
                continue;
            }
            let label = self.event_label(*kind, &participants);
            self.scope = (*range, Vec::new());
            self.push_event(
                ctx,
                *kind,
                label,
                (date.start, date.end),
                participants,
                None,
                "event-attributive",
            );
        }
        self.scope = main_scope;
        // numbered sessions
        let sessions: Vec<Session> = self
            .found
            .sessions
            .iter()
            .filter(|s| {
                s.start >= s_start
                    && s.start < s_end
                    && !in_attributive(s.start)
                    && !quoted(norm, (s_start, s_end), s.start)
            })
            .cloned()
            .collect();
        // participants may be named up to the last participation word (…が出席した)
        let participation_end = ctx
            .triggers
            .iter()
            .filter(|t| t.2 == Trigger::Participation)
            .map(|t| t.1)
            .max()
            .unwrap_or(s_start);
        for session in &sessions {
            if self.future(session.end, s_end) {
                continue;
            }
            let Some(dates) = date_near(session.start) else {
                continue;
            };
            let series_label = self.label(&session.series);
            let label = match session.ordinal {
                Some(n) => format!("{} {series_label}", ordinal(n)),
                None => format!("{series_label} meeting"),
            };
            let kind = session_kind(norm, session, self.kind(&session.series));
            let trigger_end = event_triggers
                .iter()
                .find(|t| t.0 >= session.end)
                .map_or(s_end, |t| t.1)
                .max(participation_end);
            let participants = self.participants_in(
                ctx,
                (s_start, trigger_end),
                &attributive_ranges,
                &session.members,
                matcher,
            );
            let made = self.push_event(
                ctx,
                kind,
                label,
                dates,
                participants,
                Some(session.series.clone()),
                "session",
            );
            main = main.or(made);
        }
        // a known series followed by its venue in brackets: 日米安全保障協議委員会(ワシントンDC)
        for (k, hit) in ctx.hits.iter().enumerate() {
            let Target::Entity(series) = &hit.target else {
                continue;
            };
            if !matches!(
                self.kind(series),
                Some(EntityType::InternationalForum | EntityType::WorkingGroup)
            ) || in_attributive(hit.start)
                || !norm[hit.end..].starts_with('(')
                || sessions.iter().any(|s| s.series == *series)
            {
                continue;
            }
            let Some(venue) = ctx.hits.get(k + 1) else {
                continue;
            };
            let venue_is_place = matches!(&venue.target, Target::Entity(id) if matches!(self.kind(id), Some(EntityType::Place | EntityType::State)));
            if !venue_is_place || venue.start != hit.end + 1 || !norm[venue.end..].starts_with(')')
            {
                continue;
            }
            let Some(dates) = date_near(hit.start) else {
                continue;
            };
            let members = self.series_states(series, matcher);
            let participants =
                self.participants_in(ctx, (hit.start, hit.end), &[], &members, matcher);
            let label = format!("{} meeting", self.label(series));
            let kind = series_kind(self.gazetteer, series);
            let made = self.push_event(
                ctx,
                kind,
                label,
                dates,
                participants,
                Some(series.clone()),
                "series-venue",
            );
            main = main.or(made);
        }
        // the strongest trigger outside attributive phrases
        let main_triggers: Vec<&(usize, usize, EventType, u8)> = event_triggers
            .iter()
            .filter(|t| !in_attributive(t.0))
            .collect();
        let strongest = main_triggers
            .iter()
            .max_by_key(|(start, _, _, strength)| (*strength, std::cmp::Reverse(*start)))
            .copied()
            .copied();
        if let Some((t_start, t_end, kind, _)) = strongest
            && let Some(dates) = date_near(t_start)
            && !(main.is_some() && matches!(kind, EventType::Agreement | EventType::Establishment))
            // holding the session already made (開催 of 第5回…対話) is not another meeting
            && !(main.is_some()
                && ["開催", "開かれ", "行われ", "held", "convened"].iter().any(|w| norm[t_start..t_end] == **w))
            && strength_of(&event_triggers, t_start) > 1
        {
            // a known series named just before a meeting trigger: a meeting of the series
            let series =
                if kind == EventType::Meeting {
                    ctx.hits
                        .iter()
                        .rev()
                        .filter(|h| h.end <= t_start && !in_attributive(h.start))
                        .find_map(|h| match &h.target {
                            Target::Entity(id)
                                if matches!(
                                    self.kind(id),
                                    Some(EntityType::InternationalForum | EntityType::WorkingGroup)
                                ) && !norm[h.end..t_start].contains(['、', ',']) =>
                            {
                                Some(id.clone())
                            }
                            _ => None,
                        })
                        .filter(|series| {
                            !self.extraction.events.iter().any(|e| {
                                e.sentence == ctx.index && e.series.as_ref() == Some(series)
                            })
                        })
                } else {
                    None
                };
            let mut members = match &series {
                Some(series) => self.series_states(series, matcher),
                None => Vec::new(),
            };
            if kind == EventType::Other
                && norm[t_start..t_end].contains("閣議")
                && let Ok(japan) = EntityId::new("japan")
                && self.gazetteer.entities.contains_key(&japan)
            {
                members.push(japan);
            }
            let english = norm[t_start..t_end].is_ascii();
            let range = if english {
                (s_start, s_end)
            } else {
                (s_start, t_end.max(participation_end))
            };
            let mut participants =
                self.participants_in(ctx, range, &attributive_ranges, &members, matcher);
            if participants.is_empty() {
                participants = self.participants_in(
                    ctx,
                    (s_start, s_end),
                    &attributive_ranges,
                    &members,
                    matcher,
                );
            }
            let label = match &series {
                Some(series) => format!("{} meeting", self.label(series)),
                None => self.event_label(kind, &participants),
            };
            let kind = match &series {
                Some(series) => series_kind(self.gazetteer, series),
                None => kind,
            };
            let made = self.push_event(
                ctx,
                kind,
                label,
                dates,
                participants,
                series,
                "event-trigger",
            );
            main = main.or(made);
        }
        // signings and statements next to a meeting are events of their own
        let main_kind = main
            .and_then(|m| self.extraction.events.get(m))
            .map(|e| e.kind);
        let mut done = vec![main_kind];
        for (t_start, t_end, kind, strength) in main_triggers {
            if !matches!(
                kind,
                EventType::Signing | EventType::Statement | EventType::Other
            ) || done.contains(&Some(*kind))
                || *strength <= 1
            {
                continue;
            }
            let Some(dates) = date_near(*t_start) else {
                continue;
            };
            done.push(Some(*kind));
            let participants =
                self.participants_in(ctx, (s_start, *t_end), &attributive_ranges, &[], matcher);
            let label = self.event_label(*kind, &participants);
            self.push_event(
                ctx,
                *kind,
                label,
                dates,
                participants,
                None,
                "event-trigger",
            );
        }
        main
    }

    fn event_label(&self, kind: EventType, participants: &[EntityId]) -> String {
        let names: Vec<String> = participants.iter().take(4).map(|p| self.label(p)).collect();
        if names.is_empty() {
            kind.name().to_owned()
        } else {
            format!("{}: {}", kind.name(), names.join(", "))
        }
    }

    /// The states of a series, from its Japanese names (日米…) or English label (Japan-U.S. …).
    fn series_states(&self, series: &EntityId, matcher: &Matcher) -> Vec<EntityId> {
        let Some(entity) = self
            .gazetteer
            .entities
            .get(series)
            .or_else(|| self.found.provisional.get(series))
        else {
            return Vec::new();
        };
        for name in entity.label_ja.iter().chain(&entity.aliases_ja) {
            let states = matcher.leading_countries(&crate::gazetteer::normalize(name));
            if !states.is_empty() {
                return states;
            }
        }
        Vec::new()
    }

    /// Relations stated in one sentence (beyond events and titles).
    fn sentence_relations(&mut self, ctx: &SentenceCtx<'_>) {
        let norm = self.text.norm.as_str();
        let (s_start, s_end) = ctx.bytes;
        let main = self
            .extraction
            .events
            .iter()
            .rev()
            .find(|e| e.sentence == ctx.index)
            .map(|e| (e.id.clone(), e.start));
        let date = ctx.dates.first().map(|d| d.start);
        let states: Vec<EntityId> = {
            let mut out = Vec::new();
            for hit in ctx.hits {
                for id in hit_entities(hit) {
                    if self.kind(&id) == Some(EntityType::State) && !out.contains(&id) {
                        out.push(id);
                    }
                }
            }
            out
        };
        let provenance =
            |b: &Self, rule: &str| b.provenance(ctx.index, ctx.span, rule, 0.6, ctx.evidence);
        let clause_start = |at: usize| -> usize {
            norm[s_start..at]
                .rfind(['、', ',', '。'])
                .map_or(s_start, |i| s_start + i + 1)
        };
        // the entity mention nearest before `at` in its clause, of one of `kinds`
        let before = |b: &Self, at: usize, kinds: &[EntityType]| -> Option<EntityId> {
            let floor = clause_start(at);
            ctx.hits
                .iter()
                .rev()
                .filter(|h| h.end <= at && h.start >= floor)
                .find_map(|h| match &h.target {
                    Target::Entity(id) if b.kind(id).is_some_and(|k| kinds.contains(&k)) => {
                        Some(id.clone())
                    }
                    _ => None,
                })
        };
        let after = |b: &Self, at: usize, kinds: &[EntityType]| -> Option<EntityId> {
            ctx.hits
                .iter()
                .filter(|h| h.start >= at)
                .take(3)
                .find_map(|h| match &h.target {
                    Target::Entity(id) if b.kind(id).is_some_and(|k| kinds.contains(&k)) => {
                        Some(id.clone())
                    }
                    _ => None,
                })
        };
        use EntityType as K;
        for &(t_start, t_end, trigger) in ctx.triggers {
            let english = norm[t_start..t_end].is_ascii();
            match trigger {
                Trigger::Event(EventType::Agreement, _) => {
                    let object = before(
                        self,
                        t_start,
                        &[
                            K::Document,
                            K::WorkingGroup,
                            K::InternationalForum,
                            K::Program,
                        ],
                    );
                    if let (Some((event, start)), Some(object)) = (&main, object) {
                        let p = provenance(self, "agreed-on");
                        self.relate(
                            event,
                            Predicate::AgreedOn,
                            Object::Entity(object),
                            Some(*start),
                            p,
                        );
                    }
                }
                Trigger::Event(EventType::Establishment, _) => {
                    let kinds = [
                        K::WorkingGroup,
                        K::InternationalForum,
                        K::Program,
                        K::Agency,
                    ];
                    let object = if english {
                        after(self, t_end, &kinds)
                    } else {
                        before(self, t_start, &kinds)
                    };
                    if let Some(object) = object {
                        for state in &self.acting_states(&states, main.as_ref()) {
                            let p = provenance(self, "established");
                            self.relate(
                                state,
                                Predicate::Established,
                                Object::Entity(object.clone()),
                                date,
                                p,
                            );
                        }
                        if let Some((event, start)) = &main {
                            let p = provenance(self, "agreed-on");
                            let rest = norm.get(t_end..s_end).unwrap_or("");
                            if rest.starts_with("で合意") || rest.starts_with("に合意") {
                                self.relate(
                                    event,
                                    Predicate::AgreedOn,
                                    Object::Entity(object),
                                    Some(*start),
                                    p,
                                );
                            }
                        }
                    }
                }
                Trigger::Event(EventType::Signing, _) => {
                    let object = if english {
                        after(self, t_end, &[K::Document])
                    } else {
                        before(self, t_start, &[K::Document])
                    };
                    if let Some(object) = object {
                        for state in &self.acting_states(&states, main.as_ref()) {
                            let p = provenance(self, "signed");
                            self.relate(
                                state,
                                Predicate::Signed,
                                Object::Entity(object.clone()),
                                date,
                                p,
                            );
                        }
                    }
                }
                Trigger::Event(EventType::Statement, _) => {
                    // a meeting that issued a document agreed on it (…と会談し、共同声明を発表)
                    let object = before(self, t_start, &[K::Document]);
                    if let (Some((event, start)), Some(object)) = (&main, object)
                        && self
                            .extraction
                            .events
                            .iter()
                            .any(|e| &e.id == event && e.kind != EventType::Statement)
                    {
                        let p = provenance(self, "agreed-on");
                        self.relate(
                            event,
                            Predicate::AgreedOn,
                            Object::Entity(object),
                            Some(*start),
                            p,
                        );
                    }
                }
                Trigger::Event(EventType::Contribution, _) => {
                    // Xに拠出
                    let object = ctx
                        .hits
                        .iter()
                        .rev()
                        .find(|h| h.end <= t_start && norm[h.end..t_start] == *"に")
                        .and_then(|h| match &h.target {
                            Target::Entity(id) => Some(id.clone()),
                            _ => None,
                        });
                    if let Some(object) = object {
                        for state in &states {
                            let p = provenance(self, "contributed-to");
                            self.relate(
                                state,
                                Predicate::ContributedTo,
                                Object::Entity(object.clone()),
                                date,
                                p,
                            );
                        }
                    }
                }
                Trigger::Host => {
                    // X(POST)主催の EVENT / hosted by X
                    let subject = if english {
                        norm.get(t_end..s_end)
                            .unwrap_or("")
                            .strip_prefix(" by ")
                            .and_then(|_| {
                                after(
                                    self,
                                    t_end,
                                    &[K::Official, K::State, K::Ministry, K::Organization],
                                )
                            })
                    } else {
                        ctx.hits
                            .iter()
                            .rev()
                            .filter(|h| h.end <= t_start && t_start - h.end <= 30)
                            .find_map(|h| match &h.target {
                                Target::Entity(id)
                                    if self.kind(id).is_some_and(|k| {
                                        matches!(
                                            k,
                                            K::Official | K::State | K::Ministry | K::Organization
                                        )
                                    }) =>
                                {
                                    Some(id.clone())
                                }
                                _ => None,
                            })
                    };
                    let object = if english {
                        main.as_ref().map(|(e, _)| e.clone())
                    } else {
                        after(self, t_end, &[K::Event, K::InternationalForum]).or_else(|| {
                            // 同会議: the last event-like mention before
                            let rest = norm.get(t_end..s_end).unwrap_or("");
                            let rest = rest.strip_prefix('の').unwrap_or(rest);
                            if rest.starts_with("同会議") || rest.starts_with("同会合") {
                                self.extraction
                                    .mentions
                                    .iter()
                                    .rev()
                                    .filter(|m| {
                                        m.span.start < self.text.span_of(t_start, t_start).start
                                    })
                                    .find(|m| {
                                        matches!(
                                            self.kind(&m.entity),
                                            Some(K::Event | K::InternationalForum)
                                        )
                                    })
                                    .map(|m| m.entity.clone())
                            } else {
                                None
                            }
                        })
                    };
                    if let (Some(subject), Some(object)) = (subject, object) {
                        let p = provenance(self, "hosted");
                        self.relate(&subject, Predicate::Hosted, Object::Entity(object), date, p);
                    }
                }
                Trigger::Participation => {
                    // Xへの参加 / Xに参加: the forums (participatedIn) and programmes or
                    // agreements (joined) of the clause; the subject is the sentence's topic
                    let rest_before = &norm[s_start..t_start];
                    if !(rest_before.ends_with("への") || rest_before.ends_with("に")) {
                        continue;
                    }
                    let objects: Vec<(EntityId, K)> = ctx
                        .hits
                        .iter()
                        .filter(|h| h.end <= t_start)
                        .filter_map(|h| match &h.target {
                            Target::Entity(id) => match self.kind(id) {
                                Some(
                                    k @ (K::InternationalForum
                                    | K::WorkingGroup
                                    | K::Program
                                    | K::Document),
                                ) => Some((id.clone(), k)),
                                _ => None,
                            },
                            _ => None,
                        })
                        .collect();
                    let subject = self.topic(ctx).or_else(|| states.first().cloned());
                    if let Some(subject) = subject {
                        for (object, kind) in objects {
                            let (predicate, rule) = match kind {
                                K::Program | K::Document => (Predicate::Joined, "joined"),
                                _ => (Predicate::ParticipatedIn, "participated-in"),
                            };
                            let p = provenance(self, rule);
                            self.relate(&subject, predicate, Object::Entity(object), date, p);
                        }
                    }
                }
                _ => {}
            }
        }
        // memberOf: AとBの間(における|の) GROUP
        for (i, hit) in ctx.hits.iter().enumerate() {
            let Target::Entity(group) = &hit.target else {
                continue;
            };
            if self.kind(group) != Some(K::WorkingGroup) {
                continue;
            }
            let before_text = &norm[s_start..hit.start];
            let Some(stem) = ["の間における", "の間の", "間の", "の間で"]
                .iter()
                .find_map(|w| before_text.strip_suffix(w))
            else {
                continue;
            };
            // the members: the mention right before, and those joined to it by 及び/と/、
            let mut boundary = s_start + stem.len();
            let mut members = Vec::new();
            for h in ctx.hits[..i].iter().rev() {
                let between = norm.get(h.end..boundary).unwrap_or("");
                let joined = between.is_empty() && members.is_empty()
                    || (!members.is_empty()
                        && matches!(
                            between,
                            "及び" | "および" | "と" | "、" | "," | "並びに" | "ならびに"
                        ));
                if !joined {
                    break;
                }
                match &h.target {
                    Target::Entity(id) if self.kind(id).is_some_and(is_participant_kind) => {
                        members.push(id.clone());
                    }
                    _ => break,
                }
                boundary = h.start;
            }
            for member in members {
                let p = provenance(self, "member-of");
                self.relate(
                    &member,
                    Predicate::MemberOf,
                    Object::Entity(group.clone()),
                    None,
                    p,
                );
            }
        }
        // partOf: ORGにおける GROUP / FORUMの枠組みにおいて … GROUP
        for (i, hit) in ctx.hits.iter().enumerate() {
            let Target::Entity(part) = &hit.target else {
                continue;
            };
            if !matches!(
                self.kind(part),
                Some(K::WorkingGroup | K::InternationalForum)
            ) {
                continue;
            }
            let whole = ctx.hits[..i].iter().rev().find_map(|h| {
                let Target::Entity(id) = &h.target else {
                    return None;
                };
                if !matches!(self.kind(id), Some(K::Organization | K::InternationalForum))
                    || id == part
                {
                    return None;
                }
                let after = &norm[h.end..hit.start];
                let after = after
                    .strip_prefix('(')
                    .and_then(|a| a.split_once(')').map(|(_, rest)| rest))
                    .unwrap_or(after);
                let direct = after == "における" || after == "の";
                let frame = ["の枠組みにおいて", "の枠組みで", "の枠組みの下で"]
                    .iter()
                    .any(|w| after.starts_with(w))
                    && !after.contains(['。']);
                (direct && self.kind(id) == Some(K::Organization) || frame).then(|| id.clone())
            });
            if let Some(whole) = whole {
                let p = provenance(self, "part-of-frame");
                self.relate(part, Predicate::PartOf, Object::Entity(whole), None, p);
            }
        }
        // represents: the head of a delegation (Xを筆頭に, X … led the U.S. delegation)
        self.heads_of_delegation(ctx);
    }
}

/// `会談を(7年ぶりに)行った`: a noun trigger made a verb by 行う/実施する later in its clause.
fn light_verb_after(after: &str) -> bool {
    let Some(rest) = after.strip_prefix('を') else {
        return false;
    };
    let clause: String = rest
        .chars()
        .take_while(|c| !matches!(c, '、' | '。' | ','))
        .take(12)
        .collect();
    ["行っ", "行い", "行う", "行わ", "実施", "開催"]
        .iter()
        .any(|w| clause.contains(w))
}

fn strength_of(triggers: &[(usize, usize, EventType, u8)], start: usize) -> u8 {
    triggers.iter().find(|t| t.0 == start).map_or(0, |t| t.3)
}

impl Builder<'_, '_, '_> {
    /// The states acting in a sentence: those named, else those of the main event.
    fn acting_states(
        &self,
        states: &[EntityId],
        main: Option<&(EntityId, PartialDate)>,
    ) -> Vec<EntityId> {
        if !states.is_empty() {
            return states.to_vec();
        }
        let Some((event, _)) = main else {
            return Vec::new();
        };
        self.extraction
            .events
            .iter()
            .find(|e| &e.id == event)
            .map(|e| {
                e.participants
                    .iter()
                    .filter(|p| self.kind(p) == Some(EntityType::State))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The sentence's topic: the first state, person or organisation marked with は (or が),
    /// possibly with a bracketed acronym in between (内閣サイバーセキュリティセンター(NISC)は).
    fn topic(&self, ctx: &SentenceCtx<'_>) -> Option<EntityId> {
        let norm = self.text.norm.as_str();
        ctx.hits.iter().find_map(|h| {
            let Target::Entity(id) = &h.target else {
                return None;
            };
            if !self.kind(id).is_some_and(is_participant_kind) {
                return None;
            }
            let after = &norm[h.end..];
            let after = after
                .strip_prefix('(')
                .and_then(|a| {
                    a.split_once(')')
                        .map(|(inner, rest)| if inner.len() <= 12 { rest } else { a })
                })
                .unwrap_or(after);
            (after.starts_with('は') || after.starts_with('が')).then(|| id.clone())
        })
    }

    /// `Xを筆頭に` / `X … led the U.S. delegation`: X represents the delegation's state (named
    /// before X as `STATE側から`, `STATEから`, in `led the STATE delegation`, or X's own country).
    fn heads_of_delegation(&mut self, ctx: &SentenceCtx<'_>) {
        let norm = self.text.norm.as_str();
        let (s_start, s_end) = ctx.bytes;
        let sentence = &norm[s_start..s_end];
        let mut heads: Vec<(EntityId, Option<EntityId>)> = Vec::new();
        let mut from = 0;
        while let Some(i) = sentence[from..].find("を筆頭に") {
            let at = s_start + from + i;
            from += i + "を筆頭に".len();
            let clause_start = norm[s_start..at]
                .rfind(['、', ','])
                .map_or(s_start, |k| s_start + k);
            let person = ctx
                .hits
                .iter()
                .rev()
                .filter(|h| h.end <= at && h.end > clause_start)
                .find_map(|h| match &h.target {
                    Target::Entity(id) if self.kind(id) == Some(EntityType::Official) => {
                        Some((id.clone(), h.start))
                    }
                    _ => None,
                });
            let person = person.or_else(|| {
                // the person may sit right after the clause break (日本側から、熊谷…を筆頭に)
                ctx.hits
                    .iter()
                    .rev()
                    .filter(|h| h.end <= at && h.start >= s_start)
                    .find_map(|h| match &h.target {
                        Target::Entity(id) if self.kind(id) == Some(EntityType::Official) => {
                            Some((id.clone(), h.start))
                        }
                        _ => None,
                    })
            });
            let Some((person, person_start)) = person else {
                continue;
            };
            let side = ctx
                .hits
                .iter()
                .rev()
                .filter(|h| h.end <= person_start && h.start >= s_start)
                .find_map(|h| {
                    let Target::Entity(id) = &h.target else {
                        return None;
                    };
                    let after = &norm[h.end..];
                    (self.kind(id) == Some(EntityType::State)
                        && (after.starts_with("側") || after.starts_with("から")))
                    .then(|| id.clone())
                });
            heads.push((person, side));
        }
        if let Some(i) = sentence.find(" led ")
            && sentence[i..].contains("delegation")
        {
            let led = s_start + i;
            let person = ctx
                .hits
                .iter()
                .filter(|h| h.end <= led)
                .find_map(|h| match &h.target {
                    Target::Entity(id) if self.kind(id) == Some(EntityType::Official) => {
                        Some(id.clone())
                    }
                    _ => None,
                });
            let side = ctx
                .hits
                .iter()
                .filter(|h| h.start > led)
                .find_map(|h| match &h.target {
                    Target::Entity(id) if self.kind(id) == Some(EntityType::State) => {
                        Some(id.clone())
                    }
                    _ => None,
                });
            let side = side.or_else(|| {
                let rest = &sentence[i..];
                ["japanese", "american", "british", "australian"]
                    .iter()
                    .zip(["japan", "united-states", "united-kingdom", "australia"])
                    .find(|(adjective, _)| rest.contains(&format!(" {adjective} delegation")))
                    .and_then(|(_, id)| EntityId::new(id).ok())
                    .filter(|id| self.gazetteer.entities.contains_key(id))
            });
            if let Some(person) = person {
                heads.push((person, side));
            }
        }
        let date = ctx.dates.first().map(|d| d.start);
        for (person, side) in heads {
            let country = side.or_else(|| {
                self.gazetteer
                    .entities
                    .get(&person)
                    .and_then(|e| e.country.clone())
            });
            if let Some(country) = country {
                let p =
                    self.provenance(ctx.index, ctx.span, "head-of-delegation", 0.6, ctx.evidence);
                self.relate(
                    &person,
                    Predicate::Represents,
                    Object::Entity(country),
                    date,
                    p,
                );
            }
        }
    }
}

fn series_kind(gazetteer: &Gazetteer, series: &EntityId) -> EventType {
    let Some(entity) = gazetteer.entities.get(series) else {
        return EventType::Meeting;
    };
    let ja = entity.label_ja.as_deref().unwrap_or("");
    let en = entity.label_en.to_ascii_lowercase();
    if ja.ends_with("対話") || en.ends_with("dialogue") {
        EventType::Dialogue
    } else if ja.ends_with("協議") || en.ends_with("consultations") || en.ends_with("consultation")
    {
        EventType::Consultation
    } else {
        EventType::Meeting
    }
}

fn session_kind(norm: &str, session: &Session, series_kind: Option<EntityType>) -> EventType {
    let name = &norm[session.start..session.end.min(norm.len())];
    if name.contains("対話") || name.contains("dialogue") {
        EventType::Dialogue
    } else if name.contains("協議") || name.contains("consultation") {
        EventType::Consultation
    } else if name.contains("演習")
        || name.contains("exercise")
        || series_kind == Some(EntityType::Program)
    {
        EventType::Exercise
    } else {
        EventType::Meeting
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101]
            .iter()
            .map(|n| ordinal(*n))
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"
            ]
        );
    }

    #[test]
    fn bullets_are_stripped_from_evidence() {
        assert_eq!(
            strip_bullet("- 7月20日及び21日,開催。"),
            "7月20日及び21日,開催。"
        );
        assert_eq!(strip_bullet("1 2017年2月の会談"), "2017年2月の会談");
        assert_eq!(strip_bullet("  • 2009年:ACCJ"), "2009年:ACCJ");
        assert_eq!(strip_bullet("2013年10月3日、東京"), "2013年10月3日、東京");
    }
}
