//! Relations that the shape of a phrase states: "Vera Farmiga (Up in the Air)" is an actor and a
//! work of theirs.

use super::article::is_crew;
use super::deprel::SHOW_NOUNS;
use super::ModelParse;
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate, Typing};
use crate::ingest::Document;
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

/// Words between a work and its actor: "Ozark actor Peter Mullan", "Suits star P. Adams".
pub(crate) const ACTOR_WORDS: [&str; 13] = [
    "star",
    "co-star",
    "co-stars",
    "costar",
    "costars",
    "actor",
    "actress",
    "alum",
    "alumna",
    "alumnus",
    "veteran",
    "favourite",
    "favorite",
];

/// Words between a broadcaster and its show: "the NBC sitcom Will & Grace".
const SHOW_WORDS: [&str; 11] = [
    "show",
    "sitcom",
    "series",
    "drama",
    "film",
    "movie",
    "docuseries",
    "miniseries",
    "comedy",
    "documentary",
    "doc",
];

/// Confidence of a phrase-shape relation ("Ozark actor Peter Mullan").
const SHAPE_CONFIDENCE: f32 = 0.7;

/// Confidence of a role read from a parenthesised title.
const PAREN_ROLE_CONFIDENCE: f32 = 0.7;

/// The person mention whose name ends just before the parenthesis that holds token `t`.
fn person_before_parenthesis(
    doc: &Document,
    persons_by_end: &BTreeMap<usize, usize>,
    t: usize,
) -> Option<usize> {
    let open = (0..t).rev().take(24).find(|&k| doc.tokens[k].norm == "(")?;
    persons_by_end.get(&open).copied()
}

fn rel(kind: RelType, from: usize, to: usize, rule: &str, sentence: usize) -> RelationCandidate {
    RelationCandidate {
        kind: CandidateType::Rel(kind),
        from,
        to,
        rule: rule.into(),
        confidence: SHAPE_CONFIDENCE,
        hedged: false,
        properties: BTreeMap::new(),
        sentence,
        possessor_kin: false,
    }
}

/// Name mentions by first token.
fn names_by_start(mentions: &[Mention]) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.form == MentionForm::Name {
            out.entry(m.tokens.start).or_insert(i);
        }
    }
    out
}

/// May a name before an actor word be a work ("Ozark actor X"), not a place ("Hollywood
/// actor X") or a lexicon entry of another kind?
fn may_be_work(m: &Mention) -> bool {
    m.form == MentionForm::Name
        && !m.possessive
        && m.label != Some(Label::Place)
        && m.label != Some(Label::Event)
        && (m.lexicon.is_none() || m.label == Some(Label::Show))
}

/// "Ozark actor Peter Mullan", "Mary & George star Tony Curran": the first name is a Show the
/// person acted in; "Unbelievable's Merritt Wever" when the first is known to be a Show.
pub(crate) fn actor_of_work(doc: &Document, mentions: &mut [Mention]) -> Vec<RelationCandidate> {
    let starts = names_by_start(mentions);
    let mut out = Vec::new();
    for w in 0..mentions.len() {
        let end = mentions[w].tokens.end;
        let after = after_quote_marks(doc, end);
        let apostrophe_s = (end..after).any(|t| doc.tokens[t].norm == "'s");
        let actor_word = !apostrophe_s
            && doc
                .tokens
                .get(after)
                .is_some_and(|t| ACTOR_WORDS.contains(&t.norm.as_str()));
        let person_at = |t: usize| {
            starts
                .get(&t)
                .copied()
                .filter(|&p| mentions[p].label == Some(Label::Person) && p != w)
        };
        let possessive = mentions[w].possessive || apostrophe_s;
        let (person, rule) = if actor_word && may_be_work(&mentions[w]) {
            (person_at(after + 1), "model: <work> actor <person>")
        } else if possessive && mentions[w].label == Some(Label::Show) {
            (person_at(after), "model: <work>'s <person>")
        } else {
            (None, "")
        };
        let Some(p) = person else { continue };
        let works = if actor_word {
            conjoined_works(doc, mentions, w)
        } else {
            vec![w]
        };
        for w in works {
            if mentions[w].label != Some(Label::Show) {
                mentions[w].label = Some(Label::Show);
                mentions[w].retyped_by("model: <work> actor <person>");
            }
            out.push(rel(RelType::ACTED_IN, p, w, rule, mentions[w].sentence));
        }
    }
    out
}

/// Words that join the works of a credit list ("A, B and C star X").
const WORK_JOINERS: [&str; 3] = ["and", "&", ","];

/// Could the name be a work joined to the one an actor word follows? Not one the NER or a given
/// name made a person ("Ricky Vale and Ozark actor X" lists two people).
fn may_be_joined_work(m: &Mention) -> bool {
    may_be_work(m)
        && m.quote.is_none()
        && !(m.label == Some(Label::Person) && matches!(m.typing, Typing::Ner | Typing::GivenName))
}

/// Is show `w` a credit named beside a person rather than the show a sentence speaks of: one
/// of the works joined before an actor word, or a title inside the parentheses right after a
/// person's name ("A (\"Night Ferry\" trilogy) co-stars")?
pub(crate) fn side_credit(doc: &Document, mentions: &[Mention], w: usize) -> bool {
    joined_to_credit(doc, mentions, w) || in_parentheses_after_person(doc, mentions, w)
}

/// Is the title the first thing inside parentheses that follow a person's name?
fn in_parentheses_after_person(doc: &Document, mentions: &[Mention], w: usize) -> bool {
    let mut t = mentions[w].tokens.start;
    while t > 0 && is_quote_mark(&doc.tokens[t - 1]) {
        t -= 1;
    }
    let Some(open) = t.checked_sub(1).filter(|&o| doc.tokens[o].norm == "(") else {
        return false;
    };
    mentions.iter().any(|p| {
        p.tokens.end == open && p.form == MentionForm::Name && p.label == Some(Label::Person)
    })
}

/// Is show `w` joined to a work an actor word follows ("Game of Thorns and Old Abbey star X")?
/// It is then a credit of the person, like the last work of the list.
fn joined_to_credit(doc: &Document, mentions: &[Mention], w: usize) -> bool {
    let starts = names_by_start(mentions);
    let mut end = mentions[w].tokens.end;
    for _ in 0..mentions.len() {
        let joins = doc
            .tokens
            .get(end)
            .is_some_and(|t| WORK_JOINERS.contains(&t.norm.as_str()));
        let Some(&next) = starts.get(&(end + 1)).filter(|_| joins) else {
            return false;
        };
        let after = mentions[next].tokens.end;
        let actor_word = doc
            .tokens
            .get(after)
            .is_some_and(|t| ACTOR_WORDS.contains(&t.norm.as_str()));
        if actor_word {
            return conjoined_works(doc, mentions, next).contains(&w);
        }
        end = after;
    }
    false
}

/// Work `w` with the names joined before it: "Game of Thorns and Old Abbey star X" credits X
/// with both. The last joiner must be "and" or "&"; commas may join the names before it.
pub(crate) fn conjoined_works(doc: &Document, mentions: &[Mention], w: usize) -> Vec<usize> {
    let by_end: BTreeMap<usize, usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.form == MentionForm::Name && m.sentence == mentions[w].sentence)
        .map(|(i, m)| (m.tokens.end, i))
        .collect();
    let mut works = vec![w];
    let mut start = mentions[w].tokens.start;
    while start > 0 {
        let joiner = doc.tokens[start - 1].norm.as_str();
        let first = works.len() == 1;
        let joins = WORK_JOINERS.contains(&joiner) && (joiner != "," || !first);
        let before = by_end.get(&(start - 1)).copied();
        match before.filter(|&b| joins && may_be_joined_work(&mentions[b])) {
            Some(b) => {
                works.push(b);
                start = mentions[b].tokens.start;
            }
            None => break,
        }
    }
    works
}

/// "Woody Allen's Midnight in Paris": a person's possessive right before a show names its
/// maker.
pub(crate) fn maker_of_work(doc: &Document, mentions: &[Mention]) -> Vec<RelationCandidate> {
    let starts = names_by_start(mentions);
    let mut out = Vec::new();
    for (p, m) in mentions.iter().enumerate() {
        let person = m.form == MentionForm::Name && m.label == Some(Label::Person);
        let possessive =
            m.possessive || doc.tokens.get(m.tokens.end).is_some_and(|t| t.norm == "'s");
        if !person || !possessive {
            continue;
        }
        let show = starts
            .get(&after_quote_marks(doc, m.tokens.end))
            .copied()
            .filter(|&s| mentions[s].label == Some(Label::Show));
        if let Some(s) = show {
            let mut c = rel(
                RelType::FILMED,
                p,
                s,
                "model: <person>'s <show>",
                m.sentence,
            );
            c.confidence = 0.5;
            out.push(c);
        }
    }
    out
}

/// The first token from `t` on that is neither a quotation mark nor a possessive "'s".
fn after_quote_marks(doc: &Document, mut t: usize) -> usize {
    let mark = |k: &crate::ingest::Token| k.norm == "'s" || is_quote_mark(k);
    while doc.tokens.get(t).is_some_and(mark) {
        t += 1;
    }
    t
}

/// Is the token a quotation mark?
fn is_quote_mark(k: &crate::ingest::Token) -> bool {
    !k.is_word
        && k.norm.chars().all(|c| {
            matches!(
                c,
                '"' | '\'' | '`' | '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}'
            )
        })
}

/// "the CBS show MacGyver", "the ABC comedy drama Boston Legal": the show airs on the
/// organisation.
pub(crate) fn broadcaster_of_show(doc: &Document, mentions: &[Mention]) -> Vec<RelationCandidate> {
    let starts = names_by_start(mentions);
    let mut out = Vec::new();
    for (o, m) in mentions.iter().enumerate() {
        if m.form != MentionForm::Name || m.label != Some(Label::Organization) {
            continue;
        }
        let mut t = m.tokens.end;
        let mut words = 0;
        while t < doc.tokens.len() && words < 3 && SHOW_WORDS.contains(&doc.tokens[t].norm.as_str())
        {
            t += 1;
            words += 1;
        }
        if words == 0 {
            continue;
        }
        while t < doc.tokens.len() && !doc.tokens[t].is_word && doc.tokens[t].quote.is_some() {
            t += 1;
        }
        let show = starts
            .get(&t)
            .copied()
            .filter(|&s| mentions[s].label == Some(Label::Show));
        if let Some(s) = show {
            out.push(rel(
                RelType::AIRS_ON,
                s,
                o,
                "model: <organisation> show <show>",
                m.sentence,
            ));
        }
    }
    out
}

/// ACTED_IN from a person to each title in parentheses after the name; FILMED when the
/// person is named as crew ("director A (Title)").
pub(crate) fn parenthetical_roles(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
) -> Vec<RelationCandidate> {
    let persons_by_end: BTreeMap<usize, usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.form == MentionForm::Name && m.label == Some(Label::Person))
        .map(|(i, m)| (m.tokens.end, i))
        .collect();
    let mut out = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let in_parentheses =
            m.typing == Typing::TitleAfterPerson || in_parentheses_after_person(doc, mentions, i);
        if m.label != Some(Label::Show) || !in_parentheses {
            continue;
        }
        let Some(p) = person_before_parenthesis(doc, &persons_by_end, m.tokens.start) else {
            continue;
        };
        let (kind, rule) = if is_crew(doc, parse, &mentions[p]) {
            (RelType::FILMED, "model: crew person (title)")
        } else {
            (RelType::ACTED_IN, "model: person (title)")
        };
        out.push(RelationCandidate {
            kind: CandidateType::Rel(kind),
            from: p,
            to: i,
            rule: rule.into(),
            confidence: PAREN_ROLE_CONFIDENCE,
            hedged: false,
            properties: BTreeMap::new(),
            sentence: m.sentence,
            possessor_kin: false,
        });
    }
    out
}

/// Confidence of a show a clause's subject holds by a possessive ("X arrived for the
/// premiere of their new film Y").
const POSSESSED_SHOW_CONFIDENCE: f32 = 0.6;

/// How many heads the climb from a show noun to its clause climbs at most.
const CLAUSE_CLIMB: usize = 8;

/// The token of a mention whose head lies outside it.
fn mention_head(parse: &ModelParse, m: &Mention) -> Option<usize> {
    m.tokens
        .clone()
        .find(|&t| parse.token_head[t].is_some_and(|h| !m.tokens.contains(&h)))
}

/// The person names that are the subject of the nearest clause above token `t`, with their
/// conjuncts ("A and B made an entrance").
fn clause_subjects(
    doc: &Document,
    parse: &ModelParse,
    names: &BTreeMap<usize, usize>,
    sentence: usize,
    mut t: usize,
) -> Vec<usize> {
    let tokens = doc.sentences[sentence].tokens.clone();
    for _ in 0..CLAUSE_CLIMB {
        let verb = parse.token_tag[t]
            .as_deref()
            .is_some_and(|g| g.starts_with("VB"));
        let subject = tokens.clone().find(|&c| {
            parse.token_head[c] == Some(t)
                && c != t
                && matches!(parse.token_dep[c].as_deref(), Some("nsubj" | "nsubjpass"))
        });
        if let (true, Some(s)) = (verb, subject) {
            let conjuncts = tokens.clone().filter(|&c| {
                parse.token_dep[c].as_deref() == Some("conj") && parse.token_head[c] == Some(s)
            });
            return std::iter::once(s)
                .chain(conjuncts)
                .filter_map(|k| names.get(&k).copied())
                .collect();
        }
        match parse.token_head[t] {
            Some(h) if h != t => t = h,
            _ => break,
        }
    }
    Vec::new()
}

/// "A and B arrived for the premiere of their new film Y": the subjects act in the show their
/// possessive names (or made it, when named as crew).
pub(crate) fn subjects_of_possessed_show(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
) -> Vec<RelationCandidate> {
    let mut names: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.form == MentionForm::Name && m.label == Some(Label::Person) {
            for t in m.tokens.clone() {
                names.entry(t).or_insert(i);
            }
        }
    }
    let mut out = Vec::new();
    for (s, m) in mentions.iter().enumerate() {
        if m.form != MentionForm::Name || m.label != Some(Label::Show) {
            continue;
        }
        let Some(t) = mention_head(parse, m) else {
            continue;
        };
        let Some(noun) =
            parse.token_head[t].filter(|_| parse.token_dep[t].as_deref() == Some("appos"))
        else {
            continue;
        };
        let show_noun = parse.lemma(noun).is_some_and(|l| SHOW_NOUNS.contains(&l));
        let owner = m.tokens.start.saturating_sub(8)..noun;
        let pronoun = owner.clone().find_map(|k| {
            let word = doc.tokens[k].norm.as_str();
            let poss =
                parse.token_head[k] == Some(noun) && parse.token_dep[k].as_deref() == Some("poss");
            (poss && matches!(word, "his" | "her" | "their")).then_some(word)
        });
        let (true, Some(pronoun)) = (show_noun, pronoun) else {
            continue;
        };
        let mut subjects = clause_subjects(doc, parse, &names, m.sentence, noun);
        if pronoun != "their" {
            subjects.truncate(1);
        }
        for p in subjects {
            let (kind, rule) = if is_crew(doc, parse, &mentions[p]) {
                (RelType::FILMED, "model: subject's own show, crew")
            } else {
                (RelType::ACTED_IN, "model: subject's own show")
            };
            let mut c = rel(kind, p, s, rule, m.sentence);
            c.confidence = POSSESSED_SHOW_CONFIDENCE;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::test_document as doc;
    use std::ops::Range;

    fn name(tokens: Range<usize>, label: Label, typing: Typing) -> Mention {
        let mut m = Mention::test_name(tokens, Some(label));
        m.typing = typing;
        m
    }

    #[test]
    fn works_joined_before_an_actor_word_are_credits_but_a_named_person_is_not() {
        // Oak , Elm and Ash star Vera Holm
        let d = doc("Oak, Elm and Ash star Vera Holm.");
        let mentions = vec![
            name(0..1, Label::Organization, Typing::Ner),
            name(2..3, Label::Show, Typing::Cue),
            name(4..5, Label::Show, Typing::Cue),
            name(6..8, Label::Person, Typing::GivenName),
        ];
        assert_eq!(conjoined_works(&d, &mentions, 2), vec![2, 1, 0]);
        assert!(side_credit(&d, &mentions, 0));
        let mentions = vec![
            name(0..1, Label::Organization, Typing::Ner),
            name(2..3, Label::Person, Typing::GivenName),
            name(4..5, Label::Show, Typing::Cue),
            name(6..8, Label::Person, Typing::GivenName),
        ];
        assert_eq!(conjoined_works(&d, &mentions, 2), vec![2]);
        assert!(!side_credit(&d, &mentions, 1));
    }

    #[test]
    fn a_title_in_parentheses_after_a_person_is_a_side_credit() {
        // Ada Quill ( " Stone Circle " trilogy ) co - stars .
        let d = doc("Ada Quill (\"Stone Circle\" trilogy) co-stars.");
        let stone = d.tokens.iter().position(|t| t.norm == "stone").unwrap();
        let mentions = vec![
            name(0..2, Label::Person, Typing::GivenName),
            name(stone..stone + 2, Label::Show, Typing::QuotedTitle),
        ];
        assert!(side_credit(&d, &mentions, 1));
        let mentions = vec![
            name(0..2, Label::Organization, Typing::Ner),
            name(stone..stone + 2, Label::Show, Typing::QuotedTitle),
        ];
        assert!(!side_credit(&d, &mentions, 1));
    }
}
