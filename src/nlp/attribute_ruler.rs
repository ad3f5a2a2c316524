//! The attribute ruler: POS, MORPH, some LEMMAs, and TAG/DEP of whitespace tokens, from the
//! model's token patterns over TAG, LOWER, DEP and IS_SPACE.

use super::pychar;
use super::tokenizer::translate_python_regex;
use super::{ModelError, Token};
use fancy_regex::Regex;
use rmpv::Value;

const FILE: &str = "attribute_ruler/patterns";

/// The token attribute a spec tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Tag,
    Lower,
    Dep,
    IsSpace,
}

/// How a spec tests its attribute.
#[derive(Debug)]
enum Test {
    Equals(String),
    Bool(bool),
    In(Vec<String>),
    NotIn(Vec<String>),
    Regex(Regex),
}

/// One token of a pattern: every (field, test) must hold.
type TokenSpec = Vec<(Field, Test)>;

/// The attributes a rule sets on the token at `start + index` of each match.
#[derive(Debug, Default, Clone)]
struct Attrs {
    pos: Option<String>,
    morph: Option<String>,
    lemma: Option<String>,
    tag: Option<String>,
    dep: Option<String>,
}

#[derive(Debug)]
struct Rule {
    patterns: Vec<Vec<TokenSpec>>,
    attrs: Attrs,
    index: i64,
}

pub(crate) struct AttributeRuler {
    rules: Vec<Rule>,
}

/// The values a pattern reads from a token.
struct View<'a> {
    tag: &'a str,
    dep: &'a str,
    lower: String,
    is_space: bool,
}

impl AttributeRuler {
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<AttributeRuler, ModelError> {
        let root = rmpv::decode::read_value(&mut &bytes[..])
            .map_err(|e| ModelError::corrupt(FILE, format!("not msgpack: {e}")))?;
        let list = root
            .as_array()
            .ok_or_else(|| ModelError::corrupt(FILE, "not a list of rules"))?;
        let rules = list
            .iter()
            .enumerate()
            .map(|(i, r)| {
                read_rule(r).map_err(|m| ModelError::corrupt(FILE, format!("rule {i}: {m}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(AttributeRuler { rules })
    }

    /// Matches every rule on the tokens as they are, then applies the matches in rule order.
    pub(crate) fn apply(&self, text: &str, tokens: &mut [Token], is_space: &[bool]) {
        let matches = {
            let views: Vec<View> = tokens
                .iter()
                .enumerate()
                .map(|(i, t)| View {
                    tag: &t.tag,
                    dep: &t.dep,
                    lower: pychar::lower(&text[t.start..t.end]),
                    is_space: is_space.get(i).copied().unwrap_or(false),
                })
                .collect();
            self.find_matches(&views)
        };
        for (rule, start, end) in matches {
            let rule = &self.rules[rule];
            let target = if rule.index < 0 {
                end as i64 + rule.index
            } else {
                start as i64 + rule.index
            };
            if (start as i64..end as i64).contains(&target) {
                set_attrs(&mut tokens[target as usize], &rule.attrs);
            }
        }
    }

    /// `(rule, start, end)` of every match, sorted as spaCy applies them.
    fn find_matches(&self, views: &[View]) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        for (r, rule) in self.rules.iter().enumerate() {
            for pattern in &rule.patterns {
                let n = pattern.len();
                for start in 0..views.len().saturating_sub(n - 1) {
                    let window = &views[start..start + n];
                    if pattern
                        .iter()
                        .zip(window)
                        .all(|(spec, v)| spec_matches(spec, v))
                    {
                        found.push((r, start, start + n));
                    }
                }
            }
        }
        found.sort_unstable();
        found
    }
}

fn spec_matches(spec: &TokenSpec, view: &View) -> bool {
    spec.iter().all(|(field, test)| {
        let value = match field {
            Field::Tag => view.tag,
            Field::Dep => view.dep,
            Field::Lower => &view.lower,
            Field::IsSpace => return matches!(test, Test::Bool(b) if *b == view.is_space),
        };
        match test {
            Test::Equals(s) => s == value,
            Test::Bool(_) => false,
            Test::In(set) => set.iter().any(|s| s == value),
            Test::NotIn(set) => !set.iter().any(|s| s == value),
            Test::Regex(re) => re.is_match(value).unwrap_or(false),
        }
    })
}

fn set_attrs(token: &mut Token, attrs: &Attrs) {
    if let Some(pos) = &attrs.pos {
        token.pos.clone_from(pos);
    }
    if let Some(morph) = &attrs.morph {
        token.morph.clone_from(morph);
    }
    if let Some(lemma) = &attrs.lemma {
        token.lemma.clone_from(lemma);
    }
    if let Some(tag) = &attrs.tag {
        token.tag.clone_from(tag);
    }
    if let Some(dep) = &attrs.dep {
        token.dep.clone_from(dep);
    }
}

fn entry<'a>(map: &'a Value, key: &str) -> Option<&'a Value> {
    map.as_map()?
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
}

fn read_rule(rule: &Value) -> Result<Rule, String> {
    let patterns = entry(rule, "patterns")
        .and_then(Value::as_array)
        .ok_or("no `patterns` list")?
        .iter()
        .map(read_pattern)
        .collect::<Result<_, _>>()?;
    let index = entry(rule, "index")
        .and_then(Value::as_i64)
        .ok_or("no integer `index`")?;
    let attrs = read_attrs(entry(rule, "attrs").ok_or("no `attrs`")?)?;
    Ok(Rule {
        patterns,
        attrs,
        index,
    })
}

fn read_pattern(pattern: &Value) -> Result<Vec<TokenSpec>, String> {
    let specs = pattern.as_array().ok_or("a pattern is not a list")?;
    if specs.is_empty() {
        return Err("an empty pattern".into());
    }
    specs.iter().map(read_spec).collect()
}

fn read_spec(spec: &Value) -> Result<TokenSpec, String> {
    let map = spec.as_map().ok_or("a token spec is not a map")?;
    map.iter()
        .map(|(k, v)| {
            let field = match k.as_str() {
                Some("TAG") => Field::Tag,
                Some("LOWER") => Field::Lower,
                Some("DEP") => Field::Dep,
                Some("IS_SPACE") => Field::IsSpace,
                other => return Err(format!("unsupported token attribute {other:?}")),
            };
            Ok((field, read_test(v)?))
        })
        .collect()
}

fn read_test(value: &Value) -> Result<Test, String> {
    match value {
        Value::String(s) => s
            .as_str()
            .map(|s| Test::Equals(s.to_string()))
            .ok_or_else(|| "a value is not UTF-8".to_string()),
        Value::Boolean(b) => Ok(Test::Bool(*b)),
        Value::Map(m) if m.len() == 1 => {
            let (op, arg) = &m[0];
            match op.as_str() {
                Some("IN") => Ok(Test::In(strings(arg)?)),
                Some("NOT_IN") => Ok(Test::NotIn(strings(arg)?)),
                Some("REGEX") => {
                    let source = arg.as_str().ok_or("a REGEX is not a string")?;
                    Regex::new(&translate_python_regex(source))
                        .map(Test::Regex)
                        .map_err(|e| format!("REGEX {source:?} does not compile: {e}"))
                }
                other => Err(format!("unsupported operator {other:?}")),
            }
        }
        _ => Err(format!("unsupported value {value}")),
    }
}

fn strings(value: &Value) -> Result<Vec<String>, String> {
    value
        .as_array()
        .ok_or("an IN/NOT_IN argument is not a list")?
        .iter()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| "a set member is not a string".to_string())
        })
        .collect()
}

fn read_attrs(value: &Value) -> Result<Attrs, String> {
    let map = value.as_map().ok_or("`attrs` is not a map")?;
    let mut attrs = Attrs::default();
    for (k, v) in map {
        let v = v
            .as_str()
            .ok_or("an attribute value is not a string")?
            .to_string();
        match k.as_str() {
            Some("POS") => attrs.pos = Some(v),
            Some("MORPH") => attrs.morph = Some(if v == "_" { String::new() } else { v }),
            Some("LEMMA") => attrs.lemma = Some(v),
            Some("TAG") => attrs.tag = Some(v),
            Some("DEP") => attrs.dep = Some(v),
            other => return Err(format!("unsupported attribute {other:?}")),
        }
    }
    Ok(attrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_bytes(rules: &Value) -> Vec<u8> {
        let mut buf = Vec::new();
        rmpv::encode::write_value(&mut buf, rules).unwrap();
        buf
    }

    fn v(s: &str) -> Value {
        Value::from(s)
    }

    #[test]
    fn unsupported_content_is_a_model_error() {
        assert!(AttributeRuler::from_bytes(b"\x01").is_err());
        let bad = Value::Array(vec![Value::Map(vec![(v("patterns"), Value::from(3))])]);
        let err = AttributeRuler::from_bytes(&rule_bytes(&bad)).err().unwrap();
        assert!(err.to_string().contains("rule 0"), "{err}");
    }

    #[test]
    fn later_rules_overwrite_earlier_ones() {
        let rule = |tag: &str, pos: &str| {
            Value::Map(vec![
                (
                    v("patterns"),
                    Value::Array(vec![Value::Array(vec![Value::Map(vec![(
                        v("TAG"),
                        v(tag),
                    )])])]),
                ),
                (v("attrs"), Value::Map(vec![(v("POS"), v(pos))])),
                (v("index"), Value::from(0)),
            ])
        };
        let rules = Value::Array(vec![rule("NN", "NOUN"), rule("NN", "X")]);
        let ruler = AttributeRuler::from_bytes(&rule_bytes(&rules)).unwrap();
        let mut tokens = vec![crate::nlp::reference::token(0, 3, "NN", "nsubj")];
        ruler.apply("dog", &mut tokens, &[false]);
        assert_eq!(tokens[0].pos, "X");
    }
}
