//! The `kgpipe` command line: parses arguments and calls the library.

use clap::{Parser, Subcommand};
use kgpipe::nlp::NlpFormat;
use kgpipe::{build, BuildOptions, ExtractorKind, Format, ProgressMode};
use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: kgpipe::oom::ExitOnOom = kgpipe::oom::ExitOnOom;

#[derive(Parser)]
#[command(
    name = "kgpipe",
    version,
    about = "Builds a knowledge graph from news articles and exports Neo4j CSV, Graphviz DOT and JSON-LD",
    after_help = "Examples:\n  kgpipe                                  build input/ into output/ (all formats)\n  kgpipe build --input corpus --output out --format neo4j,jsonld\n  kgpipe build --input ~/news --output out  a folder of .txt/.md/.html/.jsonl articles\n  kgpipe build --input story.html          one article\n  cat feed.jsonl | kgpipe build --input - --input-format jsonl\n  kgpipe init my-config && kgpipe build --input ~/news --config my-config\n  kgpipe score --gold tests/gold/seeds.merged.json\n  kgpipe nlp article.txt --json            parse one text with the built-in English model\n  KG_PW=secret kgpipe push --uri bolt://localhost:7687 --password-env KG_PW\n\nExit codes: 0 ok, 2 usage (also overlapping folders, an output that is a file, link or mount point), 3 configuration, 4 input (also: out of memory), 5 validation, 6 output (also: a folder kgpipe did not write, another run holding the output; for push: a refused connection or credentials, a failed statement), 128+N stopped by signal N."
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
    /// Write the default configuration (lexicon.toml, cues.toml, patterns.toml) into DIR for
    /// editing; never overwrites a file that differs from the default.
    Init {
        /// Folder to write (created if missing); then pass it as --config DIR.
        dir: PathBuf,
    },
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
        #[command(flatten)]
        policy: PolicyArgs,
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
        #[arg(long, default_value = ";", value_parser = parse_delimiter)]
        array_delimiter: char,
    },
    /// Build the graph like `build` and write it into a running database over Bolt (Neo4j,
    /// FalkorDB) instead of files: MERGE keyed on id, so pushing again changes nothing.
    Push(PushArgs),
    /// Explain what the extractor did with one article, sentence by sentence: the parse, the
    /// mentions and what typed them, coreference, the rules that fired and those that nearly did.
    Explain(kgpipe::explain::ExplainArgs),
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
    #[command(flatten)]
    source: SourceArgs,
    /// Folder to write; replaced as a whole when the new output is complete, and only if it is
    /// absent, empty or an earlier kgpipe output (marked by .kgpipe-output).
    #[arg(long, default_value = "output")]
    output: PathBuf,
    /// Formats to write, comma-separated: neo4j, dot, jsonld, graphml, html (graph.html, an
    /// interactive page that opens offline in a browser).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "neo4j,dot,jsonld,graphml,html"
    )]
    format: Vec<String>,
    /// Do not render graph.svg even when Graphviz is installed.
    #[arg(long)]
    no_svg: bool,
    /// Stop Graphviz after this many seconds and skip graph.svg with a warning.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    dot_timeout: f64,
    /// Draw only this entity's neighbourhood in graph.dot/svg: its name or an alias, any case
    /// (several entities with that name are all drawn). An unknown name is a usage error.
    #[arg(long, value_name = "NAME")]
    focus: Option<String>,
    /// With --focus: how many relationships away from the entity to draw.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    depth: usize,
    /// Progress on stderr: auto (when it is a terminal), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    progress: String,
    /// No progress and no summary on stderr (errors are still printed).
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    policy: PolicyArgs,
}

/// What to read and how to extract: shared by `build` and `push`.
#[derive(clap::Args)]
struct SourceArgs {
    /// A folder of articles (read recursively; its articles/ sub-folder when there is one),
    /// one article file, or - for standard input.
    #[arg(long, default_value = "input")]
    input: PathBuf,
    /// Which files of the input folder to read, e.g. '**/*.txt' (default: every .txt, .md,
    /// .html and .jsonl file).
    #[arg(long, value_name = "PATTERN")]
    glob: Option<String>,
    /// Read the input in this form instead of by extension: txt, md, html or jsonl.
    #[arg(long, value_name = "FORM")]
    input_format: Option<String>,
    /// Read symlinks that lead out of the input folder (refused by default).
    #[arg(long)]
    follow_symlinks: bool,
    /// Folder of configuration files overriding the built-in defaults, any of lexicon.toml,
    /// cues.toml, patterns.toml (see `kgpipe init`). Without it, such files in the input
    /// folder do.
    #[arg(long, env = "KGPIPE_CONFIG", value_name = "DIR")]
    config: Option<PathBuf>,
    /// Skip an unreadable, non-UTF-8, binary or oversized article with a warning instead of
    /// failing; the summary lists what was skipped.
    #[arg(long)]
    skip_bad_articles: bool,
    /// Largest article in bytes, counted as read (for JSON Lines: per line); a larger one is
    /// an input error, or skipped with --skip-bad-articles.
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    max_article_bytes: u64,
    /// Keep at most N evidence sentences per relationship (strongest first); all by default.
    #[arg(long, value_name = "N")]
    max_evidence_per_edge: Option<usize>,
    /// Most memory the build may plan for, in MiB (default: what is free, with swap). A
    /// build projected to need more stops early (exit 4) and says how much it would need.
    #[arg(long, value_name = "MIB")]
    memory_limit: Option<u64>,
    /// Extractor: `model` (the default: the rules with the built-in NLP model's entities and
    /// parse) or `rules` (lexicon, cue words and patterns only; the fast path, about 100x faster).
    #[arg(long, default_value = "model")]
    extractor: String,
}

#[derive(clap::Args)]
struct PushArgs {
    /// The server: bolt://HOST:PORT (bolt+s:// for TLS; neo4j:// for a Neo4j cluster).
    #[arg(long)]
    uri: String,
    /// User to authenticate as (FalkorDB: falkordb).
    #[arg(long, default_value = "neo4j")]
    user: String,
    /// Name of the environment variable holding the password; without it, no authentication.
    #[arg(long, value_name = "VAR")]
    password_env: Option<String>,
    /// Database to write (Neo4j); the server's default without it.
    #[arg(long)]
    database: Option<String>,
    #[command(flatten)]
    source: SourceArgs,
    /// Progress on stderr: auto (when it is a terminal), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    progress: String,
    /// No progress and no summary.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(clap::Args)]
struct PolicyArgs {
    /// Wait for another kgpipe run writing the same output instead of failing (exit 6).
    #[arg(long)]
    wait: bool,
    /// Replace an earlier kgpipe output even if files kgpipe wrote in it were changed since.
    /// Never replaces a folder kgpipe did not write, nor one holding files it did not write.
    #[arg(long)]
    force: bool,
}

impl PolicyArgs {
    fn policy(&self) -> kgpipe::output::OutputPolicy {
        kgpipe::output::OutputPolicy {
            wait: self.wait,
            force: self.force,
        }
    }
}

/// One character, or `U+XXXX` as import.sh writes it.
fn parse_delimiter(s: &str) -> Result<char, String> {
    let code = s.strip_prefix("U+").map(|h| u32::from_str_radix(h, 16));
    match (code, s.chars().count()) {
        (Some(Ok(c)), _) => char::from_u32(c).ok_or_else(|| format!("{s} is not a character")),
        (None, 1) => Ok(s.chars().next().expect("one character")),
        _ => Err("give one character or U+XXXX".into()),
    }
}

fn dot_timeout(seconds: f64) -> Result<std::time::Duration, kgpipe::Error> {
    std::time::Duration::try_from_secs_f64(seconds).map_err(|_| {
        kgpipe::Error::Usage(format!(
            "--dot-timeout {seconds}: give a number of seconds, 0 or more"
        ))
    })
}

impl SourceArgs {
    /// Build options reading this source into `output`.
    fn options(&self, output: &std::path::Path) -> Result<BuildOptions, kgpipe::Error> {
        let extractor = ExtractorKind::parse(&self.extractor).ok_or_else(|| {
            kgpipe::Error::Usage(format!(
                "unknown extractor {:?}: use rules or model",
                self.extractor
            ))
        })?;
        let mut options = BuildOptions::new(&self.input, output);
        options.extractor = extractor;
        options.glob = self.glob.clone();
        options.input_format = self.input_format.clone();
        options.follow_symlinks = self.follow_symlinks;
        options.config = self.config.clone();
        options.skip_bad_articles = self.skip_bad_articles;
        options.limits.max_article_bytes = self.max_article_bytes;
        options.limits.max_evidence_per_edge = self.max_evidence_per_edge;
        options.limits.memory_limit = self.memory_limit.map(|m| m.saturating_mul(1 << 20));
        Ok(options)
    }
}

fn run_build(args: BuildArgs) -> Result<(), kgpipe::Error> {
    let mut formats = Vec::new();
    for f in &args.format {
        formats.push(Format::parse(f).ok_or_else(|| {
            kgpipe::Error::Usage(format!("unknown format {f:?}: use {}", Format::names()))
        })?);
    }
    let mut options = args.source.options(&args.output)?;
    options.formats = formats;
    options.render_svg = !args.no_svg;
    options.progress = match args.quiet {
        true => ProgressMode::Never,
        false => ProgressMode::parse(&args.progress).unwrap_or_default(),
    };
    options.dot_timeout = dot_timeout(args.dot_timeout)?;
    if args.focus.is_some() && !options.formats.contains(&Format::Dot) {
        return Err(kgpipe::Error::Usage(
            "--focus draws graph.dot: add dot to --format".into(),
        ));
    }
    options.focus = args.focus.clone().map(|name| kgpipe::export::dot::Focus {
        name,
        depth: args.depth,
    });
    options.output_policy = args.policy.policy();
    let summary = build(&options)?;
    if !args.quiet {
        eprintln!(
            "{}",
            kgpipe::report::stderr_summary(
                summary.documents,
                &summary.skipped,
                summary.left_out,
                summary.warnings.len(),
                &args.output
            )
        );
    }
    // A closed pipe (`kgpipe | head`) ends the report quietly; the build itself is done.
    let _ = print_summary(&summary, &args.output);
    Ok(())
}

fn run_push(args: PushArgs) -> Result<(), kgpipe::Error> {
    let password = match &args.password_env {
        Some(var) => Some(std::env::var(var).map_err(|_| {
            kgpipe::Error::Usage(format!(
                "--password-env {var}: the environment variable {var} is not set (or not UTF-8)"
            ))
        })?),
        None => None,
    };
    let options = args.source.options(std::path::Path::new(""))?;
    let built = kgpipe::build_graph_with(&options)?;
    let progress = match args.quiet {
        true => ProgressMode::Never,
        false => ProgressMode::parse(&args.progress).unwrap_or_default(),
    };
    let to = kgpipe::push::Destination {
        uri: args.uri.clone(),
        user: args.user.clone(),
        password,
        database: args.database.clone(),
    };
    let summary = kgpipe::push::push(&built.graph, &to, progress)?;
    if !args.quiet {
        print!("{}", kgpipe::push::report(&summary, &args.uri));
    }
    Ok(())
}

fn run_init(dir: &std::path::Path) -> Result<(), kgpipe::Error> {
    for (path, outcome) in kgpipe::config::write_defaults(dir)? {
        let what = match outcome {
            kgpipe::config::InitOutcome::Written => "wrote",
            kgpipe::config::InitOutcome::AlreadyDefault => "kept (already the default)",
        };
        println!("kgpipe: {what} {}", path.display());
    }
    println!(
        "kgpipe: edit them, then build with --config {} (or KGPIPE_CONFIG={0})",
        dir.display()
    );
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
            writeln!(out, "  {}: {}", s.article, s.reason)?;
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
    if summary.left_out > 0 {
        writeln!(
            out,
            "names left out: {} (each with file, line and a hint in {})",
            summary.left_out,
            output.join(kgpipe::report::REPORT_FILE).display()
        )?;
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
    if let Err(e) = kgpipe::output::install_signal_cleanup() {
        eprintln!("kgpipe: warning: no cleanup on signals: {e}");
    }
    let result = match cli.command {
        None => run_build(cli.build),
        Some(Command::Build(args)) => run_build(args),
        Some(Command::Init { dir }) => run_init(&dir),
        Some(Command::Push(args)) => run_push(args),
        Some(Command::Explain(args)) => kgpipe::explain::run(&args),
        Some(Command::GenCorpus {
            articles,
            seed,
            output,
            config,
            policy,
        }) => {
            kgpipe::corpus::write(&output, articles, seed, &config, policy.policy()).map(|words| {
                println!(
                    "kgpipe: {articles} articles, {words} words → {}",
                    output.display()
                );
            })
        }
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
