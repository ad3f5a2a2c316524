//! People hurt in the article's accident: a sentence that says someone was hurt ("X was
//! injured", "X, who was hospitalised", "X and Y sustained injuries", "X suffered a fall")
//! without naming the event ties them to the accident of the article, read from the parse.

use super::tree::Tree;
use super::ModelParse;
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate};
use crate::ingest::Document;
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;
use std::ops::Range;

/// Lemmas of verbs whose subject (in the passive) or whose verb alone says a person was hurt.
const HURT_VERBS: [&str; 8] = [
    "injure",
    "hurt",
    "hospitalize",
    "hospitalise",
    "hospitalised",
    "hospitalized",
    "wound",
    "kill",
];

/// Lemmas of verbs that take the injury as their object ("suffered a head injury").
const SUFFER_VERBS: [&str; 2] = ["suffer", "sustain"];

/// Lemmas of the injuries those verbs take.
const INJURY_NOUNS: [&str; 8] = [
    "injury",
    "fracture",
    "concussion",
    "burn",
    "wound",
    "fall",
    "bleed",
    "break",
];

const IN_SENTENCE: f32 = 0.7;
const FROM_ARTICLE: f32 = 0.6;

/// INJURED_IN candidates for the people each sentence says were hurt: to the sentence's own
/// accident, else to the article's first accident (`is_accident`); none without an accident.
pub(crate) fn hurt_in_accident(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    is_accident: impl Fn(&Mention) -> bool,
) -> Vec<RelationCandidate> {
    let accidents: Vec<usize> = (0..mentions.len())
        .filter(|&i| is_accident(&mentions[i]))
        .collect();
    let Some(&first) = accidents.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (s, sentence) in doc.sentences.iter().enumerate() {
        let here = accidents
            .iter()
            .copied()
            .find(|&a| mentions[a].sentence == s);
        let (event, rule, confidence) = match here {
            Some(a) => (a, "article: hurt, accident of the sentence", IN_SENTENCE),
            None => (first, "article: hurt, the article's accident", FROM_ARTICLE),
        };
        for t in sentence.tokens.clone() {
            for p in named_victims(parse, hurt_subjects(parse, &sentence.tokens, t))
                .into_iter()
                .filter_map(|w| person_at(mentions, w))
            {
                out.push(RelationCandidate {
                    kind: CandidateType::Rel(RelType::INJURED_IN),
                    from: p,
                    to: event,
                    rule: rule.into(),
                    confidence,
                    hedged: false,
                    properties: BTreeMap::new(),
                    sentence: s,
                    possessor_kin: false,
                });
            }
        }
    }
    out
}

/// The tokens of the people token `t` says were hurt, with their conjuncts ("Hart and Black").
fn hurt_subjects(parse: &ModelParse, sentence: &Range<usize>, t: usize) -> Vec<usize> {
    let tree = Tree { parse, sentence };
    let Some(subject) = hurt_subject(&tree, t) else {
        return Vec::new();
    };
    let mut out = vec![subject];
    let mut k = 0;
    while k < out.len() {
        out.extend(tree.children(out[k], &["conj"]));
        k += 1;
    }
    out
}

/// The subject token `t` says was hurt: "X was hurt", "X, who was hurt", "X hospitalised
/// after …", "X suffered an injury"; none when negated ("was not hurt", "no injuries").
fn hurt_subject(tree: &Tree<'_>, t: usize) -> Option<usize> {
    let parse = tree.parse;
    let lemma = parse.lemma(t)?;
    if tree.first_child(t, &["neg"]).is_some() {
        return None;
    }
    if HURT_VERBS.contains(&lemma) {
        if let Some(s) = tree.first_child(t, &["nsubjpass"]) {
            return Some(relative_antecedent(parse, t, s));
        }
        let dep = parse.token_dep[t].as_deref();
        let past = matches!(parse.token_tag[t].as_deref(), Some("VBN") | Some("VBD"));
        if past && dep == Some("acl") {
            return parse.token_head[t];
        }
        let objectless = tree.first_child(t, &["dobj"]).is_none();
        if past && objectless {
            return tree.first_child(t, &["nsubj"]);
        }
        return None;
    }
    if SUFFER_VERBS.contains(&lemma) && suffers_injury(tree, t) {
        let s = tree.first_child(t, &["nsubj"])?;
        return Some(relative_antecedent(parse, t, s));
    }
    None
}

/// Does verb `t` take an injury as its object, not denied ("sustained no injuries")?
fn suffers_injury(tree: &Tree<'_>, t: usize) -> bool {
    let parse = tree.parse;
    tree.children(t, &["dobj"]).any(|o| {
        let injury = parse.lemma(o).is_some_and(|l| INJURY_NOUNS.contains(&l));
        let denied = tree
            .children(o, &["det", "neg"])
            .any(|d| parse.lemma(d) == Some("no"));
        injury && !denied
    })
}

/// "X, who was hurt": the relative pronoun's antecedent, else the subject itself.
fn relative_antecedent(parse: &ModelParse, verb: usize, subject: usize) -> usize {
    let relative = matches!(
        parse.token_tag[subject].as_deref(),
        Some("WP") | Some("WDT")
    );
    match (relative, parse.token_dep[verb].as_deref()) {
        (true, Some("relcl")) => parse.token_head[verb].unwrap_or(subject),
        _ => subject,
    }
}

/// Is token `t` a proper noun or a pronoun ("Kevin Hart", "she"), not a common noun taken for
/// a name ("Comedian and actor X")?
fn is_proper_or_pronoun(parse: &ModelParse, t: usize) -> bool {
    matches!(
        parse.token_tag[t].as_deref(),
        Some("NNP") | Some("NNPS") | Some("PRP") | Some("WP")
    )
}

/// The hurt tokens that may name a person: proper nouns and pronouns, less a word the NER
/// types as no person when it is coordinated with one it types as a person ("Comedian and
/// actor X": the first is a description of X).
fn named_victims(parse: &ModelParse, hurt: Vec<usize>) -> Vec<usize> {
    let has_person = hurt.iter().any(|&w| ner_kind(parse, w) == Some("PERSON"));
    hurt.into_iter()
        .filter(|&w| is_proper_or_pronoun(parse, w))
        .filter(|&w| !(has_person && ner_other_than_person(parse, w)))
        .collect()
}

fn ner_kind(parse: &ModelParse, t: usize) -> Option<&str> {
    let e = parse.token_ent.get(t).copied().flatten()?;
    parse.ents.get(e).map(|e| e.kind.as_str())
}

/// Does the NER give token `t` a kind other than a person ("Comedian" read as a group)?
fn ner_other_than_person(parse: &ModelParse, t: usize) -> bool {
    ner_kind(parse, t).is_some_and(|k| k != "PERSON")
}

/// The person mention covering token `t`: a person's name or role, or a pronoun.
fn person_at(mentions: &[Mention], t: usize) -> Option<usize> {
    mentions.iter().position(|m| {
        m.tokens.contains(&t)
            && (m.label == Some(Label::Person) || m.form == MentionForm::Pronoun)
            && matches!(
                m.form,
                MentionForm::Name | MentionForm::Role | MentionForm::Pronoun
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A parse of one sentence from (lemma, tag, dep, head) per token.
    fn parse(tokens: &[(&str, &str, &str, usize)]) -> ModelParse {
        let s = |v: &str| Some(v.to_string());
        ModelParse {
            token_lemma: tokens.iter().map(|t| s(t.0)).collect(),
            token_tag: tokens.iter().map(|t| s(t.1)).collect(),
            token_dep: tokens.iter().map(|t| s(t.2)).collect(),
            token_head: tokens.iter().map(|t| Some(t.3)).collect(),
            ..ModelParse::default()
        }
    }

    fn hurt(p: &ModelParse) -> Vec<usize> {
        let all = 0..p.token_tag.len();
        all.clone()
            .flat_map(|t| hurt_subjects(p, &all, t))
            .collect()
    }

    #[test]
    fn the_subject_of_a_passive_hurt_verb_and_its_conjuncts_were_hurt() {
        // Ava and Bo were injured .
        let p = parse(&[
            ("ava", "NNP", "nsubjpass", 4),
            ("and", "CC", "cc", 0),
            ("bo", "NNP", "conj", 0),
            ("be", "VBD", "auxpass", 4),
            ("injure", "VBN", "ROOT", 4),
        ]);
        assert_eq!(hurt(&p), vec![0, 2]);
    }

    #[test]
    fn a_negated_or_denied_injury_hurts_no_one() {
        // Ava was not hurt .
        let p = parse(&[
            ("ava", "NNP", "nsubjpass", 3),
            ("be", "VBD", "auxpass", 3),
            ("not", "RB", "neg", 3),
            ("hurt", "VBN", "ROOT", 3),
        ]);
        assert!(hurt(&p).is_empty());
        // Bo sustained no injuries .
        let p = parse(&[
            ("bo", "NNP", "nsubj", 1),
            ("sustain", "VBD", "ROOT", 1),
            ("no", "DT", "det", 3),
            ("injury", "NNS", "dobj", 1),
        ]);
        assert!(hurt(&p).is_empty());
    }

    #[test]
    fn a_word_the_ner_types_as_no_person_beside_a_person_is_no_victim() {
        let mut p = parse(&[
            ("comedian", "NNP", "nsubjpass", 0),
            ("ava", "NNP", "conj", 0),
        ]);
        p.ents = vec![
            super::super::NerSpan {
                tokens: 0..1,
                label: None,
                kind: "NORP".into(),
            },
            super::super::NerSpan {
                tokens: 1..2,
                label: Some(Label::Person),
                kind: "PERSON".into(),
            },
        ];
        p.token_ent = vec![Some(0), Some(1)];
        assert!(ner_other_than_person(&p, 0));
        assert!(!ner_other_than_person(&p, 1));
        assert_eq!(named_victims(&p, vec![0, 1]), vec![1]);
        assert_eq!(
            named_victims(&p, vec![0]),
            vec![0],
            "alone, a name the NER mistypes may still be the victim"
        );
    }

    #[test]
    fn suffering_an_injury_and_a_relative_clause_name_the_person() {
        // Bo , who suffered a fall
        let p = parse(&[
            ("bo", "NNP", "ROOT", 0),
            (",", ",", "punct", 0),
            ("who", "WP", "nsubj", 3),
            ("suffer", "VBD", "relcl", 0),
            ("a", "DT", "det", 5),
            ("fall", "NN", "dobj", 3),
        ]);
        assert_eq!(hurt(&p), vec![0]);
    }
}
