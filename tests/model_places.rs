//! Places with the model extractor on articles of our own words: every spelling of a place in
//! the configured synonym table is one node with the canonical name (in an article and across
//! articles), "NYC" is a place though the NER reads an organisation, a journey's origin and
//! destination are places, a dateline opens the article with a place, a plural name after
//! "in the" is a place, and a name that is both the story's show and a town ("the town of X")
//! is two nodes, the show and the town; "X's Grand Theatre" is a venue located in the place X;
//! a name listed with a place after "places such as" is a place; a base "at X and Y" lies in
//! both.

mod common;

use kgpipe::{build, BuildOptions, ExtractorKind};

const ARTICLE: &str = "Harbor drama Tallow Creek starts filming\n\n\
    Dunmere: Filming of the drama Tallow Creek began on Monday, the producers said.\n\n\
    The star Ossian Grell, who lives in the Ashcombes, flew from Bergen to Marrick on Sunday. \
    He had spent a year in the U.S. before the shoot, touring America with his band. Grell said \
    NYC was his favourite city.\n\n\
    The story of Tallow Creek follows a family in the small coastal town of Tallow Creek. \
    Tallow Creek premieres in the US next year. The cast will gather at Dunmere's Grand Palace \
    Theatre for a first screening. Other scenes will be shot in places such as Ardlow and \
    Kettering Abbey. The harbour scenes use the old Kelvane Naval Base at Arrowby and Bellmouth.\n";

fn has(nodes: &[kgpipe::score::PredictedNode], label: &str, name: &str) -> bool {
    nodes
        .iter()
        .any(|n| n.name == name && n.labels.iter().any(|l| l == label))
}

#[test]
fn model_extractor_finds_places_by_synonyms_journeys_datelines_and_town_cues() {
    let (nodes, rels) = common::model_export_of("904_places.txt", ARTICLE);
    let us: Vec<_> = nodes.iter().filter(|n| n.name == "United States").collect();
    assert_eq!(us.len(), 1, "{nodes:#?}");
    for alias in ["U.S.", "US", "America"] {
        assert!(us[0].aliases.iter().any(|a| a == alias), "{alias}: {us:#?}");
        assert!(
            !nodes.iter().any(|n| n.name == alias),
            "{alias}: {nodes:#?}"
        );
    }
    assert!(has(&nodes, "Place", "New York City"), "{nodes:#?}");
    assert!(!nodes.iter().any(|n| n.name == "NYC"), "{nodes:#?}");
    for place in ["Marrick", "Dunmere", "Ashcombes", "Ardlow"] {
        assert!(has(&nodes, "Place", place), "{place}: {nodes:#?}");
    }
    assert!(has(&nodes, "Show", "Tallow Creek"), "{nodes:#?}");
    assert!(has(&nodes, "Place", "Tallow Creek"), "{nodes:#?}");
    assert!(has(&nodes, "Place", "Grand Palace Theatre"), "{nodes:#?}");
    let located = rels.iter().any(|r| {
        r.rel_type == "LOCATED_IN" && r.from.contains("grand") && r.to.contains("dunmere")
    });
    assert!(
        located,
        "the venue lies in the place it is named after: {rels:#?}"
    );
}

const STORY: &str = "Festival guests arrive\n\n\
    The director Anna Vell said on Friday that her film opens in the UK in May. \
    She lives in Los Angeles.\n";

const OTHER_STORY: &str = "Screen award for a quiet drama\n\n\
    The drama by Anna Vell won the prize in Britain on Saturday. Vell spent the summer in L.A. \
    with her family.\n";

#[test]
fn spellings_of_one_place_in_two_articles_are_one_node() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let first = tmp.path().join("905_story.txt");
    let second = tmp.path().join("906_story.txt");
    std::fs::write(&first, STORY).expect("article written");
    std::fs::write(&second, OTHER_STORY).expect("article written");
    let input = common::input_with(tmp.path(), &[first, second]);
    let out = tmp.path().join("output");
    let mut options = BuildOptions::new(&input, &out);
    options.extractor = ExtractorKind::Model;
    options.render_svg = false;
    build(&options).expect("model build succeeds");
    let (nodes, _) =
        kgpipe::score::read_export(&out.join("neo4j"), ';').expect("export reads back");
    let named = |name: &str| nodes.iter().filter(|n| n.name == name).count();
    assert_eq!(named("United Kingdom"), 1, "{nodes:#?}");
    assert_eq!(named("Los Angeles"), 1, "{nodes:#?}");
    for gone in ["UK", "Britain", "L.A.", "L.A"] {
        assert_eq!(named(gone), 0, "{gone}: {nodes:#?}");
    }
}

const FILMED_AT_HOME: &str = "Port Ellis gets its own film\n\n\
    The drama Port Ellis opened a festival on Friday. The director said Port Ellis was filmed in \
    Port Ellis over one wet summer, with the harbour crew as extras.\n";

#[test]
fn a_show_filmed_in_the_place_it_is_named_after_keeps_both_nodes() {
    let (nodes, _) = common::model_export_of("907_filmed.txt", FILMED_AT_HOME);
    assert!(has(&nodes, "Show", "Port Ellis"), "{nodes:#?}");
    assert!(has(&nodes, "Place", "Port Ellis"), "{nodes:#?}");
}
