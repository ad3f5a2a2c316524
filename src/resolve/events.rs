//! Events inside one document: event phrases clustered by head, named modifiers and
//! qualifiers (one per document for heads that say so), then each cluster named from its parts
//! ("Rennervations world premiere", "Second season premiere").

use super::document::DocResolver;
use super::keys::{name_key, ClusterKey};
use crate::config::EventHead;
use crate::extract::model::events::naming_word;
use crate::extract::{CandidateType, EventPhrase};
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

const ORDINALS: [&str; 10] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];

/// What names an event cluster: its head, its qualifiers with their counts, its named
/// modifiers.
#[derive(Debug, Clone, Default)]
pub(super) struct EventParts {
    pub head: String,
    pub qualifiers: BTreeMap<Vec<String>, usize>,
    pub modifier_names: Vec<(Label, String)>,
    /// Head nouns as written, with their counts.
    pub words: BTreeMap<String, usize>,
}

impl EventParts {
    /// The head noun the event is named by ("crash"), else its kind.
    pub fn plain_name(&self) -> &str {
        naming_word(&self.words, &self.head)
    }
}

impl DocResolver<'_> {
    pub(super) fn resolve_events(&mut self) {
        let pattern_show = self.shows_named_by_premiere_patterns();
        for (i, m) in self.ex.mentions.iter().enumerate() {
            let Some(ev) = &m.event else { continue };
            let Some(head) = self.config.cues.event.iter().find(|h| h.name == ev.head) else {
                continue;
            };
            self.cluster_event(i, ev, head, pattern_show.get(&i).copied());
        }
        for c in self.clusters.values_mut() {
            if let Some(parts) = &c.event_parts {
                c.name = event_name(parts);
            }
        }
    }

    /// Event coreference found by the extractor: a phrase's cluster joins the named event's.
    pub(super) fn merge_event_links(&mut self) {
        for &(from, into) in &self.ex.event_links {
            let (Some(from), Some(into)) = (self.key_of(from), self.key_of(into)) else {
                continue;
            };
            if from == into || self.clusters[&from].label != self.clusters[&into].label {
                continue;
            }
            let moved = self.clusters.remove(&from).expect("cluster");
            let target = self.clusters.get_mut(&into).expect("cluster");
            target.aliases.extend(moved.aliases);
            target.dates.extend(moved.dates);
            target.mentions += moved.mentions;
            self.redirects.insert(from, into);
        }
    }

    /// Shows named by a premiere pattern ("X, which had its second season premiere"):
    /// event mention → show mention.
    fn shows_named_by_premiere_patterns(&self) -> BTreeMap<usize, usize> {
        let mut pattern_show = BTreeMap::new();
        for r in &self.ex.relations {
            if r.kind == CandidateType::Rel(RelType::PREMIERE_OF)
                && self.ex.mentions[r.from].event.is_some()
            {
                pattern_show.entry(r.from).or_insert(r.to);
            }
        }
        pattern_show
    }

    fn cluster_event(&mut self, i: usize, ev: &EventPhrase, head: &EventHead, show: Option<usize>) {
        let modifier_names = self.modifier_names(ev, head, show);
        let key = event_key(ev, head, &modifier_names);
        self.assign(i, key.clone(), Label::Event, &head.name, "event phrase");
        let c = self.clusters.get_mut(&key).expect("cluster");
        let parts = c.event_parts.get_or_insert_with(|| EventParts {
            head: head.name.clone(),
            ..EventParts::default()
        });
        if !ev.qualifiers.is_empty() {
            *parts.qualifiers.entry(ev.qualifiers.clone()).or_default() += 1;
        }
        if let Some(w) = &ev.word {
            *parts.words.entry(w.clone()).or_default() += 1;
        }
        for mn in modifier_names {
            if !parts.modifier_names.contains(&mn) {
                parts.modifier_names.push(mn);
            }
        }
        if let Some(d) = ev.date {
            c.dates
                .push((d, ev.date_phrase.clone().unwrap_or_default()));
        }
    }

    /// The names of the event's modifiers (and the show of a premiere pattern) that have the
    /// head's first modifier label.
    fn modifier_names(
        &self,
        ev: &EventPhrase,
        head: &EventHead,
        show: Option<usize>,
    ) -> Vec<(Label, String)> {
        let primary = head
            .modifier_labels
            .first()
            .and_then(|l| Label::parse(l.get_ref()));
        let mut names = Vec::new();
        for md in ev.modifiers.iter().copied().chain(show) {
            let (Some(label), Some(k)) = (self.ex.mentions[md].label, self.key_of(md)) else {
                continue;
            };
            if Some(label) == primary {
                names.push((label, self.clusters[&k].name.clone()));
            }
        }
        names.dedup();
        names
    }
}

fn event_key(ev: &EventPhrase, head: &EventHead, modifier_names: &[(Label, String)]) -> ClusterKey {
    if head.one_per_document {
        return ClusterKey::SoleEvent {
            head: head.name.clone(),
        };
    }
    let mods: Vec<String> = modifier_names.iter().map(|(_, n)| name_key(n)).collect();
    ClusterKey::Event {
        head: head.name.clone(),
        modifiers: mods.join("+"),
        qualifiers: ev.qualifiers.join(" "),
    }
}

/// The event's name: named modifiers, the commonest qualifiers (with a named modifier, only an
/// ordinal one: "second season premiere"), the head; capitalised.
fn event_name(parts: &EventParts) -> String {
    let qualifiers = parts
        .qualifiers
        .iter()
        .max_by_key(|(q, n)| (**n, q.len()))
        .map(|(q, _)| q.join(" "))
        .unwrap_or_default();
    let qualifiers = if parts.modifier_names.is_empty() || is_ordinal(&qualifiers) {
        qualifiers
    } else {
        String::new()
    };
    let mut words: Vec<String> = parts
        .modifier_names
        .iter()
        .map(|(_, n)| n.clone())
        .collect();
    if !qualifiers.is_empty() {
        words.push(qualifiers);
    }
    words.push(parts.plain_name().to_string());
    capitalise(words.join(" "))
}

fn is_ordinal(qualifiers: &str) -> bool {
    qualifiers
        .split(' ')
        .any(|w| ORDINALS.contains(&w) || w.chars().any(|c| c.is_ascii_digit()))
}

fn capitalise(name: String) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().collect::<String>() + chars.as_str(),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(head: &str, qualifiers: &[(&[&str], usize)], modifiers: &[&str]) -> EventParts {
        EventParts {
            head: head.into(),
            qualifiers: qualifiers
                .iter()
                .map(|(q, n)| (q.iter().map(|w| w.to_string()).collect(), *n))
                .collect(),
            modifier_names: modifiers
                .iter()
                .map(|n| (Label::Show, n.to_string()))
                .collect(),
            words: BTreeMap::new(),
        }
    }

    #[test]
    fn an_event_is_named_by_its_commonest_head_noun() {
        let mut p = parts("accident", &[], &[]);
        assert_eq!(event_name(&p), "Accident");
        p.words = BTreeMap::from([("crash".to_string(), 2), ("accident".to_string(), 1)]);
        assert_eq!(event_name(&p), "Crash");
    }

    #[test]
    fn event_name_uses_the_commonest_qualifiers() {
        let p = parts("accident", &[(&["snowplow"], 2), (&["tragic"], 1)], &[]);
        assert_eq!(event_name(&p), "Snowplow accident");
    }

    #[test]
    fn a_named_modifier_keeps_only_an_ordinal_qualifier() {
        let p = parts("premiere", &[(&["world"], 1)], &["Rennervations"]);
        assert_eq!(event_name(&p), "Rennervations premiere");
        let p = parts("premiere", &[(&["second", "season"], 1)], &["Yellowstone"]);
        assert_eq!(event_name(&p), "Yellowstone second season premiere");
        let p = parts("premiere", &[(&["season", "2"], 1)], &["Yellowstone"]);
        assert_eq!(event_name(&p), "Yellowstone season 2 premiere");
    }
}
