//! Domain types: the knowledge graph as plain data.
//!
//! Invariants: this module does no I/O and knows no file format, petgraph or oxigraph type.
//! Identifiers are slugs that become stable IRIs downstream; collections are ordered
//! (`BTreeMap`, sorted `Vec`s) so that everything built from a [`KnowledgeGraph`] is
//! deterministic.

mod date;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use date::{DateError, PartialDate, Precision, days_in_month};

macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wrap a slug, checking its syntax (`^[a-z0-9][a-z0-9-]*$`).
            pub fn new(slug: impl Into<String>) -> Result<Self, String> {
                let slug = slug.into();
                if is_slug(&slug) {
                    Ok(Self(slug))
                } else {
                    Err(format!(
                        "invalid id `{slug}`: use lowercase ASCII letters, digits and `-`"
                    ))
                }
            }

            /// The slug.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_id!(
    /// Identifier of an entity or event (its IRI is `{base}id/{slug}`).
    EntityId
);
slug_id!(
    /// Identifier of a post (office) such as `minister-for-foreign-affairs-japan`.
    PostId
);
slug_id!(
    /// Identifier of a source document.
    DocumentId
);

/// True for `^[a-z0-9][a-z0-9-]*$`.
pub fn is_slug(text: &str) -> bool {
    let mut bytes = text.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Turn any text into a slug: ASCII letters and digits kept (lowercased), everything else a `-`;
/// text with no ASCII letter or digit becomes `x` plus a short content hash.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() || slug.len() * 2 < text.chars().count() {
        // Mostly non-ASCII (Japanese) text: keep it unique with a stable hash.
        let hash = stable_hash(text);
        if slug.is_empty() {
            slug = format!("x{hash:08x}");
        } else {
            slug = format!("{slug}-{hash:08x}");
        }
    }
    slug
}

/// A 32-bit FNV-1a hash: stable across runs, platforms and versions (unlike `std`'s hasher).
pub fn stable_hash(text: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in text.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

macro_rules! name_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $label:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The name used in data files, the ontology and exports.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $label),+
                }
            }

            /// Parse a name (exact, case-sensitive).
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($label => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

name_enum!(
    /// The eleven kinds of node in the graph.
    EntityType {
        /// A sovereign state.
        State = "State",
        /// A government ministry or department.
        Ministry = "Ministry",
        /// A government agency, office or bureau.
        Agency = "Agency",
        /// A named person acting in an official capacity.
        Official = "Official",
        /// Any other organisation (company, federation, international organisation).
        Organization = "Organization",
        /// A working group, sub-committee or other standing body of several parties.
        WorkingGroup = "WorkingGroup",
        /// A recurring forum, dialogue series, conference or committee.
        InternationalForum = "InternationalForum",
        /// Something that happened at a time: a meeting, a signing, an exercise.
        Event = "Event",
        /// A written document: strategy, statement, memorandum, guideline, report.
        Document = "Document",
        /// A city, region or site.
        Place = "Place",
        /// A programme or initiative.
        Program = "Program",
    }
);

name_enum!(
    /// Kinds of event.
    EventType {
        /// A meeting or summit.
        Meeting = "Meeting",
        /// A session of a dialogue.
        Dialogue = "Dialogue",
        /// A consultation.
        Consultation = "Consultation",
        /// The signing of a document.
        Signing = "Signing",
        /// An agreement reached.
        Agreement = "Agreement",
        /// The establishment of a body.
        Establishment = "Establishment",
        /// An exercise or drill.
        Exercise = "Exercise",
        /// A statement, announcement or publication.
        Statement = "Statement",
        /// A contribution of money or resources.
        Contribution = "Contribution",
        /// A visit.
        Visit = "Visit",
        /// Anything else.
        Other = "Other",
    }
);

name_enum!(
    /// The relation vocabulary (see the extraction format).
    Predicate {
        /// An entity is a member of an organisation or group.
        MemberOf = "memberOf",
        /// A person holds a post (object: the post's label, or the organisation).
        HoldsPost = "holdsPost",
        /// Part of a larger whole (a session of a series, an agency of a ministry).
        PartOf = "partOf",
        /// Took part in an event.
        ParticipatedIn = "participatedIn",
        /// Signed a document.
        Signed = "signed",
        /// Established a body (subject: event or party).
        Established = "established",
        /// Agreed on something.
        AgreedOn = "agreedOn",
        /// Hosted an event.
        Hosted = "hosted",
        /// An event was held in a place.
        HeldIn = "heldIn",
        /// Represents a state or organisation.
        Represents = "represents",
        /// Heads an organisation.
        HeadOf = "headOf",
        /// Joined something.
        Joined = "joined",
        /// Contributed to something.
        ContributedTo = "contributedTo",
        /// Cooperates with another party.
        CooperatesWith = "cooperatesWith",
        /// A document mentions an entity.
        Mentions = "mentions",
        /// Something produced a document (a meeting issued a statement).
        Issued = "issued",
    }
);

/// The predicate of a statement: a known [`Predicate`] or `other:<word>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum RelationKind {
    /// One of the vocabulary.
    Known(Predicate),
    /// An `other:<word>` predicate; the word is a slug.
    Other(String),
}

impl RelationKind {
    /// Parse `holdsPost` or `other:word`.
    pub fn parse(text: &str) -> Option<Self> {
        if let Some(word) = text.strip_prefix("other:") {
            return is_slug(word).then(|| Self::Other(word.to_owned()));
        }
        Predicate::from_name(text).map(Self::Known)
    }

    /// The name as written in data files.
    pub fn name(&self) -> String {
        match self {
            Self::Known(p) => p.name().to_owned(),
            Self::Other(word) => format!("other:{word}"),
        }
    }
}

impl From<RelationKind> for String {
    fn from(kind: RelationKind) -> Self {
        kind.name()
    }
}

impl TryFrom<String> for RelationKind {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text).ok_or_else(|| format!("unknown predicate `{text}`"))
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// A character range `[start, end)` in a document's text, counted in chars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
}

/// Where a statement comes from: which document, sentence and characters, and which rule made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The source document (or the gazetteer, for curated reference data).
    pub source: Source,
    /// 0-based sentence index in the document, when the statement comes from text.
    pub sentence: Option<usize>,
    /// Character span of the evidence in the document.
    pub span: Option<Span>,
    /// The rule that produced the statement (`gazetteer`, `curated`, `extract:date-range`...).
    pub rule: String,
    /// Confidence in 0..=1.
    pub confidence: f64,
    /// The evidence sentence, verbatim, when there is one.
    pub evidence: Option<String>,
}

impl Provenance {
    /// A provenance record for reference data from the gazetteer file at `line`.
    pub fn gazetteer(file: &str, line: u64) -> Self {
        Self {
            source: Source::Gazetteer {
                file: file.to_owned(),
                line,
            },
            sentence: None,
            span: None,
            rule: "gazetteer".to_owned(),
            confidence: 1.0,
            evidence: None,
        }
    }

    /// A key to sort and deduplicate by (confidence excluded, as it is a float).
    pub fn sort_key(&self) -> (&Source, Option<usize>, Option<Span>, &str) {
        (&self.source, self.sentence, self.span, &self.rule)
    }

    /// The document, when the provenance is a document.
    pub fn document(&self) -> Option<&DocumentId> {
        match &self.source {
            Source::Document(id) => Some(id),
            Source::Gazetteer { .. } => None,
        }
    }
}

/// What a statement was derived from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Source {
    /// A corpus document.
    Document(DocumentId),
    /// A row of the gazetteer (`file` relative to the data directory, 1-based `line`).
    Gazetteer {
        /// File name, e.g. `gazetteer/entities.csv`.
        file: String,
        /// 1-based line.
        line: u64,
    },
}

/// Descriptive metadata of a source document (its front matter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// The document's id.
    pub id: DocumentId,
    /// Title in the document's language.
    pub title: String,
    /// English title.
    pub title_en: Option<String>,
    /// Publisher.
    pub publisher: String,
    /// Author.
    pub author: Option<String>,
    /// Where it came from.
    pub source: String,
    /// Publication date.
    pub date: PartialDate,
    /// BCP 47 language tag.
    pub language: String,
    /// Reuse terms.
    pub rights: String,
    /// The file name the text was taken from.
    pub original_file: Option<String>,
    /// Content hash of the text (BLAKE3, hex).
    pub content_hash: String,
    /// Length of the text in chars.
    pub char_len: usize,
}

/// Extra facts of an [`EntityType::Event`] node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventInfo {
    /// The kind of event.
    pub kind: EventType,
    /// When it started (or happened).
    pub start: Option<PartialDate>,
    /// When it ended, for multi-day events.
    pub end: Option<PartialDate>,
}

/// A node of the graph: a state, ministry, official, forum, event, document, place...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id.
    pub id: EntityId,
    /// Kind of node.
    pub kind: EntityType,
    /// Canonical English name.
    pub label_en: String,
    /// Canonical Japanese name.
    pub label_ja: Option<String>,
    /// Other English names.
    pub aliases_en: Vec<String>,
    /// Other Japanese names.
    pub aliases_ja: Vec<String>,
    /// Wikidata QID (`Q17`).
    pub wikidata: Option<String>,
    /// The state it belongs to.
    pub country: Option<EntityId>,
    /// The parent organisation or series.
    pub parent: Option<EntityId>,
    /// Founding or first date (events: start).
    pub start: Option<PartialDate>,
    /// Last date (events: end).
    pub end: Option<PartialDate>,
    /// Event details, for `Event` nodes.
    pub event: Option<EventInfo>,
    /// True for entities found by extraction and not (yet) in the gazetteer.
    pub provisional: bool,
    /// Where the entity is defined or was found.
    pub provenance: Vec<Provenance>,
}

impl Entity {
    /// A minimal entity with no optional facts.
    pub fn new(id: EntityId, kind: EntityType, label_en: impl Into<String>) -> Self {
        Self {
            id,
            kind,
            label_en: label_en.into(),
            label_ja: None,
            aliases_en: Vec::new(),
            aliases_ja: Vec::new(),
            wikidata: None,
            country: None,
            parent: None,
            start: None,
            end: None,
            event: None,
            provisional: false,
            provenance: Vec::new(),
        }
    }

    /// The best date range of the node: event dates, else start/end.
    pub fn interval(&self) -> (Option<PartialDate>, Option<PartialDate>) {
        match &self.event {
            Some(info) => (info.start.or(self.start), info.end.or(self.end)),
            None => (self.start, self.end),
        }
    }
}

/// Something with an English label, maybe a Japanese one, and aliases in both languages.
pub trait Labelled {
    /// Canonical English name.
    fn label_en(&self) -> &str;
    /// Canonical Japanese name.
    fn label_ja(&self) -> Option<&str>;
    /// Other English names.
    fn aliases_en(&self) -> &[String];
    /// Other Japanese names.
    fn aliases_ja(&self) -> &[String];

    /// Every name: labels first, then aliases.
    fn all_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.label_en())
            .chain(self.label_ja())
            .chain(self.aliases_en().iter().map(String::as_str))
            .chain(self.aliases_ja().iter().map(String::as_str))
    }
}

macro_rules! labelled {
    ($type:ty) => {
        impl Labelled for $type {
            fn label_en(&self) -> &str {
                &self.label_en
            }
            fn label_ja(&self) -> Option<&str> {
                self.label_ja.as_deref()
            }
            fn aliases_en(&self) -> &[String] {
                &self.aliases_en
            }
            fn aliases_ja(&self) -> &[String] {
                &self.aliases_ja
            }
        }
    };
}

labelled!(Entity);
labelled!(Post);

/// An office a person can hold, such as Japan's Minister for Foreign Affairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    /// Stable id.
    pub id: PostId,
    /// English title.
    pub label_en: String,
    /// Japanese title.
    pub label_ja: Option<String>,
    /// Title forms in English.
    pub aliases_en: Vec<String>,
    /// Title forms in Japanese (`外相`).
    pub aliases_ja: Vec<String>,
    /// The organisation the post belongs to.
    pub organization: EntityId,
}

/// A person's time in a post (an `org:Membership` with an interval).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tenure {
    /// The person.
    pub person: EntityId,
    /// The post.
    pub post: PostId,
    /// First day in office.
    pub start: PartialDate,
    /// Last day in office, if over.
    pub end: Option<PartialDate>,
    /// Citation for the dates.
    pub citation: Option<String>,
    /// The gazetteer row.
    pub provenance: Provenance,
}

impl Tenure {
    /// True when the tenure may cover `date` (partial dates count when they overlap).
    pub fn covers(&self, date: PartialDate) -> bool {
        self.start.first_day() <= date.last_day()
            && self
                .end
                .is_none_or(|end| date.first_day() <= end.last_day())
    }
}

/// The object of a statement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Object {
    /// Another node.
    Entity(EntityId),
    /// A post.
    Post(PostId),
    /// A plain string.
    Literal(String),
}

impl fmt::Display for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Entity(id) => write!(f, "{id}"),
            Self::Post(id) => write!(f, "post:{id}"),
            Self::Literal(text) => write!(f, "{text:?}"),
        }
    }
}

/// What identifies a relation: subject, predicate, object, date and provenance key.
pub type RelationKey<'a> = (
    &'a EntityId,
    &'a RelationKind,
    &'a Object,
    Option<PartialDate>,
    (&'a Source, Option<usize>, Option<Span>, &'a str),
);

/// A statement between nodes, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// The subject node.
    pub subject: EntityId,
    /// The predicate.
    pub predicate: RelationKind,
    /// The object.
    pub object: Object,
    /// When the statement holds or the act happened.
    pub date: Option<PartialDate>,
    /// Where it comes from.
    pub provenance: Provenance,
}

impl Relation {
    /// The identity of a relation (what it says, from where), for sorting and de-duplication.
    pub fn sort_key(&self) -> RelationKey<'_> {
        (
            &self.subject,
            &self.predicate,
            &self.object,
            self.date,
            self.provenance.sort_key(),
        )
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Probably wrong; an error under `--strict`.
    Warning,
    /// Wrong.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// A problem found while reading or extracting, reported rather than raised.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How bad.
    pub severity: Severity,
    /// `file:line[:col]`, or a document id and char offset.
    pub location: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl Diagnostic {
    /// A warning at `location`.
    pub fn warning(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            location: location.into(),
            message: message.into(),
        }
    }

    /// An informational note at `location`.
    pub fn info(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Info,
            location: location.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.severity, self.location, self.message)
    }
}

/// The whole knowledge graph: the single source of truth every output is made from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KnowledgeGraph {
    /// Source documents.
    pub documents: BTreeMap<DocumentId, DocumentMeta>,
    /// Nodes (entities and events).
    pub entities: BTreeMap<EntityId, Entity>,
    /// Posts.
    pub posts: BTreeMap<PostId, Post>,
    /// Who held which post when, sorted.
    pub tenures: Vec<Tenure>,
    /// Statements, sorted and de-duplicated (see [`KnowledgeGraph::normalize`]).
    pub relations: Vec<Relation>,
    /// Where source documents mention entities, sorted.
    pub mentions: Vec<MentionRecord>,
}

/// A source document mentions an entity (one record per occurrence).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRecord {
    /// The mentioning document.
    pub document: DocumentId,
    /// The entity mentioned.
    pub entity: EntityId,
    /// The text as written.
    pub surface: String,
    /// Sentence, span and rule.
    pub provenance: Provenance,
}

impl KnowledgeGraph {
    /// Sort relations and tenures and drop exact duplicates, so output is deterministic.
    pub fn normalize(&mut self) {
        self.relations.sort_by(|a, b| {
            a.sort_key()
                .partial_cmp(&b.sort_key())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        self.relations.dedup_by(|a, b| a.sort_key() == b.sort_key());
        self.mentions.sort_by(|a, b| {
            (&a.document, a.provenance.span, &a.entity).cmp(&(
                &b.document,
                b.provenance.span,
                &b.entity,
            ))
        });
        self.mentions.dedup_by(|a, b| {
            (&a.document, a.provenance.span, &a.entity)
                == (&b.document, b.provenance.span, &b.entity)
        });
        self.tenures
            .sort_by(|a, b| (&a.post, a.start, &a.person).cmp(&(&b.post, b.start, &b.person)));
        for entity in self.entities.values_mut() {
            entity.provenance.sort_by(|a, b| {
                a.sort_key()
                    .partial_cmp(&b.sort_key())
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            entity
                .provenance
                .dedup_by(|a, b| a.sort_key() == b.sort_key());
        }
    }

    /// Who held `post` on `date` (all candidates, when partial dates make it ambiguous).
    pub fn holders(&self, post: &PostId, date: PartialDate) -> Vec<&Tenure> {
        self.tenures
            .iter()
            .filter(|t| &t.post == post && t.covers(date))
            .collect()
    }

    /// Number of nodes of each type.
    pub fn count_by_type(&self) -> BTreeMap<EntityType, usize> {
        let mut counts = BTreeMap::new();
        for entity in self.entities.values() {
            *counts.entry(entity.kind).or_insert(0) += 1;
        }
        counts
    }

    /// The label of a node, or its id when unknown.
    pub fn label(&self, id: &EntityId) -> String {
        self.entities
            .get(id)
            .map_or_else(|| id.to_string(), |e| e.label_en.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_checked_and_minted() {
        assert!(EntityId::new("japan-us-2plus2").is_ok());
        assert!(EntityId::new("Japan").is_err());
        assert!(EntityId::new("-x").is_err());
        assert!(EntityId::new("").is_err());
        assert_eq!(
            slugify("Japan-US Cyber Dialogue"),
            "japan-us-cyber-dialogue"
        );
        let ja = slugify("日米サイバー対話");
        assert!(is_slug(&ja) && ja.starts_with('x'), "{ja}");
        assert_eq!(ja, slugify("日米サイバー対話"));
    }

    #[test]
    fn relation_kinds_parse_and_print() {
        assert_eq!(
            RelationKind::parse("holdsPost"),
            Some(RelationKind::Known(Predicate::HoldsPost))
        );
        assert_eq!(
            RelationKind::parse("other:welcomed").unwrap().name(),
            "other:welcomed"
        );
        assert_eq!(RelationKind::parse("other:Bad Word"), None);
        assert_eq!(RelationKind::parse("metWith"), None);
    }

    #[test]
    fn tenure_covers_partial_dates() {
        let tenure = Tenure {
            person: EntityId::new("a").unwrap(),
            post: PostId::new("p").unwrap(),
            start: "2012-12-26".parse().unwrap(),
            end: Some("2017-08-03".parse().unwrap()),
            citation: None,
            provenance: Provenance::gazetteer("t.csv", 2),
        };
        assert!(tenure.covers("2013-10-03".parse().unwrap()));
        assert!(tenure.covers("2012-12".parse().unwrap()));
        assert!(!tenure.covers("2012-11-30".parse().unwrap()));
        assert!(!tenure.covers("2017-08-04".parse().unwrap()));
    }
}
