//! PDF → text with `pdf-extract` (pure Rust, on `lopdf`): fonts with a `ToUnicode` map
//! (embedded TrueType/CID fonts, what office suites and most publishers write) round-trip;
//! PDFs that use a predefined CJK CMap without `ToUnicode`, or are scanned images, do not.

use std::path::Path;

use crate::error::{Error, Location, Result};

/// The text of a PDF, lines trimmed, runs of blank lines collapsed to one.
pub(crate) fn text(bytes: &[u8], path: &Path) -> Result<String> {
    // pdf-extract panics on some unsupported fonts and encodings instead of returning an error
    let extracted = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    let raw = match extracted {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => {
            return Err(Error::input(
                Location::file(path),
                format!("cannot read the PDF: {e}"),
            ));
        }
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "unsupported content".to_owned());
            return Err(Error::input(
                Location::file(path),
                format!(
                    "cannot read the PDF's text ({why}): save it again as PDF with embedded fonts, or paste its text into a .txt file"
                ),
            ));
        }
    };
    let text = unwrap_lines(&raw);
    if text.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return Err(Error::input(
            Location::file(path),
            "the PDF has no text layer (a scanned image?): run OCR on it first, or paste its text into a .txt file",
        ));
    }
    Ok(text + "\n")
}

/// Display width: full-width (CJK) characters count two.
fn width(line: &str) -> usize {
    line.chars()
        .map(|c| if u32::from(c) >= 0x1100 { 2 } else { 1 })
        .sum()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// The text's lines, trimmed, without blank lines, with lines that a PDF broke inside a
/// sentence joined again (the sentence splitter treats a line break as a sentence end): a
/// line at least nine tenths as wide as the widest line and not ending a sentence is joined
/// to the next, without a space between CJK characters and with one otherwise.
fn unwrap_lines(raw: &str) -> String {
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let widest = lines.iter().map(|l| width(l)).max().unwrap_or(0);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        let Some(next) = lines.get(i + 1) else {
            break;
        };
        let last = line.chars().last().unwrap_or(' ');
        let ends_sentence = matches!(
            last,
            '。' | '．' | '.' | '!' | '?' | '！' | '？' | ':' | '：' | '」' | '）' | ')'
        );
        if width(line) * 10 >= widest * 9 && !ends_sentence && lines.len() > 2 {
            let first = next.chars().next().unwrap_or(' ');
            if !(is_cjk(last) && is_cjk(first)) {
                if last == '-' && first.is_lowercase() {
                    out.pop();
                } else {
                    out.push(' ');
                }
            }
        } else {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_lines_are_joined() {
        let raw = "\n\nTitle\n\nThe first sentence of a paragraph is long and\n\nit ends here.\n\nA short line\n";
        assert_eq!(
            unwrap_lines(raw),
            "Title\nThe first sentence of a paragraph is long and it ends here.\nA short line"
        );
        let ja = "日米協議の開催\n1 令和5年9月14日、ワシントンD.C.において、日米サイバー防衛政策\nワーキンググループ第8回会合が開催されました。\n";
        assert_eq!(
            unwrap_lines(ja),
            "日米協議の開催\n1 令和5年9月14日、ワシントンD.C.において、日米サイバー防衛政策ワーキンググループ第8回会合が開催されました。"
        );
    }
}
