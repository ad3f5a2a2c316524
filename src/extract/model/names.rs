//! Names within one article: a surname or first name used alone is the person named in full in
//! the same article, whatever the NER or the given-name lists said.

use super::ModelParse;
use crate::extract::{Mention, MentionForm};
use crate::ingest::Document;
use crate::ontology::Label;
use std::collections::BTreeMap;

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
            m.typed_by = NAME_PART.into();
        }
        if m.female.is_none() {
            m.female = *female;
        }
    }
}

/// Was the mention typed by something stronger than the NER alone (lexicon, a title, a cue)?
fn strongly_typed(m: &Mention) -> bool {
    m.label.is_some() && !m.typed_by.starts_with(super::ner::NER_TYPED)
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
                m.typed_by = "model: the same name typed elsewhere in the article".into();
            }
        }
    }
}

fn name_key(doc: &Document, m: &Mention) -> String {
    m.tokens
        .clone()
        .map(|t| doc.tokens[t].norm.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How the title steps type a Show: a one-word title stays one whatever its tag ("Damages").
const TITLE_TYPINGS: [&str; 3] = [
    super::titles::QUOTED,
    super::titles::AFTER_PERSON,
    super::titles::AFTER_SHOW_NOUN,
];

/// Was the mention typed as a title (quoted, in parentheses, after a show noun)?
pub(crate) fn is_title_typed(m: &Mention) -> bool {
    TITLE_TYPINGS.contains(&m.typed_by.as_str())
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
        && m.typed_by != NAME_PART
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
        let candidate = m.form == MentionForm::Name && m.lexicon.is_none() && !is_title_typed(m);
        if candidate && is_no_name(doc, parse, &is_date_word, m) {
            m.label = None;
            m.modifier = true;
            m.typed_by = NOT_A_NAME.into();
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
            && !is_title_typed(m);
        let common = parse.token_tag[m.tokens.start]
            .as_deref()
            .is_some_and(|t| !matches!(t, "NNP" | "NNPS"));
        if one_word && common && m.label.is_some() {
            m.label = None;
            m.typed_by = "model: a common word, not a name".into();
        }
    }
}
