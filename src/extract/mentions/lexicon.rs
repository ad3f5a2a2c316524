//! Lexicon aliases found in the document's normalised words.

use super::DocState;
use crate::extract::MentionForm;
use crate::ontology::Label;
use aho_corasick::AhoCorasick;

impl DocState<'_> {
    /// Lexicon aliases at token boundaries; one-word aliases must match case.
    pub fn lexicon_mentions(&mut self, matcher: &AhoCorasick, patterns: &[(usize, String)]) {
        let tokens = &self.doc.tokens;
        let bytes = tokens.iter().map(|t| t.norm.len() + 1).sum::<usize>();
        let mut key = String::with_capacity(bytes + self.doc.sentences.len());
        // (byte offset in `key`, token): both in increasing offset order.
        let mut starts = Vec::with_capacity(tokens.len());
        let mut ends = Vec::with_capacity(tokens.len());
        for s in &self.doc.sentences {
            for t in s.tokens.clone() {
                starts.push((key.len(), t));
                key.push(' ');
                key.push_str(&tokens[t].norm);
                ends.push((key.len(), t));
            }
            key.push('\n');
        }
        let token_at = |offsets: &[(usize, usize)], offset: usize| {
            offsets
                .binary_search_by_key(&offset, |&(o, _)| o)
                .ok()
                .map(|i| offsets[i].1)
        };
        let mut found = Vec::new();
        for m in matcher.find_iter(&key) {
            let (Some(first), Some(last)) =
                (token_at(&starts, m.start()), token_at(&ends, m.end()))
            else {
                continue;
            };
            let (entity, case) = &patterns[m.pattern().as_usize()];
            if !case.is_empty()
                && case.chars().any(char::is_uppercase)
                && crate::ingest::normalise_word_keep_case(self.doc.token_text(first)) != *case
            {
                continue;
            }
            found.push((first..last + 1, *entity));
        }
        let mut covered = vec![false; tokens.len()];
        for (range, _) in &found {
            covered[range.clone()].fill(true);
        }
        let mut kept = Vec::new();
        for (range, entity) in found {
            let (first, last) = (range.start, range.end - 1);
            // A one-word person alias after a first name ("Danric" in "Mia Danric", "Renner" in
            // "Ava Renner") is part of another person's name, not the entity the alias belongs to.
            let person = self.ex.config.lexicon[entity].label == Label::Person;
            if first == last && person {
                let glued = |t: usize| {
                    let tok = &self.doc.tokens[t];
                    tok.is_word
                        && tok.capitalised
                        && !covered[t]
                        && !self.ex.cues.non_name.contains(&tok.norm)
                        && !self.ex.cues.stop_words.contains(&tok.norm)
                };
                let sentence = &self.doc.sentences[self.sentence_of(first)].tokens;
                let given = |t: usize| {
                    let n = &self.doc.tokens[t].norm;
                    self.ex.cues.female_names.contains(n) || self.ex.cues.male_names.contains(n)
                };
                if first > sentence.start && glued(first - 1) && given(first - 1) {
                    continue;
                }
            }
            kept.push((range, entity));
        }
        for (range, entity) in kept {
            let e = &self.ex.config.lexicon[entity];
            let mut m = self.mention(range, Some(e.label), MentionForm::Name, "lexicon");
            m.lexicon = Some(entity);
            m.female = e.female;
            self.push(m);
        }
    }
}
