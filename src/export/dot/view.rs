//! Which entities and relationships the picture draws: every one of a small graph; a
//! connected summary of a big one; or one entity's neighbourhood (`--focus NAME --depth N`).
//!
//! The summary grows from the most connected entity, always adding the most connected entity
//! next to those drawn (ties by id), and starts a new component from the most connected
//! entity left only when none is next to them. The relationships that joined each entity are
//! always drawn, so the drawn graph has as few components as the growth needed; the strongest
//! of the other relationships among drawn entities fill the rest of the edge budget.

use crate::error::{Error, Result};
use crate::graph::{Edge, KnowledgeGraph, Node};
use crate::ontology::{Label, RelType};
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap, VecDeque};

/// One relationship as `kg.edges()` gives it.
pub type EdgeRef<'a> = (&'a Node, &'a Edge, &'a Node);

/// `--focus NAME --depth N`: draw the entities within `depth` relationships of the entity
/// named (or aliased) `name`, case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    pub name: String,
    pub depth: usize,
}

/// The caps of the views: a graph of at most `whole_nodes` entities is drawn whole with at
/// most `whole_edges` relationships; a summary or a focus draws at most `nodes` entities and
/// `edges` relationships.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub whole_nodes: usize,
    pub whole_edges: usize,
    pub nodes: usize,
    pub edges: usize,
}

impl Limits {
    /// The same entity cap for every view: `whole` entities drawn whole, else `nodes`.
    pub fn new(whole: usize, nodes: usize, edges: usize) -> Limits {
        Limits {
            whole_nodes: whole,
            whole_edges: edges,
            nodes,
            edges,
        }
    }
}

/// Which kind of picture a view is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind<'a> {
    /// Every entity (relationships may still be capped).
    Whole,
    /// A connected summary of a graph with more entities than can be drawn.
    Summary,
    /// The neighbourhood of the entities `ids` (all that match the focus name).
    Focus { ids: Vec<&'a str>, depth: usize },
}

/// What the picture draws: entity ids, and for each relationship (in `kg.edges()` order)
/// whether it is drawn.
#[derive(Debug)]
pub struct View<'a> {
    pub kind: Kind<'a>,
    pub nodes: BTreeSet<&'a str>,
    pub keep_edge: Vec<bool>,
    /// Entities in the graph, those the view could have drawn (the whole graph, or the
    /// neighbourhood before the cap), and relationships among the drawn entities.
    pub entities: usize,
    pub reached: usize,
    pub drawable: usize,
}

/// True for a relationship the picture can draw (not provenance).
pub fn shown(rel: RelType) -> bool {
    !matches!(rel, RelType::MENTIONS | RelType::PUBLISHED_BY)
}

/// The entities and the drawable relationships between them, undirected.
struct Entities<'a> {
    ids: Vec<&'a str>,
    /// Per entity: (neighbour, position of the relationship in the edge list).
    adjacent: Vec<Vec<(usize, usize)>>,
}

impl<'a> Entities<'a> {
    fn of(kg: &'a KnowledgeGraph, edges: &[EdgeRef<'a>]) -> Self {
        let ids: Vec<&str> = kg
            .nodes()
            .into_iter()
            .filter(|n| n.label != Label::Article)
            .map(|n| n.id.as_str())
            .collect();
        let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut adjacent = vec![Vec::new(); ids.len()];
        for (pos, (f, e, t)) in edges.iter().enumerate() {
            if !shown(e.rel) {
                continue;
            }
            if let (Some(&a), Some(&b)) = (index.get(f.id.as_str()), index.get(t.id.as_str())) {
                adjacent[a].push((b, pos));
                adjacent[b].push((a, pos));
            }
        }
        Entities { ids, adjacent }
    }

    fn degree(&self, i: usize) -> usize {
        self.adjacent[i].len()
    }

    /// Entities by degree (highest first), ties by id.
    fn by_degree(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.ids.len()).collect();
        order.sort_by_key(|&i| (Reverse(self.degree(i)), i));
        order
    }
}

/// Entities chosen for a picture, with the relationships that joined them.
struct Chosen {
    nodes: Vec<usize>,
    joining: Vec<usize>,
    /// Entities the selection could have taken (before the cap).
    reached: usize,
}

/// Grows a connected selection of at most `max` entities (see the module notes).
fn grow(ent: &Entities, max: usize) -> Chosen {
    let mut taken = vec![false; ent.ids.len()];
    let mut chosen = Chosen {
        nodes: Vec::new(),
        joining: Vec::new(),
        reached: ent.ids.len(),
    };
    let mut roots = ent.by_degree().into_iter();
    // (degree, earliest id, entity, relationship that reaches it)
    let mut frontier: BinaryHeap<(usize, Reverse<usize>, Option<usize>)> = BinaryHeap::new();
    while chosen.nodes.len() < max {
        let next = match frontier.pop() {
            Some(item) => item,
            None => match roots.find(|&i| !taken[i]) {
                Some(i) => (ent.degree(i), Reverse(i), None),
                None => break,
            },
        };
        let (_, Reverse(i), via) = next;
        if std::mem::replace(&mut taken[i], true) {
            continue;
        }
        chosen.nodes.push(i);
        chosen.joining.extend(via);
        for &(j, pos) in &ent.adjacent[i] {
            if !taken[j] {
                frontier.push((ent.degree(j), Reverse(j), Some(pos)));
            }
        }
    }
    chosen
}

/// The entities within `depth` relationships of `starts`, nearest first, then most
/// connected; at most `max`, cut only within the farthest layer kept, so the selection stays
/// connected to the starts.
fn neighbourhood(ent: &Entities, starts: &[usize], depth: usize, max: usize) -> Chosen {
    let mut distance: Vec<Option<usize>> = vec![None; ent.ids.len()];
    let mut via: Vec<Option<usize>> = vec![None; ent.ids.len()];
    let mut queue: VecDeque<usize> = starts.iter().copied().collect();
    for &s in starts {
        distance[s] = Some(0);
    }
    while let Some(i) = queue.pop_front() {
        let d = distance[i].expect("queued entities have a distance");
        if d == depth {
            continue;
        }
        for &(j, pos) in &ent.adjacent[i] {
            if distance[j].is_none() {
                distance[j] = Some(d + 1);
                via[j] = Some(pos);
                queue.push_back(j);
            }
        }
    }
    let mut reached: Vec<(usize, usize)> = distance
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.map(|d| (d, i)))
        .collect();
    reached.sort_by_key(|&(d, i)| (d, Reverse(ent.degree(i)), i));
    let total = reached.len();
    reached.truncate(max);
    Chosen {
        reached: total,
        nodes: reached.iter().map(|&(_, i)| i).collect(),
        joining: reached.iter().filter_map(|&(_, i)| via[i]).collect(),
    }
}

/// Which relationships to draw: those joining the chosen entities first, then the strongest
/// others among them (by confidence, evidence found, then position), at most `max` in all.
/// Returns the choice per relationship and how many could be drawn.
fn choose_edges(
    edges: &[EdgeRef],
    nodes: &BTreeSet<&str>,
    joining: &[usize],
    max: usize,
) -> (Vec<bool>, usize) {
    let mut keep = vec![false; edges.len()];
    let mut budget = max;
    for &pos in joining.iter().take(max) {
        keep[pos] = true;
        budget -= 1;
    }
    let mut others: Vec<usize> = (0..edges.len())
        .filter(|&i| {
            let (f, e, t) = edges[i];
            shown(e.rel) && nodes.contains(f.id.as_str()) && nodes.contains(t.id.as_str())
        })
        .collect();
    let drawable = others.len();
    others.retain(|&i| !keep[i]);
    if others.len() > budget {
        others.sort_by(|&a, &b| {
            let (ea, eb) = (edges[a].1, edges[b].1);
            eb.confidence()
                .total_cmp(&ea.confidence())
                .then(eb.evidence_total.cmp(&ea.evidence_total))
                .then(a.cmp(&b))
        });
        others.truncate(budget);
    }
    for i in others {
        keep[i] = true;
    }
    (keep, drawable)
}

/// The entities (by index) whose name or an alias is `name`, ignoring case.
fn matching(kg: &KnowledgeGraph, ent: &Entities, name: &str) -> Vec<usize> {
    let wanted = name.trim().to_lowercase();
    let same = |s: &str| s.to_lowercase() == wanted;
    (0..ent.ids.len())
        .filter(|&i| {
            kg.node(ent.ids[i])
                .is_some_and(|n| same(&n.name) || n.aliases.iter().any(|a| same(a)))
        })
        .collect()
}

/// The usage error for a focus name no entity has, with up to five names containing it.
fn unknown_focus(kg: &KnowledgeGraph, ent: &Entities, name: &str) -> Error {
    let wanted = name.trim().to_lowercase();
    let close: Vec<String> = ent
        .ids
        .iter()
        .filter_map(|id| kg.node(id))
        .filter(|n| !wanted.is_empty() && n.name.to_lowercase().contains(&wanted))
        .take(5)
        .map(|n| format!("{:?}", n.name))
        .collect();
    let hint = if close.is_empty() {
        String::new()
    } else {
        format!(" (names containing it: {})", close.join(", "))
    };
    Error::Usage(format!(
        "--focus {name:?}: no entity has this name or alias{hint}"
    ))
}

/// The view of `kg` to draw within `limits`: the focus's neighbourhood when given, else
/// [`overview`]. An unknown focus name is a usage error naming it.
pub fn view<'a>(
    kg: &'a KnowledgeGraph,
    edges: &[EdgeRef<'a>],
    focus: Option<&Focus>,
    limits: &Limits,
) -> Result<View<'a>> {
    let Some(f) = focus else {
        return Ok(overview(kg, edges, limits));
    };
    let ent = Entities::of(kg, edges);
    let starts = matching(kg, &ent, &f.name);
    if starts.is_empty() {
        return Err(unknown_focus(kg, &ent, &f.name));
    }
    let ids = starts.iter().map(|&i| ent.ids[i]).collect();
    let chosen = neighbourhood(&ent, &starts, f.depth, limits.nodes);
    let kind = Kind::Focus {
        ids,
        depth: f.depth,
    };
    Ok(finish(kind, &ent, chosen, edges, limits.edges))
}

/// The whole graph when it has at most `limits.whole_nodes` entities, else a connected
/// summary.
pub fn overview<'a>(kg: &'a KnowledgeGraph, edges: &[EdgeRef<'a>], limits: &Limits) -> View<'a> {
    let ent = Entities::of(kg, edges);
    if ent.ids.len() <= limits.whole_nodes {
        let chosen = grow(&ent, limits.whole_nodes);
        return finish(Kind::Whole, &ent, chosen, edges, limits.whole_edges);
    }
    let chosen = grow(&ent, limits.nodes);
    finish(Kind::Summary, &ent, chosen, edges, limits.edges)
}

fn finish<'a>(
    kind: Kind<'a>,
    ent: &Entities<'a>,
    chosen: Chosen,
    edges: &[EdgeRef<'a>],
    max_edges: usize,
) -> View<'a> {
    let nodes: BTreeSet<&str> = chosen.nodes.iter().map(|&i| ent.ids[i]).collect();
    let (keep_edge, drawable) = choose_edges(edges, &nodes, &chosen.joining, max_edges);
    View {
        kind,
        nodes,
        keep_edge,
        entities: ent.ids.len(),
        reached: chosen.reached,
        drawable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(kg: &mut KnowledgeGraph, i: usize) -> petgraph::stable_graph::NodeIndex {
        kg.add_node(Node::new(
            format!("place:p{i:04}"),
            Label::Place,
            format!("P{i}"),
        ))
    }

    fn link(kg: &mut KnowledgeGraph, a: usize, b: usize) {
        let (a, b) = (
            kg.index(&format!("place:p{a:04}")).unwrap(),
            kg.index(&format!("place:p{b:04}")).unwrap(),
        );
        kg.add_edge(a, b, RelType::LOCATED_IN, Default::default(), None);
    }

    /// Components of the drawn graph (union-find over drawn relationships).
    fn components(view: &View, edges: &[EdgeRef]) -> usize {
        let ids: Vec<&str> = view.nodes.iter().copied().collect();
        let pos = |id: &str| ids.binary_search(&id).unwrap();
        let mut parent: Vec<usize> = (0..ids.len()).collect();
        fn root(p: &mut [usize], i: usize) -> usize {
            if p[i] == i {
                i
            } else {
                let r = root(p, p[i]);
                p[i] = r;
                r
            }
        }
        for ((f, _, t), _) in edges.iter().zip(&view.keep_edge).filter(|(_, k)| **k) {
            let (a, b) = (root(&mut parent, pos(&f.id)), root(&mut parent, pos(&t.id)));
            parent[a] = b;
        }
        (0..ids.len())
            .filter(|&i| root(&mut parent, i) == i)
            .count()
    }

    /// Ten stars: hub `s*100` with `s+1` … leaves, and a chain joining hub 0 to every hub.
    fn stars() -> KnowledgeGraph {
        let mut kg = KnowledgeGraph::default();
        for s in 0..10 {
            place(&mut kg, s * 100);
            for l in 1..=(20 + s) {
                place(&mut kg, s * 100 + l);
                link(&mut kg, s * 100 + l, s * 100);
            }
            if s > 0 {
                link(&mut kg, s * 100, 0);
            }
        }
        kg
    }

    #[test]
    fn the_summary_is_connected_and_keeps_its_edges() {
        let kg = stars();
        let edges = kg.edges();
        let v = view(&kg, &edges, None, &Limits::new(60, 60, 1000)).unwrap();
        assert_eq!(v.kind, Kind::Summary);
        assert_eq!(v.nodes.len(), 60);
        assert_eq!(components(&v, &edges), 1);
        assert!(v.nodes.contains("place:p0000") && v.nodes.contains("place:p0900"));
        let drawn = v.keep_edge.iter().filter(|k| **k).count();
        assert_eq!(drawn, 59, "a tree of 60 entities: every edge among them");
    }

    #[test]
    fn a_second_component_starts_only_when_the_first_is_exhausted() {
        let mut kg = KnowledgeGraph::default();
        for i in 0..10 {
            place(&mut kg, i);
        }
        for (a, b) in [(0, 1), (0, 2), (5, 6), (5, 7), (5, 8)] {
            link(&mut kg, a, b);
        }
        let edges = kg.edges();
        let v = view(&kg, &edges, None, &Limits::new(6, 6, 1000)).unwrap();
        let want: BTreeSet<&str> = [5, 6, 7, 8, 0, 1]
            .iter()
            .map(|i| kg.nodes()[*i].id.as_str())
            .collect();
        assert_eq!(v.nodes, want);
        assert_eq!(components(&v, &edges), 2);
    }

    #[test]
    fn the_edge_cap_keeps_the_joining_edges_first() {
        let mut kg = KnowledgeGraph::default();
        for i in 0..40 {
            place(&mut kg, i);
        }
        for a in 0..40 {
            for b in 0..40 {
                if a != b {
                    link(&mut kg, a, b);
                }
            }
        }
        let edges = kg.edges();
        let v = view(&kg, &edges, None, &Limits::new(30, 30, 45)).unwrap();
        assert_eq!(v.keep_edge.iter().filter(|k| **k).count(), 45);
        assert_eq!(v.drawable, 30 * 29);
        assert_eq!(components(&v, &edges), 1);
    }

    #[test]
    fn focus_draws_the_neighbourhood_to_the_depth_asked() {
        let kg = stars();
        let edges = kg.edges();
        let focus = |name: &str, depth| Focus {
            name: name.into(),
            depth,
        };
        let v = view(
            &kg,
            &edges,
            Some(&focus("p300", 0)),
            &Limits::new(300, 300, 1000),
        )
        .unwrap();
        assert_eq!(v.nodes.len(), 1);
        let v = view(
            &kg,
            &edges,
            Some(&focus("P300", 1)),
            &Limits::new(300, 300, 1000),
        )
        .unwrap();
        assert_eq!(v.nodes.len(), 1 + 23 + 1, "its leaves and hub 0");
        assert!(v.nodes.contains("place:p0000") && !v.nodes.contains("place:p0100"));
        let v = view(
            &kg,
            &edges,
            Some(&focus(" p300 ", 2)),
            &Limits::new(300, 300, 1000),
        )
        .unwrap();
        assert_eq!(
            v.nodes.len(),
            25 + 20 + 8,
            "then hub 0's leaves and the other hubs"
        );
        assert_eq!(components(&v, &edges), 1);
        assert_eq!(
            v.kind,
            Kind::Focus {
                ids: vec!["place:p0300"],
                depth: 2
            }
        );
        let v = view(
            &kg,
            &edges,
            Some(&focus("P300", 2)),
            &Limits::new(10, 10, 1000),
        )
        .unwrap();
        assert_eq!(v.nodes.len(), 10);
        assert_eq!(components(&v, &edges), 1);
    }

    #[test]
    fn focus_matches_aliases_and_refuses_unknown_names() {
        let mut kg = stars();
        let i = kg.index("place:p0001").unwrap();
        kg.graph[i].aliases.push("Springfield".into());
        let edges = kg.edges();
        let f = Focus {
            name: "springfield".into(),
            depth: 1,
        };
        let v = view(&kg, &edges, Some(&f), &Limits::new(300, 300, 1000)).unwrap();
        assert_eq!(v.nodes.len(), 2);
        let f = Focus {
            name: "Shelbyville".into(),
            depth: 1,
        };
        let err = view(&kg, &edges, Some(&f), &Limits::new(300, 300, 1000)).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("\"Shelbyville\""), "{err}");
    }
}
