//! Relations over the dependency parse: `[[dep_rule]]` patterns of `patterns.toml`, a language
//! like spaCy's DependencyMatcher, compiled at load and matched over the tokens of one sentence.
//!
//! A rule is a list of nodes. The first (the anchor) has only attribute constraints; each later
//! node names an earlier node (`left`), a relation operator (`op`) from that node to itself, and
//! its own constraints. Nodes with a `slot` bind an entity mention; `from` and `to` name the two
//! slots the relationship joins. A slot also binds every conjunct and appositive of its token
//! ("including A, B and C"), unless the rule says `distribute = false`.

mod compile;
mod matcher;
#[cfg(test)]
mod tests;

use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

pub use compile::DepRuleSpec;
pub use matcher::sentences;

/// A relation from one node's token to another's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `>`: the right node is a child of the left node.
    Child,
    /// `<`: the right node is the head of the left node.
    Head,
    /// `>>`: the right node is a descendant of the left node.
    Descendant,
    /// `<<`: the right node is an ancestor of the left node.
    Ancestor,
    /// `.`: the left node immediately precedes the right node.
    ImmediatelyPrecedes,
    /// `.*`: the left node precedes the right node.
    Precedes,
    /// `;`: the left node immediately follows the right node.
    ImmediatelyFollows,
    /// `;*`: the left node follows the right node.
    Follows,
    /// `$+`: the right node is the next sibling of the left node.
    NextSibling,
    /// `$-`: the right node is the previous sibling of the left node.
    PreviousSibling,
    /// `$++`: the right node is a later sibling of the left node.
    RightSibling,
    /// `$--`: the right node is an earlier sibling of the left node.
    LeftSibling,
}

impl Op {
    pub const ALL: [(&'static str, Op); 12] = [
        (">", Op::Child),
        ("<", Op::Head),
        (">>", Op::Descendant),
        ("<<", Op::Ancestor),
        (".", Op::ImmediatelyPrecedes),
        (".*", Op::Precedes),
        (";", Op::ImmediatelyFollows),
        (";*", Op::Follows),
        ("$+", Op::NextSibling),
        ("$-", Op::PreviousSibling),
        ("$++", Op::RightSibling),
        ("$--", Op::LeftSibling),
    ];

    pub fn parse(s: &str) -> Option<Op> {
        Op::ALL
            .iter()
            .find(|(name, _)| *name == s)
            .map(|(_, op)| *op)
    }

    pub fn as_str(self) -> &'static str {
        Op::ALL
            .iter()
            .find(|(_, op)| *op == self)
            .map_or("?", |(name, _)| name)
    }
}

/// A token attribute a constraint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attr {
    Lemma,
    Lower,
    Tag,
    Pos,
    Dep,
    Ent,
    /// The lower-cased text or the lemma is in a named word list.
    List,
}

impl Attr {
    pub(crate) const ALL: [(&'static str, Attr); 7] = [
        ("lemma", Attr::Lemma),
        ("lower", Attr::Lower),
        ("tag", Attr::Tag),
        ("pos", Attr::Pos),
        ("dep", Attr::Dep),
        ("ent", Attr::Ent),
        ("list", Attr::List),
    ];

    fn name(self) -> &'static str {
        Attr::ALL
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("?", |(n, _)| n)
    }

    /// Whether values compare case-insensitively (words) or exactly (labels).
    fn folds_case(self) -> bool {
        matches!(self, Attr::Lemma | Attr::Lower | Attr::List)
    }
}

/// One attribute test of a node: the attribute's value is (or, negated, is not) in `values`.
#[derive(Debug, Clone)]
pub(crate) struct Constraint {
    pub(crate) attr: Attr,
    pub(crate) negated: bool,
    /// What the rule wrote: the values, or the list name.
    pub(crate) shown: String,
    pub(crate) values: std::collections::BTreeSet<String>,
}

/// One compiled node of a rule.
#[derive(Debug, Clone)]
pub struct DepNode {
    pub id: String,
    /// The earlier node this one is related to, and how (none for the anchor).
    pub left: Option<(usize, Op)>,
    pub(crate) constraints: Vec<Constraint>,
    /// The labels a mention bound here may have (the node is a slot when set).
    pub slot: Option<Vec<Label>>,
}

/// One compiled `[[dep_rule]]`.
#[derive(Debug, Clone)]
pub struct DepRule {
    pub name: String,
    pub rel_type: RelType,
    /// Node indices of the relationship's start and end slots.
    pub from: usize,
    pub to: usize,
    pub confidence: f32,
    /// Whether slots also bind conjuncts and appositives of their token.
    pub distribute: bool,
    /// Property values: literal text, or read from a node's word (`@node`, `@node.kind`, `@node.role`).
    pub(crate) properties: BTreeMap<String, PropertyValue>,
    pub nodes: Vec<DepNode>,
}

#[derive(Debug, Clone)]
pub(crate) enum PropertyValue {
    Text(String),
    /// The node's word looked up in `words` (by lower-cased text, then lemma), else its lemma.
    NodeWord {
        node: usize,
        words: BTreeMap<String, String>,
    },
}

/// The tokens bound to a slot: the matched token, then its distributed conjuncts and
/// appositives (document token indices, ascending, the matched token included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotBinding {
    pub token: usize,
    pub tokens: Vec<usize>,
}

/// One match of one rule in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepMatch {
    /// Index of the rule in [`DepMatcher::rules`].
    pub rule: usize,
    /// The token bound to each node, in node order.
    pub nodes: Vec<usize>,
    pub from: SlotBinding,
    pub to: SlotBinding,
    pub properties: BTreeMap<String, String>,
}

/// Why a rule did not match a sentence: how far it got and what stopped it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    pub rule: usize,
    /// Number of nodes bound on the deepest attempt (0: no anchor token).
    pub depth: usize,
    /// The anchor token of that attempt.
    pub anchor: Option<usize>,
    /// The tokens bound to the nodes before the failed one, in node order.
    pub bound: Vec<usize>,
    /// Index of the node that could not be bound.
    pub failed_node: usize,
    pub reason: String,
}

/// All compiled dependency rules, indexed by what their anchor requires.
#[derive(Debug, Clone, Default)]
pub struct DepMatcher {
    rules: Vec<DepRule>,
    index: matcher::AnchorIndex,
}

impl DepMatcher {
    pub fn rules(&self) -> &[DepRule] {
        &self.rules
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// The ontology label spaCy's entity type suggests, if any.
pub fn ner_label(ent_type: &str) -> Option<Label> {
    match ent_type {
        "PERSON" => Some(Label::Person),
        "ORG" => Some(Label::Organization),
        "GPE" | "LOC" | "FAC" => Some(Label::Place),
        "WORK_OF_ART" => Some(Label::Show),
        "EVENT" => Some(Label::Event),
        _ => None,
    }
}
