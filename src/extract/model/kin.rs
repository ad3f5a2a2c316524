//! Kin without a possessive: "Kai Moss with wife Lena" and "A, with wife B and daughter C"
//! tie the relative to the person before "with"; "Kai Moss and his wife Lena" ties her to the
//! person coordinated with "his", not to the nearest earlier man. A name right after a family
//! word takes its gender ("daughter Lea" is a woman), so pronouns skip her.

use crate::extract::{Mention, MentionForm};
use crate::ingest::Document;
use crate::ontology::Label;

/// Words between a person and their relatives ("X with wife Y", "X, alongside his son Z").
const WITH_WORDS: [&str; 3] = ["with", "alongside", "accompanied"];

/// Sets the anchor of family ties that name no owner, or whose owner is a pronoun
/// coordinated with a named person, from the words before them.
pub(crate) fn anchor_kin(
    doc: &Document,
    possessives: impl Fn(&str) -> bool,
    mentions: &mut [Mention],
) {
    gender_from_kin_words(doc, mentions);
    let mut order: Vec<usize> = (0..mentions.len())
        .filter(|&i| {
            mentions[i]
                .related
                .as_ref()
                .is_some_and(|r| !r.professional)
        })
        .collect();
    order.sort_by_key(|&i| mentions[i].tokens.start);
    for i in order {
        let start = kin_word_start(doc, &possessives, &mentions[i]);
        let anchor = anchor_before(doc, mentions, start);
        let possessed_by_pronoun = mentions[i]
            .related
            .as_ref()
            .and_then(|r| r.anchor)
            .is_some_and(|a| mentions[a].form == MentionForm::Pronoun);
        let unowned = mentions[i]
            .related
            .as_ref()
            .is_some_and(|r| r.anchor.is_none());
        if let (Some(a), true) = (anchor, unowned || possessed_by_pronoun) {
            if let Some(r) = mentions[i].related.as_mut() {
                r.anchor = Some(a);
            }
        }
    }
}

/// A person's name right after a gendered family word ("daughter Ava", "his wife, Mara")
/// takes the word's gender when it has none.
fn gender_from_kin_words(doc: &Document, mentions: &mut [Mention]) {
    let gendered: Vec<(usize, bool)> = mentions
        .iter()
        .filter(|m| m.form == MentionForm::Related)
        .filter_map(|m| {
            m.related.as_ref().filter(|r| !r.professional)?;
            Some((m.tokens.end, m.female?))
        })
        .collect();
    for (end, female) in gendered {
        let start = if doc.tokens.get(end).is_some_and(|t| t.norm == ",") {
            end + 1
        } else {
            end
        };
        for m in mentions.iter_mut().filter(|m| {
            m.tokens.start == start && m.form == MentionForm::Name && m.label == Some(Label::Person)
        }) {
            m.female = m.female.or(Some(female));
        }
    }
}

/// The first token of the kin phrase proper: after a possessive pronoun, if any.
fn kin_word_start(doc: &Document, possessives: &impl Fn(&str) -> bool, m: &Mention) -> usize {
    let s = m.tokens.start;
    if possessives(&doc.tokens[s].norm) {
        s + 1
    } else {
        s
    }
}

/// The person a kin phrase starting at `start` belongs to: "<Person> [,] with [his] <kin>",
/// "<Person> and his <kin>", or, after "and", the owner of the kin phrase before
/// ("with wife B and daughter C").
fn anchor_before(doc: &Document, mentions: &[Mention], start: usize) -> Option<usize> {
    let mut t = start.checked_sub(1)?;
    let pronoun = is_possessive_pronoun(mentions, t);
    if pronoun {
        t = t.checked_sub(1)?;
    }
    let word = doc.tokens[t].norm.as_str();
    if WITH_WORDS.contains(&word) {
        let before = t.checked_sub(1)?;
        let before = if doc.tokens[before].norm == "," {
            before.checked_sub(1)?
        } else {
            before
        };
        return person_name_ending_at(mentions, before + 1);
    }
    if word == "and" {
        let before = t.checked_sub(1)?;
        if let Some(p) = person_name_ending_at(mentions, before + 1) {
            let owner = earlier_kin_owner(mentions, mentions[p].tokens.start);
            return owner.or(pronoun.then_some(p));
        }
    }
    None
}

fn is_possessive_pronoun(mentions: &[Mention], t: usize) -> bool {
    mentions
        .iter()
        .any(|m| m.form == MentionForm::Pronoun && m.tokens.start == t && m.tokens.len() == 1)
}

/// The named person mention ending just before token `end`.
fn person_name_ending_at(mentions: &[Mention], end: usize) -> Option<usize> {
    mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.tokens.end == end && m.form == MentionForm::Name && m.label == Some(Label::Person)
        })
        .max_by_key(|(_, m)| m.tokens.len())
        .map(|(i, _)| i)
}

/// "with wife B and …": the anchor of the kin phrase whose name is the person at `name_start`.
fn earlier_kin_owner(mentions: &[Mention], name_start: usize) -> Option<usize> {
    mentions
        .iter()
        .filter(|m| m.tokens.end == name_start)
        .find_map(|m| m.related.as_ref().filter(|r| !r.professional)?.anchor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Related;
    use crate::ingest::{ingest, Abbreviations};
    use std::ops::Range;
    use std::path::Path;

    fn mention(tokens: Range<usize>, form: MentionForm, kin: Option<&str>) -> Mention {
        Mention {
            form,
            related: kin.map(|k| Related {
                kind: k.into(),
                professional: false,
                anchor: None,
            }),
            ..Mention::test_name(tokens, Some(Label::Person))
        }
    }

    fn anchors(
        text: &str,
        spans: &[(Range<usize>, MentionForm, Option<&str>)],
    ) -> Vec<Option<usize>> {
        let d = ingest(
            "t.txt",
            Path::new("t.txt"),
            text.to_string(),
            &Abbreviations::new(["Mt"]),
        );
        let mut ms: Vec<Mention> = spans
            .iter()
            .map(|(r, f, k)| mention(r.clone(), *f, *k))
            .collect();
        anchor_kin(&d, |w| w == "his" || w == "her", &mut ms);
        ms.iter()
            .filter_map(|m| m.related.as_ref().map(|r| r.anchor))
            .collect()
    }

    #[test]
    fn relatives_after_with_belong_to_the_person_before() {
        // Kai Moss , with wife Lena and son Ben
        // 0   1    2 3    4    5    6   7   8
        let got = anchors(
            "Kai Moss, with wife Lena and son Ben arrived.",
            &[
                (0..2, MentionForm::Name, None),
                (4..5, MentionForm::Related, Some("wife")),
                (5..6, MentionForm::Name, None),
                (7..8, MentionForm::Related, Some("son")),
                (8..9, MentionForm::Name, None),
            ],
        );
        assert_eq!(got, vec![Some(0), Some(0)]);
    }

    #[test]
    fn his_after_a_coordinated_name_is_that_person() {
        // Ivo Lind and his wife Mara
        // 0   1    2   3   4    5
        let got = anchors(
            "Ivo Lind and his wife Mara posed.",
            &[
                (0..2, MentionForm::Name, None),
                (3..4, MentionForm::Pronoun, None),
                (3..5, MentionForm::Related, Some("wife")),
                (5..6, MentionForm::Name, None),
            ],
        );
        assert_eq!(got, vec![Some(0)]);
    }

    #[test]
    fn a_name_after_a_gendered_family_word_takes_its_gender() {
        // Ivo Lind and daughter Ava , and Bo
        // 0   1    2   3        4   5 6   7
        let d = ingest(
            "t.txt",
            Path::new("t.txt"),
            "Ivo Lind and daughter Ava, and Bo".to_string(),
            &Abbreviations::new(["Mt"]),
        );
        let mut daughter = mention(3..4, MentionForm::Related, Some("daughter"));
        daughter.female = Some(true);
        let mut ms = vec![
            mention(0..2, MentionForm::Name, None),
            daughter,
            mention(4..5, MentionForm::Name, None),
            mention(7..8, MentionForm::Name, None),
        ];
        gender_from_kin_words(&d, &mut ms);
        let genders: Vec<Option<bool>> = ms.iter().map(|m| m.female).collect();
        assert_eq!(genders, vec![None, Some(true), Some(true), None]);
    }

    #[test]
    fn a_relative_with_no_person_before_keeps_no_anchor() {
        let got = anchors(
            "Later, wife Lena spoke.",
            &[
                (2..3, MentionForm::Related, Some("wife")),
                (3..4, MentionForm::Name, None),
            ],
        );
        assert_eq!(got, vec![None]);
    }
}
