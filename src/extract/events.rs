//! Events from trigger words, with the clause's date, place and participants.
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

use crate::model::{Diagnostic, EntityId, EntityType, EventType, PartialDate, stable_hash};

use super::ExtractedEvent;
use super::assembly::{Builder, SentenceCtx, hit_entities, is_participant_kind, ordinal, quoted};
use super::dates::DateMention;
use super::lexicon::{Side, Trigger, lexicon};
use super::mentions::{Matcher, Session, Target};
use super::rule::Rule;
use super::triggers::light_verb_after;

/// An attributive date phrase: the date's index, the phrase's byte range, its trigger (type
/// and end), if any.
type Attributive = (usize, (usize, usize), Option<(EventType, usize)>);

impl Builder<'_, '_, '_> {
    fn future(&self, trigger_end: usize, sentence_end: usize) -> bool {
        let norm = self.text.norm.as_str();
        let rest = norm.get(trigger_end..sentence_end).unwrap_or("");
        // a Japanese sentence in the non-past (…を訪問します。, 出席する。) announces a plan
        let tail = rest.trim_end_matches(['\n', ' ', '」', ')']);
        if (tail.ends_with("ます。") || tail.ends_with("する。"))
            && !["ています。", "ております。", "てきます。"]
                .iter()
                .any(|w| tail.ends_with(w))
        {
            return true;
        }
        let clause = rest.find(['、', '。', ',']).map_or(rest, |i| &rest[..i]);
        lexicon()
            .plan_words
            .iter()
            .any(|w| clause.contains(w.as_str()))
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
            let venue = lexicon().place_markers.iter().any(|(w, side)| match side {
                Side::After => after.starts_with(w.as_str()),
                Side::Before => before.ends_with(w.as_str()),
            }) || (before.ends_with('(') && after.starts_with(')'));
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
        rule: Rule,
    ) -> Option<usize> {
        if participants.is_empty() && series.is_none() {
            return None;
        }
        // A numbered session of a series is one node whatever document or language reports it
        // (`{series}-{n}`, the curated events' convention: japan-us-cyber-dialogue-5); another
        // mention of it in the same document adds participants and a more precise date.
        let session_id = match (rule, &series, session_ordinal(&label)) {
            (Rule::Session, Some(series), Some(n)) => EntityId::new(format!("{series}-{n}")).ok(),
            _ => None,
        };
        let id = match session_id {
            Some(id) => id,
            None => self.event_id(&label, start, ctx.index)?,
        };
        if let Some(index) = self.extraction.events.iter().position(|e| e.id == id) {
            if rule != Rule::Session {
                return None;
            }
            let existing = &mut self.extraction.events[index];
            for p in participants {
                if !existing.participants.contains(&p) {
                    existing.participants.push(p);
                }
            }
            if start.precision() > existing.start.precision() && start.overlaps(existing.start) {
                existing.start = start;
                existing.end = end;
            }
            return Some(index);
        }
        let place = self.place(ctx);
        // the venue is not a participant (シンガポールで…会談), except the state a visit goes to
        let participants: Vec<EntityId> = participants
            .into_iter()
            .filter(|p| kind == EventType::Visit || Some(p) != place.as_ref())
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
            rule: format!("extract:{}", rule.name()),
        });
        Some(self.extraction.events.len() - 1)
    }

    pub(super) fn add_participants(&mut self, event: usize, ctx: &SentenceCtx<'_>) {
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
    fn attributive(&self, ctx: &SentenceCtx<'_>, matcher: &Matcher) -> Vec<Attributive> {
        let norm = self.text.norm.as_str();
        let mut out = Vec::new();
        for (i, date) in ctx.dates.iter().enumerate() {
            if let Some(english) = self.attributive_en(ctx, matcher, i) {
                out.push(english);
                continue;
            }
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

    /// `the ROK-US summit on June 13, 2017`, `the Joint Statement of 26 February 2017 by Prime
    /// Minister Turnbull and President Widodo`: a noun trigger right before `on`/`of` DATE, in
    /// a noun phrase that names its parties (before the trigger, or after the date with `by`),
    /// is an event of its own; the date is not the sentence's.
    fn attributive_en(
        &self,
        ctx: &SentenceCtx<'_>,
        matcher: &Matcher,
        i: usize,
    ) -> Option<Attributive> {
        let norm = self.text.norm.as_str();
        let date = ctx.dates[i];
        let before = norm.get(ctx.bytes.0..date.norm.0)?;
        let before = before
            .strip_suffix(" on ")
            .or_else(|| before.strip_suffix(" of "))?;
        let trigger_end = ctx.bytes.0 + before.len();
        let (trigger_start, kind) = ctx.triggers.iter().find_map(|(start, end, t)| match t {
            Trigger::Event(kind, _) if *end == trigger_end => Some((*start, *kind)),
            _ => None,
        })?;
        // the noun phrase: back to its article or the clause's start
        let head = &norm[ctx.bytes.0..trigger_start];
        let phrase_start = ["the ", "a ", ", ", "; "]
            .iter()
            .filter_map(|w| head.rfind(w).map(|k| k + w.len()))
            .max()
            .map_or(ctx.bytes.0, |k| ctx.bytes.0 + k);
        if trigger_start - phrase_start > 60 {
            return None;
        }
        // `… by X and Y` after the date
        let mut end = date.norm.1;
        if let Some(rest) = norm[end..ctx.bytes.1].strip_prefix(" by ") {
            let stop = rest.find([',', ';', '.', '(']).unwrap_or(rest.len());
            end += " by ".len() + stop;
        }
        let range = (phrase_start, end);
        if self
            .participants_in(ctx, range, &[], &[], matcher)
            .is_empty()
        {
            return None;
        }
        Some((i, range, Some((kind, trigger_end))))
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
            // `took place at the Ministry of Foreign Affairs`: a building, not a party
            let before = &norm[..hit.start];
            if (before.ends_with(" at the ") || before.ends_with(" at "))
                && hit_entities(hit).iter().all(|id| {
                    matches!(
                        self.kind(id),
                        Some(EntityType::Ministry | EntityType::Agency | EntityType::Organization)
                    )
                })
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
                    // a new series written with its parties (UK-Singapore Cyber Dialogue)
                    if super::mentions::is_series_kind(kind)
                        && self.found.provisional.contains_key(&id)
                    {
                        for state in super::sessions::series_parties(
                            self.gazetteer,
                            &self.found.provisional,
                            matcher,
                            &id,
                        ) {
                            countries.push(state);
                        }
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
    pub(super) fn events_of_sentence(
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
                !self.future(*end, s_end)
                    && !self.english_future(*start, s_start)
                    && !english_plan(&norm[*end..s_end])
            })
            .map(|(start, end, kind, strength)| {
                // a nominal trigger (創設を勧告, 共同発表にて) is not the sentence's predicate,
                // nor one inside a compound noun (拠出金, 開催地)
                let after = &norm[end..s_end];
                let nominal = (["を", "の", "への", "に", "について", "にて"]
                    .iter()
                    .any(|w| after.starts_with(w))
                    && !after.starts_with("に合意")
                    && !light_verb_after(after))
                    || after.chars().next().is_some_and(|c| {
                        matches!(c, '金' | '地' | '国' | '式' | '者' | '額' | '先' | '中')
                    });
                (start, end, kind, if nominal { 1 } else { strength })
            })
            .collect();
        let attributive = self.attributive(ctx, matcher);
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
            let before = main_dates.iter().rev().find(|d| d.norm.1 <= at);
            let after = main_dates.iter().find(|d| d.norm.0 >= at);
            // `today concluded a workshop that took place … from October 22-24`: a date
            // written right after the trigger says more than the document's `today`
            let written_after = after.filter(|d| {
                d.rule != "relative-document"
                    && d.norm.0 - at <= 60
                    && !ctx.triggers.iter().any(|t| t.0 > at && t.0 < d.norm.0)
            });
            match (before, written_after) {
                (Some(b), Some(a)) if b.rule == "relative-document" => Some(a),
                _ => before.or(after),
            }
            .map(|d| (d.start, d.end))
        };
        let mut main = None;
        let main_scope = ((s_start, s_end), attributive_ranges.clone());
        // attributive events: 2017年2月の…会談
        for (i, range, trigger) in &attributive {
            let date = ctx.dates[*i];
            let Some((kind, _)) = trigger else {
                // 13(平成25)年10月の「2+2」会合: a known series after the date is its meeting
                let series = ctx.hits.iter().find_map(|h| match &h.target {
                    Target::Entity(id)
                        if h.start >= range.1
                            && h.start <= range.1 + 6
                            && matches!(
                                self.kind(id),
                                Some(EntityType::InternationalForum | EntityType::WorkingGroup)
                            ) =>
                    {
                        Some(id.clone())
                    }
                    _ => None,
                });
                if let Some(series) = series {
                    let kind = series_kind(self.gazetteer.entities.get(&series));
                    let label = format!("{} meeting", self.label(&series));
                    let participants = self.series_states(&series, matcher);
                    self.scope = (*range, Vec::new());
                    self.push_event(
                        ctx,
                        kind,
                        label,
                        (date.start, date.end),
                        participants,
                        Some(series),
                        Rule::EventAttributive,
                    );
                }
                continue;
            };
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
                Rule::EventAttributive,
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
                Rule::Session,
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
            let kind = series_kind(
                self.gazetteer
                    .entities
                    .get(series)
                    .or_else(|| self.found.provisional.get(series)),
            );
            let made = self.push_event(
                ctx,
                kind,
                label,
                dates,
                participants,
                Some(series.clone()),
                Rule::SeriesVenue,
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
            // what is set up takes part in its setting up (The OEWG was established in 2019)
            if kind == EventType::Establishment {
                for hit in ctx.hits {
                    if let Target::Entity(id) = &hit.target
                        && matches!(
                            self.kind(id),
                            Some(
                                EntityType::WorkingGroup
                                    | EntityType::InternationalForum
                                    | EntityType::Program
                            )
                        )
                        && !participants.contains(id)
                    {
                        participants.push(id.clone());
                    }
                }
            }
            let label = match &series {
                Some(series) => format!("{} meeting", self.label(series)),
                None => self.event_label(kind, &participants),
            };
            let kind = match &series {
                Some(series) => series_kind(
                    self.gazetteer
                        .entities
                        .get(series)
                        .or_else(|| self.found.provisional.get(series)),
                ),
                None => kind,
            };
            let made = self.push_event(
                ctx,
                kind,
                label,
                dates,
                participants,
                series,
                Rule::EventTrigger,
            );
            main = main.or(made);
        }
        // attending a known forum (attended the AMCC; ARF会合に出席): a meeting of it
        if main.is_none()
            && let Some(made) = self.attendance(ctx, matcher, &date_near, &attributive_ranges)
        {
            main = Some(made);
        }
        // signings, statements and visits next to a meeting are events of their own
        // (エストニアを訪問中の外務大臣は…会談; on the sidelines of X's State visit to Japan)
        let main_kind = main
            .and_then(|m| self.extraction.events.get(m))
            .map(|e| e.kind);
        let mut done = vec![main_kind];
        for (t_start, t_end, kind, strength) in main_triggers {
            if !matches!(
                kind,
                EventType::Signing | EventType::Statement | EventType::Other | EventType::Visit
            ) || done.contains(&Some(*kind))
                || *strength <= 1
            {
                continue;
            }
            // `announced the launch of …`: the announcement is how the main event is told
            if *kind == EventType::Statement
                && main.is_some()
                && self.text.norm.get(*t_start..*t_end) == Some("announced")
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
                Rule::EventTrigger,
            );
        }
        main
    }

    /// `Minister X attended the ASEAN Ministerial Conference on Cybersecurity on 9 October`,
    /// `…会合に出席した`: a participation word and a known forum or group right after it
    /// (English) or right before it (Japanese, `FORUMに出席`), in a dated sentence with no
    /// other event, is a meeting of that forum (rule `event-attendance`).
    fn attendance(
        &mut self,
        ctx: &SentenceCtx<'_>,
        matcher: &Matcher,
        date_near: &dyn Fn(usize) -> Option<(PartialDate, Option<PartialDate>)>,
        attributive_ranges: &[(usize, usize)],
    ) -> Option<usize> {
        let norm = self.text.norm.as_str();
        let (s_start, s_end) = ctx.bytes;
        let is_series = |b: &Self, id: &EntityId| {
            matches!(
                b.kind(id),
                Some(EntityType::InternationalForum | EntityType::WorkingGroup)
            )
        };
        let (t_start, series) = ctx
            .triggers
            .iter()
            .filter(|t| t.2 == Trigger::Participation)
            .find_map(|(t_start, t_end, _)| {
                let english = norm[*t_start..*t_end].is_ascii();
                let series = if english {
                    // attended the FORUM / participated in the FORUM
                    ctx.hits.iter().find_map(|h| match &h.target {
                        Target::Entity(id)
                            if h.start >= *t_end
                                && h.start - *t_end <= 12
                                && is_series(self, id) =>
                        {
                            Some(id.clone())
                        }
                        _ => None,
                    })
                } else {
                    // FORUMに出席 / FORUMへの参加
                    ctx.hits.iter().rev().find_map(|h| match &h.target {
                        Target::Entity(id)
                            if h.end <= *t_start
                                && matches!(
                                    &norm[h.end..*t_start],
                                    "に" | "への" | "会合に" | "会議に"
                                )
                                && is_series(self, id) =>
                        {
                            Some(id.clone())
                        }
                        _ => None,
                    })
                };
                series.map(|s| (*t_start, s))
            })?;
        if self.future(t_start, s_end) || self.english_future(t_start, s_start) {
            return None;
        }
        let dates = date_near(t_start)?;
        let members = self.series_states(&series, matcher);
        let participants =
            self.participants_in(ctx, (s_start, s_end), attributive_ranges, &members, matcher);
        let kind = series_kind(
            self.gazetteer
                .entities
                .get(&series)
                .or_else(|| self.found.provisional.get(&series)),
        );
        let label = format!("{} meeting", self.label(&series));
        self.push_event(
            ctx,
            kind,
            label,
            dates,
            participants,
            Some(series),
            Rule::EventAttendance,
        )
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
    pub(super) fn series_states(&self, series: &EntityId, matcher: &Matcher) -> Vec<EntityId> {
        super::sessions::series_parties(self.gazetteer, &self.found.provisional, matcher, series)
    }
}

/// `agreed to hold the next dialogue in 2025`: an agreement about a future meeting is a plan,
/// not an event.
fn english_plan(after_trigger: &str) -> bool {
    let after = after_trigger.trim_start();
    // `agreed to work closely together`: an intention
    after.starts_with("to ")
        && !after.starts_with("to the ")
        && !after.starts_with("to a ")
        && after[3..]
            .split(' ')
            .next()
            .is_some_and(|verb| verb.chars().all(|c| c.is_ascii_lowercase()) && !verb.is_empty())
}

fn strength_of(triggers: &[(usize, usize, EventType, u8)], start: usize) -> u8 {
    triggers.iter().find(|t| t.0 == start).map_or(0, |t| t.3)
}

/// The ordinal of a session label made by [`ordinal`] (`4th Japan-U.S. Cyber Dialogue` → 4).
fn session_ordinal(label: &str) -> Option<u32> {
    let word = label.split(' ').next()?;
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    (digits.len() < word.len())
        .then(|| digits.parse().ok())
        .flatten()
}

pub(super) fn series_kind(series: Option<&crate::model::Entity>) -> EventType {
    let Some(entity) = series else {
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

pub(super) fn session_kind(
    norm: &str,
    session: &Session,
    series_kind: Option<EntityType>,
) -> EventType {
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
