//! The knowledge graph as RDF: IRIs, the ontology mapping and the oxigraph store.
//!
//! IRI scheme (under a configurable base, default [`DEFAULT_BASE`]):
//! `{base}id/{slug}` entities and events, `{base}post/{slug}` posts,
//! `{base}tenure/{person}--{post}--{start}` memberships, `{base}doc/{slug}` source documents,
//! `{base}graph/{slug}` the named graph of a source document, `{base}graph/gazetteer` the
//! reference data, `{base}stmt/{hash}` a statement's provenance record (an `rdf:Statement`).
//!
//! Invariants: every quad is in a named graph (a document's, or the gazetteer's); every
//! relation has an `rdf:Statement` with `prov:wasDerivedFrom`, sentence, span, rule and
//! confidence; quads are produced in a deterministic order with no blank nodes.
//!
//! The mapping ([`quad_table`]) writes every term as N-Triples text straight into a
//! [`QuadTable`] (`table.rs`): each distinct term kept once, each quad four `u32` term ids,
//! sorted. The store's snapshot and every RDF export are written from that table; owned
//! `oxigraph::model::Quad`s ([`to_quads`]) are made only for callers that want them (tests, the
//! in-memory store of [`memory_store`], RocksDB's bulk loader one batch at a time).

pub mod store;
pub mod syntax;
pub mod table;
pub mod vocab;

pub use store::{open_store, write_store};
pub use table::QuadTable;

use rayon::prelude::*;
use table::Part;

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::model::{
    DocumentId, Entity, EntityId, EntityType, EventType, KnowledgeGraph, Labelled, MentionRecord,
    Object, PartialDate, Post, PostId, Predicate, Provenance, Relation, RelationKind, Source,
    Tenure,
};
use vocab::{dcterms, dg, org, owl, prov, rdf, rdfs, skos, time, xsd};

/// The ontology, embedded at compile time so every store and dump is self-describing.
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/diplograph.ttl");

/// The named graph holding the ontology.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/diplograph/ontology";

/// The ontology's triples as quads in [`ONTOLOGY_GRAPH`].
pub fn ontology_quads() -> Vec<Quad> {
    let graph = GraphName::NamedNode(iri(ONTOLOGY_GRAPH));
    oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
        .for_slice(ONTOLOGY_TTL.as_bytes())
        .filter_map(std::result::Result::ok)
        .map(|quad| Quad::new(quad.subject, quad.predicate, quad.object, graph.clone()))
        .collect()
}

/// The default base IRI of the data.
pub const DEFAULT_BASE: &str = "https://w3id.org/diplograph/";

/// Mints the IRIs of a dataset under one base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iris {
    base: String,
}

impl Default for Iris {
    fn default() -> Self {
        Self {
            base: DEFAULT_BASE.to_owned(),
        }
    }
}

fn iri(text: &str) -> NamedNode {
    // Every IRI is built from a checked base plus slugs or percent-safe text.
    NamedNode::new_unchecked(text)
}

/// The IRI `parts` make joined, in one allocation of the exact size: a large build makes
/// millions of IRIs, and a `format!` string moved into a node keeps its spare capacity (up to
/// twice the text: at 10M quads that was a gigabyte of peak memory).
fn joined(parts: &[&str]) -> NamedNode {
    let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        text.push_str(part);
    }
    NamedNode::new_unchecked(text)
}

impl std::fmt::Display for Iris {
    /// The base.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.base)
    }
}

impl std::str::FromStr for Iris {
    type Err = Error;

    fn from_str(base: &str) -> Result<Self> {
        Self::new(base)
    }
}

impl Iris {
    /// IRIs under `base`, which must be an absolute IRI ending in `/` or `#`.
    pub fn new(base: &str) -> Result<Self> {
        NamedNode::new(base)
            .map_err(|e| Error::export(format!("invalid base IRI `{base}`: {e}")).caused_by(e))?;
        if !base.ends_with('/') && !base.ends_with('#') {
            return Err(Error::export(format!(
                "invalid base IRI `{base}`: it must end with `/` or `#`"
            )));
        }
        Ok(Self {
            base: base.to_owned(),
        })
    }

    /// The base.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// An entity's or event's IRI.
    pub fn entity(&self, id: &EntityId) -> NamedNode {
        joined(&self.entity_parts(id))
    }

    fn entity_parts<'a>(&'a self, id: &'a EntityId) -> [&'a str; 3] {
        [&self.base, "id/", id.as_str()]
    }

    /// A post's IRI.
    pub fn post(&self, id: &PostId) -> NamedNode {
        joined(&self.post_parts(id))
    }

    fn post_parts<'a>(&'a self, id: &'a PostId) -> [&'a str; 3] {
        [&self.base, "post/", id.as_str()]
    }

    /// A source document's IRI.
    pub fn document(&self, id: &DocumentId) -> NamedNode {
        joined(&self.document_parts(id))
    }

    fn document_parts<'a>(&'a self, id: &'a DocumentId) -> [&'a str; 3] {
        [&self.base, "doc/", id.as_str()]
    }

    /// The named graph of a source document.
    pub fn document_graph(&self, id: &DocumentId) -> NamedNode {
        joined(&self.document_graph_parts(id))
    }

    fn document_graph_parts<'a>(&'a self, id: &'a DocumentId) -> [&'a str; 3] {
        [&self.base, "graph/", id.as_str()]
    }

    /// The named graph of the reference data.
    pub fn gazetteer_graph(&self) -> NamedNode {
        joined(&self.gazetteer_graph_parts())
    }

    fn gazetteer_graph_parts(&self) -> [&str; 2] {
        [&self.base, "graph/gazetteer"]
    }

    /// The named graph of a provenance source.
    pub fn graph_of(&self, source: &Source) -> NamedNode {
        match source {
            Source::Document(id) => self.document_graph(id),
            Source::Gazetteer { .. } => self.gazetteer_graph(),
        }
    }

    /// The IRI of a tenure.
    pub fn tenure(&self, tenure: &Tenure) -> NamedNode {
        iri(&format!(
            "{}tenure/{}--{}--{}",
            self.base, tenure.person, tenure.post, tenure.start
        ))
    }

    /// The slug of an IRI minted for an entity (`{base}id/{slug}`), if it is one.
    pub fn entity_slug<'a>(&self, iri: &'a str) -> Option<&'a str> {
        iri.strip_prefix(&self.base)?.strip_prefix("id/")
    }
}

/// The class IRI of an entity type.
pub fn class_of(kind: EntityType) -> &'static str {
    match kind {
        EntityType::State => dg::STATE,
        EntityType::Ministry => dg::MINISTRY,
        EntityType::Agency => dg::AGENCY,
        EntityType::Official => dg::OFFICIAL,
        EntityType::Organization => dg::ORGANIZATION,
        EntityType::WorkingGroup => dg::WORKING_GROUP,
        EntityType::InternationalForum => dg::INTERNATIONAL_FORUM,
        EntityType::Event => dg::EVENT,
        EntityType::Document => dg::DOCUMENT,
        EntityType::Place => dg::PLACE,
        EntityType::Program => dg::PROGRAM,
    }
}

/// The class IRI of an event type.
pub fn event_class_of(kind: EventType) -> &'static str {
    match kind {
        EventType::Meeting => dg::MEETING,
        EventType::Dialogue => dg::DIALOGUE,
        EventType::Consultation => dg::CONSULTATION,
        EventType::Signing => dg::SIGNING,
        EventType::Agreement => dg::AGREEMENT,
        EventType::Establishment => dg::ESTABLISHMENT,
        EventType::Exercise => dg::EXERCISE,
        EventType::Statement => dg::STATEMENT,
        EventType::Contribution => dg::CONTRIBUTION,
        EventType::Visit => dg::VISIT,
        EventType::Other => dg::OTHER_EVENT,
    }
}

/// The property IRI of a predicate.
pub fn property_of(predicate: Predicate) -> &'static str {
    match predicate {
        Predicate::MemberOf => dg::MEMBER_OF,
        Predicate::HoldsPost => dg::HOLDS_POST,
        Predicate::PartOf => dg::PART_OF,
        Predicate::ParticipatedIn => dg::PARTICIPATED_IN,
        Predicate::Signed => dg::SIGNED,
        Predicate::Established => dg::ESTABLISHED,
        Predicate::AgreedOn => dg::AGREED_ON,
        Predicate::Hosted => dg::HOSTED,
        Predicate::HeldIn => dg::HELD_IN,
        Predicate::Represents => dg::REPRESENTS,
        Predicate::HeadOf => dg::HEAD_OF,
        Predicate::Joined => dg::JOINED,
        Predicate::ContributedTo => dg::CONTRIBUTED_TO,
        Predicate::CooperatesWith => dg::COOPERATES_WITH,
        Predicate::Mentions => dg::MENTIONS,
        Predicate::Issued => dg::ISSUED,
    }
}

/// Hex digits of a statement's hash in its IRI (`{base}stmt/{hash}`).
const STATEMENT_HASH_LEN: usize = 24;

/// A date literal at its own precision.
pub fn date_literal(date: PartialDate) -> Literal {
    Literal::new_typed_literal(date.to_string(), iri(date_datatype(date)))
}

/// The datatype of a date at its own precision.
fn date_datatype(date: PartialDate) -> &'static str {
    match date.xsd_type() {
        "date" => xsd::DATE,
        "gYearMonth" => xsd::G_YEAR_MONTH,
        _ => xsd::G_YEAR,
    }
}

/// An `xsd:date` literal.
pub fn day_literal(date: PartialDate) -> Literal {
    Literal::new_typed_literal(date.to_string(), iri(xsd::DATE))
}

/// Makes one [`Part`] of a [`QuadTable`]: terms are written as N-Triples text straight into the
/// part (no `oxigraph::model` term is made), and a term used several times is written once.
struct QuadSink<'a> {
    iris: &'a Iris,
    part: Part,
    /// A buffer for statements' keys.
    key: String,
}

impl QuadSink<'_> {
    fn new(iris: &Iris, quads: usize) -> QuadSink<'_> {
        QuadSink {
            iris,
            part: Part::with_capacity(quads),
            key: String::new(),
        }
    }

    fn add(&mut self, subject: u32, predicate: &str, object: u32, graph: u32) {
        let predicate = self.part.iri(&[predicate]);
        self.part.push(graph, subject, predicate, object);
    }

    fn add_iri(&mut self, subject: u32, predicate: &str, object: &str, graph: u32) {
        let object = self.part.iri(&[object]);
        self.add(subject, predicate, object, graph);
    }

    fn entity_node(&mut self, id: &EntityId) -> u32 {
        self.part.iri(&self.iris.entity_parts(id))
    }

    fn post_node(&mut self, id: &PostId) -> u32 {
        self.part.iri(&self.iris.post_parts(id))
    }

    fn document_node(&mut self, id: &DocumentId) -> u32 {
        self.part.iri(&self.iris.document_parts(id))
    }

    fn graph_node(&mut self, source: &Source) -> u32 {
        match source {
            Source::Document(id) => self.part.iri(&self.iris.document_graph_parts(id)),
            Source::Gazetteer { .. } => self.gazetteer_graph(),
        }
    }

    fn gazetteer_graph(&mut self) -> u32 {
        self.part.iri(&self.iris.gazetteer_graph_parts())
    }

    fn text(&mut self, subject: u32, predicate: &str, text: &str, lang: Option<&str>, graph: u32) {
        let object = self.part.text(text, lang);
        self.add(subject, predicate, object, graph);
    }

    /// A date literal at its own precision ([`date_literal`]).
    fn date(&mut self, date: PartialDate) -> u32 {
        self.part.typed(date, date_datatype(date))
    }

    /// An `xsd:date` literal ([`day_literal`]).
    fn day(&mut self, date: PartialDate) -> u32 {
        self.part.typed(date, xsd::DATE)
    }

    fn integer(&mut self, value: usize) -> u32 {
        // as `Literal::from(i64)` writes it
        self.part.typed(value as i64, xsd::INTEGER)
    }

    fn dates(
        &mut self,
        subject: u32,
        start: Option<PartialDate>,
        end: Option<PartialDate>,
        graph: u32,
    ) {
        if let Some(start) = start {
            let date = self.date(start);
            self.add(subject, dg::DATE, date, graph);
            let first = self.day(start.first_day());
            self.add(subject, dg::START_DATE, first, graph);
            let last = self.day(end.unwrap_or(start).last_day());
            self.add(subject, dg::END_DATE, last, graph);
        }
        if let Some(end) = end {
            let date = self.date(end);
            self.add(subject, dg::END, date, graph);
        }
    }

    fn labels(&mut self, node: u32, named: &impl Labelled, graph: u32) {
        self.text(node, rdfs::LABEL, named.label_en(), Some("en"), graph);
        if let Some(ja) = named.label_ja() {
            self.text(node, rdfs::LABEL, ja, Some("ja"), graph);
        }
        for alias in named.aliases_en() {
            self.text(node, skos::ALT_LABEL, alias, Some("en"), graph);
        }
        for alias in named.aliases_ja() {
            self.text(node, skos::ALT_LABEL, alias, Some("ja"), graph);
        }
    }

    fn entity(&mut self, entity: &Entity) {
        let graph = match entity.provenance.first() {
            Some(p) => self.graph_node(&p.source),
            None => self.gazetteer_graph(),
        };
        let node = self.entity_node(&entity.id);
        self.add_iri(node, rdf::TYPE, class_of(entity.kind), graph);
        self.labels(node, entity, graph);
        if let Some(qid) = &entity.wikidata {
            let object = self.part.iri(&[vocab::WIKIDATA_ENTITY, qid]);
            self.add(node, owl::SAME_AS, object, graph);
        }
        if let Some(country) = &entity.country {
            let object = self.entity_node(country);
            self.add(node, dg::COUNTRY, object, graph);
        }
        if entity.provisional {
            // as `Literal::from(true)` writes it
            let object = self.part.typed(true, xsd::BOOLEAN);
            self.add(node, dg::PROVISIONAL, object, graph);
        }
        if let Some(info) = &entity.event {
            self.add_iri(node, rdf::TYPE, event_class_of(info.kind), graph);
            self.add_iri(node, dg::EVENT_TYPE, event_class_of(info.kind), graph);
        }
        let (start, end) = entity.interval();
        self.dates(node, start, end, graph);
        for provenance in &entity.provenance {
            if let Source::Gazetteer { file, line } = &provenance.source {
                self.text(
                    node,
                    dg::GAZETTEER_ROW,
                    &format!("{file}:{line}"),
                    None,
                    graph,
                );
            }
        }
    }

    fn post(&mut self, post: &Post) {
        let graph = self.gazetteer_graph();
        let node = self.post_node(&post.id);
        self.add_iri(node, rdf::TYPE, org::POST, graph);
        self.labels(node, post, graph);
        let organization = self.entity_node(&post.organization);
        self.add(node, org::POST_IN, organization, graph);
    }

    fn tenure(&mut self, tenure: &Tenure, kg: &KnowledgeGraph) {
        let graph = self.gazetteer_graph();
        let iri = self.iris.tenure(tenure);
        let iri = iri.as_str();
        let node = self.part.iri(&[iri]);
        let person = self.entity_node(&tenure.person);
        let post = self.post_node(&tenure.post);
        self.add_iri(node, rdf::TYPE, org::MEMBERSHIP, graph);
        self.add(node, org::MEMBER, person, graph);
        self.add(node, org::ROLE, post, graph);
        if let Some(p) = kg.posts.get(&tenure.post) {
            let organization = self.entity_node(&p.organization);
            self.add(node, org::ORGANIZATION, organization, graph);
        }
        self.add(person, org::HOLDS, post, graph);
        let date = self.date(tenure.start);
        self.add(node, dg::DATE, date, graph);
        let first = self.day(tenure.start.first_day());
        self.add(node, dg::START_DATE, first, graph);
        if let Some(end) = tenure.end {
            let date = self.date(end);
            self.add(node, dg::END, date, graph);
            let last = self.day(end.last_day());
            self.add(node, dg::END_DATE, last, graph);
        }
        let interval = self.part.iri(&[iri, "#interval"]);
        let beginning = self.part.iri(&[iri, "#beginning"]);
        self.add(node, org::MEMBER_DURING, interval, graph);
        self.add_iri(interval, rdf::TYPE, time::INTERVAL, graph);
        self.add(interval, time::HAS_BEGINNING, beginning, graph);
        self.add_iri(beginning, rdf::TYPE, time::INSTANT, graph);
        let first = self.day(tenure.start.first_day());
        self.add(beginning, time::IN_XSD_DATE, first, graph);
        if let Some(end) = tenure.end {
            let end_node = self.part.iri(&[iri, "#end"]);
            self.add(interval, time::HAS_END, end_node, graph);
            self.add_iri(end_node, rdf::TYPE, time::INSTANT, graph);
            let last = self.day(end.last_day());
            self.add(end_node, time::IN_XSD_DATE, last, graph);
        }
        if let Some(citation) = &tenure.citation {
            self.text(node, dcterms::SOURCE, citation, None, graph);
        }
    }

    fn object_term(&mut self, object: &Object) -> u32 {
        match object {
            Object::Entity(id) => self.entity_node(id),
            Object::Post(id) => self.post_node(id),
            Object::Literal(text) => self.part.text(text, None),
        }
    }

    fn relation(&mut self, relation: &Relation) {
        let graph = self.graph_node(&relation.provenance.source);
        let subject = self.entity_node(&relation.subject);
        let property = match &relation.predicate {
            RelationKind::Known(p) => property_of(*p),
            RelationKind::Other(_) => dg::RELATED_TO,
        };
        let object = self.object_term(&relation.object);
        self.statement(subject, property, object, relation, graph);
    }

    fn mention(&mut self, mention: &MentionRecord) {
        let graph = self
            .part
            .iri(&self.iris.document_graph_parts(&mention.document));
        let subject = self.document_node(&mention.document);
        let object = self.entity_node(&mention.entity);
        let relation = Relation {
            subject: mention.entity.clone(),
            predicate: RelationKind::Known(Predicate::Mentions),
            object: Object::Entity(mention.entity.clone()),
            date: None,
            provenance: mention.provenance.clone(),
        };
        self.statement(subject, dg::MENTIONS, object, &relation, graph);
    }

    fn statement(
        &mut self,
        subject: u32,
        property: &str,
        object: u32,
        relation: &Relation,
        graph: u32,
    ) {
        let provenance = &relation.provenance;
        self.add(subject, property, object, graph);
        // the statement's IRI is a hash of what it says and where (the key is written into a
        // buffer and hashed at once: written piece by piece into the hasher, it was a tenth of
        // making the quads)
        use std::fmt::Write as _;
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        let subject_text = self.part.get(subject);
        let _ = write!(
            key,
            "{}|{}|{}|{:?}|{:?}|{:?}|{:?}|{}",
            &subject_text[1..subject_text.len() - 1],
            relation.predicate,
            relation.object,
            relation.date,
            provenance.source,
            provenance.sentence,
            provenance.span,
            provenance.rule
        );
        let hash = blake3::hash(key.as_bytes()).to_hex();
        self.key = key;
        let statement = self
            .part
            .iri(&[&self.iris.base, "stmt/", &hash[..STATEMENT_HASH_LEN]]);
        self.add_iri(statement, rdf::TYPE, rdf::STATEMENT, graph);
        self.add(statement, rdf::SUBJECT, subject, graph);
        self.add_iri(statement, rdf::PREDICATE, property, graph);
        self.add(statement, rdf::OBJECT, object, graph);
        if let RelationKind::Other(word) = &relation.predicate {
            self.text(statement, dg::RELATION_WORD, word, None, graph);
        }
        if let Some(date) = relation.date {
            let date = self.date(date);
            self.add(statement, dg::DATE, date, graph);
        }
        self.provenance(statement, provenance, graph);
    }

    fn provenance(&mut self, statement: u32, provenance: &Provenance, graph: u32) {
        match &provenance.source {
            Source::Document(doc) => {
                let document = self.document_node(doc);
                self.add(statement, prov::WAS_DERIVED_FROM, document, graph);
            }
            Source::Gazetteer { file, line } => {
                self.text(
                    statement,
                    dg::GAZETTEER_ROW,
                    &format!("{file}:{line}"),
                    None,
                    graph,
                );
            }
        }
        if let Some(sentence) = provenance.sentence {
            let object = self.integer(sentence);
            self.add(statement, dg::SENTENCE, object, graph);
        }
        if let Some(span) = provenance.span {
            let start = self.integer(span.start);
            self.add(statement, dg::CHAR_START, start, graph);
            let end = self.integer(span.end);
            self.add(statement, dg::CHAR_END, end, graph);
        }
        self.text(statement, dg::RULE, &provenance.rule, None, graph);
        let confidence = format!("{:.3}", provenance.confidence.clamp(0.0, 1.0));
        let object = self.part.typed(confidence, xsd::DECIMAL);
        self.add(statement, dg::CONFIDENCE, object, graph);
        if let Some(evidence) = &provenance.evidence {
            self.text(statement, dg::EVIDENCE, evidence, None, graph);
        }
    }

    fn document(&mut self, kg: &KnowledgeGraph, id: &DocumentId) {
        let Some(meta) = kg.documents.get(id) else {
            return;
        };
        let graph = self.part.iri(&self.iris.document_graph_parts(id));
        let node = self.document_node(id);
        let lang = Some(meta.language.as_str());
        self.add_iri(node, rdf::TYPE, dg::SOURCE_DOCUMENT, graph);
        self.text(node, dcterms::IDENTIFIER, id.as_str(), None, graph);
        self.text(node, dcterms::TITLE, &meta.title, lang, graph);
        if let Some(title_en) = &meta.title_en {
            self.text(node, dcterms::TITLE, title_en, Some("en"), graph);
        }
        self.text(node, dcterms::PUBLISHER, &meta.publisher, None, graph);
        if let Some(author) = &meta.author {
            self.text(node, dcterms::CREATOR, author, None, graph);
        }
        self.text(node, dcterms::SOURCE, &meta.source, None, graph);
        let date = self.date(meta.date);
        self.add(node, dcterms::DATE, date, graph);
        self.text(node, dcterms::LANGUAGE, &meta.language, None, graph);
        self.text(node, dcterms::RIGHTS, &meta.rights, None, graph);
        self.text(node, dg::CONTENT_HASH, &meta.content_hash, None, graph);
    }
}

/// The graph as quads, in a deterministic order (sorted, no duplicates): [`QuadTable::to_quads`]
/// of [`quad_table`].
pub fn to_quads(kg: &KnowledgeGraph, iris: &Iris) -> Vec<Quad> {
    quad_table(kg, iris).to_quads()
}

/// The graph as a [`QuadTable`]: its quads as term ids, sorted, with the ontology's.
///
/// The statements and mentions, most of a large graph, are made in parallel parts of 4,096
/// (the order does not matter: the table is sorted when the parts are merged).
pub fn quad_table(kg: &KnowledgeGraph, iris: &Iris) -> QuadTable {
    const CHUNK: usize = 4096;
    let mut sink = QuadSink::new(iris, 0);
    for id in kg.documents.keys() {
        sink.document(kg, id);
    }
    for entity in kg.entities.values() {
        sink.entity(entity);
    }
    for post in kg.posts.values() {
        sink.post(post);
    }
    for tenure in &kg.tenures {
        sink.tenure(tenure, kg);
    }
    let mut ontology = Part::default();
    let graph = ontology.iri(&[ONTOLOGY_GRAPH]);
    for quad in ontology_quads() {
        let subject = ontology.display(&quad.subject);
        let predicate = ontology.display(&quad.predicate);
        let object = ontology.display(&quad.object);
        ontology.push(graph, subject, predicate, object);
    }
    let relations = kg.relations.par_chunks(CHUNK).map(|chunk| {
        let mut sink = QuadSink::new(iris, chunk.len() * 14);
        chunk.iter().for_each(|relation| sink.relation(relation));
        sink.part
    });
    let mentions = kg.mentions.par_chunks(CHUNK).map(|chunk| {
        let mut sink = QuadSink::new(iris, chunk.len() * 12);
        chunk.iter().for_each(|mention| sink.mention(mention));
        sink.part
    });
    let mut parts: Vec<Part> = relations.chain(mentions).collect();
    parts.push(sink.part);
    parts.push(ontology);
    QuadTable::merge(parts)
}

/// Quads per bulk-loader batch (see [`load`]).
const LOAD_BATCH_QUADS: usize = 512_000;

/// The bulk loader of `store`, in batches of [`LOAD_BATCH_QUADS`] per thread.
fn bulk_loader(store: &Store) -> oxigraph::store::BulkLoader<'_> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    store
        .bulk_loader()
        .with_num_threads(threads)
        .with_max_memory_size_in_megabytes(LOAD_BATCH_QUADS * threads / 1000)
}

/// Load the quads of `table` into a store, as [`load`] does (oxigraph's loader takes them
/// owned, made one batch at a time: the table is not copied whole).
pub fn load_table(store: &Store, table: &QuadTable) -> Result<()> {
    let mut loader = bulk_loader(store);
    loader
        .load_quads(table.owned_quads())
        .map_err(|e| Error::store(e.to_string()).caused_by(e))?;
    loader
        .commit()
        .map_err(|e| Error::store(e.to_string()).caused_by(e))
}

/// Load quads into a store (replacing nothing: the store should be empty or the caller
/// should have cleared the graphs being replaced).
pub fn load(store: &Store, quads: &[Quad]) -> Result<()> {
    // The loader cuts the quads into batches of `memory * 1000 / threads` quads, each encoded,
    // sorted and written to SST files by one thread, then ingested as they are (each batch
    // adds a file to every index). Smaller batches write faster but read slower: with a 1M-quad
    // store, batches of 128k wrote it in 3.7 s instead of 4.5 s, but left 73 files instead of
    // 25 and made reading it all back (`export`) 1.8x slower (10.5 s against 5.9 s). Reads are
    // what a store is for: 512k it is, which also bounds the loader's memory. (Measured before
    // vendor/oxigraph's loader patch, which made every batch size cheaper to write.)
    let mut loader = bulk_loader(store);
    // borrowed, not copied: the exports read the same quads while the store is written
    #[cfg(feature = "patched-oxigraph")]
    loader
        .load_quad_slice(quads)
        .map_err(|e| Error::store(e.to_string()).caused_by(e))?;
    // upstream oxigraph's loader takes owned quads
    #[cfg(not(feature = "patched-oxigraph"))]
    loader
        .load_quads(quads.iter().cloned())
        .map_err(|e| Error::store(e.to_string()).caused_by(e))?;
    loader
        .commit()
        .map_err(|e| Error::store(e.to_string()).caused_by(e))
}

/// Every quad of a store, read one named graph per task in parallel: a store read decodes every
/// term through its own lookup, so a single scan of a million-quad store is slow, and graphs
/// are independent.
pub fn read_quads(store: &Store) -> Result<Vec<Quad>> {
    let err = |e: oxigraph::store::StorageError| Error::store(e.to_string()).caused_by(e);
    let mut graphs: Vec<GraphName> = vec![GraphName::DefaultGraph];
    for graph in store.named_graphs() {
        graphs.push(match graph.map_err(err)? {
            NamedOrBlankNode::NamedNode(node) => GraphName::NamedNode(node),
            NamedOrBlankNode::BlankNode(node) => GraphName::BlankNode(node),
        });
    }
    let parts: Vec<Vec<Quad>> = graphs
        .par_iter()
        .map(|graph| {
            store
                .quads_for_pattern(None, None, None, Some(graph.as_ref()))
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(err)
        })
        .collect::<Result<_>>()?;
    // moved part by part, each freed once moved: the peak is the quads plus one graph's
    let mut quads = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        quads.extend(part);
    }
    Ok(quads)
}

/// An in-memory store holding the graph.
pub fn memory_store(kg: &KnowledgeGraph, iris: &Iris) -> Result<Store> {
    let store = Store::new().map_err(|e| Error::store(e.to_string()).caused_by(e))?;
    load(&store, &to_quads(kg, iris))?;
    Ok(store)
}
