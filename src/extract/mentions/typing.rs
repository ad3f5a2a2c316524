//! What the words of a name say about its label (region list, brand, given name, place or
//! organisation word).

use super::DocState;
use crate::extract::Typing;
use crate::ontology::Label;
use std::ops::Range;

/// What the words of a name say about its label.
pub(super) struct RuleTyping<'w> {
    pub label: Option<Label>,
    pub why: &'w str,
    pub female: Option<bool>,
    pub decisive: bool,
    pub typing: Typing,
}

impl DocState<'_> {
    /// The label the words of a name give it (region list, brand, given name, place or
    /// organisation word); `decisive` when a word cue decided, even to leave it untyped.
    pub(super) fn rule_typing<'w>(&self, range: Range<usize>, why: &'w str) -> RuleTyping<'w> {
        let cues = &self.ex.cues;
        let norms: Vec<String> = range.clone().map(|t| self.norm(t).to_string()).collect();
        let first = norms[0].as_str();
        let last = norms[norms.len() - 1].as_str();
        let next = self
            .doc
            .tokens
            .get(range.end)
            .map(|t| t.norm.as_str())
            .unwrap_or("");
        let modifier_of_role = norms.len() == 1 && cues.role_nouns.contains(next);
        let text = self.doc.span_text(range.clone());
        let (label, why, female, decisive, typing) = if cues.regions.contains(&norms) {
            (
                Some(Label::Place),
                "region list",
                None,
                true,
                Typing::RegionList,
            )
        } else if text.ends_with('+') {
            (
                Some(Label::Organization),
                "brand ending in +",
                None,
                true,
                Typing::Cue,
            )
        } else if modifier_of_role {
            (None, why, None, true, Typing::Cue)
        } else if norms.len() > 1 && cues.place_prefixes.contains(first) {
            (Some(Label::Place), "place word", None, true, Typing::Cue)
        } else if cues.female_names.contains(first) && !cues.place_suffixes.contains(last) {
            (
                Some(Label::Person),
                "given name",
                Some(true),
                true,
                Typing::GivenName,
            )
        } else if cues.male_names.contains(first) && !cues.place_suffixes.contains(last) {
            (
                Some(Label::Person),
                "given name",
                Some(false),
                true,
                Typing::GivenName,
            )
        } else if norms.len() > 1 && cues.place_suffixes.contains(last) {
            (Some(Label::Place), "place word", None, true, Typing::Cue)
        } else if norms.len() > 1 && cues.org_suffixes.contains(last) {
            (
                Some(Label::Organization),
                "organisation word",
                None,
                true,
                Typing::OrganisationWord,
            )
        } else {
            (None, why, None, false, Typing::Cue)
        };
        RuleTyping {
            label,
            why,
            female,
            decisive,
            typing,
        }
    }
}
