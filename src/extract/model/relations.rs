//! Relations that the shape of a phrase states: "Vera Farmiga (Up in the Air)" is an actor and a
//! work of theirs.

use super::article::is_crew;
use super::titles::AFTER_PERSON;
use super::ModelParse;
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate};
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
        let actor_word = doc
            .tokens
            .get(end)
            .is_some_and(|t| ACTOR_WORDS.contains(&t.norm.as_str()));
        let person_at = |t: usize| {
            starts
                .get(&t)
                .copied()
                .filter(|&p| mentions[p].label == Some(Label::Person) && p != w)
        };
        let (person, rule) = if actor_word && may_be_work(&mentions[w]) {
            (person_at(end + 1), "model: <work> actor <person>")
        } else if mentions[w].possessive && mentions[w].label == Some(Label::Show) {
            (person_at(end + 1), "model: <work>'s <person>")
        } else {
            (None, "")
        };
        let Some(p) = person else { continue };
        if mentions[w].label != Some(Label::Show) {
            mentions[w].label = Some(Label::Show);
            mentions[w].typed_by = "model: <work> actor <person>".into();
        }
        out.push(rel(RelType::ACTED_IN, p, w, rule, mentions[w].sentence));
    }
    out
}

/// "Woody Allen's Midnight in Paris": a person's possessive right before a show names its
/// maker.
pub(crate) fn maker_of_work(doc: &Document, mentions: &[Mention]) -> Vec<RelationCandidate> {
    let starts = names_by_start(mentions);
    let mut out = Vec::new();
    for (p, m) in mentions.iter().enumerate() {
        let person = m.form == MentionForm::Name && m.label == Some(Label::Person);
        if !person || !m.possessive {
            continue;
        }
        let show = starts
            .get(&after_quote_marks(doc, m.tokens.end + 1))
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

/// The first token from `t` on that is not an opening quotation mark.
fn after_quote_marks(doc: &Document, mut t: usize) -> usize {
    while doc
        .tokens
        .get(t)
        .is_some_and(|k| !k.is_word && k.quote.is_some())
    {
        t += 1;
    }
    t
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
        if m.label != Some(Label::Show) || m.typed_by != AFTER_PERSON {
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
        });
    }
    out
}
