//! NER entities as name mentions: a capitalised run is cut at the NER's entity edges and each
//! piece takes the NER's label; pieces the NER does not cover are typed by the rules.

use super::ModelParse;
use crate::ingest::Document;
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

/// Determiners that make a noun a kind, not one named thing ("a real-life Hero", "another
/// Einstein"); written in lower case, so a title's own capitalised "A" never counts.
const INDEFINITE: [&str; 5] = ["a", "an", "another", "every", "each"];

/// Is the name used as a common noun: does an indefinite determiner before it depend on its
/// last word ("calling him a real-life Avenger")? A name of one person or thing takes none.
pub(crate) fn is_common_noun_use(doc: &Document, parse: &ModelParse, range: Range<usize>) -> bool {
    let head = range.end - 1;
    (0..range.start).rev().take(6).any(|t| {
        parse.token_head.get(t).copied().flatten() == Some(head)
            && parse.token_dep.get(t).and_then(|d| d.as_deref()) == Some("det")
            && INDEFINITE.contains(&doc.span_text(t..t + 1))
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
    use crate::ingest::{ingest, Abbreviations};
    use std::path::Path;

    /// `text` with the token `det` attached as the determiner of the token `name`; returns the
    /// document, the parse and the name's token.
    fn with_determiner(text: &str, det: &str, name: &str) -> (Document, ModelParse, usize) {
        let d = ingest(
            "t.txt",
            Path::new("t.txt"),
            text.to_string(),
            &Abbreviations::new(["Mt"]),
        );
        let n = d.tokens.len();
        let at = |w: &str| (0..n).find(|&t| d.token_text(t) == w).expect(w);
        let (det, name) = (at(det), at(name));
        let mut p = ModelParse {
            token_dep: vec![None; n],
            token_head: vec![None; n],
            ..ModelParse::default()
        };
        p.token_dep[det] = Some("det".into());
        p.token_head[det] = Some(name);
        (d, p, name)
    }

    #[test]
    fn a_name_with_an_indefinite_determiner_is_a_common_noun() {
        let (d, p, t) = with_determiner("Fans called him a real-life Titan.", "a", "Titan");
        assert!(is_common_noun_use(&d, &p, t..t + 1));
        let (d, p, t) = with_determiner("Fans called him the Titan.", "the", "Titan");
        assert!(!is_common_noun_use(&d, &p, t..t + 1), "a definite article");
        let (d, p, t) = with_determiner("He starred in A Quiet Field.", "A", "Field");
        assert!(
            !is_common_noun_use(&d, &p, t - 1..t + 1),
            "a title's own capital A"
        );
    }

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
