//! The model extractor (`--extractor model`): the trained NLP layer's entities and parse on top
//! of the rules, run on the written test articles and on a small text of its own.

mod common;

use kgpipe::score::Gold;
use kgpipe::{build, BuildOptions, ExtractorKind};
use std::path::{Path, PathBuf};

fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    v.sort();
    v
}

fn build_model(input: &Path, out: &Path) {
    let mut options = BuildOptions::new(input, out);
    options.extractor = ExtractorKind::Model;
    options.render_svg = false;
    build(&options).expect("model build succeeds");
}

#[test]
fn the_default_extractor_is_the_model() {
    assert_eq!(
        BuildOptions::new("in", "out").extractor,
        ExtractorKind::Model
    );
    assert_eq!(ExtractorKind::default(), ExtractorKind::Model);
}

/// `kgpipe build` without `--extractor` writes what `--extractor model` writes, and not what
/// `--extractor rules` writes, on an article where the two differ.
#[test]
fn the_command_line_default_is_the_model() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("901_mechanisms.txt");
    std::fs::write(&article, MECHANISMS).unwrap();
    let input = common::input_with(tmp.path(), &[article]);
    let build = |name: &str, extra: &[&str]| {
        let out = tmp.path().join(name);
        let run = common::kgpipe_build(&input, &out)
            .args(["--format", "neo4j"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        common::snapshot(&out.join("neo4j"))
    };
    let default = build("default", &[]);
    assert_eq!(default, build("model", &["--extractor", "model"]));
    assert_ne!(default, build("rules", &["--extractor", "rules"]));
}

/// An article of our own for two kinds of mistake: a name under an indefinite article ("a
/// real-life Titan") is a kind of person, not a person; a show named only to describe the
/// article's person by a credit ("The Night Harbour actor") is not the show a director quoted
/// in the article made.
const CREDIT_AND_KIND: &str = "Cole Ferris Shares His Progress: 'Toughest Titan'\n\n\
    Cole Ferris has been keeping fans up to date on his recovery after a fall on a ski slope.\n\n\
    The Night Harbour actor, 47, shared a video of his first steps on Tuesday.\n\n\
    Fans called him a real-life Titan in the comments.\n\n\
    \"Keep going, one day at a time,\" film director, Ines Calloway wrote.\n";

#[test]
fn a_name_as_a_common_noun_and_a_credit_as_a_descriptor_add_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("902_credit.txt");
    std::fs::write(&article, CREDIT_AND_KIND).unwrap();
    let input = common::input_with(tmp.path(), &[article]);
    let out = tmp.path().join("output");
    build_model(&input, &out);
    let (nodes, rels) =
        kgpipe::score::read_export(&out.join("neo4j"), ';').expect("export reads back");
    assert!(
        rels.iter().any(|r| r.rel_type == "ACTED_IN"
            && r.from == "person:cole-ferris"
            && r.to == "show:night-harbour"),
        "the credit still says what the actor played in: {rels:#?}"
    );
    assert!(
        !nodes.iter().any(|n| n.name == "Titan"),
        "'a real-life Titan' is no one's name: {nodes:#?}"
    );
    assert!(
        !rels.iter().any(|r| r.rel_type == "FILMED"),
        "a quoted director did not make the actor's earlier show: {rels:#?}"
    );
}

#[test]
fn model_extractor_meets_thresholds_on_the_written_articles() {
    let dir = common::repo().join("tests/articles");
    let tmp = tempfile::tempdir().unwrap();
    let input = common::input_with(tmp.path(), &files(&dir, ".txt"));
    let out = tmp.path().join("output");
    build_model(&input, &out);
    let gold = Gold::load_all(&files(&dir.join("gold"), ".gold.json")).unwrap();
    let s = common::score_output(&out, &gold);
    common::assert_f1_at_least(&s, 0.90, 0.85);
}

#[test]
fn model_extractor_reads_titles_lists_and_characters() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("900_cast.txt");
    std::fs::write(
        &article,
        "Casting news for a new drama\n\n\
         The streaming drama \u{201c}Harbour Lights: The Return\u{201d} has found its cast. \
         Dana Whitcombe (Salt Marsh) will star alongside Colm Ardery. \
         Whitcombe will play Maggie Tull, a lighthouse keeper.\n",
    )
    .unwrap();
    let input = common::input_with(tmp.path(), &[article]);
    let out = tmp.path().join("output");
    build_model(&input, &out);
    let (nodes, rels) =
        kgpipe::score::read_export(&out.join("neo4j"), ';').expect("export reads back");
    let labelled = |name: &str, label: &str| {
        nodes
            .iter()
            .any(|n| n.name == name && n.labels.iter().any(|l| l == label))
    };
    assert!(labelled("Harbour Lights: The Return", "Show"), "{nodes:#?}");
    assert!(labelled("Salt Marsh", "Show"), "{nodes:#?}");
    assert!(labelled("Dana Whitcombe", "Person"), "{nodes:#?}");
    assert!(
        !nodes.iter().any(|n| n.name == "Maggie Tull"),
        "a character is no node"
    );
    assert!(
        rels.iter().any(|r| r.rel_type == "ACTED_IN"
            && r.from == "person:dana-whitcombe"
            && r.to == "show:salt-marsh"),
        "{rels:#?}"
    );
}

/// An article of our own for the mechanisms of the model layer: a title in apposition to "film",
/// a cast list with earlier credits beside the names, relatives without a possessive, a named
/// gala that "the gala" stands for, and an accident named by "a fall".
const MECHANISMS: &str = "Stars gather for a premiere by the harbour\n\n\
    Maren Holt and Tobias Renn arrived on Friday at the premiere of their new film Copper Moon, \
    held at the Alder Hall in Bristol.\n\n\
    Harbor Nights star Lydia Crane, Tessaly Grove's Owen Marsh and Priya Dalton are among the \
    familiar faces cast in the film, joining director Felix Aubert.\n\n\
    Tobias Renn came with wife Clara and daughter Nell, while Owen Marsh and his wife Ruth Pell \
    posed for photographs.\n\n\
    The evening ended at the Northfield Lantern Gala. The gala was attended by Greta Sund and \
    Hal Berring.\n\n\
    Dario Vance was badly hurt in a fall on the set last spring.\n";

#[test]
fn model_extractor_links_cast_lists_kin_and_named_events() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("901_mechanisms.txt");
    std::fs::write(&article, MECHANISMS).unwrap();
    let input = common::input_with(tmp.path(), &[article]);
    let out = tmp.path().join("output");
    build_model(&input, &out);
    let (nodes, rels) =
        kgpipe::score::read_export(&out.join("neo4j"), ';').expect("export reads back");
    let has = |from: &str, rel: &str, to: &str| {
        rels.iter()
            .any(|r| r.from == from && r.rel_type == rel && r.to == to)
    };
    assert!(
        nodes
            .iter()
            .any(|n| n.name == "Copper Moon" && n.labels.iter().any(|l| l == "Show")),
        "a name in apposition to 'film' is a Show: {nodes:#?}"
    );
    assert!(
        has("person:lydia-crane", "ACTED_IN", "show:copper-moon"),
        "{rels:#?}"
    );
    assert!(
        has("person:priya-dalton", "ACTED_IN", "show:copper-moon"),
        "{rels:#?}"
    );
    assert!(
        !has("person:felix-aubert", "FILMED", "show:harbor-nights"),
        "a credit beside a cast member is not the film the crew made"
    );
    assert!(
        has("person:clara", "RELATIVE_OF", "person:tobias-renn"),
        "{rels:#?}"
    );
    assert!(
        has("person:nell", "RELATIVE_OF", "person:tobias-renn"),
        "{rels:#?}"
    );
    assert!(
        has("person:ruth-pell", "RELATIVE_OF", "person:owen-marsh"),
        "{rels:#?}"
    );
    assert!(
        !rels
            .iter()
            .any(|r| r.rel_type == "ACTED_IN"
                && (r.from == "person:clara" || r.from == "person:nell")),
        "a relative in a cast list is not cast: {rels:#?}"
    );
    assert!(
        has(
            "person:greta-sund",
            "ATTENDED",
            "event:northfield-lantern-gala"
        ),
        "'the gala' is the named gala: {rels:#?}"
    );
    assert!(
        rels.iter()
            .any(|r| r.from == "person:dario-vance" && r.rel_type == "INJURED_IN"),
        "'a fall' is an accident: {rels:#?}"
    );
}

/// An article of our own for ties over the parse: a possessive show of two subjects, a tie
/// followed by a list, a relative coordinated with the person, and "X, the father of Y".
const TIES: &str = "Harbour festival opens with Low Tide\n\n\
    Nora Vale and Ellis Strand arrived at the Kestrel Film Festival for the premiere of their \
    new film Low Tide.\n\n\
    Nora's co-stars Mila Brandt, Owen Rusk and Tara Quin were also in attendance.\n\n\
    Among others attending were Ellis Strand, in town to promote his next project, and wife \
    Ada Strand.\n\n\
    Jon Rusk, the father of Owen Rusk, watched from the stalls.\n";

#[test]
fn model_extractor_distributes_ties_and_reads_owners_from_the_parse() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("902_ties.txt");
    std::fs::write(&article, TIES).unwrap();
    let input = common::input_with(tmp.path(), &[article]);
    let out = tmp.path().join("output");
    build_model(&input, &out);
    let (_, rels) = kgpipe::score::read_export(&out.join("neo4j"), ';').expect("export reads back");
    let has = |from: &str, rel: &str, to: &str| {
        rels.iter()
            .any(|r| r.from == from && r.rel_type == rel && r.to == to)
    };
    for actor in ["person:nora-vale", "person:ellis-strand"] {
        assert!(
            has(actor, "ACTED_IN", "show:low-tide"),
            "'their new film' is the subjects' show: {rels:#?}"
        );
    }
    for co_star in ["person:mila-brandt", "person:owen-rusk", "person:tara-quin"] {
        assert!(
            has("person:nora-vale", "WORKS_WITH", co_star),
            "a tie holds for every listed name: {rels:#?}"
        );
    }
    assert!(
        has("person:ada-strand", "RELATIVE_OF", "person:ellis-strand"),
        "'and wife Ada' belongs to the person it is coordinated with: {rels:#?}"
    );
    assert!(
        has("person:jon-rusk", "RELATIVE_OF", "person:owen-rusk"),
        "{rels:#?}"
    );
    assert!(
        !has("person:ada-strand", "RELATIVE_OF", "person:nora-vale"),
        "the tie is not the main person's: {rels:#?}"
    );
}

/// An article of our own for attendance without an attendance verb: guests "there too", a
/// guest list with a greeting word, and a person banned from attending (with the person he
/// insulted, who is no guest for that sentence).
const GUESTS: &str = "Friends gather for a wedding by the lake\n\n\
    Singer Marta Quell and chef Jonas Evander were married on Saturday at a wedding by Lake \
    Orrin.\n\n\
    The bride's parents, Ilse Quell and Bruno Quell, were there too.\n\n\
    Later in the evening, Petra Lind, Oskar Brandt, Hanna Voss and Teo Marin came forward with \
    warm wishes for the couple.\n\n\
    The guitarist Rafe Colder was banned from attending the wedding after insulting Dag Holm.\n";

#[test]
fn model_extractor_reads_guests_from_presence_and_greetings() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("902_guests.txt");
    std::fs::write(&article, GUESTS).unwrap();
    let input = common::input_with(tmp.path(), &[article]);
    let out = tmp.path().join("output");
    build_model(&input, &out);
    let (_, rels) = kgpipe::score::read_export(&out.join("neo4j"), ';').expect("export reads back");
    let attended = |from: &str| {
        rels.iter()
            .any(|r| r.from == from && r.rel_type == "ATTENDED" && r.to == "event:wedding")
    };
    for guest in [
        "person:bruno-quell",
        "person:petra-lind",
        "person:oskar-brandt",
        "person:hanna-voss",
        "person:teo-marin",
    ] {
        assert!(attended(guest), "{guest} attended the wedding: {rels:#?}");
    }
    assert!(
        !attended("person:rafe-colder"),
        "banned from attending is not attending: {rels:#?}"
    );
    assert!(
        !attended("person:dag-holm"),
        "the object of a later act is no guest: {rels:#?}"
    );
}
