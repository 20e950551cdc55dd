//! RDF as text: the prefix table (predeclared in queries, written in Turtle-like outputs and
//! used to shorten IRIs for people) and the serializers every RDF output goes through
//! (`export`, `query`'s CONSTRUCT results, `publish`'s descriptions, `serve`'s responses).

use std::fmt::Write as _;
use std::io::Write;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{Term, Triple};

use super::Iris;
use super::vocab::PREFIXES;
use crate::error::{Error, Result};

/// The prefix table: the well-known prefixes ([`PREFIXES`]) plus `d:` (the base of `iris`), `id:`
/// (entities), `post:` and `doc:`.
pub fn prefixes(iris: &Iris) -> Vec<(String, String)> {
    let base = iris.base();
    let mut all: Vec<(String, String)> = PREFIXES
        .iter()
        .map(|(p, iri)| ((*p).to_owned(), (*iri).to_owned()))
        .collect();
    all.push(("d".to_owned(), base.to_owned()));
    all.push(("id".to_owned(), format!("{base}id/")));
    all.push(("post".to_owned(), format!("{base}post/")));
    all.push(("doc".to_owned(), format!("{base}doc/")));
    all
}

/// The prefix table as a SPARQL prologue (for display and the query page).
pub fn prologue(iris: &Iris) -> String {
    prefixes(iris)
        .iter()
        .fold(String::new(), |mut out, (p, iri)| {
            let _ = writeln!(out, "PREFIX {p}: <{iri}>");
            out
        })
}

/// A term as people read it: prefixed names for known namespaces, plain literal values.
pub fn display_term(term: &Term, iris: &Iris) -> String {
    match term {
        Term::NamedNode(node) => {
            let iri = node.as_str();
            let mut best: Option<(String, usize)> = None;
            for (prefix, ns) in prefixes(iris) {
                if let Some(local) = iri.strip_prefix(ns.as_str())
                    && best.as_ref().is_none_or(|(_, len)| ns.len() > *len)
                    && !local.contains(['/', '#'])
                {
                    best = Some((format!("{prefix}:{local}"), ns.len()));
                }
            }
            best.map_or_else(|| format!("<{iri}>"), |(name, _)| name)
        }
        Term::BlankNode(node) => format!("_:{}", node.as_str()),
        Term::Literal(literal) => literal.value().to_owned(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// The formats of sets of triples (CONSTRUCT/DESCRIBE results, descriptions, pages' data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// Turtle with the well-known prefixes.
    Turtle,
    /// N-Triples.
    NTriples,
    /// JSON-LD.
    JsonLd,
    /// RDF/XML.
    RdfXml,
}

impl GraphFormat {
    /// oxigraph's format.
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::NTriples => RdfFormat::NTriples,
            Self::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
            Self::RdfXml => RdfFormat::RdfXml,
        }
    }
}

/// A serializer for `format` with the prefix table of `iris` and `extra_prefixes` (the
/// line-based formats, N-Triples and N-Quads, have no prefixes).
pub fn serializer(
    format: RdfFormat,
    iris: &Iris,
    extra_prefixes: &[(&str, &str)],
) -> Result<RdfSerializer> {
    let mut serializer = RdfSerializer::from_format(format);
    if !matches!(format, RdfFormat::NTriples | RdfFormat::NQuads) {
        let table = prefixes(iris);
        let all = table
            .iter()
            .map(|(p, iri)| (p.as_str(), iri.as_str()))
            .chain(extra_prefixes.iter().copied());
        for (prefix, iri) in all {
            serializer = serializer.with_prefix(prefix, iri).map_err(|e| {
                Error::export(format!("invalid prefix `{prefix}`: {e}")).caused_by(e)
            })?;
        }
    }
    Ok(serializer)
}

/// A serializer for `format` with the prefix table of `iris`.
pub fn rdf_serializer(format: GraphFormat, iris: &Iris) -> Result<RdfSerializer> {
    serializer(format.rdf_format(), iris, &[])
}

/// Write triples (a VoID description, a service description, a resource description) in
/// `format` with the prefix table plus `extra_prefixes` (such as
/// [`crate::publish::void::VOID_PREFIXES`]).
pub fn write_triples(
    triples: &[Triple],
    format: GraphFormat,
    iris: &Iris,
    extra_prefixes: &[(&str, &str)],
    out: &mut dyn Write,
) -> Result<()> {
    let io = |e: std::io::Error| Error::export(e.to_string()).caused_by(e);
    let mut writer = serializer(format.rdf_format(), iris, extra_prefixes)?.for_writer(out);
    for triple in triples {
        writer.serialize_triple(triple).map_err(io)?;
    }
    writer.finish().map_err(io)?;
    Ok(())
}
