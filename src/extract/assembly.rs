//! Assembly of one document's extraction: mentions from hits, provisional entities still
//! mentioned, titles as `holdsPost`, then per sentence the events ([`super::events`]) and
//! relations ([`super::relations`]), and finally each event's `participatedIn`, `heldIn` and
//! `partOf` statements and its node. Every statement carries its provenance (document,
//! sentence, span, the [`Rule`] that made it, a confidence, the sentence as evidence).

use crate::corpus::Document;
use crate::gazetteer::Gazetteer;
use crate::model::{
    Diagnostic, DocumentId, Entity, EntityId, EntityType, EventInfo, Object, PartialDate,
    Predicate, Provenance, Relation, RelationKind, Source, Span,
};

use super::dates::DateMention;
use super::index::FxHashMap;
use super::lexicon::Trigger;
use super::mentions::{Found, Hit, Matcher, Target};
use super::rule::Rule;
use super::text::Text;
use super::triggers::Triggers;
use super::{Extraction, Mention};

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

pub(super) struct Builder<'x, 't, 'a> {
    pub(super) text: &'t Text<'a>,
    pub(super) gazetteer: &'x Gazetteer,
    pub(super) found: &'x Found,
    pub(super) doc: DocumentId,
    pub(super) extraction: Extraction,
    /// Where the next event's venue may be named, and where not (attributive phrases).
    pub(super) scope: ((usize, usize), Vec<(usize, usize)>),
}

impl Builder<'_, '_, '_> {
    pub(super) fn kind(&self, id: &EntityId) -> Option<EntityType> {
        self.found.kind(id)
    }

    pub(super) fn provenance(
        &self,
        sentence: usize,
        span: Span,
        rule: Rule,
        confidence: f64,
        evidence: &str,
    ) -> Provenance {
        self.provenance_named(sentence, span, rule.name(), confidence, evidence)
    }

    pub(super) fn provenance_named(
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

    pub(super) fn relate(
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

    pub(super) fn label(&self, id: &EntityId) -> String {
        self.gazetteer
            .entities
            .get(id)
            .or_else(|| self.found.provisional.get(id))
            .map_or_else(|| id.to_string(), |e| e.label_en.clone())
    }
}

/// The entities (not posts) a hit mentions.
pub(super) fn hit_entities(hit: &Hit) -> Vec<EntityId> {
    match &hit.target {
        Target::Entity(id) => vec![id.clone()],
        Target::Group(ids) => ids.clone(),
        Target::Post(_) => Vec::new(),
    }
}

pub(super) fn is_participant_kind(kind: EntityType) -> bool {
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
pub(super) fn quoted(norm: &str, sentence: (usize, usize), at: usize) -> bool {
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

pub(super) struct SentenceCtx<'c> {
    pub(super) index: usize,
    pub(super) bytes: (usize, usize),
    pub(super) span: Span,
    pub(super) evidence: &'c str,
    pub(super) hits: &'c [&'c Hit],
    pub(super) triggers: &'c [(usize, usize, Trigger)],
    pub(super) dates: &'c [&'c DateMention],
}

/// The state of a document's publisher (`Ministry of Foreign Affairs of Japan`, `外務省`,
/// `総務省 / NISC`): the first part of the publisher field that names a known organisation
/// or state, through its `country` or parents.
fn publisher_state(doc: &Document, gazetteer: &Gazetteer) -> Option<EntityId> {
    doc.meta
        .publisher
        .split(['/', ',', '、', '(', ')', ';', '（', '）'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .find_map(|part| {
            // `Government of Ireland`, `Australian Government`: the state
            let part = ["Government of the ", "Government of "]
                .iter()
                .find_map(|p| part.strip_prefix(p))
                .or_else(|| part.strip_suffix(" Government"))
                .unwrap_or(part);
            let normalized = crate::gazetteer::normalize(part);
            let id = match gazetteer.aliases.get(&normalized) {
                Some(crate::gazetteer::AliasTarget::Entity(id)) => id,
                _ => gazetteer.country_by_demonym(part)?,
            };
            owning_state(gazetteer, id)
        })
}

/// What a title written with a new person says they hold.
enum Office {
    /// The known post.
    Post,
    /// The same office of another state (`Minister for Foreign Affairs of Estonia`).
    Literal(String),
    /// Not the known post, and no other state to give it to.
    Unknown,
}

/// The office a title gives a person the gazetteer does not know. A title that does not name
/// its state (`Foreign Minister`, `外務大臣`, `Prime Minister`) matches a Japanese post in the
/// gazetteer, but written in another government's release (`Foreign Minister Urmas Paet` from
/// Estonia) it is that government's office; and a person with a foreign name (a katakana or
/// Latin name in a Japanese text) does not hold a Japanese post. Known officials are checked
/// against their tenures and country where the title is read.
fn office_of(
    text: &Text<'_>,
    gazetteer: &Gazetteer,
    found: &Found,
    title: &super::mentions::Title,
    publisher: Option<&EntityId>,
    doc: &Document,
) -> Office {
    let Some(person) = found.provisional.get(&title.person) else {
        return Office::Post;
    };
    let Some(post) = gazetteer.posts.get(&title.post) else {
        return Office::Post;
    };
    let Some(post_state) = owning_state(gazetteer, &post.organization) else {
        return Office::Post;
    };
    let norm = text.norm.as_str();
    let Some(hit) = found
        .hits
        .iter()
        .find(|h| h.start == title.at && matches!(&h.target, Target::Post(p) if *p == title.post))
    else {
        return Office::Post;
    };
    let surface = &norm[hit.start..hit.end];
    if names_state(gazetteer, surface, &post_state) {
        return Office::Post;
    }
    // a foreign name in a Japanese text with a Japanese post (ウルマス・レインサル外務大臣)
    let foreign_name = person.label_ja.as_deref().is_some_and(|ja| {
        ja.chars()
            .all(|c| super::text::is_katakana(c) || c == '・' || c == 'ー')
    }) || (doc.meta.language == "ja" && person.label_en.is_ascii());
    if let Some(publisher) = publisher
        && *publisher != post_state
        && let Some(office) =
            super::people::office_in(gazetteer, &post.label_en, &post_state, publisher)
    {
        // a head of state's title is the publisher's only where the gazetteer knows that
        // office there (`President Joko Widodo` in an Australian release is not Australia's)
        let head_of_state = ["President ", "King ", "Queen ", "Emperor "]
            .iter()
            .any(|w| post.label_en.starts_with(w));
        if head_of_state && !gazetteer.posts.values().any(|p| p.label_en == office) {
            return Office::Unknown;
        }
        return Office::Literal(office);
    }
    if foreign_name && post_state.as_str() == "japan" {
        return Office::Unknown;
    }
    // the gazetteer knows who held the post that day, and it is not this new person
    // (`President Yoon` in a State Department release is not President of the United States)
    if gazetteer.holder(&title.post, title.date).is_some() {
        return Office::Unknown;
    }
    Office::Post
}

/// True when `surface` names `state`: one of its names or demonyms, or a one-character form at
/// its start (米大統領).
pub(super) fn names_state(gazetteer: &Gazetteer, surface: &str, state: &EntityId) -> bool {
    use crate::gazetteer::normalize;
    let Some(entity) = gazetteer.entities.get(state) else {
        return false;
    };
    let names = std::iter::once(&entity.label_en)
        .chain(&entity.label_ja)
        .chain(&entity.aliases_en)
        .chain(&entity.aliases_ja)
        .map(|n| normalize(n));
    for name in names {
        if (name.chars().count() >= 2 && surface.contains(&name)) || surface.starts_with(&name) {
            return true;
        }
    }
    gazetteer
        .demonyms
        .iter()
        .any(|(form, d)| d.entity == *state && surface.contains(&normalize(form)))
}

/// The state an entity of the gazetteer belongs to: itself, else through its `country` (or,
/// without one, its `parent`), up to six steps.
pub(super) fn owning_state(gazetteer: &Gazetteer, id: &EntityId) -> Option<EntityId> {
    let mut current = id.clone();
    for _ in 0..6 {
        let entity = gazetteer.entities.get(&current)?;
        if entity.kind == EntityType::State {
            return Some(current);
        }
        current = entity.country.clone().or_else(|| entity.parent.clone())?;
    }
    None
}

/// A body of a state: its type, normalised English name and aliases, id.
type HomeBody = (EntityType, String, Vec<String>, EntityId);

/// The ministries and agencies of every state of the gazetteer, with the state's names and the
/// bodies' names normalised: built once per gazetteer (with the [`Matcher`]), not per
/// document, for [`home_organisations`].
#[derive(Debug, Default)]
pub(crate) struct HomeBodies {
    /// State → (its names normalised, its bodies in id order).
    by_state: FxHashMap<EntityId, (Vec<String>, Vec<HomeBody>)>,
    /// Every body of a state → (its type, its state).
    state_of: FxHashMap<EntityId, (EntityType, EntityId)>,
    /// The name of a body whose English label is qualified by its state (`Federal Foreign
    /// Office (Germany)`), without the qualifier and normalised → the bodies of that name and
    /// their states, in id order.
    bare: FxHashMap<String, Vec<(EntityId, EntityId)>>,
}

impl HomeBodies {
    pub(crate) fn new(gazetteer: &Gazetteer) -> Self {
        use crate::gazetteer::normalize;
        let mut by_state: FxHashMap<EntityId, (Vec<String>, Vec<HomeBody>)> = FxHashMap::default();
        let mut state_of = FxHashMap::default();
        let mut bare: FxHashMap<String, Vec<(EntityId, EntityId)>> = FxHashMap::default();
        for entity in gazetteer.entities.values() {
            if !matches!(entity.kind, EntityType::Ministry | EntityType::Agency) {
                continue;
            }
            let Some(state) = owning_state(gazetteer, &entity.id) else {
                continue;
            };
            state_of.insert(entity.id.clone(), (entity.kind, state.clone()));
            if let Some(name) = entity
                .label_en
                .strip_suffix(')')
                .and_then(|l| l.rsplit_once(" ("))
                .map(|(name, _)| normalize(name))
                .filter(|name| name.contains(' '))
            {
                bare.entry(name)
                    .or_default()
                    .push((entity.id.clone(), state.clone()));
            }
            let (_, bodies) = by_state.entry(state).or_insert_with_key(|state| {
                let names = gazetteer
                    .entities
                    .get(state)
                    .map(|s| {
                        std::iter::once(&s.label_en)
                            .chain(&s.aliases_en)
                            .chain(s.label_ja.iter())
                            .map(|n| normalize(n))
                            .collect()
                    })
                    .unwrap_or_default();
                (names, Vec::new())
            });
            let aliases = entity.aliases_en.iter().map(|a| normalize(a)).collect();
            bodies.push((
                entity.kind,
                normalize(&entity.label_en),
                aliases,
                entity.id.clone(),
            ));
        }
        Self {
            by_state,
            state_of,
            bare,
        }
    }
}

/// A known post written with no person (`the Japanese Defense Minister met …`, `防衛大臣は`)
/// names whoever the gazetteer says held it on the sentence's date (else the document's):
/// the hit becomes that person's mention and a title (rule [`Rule::TitleAlone`]). Only for a
/// post of a state the title names, or the publisher's (a Japanese-language release without
/// a known publisher is Japan's); not where a person is written right before or after it.
fn titles_alone(
    text: &Text<'_>,
    doc: &Document,
    gazetteer: &Gazetteer,
    publisher: Option<&EntityId>,
    sentence_bytes: &[(usize, usize)],
    dates: &[DateMention],
    found: &mut Found,
) {
    let norm = text.norm.as_str();
    let is_person = |found: &Found, h: &Hit| matches!(&h.target, Target::Entity(id) if found.kind(id) == Some(EntityType::Official));
    let mut made = Vec::new();
    for (i, hit) in found.hits.iter().enumerate() {
        let Target::Post(post_id) = &hit.target else {
            continue;
        };
        if found.titles.iter().any(|t| t.at == hit.start) {
            continue;
        }
        let near = |h: Option<&Hit>, gap: &str| {
            h.is_some_and(|h| {
                is_person(found, h) && gap.trim_matches([' ', ',', '・', '、']).is_empty()
            })
        };
        let before = i.checked_sub(1).and_then(|k| found.hits.get(k));
        let after = found.hits.get(i + 1);
        if near(
            before,
            before.map_or("", |b| norm.get(b.end..hit.start).unwrap_or("   ")),
        ) || near(
            after,
            after.map_or("", |a| norm.get(hit.end..a.start).unwrap_or("   ")),
        ) {
            continue;
        }
        let Some(post) = gazetteer.posts.get(post_id) else {
            continue;
        };
        let Some(post_state) = owning_state(gazetteer, &post.organization) else {
            continue;
        };
        let surface = &norm[hit.start..hit.end];
        // English bare titles (`Prime Minister`, `Minister for Foreign Affairs`) are said of
        // every government: only one that names its state; a Japanese title of the publisher's
        // state, but not right after a state (日米防衛相会談, ソイニ・フィンランド外務大臣)
        let own = !surface.is_ascii()
            && match publisher {
                Some(p) => *p == post_state,
                None => doc.meta.language == "ja" && post_state.as_str() == "japan",
            };
        let after_state = before.is_some_and(|b| {
            matches!(norm.get(b.end..hit.start), Some("" | "・"))
                && match &b.target {
                    Target::Entity(id) => found.kind(id) == Some(EntityType::State),
                    Target::Group(_) => true,
                    Target::Post(_) => false,
                }
        });
        if after_state || !(own || names_state(gazetteer, surface, &post_state)) {
            continue;
        }
        // the date of the sentence before the title, else its first, else the document's
        let index = sentence_bytes.partition_point(|(_, end)| *end <= hit.start);
        let sentence = sentence_bytes
            .get(index)
            .copied()
            .unwrap_or((0, norm.len()));
        let date = dates
            .iter()
            .rev()
            .find(|d| d.norm.1 <= hit.start && d.norm.0 >= sentence.0)
            .or_else(|| {
                dates
                    .iter()
                    .find(|d| d.norm.0 >= sentence.0 && d.norm.0 < sentence.1)
            })
            .map_or(doc.meta.date, |d| d.start);
        if let Some(person) = gazetteer.holder(post_id, date) {
            made.push((i, person.clone(), post_id.clone(), date));
        }
    }
    for (i, person, post, date) in made {
        let at = found.hits[i].start;
        found.hits[i].target = Target::Entity(person.clone());
        found.hits[i].rule = Rule::TitleAlone;
        found.titles.push(super::mentions::Title {
            person,
            post,
            at,
            date,
            rule: Rule::TitleAlone,
        });
    }
}

/// New bodies found by their head words that the gazetteer knows under a name qualified by
/// their state (`Federal Foreign Office` for `Federal Foreign Office (Germany)`, `Ministry of
/// Public Security` for `Ministry of Public Security (Vietnam)`) are that body when its state
/// is the publisher's or, failing that, the only one of the bodies of that name whose state
/// the document names. Every hit and parent link of the new entity moves to the known one.
fn qualified_names(home_bodies: &HomeBodies, publisher: Option<&EntityId>, found: &mut Found) {
    use crate::gazetteer::normalize;
    if home_bodies.bare.is_empty() || found.provisional.is_empty() {
        return;
    }
    let mut states: Vec<&EntityId> = Vec::new();
    for hit in &found.hits {
        if let Target::Entity(id) = &hit.target
            && found.index.kind(id) == Some(EntityType::State)
            && !states.contains(&id)
        {
            states.push(id);
        }
    }
    let mut moved: FxHashMap<EntityId, EntityId> = FxHashMap::default();
    for (id, entity) in &found.provisional {
        if !super::mentions::is_org_kind(entity.kind) {
            continue;
        }
        let Some(bodies) = home_bodies.bare.get(&normalize(&entity.label_en)) else {
            continue;
        };
        let own: Vec<&EntityId> = bodies
            .iter()
            .filter(|(_, state)| Some(state) == publisher)
            .map(|(body, _)| body)
            .collect();
        let named: Vec<&EntityId> = bodies
            .iter()
            .filter(|(_, state)| states.contains(&state))
            .map(|(body, _)| body)
            .collect();
        let known = match (own.as_slice(), named.as_slice()) {
            ([body], _) | ([], [body]) => *body,
            _ => continue,
        };
        moved.insert(id.clone(), known.clone());
    }
    if moved.is_empty() {
        return;
    }
    for hit in &mut found.hits {
        if let Target::Entity(id) = &hit.target
            && let Some(known) = moved.get(id)
        {
            hit.target = Target::Entity(known.clone());
        }
    }
    for (child, parent, _) in &mut found.parents {
        if let Some(known) = moved.get(child) {
            *child = known.clone();
        }
        if let Some(known) = moved.get(parent) {
            *parent = known.clone();
        }
    }
    found.parents.retain(|(child, parent, _)| child != parent);
}

/// Organisations written without their state (`Ministry of Foreign Affairs`, `MOFA`) that the
/// gazetteer knows as another state's are, in a document of the publisher's state, that
/// state's body of the same name when it has one (its English name starts with what is
/// written, or an alias is it): `Ministry of Foreign Affairs` in a Korean release is the
/// Ministry of Foreign Affairs of the Republic of Korea.
fn home_organisations(
    text: &Text<'_>,
    home_bodies: &HomeBodies,
    publisher: &EntityId,
    hits: &mut [Hit],
) {
    use crate::gazetteer::normalize;
    let no_bodies = Vec::new();
    let bodies = home_bodies
        .by_state
        .get(publisher)
        .map_or(&no_bodies, |(_, bodies)| bodies);
    for hit in hits.iter_mut() {
        let Target::Entity(id) = &hit.target else {
            continue;
        };
        // a ministry or agency of a state (the index has no other entity)
        let Some((kind, state)) = home_bodies.state_of.get(id) else {
            continue;
        };
        if state == publisher {
            continue;
        }
        let surface = normalize(&text.norm[hit.start..hit.end]);
        // written with its state (Japan's …, …of Japan, 日本…): keep it
        let state_names = home_bodies
            .by_state
            .get(state)
            .map_or(&[][..], |(names, _)| names.as_slice());
        if state_names
            .iter()
            .any(|n| !n.is_empty() && surface.contains(n.as_str()))
        {
            continue;
        }
        let home: Vec<&EntityId> = bodies
            .iter()
            .filter(|(body_kind, _, _, other)| body_kind == kind && other != id)
            .filter(|(_, label, aliases, _)| {
                label.starts_with(&surface) || aliases.contains(&surface)
            })
            .map(|(_, _, _, id)| id)
            .collect();
        if let [home] = home.as_slice() {
            hit.target = Target::Entity((*home).clone());
        }
    }
}

/// Meetings of one document that are one happening: two events of the meeting family
/// (Meeting, Dialogue, Consultation) or of the same type, on overlapping dates of which one is
/// at least as precise, sharing a participant (`The 3rd ROK-UK Cyber Dialogue was held …`
/// makes a session and a trigger event). The kept event is the session (it has a series),
/// else the earlier one; it takes the other's participants, place and more precise date.
/// Returns dropped id → kept id.
fn merge_same_happenings(
    events: &mut Vec<super::ExtractedEvent>,
) -> std::collections::BTreeMap<EntityId, EntityId> {
    use crate::model::EventType as T;
    let family = |k: T| matches!(k, T::Meeting | T::Dialogue | T::Consultation);
    let mut merged = std::collections::BTreeMap::new();
    let mut i = 0;
    while i < events.len() {
        let mut j = i + 1;
        while j < events.len() {
            let (a, b) = (&events[i], &events[j]);
            let same_kind = a.kind == b.kind || (family(a.kind) && family(b.kind));
            let dates = a.start == b.start
                || (a.start.overlaps(b.start) && a.series.is_some() != b.series.is_some());
            let shared = a.participants.iter().any(|p| b.participants.contains(p));
            // two sessions of different series are different meetings, unless one series is
            // new (a name the text gives in brackets after the known one) and the ordinals agree
            let ordinal =
                |e: &super::ExtractedEvent| e.label_en.split(' ').next().map(str::to_owned);
            let two_series = a.series.is_some()
                && b.series.is_some()
                && a.series != b.series
                && !(ordinal(a) == ordinal(b)
                    && [&a.series, &b.series]
                        .iter()
                        .any(|s| s.as_ref().is_some_and(|s| s.as_str().starts_with("new-"))));
            if !(same_kind && dates && shared) || two_series {
                j += 1;
                continue;
            }
            let (keep, drop) = if b.series.is_some() && a.series.is_none() {
                (j, i)
            } else {
                (i, j)
            };
            // the other event names nobody the kept one does not: `小野寺防衛相及びヘーゲル国防
            // 長官が会談` beside the 2+2 of that day is a meeting of its own
            if !events[drop]
                .participants
                .iter()
                .all(|p| events[keep].participants.contains(p))
            {
                j += 1;
                continue;
            }
            let dropped = events[drop].clone();
            let kept = &mut events[keep];
            for p in dropped.participants {
                if !kept.participants.contains(&p) {
                    kept.participants.push(p);
                }
            }
            if kept.place.is_none() {
                kept.place = dropped.place;
            }
            if dropped.start.precision() > kept.start.precision() {
                kept.start = dropped.start;
                kept.end = dropped.end;
            }
            merged.insert(dropped.id, kept.id.clone());
            events.remove(drop);
            if drop == i {
                // the kept event moved down by one; start over from i
                j = i + 1;
                continue;
            }
        }
        i += 1;
    }
    merged
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
    mut found: Found,
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
    let publisher = publisher_state(doc, gazetteer);
    // `Federal Foreign Office` in a German release is Germany's
    qualified_names(&matcher.home_bodies, publisher.as_ref(), &mut found);
    titles_alone(
        text,
        doc,
        gazetteer,
        publisher.as_ref(),
        sentence_bytes,
        dates,
        &mut found,
    );
    // a bare `Ministry of Foreign Affairs` in a release of the Korean government is Korea's
    if let Some(publisher) = &publisher {
        home_organisations(text, &matcher.home_bodies, publisher, &mut found.hits);
    }
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
                rule: hit.rule.name().to_owned(),
            });
        }
    }
    // provisional entities (only those still mentioned)
    for entity in found.provisional.values() {
        if b.extraction.mentions.iter().any(|m| m.entity == entity.id) {
            let mut entity = entity.clone();
            // a Japanese name followed by its English one in brackets (第1回日・ASEANサイバー
            // 犯罪対策対話(The ASEAN-Japan Cybercrime Dialogue)): the English label
            if !entity.label_en.is_ascii()
                && let Some(english) = found
                    .hits
                    .iter()
                    .filter(|h| matches!(&h.target, Target::Entity(id) if *id == entity.id))
                    .find_map(|h| english_in_brackets(text, h.end))
            {
                entity
                    .label_ja
                    .get_or_insert_with(|| entity.label_en.clone());
                entity.label_en = english;
            }
            if let Some(first) = b.extraction.mentions.iter().find(|m| m.entity == entity.id) {
                for p in &mut entity.provenance {
                    p.sentence = Some(first.sentence);
                    p.evidence = Some(evidence_of(first.sentence));
                }
            }
            b.extraction.entities.push(entity);
        }
    }
    // the provenance of what was found at byte `at`: its sentence, as evidence
    let provenance_at = |b: &Builder<'_, '_, '_>, at: usize, rule: Rule, confidence: f64| {
        let sentence = sentence_of(at);
        let span = sentence_spans
            .get(sentence)
            .copied()
            .unwrap_or(Span { start: 0, end: 0 });
        b.provenance(sentence, span, rule, confidence, &evidence_of(sentence))
    };
    for (child, parent, at) in &found.parents {
        if !b.extraction.entities.iter().any(|e| &e.id == child) {
            continue;
        }
        let provenance = provenance_at(&b, *at, Rule::PatternOrgParent, 0.6);
        b.relate(
            child,
            Predicate::PartOf,
            Object::Entity(parent.clone()),
            None,
            provenance,
        );
    }
    // titles written with a state → represents
    for (person, state, at) in &found.represents {
        let provenance = provenance_at(&b, *at, Rule::TitleState, 0.7);
        b.represents(person, state, provenance);
    }
    for (person, literal, at) in &found.literal_titles {
        let provenance = provenance_at(&b, *at, Rule::TitleState, 0.6);
        b.relate(
            person,
            Predicate::HoldsPost,
            Object::Literal(literal.clone()),
            None,
            provenance,
        );
    }
    // titles → holdsPost
    for title in &found.titles {
        let confidence = if title.rule == Rule::Title { 0.9 } else { 0.7 };
        let provenance = provenance_at(&b, title.at, title.rule, confidence);
        let object = match office_of(text, gazetteer, &found, title, publisher.as_ref(), doc) {
            Office::Post => Object::Post(title.post.clone()),
            Office::Literal(literal) => Object::Literal(literal),
            Office::Unknown => continue,
        };
        b.relate(
            &title.person,
            Predicate::HoldsPost,
            object,
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
        let document_date = DateMention {
            span: Span {
                start: text.span_of(s_start, s_start).start,
                end: text.span_of(s_start, s_start).start,
            },
            norm: (s_start, s_start),
            start: doc.meta.date,
            end: None,
            rule: "document",
        };
        let mut sentence_dates: Vec<&DateMention> = dates[date_index..]
            .iter()
            .take_while(|d| d.norm.0 < s_end)
            .filter(|d| !is_citation_date(norm, d) && !quoted(norm, (s_start, s_end), d.norm.0))
            .collect();
        // undated news of the document's day: a heading that names a statement (`Statement
        // by …`, `…大臣臨時会見`) is the document's own statement, an English present
        // perfect (`CSA has signed …`) reports what was done that day, and so does an
        // English past-tense verb after a named actor (or a sentence-initial `He`, `She`,
        // `They`) in a news story dated to the month (`Minister X signed a letter of intent
        // …`, `He also met …`, `… was launched`)
        if sentence_dates.is_empty()
            && sentence_triggers.iter().any(|t| match t.2 {
                Trigger::Event(kind, _) => {
                    (index == 0 && kind == crate::model::EventType::Statement)
                        || ["has ", "have ", "has now ", "have now "]
                            .iter()
                            .any(|w| norm[s_start..t.0].ends_with(w))
                        || (doc.meta.date.month_part().is_some()
                            && english_news_verb(&norm[t.0..t.1])
                            && (hits.iter().any(|h| h.end <= t.0)
                                || ["he ", "she ", "they "]
                                    .iter()
                                    .any(|p| norm[s_start..].starts_with(p)))
                            && !norm[s_start..t.0].contains(" will ")
                            && !norm[s_start..t.0].contains(" to "))
                }
                _ => false,
            })
        {
            sentence_dates.push(&document_date);
        }
        if hits.is_empty() && sentence_triggers.is_empty() {
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
        b.bodies_of_bodies_en(&ctx);
        b.sides(&ctx);
        b.chairs(&ctx);
        b.appositions_en(&ctx, publisher.as_ref());
        b.prenominal_titles_en(&ctx, publisher.as_ref());
    }
    // event relations (an event nobody took part in, as far as the text says, is dropped)
    let mut events = std::mem::take(&mut b.extraction.events);
    // a session that names nobody taking part (the first session of the OEWG was held in New
    // York) was attended by the government that reports it
    if let Some(state) = &publisher {
        for event in &mut events {
            if event.participants.is_empty() && event.series.is_some() {
                event.participants.push(state.clone());
            }
        }
    }
    events.retain(|e| !e.participants.is_empty());
    let merged = merge_same_happenings(&mut events);
    for relation in &mut b.extraction.relations {
        if let Some(kept) = merged.get(&relation.subject) {
            relation.subject = kept.clone();
        }
        if let Object::Entity(object) = &mut relation.object
            && let Some(kept) = merged.get(object)
        {
            *object = kept.clone();
        }
    }
    for event in &events {
        let provenance = b.provenance_named(
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

/// An English verb in the simple past that reports a new happening rather than recalling
/// one or describing the meeting already reported (`co-chaired`, `agreed`, `held`): `met`,
/// `signed`, `visited`, `launched`, `inaugurated`. With an actor named before it, the
/// sentence reports what was done.
fn english_news_verb(trigger: &str) -> bool {
    matches!(
        trigger,
        "met" | "signed" | "visited" | "launched" | "inaugurated"
    )
}

/// An English name in brackets right after normalised byte `at` (`(The ASEAN-Japan Cybercrime
/// Dialogue)`, up to a `,` `:` or `;` inside): two or more words, the first capitalised, not
/// only acronyms, at most 120 characters; a leading `The` is dropped.
fn english_in_brackets(text: &Text<'_>, at: usize) -> Option<String> {
    let tail = text.slice(text.span_of(at, text.norm.len()));
    let inner = tail.strip_prefix('(').or_else(|| tail.strip_prefix('（'))?;
    let close = inner.find([')', '）'])?;
    let inner = &inner[..close];
    let inner = inner.split([',', ':', ';']).next()?.trim();
    let inner = inner.strip_prefix("The ").unwrap_or(inner).trim();
    let words: Vec<&str> = inner.split_whitespace().collect();
    let acronym = |w: &str| w.bytes().all(|b| !b.is_ascii_lowercase());
    (inner.is_ascii()
        && inner.len() <= 120
        && words.len() >= 2
        && inner.starts_with(|c: char| c.is_ascii_uppercase())
        && !words.iter().all(|w| acronym(w)))
    .then(|| inner.to_owned())
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
