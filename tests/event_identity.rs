//! Event identity across articles with the model extractor: an edition the text dates by its
//! year is its own event, and two configured names of one event in an article are one node.

mod common;

use kgpipe::{build, BuildOptions, ExtractorKind};
use std::path::Path;

const DATED: &str = "Harbor 2031: Stars Shine On The Coast\n\n\
HARBOR, Maine — The ongoing edition of the Harbor Film Festival opened on Friday with a crowd \
of fans at the harbor.\n\n\
Actress Mara Quill skipped the 2030 Oscars but said the Academy Awards still matter to her.\n";

const UNDATED: &str = "Stars Return To The Coast\n\n\
Actor Tomas Reyes arrived at the Harbor Film Festival on Saturday to show his new film.\n";

fn event_names(input: &Path, out: &Path) -> Vec<String> {
    let mut options = BuildOptions::new(input, out);
    options.extractor = ExtractorKind::Model;
    options.render_svg = false;
    build(&options).expect("model build succeeds");
    let csv = std::fs::read_to_string(out.join("neo4j/nodes/Event.csv")).expect("event nodes");
    csv.lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(2).map(str::to_string))
        .collect()
}

#[test]
fn a_dated_edition_and_one_event_of_two_names() {
    let tmp = tempfile::tempdir().unwrap();
    let dated = tmp.path().join("dated.txt");
    let undated = tmp.path().join("undated.txt");
    std::fs::write(&dated, DATED).unwrap();
    std::fs::write(&undated, UNDATED).unwrap();
    let input = common::input_with(tmp.path(), &[dated, undated]);
    let names = event_names(&input, &tmp.path().join("out"));
    assert!(
        names.contains(&"Harbor Film Festival 2031".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"Harbor Film Festival".to_string()),
        "{names:?}"
    );
    assert!(names.contains(&"2030 Oscars".to_string()), "{names:?}");
    assert!(
        !names.iter().any(|n| n.contains("Academy Awards")),
        "{names:?}"
    );
}

const FLOOD: &str = "Survivors Recall The 1987 Dunmore Mine Flood\n\n\
DUNMORE, Wales — Retired miner Owen Pryce, 71, still remembers the morning water broke into \
the Dunmore pit.\n\n\
The 1987 Dunmore mine flood trapped six men for two days before rescuers reached them.\n\n\
Pryce said the flood changed the valley for ever.\n";

const RIP: &str = "Lifeguard Saves Boy Swept Out By Rip Current\n\n\
PORT ELLIS, Oregon — A teenage lifeguard pulled a 9-year-old boy from the surf on Sunday after \
a rip current swept him out to sea.\n\n\
The current was strong all afternoon, and the beach was closed after the rescue.\n";

/// An accident article's event named only by its hazard noun ("mine flood", "rip current") is
/// an event, its year leading its name.
#[test]
fn a_hazard_noun_names_the_accident_of_its_article() {
    let tmp = tempfile::tempdir().unwrap();
    let flood = tmp.path().join("flood.txt");
    let rip = tmp.path().join("rip.txt");
    std::fs::write(&flood, FLOOD).unwrap();
    std::fs::write(&rip, RIP).unwrap();
    let input = common::input_with(tmp.path(), &[flood, rip]);
    let names: Vec<String> = event_names(&input, &tmp.path().join("out"))
        .iter()
        .map(|n| n.to_lowercase())
        .collect();
    assert!(
        names.contains(&"1987 dunmore mine flood".to_string()),
        "{names:?}"
    );
    assert!(names.contains(&"rip current".to_string()), "{names:?}");
    assert_eq!(names.len(), 2, "{names:?}");
}
