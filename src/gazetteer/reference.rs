//! The reference dictionaries of `data/reference/`: states, territories, cities,
//! organisations, officials with their posts and tenures, one-character abbreviations of states
//! and demonyms, generated from open sources by `data/reference/generate.py` (see
//! `data/README.md` for the columns, sources and licences).
//!
//! Reference entries load beside the curated gazetteer and share its alias table, with two
//! differences: curated entries win (a reference row with a curated id only adds names; a
//! name of both is left to the curated entry and reported), and a reference entity enters a
//! graph only when the graph refers to it ([`Gazetteer::referenced_selection`]), with the
//! entries it depends on (its parent organisation, state, posts), so that a build does not
//! carry hundreds of unmentioned nodes.

use std::collections::BTreeSet;
use std::path::Path;

use super::{Gazetteer, normalize};
use crate::data_dir::{
    ABBREVIATIONS_FILE, DEMONYMS_FILE, POSTS_FILE, REFERENCE_ENTITY_FILES as ENTITY_FILES,
    TENURES_FILE,
};
use crate::error::{Error, Result};
use crate::model::{EntityId, EntityType, KnowledgeGraph, Object, PostId};

/// The contents of the reference files; every file is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferenceFiles {
    /// The files of [`ENTITY_FILES`], in that order.
    pub entities: [Option<Vec<u8>>; 5],
    /// `posts.csv`.
    pub posts: Option<Vec<u8>>,
    /// `tenures.csv`.
    pub tenures: Option<Vec<u8>>,
    /// `abbreviations.csv`.
    pub abbreviations: Option<Vec<u8>>,
    /// `demonyms.csv`.
    pub demonyms: Option<Vec<u8>>,
}

impl ReferenceFiles {
    /// Read the files of `dir`; `None` when the directory does not exist.
    pub fn from_dir(dir: &Path) -> Result<Option<Self>> {
        if !dir.is_dir() {
            return Ok(None);
        }
        let read = |name: &str| -> Result<Option<Vec<u8>>> {
            let path = dir.join(name);
            if !path.exists() {
                return Ok(None);
            }
            fs_err::read(&path)
                .map(Some)
                .map_err(|e| Error::io(&path, e))
        };
        Ok(Some(Self {
            entities: [
                read(ENTITY_FILES[0])?,
                read(ENTITY_FILES[1])?,
                read(ENTITY_FILES[2])?,
                read(ENTITY_FILES[3])?,
                read(ENTITY_FILES[4])?,
            ],
            posts: read(POSTS_FILE)?,
            tenures: read(TENURES_FILE)?,
            abbreviations: read(ABBREVIATIONS_FILE)?,
            demonyms: read(DEMONYMS_FILE)?,
        }))
    }
}

/// A one-character Japanese abbreviation of a state or union (`独` in 日独).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    /// The character.
    pub abbreviation: char,
    /// The state (or union: `欧` → the EU) it stands for in this genre.
    pub entity: EntityId,
    /// Other states it can stand for (`瑞`: Sweden, also Switzerland), least usual last.
    pub alternatives: Vec<EntityId>,
    /// True when the character alone (not in a compound such as 日独) names the state
    /// safely in this genre (米, 英, 豪, 韓).
    pub alone: bool,
}

/// What kind of word a [`Demonym`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DemonymKind {
    /// An adjective or demonym (`American`, `British`, `豪州人`).
    Adjective,
    /// A "side of" form (`米国側`, `豪側`): the state as a party to talks.
    Side,
}

/// A form that names a state indirectly: an adjective, demonym or "side of" form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demonym {
    /// The form as written in the file.
    pub form: String,
    /// The state.
    pub entity: EntityId,
    /// `en` or `ja`.
    pub lang: String,
    /// Adjective/demonym or side form.
    pub kind: DemonymKind,
}

/// Gazetteer entries chosen to enter a graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Entities.
    pub entities: BTreeSet<EntityId>,
    /// Posts.
    pub posts: BTreeSet<PostId>,
}

const ABBREVIATION_REQUIRED: &[&str] = &["abbreviation", "state"];
const ABBREVIATION_OPTIONAL: &[&str] = &["alternatives", "alone", "note", "source"];
const DEMONYM_REQUIRED: &[&str] = &["form", "state", "lang", "kind"];
const DEMONYM_OPTIONAL: &[&str] = &["note", "source"];

impl Gazetteer {
    /// The state a one-character abbreviation stands for (`'独'` → `germany`,
    /// `'欧'` → `european-union`), from `data/reference/abbreviations.csv`. For compounds such as
    /// 日独, 日豪印; whether the character alone is a safe name is [`Abbreviation::alone`].
    pub fn country_by_abbreviation(&self, abbreviation: char) -> Option<&EntityId> {
        self.abbreviations.get(&abbreviation).map(|a| &a.entity)
    }

    /// The whole [`Abbreviation`] row of a character (alternatives, `alone`).
    pub fn abbreviation(&self, abbreviation: char) -> Option<&Abbreviation> {
        self.abbreviations.get(&abbreviation)
    }

    /// The state named by a demonym, adjective or "side" form (`American`, `british`,
    /// `豪州側`, `米側`), matched after [`normalize`]; `None` when unknown.
    pub fn country_by_demonym(&self, form: &str) -> Option<&EntityId> {
        self.demonyms.get(&normalize(form)).map(|d| &d.entity)
    }

    /// True when `id` comes from the reference dictionaries only (not the curated gazetteer).
    pub fn is_reference(&self, id: &EntityId) -> bool {
        self.reference_entities.contains(id)
    }

    /// The curated entries: every entity and post that is not reference-only. These enter every
    /// graph.
    pub fn curated_selection(&self) -> Selection {
        Selection {
            entities: self
                .entities
                .keys()
                .filter(|id| !self.reference_entities.contains(*id))
                .cloned()
                .collect(),
            posts: self
                .posts
                .keys()
                .filter(|id| !self.reference_posts.contains(*id))
                .cloned()
                .collect(),
        }
    }

    /// The reference entries `graph` refers to (mentions, statements, the country and parent
    /// of its nodes, the posts of statements), closed over what they refer to in turn: the
    /// parent, state and place of an entity, the posts an official held and the organisation
    /// of a post. Curated entries are not included (they are in every graph).
    pub fn referenced_selection(&self, graph: &KnowledgeGraph) -> Selection {
        let mut selection = Selection::default();
        let mut entities: Vec<&EntityId> = Vec::new();
        let mut posts: Vec<&PostId> = Vec::new();
        entities.extend(graph.mentions.iter().map(|m| &m.entity));
        for relation in &graph.relations {
            entities.push(&relation.subject);
            match &relation.object {
                Object::Entity(id) => entities.push(id),
                Object::Post(id) => posts.push(id),
                _ => {}
            }
        }
        for entity in graph.entities.values() {
            entities.extend(entity.country.iter().chain(&entity.parent));
        }
        for tenure in &graph.tenures {
            posts.push(&tenure.post);
        }
        loop {
            if let Some(id) = entities.pop() {
                if !self.reference_entities.contains(id) || !selection.entities.insert(id.clone()) {
                    continue;
                }
                let Some(entity) = self.entities.get(id) else {
                    continue;
                };
                entities.extend(entity.country.iter().chain(&entity.parent));
                entities.extend(self.places.get(id));
                if entity.kind == EntityType::Official {
                    posts.extend(
                        self.tenures
                            .iter()
                            .filter(|t| &t.person == id)
                            .map(|t| &t.post),
                    );
                }
            } else if let Some(id) = posts.pop() {
                if !self.reference_posts.contains(id) || !selection.posts.insert(id.clone()) {
                    continue;
                }
                if let Some(post) = self.posts.get(id) {
                    entities.push(&post.organization);
                }
            } else {
                break;
            }
        }
        selection
    }

    /// Load `abbreviations.csv` and `demonyms.csv` (after the entities they name).
    pub(super) fn load_tables(
        &mut self,
        files: &ReferenceFiles,
        dir: &Path,
        errors: &mut Vec<Error>,
    ) -> Result<()> {
        if let Some(bytes) = &files.abbreviations {
            let path = dir.join(ABBREVIATIONS_FILE);
            let rows =
                super::read_rows_from(bytes, &path, ABBREVIATION_REQUIRED, ABBREVIATION_OPTIONAL)?;
            for row in rows {
                let text = row.required("abbreviation")?;
                let mut chars = text.chars();
                let (Some(abbreviation), None) = (chars.next(), chars.next()) else {
                    errors.push(row.error(format!("abbreviation `{text}` is not one character")));
                    continue;
                };
                let entity = match self.known_entity(&row, "state") {
                    Ok(id) => id,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                };
                let mut alternatives = Vec::new();
                for alternative in row.list("alternatives") {
                    match EntityId::new(alternative.as_str()) {
                        Ok(id) if self.entities.contains_key(&id) => alternatives.push(id),
                        Ok(id) => {
                            errors.push(row.error(format!("unknown entity `{id}` referenced")))
                        }
                        Err(m) => errors.push(row.error(m)),
                    }
                }
                let alone = match row.get("alone") {
                    None | Some("no") => false,
                    Some("yes") => true,
                    Some(other) => {
                        errors.push(row.error(format!(
                            "invalid value `{other}` in column `alone` (expected yes or no)"
                        )));
                        continue;
                    }
                };
                if self.abbreviations.contains_key(&abbreviation) {
                    errors.push(row.error(format!("duplicate abbreviation `{abbreviation}`")));
                    continue;
                }
                self.abbreviations.insert(
                    abbreviation,
                    Abbreviation {
                        abbreviation,
                        entity,
                        alternatives,
                        alone,
                    },
                );
            }
        }
        if let Some(bytes) = &files.demonyms {
            let path = dir.join(DEMONYMS_FILE);
            let rows = super::read_rows_from(bytes, &path, DEMONYM_REQUIRED, DEMONYM_OPTIONAL)?;
            for row in rows {
                let form = row.required("form")?.to_owned();
                let entity = match self.known_entity(&row, "state") {
                    Ok(id) => id,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                };
                let lang = row.required("lang")?;
                if !matches!(lang, "en" | "ja") {
                    errors.push(row.error(format!(
                        "invalid language `{lang}` in column `lang` (expected en or ja)"
                    )));
                    continue;
                }
                let kind = match row.required("kind")? {
                    "adjective" => DemonymKind::Adjective,
                    "side" => DemonymKind::Side,
                    other => {
                        errors.push(row.error(format!(
                            "invalid kind `{other}` in column `kind` (expected adjective or side)"
                        )));
                        continue;
                    }
                };
                let key = normalize(&form);
                if let Some(previous) = self.demonyms.get(&key) {
                    if previous.entity != entity {
                        errors.push(row.error(format!(
                            "demonym `{form}` names both `{}` and `{entity}`",
                            previous.entity
                        )));
                    }
                    continue;
                }
                self.demonyms.insert(
                    key,
                    Demonym {
                        form,
                        entity,
                        lang: lang.to_owned(),
                        kind,
                    },
                );
            }
        }
        Ok(())
    }

    fn known_entity(&self, row: &super::Row, column: &str) -> Result<EntityId> {
        let id = EntityId::new(row.required(column)?).map_err(|m| row.error(m))?;
        if self.entities.contains_key(&id) {
            Ok(id)
        } else {
            Err(row.error(format!("unknown entity `{id}` referenced")))
        }
    }
}
