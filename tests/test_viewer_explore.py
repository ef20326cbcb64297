"""Exploring the viewer page as in Gephi Lite (issue 24 item 4), in headless Chromium: colour and
size by an attribute, a range filter, and ForceAtlas2 run in a Web Worker, kept and reset.

What the page should show is worked out here from the page's own data (its ``kg-nodes`` and
``kg-edges`` blocks), never from the page's answers.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from chromium import axe_script
from test_viz_browser import Opened, opened

import graph
from viz.render import render

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


def test_the_bundle_ships_the_notices_of_the_libraries_it_compiles_in():
    """graphology and its ForceAtlas2 are compiled into the page's script: their licences ship
    beside it, at the lockfile's versions (npm run vendor writes the file, --check keeps it)."""
    lock = json.loads((ROOT / "viz" / "frontend" / "package-lock.json").read_text(encoding="utf-8"))
    notices = (resources.files("viz") / "static" / "app.js.THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    for name in ("graphology", "graphology-layout-forceatlas2", "graphology-utils", "events"):
        version = lock["packages"][f"node_modules/{name}"]["version"]
        assert f"\n{name} {version} (MIT)\n" in notices
    assert "Permission is hereby granted" in notices


@pytest.fixture(scope="module")
def pages(kg: graph.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("explore")
    return {"en": render(kg, folder / "en.html"), "de": render(kg, folder / "de.html", lang="de")}


def page_blocks(path: Path) -> tuple[list[dict], list[dict]]:
    """The nodes and edges the page holds, read from its JSON blocks."""
    text = path.read_text(encoding="utf-8")

    def block(name: str) -> list[dict]:
        start = text.index(f'id="{name}">') + len(f'id="{name}">')
        return json.loads(text[start:text.index("</script>", start)])

    return block("kg-nodes"), block("kg-edges")


def degrees(edges: list[dict]) -> Counter[str]:
    """Each entity's number of relations (a relation of an entity with itself counts once)."""
    count: Counter[str] = Counter()
    for e in edges:
        for end in {e["from"], e["to"]}:
            count[end] += 1
    return count


def node_colours(v: Opened) -> dict[str, str]:
    return v.js("() => Object.fromEntries(network.body.data.nodes.get().map(n => [n.id, n.color.background]))")


def test_colour_by_basis_paints_each_entity_in_its_legend_colour(browser, pages):
    nodes, edges = page_blocks(pages["en"])
    with opened(browser, pages["en"]) as v:
        before = node_colours(v)
        v.page.select_option("#colour-by", "basis")
        v.page.wait_for_function("() => document.querySelectorAll('#appearance-legend li').length > 0")
        legend = v.js("""() => Array.from(document.querySelectorAll('#appearance-legend li'),
            li => [li.dataset.value, li.dataset.color, li.querySelector('.name').textContent,
                   Number(li.querySelector('.count').textContent)])""")
        colours = node_colours(v)
        assert colours != before
        # each entity's basis from the data: the bases of its relations and facts
        bases: dict[str, set[str]] = {n["id"]: {f["basis"] for f in n["facts"]} for n in nodes}
        for e in edges:
            bases[e["from"]].add(e["basis"])
            bases[e["to"]].add(e["basis"])

        def basis(seen: set[str]) -> str:
            if not seen:
                return ""
            inferred, reported = "inferred" in seen, "reported" in seen
            return "mixed" if inferred and reported else "inferred" if inferred else "reported" if reported else "stated"

        colour_of = {value: colour for value, colour, _, _ in legend}
        assert len(set(colour_of.values())) == len(colour_of)  # told apart
        for n in nodes:
            assert colours[n["id"]] == colour_of[basis(bases[n["id"]])], n["id"]
        assert {value: count for value, _, _, count in legend} == Counter(basis(bases[n["id"]]) for n in nodes)
        assert "colour=basis" in v.js("location.hash")
        # the export's legend says the same colours, not the types'
        drawing = ET.fromstring(v.js("kgViewer.exportSVG('whole')"))
        key = next(g for g in drawing.iter(SVG + "g") if g.get("class") == "legend")
        texts = [t.text for t in key.iter(SVG + "text")]
        fills = {c.get("fill") for c in key.iter(SVG + "circle")}
        def cut(text: str) -> str:  # (the export's legend cuts a long text at 30 characters)
            return text if len(text) <= 30 else text[:29] + "…"

        names = [cut(name) for _, _, name, _ in legend]
        assert texts[0] == cut("Colour: basis of its statements") and texts[1:1 + len(names)] == names
        assert fills == set(colour_of.values())
        assert not v.errors


def test_size_by_degree_orders_sizes_by_degree(browser, pages):
    nodes, edges = page_blocks(pages["en"])
    degree = degrees(edges)
    with opened(browser, pages["en"]) as v:
        v.page.select_option("#size-by", "degree")
        v.page.wait_for_function("() => location.hash.includes('size=degree')")
        sizes = v.js("() => Object.fromEntries(network.body.data.nodes.get().map(n => [n.id, n.size]))")
        ids = [n["id"] for n in nodes]
        for a in ids:
            for b in ids:
                if degree[a] < degree[b]:
                    assert sizes[a] < sizes[b], (a, b)
                if degree[a] == degree[b]:
                    assert sizes[a] == sizes[b], (a, b)
        # kept in the address: opened again, the page draws the same
        fragment = v.js("location.hash")
    with opened(browser, pages["en"], fragment=fragment) as again:
        assert again.js("document.getElementById('size-by').value") == "degree"
        assert again.js("() => Object.fromEntries(network.body.data.nodes.get().map(n => [n.id, n.size]))") == sizes


def test_the_metric_chosen_takes_colour_and_size_back(browser, pages):
    nodes, _ = page_blocks(pages["en"])
    looks = {n["id"]: n["looks"]["community"] for n in nodes}
    with opened(browser, pages["en"]) as v:
        v.page.select_option("#colour-by", "year")
        v.page.select_option("#size-by", "degree")
        v.page.wait_for_function("() => !document.getElementById('appearance-legend').hidden")
        v.page.select_option("#metric", "community")
        v.page.wait_for_function("() => document.getElementById('appearance-legend').hidden")
        assert v.js("[document.getElementById('colour-by').value, document.getElementById('size-by').value]") == ["", ""]
        assert "colour=" not in v.js("location.hash") and "metric=community" in v.js("location.hash")
        sizes = v.js("() => Object.fromEntries(network.body.data.nodes.get().map(n => [n.id, n.size]))")
        assert all(sizes[i] == look[0] for i, look in looks.items())


def test_a_range_hides_exactly_the_entities_outside_it(browser, pages):
    nodes, edges = page_blocks(pages["en"])
    degree = degrees(edges)
    with opened(browser, pages["en"]) as v:
        v.page.uncheck("#orphans")  # every entity in the range, with or without relations left
        v.page.select_option("#range-attr", "degree")
        v.page.fill("#range-from", "3")
        v.page.locator("#range-from").press("Enter")
        v.page.locator("#range-from").blur()
        v.page.wait_for_function("() => location.hash.includes('range=degree')")
        inside = {n["id"] for n in nodes if degree[n["id"]] >= 3}
        assert 0 < len(inside) < len(nodes)
        assert set(v.visible()["nodes"]) == inside
        shown_edges = {e["id"] for e in edges if e["from"] in inside and e["to"] in inside}
        assert set(v.visible()["edges"]) == shown_edges
        assert str(len(inside)) in v.page.locator("#range-note").text_content()
        fragment = v.js("location.hash")
        with opened(browser, pages["en"], fragment=fragment) as again:  # kept in the address
            assert set(again.visible()["nodes"]) == inside
            assert again.js("document.getElementById('range-from').value") == "3"
        # combined with the other filters: a type filtered out stays out
        v.page.locator("#types input[data-type=Person]").uncheck()
        assert set(v.visible()["nodes"]) == {n["id"] for n in nodes if n["id"] in inside and n["type"] != "Person"}
        v.page.click("#range-clear")
        v.page.locator("#types input[data-type=Person]").check()
        assert len(v.visible()["nodes"]) == len(nodes)


def test_forceatlas2_runs_in_a_worker_stops_keeps_and_resets(browser, pages):
    nodes, _ = page_blocks(pages["en"])
    computed = {n["id"]: (n["x"], n["y"]) for n in nodes}
    count_workers = """(() => {
        const Made = window.Worker;
        window.__workers = 0;
        window.Worker = class extends Made { constructor(...a) { super(...a); window.__workers += 1; } };
    })()"""
    with opened(browser, pages["en"], init_script=count_workers) as v:
        start = v.js("network.getPositions()")
        v.page.focus("#layout-start")  # by keyboard: Enter starts, the focus goes to Stop
        v.page.keyboard.press("Enter")
        assert v.js("kgViewer.layout.running()") and v.js("window.__workers") == 1
        assert v.js("document.activeElement.id") == "layout-stop"
        v.page.wait_for_function("""(start) => {
            const now = network.getPositions();
            return Object.keys(start).filter(id => Math.hypot(now[id].x - start[id].x, now[id].y - start[id].y) > 5).length > 10;
        }""", arg=start, timeout=30_000)
        # the main thread answers while the layout runs: most 10 ms timers come within 60 ms
        # (the worker computes; the page only draws the positions, ten times a second)
        gaps = v.page.evaluate("""() => new Promise(done => {
            const gaps = []; let last = performance.now();
            const hop = () => {
                const now = performance.now();
                gaps.push(now - last); last = now;
                if (gaps.length < 40) setTimeout(hop, 10); else done(gaps.sort((a, b) => a - b));
            };
            setTimeout(hop, 10);
        })""")
        assert gaps[len(gaps) // 2] < 60, gaps
        assert v.js("kgViewer.layout.running()")
        v.page.keyboard.press("Enter")
        assert not v.js("kgViewer.layout.running()") and v.js("kgViewer.layout.kept()")
        assert v.js("document.activeElement.id") == "layout-start"
        stopped = v.js("network.getPositions()")
        # stopped: the positions stay, through a filter change and back
        v.page.locator("#types input[data-type=Person]").uncheck()
        v.page.locator("#types input[data-type=Person]").check()
        v.page.wait_for_function("() => requestAnimationFrame(() => 0) >= 0")
        assert v.js("network.getPositions()") == stopped
        assert any(abs(stopped[i]["x"] - computed[i][0]) > 5 for i in computed)
        v.page.click("#layout-reset")
        reset = v.js("network.getPositions()")
        for i, (x, y) in computed.items():
            assert abs(reset[i]["x"] - x) <= 1 and abs(reset[i]["y"] - y) <= 1, i  # (vis-network rounds)
        assert not v.js("kgViewer.layout.kept()")
        assert not v.errors and not v.outbound  # under the page's own policy, offline


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_controls_are_named_in_the_language_and_axe_clean(browser, pages, lang):
    with opened(browser, pages[lang], bypass_csp=True) as v:  # (bypassed for axe's script only)
        words = json.loads((Path(graph.__file__).parent / "locales" / f"{lang}.json").read_text(encoding="utf-8"))
        assert v.page.locator("#appearance h2").text_content() == words["page.appearance"]
        assert v.page.locator("#layout-start").text_content() == words["page.layoutRun"]
        for control, key in (("colour-by", "colourAttr"), ("size-by", "sizeAttr"), ("range-attr", "rangeAttr")):
            assert v.page.locator(f"label:has(#{control}) > span").text_content() == words["page." + key]
        # by keyboard: focus the colour choice, pick with the arrow keys
        v.page.focus("#colour-by")
        v.page.keyboard.press("ArrowDown")
        v.page.wait_for_function("() => document.getElementById('colour-by').value !== ''")
        v.page.select_option("#colour-by", "year")
        v.page.add_script_tag(content=axe_script())
        result = v.js("""() => axe.run(document.querySelector('#side'), {runOnly: ['wcag2a', 'wcag2aa']})
            .then(r => r.violations.map(x => x.id + ': ' + x.nodes.map(n => n.target).join(' ')))""")
        assert result == []


def test_a_page_whose_policy_allows_no_worker_says_the_layout_cannot_run(browser, pages, tmp_path):
    """The page's policy is what lets the worker start: without ``worker-src blob:`` the browser
    refuses it, and the page says so instead of failing."""
    text = pages["en"].read_text(encoding="utf-8")
    assert text.count("worker-src blob:") == 1
    closed = tmp_path / "closed.html"
    closed.write_text(text.replace("; worker-src blob:", ""), encoding="utf-8")
    nodes, _ = page_blocks(pages["en"])
    words = json.loads((Path(graph.__file__).parent / "locales" / "en.json").read_text(encoding="utf-8"))
    with opened(browser, closed) as v:
        before = v.js("network.getPositions()")
        v.page.click("#layout-start")
        v.page.wait_for_function("() => !kgViewer.layout.running()")
        assert v.page.locator("#layout-note").text_content() == words["page.layoutUnavailable"]
        assert any("worker-src" in e or "Content Security Policy" in e for e in v.errors)
        assert v.js("network.getPositions()") == before
        assert len(before) == len(nodes)
