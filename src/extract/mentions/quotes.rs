//! The speaker of each quotation: the person next to a speech verb outside it.

use super::DocState;
use crate::extract::Mention;
use crate::ingest::Quote;
use crate::ontology::Label;

impl DocState<'_> {
    /// The speaker of each quotation: the person next to a speech verb outside it.
    pub fn quote_speakers(&self) -> Vec<Option<usize>> {
        let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); self.doc.sentences.len()];
        for (i, m) in self.mentions.iter().enumerate() {
            by_sentence[m.sentence].push(i);
        }
        self.doc
            .quotes
            .iter()
            .map(|q| self.quotation_speaker(q, &by_sentence))
            .collect()
    }

    /// The first speaker found in the sentences the quotation overlaps.
    fn quotation_speaker(&self, q: &Quote, by_sentence: &[Vec<usize>]) -> Option<usize> {
        let doc = self.doc;
        let first = doc.sentences.partition_point(|s| s.end <= q.start);
        doc.sentences
            .iter()
            .enumerate()
            .skip(first)
            .take_while(|(_, sent)| sent.start < q.end)
            .find_map(|(s, _)| self.speaker_in_sentence(s, &by_sentence[s]))
    }

    /// At the first speech verb outside quotations that has one: the person within two tokens
    /// of it (longest, then nearest), else the sentence's first person.
    fn speaker_in_sentence(&self, s: usize, mentions: &[usize]) -> Option<usize> {
        let doc = self.doc;
        let persons: Vec<(usize, &Mention)> = mentions
            .iter()
            .map(|&i| (i, &self.mentions[i]))
            .filter(|(_, m)| is_speaker_candidate(m, s))
            .collect();
        doc.sentences[s]
            .tokens
            .clone()
            .filter(|&t| doc.tokens[t].quote.is_none())
            .filter(|&v| self.ex.cues.speech_verbs.contains(self.norm(v)))
            .find_map(|v| near_speech_verb(&persons, v).or_else(|| earliest_person(&persons)))
    }
}

/// A person mentioned outside quotations in sentence `s`, not in the first person.
fn is_speaker_candidate(m: &Mention, s: usize) -> bool {
    m.label == Some(Label::Person) && m.quote.is_none() && m.sentence == s && !m.first_person
}

fn near_speech_verb(persons: &[(usize, &Mention)], v: usize) -> Option<usize> {
    persons
        .iter()
        .filter(|(_, m)| {
            (m.tokens.end <= v && v - m.tokens.end <= 2)
                || (m.tokens.start > v && m.tokens.start - v <= 2)
        })
        .max_by_key(|(_, m)| {
            (
                m.tokens.len(),
                std::cmp::Reverse(m.tokens.start.abs_diff(v)),
            )
        })
        .map(|(i, _)| *i)
}

fn earliest_person(persons: &[(usize, &Mention)]) -> Option<usize> {
    persons
        .iter()
        .min_by_key(|(_, m)| (m.tokens.start, std::cmp::Reverse(m.tokens.len())))
        .map(|(i, _)| *i)
}
