//! Lists share a type: names coordinated in the parse ("A, B and C") where most are persons are
//! all persons, whatever the NER said about the odd one out.

use super::ModelParse;
use crate::extract::{Mention, MentionForm};
use crate::ontology::Label;
use std::collections::BTreeMap;

/// Union-find root.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The name mention each token belongs to.
fn name_at(mentions: &[Mention], n: usize) -> Vec<Option<usize>> {
    let mut at = vec![None; n];
    for (i, m) in mentions.iter().enumerate() {
        if m.form == MentionForm::Name {
            for t in m.tokens.clone() {
                at[t] = Some(i);
            }
        }
    }
    at
}

/// Groups of name mentions joined by `conj` arcs of the parse.
pub(crate) fn conjunct_groups(parse: &ModelParse, mentions: &[Mention]) -> Vec<Vec<usize>> {
    let at = name_at(mentions, parse.token_dep.len());
    let mut parent: Vec<usize> = (0..mentions.len()).collect();
    for (t, dep) in parse.token_dep.iter().enumerate() {
        if dep.as_deref() != Some("conj") {
            continue;
        }
        let (Some(a), Some(h)) = (at[t], parse.token_head[t].and_then(|h| at[h])) else {
            continue;
        };
        let (ra, rh) = (root(&mut parent, a), root(&mut parent, h));
        parent[ra] = rh;
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..mentions.len() {
        if at.contains(&Some(i)) {
            let r = root(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
    }
    groups.into_values().filter(|g| g.len() > 1).collect()
}

/// May a list retype this mention? Lexicon entries and quoted titles keep their label.
fn retypable(m: &Mention) -> bool {
    m.lexicon.is_none() && m.label != Some(Label::Show) && m.label != Some(Label::Person)
}

/// Retypes the odd members of mostly-person lists as Person.
pub(crate) fn type_person_lists(parse: &ModelParse, mentions: &mut [Mention]) {
    for group in conjunct_groups(parse, mentions) {
        let persons = group
            .iter()
            .filter(|&&i| mentions[i].label == Some(Label::Person))
            .count();
        let mostly = if group.len() > 2 {
            persons * 2 > group.len()
        } else {
            persons == 1
        };
        if !mostly {
            continue;
        }
        for &i in &group {
            let untyped_pair = group.len() > 2 || mentions[i].label.is_none();
            if retypable(&mentions[i]) && untyped_pair {
                mentions[i].label = Some(Label::Person);
                mentions[i].retyped_by("model: in a list of persons");
            }
        }
    }
}
