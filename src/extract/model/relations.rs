//! Relations that the shape of a phrase states: "Vera Farmiga (Up in the Air)" is an actor and a
//! work of theirs.

use super::titles::AFTER_PERSON;
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate};
use crate::ingest::Document;
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

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

/// ACTED_IN from a person to each title in parentheses after the name.
pub(crate) fn parenthetical_roles(doc: &Document, mentions: &[Mention]) -> Vec<RelationCandidate> {
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
        out.push(RelationCandidate {
            kind: CandidateType::Rel(RelType::ACTED_IN),
            from: p,
            to: i,
            rule: "model: person (title)".into(),
            confidence: PAREN_ROLE_CONFIDENCE,
            hedged: false,
            properties: BTreeMap::new(),
            sentence: m.sentence,
        });
    }
    out
}
