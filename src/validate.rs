//! Validate: checks the built graph against the ontology: every relationship's endpoint
//! labels, unique ids, no dangling endpoints, evidence on every relationship that needs it.
//! Violations are returned as a list; the pipeline reports them and refuses to export.

use crate::graph::{Edge, KnowledgeGraph, Node};
use petgraph::stable_graph::EdgeReference;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use rayon::prelude::*;

/// One broken rule, readable on its own.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation(pub String);

/// Every violation in `kg`, sorted. Nodes and edges are checked in parallel.
pub fn validate(kg: &KnowledgeGraph) -> Vec<Violation> {
    let nodes: Vec<&Node> = kg.graph.node_weights().collect();
    let edges: Vec<EdgeReference<'_, Edge>> = kg.graph.edge_references().collect();
    let mut out: Vec<Violation> = nodes
        .par_iter()
        .with_min_len(CHUNK)
        .flat_map_iter(|n| node_violations(kg, n))
        .collect();
    out.extend(duplicate_ids(&nodes));
    out.par_extend(
        edges
            .par_iter()
            .with_min_len(CHUNK)
            .flat_map_iter(|e| edge_violations(kg, e)),
    );
    out.par_sort();
    out
}

/// Items each parallel task takes at once: enough to make task overhead small.
const CHUNK: usize = 1024;

fn node_violations(kg: &KnowledgeGraph, n: &Node) -> Vec<Violation> {
    let mut out = Vec::new();
    if n.id.is_empty() {
        out.push(Violation(format!("node {:?} has an empty id", n.name)));
    }
    if n.name.trim().is_empty() {
        out.push(Violation(format!("node {} has an empty name", n.id)));
    }
    if kg.node(&n.id).is_none() {
        out.push(Violation(format!("node {} is not indexed by its id", n.id)));
    }
    out
}

/// One violation per node whose id an earlier node already has.
fn duplicate_ids(nodes: &[&Node]) -> Vec<Violation> {
    let mut ids: Vec<&str> = nodes.par_iter().map(|n| n.id.as_str()).collect();
    ids.par_sort_unstable();
    ids.windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| Violation(format!("duplicate node id {}", w[1])))
        .collect()
}

fn edge_violations(kg: &KnowledgeGraph, e: &EdgeReference<'_, Edge>) -> Vec<Violation> {
    let rel = e.weight().rel;
    let (Some(from), Some(to)) = (
        kg.graph.node_weight(e.source()),
        kg.graph.node_weight(e.target()),
    ) else {
        return vec![Violation(format!(
            "{rel} relationship with a dangling endpoint"
        ))];
    };
    let mut out = Vec::new();
    if !rel.allows(from.label, to.label) {
        out.push(Violation(format!(
            "{} -[:{rel}]-> {}: {rel} goes from {:?} to {:?}, not {} to {}",
            from.id,
            to.id,
            rel.signature().0,
            rel.signature().1,
            from.label,
            to.label
        )));
    }
    if rel.needs_evidence() && e.weight().evidence.is_empty() {
        out.push(Violation(format!(
            "{} -[:{rel}]-> {} has no evidence",
            from.id, to.id
        )));
    }
    for ev in &e.weight().evidence {
        if ev.start() > ev.end() || ev.text().is_empty() {
            out.push(Violation(format!(
                "{} -[:{rel}]-> {}: bad evidence offsets in {}",
                from.id,
                to.id,
                ev.document()
            )));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ontology::{Label, RelType};
    use std::collections::BTreeMap;

    fn node(id: &str, label: Label) -> Node {
        Node::new(id, label, id)
    }

    #[test]
    fn wrong_labels_and_missing_evidence_are_reported() {
        let mut kg = KnowledgeGraph::default();
        let a = kg.add_node(node("place:reno", Label::Place));
        let b = kg.add_node(node("person:x", Label::Person));
        kg.add_edge(a, b, RelType::INJURED_IN, BTreeMap::new(), None);
        let v = validate(&kg);
        assert_eq!(v.len(), 2, "{v:?}");
        assert!(v.iter().any(|x| x.0.contains("no evidence")));
        assert!(v.iter().any(|x| x.0.contains("not Place to Person")));
    }
}
