//! Persons by the sentence: names the NER guessed to be something else that the sentence shows
//! to be persons (the victim of an assault, an "ex-" partner, a producer credited "for" a
//! company, relatives named in apposition to "their children"), names it guessed to be persons
//! that the sentence shows to be none (a platform one "took to", the end of a journey "from
//! <Place> to X", a car model after its year, a name modifying a common noun), and the shape of
//! person names (one long name the NER split in two, a name running on past "Jr.").

use super::ModelParse;
use crate::extract::{Mention, MentionForm, Typing};
use crate::ingest::Document;
use crate::ontology::Label;
use std::ops::Range;

/// Lemmas of nouns whose "of X" is the person harmed ("the assault of X").
const HARM_NOUNS: [&str; 8] = [
    "assault",
    "murder",
    "rape",
    "killing",
    "abduction",
    "kidnapping",
    "stabbing",
    "strangling",
];

/// Lemmas of verbs whose object is the person harmed ("accused of assaulting X").
const HARM_VERBS: [&str; 7] = [
    "assault", "murder", "rape", "kill", "abduct", "kidnap", "strangle",
];

/// Lemmas of family nouns whose apposition names the relatives ("their children, A and B").
const FAMILY_NOUNS: [&str; 8] = [
    "child",
    "son",
    "daughter",
    "brother",
    "sister",
    "sibling",
    "kid",
    "grandchild",
];

/// Lemmas of verbs after which "on X" names a platform ("posted on X").
const POST_VERBS: [&str; 4] = ["post", "tweet", "share", "write"];

const HARMED: &str = "model: the person harmed (assault of X)";
const EX_PARTNER: &str = "model: an ex-partner (ex-X)";
const CREDITED: &str = "model: a person credited for a company (X for Y)";
const PLATFORM: &str = "model: a platform one posts on (took to X)";
const FAMILY: &str = "model: named as a relative (their children, A and B)";
const DESTINATION: &str = "model: the end of a journey (from <Place> to X)";
const NOT_A_PERSON: &str = "model: no person (a model after its year, a modifier of a noun)";

/// Retypes what the sentence shows to be persons or no persons (see the module's doc); the
/// one-word parts of the new persons' names follow.
pub(crate) fn type_persons_by_sentence(
    doc: &Document,
    parse: &ModelParse,
    mentions: &mut [Mention],
) {
    cut_after_name_suffix(doc, mentions);
    join_split_names(doc, mentions);
    let verdicts: Vec<Option<(Option<Label>, &str)>> = mentions
        .iter()
        .map(|m| verdict(doc, parse, mentions, m))
        .collect();
    for (m, v) in mentions.iter_mut().zip(verdicts) {
        if let Some((label, why)) = v {
            m.label = label;
            m.modifier |= label.is_none();
            m.retyped_by(why);
        }
    }
    super::names::type_name_parts(doc, mentions);
}

/// The new label of one mention and why, if the sentence decides it.
fn verdict(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    m: &Mention,
) -> Option<(Option<Label>, &'static str)> {
    if m.form != MentionForm::Name || m.lexicon.is_some() {
        return None;
    }
    if let Some(v) = super::sites::verdict(doc, parse, mentions, m) {
        return Some(v);
    }
    if may_become_person(doc, m) {
        let last = m.tokens.end - 1;
        if is_harmed(parse, last) {
            return Some((Some(Label::Person), HARMED));
        }
        if after_ex(doc, m.tokens.start) {
            return Some((Some(Label::Person), EX_PARTNER));
        }
        if m.tokens.len() > 1 && credited_for_company(doc, mentions, m.tokens.end) {
            return Some((Some(Label::Person), CREDITED));
        }
    }
    let guessed_place = m.label == Some(Label::Place) && m.typing == Typing::Ner;
    if (guessed_place || may_become_person(doc, m)) && names_family(parse, m.tokens.end - 1) {
        return Some((Some(Label::Person), FAMILY));
    }
    let guessed_person = m.label == Some(Label::Person) && m.typing == Typing::Ner;
    if guessed_person || m.label.is_none() {
        if is_platform(parse, m.tokens.end - 1) {
            return Some((Some(Label::Organization), PLATFORM));
        }
        if is_destination(parse, mentions, m.tokens.end - 1) {
            return Some((Some(Label::Place), DESTINATION));
        }
        if after_year(doc, parse, m.tokens.start) || modifies_possessed_noun(parse, &m.tokens) {
            return Some((None, NOT_A_PERSON));
        }
    }
    None
}

/// A name only the NER (or nothing) typed, other than a person, all of capitalised words.
fn may_become_person(doc: &Document, m: &Mention) -> bool {
    let guessed =
        m.label.is_none() || (m.label == Some(Label::Organization) && m.typing == Typing::Ner);
    guessed
        && m.tokens
            .clone()
            .all(|t| doc.tokens[t].capitalised && doc.tokens[t].is_word)
}

fn head_lemma(parse: &ModelParse, t: usize) -> Option<&str> {
    parse.token_head[t]
        .filter(|&h| h != t)
        .and_then(|h| parse.lemma(h))
}

fn dep(parse: &ModelParse, t: usize) -> &str {
    parse
        .token_dep
        .get(t)
        .and_then(|d| d.as_deref())
        .unwrap_or("")
}

/// "the assault of X", "accused of assaulting X".
fn is_harmed(parse: &ModelParse, last: usize) -> bool {
    let of_harm = dep(parse, last) == "pobj"
        && parse.token_head[last].is_some_and(|p| {
            parse.lemma(p) == Some("of")
                && head_lemma(parse, p).is_some_and(|l| HARM_NOUNS.contains(&l))
        });
    let harmed = dep(parse, last) == "dobj"
        && head_lemma(parse, last).is_some_and(|l| HARM_VERBS.contains(&l));
    of_harm || harmed
}

/// "ex-Ann Lee", "ex-Lee": the name (or its last word) follows an "ex-" of a former partner.
fn after_ex(doc: &Document, start: usize) -> bool {
    let Some(before) = start.checked_sub(1).map(|t| &doc.tokens[t]) else {
        return false;
    };
    let raw = &doc.text[before.start..before.end];
    let glued = raw
        .strip_prefix("ex-")
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_uppercase);
    let apart = before.norm == "-" && start >= 2 && doc.tokens[start - 2].norm == "ex";
    glued || apart
}

/// "X for Acme Films" or "X and Ann Lee for Acme Films" after the name ending at `end`.
fn credited_for_company(doc: &Document, mentions: &[Mention], end: usize) -> bool {
    let starting = |t: usize, label: Label| {
        mentions
            .iter()
            .find(|n| n.form == MentionForm::Name && n.tokens.start == t && n.label == Some(label))
    };
    let for_company = |t: usize| {
        doc.tokens.get(t).is_some_and(|k| k.norm == "for")
            && starting(t + 1, Label::Organization).is_some()
    };
    let and_person_for = doc.tokens.get(end).is_some_and(|k| k.norm == "and")
        && starting(end + 1, Label::Person).is_some_and(|p| for_company(p.tokens.end));
    for_company(end) || and_person_for
}

/// "took to X", "posted on X": a platform.
fn is_platform(parse: &ModelParse, last: usize) -> bool {
    dep(parse, last) == "pobj"
        && parse.token_head[last].is_some_and(|p| {
            let verb = head_lemma(parse, p);
            match parse.lemma(p) {
                Some("to") => verb == Some("take"),
                Some("on") => verb.is_some_and(|v| POST_VERBS.contains(&v)),
                _ => false,
            }
        })
}

/// "their children – Ann and Bo": the name (or a conjunct of it) is in apposition to a family
/// noun.
fn names_family(parse: &ModelParse, last: usize) -> bool {
    let mut t = last;
    for _ in 0..6 {
        let Some(h) = parse.token_head[t].filter(|&h| h != t) else {
            return false;
        };
        match dep(parse, t) {
            "conj" => t = h,
            "appos" => return parse.lemma(h).is_some_and(|l| FAMILY_NOUNS.contains(&l)),
            _ => return false,
        }
    }
    false
}

/// "a flight from <Place> to X": the end of a journey whose start is a place.
fn is_destination(parse: &ModelParse, mentions: &[Mention], last: usize) -> bool {
    let place_at = |t: usize| {
        mentions
            .iter()
            .any(|m| m.label == Some(Label::Place) && m.tokens.end - 1 == t)
    };
    let Some(to) = parse.token_head[last].filter(|_| dep(parse, last) == "pobj") else {
        return false;
    };
    let Some(head) = parse.token_head[to].filter(|&h| h != to && parse.lemma(to) == Some("to"))
    else {
        return false;
    };
    (0..parse.token_head.len()).any(|from| {
        parse.token_head[from] == Some(head)
            && parse.lemma(from) == Some("from")
            && (0..parse.token_head.len()).any(|o| {
                parse.token_head[o] == Some(from) && dep(parse, o) == "pobj" && place_at(o)
            })
    })
}

/// "his 1970 X": a name after a possessive or article and a year is a make or model.
fn after_year(doc: &Document, parse: &ModelParse, start: usize) -> bool {
    let year = |t: usize| {
        let w = &doc.tokens[t].norm;
        w.len() == 4 && w.chars().all(|c| c.is_ascii_digit())
    };
    let determiner = |t: usize| {
        matches!(
            parse.token_tag.get(t).and_then(|x| x.as_deref()),
            Some("PRP$" | "DT" | "POS")
        )
    };
    start >= 2 && year(start - 1) && determiner(start - 2)
}

/// "Lee's X milieu": a one-word name between a possessor and a common noun modifies the noun.
fn modifies_possessed_noun(parse: &ModelParse, tokens: &Range<usize>) -> bool {
    let t = tokens.start;
    let common_head = parse.token_head[t]
        .filter(|&h| h == tokens.end)
        .is_some_and(|h| matches!(parse.token_tag[h].as_deref(), Some("NN" | "NNS")));
    let possessed = t > 0 && parse.token_tag[t - 1].as_deref() == Some("POS");
    tokens.len() == 1 && dep(parse, t) == "compound" && common_head && possessed
}

/// Suffixes that end a person's name.
const NAME_SUFFIXES: [&str; 4] = ["jr.", "sr.", "jr", "sr"];

const SPLIT_PART: &str = "model: the end of a longer name";

/// "Ann Lee Jr. Day, meanwhile, …": a name runs on past its suffix only when a sentence end
/// after the abbreviation went unseen; the name ends at the suffix.
fn cut_after_name_suffix(doc: &Document, mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        if m.form != MentionForm::Name || m.lexicon.is_some() || m.label != Some(Label::Person) {
            continue;
        }
        let inner = m.tokens.start + 1..m.tokens.end - 1;
        if let Some(t) = inner
            .clone()
            .find(|&t| NAME_SUFFIXES.contains(&doc.tokens[t].norm.as_str()))
        {
            let end = if doc.tokens[t + 1].norm == "." {
                t + 2
            } else {
                t + 1
            };
            if end < m.tokens.end {
                m.tokens = m.tokens.start..end;
                m.text = doc.span_text(m.tokens.clone()).to_string();
            }
        }
    }
}

/// Two person names with only capitalised words (at most two) and no punctuation between are
/// one long name the NER split ("Ann Marie Holm Berg" read as "Ann Marie" and "Berg"): the
/// first takes the whole run, the second leaves the graph.
fn join_split_names(doc: &Document, mentions: &mut [Mention]) {
    let person = |m: &Mention| {
        m.form == MentionForm::Name && m.lexicon.is_none() && m.label == Some(Label::Person)
    };
    let mut order: Vec<usize> = (0..mentions.len())
        .filter(|&i| person(&mentions[i]))
        .collect();
    order.sort_by_key(|&i| mentions[i].tokens.start);
    for pair in order.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let gap = mentions[a].tokens.end..mentions[b].tokens.start;
        let joined = mentions[a].sentence == mentions[b].sentence
            && mentions[a].tokens.end <= mentions[b].tokens.start
            && gap.len() <= 2
            && gap.clone().all(|t| bare_name_word(doc, mentions, &gap, t));
        if !joined {
            continue;
        }
        let whole = mentions[a].tokens.start..mentions[b].tokens.end;
        mentions[a].text = doc.span_text(whole.clone()).to_string();
        mentions[a].tokens = whole.clone();
        for (i, m) in mentions.iter_mut().enumerate() {
            let inside = i != a && whole.start <= m.tokens.start && m.tokens.end <= whole.end;
            if inside && m.form == MentionForm::Name {
                m.label = None;
                m.modifier = true;
                m.retyped_by(SPLIT_PART);
            }
        }
    }
}

/// A capitalised word between two person names that no typed mention holds (an untyped one
/// inside the gap may).
fn bare_name_word(doc: &Document, mentions: &[Mention], gap: &Range<usize>, t: usize) -> bool {
    let k = &doc.tokens[t];
    k.is_word
        && k.capitalised
        && mentions.iter().all(|m| {
            !m.tokens.contains(&t)
                || (m.label.is_none() && gap.start <= m.tokens.start && m.tokens.end <= gap.end)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::article::tests::parsed;
    use crate::ingest::test_document as doc;

    fn guessed(tokens: Range<usize>, label: Label) -> Mention {
        let mut m = Mention::test_name(tokens, Some(label));
        m.typing = Typing::Ner;
        m
    }

    #[test]
    fn the_person_harmed_is_a_person_whatever_the_ner_said() {
        let (doc, parse) = parsed(
            "They denied the assault of Ann Lee.",
            &[
                (1, "nsubj", "they", "PRP"),
                (1, "ROOT", "deny", "VBD"),
                (3, "det", "the", "DT"),
                (1, "dobj", "assault", "NN"),
                (3, "prep", "of", "IN"),
                (6, "compound", "ann", "NNP"),
                (4, "pobj", "lee", "NNP"),
                (1, "punct", ".", "."),
            ],
        );
        let mut mentions = vec![guessed(5..7, Label::Organization)];
        type_persons_by_sentence(&doc, &parse, &mut mentions);
        assert_eq!(mentions[0].label, Some(Label::Person));
    }

    #[test]
    fn an_ex_partner_and_a_person_credited_for_a_company_are_persons() {
        let (doc, parse) = parsed(
            "He had a son with ex-Ann Lee.",
            &[
                (1, "nsubj", "he", "PRP"),
                (1, "ROOT", "have", "VBD"),
                (3, "det", "a", "DT"),
                (1, "dobj", "son", "NN"),
                (3, "prep", "with", "IN"),
                (6, "compound", "ex-ann", "NNP"),
                (4, "pobj", "lee", "NNP"),
                (1, "punct", ".", "."),
            ],
        );
        let mut mentions = vec![guessed(6..7, Label::Organization)];
        type_persons_by_sentence(&doc, &parse, &mut mentions);
        assert_eq!(mentions[0].label, Some(Label::Person));

        let (doc, parse) = parsed(
            "Ed Vale and Ann Lee for Oak Films.",
            &[
                (1, "compound", "ed", "NNP"),
                (1, "ROOT", "vale", "NNP"),
                (1, "cc", "and", "CC"),
                (4, "compound", "ann", "NNP"),
                (1, "conj", "lee", "NNP"),
                (4, "prep", "for", "IN"),
                (7, "compound", "oak", "NNP"),
                (5, "pobj", "film", "NNPS"),
                (1, "punct", ".", "."),
            ],
        );
        let mut mentions = vec![
            guessed(0..2, Label::Organization),
            guessed(3..5, Label::Person),
            Mention::test_name(6..8, Some(Label::Organization)),
        ];
        type_persons_by_sentence(&doc, &parse, &mut mentions);
        assert_eq!(mentions[0].label, Some(Label::Person));
        assert_eq!(mentions[2].label, Some(Label::Organization));
    }

    #[test]
    fn a_platform_one_took_to_is_an_organisation() {
        let (doc, parse) = parsed(
            "She took to Zing.",
            &[
                (1, "nsubj", "she", "PRP"),
                (1, "ROOT", "take", "VBD"),
                (1, "prep", "to", "IN"),
                (2, "pobj", "zing", "NNP"),
                (1, "punct", ".", "."),
            ],
        );
        let mut mentions = vec![guessed(3..4, Label::Person)];
        type_persons_by_sentence(&doc, &parse, &mut mentions);
        assert_eq!(mentions[0].label, Some(Label::Organization));
    }

    #[test]
    fn a_model_after_its_year_and_a_modifier_of_a_noun_are_no_persons() {
        let (doc, parse) = parsed(
            "He drove his 1968 Ford Falcon.",
            &[
                (1, "nsubj", "he", "PRP"),
                (1, "ROOT", "drive", "VBD"),
                (5, "poss", "his", "PRP$"),
                (5, "nummod", "1968", "CD"),
                (5, "compound", "ford", "NNP"),
                (1, "dobj", "falcon", "NNP"),
                (1, "punct", ".", "."),
            ],
        );
        let mut mentions = vec![guessed(4..6, Label::Person)];
        type_persons_by_sentence(&doc, &parse, &mut mentions);
        assert_eq!(mentions[0].label, None);

        let (doc, parse) = parsed(
            "It fits Lee's Zany world.",
            &[
                (1, "nsubj", "it", "PRP"),
                (1, "ROOT", "fit", "VBZ"),
                (5, "poss", "lee", "NNP"),
                (2, "case", "'s", "POS"),
                (5, "compound", "zany", "NNP"),
                (1, "dobj", "world", "NN"),
                (1, "punct", ".", "."),
            ],
        );
        let mut mentions = vec![guessed(2..3, Label::Person), guessed(4..5, Label::Person)];
        type_persons_by_sentence(&doc, &parse, &mut mentions);
        assert_eq!(mentions[0].label, Some(Label::Person));
        assert_eq!(mentions[1].label, None);
    }

    #[test]
    fn a_name_ends_at_its_suffix() {
        // Ann Lee Jr . Kim said .
        let d = doc("Ann Lee Jr. Kim said.");
        let mut mentions = vec![Mention::test_name(0..5, Some(Label::Person))];
        cut_after_name_suffix(&d, &mut mentions);
        assert_eq!(mentions[0].tokens, 0..4);
        assert_eq!(mentions[0].text, "Ann Lee Jr.");
    }

    #[test]
    fn a_long_name_split_by_the_ner_is_one_name() {
        // Ann Marie Holm Berg said .
        let d = doc("Ann Marie Holm Berg said.");
        let mut mentions = vec![
            Mention::test_name(0..2, Some(Label::Person)),
            Mention::test_name(2..3, None),
            Mention::test_name(3..4, Some(Label::Person)),
        ];
        join_split_names(&d, &mut mentions);
        assert_eq!(mentions[0].text, "Ann Marie Holm Berg");
        assert_eq!(mentions[2].label, None);
        // Ann Marie , Berg said .
        let d = doc("Ann Marie, Berg said.");
        let mut mentions = vec![
            Mention::test_name(0..2, Some(Label::Person)),
            Mention::test_name(3..4, Some(Label::Person)),
        ];
        join_split_names(&d, &mut mentions);
        assert_eq!(mentions[0].tokens, 0..2);
        assert_eq!(mentions[1].label, Some(Label::Person));
    }

    #[test]
    fn names_in_apposition_to_children_are_persons() {
        let (doc, parse) = parsed(
            "Their children, Bo and Kai, came.",
            &[
                (1, "poss", "their", "PRP$"),
                (6, "nsubj", "child", "NNS"),
                (1, "punct", ",", ","),
                (1, "appos", "bo", "NNP"),
                (3, "cc", "and", "CC"),
                (3, "conj", "kai", "NNP"),
                (1, "punct", ",", ","),
                (6, "ROOT", "come", "VBD"),
                (6, "punct", ".", "."),
            ],
        );
        let mut mentions = vec![guessed(3..4, Label::Person), guessed(5..6, Label::Place)];
        type_persons_by_sentence(&doc, &parse, &mut mentions);
        assert_eq!(mentions[1].label, Some(Label::Person));
    }

    #[test]
    fn the_end_of_a_journey_from_a_place_is_a_place() {
        let (doc, parse) = parsed(
            "a flight from Oslo to KRX",
            &[
                (1, "det", "a", "DT"),
                (1, "ROOT", "flight", "NN"),
                (1, "prep", "from", "IN"),
                (2, "pobj", "oslo", "NNP"),
                (1, "prep", "to", "IN"),
                (4, "pobj", "krx", "NNP"),
            ],
        );
        let mut mentions = vec![
            Mention::test_name(3..4, Some(Label::Place)),
            guessed(5..6, Label::Person),
        ];
        type_persons_by_sentence(&doc, &parse, &mut mentions);
        assert_eq!(mentions[1].label, Some(Label::Place));
        let mut unplaced = vec![
            Mention::test_name(3..4, Some(Label::Organization)),
            guessed(5..6, Label::Person),
        ];
        type_persons_by_sentence(&doc, &parse, &mut unplaced);
        assert_eq!(unplaced[1].label, Some(Label::Person));
    }
}
