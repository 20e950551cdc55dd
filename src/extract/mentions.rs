//! Mentions: gazetteer aliases and multi-country abbreviations, the selection of
//! non-overlapping hits, and the state shared by the pattern rules ([`super::sessions`],
//! [`super::organisations`], [`super::people`]), which add provisional entities.
//!
//! Rules (the `rule` recorded with each mention; every rule is a [`Rule`]):
//!
//! - `alias`: a gazetteer alias, matched on the normalised text with one Aho-Corasick automaton;
//!   all overlapping candidates are filtered, then the longest leftmost ones kept. ASCII aliases
//!   need ASCII word boundaries (`uk` is not found in `guardian.co.uk`'s neighbours, `noda` not in
//!   `s_noda`); katakana aliases need katakana boundaries (`インド` is not in `インドネシア`);
//!   one-kanji country forms (米, 英, 豪, 韓) are not taken inside common words (英文, 英語, 玄米).
//!   Nothing inside a URL is matched.
//! - `abbreviation`: runs such as 日米, 日英, 日豪, 日中韓, 日米豪印 mention every member state.
//! - `session`: `第N回` + a series (known alias or a new name ending in 対話/協議/会合/会議...),
//!   `SERIES(第N回局長級会合)`, `SERIES の初会合 / 2回目会合`, English `4th … Dialogue` (the series
//!   is found by word overlap with the gazetteer's English names).
//! - `pattern-org`: new organisations ending in 省, 庁, 局, センター, 作業部会, ワーキンググループ,
//!   委員会, 事務所, 研究所, 本部 (with an ASCII acronym in brackets as a second surface).
//! - `pattern-person`: new people: a kanji name (2–5 kanji) or katakana name directly before a
//!   post title (大鷹正人外務省総合外交政策局審議官), a katakana name with `・` before a title word
//!   (ハミッシュ・ハンスフォード内務次官補), `Mr./Ms./Dr.` + capitalised words.
//! - `title-holder`: a surname before a post (鈴木外務副大臣) resolved to whoever held that post
//!   on the sentence's date (tenures); `title`: a known person with a post title.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::gazetteer::{AliasTarget, Gazetteer, normalize};
use crate::model::{
    Diagnostic, Entity, EntityId, EntityType, PartialDate, PostId, Provenance, Source, Span,
    slugify,
};

use super::dates::DateMention;
use super::index::{CharSet, GazetteerIndex};
use super::lexicon::lexicon;
use super::rule::Rule;
use super::text::{Text, is_kanji, is_katakana, is_word};

/// What a hit points to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    /// One entity.
    Entity(EntityId),
    /// A post title.
    Post(PostId),
    /// Several states (日米).
    Group(Vec<EntityId>),
}

/// A match in the normalised text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) target: Target,
    pub(crate) rule: Rule,
    /// Lower sorts first among equally long candidates.
    pub(crate) priority: u8,
}

/// A numbered (or first) session of a series.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Session {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) ordinal: Option<u32>,
    pub(crate) series: EntityId,
    /// States named in the series' name (日米サイバー対話 → Japan, United States).
    pub(crate) members: Vec<EntityId>,
}

/// A person holding a post, found from a title.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Title {
    pub(crate) person: EntityId,
    pub(crate) post: PostId,
    pub(crate) at: usize,
    pub(crate) date: PartialDate,
    pub(crate) rule: Rule,
}

/// Everything the mention stage found (made by [`Matcher::find`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Found {
    /// The gazetteer's lookups (shared with the [`Matcher`]).
    pub(crate) index: Arc<GazetteerIndex>,
    pub(crate) hits: Vec<Hit>,
    pub(crate) provisional: BTreeMap<EntityId, Entity>,
    pub(crate) sessions: Vec<Session>,
    pub(crate) titles: Vec<Title>,
    /// Provisional entity → parent organisation written before it (国務省 + …局).
    pub(crate) parents: Vec<(EntityId, EntityId, usize)>,
    /// A person written with a state in their title (スリランカ首相, Prime Minister of … Sri
    /// Lanka): person, state, where.
    pub(crate) represents: Vec<(EntityId, EntityId, usize)>,
    /// A generic post written with another state (ソイニ・フィンランド外務大臣): person, the
    /// post as a literal (`Minister for Foreign Affairs of Finland`), where.
    pub(crate) literal_titles: Vec<(EntityId, String, usize)>,
}

impl Found {
    /// The type of a gazetteer or provisional entity.
    pub(crate) fn kind(&self, id: &EntityId) -> Option<EntityType> {
        self.index
            .kind(id)
            .or_else(|| self.provisional.get(id).map(|e| e.kind))
    }

    /// A state, or a union of states with a one-character abbreviation of its own (欧, the EU):
    /// what can be a party to a dialogue or a side of a meeting.
    pub(crate) fn is_state_like(&self, id: &EntityId) -> bool {
        self.index.is_state_like(self.kind(id), id)
    }
}

const ASCII_START: u8 = 1;
const ASCII_END: u8 = 2;
const KATA_START: u8 = 4;
const KATA_END: u8 = 8;
const ONE_KANJI: u8 = 16;
/// A short ASCII alias (`us`, `uk`, `who`): an acronym, found only where the text writes it
/// with a capital (`US`, `U.S.`), not as the English word (`join us`).
const ACRONYM: u8 = 32;

/// Where one-character state abbreviations (日 → Japan, 米 → United States) come from: today
/// `country_abbreviations.tsv` for the states the gazetteer has; reference dictionaries with
/// abbreviations of every country implement this too, and their entries become more
/// abbreviation hits with no change to the rules.
pub trait StateAbbreviations {
    /// (abbreviation, state) pairs; the first pair of a char wins.
    fn one_char_abbreviations(&self) -> Vec<(char, EntityId)>;
}

impl StateAbbreviations for Gazetteer {
    fn one_char_abbreviations(&self) -> Vec<(char, EntityId)> {
        lexicon()
            .country_abbreviations
            .iter()
            .filter_map(|(c, id)| {
                let id = EntityId::new(id.as_str()).ok()?;
                self.entities.contains_key(&id).then_some((*c, id))
            })
            // then the reference table (data/reference/abbreviations.csv: 独, 欧, 越, 星, …);
            // the lexicon's row wins for a char both have (the matcher keeps the first)
            .chain(
                self.abbreviations
                    .values()
                    .filter(|abbreviation| self.entities.contains_key(&abbreviation.entity))
                    .map(|abbreviation| (abbreviation.abbreviation, abbreviation.entity.clone())),
            )
            .collect()
    }
}

/// The alias automaton and lookup tables of one gazetteer.
#[derive(Debug)]
pub(crate) struct Matcher {
    automaton: Option<AhoCorasick>,
    targets: Vec<AliasTarget>,
    flags: Vec<u8>,
    /// English word sets of series names: (words, series id).
    pub(super) series_words: Vec<(BTreeSet<String>, EntityId)>,
    countries: Vec<(char, EntityId)>,
    /// Chars of `countries` that only the reference table has (独, 越, 土, 台, 新, 西, …), sorted:
    /// many are also common words (土台, 新日米, 西欧), so a run may not start with them.
    weak_countries: Vec<char>,
    /// The chars of `countries` (every char of a text is looked up).
    country_chars: CharSet,
    /// Every state's ministries and agencies, for the publisher's state of a document.
    pub(super) home_bodies: super::assembly::HomeBodies,
    /// Entity types, state-like entities and officials by name, looked up per hit.
    index: Arc<GazetteerIndex>,
}

fn first_last(text: &str) -> (Option<char>, Option<char>) {
    (text.chars().next(), text.chars().next_back())
}

/// Words of an English name for series matching: lowercase, countries unified, fillers out.
pub(super) fn name_words(text: &str) -> BTreeSet<String> {
    let lower = text.to_ascii_lowercase();
    let lower = lower
        .replace("u.s.", " us ")
        .replace("united states", " us ")
        .replace("u.k.", " uk ")
        .replace("united kingdom", " uk ");
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            !w.is_empty()
                && !matches!(
                    *w,
                    "the" | "of" | "on" | "in" | "and" | "for" | "bilateral" | "america"
                )
        })
        .map(|w| {
            if w == "usa" {
                "us".to_owned()
            } else {
                w.to_owned()
            }
        })
        .collect()
}

pub(super) fn is_series_kind(kind: EntityType) -> bool {
    matches!(
        kind,
        EntityType::InternationalForum | EntityType::WorkingGroup | EntityType::Program
    )
}

pub(super) fn is_org_kind(kind: EntityType) -> bool {
    matches!(
        kind,
        EntityType::Ministry | EntityType::Agency | EntityType::Organization | EntityType::State
    )
}

impl Matcher {
    pub(crate) fn new(gazetteer: &Gazetteer) -> Self {
        let mut patterns = Vec::with_capacity(gazetteer.aliases.len());
        let mut targets = Vec::with_capacity(gazetteer.aliases.len());
        let mut flags = Vec::with_capacity(gazetteer.aliases.len());
        for (form, target) in &gazetteer.aliases {
            let (first, last) = first_last(form);
            let mut flag = 0;
            if first.is_some_and(is_word) {
                flag |= ASCII_START;
            }
            if last.is_some_and(is_word) {
                flag |= ASCII_END;
            }
            if first.is_some_and(is_katakana) {
                flag |= KATA_START;
            }
            if last.is_some_and(is_katakana) {
                flag |= KATA_END;
            }
            if form.chars().count() == 1 && first.is_some_and(is_kanji) {
                flag |= ONE_KANJI;
            }
            if form.len() <= 4 && form.bytes().all(|b| b.is_ascii_lowercase() || b == b'.') {
                flag |= ACRONYM;
            }
            patterns.push(form.as_str());
            targets.push(target.clone());
            flags.push(flag);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok();
        let mut series_words = Vec::new();
        for entity in gazetteer.entities.values() {
            if !is_series_kind(entity.kind) {
                continue;
            }
            for name in std::iter::once(&entity.label_en).chain(&entity.aliases_en) {
                let words = name_words(name);
                if lexicon().series_words_en.iter().any(|w| words.contains(w)) && words.len() >= 2 {
                    series_words.push((words, entity.id.clone()));
                }
            }
        }
        let mut countries = gazetteer.one_char_abbreviations();
        // sorted by char for the binary search in `country`, called for every char of a text
        countries.sort_by_key(|(c, _)| *c);
        countries.dedup_by_key(|(c, _)| *c);
        let mut weak_countries: Vec<char> = countries
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| !lexicon().country_abbreviations.iter().any(|(l, _)| l == c))
            .collect();
        weak_countries.sort_unstable();
        let country_chars = CharSet::new(countries.iter().map(|(c, _)| *c));
        Self {
            automaton,
            targets,
            flags,
            series_words,
            countries,
            weak_countries,
            country_chars,
            home_bodies: super::assembly::HomeBodies::new(gazetteer),
            index: Arc::new(GazetteerIndex::new(gazetteer)),
        }
    }

    fn is_weak_country(&self, c: char) -> bool {
        self.weak_countries.binary_search(&c).is_ok()
    }

    fn country(&self, c: char) -> Option<&EntityId> {
        // every char of a text comes here: a bitmap rejects almost all of them before the search
        if c.is_ascii() || !self.country_chars.may_contain(c) {
            return None;
        }
        self.countries
            .binary_search_by_key(&c, |(k, _)| *k)
            .ok()
            .map(|i| &self.countries[i].1)
    }

    /// States abbreviated at the start of a name (日米サイバー対話 → Japan, United States).
    pub(crate) fn leading_countries(&self, name: &str) -> Vec<EntityId> {
        let mut out = Vec::new();
        for c in name.chars().skip_while(|c| self.is_weak_country(*c)) {
            match self.country(c) {
                Some(id) if !out.contains(id) => out.push(id.clone()),
                Some(_) => {}
                None => break,
            }
        }
        if out.len() < 2 { Vec::new() } else { out }
    }

    /// Run the mention stage over one document.
    #[expect(
        clippy::too_many_arguments,
        reason = "one call site; the inputs are the stages' outputs"
    )]
    pub(crate) fn find(
        &self,
        text: &Text<'_>,
        urls: &[(usize, usize)],
        sentences: &[(usize, usize)],
        dates: &[DateMention],
        document_date: PartialDate,
        gazetteer: &Gazetteer,
        diagnostics: &mut Vec<Diagnostic>,
        doc: &str,
    ) -> Found {
        let mut candidates = self.alias_candidates(text, urls);
        self.abbreviation_candidates(text, urls, &mut candidates);
        let mut hits = select(candidates);
        let mut found = Found {
            index: Arc::clone(&self.index),
            ..Found::default()
        };
        let mut state = MentionScan {
            text,
            gazetteer,
            doc,
            found: &mut found,
        };
        state.sessions_ja(&mut hits, self);
        state.series_names_ja(&mut hits);
        state.series_names_en(&mut hits);
        state.sessions_en(&mut hits, self, urls);
        state.documents(&mut hits, urls);
        state.missions(&mut hits);
        state.place_conferences(&mut hits);
        state.year_editions(&mut hits);
        state.org_patterns(&mut hits, urls);
        state.org_patterns_en(&mut hits, urls);
        state.people(
            &mut hits,
            urls,
            sentences,
            dates,
            document_date,
            diagnostics,
        );
        state.repeat_provisional(&mut hits, urls);
        state.bracket_acronyms(&mut hits, urls);
        state.bracketed_names(&mut hits);
        state.surname_mentions(&mut hits);
        hits.sort_by(|a, b| (a.start, b.end).cmp(&(b.start, a.end)));
        found.hits = hits;
        found
    }

    fn alias_candidates(&self, text: &Text<'_>, urls: &[(usize, usize)]) -> Vec<Hit> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut url = 0;
        for m in automaton.find_overlapping_iter(text.norm.as_str()) {
            let (start, end) = (m.start(), m.end());
            while url < urls.len() && urls[url].1 <= start {
                url += 1;
            }
            if url < urls.len() && urls[url].0 < end {
                continue;
            }
            let index = m.pattern().as_usize();
            let flag = self.flags[index];
            let before = text.char_before(start);
            let after = text.char_at(end);
            if flag & ASCII_START != 0 && before.is_some_and(is_word) {
                continue;
            }
            if flag & ASCII_END != 0 && after.is_some_and(is_word) {
                continue;
            }
            if flag & KATA_START != 0 && before.is_some_and(|c| is_katakana(c) || c == '・') {
                continue;
            }
            if flag & KATA_END != 0 && after.is_some_and(is_katakana) {
                continue;
            }
            if flag & ONE_KANJI != 0
                && (after.is_some_and(|c| lexicon().one_kanji_next.contains(c))
                    || before.is_some_and(|c| lexicon().one_kanji_prev.contains(c)))
            {
                continue;
            }
            if flag & ACRONYM != 0 && !text.orig_char_at(start).is_some_and(|c| c.is_uppercase()) {
                continue;
            }
            let target = match &self.targets[index] {
                AliasTarget::Entity(id) => Target::Entity(id.clone()),
                AliasTarget::Post(id) => Target::Post(id.clone()),
            };
            out.push(Hit {
                start,
                end,
                target,
                rule: Rule::Alias,
                priority: 0,
            });
        }
        out
    }

    fn abbreviation_candidates(
        &self,
        text: &Text<'_>,
        urls: &[(usize, usize)],
        out: &mut Vec<Hit>,
    ) {
        let norm = text.norm.as_str();
        let mut iter = norm.char_indices().peekable();
        let mut previous: Option<char> = None;
        while let Some((start, c)) = iter.next() {
            let in_run = |c: char| self.country(c).is_some();
            if !in_run(c) || previous.is_some_and(in_run) {
                previous = Some(c);
                continue;
            }
            let mut members = vec![self.country(c).cloned()];
            let mut end = start + c.len_utf8();
            while let Some(&(i, n)) = iter.peek() {
                if !in_run(n) {
                    break;
                }
                members.push(self.country(n).cloned());
                end = i + n.len_utf8();
                iter.next();
            }
            previous = Some(norm[..end].chars().next_back().unwrap_or(c));
            // a run does not start with a reference-only char: 土台 is not Türkiye-Taiwan, and
            // 新日米 is 日米
            let weak = norm[start..end]
                .chars()
                .take_while(|c| self.is_weak_country(*c))
                .collect::<Vec<_>>();
            let start = start + weak.iter().map(|c| c.len_utf8()).sum::<usize>();
            let c = norm[start..end].chars().next().unwrap_or(c);
            let members = members.split_off(weak.len().min(members.len()));
            let prev_char = text.char_before(start);
            let ids: Vec<EntityId> = members.into_iter().flatten().collect();
            let distinct: BTreeSet<&EntityId> = ids.iter().collect();
            if ids.len() < 2 || distinct.len() != ids.len() {
                continue;
            }
            if c == '日'
                && prev_char
                    .is_some_and(|p| p.is_ascii_digit() || lexicon().not_japan_before.contains(p))
            {
                continue;
            }
            if urls.iter().any(|(s, e)| *s < end && start < *e) {
                continue;
            }
            out.push(Hit {
                start,
                end,
                target: Target::Group(ids),
                rule: Rule::Abbreviation,
                priority: 1,
            });
        }
    }
}

/// English words of the normalised text: byte ranges of runs of ASCII letters, digits, `.`,
/// `'`, `-` and `&`, without a trailing `.` (sentence end) unless the word has another
/// (`u.s.`).
pub(super) fn ascii_words(norm: &str) -> Vec<(usize, usize)> {
    let bytes = norm.as_bytes();
    let is_word_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'\'' | b'-' | b'&');
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_alphanumeric() {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && is_word_byte(bytes[at]) {
            at += 1;
        }
        let mut end = at;
        while end > start && matches!(bytes[end - 1], b'-' | b'\'' | b'&') {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'.' && !norm[start..end - 1].contains('.') {
            end -= 1;
        }
        if end > start {
            out.push((start, end));
        }
    }
    out
}

/// Keep the leftmost-longest non-overlapping candidates.
fn select(mut candidates: Vec<Hit>) -> Vec<Hit> {
    candidates.sort_by(|a, b| {
        (a.start, std::cmp::Reverse(a.end - a.start), a.priority).cmp(&(
            b.start,
            std::cmp::Reverse(b.end - b.start),
            b.priority,
        ))
    });
    // Longest first overall, then place greedily: a longer match that starts later still wins
    // over a shorter one it overlaps (日米サイバー対話 over 日米).
    let mut by_length: Vec<usize> = (0..candidates.len()).collect();
    by_length.sort_by(|&a, &b| {
        let (x, y) = (&candidates[a], &candidates[b]);
        (std::cmp::Reverse(x.end - x.start), x.priority, x.start).cmp(&(
            std::cmp::Reverse(y.end - y.start),
            y.priority,
            y.start,
        ))
    });
    // Taken ranges by start: a B-tree, so that each placement is O(log n), not a shift of a
    // sorted Vec (that was quadratic in hits per document: issue 19 item 6).
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut keep = vec![false; candidates.len()];
    for index in by_length {
        let hit = &candidates[index];
        let overlaps_next = taken
            .range(hit.start..)
            .next()
            .is_some_and(|(s, _)| *s < hit.end);
        let overlaps_prev = taken
            .range(..hit.start)
            .next_back()
            .is_some_and(|(_, e)| *e > hit.start);
        if overlaps_next || overlaps_prev {
            continue;
        }
        taken.insert(hit.start, hit.end);
        keep[index] = true;
    }
    candidates
        .into_iter()
        .zip(keep)
        .filter_map(|(hit, keep)| keep.then_some(hit))
        .collect()
}

/// Name chars: kanji, katakana, `・`, `ー` (no hiragana, no punctuation).
pub(super) fn is_name_char(c: char) -> bool {
    is_kanji(c) || is_katakana(c) || c == '・'
}

pub(super) struct MentionScan<'s, 't, 'a> {
    pub(super) text: &'t Text<'a>,
    pub(super) gazetteer: &'s Gazetteer,
    pub(super) doc: &'s str,
    pub(super) found: &'s mut Found,
}

impl MentionScan<'_, '_, '_> {
    pub(super) fn kind(&self, id: &EntityId) -> Option<EntityType> {
        self.found.kind(id)
    }

    pub(super) fn entity_at<'h>(
        &self,
        hits: &'h [Hit],
        start: usize,
    ) -> Option<(usize, &'h Hit, &'h EntityId)> {
        // hits are sorted by start here
        let index = hits.partition_point(|h| h.start < start);
        if hits.get(index)?.start != start {
            return None;
        }
        match &hits[index].target {
            Target::Entity(id) => Some((index, &hits[index], id)),
            _ => None,
        }
    }

    /// Mint (or reuse) a provisional entity for `name` as written at `span`.
    pub(super) fn provisional(
        &mut self,
        kind: EntityType,
        name: &str,
        span: Span,
        rule: Rule,
    ) -> EntityId {
        let key = normalize(name);
        let slug = slugify(&key);
        // "new-" + a slug is a slug: the fallback is the fixed id `new`, never reached
        let id = EntityId::new(format!("new-{slug}"))
            .or_else(|_| EntityId::new("new"))
            .unwrap_or_else(|_| EntityId::new("x").unwrap_or_else(|_| unreachable!()));
        let doc = self.doc;
        let entry = self.found.provisional.entry(id.clone()).or_insert_with(|| {
            let mut entity = Entity::new(id.clone(), kind, name.trim());
            if !name.is_ascii() {
                entity.label_ja = Some(name.trim().to_owned());
            }
            entity.provisional = true;
            entity
        });
        if let Ok(doc_id) = crate::model::DocumentId::new(doc)
            && entry.provenance.is_empty()
        {
            entry.provenance.push(Provenance {
                source: Source::Document(doc_id),
                sentence: None,
                span: Some(span),
                rule: format!("extract:{}", rule.name()),
                confidence: 0.5,
                evidence: None,
            });
        }
        id
    }

    /// A new entity named by the text at `[start, end)`: mint (or reuse) its provisional
    /// entity and place its hit (priority 3, or 2 for series). Returns its id.
    pub(super) fn mint_hit(
        &mut self,
        hits: &mut Vec<Hit>,
        kind: EntityType,
        (start, end): (usize, usize),
        rule: Rule,
        priority: u8,
    ) -> EntityId {
        let name = self.text.slice(self.text.span_of(start, end)).to_owned();
        self.mint_named(hits, kind, &name, (start, end), rule, priority)
    }

    /// [`Self::mint_hit`] with a name other than the text's (`Embassy of Japan in Singapore`
    /// for `在シンガポール大使館`, which becomes its Japanese label).
    pub(super) fn mint_named(
        &mut self,
        hits: &mut Vec<Hit>,
        kind: EntityType,
        name: &str,
        (start, end): (usize, usize),
        rule: Rule,
        priority: u8,
    ) -> EntityId {
        let span = self.text.span_of(start, end);
        let id = self.provisional(kind, name, span, rule);
        let surface = self.text.slice(span);
        if surface != name
            && let Some(entity) = self.found.provisional.get_mut(&id)
        {
            entity.label_ja.get_or_insert_with(|| surface.to_owned());
        }
        Self::place(
            hits,
            Hit {
                start,
                end,
                target: Target::Entity(id.clone()),
                rule,
                priority,
            },
        );
        id
    }

    /// Replace hits inside `[start, end)` by `hit`.
    pub(super) fn place(hits: &mut Vec<Hit>, hit: Hit) {
        hits.retain(|h| h.end <= hit.start || h.start >= hit.end);
        let position = hits.partition_point(|h| h.start < hit.start);
        hits.insert(position, hit);
    }

    /// `[start, end)` overlaps none of `hits`, which are sorted by start and do not overlap
    /// (so their ends are sorted too): a binary search.
    pub(super) fn free_sorted(hits: &[Hit], start: usize, end: usize) -> bool {
        let first_ending_after = hits.partition_point(|h| h.end <= start);
        hits.get(first_ending_after).is_none_or(|h| h.start >= end)
    }

    pub(super) fn free(hits: &[Hit], start: usize, end: usize) -> bool {
        !hits.iter().any(|h| h.start < end && start < h.end)
    }

    /// `Singapore Cyber Office (SCO)`: the acronym in brackets right after a new English
    /// name is that entity's in this document, at the bracket and wherever else it is written
    /// with the same letters (rule [`Rule::BracketAcronym`]), even where the gazetteer knows
    /// another entity by it.
    fn bracket_acronyms(&mut self, hits: &mut Vec<Hit>, urls: &[(usize, usize)]) {
        let text = self.text;
        let norm = text.norm.as_str();
        let mut defined: Vec<(String, EntityId)> = Vec::new();
        for hit in hits.iter() {
            let Target::Entity(id) = &hit.target else {
                continue;
            };
            if !self.found.provisional.contains_key(id)
                || !norm[hit.start..hit.end].is_ascii()
                || self.kind(id) == Some(EntityType::Official)
            {
                continue;
            }
            let Some(rest) = norm[hit.end..].strip_prefix(" (") else {
                continue;
            };
            let Some(close) = rest.find(')') else {
                continue;
            };
            let a_start = hit.end + 2;
            let acronym = text.slice(text.span_of(a_start, a_start + close));
            let upper = acronym.chars().filter(char::is_ascii_uppercase).count();
            if !(2..=10).contains(&acronym.len())
                || upper < 2
                || !acronym.starts_with(|c: char| c.is_ascii_uppercase())
                || !acronym
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '&' | '-' | '/' | '.'))
                || defined.iter().any(|(a, _)| a == acronym)
            {
                continue;
            }
            defined.push((acronym.to_owned(), id.clone()));
        }
        for (acronym, id) in defined {
            if let Some(entity) = self.found.provisional.get_mut(&id)
                && !entity.aliases_en.contains(&acronym)
            {
                entity.aliases_en.push(acronym.clone());
            }
            let lower = acronym.to_ascii_lowercase();
            let mut from = 0;
            while let Some(i) = norm[from..].find(lower.as_str()) {
                let start = from + i;
                let end = start + lower.len();
                from = end;
                if text.char_before(start).is_some_and(is_word)
                    || text.char_at(end).is_some_and(is_word)
                    || text.slice(text.span_of(start, end)) != acronym
                    || urls.iter().any(|(s, e)| *s < end && start < *e)
                {
                    continue;
                }
                // only over a gazetteer alias of exactly these letters, or free text
                let overlapping: Vec<&Hit> = hits
                    .iter()
                    .filter(|h| h.start < end && start < h.end)
                    .collect();
                let replaceable = overlapping
                    .iter()
                    .all(|h| h.start == start && h.end == end && h.rule == Rule::Alias);
                if replaceable {
                    Self::place(
                        hits,
                        Hit {
                            start,
                            end,
                            target: Target::Entity(id.clone()),
                            rule: Rule::BracketAcronym,
                            priority: 3,
                        },
                    );
                }
            }
        }
    }

    /// Other occurrences of the provisional names found in this document.
    fn repeat_provisional(&mut self, hits: &mut Vec<Hit>, urls: &[(usize, usize)]) {
        let norm = self.text.norm.as_str();
        let names: Vec<(String, EntityId)> = self
            .found
            .provisional
            .values()
            .map(|e| (normalize(&e.label_en), e.id.clone()))
            .filter(|(n, _)| n.chars().count() >= 2)
            .collect();
        for (name, id) in names {
            let mut from = 0;
            while let Some(i) = norm[from..].find(name.as_str()) {
                let start = from + i;
                let end = start + name.len();
                from = end;
                let ascii_ok = !name.starts_with(|c: char| c.is_ascii_alphanumeric())
                    || !self.text.char_before(start).is_some_and(is_word);
                if ascii_ok
                    && Self::free_sorted(hits, start, end)
                    && !urls.iter().any(|(s, e)| *s < end && start < *e)
                {
                    let position = hits.partition_point(|h| h.start < start);
                    hits.insert(
                        position,
                        Hit {
                            start,
                            end,
                            target: Target::Entity(id.clone()),
                            rule: Rule::PatternRepeat,
                            priority: 3,
                        },
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_prefers_longest() {
        let id = |s: &str| Target::Entity(EntityId::new(s).unwrap());
        let hits = select(vec![
            Hit {
                start: 0,
                end: 6,
                target: id("a"),
                rule: Rule::Alias,
                priority: 1,
            },
            Hit {
                start: 3,
                end: 24,
                target: id("b"),
                rule: Rule::Alias,
                priority: 0,
            },
            Hit {
                start: 3,
                end: 6,
                target: id("c"),
                rule: Rule::Alias,
                priority: 0,
            },
        ]);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].target, id("b"));
    }
}
