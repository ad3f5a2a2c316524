//! Quality scoring: compares an exported Neo4j CSV graph with a gold graph (the format of
//! `shared/gold/`) by its rules: names and aliases normalised, one-to-one entity matching per
//! label, relationships matched by type and endpoints, optional gold items neither rewarded nor
//! punished. Reads the export as neo4j-admin would: every `*.csv` below the folder, `:ID` →
//! node file, `:START_ID` + `:END_ID` → relationship file, labels and types from their column
//! or the file stem.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const SCORED_LABELS: [&str; 5] = ["Person", "Show", "Place", "Event", "Organization"];
const SCORED_TYPES: [&str; 12] = [
    "INJURED_IN",
    "INSPIRED_BY",
    "FILMED",
    "ACTED_IN",
    "OCCURRED_AT",
    "LOCATED_IN",
    "RELATIVE_OF",
    "SAVED",
    "ATTENDED",
    "AIRS_ON",
    "PREMIERE_OF",
    "WORKS_WITH",
];

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    pub key: String,
    pub label: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldRelation {
    pub from: String,
    #[serde(rename = "type")]
    pub rel_type: String,
    pub to: String,
    #[serde(default)]
    pub properties: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    pub entities: Vec<GoldEntity>,
    pub relations: Vec<GoldRelation>,
}

impl Gold {
    /// Merges per-document gold graphs the way `seeds.merged.json` is made: entities by key
    /// with aliases unioned, relations by (from, type, to); an item is optional only if it is
    /// optional everywhere.
    pub fn merge(parts: Vec<Gold>) -> Gold {
        let mut entities: BTreeMap<String, GoldEntity> = BTreeMap::new();
        let mut relations: BTreeMap<(String, String, String), GoldRelation> = BTreeMap::new();
        for part in parts {
            for e in part.entities {
                match entities.get_mut(&e.key) {
                    Some(old) => {
                        for a in e.aliases {
                            if !old.aliases.contains(&a) {
                                old.aliases.push(a);
                            }
                        }
                        old.optional &= e.optional;
                    }
                    None => {
                        entities.insert(e.key.clone(), e);
                    }
                }
            }
            for r in part.relations {
                let key = (r.from.clone(), r.rel_type.clone(), r.to.clone());
                match relations.get_mut(&key) {
                    Some(old) => {
                        old.optional &= r.optional;
                        for (k, v) in r.properties {
                            old.properties.entry(k).or_insert(v);
                        }
                    }
                    None => {
                        relations.insert(key, r);
                    }
                }
            }
        }
        Gold {
            entities: entities.into_values().collect(),
            relations: relations.into_values().collect(),
        }
    }

    /// Loads one gold file, or merges several.
    pub fn load_all(paths: &[PathBuf]) -> Result<Gold> {
        let parts = paths
            .iter()
            .map(|p| Gold::load(p))
            .collect::<Result<Vec<_>>>()?;
        Ok(Gold::merge(parts))
    }

    pub fn load(path: &Path) -> Result<Gold> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| Error::Input {
            path: path.to_path_buf(),
            line: e.line(),
            message: e.to_string(),
        })
    }
}

/// A node as read back from the CSVs.
#[derive(Debug, Clone)]
pub struct PredictedNode {
    pub id: String,
    pub labels: Vec<String>,
    pub name: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PredictedRel {
    pub from: String,
    pub rel_type: String,
    pub to: String,
    pub properties: BTreeMap<String, String>,
    /// The exported `confidence`, where the export has one.
    pub confidence: Option<f64>,
}

/// The scorer's normalisation of a name.
pub fn normalise(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let s: String = name.nfkc().collect();
    let s: String = s
        .chars()
        .map(|c| match c {
            '‘' | '’' | '‛' | '′' => '\'',
            '“' | '”' | '„' => '"',
            c => c,
        })
        .collect();
    let s = s.to_lowercase();
    let s = s.replace("'s ", " ");
    let s = s.strip_suffix("'s").unwrap_or(&s).to_string();
    let s: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '+' || c.is_whitespace() {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = s.split_whitespace().collect();
    let words = if words.first() == Some(&"the") {
        &words[1..]
    } else {
        &words[..]
    };
    words.join(" ")
}

/// Reads the graph of a Neo4j export folder.
pub fn read_export(
    dir: &Path,
    array_delimiter: char,
) -> Result<(Vec<PredictedNode>, Vec<PredictedRel>)> {
    let mut files = Vec::new();
    collect_csv(dir, &mut files)?;
    files.sort();
    let mut nodes = Vec::new();
    let mut rels = Vec::new();
    for f in files {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(&f)
            .map_err(|e| csv_err(&f, e))?;
        let header: Vec<String> = r
            .headers()
            .map_err(|e| csv_err(&f, e))?
            .iter()
            .map(String::from)
            .collect();
        let ty = |h: &str| {
            h.rsplit_once(':')
                .map(|(_, t)| t.to_string())
                .unwrap_or_default()
        };
        let find = |pred: &dyn Fn(&str) -> bool| header.iter().position(|h| pred(h));
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id_col = find(&|h| ty(h).starts_with("ID"));
        let start_col = find(&|h| ty(h).starts_with("START_ID"));
        let end_col = find(&|h| ty(h).starts_with("END_ID"));
        let name_col = find(&|h| h == "name" || h.starts_with("name:"));
        let alias_col = find(&|h| h == "aliases:string[]");
        let label_col = find(&|h| ty(h) == "LABEL");
        let type_col = find(&|h| ty(h) == "TYPE");
        let kind_col = find(&|h| h == "kind" || h.starts_with("kind:"));
        let role_col = find(&|h| h == "role" || h.starts_with("role:"));
        let confidence_col = find(&|h| h == "confidence" || h.starts_with("confidence:"));
        for rec in r.records() {
            let rec = rec.map_err(|e| csv_err(&f, e))?;
            let get = |c: Option<usize>| c.and_then(|i| rec.get(i)).unwrap_or("").to_string();
            if let Some(idc) = id_col {
                let labels = match label_col {
                    Some(_) => get(label_col)
                        .split(';')
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect(),
                    None => vec![stem.clone()],
                };
                let aliases = get(alias_col)
                    .split(array_delimiter)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
                nodes.push(PredictedNode {
                    id: get(Some(idc)),
                    labels,
                    name: get(name_col),
                    aliases,
                });
            } else if start_col.is_some() && end_col.is_some() {
                let rel_type = if type_col.is_some() {
                    get(type_col)
                } else {
                    stem.clone()
                };
                let mut properties = BTreeMap::new();
                for (k, c) in [("kind", kind_col), ("role", role_col)] {
                    let v = get(c);
                    if !v.is_empty() {
                        properties.insert(k.to_string(), v);
                    }
                }
                rels.push(PredictedRel {
                    from: get(start_col),
                    rel_type,
                    to: get(end_col),
                    properties,
                    confidence: get(confidence_col).parse().ok(),
                });
            }
        }
    }
    Ok((nodes, rels))
}

fn csv_err(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line() as usize);
    Error::Input {
        path: path.to_path_buf(),
        line,
        message: e.to_string(),
    }
}

fn collect_csv(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    for e in entries {
        let p = e
            .map_err(|source| Error::Read {
                path: dir.to_path_buf(),
                source,
            })?
            .path();
        if p.is_dir() {
            collect_csv(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "csv") {
            out.push(p);
        }
    }
    Ok(())
}

/// Counts for one label or type.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub predicted: usize,
    pub matched: usize,
    pub gold: usize,
    pub found: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            if self.gold == 0 {
                1.0
            } else {
                0.0
            }
        } else {
            self.matched as f64 / self.predicted as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.found as f64 / self.gold as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: &Counts) {
        self.predicted += o.predicted;
        self.matched += o.matched;
        self.gold += o.gold;
        self.found += o.found;
    }
}

#[derive(Debug, Clone, Default)]
pub struct Score {
    pub entities: BTreeMap<String, Counts>,
    pub relations: BTreeMap<String, Counts>,
    /// Relationships scored without comparing `kind` / `role`.
    pub relations_loose: BTreeMap<String, Counts>,
    pub missed_entities: Vec<String>,
    pub spurious_entities: Vec<String>,
    pub missed_relations: Vec<String>,
    pub spurious_relations: Vec<String>,
    /// Scored relationships (strict), as (confidence, correct), for ranking quality.
    pub ranked: Vec<(f64, bool)>,
}

/// Precision of the more confident half of `ranked` (ties broken by order), and its size.
pub fn top_half_precision(ranked: &[(f64, bool)]) -> (f64, usize) {
    let mut sorted = ranked.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let half = sorted.len().div_ceil(2);
    let correct = sorted[..half].iter().filter(|(_, ok)| *ok).count();
    let precision = if half == 0 {
        0.0
    } else {
        correct as f64 / half as f64
    };
    (precision, half)
}

impl Score {
    pub fn entity_total(&self) -> Counts {
        total(&self.entities)
    }
    pub fn relation_total(&self) -> Counts {
        total(&self.relations)
    }
    pub fn relation_loose_total(&self) -> Counts {
        total(&self.relations_loose)
    }

    /// A table of precision, recall and F1 per label and type, and the misses.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let row = |s: &mut String, name: &str, c: &Counts| {
            let _ = writeln!(
                s,
                "  {:<14} P {:.3}  R {:.3}  F1 {:.3}   ({} predicted, {} gold)",
                name,
                c.precision(),
                c.recall(),
                c.f1(),
                c.predicted,
                c.gold
            );
        };
        let _ = writeln!(s, "entities");
        for (k, c) in &self.entities {
            row(&mut s, k, c);
        }
        row(&mut s, "all", &self.entity_total());
        let _ = writeln!(s, "relationships");
        for (k, c) in &self.relations {
            row(&mut s, k, c);
        }
        row(&mut s, "all", &self.relation_total());
        row(&mut s, "all (no kind/role)", &self.relation_loose_total());
        if self.ranked.iter().any(|(c, _)| c.is_finite()) {
            let (p, n) = top_half_precision(&self.ranked);
            let _ = writeln!(s, "  top half by confidence: P {p:.3}   ({n} edges)");
        }
        for (title, list) in [
            ("missed entities", &self.missed_entities),
            ("spurious entities", &self.spurious_entities),
            ("missed relationships", &self.missed_relations),
            ("spurious relationships", &self.spurious_relations),
        ] {
            if !list.is_empty() {
                let _ = writeln!(s, "{title}:");
                for x in list {
                    let _ = writeln!(s, "  {x}");
                }
            }
        }
        s
    }
}

fn total(m: &BTreeMap<String, Counts>) -> Counts {
    let mut t = Counts::default();
    for c in m.values() {
        t.add(c);
    }
    t
}

fn property_agrees(gold: Option<&serde_json::Value>, pred: Option<&String>) -> bool {
    let (Some(g), Some(p)) = (gold, pred) else {
        return true;
    };
    let p = normalise(p);
    match g {
        serde_json::Value::String(s) => normalise(s) == p,
        serde_json::Value::Array(a) => a
            .iter()
            .any(|v| v.as_str().is_some_and(|s| normalise(s) == p)),
        _ => true,
    }
}

/// Scores predicted nodes and relationships against the gold graph.
pub fn score(gold: &Gold, nodes: &[PredictedNode], rels: &[PredictedRel]) -> Score {
    let mut out = Score::default();
    let gold_names: Vec<BTreeSet<String>> = gold
        .entities
        .iter()
        .map(|g| {
            std::iter::once(&g.name)
                .chain(g.aliases.iter())
                .map(|n| normalise(n))
                .collect()
        })
        .collect();
    let scored: Vec<&PredictedNode> = nodes
        .iter()
        .filter(|n| n.labels.iter().any(|l| SCORED_LABELS.contains(&l.as_str())))
        .collect();
    let mut node_gold: BTreeMap<String, usize> = BTreeMap::new();
    let mut taken: BTreeSet<usize> = BTreeSet::new();
    // Pass 1: canonical name equals a gold name or alias; pass 2: any alias overlap.
    for pass in 0..2 {
        for n in &scored {
            if node_gold.contains_key(&n.id) {
                continue;
            }
            let names: BTreeSet<String> = if pass == 0 {
                [normalise(&n.name)].into()
            } else {
                std::iter::once(&n.name)
                    .chain(n.aliases.iter())
                    .map(|a| normalise(a))
                    .collect()
            };
            let hit = gold.entities.iter().enumerate().find(|(gi, g)| {
                !taken.contains(gi)
                    && n.labels.contains(&g.label)
                    && !names.is_disjoint(&gold_names[*gi])
            });
            if let Some((gi, _)) = hit {
                taken.insert(gi);
                node_gold.insert(n.id.clone(), gi);
            }
        }
    }
    for l in SCORED_LABELS {
        let mut c = Counts::default();
        for n in scored.iter().filter(|n| n.labels.iter().any(|x| x == l)) {
            match node_gold.get(&n.id) {
                Some(&gi) if gold.entities[gi].optional => {}
                Some(_) => {
                    c.predicted += 1;
                    c.matched += 1;
                }
                None => {
                    c.predicted += 1;
                    out.spurious_entities.push(format!("{l} {:?}", n.name));
                }
            }
        }
        for (gi, g) in gold.entities.iter().enumerate() {
            if g.label == l && !g.optional {
                c.gold += 1;
                if taken.contains(&gi) {
                    c.found += 1;
                } else {
                    out.missed_entities.push(format!("{l} {:?}", g.name));
                }
            }
        }
        if c != Counts::default() {
            out.entities.insert(l.to_string(), c);
        }
    }
    let key_of = |id: &str| node_gold.get(id).map(|&gi| gold.entities[gi].key.as_str());
    let name_of = |id: &str| {
        nodes
            .iter()
            .find(|n| n.id == id)
            .map_or(id.to_string(), |n| n.name.clone())
    };
    let mut seen = BTreeSet::new();
    let unique: Vec<&PredictedRel> = rels
        .iter()
        .filter(|r| SCORED_TYPES.contains(&r.rel_type.as_str()))
        .filter(|r| seen.insert((r.from.clone(), r.rel_type.clone(), r.to.clone())))
        .collect();
    for (strict, target) in [
        (true, &mut out.relations),
        (false, &mut out.relations_loose),
    ] {
        let mut found_gold = BTreeSet::new();
        let mut gold_index: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
        for (gi, g) in gold.relations.iter().enumerate() {
            gold_index
                .entry((g.rel_type.as_str(), g.from.as_str(), g.to.as_str()))
                .or_default()
                .push(gi);
        }
        for t in SCORED_TYPES {
            let mut c = Counts::default();
            for r in unique.iter().filter(|r| r.rel_type == t) {
                let candidates = match (key_of(&r.from), key_of(&r.to)) {
                    (Some(f), Some(to)) => gold_index.get(&(t, f, to)).cloned().unwrap_or_default(),
                    _ => Vec::new(),
                };
                let hit = candidates
                    .into_iter()
                    .map(|gi| (gi, &gold.relations[gi]))
                    .find(|(_, g)| {
                        !strict
                            || ["kind", "role"].iter().all(|k| {
                                property_agrees(g.properties.get(*k), r.properties.get(*k))
                            })
                    });
                let confidence = r.confidence.unwrap_or(f64::NAN);
                match hit {
                    Some((_, g)) if g.optional => {}
                    Some((gi, _)) => {
                        c.predicted += 1;
                        c.matched += 1;
                        found_gold.insert(gi);
                        if strict {
                            out.ranked.push((confidence, true));
                        }
                    }
                    None => {
                        c.predicted += 1;
                        if strict {
                            out.ranked.push((confidence, false));
                        }
                        if strict {
                            out.spurious_relations.push(format!(
                                "{} -[{t}]-> {}",
                                name_of(&r.from),
                                name_of(&r.to)
                            ));
                        }
                    }
                }
            }
            for (gi, g) in gold.relations.iter().enumerate() {
                if g.rel_type == t && !g.optional {
                    c.gold += 1;
                    if found_gold.contains(&gi) {
                        c.found += 1;
                    } else if strict {
                        out.missed_relations
                            .push(format!("{} -[{t}]-> {}", g.from, g.to));
                    }
                }
            }
            if c != Counts::default() {
                target.insert(t.to_string(), c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{normalise, top_half_precision};

    #[test]
    fn top_half_precision_ranks_by_confidence() {
        let ranked = [(0.9, true), (0.2, false), (0.8, true), (0.3, false)];
        assert_eq!(top_half_precision(&ranked), (1.0, 2));
        let inverted = [(0.1, true), (0.9, false), (0.2, true)];
        assert_eq!(top_half_precision(&inverted), (0.5, 2));
        assert_eq!(top_half_precision(&[]), (0.0, 0));
    }

    #[test]
    fn normalisation_follows_the_gold_rules() {
        assert_eq!(normalise("The Hurt Locker"), "hurt locker");
        assert_eq!(normalise("Jeremy Renner’s nephew"), "jeremy renner nephew");
        assert_eq!(normalise("Disney+"), "disney+");
        assert_eq!(normalise("Mt. Rose  Highway"), "mt rose highway");
        assert_eq!(normalise("ＡＢＣ"), "abc");
    }
}
