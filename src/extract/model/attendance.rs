//! Attendance in the article layer: the persons a presence word of a sentence is said of
//! ("It was attended by A and B", "A and B were there too", "A, B and C came forward with
//! wishes for the couple", "B, on hand to receive the prize") attend the event of the sentence,
//! or the article's main event when the sentence names none.

use super::article::candidate;
use super::ModelParse;
use crate::extract::{Mention, RelationCandidate};
use crate::ingest::Document;
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

/// Lemmas that say the people of a sentence were present at an event.
const ATTENDANCE_CUES: [&str; 10] = [
    "attend",
    "attendance",
    "arrive",
    "join",
    "pose",
    "accompany",
    "guest",
    "carpet",
    "attendee",
    "celebrate",
];

/// Lemmas of greetings a guest brings ("came forward with wishes for the couple"): they say a
/// list of persons was present, not one person.
const GREETING_CUES: [&str; 7] = [
    "wish",
    "congratulate",
    "congratulation",
    "bless",
    "blessing",
    "greet",
    "felicitate",
];

/// Nouns for the people "among" introduces as guests ("among the guests were").
const PEOPLE_NOUNS: [&str; 11] = [
    "other",
    "guest",
    "attendee",
    "star",
    "celebrity",
    "those",
    "people",
    "invitee",
    "face",
    "name",
    "personality",
];

/// Verbs that keep the person from the event they govern ("banned from attending").
const PREVENTION_VERBS: [&str; 7] = ["ban", "bar", "prevent", "forbid", "block", "stop", "keep"];

/// Words that open a clause of another time or cause ("after slapping X"): its persons are
/// not the guests.
const OTHER_TIME_WORDS: [&str; 6] = ["after", "before", "since", "following", "because", "until"];

/// How far a climb through the parse goes at most.
const CLIMB: usize = 64;

/// Least number of persons a greeting word needs to make a guest list.
const GUEST_LIST: usize = 2;

const IN_SENTENCE: f32 = 0.55;
const FROM_ARTICLE: f32 = 0.4;
const GREETING_IN_SENTENCE: f32 = 0.45;
const GREETING_FROM_ARTICLE: f32 = 0.35;

/// What kind of signal a cue word gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// An attendance verb or noun ("attended", "joined", "the red carpet").
    Attendance,
    /// A copula of presence ("were there", "were present", "on hand").
    Presence,
    /// A greeting ("with wishes for the couple"): only with a list of persons.
    Greeting,
}

/// The article's main event and how to tell the events a person can attend.
pub(crate) struct Events<'a, F: Fn(&Mention) -> bool> {
    pub main: Option<usize>,
    pub attendable: &'a F,
    pub named: &'a BTreeMap<usize, usize>,
}

/// ATTENDED candidates of sentence `s` from its cue words; `persons` are the named persons of
/// the sentence that may attend (not crew, not characters).
pub(crate) fn attendance_in_sentence<F: Fn(&Mention) -> bool>(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    s: usize,
    persons: &[usize],
    events: &Events<'_, F>,
) -> Vec<RelationCandidate> {
    let mut best: BTreeMap<(usize, usize), RelationCandidate> = BTreeMap::new();
    let subject = events.main.filter(|&e| {
        is_article_subject(doc, mentions, e, events.named)
            || refers_back(doc, parse, mentions, s, e, events.named)
    });
    for (cue, kind) in cues_of(doc, parse, s) {
        let tree = tree_root(parse, cue);
        let guests: Vec<usize> = persons
            .iter()
            .copied()
            .filter(|&p| tree_root(parse, last_token(&mentions[p])) == tree)
            .filter(|&p| !in_clause_of_other_time(doc, parse, &mentions[p], cue))
            .filter(|&p| !modifies_a_common_noun(parse, &mentions[p]))
            .filter(|&p| !object_of_another_verb(parse, &mentions[p], cue))
            .collect();
        if kind == Cue::Greeting && guests.len() < GUEST_LIST {
            continue;
        }
        let in_tree = events_in_tree(doc, parse, mentions, s, tree, events);
        let Some((e, place)) = target(parse, mentions, cue, &in_tree, subject) else {
            continue;
        };
        let (rule, conf) = rule_of(kind, place);
        for p in guests {
            let c = candidate(RelType::ATTENDED, p, e, rule, conf, s);
            let slot = best.entry((p, e)).or_insert_with(|| c.clone());
            if c.confidence > slot.confidence {
                *slot = c;
            }
        }
    }
    best.into_values().collect()
}

/// Least number of body mentions that make an event the article's subject without the
/// headline or the lead sentence.
const SUBJECT_MENTIONS: usize = 2;

/// Is event `e` what the article is about: named in the headline or the lead sentence, or
/// several times? An event named once in passing ("whose last film won at the X Festival")
/// is no target for guests of sentences that name none.
fn is_article_subject(
    doc: &Document,
    mentions: &[Mention],
    e: usize,
    named: &BTreeMap<usize, usize>,
) -> bool {
    let key = event_key(&mentions[e]);
    let lead = (0..doc.sentences.len()).find(|&s| !doc.sentences[s].headline);
    let same: Vec<&Mention> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.label == Some(Label::Event))
        .filter(|&(i, m)| named.get(&i) == Some(&e) || i == e || event_key(m) == key)
        .map(|(_, m)| m)
        .collect();
    let in_headline_sentence =
        |m: &Mention| doc.sentences.get(m.sentence).is_some_and(|x| x.headline);
    let headline = doc.headline.as_deref().unwrap_or("").to_lowercase();
    let text = mentions[e].text.to_lowercase();
    let in_headline = (!text.is_empty() && headline.contains(&text))
        || same.iter().any(|m| in_headline_sentence(m));
    let in_lead = same.iter().any(|m| Some(m.sentence) == lead);
    let body = same.iter().filter(|m| !in_headline_sentence(m)).count();
    in_headline || in_lead || body >= SUBJECT_MENTIONS
}

/// Common nouns that refer back to an event just named ("Ava joined him at the event").
const EVENT_ANAPHORS: [&str; 7] = [
    "event",
    "premiere",
    "ceremony",
    "screening",
    "gala",
    "party",
    "festival",
];

/// How many sentences back an event named may be referred to by "the event".
const ANAPHOR_REACH: usize = 2;

/// Does sentence `s` refer with "the event" (or "the premiere" …) to event `e` named in one
/// of the sentences just before it?
fn refers_back(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    s: usize,
    e: usize,
    named: &BTreeMap<usize, usize>,
) -> bool {
    let anaphor = doc.sentences[s].tokens.clone().any(|t| {
        t > 0
            && matches!(doc.tokens[t - 1].norm.as_str(), "the" | "that")
            && parse.lemma(t).is_some_and(|l| EVENT_ANAPHORS.contains(&l))
    });
    let recent = mentions.iter().enumerate().any(|(i, m)| {
        (i == e || named.get(&i) == Some(&e)) && m.sentence < s && m.sentence + ANAPHOR_REACH >= s
    });
    anaphor && recent
}

/// What makes two event mentions one event: the configured kind of a phrase, else the name.
fn event_key(m: &Mention) -> String {
    m.event
        .as_ref()
        .map_or_else(|| m.text.to_lowercase(), |e| format!("kind:{}", e.head))
}

/// Where the event of a cue was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The one event of the cue's clause.
    Sentence,
    /// The nearest of several events of the cue's clause.
    Nearest,
    /// The article's main event.
    Article,
}

/// The rule name and confidence of an edge from a cue of `kind`.
fn rule_of(kind: Cue, place: Place) -> (&'static str, f32) {
    match (kind, place) {
        (Cue::Attendance, Place::Sentence) => (
            "article: attendance cue, event of the sentence",
            IN_SENTENCE,
        ),
        (Cue::Attendance, Place::Nearest) => (
            "article: attendance cue, nearest event of the sentence",
            FROM_ARTICLE,
        ),
        (Cue::Attendance, Place::Article) => ("article: attendance cue, main event", FROM_ARTICLE),
        (Cue::Presence, Place::Sentence) => {
            ("article: presence word, event of the sentence", IN_SENTENCE)
        }
        (Cue::Presence, Place::Nearest) => (
            "article: presence word, nearest event of the sentence",
            FROM_ARTICLE,
        ),
        (Cue::Presence, Place::Article) => ("article: presence word, main event", FROM_ARTICLE),
        (Cue::Greeting, Place::Sentence) => (
            "article: guest list with a greeting, event of the sentence",
            GREETING_IN_SENTENCE,
        ),
        (Cue::Greeting, Place::Nearest | Place::Article) => (
            "article: guest list with a greeting, main event",
            GREETING_FROM_ARTICLE,
        ),
    }
}

/// The target of a cue: the one event of its clause; of several, the one nearest to the cue in
/// the parse, then in the text, when it is nearer than the others; else the article's main
/// event.
fn target(
    parse: &ModelParse,
    mentions: &[Mention],
    cue: usize,
    in_tree: &[usize],
    main: Option<usize>,
) -> Option<(usize, Place)> {
    match in_tree {
        [one] => Some((*one, Place::Sentence)),
        [] => main.map(|m| (m, Place::Article)),
        several => nearest(parse, mentions, cue, several).map(|e| (e, Place::Nearest)),
    }
}

/// The event nearest to the cue, by parse distance then by words, if no other is as near.
fn nearest(
    parse: &ModelParse,
    mentions: &[Mention],
    cue: usize,
    events: &[usize],
) -> Option<usize> {
    let distance = |e: usize| {
        let t = last_token(&mentions[e]);
        (tree_distance(parse, cue, t), t.abs_diff(cue))
    };
    let mut ranked: Vec<((usize, usize), usize)> =
        events.iter().map(|&e| (distance(e), e)).collect();
    ranked.sort_unstable();
    match ranked.as_slice() {
        [(d, e), (d2, _), ..] if d != d2 => Some(*e),
        _ => None,
    }
}

/// The tokens from `t` up to its root, `t` first.
fn ancestors(parse: &ModelParse, mut t: usize) -> Vec<usize> {
    let mut up = vec![t];
    for _ in 0..CLIMB {
        match parse.token_head.get(t).copied().flatten() {
            Some(h) if h != t => {
                up.push(h);
                t = h;
            }
            _ => break,
        }
    }
    up
}

/// How many arcs lie between two tokens of one parse tree.
fn tree_distance(parse: &ModelParse, a: usize, b: usize) -> usize {
    let up_a = ancestors(parse, a);
    let up_b = ancestors(parse, b);
    up_a.iter()
        .enumerate()
        .find_map(|(i, t)| up_b.iter().position(|u| u == t).map(|j| i + j))
        .unwrap_or(usize::MAX)
}

fn last_token(m: &Mention) -> usize {
    m.tokens.end - 1
}

/// The root of the parse tree token `t` is in: a sentence of the model, which may be a part
/// of the document's sentence ("- A walked the carpet. - B joined him." read as one).
fn tree_root(parse: &ModelParse, mut t: usize) -> usize {
    for _ in 0..CLIMB {
        match parse.token_head.get(t).copied().flatten() {
            Some(h) if h != t => t = h,
            _ => break,
        }
    }
    t
}

/// The attendable events of sentence `s` in the parse tree rooted at `tree`, each as its
/// named event where it has one.
fn events_in_tree<F: Fn(&Mention) -> bool>(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    s: usize,
    tree: usize,
    events: &Events<'_, F>,
) -> Vec<usize> {
    let mut found: Vec<usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.sentence == s && m.label == Some(Label::Event))
        .filter(|(_, m)| (events.attendable)(m))
        .filter(|(_, m)| tree_root(parse, last_token(m)) == tree)
        .filter(|(_, m)| !modifies_a_common_noun(parse, m) && !left_behind(doc, parse, m))
        .map(|(e, _)| events.named.get(&e).copied().unwrap_or(e))
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Is the event one the persons come from ("fresh from his own film festival")?
fn left_behind(doc: &Document, parse: &ModelParse, m: &Mention) -> bool {
    let head = parse.token_head[last_token(m)].filter(|h| !m.tokens.contains(h));
    head.is_some_and(|h| doc.tokens[h].norm == "from")
}

/// The cue words of sentence `s` outside quotations, with their kind.
fn cues_of(doc: &Document, parse: &ModelParse, s: usize) -> Vec<(usize, Cue)> {
    doc.sentences[s]
        .tokens
        .clone()
        .filter(|&t| doc.tokens[t].quote.is_none())
        .filter_map(|t| cue_kind(doc, parse, t).map(|k| (t, k)))
        .filter(|&(t, _)| !prevented(doc, parse, t))
        .collect()
}

/// The kind of cue token `t` is, if any.
fn cue_kind(doc: &Document, parse: &ModelParse, t: usize) -> Option<Cue> {
    let lemma = parse.lemma(t).unwrap_or("");
    let norm = doc.tokens[t].norm.as_str();
    let is = |words: &[&str]| words.contains(&lemma) || words.contains(&norm);
    if (is(&ATTENDANCE_CUES) && !joins_a_cast(doc, parse, t)) || among_people(parse, t) {
        Some(Cue::Attendance)
    } else if is(&GREETING_CUES) {
        Some(Cue::Greeting)
    } else if is_presence(parse, t) {
        Some(Cue::Presence)
    } else {
        None
    }
}

/// Nouns of the company of a production one joins as a member ("joins the cast").
const CAST_NOUNS: [&str; 7] = [
    "cast",
    "crew",
    "series",
    "show",
    "film",
    "production",
    "ensemble",
];

/// "X joins as the detective", "X joined the cast as Y": joining a production is casting, not
/// attending.
fn joins_a_cast(doc: &Document, parse: &ModelParse, t: usize) -> bool {
    let join = parse.lemma(t) == Some("join");
    join && children(parse, t).any(|c| {
        let as_role = doc.tokens[c].norm == "as" && parse.token_dep[c].as_deref() == Some("prep");
        let cast = parse.token_dep[c].as_deref() == Some("dobj")
            && parse.lemma(c).is_some_and(|l| CAST_NOUNS.contains(&l));
        as_role || cast
    })
}

/// "among the guests", "among others attending": "among" with a people noun.
fn among_people(parse: &ModelParse, t: usize) -> bool {
    parse.lemma(t) == Some("among")
        && children(parse, t).any(|c| {
            parse.token_dep[c].as_deref() == Some("pobj")
                && parse.lemma(c).is_some_and(|l| PEOPLE_NOUNS.contains(&l))
        })
}

/// "were present", "were there", "on hand": a word of presence said of the subject of "be"
/// or of a person it describes.
fn is_presence(parse: &ModelParse, t: usize) -> bool {
    let lemma = parse.lemma(t).unwrap_or("");
    let tag = parse.token_tag[t].as_deref().unwrap_or("");
    let head = parse.token_head[t].filter(|&h| h != t);
    let head_lemma = head.and_then(|h| parse.lemma(h)).unwrap_or("");
    let dep = parse.token_dep[t].as_deref().unwrap_or("");
    match lemma {
        "present" => tag == "JJ" && head_lemma == "be",
        "there" => dep == "advmod" && head_lemma == "be",
        "hand" => dep == "pobj" && head_lemma == "on",
        _ => false,
    }
}

/// Drops the ATTENDED candidates of any rule whose person a verb keeps away from the event
/// ("X was banned from attending the gala", "Y was barred from the ceremony").
pub(crate) fn drop_kept_away(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    relations: &mut Vec<RelationCandidate>,
) {
    relations.retain(|r| {
        let attended = r.kind == crate::extract::CandidateType::Rel(RelType::ATTENDED);
        !(attended && kept_away(doc, parse, &mentions[r.from]))
    });
}

/// Is the person the subject of a verb that keeps people away, with a "from" after it?
fn kept_away(doc: &Document, parse: &ModelParse, m: &Mention) -> bool {
    if m.tokens.is_empty() {
        return false;
    }
    let Some((verb, dep)) = clause_verb(parse, last_token(m)) else {
        return false;
    };
    let subject = matches!(dep, "nsubj" | "nsubjpass");
    let keeps = parse
        .lemma(verb)
        .is_some_and(|l| PREVENTION_VERBS.contains(&l));
    subject && keeps && children(parse, verb).any(|c| doc.tokens[c].norm == "from")
}

/// The first verb above token `t`, with the arc by which the climb reached it.
fn clause_verb(parse: &ModelParse, mut t: usize) -> Option<(usize, &str)> {
    for _ in 0..CLIMB {
        let h = parse.token_head[t].filter(|&h| h != t)?;
        if is_verb(parse, h) {
            return Some((h, parse.token_dep[t].as_deref().unwrap_or("")));
        }
        t = h;
    }
    None
}

/// Is the cue negated or governed by a verb that keeps people away ("banned from attending",
/// "did not attend")?
fn prevented(doc: &Document, parse: &ModelParse, cue: usize) -> bool {
    let negated = children(parse, cue).any(|c| parse.token_dep[c].as_deref() == Some("neg"));
    let mut t = cue;
    for _ in 0..2 {
        match parse.token_head[t] {
            Some(h) if h != t => t = h,
            _ => break,
        }
        let lemma = parse.lemma(t).unwrap_or(doc.tokens[t].norm.as_str());
        if PREVENTION_VERBS.contains(&lemma) {
            return true;
        }
    }
    negated
}

/// Is the person an argument of a clause of another time or cause than the cue ("after
/// slapping X")? The first verb above the name is not the cue and is opened by such a word.
fn in_clause_of_other_time(doc: &Document, parse: &ModelParse, m: &Mention, cue: usize) -> bool {
    let Some(verb) = first_verb_above(parse, last_token(m)) else {
        return false;
    };
    if verb == cue {
        return false;
    }
    let opener = |w: usize| OTHER_TIME_WORDS.contains(&doc.tokens[w].norm.as_str());
    let head_opens = parse.token_head[verb].is_some_and(|h| h != verb && opener(h));
    let mark_opens = children(parse, verb).any(|c| {
        matches!(parse.token_dep[c].as_deref(), Some("mark" | "prep")) && opener(c) && c < verb
    });
    head_opens || mark_opens
}

/// Is the name a modifier of a common noun ("the Sir Peter Ustinov comedy prize", "the film
/// festival awards jury")? It names a thing, not a guest or the event of the sentence. A
/// possessor stays ("A's first time at a premiere").
fn modifies_a_common_noun(parse: &ModelParse, m: &Mention) -> bool {
    let last = last_token(m);
    let Some(h) = parse.token_head[last].filter(|h| !m.tokens.contains(h)) else {
        return false;
    };
    let common = parse.token_tag[h]
        .as_deref()
        .is_some_and(|g| g == "NN" || g == "NNS");
    common && parse.token_dep[last].as_deref() == Some("compound")
}

/// Prepositions that add company to the guests ("with his wife B", "along with C",
/// "including D", "joined by E").
const COMPANY_PREPS: [&str; 6] = ["with", "along", "including", "by", "alongside", "like"];

/// Is the person the object of a verb other than the cue and the verb the cue hangs on
/// ("took a swing at Rock", "thanked B")? Such a person is what the guests acted on. A verb
/// of an adverbial or adjectival clause does not count: the parse often makes one of a noun
/// in a guest list ("cast members A, B").
fn object_of_another_verb(parse: &ModelParse, m: &Mention, cue: usize) -> bool {
    let mut t = last_token(m);
    for _ in 0..CLIMB {
        let Some(h) = parse.token_head[t].filter(|&h| h != t) else {
            return false;
        };
        let dep = parse.token_dep[t].as_deref().unwrap_or("");
        let prep = dep == "prep" && !COMPANY_PREPS.contains(&parse.lemma(t).unwrap_or(""));
        if is_verb(parse, h) {
            let cue_verb = h == cue || parse.token_head[cue] == Some(h);
            let own_act = !matches!(parse.token_dep[h].as_deref(), Some("advcl" | "acl"));
            return !cue_verb && own_act && (matches!(dep, "dobj" | "dative") || prep);
        }
        t = h;
    }
    false
}

fn is_verb(parse: &ModelParse, t: usize) -> bool {
    parse.token_tag[t]
        .as_deref()
        .is_some_and(|g| g.starts_with("VB"))
}

/// The first verb on the way up from token `t`.
fn first_verb_above(parse: &ModelParse, mut t: usize) -> Option<usize> {
    for _ in 0..CLIMB {
        let h = parse.token_head[t].filter(|&h| h != t)?;
        if is_verb(parse, h) {
            return Some(h);
        }
        t = h;
    }
    None
}

/// How far from a token its children are looked for.
const CHILD_WINDOW: usize = 48;

/// The tokens near `t` whose head is `t`.
fn children(parse: &ModelParse, t: usize) -> impl Iterator<Item = usize> + '_ {
    let end = (t + CHILD_WINDOW).min(parse.token_head.len());
    (t.saturating_sub(CHILD_WINDOW)..end).filter(move |&c| c != t && parse.token_head[c] == Some(t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::article::tests::parsed;

    fn name(tokens: std::ops::Range<usize>, label: Label) -> Mention {
        Mention::test_name(tokens, Some(label))
    }

    /// An event named in another sentence: the article's main event (`attending` names it
    /// twice, as the article's subject).
    fn elsewhere() -> Mention {
        let mut m = name(0..1, Label::Event);
        m.sentence = 1;
        m
    }

    /// The (person, event, rule) of each candidate of sentence 0, with `main` as main event.
    fn attending(
        text: &str,
        arcs: &[(usize, &str, &str, &str)],
        mentions: &[Mention],
        persons: &[usize],
        main: usize,
    ) -> Vec<(usize, usize, String)> {
        let mut twice = mentions.to_vec();
        twice.push(mentions[main].clone());
        attending_with(text, arcs, &twice, persons, main)
    }

    /// As `attending`, with the main event named only where `mentions` name it.
    fn attending_with(
        text: &str,
        arcs: &[(usize, &str, &str, &str)],
        mentions: &[Mention],
        persons: &[usize],
        main: usize,
    ) -> Vec<(usize, usize, String)> {
        let (doc, parse) = parsed(text, arcs);
        let named = BTreeMap::new();
        let events = Events {
            main: Some(main),
            attendable: &|_: &Mention| true,
            named: &named,
        };
        attendance_in_sentence(&doc, &parse, mentions, 0, persons, &events)
            .into_iter()
            .map(|c| (c.from, c.to, c.rule))
            .collect()
    }

    #[test]
    fn an_event_named_once_in_passing_is_no_main_event_to_attend() {
        let arcs = [
            (1, "compound", "ana", "NNP"),
            (2, "nsubj", "bell", "NNP"),
            (2, "ROOT", "be", "VBD"),
            (2, "advmod", "there", "RB"),
            (2, "punct", ".", "."),
        ];
        let mentions = [name(0..2, Label::Person), elsewhere()];
        let text = "Ana Bell was there.";
        assert!(attending_with(text, &arcs, &mentions, &[0], 1).is_empty());
        assert_eq!(attending(text, &arcs, &mentions, &[0], 1).len(), 1);
    }

    #[test]
    fn joining_a_cast_or_as_a_role_is_casting_not_attendance() {
        let as_role = [
            (1, "compound", "ana", "NNP"),
            (2, "nsubj", "bell", "NNP"),
            (2, "ROOT", "join", "VBZ"),
            (2, "prep", "as", "IN"),
            (5, "det", "a", "DT"),
            (3, "pobj", "nurse", "NN"),
            (2, "punct", ".", "."),
        ];
        let mentions = [name(0..2, Label::Person), elsewhere()];
        let text = "Ana Bell joins as a nurse.";
        assert!(attending(text, &as_role, &mentions, &[0], 1).is_empty());
        let the_cast = [
            (1, "compound", "ana", "NNP"),
            (2, "nsubj", "bell", "NNP"),
            (2, "ROOT", "join", "VBZ"),
            (4, "det", "the", "DT"),
            (2, "dobj", "cast", "NN"),
            (2, "punct", ".", "."),
        ];
        let text = "Ana Bell joins the cast.";
        assert!(attending(text, &the_cast, &mentions, &[0], 1).is_empty());
        let the_party = [
            (1, "compound", "ana", "NNP"),
            (2, "nsubj", "bell", "NNP"),
            (2, "ROOT", "join", "VBZ"),
            (4, "det", "the", "DT"),
            (2, "dobj", "party", "NN"),
            (2, "punct", ".", "."),
        ];
        let text = "Ana Bell joins the party.";
        assert_eq!(attending(text, &the_party, &mentions, &[0], 1).len(), 1);
    }

    #[test]
    fn persons_who_were_there_attend_the_main_event() {
        let arcs = [
            (1, "compound", "ana", "NNP"),
            (5, "nsubj", "bell", "NNP"),
            (1, "cc", "and", "CC"),
            (4, "compound", "kai", "NNP"),
            (1, "conj", "moss", "NNP"),
            (5, "ROOT", "be", "VBD"),
            (5, "advmod", "there", "RB"),
            (5, "punct", ".", "."),
        ];
        let mentions = [
            name(0..2, Label::Person),
            name(3..5, Label::Person),
            elsewhere(),
        ];
        let rule = "article: presence word, main event".to_string();
        assert_eq!(
            attending(
                "Ana Bell and Kai Moss were there.",
                &arcs,
                &mentions,
                &[0, 1],
                2
            ),
            vec![(0, 2, rule.clone()), (1, 2, rule)]
        );
    }

    #[test]
    fn a_greeting_makes_guests_of_a_list_but_not_of_one_person() {
        let one = [
            (1, "compound", "ana", "NNP"),
            (2, "nsubj", "bell", "NNP"),
            (2, "ROOT", "come", "VBD"),
            (2, "prep", "with", "IN"),
            (3, "pobj", "wish", "NNS"),
            (2, "punct", ".", "."),
        ];
        let mentions = [name(0..2, Label::Person), elsewhere()];
        assert!(attending("Ana Bell came with wishes.", &one, &mentions, &[0], 1).is_empty());
        let two = [
            (1, "compound", "ana", "NNP"),
            (5, "nsubj", "bell", "NNP"),
            (1, "cc", "and", "CC"),
            (4, "compound", "kai", "NNP"),
            (1, "conj", "moss", "NNP"),
            (5, "ROOT", "come", "VBD"),
            (5, "prep", "with", "IN"),
            (6, "pobj", "wish", "NNS"),
            (5, "punct", ".", "."),
        ];
        let mentions = [
            name(0..2, Label::Person),
            name(3..5, Label::Person),
            elsewhere(),
        ];
        let found = attending(
            "Ana Bell and Kai Moss came with wishes.",
            &two,
            &mentions,
            &[0, 1],
            2,
        );
        let rule = "article: guest list with a greeting, main event".to_string();
        assert_eq!(found, vec![(0, 2, rule.clone()), (1, 2, rule)]);
    }

    #[test]
    fn the_object_of_a_later_act_is_no_guest() {
        let arcs = [
            (1, "compound", "ana", "NNP"),
            (2, "nsubj", "bell", "NNP"),
            (2, "ROOT", "attend", "VBD"),
            (4, "det", "the", "DT"),
            (2, "dobj", "gala", "NN"),
            (2, "prep", "after", "IN"),
            (5, "pcomp", "slap", "VBG"),
            (8, "compound", "kai", "NNP"),
            (6, "dobj", "moss", "NNP"),
            (2, "punct", ".", "."),
        ];
        let mentions = [
            name(0..2, Label::Person),
            name(7..9, Label::Person),
            name(3..5, Label::Event),
            elsewhere(),
        ];
        let found = attending(
            "Ana Bell attended the gala after slapping Kai Moss.",
            &arcs,
            &mentions,
            &[0, 1],
            3,
        );
        let rule = "article: attendance cue, event of the sentence".to_string();
        assert_eq!(found, vec![(0, 2, rule)]);
    }

    #[test]
    fn a_person_banned_from_attending_does_not_attend() {
        let arcs = [
            (1, "compound", "ana", "NNP"),
            (3, "nsubjpass", "bell", "NNP"),
            (3, "auxpass", "be", "VBD"),
            (3, "ROOT", "ban", "VBN"),
            (3, "prep", "from", "IN"),
            (4, "pcomp", "attend", "VBG"),
            (7, "det", "the", "DT"),
            (5, "dobj", "gala", "NN"),
            (3, "punct", ".", "."),
        ];
        let mentions = [
            name(0..2, Label::Person),
            name(6..8, Label::Event),
            elsewhere(),
        ];
        let found = attending(
            "Ana Bell was banned from attending the gala.",
            &arcs,
            &mentions,
            &[0],
            2,
        );
        assert!(found.is_empty());
    }
}
