//! RDF exports through oxigraph's serializers.
//!
//! IRI scheme: see [`crate::rdf`]. Turtle, N-Triples and RDF/XML merge the named graphs into
//! one set of triples; N-Quads, TriG and JSON-LD keep one named graph per source document
//! (plus `{base}graph/gazetteer` for reference data). Quads are written in sorted order with
//! the well-known prefixes, so the same graph always gives the same bytes.

use std::io::Write;

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::model::{Quad, TripleRef};

use super::ExportFormat;
use crate::error::{Error, Result};
use crate::rdf::syntax::serializer;
use crate::rdf::{Iris, PredicateKey, QuadOrder, quad_order};

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

/// Write `quads` (any order; they are sorted here) in `format`.
pub fn write_quads(
    quads: &[Quad],
    format: ExportFormat,
    iris: &Iris,
    out: &mut dyn Write,
) -> Result<()> {
    let io = |e: std::io::Error| Error::export(e.to_string()).caused_by(e);
    let rdf = rdf_format(format)
        .ok_or_else(|| Error::export(format!("`{}` is not an RDF format", format.name())))?;
    let serializer = serializer(rdf, iris, &[])?;
    let mut writer = serializer.for_writer(out);
    if keeps_graphs(format) {
        for i in quad_order(quads, QuadOrder::Quads, PredicateKey::NTriples) {
            writer.serialize_quad(&quads[i]).map_err(io)?;
        }
    } else {
        for i in quad_order(quads, QuadOrder::Triples, PredicateKey::NTriples) {
            let quad = &quads[i];
            writer
                .serialize_triple(TripleRef::new(
                    quad.subject.as_ref(),
                    quad.predicate.as_ref(),
                    quad.object.as_ref(),
                ))
                .map_err(io)?;
        }
    }
    writer.finish().map_err(io)?;
    Ok(())
}
