//! kgpipe builds a knowledge graph from news articles and exports it as Neo4j admin-import
//! CSV, Graphviz DOT and JSON-LD.
//!
//! Stages, one module each, data flowing one way:
//! [`ingest`] → [`extract`] → [`resolve`] → [`graph`] → [`validate`] → [`export`].
//! [`build`] runs them all; [`score`] compares an exported graph with a gold graph.
//! [`output`] owns the output folders: it replaces only folders kgpipe wrote itself, one
//! writer at a time, through an atomic swap.
//!
//! ```no_run
//! use kgpipe::{build, BuildOptions};
//! let summary = build(&BuildOptions::new("input", "output")).unwrap();
//! println!("{} nodes", summary.nodes.values().sum::<usize>());
//! ```

mod busy;
pub mod config;
pub mod corpus;
pub mod date;
pub mod error;
pub mod evidence;
pub mod explain;
pub mod export;
pub mod extract;
pub mod fuzz;
pub mod graph;
pub mod ingest;
pub mod nlp;
pub mod ontology;
pub mod oom;
pub mod progress;
pub mod push;
pub mod report;
pub mod resolve;
pub mod score;
pub mod validate;

pub mod output;
mod pipeline;

pub use error::{Error, Result};
pub use export::Format;
pub use extract::model::ExtractorKind;
pub use pipeline::{
    batches, build, build_graph, build_graph_with, BuildOptions, Built, Limits, Stats, Summary,
    BATCH_BYTES, DEFAULT_DOT_TIMEOUT,
};
pub use progress::ProgressMode;
