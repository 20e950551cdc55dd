//! New organisations found by their head words (`org_heads.tsv`): a run of name characters
//! (kanji, katakana, `・`) ending in 省, 庁, 局, センター, 委員会, 作業部会… that no gazetteer
//! alias covers is a provisional organisation; a known ministry written right before it is its
//! parent (国務省|サイバー空間・デジタル政策局); an ASCII acronym in brackets right after
//! (連邦捜査局(FBI)) is a second surface.

use crate::model::EntityType;

use super::lexicon::lexicon;
use super::mentions::{Hit, State, Target, is_name_char};
use super::rule::Rule;

impl State<'_, '_, '_> {
    /// New organisations: runs of name chars ending in an organisation suffix.
    pub(super) fn org_patterns(&mut self, hits: &mut Vec<Hit>, urls: &[(usize, usize)]) {
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
            if !lexicon().org_heads_ja.iter().any(|(h, _)| h.ends_with(c)) {
                continue;
            }
            let upto = &run[..offset + c.len_utf8()];
            if let Some((_, kind)) = lexicon()
                .org_heads_ja
                .iter()
                .find(|(suffix, _)| upto.ends_with(suffix.as_str()))
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
        let suffix_chars = lexicon()
            .org_heads_ja
            .iter()
            .find(|(suffix, _)| name.ends_with(suffix.as_str()))
            .map_or(1, |(suffix, _)| suffix.chars().count());
        if name.chars().count() < suffix_chars + 2 {
            return; // a bare 作業部会 / 当局 is an anaphor, not a name
        }
        let first = name.chars().next().unwrap_or(' ');
        if lexicon().anaphor_prefixes.contains(first) || name.contains("当局") {
            return;
        }
        // a trailing title means this is a post, not an organisation (…局長 has no 局 at the end)
        let span = text.span_of(start, end);
        let surface = text.slice(span).to_owned();
        let id = self.provisional(kind, &surface, span, Rule::PatternOrg);
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
                rule: Rule::PatternOrg,
                priority: 3,
            },
            acronym,
        ));
    }
}
