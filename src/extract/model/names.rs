//! Names within one article: a surname or first name used alone is the person named in full in
//! the same article, whatever the NER or the given-name lists said.

use super::ner::NER_TYPED;
use super::ModelParse;
use crate::extract::{Mention, MentionForm, Typing};
use crate::ingest::Document;
use crate::ontology::Label;
use std::collections::{BTreeMap, BTreeSet};

/// First and last words of full person names → whether the person is female, where known.
fn name_parts(doc: &Document, mentions: &[Mention]) -> BTreeMap<String, Option<bool>> {
    let mut parts = BTreeMap::new();
    for m in mentions.iter().filter(|m| is_full_person_name(m)) {
        for t in [m.tokens.start, m.tokens.end - 1] {
            parts.entry(doc.tokens[t].norm.clone()).or_insert(m.female);
        }
    }
    parts
}

fn is_full_person_name(m: &Mention) -> bool {
    m.form == MentionForm::Name && m.label == Some(Label::Person) && m.tokens.len() > 1
}

/// Retypes one-word names that are part of a full person name in the article as Person.
pub(crate) fn type_name_parts(doc: &Document, mentions: &mut [Mention]) {
    let parts = name_parts(doc, mentions);
    for m in mentions.iter_mut() {
        if m.form != MentionForm::Name || m.lexicon.is_some() || m.tokens.len() != 1 {
            continue;
        }
        let Some(female) = parts.get(&doc.tokens[m.tokens.start].norm) else {
            continue;
        };
        if m.label != Some(Label::Person) {
            m.label = Some(Label::Person);
            m.retyped_by(NAME_PART);
            m.typing = Typing::NamePart;
        }
        if m.female.is_none() {
            m.female = *female;
        }
    }
}

/// The words of a mention, normalised.
fn words_of(doc: &Document, m: &Mention) -> Vec<String> {
    m.tokens
        .clone()
        .map(|t| doc.tokens[t].norm.clone())
        .collect()
}

/// Is `part` the start or the end of `full`, and shorter?
fn is_name_end(part: &[String], full: &[String]) -> bool {
    part.len() < full.len() && (full.starts_with(part) || full.ends_with(part))
}

/// A person's name of several words that begins or ends the one longer person's name of the
/// article ("De Niro", "Pinkett Smith") is that person: it takes the full name as its text.
/// One-word parts are resolved by name parts already.
pub(crate) fn resolve_partial_names(doc: &Document, mentions: &mut [Mention]) {
    let person = |m: &Mention| m.form == MentionForm::Name && m.label == Some(Label::Person);
    let full: BTreeMap<Vec<String>, String> = mentions
        .iter()
        .filter(|m| person(m) && m.tokens.len() > 2)
        .map(|m| (words_of(doc, m), m.text.clone()))
        .collect();
    for m in mentions
        .iter_mut()
        .filter(|m| person(m) && m.tokens.len() > 1)
    {
        let words = words_of(doc, m);
        let mut owners = full.iter().filter(|(f, _)| is_name_end(&words, f));
        if let (Some((_, text)), None) = (owners.next(), owners.next()) {
            m.text = text.clone();
        }
    }
}

/// Was the mention typed by something stronger than the NER alone (lexicon, a title, a cue)?
fn strongly_typed(m: &Mention) -> bool {
    m.label.is_some() && m.typing != Typing::Ner
}

/// One name, one label in an article: a name typed by a cue somewhere gives its label to the
/// same name where only the NER (or nothing) typed it.
pub(crate) fn align_labels_in_article(doc: &Document, mentions: &mut [Mention]) {
    let mut strong: BTreeMap<String, Label> = BTreeMap::new();
    for m in mentions.iter().filter(|m| m.form == MentionForm::Name) {
        if let (true, Some(l)) = (strongly_typed(m), m.label) {
            strong.entry(name_key(doc, m)).or_insert(l);
        }
    }
    for m in mentions.iter_mut() {
        if m.form != MentionForm::Name || strongly_typed(m) || m.modifier {
            continue;
        }
        if let Some(&l) = strong.get(&name_key(doc, m)) {
            if m.label != Some(l) {
                m.label = Some(l);
                m.retyped_by("model: the same name typed elsewhere in the article");
            }
        }
    }
    vote_ner_labels(doc, mentions);
}

/// One name, one label in an article, when only the NER typed it: the label it gave most
/// often (the first seen on a tie) for every mention of the name, including the ones it left
/// untyped (a headline's copy of a name the body types).
fn vote_ner_labels(doc: &Document, mentions: &mut [Mention]) {
    let ner_only =
        |m: &Mention| m.form == MentionForm::Name && m.label.is_some() && m.typing == Typing::Ner;
    let mut votes: BTreeMap<String, Vec<(Label, usize)>> = BTreeMap::new();
    for m in mentions.iter().filter(|m| ner_only(m)) {
        let Some(l) = m.label else { continue };
        let counts = votes.entry(name_key(doc, m)).or_default();
        match counts.iter_mut().find(|(k, _)| *k == l) {
            Some((_, n)) => *n += 1,
            None => counts.push((l, 1)),
        }
    }
    let untyped = |m: &Mention| m.form == MentionForm::Name && m.label.is_none() && !m.modifier;
    for m in mentions.iter_mut().filter(|m| ner_only(m) || untyped(m)) {
        let Some(counts) = votes.get(&name_key(doc, m)) else {
            continue;
        };
        let best = counts.iter().rev().max_by_key(|(_, n)| *n).map(|(l, _)| *l);
        if best.is_some() && m.label != best {
            m.label = best;
            m.typed_by = format!("{NER_TYPED}: the label the name has most in the article");
        }
    }
}

fn name_key(doc: &Document, m: &Mention) -> String {
    span_key(doc, m.tokens.clone())
}

/// Why a one-word name kept its label against the tagger: it is part of a full name.
const NAME_PART: &str = "model: part of a full name in the article";

/// Why a name was left out of the graph and of the patterns' slots.
const NOT_A_NAME: &str = "model: no entity name";

/// Is the mention no entity name: an award ("the Golden Reel Award"), a month or weekday
/// ("Feb."), or one word the tagger reads as a common word ("Honestly", "TV", "I'm")?
fn is_no_name(
    doc: &Document,
    parse: &ModelParse,
    is_date_word: &impl Fn(&str) -> bool,
    m: &Mention,
) -> bool {
    let last = doc.tokens[m.tokens.end - 1].norm.as_str();
    let award = super::ner::AWARD_WORDS.contains(&last);
    let one_word = m.tokens.len() == 1;
    let date = one_word && is_date_word(last.trim_end_matches('.'));
    let common = one_word
        && m.typing != Typing::NamePart
        && parse.token_tag[m.tokens.start]
            .as_deref()
            .is_some_and(|t| !matches!(t, "NNP" | "NNPS"));
    award || date || common
}

/// Takes names that are no entity names out of the graph, and out of the patterns' slots (a
/// slot would type them again): the last model step on mentions.
pub(crate) fn drop_non_names(
    doc: &Document,
    parse: &ModelParse,
    is_date_word: impl Fn(&str) -> bool,
    mentions: &mut [Mention],
) {
    for m in mentions.iter_mut() {
        let candidate = m.form == MentionForm::Name && m.lexicon.is_none() && !m.typing.is_title();
        if candidate && is_no_name(doc, parse, &is_date_word, m) {
            m.label = None;
            m.modifier = true;
            m.retyped_by(NOT_A_NAME);
        }
    }
}

/// A one-word name the tagger reads as a common word ("Supporting cast", "Honestly,") is no
/// entity, whatever context cue typed it; lexicon names and titles stay.
pub(crate) fn untype_common_words(parse: &ModelParse, mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        let one_word = m.form == MentionForm::Name
            && m.tokens.len() == 1
            && m.lexicon.is_none()
            && !m.typing.is_title();
        let common = parse.token_tag[m.tokens.start]
            .as_deref()
            .is_some_and(|t| !matches!(t, "NNP" | "NNPS"));
        if one_word && common && m.label.is_some() {
            m.label = None;
            m.retyped_by("model: a common word, not a name");
        }
    }
}

/// NER kinds of words for peoples and languages, which the ontology keeps no entity for.
const PEOPLES_AND_LANGUAGES: [&str; 2] = ["NORP", "LANGUAGE"];

/// Endings of words for a people or a language ("Scottish", "American", "Japanese").
const DEMONYM_ENDINGS: [&str; 6] = ["an", "ish", "ese", "ic", "i", "ch"];

/// Why a nationality or language word was left out.
const PEOPLE_OR_LANGUAGE: &str = "model: a word for a people or a language";

/// Names of the article that the NER reads somewhere as a people or a language, and that look
/// like one: a language by the NER, or an adjective's ending or tag.
fn peoples_and_languages(doc: &Document, parse: &ModelParse) -> BTreeSet<String> {
    let adjectives: BTreeSet<&str> = (0..doc.tokens.len())
        .filter(|&t| parse.token_tag[t].as_deref() == Some("JJ"))
        .map(|t| doc.tokens[t].norm.as_str())
        .collect();
    parse
        .ents
        .iter()
        .filter(|e| PEOPLES_AND_LANGUAGES.contains(&e.kind.as_str()) && !e.tokens.is_empty())
        .filter(|e| {
            let last = doc.tokens[e.tokens.end - 1].norm.as_str();
            e.kind == "LANGUAGE"
                || adjectives.contains(last)
                || DEMONYM_ENDINGS.iter().any(|end| last.ends_with(end))
        })
        .map(|e| span_key(doc, e.tokens.clone()))
        .collect()
}

/// A word for a people or a language ("Scottish", "North American") is no entity, whatever
/// the NER typed it as elsewhere; it stays out of the patterns' slots too.
pub(crate) fn drop_peoples_and_languages(
    doc: &Document,
    parse: &ModelParse,
    mentions: &mut [Mention],
) {
    let words = peoples_and_languages(doc, parse);
    for m in mentions.iter_mut() {
        let candidate = m.form == MentionForm::Name && m.lexicon.is_none() && !m.typing.is_title();
        let weak = m.label.is_none() || m.typing == Typing::Ner;
        if candidate && weak && words.contains(&name_key(doc, m)) {
            m.label = None;
            m.modifier = true;
            m.retyped_by(PEOPLE_OR_LANGUAGE);
        }
    }
}

fn span_key(doc: &Document, tokens: std::ops::Range<usize>) -> String {
    tokens
        .map(|t| doc.tokens[t].norm.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn nationality_words_the_ner_calls_a_people_are_dropped() {
        let d = crate::ingest::ingest(
            "t.txt",
            std::path::Path::new("t.txt"),
            "A Scottish writer met Cannes officials in Cannes.".to_string(),
            &crate::ingest::Abbreviations::new(["Mt"]),
        );
        let n = d.tokens.len();
        let at = |w: &str| (0..n).find(|&t| d.token_text(t) == w).unwrap();
        let mut parse = ModelParse {
            token_tag: vec![Some("NN".into()); n],
            ..ModelParse::default()
        };
        for (t, kind) in [(at("Scottish"), "NORP"), (at("Cannes"), "NORP")] {
            parse.ents.push(super::super::NerSpan {
                tokens: t..t + 1,
                label: None,
                kind: kind.into(),
            });
        }
        let mut mentions = vec![
            Mention::test_name(
                at("Scottish")..at("Scottish") + 1,
                Some(Label::Organization),
            ),
            Mention::test_name(at("Cannes")..at("Cannes") + 1, None),
        ];
        mentions[0].typing = Typing::Ner;
        drop_peoples_and_languages(&d, &parse, &mut mentions);
        assert!(mentions[0].label.is_none() && mentions[0].modifier);
        assert!(!mentions[1].modifier, "no ending of a people's word");
    }

    #[test]
    fn a_name_end_is_a_shorter_start_or_end() {
        let full = words("ana de la vega");
        assert!(is_name_end(&words("de la vega"), &full));
        assert!(is_name_end(&words("ana de"), &full));
        assert!(!is_name_end(&words("de la"), &full));
        assert!(!is_name_end(&full, &full));
    }
}
