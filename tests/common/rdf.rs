//! The RDF a JSON-LD processor must produce from kgpipe's JSON-LD, derived here from the graph
//! and the vocabulary table of the README (not from the exporter), as comparable tuples.

use kgpipe::graph::KnowledgeGraph;
use kgpipe::ontology::{Label, RelType};
use std::collections::BTreeSet;

/// (subject, predicate, object kind `iri`/`literal`, object value, datatype).
pub type Triple = (String, String, String, String, String);

const SCHEMA: &str = "http://schema.org/";
const KG: &str = "urn:kgpipe:vocab:";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

fn iri(id: &str) -> String {
    format!("urn:kgpipe:{id}")
}

fn lit(s: &str, p: &str, v: &str, dt: &str) -> Triple {
    (s.into(), p.into(), "literal".into(), v.into(), dt.into())
}

fn link(s: &str, p: &str, o: &str) -> Triple {
    (s.into(), p.into(), "iri".into(), o.into(), String::new())
}

/// The README's table: predicate IRI and whether the triple is reversed.
fn predicate(rel: RelType) -> (String, bool) {
    let (ns, term, rev) = match rel {
        RelType::ACTED_IN => (SCHEMA, "actor", true),
        RelType::ATTENDED => (SCHEMA, "attendee", true),
        RelType::OCCURRED_AT => (SCHEMA, "location", false),
        RelType::LOCATED_IN => (SCHEMA, "containedInPlace", false),
        RelType::MENTIONS => (SCHEMA, "mentions", false),
        RelType::PUBLISHED_BY => (SCHEMA, "publisher", false),
        RelType::INJURED_IN => (KG, "injuredIn", false),
        RelType::INSPIRED_BY => (KG, "inspiredBy", false),
        RelType::FILMED => (KG, "filmed", false),
        RelType::RELATIVE_OF => (KG, "relativeOf", false),
        RelType::SAVED => (KG, "saved", false),
        RelType::AIRS_ON => (KG, "airsOn", false),
        RelType::PREMIERE_OF => (KG, "premiereOf", false),
        RelType::WORKS_WITH => (KG, "worksWith", false),
    };
    (format!("{ns}{term}"), rev)
}

pub fn expected(kg: &KnowledgeGraph) -> BTreeSet<Triple> {
    let mut t = BTreeSet::new();
    let string = format!("{XSD}string");
    for n in kg.nodes() {
        let s = iri(&n.id);
        let ty = match n.label {
            Label::Person => "Person",
            Label::Show => "CreativeWork",
            Label::Place => "Place",
            Label::Event => "Event",
            Label::Organization => "Organization",
            Label::Article => "NewsArticle",
        };
        t.insert(link(&s, &format!("{RDF}type"), &format!("{SCHEMA}{ty}")));
        if let Some(k) = &n.kind {
            t.insert(link(&s, &format!("{RDF}type"), &format!("{SCHEMA}{k}")));
        }
        t.insert(lit(&s, &format!("{SCHEMA}name"), &n.name, &string));
        for a in &n.aliases {
            t.insert(lit(&s, &format!("{SCHEMA}alternateName"), a, &string));
        }
        if let Some(d) = &n.description {
            t.insert(lit(&s, &format!("{SCHEMA}description"), d, &string));
        }
        if let Some(q) = n.wikidata.as_ref().filter(|q| {
            q.strip_prefix('Q').is_some_and(|d| {
                !d.is_empty() && !d.starts_with('0') && d.bytes().all(|b| b.is_ascii_digit())
            })
        }) {
            t.insert(link(
                &s,
                &format!("{SCHEMA}sameAs"),
                &format!("http://www.wikidata.org/entity/{q}"),
            ));
        }
        if let Some(iso) = n.date.and_then(|d| d.iso()) {
            let dt = match (iso.starts_with("--"), iso.len()) {
                (true, 7) => "gMonthDay",
                (true, _) => "gMonth",
                (false, 10) => "date",
                (false, 7) => "gYearMonth",
                _ => "gYear",
            };
            let p = if n.label == Label::Article {
                "datePublished"
            } else {
                "startDate"
            };
            t.insert(lit(
                &s,
                &format!("{SCHEMA}{p}"),
                &iso,
                &format!("{XSD}{dt}"),
            ));
        }
        for p in &n.date_phrases {
            t.insert(lit(&s, &format!("{KG}dateText"), p, &string));
        }
        if n.label == Label::Article {
            t.insert(lit(&s, &format!("{KG}fileName"), &n.documents[0], &string));
        }
        if let Some(u) = &n.url {
            t.insert(lit(&s, &format!("{SCHEMA}url"), u, &string));
        }
    }
    for (f, e, to) in kg.edges() {
        let (p, rev) = predicate(e.rel);
        let (s, o) = if rev {
            (iri(&to.id), iri(&f.id))
        } else {
            (iri(&f.id), iri(&to.id))
        };
        t.insert(link(&s, &p, &o));
        if !e.rel.needs_evidence() {
            continue;
        }
        let st = kgpipe::export::jsonld::statement_iri(&f.id, e.rel, &to.id);
        t.insert(link(&st, &format!("{RDF}type"), &format!("{RDF}Statement")));
        t.insert(link(&st, &format!("{RDF}subject"), &s));
        t.insert(link(&st, &format!("{RDF}predicate"), &p));
        t.insert(link(&st, &format!("{RDF}object"), &o));
        t.insert(lit(
            &st,
            &format!("{KG}confidence"),
            &kgpipe::export::decimal(e.confidence()),
            &format!("{XSD}decimal"),
        ));
        t.insert(lit(
            &st,
            &format!("{KG}hedged"),
            &e.hedged().to_string(),
            &format!("{XSD}boolean"),
        ));
        t.insert(lit(
            &st,
            &format!("{KG}evidenceTotal"),
            &e.evidence_total.to_string(),
            &format!("{XSD}integer"),
        ));
        for k in ["kind", "role"] {
            if let Some(v) = e.properties.get(k) {
                t.insert(lit(&st, &format!("{KG}{k}"), v, &string));
            }
        }
        for (i, ev) in e.evidence.iter().enumerate() {
            let evi = format!("{st}:evidence:{i}");
            t.insert(link(&st, &format!("{KG}evidence"), &evi));
            t.insert(link(&evi, &format!("{RDF}type"), &format!("{KG}Evidence")));
            let doc = iri(&kgpipe::graph::node_id(Label::Article, ev.document()));
            t.insert(link(&evi, &format!("{KG}document"), &doc));
            t.insert(lit(&evi, &format!("{KG}sentence"), ev.text(), &string));
            t.insert(lit(
                &evi,
                &format!("{KG}charStart"),
                &ev.start().to_string(),
                &format!("{XSD}integer"),
            ));
            t.insert(lit(
                &evi,
                &format!("{KG}charEnd"),
                &ev.end().to_string(),
                &format!("{XSD}integer"),
            ));
            t.insert(lit(&evi, &format!("{KG}rule"), &ev.rule, &string));
            t.insert(lit(
                &evi,
                &format!("{KG}confidence"),
                &kgpipe::export::decimal(ev.confidence),
                &format!("{XSD}decimal"),
            ));
        }
    }
    t
}

/// Asserts two triple sets are equal, showing up to five triples missing and extra.
pub fn assert_same_triples(got: &BTreeSet<Triple>, want: &BTreeSet<Triple>) {
    let missing: Vec<_> = want.difference(got).take(5).collect();
    let extra: Vec<_> = got.difference(want).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:#?}\nextra {extra:#?}"
    );
}

/// Triples of a JSON-LD text as parsed by oxjsonld (the Oxigraph project's processor).
pub fn oxjsonld_triples(text: &str) -> BTreeSet<Triple> {
    let mut out = BTreeSet::new();
    for q in oxjsonld::JsonLdParser::new().for_slice(text.as_bytes()) {
        let q = q.expect("oxjsonld parses the file");
        assert!(q.graph_name.is_default_graph(), "unexpected named graph");
        let s = match &q.subject {
            oxrdf::NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
            other => panic!("unexpected blank node subject {other}"),
        };
        let (kind, value, dt) = match &q.object {
            oxrdf::Term::NamedNode(n) => ("iri", n.as_str().to_string(), String::new()),
            oxrdf::Term::Literal(l) => (
                "literal",
                l.value().to_string(),
                l.datatype().as_str().to_string(),
            ),
            other => panic!("unexpected object {other}"),
        };
        out.insert((
            s,
            q.predicate.as_str().to_string(),
            kind.to_string(),
            value,
            dt,
        ));
    }
    out
}
