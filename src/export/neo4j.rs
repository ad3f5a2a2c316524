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

use super::Sink;
use crate::error::{Error, Result};
use crate::graph::{Edge, KnowledgeGraph, Node};
use crate::ontology::{Label, RelType};
use std::collections::{BTreeMap, BTreeSet};

/// The folder of the output that holds these files.
pub const FOLDER: &str = "neo4j";

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
    let mut preferred_used = [false; DELIMITER_CANDIDATES.len()];
    for_each_array_element(kg, &mut |text| {
        for (used, d) in preferred_used.iter_mut().zip(DELIMITER_CANDIDATES) {
            *used |= text.contains(d);
        }
    });
    if let Some(i) = preferred_used.iter().position(|used| !used) {
        return Ok(DELIMITER_CANDIDATES[i]);
    }
    let mut used = std::collections::HashSet::new();
    for_each_array_element(kg, &mut |text| used.extend(text.chars()));
    fallback_delimiters()
        .find(|d| !used.contains(d))
        .ok_or_else(|| {
            Error::Export("every usable array delimiter character occurs inside a value".into())
        })
}

/// Calls `visit` with every value that goes into an array column.
fn for_each_array_element(kg: &KnowledgeGraph, visit: &mut dyn FnMut(&str)) {
    for n in kg.graph.node_weights() {
        n.aliases.iter().for_each(|a| visit(a));
        n.date_phrases.iter().for_each(|a| visit(a));
        n.documents.iter().for_each(|a| visit(a));
    }
    for e in kg.graph.edge_weights() {
        for ev in &e.evidence {
            visit(ev.document());
            visit(ev.text());
            visit(&ev.rule);
        }
    }
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

/// One CSV line being written: fields quoted as [`csv_field`] quotes them, arrays joined by
/// the delimiter, straight into one reused buffer. It notes whether any value spans lines (for
/// `--multiline-fields`).
struct Line {
    text: String,
    scratch: String,
    delim: char,
    multiline: bool,
    decimals: super::Decimals,
}

impl Line {
    fn new(delim: char) -> Self {
        Line {
            text: String::new(),
            scratch: String::new(),
            delim,
            multiline: false,
            decimals: super::Decimals::default(),
        }
    }

    fn field(&mut self, value: &str) -> &mut Self {
        if !self.text.is_empty() {
            self.text.push(',');
        }
        self.multiline |= push_csv_field(&mut self.text, value);
        self
    }

    fn number(&mut self, n: usize) -> &mut Self {
        use std::fmt::Write;
        if !self.text.is_empty() {
            self.text.push(',');
        }
        let _ = write!(self.text, "{n}");
        self
    }

    fn list<I, S>(&mut self, items: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: std::fmt::Display,
    {
        use std::fmt::Write;
        self.joined(items, |joined, item| {
            let _ = write!(joined, "{item}");
        })
    }

    /// The confidences, as [`super::decimal`] writes them, joined.
    fn confidences(&mut self, items: impl Iterator<Item = f32>) -> &mut Self {
        let mut decimals = std::mem::take(&mut self.decimals);
        self.joined(items, |joined, x| joined.push_str(decimals.get(x)));
        self.decimals = decimals;
        self
    }

    /// The items, each written by `write`, joined by the delimiter, as one field.
    fn joined<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut write: impl FnMut(&mut String, T),
    ) -> &mut Self {
        let mut joined = std::mem::take(&mut self.scratch);
        joined.clear();
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                joined.push(self.delim);
            }
            write(&mut joined, item);
        }
        self.field(&joined);
        self.scratch = joined;
        self
    }

    /// Ends the line and gives its text; [`Line::clear`] readies the buffer for the next.
    fn finish(&mut self) -> &str {
        self.text.push('\n');
        &self.text
    }

    fn clear(&mut self) {
        self.text.clear();
    }
}

fn node_line(line: &mut Line, n: &Node) {
    let full_date = n.date.filter(|d| d.is_full()).and_then(|d| d.iso());
    let mentions = if n.label == Label::Article {
        String::new()
    } else {
        n.mentions.to_string()
    };
    line.field(&n.id)
        .field(n.label.as_str())
        .field(&n.name)
        .list(&n.aliases)
        .field(n.description.as_deref().unwrap_or_default())
        .field(n.wikidata.as_deref().unwrap_or_default())
        .field(full_date.as_deref().unwrap_or_default())
        .field(&n.date.and_then(|d| d.iso()).unwrap_or_default())
        .list(&n.date_phrases)
        .list(&n.documents)
        .field(&mentions)
        .field(n.url.as_deref().unwrap_or_default());
}

fn rel_line(line: &mut Line, from: &Node, e: &Edge, to: &Node) {
    line.field(&from.id)
        .field(&to.id)
        .field(e.rel.as_str())
        .field(from.label.as_str())
        .field(to.label.as_str());
    if e.evidence.is_empty() {
        line.field("").field("");
    } else {
        let confidence = line.decimals.get(e.confidence()).to_string();
        line.field(&confidence)
            .field(if e.hedged() { "true" } else { "false" });
    }
    line.field(e.properties.get("kind").map_or("", String::as_str))
        .field(e.properties.get("role").map_or("", String::as_str));
    let ev = &e.evidence;
    if ev.is_empty() {
        line.field("").field("");
    } else {
        line.number(ev.len()).number(e.evidence_total);
    }
    line.list(ev.iter().map(|x| x.document()))
        .list(ev.iter().map(|x| x.text()))
        .list(ev.iter().map(|x| x.start()))
        .list(ev.iter().map(|x| x.end()))
        .list(ev.iter().map(|x| &x.rule))
        .confidences(ev.iter().map(|x| x.confidence));
}

/// Whether a field needs quotes: it holds the delimiter, a quote or a line break, or edge
/// whitespace that an importer might trim.
fn needs_quotes(value: &str) -> bool {
    value.contains([',', '"', '\n', '\r'])
        || value.starts_with(char::is_whitespace)
        || value.ends_with(char::is_whitespace)
}

/// One RFC 4180 field: quoted (with `""` for a quote) when [`needs_quotes`]; empty stays
/// unquoted (null).
pub fn csv_field(value: &str) -> std::borrow::Cow<'_, str> {
    if needs_quotes(value) {
        let mut out = String::with_capacity(value.len() + 2);
        push_csv_field(&mut out, value);
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// Appends [`csv_field`] of `value` to `out`; true when the value spans lines.
fn push_csv_field(out: &mut String, value: &str) -> bool {
    if !needs_quotes(value) {
        out.push_str(value);
        return false;
    }
    out.push('"');
    for (i, part) in value.split('"').enumerate() {
        if i > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
    value.contains(['\n', '\r'])
}

/// The Neo4j bulk-import files and load scripts.
pub struct Neo4jCsv;

impl super::Exporter for Neo4jCsv {
    fn export(&self, kg: &KnowledgeGraph, sink: &mut dyn Sink) -> Result<()> {
        let delim = array_delimiter(kg)?;
        let mut line = Line::new(delim);
        let labels = write_node_files(kg, sink, &mut line)?;
        let pairs = write_relationship_files(kg, sink, &mut line)?;
        let types: BTreeSet<RelType> = pairs.iter().map(|p| p.0).collect();
        let types: Vec<RelType> = types.into_iter().collect();
        let script = import_script(&labels, &types, delim, line.multiline);
        let import = format!("{FOLDER}/import.sh");
        put_file(sink, &import, script.as_bytes())?;
        sink.make_executable(&import)?;
        for dialect in [Dialect::Neo4j, Dialect::FalkorDb] {
            let text = load_script(dialect, &labels, &pairs, delim);
            put_file(
                sink,
                &format!("{FOLDER}/{}", dialect.file_name()),
                text.as_bytes(),
            )?;
        }
        Ok(())
    }
}

/// Writes `nodes/<Label>.csv`, one per label present; returns the labels in order.
fn write_node_files(
    kg: &KnowledgeGraph,
    sink: &mut dyn Sink,
    line: &mut Line,
) -> Result<Vec<Label>> {
    let mut by_label: BTreeMap<Label, Vec<&Node>> = BTreeMap::new();
    for n in kg.nodes() {
        by_label.entry(n.label).or_default().push(n);
    }
    for (label, nodes) in &by_label {
        let mut file = sink.create(&format!("{FOLDER}/nodes/{label}.csv"))?;
        write_header(&mut file, &NODE_HEADER)?;
        for n in nodes {
            line.clear();
            node_line(line, n);
            file.put(line.finish().as_bytes())?;
        }
        file.finish()?;
    }
    Ok(by_label.into_keys().collect())
}

/// Writes `relationships/<TYPE>.csv`, one per type present; returns each type's (start, end)
/// label pairs, sorted.
fn write_relationship_files(
    kg: &KnowledgeGraph,
    sink: &mut dyn Sink,
    line: &mut Line,
) -> Result<Vec<(RelType, Label, Label)>> {
    let edges = kg.edges();
    let mut pairs = BTreeSet::new();
    for group in edges.chunk_by(|a, b| a.1.rel == b.1.rel) {
        let rel = group[0].1.rel;
        let mut file = sink.create(&format!("{FOLDER}/relationships/{rel}.csv"))?;
        write_header(&mut file, &REL_HEADER)?;
        for (f, e, t) in group {
            pairs.insert((rel, f.label, t.label));
            line.clear();
            rel_line(line, f, e, t);
            file.put(line.finish().as_bytes())?;
        }
        file.finish()?;
    }
    Ok(pairs.into_iter().collect())
}

fn write_header(file: &mut super::SinkFile<'_>, header: &[&str]) -> Result<()> {
    let mut text = header.join(",");
    text.push('\n');
    file.put(text.as_bytes())
}

fn put_file(sink: &mut dyn Sink, name: &str, bytes: &[u8]) -> Result<()> {
    let mut file = sink.create(name)?;
    file.put(bytes)?;
    file.finish()
}

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
