//! DOT export with graphviz-rust: a shape and colour per label, a legend, relationship types
//! as edge labels, evidence in tooltips, hedged edges dashed. A graph of more than
//! [`MAX_NODES`] entities is drawn as a summary view of its most connected ones. Articles and their MENTIONS /
//! PUBLISHED_BY edges are provenance and are left out of the picture. graphviz-rust escapes
//! nothing, so every id and label goes through [`quote`]. `graph.svg` is rendered by running
//! Graphviz's `dot` when it is on PATH.

use super::Sink;
use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;
use crate::ontology::{Label, RelType};
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use std::process::{Command, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

/// Largest number of entities drawn; a bigger graph is drawn as a summary view of its most
/// connected entities (by degree, ties by id), with the title saying so.
pub const MAX_NODES: usize = 300;

/// The ids of the entities to draw.
pub fn summary_nodes(kg: &KnowledgeGraph, max: usize) -> std::collections::BTreeSet<&str> {
    let mut degree: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for n in kg.nodes() {
        if n.label != Label::Article {
            degree.insert(n.id.as_str(), 0);
        }
    }
    for (f, e, t) in kg.edges() {
        if shown(e.rel) {
            for id in [f.id.as_str(), t.id.as_str()] {
                if let Some(d) = degree.get_mut(id) {
                    *d += 1;
                }
            }
        }
    }
    let mut ranked: Vec<(&str, usize)> = degree.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.into_iter().take(max).map(|(id, _)| id).collect()
}

/// Largest number of relationships drawn; beyond it, the strongest are kept (by confidence,
/// then evidence found, then position), with the title saying so.
pub const MAX_EDGES: usize = 1000;

/// Which of `edges` (in `kg.edges()` order) to draw: those between drawn entities, at most
/// `max` of them.
pub fn summary_edges(
    edges: &[(
        &crate::graph::Node,
        &crate::graph::Edge,
        &crate::graph::Node,
    )],
    nodes: &std::collections::BTreeSet<&str>,
    max: usize,
) -> Vec<bool> {
    let mut candidates: Vec<usize> = (0..edges.len())
        .filter(|&i| {
            let (f, e, t) = edges[i];
            shown(e.rel) && nodes.contains(f.id.as_str()) && nodes.contains(t.id.as_str())
        })
        .collect();
    if candidates.len() > max {
        candidates.sort_by(|&a, &b| {
            let (ea, eb) = (edges[a].1, edges[b].1);
            eb.confidence()
                .total_cmp(&ea.confidence())
                .then(eb.evidence_total.cmp(&ea.evidence_total))
                .then(a.cmp(&b))
        });
        candidates.truncate(max);
    }
    let mut keep = vec![false; edges.len()];
    for i in candidates {
        keep[i] = true;
    }
    keep
}

/// Longest tooltip, in characters; longer evidence lists are cut with a count of the rest.
const TOOLTIP_LIMIT: usize = 1500;

/// A DOT double-quoted string holding `text` exactly.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn attr(k: &str, v: &str) -> Attribute {
    Attribute(Id::Plain(k.to_string()), Id::Escaped(quote(v)))
}

/// Shape and fill colour of a label.
pub fn style(label: Label) -> (&'static str, &'static str) {
    match label {
        Label::Person => ("ellipse", "#AED6F1"),
        Label::Show => ("box", "#F9E79F"),
        Label::Place => ("house", "#A9DFBF"),
        Label::Event => ("octagon", "#F5B7B1"),
        Label::Organization => ("component", "#D7BDE2"),
        Label::Article => ("note", "#E5E7E9"),
    }
}

fn shown(rel: RelType) -> bool {
    !matches!(rel, RelType::MENTIONS | RelType::PUBLISHED_BY)
}

/// The DOT graph as graphviz-rust structures.
pub fn to_graph(kg: &KnowledgeGraph) -> Graph {
    let shown_nodes = summary_nodes(kg, MAX_NODES);
    let edges = kg.edges();
    let keep_edge = summary_edges(&edges, &shown_nodes, MAX_EDGES);
    let title = title(kg, &shown_nodes, &edges, &keep_edge);
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("rankdir", "LR"),
            attr("fontname", "Helvetica"),
            attr("label", &title),
            attr("labelloc", "t"),
            attr("nodesep", "0.3"),
            attr("ranksep", "0.8"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", "filled"),
            attr("fontname", "Helvetica"),
            attr("fontsize", "11"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "9"),
        ])),
    ];
    let publications = publications(kg);
    let mut labels_present = Vec::new();
    for n in kg.nodes() {
        if n.label == Label::Article || !shown_nodes.contains(n.id.as_str()) {
            continue;
        }
        if !labels_present.contains(&n.label) {
            labels_present.push(n.label);
        }
        let (shape, color) = style(n.label);
        let mut text = n.name.clone();
        if let Some(d) = n.date.and_then(|d| d.iso()) {
            text.push_str(&format!("\n{d}"));
        }
        let mut tip = format!("{} {}", n.label, n.name);
        if !n.aliases.is_empty() {
            tip.push_str(&format!("\naliases: {}", n.aliases.join(" | ")));
        }
        if let Some(w) = &n.wikidata {
            tip.push_str(&format!("\nwikidata: {w}"));
        }
        if let Some(lines) = publications.get(n.id.as_str()) {
            tip.push_str(lines);
        }
        stmts.push(Stmt::Node(Node::new(
            NodeId(Id::Escaped(quote(&n.id)), None),
            vec![
                attr("label", &text),
                attr("shape", shape),
                attr("fillcolor", color),
                attr("tooltip", &tip),
            ],
        )));
    }
    for (&(f, e, t), _) in edges.iter().zip(&keep_edge).filter(|(_, &k)| k) {
        let mut label = e.rel.to_string();
        for (k, v) in &e.properties {
            label.push_str(&format!("\n{k}: {v}"));
        }
        let mut tip = format!(
            "{} -[{}]-> {} (confidence {:.2}; {} of {} sentences kept)",
            f.name,
            e.rel,
            t.name,
            e.confidence(),
            e.evidence.len(),
            e.evidence_total
        );
        for (i, ev) in e.evidence.iter().enumerate() {
            let line = format!("\n[{}:{}-{}] {}", ev.document, ev.start, ev.end, ev.text);
            if tip.chars().count() + line.chars().count() > TOOLTIP_LIMIT {
                tip.push_str(&format!("\n… and {} more", e.evidence.len() - i));
                break;
            }
            tip.push_str(&line);
        }
        let mut attrs = vec![
            attr("label", &label),
            attr("tooltip", &tip),
            attr("labeltooltip", &tip),
        ];
        if e.hedged() {
            attrs.push(attr("style", "dashed"));
        }
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(Id::Escaped(quote(&f.id)), None)),
                Vertex::N(NodeId(Id::Escaped(quote(&t.id)), None)),
            ),
            attributes: attrs,
        }));
    }
    labels_present.sort();
    let mut legend = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
        attr("label", "Legend"),
        attr("style", "rounded"),
        attr("color", "#999999"),
    ]))];
    for l in &labels_present {
        let (shape, color) = style(*l);
        legend.push(Stmt::Node(Node::new(
            NodeId(Id::Escaped(quote(&format!("legend:{l}"))), None),
            vec![
                attr("label", l.as_str()),
                attr("shape", shape),
                attr("fillcolor", color),
            ],
        )));
    }
    if labels_present.iter().any(|_| true) {
        legend.push(Stmt::Node(Node::new(
            NodeId(Id::Escaped(quote("legend:hedged")), None),
            vec![
                attr("label", "dashed edge = hedged"),
                attr("shape", "plaintext"),
                attr("style", ""),
            ],
        )));
    }
    stmts.push(Stmt::Subgraph(Subgraph {
        id: Id::Plain("cluster_legend".into()),
        stmts: legend,
    }));
    Graph::DiGraph {
        id: Id::Escaped(quote("kgpipe")),
        strict: false,
        stmts,
    }
}

/// The graph's title, saying what a summary view leaves out.
fn title(
    kg: &KnowledgeGraph,
    nodes: &std::collections::BTreeSet<&str>,
    edges: &[(
        &crate::graph::Node,
        &crate::graph::Edge,
        &crate::graph::Node,
    )],
    keep_edge: &[bool],
) -> String {
    let entities = kg
        .nodes()
        .iter()
        .filter(|n| n.label != Label::Article)
        .count();
    let drawable = edges
        .iter()
        .filter(|(f, e, t)| {
            shown(e.rel) && nodes.contains(f.id.as_str()) && nodes.contains(t.id.as_str())
        })
        .count();
    let drawn = keep_edge.iter().filter(|k| **k).count();
    let mut parts = Vec::new();
    if nodes.len() < entities {
        parts.push(format!(
            "the {} most connected of {entities} entities",
            nodes.len()
        ));
    }
    if drawn < drawable {
        parts.push(format!(
            "the {drawn} strongest of their {drawable} relationships"
        ));
    }
    if parts.is_empty() {
        "kgpipe knowledge graph".to_string()
    } else {
        format!(
            "kgpipe knowledge graph: {} (all are in the CSV and JSON-LD)",
            parts.join(", ")
        )
    }
}

/// The DOT text.
pub fn to_dot(kg: &KnowledgeGraph) -> String {
    let mut text = to_graph(kg).print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// `graph.dot`, and `graph.svg` rendered by Graphviz when a timeout is given and `dot` is
/// installed.
pub struct Dot {
    svg_timeout: Option<Duration>,
}

impl Dot {
    pub fn new(svg_timeout: Option<Duration>) -> Self {
        Dot { svg_timeout }
    }
}

impl super::Exporter for Dot {
    fn export(&self, kg: &KnowledgeGraph, sink: &mut dyn Sink) -> Result<()> {
        let text = to_dot(kg);
        let mut file = sink.create("graph.dot")?;
        file.put(text.as_bytes())?;
        file.finish()?;
        let Some(timeout) = self.svg_timeout else {
            return Ok(());
        };
        match render_svg(&text, timeout)? {
            Rendered::Svg(svg, note) => {
                let mut file = sink.create("graph.svg")?;
                file.put(&svg)?;
                file.finish()?;
                if let Some(note) = note {
                    sink.warn(note);
                }
            }
            Rendered::Skipped(why) => sink.warn(why),
        }
        Ok(())
    }
}

/// What Graphviz gave: the SVG (and what it printed on stderr, if anything), or why there is
/// none.
enum Rendered {
    Svg(Vec<u8>, Option<String>),
    Skipped(String),
}

/// Runs Graphviz's `dot` on `text` for at most `timeout`. A missing `dot` or a timeout skips
/// the picture (the child is killed); a failed rendering is an error.
fn render_svg(text: &str, timeout: Duration) -> Result<Rendered> {
    let mut command = Command::new("dot");
    command
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    die_with_parent(&mut command);
    let Ok(mut child) = command.spawn() else {
        return Ok(Rendered::Skipped(
            "graph.dot written; graph.svg skipped: Graphviz's `dot` is not installed".into(),
        ));
    };
    let feeder = child.stdin.take().map(|mut stdin| {
        let text = text.to_string();
        std::thread::spawn(move || std::io::Write::write_all(&mut stdin, text.as_bytes()))
    });
    let stdout = child.stdout.take().map(read_all_in_background);
    let stderr = child.stderr.take().map(read_all_in_background);
    let status = child
        .wait_timeout(timeout)
        .map_err(|e| Error::Export(format!("waiting for graphviz: {e}")))?;
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        return Ok(Rendered::Skipped(format!(
            "graph.dot written; graph.svg skipped: Graphviz's `dot` took longer than {} s (--dot-timeout) and was stopped",
            timeout.as_secs_f64()
        )));
    };
    let _ = feeder.map(std::thread::JoinHandle::join);
    let svg = stdout.and_then(|h| h.join().ok()).unwrap_or_default();
    let stderr = stderr.and_then(|h| h.join().ok()).unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr).trim().to_string();
    if !status.success() {
        return Err(Error::Export(format!(
            "graphviz could not render graph.dot: {stderr}"
        )));
    }
    let note = (!stderr.is_empty()).then(|| format!("graphviz: {stderr}"));
    Ok(Rendered::Svg(svg, note))
}

fn read_all_in_background(
    mut from: impl std::io::Read + Send + 'static,
) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = from.read_to_end(&mut bytes);
        bytes
    })
}

/// Makes the kernel kill the child when kgpipe ends, however it ends (Linux).
#[cfg(target_os = "linux")]
fn die_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure only calls async-signal-safe functions (prctl, getppid).
    unsafe {
        let parent = libc::getpid();
        command.pre_exec(move || {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            if libc::getppid() != parent {
                libc::_exit(1);
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_: &mut Command) {}

/// For each publisher, the articles it published (title, date, URL) as tooltip lines: the
/// picture leaves Articles out, so their metadata reaches it here.
fn publications(kg: &KnowledgeGraph) -> std::collections::BTreeMap<&str, String> {
    let mut out: std::collections::BTreeMap<&str, String> = std::collections::BTreeMap::new();
    for (article, e, publisher) in kg.edges() {
        if e.rel != RelType::PUBLISHED_BY {
            continue;
        }
        let lines = out.entry(publisher.id.as_str()).or_default();
        if lines.ends_with('…') {
            continue;
        }
        let date = article.date.and_then(|d| d.iso()).unwrap_or_default();
        let url = article.url.as_deref().unwrap_or_default();
        let line = format!("\npublished: {} {date} {url}", article.name);
        if lines.chars().count() + line.chars().count() > TOOLTIP_LIMIT / 2 {
            lines.push_str("\n…");
        } else {
            lines.push_str(line.trim_end());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn big_graphs_are_drawn_as_a_summary_of_the_most_connected_nodes() {
        use crate::graph::{KnowledgeGraph, Node};
        use crate::ontology::{Label, RelType};
        let mut kg = KnowledgeGraph::default();
        let node = |i: usize| Node::new(format!("place:p{i:04}"), Label::Place, format!("P{i}"));
        let hub = kg.add_node(node(0));
        for i in 1..400 {
            let n = kg.add_node(node(i));
            if i % 2 == 0 {
                kg.add_edge(n, hub, RelType::LOCATED_IN, Default::default(), None);
            }
        }
        let keep = super::summary_nodes(&kg, 250);
        assert_eq!(keep.len(), 250);
        assert!(
            keep.contains("place:p0000")
                && keep.contains("place:p0398")
                && !keep.contains("place:p0399")
        );
        let dot = super::to_dot(&kg);
        assert!(dot.contains("the 300 most connected of 400 entities"));
    }

    #[test]
    fn quote_escapes_quotes_backslashes_and_newlines() {
        assert_eq!(quote("a\"b\\c\nd\re"), "\"a\\\"b\\\\c\\nde\"");
        assert_eq!(quote("Zoë: 東京"), "\"Zoë: 東京\"");
    }
}
