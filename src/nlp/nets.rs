//! The neural half of the pipeline on a batch of documents' feature ids: shared tok2vec →
//! tagger and parser; the NER's own tok2vec → NER (using the parser's sentence starts).
//! Every matrix step runs once over all rows of the batch; the transition decoders run per
//! document. A batch gives the same result as each document alone.

use super::lexeme::{Features, IS_SPACE};
use super::model_files::ModelFiles;
use super::ner::{Ner, Span};
use super::parser::{Parse, Parser};
use super::tagger::Tagger;
use super::tok2vec::Tok2Vec;
use super::ModelError;

pub(crate) struct Networks {
    pub(crate) tok2vec: Tok2Vec,
    pub(crate) tagger: Tagger,
    pub(crate) parser: Parser,
    pub(crate) ner: Ner,
}

/// What the networks say about one document.
pub(crate) struct Analysis {
    pub(crate) tags: Vec<u16>,
    pub(crate) parse: Parse,
    pub(crate) ents: Vec<Span>,
}

impl Networks {
    pub(crate) fn from_files(files: &ModelFiles) -> Result<Networks, ModelError> {
        Ok(Networks {
            tok2vec: Tok2Vec::from_bytes("tok2vec/model", files.get("tok2vec/model")?)?,
            tagger: Tagger::from_bytes(files.get("tagger/model")?, files.get("tagger/cfg")?)?,
            parser: Parser::from_bytes(files.get("parser/model")?, files.get("parser/moves")?)?,
            ner: Ner::from_bytes(files.get("ner/model")?, files.get("ner/moves")?)?,
        })
    }

    /// Tags, parse and entities of each document.
    pub(crate) fn analyse(&self, docs: &[&[Features]]) -> Vec<Analysis> {
        let tensor = self.tok2vec.predict_batch(docs);
        let tags = self.tagger.predict(&tensor.data);
        let parser_table = self.parser.precompute(&tensor.data);
        let ner_table = self.ner.precompute(&self.ner.tok2vec(docs));
        let (p_len, n_len) = (self.parser.row_len(), self.ner.row_len());
        docs.iter()
            .enumerate()
            .map(|(d, feats)| {
                let (from, to) = (tensor.offsets[d], tensor.offsets[d + 1]);
                let is_space: Vec<bool> = feats.iter().map(|f| f[IS_SPACE] == 1).collect();
                let parse = self
                    .parser
                    .decode(&parser_table[from * p_len..to * p_len], &is_space);
                let ents = self.ner.decode(
                    &ner_table[from * n_len..to * n_len],
                    &parse.sent_starts,
                    &is_space,
                );
                Analysis {
                    tags: tags[from..to].to_vec(),
                    parse,
                    ents,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::sync::OnceLock;

    #[derive(Deserialize)]
    struct Reference {
        docs: Vec<RefDoc>,
    }

    #[derive(Deserialize)]
    struct RefDoc {
        features: Vec<Features>,
        tags: Vec<String>,
        heads: Vec<usize>,
        deps: Vec<String>,
        sent_starts: Vec<bool>,
        ents: Vec<(usize, usize, String)>,
        tensor: Option<Vec<Vec<f32>>>,
        ner_tok2vec: Option<Vec<Vec<f32>>>,
    }

    fn reference() -> &'static Reference {
        static REF: OnceLock<Reference> = OnceLock::new();
        REF.get_or_init(|| {
            serde_json::from_str(include_str!("../../tests/nlp/net_reference.json")).unwrap()
        })
    }

    fn nets() -> &'static Networks {
        static NETS: OnceLock<Networks> = OnceLock::new();
        NETS.get_or_init(|| Networks::from_files(&ModelFiles::embedded()).unwrap())
    }

    fn features() -> Vec<&'static [Features]> {
        reference()
            .docs
            .iter()
            .map(|d| d.features.as_slice())
            .collect()
    }

    fn max_diff(got: &[f32], want: &[Vec<f32>]) -> f32 {
        let want: Vec<f32> = want.iter().flatten().copied().collect();
        assert_eq!(got.len(), want.len());
        got.iter()
            .zip(&want)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max)
    }

    #[test]
    fn tok2vec_matches_spacy_tensor() {
        let nets = nets();
        let batch = nets.tok2vec.predict_batch(&features());
        for (d, doc) in reference().docs.iter().enumerate() {
            if let Some(want) = &doc.tensor {
                let diff = max_diff(batch.doc(d), want);
                assert!(diff < 1e-4, "doc {d}: max abs diff {diff}");
            }
        }
    }

    #[test]
    fn ner_tok2vec_and_projection_match_spacy() {
        let nets = nets();
        let batch = nets.ner.tok2vec(&features());
        for (d, doc) in reference().docs.iter().enumerate() {
            if let Some(want) = &doc.ner_tok2vec {
                let projected = nets.ner.project(batch.doc(d));
                let diff = max_diff(&projected, want);
                assert!(diff < 1e-4, "doc {d}: max abs diff {diff}");
            }
        }
    }

    #[test]
    fn tags_parse_and_entities_match_spacy() {
        let nets = nets();
        let out = nets.analyse(&features());
        for (d, (got, want)) in out.iter().zip(&reference().docs).enumerate() {
            let tags: Vec<&str> = got.tags.iter().map(|&t| nets.tagger.label(t)).collect();
            assert_eq!(tags, want.tags, "doc {d} tags");
            assert_eq!(got.parse.heads, want.heads, "doc {d} heads");
            let deps: Vec<&str> = got
                .parse
                .deps
                .iter()
                .map(|&l| nets.parser.label(l))
                .collect();
            assert_eq!(deps, want.deps, "doc {d} deps");
            let starts: Vec<bool> = (0..want.heads.len())
                .map(|i| i == 0 || got.parse.sent_starts[i])
                .collect();
            assert_eq!(starts, want.sent_starts, "doc {d} sentence starts");
            let ents: Vec<(usize, usize, String)> = got
                .ents
                .iter()
                .map(|e| (e.start, e.end, nets.ner.label(e.label).to_string()))
                .collect();
            assert_eq!(ents, want.ents, "doc {d} entities");
        }
    }

    #[test]
    fn a_batch_equals_each_document_alone() {
        let nets = nets();
        let feats = features();
        let batch = nets.tok2vec.predict_batch(&feats);
        let ner_batch = nets.ner.tok2vec(&feats);
        for (d, f) in feats.iter().enumerate() {
            assert_eq!(
                nets.tok2vec.predict_batch(&[f]).data,
                batch.doc(d),
                "doc {d}"
            );
            assert_eq!(
                nets.ner.tok2vec(&[f]).data,
                ner_batch.doc(d),
                "doc {d} (NER)"
            );
        }
    }

    /// Each network file truncated or with flipped bytes: loading fails with an error naming the
    /// file, or succeeds and the networks still run without panicking.
    #[test]
    fn corrupt_network_files_are_errors_not_panics() {
        let files = ModelFiles::embedded();
        let names = [
            "tok2vec/model",
            "tagger/model",
            "tagger/cfg",
            "parser/model",
            "parser/moves",
            "ner/model",
            "ner/moves",
        ];
        for name in names {
            let good = files.get(name).unwrap();
            for cut in [0, 1, good.len() / 3, good.len() - 1] {
                match load_with(&files, name, &good[..cut]) {
                    Err(ModelError::Corrupt { file, .. }) => assert_eq!(file, name),
                    Err(e) => panic!("{name} cut at {cut}: {e}"),
                    Ok(_) => panic!("{name} cut at {cut} loaded"),
                }
            }
            for at in [0, 1, 2, 5, 9, 17, 40, 100, good.len() / 2, good.len() - 2] {
                let mut bad = good.to_vec();
                bad[at.min(good.len() - 1)] ^= 0xA5;
                if let Ok(nets) = load_with(&files, name, &bad) {
                    nets.analyse(&features());
                }
            }
        }
    }

    fn load_with(files: &ModelFiles, name: &str, bytes: &[u8]) -> Result<Networks, ModelError> {
        let get = |n: &str| if n == name { Ok(bytes) } else { files.get(n) };
        Ok(Networks {
            tok2vec: Tok2Vec::from_bytes("tok2vec/model", get("tok2vec/model")?)?,
            tagger: Tagger::from_bytes(get("tagger/model")?, get("tagger/cfg")?)?,
            parser: Parser::from_bytes(get("parser/model")?, get("parser/moves")?)?,
            ner: Ner::from_bytes(get("ner/model")?, get("ner/moves")?)?,
        })
    }

    #[test]
    fn empty_documents_are_fine() {
        let nets = nets();
        let empty: &[Features] = &[];
        let out = nets.analyse(&[empty, reference().docs[0].features.as_slice(), empty]);
        assert_eq!(out.len(), 3);
        assert!(out[0].tags.is_empty() && out[2].ents.is_empty());
        assert_eq!(out[1].tags.len(), reference().docs[0].tags.len());
    }

    /// Documents grouped into batches of about 3,000 tokens.
    fn batches(docs: &[RefDoc]) -> Vec<Vec<&[Features]>> {
        let mut out: Vec<Vec<&[Features]>> = vec![Vec::new()];
        let mut size = 0;
        for d in docs {
            if size >= 3000 {
                out.push(Vec::new());
                size = 0;
            }
            size += d.features.len();
            out.last_mut().unwrap().push(&d.features);
        }
        out
    }

    fn agreement(nets: &Networks, docs: &[RefDoc], out: &[Analysis]) -> [(usize, usize); 4] {
        let mut counts = [(0, 0); 4];
        for (d, (got, want)) in out.iter().zip(docs).enumerate() {
            let in_ent = |ents: &[(usize, usize, String)], i: usize| {
                ents.iter()
                    .find(|e| e.0 <= i && i < e.1)
                    .map(|e| (e.0, e.1, e.2.clone()))
            };
            let got_ents: Vec<(usize, usize, String)> = got
                .ents
                .iter()
                .map(|e| (e.start, e.end, nets.ner.label(e.label).to_string()))
                .collect();
            for i in 0..want.tags.len() {
                let same = [
                    nets.tagger.label(got.tags[i]) == want.tags[i],
                    got.parse.heads[i] == want.heads[i],
                    nets.parser.label(got.parse.deps[i]) == want.deps[i],
                    in_ent(&got_ents, i) == in_ent(&want.ents, i),
                ];
                for (k, ok) in same.iter().enumerate() {
                    counts[k].0 += usize::from(*ok);
                    counts[k].1 += 1;
                    if !ok {
                        eprintln!("doc {d} token {i}: attribute {k} differs");
                    }
                }
            }
        }
        counts
    }

    fn process_cpu_seconds() -> f64 {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes into the timespec it is given.
        unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
        ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
    }

    /// `NLP_NET_REFERENCE=file.json cargo test --release --lib nlp::nets -- --ignored --nocapture`
    /// with a file from `scripts/nlp_net_reference.py OUT TEXT_FILE...`: agreement with spaCy and
    /// tokens/s of the networks on one and two threads (printed, not asserted).
    #[test]
    #[ignore]
    fn agreement_and_speed_on_a_large_reference() {
        let path = std::env::var("NLP_NET_REFERENCE").expect("NLP_NET_REFERENCE");
        let reference: Reference =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let nets = nets();
        let batches = batches(&reference.docs);
        let tokens: usize = reference.docs.iter().map(|d| d.features.len()).sum();
        let (start, cpu) = (std::time::Instant::now(), process_cpu_seconds());
        let out: Vec<Analysis> = batches.iter().flat_map(|b| nets.analyse(b)).collect();
        let single = tokens as f64 / start.elapsed().as_secs_f64();
        let per_cpu = tokens as f64 / (process_cpu_seconds() - cpu);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let start = std::time::Instant::now();
        let out2: Vec<Vec<Analysis>> = pool.install(|| {
            use rayon::prelude::*;
            batches.par_iter().map(|b| nets.analyse(b)).collect()
        });
        let double = tokens as f64 / start.elapsed().as_secs_f64();
        let counts = agreement(nets, &reference.docs, &out);
        println!("{tokens} tokens; 1 thread {single:.0} tokens/s ({per_cpu:.0} per CPU second), 2 threads {double:.0} tokens/s");
        for (name, (ok, all)) in ["tag", "head", "dep", "entity"].iter().zip(counts) {
            println!(
                "{name}: {ok}/{all} = {:.4}%",
                100.0 * ok as f64 / all as f64
            );
            assert!(
                ok as f64 >= 0.999 * all as f64,
                "{name} agreement below 99.9%"
            );
        }
        let again: Vec<Analysis> = out2.into_iter().flatten().collect();
        assert!(out
            .iter()
            .zip(&again)
            .all(|(a, b)| a.tags == b.tags && a.parse.heads == b.parse.heads));
    }
}
