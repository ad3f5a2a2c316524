//! Validate: checks the built graph against the ontology: every relationship's endpoint
//! labels, unique ids, no dangling endpoints, evidence on every relationship that needs it.
//! Violations are returned as a list; the pipeline reports them and refuses to export.

use crate::graph::KnowledgeGraph;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use std::collections::BTreeSet;

/// One broken rule, readable on its own.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation(pub String);

pub fn validate(kg: &KnowledgeGraph) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    for n in kg.graph.node_weights() {
        if n.id.is_empty() {
            out.push(Violation(format!("node {:?} has an empty id", n.name)));
        }
        if !ids.insert(n.id.as_str()) {
            out.push(Violation(format!("duplicate node id {}", n.id)));
        }
        if n.name.trim().is_empty() {
            out.push(Violation(format!("node {} has an empty name", n.id)));
        }
        if kg.node(&n.id).is_none() {
            out.push(Violation(format!("node {} is not indexed by its id", n.id)));
        }
    }
    for e in kg.graph.edge_references() {
        let (Some(from), Some(to)) = (
            kg.graph.node_weight(e.source()),
            kg.graph.node_weight(e.target()),
        ) else {
            out.push(Violation(format!(
                "{} relationship with a dangling endpoint",
                e.weight().rel
            )));
            continue;
        };
        let rel = e.weight().rel;
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
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Node;
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
