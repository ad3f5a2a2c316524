//! A strict reader of the `neo4j-admin database import` CSV format, written from Neo4j's
//! documentation and header parser (see shared/reference/neo4j-import.md), independent of
//! kgpipe's writer. It rejects what neo4j-admin would reject and what it would silently
//! misread: a BOM, backslash-escaped quotes, stray quotes, ragged rows, unknown header types,
//! duplicate properties, values that do not parse as their type, duplicate ids, and
//! relationships to missing nodes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(String),
    Array(Vec<Value>),
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: Option<String>,
    pub kind: String,
    pub array: bool,
}

#[derive(Debug, Clone, Default)]
pub struct ImportedGraph {
    pub nodes: BTreeMap<String, (Vec<String>, BTreeMap<String, Value>)>,
    pub rels: Vec<(String, String, String, BTreeMap<String, Value>)>,
}

const PROPERTY_TYPES: [&str; 15] = [
    "int",
    "long",
    "float",
    "double",
    "boolean",
    "byte",
    "short",
    "char",
    "string",
    "point",
    "date",
    "localtime",
    "time",
    "localdatetime",
    "datetime",
];

/// Parses one header entry as DataFactories does: options cut, the last `:` splits name and type.
pub fn parse_header_entry(entry: &str) -> Result<Column, String> {
    if entry.is_empty() {
        return Ok(Column {
            name: None,
            kind: "IGNORE".into(),
            array: false,
        });
    }
    let mut spec = entry.to_string();
    if let (Some(open), Some(close)) = (spec.rfind('{'), spec.rfind('}')) {
        if open < close {
            spec.replace_range(open..=close, "");
        }
    }
    let (name, ty) = match spec.rfind(':') {
        Some(i) => (&spec[..i], &spec[i + 1..]),
        None => (spec.as_str(), ""),
    };
    let ty = match ty.find('(') {
        Some(i) => {
            if !ty.ends_with(')') {
                return Err(format!("unterminated id group in {entry:?}"));
            }
            &ty[..i]
        }
        None => ty,
    };
    let name = (!name.is_empty()).then(|| name.to_string());
    let (base, array) = match ty.strip_suffix("[]") {
        Some(b) => (b, true),
        None => (ty, false),
    };
    let kind = if ty.is_empty() {
        "string".to_string()
    } else {
        base.to_string()
    };
    let special = ["ID", "LABEL", "IGNORE", "START_ID", "END_ID", "TYPE"];
    if !special.contains(&kind.as_str())
        && !PROPERTY_TYPES.contains(&kind.to_ascii_lowercase().as_str())
    {
        return Err(format!("unknown type {kind:?} in header entry {entry:?}"));
    }
    if array && special.contains(&kind.as_str()) {
        return Err(format!("{kind} cannot be an array in {entry:?}"));
    }
    Ok(Column { name, kind, array })
}

/// Splits RFC 4180 text strictly; `multiline` allows newlines inside quoted fields.
pub fn parse_records(text: &str, multiline: bool) -> Result<Vec<Vec<(String, bool)>>, String> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    if text.is_empty() {
        return Ok(records);
    }
    loop {
        let mut field = String::new();
        let quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err(format!("line {line}: unterminated quoted field")),
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some('\n') | Some('\r') if !multiline => {
                        return Err(format!(
                            "line {line}: newline inside a field needs --multiline-fields=true"
                        ))
                    }
                    Some(c) => {
                        if c == '\n' {
                            line += 1;
                        }
                        field.push(c);
                    }
                }
            }

            match chars.peek() {
                None | Some(',') | Some('\n') => {}
                Some(c) => return Err(format!("line {line}: {c:?} after a closing quote")),
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' || c == '\n' {
                    break;
                }
                if c == '"' {
                    return Err(format!("line {line}: quote inside an unquoted field"));
                }
                if c == '\r' {
                    return Err(format!("line {line}: bare carriage return"));
                }
                field.push(c);
                chars.next();
            }
            if field != field.trim() {
                return Err(format!(
                    "line {line}: unquoted field with edge whitespace {field:?} may be trimmed"
                ));
            }
        }
        fields.push((field, quoted));
        match chars.next() {
            Some(',') => continue,
            Some('\n') | None => {
                records.push(std::mem::take(&mut fields));
                line += 1;
                if chars.peek().is_none() {
                    return Ok(records);
                }
            }
            Some(c) => return Err(format!("line {line}: unexpected {c:?}")),
        }
    }
}

fn parse_value(kind: &str, raw: &str) -> Result<Value, String> {
    Ok(match kind.to_ascii_lowercase().as_str() {
        "int" | "long" | "short" | "byte" => Value::Int(
            raw.parse()
                .map_err(|_| format!("not an integer: {raw:?}"))?,
        ),
        "float" | "double" => {
            Value::Float(raw.parse().map_err(|_| format!("not a number: {raw:?}"))?)
        }
        "boolean" => match raw {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => {
                return Err(format!(
                    "boolean must be true or false, not {raw:?} (neo4j-admin reads it as false)"
                ))
            }
        },
        "date" => {
            let ok = raw.len() == 10
                && raw.as_bytes()[4] == b'-'
                && raw.as_bytes()[7] == b'-'
                && raw[..4].parse::<u32>().is_ok()
                && raw[5..7]
                    .parse::<u32>()
                    .is_ok_and(|m| (1..=12).contains(&m))
                && raw[8..].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
            if !ok {
                return Err(format!("not a full date: {raw:?}"));
            }
            Value::Date(raw.to_string())
        }
        _ => Value::Str(raw.to_string()),
    })
}

/// Reads every CSV below `dir` as neo4j-admin would.
pub fn read(dir: &Path, array_delimiter: char, multiline: bool) -> Result<ImportedGraph, String> {
    let mut files: Vec<PathBuf> = Vec::new();
    for sub in ["nodes", "relationships"] {
        if !dir.join(sub).exists() {
            continue;
        }
        for e in std::fs::read_dir(dir.join(sub)).map_err(|e| e.to_string())? {
            files.push(e.map_err(|e| e.to_string())?.path());
        }
    }
    files.sort();
    let mut g = ImportedGraph::default();
    let mut pending_rels = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).map_err(|e| e.to_string())?;
        let name = f.display().to_string();
        if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            return Err(format!("{name}: starts with a BOM"));
        }
        let text = String::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8"))?;
        let records = parse_records(&text, multiline).map_err(|e| format!("{name}: {e}"))?;
        let Some((header, rows)) = records.split_first() else {
            return Err(format!("{name}: no header"));
        };
        let columns: Vec<Column> = header
            .iter()
            .map(|(h, _)| parse_header_entry(h))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{name}: {e}"))?;
        let count = |k: &str| columns.iter().filter(|c| c.kind == k).count();
        let is_rel = count("START_ID") > 0 || count("END_ID") > 0;
        if is_rel {
            if count("START_ID") != 1 || count("END_ID") != 1 {
                return Err(format!(
                    "{name}: a relationship file needs one START_ID and one END_ID"
                ));
            }
            if count("TYPE") > 1 || count("ID") > 0 || count("LABEL") > 0 {
                return Err(format!("{name}: bad relationship header"));
            }
        } else if count("ID") != 1 || count("TYPE") > 0 {
            return Err(format!(
                "{name}: a node file needs exactly one ID column and no TYPE"
            ));
        }
        let mut props = BTreeSet::new();
        for c in &columns {
            let is_prop = !matches!(
                c.kind.as_str(),
                "LABEL" | "IGNORE" | "START_ID" | "END_ID" | "TYPE"
            );
            if let (true, Some(n)) = (is_prop, &c.name) {
                if !props.insert(n.clone()) {
                    return Err(format!("{name}: duplicate property {n}"));
                }
            }
        }
        for (i, row) in rows.iter().enumerate() {
            let line = i + 2;
            if row.len() != columns.len() {
                return Err(format!(
                    "{name}:{line}: {} fields for {} columns",
                    row.len(),
                    columns.len()
                ));
            }
            let mut id = None;
            let (mut start, mut end, mut rtype) = (None, None, None);
            let mut labels = Vec::new();
            let mut properties = BTreeMap::new();
            for (c, (raw, quoted)) in columns.iter().zip(row) {
                if raw.is_empty() && !quoted {
                    continue;
                }
                match c.kind.as_str() {
                    "IGNORE" => {}
                    "ID" => {
                        if raw.is_empty() {
                            return Err(format!("{name}:{line}: empty id"));
                        }
                        id = Some(raw.clone());
                        if let Some(n) = &c.name {
                            properties.insert(n.clone(), Value::Str(raw.clone()));
                        }
                    }
                    "LABEL" => labels = raw.split(array_delimiter).map(String::from).collect(),
                    "START_ID" => start = Some(raw.clone()),
                    "END_ID" => end = Some(raw.clone()),
                    "TYPE" => rtype = Some(raw.clone()),
                    kind => {
                        let v = if c.array {
                            Value::Array(
                                raw.split(array_delimiter)
                                    .map(|x| parse_value(kind, x))
                                    .collect::<Result<_, _>>()
                                    .map_err(|e| format!("{name}:{line}: {e}"))?,
                            )
                        } else {
                            parse_value(kind, raw).map_err(|e| format!("{name}:{line}: {e}"))?
                        };
                        properties.insert(c.name.clone().expect("property name"), v);
                    }
                }
            }
            if is_rel {
                let stem = f.file_stem().expect("stem").to_string_lossy().into_owned();
                let (Some(s), Some(e)) = (start, end) else {
                    return Err(format!("{name}:{line}: missing START_ID or END_ID"));
                };
                pending_rels.push((
                    s,
                    rtype.unwrap_or(stem),
                    e,
                    properties,
                    format!("{name}:{line}"),
                ));
            } else {
                let id = id.ok_or_else(|| format!("{name}:{line}: missing id"))?;
                if labels.is_empty() {
                    labels.push(f.file_stem().expect("stem").to_string_lossy().into_owned());
                }
                if g.nodes.insert(id.clone(), (labels, properties)).is_some() {
                    return Err(format!(
                        "{name}:{line}: duplicate id {id} in the global id space"
                    ));
                }
            }
        }
    }
    for (s, t, e, p, at) in pending_rels {
        for end in [&s, &e] {
            if !g.nodes.contains_key(end) {
                return Err(format!("{at}: relationship to missing node {end}"));
            }
        }
        g.rels.push((s, t, e, p));
    }
    Ok(g)
}
