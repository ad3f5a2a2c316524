//! Untyped names typed from the words around them (context cues, "X, <Place>", part of a person's
//! name).

use super::DocState;
use crate::extract::{MentionForm, Typing};
use crate::ontology::Label;
use std::collections::BTreeSet;
use std::ops::Range;

impl DocState<'_> {
    /// Types untyped names (and names only the NER typed, as anything but a person) from the
    /// words just before or after them.
    pub fn type_from_context(&mut self) {
        let name_parts = self.person_name_parts();
        for i in 0..self.mentions.len() {
            let m = &self.mentions[i];
            let ner_typed = m.typing == Typing::Ner && m.label != Some(Label::Person);
            if (m.label.is_some() && !ner_typed) || m.form != MentionForm::Name {
                continue;
            }
            let label = self
                .context_cue_label(i)
                .or_else(|| self.place_before_region(i))
                .or_else(|| self.part_of_person_name(i, &name_parts));
            if let Some((l, why)) = label {
                self.mentions[i].label = Some(l);
                self.mentions[i].retyped_by(format!("context: {why}"));
            }
        }
    }

    /// First and last words of full person names, for "Renner" after "Jeremy Renner".
    fn person_name_parts(&self) -> BTreeSet<String> {
        self.mentions
            .iter()
            .filter(|m| {
                m.label == Some(Label::Person) && m.form == MentionForm::Name && m.tokens.len() > 1
            })
            .flat_map(|m| {
                [
                    self.norm(m.tokens.start).to_string(),
                    self.norm(m.tokens.end - 1).to_string(),
                ]
            })
            .collect()
    }

    /// Whether the words `phrase` stand at token `at`, inside sentence `sent`.
    fn phrase_at(&self, phrase: &[String], at: usize, sent: &Range<usize>) -> bool {
        at >= sent.start
            && at + phrase.len() <= sent.end
            && phrase
                .iter()
                .enumerate()
                .all(|(k, w)| self.doc.tokens[at + k].norm == *w)
    }

    /// The first context cue around the mention ("area of X", "X, a town"), with its words.
    fn context_cue_label(&self, i: usize) -> Option<(Label, String)> {
        let range = &self.mentions[i].tokens;
        let sent = &self.doc.sentences[self.mentions[i].sentence].tokens;
        for (before, after, l) in &self.ex.cues.context {
            let hit_before = !before.is_empty()
                && (range.start >= before.len()
                    && self.phrase_at(before, range.start - before.len(), sent)
                    || (range.start > before.len()
                        && self.norm(range.start - 1) == ","
                        && self.phrase_at(before, range.start - 1 - before.len(), sent)
                        && !self.ends_a_name(range.start - 1)));
            let hit_after = !after.is_empty() && self.phrase_at(after, range.end, sent);
            if hit_before {
                return Some((*l, before.join(" ")));
            }
            if hit_after {
                return Some((*l, after.join(" ")));
            }
        }
        None
    }

    /// "X, Nevada": a name followed by a region is a place.
    /// Does a name mention end right before token `t` ("Tern Film, Ana Ruiz": the cue word
    /// "Film" closes an organisation's name, not a title's noun)?
    fn ends_a_name(&self, t: usize) -> bool {
        self.by_end[t]
            .iter()
            .any(|&m| self.mentions[m].form == MentionForm::Name)
    }

    fn place_before_region(&self, i: usize) -> Option<(Label, String)> {
        let range = &self.mentions[i].tokens;
        let sent = &self.doc.sentences[self.mentions[i].sentence].tokens;
        if range.end + 1 >= sent.end || self.norm(range.end) != "," {
            return None;
        }
        let region = self.by_start[range.end + 1]
            .iter()
            .any(|&m| self.mentions[m].label == Some(Label::Place));
        region.then(|| (Label::Place, "X, <Place>".into()))
    }

    /// A one-word name that is the first or last word of a person's full name.
    fn part_of_person_name(
        &self,
        i: usize,
        name_parts: &BTreeSet<String>,
    ) -> Option<(Label, String)> {
        let range = &self.mentions[i].tokens;
        let surname_of = range.len() == 1 && name_parts.contains(self.norm(range.start));
        surname_of.then(|| (Label::Person, "part of a person's name".into()))
    }
}
