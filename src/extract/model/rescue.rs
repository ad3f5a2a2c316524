//! Rescues in the article's accident, read from the parse: "A pulled B, his wife and son from
//! the flames" saves every listed person; "A woke up the B family" saves B and, once B's
//! relatives are resolved, them too (`FAMILY_RESCUE_RULE`). Waking or alerting people counts as
//! saving them only in an article that tells of an accident.

use super::tree::Tree;
use super::ModelParse;
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate};
use crate::ingest::Document;
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

/// The rule of a rescue of "the B family": the resolver extends it to B's relatives.
pub(crate) const FAMILY_RESCUE_RULE: &str = "model: rescued a family";

/// Lemmas of verbs whose object is saved from harm wherever they stand.
const SAVE_VERBS: [&str; 6] = ["save", "rescue", "pull", "drag", "carry", "evacuate"];

/// Lemmas of verbs whose object is saved only when the article tells of an accident ("woke up
/// the family" during a fire).
const ALERT_VERBS: [&str; 3] = ["wake", "alert", "warn"];

/// Nouns that stand for a person's household ("the B family", "his family").
const FAMILY_NOUNS: [&str; 2] = ["family", "household"];

const RESCUE_CONFIDENCE: f32 = 0.75;

/// SAVED candidates for the rescues the parse states in an article with an accident.
pub(crate) fn rescues(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    has_accident: bool,
) -> Vec<RelationCandidate> {
    if !has_accident {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (s, sentence) in doc.sentences.iter().enumerate() {
        let tree = Tree {
            parse,
            sentence: &sentence.tokens,
        };
        for v in sentence
            .tokens
            .clone()
            .filter(|&v| is_rescue_verb(parse, v))
        {
            let Some(saver) = tree
                .first_child(v, &["nsubj"])
                .and_then(|t| person_at(mentions, t))
            else {
                continue;
            };
            for (saved, rule) in saved_by(&tree, mentions, v) {
                if saved != saver {
                    out.push(saved_candidate(saver, saved, rule, s));
                }
            }
        }
    }
    out
}

fn is_rescue_verb(parse: &ModelParse, v: usize) -> bool {
    let verb = parse.token_tag[v]
        .as_deref()
        .is_some_and(|t| t.starts_with("VB"));
    let lemma = parse.lemma(v).unwrap_or_default();
    verb && (SAVE_VERBS.contains(&lemma) || ALERT_VERBS.contains(&lemma))
}

/// The persons the object of verb `v` names, with the rule that found each: the object and
/// its conjuncts and appositions, or the owner of a family noun.
fn saved_by(tree: &Tree<'_>, mentions: &[Mention], v: usize) -> Vec<(usize, &'static str)> {
    let Some(object) = tree.first_child(v, &["dobj"]) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for t in tree.with_conjuncts(object) {
        let family = tree
            .parse
            .lemma(t)
            .is_some_and(|l| FAMILY_NOUNS.contains(&l));
        if family {
            let owner = tree.first_child(t, &["compound", "poss"]);
            out.extend(
                owner
                    .and_then(|o| person_at(mentions, o))
                    .map(|p| (p, FAMILY_RESCUE_RULE)),
            );
        } else if let Some(p) = person_at(mentions, t) {
            out.push((p, "model: rescued a person"));
        }
    }
    out.dedup();
    out
}

fn saved_candidate(saver: usize, saved: usize, rule: &str, sentence: usize) -> RelationCandidate {
    RelationCandidate {
        kind: CandidateType::Rel(RelType::SAVED),
        from: saver,
        to: saved,
        rule: rule.into(),
        confidence: RESCUE_CONFIDENCE,
        hedged: false,
        properties: BTreeMap::new(),
        sentence,
        possessor_kin: false,
    }
}

/// The person mention covering token `t`: a name, a tie ("his wife"), a role or a pronoun.
fn person_at(mentions: &[Mention], t: usize) -> Option<usize> {
    mentions.iter().position(|m| {
        m.tokens.contains(&t)
            && (m.label == Some(Label::Person) || m.form == MentionForm::Pronoun)
            && matches!(
                m.form,
                MentionForm::Name | MentionForm::Related | MentionForm::Role | MentionForm::Pronoun
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest, Abbreviations};
    use std::ops::Range;
    use std::path::Path;

    /// A document and a parse of it from (lemma, tag, dep, head) per token.
    fn parsed(text: &str, tokens: &[(&str, &str, &str, usize)]) -> (Document, ModelParse) {
        let doc = ingest(
            "t.txt",
            Path::new("t.txt"),
            text.to_string(),
            &Abbreviations::new(["Mt"]),
        );
        assert_eq!(doc.tokens.len(), tokens.len(), "{:?}", doc.tokens);
        let s = |v: &str| Some(v.to_string());
        let parse = ModelParse {
            token_lemma: tokens.iter().map(|t| s(t.0)).collect(),
            token_tag: tokens.iter().map(|t| s(t.1)).collect(),
            token_dep: tokens.iter().map(|t| s(t.2)).collect(),
            token_head: tokens.iter().map(|t| Some(t.3)).collect(),
            ..ModelParse::default()
        };
        (doc, parse)
    }

    fn person(tokens: Range<usize>) -> Mention {
        Mention::test_name(tokens, Some(Label::Person))
    }

    fn edges(c: &[RelationCandidate]) -> Vec<(usize, usize, &str)> {
        c.iter().map(|r| (r.from, r.to, r.rule.as_str())).collect()
    }

    // Cy Dorn woke up the Lind family .
    // 0  1    2    3  4   5    6      7
    fn woke_family() -> (Document, ModelParse) {
        parsed(
            "Cy Dorn woke up the Lind family.",
            &[
                ("Cy", "NNP", "compound", 1),
                ("Dorn", "NNP", "nsubj", 2),
                ("wake", "VBD", "ROOT", 2),
                ("up", "RP", "prt", 2),
                ("the", "DT", "det", 6),
                ("Lind", "NNP", "compound", 6),
                ("family", "NN", "dobj", 2),
                (".", ".", "punct", 2),
            ],
        )
    }

    #[test]
    fn waking_a_family_in_an_accident_saves_its_owner() {
        let (doc, parse) = woke_family();
        let ms = vec![person(0..2), person(5..6)];
        let got = rescues(&doc, &parse, &ms, true);
        assert_eq!(edges(&got), vec![(0, 1, FAMILY_RESCUE_RULE)]);
    }

    #[test]
    fn waking_someone_outside_an_accident_saves_no_one() {
        let (doc, parse) = woke_family();
        let ms = vec![person(0..2), person(5..6)];
        assert!(rescues(&doc, &parse, &ms, false).is_empty());
    }

    #[test]
    fn every_person_listed_as_the_object_is_saved() {
        // Ann pulled Bo and Cy out .
        // 0   1      2  3   4  5   6
        let (doc, parse) = parsed(
            "Ann pulled Bo and Cy out.",
            &[
                ("Ann", "NNP", "nsubj", 1),
                ("pull", "VBD", "ROOT", 1),
                ("Bo", "NNP", "dobj", 1),
                ("and", "CC", "cc", 2),
                ("Cy", "NNP", "conj", 2),
                ("out", "RP", "prt", 1),
                (".", ".", "punct", 1),
            ],
        );
        let ms = vec![person(0..1), person(2..3), person(4..5)];
        let got = rescues(&doc, &parse, &ms, true);
        let pairs: Vec<(usize, usize)> = got.iter().map(|r| (r.from, r.to)).collect();
        assert_eq!(pairs, vec![(0, 1), (0, 2)]);
    }
}
