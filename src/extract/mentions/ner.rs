//! Name runs cut and typed with the NER (model extractor), else typed by the rules.

use super::DocState;
use crate::extract::model::{self, NerSpan};
use crate::extract::{MentionForm, Typing};
use crate::ontology::Label;
use std::ops::Range;

impl DocState<'_> {
    /// A capitalised run: cut at the NER's entity edges in the model extractor.
    pub(super) fn name_run(&mut self, range: Range<usize>, why: &str) {
        let Some(parse) = self.model else {
            return self.name_mention(range, why);
        };
        let after_person = |t: usize| {
            t > 0
                && parse.token_ent[t - 1]
                    .is_some_and(|e| parse.ents[e].label == Some(Label::Person))
        };
        if let Some(s) = range.clone().find(|&t| {
            self.norm(t) == "'s" && (after_person(t) || model::ner::person_starts_at(parse, t + 1))
        }) {
            // A possessive beside a person ends a name: "Woody Allen's Midnight in Paris" and
            // "Harbor Nights's Ana Ruiz" hold two.
            for part in [range.start..s, s + 1..range.end] {
                if !part.is_empty() {
                    self.name_run(part, why);
                }
            }
            return;
        }
        let pieces = model::ner::pieces(parse, range.clone());
        let mut ents = pieces.iter().filter_map(|p| p.ent);
        if let (Some(only), None) = (ents.next(), ents.next()) {
            // One entity inside a longer run ("Guardians of the Galaxy"): the run is the name.
            return self.ner_mention(range, &parse.ents[only]);
        }
        for piece in pieces {
            match piece.ent {
                Some(e) => self.ner_mention(piece.tokens, &parse.ents[e]),
                None => self.unlabelled_piece(piece.tokens, why),
            }
        }
    }

    /// A piece of a run the NER left alone: an event by its last word ("Spring Gala"), else
    /// typed by the rules.
    fn unlabelled_piece(&mut self, range: Range<usize>, why: &str) {
        if !self.rule_typing(range.clone(), "").decisive && self.is_event_name(range.clone()) {
            let why = "model: a name ending in an event word";
            let m = self.mention(range, Some(Label::Event), MentionForm::Name, why);
            self.push(m);
            return;
        }
        self.name_mention(range, why);
    }

    /// An award ("the Golden Reel Award"): the ontology keeps no awards.
    fn is_award_name(&self, range: Range<usize>) -> bool {
        model::ner::AWARD_WORDS.contains(&self.norm(range.end - 1))
    }

    /// Not a common word the NER took for a name ("Honestly", "Supporting"): a one-word name
    /// must be a proper noun to the tagger.
    fn is_proper_name(&self, range: Range<usize>) -> bool {
        let Some(parse) = self.model else { return true };
        range.len() > 1
            || matches!(
                parse.token_tag[range.start].as_deref(),
                Some("NNP") | Some("NNPS") | None
            )
    }

    /// A name of more than one word ending in an event word ("Harbor Film Festival").
    fn is_event_name(&self, range: Range<usize>) -> bool {
        let last = self.norm(range.end - 1);
        range.len() > 1
            && (self.ex.cues.event_words.contains_key(last)
                || model::ner::EVENT_NAME_WORDS.contains(&last))
    }

    /// A name the NER delimited: the words' own cues (place and organisation words, given
    /// names, regions) decide first, the NER's label otherwise.
    fn ner_mention(&mut self, range: Range<usize>, span: &NerSpan) {
        let typing = self.rule_typing(range.clone(), "");
        if typing.decisive {
            let mut m = self.mention(range, typing.label, MentionForm::Name, typing.why);
            m.female = typing.female;
            m.typing = typing.typing;
            self.push(m);
            return;
        }
        if self.is_award_name(range.clone())
            || !self.is_proper_name(range.clone())
            || self
                .model
                .is_some_and(|p| model::ner::is_common_noun_use(self.doc, p, range.clone()))
        {
            let m = self.mention(range, None, MentionForm::Name, "model: not an entity name");
            self.push(m);
            return;
        }
        if self.is_event_name(range.clone()) {
            let why = "model: a name ending in an event word";
            let m = self.mention(range, Some(Label::Event), MentionForm::Name, why);
            self.push(m);
            return;
        }
        let why = format!("{} {}", model::ner::NER_TYPED, span.kind);
        let mut m = self.mention(range, span.label, MentionForm::Name, &why);
        m.typing = Typing::Ner;
        self.push(m);
    }

    fn name_mention(&mut self, range: Range<usize>, why: &str) {
        let typing = self.rule_typing(range.clone(), why);
        let mut m = self.mention(range, typing.label, MentionForm::Name, typing.why);
        m.female = typing.female;
        m.typing = typing.typing;
        self.push(m);
    }
}
