//! Events inside one document: event phrases clustered by head, named modifiers and
//! qualifiers (one per document for heads that say so), then each cluster named from its parts
//! ("Rennervations world premiere", "Second season premiere").

use super::document::Cluster;
use super::document::DocResolver;
use super::keys::{name_key, ClusterKey};
use crate::config::EventHead;
use crate::extract::model::events::{naming_word, with_year};
use crate::extract::{CandidateType, EventPhrase};
use crate::ingest::Document;
use crate::ontology::{Label, RelType};
use std::collections::{BTreeMap, BTreeSet};

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
    /// Named modifiers of the kind's other labels ("New York City" of a premiere), which name
    /// the event when no modifier of the first label does.
    pub other_names: Vec<String>,
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
            self.absorb_cluster(from, into);
        }
    }

    /// Moves cluster `from` into cluster `into`, keeping its aliases, dates and mentions.
    fn absorb_cluster(&mut self, from: ClusterKey, into: ClusterKey) {
        let moved = self.clusters.remove(&from).expect("cluster");
        let target = self.clusters.get_mut(&into).expect("cluster");
        target.aliases.extend(moved.aliases);
        target.dates.extend(moved.dates);
        target.mentions += moved.mentions;
        self.redirects.insert(from, into);
    }

    /// Named events of one article that are configured names of one event ("Oscars",
    /// "Academy Awards") join the cluster named most often.
    pub(super) fn merge_event_synonyms(&mut self) {
        for group in &self.config.cues.event_synonyms {
            let keys: BTreeSet<String> = group.iter().map(|n| name_key(n)).collect();
            let mut named: Vec<(ClusterKey, usize, usize)> = self
                .clusters
                .iter()
                .filter(|(_, c)| is_named_event(c) && keys.contains(&name_key(&c.name)))
                .map(|(k, c)| (k.clone(), c.name_mentions, c.first))
                .collect();
            named.sort_by_key(|(_, n, first)| (std::cmp::Reverse(*n), *first));
            let mut named = named.into_iter().map(|(k, _, _)| k);
            let Some(into) = named.next() else { continue };
            for from in named {
                let name = self.clusters[&from].name.clone();
                self.clusters
                    .get_mut(&into)
                    .expect("cluster")
                    .aliases
                    .insert(name);
                self.absorb_cluster(from, into.clone());
            }
        }
    }

    /// A named event the text dates by its year ("the 2022 Oscars", "Oscars 2022", or "Cannes
    /// 2023" for the "Cannes Film Festival") is named as that edition, in the text's order;
    /// the plain name stays an alias. Two different years name no edition.
    pub(super) fn name_dated_editions(&mut self) {
        let doc = &self.ex.document;
        let mut readings: BTreeMap<ClusterKey, Vec<YearReading>> = BTreeMap::new();
        for (i, m) in self.ex.mentions.iter().enumerate() {
            let Some(key) = self.key_of(i) else { continue };
            if !self.clusters.get(&key).is_some_and(is_named_event) {
                continue;
            }
            let before = m.tokens.start.checked_sub(1).and_then(|t| year_at(doc, t));
            let after = year_at(doc, m.tokens.end);
            let found = before
                .map(|y| (y, true))
                .or(after.map(|y| (y, false)))
                .into_iter();
            readings.entry(key).or_default().extend(found);
        }
        let keys: Vec<ClusterKey> = readings.keys().cloned().collect();
        for key in keys {
            let c = &self.clusters[&key];
            let mut found = readings.remove(&key).unwrap_or_default();
            found.extend(year_after_first_word(doc, &c.name));
            if let Some((year, first)) = one_year(&found) {
                let c = self.clusters.get_mut(&key).expect("cluster");
                let plain = std::mem::take(&mut c.name);
                c.aliases.insert(with_year(&plain, year));
                c.aliases.insert(plain.clone());
                c.name = edition_name(&plain, year, first);
            }
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
        let other_names = self.other_modifier_names(ev, head);
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
        for n in other_names {
            if !parts.other_names.contains(&n) {
                parts.other_names.push(n);
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

/// A year read beside an event's name, and whether it stands before the name.
type YearReading = (i32, bool);

/// A named event (not an event phrase, not a lexicon entry).
fn is_named_event(c: &Cluster) -> bool {
    c.label == Label::Event && c.event_parts.is_none() && c.lexicon.is_none()
}

/// The year written at document token `t` ("2022"), if any.
fn year_at(doc: &Document, t: usize) -> Option<i32> {
    let w = &doc.tokens.get(t)?.norm;
    let year: i32 =
        (w.len() == 4 && w.chars().all(|c| c.is_ascii_digit())).then(|| w.parse().ok())??;
    (1800..=2100).contains(&year).then_some(year)
}

/// Years written right after the first word of a longer event name ("Cannes 2023" for
/// "Cannes Film Festival").
fn year_after_first_word(doc: &Document, name: &str) -> Vec<YearReading> {
    let words = super::keys::name_words(name);
    let (Some(first), true) = (words.first(), words.len() > 1) else {
        return Vec::new();
    };
    (0..doc.tokens.len().saturating_sub(1))
        .filter(|&t| doc.tokens[t].capitalised && doc.tokens[t].norm == *first)
        .filter_map(|t| year_at(doc, t + 1))
        .map(|y| (y, false))
        .collect()
}

/// The one year of the readings, and whether the text writes it first; none for two years.
fn one_year(readings: &[YearReading]) -> Option<YearReading> {
    let (year, _) = *readings.first()?;
    if readings.iter().any(|(y, _)| *y != year) {
        return None;
    }
    Some((year, readings.iter().any(|(_, first)| *first)))
}

/// An edition's name: "2022 Oscars" where the text writes the year first, else "Cannes Film
/// Festival 2023".
fn edition_name(name: &str, year: i32, first: bool) -> String {
    if first {
        format!("{year} {name}")
    } else {
        with_year(name, year)
    }
}

impl DocResolver<'_> {
    /// The names of the event's modifiers of the head's other modifier labels.
    fn other_modifier_names(&self, ev: &EventPhrase, head: &EventHead) -> Vec<String> {
        let labels: Vec<Label> = head
            .modifier_labels
            .iter()
            .skip(1)
            .filter_map(|l| Label::parse(l.get_ref()))
            .collect();
        let mut names = Vec::new();
        for &md in &ev.modifiers {
            let (Some(label), Some(k)) = (self.ex.mentions[md].label, self.key_of(md)) else {
                continue;
            };
            if labels.contains(&label) {
                names.push(self.clusters[&k].name.clone());
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
    let (year, qualifiers) = split_leading_year(&qualifiers);
    let mut words: Vec<String> = year.into_iter().collect();
    words.extend(parts.modifier_names.iter().map(|(_, n)| n.clone()));
    if words.is_empty() && parts.other_names.len() == 1 {
        words.extend(parts.other_names.iter().cloned());
    }
    if !qualifiers.is_empty() {
        words.push(qualifiers.to_string());
    }
    words.push(parts.plain_name().to_string());
    capitalise(words.join(" "))
}

/// A year that leads the qualifiers ("1987 mine") leads the event's name ("1987 Dunmore mine
/// flood"); the rest stays before the head.
fn split_leading_year(qualifiers: &str) -> (Option<String>, &str) {
    let (first, rest) = qualifiers.split_once(' ').unwrap_or((qualifiers, ""));
    let year = first.len() == 4 && first.chars().all(|c| c.is_ascii_digit());
    if year {
        (Some(first.to_string()), rest)
    } else {
        (None, qualifiers)
    }
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
            other_names: Vec::new(),
        }
    }

    #[test]
    fn an_event_without_its_first_label_is_named_by_its_one_place() {
        let mut p = parts("premiere", &[], &[]);
        p.other_names = vec!["Harbor City".into()];
        assert_eq!(event_name(&p), "Harbor City premiere");
        p.other_names.push("Lakeside".into());
        assert_eq!(event_name(&p), "Premiere");
        p.modifier_names = vec![(Label::Show, "Red Sky".into())];
        assert_eq!(event_name(&p), "Red Sky premiere");
    }

    #[test]
    fn one_year_names_an_edition_in_the_texts_order() {
        assert_eq!(one_year(&[(2022, true), (2022, false)]), Some((2022, true)));
        assert_eq!(one_year(&[(2023, false)]), Some((2023, false)));
        assert_eq!(one_year(&[(2019, true), (2022, true)]), None);
        assert_eq!(one_year(&[]), None);
        assert_eq!(edition_name("Oscars", 2022, true), "2022 Oscars");
        assert_eq!(
            edition_name("Harbor Film Festival", 2023, false),
            "Harbor Film Festival 2023"
        );
    }

    #[test]
    fn a_year_after_the_first_word_dates_the_event() {
        let d = crate::ingest::ingest(
            "t.txt",
            std::path::Path::new("t.txt"),
            "Harbor 2023: stars at the Harbor Film Festival in 1999 weather.".to_string(),
            &crate::ingest::Abbreviations::new(["Mt"]),
        );
        assert_eq!(
            year_after_first_word(&d, "Harbor Film Festival"),
            vec![(2023, false)]
        );
        assert!(year_after_first_word(&d, "Harbor").is_empty());
        assert_eq!(year_at(&d, 1), Some(2023));
        assert_eq!(year_at(&d, 0), None);
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
    fn a_leading_year_leads_the_name() {
        let p = parts("accident", &[(&["1987", "mine"], 1)], &[]);
        assert_eq!(event_name(&p), "1987 mine accident");
        let mut p = parts("accident", &[(&["1987", "mine"], 1)], &[]);
        p.modifier_names = vec![(Label::Place, "Carrow".into())];
        assert_eq!(event_name(&p), "1987 Carrow mine accident");
        assert_eq!(split_leading_year("season 2"), (None, "season 2"));
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
