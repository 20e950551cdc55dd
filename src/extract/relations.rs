//! Relations stated in a sentence beyond events and titles: `agreedOn`, `established`,
//! `signed`, `contributedTo` (Xに拠出), `hosted` (X主催の, hosted by X), `joined` and
//! `participatedIn` (Xへの参加), `memberOf` (AとBの間における GROUP), `partOf`
//! (ORGにおける GROUP), `represents` (Xを筆頭に, X led the STATE delegation).

use crate::model::{EntityId, EntityType, EventType, Object, PartialDate, Predicate};

use super::assembly::{Builder, SentenceCtx, hit_entities, is_participant_kind};
use super::lexicon::Trigger;
use super::mentions::{Hit, Target};
use super::rule::Rule;

impl Builder<'_, '_, '_> {
    /// `X (ACRONYM) of the Y`, `Y's X`: a body that is part of another (rule
    /// [`Rule::PartOfBodyEn`]). The part is an agency, unit, working group or organisation;
    /// the whole an organisation, ministry, agency or forum; a state is never either.
    pub(super) fn bodies_of_bodies_en(&mut self, ctx: &SentenceCtx<'_>) {
        use EntityType as K;
        let norm = self.text.norm.as_str();
        let part_kinds = [K::Agency, K::WorkingGroup, K::Organization];
        let whole_kinds = [
            K::Organization,
            K::Ministry,
            K::Agency,
            K::InternationalForum,
        ];
        let entity = |h: &Hit| match &h.target {
            Target::Entity(id) => Some(id.clone()),
            _ => None,
        };
        let mut found = Vec::new();
        for pair in ctx.hits.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let (Some(first), Some(second)) = (entity(a), entity(b)) else {
                continue;
            };
            if first == second || !norm[a.start..a.end].is_ascii() {
                continue;
            }
            let between = &norm[a.end..b.start];
            // the first is a bracketed acronym (… against Terrorism (CICTE) of the OAS)
            let between = if norm[..a.start].ends_with('(') {
                between.strip_prefix(')').unwrap_or(between)
            } else {
                between
            };
            // a bracketed acronym of the first may come in between
            let between = match between.strip_prefix(" (") {
                Some(rest) => match rest.find(')') {
                    Some(k) if k <= 10 && !rest[..k].contains(' ') => &rest[k + 1..],
                    _ => between,
                },
                None => between,
            };
            let (part, whole) = match between {
                " of the " | " of " => (first, second),
                "'s " | "’s " => (second, first),
                _ => continue,
            };
            let (Some(pk), Some(wk)) = (self.kind(&part), self.kind(&whole)) else {
                continue;
            };
            if part_kinds.contains(&pk) && whole_kinds.contains(&wk) {
                found.push((part, whole));
            }
        }
        for (part, whole) in found {
            let p = self.provenance(ctx.index, ctx.span, Rule::PartOfBodyEn, 0.6, ctx.evidence);
            self.relate(&part, Predicate::PartOf, Object::Entity(whole), None, p);
        }
    }

    /// Relations stated in one sentence (beyond events and titles).
    pub(super) fn sentence_relations(&mut self, ctx: &SentenceCtx<'_>) {
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
            |b: &Self, rule: Rule| b.provenance(ctx.index, ctx.span, rule, 0.6, ctx.evidence);
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
                        let p = provenance(self, Rule::AgreedOn);
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
                    // a body set up inside another (内閣官房に「X」設置) is part of it; no
                    // state is said to have set it up
                    let inside = object.as_ref().and_then(|o| self.set_up_in(ctx, o));
                    if let (Some(object), Some(whole)) = (&object, inside) {
                        let p = provenance(self, Rule::PartOfFrame);
                        self.relate(object, Predicate::PartOf, Object::Entity(whole), None, p);
                    } else if let Some(object) = object {
                        for state in &self.acting_states(&states, main.as_ref()) {
                            let p = provenance(self, Rule::Established);
                            self.relate(
                                state,
                                Predicate::Established,
                                Object::Entity(object.clone()),
                                date,
                                p,
                            );
                        }
                        if let Some((event, start)) = &main {
                            let p = provenance(self, Rule::AgreedOn);
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
                    // `The MOU was signed by X and Y`: the document before a passive
                    let passive = english && norm[t_end..s_end].starts_with(" by ");
                    let object =
                        if passive {
                            ctx.hits.iter().rev().filter(|h| h.end <= t_start).find_map(
                                |h| match &h.target {
                                    Target::Entity(id) if self.kind(id) == Some(K::Document) => {
                                        Some(id.clone())
                                    }
                                    _ => None,
                                },
                            )
                        } else if english {
                            after(self, t_end, &[K::Document])
                        } else {
                            before(self, t_start, &[K::Document])
                        };
                    if let Some(object) = object {
                        let signers = if english {
                            self.signers_en(ctx, t_start, t_end)
                        } else {
                            Vec::new()
                        };
                        let signers = if signers.is_empty() {
                            self.acting_states(&states, main.as_ref())
                        } else {
                            signers
                        };
                        for signer in &signers {
                            let p = provenance(self, Rule::Signed);
                            self.relate(
                                signer,
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
                        let p = provenance(self, Rule::AgreedOn);
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
                    // Xに(約100万ドルを)拠出; contributed (USD 1 million) to X
                    let receiver = |b: &Self, h: &Hit| match &h.target {
                        Target::Entity(id)
                            if b.kind(id).is_some_and(|k| {
                                matches!(
                                    k,
                                    K::Organization
                                        | K::Agency
                                        | K::Program
                                        | K::InternationalForum
                                        | K::Ministry
                                )
                            }) =>
                        {
                            Some(id.clone())
                        }
                        _ => None,
                    };
                    let object = if english {
                        let rest = &norm[t_end..s_end];
                        let clause = rest.find([';', '.']).map_or(rest.len(), |i| i);
                        rest[..clause].find(" to ").and_then(|i| {
                            let at = t_end + i + 4;
                            ctx.hits
                                .iter()
                                .filter(|h| h.start >= at && h.start <= at + 4)
                                .find_map(|h| receiver(self, h))
                        })
                    } else {
                        let floor = clause_start(t_start);
                        ctx.hits
                            .iter()
                            .rev()
                            .filter(|h| h.end <= t_start && h.start >= floor)
                            .filter(|h| norm[h.end..].starts_with('に'))
                            .find_map(|h| receiver(self, h))
                    };
                    if let Some(object) = object {
                        for state in &states {
                            let p = provenance(self, Rule::ContributedTo);
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
                    // X(POST)主催の EVENT, Xが主催し; hosted by X (and Y); X hosted EVENT
                    let host_kinds = [
                        K::Official,
                        K::State,
                        K::Ministry,
                        K::Agency,
                        K::Organization,
                    ];
                    let is_host = |b: &Self, h: &Hit| match &h.target {
                        Target::Entity(id)
                            if b.kind(id).is_some_and(|k| host_kinds.contains(&k)) =>
                        {
                            Some(id.clone())
                        }
                        _ => None,
                    };
                    let rest = norm.get(t_end..s_end).unwrap_or("");
                    let passive = english && rest.starts_with(" by ");
                    let subjects: Vec<EntityId> = if passive {
                        // every host named in the `by` phrase, up to the end of its clause
                        let clause_end = rest[4..]
                            .find([';', '.', '('])
                            .map_or(s_end, |i| t_end + 4 + i);
                        let mut out: Vec<EntityId> = Vec::new();
                        for h in ctx
                            .hits
                            .iter()
                            .filter(|h| h.start >= t_end && h.end <= clause_end)
                        {
                            if let Some(id) = is_host(self, h)
                                && !out.contains(&id)
                            {
                                out.push(id);
                            }
                        }
                        // a person's state is not a second host (hosted by Singapore's Minister X)
                        if out.iter().any(|id| self.kind(id) == Some(K::Official)) {
                            out.retain(|id| self.kind(id) == Some(K::Official));
                        }
                        out
                    } else {
                        // the clause: back to a comma outside brackets
                        let floor = {
                            let mut depth = 0i32;
                            let mut floor = s_start;
                            for (i, c) in norm[s_start..t_start].char_indices().rev() {
                                match c {
                                    ')' => depth += 1,
                                    '(' => depth -= 1,
                                    '、' | ',' | '。' if depth <= 0 => {
                                        floor = s_start + i + c.len_utf8();
                                        break;
                                    }
                                    _ => {}
                                }
                            }
                            // `X, in cooperation with Y, hosted`: the clause before the
                            // companion phrase is the subject's too
                            // (and the subject of `X, in cooperation with Y, hosted`)
                            let mut companion = false;
                            for _ in 0..3 {
                                let clause = norm[floor..t_start].trim();
                                let is_companion = [
                                    "in cooperation with ",
                                    "in collaboration with ",
                                    "in partnership with ",
                                    "together with ",
                                    "jointly with ",
                                ]
                                .iter()
                                .any(|w| clause.starts_with(w));
                                if !english
                                    || floor <= s_start
                                    || !(is_companion || (clause.is_empty() && !companion))
                                {
                                    break;
                                }
                                companion |= is_companion;
                                floor = norm[s_start..floor - 1]
                                    .rfind([',', ';'])
                                    .map_or(s_start, |k| s_start + k + 1);
                                if is_companion {
                                    break;
                                }
                            }
                            floor
                        };
                        let candidates: Vec<EntityId> = ctx
                            .hits
                            .iter()
                            .rev()
                            .filter(|h| {
                                h.end <= t_start
                                    && h.start >= floor
                                    && (english || t_start - h.end <= 160)
                            })
                            .filter_map(|h| is_host(self, h))
                            .collect();
                        // `X(…)が主催し`: the person of the clause (インド…大臣(Mr. X, …, India)),
                        // not a state in their title; `英国主催の`: the name right before
                        let topic = !english && norm[..t_start].ends_with('が');
                        if english {
                            // every host of the subject (X and Y hosted, X, in cooperation
                            // with Y, hosted), in text order; a person's state is not one;
                            // `A thanks B for hosting`: B
                            let thanked = norm[..t_start]
                                .ends_with(" for ")
                                .then(|| norm[floor..t_start].rfind("thank").map(|k| floor + k))
                                .flatten();
                            let candidates: Vec<EntityId> = match thanked {
                                Some(from) => ctx
                                    .hits
                                    .iter()
                                    .rev()
                                    .filter(|h| h.start >= from && h.end <= t_start)
                                    .filter_map(|h| is_host(self, h))
                                    .collect(),
                                None => candidates,
                            };
                            let mut out: Vec<EntityId> = Vec::new();
                            for id in candidates.iter().rev() {
                                if !out.contains(id) {
                                    out.push(id.clone());
                                }
                            }
                            if out.iter().any(|id| self.kind(id) == Some(K::Official)) {
                                out.retain(|id| self.kind(id) == Some(K::Official));
                            }
                            out
                        } else {
                            candidates
                                .iter()
                                .find(|id| topic && self.kind(id) == Some(K::Official))
                                .or_else(|| candidates.first())
                                .cloned()
                                .into_iter()
                                .collect()
                        }
                    };
                    let object = if passive {
                        main.as_ref().map(|(e, _)| e.clone())
                    } else if english {
                        // Singapore hosted the 9th AMCC: the session, not its series
                        main.as_ref()
                            .map(|(e, _)| e.clone())
                            .or_else(|| after(self, t_end, &[K::Event, K::InternationalForum]))
                    } else {
                        after(self, t_end, &[K::Event, K::InternationalForum]).or_else(|| {
                            // 同会議: the last event-like mention before
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
                    // 「ロックド・シールズ」は、CCDCOEが主催する…演習: the sentence's topic
                    let object = object.or_else(|| {
                        if english {
                            return None;
                        }
                        ctx.hits
                            .iter()
                            .filter(|h| h.end <= t_start)
                            .find(|h| {
                                let after = norm.get(h.end..).unwrap_or("");
                                let after = after.strip_prefix('」').unwrap_or(after);
                                after.starts_with('は')
                            })
                            .and_then(|h| match &h.target {
                                Target::Entity(id)
                                    if matches!(
                                        self.kind(id),
                                        Some(K::Event | K::InternationalForum | K::Program)
                                    ) =>
                                {
                                    Some(id.clone())
                                }
                                _ => None,
                            })
                    });
                    // この会合では X が主催し: the meeting the text is about
                    let object = object.or_else(|| {
                        main.as_ref()
                            .map(|(e, _)| e.clone())
                            .or_else(|| self.extraction.events.last().map(|e| e.id.clone()))
                    });
                    if let Some(object) = object {
                        for subject in subjects {
                            let p = provenance(self, Rule::Hosted);
                            self.relate(
                                &subject,
                                Predicate::Hosted,
                                Object::Entity(object.clone()),
                                date,
                                p,
                            );
                        }
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
                                K::Program | K::Document => (Predicate::Joined, Rule::Joined),
                                _ => (Predicate::ParticipatedIn, Rule::ParticipatedIn),
                            };
                            let p = provenance(self, rule);
                            self.relate(&subject, predicate, Object::Entity(object), date, p);
                        }
                    }
                }
                _ => {}
            }
        }
        self.membership_en(ctx);
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
                let p = provenance(self, Rule::MemberOf);
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
                let p = provenance(self, Rule::PartOfFrame);
                self.relate(part, Predicate::PartOf, Object::Entity(whole), None, p);
            }
        }
        self.part_of_phrases(ctx, main.as_ref().map(|(e, _)| e));
        // represents: the head of a delegation (Xを筆頭に, X … led the U.S. delegation)
        self.heads_of_delegation(ctx);
    }

    /// `… convened as part of the Singapore International Cyber Week`: the sentence's event is
    /// `partOf` the named event, forum or programme; `the X Division in the Foreign Policy
    /// Bureau`, `the Cyber Centre—part of the …`, `総合外交政策局にX室を設置`: a new body is
    /// `partOf` the body it is set up in.
    fn part_of_phrases(&mut self, ctx: &SentenceCtx<'_>, main: Option<&EntityId>) {
        use EntityType as K;
        let norm = self.text.norm.as_str();
        let (s_start, s_end) = ctx.bytes;
        let sentence = &norm[s_start..s_end];
        let entity = |h: &Hit| match &h.target {
            Target::Entity(id) => Some(id.clone()),
            _ => None,
        };
        let mut found: Vec<(EntityId, EntityId)> = Vec::new();
        if let Some(main) = main {
            for phrase in ["as part of the ", "as part of "] {
                if let Some(i) = sentence.find(phrase) {
                    let at = s_start + i + phrase.len();
                    if let Some(whole) = ctx
                        .hits
                        .iter()
                        .find(|h| h.start == at)
                        .and_then(|h| entity(h))
                        && matches!(
                            self.kind(&whole),
                            Some(K::Event | K::InternationalForum | K::Program)
                        )
                    {
                        found.push((main.clone(), whole));
                    }
                    break;
                }
            }
        }
        let body = |k: Option<K>| matches!(k, Some(K::Agency | K::Ministry));
        for (i, hit) in ctx.hits.iter().enumerate() {
            let Some(part) = entity(hit) else { continue };
            if !body(self.kind(&part)) || !self.found.provisional.contains_key(&part) {
                continue;
            }
            // English: NEW in the KNOWN (Division in the Foreign Policy Bureau)
            if let Some(next) = ctx.hits.get(i + 1)
                && matches!(
                    norm.get(hit.end..next.start),
                    Some(
                        " in the "
                            | " within the "
                            | " of the "
                            | " under the "
                            | "—part of the "
                            | " — part of the "
                            | " - part of the "
                            | ", part of the "
                            | ", a part of the "
                    )
                )
                && let Some(whole) = entity(next)
                && body(self.kind(&whole))
            {
                found.push((part.clone(), whole));
                continue;
            }
        }
        // Japanese: BODYに NEWを設置/新設 (and known bodies: 内閣に「…本部」設置)
        for hit in ctx.hits {
            if let Some(part) = entity(hit)
                && let Some(whole) = self.set_up_in(ctx, &part)
                && !found.contains(&(part.clone(), whole.clone()))
            {
                found.push((part, whole));
            }
        }
        for (part, whole) in found {
            let p = self.provenance(ctx.index, ctx.span, Rule::PartOfFrame, 0.6, ctx.evidence);
            self.relate(&part, Predicate::PartOf, Object::Entity(whole), None, p);
        }
    }
}

impl Builder<'_, '_, '_> {
    /// The body that `part` is set up in, in Japanese: `BODYに PARTを設置`, `BODYのもとに
    /// 「PART」新編`, `BODY内にPARTが発足` (the two mentions adjacent, brackets allowed; PART
    /// an agency, ministry, organisation or group, BODY an agency, ministry or organisation).
    pub(super) fn set_up_in(&self, ctx: &SentenceCtx<'_>, part: &EntityId) -> Option<EntityId> {
        use EntityType as K;
        const LINKS: [&str; 5] = ["に", "のもとに", "の下に", "内に", "の中に"];
        const VERBS: [&str; 6] = ["設置", "新設", "設立", "新編", "発足", "創設"];
        let norm = self.text.norm.as_str();
        let entity = |h: &Hit| match &h.target {
            Target::Entity(id) => Some(id.clone()),
            _ => None,
        };
        let i = ctx
            .hits
            .iter()
            .position(|h| entity(h).as_ref() == Some(part))?;
        let hit = &ctx.hits[i];
        if !matches!(
            self.kind(part),
            Some(K::Agency | K::Ministry | K::Organization | K::WorkingGroup)
        ) {
            return None;
        }
        let previous = &ctx.hits[i.checked_sub(1)?];
        let between = norm.get(previous.end..hit.start)?;
        let between = between.strip_suffix('「').unwrap_or(between);
        // the body's bracketed abbreviation: 「内閣官房情報セキュリティセンター(NISC)」に
        let between = between.strip_prefix(')').unwrap_or(between);
        let between = between
            .strip_prefix('」')
            .unwrap_or(between)
            .trim_start_matches(' ');
        if !LINKS.contains(&between) {
            return None;
        }
        let rest = norm.get(hit.end..)?;
        // its own bracketed abbreviation: 「内閣サイバーセキュリティセンター(NISC:…)」設置
        let rest = rest
            .strip_prefix('(')
            .and_then(|r| r.split_once(')').map(|(_, after)| after))
            .unwrap_or(rest);
        let rest = rest.strip_prefix('」').unwrap_or(rest);
        let rest = ["を", "が"]
            .iter()
            .find_map(|p| rest.strip_prefix(p))
            .unwrap_or(rest);
        if !VERBS.iter().any(|v| rest.starts_with(v)) {
            return None;
        }
        let whole = entity(previous)?;
        (whole != *part
            && matches!(
                self.kind(&whole),
                Some(K::Agency | K::Ministry | K::Organization)
            ))
        .then_some(whole)
    }

    /// The states acting in a sentence: those named, else those of the main event.
    /// Membership in English: `X (and Y) joined ORG` and `ORG accepts X, Y and Z into ORG`
    /// (`joined` and `memberOf`), `X belong(s) to ORG`, `X is a member of ORG` (`memberOf`).
    /// The members are the states of the clause before the verb (after it, up to `into`, for
    /// `accepts`); ORG is the next organisation, forum or group, or an anaphor (`the Centre`)
    /// for the last one mentioned whose name has that head word.
    fn membership_en(&mut self, ctx: &SentenceCtx<'_>) {
        const VERBS: [(&str, bool); 8] = [
            (" joined ", true),
            (" join ", true),
            ("accepts ", true),
            ("admitted ", true),
            (" belong to ", false),
            (" belongs to ", false),
            (" a member of ", false),
            (" members of ", false),
        ];
        let norm = self.text.norm.as_str();
        let (s_start, s_end) = ctx.bytes;
        let sentence = &norm[s_start..s_end];
        // English: no Japanese script (curly quotes and dashes are fine)
        if sentence
            .chars()
            .any(|c| ('\u{3000}'..='\u{9fff}').contains(&c))
        {
            return;
        }
        for (verb, joins) in VERBS {
            let Some(k) = sentence.find(verb) else {
                continue;
            };
            let (v_start, v_end) = (s_start + k, s_start + k + verb.len());
            let accepts = matches!(verb, "accepts " | "admitted ");
            let into = accepts
                .then(|| {
                    norm[v_end..s_end]
                        .find(" into ")
                        .map(|j| (v_end + j, " into ".len()))
                        .or_else(|| {
                            norm[v_end..s_end]
                                .find(" to ")
                                .map(|j| (v_end + j, " to ".len()))
                        })
                })
                .flatten();
            let (members_range, org_from) = match into {
                Some((into, skip)) => ((v_end, into), into + skip),
                None if accepts => continue,
                None => {
                    let clause = norm[s_start..v_start]
                        .rfind([',', ';', '“', '"'])
                        .map_or(s_start, |j| s_start + j + 1);
                    ((clause, v_start), v_end)
                }
            };
            let members: Vec<EntityId> = ctx
                .hits
                .iter()
                .filter(|h| h.start >= members_range.0 && h.end <= members_range.1)
                .filter_map(|h| match &h.target {
                    Target::Entity(id) if self.kind(id) == Some(EntityType::State) => {
                        Some(id.clone())
                    }
                    _ => None,
                })
                .collect();
            if members.is_empty() {
                continue;
            }
            let Some(org) = self.organisation_after(ctx, org_from) else {
                continue;
            };
            for member in members {
                let mut predicates = vec![(Predicate::MemberOf, Rule::MemberOf)];
                if joins {
                    predicates.insert(0, (Predicate::Joined, Rule::Joined));
                }
                for (predicate, rule) in predicates {
                    let p = self.provenance(ctx.index, ctx.span, rule, 0.6, ctx.evidence);
                    self.relate(&member, predicate, Object::Entity(org.clone()), None, p);
                }
            }
        }
    }

    /// The organisation, forum or group named right after `at` (` the NATO CCDCOE`), or `the
    /// Centre`: the last one mentioned before whose name has that head word.
    fn organisation_after(&self, ctx: &SentenceCtx<'_>, at: usize) -> Option<EntityId> {
        let norm = self.text.norm.as_str();
        let is_org = |id: &EntityId| {
            matches!(
                self.kind(id),
                Some(
                    EntityType::Organization
                        | EntityType::InternationalForum
                        | EntityType::WorkingGroup
                )
            )
        };
        let rest = norm[at..].trim_start();
        let rest = rest.strip_prefix("the ").unwrap_or(rest);
        let next_at = norm.len() - rest.len();
        if let Some(hit) = ctx.hits.iter().find(|h| h.start == next_at)
            && let Target::Entity(id) = &hit.target
            && is_org(id)
        {
            return Some(id.clone());
        }
        let head: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
        if head.len() < 4 {
            return None;
        }
        let found = &self.found.hits;
        found
            .iter()
            .rev()
            .filter(|h| h.end <= at)
            .find_map(|h| match &h.target {
                Target::Entity(id)
                    if is_org(id)
                        && crate::gazetteer::normalize(&self.label(id))
                            .split(' ')
                            .any(|w| w == head) =>
                {
                    Some(id.clone())
                }
                _ => None,
            })
    }

    /// Who signed, in English: the people and bodies of the clause before `signed` (`CSA has
    /// signed`, `Minister X and Secretary Y signed`), after `signed by`, and after `with` (`…
    /// with the Cabinet Office`); the states written there only when no person or body is (`The
    /// United States and Singapore today signed`). A state inside a title (`US Secretary of
    /// State John Kerry`) is not a signer.
    fn signers_en(&self, ctx: &SentenceCtx<'_>, t_start: usize, t_end: usize) -> Vec<EntityId> {
        let norm = self.text.norm.as_str();
        let (s_start, s_end) = ctx.bytes;
        let clause_end = |from: usize| {
            norm[from..s_end]
                .find(['.', ';'])
                .map_or(s_end, |k| from + k)
        };
        let subject_start = norm[s_start..t_start]
            .rfind([';', ':'])
            .map_or(s_start, |k| s_start + k + 1);
        let mut ranges = vec![(subject_start, t_start)];
        let after = &norm[t_end..s_end];
        if after.starts_with(" by ") {
            ranges.push((t_end, clause_end(t_end)));
        } else if let Some(k) = after.find(" with ") {
            let from = t_end + k;
            let stop = norm[from + 6..s_end]
                .find([',', '.', ';'])
                .map_or(s_end, |j| from + 6 + j);
            let stop = norm[from + 6..stop]
                .find(" to ")
                .map_or(stop, |j| from + 6 + j);
            ranges.push((from, stop));
        }
        let mut people = Vec::new();
        let mut states = Vec::new();
        for hit in ctx.hits {
            if !ranges
                .iter()
                .any(|(a, b)| hit.start >= *a && hit.start < *b)
            {
                continue;
            }
            let Target::Entity(id) = &hit.target else {
                continue;
            };
            let list = match self.kind(id) {
                Some(
                    EntityType::Official
                    | EntityType::Ministry
                    | EntityType::Agency
                    | EntityType::Organization,
                ) => &mut people,
                Some(EntityType::State) => {
                    // a state right before a title or a body's name is part of it
                    let next = &norm[hit.end..s_end];
                    let titled = next.starts_with(' ')
                        && ctx.hits.iter().any(|h| {
                            h.start == hit.end + 1
                                && !matches!(&h.target, Target::Entity(o) if self.kind(o) == Some(EntityType::State))
                        });
                    if titled || next.starts_with("'s ") || next.starts_with("’s ") {
                        continue;
                    }
                    &mut states
                }
                _ => continue,
            };
            if !list.contains(id) {
                list.push(id.clone());
            }
        }
        if people.is_empty() { states } else { people }
    }

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
                let p = self.provenance(
                    ctx.index,
                    ctx.span,
                    Rule::HeadOfDelegation,
                    0.6,
                    ctx.evidence,
                );
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
