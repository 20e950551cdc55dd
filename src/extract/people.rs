//! People and the posts they hold: names before post titles (`titles.tsv`), katakana names
//! with `・` before title words, honorifics + capitalised words (`honorifics.tsv`), surnames
//! before a known post resolved through tenures, and English appositions
//! (`Mr. X, Coordinator for Cyber Issues`).

use aho_corasick::{AhoCorasick, MatchKind};

use crate::gazetteer::AliasTarget;
use crate::gazetteer::normalize;
use crate::model::{Diagnostic, EntityId, EntityType, PartialDate, PostId};

use super::dates::DateMention;
use super::lexicon::lexicon;
use super::mentions::{Hit, MentionScan, Target, Title, is_name_char, is_org_kind};
use super::rule::Rule;
use super::text::{is_hiragana, is_kanji, is_katakana, is_word};

impl MentionScan<'_, '_, '_> {
    /// People: names before post titles, katakana names with `・` before title words,
    /// `Mr./Ms./Dr.` names; and who holds which post.
    pub(super) fn people(
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
        self.titled_people_en(hits, urls);
        self.apposition_names_en(hits, urls);
        hits.sort_by_key(|h| h.start);
        let mut index = 0;
        while index < hits.len() {
            let hit = hits[index].clone();
            index += 1;
            let (post, title_start, org) = match &hit.target {
                Target::Post(post) => (Some(post.clone()), hit.start, None),
                Target::Entity(id)
                    if self.kind(id).is_some_and(is_org_kind)
                        && (title_word_after(norm, hit.end).is_some()
                            || title_after_units(norm, hit.end)) =>
                {
                    (None, hit.start, Some(id.clone()))
                }
                _ => continue,
            };
            let date = date_at(title_start);
            let previous = hits[..index - 1].last().cloned();
            // a known person right before the title (岸田外務大臣), or across "兼" / ", " chains
            // (or with a `・` between: キャメロン・英国首相)
            let person = match &previous {
                Some(p) if p.end == title_start || norm.get(p.end..title_start) == Some("・") => {
                    match &p.target {
                        Target::Entity(id) if self.kind(id) == Some(EntityType::Official) => {
                            Some((id.clone(), Rule::Title))
                        }
                        Target::Post(_) => None,
                        _ => None,
                    }
                }
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
                    && let Some(post) = self.post_for(id, Some(post.clone()), hits, hit.start)
                {
                    self.title(id.clone(), post, hit.start, date, Rule::Title, diagnostics);
                }
                continue;
            };
            // ORGANISATION + a title word with no known post (在シンガポール大使館次席公使): the
            // title in English with the organisation's name, when the lexicon has the word
            if let Some(org) = &org
                && !(self.katakana_named(&person)
                    && super::assembly::owning_state(self.gazetteer, org)
                        .is_some_and(|s| s.as_str() == "japan"))
                && let Some(literal) = self.translated_title(org, hit.end)
            {
                self.found
                    .literal_titles
                    .push((person.clone(), literal, title_start));
            }
            let post = self.post_for(&person, post, hits, title_start);
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
        self.org_no_name_title(hits);
        self.name_title_runs(hits);
        // katakana names with ・ before title words that are not known posts
        self.katakana_titles(hits, urls);
        self.descriptor_titles(hits, urls);
        // ルッテ・オランダ首相: a known person, `・`, then a state and a title that together
        // are a known post's name (the alias scan does not start a katakana name after `・`)
        let mut stated = Vec::new();
        for pair in hits.windows(2) {
            let (p, s) = (&pair[0], &pair[1]);
            let (Target::Entity(person), Target::Entity(state)) = (&p.target, &s.target) else {
                continue;
            };
            if norm.get(p.end..s.start) != Some("・")
                || self.kind(person) != Some(EntityType::Official)
                || self.kind(state) != Some(EntityType::State)
                || !self.gazetteer.entities.contains_key(person)
            {
                continue;
            }
            let run_end = norm[s.end..]
                .char_indices()
                .find(|(_, c)| !is_name_char(*c))
                .map_or(norm.len(), |(i, _)| s.end + i);
            let post = norm[s.end..run_end]
                .char_indices()
                .map(|(i, c)| s.end + i + c.len_utf8())
                .rev()
                .find_map(|end| {
                    match self.gazetteer.aliases.get(&normalize(&norm[s.start..end])) {
                        Some(AliasTarget::Post(post)) => Some(post.clone()),
                        _ => None,
                    }
                });
            if let Some(post) = post {
                stated.push((person.clone(), post, s.start));
            }
        }
        for (person, post, at) in stated {
            let date = date_at(at);
            self.title(person, post, at, date, Rule::Title, diagnostics);
        }
    }

    /// `平将明デジタル大臣`: a kanji name (two to four characters) before a katakana-led title
    /// that ends in a title word, where the change of script marks where the name ends.
    fn descriptor_titles(&mut self, hits: &mut Vec<Hit>, urls: &[(usize, usize)]) {
        let text = self.text;
        let norm = text.norm.as_str();
        let mut found = Vec::new();
        // one pass for every title word (leftmost-longest: 副大臣 before 大臣)
        static TITLES: std::sync::LazyLock<Option<AhoCorasick>> = std::sync::LazyLock::new(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&lexicon().titles_ja)
                .ok()
        });
        let Some(titles) = TITLES.as_ref() else {
            return;
        };
        for title in titles.find_iter(norm) {
            {
                let word = &norm[title.start()..title.end()];
                let title_end = title.end();
                // back over a katakana descriptor (デジタル, サイバー…担当)
                let head = &norm[..title_end - word.len()];
                let descriptor: usize = head
                    .chars()
                    .rev()
                    .take_while(|c| is_katakana(*c) || *c == '・' || is_kanji(*c))
                    .map(char::len_utf8)
                    .sum();
                let descriptor_start = head.len() - descriptor;
                // the descriptor must start with katakana right after the kanji name
                let run = &head[descriptor_start..];
                let Some(split) = run
                    .char_indices()
                    .find(|(_, c)| is_katakana(*c))
                    .map(|(i, _)| i)
                else {
                    continue;
                };
                let (name_start, name_end) = if split == 0 {
                    // 牧島かれんデジタル大臣: a kanji surname and a hiragana given name (no
                    // particle among its kana) before the descriptor
                    let kana: usize = head[..descriptor_start]
                        .chars()
                        .rev()
                        .take_while(|c| is_hiragana(*c))
                        .map(char::len_utf8)
                        .sum();
                    let given = &head[descriptor_start - kana..descriptor_start];
                    let surname: usize = head[..descriptor_start - kana]
                        .chars()
                        .rev()
                        .take_while(|c| is_kanji(*c))
                        .map(char::len_utf8)
                        .sum();
                    let surname_start = descriptor_start - kana - surname;
                    let family = &head[surname_start..descriptor_start - kana];
                    if !(2..=4).contains(&given.chars().count())
                        || given.chars().any(|c| "のにをはがでともへや".contains(c))
                        || !(1..=3).contains(&family.chars().count())
                        || family.chars().any(|c| lexicon().not_name_kanji.contains(c))
                        || !Self::free(hits, surname_start, descriptor_start)
                    {
                        continue;
                    }
                    found.push((surname_start, descriptor_start));
                    continue;
                } else {
                    (descriptor_start, descriptor_start + split)
                };
                let name = &norm[name_start..name_end];
                let count = name.chars().count();
                if !(2..=4).contains(&count)
                    || !name.chars().all(is_kanji)
                    || name.chars().any(|c| lexicon().not_name_kanji.contains(c))
                    || !Self::free(hits, name_start, title_end)
                    || urls.iter().any(|(s, e)| *s < title_end && name_start < *e)
                {
                    continue;
                }
                found.push((name_start, name_end));
            }
        }
        found.sort_unstable();
        found.dedup();
        for (start, end) in found {
            if !Self::free(hits, start, end) {
                continue;
            }
            self.mint_hit(
                hits,
                EntityType::Official,
                (start, end),
                Rule::PatternPerson,
                3,
            );
        }
    }

    /// `PERSON, [the |STATE's ]TITLE`: the person a title after a comma belongs to.
    fn apposition(
        &self,
        hits: &[Hit],
        title_index: usize,
        title_start: usize,
    ) -> Option<(EntityId, Rule)> {
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
                Some((id.clone(), Rule::Title))
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
        rule: Rule,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let gazetteer = self.gazetteer;
        let index = &self.found.index;
        let held: Vec<&PostId> = index
            .tenures_of(gazetteer, &person)
            .filter(|t| t.covers(date))
            .map(|t| &t.post)
            .collect();
        let post = if held.contains(&&post) || index.tenures_of(gazetteer, &person).next().is_none()
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
        self.post_state(post)
            .is_some_and(|state| state != person_country)
    }

    /// The state a post belongs to, through its organisation's `country` or parents.
    fn post_state(&self, post: &PostId) -> Option<EntityId> {
        let gazetteer = self.gazetteer;
        let mut org = Some(gazetteer.posts.get(post)?.organization.clone());
        for _ in 0..6 {
            let entity = gazetteer.entities.get(org.as_ref()?)?;
            if entity.kind == EntityType::State {
                return Some(entity.id.clone());
            }
            if let Some(country) = &entity.country {
                return Some(country.clone());
            }
            org = entity.parent.clone();
        }
        None
    }

    /// The post a title at `title_start` gives `person`, checked against the state written
    /// with it: a title written with another state than the post's (スリランカ首相, Singapore
    /// Prime Minister, Prime Minister of … Sri Lanka) is not that post but the same office of
    /// the written state (a literal title: Prime Minister of Japan → of Sri Lanka), and says
    /// which state the person represents. A post right before another title word
    /// (内閣総理大臣|補佐官) is not held either.
    fn post_for(
        &mut self,
        person: &EntityId,
        post: Option<PostId>,
        hits: &[Hit],
        title_start: usize,
    ) -> Option<PostId> {
        let norm = self.text.norm.as_str();
        let title_index = hits.partition_point(|h| h.start < title_start);
        let title_end = hits.get(title_index).map_or(title_start, |h| h.end);
        if post.is_some()
            && let Some(word) = title_word_after(norm, title_end)
        {
            if let Some(post) = &post
                && let Some(literal) = self.subordinate_title(post, word)
            {
                self.found
                    .literal_titles
                    .push((person.clone(), literal, title_start));
            }
            return None;
        }
        let written = self.written_state(hits, title_index);
        let (post, foreign) = match post {
            Some(post)
                if written.as_ref().is_some_and(|written| {
                    self.post_state(&post).is_some_and(|s| s != *written)
                }) =>
            {
                (None, Some(post))
            }
            post => (post, None),
        };
        if let (Some(foreign), Some(state)) = (&foreign, &written)
            && let Some(literal) = self.generic_post(foreign, state)
        {
            self.found
                .literal_titles
                .push((person.clone(), literal, title_start));
        }
        if let Some(state) = written {
            self.found
                .represents
                .push((person.clone(), state, title_start));
        }
        post
    }

    /// `補佐官` after `内閣総理大臣`: `Special Advisor to the Prime Minister of Japan`, when
    /// `title_translations.tsv` writes the word with `{}` for the post it serves.
    fn subordinate_title(&self, post: &PostId, word: &str) -> Option<String> {
        let (_, en) = lexicon()
            .title_translations
            .iter()
            .find(|(ja, en)| ja == word && en.contains("{}"))?;
        let label = &self.gazetteer.posts.get(post)?.label_en;
        Some(en.replace("{}", label))
    }

    /// `明治大学…研究科の湯淺墾道教授`, `外務省の山田太郎課長`: an organisation, の, a kanji name
    /// (two to five characters) and a title word: a new person, holding the title at that
    /// organisation (in English, when `title_translations.tsv` has the word).
    fn org_no_name_title(&mut self, hits: &mut Vec<Hit>) {
        let norm = self.text.norm.as_str();
        let mut found = Vec::new();
        for hit in hits.iter() {
            let Target::Entity(org) = &hit.target else {
                continue;
            };
            if !self.kind(org).is_some_and(is_org_kind) || self.kind(org) == Some(EntityType::State)
            {
                continue;
            }
            let Some(rest) = norm[hit.end..].strip_prefix('の') else {
                continue;
            };
            let name_start = hit.end + 'の'.len_utf8();
            let run: Vec<(usize, char)> = rest
                .char_indices()
                .take_while(|(_, c)| is_kanji(*c))
                .take(9)
                .collect();
            let split = (2..=5.min(run.len())).find_map(|n| {
                let at = name_start + run.get(n).map_or(rest.len(), |(i, _)| *i);
                let name = &norm[name_start..at];
                (title_word_after(norm, at).is_some()
                    && !name.chars().any(|c| lexicon().not_name_kanji.contains(c)))
                .then_some(at)
            });
            let Some(name_end) = split else {
                continue;
            };
            if !Self::free_sorted(hits, name_start, name_end) {
                continue;
            }
            found.push((org.clone(), name_start, name_end));
        }
        for (org, start, end) in found {
            let person = self.mint_hit(
                hits,
                EntityType::Official,
                (start, end),
                Rule::PatternPerson,
                3,
            );
            if let Some(literal) = self.translated_title(&org, end) {
                self.found.literal_titles.push((person, literal, start));
            }
        }
    }

    /// `湯淺墾道教授`: a run of kanji (after a non-kanji char) that is a name of two to five
    /// kanji, none of them a `not_name_kanji.tsv` char, and a title word ending the run; a new
    /// person when no mention covers it.
    fn name_title_runs(&mut self, hits: &mut Vec<Hit>) {
        let norm = self.text.norm.as_str();
        let mut found = Vec::new();
        let mut run_start = None;
        for (i, c) in norm
            .char_indices()
            .chain(std::iter::once((norm.len(), ' ')))
        {
            if i < norm.len() && is_kanji(c) {
                run_start.get_or_insert(i);
                continue;
            }
            let Some(start) = run_start.take() else {
                continue;
            };
            let run = &norm[start..i];
            let Some(title) = lexicon()
                .titles_ja
                .iter()
                .filter(|w| run.ends_with(w.as_str()))
                .max_by_key(|w| w.len())
            else {
                continue;
            };
            let name = &run[..run.len() - title.len()];
            let count = name.chars().count();
            if !(2..=5).contains(&count)
                || name.chars().any(|c| lexicon().not_name_kanji.contains(c))
                || !Self::free_sorted(hits, start, i)
            {
                continue;
            }
            found.push((start, start + name.len()));
        }
        for (start, end) in found {
            self.mint_hit(
                hits,
                EntityType::Official,
                (start, end),
                Rule::PatternPerson,
                3,
            );
        }
    }

    /// A new person written in katakana (ジョン・スミス): a foreign name, whose `外務省` is not
    /// Japan's.
    fn katakana_named(&self, person: &EntityId) -> bool {
        self.found
            .provisional
            .get(person)
            .and_then(|e| e.label_ja.as_deref())
            .is_some_and(|ja| {
                ja.chars()
                    .all(|c| is_katakana(c) || matches!(c, '・' | 'ー'))
            })
    }

    /// `TITLE, ORGANISATION` for a Japanese title word right at `at` after an organisation,
    /// the whole title (nothing but particles after it), in English (`title_translations.tsv`).
    fn translated_title(&self, org: &EntityId, at: usize) -> Option<String> {
        let rest = &self.text.norm[at..];
        let (_, en) = lexicon().title_translations.iter().find(|(ja, en)| {
            !en.contains("{}")
                && rest
                    .strip_prefix(ja.as_str())
                    .is_some_and(|after| !after.chars().next().is_some_and(is_name_char))
        })?;
        let label = match self.gazetteer.entities.get(org) {
            Some(entity) => entity.label_en.clone(),
            None => self.found.provisional.get(org)?.label_en.clone(),
        };
        Some(format!("{en}, {label}"))
    }

    /// A post of one state as the same office of another: the post's English label without
    /// its state (`Prime Minister of Japan` → `Prime Minister`), then `of STATE`. None when
    /// the label does not end with its state's name.
    fn generic_post(&self, post: &PostId, state: &EntityId) -> Option<String> {
        let label = &self.gazetteer.posts.get(post)?.label_en;
        office_in(self.gazetteer, label, &self.post_state(post)?, state)
    }

    /// A state written with a title: right before it (`スリランカ首相`, `Indian Prime
    /// Minister`) or after it (`Prime Minister of the Democratic Socialist Republic of Sri
    /// Lanka`).
    fn written_state(&self, hits: &[Hit], title_index: usize) -> Option<EntityId> {
        let norm = self.text.norm.as_str();
        let title = &hits[title_index];
        let state = |hit: &Hit| match &hit.target {
            Target::Entity(id) if self.kind(id) == Some(EntityType::State) => Some(id.clone()),
            _ => None,
        };
        if let Some(previous) = title_index.checked_sub(1).map(|k| &hits[k])
            && matches!(norm.get(previous.end..title.start), Some("" | "・" | " "))
            && let Some(id) = state(previous)
        {
            return Some(id);
        }
        let after = &norm[title.end..];
        // `Minister for Foreign Affairs, Finland)`: a state after a comma that ends the phrase
        if let Some(next) = hits.get(title_index + 1)
            && matches!(norm.get(title.end..next.start), Some(", " | ","))
            && norm[next.end..]
                .chars()
                .next()
                .is_none_or(|c| matches!(c, ')' | ',' | '.' | ';' | '）'))
            && let Some(id) = state(next)
        {
            return Some(id);
        }
        let skip = ["of the ", "of "]
            .iter()
            .find_map(|w| after.strip_prefix(' ').and_then(|a| a.strip_prefix(w)))
            .map(|rest| norm.len() - rest.len())?;
        // the state may be written with a longer official name (the Democratic Socialist
        // Republic of Sri Lanka): the first state hit within the next few words
        hits.get(title_index + 1)
            .filter(|h| {
                h.start >= skip
                    && h.start - skip <= 40
                    && !norm[skip..h.start].contains([',', '.', '(', ')'])
            })
            .and_then(state)
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
    ) -> Option<(EntityId, Rule)> {
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
        // kanji, with the katakana ツ, ノ, ケ, ヶ between kanji (三ツ矢, 木ノ下, 三ヶ尻)
        let run: Vec<char> = gap
            .chars()
            .rev()
            .take_while(|c| is_kanji(*c) || matches!(c, 'ツ' | 'ノ' | 'ケ' | 'ヶ'))
            .collect();
        let kanji_len: usize = run
            .iter()
            .rev()
            .skip_while(|c| !is_kanji(**c))
            .map(|c| c.len_utf8())
            .sum();
        // ラニル・ウィクラマシンハ・スリランカ首相: a last segment that names a state is the
        // state, not part of the name
        let mut kata_len = kata_len;
        let mut state_hit = None;
        if kata_len > 0
            && let Some(dot) = gap[gap.len() - kata_len..].rfind('・')
        {
            let segment = &gap[gap.len() - kata_len + dot + '・'.len_utf8()..];
            if let Some(AliasTarget::Entity(id)) = self.gazetteer.aliases.get(&normalize(segment))
                && self.kind(id) == Some(EntityType::State)
            {
                state_hit = Some(Hit {
                    start: title_start - segment.len(),
                    end: title_start,
                    target: Target::Entity(id.clone()),
                    rule: Rule::Alias,
                    priority: 0,
                });
                kata_len -= segment.len() + '・'.len_utf8();
            }
        }
        let removed = state_hit
            .as_ref()
            .map_or(0, |h| h.end - h.start + '・'.len_utf8());
        let title_start = title_start - removed;
        let gap = &gap[..gap.len() - removed];
        if let Some(hit) = state_hit {
            Self::place(hits, hit);
        }
        let (start, kind_rule) = if kata_len > 0 {
            let name = &gap[gap.len() - kata_len..];
            let katakana = name.chars().filter(|c| is_katakana(*c)).count();
            if katakana < 2
                || name.starts_with('・')
                || lexicon().not_name_katakana.iter().any(|w| w == name)
                || (!name.contains('・') && post.is_none())
            {
                return None;
            }
            (title_start - kata_len, Rule::PatternPerson)
        } else if kanji_len > 0 {
            let name = &gap[gap.len() - kanji_len..];
            let count = name.chars().count();
            let before = text.char_before(title_start - kanji_len);
            // a one-kanji surname (岸防衛大臣) only for the holder of a known post
            let min = if post.is_some_and(|post| {
                self.gazetteer
                    .holder(post, date)
                    .and_then(|holder| self.gazetteer.entities.get(holder))
                    .and_then(|e| e.label_ja.as_deref())
                    .is_some_and(|ja| ja.starts_with(name))
            }) {
                1
            } else {
                2
            };
            if !(min..=5).contains(&count)
                || name.chars().any(|c| lexicon().not_name_kanji.contains(c))
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
                        rule: Rule::TitleHolder,
                        priority: 1,
                    },
                );
                let _ = title_index;
                return Some((holder, Rule::TitleHolder));
            }
            (title_start - kanji_len, Rule::PatternPerson)
        } else {
            return None;
        };
        if hiragana_only(&norm[start..title_start]) {
            return None;
        }
        let id = self.mint_hit(
            hits,
            EntityType::Official,
            (start, title_start),
            kind_rule,
            3,
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
                .build(lexicon().honorifics.iter().map(|h| format!("{h} ")))
                .ok()
        });
        let mut found = Vec::new();
        let lower = lowercase_words(text);
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
                    .take_while(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
                    .map(char::len_utf8)
                    .sum();
                if word_len == 0 || !text.orig_char_at(end).is_some_and(char::is_uppercase) {
                    break;
                }
                end += word_len;
                words += 1;
                // a middle initial: Terrence J. O'Shaughnessy, Harjit S. Sajjan
                if word_len == 1
                    && words > 1
                    && norm[end..].starts_with(". ")
                    && text.orig_char_at(end + 2).is_some_and(char::is_uppercase)
                {
                    end += 1;
                }
                let next_upper = norm[end..].starts_with(' ')
                    && text.orig_char_at(end + 1).is_some_and(char::is_uppercase);
                if words == 4 || !next_upper {
                    break;
                }
                end += 1;
            }
            // a rank before a body is not a person (General Assembly, Admiral … Command)
            let heads = &lexicon().org_heads_en;
            if norm[name_start..end].split(' ').any(|w| {
                heads.iter().any(|(h, _)| h == w)
                    || matches!(w, "assembly" | "staff" | "secretariat" | "headquarters")
            }) {
                continue;
            }
            // postnominals (The Hon Pat Conroy MP) and a headline's verb are not the name
            while words > 2 {
                let last_start = norm[..end].rfind(' ').map_or(name_start, |i| i + 1);
                let last = &norm[last_start..end];
                let original = text.slice(text.span_of(last_start, end));
                if !(POSTNOMINALS.contains(&original) || lower.contains(last)) {
                    break;
                }
                end = last_start - 1;
                words -= 1;
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
            self.mint_hit(
                hits,
                EntityType::Official,
                (start, end),
                Rule::PatternPerson,
                3,
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
            // エマニュエル・マクロン・フランス共和国大統領: a last segment that starts a state
            // is the state of the title, not part of the name
            let mut state = None;
            if let Some(dot) = norm[start..end].rfind('・') {
                let segment = start + dot + '・'.len_utf8();
                let k = hits.partition_point(|h| h.start < segment);
                if let Some(hit) = hits.get(k)
                    && hit.start == segment
                    && let Target::Entity(id) = &hit.target
                    && self.kind(id) == Some(EntityType::State)
                {
                    state = Some((id.clone(), hit.end));
                    end = start + dot;
                }
            }
            let name = &norm[start..end];
            if !name.contains('・') || name.ends_with('・') {
                continue;
            }
            // a title: kanji/katakana run after the name (and its state) containing a title word
            let after_name = state.as_ref().map_or(end, |(_, e)| *e);
            let title_end = norm[after_name..]
                .char_indices()
                .find(|(_, c)| !is_name_char(*c))
                .map_or(norm.len(), |(i, _)| after_name + i);
            let title = &norm[after_name..title_end];
            // …or the honorific 氏 (ピーター・ローゼンタール氏)
            let honorific = title.starts_with('氏') && state.is_none();
            if !honorific
                && (!title.chars().next().is_some_and(is_kanji)
                    || !lexicon()
                        .titles_ja
                        .iter()
                        .any(|w| title.contains(w.as_str())))
            {
                continue;
            }
            if !Self::free_sorted(hits, start, end)
                || urls.iter().any(|(s, e)| *s < end && start < *e)
            {
                continue;
            }
            candidates.push((start, end, state.map(|(id, _)| id)));
        }
        for (start, end, state) in candidates {
            let id = self.mint_hit(
                hits,
                EntityType::Official,
                (start, end),
                Rule::PatternPerson,
                3,
            );
            if let Some(state) = state {
                self.found.represents.push((id, state, end));
            }
        }
    }
}

/// `Minister for Foreign Affairs of Japan` as an office of `state`: the post's label without
/// its own state (`own`), then `of STATE`. None when the label does not end with its state's
/// name.
pub(super) fn office_in(
    gazetteer: &crate::gazetteer::Gazetteer,
    label: &str,
    own: &EntityId,
    state: &EntityId,
) -> Option<String> {
    let own = gazetteer.entities.get(own)?;
    let target = gazetteer.entities.get(state)?;
    let office = [" of the ", " of "]
        .iter()
        .find_map(|of| label.strip_suffix(&format!("{of}{}", own.label_en)))?;
    Some(format!("{office} of {}", target.label_en))
}

/// Letters after a name that are not part of it (The Hon Pat Conroy MP, Sir X KCMG).
const POSTNOMINALS: &[&str] = &[
    "MP", "MEP", "QC", "KC", "OBE", "MBE", "CBE", "CMG", "KCMG", "GCMG", "AO", "AC", "AM", "PSM",
    "PhD", "TD", "T.D.", "MLA", "MHA", "SC",
];

/// The ASCII words of a text written in lower case somewhere in it (`signed`, `joined`): a
/// capitalised one at the end of a name is a headline's word, not a name.
fn lowercase_words<'t>(text: &'t super::text::Text<'_>) -> std::collections::HashSet<&'t str> {
    let norm = text.norm.as_str();
    super::mentions::ascii_words(norm)
        .into_iter()
        .filter(|w| {
            text.orig_char_at(w.0)
                .is_some_and(|c| c.is_ascii_lowercase())
        })
        .map(|w| &norm[w.0..w.1])
        .collect()
}

fn hiragana_only(text: &str) -> bool {
    text.chars().all(is_hiragana)
}

/// A title word right after `at` (国家安全保障局|次長), possibly after more name chars.
pub(super) fn title_word_after(norm: &str, at: usize) -> Option<&'static str> {
    let rest = &norm[at..];
    lexicon()
        .titles_ja
        .iter()
        .filter(|w| rest.starts_with(w.as_str()))
        .max_by_key(|w| w.len())
        .map(String::as_str)
}

/// A title word ending a chain of unit names right after an organisation (外務省|総合外交政策局
/// サイバー安全保障政策室長): kanji, katakana, `・` and `ー` up to 40 chars, the last ones a
/// title word, followed by no further name char.
pub(super) fn title_after_units(norm: &str, at: usize) -> bool {
    let chain: usize = norm[at..]
        .chars()
        .take_while(|c| is_kanji(*c) || is_katakana(*c) || matches!(c, '・' | 'ー'))
        .take(40)
        .map(char::len_utf8)
        .sum();
    let chain = &norm[at..at + chain];
    // a unit word before the title (局, 課, 室, 部, 班, センター): a chain of units, not a
    // compound noun
    let has_unit = ['局', '課', '室', '部', '班']
        .iter()
        .any(|u| chain.contains(*u))
        || chain.contains("センター");
    has_unit
        && lexicon()
            .titles_ja
            .iter()
            .any(|w| chain.ends_with(w.as_str()) && chain.len() > w.len())
}

/// Capitalised words that are not personal names after a title.
pub(super) const NOT_NAME_EN: &[&str] = &[
    "of",
    "for",
    "and",
    "the",
    "on",
    "in",
    "to",
    "general",
    "state",
    "defense",
    "defence",
    "foreign",
    "affairs",
    "cyber",
    "policy",
    "issues",
    "security",
    "national",
    "international",
    "special",
    "representative",
    "extraordinary",
    "plenipotentiary",
    "cybersecurity",
    "japan",
    "japanese",
    "united",
    "states",
    "u.s.",
    "us",
    "uk",
    "u.k.",
];

impl MentionScan<'_, '_, '_> {
    /// `Ambassador Kazuhiko Koshikawa`, `Deputy Assistant Secretary Jane Roe`: a capitalised
    /// English title word (`titles.tsv`, en), possibly several, then two to four capitalised
    /// name words and no further capitalised word: a new person.
    pub(super) fn titled_people_en(&mut self, hits: &mut Vec<Hit>, urls: &[(usize, usize)]) {
        let text = self.text;
        let norm = text.norm.as_str();
        let words = text.ascii_words();
        let is_cap = |w: (usize, usize)| {
            text.orig_char_at(w.0)
                .is_some_and(|c| c.is_ascii_uppercase())
        };
        let word = |w: (usize, usize)| &norm[w.0..w.1];
        let is_title = |w: &str| lexicon().titles_en.iter().any(|t| t == w);
        let joined = |a: (usize, usize), b: (usize, usize)| norm.get(a.1..b.0) == Some(" ");
        let is_name_word = |w: (usize, usize)| {
            let lower = word(w);
            let original = text.slice(text.span_of(w.0, w.1));
            is_cap(w)
                && lower.len() >= 2
                && lower
                    .bytes()
                    .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'\'')
                && !original.bytes().skip(1).all(|b| b.is_ascii_uppercase())
                && !is_title(lower)
                && !NOT_NAME_EN.contains(&lower)
                && !lexicon().org_heads_en.iter().any(|(h, _)| h == lower)
        };
        let lower = lowercase_words(text);
        let mut found = Vec::new();
        let mut surnames = Vec::new();
        let mut i = 0;
        while i < words.len() {
            // a title word, or the last word of a known post (US Secretary of State John Roe)
            let post_end = hits
                .iter()
                .any(|h| h.end == words[i].1 && matches!(h.target, Target::Post(_)));
            if !is_cap(words[i]) || !(is_title(word(words[i])) || post_end) {
                i += 1;
                continue;
            }
            let mut k = i + 1;
            while k < words.len()
                && joined(words[k - 1], words[k])
                && is_cap(words[k])
                && is_title(word(words[k]))
            {
                k += 1;
            }
            // a longer title before the name (Ambassador for International Security Affairs
            // Moon Duk-ho): across capitalised title vocabulary and connectors, the name is the
            // last two or three name words of the run, followed by no capitalised word
            if k < words.len() && !is_name_word(words[k]) {
                let mut end = k;
                while end < words.len()
                    && end - k < 12
                    && joined(words[end - 1], words[end])
                    && (is_cap(words[end])
                        || matches!(word(words[end]), "for" | "of" | "and" | "the"))
                {
                    end += 1;
                }
                let mut start = end;
                while start > k && end - start < 3 && is_name_word(words[start - 1]) {
                    start -= 1;
                }
                // the words of known titles and bodies are not names (Technology, Affairs)
                while start < end && self.found.index.is_title_word(word(words[start])) {
                    start += 1;
                }
                if end - start >= 2 && start > k {
                    k = start;
                }
            }
            let mut m = k;
            while m < words.len()
                && m - k < 4
                && joined(words[m - 1], words[m])
                && is_name_word(words[m])
            {
                m += 1;
            }
            i = m.max(i + 1);
            if m < words.len() && joined(words[m - 1], words[m]) && is_cap(words[m]) {
                continue;
            }
            // `President Widodo`, `President Yoon`: one surname after a title names the one
            // known official with that first or last name
            if m - k == 1 {
                // family name last, or first (Yoon Suk Yeol)
                if let [person] = self.found.index.officials_named(word(words[k])) {
                    surnames.push((words[k].0, words[k].1, person.clone()));
                }
                continue;
            }
            // a headline's verb after the name (Foreign Minister Urmas Paet Signed …): a last
            // word written in lower case elsewhere in the text is not part of the name
            while m - k > 2 && lower.contains(word(words[m - 1])) {
                m -= 1;
            }
            if m - k < 2 {
                continue;
            }
            found.push((words[k].0, words[m - 1].1));
        }
        // `The Minister for Foreign Affairs, Simon Coveney T.D., today …`, `The Executive
        // Secretary of CICTE, Neil Klopfenstein, said`: a title run, a comma, two to four name
        // words and then a comma, a bracket, a full stop or a post-nominal
        let mut i = 0;
        while i < words.len() {
            if !is_cap(words[i]) || !is_title(word(words[i])) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < words.len()
                && j - i < 12
                && joined(words[j - 1], words[j])
                && (is_cap(words[j]) || matches!(word(words[j]), "for" | "of" | "and" | "the"))
            {
                j += 1;
            }
            i = j;
            if j >= words.len()
                || norm.get(words[j - 1].1..words[j].0) != Some(", ")
                || !is_cap(words[j - 1])
            {
                continue;
            }
            let mut m = j;
            while m < words.len()
                && m - j < 4
                && (m == j || joined(words[m - 1], words[m]))
                && is_name_word(words[m])
            {
                m += 1;
            }
            let after = &norm[words[m - 1].1..];
            let closed = after.is_empty()
                || after.starts_with([',', '.', ';'])
                || after.starts_with(" (")
                || POSTNOMINALS.iter().any(|p| {
                    after.strip_prefix(' ').is_some_and(|a| {
                        a.get(..p.len()).is_some_and(|w| w.eq_ignore_ascii_case(p))
                    })
                });
            if m - j >= 2 && closed && !lower.contains(word(words[m - 1])) {
                found.push((words[j].0, words[m - 1].1));
            }
        }
        for (start, end, id) in surnames {
            if Self::free(hits, start, end) {
                Self::place(
                    hits,
                    Hit {
                        start,
                        end,
                        target: Target::Entity(id),
                        rule: Rule::PatternPersonEn,
                        priority: 3,
                    },
                );
            }
        }
        for (start, end) in found {
            if !Self::free(hits, start, end) || urls.iter().any(|(s, e)| *s < end && start < *e) {
                continue;
            }
            self.mint_hit(
                hits,
                EntityType::Official,
                (start, end),
                Rule::PatternPersonEn,
                3,
            );
        }
    }
}
