//! Family ties and rescues with the model extractor, on articles of our own: relatives listed
//! after a person ("X, his wife, and son"), a rescue of "the X family" in an accident, the
//! children of a couple, "A, the father of B", and "their children" of people the article does
//! not name; a possessor the parse names ("A's daughter B") against the clause subject; a tie
//! named through a role noun ("his stepfather, builder B"), "their father" of two coordinated
//! persons, a possessed coach, and a rescue stated by its result ("pulled him clear").

mod common;

/// (from, type, to, kind or role) of every relationship the model build writes for `text`.
fn edges(name: &str, text: &str) -> (Vec<String>, Vec<(String, String, String)>) {
    let (nodes, rels) = common::model_export_of(name, text);
    let ids = nodes.into_iter().map(|n| n.id).collect();
    let rels = rels
        .into_iter()
        .map(|r| (r.from, r.rel_type, r.to))
        .collect();
    (ids, rels)
}

fn has(rels: &[(String, String, String)], from: &str, rel: &str, to: &str) -> bool {
    rels.iter().any(|r| r.0 == from && r.1 == rel && r.2 == to)
}

const FIRE: &str = "Neighbour wakes family as fire spreads\n\n\
    A kitchen fire broke out on Monday night at a house in Dunmore.\n\n\
    Owen Pryce, his wife, and son were asleep upstairs when the fire started.\n\n\
    Next door, Callum Reid saw the smoke and kept knocking until he woke up the Pryce family.\n\n\
    Firefighters later put out the fire.\n";

#[test]
fn relatives_listed_after_a_person_are_theirs_and_a_rescued_family_is_every_member() {
    let (nodes, rels) = edges("950_fire.txt", FIRE);
    let (owen, wife, son) = (
        "person:owen-pryce",
        "person:owen-pryce-s-wife",
        "person:owen-pryce-s-son",
    );
    assert!(
        nodes.iter().any(|n| n == wife) && nodes.iter().any(|n| n == son),
        "'his wife' apposed to him is not him, and 'son' shares his possessor: {nodes:?}"
    );
    assert!(has(&rels, wife, "RELATIVE_OF", owen), "{rels:?}");
    assert!(has(&rels, son, "RELATIVE_OF", owen), "{rels:?}");
    assert!(
        !has(&rels, owen, "RELATIVE_OF", wife),
        "he is not the wife of his wife: {rels:?}"
    );
    for saved in [owen, wife, son] {
        assert!(
            has(&rels, "person:callum-reid", "SAVED", saved),
            "the neighbour who woke the family saved {saved}: {rels:?}"
        );
    }
}

const FAMILY: &str = "Film star brings family to premiere\n\n\
    Rhys Tallon walked the red carpet at the premiere of his new film Low Tide on Thursday.\n\n\
    The actor was joined by his wife Mira Dane and their children, Ivo and Lena.\n\n\
    Also present was Tom Vell, the father of director Ana Vell.\n\n\
    The film follows two sisters looking for their children after a storm.\n";

#[test]
fn a_couples_children_are_both_parents_and_of_names_the_other_side() {
    let (nodes, rels) = edges("951_family.txt", FAMILY);
    for child in ["person:ivo", "person:lena"] {
        for parent in ["person:rhys-tallon", "person:mira-dane"] {
            assert!(has(&rels, child, "RELATIVE_OF", parent), "{rels:?}");
        }
    }
    assert!(
        has(&rels, "person:tom-vell", "RELATIVE_OF", "person:ana-vell"),
        "{rels:?}"
    );
    assert!(
        !nodes.iter().any(|n| n.ends_with("-s-child")),
        "the children of the film's characters are no one's in the article: {nodes:?}"
    );
}

const DAUGHTERS: &str = "Father and daughter share a premiere night\n\n\
    Kellan Brody and 8-year-old daughter Maisie arrived at the premiere of his new film \
    Tidewater on Friday.\n\n\
    Maisie held her dad's hand on the red carpet as photographers called out to them.\n\n\
    In the film she plays a young version of Oskar Lindqvist's daughter Freya.\n\n\
    Kellan Brody said the night meant a lot to the family.\n";

#[test]
fn a_named_possessor_owns_its_tie_and_a_named_relative_is_not_read_from_another_tie() {
    let (_, rels) = edges("952_daughters.txt", DAUGHTERS);
    let (kellan, maisie, oskar, freya) = (
        "person:kellan-brody",
        "person:maisie",
        "person:oskar-lindqvist",
        "person:freya",
    );
    assert!(has(&rels, maisie, "RELATIVE_OF", kellan), "{rels:?}");
    assert!(has(&rels, freya, "RELATIVE_OF", oskar), "{rels:?}");
    let kin: Vec<_> = rels.iter().filter(|r| r.1 == "RELATIVE_OF").collect();
    assert!(
        kin.iter().all(|r| {
            let pair = [r.0.as_str(), r.2.as_str()];
            pair.contains(&freya) == pair.contains(&oskar)
        }),
        "the film daughter is only her named father's, not the subject's nor another father's: {kin:?}"
    );
}

const QUARRY: &str = "Boy pulled from flooded quarry\n\n\
    A boy was rescued from a flooded quarry on Sunday afternoon.\n\n\
    Kevin Marsh, 12, slipped from a ledge while walking with his stepfather, builder Peter Hale.\n\n\
    Hale climbed down and pulled him clear of the water before paramedics arrived.\n\n\
    Emma Cole and Olivia Cole were walking nearby, and their father, Brian Cole, called for help.\n\n\
    Emma Cole's coach, Laura Finn, said the girls had kept calm.\n\n\
    Peter Hale did not pull anyone else from the quarry, police said.\n";

#[test]
fn ties_through_role_nouns_plural_owners_coaches_and_rescues_by_their_result() {
    let (nodes, rels) = edges("960_quarry.txt", QUARRY);
    let (kevin, peter) = ("person:kevin-marsh", "person:peter-hale");
    assert!(
        has(&rels, peter, "RELATIVE_OF", kevin),
        "'his stepfather, builder Peter Hale' is Peter Hale: {rels:?}"
    );
    assert!(
        !nodes.iter().any(|n| n.ends_with("-s-stepfather")),
        "no unnamed stepfather is left: {nodes:?}"
    );
    for child in ["person:emma-cole", "person:olivia-cole"] {
        assert!(
            has(&rels, "person:brian-cole", "RELATIVE_OF", child),
            "'their father' is both sisters': {rels:?}"
        );
    }
    assert!(
        has(&rels, "person:emma-cole", "WORKS_WITH", "person:laura-finn"),
        "{rels:?}"
    );
    let works: Vec<_> = rels.iter().filter(|r| r.1 == "WORKS_WITH").collect();
    assert_eq!(works.len(), 1, "no other person of the sentence: {works:?}");
    assert!(
        has(&rels, peter, "SAVED", kevin),
        "pulling him clear of the water saves him: {rels:?}"
    );
    let saved: Vec<_> = rels.iter().filter(|r| r.1 == "SAVED").collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
}

const SHOW: &str = "Rider hurt in fall at county show\n\n\
    Sarah Dane was hurt when she fell from her horse at the county show on Saturday.\n\n\
    Her husband, former rider Paul Dane, said she was recovering well.\n\n\
    She was pulled from the water trough by Tom Reed, a steward.\n\n\
    Her trainer, Sal Doyle, said the horse was unhurt.\n";

#[test]
fn a_husband_named_through_a_role_a_passive_rescue_and_a_trainer_role() {
    let (nodes, rels) = common::model_export_of("961_show.txt", SHOW);
    let ids: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    let sarah = "person:sarah-dane";
    let find = |from: &str, rel: &str, to: &str| {
        rels.iter()
            .find(|r| r.from == from && r.rel_type == rel && r.to == to)
    };
    let husband = find("person:paul-dane", "RELATIVE_OF", sarah);
    assert_eq!(
        husband
            .and_then(|r| r.properties.get("kind"))
            .map(String::as_str),
        Some("husband"),
        "{rels:?}"
    );
    assert!(
        !ids.iter().any(|n| n.ends_with("-s-husband")),
        "'former rider Paul Dane' is the husband: {ids:?}"
    );
    assert!(
        find("person:tom-reed", "SAVED", sarah).is_some(),
        "the agent of 'was pulled from the water by' saved her: {rels:?}"
    );
    let trainer = find(sarah, "WORKS_WITH", "person:sal-doyle");
    assert_eq!(
        trainer
            .and_then(|r| r.properties.get("role"))
            .map(String::as_str),
        Some("trainer"),
        "{rels:?}"
    );
}
