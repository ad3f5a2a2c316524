//! The `kgpipe` command line: parses arguments and calls the library.

use clap::{Parser, Subcommand};
use kgpipe::nlp::NlpFormat;
use kgpipe::{build, BuildOptions, ExtractorKind, Format};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kgpipe",
    version,
    about = "Builds a knowledge graph from news articles and exports Neo4j CSV, Graphviz DOT and JSON-LD",
    after_help = "Examples:\n  kgpipe                                  build input/ into output/ (all formats)\n  kgpipe build --input corpus --output out --format neo4j,jsonld\n  kgpipe score --gold ../shared/gold/seeds.merged.json\n  kgpipe nlp article.txt --json            parse one text with the built-in English model\n\nExit codes: 0 ok, 2 usage, 3 configuration, 4 input, 5 validation, 6 output."
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// With no subcommand: build, with these options.
    #[command(flatten)]
    build: BuildArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Build the graph from an input folder and write the exports (the default).
    Build(BuildArgs),
    /// Write a generated news corpus (articles, configuration, gold.json) for benchmarks.
    GenCorpus {
        /// Number of articles.
        #[arg(long, default_value_t = 1000)]
        articles: usize,
        /// Seed of the generator; the same seed gives the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Folder to write (becomes an input folder for `kgpipe build`).
        #[arg(long)]
        output: PathBuf,
        /// Where cues.toml and patterns.toml are copied from.
        #[arg(long, default_value = "input")]
        config: PathBuf,
    },
    /// Score an exported Neo4j CSV graph against a gold graph.
    Score {
        /// Gold graph JSON (the format of shared/gold); repeat to merge per-article golds.
        #[arg(long, required = true)]
        gold: Vec<PathBuf>,
        /// Folder of the Neo4j export to score.
        #[arg(long, default_value = "output/neo4j")]
        graph: PathBuf,
        /// Array delimiter of the export (import.sh names it when it is not `;`).
        #[arg(long, default_value_t = ';')]
        array_delimiter: char,
    },
    /// Parse a text with the built-in English model (spaCy's en_core_web_sm 3.8.0): tokens,
    /// lemmas, POS, tags, dependencies, sentences and entities.
    Nlp {
        /// Text file to parse, or `-` for stdin.
        file: PathBuf,
        /// Print spaCy-style JSON ({"tokens": [...], "ents": [...]}) instead of a table.
        #[arg(long)]
        json: bool,
        /// Read the model from this directory (laid out like models/en_core_web_sm) instead of
        /// the one built in.
        #[arg(long, hide = true)]
        model: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct BuildArgs {
    /// Folder with articles/ and the configuration (lexicon.toml, cues.toml, patterns.toml).
    #[arg(long, default_value = "input")]
    input: PathBuf,
    /// Folder to write; replaced as a whole only when the new output is complete.
    #[arg(long, default_value = "output")]
    output: PathBuf,
    /// Formats to write, comma-separated: neo4j, dot, jsonld.
    #[arg(long, value_delimiter = ',', default_value = "neo4j,dot,jsonld")]
    format: Vec<String>,
    /// Do not render graph.svg even when Graphviz is installed.
    #[arg(long)]
    no_svg: bool,
    /// Skip an unreadable, non-UTF-8, binary or oversized article with a warning instead of
    /// failing; the summary lists what was skipped.
    #[arg(long)]
    skip_bad_articles: bool,
    /// Largest article in bytes.
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    max_article_bytes: u64,
    /// Keep at most N evidence sentences per relationship (strongest first); all by default.
    #[arg(long, value_name = "N")]
    max_evidence_per_edge: Option<usize>,
    /// Extractor: `rules` (lexicon, cue words and patterns) or `model` (the rules with the
    /// built-in NLP model's entities and parse; slower).
    #[arg(long, default_value = "rules")]
    extractor: String,
}

fn run_build(args: BuildArgs) -> Result<(), kgpipe::Error> {
    let mut formats = Vec::new();
    for f in &args.format {
        formats.push(Format::parse(f).ok_or_else(|| {
            kgpipe::Error::Usage(format!("unknown format {f:?}: use neo4j, dot or jsonld"))
        })?);
    }
    let extractor = ExtractorKind::parse(&args.extractor).ok_or_else(|| {
        kgpipe::Error::Usage(format!(
            "unknown extractor {:?}: use rules or model",
            args.extractor
        ))
    })?;
    let mut options = BuildOptions::new(&args.input, &args.output);
    options.extractor = extractor;
    options.formats = formats;
    options.render_svg = !args.no_svg;
    options.skip_bad_articles = args.skip_bad_articles;
    options.progress = true;
    options.limits.max_article_bytes = args.max_article_bytes;
    options.limits.max_evidence_per_edge = args.max_evidence_per_edge;
    let summary = build(&options)?;
    // A closed pipe (`kgpipe | head`) ends the report quietly; the build itself is done.
    let _ = print_summary(&summary, &args.output);
    Ok(())
}

fn print_summary(summary: &kgpipe::Summary, output: &std::path::Path) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "kgpipe: {} articles → {}",
        summary.documents,
        output.display()
    )?;
    if !summary.skipped.is_empty() {
        writeln!(out, "skipped ({}):", summary.skipped.len())?;
        for s in &summary.skipped {
            writeln!(out, "  {s}")?;
        }
    }
    writeln!(out, "nodes:")?;
    for (label, n) in &summary.nodes {
        writeln!(out, "  {label:<14} {n}")?;
    }
    writeln!(out, "relationships:")?;
    for (rel, n) in &summary.relationships {
        writeln!(out, "  {rel:<14} {n}")?;
    }
    writeln!(out, "files:")?;
    for f in &summary.files {
        writeln!(out, "  {}", output.join(f).display())?;
    }
    if !summary.warnings.is_empty() {
        writeln!(out, "warnings ({}):", summary.warnings.len())?;
        for w in &summary.warnings {
            writeln!(out, "  {w}")?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => run_build(cli.build),
        Some(Command::Build(args)) => run_build(args),
        Some(Command::GenCorpus {
            articles,
            seed,
            output,
            config,
        }) => kgpipe::corpus::generate(&output, articles, seed, &config).map(|words| {
            println!(
                "kgpipe: {articles} articles, {words} words → {}",
                output.display()
            );
        }),
        Some(Command::Score {
            gold,
            graph,
            array_delimiter,
        }) => (|| {
            let gold = kgpipe::score::Gold::load_all(&gold)?;
            let (nodes, rels) = kgpipe::score::read_export(&graph, array_delimiter)?;
            print!("{}", kgpipe::score::score(&gold, &nodes, &rels).report());
            Ok(())
        })(),
        Some(Command::Nlp { file, json, model }) => {
            let format = if json {
                NlpFormat::Json
            } else {
                NlpFormat::Table
            };
            kgpipe::nlp::run_nlp_command(&file, format, model.as_deref())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kgpipe: error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
