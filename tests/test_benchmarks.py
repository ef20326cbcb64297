"""The benchmark command runs end to end at the smallest size (no timed assertions)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench import bench_module
from virtuoso_fixture import VIRTUOSO

ROOT = Path(__file__).resolve().parent.parent


def test_benchmarks_run_at_the_smallest_size(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "curated", "--runs", "1",
         "--skip", "browser,serve,rdflib", "--virtuoso-size", "curated", "--bigfile-size", "curated",
         "--out", str(out),
         "--cache", str(tmp_path / "cache")],
        capture_output=True, text=True, timeout=300, cwd=ROOT, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    # the table: a header, and a ratio for every item measured against a floor or peer
    header = done.stdout.splitlines()[0].split()
    assert header[:3] == ["item", "size", "ours"] and "ours/ref" in header
    for item in ("load", "load + query relations-of", "kg check", "all named queries (sum)",
                 "networkx projection", "kg stats: peak memory", "communities (networkit)",
                 "render: write the page", "cold start: kg query",
                 "big file: kg query exiled-with: peak memory",
                 "big file: kg check, pyshacl in parts: peak memory",
                 "curate: save → checked → visible",
                 *(["Virtuoso: publish + count + named query"] if VIRTUOSO.is_file() else [])):
        assert any(line.startswith(item + " ") for line in done.stdout.splitlines()), item

    report = out.read_text(encoding="utf-8")
    assert "## Goals" in report and "## All figures" in report and "Machine:" in report
    raw = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    records = raw["records"]
    assert records and all(r["ratio"] is not None and r["ratio"] > 0 for r in records)
    assert raw["errors"] == []
    assert {r["size"] for r in records} == {"curated"}


def test_the_indexed_stock_page_is_the_stock_page(tmp_path: Path) -> None:
    """At 1M triples stock pyvis cannot write its page in time; the benchmark then times the
    browser on the page written with constant-time node look-ups, which must be the same page."""
    import graph

    viewer = bench_module("viewer")

    kg = graph.load()
    stock, _ = viewer.build_stock(kg, tmp_path)
    indexed, _ = viewer.build_stock(kg, tmp_path, indexed=True, name="indexed.html")
    assert indexed.read_bytes() == stock.read_bytes()
    # and it is a real page of this graph: every node of the projection is in its data
    page = stock.read_text(encoding="utf-8")
    projection = kg.to_networkx()
    assert all(json.dumps(node) in page for node in projection.nodes)
