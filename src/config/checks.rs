//! Checks of the configuration's values that the file format alone cannot express: aliases
//! that would match function words or punctuation, malformed Wikidata ids, and empty cue or
//! pattern files. An error names file:line:column; a value a user could mean is a warning.

use super::{at, Cues};
use crate::error::Result;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

#[derive(Deserialize)]
struct SpannedLexicon {
    #[serde(default)]
    entity: Vec<SpannedEntry>,
}

#[derive(Deserialize)]
struct SpannedEntry {
    name: Option<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    wikidata: Option<Spanned<String>>,
}

/// Checks every lexicon alias and Wikidata id; returns warnings.
pub(super) fn check_lexicon(lexicon: (&Path, &str), cues: &Cues) -> Result<Vec<String>> {
    let Ok(lex) = toml::from_str::<SpannedLexicon>(lexicon.1) else {
        return Ok(Vec::new());
    };
    let mut warnings = Vec::new();
    for entry in &lex.entity {
        let name = entry.name.as_deref().unwrap_or("?");
        for alias in &entry.aliases {
            if let Some(w) = check_alias(lexicon, cues, name, alias)? {
                warnings.push(w);
            }
        }
        if let Some(q) = &entry.wikidata {
            if !crate::export::jsonld::is_wikidata_id(q.get_ref()) {
                return Err(at(
                    lexicon,
                    q.span(),
                    &format!(
                        "wikidata {:?} of {name:?} is not a Wikidata item id (Q followed by digits, e.g. Q42)",
                        q.get_ref()
                    ),
                ));
            }
        }
    }
    Ok(warnings)
}

/// An alias that is punctuation, or a pronoun or stop word as written, is an error; one that
/// differs from such a word only in case ("It", a show) is a warning.
fn check_alias(
    lexicon: (&Path, &str),
    cues: &Cues,
    name: &str,
    alias: &Spanned<String>,
) -> Result<Option<String>> {
    let text = alias.get_ref().trim();
    if !text.chars().any(char::is_alphanumeric) {
        return Err(at(
            lexicon,
            alias.span(),
            &format!(
                "alias {text:?} of {name:?} has no letter or digit: it would match punctuation"
            ),
        ));
    }
    let Some(kind) = function_word(cues, text) else {
        return Ok(None);
    };
    if text == text.to_lowercase() {
        return Err(at(
            lexicon,
            alias.span(),
            &format!(
                "alias {text:?} of {name:?} is a {kind}: every {text:?} in the articles would become {name:?}"
            ),
        ));
    }
    let (line, column) = super::line_col(lexicon.1, alias.span().start);
    Ok(Some(format!(
        "{}:{line}:{column}: alias {text:?} of {name:?} is spelt like the {kind} {:?}; it matches only with this capitalisation, e.g. at the start of a sentence",
        lexicon.0.display(),
        text.to_lowercase()
    )))
}

fn function_word(cues: &Cues, text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let has = |list: &[String]| list.iter().any(|w| w.to_lowercase() == lower);
    if has(&cues.pronouns_male)
        || has(&cues.pronouns_female)
        || has(&cues.first_person)
        || has(&cues.possessives)
    {
        Some("pronoun")
    } else if has(&cues.stop_words) {
        Some("stop word")
    } else {
        None
    }
}

/// A cues or patterns file with no settings at all (empty, blank or only comments) is an
/// error: it is most likely truncated. A patterns file with lists but no rule is a warning.
pub(super) fn check_not_empty(file: (&Path, &str), rules_key: Option<&str>) -> Result<Vec<String>> {
    let Ok(table) = toml::from_str::<toml::Table>(file.1) else {
        return Ok(Vec::new());
    };
    if table.is_empty() {
        return Err(at(
            file,
            0..0,
            "the file holds no settings (it is empty, blank or only comments); was it truncated? kgpipe needs its cue words and patterns",
        ));
    }
    match rules_key {
        Some(key) if !table.contains_key(key) => Ok(vec![format!(
            "{}:1:1: no [[{key}]] rule: no relationship will be found by a pattern",
            file.0.display()
        )]),
        _ => Ok(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues() -> Cues {
        Cues {
            pronouns_male: vec!["he".into()],
            stop_words: vec!["the".into()],
            ..Cues::default()
        }
    }

    fn lexicon(aliases: &str) -> Result<Vec<String>> {
        let src = format!("[[entity]]\nlabel = \"Show\"\nname = \"X\"\naliases = [{aliases}]\n");
        check_lexicon((Path::new("lexicon.toml"), &src), &cues())
    }

    #[test]
    fn pronoun_stop_word_and_punctuation_aliases_are_located_errors() {
        for bad in ["\"he\"", "\"the\"", "\"--\"", "\"  \""] {
            let msg = lexicon(bad).unwrap_err().to_string();
            assert!(msg.starts_with("lexicon.toml:4:12:"), "{bad}: {msg}");
        }
    }

    #[test]
    fn a_capitalised_function_word_alias_is_a_warning() {
        let w = lexicon("\"The\"").unwrap();
        assert!(w.len() == 1 && w[0].contains("stop word"), "{w:?}");
        assert!(lexicon("\"Hawkeye\"").unwrap().is_empty());
    }

    #[test]
    fn wikidata_must_be_q_and_digits() {
        let src = "[[entity]]\nlabel = \"Person\"\nname = \"A\"\nwikidata = \"Q12 x\"\n";
        let msg = check_lexicon((Path::new("lexicon.toml"), src), &cues())
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("lexicon.toml:4:12:") && msg.contains("Q followed by digits"));
    }

    #[test]
    fn empty_files_are_errors_and_rule_less_patterns_a_warning() {
        let e = check_not_empty((Path::new("cues.toml"), "# nothing\n\n"), None).unwrap_err();
        assert!(e.to_string().starts_with("cues.toml:1:1:"), "{e}");
        let w = check_not_empty(
            (Path::new("patterns.toml"), "[lists]\na = [\"b\"]\n"),
            Some("relation"),
        )
        .unwrap();
        assert_eq!(w.len(), 1);
    }
}
