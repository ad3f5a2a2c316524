//! Persons defined by a tie inside one document: one per (anchor, kind) ("his nephew"), a family
//! word read from the other side of a stated tie ("his daughter" / "her father"), and
//! appositions that give such a person a name ("his daughter, Ava").

use super::document::DocResolver;
use super::keys::ClusterKey;
use crate::extract::model::rescue::FAMILY_RESCUE_RULE;
use crate::extract::{CandidateType, Extraction, MentionForm, RelationCandidate};
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

/// Possessives whose unresolved tie is not the main person's ("their children" of people the
/// article names no further).
const NOT_THE_MAIN_PERSON: [&str; 3] = ["their", "our", "your"];

/// A tie mention, the cluster of its anchor, and its kind ("daughter").
type Tie = (usize, ClusterKey, String);

/// Is `tie` a person defined by a tie to `owner` ("Ivo Lind, his wife, and son": his wife is
/// not Ivo Lind)?
fn is_tie_of(tie: &ClusterKey, owner: &ClusterKey) -> bool {
    matches!(tie, ClusterKey::Tie { anchor, .. } if anchor.as_ref() == owner)
}

/// A rescue of "the B family" saves B's relatives too: one SAVED candidate from the rescuer to
/// the first mention of each family tie anchored to B.
pub(super) fn family_rescues(
    ex: &Extraction,
    keys: &[Option<ClusterKey>],
) -> Vec<RelationCandidate> {
    let mut out = Vec::new();
    for r in ex.relations.iter().filter(|r| r.rule == FAMILY_RESCUE_RULE) {
        let Some(owner) = keys[r.to]
            .as_ref()
            .filter(|o| keys[r.from].as_ref() != Some(o))
        else {
            continue;
        };
        let mut seen: Vec<&ClusterKey> = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            let Some(k) = k.as_ref().filter(|k| is_tie_of(k, owner)) else {
                continue;
            };
            let kin = ex.mentions[i]
                .related
                .as_ref()
                .is_some_and(|t| !t.professional);
            if kin && !seen.contains(&k) {
                seen.push(k);
                out.push(RelationCandidate { to: i, ..r.clone() });
            }
        }
    }
    out
}

/// Does a RELATIVE_OF candidate make a person the relative of their own tie ("X, his wife"
/// read as X being the wife of his wife)? The tie states the direction; this one is wrong.
pub(super) fn owner_as_own_relative(r: &RelationCandidate, keys: &[Option<ClusterKey>]) -> bool {
    let (Some(from), Some(to)) = (&keys[r.from], &keys[r.to]) else {
        return false;
    };
    let same_kind =
        matches!(to, ClusterKey::Tie { kind, .. } if r.properties.get("kind") == Some(kind));
    r.kind == CandidateType::Rel(RelType::RELATIVE_OF) && same_kind && is_tie_of(to, from)
}

impl DocResolver<'_> {
    /// Related persons: one per (anchor, kind). "his daughter" and "her father" in one
    /// document name each other: the daughter is the one whose father is his anchor.
    pub(super) fn attach_ties(&mut self, salient: Option<&ClusterKey>) {
        let ties = self.collect_ties(salient);
        let through = self.kin_named_from_the_other_side(&ties);
        for (i, anchor, kind) in ties {
            match through.get(&i).map(|t| self.canonical(t)) {
                Some(target) => self.attach_to_other_side(i, &anchor, &kind, target),
                None => self.attach_to_tie_cluster(i, anchor, &kind),
            }
        }
    }

    /// Every tie mention whose anchor is resolved; a tie without a possessor is the main
    /// person's, and remembered as implied.
    fn collect_ties(&mut self, salient: Option<&ClusterKey>) -> Vec<Tie> {
        let mut ties = Vec::new();
        for (i, m) in self.ex.mentions.iter().enumerate() {
            let Some(r) = &m.related else { continue };
            let first_word = self.ex.document.tokens[m.tokens.start].norm.as_str();
            let anchor_key = match r.anchor {
                Some(a) => self.key_of(a),
                None if NOT_THE_MAIN_PERSON.contains(&first_word) => None,
                None => salient.cloned(),
            };
            if let (None, Some(k)) = (r.anchor, &anchor_key) {
                self.implied_anchor.push((i, k.clone()));
            }
            if let Some(k) = anchor_key {
                ties.push((i, k, r.kind.clone()));
            }
        }
        ties
    }

    fn inverse_kinds(&self, kind: &str) -> Vec<String> {
        self.config
            .cues
            .kin
            .iter()
            .filter(|k| k.kind == kind)
            .flat_map(|k| k.inverse.iter().cloned())
            .collect()
    }

    fn is_kin_tie(&self, i: usize) -> bool {
        self.ex.mentions[i]
            .related
            .as_ref()
            .is_some_and(|r| !r.professional)
    }

    /// Kin mentions that name each other (mention → the other mention's anchor).
    fn kin_named_from_the_other_side(&self, ties: &[Tie]) -> BTreeMap<usize, ClusterKey> {
        let mut kin_by_kind: BTreeMap<&str, Vec<(usize, &ClusterKey)>> = BTreeMap::new();
        for (i, a, k) in ties {
            if self.is_kin_tie(*i) {
                kin_by_kind.entry(k.as_str()).or_default().push((*i, a));
            }
        }
        let mut through = BTreeMap::new();
        for (i, a, k1) in ties {
            if !self.is_kin_tie(*i) {
                continue;
            }
            let inverse = self.inverse_kinds(k1);
            let others = inverse
                .iter()
                .flat_map(|k2| kin_by_kind.get(k2.as_str()).into_iter().flatten().copied());
            for (j, b) in others {
                if a != b && self.name_after_agrees(*i, b) && self.name_after_agrees(j, a) {
                    through.insert(*i, b.clone());
                    through.insert(j, a.clone());
                }
            }
        }
        through
    }

    /// A tie mention followed by a person's name ("daughter Ava", "his wife, Mara") is that
    /// person: it may be read from the other side only as `person` itself.
    fn name_after_agrees(&self, tie: usize, person: &ClusterKey) -> bool {
        let m = &self.ex.mentions[tie];
        let tokens = &self.ex.document.tokens;
        let start = match tokens.get(m.tokens.end) {
            Some(t) if t.norm == "," => m.tokens.end + 1,
            _ => m.tokens.end,
        };
        let named = self.ex.mentions.iter().enumerate().find(|(_, n)| {
            n.tokens.start == start
                && n.sentence == m.sentence
                && n.form == MentionForm::Name
                && n.label == Some(Label::Person)
        });
        named.is_none_or(|(j, _)| self.key_of(j).as_ref() == Some(person))
    }

    fn attach_to_other_side(
        &mut self,
        i: usize,
        anchor: &ClusterKey,
        kind: &str,
        target: ClusterKey,
    ) {
        let alias = format!("{}'s {kind}", self.clusters[anchor].name);
        let target_name = self.clusters[&target].name.clone();
        self.assign(
            i,
            target.clone(),
            Label::Person,
            &target_name,
            "family word read from the other side of the tie",
        );
        let salience = |k: &ClusterKey| self.clusters.get(k).map_or(0, |c| c.name_mentions);
        if salience(anchor) < salience(&target) {
            self.inverted.insert(i);
        }
        if let Some(c) = self.clusters.get_mut(&target) {
            c.aliases.insert(alias);
        }
    }

    fn attach_to_tie_cluster(&mut self, i: usize, anchor: ClusterKey, kind: &str) {
        let name = format!("{}'s {kind}", self.clusters[&anchor].name);
        let key = ClusterKey::Tie {
            anchor: Box::new(anchor),
            kind: kind.to_string(),
        };
        self.assign(
            i,
            key.clone(),
            Label::Person,
            &name,
            "family or job tie to a resolved person",
        );
        let c = self.clusters.get_mut(&key).expect("cluster");
        c.role_derived = true;
        c.name = name.clone();
        c.aliases.insert(name);
    }

    /// Appositions: the tie-defined person is the named one.
    pub(super) fn merge_appositions(&mut self) {
        for r in &self.ex.relations {
            if r.kind != CandidateType::SameAs {
                continue;
            }
            let (Some(a), Some(b)) = (self.key_of(r.from), self.key_of(r.to)) else {
                continue;
            };
            if a == b
                || self.clusters[&a].label != self.clusters[&b].label
                || is_tie_of(&a, &b)
                || is_tie_of(&b, &a)
            {
                continue;
            }
            let (from, into) = if self.clusters[&a].role_derived {
                (a, b)
            } else {
                (b, a)
            };
            self.merge_cluster(from, into);
        }
    }

    fn merge_cluster(&mut self, from: ClusterKey, into: ClusterKey) {
        let moved = self.clusters.remove(&from).expect("cluster");
        let target = self.clusters.get_mut(&into).expect("cluster");
        target.aliases.extend(moved.aliases);
        target.mentions += moved.mentions;
        target.female = target.female.or(moved.female);
        self.redirects.insert(from, into.clone());
        self.appositions.push((moved.name, moved.label, into));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str) -> ClusterKey {
        ClusterKey::Name(Label::Person, name.into())
    }

    fn tie(owner: &ClusterKey, kind: &str) -> ClusterKey {
        ClusterKey::Tie {
            anchor: Box::new(owner.clone()),
            kind: kind.into(),
        }
    }

    fn relative_of(kind: &str) -> RelationCandidate {
        RelationCandidate {
            kind: CandidateType::Rel(RelType::RELATIVE_OF),
            from: 0,
            to: 1,
            rule: "r".into(),
            confidence: 0.9,
            hedged: false,
            properties: BTreeMap::from([("kind".to_string(), kind.to_string())]),
            sentence: 0,
            possessor_kin: false,
        }
    }

    #[test]
    fn a_tie_is_its_owners_and_no_one_elses() {
        let (ivo, mara) = (person("ivo lind"), person("mara lind"));
        assert!(is_tie_of(&tie(&ivo, "wife"), &ivo));
        assert!(!is_tie_of(&tie(&ivo, "wife"), &mara));
        assert!(!is_tie_of(&ivo, &ivo));
    }

    #[test]
    fn an_owner_is_not_the_relative_of_their_tie_by_its_own_kind() {
        let ivo = person("ivo lind");
        let keys = vec![Some(ivo.clone()), Some(tie(&ivo, "wife"))];
        assert!(owner_as_own_relative(&relative_of("wife"), &keys));
        assert!(!owner_as_own_relative(&relative_of("husband"), &keys));
        let other = vec![Some(person("bo")), Some(tie(&ivo, "wife"))];
        assert!(!owner_as_own_relative(&relative_of("wife"), &other));
    }
}
