"""What a new user found wrong in the viewer page, in Debian's headless Chromium: filters that
left an explained chain drawn through relations they hide, the SPARQL panel's words after a
broken file, an empty query and an edited named query, and a hover tooltip a tap left behind.

Each test opens one page (test_viz_browser.opened: offline, every non-``file:`` request
aborted and counted) and waits for conditions, never for a time.
"""

from __future__ import annotations

import pytest
from chromium import needs_chromium
from test_viewer_screens import screen, where
from test_viewer_sparql import pages  # noqa: F401 - the fixture: the en and de pages
from test_viz_browser import opened

import graph
from graph.explain import explain

try:
    from playwright.sync_api import Page
except ImportError:  # pragma: no cover - depends on the machine
    Page = None  # type: ignore[assignment,misc]

pytestmark = [
    pytest.mark.skipif(Page is None,
                       reason="browser tests need the playwright package (pip install '.[test]')"),
    needs_chromium,
]

PERSON = "https://w3id.org/stalin-kg/person/"
#: Where kg explain's words stand in the page, and the chains the panel lists.
OUT, CHAINS = "#explain-out", "#panel .chain"


def basis_of(kg: graph.KnowledgeGraph) -> dict[str, str]:
    return {str(s.iri): s.basis for s in kg.statements if s.is_edge}


def test_a_filter_change_finds_an_explained_chain_again(browser, pages, kg):  # noqa: F811
    """Sytin … Bukharin runs through inferred relations only: "stated only" leaves no chain, as
    ``kg explain --stated-only`` says, and nothing of the old chains stays drawn or listed;
    unticking it finds them again. A selected entity's neighbours follow the filters too."""
    assert explain(kg, "Sytin", "Bucharin") and not explain(kg, "Sytin", "Bucharin", basis=["stated"])
    basis = basis_of(kg)
    with opened(browser, pages["en"]) as v:
        found = len(v.js("kgViewer.explain('Sytin', 'Bucharin')"))
        assert found == len(explain(kg, "Sytin", "Bucharin"))
        assert {basis[e] for e in v.visible()["edges"]} - {"stated"}  # the chain's inferred links
        v.page.check("#stated-only")
        v.page.wait_for_function(f"() => document.querySelector('{OUT}').textContent.includes('No chain')")
        assert "stated only" in v.page.inner_text("#status")
        assert {basis[e] for e in v.visible()["edges"]} == {"stated"}
        assert v.page.locator(CHAINS).count() == 0
        said = v.page.inner_text(OUT)
        assert "No chain of up to 4 relations links them." in said and "The filters hide" in said
        assert v.js("kgViewer.viewHash()").count("from=") == 1  # the pair stays asked about
        v.page.uncheck("#stated-only")
        v.page.wait_for_function(f"() => document.querySelectorAll('{CHAINS}').length === {found}")
        assert "chain(s)" in v.page.inner_text(OUT)
        # a selection's neighbourhood: Lenin is Kamenev's neighbour by no stated relation
        kamenew, lenin = PERSON + "Kamenew", PERSON + "Lenin"
        assert {s.basis for s in kg.statements if s.is_edge
                and {str(s.subject), str(s.object)} == {kamenew, lenin}} <= {"inferred", "reported"}
        v.page.click("#explain-clear")
        v.js("id => kgViewer.select(id)", kamenew)
        assert lenin in v.js("kgViewer.focused()")["nodes"]
        v.page.check("#stated-only")
        near = set(v.js("kgViewer.focused()")["nodes"])
        assert lenin in v.visible()["nodes"] and lenin not in near
        assert {basis[e] for e in v.js("kgViewer.focused()")["edges"]} == {"stated"}
        assert v.js("kgViewer.selectionCounts().neighbours") == len(near) - 1
        assert v.errors == []


MINE = """@prefix person: <https://w3id.org/stalin-kg/person/> .
@prefix rel: <https://w3id.org/stalin-kg/vocab/rel#> .
person:Stalin rel:friendOf person:Lenin , person:Trotzki .
"""
#: The file status line's words.
STATUS = "document.getElementById('sparql-file-status').textContent"


def read_file(v, path) -> str:
    """Pick ``path`` in the SPARQL panel; the status line once the page has read it."""
    v.page.set_input_files("#sparql-file", str(path))
    v.page.wait_for_function(f"() => {STATUS}.startsWith('{path.name} ') || {STATUS}.startsWith('Queries now')")
    return v.page.inner_text("#sparql-file-status")


def test_a_broken_file_says_what_the_queries_still_answer_over(browser, pages, tmp_path):  # noqa: F811
    """After a clean file, a broken one leaves the queries answering over the clean file: the
    status names it (it said "this page's graph"); after "Back", over the page's graph."""
    mine, broken = tmp_path / "mine.ttl", tmp_path / "broken.ttl"
    mine.write_text(MINE, encoding="utf-8")
    broken.write_text(MINE.replace("person:Trotzki .", "person:Trotzki"), encoding="utf-8")
    page_graph = "kg.query('ASK { person:Stalin rel:exiledWith person:Kamenew }').then(r => r.boolean)"
    with opened(browser, pages["en"]) as v:
        v.page.click("#sparql-toggle")
        assert read_file(v, mine).startswith("Queries now answer over mine.ttl")
        said = read_file(v, broken)
        assert said.startswith("broken.ttl was not read") and "line 4" in said
        assert "queries still answer over mine.ttl" in said and "over this page's graph." not in said
        assert v.js(page_graph) is False  # as the status says: not over the page's graph
        v.page.click("#sparql-page")
        v.page.wait_for_function("() => document.getElementById('sparql-page').hidden")
        said = read_file(v, broken)
        assert "queries still answer over this page's graph." in said and "mine.ttl" not in said
        assert v.js(page_graph) is True
        assert v.outbound == [] and v.errors == []


#: vis-network's tooltip: its text once one was shown, and whether it stands now.
TOOLTIP = "document.querySelector('#mynetwork .vis-tooltip')"


def test_a_tap_leaves_no_hover_tooltip_standing(browser, pages):  # noqa: F811
    """On a phone a tap on Stalin selects him; vis-network's hover tooltip, which a finger
    never moves away from, is not left over his node, nor over the Text tab after it."""
    with screen(browser, pages["en"], (390, 844)) as v:
        v.page.touchscreen.tap(*where(v, PERSON + "Stalin"))
        v.page.wait_for_function("() => kgViewer.viewHash().includes('node=person%3AStalin')")
        # vis-network writes the tooltip's text when it shows it: then it must be hidden again
        v.page.wait_for_function(f"() => {TOOLTIP} !== null && {TOOLTIP}.textContent !== ''")
        assert v.js(f"{TOOLTIP}.style.visibility") != "visible"
        v.page.locator("[role=tab][data-view=text]").tap()
        v.page.wait_for_function("() => !document.getElementById('view-text').hidden")
        assert v.js(f"{TOOLTIP}.style.visibility") != "visible"
        assert v.errors == []


@pytest.mark.parametrize("lang", ["en", "de"])
def test_an_edited_named_query_is_ones_own_and_an_empty_one_is_asked_for(browser, pages, lang):  # noqa: F811
    """Editing a named query's text makes it "your own query" (the picker and the description
    follow); running an empty text asks for a query in the page's words, not a parser's
    "error at 1:1"."""
    own, empty = {"en": ("Your own query", "Write a query first"),
                  "de": ("Eigene Abfrage", "Zuerst eine Abfrage schreiben")}[lang]
    with opened(browser, pages[lang]) as v:
        page = v.page
        page.click("#sparql-toggle")
        name = v.js("kg.queries()[0].name")
        page.select_option("#sparql-named", name)
        assert page.inner_text("#sparql-about") != ""
        page.locator("#sparql-text").press("End")
        page.locator("#sparql-text").type(" LIMIT 1")
        assert page.input_value("#sparql-named") == ""
        assert page.locator("#sparql-named option:checked").inner_text() == own
        assert page.inner_text("#sparql-about") == "" and page.locator("#sparql-params input").count() == 0
        page.fill("#sparql-text", "  \n# nothing yet\n")
        page.click("#sparql-run")
        page.wait_for_function("() => document.getElementById('sparql-status').textContent !== ''")
        said = page.inner_text("#sparql-status")
        assert said.startswith(empty) and "1:1" not in said
        assert v.js("kg.started()") is False  # nothing to start the engine for
        assert v.errors == []
