//! Across documents: each document's clusters merged into entities by lexicon id, else by label
//! and name key (an accident by who was hurt in it), never across labels; its relations mapped
//! onto the entities, and a record of every merge and its reason.

use super::document::{Apposition, Cluster, DocClusters};
use super::keys::{name_key, ClusterKey, EntityKey};
use super::types::{DocumentInfo, Entity, Evidence, MergeRecord, Relation, Resolution, Sentence};
use super::DocumentResolution;
use crate::config::Config;
use crate::extract::{CandidateType, Extraction, RelationCandidate};
use crate::ontology::{Label, RelType};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Merges resolved documents into one entity set, in the order they are added; feed it
/// documents one at a time so that only their entities and relations stay in memory.
pub struct Resolver<'a> {
    config: &'a Config,
    out: Resolution,
    global: FxHashMap<EntityKey, usize>,
}

/// A document's cluster key → the index of its entity.
type LocalToGlobal = BTreeMap<ClusterKey, usize>;

impl<'a> Resolver<'a> {
    pub fn new(config: &'a Config) -> Self {
        Resolver {
            config,
            out: Resolution::default(),
            global: FxHashMap::default(),
        }
    }

    /// Adds one document, given its extraction and its document-level resolution.
    pub fn add(&mut self, ex: &Extraction, doc: DocumentResolution) {
        let DocClusters {
            clusters,
            keys,
            reasons,
            appositions,
            inverted,
            implied_anchor,
        } = doc.0;
        let local_to_global = self.merge_clusters(ex, &clusters, &keys);
        self.record_merges(ex, &keys, &reasons, appositions, &local_to_global);
        let doc_entities = keys
            .iter()
            .flatten()
            .filter_map(|k| local_to_global.get(k).copied())
            .collect();
        let mut candidates = ex.relations.clone();
        candidates.extend(implied_tie_relations(ex, &keys, &implied_anchor));
        self.add_relations(ex, &candidates, &keys, &inverted, &local_to_global);
        self.out.documents.push(document_info(ex, doc_entities));
    }

    /// Final votes (names, dates) and cross-document role merges.
    pub fn finish(self) -> Resolution {
        let mut out = self.out;
        super::finish::finish(&mut out);
        out
    }

    fn plain_key(&self, c: &Cluster) -> EntityKey {
        match c.lexicon {
            Some(l) => EntityKey::Lexicon(self.config.lexicon[l].id.clone()),
            None => EntityKey::Name(c.label, name_key(&c.name)),
        }
    }

    /// Each cluster joined to its entity (created when new).
    fn merge_clusters(
        &mut self,
        ex: &Extraction,
        clusters: &BTreeMap<ClusterKey, Cluster>,
        keys: &[Option<ClusterKey>],
    ) -> LocalToGlobal {
        let victims = self.accident_victims(ex, clusters, keys);
        let main_person = self.main_person(clusters);
        let mut local_to_global = LocalToGlobal::new();
        for (key, c) in clusters {
            let victim = victims
                .get(key)
                .and_then(|v| v.iter().next())
                .cloned()
                .or_else(|| main_person.clone());
            let idx = self.entity_for(self.entity_key(c, victim), c);
            self.absorb(idx, c, &ex.document.id);
            local_to_global.insert(key.clone(), idx);
        }
        local_to_global
    }

    /// An accident is identified by who was hurt in it, whatever vehicle each article names:
    /// event cluster → the entity keys of its injured.
    fn accident_victims<'k>(
        &self,
        ex: &Extraction,
        clusters: &BTreeMap<ClusterKey, Cluster>,
        keys: &'k [Option<ClusterKey>],
    ) -> BTreeMap<&'k ClusterKey, BTreeSet<EntityKey>> {
        let mut injured: BTreeMap<&ClusterKey, BTreeSet<EntityKey>> = BTreeMap::new();
        for r in &ex.relations {
            if r.kind != CandidateType::Rel(RelType::INJURED_IN) {
                continue;
            }
            if let (Some(p), Some(e)) = (keys[r.from].as_ref(), keys[r.to].as_ref()) {
                if let Some(pc) = clusters.get(p) {
                    injured.entry(e).or_default().insert(self.plain_key(pc));
                }
            }
        }
        injured
    }

    /// With no victim named, an accident in an article is its main person's.
    fn main_person(&self, clusters: &BTreeMap<ClusterKey, Cluster>) -> Option<EntityKey> {
        clusters
            .values()
            .filter(|c| c.label == Label::Person && c.name_mentions > 0)
            .max_by_key(|c| (c.name_mentions, std::cmp::Reverse(c.first)))
            .map(|c| self.plain_key(c))
    }

    fn entity_key(&self, c: &Cluster, victim: Option<EntityKey>) -> EntityKey {
        match (&c.event_parts, victim) {
            (Some(p), Some(v)) if self.is_one_per_document(&p.head) => EntityKey::EventOf {
                head: p.head.clone(),
                victim: Box::new(v),
            },
            _ => self.plain_key(c),
        }
    }

    fn is_one_per_document(&self, head: &str) -> bool {
        self.config
            .cues
            .event
            .iter()
            .any(|h| h.name == head && h.one_per_document)
    }

    fn entity_for(&mut self, key: EntityKey, c: &Cluster) -> usize {
        let entities = &mut self.out.entities;
        *self.global.entry(key).or_insert_with(|| {
            entities.push(new_entity(c));
            entities.len() - 1
        })
    }

    fn absorb(&mut self, idx: usize, c: &Cluster, document: &str) {
        let e = &mut self.out.entities[idx];
        *e.names.entry(c.name.clone()).or_default() += 1;
        e.aliases.extend(c.aliases.iter().cloned());
        e.documents.insert(document.to_string());
        e.mentions += c.mentions;
        e.role_derived &= c.role_derived;
        e.date_readings.extend(c.dates.iter().cloned());
    }

    fn record_merges(
        &mut self,
        ex: &Extraction,
        keys: &[Option<ClusterKey>],
        reasons: &[Option<&'static str>],
        appositions: Vec<Apposition>,
        local_to_global: &LocalToGlobal,
    ) {
        let entities = &self.out.entities;
        let record = |surface: String, label: String, g: usize, reason: &str| MergeRecord {
            document: ex.document.id.clone(),
            surface,
            label,
            entity: node_name(&entities[g]),
            reason: reason.to_string(),
        };
        let mut doc_merges: BTreeSet<MergeRecord> = BTreeSet::new();
        for (i, m) in ex.mentions.iter().enumerate() {
            let (Some(k), Some(reason)) = (&keys[i], reasons[i]) else {
                continue;
            };
            if let Some(&g) = local_to_global.get(k) {
                let label = entities[g].label.to_string();
                doc_merges.insert(record(m.text.clone(), label, g, reason));
            }
        }
        for (name, label, k) in appositions {
            if let Some(&g) = local_to_global.get(&k) {
                let reason = "apposition names the same person";
                doc_merges.insert(record(name, label.to_string(), g, reason));
            }
        }
        self.out.merges.extend(doc_merges);
    }

    fn add_relations(
        &mut self,
        ex: &Extraction,
        candidates: &[RelationCandidate],
        keys: &[Option<ClusterKey>],
        inverted: &BTreeSet<usize>,
        local_to_global: &LocalToGlobal,
    ) {
        let doc_id: Arc<str> = Arc::from(ex.document.id.as_str());
        let mut sentences: BTreeMap<usize, Arc<Sentence>> = BTreeMap::new();
        for r in candidates {
            let CandidateType::Rel(rel) = r.kind else {
                continue;
            };
            if rel == RelType::RELATIVE_OF && inverted.contains(&r.from) && r.possessor_kin {
                continue;
            }
            let Some((from, to)) = self.relation_ends(r, rel, keys, local_to_global) else {
                continue;
            };
            let doc = &ex.document;
            let sentence = sentences
                .entry(r.sentence)
                .or_insert_with(|| {
                    let s = &doc.sentences[r.sentence];
                    let text = doc.sentence_text(r.sentence);
                    let place = (s.char_start, s.char_end);
                    Sentence::new(doc_id.clone(), r.sentence, place, text).into()
                })
                .clone();
            self.out.relations.push(Relation {
                rel,
                from,
                to,
                properties: r.properties.clone(),
                evidence: Evidence {
                    sentence,
                    rule: crate::evidence::rule_name(&r.rule),
                    confidence: r.confidence,
                    hedged: r.hedged,
                },
            });
        }
    }

    /// The entities a candidate joins, if both are resolved, distinct, and allowed by the
    /// relationship's signature.
    fn relation_ends(
        &self,
        r: &RelationCandidate,
        rel: RelType,
        keys: &[Option<ClusterKey>],
        local_to_global: &LocalToGlobal,
    ) -> Option<(usize, usize)> {
        let from = *local_to_global.get(keys[r.from].as_ref()?)?;
        let to = *local_to_global.get(keys[r.to].as_ref()?)?;
        let entities = &self.out.entities;
        (from != to && rel.allows(entities[from].label, entities[to].label)).then_some((from, to))
    }
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
