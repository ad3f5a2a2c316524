//! The text of every statement `kgpipe push` sends, and the typed rows it sends with them:
//! properties named and typed as the Neo4j CSV export's headers type them, rows batched per
//! label and per (type, start label, end label), as a `$rows` parameter or as a list literal.

use crate::graph::{Edge, KnowledgeGraph, Node};
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

/// Rows sent in one statement, at most.
pub(crate) const MAX_ROWS: usize = 1000;

/// Bytes of row literals in one statement, at most (one larger row is sent alone).
pub(crate) const MAX_BYTES: u64 = 1024 * 1024;

/// The type of a property, as the CSV header names it (`name:TYPE`; no type is `string`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    String,
    Int,
    Double,
    Boolean,
    Date,
    StringArray,
    IntArray,
    DoubleArray,
}

#[cfg(test)]
impl Ty {
    /// The type part of a CSV header entry.
    pub(crate) fn csv_name(self) -> &'static str {
        match self {
            Ty::String => "string",
            Ty::Int => "int",
            Ty::Double => "double",
            Ty::Boolean => "boolean",
            Ty::Date => "date",
            Ty::StringArray => "string[]",
            Ty::IntArray => "int[]",
            Ty::DoubleArray => "double[]",
        }
    }
}

/// A property value; `Null` where the CSV field is empty (no property).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Prop {
    Null,
    Str(String),
    Int(i64),
    Double(f64),
    Bool(bool),
    /// A calendar date, `YYYY-MM-DD`.
    Date(String),
    StrList(Vec<String>),
    IntList(Vec<i64>),
    DoubleList(Vec<f64>),
}

#[cfg(test)]
impl Prop {
    /// The type of a non-null value.
    pub(crate) fn ty(&self) -> Option<Ty> {
        Some(match self {
            Prop::Null => return None,
            Prop::Str(_) => Ty::String,
            Prop::Int(_) => Ty::Int,
            Prop::Double(_) => Ty::Double,
            Prop::Bool(_) => Ty::Boolean,
            Prop::Date(_) => Ty::Date,
            Prop::StrList(_) => Ty::StringArray,
            Prop::IntList(_) => Ty::IntArray,
            Prop::DoubleList(_) => Ty::DoubleArray,
        })
    }
}

/// Node properties in the order of the CSV node header after `id:ID,:LABEL`.
pub(crate) const NODE_COLUMNS: [(&str, Ty); 10] = [
    ("name", Ty::String),
    ("aliases", Ty::StringArray),
    ("description", Ty::String),
    ("wikidata", Ty::String),
    ("date", Ty::Date),
    ("date_iso", Ty::String),
    ("date_text", Ty::StringArray),
    ("documents", Ty::StringArray),
    ("mention_count", Ty::Int),
    ("url", Ty::String),
];

/// Relationship properties in the order of the CSV relationship header after the ids, type
/// and ignored labels.
pub(crate) const REL_COLUMNS: [(&str, Ty); 12] = [
    ("confidence", Ty::Double),
    ("hedged", Ty::Boolean),
    ("kind", Ty::String),
    ("role", Ty::String),
    ("evidence_count", Ty::Int),
    ("evidence_total", Ty::Int),
    ("evidence_documents", Ty::StringArray),
    ("evidence_sentences", Ty::StringArray),
    ("evidence_starts", Ty::IntArray),
    ("evidence_ends", Ty::IntArray),
    ("evidence_rules", Ty::StringArray),
    ("evidence_confidences", Ty::DoubleArray),
];

fn text(s: Option<&str>) -> Prop {
    match s {
        Some(s) if !s.is_empty() => Prop::Str(s.to_string()),
        _ => Prop::Null,
    }
}

fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Prop {
    let v: Vec<String> = items.into_iter().map(str::to_string).collect();
    if v.is_empty() {
        Prop::Null
    } else {
        Prop::StrList(v)
    }
}

fn ints(items: impl IntoIterator<Item = i64>) -> Prop {
    let v: Vec<i64> = items.into_iter().collect();
    if v.is_empty() {
        Prop::Null
    } else {
        Prop::IntList(v)
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A confidence as the CSV writes it: three decimals at most.
fn three_decimals(x: f32) -> f64 {
    format!("{x:.3}").parse().unwrap_or(f64::from(x))
}

/// The values of [`NODE_COLUMNS`] for a node.
pub(crate) fn node_values(n: &Node) -> Vec<Prop> {
    let full_date = n.date.filter(|d| d.is_full()).and_then(|d| d.iso());
    vec![
        text(Some(&n.name)),
        strings(n.aliases.iter().map(String::as_str)),
        text(n.description.as_deref()),
        text(n.wikidata.as_deref()),
        full_date.map_or(Prop::Null, Prop::Date),
        text(n.date.and_then(|d| d.iso()).as_deref()),
        strings(n.date_phrases.iter().map(String::as_str)),
        strings(n.documents.iter().map(String::as_str)),
        match n.label {
            Label::Article => Prop::Null,
            _ => Prop::Int(count(n.mentions)),
        },
        text(n.url.as_deref()),
    ]
}

/// The values of [`REL_COLUMNS`] for an edge; evidence columns are null on an edge without
/// evidence (MENTIONS, PUBLISHED_BY).
pub(crate) fn rel_values(e: &Edge) -> Vec<Prop> {
    let ev = &e.evidence;
    let with_evidence = |p: Prop| if ev.is_empty() { Prop::Null } else { p };
    vec![
        with_evidence(Prop::Double(three_decimals(e.confidence()))),
        with_evidence(Prop::Bool(e.hedged())),
        text(e.properties.get("kind").map(String::as_str)),
        text(e.properties.get("role").map(String::as_str)),
        with_evidence(Prop::Int(count(ev.len()))),
        with_evidence(Prop::Int(count(e.evidence_total))),
        strings(ev.iter().map(|x| x.document())),
        strings(ev.iter().map(|x| x.text())),
        ints(ev.iter().map(|x| count(x.start()))),
        ints(ev.iter().map(|x| count(x.end()))),
        strings(ev.iter().map(|x| &*x.rule)),
        with_evidence(Prop::DoubleList(
            ev.iter().map(|x| three_decimals(x.confidence)).collect(),
        )),
    ]
}

/// One row of a batch: the key(s) and the properties to set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// `[("id", …)]` for a node, `[("from", …), ("to", …)]` for a relationship.
    pub keys: Vec<(&'static str, String)>,
    pub props: Vec<(&'static str, Prop)>,
}

/// What a batch writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Target {
    Nodes(Label),
    Relationships(RelType, Label, Label),
}

/// Rows of one statement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Batch {
    pub target: Target,
    pub rows: Vec<Row>,
}

fn node_row(n: &Node) -> Row {
    Row {
        keys: vec![("id", n.id.clone())],
        props: NODE_COLUMNS
            .iter()
            .map(|(name, _)| *name)
            .zip(node_values(n))
            .collect(),
    }
}

fn rel_row(from: &Node, e: &Edge, to: &Node) -> Row {
    Row {
        keys: vec![("from", from.id.clone()), ("to", to.id.clone())],
        props: REL_COLUMNS
            .iter()
            .map(|(name, _)| *name)
            .zip(rel_values(e))
            .collect(),
    }
}

/// Every node batch (labels in order), then every relationship batch (types, then label
/// pairs, in order), each at most [`MAX_ROWS`] rows and about [`MAX_BYTES`] of literal text.
pub(crate) fn batches(kg: &KnowledgeGraph) -> Vec<Batch> {
    let mut groups: BTreeMap<Target, Vec<Row>> = BTreeMap::new();
    for n in kg.nodes() {
        groups
            .entry(Target::Nodes(n.label))
            .or_default()
            .push(node_row(n));
    }
    for (f, e, t) in kg.edges() {
        let target = Target::Relationships(e.rel, f.label, t.label);
        groups.entry(target).or_default().push(rel_row(f, e, t));
    }
    groups
        .into_iter()
        .flat_map(|(target, rows)| split(target, rows))
        .collect()
}

fn split(target: Target, rows: Vec<Row>) -> Vec<Batch> {
    let sizes: Vec<u64> = rows.iter().map(|r| row_literal(r).len() as u64).collect();
    let ranges = crate::batches(&sizes, MAX_ROWS, MAX_BYTES);
    let mut rows = rows.into_iter();
    ranges
        .into_iter()
        .map(|r| Batch {
            target,
            rows: rows.by_ref().take(r.len()).collect(),
        })
        .collect()
}

/// The statement writing `rows` (the `$rows` parameter or a list literal) into `target`;
/// it returns the number of rows written as `count`.
pub(crate) fn write_statement(target: Target, rows: &str) -> String {
    match target {
        Target::Nodes(label) => format!(
            "UNWIND {rows} AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props \
             RETURN count(n) AS count"
        ),
        Target::Relationships(rel, a, b) => format!(
            "UNWIND {rows} AS row MATCH (a:{a} {{id: row.from}}) MATCH (b:{b} {{id: row.to}}) \
             MERGE (a)-[r:{rel}]->(b) SET r += row.props RETURN count(r) AS count"
        ),
    }
}

/// Neo4j 5's uniqueness constraint on `id` (which also indexes it).
pub(crate) fn constraint_statement(label: Label) -> String {
    let lower = label.as_str().to_lowercase();
    format!(
        "CREATE CONSTRAINT kgpipe_{lower}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
    )
}

/// The plain index on `id`, for servers without constraints (FalkorDB).
pub(crate) fn index_statement(label: Label) -> String {
    format!("CREATE INDEX FOR (n:{label}) ON (n.id)")
}

/// Whether FalkorDB has an index on `label`'s `id` (`count` > 0).
pub(crate) fn index_exists_statement(label: Label) -> String {
    format!(
        "CALL db.indexes() YIELD label, properties WHERE label = '{label}' AND 'id' IN properties \
         RETURN count(label) AS count"
    )
}

/// Nodes of `label` in the database.
pub(crate) fn count_nodes_statement(label: Label) -> String {
    format!("MATCH (n:{label}) RETURN count(n) AS count")
}

/// Relationships of `rel` in the database.
pub(crate) fn count_rels_statement(rel: RelType) -> String {
    format!("MATCH ()-[r:{rel}]->() RETURN count(r) AS count")
}

/// A Cypher string literal: single quotes, with `\` and `'` escaped.
pub(crate) fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if matches!(c, '\\' | '\'') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// A float literal that Cypher reads back as a float (always with `.` or an exponent).
fn float_literal(x: f64) -> String {
    let s = format!("{x:?}");
    if s.contains(['.', 'e', 'E']) {
        s
    } else {
        format!("{s}.0")
    }
}

fn list_literal<T>(items: &[T], one: impl Fn(&T) -> String) -> String {
    let parts: Vec<String> = items.iter().map(one).collect();
    format!("[{}]", parts.join(", "))
}

/// A property value as a Cypher literal.
pub(crate) fn literal(p: &Prop) -> String {
    match p {
        Prop::Null => "null".into(),
        Prop::Str(s) => string_literal(s),
        Prop::Int(i) => i.to_string(),
        Prop::Double(x) => float_literal(*x),
        Prop::Bool(b) => b.to_string(),
        Prop::Date(d) => format!("date({})", string_literal(d)),
        Prop::StrList(v) => list_literal(v, |s| string_literal(s)),
        Prop::IntList(v) => list_literal(v, i64::to_string),
        Prop::DoubleList(v) => list_literal(v, |x| float_literal(*x)),
    }
}

/// A row as a map literal: `{id: '…', props: {name: '…', …}}`.
pub(crate) fn row_literal(r: &Row) -> String {
    let keys = r
        .keys
        .iter()
        .map(|(k, v)| format!("{k}: {}", string_literal(v)));
    let props: Vec<String> = r
        .props
        .iter()
        .map(|(k, v)| format!("{k}: {}", literal(v)))
        .collect();
    let all: Vec<String> = keys
        .chain(std::iter::once(format!("props: {{{}}}", props.join(", "))))
        .collect();
    format!("{{{}}}", all.join(", "))
}

/// The rows of a batch as one list literal, for servers whose parameters cannot carry them.
pub(crate) fn rows_literal(rows: &[Row]) -> String {
    list_literal(rows, row_literal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::neo4j::{NODE_HEADER, REL_HEADER};

    fn header_columns(header: &[&str]) -> Vec<(String, String)> {
        header
            .iter()
            .map(|h| match h.rsplit_once(':') {
                Some((n, t)) => (n.to_string(), t.to_string()),
                None => (h.to_string(), "string".to_string()),
            })
            .collect()
    }

    fn columns(cols: &[(&str, Ty)]) -> Vec<(String, String)> {
        cols.iter()
            .map(|(n, t)| (n.to_string(), t.csv_name().to_string()))
            .collect()
    }

    #[test]
    fn properties_are_named_and_typed_as_the_csv_headers() {
        assert_eq!(columns(&NODE_COLUMNS), header_columns(&NODE_HEADER[2..]));
        assert_eq!(columns(&REL_COLUMNS), header_columns(&REL_HEADER[5..]));
    }

    fn full_node() -> Node {
        Node {
            aliases: vec!["J. R.".into()],
            description: Some("actor".into()),
            wikidata: Some("Q1".into()),
            date: Some(crate::date::PartialDate::ymd(2023, 1, 1)),
            date_phrases: vec!["New Year's Day".into()],
            documents: vec!["a.txt".into()],
            mentions: 3,
            url: Some("https://x".into()),
            ..Node::new("person:j-r", Label::Person, "J R")
        }
    }

    #[test]
    fn node_values_have_the_column_types() {
        let values = node_values(&full_node());
        for ((name, ty), v) in NODE_COLUMNS.iter().zip(&values) {
            assert_eq!(v.ty(), Some(*ty), "{name}");
        }
        assert_eq!(values[4], Prop::Date("2023-01-01".into()));
    }

    #[test]
    fn empty_fields_are_null_as_in_the_csv() {
        let article = Node::new("article:a", Label::Article, "A");
        let values = node_values(&article);
        assert_eq!(values[0], Prop::Str("A".into()));
        assert!(values[1..].iter().all(|v| *v == Prop::Null), "{values:?}");
        let bare = Edge {
            rel: RelType::MENTIONS,
            properties: BTreeMap::new(),
            evidence: vec![],
            evidence_total: 0,
        };
        assert!(rel_values(&bare).iter().all(|v| *v == Prop::Null));
    }

    #[test]
    fn literals_escape_and_keep_their_types() {
        assert_eq!(string_literal("it's a \\ back"), "'it\\'s a \\\\ back'");
        assert_eq!(literal(&Prop::Double(1.0)), "1.0");
        assert_eq!(literal(&Prop::Double(0.85)), "0.85");
        assert_eq!(
            literal(&Prop::Date("2023-01-01".into())),
            "date('2023-01-01')"
        );
        assert_eq!(literal(&Prop::IntList(vec![1, 2])), "[1, 2]");
        assert_eq!(literal(&Prop::Null), "null");
        assert_eq!(three_decimals(0.85), 0.85);
    }

    #[test]
    fn row_literal_holds_keys_and_props() {
        let row = Row {
            keys: vec![("id", "person:x".into())],
            props: vec![("name", Prop::Str("X".into())), ("url", Prop::Null)],
        };
        assert_eq!(
            row_literal(&row),
            "{id: 'person:x', props: {name: 'X', url: null}}"
        );
    }

    #[test]
    fn statements_merge_on_id_and_match_with_labels() {
        let s = write_statement(Target::Nodes(Label::Person), "$rows");
        assert!(
            s.starts_with("UNWIND $rows AS row MERGE (n:Person {id: row.id}) SET n += row.props")
        );
        let r = write_statement(
            Target::Relationships(RelType::ACTED_IN, Label::Person, Label::Show),
            "$rows",
        );
        assert!(r.contains("MATCH (a:Person {id: row.from}) MATCH (b:Show {id: row.to})"));
        assert!(r.contains("MERGE (a)-[r:ACTED_IN]->(b) SET r += row.props"));
        assert_eq!(
            constraint_statement(Label::Show),
            "CREATE CONSTRAINT kgpipe_show_id IF NOT EXISTS FOR (n:Show) REQUIRE n.id IS UNIQUE"
        );
    }

    #[test]
    fn batches_split_by_rows_and_group_by_target() {
        let mut kg = KnowledgeGraph::default();
        for i in 0..(MAX_ROWS + 5) {
            kg.add_node(Node::new(format!("person:p{i:05}"), Label::Person, "P"));
        }
        let a = kg.add_node(Node::new("show:s", Label::Show, "S"));
        let b = kg.index("person:p00000").unwrap();
        kg.add_edge(b, a, RelType::ACTED_IN, BTreeMap::new(), None);
        let got: Vec<(Target, usize)> = batches(&kg)
            .iter()
            .map(|b| (b.target, b.rows.len()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Target::Nodes(Label::Person), MAX_ROWS),
                (Target::Nodes(Label::Person), 5),
                (Target::Nodes(Label::Show), 1),
                (
                    Target::Relationships(RelType::ACTED_IN, Label::Person, Label::Show),
                    1
                ),
            ]
        );
    }
}
