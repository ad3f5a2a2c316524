//! Untyped names typed from the words around them (context cues, "X, <Place>", part of a person's
//! name).

use super::DocState;
use crate::extract::{MentionForm, Typing};
use crate::ontology::Label;
use std::collections::BTreeSet;

impl DocState<'_> {
    /// Types untyped names from the words just before or after them.
    pub fn type_from_context(&mut self) {
        let cues = &self.ex.cues;
        // First and last words of full person names, for "Renner" after "Jeremy Renner".
        let name_parts: BTreeSet<String> = self
            .mentions
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
            .collect();
        for i in 0..self.mentions.len() {
            let ner_typed = self.mentions[i].typing == Typing::Ner
                && self.mentions[i].label != Some(Label::Person);
            if (self.mentions[i].label.is_some() && !ner_typed)
                || self.mentions[i].form != MentionForm::Name
            {
                continue;
            }
            let range = self.mentions[i].tokens.clone();
            let sent = self.doc.sentences[self.mentions[i].sentence].tokens.clone();
            let matches_at = |phrase: &[String], at: usize| -> bool {
                at >= sent.start
                    && at + phrase.len() <= sent.end
                    && phrase
                        .iter()
                        .enumerate()
                        .all(|(k, w)| self.doc.tokens[at + k].norm == *w)
            };
            let mut label = None;
            for (before, after, l) in &cues.context {
                let hit_before = !before.is_empty()
                    && (range.start >= before.len()
                        && matches_at(before, range.start - before.len())
                        || (range.start > before.len()
                            && self.norm(range.start - 1) == ","
                            && matches_at(before, range.start - 1 - before.len())));
                let hit_after = !after.is_empty() && matches_at(after, range.end);
                if hit_before || hit_after {
                    label = Some((
                        *l,
                        if hit_before {
                            before.join(" ")
                        } else {
                            after.join(" ")
                        },
                    ));
                    break;
                }
            }
            if label.is_none() {
                // "X, Nevada": a name followed by a region is a place.
                if range.end + 1 < sent.end && self.norm(range.end) == "," {
                    let next = range.end + 1;
                    let region = self.by_start[next]
                        .iter()
                        .any(|&m| self.mentions[m].label == Some(Label::Place));
                    if region {
                        label = Some((Label::Place, "X, <Place>".into()));
                    }
                }
            }
            if label.is_none() {
                let norms: Vec<&str> = range.clone().map(|t| self.norm(t)).collect();
                let single = norms.len() == 1;
                let surname_of = single && name_parts.contains(norms[0]);
                if surname_of {
                    label = Some((Label::Person, "part of a person's name".into()));
                }
            }
            if let Some((l, why)) = label {
                self.mentions[i].label = Some(l);
                self.mentions[i].retyped_by(format!("context: {why}"));
            }
        }
    }
}
