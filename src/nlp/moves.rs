//! The class order of a transition system, rebuilt from its `moves` file as spaCy does: actions
//! sorted as strings; within an action, labels by (frequency, label) descending; labels with a
//! negative frequency after all others.

use super::thinc::{decode, map_get};
use super::ModelError;
use std::collections::BTreeMap;

/// One output class: an action code (from the moves file) and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MoveClass {
    pub(crate) action: u8,
    pub(crate) label: String,
}

/// The classes of `moves` in network output order; `keep(action, label)` drops the pairs the
/// transition system refuses.
pub(crate) fn read_classes(
    file: &str,
    bytes: &[u8],
    keep: impl Fn(u8, &str) -> bool,
) -> Result<Vec<MoveClass>, ModelError> {
    let bad = |m: String| ModelError::corrupt(file, m);
    let top = decode(bytes).ok_or_else(|| bad("not a msgpack value".into()))?;
    let json = map_get(&top, "moves")
        .and_then(|v| v.as_str())
        .ok_or_else(|| bad("no `moves` string".into()))?;
    let table: BTreeMap<String, BTreeMap<String, f64>> =
        serde_json::from_str(json).map_err(|e| bad(format!("moves JSON: {e}")))?;
    let mut classes = Vec::new();
    let mut late: Vec<(f64, String, u8)> = Vec::new();
    for (action, labels) in &table {
        let action: u8 = action
            .parse()
            .map_err(|_| bad(format!("action `{action}` is not a small integer")))?;
        for (freq, label) in sorted_labels(labels) {
            if freq < 0.0 {
                late.push((freq, label, action));
            } else {
                push_class(&mut classes, action, label, &keep);
            }
        }
    }
    late.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    for (_, label, action) in late {
        push_class(&mut classes, action, label, &keep);
    }
    Ok(classes)
}

fn sorted_labels(labels: &BTreeMap<String, f64>) -> Vec<(f64, String)> {
    let mut pairs: Vec<(f64, String)> = labels.iter().map(|(l, f)| (*f, l.clone())).collect();
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    pairs
}

fn push_class(
    classes: &mut Vec<MoveClass>,
    action: u8,
    label: String,
    keep: &impl Fn(u8, &str) -> bool,
) {
    let class = MoveClass { action, label };
    if keep(class.action, &class.label) && !classes.contains(&class) {
        classes.push(class);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moves_file(json: &str) -> Vec<u8> {
        let value = rmpv::Value::Map(vec![("moves".into(), json.into())]);
        let mut out = Vec::new();
        rmpv::encode::write_value(&mut out, &value).unwrap();
        out
    }

    #[test]
    fn orders_actions_as_strings_and_labels_by_frequency_then_name() {
        let file = moves_file(
            r#"{"3": {"b": 5, "a": 5, "c": 9}, "10": {"x": 1}, "2": {"neg": -1, "y": 2}}"#,
        );
        let classes = read_classes("m", &file, |_, _| true).unwrap();
        let names: Vec<String> = classes
            .iter()
            .map(|c| format!("{}-{}", c.action, c.label))
            .collect();
        assert_eq!(names, ["10-x", "2-y", "3-c", "3-b", "3-a", "2-neg"]);
    }

    #[test]
    fn keep_filters_and_garbage_is_an_error() {
        let file = moves_file(r#"{"5": {"": 1, "ORG": 3}}"#);
        let classes = read_classes("m", &file, |_, l| l.is_empty()).unwrap();
        assert_eq!(
            classes,
            [MoveClass {
                action: 5,
                label: String::new()
            }]
        );
        assert!(read_classes("m", &moves_file("{\"x\": {}}"), |_, _| true).is_err());
        assert!(read_classes("m", b"\xc1", |_, _| true).is_err());
    }

    #[test]
    fn parser_classes_match_spacy() {
        let bytes = include_bytes!("../../models/en_core_web_sm/parser/moves");
        let classes = read_classes("parser/moves", bytes, |_, _| true).unwrap();
        assert_eq!(classes.len(), 106);
        let tail: Vec<String> = classes[100..]
            .iter()
            .map(|c| format!("{}-{}", c.action, c.label))
            .collect();
        assert_eq!(
            tail,
            [
                "3-mark",
                "3-auxpass",
                "3-prep||pobj",
                "3-relcl||nsubjpass",
                "3-appos||nsubjpass",
                "4-ROOT"
            ]
        );
        assert_eq!((classes[2].action, classes[2].label.as_str()), (2, "det"));
    }
}
