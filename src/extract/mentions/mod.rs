//! Mention detection over one document: each step adds mentions of one form.

mod context;
mod events;
mod implicit_events;
mod lexicon;
mod names;
mod ner;
mod networks;
mod pronouns;
mod quotes;
mod related;
mod roles;
mod titles;
mod typing;
mod words;

use super::dates::DatePhrase;
use super::model::ModelParse;
use super::{Extractor, Mention, MentionForm, Typing};
use crate::ingest::Document;
use crate::ontology::Label;
use rustc_hash::FxHashSet;
use std::ops::Range;

pub(crate) struct DocState<'a> {
    pub ex: &'a Extractor,
    pub doc: &'a Document,
    pub mentions: Vec<Mention>,
    /// Name mention covering each token.
    named: Vec<Option<usize>>,
    /// Tokens that belong to a date phrase.
    date_token: Vec<bool>,
    /// Words seen starting in lower case somewhere in the document.
    lowercase_words: FxHashSet<&'a str>,
    /// The date phrases of each sentence.
    dates: Vec<Vec<DatePhrase>>,
    /// Mentions by their first token, and by their end (exclusive) token.
    by_start: Vec<Vec<usize>>,
    by_end: Vec<Vec<usize>>,
    /// Tokens inside an event phrase.
    in_event: Vec<bool>,
    /// The NLP layer's parse, aligned with the tokens (model extractor only).
    pub model: Option<&'a ModelParse>,
}

impl<'a> DocState<'a> {
    pub fn new(ex: &'a Extractor, doc: &'a Document) -> DocState<'a> {
        let n = doc.tokens.len();
        let lowercase_words = doc
            .tokens
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                t.is_word
                    && !t.capitalised
                    && doc
                        .token_text(*i)
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase)
            })
            .map(|(_, t)| t.norm.as_str())
            .collect();
        let dates: Vec<Vec<DatePhrase>> = doc
            .sentences
            .iter()
            .map(|s| super::dates::find_dates(ex, doc, s.tokens.clone()))
            .collect();
        let mut state = DocState {
            ex,
            doc,
            mentions: Vec::new(),
            named: vec![None; n],
            date_token: vec![false; n],
            lowercase_words,
            by_start: vec![Vec::new(); n + 1],
            by_end: vec![Vec::new(); n + 1],
            in_event: vec![false; n],
            model: None,
            dates,
        };
        for (range, _, _) in state.dates.iter().flatten() {
            for t in range.clone() {
                state.date_token[t] = true;
            }
        }
        for (t, tok) in doc.tokens.iter().enumerate() {
            if tok.capitalised
                && (ex.cues.months.contains_key(&tok.norm)
                    || ex.cues.weekdays.contains_key(&tok.norm))
            {
                state.date_token[t] = true;
            }
        }
        state
    }

    fn norm(&self, t: usize) -> &str {
        &self.doc.tokens[t].norm
    }

    fn sentence_of(&self, t: usize) -> usize {
        self.doc
            .sentences
            .partition_point(|s| s.tokens.end <= t)
            .min(self.doc.sentences.len().saturating_sub(1))
    }

    fn push(&mut self, mut m: Mention) -> usize {
        let i = self.mentions.len();
        if m.tokens.end < self.doc.tokens.len()
            && self.doc.tokens[m.tokens.end].norm == "'s"
            && m.form != MentionForm::Pronoun
        {
            m.possessive = true;
        }
        if m.form == MentionForm::Name {
            for t in m.tokens.clone() {
                self.named[t] = Some(i);
            }
        }
        if m.event.is_some() {
            for t in m.tokens.clone() {
                self.in_event[t] = true;
            }
        }
        self.by_start[m.tokens.start].push(i);
        self.by_end[m.tokens.end].push(i);
        self.mentions.push(m);
        i
    }

    /// Indices of the mentions whose first token is `t`.
    pub fn mentions_starting_at(&self, t: usize) -> &[usize] {
        &self.by_start[t]
    }

    /// The pronoun mention at token `t`.
    fn pronoun_at(&self, t: usize) -> Option<usize> {
        self.by_start[t]
            .iter()
            .copied()
            .find(|&m| self.mentions[m].form == MentionForm::Pronoun)
    }

    /// The longest mention ending at token `end` (exclusive) that satisfies `keep`.
    fn longest_ending_at(&self, end: usize, keep: impl Fn(&Mention) -> bool) -> Option<usize> {
        self.by_end[end]
            .iter()
            .copied()
            .filter(|&m| keep(&self.mentions[m]))
            .max_by_key(|&m| (self.mentions[m].tokens.len(), m))
    }

    fn mention(
        &self,
        tokens: Range<usize>,
        label: Option<Label>,
        form: MentionForm,
        typed_by: &str,
    ) -> Mention {
        Mention {
            sentence: self.sentence_of(tokens.start),
            text: self.doc.span_text(tokens.clone()).to_string(),
            quote: self.doc.tokens[tokens.start].quote,
            tokens,
            label,
            form,
            lexicon: None,
            female: None,
            first_person: false,
            possessive: false,
            related: None,
            event: None,
            typed_by: typed_by.to_string(),
            typing: Typing::Cue,
            modifier: false,
        }
    }

    /// Mentions by start token, longest first.
    pub fn starting_at(&self) -> Vec<Vec<usize>> {
        let mut by_start = vec![Vec::new(); self.doc.tokens.len() + 1];
        for (i, m) in self.mentions.iter().enumerate() {
            by_start[m.tokens.start].push(i);
        }
        for v in &mut by_start {
            v.sort_unstable_by_key(|&i| (std::cmp::Reverse(self.mentions[i].tokens.end), i));
        }
        by_start
    }

    /// Distinct untyped names with the tokens of their first use, for the report.
    pub fn untyped(&self) -> Vec<super::UntypedName> {
        let mut first: std::collections::BTreeMap<&str, std::ops::Range<usize>> =
            std::collections::BTreeMap::new();
        for m in self.mentions.iter().filter(|m| m.label.is_none()) {
            let at = first.entry(m.text.as_str()).or_insert(m.tokens.clone());
            if m.tokens.start < at.start {
                *at = m.tokens.clone();
            }
        }
        first
            .into_iter()
            .map(|(text, tokens)| super::UntypedName {
                text: text.to_string(),
                tokens,
            })
            .collect()
    }
}
