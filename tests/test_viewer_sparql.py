"""SPARQL inside the viewer's page (issue 24, item 5), in Debian's headless Chromium.

The page answers with Oxigraph's WebAssembly build over the graph's triples (viz/engine.py,
viz/frontend/src/engine.js and querypanel.js): the same answers as ``kg query`` for every named
query, an engine that starts on the first query only, a panel whose answer is a table that
selects and shows entities in the graph, located errors, and a policy that allows WebAssembly
only on a page that carries the engine. Every page is opened with every non-``file:`` request
aborted (and counted): it must work with no network at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from chromium import axe_script, needs_chromium
from test_viz_browser import opened

import graph
from graph import queries
from viz.engine import PAGE_BUDGET
from viz.render import render

try:
    from playwright.sync_api import Browser, Page
except ImportError:  # pragma: no cover - depends on the machine
    Browser = Page = None  # type: ignore[assignment,misc]

pytestmark = [
    pytest.mark.skipif(Page is None,
                       reason="browser tests need the playwright package (pip install '.[test]')"),
    needs_chromium,
]

PERSON = "https://w3id.org/stalin-kg/person/"
#: Values for the named queries' parameters that have no default (the others keep theirs).
SAMPLES: dict[str, Any] = {"year": 1941, "n": 9}
#: Counts every WebAssembly compilation the page makes (run before the page's own script).
COUNT_WASM = """
window.__wasm = 0;
for (const name of ['instantiate', 'compile', 'instantiateStreaming', 'compileStreaming']) {
  const real = WebAssembly[name];
  WebAssembly[name] = function (...args) { window.__wasm++; return real.apply(this, args); };
}
"""


@pytest.fixture(scope="module")
def pages(kg: graph.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sparql")
    return {
        "en": render(kg, folder / "en.html"),
        "de": render(kg, folder / "de.html", lang="de"),
        "off": render(kg, folder / "off.html", sparql=False),
    }


def given(q: queries.NamedQuery) -> dict[str, Any]:
    """The values a test gives a named query: SAMPLES for the parameters without a default."""
    return {p.name: SAMPLES[p.name] for p in q.params if p.default is None}


def test_the_curated_page_carries_the_engine_within_its_budget(pages):
    size = pages["en"].stat().st_size
    assert size <= PAGE_BUDGET
    assert "&#39;wasm-unsafe-eval&#39;" in pages["en"].read_text(encoding="utf-8")
    off = pages["off"].read_text(encoding="utf-8")
    assert "wasm-unsafe-eval" not in off and 'id="kg-sparql-wasm"' not in off
    assert pages["off"].stat().st_size < size - 1_000_000


def test_every_named_query_answers_in_the_page_as_kg_query_does(browser, pages, kg):
    """Each named query, with its defaults (and SAMPLES), through window.kg.query: the SPARQL
    JSON results of ``kg.run`` (what ``kg query NAME --format json`` prints), row for row."""
    with opened(browser, pages["en"], init_script=COUNT_WASM) as v:
        assert v.js("kg.started()") is False
        assert v.js("window.__wasm") == 0  # nothing compiled for the first frame
        names = v.js("kg.queries().map(q => q.name)")
        assert names == [q.name for q in queries.all_queries()]
        for q in queries.all_queries():
            values = {k: str(x) for k, x in given(q).items()}
            got = v.js("([name, values]) => kg.query(kg.text(name, values))", [q.name, values])
            want = json.loads(kg.run(q.name, **given(q)).to_json())
            assert want["results"]["bindings"], q.name  # something to compare
            assert got["head"]["vars"] == want["head"]["vars"], q.name
            assert got["results"]["bindings"] == want["results"]["bindings"], q.name
        assert v.js("window.__wasm") == 1  # compiled once, on the first query
        assert v.outbound == [] and v.errors == []


def test_the_panel_runs_a_named_query_and_shows_its_entities(browser, pages, kg):
    with opened(browser, pages["en"]) as v:
        page = v.page
        assert page.locator("#sparql").is_hidden()
        page.click("#sparql-toggle")
        assert page.locator("#sparql").is_visible()
        assert page.get_attribute("#sparql-toggle", "aria-expanded") == "true"
        page.select_option("#sparql-named", "exiled-with")
        assert "SELECT" in page.input_value("#sparql-text")
        page.click("#sparql-run")
        page.wait_for_function("() => document.querySelectorAll('#sparql-table tbody tr').length")
        rows = kg.run("exiled-with")
        assert page.locator("#sparql-table tbody tr").count() == len(rows)
        assert page.inner_text("#sparql-status").startswith(f"{len(rows)} row")
        heads = page.locator("#sparql-table thead th").all_inner_texts()
        assert heads == [f"?{name}" for name in rows.variables]
        first = page.locator("#sparql-table tbody tr").first.inner_text()
        assert "Joseph Stalin" in first and "Kamenev" in first  # entities by their names
        page.click("#sparql-show")
        shown = set(v.js("kgViewer.visible()")["nodes"])
        assert shown == {PERSON + "Stalin", PERSON + "Kamenew"}
        assert "2 entities" in page.inner_text("#sparql-status")
        # an entity's cell selects it
        page.locator("#sparql-table tbody tr").first.get_by_role("button", name="Kamenev").click()
        assert v.js("kgViewer.state.selected") == {"kind": "node", "id": PERSON + "Kamenew"}
        assert v.errors == []


def test_a_parameter_takes_a_name_and_the_query_text_follows(browser, pages, kg):
    with opened(browser, pages["en"]) as v:
        page = v.page
        page.click("#sparql-toggle")
        page.select_option("#sparql-named", "relations-of")
        page.fill("#sparql-param-entity", "Trotsky")
        page.dispatch_event("#sparql-param-entity", "change")
        assert f"<{PERSON}Trotzki>" in page.input_value("#sparql-text")
        page.click("#sparql-run")
        want = len(kg.run("relations-of", entity="Trotzki"))
        page.wait_for_function("n => document.querySelectorAll('#sparql-table tbody tr').length === n",
                               arg=want)
        page.fill("#sparql-param-entity", "Nobody Of This Name")
        page.dispatch_event("#sparql-param-entity", "change")
        assert "names no entity" in page.inner_text("#sparql-status")


def test_a_syntax_error_says_where_and_what_to_do(browser, pages):
    with opened(browser, pages["en"]) as v:
        page = v.page
        page.click("#sparql-toggle")
        page.fill("#sparql-text", "SELECT * {\n  ?s ?p ?o\n  FILTER(}")
        page.keyboard.press("Control+Enter")
        page.wait_for_function("() => document.getElementById('sparql-status').textContent"
                               ".startsWith('The query failed')")
        said = page.inner_text("#sparql-status")
        assert "3:11" in said and "run it again" in said
        assert page.locator("#sparql-table tbody tr").count() == 0
        # line 1: the column is the user's, not counted from the prefixes the page adds
        failed = v.js("kg.query('SELECT * { ?s ?p ?o').then(() => null, e => e.message)")
        assert "1:20" in failed
        assert "takes the text" in v.js("kg.query(42).then(() => null, e => e.message)")


def test_ask_and_construct_answer_too(browser, pages):
    with opened(browser, pages["en"]) as v:
        ask = v.js("kg.query('ASK { person:Stalin rel:exiledWith person:Kamenew }')")
        assert ask == {"head": {}, "boolean": True}
        nt = v.js("kg.query('CONSTRUCT { ?a rel:exiledWith ?b } WHERE { ?a rel:exiledWith ?b }')")
        assert nt.count("\n") == 1 and "exiledWith" in nt


def test_a_page_without_the_engine_says_how_to_get_it(browser, pages):
    with opened(browser, pages["off"], init_script=COUNT_WASM) as v:
        assert v.page.locator("#sparql-toggle").count() == 0
        said = v.js("kg.query('ASK {}').then(() => null, e => e.message)")
        assert "kg render --sparql" in said
        assert v.js("window.__wasm") == 0 and v.errors == []


def test_the_panel_speaks_german_and_passes_an_accessibility_audit(browser, pages):
    with opened(browser, pages["de"], bypass_csp=True) as v:
        page = v.page
        page.click("#sparql-toggle")
        assert page.inner_text("#sparql-title") == "SPARQL-Abfrage"
        page.select_option("#sparql-named", "exiled-with")
        page.click("#sparql-run")
        page.wait_for_function("() => document.querySelectorAll('#sparql-table tbody tr').length")
        assert "Zeile" in page.inner_text("#sparql-status")
        page.select_option("#lang", "en")
        assert page.inner_text("#sparql-title") == "SPARQL query"
        assert "row" in page.inner_text("#sparql-status")
        page.add_script_tag(content=axe_script())
        found = v.js("() => axe.run(document, {resultTypes: ['violations']})")["violations"]
        assert [(x["id"], [n["target"] for n in x["nodes"]]) for x in found
                if x["impact"] in ("serious", "critical")] == []


# ---------------------------------------------------------------------------- one's own file
MINE = """@prefix person: <https://w3id.org/stalin-kg/person/> .
@prefix rel: <https://w3id.org/stalin-kg/vocab/rel#> .
person:Stalin rel:friendOf person:Lenin , person:Trotzki .
"""


def test_ones_own_file_is_queried_and_a_broken_one_says_where(browser, pages, tmp_path):
    """A Turtle file picked in the panel: the queries answer over it (the graph drawn stays the
    page's, and the panel says so); a broken file is refused with its line; back to the page."""
    mine, broken = tmp_path / "mine.ttl", tmp_path / "broken.ttl"
    mine.write_text(MINE, encoding="utf-8")
    broken.write_text(MINE.replace("person:Trotzki .", "person:Trotzki"), encoding="utf-8")
    ask = "kg.query('ASK { person:Stalin rel:exiledWith person:Kamenew }').then(r => r.boolean)"
    with opened(browser, pages["en"]) as v:
        page = v.page
        page.click("#sparql-toggle")
        page.set_input_files("#sparql-file", str(mine))
        page.wait_for_function("() => document.getElementById('sparql-file-status').textContent"
                               ".startsWith('Queries now answer over mine.ttl')")
        said = page.inner_text("#sparql-file-status")
        assert "2 triples" in said and "kg render --data mine.ttl" in said
        friends = v.js("kg.query('SELECT ?b { person:Stalin rel:friendOf ?b }')")
        assert {b["b"]["value"] for b in friends["results"]["bindings"]} == {
            PERSON + "Lenin", PERSON + "Trotzki"}
        assert v.js(ask) is False  # the page's graph is not in the file
        page.set_input_files("#sparql-file", str(broken))
        page.wait_for_function("() => document.getElementById('sparql-file-status').textContent"
                               ".startsWith('broken.ttl was not read')")
        said = page.inner_text("#sparql-file-status")
        assert "line 4" in said and "Correct the file" in said
        assert len(v.js("kg.query('SELECT * { ?a rel:friendOf ?b }')")["results"]["bindings"]) == 2
        page.click("#sparql-page")
        page.wait_for_function("() => document.getElementById('sparql-page').hidden")
        assert v.js(ask) is True
        assert v.outbound == [] and v.errors == []


def test_a_file_dropped_on_the_page_opens_the_panel_with_it(browser, pages):
    with opened(browser, pages["de"]) as v:
        v.js("""text => {
            const data = new DataTransfer();
            data.items.add(new File([text], 'mine.ttl', {type: 'text/turtle'}));
            const target = document.getElementById('mynetwork');
            for (const type of ['dragover', 'drop']) {
                target.dispatchEvent(new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
            }
        }""", MINE)
        v.page.wait_for_function("() => document.getElementById('sparql-file-status').textContent"
                                 ".startsWith('Abfragen antworten jetzt über mine.ttl')")
        assert v.page.locator("#sparql").is_visible()
        notes = v.js("() => document.getElementById('sparql-file-status').textContent")
        assert "2 Tripel" in notes
        v.js("""() => {
            const data = new DataTransfer();
            data.items.add(new File(['x'], 'notes.txt'));
            document.body.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
        }""")
        v.page.wait_for_function("() => document.getElementById('sparql-file-status').textContent"
                                 ".startsWith('notes.txt: keine Dateiart')")
