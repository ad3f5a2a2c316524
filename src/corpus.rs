//! A deterministic generator of news-like articles for benchmarks: a generated lexicon of
//! people, shows, places and organisations, articles built from sentence templates that
//! exercise every relation type, and the gold graph of what the templates state (in the format
//! of `shared/gold/`). The same seed gives byte-identical files on every machine: the random
//! stream is SplitMix64, fixed here so that no dependency update can change a corpus.

use crate::error::{Error, Result};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// SplitMix64: small, fast and stable across versions and platforms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const GIVEN_MALE: &[&str] = &[
    "James", "Robert", "Michael", "David", "Daniel", "Matthew", "Andrew", "Joshua", "Ryan",
    "Nathan", "Kevin", "Brian", "Jason", "Justin", "Adam", "Peter", "Henry", "Samuel", "Oliver",
    "Lucas",
];
const GIVEN_FEMALE: &[&str] = &[
    "Emma", "Olivia", "Sophia", "Mia", "Amelia", "Harper", "Evelyn", "Abigail", "Emily", "Ella",
    "Grace", "Chloe", "Lily", "Hannah", "Nora", "Zoe", "Leah", "Audrey", "Claire", "Lucy",
];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mer", "vin", "dra", "sel", "tor", "ban", "qui", "mon", "ral", "zen", "por", "lin",
    "ster", "gar", "wel", "dan", "ric", "bel",
];
const SHOW_WORDS: &[&str] = &[
    "Silent", "River", "Broken", "Crown", "Night", "Harbor", "Iron", "Echo", "Last", "Signal",
    "Golden", "Hollow", "Winter", "Empire", "Shadow", "Falcon", "Glass", "Storm", "Midnight",
    "Frontier",
];
const REGIONS: &[&str] = &[
    "Nevada",
    "California",
    "Oregon",
    "Texas",
    "Florida",
    "Arizona",
    "Colorado",
    "Utah",
    "Ohio",
    "Georgia",
    "Washington",
    "Montana",
];
const VEHICLES: &[&str] = &["snowplow", "truck", "tractor", "car", "bus"];
const KIN: &[(&str, bool)] = &[
    ("daughter", true),
    ("son", false),
    ("niece", true),
    ("nephew", false),
];
/// Neutral news prose that names no entity, so that articles have a realistic length.
const FILLER: &[&str] = &[
    "The weeks that followed were filled with appointments, exercises and long quiet evenings at home.",
    "It was not the first setback of a long career, but it was by far the most serious one.",
    "In interviews, friends described a stubborn optimism that never seemed to fade for long.",
    "The recovery has been slow, and there were days when even a short walk felt impossible.",
    "It is a process that doctors say can take many months, with progress measured in small steps.",
    "The messages of support kept arriving from colleagues, neighbours and people who had never met the family.",
    "In the meantime, work on several projects continued quietly in the background.",
    "The footage shared online showed careful, deliberate movements and a great deal of patience.",
    "It remains unclear when a full return to work will be possible, and no date has been announced.",
    "The local community organised a small gathering to thank the crews who responded that morning.",
    "In the comments, many readers shared stories of their own injuries and recoveries.",
    "The road where it happened is narrow, steep and often covered in ice during the coldest weeks.",
];
/// Filler sentences per article: about 500 words in all, as in real coverage.
const FILLER_SENTENCES: usize = 26;

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

fn coined(rng: &mut Rng, parts: usize) -> String {
    cap(&(0..parts).map(|_| *rng.pick(SYLLABLES)).collect::<String>())
}

struct World {
    people: Vec<(String, bool)>,
    shows: Vec<String>,
    places: Vec<(String, String)>,
    platforms: Vec<String>,
}

fn world(rng: &mut Rng, size: usize) -> World {
    let n = size.clamp(50, 5000);
    let mut people = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    while people.len() < n {
        let female = rng.below(2) == 0;
        let given = *rng.pick(if female { GIVEN_FEMALE } else { GIVEN_MALE });
        let name = format!("{given} {}", coined(rng, 2));
        if seen.insert(name.clone()) {
            people.push((name, female));
        }
    }
    let mut shows = Vec::new();
    while shows.len() < n / 2 {
        let name = format!("{} {}", rng.pick(SHOW_WORDS), coined(rng, 2));
        if seen.insert(name.clone()) {
            shows.push(name);
        }
    }
    let mut places = Vec::new();
    while places.len() < n / 2 {
        let name = coined(rng, 3);
        if seen.insert(name.clone()) {
            places.push((name, rng.pick(REGIONS).to_string()));
        }
    }
    let mut platforms = Vec::new();
    while platforms.len() < 40 {
        let name = format!("{}+", coined(rng, 2));
        if seen.insert(name.clone()) {
            platforms.push(name);
        }
    }
    World {
        people,
        shows,
        places,
        platforms,
    }
}

/// Gold entities and relations, keyed as in `shared/gold/`.
#[derive(Default)]
struct GoldBuilder {
    entities: BTreeMap<String, Value>,
    relations: BTreeMap<(String, String, String), Value>,
}

impl GoldBuilder {
    fn entity(&mut self, key: &str, label: &str, name: &str, aliases: &[&str]) {
        self.entities.entry(key.to_string()).or_insert_with(
            || json!({"key": key, "label": label, "name": name, "aliases": aliases}),
        );
    }
    fn relation(&mut self, from: &str, rel: &str, to: &str, properties: Value) {
        self.relations.entry((from.into(), rel.into(), to.into())).or_insert_with(|| {
            json!({"from": from, "type": rel, "to": to, "evidence": [], "properties": properties})
        });
    }
}

fn key(label: &str, name: &str) -> String {
    format!(
        "{}:{}",
        label.to_lowercase(),
        crate::resolve::name_key(name)
    )
}

/// Writes `articles` generated articles, the configuration with a generated lexicon, and
/// `gold.json` into `dir`. Returns the number of words written.
/// Writes a generated corpus into `output` the way `build` writes its exports: only when
/// `output` is absent, empty or an earlier generated corpus, never overlapping `config_from`,
/// through a staging folder swapped in when complete. Returns the number of words.
pub fn write(
    output: &Path,
    articles: usize,
    seed: u64,
    config_from: &Path,
    policy: crate::output::OutputPolicy,
) -> Result<u64> {
    let tx = crate::output::Transaction::begin(
        output,
        crate::output::Kind::GenCorpus,
        &[("--config", config_from), ("--output", output)],
        policy,
    )?;
    let words = generate(tx.staging(), articles, seed, config_from)?;
    tx.commit()?;
    Ok(words)
}

/// Writes a generated corpus into `dir` as it is (see [`write`] for the safe way).
pub fn generate(dir: &Path, articles: usize, seed: u64, config_from: &Path) -> Result<u64> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write {
            path: path.clone(),
            source,
        }
    };
    let art_dir = dir.join("articles");
    std::fs::create_dir_all(&art_dir).map_err(io(&art_dir))?;
    let mut rng = Rng(seed);
    let w = world(&mut rng, articles);
    for f in ["cues.toml", "patterns.toml"] {
        std::fs::copy(config_from.join(f), dir.join(f)).map_err(io(&dir.join(f)))?;
    }
    let mut lexicon = String::from("# Generated by kgpipe gen-corpus.\n");
    let mut add = |label: &str, name: &str, extra: &str| {
        let _ = write!(
            lexicon,
            "\n[[entity]]\nlabel = \"{label}\"\nname = \"{name}\"\n{extra}"
        );
    };
    for (p, female) in &w.people {
        let surname = p.split(' ').nth(1).unwrap_or(p);
        add(
            "Person",
            p,
            &format!(
                "aliases = [\"{surname}\"]\ngender = \"{}\"\n",
                if *female { "female" } else { "male" }
            ),
        );
    }
    for s in &w.shows {
        add("Show", s, "");
    }
    for (pl, _) in &w.places {
        add("Place", pl, "");
    }
    for o in &w.platforms {
        add("Organization", o, "");
    }
    std::fs::write(dir.join("lexicon.toml"), &lexicon).map_err(io(&dir.join("lexicon.toml")))?;

    let mut gold = GoldBuilder::default();
    let mut words = 0u64;
    for i in 0..articles {
        let (person, female) = w.people[rng.below(w.people.len())].clone();
        let (he, his, him) = if female {
            ("she", "her", "her")
        } else {
            ("he", "his", "him")
        };
        let surname = person.split(' ').nth(1).unwrap_or(&person).to_string();
        let show = rng.pick(&w.shows).clone();
        let show2 = rng.pick(&w.shows).clone();
        let platform = rng.pick(&w.platforms).clone();
        let (place, region) = rng.pick(&w.places).clone();
        let (kin, kin_female) = *rng.pick(KIN);
        let child = format!(
            "{} {}",
            rng.pick(if kin_female { GIVEN_FEMALE } else { GIVEN_MALE }),
            surname
        );
        let vehicle = *rng.pick(VEHICLES);
        let pk = key("Person", &person);
        gold.entity(&pk, "Person", &person, &[&surname]);
        let mut text = String::new();
        let mut sentences: Vec<String> = Vec::new();
        let order = rng.below(2);
        sentences.push(format!(
            "{person} was crushed by a {vehicle} near {place}, {region}, last winter."
        ));
        let ek = format!("event:accident:{}", crate::resolve::name_key(&person));
        let accident = format!("{} accident", cap(vehicle));
        gold.entity(&ek, "Event", &accident, &["accident"]);
        gold.relation(&pk, "INJURED_IN", &ek, json!({}));
        let plk = key("Place", &place);
        let rk = key("Place", &region);
        gold.entity(&plk, "Place", &place, &[]);
        gold.entity(&rk, "Place", &region, &[]);
        gold.relation(&ek, "OCCURRED_AT", &plk, json!({}));
        gold.relation(&plk, "LOCATED_IN", &rk, json!({}));
        sentences.push(format!(
            "The {show} star has been working with a physical therapist ever since."
        ));
        let sk = key("Show", &show);
        gold.entity(&sk, "Show", &show, &[]);
        gold.relation(&pk, "ACTED_IN", &sk, json!({}));
        let tk = format!(
            "person:{}'s physical therapist",
            crate::resolve::name_key(&person)
        );
        gold.entity(
            &tk,
            "Person",
            &format!("{person}'s physical therapist"),
            &["physical therapist"],
        );
        gold.relation(
            &pk,
            "WORKS_WITH",
            &tk,
            json!({"role": "physical therapist"}),
        );
        sentences.push(format!(
            "{surname} says it is {his} {kin}, {child}, who inspires {him} to keep going."
        ));
        let ck = key("Person", &child);
        gold.entity(&ck, "Person", &child, &[]);
        gold.relation(&ck, "RELATIVE_OF", &pk, json!({"kind": kin}));
        gold.relation(&pk, "INSPIRED_BY", &ck, json!({}));
        sentences.push(format!(
            "{} is now filming {his} {platform} series, {show2}.",
            cap(he)
        ));
        let s2k = key("Show", &show2);
        let ok = key("Organization", &platform);
        gold.entity(&s2k, "Show", &show2, &[]);
        gold.entity(&ok, "Organization", &platform, &[]);
        gold.relation(&pk, "FILMED", &s2k, json!({}));
        gold.relation(&s2k, "AIRS_ON", &ok, json!({}));
        if order == 0 {
            sentences.push(format!(
                "In April, {surname} attended the {show2} premiere in {place}."
            ));
            let prk = format!("event:premiere:{}", crate::resolve::name_key(&show2));
            gold.entity(&prk, "Event", &format!("{show2} premiere"), &["premiere"]);
            gold.relation(&pk, "ATTENDED", &prk, json!({}));
            gold.relation(&prk, "PREMIERE_OF", &s2k, json!({}));
            gold.relation(&prk, "OCCURRED_AT", &plk, json!({}));
        } else {
            sentences.push(format!(
                "Earlier, {surname} was saving {his} {kin} from being hit when the crash happened."
            ));
            gold.relation(&pk, "SAVED", &ck, json!({}));
        }
        sentences.push("Fans have followed the recovery closely, and the story continues to draw attention online.".into());
        for _ in 0..FILLER_SENTENCES {
            let at = 1 + rng.below(sentences.len());
            sentences.insert(at, rng.pick(FILLER).to_string());
        }
        for s in &sentences {
            text.push_str(s);
            text.push(' ');
        }
        text.push('\n');
        words += text.split_whitespace().count() as u64;
        let path = art_dir.join(format!("{i:07}.txt"));
        let mut f = std::fs::File::create(&path).map_err(io(&path))?;
        f.write_all(text.as_bytes()).map_err(io(&path))?;
    }
    let doc = json!({
        "documents": articles,
        "entities": gold.entities.into_values().collect::<Vec<_>>(),
        "relations": gold.relations.into_values().collect::<Vec<_>>(),
    });
    let text = serde_json::to_string(&doc).map_err(|e| Error::Export(e.to_string()))?;
    std::fs::write(dir.join("gold.json"), text).map_err(io(&dir.join("gold.json")))?;
    Ok(words)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let input = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let wa = super::generate(a.path(), 20, 7, &input).unwrap();
        let wb = super::generate(b.path(), 20, 7, &input).unwrap();
        assert_eq!(wa, wb);
        for f in ["articles/0000013.txt", "lexicon.toml", "gold.json"] {
            assert_eq!(
                std::fs::read(a.path().join(f)).unwrap(),
                std::fs::read(b.path().join(f)).unwrap(),
                "{f}"
            );
        }
    }
}
