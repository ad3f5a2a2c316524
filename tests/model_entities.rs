//! Entity typing of the model extractor on an article of our own words: organisation words
//! ending names (also across "and"), awards left out, characters named by "roles such as" and
//! by an actor in parentheses, and a show named before its star; facilities as places, a name
//! described with "his" as a person, and a name listed with a show as a show,
//! a title of two names joined by "in"; a headline without a full stop, a role shouted
//! before a name, words for peoples, digit-led company names, titles opened by a capitalised
//! preposition, authors after "written by" and services streamed "on".

mod common;

const ARTICLE: &str = "Storm delays a harbour drama\n\n\
    Filming of the drama Salt and Iron stopped on Friday near Fenwick after a storm, the Kestrel \
    Valley Troopers said. The series is made by Ardent Safety and Rescue Productions.\n\n\
    Nadia Oyelaran, who leads the cast, won the Harlow Reed Award last year. Her career \
    includes roles such as Captain Ellis Vane in Deep Orchard.\n\n\
    Lantern Row star Colm Ardery joins the cast as well. In the series, Mayor Rook Dunmore \
    (Colm Ardery) runs the town.\n";

#[test]
fn model_extractor_types_names_by_their_words_and_surroundings() {
    let (nodes, _) = common::model_export_of("902_entities.txt", ARTICLE);
    let labelled = |name: &str, label: &str| {
        nodes
            .iter()
            .any(|n| n.name == name && n.labels.iter().any(|l| l == label))
    };
    let named = |part: &str| nodes.iter().any(|n| n.name.contains(part));
    assert!(
        labelled("Kestrel Valley Troopers", "Organization"),
        "{nodes:#?}"
    );
    assert!(
        labelled("Ardent Safety and Rescue Productions", "Organization"),
        "{nodes:#?}"
    );
    assert!(!named("Award"), "an award is no node: {nodes:#?}");
    assert!(!named("Ellis Vane"), "a character is no node: {nodes:#?}");
    assert!(!named("Rook Dunmore"), "a character is no node: {nodes:#?}");
    assert!(labelled("Lantern Row", "Show"), "{nodes:#?}");
    assert!(labelled("Colm Ardery", "Person"), "{nodes:#?}");
    assert!(labelled("Nadia Oyelaran", "Person"), "{nodes:#?}");
}

const VENUES: &str = "Choir returns to the coast\n\n\
    The choir performed on Saturday at the Marrow Point Church, a short walk from the Kelvane \
    Naval Base. The evening was opened by Dunmorrow, best known for his work on radio.\n\n\
    Ossian Grell, 51, is remembered for roles in The Tallow Years and Yarrowmere. \
    Grell joined the Lantern in Harrowgate cast in May.\n";

/// The labels of the nodes built from one article of our own by the model extractor.
fn model_nodes(name: &str, text: &str) -> Vec<kgpipe::score::PredictedNode> {
    common::model_export_of(name, text).0
}

#[test]
fn model_extractor_types_facilities_described_people_and_listed_shows() {
    let nodes = model_nodes("903_venues.txt", VENUES);
    let labelled = |name: &str, label: &str| {
        nodes
            .iter()
            .any(|n| n.name == name && n.labels.iter().any(|l| l == label))
    };
    assert!(labelled("Marrow Point Church", "Place"), "{nodes:#?}");
    assert!(labelled("Kelvane Naval Base", "Place"), "{nodes:#?}");
    assert!(labelled("Dunmorrow", "Person"), "{nodes:#?}");
    assert!(labelled("Yarrowmere", "Show"), "{nodes:#?}");
    assert!(labelled("Lantern in Harrowgate", "Show"), "{nodes:#?}");
    assert!(!nodes.iter().any(|n| n.name == "Harrowgate"), "{nodes:#?}");
}

const SHOUTED: &str = " date 2024-02-03 Crowd Cheers As Roof Panel Lands Near Singer During Glasgow Show\n\
    Singer Maren Holloway was unhurt on Friday when a roof panel fell during her show at the \
    Corran Hall.\n\
    RIGGER Tobias Wrenfield, who checked the roof, said the panel had been fixed by 9V Productions.\n\
    The Norwegian singer thanked the crew of the venue.\n\
    Holloway is best known for the drama In Quiet Water, written by Elspeth Marrick.\n\
    The concert film streams on Harbourline from May.\n";

#[test]
fn model_extractor_keeps_headlines_shouted_roles_and_peoples_out_of_names() {
    let nodes = model_nodes("904_case.txt", SHOUTED);
    let labelled = |name: &str, label: &str| {
        nodes
            .iter()
            .any(|n| n.name == name && n.labels.iter().any(|l| l == label))
    };
    let named = |part: &str| nodes.iter().any(|n| n.name.contains(part));
    assert!(!named("\n"), "no name spans a line break: {nodes:#?}");
    assert!(labelled("Maren Holloway", "Person"), "{nodes:#?}");
    assert!(labelled("Tobias Wrenfield", "Person"), "{nodes:#?}");
    assert!(
        !named("RIGGER"),
        "a shouted role is no part of a name: {nodes:#?}"
    );
    assert!(!named("Norwegian"), "a people is no entity: {nodes:#?}");
    assert!(labelled("9V Productions", "Organization"), "{nodes:#?}");
    assert!(labelled("In Quiet Water", "Show"), "{nodes:#?}");
    assert!(labelled("Elspeth Marrick", "Person"), "{nodes:#?}");
    assert!(labelled("Harbourline", "Organization"), "{nodes:#?}");
}
