//! Compiling `[[dep_rule]]` tables: operators, node references, attributes, word lists and the
//! ontology signature of each rule's slots, every error located at its file:line:column.

use super::{Attr, Constraint, DepMatcher, DepNode, DepRule, Op, PropertyValue};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ontology::{Label, RelType};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use toml::Spanned;

/// A node as written: attribute name → value, both with their positions.
type NodeSpec = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

/// One `[[dep_rule]]` table as written in `patterns.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepRuleSpec {
    name: Spanned<String>,
    #[serde(rename = "type")]
    rel_type: Spanned<String>,
    from: Spanned<String>,
    to: Spanned<String>,
    confidence: Option<Spanned<f64>>,
    #[serde(default = "distribute_by_default")]
    distribute: bool,
    #[serde(default)]
    properties: BTreeMap<String, Spanned<String>>,
    nodes: Spanned<Vec<Spanned<NodeSpec>>>,
}

impl DepRuleSpec {
    /// Where the rule's name is written in `patterns.toml` (byte span).
    pub(crate) fn name_span(&self) -> Range<usize> {
        self.name.span()
    }
}

fn distribute_by_default() -> bool {
    true
}

const DEFAULT_CONFIDENCE: f64 = 0.8;
const ENTITY_LABELS: [Label; 5] = [
    Label::Person,
    Label::Show,
    Label::Place,
    Label::Event,
    Label::Organization,
];

/// A node being compiled, with the position of its slot for signature errors.
struct Compiled {
    node: DepNode,
    slot_span: Option<Range<usize>>,
}

impl DepMatcher {
    /// Compiles every `[[dep_rule]]` of the configuration.
    pub fn compile(config: &Config) -> Result<DepMatcher> {
        let mut names = BTreeSet::new();
        let mut rules = Vec::new();
        for spec in &config.dep_rules {
            if !names.insert(spec.name.get_ref().clone()) {
                return Err(err(
                    config,
                    &spec.name,
                    &spec.name,
                    "duplicate dep_rule name",
                ));
            }
            rules.push(compile_rule(config, spec)?);
        }
        Ok(DepMatcher::from_rules(rules))
    }
}

fn err<T>(config: &Config, rule: &Spanned<String>, at: &Spanned<T>, message: &str) -> Error {
    config.pattern_error(
        at.span(),
        &format!("dep_rule {:?}: {message}", rule.get_ref()),
    )
}

fn compile_rule(config: &Config, spec: &DepRuleSpec) -> Result<DepRule> {
    let name = &spec.name;
    let rel_type = RelType::parse(spec.rel_type.get_ref()).ok_or_else(|| {
        let known = RelType::ALL.map(|t| t.as_str()).join(", ");
        let message = format!(
            "unknown relationship type {:?}; known: {known}",
            spec.rel_type.get_ref()
        );
        err(config, name, &spec.rel_type, &message)
    })?;
    let confidence = check_confidence(config, spec)?;
    if spec.nodes.get_ref().is_empty() {
        return Err(err(
            config,
            name,
            &spec.nodes,
            "a rule needs at least one node",
        ));
    }
    let mut compiled: Vec<Compiled> = Vec::new();
    for (k, node) in spec.nodes.get_ref().iter().enumerate() {
        let c = compile_node(config, name, node, k, &compiled)?;
        compiled.push(c);
    }
    let from = slot_index(config, name, &spec.from, &compiled)?;
    let to = slot_index(config, name, &spec.to, &compiled)?;
    let (starts, ends) = rel_type.signature();
    restrict_slot(config, name, &mut compiled[from], starts, rel_type)?;
    restrict_slot(config, name, &mut compiled[to], ends, rel_type)?;
    let properties = compile_properties(config, spec, &compiled)?;
    Ok(DepRule {
        name: name.get_ref().clone(),
        rel_type,
        from,
        to,
        confidence,
        distribute: spec.distribute,
        properties,
        nodes: compiled.into_iter().map(|c| c.node).collect(),
    })
}

fn check_confidence(config: &Config, spec: &DepRuleSpec) -> Result<f32> {
    match &spec.confidence {
        None => Ok(DEFAULT_CONFIDENCE as f32),
        Some(c) if (0.0..=1.0).contains(c.get_ref()) => Ok(*c.get_ref() as f32),
        Some(c) => Err(err(config, &spec.name, c, "confidence must lie in 0..=1")),
    }
}

fn compile_node(
    config: &Config,
    rule: &Spanned<String>,
    spec: &Spanned<NodeSpec>,
    k: usize,
    earlier: &[Compiled],
) -> Result<Compiled> {
    let fields = spec.get_ref();
    let id = node_id(config, rule, spec, earlier)?;
    let left = node_left(config, rule, spec, k, earlier)?;
    let mut constraints = Vec::new();
    let mut slot = None;
    let mut slot_span = None;
    for (key, value) in fields {
        match key.get_ref().as_str() {
            "id" | "left" | "op" => {}
            "slot" => {
                slot = Some(slot_labels(config, rule, value)?);
                slot_span = Some(value.span());
            }
            _ => constraints.push(constraint(config, rule, key, value)?),
        }
    }
    Ok(Compiled {
        node: DepNode {
            id,
            left,
            constraints,
            slot,
        },
        slot_span,
    })
}

fn node_id(
    config: &Config,
    rule: &Spanned<String>,
    spec: &Spanned<NodeSpec>,
    earlier: &[Compiled],
) -> Result<String> {
    let Some((key, value)) = spec.get_ref().get_key_value("id") else {
        return Err(err(config, rule, spec, "every node needs an `id`"));
    };
    let id = string_value(config, rule, value)?;
    if earlier.iter().any(|c| c.node.id == id) {
        return Err(err(
            config,
            rule,
            key,
            &format!("node id {id:?} is used twice"),
        ));
    }
    Ok(id)
}

fn node_left(
    config: &Config,
    rule: &Spanned<String>,
    spec: &Spanned<NodeSpec>,
    k: usize,
    earlier: &[Compiled],
) -> Result<Option<(usize, Op)>> {
    let fields = spec.get_ref();
    let (left, op) = (fields.get("left"), fields.get("op"));
    if k == 0 {
        return match left.or(op) {
            Some(v) => Err(err(
                config,
                rule,
                v,
                "the first node is the anchor: it takes no `left` or `op`",
            )),
            None => Ok(None),
        };
    }
    let (Some(left), Some(op)) = (left, op) else {
        return Err(err(
            config,
            rule,
            spec,
            "every node after the first needs `left` and `op`",
        ));
    };
    let left_id = string_value(config, rule, left)?;
    let Some(index) = earlier.iter().position(|c| c.node.id == left_id) else {
        let known: Vec<&str> = earlier.iter().map(|c| c.node.id.as_str()).collect();
        let message = format!(
            "unknown left node {left_id:?}; defined before it: {}",
            known.join(", ")
        );
        return Err(err(config, rule, left, &message));
    };
    let op_text = string_value(config, rule, op)?;
    let Some(op) = Op::parse(&op_text) else {
        let known: Vec<&str> = Op::ALL.iter().map(|(n, _)| *n).collect();
        let message = format!("unknown operator {op_text:?}; known: {}", known.join(" "));
        return Err(err(config, rule, op, &message));
    };
    Ok(Some((index, op)))
}

fn constraint(
    config: &Config,
    rule: &Spanned<String>,
    key: &Spanned<String>,
    value: &Spanned<toml::Value>,
) -> Result<Constraint> {
    let written = key.get_ref();
    let (negated, name) = match written.strip_prefix("not_") {
        Some(rest) => (true, rest),
        None => (false, written.as_str()),
    };
    let Some(attr) = Attr::ALL.iter().find(|(n, _)| *n == name).map(|(_, a)| *a) else {
        let known: Vec<&str> = Attr::ALL.iter().map(|(n, _)| *n).collect();
        let message = format!(
            "unknown attribute {written:?}; known: id, left, op, slot, {} (each also as not_*)",
            known.join(", ")
        );
        return Err(err(config, rule, key, &message));
    };
    let written_values = strings_value(config, rule, value)?;
    let values = match attr {
        Attr::List => list_words(config, rule, value, &written_values)?,
        _ if attr.folds_case() => written_values.iter().map(|v| v.to_lowercase()).collect(),
        _ => written_values.iter().cloned().collect(),
    };
    Ok(Constraint {
        attr,
        negated,
        shown: written_values.join("|"),
        values,
    })
}

fn list_words(
    config: &Config,
    rule: &Spanned<String>,
    at: &Spanned<toml::Value>,
    names: &[String],
) -> Result<BTreeSet<String>> {
    let mut words = BTreeSet::new();
    for name in names {
        let Some(list) = named_list(config, name) else {
            let message = format!(
                "unknown list {name:?}; lists are the [lists] of patterns.toml and the word lists of cues.toml ({})",
                CUE_LISTS.join(", ")
            );
            return Err(err(config, rule, at, &message));
        };
        words.extend(
            list.iter()
                .filter(|w| !w.contains([' ', '_']))
                .map(|w| w.to_lowercase()),
        );
    }
    Ok(words)
}

/// Word lists of `cues.toml` a rule may name.
const CUE_LISTS: [&str; 14] = [
    "speech_verbs",
    "injury_verbs",
    "injury_agents",
    "character_verbs",
    "role_nouns",
    "show_role_nouns",
    "title_words",
    "hedges",
    "negations",
    "pronouns_male",
    "pronouns_female",
    "kin",
    "profession",
    "event",
];

/// The words of `[lists].name` in patterns.toml, or of a cue list (`event:accident` for one
/// kind of event).
fn named_list(config: &Config, name: &str) -> Option<Vec<String>> {
    if let Some(words) = config.lists.get(name) {
        return Some(words.clone());
    }
    let c = &config.cues;
    if let Some(kind) = name.strip_prefix("event:") {
        return c
            .event
            .iter()
            .find(|e| e.name == kind)
            .map(|e| e.words.clone());
    }
    let words = match name {
        "speech_verbs" => c.speech_verbs.clone(),
        "injury_verbs" => c.injury_verbs.clone(),
        "injury_agents" => c.injury_agents.clone(),
        "character_verbs" => c.character_verbs.clone(),
        "role_nouns" => c.role_nouns.clone(),
        "show_role_nouns" => c.show_role_nouns.clone(),
        "title_words" => c.title_words.clone(),
        "hedges" => c.hedges.clone(),
        "negations" => c.negations.clone(),
        "pronouns_male" => c.pronouns_male.clone(),
        "pronouns_female" => c.pronouns_female.clone(),
        "kin" => c.kin.iter().map(|k| k.word.clone()).collect(),
        "profession" => c.profession.iter().flat_map(|p| p.words.clone()).collect(),
        "event" => c.event.iter().flat_map(|e| e.words.clone()).collect(),
        _ => return None,
    };
    Some(words)
}

fn slot_labels(
    config: &Config,
    rule: &Spanned<String>,
    value: &Spanned<toml::Value>,
) -> Result<Vec<Label>> {
    let names = strings_value(config, rule, value)?;
    if names.iter().any(|n| n == "*") {
        return Ok(ENTITY_LABELS.to_vec());
    }
    names
        .iter()
        .map(|n| {
            Label::parse(n)
                .filter(|l| *l != Label::Article)
                .ok_or_else(|| {
                    let known = ENTITY_LABELS.map(|l| l.as_str()).join(", ");
                    err(
                        config,
                        rule,
                        value,
                        &format!("unknown slot label {n:?}; known: {known}, or *"),
                    )
                })
        })
        .collect()
}

fn slot_index(
    config: &Config,
    rule: &Spanned<String>,
    id: &Spanned<String>,
    nodes: &[Compiled],
) -> Result<usize> {
    nodes
        .iter()
        .position(|c| c.node.id == *id.get_ref() && c.node.slot.is_some())
        .ok_or_else(|| {
            let slots: Vec<&str> = nodes
                .iter()
                .filter(|c| c.node.slot.is_some())
                .map(|c| c.node.id.as_str())
                .collect();
            let message = format!(
                "{:?} is not a slot node; slots: {}",
                id.get_ref(),
                slots.join(", ")
            );
            err(config, rule, id, &message)
        })
}

/// Keeps the slot's labels that the type allows at this end; a written label it does not
/// allow is an error (`*` silently narrows to the allowed ones).
fn restrict_slot(
    config: &Config,
    rule: &Spanned<String>,
    slot: &mut Compiled,
    allowed: &[Label],
    rel_type: RelType,
) -> Result<()> {
    let labels = slot.node.slot.get_or_insert_with(Vec::new);
    let wildcard = labels.len() == ENTITY_LABELS.len();
    if let Some(bad) = labels
        .iter()
        .find(|l| !allowed.contains(l))
        .filter(|_| !wildcard)
    {
        let (starts, ends) = rel_type.signature();
        let message = format!(
            "slot {:?} allows {bad}, which breaks the signature of {} ({} → {})",
            slot.node.id,
            rel_type.as_str(),
            starts
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join("|"),
            ends.iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join("|"),
        );
        let span = slot.slot_span.clone().unwrap_or(0..0);
        return Err(
            config.pattern_error(span, &format!("dep_rule {:?}: {message}", rule.get_ref()))
        );
    }
    labels.retain(|l| allowed.contains(l));
    Ok(())
}

fn compile_properties(
    config: &Config,
    spec: &DepRuleSpec,
    nodes: &[Compiled],
) -> Result<BTreeMap<String, PropertyValue>> {
    let mut out = BTreeMap::new();
    for (key, value) in &spec.properties {
        let compiled = match value.get_ref().strip_prefix('@') {
            None => PropertyValue::Text(value.get_ref().clone()),
            Some(reference) => property_reference(config, spec, key, value, reference, nodes)?,
        };
        out.insert(key.clone(), compiled);
    }
    Ok(out)
}

/// `@node` (the node's lemma), `@node.kind` (its cues.toml kin kind) or `@node.role` (its
/// cues.toml profession role).
fn property_reference(
    config: &Config,
    spec: &DepRuleSpec,
    key: &str,
    value: &Spanned<String>,
    reference: &str,
    nodes: &[Compiled],
) -> Result<PropertyValue> {
    let (id, field) = match reference.split_once('.') {
        Some((id, field)) => (id, Some(field)),
        None => (reference, None),
    };
    let Some(node) = nodes.iter().position(|c| c.node.id == id) else {
        let message = format!("property {key:?} names unknown node {id:?}");
        return Err(err(config, &spec.name, value, &message));
    };
    let cues = &config.cues;
    let words: BTreeMap<String, String> = match field {
        None => BTreeMap::new(),
        Some("kind") => cues
            .kin
            .iter()
            .map(|k| (k.word.to_lowercase(), k.kind.clone()))
            .collect(),
        Some("role") => cues
            .profession
            .iter()
            .flat_map(|p| p.words.iter().map(|w| (w.to_lowercase(), p.role.clone())))
            .collect(),
        Some(other) => {
            let message = format!(
                "property {key:?}: unknown field {other:?}; use @node, @node.kind or @node.role"
            );
            return Err(err(config, &spec.name, value, &message));
        }
    };
    Ok(PropertyValue::NodeWord { node, words })
}

fn string_value(
    config: &Config,
    rule: &Spanned<String>,
    value: &Spanned<toml::Value>,
) -> Result<String> {
    match value.get_ref() {
        toml::Value::String(s) => Ok(s.clone()),
        other => Err(err(
            config,
            rule,
            value,
            &format!("expected a string, found {}", other.type_str()),
        )),
    }
}

fn strings_value(
    config: &Config,
    rule: &Spanned<String>,
    value: &Spanned<toml::Value>,
) -> Result<Vec<String>> {
    let bad = || {
        err(
            config,
            rule,
            value,
            "expected a string or a list of strings",
        )
    };
    match value.get_ref() {
        toml::Value::String(s) => Ok(vec![s.clone()]),
        toml::Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|v| v.as_str().map(str::to_string).ok_or_else(bad))
            .collect(),
        _ => Err(bad()),
    }
}
