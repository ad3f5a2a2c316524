//! The persons a plural possessive stands for: "A and B were there, and their father, C,
//! watched" — "their" is A and B, the last persons the text coordinated, in the same sentence
//! or the one before, when no other plural noun stands between them and the possessive; and
//! "the couple's son, C" (a family word after "the couple's", which names no mention of its
//! own) ties C to each of them.

use super::ModelParse;
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate};
use crate::ingest::Document;
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

/// Confidence of a tie of a couple's relative to each partner.
const COUPLE_CONFIDENCE: f32 = 0.7;

/// How many sentences before the tie's own the coordinated persons may stand.
const SENTENCES_BACK: usize = 1;

/// Tags of plural nouns that "their" could stand for instead ("fans", "the Smiths").
const PLURAL_TAGS: [&str; 2] = ["NNS", "NNPS"];

/// The persons coordinated last before tie mention `tie` ("A and B", "A, B and C"), if no
/// plural noun stands between them and the tie; empty otherwise.
pub(crate) fn coordinated_before(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    tie: usize,
) -> Vec<usize> {
    let m = &mentions[tie];
    coordinated_before_token(doc, parse, mentions, m.sentence, m.tokens.start)
}

/// The persons coordinated last before token `start` of sentence `sentence`.
fn coordinated_before_token(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    sentence: usize,
    start: usize,
) -> Vec<usize> {
    let first_sentence = sentence.saturating_sub(SENTENCES_BACK);
    let from = doc.sentences[first_sentence].tokens.start;
    let names: Vec<usize> = (0..mentions.len())
        .filter(|&i| {
            let n = &mentions[i];
            is_person_name(n) && n.tokens.start >= from && n.tokens.end <= start
        })
        .collect();
    let Some(group) = last_coordination(parse, mentions, &names) else {
        return Vec::new();
    };
    let group_end = group.iter().map(|&g| mentions[g].tokens.end).max();
    let between = group_end.unwrap_or(start)..start;
    let other_plural = between.clone().any(|t| {
        parse.token_tag[t]
            .as_deref()
            .is_some_and(|tag| PLURAL_TAGS.contains(&tag))
    });
    if other_plural {
        Vec::new()
    } else {
        group
    }
}

/// "the couple's son, C" / "the couple's children A and B": RELATIVE_OF from each named
/// relative to each of the persons coordinated before; `kin_kind` gives a family word's kind.
pub(crate) fn couples_relatives<'k>(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    kin_kind: impl Fn(&str) -> Option<&'k str>,
) -> Vec<RelationCandidate> {
    let mut out = Vec::new();
    for (s, sentence) in doc.sentences.iter().enumerate() {
        for c in sentence.tokens.clone() {
            let norm = |t: usize| doc.tokens.get(t).map_or("", |t| t.norm.as_str());
            if norm(c) != "couple" || norm(c + 1) != "'s" {
                continue;
            }
            let Some(kind) = kin_kind(norm(c + 2)) else {
                continue;
            };
            let relatives = names_after(doc, mentions, c + 3, sentence.tokens.end);
            let partners = coordinated_before_token(doc, parse, mentions, s, c);
            if partners.len() < 2 {
                continue;
            }
            for &r in &relatives {
                out.extend(partners.iter().map(|&p| couple_tie(r, p, kind, s)));
            }
        }
    }
    out
}

/// The person names listed from token `t` ("[,] A[, B] and C") up to the sentence end `end`.
fn names_after(doc: &Document, mentions: &[Mention], mut t: usize, end: usize) -> Vec<usize> {
    let mut out = Vec::new();
    while t < end {
        if matches!(doc.tokens[t].norm.as_str(), "," | "and") {
            t += 1;
            continue;
        }
        let name = mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.tokens.start == t && is_person_name(m))
            .max_by_key(|(_, m)| m.tokens.len());
        let Some((i, m)) = name else { break };
        out.push(i);
        t = m.tokens.end;
    }
    out
}

fn couple_tie(relative: usize, partner: usize, kind: &str, sentence: usize) -> RelationCandidate {
    RelationCandidate {
        kind: CandidateType::Rel(RelType::RELATIVE_OF),
        from: relative,
        to: partner,
        rule: "model: relative of a couple".into(),
        confidence: COUPLE_CONFIDENCE,
        hedged: false,
        properties: BTreeMap::from([("kind".to_string(), kind.to_string())]),
        sentence,
        possessor_kin: false,
    }
}

fn is_person_name(m: &Mention) -> bool {
    m.form == MentionForm::Name && m.label == Some(Label::Person)
}

/// The last group of names (among `names`) the parse joins as conjuncts: the first conjunct and
/// every name hanging on it by `conj`.
fn last_coordination(
    parse: &ModelParse,
    mentions: &[Mention],
    names: &[usize],
) -> Option<Vec<usize>> {
    let head_name = |i: usize| -> Option<usize> {
        let n = &mentions[i];
        let root = n
            .tokens
            .clone()
            .find(|&t| parse.token_head[t].is_some_and(|h| !n.tokens.contains(&h)))?;
        let conj = parse.token_dep[root].as_deref() == Some("conj");
        let h = parse.token_head[root]?;
        let first = names
            .iter()
            .copied()
            .find(|&j| j != i && mentions[j].tokens.contains(&h));
        first.filter(|_| conj)
    };
    let last = names.iter().rev().find_map(|&i| head_name(i))?;
    let mut group = vec![last];
    for &i in names {
        if head_name(i).is_some_and(|f| group.contains(&f)) {
            group.push(i);
        }
    }
    group.sort_by_key(|&i| mentions[i].tokens.start);
    group.dedup();
    Some(group)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::article::tests::parsed_without_lemmas as parsed;
    use crate::extract::Related;
    use std::ops::Range;

    fn name(tokens: Range<usize>) -> Mention {
        Mention::test_name(tokens, Some(Label::Person))
    }

    fn tie(tokens: Range<usize>) -> Mention {
        Mention {
            form: MentionForm::Related,
            related: Some(Related {
                kind: "father".into(),
                professional: false,
                anchor: None,
            }),
            ..Mention::test_name(tokens, Some(Label::Person))
        }
    }

    // Ann Lee and Bo Ray came , and their father watched .
    // 0   1   2   3  4   5    6 7   8     9      10      11
    fn came(between: &str) -> (Document, ModelParse) {
        let text = format!("Ann Lee and Bo Ray came, and {between} father watched.");
        parsed(
            &text,
            &[
                ("NNP", "compound", 1),
                ("NNP", "nsubj", 5),
                ("CC", "cc", 1),
                ("NNP", "compound", 4),
                ("NNP", "conj", 1),
                ("VBD", "ROOT", 5),
                (",", "punct", 5),
                ("CC", "cc", 5),
                (if between == "their" { "PRP$" } else { "NNS" }, "poss", 9),
                ("NN", "nsubj", 10),
                ("VBD", "conj", 5),
                (".", "punct", 10),
            ],
        )
    }

    #[test]
    fn their_stands_for_the_persons_coordinated_before() {
        let (doc, parse) = came("their");
        let ms = vec![name(0..2), name(3..5), tie(8..10)];
        assert_eq!(coordinated_before(&doc, &parse, &ms, 2), vec![0, 1]);
    }

    #[test]
    fn a_plural_noun_between_takes_their_from_the_persons() {
        let (doc, parse) = came("fans");
        let ms = vec![name(0..2), name(3..5), tie(9..10)];
        assert!(coordinated_before(&doc, &parse, &ms, 2).is_empty());
    }
    #[test]
    fn the_couples_son_is_each_partners() {
        // Ann Lee and Bo Ray wed . The couple 's son , Ned Ray , spoke .
        // 0   1   2   3  4   5   6 7   8      9  10  11 12  13  14 15    16
        let (doc, parse) = parsed(
            "Ann Lee and Bo Ray wed. The couple's son, Ned Ray, spoke.",
            &[
                ("NNP", "compound", 1),
                ("NNP", "nsubj", 5),
                ("CC", "cc", 1),
                ("NNP", "compound", 4),
                ("NNP", "conj", 1),
                ("VBD", "ROOT", 5),
                (".", "punct", 5),
                ("DT", "det", 8),
                ("NN", "poss", 10),
                ("POS", "case", 8),
                ("NN", "nsubj", 15),
                (",", "punct", 10),
                ("NNP", "compound", 13),
                ("NNP", "appos", 10),
                (",", "punct", 10),
                ("VBD", "ROOT", 15),
                (".", "punct", 15),
            ],
        );
        let mut ms = vec![name(0..2), name(3..5), name(12..14)];
        ms[2].sentence = 1;
        let got = couples_relatives(&doc, &parse, &ms, |w| (w == "son").then_some("son"));
        let ties: Vec<(usize, usize, &str)> = got
            .iter()
            .map(|r| (r.from, r.to, r.properties["kind"].as_str()))
            .collect();
        assert_eq!(ties, vec![(2, 0, "son"), (2, 1, "son")]);
    }
}
