//! Neo4j export: `nodes/<Label>.csv` and `relationships/<TYPE>.csv` in the
//! `neo4j-admin database import full` format (one global id space, typed headers, RFC 4180
//! quoting, no BOM), `import.sh` with the Neo4j 5 command, and two Cypher scripts that load the
//! same files with `LOAD CSV` + `MERGE`: `load.cypher` for Neo4j 5 (Aura) and
//! `load.falkordb.cypher` for FalkorDB's dialect.
//!
//! Arrays use `;` unless some element contains it; then the first of `|`, `¦`, U+001F, and
//! after them any other unused character, that no element contains is used, and both scripts
//! pass it on (`import.sh` as `U+XXXX` when it is not printable ASCII). Values are never
//! altered.

use super::write_file;
use crate::error::{Error, Result};
use crate::graph::{Edge, KnowledgeGraph, Node};
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Column headers of every node file.
pub const NODE_HEADER: [&str; 12] = [
    "id:ID",
    ":LABEL",
    "name",
    "aliases:string[]",
    "description",
    "wikidata",
    "date:date",
    "date_iso",
    "date_text:string[]",
    "documents:string[]",
    "mention_count:int",
    "url",
];

/// Column headers of every relationship file.
pub const REL_HEADER: [&str; 17] = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "start_label:IGNORE",
    "end_label:IGNORE",
    "confidence:double",
    "hedged:boolean",
    "kind",
    "role",
    "evidence_count:int",
    "evidence_total:int",
    "evidence_documents:string[]",
    "evidence_sentences:string[]",
    "evidence_starts:int[]",
    "evidence_ends:int[]",
    "evidence_rules:string[]",
    "evidence_confidences:double[]",
];

/// Preferred array delimiters, in order; when all occur in values, [`array_delimiter`] takes
/// the first Basic Multilingual Plane character that occurs in none (Neo4j reads one UTF-16
/// unit) and is not CSV syntax.
const DELIMITER_CANDIDATES: [char; 4] = [';', '|', '¦', '\u{1f}'];

/// The array delimiter for this graph: the first candidate found in no array element. There
/// are more candidates than a graph can use, so only a graph whose values hold every one of
/// the ~63,000 usable characters fails.
pub fn array_delimiter(kg: &KnowledgeGraph) -> Result<char> {
    let mut used = std::collections::BTreeSet::new();
    let mut note = |text: &str| used.extend(text.chars());
    for n in kg.nodes() {
        n.aliases.iter().for_each(|a| note(a));
        n.date_phrases.iter().for_each(|a| note(a));
        n.documents.iter().for_each(|a| note(a));
    }
    for (_, e, _) in kg.edges() {
        for ev in &e.evidence {
            note(&ev.document);
            note(&ev.text);
            note(&ev.rule);
        }
    }
    DELIMITER_CANDIDATES
        .into_iter()
        .chain(fallback_delimiters())
        .find(|d| !used.contains(d))
        .ok_or_else(|| {
            Error::Export("every usable array delimiter character occurs inside a value".into())
        })
}

/// Characters after the preferred ones: the other C0 separators, then the Private Use Area,
/// then the rest of the BMP; never CSV syntax, a quote, a backslash or a surrogate.
fn fallback_delimiters() -> impl Iterator<Item = char> {
    ['\u{1e}', '\u{1d}', '\u{1c}']
        .into_iter()
        .chain((0xE000..=0xF8FFu32).filter_map(char::from_u32))
        .chain((0x20..=0xFFFDu32).filter_map(char::from_u32))
        .filter(|c| !matches!(c, ',' | '"' | '\'' | '\\' | '\n' | '\r' | ' '))
        .filter(|c| !c.is_alphanumeric())
}

fn join(items: impl IntoIterator<Item = String>, delim: char) -> String {
    items
        .into_iter()
        .collect::<Vec<_>>()
        .join(&delim.to_string())
}

fn node_row(n: &Node, delim: char) -> Vec<String> {
    vec![
        n.id.clone(),
        n.label.to_string(),
        n.name.clone(),
        join(n.aliases.iter().cloned(), delim),
        n.description.clone().unwrap_or_default(),
        n.wikidata.clone().unwrap_or_default(),
        n.date
            .filter(|d| d.is_full())
            .and_then(|d| d.iso())
            .unwrap_or_default(),
        n.date.and_then(|d| d.iso()).unwrap_or_default(),
        join(n.date_phrases.iter().cloned(), delim),
        join(n.documents.iter().cloned(), delim),
        if n.label == Label::Article {
            String::new()
        } else {
            n.mentions.to_string()
        },
        n.url.clone().unwrap_or_default(),
    ]
}

fn rel_row(from: &Node, e: &Edge, to: &Node, delim: char) -> Vec<String> {
    let ev = &e.evidence;
    let has_ev = !ev.is_empty();
    vec![
        from.id.clone(),
        to.id.clone(),
        e.rel.to_string(),
        from.label.to_string(),
        to.label.to_string(),
        if has_ev {
            super::decimal(e.confidence())
        } else {
            String::new()
        },
        if has_ev {
            e.hedged().to_string()
        } else {
            String::new()
        },
        e.properties.get("kind").cloned().unwrap_or_default(),
        e.properties.get("role").cloned().unwrap_or_default(),
        if has_ev {
            ev.len().to_string()
        } else {
            String::new()
        },
        if has_ev {
            e.evidence_total.to_string()
        } else {
            String::new()
        },
        join(ev.iter().map(|x| x.document.to_string()), delim),
        join(ev.iter().map(|x| x.text.to_string()), delim),
        join(ev.iter().map(|x| x.start.to_string()), delim),
        join(ev.iter().map(|x| x.end.to_string()), delim),
        join(ev.iter().map(|x| x.rule.clone()), delim),
        join(ev.iter().map(|x| super::decimal(x.confidence)), delim),
    ]
}

/// One RFC 4180 field: quoted (with `""` for a quote) when it holds the delimiter, a quote,
/// a line break, or edge whitespace that an importer might trim; empty stays unquoted (null).
pub fn csv_field(value: &str) -> std::borrow::Cow<'_, str> {
    let needs = value.contains([',', '"', '\n', '\r'])
        || value.starts_with(char::is_whitespace)
        || value.ends_with(char::is_whitespace);
    if needs {
        std::borrow::Cow::Owned(format!("\"{}\"", value.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

fn csv_bytes(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut out = String::new();
    let mut line = |fields: &mut dyn Iterator<Item = &str>| {
        let mut first = true;
        for f in fields {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&csv_field(f));
        }
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for r in rows {
        line(&mut r.iter().map(String::as_str));
    }
    Ok(out.into_bytes())
}

/// Writes the Neo4j files into `dir`; returns their paths.
pub fn write(kg: &KnowledgeGraph, dir: &Path) -> Result<Vec<PathBuf>> {
    let delim = array_delimiter(kg)?;
    let mut files = Vec::new();
    let mut by_label: BTreeMap<Label, Vec<Vec<String>>> = BTreeMap::new();
    let mut multiline = false;
    for n in kg.nodes() {
        let row = node_row(n, delim);
        multiline |= row.iter().any(|v| v.contains('\n') || v.contains('\r'));
        by_label.entry(n.label).or_default().push(row);
    }
    let mut by_type: BTreeMap<RelType, Vec<Vec<String>>> = BTreeMap::new();
    let mut label_pairs: BTreeMap<RelType, Vec<(Label, Label)>> = BTreeMap::new();
    for (f, e, t) in kg.edges() {
        let row = rel_row(f, e, t, delim);
        multiline |= row.iter().any(|v| v.contains('\n') || v.contains('\r'));
        by_type.entry(e.rel).or_default().push(row);
        let pairs = label_pairs.entry(e.rel).or_default();
        if !pairs.contains(&(f.label, t.label)) {
            pairs.push((f.label, t.label));
        }
    }
    for (label, rows) in &by_label {
        let path = dir.join("nodes").join(format!("{label}.csv"));
        write_file(&path, &csv_bytes(&NODE_HEADER, rows)?)?;
        files.push(path);
    }
    for (rel, rows) in &by_type {
        let path = dir.join("relationships").join(format!("{rel}.csv"));
        write_file(&path, &csv_bytes(&REL_HEADER, rows)?)?;
        files.push(path);
    }
    let labels: Vec<Label> = by_label.keys().copied().collect();
    let mut pairs: Vec<(RelType, Label, Label)> = Vec::new();
    for (rel, ps) in &label_pairs {
        let mut ps = ps.clone();
        ps.sort();
        pairs.extend(ps.into_iter().map(|(a, b)| (*rel, a, b)));
    }
    let types: Vec<RelType> = by_type.keys().copied().collect();
    let script = import_script(&labels, &types, delim, multiline);
    let path = dir.join("import.sh");
    write_file(&path, script.as_bytes())?;
    set_executable(&path);
    files.push(path);
    for dialect in [Dialect::Neo4j, Dialect::FalkorDb] {
        let path = dir.join(dialect.file_name());
        write_file(
            &path,
            load_script(dialect, &labels, &pairs, delim).as_bytes(),
        )?;
        files.push(path);
    }
    Ok(files)
}

#[cfg(unix)]
fn set_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755));
}

#[cfg(not(unix))]
fn set_executable(_: &Path) {}

fn delimiter_option(delim: char) -> Option<String> {
    match delim {
        ';' => None,
        d if d.is_ascii_graphic() || d == '¦' => Some(format!("--array-delimiter='{d}'")),
        d => Some(format!("--array-delimiter=U+{:04X}", u32::from(d))),
    }
}

fn import_script(labels: &[Label], types: &[RelType], delim: char, multiline: bool) -> String {
    let mut s = String::from(
        "#!/usr/bin/env sh\n\
         # Generated by kgpipe. Imports this folder into a new, empty Neo4j 5 database (5.19 or later:\n\
         # the database name comes first). Stop the database first; add --overwrite-destination to\n\
         # replace an existing one. Then run CREATE DATABASE <name> if it is new, and load.cypher's\n\
         # CREATE CONSTRAINT lines for uniqueness.\n\
         # Usage: NEO4J_HOME=/path/to/neo4j sh import.sh [database]\n\
         set -eu\n\
         DIR=$(CDPATH= cd -P -- \"$(dirname -- \"$0\")\" >/dev/null && pwd -P)\n\
         DB=${1:-neo4j}\n\
         \"${NEO4J_HOME:-.}/bin/neo4j-admin\" database import full \"$DB\" \\\n",
    );
    for l in labels {
        s.push_str(&format!("  --nodes=\"$DIR/nodes/{l}.csv\" \\\n"));
    }
    for t in types {
        s.push_str(&format!(
            "  --relationships=\"$DIR/relationships/{t}.csv\" \\\n"
        ));
    }
    if let Some(opt) = delimiter_option(delim) {
        s.push_str(&format!("  {opt} \\\n"));
    }
    if multiline {
        s.push_str("  --multiline-fields=true \\\n");
    }
    // A backslash before a quote is data, never an escape: say so even though it is the default.
    s.push_str("  --legacy-style-quoting=false \\\n");
    s.push_str("  --id-type=string\n");
    s
}

#[derive(Clone, Copy, PartialEq)]
enum Dialect {
    Neo4j,
    FalkorDb,
}

impl Dialect {
    fn file_name(self) -> &'static str {
        match self {
            Dialect::Neo4j => "load.cypher",
            Dialect::FalkorDb => "load.falkordb.cypher",
        }
    }
}

fn cypher_string(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn col(name: &str) -> String {
    format!("row[{}]", cypher_string(name))
}

fn array_expr(column: &str, delim: char, convert: Option<&str>) -> String {
    let c = col(column);
    let split = format!("split({c}, {})", cypher_string(&delim.to_string()));
    let list = match convert {
        Some(f) => format!("[x IN {split} | {f}(x)]"),
        None => split,
    };
    format!("CASE WHEN coalesce({c}, '') = '' THEN null ELSE {list} END")
}

fn scalar_expr(column: &str, convert: Option<&str>) -> String {
    let c = col(column);
    match convert {
        Some(f) => format!("CASE WHEN coalesce({c}, '') = '' THEN null ELSE {f}({c}) END"),
        None => format!("CASE WHEN coalesce({c}, '') = '' THEN null ELSE {c} END"),
    }
}

fn header_expr(column: &str, delim: char) -> String {
    let (name, ty) = column.rsplit_once(':').unwrap_or((column, ""));
    let _ = name;
    match ty {
        "string[]" => array_expr(column, delim, None),
        "int[]" => array_expr(column, delim, Some("toInteger")),
        "double[]" => array_expr(column, delim, Some("toFloat")),
        "int" => scalar_expr(column, Some("toInteger")),
        "double" => scalar_expr(column, Some("toFloat")),
        "date" => scalar_expr(column, Some("date")),
        "boolean" => format!("{} = 'true'", col(column)),
        _ => scalar_expr(column, None),
    }
}

fn property_name(column: &str) -> &str {
    column.rsplit_once(':').map_or(column, |(n, _)| n)
}

fn load_script(
    dialect: Dialect,
    labels: &[Label],
    pairs: &[(RelType, Label, Label)],
    delim: char,
) -> String {
    let mut s = String::new();
    match dialect {
        Dialect::Neo4j => s.push_str(
            "// Generated by kgpipe: loads the CSVs of this folder into Neo4j 5 (or Aura) without\n\
             // neo4j-admin. Copy nodes/ and relationships/ into the import directory and run with\n\
             // cypher-shell -f load.cypher (in Browser, prefix each statement with :auto).\n",
        ),
        Dialect::FalkorDb => s.push_str(
            "// Generated by kgpipe: the same load in FalkorDB's Cypher dialect (no CREATE CONSTRAINT,\n\
             // no CALL … IN TRANSACTIONS). Start FalkorDB with IMPORT_FOLDER pointing at this folder.\n",
        ),
    }
    for l in labels {
        let lower = l.as_str().to_lowercase();
        match dialect {
            Dialect::Neo4j => s.push_str(&format!(
                "CREATE CONSTRAINT {lower}_id IF NOT EXISTS FOR (n:{l}) REQUIRE n.id IS UNIQUE;\n"
            )),
            Dialect::FalkorDb => s.push_str(&format!("CREATE INDEX FOR (n:{l}) ON (n.id);\n")),
        }
    }
    let (open, close) = match dialect {
        Dialect::Neo4j => ("CALL { WITH row\n  ", "\n} IN TRANSACTIONS OF 1000 ROWS;\n"),
        Dialect::FalkorDb => ("", ";\n"),
    };
    for l in labels {
        let sets: Vec<String> = NODE_HEADER[2..]
            .iter()
            .map(|c| format!("n.{} = {}", property_name(c), header_expr(c, delim)))
            .collect();
        s.push_str(&format!(
            "LOAD CSV WITH HEADERS FROM 'file:///nodes/{l}.csv' AS row\n{open}MERGE (n:{l} {{id: {}}})\n  SET {}{close}",
            col("id:ID"),
            sets.join(",\n      "),
        ));
    }
    for (rel, a, b) in pairs {
        let sets: Vec<String> = REL_HEADER[5..]
            .iter()
            .map(|c| format!("r.{} = {}", property_name(c), header_expr(c, delim)))
            .collect();
        s.push_str(&format!(
            "LOAD CSV WITH HEADERS FROM 'file:///relationships/{rel}.csv' AS row\nWITH row WHERE {} = '{a}' AND {} = '{b}'\n{open}MATCH (a:{a} {{id: {}}})\n  MATCH (b:{b} {{id: {}}})\n  MERGE (a)-[r:{rel}]->(b)\n  SET {}{close}",
            col("start_label:IGNORE"),
            col("end_label:IGNORE"),
            col(":START_ID"),
            col(":END_ID"),
            sets.join(",\n      "),
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field(""), "");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field(" edge"), "\" edge\"");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(csv_field("back\\slash"), "back\\slash");
    }

    #[test]
    fn cypher_strings_escape_quotes_and_backslashes() {
        assert_eq!(cypher_string("a'b\\c"), "'a\\'b\\\\c'");
    }

    #[test]
    fn typed_columns_convert() {
        assert!(header_expr("evidence_starts:int[]", ';').contains("toInteger(x)"));
        assert_eq!(
            header_expr("hedged:boolean", ';'),
            "row['hedged:boolean'] = 'true'"
        );
        assert!(header_expr("date:date", ';').contains("date(row['date:date'])"));
    }

    #[test]
    fn delimiter_option_only_when_not_default() {
        assert_eq!(delimiter_option(';'), None);
        assert_eq!(delimiter_option('|').unwrap(), "--array-delimiter='|'");
    }
}
