//! The text once normalised for matching, with a map back to the original characters.
//!
//! Normalisation is the gazetteer's ([`crate::gazetteer::normalize`]: NFKC plus ASCII lowercase)
//! applied once to the whole document, so that alias matching, date parsing and patterns all
//! work on one string without allocating per position. Every normalised char remembers the
//! original char it came from, so spans and surfaces are always reported on the original text.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::compose;

use crate::model::Span;

/// A document's text, normalised, with offset maps.
#[derive(Debug, Clone)]
pub(crate) struct Text<'a> {
    /// The original text.
    pub(crate) original: &'a str,
    /// Byte offset of every original char, plus one entry for the end.
    orig_bytes: Vec<u32>,
    /// The normalised text.
    pub(crate) norm: String,
    /// For every byte of `norm` (continuation bytes included), the original char index.
    norm_to_orig: Vec<u32>,
    /// [`super::mentions::ascii_words`] of `norm`, found once for every rule that walks them.
    ascii_words: std::cell::OnceCell<Vec<(usize, usize)>>,
}

/// True for chars whose NFKC form is themselves and that ASCII lowercasing leaves alone: the
/// bulk of Japanese text, so the common path never calls the normaliser.
fn is_stable(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{3096}'   // hiragana letters
        | '\u{30A1}'..='\u{30FA}' // katakana letters
        | '\u{30FC}'              // prolonged sound mark
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{3001}'..='\u{3002}' // 、。
        | '\u{300C}'..='\u{300F}' // 「」『』
        | '\u{30FB}'              // ・
        | '\u{3005}'              // 々
    )
}

impl<'a> Text<'a> {
    /// Normalise `original`.
    pub(crate) fn new(original: &'a str) -> Self {
        let mut text = Self {
            original,
            orig_bytes: Vec::with_capacity(original.len() / 2 + 1),
            norm: String::with_capacity(original.len()),
            norm_to_orig: Vec::with_capacity(original.len() + 1),
            ascii_words: std::cell::OnceCell::new(),
        };
        for (index, (byte, c)) in original.char_indices().enumerate() {
            text.orig_bytes.push(byte as u32);
            let index = index as u32;
            if c.is_ascii() {
                text.norm.push(c.to_ascii_lowercase());
                text.norm_to_orig.push(index);
            } else if is_stable(c) {
                text.push(c, index);
            } else {
                for n in std::iter::once(c).nfkc() {
                    let n = n.to_ascii_lowercase();
                    // Half-width voiced marks decompose to combining marks: compose them with
                    // the previous char as whole-string NFKC would (ｶﾞ → ガ).
                    if matches!(n, '\u{3099}' | '\u{309A}')
                        && let Some(previous) = text.norm.chars().next_back()
                        && let Some(composed) = compose(previous, n)
                    {
                        let start = text.norm.len() - previous.len_utf8();
                        let keep = text.norm_to_orig[start];
                        text.norm.truncate(start);
                        text.norm_to_orig.truncate(start);
                        text.push(composed, keep);
                        continue;
                    }
                    text.push(n, index);
                }
            }
        }
        text.orig_bytes.push(original.len() as u32);
        text.norm_to_orig.push(text.orig_bytes.len() as u32 - 1);
        text
    }

    fn push(&mut self, c: char, orig_index: u32) {
        self.norm.push(c);
        self.norm_to_orig
            .extend_from_slice(&[orig_index; 4][..c.len_utf8()]);
    }

    /// The English words of the normalised text ([`super::mentions::ascii_words`]), found on
    /// the first call.
    pub(crate) fn ascii_words(&self) -> &[(usize, usize)] {
        self.ascii_words
            .get_or_init(|| super::mentions::ascii_words(&self.norm))
    }

    /// Number of original chars.
    pub(crate) fn len_chars(&self) -> usize {
        self.orig_bytes.len() - 1
    }

    /// The original char span of the normalised byte range `[start, end)`.
    pub(crate) fn span_of(&self, start: usize, end: usize) -> Span {
        let first = self.norm_to_orig[start.min(self.norm.len())] as usize;
        let last = if end == 0 || end <= start {
            first
        } else {
            self.norm_to_orig[end - 1] as usize + 1
        };
        Span {
            start: first,
            end: last.max(first),
        }
    }

    /// The original text of a char span.
    pub(crate) fn slice(&self, span: Span) -> &'a str {
        let end = span.end.min(self.len_chars());
        let start = span.start.min(end);
        &self.original[self.orig_bytes[start] as usize..self.orig_bytes[end] as usize]
    }

    /// The normalised byte offset where original char `index` starts (or the end).
    pub(crate) fn norm_byte_of_orig(&self, index: usize) -> usize {
        // norm_to_orig is non-decreasing: binary search for the first byte mapping to `index`.
        self.norm_to_orig.partition_point(|&o| (o as usize) < index)
    }

    /// The original char that the normalised byte offset `byte` comes from.
    pub(crate) fn orig_char_at(&self, byte: usize) -> Option<char> {
        let index = *self.norm_to_orig.get(byte)? as usize;
        let from = *self.orig_bytes.get(index)? as usize;
        self.original.get(from..)?.chars().next()
    }

    /// The normalised char before byte offset `byte`.
    pub(crate) fn char_before(&self, byte: usize) -> Option<char> {
        self.norm.get(..byte)?.chars().next_back()
    }

    /// The normalised char at byte offset `byte`.
    pub(crate) fn char_at(&self, byte: usize) -> Option<char> {
        self.norm.get(byte..)?.chars().next()
    }
}

/// Character classes used by the patterns.
pub(crate) fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '々')
}

/// Katakana letters plus the prolonged sound mark (not the middle dot).
pub(crate) fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '\u{31F0}'..='\u{31FF}')
}

/// Hiragana letters.
pub(crate) fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}')
}

/// ASCII letters, digits and `_`: what counts as "inside a word" for ASCII aliases.
pub(crate) fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::normalize;

    #[test]
    fn normalises_like_the_gazetteer_and_maps_back() {
        for sample in [
            "ＣＤＰＷＧ（日米）",
            "ｶﾞｲﾄﾞﾗｲﾝ",
            "㈱情報通信総合研究所",
            "２０１３年１０月３日",
            "plain ASCII Text",
            "",
        ] {
            let text = Text::new(sample);
            assert_eq!(text.norm, normalize(sample), "{sample}");
            let whole = text.span_of(0, text.norm.len());
            assert_eq!(text.slice(whole), sample);
        }
        let text = Text::new("ＣＤＰＷＧ（日米）");
        let at = text.norm.find("日米").unwrap();
        let span = text.span_of(at, at + "日米".len());
        assert_eq!(text.slice(span), "日米");
        assert_eq!(span, Span { start: 6, end: 8 });
        assert_eq!(text.norm_byte_of_orig(6), at);
    }
}
