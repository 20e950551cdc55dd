//! Documents named by their titles: a title in quotation marks (「…」, 『…』, “…”, "…") that
//! ends in a document head word (Japanese) or is in title case with a head word (English) is a
//! Document (`document_heads.tsv`: 戦略, 声明, 宣言, Strategy, Statement, …).
//!
//! A title that contains a mention already found (a gazetteer alias, 日米…) is left alone: hits
//! never overlap, and the inner mentions name participants.

use crate::model::EntityType;

use super::lexicon::lexicon;
use super::mentions::{Hit, MentionScan};
use super::rule::Rule;

/// Quotation marks: (open, close).
const QUOTES: &[(char, char)] = &[('「', '」'), ('『', '』'), ('“', '”'), ('"', '"')];

/// The longest title taken, in chars (longer quotes are passages, not titles).
const MAX_TITLE_CHARS: usize = 60;

impl MentionScan<'_, '_, '_> {
    /// Quoted document titles ending in a document head word.
    pub(super) fn documents(&mut self, hits: &mut Vec<Hit>, urls: &[(usize, usize)]) {
        let text = self.text;
        let norm = text.norm.as_str();
        let mut found = Vec::new();
        for &(open, close) in QUOTES {
            let mut from = 0;
            while let Some(i) = norm[from..].find(open) {
                let start = from + i + open.len_utf8();
                let Some(j) = norm[start..].find(close) else {
                    break;
                };
                let end = start + j;
                from = end + close.len_utf8();
                let title = &norm[start..end];
                if title.trim() != title
                    || title.is_empty()
                    || title.chars().count() > MAX_TITLE_CHARS
                    || title.contains(['\n', '「', '」', '。'])
                {
                    continue;
                }
                if is_document_title(title, |at| text.orig_char_at(start + at)) {
                    found.push((start, end));
                }
            }
        }
        found.sort_unstable();
        for (start, end) in found {
            if !Self::free(hits, start, end) || urls.iter().any(|(s, e)| *s < end && start < *e) {
                continue;
            }
            self.mint_hit(
                hits,
                EntityType::Document,
                (start, end),
                Rule::PatternDocument,
                3,
            );
        }
    }
}

/// True for a document title: Japanese ending in a head word with at least two chars before
/// it; English in title case, of at least two words, one of them a head word (`orig_char_at` gives the original
/// char at a byte offset of the title).
fn is_document_title(title: &str, orig_char_at: impl Fn(usize) -> Option<char>) -> bool {
    if title.is_ascii() {
        // title case: every word longer than three letters capitalised, one of them a head
        let mut words = Vec::new();
        let mut at = 0;
        for word in title.split([' ', '-']) {
            if !word.is_empty() {
                words.push((at, word.trim_end_matches(['.', ','])));
            }
            at += word.len() + 1;
        }
        words.len() >= 2
            && words
                .iter()
                .any(|(_, w)| lexicon().document_heads_en.iter().any(|h| h == w))
            && words
                .iter()
                .all(|(at, w)| w.len() <= 3 || orig_char_at(*at).is_some_and(char::is_uppercase))
            && orig_char_at(0).is_some_and(char::is_uppercase)
    } else {
        lexicon().document_heads_ja.iter().any(|head| {
            title
                .strip_suffix(head.as_str())
                .is_some_and(|before| before.chars().count() >= 2)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_end_in_head_words() {
        let upper = |_| Some('I');
        assert!(is_document_title("サイバーセキュリティ戦略", upper));
        assert!(is_document_title(
            "international strategy for cyberspace",
            upper
        ));
        assert!(!is_document_title("戦略", upper));
        assert!(!is_document_title("strategy", upper));
        assert!(!is_document_title("a new plan", |_| Some('a')));
        assert!(!is_document_title("the plan was agreed", |at| {
            Some(if at == 0 { 'T' } else { 'p' })
        }));
        assert!(!is_document_title("サイバー空間の安定", upper));
    }
}
