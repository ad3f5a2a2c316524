//! Graph: the knowledge graph as a petgraph `StableDiGraph`: one node per entity and per
//! article, with a stable id from label and canonical name; one edge per (from, type, to)
//! carrying every piece of evidence. Iteration order is sorted, so exports are deterministic.

use crate::config::Config;
use crate::date::PartialDate;
use crate::ontology::{Label, RelType};
use crate::resolve::{Entity, Evidence, Relation, Resolution};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    pub label: Label,
    pub name: String,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub wikidata: Option<String>,
    /// Schema.org subtype of a Show (`TVSeries`, `Movie`, `CreativeWorkSeries`).
    pub kind: Option<String>,
    pub date: Option<PartialDate>,
    pub date_phrases: Vec<String>,
    pub documents: Vec<String>,
    pub mentions: usize,
    /// An Article's URL, as its input gave it.
    pub url: Option<String>,
}

impl Node {
    /// A node with just an id, a label and a name; every other field empty.
    pub fn new(id: impl Into<String>, label: Label, name: impl Into<String>) -> Node {
        Node {
            id: id.into(),
            label,
            name: name.into(),
            aliases: Vec::new(),
            description: None,
            wikidata: None,
            kind: None,
            date: None,
            date_phrases: Vec::new(),
            documents: Vec::new(),
            mentions: 0,
            url: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub rel: RelType,
    pub properties: BTreeMap<String, String>,
    pub evidence: Vec<Evidence>,
    /// Sentences found for this edge; more than `evidence.len()` when a cap dropped some.
    pub evidence_total: usize,
}

impl Edge {
    /// The strongest evidence's confidence.
    pub fn confidence(&self) -> f32 {
        if self.evidence.is_empty() {
            return 1.0;
        }
        self.evidence
            .iter()
            .map(|e| e.confidence)
            .fold(0.0, f32::max)
    }

    /// True when every statement of it is hedged ("presumably filming").
    pub fn hedged(&self) -> bool {
        !self.evidence.is_empty() && self.evidence.iter().all(|e| e.hedged)
    }
}

/// The knowledge graph.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    pub graph: StableDiGraph<Node, Edge>,
    by_id: BTreeMap<String, NodeIndex>,
    by_triple: BTreeMap<(NodeIndex, RelType, NodeIndex), EdgeIndex>,
    edge_order: std::sync::OnceLock<EdgeOrder>,
}

/// The edges in export order, and the graph's counts when it was computed.
#[derive(Debug, Clone, Default)]
struct EdgeOrder {
    counts: (usize, usize),
    edges: Vec<EdgeIndex>,
}

/// One evidence per sentence (document and start) of `relations`: the first of the most
/// confident, in relation order.
fn strongest_per_sentence(relations: &[&Relation]) -> Vec<Evidence> {
    let mut by_sentence: Vec<(usize, &Evidence)> =
        relations.iter().map(|r| &r.evidence).enumerate().collect();
    by_sentence.sort_by(|a, b| {
        (a.1.place().cmp(&b.1.place()))
            .then(b.1.confidence.total_cmp(&a.1.confidence))
            .then(a.0.cmp(&b.0))
    });
    by_sentence
        .chunk_by(|a, b| a.1.place() == b.1.place())
        .map(|same| same[0].1.clone())
        .collect()
}

/// Each property's first value in relation order.
fn first_properties(relations: &[&Relation]) -> BTreeMap<String, String> {
    let mut props = BTreeMap::new();
    for r in relations {
        for (k, v) in &r.properties {
            props.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    props
}

/// Lower-case ASCII slug; other characters become `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '+' {
            out.push_str("-plus");
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    trimmed
        .chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

fn slug_untruncated(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// FNV-1a 64, stable on every machine.
pub fn stable_hash(text: &str) -> u64 {
    stable_hash_more(STABLE_HASH_START, text)
}

/// The FNV-1a 64 hash of nothing: [`stable_hash`] of a text in parts starts here.
pub const STABLE_HASH_START: u64 = 0xcbf29ce484222325;

/// Continues hash `h` with the bytes of `text`: hashing "ab" equals hashing "a" then "b".
pub fn stable_hash_more(mut h: u64, text: &str) -> u64 {
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// The stable id of a node: `label:slug`, with a hash suffix when the slug is not the name.
pub fn node_id(label: Label, name: &str) -> String {
    let s = slug(name);
    let full = slug_untruncated(name);
    let lossy = !name.is_ascii() || name.contains('+') || s != full;
    if s.is_empty() || lossy {
        let h = stable_hash(&format!("{}\u{1f}{}", label, name));
        if s.is_empty() {
            format!("{}:{:08x}", label.as_str().to_lowercase(), h as u32)
        } else {
            format!("{}:{}-{:08x}", label.as_str().to_lowercase(), s, h as u32)
        }
    } else {
        format!("{}:{}", label.as_str().to_lowercase(), s)
    }
}

impl KnowledgeGraph {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.by_id.get(id).map(|&i| &self.graph[i])
    }

    pub fn index(&self, id: &str) -> Option<NodeIndex> {
        self.by_id.get(id).copied()
    }

    /// Adds a node; the id must be new.
    pub fn add_node(&mut self, node: Node) -> NodeIndex {
        let id = node.id.clone();
        let i = self.graph.add_node(node);
        self.by_id.insert(id, i);
        self.edge_order.take();
        i
    }

    /// Adds evidence to the edge (from, type, to), creating it if needed.
    pub fn add_edge(
        &mut self,
        from: NodeIndex,
        to: NodeIndex,
        rel: RelType,
        properties: BTreeMap<String, String>,
        evidence: Option<Evidence>,
    ) {
        self.edge_order.take();
        let existing = self.by_triple.get(&(from, rel, to)).copied();
        let edge = match existing {
            Some(e) => &mut self.graph[e],
            None => {
                let e = self.graph.add_edge(
                    from,
                    to,
                    Edge {
                        rel,
                        properties: BTreeMap::new(),
                        evidence: Vec::new(),
                        evidence_total: 0,
                    },
                );
                self.by_triple.insert((from, rel, to), e);
                &mut self.graph[e]
            }
        };
        for (k, v) in properties {
            edge.properties.entry(k).or_insert(v);
        }
        if let Some(ev) = evidence {
            // One evidence per sentence: the strongest rule that found it.
            let same = edge.evidence.iter().position(|e| e.place() == ev.place());
            if let Some(i) = same {
                if ev.confidence > edge.evidence[i].confidence {
                    edge.evidence[i] = ev;
                }
            } else {
                edge.evidence_total += 1;
                edge.evidence.push(ev);
                edge.evidence
                    .sort_by(|a, b| a.order_key().cmp(&b.order_key()));
            }
        }
    }

    /// Nodes sorted by id.
    pub fn nodes(&self) -> Vec<&Node> {
        self.by_id.values().map(|&i| &self.graph[i]).collect()
    }

    /// [`Self::nodes`] with their node indices.
    pub fn indexed_nodes(&self) -> Vec<(NodeIndex, &Node)> {
        self.by_id.values().map(|&i| (i, &self.graph[i])).collect()
    }

    /// Edges sorted by (type, from id, to id). The order is computed once and shared (every
    /// exporter asks for it, in parallel); adding a node or an edge forgets it.
    pub fn edges(&self) -> Vec<(&Node, &Edge, &Node)> {
        self.edge_ends()
            .into_iter()
            .map(|(f, e, t)| (&self.graph[f], e, &self.graph[t]))
            .collect()
    }

    /// [`Self::edges`] with the node indices of their ends.
    pub fn edge_ends(&self) -> Vec<(NodeIndex, &Edge, NodeIndex)> {
        let fresh;
        let order = match self.edge_order.get_or_init(|| self.sorted_edges()) {
            cached if cached.counts == self.counts() => cached,
            _ => {
                fresh = self.sorted_edges();
                &fresh
            }
        };
        order
            .edges
            .iter()
            .map(|&e| {
                let (f, t) = self.graph.edge_endpoints(e).expect("an edge of the graph");
                (f, &self.graph[e], t)
            })
            .collect()
    }

    /// Each node's position in [`Self::nodes`] (id order), by node index.
    pub fn positions(&self) -> Vec<usize> {
        let mut position = vec![usize::MAX; self.graph.node_bound()];
        for (i, n) in self.by_id.values().enumerate() {
            position[n.index()] = i;
        }
        position
    }

    /// (nodes, edges): an edge order computed at other counts is stale (the graph is public).
    fn counts(&self) -> (usize, usize) {
        (self.graph.node_count(), self.graph.edge_count())
    }

    fn sorted_edges(&self) -> EdgeOrder {
        let rank = self.id_ranks();
        let mut keyed: Vec<((RelType, usize, usize), EdgeIndex)> = self
            .graph
            .edge_references()
            .map(|e| {
                let key = (
                    e.weight().rel,
                    rank[e.source().index()],
                    rank[e.target().index()],
                );
                (key, e.id())
            })
            .collect();
        keyed.sort_by_key(|&(key, _)| key);
        EdgeOrder {
            counts: self.counts(),
            edges: keyed.into_iter().map(|(_, e)| e).collect(),
        }
    }

    /// Each node's rank in id order (nodes with equal ids share a rank), so that sorting by
    /// ranks orders as sorting by ids does.
    fn id_ranks(&self) -> Vec<usize> {
        let mut by_id: Vec<(&str, NodeIndex)> = self
            .graph
            .node_indices()
            .map(|i| (self.graph[i].id.as_str(), i))
            .collect();
        by_id.sort_unstable();
        let mut rank = vec![0; self.graph.node_bound()];
        let mut previous: Option<&str> = None;
        let mut r = 0;
        for (id, i) in by_id {
            if previous.is_some_and(|p| p != id) {
                r += 1;
            }
            previous = Some(id);
            rank[i.index()] = r;
        }
        rank
    }

    /// The relationships leaving node `id`, sorted by (type, end id), as in [`Self::edges`].
    pub fn outgoing(&self, id: &str) -> Vec<(RelType, &Node)> {
        let Some(&i) = self.by_id.get(id) else {
            return Vec::new();
        };
        let mut out: Vec<(RelType, &Node)> = self
            .graph
            .edges(i)
            .map(|e| (e.weight().rel, &self.graph[e.target()]))
            .collect();
        out.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        out
    }

    pub fn count_by_label(&self) -> BTreeMap<Label, usize> {
        let mut m = BTreeMap::new();
        for n in self.graph.node_weights() {
            *m.entry(n.label).or_insert(0) += 1;
        }
        m
    }

    pub fn count_by_type(&self) -> BTreeMap<RelType, usize> {
        let mut m = BTreeMap::new();
        for e in self.graph.edge_weights() {
            *m.entry(e.rel).or_insert(0) += 1;
        }
        m
    }
}

/// Node ids handed out so far: a repeated base id gets the first free `-N` suffix (N ≥ 2).
#[derive(Default)]
struct UniqueIds {
    used: FxHashSet<String>,
    /// The next suffix to try for each base id that was repeated.
    next_suffix: FxHashMap<String, usize>,
}

impl UniqueIds {
    /// Every suffix below the remembered one was taken when last tried, and ids are never
    /// released, so the search resumes there: each base id costs linear time overall.
    fn claim(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Items each parallel task takes at once: enough to make task overhead small.
const CHUNK: usize = 1024;

/// Builds the graph from resolved entities and relations, with Article nodes and MENTIONS.
/// `max_evidence` caps the evidence kept per edge (strongest first, then in text order).
/// Ids, nodes and edges are computed in parallel and inserted in a fixed order, so the graph
/// is the same for every thread count.
pub fn build(
    config: &Config,
    resolution: &Resolution,
    max_evidence: Option<usize>,
) -> KnowledgeGraph {
    let mut kg = KnowledgeGraph::default();
    let index_of = add_entity_nodes(&mut kg, config, resolution);
    for (triple, edge) in aggregated_edges(resolution, &index_of, max_evidence) {
        let (f, _, t) = triple;
        let e = kg.graph.add_edge(f, t, edge);
        kg.by_triple.insert(triple, e);
    }
    add_articles(&mut kg, config, resolution, &index_of);
    kg
}

/// Adds a node per mentioned entity, in id order; returns each entity's node index.
fn add_entity_nodes(
    kg: &mut KnowledgeGraph,
    config: &Config,
    resolution: &Resolution,
) -> Vec<Option<NodeIndex>> {
    let entities = &resolution.entities;
    let mut ids = UniqueIds::default();
    let claimed: Vec<(String, usize)> = base_ids_in_order(resolution)
        .into_iter()
        .map(|(base, i)| (ids.claim(base), i))
        .collect();
    let nodes: Vec<(usize, Node)> = claimed
        .into_par_iter()
        .with_min_len(CHUNK)
        .map(|(id, i)| (i, entity_node(config, &entities[i], id)))
        .collect();
    let mut index_of = vec![None; entities.len()];
    for (i, node) in nodes {
        index_of[i] = Some(kg.add_node(node));
    }
    index_of
}

/// The node of entity `e` under `id`, with its lexicon entry's aliases and facts.
fn entity_node(config: &Config, e: &Entity, id: String) -> Node {
    let lex = e.lexicon.map(|l| &config.lexicon[l]);
    let mut candidates: BTreeSet<String> = e
        .aliases
        .iter()
        .filter(|a| !a.trim().is_empty())
        .cloned()
        .collect();
    if let Some(l) = lex {
        candidates.extend(l.aliases.iter().cloned());
    }
    // One alias per spelling that differs only in case; never the name itself.
    let mut seen: BTreeSet<String> = BTreeSet::from([e.name.to_lowercase()]);
    let mut aliases: BTreeSet<String> = BTreeSet::new();
    for a in candidates.into_iter().rev() {
        if seen.insert(a.to_lowercase()) {
            aliases.insert(a);
        }
    }
    Node {
        id,
        label: e.label,
        name: e.name.clone(),
        aliases: aliases.into_iter().collect(),
        description: lex.and_then(|l| l.description.clone()),
        wikidata: lex.and_then(|l| l.wikidata.clone()),
        kind: lex.and_then(|l| l.kind.clone()),
        date: e.date,
        date_phrases: e.date_phrases.iter().cloned().collect(),
        documents: e.documents.iter().cloned().collect(),
        mentions: e.mentions,
        url: None,
    }
}

/// (base id, entity index) of every mentioned entity, sorted by base id then index.
fn base_ids_in_order(resolution: &Resolution) -> Vec<(String, usize)> {
    let mut order: Vec<(String, usize)> = resolution
        .entities
        .par_iter()
        .with_min_len(CHUNK)
        .enumerate()
        .filter(|(_, e)| e.mentions > 0)
        .map(|(i, e)| (node_id(e.label, &e.name), i))
        .collect();
    order.par_sort_unstable();
    order
}
/// An edge's (from, type, to).
type Triple = (NodeIndex, RelType, NodeIndex);

/// Relation indices grouped per edge: sorted by (from, type, to) then index. Sorting indices
/// rather than building a map of maps keeps this stage's working set small (it holds the
/// resolution and the graph at once).
fn grouped_relations(relations: &[Relation], index_of: &[Option<NodeIndex>]) -> Vec<(Triple, u32)> {
    let mut order: Vec<(Triple, u32)> = relations
        .par_iter()
        .with_min_len(CHUNK)
        .enumerate()
        .filter_map(|(i, r)| {
            let (f, t) = (index_of[r.from]?, index_of[r.to]?);
            Some(((f, r.rel, t), i as u32))
        })
        .collect();
    order.par_sort_unstable_by_key(|&key| key);
    order
}

/// One edge per (from, type, to) with its relations' properties and evidence, in triple order.
fn aggregated_edges(
    resolution: &Resolution,
    index_of: &[Option<NodeIndex>],
    max_evidence: Option<usize>,
) -> Vec<(Triple, Edge)> {
    let order = grouped_relations(&resolution.relations, index_of);
    let groups: Vec<&[(Triple, u32)]> = order.chunk_by(|a, b| a.0 == b.0).collect();
    groups
        .into_par_iter()
        .with_min_len(CHUNK)
        .map(|group| {
            let relations: Vec<&Relation> = group
                .iter()
                .map(|&(_, i)| &resolution.relations[i as usize])
                .collect();
            (group[0].0, aggregated_edge(&relations, max_evidence))
        })
        .collect()
}

/// The edge `relations` (all of one triple) make: first properties, one evidence per
/// sentence, at most `max_evidence` of them (strongest first, then in text order).
fn aggregated_edge(relations: &[&Relation], max_evidence: Option<usize>) -> Edge {
    let mut evidence = strongest_per_sentence(relations);
    let evidence_total = evidence.len();
    if let Some(cap) = max_evidence.filter(|&c| c < evidence.len()) {
        evidence.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then(a.place().cmp(&b.place()))
        });
        evidence.truncate(cap);
    }
    evidence.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    Edge {
        rel: relations[0].rel,
        properties: first_properties(relations),
        evidence,
        evidence_total,
    }
}

/// Adds an Article node per document, with its MENTIONS and PUBLISHED_BY edges.
fn add_articles(
    kg: &mut KnowledgeGraph,
    config: &Config,
    resolution: &Resolution,
    index_of: &[Option<NodeIndex>],
) {
    let mut publishers = Publishers::new(kg, config);
    for d in &resolution.documents {
        let id = node_id(Label::Article, &d.id);
        let idx = kg.add_node(Node {
            date: d.date,
            documents: vec![d.id.clone()],
            url: d.url.clone(),
            ..Node::new(
                id,
                Label::Article,
                d.headline.clone().unwrap_or_else(|| d.id.clone()),
            )
        });
        for e in &d.entities {
            if let Some(t) = index_of.get(*e).copied().flatten() {
                kg.add_edge(idx, t, RelType::MENTIONS, BTreeMap::new(), None);
            }
        }
        if let Some(p) = d.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
            let org = publishers.node(kg, p, &d.id);
            kg.add_edge(idx, org, RelType::PUBLISHED_BY, BTreeMap::new(), None);
        }
    }
}

/// The Organization node of each publisher an article names: the graph's Organization of
/// that name or alias, else the lexicon's (by name or alias, under its canonical name), else
/// a new node.
struct Publishers<'a> {
    config: &'a Config,
    by_key: BTreeMap<String, NodeIndex>,
}

impl<'a> Publishers<'a> {
    fn new(kg: &KnowledgeGraph, config: &'a Config) -> Self {
        let mut by_key = BTreeMap::new();
        for i in kg.graph.node_indices() {
            let n = &kg.graph[i];
            if n.label == Label::Organization {
                for name in std::iter::once(&n.name).chain(&n.aliases) {
                    by_key.entry(crate::resolve::name_key(name)).or_insert(i);
                }
            }
        }
        Publishers { config, by_key }
    }

    fn node(&mut self, kg: &mut KnowledgeGraph, publisher: &str, document: &str) -> NodeIndex {
        let key = crate::resolve::name_key(publisher);
        let idx = match self.by_key.get(&key) {
            Some(&i) => i,
            None => {
                let i = self.add(kg, publisher);
                self.by_key.insert(key, i);
                i
            }
        };
        let docs = &mut kg.graph[idx].documents;
        if let Err(at) = docs.binary_search_by(|d| d.as_str().cmp(document)) {
            docs.insert(at, document.to_string());
        }
        idx
    }

    fn add(&self, kg: &mut KnowledgeGraph, publisher: &str) -> NodeIndex {
        let key = crate::resolve::name_key(publisher);
        let lexicon = self.config.lexicon.iter().find(|e| {
            e.label == Label::Organization
                && std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .any(|n| crate::resolve::name_key(n) == key)
        });
        let name = lexicon.map_or(publisher, |e| e.name.as_str());
        let base = node_id(Label::Organization, name);
        let mut id = base.clone();
        let mut n = 2;
        while kg.node(&id).is_some() {
            id = format!("{base}-{n}");
            n += 1;
        }
        let mut aliases: Vec<String> = lexicon.map(|e| e.aliases.clone()).unwrap_or_default();
        if name != publisher {
            aliases.push(publisher.to_string());
        }
        aliases.sort();
        aliases.dedup();
        kg.add_node(Node {
            aliases,
            description: lexicon.and_then(|e| e.description.clone()),
            wikidata: lexicon.and_then(|e| e.wikidata.clone()),
            ..Node::new(id, Label::Organization, name)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quadratic search the counter replaces: the first free `base`, `base-2`, `base-3` …
    fn first_free(used: &BTreeSet<String>, base: &str) -> String {
        std::iter::once(base.to_string())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|id| !used.contains(id))
            .expect("a free id")
    }

    #[test]
    fn edges_are_sorted_by_type_then_from_and_to_ids() {
        let mut kg = KnowledgeGraph::default();
        let [c, a, b] = ["person:c", "person:a", "show:b"]
            .map(|id| kg.add_node(Node::new(id.to_string(), Label::Person, id.to_string())));
        for (f, rel, t) in [
            (c, RelType::ACTED_IN, b),
            (a, RelType::WORKS_WITH, c),
            (a, RelType::ACTED_IN, b),
            (c, RelType::WORKS_WITH, a),
            (a, RelType::WORKS_WITH, b),
        ] {
            kg.add_edge(f, t, rel, BTreeMap::new(), None);
        }
        let got: Vec<(RelType, &str, &str)> = kg
            .edges()
            .into_iter()
            .map(|(f, e, t)| (e.rel, f.id.as_str(), t.id.as_str()))
            .collect();
        let mut expected = got.clone();
        expected.sort();
        assert_eq!(got, expected);
        assert_eq!(got[0], (RelType::ACTED_IN, "person:a", "show:b"));
        assert_eq!(got.len(), 5);
    }

    #[test]
    fn repeated_ids_get_the_same_suffixes_as_the_first_free_search() {
        let bases = [
            "person:ann",
            "person:ann",
            "person:ann-3",
            "person:ann",
            "person:ann",
            "person:ann-2",
            "place:x",
            "place:x-2",
            "place:x",
            "place:x",
            "person:ann",
        ];
        let mut ids = UniqueIds::default();
        let mut used = BTreeSet::new();
        for base in bases {
            let expected = first_free(&used, base);
            used.insert(expected.clone());
            assert_eq!(ids.claim(base.to_string()), expected, "for {base}");
        }
        assert!(
            used.contains("person:ann-5") && used.contains("place:x-4"),
            "{used:?}"
        );
    }

    #[test]
    fn ids_are_stable_slugs_with_hash_when_lossy() {
        assert_eq!(
            node_id(Label::Person, "Jeremy Renner"),
            "person:jeremy-renner"
        );
        let disney = node_id(Label::Organization, "Disney+");
        assert!(disney.starts_with("organization:disney-plus-"), "{disney}");
        assert_eq!(disney, node_id(Label::Organization, "Disney+"));
        assert_ne!(
            node_id(Label::Place, "Zürich"),
            node_id(Label::Place, "Zurich")
        );
        assert!(node_id(Label::Place, "東京").starts_with("place:"));
        assert_eq!(
            node_id(Label::Person, "Jeremy Renner's nephew"),
            "person:jeremy-renner-s-nephew"
        );
    }

    #[test]
    fn the_shared_edge_order_follows_later_additions() {
        let mut kg = KnowledgeGraph::default();
        let a = kg.add_node(Node::new("place:a", Label::Place, "A"));
        let b = kg.add_node(Node::new("place:b", Label::Place, "B"));
        kg.add_edge(b, a, RelType::LOCATED_IN, BTreeMap::new(), None);
        assert_eq!(kg.edges().len(), 1);
        kg.add_edge(a, b, RelType::LOCATED_IN, BTreeMap::new(), None);
        let ends: Vec<(&str, &str)> = kg
            .edges()
            .iter()
            .map(|(f, _, t)| (f.id.as_str(), t.id.as_str()))
            .collect();
        assert_eq!(ends, vec![("place:a", "place:b"), ("place:b", "place:a")]);
    }

    fn relation(rel: RelType, from: usize, to: usize, start: usize) -> Relation {
        Relation {
            rel,
            from,
            to,
            properties: BTreeMap::new(),
            evidence: Evidence {
                sentence: crate::evidence::Sentence::new("d", 0, (start, start + 1), "t").into(),
                rule: "r".into(),
                confidence: 0.5,
                hedged: false,
            },
        }
    }

    #[test]
    fn parallel_grouping_gives_the_edges_of_a_sequential_one() {
        let rels = [RelType::ACTED_IN, RelType::WORKS_WITH, RelType::LOCATED_IN];
        let mut state: u64 = 7;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % n) as usize
        };
        let relations: Vec<Relation> = (0..20 * CHUNK)
            .map(|i| relation(rels[next(3)], next(40), next(40), i))
            .collect();
        // Every fifth entity is not in the graph; indices run backwards to differ from entities.
        let index_of: Vec<Option<NodeIndex>> = (0..40)
            .map(|i| (i % 5 != 0).then(|| NodeIndex::new(100 - i)))
            .collect();
        let mut sequential: BTreeMap<Triple, Vec<u32>> = BTreeMap::new();
        for (i, r) in relations.iter().enumerate() {
            if let (Some(f), Some(t)) = (index_of[r.from], index_of[r.to]) {
                sequential.entry((f, r.rel, t)).or_default().push(i as u32);
            }
        }
        let order = grouped_relations(&relations, &index_of);
        let parallel: Vec<(Triple, Vec<u32>)> = order
            .chunk_by(|a, b| a.0 == b.0)
            .map(|g| (g[0].0, g.iter().map(|&(_, i)| i).collect()))
            .collect();
        assert!(sequential.len() > 1000, "{}", sequential.len());
        assert_eq!(parallel, sequential.into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn one_evidence_per_sentence_the_first_of_the_most_confident() {
        let evidence = |start: usize, confidence: f32, rule: &str| Evidence {
            sentence: crate::evidence::Sentence::new("d", 0, (start, start + 1), "t").into(),
            rule: rule.into(),
            confidence,
            hedged: false,
        };
        let relation = |ev: Evidence| Relation {
            rel: RelType::LOCATED_IN,
            from: 0,
            to: 1,
            properties: BTreeMap::new(),
            evidence: ev,
        };
        let rs = [
            relation(evidence(5, 0.5, "weak")),
            relation(evidence(5, 0.9, "first-strong")),
            relation(evidence(5, 0.9, "second-strong")),
            relation(evidence(1, 0.3, "other-sentence")),
        ];
        let refs: Vec<&Relation> = rs.iter().collect();
        let kept: Vec<String> = strongest_per_sentence(&refs)
            .into_iter()
            .map(|e| e.rule.to_string())
            .collect();
        assert_eq!(kept, vec!["other-sentence", "first-strong"]);
    }
}
