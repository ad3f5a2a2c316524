//! Implicit accidents named by an injury verb's agent ("crushed by a snowplow", "the truck hit
//! her").

use super::DocState;
use crate::extract::{EventPhrase, MentionForm};
use crate::ontology::Label;
use std::ops::Range;

/// Words that open the agent's noun phrase in the active voice.
const DETERMINERS: [&str; 6] = ["a", "an", "the", "his", "her", "their"];

/// Verbs that make an agent before them an accident even when the cues do not list them.
const ACTIVE_INJURY_VERBS: [&str; 5] = ["ran", "rolled", "slammed", "plowed", "ploughed"];

/// Where an agent phrase lies, and its words (the event's qualifiers).
type Agent = (Range<usize>, Vec<String>);

impl DocState<'_> {
    pub(super) fn implicit_events(&mut self, range: Range<usize>) {
        let mut found = self.passive_injury_agents(range.clone());
        found.extend(self.active_injury_agents(range));
        for (range, qualifiers) in found {
            if !range.clone().any(|t| self.in_event[t]) {
                self.push_implicit_event(range, qualifiers);
            }
        }
    }

    /// "crushed by a snowplow": an injury verb, "by", and an agent noun within three words.
    fn passive_injury_agents(&self, range: Range<usize>) -> Vec<Agent> {
        let cues = &self.ex.cues;
        let mut found = Vec::new();
        for t in range.clone() {
            if !crate::extract::may_start(&cues.injury_verb_starts, self.norm(t)) {
                continue;
            }
            for verb in &cues.injury_verbs {
                let len = verb.len();
                if t + len + 2 > range.end || !self.words_at(t, verb) || self.norm(t + len) != "by"
                {
                    continue;
                }
                found.extend(self.agent_after_by(t + len + 1, range.end));
            }
        }
        found
    }

    fn words_at(&self, t: usize, words: &[String]) -> bool {
        words
            .iter()
            .enumerate()
            .all(|(i, w)| self.doc.tokens[t + i].norm == *w)
    }

    /// The agent noun phrase starting at `np_start` (after "by"), if an agent noun ends it.
    fn agent_after_by(&self, np_start: usize, sentence_end: usize) -> Option<Agent> {
        let cues = &self.ex.cues;
        let mut k = np_start;
        if matches!(
            self.norm(k),
            "a" | "an" | "the" | "his" | "her" | "their" | "its"
        ) {
            k += 1;
        }
        if k < sentence_end && self.norm(k) == "own" {
            k += 1;
        }
        let mut words = Vec::new();
        while k < sentence_end
            && words.len() < 3
            && self.doc.tokens[k].is_word
            && !cues.stop_words.contains(self.norm(k))
        {
            words.push(self.norm(k).to_string());
            if cues.injury_agents.contains(self.norm(k)) {
                return Some((np_start..k + 1, words));
            }
            k += 1;
        }
        None
    }

    /// Active voice: "a snowplow ran him over", "the truck hit her".
    fn active_injury_agents(&self, range: Range<usize>) -> Vec<Agent> {
        let cues = &self.ex.cues;
        let mut found = Vec::new();
        for t in range.clone() {
            if !cues.injury_agents.contains(self.norm(t)) || t == range.start {
                continue;
            }
            let Some(det) = (t.saturating_sub(3).max(range.start)..t)
                .rev()
                .find(|&k| DETERMINERS.contains(&self.norm(k)))
            else {
                continue;
            };
            if t + 1 < range.end && self.is_injury_verb(self.norm(t + 1)) {
                let words = (det + 1..t + 1).map(|k| self.norm(k).to_string()).collect();
                found.push((det..t + 1, words));
            }
        }
        found
    }

    fn is_injury_verb(&self, verb: &str) -> bool {
        self.ex
            .cues
            .injury_verbs
            .iter()
            .any(|v| v.first().is_some_and(|w| w == verb))
            || ACTIVE_INJURY_VERBS.contains(&verb)
    }

    /// An accident of the document's one-per-document kind (else "accident").
    fn push_implicit_event(&mut self, range: Range<usize>, qualifiers: Vec<String>) {
        let head = self
            .ex
            .config
            .cues
            .event
            .iter()
            .find(|e| e.one_per_document)
            .map_or_else(|| "accident".to_string(), |e| e.name.clone());
        let mut m = self.mention(
            range,
            Some(Label::Event),
            MentionForm::Event,
            "injury verb agent",
        );
        m.event = Some(EventPhrase {
            head,
            qualifiers,
            implicit: true,
            ..EventPhrase::default()
        });
        self.push(m);
    }
}
