//! The quads of a graph as ids into one table of their terms ([`QuadTable`]): what `build`
//! makes once and writes the store and every RDF export from.
//!
//! A quad is four `u32` ids (16 bytes: graph, subject, predicate, object) into a table holding
//! each distinct term once, as its N-Triples text (`<iri>`, `_:id`, `"value"`, `"value"@lang`,
//! `"value"^^<datatype>`; the default graph as `DEFAULT`, which is how oxigraph displays it and
//! no term's text can be). The ids are the terms' ranks in the order of those texts, so sorting
//! quads by their ids sorts them by the text of their terms: the order the store's snapshot and
//! the exports are written in. A line of N-Quads or N-Triples is the terms' texts joined (what
//! oxigraph's serializers write, byte for byte: they print terms the same way); the other formats
//! parse each term back ([`TermText`], borrowed from the table) for oxigraph's serializers.
//!
//! Before (issue 17, item 3) the quads were a `Vec<oxigraph::model::Quad>`: four heap strings per
//! quad, about 590 bytes a quad at the peak of a build (6.8 GiB at 10M quads), plus the hash maps
//! and term texts that sorting them took.
//!
//! A table is made in parts, in parallel ([`Part`]: terms written straight into one text buffer
//! per part, made unique within the part by a hash of their text), then merged: every part's
//! terms sorted by text (equal texts become one id), the parts' quads renumbered and sorted.
//! The result depends only on the set of quads, not on how they were cut into parts.

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::io::{self, Write};

use oxigraph::model::{
    BlankNodeRef, GraphNameRef, LiteralRef, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef,
    TermRef,
};
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};

/// The text of the default graph in a [`QuadTable`] (oxigraph's `Display` of it).
pub const DEFAULT_GRAPH: &str = "DEFAULT";

/// Quads as term ids, sorted and distinct, with their terms (see the module docs).
///
/// The quads are in the store's order: by graph, subject, predicate IRI, object, each compared
/// by its N-Triples text except the predicate, compared by its IRI (the two differ when an IRI
/// is another followed by a character below `>`, such as `-`, `.` or a digit).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuadTable {
    /// Every distinct term's N-Triples text, in sorted order, one after the other.
    text: String,
    /// Where each term's text ends in `text` (term `i` starts where term `i - 1` ends).
    ends: Vec<usize>,
    /// `[graph, subject, predicate, object]`, sorted, distinct.
    quads: Vec<[u32; 4]>,
    /// True when the predicates' IRI order is also their N-Triples order, so the quads are in
    /// [`QuadTable::export_order`] too.
    predicates_agree: bool,
}

fn text_of<'a>(text: &'a str, ends: &[usize], id: u32) -> &'a str {
    let id = id as usize;
    let start = if id == 0 { 0 } else { ends[id - 1] };
    &text[start..ends[id]]
}

/// The terms and quads of one part of a table, with ids local to the part.
#[derive(Debug, Default)]
pub(crate) struct Part {
    text: String,
    ends: Vec<usize>,
    /// Hash of a term's text → its id (a term whose hash is taken by another is kept twice,
    /// and made one when the parts are merged).
    index: FxHashMap<u64, u32>,
    quads: Vec<[u32; 4]>,
    /// A buffer for literal values.
    scratch: String,
}

impl Part {
    /// A part for about `quads` quads.
    pub(crate) fn with_capacity(quads: usize) -> Self {
        Self {
            quads: Vec::with_capacity(quads),
            ..Self::default()
        }
    }

    /// The id of the term whose N-Triples text `write` appends.
    pub(crate) fn term(&mut self, write: impl FnOnce(&mut String)) -> u32 {
        let start = self.text.len();
        write(&mut self.text);
        let hash = FxBuildHasher.hash_one(&self.text[start..]);
        if let Some(&old) = self.index.get(&hash) {
            if text_of(&self.text, &self.ends, old) == &self.text[start..] {
                self.text.truncate(start);
                return old;
            }
        } else {
            self.index.insert(hash, self.ends.len() as u32);
        }
        self.ends.push(self.text.len());
        (self.ends.len() - 1) as u32
    }

    /// The id of the IRI made of `parts`.
    pub(crate) fn iri(&mut self, parts: &[&str]) -> u32 {
        self.term(|text| {
            text.push('<');
            for part in parts {
                text.push_str(part);
            }
            text.push('>');
        })
    }

    /// The id of a plain literal (with a language tag if given).
    pub(crate) fn text(&mut self, value: &str, language: Option<&str>) -> u32 {
        self.term(|text| {
            use std::fmt::Write as _;
            let _ = match language {
                Some(language) => write!(
                    text,
                    "{}",
                    LiteralRef::new_language_tagged_literal_unchecked(value, language)
                ),
                None => write!(text, "{}", LiteralRef::new_simple_literal(value)),
            };
        })
    }

    /// The id of the literal `value` (as displayed) of type `datatype`.
    pub(crate) fn typed(&mut self, value: impl std::fmt::Display, datatype: &str) -> u32 {
        use std::fmt::Write as _;
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let _ = write!(scratch, "{value}");
        let id = self.term(|text| {
            let literal =
                LiteralRef::new_typed_literal(&scratch, NamedNodeRef::new_unchecked(datatype));
            let _ = write!(text, "{literal}");
        });
        self.scratch = scratch;
        id
    }

    /// The id of any term, by its `Display` (N-Triples) form.
    pub(crate) fn display(&mut self, term: impl std::fmt::Display) -> u32 {
        self.term(|text| {
            use std::fmt::Write as _;
            let _ = write!(text, "{term}");
        })
    }

    /// The text of a term of this part.
    pub(crate) fn get(&self, id: u32) -> &str {
        text_of(&self.text, &self.ends, id)
    }

    /// Add the quad `graph subject predicate object`.
    pub(crate) fn push(&mut self, graph: u32, subject: u32, predicate: u32, object: u32) {
        self.quads.push([graph, subject, predicate, object]);
    }
}

impl QuadTable {
    /// The table of the quads of `parts` (see the module docs).
    pub(crate) fn merge(parts: Vec<Part>) -> Self {
        // every term of every part, sorted by text: equal texts get one id, their rank
        let mut entries: Vec<(&str, u32, u32)> =
            Vec::with_capacity(parts.iter().map(|p| p.ends.len()).sum());
        for (k, part) in parts.iter().enumerate() {
            entries.extend((0..part.ends.len()).map(|i| (part.get(i as u32), k as u32, i as u32)));
        }
        entries.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut remap: Vec<Vec<u32>> = parts.iter().map(|p| vec![0; p.ends.len()]).collect();
        let mut text = String::new();
        let mut ends = Vec::new();
        let mut previous: Option<&str> = None;
        for &(term, k, i) in &entries {
            if previous != Some(term) {
                text.push_str(term);
                ends.push(text.len());
                previous = Some(term);
            }
            remap[k as usize][i as usize] = (ends.len() - 1) as u32;
        }
        drop(entries);
        text.shrink_to_fit();
        ends.shrink_to_fit();
        // the parts' quads renumbered (each part freed once renumbered)
        let renumbered: Vec<Vec<[u32; 4]>> = parts
            .into_par_iter()
            .zip(remap)
            .map(|(part, remap)| {
                let Part { quads, .. } = part;
                quads
                    .into_iter()
                    .map(|quad| quad.map(|id| remap[id as usize]))
                    .collect()
            })
            .collect();
        let mut quads = Vec::with_capacity(renumbered.iter().map(Vec::len).sum());
        for part in renumbered {
            quads.extend(part);
        }
        // sorted with each predicate replaced by its rank in IRI order, then put back
        let mut is_predicate = vec![false; ends.len()];
        for quad in &quads {
            is_predicate[quad[2] as usize] = true;
        }
        let by_text: Vec<u32> = (0..ends.len() as u32)
            .filter(|id| is_predicate[*id as usize])
            .collect();
        drop(is_predicate);
        let mut by_iri = by_text.clone();
        let iri = |id: &u32| {
            let t = text_of(&text, &ends, *id);
            t.strip_prefix('<')
                .and_then(|t| t.strip_suffix('>'))
                .unwrap_or(t)
        };
        by_iri.sort_by(|a, b| iri(a).cmp(iri(b)));
        let predicates_agree = by_iri == by_text;
        let mut rank = vec![0u32; ends.len()];
        for (r, id) in by_iri.iter().enumerate() {
            rank[*id as usize] = r as u32;
        }
        quads
            .par_iter_mut()
            .for_each(|quad| quad[2] = rank[quad[2] as usize]);
        drop(rank);
        quads.par_sort_unstable();
        quads.dedup();
        quads
            .par_iter_mut()
            .for_each(|quad| quad[2] = by_iri[quad[2] as usize]);
        quads.shrink_to_fit();
        Self {
            text,
            ends,
            quads,
            predicates_agree,
        }
    }

    /// The table of `quads` (any order, duplicates allowed).
    pub fn from_quads(quads: &[Quad]) -> Self {
        const CHUNK: usize = 1 << 16;
        let parts = quads
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut part = Part::with_capacity(chunk.len());
                for quad in chunk {
                    let graph = part.display(&quad.graph_name);
                    let subject = part.display(&quad.subject);
                    let predicate = part.display(&quad.predicate);
                    let object = part.display(&quad.object);
                    part.push(graph, subject, predicate, object);
                }
                part
            })
            .collect();
        Self::merge(parts)
    }

    /// Number of quads.
    pub fn len(&self) -> usize {
        self.quads.len()
    }

    /// True when there are no quads.
    pub fn is_empty(&self) -> bool {
        self.quads.is_empty()
    }

    /// The quads as term ids (`[graph, subject, predicate, object]`), in the store's order.
    pub fn ids(&self) -> &[[u32; 4]] {
        &self.quads
    }

    /// Number of distinct terms (ids are `0..term_count()`).
    pub fn term_count(&self) -> usize {
        self.ends.len()
    }

    /// The N-Triples text of a term ([`DEFAULT_GRAPH`] for the default graph).
    pub fn term(&self, id: u32) -> &str {
        text_of(&self.text, &self.ends, id)
    }

    /// The quads in the order of the N-Quads exports: by graph, subject, predicate and object,
    /// each by its N-Triples text (the store's order but for predicates, see [`QuadTable`]).
    pub fn export_order(&self) -> Cow<'_, [[u32; 4]]> {
        if self.predicates_agree {
            return Cow::Borrowed(&self.quads);
        }
        let mut quads = self.quads.clone();
        quads.par_sort_unstable();
        Cow::Owned(quads)
    }

    /// The distinct triples (graph names left out), sorted by the text of their terms.
    pub fn triples(&self) -> Vec<[u32; 3]> {
        let mut triples: Vec<[u32; 3]> = self
            .quads
            .par_iter()
            .map(|[_, s, p, o]| [*s, *p, *o])
            .collect();
        triples.par_sort_unstable();
        triples.dedup();
        triples
    }

    /// Call `f` with the quad of ids `quad`.
    pub fn with_quad<R>(&self, quad: [u32; 4], f: impl FnOnce(QuadRef<'_>) -> R) -> R {
        let [g, s, p, o] = quad;
        let subject = TermText::parse(self.term(s));
        let object = TermText::parse(self.term(o));
        let graph = match self.term(g) {
            DEFAULT_GRAPH => GraphNameRef::DefaultGraph,
            text => match TermText::parse(text).named_or_blank() {
                NamedOrBlankNodeRef::NamedNode(node) => node.into(),
                NamedOrBlankNodeRef::BlankNode(node) => node.into(),
            },
        };
        f(QuadRef::new(
            subject.named_or_blank(),
            NamedNodeRef::new_unchecked(TermText::parse(self.term(p)).iri()),
            object.as_ref(),
            graph,
        ))
    }

    /// The quads as oxigraph quads, in the store's order.
    pub fn to_quads(&self) -> Vec<Quad> {
        self.quads
            .par_iter()
            .map(|quad| self.with_quad(*quad, |quad| quad.into_owned()))
            .collect()
    }

    /// The quads as oxigraph quads, one at a time, in the store's order.
    pub fn owned_quads(&self) -> impl Iterator<Item = Quad> + '_ {
        self.quads
            .iter()
            .map(|quad| self.with_quad(*quad, |quad| quad.into_owned()))
    }

    /// Write `quads` (of this table) as N-Quads: the bytes oxigraph's N-Quads serializer writes.
    pub fn write_nquads(&self, quads: &[[u32; 4]], out: &mut dyn Write) -> io::Result<()> {
        for &[g, s, p, o] in quads {
            for part in [self.term(s), " ", self.term(p), " ", self.term(o)] {
                out.write_all(part.as_bytes())?;
            }
            let graph = self.term(g);
            if graph != DEFAULT_GRAPH {
                out.write_all(b" ")?;
                out.write_all(graph.as_bytes())?;
            }
            out.write_all(b" .\n")?;
        }
        Ok(())
    }

    /// Write `triples` (of this table) as N-Triples: the bytes oxigraph's N-Triples serializer
    /// writes.
    pub fn write_ntriples(&self, triples: &[[u32; 3]], out: &mut dyn Write) -> io::Result<()> {
        for &[s, p, o] in triples {
            for part in [self.term(s), " ", self.term(p), " ", self.term(o), " .\n"] {
                out.write_all(part.as_bytes())?;
            }
        }
        Ok(())
    }
}

/// A term in N-Triples' canonical form (as oxigraph writes it), cut into its parts and borrowed
/// from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermText<'a> {
    /// An IRI (without its angle brackets).
    Iri(&'a str),
    /// A blank node's id.
    Blank(&'a str),
    /// A literal.
    Literal {
        /// The value, unescaped.
        value: Cow<'a, str>,
        /// The language tag.
        language: Option<&'a str>,
        /// The datatype IRI, if written (not for plain and language-tagged literals).
        datatype: Option<&'a str>,
    },
}

impl<'a> TermText<'a> {
    /// The parts of `text`, an IRI, a blank node or a literal in canonical N-Triples form.
    pub fn parse(text: &'a str) -> Self {
        if let Some(iri) = text.strip_prefix('<') {
            return TermText::Iri(iri.strip_suffix('>').unwrap_or(iri));
        }
        if let Some(id) = text.strip_prefix("_:") {
            return TermText::Blank(id);
        }
        let end = text.rfind('"').unwrap_or(text.len());
        let value = text.get(1..end).unwrap_or_default();
        let value = if value.contains('\\') {
            Cow::Owned(unescape(value))
        } else {
            Cow::Borrowed(value)
        };
        let rest = text.get(end + 1..).unwrap_or_default();
        TermText::Literal {
            value,
            language: rest.strip_prefix('@'),
            datatype: rest
                .strip_prefix("^^<")
                .map(|iri| iri.strip_suffix('>').unwrap_or(iri)),
        }
    }

    /// The IRI, or `""` for another kind of term.
    pub fn iri(&self) -> &'a str {
        match self {
            TermText::Iri(iri) => iri,
            _ => "",
        }
    }

    /// The term as a subject (a literal becomes the IRI `""`).
    pub fn named_or_blank(&self) -> NamedOrBlankNodeRef<'a> {
        match self {
            TermText::Blank(id) => BlankNodeRef::new_unchecked(id).into(),
            _ => NamedNodeRef::new_unchecked(self.iri()).into(),
        }
    }

    /// The term as oxigraph's.
    pub fn as_ref(&self) -> TermRef<'_> {
        match self {
            TermText::Iri(iri) => NamedNodeRef::new_unchecked(iri).into(),
            TermText::Blank(id) => BlankNodeRef::new_unchecked(id).into(),
            TermText::Literal {
                value,
                language: Some(language),
                ..
            } => LiteralRef::new_language_tagged_literal_unchecked(value, language).into(),
            TermText::Literal {
                value,
                datatype: Some(datatype),
                ..
            } => LiteralRef::new_typed_literal(value, NamedNodeRef::new_unchecked(datatype)).into(),
            TermText::Literal { value, .. } => LiteralRef::new_simple_literal(value).into(),
        }
    }
}

/// The value of a literal written with N-Triples escapes (`\n`, `\"`, `\u0001`, ...).
fn unescape(text: &str) -> String {
    let mut value = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        let hex = |chars: &mut std::str::Chars<'_>, n: usize| {
            let digits: String = chars.by_ref().take(n).collect();
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or(char::REPLACEMENT_CHARACTER)
        };
        match chars.next() {
            Some('b') => value.push('\u{8}'),
            Some('t') => value.push('\t'),
            Some('n') => value.push('\n'),
            Some('f') => value.push('\u{C}'),
            Some('r') => value.push('\r'),
            Some('u') => value.push(hex(&mut chars, 4)),
            Some('U') => value.push(hex(&mut chars, 8)),
            Some(other) => value.push(other),
            None => {}
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, NamedNode, Term};

    fn quad(s: &str, p: &str, o: Term, g: GraphName) -> Quad {
        Quad::new(
            NamedNode::new_unchecked(s),
            NamedNode::new_unchecked(p),
            o,
            g,
        )
    }

    #[test]
    fn a_table_gives_back_its_quads_sorted_and_distinct_whatever_the_parts() {
        let g = GraphName::NamedNode(NamedNode::new_unchecked("http://e/g"));
        let quads = vec![
            quad(
                "http://e/b",
                "http://e/p-x",
                Literal::new_simple_literal("a \"q\"\n").into(),
                g.clone(),
            ),
            quad(
                "http://e/a",
                "http://e/p",
                Literal::new_language_tagged_literal_unchecked("x", "en").into(),
                g.clone(),
            ),
            quad(
                "http://e/a",
                "http://e/p",
                Literal::from(3).into(),
                GraphName::DefaultGraph,
            ),
            quad(
                "http://e/b",
                "http://e/p",
                NamedNode::new_unchecked("http://e/a").into(),
                g.clone(),
            ),
            quad(
                "http://e/b",
                "http://e/p-x",
                Literal::new_simple_literal("a \"q\"\n").into(),
                g.clone(),
            ),
        ];
        let table = QuadTable::from_quads(&quads);
        assert_eq!(table.len(), 4);
        let mut expected = quads[..4].to_vec();
        // the store's order: graph text (`<…>` before `DEFAULT`), subject, predicate IRI, object
        expected.sort_by_key(|q| {
            (
                q.graph_name.to_string(),
                q.subject.to_string(),
                q.predicate.as_str().to_owned(),
                q.object.to_string(),
            )
        });
        assert_eq!(table.to_quads(), expected);
        // `p` before `p-x` by IRI, after it in N-Triples (`-` is below `>`)
        assert!(!table.predicates_agree);
        let mut nq = Vec::new();
        table.write_nquads(&table.export_order(), &mut nq).unwrap();
        let mut by_text = expected.clone();
        by_text.sort_by_key(|q| {
            (
                q.graph_name.to_string(),
                q.subject.to_string(),
                q.predicate.to_string(),
                q.object.to_string(),
            )
        });
        let lines: String = by_text.iter().map(|q| format!("{q} .\n")).collect();
        assert_eq!(String::from_utf8(nq).unwrap(), lines);
        // cut into parts of one quad each, the same table
        let parts = quads
            .iter()
            .map(|q| {
                let mut part = Part::default();
                let ids = [
                    part.display(&q.graph_name),
                    part.display(&q.subject),
                    part.display(&q.predicate),
                    part.display(&q.object),
                ];
                part.push(ids[0], ids[1], ids[2], ids[3]);
                part
            })
            .collect();
        assert_eq!(QuadTable::merge(parts), table);
    }
}
