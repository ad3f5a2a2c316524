//! Across documents: each document's clusters merged into entities by lexicon id, else by label
//! and name key (an accident by who was hurt in it), never across labels; its relations mapped
//! onto the entities, and a record of every merge and its reason. A batch of documents is merged
//! in three parallel steps: entity keys per document, clusters per shard of keys (in document
//! order), then merge records and relations per document; entities are numbered at the end in
//! the order they first appeared, as a sequential merge numbers them.

use super::document::{Apposition, Cluster, DocClusters};
use super::keys::{name_key, ClusterKey, EntityKey};
use super::shard::{self, EntityRef, Shard, SHARDS};
use super::types::{DocumentInfo, Entity, Evidence, MergeRecord, Relation, Resolution, Sentence};
use super::DocumentResolution;
use crate::busy::Busy;
use crate::config::Config;
use crate::extract::model::events::{chief_victim, recurring_year, victim_event_name};
use crate::extract::{CandidateType, Extraction, RelationCandidate};
use crate::ontology::{Label, RelType};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

/// Merges resolved documents into one entity set, in the order they are added; feed it
/// documents a batch at a time so that only their entities and relations stay in memory.
pub struct Resolver<'a> {
    config: &'a Config,
    out: Resolution,
    shards: Vec<Shard>,
    /// Documents added so far.
    added: u64,
}

/// A document ready for the sharded merge: its clusters in key order, each with its entity
/// key and shard, and the rest of its document-level resolution.
struct KeyedDoc<'e> {
    seq: u64,
    ex: &'e Extraction,
    clusters: Vec<(ClusterKey, Cluster)>,
    entity_keys: Vec<EntityKey>,
    shards: Vec<usize>,
    position: FxHashMap<ClusterKey, usize>,
    keys: Vec<Option<ClusterKey>>,
    reasons: Vec<Option<&'static str>>,
    appositions: Vec<Apposition>,
    inverted: BTreeSet<usize>,
    implied_anchor: Vec<(usize, ClusterKey)>,
}

impl KeyedDoc<'_> {
    /// The position of the cluster a key names, if it is one of this document's.
    fn cluster(&self, key: &ClusterKey) -> Option<usize> {
        self.position.get(key).copied()
    }
}

/// What a merged document adds: its merge records, relations and document entry.
type DocOutput = (BTreeSet<MergeRecord>, Vec<Relation>, DocumentInfo);

impl<'a> Resolver<'a> {
    pub fn new(config: &'a Config) -> Self {
        Resolver {
            config,
            out: Resolution::default(),
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
            added: 0,
        }
    }

    /// Adds one document, given its extraction and its document-level resolution.
    pub fn add(&mut self, ex: &Extraction, doc: DocumentResolution) {
        self.add_batch(vec![(ex, doc)]);
    }

    /// Adds documents in their order; returns the CPU time the merge took on every thread.
    pub fn add_batch(&mut self, docs: Vec<(&Extraction, DocumentResolution)>) -> Duration {
        let config = self.config;
        let first = self.added;
        self.added += docs.len() as u64;
        let (keyed, mut busy): (Vec<KeyedDoc>, Vec<Duration>) = docs
            .into_par_iter()
            .enumerate()
            .map(|(i, (ex, doc))| timed(|| key_document(config, first + i as u64, ex, doc.0)))
            .unzip();
        let caller = Busy::start();
        let refs = self.merge_clusters(&keyed, &mut busy);
        let shards = &self.shards;
        let (outputs, more): (Vec<DocOutput>, Vec<Duration>) = keyed
            .par_iter()
            .zip(refs.par_iter())
            .map(|(doc, refs)| timed(|| document_output(shards, doc, refs)))
            .unzip();
        busy.extend(more);
        for (merges, relations, info) in outputs {
            self.out.merges.extend(merges);
            self.out.relations.extend(relations);
            self.out.documents.push(info);
        }
        busy.iter().sum::<Duration>() + caller.elapsed()
    }

    /// Every cluster joined to its entity, the shards in parallel: per document, each
    /// cluster's entity.
    fn merge_clusters(
        &mut self,
        keyed: &[KeyedDoc],
        busy: &mut Vec<Duration>,
    ) -> Vec<Vec<EntityRef>> {
        let mut by_shard: Vec<Vec<(usize, usize)>> = vec![Vec::new(); SHARDS];
        for (d, doc) in keyed.iter().enumerate() {
            for (j, &s) in doc.shards.iter().enumerate() {
                by_shard[s].push((d, j));
            }
        }
        let (merged, times): (Vec<Vec<EntityRef>>, Vec<Duration>) = self
            .shards
            .par_iter_mut()
            .zip(by_shard.par_iter())
            .enumerate()
            .map(|(s, (shard, items))| timed(|| merge_shard(s, shard, keyed, items)))
            .unzip();
        busy.extend(times);
        let mut refs: Vec<Vec<Option<EntityRef>>> =
            keyed.iter().map(|d| vec![None; d.clusters.len()]).collect();
        for (items, merged) in by_shard.iter().zip(merged) {
            for (&(d, j), r) in items.iter().zip(merged) {
                refs[d][j] = Some(r);
            }
        }
        refs.into_iter()
            .map(|v| {
                v.into_iter()
                    .map(|r| r.expect("every cluster merged"))
                    .collect()
            })
            .collect()
    }

    /// Final numbering, votes (names, dates) and cross-document role merges.
    pub fn finish(self) -> Resolution {
        self.finish_timed().0
    }

    /// [`Resolver::finish`], with the CPU time its parallel parts took on the other threads.
    pub fn finish_timed(self) -> (Resolution, Duration) {
        let mut out = self.out;
        let (entities, numbers) = shard::number_entities(self.shards);
        out.entities = entities;
        let number = |v: usize| {
            let r = EntityRef::decode(v);
            numbers[r.shard()][r.local()]
        };
        let mut busy = par_for_each_timed(&mut out.relations, |r| {
            r.from = number(r.from);
            r.to = number(r.to);
        });
        busy += par_for_each_timed(&mut out.documents, |d| {
            d.entities = d.entities.iter().map(|&e| number(e)).collect();
        });
        busy += super::finish::finish(&mut out);
        (out, busy)
    }
}

/// Runs `f` on every item, in parallel chunks; returns the CPU time the chunks took.
pub(super) fn par_for_each_timed<T: Send>(items: &mut [T], f: impl Fn(&mut T) + Sync) -> Duration {
    items
        .par_chunks_mut(4096)
        .map(|chunk| timed(|| chunk.iter_mut().for_each(&f)).1)
        .sum()
}

/// Runs `f` and returns its result with the CPU time it took on this thread.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Busy::start();
    let value = f();
    (value, t.elapsed())
}

fn merge_shard(
    s: usize,
    shard: &mut Shard,
    keyed: &[KeyedDoc],
    items: &[(usize, usize)],
) -> Vec<EntityRef> {
    items
        .iter()
        .map(|&(d, j)| {
            let doc = &keyed[d];
            let seen = (doc.seq, j as u32);
            shard.merge(
                s,
                &doc.entity_keys[j],
                &doc.clusters[j].1,
                &doc.ex.document.id,
                seen,
            )
        })
        .collect()
}

/// A document's clusters with their entity keys and shards.
fn key_document<'e>(
    config: &Config,
    seq: u64,
    ex: &'e Extraction,
    doc: DocClusters,
) -> KeyedDoc<'e> {
    let DocClusters {
        clusters,
        keys,
        reasons,
        appositions,
        inverted,
        implied_anchor,
    } = doc;
    let keyer = EntityKeyer { config };
    let (entity_keys, names): (Vec<EntityKey>, Vec<Option<String>>) =
        keyer.entity_keys(ex, &clusters, &keys).into_iter().unzip();
    let clusters: Vec<(ClusterKey, Cluster)> = clusters
        .into_iter()
        .zip(names)
        .map(|((k, mut c), name)| {
            c.name = name.unwrap_or(c.name);
            (k, c)
        })
        .collect();
    let position = clusters
        .iter()
        .enumerate()
        .map(|(j, (k, _))| (k.clone(), j))
        .collect();
    KeyedDoc {
        seq,
        ex,
        shards: entity_keys.iter().map(shard::shard_of).collect(),
        clusters,
        entity_keys,
        position,
        keys,
        reasons,
        appositions,
        inverted,
        implied_anchor,
    }
}

/// Reads each cluster's entity key.
struct EntityKeyer<'c> {
    config: &'c Config,
}

impl EntityKeyer<'_> {
    /// The entity key of each cluster, in key order, and the name an accident takes from the
    /// person hurt in it ("Ava Marsh crash").
    fn entity_keys(
        &self,
        ex: &Extraction,
        clusters: &BTreeMap<ClusterKey, Cluster>,
        keys: &[Option<ClusterKey>],
    ) -> Vec<(EntityKey, Option<String>)> {
        let victims = self.accident_victims(ex, clusters, keys);
        let main_person = self.main_person(clusters);
        let main_text = main_person.as_ref().map(|(k, _)| k.to_string());
        clusters
            .iter()
            .map(|(key, c)| {
                let hurt = victims.get(key).and_then(|v| {
                    chief_victim(&v.counts, main_text.as_deref()).map(|k| &v.people[k])
                });
                let victim = hurt
                    .map(|(k, _)| k.clone())
                    .or_else(|| main_person.as_ref().map(|(k, _)| k.clone()));
                let renamed = match (hurt, &c.event_parts) {
                    (Some((_, name)), Some(p))
                        if self.is_one_per_document(&p.head) && !p.words.is_empty() =>
                    {
                        Some(victim_event_name(name, p.plain_name()))
                    }
                    _ => None,
                };
                (self.entity_key(ex, c, victim), renamed)
            })
            .collect()
    }

    fn plain_key(&self, c: &Cluster) -> EntityKey {
        match c.lexicon {
            Some(l) => EntityKey::Lexicon(self.config.lexicon[l].id.clone()),
            None => EntityKey::Name(c.label, name_key(&c.name)),
        }
    }

    /// An accident is identified by who was hurt in it, whatever vehicle each article names:
    /// event cluster → its injured, with how often each is said to be hurt.
    fn accident_victims<'k>(
        &self,
        ex: &Extraction,
        clusters: &BTreeMap<ClusterKey, Cluster>,
        keys: &'k [Option<ClusterKey>],
    ) -> BTreeMap<&'k ClusterKey, Victims> {
        let mut injured: BTreeMap<&ClusterKey, Victims> = BTreeMap::new();
        for r in &ex.relations {
            if r.kind != CandidateType::Rel(RelType::INJURED_IN) {
                continue;
            }
            if let (Some(p), Some(e)) = (keys[r.from].as_ref(), keys[r.to].as_ref()) {
                if let Some(pc) = clusters.get(p) {
                    let key = self.plain_key(pc);
                    let text = key.to_string();
                    let v = injured.entry(e).or_default();
                    *v.counts.entry(text.clone()).or_default() += 1;
                    v.people.insert(text, (key, pc.name.clone()));
                }
            }
        }
        injured
    }

    /// With no victim named, an accident in an article is its main person's.
    fn main_person(&self, clusters: &BTreeMap<ClusterKey, Cluster>) -> Option<(EntityKey, String)> {
        clusters
            .values()
            .filter(|c| c.label == Label::Person && c.name_mentions > 0)
            .max_by_key(|c| (c.name_mentions, std::cmp::Reverse(c.first)))
            .map(|c| (self.plain_key(c), c.name.clone()))
    }

    /// An accident by its victim; a generic event with no named modifier kept to its
    /// article; an edition of a recurring named event by its article's year; else by name.
    fn entity_key(&self, ex: &Extraction, c: &Cluster, victim: Option<EntityKey>) -> EntityKey {
        let plain = self.plain_key(c);
        match (&c.event_parts, victim) {
            (Some(p), Some(v)) if self.is_one_per_document(&p.head) => EntityKey::EventOf {
                head: p.head.clone(),
                victim: Box::new(v),
            },
            (Some(p), _) if p.modifier_names.is_empty() => {
                EntityKey::InDocument(Box::new(plain), ex.document.id.clone())
            }
            _ => {
                let unlisted = c.lexicon.is_none();
                let edition = recurring_year(c.label, unlisted, &c.name, ex.document.date);
                match edition {
                    Some(year) => EntityKey::Edition(Box::new(plain), year),
                    None => plain,
                }
            }
        }
    }

    fn is_one_per_document(&self, head: &str) -> bool {
        self.config
            .cues
            .event
            .iter()
            .any(|h| h.name == head && h.one_per_document)
    }
}

/// The people hurt in one accident: entity key text → how often each is said to be hurt, and
/// → (entity key, name).
#[derive(Default)]
struct Victims {
    counts: BTreeMap<String, usize>,
    people: BTreeMap<String, (EntityKey, String)>,
}

/// A merged document's merge records, relations and entry, with entity refs (encoded) for
/// entity numbers until the final numbering.
fn document_output(shards: &[Shard], doc: &KeyedDoc, refs: &[EntityRef]) -> DocOutput {
    let entity_of = |key: &ClusterKey| doc.cluster(key).map(|j| refs[j]);
    let merges = merge_records(shards, doc, &entity_of);
    let entities = doc
        .keys
        .iter()
        .flatten()
        .filter_map(&entity_of)
        .map(EntityRef::encode)
        .collect();
    let mut candidates = doc.ex.relations.clone();
    candidates.extend(implied_tie_relations(
        doc.ex,
        &doc.keys,
        &doc.implied_anchor,
    ));
    candidates.extend(super::ties::family_rescues(doc.ex, &doc.keys));
    candidates.retain(|r| !super::ties::owner_as_own_relative(r, &doc.keys));
    let relations = relations(shards, doc, &candidates, &entity_of);
    (merges, relations, document_info(doc.ex, entities))
}

fn merge_records(
    shards: &[Shard],
    doc: &KeyedDoc,
    entity_of: &dyn Fn(&ClusterKey) -> Option<EntityRef>,
) -> BTreeSet<MergeRecord> {
    let ex = doc.ex;
    let record = |surface: String, label: String, r: EntityRef, reason: &str| MergeRecord {
        document: ex.document.id.clone(),
        surface,
        label,
        entity: node_name(shard::entity(shards, r)),
        reason: reason.to_string(),
    };
    let mut doc_merges: BTreeSet<MergeRecord> = BTreeSet::new();
    for (i, m) in ex.mentions.iter().enumerate() {
        let (Some(k), Some(reason)) = (&doc.keys[i], doc.reasons[i]) else {
            continue;
        };
        if let Some(r) = entity_of(k) {
            let label = shard::entity(shards, r).label.to_string();
            doc_merges.insert(record(m.text.clone(), label, r, reason));
        }
    }
    for (name, label, k) in &doc.appositions {
        if let Some(r) = entity_of(k) {
            let reason = "apposition names the same person";
            doc_merges.insert(record(name.clone(), label.to_string(), r, reason));
        }
    }
    doc_merges
}

fn relations(
    shards: &[Shard],
    doc: &KeyedDoc,
    candidates: &[RelationCandidate],
    entity_of: &dyn Fn(&ClusterKey) -> Option<EntityRef>,
) -> Vec<Relation> {
    let ex = doc.ex;
    let doc_id: Arc<str> = Arc::from(ex.document.id.as_str());
    let mut sentences: BTreeMap<usize, Arc<Sentence>> = BTreeMap::new();
    let mut out = Vec::new();
    for r in candidates {
        let CandidateType::Rel(rel) = r.kind else {
            continue;
        };
        if rel == RelType::RELATIVE_OF && doc.inverted.contains(&r.from) && r.possessor_kin {
            continue;
        }
        let ends = |m: usize| doc.keys[m].as_ref().and_then(entity_of);
        let (Some(from), Some(to)) = (ends(r.from), ends(r.to)) else {
            continue;
        };
        let labels = (
            shard::entity(shards, from).label,
            shard::entity(shards, to).label,
        );
        if from == to || !rel.allows(labels.0, labels.1) {
            continue;
        }
        let sentence = sentences
            .entry(r.sentence)
            .or_insert_with(|| {
                let s = &ex.document.sentences[r.sentence];
                let text = ex.document.sentence_text(r.sentence);
                let place = (s.char_start, s.char_end);
                Sentence::new(doc_id.clone(), r.sentence, place, text).into()
            })
            .clone();
        out.push(Relation {
            rel,
            from: from.encode(),
            to: to.encode(),
            properties: r.properties.clone(),
            evidence: Evidence {
                sentence,
                rule: crate::evidence::rule_name(&r.rule),
                confidence: r.confidence,
                hedged: r.hedged,
            },
        });
    }
    out
}

pub(super) fn node_name(e: &Entity) -> String {
    format!("{}: {}", e.label, e.name)
}

/// Relations for ties stated without a possessor ("ex-wife Sonni Pacheco"), to the first
/// mention of the person they are implied to belong to.
fn implied_tie_relations(
    ex: &Extraction,
    keys: &[Option<ClusterKey>],
    implied_anchor: &[(usize, ClusterKey)],
) -> Vec<RelationCandidate> {
    let mut first_mention: BTreeMap<&ClusterKey, usize> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        if let Some(k) = k {
            first_mention.entry(k).or_insert(i);
        }
    }
    let mut out = Vec::new();
    for (m, anchor_key) in implied_anchor {
        let Some(r) = &ex.mentions[*m].related else {
            continue;
        };
        let Some(&anchor_mention) = first_mention.get(anchor_key) else {
            continue;
        };
        let (rel, property, from, to) = if r.professional {
            (RelType::WORKS_WITH, "role", anchor_mention, *m)
        } else {
            (RelType::RELATIVE_OF, "kind", *m, anchor_mention)
        };
        out.push(RelationCandidate {
            kind: CandidateType::Rel(rel),
            from,
            to,
            rule: "tie-to-the-main-person".into(),
            confidence: 0.7,
            hedged: false,
            properties: BTreeMap::from([(property.to_string(), r.kind.clone())]),
            sentence: ex.mentions[*m].sentence,
            possessor_kin: false,
        });
    }
    out
}

fn document_info(ex: &Extraction, entities: BTreeSet<usize>) -> DocumentInfo {
    DocumentInfo {
        id: ex.document.id.clone(),
        date: ex.document.date,
        headline: ex.document.headline.clone(),
        url: ex.document.meta.url.clone(),
        publisher: ex.document.meta.publisher.clone(),
        entities,
    }
}
