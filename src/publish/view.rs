//! What a page shows about one resource, read from the store.
//!
//! A [`Site`] wraps a (read-only) store and answers the questions a linked-data page asks:
//! the labels, types and facts of a resource, its relations to other resources (with the
//! documents each relation comes from), the events it is linked to in date order, and the
//! provenance sentences (`rdf:Statement` records) behind what is said about it. The HTML
//! renderer ([`super::html`]) only formats these views, so `serve` and `publish` show the same
//! page.
//!
//! Invariants: every list in a view is sorted (by date, label or IRI), so the same store
//! always gives the same page; nothing here writes to the store.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, RwLock};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef, Triple,
};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::rdf::Iris;
use crate::rdf::syntax::display_term;
use crate::rdf::vocab::{dcterms, dg, org, owl, prov, rdf, rdfs, skos};

/// English labels of the terms from other vocabularies that pages show.
const EXTERNAL_LABELS: &[(&str, &str)] = &[
    (dcterms::TITLE, "title"),
    (dcterms::DATE, "date"),
    (dcterms::IDENTIFIER, "identifier"),
    (dcterms::LANGUAGE, "language"),
    (dcterms::PUBLISHER, "publisher"),
    (dcterms::CREATOR, "author"),
    (dcterms::RIGHTS, "rights"),
    (dcterms::SOURCE, "source"),
    (owl::SAME_AS, "same as"),
    (org::POST_IN, "post in"),
    (org::MEMBER, "member"),
    (org::ROLE, "role"),
    (org::ORGANIZATION, "organization"),
    (org::HOLDS, "holds"),
    (org::MEMBER_DURING, "member during"),
    (org::POST, "Post"),
    (org::MEMBERSHIP, "Membership"),
    (rdf::STATEMENT, "Statement"),
    (rdf::SUBJECT, "subject"),
    (rdf::PREDICATE, "predicate"),
    (rdf::OBJECT, "object"),
    (prov::WAS_DERIVED_FROM, "derived from"),
];

/// English and Japanese labels of a resource (either may be missing).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Labels {
    /// The English label.
    pub en: Option<String>,
    /// The Japanese label.
    pub ja: Option<String>,
    /// A label without a language tag (or in another language).
    pub other: Option<String>,
}

impl Labels {
    /// The label to show first: English, then untagged, then Japanese.
    pub fn main(&self) -> Option<&str> {
        self.en
            .as_deref()
            .or(self.other.as_deref())
            .or(self.ja.as_deref())
    }

    /// The Japanese label when it is not already the main one.
    pub fn secondary(&self) -> Option<&str> {
        match (&self.ja, self.main()) {
            (Some(ja), Some(main)) if ja != main => Some(ja),
            _ => None,
        }
    }

    fn add(&mut self, text: &str, lang: Option<&str>) {
        let slot = match lang {
            Some(tag) if tag.eq_ignore_ascii_case("en") || tag.starts_with("en-") => &mut self.en,
            Some(tag) if tag.eq_ignore_ascii_case("ja") || tag.starts_with("ja-") => &mut self.ja,
            _ => &mut self.other,
        };
        // Keep the smallest label when there are several, so pages are deterministic.
        if slot.as_deref().is_none_or(|old| text < old) {
            *slot = Some(text.to_owned());
        }
    }
}

/// A resource with its labels.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Named {
    /// Its IRI.
    pub iri: String,
    /// Its labels.
    pub labels: Labels,
}

impl Named {
    /// The label to show, or the IRI when there is none.
    pub fn text(&self) -> &str {
        self.labels.main().unwrap_or(&self.iri)
    }
}

/// A value of a property: a literal or a resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Value {
    /// A resource.
    Node(Named),
    /// A literal.
    Literal {
        /// Its lexical form.
        text: String,
        /// Its language tag.
        lang: Option<String>,
        /// Its datatype IRI.
        datatype: String,
    },
}

/// A literal-valued property of a resource (dates, identifiers, hashes ...).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fact {
    /// The property.
    pub property: Named,
    /// The value.
    pub value: Value,
}

/// One end of a relation, with the documents (or the gazetteer) it comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// The resource at the other end.
    pub node: Named,
    /// Where the relation is stated: source documents, or the gazetteer graph.
    pub sources: Vec<Named>,
}

/// The relations of a resource through one property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkGroup {
    /// The property.
    pub property: Named,
    /// The other ends on this page, sorted by label.
    pub targets: Vec<Target>,
    /// How many other ends there are in all (on every page).
    pub total: usize,
}

/// What a timeline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimelineKind {
    /// An event linked to the resource.
    Event,
    /// A post held (an `org:Membership` with a time interval).
    Tenure,
}

/// One entry of a resource's timeline.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimelineEntry {
    /// First day (`xsd:date`), the sort key.
    pub start: String,
    /// The date at its own precision, as stored (`2013`, `2013-10`, `2013-10-03`).
    pub date: String,
    /// End date at its own precision, when there is one.
    pub end: Option<String>,
    /// The event or the post.
    pub node: Named,
    /// The event's class (`dg:Dialogue` ...) or `org:Post`.
    pub kind: Option<Named>,
    /// How the resource is linked to it (`dg:participatedIn` ...).
    pub relation: Named,
    /// True when the link points from the event to this resource.
    pub incoming: bool,
    /// Event or tenure.
    pub entry: TimelineKind,
}

/// Where a timeline entry goes: (start, resource, relation, incoming, a tenure's end), mapped
/// to the tenure's entry (events are read only when on the page).
type TimelineKey = (String, String, String, bool, Option<String>);

/// A provenance record: one statement, the sentence it was read from and its document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Evidence {
    /// The source document (absent for gazetteer facts).
    pub document: Option<Named>,
    /// 0-based sentence index in the document.
    pub sentence: Option<i64>,
    /// The statement's subject.
    pub subject: Named,
    /// The statement's property.
    pub property: Named,
    /// The statement's object.
    pub object: Value,
    /// The evidence sentence, verbatim.
    pub text: Option<String>,
    /// The language of the document (`ja`, `en`).
    pub lang: Option<String>,
    /// The rule that produced the statement.
    pub rule: Option<String>,
    /// Confidence, 0 to 1.
    pub confidence: Option<String>,
    /// The date the statement is about.
    pub date: Option<String>,
    /// The word of an `other:<word>` relation.
    pub word: Option<String>,
    /// The gazetteer `file:line` of a reference fact.
    pub gazetteer_row: Option<String>,
    /// The statement record's IRI.
    pub statement: String,
    /// True when the sentence is left out ([`Evidence::text`] is `None`): its document's
    /// rights do not allow reuse ([`reuse_allowed`]) and the site was not asked to include
    /// restricted quotes ([`Site::include_restricted_quotes`]).
    pub withheld: bool,
}

/// Whether a document's `rights` statement allows republishing its sentences verbatim: not
/// when it reserves all rights or forbids reproduction.
///
/// ```
/// use diplograph::publish::view::reuse_allowed;
/// assert!(reuse_allowed("Government of Japan publication; reusable with attribution"));
/// assert!(!reuse_allowed("© Hitachi Systems, Ltd. All rights reserved by the publisher"));
/// ```
pub fn reuse_allowed(rights: &str) -> bool {
    let rights = rights.to_lowercase();
    ![
        "all rights reserved",
        "no reproduction",
        "無断転載",
        "無断複製",
    ]
    .iter()
    .any(|phrase| rights.contains(phrase))
}

/// Everything a page shows about one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceView {
    /// The resource.
    pub iri: String,
    /// Its labels (`rdfs:label`, or `dcterms:title` for documents).
    pub labels: Labels,
    /// Other names (`skos:altLabel`), sorted.
    pub alt_labels: Vec<(String, Option<String>)>,
    /// Its classes.
    pub types: Vec<Named>,
    /// Literal-valued properties, sorted by property then value.
    pub facts: Vec<Fact>,
    /// Relations from this resource, grouped by property.
    pub outgoing: Vec<LinkGroup>,
    /// Relations to this resource, grouped by property.
    pub incoming: Vec<LinkGroup>,
    /// Linked events and posts held, by date (this page's).
    pub timeline: Vec<TimelineEntry>,
    /// How many timeline entries there are in all.
    pub timeline_total: usize,
    /// Provenance of the statements about this resource (or, for a source document, of the
    /// statements derived from it), by document and sentence (this page's).
    pub evidence: Vec<Evidence>,
    /// How many provenance records there are in all.
    pub evidence_total: usize,
    /// Which page of the lists this view holds.
    pub paging: Paging,
    /// True for a source document (its evidence is what was read from it).
    pub is_document: bool,
    /// The class of each resource this one links to or is linked from ([`main_class`] of its
    /// types), by IRI: what the neighbourhood picture colours nodes by.
    pub classes: BTreeMap<String, String>,
}

impl ResourceView {
    /// The number of pages: enough for the longest list (at least 1).
    pub fn pages(&self) -> usize {
        let longest = self
            .outgoing
            .iter()
            .chain(&self.incoming)
            .map(|g| g.total)
            .chain([self.timeline_total, self.evidence_total])
            .max()
            .unwrap_or(0);
        longest.div_ceil(self.paging.per_page).max(1)
    }
}

/// Which part of a resource's lists a view holds. Each list (the other ends of each property,
/// the timeline, the provenance records) is cut, in its sorted order, into pages of
/// `per_page` items; page `page` (from 1) holds the `page`-th cut of every list, so a hub's
/// page costs what `per_page` items cost, however many it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The page, from 1.
    pub page: usize,
    /// Items of each list on a page (at least 1).
    pub per_page: usize,
}

impl Paging {
    /// Everything on one page (what `publish` and `plot` show).
    pub const ALL: Self = Self {
        page: 1,
        per_page: usize::MAX,
    };

    /// Page `page` (from 1; 0 is taken as 1) of `per_page` items per list (at least 1).
    ///
    /// ```
    /// use diplograph::publish::view::Paging;
    /// let second = Paging::new(2, 100);
    /// assert_eq!(second.range(250), 100..200);
    /// assert_eq!(second.range(150), 100..150);
    /// assert_eq!(second.range(50), 50..50);
    /// assert!(second.continues(201) && !second.continues(200));
    /// ```
    pub fn new(page: usize, per_page: usize) -> Self {
        Self {
            page: page.max(1),
            per_page: per_page.max(1),
        }
    }

    /// The positions of a list of `total` items that are on this page.
    pub fn range(&self, total: usize) -> std::ops::Range<usize> {
        let start = (self.page - 1).saturating_mul(self.per_page).min(total);
        start..start.saturating_add(self.per_page).min(total)
    }

    /// True when a list of `total` items goes on after this page.
    pub fn continues(&self, total: usize) -> bool {
        self.page.saturating_mul(self.per_page) < total
    }
}

/// The class a resource is shown as: `dg:Event` for events (their kind is a type too), else
/// its first diplograph class, else its first class.
pub fn main_class<'a>(types: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut first = None;
    let mut diplograph = None;
    for class in types {
        if class == dg::EVENT {
            return Some(class);
        }
        first = first.or(Some(class));
        if class.starts_with(dg::NS) {
            diplograph = diplograph.or(Some(class));
        }
    }
    diplograph.or(first)
}

/// The local name of an IRI: what follows its last `#` or `/` (`State` for `dg:State`).
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

/// An entry of the entity index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IndexEntry {
    /// The class it is listed under.
    pub class: Named,
    /// The entity.
    pub node: Named,
}

/// Counts of the dataset (for the home page and the VoID description).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Quads in the store.
    pub quads: usize,
    /// Distinct triples over all graphs.
    pub triples: usize,
    /// Distinct subjects.
    pub distinct_subjects: usize,
    /// Distinct objects.
    pub distinct_objects: usize,
    /// Distinct properties.
    pub properties: usize,
    /// Distinct classes.
    pub classes: usize,
    /// Entities and events (`{base}id/...` resources with a type).
    pub entities: usize,
    /// Statements with a provenance record (`rdf:Statement`), mentions not counted: the
    /// statements `build` counts.
    pub statements: usize,
    /// Mentions of entities in documents (provenance records of `dg:mentions`).
    pub mentions: usize,
    /// Named graphs with their triple counts.
    pub graphs: BTreeMap<String, usize>,
    /// Instances per class (`{base}id/` resources only), by class IRI.
    pub class_counts: BTreeMap<String, usize>,
    /// Source documents.
    pub documents: Vec<Named>,
    /// The `dcterms:rights` of each source document that states them, by document IRI.
    pub rights: BTreeMap<String, String>,
    /// The best-connected entity (an example resource), if any.
    pub example: Option<Named>,
}

/// A store seen as a linked-data site under a base IRI.
#[derive(Clone)]
pub struct Site {
    store: Store,
    base: Iris,
    ontology: BTreeMap<String, Labels>,
    /// Labels already read (the store is read-only, so they never change).
    labels: Arc<RwLock<HashMap<String, Labels>>>,
    /// Languages of source documents already read.
    languages: Arc<RwLock<HashMap<String, Option<String>>>>,
    /// Show the sentences of sources whose rights do not allow reuse.
    restricted_quotes: bool,
}

/// The statements about one subject, by property (objects sorted).
#[derive(Default)]
struct SubjectFacts(BTreeMap<String, Vec<Term>>);

impl SubjectFacts {
    fn text(&self, property: &str) -> Option<String> {
        self.0
            .get(property)?
            .iter()
            .find_map(|t| literal_text(t).map(ToOwned::to_owned))
    }

    fn iri(&self, property: &str) -> Option<String> {
        self.0.get(property)?.iter().find_map(|t| match t {
            Term::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        })
    }
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

fn hash_of(value: &impl Hash) -> u64 {
    // `DefaultHasher::new` has fixed keys: the same term always gives the same hash.
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

fn store_error(e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::store(e.to_string()).caused_by(e)
}

fn node(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn literal_text(term: &Term) -> Option<&str> {
    match term {
        Term::Literal(l) => Some(l.value()),
        _ => None,
    }
}

impl Site {
    /// A site over `store` whose resources are under `base`. Class and property labels come
    /// from the ontology ([`crate::rdf::ONTOLOGY_TTL`]).
    pub fn new(store: Store, base: &Iris) -> Result<Self> {
        let mut ontology: BTreeMap<String, Labels> = BTreeMap::new();
        for quad in
            RdfParser::from_format(RdfFormat::Turtle).for_slice(crate::rdf::ONTOLOGY_TTL.as_bytes())
        {
            let quad = quad.map_err(|e| Error::export(format!("ontology: {e}")).caused_by(e))?;
            if quad.predicate.as_str() != rdfs::LABEL {
                continue;
            }
            if let (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) =
                (&quad.subject, &quad.object)
            {
                ontology
                    .entry(s.as_str().to_owned())
                    .or_default()
                    .add(l.value(), l.language());
            }
        }
        Ok(Self {
            store,
            base: base.clone(),
            ontology,
            labels: Arc::default(),
            languages: Arc::default(),
            // shown unless the caller decides otherwise: `publish` leaves them out by default,
            // `serve` is to follow (its flag is not there yet)
            restricted_quotes: true,
        })
    }

    /// Show (`true`, what [`Site::new`] does) or leave out (`false`, what `publish` does unless
    /// asked) the verbatim evidence sentences of source documents whose rights do not allow
    /// reuse ([`reuse_allowed`]), on pages and in the data of each resource.
    #[must_use]
    pub fn include_restricted_quotes(mut self, include: bool) -> Self {
        self.restricted_quotes = include;
        self
    }

    /// Whether the sentences of `document` are left out (see [`Self::include_restricted_quotes`]).
    pub fn withholds(&self, document: &str) -> Result<bool> {
        if self.restricted_quotes {
            return Ok(false);
        }
        let rights = self.quads(Some(&node(document)), Some(dcterms::RIGHTS), None)?;
        Ok(rights
            .iter()
            .filter_map(|q| literal_text(&q.object))
            .any(|r| !reuse_allowed(r)))
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The IRIs of the data.
    pub fn base(&self) -> &Iris {
        &self.base
    }

    fn quads(
        &self,
        subject: Option<&NamedNode>,
        predicate: Option<&str>,
        object: Option<TermRef<'_>>,
    ) -> Result<Vec<Quad>> {
        let predicate = predicate.map(NamedNodeRef::new_unchecked);
        self.store
            .quads_for_pattern(
                subject.map(|s| s.as_ref().into()),
                predicate,
                object,
                None::<GraphNameRef<'_>>,
            )
            .collect::<Result<Vec<_>, _>>()
            .map_err(store_error)
    }

    fn objects(&self, subject: &NamedNode, predicate: &str) -> Result<Vec<Term>> {
        let mut objects: Vec<Term> = self
            .quads(Some(subject), Some(predicate), None)?
            .into_iter()
            .map(|q| q.object)
            .collect();
        objects.sort_by_key(ToString::to_string);
        objects.dedup();
        Ok(objects)
    }

    fn first_text(&self, subject: &NamedNode, predicate: &str) -> Result<Option<String>> {
        Ok(self
            .objects(subject, predicate)?
            .iter()
            .find_map(|t| literal_text(t).map(ToOwned::to_owned)))
    }

    /// The labels of a resource: `rdfs:label` (or `dcterms:title`), or the ontology's.
    pub fn labels(&self, iri: &str) -> Result<Labels> {
        if let Some(labels) = self.ontology.get(iri) {
            return Ok(labels.clone());
        }
        if let Some((_, en)) = EXTERNAL_LABELS.iter().find(|(term, _)| *term == iri) {
            return Ok(Labels {
                en: Some((*en).to_owned()),
                ..Labels::default()
            });
        }
        if let Some(labels) = self
            .labels
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(iri)
        {
            return Ok(labels.clone());
        }
        let subject = node(iri);
        let mut labels = Labels::default();
        for predicate in [rdfs::LABEL, dcterms::TITLE] {
            for term in self.objects(&subject, predicate)? {
                if let Term::Literal(l) = term {
                    labels.add(l.value(), l.language());
                }
            }
            if labels.main().is_some() {
                break;
            }
        }
        self.labels
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(iri.to_owned(), labels.clone());
        Ok(labels)
    }

    /// The language of a source document (`dcterms:language`), cached like labels.
    fn language(&self, document: &str) -> Result<Option<String>> {
        if let Some(lang) = self
            .languages
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(document)
        {
            return Ok(lang.clone());
        }
        let lang = self.first_text(&node(document), dcterms::LANGUAGE)?;
        self.languages
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(document.to_owned(), lang.clone());
        Ok(lang)
    }

    /// A resource with its labels; IRIs without labels get a prefixed name as English label
    /// (`org:holds`), or, under the base, their last path segment.
    pub fn named(&self, iri: &str) -> Result<Named> {
        let mut labels = self.labels(iri)?;
        if labels.main().is_none() {
            let short = display_term(&Term::NamedNode(node(iri)), &self.base);
            if !short.starts_with('<') {
                labels.other = Some(short);
            } else if let Some(rest) = iri.strip_prefix(self.base.base()) {
                labels.other = Some(rest.to_owned());
            }
        }
        Ok(Named {
            iri: iri.to_owned(),
            labels,
        })
    }

    /// The source document whose named graph is `graph`, or the graph itself.
    fn source_of_graph(&self, graph: &GraphName) -> Result<Option<Named>> {
        let GraphName::NamedNode(graph) = graph else {
            return Ok(None);
        };
        let graph_prefix = format!("{}graph/", self.base);
        match graph.as_str().strip_prefix(&graph_prefix) {
            Some("gazetteer") => Ok(Some(Named {
                iri: graph.as_str().to_owned(),
                labels: Labels {
                    en: Some("gazetteer".to_owned()),
                    ja: None,
                    other: None,
                },
            })),
            Some(slug) => Ok(Some(self.named(&format!("{}doc/{slug}", self.base))?)),
            None => Ok(Some(self.named(graph.as_str())?)),
        }
    }

    fn facts_of(&self, iri: &str) -> Result<SubjectFacts> {
        let mut facts = SubjectFacts::default();
        for quad in self.quads(Some(&node(iri)), None, None)? {
            facts
                .0
                .entry(quad.predicate.as_str().to_owned())
                .or_default()
                .push(quad.object);
        }
        for objects in facts.0.values_mut() {
            objects.sort_by_key(ToString::to_string);
        }
        Ok(facts)
    }

    fn value(&self, term: &Term) -> Result<Value> {
        Ok(match term {
            Term::NamedNode(n) => Value::Node(self.named(n.as_str())?),
            Term::Literal(l) => Value::Literal {
                text: l.value().to_owned(),
                lang: l.language().map(ToOwned::to_owned),
                datatype: l.datatype().as_str().to_owned(),
            },
            #[allow(unreachable_patterns)]
            other => Value::Literal {
                text: other.to_string(),
                lang: None,
                datatype: String::new(),
            },
        })
    }

    /// The view of `iri`, or `None` when the store says nothing about it: every list whole
    /// ([`Paging::ALL`]).
    pub fn view(&self, iri: &str) -> Result<Option<ResourceView>> {
        self.view_page(iri, Paging::ALL)
    }

    /// The view of `iri` with page `paging` of each of its lists, or `None` when the store
    /// says nothing about it. Only the sort keys of a list are read for all its items (labels,
    /// dates, a provenance record's document and sentence); the rest only for the page's.
    pub fn view_page(&self, iri: &str, paging: Paging) -> Result<Option<ResourceView>> {
        let subject = node(iri);
        let outgoing_quads = self.quads(Some(&subject), None, None)?;
        let object_term = Term::NamedNode(subject.clone());
        let incoming_quads = self.quads(None, None, Some(object_term.as_ref()))?;
        if outgoing_quads.is_empty() && incoming_quads.is_empty() {
            return Ok(None);
        }
        let mut types = BTreeSet::new();
        let mut alt_labels = BTreeSet::new();
        let mut facts = BTreeSet::new();
        // property -> target -> sources
        let mut outgoing: BTreeMap<String, BTreeMap<String, BTreeSet<Named>>> = BTreeMap::new();
        let mut incoming: BTreeMap<String, BTreeMap<String, BTreeSet<Named>>> = BTreeMap::new();
        let mut is_document = false;
        for quad in &outgoing_quads {
            let predicate = quad.predicate.as_str();
            match (&quad.object, predicate) {
                (Term::NamedNode(class), rdf::TYPE) => {
                    if class.as_str() == dg::SOURCE_DOCUMENT {
                        is_document = true;
                    }
                    types.insert(class.as_str().to_owned());
                }
                (_, rdfs::LABEL) | (_, dcterms::TITLE)
                    if matches!(quad.object, Term::Literal(_)) => {}
                (Term::Literal(l), skos::ALT_LABEL) => {
                    alt_labels.insert((l.value().to_owned(), l.language().map(ToOwned::to_owned)));
                }
                // Shown otherwise: the event class is a type, posts held are on the timeline.
                (Term::NamedNode(_), dg::EVENT_TYPE | org::HOLDS) => {}
                (Term::NamedNode(target), _) => {
                    let sources = outgoing
                        .entry(predicate.to_owned())
                        .or_default()
                        .entry(target.as_str().to_owned())
                        .or_default();
                    if let Some(source) = self.source_of_graph(&quad.graph_name)?
                        && source.iri != iri
                    {
                        sources.insert(source);
                    }
                }
                (term, _) => {
                    facts.insert(Fact {
                        property: self.named(predicate)?,
                        value: self.value(term)?,
                    });
                }
            }
        }
        let mut statement_iris = BTreeSet::new();
        for quad in &incoming_quads {
            let predicate = quad.predicate.as_str();
            let NamedOrBlankNode::NamedNode(source_node) = &quad.subject else {
                continue;
            };
            if predicate == rdf::SUBJECT || predicate == rdf::OBJECT {
                statement_iris.insert(source_node.as_str().to_owned());
                continue;
            }
            if predicate == prov::WAS_DERIVED_FROM {
                if is_document {
                    statement_iris.insert(source_node.as_str().to_owned());
                }
                continue;
            }
            // Tenures (`org:member`) are on the timeline.
            if predicate == org::MEMBER {
                continue;
            }
            let sources = incoming
                .entry(predicate.to_owned())
                .or_default()
                .entry(source_node.as_str().to_owned())
                .or_default();
            if let Some(source) = self.source_of_graph(&quad.graph_name)?
                && source.iri != iri
            {
                sources.insert(source);
            }
        }
        let (timeline, timeline_total, classes) =
            self.timeline(&subject, &outgoing, &incoming, paging)?;
        let (evidence, evidence_total) = self.evidence_page(&statement_iris, paging)?;
        Ok(Some(ResourceView {
            iri: iri.to_owned(),
            labels: self.labels(iri)?,
            alt_labels: alt_labels.into_iter().collect(),
            types: types.iter().map(|t| self.named(t)).collect::<Result<_>>()?,
            facts: facts.into_iter().collect(),
            outgoing: self.groups(outgoing, paging)?,
            incoming: self.groups(incoming, paging)?,
            timeline,
            timeline_total,
            evidence,
            evidence_total,
            paging,
            is_document,
            classes,
        }))
    }

    /// The provenance records among `statements` on page `paging`, in (document, sentence,
    /// record) order, and how many there are in all. Mentions are left out: they are listed as
    /// incoming `dg:mentions` links, not as evidence (a document mentions an entity on many
    /// lines).
    fn evidence_page(
        &self,
        statements: &BTreeSet<String>,
        paging: Paging,
    ) -> Result<(Vec<Evidence>, usize)> {
        let mention = Term::NamedNode(node(dg::MENTIONS));
        let mut keys = Vec::with_capacity(statements.len());
        for statement in statements {
            // One point lookup per key, each stopping at its first quad: this runs for every
            // record of a hub (thousands), the rest only for the page's.
            let record = node(statement);
            let first = |predicate: &str, object: Option<TermRef<'_>>| {
                self.store
                    .quads_for_pattern(
                        Some(record.as_ref().into()),
                        Some(NamedNodeRef::new_unchecked(predicate)),
                        object,
                        None::<GraphNameRef<'_>>,
                    )
                    .next()
                    .transpose()
                    .map_err(store_error)
            };
            if first(rdf::PREDICATE, Some(mention.as_ref()))?.is_some() {
                continue;
            }
            let document = match first(prov::WAS_DERIVED_FROM, None)? {
                Some(Quad {
                    object: Term::NamedNode(n),
                    ..
                }) => Some(n.into_string()),
                _ => None,
            };
            let sentence = first(dg::SENTENCE, None)?
                .and_then(|q| literal_text(&q.object).and_then(|s| s.parse::<i64>().ok()));
            keys.push((document, sentence, statement));
        }
        keys.sort();
        let mut evidence = Vec::new();
        for (_, _, statement) in &keys[paging.range(keys.len())] {
            if let Some(record) = self.evidence(statement)? {
                evidence.push(record);
            }
        }
        Ok((evidence, keys.len()))
    }

    fn groups(
        &self,
        by_property: BTreeMap<String, BTreeMap<String, BTreeSet<Named>>>,
        paging: Paging,
    ) -> Result<Vec<LinkGroup>> {
        let mut groups = Vec::new();
        for (property, targets) in by_property {
            let mut list = Vec::new();
            for (target, sources) in targets {
                list.push((self.named(&target)?, sources));
            }
            list.sort_by(|(a, _), (b, _)| {
                (a.text().to_lowercase(), &a.iri).cmp(&(b.text().to_lowercase(), &b.iri))
            });
            let total = list.len();
            let range = paging.range(total);
            let targets = list
                .drain(range)
                .map(|(node, sources)| Target {
                    node,
                    sources: sources.into_iter().collect(),
                })
                .collect();
            groups.push(LinkGroup {
                property: self.named(&property)?,
                targets,
                total,
            });
        }
        // Gazetteer bookkeeping (`owl:sameAs`, `org:holds` ...) after the diplomatic relations.
        groups.sort_by_key(|g| (!g.property.iri.starts_with(dg::NS), g.property.iri.clone()));
        Ok(groups)
    }

    /// The timeline's entries on page `paging`, how many there are in all, and the class of
    /// every linked resource. The order is (start, resource, relation, direction): the start
    /// date and class are read for every linked resource, the rest for the page's events only.
    fn timeline(
        &self,
        subject: &NamedNode,
        outgoing: &BTreeMap<String, BTreeMap<String, BTreeSet<Named>>>,
        incoming: &BTreeMap<String, BTreeMap<String, BTreeSet<Named>>>,
        paging: Paging,
    ) -> Result<(Vec<TimelineEntry>, usize, BTreeMap<String, String>)> {
        // The start of each linked event (`None`: not an event, or undated).
        let mut starts: HashMap<&str, Option<String>> = HashMap::new();
        let mut classes = BTreeMap::new();
        let mut keys: BTreeMap<TimelineKey, Option<TimelineEntry>> = BTreeMap::new();
        for (links, is_incoming) in [(outgoing, false), (incoming, true)] {
            for (property, targets) in links {
                if property == dg::EVENT_TYPE || property == rdf::TYPE {
                    continue;
                }
                for target in targets.keys() {
                    let start = match starts.get(target.as_str()) {
                        Some(start) => start.clone(),
                        None => {
                            let resource = node(target);
                            let types = self.objects(&resource, rdf::TYPE)?;
                            let iris = types.iter().filter_map(|t| match t {
                                Term::NamedNode(n) => Some(n.as_str()),
                                _ => None,
                            });
                            let class = main_class(iris);
                            if let Some(class) = class {
                                classes.insert(target.clone(), class.to_owned());
                            }
                            let start = if types
                                .iter()
                                .any(|t| matches!(t, Term::NamedNode(n) if n.as_str() == dg::EVENT))
                            {
                                self.first_text(&resource, dg::START_DATE)?
                            } else {
                                None
                            };
                            starts.insert(target, start.clone());
                            start
                        }
                    };
                    if let Some(start) = start {
                        keys.insert(
                            (start, target.clone(), property.clone(), is_incoming, None),
                            None,
                        );
                    }
                }
            }
        }
        // Posts held: `org:Membership` records whose member is this resource (a few per
        // person: read whole).
        let member = Term::NamedNode(subject.clone());
        for quad in self.quads(None, Some(org::MEMBER), Some(member.as_ref()))? {
            let NamedOrBlankNode::NamedNode(tenure) = &quad.subject else {
                continue;
            };
            let Some(start) = self.first_text(tenure, dg::START_DATE)? else {
                continue;
            };
            for role in self.objects(tenure, org::ROLE)? {
                let Term::NamedNode(post) = role else {
                    continue;
                };
                let end = self.first_text(tenure, dg::END)?;
                let entry = TimelineEntry {
                    date: self
                        .first_text(tenure, dg::DATE)?
                        .unwrap_or_else(|| start.clone()),
                    start: start.clone(),
                    end: end.clone(),
                    node: self.named(post.as_str())?,
                    kind: None,
                    relation: self.named(org::HOLDS)?,
                    incoming: false,
                    entry: TimelineKind::Tenure,
                };
                keys.insert(
                    (
                        start.clone(),
                        post.as_str().to_owned(),
                        org::HOLDS.to_owned(),
                        false,
                        Some(end.unwrap_or_default()),
                    ),
                    Some(entry),
                );
            }
        }
        let total = keys.len();
        let range = paging.range(total);
        let mut entries = Vec::with_capacity(range.len());
        for ((start, target, property, is_incoming, _), tenure) in
            keys.into_iter().skip(range.start).take(range.len())
        {
            if let Some(entry) = tenure {
                entries.push(entry);
                continue;
            }
            let facts = self.facts_of(&target)?;
            entries.push(TimelineEntry {
                date: facts.text(dg::DATE).unwrap_or_else(|| start.clone()),
                start,
                end: facts.text(dg::END),
                node: self.named(&target)?,
                kind: facts
                    .iri(dg::EVENT_TYPE)
                    .map(|k| self.named(&k))
                    .transpose()?,
                relation: self.named(&property)?,
                incoming: is_incoming,
                entry: TimelineKind::Event,
            });
        }
        Ok((entries, total, classes))
    }

    /// The provenance record `statement` (an `rdf:Statement`), if it is one.
    pub fn evidence(&self, statement: &str) -> Result<Option<Evidence>> {
        let record = node(statement);
        let mut by_property: BTreeMap<String, Vec<Term>> = BTreeMap::new();
        for quad in self.quads(Some(&record), None, None)? {
            by_property
                .entry(quad.predicate.as_str().to_owned())
                .or_default()
                .push(quad.object);
        }
        let first = |p: &str| by_property.get(p).and_then(|v| v.first()).cloned();
        let text = |p: &str| {
            first(p)
                .as_ref()
                .and_then(|t| literal_text(t).map(str::to_owned))
        };
        let (Some(Term::NamedNode(subject)), Some(Term::NamedNode(property)), Some(object)) = (
            first(rdf::SUBJECT),
            first(rdf::PREDICATE),
            first(rdf::OBJECT),
        ) else {
            return Ok(None);
        };
        let document = match first(prov::WAS_DERIVED_FROM) {
            Some(Term::NamedNode(doc)) => Some(self.named(doc.as_str())?),
            _ => None,
        };
        let lang = match &document {
            Some(doc) => self.language(&doc.iri)?,
            None => None,
        };
        let withheld = match &document {
            Some(doc) => self.withholds(&doc.iri)?,
            None => false,
        };
        Ok(Some(Evidence {
            withheld,
            document,
            sentence: text(dg::SENTENCE).and_then(|s| s.parse().ok()),
            subject: self.named(subject.as_str())?,
            property: self.named(property.as_str())?,
            object: self.value(&object)?,
            text: text(dg::EVIDENCE).filter(|_| !withheld),
            lang,
            rule: text(dg::RULE),
            confidence: text(dg::CONFIDENCE),
            date: text(dg::DATE),
            word: text(dg::RELATION_WORD),
            gazetteer_row: text(dg::GAZETTEER_ROW),
            statement: statement.to_owned(),
        }))
    }

    /// The triples that describe `iri` for Turtle / JSON-LD: what is said about it, what links
    /// to it, the provenance records of its statements and the labels of every resource they
    /// name. Sorted and without duplicates.
    pub fn describe(&self, iri: &str) -> Result<Vec<Triple>> {
        self.describe_page(iri, Paging::ALL)
            .map(|(triples, _)| triples)
    }

    /// [`Site::describe`] with its lists cut as [`Site::view_page`] cuts a page's: the
    /// resource's own triples and the triples linking to it, per property, by the other end;
    /// the provenance records by IRI. Also says whether a list goes on after this page.
    pub fn describe_page(&self, iri: &str, paging: Paging) -> Result<(Vec<Triple>, bool)> {
        let subject = node(iri);
        // Keyed by (is another subject, subject, predicate, object): the resource's own
        // triples first, then the others, each group sorted.
        let mut all: BTreeMap<(bool, String, String, String), Triple> = BTreeMap::new();
        let add = |quad: Quad, all: &mut BTreeMap<(bool, String, String, String), Triple>| {
            let key = (
                quad.subject.to_string() != subject.to_string(),
                quad.subject.to_string(),
                quad.predicate.to_string(),
                quad.object.to_string(),
            );
            all.entry(key)
                .or_insert_with(|| Triple::new(quad.subject, quad.predicate, quad.object));
        };
        // (direction, property) -> the other end -> one quad saying it
        let mut links: BTreeMap<(bool, String), BTreeMap<String, Quad>> = BTreeMap::new();
        let mut records = BTreeSet::new();
        for quad in self.quads(Some(&subject), None, None)? {
            links
                .entry((false, quad.predicate.as_str().to_owned()))
                .or_default()
                .entry(quad.object.to_string())
                .or_insert(quad);
        }
        let object = Term::NamedNode(subject.clone());
        for quad in self.quads(None, None, Some(object.as_ref()))? {
            let NamedOrBlankNode::NamedNode(source) = &quad.subject else {
                continue;
            };
            let p = quad.predicate.as_str();
            if p == rdf::SUBJECT || p == rdf::OBJECT || p == prov::WAS_DERIVED_FROM {
                records.insert(source.as_str().to_owned());
            } else {
                links
                    .entry((true, p.to_owned()))
                    .or_default()
                    .entry(source.as_str().to_owned())
                    .or_insert(quad);
            }
        }
        let mut continues = paging.continues(records.len());
        let mut named: BTreeSet<String> = BTreeSet::new();
        for ends in links.into_values() {
            continues |= paging.continues(ends.len());
            let range = paging.range(ends.len());
            for quad in ends.into_values().skip(range.start).take(range.len()) {
                for end in [quad.subject.to_string(), quad.object.to_string()] {
                    if let Some(iri) = end.strip_prefix('<').and_then(|e| e.strip_suffix('>')) {
                        named.insert(iri.to_owned());
                    }
                }
                add(quad, &mut all);
            }
        }
        let range = paging.range(records.len());
        for record in records.iter().skip(range.start).take(range.len()) {
            let quads = self.quads(Some(&node(record)), None, None)?;
            let mut withheld = false;
            for quad in &quads {
                if let (prov::WAS_DERIVED_FROM, Term::NamedNode(doc)) =
                    (quad.predicate.as_str(), &quad.object)
                {
                    withheld |= self.withholds(doc.as_str())?;
                }
            }
            for quad in quads {
                if withheld && quad.predicate.as_str() == dg::EVIDENCE {
                    continue;
                }
                if let Term::NamedNode(n) = &quad.object {
                    named.insert(n.as_str().to_owned());
                }
                add(quad, &mut all);
            }
        }
        named.remove(iri);
        for other in &named {
            for quad in self.quads(Some(&node(other)), Some(rdfs::LABEL), None)? {
                add(quad, &mut all);
            }
        }
        Ok((all.into_values().collect(), continues))
    }

    /// Every typed resource under `{base}id/`, listed under its most specific diplograph
    /// class, sorted by class then label.
    pub fn index(&self) -> Result<Vec<IndexEntry>> {
        let prefix = format!("{}id/", self.base);
        let mut classes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for quad in self.quads(None, Some(rdf::TYPE), None)? {
            if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(class)) =
                (&quad.subject, &quad.object)
                && s.as_str().starts_with(&prefix)
            {
                classes
                    .entry(s.as_str().to_owned())
                    .or_default()
                    .insert(class.as_str().to_owned());
            }
        }
        let mut entries = Vec::new();
        for (iri, types) in classes {
            // Events are listed under dg:Event (their kind is on their page).
            let class = main_class(types.iter().map(String::as_str))
                .unwrap_or_default()
                .to_owned();
            entries.push(IndexEntry {
                class: self.named(&class)?,
                node: self.named(&iri)?,
            });
        }
        entries.sort_by(|a, b| {
            (&a.class.iri, a.node.text().to_lowercase(), &a.node.iri).cmp(&(
                &b.class.iri,
                b.node.text().to_lowercase(),
                &b.node.iri,
            ))
        });
        Ok(entries)
    }

    /// IRIs that get a page of their own: entities and events (`id/`), source documents
    /// (`doc/`) and posts (`post/`), sorted.
    pub fn page_iris(&self) -> Result<Vec<String>> {
        let mut iris = BTreeSet::new();
        for quad in self.quads(None, Some(rdf::TYPE), None)? {
            if let NamedOrBlankNode::NamedNode(s) = &quad.subject
                && self.has_page(s.as_str())
            {
                iris.insert(s.as_str().to_owned());
            }
        }
        Ok(iris.into_iter().collect())
    }

    /// True for IRIs that get a page: `{base}id/`, `{base}doc/` and `{base}post/` resources.
    pub fn has_page(&self, iri: &str) -> bool {
        page_path(&self.base, iri).is_some()
    }

    /// Counts of the dataset.
    pub fn stats(&self) -> Result<Stats> {
        let mut stats = Stats::default();
        // Distinct triples, subjects and objects are counted by 64-bit hashes of their terms,
        // so memory stays at 8 bytes per distinct item on large stores (a collision, about
        // one chance in 10^6 at 10^7 triples, would undercount by one).
        let mut triples: HashSet<u64> = HashSet::new();
        let mut subjects: HashSet<u64> = HashSet::new();
        let mut objects: HashSet<u64> = HashSet::new();
        let mut properties = BTreeSet::new();
        let mut classes = BTreeSet::new();
        let mut entities = BTreeSet::new();
        let mut degree: BTreeMap<String, usize> = BTreeMap::new();
        let mut class_members: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut documents = BTreeSet::new();
        let entity_prefix = format!("{}id/", self.base);
        for quad in self.store.iter() {
            let quad = quad.map_err(store_error)?;
            stats.quads += 1;
            let subject = hash_of(&quad.subject);
            let object = hash_of(&quad.object);
            if let GraphName::NamedNode(g) = &quad.graph_name {
                *stats.graphs.entry(g.as_str().to_owned()).or_default() += 1;
            }
            let predicate = quad.predicate.as_str();
            if predicate == rdf::PREDICATE
                && matches!(&quad.object, Term::NamedNode(p) if p.as_str() == dg::MENTIONS)
            {
                stats.mentions += 1;
            }
            if predicate == dcterms::RIGHTS
                && let (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) =
                    (&quad.subject, &quad.object)
            {
                stats
                    .rights
                    .insert(s.as_str().to_owned(), l.value().to_owned());
            }
            if predicate == rdf::TYPE
                && let Term::NamedNode(class) = &quad.object
            {
                classes.insert(class.as_str().to_owned());
                if class.as_str() == rdf::STATEMENT {
                    stats.statements += 1;
                }
                if class.as_str() == dg::SOURCE_DOCUMENT {
                    documents.insert(quad.subject.to_string());
                }
                if let NamedOrBlankNode::NamedNode(s) = &quad.subject
                    && s.as_str().starts_with(&entity_prefix)
                {
                    entities.insert(s.as_str().to_owned());
                    class_members
                        .entry(class.as_str().to_owned())
                        .or_default()
                        .insert(s.as_str().to_owned());
                }
            }
            if predicate.starts_with(dg::NS)
                && let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) =
                    (&quad.subject, &quad.object)
            {
                for end in [s.as_str(), o.as_str()] {
                    if end.starts_with(&entity_prefix) {
                        *degree.entry(end.to_owned()).or_default() += 1;
                    }
                }
            }
            properties.insert(predicate.to_owned());
            subjects.insert(subject);
            objects.insert(object);
            triples.insert(hash_of(&(subject, predicate, object)));
        }
        stats.triples = triples.len();
        stats.statements = stats.statements.saturating_sub(stats.mentions);
        stats.distinct_subjects = subjects.len();
        stats.distinct_objects = objects.len();
        stats.properties = properties.len();
        stats.classes = classes.len();
        stats.entities = entities.len();
        stats.class_counts = class_members
            .into_iter()
            .map(|(class, members)| (class, members.len()))
            .collect();
        for doc in documents {
            let iri = doc.trim_start_matches('<').trim_end_matches('>');
            stats.documents.push(self.named(iri)?);
        }
        stats.example = degree
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(iri, _)| self.named(&iri))
            .transpose()?;
        Ok(stats)
    }
}

/// The site path of a resource that gets a page (`id/japan`, `doc/x`, `post/y`), relative to
/// the site root, or `None`. Slugs never contain `.`, `/` or `#`.
pub fn page_path<'a>(base: &Iris, iri: &'a str) -> Option<&'a str> {
    let rest = iri.strip_prefix(base.base())?;
    let (kind, slug) = rest.split_once('/')?;
    let slug_ok = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    (matches!(kind, "id" | "doc" | "post") && slug_ok).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_are_limited_to_entities_documents_and_posts() {
        let base = &Iris::new("https://example.org/d/").unwrap();
        assert_eq!(
            page_path(base, "https://example.org/d/id/japan"),
            Some("id/japan")
        );
        assert_eq!(
            page_path(base, "https://example.org/d/doc/x-1"),
            Some("doc/x-1")
        );
        assert_eq!(
            page_path(base, "https://example.org/d/post/p"),
            Some("post/p")
        );
        assert_eq!(page_path(base, "https://example.org/d/stmt/abc"), None);
        assert_eq!(page_path(base, "https://example.org/d/id/a/b"), None);
        assert_eq!(page_path(base, "https://example.org/d/id/a.html"), None);
        assert_eq!(page_path(base, "https://other.org/d/id/japan"), None);
        assert_eq!(page_path(base, "https://example.org/d/id/"), None);
    }

    #[test]
    fn labels_prefer_english_and_keep_japanese() {
        let mut labels = Labels::default();
        labels.add("日本", Some("ja"));
        labels.add("Japan", Some("en"));
        assert_eq!(labels.main(), Some("Japan"));
        assert_eq!(labels.secondary(), Some("日本"));
        let mut only_ja = Labels::default();
        only_ja.add("日本", Some("ja"));
        assert_eq!(only_ja.main(), Some("日本"));
        assert_eq!(only_ja.secondary(), None);
    }
}
