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

mod view;

pub use view::{overview, shown, view, EdgeRef, Focus, Kind, Limits, View};

/// Largest number of entities drawn; a bigger graph is drawn as a connected summary (see
/// [`view`]), with the title saying so.
pub const MAX_NODES: usize = 300;

/// Largest number of relationships drawn; beyond it, those joining the drawn entities and
/// then the strongest are kept (by confidence, then evidence found, then position), with the
/// title saying so.
pub const MAX_EDGES: usize = 1000;

/// The caps of every view.
pub const LIMITS: Limits = Limits {
    whole_nodes: MAX_NODES,
    whole_edges: MAX_EDGES,
    nodes: SUMMARY_NODES,
    edges: SUMMARY_EDGES,
};

/// Entities and relationships of a summary or focus view: fewer than [`MAX_NODES`], so that a
/// force layout of them stays readable.
pub const SUMMARY_NODES: usize = 150;
pub const SUMMARY_EDGES: usize = 300;

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

/// Graph attributes: the title, and the layout of the view. The whole graph is laid out in
/// ranks left to right; a summary or a focus, which can have hundreds of entities, is laid
/// out by force (sfdp) with overlaps removed, which keeps it compact at any size.
fn graph_attributes(kind: &Kind, title: &str) -> Stmt {
    let attrs = match kind {
        Kind::Whole => vec![
            attr("rankdir", "LR"),
            attr("fontname", "Helvetica"),
            attr("label", title),
            attr("labelloc", "t"),
            attr("nodesep", "0.3"),
            attr("ranksep", "0.8"),
        ],
        Kind::Summary | Kind::Focus { .. } => [
            attr("fontname", "Helvetica"),
            attr("label", title),
            attr("labelloc", "t"),
        ]
        .into_iter()
        .chain(LARGE_LAYOUT.iter().map(|(k, v)| attr(k, v)))
        .collect(),
    };
    Stmt::GAttribute(GraphAttributes::Graph(attrs))
}

/// Layout of a summary or focus view.
const LARGE_LAYOUT: [(&str, &str); 5] = [
    ("layout", "sfdp"),
    ("overlap", "prism"),
    ("splines", "false"),
    ("outputorder", "edgesfirst"),
    ("fontsize", "20"),
];

/// The DOT graph of the view `v` of `kg` (`edges` as `kg.edges()` gives them), as
/// graphviz-rust structures.
pub fn to_graph(kg: &KnowledgeGraph, edges: &[EdgeRef], v: &View) -> Graph {
    let shown_nodes = &v.nodes;
    let keep_edge = &v.keep_edge;
    let labels_present: Vec<Label> = shown_nodes
        .iter()
        .filter_map(|id| kg.node(id))
        .map(|n| n.label)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut title = title(kg, v);
    if v.kind != Kind::Whole {
        title.push('\n');
        title.push_str(&legend_text(&labels_present));
    }
    let mut stmts = vec![
        graph_attributes(&v.kind, &title),
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
    for n in kg.nodes() {
        if n.label == Label::Article || !shown_nodes.contains(n.id.as_str()) {
            continue;
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
    for (&(f, e, t), _) in edges.iter().zip(keep_edge).filter(|(_, &k)| k) {
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
            let line = format!(
                "\n[{}:{}-{}] {}",
                ev.document(),
                ev.start(),
                ev.end(),
                ev.text()
            );
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
    if v.kind == Kind::Whole {
        stmts.push(legend_cluster(&labels_present));
    }
    Graph::DiGraph {
        id: Id::Escaped(quote("kgpipe")),
        strict: false,
        stmts,
    }
}

/// The legend of the whole view: a cluster with one node per label drawn.
fn legend_cluster(labels: &[Label]) -> Stmt {
    let mut legend = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
        attr("label", "Legend"),
        attr("style", "rounded"),
        attr("color", "#999999"),
    ]))];
    for l in labels {
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
    if !labels.is_empty() {
        legend.push(Stmt::Node(Node::new(
            NodeId(Id::Escaped(quote("legend:hedged")), None),
            vec![
                attr("label", "dashed edge = hedged"),
                attr("shape", "plaintext"),
                attr("style", ""),
            ],
        )));
    }
    Stmt::Subgraph(Subgraph {
        id: Id::Plain("cluster_legend".into()),
        stmts: legend,
    })
}

/// The legend of a force-laid-out view, as a title line (sfdp does not keep a cluster
/// together).
fn legend_text(labels: &[Label]) -> String {
    let mut parts: Vec<String> = labels
        .iter()
        .map(|l| format!("{l}: {} {}", colour_name(*l), style(*l).0))
        .collect();
    parts.push("dashed edge: hedged".into());
    parts.join(" · ")
}

fn colour_name(label: Label) -> &'static str {
    match label {
        Label::Person => "blue",
        Label::Show => "yellow",
        Label::Place => "green",
        Label::Event => "pink",
        Label::Organization => "purple",
        Label::Article => "grey",
    }
}

/// The graph's title, saying what the view leaves out.
fn title(kg: &KnowledgeGraph, v: &View) -> String {
    let drawn = v.keep_edge.iter().filter(|k| **k).count();
    let mut parts = Vec::new();
    match &v.kind {
        Kind::Whole => {}
        Kind::Summary => parts.push(format!(
            "a connected summary, the {} most connected of {} entities",
            v.nodes.len(),
            v.entities
        )),
        Kind::Focus { ids, depth } => {
            let names: Vec<String> = ids
                .iter()
                .filter_map(|id| kg.node(id))
                .map(|n| format!("{} ({})", n.name, n.id))
                .collect();
            let nearest = if v.nodes.len() < v.reached {
                format!("the {} nearest of ", v.nodes.len())
            } else {
                String::new()
            };
            let plural = if *depth == 1 { "" } else { "s" };
            parts.push(format!(
                "{nearest}the {} entities at most {depth} relationship{plural} from {}",
                v.reached,
                names.join(" and ")
            ));
        }
    }
    if drawn < v.drawable {
        parts.push(format!(
            "the {drawn} strongest of their {} relationships",
            v.drawable
        ));
    }
    if parts.is_empty() {
        "kgpipe knowledge graph".to_string()
    } else {
        format!(
            "kgpipe knowledge graph: {} (all are in the CSV, JSON-LD and GraphML)",
            parts.join(", ")
        )
    }
}

/// The DOT text of the whole graph, or of its summary when it is big.
pub fn to_dot(kg: &KnowledgeGraph) -> String {
    let edges = kg.edges();
    print(&to_graph(kg, &edges, &overview(kg, &edges, &LIMITS)))
}

/// The DOT text of the focus's neighbourhood, or as [`to_dot`] without one; an unknown focus
/// name is a usage error.
pub fn to_dot_focused(kg: &KnowledgeGraph, focus: Option<&Focus>) -> Result<String> {
    let edges = kg.edges();
    let v = view(kg, &edges, focus, &LIMITS)?;
    Ok(print(&to_graph(kg, &edges, &v)))
}

fn print(graph: &Graph) -> String {
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// `graph.dot`, and `graph.svg` rendered by Graphviz when a timeout is given and `dot` is
/// installed.
pub struct Dot {
    svg_timeout: Option<Duration>,
    focus: Option<Focus>,
}

impl Dot {
    pub fn new(svg_timeout: Option<Duration>, focus: Option<Focus>) -> Self {
        Dot { svg_timeout, focus }
    }
}

impl super::Exporter for Dot {
    fn export(&self, kg: &KnowledgeGraph, sink: &mut dyn Sink) -> Result<()> {
        let text = to_dot_focused(kg, self.focus.as_ref())?;
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
    fn big_graphs_are_drawn_as_a_connected_summary_with_their_edges() {
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
        let edges = kg.edges();
        let keep = super::overview(&kg, &edges, &super::Limits::new(300, 250, 1000)).nodes;
        assert_eq!(keep.len(), 250);
        assert!(
            keep.contains("place:p0000")
                && keep.contains("place:p0398")
                && !keep.contains("place:p0399")
        );
        let dot = super::to_dot(&kg);
        assert!(
            dot.contains("the 150 most connected of 400 entities"),
            "{dot}"
        );
        assert_eq!(dot.matches(" -> ").count(), 149, "every edge among them");
        assert!(dot.contains("layout=\"sfdp\""));
    }

    #[test]
    fn quote_escapes_quotes_backslashes_and_newlines() {
        assert_eq!(quote("a\"b\\c\nd\re"), "\"a\\\"b\\\\c\\nde\"");
        assert_eq!(quote("Zoë: 東京"), "\"Zoë: 東京\"");
    }
}
