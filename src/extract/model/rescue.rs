//! Rescues read from the parse: "A pulled B, his wife and son from the flames" saves every
//! listed person; "A woke up the B family" saves B and, once B's relatives are resolved, them
//! too (`FAMILY_RESCUE_RULE`). "Saved" and "rescued" save wherever they stand, as does "saved
//! her life" (the life's owner); moving someone ("pulled him clear", "dragged her to safety",
//! "carried him out of the water") or "kept her alive" saves them when the clause states the
//! safe result, or anywhere in an article that tells of an accident. Waking or alerting people
//! counts only in such an article. A denied or merely attempted rescue saves no one.

use super::tree::Tree;
use super::ModelParse;
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate};
use crate::ingest::Document;
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

/// The rule of a rescue of "the B family": the resolver extends it to B's relatives.
pub(crate) const FAMILY_RESCUE_RULE: &str = "model: rescued a family";

/// Lemmas of verbs whose object is saved from harm wherever they stand.
const SAVE_VERBS: [&str; 3] = ["save", "rescue", "evacuate"];

/// Lemmas of verbs that move someone: a rescue when the clause states a safe result, or in an
/// article that tells of an accident.
const MOVE_VERBS: [&str; 6] = ["pull", "drag", "carry", "haul", "lift", "keep"];

/// Lemmas of verbs whose object is saved only when the article tells of an accident ("woke up
/// the family" during a fire).
const ALERT_VERBS: [&str; 3] = ["wake", "alert", "warn"];

/// Words of a safe result ("pulled him clear", "dragged her to safety", "kept her alive").
const SAFE_RESULTS: [&str; 6] = ["clear", "free", "alive", "safe", "safety", "ashore"];

/// What a person is pulled out of or from in a rescue ("out of the water", "from the flames").
const DANGERS: [&str; 14] = [
    "water", "river", "sea", "lake", "canal", "surf", "current", "flames", "fire", "smoke",
    "wreckage", "rubble", "ice", "mud",
];

/// Words under which a rescue is only attempted ("tried to pull him free").
const ATTEMPT_VERBS: [&str; 3] = ["try", "attempt", "struggle"];

/// Words under which a rescue did not happen ("failed to pull him free", "was unable to save
/// her").
const DENIAL_WORDS: [&str; 2] = ["fail", "unable"];

/// Modals of a rescue that did not happen ("could have saved him").
const UNREAL_MODALS: [&str; 4] = ["could", "would", "might", "should"];

/// Nouns that stand for a person's household ("the B family", "his family").
const FAMILY_NOUNS: [&str; 2] = ["family", "household"];

/// Objects that stand for their owner ("saved her life"); a result word the parse took for
/// the object ("pulled her clear" read as "her clear") does too.
const LIFE_NOUNS: [&str; 2] = ["life", "lives"];

const RESCUE_CONFIDENCE: f32 = 0.75;

/// SAVED candidates for the rescues the parse states.
pub(crate) fn rescues(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    has_accident: bool,
) -> Vec<RelationCandidate> {
    let mut out = Vec::new();
    for (s, sentence) in doc.sentences.iter().enumerate() {
        let tree = Tree {
            parse,
            sentence: &sentence.tokens,
        };
        for v in sentence
            .tokens
            .clone()
            .filter(|&v| is_rescue(&tree, v, has_accident) && !is_denied_or_attempted(&tree, v))
        {
            if let Some((saver, saved)) = passive_rescue(&tree, mentions, v) {
                out.extend(
                    saved
                        .into_iter()
                        .filter(|&p| p != saver)
                        .map(|p| saved_candidate(saver, p, "model: rescued by a person", s)),
                );
                continue;
            }
            let Some(saver) = subject_of(&tree, v).and_then(|t| person_at(mentions, t)) else {
                continue;
            };
            for (saved, rule) in saved_by(&tree, mentions, v) {
                let saved = rebind_object_pronoun(doc, parse, mentions, saver, saved);
                if saved != saver && !is_reflexive(doc, &mentions[saved]) {
                    out.push(saved_candidate(saver, saved, rule, s));
                }
            }
        }
    }
    out
}

/// "She was pulled from the water by A": the person of the agent, and the persons of the
/// passive subject.
fn passive_rescue(tree: &Tree<'_>, mentions: &[Mention], v: usize) -> Option<(usize, Vec<usize>)> {
    let subject = tree.first_child(v, &["nsubjpass"])?;
    let by = tree.first_child(v, &["agent"])?;
    let saver = tree
        .first_child(by, &["pobj"])
        .and_then(|t| person_at(mentions, t))?;
    let saved = tree
        .with_conjuncts(subject)
        .into_iter()
        .filter_map(|t| person_at(mentions, t))
        .collect();
    Some((saver, saved))
}

/// The subject of verb `v`, or of the verb it is coordinated with or complements ("A climbed
/// down and pulled her clear", "A managed to pull him free", "A was able to save him").
fn subject_of(tree: &Tree<'_>, v: usize) -> Option<usize> {
    let parse = tree.parse;
    let mut t = v;
    for _ in 0..3 {
        if let Some(s) = tree.first_child(t, &["nsubj"]) {
            return Some(s);
        }
        let climbs = matches!(
            parse.token_dep[t].as_deref(),
            Some("conj" | "xcomp" | "acomp")
        );
        t = parse.token_head[t].filter(|&h| climbs && h != t)?;
    }
    None
}

/// Does verb `v` state a rescue: a saving verb, a moving verb with a safe result (or in an
/// accident), or an alerting verb in an accident?
fn is_rescue(tree: &Tree<'_>, v: usize, has_accident: bool) -> bool {
    let parse = tree.parse;
    let verb = parse.token_tag[v]
        .as_deref()
        .is_some_and(|t| t.starts_with("VB"));
    let lemma = parse.lemma(v).unwrap_or_default();
    let moved = MOVE_VERBS.contains(&lemma)
        && (has_safe_result(tree, v) || (has_accident && lemma != "keep"));
    verb && (SAVE_VERBS.contains(&lemma) || moved || (has_accident && ALERT_VERBS.contains(&lemma)))
}

/// Does the clause of `v` state where its object ends up safe: a result word ("clear", "to
/// safety", "alive") or a danger it is taken out of ("out of the water")?
fn has_safe_result(tree: &Tree<'_>, v: usize) -> bool {
    let word = |t: usize| tree.parse.lemma(t).unwrap_or_default().to_lowercase();
    let result = tree
        .children(
            v,
            &["prt", "oprd", "acomp", "advmod", "ccomp", "xcomp", "dobj"],
        )
        .any(|c| SAFE_RESULTS.contains(&word(c).as_str()));
    let danger = tree.children(v, &["prep"]).any(|p| {
        let objects = prep_objects(tree, p);
        let from_danger = matches!(word(p).as_str(), "out" | "from" | "of");
        objects.iter().any(|&o| {
            let w = word(o);
            SAFE_RESULTS.contains(&w.as_str()) || (from_danger && DANGERS.contains(&w.as_str()))
        })
    });
    result || danger
}

/// The objects of preposition `p`, through a nested one ("out of the water").
fn prep_objects(tree: &Tree<'_>, p: usize) -> Vec<usize> {
    let mut out: Vec<usize> = tree.children(p, &["pobj"]).collect();
    for q in tree.children(p, &["prep"]) {
        out.extend(tree.children(q, &["pobj"]));
    }
    out
}

/// "tried to pull him free", or a denied rescue: no rescue is stated.
fn is_denied_or_attempted(tree: &Tree<'_>, v: usize) -> bool {
    is_denied(tree, v) || complements(tree.parse, v, &ATTEMPT_VERBS)
}

/// "could not save him", "failed to pull her clear", "might have saved her".
fn is_denied(tree: &Tree<'_>, v: usize) -> bool {
    let parse = tree.parse;
    let negated = tree.first_child(v, &["neg"]).is_some()
        || tree
            .children(v, &["aux"])
            .any(|a| parse.lemma(a).is_some_and(|l| UNREAL_MODALS.contains(&l)));
    negated || complements(parse, v, &DENIAL_WORDS)
}

/// Is `v` the complement of one of `words` ("tried to save")?
fn complements(parse: &ModelParse, v: usize, words: &[&str]) -> bool {
    parse.token_dep[v].as_deref() == Some("xcomp")
        && parse.token_head[v]
            .and_then(|h| parse.lemma(h))
            .is_some_and(|l| words.contains(&l))
}

/// The person an object pronoun of a rescue stands for, which is never the rescuer named as
/// the clause's subject ("Mia Holt pulled her clear": her is not Mia Holt): the nearest
/// earlier name of the pronoun's gender in this sentence or the one before, other than the
/// rescuer and, in its own sentence, other than the subject of a clause ("Ed Roe said Mia
/// Holt saved her"). Other objects, and pronouns with no such name, stay as they are.
fn rebind_object_pronoun(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    saver: usize,
    saved: usize,
) -> usize {
    let (r, p) = (&mentions[saver], &mentions[saved]);
    if p.form != MentionForm::Pronoun || r.form != MentionForm::Name || p.first_person {
        return saved;
    }
    let surname = |m: &Mention| doc.tokens[m.tokens.end - 1].norm.clone();
    let rescuer = surname(r);
    let window = p.sentence.saturating_sub(1)..=p.sentence;
    mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.form == MentionForm::Name
                && m.label == Some(Label::Person)
                && window.contains(&m.sentence)
                && m.tokens.end <= p.tokens.start
                && surname(m) != rescuer
                && (m.sentence != p.sentence || !is_subject(parse, m))
                && (m.female.is_none() || p.female.is_none() || m.female == p.female)
        })
        .max_by_key(|(_, m)| m.tokens.start)
        .map_or(saved, |(i, _)| i)
}

fn is_subject(parse: &ModelParse, m: &Mention) -> bool {
    m.tokens.clone().any(|t| {
        let outside = parse.token_head[t].is_some_and(|h| !m.tokens.contains(&h));
        outside && matches!(parse.token_dep[t].as_deref(), Some("nsubj" | "nsubjpass"))
    })
}

fn is_reflexive(doc: &Document, m: &Mention) -> bool {
    m.form == MentionForm::Pronoun && doc.tokens[m.tokens.start].norm.ends_with("self")
}

/// The persons the object of verb `v` names, with the rule that found each: the object and
/// its conjuncts and appositions, the owner of a family noun, or the owner of a life.
fn saved_by(tree: &Tree<'_>, mentions: &[Mention], v: usize) -> Vec<(usize, &'static str)> {
    let Some(object) = tree.first_child(v, &["dobj"]) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for t in tree.with_conjuncts(object) {
        let lemma = tree.parse.lemma(t).unwrap_or_default();
        if FAMILY_NOUNS.contains(&lemma) {
            let owner = tree.first_child(t, &["compound", "poss"]);
            out.extend(
                owner
                    .and_then(|o| person_at(mentions, o))
                    .map(|p| (p, FAMILY_RESCUE_RULE)),
            );
        } else if LIFE_NOUNS.contains(&lemma) || SAFE_RESULTS.contains(&lemma) {
            let owner = tree.first_child(t, &["poss"]);
            out.extend(
                owner
                    .and_then(|o| person_at(mentions, o))
                    .map(|p| (p, "model: saved a life")),
            );
        } else if let Some(p) = person_at(mentions, t) {
            out.push((p, "model: rescued a person"));
        }
    }
    out.dedup();
    out
}

/// Drops a SAVED edge a word pattern read across a clause ("A said B had saved his life" is
/// no rescue by A) or from a denied one ("A was unable to save her"): no saving verb of its
/// sentence is stated as done with no other person as its subject.
pub(crate) fn drop_savers_the_parse_denies(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    relations: &mut Vec<RelationCandidate>,
) {
    relations.retain(|r| {
        let pattern_rescue = r.kind == CandidateType::Rel(RelType::SAVED)
            && !r.rule.starts_with("model:")
            && !r.rule.starts_with("dep-");
        !(pattern_rescue && no_verb_supports(doc, parse, mentions, r))
    });
}

fn no_verb_supports(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    r: &RelationCandidate,
) -> bool {
    let sentence = &doc.sentences[r.sentence].tokens;
    let tree = Tree { parse, sentence };
    let rescuer = &mentions[r.from].tokens;
    let verbs: Vec<usize> = sentence
        .clone()
        .filter(|&v| {
            let lemma = parse.lemma(v).unwrap_or_default();
            (SAVE_VERBS.contains(&lemma) || lemma == "pull")
                && parse.token_tag[v]
                    .as_deref()
                    .is_some_and(|t| t.starts_with("VB"))
        })
        .collect();
    let supports = |v: usize| {
        let other_subject = subject_of(&tree, v)
            .is_some_and(|s| !rescuer.contains(&s) && person_at(mentions, s).is_some());
        !is_denied(&tree, v) && !other_subject
    };
    !verbs.is_empty() && !verbs.into_iter().any(supports)
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
    // Ann Roe pulled Bo Lin clear .
    // 0   1   2      3  4   5     6
    fn pulled_clear(neg: bool) -> (Document, ModelParse) {
        let text = if neg {
            "Ann Roe never pulled Bo Lin clear."
        } else {
            "Ann Roe duly pulled Bo Lin clear."
        };
        parsed(
            text,
            &[
                ("Ann", "NNP", "compound", 1),
                ("Roe", "NNP", "nsubj", 3),
                ("x", "RB", if neg { "neg" } else { "advmod" }, 3),
                ("pull", "VBD", "ROOT", 3),
                ("Bo", "NNP", "compound", 5),
                ("Lin", "NNP", "dobj", 3),
                ("clear", "JJ", "oprd", 3),
                (".", ".", "punct", 3),
            ],
        )
    }

    #[test]
    fn pulling_someone_clear_saves_them_without_an_accident() {
        let (doc, parse) = pulled_clear(false);
        let ms = vec![person(0..2), person(4..6)];
        let got = rescues(&doc, &parse, &ms, false);
        let pairs: Vec<(usize, usize)> = got.iter().map(|r| (r.from, r.to)).collect();
        assert_eq!(pairs, vec![(0, 1)]);
    }

    #[test]
    fn a_denied_rescue_saves_no_one() {
        let (doc, parse) = pulled_clear(true);
        let ms = vec![person(0..2), person(4..6)];
        assert!(rescues(&doc, &parse, &ms, true).is_empty());
    }

    #[test]
    fn an_object_pronoun_is_not_the_rescuer_but_the_person_before() {
        // Cy Moe fell . Ann Roe pulled him free .
        // 0  1   2    3 4   5   6      7   8    9
        let (doc, parse) = parsed(
            "Cy Moe fell. Ann Roe pulled him free.",
            &[
                ("Cy", "NNP", "compound", 1),
                ("Moe", "NNP", "nsubj", 2),
                ("fall", "VBD", "ROOT", 2),
                (".", ".", "punct", 2),
                ("Ann", "NNP", "compound", 5),
                ("Roe", "NNP", "nsubj", 6),
                ("pull", "VBD", "ROOT", 6),
                ("he", "PRP", "dobj", 6),
                ("free", "JJ", "oprd", 6),
                (".", ".", "punct", 6),
            ],
        );
        let mut him = person(7..8);
        him.form = MentionForm::Pronoun;
        let mut ms = vec![person(0..2), person(4..6), him];
        ms[0].sentence = 0;
        for m in &mut ms[1..] {
            m.sentence = 1;
        }
        let got = rescues(&doc, &parse, &ms, false);
        let pairs: Vec<(usize, usize)> = got.iter().map(|r| (r.from, r.to)).collect();
        assert_eq!(pairs, vec![(1, 0)]);
    }
    #[test]
    fn the_agent_of_a_passive_rescue_saves_its_subject() {
        // Bo Lin was dragged to safety by Ann Roe .
        // 0  1   2   3       4  5      6  7   8   9
        let (doc, parse) = parsed(
            "Bo Lin was dragged to safety by Ann Roe.",
            &[
                ("Bo", "NNP", "compound", 1),
                ("Lin", "NNP", "nsubjpass", 3),
                ("be", "VBD", "auxpass", 3),
                ("drag", "VBN", "ROOT", 3),
                ("to", "IN", "prep", 3),
                ("safety", "NN", "pobj", 4),
                ("by", "IN", "agent", 3),
                ("Ann", "NNP", "compound", 8),
                ("Roe", "NNP", "pobj", 6),
                (".", ".", "punct", 3),
            ],
        );
        let ms = vec![person(0..2), person(7..9)];
        let got = rescues(&doc, &parse, &ms, false);
        let pairs: Vec<(usize, usize)> = got.iter().map(|r| (r.from, r.to)).collect();
        assert_eq!(pairs, vec![(1, 0)]);
    }
    // Ann Roe managed to pull her clear .   ("her clear" misparsed as poss + dobj)
    // 0   1   2       3  4    5   6     7
    fn managed(head_word: &str) -> (Document, ModelParse) {
        parsed(
            &format!("Ann Roe {head_word} to pull her clear."),
            &[
                ("Ann", "NNP", "compound", 1),
                ("Roe", "NNP", "nsubj", 2),
                (head_word, "VBD", "ROOT", 2),
                ("to", "TO", "aux", 4),
                ("pull", "VB", "xcomp", 2),
                ("she", "PRP$", "poss", 6),
                ("clear", "NN", "dobj", 4),
                (".", ".", "punct", 2),
            ],
        )
    }

    #[test]
    fn a_rescue_complementing_a_verb_takes_its_subject_unless_it_failed() {
        let mut her = person(5..6);
        her.form = MentionForm::Pronoun;
        let ms = vec![person(0..2), her];
        let (doc, parse) = managed("manage");
        let got = rescues(&doc, &parse, &ms, false);
        let pairs: Vec<(usize, usize)> = got.iter().map(|r| (r.from, r.to)).collect();
        assert_eq!(pairs, vec![(0, 1)]);
        let (doc, parse) = managed("fail");
        assert!(rescues(&doc, &parse, &ms, false).is_empty());
    }
}
