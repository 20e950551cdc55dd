//! Text measured in display columns, for plain-text tables and picture labels.
//!
//! A terminal (and, roughly, a proportional font) gives a Japanese character the room of two
//! Latin letters, and a combining mark none: padding by `char` count or bytes misaligns every
//! column after a Japanese label. [`columns`] is the display width from the `unicode-width`
//! crate (East Asian Width, zero-width marks), which [`pad`] and [`shorten`] use.

use unicode_width::UnicodeWidthChar as _;

/// The display width of `text` in terminal columns (Japanese characters count two).
///
/// ```
/// assert_eq!(diplograph::text::columns("日本"), 4);
/// assert_eq!(diplograph::text::columns("Japan"), 5);
/// ```
pub fn columns(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `text` followed by spaces up to `width` columns (unchanged when it is as wide or wider).
///
/// ```
/// assert_eq!(diplograph::text::pad("日本", 6), "日本  ");
/// ```
pub fn pad(text: &str, width: usize) -> String {
    let mut out = text.to_owned();
    out.push_str(&" ".repeat(width.saturating_sub(columns(text))));
    out
}

/// `text` on one line (line breaks and tabs become spaces) and at most `max` columns wide,
/// ending in `…` when shortened.
///
/// ```
/// assert_eq!(diplograph::text::shorten("日米サイバー対話", 9), "日米サイ…");
/// ```
pub fn shorten(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if columns(&flat) <= max {
        return flat;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in flat.chars() {
        let width = c.width().unwrap_or(0);
        if used + width + 1 > max {
            break;
        }
        out.push(c);
        used += width;
    }
    let mut out = out.trim_end().to_owned();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_east_asian_width() {
        assert_eq!(columns("日米サイバー対話"), 16);
        // half-width katakana and combining marks
        assert_eq!(columns("ｻｲﾊﾞｰ"), 5);
        assert_eq!(columns("e\u{301}"), 1);
        assert_eq!(columns("Ｊａｐａｎ"), 10);
        assert_eq!(pad("ｻｲﾊﾞｰ", 6), "ｻｲﾊﾞｰ ");
        assert_eq!(pad("too wide", 3), "too wide");
    }

    #[test]
    fn shortened_text_fits() {
        let ja = "日米サイバー防衛政策ワーキンググループ";
        for max in 2..40 {
            let short = shorten(ja, max);
            assert!(columns(&short) <= max, "{max}: {short}");
        }
        assert_eq!(shorten(ja, 10), "日米サイ…");
        assert_eq!(shorten("Japan", 10), "Japan");
        assert_eq!(shorten("a\nb", 10), "a b");
    }
}
