//! Tests of the compiler (every error at its position) and the matcher (operators, lists, slots,
//! distribution, passives, sentence bounds, explanations) on real parses of our own sentences.

use super::*;
use crate::config::Config;
use crate::nlp::{Doc, Nlp};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

fn nlp() -> &'static Nlp {
    static NLP: OnceLock<Nlp> = OnceLock::new();
    NLP.get_or_init(|| Nlp::embedded().expect("the embedded model loads"))
}

const CUES: &str = r#"
injury_verbs = ["injured", "hurt", "run over"]
[[kin]]
word = "daughter"
kind = "daughter"
"#;

fn load(patterns: &str) -> crate::error::Result<Config> {
    Config::from_sources(
        (Path::new("lexicon.toml"), ""),
        (Path::new("cues.toml"), CUES),
        (Path::new("patterns.toml"), patterns),
    )
}

fn matcher(patterns: &str) -> DepMatcher {
    match load(patterns) {
        Ok(c) => c.dep_matcher,
        Err(e) => panic!("{e}"),
    }
}

fn error(patterns: &str) -> String {
    match load(patterns) {
        Ok(_) => panic!("expected an error for\n{patterns}"),
        Err(e) => {
            assert_eq!(e.exit_code(), 3);
            e.to_string()
        }
    }
}

/// One rule from `type`, its from/to slots and node lines.
fn rule(rel: &str, from: &str, to: &str, nodes: &[&str]) -> String {
    format!(
        "[[dep_rule]]\nname = \"r\"\ntype = \"{rel}\"\nfrom = \"{from}\"\nto = \"{to}\"\nnodes = [\n{}\n]\n",
        nodes.join(",\n")
    )
}

const INJURED: [&str; 4] = [
    r#"  { id = "verb", lemma = ["injure", "hurt"] }"#,
    r#"  { id = "victim", left = "verb", op = ">", dep = ["nsubjpass", "nsubj"], slot = "Person" }"#,
    r#"  { id = "prep", left = "verb", op = ">", dep = "prep", lower = ["in", "during"] }"#,
    r#"  { id = "event", left = "prep", op = ">", dep = "pobj", slot = "Event" }"#,
];

fn injured_with(k: usize, node: &str) -> String {
    let mut nodes = INJURED.to_vec();
    nodes[k] = node;
    rule("INJURED_IN", "victim", "event", &nodes)
}

// ---- compiler

#[test]
fn a_valid_rule_compiles() {
    let m = matcher(&rule("INJURED_IN", "victim", "event", &INJURED));
    assert_eq!(m.rules().len(), 1);
    let r = &m.rules()[0];
    assert_eq!((r.from, r.to, r.rel_type), (1, 3, RelType::INJURED_IN));
    assert_eq!(r.nodes[3].left, Some((2, Op::Child)));
}

#[test]
fn unknown_operator_is_located() {
    let text = injured_with(
        2,
        r#"  { id = "prep", left = "verb", op = "=>", dep = "prep" }"#,
    );
    let msg = error(&text);
    assert!(
        msg.starts_with("patterns.toml:9:38: dep_rule \"r\": unknown operator \"=>\""),
        "{msg}"
    );
}

#[test]
fn unknown_left_node_is_located() {
    let text = injured_with(
        3,
        r#"  { id = "event", left = "preposition", op = ">", slot = "Event" }"#,
    );
    let msg = error(&text);
    assert!(
        msg.starts_with("patterns.toml:10:26: dep_rule \"r\": unknown left node \"preposition\""),
        "{msg}"
    );
}

#[test]
fn a_left_node_must_come_earlier() {
    let mut nodes = INJURED.to_vec();
    nodes.swap(2, 3);
    let msg = error(&rule("INJURED_IN", "victim", "event", &nodes));
    assert!(
        msg.starts_with("patterns.toml:9:") && msg.contains("unknown left node \"prep\""),
        "{msg}"
    );
}

#[test]
fn unknown_attribute_is_located_at_its_key() {
    let text = injured_with(0, r#"  { id = "verb", lema = "injure" }"#);
    let msg = error(&text);
    assert!(
        msg.starts_with("patterns.toml:7:18: dep_rule \"r\": unknown attribute \"lema\""),
        "{msg}"
    );
}

#[test]
fn unknown_list_is_located() {
    let text = injured_with(0, r#"  { id = "verb", list = "injury_verb" }"#);
    let msg = error(&text);
    assert!(
        msg.starts_with("patterns.toml:7:25: dep_rule \"r\": unknown list \"injury_verb\""),
        "{msg}"
    );
}

#[test]
fn a_slot_label_outside_the_signature_is_an_error() {
    let text = injured_with(
        1,
        r#"  { id = "victim", left = "verb", op = ">", dep = "nsubjpass", slot = "Show" }"#,
    );
    let msg = error(&text);
    assert!(
        msg.starts_with("patterns.toml:8:71: dep_rule \"r\": slot \"victim\" allows Show, which breaks the signature of INJURED_IN (Person → Event)"),
        "{msg}"
    );
}

#[test]
fn a_wildcard_slot_narrows_to_the_signature() {
    let text = injured_with(
        1,
        r#"  { id = "victim", left = "verb", op = ">", dep = "nsubjpass", slot = "*" }"#,
    );
    assert_eq!(
        matcher(&text).rules()[0].nodes[1].slot,
        Some(vec![Label::Person])
    );
}

#[test]
fn from_must_name_a_slot() {
    let msg = error(&rule("INJURED_IN", "prep", "event", &INJURED));
    assert!(
        msg.starts_with(
            "patterns.toml:4:8: dep_rule \"r\": \"prep\" is not a slot node; slots: victim, event"
        ),
        "{msg}"
    );
}

#[test]
fn the_anchor_takes_no_left_node() {
    let text = injured_with(0, r#"  { id = "verb", left = "verb", op = ">" }"#);
    let msg = error(&text);
    assert!(
        msg.starts_with("patterns.toml:7:") && msg.contains("the anchor"),
        "{msg}"
    );
}

#[test]
fn a_later_node_needs_left_and_op() {
    let text = injured_with(2, r#"  { id = "prep", dep = "prep" }"#);
    let msg = error(&text);
    assert!(
        msg.starts_with("patterns.toml:9:3:") && msg.contains("needs `left` and `op`"),
        "{msg}"
    );
}

#[test]
fn unknown_type_and_bad_values_are_located() {
    let msg = error(&rule("HURT_BY", "victim", "event", &INJURED));
    assert!(
        msg.starts_with("patterns.toml:3:8:") && msg.contains("unknown relationship type"),
        "{msg}"
    );
    let msg = error(&injured_with(0, r#"  { id = "verb", lemma = 3 }"#));
    assert!(
        msg.starts_with("patterns.toml:7:26:") && msg.contains("a list of strings"),
        "{msg}"
    );
    let msg = error(&injured_with(
        1,
        r#"  { id = "victim", left = "verb", op = ">", slot = "Robot" }"#,
    ));
    assert!(
        msg.starts_with("patterns.toml:8:") && msg.contains("unknown slot label \"Robot\""),
        "{msg}"
    );
}

#[test]
fn unknown_rule_fields_and_duplicate_names_are_errors() {
    let text = rule("INJURED_IN", "victim", "event", &INJURED)
        .replace("name = \"r\"", "name = \"r\"\nweight = 2");
    let msg = error(&text);
    assert!(
        msg.starts_with("patterns.toml:") && msg.contains("weight"),
        "{msg}"
    );
    let one = rule("INJURED_IN", "victim", "event", &INJURED);
    let msg = error(&format!("{one}{one}"));
    assert!(msg.contains("duplicate dep_rule name"), "{msg}");
}

#[test]
fn the_shipped_patterns_compile() {
    let config = Config::from_sources(
        (Path::new("lexicon.toml"), ""),
        (
            Path::new("cues.toml"),
            include_str!("../../../input/cues.toml"),
        ),
        (
            Path::new("patterns.toml"),
            include_str!("../../../input/patterns.toml"),
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(config.dep_matcher.rules().len() >= 15);
    assert!(!config.relations.is_empty());
}

// ---- matcher

fn parse(text: &str) -> Doc {
    nlp().parse(text)
}

fn unlabelled(_: usize) -> Option<Label> {
    None
}

fn whole(doc: &Doc) -> std::ops::Range<usize> {
    let ranges = sentences(doc);
    assert_eq!(ranges.len(), 1, "one sentence expected: {:?}", doc.text);
    ranges[0].clone()
}

fn texts(doc: &Doc, tokens: &[usize]) -> Vec<String> {
    tokens
        .iter()
        .map(|&t| doc.token_text(t).to_string())
        .collect()
}

/// A WORKS_WITH rule: anchor with `lower = anchor`, then node `b` related by `op`.
fn two_nodes(anchor: &str, op: &str) -> DepMatcher {
    matcher(&format!(
        "[[dep_rule]]\nname = \"op\"\ntype = \"WORKS_WITH\"\nfrom = \"a\"\nto = \"b\"\ndistribute = false\nnodes = [{{ id = \"a\", lower = \"{anchor}\", slot = \"Person\" }}, {{ id = \"b\", left = \"a\", op = \"{op}\", slot = \"Person\" }}]\n"
    ))
}

#[test]
fn every_operator_relates_the_right_tokens() {
    let doc = parse("Woods, 45, was seriously injured in a rollover crash.");
    let cases: [(&str, &str, &[&str]); 12] = [
        ("injured", ">", &["Woods", "was", "seriously", "in", "."]),
        ("crash", "<", &["in"]),
        ("in", ">>", &["a", "rollover", "crash"]),
        ("crash", "<<", &["injured", "in"]),
        ("was", ".", &["seriously"]),
        ("rollover", ".*", &["crash", "."]),
        ("seriously", ";", &["was"]),
        (
            "in",
            ";*",
            &["Woods", ",", "45", ",", "was", "seriously", "injured"],
        ),
        ("was", "$+", &["seriously"]),
        ("seriously", "$-", &["was"]),
        ("was", "$++", &["seriously", "in", "."]),
        ("in", "$--", &["Woods", "was", "seriously"]),
    ];
    for (anchor, op, expected) in cases {
        let found = two_nodes(anchor, op).find_with(&doc, whole(&doc), &unlabelled);
        let bound: Vec<usize> = found.iter().map(|m| m.to.token).collect();
        assert_eq!(texts(&doc, &bound), expected, "{anchor} {op}");
        assert!(found
            .iter()
            .all(|m| texts(&doc, &[m.from.token]) == [anchor]));
    }
}

fn injured_rule() -> DepMatcher {
    matcher(&rule("INJURED_IN", "victim", "event", &INJURED))
}

#[test]
fn a_passive_injury_binds_victim_and_event() {
    let doc = parse("Woods, 45, was seriously injured in a rollover crash.");
    let found = injured_rule().find(&doc, whole(&doc));
    assert_eq!(found.len(), 1);
    assert_eq!(
        texts(&doc, &found[0].nodes),
        ["injured", "Woods", "in", "crash"]
    );
    assert_eq!(
        texts(&doc, &found[0].from.tokens),
        ["Woods"],
        "45 is not a nominal appositive"
    );
    assert_eq!(texts(&doc, &found[0].to.tokens), ["crash"]);
}

#[test]
fn word_lists_come_from_cues_and_patterns() {
    let cue = injured_with(0, r#"  { id = "verb", list = "injury_verbs" }"#);
    let own = format!(
        "[lists]\nharm = [\"hurt\", \"wounded\"]\n{}",
        injured_with(0, r#"  { id = "verb", list = "harm" }"#)
    );
    let doc = parse("The driver was hurt in the collision.");
    for text in [cue, own] {
        let found = matcher(&text).find(&doc, whole(&doc));
        assert_eq!(found.len(), 1, "{text}");
        assert_eq!(
            texts(&doc, &[found[0].from.token, found[0].to.token]),
            ["driver", "collision"]
        );
    }
    let doc = parse("The driver was wounded in the collision.");
    let cue = injured_with(0, r#"  { id = "verb", list = "injury_verbs" }"#);
    assert!(
        matcher(&cue).find(&doc, whole(&doc)).is_empty(),
        "not in the cue list"
    );
}

#[test]
fn negated_constraints_exclude_values() {
    let doc = parse("Woods, 45, was seriously injured in a rollover crash.");
    let text = injured_with(
        1,
        r#"  { id = "victim", left = "verb", op = ">", not_dep = ["nsubjpass", "punct"], not_lower = "was", slot = "Person" }"#,
    );
    let found = matcher(&text).find_with(&doc, whole(&doc), &unlabelled);
    let victims: Vec<usize> = found.iter().map(|m| m.from.token).collect();
    assert_eq!(texts(&doc, &victims), ["seriously"]);
}

const STARS: &str = r#"[[dep_rule]]
name = "show-stars"
type = "ACTED_IN"
from = "actor"
to = "show"
nodes = [
  { id = "verb", lemma = "star", pos = "VERB" },
  { id = "show", left = "verb", op = ">", dep = "nsubj", slot = "Show" },
  { id = "actor", left = "verb", op = ">", dep = "dobj", slot = "Person" },
]
"#;

#[test]
fn conjuncts_distribute_over_a_slot() {
    let doc = parse("The film stars Anna Kendrick, Tom Hardy and Mila Kunis.");
    let found = matcher(STARS).find(&doc, whole(&doc));
    assert_eq!(found.len(), 1);
    assert_eq!(
        texts(&doc, &found[0].from.tokens),
        ["Kendrick", "Hardy", "Kunis"]
    );
    assert_eq!(texts(&doc, &[found[0].to.token]), ["film"]);
    let alone = matcher(&STARS.replace("nodes = [", "distribute = false\nnodes = ["));
    assert_eq!(
        texts(&doc, &alone.find(&doc, whole(&doc))[0].from.tokens),
        ["Kendrick"]
    );
}

const SAVED_BY: &str = r#"[[dep_rule]]
name = "saved-by"
type = "SAVED"
from = "saver"
to = "saved"
nodes = [
  { id = "verb", lemma = "save" },
  { id = "saved", left = "verb", op = ">", dep = "nsubjpass", slot = "Person" },
  { id = "by", left = "verb", op = ">", dep = "agent" },
  { id = "saver", left = "by", op = ">", dep = "pobj", slot = "Person" },
]
"#;

#[test]
fn appositives_distribute_and_passive_agents_bind() {
    let doc = parse("The boy was saved by his uncle, Mark Ellis.");
    let found = matcher(SAVED_BY).find(&doc, whole(&doc));
    assert_eq!(found.len(), 1);
    assert_eq!(texts(&doc, &found[0].from.tokens), ["uncle", "Ellis"]);
    assert_eq!(texts(&doc, &found[0].to.tokens), ["boy"]);
}

#[test]
fn slot_labels_filter_bound_and_distributed_tokens() {
    let doc = parse("The boy was saved by his uncle, Mark Ellis.");
    let m = matcher(SAVED_BY);
    let ellis = (0..doc.tokens.len()).find(|&i| doc.token_text(i) == "Ellis");
    let org = |i: usize| (Some(i) == ellis).then_some(Label::Organization);
    assert_eq!(
        texts(&doc, &m.find_with(&doc, whole(&doc), &org)[0].from.tokens),
        ["uncle"]
    );
    let boy_show = |i: usize| (doc.token_text(i) == "boy").then_some(Label::Show);
    assert!(m.find_with(&doc, whole(&doc), &boy_show).is_empty());
    let misses = m.explain(&doc, whole(&doc), &boy_show);
    assert_eq!((misses[0].depth, misses[0].failed_node), (1, 1));
    assert!(
        misses[0]
            .reason
            .contains("\"boy\"(1) is a Show, the slot wants Person"),
        "{misses:?}"
    );
}

#[test]
fn a_passive_join_on_the_red_carpet_is_attendance() {
    let text = r#"[[dep_rule]]
name = "joined-by"
type = "ATTENDED"
from = "guest"
to = "event"
nodes = [
  { id = "verb", lemma = "join" },
  { id = "by", left = "verb", op = ">", dep = "agent" },
  { id = "guest", left = "by", op = ">", dep = "pobj", slot = "Person" },
  { id = "on", left = "verb", op = ">", dep = "prep", lower = ["on", "at"] },
  { id = "event", left = "on", op = ">", dep = "pobj", slot = "Event" },
]
"#;
    let doc = parse("He was joined on the red carpet by Sarah Palmer.");
    let found = matcher(text).find(&doc, whole(&doc));
    assert_eq!(found.len(), 1);
    assert_eq!(
        texts(&doc, &[found[0].from.token, found[0].to.token]),
        ["Palmer", "carpet"]
    );
}

#[test]
fn members_after_including_distribute() {
    let text = r#"[[dep_rule]]
name = "attended-by"
type = "ATTENDED"
from = "guest"
to = "event"
nodes = [
  { id = "verb", lemma = "attend" },
  { id = "event", left = "verb", op = ">", dep = "nsubjpass", slot = "Event" },
  { id = "by", left = "verb", op = ">", dep = "agent" },
  { id = "guest", left = "by", op = ">", dep = "pobj", slot = "Person" },
]
"#;
    let doc = parse(
        "The premiere was attended by dozens of celebrities, including Ann Lee, Bob Stone and Carl Hunt.",
    );
    let found = matcher(text).find(&doc, whole(&doc));
    assert_eq!(found.len(), 1);
    assert_eq!(
        texts(&doc, &found[0].from.tokens),
        ["dozens", "Lee", "Stone", "Hunt"]
    );
}

#[test]
fn a_negated_verb_does_not_match_and_says_why() {
    let doc = parse("The actor was not hurt in the crash.");
    let m = injured_rule();
    assert!(m.find(&doc, whole(&doc)).is_empty());
    let misses = m.explain(&doc, whole(&doc), &unlabelled);
    assert_eq!(misses.len(), 1);
    assert_eq!(misses[0].depth, 4);
    assert!(
        misses[0].reason.contains("negated by \"not\""),
        "{misses:?}"
    );
}

#[test]
fn near_misses_name_the_failed_node_and_constraint() {
    let m = injured_rule();
    let doc = parse("Woods was injured on Tuesday.");
    let misses = m.explain(&doc, whole(&doc), &unlabelled);
    assert_eq!(misses.len(), 1);
    let miss = &misses[0];
    assert_eq!((miss.depth, miss.failed_node), (2, 2));
    assert_eq!(texts(&doc, &[miss.anchor.expect("an anchor")]), ["injured"]);
    assert_eq!(texts(&doc, &miss.bound), ["injured", "Woods"]);
    assert!(
        miss.reason.contains("\"on\"(3) fails lower = in|during"),
        "{miss:?}"
    );
    let rule = &m.rules()[miss.rule];
    assert!(
        rule.node_text(2).contains("lower = in|during"),
        "{}",
        rule.node_text(2)
    );
    let doc = parse("The weather was fine.");
    let miss = &m.explain(&doc, whole(&doc), &unlabelled)[0];
    assert_eq!((miss.depth, miss.anchor), (0, None));
    assert!(miss.bound.is_empty());
    assert!(
        miss.reason.contains("no token with lemma = injure|hurt"),
        "{miss:?}"
    );
    let doc = parse("Woods was injured in a rollover crash.");
    assert!(
        m.explain(&doc, whole(&doc), &unlabelled).is_empty(),
        "a rule that fired is no miss"
    );
}

#[test]
fn matches_stay_inside_their_sentence() {
    let doc = parse("The driver was hurt. In the crash, a wall fell down.");
    let ranges = sentences(&doc);
    assert_eq!(ranges.len(), 2);
    let m = injured_rule();
    assert!(ranges.iter().all(|r| m.find(&doc, r.clone()).is_empty()));
    let precedes = two_nodes("hurt", ".*");
    let first = precedes.find_with(&doc, ranges[0].clone(), &unlabelled);
    assert_eq!(
        texts(&doc, &first.iter().map(|m| m.to.token).collect::<Vec<_>>()),
        ["."]
    );
}

#[test]
fn the_search_is_bounded_on_long_sentences() {
    let names: Vec<String> = (0..80).map(|k| format!("Name{k}")).collect();
    let text = format!("{} and Zed met.", names.join(", "));
    let doc = parse(&text);
    let m = matcher(
        r#"[[dep_rule]]
name = "chain"
type = "WORKS_WITH"
from = "a"
to = "d"
nodes = [
  { id = "a", pos = "PROPN", slot = "Person" },
  { id = "b", left = "a", op = ".*" },
  { id = "c", left = "b", op = ".*" },
  { id = "d", left = "c", op = ".*", slot = "Person" },
]
"#,
    );
    let all = 0..doc.tokens.len();
    let found = m.find_with(&doc, all.clone(), &unlabelled);
    let anchors: BTreeSet<usize> = found.iter().map(|f| f.nodes[0]).collect();
    assert!(!found.is_empty());
    assert!(found.len() <= anchors.len() * 64, "{} matches", found.len());
    assert_eq!(found, m.find_with(&doc, all, &unlabelled), "deterministic");
}

#[test]
fn properties_read_node_lemmas() {
    let text = r#"[[dep_rule]]
name = "kin-appos"
type = "RELATIVE_OF"
from = "name"
to = "owner"
properties = { kind = "@kin", source = "appos" }
nodes = [
  { id = "kin", list = "kin" },
  { id = "name", left = "kin", op = ">", dep = "appos", slot = "Person" },
  { id = "owner", left = "kin", op = ">", dep = "poss", slot = "Person" },
]
"#;
    let doc = parse("His daughter, Ava, attended the event.");
    let found = matcher(text).find(&doc, whole(&doc));
    assert_eq!(found.len(), 1);
    assert_eq!(
        texts(&doc, &[found[0].from.token, found[0].to.token]),
        ["Ava", "His"]
    );
    assert_eq!(found[0].properties["kind"], "daughter");
    assert_eq!(found[0].properties["source"], "appos");
}

// ---- the rules shipped in input/patterns.toml, each on a sentence of our own

fn shipped() -> &'static DepMatcher {
    static SHIPPED: OnceLock<DepMatcher> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        Config::from_sources(
            (Path::new("lexicon.toml"), ""),
            (
                Path::new("cues.toml"),
                include_str!("../../../input/cues.toml"),
            ),
            (
                Path::new("patterns.toml"),
                include_str!("../../../input/patterns.toml"),
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"))
        .dep_matcher
    })
}

/// A sentence, the rule expected to fire, the words bound at `from` and `to` (with their
/// distributed words), and the labels of the mentions an extractor would have found.
struct Case {
    text: &'static str,
    rule: &'static str,
    from: &'static [&'static str],
    to: &'static [&'static str],
    labels: &'static [(&'static str, Label)],
}

const P: Label = Label::Person;
const S: Label = Label::Show;
const E: Label = Label::Event;
const O: Label = Label::Organization;

const CASES: &[Case] = &[
    Case { text: "Woods, 45, was seriously injured in a rollover crash.", rule: "dep-injured-in-event", from: &["Woods"], to: &["crash"], labels: &[("Woods", P), ("crash", E)] },
    Case { text: "Bishop was hospitalized after the shooting.", rule: "dep-injured-in-event", from: &["Bishop"], to: &["shooting"], labels: &[("Bishop", P), ("shooting", E)] },
    Case { text: "The crash injured two passengers.", rule: "dep-event-injured-person", from: &["passengers"], to: &["crash"], labels: &[("passengers", P), ("crash", E)] },
    Case { text: "The crash on Route 9 left him injured.", rule: "dep-event-left-person-injured", from: &["him"], to: &["crash"], labels: &[("him", P), ("crash", E)] },
    Case { text: "He suffered broken ribs in the accident.", rule: "dep-suffered-in-event", from: &["He"], to: &["accident"], labels: &[("He", P), ("accident", E)] },
    Case { text: "The director survived the plane crash.", rule: "dep-survived-event", from: &["director"], to: &["crash"], labels: &[("director", P), ("crash", E)] },
    Case { text: "She appeared in the thriller Dark Water.", rule: "dep-starred-in-show", from: &["She"], to: &["thriller", "Water"], labels: &[("She", P), ("Water", S)] },
    Case { text: "The film stars Anna Kendrick, Tom Hardy and Mila Kunis.", rule: "dep-show-stars-person", from: &["Kendrick", "Hardy", "Kunis"], to: &["film"], labels: &[("film", S)] },
    Case { text: "The drama, starring Lena Holt and Omar West, opens next week.", rule: "dep-show-starring-person", from: &["Holt", "West"], to: &["drama"], labels: &[("Holt", P), ("West", P), ("drama", S)] },
    Case { text: "The first image has been released from the movie Night Harbor, starring Lena Holt and Omar West.", rule: "dep-show-clause-starring-person", from: &["Holt", "West"], to: &["movie", "Harbor"], labels: &[("Harbor", S), ("Holt", P), ("West", P)] },
    Case { text: "Her role in the movie earned praise.", rule: "dep-role-in-show", from: &["Her"], to: &["movie"], labels: &[("Her", P), ("movie", S)] },
    Case { text: "She joined the cast of the sitcom last year.", rule: "dep-joined-cast-of-show", from: &["She"], to: &["sitcom"], labels: &[("She", P), ("sitcom", S)] },
    Case { text: "Kim Lowe directed the documentary.", rule: "dep-person-made-show", from: &["Lowe"], to: &["documentary"], labels: &[("documentary", S)] },
    Case { text: "The film was produced by Dan Rivers.", rule: "dep-show-made-by-person", from: &["Rivers"], to: &["film"], labels: &[("film", S)] },
    Case { text: "Dozens of fans attended the ceremony.", rule: "dep-attended-event", from: &["Dozens"], to: &["ceremony"], labels: &[("ceremony", E)] },
    Case { text: "The premiere was attended by dozens of celebrities, including Ann Lee, Bob Stone and Carl Hunt.", rule: "dep-event-attended-by", from: &["dozens", "Lee", "Stone", "Hunt"], to: &["premiere"], labels: &[("premiere", E)] },
    Case { text: "She walked the red carpet at the premiere.", rule: "dep-present-at-event", from: &["She"], to: &["premiere"], labels: &[("She", P), ("premiere", E)] },
    Case { text: "He was joined on the red carpet by Sarah Palmer.", rule: "dep-joined-by-at-event", from: &["Palmer"], to: &["carpet"], labels: &[("carpet", E)] },
    Case { text: "Ann was honored with an award at the gala.", rule: "dep-honoured-at-event", from: &["Ann"], to: &["gala"], labels: &[("Ann", P), ("gala", E)] },
    Case { text: "The accident occurred near Lake Tahoe.", rule: "dep-event-happened-at-place", from: &["accident"], to: &["Tahoe"], labels: &[("accident", E)] },
    Case { text: "The crash took place in Reno, Nevada.", rule: "dep-event-happened-at-place", from: &["crash"], to: &["Reno"], labels: &[("crash", E)] },
    Case { text: "The gala, held at the Grand Hotel, raised money.", rule: "dep-event-held-at-place", from: &["gala"], to: &["Hotel"], labels: &[("gala", E)] },
    Case { text: "Ana Ruiz posed at the premiere of her new film Blue Two, held at Rex Hall Platz.", rule: "dep-premiere-of-show-held-at-place", from: &["premiere"], to: &["Platz"], labels: &[("premiere", E)] },
    Case { text: "The crash on Route 9 left him injured.", rule: "dep-event-noun-at-place", from: &["crash"], to: &["Route"], labels: &[("crash", E)] },
    Case { text: "The premiere of Dark Water drew crowds.", rule: "dep-premiere-of-show", from: &["premiere"], to: &["Water"], labels: &[("premiere", E), ("Water", S)] },
    Case { text: "Fans gathered at the Dark Water premiere.", rule: "dep-show-premiere", from: &["premiere"], to: &["Water"], labels: &[("premiere", E), ("Water", S)] },
    Case { text: "The series premiered on Netflix.", rule: "dep-show-airs-on", from: &["series"], to: &["Netflix"], labels: &[("series", S), ("Netflix", O)] },
    Case { text: "The firefighter rescued a young girl.", rule: "dep-person-saved-person", from: &["firefighter"], to: &["girl"], labels: &[("firefighter", P), ("girl", P)] },
    Case { text: "The boy was saved by his uncle, Mark Ellis.", rule: "dep-person-saved-by-person", from: &["uncle", "Ellis"], to: &["boy"], labels: &[("boy", P), ("uncle", P)] },
    Case { text: "His co-stars Tom Hill and Ben Ray helped save his life.", rule: "dep-helped-save-life", from: &["Hill", "Ray"], to: &["his"], labels: &[("his", P), ("co", P)] },
    Case { text: "The neighbor saved his life.", rule: "dep-saved-life", from: &["neighbor"], to: &["his"], labels: &[("his", P), ("neighbor", P)] },
    Case { text: "His trainer, Mark Smith, was there.", rule: "dep-possessor-professional-named", from: &["His"], to: &["Smith"], labels: &[("His", P)] },
    Case { text: "Mark Smith, his trainer, worked with him for months.", rule: "dep-name-possessor-professional", from: &["his"], to: &["Smith"], labels: &[("his", P)] },
    Case { text: "She worked with director Paul Kane on the film.", rule: "dep-worked-with-person", from: &["She"], to: &["Kane"], labels: &[("She", P)] },
    Case { text: "His daughter, Ava, attended the event.", rule: "dep-kin-possessor-named", from: &["Ava"], to: &["His"], labels: &[("His", P), ("Ava", P)] },
    Case { text: "Ava, his daughter, attended the event.", rule: "dep-name-possessor-kin", from: &["Ava"], to: &["his"], labels: &[("his", P), ("Ava", P)] },
    Case { text: "The crash took place in Reno, Nevada.", rule: "dep-place-comma-place", from: &["Reno"], to: &["Nevada"], labels: &[] },
    Case { text: "Jon Pace, now starring in Night Harbor, spoke.", rule: "dep-person-starring-in-show", from: &["Pace"], to: &["Harbor"], labels: &[("Pace", P), ("Harbor", S)] },
    Case { text: "Jon Pace, best known for Night Harbor, spoke.", rule: "dep-person-known-for-show", from: &["Pace"], to: &["Harbor"], labels: &[("Pace", P), ("Harbor", S)] },
    Case { text: "Ed Lane, the father of Sam Roy, spoke.", rule: "dep-name-the-kin-of-person", from: &["Lane"], to: &["Roy"], labels: &[("Lane", P), ("Roy", P)] },
    Case { text: "Ed Lane is the father of Sam Roy.", rule: "dep-person-is-the-kin-of-person", from: &["Lane"], to: &["Roy"], labels: &[("Lane", P), ("Roy", P)] },
    Case { text: "Jon Pace, 40, is an actor known for roles in Night Harbor.", rule: "dep-person-is-one-known-for-roles-in-show", from: &["Pace"], to: &["Harbor"], labels: &[("Pace", P), ("Harbor", S)] },
    Case { text: "Jon Pace, known for roles in Night Harbor, spoke.", rule: "dep-person-known-for-roles-in-show", from: &["Pace"], to: &["Harbor"], labels: &[("Pace", P), ("Harbor", S)] },
    Case { text: "Jon Pace, whose work ranges from Night Harbor to Blue Moon, spoke.", rule: "dep-person-whose-work-includes-show", from: &["Pace"], to: &["Harbor"], labels: &[("Pace", P), ("Harbor", S), ("Moon", S)] },
    Case { text: "It is his new Netflix film, Blue Moon.", rule: "dep-outlet-show-noun-title", from: &["Moon"], to: &["Netflix"], labels: &[("Moon", S), ("Netflix", O)] },
    Case { text: "It is a new BBC drama about a spy.", rule: "dep-outlet-show-noun-of-the-article", from: &["drama"], to: &["BBC"], labels: &[("drama", S), ("BBC", O)] },
    Case { text: "The BBC has announced a new drama, Blue Moon.", rule: "dep-outlet-announced-show", from: &["Moon"], to: &["BBC"], labels: &[("Moon", S), ("BBC", O)] },
    Case { text: "Blue Moon is set to stream on Netflix.", rule: "dep-show-set-to-air-on", from: &["Moon"], to: &["Netflix"], labels: &[("Moon", S), ("Netflix", O)] },
];

fn case_labels<'a>(doc: &'a Doc, case: &'a Case) -> impl Fn(usize) -> Option<Label> + 'a {
    let words: Vec<(String, Label)> = case
        .labels
        .iter()
        .map(|(w, l)| (w.to_string(), *l))
        .collect();
    let texts: Vec<String> = (0..doc.tokens.len())
        .map(|i| doc.token_text(i).to_string())
        .collect();
    move |i| {
        words
            .iter()
            .find(|(w, _)| *w == texts[i])
            .map(|(_, l)| *l)
            .or_else(|| ner_label(&doc.tokens[i].ent_type))
    }
}

#[test]
fn every_shipped_rule_fires_on_its_sentence() {
    let m = shipped();
    for case in CASES {
        let doc = parse(case.text);
        let labels = case_labels(&doc, case);
        let found = m.find_with(&doc, whole(&doc), &labels);
        let hits: Vec<(Vec<String>, Vec<String>)> = found
            .iter()
            .filter(|f| m.rules()[f.rule].name == case.rule)
            .map(|f| (texts(&doc, &f.from.tokens), texts(&doc, &f.to.tokens)))
            .collect();
        if hits.is_empty() {
            let misses = m.explain(&doc, whole(&doc), &labels);
            let why: Vec<&NearMiss> = misses
                .iter()
                .filter(|n| m.rules()[n.rule].name == case.rule)
                .collect();
            panic!("{} did not fire on {:?}: {why:?}", case.rule, case.text);
        }
        assert!(
            hits.iter()
                .any(|(from, to)| from == case.from && to == case.to),
            "{} on {:?}: {hits:?}",
            case.rule,
            case.text
        );
    }
}

#[test]
fn every_shipped_rule_has_a_case() {
    let tested: BTreeSet<&str> = CASES.iter().map(|c| c.rule).collect();
    for rule in shipped().rules() {
        assert!(
            tested.contains(rule.name.as_str()),
            "{} has no test sentence",
            rule.name
        );
    }
}

#[test]
fn shipped_rules_keep_the_kind_and_role_properties() {
    let m = shipped();
    for (text, rule, key, value) in [
        (
            "His daughter, Ava, attended the event.",
            "dep-kin-possessor-named",
            "kind",
            "daughter",
        ),
        (
            "His trainer, Mark Smith, was there.",
            "dep-possessor-professional-named",
            "role",
            "physical therapist",
        ),
        (
            "Her mom, Jane Doe, attended the event.",
            "dep-kin-possessor-named",
            "kind",
            "mother",
        ),
    ] {
        let doc = parse(text);
        let found = m.find(&doc, whole(&doc));
        let hit = found
            .iter()
            .find(|f| m.rules()[f.rule].name == rule)
            .expect("fires");
        assert_eq!(hit.properties[key], value);
    }
}

#[test]
fn shipped_rules_stay_quiet_on_unrelated_sentences() {
    let m = shipped();
    for text in [
        "The weather was mild on Tuesday.",
        "The actor was not hurt in the crash.",
        "Prices rose sharply in the second quarter.",
    ] {
        let doc = parse(text);
        let labels = |i: usize| ner_label(&doc.tokens[i].ent_type);
        let found = m.find_with(&doc, whole(&doc), &labels);
        let names: Vec<&str> = found
            .iter()
            .map(|f| m.rules()[f.rule].name.as_str())
            .collect();
        assert!(names.is_empty(), "{text}: {names:?}");
    }
}
