//! The speaker of each quotation: the person next to a speech verb outside it.

use super::DocState;
use crate::extract::Mention;
use crate::ontology::Label;

impl DocState<'_> {
    /// The speaker of each quotation: the person next to a speech verb outside it.
    pub fn quote_speakers(&self) -> Vec<Option<usize>> {
        let doc = self.doc;
        let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); doc.sentences.len()];
        for (i, m) in self.mentions.iter().enumerate() {
            by_sentence[m.sentence].push(i);
        }
        let mut out = Vec::new();
        for q in &doc.quotes {
            let mut speaker = None;
            let first = doc.sentences.partition_point(|s| s.end <= q.start);
            for (s, sent) in doc.sentences.iter().enumerate().skip(first) {
                if sent.start >= q.end || speaker.is_some() {
                    break;
                }
                let outside: Vec<usize> = sent
                    .tokens
                    .clone()
                    .filter(|&t| doc.tokens[t].quote.is_none())
                    .collect();
                for &v in &outside {
                    if !self.ex.cues.speech_verbs.contains(self.norm(v)) {
                        continue;
                    }
                    let person = |m: &Mention| {
                        m.label == Some(Label::Person)
                            && m.quote.is_none()
                            && m.sentence == s
                            && !m.first_person
                    };
                    let in_sentence = || by_sentence[s].iter().map(|&i| (i, &self.mentions[i]));
                    let near = in_sentence()
                        .filter(|(_, m)| {
                            person(m)
                                && ((m.tokens.end <= v && v - m.tokens.end <= 2)
                                    || (m.tokens.start > v && m.tokens.start - v <= 2))
                        })
                        .max_by_key(|(_, m)| {
                            (
                                m.tokens.len(),
                                std::cmp::Reverse(m.tokens.start.abs_diff(v)),
                            )
                        })
                        .map(|(i, _)| i);
                    let subject = || {
                        in_sentence()
                            .filter(|(_, m)| person(m))
                            .min_by_key(|(_, m)| {
                                (m.tokens.start, std::cmp::Reverse(m.tokens.len()))
                            })
                            .map(|(i, _)| i)
                    };
                    speaker = near.or_else(subject);
                    if speaker.is_some() {
                        break;
                    }
                }
            }
            out.push(speaker);
        }
        out
    }
}
