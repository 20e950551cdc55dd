//! Reference data: entities with aliases, posts, who held them when, and curated facts.
//!
//! Reads the CSV files documented in `data/README.md`. Every error names the file and line.
//! Loading validates ids, dates and references; problems that do not make the data unusable
//! (ambiguous aliases, overlapping tenures) are returned as [`Diagnostic`]s.
//!
//! Two tiers share one alias table: the curated files of `data/gazetteer/` and the reference
//! dictionaries of `data/reference/` ([`reference`](mod@reference)). Curated entries win conflicts and are in
//! every graph; reference entries enter a graph only when it refers to them.

mod csvfile;
pub mod reference;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::data_dir::{
    DataDir, ENTITIES_FILE, EVENTS_FILE, POSTS_FILE, STATEMENTS_FILE, TENURES_FILE,
};
use crate::error::{Error, Result};
use crate::model::{
    Diagnostic, DocumentId, Entity, EntityId, EntityType, EventInfo, EventType, Labelled, Object,
    PartialDate, Post, PostId, Provenance, RelationKind, Tenure,
};
use csvfile::{Row, read_rows_from};
pub use reference::{Abbreviation, Demonym, DemonymKind, ReferenceFiles, Selection};

/// Normalise text for alias matching: NFKC (full-width → half-width) and ASCII lowercase.
///
/// ```
/// assert_eq!(diplograph::gazetteer::normalize("ＣＤＰＷＧ（日米）"), "cdpwg(日米)");
/// ```
pub fn normalize(text: &str) -> String {
    text.nfkc().map(|c| c.to_ascii_lowercase()).collect()
}

/// Where a surface form points.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AliasTarget {
    /// An entity.
    Entity(EntityId),
    /// A post title (`外務大臣`).
    Post(PostId),
}

/// The contents of the gazetteer's CSV files (`posts.csv` and `tenures.csv` are optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GazetteerFiles {
    /// `entities.csv`.
    pub entities: Vec<u8>,
    /// `posts.csv`.
    pub posts: Option<Vec<u8>>,
    /// `tenures.csv`.
    pub tenures: Option<Vec<u8>>,
}

/// Entities, posts and tenures, with an alias table for matching text.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// Entities by id.
    pub entities: BTreeMap<EntityId, Entity>,
    /// Posts by id.
    pub posts: BTreeMap<PostId, Post>,
    /// Tenures, sorted by post then start.
    pub tenures: Vec<Tenure>,
    /// Where gazetteer `Event` rows were held (`place` column): event → place.
    pub places: BTreeMap<EntityId, EntityId>,
    /// Normalised surface form → target; ambiguous forms are left out.
    pub aliases: BTreeMap<String, AliasTarget>,
    /// Problems found while loading.
    pub diagnostics: Vec<Diagnostic>,
    /// Entities defined only by the reference dictionaries (`data/reference/`): they enter a
    /// graph only when it refers to them (see [`Gazetteer::referenced_selection`]).
    pub reference_entities: BTreeSet<EntityId>,
    /// Posts defined only by the reference dictionaries.
    pub reference_posts: BTreeSet<PostId>,
    /// One-character Japanese abbreviations of states (`独` → Germany), by character.
    pub abbreviations: BTreeMap<char, Abbreviation>,
    /// Demonyms and adjectives (`American`, `豪州側`), by normalised form.
    pub demonyms: BTreeMap<String, Demonym>,
}

/// The files of one tier of entity, post and tenure files, with their paths.
struct Tier<'a> {
    reference: bool,
    entities: Vec<(std::path::PathBuf, &'a [u8])>,
    posts: Option<(std::path::PathBuf, &'a [u8])>,
    tenures: Option<(std::path::PathBuf, &'a [u8])>,
}

/// Every column of `entities.csv`, in file order: the three required ones, then the optional
/// ones, `source` last (the review file of `curate` writes all but `source`).
pub const ENTITY_COLUMNS: &[&str] = &[
    "id",
    "type",
    "label_en",
    "label_ja",
    "aliases_en",
    "aliases_ja",
    "wikidata",
    "country",
    "parent",
    "start",
    "end",
    "event_type",
    "place",
    "note",
    "source",
];
const ENTITY_REQUIRED: &[&str] = ENTITY_COLUMNS.split_at(3).0;
const ENTITY_OPTIONAL: &[&str] = ENTITY_COLUMNS.split_at(3).1;
const POST_REQUIRED: &[&str] = &["id", "label_en", "organization"];
const POST_OPTIONAL: &[&str] = &["label_ja", "aliases_ja", "aliases_en", "note", "source"];
const TENURE_REQUIRED: &[&str] = &["person", "post", "start"];
const TENURE_OPTIONAL: &[&str] = &["end", "source"];

/// Characters that abbreviate a state in Japanese compounds (日米, 日EU): the first chars of
/// the lexicon's abbreviation table.
fn is_abbreviation_char(c: char) -> bool {
    matches!(
        c,
        '日' | '米' | '英' | '仏' | '独' | '豪' | '印' | '中' | '韓' | '露' | '伊' | '加' | '欧'
    )
}

fn relative(path: &Path, data_dir: &Path) -> String {
    path.strip_prefix(data_dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn entity_id(row: &Row, column: &str) -> Result<Option<EntityId>> {
    row.parse(column, |text| EntityId::new(text))
}

impl Gazetteer {
    /// Load the gazetteer of a data directory: its curated gazetteer and its reference
    /// dictionaries ([`Gazetteer::from_dir`]).
    pub fn from_data_dir(data: &DataDir) -> Result<Self> {
        Self::from_dir(&data.gazetteer(), data.root())
    }

    /// Load `entities.csv`, `posts.csv` and `tenures.csv` from `dir` (posts and tenures are
    /// optional files), and the reference dictionaries of `{data_dir}/reference` when that
    /// directory exists (see [`reference`](mod@reference)). `data_dir` is used to write provenance paths
    /// relative to it.
    pub fn from_dir(dir: &Path, data_dir: &Path) -> Result<Self> {
        let read = |name: &str| -> Result<Option<Vec<u8>>> {
            let path = dir.join(name);
            if name != ENTITIES_FILE && !path.exists() {
                return Ok(None);
            }
            fs_err::read(&path)
                .map(Some)
                .map_err(|e| Error::io(&path, e))
        };
        let files = GazetteerFiles {
            entities: read(ENTITIES_FILE)?.unwrap_or_default(),
            posts: read(POSTS_FILE)?,
            tenures: read(TENURES_FILE)?,
        };
        let reference_dir = DataDir::new(data_dir).reference();
        let reference = ReferenceFiles::from_dir(&reference_dir)?;
        Self::from_csv_with_reference(
            &files,
            reference.as_ref().map(|r| (r, reference_dir.as_path())),
            dir,
            data_dir,
        )
    }

    /// Load from the contents of the CSV files, as if read from `dir` (used in messages and
    /// provenance). Never panics, whatever the bytes (fuzzed: `fuzz/`).
    ///
    /// ```
    /// use diplograph::gazetteer::{Gazetteer, GazetteerFiles};
    /// let files = GazetteerFiles {
    ///     entities: b"id,type,label_en\njapan,State,Japan\n".to_vec(),
    ///     ..GazetteerFiles::default()
    /// };
    /// let dir = std::path::Path::new("data/gazetteer");
    /// let gazetteer = Gazetteer::from_csv(&files, dir, "data".as_ref())?;
    /// assert_eq!(gazetteer.entities.len(), 1);
    /// # Ok::<(), diplograph::Error>(())
    /// ```
    pub fn from_csv(files: &GazetteerFiles, dir: &Path, data_dir: &Path) -> Result<Self> {
        Self::from_csv_with_reference(files, None, dir, data_dir)
    }

    /// Load the curated files and, when given, the reference dictionaries read from the
    /// directory beside them. Curated rows win: a reference row with a curated id only adds
    /// names to the alias table, and a reference name that a curated entry also uses is
    /// reported and left to the curated entry.
    pub fn from_csv_with_reference(
        files: &GazetteerFiles,
        reference: Option<(&ReferenceFiles, &Path)>,
        dir: &Path,
        data_dir: &Path,
    ) -> Result<Self> {
        let mut gazetteer = Self::default();
        let mut errors = Vec::new();
        let mut extra_names = BTreeMap::new();
        let tier = Tier {
            reference: false,
            entities: vec![(dir.join(ENTITIES_FILE), files.entities.as_slice())],
            posts: files.posts.as_deref().map(|b| (dir.join(POSTS_FILE), b)),
            tenures: files
                .tenures
                .as_deref()
                .map(|b| (dir.join(TENURES_FILE), b)),
        };
        gazetteer.load_tier(&tier, data_dir, &mut errors, &mut extra_names)?;
        if let Some((files, reference_dir)) = reference {
            let tier = Tier {
                reference: true,
                entities: crate::data_dir::REFERENCE_ENTITY_FILES
                    .iter()
                    .zip(&files.entities)
                    .filter_map(|(name, bytes)| {
                        bytes.as_deref().map(|b| (reference_dir.join(name), b))
                    })
                    .collect(),
                posts: files
                    .posts
                    .as_deref()
                    .map(|b| (reference_dir.join(POSTS_FILE), b)),
                tenures: files
                    .tenures
                    .as_deref()
                    .map(|b| (reference_dir.join(TENURES_FILE), b)),
            };
            gazetteer.load_tier(&tier, data_dir, &mut errors, &mut extra_names)?;
            if errors.is_empty() {
                gazetteer.load_tables(files, reference_dir, &mut errors)?;
            }
        }
        Error::from_list(errors)?;
        gazetteer
            .tenures
            .sort_by(|a, b| (&a.post, a.start, &a.person).cmp(&(&b.post, b.start, &b.person)));
        gazetteer.check_overlaps();
        gazetteer.build_aliases(&extra_names);
        Ok(gazetteer)
    }

    /// Load one tier (curated or reference) of entity, post and tenure files. Errors in rows
    /// are collected in `errors`; an unreadable file is returned at once.
    fn load_tier(
        &mut self,
        tier: &Tier<'_>,
        data_dir: &Path,
        errors: &mut Vec<Error>,
        extra_names: &mut BTreeMap<AliasTarget, Vec<String>>,
    ) -> Result<()> {
        let mut tier_rows = Vec::new();
        let mut place_rows = Vec::new();
        for (path, bytes) in &tier.entities {
            let rows = read_rows_from(bytes, path, ENTITY_REQUIRED, ENTITY_OPTIONAL)?;
            let file = relative(path, data_dir);
            for row in rows {
                match Self::entity_from_row(&row, &file) {
                    Ok((entity, place)) => {
                        let curated = self.entities.contains_key(&entity.id)
                            && !self.reference_entities.contains(&entity.id);
                        if tier.reference && curated {
                            // curated wins: the reference row only brings its names
                            extra_names
                                .entry(AliasTarget::Entity(entity.id.clone()))
                                .or_default()
                                .extend(entity.all_names().map(str::to_owned));
                            continue;
                        }
                        if self.entities.contains_key(&entity.id) {
                            errors.push(row.error(format!("duplicate id `{}`", entity.id)));
                            continue;
                        }
                        if let Some(place) = place {
                            place_rows.push((row.clone(), entity.id.clone(), place));
                        }
                        if tier.reference {
                            self.reference_entities.insert(entity.id.clone());
                        }
                        tier_rows.push((row, entity.id.clone()));
                        self.entities.insert(entity.id.clone(), entity);
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        for (row, id) in &tier_rows {
            let Some(entity) = self.entities.get(id) else {
                continue;
            };
            for reference in [&entity.country, &entity.parent].into_iter().flatten() {
                if !self.entities.contains_key(reference) {
                    errors.push(row.error(format!("unknown entity `{reference}` referenced")));
                }
            }
        }
        for (row, event, place) in place_rows {
            if !self.entities.contains_key(&place) {
                errors.push(row.error(format!("unknown place `{place}` referenced")));
            }
            self.places.insert(event, place);
        }
        if let Some((posts_path, posts)) = &tier.posts {
            for row in read_rows_from(posts, posts_path, POST_REQUIRED, POST_OPTIONAL)? {
                match self.post_from_row(&row) {
                    Ok(post) => {
                        let curated = self.posts.contains_key(&post.id)
                            && !self.reference_posts.contains(&post.id);
                        if tier.reference && curated {
                            extra_names
                                .entry(AliasTarget::Post(post.id.clone()))
                                .or_default()
                                .extend(post.all_names().map(str::to_owned));
                        } else if self.posts.contains_key(&post.id) {
                            errors.push(row.error(format!("duplicate post id `{}`", post.id)));
                        } else {
                            if tier.reference {
                                self.reference_posts.insert(post.id.clone());
                            }
                            self.posts.insert(post.id.clone(), post);
                        }
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        if let Some((tenures_path, tenures)) = &tier.tenures {
            let file = relative(tenures_path, data_dir);
            for row in read_rows_from(tenures, tenures_path, TENURE_REQUIRED, TENURE_OPTIONAL)? {
                match self.tenure_from_row(&row, &file) {
                    Ok(tenure) => self.tenures.push(tenure),
                    Err(e) => errors.push(e),
                }
            }
        }
        Ok(())
    }

    fn entity_from_row(row: &Row, file: &str) -> Result<(Entity, Option<EntityId>)> {
        let id = EntityId::new(row.required("id")?).map_err(|m| row.error(m))?;
        let type_name = row.required("type")?;
        let kind = EntityType::from_name(type_name).ok_or_else(|| {
            row.error(format!(
                "unknown type `{type_name}` (expected one of: {})",
                EntityType::ALL
                    .iter()
                    .map(|t| t.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        let mut entity = Entity::new(id, kind, row.required("label_en")?);
        entity.label_ja = row.get("label_ja").map(str::to_owned);
        entity.aliases_en = row.list("aliases_en");
        entity.aliases_ja = row.list("aliases_ja");
        entity.wikidata = row.parse("wikidata", |q| {
            if q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit()) {
                Ok(q.to_owned())
            } else {
                Err(format!(
                    "invalid Wikidata QID `{q}` (expected Q followed by digits)"
                ))
            }
        })?;
        entity.country = entity_id(row, "country")?;
        entity.parent = entity_id(row, "parent")?;
        entity.start = row.date("start")?;
        entity.end = row.date("end")?;
        if let (Some(start), Some(end)) = (entity.start, entity.end)
            && end.last_day() < start.first_day()
        {
            return Err(row.error(format!("end {end} is before start {start}")));
        }
        let event_type = row.parse("event_type", |t| {
            EventType::from_name(t).ok_or_else(|| format!("unknown event type `{t}`"))
        })?;
        match (kind, event_type) {
            (EntityType::Event, Some(event_kind)) => {
                entity.event = Some(EventInfo {
                    kind: event_kind,
                    start: entity.start,
                    end: entity.end,
                });
            }
            (EntityType::Event, None) => {
                return Err(row.error("an Event row needs `event_type`"));
            }
            (_, Some(_)) => {
                return Err(row.error("`event_type` is only for Event rows"));
            }
            (_, None) => {}
        }
        let place = entity_id(row, "place")?;
        entity
            .provenance
            .push(Provenance::gazetteer(file, row.line));
        Ok((entity, place))
    }

    fn post_from_row(&self, row: &Row) -> Result<Post> {
        let id = PostId::new(row.required("id")?).map_err(|m| row.error(m))?;
        let organization =
            EntityId::new(row.required("organization")?).map_err(|m| row.error(m))?;
        if !self.entities.contains_key(&organization) {
            return Err(row.error(format!("unknown organization `{organization}`")));
        }
        Ok(Post {
            id,
            label_en: row.required("label_en")?.to_owned(),
            label_ja: row.get("label_ja").map(str::to_owned),
            aliases_en: row.list("aliases_en"),
            aliases_ja: row.list("aliases_ja"),
            organization,
        })
    }

    fn tenure_from_row(&self, row: &Row, file: &str) -> Result<Tenure> {
        let person = EntityId::new(row.required("person")?).map_err(|m| row.error(m))?;
        match self.entities.get(&person) {
            None => return Err(row.error(format!("unknown person `{person}`"))),
            Some(e) if e.kind != EntityType::Official => {
                return Err(row.error(format!("`{person}` is a {}, not an Official", e.kind)));
            }
            Some(_) => {}
        }
        let post = PostId::new(row.required("post")?).map_err(|m| row.error(m))?;
        if !self.posts.contains_key(&post) {
            return Err(row.error(format!("unknown post `{post}`")));
        }
        let start = row
            .date("start")?
            .ok_or_else(|| row.error("empty required column `start`"))?;
        let end = row.date("end")?;
        if let Some(end) = end
            && end.last_day() < start.first_day()
        {
            return Err(row.error(format!("end {end} is before start {start}")));
        }
        Ok(Tenure {
            person,
            post,
            start,
            end,
            citation: row.get("source").map(str::to_owned),
            provenance: Provenance::gazetteer(file, row.line),
        })
    }

    fn check_overlaps(&mut self) {
        for pair in self.tenures.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.post != b.post || a.person == b.person {
                continue;
            }
            let a_end = a.end.map(PartialDate::first_day);
            if a_end.is_none_or(|end| end > b.start.first_day()) {
                self.diagnostics.push(Diagnostic::warning(
                    format!("{}:{}", source_file(&b.provenance), source_line(&b.provenance)),
                    format!(
                        "tenures of post `{}` overlap: `{}` from {} and `{}` from {}; post holders on those dates are ambiguous",
                        a.post, a.person, a.start, b.person, b.start
                    ),
                ));
            }
        }
    }

    fn build_aliases(&mut self, extra_names: &BTreeMap<AliasTarget, Vec<String>>) {
        // per form: (curated targets, reference targets)
        type Targets = (BTreeSet<AliasTarget>, BTreeSet<AliasTarget>);
        let mut forms: BTreeMap<String, Targets> = BTreeMap::new();
        let entities = self.entities.values().map(|e| {
            let reference = self.reference_entities.contains(&e.id);
            (
                AliasTarget::Entity(e.id.clone()),
                e as &dyn NamesOf,
                reference,
            )
        });
        let posts = self.posts.values().map(|p| {
            let reference = self.reference_posts.contains(&p.id);
            (
                AliasTarget::Post(p.id.clone()),
                p as &dyn NamesOf,
                reference,
            )
        });
        for (target, named, reference) in entities.chain(posts) {
            for name in named.names() {
                let form = normalize(name);
                // 日ASEAN… is also written 日・ASEAN…: a one-character state abbreviation
                // with a middle dot before a Latin name
                let dotted = {
                    let mut chars = form.chars();
                    match (chars.next(), chars.next()) {
                        (Some(first), Some(second))
                            if is_abbreviation_char(first) && second.is_ascii_alphabetic() =>
                        {
                            Some(format!("{first}・{}", &form[first.len_utf8()..]))
                        }
                        _ => None,
                    }
                };
                for form in std::iter::once(form).chain(dotted) {
                    let entry = forms.entry(form).or_default();
                    if reference {
                        &mut entry.1
                    } else {
                        &mut entry.0
                    }
                    .insert(target.clone());
                }
            }
        }
        for (target, names) in extra_names {
            for name in names {
                forms
                    .entry(normalize(name))
                    .or_default()
                    .1
                    .insert(target.clone());
            }
        }
        let describe = |targets: &BTreeSet<AliasTarget>| -> String {
            targets
                .iter()
                .map(|t| match t {
                    AliasTarget::Entity(id) => id.to_string(),
                    AliasTarget::Post(id) => format!("post:{id}"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (form, (curated, mut reference)) in forms {
            if form.trim().is_empty() {
                continue;
            }
            if curated.len() == 1 {
                let Some(target) = curated.into_iter().next() else {
                    continue;
                };
                reference.remove(&target);
                if !reference.is_empty() {
                    self.diagnostics.push(Diagnostic::warning(
                        "reference",
                        format!(
                            "alias `{form}` of {} is also a name of curated {}; the curated entry wins",
                            describe(&reference),
                            describe(&BTreeSet::from([target.clone()]))
                        ),
                    ));
                }
                self.aliases.insert(form, target);
                continue;
            }
            let targets = if curated.is_empty() {
                reference
            } else {
                curated.into_iter().chain(reference).collect()
            };
            if targets.len() == 1 {
                if let Some(target) = targets.into_iter().next() {
                    self.aliases.insert(form, target);
                }
            } else {
                self.diagnostics.push(Diagnostic::warning(
                    "gazetteer",
                    format!(
                        "alias `{form}` is shared by {}; it is not used for matching",
                        describe(&targets)
                    ),
                ));
            }
        }
    }

    /// Who held `post` on `date`: the single holder, or `None` when nobody or several did.
    pub fn holder(&self, post: &PostId, date: PartialDate) -> Option<&EntityId> {
        let mut holders = self
            .tenures
            .iter()
            .filter(|t| &t.post == post && t.covers(date));
        let first = holders.next()?;
        if holders.any(|t| t.person != first.person) {
            return None;
        }
        Some(&first.person)
    }

    /// The posts `person` held on `date`.
    pub fn posts_of(&self, person: &EntityId, date: PartialDate) -> Vec<&PostId> {
        self.tenures
            .iter()
            .filter(|t| &t.person == person && t.covers(date))
            .map(|t| &t.post)
            .collect()
    }
}

/// Object-safe access to [`Labelled::all_names`].
trait NamesOf {
    fn names(&self) -> Vec<&str>;
}

impl<T: Labelled> NamesOf for T {
    fn names(&self) -> Vec<&str> {
        self.all_names().collect()
    }
}

fn source_file(provenance: &Provenance) -> String {
    match &provenance.source {
        crate::model::Source::Gazetteer { file, .. } => file.clone(),
        crate::model::Source::Document(id) => id.to_string(),
    }
}

fn source_line(provenance: &Provenance) -> u64 {
    match &provenance.source {
        crate::model::Source::Gazetteer { line, .. } => *line,
        crate::model::Source::Document(_) => 0,
    }
}

/// A curated event row of `facts/events.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct CuratedEvent {
    /// The event as a node (type Event with [`EventInfo`]).
    pub entity: Entity,
    /// Where it was held.
    pub place: Option<EntityId>,
    /// Who took part.
    pub participants: Vec<EntityId>,
    /// The series it belongs to.
    pub series: Option<EntityId>,
    /// The evidencing document.
    pub doc: DocumentId,
    /// The verbatim evidence sentence.
    pub evidence: String,
    /// `file:line` of the row.
    pub location: crate::error::Location,
}

/// A curated statement row of `facts/statements.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct CuratedStatement {
    /// Subject id.
    pub subject: EntityId,
    /// Predicate.
    pub predicate: RelationKind,
    /// Object: an id, or a literal written in double quotes.
    pub object: Object,
    /// Date.
    pub date: Option<PartialDate>,
    /// The evidencing document.
    pub doc: DocumentId,
    /// The verbatim evidence sentence.
    pub evidence: String,
    /// `file:line` of the row.
    pub location: crate::error::Location,
}

/// Curated events and statements.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Curated events.
    pub events: Vec<CuratedEvent>,
    /// Curated statements.
    pub statements: Vec<CuratedStatement>,
}

const EVENT_REQUIRED: &[&str] = &["id", "type", "label_en", "start", "doc", "evidence"];
const EVENT_OPTIONAL: &[&str] = &["label_ja", "end", "place", "participants", "series", "note"];
const STATEMENT_REQUIRED: &[&str] = &["subject", "predicate", "object", "doc", "evidence"];
const STATEMENT_OPTIONAL: &[&str] = &["date", "note"];

impl Facts {
    /// Load `events.csv` and `statements.csv` from `dir` (each optional). References are
    /// checked against `known` entity ids plus the curated events themselves.
    pub fn from_dir(dir: &Path, gazetteer: &Gazetteer) -> Result<Self> {
        let read = |name: &str| -> Result<Option<Vec<u8>>> {
            let path = dir.join(name);
            if !path.exists() {
                return Ok(None);
            }
            fs_err::read(&path)
                .map(Some)
                .map_err(|e| Error::io(&path, e))
        };
        Self::from_csv(
            read(EVENTS_FILE)?.as_deref(),
            read(STATEMENTS_FILE)?.as_deref(),
            dir,
            gazetteer,
        )
    }

    /// Load from the contents of `events.csv` and `statements.csv`, as if read from `dir`.
    /// Never panics, whatever the bytes (fuzzed: `fuzz/`).
    pub fn from_csv(
        events: Option<&[u8]>,
        statements: Option<&[u8]>,
        dir: &Path,
        gazetteer: &Gazetteer,
    ) -> Result<Self> {
        let mut facts = Self::default();
        let mut errors = Vec::new();
        let events_path = dir.join(EVENTS_FILE);
        let event_rows = match events {
            Some(bytes) => read_rows_from(bytes, &events_path, EVENT_REQUIRED, EVENT_OPTIONAL)?,
            None => Vec::new(),
        };
        let mut event_ids = BTreeSet::new();
        for row in &event_rows {
            match Self::event_from_row(row) {
                Ok(event) => {
                    if gazetteer.entities.contains_key(&event.entity.id)
                        || !event_ids.insert(event.entity.id.clone())
                    {
                        errors.push(row.error(format!("duplicate id `{}`", event.entity.id)));
                    } else {
                        facts.events.push(event);
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        let known = |id: &EntityId| gazetteer.entities.contains_key(id) || event_ids.contains(id);
        for event in &facts.events {
            let references = event
                .place
                .iter()
                .chain(&event.participants)
                .chain(event.series.iter());
            for id in references {
                if !known(id) {
                    errors.push(Error::input(
                        event.location.clone(),
                        format!("unknown entity `{id}` referenced"),
                    ));
                }
            }
        }
        let statements_path = dir.join(STATEMENTS_FILE);
        if let Some(bytes) = statements {
            for row in read_rows_from(
                bytes,
                &statements_path,
                STATEMENT_REQUIRED,
                STATEMENT_OPTIONAL,
            )? {
                match Self::statement_from_row(&row, gazetteer, &known) {
                    Ok(statement) => facts.statements.push(statement),
                    Err(e) => errors.push(e),
                }
            }
        }
        Error::from_list(errors)?;
        Ok(facts)
    }

    fn event_from_row(row: &Row) -> Result<CuratedEvent> {
        let id = EntityId::new(row.required("id")?).map_err(|m| row.error(m))?;
        let type_name = row.required("type")?;
        let kind = EventType::from_name(type_name)
            .ok_or_else(|| row.error(format!("unknown event type `{type_name}`")))?;
        let start = row.date("start")?;
        let end = row.date("end")?;
        if let (Some(s), Some(e)) = (start, end)
            && e.last_day() < s.first_day()
        {
            return Err(row.error(format!("end {e} is before start {s}")));
        }
        let mut entity = Entity::new(id, EntityType::Event, row.required("label_en")?);
        entity.label_ja = row.get("label_ja").map(str::to_owned);
        entity.start = start;
        entity.end = end;
        entity.event = Some(EventInfo { kind, start, end });
        let participants = row
            .list("participants")
            .into_iter()
            .map(|p| EntityId::new(p).map_err(|m| row.error(m)))
            .collect::<Result<Vec<_>>>()?;
        Ok(CuratedEvent {
            entity,
            place: entity_id(row, "place")?,
            participants,
            series: entity_id(row, "series")?,
            doc: DocumentId::new(row.required("doc")?).map_err(|m| row.error(m))?,
            evidence: row.required("evidence")?.to_owned(),
            location: row.location(),
        })
    }

    fn statement_from_row(
        row: &Row,
        gazetteer: &Gazetteer,
        known: &dyn Fn(&EntityId) -> bool,
    ) -> Result<CuratedStatement> {
        let subject = EntityId::new(row.required("subject")?).map_err(|m| row.error(m))?;
        if !known(&subject) {
            return Err(row.error(format!("unknown entity `{subject}` referenced")));
        }
        let predicate_text = row.required("predicate")?;
        let predicate = RelationKind::parse(predicate_text).ok_or_else(|| {
            row.error(format!(
                "unknown predicate `{predicate_text}` (see data/README.md for the list, or use other:<word>)"
            ))
        })?;
        let object_text = row.required("object")?;
        let object = if let Some(literal) = object_text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
        {
            Object::Literal(literal.to_owned())
        } else if let Some(post) = object_text.strip_prefix("post:") {
            let post = PostId::new(post).map_err(|m| row.error(m))?;
            if !gazetteer.posts.contains_key(&post) {
                return Err(row.error(format!("unknown post `{post}` referenced")));
            }
            Object::Post(post)
        } else {
            let id = EntityId::new(object_text)
                .map_err(|m| row.error(format!("{m} (write literals in double quotes)")))?;
            if !known(&id) {
                return Err(row.error(format!("unknown entity `{id}` referenced")));
            }
            Object::Entity(id)
        };
        Ok(CuratedStatement {
            subject,
            predicate,
            object,
            date: row.date("date")?,
            doc: DocumentId::new(row.required("doc")?).map_err(|m| row.error(m))?,
            evidence: row.required("evidence")?.to_owned(),
            location: row.location(),
        })
    }
}

#[cfg(test)]
mod tests;
