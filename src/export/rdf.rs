//! RDF exports through oxigraph's serializers.
//!
//! IRI scheme: see [`crate::rdf`]. Turtle, N-Triples and RDF/XML merge the named graphs into
//! one set of triples; N-Quads, TriG and JSON-LD keep one named graph per source document
//! (plus `{base}graph/gazetteer` for reference data). Quads are written in sorted order with
//! the well-known prefixes, so the same graph always gives the same bytes.
//!
//! The build writes from its [`QuadTable`] ([`write_table`]): N-Quads and N-Triples are the
//! terms' N-Triples texts joined (what oxigraph's serializers write), Turtle is each term's
//! form, asked once of oxigraph's Turtle serializer, joined as it joins them ([`write_turtle`]);
//! TriG, JSON-LD and RDF/XML go through oxigraph's serializers, term by term.

use std::io::Write;
use std::path::Path;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{BlankNodeRef, GraphNameRef, NamedNodeRef, Quad, QuadRef, TripleRef};
use rayon::prelude::*;

use super::ExportFormat;
use crate::error::{Error, Result};
use crate::rdf::store::{parse_snapshot, read_snapshot, read_store_quads};
use crate::rdf::table::{DEFAULT_GRAPH, TermText as Term};
use crate::rdf::{Iris, QuadTable};

/// The oxigraph format of an RDF export format (`None` for the graph formats).
pub fn rdf_format(format: ExportFormat) -> Option<RdfFormat> {
    Some(match format {
        ExportFormat::Turtle => RdfFormat::Turtle,
        ExportFormat::NTriples => RdfFormat::NTriples,
        ExportFormat::NQuads => RdfFormat::NQuads,
        ExportFormat::TriG => RdfFormat::TriG,
        ExportFormat::JsonLd => RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
        ExportFormat::RdfXml => RdfFormat::RdfXml,
        ExportFormat::GraphMl | ExportFormat::Gexf | ExportFormat::Csv => return None,
    })
}

/// True for formats that keep named graphs.
pub fn keeps_graphs(format: ExportFormat) -> bool {
    matches!(
        format,
        ExportFormat::NQuads | ExportFormat::TriG | ExportFormat::JsonLd
    )
}

/// Write `quads` (any order; they are sorted here) in `format`: [`write_table`] of their
/// [`QuadTable`].
pub fn write_quads(
    quads: &[Quad],
    format: ExportFormat,
    iris: &Iris,
    out: &mut dyn Write,
) -> Result<()> {
    write_table(&QuadTable::from_quads(quads), format, iris, out)
}

/// Write the quads of `table` in `format`: the formats with named graphs in
/// [`QuadTable::export_order`], the others as the table's distinct triples
/// ([`QuadTable::triples`]). N-Quads and N-Triples are the terms' texts joined, Turtle is
/// written in parallel pieces ([`write_turtle`]), the other formats by oxigraph's serializers.
pub fn write_table(
    table: &QuadTable,
    format: ExportFormat,
    iris: &Iris,
    out: &mut dyn Write,
) -> Result<()> {
    let io = |e: std::io::Error| Error::export(e.to_string()).caused_by(e);
    if keeps_graphs(format) {
        let quads = table.export_order();
        if format == ExportFormat::NQuads {
            return table.write_nquads(&quads, out).map_err(io);
        }
        let mut writer = serializer(format, iris)?.for_writer(out);
        for quad in quads.iter() {
            table
                .with_quad(*quad, |quad| writer.serialize_quad(quad))
                .map_err(io)?;
        }
        writer.finish().map_err(io)?;
        return Ok(());
    }
    let triples = table.triples();
    match format {
        ExportFormat::NTriples => table.write_ntriples(&triples, out).map_err(io),
        ExportFormat::Turtle => write_turtle(table, &triples, iris, out),
        _ => serialize_triples(table, &triples, format, iris, out),
    }
}

/// Write `triples` of `table` in `format` with oxigraph's serializer.
fn serialize_triples(
    table: &QuadTable,
    triples: &[[u32; 3]],
    format: ExportFormat,
    iris: &Iris,
    out: &mut dyn Write,
) -> Result<()> {
    let io = |e: std::io::Error| Error::export(e.to_string()).caused_by(e);
    let mut writer = serializer(format, iris)?.for_writer(out);
    for triple in triples {
        with_triple(table, *triple, |triple| writer.serialize_triple(triple)).map_err(io)?;
    }
    writer.finish().map_err(io)?;
    Ok(())
}

/// Call `f` with the triple of ids `[subject, predicate, object]` of `table`.
fn with_triple<R>(table: &QuadTable, triple: [u32; 3], f: impl FnOnce(TripleRef<'_>) -> R) -> R {
    let [s, p, o] = triple;
    let subject = Term::parse(table.term(s));
    let object = Term::parse(table.term(o));
    f(TripleRef::new(
        subject.named_or_blank(),
        NamedNodeRef::new_unchecked(Term::parse(table.term(p)).iri()),
        object.as_ref(),
    ))
}

/// Terms per task when [`turtle_forms`] asks oxigraph's serializer for their forms.
const FORMS_CHUNK: usize = 1 << 14;

/// The IRI of the probe triple of [`turtle_forms`] (no prefix of the table shortens it: every
/// prefix ends in `/` or `#`, and it has neither).
const PROBE: &str = "urn:diplograph:probe";

/// A writer appending to a buffer that its owner can read and empty between writes.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Shared {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

impl Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How oxigraph's Turtle serializer writes each term of a table: its prefix lines, each term as
/// a subject or object (by term id) and each predicate of `triples`.
struct TurtleForms {
    prelude: Vec<u8>,
    text: String,
    ends: Vec<usize>,
    predicates: rustc_hash::FxHashMap<u32, String>,
}

impl TurtleForms {
    fn term(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start..self.ends[id]]
    }
}

/// The forms of [`TurtleForms`], asked of oxigraph's serializer (so they are its own: prefixed
/// names, `a`, numbers and booleans written bare, escapes), each term once, on all cores: after
/// a probe triple `<probe> <probe> <probe>`, the serializer writes the triple `<probe> <probe> O`
/// as ` , ` and the form of `O`, and the triple `<probe> P <probe>` as ` ;`, a newline, a tab,
/// the form of `P`, a space and the probe's form. `None` if it writes anything else (a
/// serializer that changed): the caller then writes with the serializer itself.
fn turtle_forms(
    table: &QuadTable,
    triples: &[[u32; 3]],
    iris: &Iris,
) -> Result<Option<TurtleForms>> {
    let io = |e: std::io::Error| Error::export(e.to_string()).caused_by(e);
    let probe = NamedNodeRef::new_unchecked(PROBE);
    let probe_form = format!("<{PROBE}>");
    // a serializer past its probe triple, its buffer and the prefix lines it wrote first
    let start = || -> Result<(Shared, Option<Vec<u8>>, _)> {
        let buffer = Shared::default();
        let mut writer = serializer(ExportFormat::Turtle, iris)?.for_writer(buffer.clone());
        writer
            .serialize_triple(TripleRef::new(probe, probe, probe))
            .map_err(io)?;
        let first = buffer.take();
        let line = format!("{probe_form} {probe_form} {probe_form}");
        let prelude = first.strip_suffix(line.as_bytes()).map(<[u8]>::to_vec);
        Ok((buffer, prelude, writer))
    };
    let Some(prelude) = start()?.1 else {
        return Ok(None);
    };
    let count = table.term_count();
    let starts: Vec<usize> = (0..count).step_by(FORMS_CHUNK).collect();
    let chunks: Vec<Option<(String, Vec<usize>)>> = starts
        .into_par_iter()
        .map(|first| -> Result<Option<(String, Vec<usize>)>> {
            let (buffer, _, mut writer) = start()?;
            let mut text = String::new();
            let mut ends = Vec::new();
            for id in first..(first + FORMS_CHUNK).min(count) {
                let term = table.term(id as u32);
                if term != DEFAULT_GRAPH {
                    let term = Term::parse(term);
                    writer
                        .serialize_triple(TripleRef::new(probe, probe, term.as_ref()))
                        .map_err(io)?;
                    let written = buffer.take();
                    let form = written
                        .strip_prefix(b" , ")
                        .and_then(|form| std::str::from_utf8(form).ok());
                    let Some(form) = form else {
                        return Ok(None);
                    };
                    text.push_str(form);
                }
                ends.push(text.len());
            }
            Ok(Some((text, ends)))
        })
        .collect::<Result<_>>()?;
    let mut text = String::with_capacity(chunks.iter().flatten().map(|(t, _)| t.len()).sum());
    let mut ends = Vec::with_capacity(count);
    for chunk in chunks {
        let Some((part, part_ends)) = chunk else {
            return Ok(None);
        };
        let offset = text.len();
        text.push_str(&part);
        ends.extend(part_ends.into_iter().map(|end| offset + end));
    }
    let mut predicates = rustc_hash::FxHashMap::default();
    let (buffer, _, mut writer) = start()?;
    for &[_, p, _] in triples {
        if predicates.contains_key(&p) {
            continue;
        }
        let predicate = NamedNodeRef::new_unchecked(Term::parse(table.term(p)).iri());
        writer
            .serialize_triple(TripleRef::new(probe, predicate, probe))
            .map_err(io)?;
        let written = buffer.take();
        let form = std::str::from_utf8(&written).ok().and_then(|written| {
            written
                .strip_prefix(" ;\n\t")?
                .strip_suffix(&format!(" {probe_form}"))
        });
        let Some(form) = form else {
            return Ok(None);
        };
        predicates.insert(p, form.to_owned());
    }
    Ok(Some(TurtleForms {
        prelude,
        text,
        ends,
        predicates,
    }))
}

/// Turtle as oxigraph's serializer writes it, from each term's form ([`turtle_forms`]): the
/// prefix lines, then per subject its form, each predicate's form and objects' forms, objects of
/// one predicate joined by ` , `, predicates of one subject by ` ;`, a newline and a tab, and
/// each subject closed by ` .` and a newline. The serializer itself spent most of a large
/// build's Turtle time looking every IRI up in the prefix table, once per use.
fn write_turtle(
    table: &QuadTable,
    triples: &[[u32; 3]],
    iris: &Iris,
    out: &mut dyn Write,
) -> Result<()> {
    let io = |e: std::io::Error| Error::export(e.to_string()).caused_by(e);
    if triples.is_empty() {
        return Ok(());
    }
    let Some(forms) = turtle_forms(table, triples, iris)? else {
        return serialize_triples(table, triples, ExportFormat::Turtle, iris, out);
    };
    let mut buffer: Vec<u8> = Vec::with_capacity(1 << 20);
    buffer.extend_from_slice(&forms.prelude);
    let mut previous: Option<[u32; 3]> = None;
    for &[s, p, o] in triples {
        let predicate = forms.predicates.get(&p).map_or("", String::as_str);
        let parts: [&str; 4] = match previous {
            Some([ps, pp, _]) if ps == s && pp == p => [" , ", forms.term(o), "", ""],
            Some([ps, _, _]) if ps == s => [" ;\n\t", predicate, " ", forms.term(o)],
            _ => {
                if previous.is_some() {
                    buffer.extend_from_slice(b" .\n");
                }
                buffer.extend_from_slice(forms.term(s).as_bytes());
                [" ", predicate, " ", forms.term(o)]
            }
        };
        for part in parts {
            buffer.extend_from_slice(part.as_bytes());
        }
        previous = Some([s, p, o]);
        if buffer.len() >= 1 << 20 {
            out.write_all(&buffer).map_err(io)?;
            buffer.clear();
        }
    }
    buffer.extend_from_slice(b" .\n");
    out.write_all(&buffer).map_err(io)
}

/// The serializer of an RDF export format, with the prefix table of `iris`.
fn serializer(format: ExportFormat, iris: &Iris) -> Result<RdfSerializer> {
    let rdf = rdf_format(format)
        .ok_or_else(|| Error::export(format!("`{}` is not an RDF format", format.name())))?;
    crate::rdf::syntax::serializer(rdf, iris, &[])
}

/// Export the store at `store` in `format` to `out`; returns the number of quads in the store.
///
/// A snapshot store is not loaded into a store, nor parsed into owned quads: its lines are cut
/// into terms borrowed from the file (`SnapshotLine`). N-Quads is the file itself when it is
/// in the export's order (it is, as `build` writes it), and TriG and JSON-LD follow the file's
/// order too; N-Triples, Turtle and RDF/XML take the lines' triples sorted and de-duplicated as
/// text, which is the order [`write_quads`] gives them. A snapshot not in oxigraph's canonical
/// N-Quads is parsed instead, and a RocksDB store is read graph by graph. Either way the bytes
/// are those [`write_quads`] writes from the store's quads (tests/it/store.rs checks it).
pub fn write_from_store(
    store: &Path,
    format: ExportFormat,
    base: &Iris,
    out: &mut dyn Write,
) -> Result<usize> {
    let io = |e: std::io::Error| Error::export(e.to_string()).caused_by(e);
    let Some((file, bytes)) = read_snapshot(store)? else {
        let quads = read_store_quads(store)?;
        write_quads(&quads, format, base, out)?;
        return Ok(quads.len());
    };
    let lines = std::str::from_utf8(&bytes).ok().and_then(snapshot_lines);
    let Some(mut lines) = lines else {
        let quads = parse_snapshot(&file, &bytes)?;
        drop(bytes);
        write_quads(&quads, format, base, out)?;
        return Ok(quads.len());
    };
    let count = lines.len();
    if keeps_graphs(format) {
        if !lines.windows(2).all(|pair| pair[0].key() < pair[1].key()) {
            lines.par_sort_unstable_by(|a, b| a.key().cmp(&b.key()));
            lines.dedup_by(|a, b| a.key() == b.key());
        }
        if format == ExportFormat::NQuads && lines.len() == count {
            out.write_all(&bytes).map_err(io)?;
            return Ok(count);
        }
    } else {
        lines.par_sort_unstable_by(|a, b| a.triple.cmp(b.triple));
        lines.dedup_by(|a, b| a.triple == b.triple);
        if format == ExportFormat::NTriples {
            for line in &lines {
                out.write_all(line.triple.as_bytes()).map_err(io)?;
                out.write_all(b" .\n").map_err(io)?;
            }
            return Ok(count);
        }
    }
    let mut writer = serializer(format, base)?.for_writer(out);
    for line in &lines {
        let (subject, predicate, object) = line.terms();
        let subject = subject.named_or_blank();
        let predicate = NamedNodeRef::new_unchecked(predicate);
        if keeps_graphs(format) {
            let graph = match line.graph {
                DEFAULT_GRAPH => GraphNameRef::DefaultGraph,
                graph => match Term::parse(graph) {
                    Term::Blank(id) => BlankNodeRef::new_unchecked(id).into(),
                    term => NamedNodeRef::new_unchecked(term.iri()).into(),
                },
            };
            writer
                .serialize_quad(QuadRef::new(subject, predicate, object.as_ref(), graph))
                .map_err(io)?;
        } else {
            writer
                .serialize_triple(TripleRef::new(subject, predicate, object.as_ref()))
                .map_err(io)?;
        }
    }
    writer.finish().map_err(io)?;
    Ok(count)
}

/// One line of a snapshot (`S P O G .` or `S P O .`) cut into its triple and its graph, borrowed
/// from the file.
///
/// Compared as text, the triples of two lines are in the order of the terms' N-Triples forms,
/// which is [`QuadTable::triples`]' order: the first difference falls inside a term, or a term ends where the other
/// goes on, and then the shorter term is first both ways (the space after a term is below every
/// byte that can continue one: `@`, `^`, `-` and name characters; `>` and `"` never occur
/// unescaped inside a term).
#[derive(Debug, Clone, Copy)]
struct SnapshotLine<'a> {
    /// `S P O`, as written.
    triple: &'a str,
    /// `G`, or [`DEFAULT_GRAPH`].
    graph: &'a str,
    /// Where `P` starts in `triple`.
    predicate: u32,
    /// Where `O` starts in `triple`.
    object: u32,
}

impl<'a> SnapshotLine<'a> {
    /// The line's place in [`write_quads`]'s N-Quads order: graph, then triple.
    fn key(&self) -> (&'a str, &'a str) {
        (self.graph, self.triple)
    }

    /// Subject, predicate IRI and object.
    fn terms(&self) -> (Term<'a>, &'a str, Term<'a>) {
        let (p, o) = (self.predicate as usize, self.object as usize);
        let predicate = &self.triple[p + 1..o - 2];
        (
            Term::parse(&self.triple[..p - 1]),
            predicate,
            Term::parse(&self.triple[o..]),
        )
    }
}

/// Every line of a snapshot, or `None` if one is not in the canonical form oxigraph writes (a
/// snapshot from elsewhere, RDF 1.2 triple terms or directions): the caller parses such a file
/// instead.
fn snapshot_lines(text: &str) -> Option<Vec<SnapshotLine<'_>>> {
    if !text.is_empty() && !text.ends_with('\n') {
        return None;
    }
    let bytes = text.as_bytes();
    let pieces = rayon::current_num_threads() * 4;
    let mut starts = vec![0];
    for k in 1..pieces {
        let at = (bytes.len() * k / pieces).max(*starts.last().unwrap_or(&0));
        match memchr::memchr(b'\n', &bytes[at..]) {
            Some(newline) if at + newline + 1 < bytes.len() => starts.push(at + newline + 1),
            _ => break,
        }
    }
    starts.dedup();
    starts.push(bytes.len());
    let parts: Vec<Vec<SnapshotLine<'_>>> = starts
        .par_windows(2)
        .map(|range| {
            text[range[0]..range[1]]
                .split_inclusive('\n')
                .map(|line| snapshot_line(&line[..line.len() - 1]))
                .collect::<Option<Vec<_>>>()
        })
        .collect::<Option<_>>()?;
    Some(parts.concat())
}

fn snapshot_line(line: &str) -> Option<SnapshotLine<'_>> {
    let bytes = line.as_bytes();
    let subject = term_end(bytes, 0)?;
    let predicate = subject + 1;
    if bytes.get(subject) != Some(&b' ') || bytes.get(predicate) != Some(&b'<') {
        return None;
    }
    let predicate_end = term_end(bytes, predicate)?;
    if bytes.get(predicate_end) != Some(&b' ') {
        return None;
    }
    let object = predicate_end + 1;
    let object_end = term_end(bytes, object)?;
    let mut parsed = SnapshotLine {
        triple: &line[..object_end],
        graph: DEFAULT_GRAPH,
        predicate: u32::try_from(predicate).ok()?,
        object: u32::try_from(object).ok()?,
    };
    let rest = &bytes[object_end..];
    if rest == b" ." {
        return Some(parsed);
    }
    if rest.first() != Some(&b' ') || !matches!(rest.get(1), Some(b'<' | b'_')) {
        return None;
    }
    let graph_end = term_end(bytes, object_end + 1)?;
    parsed.graph = &line[object_end + 1..graph_end];
    (&bytes[graph_end..] == b" .").then_some(parsed)
}

/// Where the term starting at `start` ends (exclusive), if it is an IRI, a blank node or a
/// literal in N-Triples' canonical form.
fn term_end(line: &[u8], start: usize) -> Option<usize> {
    let rest = line.get(start..)?;
    match rest.first()? {
        b'<' if rest.get(1) != Some(&b'<') => memchr::memchr(b'>', rest).map(|end| start + end + 1),
        b'_' if rest.get(1) == Some(&b':') => {
            Some(start + memchr::memchr(b' ', rest).unwrap_or(rest.len()))
        }
        b'"' => {
            let mut at = 1;
            loop {
                let found = at + memchr::memchr2(b'"', b'\\', &rest[at..])?;
                if rest[found] == b'\\' {
                    at = found + 2;
                } else {
                    at = found + 1;
                    break;
                }
            }
            match rest.get(at) {
                Some(b'@') => {
                    let end = at + memchr::memchr(b' ', &rest[at..])?;
                    // a base direction (`@en--ltr`, RDF 1.2): not handled here
                    (!rest[at..end].windows(2).any(|w| w == b"--")).then_some(start + end)
                }
                Some(b'^') if rest[at..].starts_with(b"^^<") => {
                    Some(start + at + memchr::memchr(b'>', &rest[at..])? + 1)
                }
                _ => Some(start + at),
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, GraphName, Literal, LiteralRef, NamedNode, Term as OxTerm};

    #[test]
    fn turtle_from_term_forms_is_what_the_serializer_writes() {
        let iris = Iris::default();
        let base = iris.base();
        let node = |iri: &str| NamedNode::new_unchecked(iri);
        let subjects = [
            format!("{base}id/japan"),
            format!("{base}id/a.b."),
            format!("{base}id/x(1)"),
            format!("{base}stmt/0f"),
            "http://example.org/s".to_owned(),
        ];
        let predicates = [
            crate::rdf::vocab::rdf::TYPE.to_owned(),
            crate::rdf::vocab::rdfs::LABEL.to_owned(),
            format!("{base}ontology#p"),
            format!("{base}ontology#p-2"),
            "http://example.org/p".to_owned(),
        ];
        let objects: Vec<OxTerm> = vec![
            node(&format!("{base}id/china")).into(),
            node("http://example.org/o").into(),
            BlankNode::new_unchecked("b1").into(),
            Literal::new_simple_literal("tab\tquote\"back\\slash\u{1}").into(),
            Literal::new_language_tagged_literal_unchecked("日本", "ja").into(),
            Literal::from(42).into(),
            Literal::from(-3).into(),
            Literal::from(true).into(),
            Literal::new_typed_literal(
                "0.900",
                NamedNode::new_unchecked(crate::rdf::vocab::xsd::DECIMAL),
            )
            .into(),
            Literal::new_typed_literal(
                "2016-07",
                NamedNode::new_unchecked(crate::rdf::vocab::xsd::G_YEAR_MONTH),
            )
            .into(),
            Literal::new_typed_literal("x", node("http://example.org/t")).into(),
        ];
        let graph = GraphName::NamedNode(node("http://example.org/g"));
        let mut quads = Vec::new();
        for (i, s) in subjects.iter().enumerate() {
            for (j, p) in predicates.iter().enumerate() {
                for (k, o) in objects.iter().enumerate() {
                    if (i + j + k) % 3 != 0 {
                        quads.push(Quad::new(node(s), node(p), o.clone(), graph.clone()));
                    }
                }
            }
        }
        quads.push(Quad::new(
            BlankNode::new_unchecked("b1"),
            node(&predicates[1]),
            objects[3].clone(),
            graph.clone(),
        ));
        let table = QuadTable::from_quads(&quads);
        let triples = table.triples();
        let mut forms = Vec::new();
        write_turtle(&table, &triples, &iris, &mut forms).unwrap();
        let mut serialized = Vec::new();
        serialize_triples(
            &table,
            &triples,
            ExportFormat::Turtle,
            &iris,
            &mut serialized,
        )
        .unwrap();
        assert!(
            forms == serialized,
            "{}\nexpected:\n{}",
            String::from_utf8_lossy(&forms),
            String::from_utf8_lossy(&serialized)
        );
        assert!(turtle_forms(&table, &triples, &iris).unwrap().is_some());
    }

    #[test]
    fn snapshot_lines_cut_every_kind_of_term_and_refuse_what_is_not_canonical() {
        let text = "<http://e/s> <http://e/p> \"a \\\"b\\\" c\"@en <http://e/g> .\n\
                    _:b1 <http://e/p> \"1\"^^<http://e/t> .\n";
        let lines = snapshot_lines(text).expect("canonical lines");
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0].triple,
            "<http://e/s> <http://e/p> \"a \\\"b\\\" c\"@en"
        );
        assert_eq!(lines[0].graph, "<http://e/g>");
        assert_eq!(lines[1].graph, DEFAULT_GRAPH);
        let (subject, predicate, object) = lines[0].terms();
        assert_eq!(subject.iri(), "http://e/s");
        assert_eq!(predicate, "http://e/p");
        assert_eq!(
            object.as_ref(),
            LiteralRef::new_language_tagged_literal_unchecked("a \"b\" c", "en").into()
        );
        let (subject, _, object) = lines[1].terms();
        assert!(matches!(subject, Term::Blank("b1")));
        assert_eq!(
            object.as_ref(),
            LiteralRef::new_typed_literal("1", NamedNodeRef::new_unchecked("http://e/t")).into()
        );
        for bad in [
            "<http://e/s> <http://e/p> \"open <http://e/g> .\n",
            "<http://e/s> <http://e/p> <http://e/o>\n",
            "<< <http://e/s> <http://e/p> <http://e/o> >> <http://e/p> <http://e/o> .\n",
            "<http://e/s> <http://e/p> \"a\"@en--ltr .\n",
            "# a comment\n",
            "<http://e/s> <http://e/p> <http://e/o> .",
        ] {
            assert!(snapshot_lines(bad).is_none(), "{bad}");
        }
    }
}
