//! The rule lemmatizer: lemmas from POS, morphology and the model's rules, exceptions and index.

use super::lexeme::Symbols;
use super::pychar;
use super::{ModelError, Token};
use rmpv::Value;
use std::collections::{HashMap, HashSet};

const FILE: &str = "lemmatizer/lookups/lookups.bin";

/// The tables of one part of speech.
#[derive(Default)]
struct PosTables {
    rules: Vec<(String, String)>,
    exceptions: HashMap<String, Vec<String>>,
    index: HashSet<String>,
}

impl PosTables {
    fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.exceptions.is_empty() && self.index.is_empty()
    }
}

pub(crate) struct Lemmatizer {
    /// Keyed by the string id of the lower-case POS name.
    tables: HashMap<u64, PosTables>,
    symbols: Symbols,
}

impl Lemmatizer {
    pub(crate) fn from_bytes(bytes: &[u8], symbols: Symbols) -> Result<Lemmatizer, ModelError> {
        let root = rmpv::decode::read_value(&mut &bytes[..])
            .map_err(|e| ModelError::corrupt(FILE, format!("not msgpack: {e}")))?;
        let mut tables: HashMap<u64, PosTables> = HashMap::new();
        for (pos, rules) in table(&root, "lemma_rules")? {
            tables.entry(pos).or_default().rules = read_rules(rules)?;
        }
        for (pos, exc) in table(&root, "lemma_exc")? {
            tables.entry(pos).or_default().exceptions = read_exceptions(exc)?;
        }
        for (pos, index) in table(&root, "lemma_index")? {
            tables.entry(pos).or_default().index = strings(index)?.into_iter().collect();
        }
        Ok(Lemmatizer { tables, symbols })
    }

    /// Sets the lemma of every token whose lemma is still empty.
    pub(crate) fn apply(&self, text: &str, tokens: &mut [Token]) {
        for token in tokens.iter_mut().filter(|t| t.lemma.is_empty()) {
            token.lemma = self.lemmatize(&text[token.start..token.end], &token.pos, &token.morph);
        }
    }

    /// spaCy's `rule_lemmatize(token)[0]`.
    fn lemmatize(&self, orth: &str, pos: &str, morph: &str) -> String {
        let upos = pychar::lower(pos);
        if matches!(upos.as_str(), "" | "eol" | "space") || is_base_form(&upos, morph) {
            return pychar::lower(orth);
        }
        let tables = match self.tables.get(&self.symbols.id(&upos)) {
            Some(t) if !t.is_empty() => t,
            _ if upos == "propn" => return orth.to_string(),
            _ => return pychar::lower(orth),
        };
        let lower = pychar::lower(orth);
        let (mut forms, oov) = rule_forms(tables, &lower);
        for form in tables.exceptions.get(&lower).into_iter().flatten() {
            if !forms.contains(form) {
                forms.insert(0, form.clone());
            }
        }
        forms
            .into_iter()
            .chain(oov)
            .next()
            .unwrap_or_else(|| orth.to_string())
    }
}

/// Forms from the suffix rules: known or non-alphabetic ones (de-duplicated, in rule order),
/// and the others.
fn rule_forms(tables: &PosTables, lower: &str) -> (Vec<String>, Vec<String>) {
    let mut forms: Vec<String> = Vec::new();
    let mut oov = Vec::new();
    for (old, new) in &tables.rules {
        let Some(stem) = lower.strip_suffix(old.as_str()) else {
            continue;
        };
        let form = format!("{stem}{new}");
        if form.is_empty() {
            continue;
        }
        if tables.index.contains(&form) || !pychar::str_is_alpha(&form) {
            if !forms.contains(&form) {
                forms.push(form);
            }
        } else {
            oov.push(form);
        }
    }
    (forms, oov)
}

/// spaCy's English `is_base_form`: forms whose lemma is the lower-cased text.
fn is_base_form(upos: &str, morph: &str) -> bool {
    let feat = |name: &str| {
        morph
            .split('|')
            .filter_map(|f| f.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    };
    let verb_form = feat("VerbForm");
    let degree = feat("Degree");
    (upos == "noun" && feat("Number") == Some("Sing"))
        || (upos == "verb"
            && verb_form == Some("Fin")
            && feat("Tense") == Some("Pres")
            && feat("Number").is_none())
        || (upos == "adj" && degree == Some("Pos"))
        || verb_form == Some("Inf")
        || verb_form == Some("None")
        || degree == Some("Pos")
}

fn table<'a>(root: &'a Value, name: &str) -> Result<Vec<(u64, &'a Value)>, ModelError> {
    let map = root
        .as_map()
        .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some(name)))
        .and_then(|(_, v)| v.as_map())
        .ok_or_else(|| ModelError::corrupt(FILE, format!("no `{name}` table")))?;
    map.iter()
        .map(|(k, v)| {
            k.as_u64().map(|id| (id, v)).ok_or_else(|| {
                ModelError::corrupt(FILE, format!("`{name}`: a key is not a string id"))
            })
        })
        .collect()
}

fn strings(value: &Value) -> Result<Vec<String>, ModelError> {
    value
        .as_array()
        .ok_or_else(|| ModelError::corrupt(FILE, "expected a list of strings"))?
        .iter()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| ModelError::corrupt(FILE, "a list member is not a string"))
        })
        .collect()
}

fn read_rules(value: &Value) -> Result<Vec<(String, String)>, ModelError> {
    value
        .as_array()
        .ok_or_else(|| ModelError::corrupt(FILE, "`lemma_rules`: expected a list of rules"))?
        .iter()
        .map(|rule| match strings(rule)?.as_slice() {
            [old, new] => Ok((old.clone(), new.clone())),
            _ => Err(ModelError::corrupt(
                FILE,
                "`lemma_rules`: a rule is not [old, new]",
            )),
        })
        .collect()
}

fn read_exceptions(value: &Value) -> Result<HashMap<String, Vec<String>>, ModelError> {
    value
        .as_map()
        .ok_or_else(|| ModelError::corrupt(FILE, "`lemma_exc`: expected a map"))?
        .iter()
        .map(|(k, v)| {
            let word = k
                .as_str()
                .ok_or_else(|| ModelError::corrupt(FILE, "`lemma_exc`: a key is not a string"))?;
            Ok((word.to_string(), strings(v)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_forms_follow_pos_and_morphology() {
        assert!(is_base_form("noun", "Number=Sing"));
        assert!(!is_base_form("noun", "Number=Plur"));
        assert!(is_base_form("verb", "Tense=Pres|VerbForm=Fin"));
        assert!(!is_base_form(
            "verb",
            "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"
        ));
        assert!(is_base_form("adv", "Degree=Pos"));
        assert!(!is_base_form("adj", "Degree=Cmp"));
        assert!(!is_base_form("verb", ""));
    }

    #[test]
    fn rules_prefer_known_forms_then_exceptions() {
        let tables = PosTables {
            rules: vec![
                ("s".into(), "".into()),
                ("ies".into(), "y".into()),
                ("s".into(), "".into()),
            ],
            exceptions: HashMap::new(),
            index: ["city".to_string()].into_iter().collect(),
        };
        assert_eq!(
            rule_forms(&tables, "cities"),
            (
                vec!["city".to_string()],
                vec!["citie".to_string(), "citie".to_string()]
            )
        );
        assert_eq!(rule_forms(&tables, "s").0, Vec::<String>::new());
    }

    #[test]
    fn bad_tables_are_a_model_error() {
        let symbols = Symbols::from_json(b"{}").unwrap();
        assert!(Lemmatizer::from_bytes(b"\x80", symbols.clone()).is_err());
        assert!(Lemmatizer::from_bytes(b"\x01", symbols).is_err());
    }
}
