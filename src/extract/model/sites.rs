//! Places and persons by the words around a name, where the NER guesses wrong (above all on
//! names of other languages): where people were taken, rescued from or stranded ("airlifted to
//! X", "rescued from X", "near the summit of X", "taken to X in <Place>"), a region abbreviation
//! after a place ("X, B.C."), a name given as a person's ("named locally as X", "identified
//! as X"), and a common noun capitalised that is no person ("Crew members used ropes").

use super::typing::is_organisation_word;
use super::ModelParse;
use crate::extract::{Mention, MentionForm, Typing};
use crate::ingest::Document;
use crate::ontology::Label;

/// Lemmas of verbs of moving someone whose "to" object is where they were taken
/// ("airlifted to X", "rushed to X").
const TAKEN_TO_VERBS: [&str; 9] = [
    "airlift",
    "fly",
    "take",
    "rush",
    "evacuate",
    "winch",
    "ferry",
    "admit",
    "transport",
];

/// Lemmas of verbs of a rescue whose "from" / "off" object is where the person was
/// ("rescued from X").
const TAKEN_FROM_VERBS: [&str; 5] = ["rescue", "airlift", "winch", "evacuate", "lift"];

/// Lemmas of verbs whose "on" object is where someone was stuck ("stranded on X").
const STUCK_ON_VERBS: [&str; 3] = ["strand", "trap", "maroon"];

/// Lemmas of verbs of care whose "at" object is a hospital ("treated at X").
const CARED_AT_VERBS: [&str; 3] = ["treat", "hospitalise", "hospitalize"];

/// Words whose "in X" is where something happened ("took place in X", "was held in X").
const HAPPENED_IN_WORDS: [&str; 5] = ["place", "hold", "happen", "occur", "stage"];

/// Nouns of a part of a landform or shore whose "of X" is a place ("the summit of X").
const LANDFORM_PARTS: [&str; 13] = [
    "summit", "peak", "top", "slope", "foot", "flank", "ridge", "shoulder", "shore", "bank",
    "coast", "cliff", "crag",
];

/// Verbs that move people anywhere, not only in a rescue: an organisation the NER read after
/// them stays one unless "in <Place>" follows it ("taken to X in Y").
const GENERIC_VERBS: [&str; 4] = ["take", "fly", "admit", "transport"];

/// Lemmas of verbs whose "as X" gives a person's name ("named locally as X").
const NAMING_VERBS: [&str; 3] = ["name", "identify", "formally"];

/// Dotted abbreviations that follow a person's name ("Ann Lee, M.D."), not a place's.
const PERSON_ABBREVIATIONS: [&str; 18] = [
    "m.d", "d.d.s", "r.n", "m.p", "q.c", "k.c", "o.b.e", "m.b.e", "c.b.e", "j.d", "m.a", "b.a",
    "m.s", "b.s", "m.b.a", "p.a", "f.r.s", "d.o",
];

/// Most words a name given as a person's has.
const PERSON_NAME_WORDS: usize = 4;

const MOVED: &str = "model: where people were taken, rescued from or stranded";
const REGION: &str = "model: a place with a region abbreviation (X, B.C.)";
const COMMON_NOUN: &str = "model: a common noun capitalised, not a person (Crew members)";
const NAMED_AS: &str = "model: a name given as a person's (named as X)";

/// The new label of one name mention and why, if the words around it decide it.
pub(crate) fn verdict(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    m: &Mention,
) -> Option<(Option<Label>, &'static str)> {
    if m.form != MentionForm::Name || m.lexicon.is_some() || m.typing.is_title() || m.possessive {
        return None;
    }
    if guessed(m, Label::Person) && named_as(doc, parse, m) {
        return Some((Some(Label::Person), NAMED_AS));
    }
    if m.label == Some(Label::Person) && is_common_noun(doc, parse, mentions, m) {
        return Some((None, COMMON_NOUN));
    }
    if guessed(m, Label::Place) && beside_region(doc, mentions, m) {
        return Some((Some(Label::Place), REGION));
    }
    let moved = |n: &Mention| where_moved(doc, parse, mentions, n);
    if guessed(m, Label::Place) && (moved(m) || in_a_site(doc, mentions, m, moved)) {
        return Some((Some(Label::Place), MOVED));
    }
    None
}

/// Did only a guess (the NER, a given name, nothing) type the name, and not as `label`?
fn guessed(m: &Mention, label: Label) -> bool {
    let weak = matches!(m.typing, Typing::Ner | Typing::GivenName) || m.label.is_none();
    weak && m.label != Some(label)
}

fn norm(doc: &Document, t: usize) -> &str {
    doc.tokens.get(t).map_or("", |k| k.norm.as_str())
}

fn dep(parse: &ModelParse, t: usize) -> &str {
    parse
        .token_dep
        .get(t)
        .and_then(|d| d.as_deref())
        .unwrap_or("")
}

/// The preposition whose object token `t` is, and the word that preposition hangs on.
fn governing_preposition(parse: &ModelParse, t: usize) -> Option<(usize, usize)> {
    if dep(parse, t) != "pobj" {
        return None;
    }
    let prep = parse.token_head[t].filter(|&p| p != t)?;
    let governor = parse.token_head[prep].filter(|&g| g != prep)?;
    Some((prep, governor))
}

fn lemma_or_norm<'a>(doc: &'a Document, parse: &'a ModelParse, t: usize) -> &'a str {
    parse.lemma(t).unwrap_or_else(|| norm(doc, t))
}

/// "airlifted to X", "rescued from X", "stranded on X", "treated at X", "the summit of X",
/// "took place in X": a
/// name the NER read as a person (or left untyped) is a place; one it read as an organisation
/// too, unless it has an organisation's word or only a verb of any move ("taken to X") with
/// no "in <Place>" after it names it.
fn where_moved(doc: &Document, parse: &ModelParse, mentions: &[Mention], m: &Mention) -> bool {
    let last = m.tokens.end - 1;
    let Some((prep, governor)) = governing_preposition(parse, last) else {
        return false;
    };
    let word = match lemma_or_norm(doc, parse, governor) {
        "take" if takes_place(parse, governor) => "place",
        other => other,
    };
    let verbs: &[&str] = match norm(doc, prep) {
        "to" => &TAKEN_TO_VERBS,
        "from" | "off" => &TAKEN_FROM_VERBS,
        "on" => &STUCK_ON_VERBS,
        "at" => &CARED_AT_VERBS,
        "in" => &HAPPENED_IN_WORDS,
        "of" => &LANDFORM_PARTS,
        _ => return false,
    };
    if !verbs.contains(&word) || (word == "take" && !moves_someone(parse, governor)) {
        return false;
    }
    if m.label != Some(Label::Organization) {
        return true;
    }
    let company = is_organisation_word(norm(doc, last));
    !company && (!GENERIC_VERBS.contains(&word) || in_a_place_after(doc, mentions, m))
}

/// Has the verb someone it moves, an object or a passive subject ("took her to X", "was taken
/// to X")? "took to X" with neither is taking up a platform.
fn moves_someone(parse: &ModelParse, verb: usize) -> bool {
    (0..parse.token_head.len()).any(|c| {
        c != verb
            && parse.token_head[c] == Some(verb)
            && matches!(dep(parse, c), "dobj" | "nsubjpass" | "auxpass")
    })
}

/// "airlifted to Ysbyty X in Y": the name after "in" where the name before it is a site of a
/// move (the NER may read both as one organisation's parts).
fn in_a_site(
    doc: &Document,
    mentions: &[Mention],
    m: &Mention,
    moved: impl Fn(&Mention) -> bool,
) -> bool {
    let start = m.tokens.start;
    start >= 2
        && norm(doc, start - 1) == "in"
        && mentions.iter().any(|n| {
            n.form == MentionForm::Name
                && n.sentence == m.sentence
                && n.tokens.end == start - 1
                && moved(n)
        })
}

/// "took place": the verb's object is "place".
fn takes_place(parse: &ModelParse, verb: usize) -> bool {
    (0..parse.token_head.len()).any(|c| {
        c != verb
            && parse.token_head[c] == Some(verb)
            && dep(parse, c) == "dobj"
            && parse.lemma(c) == Some("place")
    })
}

/// Does "in <Place>" follow the name ("X in Bangor")?
fn in_a_place_after(doc: &Document, mentions: &[Mention], m: &Mention) -> bool {
    let end = m.tokens.end;
    norm(doc, end) == "in"
        && mentions.iter().any(|n| {
            n.tokens.start == end + 1 && n.label == Some(Label::Place) && n.sentence == m.sentence
        })
}

/// Is token `t` a dotted abbreviation of capitals ("B.C.", "N.S.W") that no person's name
/// takes after it?
fn is_region_abbreviation(doc: &Document, t: usize) -> bool {
    let Some(k) = doc.tokens.get(t) else {
        return false;
    };
    let raw = doc.text[k.start..k.end].trim_end_matches('.');
    let parts: Vec<&str> = raw.split('.').collect();
    let dotted = parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase()));
    dotted && !PERSON_ABBREVIATIONS.contains(&raw.to_lowercase().as_str())
}

/// "Kamloops, B.C.": the name is followed by a comma and a region abbreviation, or is such an
/// abbreviation after a name and a comma.
fn beside_region(doc: &Document, mentions: &[Mention], m: &Mention) -> bool {
    let (start, end) = (m.tokens.start, m.tokens.end);
    let region_after = norm(doc, end) == "," && is_region_abbreviation(doc, end + 1);
    let name_before = |t: usize| {
        mentions
            .iter()
            .any(|n| n.form == MentionForm::Name && n.tokens.end == t && n.sentence == m.sentence)
    };
    let is_region = m.tokens.len() == 1
        && is_region_abbreviation(doc, start)
        && start >= 2
        && norm(doc, start - 1) == ","
        && name_before(start - 1);
    region_after || is_region
}

/// "named locally as X", "identified as X": a name of capitalised words (no organisation's
/// word) given after a naming verb is a person's.
fn named_as(doc: &Document, parse: &ModelParse, m: &Mention) -> bool {
    let last = m.tokens.end - 1;
    let Some((prep, verb)) = governing_preposition(parse, last) else {
        return false;
    };
    let naming = NAMING_VERBS.contains(&lemma_or_norm(doc, parse, verb));
    let shaped = m.tokens.len() <= PERSON_NAME_WORDS
        && m.tokens
            .clone()
            .all(|t| doc.tokens[t].capitalised && doc.tokens[t].is_word)
        && !is_organisation_word(norm(doc, last));
    norm(doc, prep) == "as" && naming && shaped
}

/// A one-word "person" that is a common noun: written in lower case as a noun elsewhere in the
/// article, or capitalised only where it opens a sentence and modifies a plural noun there
/// ("Crew members", "Fire crews"); never a word of a full person name of the article.
fn is_common_noun(doc: &Document, parse: &ModelParse, mentions: &[Mention], m: &Mention) -> bool {
    if m.tokens.len() != 1 {
        return false;
    }
    let t = m.tokens.start;
    let word = norm(doc, t);
    let in_full_name = mentions.iter().any(|n| {
        n.form == MentionForm::Name
            && n.label == Some(Label::Person)
            && n.tokens.len() > 1
            && n.tokens.clone().any(|u| norm(doc, u) == word)
    });
    let same: Vec<usize> = (0..doc.tokens.len())
        .filter(|&u| u != t && norm(doc, u) == word)
        .collect();
    let lower_noun = same.iter().any(|&u| {
        !doc.tokens[u].capitalised && matches!(parse.token_tag[u].as_deref(), Some("NN" | "NNS"))
    });
    let opens = |u: usize| doc.sentences.iter().any(|s| s.tokens.start == u);
    let only_opening = opens(t) && same.iter().all(|&u| !doc.tokens[u].capitalised || opens(u));
    let before_plural = dep(parse, t) == "compound"
        && parse.token_head[t].is_some_and(|h| parse.token_tag[h].as_deref() == Some("NNS"));
    !in_full_name && (lower_noun || (only_opening && before_plural))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::article::tests::parsed;

    fn guessed_as(tokens: std::ops::Range<usize>, label: Label) -> Mention {
        let mut m = Mention::test_name(tokens, Some(label));
        m.typing = Typing::Ner;
        m
    }

    fn label_of(doc: &Document, parse: &ModelParse, mentions: &[Mention], i: usize) -> Label {
        verdict(doc, parse, mentions, &mentions[i])
            .and_then(|(l, _)| l)
            .or(mentions[i].label)
            .expect("a label")
    }

    #[test]
    fn where_someone_was_airlifted_to_or_rescued_from_is_a_place() {
        let (doc, parse) = parsed(
            "She was rescued from Sron Dubh.",
            &[
                (2, "nsubjpass", "she", "PRP"),
                (2, "auxpass", "be", "VBD"),
                (2, "ROOT", "rescue", "VBN"),
                (2, "prep", "from", "IN"),
                (5, "compound", "sron", "NNP"),
                (3, "pobj", "dubh", "NNP"),
                (2, "punct", ".", "."),
            ],
        );
        let mentions = [guessed_as(4..6, Label::Person)];
        assert_eq!(label_of(&doc, &parse, &mentions, 0), Label::Place);
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
        let mentions = [guessed_as(3..4, Label::Person)];
        assert_eq!(label_of(&doc, &parse, &mentions, 0), Label::Person);
    }

    #[test]
    fn a_name_given_after_named_as_is_a_person() {
        let (doc, parse) = parsed(
            "He was named as Iolo Bryn.",
            &[
                (2, "nsubjpass", "he", "PRP"),
                (2, "auxpass", "be", "VBD"),
                (2, "ROOT", "name", "VBN"),
                (2, "prep", "as", "IN"),
                (5, "compound", "iolo", "NNP"),
                (3, "pobj", "bryn", "NNP"),
                (2, "punct", ".", "."),
            ],
        );
        let mentions = [guessed_as(4..6, Label::Organization)];
        assert_eq!(label_of(&doc, &parse, &mentions, 0), Label::Person);
    }

    #[test]
    fn a_town_before_a_region_abbreviation_is_a_place_but_a_degree_is_no_region() {
        let d = parsed(
            "in Tarn Vale, N.S.W.",
            &[
                (0, "ROOT", "in", "IN"),
                (2, "compound", "tarn", "NNP"),
                (0, "pobj", "vale", "NNP"),
                (2, "punct", ",", ","),
                (2, "conj", "n.s.w", "NNP"),
                (0, "punct", ".", "."),
            ],
        )
        .0;
        assert!(is_region_abbreviation(&d, 4));
        let name = guessed_as(1..3, Label::Person);
        assert!(beside_region(&d, std::slice::from_ref(&name), &name));
        let d = parsed(
            "Ann Lee, M.D.",
            &[
                (1, "compound", "ann", "NNP"),
                (1, "ROOT", "lee", "NNP"),
                (1, "punct", ",", ","),
                (1, "appos", "m.d", "NNP"),
                (1, "punct", ".", "."),
            ],
        )
        .0;
        assert!(!is_region_abbreviation(&d, 3));
    }

    #[test]
    fn a_capitalised_common_noun_is_no_person_but_a_surname_of_a_full_name_is() {
        let (doc, parse) = parsed(
            "Crew members came. The crew left.",
            &[
                (1, "compound", "crew", "NNP"),
                (2, "nsubj", "member", "NNS"),
                (2, "ROOT", "come", "VBD"),
                (2, "punct", ".", "."),
                (5, "det", "the", "DT"),
                (6, "nsubj", "crew", "NN"),
                (6, "ROOT", "leave", "VBD"),
                (6, "punct", ".", "."),
            ],
        );
        let mentions = [guessed_as(0..1, Label::Person)];
        assert!(is_common_noun(&doc, &parse, &mentions, &mentions[0]));
        let (doc, parse) = parsed(
            "Ann Crew came. Crew left.",
            &[
                (1, "compound", "ann", "NNP"),
                (2, "nsubj", "crew", "NNP"),
                (2, "ROOT", "come", "VBD"),
                (2, "punct", ".", "."),
                (5, "nsubj", "crew", "NNP"),
                (5, "ROOT", "leave", "VBD"),
                (5, "punct", ".", "."),
            ],
        );
        let mentions = [
            guessed_as(0..2, Label::Person),
            guessed_as(4..5, Label::Person),
        ];
        assert!(!is_common_noun(&doc, &parse, &mentions, &mentions[1]));
    }
}
