//! Resolve: decides which mentions denote the same entity. Inside a document: names to the
//! lexicon or to their longest form ("Renner" → "Jeremy Renner"), role nominals and pronouns to
//! the salient person, first person in a quotation to its speaker, "his nephew" to one
//! role-defined person, appositions ("his daughter, Ava") to the name, event phrases to one
//! event. Across documents: by lexicon id, else by label and normalised name; never across
//! labels. Keeps a report of every merge and its reason.

mod dates;
mod document;
mod events;
mod finish;
mod keys;
mod merge;
mod merge_log;
mod names;
mod places;
mod pronouns;
mod shard;
mod ties;
mod types;

pub use keys::name_key;
pub use merge::Resolver;
pub use merge_log::MergeLog;
pub use types::{DocumentInfo, Entity, Evidence, MergeRecord, Relation, Resolution, Sentence};

use crate::config::Config;
use crate::extract::Extraction;
use crate::ontology::Label;
use document::{DocClusters, DocResolver};

/// Resolves mentions within each document, then merges entities across documents.
pub fn resolve(config: &Config, extractions: &[Extraction]) -> Resolution {
    let mut resolver = Resolver::new(config);
    let docs = extractions
        .iter()
        .map(|ex| (ex, resolve_document(config, ex)))
        .collect();
    resolver.add_batch(docs);
    resolver.finish()
}

/// One document resolved on its own: the part of resolution that can run in parallel.
pub struct DocumentResolution(DocClusters);

impl DocumentResolution {
    /// The entity mention `m` joined in its document and why: (cluster key, name, label,
    /// reason). For `kgpipe explain`.
    pub(crate) fn mention_entity(&self, m: usize) -> Option<(String, &str, Label, &'static str)> {
        let key = self.0.keys.get(m)?.as_ref()?;
        let cluster = self.0.clusters.get(key)?;
        let reason = self.0.reasons.get(m).copied().flatten().unwrap_or("");
        Some((key.to_string(), &cluster.name, cluster.label, reason))
    }
}

/// Resolves the mentions of one document (coreference inside it).
pub fn resolve_document(config: &Config, ex: &Extraction) -> DocumentResolution {
    DocumentResolution(DocResolver::new(config, ex).resolve())
}
