//! Numbered sessions and their series: `第N回` + a series (a known alias or a new name ending in
//! a series word, `series_heads.tsv`), `SERIES(第N回局長級会合)` (`session_words.tsv`),
//! `SERIESの初会合 / 2回目会合`, English `4th … Dialogue` (the series found by word overlap with
//! the gazetteer's English names; `ordinals.tsv`).

use crate::gazetteer::normalize;
use crate::model::{EntityId, EntityType};

use super::lexicon::lexicon;
use super::mentions::{
    Hit, Matcher, MentionScan, Session, Target, is_name_char, is_series_kind, name_words,
};
use super::rule::Rule;
use super::text::is_word;

impl MentionScan<'_, '_, '_> {
    /// `日仏サイバー協議`, `日ASEANサイバー対話`: states written as abbreviations (or a state
    /// name) right before a name that ends in a series word make a new series of those states
    /// (rule `session-series`), when no known name covers it.
    pub(super) fn series_names_ja(&mut self, hits: &mut Vec<Hit>) {
        let text = self.text;
        let norm = text.norm.as_str();
        let mut found = Vec::new();
        for (k, hit) in hits.iter().enumerate() {
            let parties = match &hit.target {
                Target::Group(ids) => ids.len(),
                Target::Entity(id) if self.is_state_like(id) => 1,
                _ => continue,
            };
            let run_end = norm[hit.end..]
                .char_indices()
                .find(|(_, c)| !is_name_char(*c))
                .map_or(norm.len(), |(i, _)| hit.end + i);
            if run_end == hit.end || norm[hit.start..hit.end].is_ascii() {
                continue;
            }
            let Some((end, kind)) = series_name_end(&norm[hit.end..run_end]) else {
                continue;
            };
            let end = hit.end + end;
            // another mention inside the run: not a new name (日米安全保障協議委員会 is known)
            if hits.get(k + 1).is_some_and(|next| next.start < end) {
                continue;
            }
            // a one-state name needs two parties written (日英 …, not 英国サイバー協議)
            if parties < 2 {
                continue;
            }
            found.push((hit.start, end, kind));
        }
        for (start, end, kind) in found {
            self.mint_hit(hits, kind, (start, end), Rule::SessionSeries, 2);
        }
    }

    /// `UK-Singapore Cyber Dialogue`, `U.S.-Germany Cyber Bilateral Meeting`: two or more
    /// states joined by hyphens, then one to four capitalised words ending in a series word
    /// (`series_heads.tsv`, en), make a new series of those states (rule `session-series`),
    /// when no known name covers it.
    pub(super) fn series_names_en(&mut self, hits: &mut Vec<Hit>) {
        let text = self.text;
        let norm = text.norm.as_str();
        let upper = |at: usize| {
            text.orig_char_at(at)
                .is_some_and(|c| c.is_ascii_uppercase())
        };
        let state_like =
            |s: &Self, h: &Hit| matches!(&h.target, Target::Entity(id) if s.is_state_like(id));
        let mut found = Vec::new();
        let mut k = 0;
        while k < hits.len() {
            let first = k;
            let mut last = k;
            while state_like(self, &hits[last])
                && let Some(next) = hits.get(last + 1)
                && matches!(norm.get(hits[last].end..next.start), Some("-" | "–"))
                && state_like(self, next)
            {
                last += 1;
            }
            k = last + 1;
            if last == first || !norm[hits[first].start..hits[last].end].is_ascii() {
                continue;
            }
            // `5th Republic of Korea-United States Cyber Policy Consultation`: a numbered
            // session, whose series the session rules find (a known one by its words)
            let before = norm[..hits[first].start].trim_end_matches(' ');
            let before = before.strip_suffix(" annual").unwrap_or(before);
            let previous = before.rsplit(' ').next().unwrap_or("");
            let numbered = lexicon().ordinals.iter().any(|(w, _)| w == previous)
                || (previous.len() > 2
                    && previous.bytes().next().is_some_and(|b| b.is_ascii_digit())
                    && ["st", "nd", "rd", "th"]
                        .iter()
                        .any(|x| previous.ends_with(x)));
            if numbered {
                continue;
            }
            // capitalised words up to a series word
            let mut at = hits[last].end;
            let mut end = None;
            for _ in 0..5 {
                if !norm[at..].starts_with(' ') || !upper(at + 1) {
                    break;
                }
                let word_end = norm[at + 1..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .map_or(norm.len(), |i| at + 1 + i);
                let word = &norm[at + 1..word_end];
                at = word_end;
                if lexicon().series_words_en.iter().any(|w| w == word) {
                    end = Some(word_end);
                    break;
                }
            }
            let Some(end) = end else { continue };
            // another mention inside the name: not a new name
            if hits.get(last + 1).is_some_and(|next| next.start < end) {
                continue;
            }
            found.push((hits[first].start, end));
        }
        for (start, end) in found {
            self.mint_hit(
                hits,
                EntityType::InternationalForum,
                (start, end),
                Rule::SessionSeries,
                2,
            );
        }
    }

    /// `第N回` sessions and `SERIES(第N回…会合)`, `SERIESの初会合`.
    pub(super) fn sessions_ja(&mut self, hits: &mut Vec<Hit>, matcher: &Matcher) {
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
            if let Some(word) = lexicon()
                .session_words
                .iter()
                .find(|w| norm[after..].starts_with(w.as_str()))
            {
                let end = after + word.len();
                // hits are sorted and do not overlap: those ending by `at`, nearest first
                let before = hits.partition_point(|h| h.end <= at);
                let near = hits[..before]
                    .iter()
                    .rev()
                    .take_while(|h| at - h.end <= 4)
                    .find(|h| self.is_series_hit(h));
                // a bare `第17回会議` (no series written with it, no name char after it:
                // 第3回会合議事録 is a title) is a session of the series named last before it
                // (`…捜査技術会議を毎年度開催しています。平成28年12月に開催した第17回会議`)
                let bare = || {
                    let alone = ["会議", "会合"].contains(&word.as_str())
                        && !norm[end..].chars().next().is_some_and(is_name_char)
                        && !hits.iter().any(|h| h.start <= at && at < h.end);
                    alone
                        .then(|| hits[..before].iter().rev().find(|h| self.is_series_hit(h)))
                        .flatten()
                };
                let (series_hit, start) = match near {
                    Some(hit) => (Some(hit), hit.start),
                    None => (bare(), at),
                };
                if let Some(series_hit) = series_hit
                    && let Target::Entity(series) = &series_hit.target
                {
                    let series = series.clone();
                    let members = self.series_members(matcher, &series, series_hit);
                    self.found.sessions.push(Session {
                        start,
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
                if let Some(word) = lexicon()
                    .session_words
                    .iter()
                    .find(|w| norm[end..].starts_with(w.as_str()))
                {
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
            let id = self.provisional(kind, &name, span, Rule::SessionSeries);
            let members = matcher.leading_countries(&norm[after..series_end]);
            Self::place(
                hits,
                Hit {
                    start: after,
                    end: series_end,
                    target: Target::Entity(id.clone()),
                    rule: Rule::SessionSeries,
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
            let Some(word) = lexicon()
                .session_words
                .iter()
                .find(|w| rest_after.starts_with(w.as_str()))
            else {
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

    pub(super) fn is_series_hit(&self, hit: &Hit) -> bool {
        matches!(&hit.target, Target::Entity(id) if self.kind(id).is_some_and(is_series_kind))
    }

    /// The states of a series: from its name as written or its labels (Japan-U.S. …).
    pub(super) fn series_members(
        &self,
        matcher: &Matcher,
        series: &EntityId,
        hit: &Hit,
    ) -> Vec<EntityId> {
        let written = matcher.leading_countries(&self.text.norm[hit.start..hit.end]);
        if !written.is_empty() {
            return written;
        }
        series_parties(self.gazetteer, &self.found.provisional, matcher, series)
    }

    /// The states (and unions of states, such as the EU) named by hits in `[start, end)`, in
    /// order of first mention.
    fn states_in(&self, hits: &[Hit], start: usize, end: usize) -> Vec<EntityId> {
        let mut out = Vec::new();
        for hit in hits.iter().filter(|h| h.start >= start && h.end <= end) {
            let ids = match &hit.target {
                Target::Entity(id) => vec![id.clone()],
                Target::Group(ids) => ids.clone(),
                Target::Post(_) => Vec::new(),
            };
            for id in ids {
                if self.is_state_like(&id) && !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }

    /// A state, or a union of states that has a one-character abbreviation of its own (欧,
    /// the EU).
    pub(super) fn is_state_like(&self, id: &EntityId) -> bool {
        self.found.is_state_like(id)
    }

    /// How a name composed from states writes `id`: its shortest ASCII surface in
    /// `[start, end)` (`EU`, `UK`), else its English label.
    fn short_name(&self, hits: &[Hit], start: usize, end: usize, id: &EntityId) -> String {
        hits.iter()
            .filter(|h| h.start >= start && h.end <= end)
            .filter(|h| matches!(&h.target, Target::Entity(e) if e == id))
            .map(|h| self.text.slice(self.text.span_of(h.start, h.end)))
            .filter(|s| s.is_ascii())
            .map(str::to_owned)
            // or an upper-case short form of the entity (EU, UK, ROK)
            .chain(
                self.gazetteer
                    .entities
                    .get(id)
                    .into_iter()
                    .flat_map(|e| &e.aliases_en)
                    .filter(|a| a.len() <= 4 && a.bytes().all(|b| b.is_ascii_uppercase()))
                    .cloned(),
            )
            .min_by_key(String::len)
            .unwrap_or_else(|| self.label_en(id))
    }

    /// `Republic of Korea (ROK)-United States Cyber Policy Consultation` → `ROK-US Cyber Policy
    /// Consultation`: a series name that starts with its parties, written with their short
    /// forms. `None` when the name does not start with parties only.
    fn short_series_name(
        &self,
        hits: &[Hit],
        start: usize,
        end: usize,
        members: &[EntityId],
    ) -> Option<String> {
        let norm = self.text.norm.as_str();
        if members.len() < 2 {
            return None;
        }
        let mut cursor = start;
        let mut parties = Vec::new();
        let mut last: Option<&EntityId> = None;
        for hit in hits.iter().filter(|h| h.start >= start && h.end <= end) {
            // the bracketed abbreviation of the party just named: `Republic of Korea (ROK)`
            if matches!(&hit.target, Target::Entity(id) if Some(id) == last) {
                cursor = hit.end;
                continue;
            }
            let between = norm[cursor..hit.start].trim();
            let between = strip_brackets(between);
            if !between.trim_matches(['-', ' ']).is_empty() {
                break;
            }
            match &hit.target {
                Target::Entity(id) if members.contains(id) => {
                    parties.push(self.short_name(hits, start, end, id));
                    cursor = hit.end;
                    last = Some(id);
                }
                _ => break,
            }
        }
        // the rest: after a bracketed abbreviation of the last party
        let rest = strip_brackets(self.text.slice(self.text.span_of(cursor, end)));
        let rest = rest.trim_start_matches(['-', ' ']).trim();
        (parties.len() >= 2 && !rest.is_empty()).then(|| format!("{} {rest}", parties.join("-")))
    }

    /// One name for a series whatever order its parties are written in: `UK-EU Cyber
    /// Dialogue` and `EU-UK Cyber Dialogue` are one series (`EU-UK Cyber Dialogue`, parties in
    /// alphabetical order), so that reports of it from different documents meet.
    fn canonical_series_name(&self, name: &str) -> String {
        let Some((first, rest)) = name.split_once(' ') else {
            return name.to_owned();
        };
        let mut parties: Vec<&str> = first.split('-').collect();
        let all_parties = parties.len() >= 2
            && parties.iter().all(|p| {
                matches!(
                    self.gazetteer.aliases.get(&normalize(p)),
                    Some(crate::gazetteer::AliasTarget::Entity(id)) if self.is_state_like(id)
                )
            });
        if !all_parties {
            return name.to_owned();
        }
        parties.sort_by_key(|p| p.to_ascii_lowercase());
        format!("{} {rest}", parties.join("-"))
    }

    fn label_en(&self, id: &EntityId) -> String {
        self.gazetteer
            .entities
            .get(id)
            .or_else(|| self.found.provisional.get(id))
            .map_or_else(|| id.to_string(), |e| e.label_en.clone())
    }

    /// English `4th United States-Japan Bilateral Cyber Dialogue`.
    pub(super) fn sessions_en(
        &mut self,
        hits: &mut Vec<Hit>,
        matcher: &Matcher,
        urls: &[(usize, usize)],
    ) {
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
            let ordinal = lexicon()
                .ordinals
                .iter()
                .find(|(w, _)| w == word)
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
            // `the first session of the Open-ended Working Group …`: a session word, `of`, and
            // a known series
            let after_ordinal = &norm[word_end + 1..];
            if let Some(word) = [
                "substantive session",
                "session",
                "meeting",
                "round",
                "plenary",
            ]
            .iter()
            .find(|w| after_ordinal.starts_with(*w))
                && let Some(of_len) = ["of the ", "of "]
                    .iter()
                    .find(|o| {
                        after_ordinal[word.len()..]
                            .strip_prefix(' ')
                            .is_some_and(|r| r.starts_with(*o))
                    })
                    .map(|o| o.len() + 1)
            {
                let series_at = word_end + 1 + word.len() + of_len;
                if let Some((_, series_hit, series)) = self.entity_at(hits, series_at)
                    && self.kind(series).is_some_and(is_series_kind)
                {
                    let series = series.clone();
                    let end = series_hit.end;
                    let members = self.series_members(matcher, &series, &series_hit.clone());
                    self.found.sessions.push(Session {
                        start: at,
                        end,
                        ordinal: Some(ordinal),
                        series,
                        members,
                    });
                    at = end;
                    continue;
                }
            }
            // up to 12 words, ending at a series word; bracketed abbreviations inside the name
            // are skipped (`Republic of Korea (ROK)-United Kingdom (UK) Cyber Dialogue`)
            let phrase_start = word_end + 1;
            let mut cursor = phrase_start;
            let mut phrase_end = None;
            for _ in 0..12 {
                let end = norm[cursor..]
                    .find([' ', ',', ';', ':', '(', ')', '\n', '"', '“', '”'])
                    .map_or(norm.len(), |i| cursor + i);
                let token = norm[cursor..end].trim_end_matches('.');
                if lexicon().series_words_en.iter().any(|w| w == token) {
                    phrase_end = Some(cursor + token.len());
                    break;
                }
                if end < norm.len() && bytes[end] == b'(' && cursor > phrase_start {
                    // `(ROK)-` or `(UK) `: skip a short bracket that the name goes on after
                    let Some(close) = norm[end..].find(')').filter(|c| *c <= 12) else {
                        break;
                    };
                    let after = end + close + 1;
                    match bytes.get(after) {
                        Some(b'-') => cursor = after,
                        Some(b' ') => cursor = after + 1,
                        _ => break,
                    }
                    continue;
                }
                if end >= norm.len() || bytes[end] != b' ' || token.is_empty() {
                    break;
                }
                cursor = end + 1;
            }
            let Some(mut phrase_end) = phrase_end else {
                at = word_end;
                continue;
            };
            // `Conference on Cybersecurity`, `Meeting on Security of and in the Use of ICTs`: a
            // capitalised complement after `on`
            if norm[phrase_end..].starts_with(" on ") {
                let mut cursor = phrase_end + 4;
                let mut last = None;
                for _ in 0..10 {
                    let end = norm[cursor..]
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                        .map_or(norm.len(), |i| cursor + i);
                    if end == cursor {
                        break;
                    }
                    let token = &norm[cursor..end];
                    let upper = text
                        .orig_char_at(cursor)
                        .is_some_and(|c| c.is_ascii_uppercase());
                    if upper {
                        last = Some(end);
                    } else if !matches!(token, "of" | "and" | "in" | "the" | "for") {
                        break;
                    }
                    if !norm[end..].starts_with(' ') {
                        break;
                    }
                    cursor = end + 1;
                }
                if let Some(last) = last {
                    phrase_end = last;
                }
            }
            let phrase = &norm[phrase_start..phrase_end];
            let words = name_words(phrase);
            let series = matcher
                .series_words
                .iter()
                .filter(|(w, _)| w.is_subset(&words))
                .max_by_key(|(w, _)| w.len())
                .map(|(_, id)| id.clone());
            let span = text.span_of(phrase_start, phrase_end);
            // the states named in the phrase, else (for `their second cyber dialogue`) the
            // states of the sentence before it
            let mut members = self.states_in(hits, phrase_start, phrase_end);
            let capitalised = text
                .slice(span)
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase());
            let before = &norm[..at];
            // a name of topic words only (Cyber Dialogue) is the dialogue of the states named
            // before it: `EU and UK hold Second Cyber Dialogue`, `their sixth Cyber Dialogue`
            let generic = phrase.split([' ', '-']).all(|w| {
                super::organisations::EN_TOPIC_WORDS.contains(&w)
                    || lexicon().series_words_en.iter().any(|s| s == w)
            });
            let possessive = ["their ", "its "].iter().any(|w| before.ends_with(w))
                || (before.ends_with("the ") && !capitalised)
                || generic;
            let series = match series {
                Some(id) => id,
                None if capitalised && !(possessive && members.is_empty()) => {
                    let name = self
                        .short_series_name(hits, phrase_start, phrase_end, &members)
                        .unwrap_or_else(|| strip_brackets(text.slice(span)));
                    let name = self.canonical_series_name(&name);
                    self.provisional(
                        EntityType::InternationalForum,
                        &name,
                        span,
                        Rule::SessionSeries,
                    )
                }
                None => {
                    let sentence_start = before
                        .rfind(". ")
                        .map_or(0, |i| i + 2)
                        .max(before.rfind('\n').map_or(0, |i| i + 1));
                    members = self.states_in(hits, sentence_start, at);
                    if !possessive || members.len() < 2 {
                        at = phrase_end;
                        continue;
                    }
                    let short: Vec<String> = members
                        .iter()
                        .map(|id| self.short_name(hits, sentence_start, at, id))
                        .collect();
                    let words: String = text
                        .slice(span)
                        .split(' ')
                        .map(|w| {
                            let mut chars = w.chars();
                            chars.next().map_or_else(String::new, |c| {
                                c.to_uppercase().chain(chars).collect::<String>()
                            })
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    let name = self.canonical_series_name(&format!("{} {words}", short.join("-")));
                    self.provisional(
                        EntityType::InternationalForum,
                        &name,
                        span,
                        Rule::SessionSeries,
                    )
                }
            };
            let series_hit = Hit {
                start: phrase_start,
                end: phrase_end,
                target: Target::Entity(series.clone()),
                rule: Rule::SessionSeries,
                priority: 2,
            };
            if members.is_empty() {
                members = self.series_members(matcher, &series, &series_hit);
            }
            Self::place(hits, series_hit);
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
}

/// The parties of a series, from its names: the states of its Japanese names (日米…), the
/// hyphenated parties of its English name (`ASEAN-Japan …`, `EU-UK …`; states, unions of
/// states and organisations), else the organisation it belongs to (the AMCC of ASEAN).
pub(super) fn series_parties(
    gazetteer: &crate::gazetteer::Gazetteer,
    provisional: &std::collections::BTreeMap<EntityId, crate::model::Entity>,
    matcher: &Matcher,
    series: &EntityId,
) -> Vec<EntityId> {
    let Some(entity) = gazetteer
        .entities
        .get(series)
        .or_else(|| provisional.get(series))
    else {
        return Vec::new();
    };
    for name in entity.label_ja.iter().chain(&entity.aliases_ja) {
        let members = matcher.leading_countries(&normalize(name));
        if !members.is_empty() {
            return members;
        }
    }
    let kind = |id: &EntityId| {
        gazetteer
            .entities
            .get(id)
            .or_else(|| provisional.get(id))
            .map(|e| e.kind)
    };
    let party = |id: &EntityId| {
        matches!(kind(id), Some(EntityType::State | EntityType::Organization))
            || gazetteer.abbreviations.values().any(|a| &a.entity == id)
    };
    let first_word = entity.label_en.split(' ').next().unwrap_or("");
    let parties: Vec<EntityId> = first_word
        .split('-')
        .filter_map(|part| match gazetteer.aliases.get(&normalize(part)) {
            Some(crate::gazetteer::AliasTarget::Entity(id)) if party(id) => Some(id.clone()),
            _ => None,
        })
        .collect();
    if parties.len() >= 2 && first_word.split('-').count() == parties.len() {
        return parties;
    }
    // `United States-Japan Bilateral Cyber Dialogue`: states named anywhere in the English name
    let words = name_words(&entity.label_en);
    let mut named: Vec<EntityId> = Vec::new();
    for word in &words {
        if let Some(crate::gazetteer::AliasTarget::Entity(id)) = gazetteer.aliases.get(word)
            && kind(id) == Some(EntityType::State)
            && !named.contains(id)
        {
            named.push(id.clone());
        }
    }
    if named.len() >= 2 {
        return named;
    }
    entity.parent.iter().filter(|p| party(p)).cloned().collect()
}

/// A name without its bracketed parts: `Republic of Korea (ROK)-United Kingdom (UK) Cyber
/// Dialogue` → `Republic of Korea-United Kingdom Cyber Dialogue`.
fn strip_brackets(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" -", "-")
}

/// Where a series name ends inside a run after `第N回`, and its type: up to a group suffix
/// followed by a session word (…グループ|対面会合), else up to the last series word.
fn series_name_end(run: &str) -> Option<(usize, EntityType)> {
    for (offset, _) in run.char_indices() {
        for (suffix, kind) in &lexicon().group_heads {
            if run[offset..].starts_with(suffix) {
                let end = offset + suffix.len();
                let rest = &run[end..];
                if lexicon()
                    .session_words
                    .iter()
                    .any(|w| rest.starts_with(w.as_str()))
                {
                    return Some((end, *kind));
                }
            }
        }
    }
    let mut best = None;
    for (offset, _) in run.char_indices() {
        for (word, kind) in &lexicon().series_words_ja {
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
}
