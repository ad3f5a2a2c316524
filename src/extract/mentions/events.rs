//! Event phrases around configured head nouns, with their qualifiers, named modifiers, possessor
//! and date.

use super::words::looks_adjective;
use super::DocState;
use crate::extract::model;
use crate::extract::{EventPhrase, MentionForm};
use crate::ontology::Label;
use std::ops::Range;

impl DocState<'_> {
    /// Event phrases around configured head nouns, and implicit accidents after injury verbs.
    pub fn event_mentions(&mut self) {
        for s in 0..self.doc.sentences.len() {
            let range = self.doc.sentences[s].tokens.clone();
            let before = self.mentions.len();
            for t in range.clone() {
                let named_event = self.model.is_some() && self.named[t].is_some();
                let verb = self.model.is_some_and(|p| {
                    model::events::is_verb_reading(p, t) || model::events::is_noun_modifier(p, t)
                });
                if named_event || verb {
                    continue;
                }
                if let Some(&head) = self.ex.cues.event_words.get(self.norm(t)) {
                    self.event_phrase(s, t, head, range.clone());
                } else if let Some(head) = self.model_accident_at(t) {
                    self.event_phrase(s, t, head, range.clone());
                }
            }
            self.implicit_events(range.clone());
            self.date_the_only_event(s, before);
        }
    }

    /// The one date phrase of sentence `s` dates its one event (mentions from `first` on).
    fn date_the_only_event(&mut self, s: usize, first: usize) {
        let events: Vec<usize> = (first..self.mentions.len())
            .filter(|&m| self.mentions[m].event.is_some())
            .collect();
        if let ([only], [(_, date, phrase)]) = (events.as_slice(), self.dates[s].as_slice()) {
            let ev = self.mentions[*only].event.as_mut().expect("event mention");
            ev.date = Some(*date);
            ev.date_phrase = Some(phrase.clone());
        }
    }

    /// The accident kind, where the parse reads token `t` as an accident noun the cues do not
    /// list (model extractor only).
    fn model_accident_at(&self, t: usize) -> Option<usize> {
        let parse = self.model?;
        let kind = self
            .ex
            .config
            .cues
            .event
            .iter()
            .position(|e| e.name == "accident")?;
        model::events::is_accident_noun(self.doc, parse, t).then_some(kind)
    }

    fn event_phrase(&mut self, s: usize, head_token: usize, head: usize, range: Range<usize>) {
        let mut phrase = EventPhrase {
            head: self.ex.config.cues.event[head].name.clone(),
            word: self
                .model
                .and_then(|p| model::events::noun_word(self.doc, p, head_token)),
            ..EventPhrase::default()
        };
        let start = self.event_words_before(s, head_token, range.start, &mut phrase);
        let labels = self.modifier_labels(head);
        let end = self.event_name_after(head_token, range.end, &labels, &mut phrase);
        phrase
            .modifiers
            .sort_by_key(|&m| self.mentions[m].tokens.start);
        self.type_event_modifiers(&phrase, &labels);
        let mut m = self.mention(
            start..end,
            Some(Label::Event),
            MentionForm::Event,
            "event noun",
        );
        m.event = Some(phrase);
        self.push(m);
    }

    /// The labels the event kind gives its untyped modifiers, in order.
    fn modifier_labels(&self, head: usize) -> Vec<Label> {
        self.ex.config.cues.event[head]
            .modifier_labels
            .iter()
            .filter_map(|l| Label::parse(l.get_ref()))
            .collect()
    }

    /// Reads the words before the head, right to left (dates, named modifiers, qualifiers, up
    /// to an article or a possessor); returns where the phrase starts.
    fn event_words_before(
        &self,
        s: usize,
        head_token: usize,
        sentence_start: usize,
        phrase: &mut EventPhrase,
    ) -> usize {
        let cues = &self.ex.cues;
        let mut j = head_token;
        let mut start = head_token;
        let mut adjective_zone = false;
        let mut steps = 0;
        while j > sentence_start && steps < 7 {
            let k = j - 1;
            let kn = self.norm(k).to_string();
            steps += 1;
            if self.date_token[k] {
                j = k;
                start = k;
                continue;
            }
            if let Some(m) = self.name_ending_at(k + 1) {
                phrase.modifiers.push(m);
                j = self.mentions[m].tokens.start;
                start = j;
                continue;
            }
            if let Some(determiner_start) = self.determiner_before(k, &kn, phrase) {
                return determiner_start;
            }
            if kn == "and" || kn == "," {
                adjective_zone = true;
                j = k;
                continue;
            }
            let tok = &self.doc.tokens[k];
            if !tok.is_word || cues.stop_words.contains(&kn) || cues.event_words.contains_key(&kn) {
                break;
            }
            if tok.capitalised && !self.doc.sentences[s].headline {
                break;
            }
            if !adjective_zone && !looks_adjective(&kn) {
                phrase.qualifiers.insert(0, kn);
            } else {
                adjective_zone = true;
            }
            j = k;
            start = k;
        }
        start
    }

    /// An article or a possessor ("his", "Renner's") at token `k` ends the phrase: where it
    /// starts, the possessor recorded.
    fn determiner_before(&self, k: usize, kn: &str, phrase: &mut EventPhrase) -> Option<usize> {
        if matches!(kn, "a" | "an" | "the") {
            return Some(k);
        }
        if self.ex.cues.possessives.contains(kn) {
            phrase.possessor = self.pronoun_at(k);
            return Some(k);
        }
        if kn == "'s" {
            phrase.possessor = self.longest_ending_at(k, |m| m.label.is_some());
            return Some(
                phrase
                    .possessor
                    .map_or(k, |p| self.mentions[p].tokens.start),
            );
        }
        None
    }

    /// "premiere of his Disney+ docuseries Rennervations": a name of a wanted label a few words
    /// after "of/to/at/in" joins the phrase; returns where the phrase ends.
    fn event_name_after(
        &self,
        head_token: usize,
        sentence_end: usize,
        wanted: &[Label],
        phrase: &mut EventPhrase,
    ) -> usize {
        let cues = &self.ex.cues;
        let end = head_token + 1;
        if end + 1 >= sentence_end || !matches!(self.norm(end), "of" | "to" | "at" | "in") {
            return end;
        }
        let mut k = end + 1;
        while k < sentence_end && k <= end + 5 {
            if let Some(m) = self.named[k].filter(|&m| self.mentions[m].tokens.start == k) {
                let fits = self.mentions[m].label.is_none_or(|l| wanted.contains(&l));
                let last = self.mentions[m].tokens.end;
                let more = last < sentence_end && self.named[last].is_some();
                if fits && !more {
                    phrase.modifiers.push(m);
                    return last;
                }
                k = last;
                continue;
            }
            let tok = &self.doc.tokens[k];
            if !tok.is_word
                || (cues.stop_words.contains(&tok.norm) && !cues.possessives.contains(&tok.norm))
            {
                break;
            }
            k += 1;
        }
        end
    }

    /// Untyped modifiers take the event kind's modifier labels not yet taken, in order.
    fn type_event_modifiers(&mut self, phrase: &EventPhrase, labels: &[Label]) {
        for &m in &phrase.modifiers {
            if self.mentions[m].label.is_none() {
                let taken: Vec<Label> = phrase
                    .modifiers
                    .iter()
                    .filter_map(|&o| self.mentions[o].label)
                    .collect();
                if let Some(l) = labels.iter().find(|l| !taken.contains(l)) {
                    self.mentions[m].label = Some(*l);
                    self.mentions[m].retyped_by(format!("context: modifier of {}", phrase.head));
                }
            }
        }
    }
}
