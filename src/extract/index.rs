//! Lookups of the gazetteer that the rules make per hit, built once per extractor (with the
//! [`super::mentions::Matcher`]) instead of searched per occurrence: the type of an entity by id
//! (a hash table, not the gazetteer's B-tree of id strings), the entities that are state-like
//! through a one-character abbreviation of their own, and known officials by the first or last
//! word of their English name.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::gazetteer::{Gazetteer, normalize};
use crate::model::{EntityId, EntityType};

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
