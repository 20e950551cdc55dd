//! RDF exports through oxigraph's serializers.
//!
//! IRI scheme: see [`crate::rdf`]. Turtle, N-Triples and RDF/XML merge the named graphs into
//! one set of triples; N-Quads, TriG and JSON-LD keep one named graph per source document
//! (plus `{base}graph/gazetteer` for reference data). Quads are written in sorted order with
//! the well-known prefixes, so the same graph always gives the same bytes.

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
        _ => {
            let mut writer = serializer(format, iris)?.for_writer(out);
            for triple in &triples {
                with_triple(table, *triple, |triple| writer.serialize_triple(triple))
                    .map_err(io)?;
            }
            writer.finish().map_err(io)?;
            Ok(())
        }
    }
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

/// Triples per piece of [`write_turtle`].
const TURTLE_PIECE: usize = 1 << 15;

/// Turtle, written by oxigraph's serializer in pieces on all cores: each piece (a run of whole
/// subjects) by a serializer of its own, in rounds of a few pieces per core, written in order.
///
/// The bytes are those of one serializer over all the triples: a serializer closes a subject
/// with ` .` and a newline, whether the next subject follows or it finishes, and starts with the
/// prefix lines, which every piece but the first leaves out. The prefix lines are found by
/// writing a probe triple; if what the serializer writes for it is not prefix lines followed by
/// the triple (a serializer that changed), the triples are written by one serializer instead.
fn write_turtle(
    table: &QuadTable,
    triples: &[[u32; 3]],
    iris: &Iris,
    out: &mut dyn Write,
) -> Result<()> {
    let io = |e: std::io::Error| Error::export(e.to_string()).caused_by(e);
    let piece = |triples: &[[u32; 3]]| -> Result<Vec<u8>> {
        let mut writer = serializer(ExportFormat::Turtle, iris)?.for_writer(Vec::new());
        for triple in triples {
            with_triple(table, *triple, |triple| writer.serialize_triple(triple)).map_err(io)?;
        }
        writer.finish().map_err(io)
    };
    let probe = "<urn:diplograph:probe>";
    let mut writer = serializer(ExportFormat::Turtle, iris)?.for_writer(Vec::new());
    let node = NamedNodeRef::new_unchecked("urn:diplograph:probe");
    writer
        .serialize_triple(TripleRef::new(node, node, node))
        .map_err(io)?;
    let probed = writer.finish().map_err(io)?;
    let line = format!("{probe} {probe} {probe} .\n");
    let Some(prelude) = probed.strip_suffix(line.as_bytes()) else {
        return piece(triples).and_then(|bytes| out.write_all(&bytes).map_err(io));
    };
    // pieces cut where the subject changes
    let mut cuts = vec![0];
    while let Some(&last) = cuts.last() {
        let mut end = (last + TURTLE_PIECE).min(triples.len());
        while end < triples.len() && triples[end][0] == triples[end - 1][0] {
            end += 1;
        }
        if end == last {
            break;
        }
        cuts.push(end);
    }
    let pieces: Vec<&[[u32; 3]]> = cuts.windows(2).map(|w| &triples[w[0]..w[1]]).collect();
    let round = rayon::current_num_threads() * 4;
    for (r, group) in pieces.chunks(round).enumerate() {
        let written: Vec<Vec<u8>> = group
            .par_iter()
            .map(|triples| piece(triples))
            .collect::<Result<_>>()?;
        for (k, bytes) in written.iter().enumerate() {
            let bytes = if r == 0 && k == 0 {
                &bytes[..]
            } else {
                bytes.strip_prefix(prelude).ok_or_else(|| {
                    Error::export("a piece of Turtle does not start with the prefixes".to_owned())
                })?
            };
            out.write_all(bytes).map_err(io)?;
        }
    }
    Ok(())
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
    use oxigraph::model::LiteralRef;

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
