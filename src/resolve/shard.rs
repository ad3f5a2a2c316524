//! Entities sharded by a stable hash of their key: each shard merges the clusters whose key it
//! owns, in document order, and remembers where each of its entities first appeared, so that
//! entities are numbered afterwards exactly as a sequential merge numbers them.

use super::document::Cluster;
use super::keys::EntityKey;
use super::types::Entity;
use rustc_hash::{FxHashMap, FxHasher};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

/// How many shards the entities are spread over (more than the cores, so they balance).
pub(super) const SHARDS: usize = 16;

/// Where an entity first appeared: the document's position in the input and the cluster's
/// position in the document.
pub(super) type FirstSeen = (u64, u32);

/// An entity before the final numbering: its shard and its index there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct EntityRef {
    shard: u32,
    local: u32,
}

impl EntityRef {
    /// The reference as one number, for the `usize` entity fields until the final numbering.
    pub fn encode(self) -> usize {
        ((self.shard as usize) << 32) | self.local as usize
    }

    pub fn shard(self) -> usize {
        self.shard as usize
    }

    pub fn local(self) -> usize {
        self.local as usize
    }

    pub fn decode(value: usize) -> Self {
        EntityRef {
            shard: (value >> 32) as u32,
            local: (value & 0xffff_ffff) as u32,
        }
    }
}

/// The shard that owns a key: FxHash is not seeded, so the same key lands in the same shard on
/// every run.
pub(super) fn shard_of(key: &EntityKey) -> usize {
    let mut h = FxHasher::default();
    key.hash(&mut h);
    (h.finish() % SHARDS as u64) as usize
}

/// One shard's entities.
#[derive(Debug, Default)]
pub(super) struct Shard {
    index: FxHashMap<EntityKey, u32>,
    pub entities: Vec<Entity>,
    pub first: Vec<FirstSeen>,
}

impl Shard {
    /// Joins a cluster to its entity (created from it when new) and returns the entity's ref.
    pub fn merge(
        &mut self,
        shard: usize,
        key: &EntityKey,
        c: &Cluster,
        document: &str,
        seen: FirstSeen,
    ) -> EntityRef {
        let local = match self.index.get(key) {
            Some(&local) => local,
            None => self.create(key.clone(), c, seen),
        };
        absorb(&mut self.entities[local as usize], c, document);
        EntityRef {
            shard: shard as u32,
            local,
        }
    }

    fn create(&mut self, key: EntityKey, c: &Cluster, seen: FirstSeen) -> u32 {
        let local = self.entities.len() as u32;
        self.entities.push(new_entity(c));
        self.first.push(seen);
        self.index.insert(key, local);
        local
    }

    pub fn entity(&self, local: u32) -> &Entity {
        &self.entities[local as usize]
    }
}

/// The entity a reference names.
pub(super) fn entity(shards: &[Shard], r: EntityRef) -> &Entity {
    shards[r.shard as usize].entity(r.local)
}

/// The final numbering: entities in the order they first appeared. Returns the entities and,
/// per shard, each local index's number.
pub(super) fn number_entities(shards: Vec<Shard>) -> (Vec<Entity>, Vec<Vec<usize>>) {
    let mut order: Vec<(FirstSeen, u32, u32)> = shards
        .iter()
        .enumerate()
        .flat_map(|(s, shard)| {
            shard
                .first
                .iter()
                .enumerate()
                .map(move |(l, &seen)| (seen, s as u32, l as u32))
        })
        .collect();
    order.sort_unstable();
    let mut numbers: Vec<Vec<usize>> = shards.iter().map(|s| vec![0; s.entities.len()]).collect();
    for (n, &(_, s, l)) in order.iter().enumerate() {
        numbers[s as usize][l as usize] = n;
    }
    let mut slots: Vec<Option<Entity>> = (0..order.len()).map(|_| None).collect();
    for (s, shard) in shards.into_iter().enumerate() {
        for (l, e) in shard.entities.into_iter().enumerate() {
            slots[numbers[s][l]] = Some(e);
        }
    }
    let entities = slots
        .into_iter()
        .map(|e| e.expect("every entity numbered once"))
        .collect();
    (entities, numbers)
}

fn new_entity(c: &Cluster) -> Entity {
    Entity {
        label: c.label,
        name: c.name.clone(),
        aliases: BTreeSet::new(),
        lexicon: c.lexicon,
        date: None,
        date_phrases: BTreeSet::new(),
        documents: BTreeSet::new(),
        mentions: 0,
        role_derived: c.role_derived,
        names: BTreeMap::new(),
        date_readings: Vec::new(),
    }
}

fn absorb(e: &mut Entity, c: &Cluster, document: &str) {
    *e.names.entry(c.name.clone()).or_default() += 1;
    e.aliases.extend(c.aliases.iter().cloned());
    e.documents.insert(document.to_string());
    e.mentions += c.mentions;
    e.role_derived &= c.role_derived;
    e.date_readings.extend(c.dates.iter().cloned());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ontology::Label;

    #[test]
    fn refs_survive_encoding() {
        let r = EntityRef {
            shard: 15,
            local: 4_000_000,
        };
        assert_eq!(EntityRef::decode(r.encode()), r);
    }

    #[test]
    fn a_key_always_lands_in_the_same_shard() {
        let key = EntityKey::Name(Label::Person, "jeremyrenner".into());
        assert_eq!(shard_of(&key), shard_of(&key.clone()));
        assert!(shard_of(&key) < SHARDS);
    }
}
