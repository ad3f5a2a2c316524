//! The relation pattern language of `patterns.toml`, compiled once and matched over the tokens
//! and mentions of a sentence.
//!
//! A pattern is a space-separated sequence of elements:
//! - `{S:Person|Event}` a mention with one of the labels (`*` for any), bound to slot `S`;
//!   `{S:Person^poss}` also requires a form: `poss` (his, Renner's), `name`, `pronoun`,
//!   `related` (his daughter), `role` (the actor);
//! - `word|other|pre*` a token equal to one of the words (`*` = prefix), `run_over` = two tokens;
//! - `@list` a token sequence from `[lists]` (also as an alternative: `@list|word`);
//! - `$K=@list` or `$K=a|b` the same, capturing the text as property value `$K`;
//! - `...N` up to N arbitrary tokens; a trailing `?` makes any element optional.

use super::{Mention, MentionForm};
use crate::config::Config;
use crate::error::Result;
use crate::ingest::Token;
use crate::ontology::Label;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
enum Word {
    Exact(Vec<String>),
    Prefix(String),
}

impl Word {
    fn parse(s: &str) -> Word {
        match s.strip_suffix('*') {
            Some(p) if !p.contains('_') && !p.contains(' ') => Word::Prefix(p.to_lowercase()),
            _ => Word::Exact(
                s.split(['_', ' '])
                    .filter(|w| !w.is_empty())
                    .map(crate::ingest::normalise_word)
                    .collect(),
            ),
        }
    }

    /// Number of tokens matched at `pos`, if any.
    fn matches(&self, tokens: &[Token], pos: usize, end: usize) -> Option<usize> {
        match self {
            Word::Prefix(p) => (pos < end && tokens[pos].norm.starts_with(p.as_str())).then_some(1),
            Word::Exact(ws) => {
                if pos + ws.len() > end {
                    return None;
                }
                ws.iter()
                    .enumerate()
                    .all(|(i, w)| tokens[pos + i].norm == *w)
                    .then_some(ws.len())
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Element {
    Slot {
        name: String,
        labels: Option<Vec<Label>>,
        form: Option<MentionForm>,
    },
    Words {
        alternatives: Vec<Word>,
        capture: Option<String>,
    },
    Gap(usize),
}

#[derive(Debug, Clone)]
struct Item {
    element: Element,
    optional: bool,
}

/// A compiled relation rule.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    pub id: String,
    pub rel_type: String,
    pub from: String,
    pub to: String,
    pub confidence: f32,
    pub properties: BTreeMap<String, String>,
    items: Vec<Item>,
}

/// One match: the slot bindings (mention indices), captures and the token span.
#[derive(Debug, Clone)]
pub struct Match {
    pub slots: BTreeMap<String, usize>,
    pub captures: BTreeMap<String, String>,
    pub start: usize,
    pub end: usize,
}

/// Most ways a pattern may try to match from one start token. Matching backtracks, so this
/// bounds the work per token and keeps matching linear in sentence length.
pub const MAX_MATCH_WAYS: u64 = 10_000;

/// Worst-case number of paths the matcher can try from one start token: the product, over
/// the elements, of the choices each offers (a gap `...N` N+1, words one per distinct length,
/// an optional element one more).
fn match_ways(items: &[Item]) -> u64 {
    items
        .iter()
        .map(|item| {
            let choices = match &item.element {
                Element::Gap(n) => (*n as u64).saturating_add(1),
                Element::Words { alternatives, .. } => alternatives
                    .iter()
                    .map(|w| match w {
                        Word::Prefix(_) => 1,
                        Word::Exact(ws) => ws.len(),
                    })
                    .collect::<std::collections::BTreeSet<usize>>()
                    .len() as u64,
                Element::Slot { .. } => 1,
            };
            choices.max(1) + u64::from(item.optional)
        })
        .fold(1u64, u64::saturating_mul)
}

pub fn compile(config: &Config) -> Result<Vec<CompiledRule>> {
    let mut rules = Vec::new();
    for rule in &config.relations {
        let span = rule.pattern.span();
        let err =
            |msg: String| config.pattern_error(span.clone(), &format!("rule {:?}: {msg}", rule.id));
        let mut items = Vec::new();
        for raw in rule.pattern.get_ref().split_whitespace() {
            let (body, optional) = match raw.strip_suffix('?') {
                Some(b) if !b.is_empty() => (b, true),
                _ => (raw, false),
            };
            let element = if let Some(n) = body.strip_prefix("...") {
                Element::Gap(
                    n.parse()
                        .map_err(|_| err(format!("bad gap {raw:?}: write ...N")))?,
                )
            } else if let Some(inner) = body.strip_prefix('{').and_then(|b| b.strip_suffix('}')) {
                let (name, rest) = inner
                    .split_once(':')
                    .ok_or_else(|| err(format!("slot {raw:?} needs NAME:Label")))?;
                let (labels_s, form_s) = match rest.split_once('^') {
                    Some((l, f)) => (l, Some(f)),
                    None => (rest, None),
                };
                let labels =
                    if labels_s == "*" {
                        None
                    } else {
                        let mut ls = Vec::new();
                        for l in labels_s.split('|') {
                            ls.push(Label::parse(l).ok_or_else(|| {
                                err(format!("unknown label {l:?} in slot {raw:?}"))
                            })?);
                        }
                        Some(ls)
                    };
                let form = match form_s {
                    None => None,
                    Some(f) => Some(MentionForm::parse(f).ok_or_else(|| {
                        err(format!(
                            "unknown form {f:?}; use poss, name, pronoun, related or role"
                        ))
                    })?),
                };
                Element::Slot {
                    name: name.to_string(),
                    labels,
                    form,
                }
            } else {
                let (capture, words) = match body.strip_prefix('$') {
                    Some(c) => {
                        let (k, w) = c
                            .split_once('=')
                            .ok_or_else(|| err(format!("capture {raw:?} needs $NAME=words")))?;
                        (Some(k.to_string()), w)
                    }
                    None => (None, body),
                };
                let mut alternatives = Vec::new();
                for alt in words.split('|') {
                    if let Some(list) = alt.strip_prefix('@') {
                        let entries = config
                            .lists
                            .get(list)
                            .ok_or_else(|| err(format!("unknown list @{list}")))?;
                        alternatives.extend(entries.iter().map(|w| Word::parse(w)));
                    } else {
                        alternatives.push(Word::parse(alt));
                    }
                }
                Element::Words {
                    alternatives,
                    capture,
                }
            };
            items.push(Item { element, optional });
        }
        let ways = match_ways(&items);
        if ways > MAX_MATCH_WAYS {
            return Err(err(format!(
                "its gaps, alternatives and optional elements allow {} ways to match from one token, over the limit of {MAX_MATCH_WAYS}: shorten a ...N gap",
                if ways == u64::MAX { "more than 10^19".to_string() } else { ways.to_string() }
            )));
        }
        let slots: Vec<&str> = items
            .iter()
            .filter_map(|i| match &i.element {
                Element::Slot { name, .. } => Some(name.as_str()),
                _ => None,
            })
            .collect();
        for end in [&rule.from, &rule.to] {
            if !slots.contains(&end.as_str()) {
                return Err(err(format!("from/to {end:?} is not a slot of the pattern")));
            }
        }
        for value in rule.properties.values() {
            if let Some(k) = value.strip_prefix('$') {
                let captured = items.iter().any(
                    |i| matches!(&i.element, Element::Words { capture: Some(c), .. } if c == k),
                );
                if !captured {
                    return Err(err(format!(
                        "property value ${k} is not captured by the pattern"
                    )));
                }
            }
        }
        rules.push(CompiledRule {
            id: rule.id.clone(),
            rel_type: rule.rel_type.get_ref().clone(),
            from: rule.from.clone(),
            to: rule.to.clone(),
            confidence: rule.confidence,
            properties: rule.properties.clone(),
            items,
        });
    }
    Ok(rules)
}

/// What the matcher sees of a sentence.
pub struct SentenceView<'a> {
    pub tokens: &'a [Token],
    pub start: usize,
    pub end: usize,
    pub mentions: &'a [Mention],
    /// Mention indices by start token (document token index).
    pub starting_at: &'a BTreeMap<usize, Vec<usize>>,
}

struct State {
    slots: BTreeMap<String, usize>,
    captures: BTreeMap<String, String>,
}

impl CompiledRule {
    /// Every match in the sentence, one per start position (the first found there).
    pub fn find(&self, view: &SentenceView<'_>) -> Vec<Match> {
        let mut out = Vec::new();
        for start in view.start..view.end {
            let mut state = State {
                slots: BTreeMap::new(),
                captures: BTreeMap::new(),
            };
            if let Some(end) = self.step(view, 0, start, &mut state) {
                out.push(Match {
                    slots: state.slots,
                    captures: state.captures,
                    start,
                    end,
                });
            }
        }
        out
    }

    fn step(
        &self,
        view: &SentenceView<'_>,
        i: usize,
        pos: usize,
        state: &mut State,
    ) -> Option<usize> {
        let Some(item) = self.items.get(i) else {
            return Some(pos);
        };
        let tried = match &item.element {
            Element::Gap(n) => {
                let mut found = None;
                for k in 0..=*n {
                    if pos + k > view.end {
                        break;
                    }
                    if k > 0 && matches!(view.tokens[pos + k - 1].norm.as_str(), ";" | ":") {
                        break;
                    }
                    if let Some(e) = self.step(view, i + 1, pos + k, state) {
                        found = Some(e);
                        break;
                    }
                }
                found
            }
            Element::Words {
                alternatives,
                capture,
            } => {
                let mut found = None;
                for w in alternatives {
                    if let Some(len) = w.matches(view.tokens, pos, view.end) {
                        if let Some(c) = capture {
                            let text = (pos..pos + len)
                                .map(|t| view.tokens[t].norm.as_str())
                                .collect::<Vec<_>>()
                                .join(" ");
                            state.captures.insert(c.clone(), text);
                        }
                        if let Some(e) = self.step(view, i + 1, pos + len, state) {
                            found = Some(e);
                            break;
                        }
                        if let Some(c) = capture {
                            state.captures.remove(c);
                        }
                    }
                }
                found
            }
            Element::Slot { name, labels, form } => {
                let mut found = None;
                if let Some(candidates) = view.starting_at.get(&pos) {
                    for &m in candidates {
                        let mention = &view.mentions[m];
                        if mention.tokens.end > view.end {
                            continue;
                        }
                        let label_ok = match (labels, mention.label) {
                            (None, _) => true,
                            (Some(ls), Some(l)) => ls.contains(&l),
                            (Some(ls), None) => ls.len() == 1 && !mention.modifier,
                        };
                        let form_ok = form.is_none_or(|f| mention.has_form(f));
                        if !label_ok || !form_ok {
                            continue;
                        }
                        state.slots.insert(name.clone(), m);
                        if let Some(e) = self.step(view, i + 1, mention.tokens.end, state) {
                            found = Some(e);
                            break;
                        }
                        state.slots.remove(name);
                    }
                }
                found
            }
        };
        if tried.is_some() {
            return tried;
        }
        if item.optional {
            return self.step(view, i + 1, pos, state);
        }
        None
    }

    /// The labels the slot asks for (used to type an untyped mention it bound).
    pub fn slot_label(&self, slot: &str) -> Option<Label> {
        self.items.iter().find_map(|i| match &i.element {
            Element::Slot {
                name,
                labels: Some(ls),
                ..
            } if name == slot && ls.len() == 1 => Some(ls[0]),
            _ => None,
        })
    }
}
