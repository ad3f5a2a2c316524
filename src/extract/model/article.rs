//! The article layer: the article's main show and main event receive the relations that
//! list-like and verbless sentences imply ("Also in attendance: A and B", "The cast includes
//! C"), with lower confidence and rule names that say so.

use super::attendance::{attendance_in_sentence, Events};
use super::relations::{side_credit, ACTOR_WORDS};
use super::ModelParse;
use crate::extract::{CandidateType, Mention, MentionForm, RelationCandidate, Typing};
use crate::ingest::Document;
use crate::ontology::{Label, RelType};
use std::collections::BTreeMap;

/// Lemmas that say the people of a sentence act in a show.
const CAST_CUES: [&str; 9] = [
    "star", "cast", "co-star", "costar", "co-stars", "costars", "play", "role", "portray",
];

/// Nouns whose complement is a character, not a cast member ("the role of X").
const CHARACTER_NOUNS: [&str; 5] = ["role", "part", "character", "version", "roles"];

/// Verbs whose object is a character ("plays X", "a slave named X").
const CHARACTER_VERBS: [&str; 4] = ["play", "portray", "name", "call"];

/// How many heads the character test climbs at most.
const CHARACTER_CLIMB: usize = 8;

/// Words that make a person crew, not cast ("director Ava Marsh", "Producers are A and B").
const CREW_WORDS: [&str; 18] = [
    "director",
    "directors",
    "producer",
    "producers",
    "writer",
    "writers",
    "author",
    "filmmaker",
    "screenwriter",
    "creator",
    "showrunner",
    "novelist",
    "composer",
    "directed",
    "produced",
    "directs",
    "helmed",
    "created",
];

/// Pronouns that stand for a person named earlier in the sentence ("X, known for his role").
const PERSON_PRONOUNS: [&str; 5] = ["he", "she", "his", "her", "him"];

/// Pronouns that open a relative clause ("X, who plays ...").
const RELATIVE_PRONOUNS: [&str; 3] = ["who", "whom", "that"];

/// Cast cue nouns whose possessor is the one who plays ("his role"); a co-star's possessor is
/// the other person.
const HELD_CUE_NOUNS: [&str; 2] = ["role", "roles"];

/// Cast cues that name a group ("Supporting cast includes A, with B playing ..."): a sentence
/// that names one lists cast members beside any person a verb is tied to.
const GROUP_CUES: [&str; 5] = ["cast", "co-star", "costar", "co-stars", "costars"];

const IN_SENTENCE: f32 = 0.55;
const FROM_ARTICLE: f32 = 0.4;

/// What the article is about, as mention indices.
struct Main {
    show: Option<usize>,
    event: Option<usize>,
}

fn body(doc: &Document, m: &Mention) -> bool {
    !doc.sentences[m.sentence].headline
}

/// Extra weight of a name in the headline, and in the first sentence of the body.
const HEADLINE_WEIGHT: usize = 2;
const LEAD_WEIGHT: usize = 1;

/// The first body sentence.
fn lead_sentence(doc: &Document) -> Option<usize> {
    (0..doc.sentences.len()).find(|&s| !doc.sentences[s].headline)
}

/// The show the article is about: named most often in the body, with extra weight for the
/// headline and the first sentence; then the first named.
pub(crate) fn main_show(doc: &Document, mentions: &[Mention]) -> Option<usize> {
    let headline = doc.headline.as_deref().unwrap_or("").to_lowercase();
    let lead = lead_sentence(doc);
    let mut count: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.label == Some(Label::Show)
            && m.form == MentionForm::Name
            && body(doc, m)
            && !describes_a_person(doc, m)
        {
            let key = m.text.to_lowercase();
            let fresh = !count.contains_key(&key);
            let e = count.entry(key.clone()).or_insert((0, i));
            e.0 += 1;
            if fresh && headline.contains(&key) {
                e.0 += HEADLINE_WEIGHT;
            }
            if Some(m.sentence) == lead {
                e.0 += LEAD_WEIGHT;
            }
        }
    }
    count
        .into_values()
        .max_by_key(|&(n, first)| (n, std::cmp::Reverse(first)))
        .map(|(_, first)| first)
}

/// Is the show named only to describe a person by an earlier credit ("the Harbor Nights actor",
/// "The Lanterns star, 52, ...")? Such a show is the person's past, not what the article is about.
fn describes_a_person(doc: &Document, m: &Mention) -> bool {
    doc.tokens
        .get(m.tokens.end)
        .is_some_and(|t| ACTOR_WORDS.contains(&t.norm.as_str()))
}

/// The attendable event the body mentions most (an event phrase by its kind, a named event by
/// its name), then first.
fn main_event(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    attendable: &impl Fn(&Mention) -> bool,
    named: &BTreeMap<usize, usize>,
) -> Option<usize> {
    let mut count: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let reported = !modifies_a_noun(parse, m);
        if m.label == Some(Label::Event) && body(doc, m) && attendable(m) && reported {
            let i = named.get(&i).copied().unwrap_or(i);
            let m = &mentions[i];
            let key = m
                .event
                .as_ref()
                .map_or_else(|| m.text.to_lowercase(), |e| format!("kind:{}", e.head));
            count.entry(key).or_insert((0, i)).0 += 1;
        }
    }
    count
        .into_values()
        .max_by_key(|&(n, first)| (n, std::cmp::Reverse(first)))
        .map(|(_, first)| first)
}

/// Is the mention a noun modifier of a word outside it ("his Oscars outburst", "the Oscars
/// stage")? Such an event describes something else; it is not what the article reports.
fn modifies_a_noun(parse: &ModelParse, m: &Mention) -> bool {
    let last = m.tokens.end - 1;
    let outside = parse.token_head[last].is_some_and(|h| !m.tokens.contains(&h));
    outside && matches!(parse.token_dep[last].as_deref(), Some("compound" | "nmod"))
}

/// Does the narrator use a cue word in sentence `s`? Words inside a quotation are the
/// speaker's ("… upright and walking for this show," X said), not a statement about them.
fn has_cue(parse: &ModelParse, doc: &Document, s: usize, cues: &[&str]) -> bool {
    doc.sentences[s]
        .tokens
        .clone()
        .filter(|&t| doc.tokens[t].quote.is_none())
        .any(|t| {
            parse.lemma(t).is_some_and(|l| cues.contains(&l))
                || cues.contains(&doc.tokens[t].norm.as_str())
        })
}

/// Is the person named as crew ("director X", "X, who directed")?
pub(crate) fn is_crew(doc: &Document, parse: &ModelParse, m: &Mention) -> bool {
    let near = m.tokens.start.saturating_sub(2)..m.tokens.start;
    let word_before = near
        .clone()
        .any(|t| CREW_WORDS.contains(&doc.tokens[t].norm.as_str()));
    let head = parse.token_head[first_conjunct(parse, m.tokens.end - 1)];
    let head_is_crew = head.is_some_and(|h| CREW_WORDS.contains(&doc.tokens[h].norm.as_str()));
    word_before || head_is_crew || head.is_some_and(|h| has_crew_attribute(doc, parse, h))
}

/// The first member of the list token `t` is in ("Producers are A, B and C": A for C).
fn first_conjunct(parse: &ModelParse, mut t: usize) -> usize {
    for _ in 0..CHARACTER_CLIMB {
        let joined = matches!(parse.token_dep[t].as_deref(), Some("conj" | "appos"));
        match parse.token_head[t] {
            Some(h) if joined && h < t => t = h,
            _ => break,
        }
    }
    t
}

/// "X is the writer and director of the film": the verb has a crew word as its attribute.
fn has_crew_attribute(doc: &Document, parse: &ModelParse, verb: usize) -> bool {
    let sentence = doc.sentences.iter().find(|s| s.tokens.contains(&verb));
    sentence.is_some_and(|s| {
        s.tokens.clone().any(|t| {
            parse.token_head[t] == Some(verb)
                && matches!(parse.token_dep[t].as_deref(), Some("attr") | Some("nsubj"))
                && t != verb
                && CREW_WORDS.contains(&doc.tokens[t].norm.as_str())
        })
    })
}

/// The people a sentence names (not inside a quotation, not crew, not characters).
fn persons_in(doc: &Document, parse: &ModelParse, mentions: &[Mention], s: usize) -> Vec<usize> {
    named_persons_in(mentions, s)
        .filter(|&i| !mentions[i].modifier && !is_crew(doc, parse, &mentions[i]))
        .filter(|&i| !is_character(doc, parse, &mentions[i]))
        .collect()
}

/// Is the person a character someone plays: the object of "play"/"portray", after "as", or
/// the complement of "the role of"? Climbs from the name through nouns and prepositions.
pub(crate) fn is_character(doc: &Document, parse: &ModelParse, m: &Mention) -> bool {
    let mut t = m.tokens.end - 1;
    for _ in 0..CHARACTER_CLIMB {
        let Some(h) = parse.token_head[t].filter(|&h| h != t) else {
            return false;
        };
        let dep = parse.token_dep[t].as_deref().unwrap_or("");
        let head = parse.lemma(h).unwrap_or("");
        let such_as = head == "as" && h > 0 && doc.tokens[h - 1].norm == "such";
        if head == "as" && dep == "pobj" && !such_as {
            return true;
        }
        let object = matches!(dep, "dobj" | "attr" | "oprd" | "appos");
        if object && CHARACTER_VERBS.contains(&head) {
            return true;
        }
        let complement = matches!(dep, "prep" | "compound" | "appos" | "poss" | "amod");
        if complement && CHARACTER_NOUNS.contains(&head) {
            return true;
        }
        let verb = parse.token_tag[h]
            .as_deref()
            .is_some_and(|g| g.starts_with("VB"));
        if verb {
            return false;
        }
        t = h;
    }
    false
}

/// The last word of a person's name ("Anderson" for "Wes Anderson").
fn surname<'d>(doc: &'d Document, m: &Mention) -> &'d str {
    doc.tokens[m.tokens.end - 1].norm.as_str()
}

/// Surnames of the people the article names as crew anywhere: such a person is not cast
/// because another sentence speaks of "our cast".
fn crew_surnames<'d>(
    doc: &'d Document,
    parse: &ModelParse,
    mentions: &[Mention],
) -> std::collections::BTreeSet<&'d str> {
    (0..doc.sentences.len())
        .flat_map(|s| crew_in(doc, parse, mentions, s))
        .map(|p| surname(doc, &mentions[p]))
        .collect()
}

/// The people a sentence names as crew ("director X", "X, who directed").
fn crew_in(doc: &Document, parse: &ModelParse, mentions: &[Mention], s: usize) -> Vec<usize> {
    named_persons_in(mentions, s)
        .filter(|&i| is_crew(doc, parse, &mentions[i]))
        .collect()
}

/// Person names of sentence `s` outside quotations.
fn named_persons_in(mentions: &[Mention], s: usize) -> impl Iterator<Item = usize> + '_ {
    mentions
        .iter()
        .enumerate()
        .filter(move |(_, m)| {
            m.sentence == s
                && m.form == MentionForm::Name
                && m.label == Some(Label::Person)
                && m.quote.is_none()
        })
        .map(|(i, _)| i)
}

fn of_label_in(mentions: &[Mention], s: usize, label: Label) -> Vec<usize> {
    mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.sentence == s && m.label == Some(label))
        .map(|(i, _)| i)
        .collect()
}

pub(super) fn candidate(
    rel: RelType,
    from: usize,
    to: usize,
    rule: &str,
    conf: f32,
    s: usize,
) -> RelationCandidate {
    RelationCandidate {
        kind: CandidateType::Rel(rel),
        from,
        to,
        rule: rule.into(),
        confidence: conf,
        hedged: false,
        properties: BTreeMap::new(),
        sentence: s,
        possessor_kin: false,
    }
}

/// The shows of sentence `s` that are not an earlier credit of a name beside them.
fn uncredited_shows(doc: &Document, mentions: &[Mention], s: usize) -> Vec<usize> {
    of_label_in(mentions, s, Label::Show)
        .into_iter()
        .filter(|&w| !is_credit(doc, mentions, w))
        .collect()
}

/// Is the show a person's earlier credit, named beside them in a list ("Harbor star A", "B
/// (Night Shift)")? Such a show is not what the sentence casts people in.
fn is_credit(doc: &Document, mentions: &[Mention], w: usize) -> bool {
    let m = &mentions[w];
    let person_at = |t: usize| {
        mentions.iter().any(|p| {
            p.tokens.start == t && p.form == MentionForm::Name && p.label == Some(Label::Person)
        })
    };
    let end = m.tokens.end;
    let actor_word = doc
        .tokens
        .get(end)
        .is_some_and(|t| ACTOR_WORDS.contains(&t.norm.as_str()));
    m.typing == Typing::TitleAfterPerson
        || (actor_word && person_at(end + 1))
        || (m.possessive && person_at(end + 1))
        || side_credit(doc, mentions, w)
}

/// Is the person named right after a family word ("with wife Lena")? A cast member's
/// relative in a cast list is a companion, not cast.
fn named_by_kin(mentions: &[Mention], p: usize) -> bool {
    let start = mentions[p].tokens.start;
    mentions
        .iter()
        .any(|m| m.tokens.end == start && m.related.as_ref().is_some_and(|r| !r.professional))
}

/// The target of a cue sentence: the one such mention in the sentence, else the article's.
fn target(in_sentence: &[usize], main: Option<usize>) -> Option<(usize, bool)> {
    match in_sentence {
        [one] => Some((*one, true)),
        [] => main.map(|m| (m, false)),
        _ => None,
    }
}

/// Relations of the article layer for every body sentence with an attendance or cast cue.
pub(crate) fn article_relations(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    attendable: impl Fn(&Mention) -> bool,
    named: &BTreeMap<usize, usize>,
) -> Vec<RelationCandidate> {
    let main = Main {
        show: main_show(doc, mentions),
        event: main_event(doc, parse, mentions, &attendable, named),
    };
    let events = Events {
        main: main.event,
        attendable: &attendable,
        named,
    };
    let crew_surnames = crew_surnames(doc, parse, mentions);
    let mut out = Vec::new();
    for s in (0..doc.sentences.len()).filter(|&s| !doc.sentences[s].headline) {
        let persons = persons_in(doc, parse, mentions, s);
        out.extend(attendance_in_sentence(
            doc, parse, mentions, s, &persons, &events,
        ));
        let crew = crew_in(doc, parse, mentions, s);
        if !crew.is_empty() {
            let shows = uncredited_shows(doc, mentions, s);
            if let Some((show, here)) = target(&shows, main.show) {
                let (rule, conf) = if here {
                    ("article: crew word, show of the sentence", IN_SENTENCE)
                } else {
                    ("article: crew word, main show", FROM_ARTICLE)
                };
                out.extend(
                    crew.iter()
                        .map(|&p| candidate(RelType::FILMED, p, show, rule, conf, s)),
                );
            }
        }
        if has_cue(parse, doc, s, &CAST_CUES) {
            let held = cast_holders(doc, parse, mentions, s, &persons);
            let persons: Vec<usize> = persons
                .iter()
                .copied()
                .filter(|p| held.as_ref().is_none_or(|h| h.contains(p)))
                .filter(|&p| !named_by_kin(mentions, p))
                .filter(|&p| !crew_surnames.contains(surname(doc, &mentions[p])))
                .collect();
            let shows = uncredited_shows(doc, mentions, s);
            if let Some((show, here)) = target(&shows, main.show) {
                let (rule, conf) = if here {
                    ("article: cast cue, show of the sentence", IN_SENTENCE)
                } else {
                    ("article: cast cue, main show", FROM_ARTICLE)
                };
                out.extend(
                    persons
                        .iter()
                        .map(|&p| candidate(RelType::ACTED_IN, p, show, rule, conf, s)),
                );
            }
        }
    }
    out
}

/// The persons of sentence `s` the parse ties its cast cues to: the subject of "plays" /
/// "stars" (through "who" to the name it describes), the possessor of "role" (a pronoun stands
/// for the persons named before it), with the members of a list so tied. None when no cue is
/// tied to a person ("The film stars C") or the sentence names the cast as a group ("The cast
/// includes A and B"): then every person counts.
fn cast_holders(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    s: usize,
    persons: &[usize],
) -> Option<Vec<usize>> {
    let mut held: Option<Vec<usize>> = None;
    for cue in cast_cue_tokens(doc, parse, s) {
        let Some(h) = cue_holder(doc, parse, s, cue) else {
            if GROUP_CUES.contains(&doc.tokens[cue].norm.as_str()) {
                return None;
            }
            continue;
        };
        let tied: Vec<usize> = if PERSON_PRONOUNS.contains(&doc.tokens[h].norm.as_str()) {
            persons
                .iter()
                .copied()
                .filter(|&p| mentions[p].tokens.end <= h)
                .collect()
        } else if let Some(&p) = persons.iter().find(|&&p| mentions[p].tokens.contains(&h)) {
            list_of(parse, mentions, persons, p)
        } else if named_persons_in(mentions, s).any(|p| mentions[p].tokens.contains(&h)) {
            Vec::new()
        } else {
            continue;
        };
        held.get_or_insert_with(Vec::new).extend(tied);
    }
    held
}

/// Tokens of sentence `s` outside quotations whose lemma is a cast cue.
fn cast_cue_tokens<'a>(
    doc: &'a Document,
    parse: &'a ModelParse,
    s: usize,
) -> impl Iterator<Item = usize> + 'a {
    doc.sentences[s]
        .tokens
        .clone()
        .filter(|&t| doc.tokens[t].quote.is_none())
        .filter(|&t| parse.lemma(t).is_some_and(|l| CAST_CUES.contains(&l)))
}

/// The token a cast cue is said of: the subject of a cue verb (climbing through "xcomp",
/// "conj" and "ccomp", and from a relative pronoun to the noun its clause describes), or the
/// possessor of "role".
fn cue_holder(doc: &Document, parse: &ModelParse, s: usize, cue: usize) -> Option<usize> {
    let verb = parse.token_tag[cue]
        .as_deref()
        .is_some_and(|g| g.starts_with("VB"));
    if !verb {
        let noun = HELD_CUE_NOUNS.contains(&doc.tokens[cue].norm.as_str());
        return child_with(doc, parse, s, cue, &["poss"]).filter(|_| noun);
    }
    let mut t = cue;
    for _ in 0..CHARACTER_CLIMB {
        if let Some(subject) = child_with(doc, parse, s, t, &["nsubj", "nsubjpass"]) {
            let relative = RELATIVE_PRONOUNS.contains(&doc.tokens[subject].norm.as_str());
            let clause = relative_clause_of(parse, t);
            return if relative { clause } else { Some(subject) };
        }
        let climbs = matches!(
            parse.token_dep[t].as_deref(),
            Some("xcomp" | "conj" | "ccomp")
        );
        match parse.token_head[t] {
            Some(h) if climbs && h != t => t = h,
            _ => return None,
        }
    }
    None
}

/// The noun a relative clause describes, climbing from a verb inside it.
fn relative_clause_of(parse: &ModelParse, mut t: usize) -> Option<usize> {
    for _ in 0..CHARACTER_CLIMB {
        let h = parse.token_head[t].filter(|&h| h != t)?;
        if parse.token_dep[t].as_deref() == Some("relcl") {
            return Some(h);
        }
        t = h;
    }
    None
}

/// The first token of sentence `s` attached to `head` by one of `deps`.
fn child_with(
    doc: &Document,
    parse: &ModelParse,
    s: usize,
    head: usize,
    deps: &[&str],
) -> Option<usize> {
    doc.sentences[s].tokens.clone().find(|&t| {
        t != head
            && parse.token_head[t] == Some(head)
            && parse.token_dep[t]
                .as_deref()
                .is_some_and(|d| deps.contains(&d))
    })
}

/// Person `p` with the persons listed with it ("A, B and C play ...").
fn list_of(parse: &ModelParse, mentions: &[Mention], persons: &[usize], p: usize) -> Vec<usize> {
    let head = first_conjunct(parse, mentions[p].tokens.end - 1);
    persons
        .iter()
        .copied()
        .filter(|&q| first_conjunct(parse, mentions[q].tokens.end - 1) == head || q == p)
        .collect()
}

/// Drops the cast, crew and attendance candidates of people the parse shows to be characters
/// ("roles such as Captain X in Y", "Z as lawyer W").
pub(crate) fn drop_characters_as_people(
    doc: &Document,
    parse: &ModelParse,
    mentions: &[Mention],
    relations: &mut Vec<RelationCandidate>,
) {
    relations.retain(|r| {
        let person_role = matches!(
            r.kind,
            CandidateType::Rel(RelType::ACTED_IN | RelType::FILMED | RelType::ATTENDED)
        );
        let m = &mentions[r.from];
        let named = m.form == MentionForm::Name && m.label == Some(Label::Person);
        !(person_role && named && is_character(doc, parse, m))
    });
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::ingest::test_document;

    /// A document and a hand-made parse: (head, dep, lemma, tag) per token.
    pub(in crate::extract::model) fn parsed(
        text: &str,
        arcs: &[(usize, &str, &str, &str)],
    ) -> (Document, ModelParse) {
        let doc = test_document(text);
        assert_eq!(doc.tokens.len(), arcs.len(), "{:?}", doc.tokens);
        let parse = ModelParse {
            token_head: arcs.iter().map(|a| Some(a.0)).collect(),
            token_dep: arcs.iter().map(|a| Some(a.1.to_string())).collect(),
            token_lemma: arcs.iter().map(|a| Some(a.2.to_string())).collect(),
            token_tag: arcs.iter().map(|a| Some(a.3.to_string())).collect(),
            ..ModelParse::default()
        };
        (doc, parse)
    }

    /// A document and a hand-made parse without lemmas: (tag, dep, head) per token.
    pub(in crate::extract::model) fn parsed_without_lemmas(
        text: &str,
        arcs: &[(&str, &str, usize)],
    ) -> (Document, ModelParse) {
        let doc = test_document(text);
        assert_eq!(doc.tokens.len(), arcs.len(), "{:?}", doc.tokens);
        let parse = ModelParse {
            token_tag: arcs.iter().map(|a| Some(a.0.to_string())).collect(),
            token_dep: arcs.iter().map(|a| Some(a.1.to_string())).collect(),
            token_head: arcs.iter().map(|a| Some(a.2)).collect(),
            token_lemma: vec![None; arcs.len()],
            ..ModelParse::default()
        };
        (doc, parse)
    }

    fn person(tokens: std::ops::Range<usize>) -> Mention {
        Mention::test_name(tokens, Some(Label::Person))
    }

    #[test]
    fn the_object_of_plays_is_a_character_and_its_subject_is_not() {
        let (doc, parse) = parsed(
            "Kai Moss plays Lena Ford.",
            &[
                (1, "compound", "kai", "NNP"),
                (2, "nsubj", "moss", "NNP"),
                (2, "ROOT", "play", "VBZ"),
                (4, "compound", "lena", "NNP"),
                (2, "dobj", "ford", "NNP"),
                (2, "punct", ".", "."),
            ],
        );
        assert!(is_character(&doc, &parse, &person(3..5)));
        assert!(!is_character(&doc, &parse, &person(0..2)));
    }

    #[test]
    fn a_name_after_roles_such_as_is_a_character_but_after_members_such_as_is_not() {
        let arcs = |noun: &'static str| {
            [
                (1, "nsubj", "it", "PRP"),
                (1, "ROOT", "include", "VBZ"),
                (1, "dobj", noun, "NNS"),
                (4, "amod", "such", "JJ"),
                (2, "prep", "as", "IN"),
                (6, "compound", "tom", "NNP"),
                (4, "pobj", "ray", "NNP"),
                (1, "punct", ".", "."),
            ]
        };
        let (doc, parse) = parsed("It includes roles such as Tom Ray.", &arcs("role"));
        assert!(is_character(&doc, &parse, &person(5..7)));
        let (doc, parse) = parsed("It includes members such as Tom Ray.", &arcs("member"));
        assert!(!is_character(&doc, &parse, &person(5..7)));
    }

    #[test]
    fn a_cast_cue_belongs_to_the_name_its_relative_clause_describes() {
        let (doc, parse) = parsed(
            "Ana Bell met Kai Moss, who plays Ray.",
            &[
                (1, "compound", "ana", "NNP"),
                (2, "nsubj", "bell", "NNP"),
                (2, "ROOT", "meet", "VBD"),
                (4, "compound", "kai", "NNP"),
                (2, "dobj", "moss", "NNP"),
                (4, "punct", ",", ","),
                (7, "nsubj", "who", "WP"),
                (4, "relcl", "play", "VBZ"),
                (7, "dobj", "ray", "NNP"),
                (2, "punct", ".", "."),
            ],
        );
        let mentions = [person(0..2), person(3..5)];
        assert_eq!(
            cast_holders(&doc, &parse, &mentions, 0, &[0, 1]),
            Some(vec![1])
        );
    }

    #[test]
    fn his_role_belongs_to_a_person_named_before_the_pronoun() {
        let (doc, parse) = parsed(
            "Ana Bell, known for her role, met Kai Moss.",
            &[
                (1, "compound", "ana", "NNP"),
                (8, "nsubj", "bell", "NNP"),
                (1, "punct", ",", ","),
                (1, "acl", "know", "VBN"),
                (3, "prep", "for", "IN"),
                (6, "poss", "her", "PRP$"),
                (4, "pobj", "role", "NN"),
                (8, "punct", ",", ","),
                (8, "ROOT", "meet", "VBD"),
                (10, "compound", "kai", "NNP"),
                (8, "dobj", "moss", "NNP"),
                (8, "punct", ".", "."),
            ],
        );
        let mentions = [person(0..2), person(9..11)];
        assert_eq!(
            cast_holders(&doc, &parse, &mentions, 0, &[0, 1]),
            Some(vec![0])
        );
    }

    #[test]
    fn a_cast_list_without_a_tied_cue_keeps_every_person() {
        let (doc, parse) = parsed(
            "The cast includes Ana Bell and Kai Moss.",
            &[
                (1, "det", "the", "DT"),
                (2, "nsubj", "cast", "NN"),
                (2, "ROOT", "include", "VBZ"),
                (4, "compound", "ana", "NNP"),
                (2, "dobj", "bell", "NNP"),
                (4, "cc", "and", "CC"),
                (7, "compound", "kai", "NNP"),
                (4, "conj", "moss", "NNP"),
                (2, "punct", ".", "."),
            ],
        );
        let mentions = [person(3..5), person(6..8)];
        assert_eq!(cast_holders(&doc, &parse, &mentions, 0, &[0, 1]), None);
    }

    #[test]
    fn one_target_in_the_sentence_wins_over_the_article() {
        assert_eq!(target(&[4], Some(1)), Some((4, true)));
        assert_eq!(target(&[], Some(1)), Some((1, false)));
        assert_eq!(target(&[4, 5], Some(1)), None);
    }
}
