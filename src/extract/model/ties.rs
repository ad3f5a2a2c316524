//! Family and professional ties over the parse: a tie that names no owner ("and wife Melanie",
//! "to wife Elizabeth", "along with co-star Salma") belongs to the person the phrase hangs from
//! or to the subject of its clause; and a tie followed by a list ("co-stars A, B and C", "their
//! children, Jaden and Willow") holds for every member of the list.

use super::ModelParse;
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate};
use crate::ingest::Document;
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

/// How many heads a walk from a tie to its owner climbs at most.
const MAX_CLIMB: usize = 12;

/// Confidence of a tie whose owner the parse gave (the phrase named none).
pub(crate) const PARSE_ANCHOR_CONFIDENCE: f32 = 0.7;

/// Confidence of a tie distributed to a later member of the list that follows it.
const LIST_MEMBER_CONFIDENCE: f32 = 0.75;

/// Possessives that name two owners at once ("their children", "the couple's son").
const PLURAL_OWNERS: [&str; 3] = ["their", "couple", "couple's"];

/// The person mention (name or pronoun) that stands for each document token.
fn person_at(n: usize, mentions: &[Mention]) -> Vec<Option<usize>> {
    let mut at = vec![None; n];
    for (i, m) in mentions.iter().enumerate() {
        let person = m.label == Some(Label::Person)
            && matches!(
                m.form,
                MentionForm::Name | MentionForm::Pronoun | MentionForm::Role
            );
        if person {
            for t in m.tokens.clone() {
                if at[t].is_none() {
                    at[t] = Some(i);
                }
            }
        }
    }
    at
}

fn is_verb(parse: &ModelParse, t: usize) -> bool {
    parse.token_tag[t]
        .as_deref()
        .is_some_and(|tag| tag.starts_with("VB") || tag == "MD")
}

/// The subject of verb `v`, if it has one: the person mention standing for it, if any.
fn subject_of(
    parse: &ModelParse,
    at: &[Option<usize>],
    sentence: std::ops::Range<usize>,
    v: usize,
) -> Option<Option<usize>> {
    sentence.into_iter().find_map(|c| {
        let subject = parse.token_head[c] == Some(v)
            && c != v
            && matches!(parse.token_dep[c].as_deref(), Some("nsubj" | "nsubjpass"));
        subject.then(|| at[c])
    })
}

/// How the parse gave a tie's owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// The person the tie phrase is coordinated with ("A and wife B").
    Coordinated(usize),
    /// The subject of the nearest clause ("he dedicated it to wife B").
    Subject(usize),
}

/// The owner of a tie found by climbing the parse from its word: a person the phrase is
/// coordinated with, else the subject of the nearest clause that has one.
fn owner_by_parse(
    doc: &Document,
    parse: &ModelParse,
    at: &[Option<usize>],
    mentions: &[Mention],
    tie: usize,
) -> Option<Owner> {
    let m = &mentions[tie];
    let sentence = doc.sentences[m.sentence].tokens.clone();
    let own = |p: usize| mentions[p].tokens.start >= m.tokens.start;
    if let Some(owner) = parsed_possessor(parse, at, mentions, tie, sentence.clone()) {
        return owner;
    }
    let mut t = m.tokens.end - 1;
    for _ in 0..MAX_CLIMB {
        if is_verb(parse, t) {
            if let Some(subject) = subject_of(parse, at, sentence.clone(), t) {
                return subject.filter(|&p| !own(p)).map(Owner::Subject);
            }
        }
        let h = parse.token_head[t].filter(|&h| h != t && sentence.contains(&h))?;
        let coordinated = matches!(parse.token_dep[t].as_deref(), Some("conj" | "appos"));
        if let Some(p) = at[h].filter(|&p| !own(p) && mentions[p].form == MentionForm::Name) {
            if coordinated {
                return Some(Owner::Coordinated(p));
            }
        }
        t = h;
    }
    None
}

/// A possessor the parse hangs on the tie word outside its mention ("Ada Moss's daughter
/// Jo" when the mention is "daughter"): the named person it stands for, else no owner at all
/// (the text names one, so the clause's subject must not stand in). `None` when the parse gives
/// the word no such possessor, or only a possessive pronoun.
fn parsed_possessor(
    parse: &ModelParse,
    at: &[Option<usize>],
    mentions: &[Mention],
    tie: usize,
    sentence: std::ops::Range<usize>,
) -> Option<Option<Owner>> {
    let m = &mentions[tie];
    let word = m.tokens.end - 1;
    let poss = sentence.into_iter().find(|&c| {
        c < m.tokens.start
            && parse.token_head[c] == Some(word)
            && parse.token_dep[c].as_deref() == Some("poss")
            && parse.token_tag[c].as_deref() != Some("PRP$")
    })?;
    let named = at[poss].filter(|&p| mentions[p].form == MentionForm::Name);
    Some(named.map(Owner::Coordinated))
}

/// Sets the owner of ties that name none from the parse; returns the ties so anchored.
pub(crate) fn anchor_ties_by_parse(
    doc: &Document,
    parse: &ModelParse,
    mentions: &mut [Mention],
) -> Vec<usize> {
    drop_titles_before_names(doc, mentions);
    drop_unpossessed_titles(doc, mentions);
    let at = person_at(parse.token_head.len(), mentions);
    let mut anchored = Vec::new();
    for i in 0..mentions.len() {
        let Some(r) = mentions[i]
            .related
            .as_ref()
            .filter(|_| mentions[i].form == MentionForm::Related)
        else {
            continue;
        };
        let owner = match (r.anchor, owner_by_parse(doc, parse, &at, mentions, i)) {
            (None, Some(Owner::Coordinated(p) | Owner::Subject(p))) => p,
            (Some(a), Some(Owner::Subject(p))) if subject_stands_for(mentions, a, p) => p,
            _ => continue,
        };
        if let Some(r) = mentions[i].related.as_mut() {
            r.anchor = Some(owner);
            anchored.push(i);
        }
    }
    anchored
}

/// A capitalised job word inside a title before a name ("Deputy Assistant Director Ann
/// Bell") is part of the title, not a tie of anyone: it is no person of its own.
fn drop_titles_before_names(doc: &Document, mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        let professional = m.related.as_ref().is_some_and(|r| r.professional);
        let starts_sentence = doc.sentences[m.sentence].tokens.start == m.tokens.start;
        let capitalised = |t: usize| doc.tokens.get(t).is_some_and(|t| t.capitalised);
        let (start, last) = (m.tokens.start, m.tokens.end - 1);
        let acronym = !doc.token_text(last).chars().any(|c| c.is_lowercase());
        let in_title = capitalised(last)
            && capitalised(last + 1)
            && (capitalised(last + 2) || (start > 0 && capitalised(start - 1)));
        let title = in_title && !acronym && !starts_sentence;
        if m.form == MentionForm::Related && professional && title {
            m.related = None;
            m.label = None;
            m.retyped_by("model: a job word in a title before a name");
        }
    }
}

/// Job words that are also titles or things ("coach Ann Lee", "a coach" carrying passengers):
/// a tie only when a possessor states whose ("her coach", "Orr's coach").
const POSSESSED_ONLY: [&str; 2] = ["coach", "coaches"];

/// "the coach overturned", "plays coach Jim White": such a job word with no possessor is no
/// one's tie.
fn drop_unpossessed_titles(doc: &Document, mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        let Some(r) = m.related.as_ref() else {
            continue;
        };
        let word = doc.tokens[m.tokens.end - 1].norm.as_str();
        let unpossessed = r.professional && r.anchor.is_none() && POSSESSED_ONLY.contains(&word);
        if m.form == MentionForm::Related && unpossessed {
            m.related = None;
            m.label = None;
            m.retyped_by("model: a job title with no possessor");
        }
    }
}

/// May the clause's subject `subject` stand in for the possessive pronoun `pronoun` ("The
/// actor was joined by his son")? A named or role subject of a gender the pronoun allows.
fn subject_stands_for(mentions: &[Mention], pronoun: usize, subject: usize) -> bool {
    let (p, s) = (&mentions[pronoun], &mentions[subject]);
    let fits = p.female.is_none() || s.female.is_none() || p.female == s.female;
    p.form == MentionForm::Pronoun
        && !p.first_person
        && pronoun != subject
        && matches!(s.form, MentionForm::Name | MentionForm::Role)
        && fits
}

/// Ties whose owner the parse gave are less sure than those the phrase states.
pub(crate) fn demote_parse_anchored(relations: &mut [RelationCandidate], anchored: &[usize]) {
    for r in relations.iter_mut() {
        let tie_end = match r.kind {
            CandidateType::Rel(RelType::RELATIVE_OF) => r.from,
            CandidateType::Rel(RelType::WORKS_WITH) => r.to,
            _ => continue,
        };
        if anchored.contains(&tie_end) {
            r.confidence = r.confidence.min(PARSE_ANCHOR_CONFIDENCE);
        }
    }
}

/// Job words that corefer with a wider role ("his trainer" may be his physical therapist) but
/// name a role of their own on the tie they state.
const OWN_ROLE_WORDS: [&str; 1] = ["trainer"];

/// "X's trainer, Y": the WORKS_WITH its tie states has the role its own word names.
pub(crate) fn roles_by_their_word(
    doc: &Document,
    mentions: &[Mention],
    relations: &mut [RelationCandidate],
) {
    for r in relations.iter_mut() {
        if r.kind != CandidateType::Rel(RelType::WORKS_WITH) {
            continue;
        }
        let tie = &mentions[r.to];
        let professional = tie.related.as_ref().is_some_and(|t| t.professional);
        let word = doc.tokens[tie.tokens.end - 1].norm.as_str();
        if professional && OWN_ROLE_WORDS.contains(&word) {
            r.properties.insert("role".into(), word.to_string());
        }
    }
}

/// Person names listed right after a tie phrase: "co-stars A, B and C", "children, D and E",
/// "children – actor F and G" (one common noun may precede a name).
fn listed_after(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    tie: usize,
) -> Vec<usize> {
    let by_start: BTreeMap<usize, usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.form == MentionForm::Name && m.label == Some(Label::Person))
        .map(|(i, m)| (m.tokens.start, i))
        .collect();
    let end = doc.sentences[mentions[tie].sentence].tokens.end;
    let mut t = mentions[tie].tokens.end;
    let mut out = Vec::new();
    while t < end {
        let norm = doc.tokens[t].norm.as_str();
        if matches!(norm, "," | "and" | "&" | "-" | "--" | "–" | "—") {
            t += 1;
            continue;
        }
        let name = by_start.get(&t).or_else(|| {
            let common = doc.tokens[t].is_word && !doc.tokens[t].capitalised;
            common.then(|| by_start.get(&(t + 1))).flatten()
        });
        let Some(&p) = name else { break };
        if !out.is_empty() && !joined_to_earlier(parse, mentions, &out, p) {
            break;
        }
        out.push(p);
        t = mentions[p].tokens.end;
    }
    out
}

/// Is the name a conjunct or appositive of an earlier member of the list, in the parse?
fn joined_to_earlier(
    parse: &ModelParse,
    mentions: &[Mention],
    earlier: &[usize],
    p: usize,
) -> bool {
    mentions[p].tokens.clone().any(|t| {
        let joined = matches!(parse.token_dep[t].as_deref(), Some("conj" | "appos"));
        let head = parse.token_head[t];
        joined && head.is_some_and(|h| earlier.iter().any(|&e| mentions[e].tokens.contains(&h)))
    })
}

/// The owners of a tie: its anchor, or for "their"/"the couple's" after "X and his wife Y",
/// both Y and the owner of "his wife" (also when the parse already gave Y as the anchor).
fn owners(doc: &Document, parse: &ModelParse, mentions: &[Mention], tie: usize) -> Vec<usize> {
    let m = &mentions[tie];
    let anchor = m.related.as_ref().and_then(|r| r.anchor);
    let plural = std::iter::once(m.tokens.start)
        .chain(anchor.map(|a| mentions[a].tokens.start))
        .any(|t| PLURAL_OWNERS.contains(&doc.tokens[t].norm.as_str()));
    match (anchor, plural) {
        (Some(a), false) => vec![a],
        (_, true) => {
            let couple = partner_and_owner(parse, mentions, tie);
            if couple.is_empty() {
                super::plural_owners::coordinated_before(doc, parse, mentions, tie)
            } else {
                couple
            }
        }
        (None, false) => Vec::new(),
    }
}

/// "X and his wife Y and their children": Y and the owner of "his wife".
fn partner_and_owner(parse: &ModelParse, mentions: &[Mention], tie: usize) -> Vec<usize> {
    let m = &mentions[tie];
    let word = m.tokens.end - 1;
    let conj_of = (parse.token_dep[word].as_deref() == Some("conj"))
        .then(|| parse.token_head[word])
        .flatten();
    let Some(h) = conj_of else {
        return Vec::new();
    };
    let partner = mentions.iter().position(|p| {
        p.form == MentionForm::Name && p.label == Some(Label::Person) && p.tokens.contains(&h)
    });
    let Some(partner) = partner else {
        return Vec::new();
    };
    let partner_start = mentions[partner].tokens.start;
    let partner_owner = mentions
        .iter()
        .filter(|k| k.tokens.end == partner_start)
        .find_map(|k| k.related.as_ref().filter(|r| !r.professional)?.anchor);
    std::iter::once(partner).chain(partner_owner).collect()
}

/// A tie for each member of the list that follows a tie phrase, to each of its owners.
pub(crate) fn ties_to_list_members(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
) -> Vec<RelationCandidate> {
    let mut out = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let Some(r) = m
            .related
            .as_ref()
            .filter(|_| m.form == MentionForm::Related)
        else {
            continue;
        };
        let members = listed_after(doc, parse, mentions, i);
        if members.len() < 2
            && !PLURAL_OWNERS
                .iter()
                .any(|w| m.text.to_lowercase().contains(w))
        {
            continue;
        }
        let (rel, key) = if r.professional {
            (RelType::WORKS_WITH, "role")
        } else {
            (RelType::RELATIVE_OF, "kind")
        };
        for owner in owners(doc, parse, mentions, i) {
            for &p in members.iter().filter(|&&p| p != owner) {
                let (from, to) = if r.professional {
                    (owner, p)
                } else {
                    (p, owner)
                };
                out.push(RelationCandidate {
                    kind: CandidateType::Rel(rel),
                    from,
                    to,
                    rule: "model: tie to each listed person".into(),
                    confidence: LIST_MEMBER_CONFIDENCE,
                    hedged: false,
                    properties: BTreeMap::from([(key.to_string(), r.kind.clone())]),
                    sentence: m.sentence,
                    possessor_kin: false,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Related;
    use crate::ingest::{ingest, Abbreviations};
    use std::ops::Range;
    use std::path::Path;

    fn parsed(text: &str, arcs: &[(usize, &str, &str)]) -> (Document, ModelParse) {
        let doc = ingest(
            "t.txt",
            Path::new("t.txt"),
            text.to_string(),
            &Abbreviations::new(["Mt"]),
        );
        assert_eq!(doc.tokens.len(), arcs.len(), "{:?}", doc.tokens);
        let parse = ModelParse {
            token_head: arcs.iter().map(|a| Some(a.0)).collect(),
            token_dep: arcs.iter().map(|a| Some(a.1.to_string())).collect(),
            token_tag: arcs.iter().map(|a| Some(a.2.to_string())).collect(),
            token_lemma: vec![None; arcs.len()],
            ..ModelParse::default()
        };
        (doc, parse)
    }

    fn mention(tokens: Range<usize>, form: MentionForm, tie: Option<(&str, bool)>) -> Mention {
        Mention {
            form,
            related: tie.map(|(kind, professional)| Related {
                kind: kind.into(),
                professional,
                anchor: None,
            }),
            ..Mention::test_name(tokens, Some(Label::Person))
        }
    }

    #[test]
    fn a_relative_coordinated_with_a_person_is_that_persons() {
        // Ivo Lind and wife Mara spoke .
        // 0   1    2   3    4    5     6
        let (doc, parse) = parsed(
            "Ivo Lind and wife Mara spoke.",
            &[
                (1, "compound", "NNP"),
                (5, "nsubj", "NNP"),
                (1, "cc", "CC"),
                (4, "compound", "NN"),
                (1, "conj", "NNP"),
                (5, "ROOT", "VBD"),
                (5, "punct", "."),
            ],
        );
        let mut ms = vec![
            mention(0..2, MentionForm::Name, None),
            mention(3..4, MentionForm::Related, Some(("wife", false))),
            mention(4..5, MentionForm::Name, None),
        ];
        assert_eq!(anchor_ties_by_parse(&doc, &parse, &mut ms), vec![1]);
        assert_eq!(ms[1].related.as_ref().unwrap().anchor, Some(0));
    }

    /// she played Ada Moss 's daughter Jo .
    /// 0   1      2   3    4  5        6  7
    fn possessed_tie_arcs() -> Vec<(usize, &'static str, &'static str)> {
        vec![
            (1, "nsubj", "PRP"),
            (1, "ROOT", "VBD"),
            (3, "compound", "NNP"),
            (5, "poss", "NNP"),
            (3, "case", "POS"),
            (6, "compound", "NN"),
            (1, "dobj", "NNP"),
            (1, "punct", "."),
        ]
    }

    #[test]
    fn a_tie_with_a_named_possessor_in_the_parse_is_that_persons_not_the_subjects() {
        let (doc, parse) = parsed("she played Ada Moss's daughter Jo.", &possessed_tie_arcs());
        let mut she = mention(0..1, MentionForm::Pronoun, None);
        she.female = Some(true);
        let mut ms = vec![
            she,
            mention(2..4, MentionForm::Name, None),
            mention(5..6, MentionForm::Related, Some(("daughter", false))),
            mention(6..7, MentionForm::Name, None),
        ];
        assert_eq!(anchor_ties_by_parse(&doc, &parse, &mut ms), vec![2]);
        assert_eq!(ms[2].related.as_ref().unwrap().anchor, Some(1));
        ms.remove(1);
        ms[1].related.as_mut().unwrap().anchor = None;
        assert!(anchor_ties_by_parse(&doc, &parse, &mut ms).is_empty());
        assert_eq!(ms[1].related.as_ref().unwrap().anchor, None);
    }

    /// co-stars Ann Bell , Cy Dorn and Eve Fox came .
    /// 0        1   2    3 4  5    6   7   8   9    10
    fn list_arcs(fox_joined: bool) -> Vec<(usize, &'static str, &'static str)> {
        let fox = if fox_joined {
            (5, "conj", "NNP")
        } else {
            (9, "nsubj", "NNP")
        };
        vec![
            (2, "compound", "NNS"),
            (2, "compound", "NNP"),
            (9, "nsubj", "NNP"),
            (2, "punct", ","),
            (5, "compound", "NNP"),
            (2, "conj", "NNP"),
            (5, "cc", "CC"),
            (8, "compound", "NNP"),
            fox,
            (9, "ROOT", "VBD"),
            (9, "punct", "."),
        ]
    }

    #[test]
    fn names_joined_in_the_parse_after_a_tie_are_its_list() {
        let text = "co-stars Ann Bell, Cy Dorn and Eve Fox came.";
        let ms = vec![
            mention(0..1, MentionForm::Related, Some(("co-star", true))),
            mention(1..3, MentionForm::Name, None),
            mention(4..6, MentionForm::Name, None),
            mention(7..9, MentionForm::Name, None),
        ];
        let (doc, parse) = parsed(text, &list_arcs(true));
        assert_eq!(listed_after(&doc, &parse, &ms, 0), vec![1, 2, 3]);
        let (doc, parse) = parsed(text, &list_arcs(false));
        assert_eq!(listed_after(&doc, &parse, &ms, 0), vec![1, 2]);
    }
}
