//! Place names under the configured synonym table (`place_synonyms`): every spelling of a group
//! ("U.S.", "US", "America") joins one cluster named by the group's canonical name, so the
//! spellings are one node in an article and, keyed by that name, across articles.

use super::document::DocResolver;
use super::keys::{name_key, ClusterKey};
use crate::ontology::Label;

impl DocResolver<'_> {
    /// The cluster key and name of a name mention: a Place of the synonym table by its group's
    /// canonical name, any other name by its own text.
    pub(super) fn name_cluster(&self, label: Label, text: &str) -> (ClusterKey, String) {
        let canonical = (label == Label::Place)
            .then(|| self.config.place_synonyms.canonical(text))
            .flatten();
        let name = canonical.unwrap_or(text);
        (ClusterKey::Name(label, name_key(name)), name.to_string())
    }
}
