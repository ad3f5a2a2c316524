//! Capitalised runs as name mentions, body before headline.

use super::words::is_hyphenated_adjective;
use super::DocState;
use crate::extract::{model, MentionForm, Typing};
use crate::ontology::Label;
use std::collections::BTreeSet;
use std::ops::Range;

/// Prepositions that open titles ("In Plain Air", "Out of Time", "Under the Dome").
const TITLE_PREPOSITIONS: [&str; 10] = [
    "in", "on", "out", "into", "under", "over", "after", "before", "beyond", "inside",
];

impl DocState<'_> {
    fn is_name_token(&self, t: usize, shouting: bool) -> bool {
        let tok = &self.doc.tokens[t];
        let text = self.doc.token_text(t);
        tok.is_word
            && tok.capitalised
            && self.named[t].is_none()
            && !self.date_token[t]
            && !is_hyphenated_adjective(text)
            && tok.norm != "i"
            && !(shouting && text.chars().count() > 1 && text.chars().all(|c| !c.is_lowercase()))
    }

    /// Maximal capitalised spans (with inner "of", "the", "&"), typed from their own words.
    /// Body sentences come first: a headline name counts only when the body uses it too.
    pub fn name_mentions(&mut self) {
        let mut body_seen: BTreeSet<String> = BTreeSet::new();
        let sentences = &self.doc.sentences;
        let order: Vec<usize> = (0..sentences.len())
            .filter(|&s| !sentences[s].headline)
            .chain((0..sentences.len()).filter(|&s| sentences[s].headline))
            .collect();
        for s in order {
            self.sentence_names(s, &mut body_seen);
        }
    }

    fn sentence_names(&mut self, s: usize, body_seen: &mut BTreeSet<String>) {
        let sent = self.doc.sentences[s].tokens.clone();
        let headline = self.doc.sentences[s].headline;
        let shouting = self.is_shouting(sent.clone());
        let mut t = sent.start;
        while t < sent.end {
            if !self.is_name_token(t, shouting) {
                t += 1;
                continue;
            }
            let next = self.end_of_name_run(t, sent.end, shouting);
            if !headline && self.opens_title_with_preposition(t, next, sent.start) {
                self.title_by_case(t..next);
                t = next;
                continue;
            }
            let start = self.skip_leading_common_words(t, next, sent.start);
            let end = self.drop_trailing_common_words(start, next);
            if start < end && self.may_be_name(start..end, sent.start) {
                let key = crate::ingest::normalise_word(self.doc.span_text(start..end));
                if !headline {
                    body_seen.insert(key);
                    self.name_run(start..end, "");
                } else if body_seen.contains(&key) {
                    self.name_run(start..end, "headline name seen in body");
                }
            }
            t = next;
        }
    }

    /// Most words of the sentence (three or more) are in capitals: capitals say nothing.
    fn is_shouting(&self, sent: Range<usize>) -> bool {
        let words: Vec<usize> = sent.filter(|&t| self.doc.tokens[t].is_word).collect();
        let upper = words
            .iter()
            .filter(|&&t| self.doc.token_text(t).chars().all(|c| !c.is_lowercase()))
            .count();
        words.len() >= 3 && upper * 2 > words.len()
    }

    /// The end of the capitalised run starting at `t`, across "of", "the", "&", "de", "y", "'s".
    fn end_of_name_run(&self, t: usize, sentence_end: usize, shouting: bool) -> usize {
        let mut end = t + 1;
        while end < sentence_end {
            if self.is_name_token(end, shouting) {
                end += 1;
            } else if matches!(self.norm(end), "of" | "the" | "&" | "de" | "y" | "'s")
                && end + 1 < sentence_end
                && self.is_name_token(end + 1, shouting)
            {
                end += 2;
            } else if self.model.is_some() && self.joins_of_the(end, sentence_end, shouting) {
                end += 3;
            } else {
                break;
            }
        }
        end
    }

    /// "of the" between two names ("Guardians of the Galaxy") continues the name.
    fn joins_of_the(&self, t: usize, sentence_end: usize, shouting: bool) -> bool {
        t + 2 < sentence_end
            && self.norm(t) == "of"
            && self.norm(t + 1) == "the"
            && self.is_name_token(t + 2, shouting)
    }

    /// Drops sentence-initial or quote-initial common words, titles and "the".
    fn skip_leading_common_words(
        &self,
        mut start: usize,
        end: usize,
        sentence_start: usize,
    ) -> usize {
        while start < end {
            let initial = start == sentence_start
                || matches!(
                    self.doc.token_text(start - 1),
                    "\"" | "“" | "‘" | "(" | ":" | "'"
                );
            let norm = self.norm(start);
            let title = self.ex.cues.title_words.contains(norm)
                && start + 1 < end
                && !self
                    .model
                    .is_some_and(|p| model::ner::is_inside_a_name(p, start));
            let opens_name = self
                .model
                .is_some_and(|p| model::ner::opens_a_name(p, start));
            let common = self.ex.cues.non_name.contains(norm)
                || (self.ex.cues.stop_words.contains(norm) && !opens_name)
                || title
                || (initial && self.lowercase_words.contains(norm) && !opens_name)
                || self.is_shouted_word(start, end);
            if !common && norm != "the" {
                break;
            }
            start += 1;
            while start < end && matches!(self.norm(start), "of" | "the" | "&") {
                start += 1;
            }
        }
        start
    }

    /// A common word in capitals before a name in ordinary case ("JOCKEY Ana Ruiz"): a role
    /// shouted, not part of the name. Acronyms are short; a longer word in capitals, or one the
    /// article writes in lower case too, is a word.
    fn is_shouted_word(&self, t: usize, end: usize) -> bool {
        let text = self.doc.token_text(t);
        let capitals = text.chars().all(|c| c.is_ascii_uppercase());
        let next_is_cased = t + 1 < end
            && self
                .doc
                .token_text(t + 1)
                .chars()
                .skip(1)
                .any(char::is_lowercase);
        let word = text.len() >= 5 || self.lowercase_words.contains(self.norm(t));
        let in_organisation = self
            .model
            .is_some_and(|p| model::ner::is_inside_a_name(p, t));
        capitals && next_is_cased && word && !in_organisation
    }

    /// Drops trailing common words ("Instagram Story"); the model extractor keeps an
    /// organisation word ("Tern Content") and the words of a title named in the article ("Red
    /// One").
    fn drop_trailing_common_words(&self, start: usize, mut end: usize) -> usize {
        if self.model.is_some() && self.is_known_title(start..end) {
            return end;
        }
        while end > start + 1 && self.ex.cues.non_name.contains(self.norm(end - 1)) {
            let organisation = model::typing::is_organisation_word(self.norm(end - 1));
            if organisation && self.model.is_some() {
                break;
            }
            end -= 1;
        }
        end
    }

    /// Is the run worded as a title the article names (quoted, after a show noun ...)?
    fn is_known_title(&self, run: Range<usize>) -> bool {
        let words: Vec<&str> = run.clone().map(|t| self.norm(t)).collect();
        self.mentions.iter().any(|m| {
            m.typing.is_title()
                && m.tokens.len() == words.len()
                && m.tokens
                    .clone()
                    .map(|t| self.norm(t))
                    .eq(words.iter().copied())
        })
    }

    /// "dramas include In Plain Air": a capitalised preposition inside a sentence, after a
    /// lower-case word, opens a title (model extractor only).
    fn opens_title_with_preposition(&self, t: usize, end: usize, sentence_start: usize) -> bool {
        end > t + 1 && self.is_title_preposition(t, sentence_start)
    }

    /// Is token `t` a capitalised preposition after a lower-case word (model extractor only)?
    pub(super) fn is_title_preposition(&self, t: usize, sentence_start: usize) -> bool {
        let capital = self
            .doc
            .token_text(t)
            .starts_with(|c: char| c.is_uppercase());
        let after_lower_word = t > sentence_start
            && self.doc.tokens[t - 1].is_word
            && self
                .doc
                .token_text(t - 1)
                .starts_with(|c: char| c.is_lowercase());
        self.model.is_some()
            && capital
            && after_lower_word
            && TITLE_PREPOSITIONS.contains(&self.norm(t))
    }

    /// A title found by its case: one Show mention over the run.
    fn title_by_case(&mut self, run: Range<usize>) {
        let why = "model: a title opened by a capitalised preposition";
        let mut m = self.mention(run, Some(Label::Show), MentionForm::Name, why);
        m.typing = Typing::TitleByCase;
        self.push(m);
    }

    /// Not a character's name after a character verb ("played Hawkeye"), nor too long.
    fn may_be_name(&self, range: Range<usize>, sentence_start: usize) -> bool {
        let character = range.start > sentence_start
            && self
                .ex
                .cues
                .character_verbs
                .contains(self.norm(range.start - 1));
        let too_long =
            range.len() > 12 || self.doc.span_text(range).chars().count() > self.ex.max_name_chars;
        !character && !too_long
    }
}
