//! Networks, platforms and bands as Organization mentions, and the titles they introduce (or
//! that stand beside a show noun) as Show mentions, every later use included (model extractor
//! only).

use super::DocState;
use crate::extract::model::{self, networks, ModelParse};
use crate::extract::{MentionForm, Typing};
use crate::ontology::Label;
use std::ops::Range;

/// A title found: its tokens, why, and the typing step.
type Title = (Range<usize>, &'static str, Typing);

impl DocState<'_> {
    /// Networks before a show noun and a title, platforms after streaming cues and bands, as
    /// Organizations where no other name holds their words.
    pub(super) fn network_names(&mut self, parse: &ModelParse) {
        let cues = &self.ex.cues;
        let is_date_word = |t: usize| {
            cues.months.contains_key(self.norm(t)) || cues.weekdays.contains_key(self.norm(t))
        };
        let networks = networks::networks_before_titles(self.doc, parse)
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| !self.starts_with_given_name(n.start))
            .map(|n| (n, networks::NETWORK));
        let platforms = networks::platforms_after_streaming_cues(self.doc, parse, is_date_word)
            .into_iter()
            .map(|r| (r, networks::PLATFORM));
        let bands = networks::bands(self.doc)
            .into_iter()
            .map(|r| (r, networks::BAND));
        let found: Vec<_> = networks.chain(platforms).chain(bands).collect();
        for (range, why) in found {
            if range.clone().all(|t| self.named[t].is_none()) {
                let m = self.mention(range, Some(Label::Organization), MentionForm::Name, why);
                self.push(m);
            }
        }
        self.persons_after_possessive_titles();
    }

    /// The full name right after a quoted title with a possessive inside the quotes, as a
    /// Person ("\u{201c}The Long Day's\u{201d} Ann Lee").
    fn persons_after_possessive_titles(&mut self) {
        for range in networks::persons_after_possessive_titles(self.doc) {
            if range.clone().all(|t| self.named[t].is_none()) {
                let why = networks::AFTER_POSSESSIVE_TITLE;
                let m = self.mention(range, Some(Label::Person), MentionForm::Name, why);
                self.push(m);
            }
        }
    }

    /// Titles after a network and a show noun, in single quotes beside a show noun, and before
    /// a show noun in apposition.
    pub(super) fn network_titles(&self, parse: &ModelParse) -> Vec<Title> {
        let after_networks = networks::networks_before_titles(self.doc, parse)
            .into_iter()
            .filter_map(|(_, title)| title)
            .filter(|r| !self.starts_with_given_name(r.start))
            .map(|r| (r, networks::NETWORK_TITLE));
        let quoted = networks::single_quoted_titles(self.doc)
            .into_iter()
            .map(|r| (r, networks::SINGLE_QUOTED));
        let apposed = networks::titles_before_apposed_show_nouns(self.doc, parse)
            .into_iter()
            .map(|r| (r, networks::APPOSED));
        after_networks
            .chain(quoted)
            .chain(apposed)
            .map(|(r, why)| (r, why, Typing::TitleAfterShowNoun))
            .collect()
    }

    /// Each other use of a title named beside a show noun, word for word.
    pub(super) fn titles_used_again(&self, found: &[Title]) -> Vec<Title> {
        let known: Vec<Range<usize>> = found
            .iter()
            .filter(|(r, why, _)| {
                [
                    networks::NETWORK_TITLE,
                    networks::SINGLE_QUOTED,
                    networks::APPOSED,
                ]
                .contains(why)
                    || (*why == model::titles::QUOTED
                        && networks::beside_show_noun(self.doc, r.clone()))
            })
            .map(|(r, _, _)| r.clone())
            .collect();
        networks::other_uses(self.doc, &known)
            .into_iter()
            .filter(|r| r.clone().all(|t| self.named[t].is_none()))
            .map(|r| (r, networks::USED_AGAIN, Typing::TitleAfterShowNoun))
            .collect()
    }
}
