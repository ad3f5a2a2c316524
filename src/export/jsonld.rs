//! JSON-LD export: one `@graph` of typed nodes with an inline `@context` (schema.org terms
//! under `http://schema.org/` where one fits, the project vocabulary `urn:kgpipe:vocab:` for
//! the rest). Each relationship is a property of its subject and, for evidence, an
//! `rdf:Statement` naming the same triple with confidence, hedging and one evidence node per
//! sentence (typed `kg:Evidence`: document, text, character offsets, rule). Node ids are
//! percent-encoded where an IRI needs it; a `wikidata` value that is not a Wikidata item id
//! is left out. No blank nodes: every node has an IRI
//! under `urn:kgpipe:`, so the RDF is stable across runs.

use super::Sink;
use crate::error::Result;
use crate::graph::{stable_hash, Edge, KnowledgeGraph, Node};
use crate::ontology::{Label, RelType};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Map, Value};

pub const SCHEMA: &str = "http://schema.org/";
pub const VOCAB: &str = "urn:kgpipe:vocab:";
pub const BASE: &str = "urn:kgpipe:";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// How a relationship type appears in RDF: the JSON term, the predicate IRI, and whether the
/// triple runs from the relationship's end to its start.
pub fn predicate(rel: RelType) -> (&'static str, String, bool) {
    let s = |t: &str| format!("{SCHEMA}{t}");
    let v = |t: &str| format!("{VOCAB}{t}");
    match rel {
        RelType::ACTED_IN => ("actedIn", s("actor"), true),
        RelType::ATTENDED => ("attended", s("attendee"), true),
        RelType::OCCURRED_AT => ("occurredAt", s("location"), false),
        RelType::LOCATED_IN => ("locatedIn", s("containedInPlace"), false),
        RelType::MENTIONS => ("mentions", s("mentions"), false),
        RelType::PUBLISHED_BY => ("publisher", s("publisher"), false),
        RelType::INJURED_IN => ("injuredIn", v("injuredIn"), false),
        RelType::INSPIRED_BY => ("inspiredBy", v("inspiredBy"), false),
        RelType::FILMED => ("filmed", v("filmed"), false),
        RelType::RELATIVE_OF => ("relativeOf", v("relativeOf"), false),
        RelType::SAVED => ("saved", v("saved"), false),
        RelType::AIRS_ON => ("airsOn", v("airsOn"), false),
        RelType::PREMIERE_OF => ("premiereOf", v("premiereOf"), false),
        RelType::WORKS_WITH => ("worksWith", v("worksWith"), false),
    }
}

/// Schema.org types of a node.
pub fn types(n: &Node) -> Vec<String> {
    let mut t = vec![match n.label {
        Label::Person => "Person",
        Label::Show => "CreativeWork",
        Label::Place => "Place",
        Label::Event => "Event",
        Label::Organization => "Organization",
        Label::Article => "NewsArticle",
    }
    .to_string()];
    if n.label == Label::Show {
        if let Some(k) = n
            .kind
            .as_deref()
            .filter(|k| matches!(*k, "TVSeries" | "Movie" | "CreativeWorkSeries"))
        {
            t.push(k.to_string());
        }
    }
    t.into_iter().map(|x| format!("{SCHEMA}{x}")).collect()
}

/// The IRI of a node id: `urn:kgpipe:` and the id, with every character an IRI may not hold
/// (space, `<>"{}|\^``, `%`, controls, private-use and other non-IRI characters)
/// percent-encoded, so any id gives a valid IRI and distinct ids distinct IRIs.
pub fn iri(id: &str) -> String {
    let mut out = String::from(BASE);
    for c in id.chars() {
        if iri_char(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// A character an IRI path may hold as it is (RFC 3987 `ipchar` less `%`, plus `/`).
fn iri_char(c: char) -> bool {
    let u = u32::from(c);
    let supplementary = (0x10000..0xF0000).contains(&u)
        && (u & 0xFFFF) < 0xFFFE
        && !(0xE0000..0xE1000).contains(&u);
    c.is_ascii_alphanumeric()
        || "-._~!$&'()*+,;=:@/".contains(c)
        || matches!(u, 0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF)
        || supplementary
}

/// True for a Wikidata item id: `Q` and digits, no leading zero.
pub fn is_wikidata_id(q: &str) -> bool {
    q.strip_prefix('Q').is_some_and(|d| {
        !d.is_empty() && !d.starts_with('0') && d.bytes().all(|b| b.is_ascii_digit())
    })
}

/// XSD datatype of an ISO date text by its precision.
pub fn date_type(iso: &str) -> &'static str {
    if iso.starts_with("--") {
        if iso.len() == 7 {
            "gMonthDay"
        } else {
            "gMonth"
        }
    } else {
        match iso.len() {
            10 => "date",
            7 => "gYearMonth",
            _ => "gYear",
        }
    }
}

/// The statement IRI of an edge.
pub fn statement_iri(from: &str, rel: RelType, to: &str) -> String {
    format!(
        "{BASE}statement:{:016x}",
        stable_hash(&format!("{from}\u{1f}{rel}\u{1f}{to}"))
    )
}

fn context() -> Value {
    let mut c = Map::new();
    c.insert("schema".into(), json!(SCHEMA));
    c.insert("kg".into(), json!(VOCAB));
    c.insert("rdf".into(), json!(RDF));
    c.insert("xsd".into(), json!(XSD));
    c.insert("name".into(), json!("schema:name"));
    c.insert("alternateName".into(), json!("schema:alternateName"));
    c.insert("description".into(), json!("schema:description"));
    c.insert(
        "sameAs".into(),
        json!({"@id": "schema:sameAs", "@type": "@id"}),
    );
    c.insert("startDate".into(), json!("schema:startDate"));
    c.insert("datePublished".into(), json!("schema:datePublished"));
    c.insert("dateText".into(), json!("kg:dateText"));
    c.insert("fileName".into(), json!("kg:fileName"));
    c.insert("url".into(), json!("schema:url"));
    for rel in RelType::ALL {
        let (term, iri, reverse) = predicate(rel);
        let key = if reverse { "@reverse" } else { "@id" };
        c.insert(term.into(), json!({key: iri, "@type": "@id"}));
    }
    for (t, i) in [
        ("subject", "rdf:subject"),
        ("predicate", "rdf:predicate"),
        ("object", "rdf:object"),
    ] {
        c.insert(t.into(), json!({"@id": i, "@type": "@id"}));
    }
    c.insert(
        "evidence".into(),
        json!({"@id": "kg:evidence", "@type": "@id"}),
    );
    c.insert(
        "document".into(),
        json!({"@id": "kg:document", "@type": "@id"}),
    );
    c.insert("sentence".into(), json!("kg:sentence"));
    c.insert(
        "charStart".into(),
        json!({"@id": "kg:charStart", "@type": "xsd:integer"}),
    );
    c.insert(
        "charEnd".into(),
        json!({"@id": "kg:charEnd", "@type": "xsd:integer"}),
    );
    c.insert("rule".into(), json!("kg:rule"));
    c.insert(
        "evidenceTotal".into(),
        json!({"@id": "kg:evidenceTotal", "@type": "xsd:integer"}),
    );
    c.insert(
        "confidence".into(),
        json!({"@id": "kg:confidence", "@type": "xsd:decimal"}),
    );
    c.insert(
        "hedged".into(),
        json!({"@id": "kg:hedged", "@type": "xsd:boolean"}),
    );
    c.insert("kind".into(), json!("kg:kind"));
    c.insert("role".into(), json!("kg:role"));
    Value::Object(c)
}

/// `graph.jsonld`, streamed node by node.
pub struct JsonLd;

impl super::Exporter for JsonLd {
    fn export(&self, kg: &KnowledgeGraph, sink: &mut dyn Sink) -> Result<()> {
        let mut file = sink.create("graph.jsonld")?;
        write_json(kg, &mut file).map_err(|e| file.error(e.into()))?;
        file.put(b"\n")?;
        file.finish()
    }
}

/// Writes the JSON-LD document, pretty-printed, to `out` as it walks the graph.
pub fn write_json(kg: &KnowledgeGraph, out: impl std::io::Write) -> serde_json::Result<()> {
    Document(kg).serialize(&mut serde_json::Serializer::pretty(out))
}

/// The JSON-LD document as a value (for tests and small graphs).
pub fn to_json(kg: &KnowledgeGraph) -> Value {
    serde_json::to_value(Document(kg)).expect("the JSON-LD document serialises")
}

/// The whole document: the context, then the graph.
struct Document<'a>(&'a KnowledgeGraph);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("@context", &context())?;
        map.serialize_entry("@graph", &GraphItems(self.0))?;
        map.end()
    }
}

/// The `@graph` array: every node, then every statement, each written as it is reached.
struct GraphItems<'a>(&'a KnowledgeGraph);

impl Serialize for GraphItems<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let kg = self.0;
        let edges = kg.edges();
        let nodes = kg.nodes().into_iter().map(|n| NodeObject(kg, n));
        let statements = edges
            .iter()
            .filter(|(_, e, _)| e.rel.needs_evidence())
            .map(|&(f, e, t)| StatementObject(f, e, t));
        let mut seq = serializer.serialize_seq(None)?;
        for n in nodes {
            seq.serialize_element(&n)?;
        }
        for st in statements {
            seq.serialize_element(&st)?;
        }
        seq.end()
    }
}

/// A value of a JSON-LD object, borrowed from the graph where it can be.
enum Field<'a> {
    Str(&'a str),
    Owned(String),
    List(&'a [String]),
    Owned2(Vec<String>),
    Typed { value: String, datatype: String },
    Evidence(Vec<EvidenceObject<'a>>),
    Null,
}

impl Serialize for Field<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Field::Str(s) => serializer.serialize_str(s),
            Field::Owned(s) => serializer.serialize_str(s),
            Field::List(items) => serializer.collect_seq(items.iter()),
            Field::Owned2(items) => serializer.collect_seq(items.iter()),
            Field::Typed { value, datatype } => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("@type", datatype)?;
                map.serialize_entry("@value", value)?;
                map.end()
            }
            Field::Evidence(items) => serializer.collect_seq(items.iter()),
            Field::Null => serializer.serialize_unit(),
        }
    }
}

/// Serialises `fields` as one object, keys in byte order (as `serde_json`'s map writes them).
fn serialize_object<S: Serializer>(
    serializer: S,
    mut fields: Vec<(&str, Field<'_>)>,
) -> std::result::Result<S::Ok, S::Error> {
    fields.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut map = serializer.serialize_map(Some(fields.len()))?;
    for (k, v) in &fields {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// One entity or article with its properties and its outgoing relationships.
struct NodeObject<'a>(&'a KnowledgeGraph, &'a Node);

impl Serialize for NodeObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serialize_object(serializer, node_fields(self.0, self.1))
    }
}

fn node_fields<'a>(kg: &'a KnowledgeGraph, n: &'a Node) -> Vec<(&'a str, Field<'a>)> {
    let mut f: Vec<(&str, Field<'_>)> = vec![
        ("@id", Field::Owned(iri(&n.id))),
        ("@type", Field::Owned2(types(n))),
        ("name", Field::Str(&n.name)),
    ];
    if !n.aliases.is_empty() {
        f.push(("alternateName", Field::List(&n.aliases)));
    }
    if let Some(d) = &n.description {
        f.push(("description", Field::Str(d)));
    }
    if let Some(q) = n.wikidata.as_deref().filter(|q| is_wikidata_id(q)) {
        let entity = format!("http://www.wikidata.org/entity/{q}");
        f.push(("sameAs", Field::Owned(entity)));
    }
    if let Some(iso) = n.date.and_then(|d| d.iso()) {
        let term = if n.label == Label::Article {
            "datePublished"
        } else {
            "startDate"
        };
        let datatype = format!("xsd:{}", date_type(&iso));
        f.push((
            term,
            Field::Typed {
                value: iso,
                datatype,
            },
        ));
    }
    if !n.date_phrases.is_empty() {
        f.push(("dateText", Field::List(&n.date_phrases)));
    }
    if n.label == Label::Article {
        let file = n.documents.first().map_or(Field::Null, |d| Field::Str(d));
        f.push(("fileName", file));
    }
    if let Some(u) = &n.url {
        f.push(("url", Field::Str(u)));
    }
    f.extend(relationship_fields(kg, n));
    f
}

/// The node's outgoing relationships: one list of end IRIs per relationship term.
fn relationship_fields<'a>(kg: &'a KnowledgeGraph, n: &Node) -> Vec<(&'a str, Field<'a>)> {
    let mut out: Vec<(&str, Field<'_>)> = Vec::new();
    for group in kg.outgoing(&n.id).chunk_by(|a, b| a.0 == b.0) {
        let (term, _, _) = predicate(group[0].0);
        let ends = group.iter().map(|(_, to)| iri(&to.id)).collect();
        out.push((term, Field::Owned2(ends)));
    }
    out
}

/// An `rdf:Statement` naming one relationship, with its evidence.
struct StatementObject<'a>(&'a Node, &'a Edge, &'a Node);

impl Serialize for StatementObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let StatementObject(f, e, t) = *self;
        let (_, pred, reverse) = predicate(e.rel);
        let (s, o) = if reverse { (t, f) } else { (f, t) };
        let stmt = statement_iri(&f.id, e.rel, &t.id);
        let evidence = e
            .evidence
            .iter()
            .enumerate()
            .map(|(i, ev)| EvidenceObject::new(&stmt, i, ev))
            .collect();
        let mut fields: Vec<(&str, Field<'_>)> = vec![
            ("@id", Field::Owned(stmt.clone())),
            ("@type", Field::Str("rdf:Statement")),
            ("subject", Field::Owned(iri(&s.id))),
            ("predicate", Field::Owned(pred)),
            ("object", Field::Owned(iri(&o.id))),
            ("confidence", Field::Owned(super::decimal(e.confidence()))),
            ("hedged", Field::Owned(e.hedged().to_string())),
            ("evidenceTotal", Field::Owned(e.evidence_total.to_string())),
            ("evidence", Field::Evidence(evidence)),
        ];
        for key in ["kind", "role"] {
            if let Some(v) = e.properties.get(key) {
                fields.push((key, Field::Str(v)));
            }
        }
        serialize_object(serializer, fields)
    }
}

/// One sentence of evidence, typed `kg:Evidence`.
struct EvidenceObject<'a> {
    id: String,
    ev: &'a crate::resolve::Evidence,
}

impl<'a> EvidenceObject<'a> {
    fn new(stmt: &str, i: usize, ev: &'a crate::resolve::Evidence) -> Self {
        EvidenceObject {
            id: format!("{stmt}:evidence:{i}"),
            ev,
        }
    }
}

impl Serialize for EvidenceObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let ev = self.ev;
        let document = iri(&crate::graph::node_id(Label::Article, ev.document()));
        let mut map = serializer.serialize_map(Some(8))?;
        map.serialize_entry("@id", &self.id)?;
        map.serialize_entry("@type", "kg:Evidence")?;
        map.serialize_entry("charEnd", &ev.end().to_string())?;
        map.serialize_entry("charStart", &ev.start().to_string())?;
        map.serialize_entry("confidence", &super::decimal(ev.confidence))?;
        map.serialize_entry("document", &document)?;
        map.serialize_entry("rule", &*ev.rule)?;
        map.serialize_entry("sentence", ev.text())?;
        map.end()
    }
}
