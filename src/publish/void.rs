//! The dataset described in VoID and DCAT: counts, licence, sources, endpoint, dumps.
//!
//! IRIs: the description is `{base}void`, the dataset `{base}void#dataset`, the subset of a
//! source document's named graph `{base}void#graph-{slug}`, the partition of a class
//! `{base}void#class-{LocalName}`, a dump `{base}void#dump-{extension}` and the SPARQL service
//! `{base}void#sparql`. URLs of dumps and the endpoint are under the site's URL, which is the
//! base for a published site and the server's own address for `diplograph serve`.

use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};

use super::view::Stats;
use crate::export::ExportFormat;
use crate::rdf::Iris;
use crate::rdf::vocab::{
    IANA_MEDIA_TYPES, dcat, dcterms, dg, foaf, formats, org, prov, rdf, rdfs, sd, skos, time, void,
};

/// What the description says besides the counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoidConfig {
    /// Base IRI of the data.
    pub base: Iris,
    /// URL of the site root (pages, `void.ttl`, `dumps/`), ending in `/`.
    pub site_url: String,
    /// URL of a SPARQL endpoint serving the data.
    pub sparql_endpoint: Option<String>,
    /// IRI of the data licence.
    pub license: Option<String>,
    /// The dumps offered at `{site_url}dumps/diplograph.{extension}`.
    pub dumps: Vec<ExportFormat>,
}

/// The licence used when none is given: CC BY 4.0, as the ontology.
pub const DEFAULT_LICENSE: &str = "https://creativecommons.org/licenses/by/4.0/";

fn iri(text: &str) -> NamedNode {
    NamedNode::new_unchecked(text)
}

struct Triples(Vec<Triple>);

impl Triples {
    fn add(&mut self, subject: &NamedNode, predicate: &str, object: impl Into<Term>) {
        self.0.push(Triple::new(
            NamedOrBlankNode::NamedNode(subject.clone()),
            iri(predicate),
            object.into(),
        ));
    }

    fn link(&mut self, subject: &NamedNode, predicate: &str, object: &str) {
        self.add(subject, predicate, iri(object));
    }

    fn count(&mut self, subject: &NamedNode, predicate: &str, n: usize) {
        self.add(
            subject,
            predicate,
            Literal::from(i64::try_from(n).unwrap_or(i64::MAX)),
        );
    }

    fn text(&mut self, subject: &NamedNode, predicate: &str, text: &str, lang: &str) {
        self.add(
            subject,
            predicate,
            Literal::new_language_tagged_literal_unchecked(text, lang),
        );
    }
}

/// The URL of a file on the site (`void.ttl`, `dumps/diplograph.nq`).
pub fn site_file(site_url: &str, path: &str) -> String {
    format!("{site_url}{path}")
}

/// The path of a dump on the site.
pub fn dump_path(format: ExportFormat) -> String {
    format!("dumps/diplograph.{}", format.file_extension())
}

/// The VoID and DCAT triples describing the dataset, sorted.
pub fn void_triples(stats: &Stats, config: &VoidConfig) -> Vec<Triple> {
    let base = &config.base;
    let mut t = Triples(Vec::new());
    let description = iri(&format!("{base}void"));
    let dataset = iri(&format!("{base}void#dataset"));
    t.link(&description, rdf::TYPE, void::DATASET_DESCRIPTION);
    t.text(
        &description,
        dcterms::TITLE,
        "Description of the diplograph dataset",
        "en",
    );
    t.add(&description, foaf::PRIMARY_TOPIC, dataset.clone());

    t.link(&dataset, rdf::TYPE, void::DATASET);
    t.link(&dataset, rdf::TYPE, dcat::DATASET);
    t.text(
        &dataset,
        dcterms::TITLE,
        "diplograph: a knowledge graph of cyber-security diplomacy",
        "en",
    );
    t.text(&dataset, dcterms::TITLE, "サイバー外交ナレッジグラフ", "ja");
    t.text(
        &dataset,
        dcterms::DESCRIPTION,
        "States, ministries, agencies, officials, forums, events and documents of \
         cyber-security diplomacy, read from Japanese and English sources. Every statement \
         carries its provenance: the source document (its named graph), the sentence, the \
         character span, the extraction rule and a confidence.",
        "en",
    );
    for keyword in [
        "cyber diplomacy",
        "cybersecurity",
        "international relations",
        "Japan",
    ] {
        t.text(&dataset, dcat::KEYWORD, keyword, "en");
    }
    t.text(&dataset, dcat::KEYWORD, "サイバー外交", "ja");
    if let Some(license) = &config.license {
        t.link(&dataset, dcterms::LICENSE, license);
        t.text(
            &dataset,
            dcterms::RIGHTS,
            "The licence covers what the diplograph project made: the graph, its statements, \
             provenance records, labels and reference data. Sentences quoted verbatim from a \
             source document keep that document's rights (dcterms:rights of the document and \
             of its graph's subset); sentences of sources that reserve their rights are left \
             out of the published pages and dumps.",
            "en",
        );
    }
    t.link(&dataset, dcat::LANDING_PAGE, &config.site_url);
    t.add(
        &dataset,
        void::URI_SPACE,
        Literal::new_simple_literal(format!("{base}id/")),
    );
    if let Some(example) = &stats.example {
        t.link(&dataset, void::EXAMPLE_RESOURCE, &example.iri);
    }
    for namespace in [
        dg::NS,
        org::NS,
        prov::NS,
        time::NS,
        skos::NS,
        dcterms::NS,
        rdfs::NS,
    ] {
        t.link(&dataset, void::VOCABULARY, namespace);
    }
    t.count(&dataset, void::TRIPLES, stats.triples);
    t.count(&dataset, void::ENTITIES, stats.entities);
    t.count(&dataset, void::DISTINCT_SUBJECTS, stats.distinct_subjects);
    t.count(&dataset, void::DISTINCT_OBJECTS, stats.distinct_objects);
    t.count(&dataset, void::PROPERTIES, stats.properties);
    t.count(&dataset, void::CLASSES, stats.classes);
    for doc in &stats.documents {
        t.link(&dataset, dcterms::SOURCE, &doc.iri);
    }
    for (class, n) in &stats.class_counts {
        let local = class.rsplit(['#', '/']).next().unwrap_or(class);
        let partition = iri(&format!("{base}void#class-{local}"));
        t.add(&dataset, void::CLASS_PARTITION, partition.clone());
        t.link(&partition, void::CLASS, class);
        t.count(&partition, void::ENTITIES, *n);
    }
    let graph_prefix = format!("{base}graph/");
    for (graph, n) in &stats.graphs {
        let Some(slug) = graph.strip_prefix(&graph_prefix) else {
            continue;
        };
        let subset = iri(&format!("{base}void#graph-{slug}"));
        t.add(&dataset, void::SUBSET, subset.clone());
        t.link(&subset, rdf::TYPE, void::DATASET);
        t.link(&subset, rdf::TYPE, sd::NAMED_GRAPH_CLASS);
        t.link(&subset, sd::NAME, graph);
        t.count(&subset, void::TRIPLES, *n);
        if slug != "gazetteer" {
            let doc = format!("{base}doc/{slug}");
            t.link(&subset, dcterms::SOURCE, &doc);
            if let Some(rights) = stats.rights.get(&doc) {
                t.add(
                    &subset,
                    dcterms::RIGHTS,
                    Literal::new_simple_literal(rights.clone()),
                );
            }
        }
    }
    for format in &config.dumps {
        let url = site_file(&config.site_url, &dump_path(*format));
        let distribution = iri(&format!("{base}void#dump-{}", format.file_extension()));
        t.link(&dataset, void::DATA_DUMP, &url);
        t.add(&dataset, dcat::DISTRIBUTION, distribution.clone());
        t.link(&distribution, rdf::TYPE, dcat::DISTRIBUTION_CLASS);
        t.link(&distribution, dcat::DOWNLOAD_URL, &url);
        t.link(&distribution, dcat::ACCESS_URL, &url);
        t.link(
            &distribution,
            dcat::MEDIA_TYPE,
            &format!("{IANA_MEDIA_TYPES}{}", format.media_type()),
        );
        t.add(
            &distribution,
            dcterms::FORMAT,
            Literal::new_simple_literal(format.media_type()),
        );
        if let Some(license) = &config.license {
            t.link(&distribution, dcterms::LICENSE, license);
        }
    }
    if let Some(endpoint) = &config.sparql_endpoint {
        let service = iri(&format!("{base}void#sparql"));
        t.link(&dataset, void::SPARQL_ENDPOINT, endpoint);
        t.add(
            &dataset,
            dcat::DISTRIBUTION,
            iri(&format!("{base}void#dump-sparql")),
        );
        let access = iri(&format!("{base}void#dump-sparql"));
        t.link(&access, rdf::TYPE, dcat::DISTRIBUTION_CLASS);
        t.link(&access, dcat::ACCESS_URL, endpoint);
        t.add(&access, dcat::ACCESS_SERVICE, service.clone());
        t.link(&service, rdf::TYPE, dcat::DATA_SERVICE);
        t.link(&service, rdf::TYPE, sd::SERVICE);
        t.link(&service, dcat::ENDPOINT_URL, endpoint);
        t.link(&service, dcat::ENDPOINT_DESCRIPTION, endpoint);
        t.link(&service, sd::ENDPOINT, endpoint);
        t.link(&service, sd::SUPPORTED_LANGUAGE, sd::SPARQL11_QUERY);
        t.add(&service, dcat::SERVES_DATASET, dataset.clone());
        for format in [
            formats::SPARQL_RESULTS_JSON,
            formats::SPARQL_RESULTS_XML,
            formats::SPARQL_RESULTS_CSV,
            formats::SPARQL_RESULTS_TSV,
        ] {
            t.link(&service, sd::RESULT_FORMAT, format);
        }
    }
    let mut triples = t.0;
    triples.sort_by_cached_key(|t| {
        (
            t.subject.to_string() != description.to_string(),
            t.subject.to_string() != dataset.to_string(),
            t.subject.to_string(),
            t.predicate.to_string(),
            t.object.to_string(),
        )
    });
    triples.dedup();
    triples
}

/// The prefixes of the VoID description besides the well-known ones.
pub const VOID_PREFIXES: &[(&str, &str)] = &[
    ("void", void::NS),
    ("dcat", dcat::NS),
    ("sd", sd::NS),
    ("foaf", foaf::NS),
    ("formats", formats::NS),
];
