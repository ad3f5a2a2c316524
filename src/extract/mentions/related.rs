//! Persons named by a tie: family words and professions with their possessor ("his nephew",
//! "Renner's daughter").

use super::words::{is_age, is_hyphenated_adjective};
use super::DocState;
use crate::extract::{MentionForm, Related};
use crate::ontology::Label;

/// A family word or profession at a token: its length in tokens, kind, whether it is a job,
/// and the gender the word gives.
struct TieWord {
    len: usize,
    kind: String,
    professional: bool,
    female: Option<bool>,
}

impl DocState<'_> {
    /// "his adult nephew", "Renner's daughter", "a physical therapist", "my PT".
    pub fn related_mentions(&mut self) {
        let mut t = 0;
        while t < self.doc.tokens.len() {
            let Some(word) = self.tie_word_at(t) else {
                t += 1;
                continue;
            };
            let len = word.len;
            self.related_mention(t, word);
            t += len;
        }
    }

    /// The longest profession starting at `t`, else a family word.
    fn tie_word_at(&self, t: usize) -> Option<TieWord> {
        let n = self.doc.tokens.len();
        let mut found = self
            .ex
            .cues
            .kin
            .get(self.norm(t))
            .map(|(kind, female)| TieWord {
                len: 1,
                kind: kind.clone(),
                professional: false,
                female: *female,
            });
        for (words, role, acronym) in self.ex.cues.professions_starting(self.norm(t)) {
            let len = words.len();
            if t + len <= n
                && words
                    .iter()
                    .enumerate()
                    .all(|(i, w)| self.doc.tokens[t + i].norm == *w)
                && (!acronym || self.doc.token_text(t).chars().all(|c| !c.is_lowercase()))
                && found.as_ref().is_none_or(|f| f.len < len)
            {
                found = Some(TieWord {
                    len,
                    kind: role.clone(),
                    professional: true,
                    female: None,
                });
            }
        }
        found
    }

    /// The tie word at `t` with its modifiers and possessor, when something anchors it.
    fn related_mention(&mut self, t: usize, word: TieWord) {
        let sent_start = self.doc.sentences[self.sentence_of(t)].tokens.start;
        let j = self.start_of_tie_modifiers(t, sent_start);
        let (anchor, start) = match self.tie_possessor(j, sent_start, word.professional) {
            (a, Some(s)) => (a, Some(s)),
            _ if !word.professional && self.model.is_some() => self.elided_possessor(j, sent_start),
            none => none,
        };
        let end = t + word.len;
        let name_follows = end < self.doc.tokens.len()
            && self.doc.tokens[end].capitalised
            && self.named[end].is_some();
        let start = start.or(name_follows.then_some(j));
        let Some(start) = start else { return };
        if let Some(a) = anchor {
            if self.mentions[a].label.is_none() {
                self.mentions[a].label = Some(Label::Person);
                self.mentions[a].retyped_by("context: X's family or staff");
            }
        }
        let mut m = self.mention(
            start..end,
            Some(Label::Person),
            MentionForm::Related,
            "family or job noun",
        );
        m.female = word.female;
        m.related = Some(Related {
            kind: word.kind,
            professional: word.professional,
            anchor,
        });
        self.push(m);
    }

    /// Up to three modifiers before the tie word ("adult", "52-year-old", "long-time").
    fn start_of_tie_modifiers(&self, t: usize, sent_start: usize) -> usize {
        let mut j = t;
        let mut steps = 0;
        while j > sent_start && steps < 3 {
            let kn = self.norm(j - 1);
            if self.ex.cues.noun_modifiers.contains(kn)
                || is_age(kn)
                || (is_hyphenated_adjective(self.doc.token_text(j - 1))
                    && !self.doc.tokens[j - 1].capitalised)
            {
                j -= 1;
                steps += 1;
            } else {
                break;
            }
        }
        j
    }

    /// A family word whose possessor is that of the family word listed before it: "his wife,
    /// and daughter" (the daughter is his). Returns the earlier possessor and `j`.
    fn elided_possessor(&self, j: usize, sent_start: usize) -> (Option<usize>, Option<usize>) {
        let Some(and) = j
            .checked_sub(1)
            .filter(|&k| k > sent_start && self.norm(k) == "and")
        else {
            return (None, None);
        };
        let end = if self.norm(and - 1) == "," {
            and - 1
        } else {
            and
        };
        let earlier = self.mentions.iter().find(|m| {
            m.tokens.end == end
                && m.form == MentionForm::Related
                && m.related.as_ref().is_some_and(|r| !r.professional)
                && self.ex.cues.possessives.contains(self.norm(m.tokens.start))
        });
        match earlier.and_then(|m| m.related.as_ref()) {
            Some(r) => (r.anchor, Some(j)),
            None => (None, None),
        }
    }

    /// The possessor before token `j` ("his", "Renner's") and where the mention starts; a job
    /// may also start at an article.
    fn tie_possessor(
        &self,
        j: usize,
        sent_start: usize,
        professional: bool,
    ) -> (Option<usize>, Option<usize>) {
        if j <= sent_start {
            return (None, None);
        }
        let k = j - 1;
        let kn = self.norm(k);
        if self.ex.cues.possessives.contains(kn) {
            (self.pronoun_at(k), Some(k))
        } else if kn == "'s" {
            let anchor = self.longest_ending_at(k, |m| m.label.is_none_or(|l| l == Label::Person));
            (anchor, anchor.map(|a| self.mentions[a].tokens.start))
        } else if matches!(kn, "a" | "an" | "the") && professional {
            (None, Some(k))
        } else {
            (None, None)
        }
    }
}
