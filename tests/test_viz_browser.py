"""The viewer in a real browser: Debian's headless Chromium, driven by Playwright.

Every page is opened with each non-``file:`` request routed to abort (and counted): the page
must work with no network at all. Skipped, with a message, only where Chromium or Playwright
is missing; CI has both.
"""

from __future__ import annotations

import base64
import csv
import itertools
import math
import struct
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from bench import bench_module
from chromium import axe_script, needs_chromium

import graph
from graph.explain import explain
from graph.model import BASES
from graph.project import existence_years
from viz.data import BASIS_STYLES
from viz.render import render

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "fixtures" / "viz" / "hostile.ttl"
PERSON = "https://w3id.org/stalin-kg/person/"
STMT = "https://w3id.org/stalin-kg/statement/"
#: Reported, inferred (only the date; the relation itself) and stated statements of the curated data.
BETRAYED = STMT + "s09-kamenew-allegedlyBetrayedTo-provisorischeregierung"
BOAST = STMT + "s19-stalin-wantedToBoastTo-churchill"
JUDGED = STMT + "s16-stalin-provedIncapableOfLeading-militaerischeverbaende"
EXPELLED = STMT + "s09-lenin-startedExpulsionProceedingsAgainst-kamenew"
PREVAILED = STMT + "s11-stalin-prevailedOver-trotzki"
EXILED = STMT + "s08-stalin-exiledWith-kamenew"
#: The hostile fixture's first statement, made a claim attributed to the entity whose labels
#: are script: the claimant's name goes into the panels too.
HOSTILE_CLAIM = """
stmt:evil-1 kg:basis kg:Reported ; prov:wasAttributedTo person:EvilScript .
"""

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(sync_playwright is None,
                       reason="browser tests need the playwright package (pip install '.[test]')"),
    needs_chromium,
]


@pytest.fixture(scope="module")
def pages(kg: graph.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("viz")
    return {
        "en": render(kg, folder / "en.html"),
        "de": render(kg, folder / "de.html", lang="de"),
        "1927": render(kg, folder / "1927.html", year=1927),
        "triangle": render(kg, folder / "triangle.html",
                           relations=["exiledWith", "friendOf", "closeInViewsTo"]),
        "stated": render(kg, folder / "stated.html", basis=["stated"]),
        "betrayed": render(kg, folder / "betrayed.html", relations=["allegedlyBetrayedTo"]),
        "hostile": render(graph.load(hostile_file(folder)), folder / "hostile.html",
                          title="<script>window.__pwned='title'</script>"),
    }


def hostile_file(folder: Path) -> Path:
    """The hostile fixture, with its first statement a reported claim of the hostile person."""
    path = folder / "hostile.ttl"
    path.write_text(HOSTILE.read_text(encoding="utf-8") + HOSTILE_CLAIM, encoding="utf-8")
    return path


def exists_in(kg: graph.KnowledgeGraph, iri: str, year: int) -> bool:
    """Whether an entity exists in ``year`` by the years Python gives it (existence_years)."""
    years = existence_years(kg.entities[iri])
    return years is None or ((years[0] is None or years[0] <= year)
                             and (years[1] is None or year <= years[1]))


def edges_in(kg: graph.KnowledgeGraph, year: int) -> set[str]:
    """The relations the page shows in ``year``: those that hold then (``as_of``), between
    entities that exist then."""
    return {key for a, b, key in kg.to_networkx(as_of=year).edges(keys=True)
            if exists_in(kg, a, year) and exists_in(kg, b, year)}


def edge_count(kg: graph.KnowledgeGraph) -> int:
    """How many edges the whole page has: one per statement between two entities."""
    return sum(1 for s in kg.statements if s.is_edge)


@dataclass
class Opened:
    page: Page
    outbound: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def visible(self) -> dict[str, list[str]]:
        return self.js("kgViewer.visible()")

    def page_point(self, x: float, y: float) -> tuple[float, float]:
        """Where canvas coordinates (x, y) are on the page."""
        box = self.page.locator("#mynetwork").bounding_box()
        dom = self.js("([x, y]) => network.canvasToDOM({x, y})", [x, y])
        return box["x"] + dom["x"], box["y"] + dom["y"]

    def click_canvas(self, x: float, y: float) -> None:
        """Click the canvas at canvas coordinates (x, y)."""
        self.page.mouse.click(*self.page_point(x, y))

    def wait_until_still(self) -> None:
        """Wait until the view (position and zoom) is the same on two frames running:
        fit and focus animations are over."""
        self.page.wait_for_function("""() => {
            const view = JSON.stringify([network.getViewPosition(), network.getScale()]);
            const still = view === window.__lastView;
            window.__lastView = view;
            return still;
        }""", timeout=60_000)

    def hover_tooltip(self, node: str) -> str:
        """Hover over ``node`` (brought to the middle of the view) and wait for vis-network's
        tooltip; return its text."""
        self.js("id => network.moveTo({position: network.getPositions([id])[id], animation: false})", node)
        self.wait_until_still()
        pos = self.js("id => network.getPositions([id])[id]", node)
        self.page.mouse.move(*self.page_point(pos["x"], pos["y"]))
        self.page.wait_for_function("""() => {
            const tip = document.querySelector('#mynetwork .vis-tooltip');
            return tip !== null && tip.style.visibility === 'visible' && tip.textContent !== '';
        }""", timeout=60_000)
        return self.page.locator("#mynetwork .vis-tooltip").text_content() or ""


@contextmanager
def opened(browser: Browser, path: Path, *, bypass_csp: bool = False,
           init_script: str | None = None, timeout: float = 30_000,
           fragment: str = "", viewport: tuple[int, int] = (1600, 1000)) -> Iterator[Opened]:
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                  bypass_csp=bypass_csp, accept_downloads=True)
    try:
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        result = Opened(page)

        def block(route: Any) -> None:
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                result.outbound.append(route.request.url)
                route.abort()

        context.route("**/*", block)
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:"))
                else result.outbound.append(r.url))
        page.on("pageerror", lambda e: result.errors.append(str(e)))
        page.on("console", lambda m: result.errors.append(m.text) if m.type == "error" else None)
        page.goto(path.as_uri() + fragment)
        page.wait_for_function("() => window.kgViewer && window.kgViewer.ready", timeout=timeout)
        yield result
    finally:
        context.close()


# ---------------------------------------------------------------------------- 1. offline


def test_offline_page_makes_no_request_and_shows_the_whole_graph(browser, pages, kg):
    with opened(browser, pages["en"]) as v:
        assert v.outbound == []
        assert v.errors == []
        assert v.js("network.body.data.nodes.length") == len(kg.entities)
        edges = sum(1 for s in kg.statements if s.is_edge)
        assert v.js("network.body.data.edges.length") == edges
        seen = v.visible()
        assert len(seen["nodes"]) == len(kg.entities) and len(seen["edges"]) == edges
        # every node is inside the canvas after the initial fit
        inside = v.js("""() => {
            const c = document.getElementById('mynetwork');
            const pos = network.getPositions();
            return Object.keys(pos).every(id => {
                const p = network.canvasToDOM(pos[id]);
                return p.x >= 0 && p.y >= 0 && p.x <= c.clientWidth && p.y <= c.clientHeight;
            });
        }""")
        assert inside
        drawn = v.js("""() => {
            const canvas = document.querySelector('#mynetwork canvas');
            const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let n = 0;
            for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
            return n;
        }""")
        assert drawn > 10_000
        assert "CC BY-SA 4.0" in v.page.inner_text("#credit")


def test_window_network_is_the_vis_network(browser, pages):
    with opened(browser, pages["triangle"]) as v:
        assert v.js("window.network instanceof vis.Network")
        assert v.js("network.physics.options.enabled") is False
        assert v.js("typeof network.getSelectedNodes") == "function"


# ---------------------------------------------------------------------------- 2. and 3. evidence


def test_node_click_shows_names_type_wikidata_and_grouped_relations(browser, pages):
    with opened(browser, pages["en"]) as v:
        stalin = PERSON + "Stalin"
        pos = v.js("id => network.getPositions([id])[id]", stalin)
        v.click_canvas(pos["x"], pos["y"])
        assert v.js("network.getSelectedNodes()") == [stalin]
        panel = v.page.locator("#panel")
        assert panel.locator("h2").inner_text() == "Joseph Stalin"
        text = panel.inner_text()
        for expected in ("Josef Stalin", "J.W.Stalin", "person", "date of death: 1953",
                         "bis zu seinem Tod 1953", "was in exile together with", "Kamenev"):
            assert expected in text
        assert "dateOfDeath" not in text  # the vocabulary's name for it, not the IRI's
        link = panel.locator("a", has_text="Q855")
        assert link.get_attribute("href") == "https://www.wikidata.org/wiki/Q855"
        assert link.get_attribute("rel") == "noopener noreferrer"
        assert panel.locator("h4").count() >= 10  # relation kinds, grouped


def test_edge_click_shows_its_sentence_with_the_quote_marked(browser, pages, kg):
    statement = "https://w3id.org/stalin-kg/statement/s08-stalin-exiledWith-kamenew"
    with opened(browser, pages["triangle"]) as v:
        point = v.js("id => network.body.edges[id].edgeType.getPoint(0.5)", statement)
        v.click_canvas(point["x"], point["y"])
        assert v.js("network.getSelectedEdges()") == [statement]
        panel = v.page.locator("#panel")
        assert panel.locator("h2").inner_text() == "was in exile together with"
        (st,) = [s for s in kg.statements if s.iri == statement]
        assert panel.locator("blockquote").inner_text() == st.sentence_text
        assert panel.locator("mark").inner_text() == st.quote
        text = panel.inner_text()
        assert "Sentence\n8" in text or "Sentence\t8" in text
        assert "undated" in text and "Joseph Stalin — Kamenev" in text


# ---------------------------------------------------------------------------- 4. search


@pytest.mark.parametrize("query", ["zinoviev", "Sinowjew", "trotsky", "Leon Trotsky",
                                   "STAHLERNE BRIGADE", "generalsekretar des zk"])
def test_search_selects_and_focuses_the_entity(browser, pages, kg, query):
    expected = str(kg.find(query))
    with opened(browser, pages["de"]) as v:
        v.page.fill("#search", query)
        first = v.page.locator("#search-results [role=option]").first
        assert first.get_attribute("data-id") == expected
        v.page.press("#search", "Enter")
        assert v.js("network.getSelectedNodes()") == [expected]
        german = kg.entities[expected].label_de
        assert v.page.locator("#panel h2").inner_text() == german
        box = v.page.locator("#mynetwork").bounding_box()
        v.page.wait_for_function(  # focused: moved to the middle of the canvas (animated)
            """([id, w, h]) => {
                const p = network.canvasToDOM(network.getPositions([id])[id]);
                return Math.abs(p.x - w / 2) < 40 && Math.abs(p.y - h / 2) < 40;
            }""", arg=[expected, box["width"], box["height"]], timeout=10_000)


@pytest.mark.parametrize(("page", "query", "expected"), [
    ("en", "Trotski", "Trotzki"), ("de", "Trotski", "Trotzki"), ("en", "Zinovyev", "Sinowjew"),
    ("de", "Sinowjev", "Sinowjew"), ("en", "Kamenjew", "Kamenew")])
def test_search_forgives_near_misses_in_either_language(browser, pages, page, query, expected):
    with opened(browser, pages[page]) as v:
        v.page.fill("#search", query)
        first = v.page.locator("#search-results [role=group]").first
        assert first.get_attribute("aria-label") == ("Entities" if page == "en" else "Entitäten")
        assert first.locator("[role=option]").first.get_attribute("data-id") == PERSON + expected
        v.page.press("#search", "Enter")
        assert v.js("network.getSelectedNodes()") == [PERSON + expected]


def test_search_finds_statements_by_their_words_and_opens_the_edge(browser, pages, kg):
    quotes = {s.iri: s.quote for s in kg.statements}
    with opened(browser, pages["en"]) as v:
        v.page.fill("#search", "Verbannung")
        groups = v.page.locator("#search-results [role=group]")
        assert [groups.nth(i).get_attribute("aria-label") for i in range(groups.count())] == ["Statements"]
        hits = v.page.locator("#search-results [role=option]")
        found = [hits.nth(i).get_attribute("data-edge") for i in range(hits.count())]
        assert EXILED in found
        assert all("Verbannung" in quotes[e] or "Verbannung" in (kg_sentence(kg, e) or "") for e in found)
        assert found.index(EXILED) < len([e for e in found if "Verbannung" in quotes[e]])  # quotes first
        for _ in range(found.index(EXILED) + 1):
            v.page.press("#search", "ArrowDown")
        active = v.page.get_attribute("#search", "aria-activedescendant")
        assert v.page.get_attribute(f"#{active}", "data-edge") == EXILED
        v.page.press("#search", "Enter")
        assert v.js("network.getSelectedEdges()") == [EXILED]
        assert v.page.locator("#panel h2").inner_text() == "was in exile together with"
        assert v.page.locator("#panel mark").inner_text() == quotes[EXILED]
        v.page.fill("#search", "Trotski")  # names and words: both groups, entities first
        groups = v.page.locator("#search-results [role=group]")
        assert [groups.nth(i).get_attribute("aria-label") for i in range(groups.count())] == [
            "Entities", "Statements"]
        v.page.locator("#search-results [data-edge]").first.click()
        assert v.page.locator("#panel .relation-name").count() == 1
        assert "Trotzki" in v.page.inner_text("#panel blockquote")
        assert v.page.get_attribute("#search", "aria-expanded") == "false"


def kg_sentence(kg: graph.KnowledgeGraph, statement: str) -> str | None:
    """The full sentence a statement cites."""
    return next(s.sentence_text for s in kg.statements if s.iri == statement)


def test_the_page_normalises_what_is_typed_as_python_normalises_the_index(browser, pages, kg):
    from viz.data import search_key

    texts = [name for e in kg.entities.values() for name in (e.label_de, e.label_en, *e.aliases)]
    texts += ["Generalsekretär des ZK", "STRASSE Straße", "Ǆemal  –  Ōsaka!", "İstanbul", "ﬁ ① Ⅻ"]
    with opened(browser, pages["en"]) as v:
        assert v.js("texts => texts.map(kgViewer.normalise)", texts) == [search_key(t) for t in texts]


# ---------------------------------------------------------------------------- 5. filters


def test_type_and_relation_filters_change_what_is_visible(browser, pages, kg):
    persons = {iri for iri, e in kg.entities.items() if e.kind == "Person"}
    with opened(browser, pages["en"]) as v:
        v.page.uncheck("input[data-type=Person]")
        seen = v.visible()
        assert not persons & set(seen["nodes"]) and len(seen["nodes"]) < len(kg.entities) - len(persons) + 1
        assert v.js("id => network.body.data.nodes.get(id).hidden", PERSON + "Stalin") is True
        v.page.check("input[value=fade]")  # fade instead of hide
        assert v.js("id => network.body.data.nodes.get(id).hidden", PERSON + "Stalin") is False
        assert v.js("id => network.body.data.nodes.get(id).opacity", PERSON + "Stalin") < 0.5
        v.page.check("input[value=hide]")
        v.page.check("input[data-type=Person]")
        v.page.click("#rel-none")
        assert v.visible()["edges"] == []
        v.page.check("input[data-relation=exiledWith]")
        seen = v.visible()
        assert len(seen["edges"]) == 1
        isolated = {n for n, d in kg.to_networkx().degree() if d == 0}  # always shown
        assert set(seen["nodes"]) == {PERSON + "Stalin", PERSON + "Kamenew"} | isolated
        assert f"1 of {edge_count(kg)} relations" in v.page.inner_text("#status")
        v.page.click("#reset")
        assert len(v.visible()["edges"]) == edge_count(kg)


@pytest.mark.parametrize("year", [1917, 1927, 1941])
def test_year_slider_hides_relations_that_do_not_hold(browser, pages, kg, year):
    expected = edges_in(kg, year)
    undated = {s.iri for s in kg.statements if s.is_edge and not s.span.dated}
    with opened(browser, pages["en"]) as v:
        v.page.check("#year-on")
        v.page.locator("#year").evaluate(
            "(el, y) => { el.value = String(y); el.dispatchEvent(new Event('input')); }", year)
        assert v.page.inner_text("#year-out") == str(year)
        assert set(v.visible()["edges"]) == expected
        drawn = v.js("""() => network.body.data.edges.get({filter: e => !e.hidden})
                          .map(e => [e.id, e.label, e.color.opacity, e.dashes])""")
        full = max(opacity for _, _, opacity, _ in drawn)
        paler = {i for i, _, opacity, _ in drawn if opacity < full}
        assert paler == undated & expected  # undated ones stay, paler
        # edge labels show for the selection: an undated one says so
        v.js("id => kgViewer.select(id)", PERSON + "Stalin")
        labels = v.js("kgViewer.edgeLabels()")
        assert labels and set(labels) <= expected
        assert all(text.endswith("(undated)") == (i in paler) for i, text in labels.items())
        v.js("kgViewer.clearSelection()")
        basis = {s.iri: s.basis for s in kg.statements}
        assert all(dashes == BASIS_STYLES[basis[i]]["dashes"] for i, _, _, dashes in drawn)
        v.page.uncheck("#year-on")
        assert len(v.visible()["edges"]) == edge_count(kg)


def test_a_page_rendered_for_a_year_opens_there_with_the_whole_graph(browser, pages, kg):
    """``kg render --as-of 1927``: the slider is at 1927 and every statement is in the page,
    so moving the slider shows the other years."""
    with opened(browser, pages["1927"]) as v:
        assert v.page.is_checked("#year-on") and v.page.inner_text("#year-out") == "1927"
        assert v.js("network.body.data.edges.length") == edge_count(kg)
        for year in (1927, 1941):
            v.js("y => kgViewer.setYear(y)", year)
            assert set(v.visible()["edges"]) == edges_in(kg, year), year


def test_what_did_not_yet_or_no_longer_exist_is_gone_in_that_year(browser, pages, kg):
    lenin, stalin = PERSON + "Lenin", PERSON + "Stalin"
    war = [iri for iri in kg.entities if iri.endswith(("/DeutscherAngriff1941", "/TeheranKonferenz",
                                                        "/JaltaKonferenz"))]
    assert len(war) == 3
    undated = {iri for iri, e in kg.entities.items() if existence_years(e) is None}
    with opened(browser, pages["en"]) as v:
        v.js("kgViewer.setYear(1927)")
        seen = set(v.visible()["nodes"])
        assert lenin not in seen and stalin in seen and not set(war) & seen
        assert v.js("id => network.body.data.nodes.get(id).hidden", lenin) is True
        assert not any(lenin in (e["from"], e["to"]) for e in v.js(
            "network.body.data.edges.get({filter: e => !e.hidden})"))
        status = v.page.inner_text("#status")
        assert f"as of 1927 ({len(undated & seen)} undated entities kept)" in status
        assert f"Showing {len(seen)} of {len(kg.entities)} entities" in status
        v.js("kgViewer.setYear(1943)")
        assert set(war[1:2]) <= set(v.visible()["nodes"]) or PERSON not in war[1]
        assert {w for w in war if w.endswith("/TeheranKonferenz")} <= set(v.visible()["nodes"])
        v.js("id => kgViewer.select(id)", PERSON + "Kamenew")
        assert "In time\nundated: shown in every year" in v.page.inner_text("#panel .facts")
        v.js("id => kgViewer.select(id)", lenin)
        assert "In time\nuntil 1924" in v.page.inner_text("#panel .facts")
        v.js("kgViewer.clearSelection()")
        v.js("kgViewer.setYear(1927)")
        v.page.check("input[value=fade]")  # faded, not hidden: the status counts what is drawn
        assert v.js("id => network.body.data.nodes.get(id).hidden", lenin) is False
        assert v.js("id => network.body.data.nodes.get(id).opacity", lenin) < 0.5
        edges = edges_in(kg, 1927)
        faded_nodes = len(kg.entities) - len(seen)
        assert (f"{len(kg.entities)} of {len(kg.entities)} entities and {edge_count(kg)} of "
                f"{edge_count(kg)} relations drawn, {faded_nodes} and {edge_count(kg) - len(edges)} "
                "of them faded") in v.page.inner_text("#status")


def test_the_legend_says_why_statements_and_drawn_relations_differ(browser, pages, kg):
    facts = sum(1 for s in kg.statements if not s.is_edge)
    with opened(browser, pages["en"]) as v:
        note = v.page.inner_text("#statements-legend")
        assert note == (f"Statements: {len(kg.statements)}. Relations between two entities, drawn "
                        f"as lines: {edge_count(kg)}. Dated facts about one entity, shown in its "
                        f"panel and used by the time slider: {facts}.")
        assert note in v.page.inner_text("#panel")


def test_play_steps_through_the_years_to_the_last(browser, pages, kg):
    with opened(browser, pages["en"]) as v:
        v.js("kgViewer.setYear(1950)")
        v.page.click("#play")
        assert v.page.inner_text("#play") == "Pause"
        v.page.wait_for_function("() => document.getElementById('year-out').textContent === '1951'",
                                 timeout=30_000)
        v.page.wait_for_function("() => document.getElementById('play').textContent === 'Play'",
                                 timeout=30_000)
        assert v.page.inner_text("#year-out") == "1953"
        assert set(v.visible()["edges"]) == edges_in(kg, 1953)


def test_selecting_an_entity_dims_what_lies_beyond_its_neighbourhood(browser, pages, kg):
    g = kg.to_networkx().to_undirected(as_view=True)
    kamenew = PERSON + "Kamenew"
    near = {kamenew, *g.neighbors(kamenew)}
    two = near | {w for u in near for w in g.neighbors(u)}
    far = next(iri for iri in kg.entities if iri not in two)
    with opened(browser, pages["en"]) as v:
        assert v.js("kgViewer.focused()") is None
        v.js("id => kgViewer.select(id)", kamenew)
        assert set(v.js("kgViewer.focused()")["nodes"]) == near
        assert set(v.visible()["nodes"]) == set(kg.entities)  # dimmed, not filtered
        opacity = "id => network.body.data.nodes.get(id).opacity ?? 1"
        assert v.js(opacity, far) < 0.5 and v.js(opacity, PERSON + "Stalin") == 1
        assert "7 within 1 step(s) of Kamenev, the rest dimmed" in v.page.inner_text("#status") \
            or f"{len(near)} within 1 step(s) of Kamenev" in v.page.inner_text("#status")
        v.page.select_option("#focus-depth", "2")
        assert set(v.js("kgViewer.focused()")["nodes"]) == two
        v.page.locator("#panel button", has_text="Neighbours").first.click()  # the panel's control
        assert v.page.input_value("#focus-depth") == "1"
        assert set(v.js("kgViewer.focused()")["nodes"]) == near
        v.page.locator("#mynetwork").focus()
        v.page.keyboard.press("Escape")
        assert v.js("kgViewer.focused()") is None and v.js("network.getSelectedNodes()") == []
        assert v.js(opacity, far) == 1
        assert "dimmed" not in v.page.inner_text("#status")
        v.page.select_option("#focus-depth", "0")
        v.js("id => kgViewer.select(id)", kamenew)
        assert v.js("kgViewer.focused()") is None and v.js(opacity, far) == 1


def test_nodes_are_sized_and_coloured_by_the_metric_chosen(browser, pages, kg):
    from viz.data import page_data

    data = page_data(kg)
    nodes = {n["id"]: n for n in data["nodes"]}
    catalogue = {m["id"]: m for m in data["metrics"]}
    stalin = PERSON + "Stalin"
    look = "id => [network.body.data.nodes.get(id).size, network.body.data.nodes.get(id).color.background]"
    with opened(browser, pages["en"]) as v:
        assert v.page.is_hidden("#metric-legend")
        before = v.js(look, stalin)
        for metric in ("degree", "betweenness", "community"):
            v.page.select_option("#metric", metric)
            size, index = nodes[stalin]["looks"][metric]
            assert v.js(look, stalin) == [size, catalogue[metric]["bins"][index]["color"]], metric
            legend = v.page.locator("#metric-legend li")
            assert [legend.nth(i).inner_text().split("\n")[-1] for i in range(legend.count())] == [
                str(b["count"]) for b in catalogue[metric]["bins"]]
        assert "around Joseph Stalin" in v.page.inner_text("#metric-legend")
        v.page.select_option("#lang", "de")
        assert "um Josef Stalin" in v.page.inner_text("#metric-legend")
        v.page.select_option("#metric", "type")
        assert v.js(look, stalin) == before and v.page.is_hidden("#metric-legend")


def test_most_connected_follows_the_filters(browser, pages, kg):
    def hubs(v: Opened) -> list[tuple[str, int]]:
        items = v.page.locator("#panel .hubs li")
        return [(items.nth(i).get_attribute("data-id"),
                 int(items.nth(i).locator(".count").inner_text())) for i in range(items.count())]

    with opened(browser, pages["en"]) as v:
        first = hubs(v)
        assert first[0][0] == PERSON + "Stalin"
        v.page.uncheck("input[data-type=Person]")
        later = hubs(v)
        assert later and all(kg.entities[iri].kind != "Person" for iri, _ in later)
        shown = v.js("network.body.data.edges.get({filter: e => !e.hidden})")
        for iri, count in later:
            assert count == sum(iri in (e["from"], e["to"]) for e in shown)
        v.js("kgViewer.setYear(1927)")
        assert all(exists_in(kg, iri, 1927) for iri, _ in hubs(v))


# ---------------------------------------------------------------------------- 6. explain


def test_explain_lists_distinct_paths_shortest_first_with_their_evidence(browser, pages, kg):
    a, b = str(kg.find("Trotzki")), str(kg.find("Bucharin"))
    hops = nx.shortest_path_length(kg.to_networkx().to_undirected(as_view=True), a, b)
    with opened(browser, pages["en"]) as v:
        v.page.fill("#explain-a", "trotsky")
        v.page.fill("#explain-b", "Bucharin")
        v.page.click("#explain-go")
        chains = v.js("kgViewer.state.chains")
        paths = [tuple(c["nodes"]) for c in chains]
        assert chains and len(set(paths)) == len(paths) and len(chains) <= 10  # distinct paths
        lengths = [len(c["hops"]) for c in chains]
        assert lengths == sorted(lengths) and lengths[0] == hops
        assert paths == [p for p in paths if p[0] == a and p[-1] == b]
        python = {c.nodes for c in explain(kg, a, b, limit=10)}
        assert set(paths) == python  # the chains graph.explain finds
        first = [edge for hop in chains[0]["hops"] for edge in hop["edges"]]
        for hop in chains[0]["hops"]:  # every statement between the two entities is in the hop
            assert set(hop["edges"]) == {st.iri for st in kg.statements if st.is_edge
                                         and {st.subject, str(st.object)} == {hop["from"], hop["to"]}}
        assert sorted(v.js("network.getSelectedEdges()")) == sorted(first)
        assert set(v.visible()["nodes"]) == set(chains[0]["nodes"])
        panel = v.page.inner_text("#panel")
        quotes = {s.iri: s.quote for s in kg.statements}
        assert all(quotes[edge] in panel for edge in first)
        assert v.page.locator("#panel .chain-head").count() == len(chains)
        assert "Trotsky → Joseph Stalin →" in v.page.locator("#panel .chain-head").first.inner_text()
        assert "←" not in panel  # every step reads left to right, with the inverse label if need be
        v.page.click("#explain-clear")
        assert len(v.visible()["nodes"]) == len(kg.entities)


@pytest.mark.parametrize(("a", "b"), [("Sytin", "Bucharin"), ("Jakow", "Kamenew"),
                                      ("Lenin", "Bucharin"), ("Kamenew", "Kerenski")])
def test_the_page_finds_the_chains_python_finds(browser, pages, kg, a, b):
    source, target = str(kg.find(a)), str(kg.find(b))
    with opened(browser, pages["en"]) as v:
        for avoid in ([], [PERSON + "Stalin"]):
            if source in avoid or target in avoid:
                continue
            page = v.js("([a, b, avoid]) => kgViewer.chains(a, b, 4, 200, avoid)",
                        [source, target, avoid])
            python = explain(kg, source, target, limit=200, avoid=avoid)
            assert {tuple(c["nodes"]) for c in page} == {c.nodes for c in python}, avoid
            assert [len(c["hops"]) for c in page] == sorted(c.length for c in python)


def test_explain_avoids_entities_names_the_box_of_an_error_and_drops_stale_results(browser, pages, kg):
    stalin = PERSON + "Stalin"
    with opened(browser, pages["en"]) as v:
        names = v.js("Array.from(document.querySelectorAll('#entity-names option')).map(o => o.value)")
        assert {"Joseph Stalin", "Josef Stalin", "Stalin", "Bukharin"} <= set(names)
        assert v.page.get_attribute("#explain-a", "list") == v.page.get_attribute("#explain-b", "list") \
            == "entity-names"
        v.page.fill("#explain-a", "Kamenew")
        v.page.fill("#explain-b", "Bucharin")
        v.page.click("#explain-go")
        assert any(stalin in c["nodes"] for c in v.js("kgViewer.state.chains"))
        v.page.fill("#explain-avoid", "Stalin")
        v.page.press("#explain-avoid", "Enter")
        assert v.page.inner_text("#explain-avoiding") .startswith("Joseph Stalin")
        chains = v.js("kgViewer.state.chains")
        assert chains and all(stalin not in c["nodes"] for c in chains)
        assert {tuple(c["nodes"]) for c in chains} == {
            c.nodes for c in explain(kg, "Kamenew", "Bucharin", avoid=["Stalin"])}
        assert "Avoiding: Joseph Stalin" in v.page.inner_text("#panel")
        v.page.fill("#explain-a", "Nobody at all")
        v.page.click("#explain-go")
        assert v.page.inner_text("#explain-out") == "From: no entity is called “Nobody at all”."
        assert v.js("kgViewer.state.chains") == [] and v.page.locator("#panel .chain").count() == 0
        assert len(v.visible()["nodes"]) == len(kg.entities)  # no chain highlighted any more
        v.page.fill("#explain-a", "Kamenew")
        v.page.fill("#explain-b", "Xyzzy")
        v.page.click("#explain-go")
        assert v.page.inner_text("#explain-out") == "To: no entity is called “Xyzzy”."
        v.page.fill("#explain-avoid", "Qwerty")
        v.page.click("#explain-avoid-add")
        assert v.page.inner_text("#explain-out") == "Avoid: no entity is called “Qwerty”."
        v.page.locator("#explain-avoiding button").click()  # stop avoiding Stalin
        assert v.page.is_hidden("#explain-avoiding")
        v.page.select_option("#lang", "de")
        v.page.fill("#explain-b", "Niemand")
        v.page.click("#explain-go")
        assert v.page.inner_text("#explain-out") == "Nach: keine Entität heißt „Niemand“."


def test_explain_is_reachable_without_scrolling_at_1280x720(browser, pages):
    with opened(browser, pages["en"]) as v:
        v.page.set_viewport_size({"width": 1280, "height": 720})
        v.page.wait_for_function("() => document.documentElement.clientHeight === 720")
        side = v.page.locator("#side").bounding_box()
        assert v.js("document.getElementById('side').scrollTop") == 0
        for part in ("#explain-a", "#explain-b", "#explain-avoid", "#explain-go"):
            box = v.page.locator(part).bounding_box()
            assert side["y"] <= box["y"] and box["y"] + box["height"] <= side["y"] + side["height"], part
            assert box["y"] + box["height"] <= 720, part


def test_the_address_holds_the_view_and_back_steps_through_selections(browser, pages, kg):
    kamenew, lenin, stalin = PERSON + "Kamenew", PERSON + "Lenin", PERSON + "Stalin"
    with opened(browser, pages["en"]) as v:
        v.js("id => kgViewer.select(id)", kamenew)
        v.js("kgViewer.setYear(1920)")
        v.page.select_option("#metric", "community")
        v.page.select_option("#focus-depth", "2")
        v.page.check("#stated-only")
        v.page.uncheck("input[data-relation=exiledWith]")
        v.page.select_option("#lang", "de")
        v.js("id => kgViewer.select(id)", lenin)
        v.page.fill("#explain-a", "Jakow")
        v.page.fill("#explain-b", "Kamenew")
        v.page.fill("#explain-avoid", "Schauprozesse")
        v.page.press("#explain-avoid", "Enter")
        v.page.click("#explain-go")
        shared = v.page.url
        assert "#" in shared
        chains = v.js("kgViewer.state.chains")
        trials = str(kg.find("Schauprozesse"))
        assert chains and all(trials not in c["nodes"] for c in chains)
        v.page.go_back()  # the selection before: Lenin, with the view as it was then
        v.page.wait_for_function("id => (kgViewer.state.selected || {}).id === id", arg=lenin)
        assert v.page.locator("#panel h2").inner_text() == "Lenin"
        assert v.page.input_value("#explain-a") == "" and v.js("kgViewer.state.chains") == []
        v.page.go_back()
        v.page.wait_for_function("id => (kgViewer.state.selected || {}).id === id", arg=kamenew)
        assert v.page.locator("#panel h2").inner_text() == "Kamenew"
        v.page.go_forward()
        v.page.wait_for_function("id => (kgViewer.state.selected || {}).id === id", arg=lenin)
    fragment = shared[shared.index("#"):]
    with opened(browser, pages["en"], fragment=fragment) as w:  # the address opens that view
        assert w.page.url.endswith(fragment)
        state = w.js("""() => ({year: kgViewer.state.year, metric: kgViewer.state.metric,
            depth: kgViewer.state.focusDepth, stated: kgViewer.state.statedOnly, lang: kgViewer.state.lang,
            off: KG_OFF(), avoid: kgViewer.state.avoid})""".replace(
            "KG_OFF()", "Array.from(document.querySelectorAll('#relations input:not(:checked)')).map(b => b.dataset.relation)"))
        assert state == {"year": 1920, "metric": "community", "depth": 2, "stated": True,
                         "lang": "de", "off": ["exiledWith"], "avoid": [trials]}
        assert w.js("kgViewer.state.chains") == chains
        assert w.page.input_value("#explain-a") == "Jakow" and w.page.is_checked("#stated-only")
        assert w.page.inner_text("#year-out") == "1920"
        assert stalin in w.js("kgViewer.state.chains")[0]["nodes"]
        assert w.outbound == [] and w.errors == []


def test_an_old_style_address_selects_the_entity(browser, pages):
    with opened(browser, pages["en"], fragment="#person:Trotzki") as v:
        assert v.js("kgViewer.state.selected.id") == PERSON + "Trotzki"
        assert v.page.locator("#panel h2").inner_text() == "Trotsky"
        v.page.evaluate("() => { window.location.hash = 'node=person:Lenin&year=1920'; }")  # edited by hand
        v.page.wait_for_function("id => (kgViewer.state.selected || {}).id === id", arg=PERSON + "Lenin")
        assert v.page.inner_text("#year-out") == "1920" and v.page.locator("#panel h2").inner_text() == "Lenin"


# ---------------------------------------------------------------------------- keyboard and screen readers


def serious_violations(v: Opened) -> list[tuple[str, str, list[Any]]]:
    """What axe-core finds of impact serious or critical on the page as it is now."""
    found = v.js("() => axe.run(document, {resultTypes: ['violations']})")["violations"]
    return [(x["impact"], x["id"], [n["target"] for n in x["nodes"]])
            for x in found if x["impact"] in ("serious", "critical")]


def test_an_accessibility_audit_finds_nothing_serious(browser, pages):
    """axe-core in the page (the policy bypassed so its script can be added): the default view,
    an entity's panel, an edge's panel, the search results and the explain answer."""
    with opened(browser, pages["en"], bypass_csp=True) as v:
        v.page.add_script_tag(content=axe_script())
        assert serious_violations(v) == []
        v.js("id => kgViewer.select(id)", PERSON + "Stalin")
        assert serious_violations(v) == []
        v.js("id => kgViewer.selectEdge(id)", BETRAYED)
        assert serious_violations(v) == []
        v.page.fill("#search", "Trotski")
        assert v.page.locator("#search-results [role=option]").count() > 1
        assert serious_violations(v) == []
        v.js("kgViewer.explain('Kamenew', 'Bucharin')")
        assert serious_violations(v) == []
        v.page.select_option("#lang", "de")
        assert serious_violations(v) == []


def region(v: Opened) -> str:
    """Where the focus is: ``search``, ``graph`` (the canvas or its tools), ``panel``, ``side``
    (explain and filters) or ``top`` (the rest of the header)."""
    return v.js("""() => { const a = document.activeElement;
        return a.id === 'search' ? 'search' : a.closest('#graph') ? 'graph'
             : a.closest('#panel') || a.closest('#sheet') ? 'panel' : a.closest('#side') ? 'side' : 'top'; }""")


def test_tab_goes_from_search_to_the_graph_the_panel_and_then_the_filters(browser, pages):
    with opened(browser, pages["en"]) as v:
        v.page.focus("#search")
        seen, presses = ["search"], {}
        for n in range(1, 60):
            v.page.keyboard.press("Tab")
            where = region(v)
            presses.setdefault(where, n)
            if where != seen[-1]:
                seen.append(where)
            if where == "side":
                break
        # top: the language, and the SPARQL button where the page carries the engine
        assert seen == ["search", "top", "graph", "panel", "side"]
        # the graph: its tab, the Filters and Evidence buttons, its tools; then the panel (its close)
        assert presses["graph"] == 3 and presses["panel"] <= 18
        assert v.js("document.activeElement.closest('#explain') !== null || "
                    "document.activeElement.id === 'explain-a'")
        v.page.keyboard.press("Shift+Tab")
        assert region(v) == "panel"
        # the skip link: the first stop of the page (before the search), shown when focused
        assert v.page.locator("#skip").bounding_box()["y"] < 0
        v.page.focus("#search")
        v.page.keyboard.press("Shift+Tab")
        assert v.js("document.activeElement.id") == "skip"
        assert v.page.locator("#skip").bounding_box()["y"] >= 0
        v.page.keyboard.press("Enter")
        assert v.js("document.activeElement.id") == "mynetwork"
        ring = v.js("getComputedStyle(document.getElementById('mynetwork'), '::after').borderTopStyle")
        assert ring == "solid"  # the focused graph is outlined
        v.page.keyboard.press("Shift+Tab")
        v.page.keyboard.press("Shift+Tab")
        assert v.js("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_every_control_has_a_name(browser, pages):
    with opened(browser, pages["en"]) as v:
        v.js("id => kgViewer.select(id)", PERSON + "Stalin")
        for view in ("graph", "entities", "relations", "text"):  # the views build their controls
            v.js("name => kgViewer.setView(name)", view)
            unnamed = v.js("""() => Array.from(document.querySelectorAll(
                    'button, input, select, [tabindex="0"], [role=option]')).filter(c => {
                const labelled = c.labels && Array.from(c.labels).some(l => l.textContent.trim());
                const fromContent = c.tagName === 'BUTTON' || ['option', 'button', 'tab'].includes(c.getAttribute('role'));
                return !(c.getAttribute('aria-label') || labelled || fromContent && c.textContent.trim());
            }).map(c => c.outerHTML.slice(0, 80))""")
            assert unnamed == [], view
        v.js("kgViewer.setView('graph')")
        assert v.page.get_attribute("#announce", "aria-live") == "polite"
        assert v.page.get_attribute("#mynetwork", "aria-label") == (
            f"The graph: {v.js('network.body.data.nodes.length')} entities and "
            f"{v.js('network.body.data.edges.length')} relations")


def test_arrow_keys_step_through_the_neighbours_and_enter_opens_one(browser, pages, kg):
    g = kg.to_networkx().to_undirected(as_view=True)
    kamenew = PERSON + "Kamenew"
    near = set(g.neighbors(kamenew)) - {kamenew}
    with opened(browser, pages["en"]) as v:
        v.page.focus("#mynetwork")
        v.page.keyboard.press("ArrowRight")  # nothing selected: the most connected first
        assert v.js("kgViewer.cursor()") == PERSON + "Stalin"
        assert v.page.inner_text("#announce").startswith("Joseph Stalin, person (1 of ")
        v.js("id => kgViewer.select(id)", kamenew)
        v.page.focus("#mynetwork")
        visited = []
        for _ in near:
            v.page.keyboard.press("ArrowRight")
            visited.append(v.js("kgViewer.cursor()"))
        assert set(visited) == near and len(visited) == len(near)
        assert f"of {len(near)} neighbours of Kamenev" in v.page.inner_text("#announce")
        v.page.keyboard.press("ArrowRight")  # round again
        assert v.js("kgViewer.cursor()") == visited[0]
        v.page.keyboard.press("ArrowLeft")
        assert v.js("kgViewer.cursor()") == visited[-1]
        v.page.keyboard.press("ArrowLeft")
        target = v.js("kgViewer.cursor()")
        assert target == visited[-2]
        v.page.keyboard.press("Enter")
        assert v.js("kgViewer.state.selected") == {"kind": "node", "id": target}
        assert v.page.locator("#panel h2").first.inner_text() == v.js(
            "id => network.body.data.nodes.get(id).label", target)
        assert "Its panel is open." in v.page.inner_text("#announce")
        assert v.js("document.activeElement.id") == "mynetwork"
        v.page.keyboard.press("ArrowDown")
        assert v.js("kgViewer.cursor()") in set(g.neighbors(target))
        v.page.keyboard.press("Escape")
        assert v.js("kgViewer.state.selected") is None
        assert v.page.inner_text("#announce") == "Panel closed."
        assert v.page.locator("#panel .hubs").count() == 1


def test_zoom_keys_step_steadily_up_to_a_cap(browser, pages):
    """Today's vis-network keys zoomed from 0.44x to 13x in 0.4 s of a held key: now each key
    press is one step of 1.25x, at most one every 120 ms, between 0.05x and 4x."""
    with opened(browser, pages["en"]) as v:
        v.page.focus("#mynetwork")
        start = v.js("network.getScale()")
        v.page.keyboard.press("+")
        assert v.js("network.getScale()") == pytest.approx(start * 1.25)
        v.js("() => new Promise(done => setTimeout(done, 0))")
        began = time.perf_counter()
        v.page.keyboard.down("+")  # held: the keyboard repeats as fast as it is sent
        for _ in range(30):
            v.page.keyboard.down("+")
        v.page.keyboard.up("+")
        held = time.perf_counter() - began
        steps = round(math.log(v.js("network.getScale()") / (start * 1.25), 1.25))
        assert steps <= held / 0.12 + 1  # no faster than one step per 120 ms
        scales = []
        deadline = time.monotonic() + 60  # press on until the cap, however slow the machine
        while time.monotonic() < deadline:  # (presses within 120 ms of a step are ignored)
            v.page.keyboard.press("+")
            scales.append(v.js("network.getScale()"))
            if scales[-1] >= 4:
                break
        assert max(scales) == pytest.approx(4) and all(s <= 4 + 1e-9 for s in scales)
        ratios = {round(b / a, 3) for a, b in itertools.pairwise(scales) if b != a}
        assert ratios <= {1.25} | {round(4 / s, 3) for s in scales}  # even steps, the last capped
        v.page.click("#zoom-out")
        assert v.js("network.getScale()") == pytest.approx(4 / 1.25)


# ---------------------------------------------------------------------------- basis

#: Runs of painted (n > 0) and unpainted (n < 0) pixels along the part of an edge between 25 %
#: and 45 % of its length, as the canvas shows it at zoom 2 (the label, in the middle, blanked).
EDGE_RUNS = """async id => {
  network.body.data.edges.update([{id, label: " "}]);
  const edge = network.body.edges[id];
  network.moveTo({position: edge.edgeType.getPoint(0.5), scale: 2, animation: false});
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const ctx = document.querySelector('#mynetwork canvas').getContext('2d');
  const ratio = ctx.canvas.width / ctx.canvas.clientWidth;
  const points = [];
  const a = network.canvasToDOM(edge.edgeType.getPoint(0.25));
  const b = network.canvasToDOM(edge.edgeType.getPoint(0.45));
  const steps = Math.round(Math.hypot(b.x - a.x, b.y - a.y));
  for (let i = 0; i <= steps; i++) {
    const p = network.canvasToDOM(edge.edgeType.getPoint(0.25 + 0.2 * i / steps));
    points.push(ctx.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data[3] > 64);
  }
  return points;
}"""

#: The same along the middle row of each legend sample, by basis.
LEGEND_RUNS = """() => Object.fromEntries(Array.from(document.querySelectorAll('#bases li')).map(li => {
  const canvas = li.querySelector('canvas');
  const row = canvas.getContext('2d').getImageData(0, Math.floor(canvas.height / 2), canvas.width, 1).data;
  const points = [];
  for (let x = 0; x < canvas.width; x++) points.push(row[4 * x + 3] > 64);
  return [li.dataset.basis, points];
}))"""


def line_kind(points: list[bool]) -> str:
    """What a drawn line looks like: ``solid``, ``dotted`` (dots of one length) or ``dash-dot``
    (long and short dashes), from whether each pixel along it is painted."""
    runs: list[int] = []  # lengths of painted (+) and unpainted (-) runs
    for painted in points:
        sign = 1 if painted else -1
        if runs and (runs[-1] > 0) == painted:
            runs[-1] += sign
        else:
            runs.append(sign)
    while runs and runs[0] < 0:  # the blank before and after the line
        runs.pop(0)
    while runs and runs[-1] < 0:
        runs.pop()
    if len(runs) == 1:
        return "solid"
    dashes = [r for r in runs[1:-1] if r > 0]  # the dashes at either end may be cut short
    if not dashes:
        return "broken"
    return "dash-dot" if max(dashes) >= 2 * min(dashes) else "dotted"


def test_line_kind_reads_dash_patterns():
    on, off = [True], [False]
    assert line_kind(on * 40) == line_kind(off * 2 + on * 40 + off) == "solid"
    assert line_kind((on * 3 + off * 3) * 8) == "dotted"
    assert line_kind((on * 12 + off * 3 + on * 3 + off * 3) * 4) == "dash-dot"


def test_each_basis_is_drawn_with_its_line_and_the_legend_shows_them(browser, pages, kg):
    samples = {"stated": (EXILED, "exiledWith"), "inferred": (STMT + "s11-trotzki-expelledFrom-kpdsu", "expelledFrom"),
               "reported": (JUDGED, "provedIncapableOfLeading")}
    expected = {"stated": "solid", "inferred": "dotted", "reported": "dash-dot"}
    counts = {b: sum(1 for s in kg.statements if s.is_edge and s.basis == b) for b in BASES}
    with opened(browser, pages["en"]) as v:
        legend = v.page.locator("#bases li")
        assert [legend.nth(i).get_attribute("data-basis") for i in range(legend.count())] == list(BASES)
        assert [legend.nth(i).inner_text().split() for i in range(3)] == [
            [b, str(counts[b])] for b in BASES]
        assert {b: line_kind(points) for b, points in v.js(LEGEND_RUNS).items()} == expected
        for basis, (edge, relation) in samples.items():
            style = v.js("id => [network.body.edges[id].options.dashes, network.body.edges[id].options.width]", edge)
            assert style == [BASIS_STYLES[basis]["dashes"], BASIS_STYLES[basis]["width"]]
            v.page.click("#rel-none")  # only this relation drawn, nothing crossing it
            v.page.check(f"input[data-relation={relation}]")
            points = v.js(EDGE_RUNS, edge)
            assert len(points) > 60 and line_kind(points) == expected[basis], basis
        v.page.select_option("#lang", "de")
        assert v.page.inner_text("#bases").split()[::2] == ["ausgesagt", "erschlossen", "berichtet"]
        assert v.page.locator("[data-i18n=basis]").text_content() == "Grundlage"


def test_a_reported_edge_is_drawn_dash_dot_and_says_according_to_whom(browser, pages, kg):
    (st,) = [s for s in kg.statements if s.iri == BETRAYED]
    with opened(browser, pages["betrayed"]) as v:
        assert v.js("id => network.body.edges[id].options.dashes", BETRAYED) == BASIS_STYLES["reported"]["dashes"]
        point = v.js("id => network.body.edges[id].edgeType.getPoint(0.3)", BETRAYED)
        v.click_canvas(point["x"], point["y"])
        assert v.js("network.getSelectedEdges()") == [BETRAYED]
        basis = v.page.locator("#panel .basis")
        assert basis.locator(".basis-head").inner_text() == "according to Lenin"
        assert st.note in basis.inner_text()
        assert v.page.locator("#panel mark").inner_text() == st.quote
        v.page.select_option("#lang", "de")
        assert v.page.locator("#panel .basis-head").inner_text() == "laut Lenin"
        assert "Sentence 9" not in v.js("id => network.body.data.edges.get(id).title", BETRAYED)
        assert "Satz 9 · laut Lenin" in v.js("id => network.body.data.edges.get(id).title", BETRAYED)


def test_edge_panels_say_what_the_curator_inferred_or_who_claims_it(browser, pages, kg):
    notes = {s.iri: s.note for s in kg.statements}
    with opened(browser, pages["en"]) as v:
        for edge, head in [(EXPELLED, "the curator inferred only its date"),
                           (PREVAILED, "the curator inferred this relation"),
                           (BOAST, "reported (the text does not name who claims it)"),
                           (JUDGED, "according to Anton Antonov-Ovseyenko"),
                           (EXILED, "stated by the quoted words")]:
            v.js("id => kgViewer.selectEdge(id)", edge)
            assert v.page.locator("#panel .basis-head").inner_text() == head, edge
            if notes[edge]:
                assert f"Curator’s note: {notes[edge]}" in v.page.inner_text("#panel .basis")
        v.js("id => kgViewer.selectEdge(id)", BETRAYED)
        v.page.locator("#panel .basis-head button", has_text="Lenin").click()  # the claimant is in the page
        assert v.page.locator("#panel h2").inner_text() == "Lenin"
        assert v.js("network.getSelectedNodes()") == [PERSON + "Lenin"]


def test_node_panels_read_each_relation_from_the_entity_and_mark_its_basis(browser, pages, kg):
    with opened(browser, pages["en"]) as v:
        v.js("id => kgViewer.select(id)", PERSON + "Trotzki")
        groups = v.page.locator("#panel .relations-of h4")
        heads = [groups.nth(i).inner_text() for i in range(groups.count())]
        assert "was defeated by" in heads and "prevailed over" not in heads
        defeated = v.page.locator("#panel .relations-of ul").nth(heads.index("was defeated by"))
        assert "Joseph Stalin" in defeated.inner_text() and "inferred" in defeated.inner_text()
        v.js("id => kgViewer.select(id)", PERSON + "Kamenew")
        text = v.page.inner_text("#panel")
        assert "faced expulsion proceedings started by\nLenin" in text
        assert "reported according to Lenin" in text.replace("\n", " ")
        v.js("id => kgViewer.select(id)", PERSON + "Stalin")
        death = v.page.locator("#panel .facts li", has_text="1953")
        assert "inferred" in death.inner_text()
        death.locator("summary").first.click()  # its evidence (the second: cite this statement)
        assert "the curator inferred this relation" in death.inner_text()
        for node in kg.entities:  # no panel reads a relation backwards
            v.js("id => kgViewer.select(id)", node)
            text = v.page.inner_text("#panel .relations-of")
            assert "(reversed)" not in text and "←" not in text and "→" not in text, node


def test_stated_only_hides_exactly_the_inferred_and_reported_relations(browser, pages, kg):
    every = {s.iri for s in kg.statements if s.is_edge}
    stated = {s.iri for s in kg.statements if s.is_edge and s.stated}
    assert stated and stated != every
    with opened(browser, pages["en"]) as v:
        v.page.check("#stated-only")
        assert set(v.visible()["edges"]) == stated
        assert set(v.js("network.body.data.edges.get({filter: e => e.hidden}).map(e => e.id)")) == every - stated
        assert f"{len(stated)} of {len(every)} relations, stated only" in v.page.inner_text("#status")
        v.js("y => kgViewer.setYear(y)", 1927)
        in_1927 = edges_in(kg, 1927)
        assert set(v.visible()["edges"]) == in_1927 & stated
        v.page.uncheck("#stated-only")
        assert set(v.visible()["edges"]) == in_1927
        v.page.check("#stated-only")
        v.page.click("#reset")
        assert not v.page.is_checked("#stated-only") and set(v.visible()["edges"]) == every


def test_a_page_rendered_stated_only_has_only_stated_edges(browser, pages, kg):
    with opened(browser, pages["stated"]) as v:
        stated = {s.iri for s in kg.statements if s.is_edge and s.stated}
        assert set(v.js("network.body.data.edges.getIds()")) == stated
        assert v.js("network.body.data.edges.get().every(e => e.dashes === false)")
        assert v.page.is_disabled("#stated-only")
        assert v.page.inner_text("#bases").split() == ["stated", str(len(stated))]
        assert v.outbound == [] and v.errors == []


# ---------------------------------------------------------------------------- 8. safety

HOOK = """
window.__alerts = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = (m) => { window.__alerts.push(String(m)); window.__pwned = window.__pwned || name; };
}
"""


@pytest.mark.parametrize("bypass_csp", [True, False], ids=["without-csp", "with-csp"])
def test_hostile_labels_quotes_and_links_stay_inert(browser, pages, bypass_csp):
    """The page's own code is tested with the Content-Security-Policy bypassed too: the
    policy is a second line of defence, not the reason nothing runs."""
    with opened(browser, pages["hostile"], bypass_csp=bypass_csp, init_script=HOOK) as v:
        dialogs: list[str] = []
        v.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        texts = []
        for node in v.js("network.body.data.nodes.getIds()"):
            v.js("id => kgViewer.select(id)", node)
            texts.append(v.page.inner_text("#panel"))
            v.page.locator("#panel details").evaluate_all("els => els.forEach(d => d.open = true)")
        for edge in v.js("network.body.data.edges.getIds()"):
            v.js("id => kgViewer.selectEdge(id)", edge)
            texts.append(v.page.inner_text("#panel"))
        v.page.fill("#search", "script")
        v.page.fill("#search", "javascript")
        v.js("kgViewer.explain('window', 'Evil Organisation')")
        texts.append(v.page.inner_text("#panel"))
        v.page.select_option("#lang", "de")
        texts.append(v.page.inner_text("body"))
        evil = next(n for n in v.visible()["nodes"] if n.endswith("/EvilScript"))
        tooltip = v.hover_tooltip(evil)
        assert "<script>window.__pwned='label-de';alert(1)</script>" in tooltip  # as text
        assert v.js("window.__pwned") is None
        assert v.js("window.__alerts") == [] and dialogs == []
        assert v.js("document.querySelectorAll('img, iframe, svg, math, object, embed').length") == 0
        # the page's six, and the SPARQL engine's three data blocks (viz/engine.py)
        assert v.js("document.querySelectorAll('script').length") == 6 + 3
        hrefs = v.js("Array.from(document.querySelectorAll('[href]')).map(a => a.getAttribute('href'))")
        assert all(h.startswith(("https://", "http://")) for h in hrefs)
        assert v.page.title() == "<script>window.__pwned='title'</script>"
        drawing = ET.fromstring(v.js("kgViewer.exportSVG('whole')"))  # exports carry text only
        assert {e.tag for e in drawing.iter()} <= {SVG + t for t in (
            "svg", "title", "rect", "g", "path", "polygon", "circle", "text", "tspan", "line")}
        assert "<script>window.__pwned='label-de';alert(1)</script>" in "".join(drawing.itertext())
        assert "{{7*7}} ${7*7}" in v.js("kgViewer.exportCSV('whole')")
        everything = "\n".join(texts)
        for literal in ("<script>window.__pwned='label-de';alert(1)</script>",
                        "<img src=x onerror=\"window.__pwned='label-en';alert(2)\">",
                        "</script><script>window.__pwned='alias';alert(3)</script>",
                        "<img src=x onerror=window.__pwned='quote'>",
                        "{{7*7}} ${7*7}", "javascript:alert(7)"):
            assert literal in everything
        assert v.outbound == []


# ---------------------------------------------------------------------------- more


def test_language_switch_relabels_graph_and_page(browser, pages):
    with opened(browser, pages["en"]) as v:
        stalin = PERSON + "Stalin"
        assert v.js("id => network.body.data.nodes.get(id).label", stalin) == "Joseph Stalin"
        v.page.select_option("#lang", "de")
        assert v.js("id => network.body.data.nodes.get(id).label", stalin) == "Josef Stalin"
        assert v.page.locator("[data-i18n=types]").text_content() == "Entitätstypen"
        assert "Gruppe" in v.page.inner_text("#types")
        # edge labels (shown for the selection) in German too
        v.js("id => kgViewer.select(id)", PERSON + "Kamenew")
        assert "war zusammen in der Verbannung mit" in v.js("Object.values(kgViewer.edgeLabels())")
        v.page.select_option("#lang", "en")
        assert "was in exile together with" in v.js("Object.values(kgViewer.edgeLabels())")


def download(v: Opened, button: str) -> Path:
    """Click an export button; the file the page offered."""
    with v.page.expect_download() as info:
        v.page.click(button)
    return Path(info.value.path())


def png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height in pixels, from its header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


#: How many dark pixels a PNG (given as a data: URL) has in a box given as fractions of its size.
DARK_PIXELS = """async ([url, box]) => {
  const image = new Image();
  await new Promise(done => { image.onload = done; image.src = url; });
  const canvas = document.createElement('canvas');
  canvas.width = image.width; canvas.height = image.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const [x0, y0, x1, y1] = [box[0] * image.width, box[1] * image.height, box[2] * image.width, box[3] * image.height];
  const px = ctx.getImageData(x0, y0, x1 - x0, y1 - y0).data;
  let dark = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 200) dark++;
  return dark;
}"""


@pytest.mark.parametrize(("scope", "scale"), [("view", "2"), ("whole", "3")])
def test_png_export_is_two_or_three_times_the_view_with_the_attribution(browser, pages, scope, scale):
    with opened(browser, pages["en"]) as v:
        v.page.select_option("#export-scope", scope)
        v.page.select_option("#export-scale", scale)
        path = download(v, "#png")
        assert path.name and v.page.inner_text("#announce") == "stalin-kg.png saved."
        view = v.js("[document.getElementById('mynetwork').clientWidth, document.getElementById('mynetwork').clientHeight]")
        if scope == "whole":  # the drawing's own proportions (test_viewer_truth.py)
            frame = v.js("kgViewer.exported('whole')")
            view = [frame["width"], frame["height"]]
        assert png_size(path) == (view[0] * int(scale), view[1] * int(scale))
        url = "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()
        title = v.js(DARK_PIXELS, [url, [0, 0, 0.3, 0.04]])
        credit = v.js(DARK_PIXELS, [url, [0.2, 0.96, 1, 1]])  # the attribution's line
        assert title > 200 and credit > 200
        if scope == "whole":  # the graph is fitted above the attribution: nothing else there
            assert v.js(DARK_PIXELS, [url, [0, 0.96, 0.15, 1]]) == 0
        assert v.outbound == [] and v.errors == []


def svg_texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


SVG = "{http://www.w3.org/2000/svg}"


def test_svg_export_draws_what_is_shown_with_title_legend_and_attribution(browser, pages, kg):
    with opened(browser, pages["en"]) as v:
        v.page.uncheck("input[data-type=Event]")
        v.page.select_option("#export-scope", "whole")
        root = ET.parse(download(v, "#svg")).getroot()
        shown = v.visible()
        assert {g.get("data-id") for g in root.iter(SVG + "g") if g.get("class") == "node"} == set(shown["nodes"])
        paths = {p.get("data-id"): p for p in root.iter(SVG + "path") if p.get("class") == "edge"}
        assert set(paths) == set(shown["edges"])
        assert paths[EXILED].get("stroke-dasharray") is None
        inferred = STMT + "s11-trotzki-expelledFrom-kpdsu"
        if inferred in paths:
            assert len(paths[inferred].get("stroke-dasharray").split()) == 2  # dotted
        texts = svg_texts(root)
        title = svg_texts(next(g for g in root.iter(SVG + "g") if g.get("class") == "title"))
        assert title[0] == "stalin-kg viewer" and title[1] == v.page.inner_text("#status")
        assert ("Source: Wikipedia: Josef Stalin (excerpt, 25 sentences), CC BY-SA 4.0 · "
                "https://de.wikipedia.org/wiki/Josef_Stalin") in texts
        legend = next(g for g in root.iter(SVG + "g") if g.get("class") == "legend")
        entries = svg_texts(legend)
        assert "person" in entries and "event" not in entries  # the types drawn, no others
        assert {"stated", "inferred", "reported"} <= set(entries)
        assert "Joseph Stalin" in texts and "was in exile together with" not in texts  # labels as drawn
        # the current view: what the canvas shows, at its size
        v.js("id => kgViewer.select(id)", PERSON + "Kamenew")
        v.page.wait_for_function("() => !network.view.animationEasingFunction || network.getScale() >= 1")
        v.page.select_option("#export-scope", "view")
        root = ET.parse(download(v, "#svg")).getroot()
        box = v.js("[document.getElementById('mynetwork').clientWidth, document.getElementById('mynetwork').clientHeight]")
        assert (int(root.get("width")), int(root.get("height"))) == tuple(box)
        drawn = {g.get("data-id") for g in root.iter(SVG + "g") if g.get("class") == "node"}
        inside = set(v.js("""m => Object.entries(network.getPositions()).filter(([id, p]) => {
            const d = network.canvasToDOM(p), c = document.getElementById('mynetwork');
            return !network.body.data.nodes.get(id).hidden && d.x >= -m && d.y >= -m
                && d.x <= c.clientWidth + m && d.y <= c.clientHeight + m; }).map(([id]) => id)""", 40))
        assert drawn == inside and PERSON + "Kamenew" in drawn and len(drawn) < len(shown["nodes"])
        assert "was in exile together with" in svg_texts(root)  # zoomed in: edge labels drawn
        assert v.outbound == [] and v.errors == []


def test_csv_export_holds_the_relations_shown_as_kg_export_writes_them(browser, pages, kg, tmp_path):
    from graph.export import CSV_COLUMNS, export

    def rows(path: Path) -> list[dict[str, str]]:
        with path.open(encoding="utf-8", newline="") as f:
            table = list(csv.reader(f))
        assert tuple(table[0]) == CSV_COLUMNS
        return [dict(zip(CSV_COLUMNS, r, strict=True)) for r in table[1:]]

    with opened(browser, pages["en"]) as v:
        v.js("kgViewer.setYear(1927)")
        v.page.uncheck("input[data-type=Place]")
        v.page.select_option("#export-scope", "whole")
        path = download(v, "#csv")
        assert path.read_bytes().count(b"\r\n") >= len(v.visible()["edges"]) + 1
        page = rows(path)
        assert [r["statement"] for r in page] == [e for e in v.js("network.body.data.edges.getIds()")
                                                   if e in set(v.visible()["edges"])]
        python = {r["statement"]: r for r in rows(export(kg, tmp_path / "all.csv", "csv"))}
        assert page == [python[r["statement"]] for r in page]
        v.page.select_option("#lang", "de")
        german = {r["statement"]: r for r in rows(export(kg, tmp_path / "de.csv", "csv", lang="de"))}
        assert rows(download(v, "#csv")) == [german[r["statement"]] for r in page]


def test_stabilise_runs_physics_and_turns_it_off(browser, pages):
    """Waits for the stabilisation to have finished (not merely for physics to be off, which it
    is before the click too), however slow a loaded machine makes it."""
    with opened(browser, pages["triangle"]) as v:
        before = v.js("network.getPositions()")
        v.page.click("#stabilise")
        # vis-network may report more than one finished stabilisation for one click (enabling
        # physics can start one of its own): wait for at least one, and for physics to be off
        v.page.wait_for_function(  # a function, not a string: the page's CSP forbids eval
            "() => kgViewer.stabilised >= 1 && network.physics.options.enabled === false",
            timeout=120_000)
        assert v.js("network.getPositions()") != before  # physics moved the nodes
        v.page.wait_for_function(
            "() => !document.getElementById('status').textContent.includes('Stabilising')")
        v.page.click("#reset")
        assert v.js("network.physics.options.enabled") is False
        assert v.js("network.getPositions()") == before


# ---------------------------------------------------------------------------- 7. scale


@pytest.fixture(scope="module")
def large_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    gen = bench_module("generate")
    folder = tmp_path_factory.mktemp("large")
    data = folder / "synthetic.ttl"
    data.write_text(gen.generate(5000, 15000, seed=0), encoding="utf-8")
    started = time.perf_counter()
    page = render(graph.load(data), folder / "large.html")
    print(f"\nrendered 5,000 nodes / 15,000 edges in {time.perf_counter() - started:.1f} s")
    return page


def test_5000_nodes_are_interactive_within_seconds(browser, large_page):
    started = time.perf_counter()
    with opened(browser, large_page, timeout=60_000) as v:
        ready = time.perf_counter() - started
        timings = v.js("kgViewer.timings")
        assert v.outbound == [] and v.errors == []
        # above 2,000 entities the page opens with a level of detail (viz.lod): all of the
        # graph is in the page, the most connected part drawn first
        assert v.js("kgLod.nodes.length") == 5000 and v.js("kgLod.edges.length") == 15000
        assert 0 < v.js("network.body.data.nodes.length") < 5000
        hub = v.js("""() => {
            const degree = {};
            network.body.data.edges.forEach(e => { degree[e.from] = (degree[e.from] || 0) + 1; });
            return Object.keys(degree).sort((a, b) => degree[b] - degree[a])[0];
        }""")
        pos = v.js("id => network.getPositions([id])[id]", hub)
        clicked = time.perf_counter()
        v.click_canvas(pos["x"], pos["y"])
        selected = v.js("network.getSelectedNodes()")
        assert len(selected) == 1
        assert v.page.locator("#panel h2").inner_text()
        print(f"5,000-node page: interactive after {ready:.1f} s (page script start "
              f"{timings['start'] / 1000:.1f} s, drawn {timings['drawn'] / 1000:.1f} s); "
              f"click to selection {time.perf_counter() - clicked:.2f} s")
        v.js("kgLod.revealAll()")  # the whole graph drawn, then filtered by year
        assert v.js("network.body.data.nodes.length") == 5000
        assert v.js("network.body.data.edges.length") == 15000
        v.js("kgViewer.setYear(1930)")
        assert 0 < len(v.visible()["edges"]) < 15000


# ---------------------------------------------------------------------------- served: links to pages


def test_served_panel_links_iris_to_their_pages_and_offline_keeps_them_text(browser, pages, server):
    """On ``kg serve`` the panel's entity, statement and sentence IRIs link to their Linked
    Data pages (in the page's language); a page written by ``kg render`` has no server, so no
    link."""
    context = browser.new_context()
    try:
        page = context.new_page()
        outbound: list[str] = []
        page.on("request", lambda r: None if r.url.startswith((server, "data:", "blob:"))
                else outbound.append(r.url))
        for lang, suffix in (("en", ""), ("de", "?lang=de")):
            page.goto(f"{server}/?lang={lang}")
            page.wait_for_function("() => window.kgViewer && window.kgViewer.ready", timeout=60_000)
            page.evaluate("id => kgViewer.select(id)", PERSON + "Stalin")
            link = page.locator("#panel a.iri-page", has_text="person:Stalin")
            assert link.get_attribute("href") == f"{server}/person/Stalin{suffix}"
            page.evaluate("id => kgViewer.selectEdge(id)", EXILED)
            link = page.locator("#panel a.iri-page", has_text="s08-stalin-exiledWith-kamenew")
            statement = f"{server}/statement/s08-stalin-exiledWith-kamenew{suffix}"
            assert link.get_attribute("href") == statement
            sentence = page.locator("#panel dd a.iri-page[href*='/sentence/']")
            assert sentence.inner_text() == "8"
            assert sentence.get_attribute("href") == f"{server}/sentence/08{suffix}"
        with context.expect_page() as opening:  # the statement's page, in German, beside the viewer
            link.click()
        shown = opening.value
        shown.wait_for_load_state()
        assert shown.url == statement and "Kamenew" in shown.inner_text("body")
        assert page.url.startswith(f"{server}/?lang=de")
        assert outbound == []
    finally:
        context.close()
    with opened(browser, pages["de"]) as v:
        v.js("id => kgViewer.select(id)", PERSON + "Stalin")
        panel = v.page.locator("#panel")
        assert "person:Stalin" in panel.locator("dd code").all_inner_texts()
        assert panel.locator("a.iri-page").count() == 0
        v.js("id => kgViewer.selectEdge(id)", EXILED)
        assert "s08-stalin-exiledWith-kamenew" in panel.locator("dd code").all_inner_texts()
        assert panel.locator("a.iri-page").count() == 0
        assert v.outbound == [] and v.errors == []
