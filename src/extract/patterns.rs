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
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::ops::Range;

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
        /// Index into the rule's `slot_names`.
        slot: usize,
        labels: Option<Vec<Label>>,
        form: Option<MentionForm>,
    },
    Words {
        alternatives: Vec<Word>,
        /// Index into the rule's `capture_names`.
        capture: Option<usize>,
        /// The alternatives (in order) by their first word, when every one is a non-empty
        /// exact word sequence; `None` means try them all.
        by_first: Option<FxHashMap<String, Vec<usize>>>,
    },
    Gap(usize),
}

#[derive(Debug, Clone)]
struct Item {
    element: Element,
    optional: bool,
    /// The element as the pattern wrote it, for explanations.
    shown: String,
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
    /// Distinct slot names, in order of first use.
    slot_names: Vec<String>,
    /// Distinct capture names, in order of first use.
    capture_names: Vec<String>,
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

/// Index of `name` in `names`, appended when new.
fn name_index(names: &mut Vec<String>, name: &str) -> usize {
    match names.iter().position(|n| n == name) {
        Some(i) => i,
        None => {
            names.push(name.to_string());
            names.len() - 1
        }
    }
}

/// The alternatives by first word, when every alternative is a non-empty exact sequence.
fn index_by_first_word(alternatives: &[Word]) -> Option<FxHashMap<String, Vec<usize>>> {
    let mut by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (a, w) in alternatives.iter().enumerate() {
        match w {
            Word::Exact(ws) if !ws.is_empty() => by_first.entry(ws[0].clone()).or_default().push(a),
            _ => return None,
        }
    }
    Some(by_first)
}

pub fn compile(config: &Config) -> Result<Vec<CompiledRule>> {
    let mut rules = Vec::new();
    for rule in &config.relations {
        let mut slot_names = Vec::new();
        let mut capture_names = Vec::new();
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
                    slot: name_index(&mut slot_names, name),
                    labels,
                    form,
                }
            } else {
                let (capture, words) = match body.strip_prefix('$') {
                    Some(c) => {
                        let (k, w) = c
                            .split_once('=')
                            .ok_or_else(|| err(format!("capture {raw:?} needs $NAME=words")))?;
                        (Some(name_index(&mut capture_names, k)), w)
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
                    by_first: index_by_first_word(&alternatives),
                    alternatives,
                    capture,
                }
            };
            items.push(Item {
                element,
                optional,
                shown: raw.to_string(),
            });
        }
        let ways = match_ways(&items);
        if ways > MAX_MATCH_WAYS {
            return Err(err(format!(
                "its gaps, alternatives and optional elements allow {} ways to match from one token, over the limit of {MAX_MATCH_WAYS}: shorten a ...N gap",
                if ways == u64::MAX { "more than 10^19".to_string() } else { ways.to_string() }
            )));
        }
        for end in [&rule.from, &rule.to] {
            if !slot_names.contains(end) {
                return Err(err(format!("from/to {end:?} is not a slot of the pattern")));
            }
        }
        for value in rule.properties.values() {
            if let Some(k) = value.strip_prefix('$') {
                if !capture_names.iter().any(|c| c == k) {
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
            slot_names,
            capture_names,
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
    /// Mention indices by start token (document token index), longest first.
    pub starting_at: &'a [Vec<usize>],
}

impl SentenceView<'_> {
    fn mentions_at(&self, pos: usize) -> &[usize] {
        self.starting_at.get(pos).map_or(&[], Vec::as_slice)
    }
}

/// The bindings of one matching attempt, reused from one start position to the next: every
/// failed path unbinds what it bound, so the state is empty again after a failed attempt.
/// `P` watches the search: [`NoProbe`] (nothing, compiled away) in builds, [`Deepest`] to
/// explain a rule that did not match.
#[derive(Debug, Default)]
pub struct MatchState<P = NoProbe> {
    slots: Vec<Option<usize>>,
    captures: Vec<Option<Range<usize>>>,
    probe: P,
}

/// Watches a match attempt: called each time the search reaches element `item` at token `pos`.
pub trait Probe {
    fn reached(&mut self, item: usize, pos: usize, slots: &[Option<usize>]);
}

/// The probe of normal matching: records nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProbe;

impl Probe for NoProbe {
    #[inline(always)]
    fn reached(&mut self, _: usize, _: usize, _: &[Option<usize>]) {}
}

/// The deepest element any attempt reached: the elements before it matched, it did not.
#[derive(Debug, Default, Clone)]
pub struct Deepest {
    /// Start token of the attempt being watched.
    start: usize,
    at: Option<DeepestPoint>,
}

/// Where an attempt got furthest: the first found at the greatest depth.
#[derive(Debug, Clone)]
struct DeepestPoint {
    item: usize,
    start: usize,
    pos: usize,
    slots: Vec<Option<usize>>,
}

impl Probe for Deepest {
    fn reached(&mut self, item: usize, pos: usize, slots: &[Option<usize>]) {
        if self.at.as_ref().is_none_or(|p| item > p.item) {
            self.at = Some(DeepestPoint {
                item,
                start: self.start,
                pos,
                slots: slots.to_vec(),
            });
        }
    }
}

/// How far a token rule got in a sentence without matching, and what stopped it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenNearMiss {
    /// Index of the rule in [`RuleSet::rules`].
    pub rule: usize,
    /// Elements passed before the failing one (its 0-based index), out of `elements`.
    pub matched: usize,
    pub elements: usize,
    /// Required elements (neither optional nor gaps) matched, out of `required`: how far the
    /// rule got, for ranking.
    pub required_matched: usize,
    pub required: usize,
    /// Tokens the matched elements covered (document token indices).
    pub span: Range<usize>,
    /// The failing element as the pattern writes it, and why it failed.
    pub failed_element: String,
    pub reason: String,
    /// Slots bound by the matched elements (slot name → mention index).
    pub slots: BTreeMap<String, usize>,
}

impl<P> MatchState<P> {
    fn reset(&mut self, rule: &CompiledRule) {
        self.slots.clear();
        self.slots.resize(rule.slot_names.len(), None);
        self.captures.clear();
        self.captures.resize(rule.capture_names.len(), None);
    }
}

/// The word alternatives of an element, as an explanation shows them (at most six).
fn alternatives_text(alternatives: &[Word]) -> String {
    let shown: Vec<String> = alternatives
        .iter()
        .take(6)
        .map(|w| match w {
            Word::Exact(ws) => format!("{:?}", ws.join(" ")),
            Word::Prefix(p) => format!("{p:?}*"),
        })
        .collect();
    let more = alternatives.len().saturating_sub(shown.len());
    match (shown.len(), more) {
        (1, _) => shown[0].clone(),
        (_, 0) => format!("one of {}", shown.join(", ")),
        _ => format!("one of {} (and {more} more)", shown.join(", ")),
    }
}

/// Why no mention starting at `pos` fills a slot with these labels and form.
fn slot_failure(
    view: &SentenceView<'_>,
    pos: usize,
    labels: Option<&[Label]>,
    form: Option<MentionForm>,
    token: &str,
) -> String {
    let found = view.mentions_at(pos);
    if found.is_empty() {
        return format!("no mention starts at {token}");
    }
    let why: Vec<String> = found
        .iter()
        .map(|&m| mention_rejection(&view.mentions[m], view.end, labels, form))
        .collect();
    why.join("; ")
}

fn mention_rejection(
    mention: &Mention,
    end: usize,
    labels: Option<&[Label]>,
    form: Option<MentionForm>,
) -> String {
    let text = format!("{:?}", mention.text);
    let wanted = labels.map_or("any label".to_string(), |ls| {
        ls.iter().map(|l| l.as_str()).collect::<Vec<_>>().join("|")
    });
    if mention.tokens.end > end {
        return format!("{text} runs past the sentence");
    }
    match (labels, mention.label) {
        (Some(ls), Some(l)) if !ls.contains(&l) => {
            return format!("{text} is a {l}, the slot wants {wanted}")
        }
        (Some(ls), None) if ls.len() > 1 || mention.modifier => {
            return format!("{text} is untyped, the slot wants {wanted}")
        }
        _ => {}
    }
    match form {
        Some(f) if !mention.has_form(f) => {
            format!(
                "{text} is a {:?} mention, the slot wants {f:?}",
                mention.form
            )
        }
        _ => format!("{text} fits, but what follows it does not"),
    }
}

/// Where a rule can start matching, from its first element.
enum Start {
    /// At a token equal to one of these first words or starting with one of these prefixes.
    Words(Vec<String>, Vec<String>),
    /// At the first token of a mention.
    Mention,
    /// Anywhere: the first element is optional, a gap, or may match no token.
    Anywhere,
}

impl CompiledRule {
    fn start(&self) -> Start {
        let Some(first) = self.items.first().filter(|i| !i.optional) else {
            return Start::Anywhere;
        };
        match &first.element {
            Element::Slot { .. } => Start::Mention,
            Element::Gap(_) => Start::Anywhere,
            Element::Words { alternatives, .. } => {
                let (mut exact, mut prefixes) = (Vec::new(), Vec::new());
                for w in alternatives {
                    match w {
                        Word::Exact(ws) if ws.is_empty() => return Start::Anywhere,
                        Word::Exact(ws) => exact.push(ws[0].clone()),
                        Word::Prefix(p) => prefixes.push(p.clone()),
                    }
                }
                Start::Words(exact, prefixes)
            }
        }
    }
}

/// The compiled rules, indexed by what can start a match, so that each token position tries
/// only the rules that can start there.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<CompiledRule>,
    by_word: FxHashMap<String, Vec<usize>>,
    by_prefix: Vec<(String, usize)>,
    at_mention: Vec<usize>,
    anywhere: Vec<usize>,
}

impl RuleSet {
    pub fn new(rules: Vec<CompiledRule>) -> RuleSet {
        let mut set = RuleSet::default();
        for (r, rule) in rules.iter().enumerate() {
            match rule.start() {
                Start::Mention => set.at_mention.push(r),
                Start::Anywhere => set.anywhere.push(r),
                Start::Words(exact, prefixes) => {
                    for w in exact {
                        set.by_word.entry(w).or_default().push(r);
                    }
                    set.by_prefix.extend(prefixes.into_iter().map(|p| (p, r)));
                }
            }
        }
        set.rules = rules;
        set
    }

    pub fn rules(&self) -> &[CompiledRule] {
        &self.rules
    }

    /// The (rule, start token) pairs worth trying in the sentence, in rule order then token
    /// order: the order in which trying every rule at every token finds its matches.
    pub fn candidates(&self, view: &SentenceView<'_>, out: &mut Vec<(usize, usize)>) {
        out.clear();
        for pos in view.start..view.end {
            if !view.mentions_at(pos).is_empty() {
                out.extend(self.at_mention.iter().map(|&r| (r, pos)));
            }
            let norm = view.tokens[pos].norm.as_str();
            if let Some(rules) = self.by_word.get(norm) {
                out.extend(rules.iter().map(|&r| (r, pos)));
            }
            for (p, r) in &self.by_prefix {
                if norm.starts_with(p.as_str()) {
                    out.push((*r, pos));
                }
            }
            out.extend(self.anywhere.iter().map(|&r| (r, pos)));
        }
        out.sort_unstable();
        out.dedup();
    }

    /// The rules without a match in the sentence that matched a required element of it,
    /// deepest first (by the share of their required elements matched, then their number),
    /// then in rule order.
    pub fn near_misses(&self, view: &SentenceView<'_>) -> Vec<TokenNearMiss> {
        let mut out: Vec<TokenNearMiss> = self
            .rules
            .iter()
            .enumerate()
            .filter_map(|(r, rule)| rule.near_miss(r, view))
            .filter(|m| m.required_matched > 0)
            .collect();
        out.sort_by(|a, b| {
            let share = |m: &TokenNearMiss| (m.required_matched * 1000) / m.required.max(1);
            share(b)
                .cmp(&share(a))
                .then(b.required_matched.cmp(&a.required_matched))
                .then(a.rule.cmp(&b.rule))
        });
        out
    }

    /// Every match in the sentence, as (rule index, match), in rule order then start order.
    pub fn find_all(
        &self,
        view: &SentenceView<'_>,
        candidates: &mut Vec<(usize, usize)>,
        state: &mut MatchState,
    ) -> Vec<(usize, Match)> {
        self.candidates(view, candidates);
        candidates
            .iter()
            .filter_map(|&(r, pos)| Some((r, self.rules[r].match_at(view, pos, state)?)))
            .collect()
    }
}

impl CompiledRule {
    /// Number of elements of the pattern.
    pub fn elements(&self) -> usize {
        self.items.len()
    }

    /// Where the rule got furthest in the sentence without matching: `None` when it matches
    /// somewhere, or when no attempt got past its first element. Found by the matcher itself,
    /// watched by a [`Deepest`] probe, trying every start token.
    pub fn near_miss(&self, rule: usize, view: &SentenceView<'_>) -> Option<TokenNearMiss> {
        let mut state = MatchState::<Deepest>::default();
        for start in view.start..view.end {
            state.probe.start = start;
            if self.match_at(view, start, &mut state).is_some() {
                return None;
            }
        }
        let point = state.probe.at.filter(|p| p.item > 0)?;
        let item = &self.items[point.item];
        let required = |items: &[Item]| {
            items
                .iter()
                .filter(|i| !i.optional && !matches!(i.element, Element::Gap(_)))
                .count()
        };
        Some(TokenNearMiss {
            rule,
            matched: point.item,
            elements: self.items.len(),
            required_matched: required(&self.items[..point.item]),
            required: required(&self.items),
            span: point.start..point.pos,
            failed_element: item.shown.clone(),
            reason: self.failure(view, &item.element, point.pos),
            slots: self
                .slot_names
                .iter()
                .zip(&point.slots)
                .filter_map(|(name, m)| Some((name.clone(), (*m)?)))
                .collect(),
        })
    }

    /// Why `element` does not match at token `pos`.
    fn failure(&self, view: &SentenceView<'_>, element: &Element, pos: usize) -> String {
        if pos >= view.end {
            return "the sentence ends before it".into();
        }
        let token = format!("{:?}", view.tokens[pos].norm);
        match element {
            Element::Words { alternatives, .. } => {
                format!("{token} is not {}", alternatives_text(alternatives))
            }
            Element::Slot { labels, form, .. } => {
                slot_failure(view, pos, labels.as_deref(), *form, &token)
            }
            Element::Gap(_) => format!("a gap cannot cross {token}"),
        }
    }

    /// Every match in the sentence, one per start position (the first found there).
    pub fn find(&self, view: &SentenceView<'_>) -> Vec<Match> {
        let mut state = MatchState::<NoProbe>::default();
        (view.start..view.end)
            .filter_map(|start| self.match_at(view, start, &mut state))
            .collect()
    }

    /// The first match starting at token `start`, if any.
    pub fn match_at<P: Probe>(
        &self,
        view: &SentenceView<'_>,
        start: usize,
        state: &mut MatchState<P>,
    ) -> Option<Match> {
        state.reset(self);
        let end = self.step(view, 0, start, state)?;
        Some(Match {
            slots: self.bound_slots(state),
            captures: self.captured_text(view, state),
            start,
            end,
        })
    }

    fn bound_slots<P>(&self, state: &MatchState<P>) -> BTreeMap<String, usize> {
        self.slot_names
            .iter()
            .zip(&state.slots)
            .filter_map(|(name, m)| Some((name.clone(), (*m)?)))
            .collect()
    }

    fn captured_text<P>(
        &self,
        view: &SentenceView<'_>,
        state: &MatchState<P>,
    ) -> BTreeMap<String, String> {
        self.capture_names
            .iter()
            .zip(&state.captures)
            .filter_map(|(name, range)| {
                let text = view.tokens[range.clone()?]
                    .iter()
                    .map(|t| t.norm.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                Some((name.clone(), text))
            })
            .collect()
    }

    fn step<P: Probe>(
        &self,
        view: &SentenceView<'_>,
        i: usize,
        pos: usize,
        state: &mut MatchState<P>,
    ) -> Option<usize> {
        let Some(item) = self.items.get(i) else {
            return Some(pos);
        };
        state.probe.reached(i, pos, &state.slots);
        let tried = match &item.element {
            Element::Gap(n) => self.step_gap(view, i, pos, *n, state),
            Element::Words {
                alternatives,
                capture,
                by_first,
            } => match by_first {
                Some(index) => {
                    let listed = (pos < view.end)
                        .then(|| index.get(view.tokens[pos].norm.as_str()))
                        .flatten()
                        .map_or(&[][..], Vec::as_slice);
                    listed.iter().find_map(|&a| {
                        self.step_word(view, i, pos, &alternatives[a], *capture, state)
                    })
                }
                None => alternatives
                    .iter()
                    .find_map(|w| self.step_word(view, i, pos, w, *capture, state)),
            },
            Element::Slot { slot, labels, form } => {
                self.step_slot(view, i, pos, (*slot, labels.as_deref(), *form), state)
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

    fn step_gap<P: Probe>(
        &self,
        view: &SentenceView<'_>,
        i: usize,
        pos: usize,
        n: usize,
        state: &mut MatchState<P>,
    ) -> Option<usize> {
        for k in 0..=n {
            if pos + k > view.end {
                break;
            }
            if k > 0 && matches!(view.tokens[pos + k - 1].norm.as_str(), ";" | ":") {
                break;
            }
            if let Some(e) = self.step(view, i + 1, pos + k, state) {
                return Some(e);
            }
        }
        None
    }

    fn step_word<P: Probe>(
        &self,
        view: &SentenceView<'_>,
        i: usize,
        pos: usize,
        word: &Word,
        capture: Option<usize>,
        state: &mut MatchState<P>,
    ) -> Option<usize> {
        let len = word.matches(view.tokens, pos, view.end)?;
        if let Some(c) = capture {
            state.captures[c] = Some(pos..pos + len);
        }
        let found = self.step(view, i + 1, pos + len, state);
        if found.is_none() {
            if let Some(c) = capture {
                state.captures[c] = None;
            }
        }
        found
    }

    fn step_slot<P: Probe>(
        &self,
        view: &SentenceView<'_>,
        i: usize,
        pos: usize,
        (slot, labels, form): (usize, Option<&[Label]>, Option<MentionForm>),
        state: &mut MatchState<P>,
    ) -> Option<usize> {
        for &m in view.mentions_at(pos) {
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
            state.slots[slot] = Some(m);
            if let Some(e) = self.step(view, i + 1, mention.tokens.end, state) {
                return Some(e);
            }
            state.slots[slot] = None;
        }
        None
    }

    /// The labels the slot asks for (used to type an untyped mention it bound).
    pub fn slot_label(&self, slot: &str) -> Option<Label> {
        let index = self.slot_names.iter().position(|n| n == slot)?;
        self.items.iter().find_map(|i| match &i.element {
            Element::Slot {
                slot,
                labels: Some(ls),
                ..
            } if *slot == index && ls.len() == 1 => Some(ls[0]),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{default_source, CUES_FILE, LEXICON_FILE};
    use std::path::Path;

    const PATTERNS: &str = r#"
[lists]
act = ["starred", "acted", "played_in"]

[[relation]]
id = "slot-first"
type = "ACTED_IN"
pattern = "{S:Person} @act in {O:Show}"
from = "S"
to = "O"
confidence = 0.9

[[relation]]
id = "word-first"
type = "ACTED_IN"
pattern = "starring {S:Person} $how=as|in {O:Show}"
from = "S"
to = "O"
confidence = 0.8
properties = { how = "$how" }

[[relation]]
id = "prefix-first"
type = "ACTED_IN"
pattern = "co-star* {S:Person} ...2 {O:Show}"
from = "S"
to = "O"
confidence = 0.7

[[relation]]
id = "gap-first"
type = "ACTED_IN"
pattern = "...2 {S:Person} played_in {O:Show}"
from = "S"
to = "O"
confidence = 0.6

[[relation]]
id = "optional-first"
type = "ACTED_IN"
pattern = "then? {S:Person} starred {O:Show}"
from = "S"
to = "O"
confidence = 0.5
"#;

    fn rules() -> Vec<CompiledRule> {
        let source = |f: &str| default_source(f).expect("built-in file");
        let config = Config::from_sources(
            (Path::new(LEXICON_FILE), source(LEXICON_FILE)),
            (Path::new(CUES_FILE), source(CUES_FILE)),
            (Path::new("patterns.toml"), PATTERNS),
        )
        .expect("test patterns compile");
        compile(&config).expect("rules compile")
    }

    fn tokens(text: &str) -> Vec<Token> {
        let mut toks = Vec::new();
        let abbreviations = crate::ingest::Abbreviations::new(Vec::<String>::new());
        crate::ingest::tokenize(text, 0, text.len(), &abbreviations, &mut toks);
        toks
    }

    fn mention(tokens: Range<usize>, label: Label) -> Mention {
        Mention::test_name(tokens, Some(label))
    }

    /// (rule id, start, end, slots, captures) of every match, comparable across matchers.
    type Found = (
        String,
        usize,
        usize,
        Vec<(String, usize)>,
        Vec<(String, String)>,
    );

    fn describe(rule: &CompiledRule, m: Match) -> Found {
        (
            rule.id.clone(),
            m.start,
            m.end,
            m.slots.into_iter().collect(),
            m.captures.into_iter().collect(),
        )
    }

    /// Matches of the indexed rule set and of every rule tried at every token.
    fn both_ways(text: &str, mentions: &[Mention]) -> (Vec<Found>, Vec<Found>) {
        let toks = tokens(text);
        let mut starting_at = vec![Vec::new(); toks.len() + 1];
        for (i, m) in mentions.iter().enumerate() {
            starting_at[m.tokens.start].push(i);
        }
        let view = SentenceView {
            tokens: &toks,
            start: 0,
            end: toks.len(),
            mentions,
            starting_at: &starting_at,
        };
        let set = RuleSet::new(rules());
        let indexed = set
            .find_all(&view, &mut Vec::new(), &mut MatchState::default())
            .into_iter()
            .map(|(r, m)| describe(&set.rules()[r], m))
            .collect();
        let every = set
            .rules()
            .iter()
            .flat_map(|rule| rule.find(&view).into_iter().map(|m| describe(rule, m)))
            .collect();
        (indexed, every)
    }

    fn ids(found: &[Found]) -> Vec<(&str, usize)> {
        found.iter().map(|f| (f.0.as_str(), f.1)).collect()
    }

    #[test]
    fn indexed_rules_fire_exactly_where_every_rule_at_every_token_fires() {
        // Tokens: Ann(0) starred(1) in(2) Dune(3) ,(4) starring(5) Bo(6) as(7) Lux(8) ,(9)
        // co-starring(10) Cy(11) in(12) Vox(13)
        let text = "Ann starred in Dune, starring Bo as Lux, co-starring Cy in Vox";
        let mentions = [
            mention(0..1, Label::Person),
            mention(3..4, Label::Show),
            mention(6..7, Label::Person),
            mention(8..9, Label::Show),
            mention(11..12, Label::Person),
            mention(13..14, Label::Show),
        ];
        let (indexed, every) = both_ways(text, &mentions);
        assert_eq!(indexed, every);
        let fired = ids(&indexed);
        for expected in [("slot-first", 0), ("word-first", 5), ("prefix-first", 10)] {
            assert!(fired.contains(&expected), "{expected:?} not in {fired:?}");
        }
        let how = indexed.iter().find(|f| f.0 == "word-first").map(|f| &f.4);
        assert_eq!(how, Some(&vec![("how".to_string(), "as".to_string())]));
    }

    #[test]
    fn a_rule_starting_with_a_gap_or_optional_element_is_tried_at_every_token() {
        // Tokens: so(0) ,(1) then(2) Ann(3) played(4) in(5) Dune(6) ;(7) then(8) Bo(9)
        // starred(10) Lux(11)
        let text = "so, then Ann played in Dune; then Bo starred Lux";
        let mentions = [
            mention(3..4, Label::Person),
            mention(6..7, Label::Show),
            mention(9..10, Label::Person),
            mention(11..12, Label::Show),
        ];
        let (indexed, every) = both_ways(text, &mentions);
        assert_eq!(indexed, every);
        let fired = ids(&indexed);
        // The gap rule starts at plain words ("so", ",", "then"), none of them indexed.
        for start in [1, 2, 3] {
            assert!(fired.contains(&("gap-first", start)), "{fired:?}");
        }
        assert!(fired.contains(&("optional-first", 8)), "{fired:?}");
        assert!(fired.contains(&("optional-first", 9)), "{fired:?}");
    }

    fn view_of<'a>(
        toks: &'a [Token],
        mentions: &'a [Mention],
        starting_at: &'a mut Vec<Vec<usize>>,
    ) -> SentenceView<'a> {
        starting_at.resize(toks.len() + 1, Vec::new());
        for (i, m) in mentions.iter().enumerate() {
            starting_at[m.tokens.start].push(i);
        }
        SentenceView {
            tokens: toks,
            start: 0,
            end: toks.len(),
            mentions,
            starting_at,
        }
    }

    fn rule_named<'r>(set: &'r RuleSet, id: &str) -> (usize, &'r CompiledRule) {
        let r = set.rules().iter().position(|r| r.id == id).expect("rule");
        (r, &set.rules()[r])
    }

    #[test]
    fn a_near_miss_names_the_deepest_failing_element_and_its_bindings() {
        // Tokens: Ann(0) starred(1) at(2) Dune(3)
        let toks = tokens("Ann starred at Dune");
        let mentions = [mention(0..1, Label::Person), mention(3..4, Label::Show)];
        let mut starting_at = Vec::new();
        let view = view_of(&toks, &mentions, &mut starting_at);
        let set = RuleSet::new(rules());
        let (r, rule) = rule_named(&set, "slot-first");
        let miss = rule.near_miss(r, &view).expect("a near miss");
        assert_eq!((miss.matched, miss.elements), (2, 4));
        assert_eq!((miss.required_matched, miss.required), (2, 4));
        assert_eq!(miss.span, 0..2);
        assert_eq!(miss.failed_element, "in");
        assert_eq!(miss.reason, "\"at\" is not \"in\"");
        assert_eq!(miss.slots, BTreeMap::from([("S".to_string(), 0)]));
    }

    #[test]
    fn a_near_miss_on_a_slot_says_what_the_mention_is() {
        // Tokens: Ann(0) starred(1) in(2) Reno(3)
        let toks = tokens("Ann starred in Reno");
        let reno = Mention {
            text: "Reno".into(),
            ..mention(3..4, Label::Place)
        };
        let mentions = [mention(0..1, Label::Person), reno];
        let mut starting_at = Vec::new();
        let view = view_of(&toks, &mentions, &mut starting_at);
        let set = RuleSet::new(rules());
        let (r, rule) = rule_named(&set, "slot-first");
        let miss = rule.near_miss(r, &view).expect("a near miss");
        assert_eq!(miss.failed_element, "{O:Show}");
        assert_eq!(miss.reason, "\"Reno\" is a Place, the slot wants Show");
        let toks = tokens("Ann starred in the rain");
        let mentions = [mention(0..1, Label::Person)];
        let mut starting_at = Vec::new();
        let view = view_of(&toks, &mentions, &mut starting_at);
        let miss = rule.near_miss(r, &view).expect("a near miss");
        assert_eq!(miss.reason, "no mention starts at \"the\"");
    }

    #[test]
    fn a_rule_that_matches_or_never_starts_is_no_near_miss() {
        let toks = tokens("Ann starred in Dune");
        let mentions = [mention(0..1, Label::Person), mention(3..4, Label::Show)];
        let mut starting_at = Vec::new();
        let view = view_of(&toks, &mentions, &mut starting_at);
        let set = RuleSet::new(rules());
        let (r, rule) = rule_named(&set, "slot-first");
        assert_eq!(rule.near_miss(r, &view), None, "it matches");
        let misses = set.near_misses(&view);
        assert!(misses.iter().all(|m| m.rule != r), "{misses:?}");
        let toks = tokens("nothing here at all");
        let mut starting_at = Vec::new();
        let view = view_of(&toks, &[], &mut starting_at);
        assert_eq!(rule.near_miss(r, &view), None, "no mention to start at");
        assert!(set.near_misses(&view).is_empty());
    }

    #[test]
    fn near_misses_rank_the_rule_that_got_furthest_first() {
        // slot-first gets 3 of 4 required elements; word-first ("starring") none.
        let toks = tokens("Ann starred in the rain");
        let mentions = [mention(0..1, Label::Person)];
        let mut starting_at = Vec::new();
        let view = view_of(&toks, &mentions, &mut starting_at);
        let set = RuleSet::new(rules());
        let misses = set.near_misses(&view);
        let first = &set.rules()[misses[0].rule];
        assert_eq!(first.id, "slot-first", "{misses:?}");
        assert_eq!((misses[0].required_matched, misses[0].required), (3, 4));
        for pair in misses.windows(2) {
            let share = |m: &TokenNearMiss| m.required_matched as f64 / m.required as f64;
            assert!(share(&pair[0]) >= share(&pair[1]), "{misses:?}");
        }
    }

    #[test]
    fn rule_start_classes_follow_the_first_element() {
        let set = RuleSet::new(rules());
        let id = |r: &usize| set.rules()[*r].id.as_str();
        assert_eq!(
            set.at_mention.iter().map(id).collect::<Vec<_>>(),
            ["slot-first"]
        );
        assert_eq!(
            set.by_word["starring"].iter().map(id).collect::<Vec<_>>(),
            ["word-first"]
        );
        assert_eq!(set.by_prefix.len(), 1);
        assert_eq!(
            set.anywhere.iter().map(id).collect::<Vec<_>>(),
            ["gap-first", "optional-first"]
        );
    }
}
