//! Resolve: decides which mentions denote the same entity. Inside a document: names to the
//! lexicon or to their longest form ("Renner" → "Jeremy Renner"), role nominals and pronouns to
//! the salient person, first person in a quotation to its speaker, "his nephew" to one
//! role-defined person, appositions ("his daughter, Ava") to the name, event phrases to one
//! event. Across documents: by lexicon id, else by label and normalised name; never across
//! labels. Keeps a report of every merge and its reason.

use crate::config::Config;
use crate::date::PartialDate;
use crate::extract::{CandidateType, Extraction, MentionForm};
use crate::ontology::{Label, RelType};
use std::collections::{BTreeMap, BTreeSet};

/// One entity after resolution.
#[derive(Debug, Clone)]
pub struct Entity {
    pub label: Label,
    pub name: String,
    pub aliases: BTreeSet<String>,
    pub lexicon: Option<usize>,
    pub date: Option<PartialDate>,
    pub date_phrases: BTreeSet<String>,
    pub documents: BTreeSet<String>,
    pub mentions: usize,
    /// Named only by a tie to another entity ("Jeremy Renner's nephew").
    pub role_derived: bool,
    /// Candidate names, with the number of documents that use each.
    pub names: BTreeMap<String, usize>,
    /// Every dated reading of an event, before the vote that sets `date`.
    pub date_readings: Vec<(PartialDate, String)>,
}

/// The sentence that states a relationship.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Shared with every other evidence from the same document and sentence.
    pub document: std::sync::Arc<str>,
    pub sentence: usize,
    pub text: std::sync::Arc<str>,
    /// Character offsets of the sentence in the document.
    pub start: usize,
    pub end: usize,
    pub rule: String,
    pub confidence: f32,
    pub hedged: bool,
}

#[derive(Debug, Clone)]
pub struct Relation {
    pub rel: RelType,
    pub from: usize,
    pub to: usize,
    pub properties: BTreeMap<String, String>,
    pub evidence: Evidence,
}

/// An input document as it appears in the graph.
#[derive(Debug, Clone)]
pub struct DocumentInfo {
    pub id: String,
    pub date: Option<PartialDate>,
    pub headline: Option<String>,
    /// Where the article was published, as its input gave it.
    pub url: Option<String>,
    /// The outlet that published it, as its input named it.
    pub publisher: Option<String>,
    pub entities: BTreeSet<usize>,
}

/// Why a surface form was attached to an entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MergeRecord {
    pub document: String,
    pub surface: String,
    pub label: String,
    pub entity: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
    pub documents: Vec<DocumentInfo>,
    pub merges: Vec<MergeRecord>,
    pub warnings: Vec<String>,
}

/// Key used to merge names: NFKC, lower case, no possessive, letters and digits only.
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lower: String = name
        .nfkc()
        .collect::<String>()
        .replace('’', "'")
        .to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower).to_string();
    let no_poss = lower.replace("'s ", " ");
    let no_poss = no_poss.strip_suffix("'s").unwrap_or(&no_poss);
    no_poss
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '+')
        .collect()
}

/// A document-local cluster of mentions.
#[derive(Debug, Clone)]
struct Cluster {
    label: Label,
    name: String,
    name_rank: (usize, usize),
    lexicon: Option<usize>,
    aliases: BTreeSet<String>,
    female: Option<bool>,
    /// Dated readings of an event: the date and the phrase that gave it.
    dates: Vec<(PartialDate, String)>,
    mentions: usize,
    role_derived: bool,
    name_mentions: usize,
    first: usize,
    /// Event naming parts.
    event_parts: Option<EventParts>,
}

#[derive(Debug, Clone, Default)]
struct EventParts {
    head: String,
    qualifiers: BTreeMap<Vec<String>, usize>,
    modifier_names: Vec<(Label, String)>,
    /// Head nouns as written, with their counts.
    words: BTreeMap<String, usize>,
    /// The head noun the event is named by ("crash").
    plain_name: String,
}

struct DocResolver<'a> {
    config: &'a Config,
    ex: &'a Extraction,
    clusters: BTreeMap<String, Cluster>,
    mention_key: Vec<Option<String>>,
    /// Mention indices of each sentence.
    by_sentence: Vec<Vec<usize>>,
    /// Why each mention joined its cluster.
    reasons: Vec<Option<&'static str>>,
    redirects: BTreeMap<String, String>,
    /// Appositions: (tie-defined name, its label, cluster key it joined).
    appositions: Vec<(String, Label, String)>,
    inverted: BTreeSet<usize>,
    /// Ties stated without a possessor ("ex-wife Sonni Pacheco"): mention → anchor cluster.
    implied_anchor: Vec<(usize, String)>,
}

/// One document's clusters, and each mention's cluster key and reason.
struct DocClusters {
    clusters: BTreeMap<String, Cluster>,
    keys: Vec<Option<String>>,
    reasons: Vec<Option<&'static str>>,
    appositions: Vec<(String, Label, String)>,
    /// Family-word mentions whose tie the other side already states ("her father" when
    /// "his daughter" is there): their own RELATIVE_OF is not repeated.
    inverted: BTreeSet<usize>,
    implied_anchor: Vec<(usize, String)>,
}

impl<'a> DocResolver<'a> {
    fn new(config: &'a Config, ex: &'a Extraction) -> Self {
        DocResolver {
            config,
            ex,
            clusters: BTreeMap::new(),
            mention_key: vec![None; ex.mentions.len()],
            by_sentence: {
                let mut v = vec![Vec::new(); ex.document.sentences.len()];
                for (i, m) in ex.mentions.iter().enumerate() {
                    v[m.sentence].push(i);
                }
                v
            },
            reasons: vec![None; ex.mentions.len()],
            redirects: BTreeMap::new(),
            appositions: Vec::new(),
            inverted: BTreeSet::new(),
            implied_anchor: Vec::new(),
        }
    }

    fn canonical(&self, key: &str) -> String {
        let mut k = key.to_string();
        let mut guard = 0;
        while let Some(next) = self.redirects.get(&k) {
            k = next.clone();
            guard += 1;
            if guard > 64 {
                break;
            }
        }
        k
    }

    fn key_of(&self, m: usize) -> Option<String> {
        self.mention_key[m].as_ref().map(|k| self.canonical(k))
    }

    fn assign(&mut self, m: usize, key: String, label: Label, name: &str, reason: &'static str) {
        let mention = &self.ex.mentions[m];
        let rank = (
            usize::from(mention.form == MentionForm::Name),
            mention.tokens.len(),
        );
        let cluster = self.clusters.entry(key.clone()).or_insert_with(|| Cluster {
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
            first: mention.tokens.start,
            event_parts: None,
        });
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

    fn resolve(mut self) -> DocClusters {
        let ms = &self.ex.mentions;
        // 1. Names.
        let mut person_full: Vec<(Vec<String>, String)> = Vec::new();
        for (i, m) in ms.iter().enumerate() {
            if m.form != MentionForm::Name {
                continue;
            }
            let Some(label) = m.label else { continue };
            if let Some(lex) = m.lexicon {
                let e = &self.config.lexicon[lex];
                let key = format!("lex:{}", e.id);
                self.assign(i, key.clone(), label, &e.name, "lexicon alias");
                let c = self.clusters.get_mut(&key).expect("cluster");
                c.lexicon = Some(lex);
                c.name = e.name.clone();
                if e.label == Label::Person {
                    person_full.push((name_words(&e.name), key));
                }
            } else if label == Label::Person && m.tokens.len() > 1 {
                let key = format!("{}:{}", label, name_key(&m.text));
                self.assign(i, key.clone(), label, &m.text, "full name");
                person_full.push((name_words(&m.text), key));
            }
        }
        let mut name_parts: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (words, key) in &person_full {
            if words.len() > 1 {
                for w in [words.first(), words.last()].into_iter().flatten() {
                    name_parts.entry(w.clone()).or_default().insert(key.clone());
                }
            }
        }
        for (i, m) in ms.iter().enumerate() {
            if m.form != MentionForm::Name || self.mention_key[i].is_some() {
                continue;
            }
            let Some(label) = m.label else { continue };
            if label == Label::Person && m.tokens.len() == 1 {
                let w = crate::ingest::normalise_word(&m.text);
                let owners: BTreeSet<&String> = name_parts
                    .get(&w)
                    .map(|v| v.iter().collect())
                    .unwrap_or_default();
                if owners.len() == 1 {
                    let key = (*owners.iter().next().expect("one owner")).clone();
                    let name = self.clusters[&key].name.clone();
                    self.assign(
                        i,
                        key,
                        label,
                        &name,
                        "part of a full name in the same document",
                    );
                    continue;
                }
            }
            let key = format!("{}:{}", label, name_key(&m.text));
            self.assign(i, key, label, &m.text, "name");
        }
        // 2. The salient person: most name mentions, then earliest.
        let salient = self
            .clusters
            .iter()
            .filter(|(_, c)| c.label == Label::Person && c.name_mentions > 0)
            .max_by_key(|(_, c)| (c.name_mentions, std::cmp::Reverse(c.first)))
            .map(|(k, _)| k.clone());
        // 3. Role nominals.
        for (i, m) in ms.iter().enumerate() {
            if m.form != MentionForm::Role {
                continue;
            }
            if let Some(key) = &salient {
                let c = &self.clusters[key];
                if m.female.is_none() || c.female.is_none() || m.female == c.female {
                    let name = c.name.clone();
                    self.assign(
                        i,
                        key.clone(),
                        Label::Person,
                        &name,
                        "role nominal → the document's main person",
                    );
                }
            }
        }
        // 4. Pronouns, in text order, and first person to the quotation's speaker.
        let order: Vec<usize> = {
            let mut o: Vec<usize> = (0..ms.len())
                .filter(|&i| ms[i].form == MentionForm::Pronoun)
                .collect();
            o.sort_by_key(|&i| ms[i].tokens.start);
            o
        };
        for &i in &order {
            self.resolve_pronoun(i, salient.as_deref(), 0);
        }
        // 5. Related persons: one per (anchor, kind). "his daughter" and "her father" in one
        // document name each other: the daughter is the one whose father is his anchor.
        let mut ties: Vec<(usize, String, String)> = Vec::new();
        for (i, m) in ms.iter().enumerate() {
            let Some(r) = &m.related else { continue };
            let anchor_key = match r.anchor {
                Some(a) => self.key_of(a),
                None => salient.clone(),
            };
            if let (None, Some(k)) = (r.anchor, &anchor_key) {
                self.implied_anchor.push((i, k.clone()));
            }
            if let Some(k) = anchor_key {
                ties.push((i, k, r.kind.clone()));
            }
        }
        let inverse = |kind: &str| -> Vec<String> {
            self.config
                .cues
                .kin
                .iter()
                .filter(|k| k.kind == kind)
                .flat_map(|k| k.inverse.iter().cloned())
                .collect()
        };
        let mut through: BTreeMap<usize, String> = BTreeMap::new();
        let mut kin_by_kind: BTreeMap<&str, Vec<(usize, &String)>> = BTreeMap::new();
        for (i, a, k) in &ties {
            if ms[*i].related.as_ref().is_some_and(|r| !r.professional) {
                kin_by_kind.entry(k.as_str()).or_default().push((*i, a));
            }
        }
        for (i, a, k1) in &ties {
            if ms[*i].related.as_ref().is_some_and(|r| r.professional) {
                continue;
            }
            let inv = inverse(k1);
            let others: Vec<(usize, &String)> = inv
                .iter()
                .flat_map(|k2| kin_by_kind.get(k2.as_str()).into_iter().flatten().copied())
                .collect();
            for (j, b) in others {
                if a != b {
                    through.insert(*i, b.clone());
                    through.insert(j, a.clone());
                }
            }
        }
        for (i, anchor_key, kind) in ties {
            let anchor_name = self.clusters[&anchor_key].name.clone();
            let name = format!("{anchor_name}'s {kind}");
            if let Some(target) = through.get(&i).map(|t| self.canonical(t)) {
                let target_name = self.clusters[&target].name.clone();
                self.assign(
                    i,
                    target.clone(),
                    Label::Person,
                    &target_name,
                    "family word read from the other side of the tie",
                );
                let salience = |k: &str| self.clusters.get(k).map_or(0, |c| c.name_mentions);
                if salience(&anchor_key) < salience(&target) {
                    self.inverted.insert(i);
                }
                if let Some(c) = self.clusters.get_mut(&target) {
                    c.aliases.insert(name);
                }
                continue;
            }
            let key = format!("rel:{anchor_key}:{kind}");
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
        // 6. Appositions: the tie-defined person is the named one.
        for r in &self.ex.relations {
            if r.kind != CandidateType::SameAs {
                continue;
            }
            let (Some(a), Some(b)) = (self.key_of(r.from), self.key_of(r.to)) else {
                continue;
            };
            if a == b || self.clusters[&a].label != self.clusters[&b].label {
                continue;
            }
            let (from, into) = if self.clusters[&a].role_derived {
                (a, b)
            } else {
                (b, a)
            };
            let moved = self.clusters.remove(&from).expect("cluster");
            let target = self.clusters.get_mut(&into).expect("cluster");
            target.aliases.extend(moved.aliases);
            target.mentions += moved.mentions;
            target.female = target.female.or(moved.female);
            self.redirects.insert(from, into.clone());
            self.appositions
                .push((moved.name.clone(), moved.label, into));
        }
        // 7. Events.
        self.resolve_events();
        self.merge_event_links();
        let keys: Vec<Option<String>> = (0..ms.len()).map(|i| self.key_of(i)).collect();
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

    fn resolve_pronoun(&mut self, i: usize, salient: Option<&str>, depth: usize) -> Option<String> {
        if let Some(k) = self.key_of(i) {
            return Some(k);
        }
        if depth > 4 {
            return None;
        }
        let ms = &self.ex.mentions;
        let m = &ms[i];
        let key = if m.first_person {
            let speaker = m
                .quote
                .and_then(|q| self.ex.quote_speakers.get(q).copied().flatten())?;
            if ms[speaker].form == MentionForm::Pronoun {
                self.resolve_pronoun(speaker, salient, depth + 1)
            } else {
                self.key_of(speaker)
            }
            .map(|k| (k, "first person → the quotation's speaker"))
        } else {
            let compatible =
                |c: &Cluster| m.female.is_none() || c.female.is_none() || c.female == m.female;
            let mut best: Option<(usize, String)> = None;
            let window = m.sentence.saturating_sub(1)..=m.sentence;
            for j in window.flat_map(|s| self.by_sentence[s].iter().copied()) {
                let o = &ms[j];
                if j == i
                    || !matches!(o.form, MentionForm::Name | MentionForm::Role)
                    || o.tokens.start >= m.tokens.start
                    || o.sentence + 1 < m.sentence
                    || o.label != Some(Label::Person)
                {
                    continue;
                }
                if let Some(k) = self.key_of(j) {
                    if compatible(&self.clusters[&k])
                        && best.as_ref().is_none_or(|(p, _)| o.tokens.start > *p)
                    {
                        best = Some((o.tokens.start, k));
                    }
                }
            }
            best.map(|(_, k)| (k, "pronoun → nearest earlier person of its gender"))
                .or_else(|| {
                    let s = salient?;
                    compatible(&self.clusters[s])
                        .then(|| (s.to_string(), "pronoun → the document's main person"))
                })
        };
        let (key, reason) = key?;
        let name = self.clusters[&key].name.clone();
        self.assign(i, key.clone(), Label::Person, &name, reason);
        Some(key)
    }

    /// Event coreference found by the extractor: a phrase's cluster joins the named event's.
    fn merge_event_links(&mut self) {
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

    fn resolve_events(&mut self) {
        let ms = &self.ex.mentions;
        // Shows named by a premiere pattern ("X, which had its second season premiere").
        let mut pattern_show: BTreeMap<usize, usize> = BTreeMap::new();
        for r in &self.ex.relations {
            if r.kind == CandidateType::Rel(RelType::PREMIERE_OF) && ms[r.from].event.is_some() {
                pattern_show.entry(r.from).or_insert(r.to);
            }
        }
        for (i, m) in ms.iter().enumerate() {
            let Some(ev) = &m.event else { continue };
            let Some(head) = self.config.cues.event.iter().find(|h| h.name == ev.head) else {
                continue;
            };
            let primary = head
                .modifier_labels
                .first()
                .and_then(|l| Label::parse(l.get_ref()));
            let mut modifier_names = Vec::new();
            let mut sources: Vec<usize> = ev.modifiers.clone();
            if let Some(&show) = pattern_show.get(&i) {
                sources.push(show);
            }
            for md in sources {
                let (Some(label), Some(k)) = (ms[md].label, self.key_of(md)) else {
                    continue;
                };
                if Some(label) == primary {
                    modifier_names.push((label, self.clusters[&k].name.clone()));
                }
            }
            modifier_names.dedup();
            let key = if head.one_per_document {
                format!("event:{}", head.name)
            } else {
                let mods: Vec<String> = modifier_names.iter().map(|(_, n)| name_key(n)).collect();
                format!(
                    "event:{}:{}:{}",
                    head.name,
                    mods.join("+"),
                    ev.qualifiers.join(" ")
                )
            };
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
        for c in self.clusters.values_mut() {
            let Some(parts) = &c.event_parts else {
                continue;
            };
            let raw_qualifiers = parts
                .qualifiers
                .iter()
                .max_by_key(|(q, n)| (**n, q.len()))
                .map(|(q, _)| q.join(" "))
                .unwrap_or_default();
            let word = naming_word(&parts.words, &parts.head).to_string();
            let plain_name = word.clone();
            let qualifiers = raw_qualifiers;
            // With a named modifier ("the Rennervations world premiere"), only an ordinal still
            // tells events apart ("second season premiere").
            let ordinal = qualifiers
                .split(' ')
                .any(|w| ORDINALS.contains(&w) || w.chars().any(|c| c.is_ascii_digit()));
            let qualifiers = if parts.modifier_names.is_empty() || ordinal {
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
            words.push(word);
            let name = words.join(" ");
            let mut chars = name.chars();
            c.name = match chars.next() {
                Some(f) => f.to_uppercase().collect::<String>() + chars.as_str(),
                None => name,
            };
            if let Some(p) = c.event_parts.as_mut() {
                p.plain_name = plain_name;
            }
        }
    }
}

use crate::extract::model::events::{
    chief_victim, naming_word, recurring_edition, victim_event_name, with_year,
};

const ORDINALS: [&str; 10] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];

fn name_words(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(crate::ingest::normalise_word)
        .collect()
}

/// Surface text as an alias: without a leading article.
fn alias_text(text: &str) -> String {
    let t = text.trim();
    for det in ["a ", "an ", "A ", "An "] {
        if let Some(rest) = t.strip_prefix(det) {
            return rest.to_string();
        }
    }
    t.to_string()
}

/// Resolves mentions within each document, then merges entities across documents.
pub fn resolve(config: &Config, extractions: &[Extraction]) -> Resolution {
    let mut resolver = Resolver::new(config);
    for ex in extractions {
        resolver.add(ex, resolve_document(config, ex));
    }
    resolver.finish()
}

/// One document resolved on its own: the part of resolution that can run in parallel.
pub struct DocumentResolution(DocClusters);

/// Resolves the mentions of one document (coreference inside it).
pub fn resolve_document(config: &Config, ex: &Extraction) -> DocumentResolution {
    DocumentResolution(DocResolver::new(config, ex).resolve())
}

/// Merges resolved documents into one entity set, in the order they are added; feed it
/// documents one at a time so that only their entities and relations stay in memory.
pub struct Resolver<'a> {
    config: &'a Config,
    out: Resolution,
    global: BTreeMap<String, usize>,
}

impl<'a> Resolver<'a> {
    pub fn new(config: &'a Config) -> Self {
        Resolver {
            config,
            out: Resolution::default(),
            global: BTreeMap::new(),
        }
    }

    /// Adds one document, given its extraction and its document-level resolution.
    pub fn add(&mut self, ex: &Extraction, doc: DocumentResolution) {
        let config = self.config;
        let out = &mut self.out;
        let global = &mut self.global;
        let DocClusters {
            clusters,
            keys,
            reasons,
            appositions,
            inverted,
            implied_anchor,
        } = doc.0;
        let plain_key = |c: &Cluster| match c.lexicon {
            Some(l) => format!("lex:{}", config.lexicon[l].id),
            None => format!("{}:{}", c.label, name_key(&c.name)),
        };
        // An accident is identified by who was hurt in it, whatever vehicle each article names.
        let mut injured: BTreeMap<&String, BTreeMap<String, usize>> = BTreeMap::new();
        let mut victim_names: BTreeMap<String, String> = BTreeMap::new();
        for r in &ex.relations {
            if r.kind == CandidateType::Rel(RelType::INJURED_IN) {
                if let (Some(p), Some(e)) = (keys[r.from].as_ref(), keys[r.to].as_ref()) {
                    if let Some(pc) = clusters.get(p) {
                        *injured
                            .entry(e)
                            .or_default()
                            .entry(plain_key(pc))
                            .or_default() += 1;
                        victim_names.insert(plain_key(pc), pc.name.clone());
                    }
                }
            }
        }
        // With no victim named, an accident in an article is its main person's.
        let main_person = clusters
            .values()
            .filter(|c| c.label == Label::Person && c.name_mentions > 0)
            .max_by_key(|c| (c.name_mentions, std::cmp::Reverse(c.first)))
            .map(plain_key);
        let mut local_to_global: BTreeMap<String, usize> = BTreeMap::new();
        for (key, c) in &clusters {
            let one_per_document = c.event_parts.as_ref().is_some_and(|p| {
                config
                    .cues
                    .event
                    .iter()
                    .any(|h| h.name == p.head && h.one_per_document)
            });
            let hurt = injured
                .get(key)
                .and_then(|v| chief_victim(v, main_person.as_deref()));
            let victim = hurt.map(str::to_string).or_else(|| main_person.clone());
            let name = match (hurt, &c.event_parts) {
                (Some(v), Some(p)) if one_per_document && !p.words.is_empty() => {
                    victim_event_name(&victim_names[v], &p.plain_name)
                }
                _ => c.name.clone(),
            };
            let edition =
                recurring_edition(c.label, c.lexicon.is_none(), &c.name, ex.document.date);
            let gkey = match (one_per_document, &victim, &c.event_parts) {
                (true, Some(v), Some(p)) => format!("Event:{}:of:{v}", p.head),
                (_, _, Some(p)) if p.modifier_names.is_empty() => {
                    format!("{}:in:{}", plain_key(c), ex.document.id)
                }
                _ => plain_key(c) + &edition,
            };
            let idx = *global.entry(gkey).or_insert_with(|| {
                out.entities.push(Entity {
                    label: c.label,
                    name: name.clone(),
                    aliases: BTreeSet::new(),
                    lexicon: c.lexicon,
                    date: None,
                    date_phrases: BTreeSet::new(),
                    documents: BTreeSet::new(),
                    mentions: 0,
                    role_derived: c.role_derived,
                    names: BTreeMap::new(),
                    date_readings: Vec::new(),
                });
                out.entities.len() - 1
            });
            let e = &mut out.entities[idx];
            *e.names.entry(name).or_default() += 1;
            e.aliases.extend(c.aliases.iter().cloned());
            e.documents.insert(ex.document.id.clone());
            e.mentions += c.mentions;
            e.role_derived &= c.role_derived;
            e.date_readings.extend(c.dates.iter().cloned());
            local_to_global.insert(key.clone(), idx);
        }
        let mut doc_merges: BTreeSet<MergeRecord> = BTreeSet::new();
        let node_name = |e: &Entity| format!("{}: {}", e.label, e.name);
        for (i, m) in ex.mentions.iter().enumerate() {
            let (Some(k), Some(reason)) = (&keys[i], reasons[i]) else {
                continue;
            };
            if let Some(&g) = local_to_global.get(k) {
                doc_merges.insert(MergeRecord {
                    document: ex.document.id.clone(),
                    surface: m.text.clone(),
                    label: out.entities[g].label.to_string(),
                    entity: node_name(&out.entities[g]),
                    reason: reason.to_string(),
                });
            }
        }
        for (name, label, k) in appositions {
            if let Some(&g) = local_to_global.get(&k) {
                doc_merges.insert(MergeRecord {
                    document: ex.document.id.clone(),
                    surface: name,
                    label: label.to_string(),
                    entity: node_name(&out.entities[g]),
                    reason: "apposition names the same person".into(),
                });
            }
        }
        out.merges.extend(doc_merges);
        let mut doc_entities = BTreeSet::new();
        for k in keys.iter().flatten() {
            if let Some(&g) = local_to_global.get(k) {
                doc_entities.insert(g);
            }
        }
        let mut first_mention: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, k) in keys.iter().enumerate() {
            if let Some(k) = k {
                first_mention.entry(k.as_str()).or_insert(i);
            }
        }
        let mut candidates = ex.relations.clone();
        for (m, anchor_key) in &implied_anchor {
            let Some(r) = &ex.mentions[*m].related else {
                continue;
            };
            let (rel, key, from_anchor) = if r.professional {
                (RelType::WORKS_WITH, "role", true)
            } else {
                (RelType::RELATIVE_OF, "kind", false)
            };
            let Some(&anchor_mention) = first_mention.get(anchor_key.as_str()) else {
                continue;
            };
            let (from, to) = if from_anchor {
                (anchor_mention, *m)
            } else {
                (*m, anchor_mention)
            };
            candidates.push(crate::extract::RelationCandidate {
                kind: CandidateType::Rel(rel),
                from,
                to,
                rule: "tie-to-the-main-person".into(),
                confidence: 0.7,
                hedged: false,
                properties: BTreeMap::from([(key.to_string(), r.kind.clone())]),
                sentence: ex.mentions[*m].sentence,
            });
        }
        let doc_id: std::sync::Arc<str> = std::sync::Arc::from(ex.document.id.as_str());
        let mut sentence_texts: BTreeMap<usize, std::sync::Arc<str>> = BTreeMap::new();
        for r in &candidates {
            let CandidateType::Rel(rel) = r.kind else {
                continue;
            };
            if rel == RelType::RELATIVE_OF
                && inverted.contains(&r.from)
                && r.rule == "kin-of-possessor"
            {
                continue;
            }
            let (Some(fk), Some(tk)) = (keys[r.from].as_ref(), keys[r.to].as_ref()) else {
                continue;
            };
            let (Some(&from), Some(&to)) = (local_to_global.get(fk), local_to_global.get(tk))
            else {
                continue;
            };
            if from == to {
                continue;
            }
            if !rel.allows(out.entities[from].label, out.entities[to].label) {
                continue;
            }
            let doc = &ex.document;
            let s = &doc.sentences[r.sentence];
            let text = sentence_texts
                .entry(r.sentence)
                .or_insert_with(|| std::sync::Arc::from(doc.sentence_text(r.sentence)))
                .clone();
            out.relations.push(Relation {
                rel,
                from,
                to,
                properties: r.properties.clone(),
                evidence: Evidence {
                    document: doc_id.clone(),
                    sentence: r.sentence,
                    text,
                    start: s.char_start,
                    end: s.char_end,
                    rule: r.rule.clone(),
                    confidence: r.confidence,
                    hedged: r.hedged,
                },
            });
        }
        out.documents.push(DocumentInfo {
            id: ex.document.id.clone(),
            date: ex.document.date,
            headline: ex.document.headline.clone(),
            url: ex.document.meta.url.clone(),
            publisher: ex.document.meta.publisher.clone(),
            entities: doc_entities,
        });
    }

    /// Final votes (names, dates) and cross-document role merges.
    pub fn finish(self) -> Resolution {
        let mut out = self.out;
        finish(&mut out);
        out
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
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for e in out.entities.iter().filter(|e| e.label == Label::Event) {
        *count.entry(e.name.clone()).or_default() += 1;
    }
    for e in &mut out.entities {
        let year = e.documents.iter().find_map(|d| years.get(d.as_str()));
        let shared = count.get(&e.name).is_some_and(|&n| n > 1);
        if let (Some(&year), true) = (year, shared) {
            let lexicon = e.lexicon.is_some();
            if !recurring_edition(
                e.label,
                !lexicon,
                &e.name,
                Some(PartialDate {
                    year: Some(year),
                    month: None,
                    day: None,
                }),
            )
            .is_empty()
            {
                e.aliases.insert(e.name.clone());
                e.name = with_year(&e.name, year);
            }
        }
    }
}

fn finish(out: &mut Resolution) {
    for e in &mut out.entities {
        if let Some((date, phrases)) = vote_date(&e.date_readings) {
            e.date = Some(date);
            e.date_phrases = phrases;
        }
        if e.label == Label::Event && e.lexicon.is_none() {
            if let Some((name, _)) = e
                .names
                .iter()
                .max_by_key(|(n, c)| (**c, std::cmp::Reverse((*n).clone())))
            {
                let name = name.clone();
                if name != e.name {
                    e.aliases.insert(e.name.clone());
                    e.name = name;
                }
            }
        }
    }
    name_editions(out);
    merge_role_derived(out);
    let unique: BTreeSet<MergeRecord> = std::mem::take(&mut out.merges).into_iter().collect();
    out.merges = unique.into_iter().collect();
}

/// The date most readings agree with, refined by every reading compatible with it, and the
/// phrases of those readings. "on Monday" said of a hospital stay loses to "on Sunday" and
/// two "New Year's Day" said of the accident.
pub fn vote_date(readings: &[(PartialDate, String)]) -> Option<(PartialDate, BTreeSet<String>)> {
    let support = |d: &PartialDate| {
        readings
            .iter()
            .filter(|(o, _)| d.merge(o).is_some())
            .count()
    };
    let (winner, _) = readings.iter().max_by_key(|(d, p)| {
        (
            support(d),
            d.precision(),
            std::cmp::Reverse((*d, p.clone())),
        )
    })?;
    let mut date = *winner;
    let mut phrases = BTreeSet::new();
    let mut sorted: Vec<&(PartialDate, String)> = readings.iter().collect();
    sorted.sort();
    for (d, p) in sorted {
        if let Some(m) = date.merge(d) {
            date = m;
            if !p.is_empty() {
                phrases.insert(p.clone());
            }
        }
    }
    Some((date, phrases))
}

/// An entity known only as "X's daughter" in one document is the named entity that another
/// document gave that same description.
fn merge_role_derived(out: &mut Resolution) {
    let mut redirect: BTreeMap<usize, usize> = BTreeMap::new();
    let mut by_alias: BTreeMap<(Label, String), BTreeSet<usize>> = BTreeMap::new();
    for (j, o) in out.entities.iter().enumerate() {
        if !o.role_derived {
            for a in &o.aliases {
                by_alias
                    .entry((o.label, name_key(a)))
                    .or_default()
                    .insert(j);
            }
        }
    }
    for (i, e) in out.entities.iter().enumerate() {
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
    if redirect.is_empty() {
        return;
    }
    for (&from, &to) in &redirect {
        let moved = out.entities[from].clone();
        let target = &mut out.entities[to];
        target.aliases.extend(moved.aliases);
        target.documents.extend(moved.documents);
        target.mentions += moved.mentions;
        out.merges.push(MergeRecord {
            document: "*".into(),
            surface: moved.name.clone(),
            label: moved.label.to_string(),
            entity: format!("{}: {}", target.label, target.name),
            reason: "another document names this role-defined person".into(),
        });
    }
    let map = |i: usize| redirect.get(&i).copied().unwrap_or(i);
    for r in &mut out.relations {
        r.from = map(r.from);
        r.to = map(r.to);
    }
    out.relations.retain(|r| r.from != r.to);
    for d in &mut out.documents {
        d.entities = d.entities.iter().map(|&e| map(e)).collect();
    }
    // Removed entities stay as empty slots; the graph stage skips them.
    for &from in redirect.keys() {
        out.entities[from].mentions = 0;
        out.entities[from].documents.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn date_vote_prefers_the_reading_most_others_agree_with() {
        use crate::date::PartialDate;
        let r = |y: Option<i32>, m: u32, d: Option<u32>, p: &str| {
            (
                PartialDate {
                    year: y,
                    month: Some(m),
                    day: d,
                },
                p.to_string(),
            )
        };
        let readings = vec![
            r(Some(2023), 1, Some(2), "Monday"),
            r(Some(2023), 1, Some(1), "Sunday"),
            r(None, 1, Some(1), "New Year's Day"),
            r(Some(2023), 1, None, "January"),
        ];
        let (date, phrases) = super::vote_date(&readings).unwrap();
        assert_eq!(date.iso().unwrap(), "2023-01-01");
        assert!(
            !phrases.contains("Monday") && phrases.contains("January"),
            "{phrases:?}"
        );
    }

    #[test]
    fn name_key_ignores_case_possessive_spaces_and_article() {
        assert_eq!(name_key("The Hurt Locker"), name_key("hurt locker"));
        assert_eq!(
            name_key("Snow plow accident"),
            name_key("snowplow accident")
        );
        assert_eq!(
            name_key("Jeremy Renner’s nephew"),
            name_key("Jeremy Renner nephew")
        );
        assert_ne!(name_key("Disney+"), name_key("Disney"));
    }
}
