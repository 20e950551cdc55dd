//! Extraction: text + gazetteer → mentions, events and relations, with provenance.
//!
//! Invariant: extraction never fails on text. Whatever it cannot parse becomes a
//! [`Diagnostic`]; only unreadable inputs are errors, and those are caught upstream in
//! [`crate::corpus`].
//!
//! The pipeline for one document ([`Extractor::extract`]), one file per rule family:
//!
//! 1. `text.rs`: the whole text is normalised once (NFKC + ASCII lowercase, as
//!    [`crate::gazetteer::normalize`]) with a map back to original chars; URLs are located so
//!    that nothing is matched inside them.
//! 2. [`dates`]: Western, Japanese-era, relative and English dates with their precision.
//! 3. `mentions.rs`: gazetteer aliases (one Aho-Corasick automaton per gazetteer, built once by
//!    [`Extractor::new`]; longest match; ASCII aliases only at word boundaries) and
//!    multi-country abbreviations (日米, 日中韓); then the pattern rules that add provisional
//!    entities: `sessions.rs` (numbered sessions and their series), `documents.rs` (quoted
//!    document titles), `organisations.rs` (organisation names by head word, ja and en),
//!    `people.rs` (names next to titles, honorifics, who holds which post). What the rules look
//!    up per hit in the gazetteer (entity types, state-like entities, officials by name,
//!    tenures by person) is indexed once with the automaton (`index.rs`), never searched per
//!    occurrence.
//! 4. `triggers.rs` (trigger words), `events.rs` (events with the clause's date, place and
//!    participants), `relations.rs` (the other statements of a sentence), `assembly.rs`
//!    (mentions, provisional entities, statements with provenance).
//!
//! Word lists are data, not code: `data/lexicon/*.tsv`, compiled in (`lexicon.rs` documents
//! every file). Every rule is a [`Rule`]; provenance records its name (`extract:pattern-org`).
//! Every mention, event and relation carries its provenance: document, sentence index, char
//! span, rule and confidence. [`json`] renders an [`Extraction`] in the extraction format.

mod appositions;
mod assembly;
pub mod dates;
mod documents;
mod events;
mod index;
pub mod json;
mod lexicon;
mod mentions;
mod organisations;
mod people;
mod relations;
mod rule;
mod sessions;
mod text;
mod triggers;

use std::collections::BTreeMap;

use crate::corpus::Document;
use crate::gazetteer::Gazetteer;
use crate::model::{
    Diagnostic, DocumentId, Entity, EntityId, EventType, PartialDate, Relation, Span,
};

pub use dates::DateMention;
pub use mentions::StateAbbreviations;
pub use rule::Rule;

/// One occurrence of an entity in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The entity.
    pub entity: EntityId,
    /// The text as written.
    pub surface: String,
    /// Where, in chars.
    pub span: Span,
    /// 0-based sentence index.
    pub sentence: usize,
    /// The rule that found it (`alias`, `abbreviation`, `pattern-org`, `title-holder`, ...).
    pub rule: String,
}

/// An event found in a document, with what the extraction format needs to print it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractedEvent {
    /// The event node's id (also in [`Extraction::entities`]).
    pub id: EntityId,
    /// Kind of event.
    pub kind: EventType,
    /// English label.
    pub label_en: String,
    /// Start (or only) date.
    pub start: PartialDate,
    /// End of a multi-day event.
    pub end: Option<PartialDate>,
    /// Where it was held.
    pub place: Option<EntityId>,
    /// Who took part, in text order.
    pub participants: Vec<EntityId>,
    /// The series a numbered session belongs to.
    pub series: Option<EntityId>,
    /// The sentence, verbatim (without a leading bullet or paragraph number).
    pub evidence: String,
    /// 0-based sentence index.
    pub sentence: usize,
    /// Char span of the evidence.
    pub span: Span,
    /// The rule that made it (`extract:event-trigger`, `extract:session`...).
    pub rule: String,
}

/// What extraction found in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    /// The document.
    pub doc: Option<DocumentId>,
    /// Entity mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Entities found that are not in the gazetteer (provisional), and events.
    pub entities: Vec<Entity>,
    /// The events among [`Extraction::entities`], with participants and evidence.
    pub events: Vec<ExtractedEvent>,
    /// Statements (participation, places, posts, ...).
    pub relations: Vec<Relation>,
    /// Dates found, in text order.
    pub dates: Vec<DateMention>,
    /// What could not be parsed or resolved.
    pub diagnostics: Vec<Diagnostic>,
}

impl Extraction {
    /// The provisional (not yet curated) entities found, for curation.
    pub fn provisional(&self) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(|e| e.provisional)
    }
}

/// Sentence boundaries: `[start, end)` char ranges. Splits after `。`, `！`, `？`, at line
/// breaks, after `.` + space unless the word before is an abbreviation (`Mr.`, `U.S.`, a
/// single capital as in `John F. Kerry`) or the next word starts in lower case, and before
/// an entry of a chronology run together on one line (`…, 2013年,7月:…設置 2013年,8月:…`).
pub fn sentences(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans = Vec::new();
    let mut start = 0;
    // a full stop inside brackets (以下「政策会議」という。) does not end the sentence
    let mut depth = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            '\n' => depth = 0,
            _ => {}
        }
        if depth == 0 && i > start && is_chronology_entry(&chars, i) {
            let end = i;
            if chars[start..end].iter().any(|c| !c.is_whitespace()) {
                spans.push(Span { start, end });
            }
            start = end;
        }
        let end_here = c == '\n'
            || (depth == 0 && matches!(c, '。' | '！' | '？'))
            || (c == '.'
                && depth == 0
                && chars.get(i + 1).is_some_and(|n| n.is_whitespace())
                && !is_abbreviation(&chars, i));
        if end_here {
            if chars[start..=i].iter().any(|c| !c.is_whitespace()) {
                spans.push(Span { start, end: i + 1 });
            }
            start = i + 1;
        }
    }
    if start < chars.len() && chars[start..].iter().any(|c| !c.is_whitespace()) {
        spans.push(Span {
            start,
            end: chars.len(),
        });
    }
    spans
}

/// True when a chronology entry starts at `at`: after `,`, `、` or a space, a date
/// `YYYY年[,、]M月[D日]` followed by `:` or `：`.
fn is_chronology_entry(chars: &[char], at: usize) -> bool {
    let digit = |c: &char| c.is_ascii_digit() || ('０'..='９').contains(c);
    let spaced = at > 0 && chars[at - 1].is_whitespace();
    let before = chars[..at].iter().rev().find(|c| **c != ' ');
    if !spaced && !matches!(before, Some(',' | '、' | '，')) {
        return false;
    }
    let mut i = at;
    let run = |i: &mut usize, max: usize| {
        let from = *i;
        while *i < chars.len() && digit(&chars[*i]) && *i - from < max {
            *i += 1;
        }
        *i - from
    };
    if run(&mut i, 4) != 4 || chars.get(i) != Some(&'年') {
        return false;
    }
    i += 1;
    if matches!(chars.get(i), Some(',' | '、' | '，')) {
        i += 1;
    }
    while chars.get(i) == Some(&' ') {
        i += 1;
    }
    if run(&mut i, 2) == 0 || chars.get(i) != Some(&'月') {
        return false;
    }
    i += 1;
    let day_from = i;
    if run(&mut i, 2) > 0 {
        if chars.get(i) != Some(&'日') {
            i = day_from;
        } else {
            i += 1;
        }
    }
    matches!(chars.get(i), Some(':' | '：'))
}

/// True when the `.` at `dot` closes an abbreviation rather than a sentence.
fn is_abbreviation(chars: &[char], dot: usize) -> bool {
    let word_start = chars[..dot]
        .iter()
        .rposition(|c| !(c.is_ascii_alphanumeric() || *c == '.'))
        .map_or(0, |p| p + 1);
    let word: String = chars[word_start..dot]
        .iter()
        .map(char::to_ascii_lowercase)
        .collect();
    if word.is_empty() {
        return false;
    }
    let next = chars[dot + 1..].iter().find(|c| !c.is_whitespace());
    if next.is_some_and(|c| c.is_ascii_lowercase()) {
        return true;
    }
    word.contains('.')
        || (word.len() == 1 && chars[dot - 1].is_ascii_uppercase())
        || lexicon::lexicon().sentence_abbreviations.contains(&word)
}

/// Normalised byte ranges of URLs (`http://…`, `https://…`, `www.…`) up to the next space or
/// non-URL char: nothing is matched inside them.
pub(crate) fn find_urls(text: &text::Text<'_>) -> Vec<(usize, usize)> {
    let norm = text.norm.as_str();
    let bytes = norm.as_bytes();
    let mut urls = Vec::new();
    let patterns = ["http://", "https://", "www."];
    // the next occurrence of each pattern, searched again only once passed
    let mut next: Vec<Option<usize>> = patterns.iter().map(|p| norm.find(p)).collect();
    let mut from = 0;
    loop {
        for (slot, pattern) in next.iter_mut().zip(patterns) {
            if slot.is_some_and(|at| at < from) {
                *slot = norm[from..].find(pattern).map(|i| from + i);
            }
        }
        let Some(found) = next.iter().flatten().min().copied() else {
            break;
        };
        let mut end = found;
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric()
                || b"-._~:/?#[]@!$&'()*+,;=%".contains(&bytes[end]))
        {
            end += 1;
        }
        let end = end.max(found + 1);
        urls.push((found, end));
        from = end;
    }
    urls
}

/// The extractor for one gazetteer: the alias automaton and lookup tables are built once and
/// reused for every document (build it once, not per document).
#[derive(Debug)]
pub struct Extractor<'g> {
    gazetteer: &'g Gazetteer,
    matcher: mentions::Matcher,
    triggers: triggers::Triggers,
}

impl<'g> Extractor<'g> {
    /// Build the matchers for `gazetteer`.
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Self {
            gazetteer,
            matcher: mentions::Matcher::new(gazetteer),
            triggers: triggers::Triggers::new(),
        }
    }

    /// The gazetteer this extractor was built for.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    /// Extract from one document. Never fails: problems become diagnostics.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let text = text::Text::new(&doc.text);
        let urls = find_urls(&text);
        let doc_id = doc.meta.id.as_str();
        let mut diagnostics = Vec::new();
        let dates = dates::find_dates(&text, doc.meta.date, &urls, doc_id, &mut diagnostics);
        let sentence_spans = sentences(&doc.text);
        let sentence_bytes: Vec<(usize, usize)> = sentence_spans
            .iter()
            .map(|s| {
                (
                    text.norm_byte_of_orig(s.start),
                    text.norm_byte_of_orig(s.end),
                )
            })
            .collect();
        let found = self.matcher.find(
            &text,
            &urls,
            &sentence_bytes,
            &dates,
            doc.meta.date,
            self.gazetteer,
            &mut diagnostics,
            doc_id,
        );
        let mut extraction = assembly::assemble(
            &text,
            doc,
            self.gazetteer,
            &sentence_spans,
            &sentence_bytes,
            &dates,
            found,
            &self.matcher,
            &self.triggers,
            &mut diagnostics,
        );
        extraction.dates = dates;
        diagnostics.sort();
        diagnostics.dedup();
        extraction.diagnostics = diagnostics;
        extraction
    }
}

/// Extract from one document, building the matchers for this call only. Prefer
/// [`Extractor::new`] + [`Extractor::extract`] for more than one document.
pub fn extract(doc: &Document, gazetteer: &Gazetteer) -> Extraction {
    Extractor::new(gazetteer).extract(doc)
}

/// True when an extracted event and a curated/gold event are the same happening: same
/// document is assumed; the start dates are equal and they share at least one participant.
/// (The rule `eval` uses for events, and `build` to let curated events replace extracted ones.)
pub fn same_event(
    start_a: PartialDate,
    participants_a: &[EntityId],
    start_b: PartialDate,
    participants_b: &[EntityId],
) -> bool {
    start_a == start_b && participants_a.iter().any(|p| participants_b.contains(p))
}

/// Group provisional entities across extractions by id (the same new name in two documents
/// is one entity), for a curation list.
pub fn provisional_entities<'a>(
    extractions: impl IntoIterator<Item = &'a Extraction>,
) -> BTreeMap<EntityId, (&'a Entity, usize)> {
    let mut out: BTreeMap<EntityId, (&Entity, usize)> = BTreeMap::new();
    for extraction in extractions {
        for entity in extraction.provisional() {
            out.entry(entity.id.clone())
                .and_modify(|(_, n)| *n += 1)
                .or_insert((entity, 1));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_chronology_entries_run_together() {
        let text = "資料13 取組, 2012年,4月:日米首脳会談において強化, 2013年,7月:協議会を設置 2014年3月:発足";
        let spans = sentences(text);
        let parts: Vec<String> = spans
            .iter()
            .map(|s| text.chars().skip(s.start).take(s.end - s.start).collect())
            .collect();
        assert_eq!(
            parts,
            [
                "資料13 取組, ",
                "2012年,4月:日米首脳会談において強化, ",
                "2013年,7月:協議会を設置 ",
                "2014年3月:発足"
            ]
        );
        // a date in running text is not an entry
        assert_eq!(sentences("会合は, 2013年7月に開催された。").len(), 1);
    }

    #[test]
    fn sentences_split_japanese_and_english() {
        let text = "一文目。二文目!\nMr. Painter met Japan's U.S. counterpart. He agreed. John F. Kerry said so. Next one, e.g. this.";
        let spans = sentences(text);
        let got: Vec<String> = spans
            .iter()
            .map(|s| text.chars().skip(s.start).take(s.end - s.start).collect())
            .collect();
        assert_eq!(
            got,
            [
                "一文目。",
                "二文目!\n",
                "Mr. Painter met Japan's U.S. counterpart.",
                " He agreed.",
                " John F. Kerry said so.",
                " Next one, e.g. this."
            ]
        );
    }

    #[test]
    fn urls_are_found() {
        let text = text::Text::new(
            "see http://www.guardian.co.uk/politics/x and www.mofa.go.jp/a.html end",
        );
        let urls = find_urls(&text);
        let got: Vec<&str> = urls.iter().map(|(s, e)| &text.norm[*s..*e]).collect();
        assert_eq!(
            got,
            [
                "http://www.guardian.co.uk/politics/x",
                "www.mofa.go.jp/a.html"
            ]
        );
    }
}
