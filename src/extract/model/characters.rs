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

/// The name's own token, or the noun it is in apposition or compound with ("as defence
/// attorney Nancy Hollander": the attorney).
fn is_played_or_described(parse: &ModelParse, last: usize) -> bool {
    let dep = parse.token_dep[last].as_deref().unwrap_or("");
    is_played(parse, last)
        || (matches!(dep, "appos" | "compound")
            && parse.token_head[last].is_some_and(|h| h != last && is_played(parse, h)))
}

/// Takes the Person label off names that are characters.
pub(crate) fn drop_characters(parse: &ModelParse, mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        let candidate =
            m.form == MentionForm::Name && m.lexicon.is_none() && m.label == Some(Label::Person);
        if candidate && is_played_or_described(parse, m.tokens.end - 1) {
            m.label = None;
            m.retyped_by(CHARACTER);
        }
    }
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
}
