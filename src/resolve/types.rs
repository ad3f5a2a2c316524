//! The resolved model that later stages read: entities, relations with their evidence, documents and the merge report.

use crate::date::PartialDate;
use crate::ontology::{Label, RelType};
use std::collections::{BTreeMap, BTreeSet};

/// One entity after resolution.
#[derive(Debug, Clone)]
pub struct Entity {
    pub label: Label,
    pub name: String,
    pub aliases: BTreeSet<String>,
    pub lexicon: Option<usize>,
    pub date: Option<PartialDate>,
    pub date_phrases: BTreeSet<String>,
    pub documents: BTreeSet<String>,
    pub mentions: usize,
    /// Named only by a tie to another entity ("Jeremy Renner's nephew").
    pub role_derived: bool,
    /// Candidate names, with the number of documents that use each.
    pub names: BTreeMap<String, usize>,
    /// Every dated reading of an event, before the vote that sets `date`.
    pub date_readings: Vec<(PartialDate, String)>,
}

pub use crate::evidence::{Evidence, Sentence};

#[derive(Debug, Clone)]
pub struct Relation {
    pub rel: RelType,
    pub from: usize,
    pub to: usize,
    pub properties: BTreeMap<String, String>,
    pub evidence: Evidence,
}

/// An input document as it appears in the graph.
#[derive(Debug, Clone)]
pub struct DocumentInfo {
    pub id: String,
    pub date: Option<PartialDate>,
    pub headline: Option<String>,
    /// Where the article was published, as its input gave it.
    pub url: Option<String>,
    /// The outlet that published it, as its input named it.
    pub publisher: Option<String>,
    pub entities: BTreeSet<usize>,
}

/// Why a surface form was attached to an entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MergeRecord {
    pub document: String,
    pub surface: String,
    pub label: String,
    pub entity: String,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Resolution {
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
    pub documents: Vec<DocumentInfo>,
    pub merges: super::merge_log::MergeLog,
    pub warnings: Vec<String>,
}
