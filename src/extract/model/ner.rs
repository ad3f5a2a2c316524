//! NER entities as name mentions: a capitalised run is cut at the NER's entity edges and each
//! piece takes the NER's label; pieces the NER does not cover are typed by the rules.

use super::ModelParse;
use crate::ontology::Label;
use std::ops::Range;

/// How a mention typed by the NER alone says so (context cues may still retype it).
pub(crate) const NER_TYPED: &str = "model: ner";

/// Last words that make a name an event's ("Cannes Film Festival", "Winter Olympics"),
/// beside the event words of cues.toml.
pub(crate) const EVENT_NAME_WORDS: [&str; 9] = [
    "festival",
    "olympics",
    "games",
    "awards",
    "tour",
    "championship",
    "championships",
    "gala",
    "marathon",
];

/// Last words of awards, which the ontology does not keep ("the Golden Reel Award").
pub(crate) const AWARD_WORDS: [&str; 4] = ["award", "prize", "trophy", "medal"];

/// The ontology label of an NER entity kind (ontology.md's mapping).
pub(crate) fn ontology_label(kind: &str) -> Option<Label> {
    Some(match kind {
        "PERSON" => Label::Person,
        "ORG" => Label::Organization,
        "GPE" | "LOC" | "FAC" => Label::Place,
        "WORK_OF_ART" => Label::Show,
        "EVENT" => Label::Event,
        _ => return None,
    })
}

/// A piece of a capitalised run: its tokens and the NER span it lies in, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub tokens: Range<usize>,
    pub ent: Option<usize>,
}

/// Cuts `run` where the NER entity covering its tokens changes.
pub(crate) fn pieces(parse: &ModelParse, run: Range<usize>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for t in run {
        let ent = parse.token_ent[t];
        match out.last_mut() {
            Some(p) if p.ent == ent && p.tokens.end == t => p.tokens.end = t + 1,
            _ => out.push(Piece {
                tokens: t..t + 1,
                ent,
            }),
        }
    }
    out
}

/// Does a non-person NER entity run on from token `t` ("Star" in "Star Voyage", not
/// "Director" before a person's name)?
pub(crate) fn is_inside_a_name(parse: &ModelParse, t: usize) -> bool {
    parse.token_ent.get(t).copied().flatten().is_some_and(|e| {
        let ent = &parse.ents[e];
        ent.kind != "PERSON" && ent.tokens.start == t && ent.tokens.end > t + 1
    })
}

/// Does an entity of more than one word, of a kind the ontology keeps, start at token `t`
/// ("Will" in "Will Reed said")?
pub(crate) fn opens_a_name(parse: &ModelParse, t: usize) -> bool {
    parse.token_ent.get(t).copied().flatten().is_some_and(|e| {
        let ent = &parse.ents[e];
        ent.label.is_some() && ent.tokens.start == t && ent.tokens.end > t + 1
    })
}

/// Does a PERSON entity of the NER start at token `t`?
pub(crate) fn person_starts_at(parse: &ModelParse, t: usize) -> bool {
    parse.token_ent.get(t).copied().flatten().is_some_and(|e| {
        let ent = &parse.ents[e];
        ent.kind == "PERSON" && ent.tokens.start == t
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_ner_kinds_to_ontology_labels() {
        assert_eq!(ontology_label("PERSON"), Some(Label::Person));
        assert_eq!(ontology_label("FAC"), Some(Label::Place));
        assert_eq!(ontology_label("WORK_OF_ART"), Some(Label::Show));
        assert_eq!(ontology_label("DATE"), None);
    }

    #[test]
    fn a_title_word_opens_a_name_only_in_a_non_person_entity() {
        let mut parse = ModelParse {
            token_ent: vec![Some(0), Some(0), Some(1), Some(1)],
            ..ModelParse::default()
        };
        for (tokens, kind) in [(0..2, "WORK_OF_ART"), (2..4, "PERSON")] {
            parse.ents.push(super::super::NerSpan {
                tokens,
                label: ontology_label(kind),
                kind: kind.into(),
            });
        }
        assert!(is_inside_a_name(&parse, 0));
        assert!(!is_inside_a_name(&parse, 1));
        assert!(!is_inside_a_name(&parse, 2));
        assert!(person_starts_at(&parse, 2));
        assert!(opens_a_name(&parse, 2));
        assert!(!opens_a_name(&parse, 3));
        assert!(!person_starts_at(&parse, 3));
        assert!(!person_starts_at(&parse, 0));
    }

    #[test]
    fn cuts_a_run_at_entity_edges() {
        let parse = ModelParse {
            token_ent: vec![None, Some(0), Some(0), Some(1), None],
            ..ModelParse::default()
        };
        let got = pieces(&parse, 0..5);
        let ranges: Vec<_> = got.iter().map(|p| (p.tokens.clone(), p.ent)).collect();
        assert_eq!(
            ranges,
            vec![(0..1, None), (1..3, Some(0)), (3..4, Some(1)), (4..5, None)]
        );
    }
}
