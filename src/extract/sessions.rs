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
                if let Some(series_hit) = hits[..before]
                    .iter()
                    .rev()
                    .take_while(|h| at - h.end <= 4)
                    .find(|h| self.is_series_hit(h))
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
            // up to 10 words, ending at a series word
            let phrase_start = word_end + 1;
            let mut cursor = phrase_start;
            let mut phrase_end = None;
            for _ in 0..10 {
                let end = norm[cursor..]
                    .find([' ', ',', ';', ':', '(', ')', '\n', '"', '“', '”'])
                    .map_or(norm.len(), |i| cursor + i);
                let token = norm[cursor..end].trim_end_matches('.');
                if lexicon().series_words_en.iter().any(|w| w == token) {
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
                        Rule::SessionSeries,
                    )
                }
            };
            Self::place(
                hits,
                Hit {
                    start: phrase_start,
                    end: phrase_end,
                    target: Target::Entity(series.clone()),
                    rule: Rule::SessionSeries,
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
