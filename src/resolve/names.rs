//! Names inside one document: lexicon names and full person names first, then each short name
//! to the one full name it is part of ("Renner" → "Jeremy Renner"), else to its own cluster.

use super::document::DocResolver;
use super::keys::{name_key, name_words, ClusterKey};
use crate::extract::MentionForm;
use crate::ontology::Label;
use std::collections::{BTreeMap, BTreeSet};

/// A full person name's words and its cluster.
type FullName = (Vec<String>, ClusterKey);

/// First or last word of a full name → the clusters of the full names that have it.
type NameParts = BTreeMap<String, BTreeSet<ClusterKey>>;

impl DocResolver<'_> {
    pub(super) fn cluster_names(&mut self) {
        let full_names = self.cluster_full_names();
        let parts = name_parts(&full_names);
        self.cluster_other_names(&parts);
    }

    /// The salient person: most name mentions, then earliest.
    pub(super) fn salient_person(&self) -> Option<ClusterKey> {
        self.clusters
            .iter()
            .filter(|(_, c)| c.label == Label::Person && c.name_mentions > 0)
            .max_by_key(|(_, c)| (c.name_mentions, std::cmp::Reverse(c.first)))
            .map(|(k, _)| k.clone())
    }

    /// Lexicon names and person names of several words; returns the person names.
    fn cluster_full_names(&mut self) -> Vec<FullName> {
        let mut full_names = Vec::new();
        for (i, m) in self.ex.mentions.iter().enumerate() {
            if m.form != MentionForm::Name {
                continue;
            }
            let Some(label) = m.label else { continue };
            if let Some(lex) = m.lexicon {
                full_names.extend(self.cluster_lexicon_name(i, label, lex));
            } else if label == Label::Person && m.tokens.len() > 1 {
                let key = ClusterKey::Name(label, name_key(&m.text));
                self.assign(i, key.clone(), label, &m.text, "full name");
                full_names.push((name_words(&m.text), key));
            }
        }
        full_names
    }

    fn cluster_lexicon_name(&mut self, i: usize, label: Label, lex: usize) -> Option<FullName> {
        let e = &self.config.lexicon[lex];
        let key = ClusterKey::Lexicon(e.id.clone());
        self.assign(i, key.clone(), label, &e.name, "lexicon alias");
        let c = self.clusters.get_mut(&key).expect("cluster");
        c.lexicon = Some(lex);
        c.name = e.name.clone();
        (e.label == Label::Person).then(|| (name_words(&e.name), key))
    }

    fn cluster_other_names(&mut self, parts: &NameParts) {
        for (i, m) in self.ex.mentions.iter().enumerate() {
            if m.form != MentionForm::Name || self.is_assigned(i) {
                continue;
            }
            let Some(label) = m.label else { continue };
            if label == Label::Person && m.tokens.len() == 1 && self.join_full_name(i, parts) {
                continue;
            }
            let key = ClusterKey::Name(label, name_key(&m.text));
            self.assign(i, key, label, &m.text, "name");
        }
    }

    /// Puts a one-word person name in the full name it is part of, if exactly one has it.
    fn join_full_name(&mut self, i: usize, parts: &NameParts) -> bool {
        let word = crate::ingest::normalise_word(&self.ex.mentions[i].text);
        let Some(owners) = parts.get(&word) else {
            return false;
        };
        let [key] = owners.iter().collect::<Vec<_>>()[..] else {
            return false;
        };
        let key = key.clone();
        let name = self.clusters[&key].name.clone();
        self.assign(
            i,
            key,
            Label::Person,
            &name,
            "part of a full name in the same document",
        );
        true
    }
}

fn name_parts(full_names: &[FullName]) -> NameParts {
    let mut parts = NameParts::new();
    for (words, key) in full_names {
        if words.len() > 1 {
            for w in [words.first(), words.last()].into_iter().flatten() {
                parts.entry(w.clone()).or_default().insert(key.clone());
            }
        }
    }
    parts
}
