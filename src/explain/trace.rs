//! The recorder the extractor writes its decisions into for `kgpipe explain`: what each step
//! did to the mentions, which rules matched, and how far the others got. A build passes no
//! recorder (`None`), so it records nothing and pays nothing.

use crate::extract::depmatch::{DepMatch, NearMiss};
use crate::extract::patterns::{Match, TokenNearMiss};
use crate::extract::Mention;
use crate::ontology::Label;
use std::collections::BTreeMap;
use std::ops::Range;

/// Everything one traced extraction recorded.
#[derive(Debug, Default, Clone)]
pub struct ExtractTrace {
    /// (label, typed_by) of every mention after the last step noted.
    last: Vec<(Option<Label>, String)>,
    /// The step that made each mention, and what typed it then.
    pub(crate) made_by: Vec<&'static str>,
    pub(crate) first_typed_by: Vec<String>,
    /// Label changes, in the order the steps made them.
    pub(crate) retyped: Vec<Retyped>,
    pub(crate) token_fired: Vec<TokenFired>,
    /// Near misses of the token rules, per document sentence.
    pub(crate) token_near: Vec<(usize, Vec<TokenNearMiss>)>,
    pub(crate) dep_fired: Vec<DepFired>,
    /// Near misses of the dependency rules, per parse sentence (parse token range).
    pub(crate) dep_near: Vec<(Range<usize>, Vec<NearMiss>)>,
    /// Event phrases that stand for a named event: phrase mention → named mention.
    pub(crate) named_events: BTreeMap<usize, usize>,
}

/// A step changed a mention's label (or only why it has it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Retyped {
    pub mention: usize,
    pub step: &'static str,
    pub from: Option<Label>,
    pub to: Option<Label>,
    pub typed_by: String,
}

/// A token rule matched in a document sentence.
#[derive(Debug, Clone)]
pub(crate) struct TokenFired {
    pub sentence: usize,
    pub rule: usize,
    pub tokens: Range<usize>,
    pub slots: BTreeMap<String, usize>,
    /// Why the match gave no relationship, when it gave none.
    pub dropped: Option<&'static str>,
}

/// A dependency rule matched in a parse sentence.
#[derive(Debug, Clone)]
pub(crate) struct DepFired {
    pub sentence: Range<usize>,
    pub rule: usize,
    /// Parse token bound to each node.
    pub nodes: Vec<usize>,
    /// The mentions its two slots stand for.
    pub from: Vec<usize>,
    pub to: Vec<usize>,
}

impl ExtractTrace {
    pub fn new() -> ExtractTrace {
        ExtractTrace::default()
    }

    /// Notes what `step` did: the mentions it made and the labels it changed.
    pub(crate) fn after_step(&mut self, step: &'static str, mentions: &[Mention]) {
        for (i, m) in mentions.iter().enumerate() {
            let now = (m.label, m.typed_by.clone());
            match self.last.get(i) {
                None => {
                    self.made_by.push(step);
                    self.first_typed_by.push(now.1.clone());
                    self.last.push(now);
                }
                Some(before) if *before != now => {
                    self.retyped.push(Retyped {
                        mention: i,
                        step,
                        from: before.0,
                        to: now.0,
                        typed_by: now.1.clone(),
                    });
                    self.last[i] = now;
                }
                Some(_) => {}
            }
        }
    }

    pub(crate) fn token_rule_fired(
        &mut self,
        sentence: usize,
        rule: usize,
        m: &Match,
        dropped: Option<&'static str>,
    ) {
        self.token_fired.push(TokenFired {
            sentence,
            rule,
            tokens: m.start..m.end,
            slots: m.slots.clone(),
            dropped,
        });
    }

    pub(crate) fn token_rule_near_misses(&mut self, sentence: usize, misses: Vec<TokenNearMiss>) {
        self.token_near.push((sentence, misses));
    }

    pub(crate) fn dep_rule_fired(
        &mut self,
        sentence: Range<usize>,
        m: &DepMatch,
        from: &[usize],
        to: &[usize],
    ) {
        self.dep_fired.push(DepFired {
            sentence,
            rule: m.rule,
            nodes: m.nodes.clone(),
            from: from.to_vec(),
            to: to.to_vec(),
        });
    }

    pub(crate) fn dep_rule_near_misses(&mut self, sentence: Range<usize>, misses: Vec<NearMiss>) {
        self.dep_near.push((sentence, misses));
    }

    pub(crate) fn named_events(&mut self, named: &BTreeMap<usize, usize>) {
        self.named_events = named.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(text: &str, label: Option<Label>, typed_by: &str) -> Mention {
        Mention {
            text: text.into(),
            typed_by: typed_by.into(),
            ..Mention::test_name(0..1, label)
        }
    }

    #[test]
    fn steps_are_credited_with_the_mentions_they_make_and_the_labels_they_change() {
        let mut trace = ExtractTrace::new();
        let mut mentions = vec![mention("Ann", Some(Label::Person), "lexicon")];
        trace.after_step("lexicon", &mentions);
        mentions.push(mention("Reno", None, ""));
        trace.after_step("names", &mentions);
        trace.after_step("pronouns", &mentions);
        mentions[1].label = Some(Label::Place);
        mentions[1].typed_by = "context: in".into();
        trace.after_step("context", &mentions);
        assert_eq!(trace.made_by, ["lexicon", "names"]);
        assert_eq!(trace.first_typed_by, ["lexicon", ""]);
        assert_eq!(
            trace.retyped,
            [Retyped {
                mention: 1,
                step: "context",
                from: None,
                to: Some(Label::Place),
                typed_by: "context: in".into(),
            }]
        );
    }
}
