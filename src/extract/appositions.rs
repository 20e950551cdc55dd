//! English appositions: `NAME, TITLE [at|of|in] [the] [STATE] ORG (ABBR)`.
//!
//! Press releases of partner governments name their delegates as `Maciej Stadejek, Director
//! for Security and Defence Policy at the EEAS` or `Will Middleton, Cyber Director in the UK
//! Foreign, Commonwealth and Development Office`: people no dictionary holds, with posts no
//! post table holds. Two passes:
//!
//! - mention stage ([`State::apposition_names_en`]): two to four capitalised name words right
//!   before `, TITLE` (a title word of `titles.tsv` among the title's first words) are a new
//!   person (rule `apposition-en`);
//! - assembly ([`Builder::appositions_en`]): every person followed by `, TITLE` holds the post
//!   written there, as a literal `TITLE, ORGANISATION` with the organisation's canonical name
//!   (unless a known post was recognised at that place), and represents the state of that
//!   organisation (its `country`, or a state written before it: `the UK Foreign, Commonwealth
//!   and Development Office`, `Singapore's Minister …`).

use crate::model::{EntityId, EntityType, Object, Predicate};

use super::assembly::{Builder, SentenceCtx};
use super::lexicon::lexicon;
use super::mentions::{Hit, MentionScan, Target, is_org_kind};
use super::rule::Rule;

/// Small words that may sit inside a title or a name phrase without a capital.
const TITLE_JOINERS: &[&str] = &[
    "for", "of", "and", "the", "in", "on", "to", "at", "&", "-", "charge", "with",
];

/// Lower-case particles inside personal names (`Christiane Kirketerp de Viron`).
const NAME_PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "di", "bin", "al", "le", "la",
];

/// Words that end a title phrase: what follows is no longer the post.
const TITLE_STOPS: &[&str] = &[
    " on the ",
    " as well as ",
    " who ",
    " was ",
    " were ",
    " led ",
    " co-chaired",
    " chaired",
    " attended",
    " participated",
    " delivered",
    " said",
    " met ",
    " and the ",
    " along with ",
];

fn is_title_word(word: &str) -> bool {
    lexicon().titles_en.iter().any(|t| t == word)
}

/// Where a title phrase starting at `at` (right after `, `) begins its title word: skips
/// `the `, `STATE's ` and up to two capitalised modifiers (`Cyber Director`, `Acting
/// Director`); `None` when no title word comes within the first four words.
fn title_starts(norm: &str, original_upper: impl Fn(usize) -> bool, at: usize) -> bool {
    let mut cursor = at;
    if norm[cursor..].starts_with("the ") {
        cursor += 4;
    }
    for _ in 0..4 {
        let end = norm[cursor..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '\'' | '’')))
            .map_or(norm.len(), |i| cursor + i);
        if end == cursor {
            return false;
        }
        let word = &norm[cursor..end];
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .unwrap_or(word);
        if !original_upper(cursor) {
            return false;
        }
        if is_title_word(word) {
            return true;
        }
        if !norm[end..].starts_with(' ') {
            return false;
        }
        cursor = end + 1;
    }
    false
}

impl MentionScan<'_, '_, '_> {
    /// `Maciej Stadejek, Director for …`: new people before an English title apposition.
    pub(super) fn apposition_names_en(&mut self, hits: &mut Vec<Hit>, urls: &[(usize, usize)]) {
        let text = self.text;
        let norm = text.norm.as_str();
        let upper = |at: usize| {
            text.orig_char_at(at)
                .is_some_and(|c| c.is_ascii_uppercase())
        };
        let words = text.ascii_words();
        let mut found = Vec::new();
        for (k, &(_, w_end)) in words.iter().enumerate() {
            if !norm[w_end..].starts_with(", ") || !title_starts(norm, upper, w_end + 2) {
                continue;
            }
            // walk back over name words
            let mut first = k;
            let mut count = 0;
            let mut j = k;
            loop {
                let (s, e) = words[j];
                let word = &norm[s..e];
                let original = text.slice(text.span_of(s, e));
                let capital = upper(s)
                    && word.len() >= 2
                    && word
                        .bytes()
                        .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'\'')
                    && !is_title_word(word)
                    && !lexicon()
                        .honorifics
                        .iter()
                        .any(|h| h.trim_end_matches('.') == word)
                    && !super::people::NOT_NAME_EN.contains(&word)
                    && !lexicon().org_heads_en.iter().any(|(h, _)| h == word)
                    // an acronym (EEAS) is not a name alone; an upper-case surname is (Yutaka
                    // ARIMA, checked below)
                    && !(original.bytes().all(|b| b.is_ascii_uppercase()) && original.len() <= 2);
                let particle = count > 0 && NAME_PARTICLES.contains(&word);
                if !(capital || particle) {
                    break;
                }
                if capital {
                    first = j;
                }
                count += 1;
                if j == 0 || count == 5 || norm.get(words[j - 1].1..s) != Some(" ") {
                    break;
                }
                j -= 1;
            }
            let name_words = words[first..=k]
                .iter()
                .filter(|(s, e)| !NAME_PARTICLES.contains(&&norm[*s..*e]))
                .count();
            let mixed_case = words[first..=k].iter().any(|&(s, e)| {
                let original = text.slice(text.span_of(s, e));
                !original.bytes().all(|b| b.is_ascii_uppercase())
            });
            if !(2..=4).contains(&name_words) || !mixed_case {
                continue;
            }
            let start = words[first].0;
            // what comes before the name: a clause boundary, not more capitalised words
            let before = norm[..start].trim_end_matches(' ');
            let boundary = before.is_empty()
                || before.ends_with([',', '(', ':', ';', '.', '\n'])
                || [
                    " by",
                    " and",
                    " as well as",
                    " with",
                    " from",
                    " include",
                    " included",
                    " including",
                ]
                .iter()
                .any(|w| before.ends_with(w));
            if !boundary {
                continue;
            }
            found.push((start, w_end));
        }
        for (start, end) in found {
            if urls.iter().any(|(s, e)| *s < end && start < *e) {
                continue;
            }
            // a known person already there is kept
            if !Self::free(hits, start, end) {
                continue;
            }
            self.mint_hit(
                hits,
                EntityType::Official,
                (start, end),
                Rule::AppositionEn,
                3,
            );
        }
    }
}

impl Builder<'_, '_, '_> {
    /// Posts and represented states from `PERSON, TITLE …` appositions of one sentence.
    pub(super) fn appositions_en(&mut self, ctx: &SentenceCtx<'_>, publisher: Option<&EntityId>) {
        let text = self.text;
        let norm = text.norm.as_str();
        let (_, s_end) = ctx.bytes;
        let upper = |at: usize| {
            text.orig_char_at(at)
                .is_some_and(|c| c.is_ascii_uppercase())
        };
        for (index, hit) in ctx.hits.iter().enumerate() {
            let Target::Entity(person) = &hit.target else {
                continue;
            };
            if self.kind(person) != Some(EntityType::Official) {
                continue;
            }
            let title_start = hit.end + 2;
            if !norm[hit.end..s_end].starts_with(", ") || !title_starts(norm, upper, title_start) {
                continue;
            }
            let title_end = self.title_end(ctx, index, title_start);
            if title_end <= title_start {
                continue;
            }
            // the last organisation inside the title, and a state written before it
            let inside: Vec<&&Hit> = ctx.hits[index + 1..]
                .iter()
                .take_while(|h| h.end <= title_end)
                .collect();
            // a known post recognised in this sentence already made a holdsPost
            let known_post = inside.iter().any(|h| matches!(h.target, Target::Post(_)))
                || self
                    .found
                    .titles
                    .iter()
                    .any(|t| &t.person == person && t.at >= ctx.bytes.0 && t.at < ctx.bytes.1);
            let orgs: Vec<(&Hit, &EntityId)> = inside
                .iter()
                .filter_map(|h| match &h.target {
                    Target::Entity(id) if self.kind(id).is_some_and(is_org_kind) => Some((**h, id)),
                    _ => None,
                })
                .collect();
            // `Foreign Commonwealth & Development Office (FCDO)`: the bracketed abbreviation
            // names the organisation before it (the known one of the two wins)
            let org = match orgs.as_slice() {
                [.., (before, first), (last, second)]
                    if norm.get(before.end..last.start) == Some(" (") =>
                {
                    let known = if self.gazetteer.entities.contains_key(*first) {
                        *first
                    } else {
                        *second
                    };
                    Some((*before, known))
                }
                [.., last] => Some(*last),
                [] => None,
            };
            // a state written right before the organisation (`the UK Foreign, …`, `ROK
            // Ministry of Foreign Affairs`)
            let state_hit = org.and_then(|(o, _)| {
                inside.iter().rev().find(|h| {
                    h.end <= o.start
                        && o.start - h.end <= 1
                        && matches!(&h.target, Target::Entity(id) if self.kind(id) == Some(EntityType::State))
                })
            });
            let title_text_end = match (org, state_hit) {
                (Some(_), Some(s)) => s.start,
                (Some((o, _)), None) => o.start,
                (None, _) => title_end,
            };
            let mut title = text
                .slice(text.span_of(title_start, title_text_end))
                .trim()
                .to_owned();
            for joiner in [
                " at the", " in the", " of the", " at", " in", " of", ",", " the",
            ] {
                if let Some(stripped) = title.strip_suffix(joiner) {
                    title = stripped.trim_end().to_owned();
                }
            }
            if let Some(stripped) = title.strip_prefix("the ") {
                title = stripped.to_owned();
            }
            // `Singapore's Minister …` → the state, and the title without it
            let mut state = None;
            if let Some((owner, rest)) = title.split_once("'s ").or_else(|| title.split_once("’s "))
                && !owner.contains(' ')
            {
                state = inside
                    .iter()
                    .find_map(|h| match &h.target {
                        Target::Entity(id)
                            if self.kind(id) == Some(EntityType::State)
                                && h.start == title_start =>
                        {
                            Some(id.clone())
                        }
                        _ => None,
                    })
                    .or_else(|| self.gazetteer.country_by_demonym(owner).cloned());
                title = rest.to_owned();
            }
            if title.is_empty() || title.len() > 160 {
                continue;
            }
            let literal = match org {
                Some((_, id)) => format!("{title}, {}", self.label(id)),
                None => title.clone(),
            };
            let state = state
                .or_else(|| {
                    state_hit.and_then(|h| match &h.target {
                        Target::Entity(id) => Some(id.clone()),
                        _ => None,
                    })
                })
                .or_else(|| org.and_then(|(_, id)| self.state_of(id)))
                // a known post's state (Ambassador in charge of Cyber Policy → Japan)
                .or_else(|| {
                    self.found
                        .titles
                        .iter()
                        .filter(|t| {
                            &t.person == person && t.at >= ctx.bytes.0 && t.at < ctx.bytes.1
                        })
                        .find_map(|t| {
                            let post = self.gazetteer.posts.get(&t.post)?;
                            self.state_of(&post.organization)
                        })
                        // …when the title names it, or the person is known (a new person's
                        // `Minister of Foreign Affairs` is no more Japan's than Estonia's)
                        .filter(|state| {
                            self.gazetteer.entities.contains_key(person)
                                || super::assembly::names_state(
                                    self.gazetteer,
                                    &crate::gazetteer::normalize(&title),
                                    state,
                                )
                        })
                })
                // a title that names no body or state is the publisher's official's (Jennifer
                // X, Senior Bureau Official for Cyberspace and Digital Policy, in a State
                // Department readout)
                .or_else(|| {
                    // (not in a Japanese sentence, whose English brackets name foreigners)
                    let japanese = self.text.norm[ctx.bytes.0..ctx.bytes.1]
                        .chars()
                        .any(|c| ('\u{3000}'..='\u{9fff}').contains(&c));
                    if org.is_none() && !japanese {
                        publisher.cloned()
                    } else {
                        None
                    }
                });
            let provenance =
                self.provenance(ctx.index, ctx.span, Rule::AppositionEn, 0.7, ctx.evidence);
            let posts = if known_post {
                Vec::new()
            } else {
                vec![literal]
            };
            self.posts_and_state(person, posts, state, provenance);
        }
    }

    /// `person` holds the literal `posts` and represents `state`, unless a side of the
    /// meeting already said whom they represent (a side, when the sentence names one, says
    /// more than the state of an organisation: a bare `Ministry of Foreign Affairs` names
    /// no state).
    fn posts_and_state(
        &mut self,
        person: &EntityId,
        posts: Vec<String>,
        state: Option<EntityId>,
        provenance: crate::model::Provenance,
    ) {
        for post in posts {
            self.relate(
                person,
                Predicate::HoldsPost,
                Object::Literal(post),
                None,
                provenance.clone(),
            );
        }
        if let Some(state) = state
            && !self.has_relation(person, Predicate::Represents)
        {
            self.represents(person, &state, provenance);
        }
    }

    /// True when `subject` has a `predicate` relation already.
    fn has_relation(&self, subject: &EntityId, predicate: Predicate) -> bool {
        self.extraction.relations.iter().any(|r| {
            &r.subject == subject && r.predicate == crate::model::RelationKind::Known(predicate)
        })
    }

    /// `TITLE [, ][HONORIFIC ]PERSON` in English: see [`Rule::TitleBeforeNameEn`]. Only for
    /// people with no post yet (a known post or an apposition says more).
    pub(super) fn prenominal_titles_en(
        &mut self,
        ctx: &SentenceCtx<'_>,
        publisher: Option<&EntityId>,
    ) {
        let text = self.text;
        let norm = text.norm.as_str();
        let (s_start, s_end) = ctx.bytes;
        if norm[s_start..s_end]
            .chars()
            .any(|c| ('\u{3000}'..='\u{9fff}').contains(&c))
        {
            return;
        }
        let upper = |at: usize| {
            text.orig_char_at(at)
                .is_some_and(|c| c.is_ascii_uppercase())
        };
        let is_title = |w: &str| lexicon().titles_en.iter().any(|t| t == w);
        let is_connector = |w: &str| matches!(w, "of" | "for" | "and" | "the" | "on");
        for hit in ctx.hits {
            let Target::Entity(person) = &hit.target else {
                continue;
            };
            // a known person too (a new dictionary entry must not lose what the title
            // says), unless a known post or an apposition already gave a post
            if self.kind(person) != Some(EntityType::Official)
                || self.has_relation(person, Predicate::HoldsPost)
            {
                continue;
            }
            // back over an honorific (the Honorable, Senior Lieutenant General, Shri)
            let mut at = hit.start;
            let mut honorific = false;
            loop {
                let before = norm[s_start..at].trim_end_matches(' ');
                let end = s_start + before.len();
                let found = lexicon().honorifics.iter().find(|h| {
                    before.ends_with(h.as_str())
                        && !text
                            .char_before(end - h.len())
                            .is_some_and(|c| c.is_ascii_alphanumeric())
                });
                // `Secretary General Jens …`: a rank word that ends a title is the title's
                let ends_title = |h: &str| {
                    let rest = before[..before.len() - h.len()].trim_end_matches(' ');
                    let last = rest.rsplit(' ').next().unwrap_or("");
                    is_title(last)
                };
                match found {
                    Some(h) if end < at && !ends_title(h) => {
                        at = end - h.len();
                        honorific = true;
                    }
                    _ => break,
                }
            }
            let mut end = s_start + norm[s_start..at].trim_end_matches(' ').len();
            // `The Minister for Foreign Affairs, Simon Coveney T.D., today …`: a title, a
            // comma and the name closed by a comma, a bracket or a post-nominal
            let after = &norm[hit.end..s_end];
            let closed = after.starts_with([',', '.', ';'])
                || after.starts_with(" (")
                || after.starts_with(" t.d.")
                || after.starts_with(" td ");
            if (honorific || closed) && norm[s_start..end].ends_with(',') {
                end -= 1;
            }
            if end == at && !honorific {
                // the name must follow the title with a space
                continue;
            }
            // the title run: capitalised words and connectors, back from the name
            let mut words: Vec<(usize, usize)> = Vec::new();
            let mut cursor = end;
            while words.len() < 14 {
                let before = &norm[s_start..cursor];
                if !before.is_empty() && cursor < end && !before.ends_with(' ') {
                    break;
                }
                let trimmed = before.trim_end_matches(' ');
                let word_len: usize = trimmed
                    .chars()
                    .rev()
                    .take_while(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.')
                    })
                    .map(char::len_utf8)
                    .sum();
                if word_len == 0 {
                    break;
                }
                let w_end = s_start + trimmed.len();
                let w_start = w_end - word_len;
                let word = &norm[w_start..w_end];
                // another person's name ends the title (`Minister To Lam and Mr. Okonogi`)
                if ctx.hits.iter().any(|h| {
                    h.start < w_end
                        && w_start < h.end
                        && matches!(&h.target, Target::Entity(id) if self.kind(id) == Some(EntityType::Official))
                }) {
                    break;
                }
                if !(upper(w_start) || is_connector(word)) {
                    break;
                }
                words.push((w_start, w_end));
                cursor = w_start;
            }
            words.reverse();
            let word = |w: &(usize, usize)| &norm[w.0..w.1];
            let connector = |w: &(usize, usize)| is_connector(word(w));
            // `Minister Lam and Mr. Kuryu`: a connector right before the name joins two people
            if words.last().is_some_and(connector) {
                continue;
            }
            // leading words before a connector that hold no title word (`Today the …`, and a
            // leading connector itself) go
            loop {
                let first_connector = words.iter().position(connector);
                match first_connector {
                    Some(k) if !words[..k].iter().any(|w| is_title(word(w))) => {
                        words.drain(..=k);
                    }
                    _ => break,
                }
            }
            if words.is_empty() || !words.iter().any(|w| is_title(word(w))) {
                continue;
            }
            let (t_start, t_end) = (words[0].0, words[words.len() - 1].1);
            // a known post inside makes its own holdsPost; after a comma (which the title
            // rule does not read) only another state's, read as the publisher's office
            let comma = norm[t_end..at].trim_start().starts_with(',');
            let inside = ctx.hits.iter().find_map(|h| match &h.target {
                Target::Post(post) if h.start >= t_start && h.end <= t_end => Some(post),
                _ => None,
            });
            if let Some(post) = inside {
                let post_state =
                    self.gazetteer.posts.get(post).and_then(|p| {
                        super::assembly::owning_state(self.gazetteer, &p.organization)
                    });
                if !comma || publisher.is_none() || post_state.as_ref() == publisher {
                    continue;
                }
            }
            // a body written inside the title owns it (Assistant Secretary General of the
            // OAS): it is not the publisher's office
            let owned_inside = ctx.hits.iter().any(|h| {
                h.start > t_start
                    && h.end <= t_end
                    && matches!(&h.target, Target::Entity(id) if self.kind(id).is_some_and(|k| k == EntityType::State || super::mentions::is_org_kind(k)))
            });
            // a state or body written first (NATO Secretary General, Vietnamese Minister …,
            // Singapore's Minister …)
            let mut state = None;
            let mut owner = None;
            let mut rest_start = t_start;
            if let Some(first) = ctx
                .hits
                .iter()
                .find(|h| h.start == t_start && h.end < t_end)
            {
                if let Target::Entity(id) = &first.target {
                    if self.kind(id) == Some(EntityType::State) {
                        state = Some(id.clone());
                    } else if self.kind(id).is_some_and(super::mentions::is_org_kind) {
                        owner = Some(text.slice(text.span_of(first.start, first.end)).to_owned());
                        state = self.state_of(id);
                    }
                    rest_start = first.end;
                }
            } else {
                let first_word = word(&words[0]);
                let bare = first_word
                    .strip_suffix("'s")
                    .or_else(|| first_word.strip_suffix("’s"))
                    .unwrap_or(first_word);
                if let Some(id) = self.gazetteer.country_by_demonym(bare) {
                    state = Some(id.clone());
                    rest_start = words[0].1;
                }
            }
            let rest = &norm[rest_start..t_end];
            let rest = rest
                .strip_prefix("'s")
                .or_else(|| rest.strip_prefix("’s"))
                .unwrap_or(rest);
            if rest_start != t_start && !rest.starts_with(' ') {
                // the state or body was part of a longer word
                continue;
            }
            let title = text
                .slice(text.span_of(t_end - rest.len(), t_end))
                .trim()
                .to_owned();
            if !title.split(' ').any(|w| is_title(&w.to_ascii_lowercase())) {
                continue;
            }
            // a title with no state written is the publisher's (Defence Minister X in a UK
            // Ministry of Defence story); a one-word title (Ambassador X) says too little
            if owner.is_none() && state.is_none() && !owned_inside {
                if !title.contains(' ') {
                    continue;
                }
                // a known person's own state, else the publisher's
                state = self
                    .gazetteer
                    .entities
                    .get(person)
                    .and_then(|e| e.country.clone())
                    .or_else(|| publisher.cloned());
            }
            // two posts joined (Minister for Communications and Information and
            // Minister-in-charge of Cyber Security): one literal each
            let mut titles = vec![title.clone()];
            if let Some(k) = title.match_indices(" and ").map(|(k, _)| k).find(|&k| {
                let next = title[k + 5..].split([' ', '-']).next().unwrap_or("");
                is_title(&next.to_ascii_lowercase())
            }) {
                titles = vec![title[..k].to_owned(), title[k + 5..].to_owned()];
            }
            let provenance = self.provenance(
                ctx.index,
                ctx.span,
                Rule::TitleBeforeNameEn,
                0.6,
                ctx.evidence,
            );
            let posts = titles
                .into_iter()
                .map(|title| match (&owner, &state) {
                    (Some(owner), _) => format!("{title} of {owner}"),
                    (None, Some(state)) => format!("{title} of {}", self.label(state)),
                    (None, None) => title,
                })
                .collect();
            self.posts_and_state(person, posts, state, provenance);
        }
    }

    /// Where the title phrase after `PERSON, ` ends: at a clause stop word, a `;`, the end of
    /// the sentence, a bracket that is not an abbreviation, or the next `, NAME, TITLE`.
    fn title_end(&self, ctx: &SentenceCtx<'_>, person_index: usize, start: usize) -> usize {
        let norm = self.text.norm.as_str();
        let (_, s_end) = ctx.bytes;
        // English only, and not past a closing bracket it did not open
        let mut end = norm[start..s_end]
            .char_indices()
            .scan(0i32, |depth, (i, c)| {
                match c {
                    '(' => *depth += 1,
                    ')' => *depth -= 1,
                    _ => {}
                }
                Some((i, c, *depth))
            })
            .find(|(_, c, depth)| *depth < 0 || u32::from(*c) >= 0x3000)
            .map_or(s_end, |(i, _, _)| start + i);
        let rest = &norm[start..end];
        for stop in TITLE_STOPS
            .iter()
            .copied()
            .chain([";", ". ", ", and ", " and "])
        {
            let mut from = 0;
            let found = loop {
                let Some(i) = rest[from..].find(stop).map(|i| from + i) else {
                    break None;
                };
                // `U.S. Department`: the full stop of an abbreviation goes on
                let word_before = rest[..i].rsplit(' ').next().unwrap_or("");
                if stop == ". " && (word_before.contains('.') || word_before.len() <= 1) {
                    from = i + 2;
                    continue;
                }
                break Some(i);
            };
            if let Some(i) = found {
                // " and " inside a title (Security and Defence Policy) goes on when a
                // capitalised word that is not a person follows
                if matches!(stop, " and " | ", and ") {
                    let after = start + i + stop.len();
                    let next_person = ctx.hits[person_index + 1..].iter().any(|h| {
                        h.start == after
                            && matches!(&h.target, Target::Entity(id) if self.kind(id) == Some(EntityType::Official))
                    });
                    if !next_person {
                        continue;
                    }
                }
                end = end.min(start + i);
            }
        }
        // the next person in the sentence ends it too
        if let Some(next) = ctx.hits[person_index + 1..].iter().find(|h| {
            h.start >= start
                && matches!(&h.target, Target::Entity(id) if self.kind(id) == Some(EntityType::Official))
        }) {
            end = end.min(next.start);
        }
        let mut phrase = &norm[start..end];
        phrase = phrase.trim_end_matches([' ', ',', '.']);
        for tail in [" and", " as well as", " with"] {
            phrase = phrase.strip_suffix(tail).unwrap_or(phrase);
        }
        // a final `(FCDO)` stays with its organisation; other brackets end the title
        let mut stop = phrase.len();
        if let Some(open) = phrase.find('(') {
            let close = phrase[open..].find(')').map(|c| open + c + 1);
            let short = close.is_some_and(|c| c - open <= 12);
            if !short {
                stop = open;
            }
        }
        let phrase = phrase[..stop].trim_end_matches([' ', ',']);
        // joiners only: not a title
        if phrase
            .split(' ')
            .all(|w| TITLE_JOINERS.contains(&w) || w.is_empty())
        {
            return start;
        }
        start + phrase.len()
    }

    /// A state, or a union of states with a one-character abbreviation of its own (the EU).
    pub(super) fn is_state_like(&self, id: &EntityId) -> bool {
        self.found.is_state_like(id)
    }

    /// The state an organisation belongs to: its `country`, or its parent's.
    pub(super) fn state_of(&self, id: &EntityId) -> Option<EntityId> {
        let mut current = Some(id.clone());
        for _ in 0..6 {
            let id = current?;
            let entity = self
                .gazetteer
                .entities
                .get(&id)
                .or_else(|| self.found.provisional.get(&id))?;
            if entity.kind == EntityType::State
                || self
                    .gazetteer
                    .abbreviations
                    .values()
                    .any(|a| a.entity == id)
            {
                return Some(id);
            }
            if let Some(country) = &entity.country {
                return Some(country.clone());
            }
            current = entity.parent.clone();
        }
        None
    }

    /// `person represents state`, once per pair and document.
    pub(super) fn represents(
        &mut self,
        person: &EntityId,
        state: &EntityId,
        provenance: crate::model::Provenance,
    ) {
        let exists = self.extraction.relations.iter().any(|r| {
            &r.subject == person
                && r.predicate == crate::model::RelationKind::Known(Predicate::Represents)
                && matches!(&r.object, Object::Entity(o) if o == state)
        });
        if !exists {
            self.relate(
                person,
                Predicate::Represents,
                Object::Entity(state.clone()),
                None,
                provenance,
            );
        }
    }
}

impl Builder<'_, '_, '_> {
    /// Chairs and heads of delegation (rule [`Rule::ChairRepresents`]): in a sentence that
    /// says who chaired or led (共同議長, 議長, 団長, 筆頭, co-chaired, chaired by, head of
    /// delegation), a person written right before an organisation (熊谷直樹外務省…大使) or
    /// holding a known post read in the sentence represents that organisation's or post's
    /// state.
    pub(super) fn chairs(&mut self, ctx: &SentenceCtx<'_>) {
        const CHAIR_WORDS: [&str; 8] = [
            "共同議長",
            "議長",
            "団長",
            "筆頭",
            "co-chair",
            "chaired by",
            "head of delegation",
            "head of the delegation",
        ];
        let norm = self.text.norm.as_str();
        let (s_start, s_end) = ctx.bytes;
        if !CHAIR_WORDS.iter().any(|w| norm[s_start..s_end].contains(w)) {
            return;
        }
        let mut out: Vec<(EntityId, EntityId)> = Vec::new();
        for (i, hit) in ctx.hits.iter().enumerate() {
            let Target::Entity(person) = &hit.target else {
                continue;
            };
            if self.kind(person) != Some(EntityType::Official) {
                continue;
            }
            let by_body = ctx.hits.get(i + 1).and_then(|next| match &next.target {
                Target::Entity(org)
                    if next.start == hit.end
                        && self.kind(org).is_some_and(super::mentions::is_org_kind) =>
                {
                    self.state_of(org)
                }
                _ => None,
            });
            let by_post = || {
                self.found
                    .titles
                    .iter()
                    .filter(|t| &t.person == person && t.at >= s_start && t.at < s_end)
                    .find_map(|t| {
                        let post = self.gazetteer.posts.get(&t.post)?;
                        self.state_of(&post.organization)
                    })
            };
            if let Some(state) = by_body.or_else(by_post)
                && self.kind(&state) == Some(EntityType::State)
                && !out.contains(&(person.clone(), state.clone()))
            {
                out.push((person.clone(), state));
            }
        }
        for (person, state) in out {
            let provenance = self.provenance(
                ctx.index,
                ctx.span,
                Rule::ChairRepresents,
                0.6,
                ctx.evidence,
            );
            self.represents(&person, &state, provenance);
        }
    }

    /// The sides of a sentence: `on the Indonesian side`, `from the ROK side:`, `the UK
    /// delegation`, `led for Australia by`, `日本側から`, `米側は`. Every person named after a
    /// side (up to the next side) represents its state; a person with no side before them
    /// takes one written right after them in brackets (`X (head of the ROK delegation)`).
    pub(super) fn sides(&mut self, ctx: &SentenceCtx<'_>) {
        let norm = self.text.norm.as_str();
        let (s_start, s_end) = ctx.bytes;
        let sentence = &norm[s_start..s_end];
        // (position of the marker, state)
        let mut sides: Vec<(usize, EntityId)> = Vec::new();
        let state_ending_at = |end: usize| -> Option<EntityId> {
            ctx.hits.iter().find_map(|h| match &h.target {
                Target::Entity(id) if h.end == end && self.is_state_like(id) => Some(id.clone()),
                _ => None,
            })
        };
        // English: `X side`, `X delegation`
        for word in [" side", " delegation"] {
            let mut from = 0;
            while let Some(i) = sentence[from..].find(word) {
                let at = s_start + from + i;
                from += i + word.len();
                if norm[at + word.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    continue;
                }
                let before = norm[s_start..at]
                    .trim_end_matches("'s")
                    .trim_end_matches("’s");
                let state = state_ending_at(s_start + before.len()).or_else(|| {
                    let last = before.rsplit(' ').next().unwrap_or("");
                    self.gazetteer.country_by_demonym(last).cloned()
                });
                if let Some(state) = state {
                    sides.push((at, state));
                }
            }
        }
        // English: `for STATE by`; Japanese `STATEから`
        for hit in ctx.hits {
            if let Target::Entity(id) = &hit.target
                && self.is_state_like(id)
                && norm[hit.end..].starts_with("から")
            {
                sides.push((hit.end, id.clone()));
            }
            if let Target::Entity(id) = &hit.target
                && self.is_state_like(id)
                && norm[..hit.start].ends_with("for ")
                && norm[hit.end..].starts_with(" by ")
            {
                sides.push((hit.start, id.clone()));
            }
        }
        // Japanese: `STATE側`
        let mut from = 0;
        while let Some(i) = sentence[from..].find('側') {
            let at = s_start + from + i;
            from += i + '側'.len_utf8();
            let state = state_ending_at(at).or_else(|| {
                // 米側, 豪州側: the demonym table's side forms
                let head: Vec<(usize, char)> = norm[s_start..at].char_indices().collect();
                (1..=6).rev().find_map(|n| {
                    let (offset, _) = *head.get(head.len().checked_sub(n)?)?;
                    let form = format!("{}側", &norm[s_start + offset..at]);
                    self.gazetteer.country_by_demonym(&form).cloned()
                })
            });
            if let Some(state) = state {
                sides.push((at, state));
            }
        }
        if sides.is_empty() {
            return;
        }
        sides.sort_by_key(|(at, _)| *at);
        sides.dedup_by_key(|(at, _)| *at);
        let people: Vec<(usize, usize, EntityId)> = ctx
            .hits
            .iter()
            .filter_map(|h| match &h.target {
                Target::Entity(id) if self.kind(id) == Some(EntityType::Official) => {
                    Some((h.start, h.end, id.clone()))
                }
                _ => None,
            })
            .collect();
        // a side points forward (`on the Indonesian side by X`, `日本側から X`, a side that
        // opens its clause) or back to the people named since the previous side (`X and Y on
        // the EU side, and Z on the UK's side`)
        let forward: Vec<bool> = sides
            .iter()
            .enumerate()
            .map(|(k, (at, _))| {
                let after = &norm[*at..s_end];
                let Some(rest) = after
                    .strip_prefix(" side")
                    .or_else(|| after.strip_prefix(" delegation"))
                else {
                    // 日本側から, 豪州から, for Australia by
                    return true;
                };
                let previous = if k == 0 { s_start } else { sides[k - 1].0 };
                let people_before = people.iter().any(|(p, _, _)| *p >= previous && *p < *at);
                rest.starts_with(" by ") || rest.starts_with(':') || !people_before
            })
            .collect();
        for (start, end, person) in people {
            let next = sides.iter().position(|(at, _)| *at >= end);
            let chosen = match next {
                Some(k) if !forward[k] => Some(k),
                _ => sides
                    .iter()
                    .rposition(|(at, _)| *at < start)
                    .filter(|k| forward[*k]),
            };
            let Some(k) = chosen else {
                continue;
            };
            let state = sides[k].1.clone();
            let provenance = self.provenance(ctx.index, ctx.span, Rule::Side, 0.7, ctx.evidence);
            self.represents(&person, &state, provenance);
        }
    }
}

impl MentionScan<'_, '_, '_> {
    /// `リーシル・フランツ国務省…次官補代理(Ms. Liesyl Franz, Deputy Assistant Secretary, …)`: a
    /// new person written in Japanese, then in Latin letters in brackets after their title, is
    /// one person: the Japanese mentions (and titles) go to the Latin-named entity, which keeps
    /// the Japanese name as its Japanese label.
    pub(super) fn bracketed_names(&mut self, hits: &mut [Hit]) {
        let norm = self.text.norm.as_str();
        let is_person = |state: &Self, hit: &Hit| matches!(&hit.target, Target::Entity(id) if state.kind(id) == Some(EntityType::Official));
        let mut pairs: Vec<(EntityId, EntityId)> = Vec::new();
        for (i, hit) in hits.iter().enumerate() {
            let Target::Entity(native) = &hit.target else {
                continue;
            };
            if !is_person(self, hit)
                || norm[hit.start..hit.end].is_ascii()
                || !self.found.provisional.contains_key(native)
            {
                continue;
            }
            // the next person, within the clause, after an opening bracket
            let Some(next) = hits[i + 1..].iter().find(|h| is_person(self, h)) else {
                continue;
            };
            let between = &norm[hit.end..next.start];
            let Some(open) = between.rfind('(') else {
                continue;
            };
            let honorific = between[open + 1..].trim();
            let Target::Entity(latin) = &next.target else {
                continue;
            };
            if between.chars().count() > 60
                || between.contains(['。', '、', ')'])
                || !honorific
                    .split_whitespace()
                    .all(|word| lexicon().honorifics.iter().any(|h| h == word))
                || !norm[next.start..next.end].is_ascii()
                || latin == native
            {
                continue;
            }
            pairs.push((native.clone(), latin.clone()));
        }
        for (native, latin) in pairs {
            self.merge_person(hits, &native, &latin);
        }
    }

    /// `薗浦補佐官` after `薗浦健太郎内閣総理大臣補佐官`: a new person written by a kanji surname
    /// alone is the one new person of the document whose name starts with it.
    pub(super) fn surname_mentions(&mut self, hits: &mut [Hit]) {
        // Japanese names (kanji, and kana in given names: 牧島かれん), not katakana with ・
        let kanji_people: Vec<(EntityId, String)> = self
            .found
            .provisional
            .values()
            .filter(|e| e.kind == EntityType::Official)
            .filter_map(|e| {
                let ja = e.label_ja.as_deref()?;
                (ja.chars().next().is_some_and(super::text::is_kanji) && !ja.contains('・'))
                    .then(|| (e.id.clone(), ja.to_owned()))
            })
            .collect();
        let mut pairs = Vec::new();
        for (short_id, short) in &kanji_people {
            let short_len = short.chars().count();
            if !(1..=3).contains(&short_len) || !short.chars().all(super::text::is_kanji) {
                continue;
            }
            let mut longer = kanji_people.iter().filter(|(_, long)| {
                long.len() > short.len()
                    && long.starts_with(short.as_str())
                    && long.chars().count() <= 6
            });
            if let (Some((long_id, _)), None) = (longer.next(), longer.next()) {
                pairs.push((short_id.clone(), long_id.clone()));
            }
        }
        for (short, long) in pairs {
            self.merge_person(hits, &short, &long);
        }
    }

    /// Every mention, title and relation found of `from` is of `into`, which keeps `from`'s
    /// Japanese name when it has none.
    fn merge_person(&mut self, hits: &mut [Hit], from: &EntityId, into: &EntityId) {
        let name = self.found.provisional.get(from).map(|e| e.label_en.clone());
        for hit in hits.iter_mut() {
            if matches!(&hit.target, Target::Entity(id) if id == from) {
                hit.target = Target::Entity(into.clone());
            }
        }
        for title in &mut self.found.titles {
            if title.person == *from {
                title.person = into.clone();
            }
        }
        let people = (self.found.represents.iter_mut().map(|r| &mut r.0))
            .chain(self.found.literal_titles.iter_mut().map(|t| &mut t.0));
        for person in people {
            if person == from {
                *person = into.clone();
            }
        }
        if let Some(entity) = self.found.provisional.get_mut(into)
            && entity.label_ja.is_none()
        {
            entity.label_ja = name;
        }
    }
}
