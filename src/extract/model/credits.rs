//! Credits and places that a sentence's list shape states or rules out: "Producers are A for
//! X, B and C" credits each listed person with the article's show; "in A, B and C" lists
//! places side by side, so none of them lies in another.

use super::article::main_show;
use super::ModelParse;
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate};
use crate::ingest::Document;
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

/// Plural crew nouns that head a list of credits ("Producers are A and B").
const CREW_LIST_NOUNS: [&str; 6] = [
    "producer",
    "writer",
    "director",
    "creator",
    "showrunner",
    "screenwriter",
];

/// Verbs that join a crew noun to its list ("Producers are ...", "Writers include ...").
const LIST_VERBS: [&str; 2] = ["be", "include"];

/// Words before a name that tie it to something other than the credit ("A for Studio X").
const NOT_CREDITED_AFTER: [&str; 5] = ["for", "by", "with", "at", "of"];

/// Confidence of a person listed after a crew noun.
const CREW_LIST_CONFIDENCE: f32 = 0.6;

/// Words that end a list of names ("A, B and C").
const LIST_END_WORDS: [&str; 2] = ["and", "or"];

/// Is sentence `s` a crew list: its root is "be" / "include" and its subject a plural crew
/// noun outside a quotation?
fn is_crew_list(doc: &Document, parse: &ModelParse, s: usize) -> bool {
    let tokens = doc.sentences[s].tokens.clone();
    tokens.clone().any(|t| {
        let Some(root) = parse.token_head[t] else {
            return false;
        };
        let subject = parse.token_dep[t].as_deref() == Some("nsubj")
            && parse.token_tag[t].as_deref() == Some("NNS")
            && doc.tokens[t].quote.is_none()
            && parse.lemma(t).is_some_and(|l| CREW_LIST_NOUNS.contains(&l));
        let root_verb = parse.token_dep[root].as_deref() == Some("ROOT")
            && parse.lemma(root).is_some_and(|l| LIST_VERBS.contains(&l));
        subject && root_verb
    })
}

/// Person names of sentence `s` that the list credits: outside quotations and not the object
/// of a preposition ("for Studio X").
fn listed_persons(doc: &Document, mentions: &[Mention], s: usize) -> Vec<usize> {
    mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.sentence == s
                && m.form == MentionForm::Name
                && m.label == Some(Label::Person)
                && m.quote.is_none()
        })
        .filter(|(_, m)| {
            let before = m
                .tokens
                .start
                .checked_sub(1)
                .map(|b| doc.tokens[b].norm.as_str());
            !before.is_some_and(|w| NOT_CREDITED_AFTER.contains(&w))
        })
        .map(|(i, _)| i)
        .collect()
}

/// "Producers are A for Studio X, B for Studio Y, and C": each listed person made the
/// article's show, however the parse attaches the list.
pub(crate) fn crew_list_credits(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
) -> Vec<RelationCandidate> {
    let Some(show) = main_show(doc, mentions) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for s in (0..doc.sentences.len()).filter(|&s| !doc.sentences[s].headline) {
        if !is_crew_list(doc, parse, s) {
            continue;
        }
        for p in listed_persons(doc, mentions, s) {
            out.push(RelationCandidate {
                kind: CandidateType::Rel(RelType::FILMED),
                from: p,
                to: show,
                rule: "model: crew list, main show".into(),
                confidence: CREW_LIST_CONFIDENCE,
                hedged: false,
                properties: BTreeMap::new(),
                sentence: s,
                possessor_kin: false,
            });
        }
    }
    out
}

/// Names by first token (a list's later members may be mistyped: "Leeds, York and Hull" with
/// Hull read as a person is still a list).
fn names_by_start(mentions: &[Mention]) -> BTreeMap<usize, usize> {
    mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.form == MentionForm::Name)
        .map(|(i, m)| (m.tokens.start, i))
        .collect()
}

/// Does a list of names continue after token `end` up to its last member, joined by "and" /
/// "or" ("Glasgow, [Edinburgh] and Stockholm")? Commas alone ("Town, County, State") do not
/// make a list.
fn list_continues(
    doc: &Document,
    names: &BTreeMap<usize, usize>,
    mentions: &[Mention],
    mut end: usize,
) -> bool {
    loop {
        let Some(word) = doc.tokens.get(end).map(|t| t.norm.as_str()) else {
            return false;
        };
        let mut next = end + 1;
        if word == "," {
            let closing = doc.tokens.get(next).map(|t| t.norm.as_str());
            if closing.is_some_and(|w| LIST_END_WORDS.contains(&w)) {
                next += 1;
            }
        }
        let ends = LIST_END_WORDS.contains(&word) || next == end + 2;
        let Some(&p) = names.get(&next).filter(|_| word == "," || ends) else {
            return false;
        };
        if ends {
            return true;
        }
        end = mentions[p].tokens.end;
    }
}

/// Is the mention a name of the region list (a state or country: "Atlanta, Georgia and
/// Toronto" may still place Atlanta in Georgia)?
fn is_region(doc: &Document, regions: &[Vec<String>], m: &Mention) -> bool {
    let norms: Vec<&str> = m
        .tokens
        .clone()
        .map(|t| doc.tokens[t].norm.as_str())
        .collect();
    regions
        .iter()
        .any(|r| r.iter().map(String::as_str).eq(norms.iter().copied()))
}

/// Drops LOCATED_IN candidates between places listed side by side ("shot in Glasgow,
/// Edinburgh and Stockholm"): a list names peers, not a place and its container. A region
/// of the region list as the container is kept.
pub(crate) fn drop_listed_places(
    doc: &Document,
    regions: &[Vec<String>],
    mentions: &[Mention],
    relations: &mut Vec<RelationCandidate>,
) {
    let names = names_by_start(mentions);
    relations.retain(|r| {
        if r.kind != CandidateType::Rel(RelType::LOCATED_IN) {
            return true;
        }
        let (inner, outer) = (&mentions[r.from], &mentions[r.to]);
        let later_end = inner.tokens.end.max(outer.tokens.end);
        inner.sentence != outer.sentence
            || is_region(doc, regions, outer)
            || !list_continues(doc, &names, mentions, later_end)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest, Abbreviations};
    use std::path::Path;

    fn doc_of(words: &[&str]) -> Document {
        let text = words.join(" ");
        ingest(
            "t.txt",
            Path::new("t.txt"),
            text,
            &Abbreviations::new(["Mt"]),
        )
    }

    fn place(tokens: std::ops::Range<usize>) -> Mention {
        Mention::test_name(tokens, Some(Label::Place))
    }

    #[test]
    fn a_list_ending_in_and_continues_but_a_comma_chain_does_not() {
        let doc = doc_of(&["in", "Glasgow", ",", "Leith", "and", "Oslo", "."]);
        let mentions = vec![place(1..2), place(3..4), place(5..6)];
        let names = names_by_start(&mentions);
        assert!(list_continues(&doc, &names, &mentions, 4));
        let doc = doc_of(&["Ashby", ",", "Kent", "County", ",", "Ohio", "."]);
        let mentions = vec![place(0..1), place(2..4), place(5..6)];
        let names = names_by_start(&mentions);
        assert!(!list_continues(&doc, &names, &mentions, 4));
    }
}
