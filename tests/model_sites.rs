//! Place and person typing by the words around a name, and attendance precision, with the
//! model extractor on articles of our own words: where people were airlifted, rescued from or
//! stranded is a place whatever the NER guessed ("rescued from Ben X"), so is a town before a
//! region abbreviation ("X, N.S.W."); a name "named locally as" or "identified as" is a person;
//! a studio lot where a set stands is a place while a studio that releases films stays an
//! organisation; "joins the cast as" is casting, not attendance, and a festival named once in
//! passing is no event the article's people attend; where an event "took place" is a place.

mod common;

use kgpipe::score::{PredictedNode, PredictedRel};

const RESCUE: &str = "Walkers rescued from Ben Corrach after night on hill\n\n\
    A walker who fell near the summit of Carn Dubhglas on Sunday has been airlifted to Ysbyty \
    Treforys in Bangor, police said.\n\n\
    The pair were stranded on Aonach Ruadh overnight before they were rescued from Ben Corrach \
    by a coastguard crew. Crew members used ropes to reach them.\n\n\
    The man was named locally as Iwan Prydderch, 45. A second climber was identified as Kepa \
    Urrutia by police and was taken to Glenmor in Inverness. Urrutia grew up in Wagga Wagga, \
    N.S.W., and moved to Scotland in 2019.\n";

const CASTING: &str = "Dana Hollis joins harbour thriller Low Water\n\n\
    Actor Dana Hollis joins the cast as a retired detective in the thriller Low Water, \
    producers said on Monday.\n\n\
    Filming began last week on a set at Kestrel Studios in Burnaby. The film is directed by Pia \
    Lund, whose previous film won an award at the Halden Film Festival.\n\n\
    Northwind Studios will release the film next year. Greta Stahl joins as the detective's \
    sister.\n";

fn labelled(nodes: &[PredictedNode], name: &str) -> Vec<String> {
    nodes
        .iter()
        .filter(|n| n.name == name)
        .flat_map(|n| n.labels.clone())
        .collect()
}

fn is(nodes: &[PredictedNode], label: &str, name: &str) -> bool {
    labelled(nodes, name) == [label.to_string()]
}

#[test]
fn where_people_were_taken_or_rescued_from_is_a_place_and_a_name_given_is_a_person() {
    let (nodes, _) = common::model_export_of("931_rescue.txt", RESCUE);
    for place in [
        "Carn Dubhglas",
        "Ysbyty Treforys",
        "Aonach Ruadh",
        "Ben Corrach",
        "Glenmor",
        "Wagga Wagga",
    ] {
        assert!(is(&nodes, "Place", place), "{place}: {nodes:#?}");
    }
    for person in ["Iwan Prydderch", "Kepa Urrutia"] {
        assert!(is(&nodes, "Person", person), "{person}: {nodes:#?}");
    }
    assert!(labelled(&nodes, "Crew").is_empty(), "{nodes:#?}");
}

fn attended(rels: &[PredictedRel]) -> Vec<&PredictedRel> {
    rels.iter().filter(|r| r.rel_type == "ATTENDED").collect()
}

#[test]
fn a_studio_set_is_a_place_and_joining_a_cast_attends_no_festival_named_in_passing() {
    let (nodes, rels) = common::model_export_of("932_casting.txt", CASTING);
    assert!(is(&nodes, "Place", "Kestrel Studios"), "{nodes:#?}");
    assert!(
        is(&nodes, "Organization", "Northwind Studios"),
        "{nodes:#?}"
    );
    assert!(attended(&rels).is_empty(), "{rels:#?}");
}

const PREMIERE: &str = "Harbour thriller opens with a premiere\n\n\
    The premiere of the thriller Low Water took place in Burnaby on Friday.\n\n\
    The actor Dana Hollis arrived with her brother. Greta Stahl also attended.\n";

#[test]
fn guests_of_the_article_s_own_event_still_attend_it() {
    let (nodes, rels) = common::model_export_of("933_premiere.txt", PREMIERE);
    assert!(
        is(&nodes, "Place", "Burnaby"),
        "took place in X: {nodes:#?}"
    );
    let guests: Vec<&str> = attended(&rels).iter().map(|r| r.from.as_str()).collect();
    assert!(
        guests.iter().any(|g| g.contains("stahl")),
        "{guests:?}: {rels:#?}"
    );
}
