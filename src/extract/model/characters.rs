//! Characters: a name that an actor plays ("will play Bobby Ray", "stars Smith as Peter") is a
//! role in a story, not a person of the news; it leaves the graph.

use super::ModelParse;
use crate::extract::{Mention, MentionForm};
use crate::ontology::Label;

/// Lemmas of verbs whose object is a character.
const PLAY_VERBS: [&str; 4] = ["play", "portray", "voice", "reprise"];

/// Lemmas of verbs whose "as X" names a character.
const AS_VERBS: [&str; 8] = [
    "play", "star", "cast", "portray", "return", "appear", "voice", "reprise",
];

/// Why a name was left out as a character.
pub(crate) const CHARACTER: &str = "model: a character an actor plays";

fn head_lemma(parse: &ModelParse, t: usize) -> Option<&str> {
    parse.token_head[t].and_then(|h| parse.lemma(h))
}

/// Is the name at `last` (its last token) the object of a playing verb, or "as X" after one?
fn is_played(parse: &ModelParse, last: usize) -> bool {
    let dep = parse.token_dep[last].as_deref().unwrap_or("");
    let object = matches!(dep, "dobj" | "attr" | "oprd")
        && head_lemma(parse, last).is_some_and(|l| PLAY_VERBS.contains(&l));
    let as_phrase = dep == "pobj"
        && parse.token_head[last].is_some_and(|h| {
            parse.lemma(h) == Some("as")
                && head_lemma(parse, h).is_some_and(|l| AS_VERBS.contains(&l))
        });
    object || as_phrase
}

/// Nouns whose "as X", "of X" or "such as X" names a character ("his role as X").
const ROLE_NOUNS: [&str; 3] = ["role", "character", "part"];

/// Prepositions that join a role noun to the character's name.
const ROLE_PREPOSITIONS: [&str; 3] = ["as", "of", "like"];

/// Is the name at `last` named by a role noun: "roles such as X", "the role of X", "the
/// character X"?
fn is_role_named(parse: &ModelParse, last: usize) -> bool {
    let dep = parse.token_dep[last].as_deref().unwrap_or("");
    let after_preposition = dep == "pobj"
        && parse.token_head[last].is_some_and(|h| {
            parse
                .lemma(h)
                .is_some_and(|l| ROLE_PREPOSITIONS.contains(&l))
                && head_lemma(parse, h).is_some_and(|l| ROLE_NOUNS.contains(&l))
        });
    let apposed = matches!(dep, "appos" | "compound")
        && head_lemma(parse, last).is_some_and(|l| ROLE_NOUNS.contains(&l));
    after_preposition || apposed
}

/// Lemmas of verbs that give a role its name ("a slave named X", "a boy called X").
const NAMING_VERBS: [&str; 2] = ["name", "call"];

/// The noun a name is given by a naming verb ("a slave named X": the slave).
fn named_noun(parse: &ModelParse, t: usize) -> Option<usize> {
    let dep = parse.token_dep[t].as_deref().unwrap_or("");
    let verb = parse.token_head[t].filter(|&h| h != t)?;
    let naming = matches!(dep, "oprd" | "dobj" | "attr")
        && parse.lemma(verb).is_some_and(|l| NAMING_VERBS.contains(&l))
        && parse.token_dep[verb].as_deref() == Some("acl");
    naming
        .then(|| parse.token_head[verb].filter(|&n| n != verb))
        .flatten()
}

/// The name's own token, or the noun it is in apposition or compound with ("as defence
/// attorney Nancy Hollander": the attorney), or the noun that names it ("as a slave named X"),
/// or the first of a list it is a conjunct of.
fn is_played_or_described(parse: &ModelParse, last: usize) -> bool {
    let mut t = last;
    for _ in 0..8 {
        let dep = parse.token_dep[t].as_deref().unwrap_or("");
        let played = |k: usize| is_played(parse, k) || is_role_named(parse, k);
        let by_noun = |k: usize| is_played(parse, k) || role_noun_of_as(parse, k);
        if played(t)
            || (matches!(dep, "appos" | "compound")
                && parse.token_head[t].is_some_and(|h| h != t && played(h)))
            || named_noun(parse, t).is_some_and(by_noun)
        {
            return true;
        }
        match parse.token_head[t] {
            Some(h) if dep == "conj" && h != t => t = h,
            _ => return false,
        }
    }
    false
}

/// Is the common noun at `n` the object of "as" after a playing verb ("stars X as a slave")?
fn role_noun_of_as(parse: &ModelParse, n: usize) -> bool {
    parse.token_dep[n].as_deref() == Some("pobj")
        && parse.token_head[n].is_some_and(|h| {
            parse.lemma(h) == Some("as")
                && head_lemma(parse, h).is_some_and(|l| AS_VERBS.contains(&l))
        })
}

/// The children of token `h` with one of the dependency labels.
fn children<'p>(
    parse: &'p ModelParse,
    h: usize,
    deps: &'p [&'p str],
) -> impl Iterator<Item = usize> + 'p {
    (0..parse.token_head.len()).filter(move |&c| {
        c != h
            && parse.token_head[c] == Some(h)
            && parse.token_dep[c]
                .as_deref()
                .is_some_and(|d| deps.contains(&d))
    })
}

/// A clause in the past tense about the name ("X, who led the team"): a fact of the world,
/// where a story's plot is told in the present.
fn has_past_relative_clause(parse: &ModelParse, t: usize) -> bool {
    children(parse, t, &["relcl"]).any(|v| parse.token_tag[v].as_deref() == Some("VBD"))
}

/// "X, the father of Ann Lee": a definite apposition tying the name to a named person.
fn is_tied_to_named_person(parse: &ModelParse, noun: usize) -> bool {
    let definite = children(parse, noun, &["det"]).any(|d| parse.lemma(d) == Some("the"));
    let of_name = children(parse, noun, &["prep"]).any(|p| {
        parse.lemma(p) == Some("of")
            && children(parse, p, &["pobj"]).any(|o| parse.token_tag[o].as_deref() == Some("NNP"))
    });
    definite && of_name
}

/// A portrayed name that is a real person of the news: the article gives facts of the world
/// about it (a past-tense relative clause, or a definite apposition tying it to a named
/// person), as gold keeps "will play X, the father of Y" and "plays X, who led the team".
fn is_real_person(parse: &ModelParse, last: usize) -> bool {
    let appositions: Vec<usize> = children(parse, last, &["appos"]).collect();
    has_past_relative_clause(parse, last)
        || appositions
            .iter()
            .any(|&a| has_past_relative_clause(parse, a) || is_tied_to_named_person(parse, a))
}

/// "X (Ana Ruiz)": a name followed by a person's name in parentheses is the role that person
/// plays.
fn actor_in_parentheses(parse: &ModelParse, mentions: &[Mention], m: &Mention) -> bool {
    let open = m.tokens.end;
    parse.lemma(open) == Some("(")
        && mentions.iter().any(|n| {
            n.form == MentionForm::Name
                && n.label == Some(Label::Person)
                && n.tokens.start == open + 1
                && parse.lemma(n.tokens.end) == Some(")")
        })
}

/// Takes the Person label off names that are characters, and keeps them out of the patterns'
/// slots (a slot would type them again).
pub(crate) fn drop_characters(parse: &ModelParse, mentions: &mut [Mention]) {
    drop_kin_of_roles(parse, mentions);
    let in_parentheses: Vec<bool> = mentions
        .iter()
        .map(|m| actor_in_parentheses(parse, mentions, m))
        .collect();
    for (m, actor_after) in mentions.iter_mut().zip(in_parentheses) {
        let named = m.form == MentionForm::Name && m.lexicon.is_none();
        let person = named && m.label == Some(Label::Person);
        let last = m.tokens.end - 1;
        let character =
            (person && is_played_or_described(parse, last) && !is_real_person(parse, last))
                || (named
                    && matches!(m.label, Some(Label::Person | Label::Organization))
                    && actor_after);
        if character {
            drop_as_character(m);
        }
    }
    drop_other_mentions_of_characters(parse, mentions);
}

fn drop_as_character(m: &mut Mention) {
    m.label = None;
    m.modifier = true;
    m.retyped_by(CHARACTER);
}

/// A full name dropped as a character somewhere is one everywhere in the article ("plays the
/// role of Ann Lee" … "Ann Lee is married to …"), and so are its first and last words alone,
/// unless they belong to a person's full name the article keeps. A name the article describes
/// elsewhere in apposition ("the life of Ann Lee, a man jailed for years") is a real person
/// portrayed, and stays.
fn drop_other_mentions_of_characters(parse: &ModelParse, mentions: &mut [Mention]) {
    let is_character = |m: &Mention| m.form == MentionForm::Name && m.typed_by == CHARACTER;
    let described = |text: &str| {
        mentions.iter().any(|m| {
            m.text == text
                && !is_character(m)
                && children(parse, m.tokens.end - 1, &["appos"])
                    .next()
                    .is_some()
        })
    };
    let full: Vec<String> = mentions
        .iter()
        .filter(|m| is_character(m) && m.text.contains(' ') && !described(&m.text))
        .map(|m| m.text.clone())
        .collect();
    if full.is_empty() {
        return;
    }
    let kept_words: Vec<&str> = mentions
        .iter()
        .filter(|m| m.form == MentionForm::Name && m.label == Some(Label::Person))
        .filter(|m| m.text.contains(' ') && !full.contains(&m.text))
        .flat_map(|m| m.text.split(' '))
        .collect();
    let parts: Vec<String> = full
        .iter()
        .flat_map(|f| [f.split(' ').next(), f.split(' ').next_back()])
        .flatten()
        .filter(|w| !kept_words.contains(w))
        .map(str::to_string)
        .collect();
    let drop: Vec<bool> = mentions
        .iter()
        .map(|m| {
            m.form == MentionForm::Name
                && m.lexicon.is_none()
                && m.label == Some(Label::Person)
                && (full.contains(&m.text) || parts.contains(&m.text))
        })
        .collect();
    for (m, d) in mentions.iter_mut().zip(drop) {
        if d {
            drop_as_character(m);
        }
    }
}

/// How many heads a walk from a family word to "as" climbs at most.
const MAX_CLIMB_TO_AS: usize = 4;

/// Family ties of the role an actor plays: "earned laughs as a widower grieving his late
/// wife" (his is the widower's). A possessed family word under "as <role>" is no one's in the
/// news; it leaves the graph.
fn drop_kin_of_roles(parse: &ModelParse, mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        let kin =
            m.form == MentionForm::Related && m.related.as_ref().is_some_and(|r| !r.professional);
        let possessed = parse.token_tag[m.tokens.start].as_deref() == Some("PRP$");
        if kin && possessed && under_as_role(parse, m.tokens.end - 1) {
            m.related = None;
            m.label = None;
            m.retyped_by(CHARACTER);
        }
    }
}

/// Does token `t` hang, within a few heads and through a verb, from "as" whose phrase is a
/// common-noun role ("as a widower grieving his wife", not "as his wife's guest")?
fn under_as_role(parse: &ModelParse, mut t: usize) -> bool {
    let mut through_verb = false;
    for _ in 0..MAX_CLIMB_TO_AS {
        let Some(h) = parse.token_head[t].filter(|&h| h != t) else {
            return false;
        };
        let is_as = parse.lemma(h) == Some("as") && parse.token_dep[h].as_deref() == Some("prep");
        if is_as {
            return through_verb && role_noun_under(parse, h);
        }
        through_verb |= parse.token_tag[h]
            .as_deref()
            .is_some_and(|tag| tag.starts_with("VB"));
        t = h;
    }
    false
}

/// Is a common noun the object of "as" or the subject of its clause ("as a widower", "as a
/// widower grieving ...")?
fn role_noun_under(parse: &ModelParse, as_token: usize) -> bool {
    let common = |c: usize| matches!(parse.token_tag[c].as_deref(), Some("NN" | "NNS"));
    children(parse, as_token, &["pobj"]).any(common)
        || children(parse, as_token, &["pcomp"]).any(|v| children(parse, v, &["nsubj"]).any(common))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(lemmas: &[&str], deps: &[&str], heads: &[usize]) -> ModelParse {
        ModelParse {
            token_lemma: lemmas.iter().map(|l| Some(l.to_string())).collect(),
            token_dep: deps.iter().map(|d| Some(d.to_string())).collect(),
            token_head: heads.iter().map(|&h| Some(h)).collect(),
            ..ModelParse::default()
        }
    }

    #[test]
    fn a_relative_of_the_role_after_as_is_no_ones() {
        // earned laughs as a widower grieving his late wife
        // 0      1      2  3 4       5        6   7    8
        let mut p = parse(
            &[
                "earn", "laugh", "as", "a", "widower", "grieve", "his", "late", "wife",
            ],
            &[
                "ROOT", "dobj", "prep", "det", "nsubj", "pcomp", "poss", "amod", "dobj",
            ],
            &[0, 0, 0, 4, 5, 2, 8, 8, 5],
        );
        let tags = ["VBD", "NNS", "IN", "DT", "NN", "VBG", "PRP$", "JJ", "NN"];
        p.token_tag = tags.iter().map(|t| Some(t.to_string())).collect();
        assert!(under_as_role(&p, 8));
        // as his wife 's guest : the wife is not under a role clause
        let mut q = parse(
            &["arrive", "as", "his", "wife", "'s", "guest"],
            &["ROOT", "prep", "poss", "poss", "case", "pobj"],
            &[0, 0, 3, 5, 3, 1],
        );
        let tags = ["VBD", "IN", "PRP$", "NN", "POS", "NN"];
        q.token_tag = tags.iter().map(|t| Some(t.to_string())).collect();
        assert!(!under_as_role(&q, 3));
    }

    #[test]
    fn the_object_of_play_is_a_character() {
        // "Ray will play Bo Lee"
        let p = parse(
            &["ray", "will", "play", "bo", "lee"],
            &["nsubj", "aux", "ROOT", "compound", "dobj"],
            &[2, 2, 2, 4, 2],
        );
        assert!(is_played(&p, 4));
        assert!(!is_played(&p, 0));
    }

    #[test]
    fn as_after_star_names_a_character() {
        // "It stars Ray as Bo"
        let p = parse(
            &["it", "star", "ray", "as", "bo"],
            &["nsubj", "ROOT", "dobj", "prep", "pobj"],
            &[1, 1, 1, 1, 3],
        );
        assert!(is_played(&p, 4));
        assert!(!is_played(&p, 2));
    }

    #[test]
    fn a_name_after_roles_such_as_and_its_conjuncts_are_characters() {
        // "roles such as Bo and Al"
        let p = parse(
            &["role", "such", "as", "bo", "and", "al"],
            &["ROOT", "amod", "prep", "pobj", "cc", "conj"],
            &[0, 2, 0, 2, 3, 3],
        );
        assert!(is_played_or_described(&p, 3));
        assert!(is_played_or_described(&p, 5));
        assert!(!is_played_or_described(&p, 0));
    }

    fn tagged(lemmas: &[&str], deps: &[&str], heads: &[usize], tags: &[&str]) -> ModelParse {
        let mut p = parse(lemmas, deps, heads);
        p.token_tag = tags.iter().map(|t| Some(t.to_string())).collect();
        p
    }

    #[test]
    fn a_name_given_to_the_role_after_as_is_a_character() {
        // "It stars Ray as a miner named Bo"
        let p = parse(
            &["it", "star", "ray", "as", "a", "miner", "name", "bo"],
            &[
                "nsubj", "ROOT", "dobj", "prep", "det", "pobj", "acl", "oprd",
            ],
            &[1, 1, 1, 1, 5, 3, 5, 6],
        );
        assert!(is_played_or_described(&p, 7));
        // "It hired a miner named Bo": no one plays the miner
        let q = parse(
            &["it", "hire", "a", "miner", "name", "bo"],
            &["nsubj", "ROOT", "det", "dobj", "acl", "oprd"],
            &[1, 1, 3, 1, 3, 4],
        );
        assert!(!is_played_or_described(&q, 5));
    }

    #[test]
    fn a_portrayed_name_with_facts_of_the_world_is_a_real_person() {
        // "Ray plays Bo Lee , who ran the mill"
        let p = tagged(
            &["ray", "play", "bo", "lee", ",", "who", "run", "the", "mill"],
            &[
                "nsubj", "ROOT", "compound", "dobj", "punct", "nsubj", "relcl", "det", "dobj",
            ],
            &[1, 1, 3, 1, 3, 6, 3, 8, 6],
            &["NNP", "VBZ", "NNP", "NNP", ",", "WP", "VBD", "DT", "NN"],
        );
        assert!(is_real_person(&p, 3));
        // "Ray plays Bo , the uncle of Al Day"
        let q = tagged(
            &["ray", "play", "bo", ",", "the", "uncle", "of", "al", "day"],
            &[
                "nsubj", "ROOT", "dobj", "punct", "det", "appos", "prep", "compound", "pobj",
            ],
            &[1, 1, 1, 2, 5, 2, 5, 8, 6],
            &["NNP", "VBZ", "NNP", ",", "DT", "NN", "IN", "NNP", "NNP"],
        );
        assert!(is_real_person(&q, 2));
        // "Ray plays Bo , a nurse who hides a secret": a plot, told in the present
        let r = tagged(
            &[
                "ray", "play", "bo", ",", "a", "nurse", "who", "hide", "a", "secret",
            ],
            &[
                "nsubj", "ROOT", "dobj", "punct", "det", "appos", "nsubj", "relcl", "det", "dobj",
            ],
            &[1, 1, 1, 2, 5, 2, 7, 5, 9, 7],
            &[
                "NNP", "VBZ", "NNP", ",", "DT", "NN", "WP", "VBZ", "DT", "NN",
            ],
        );
        assert!(!is_real_person(&r, 2));
    }
}
