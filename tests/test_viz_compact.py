"""Compact page data (``viz/compact.py``) decoded by the page (``viz/static/lod.js``): the
objects the page's code works on are those of the plain page, checked in Chromium."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from chromium import needs_chromium
from lod_pages import BigPage, big_page

from viz.compact import encode
from viz.data import page_data
from viz.render import build_network, page_html, render_html, script_json

#: The module (``viz.render`` is also the name of its function ``render``).
RENDER = importlib.import_module("viz.render")

try:
    from playwright.sync_api import Browser, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

needs_playwright = pytest.mark.skipif(sync_playwright is None,
                                      reason="browser tests need the playwright package")

#: What the page decoded: its nodes, edges, other data and the search index it rebuilt.
DECODED = """() => JSON.stringify({nodes: kgLod.nodes, edges: kgLod.edges,
    kg: Object.assign({}, kgLod.kg, {search: undefined}),
    search: {entities: kgLod.kg.search.entities, statements: kgLod.kg.search.statements,
             sentences: kgLod.kg.search.sentences}})"""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> BigPage:
    return big_page(tmp_path_factory.mktemp("compact"))


def decoded(browser: Browser, path: Path) -> dict[str, Any]:
    context = browser.new_context(bypass_csp=False)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_function("() => window.kgViewer && window.kgViewer.ready", timeout=60_000)
        out: dict[str, Any] = json.loads(page.evaluate(DECODED))
    finally:
        context.close()
    assert errors == []
    return out


def plain(data: dict[str, Any], nodes: list[Any], edges: list[Any]) -> dict[str, Any]:
    """What the plain page's blocks hold, read back as JSON (as the page parses them)."""
    kg = {k: v for k, v in data.items() if k not in ("nodes", "edges", "search")}
    return json.loads(script_json({"nodes": nodes, "edges": edges, "kg": kg,
                                   "search": data["search"]}))


def assert_same(got: dict[str, Any], want: dict[str, Any]) -> None:
    for key in ("nodes", "edges"):
        assert len(got[key]) == len(want[key])
        for i, (a, b) in enumerate(zip(got[key], want[key], strict=True)):
            assert a == b, f"{key}[{i}]"
    assert got["kg"] == want["kg"]
    assert got["search"] == want["search"]


@needs_playwright
@needs_chromium
@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_curated_graph_round_trips_through_the_compact_form(
    browser, kg, tmp_path, monkeypatch, lang
):
    data = page_data(kg, lang=lang, year=1927)
    net = build_network(data)
    monkeypatch.setattr(RENDER, "wants_lod", lambda _: True)
    path = tmp_path / "compact.html"
    path.write_text(page_html(data), encoding="utf-8")
    assert 'id="kg-compact"' in path.read_text(encoding="utf-8")
    assert_same(decoded(browser, path), plain(data, net.nodes, net.edges))


@needs_playwright
@needs_chromium
def test_a_generated_graph_round_trips_through_the_compact_form(browser, big):
    assert_same(decoded(browser, big.path), plain(big.data, big.nodes, big.edges))


def test_the_compact_page_is_much_smaller_than_the_plain_one(big):
    compact = big.path.stat().st_size
    data = {k: v for k, v in big.data.items() if k not in ("nodes", "edges")}
    blocks = len(script_json(big.nodes)) + len(script_json(big.edges)) + len(script_json(data))
    assert compact < blocks / 2


def test_values_the_rules_do_not_derive_travel_as_extras(kg):
    data = page_data(kg, relations=["exiledWith", "judged"])
    net = build_network(data)
    net.nodes[0]["color"] = "#123456"  # not its type's colour
    net.edges[0]["brand_new_field"] = {"x": 1}  # a field the schema does not know, on one edge
    doc = encode(data, net.nodes, net.edges)
    assert "color" in doc["nodes"]["derived"]
    assert doc["values"][doc["nodes"]["extra"]["color"][1]] == "#123456"
    assert doc["nodes"]["extra"]["color"][0] == 0
    assert doc["edges"]["extra"]["brand_new_field"][0] == 0


def test_the_plain_page_is_not_compact(kg):
    html = render_html(kg)
    # (the level of detail is in the page's one script, and runs only on a kg-compact block)
    assert 'id="kg-compact"' not in html and '<script type="application/json" id="kg-nodes">[]' not in html
