"""The viewer legible by default, and its table and text views (issue 14, items 1 and 8), in
headless Chromium (the fixtures and helpers of ``test_viz_browser``).

Item 1 is measured on the page as it is drawn: vis-network's own label sizes (a label's font
size times the zoom, its box from the label module, mapped to the screen with
``network.canvasToDOM``) at 1400x900, the size the issue names.
"""

# ruff: noqa: F811 - the fixtures of test_viz_browser, imported, are the tests' arguments
from __future__ import annotations

import itertools

import pytest
from bench import bench_module
from test_viz_browser import (  # noqa: F401 - fixtures
    BETRAYED,
    EXILED,
    PERSON,
    STMT,
    Opened,
    axe_script,
    opened,
    pages,
    serious_violations,
)

import graph
import viz
from viz.data import LABEL_FONT, LABEL_WRAP
from viz.layout import label_lines
from viz.render import LABEL_MIN_PX

SCREEN = (1400, 900)
FRIENDS = STMT + "s08-sinowjew-friendOf-kamenew"
CLOSE = STMT + "s08-sinowjew-closeInViewsTo-kamenew"

#: Each node's label as drawn now: its screen font size, whether vis-network draws it (from
#: ``drawThreshold - 1`` pixels on) and its box on the screen.
NODE_LABELS = """() => {
    const scale = network.getScale(), out = {};
    for (const id of network.body.nodeIndices) {
        const n = network.body.nodes[id], lab = n.labelModule;
        const px = lab.fontOptions.size * scale;
        const a = network.canvasToDOM({x: lab.size.left, y: lab.size.top});
        const b = network.canvasToDOM({x: lab.size.left + lab.size.width, y: lab.size.top + lab.size.height});
        out[id] = {px, drawn: !n.options.hidden && px >= n.options.scaling.label.drawThreshold - 1,
                   box: [a.x, a.y, b.x, b.y]};
    }
    return out;
}"""

#: The edge labels vis-network draws now (a label of a size it does not leave out), with their
#: screen font size and box (moved by the label's vadjust, as it is drawn).
EDGE_LABELS = """() => {
    const scale = network.getScale(), out = {};
    for (const id of network.body.edgeIndices) {
        const e = network.body.edges[id], lab = e.labelModule;
        if (e.options.hidden || !e.options.label || !lab.size.width) continue;
        const px = lab.fontOptions.size * scale;
        if (px < e.options.scaling.label.drawThreshold - 1) continue;
        const dy = lab.fontOptions.vadjust || 0;
        const a = network.canvasToDOM({x: lab.size.left, y: lab.size.top + dy});
        const b = network.canvasToDOM({x: lab.size.left + lab.size.width, y: lab.size.top + lab.size.height + dy});
        out[id] = {text: e.options.label, px, box: [a.x, a.y, b.x, b.y]};
    }
    return out;
}"""


def overlapping(boxes: dict[str, list[float]]) -> list[tuple[str, str]]:
    """The pairs of screen boxes ([x0, y0, x1, y1]) that overlap."""
    return [(a, b) for (a, p), (b, q) in itertools.combinations(boxes.items(), 2)
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]]


def settle(v: Opened) -> None:
    """Wait until the view is still and the page has placed its labels for this zoom and
    drawn them."""
    v.wait_until_still()
    v.page.wait_for_function("() => kgViewer.labelsSettled()", timeout=30_000)


def most_connected(v: Opened, k: int = 10) -> list[str]:
    """The first ``k`` entities of the panel's "Most connected" list."""
    ids = v.js("Array.from(document.querySelectorAll('#panel .hubs li[data-id]')).map(li => li.dataset.id)")
    assert len(ids) >= k
    return ids[:k]


# ---------------------------------------------------------------------------- item 1: legible


def test_the_first_view_shows_the_most_connected_names_at_12_px_or_more_and_apart(browser, pages):
    with opened(browser, pages["en"], viewport=SCREEN) as v:
        settle(v)
        top = most_connected(v)
        labels = v.js(NODE_LABELS)
        small = {i: labels[i]["px"] for i in top if labels[i]["px"] < 12 or not labels[i]["drawn"]}
        assert small == {}
        assert overlapping({i: labels[i]["box"] for i in top}) == []
        width, height = v.js("[document.getElementById('mynetwork').clientWidth,"
                             " document.getElementById('mynetwork').clientHeight]")
        for i in top:  # inside the view
            x0, y0, x1, y1 = labels[i]["box"]
            assert x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height, i
        # the labels drawn (bigger fonts only) do not cover one another either
        drawn = {i: lab["box"] for i, lab in labels.items() if lab["drawn"]}
        assert overlapping(drawn) == []
        # and the other labels are not drawn yet: they appear as one zooms in
        assert len(drawn) < len(labels) / 2
        assert v.js(EDGE_LABELS) == {}  # no edge label in the overview


#: The graphs the first view is held to besides the curated one: the curated graph laid out
#: from other seeds, and generated graphs of about its size (other names, other hubs).
OTHER_GRAPHS = [("curated", 1), ("curated", 2), ("generated", 3), ("generated", 4)]


def other_graph(kind: str, seed: int, folder) -> graph.KnowledgeGraph:
    """The curated graph, or a generated graph of 90 entities and 160 edges from ``seed``."""
    if kind == "curated":
        return graph.load()
    path = folder / f"generated-{seed}.ttl"
    path.write_text(bench_module("generate").generate(90, 160, seed=seed), encoding="utf-8")
    return graph.load(path)


def label_boxes(nodes: list[dict]) -> dict[str, list[float]]:
    """Each node's box with its label under it, in canvas pixels, as the layout measures it
    ([x0, y0, x1, y1] from the node's position, radius, font and label)."""
    out = {}
    for n in nodes:
        lines = label_lines(n["label"], n["font"], LABEL_WRAP * n["font"] / LABEL_FONT - 10)
        half = max(max(lines), 2 * n["size"]) / 2
        bottom = n["y"] + n["size"] + 5 + len(lines) * n["font"] * 17 / 14
        out[n["id"]] = [n["x"] - half, n["y"] - n["size"] - 2, n["x"] + half, bottom]
    return out


@pytest.mark.parametrize(("kind", "seed"), [("curated", 0), *OTHER_GRAPHS])
@pytest.mark.parametrize("lang", ["en", "de"])
def test_no_two_labels_are_laid_out_over_each_other(kind, seed, lang, tmp_path):
    """On any graph the layout keeps every label's box (measured in the widest usual
    sans-serif) apart: so the first view's bigger labels never cover one another."""
    kg = other_graph(kind, seed, tmp_path)
    data = viz.page_data(kg, lang=lang, seed=seed)
    nodes = [{**n, "label": n[f"label_{lang}"]} for n in data["nodes"]]
    assert len(nodes) >= 80 and any(n["font"] > LABEL_FONT for n in nodes)
    assert overlapping(label_boxes(nodes)) == []


@pytest.mark.parametrize(("kind", "seed"), OTHER_GRAPHS)
def test_the_first_view_keeps_its_names_apart_on_other_graphs(browser, kind, seed, tmp_path):
    page = viz.render(other_graph(kind, seed, tmp_path), tmp_path / "page.html", seed=seed)
    with opened(browser, page, viewport=SCREEN) as v:
        settle(v)
        top = most_connected(v)
        labels = v.js(NODE_LABELS)
        assert all(labels[i]["drawn"] and labels[i]["px"] >= 12 for i in top)
        drawn = {i: lab["box"] for i, lab in labels.items() if lab["drawn"]}
        assert overlapping(drawn) == []


def test_the_other_labels_appear_as_one_zooms_in(browser, pages):
    with opened(browser, pages["en"], viewport=SCREEN) as v:
        settle(v)
        first = sum(1 for lab in v.js(NODE_LABELS).values() if lab["drawn"])
        v.js("network.moveTo({scale: network.getScale() * 1.4})")
        settle(v)
        more = sum(1 for lab in v.js(NODE_LABELS).values() if lab["drawn"])
        v.js("network.moveTo({scale: 1})")
        settle(v)
        labels = v.js(NODE_LABELS)
        assert first < more < len(labels)
        assert all(lab["drawn"] for lab in labels.values())  # at 100 % every label is drawn
        # a big font is no bigger on screen than it needs to be: at most 18 px, never under 14
        assert max(lab["px"] for lab in labels.values()) <= 18.5
        assert min(lab["px"] for lab in labels.values()) >= LABEL_MIN_PX


def test_edge_labels_show_for_the_selection_and_on_hover_never_over_each_other(browser, pages, kg):
    kamenew = PERSON + "Kamenew"
    own = {s.iri for s in kg.statements if s.is_edge and kamenew in (s.subject, str(s.object))}
    with opened(browser, pages["en"], viewport=SCREEN) as v:
        v.js("id => kgViewer.select(id)", kamenew)
        settle(v)
        shown = v.js(EDGE_LABELS)
        assert set(shown) <= own and len(shown) >= len(own) / 2
        assert all(abs(lab["px"] - 12) < 0.5 for lab in shown.values())
        assert overlapping({i: lab["box"] for i, lab in shown.items()}) == []
        # nor over the labels of the entities in focus (the dimmed ones are drawn faint)
        near = set(v.js("kgViewer.focused()")["nodes"])
        nodes = {i: lab["box"] for i, lab in v.js(NODE_LABELS).items() if lab["drawn"] and i in near}
        assert not [(e, n) for e, n in overlapping({**{"e" + k: b["box"] for k, b in shown.items()},
                                                    **{"n" + k: b for k, b in nodes.items()}})
                    if e[0] != n[0]]
        # Stalin's relations (the most of anyone): as many labels as fit, none over another
        stalin_own = {s.iri for s in kg.statements
                      if s.is_edge and PERSON + "Stalin" in (s.subject, str(s.object))}
        assert len(stalin_own) > len(own)
        v.js("id => kgViewer.select(id)", PERSON + "Stalin")
        settle(v)
        stalin = v.js(EDGE_LABELS)
        assert set(stalin) <= stalin_own and len(stalin) >= 10
        assert overlapping({i: lab["box"] for i, lab in stalin.items()}) == []
        # nothing selected: no labels; the mouse over an edge: its label
        v.js("kgViewer.clearSelection()")
        v.js("kgViewer.reset()")
        settle(v)
        assert v.js(EDGE_LABELS) == {}
        v.js("id => network.moveTo({scale: 1.5, position: network.getPositions([id])[id]})", kamenew)
        settle(v)
        middle = v.js("id => network.body.edges[id].edgeType.getPoint(0.5)", EXILED)
        v.page.mouse.move(*v.page_point(middle["x"], middle["y"]))
        v.page.wait_for_function("id => kgViewer.edgeLabels()[id] !== undefined", arg=EXILED)
        settle(v)
        assert list(v.js(EDGE_LABELS)) == [EXILED]


def test_parallel_edges_are_drawn_apart_with_their_labels(browser, pages, kg):
    g = kg.to_networkx()
    pairs: dict[frozenset[str], list[str]] = {}
    for a, b, key in g.edges(keys=True):
        pairs.setdefault(frozenset((a, b)), []).append(key)
    bundles = [ids for ids in pairs.values() if len(ids) > 1]
    assert any(set(ids) == {FRIENDS, CLOSE} for ids in bundles)
    with opened(browser, pages["en"], viewport=SCREEN) as v:
        for ids in bundles:
            middles = v.js("ids => ids.map(id => network.body.edges[id].edgeType.getPoint(0.5))", ids)
            ends = v.js("id => { const e = network.body.edges[id]; return [e.from.x, e.from.y, e.to.x, e.to.y]; }", ids[0])
            length = ((ends[0] - ends[2]) ** 2 + (ends[1] - ends[3]) ** 2) ** 0.5
            for p, q in itertools.combinations(middles, 2):  # their middles apart: 0.15 of it
                assert ((p["x"] - q["x"]) ** 2 + (p["y"] - q["y"]) ** 2) ** 0.5 >= 0.14 * length, ids
        # Sinowjew and Kamenew: "friends with" selected, "close in views to" under the mouse
        v.js("id => kgViewer.selectEdge(id)", FRIENDS)
        v.js("id => network.moveTo({scale: 1.6, position: network.getPositions([id])[id]})", PERSON + "Sinowjew")
        settle(v)
        middle = v.js("id => network.body.edges[id].edgeType.getPoint(0.5)", CLOSE)
        v.page.mouse.move(*v.page_point(middle["x"], middle["y"]))
        v.page.wait_for_function("id => kgViewer.edgeLabels()[id] !== undefined", arg=CLOSE)
        settle(v)
        shown = v.js(EDGE_LABELS)
        assert {FRIENDS, CLOSE} <= set(shown)
        assert overlapping({i: shown[i]["box"] for i in (FRIENDS, CLOSE)}) == []
        assert {shown[FRIENDS]["text"], shown[CLOSE]["text"]} == {"was friends with", "was close in views to"}


# ---------------------------------------------------------------------------- item 8: tables


def table(v: Opened, name: str) -> list[dict[str, str]]:
    """The rows of a table as listed: column heading -> cell text."""
    return v.js("""name => {
        const t = document.getElementById(name + '-table');
        const heads = Array.from(t.tHead.rows[0].cells).map(c => c.querySelector('button').firstChild.textContent);
        return Array.from(t.tBodies[0].rows).map(r => Object.fromEntries(
            Array.from(r.cells).map((c, i) => [heads[i], c.textContent])).valueOf()).map(
            (row, i) => Object.assign(row, {id: t.tBodies[0].rows[i].dataset.id}));
    }""", name)


def sorted_by_locale(v: Opened, values: list[str], lang: str = "en") -> bool:
    return v.js("""([vals, lang]) => vals.every((x, i) => i === 0 ||
        vals[i - 1].localeCompare(x, lang, {numeric: true, sensitivity: 'base'}) <= 0)""", [values, lang])


def test_the_entity_table_lists_what_the_graph_shows_and_sorts_by_any_column(browser, pages, kg):
    with opened(browser, pages["en"]) as v:
        v.page.click("#tab-entities")
        assert v.page.get_attribute("#tab-entities", "aria-selected") == "true"
        assert v.page.is_visible("#entities-table") and not v.page.is_visible("#mynetwork")
        rows = table(v, "entities")
        assert {r["id"] for r in rows} == set(v.visible()["nodes"]) and len(rows) == len(kg.entities)
        assert list(rows[0]) [:8] == ["Name", "Type", "Relations shown", "Degree", "Betweenness",
                                      "Community", "Dates", "In time"]
        assert rows[0]["Name"] == "Joseph Stalin"  # opens sorted by relations shown, most first
        stalin = rows[0]
        relations = kg.to_networkx().degree(PERSON + "Stalin")  # his relations, from the data
        assert stalin["Relations shown"] == str(relations) and "1953" in stalin["Dates"]
        assert stalin["In time"] == "until 1953"
        name = v.page.locator("#entities-table th[data-col=name]")
        assert name.get_attribute("aria-sort") == "none"
        name.locator("button").click()
        assert name.get_attribute("aria-sort") == "ascending"
        assert sorted_by_locale(v, [r["Name"] for r in table(v, "entities")])
        v.page.keyboard.press("Enter")  # the heading keeps the focus: Enter sorts the other way
        assert name.get_attribute("aria-sort") == "descending"
        assert sorted_by_locale(v, [r["Name"] for r in table(v, "entities")][::-1])
        v.page.locator("#entities-table th[data-col=betweenness] button").click()
        values = [float(r["Betweenness"]) for r in table(v, "entities")]
        assert values == sorted(values, reverse=True)
        # the filters of the graph: a type off, the search box
        v.page.uncheck("#types input[data-type=Person]")
        kinds = {kg.entities[r["id"]].kind for r in table(v, "entities")}
        assert "Person" not in kinds and kinds
        v.page.check("#types input[data-type=Person]")
        v.page.fill("#search", "Kamenjew")  # a near miss, as the search forgives it
        found = {r["id"] for r in table(v, "entities")}
        assert PERSON + "Kamenew" in found and found == set(v.js("kgViewer.search('Kamenjew', 1000)"))
        assert len(found) < 5  # (Kamenev and the expulsion proceedings against him)
        assert "matching “Kamenjew”" in v.page.inner_text("#entities-count")
        # a row opens the entity's panel and selects it in the graph
        row = v.page.locator(f"#entities-table tr[data-id='{PERSON}Kamenew']")
        row.locator("td").nth(2).click()
        assert v.js("network.getSelectedNodes()") == [PERSON + "Kamenew"]
        assert v.page.inner_text("#panel h2") == "Kamenev"
        assert v.page.get_attribute(f"#entities-table tr[data-id='{PERSON}Kamenew']", "aria-current") == "true"


def test_the_relation_table_has_quotes_and_basis_and_follows_the_filters(browser, pages, kg):
    edges = {s.iri: s for s in kg.statements if s.is_edge}
    with opened(browser, pages["en"], fragment="#view=relations") as v:
        assert v.page.is_visible("#relations-table")
        rows = table(v, "relations")
        assert len(rows) == len(edges)
        assert list(rows[0])[:9] == ["From", "Relation", "To", "Basis", "Sentence", "Quote",
                                     "Start", "End", "At"]
        by_id = {r["id"]: r for r in rows}
        assert by_id[BETRAYED]["Basis"] == "reported: according to Lenin"
        assert by_id[EXILED]["Quote"] == edges[EXILED].quote and by_id[EXILED]["Sentence"] == "8"
        inferred_date = next(i for i, s in edges.items() if s.inferred_part == "date")
        assert by_id[inferred_date]["Basis"] == "inferred: the curator inferred only its date"
        numbers = [int(r["Sentence"]) for r in rows]
        assert numbers == sorted(numbers)  # in the text's order
        v.page.locator("#relations-table th[data-col=start] button").click()
        starts = [r["Start"] for r in table(v, "relations")]
        dated = [s for s in starts if s != "—"]
        assert dated == sorted(dated) and starts[len(dated):] == ["—"] * (len(starts) - len(dated))
        # one filter state: stated only, a year
        v.page.check("#stated-only")
        assert {edges[r["id"]].basis for r in table(v, "relations")} == {"stated"}
        v.page.uncheck("#stated-only")
        v.js("kgViewer.setYear(1927)")
        assert {r["id"] for r in table(v, "relations")} == set(v.visible()["edges"])
        assert len(table(v, "relations")) < len(edges)
        v.js("kgViewer.setYear(null)")
        v.page.uncheck("#relations input[data-relation=exiledWith]")
        assert EXILED not in {r["id"] for r in table(v, "relations")}
        v.page.check("#relations input[data-relation=exiledWith]")
        v.page.fill("#search", "Verbannung")  # the quoted words
        found = {r["id"] for r in table(v, "relations")}
        assert EXILED in found and all("Verbannung" in (edges[i].quote + (edges[i].sentence_text or ""))
                                       for i in found)
        # a row opens the edge's panel
        v.page.locator(f"#relations-table tr[data-id='{EXILED}'] td").nth(5).click()
        assert v.js("network.getSelectedEdges()") == [EXILED]
        assert v.page.inner_text("#panel h2") == "was in exile together with"
        # the address holds the view; German headings
        assert "view=relations" in v.js("location.hash")
        v.page.select_option("#lang", "de")
        heads = v.js("Array.from(document.querySelectorAll('#relations-table th button')).map(b => b.firstChild.textContent)")
        assert heads[:4] == ["Von", "Beziehung", "Nach", "Grundlage"]
        assert v.page.inner_text("#tab-relations") == "Beziehungen"


def test_the_views_are_tabs_the_keys_move_through(browser, pages):
    with opened(browser, pages["en"]) as v:
        v.page.focus("#tab-graph")
        v.page.keyboard.press("ArrowRight")
        assert v.js("document.activeElement.id") == "tab-entities"
        assert v.page.is_visible("#entities-table")
        v.page.keyboard.press("End")
        assert v.js("document.activeElement.id") == "tab-text" and v.page.is_visible("#reading")
        v.page.keyboard.press("ArrowRight")  # round to the first
        assert v.js("document.activeElement.id") == "tab-graph"
        assert v.page.is_visible("#mynetwork") and not v.page.is_visible("#reading")
        assert [v.page.get_attribute(f"#tab-{x}", "tabindex") for x in ("graph", "entities", "relations", "text")] == [
            "0", "-1", "-1", "-1"]


# ---------------------------------------------------------------------------- item 8: the text


def sentence_texts(kg: graph.KnowledgeGraph) -> dict[int, str]:
    rows = kg.query("SELECT ?n ?t WHERE { ?s a kg:Sentence ; kg:sentenceNumber ?n ; kg:text ?t }").rows
    return {int(n): str(t) for n, t in rows}


def test_the_reading_view_holds_all_25_sentences_with_every_quote_marked(browser, pages, kg):
    texts = sentence_texts(kg)
    assert len(texts) == 25
    with opened(browser, pages["triangle"]) as v:  # a page of three relations: the text is whole
        v.js("kgViewer.setView('text')")
        shown = v.js("""Array.from(document.querySelectorAll('#reading > li')).map(li =>
            [Number(li.dataset.sentence), li.querySelector('.sentence').textContent])""")
        assert {n: text for n, text in shown} == texts
        assert "CC BY-SA 4.0" in v.page.inner_text("#reading-credit")
    with opened(browser, pages["en"]) as v:
        v.js("kgViewer.setView('text')")
        marks = v.js("""Array.from(document.querySelectorAll('#reading mark.quoted')).map(m =>
            [m.closest('li').dataset.sentence, m.dataset.statements.split(' '), m.textContent])""")
        quoted = [s for s in kg.statements if s.quote and s.sentence is not None]
        for st in quoted:  # each quote is the run of marks that carry its statement
            run = "".join(text for n, ids, text in marks if st.iri in ids and n == str(st.sentence))
            assert run == st.quote, st.iri
        assert v.page.locator("#reading .unquoted").count() == 0  # every quote is verbatim


def test_a_marked_span_opens_its_statements_and_show_in_text_finds_the_quote(browser, pages, kg):
    with opened(browser, pages["en"]) as v:
        v.js("kgViewer.setView('text')")
        single = v.page.locator(f"#reading mark.quoted[data-statements='{EXILED}']")
        single.focus()
        v.page.keyboard.press("Enter")
        assert v.js("network.getSelectedEdges()") == [EXILED]
        assert v.page.inner_text("#panel h2") == "was in exile together with"
        several = v.page.locator("#reading mark.quoted.many").first
        ids = several.get_attribute("data-statements").split(" ")
        several.click()
        listed = v.js("Array.from(document.querySelectorAll('#panel [data-statement]')).map(li => li.dataset.statement)")
        assert listed == ids and v.page.inner_text("#panel h2") == "Statements quoting these words"
        v.page.locator(f"#panel [data-statement='{ids[0]}'] button").click()
        assert v.js("network.getSelectedEdges()") == [ids[0]] or v.js("network.getSelectedNodes()") != []
        # from an edge's panel in the graph: "Show in text"
        v.js("kgViewer.setView('graph')")
        v.js("id => kgViewer.selectEdge(id)", BETRAYED)
        v.page.click("#panel .show-in-text")
        assert v.page.is_visible("#reading")
        current = v.page.locator("#reading mark.quoted.current")
        quote = next(s.quote for s in kg.statements if s.iri == BETRAYED)
        assert "".join(current.all_inner_texts()) == quote
        assert v.js("document.activeElement.classList.contains('current')")
        view = v.page.locator("#view-text").bounding_box()
        box = current.first.bounding_box()
        assert view["y"] <= box["y"] and box["y"] + box["height"] <= view["y"] + view["height"]
        assert current.first.get_attribute("aria-current") == "true"
        assert v.page.get_attribute("#tab-text", "aria-selected") == "true"


def test_the_views_pass_the_accessibility_audit(browser, pages):
    with opened(browser, pages["en"], bypass_csp=True) as v:
        v.page.add_script_tag(content=axe_script())
        for view in ("entities", "relations", "text"):
            v.js("name => kgViewer.setView(name)", view)
            assert serious_violations(v) == [], view
        v.page.locator("#reading mark.quoted.many").first.click()
        assert serious_violations(v) == []
        v.js("id => kgViewer.selectEdge(id)", BETRAYED)
        v.page.click("#panel .show-in-text")
        assert serious_violations(v) == []
        v.page.select_option("#lang", "de")
        assert serious_violations(v) == []
