//! Articles in the forms people have them: a folder alone (no configuration beside it),
//! recursively and with --glob, one file, standard input, Markdown, HTML and JSON Lines, and
//! the metadata they carry (title, date, URL, publisher) reaching the Article node,
//! PUBLISHED_BY and every export. Each message has its test.

mod common;

use std::path::Path;
use std::process::{Output, Stdio};

const STORY: &str = "Jeremy Renner was injured in a snowplow accident in Reno, Nevada. \
The actor starred in Hawkeye on Disney+.";

fn kgpipe(input: &Path, output: &Path, extra: &[&str]) -> Output {
    common::kgpipe_build(input, output)
        .args(extra)
        .output()
        .unwrap()
}

fn ok(run: &Output) -> String {
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(
        run.status.success(),
        "exit {:?}: {stderr}{}",
        run.status.code(),
        String::from_utf8_lossy(&run.stdout)
    );
    String::from_utf8_lossy(&run.stdout).to_string() + &stderr
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The rows of an exported node file, without its header.
fn rows(out: &Path, label: &str) -> Vec<String> {
    read(&out.join(format!("neo4j/nodes/{label}.csv")))
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect()
}

fn has_person(out: &Path, name: &str) -> bool {
    rows(out, "Person")
        .iter()
        .any(|r| r.contains(&format!(",{name},")))
}

#[test]
fn a_folder_of_articles_alone_just_works() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    write(&news.join("story.txt"), STORY);
    let out = tmp.path().join("out");
    let log = ok(&kgpipe(&news, &out, &[]));
    assert!(log.contains("1 articles"), "{log}");
    assert!(
        has_person(&out, "Jeremy Renner"),
        "the built-in lexicon and patterns apply"
    );
    assert!(
        read(&out.join("neo4j/relationships/INJURED_IN.csv")).contains("person:jeremy-renner"),
        "the built-in patterns apply"
    );
}

#[test]
fn a_folder_is_read_recursively_in_every_form_and_glob_chooses_files() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    write(&news.join("a.txt"), STORY);
    write(&news.join("2024/03/b.md"), &format!("# Storm\n\n{STORY}\n"));
    write(
        &news.join("2024/c.html"),
        &format!("<html><body><p>{STORY}</p></body></html>"),
    );
    write(
        &news.join("feed/d.jsonl"),
        &format!("{{\"id\": \"d1\", \"text\": \"{STORY}\"}}\n"),
    );
    write(&news.join("notes.rst"), "Not an article form: ignored.");
    let out = tmp.path().join("out");
    ok(&kgpipe(&news, &out, &[]));
    let documents: Vec<String> = rows(&out, "Article");
    let ids = documents.join("\n");
    for id in ["a.txt", "2024/03/b.md", "2024/c.html", "feed/d.jsonl#d1"] {
        assert!(ids.contains(id), "{id} missing from {ids}");
    }
    assert_eq!(documents.len(), 4, "{ids}");
    let out2 = tmp.path().join("out2");
    ok(&kgpipe(&news, &out2, &["--glob", "2024/**/*.md"]));
    let ids = rows(&out2, "Article").join("\n");
    assert!(
        ids.contains("2024/03/b.md") && !ids.contains("a.txt"),
        "{ids}"
    );
}

#[test]
fn glob_with_input_format_reads_other_extensions() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    write(&news.join("x.article"), STORY);
    let out = tmp.path().join("out");
    let run = kgpipe(&news, &out, &["--glob", "*.article"]);
    assert_eq!(run.status.code(), Some(4), "no form known: nothing to read");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("--input-format"), "{stderr}");
    ok(&kgpipe(
        &news,
        &out,
        &["--glob", "*.article", "--input-format", "txt"],
    ));
    assert!(has_person(&out, "Jeremy Renner"));
}

#[test]
fn an_empty_folder_says_what_it_looks_for() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    std::fs::create_dir_all(&news).unwrap();
    let run = kgpipe(&news, &tmp.path().join("out"), &[]);
    assert_eq!(run.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("no articles found")
            && stderr.contains("*.md")
            && stderr.contains("--glob"),
        "{stderr}"
    );
}

#[test]
fn a_single_file_is_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("story.txt");
    write(&file, STORY);
    let out = tmp.path().join("out");
    ok(&kgpipe(&file, &out, &[]));
    assert!(rows(&out, "Article")[0].contains("story.txt"));
    assert!(has_person(&out, "Jeremy Renner"));
}

#[test]
fn an_unknown_extension_asks_for_input_format() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("story.doc");
    write(&file, STORY);
    let run = kgpipe(&file, &tmp.path().join("out"), &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("story.doc") && stderr.contains("--input-format (txt, md, html, jsonl)"),
        "{stderr}"
    );
    let run = kgpipe(&file, &tmp.path().join("out"), &["--input-format", "docx"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("unknown --input-format \"docx\""));
}

fn with_stdin(input: &str, output: &Path, extra: &[&str]) -> Output {
    let mut child = common::kgpipe_build(Path::new("-"), output)
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn standard_input_is_an_input_in_any_form() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    ok(&with_stdin(STORY, &out, &[]));
    assert!(rows(&out, "Article")[0].contains("stdin"));
    assert!(has_person(&out, "Jeremy Renner"));
    let jsonl = format!(
        "{{\"id\": 1, \"text\": \"{STORY}\"}}\n{{\"id\": 2, \"text\": \"Hawkeye returned.\"}}\n"
    );
    let out = tmp.path().join("out2");
    ok(&with_stdin(&jsonl, &out, &["--input-format", "jsonl"]));
    let ids = rows(&out, "Article").join("\n");
    assert!(ids.contains("stdin#1") && ids.contains("stdin#2"), "{ids}");
}

const PAGE: &str = r#"<!doctype html>
<html><head><title>Renner hurt | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet">
<link rel="canonical" href="https://planet.test/2024/renner">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Renner hurt in snowplow accident", "datePublished": "2024-03-11T08:30:00Z"}</script>
<script>document.write("Fake Person was here.")</script></head>
<body><nav>Home · World · Sports Desk</nav>
<article><h1>Renner hurt in snowplow accident</h1>
<p>Jeremy Renner was injured in a snowplow accident in Reno, Nevada.</p>
<aside>Most read: Someone Else wins award</aside>
<p>The actor starred in Hawkeye on Disney+.</p></article>
<footer>© Daily Planet</footer></body></html>"#;

#[test]
fn html_main_text_and_metadata_reach_every_export() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("renner.html");
    write(&file, PAGE);
    let out = tmp.path().join("out");
    ok(&kgpipe(&file, &out, &["--format", "neo4j,dot,jsonld"]));
    let article = rows(&out, "Article").join("\n");
    assert!(
        article.contains("Renner hurt in snowplow accident"),
        "title: {article}"
    );
    assert!(article.contains("2024-03-11"), "date: {article}");
    assert!(
        article.contains("https://planet.test/2024/renner"),
        "url: {article}"
    );
    assert!(has_person(&out, "Jeremy Renner"));
    let people = rows(&out, "Person").join("\n");
    assert!(
        !people.contains("Fake Person") && !people.contains("Someone Else"),
        "{people}"
    );
    let published = read(&out.join("neo4j/relationships/PUBLISHED_BY.csv"));
    assert!(
        published.contains("organization:daily-planet"),
        "PUBLISHED_BY: {published}"
    );
    assert!(rows(&out, "Organization")
        .join("\n")
        .contains("Daily Planet"));
    let jsonld = read(&out.join("graph.jsonld"));
    assert!(
        jsonld.contains("\"url\": \"https://planet.test/2024/renner\""),
        "{jsonld}"
    );
    assert!(jsonld.contains("\"datePublished\""), "datePublished");
    assert!(jsonld.contains("\"publisher\""), "schema:publisher");
    let dot = read(&out.join("graph.dot"));
    assert!(
        dot.contains("published: Renner hurt in snowplow accident 2024-03-11 https://planet.test/2024/renner"),
        "the publisher's tooltip carries its articles"
    );
    let load = read(&out.join("neo4j/load.cypher"));
    assert!(load.contains("n.url ="), "LOAD CSV sets url");
}

#[test]
fn markdown_front_matter_and_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("renner.md");
    write(
        &file,
        "---\ntitle: \"Renner update\"\ndate: March 11, 2024\nurl: https://blog.test/renner\npublisher: Film Blog\ntags: [a, b]\n---\n\n# Renner update\n\n**Jeremy Renner** was injured in a snowplow accident in [Reno](https://reno.test), Nevada.\n\n```\nNot Prose();\n```\n\n- The actor starred in *Hawkeye* on Disney+.\n",
    );
    let out = tmp.path().join("out");
    ok(&kgpipe(&file, &out, &[]));
    let article = rows(&out, "Article").join("\n");
    assert!(
        article.contains("Renner update")
            && article.contains("2024-03-11")
            && article.contains("https://blog.test/renner"),
        "{article}"
    );
    assert!(read(&out.join("neo4j/relationships/PUBLISHED_BY.csv")).contains("film-blog"));
    assert!(read(&out.join("neo4j/relationships/INJURED_IN.csv")).contains("person:jeremy-renner"));
    assert!(!rows(&out, "Person").join("\n").contains("Not Prose"));
}

#[test]
fn jsonl_articles_carry_their_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("feed.jsonl");
    let line = serde_json::json!({
        "id": "r-1", "text": STORY, "title": "Renner hurt", "date": "2024-03-11",
        "url": "https://wire.test/r-1", "publisher": "Wire Service", "extra": "ignored"
    });
    write(
        &file,
        &format!(
            "{line}\n\n{}\n",
            serde_json::json!({"id": "r-2", "text": "Hawkeye aired on Disney+."})
        ),
    );
    let out = tmp.path().join("out");
    ok(&kgpipe(&file, &out, &[]));
    let articles = rows(&out, "Article").join("\n");
    assert!(
        articles.contains("feed.jsonl#r-1") && articles.contains("feed.jsonl#r-2"),
        "{articles}"
    );
    assert!(
        articles.contains("https://wire.test/r-1") && articles.contains("2024-03-11"),
        "{articles}"
    );
    assert!(read(&out.join("neo4j/relationships/PUBLISHED_BY.csv")).contains("wire-service"));
}

#[test]
fn a_bad_jsonl_line_names_file_and_line_or_is_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("feed.jsonl");
    let good = serde_json::json!({"id": "a", "text": STORY});
    write(
        &file,
        &format!("{good}\n{{\"id\": \"b\", \"txt\": \"typo\"}}\n{{not json\n"),
    );
    let out = tmp.path().join("out");
    let run = kgpipe(&file, &out, &[]);
    assert_eq!(run.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("feed.jsonl:2:") && stderr.contains("missing field `text`"),
        "{stderr}"
    );
    let log = ok(&kgpipe(&file, &out, &["--skip-bad-articles"]));
    assert!(log.contains("skipped (2):"), "{log}");
    assert!(
        log.contains("line 2") || log.contains("feed.jsonl:2"),
        "{log}"
    );
    assert!(
        log.contains("feed.jsonl:3") || log.contains("line 3"),
        "{log}"
    );
    let report = read(&out.join("report.json"));
    assert!(report.contains("feed.jsonl"), "{report}");
    assert!(has_person(&out, "Jeremy Renner"));
}

#[test]
fn date_headers_are_read_and_an_unreadable_one_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    write(
        &news.join("a.txt"),
        &format!("Date: March 11, 2024\n\n{STORY}"),
    );
    write(
        &news.join("b.txt"),
        &format!("Published 2 April 2024\n{STORY}"),
    );
    write(
        &news.join("c.txt"),
        &format!("Title: Third\nDate: sometime last week\n\n{STORY}"),
    );
    let out = tmp.path().join("out");
    let log = ok(&kgpipe(&news, &out, &[]));
    let articles = rows(&out, "Article");
    let row = |id: &str| articles.iter().find(|r| r.contains(id)).cloned().unwrap();
    assert!(row("a.txt").contains("2024-03-11"), "{}", row("a.txt"));
    assert!(row("b.txt").contains("2024-04-02"), "{}", row("b.txt"));
    assert!(row("c.txt").contains(",Third,"), "{}", row("c.txt"));
    assert!(
        log.contains("c.txt:2: unreadable date \"sometime last week\""),
        "the unreadable date is a located warning: {log}"
    );
    assert!(read(&out.join("report.json")).contains("unreadable date"));
}
