//! Extraction: text + gazetteer → mentions, events and relations, with provenance.
//!
//! Invariant: extraction never fails on text. Whatever it cannot parse becomes a
//! [`Diagnostic`]; only unreadable inputs are errors, and those are caught upstream in
//! [`crate::corpus`].

use crate::corpus::Document;
use crate::gazetteer::{AliasTarget, Gazetteer, normalize};
use crate::model::{Diagnostic, DocumentId, Entity, EntityId, Relation, Span};

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
    /// The rule that found it.
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
    /// Statements (participation, places, posts, ...).
    pub relations: Vec<Relation>,
    /// What could not be parsed or resolved.
    pub diagnostics: Vec<Diagnostic>,
}

/// Sentence boundaries: `[start, end)` char ranges. Splits after `。`, `！`, `？`, `.` + space
/// and at line breaks.
pub fn sentences(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        let end_here = matches!(c, '。' | '！' | '？' | '\n')
            || (c == '.' && chars.get(i + 1).is_some_and(|n| n.is_whitespace()));
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

/// Extract from one document.
pub fn extract(doc: &Document, gazetteer: &Gazetteer) -> Extraction {
    let mut extraction = Extraction {
        doc: Some(doc.meta.id.clone()),
        ..Extraction::default()
    };
    let chars: Vec<char> = doc.text.chars().collect();
    let max_alias = gazetteer
        .aliases
        .keys()
        .map(|a| a.chars().count())
        .max()
        .unwrap_or(0);
    for (sentence_index, sentence) in sentences(&doc.text).iter().enumerate() {
        let mut i = sentence.start;
        while i < sentence.end {
            let mut found = None;
            let limit = max_alias.min(sentence.end - i);
            for len in (1..=limit).rev() {
                let surface: String = chars[i..i + len].iter().collect();
                if let Some(AliasTarget::Entity(id)) = gazetteer.aliases.get(&normalize(&surface)) {
                    found = Some((id.clone(), surface, len));
                    break;
                }
            }
            match found {
                Some((entity, surface, len)) => {
                    extraction.mentions.push(Mention {
                        entity,
                        surface,
                        span: Span {
                            start: i,
                            end: i + len,
                        },
                        sentence: sentence_index,
                        rule: "alias".to_owned(),
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
    }
    extraction
}
