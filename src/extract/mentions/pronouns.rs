//! Pronoun mentions: he/his/she/her everywhere, first person inside quotations.

use super::DocState;
use crate::extract::MentionForm;
use crate::ontology::Label;

impl DocState<'_> {
    /// he/his/she/her everywhere; I/me/my inside quotations.
    pub fn pronoun_mentions(&mut self) {
        let (cues, doc) = (&self.ex.cues, self.doc);
        for t in 0..doc.tokens.len() {
            let norm = doc.tokens[t].norm.as_str();
            let female = if cues.male_pronouns.contains(norm) {
                Some(false)
            } else if cues.female_pronouns.contains(norm) {
                Some(true)
            } else {
                None
            };
            let first = cues.first_person.contains(norm) && doc.tokens[t].quote.is_some();
            if female.is_none() && !first {
                continue;
            }
            let possessive = cues.possessives.contains(norm);
            let mut m = self.mention(
                t..t + 1,
                Some(Label::Person),
                MentionForm::Pronoun,
                "pronoun",
            );
            m.female = female;
            m.first_person = first;
            m.possessive = possessive;
            self.push(m);
        }
    }
}
