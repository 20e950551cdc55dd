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
    let mut out = String::new();
    let mut blank = true;
    for line in raw.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    let text = out.trim_end().to_owned();
    if text.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return Err(Error::input(
            Location::file(path),
            "the PDF has no text layer (a scanned image?): run OCR on it first, or paste its text into a .txt file",
        ));
    }
    Ok(text + "\n")
}
