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

pub mod store;
pub mod syntax;
pub mod vocab;

pub use store::{open_store, write_store};

use rustc_hash::FxHashMap;
use std::hash::Hash;

use rayon::prelude::*;

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
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
        joined(&[&self.base, "id/", id.as_str()])
    }

    /// A post's IRI.
    pub fn post(&self, id: &PostId) -> NamedNode {
        joined(&[&self.base, "post/", id.as_str()])
    }

    /// A source document's IRI.
    pub fn document(&self, id: &DocumentId) -> NamedNode {
        joined(&[&self.base, "doc/", id.as_str()])
    }

    /// The named graph of a source document.
    pub fn document_graph(&self, id: &DocumentId) -> NamedNode {
        joined(&[&self.base, "graph/", id.as_str()])
    }

    /// The named graph of the reference data.
    pub fn gazetteer_graph(&self) -> NamedNode {
        joined(&[&self.base, "graph/gazetteer"])
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

    fn statement(&self, key: &blake3::Hasher) -> NamedNode {
        let hash = key.finalize().to_hex();
        joined(&[&self.base, "stmt/", &hash[..24]])
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

/// A date literal at its own precision.
pub fn date_literal(date: PartialDate) -> Literal {
    let datatype = match date.xsd_type() {
        "date" => xsd::DATE,
        "gYearMonth" => xsd::G_YEAR_MONTH,
        _ => xsd::G_YEAR,
    };
    Literal::new_typed_literal(date.to_string(), iri(datatype))
}

/// An `xsd:date` literal.
pub fn day_literal(date: PartialDate) -> Literal {
    Literal::new_typed_literal(date.to_string(), iri(xsd::DATE))
}

struct QuadSink<'a> {
    iris: &'a Iris,
    quads: Vec<Quad>,
}

impl QuadSink<'_> {
    fn add(
        &mut self,
        subject: &NamedNode,
        predicate: &str,
        object: impl Into<Term>,
        graph: &NamedNode,
    ) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(subject.clone()),
            iri(predicate),
            object.into(),
            GraphName::NamedNode(graph.clone()),
        ));
    }

    fn add_iri(&mut self, subject: &NamedNode, predicate: &str, object: &str, graph: &NamedNode) {
        self.add(subject, predicate, iri(object), graph);
    }

    fn text(
        &mut self,
        subject: &NamedNode,
        predicate: &str,
        text: &str,
        lang: Option<&str>,
        graph: &NamedNode,
    ) {
        let literal = match lang {
            Some(lang) => Literal::new_language_tagged_literal_unchecked(text, lang),
            None => Literal::new_simple_literal(text),
        };
        self.add(subject, predicate, literal, graph);
    }

    fn dates(
        &mut self,
        subject: &NamedNode,
        start: Option<PartialDate>,
        end: Option<PartialDate>,
        graph: &NamedNode,
    ) {
        if let Some(start) = start {
            self.add(subject, dg::DATE, date_literal(start), graph);
            self.add(
                subject,
                dg::START_DATE,
                day_literal(start.first_day()),
                graph,
            );
            let last = end.unwrap_or(start).last_day();
            self.add(subject, dg::END_DATE, day_literal(last), graph);
        }
        if let Some(end) = end {
            self.add(subject, dg::END, date_literal(end), graph);
        }
    }

    fn labels(&mut self, node: &NamedNode, named: &impl Labelled, graph: &NamedNode) {
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
        let graph = entity.provenance.first().map_or_else(
            || self.iris.gazetteer_graph(),
            |p| self.iris.graph_of(&p.source),
        );
        let node = self.iris.entity(&entity.id);
        self.add_iri(&node, rdf::TYPE, class_of(entity.kind), &graph);
        self.labels(&node, entity, &graph);
        if let Some(qid) = &entity.wikidata {
            self.add_iri(
                &node,
                owl::SAME_AS,
                &format!("{}{qid}", vocab::WIKIDATA_ENTITY),
                &graph,
            );
        }
        if let Some(country) = &entity.country {
            let object = self.iris.entity(country);
            self.add(&node, dg::COUNTRY, object, &graph);
        }
        if entity.provisional {
            self.add(&node, dg::PROVISIONAL, Literal::from(true), &graph);
        }
        if let Some(info) = &entity.event {
            self.add_iri(&node, rdf::TYPE, event_class_of(info.kind), &graph);
            self.add_iri(&node, dg::EVENT_TYPE, event_class_of(info.kind), &graph);
        }
        let (start, end) = entity.interval();
        self.dates(&node, start, end, &graph);
        for provenance in &entity.provenance {
            if let Source::Gazetteer { file, line } = &provenance.source {
                self.text(
                    &node,
                    dg::GAZETTEER_ROW,
                    &format!("{file}:{line}"),
                    None,
                    &graph,
                );
            }
        }
    }

    fn post(&mut self, post: &Post) {
        let graph = self.iris.gazetteer_graph();
        let node = self.iris.post(&post.id);
        self.add_iri(&node, rdf::TYPE, org::POST, &graph);
        self.labels(&node, post, &graph);
        let organization = self.iris.entity(&post.organization);
        self.add(&node, org::POST_IN, organization, &graph);
    }

    fn tenure(&mut self, tenure: &Tenure, kg: &KnowledgeGraph) {
        let graph = self.iris.gazetteer_graph();
        let node = self.iris.tenure(tenure);
        let person = self.iris.entity(&tenure.person);
        let post = self.iris.post(&tenure.post);
        self.add_iri(&node, rdf::TYPE, org::MEMBERSHIP, &graph);
        self.add(&node, org::MEMBER, person.clone(), &graph);
        self.add(&node, org::ROLE, post.clone(), &graph);
        if let Some(p) = kg.posts.get(&tenure.post) {
            let organization = self.iris.entity(&p.organization);
            self.add(&node, org::ORGANIZATION, organization, &graph);
        }
        self.add(&person, org::HOLDS, post, &graph);
        self.add(&node, dg::DATE, date_literal(tenure.start), &graph);
        self.add(
            &node,
            dg::START_DATE,
            day_literal(tenure.start.first_day()),
            &graph,
        );
        if let Some(end) = tenure.end {
            self.add(&node, dg::END, date_literal(end), &graph);
            self.add(&node, dg::END_DATE, day_literal(end.last_day()), &graph);
        }
        let interval = joined(&[node.as_str(), "#interval"]);
        let beginning = joined(&[node.as_str(), "#beginning"]);
        self.add(&node, org::MEMBER_DURING, interval.clone(), &graph);
        self.add_iri(&interval, rdf::TYPE, time::INTERVAL, &graph);
        self.add(&interval, time::HAS_BEGINNING, beginning.clone(), &graph);
        self.add_iri(&beginning, rdf::TYPE, time::INSTANT, &graph);
        self.add(
            &beginning,
            time::IN_XSD_DATE,
            day_literal(tenure.start.first_day()),
            &graph,
        );
        if let Some(end) = tenure.end {
            let end_node = joined(&[node.as_str(), "#end"]);
            self.add(&interval, time::HAS_END, end_node.clone(), &graph);
            self.add_iri(&end_node, rdf::TYPE, time::INSTANT, &graph);
            self.add(
                &end_node,
                time::IN_XSD_DATE,
                day_literal(end.last_day()),
                &graph,
            );
        }
        if let Some(citation) = &tenure.citation {
            self.text(&node, dcterms::SOURCE, citation, None, &graph);
        }
    }

    fn object_term(&self, object: &Object) -> Term {
        match object {
            Object::Entity(id) => self.iris.entity(id).into(),
            Object::Post(id) => self.iris.post(id).into(),
            Object::Literal(text) => Literal::new_simple_literal(text).into(),
        }
    }

    fn relation(&mut self, relation: &Relation) {
        let provenance = &relation.provenance;
        let graph = self.iris.graph_of(&provenance.source);
        let subject = self.iris.entity(&relation.subject);
        let property = match &relation.predicate {
            RelationKind::Known(p) => property_of(*p),
            RelationKind::Other(_) => dg::RELATED_TO,
        };
        let object = self.object_term(&relation.object);
        self.statement(subject, property, object, relation, &graph);
    }

    fn mention(&mut self, mention: &MentionRecord) {
        let graph = self.iris.document_graph(&mention.document);
        let subject = self.iris.document(&mention.document);
        let object: Term = self.iris.entity(&mention.entity).into();
        let relation = Relation {
            subject: mention.entity.clone(),
            predicate: RelationKind::Known(Predicate::Mentions),
            object: Object::Entity(mention.entity.clone()),
            date: None,
            provenance: mention.provenance.clone(),
        };
        self.statement(subject, dg::MENTIONS, object, &relation, &graph);
    }

    fn statement(
        &mut self,
        subject: NamedNode,
        property: &str,
        object: Term,
        relation: &Relation,
        graph: &NamedNode,
    ) {
        let provenance = &relation.provenance;
        let graph = graph.clone();
        self.add(&subject, property, object.clone(), &graph);
        // the statement's IRI is a hash of what it says and where: the key is written into the
        // hasher, not into a string first (writing to a hasher cannot fail)
        use std::io::Write as _;
        let mut key = blake3::Hasher::new();
        let _ = write!(
            key,
            "{}|{}|{}|{:?}|{:?}|{:?}|{:?}|{}",
            subject.as_str(),
            relation.predicate,
            relation.object,
            relation.date,
            provenance.source,
            provenance.sentence,
            provenance.span,
            provenance.rule
        );
        let statement = self.iris.statement(&key);
        self.add_iri(&statement, rdf::TYPE, rdf::STATEMENT, &graph);
        self.add(&statement, rdf::SUBJECT, subject, &graph);
        self.add_iri(&statement, rdf::PREDICATE, property, &graph);
        self.add(&statement, rdf::OBJECT, object, &graph);
        if let RelationKind::Other(word) = &relation.predicate {
            self.text(&statement, dg::RELATION_WORD, word, None, &graph);
        }
        if let Some(date) = relation.date {
            self.add(&statement, dg::DATE, date_literal(date), &graph);
        }
        self.provenance(&statement, provenance, &graph);
    }

    fn provenance(&mut self, statement: &NamedNode, provenance: &Provenance, graph: &NamedNode) {
        match &provenance.source {
            Source::Document(doc) => {
                let document = self.iris.document(doc);
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
            self.add(
                statement,
                dg::SENTENCE,
                Literal::from(sentence as i64),
                graph,
            );
        }
        if let Some(span) = provenance.span {
            self.add(
                statement,
                dg::CHAR_START,
                Literal::from(span.start as i64),
                graph,
            );
            self.add(
                statement,
                dg::CHAR_END,
                Literal::from(span.end as i64),
                graph,
            );
        }
        self.text(statement, dg::RULE, &provenance.rule, None, graph);
        let confidence = format!("{:.3}", provenance.confidence.clamp(0.0, 1.0));
        self.add(
            statement,
            dg::CONFIDENCE,
            Literal::new_typed_literal(confidence, iri(xsd::DECIMAL)),
            graph,
        );
        if let Some(evidence) = &provenance.evidence {
            self.text(statement, dg::EVIDENCE, evidence, None, graph);
        }
    }

    fn document(&mut self, kg: &KnowledgeGraph, id: &DocumentId) {
        let Some(meta) = kg.documents.get(id) else {
            return;
        };
        let graph = self.iris.document_graph(id);
        let node = self.iris.document(id);
        let lang = Some(meta.language.as_str());
        self.add_iri(&node, rdf::TYPE, dg::SOURCE_DOCUMENT, &graph);
        self.text(&node, dcterms::IDENTIFIER, id.as_str(), None, &graph);
        self.text(&node, dcterms::TITLE, &meta.title, lang, &graph);
        if let Some(title_en) = &meta.title_en {
            self.text(&node, dcterms::TITLE, title_en, Some("en"), &graph);
        }
        self.text(&node, dcterms::PUBLISHER, &meta.publisher, None, &graph);
        if let Some(author) = &meta.author {
            self.text(&node, dcterms::CREATOR, author, None, &graph);
        }
        self.text(&node, dcterms::SOURCE, &meta.source, None, &graph);
        self.add(&node, dcterms::DATE, date_literal(meta.date), &graph);
        self.text(&node, dcterms::LANGUAGE, &meta.language, None, &graph);
        self.text(&node, dcterms::RIGHTS, &meta.rights, None, &graph);
        self.text(&node, dg::CONTENT_HASH, &meta.content_hash, None, &graph);
    }
}

/// The graph as quads, in a deterministic order (sorted, no duplicates).
pub fn to_quads(kg: &KnowledgeGraph, iris: &Iris) -> Vec<Quad> {
    let mut sink = QuadSink {
        iris,
        quads: Vec::new(),
    };
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
    // Statements are most of a large graph: made in parallel chunks (the order does not
    // matter, the quads are sorted below).
    const CHUNK: usize = 4096;
    let relations: Vec<Vec<Quad>> = kg
        .relations
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut sink = QuadSink {
                iris,
                quads: Vec::with_capacity(chunk.len() * 14),
            };
            chunk.iter().for_each(|relation| sink.relation(relation));
            sink.quads
        })
        .collect();
    let mentions: Vec<Vec<Quad>> = kg
        .mentions
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut sink = QuadSink {
                iris,
                quads: Vec::with_capacity(chunk.len() * 12),
            };
            chunk.iter().for_each(|mention| sink.mention(mention));
            sink.quads
        })
        .collect();
    let mut quads = sink.quads;
    let total = quads.len()
        + relations.iter().map(Vec::len).sum::<usize>()
        + mentions.iter().map(Vec::len).sum::<usize>();
    quads.reserve_exact(total - quads.len());
    quads.extend(relations.into_iter().flatten());
    quads.extend(mentions.into_iter().flatten());
    quads.extend(ontology_quads());
    let order = quad_order(&quads, QuadOrder::Quads, PredicateKey::Iri);
    permute(&mut quads, &order);
    quads
}

/// What [`quad_order`] sorts and de-duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuadOrder {
    /// Whole quads: by graph name, subject, predicate, object.
    Quads,
    /// Triples (graph names ignored): by subject, predicate, object; one index per triple.
    Triples,
}

/// How predicates are compared: by IRI text or by N-Triples form (`<iri>`), which differ
/// when an IRI is a prefix of another followed by a char below `>` (`/`, `-`, digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PredicateKey {
    /// The IRI text.
    Iri,
    /// The N-Triples form.
    NTriples,
}

/// The rank of each key among the distinct keys, in the order of their text forms (ties broken
/// by first appearance, so the result is deterministic): one hash lookup per key, and one text
/// form per distinct key.
fn ranks<K>(keys: impl Iterator<Item = K>, text: impl Fn(K) -> String + Sync) -> Vec<u32>
where
    K: Copy + Eq + Hash + Send + Sync,
{
    // FxHash, not SipHash: the keys are our own terms (no untrusted collisions to resist), and
    // hashing every term of every quad was a tenth of a large build's time
    let mut ids: FxHashMap<K, u32> = FxHashMap::default();
    let mut distinct: Vec<K> = Vec::new();
    let first: Vec<u32> = keys
        .map(|key| {
            *ids.entry(key).or_insert_with(|| {
                distinct.push(key);
                (distinct.len() - 1) as u32
            })
        })
        .collect();
    drop(ids);
    let mut texts: Vec<(String, u32)> = distinct
        .into_par_iter()
        .enumerate()
        .map(|(id, key)| (text(key), id as u32))
        .collect();
    texts.par_sort_unstable();
    let mut rank_of = vec![0u32; texts.len()];
    for (rank, (_, id)) in texts.into_iter().enumerate() {
        rank_of[id as usize] = rank as u32;
    }
    // in place: ids become ranks (no second vector of the quads' length)
    let mut ranked = first;
    ranked
        .par_iter_mut()
        .for_each(|id| *id = rank_of[*id as usize]);
    ranked
}

/// The indices of `quads` in sorted order, one per distinct quad (or triple). Sorting is by
/// the N-Triples forms of the terms (as strings), computed once per distinct term: sorting
/// millions of quads by freshly formatted strings was the bottleneck of large builds.
pub fn quad_order(quads: &[Quad], order: QuadOrder, predicate: PredicateKey) -> Vec<usize> {
    // One position at a time (each ranking is parallel inside): at 10M quads, ranking the four
    // at once held four hash maps and four sets of term texts together and pushed a build's
    // peak memory near 8 GiB.
    let graphs = match order {
        QuadOrder::Quads => ranks(quads.iter().map(|q| q.graph_name.as_ref()), |g| {
            g.to_string()
        }),
        QuadOrder::Triples => vec![0; quads.len()],
    };
    let subjects = ranks(quads.iter().map(|q| q.subject.as_ref()), |s| s.to_string());
    let predicates = ranks(
        quads.iter().map(|q| q.predicate.as_ref()),
        |p| match predicate {
            PredicateKey::Iri => p.as_str().to_owned(),
            PredicateKey::NTriples => p.to_string(),
        },
    );
    let objects = ranks(quads.iter().map(|q| q.object.as_ref()), |o| o.to_string());
    let mut keys: Vec<([u32; 4], u32)> = (0..quads.len())
        .into_par_iter()
        .map(|i| {
            (
                [graphs[i], subjects[i], predicates[i], objects[i]],
                i as u32,
            )
        })
        .collect();
    drop((graphs, subjects, predicates, objects));
    keys.par_sort_unstable();
    keys.dedup_by_key(|(key, _)| *key);
    keys.into_iter().map(|(_, i)| i as usize).collect()
}

/// Keep the quads at `order`, in that order.
fn permute(quads: &mut Vec<Quad>, order: &[usize]) {
    let mut slots: Vec<Option<Quad>> = std::mem::take(quads).into_iter().map(Some).collect();
    quads.reserve_exact(order.len());
    quads.extend(order.iter().filter_map(|i| slots[*i].take()));
}

/// Quads per bulk-loader batch (see [`load`]).
const LOAD_BATCH_QUADS: usize = 512_000;

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
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut loader = store
        .bulk_loader()
        .with_num_threads(threads)
        .with_max_memory_size_in_megabytes(LOAD_BATCH_QUADS * threads / 1000);
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
