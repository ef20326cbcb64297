"""Pages of a generated graph big enough for the viewer's level of detail, for the tests of
``viz/compact.py``, ``viz/lod.py`` and ``viz/static/lod.js``: the graph, its page data and the
written page, made once per test session.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import bench_module

import graph
from viz.data import page_data
from viz.lod import LOD_NODES
from viz.render import build_network, page_html

#: Entities and edges of the generated graph: above the level-of-detail threshold, small
#: enough to build in a few seconds.
NODES, EDGES = 3000, 9000


@dataclass
class BigPage:
    kg: graph.KnowledgeGraph
    data: dict[str, Any]
    nodes: list[dict[str, Any]]  # the pyvis records of the plain page
    edges: list[dict[str, Any]]
    path: Path


def big_page(folder: Path) -> BigPage:
    """The generated graph, its page data and its page written to ``folder``."""
    source = folder / "big.ttl"
    source.write_text(bench_module("generate").generate(NODES, EDGES, 0), encoding="utf-8")
    kg = graph.load(source)
    data = page_data(kg)
    assert len(data["nodes"]) > LOD_NODES
    net = build_network(data)
    path = folder / "big.html"
    path.write_text(page_html(data), encoding="utf-8")
    return BigPage(kg, data, net.nodes, net.edges, path)


@contextmanager
def opened_big(browser: Any, big: BigPage, viewport: tuple[int, int]) -> Iterator[Any]:
    """The big page in Chromium, in a window of ``viewport``, ready; no script error on it by
    the end (checked as the test leaves)."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    errors: list[str] = []
    try:
        p = context.new_page()
        p.on("pageerror", lambda e: errors.append(str(e)))
        p.goto(big.path.as_uri())
        p.wait_for_function("() => window.kgViewer && window.kgViewer.ready", timeout=60_000)
        yield p
        assert errors == []
    finally:
        context.close()
