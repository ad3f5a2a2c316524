//! Lexicon aliases found in the document's normalised words.

use super::DocState;
use crate::extract::MentionForm;
use crate::ontology::Label;
use aho_corasick::AhoCorasick;
use std::ops::Range;

/// The document's normalised words, one sentence a line, each word after a space, with the
/// byte offsets where each token starts and ends (both in increasing order).
struct NormalisedText {
    text: String,
    starts: Vec<(usize, usize)>,
    ends: Vec<(usize, usize)>,
}

impl NormalisedText {
    fn token_at(offsets: &[(usize, usize)], offset: usize) -> Option<usize> {
        offsets
            .binary_search_by_key(&offset, |&(o, _)| o)
            .ok()
            .map(|i| offsets[i].1)
    }

    /// The tokens a match covers, if it starts and ends at token boundaries.
    fn tokens(&self, m: &aho_corasick::Match) -> Option<Range<usize>> {
        let first = Self::token_at(&self.starts, m.start())?;
        let last = Self::token_at(&self.ends, m.end())?;
        Some(first..last + 1)
    }
}

impl DocState<'_> {
    /// Lexicon aliases at token boundaries; one-word aliases must match case.
    pub fn lexicon_mentions(&mut self, matcher: &AhoCorasick, patterns: &[(usize, String)]) {
        let found = self.alias_matches(matcher, patterns);
        let mut covered = vec![false; self.doc.tokens.len()];
        for (range, _) in &found {
            covered[range.clone()].fill(true);
        }
        let kept: Vec<(Range<usize>, usize)> = found
            .into_iter()
            .filter(|(range, entity)| !self.is_part_of_another_name(range, *entity, &covered))
            .collect();
        for (range, entity) in kept {
            let e = &self.ex.config.lexicon[entity];
            let mut m = self.mention(range, Some(e.label), MentionForm::Name, "lexicon");
            m.lexicon = Some(entity);
            m.female = e.female;
            self.push(m);
        }
    }

    fn normalised_text(&self) -> NormalisedText {
        let tokens = &self.doc.tokens;
        let bytes = tokens.iter().map(|t| t.norm.len() + 1).sum::<usize>();
        let mut text = String::with_capacity(bytes + self.doc.sentences.len());
        let mut starts = Vec::with_capacity(tokens.len());
        let mut ends = Vec::with_capacity(tokens.len());
        for s in &self.doc.sentences {
            for t in s.tokens.clone() {
                starts.push((text.len(), t));
                text.push(' ');
                text.push_str(&tokens[t].norm);
                ends.push((text.len(), t));
            }
            text.push('\n');
        }
        NormalisedText { text, starts, ends }
    }

    /// Every alias found at token boundaries whose case fits: its tokens and lexicon entry.
    fn alias_matches(
        &self,
        matcher: &AhoCorasick,
        patterns: &[(usize, String)],
    ) -> Vec<(Range<usize>, usize)> {
        let norm = self.normalised_text();
        let mut found = Vec::new();
        for m in matcher.find_iter(&norm.text) {
            let Some(range) = norm.tokens(&m) else {
                continue;
            };
            let (entity, case) = &patterns[m.pattern().as_usize()];
            if !case.is_empty()
                && case.chars().any(char::is_uppercase)
                && crate::ingest::normalise_word_keep_case(self.doc.token_text(range.start))
                    != *case
            {
                continue;
            }
            found.push((range, *entity));
        }
        found
    }

    /// A one-word person alias after a first name ("Danric" in "Mia Danric", "Renner" in "Ava
    /// Renner") is part of another person's name, not the entity the alias belongs to.
    fn is_part_of_another_name(
        &self,
        range: &Range<usize>,
        entity: usize,
        covered: &[bool],
    ) -> bool {
        let first = range.start;
        let person = self.ex.config.lexicon[entity].label == Label::Person;
        if range.len() != 1 || !person {
            return false;
        }
        let sentence = &self.doc.sentences[self.sentence_of(first)].tokens;
        first > sentence.start && self.is_glued_given_name(first - 1, covered)
    }

    /// A capitalised given name not in any alias and not a common word.
    fn is_glued_given_name(&self, t: usize, covered: &[bool]) -> bool {
        let tok = &self.doc.tokens[t];
        let cues = &self.ex.cues;
        let glued = tok.is_word
            && tok.capitalised
            && !covered[t]
            && !cues.non_name.contains(&tok.norm)
            && !cues.stop_words.contains(&tok.norm);
        glued && (cues.female_names.contains(&tok.norm) || cues.male_names.contains(&tok.norm))
    }
}
