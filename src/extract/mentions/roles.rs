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
                let norm = self.norm(t);
                let is_role = self.ex.cues.role_nouns.contains(norm);
                let age_alone = is_age(norm)
                    && !(t + 1 < range.end && self.ex.cues.role_nouns.contains(self.norm(t + 1)));
                if !is_role && !age_alone {
                    continue;
                }
                if t + 1 < range.end
                    && self.doc.tokens[t + 1].capitalised
                    && self.named[t + 1].is_some()
                {
                    continue; // "the actor Jeremy Renner": the name says it
                }
                let mut j = t;
                let mut start = None;
                let mut inner = Vec::new();
                let mut steps = 0;
                while j > range.start && steps < 5 {
                    let k = j - 1;
                    let kn = self.norm(k);
                    if kn == "the" {
                        start = Some(k);
                        break;
                    }
                    if let Some(m) = self.name_ending_at(k + 1) {
                        inner.push(m);
                        let ms = self.mentions[m].tokens.start;
                        if self.norm(ms) == "the" {
                            start = Some(ms);
                            break;
                        }
                        j = ms;
                    } else if self.doc.tokens[k].is_word
                        && (is_hyphenated_adjective(self.doc.token_text(k))
                            || is_age(kn)
                            || (looks_adjective(kn) && !self.ex.cues.stop_words.contains(kn)))
                    {
                        j = k;
                    } else {
                        break;
                    }
                    steps += 1;
                }
                let Some(start) = start else { continue };
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
                let mut m = self.mention(
                    start..t + 1,
                    Some(Label::Person),
                    MentionForm::Role,
                    "role nominal",
                );
                if norm_is_female_role(self.norm(t)) {
                    m.female = Some(true);
                }
                self.push(m);
            }
        }
    }
}
