//! What the GraphML and GEXF writers share: escaping that survives every XML parser, and a
//! thin layer over quick-xml's writer that takes already-escaped attribute values.
//!
//! Escaping rules (XML 1.0 §2.11, §3.3.3): `&`, `<`, `>` always, `"` in attribute values;
//! carriage returns as `&#13;` (end-of-line handling would turn a raw one into a line feed);
//! in attribute values also tab and line feed as `&#9;` / `&#10;` (attribute-value
//! normalisation would turn raw ones into spaces). Characters XML 1.0 cannot carry at all
//! (C0 controls other than tab, LF and CR; U+FFFE; U+FFFF) are replaced by U+FFFD.

use std::borrow::Cow;
use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::error::{Error, Result};

/// True for bytes that may need escaping (`"` and tab/LF only matter in attributes).
fn special(byte: u8, attribute: bool) -> bool {
    match byte {
        b'&' | b'<' | b'>' | b'\r' => true,
        b'"' | b'\t' | b'\n' => attribute,
        0xEF => true, // may start U+FFFE or U+FFFF
        _ => byte < 0x20,
    }
}

/// Escape `text` for element content (`attribute = false`) or a double-quoted attribute value.
pub(crate) fn escape(text: &str, attribute: bool) -> Cow<'_, str> {
    let Some(first) = text.bytes().position(|b| special(b, attribute)) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' | '\n' | '"' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn io_error(e: std::io::Error) -> Error {
    Error::export(format!("write failed: {e}")).caused_by(e)
}

/// An indented XML document being written.
///
/// Structure (declaration, start and end tags) goes through quick-xml's writer; the many
/// leaf elements (`<data>`, `<attvalue>`) are written straight into its output with the same
/// indentation, which avoids one allocation per element (quick-xml starts a line before every
/// tag that follows a tag, so the two interleave correctly).
pub(crate) struct XmlWriter<W: Write> {
    writer: Writer<W>,
    depth: usize,
    scratch: Vec<u8>,
}

impl<W: Write> XmlWriter<W> {
    /// Start a document with the XML declaration.
    pub(crate) fn new(out: W) -> Result<Self> {
        let mut writer = Writer::new_with_indent(out, b' ', 2);
        writer
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .map_err(io_error)?;
        Ok(Self {
            writer,
            depth: 0,
            scratch: Vec::with_capacity(256),
        })
    }

    fn tag<'a>(name: &'a str, attributes: &'a [(&'a str, &'a str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (key, value) in attributes {
            let value = escape(value, true);
            start.push_attribute(Attribute {
                key: quick_xml::name::QName(key.as_bytes()),
                value: match value {
                    Cow::Borrowed(v) => Cow::Borrowed(v.as_bytes()),
                    Cow::Owned(v) => Cow::Owned(v.into_bytes()),
                },
            });
        }
        start
    }

    /// `<name a="v" …>`.
    pub(crate) fn start(&mut self, name: &str, attributes: &[(&str, &str)]) -> Result<()> {
        self.depth += 1;
        self.writer
            .write_event(Event::Start(Self::tag(name, attributes)))
            .map_err(io_error)
    }

    fn leaf_start(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let out = &mut self.scratch;
        out.clear();
        out.push(b'\n');
        out.resize(1 + 2 * self.depth, b' ');
        out.push(b'<');
        out.extend_from_slice(name.as_bytes());
        for (key, value) in attributes {
            out.push(b' ');
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"=\"");
            out.extend_from_slice(escape(value, true).as_bytes());
            out.push(b'"');
        }
    }

    /// `<name a="v" …>text</name>` on a line of its own, written directly.
    pub(crate) fn leaf_text(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        text: &str,
    ) -> Result<()> {
        self.leaf_start(name, attributes);
        let out = &mut self.scratch;
        out.push(b'>');
        out.extend_from_slice(escape(text, false).as_bytes());
        out.extend_from_slice(b"</");
        out.extend_from_slice(name.as_bytes());
        out.push(b'>');
        self.write_scratch()
    }

    /// `<name a="v" …>` on a line of its own, written directly: the elements inside must be
    /// written directly too, up to the matching [`XmlWriter::raw_end`].
    pub(crate) fn raw_start(&mut self, name: &str, attributes: &[(&str, &str)]) -> Result<()> {
        self.leaf_start(name, attributes);
        self.scratch.push(b'>');
        self.depth += 1;
        self.write_scratch()
    }

    /// `</name>` on a line of its own, closing a [`XmlWriter::raw_start`].
    pub(crate) fn raw_end(&mut self, name: &str) -> Result<()> {
        self.depth = self.depth.saturating_sub(1);
        let out = &mut self.scratch;
        out.clear();
        out.push(b'\n');
        out.resize(1 + 2 * self.depth, b' ');
        out.extend_from_slice(b"</");
        out.extend_from_slice(name.as_bytes());
        out.push(b'>');
        self.write_scratch()
    }

    /// Write the scratch buffer (an element built by [`XmlWriter::leaf_start`] and its callers)
    /// straight to the output.
    fn write_scratch(&mut self) -> Result<()> {
        self.writer
            .get_mut()
            .write_all(&self.scratch)
            .map_err(io_error)
    }

    /// `<name a="v" …/>` on a line of its own, written directly.
    pub(crate) fn leaf_empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> Result<()> {
        self.leaf_start(name, attributes);
        self.scratch.extend_from_slice(b"/>");
        self.write_scratch()
    }

    /// `<name a="v" …/>`.
    pub(crate) fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> Result<()> {
        self.writer
            .write_event(Event::Empty(Self::tag(name, attributes)))
            .map_err(io_error)
    }

    /// `</name>`.
    pub(crate) fn end(&mut self, name: &str) -> Result<()> {
        self.depth = self.depth.saturating_sub(1);
        self.writer
            .write_event(Event::End(BytesEnd::new(name)))
            .map_err(io_error)
    }

    /// `<name a="v" …>text</name>` on one line.
    pub(crate) fn text_element(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        text: &str,
    ) -> Result<()> {
        self.start(name, attributes)?;
        self.writer
            .write_event(Event::Text(BytesText::from_escaped(escape(text, false))))
            .map_err(io_error)?;
        self.end(name)
    }

    /// End the document with a newline and flush.
    pub(crate) fn finish(self) -> Result<()> {
        let mut out = self.writer.into_inner();
        out.write_all(b"\n").map_err(io_error)?;
        out.flush().map_err(io_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_whitespace_that_parsers_would_normalise() {
        assert_eq!(escape("plain 日本", true), "plain 日本");
        assert_eq!(
            escape("a&b<c>\"d'\n\t\r", true),
            "a&amp;b&lt;c&gt;&quot;d'&#10;&#9;&#13;"
        );
        assert_eq!(
            escape("a&b<c>\"d'\n\t\r", false),
            "a&amp;b&lt;c&gt;\"d'\n\t&#13;"
        );
    }

    #[test]
    fn replaces_characters_xml_cannot_carry() {
        assert_eq!(
            escape("a\u{1}b\u{ffff}c\u{fffe}\u{fffd}", false),
            "a\u{fffd}b\u{fffd}c\u{fffd}\u{fffd}"
        );
        assert_eq!(escape("\u{ef}\u{fef}", true), "\u{ef}\u{fef}");
    }
}
