//! Trigger words (`triggers.tsv`, `plan_words.tsv`): one automaton per extractor, matched
//! leftmost-longest on the normalised text; English words only at word boundaries.

use aho_corasick::{AhoCorasick, MatchKind};

use super::lexicon::{Trigger, lexicon};
use super::text::{Text, is_word};

/// The trigger automaton (built once per extractor).
#[derive(Debug)]
pub(crate) struct Triggers {
    automaton: Option<AhoCorasick>,
}

impl Triggers {
    pub(crate) fn new() -> Self {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(lexicon().triggers.iter().map(|(w, _)| w.as_str()))
            .ok();
        Self { automaton }
    }

    /// Triggers in the text: (start, end, trigger), ASCII ones at word boundaries.
    pub(super) fn find(&self, text: &Text<'_>) -> Vec<(usize, usize, Trigger)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        automaton
            .find_iter(text.norm.as_str())
            .filter(|m| {
                let word = &lexicon().triggers[m.pattern().as_usize()].0;
                !word.is_ascii()
                    || (!text.char_before(m.start()).is_some_and(is_word)
                        && !text.char_at(m.end()).is_some_and(is_word))
            })
            .map(|m| {
                (
                    m.start(),
                    m.end(),
                    lexicon().triggers[m.pattern().as_usize()].1,
                )
            })
            .collect()
    }
}

/// `会談を(7年ぶりに)行った`, `表敬を受けた`: a noun trigger made a verb by 行う/実施する/受ける
/// later in its clause.
pub(super) fn light_verb_after(after: &str) -> bool {
    let Some(rest) = after.strip_prefix('を') else {
        return false;
    };
    let clause: String = rest
        .chars()
        .take_while(|c| !matches!(c, '、' | '。' | ','))
        .take(12)
        .collect();
    ["行っ", "行い", "行う", "行わ", "実施", "開催", "受け"]
        .iter()
        .any(|w| clause.contains(w))
}
