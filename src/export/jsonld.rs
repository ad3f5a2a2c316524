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
use serde::ser::{Serialize, SerializeMap, Serializer};
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

/// The `@graph` array: every node, then every statement, each built only when written.
struct GraphItems<'a>(&'a KnowledgeGraph);

impl Serialize for GraphItems<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let kg = self.0;
        let edges = kg.edges();
        let nodes = kg.nodes().into_iter().map(|n| node_object(kg, n));
        let statements = edges
            .iter()
            .filter(|(_, e, _)| e.rel.needs_evidence())
            .map(|&(f, e, t)| statement_object(f, e, t));
        serializer.collect_seq(nodes.chain(statements))
    }
}

fn node_object(kg: &KnowledgeGraph, n: &Node) -> Value {
    let mut o = Map::new();
    o.insert("@id".into(), json!(iri(&n.id)));
    o.insert("@type".into(), json!(types(n)));
    o.insert("name".into(), json!(n.name));
    if !n.aliases.is_empty() {
        o.insert("alternateName".into(), json!(n.aliases));
    }
    if let Some(d) = &n.description {
        o.insert("description".into(), json!(d));
    }
    if let Some(q) = n.wikidata.as_deref().filter(|q| is_wikidata_id(q)) {
        o.insert(
            "sameAs".into(),
            json!(format!("http://www.wikidata.org/entity/{q}")),
        );
    }
    if let Some(iso) = n.date.and_then(|d| d.iso()) {
        let term = if n.label == Label::Article {
            "datePublished"
        } else {
            "startDate"
        };
        o.insert(
            term.into(),
            json!({"@value": iso, "@type": format!("xsd:{}", date_type(&iso))}),
        );
    }
    if !n.date_phrases.is_empty() {
        o.insert("dateText".into(), json!(n.date_phrases));
    }
    if n.label == Label::Article {
        o.insert("fileName".into(), json!(n.documents.first()));
    }
    if let Some(u) = &n.url {
        o.insert("url".into(), json!(u));
    }
    for (rel, to) in kg.outgoing(&n.id) {
        let (term, _, _) = predicate(rel);
        let list = o.entry(term.to_string()).or_insert_with(|| json!([]));
        if let Value::Array(a) = list {
            a.push(json!(iri(&to.id)));
        }
    }
    Value::Object(o)
}

fn statement_object(f: &Node, e: &Edge, t: &Node) -> Value {
    let (_, pred, reverse) = predicate(e.rel);
    let (s, o) = if reverse {
        (&t.id, &f.id)
    } else {
        (&f.id, &t.id)
    };
    let stmt = statement_iri(&f.id, e.rel, &t.id);
    let mut m = Map::new();
    m.insert("@id".into(), json!(stmt));
    m.insert("@type".into(), json!("rdf:Statement"));
    m.insert("subject".into(), json!(iri(s)));
    m.insert("predicate".into(), json!(pred));
    m.insert("object".into(), json!(iri(o)));
    m.insert("confidence".into(), json!(super::decimal(e.confidence())));
    m.insert("hedged".into(), json!(e.hedged().to_string()));
    m.insert("evidenceTotal".into(), json!(e.evidence_total.to_string()));
    for (k, v) in &e.properties {
        if k == "kind" || k == "role" {
            m.insert(k.clone(), json!(v));
        }
    }
    let evidence: Vec<Value> = e
        .evidence
        .iter()
        .enumerate()
        .map(|(i, ev)| evidence_object(&stmt, i, ev))
        .collect();
    m.insert("evidence".into(), Value::Array(evidence));
    Value::Object(m)
}

fn evidence_object(stmt: &str, i: usize, ev: &crate::resolve::Evidence) -> Value {
    json!({
        "@id": format!("{stmt}:evidence:{i}"),
        "@type": "kg:Evidence",
        "document": iri(&crate::graph::node_id(Label::Article, &ev.document)),
        "sentence": ev.text.as_ref(),
        "charStart": ev.start.to_string(),
        "charEnd": ev.end.to_string(),
        "rule": ev.rule,
        "confidence": super::decimal(ev.confidence),
    })
}
