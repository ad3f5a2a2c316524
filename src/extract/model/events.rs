//! Event coreference inside an article: a premiere that names no show is the premiere of the
//! article's main show, so "the premiere", "the world premiere" and "the premiere of X" are
//! one event; "the gala" is the article's "Spring Gala" when it names one gala only.

use super::article::main_show;
use super::ModelParse;
use crate::extract::{Mention, MentionForm};
use crate::ingest::Document;
use crate::ontology::Label;
use std::collections::{BTreeMap, BTreeSet};

/// Adds the main show as the modifier of every event of a show-taking kind that names none
/// (neither as a modifier nor in a relation, `tied`); returns the (event, show) pairs made.
pub(crate) fn attach_main_show(
    doc: &Document,
    mentions: &mut [Mention],
    tied: &BTreeSet<usize>,
    takes_show: impl Fn(&str) -> bool,
) -> Vec<(usize, usize)> {
    let Some(show) = main_show(doc, mentions) else {
        return Vec::new();
    };
    let mut made = Vec::new();
    let labels: Vec<Option<Label>> = mentions.iter().map(|m| m.label).collect();
    for (i, m) in mentions.iter_mut().enumerate() {
        let Some(ev) = m.event.as_mut() else { continue };
        let names_show = ev
            .modifiers
            .iter()
            .any(|&md| labels[md] == Some(Label::Show));
        if takes_show(&ev.head) && !names_show && !tied.contains(&i) {
            ev.modifiers.push(show);
            made.push((i, show));
        }
    }
    made
}

/// Event phrases that stand for the one named event of their kind in the article ("the gala",
/// "a special ceremony" → "Spring Gala"): phrase mention → the named event's first mention.
/// `kind_of_word` gives the event kind a word names ("gala" → "ceremony"). A phrase that
/// names its own place or show, or a kind with two named events, stays as it is.
pub(crate) fn phrases_of_named_events<'k>(
    doc: &Document,
    mentions: &[Mention],
    kind_of_word: impl Fn(&str) -> Option<&'k str>,
) -> BTreeMap<usize, usize> {
    let mut named: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.form != MentionForm::Name || m.label != Some(Label::Event) || m.tokens.is_empty() {
            continue;
        }
        if let Some(kind) = kind_of_word(&doc.tokens[m.tokens.end - 1].norm) {
            named
                .entry(kind)
                .or_default()
                .entry(m.text.to_lowercase())
                .or_insert(i);
        }
    }
    let mut out = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let Some(ev) = &m.event else { continue };
        let Some(names) = named.get(ev.head.as_str()) else {
            continue;
        };
        if let ([(_, &first)], true) = (
            names.iter().collect::<Vec<_>>().as_slice(),
            ev.modifiers.is_empty(),
        ) {
            out.insert(i, first);
        }
    }
    out
}

/// Nouns that name an accident beside the configured words, read as nouns by the parse ("a
/// nasty fall", "the house fire", "the avalanche").
const ACCIDENT_NOUNS: [&str; 7] = [
    "fall",
    "avalanche",
    "fire",
    "blaze",
    "explosion",
    "bombing",
    "rollover",
];

/// Words that make "fall" a season ("this fall", "fall 2024", "the fall of 2019").
const SEASON_NEIGHBOURS: [&str; 6] = ["this", "last", "next", "early", "late", "of"];

/// Is document token `t` an accident noun the configuration does not list?
pub(crate) fn is_accident_noun(doc: &Document, parse: &ModelParse, t: usize) -> bool {
    let noun = matches!(parse.token_tag[t].as_deref(), Some("NN"));
    let word = doc.tokens[t].norm.as_str();
    if !noun || !ACCIDENT_NOUNS.contains(&word) {
        return false;
    }
    let before = t.checked_sub(1).map(|k| doc.tokens[k].norm.as_str());
    let after = doc.tokens.get(t + 1).map(|k| k.norm.as_str());
    let season = word == "fall"
        && (before.is_some_and(|w| SEASON_NEIGHBOURS.contains(&w))
            || after.is_some_and(|w| w == "of" || w.chars().all(|c| c.is_ascii_digit())));
    !season
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest, Abbreviations};
    use std::path::Path;

    /// Whether each occurrence of "fall" (tagged NN) in `text` reads as an accident.
    fn falls(text: &str) -> Vec<bool> {
        let d = ingest(
            "t.txt",
            Path::new("t.txt"),
            text.to_string(),
            &Abbreviations::new(["Mt"]),
        );
        let mut p = ModelParse {
            token_tag: vec![None; d.tokens.len()],
            ..ModelParse::default()
        };
        let at: Vec<usize> = (0..d.tokens.len())
            .filter(|&t| d.tokens[t].norm == "fall")
            .collect();
        for &t in &at {
            p.token_tag[t] = Some("NN".into());
        }
        at.iter().map(|&t| is_accident_noun(&d, &p, t)).collect()
    }

    #[test]
    fn a_fall_is_an_accident_but_not_a_season() {
        assert_eq!(
            falls("She was hurt in a bad fall on the stairs."),
            vec![true]
        );
        assert_eq!(
            falls("The show returns this fall and again in the fall of 2026."),
            vec![false, false]
        );
    }

    #[test]
    fn a_verb_is_no_accident() {
        let d = ingest(
            "t.txt",
            Path::new("t.txt"),
            "Prices fall.".to_string(),
            &Abbreviations::new(["Mt"]),
        );
        let p = ModelParse {
            token_tag: vec![Some("NNS".into()), Some("VBP".into()), None],
            ..ModelParse::default()
        };
        assert!(!is_accident_noun(&d, &p, 1));
    }
}
