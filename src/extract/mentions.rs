//! Mentions: gazetteer aliases, multi-country abbreviations, numbered sessions, provisional
//! organisations and people, and titles attached to names.
//!
//! Rules (the `rule` recorded with each mention):
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

use aho_corasick::{AhoCorasick, MatchKind};

use crate::gazetteer::{AliasTarget, Gazetteer, normalize};
use crate::model::{
    Diagnostic, Entity, EntityId, EntityType, PartialDate, PostId, Provenance, Source, Span,
    slugify,
};

use super::dates::DateMention;
use super::text::{Text, is_hiragana, is_kanji, is_katakana, is_word};

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
    pub(crate) rule: &'static str,
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
    pub(crate) rule: &'static str,
}

/// Everything the mention stage found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Found {
    pub(crate) hits: Vec<Hit>,
    pub(crate) provisional: BTreeMap<EntityId, Entity>,
    pub(crate) sessions: Vec<Session>,
    pub(crate) titles: Vec<Title>,
    /// Provisional entity → parent organisation written before it (国務省 + …局).
    pub(crate) parents: Vec<(EntityId, EntityId, usize)>,
}

impl Found {
    pub(crate) fn kind(&self, gazetteer: &Gazetteer, id: &EntityId) -> Option<EntityType> {
        gazetteer
            .entities
            .get(id)
            .or_else(|| self.provisional.get(id))
            .map(|e| e.kind)
    }
}

const ASCII_START: u8 = 1;
const ASCII_END: u8 = 2;
const KATA_START: u8 = 4;
const KATA_END: u8 = 8;
const ONE_KANJI: u8 = 16;

/// State abbreviations used in multi-country runs (日米, 日中韓).
const COUNTRY_CHARS: &[(char, &str)] = &[
    ('日', "japan"),
    ('米', "united-states"),
    ('英', "united-kingdom"),
    ('豪', "australia"),
    ('中', "china"),
    ('韓', "south-korea"),
    ('印', "india"),
    ('仏', "france"),
    ('露', "russia"),
    ('朝', "north-korea"),
];

/// Chars before 日 that make it a date or a word (3日米国, 来日, 本日), not Japan.
const NOT_JAPAN_BEFORE: &str =
    "月同本当翌前毎来訪在対親反抗離滞曜即後先昨今明初終全半数平休祝元旧期土";

/// Words a one-kanji country form starts or ends (英文 is English text, not the UK).
const ONE_KANJI_NEXT: &str = "文語訳字知雄才断気価作穀粒飯俵傑霊和";
const ONE_KANJI_PREV: &str = "和玄新白精育俊古県";

/// Suffixes of organisation names (new entities) and the type they give.
const ORG_SUFFIXES: &[(&str, EntityType)] = &[
    ("ワーキンググループ", EntityType::WorkingGroup),
    ("作業部会", EntityType::WorkingGroup),
    ("小委員会", EntityType::WorkingGroup),
    ("委員会", EntityType::WorkingGroup),
    ("センター", EntityType::Agency),
    ("事務所", EntityType::Agency),
    ("研究所", EntityType::Organization),
    ("本部", EntityType::Agency),
    ("省", EntityType::Ministry),
    ("庁", EntityType::Agency),
    ("局", EntityType::Agency),
];

/// Words that end the name of a meeting series.
const SERIES_WORDS: &[(&str, EntityType)] = &[
    ("対話", EntityType::InternationalForum),
    ("協議", EntityType::InternationalForum),
    ("会議", EntityType::InternationalForum),
    ("会合", EntityType::InternationalForum),
    ("サミット", EntityType::InternationalForum),
    ("フォーラム", EntityType::InternationalForum),
    ("演習", EntityType::Program),
];

/// Generic session words: `第N回局長級会合` after a series names a session of that series.
const SESSION_WORDS: &[&str] = &[
    "局長級会合",
    "課長級会合",
    "次官級会合",
    "閣僚会合",
    "首脳会合",
    "対面会合",
    "本会合",
    "会合",
    "会議",
    "会期",
];

/// Group suffixes inside a session name (日米豪印上級サイバーグループ|対面会合).
const GROUP_SUFFIXES: &[(&str, EntityType)] = &[
    ("ワーキンググループ", EntityType::WorkingGroup),
    ("グループ", EntityType::WorkingGroup),
    ("作業部会", EntityType::WorkingGroup),
    ("委員会", EntityType::WorkingGroup),
    ("フォーラム", EntityType::InternationalForum),
];

/// Title words: a name right before a title containing one of these is a person.
const TITLE_WORDS: &[&str] = &[
    "大臣",
    "副大臣",
    "政務官",
    "長官",
    "次官",
    "次官補",
    "補佐官",
    "局長",
    "次長",
    "審議官",
    "参事官",
    "大使",
    "調整官",
    "室長",
    "課長",
    "部長",
    "首相",
    "大統領",
    "議長",
    "委員長",
    "司令官",
    "幕僚長",
    "総裁",
    "事務総長",
    "代表",
    "書記官",
];

/// Kanji that do not occur in personal names in this genre (they mark organisations, roles,
/// dates and function words).
const NOT_NAME_KANJI: &str = "国省庁局部室課府会側担当的等及並各両同本全新元前現次第年月日時分議協対話官長相臣統領者員団体機関法条約制策化性社業所院側間際首脳外務防衛総理閣僚政権軍隊";

/// Katakana words of the genre that are not names even before a title.
const NOT_NAME_KATAKANA: &[&str] = &[
    "サイバー",
    "セキュリティ",
    "サイバーセキュリティ",
    "インターネット",
    "デジタル",
    "インフラ",
    "テロ",
    "システム",
    "ネットワーク",
    "エネルギー",
    "データ",
    "グローバル",
    "アジア",
    "インド",
];

/// English ordinals.
const ORDINAL_WORDS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
];

const EN_SERIES_WORDS: &[&str] = &[
    "dialogue",
    "consultations",
    "consultation",
    "meeting",
    "conference",
    "summit",
    "talks",
    "exercise",
];

/// The alias automaton and lookup tables of one gazetteer.
#[derive(Debug)]
pub(crate) struct Matcher {
    automaton: Option<AhoCorasick>,
    targets: Vec<AliasTarget>,
    flags: Vec<u8>,
    /// English word sets of series names: (words, series id).
    series_words: Vec<(BTreeSet<String>, EntityId)>,
    countries: Vec<(char, EntityId)>,
    /// Bit `c & 63` set for every char `c` of `countries`.
    country_bits: u64,
}

fn first_last(text: &str) -> (Option<char>, Option<char>) {
    (text.chars().next(), text.chars().next_back())
}

/// Words of an English name for series matching: lowercase, countries unified, fillers out.
fn name_words(text: &str) -> BTreeSet<String> {
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

fn is_series_kind(kind: EntityType) -> bool {
    matches!(
        kind,
        EntityType::InternationalForum | EntityType::WorkingGroup | EntityType::Program
    )
}

fn is_org_kind(kind: EntityType) -> bool {
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
                if EN_SERIES_WORDS.iter().any(|w| words.contains(*w)) && words.len() >= 2 {
                    series_words.push((words, entity.id.clone()));
                }
            }
        }
        let mut countries: Vec<(char, EntityId)> = COUNTRY_CHARS
            .iter()
            .filter_map(|(c, id)| {
                let id = EntityId::new(*id).ok()?;
                gazetteer.entities.contains_key(&id).then_some((*c, id))
            })
            .collect();
        // sorted by char for the binary search in `country`, called for every char of a text
        countries.sort_by_key(|(c, _)| *c);
        countries.dedup_by_key(|(c, _)| *c);
        let country_bits = countries
            .iter()
            .fold(0u64, |bits, (c, _)| bits | 1u64 << (u32::from(*c) & 63));
        Self {
            automaton,
            targets,
            flags,
            series_words,
            countries,
            country_bits,
        }
    }

    fn country(&self, c: char) -> Option<&EntityId> {
        // every char of a text comes here: a one-word bitmap of the chars' low bits rejects
        // almost all of them before the search
        if self.country_bits & (1u64 << (u32::from(c) & 63)) == 0 || c.is_ascii() {
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
        for c in name.chars() {
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
        let mut found = Found::default();
        let mut state = State {
            text,
            gazetteer,
            doc,
            found: &mut found,
        };
        state.sessions_ja(&mut hits, self);
        state.sessions_en(&mut hits, self, urls);
        state.org_patterns(&mut hits, urls);
        state.people(
            &mut hits,
            urls,
            sentences,
            dates,
            document_date,
            diagnostics,
        );
        state.repeat_provisional(&mut hits, urls);
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
                && (after.is_some_and(|c| ONE_KANJI_NEXT.contains(c))
                    || before.is_some_and(|c| ONE_KANJI_PREV.contains(c)))
            {
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
                rule: "alias",
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
            let prev_char = text.char_before(start);
            previous = Some(norm[..end].chars().next_back().unwrap_or(c));
            let ids: Vec<EntityId> = members.into_iter().flatten().collect();
            let distinct: BTreeSet<&EntityId> = ids.iter().collect();
            if ids.len() < 2 || distinct.len() != ids.len() {
                continue;
            }
            if c == '日'
                && prev_char.is_some_and(|p| p.is_ascii_digit() || NOT_JAPAN_BEFORE.contains(p))
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
                rule: "abbreviation",
                priority: 1,
            });
        }
    }
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
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut keep = vec![false; candidates.len()];
    for index in by_length {
        let hit = &candidates[index];
        let position = taken.partition_point(|(s, _)| *s < hit.start);
        let overlaps_next = taken.get(position).is_some_and(|(s, _)| *s < hit.end);
        let overlaps_prev = position > 0 && taken[position - 1].1 > hit.start;
        if overlaps_next || overlaps_prev {
            continue;
        }
        taken.insert(position, (hit.start, hit.end));
        keep[index] = true;
    }
    candidates
        .into_iter()
        .zip(keep)
        .filter_map(|(hit, keep)| keep.then_some(hit))
        .collect()
}

/// Name chars: kanji, katakana, `・`, `ー` (no hiragana, no punctuation).
fn is_name_char(c: char) -> bool {
    is_kanji(c) || is_katakana(c) || c == '・'
}

struct State<'s, 't, 'a> {
    text: &'t Text<'a>,
    gazetteer: &'s Gazetteer,
    doc: &'s str,
    found: &'s mut Found,
}

impl State<'_, '_, '_> {
    fn kind(&self, id: &EntityId) -> Option<EntityType> {
        self.found.kind(self.gazetteer, id)
    }

    fn entity_at<'h>(
        &self,
        hits: &'h [Hit],
        start: usize,
    ) -> Option<(usize, &'h Hit, &'h EntityId)> {
        let index = hits.iter().position(|h| h.start == start)?;
        match &hits[index].target {
            Target::Entity(id) => Some((index, &hits[index], id)),
            _ => None,
        }
    }

    /// Mint (or reuse) a provisional entity for `name` as written at `span`.
    fn provisional(&mut self, kind: EntityType, name: &str, span: Span, rule: &str) -> EntityId {
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
                rule: format!("extract:{rule}"),
                confidence: 0.5,
                evidence: None,
            });
        }
        id
    }

    /// Replace hits inside `[start, end)` by `hit`.
    fn place(hits: &mut Vec<Hit>, hit: Hit) {
        hits.retain(|h| h.end <= hit.start || h.start >= hit.end);
        let position = hits.partition_point(|h| h.start < hit.start);
        hits.insert(position, hit);
    }

    fn free(hits: &[Hit], start: usize, end: usize) -> bool {
        !hits.iter().any(|h| h.start < end && start < h.end)
    }

    /// `第N回` sessions and `SERIES(第N回…会合)`, `SERIESの初会合`.
    fn sessions_ja(&mut self, hits: &mut Vec<Hit>, matcher: &Matcher) {
        let text = self.text;
        let norm = text.norm.as_str();
        let mut from = 0;
        while let Some(offset) = norm[from..].find('第') {
            let at = from + offset;
            from = at + '第'.len_utf8();
            let digits_end = norm[from..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(norm.len(), |i| from + i);
            if digits_end == from {
                continue;
            }
            let Ok(ordinal) = norm[from..digits_end].parse::<u32>() else {
                continue;
            };
            let Some(after) = norm[digits_end..]
                .strip_prefix('回')
                .map(|_| digits_end + '回'.len_utf8())
            else {
                continue;
            };
            // 第N回 + generic session word: the series is the preceding series mention
            if let Some(word) = SESSION_WORDS
                .iter()
                .find(|w| norm[after..].starts_with(**w))
            {
                let end = after + word.len();
                if let Some(series_hit) = hits
                    .iter()
                    .rev()
                    .find(|h| h.end <= at && at - h.end <= 4 && self.is_series_hit(h))
                    && let Target::Entity(series) = &series_hit.target
                {
                    let series = series.clone();
                    let members = self.series_members(matcher, &series, series_hit);
                    self.found.sessions.push(Session {
                        start: series_hit.start,
                        end,
                        ordinal: Some(ordinal),
                        series,
                        members,
                    });
                }
                continue;
            }
            // 第N回 + known series alias
            if let Some((_, hit, id)) = self.entity_at(hits, after)
                && self.kind(id).is_some_and(is_series_kind)
            {
                let id = id.clone();
                let members = self.series_members(matcher, &id, hit);
                let mut end = hit.end;
                if let Some(word) = SESSION_WORDS.iter().find(|w| norm[end..].starts_with(**w)) {
                    end += word.len();
                }
                self.found.sessions.push(Session {
                    start: at,
                    end,
                    ordinal: Some(ordinal),
                    series: id,
                    members,
                });
                continue;
            }
            // 第N回 + new series name
            let run_end = norm[after..]
                .char_indices()
                .find(|(_, c)| !(is_name_char(*c) || c.is_ascii_alphanumeric()))
                .map_or(norm.len(), |(i, _)| after + i);
            let run = &norm[after..run_end];
            let Some((series_end, kind)) = series_name_end(run) else {
                continue;
            };
            let series_end = after + series_end;
            if series_end - after < 3 * 3 {
                continue;
            }
            let span = text.span_of(after, series_end);
            let name = text.slice(span).to_owned();
            let id = self.provisional(kind, &name, span, "session-series");
            let members = matcher.leading_countries(&norm[after..series_end]);
            Self::place(
                hits,
                Hit {
                    start: after,
                    end: series_end,
                    target: Target::Entity(id.clone()),
                    rule: "session-series",
                    priority: 2,
                },
            );
            self.found.sessions.push(Session {
                start: at,
                end: run_end,
                ordinal: Some(ordinal),
                series: id,
                members,
            });
        }
        // SERIES(の)初会合 / SERIESの2回目会合
        let series_hits: Vec<Hit> = hits
            .iter()
            .filter(|h| self.is_series_hit(h))
            .cloned()
            .collect();
        for hit in series_hits {
            let mut at = hit.end;
            if norm[at..].starts_with('の') {
                at += 'の'.len_utf8();
            }
            let rest = &norm[at..];
            let (ordinal, after) = if let Some(r) = rest.strip_prefix('初') {
                (1, rest.len() - r.len())
            } else {
                let digits = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                let Some(r) = rest[digits..].strip_prefix("回目") else {
                    continue;
                };
                let Ok(n) = rest[..digits].parse::<u32>() else {
                    continue;
                };
                (n, rest.len() - r.len())
            };
            let rest_after = &rest[after..];
            let rest_after = rest_after.strip_prefix('の').unwrap_or(rest_after);
            let Some(word) = SESSION_WORDS.iter().find(|w| rest_after.starts_with(**w)) else {
                continue;
            };
            let end = norm.len() - rest_after.len() + word.len();
            if let Target::Entity(series) = &hit.target {
                let members = self.series_members(matcher, series, &hit);
                self.found.sessions.push(Session {
                    start: hit.start,
                    end,
                    ordinal: Some(ordinal),
                    series: series.clone(),
                    members,
                });
            }
        }
        self.found.sessions.sort_by_key(|s| s.start);
        self.found
            .sessions
            .dedup_by(|a, b| a.start == b.start && a.series == b.series);
    }

    fn is_series_hit(&self, hit: &Hit) -> bool {
        matches!(&hit.target, Target::Entity(id) if self.kind(id).is_some_and(is_series_kind))
    }

    /// The states of a series: from its name as written or its labels (Japan-U.S. …).
    fn series_members(&self, matcher: &Matcher, series: &EntityId, hit: &Hit) -> Vec<EntityId> {
        let written = matcher.leading_countries(&self.text.norm[hit.start..hit.end]);
        if !written.is_empty() {
            return written;
        }
        let Some(entity) = self.gazetteer.entities.get(series) else {
            return Vec::new();
        };
        for name in entity.label_ja.iter().chain(&entity.aliases_ja) {
            let members = matcher.leading_countries(&normalize(name));
            if !members.is_empty() {
                return members;
            }
        }
        let words = name_words(&entity.label_en);
        let mut members = Vec::new();
        for (word, id) in [
            ("japan", "japan"),
            ("us", "united-states"),
            ("uk", "united-kingdom"),
            ("australia", "australia"),
        ] {
            if words.contains(word)
                && let Ok(id) = EntityId::new(id)
                && self.gazetteer.entities.contains_key(&id)
            {
                members.push(id);
            }
        }
        if members.len() >= 2 {
            members
        } else {
            Vec::new()
        }
    }

    /// English `4th United States-Japan Bilateral Cyber Dialogue`.
    fn sessions_en(&mut self, hits: &mut Vec<Hit>, matcher: &Matcher, urls: &[(usize, usize)]) {
        let text = self.text;
        let norm = text.norm.as_str();
        let bytes = norm.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if !bytes[at].is_ascii_alphanumeric() || (at > 0 && is_word(char::from(bytes[at - 1])))
            {
                at += 1;
                continue;
            }
            let word_end = norm[at..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .map_or(norm.len(), |i| at + i);
            let word = &norm[at..word_end];
            let ordinal = ORDINAL_WORDS
                .iter()
                .find(|(w, _)| *w == word)
                .map(|(_, n)| *n)
                .or_else(|| {
                    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                    let suffix = &word[digits.len()..];
                    matches!(suffix, "st" | "nd" | "rd" | "th")
                        .then(|| digits.parse().ok())
                        .flatten()
                });
            let Some(ordinal) = ordinal else {
                at = word_end.max(at + 1);
                continue;
            };
            if urls.iter().any(|(s, e)| *s <= at && at < *e) || !norm[word_end..].starts_with(' ') {
                at = word_end.max(at + 1);
                continue;
            }
            // up to 10 words, ending at a series word
            let phrase_start = word_end + 1;
            let mut cursor = phrase_start;
            let mut phrase_end = None;
            for _ in 0..10 {
                let end = norm[cursor..]
                    .find([' ', ',', ';', ':', '(', ')', '\n', '"', '“', '”'])
                    .map_or(norm.len(), |i| cursor + i);
                let token = norm[cursor..end].trim_end_matches('.');
                if EN_SERIES_WORDS.contains(&token) {
                    phrase_end = Some(cursor + token.len());
                    break;
                }
                if end >= norm.len() || bytes[end] != b' ' || token.is_empty() {
                    break;
                }
                cursor = end + 1;
            }
            let Some(phrase_end) = phrase_end else {
                at = word_end;
                continue;
            };
            let phrase = &norm[phrase_start..phrase_end];
            let words = name_words(phrase);
            let series = matcher
                .series_words
                .iter()
                .filter(|(w, _)| w.is_subset(&words))
                .max_by_key(|(w, _)| w.len())
                .map(|(_, id)| id.clone());
            let span = text.span_of(phrase_start, phrase_end);
            let series = match series {
                Some(id) => id,
                None => {
                    let name = text.slice(span).to_owned();
                    if !name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                        at = phrase_end;
                        continue;
                    }
                    self.provisional(
                        EntityType::InternationalForum,
                        &name,
                        span,
                        "session-series",
                    )
                }
            };
            Self::place(
                hits,
                Hit {
                    start: phrase_start,
                    end: phrase_end,
                    target: Target::Entity(series.clone()),
                    rule: "session-series",
                    priority: 2,
                },
            );
            let mut members = Vec::new();
            for (w, id) in [
                ("japan", "japan"),
                ("us", "united-states"),
                ("uk", "united-kingdom"),
                ("australia", "australia"),
            ] {
                if words.contains(w)
                    && let Ok(id) = EntityId::new(id)
                    && self.gazetteer.entities.contains_key(&id)
                {
                    members.push(id);
                }
            }
            self.found.sessions.push(Session {
                start: at,
                end: phrase_end,
                ordinal: Some(ordinal),
                series,
                members,
            });
            at = phrase_end;
        }
        self.found.sessions.sort_by_key(|s| s.start);
    }

    /// New organisations: runs of name chars ending in an organisation suffix.
    fn org_patterns(&mut self, hits: &mut Vec<Hit>, urls: &[(usize, usize)]) {
        let text = self.text;
        let norm = text.norm.as_str();
        let mut new_hits = Vec::new();
        let mut run_start: Option<usize> = None;
        // hits are sorted and do not overlap here, so their ends are sorted too
        hits.sort_by_key(|h| h.start);
        let mut iter = norm
            .char_indices()
            .chain(std::iter::once((norm.len(), ' ')));
        for (i, c) in iter.by_ref() {
            if is_name_char(c) && i < norm.len() {
                if run_start.is_none() {
                    run_start = Some(i);
                }
                continue;
            }
            let Some(start) = run_start.take() else {
                continue;
            };
            self.org_in_run(hits, &mut new_hits, start, i, urls);
        }
        for (hit, acronym) in new_hits {
            if let Some((a_start, a_end)) = acronym
                && Self::free(hits, a_start, a_end)
            {
                let mut second = hit.clone();
                second.start = a_start;
                second.end = a_end;
                hits.push(second);
            }
            Self::place(hits, hit);
        }
        hits.sort_by_key(|h| h.start);
    }

    fn org_in_run(
        &mut self,
        hits: &[Hit],
        new_hits: &mut Vec<(Hit, Option<(usize, usize)>)>,
        run_start: usize,
        run_end: usize,
        urls: &[(usize, usize)],
    ) {
        let text = self.text;
        let norm = text.norm.as_str();
        if urls.iter().any(|(s, e)| *s < run_end && run_start < *e) {
            return;
        }
        // the name may start at the run start or right after a hit that is not an organisation
        // (a person's name ends where the organisation begins: 市川恵一|国家安全保障局)
        let run = &norm[run_start..run_end];
        // find the last suffix occurrence (checked only where a suffix's last char is)
        let mut best: Option<(usize, EntityType)> = None;
        for (offset, c) in run.char_indices() {
            if !matches!(c, '省' | '庁' | '局' | 'ー' | '会' | '所' | '部' | 'プ') {
                continue;
            }
            let upto = &run[..offset + c.len_utf8()];
            if let Some((_, kind)) = ORG_SUFFIXES
                .iter()
                .find(|(suffix, _)| upto.ends_with(suffix))
            {
                best = Some((run_start + upto.len(), *kind));
            }
        }
        let Some((end, kind)) = best else {
            return;
        };
        // start: after the last hit that ends inside the run before `end` unless that hit is an
        // organisation (then it is the parent: 国務省|サイバー空間・デジタル政策局)
        let mut start = run_start;
        let mut parent = None;
        let first = hits.partition_point(|h| h.start < run_start);
        let inside = hits[first..].iter().take_while(|h| h.start < end);
        for hit in inside.filter(|h| h.end <= end) {
            if hit.end == end {
                return; // the whole name is already known
            }
            if let Target::Entity(id) = &hit.target
                && hit.start == start
                && self
                    .kind(id)
                    .is_some_and(|k| matches!(k, EntityType::Ministry | EntityType::Agency))
            {
                parent = Some(id.clone());
                continue;
            }
            start = hit.end;
            parent = None;
        }
        let after_start = hits.partition_point(|h| h.end <= start);
        if hits.get(after_start).is_some_and(|h| h.start < end) {
            return; // part of a known name (クラウド…に関するワーキンググループ, (株)…研究所)
        }
        let name = &norm[start..end];
        let suffix_chars = ORG_SUFFIXES
            .iter()
            .find(|(suffix, _)| name.ends_with(suffix))
            .map_or(1, |(suffix, _)| suffix.chars().count());
        if name.chars().count() < suffix_chars + 2 {
            return; // a bare 作業部会 / 当局 is an anaphor, not a name
        }
        let first = name.chars().next().unwrap_or(' ');
        if "各両同本当全諸他該貴前新旧現元関我".contains(first) || name.contains("当局")
        {
            return;
        }
        // a trailing title means this is a post, not an organisation (…局長 has no 局 at the end)
        let span = text.span_of(start, end);
        let surface = text.slice(span).to_owned();
        let id = self.provisional(kind, &surface, span, "pattern-org");
        if let Some(parent) = parent {
            self.found.parents.push((id.clone(), parent, start));
        }
        // an ASCII acronym in brackets right after: 連邦捜査局(FBI)
        let mut acronym = None;
        if norm[end..].starts_with('(') {
            let inner_end = norm[end + 1..].find(')').map(|i| end + 1 + i);
            if let Some(inner_end) = inner_end {
                let inner = &norm[end + 1..inner_end];
                if (2..=8).contains(&inner.len())
                    && inner.bytes().all(|b| b.is_ascii_alphanumeric())
                {
                    acronym = Some((end + 1, inner_end));
                }
            }
        }
        new_hits.push((
            Hit {
                start,
                end,
                target: Target::Entity(id),
                rule: "pattern-org",
                priority: 3,
            },
            acronym,
        ));
    }

    /// People: names before post titles, katakana names with `・` before title words,
    /// `Mr./Ms./Dr.` names; and who holds which post.
    fn people(
        &mut self,
        hits: &mut Vec<Hit>,
        urls: &[(usize, usize)],
        sentences: &[(usize, usize)],
        dates: &[DateMention],
        document_date: PartialDate,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let text = self.text;
        let norm = text.norm.as_str();
        // the date a title holds on: the nearest date before it in its sentence, else the
        // sentence's first date, else the last date of the three sentences before, else the
        // document's date
        let date_at = |at: usize| -> PartialDate {
            let index = sentences.partition_point(|(_, end)| *end <= at);
            let sentence = sentences.get(index).copied().unwrap_or((0, norm.len()));
            let floor = sentences.get(index.saturating_sub(3)).map_or(0, |s| s.0);
            dates
                .iter()
                .rev()
                .find(|d| d.norm.1 <= at && d.norm.0 >= sentence.0)
                .or_else(|| {
                    dates
                        .iter()
                        .find(|d| d.norm.0 >= sentence.0 && d.norm.0 < sentence.1)
                })
                .or_else(|| {
                    dates
                        .iter()
                        .rev()
                        .find(|d| d.norm.1 <= at && d.norm.0 >= floor)
                })
                .map_or(document_date, |d| d.start)
        };
        // English honorifics first, so titles after them can attach
        self.honorifics(hits, urls);
        hits.sort_by_key(|h| h.start);
        let mut index = 0;
        while index < hits.len() {
            let hit = hits[index].clone();
            index += 1;
            let (post, title_start) = match &hit.target {
                Target::Post(post) => (Some(post.clone()), hit.start),
                Target::Entity(id)
                    if self.kind(id).is_some_and(is_org_kind)
                        && title_word_after(norm, hit.end).is_some() =>
                {
                    (None, hit.start)
                }
                _ => continue,
            };
            let date = date_at(title_start);
            let previous = hits[..index - 1].last().cloned();
            // a known person right before the title (岸田外務大臣), or across "兼" / ", " chains
            let person = match &previous {
                Some(p) if p.end == title_start => match &p.target {
                    Target::Entity(id) if self.kind(id) == Some(EntityType::Official) => {
                        Some((id.clone(), "title"))
                    }
                    Target::Post(_) => None,
                    _ => None,
                },
                _ => None,
            };
            // English apposition: "Mr. Christopher Painter, Coordinator for Cyber Issues",
            // "Ms. Jane Roe, Japan's Ambassador in charge of Cyber Policy"
            let person = person.or_else(|| self.apposition(hits, index - 1, title_start));
            let person = match person {
                Some(p) => Some(p),
                None => self.name_before(
                    hits,
                    index - 1,
                    title_start,
                    post.as_ref(),
                    date,
                    previous.as_ref(),
                ),
            };
            let Some((person, rule)) = person else {
                // English: "POST NAME" (Foreign Minister Koichiro Gemba)
                if let Some(post) = &post
                    && let Some(next) = hits.get(index)
                    && norm.get(hit.end..next.start) == Some(" ")
                    && let Target::Entity(id) = &next.target
                    && self.kind(id) == Some(EntityType::Official)
                {
                    self.title(
                        id.clone(),
                        post.clone(),
                        hit.start,
                        date,
                        "title",
                        diagnostics,
                    );
                }
                continue;
            };
            if let Some(post) = post {
                self.title(person.clone(), post, title_start, date, rule, diagnostics);
                // chains: POST兼POST, "POST and POST"
                let mut end = hit.end;
                let mut k = index;
                while let Some(next) = hits.get(k) {
                    let between = norm.get(end..next.start).unwrap_or("");
                    if !matches!(between, "兼" | " and " | "、" | " and the ") {
                        break;
                    }
                    let Target::Post(next_post) = &next.target else {
                        break;
                    };
                    self.title(
                        person.clone(),
                        next_post.clone(),
                        next.start,
                        date,
                        rule,
                        diagnostics,
                    );
                    end = next.end;
                    k += 1;
                }
            }
        }
        // katakana names with ・ before title words that are not known posts
        self.katakana_titles(hits, urls);
    }

    /// `PERSON, [the |STATE's ]TITLE`: the person a title after a comma belongs to.
    fn apposition(
        &self,
        hits: &[Hit],
        title_index: usize,
        title_start: usize,
    ) -> Option<(EntityId, &'static str)> {
        let norm = self.text.norm.as_str();
        let mut k = title_index;
        let mut at = title_start;
        // skip "the " / "STATE's "
        let before = &norm[..at];
        if before.ends_with("the ") {
            at -= 4;
        }
        if k > 0
            && let Some(state) = hits.get(k - 1)
            && matches!(&state.target, Target::Entity(id) if self.kind(id) == Some(EntityType::State))
        {
            let between = norm.get(state.end..at).unwrap_or("");
            if matches!(between, "'s " | "’s " | "s ") {
                at = state.start;
                k -= 1;
            }
        }
        let previous = hits[..k].last()?;
        let between = norm.get(previous.end..at)?;
        if !matches!(between, ", " | "," | "、") {
            return None;
        }
        match &previous.target {
            Target::Entity(id) if self.kind(id) == Some(EntityType::Official) => {
                Some((id.clone(), "title"))
            }
            _ => None,
        }
    }

    /// Record a title, resolving generic titles of foreign holders through tenures.
    fn title(
        &mut self,
        person: EntityId,
        post: PostId,
        at: usize,
        date: PartialDate,
        rule: &'static str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let gazetteer = self.gazetteer;
        let held = gazetteer.posts_of(&person, date);
        let post = if held.contains(&&post) || gazetteer.tenures.iter().all(|t| t.person != person)
        {
            // held, or the person has no tenure rows (attested-only officials)
            let foreign = self.country_mismatch(&person, &post);
            if foreign {
                diagnostics.push(Diagnostic::info(
                    format!("{}:{}", self.doc, self.text.span_of(at, at).start),
                    format!("`{person}` is written with the title of `{post}`, a post of another country; no post recorded"),
                ));
                return;
            }
            post
        } else if held.len() == 1 {
            held[0].clone()
        } else {
            diagnostics.push(Diagnostic::info(
                format!("{}:{}", self.doc, self.text.span_of(at, at).start),
                format!("`{person}` did not hold `{post}` on {date} according to tenures.csv; no post recorded"),
            ));
            return;
        };
        self.found.titles.push(Title {
            person,
            post,
            at,
            date,
            rule,
        });
    }

    /// True when the person's country is known and differs from the post's.
    fn country_mismatch(&self, person: &EntityId, post: &PostId) -> bool {
        let gazetteer = self.gazetteer;
        let Some(person_country) = gazetteer
            .entities
            .get(person)
            .and_then(|e| e.country.clone())
        else {
            return false;
        };
        let Some(post) = gazetteer.posts.get(post) else {
            return false;
        };
        let mut org = Some(post.organization.clone());
        for _ in 0..6 {
            let Some(id) = org else {
                return false;
            };
            let Some(entity) = gazetteer.entities.get(&id) else {
                return false;
            };
            if entity.kind == EntityType::State {
                return entity.id != person_country;
            }
            if let Some(country) = &entity.country {
                return *country != person_country;
            }
            org = entity.parent.clone();
        }
        false
    }

    /// A new (or resolved) person written right before a title at `title_start`.
    fn name_before(
        &mut self,
        hits: &mut Vec<Hit>,
        title_index: usize,
        title_start: usize,
        post: Option<&PostId>,
        date: PartialDate,
        previous: Option<&Hit>,
    ) -> Option<(EntityId, &'static str)> {
        let text = self.text;
        let norm = text.norm.as_str();
        let floor = previous.map_or(0, |p| p.end);
        if floor >= title_start {
            return None;
        }
        let gap = &norm[floor..title_start];
        // katakana (with ・, or Latin initials) name
        let kata_len: usize = gap
            .chars()
            .rev()
            .take_while(|c| is_katakana(*c) || *c == '・' || c.is_ascii_alphabetic())
            .map(char::len_utf8)
            .sum();
        let kanji_len: usize = gap
            .chars()
            .rev()
            .take_while(|c| is_kanji(*c))
            .map(char::len_utf8)
            .sum();
        let (start, kind_rule) = if kata_len > 0 {
            let name = &gap[gap.len() - kata_len..];
            let katakana = name.chars().filter(|c| is_katakana(*c)).count();
            if katakana < 2
                || name.starts_with('・')
                || NOT_NAME_KATAKANA.contains(&name)
                || (!name.contains('・') && post.is_none())
            {
                return None;
            }
            (title_start - kata_len, "pattern-person")
        } else if kanji_len > 0 {
            let name = &gap[gap.len() - kanji_len..];
            let count = name.chars().count();
            let before = text.char_before(title_start - kanji_len);
            if !(2..=5).contains(&count)
                || name.chars().any(|c| NOT_NAME_KANJI.contains(c))
                || (title_start - kanji_len == floor && previous.is_some_and(|p| p.end == floor))
                || before.is_some_and(is_kanji)
            {
                return None;
            }
            // a surname before a known post: whoever held the post then (鈴木外務副大臣)
            if let Some(post) = post
                && let Some(holder) = self.gazetteer.holder(post, date)
                && let Some(entity) = self.gazetteer.entities.get(holder)
                && entity
                    .label_ja
                    .iter()
                    .chain(&entity.aliases_ja)
                    .any(|ja| normalize(ja).starts_with(name))
            {
                let holder = holder.clone();
                let start = title_start - kanji_len;
                Self::place(
                    hits,
                    Hit {
                        start,
                        end: title_start,
                        target: Target::Entity(holder.clone()),
                        rule: "title-holder",
                        priority: 1,
                    },
                );
                let _ = title_index;
                return Some((holder, "title-holder"));
            }
            (title_start - kanji_len, "pattern-person")
        } else {
            return None;
        };
        if hiragana_only(&norm[start..title_start]) {
            return None;
        }
        let span = text.span_of(start, title_start);
        let name = text.slice(span).to_owned();
        let id = self.provisional(EntityType::Official, &name, span, kind_rule);
        Self::place(
            hits,
            Hit {
                start,
                end: title_start,
                target: Target::Entity(id.clone()),
                rule: kind_rule,
                priority: 3,
            },
        );
        Some((id, kind_rule))
    }

    /// `Mr. Koichi Mizushima` / `Ms. Liesyl Franz`: new people (or known ones).
    fn honorifics(&mut self, hits: &mut Vec<Hit>, urls: &[(usize, usize)]) {
        let text = self.text;
        let norm = text.norm.as_str();
        // one scan for all titles (leftmost, then longest: `mrs. ` before `mr `)
        static TITLES: std::sync::LazyLock<Option<AhoCorasick>> = std::sync::LazyLock::new(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(["mr. ", "ms. ", "mrs. ", "dr. ", "mr ", "ms "])
                .ok()
        });
        let mut found = Vec::new();
        let Some(titles) = TITLES.as_ref() else {
            return;
        };
        for title in titles.find_iter(norm) {
            let at = title.start();
            let from = title.end();
            if at > 0 && text.char_before(at).is_some_and(is_word) {
                continue;
            }
            if urls.iter().any(|(s, e)| *s <= at && at < *e) {
                continue;
            }
            // capitalised words (capitals checked in the original text)
            let name_start = from;
            let mut end = name_start;
            let mut words = 0;
            loop {
                let word_len: usize = norm[end..]
                    .chars()
                    .take_while(|c| c.is_alphabetic() || *c == '-' || *c == '\'')
                    .map(char::len_utf8)
                    .sum();
                if word_len == 0 || !text.orig_char_at(end).is_some_and(char::is_uppercase) {
                    break;
                }
                end += word_len;
                words += 1;
                let next_upper = norm[end..].starts_with(' ')
                    && text.orig_char_at(end + 1).is_some_and(char::is_uppercase);
                if words == 4 || !next_upper {
                    break;
                }
                end += 1;
            }
            if words < 2 {
                continue;
            }
            found.push((name_start, end));
        }
        for (start, end) in found {
            if hits.iter().any(|h| {
                h.start <= start
                    && end <= h.end
                    && matches!(&h.target, Target::Entity(id) if self.kind(id) == Some(EntityType::Official))
            }) {
                continue;
            }
            let span = text.span_of(start, end);
            let name = text.slice(span).to_owned();
            let id = self.provisional(EntityType::Official, &name, span, "pattern-person");
            Self::place(
                hits,
                Hit {
                    start,
                    end,
                    target: Target::Entity(id),
                    rule: "pattern-person",
                    priority: 3,
                },
            );
        }
    }

    /// Katakana names with `・` right before a title that contains a title word.
    fn katakana_titles(&mut self, hits: &mut Vec<Hit>, urls: &[(usize, usize)]) {
        let text = self.text;
        let norm = text.norm.as_str();
        let mut candidates = Vec::new();
        let mut iter = norm.char_indices().peekable();
        let mut previous: Option<char> = None;
        while let Some((start, c)) = iter.next() {
            let prev = previous;
            previous = Some(c);
            if !is_katakana(c) || prev.is_some_and(|p| is_katakana(p) || p == '・') {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(i, n)) = iter.peek() {
                if !(is_katakana(n) || n == '・') {
                    break;
                }
                end = i + n.len_utf8();
                previous = Some(n);
                iter.next();
            }
            let name = &norm[start..end];
            if !name.contains('・') || name.ends_with('・') {
                continue;
            }
            // a title: kanji/katakana run after the name containing a title word
            let title_end = norm[end..]
                .char_indices()
                .find(|(_, c)| !is_name_char(*c))
                .map_or(norm.len(), |(i, _)| end + i);
            let title = &norm[end..title_end];
            if !title.chars().next().is_some_and(is_kanji)
                || !TITLE_WORDS.iter().any(|w| title.contains(w))
            {
                continue;
            }
            if !Self::free(hits, start, end) || urls.iter().any(|(s, e)| *s < end && start < *e) {
                continue;
            }
            candidates.push((start, end));
        }
        for (start, end) in candidates {
            let span = text.span_of(start, end);
            let name = text.slice(span).to_owned();
            let id = self.provisional(EntityType::Official, &name, span, "pattern-person");
            Self::place(
                hits,
                Hit {
                    start,
                    end,
                    target: Target::Entity(id),
                    rule: "pattern-person",
                    priority: 3,
                },
            );
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
                    && Self::free(hits, start, end)
                    && !urls.iter().any(|(s, e)| *s < end && start < *e)
                {
                    let position = hits.partition_point(|h| h.start < start);
                    hits.insert(
                        position,
                        Hit {
                            start,
                            end,
                            target: Target::Entity(id.clone()),
                            rule: "pattern-repeat",
                            priority: 3,
                        },
                    );
                }
            }
        }
    }
}

fn hiragana_only(text: &str) -> bool {
    text.chars().all(is_hiragana)
}

/// A title word right after `at` (国家安全保障局|次長), possibly after more name chars.
fn title_word_after(norm: &str, at: usize) -> Option<&'static str> {
    let rest = &norm[at..];
    TITLE_WORDS
        .iter()
        .filter(|w| rest.starts_with(**w))
        .max_by_key(|w| w.len())
        .copied()
}

/// Where a series name ends inside a run after `第N回`, and its type: up to a group suffix
/// followed by a session word (…グループ|対面会合), else up to the last series word.
fn series_name_end(run: &str) -> Option<(usize, EntityType)> {
    for (offset, _) in run.char_indices() {
        for (suffix, kind) in GROUP_SUFFIXES {
            if run[offset..].starts_with(suffix) {
                let end = offset + suffix.len();
                let rest = &run[end..];
                if SESSION_WORDS.iter().any(|w| rest.starts_with(w)) {
                    return Some((end, *kind));
                }
            }
        }
    }
    let mut best = None;
    for (offset, _) in run.char_indices() {
        for (word, kind) in SERIES_WORDS {
            if run[offset..].starts_with(word) {
                best = Some((offset + word.len(), *kind));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_words_unify_countries() {
        let a = name_words("Japan-U.S. Cyber Dialogue");
        let b = name_words("United States-Japan Bilateral Cyber Dialogue");
        assert!(a.is_subset(&b), "{a:?} {b:?}");
    }

    #[test]
    fn series_names_split_at_group_suffixes() {
        let run = "日米豪印上級サイバーグループ対面会合";
        let (end, kind) = series_name_end(run).unwrap();
        assert_eq!(&run[..end], "日米豪印上級サイバーグループ");
        assert_eq!(kind, EntityType::WorkingGroup);
        let run = "日中韓サイバー協議";
        assert_eq!(series_name_end(run).unwrap().0, run.len());
    }

    #[test]
    fn selection_prefers_longest() {
        let id = |s: &str| Target::Entity(EntityId::new(s).unwrap());
        let hits = select(vec![
            Hit {
                start: 0,
                end: 6,
                target: id("a"),
                rule: "alias",
                priority: 1,
            },
            Hit {
                start: 3,
                end: 24,
                target: id("b"),
                rule: "alias",
                priority: 0,
            },
            Hit {
                start: 3,
                end: 6,
                target: id("c"),
                rule: "alias",
                priority: 0,
            },
        ]);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].target, id("b"));
    }
}
