//! Bytes → text: the encoding a page declares (BOM, `<meta charset>`, `http-equiv`), else
//! UTF-8, else whichever Japanese legacy encoding (EUC-JP, Shift_JIS) decodes without errors.

use encoding_rs::{EUC_JP, Encoding, SHIFT_JIS, UTF_8};

/// Decoded text and the name of the encoding it was in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub(crate) text: String,
    pub(crate) encoding: &'static str,
    /// True when some bytes were not valid in the chosen encoding (replaced by U+FFFD).
    pub(crate) lossy: bool,
}

/// Decode `bytes`; `html` enables the `<meta>` prescan.
pub(crate) fn decode(bytes: &[u8], html: bool) -> Decoded {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return with(encoding, &bytes[bom..]);
    }
    if html && let Some(encoding) = declared_charset(bytes) {
        // HTML: a page that says UTF-16 in a <meta> is read as UTF-8 (WHATWG encoding sniffing)
        let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            UTF_8
        } else {
            encoding
        };
        return with(encoding, bytes);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            encoding: UTF_8.name(),
            lossy: false,
        };
    }
    // Undeclared legacy Japanese: the candidate that decodes cleanly with the most kana.
    let best = [EUC_JP, SHIFT_JIS]
        .into_iter()
        .filter_map(|encoding| {
            encoding
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|text| (encoding, kana(&text), text.into_owned()))
        })
        .max_by_key(|(_, kana, _)| *kana);
    match best {
        Some((encoding, _, text)) => Decoded {
            text,
            encoding: encoding.name(),
            lossy: false,
        },
        None => with(UTF_8, bytes),
    }
}

fn with(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        lossy: had_errors,
    }
}

fn kana(text: &str) -> usize {
    text.chars()
        .filter(|c| matches!(c, '\u{3041}'..='\u{30ff}'))
        .count()
}

/// The `charset=` of a `<meta charset>` or `<meta http-equiv="Content-Type" content="…;
/// charset=…">` in the first 4 KiB (ASCII-compatible scan, as browsers do).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"charset") {
        let mut i = from + at + b"charset".len();
        from = i;
        // only inside a <meta ...> tag
        let tag_start = lower[..i].iter().rposition(|b| *b == b'<');
        let tag_end = lower[..i].iter().rposition(|b| *b == b'>');
        let in_meta = match (tag_start, tag_end) {
            (Some(s), Some(e)) => s > e && lower[s..].starts_with(b"<meta"),
            (Some(s), None) => lower[s..].starts_with(b"<meta"),
            _ => false,
        };
        if !in_meta {
            continue;
        }
        while i < lower.len() && lower[i].is_ascii_whitespace() {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < lower.len()
            && (lower[i].is_ascii_whitespace() || matches!(lower[i], b'"' | b'\''))
        {
            i += 1;
        }
        let end = lower[i..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
            .map_or(lower.len(), |n| i + n);
        if let Some(encoding) = Encoding::for_label(&lower[i..end]) {
            return Some(encoding);
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_and_sniffed_encodings() {
        let (sjis, _, _) = SHIFT_JIS.encode("<meta charset=\"Shift_JIS\"><p>外務省の発表</p>");
        let d = decode(&sjis, true);
        assert_eq!(d.encoding, "Shift_JIS");
        assert!(d.text.contains("外務省の発表"));
        let (euc, _, _) = EUC_JP.encode(
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=EUC-JP\"><p>サイバー</p>",
        );
        assert!(decode(&euc, true).text.contains("サイバー"));
        let (bare, _, _) = SHIFT_JIS.encode("日米サイバー対話の開催について");
        let d = decode(&bare, false);
        assert_eq!(d.text, "日米サイバー対話の開催について");
        let (bare, _, _) = EUC_JP.encode("日米サイバー対話の開催について");
        assert_eq!(decode(&bare, false).text, "日米サイバー対話の開催について");
        let bom = b"\xef\xbb\xbfplain";
        assert_eq!(decode(bom, false).text, "plain");
        // a charset outside a <meta> tag is not a declaration
        assert_eq!(decode(b"<p>charset=shift_jis</p>", true).encoding, "UTF-8");
    }
}
