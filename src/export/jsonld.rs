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
use crate::graph::{stable_hash_more, Edge, KnowledgeGraph, Node, STABLE_HASH_START};
use crate::ontology::{Label, RelType};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, NodeIndexable};
use rustc_hash::FxHashMap;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Map, Value};

pub const SCHEMA: &str = "http://schema.org/";
pub const VOCAB: &str = "urn:kgpipe:vocab:";
pub const BASE: &str = "urn:kgpipe:";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// How a relationship type appears in RDF: the JSON term, the predicate IRI, and whether the
/// triple runs from the relationship's end to its start.
pub fn predicate(rel: RelType) -> (&'static str, &'static str, bool) {
    match rel {
        RelType::ACTED_IN => ("actedIn", "http://schema.org/actor", true),
        RelType::ATTENDED => ("attended", "http://schema.org/attendee", true),
        RelType::OCCURRED_AT => ("occurredAt", "http://schema.org/location", false),
        RelType::LOCATED_IN => ("locatedIn", "http://schema.org/containedInPlace", false),
        RelType::MENTIONS => ("mentions", "http://schema.org/mentions", false),
        RelType::PUBLISHED_BY => ("publisher", "http://schema.org/publisher", false),
        RelType::INJURED_IN => ("injuredIn", "urn:kgpipe:vocab:injuredIn", false),
        RelType::INSPIRED_BY => ("inspiredBy", "urn:kgpipe:vocab:inspiredBy", false),
        RelType::FILMED => ("filmed", "urn:kgpipe:vocab:filmed", false),
        RelType::RELATIVE_OF => ("relativeOf", "urn:kgpipe:vocab:relativeOf", false),
        RelType::SAVED => ("saved", "urn:kgpipe:vocab:saved", false),
        RelType::AIRS_ON => ("airsOn", "urn:kgpipe:vocab:airsOn", false),
        RelType::PREMIERE_OF => ("premiereOf", "urn:kgpipe:vocab:premiereOf", false),
        RelType::WORKS_WITH => ("worksWith", "urn:kgpipe:vocab:worksWith", false),
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
                out.push('%');
                out.push(char::from(HEX_UPPER[usize::from(b >> 4)]));
                out.push(char::from(HEX_UPPER[usize::from(b & 0xf)]));
            }
        }
    }
    out
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

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
    let hash = [from, "\u{1f}", rel.as_str(), "\u{1f}", to]
        .iter()
        .fold(STABLE_HASH_START, |h, part| stable_hash_more(h, part));
    format!("{BASE}statement:{hash:016x}")
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
    // serde_json writes in small pieces: a buffer here keeps them off the dynamic writer.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    Document(kg).serialize(&mut serde_json::Serializer::pretty(&mut out))?;
    std::io::Write::flush(&mut out).map_err(serde_json::Error::io)
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
        let edges = kg.edge_ends();
        let shared = Shared::new(kg, &edges);
        let mut seq = serializer.serialize_seq(None)?;
        for (i, n) in kg.indexed_nodes() {
            seq.serialize_element(&NodeObject(&shared, i, n))?;
        }
        for &(f, e, t) in edges.iter().filter(|(_, e, _)| e.rel.needs_evidence()) {
            seq.serialize_element(&StatementObject(&shared, f, e, t))?;
        }
        seq.end()
    }
}

/// What the objects of one document share: each node's IRI and position, and each article's
/// IRI by document name.
struct Shared<'a> {
    kg: &'a KnowledgeGraph,
    iris: Vec<String>,
    position: Vec<usize>,
    documents: FxHashMap<&'a str, String>,
}

impl<'a> Shared<'a> {
    fn new(kg: &'a KnowledgeGraph, edges: &[(NodeIndex, &'a Edge, NodeIndex)]) -> Self {
        let mut iris = vec![String::new(); kg.graph.node_bound()];
        for i in kg.graph.node_indices() {
            iris[i.index()] = iri(&kg.graph[i].id);
        }
        let mut documents = FxHashMap::default();
        for (_, e, _) in edges {
            for ev in &e.evidence {
                documents
                    .entry(ev.document())
                    .or_insert_with(|| iri(&crate::graph::node_id(Label::Article, ev.document())));
            }
        }
        Shared {
            kg,
            iris,
            position: kg.positions(),
            documents,
        }
    }

    fn iri(&self, i: NodeIndex) -> &str {
        &self.iris[i.index()]
    }
}

/// A value of a JSON-LD object, borrowed from the graph where it can be.
enum Field<'a> {
    Str(&'a str),
    Owned(String),
    List(&'a [String]),
    Owned2(Vec<String>),
    Iris(Vec<&'a str>),
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
            Field::Iris(items) => serializer.collect_seq(items.iter()),
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
struct NodeObject<'a>(&'a Shared<'a>, NodeIndex, &'a Node);

impl Serialize for NodeObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serialize_object(serializer, node_fields(self.0, self.1, self.2))
    }
}

fn node_fields<'a>(shared: &'a Shared, i: NodeIndex, n: &'a Node) -> Vec<(&'a str, Field<'a>)> {
    let mut f: Vec<(&str, Field<'_>)> = vec![
        ("@id", Field::Str(shared.iri(i))),
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
    f.extend(relationship_fields(shared, i));
    f
}

/// The node's outgoing relationships: one list of end IRIs per relationship term, by type
/// and end id.
fn relationship_fields<'a>(shared: &'a Shared, i: NodeIndex) -> Vec<(&'a str, Field<'a>)> {
    let mut ends: Vec<(RelType, usize, NodeIndex)> = shared
        .kg
        .graph
        .edges(i)
        .map(|e| {
            (
                e.weight().rel,
                shared.position[e.target().index()],
                e.target(),
            )
        })
        .collect();
    ends.sort_unstable();
    ends.chunk_by(|a, b| a.0 == b.0)
        .map(|group| {
            let (term, _, _) = predicate(group[0].0);
            let iris = group.iter().map(|&(_, _, to)| shared.iri(to)).collect();
            (term, Field::Iris(iris))
        })
        .collect()
}

/// An `rdf:Statement` naming one relationship, with its evidence.
struct StatementObject<'a>(&'a Shared<'a>, NodeIndex, &'a Edge, NodeIndex);

impl Serialize for StatementObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let StatementObject(shared, f, e, t) = *self;
        let kg = shared.kg;
        let (_, pred, reverse) = predicate(e.rel);
        let (s, o) = if reverse { (t, f) } else { (f, t) };
        let stmt = statement_iri(&kg.graph[f].id, e.rel, &kg.graph[t].id);
        let evidence = e
            .evidence
            .iter()
            .enumerate()
            .map(|(i, ev)| EvidenceObject::new(&stmt, i, ev, &shared.documents[ev.document()]))
            .collect();
        let mut fields: Vec<(&str, Field<'_>)> = vec![
            ("@id", Field::Str(&stmt)),
            ("@type", Field::Str("rdf:Statement")),
            ("subject", Field::Str(shared.iri(s))),
            ("predicate", Field::Str(pred)),
            ("object", Field::Str(shared.iri(o))),
            ("confidence", Field::Owned(super::decimal(e.confidence()))),
            (
                "hedged",
                Field::Str(if e.hedged() { "true" } else { "false" }),
            ),
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
    /// The IRI of the evidence's article.
    document: &'a str,
}

impl<'a> EvidenceObject<'a> {
    fn new(stmt: &str, i: usize, ev: &'a crate::resolve::Evidence, document: &'a str) -> Self {
        EvidenceObject {
            id: format!("{stmt}:evidence:{i}"),
            ev,
            document,
        }
    }
}

impl Serialize for EvidenceObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let ev = self.ev;
        let mut map = serializer.serialize_map(Some(8))?;
        map.serialize_entry("@id", &self.id)?;
        map.serialize_entry("@type", "kg:Evidence")?;
        map.serialize_entry("charEnd", &ev.end().to_string())?;
        map.serialize_entry("charStart", &ev.start().to_string())?;
        map.serialize_entry("confidence", &super::decimal(ev.confidence))?;
        map.serialize_entry("document", self.document)?;
        map.serialize_entry("rule", &*ev.rule)?;
        map.serialize_entry("sentence", ev.text())?;
        map.end()
    }
}
