"""The picture tells the truth (issue 24, item 3, and the selection's labels of item 2), in
headless Chromium (the fixtures and helpers of ``test_viz_browser``).

What a user reads is read back as drawn: the names and relation labels on the canvas (the page's
own names through ``kgViewer.selectionNames()``, vis-network's labels through its label modules,
both as screen boxes), the panel's text, the slider, and the exported pictures (the SVG's
geometry and the PNG's pixels). Every number is computed from the data.
"""

# ruff: noqa: F811 - the fixtures of test_viz_browser, imported, are the tests' arguments
from __future__ import annotations

import base64
import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from bench import bench_module
from test_viz_browser import (  # noqa: F401 - fixtures
    PERSON,
    Opened,
    download,
    opened,
    pages,
    png_size,
)

import graph
from viz.data import page_data
from viz.render import render

SVG = "{http://www.w3.org/2000/svg}"
#: The width of the export's legend column, and the room its title and attribution take
#: (viz/frontend/src/export.js: LEGEND_WIDTH + 2 * SIDE, TOP, BOTTOM, SIDE).
LEGEND_COLUMN, TOP, BOTTOM, SIDE = 232, 64, 44, 16

#: The edge labels vis-network draws now, with their screen boxes (as test_viz_views reads them).
EDGE_LABELS = """() => {
    const scale = network.getScale(), out = {};
    for (const id of network.body.edgeIndices) {
        const e = network.body.edges[id], lab = e.labelModule;
        if (!e.options.label || e.options.hidden || !lab.size || !lab.size.width) continue;
        const px = lab.fontOptions.size * scale;
        if (px < e.options.scaling.label.drawThreshold - 1) continue;
        const dy = lab.fontOptions.vadjust || 0;
        const a = network.canvasToDOM({x: lab.size.left, y: lab.size.top + dy});
        const b = network.canvasToDOM({x: lab.size.left + lab.size.width, y: lab.size.top + lab.size.height + dy});
        out[id] = [a.x, a.y, b.x, b.y];
    }
    return out;
}"""

#: vis-network's own node labels drawn now (not dimmed), with their screen boxes.
NODE_LABELS = """() => {
    const scale = network.getScale(), out = {};
    for (const id of network.body.nodeIndices) {
        const n = network.body.nodes[id], lab = n.labelModule;
        if (n.options.hidden || n.options.opacity < 1 || !lab.size || !lab.size.width) continue;
        if (lab.fontOptions.size * scale < n.options.scaling.label.drawThreshold - 1) continue;
        const a = network.canvasToDOM({x: lab.size.left, y: lab.size.top});
        const b = network.canvasToDOM({x: lab.size.left + lab.size.width, y: lab.size.top + lab.size.height});
        out[id] = [a.x, a.y, b.x, b.y];
    }
    return out;
}"""


def overlapping(boxes: dict[str, list[float]]) -> list[tuple[str, str]]:
    """The pairs of screen boxes ([x0, y0, x1, y1]) that overlap (by more than half a pixel)."""
    return [(a, b) for (a, p), (b, q) in itertools.combinations(boxes.items(), 2)
            if p[0] + 0.5 < q[2] and q[0] + 0.5 < p[2] and p[1] + 0.5 < q[3] and q[1] + 0.5 < p[3]]


def settle(v: Opened) -> None:
    """Wait until the view is still and the labels are placed for this zoom and drawn."""
    v.wait_until_still()
    v.page.wait_for_function("() => kgViewer.labelsSettled()", timeout=30_000)


def neighbours(kg: graph.KnowledgeGraph, iri: str) -> set[str]:
    """The distinct entities an entity's relations link it to."""
    return set(nx.Graph(kg.to_networkx()).neighbors(iri)) - {iri}


def relations_of(kg: graph.KnowledgeGraph, iri: str) -> set[str]:
    return {key for a, b, key in kg.to_networkx().edges(keys=True) if iri in (a, b)}


def in_view(v: Opened, ids: set[str]) -> set[str]:
    """Those of ``ids`` whose centre is inside the graph's box now."""
    return set(v.js("""ids => {
        const c = document.getElementById('mynetwork'), at = network.getPositions(ids);
        return ids.filter(id => { const p = network.canvasToDOM(at[id]);
            return p.x >= 0 && p.y >= 0 && p.x <= c.clientWidth && p.y <= c.clientHeight; });
    }""", sorted(ids)))


def drawn_labels(v: Opened) -> dict[str, list[float]]:
    """Every label box on the graph now: the page's names, vis-network's node labels (not
    dimmed) and the relations' labels."""
    names = {f"name {i}": n["box"] for i, n in v.js("kgViewer.selectionNames()").items() if n["by"] == "page"}
    nodes = {f"node {i}": box for i, box in v.js(NODE_LABELS).items()}
    edges = {f"edge {i}": box for i, box in v.js(EDGE_LABELS).items()}
    return names | nodes | edges


# ---------------------------------------------------------------------------- selection


@pytest.mark.parametrize("how", ["click", "search"])
def test_selecting_an_entity_names_its_neighbours_and_labels_its_relations_apart(browser, pages, kg, how):
    kamenew = PERSON + "Kamenew"
    near, own = neighbours(kg, kamenew), relations_of(kg, kamenew)
    with opened(browser, pages["en"], viewport=(1280, 800)) as v:
        settle(v)
        if how == "click":  # where the first view has him: nothing moves
            pos = v.js("id => network.getPositions([id])[id]", kamenew)
            v.click_canvas(pos["x"], pos["y"])
            v.page.mouse.move(2, 2)
        else:
            v.js("id => kgViewer.select(id)", kamenew)
        settle(v)
        names = v.js("kgViewer.selectionNames()")
        named = set(names) - {kamenew}
        assert named <= near
        labelled = set(v.js("kgViewer.edgeLabels()"))
        assert labelled <= own
        # the page names the neighbours in view that vis-network leaves out at this zoom, where
        # a name has room (with the side bar and the panel open the graph is 650 px wide here:
        # around Kamenew two of six have none; the panel says so, below)
        assert 3 * len(named) >= 2 * len(in_view(v, near)) > 0
        if how == "search":  # moved so that they are all in view: every one named
            assert in_view(v, near) == near and named == near
            assert len(labelled) >= len(own) // 2
        # nothing it draws covers anything else it draws
        assert overlapping(drawn_labels(v)) == []
        # the panel says how much of it the graph shows, and that the rest is listed there
        note = v.page.inner_text("#on-graph")
        if named != near or labelled != own:
            assert f"{len(named)} of {len(near)} neighbours named" in note
            assert f"{len(labelled)} of {len(own)} relations labelled" in note
        listed = v.page.locator("#panel .relations-of li").count()
        assert listed == len(own)
        assert v.errors == []


@pytest.fixture(scope="module")
def hub_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, graph.KnowledgeGraph]:
    """A generated graph of 3,000 entities (a level-of-detail page) and its graph."""
    folder = tmp_path_factory.mktemp("hub")
    data = folder / "synthetic.ttl"
    data.write_text(bench_module("generate").generate(3000, 9000, seed=1), encoding="utf-8")
    big = graph.load(data)
    return render(big, folder / "hub.html"), big


def test_a_hub_on_a_big_graph_is_labelled_by_priority_without_overlap(browser, hub_page):
    page, big = hub_page
    g = nx.Graph(big.to_networkx())
    hub = max(g.nodes, key=g.degree)
    with opened(browser, page, timeout=60_000) as v:
        v.js("id => kgViewer.select(id)", hub)
        settle(v)
        names = v.js("kgViewer.selectionNames()")
        labelled = v.js("kgViewer.edgeLabels()")
        assert set(names) - {hub} <= set(g.neighbors(hub))
        assert len(names) > 5 and labelled
        boxes = drawn_labels(v)
        assert overlapping(boxes) == []
        # far fewer labels than relations drawn: the panel says how many more it lists (the
        # level of detail's button draws the rest)
        drawn = len(relations_of(big, hub) & set(v.visible()["edges"]))
        counts = v.js("kgViewer.selectionCounts()")
        assert counts["relations"] == drawn and counts["labelled"] == len(labelled) < drawn
        note = v.page.inner_text("#on-graph")
        assert f"{len(labelled)} of {drawn} relations labelled" in note
        v.page.locator("#panel button.lod-expand").click()
        settle(v)
        own = len(relations_of(big, hub))
        assert v.js("kgViewer.selectionCounts()")["relations"] == own
        assert overlapping(drawn_labels(v)) == []
        # by priority: the neighbour in view with the most relations is named
        degree = dict(v.js("kgViewer.visibleDegree()"))
        seen = in_view(v, set(g.neighbors(hub)))
        top = max(seen, key=lambda i: (degree.get(i, 0)))
        assert degree[top] > 1 and top in names
        assert v.errors == []


def test_explain_names_every_entity_of_the_chain(browser, pages, kg):
    with opened(browser, pages["en"], viewport=(1024, 700)) as v:
        chains = v.js("kgViewer.explain('Sytin', 'Bucharin')")
        assert chains
        settle(v)
        chain = v.js("kgViewer.state.chains[kgViewer.state.chain].nodes")
        assert chain[0] == PERSON + "Sytin" and chain[-1] == PERSON + "Bucharin"
        names = v.js("kgViewer.selectionNames()")
        assert set(chain) <= set(names)
        wanted = {kg.entities[i].label_en for i in chain}
        assert {n["text"] for n in names.values()} == wanted
        page_boxes = {i: n["box"] for i, n in names.items() if n["by"] == "page"}
        assert overlapping(page_boxes) == []
        assert v.errors == []


# ---------------------------------------------------------------------------- panel


def test_the_panel_says_neighbours_and_relations_and_why_they_differ(browser, pages, kg):
    trotzki = PERSON + "Trotzki"
    near, own = neighbours(kg, trotzki), relations_of(kg, trotzki)
    assert len(own) > len(near)  # the case the issue names: two relations with one entity
    g = kg.to_networkx()
    several = {b if a == trotzki else a for a, b, _ in g.edges(keys=True) if trotzki in (a, b)}
    counts = {x: sum(1 for a, b, _ in g.edges(keys=True) if {a, b} == {trotzki, x}) for x in several}
    with opened(browser, pages["en"]) as v:
        v.js("id => kgViewer.select(id)", trotzki)
        text = v.page.inner_text("#panel")
        assert f"Neighbours (degree)\t{len(near)}" in text or f"Neighbours (degree)\n{len(near)}" in text
        assert "Degree\t" not in text and "Degree\n" not in text
        assert v.page.inner_text("#panel .relations-of h3") == f"Relations ({len(own)})"
        why = v.page.inner_text("#panel .relation-count")
        name = v.page.inner_text("#panel h2")
        assert why.startswith(f"{len(own)} relations link {name} to {len(near)} neighbours")
        for other, k in counts.items():
            if k > 1:
                assert f"{k} with {kg.entities[other].label_en}" in why
        # one with one relation to each neighbour says nothing more
        single = next(i for i in sorted(kg.entities)
                      if relations_of(kg, i) and len(relations_of(kg, i)) == len(neighbours(kg, i)))
        v.js("id => kgViewer.select(id)", single)
        assert v.page.locator("#panel .relation-count").count() == 0


def test_the_panel_speaks_german(browser, pages, kg):
    with opened(browser, pages["de"]) as v:
        v.js("id => kgViewer.select(id)", PERSON + "Trotzki")
        text = v.page.inner_text("#panel")
        assert "Nachbarn (Grad)" in text and "Beziehungen verbinden Trotzki mit" in text


# ---------------------------------------------------------------------------- time


def test_the_slider_works_at_once_and_keeps_to_the_data_years(browser, pages, kg):
    first, last = page_data(kg)["meta"]["years"]
    with opened(browser, pages["en"]) as v:
        assert not v.page.is_disabled("#year") and not v.page.is_checked("#year-on")
        assert (v.js("+document.getElementById('year').min"), v.js("+document.getElementById('year').max")) == (first, last)
        v.page.locator("#year").evaluate("(el, y) => { el.value = String(y); el.dispatchEvent(new Event('input')); }", first + 5)
        assert v.page.is_checked("#year-on") and v.js("kgViewer.state.year") == first + 5
        assert "as of " + str(first + 5) in v.page.inner_text("#status")
        assert v.page.is_hidden("#year-notice")
    with opened(browser, pages["en"], fragment="#year=3000") as v:
        assert v.js("kgViewer.state.year") == last
        assert v.page.input_value("#year") == str(last) and v.page.inner_text("#year-out") == str(last)
        notice = v.page.locator("#year-notice")
        assert notice.is_visible()
        assert notice.inner_text() == f"The year 3000 is outside the data’s years ({first}–{last}): the view is as of {last}."
        assert v.js("location.hash") == f"#year={last}"
        v.js("kgViewer.setYear(1)")
        assert v.js("kgViewer.state.year") == first and str(first) in notice.inner_text()
        v.js(f"kgViewer.setYear({first + 1})")
        assert v.page.is_hidden("#year-notice")
    with opened(browser, pages["en"], fragment="#year=soon") as v:
        assert v.js("kgViewer.state.year") is None
    with opened(browser, pages["de"], fragment="#year=1000") as v:  # German, and on a switch
        assert v.js("kgViewer.state.year") == first
        notice = v.page.locator("#year-notice")
        assert notice.inner_text() == (f"Das Jahr 1000 liegt außerhalb der Jahre der Daten ({first}–{last}): "
                                       f"die Ansicht gilt für {first}.")
        v.js("kgViewer.setLang('en')")
        assert notice.inner_text().startswith("The year 1000 is outside the data’s years")


# ---------------------------------------------------------------------------- exports


def svg_of(v: Opened, scope: str) -> ET.Element:
    return ET.fromstring(v.js("s => kgViewer.exportSVG(s)", scope))


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


def group(root: ET.Element, name: str) -> ET.Element:
    return next(g for g in root.iter(SVG + "g") if g.get("class") == name)


def node_centres(root: ET.Element) -> dict[str, tuple[float, float]]:
    """Each exported entity's centre (its shape's middle)."""
    out = {}
    for g in root.iter(SVG + "g"):
        if g.get("class") != "node":
            continue
        shape = next(iter(g))
        if shape.tag == SVG + "circle":
            out[g.get("data-id")] = (float(shape.get("cx")), float(shape.get("cy")))
        elif shape.tag == SVG + "rect":
            out[g.get("data-id")] = (float(shape.get("x")) + float(shape.get("width")) / 2,
                                     float(shape.get("y")) + float(shape.get("height")) / 2)
        else:
            pts = [tuple(map(float, p.split(","))) for p in shape.get("points").split()]
            out[g.get("data-id")] = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
    return out


def test_the_current_view_keeps_the_selection_in_frame_without_screen_hints(browser, pages, kg):
    stalin = PERSON + "Stalin"
    near = neighbours(kg, stalin) | {stalin}
    with opened(browser, pages["en"], viewport=(1280, 800)) as v:
        v.js("id => kgViewer.select(id)", stalin)
        settle(v)
        assert "(Esc clears)" in v.page.inner_text("#status")  # on screen, the hint
        root = svg_of(v, "view")
        subtitle = texts(group(root, "title"))[1]
        assert "Esc" not in subtitle and "within 1 step(s) of Joseph Stalin" in subtitle
        width, height = float(root.get("width")), float(root.get("height"))
        at = node_centres(root)
        assert near <= set(at)
        for i in near:  # clear of the title, the legend's column and the attribution
            x, y = at[i]
            assert SIDE <= x <= width - LEGEND_COLUMN and TOP <= y <= height - BOTTOM, i
        # the legend lists the relations and types drawn plainly in the picture, no others
        legend = set(texts(group(root, "legend")))
        shown = {p.get("data-id") for p in root.iter(SVG + "path")
                 if p.get("class") == "edge" and float(p.get("stroke-opacity")) > 0.5}
        data = page_data(kg)
        relation = {e["id"]: e["relation"] for e in data["edges"]}
        labels = {r["id"]: r["label_en"] for r in data["relations"]}
        drawn_kinds = {labels[relation[e]] for e in shown if _end_inside(root, e, at, width, height)}
        listed = {t for t in legend if t in set(labels.values())}
        assert listed and listed <= drawn_kinds
        # the relations' labels it carries cover no name it draws (boxes measured as drawn)
        boxes = v.js(TEXT_BOXES, v.js("kgViewer.exportSVG('view')"))
        assert boxes["nodes"], boxes
        assert boxes["edge-labels"], (v.js("kgViewer.edgeLabels()"), boxes)
        both = {f"edge {i}": b for i, b in enumerate(boxes["edge-labels"])} | {
            f"name {i}": b for i, b in enumerate(boxes["nodes"])}
        assert [pair for pair in overlapping(both) if pair[0].split()[0] != pair[1].split()[0]
                or pair[0].startswith("edge")] == []
        assert v.errors == []


#: The boxes of an SVG's texts as the browser draws them, by the class of their group (the
#: names of entities not dimmed, and the relations' labels).
TEXT_BOXES = """text => {
    const box = document.createElement('div');
    box.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden';
    box.innerHTML = text;  // a test's own export, put in the page to be measured
    document.body.append(box);
    const out = {nodes: [], 'edge-labels': []};
    for (const t of box.querySelectorAll('g.edge-labels text')) {
        const b = t.getBBox(); out['edge-labels'].push([b.x, b.y, b.x + b.width, b.y + b.height]);
    }
    for (const t of box.querySelectorAll('g.node:not([opacity]) text')) {
        const b = t.getBBox(); out.nodes.push([b.x, b.y, b.x + b.width, b.y + b.height]);
    }
    box.remove();
    return out;
}"""


def _end_inside(root: ET.Element, edge: str, at: dict[str, tuple[float, float]], width: float, height: float) -> bool:
    path = next(p for p in root.iter(SVG + "path") if p.get("data-id") == edge)
    words = path.get("d").replace("M", "").replace("Q", "").split()
    ends = [(float(words[0]), float(words[1])), (float(words[4]), float(words[5]))]
    return any(0 <= x <= width and 0 <= y <= height for x, y in ends)


#: The bounding box of the non-white pixels of a PNG (a data: URL) in a box given as
#: fractions, as fractions of that box.
INKED = """async ([url, box]) => {
  const image = new Image();
  await new Promise(done => { image.onload = done; image.src = url; });
  const c = document.createElement('canvas');
  c.width = image.width; c.height = image.height;
  const ctx = c.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const [x0, y0] = [Math.round(box[0] * image.width), Math.round(box[1] * image.height)];
  const [w, h] = [Math.round((box[2] - box[0]) * image.width), Math.round((box[3] - box[1]) * image.height)];
  const px = ctx.getImageData(x0, y0, w, h).data;
  let a = [w, h, 0, 0];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = 4 * (y * w + x);
    if (px[i] + px[i + 1] + px[i + 2] < 600) { a = [Math.min(a[0], x), Math.min(a[1], y), Math.max(a[2], x), Math.max(a[3], y)]; }
  }
  return [a[0] / w, a[1] / h, a[2] / w, a[3] / h];
}"""


def test_the_whole_graph_png_fills_its_picture_with_legible_labels(browser, pages, kg, tmp_path):
    with opened(browser, pages["en"], viewport=(1280, 800)) as v:
        v.page.select_option("#export-scope", "whole")
        v.page.select_option("#export-scale", "2")
        path = download(v, "#png")
        frame = v.js("kgViewer.exported('whole')")
        assert png_size(path) == (2 * frame["width"], 2 * frame["height"])
        (tmp_path / "whole.png").write_bytes(path.read_bytes())
        url = "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()
        # the drawing's area (left of the legend, between title and attribution) is inked
        # from edge to edge: no empty third
        w, h = frame["width"], frame["height"]
        area = [SIDE / w, TOP / h, (w - LEGEND_COLUMN) / w, (h - BOTTOM) / h]
        inked = v.js(INKED, [url, area])
        assert inked[0] < 0.05 and inked[1] < 0.05 and inked[2] > 0.95 and inked[3] > 0.95, inked
        # its names at the layout's size or at least 11 px, and none over another
        root = svg_of(v, "whole")
        sizes = [float(t.get("font-size")) for g in root.iter(SVG + "g") if g.get("class") == "node"
                 for t in g.iter(SVG + "text")]
        assert sizes and min(sizes) >= 11
        names = texts(group(root, "nodes"))
        assert "Joseph Stalin" in names
        left_out = len(kg.entities) - len(names)
        legend = texts(group(root, "legend"))
        assert (f"{left_out} names left out (no room)" in legend) == (left_out > 0)
        assert v.errors == []
