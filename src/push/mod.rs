//! `kgpipe push`: writes the graph into a running database over Bolt (Neo4j, or FalkorDB's
//! Bolt port): id constraints or indexes first, then batched `UNWIND … MERGE` of the nodes and
//! the relationships keyed on `id`, so pushing twice changes nothing.
//!
//! Neo4j gets the rows as a `$rows` parameter. FalkorDB's Bolt front end pastes parameters into
//! a fixed 4 KiB buffer without escaping quotes, so for it the rows go as list literals in the
//! statement text; it is told apart by `CALL dbms.components()`, which only Neo4j answers.

pub(crate) mod cypher;
mod server;

use crate::graph::KnowledgeGraph;
use crate::ontology::{Label, RelType};
use crate::progress::ProgressMode;
use cypher::{Batch, Target};
use server::Server;
pub use server::Target as Destination;
use std::collections::BTreeMap;

/// Why a push failed (exit code 6).
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("{uri}: not a Bolt URI: {reason} (give bolt://HOST:PORT)")]
    Uri { uri: String, reason: String },
    #[error("{uri}: cannot connect: {reason} (is the server running and its Bolt port open?)")]
    Connect { uri: String, reason: String },
    #[error("{uri}: the server refused the credentials of user {user:?}{}: {reason}",
        if *with_password { "" } else { " (no password given: pass --password-env VAR)" })]
    Credentials {
        uri: String,
        user: String,
        with_password: bool,
        reason: String,
    },
    #[error("{uri}: FalkorDB's Bolt port always writes the graph `falkordb`; it cannot select database {database:?} (leave out --database)")]
    Database { uri: String, database: String },
    #[error("{uri}: writing {what} failed: {reason}")]
    Statement {
        uri: String,
        what: String,
        reason: String,
    },
}

/// The graph FalkorDB's Bolt port writes, whatever database the client names.
pub const FALKORDB_GRAPH: &str = "falkordb";

/// The statement dialect of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Rows as parameters; uniqueness constraints.
    Neo4j,
    /// Rows as literals; plain indexes.
    FalkorDb,
}

/// How `id` got indexed for one label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schema {
    /// `CREATE CONSTRAINT … REQUIRE n.id IS UNIQUE` (created or already there).
    Constraint,
    /// `CREATE INDEX … ON (n.id)` (created or already there), after the constraint failed.
    Index,
    /// Neither worked; the push goes on without (slower MATCH, no uniqueness check).
    None(String),
}

/// What a push did.
#[derive(Debug, Clone)]
pub struct PushSummary {
    pub dialect: Dialect,
    pub schema: BTreeMap<Label, Schema>,
    /// Rows merged per label and per type.
    pub nodes: BTreeMap<Label, i64>,
    pub relationships: BTreeMap<RelType, i64>,
    /// What the database holds afterwards, per label and per type.
    pub stored_nodes: BTreeMap<Label, i64>,
    pub stored_relationships: BTreeMap<RelType, i64>,
}

/// Pushes `kg` to the server at `to`.
pub fn push(
    kg: &KnowledgeGraph,
    to: &Destination,
    progress: ProgressMode,
) -> Result<PushSummary, PushError> {
    let mut server = Server::connect(to)?;
    let dialect = settle_dialect(&mut server, to)?;
    let labels: Vec<Label> = kg.count_by_label().into_keys().collect();
    let schema = labels.iter().map(|&l| (l, index_ids(&server, l))).collect();
    let mut summary = PushSummary {
        dialect,
        schema,
        nodes: BTreeMap::new(),
        relationships: BTreeMap::new(),
        stored_nodes: BTreeMap::new(),
        stored_relationships: BTreeMap::new(),
    };
    write_all(
        &server,
        &cypher::batches(kg),
        progress,
        &mut summary,
        &to.uri,
    )?;
    count_stored(&server, kg, &mut summary, &to.uri)?;
    Ok(summary)
}

/// The server's dialect; refuses a database FalkorDB cannot select.
fn settle_dialect(server: &mut Server, to: &Destination) -> Result<Dialect, PushError> {
    let dialect = detect_dialect(server);
    match (dialect, &to.database) {
        (Dialect::Neo4j, _) => server.set_neo4j(),
        (Dialect::FalkorDb, Some(db)) if db != FALKORDB_GRAPH => {
            return Err(PushError::Database {
                uri: to.uri.clone(),
                database: db.clone(),
            })
        }
        (Dialect::FalkorDb, _) => {}
    }
    Ok(dialect)
}

/// Writes every batch in order, counting rows merged per label and type, with a progress bar.
fn write_all(
    server: &Server,
    batches: &[Batch],
    progress: ProgressMode,
    summary: &mut PushSummary,
    uri: &str,
) -> Result<(), PushError> {
    let bar = bar(progress, batches);
    for batch in batches {
        let written = write_batch(server, summary.dialect, batch, uri)?;
        match batch.target {
            Target::Nodes(l) => *summary.nodes.entry(l).or_default() += written,
            Target::Relationships(r, ..) => *summary.relationships.entry(r).or_default() += written,
        }
        bar.inc(batch.rows.len() as u64);
    }
    bar.finish_and_clear();
    Ok(())
}

fn detect_dialect(server: &Server) -> Dialect {
    match server.try_run("CALL dbms.components() YIELD name RETURN count(name) AS count") {
        Ok(()) => Dialect::Neo4j,
        Err(_) => Dialect::FalkorDb,
    }
}

/// The uniqueness constraint, else the plain index; an index that already exists is fine
/// (FalkorDB refuses to create it again, with an error text the driver loses, so it is looked up).
fn index_ids(server: &Server, label: Label) -> Schema {
    let constraint = match server.try_run(&cypher::constraint_statement(label)) {
        Ok(()) => return Schema::Constraint,
        Err(e) => e,
    };
    let index = match server.try_run(&cypher::index_statement(label)) {
        Ok(()) => return Schema::Index,
        Err(e) => e,
    };
    match server.run(&cypher::index_exists_statement(label), None) {
        Ok(n) if n > 0 => Schema::Index,
        _ => Schema::None(format!("constraint: {constraint}; index: {index}")),
    }
}

fn write_batch(
    server: &Server,
    dialect: Dialect,
    batch: &Batch,
    uri: &str,
) -> Result<i64, PushError> {
    let result = match dialect {
        Dialect::Neo4j => server.run(
            &cypher::write_statement(batch.target, "$rows"),
            Some(server::rows_value(&batch.rows)),
        ),
        Dialect::FalkorDb => server.run(
            &cypher::write_statement(batch.target, &cypher::rows_literal(&batch.rows)),
            None,
        ),
    };
    result.map_err(|e| PushError::Statement {
        uri: uri.to_string(),
        what: describe(batch),
        reason: server::message(&e),
    })
}

fn describe(batch: &Batch) -> String {
    let first = batch
        .rows
        .first()
        .map(|r| r.keys[0].1.as_str())
        .unwrap_or("");
    match batch.target {
        Target::Nodes(l) => format!("{} {l} nodes from {first}", batch.rows.len()),
        Target::Relationships(r, a, b) => format!(
            "{} {r} relationships ({a} → {b}) from {first}",
            batch.rows.len()
        ),
    }
}

fn count_stored(
    server: &Server,
    kg: &KnowledgeGraph,
    summary: &mut PushSummary,
    uri: &str,
) -> Result<(), PushError> {
    let failed = |what: String| {
        move |e: Box<neo4j::Neo4jError>| PushError::Statement {
            uri: uri.to_string(),
            what,
            reason: server::message(&e),
        }
    };
    for label in kg.count_by_label().into_keys() {
        let n = server
            .run(&cypher::count_nodes_statement(label), None)
            .map_err(failed(format!("counting {label} nodes")))?;
        summary.stored_nodes.insert(label, n);
    }
    for rel in kg.count_by_type().into_keys() {
        let n = server
            .run(&cypher::count_rels_statement(rel), None)
            .map_err(failed(format!("counting {rel} relationships")))?;
        summary.stored_relationships.insert(rel, n);
    }
    Ok(())
}

fn bar(mode: ProgressMode, batches: &[Batch]) -> indicatif::ProgressBar {
    let rows: usize = batches.iter().map(|b| b.rows.len()).sum();
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(rows as u64),
        crate::progress::draw_target(mode),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "push [{elapsed_precise}] [{bar:30}] {pos}/{len} rows ETA {eta}",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    bar
}

/// The summary as `kgpipe push` prints it.
pub fn report(s: &PushSummary, uri: &str) -> String {
    let mut out = format!(
        "kgpipe: pushed to {uri} ({} dialect: rows {})\n",
        match s.dialect {
            Dialect::Neo4j => "Neo4j",
            Dialect::FalkorDb => "FalkorDB",
        },
        match s.dialect {
            Dialect::Neo4j => "as $rows parameters",
            Dialect::FalkorDb => "as list literals",
        }
    );
    out.push_str("ids:\n");
    for (label, schema) in &s.schema {
        let how = match schema {
            Schema::Constraint => "uniqueness constraint".to_string(),
            Schema::Index => "index (no uniqueness constraint on this server)".to_string(),
            Schema::None(why) => format!("no index: {why}"),
        };
        out.push_str(&format!("  {:<14} {how}\n", label.as_str()));
    }
    out.push_str("nodes:           merged  in database\n");
    for (label, n) in &s.nodes {
        let stored = s.stored_nodes.get(label).copied().unwrap_or(0);
        out.push_str(&format!("  {:<14} {n:>7} {stored:>12}\n", label.as_str()));
    }
    out.push_str("relationships:   merged  in database\n");
    for (rel, n) in &s.relationships {
        let stored = s.stored_relationships.get(rel).copied().unwrap_or(0);
        out.push_str(&format!("  {:<14} {n:>7} {stored:>12}\n", rel.as_str()));
    }
    out
}
