//! Coreference inside one document: the clusters, how a mention joins one, and the order of
//! the steps (names, role nominals, pronouns, ties, appositions, events).

use super::events::EventParts;
use super::keys::{alias_text, ClusterKey};
use crate::config::Config;
use crate::date::PartialDate;
use crate::extract::{Extraction, MentionForm};
use crate::ontology::Label;
use std::collections::{BTreeMap, BTreeSet};

/// A document-local cluster of mentions.
#[derive(Debug, Clone)]
pub(super) struct Cluster {
    pub label: Label,
    pub name: String,
    pub name_rank: (usize, usize),
    pub lexicon: Option<usize>,
    pub aliases: BTreeSet<String>,
    pub female: Option<bool>,
    /// Dated readings of an event: the date and the phrase that gave it.
    pub dates: Vec<(PartialDate, String)>,
    pub mentions: usize,
    pub role_derived: bool,
    pub name_mentions: usize,
    pub first: usize,
    /// Event naming parts.
    pub event_parts: Option<EventParts>,
}

impl Cluster {
    fn new(label: Label, name: &str, first: usize) -> Self {
        Cluster {
            label,
            name: name.to_string(),
            name_rank: (0, 0),
            lexicon: None,
            aliases: BTreeSet::new(),
            female: None,
            dates: Vec::new(),
            mentions: 0,
            role_derived: false,
            name_mentions: 0,
            first,
            event_parts: None,
        }
    }

    /// Whether a mention of this gender (if known) may denote this cluster.
    pub fn gender_agrees(&self, female: Option<bool>) -> bool {
        female.is_none() || self.female.is_none() || self.female == female
    }
}

/// An apposition: the tie-defined name, its label, and the cluster it joined.
pub(super) type Apposition = (String, Label, ClusterKey);

pub(super) struct DocResolver<'a> {
    pub config: &'a Config,
    pub ex: &'a Extraction,
    pub clusters: BTreeMap<ClusterKey, Cluster>,
    mention_key: Vec<Option<ClusterKey>>,
    /// Mention indices of each sentence.
    pub by_sentence: Vec<Vec<usize>>,
    /// Why each mention joined its cluster.
    reasons: Vec<Option<&'static str>>,
    pub redirects: BTreeMap<ClusterKey, ClusterKey>,
    pub appositions: Vec<Apposition>,
    pub inverted: BTreeSet<usize>,
    /// Ties stated without a possessor ("ex-wife Sonni Pacheco"): mention → anchor cluster.
    pub implied_anchor: Vec<(usize, ClusterKey)>,
}

/// One document's clusters, and each mention's cluster key and reason.
pub(super) struct DocClusters {
    pub clusters: BTreeMap<ClusterKey, Cluster>,
    pub keys: Vec<Option<ClusterKey>>,
    pub reasons: Vec<Option<&'static str>>,
    pub appositions: Vec<Apposition>,
    /// Family-word mentions whose tie the other side already states ("her father" when
    /// "his daughter" is there): their own RELATIVE_OF is not repeated.
    pub inverted: BTreeSet<usize>,
    pub implied_anchor: Vec<(usize, ClusterKey)>,
}

fn mentions_by_sentence(ex: &Extraction) -> Vec<Vec<usize>> {
    let mut v = vec![Vec::new(); ex.document.sentences.len()];
    for (i, m) in ex.mentions.iter().enumerate() {
        v[m.sentence].push(i);
    }
    v
}

impl<'a> DocResolver<'a> {
    pub fn new(config: &'a Config, ex: &'a Extraction) -> Self {
        DocResolver {
            config,
            ex,
            clusters: BTreeMap::new(),
            mention_key: vec![None; ex.mentions.len()],
            by_sentence: mentions_by_sentence(ex),
            reasons: vec![None; ex.mentions.len()],
            redirects: BTreeMap::new(),
            appositions: Vec::new(),
            inverted: BTreeSet::new(),
            implied_anchor: Vec::new(),
        }
    }

    /// Runs every step in order and returns the clusters.
    pub fn resolve(mut self) -> DocClusters {
        self.cluster_names();
        let salient = self.salient_person();
        self.attach_role_nominals(salient.as_ref());
        self.attach_pronouns(salient.as_ref());
        self.attach_ties(salient.as_ref());
        self.merge_appositions();
        self.resolve_events();
        self.merge_event_links();
        self.merge_event_synonyms();
        self.name_dated_editions();
        self.into_clusters()
    }

    /// The key a cluster ended up under, following appositions that merged it away.
    pub fn canonical(&self, key: &ClusterKey) -> ClusterKey {
        let mut k = key;
        let mut guard = 0;
        while let Some(next) = self.redirects.get(k) {
            k = next;
            guard += 1;
            if guard > 64 {
                break;
            }
        }
        k.clone()
    }

    pub fn key_of(&self, m: usize) -> Option<ClusterKey> {
        self.mention_key[m].as_ref().map(|k| self.canonical(k))
    }

    pub fn is_assigned(&self, m: usize) -> bool {
        self.mention_key[m].is_some()
    }

    /// Puts mention `m` in the cluster `key` (created with `label` and `name` if new).
    pub fn assign(
        &mut self,
        m: usize,
        key: ClusterKey,
        label: Label,
        name: &str,
        reason: &'static str,
    ) {
        let mention = &self.ex.mentions[m];
        let rank = (
            usize::from(mention.form == MentionForm::Name),
            mention.tokens.len(),
        );
        let cluster = self
            .clusters
            .entry(key.clone())
            .or_insert_with(|| Cluster::new(label, name, mention.tokens.start));
        if rank > cluster.name_rank
            && mention.form == MentionForm::Name
            && mention.lexicon.is_none()
        {
            cluster.name = name.to_string();
            cluster.name_rank = rank;
        }
        if mention.form != MentionForm::Pronoun
            && !mention.event.as_ref().is_some_and(|e| e.implicit)
        {
            cluster.aliases.insert(alias_text(&mention.text));
        }
        if mention.form == MentionForm::Name {
            cluster.name_mentions += 1;
        }
        if cluster.female.is_none() {
            cluster.female = mention.female;
        }
        cluster.mentions += 1;
        cluster.first = cluster.first.min(mention.tokens.start);
        self.mention_key[m] = Some(key);
        self.reasons[m] = Some(reason);
    }

    fn into_clusters(self) -> DocClusters {
        let keys: Vec<Option<ClusterKey>> = (0..self.ex.mentions.len())
            .map(|i| self.key_of(i))
            .collect();
        let appositions = self
            .appositions
            .iter()
            .map(|(n, l, k)| (n.clone(), *l, self.canonical(k)))
            .collect();
        DocClusters {
            clusters: self.clusters,
            keys,
            reasons: self.reasons,
            appositions,
            inverted: self.inverted,
            implied_anchor: self.implied_anchor,
        }
    }
}
