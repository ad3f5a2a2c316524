//! A tie named through a role noun: "her partner, drummer Tom Vale", "his wife, the singer Ada
//! Rowe", "her husband, former rider Paul Dane". The parse hangs the name (as apposition or
//! conjunct) on the tie word, possibly through the role noun; the tie is that person, so the
//! resolver merges the two (a SAME_AS candidate) and no unnamed "X's partner" is left.

use super::ModelParse;
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate};
use crate::ingest::Document;
use crate::ontology::Label;
use std::collections::BTreeMap;

/// The rule of the SAME_AS candidates this step makes.
const RULE: &str = "model: tie named through a role noun";

const CONFIDENCE: f32 = 0.85;

/// How many words may stand between the comma and the name ("the former world champion").
const MAX_ROLE_WORDS: usize = 4;

/// Tags of the words of a role phrase: article, adjective, common noun, number.
const ROLE_TAGS: [&str; 7] = ["DT", "JJ", "JJR", "JJS", "NN", "NNS", "CD"];

/// SAME_AS candidates between a tie ("her partner") and the name the parse apposes to it
/// through a role phrase ("drummer Tom Vale").
pub(crate) fn ties_named_through_roles(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
) -> Vec<RelationCandidate> {
    let mut out = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.form != MentionForm::Related || m.related.is_none() {
            continue;
        }
        if let Some(n) = name_after_role_phrase(doc, parse, mentions, i) {
            out.push(same_as(i, n, m.sentence));
        }
    }
    out
}

/// The person name after "<tie> , <role words>" whose parse hangs on the tie word.
fn name_after_role_phrase(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    tie: usize,
) -> Option<usize> {
    let word = mentions[tie].tokens.end - 1;
    let sentence = &doc.sentences[mentions[tie].sentence].tokens;
    let comma = word + 1;
    if doc.tokens.get(comma).is_none_or(|t| t.norm != ",") {
        return None;
    }
    let mut t = comma + 1;
    while t < sentence.end && t - comma <= MAX_ROLE_WORDS {
        if let Some(n) = person_name_at(mentions, t) {
            let gap = comma + 1..t;
            let joined = !gap.is_empty() && hangs_on(parse, &mentions[n], word, &gap);
            return joined.then_some(n);
        }
        if !is_role_word(doc, parse, mentions, t) {
            return None;
        }
        t += 1;
    }
    None
}

/// A lower-case word of a role phrase, inside no mention of a person.
fn is_role_word(doc: &Document, parse: &ModelParse, mentions: &[Mention], t: usize) -> bool {
    let token = &doc.tokens[t];
    let tagged = parse.token_tag[t]
        .as_deref()
        .is_some_and(|tag| ROLE_TAGS.contains(&tag));
    let in_person = mentions.iter().any(|m| {
        m.tokens.contains(&t)
            && (m.label == Some(Label::Person) || m.form == MentionForm::Pronoun)
            && m.form != MentionForm::Role
    });
    token.is_word && !token.capitalised && tagged && !in_person
}

/// The person name mention starting at token `t`.
fn person_name_at(mentions: &[Mention], t: usize) -> Option<usize> {
    mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.tokens.start == t && m.form == MentionForm::Name && m.label == Some(Label::Person)
        })
        .max_by_key(|(_, m)| m.tokens.len())
        .map(|(i, _)| i)
}

/// Does the name's head climb, through the role words only, to the tie word, joined to it as
/// an apposition or conjunct?
fn hangs_on(parse: &ModelParse, name: &Mention, word: usize, gap: &std::ops::Range<usize>) -> bool {
    let Some(mut t) = name
        .tokens
        .clone()
        .find(|&t| parse.token_head[t].is_some_and(|h| !name.tokens.contains(&h)))
    else {
        return false;
    };
    for _ in 0..=gap.len() {
        let Some(h) = parse.token_head[t] else {
            return false;
        };
        if h == word {
            return matches!(parse.token_dep[t].as_deref(), Some("appos" | "conj"));
        }
        if !gap.contains(&h) {
            return false;
        }
        t = h;
    }
    false
}

fn same_as(tie: usize, name: usize, sentence: usize) -> RelationCandidate {
    RelationCandidate {
        kind: CandidateType::SameAs,
        from: tie,
        to: name,
        rule: RULE.into(),
        confidence: CONFIDENCE,
        hedged: false,
        properties: BTreeMap::new(),
        sentence,
        possessor_kin: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::article::tests::parsed_without_lemmas as parsed;
    use crate::extract::Related;
    use std::ops::Range;

    fn tie(tokens: Range<usize>) -> Mention {
        Mention {
            form: MentionForm::Related,
            related: Some(Related {
                kind: "wife".into(),
                professional: false,
                anchor: None,
            }),
            ..Mention::test_name(tokens, Some(Label::Person))
        }
    }

    fn name(tokens: Range<usize>) -> Mention {
        Mention::test_name(tokens, Some(Label::Person))
    }

    // his wife , the poet Ada Rowe , spoke .
    // 0   1    2 3   4    5   6    7 8     9
    const POET: &str = "his wife, the poet Ada Rowe, spoke.";

    fn poet(rowe_dep: &str, rowe_head: usize) -> (Document, ModelParse) {
        parsed(
            POET,
            &[
                ("PRP$", "poss", 1),
                ("NN", "nsubj", 8),
                (",", "punct", 1),
                ("DT", "det", 4),
                ("NN", "appos", 1),
                ("NNP", "compound", 6),
                ("NNP", rowe_dep, rowe_head),
                (",", "punct", 1),
                ("VBD", "ROOT", 8),
                (".", "punct", 8),
            ],
        )
    }

    #[test]
    fn a_name_apposed_through_a_role_noun_is_the_tie() {
        let (doc, parse) = poet("appos", 4);
        let ms = vec![tie(0..2), name(5..7)];
        let got = ties_named_through_roles(&doc, &parse, &ms);
        let pairs: Vec<(usize, usize)> = got.iter().map(|r| (r.from, r.to)).collect();
        assert_eq!(pairs, vec![(0, 1)]);
        assert_eq!(got[0].kind, CandidateType::SameAs);
    }

    #[test]
    fn a_name_the_parse_hangs_elsewhere_is_not_the_tie() {
        let (doc, parse) = poet("nsubj", 8);
        let ms = vec![tie(0..2), name(5..7)];
        assert!(ties_named_through_roles(&doc, &parse, &ms).is_empty());
    }

    #[test]
    fn a_person_between_tie_and_name_blocks_the_apposition() {
        let (doc, parse) = poet("appos", 4);
        let mut role = name(3..5);
        role.form = MentionForm::Name;
        let ms = vec![tie(0..2), role, name(5..7)];
        assert!(ties_named_through_roles(&doc, &parse, &ms).is_empty());
    }
}
