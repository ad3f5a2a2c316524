//! The fixed model: node labels, relationship types and which labels each type may connect.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A node label of the ontology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Label {
    Person,
    Show,
    Place,
    Event,
    Organization,
    Article,
}

impl Label {
    pub const ALL: [Label; 6] = [
        Label::Person,
        Label::Show,
        Label::Place,
        Label::Event,
        Label::Organization,
        Label::Article,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Person => "Person",
            Label::Show => "Show",
            Label::Place => "Place",
            Label::Event => "Event",
            Label::Organization => "Organization",
            Label::Article => "Article",
        }
    }

    pub fn parse(s: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A relationship type of the ontology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub enum RelType {
    INJURED_IN,
    INSPIRED_BY,
    FILMED,
    ACTED_IN,
    OCCURRED_AT,
    LOCATED_IN,
    RELATIVE_OF,
    SAVED,
    ATTENDED,
    AIRS_ON,
    PREMIERE_OF,
    WORKS_WITH,
    MENTIONS,
    PUBLISHED_BY,
}

impl RelType {
    pub const ALL: [RelType; 14] = [
        RelType::INJURED_IN,
        RelType::INSPIRED_BY,
        RelType::FILMED,
        RelType::ACTED_IN,
        RelType::OCCURRED_AT,
        RelType::LOCATED_IN,
        RelType::RELATIVE_OF,
        RelType::SAVED,
        RelType::ATTENDED,
        RelType::AIRS_ON,
        RelType::PREMIERE_OF,
        RelType::WORKS_WITH,
        RelType::MENTIONS,
        RelType::PUBLISHED_BY,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RelType::INJURED_IN => "INJURED_IN",
            RelType::INSPIRED_BY => "INSPIRED_BY",
            RelType::FILMED => "FILMED",
            RelType::ACTED_IN => "ACTED_IN",
            RelType::OCCURRED_AT => "OCCURRED_AT",
            RelType::LOCATED_IN => "LOCATED_IN",
            RelType::RELATIVE_OF => "RELATIVE_OF",
            RelType::SAVED => "SAVED",
            RelType::ATTENDED => "ATTENDED",
            RelType::AIRS_ON => "AIRS_ON",
            RelType::PREMIERE_OF => "PREMIERE_OF",
            RelType::WORKS_WITH => "WORKS_WITH",
            RelType::MENTIONS => "MENTIONS",
            RelType::PUBLISHED_BY => "PUBLISHED_BY",
        }
    }

    pub fn parse(s: &str) -> Option<RelType> {
        RelType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The labels allowed at the start and at the end of this type.
    pub fn signature(self) -> (&'static [Label], &'static [Label]) {
        use Label::*;
        const ENTITY: &[Label] = &[Person, Show, Place, Event, Organization];
        match self {
            RelType::INJURED_IN | RelType::ATTENDED => (&[Person], &[Event]),
            RelType::INSPIRED_BY => (&[Person], &[Person, Event, Show]),
            RelType::FILMED | RelType::ACTED_IN => (&[Person], &[Show]),
            RelType::OCCURRED_AT => (&[Event], &[Place]),
            RelType::LOCATED_IN => (&[Place], &[Place]),
            RelType::RELATIVE_OF | RelType::SAVED | RelType::WORKS_WITH => (&[Person], &[Person]),
            RelType::AIRS_ON => (&[Show], &[Organization]),
            RelType::PREMIERE_OF => (&[Event], &[Show]),
            RelType::MENTIONS => (&[Article], ENTITY),
            RelType::PUBLISHED_BY => (&[Article], &[Organization]),
        }
    }

    /// Provenance types carry no sentence evidence.
    pub fn needs_evidence(self) -> bool {
        !matches!(self, RelType::MENTIONS | RelType::PUBLISHED_BY)
    }

    pub fn allows(self, from: Label, to: Label) -> bool {
        let (f, t) = self.signature();
        f.contains(&from) && t.contains(&to)
    }
}

impl fmt::Display for RelType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
