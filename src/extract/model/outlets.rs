//! Organisation names the NER misses or splits: a news outlet named as a source ("according to
//! The Daily Echo"), a broadcaster's numbered channel ("BBC Two"), and the spelled-out
//! expansion of an acronym in parentheses, which names nothing of its own.

use super::ModelParse;
use crate::ingest::Document;
use std::ops::Range;

/// Why an Organization was typed: a source after "according to", "as per" or "told".
pub(crate) const OUTLET: &str = "model: news outlet named as a source";

/// Why an Organization was typed: a broadcaster's name and a channel number.
pub(crate) const CHANNEL: &str = "model: broadcaster and channel number";

/// Phrases that introduce the source of a report.
const SOURCE_CUES: [&[&str]; 4] = [&["according", "to"], &["as", "per"], &["told"], &["via"]];

/// Last words of newspaper, magazine and wire names.
const OUTLET_WORDS: [&str; 24] = [
    "reporter",
    "recorder",
    "times",
    "post",
    "news",
    "journal",
    "herald",
    "tribune",
    "gazette",
    "telegraph",
    "guardian",
    "independent",
    "express",
    "mirror",
    "magazine",
    "chronicle",
    "observer",
    "examiner",
    "register",
    "courier",
    "bulletin",
    "dispatch",
    "wire",
    "press",
];

/// Numbers a channel name may end in ("One", "4").
const CHANNEL_NUMBERS: [&str; 10] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// Minor words a name may keep inside it.
const NAME_JOINERS: [&str; 4] = ["of", "the", "and", "&"];

/// Outlets named as the source of a report: after a source cue, a capitalised name that opens
/// with a capitalised "The" or ends in a word for a newspaper ("as per The Evening Star", "told
/// Morning Herald").
pub(crate) fn outlets_after_source_cues(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for t in 0..doc.tokens.len() {
        let Some(after) = cue_end(doc, t) else {
            continue;
        };
        let run = capitalised_run(doc, after);
        let opens_with_the = run.len() > 1 && doc.token_text(after) == "The";
        let outlet_word = run
            .clone()
            .last()
            .is_some_and(|k| OUTLET_WORDS.contains(&doc.tokens[k].norm.as_str()));
        if opens_with_the || outlet_word {
            out.push(run);
        }
    }
    out
}

/// The token after the source cue that starts at `t`, if one does.
fn cue_end(doc: &Document, t: usize) -> Option<usize> {
    SOURCE_CUES.iter().find_map(|cue| {
        let end = t + cue.len();
        let matches = end < doc.tokens.len()
            && cue
                .iter()
                .enumerate()
                .all(|(i, w)| doc.tokens[t + i].norm == *w && doc.tokens[t + i].quote.is_none());
        matches.then_some(end)
    })
}

/// Capitalised words from `start`, with joining minor words between them.
fn capitalised_run(doc: &Document, start: usize) -> Range<usize> {
    let capital = |k: usize| {
        doc.tokens
            .get(k)
            .is_some_and(|tok| tok.is_word && tok.capitalised)
    };
    let mut end = start;
    while end < doc.tokens.len() {
        if capital(end) {
            end += 1;
        } else if end > start
            && NAME_JOINERS.contains(&doc.tokens[end].norm.as_str())
            && capital(end + 1)
        {
            end += 2;
        } else {
            break;
        }
    }
    start..end
}

/// Why an Organization was typed: the company after "for" in a list of credits.
pub(crate) const CREDITED_COMPANY: &str = "model: company in a list of credits";

/// Companies in a list of credits, "Ann Lee for Red Kite Films, Bo Ray for Loch Pictures":
/// where a sentence pairs two or more names with "for" and a capitalised name that ends its
/// list item (at a comma, "and" or the sentence's end), each name after "for" is a company.
pub(crate) fn companies_in_credit_lists(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for sentence in &doc.sentences {
        let credits: Vec<Range<usize>> = sentence
            .tokens
            .clone()
            .filter_map(|t| credited_company(doc, t, sentence.tokens.end))
            .collect();
        if credits.len() >= 2 {
            out.extend(credits);
        }
    }
    out
}

/// The company after the "for" at `t`, when a capitalised name comes before it and the
/// company ends its list item.
fn credited_company(doc: &Document, t: usize, sentence_end: usize) -> Option<Range<usize>> {
    let tok = &doc.tokens[t];
    let after_name = t > 0 && doc.tokens[t - 1].is_word && doc.tokens[t - 1].capitalised;
    if tok.norm != "for" || tok.capitalised || !after_name {
        return None;
    }
    let run = capitalised_run(doc, t + 1);
    let ends_item = |end: usize| {
        end >= sentence_end || matches!(doc.tokens[end].norm.as_str(), "," | ";" | "." | "and")
    };
    // The run may have swallowed "and" and the next item's name ("X and Tim Oak for Y").
    let end = (run.start + 1..=run.end)
        .rev()
        .find(|&end| ends_item(end))?;
    Some(run.start..end)
}

/// A broadcaster the NER names (an ORG) followed by a capitalised channel number it left out:
/// "BBC Two", "Channel 4".
pub(crate) fn numbered_channels(doc: &Document, parse: &ModelParse) -> Vec<Range<usize>> {
    parse
        .ents
        .iter()
        .filter(|e| e.kind == "ORG")
        .map(|e| e.tokens.clone())
        .filter(|r| is_channel_number(doc, parse, r.end))
        .map(|r| r.start..r.end + 1)
        .collect()
}

fn is_channel_number(doc: &Document, parse: &ModelParse, t: usize) -> bool {
    let Some(tok) = doc.tokens.get(t) else {
        return false;
    };
    let word = tok.capitalised && CHANNEL_NUMBERS.contains(&tok.norm.as_str());
    let digits = !tok.norm.is_empty() && tok.norm.chars().all(|c| c.is_ascii_digit());
    let own_entity = parse
        .token_ent
        .get(t)
        .copied()
        .flatten()
        .is_some_and(|e| parse.ents[e].kind != "CARDINAL");
    let next_is_word = doc
        .tokens
        .get(t + 1)
        .is_some_and(|n| n.is_word && n.capitalised);
    (word || (digits && tok.norm.len() == 1)) && !own_entity && !next_is_word
}

/// Longest spelled-out acronym, in tokens.
const MAX_EXPANSION_TOKENS: usize = 10;

/// The words in parentheses right after an acronym that spell it out ("an R.O.V. (Remote
/// Operated Vehicle) unit"): the initials of their capitalised words are the acronym's letters.
pub(crate) fn acronym_expansions(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for t in 1..doc.tokens.len() {
        if doc.tokens[t].norm != "(" {
            continue;
        }
        let before = if doc.tokens[t - 1].norm == "." && t > 1 {
            t - 2
        } else {
            t - 1
        };
        let Some(letters) = acronym_letters(doc.token_text(before)) else {
            continue;
        };
        let limit = doc.tokens.len().min(t + 2 + MAX_EXPANSION_TOKENS);
        let Some(close) = (t + 1..limit).find(|&k| doc.tokens[k].norm == ")") else {
            continue;
        };
        if close > t + 1 && initials(doc, t + 1..close) == letters {
            out.push(t + 1..close);
        }
    }
    out
}

/// The letters of an acronym written in capitals, with or without dots ("E.U.", "NATO").
fn acronym_letters(text: &str) -> Option<String> {
    let letters: String = text.chars().filter(|c| *c != '.').collect();
    let acronym = (2..=8).contains(&letters.chars().count())
        && letters.chars().all(|c| c.is_ascii_uppercase());
    acronym.then_some(letters)
}

/// The first letters of the capitalised words of `r`; a lower-case word other than a joining
/// word makes it no expansion.
fn initials(doc: &Document, r: Range<usize>) -> String {
    let mut out = String::new();
    for k in r {
        let tok = &doc.tokens[k];
        if !tok.is_word || NAME_JOINERS.contains(&tok.norm.as_str()) {
            continue;
        }
        if !tok.capitalised {
            return String::new();
        }
        out.extend(doc.token_text(k).chars().next());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::NerSpan;
    use crate::ingest::test_document as doc;

    fn texts(d: &Document, found: Vec<Range<usize>>) -> Vec<String> {
        found
            .into_iter()
            .map(|r| d.span_text(r).to_string())
            .collect()
    }

    #[test]
    fn a_source_after_according_to_or_as_per_is_an_outlet() {
        let d = doc(
            "The mill will close, according to The Valley Echo. Rents rose, as per Coast Herald.",
        );
        assert_eq!(
            texts(&d, outlets_after_source_cues(&d)),
            vec!["The Valley Echo", "Coast Herald"]
        );
        let d = doc("The mill will close, according to Tom Baker, and she told Ana Ruiz.");
        assert!(outlets_after_source_cues(&d).is_empty());
    }

    fn parse_with_org(d: &Document, org: Range<usize>) -> ModelParse {
        let mut p = ModelParse {
            token_ent: vec![None; d.tokens.len()],
            ..ModelParse::default()
        };
        for t in org.clone() {
            p.token_ent[t] = Some(0);
        }
        p.ents.push(NerSpan {
            tokens: org,
            label: None,
            kind: "ORG".into(),
        });
        p
    }

    #[test]
    fn a_broadcaster_and_its_channel_number_are_one_name() {
        let d = doc("It will air on ZTV Two next spring.");
        let p = parse_with_org(&d, 4..5);
        assert_eq!(texts(&d, numbered_channels(&d, &p)), vec!["ZTV Two"]);
        let d = doc("It will air on ZTV in two parts.");
        let p = parse_with_org(&d, 4..5);
        assert!(numbered_channels(&d, &p).is_empty());
    }

    #[test]
    fn names_after_for_in_a_list_of_credits_are_companies() {
        let d = doc(
            "Producers are Ann Lee for Red Kite Films, Bo Ray for Loch Reel and Tim Oak for Dune.",
        );
        assert_eq!(
            texts(&d, companies_in_credit_lists(&d)),
            vec!["Red Kite Films", "Loch Reel", "Dune"]
        );
        let d = doc("Ann Lee voted for Bo Ray, and that was that.");
        assert!(companies_in_credit_lists(&d).is_empty());
    }

    #[test]
    fn the_spelled_out_acronym_in_parentheses_is_found() {
        let d = doc("An R.O.V. (Remote Operated Vehicle) unit and the UN (the world body) came.");
        assert_eq!(
            texts(&d, acronym_expansions(&d)),
            vec!["Remote Operated Vehicle"]
        );
        let d = doc("The SFA (Small and Fast Agency) met.");
        assert_eq!(
            texts(&d, acronym_expansions(&d)),
            vec!["Small and Fast Agency"]
        );
    }
}
