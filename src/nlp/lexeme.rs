//! Lexical attributes the embeddings hash (NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE) and
//! spaCy's string ids (the symbol table, else MurmurHash64A with seed 1).

use super::pychar;
use super::tokenizer::RawToken;
use super::ModelError;
use rmpv::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// The six feature ids of a token, in the order NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE.
pub(crate) type Features = [u64; 6];
pub(crate) const IS_SPACE: usize = 5;

/// Texts of this length (in code points) or more have the shape `LONG`.
const LONG_SHAPE: usize = 100;

/// spaCy's base norms (`spacy/lang/norm_exceptions.py`), consulted after the model's
/// `lexeme_norm` table and before `lower()`: quotes, dashes and currency signs.
const BASE_NORMS: [(&str, &str); 45] = [
    ("'s", "'s"),
    ("'S", "'s"),
    ("’s", "'s"),
    ("’S", "'s"),
    ("’", "'"),
    ("‘", "'"),
    ("´", "'"),
    ("`", "'"),
    ("”", "\""),
    ("“", "\""),
    ("''", "\""),
    ("``", "\""),
    ("´´", "\""),
    ("„", "\""),
    ("»", "\""),
    ("«", "\""),
    ("‘‘", "\""),
    ("’’", "\""),
    ("？", "?"),
    ("！", "!"),
    ("，", ","),
    ("；", ";"),
    ("：", ":"),
    ("。", "."),
    ("।", "."),
    ("…", "..."),
    ("—", "-"),
    ("–", "-"),
    ("--", "-"),
    ("---", "-"),
    ("——", "-"),
    ("€", "$"),
    ("£", "$"),
    ("¥", "$"),
    ("฿", "$"),
    ("US$", "$"),
    ("C$", "$"),
    ("A$", "$"),
    ("₺", "$"),
    ("₹", "$"),
    ("৳", "$"),
    ("₩", "$"),
    ("Mex$", "$"),
    ("₣", "$"),
    ("E£", "$"),
];

/// spaCy's symbol table: names whose string id is a small integer, not a hash.
#[derive(Clone)]
pub(crate) struct Symbols(Arc<HashMap<String, u64>>);

impl Symbols {
    pub(crate) fn from_json(bytes: &[u8]) -> Result<Symbols, ModelError> {
        let table: HashMap<String, u64> = serde_json::from_slice(bytes).map_err(|e| {
            ModelError::corrupt("symbols.json", format!("not a map of names to ids: {e}"))
        })?;
        Ok(Symbols(Arc::new(table)))
    }

    /// spaCy's 64-bit id of a string: 0 for "", the symbol id of a symbol name, else
    /// MurmurHash64A of the UTF-8 bytes with seed 1.
    pub(crate) fn id(&self, s: &str) -> u64 {
        if s.is_empty() {
            return 0;
        }
        match self.0.get(s) {
            Some(&id) => id,
            None => murmurhash64a(s.as_bytes(), 1),
        }
    }
}

/// Austin Appleby's MurmurHash64A (little-endian blocks), as spaCy's `hash_string` uses it.
/// Hand-written: it is 20 lines, and the crates that offer it hash other variants by default.
pub(crate) fn murmurhash64a(key: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (key.len() as u64).wrapping_mul(M);
    let mut blocks = key.chunks_exact(8);
    for block in &mut blocks {
        let mut k = u64::from_le_bytes(block.try_into().unwrap_or([0; 8]));
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= u64::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// The lexical attribute tables: the model's `lexeme_norm` and the symbol table.
pub(crate) struct Lexicon {
    symbols: Symbols,
    lexeme_norm: HashMap<u64, Box<str>>,
    base_norms: HashMap<&'static str, &'static str>,
}

impl Lexicon {
    pub(crate) fn new(lookups: &[u8], symbols: Symbols) -> Result<Lexicon, ModelError> {
        Ok(Lexicon {
            symbols,
            lexeme_norm: read_lexeme_norm(lookups)?,
            base_norms: BASE_NORMS.into_iter().collect(),
        })
    }

    pub(crate) fn features(&self, text: &str, token: &RawToken) -> Features {
        let orth = &text[token.start..token.end];
        let norm = match &token.norm {
            Some(norm) => self.symbols.id(norm),
            None => self.symbols.id(&self.lexeme_norm(orth)),
        };
        [
            norm,
            self.symbols.id(prefix(orth)),
            self.symbols.id(suffix(orth)),
            self.symbols.id(&shape(orth)),
            u64::from(token.spacy),
            u64::from(pychar::str_is_space(orth)),
        ]
    }

    /// The NORM of a word type: the model's `lexeme_norm`, else spaCy's base norms, else
    /// `lower()`.
    pub(crate) fn lexeme_norm(&self, orth: &str) -> String {
        if let Some(norm) = self.lexeme_norm.get(&self.symbols.id(orth)) {
            return norm.to_string();
        }
        match self.base_norms.get(orth) {
            Some(norm) => norm.to_string(),
            None => pychar::lower(orth),
        }
    }
}

/// `lookups.bin`: a msgpack map whose `lexeme_norm` table maps string ids to norms.
fn read_lexeme_norm(bytes: &[u8]) -> Result<HashMap<u64, Box<str>>, ModelError> {
    const FILE: &str = "vocab/lookups.bin";
    let root = rmpv::decode::read_value(&mut &bytes[..])
        .map_err(|e| ModelError::corrupt(FILE, format!("not msgpack: {e}")))?;
    let table = root
        .as_map()
        .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some("lexeme_norm")))
        .and_then(|(_, v)| v.as_map())
        .ok_or_else(|| ModelError::corrupt(FILE, "no `lexeme_norm` table"))?;
    table
        .iter()
        .map(|(k, v)| match (k.as_u64(), v) {
            (Some(id), Value::String(s)) => s
                .as_str()
                .map(|s| (id, s.into()))
                .ok_or_else(|| ModelError::corrupt(FILE, "a norm is not UTF-8")),
            _ => Err(ModelError::corrupt(
                FILE,
                "a `lexeme_norm` entry is not id -> string",
            )),
        })
        .collect()
}

/// The first code point.
fn prefix(orth: &str) -> &str {
    orth.chars().next().map_or("", |c| &orth[..c.len_utf8()])
}

/// The last three code points (all of a shorter text).
fn suffix(orth: &str) -> &str {
    let start = orth.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    &orth[start..]
}

/// spaCy's word shape: `X`/`x` for upper/other letters, `d` for digits, other characters as
/// they are, runs of one mapped character cut after four; `LONG` from 100 code points on.
pub(crate) fn shape(orth: &str) -> String {
    if orth.chars().nth(LONG_SHAPE - 1).is_some() {
        return "LONG".to_string();
    }
    let mut out = String::with_capacity(orth.len());
    let mut last = None;
    let mut run = 0;
    for c in orth.chars() {
        let mapped = shape_char(c);
        if Some(mapped) == last {
            run += 1;
        } else {
            run = 0;
            last = Some(mapped);
        }
        if run < 4 {
            out.push(mapped);
        }
    }
    out
}

fn shape_char(c: char) -> char {
    if pychar::is_alpha(c) {
        if pychar::is_upper(c) {
            'X'
        } else {
            'x'
        }
    } else if pychar::is_digit(c) {
        'd'
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols() -> Symbols {
        Symbols::from_json(br#"{"": 0, "mark": 423, "X": 101, "GPE": 384, "punct": 445}"#).unwrap()
    }

    #[test]
    fn murmurhash_matches_spacy_test_vectors() {
        assert_eq!(murmurhash64a(b"'s", 1), 16428057658620181782);
        assert_eq!(murmurhash64a(b"apple", 1), 8566208034543834098);
        assert_eq!(symbols().id("noun"), 16833663260455505849);
    }

    #[test]
    fn symbols_override_hashes() {
        let s = symbols();
        assert_eq!(s.id("mark"), 423);
        assert_eq!(s.id("X"), 101);
        assert_eq!(s.id("punct"), 445);
        assert_eq!(s.id(""), 0);
        assert_ne!(s.id("Mark"), 423);
    }

    #[test]
    fn shape_maps_and_cuts_runs() {
        assert_eq!(shape("Apple"), "Xxxxx");
        assert_eq!(shape("Applesauce"), "Xxxxx");
        assert_eq!(shape("2024"), "dddd");
        assert_eq!(shape("1234567"), "dddd");
        assert_eq!(shape("x²"), "xd");
        assert_eq!(shape("U.K."), "X.X.");
        assert_eq!(shape("ǅemal"), "xxxx");
        assert_eq!(shape("ǅA"), "xX");
        assert_eq!(shape("....."), "....");
        assert_eq!(shape(&"a".repeat(99)), "xxxx");
        assert_eq!(shape(&"a".repeat(100)), "LONG");
        assert_eq!(shape(&"é".repeat(100)), "LONG");
    }

    #[test]
    fn prefix_and_suffix_are_code_points() {
        assert_eq!(prefix("Éclair"), "É");
        assert_eq!(suffix("Kauaʻi"), "aʻi");
        assert_eq!(suffix("ab"), "ab");
        assert_eq!(prefix(""), "");
    }

    #[test]
    fn bad_symbols_are_a_model_error() {
        assert!(Symbols::from_json(b"[1, 2]").is_err());
        assert!(read_lexeme_norm(b"\xc1").is_err());
        assert!(read_lexeme_norm(&[0x80]).is_err());
    }
}
