//! Role nominals ("the actor", "the Hawkeye actor", "the 52-year-old").

use super::words::{is_age, is_hyphenated_adjective, looks_adjective, norm_is_female_role};
use super::DocState;
use crate::extract::MentionForm;
use crate::ontology::Label;

impl DocState<'_> {
    /// Name mention that ends at token `end` (exclusive), if any.
    pub(super) fn name_ending_at(&self, end: usize) -> Option<usize> {
        self.named[end - 1].filter(|&m| self.mentions[m].tokens.end == end)
    }

    /// "the actor", "the Hawkeye actor", "the 52-year-old": the main person by a role.
    pub fn role_mentions(&mut self) {
        for s in 0..self.doc.sentences.len() {
            let range = self.doc.sentences[s].tokens.clone();
            for t in range.clone() {
                if !self.is_role_head(t, range.end) {
                    continue;
                }
                if let Some((start, inner)) = self.role_phrase_start(t, range.start) {
                    self.mark_role_modifiers(t, inner);
                    self.push_role_mention(start..t + 1);
                }
            }
        }
    }

    /// A role noun, or an age not followed by one, and no name right after it ("the actor
    /// Jeremy Renner": the name says it).
    fn is_role_head(&self, t: usize, sentence_end: usize) -> bool {
        let norm = self.norm(t);
        let is_role = self.ex.cues.role_nouns.contains(norm);
        let age_alone = is_age(norm)
            && !(t + 1 < sentence_end && self.ex.cues.role_nouns.contains(self.norm(t + 1)));
        let name_follows = t + 1 < sentence_end
            && self.doc.tokens[t + 1].capitalised
            && self.named[t + 1].is_some();
        (is_role || age_alone) && !name_follows
    }

    /// Reads back from the head over adjectives, ages and names to "the", at most five steps:
    /// where the phrase starts and the names inside it.
    fn role_phrase_start(&self, t: usize, sentence_start: usize) -> Option<(usize, Vec<usize>)> {
        let mut j = t;
        let mut inner = Vec::new();
        let mut steps = 0;
        while j > sentence_start && steps < 5 {
            let k = j - 1;
            let kn = self.norm(k);
            if kn == "the" {
                return Some((k, inner));
            }
            if let Some(m) = self.name_ending_at(k + 1) {
                inner.push(m);
                let ms = self.mentions[m].tokens.start;
                if self.norm(ms) == "the" {
                    return Some((ms, inner));
                }
                j = ms;
            } else if self.is_role_adjective(k) {
                j = k;
            } else {
                return None;
            }
            steps += 1;
        }
        None
    }

    fn is_role_adjective(&self, k: usize) -> bool {
        let kn = self.norm(k);
        self.doc.tokens[k].is_word
            && (is_hyphenated_adjective(self.doc.token_text(k))
                || is_age(kn)
                || (looks_adjective(kn) && !self.ex.cues.stop_words.contains(kn)))
    }

    /// Names inside a role phrase are modifiers; before a show role ("the Hawkeye actor") an
    /// untyped one is a Show.
    fn mark_role_modifiers(&mut self, t: usize, inner: Vec<usize>) {
        let show_role = self.ex.cues.show_role_nouns.contains(self.norm(t));
        for &m in &inner {
            self.mentions[m].modifier = true;
        }
        for m in inner.into_iter().filter(|_| show_role) {
            if self.mentions[m].label.is_none() {
                self.mentions[m].label = Some(Label::Show);
                self.mentions[m].retyped_by("context: the X actor");
            }
        }
    }

    fn push_role_mention(&mut self, range: std::ops::Range<usize>) {
        let head = range.end - 1;
        let mut m = self.mention(
            range,
            Some(Label::Person),
            MentionForm::Role,
            "role nominal",
        );
        if norm_is_female_role(self.norm(head)) {
            m.female = Some(true);
        }
        self.push(m);
    }
}
