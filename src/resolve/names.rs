//! Names inside one document: lexicon names and full person names first, then each short name
//! to the full name it is part of ("Renner" → "Jeremy Renner"; of two Smiths, the one named
//! most before it), and each acronym to the organisation it abbreviates ("RNLI"), else to its own
//! cluster.

use super::document::DocResolver;
use super::keys::{name_key, name_words, ClusterKey};
use crate::extract::MentionForm;
use crate::ontology::Label;
use std::collections::{BTreeMap, BTreeSet};

/// How many name mentions a name in the headline or the lead sentence is worth.
const LEAD_WEIGHT: usize = 2;

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

    /// The salient person: most name mentions, a name in the headline or the lead sentence
    /// counting as many as `LEAD_WEIGHT` more; then the earliest.
    pub(super) fn salient_person(&self) -> Option<ClusterKey> {
        let lead = self.lead_persons();
        self.clusters
            .iter()
            .filter(|(_, c)| c.label == Label::Person && c.name_mentions > 0)
            .max_by_key(|(k, c)| {
                let bonus = if lead.contains(*k) { LEAD_WEIGHT } else { 0 };
                (c.name_mentions + bonus, std::cmp::Reverse(c.first))
            })
            .map(|(k, _)| k.clone())
    }

    /// Person clusters named in the headline or the first sentence of the body.
    fn lead_persons(&self) -> BTreeSet<ClusterKey> {
        let sentences = &self.ex.document.sentences;
        let first_body = (0..sentences.len()).find(|&s| !sentences[s].headline);
        self.ex
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.form == MentionForm::Name && m.label == Some(Label::Person))
            .filter(|(_, m)| sentences[m.sentence].headline || Some(m.sentence) == first_body)
            .filter_map(|(i, _)| self.key_of(i))
            .collect()
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
            if self.join_acronym(i) {
                continue;
            }
            let (key, name) = self.name_cluster(label, &m.text);
            self.assign(i, key, label, &name, "name");
        }
    }

    /// Puts a one-word person name in the full name it is part of: the only one that has it,
    /// else the one of them named most often before it.
    fn join_full_name(&mut self, i: usize, parts: &NameParts) -> bool {
        let word = crate::ingest::normalise_word(&self.ex.mentions[i].text);
        let Some(owners) = parts.get(&word) else {
            return false;
        };
        let owners = self.owners_by_this_surname(&word, owners);
        let key = match owners.iter().collect::<Vec<_>>()[..] {
            [key] => key.clone(),
            _ => match self.most_named_before(i, &owners) {
                Some(key) => key,
                None => return false,
            },
        };
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

impl DocResolver<'_> {
    /// Of the full names ending or starting with `word`, those the article does not call by a
    /// longer surname ending in it: where "Ann Lee Day" is called "Lee Day", "Day" alone is
    /// another Day ("Bo Day"). All of them when none is left.
    fn owners_by_this_surname(
        &self,
        word: &str,
        owners: &BTreeSet<ClusterKey>,
    ) -> BTreeSet<ClusterKey> {
        let longer = self.longer_surnames_ending_in(word);
        let plain: BTreeSet<ClusterKey> = owners
            .iter()
            .filter(|k| {
                let words = name_words(&self.clusters[*k].name);
                !longer
                    .iter()
                    .any(|l| words.len() > l.len() && words.ends_with(l))
            })
            .cloned()
            .collect();
        if plain.is_empty() {
            owners.clone()
        } else {
            plain
        }
    }

    /// The person names of two or more words, as written, that end in `word` ("Lee Day" in
    /// "Lee Day's smile"); a longer full name ending in one of them goes by that surname.
    fn longer_surnames_ending_in(&self, word: &str) -> Vec<Vec<String>> {
        let tokens = &self.ex.document.tokens;
        self.ex
            .mentions
            .iter()
            .filter(|m| m.form == MentionForm::Name && m.label == Some(Label::Person))
            .map(|m| {
                m.tokens
                    .clone()
                    .map(|t| tokens[t].norm.clone())
                    .collect::<Vec<_>>()
            })
            .filter(|w| w.len() > 1 && w.last().map(String::as_str) == Some(word))
            .collect()
    }

    /// Of `owners`, the cluster named most often before mention `i` (the later on a tie).
    fn most_named_before(&self, i: usize, owners: &BTreeSet<ClusterKey>) -> Option<ClusterKey> {
        let start = self.ex.mentions[i].tokens.start;
        let mut counts: BTreeMap<ClusterKey, (usize, usize)> = BTreeMap::new();
        let earlier = self
            .ex
            .mentions
            .iter()
            .enumerate()
            .filter(|(j, m)| *j != i && m.form == MentionForm::Name && m.tokens.end <= start);
        for (j, m) in earlier {
            if let Some(k) = self.key_of(j).filter(|k| owners.contains(k)) {
                let c = counts.entry(k).or_default();
                c.0 += 1;
                c.1 = c.1.max(m.tokens.start);
            }
        }
        counts.into_iter().max_by_key(|(_, c)| *c).map(|(k, _)| k)
    }

    /// Puts an acronym ("RNLI") in the cluster of the organisation named before it whose
    /// initials it spells.
    fn join_acronym(&mut self, i: usize) -> bool {
        let m = &self.ex.mentions[i];
        if m.tokens.len() != 1 || !is_acronym(&m.text) {
            return false;
        }
        let start = m.tokens.start;
        let Some(key) = self
            .clusters
            .iter()
            .find(|(_, c)| {
                c.label == Label::Organization
                    && c.first < start
                    && initials(&c.name).eq_ignore_ascii_case(&m.text)
            })
            .map(|(k, _)| k.clone())
        else {
            return false;
        };
        let name = self.clusters[&key].name.clone();
        self.assign(
            i,
            key,
            Label::Organization,
            &name,
            "acronym of a name before it",
        );
        true
    }
}

/// Two to six capital letters, nothing else.
fn is_acronym(text: &str) -> bool {
    (2..=6).contains(&text.len()) && text.chars().all(|c| c.is_ascii_uppercase())
}

/// The initials of a name's capitalised words ("Royal National Lifeboat Institution" → "RNLI");
/// empty for a name of fewer than two such words.
fn initials(name: &str) -> String {
    let caps: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    if caps.chars().count() < 2 {
        String::new()
    } else {
        caps
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_skip_lower_case_function_words() {
        assert_eq!(initials("Royal National Lifeboat Institution"), "RNLI");
        assert_eq!(initials("Federal Bureau of Investigation"), "FBI");
        assert_eq!(initials("Netflix"), "");
    }

    #[test]
    fn acronyms_are_short_capital_words() {
        assert!(is_acronym("RNLI"));
        assert!(!is_acronym("Rnli"));
        assert!(!is_acronym("A"));
        assert!(!is_acronym("ABCDEFGH"));
    }
}
