//! New organisations found by their head words (`org_heads.tsv`): a run of name characters
//! (kanji, katakana, `・`) ending in 省, 庁, 局, センター, 委員会, 作業部会… that no gazetteer
//! alias covers is a provisional organisation; a known ministry written right before it is its
//! parent (国務省|サイバー空間・デジタル政策局); an ASCII acronym in brackets right after
//! (連邦捜査局(FBI)) is a second surface.

use crate::model::EntityType;

use super::lexicon::lexicon;
use super::mentions::{Hit, MentionScan, Target, is_name_char, is_org_kind};
use super::rule::Rule;

/// `the United States`, `the Netherlands`, but `Singapore`.
fn the(label: &str) -> String {
    const WITH_THE: [&str; 6] = [
        "United ",
        "Netherlands",
        "Philippines",
        "Republic",
        "Kingdom",
        "Union",
    ];
    if WITH_THE.iter().any(|w| label.contains(w)) && !label.starts_with("the ") {
        format!("the {label}")
    } else {
        label.to_owned()
    }
}

/// Organisation heads that end in one char: (the char, the heads with their types).
type HeadsEndingIn = (char, Vec<(String, EntityType)>);

impl MentionScan<'_, '_, '_> {
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

    /// Japan's missions abroad and foreign missions in Japan, by their pattern:
    /// `在シンガポール(日本国)大使館` → Embassy of Japan in Singapore, `在ジュネーブ国際機関日本政府
    /// 代表部` is left to the gazetteer, `在日米国大使館`/`駐日…大使館` → Embassy of the United
    /// States in Japan. The mission is a new Agency named in English, so that an English
    /// report of the same mission names the same entity.
    pub(super) fn missions(&mut self, hits: &mut Vec<Hit>) {
        let norm = self.text.norm.as_str();
        const KINDS: [(&str, &str); 3] = [
            ("大使館", "Embassy"),
            ("総領事館", "Consulate-General"),
            ("領事事務所", "Consular Office"),
        ];
        let mut found = Vec::new();
        hits.sort_by_key(|h| h.start);
        for (at, _) in norm.match_indices('在') {
            let after = at + '在'.len_utf8();
            // 在日/在京 + STATE + 大使館: a foreign mission in Japan
            let (in_japan, place_at) = match norm[after..].chars().next() {
                Some('日' | '京') if !norm[after..].starts_with("日本") => (true, after + 3),
                _ => (false, after),
            };
            let k = hits.partition_point(|h| h.start < place_at);
            let Some(place) = hits.get(k).filter(|h| h.start == place_at) else {
                continue;
            };
            let Target::Entity(place_id) = &place.target else {
                continue;
            };
            let place_kind = self.kind(place_id);
            if !matches!(place_kind, Some(EntityType::State | EntityType::Place)) {
                continue;
            }
            let mut end = place.end;
            if !in_japan {
                for japan in ["日本国", "日本"] {
                    if norm[end..].starts_with(japan) {
                        end += japan.len();
                        break;
                    }
                }
            }
            let Some((ja, en)) = KINDS.iter().find(|(ja, _)| norm[end..].starts_with(ja)) else {
                continue;
            };
            end += ja.len();
            let Some(place_label) = self
                .gazetteer
                .entities
                .get(place_id)
                .map(|e| e.label_en.clone())
            else {
                continue;
            };
            let name = if in_japan {
                (place_kind == Some(EntityType::State))
                    .then(|| format!("{en} of {} in Japan", the(&place_label)))
            } else {
                Some(format!("{en} of Japan in {}", the(&place_label)))
            };
            if let Some(name) = name {
                found.push((at, end, name));
            }
        }
        for (start, end, name) in found {
            // a longer hit, or a known organisation (the gazetteer's 在米国日本国大使館), wins
            if hits.iter().any(|h| {
                h.start < end
                    && start < h.end
                    && (h.start < start
                        || h.end > end
                        || matches!(&h.target, Target::Entity(id) if self.kind(id).is_some_and(|k| k != EntityType::State && is_org_kind(k))))
            }) {
                continue;
            }
            self.mint_named(
                hits,
                EntityType::Agency,
                &name,
                (start, end),
                Rule::PatternMission,
                2,
            );
        }
    }

    /// `CyCon 2019`, `サイバー・イニシアチブ東京2024`: a known forum or conference series
    /// followed by a year is that year's edition, an Event entity `partOf` the series.
    pub(super) fn year_editions(&mut self, hits: &mut Vec<Hit>) {
        let norm = self.text.norm.as_str();
        let mut found = Vec::new();
        for hit in hits.iter() {
            let Target::Entity(series) = &hit.target else {
                continue;
            };
            if self.kind(series) != Some(EntityType::InternationalForum) {
                continue;
            }
            let rest = &norm[hit.end..];
            let skip = usize::from(rest.starts_with(' '));
            let year: String = rest[skip..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let end = hit.end + skip + year.len();
            if year.len() != 4
                || !(year.starts_with("19") || year.starts_with("20"))
                || norm[end..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '年')
            {
                continue;
            }
            found.push((hit.start, end, series.clone()));
        }
        for (start, end, series) in found {
            let id = self.mint_hit(hits, EntityType::Event, (start, end), Rule::YearEdition, 2);
            self.found.parents.push((id, series, start));
        }
    }

    /// `ロンドン会議`, `ハーグ会議`: a known city right before 会議 (and no name character
    /// before the city) names a conference, an Event entity, not the city.
    pub(super) fn place_conferences(&mut self, hits: &mut Vec<Hit>) {
        let norm = self.text.norm.as_str();
        let mut found = Vec::new();
        for hit in hits.iter() {
            let Target::Entity(id) = &hit.target else {
                continue;
            };
            if self.kind(id) != Some(EntityType::Place)
                || !norm[hit.end..].starts_with("会議")
                || self.text.char_before(hit.start).is_some_and(is_name_char)
                || norm[hit.end + "会議".len()..]
                    .chars()
                    .next()
                    .is_some_and(is_name_char)
            {
                continue;
            }
            found.push((hit.start, hit.end + "会議".len()));
        }
        for (start, end) in found {
            self.mint_hit(
                hits,
                EntityType::Event,
                (start, end),
                Rule::PatternPlaceConference,
                2,
            );
        }
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
        // the heads by their last char, so that each char of a run costs one lookup
        static BY_LAST: std::sync::LazyLock<Vec<HeadsEndingIn>> = std::sync::LazyLock::new(|| {
            let mut by_last: Vec<HeadsEndingIn> = Vec::new();
            for (head, kind) in &lexicon().org_heads_ja {
                let Some(last) = head.chars().next_back() else {
                    continue;
                };
                match by_last.iter_mut().find(|(c, _)| *c == last) {
                    Some((_, heads)) => heads.push((head.clone(), *kind)),
                    None => by_last.push((last, vec![(head.clone(), *kind)])),
                }
            }
            // by char, for the binary search per char of a run
            by_last.sort_by_key(|(last, _)| *last);
            by_last
        });
        let mut best: Option<(usize, EntityType)> = None;
        for (offset, c) in run.char_indices() {
            let Some((_, heads)) = BY_LAST
                .binary_search_by_key(&c, |(last, _)| *last)
                .ok()
                .and_then(|at| BY_LAST.get(at))
            else {
                continue;
            };
            let upto = &run[..offset + c.len_utf8()];
            if let Some((_, kind)) = heads
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
        // a bare 作業部会 / 当局 is an anaphor, not a name; one-character heads (室, 課) need a
        // longer name (サイバー安全保障政策室, not 編集室)
        let least = if suffix_chars == 1 && matches!(name.chars().last(), Some('室' | '課')) {
            4
        } else {
            2
        };
        if name.chars().count() < suffix_chars + least {
            return;
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

/// Words that start a capitalised run without being part of a name (The Ministry …).
const EN_LEADING_STOPS: &[&str] = &[
    "the",
    "this",
    "these",
    "that",
    "those",
    "both",
    "each",
    "all",
    "our",
    "their",
    "its",
    "a",
    "an",
    "new",
    "during",
    "at",
    "in",
    "on",
    "after",
    "following",
    "under",
    "through",
    "with",
    "by",
    "for",
    "from",
    "of",
    "to",
    "and",
];

/// Topic words: capitalised in names, but not enough to make one (Cyber Dialogue).
pub(super) const EN_TOPIC_WORDS: &[&str] = &[
    "cyber",
    "cybersecurity",
    "security",
    "policy",
    "internet",
    "digital",
    "bilateral",
    "joint",
    "working",
    "senior",
    "high-level",
    "ministerial",
    "strategic",
    "economic",
];

/// Lower-case words allowed inside an English organisation name.
const EN_CONNECTORS: &[&str] = &["of", "for", "and", "the", "on"];

impl MentionScan<'_, '_, '_> {
    /// New English organisations: runs of capitalised words (joined by single spaces, with
    /// `of`/`for`/`and`/`the`/`on` inside) that end in a head word (`org_heads.tsv`, en) or
    /// have a head word followed by `of`/`for`; at least two words, one of them capitalised and
    /// not a head. A run stops at a known mention; a State written right before it (U.S.
    /// Department of …) is part of the name.
    /// After a title ending at `end`: ` (ABBR) on|for Capitalised Words` → the end of the
    /// complement.
    fn bracketed_complement(
        &self,
        end: usize,
        words: &[(usize, usize)],
        is_cap: &impl Fn((usize, usize)) -> bool,
    ) -> Option<usize> {
        let norm = self.text.norm.as_str();
        let rest = norm[end..].strip_prefix(" (")?;
        let close = rest.find(')')?;
        let abbreviation = &self.text.slice(self.text.span_of(end + 2, end + 2 + close));
        if close == 0
            || close > 8
            || !abbreviation
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '.' || c == '/')
        {
            return None;
        }
        let after = end + 2 + close + 1;
        let complement = [" on ", " for "]
            .iter()
            .find(|w| norm[after..].starts_with(*w))?;
        let mut k = words.partition_point(|w| w.0 < after + complement.len());
        let mut last = None;
        while let Some(&w) = words.get(k) {
            let joined = last.is_none_or(|(_, e)| norm.get(e..w.0) == Some(" "));
            if !joined || !(is_cap(w) || EN_CONNECTORS.contains(&&norm[w.0..w.1])) {
                break;
            }
            last = Some(w);
            k += 1;
        }
        // not past a trailing connector
        while let Some(w) = last
            && !is_cap(w)
        {
            k -= 1;
            last = k
                .checked_sub(1)
                .and_then(|p| words.get(p).copied())
                .filter(|p| p.0 > after);
        }
        last.map(|w| w.1)
    }

    pub(super) fn org_patterns_en(&mut self, hits: &mut Vec<Hit>, urls: &[(usize, usize)]) {
        let text = self.text;
        let norm = text.norm.as_str();
        let words = text.ascii_words();
        hits.sort_by_key(|h| h.start);
        let is_cap = |w: (usize, usize)| {
            text.orig_char_at(w.0)
                .is_some_and(|c| c.is_ascii_uppercase())
        };
        let word = |w: (usize, usize)| &norm[w.0..w.1];
        // organisation heads, then document heads (`EU-UK Trade and Cooperation Agreement`)
        let head_type = |w: &str| {
            lexicon()
                .org_heads_en
                .iter()
                .find(|(h, _)| h == w)
                .map(|(_, kind)| *kind)
                .or_else(|| {
                    lexicon()
                        .document_heads_en
                        .iter()
                        .any(|h| h == w)
                        .then_some(EntityType::Document)
                })
        };
        let mut found: Vec<(usize, usize, EntityType)> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if !is_cap(words[i]) || !Self::free_sorted(hits, words[i].0, words[i].1) {
                i += 1;
                continue;
            }
            // `Ministry of Land, Infrastructure and Transport`: a comma inside a name, where
            // capitalised words run on from it to `and` and one more capitalised word
            let listed = |j: usize| {
                let mut k = j;
                while k < words.len()
                    && k < j + 4
                    && is_cap(words[k])
                    && head_type(word(words[k])).is_none()
                {
                    k += 1;
                    let Some(next) = words.get(k) else {
                        return false;
                    };
                    match &norm[words[k - 1].1..next.0] {
                        ", " => {}
                        " " if word(*next) == "and" => {
                            return words
                                .get(k + 1)
                                .is_some_and(|w| is_cap(*w) && norm.get(next.1..w.0) == Some(" "));
                        }
                        _ => return false,
                    }
                }
                false
            };
            let mut run = vec![words[i]];
            let mut j = i + 1;
            while j < words.len()
                && (matches!(&norm[words[j - 1].1..words[j].0], " " | " & ")
                    || (&norm[words[j - 1].1..words[j].0] == ", " && listed(j))
                    // a plural possessive inside a name (Supreme Prosecutors' Office)
                    || (matches!(&norm[words[j - 1].1..words[j].0], "' " | "’ ")
                        && word(words[j - 1]).ends_with('s')))
                && Self::free_sorted(hits, words[j].0, words[j].1)
                && (is_cap(words[j]) || EN_CONNECTORS.contains(&word(words[j])))
            {
                run.push(words[j]);
                j += 1;
            }
            i = j;
            // `A and the B` is two names: stop before `and the`
            if let Some(k) = run
                .windows(2)
                .position(|p| word(p[0]) == "and" && word(p[1]) == "the")
            {
                i = words.partition_point(|w| w.0 < run[k + 1].0);
                run.truncate(k);
            }
            while run.len() > 1 && run.last().is_some_and(|w| !is_cap(*w)) {
                run.pop();
            }
            while run.len() > 1 && EN_LEADING_STOPS.contains(&word(run[0])) {
                run.remove(0);
            }
            // `Director of Economic Security Division`: a title before the body is not its name
            let is_title = |w: &str| lexicon().titles_en.iter().any(|t| t == w);
            let titles = run.iter().take_while(|w| is_title(word(**w))).count();
            if titles > 0
                && run
                    .get(titles)
                    .is_some_and(|w| matches!(word(*w), "of" | "for" | "at"))
                && run.len() > titles + 2
            {
                run.drain(..=titles);
                // `Deputy Director of the Department of …`
                while run.len() > 1 && EN_LEADING_STOPS.contains(&word(run[0])) {
                    run.remove(0);
                }
            }
            if run.len() < 2 {
                continue;
            }
            let last = word(run[run.len() - 1]);
            let kind = head_type(last).or_else(|| {
                run.windows(2).find_map(|pair| {
                    matches!(word(pair[1]), "of" | "for")
                        .then(|| head_type(word(pair[0])))
                        .flatten()
                })
            });
            let Some(kind) = kind else {
                continue;
            };
            // a name word that is not a head, a connector or a topic word (the Cyber Dialogue
            // is an anaphor; the Shangri-La Dialogue a name)
            let named = run.iter().any(|w| {
                is_cap(*w)
                    && head_type(word(*w)).is_none()
                    && !EN_CONNECTORS.contains(&word(*w))
                    && !EN_TOPIC_WORDS.contains(&word(*w))
            });
            // a body or a document of topic words is still a name (the Cyber Security Policy
            // Division, a Joint Statement); a dialogue or group of topic words is an anaphor
            let anaphor_kinds = matches!(
                kind,
                EntityType::InternationalForum | EntityType::WorkingGroup
            );
            if !named && anaphor_kinds {
                continue;
            }
            let mut end = run[run.len() - 1].1;
            // `Memorandum of Understanding (MOU) on Cyber Security Cooperation`: a document's
            // bracketed abbreviation and its `on …` complement are part of its title
            if kind == EntityType::Document
                && let Some(complement) = self.bracketed_complement(end, words, &is_cap)
            {
                end = complement;
                i = words.partition_point(|w| w.0 < end);
            }
            found.push((run[0].0, end, kind));
        }
        for (mut start, mut end, kind) in found {
            if urls.iter().any(|(s, e)| *s < end && start < *e) {
                continue;
            }
            // States right before: U.S. Department of Homeland Security, Estonia-US Cyber
            // Partnership Statement; an organisation right before a body is its parent (OAS
            // General Secretariat, European Commission DG for …)
            let mut separator = " ";
            let mut parent = None;
            loop {
                let before = hits.partition_point(|h| h.end <= start);
                let Some(previous) = before.checked_sub(1).and_then(|k| hits.get(k)) else {
                    break;
                };
                let between = norm.get(previous.end..start).unwrap_or("");
                if !(between == separator || between == "-")
                    || !norm[previous.start..previous.end].is_ascii()
                    || !matches!(&previous.target, Target::Entity(id) if matches!(self.kind(id), Some(EntityType::State | EntityType::Organization)))
                {
                    break;
                }
                if let Target::Entity(id) = &previous.target
                    && self.kind(id) == Some(EntityType::Organization)
                    && separator == " "
                    && matches!(kind, EntityType::Agency | EntityType::WorkingGroup)
                {
                    parent = Some(id.clone());
                }
                start = previous.start;
                separator = "-";
            }
            // `Cabinet Office of the United Kingdom`, `Ministry of Digital Affairs of Poland`,
            // `National Polytechnic Institute of Mexico`: a body's state written after it is
            // part of its name
            if matches!(
                kind,
                EntityType::Ministry | EntityType::Agency | EntityType::Organization
            ) {
                let after = &norm[end..];
                let skip = [" of the ", " of "]
                    .iter()
                    .find(|w| after.starts_with(*w))
                    .map(|w| w.len());
                if let Some(skip) = skip {
                    let k = hits.partition_point(|h| h.start < end + skip);
                    if let Some(state) = hits.get(k)
                        && state.start == end + skip
                        && matches!(&state.target, Target::Entity(id) if self.kind(id) == Some(EntityType::State))
                    {
                        end = state.end;
                    }
                }
            }
            let id = self.mint_hit(hits, kind, (start, end), Rule::PatternOrgEn, 3);
            if let Some(parent) = parent {
                self.found.parents.push((id, parent, start));
            }
        }
    }
}
