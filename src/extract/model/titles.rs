//! Titles of works: a title-case phrase in quotation marks ("Top Gun: Maverick", "Hawkeye") and
//! a title-case WORK_OF_ART entity of the NER are one Show, colon and all.

use super::deprel::SHOW_NOUNS;
use super::ModelParse;
use crate::ingest::Document;
use std::ops::Range;

/// Why a Show was typed: a name in apposition to a common noun for a work ("their new film
/// Red Sky", "the drama, Northwind").
pub(crate) const AFTER_SHOW_NOUN: &str = "model: name in apposition to a show noun";

/// Why a Show was typed: a title-case phrase in quotation marks.
pub(crate) const QUOTED: &str = "model: quoted title";

/// Why a Show was typed: a title-case run with a minor word before a cast word.
pub(crate) const BEFORE_CAST_WORD: &str = "model: title before a cast word";

/// Why a Show was typed: the same words as a title found elsewhere in the article.
pub(crate) const NAMED_AGAIN: &str = "model: a title the article names elsewhere";

/// Why a Show was typed: a title in parentheses after a person (the person acted in it).
pub(crate) const AFTER_PERSON: &str = "model: title in parentheses after a person";

/// Longest quoted phrase, in words, still read as a title.
pub(crate) const MAX_TITLE_WORDS: usize = 8;

/// Words that a title may keep in lower case.
const MINOR_WORDS: [&str; 16] = [
    "of", "the", "a", "an", "and", "in", "on", "to", "for", "at", "with", "from", "or", "by", "'s",
    "vs",
];

/// The inner tokens of each quotation that reads as a title (not one that is said: after a
/// speech verb, a colon or a comma, or shouted in capitals); after a comma that follows a show
/// noun it is the title again ("the movie, \"Dusk.\"").
pub(crate) fn quoted_titles(
    doc: &Document,
    is_speech_verb: impl Fn(usize) -> bool,
    is_show_noun: impl Fn(usize) -> bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut t = 0;
    while t < doc.tokens.len() {
        let Some(q) = doc.tokens[t].quote else {
            t += 1;
            continue;
        };
        let end = (t..doc.tokens.len())
            .find(|&k| doc.tokens[k].quote != Some(q))
            .unwrap_or(doc.tokens.len());
        let inner = without_possessive(doc, trim_marks(doc, t..end));
        let named_work = t > 1 && doc.tokens[t - 1].norm == "," && is_show_noun(t - 2);
        let after_show_noun = named_work || (t > 0 && is_show_noun(t - 1));
        let said = (t > 0
            && !named_work
            && (is_speech_verb(t - 1) || matches!(doc.tokens[t - 1].norm.as_str(), ":" | ",")))
            || (!after_show_noun
                && is_said_before_speech_verb(doc, inner.end..end, &is_speech_verb));
        let titled =
            is_title(doc, inner.clone()) || (after_show_noun && is_loose_title(doc, inner.clone()));
        if !said && !is_shouted(doc, inner.clone()) && titled {
            out.push(inner);
        }
        t = end;
    }
    out
}

/// Words for the cast of a work: a title written before one is followed by it ("the Line of
/// Sight cast", "Lost in Time co-star Ann Lee").
const CAST_WORDS: [&str; 6] = ["cast", "castmate", "castmates", "costar", "costars", "co"];

/// Title-case runs joined by a lower-case minor word ("Lost in Time", "Line of Sight") right
/// before a cast word: the NER tends to split them at the minor word ("Lost" + "Time").
pub(crate) fn titles_before_cast_words(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for sentence in &doc.sentences {
        let mut t = sentence.tokens.start;
        while t < sentence.tokens.end {
            let mut run = title_run_after(doc, t, &|_| false);
            if run.is_empty() {
                t += 1;
                continue;
            }
            let opening_article = matches!(doc.tokens[run.start].norm.as_str(), "the" | "a" | "an");
            if run.start == sentence.tokens.start && opening_article {
                run.start += 1;
            }
            let joined_by_and = run
                .clone()
                .any(|k| matches!(doc.tokens[k].norm.as_str(), "and" | "&"));
            if has_inner_minor_word(doc, run.clone())
                && !joined_by_and
                && is_cast_word(doc, run.end)
            {
                out.push(run.clone());
            }
            t = run.end;
        }
    }
    out
}

fn is_cast_word(doc: &Document, t: usize) -> bool {
    let Some(tok) = doc.tokens.get(t) else {
        return false;
    };
    let lower = !tok.capitalised && CAST_WORDS.contains(&tok.norm.as_str());
    let split_costar = tok.norm == "co"
        && doc.tokens.get(t + 1).is_some_and(|n| n.norm == "-")
        && doc
            .tokens
            .get(t + 2)
            .is_some_and(|n| n.norm.starts_with("star"));
    let joined_costar = tok.norm.starts_with("co-star");
    let verb_cast = doc.tokens.get(t + 1).is_some_and(|n| {
        matches!(
            n.norm.as_str(),
            "a" | "an" | "the" | "his" | "her" | "their"
        )
    });
    lower && (tok.norm != "co" || split_costar) && !verb_cast || joined_costar
}

/// Does the title hold a lower-case minor word between capitalised ones ("Lost in Time")?
pub(crate) fn has_inner_minor_word(doc: &Document, r: Range<usize>) -> bool {
    r.len() > 2
        && (r.start + 1..r.end - 1).any(|t| {
            let tok = &doc.tokens[t];
            !tok.capitalised && MINOR_WORDS.contains(&tok.norm.as_str())
        })
}

/// Every other place the article writes one of `titles` (of several words with a minor word
/// inside, which the NER splits) word for word, not inside a longer capitalised name: once the
/// article has named the work, the same words are the work again.
pub(crate) fn other_occurrences(doc: &Document, titles: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for title in titles
        .iter()
        .filter(|r| has_inner_minor_word(doc, (*r).clone()))
    {
        let words: Vec<&str> = title.clone().map(|t| doc.token_text(t)).collect();
        let n = words.len();
        for s in 0..doc.tokens.len().saturating_sub(n - 1) {
            let same = (s..s + n)
                .map(|t| doc.token_text(t))
                .eq(words.iter().copied());
            let taken = titles
                .iter()
                .chain(out.iter())
                .any(|r| r.start < s + n && s < r.end);
            if same && !taken && !inside_longer_name(doc, s..s + n) {
                out.push(s..s + n);
            }
        }
    }
    out
}

/// Does a capitalised word touch `r` on either side?
pub(crate) fn inside_longer_name(doc: &Document, r: Range<usize>) -> bool {
    let capital = |t: usize| {
        doc.tokens
            .get(t)
            .is_some_and(|tok| tok.is_word && tok.capitalised)
    };
    (r.start > 0 && capital(r.start - 1)) || capital(r.end)
}

/// Why a Show was typed: a title right after a word that names a work.
pub(crate) const AFTER_CUE_WORD: &str = "model: title right after a word for a work";

/// Lower-case words for a work that a bare title may follow ("his new film X", "the doc 65
/// Roses (on CBC)").
const SHOW_CUE_WORDS: [&str; 13] = [
    "film",
    "movie",
    "series",
    "show",
    "drama",
    "documentary",
    "doc",
    "sitcom",
    "docuseries",
    "miniseries",
    "biopic",
    "comedy",
    "thriller",
];

/// Makers whose works follow "of" ("the creators of X and Y").
const MAKER_WORDS: [&str; 6] = [
    "creators",
    "creator",
    "makers",
    "co-creators",
    "showrunners",
    "showrunner",
];

/// Lower-case words that may follow a bare title (a preposition or a conjunction, not a verb).
const AFTER_TITLE_WORDS: [&str; 12] = [
    "on", "in", "at", "with", "for", "from", "and", "which", "that", "who", "was", "is",
];

/// Bare titles right after a word for a work: "his new film X on Friday", "the original X",
/// "best-picture winner X", "the creators of X and Y". The title ends at a mark or a
/// preposition (so "the film Tom Kay directed" is none).
pub(crate) fn titles_after_cue_words(
    doc: &Document,
    is_date_word: impl Fn(usize) -> bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for k in 0..doc.tokens.len() {
        let Some(list) = cue_kind(doc, k) else {
            continue;
        };
        let run = title_run_after(doc, k + 1, &is_date_word);
        if run.is_empty() || run.start != k + 1 || !ends_at_boundary(doc, run.end) {
            continue;
        }
        let items = if list {
            list_items(doc, run)
        } else {
            vec![run]
        };
        out.extend(items.into_iter().filter(|r| is_title(doc, r.clone())));
    }
    out
}

/// Is token `k` the last word of a cue for a title: Some(true) when a list of titles may follow.
fn cue_kind(doc: &Document, k: usize) -> Option<bool> {
    let tok = &doc.tokens[k];
    let text = doc.token_text(k);
    if !tok.is_word || text.chars().any(char::is_uppercase) {
        return None;
    }
    let prev = |n: usize| k.checked_sub(n).map(|p| doc.tokens[p].norm.as_str());
    let best_category = (1..=3).any(|n| prev(n).is_some_and(|w| w.starts_with("best")));
    let show_word = SHOW_CUE_WORDS.contains(&tok.norm.as_str());
    let the_original = tok.norm == "original" && prev(1) == Some("the");
    let category_winner =
        matches!(tok.norm.as_str(), "winner" | "recipient" | "nominee") && best_category;
    if show_word || the_original || category_winner {
        Some(false)
    } else if tok.norm == "of" && prev(1).is_some_and(|w| MAKER_WORDS.contains(&w)) {
        Some(true)
    } else {
        None
    }
}

/// Does a bare title end before token `t`: a mark, a preposition or a conjunction, or the end?
fn ends_at_boundary(doc: &Document, t: usize) -> bool {
    doc.tokens.get(t).is_none_or(|tok| {
        !tok.is_word || (!tok.capitalised && AFTER_TITLE_WORDS.contains(&tok.norm.as_str()))
    })
}

/// Tokens a speaker's name may take between a quotation and its speech verb.
const MAX_SPEAKER_TOKENS: usize = 4;

/// A quotation closed on a comma or a sentence mark inside the marks and followed by its
/// speech verb (`"Words," Ann Lee wrote`) is said, not a title.
fn is_said_before_speech_verb(
    doc: &Document,
    closing: Range<usize>,
    is_speech_verb: &impl Fn(usize) -> bool,
) -> bool {
    let closes_on_mark = closing
        .clone()
        .any(|k| matches!(doc.tokens[k].norm.as_str(), "," | "." | "!" | "?"));
    let sentence_end = doc
        .sentences
        .iter()
        .find(|s| s.tokens.contains(&closing.start))
        .map_or(closing.end, |s| s.tokens.end);
    let after = closing.end..sentence_end.min(closing.end + MAX_SPEAKER_TOKENS + 1);
    closes_on_mark
        && after
            .take_while(|&k| doc.tokens[k].is_word && doc.tokens[k].quote.is_none())
            .any(is_speech_verb)
}

/// Words for works that are no show, and for their makers: a quoted title beside one names a
/// book or a song ("the autobiography \"X\"", "the \"X\" singer").
pub(crate) const OTHER_WORK_WORDS: [&str; 20] = [
    "autobiography",
    "memoir",
    "book",
    "novel",
    "biography",
    "poem",
    "essay",
    "song",
    "single",
    "album",
    "track",
    "ballad",
    "anthem",
    "cover",
    "lyric",
    "singer",
    "songwriter",
    "rapper",
    "hitmaker",
    "author",
];

/// Is the work `r` part of a longer quotation that is a sentence (it has a verb outside the
/// work: `"Hope Ann Lee gets well soon"`)? Then the NER's reading of it as a title is wrong.
pub(crate) fn inside_said_quotation(doc: &Document, parse: &ModelParse, r: Range<usize>) -> bool {
    let Some(q) = doc.tokens[r.start].quote else {
        return false;
    };
    let in_quote = |k: &usize| doc.tokens[*k].quote == Some(q);
    let before = (0..r.start).rev().take_while(in_quote);
    let after = (r.end..doc.tokens.len()).take_while(in_quote);
    before.chain(after).any(|k| {
        doc.tokens[k].is_word
            && parse.token_tag[k]
                .as_deref()
                .is_some_and(|tag| tag.starts_with("VB") || tag == "MD")
    })
}

/// Is the one-word work `r` the first part of a hyphenated adjective ("her Nobel
/// prize-winning husband", "an Emmy award-winning actor")? It names a prize, not a show.
pub(crate) fn modifies_compound_adjective(
    doc: &Document,
    parse: &ModelParse,
    r: Range<usize>,
) -> bool {
    let at = |k: usize| doc.tokens.get(k);
    let lower_noun = at(r.end).is_some_and(|t| t.is_word && !t.capitalised);
    let joined = lower_noun && doc.token_text(r.end).contains('-');
    let hyphen = at(r.end + 1).is_some_and(|t| t.norm == "-");
    let participle = parse
        .token_tag
        .get(r.end + 2)
        .and_then(|t| t.as_deref())
        .is_some_and(|tag| matches!(tag, "VBG" | "VBN" | "JJ"));
    r.len() == 1 && (joined || (lower_noun && hyphen && participle))
}

/// Longest quoted book or song title, in words (a subtitle included).
const MAX_WORK_TITLE_WORDS: usize = 16;

/// Tokens between a quotation and the word for a book or song it names ("her memoir
/// \"X\"", "a cover of the band's \"X\"").
const MAX_WORK_NOUN_DISTANCE: usize = 4;

/// The inner tokens of each quotation naming a work that is no show: a title beside a word for
/// a book or a song (`is_other_work_word`: "autobiography", "single", "the \"X\" singer"). It
/// may be long and carry a subtitle or parentheses; it names one thing, so no name inside it is
/// an entity of its own.
pub(crate) fn quoted_other_works(
    doc: &Document,
    is_other_work_word: impl Fn(usize) -> bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut t = 0;
    while t < doc.tokens.len() {
        let Some(q) = doc.tokens[t].quote else {
            t += 1;
            continue;
        };
        let end = (t..doc.tokens.len())
            .find(|&k| doc.tokens[k].quote != Some(q))
            .unwrap_or(doc.tokens.len());
        let mut inner = trim_marks(doc, t..end);
        let closes_parenthesis = inner.end < end && doc.tokens[inner.end].norm == ")";
        if closes_parenthesis && inner.clone().any(|k| doc.tokens[k].norm == "(") {
            inner.end += 1;
        }
        let beside_work_word = (end < doc.tokens.len() && is_other_work_word(end))
            || (t.saturating_sub(MAX_WORK_NOUN_DISTANCE)..t)
                .rev()
                .take_while(|&k| !is_clause_break(doc, k))
                .any(&is_other_work_word);
        if !inner.is_empty() && beside_work_word && is_long_title(doc, inner.clone()) {
            out.push(inner);
        }
        t = end;
    }
    out
}

fn is_clause_break(doc: &Document, k: usize) -> bool {
    matches!(doc.tokens[k].norm.as_str(), "." | ";" | ":" | "!" | "?")
        || doc.tokens[k].quote.is_some()
}

/// A title that may run long: it starts capitalised, most of its words are capitalised, and it
/// holds no sentence mark but a colon, a dash or parentheses.
fn is_long_title(doc: &Document, r: Range<usize>) -> bool {
    let words: Vec<usize> = r.clone().filter(|&t| doc.tokens[t].is_word).collect();
    let capitalised = words.iter().filter(|&&t| doc.tokens[t].capitalised).count();
    let marks_ok = r.clone().filter(|&t| !doc.tokens[t].is_word).all(|t| {
        matches!(
            doc.tokens[t].norm.as_str(),
            ":" | "-" | "–" | "(" | ")" | "&" | "'" | "," | "!" | "?"
        )
    });
    (1..=MAX_WORK_TITLE_WORDS).contains(&words.len())
        && doc.tokens[r.start].capitalised
        && capitalised * 2 > words.len()
        && marks_ok
}

/// A quoted title right after a show noun may keep any word in lower case ("the film \"The
/// Man who Sold the Moon\""): it starts and ends capitalised, has no sentence mark, and is no
/// longer than a title.
fn is_loose_title(doc: &Document, r: Range<usize>) -> bool {
    let words = r.clone().filter(|&t| doc.tokens[t].is_word).count();
    let marks = r.clone().any(|t| {
        matches!(
            doc.tokens[t].norm.as_str(),
            "." | "," | ";" | "\"" | "(" | ")"
        )
    });
    (2..=MAX_TITLE_WORDS + 4).contains(&words)
        && !marks
        && doc.tokens[r.start].capitalised
        && doc.tokens[r.end - 1].capitalised
}

/// Title-case phrases in parentheses right after a person's name: "Vera Farmiga (Up in the
/// Air)", "director Ava DuVernay (Selma, Origin)".
pub(crate) fn parenthetical_titles(
    doc: &Document,
    parse: &ModelParse,
    person_ends_at: impl Fn(usize) -> bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (t, tok) in doc.tokens.iter().enumerate() {
        let quoted = tok.quote.is_some();
        if tok.norm != "(" || t == 0 || quoted || !person_ends_at(t - 1) {
            continue;
        }
        let limit = doc.tokens.len().min(t + 24);
        let Some(close) = (t + 1..limit).find(|&k| doc.tokens[k].norm == ")") else {
            continue;
        };
        out.extend(
            list_items(doc, t + 1..close)
                .into_iter()
                .map(|r| trim_marks(doc, r))
                .filter(|r| !r.is_empty() && is_title(doc, r.clone()))
                .filter(|r| {
                    !(is_full_person_name(parse, r.clone()) && named_elsewhere(doc, r.clone()))
                }),
        );
    }
    out
}

/// Is `r` exactly a PERSON entity of the NER of more than one word (an actor in parentheses
/// after the role: "Mayor Bo Lind (Ana Ruiz)")?
fn is_full_person_name(parse: &ModelParse, r: Range<usize>) -> bool {
    r.len() > 1
        && parse
            .token_ent
            .get(r.start)
            .copied()
            .flatten()
            .is_some_and(|e| {
                let ent = &parse.ents[e];
                ent.kind == "PERSON" && ent.tokens == r
            })
}

/// Are the words of `r` written elsewhere in the article, outside parentheses?
fn named_elsewhere(doc: &Document, r: Range<usize>) -> bool {
    let words: Vec<&str> = r.clone().map(|t| doc.tokens[t].norm.as_str()).collect();
    let n = words.len();
    (0..doc.tokens.len().saturating_sub(n)).any(|s| {
        s != r.start
            && (s == 0 || doc.tokens[s - 1].norm != "(")
            && (s..s + n)
                .map(|t| doc.tokens[t].norm.as_str())
                .eq(words.iter().copied())
    })
}

/// The items of a list "A, B and C" (split at commas, semicolons, slashes and "and").
fn list_items(doc: &Document, r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = r.start;
    for t in r.clone() {
        if matches!(doc.tokens[t].norm.as_str(), "," | ";" | "/" | "and") {
            if start < t {
                out.push(start..t);
            }
            start = t + 1;
        }
    }
    if start < r.end {
        out.push(start..r.end);
    }
    out
}

/// Title-case names in apposition to a singular show noun: "their new film Red Sky", "the
/// upcoming drama, Northwind". The parse must make the name an apposition of the noun (or the
/// noun a compound inside the name), so "the film Tom Kay directed" is not one; a date word
/// after a minor word ends the name ("the film Dusk in May").
pub(crate) fn apposed_titles(
    doc: &Document,
    parse: &ModelParse,
    is_date_word: impl Fn(usize) -> bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for sentence in &doc.sentences {
        for noun in sentence.tokens.clone() {
            if let Some(run) = apposed_title(doc, parse, noun, &is_date_word) {
                if run.end <= sentence.tokens.end {
                    out.push(run);
                }
            }
        }
    }
    out
}

/// The title in apposition to the show noun at `noun`, if any.
fn apposed_title(
    doc: &Document,
    parse: &ModelParse,
    noun: usize,
    is_date_word: &impl Fn(usize) -> bool,
) -> Option<Range<usize>> {
    // The tagger may read a lower-case show noun after a brand as a proper noun ("his Disney+
    // series"); a capitalised one is part of a name or a headline.
    let lower = doc.token_text(noun).chars().all(|c| !c.is_uppercase());
    let singular = match parse.token_tag[noun].as_deref() {
        Some("NN") => true,
        Some("NNP") => lower,
        _ => false,
    };
    if !singular || !parse.lemma(noun).is_some_and(|l| SHOW_NOUNS.contains(&l)) {
        return None;
    }
    let run = title_run_after(doc, noun + 1, is_date_word);
    if run.is_empty() || !is_title(doc, run.clone()) {
        return None;
    }
    let apposed = run.clone().any(|t| {
        parse.token_head[t] == Some(noun) && parse.token_dep[t].as_deref() == Some("appos")
    });
    let compound = parse.token_dep[noun].as_deref() == Some("compound")
        && parse.token_head[noun].is_some_and(|h| run.contains(&h));
    let entity = run.start == noun + 1 && is_named_thing(parse, run.clone());
    (apposed || compound || entity).then_some(run)
}

/// Is `run` exactly one NER entity that is not a person ("the NBC sitcom Dot & Ash")?
pub(crate) fn is_named_thing(parse: &ModelParse, run: Range<usize>) -> bool {
    let Some(e) = parse.token_ent.get(run.start).copied().flatten() else {
        return false;
    };
    let ent = &parse.ents[e];
    ent.tokens == run && ent.kind != "PERSON"
}

/// The title-case run starting at `t` (after an optional comma or opening quote): capitalised
/// words and numbers, with minor words between them.
fn title_run_after(
    doc: &Document,
    mut t: usize,
    is_date_word: &impl Fn(usize) -> bool,
) -> Range<usize> {
    while t < doc.tokens.len() && matches!(doc.tokens[t].norm.as_str(), "," | "\"" | "'") {
        t += 1;
    }
    let heads_run = |k: usize| {
        doc.tokens.get(k).is_some_and(|tok| {
            tok.is_word && (tok.capitalised || tok.norm.chars().all(|c| c.is_ascii_digit()))
        })
    };
    let start = t;
    let mut end = t;
    while end < doc.tokens.len() {
        if heads_run(end) {
            end += 1;
        } else if end > start
            && (MINOR_WORDS.contains(&doc.tokens[end].norm.as_str()) || doc.tokens[end].norm == "&")
            && heads_run(end + 1)
            && !is_date_word(end + 1)
        {
            end += 2;
        } else {
            break;
        }
    }
    start..end
}

/// More than one word, all in capitals.
fn is_shouted(doc: &Document, r: Range<usize>) -> bool {
    let words: Vec<&str> = r
        .filter(|&t| doc.tokens[t].is_word)
        .map(|t| doc.token_text(t))
        .collect();
    words.len() > 1 && words.iter().all(|w| !w.chars().any(char::is_lowercase))
}

/// Drops a possessive "'s" that ends a quotation ("\"The Long Day's\" Ann Lee"): the title is
/// the words before it.
fn without_possessive(doc: &Document, mut r: Range<usize>) -> Range<usize> {
    if r.len() > 1 && doc.tokens[r.end - 1].norm == "'s" {
        r.end -= 1;
    }
    r
}

/// Drops the quotation marks (and any punctuation) at both ends.
fn trim_marks(doc: &Document, mut r: Range<usize>) -> Range<usize> {
    while r.start < r.end && !doc.tokens[r.start].is_word {
        r.start += 1;
    }
    while r.end > r.start && !doc.tokens[r.end - 1].is_word {
        r.end -= 1;
    }
    r
}

/// A short phrase whose words are all capitalised except minor ones, with no sentence mark.
pub(crate) fn is_title(doc: &Document, r: Range<usize>) -> bool {
    let words = r.clone().filter(|&t| doc.tokens[t].is_word).count();
    let first = &doc.tokens[r.start];
    let number_first = starts_with_number(&first.norm) && (words > 1 || !is_number(&first.norm));
    if words == 0 || words > MAX_TITLE_WORDS || !(first.capitalised || number_first) {
        return false;
    }
    r.clone().all(|t| {
        let tok = &doc.tokens[t];
        if tok.is_word {
            tok.capitalised
                || (t == r.start && number_first)
                || MINOR_WORDS.contains(&tok.norm.as_str())
                || tok.norm.chars().all(|c| c.is_ascii_digit())
        } else {
            matches!(tok.norm.as_str(), ":" | "-" | "–" | "&" | "'" | "!" | "?")
                && !(t + 1 == r.end && tok.norm != "!" && tok.norm != "?")
        }
    }) && !r.clone().any(|t| doc.tokens[t].norm == "i")
}

fn starts_with_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
}

fn is_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::test_document as doc;

    fn titles(text: &str) -> Vec<String> {
        let d = doc(text);
        quoted_titles(
            &d,
            |t| d.tokens[t].norm == "said",
            |t| d.tokens[t].norm == "film",
        )
        .into_iter()
        .map(|r| d.span_text(r).to_string())
        .collect()
    }

    #[test]
    fn a_quoted_title_with_a_colon_is_one_title() {
        assert_eq!(
            titles("She starred in \u{201c}Night Train: The Return\u{201d} last year."),
            vec!["Night Train: The Return"]
        );
    }

    #[test]
    fn a_quoted_title_after_a_show_noun_and_comma_counts() {
        assert_eq!(
            titles("Locals will be extras in the film, \"Harbor Lights.\""),
            vec!["Harbor Lights"]
        );
        assert!(titles("He told the crowd, \"Harbor Lights\" and left.").is_empty());
    }

    /// A parse where token `noun` is a singular show noun and token `appos` its apposition.
    fn parse_with_apposition(d: &Document, noun: usize, appos: usize) -> ModelParse {
        let n = d.tokens.len();
        let mut p = ModelParse {
            token_tag: vec![None; n],
            token_lemma: vec![None; n],
            token_dep: vec![None; n],
            token_head: vec![None; n],
            ..ModelParse::default()
        };
        p.token_tag[noun] = Some("NN".into());
        p.token_lemma[noun] = Some(d.tokens[noun].norm.clone());
        p.token_dep[appos] = Some("appos".into());
        p.token_head[appos] = Some(noun);
        p
    }

    fn apposed(text: &str, noun: &str, appos: &str) -> Vec<String> {
        let d = doc(text);
        let at = |w: &str| d.tokens.iter().position(|t| t.norm == w).unwrap();
        let p = parse_with_apposition(&d, at(noun), at(appos));
        apposed_titles(&d, &p, |t| d.tokens[t].norm == "may")
            .into_iter()
            .map(|r| d.span_text(r).to_string())
            .collect()
    }

    #[test]
    fn a_title_in_apposition_to_a_show_noun_is_one_title() {
        assert_eq!(
            apposed(
                "They made their new film Copper Moon Two, shot in Leeds.",
                "film",
                "two"
            ),
            vec!["Copper Moon Two"]
        );
        assert_eq!(
            apposed(
                "Casting for the drama, Northwind, began.",
                "drama",
                "northwind"
            ),
            vec!["Northwind"]
        );
    }

    #[test]
    fn a_non_person_entity_right_after_a_show_noun_is_a_title() {
        let d = doc("She starred in the NBC sitcom Dot & Ash for years.");
        let n = d.tokens.len();
        let sitcom = d.tokens.iter().position(|t| t.norm == "sitcom").unwrap();
        let mut p = parse_with_apposition(&d, sitcom, 0);
        p.token_dep[0] = None;
        p.token_head[0] = None;
        p.token_ent = vec![None; n];
        for t in sitcom + 1..sitcom + 4 {
            p.token_ent[t] = Some(0);
        }
        p.ents.push(crate::extract::model::NerSpan {
            tokens: sitcom + 1..sitcom + 4,
            label: None,
            kind: "ORG".into(),
        });
        let got: Vec<_> = apposed_titles(&d, &p, |_| false)
            .into_iter()
            .map(|r| d.span_text(r).to_string())
            .collect();
        assert_eq!(got, vec!["Dot & Ash"]);
        p.ents[0].kind = "PERSON".into();
        assert!(apposed_titles(&d, &p, |_| false).is_empty());
    }

    #[test]
    fn a_date_after_a_minor_word_ends_an_apposed_title() {
        assert_eq!(
            apposed("The film Dusk in May opens soon.", "film", "dusk"),
            vec!["Dusk"]
        );
    }

    #[test]
    fn a_name_not_in_apposition_is_no_title() {
        let d = doc("In the film Tom Kay plays a pilot.");
        let p = parse_with_apposition(&d, 2, 0);
        assert!(apposed_titles(&d, &p, |_| false).is_empty());
    }

    #[test]
    fn a_title_may_start_with_a_number_but_is_no_bare_number() {
        let d = doc("The doc 65 Red Roses won, as did 13th and 2019.");
        let at = |w: &str| d.tokens.iter().position(|t| t.norm == w).unwrap();
        assert!(is_title(&d, at("65")..at("roses") + 1));
        assert!(is_title(&d, at("13th")..at("13th") + 1));
        assert!(!is_title(&d, at("2019")..at("2019") + 1));
    }

    #[test]
    fn a_quoted_title_right_after_a_show_noun_may_have_lower_case_words() {
        assert_eq!(
            titles("They shoot the film, \"The Man who Sold the Moon,\" here."),
            vec!["The Man who Sold the Moon"]
        );
        assert!(titles("He hummed \"The man who sold it\" all day.").is_empty());
    }

    #[test]
    fn a_one_word_quoted_title_counts() {
        assert_eq!(titles("He was in \"Lanterns\" in 2019."), vec!["Lanterns"]);
    }

    #[test]
    fn titles_in_parentheses_after_a_person_are_split_at_commas() {
        let d = doc("Nia Kell (Deep Water, \"The Long Road\") and Bo Ray (AP) will star.");
        let ends_kell = |t: usize| d.token_text(t) == "Kell";
        let parse = ModelParse {
            token_ent: vec![None; d.tokens.len()],
            ..ModelParse::default()
        };
        let got: Vec<_> = parenthetical_titles(&d, &parse, ends_kell)
            .into_iter()
            .map(|r| d.span_text(r).to_string())
            .collect();
        assert_eq!(got, vec!["Deep Water", "The Long Road"]);
    }

    #[test]
    fn a_title_before_a_cast_word_is_found_and_found_again_elsewhere() {
        let d = doc("Ann Lee's Lost in Time opened. The Lost in Time cast and Lost in Time co-star Bo Ray came.");
        let before_cast = titles_before_cast_words(&d);
        let texts = |rs: &[Range<usize>]| -> Vec<String> {
            rs.iter()
                .map(|r| d.span_text(r.clone()).to_string())
                .collect()
        };
        assert_eq!(texts(&before_cast), vec!["Lost in Time", "Lost in Time"]);
        let again = other_occurrences(&d, &before_cast);
        assert_eq!(texts(&again), vec!["Lost in Time"]);
        assert!(again[0].start < before_cast[0].start);
        for text in [
            "Tom Hale and Ann Lee cast members met.",
            "Men of Kent cast a vote.",
        ] {
            assert!(titles_before_cast_words(&doc(text)).is_empty(), "{text}");
        }
    }

    fn after_cues(text: &str) -> Vec<String> {
        let d = doc(text);
        titles_after_cue_words(&d, |t| d.tokens[t].norm == "may")
            .into_iter()
            .map(|r| d.span_text(r).to_string())
            .collect()
    }

    #[test]
    fn a_bare_title_right_after_a_word_for_a_work_is_a_title() {
        assert_eq!(after_cues("They saw his new film OK on May 2."), vec!["OK"]);
        assert_eq!(
            after_cues("Its cast joined the doc 40 Blue Kites (aired on ZTV)."),
            vec!["40 Blue Kites"]
        );
        assert_eq!(
            after_cues("She wrote the original The Den – a hit."),
            vec!["The Den"]
        );
        assert_eq!(
            after_cues("It is by the creators of Warden and Rule of Law."),
            vec!["Warden", "Rule of Law"]
        );
        assert_eq!(
            after_cues("He made best-picture winner The Tall Ship."),
            vec!["The Tall Ship"]
        );
        assert!(after_cues("In the film Tom Kay plays a pilot.").is_empty());
        assert!(after_cues("The makers of cars and the Film Board met.").is_empty());
    }

    #[test]
    fn a_quotation_closed_on_a_comma_before_its_speech_verb_is_said() {
        assert!(
            titles("\u{201c}Long Night Ahead,\u{201d} Ann Lee said beside a photo.").is_empty()
        );
        assert!(titles("\"Bright Days!\" the mayor said.").is_empty());
        assert_eq!(
            titles("Crew filmed the film \u{201c}Harbor Lights,\u{201d} the studio said."),
            vec!["Harbor Lights"]
        );
    }

    fn other_works(text: &str) -> Vec<String> {
        let d = doc(text);
        quoted_other_works(&d, |t| {
            OTHER_WORK_WORDS.contains(&d.tokens[t].norm.as_str()) && !d.tokens[t].capitalised
        })
        .into_iter()
        .map(|r| d.span_text(r).to_string())
        .collect()
    }

    #[test]
    fn a_quoted_book_or_song_title_is_one_work_however_long() {
        assert_eq!(
            other_works("It draws on her memoir \u{201c}A Life at Sea: My Long Voyage to the Cape and Home\u{201d}."),
            vec!["A Life at Sea: My Long Voyage to the Cape and Home"]
        );
        assert_eq!(
            other_works("The \"Silver Rain\" singer fell on stage."),
            vec!["Silver Rain"]
        );
        assert_eq!(
            other_works("He sang a cover of Kay's \"Cold Water (Runs Deep),\" live."),
            vec!["Cold Water (Runs Deep)"]
        );
        assert!(other_works("She starred in the film \"Silver Rain\" in May.").is_empty());
        assert!(other_works("The singer said \"we are so happy tonight\" twice.").is_empty());
    }

    #[test]
    fn a_name_opening_a_hyphenated_adjective_is_a_prize() {
        for text in [
            "He played her Emmy award-winning husband.",
            "He played her Emmy award - winning husband.",
        ] {
            let d = doc(text);
            let n = d.tokens.len();
            let emmy = d.tokens.iter().position(|t| t.norm == "emmy").unwrap();
            let mut p = ModelParse {
                token_tag: vec![None; n],
                ..ModelParse::default()
            };
            if emmy + 3 < n {
                p.token_tag[emmy + 3] = Some("VBG".into());
            }
            assert!(
                modifies_compound_adjective(&d, &p, emmy..emmy + 1),
                "{text}"
            );
        }
        let d = doc("He starred in Hawkeye last year.");
        let p = ModelParse {
            token_tag: vec![None; d.tokens.len()],
            ..ModelParse::default()
        };
        assert!(!modifies_compound_adjective(&d, &p, 3..4));
    }

    #[test]
    fn quoted_speech_is_not_a_title() {
        assert!(titles("\u{201c}It was a long day for all of us,\u{201d} he said.").is_empty());
        assert!(titles("\"I Love It\" she said.").is_empty());
        assert!(titles("He said \"Hello There\" twice.").is_empty());
        assert!(titles("A sign read \"WE ARE BACK\" today.").is_empty());
    }
}
