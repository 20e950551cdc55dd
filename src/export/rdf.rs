//! RDF exports through oxigraph's serializers.
//!
//! IRI scheme: see [`crate::rdf`]. Turtle, N-Triples and RDF/XML merge the named graphs into
//! one set of triples; N-Quads, TriG and JSON-LD keep one named graph per source document
//! (plus `{base}graph/gazetteer` for reference data). Quads are written in sorted order with
//! the well-known prefixes, so the same graph always gives the same bytes.

use std::collections::BTreeSet;
use std::io::Write;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{Quad, Triple};

use super::ExportFormat;
use crate::error::{Error, Result};
use crate::query::prefixes;

/// The oxigraph format of an RDF export format.
pub fn rdf_format(format: ExportFormat) -> RdfFormat {
    match format {
        ExportFormat::Turtle => RdfFormat::Turtle,
        ExportFormat::NTriples => RdfFormat::NTriples,
        ExportFormat::NQuads => RdfFormat::NQuads,
        ExportFormat::TriG => RdfFormat::TriG,
        ExportFormat::JsonLd => RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
        ExportFormat::RdfXml => RdfFormat::RdfXml,
    }
}

/// True for formats that keep named graphs.
pub fn keeps_graphs(format: ExportFormat) -> bool {
    matches!(
        format,
        ExportFormat::NQuads | ExportFormat::TriG | ExportFormat::JsonLd
    )
}

/// Write `quads` (any order; they are sorted here) in `format`.
pub fn write_quads(
    quads: &[Quad],
    format: ExportFormat,
    base: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let io = |e: std::io::Error| Error::Export(e.to_string());
    let mut serializer = RdfSerializer::from_format(rdf_format(format));
    if !matches!(format, ExportFormat::NTriples | ExportFormat::NQuads) {
        for (prefix, iri) in prefixes(base) {
            serializer = serializer
                .with_prefix(prefix.as_str(), iri.as_str())
                .map_err(|e| Error::Export(format!("invalid prefix `{prefix}`: {e}")))?;
        }
    }
    let mut writer = serializer.for_writer(out);
    if keeps_graphs(format) {
        let mut sorted: Vec<&Quad> = quads.iter().collect();
        sorted.sort_by_cached_key(|q| {
            (
                q.graph_name.to_string(),
                q.subject.to_string(),
                q.predicate.to_string(),
                q.object.to_string(),
            )
        });
        sorted.dedup();
        for quad in sorted {
            writer.serialize_quad(quad).map_err(io)?;
        }
    } else {
        let triples: BTreeSet<(String, String, String, usize)> = quads
            .iter()
            .enumerate()
            .map(|(i, q)| {
                (
                    q.subject.to_string(),
                    q.predicate.to_string(),
                    q.object.to_string(),
                    i,
                )
            })
            .collect();
        let mut last: Option<(&str, &str, &str)> = None;
        for (s, p, o, i) in &triples {
            if last == Some((s, p, o)) {
                continue;
            }
            last = Some((s, p, o));
            let quad = &quads[*i];
            let triple = Triple::new(
                quad.subject.clone(),
                quad.predicate.clone(),
                quad.object.clone(),
            );
            writer.serialize_triple(&triple).map_err(io)?;
        }
    }
    writer.finish().map_err(io)?;
    Ok(())
}
