//! Persons of the model extractor on articles of our own words: a headline surname is the
//! person of the body who goes by it (not a relative called by a longer surname); real people
//! portrayed stay persons where the article gives facts of their lives, a role named by "as a
//! baker named X" does not; the person harmed in "the assault of X" is a person; a platform one
//! "took to" and a car after its year are no persons.

mod common;

use kgpipe::score::PredictedNode;

fn labelled(nodes: &[PredictedNode], name: &str, label: &str) -> bool {
    nodes
        .iter()
        .any(|n| n.name == name && n.labels.iter().any(|l| l == label))
}

const HEADLINE: &str = "Brandt walks the red carpet again\n\n\
    Tova Brandt arrived at the gala in Oslo on Friday with her husband, Ivo Marr Brandt. \
    Marr Brandt said the evening was a joy. Brandt thanked the crowd.\n";

#[test]
fn a_headline_surname_is_the_person_who_goes_by_it() {
    let (nodes, _) = common::model_export_of("910_headline.txt", HEADLINE);
    assert!(labelled(&nodes, "Tova Brandt", "Person"), "{nodes:#?}");
    assert!(
        !nodes.iter().any(|n| n.name == "Brandt"),
        "the surname is no node of its own: {nodes:#?}"
    );
    let tova = nodes.iter().find(|n| n.name == "Tova Brandt").unwrap();
    assert!(tova.aliases.iter().any(|a| a == "Brandt"), "{nodes:#?}");
}

const PORTRAYED: &str = "Drama recasts a farming family\n\n\
    Mira Stoltz will play Agnes Holm, who led the team. \
    Kai Dunmore will play Edda Lund, the mother of Ruben Lund, in the drama Hollow Fields. \
    The series also stars Stoltz as a baker named Greta.\n";

#[test]
fn real_people_portrayed_stay_persons_and_invented_roles_do_not() {
    let (nodes, _) = common::model_export_of("911_portrayed.txt", PORTRAYED);
    assert!(labelled(&nodes, "Edda Lund", "Person"), "{nodes:#?}");
    assert!(labelled(&nodes, "Agnes Holm", "Person"), "{nodes:#?}");
    assert!(
        !nodes.iter().any(|n| n.name == "Greta"),
        "an invented role is no node: {nodes:#?}"
    );
}

const SENTENCE: &str = "Singer recalls a hard year\n\n\
    The film recounts the assault of Linnea Sorvik in 1998. Sorvik later took to Chirper \
    to thank her fans, and on Sunday she drove her 1968 Valdor Comet to the premiere.\n";

#[test]
fn the_sentence_decides_who_is_a_person() {
    let (nodes, _) = common::model_export_of("912_sentence.txt", SENTENCE);
    assert!(labelled(&nodes, "Linnea Sorvik", "Person"), "{nodes:#?}");
    assert!(!labelled(&nodes, "Chirper", "Person"), "{nodes:#?}");
    assert!(
        !nodes.iter().any(|n| n.name.contains("Valdor")),
        "a car is no node: {nodes:#?}"
    );
}
