//! Lookups of the gazetteer that the rules make per hit, built once per extractor (with the
//! [`super::mentions::Matcher`]) instead of searched per occurrence: the type of an entity by id
//! (a hash table, not the gazetteer's B-tree of id strings), the entities that are state-like
//! through a one-character abbreviation of their own, and known officials by the first or last
//! word of their English name.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::gazetteer::{Gazetteer, normalize};
use crate::model::{EntityId, EntityType, Tenure};

/// The Fx hash (rustc's): ids are short trusted strings, so a fast multiplicative hash is
/// enough, and SipHash would cost more than the B-tree it replaces.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map with [`FxHasher`].
pub(crate) type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A hash set with [`FxHasher`].
pub(crate) type FxHashSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// A set of chars for a test per char of a text: a bitmap of the Basic Multilingual Plane
/// (8 KiB); a char beyond it "may" be in the set, so the caller still checks it exactly.
#[derive(Debug, Clone)]
pub(crate) struct CharSet {
    bits: Vec<u64>,
}

impl CharSet {
    pub(crate) fn new(chars: impl IntoIterator<Item = char>) -> Self {
        let mut bits = vec![0u64; 0x1_0000 / 64];
        for c in chars {
            let code = u32::from(c) as usize;
            if let Some(word) = bits.get_mut(code / 64) {
                *word |= 1u64 << (code % 64);
            }
        }
        Self { bits }
    }

    /// False when `c` is certainly not in the set.
    pub(crate) fn may_contain(&self, c: char) -> bool {
        let code = u32::from(c) as usize;
        self.bits
            .get(code / 64)
            .is_none_or(|word| word & (1u64 << (code % 64)) != 0)
    }
}

/// The per-hit lookups of one gazetteer.
#[derive(Debug, Default)]
pub(crate) struct GazetteerIndex {
    /// Every entity's type.
    kinds: FxHashMap<EntityId, EntityType>,
    /// Entities with a one-character abbreviation of their own (欧, the EU).
    abbreviated: FxHashSet<EntityId>,
    /// Officials by the first and by the last word of their normalised English name, in id
    /// order, each official once per word.
    officials_by_name_word: FxHashMap<String, Vec<EntityId>>,
    /// Positions in the gazetteer's tenures of each person's rows, in file order.
    tenures_by_person: FxHashMap<EntityId, Vec<usize>>,
    /// The lower-case words (three letters or more) of the English names of posts and of
    /// bodies and forums (`affairs`, `technology`): not personal names after a long title.
    title_words: FxHashSet<String>,
}

impl GazetteerIndex {
    pub(crate) fn new(gazetteer: &Gazetteer) -> Self {
        let mut index = Self::default();
        for entity in gazetteer.entities.values() {
            index.kinds.insert(entity.id.clone(), entity.kind);
            if entity.kind == EntityType::Official {
                let name = normalize(&entity.label_en);
                let first = name.split(' ').next();
                let last = name.split(' ').next_back();
                for word in first.into_iter().chain(last.filter(|l| Some(*l) != first)) {
                    index
                        .officials_by_name_word
                        .entry(word.to_owned())
                        .or_default()
                        .push(entity.id.clone());
                }
            }
        }
        for (position, tenure) in gazetteer.tenures.iter().enumerate() {
            index
                .tenures_by_person
                .entry(tenure.person.clone())
                .or_default()
                .push(position);
        }
        let bodies = gazetteer
            .entities
            .values()
            .filter(|e| {
                !matches!(
                    e.kind,
                    EntityType::Official | EntityType::State | EntityType::Place
                )
            })
            .map(|e| e.label_en.as_str());
        let posts = gazetteer.posts.values().map(|p| p.label_en.as_str());
        index.title_words = bodies
            .chain(posts)
            .flat_map(|label| label.split([' ', ',', '(', ')', '-']))
            .filter(|w| w.len() > 2)
            .map(str::to_lowercase)
            .collect();
        index.abbreviated = gazetteer
            .abbreviations
            .values()
            .map(|a| a.entity.clone())
            .collect();
        index
    }

    /// The type of a gazetteer entity.
    pub(crate) fn kind(&self, id: &EntityId) -> Option<EntityType> {
        self.kinds.get(id).copied()
    }

    /// A state, or a union of states with a one-character abbreviation of its own.
    pub(crate) fn is_state_like(&self, kind: Option<EntityType>, id: &EntityId) -> bool {
        kind == Some(EntityType::State) || self.abbreviated.contains(id)
    }

    /// The tenures of `person` (as [`Gazetteer::posts_of`] without the date: rows of
    /// `gazetteer.tenures`, in file order).
    pub(crate) fn tenures_of<'g>(
        &self,
        gazetteer: &'g Gazetteer,
        person: &EntityId,
    ) -> impl Iterator<Item = &'g Tenure> {
        self.tenures_by_person
            .get(person)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|&position| gazetteer.tenures.get(position))
    }

    /// True for a word of a known post's or body's English name (lower case).
    pub(crate) fn is_title_word(&self, word: &str) -> bool {
        self.title_words.contains(word)
    }

    /// The known officials whose normalised English name starts or ends with the word `word`.
    pub(crate) fn officials_named(&self, word: &str) -> &[EntityId] {
        self.officials_by_name_word
            .get(word)
            .map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn char_set_holds_its_chars_only() {
        let set = CharSet::new(['日', '米', 'a', '\u{20000}']);
        assert!(set.may_contain('日') && set.may_contain('米') && set.may_contain('a'));
        assert!(!set.may_contain('英') && !set.may_contain('b'));
        // beyond the bitmap: "maybe", the caller checks exactly
        assert!(set.may_contain('\u{20001}'));
    }

    #[test]
    fn fx_hash_tells_ids_apart() {
        let build = BuildHasherDefault::<FxHasher>::default();
        let ids = [
            "japan",
            "united-states",
            "united-kingdom",
            "a",
            "ab",
            "abcdefghi",
        ];
        let hashes: HashSet<u64> = ids.iter().map(|id| build.hash_one(id)).collect();
        assert_eq!(hashes.len(), ids.len());
        assert_eq!(build.hash_one("japan"), build.hash_one("japan"));
    }
}
