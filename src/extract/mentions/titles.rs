//! Titles of works (quoted, after a person, in apposition, the NER's works) as Show mentions (model
//! extractor only).

use super::DocState;
use crate::extract::model::{self, ModelParse};
use crate::extract::{MentionForm, Typing};
use crate::ontology::Label;
use std::ops::Range;

/// Why a quoted title is left untyped: it names a book or a song.
const OTHER_WORK: &str = "model: a book, a song or a prize";

/// Why words in parentheses after an acronym are left untyped: they spell it out.
const ACRONYM_EXPANSION: &str = "model: an acronym spelled out";

/// A title found: its tokens, why, and the typing step.
type Title = (Range<usize>, &'static str, Typing);

impl DocState<'_> {
    /// Quoted titles and the NER's titled works, as one Show each (model extractor only).
    pub fn title_mentions(&mut self) {
        let Some(parse) = self.model else { return };
        self.reserve_other_works(parse);
        self.organisation_names(parse);
        self.network_names(parse);
        let mut found = self.titles_after_persons(parse);
        found.extend(self.quoted_titles(parse));
        found.extend(self.network_titles(parse));
        found.extend(self.apposed_titles(parse));
        found.extend(self.ner_works(parse));
        found.extend(self.titles_after_cue_words(parse));
        found.extend(self.titles_before_cast_words());
        found.extend(self.titles_named_again(&found));
        found.extend(self.titles_used_again(&found));
        for (range, why, typing) in found {
            if range.clone().any(|t| self.named[t].is_some()) {
                continue;
            }
            let range = self.with_opening_preposition(range);
            let mut m = self.mention(range, Some(Label::Show), MentionForm::Name, why);
            m.typing = typing;
            self.push(m);
        }
    }

    /// A quoted book or song title ("her memoir \"X: Y\"") holds no entity, and a work of the NER
    /// that opens a hyphenated adjective ("Nobel prize-winning") is a prize: an untyped name that
    /// fills no slot covers each, so neither it nor the names inside it become entities.
    fn reserve_other_works(&mut self, parse: &ModelParse) {
        let is_other_work_word = |t: usize| {
            let lower = self.doc.token_text(t).chars().all(|c| !c.is_uppercase());
            lower
                && parse
                    .lemma(t)
                    .is_some_and(|l| model::titles::OTHER_WORK_WORDS.contains(&l))
        };
        let prizes = parse
            .ents
            .iter()
            .filter(|e| e.label == Some(Label::Show))
            .map(|e| e.tokens.clone())
            .filter(|r| model::titles::modifies_compound_adjective(self.doc, parse, r.clone()));
        let works = model::titles::quoted_other_works(self.doc, is_other_work_word);
        for range in works.into_iter().chain(prizes) {
            if range.clone().any(|t| self.named[t].is_some()) {
                continue;
            }
            let mut m = self.mention(range, None, MentionForm::Name, OTHER_WORK);
            m.modifier = true;
            self.push(m);
        }
    }

    /// News outlets named as sources, numbered channels and companies in lists of credits as
    /// Organizations (over a lexicon
    /// name inside them: "The Hollywood X"); the spelled-out words of an acronym as no entity.
    fn organisation_names(&mut self, parse: &ModelParse) {
        for range in model::outlets::acronym_expansions(self.doc) {
            if range.clone().all(|t| self.named[t].is_none()) {
                let mut m = self.mention(range, None, MentionForm::Name, ACRONYM_EXPANSION);
                m.modifier = true;
                self.push(m);
            }
        }
        let outlets = model::outlets::outlets_after_source_cues(self.doc)
            .into_iter()
            .map(|r| (r, model::outlets::OUTLET));
        let channels = model::outlets::numbered_channels(self.doc, parse)
            .into_iter()
            .map(|r| (r, model::outlets::CHANNEL));
        let credits = model::outlets::companies_in_credit_lists(self.doc)
            .into_iter()
            .map(|r| (r, model::outlets::CREDITED_COMPANY));
        let found: Vec<_> = outlets.chain(channels).chain(credits).collect();
        for (range, why) in found {
            if self.untype_lexicon_names_inside(range.clone(), why) {
                let m = self.mention(range, Some(Label::Organization), MentionForm::Name, why);
                self.push(m);
            }
        }
    }

    /// Untypes the lexicon names strictly inside `range`; false (and nothing changed) when
    /// another name overlaps it.
    fn untype_lexicon_names_inside(&mut self, range: Range<usize>, why: &str) -> bool {
        let inside: Vec<usize> = range.clone().filter_map(|t| self.named[t]).collect();
        let all_inner_lexicon = inside.iter().all(|&i| {
            let m = &self.mentions[i];
            m.lexicon.is_some() && range.start <= m.tokens.start && m.tokens.end <= range.end
        });
        if !all_inner_lexicon {
            return false;
        }
        for i in inside {
            let m = &mut self.mentions[i];
            m.label = None;
            m.modifier = true;
            m.retyped_by(why);
        }
        true
    }

    fn quoted_titles(&self, parse: &ModelParse) -> Vec<Title> {
        let speech = &self.ex.cues.speech_verbs;
        let is_show_noun = |t: usize| {
            let noun = parse.token_tag[t].as_deref() == Some("NN");
            noun && parse
                .lemma(t)
                .is_some_and(|l| model::deprel::SHOW_NOUNS.contains(&l))
        };
        model::titles::quoted_titles(self.doc, |t| speech.contains(self.norm(t)), is_show_noun)
            .into_iter()
            .map(|r| (r, model::titles::QUOTED, Typing::QuotedTitle))
            .collect()
    }

    /// The NER's WORK_OF_ART entities in title case (a one-word one a proper noun).
    fn ner_works(&self, parse: &ModelParse) -> Vec<Title> {
        parse
            .ents
            .iter()
            .filter(|e| e.label == Some(Label::Show))
            .map(|e| self.without_article(e.tokens.clone()))
            .filter(|r| model::titles::is_title(self.doc, r.clone()))
            .filter(|r| r.len() > 1 || parse.token_tag[r.start].as_deref() == Some("NNP"))
            .filter(|r| !model::titles::inside_said_quotation(self.doc, parse, r.clone()))
            .map(|r| (r, "model: ner WORK_OF_ART", Typing::Ner))
            .collect()
    }

    /// Bare titles right after a word for a work ("his new film X on Friday"), not a person's
    /// name (by the NER or a given name) nor a place.
    fn titles_after_cue_words(&self, parse: &ModelParse) -> Vec<Title> {
        let cues = &self.ex.cues;
        let is_date_word = |t: usize| {
            cues.months.contains_key(self.norm(t)) || cues.weekdays.contains_key(self.norm(t))
        };
        let person_or_place = |t: usize| {
            parse.token_ent[t].is_some_and(|e| {
                matches!(
                    parse.ents[e].label,
                    Some(Label::Person) | Some(Label::Place)
                )
            })
        };
        model::titles::titles_after_cue_words(self.doc, is_date_word)
            .into_iter()
            .filter(|r| !self.starts_with_given_name(r.start) && !r.clone().any(person_or_place))
            .map(|r| (r, model::titles::AFTER_CUE_WORD, Typing::TitleAfterShowNoun))
            .collect()
    }

    /// Title-case runs with a minor word before a cast word ("the Lost in Time cast").
    fn titles_before_cast_words(&self) -> Vec<Title> {
        model::titles::titles_before_cast_words(self.doc)
            .into_iter()
            .filter(|r| r.clone().all(|t| self.named[t].is_none()))
            .map(|r| {
                (
                    r,
                    model::titles::BEFORE_CAST_WORD,
                    Typing::TitleAfterShowNoun,
                )
            })
            .collect()
    }

    /// Each other use of a title found, word for word ("Lost in Time" again), typed as it was.
    fn titles_named_again(&self, found: &[Title]) -> Vec<Title> {
        let ranges: Vec<Range<usize>> = found.iter().map(|(r, _, _)| r.clone()).collect();
        model::titles::other_occurrences(self.doc, &ranges)
            .into_iter()
            .filter(|r| r.clone().all(|t| self.named[t].is_none()))
            .map(|r| (r, model::titles::NAMED_AGAIN, Typing::TitleAfterShowNoun))
            .collect()
    }

    /// Titles in parentheses after a person ("Jeremy Renner (Hawkeye)").
    fn titles_after_persons(&self, parse: &ModelParse) -> Vec<Title> {
        let person_ends_at = |k: usize| self.person_ends_at(parse, k);
        model::titles::parenthetical_titles(self.doc, parse, person_ends_at)
            .into_iter()
            .map(|r| (r, model::titles::AFTER_PERSON, Typing::TitleAfterPerson))
            .collect()
    }

    /// A person's name ends at token `k`: by the NER, the lexicon, or two proper nouns.
    fn person_ends_at(&self, parse: &ModelParse, k: usize) -> bool {
        let ner = parse.token_ent[k].is_some_and(|e| {
            parse.ents[e].label == Some(Label::Person) && parse.ents[e].tokens.end == k + 1
        });
        let lexicon = self.named[k].is_some_and(|m| {
            self.mentions[m].label == Some(Label::Person) && self.mentions[m].tokens.end == k + 1
        });
        let proper = |t: usize| parse.token_tag[t].as_deref() == Some("NNP");
        let two_word_name = k > 0 && proper(k) && proper(k - 1);
        ner || lexicon || two_word_name
    }

    /// Names in apposition to a show noun ("their new film Red Sky"), not starting with a
    /// given name unless the NER reads the name as one thing other than a person.
    fn apposed_titles(&self, parse: &ModelParse) -> Vec<Title> {
        let cues = &self.ex.cues;
        let is_date_word = |t: usize| {
            cues.months.contains_key(self.norm(t)) || cues.weekdays.contains_key(self.norm(t))
        };
        model::titles::apposed_titles(self.doc, parse, is_date_word)
            .into_iter()
            .filter(|r| {
                !self.starts_with_given_name(r.start)
                    || model::titles::is_named_thing(parse, r.clone())
            })
            .map(|r| {
                (
                    r,
                    model::titles::AFTER_SHOW_NOUN,
                    Typing::TitleAfterShowNoun,
                )
            })
            .collect()
    }

    /// Does a name start with a given name ("the film Tom Kay made")?
    pub(super) fn starts_with_given_name(&self, t: usize) -> bool {
        let w = self.norm(t);
        self.ex.cues.female_names.contains(w) || self.ex.cues.male_names.contains(w)
    }

    /// "the drama In Quiet Air": the capitalised preposition before a title opens it.
    fn with_opening_preposition(&self, r: Range<usize>) -> Range<usize> {
        let sentence_start = self.doc.sentences[self.sentence_of(r.start)].tokens.start;
        let opens = r.start > 0
            && self.named[r.start - 1].is_none()
            && self.is_title_preposition(r.start - 1, sentence_start);
        if opens {
            r.start - 1..r.end
        } else {
            r
        }
    }

    fn without_article(&self, mut r: Range<usize>) -> Range<usize> {
        while r.len() > 1 && matches!(self.norm(r.start), "the" | "a" | "an") {
            r.start += 1;
        }
        r
    }
}
