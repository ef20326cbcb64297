"""The level of detail of a big graph's page (``viz/lod.py``, ``viz/static/lod.js``) in
Chromium: the most connected entities first, more on zoom, search and expand, and the panel,
explain and the counts right for entities that were not drawn at first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from chromium import needs_chromium
from lod_pages import BigPage, big_page, opened_big

from viz.lod import plan

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="browser tests need the playwright package"),
    needs_chromium,
]

SHOTS = None  # set to a folder (str) to keep screenshots of each step


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> BigPage:
    return big_page(tmp_path_factory.mktemp("lod"))


@pytest.fixture()
def page(browser: Browser, big: BigPage) -> Iterator[Page]:
    with opened_big(browser, big, (1600, 1000)) as p:
        yield p


def drawn(page: Page) -> set[str]:
    return set(page.evaluate("() => network.body.data.nodes.getIds()"))


def status_counts(page: Page) -> tuple[int, int, int, int]:
    text = page.locator("#status").text_content() or ""
    n, big_n, e, big_e = map(int, re.findall(r"\d+", text)[:4])
    return n, big_n, e, big_e


def first_view(big: BigPage) -> list[str]:
    p = plan(big.data["nodes"], big.data["edges"])
    return [big.data["nodes"][i]["id"] for i in p["order"][: p["first"]]]


def undrawn_leaf(big: BigPage, page: Page) -> dict[str, Any]:
    """An entity not drawn when the page opens, with relations, that a search for its name
    finds first (the least ranked such)."""
    p = plan(big.data["nodes"], big.data["edges"])
    now = drawn(page)
    for i in reversed(p["order"]):
        n = big.data["nodes"][i]
        if n["id"] not in now and n["degree"] > 0 and page.evaluate(
                "([text, id]) => kgViewer.search(text, 1)[0] === id", [n["label_en"], n["id"]]):
            return n
    raise AssertionError("every entity is drawn")


def edges_of(big: BigPage, iri: str) -> list[dict[str, Any]]:
    return [e for e in big.data["edges"] if iri in (e["from"], e["to"])]


def test_the_page_opens_with_the_most_connected_entities_and_honest_counts(page, big):
    first = first_view(big)
    assert drawn(page) == set(first)
    assert len(first) < len(big.data["nodes"]) // 2
    busiest = max(big.data["nodes"], key=lambda n: (n["metrics"]["degree"], n["degree"]))
    assert busiest["id"] in first
    inside = set(first)
    among = {e["id"] for e in big.data["edges"] if e["from"] in inside and e["to"] in inside}
    assert set(page.evaluate("() => network.body.data.edges.getIds()")) == among
    assert status_counts(page) == (len(first), len(big.data["nodes"]), len(among),
                                   len(big.data["edges"]))
    assert "zoom in" in (page.locator("#status").text_content() or "")


def test_zooming_in_draws_the_entities_in_view(page, big):
    before = drawn(page)
    target = undrawn_leaf(big, page)
    page.evaluate("([x, y]) => network.moveTo({position: {x, y}, scale: 3, animation: false})",
                  [target["x"], target["y"]])
    page.evaluate("() => kgLod.inView()")
    added = drawn(page) - before
    assert target["id"] in added
    a = page.evaluate("() => network.DOMtoCanvas({x: 0, y: 0})")
    b = page.evaluate("() => { const c = network.body.container;"
                      " return network.DOMtoCanvas({x: c.clientWidth, y: c.clientHeight}); }")
    at = {n["id"]: n for n in big.data["nodes"]}
    assert all(a["x"] <= at[i]["x"] <= b["x"] and a["y"] <= at[i]["y"] <= b["y"] for i in added)
    n, _, e, _ = status_counts(page)
    assert n == len(drawn(page)) and e == page.evaluate("() => network.body.data.edges.length")


def test_a_wheel_zoom_draws_more_by_itself(page, big):
    before = len(drawn(page))
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    scale = page.evaluate("() => network.getScale()")
    while page.evaluate("() => network.getScale()") < 3 * scale:  # a few notches of the wheel
        page.mouse.wheel(0, -400)
    page.wait_for_function(f"() => network.body.data.nodes.length > {before}", timeout=20_000)


def test_search_finds_an_undrawn_entity_and_brings_it_with_its_neighbours(page, big):
    target = undrawn_leaf(big, page)
    assert target["id"] not in drawn(page)
    page.locator("#search").fill(target["label_en"])
    page.wait_for_function("() => !document.getElementById('search-results').hidden")
    page.locator("#search").press("Enter")
    page.wait_for_function("id => network.getSelectedNodes()[0] === id", arg=target["id"])
    now = drawn(page)
    neighbours = {e["to"] if e["from"] == target["id"] else e["from"]
                  for e in edges_of(big, target["id"])}
    assert {target["id"], *neighbours} <= now
    # its panel holds every relation with its quote
    panel = page.locator("#panel").text_content() or ""
    assert target["label_en"] in panel
    for e in edges_of(big, target["id"]):
        assert e["quote"] in panel


def test_the_evidence_of_a_relation_not_drawn_at_first_is_in_its_panel(page, big):
    target = undrawn_leaf(big, page)
    edge = edges_of(big, target["id"])[0]
    page.evaluate("id => kgViewer.selectEdge(id)", edge["id"])
    assert {edge["from"], edge["to"]} <= drawn(page)
    evidence = page.locator("#panel blockquote").text_content() or ""
    assert evidence == big.data["sentences"][str(edge["sentence"])]
    assert page.locator("#panel blockquote mark").text_content() == edge["quote"]


def test_expand_draws_all_neighbours_by_double_click_and_by_the_button(page, big):
    first = set(first_view(big))
    at = {n["id"]: n for n in big.data["nodes"]}

    def missing(iri: str) -> set[str]:
        return {e["to"] if e["from"] == iri else e["from"] for e in edges_of(big, iri)} - drawn(page)

    hub = next(i for i in sorted(first, key=lambda i: -at[i]["degree"]) if missing(i))
    pos = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", hub)
    box = page.locator("#mynetwork").bounding_box()
    before = len(drawn(page))
    page.mouse.dblclick(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_function("n => network.body.data.nodes.length > n", arg=before, timeout=20_000)
    assert missing(hub) == set()
    other = next(i for i in sorted(first, key=lambda i: -at[i]["degree"]) if missing(i))
    page.evaluate("id => kgViewer.select(id)", other)
    button = page.locator("#panel button.lod-expand")
    assert str(len(missing(other))) in (button.text_content() or "")
    button.click()
    assert missing(other) == set()
    assert page.locator("#panel button.lod-expand").is_disabled()


def test_explain_finds_chains_through_entities_not_drawn(page, big):
    target = undrawn_leaf(big, page)
    near = {e["to"] if e["from"] == target["id"] else e["from"] for e in edges_of(big, target["id"])}
    label = {n["id"]: n["label_en"] for n in big.data["nodes"]}
    far = next(b for e in big.data["edges"] for a, b in ((e["from"], e["to"]), (e["to"], e["from"]))
               if a in near and b not in near and b != target["id"] and page.evaluate(
                   "([text, id]) => kgViewer.search(text, 1)[0] === id", [label[b], b]))
    chains = page.evaluate("([a, b]) => kgViewer.chains(a, b)", [target["id"], far])
    assert chains and chains[0]["nodes"][0] == target["id"] and chains[0]["nodes"][-1] == far
    assert len(chains[0]["nodes"]) == 3 and chains[0]["nodes"][1] in near
    shown = page.evaluate("([a, b]) => kgViewer.explain(a, b)", [label[target["id"]], label[far]])
    assert shown == chains
    assert set(chains[0]["nodes"]) <= drawn(page)  # the chain highlighted is drawn


def test_filters_count_what_is_drawn_and_passes_them(page, big):
    top = big.data["relations"][0]["id"]
    page.evaluate("r => { document.querySelector(`[data-relation='${r}']`).click(); }", top)
    visible = page.evaluate("() => kgViewer.visible()")
    n, big_n, e, big_e = status_counts(page)
    assert (n, e) == (len(visible["nodes"]), len(visible["edges"]))
    assert (big_n, big_e) == (len(big.data["nodes"]), len(big.data["edges"]))
    rel = {x["id"]: x["relation"] for x in big.data["edges"]}
    assert all(rel[x] != top for x in visible["edges"])
    assert set(visible["nodes"]) <= drawn(page)
