//! `diplograph query`.

use std::io::Read as _;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use diplograph::query::{GraphFormat, QueryConfig, ResultFormat, empty_result_hints, execute};
use diplograph::rdf::open_store;

use super::CommonArgs;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Aligned text table.
    Table,
    /// SPARQL CSV.
    Csv,
    /// SPARQL TSV.
    Tsv,
    /// SPARQL JSON.
    Json,
    /// SPARQL XML.
    Xml,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RdfFormat {
    /// Turtle.
    Turtle,
    /// N-Triples.
    Ntriples,
    /// JSON-LD.
    Jsonld,
    /// RDF/XML.
    Rdfxml,
}

/// Run a SPARQL query over the store. The prefixes dg:, rdf:, rdfs:, owl:, xsd:, skos:,
/// org:, time:, prov:, dcterms:, wd:, d:, id:, post: and doc: are predeclared; the default
/// graph is the union of all document graphs.
#[derive(Debug, Args)]
pub(crate) struct QueryArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The query text, `@FILE` to read it from a file, or `-` for standard input.
    query: String,
    /// Output format of SELECT and ASK results.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Output format of CONSTRUCT and DESCRIBE results.
    #[arg(long, value_enum, default_value_t = RdfFormat::Turtle)]
    rdf_format: RdfFormat,
    /// Query the default graph only (as stored: empty), not the union of all graphs.
    #[arg(long)]
    no_union: bool,
    /// Stop the query after this many seconds.
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<f64>,
}

pub(crate) fn run(args: &QueryArgs) -> anyhow::Result<ExitCode> {
    let text = if args.query == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("failed to read the query from standard input")?;
        text
    } else if let Some(path) = args.query.strip_prefix('@') {
        fs_err::read_to_string(path)
            .with_context(|| format!("failed to read query file `{path}`"))?
    } else {
        args.query.clone()
    };
    let store = open_store(&args.common.store)?;
    let config = QueryConfig {
        union_default_graph: !args.no_union,
        base: args.common.base.clone(),
        timeout: args.timeout.map(std::time::Duration::from_secs_f64),
        ..QueryConfig::default()
    };
    let result_format = match args.format {
        Format::Table => ResultFormat::Table,
        Format::Csv => ResultFormat::Csv,
        Format::Tsv => ResultFormat::Tsv,
        Format::Json => ResultFormat::Json,
        Format::Xml => ResultFormat::Xml,
    };
    let graph_format = match args.rdf_format {
        RdfFormat::Turtle => GraphFormat::Turtle,
        RdfFormat::Ntriples => GraphFormat::NTriples,
        RdfFormat::Jsonld => GraphFormat::JsonLd,
        RdfFormat::Rdfxml => GraphFormat::RdfXml,
    };
    let mut out = std::io::BufWriter::new(crate::cli::stdout());
    let outcome = execute(
        &store,
        &text,
        &config,
        result_format,
        graph_format,
        &mut out,
    )?;
    std::io::Write::flush(&mut out)?;
    if outcome.count == 0 {
        for hint in empty_result_hints(&store, &text, &config) {
            eprintln!("hint: {hint}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
