//! The place synonym table of `cues.toml` (`place_synonyms`): groups of names of one place
//! ("United States", "U.S.", "USA"), the first the canonical name. Checked at load: a group is
//! never empty and a name belongs to one group only.

use super::at;
use crate::error::Result;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// Each configured place name, by its synonym key, to the canonical name of its group.
#[derive(Debug, Clone, Default)]
pub struct PlaceSynonyms {
    canonical: BTreeMap<String, String>,
}

impl PlaceSynonyms {
    /// Reads the groups of `cues.toml` (`file` for messages).
    pub(crate) fn from_groups(
        file: (&Path, &str),
        groups: &[Spanned<Vec<String>>],
    ) -> Result<PlaceSynonyms> {
        let mut canonical: BTreeMap<String, String> = BTreeMap::new();
        for group in groups {
            let Some(first) = group.get_ref().first() else {
                return Err(at(file, group.span(), "empty place synonym group"));
            };
            for name in group.get_ref() {
                let key = synonym_key(name);
                if key.is_empty() {
                    return Err(at(file, group.span(), "place synonym with no letters"));
                }
                let other = canonical.insert(key, first.clone());
                if let Some(other) = other.filter(|o| o != first) {
                    let message = format!("place name {name:?} is also in the group of {other:?}");
                    return Err(at(file, group.span(), &message));
                }
            }
        }
        Ok(PlaceSynonyms { canonical })
    }

    /// The canonical name of the group `name` belongs to ("U.S." → "United States").
    pub fn canonical(&self, name: &str) -> Option<&str> {
        if self.canonical.is_empty() {
            return None;
        }
        self.canonical.get(&synonym_key(name)).map(String::as_str)
    }
}

/// A name without a leading "the", a possessive, periods or spaces, its case kept: "L.A."
/// and "LA" are one key, "La." (an abbreviation of a state) another.
fn synonym_key(name: &str) -> String {
    let name = name.trim().replace('’', "'");
    let name = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(&name);
    let name = name.strip_suffix("'s").unwrap_or(name);
    name.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(src: &str) -> Result<PlaceSynonyms> {
        #[derive(serde::Deserialize)]
        struct File {
            place_synonyms: Vec<Spanned<Vec<String>>>,
        }
        let file: File = toml::from_str(src).expect("toml");
        PlaceSynonyms::from_groups((Path::new("cues.toml"), src), &file.place_synonyms)
    }

    #[test]
    fn every_spelling_of_a_group_names_its_first_name() {
        let t = table(r#"place_synonyms = [["Ruritania", "R.R.", "RR"], ["Port Town", "PT"]]"#)
            .expect("valid");
        assert_eq!(t.canonical("R.R."), Some("Ruritania"));
        assert_eq!(t.canonical("RR"), Some("Ruritania"));
        assert_eq!(t.canonical("the Ruritania"), Some("Ruritania"));
        assert_eq!(t.canonical("P.T."), Some("Port Town"));
        assert_eq!(t.canonical("RR's"), Some("Ruritania"));
        assert_eq!(t.canonical("Port"), None);
        assert_eq!(t.canonical("Rr."), None, "case tells an abbreviation apart");
    }

    #[test]
    fn a_name_in_two_groups_or_an_empty_group_is_an_error() {
        let twice = table("place_synonyms = [\n[\"A Land\", \"AL\"],\n[\"A.L.\", \"B\"]]");
        let err = twice.expect_err("AL twice").to_string();
        assert!(err.contains("cues.toml:3"), "{err}");
        assert!(err.contains("\"A Land\""), "{err}");
        assert!(table("place_synonyms = [[]]").is_err());
    }
}
