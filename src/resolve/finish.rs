//! After every document is merged: the votes (an event's date and name) and the merge of a
//! role-defined person into the named person another document gave that description.

use super::dates::vote_date;
use super::keys::name_key;
use super::merge::{node_name, par_for_each_timed};
use super::types::{Entity, MergeRecord, Resolution};
use crate::date::PartialDate;
use crate::extract::model::events::{recurring_year, with_year};
use crate::ontology::Label;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// Returns the CPU time its parallel part took on the other threads.
pub(super) fn finish(out: &mut Resolution) -> Duration {
    let busy = par_for_each_timed(&mut out.entities, |e| {
        apply_date_vote(e);
        apply_event_name_vote(e);
    });
    name_editions(out);
    merge_role_derived(out);
    out.merges.seal();
    busy
}

fn apply_date_vote(e: &mut Entity) {
    if let Some((date, phrases)) = vote_date(&e.date_readings) {
        e.date = Some(date);
        e.date_phrases = phrases;
    }
}

/// An event not in the lexicon is named as most documents name it (ties: the first name).
fn apply_event_name_vote(e: &mut Entity) {
    if e.label != Label::Event || e.lexicon.is_some() {
        return;
    }
    let Some((name, _)) = e
        .names
        .iter()
        .max_by_key(|(n, c)| (**c, std::cmp::Reverse((*n).clone())))
    else {
        return;
    };
    let name = name.clone();
    if name != e.name {
        e.aliases.insert(e.name.clone());
        e.name = name;
    }
}

/// Editions of a recurring event that share a name ("Harbor Film Festival" of two years) are
/// told apart by the year of their first article.
fn name_editions(out: &mut Resolution) {
    let years: BTreeMap<&str, i32> = out
        .documents
        .iter()
        .filter_map(|d| Some((d.id.as_str(), d.date?.year?)))
        .collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for e in out.entities.iter().filter(|e| e.label == Label::Event) {
        *count.entry(e.name.as_str()).or_default() += 1;
    }
    let renamed: Vec<(usize, i32)> = out
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| count.get(e.name.as_str()).is_some_and(|&n| n > 1))
        .filter_map(|(i, e)| {
            let year = *e.documents.iter().find_map(|d| years.get(d.as_str()))?;
            let date = PartialDate {
                year: Some(year),
                month: None,
                day: None,
            };
            recurring_year(e.label, e.lexicon.is_none(), &e.name, Some(date)).map(|y| (i, y))
        })
        .collect();
    for (i, year) in renamed {
        let e = &mut out.entities[i];
        e.aliases.insert(e.name.clone());
        e.name = with_year(&e.name, year);
    }
}

/// An entity known only as "X's daughter" in one document is the named entity that another
/// document gave that same description.
fn merge_role_derived(out: &mut Resolution) {
    let redirect = role_derived_targets(&out.entities);
    if redirect.is_empty() {
        return;
    }
    for (&from, &to) in &redirect {
        move_into(out, from, to);
    }
    remap_entities(out, &redirect);
}

/// Role-defined entity → the one named entity with that description as an alias.
fn role_derived_targets(entities: &[Entity]) -> BTreeMap<usize, usize> {
    let mut by_alias: BTreeMap<(Label, String), BTreeSet<usize>> = BTreeMap::new();
    for (j, o) in entities.iter().enumerate() {
        if !o.role_derived {
            for a in &o.aliases {
                by_alias
                    .entry((o.label, name_key(a)))
                    .or_default()
                    .insert(j);
            }
        }
    }
    let mut redirect = BTreeMap::new();
    for (i, e) in entities.iter().enumerate() {
        if !e.role_derived {
            continue;
        }
        let targets: Vec<usize> = by_alias
            .get(&(e.label, name_key(&e.name)))
            .map(|v| v.iter().copied().filter(|&j| j != i).collect())
            .unwrap_or_default();
        if let [t] = targets.as_slice() {
            redirect.insert(i, *t);
        }
    }
    redirect
}

fn move_into(out: &mut Resolution, from: usize, to: usize) {
    let moved = out.entities[from].clone();
    let target = &mut out.entities[to];
    target.aliases.extend(moved.aliases);
    target.documents.extend(moved.documents);
    target.mentions += moved.mentions;
    out.merges.push(MergeRecord {
        document: "*".into(),
        surface: moved.name.clone(),
        label: moved.label.to_string(),
        entity: node_name(target),
        reason: "another document names this role-defined person".into(),
    });
}

/// Relations and documents point at the merged entities; removed entities stay as empty
/// slots, which the graph stage skips.
fn remap_entities(out: &mut Resolution, redirect: &BTreeMap<usize, usize>) {
    let map = |i: usize| redirect.get(&i).copied().unwrap_or(i);
    for r in &mut out.relations {
        r.from = map(r.from);
        r.to = map(r.to);
    }
    out.relations.retain(|r| r.from != r.to);
    for d in &mut out.documents {
        d.entities = d.entities.iter().map(|&e| map(e)).collect();
    }
    for &from in redirect.keys() {
        out.entities[from].mentions = 0;
        out.entities[from].documents.clear();
    }
}
