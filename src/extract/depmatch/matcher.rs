//! Matching compiled dependency rules over one sentence of a parsed [`Doc`]: anchor index,
//! bounded backtracking over the nodes, slot distribution, and near-miss explanations.

use super::{
    ner_label, Attr, Constraint, DepMatch, DepMatcher, DepNode, DepRule, NearMiss, Op,
    PropertyValue, SlotBinding,
};
use crate::nlp::Doc;
use crate::ontology::Label;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// Candidate tokens examined per rule and anchor before the search gives up.
const STEP_BUDGET: usize = 4096;
/// Complete bindings kept per rule and anchor.
const MAX_BINDINGS: usize = 64;
/// Prepositions whose object lists members of the phrase they modify ("stars including A").
const MEMBER_PREPOSITIONS: [&str; 3] = ["including", "like", "as"];

/// Which rules may be anchored at a token, by the anchor's word or dependency label.
#[derive(Debug, Clone, Default)]
pub(crate) struct AnchorIndex {
    by_word: BTreeMap<String, Vec<usize>>,
    by_dep: BTreeMap<String, Vec<usize>>,
    always: Vec<usize>,
}

impl AnchorIndex {
    fn build(rules: &[DepRule]) -> AnchorIndex {
        let mut index = AnchorIndex::default();
        for (r, rule) in rules.iter().enumerate() {
            index.add(r, &rule.nodes[0]);
        }
        index
    }

    fn add(&mut self, rule: usize, anchor: &DepNode) {
        let positive = |attrs: &[Attr]| {
            anchor
                .constraints
                .iter()
                .find(|c| !c.negated && attrs.contains(&c.attr))
        };
        if let Some(c) = positive(&[Attr::Lemma, Attr::Lower, Attr::List]) {
            for w in &c.values {
                self.by_word.entry(w.clone()).or_default().push(rule);
            }
        } else if let Some(c) = positive(&[Attr::Dep]) {
            for d in &c.values {
                self.by_dep.entry(d.clone()).or_default().push(rule);
            }
        } else {
            self.always.push(rule);
        }
    }

    /// Rules whose anchor may match token `i`, ascending, without repeats.
    fn rules_at(&self, s: &Sentence<'_>, i: usize) -> Vec<usize> {
        let mut out = self.always.clone();
        for word in [s.lower(i), s.lemma(i)] {
            out.extend(self.by_word.get(word).into_iter().flatten());
        }
        out.extend(self.by_dep.get(&s.doc.tokens[i].dep).into_iter().flatten());
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// What the matcher knows of one sentence.
struct Sentence<'a> {
    doc: &'a Doc,
    range: Range<usize>,
    lower: Vec<String>,
    lemma: Vec<String>,
    children: Vec<Vec<usize>>,
    label_of: &'a dyn Fn(usize) -> Option<Label>,
}

impl<'a> Sentence<'a> {
    fn new(
        doc: &'a Doc,
        range: Range<usize>,
        label_of: &'a dyn Fn(usize) -> Option<Label>,
    ) -> Self {
        let range = range.start.min(doc.tokens.len())..range.end.min(doc.tokens.len());
        let lower = range
            .clone()
            .map(|i| doc.token_text(i).to_lowercase())
            .collect();
        let lemma = range
            .clone()
            .map(|i| doc.tokens[i].lemma.to_lowercase())
            .collect();
        let mut children = vec![Vec::new(); range.len()];
        for i in range.clone() {
            let h = doc.tokens[i].head;
            if h != i && range.contains(&h) {
                children[h - range.start].push(i);
            }
        }
        Sentence {
            doc,
            range,
            lower,
            lemma,
            children,
            label_of,
        }
    }

    fn lower(&self, i: usize) -> &str {
        &self.lower[i - self.range.start]
    }

    fn lemma(&self, i: usize) -> &str {
        &self.lemma[i - self.range.start]
    }

    fn children(&self, i: usize) -> &[usize] {
        &self.children[i - self.range.start]
    }

    fn head(&self, i: usize) -> Option<usize> {
        let h = self.doc.tokens[i].head;
        (h != i && self.range.contains(&h)).then_some(h)
    }

    fn dep(&self, i: usize) -> &str {
        &self.doc.tokens[i].dep
    }

    fn describe(&self, i: usize) -> String {
        format!("{:?}({i})", self.doc.token_text(i))
    }

    /// Tokens related to `left` by `op`, ascending.
    fn related(&self, left: usize, op: Op) -> Vec<usize> {
        let r = &self.range;
        match op {
            Op::Child => self.children(left).to_vec(),
            Op::Head => self.head(left).into_iter().collect(),
            Op::Descendant => self.descendants(left),
            Op::Ancestor => self.ancestors(left),
            Op::ImmediatelyPrecedes => (left + 1..r.end).take(1).collect(),
            Op::Precedes => (left + 1..r.end).collect(),
            Op::ImmediatelyFollows => (r.start..left).rev().take(1).collect(),
            Op::Follows => (r.start..left).collect(),
            Op::NextSibling => self.siblings(left, |s| s == left + 1),
            Op::PreviousSibling => self.siblings(left, |s| s + 1 == left),
            Op::RightSibling => self.siblings(left, |s| s > left),
            Op::LeftSibling => self.siblings(left, |s| s < left),
        }
    }

    fn descendants(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = self.children(i).to_vec();
        while let Some(t) = stack.pop() {
            out.push(t);
            stack.extend_from_slice(self.children(t));
        }
        out.sort_unstable();
        out
    }

    fn ancestors(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = i;
        while let Some(h) = self.head(at) {
            if out.contains(&h) || out.len() >= self.range.len() {
                break;
            }
            out.push(h);
            at = h;
        }
        out.sort_unstable();
        out
    }

    fn siblings(&self, i: usize, keep: impl Fn(usize) -> bool) -> Vec<usize> {
        let Some(h) = self.head(i) else {
            return Vec::new();
        };
        self.children(h)
            .iter()
            .copied()
            .filter(|&s| s != i && keep(s))
            .collect()
    }

    fn satisfies(&self, c: &Constraint, i: usize) -> bool {
        let t = &self.doc.tokens[i];
        let found = match c.attr {
            Attr::Lemma => c.values.contains(self.lemma(i)),
            Attr::Lower => c.values.contains(self.lower(i)),
            Attr::Tag => c.values.contains(&t.tag),
            Attr::Pos => c.values.contains(&t.pos),
            Attr::Dep => c.values.contains(&t.dep),
            Attr::Ent => c.values.contains(&t.ent_type),
            Attr::List => c.values.contains(self.lower(i)) || c.values.contains(self.lemma(i)),
        };
        found != c.negated
    }

    /// Why token `i` cannot be `node`, or `None` when it can.
    fn rejection(&self, node: &DepNode, i: usize) -> Option<String> {
        if let Some(c) = node.constraints.iter().find(|c| !self.satisfies(c, i)) {
            return Some(format!("{} fails {}", self.describe(i), constraint_text(c)));
        }
        let labels = node.slot.as_ref()?;
        let label = (self.label_of)(i).filter(|l| !labels.contains(l))?;
        Some(format!(
            "{} is a {label}, the slot wants {}",
            self.describe(i),
            labels_text(labels)
        ))
    }

    fn accepts(&self, node: &DepNode, i: usize) -> bool {
        node.constraints.iter().all(|c| self.satisfies(c, i))
            && node
                .slot
                .as_ref()
                .is_none_or(|labels| self.label_fits(labels, i))
    }

    fn label_fits(&self, labels: &[Label], i: usize) -> bool {
        (self.label_of)(i).is_none_or(|l| labels.contains(&l))
    }

    /// Places take appositives that contain them ("Reno, Nevada"), not other names of them.
    fn is_place(&self, i: usize) -> bool {
        let label = (self.label_of)(i).or_else(|| ner_label(&self.doc.tokens[i].ent_type));
        label == Some(Label::Place)
    }

    fn is_nominal(&self, i: usize) -> bool {
        matches!(self.doc.tokens[i].pos.as_str(), "NOUN" | "PROPN" | "PRON")
    }

    /// Conjuncts, appositives and listed members ("including A") of token `i`, recursively.
    fn distributed(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut stack = vec![i];
        while let Some(t) = stack.pop() {
            for c in self.members(t) {
                if !out.contains(&c) && self.is_nominal(c) == self.is_nominal(i) {
                    out.push(c);
                    stack.push(c);
                }
            }
        }
        out.sort_unstable();
        out
    }

    fn members(&self, t: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for &c in self.children(t) {
            match self.dep(c) {
                "conj" => out.push(c),
                "appos" if !self.is_place(t) => out.push(c),
                "prep" if MEMBER_PREPOSITIONS.contains(&self.lower(c)) => {
                    out.extend(self.children(c).iter().filter(|&&o| self.dep(o) == "pobj"))
                }
                _ => {}
            }
        }
        out
    }

    fn negated(&self, bound: &[usize]) -> Option<usize> {
        bound.iter().find_map(|&t| {
            self.children(t)
                .iter()
                .copied()
                .find(|&c| self.dep(c) == "neg")
        })
    }
}

fn constraint_text(c: &Constraint) -> String {
    let not = if c.negated { "not_" } else { "" };
    format!("{not}{} = {}", c.attr.name(), c.shown)
}

fn labels_text(labels: &[Label]) -> String {
    labels
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join("|")
}

/// The deepest point a search reached, for explanations.
#[derive(Default)]
struct Trace {
    depth: usize,
    anchor: Option<usize>,
    bound: Vec<usize>,
    failed_node: usize,
    reason: Option<String>,
}

/// A bounded depth-first search of one rule from one anchor token.
struct Search<'s, 'a> {
    rule: &'s DepRule,
    sentence: &'s Sentence<'a>,
    steps: usize,
    bound: Vec<usize>,
    found: Vec<Vec<usize>>,
    trace: Option<Trace>,
}

impl<'s, 'a> Search<'s, 'a> {
    fn new(rule: &'s DepRule, sentence: &'s Sentence<'a>, traced: bool) -> Self {
        Search {
            rule,
            sentence,
            steps: 0,
            bound: Vec::with_capacity(rule.nodes.len()),
            found: Vec::new(),
            trace: traced.then(Trace::default),
        }
    }

    fn search_from_anchor(&mut self, anchor: usize) {
        self.bound.clear();
        self.bound.push(anchor);
        self.extend();
        self.bound.clear();
    }

    fn exhausted(&self) -> bool {
        self.steps >= STEP_BUDGET || self.found.len() >= MAX_BINDINGS
    }

    fn extend(&mut self) {
        let (rule, sentence) = (self.rule, self.sentence);
        let k = self.bound.len();
        let Some(node) = rule.nodes.get(k) else {
            self.complete();
            return;
        };
        let (left, op) = node.left.expect("only the anchor has no left node");
        let candidates = sentence.related(self.bound[left], op);
        let mut any = false;
        for &c in &candidates {
            if self.exhausted() {
                return;
            }
            self.steps += 1;
            if self.bound.contains(&c) || !sentence.accepts(node, c) {
                continue;
            }
            any = true;
            self.bound.push(c);
            self.extend();
            self.bound.pop();
        }
        if !any {
            self.note_failure(k, node, &candidates);
        }
    }

    fn complete(&mut self) {
        match self.sentence.negated(&self.bound) {
            None => self.found.push(self.bound.clone()),
            Some(neg) => {
                let reason = format!("negated by {}", self.sentence.describe(neg));
                self.note(self.bound.len(), self.bound.len() - 1, reason);
            }
        }
    }

    fn note_failure(&mut self, k: usize, node: &DepNode, candidates: &[usize]) {
        if self
            .trace
            .as_ref()
            .is_none_or(|t| t.reason.is_some() && t.depth >= k)
        {
            return;
        }
        let (left, op) = node.left.expect("only the anchor has no left node");
        let from = self.sentence.describe(self.bound[left]);
        let reason = if candidates.is_empty() {
            format!(
                "node {:?}: no token {} {from}",
                node.id,
                relation_phrase(op)
            )
        } else {
            let why: Vec<String> = candidates
                .iter()
                .take(3)
                .map(|&c| match self.sentence.rejection(node, c) {
                    Some(r) => r,
                    None => format!("{} is already bound", self.sentence.describe(c)),
                })
                .collect();
            format!(
                "node {:?} ({} {from}): {}",
                node.id,
                op.as_str(),
                why.join("; ")
            )
        };
        self.note(k, k, reason);
    }

    fn note(&mut self, depth: usize, failed_node: usize, reason: String) {
        let anchor = self.bound.first().copied();
        if let Some(t) = &mut self.trace {
            if t.reason.is_none() || depth > t.depth {
                *t = Trace {
                    depth,
                    anchor,
                    bound: self.bound.clone(),
                    failed_node,
                    reason: Some(reason),
                };
            }
        }
    }
}

fn relation_phrase(op: Op) -> &'static str {
    match op {
        Op::Child => "is a child of",
        Op::Head => "is the head of",
        Op::Descendant => "is a descendant of",
        Op::Ancestor => "is an ancestor of",
        Op::ImmediatelyPrecedes => "immediately follows",
        Op::Precedes => "follows",
        Op::ImmediatelyFollows => "immediately precedes",
        Op::Follows => "precedes",
        Op::NextSibling | Op::RightSibling => "is a right sibling of",
        Op::PreviousSibling | Op::LeftSibling => "is a left sibling of",
    }
}

/// Labels from the parse's own entity types (tokens outside entities fit any slot).
fn ner_labels(doc: &Doc) -> impl Fn(usize) -> Option<Label> + '_ {
    |i| ner_label(&doc.tokens[i].ent_type)
}

impl DepMatcher {
    pub(super) fn from_rules(rules: Vec<DepRule>) -> DepMatcher {
        let index = AnchorIndex::build(&rules);
        DepMatcher { rules, index }
    }

    /// Every match in `sentence` (token indices of `doc`), slots typed by the parse's entities.
    pub fn find(&self, doc: &Doc, sentence: Range<usize>) -> Vec<DepMatch> {
        self.find_with(doc, sentence, &ner_labels(doc))
    }

    /// Every match in `sentence`, a slot accepting a token when `label_of(token)` is `None` or
    /// one of the slot's labels. Ordered by anchor token, rule, then bound tokens.
    pub fn find_with(
        &self,
        doc: &Doc,
        sentence: Range<usize>,
        label_of: &dyn Fn(usize) -> Option<Label>,
    ) -> Vec<DepMatch> {
        let s = Sentence::new(doc, sentence, label_of);
        let mut out = Vec::new();
        for i in s.range.clone() {
            for r in self.index.rules_at(&s, i) {
                out.extend(self.matches_at(&s, r, i));
            }
        }
        out
    }

    fn matches_at(&self, s: &Sentence<'_>, r: usize, anchor: usize) -> Vec<DepMatch> {
        let rule = &self.rules[r];
        if !s.accepts(&rule.nodes[0], anchor) {
            return Vec::new();
        }
        let mut search = Search::new(rule, s, false);
        search.search_from_anchor(anchor);
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for nodes in search.found {
            if seen.insert((nodes[rule.from], nodes[rule.to])) {
                out.push(build_match(s, r, rule, nodes));
            }
        }
        out
    }

    /// For each rule without a match in `sentence`: the deepest node it reached and why the
    /// next one failed. Ordered by depth (deepest first), then rule.
    pub fn explain(
        &self,
        doc: &Doc,
        sentence: Range<usize>,
        label_of: &dyn Fn(usize) -> Option<Label>,
    ) -> Vec<NearMiss> {
        let s = Sentence::new(doc, sentence.clone(), label_of);
        let matched: BTreeSet<usize> = self
            .find_with(doc, sentence, label_of)
            .iter()
            .map(|m| m.rule)
            .collect();
        let mut out: Vec<NearMiss> = (0..self.rules.len())
            .filter(|r| !matched.contains(r))
            .map(|r| self.near_miss(&s, r))
            .collect();
        out.sort_by(|a, b| b.depth.cmp(&a.depth).then(a.rule.cmp(&b.rule)));
        out
    }

    fn near_miss(&self, s: &Sentence<'_>, r: usize) -> NearMiss {
        let rule = &self.rules[r];
        let anchors: Vec<usize> = s
            .range
            .clone()
            .filter(|&i| s.accepts(&rule.nodes[0], i))
            .collect();
        if anchors.is_empty() {
            return NearMiss {
                rule: r,
                depth: 0,
                anchor: None,
                bound: Vec::new(),
                failed_node: 0,
                reason: anchor_failure(s, &rule.nodes[0]),
            };
        }
        let mut search = Search::new(rule, s, true);
        for &a in &anchors {
            search.steps = 0;
            search.search_from_anchor(a);
        }
        let trace = search.trace.unwrap_or_default();
        NearMiss {
            rule: r,
            depth: trace.depth,
            anchor: trace.anchor,
            bound: trace.bound,
            failed_node: trace.failed_node,
            reason: trace
                .reason
                .unwrap_or_else(|| "search budget exhausted".to_string()),
        }
    }
}

/// Why no token of the sentence can be the anchor.
fn anchor_failure(s: &Sentence<'_>, anchor: &DepNode) -> String {
    let alone = anchor
        .constraints
        .iter()
        .find(|c| !s.range.clone().any(|i| s.satisfies(c, i)));
    match alone {
        Some(c) => format!(
            "anchor {:?}: no token with {}",
            anchor.id,
            constraint_text(c)
        ),
        None => {
            let all: Vec<String> = anchor.constraints.iter().map(constraint_text).collect();
            let labels = anchor.slot.as_deref().map(labels_text).unwrap_or_default();
            format!(
                "anchor {:?}: no token with {} {labels}",
                anchor.id,
                all.join(" and ")
            )
        }
    }
}

fn build_match(s: &Sentence<'_>, r: usize, rule: &DepRule, nodes: Vec<usize>) -> DepMatch {
    let bind = |k: usize| slot_binding(s, rule, k, &nodes);
    let properties = rule
        .properties
        .iter()
        .map(|(key, v)| {
            let value = match v {
                PropertyValue::Text(t) => t.clone(),
                PropertyValue::NodeWord { node, words } => {
                    let t = nodes[*node];
                    let word = words.get(s.lower(t)).or_else(|| words.get(s.lemma(t)));
                    word.map_or_else(|| s.lemma(t).to_string(), String::clone)
                }
            };
            (key.clone(), value)
        })
        .collect();
    DepMatch {
        rule: r,
        from: bind(rule.from),
        to: bind(rule.to),
        nodes,
        properties,
    }
}

/// The tokens node `k` binds: its own, and where the rule distributes, its conjuncts and
/// appositives that fit the slot and that no other node of the match holds ("A, the father of
/// B": the kin word is not a second relative).
fn slot_binding(s: &Sentence<'_>, rule: &DepRule, k: usize, nodes: &[usize]) -> SlotBinding {
    let token = nodes[k];
    let labels = rule.nodes[k].slot.as_deref().unwrap_or(&[]);
    let tokens = if rule.distribute {
        s.distributed(token)
            .into_iter()
            .filter(|&t| t == token || (s.label_fits(labels, t) && !nodes.contains(&t)))
            .collect()
    } else {
        vec![token]
    };
    SlotBinding { token, tokens }
}

/// Token ranges of the sentences of `doc`, from the parser's sentence starts.
pub fn sentences(doc: &Doc) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for t in doc.tokens.iter().skip(1) {
        if t.sent_start {
            out.push(start..t.i);
            start = t.i;
        }
    }
    if start < doc.tokens.len() {
        out.push(start..doc.tokens.len());
    }
    out
}

impl DepRule {
    /// Node `k` as an explanation shows it: `id (op left) attr = value …`.
    pub fn node_text(&self, k: usize) -> String {
        let node = &self.nodes[k];
        let mut parts = vec![node.id.clone()];
        if let Some((left, op)) = node.left {
            parts.push(format!("({} {})", op.as_str(), self.nodes[left].id));
        }
        parts.extend(node.constraints.iter().map(constraint_text));
        if let Some(labels) = &node.slot {
            parts.push(format!("slot {}", labels_text(labels)));
        }
        parts.join(" ")
    }
}
