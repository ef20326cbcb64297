"""Results a person reads on the query page (issue 25, item 1): labels in the page's language
with links to their pages, graph, timeline and chart views, the viewer reachable from the
results, a named query's SPARQL before it runs, per-column filters and the table's state in the
address, warnings and readable syntax errors; in headless Chromium with the network cut off."""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

import httpx
import pytest
from test_workbench import offline_page

TROTZKI = "https://w3id.org/stalin-kg/person/Trotzki"
ABOUT_TROTZKI = (
    "SELECT ?a ?r ?b ?at WHERE { ?s rdf:subject ?a ; rdf:predicate ?r ; rdf:object ?b . "
    "OPTIONAL { ?s kg:pointInTime ?at } FILTER(?a = person:Trotzki || ?b = person:Trotzki) }")
STALIN_COUNTS = (
    "SELECT ?r (COUNT(*) AS ?n) WHERE { ?s rdf:subject person:Stalin ; rdf:predicate ?r } "
    "GROUP BY ?r ORDER BY DESC(?n)")


# ---------------------------------------------------------------------------- HTTP
def test_labels_in_either_language(http: httpx.Client) -> None:
    iris = [TROTZKI, "https://w3id.org/stalin-kg/vocab/rel#defended",
            "https://w3id.org/stalin-kg/vocab#Person", "http://example.org/nothing"]
    en = http.post("/query/labels", json=iris).json()
    de = http.post("/query/labels", params={"lang": "de"}, json=iris).json()
    assert en[TROTZKI] == {"label": "Trotsky", "entity": True, "curie": "person:Trotzki"}
    assert de[TROTZKI]["label"] == "Trotzki"
    assert (en[iris[1]]["label"], de[iris[1]]["label"]) == ("defended", "verteidigte")
    assert en[iris[2]]["entity"] is False and iris[3] not in en
    assert http.post("/query/labels", content=b"{").status_code == 400
    assert http.post("/query/labels", params={"lang": "fr"}, json=[]).status_code == 400


def test_check_gives_the_warnings(http: httpx.Client) -> None:
    found = http.post("/query/check", data={"query": "SELECT * { ?a rel:exiledWithh ?b }"}).json()
    assert found["warnings"][0].startswith("rel:exiledWithh matches nothing")
    named = http.post("/query/check", data={"named": "in-sentence", "n": "99"}).json()
    assert named["warnings"][0].startswith("$n = 99 matches nothing in in-sentence")
    german = http.post("/query/check", params={"lang": "de"},
                       data={"query": "SELECT * { ?a kg:quotee ?b }"}).json()
    assert german["warnings"] == ["kg:quotee trifft im Graphen nichts; gemeint ist vielleicht "
                                  "kg:quote?"]


def test_the_page_in_german(http: httpx.Client) -> None:
    page = http.get("/query", params={"lang": "de"}).text
    assert '<html lang="de">' in page and "Benannte Abfragen" in page
    assert '"lang": "de"' in page and '"label": "verteidigte"' in page


# ---------------------------------------------------------------------------- the page
def _open(page: Any, server: str, **params: str) -> None:
    page.goto(server + "/query?" + urllib.parse.urlencode(params))
    page.wait_for_selector(".yasr .dataTable tbody tr")


def _cells(page: Any, column: int) -> list[str]:
    return [x.strip() for x in page.locator(
        f".yasr .dataTable tbody td:nth-child({column + 1})").all_inner_texts()]


def test_labels_links_and_views(server: str) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    with offline_page(server) as (page, elsewhere, _):
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        _open(page, server, query=ABOUT_TROTZKI, lang="de")
        expect(page.locator(".yasr a.iri.labelled").first).to_be_visible()
        # labels in the page's language, each linking to its page in that language
        first = page.locator(f".yasr a.iri[data-iri='{TROTZKI}']").first
        expect(first).to_have_text("Trotzki")
        assert first.get_attribute("href") == "/person/Trotzki?lang=de"
        assert "person:Trotzki" in (first.get_attribute("title") or "")
        objects = " ".join(_cells(page, 3))
        assert "Zarizyn" in objects and "Tsaritsyn" not in objects
        assert "verteidigte" in " ".join(_cells(page, 2))
        # the entity's viewer link, and the result's
        beside = first.locator("xpath=following-sibling::a[1]")
        assert beside.get_attribute("class") == "to-viewer"
        assert beside.get_attribute("href") == "/#node=person%3ATrotzki&lang=de"
        expect(page.locator("#open-viewer")).to_be_visible()
        assert page.locator("#open-viewer").get_attribute("href", timeout=5000).startswith("/#node=")

        # the graph of the result: the viewer's vis-network, one node per resource
        page.click(".yasr button.select_graph")
        page.wait_for_function("() => window.kgQuery.network !== undefined")
        ids = page.evaluate("window.kgQuery.network.body.data.nodes.getIds()")
        assert TROTZKI in ids and len(ids) == len(set(ids)) >= 4
        labels = page.evaluate("window.kgQuery.network.body.data.nodes.get().map(n => n.label)")
        assert "Trotzki" in labels and "Josef Stalin" in labels
        assert "view=graph" in page.url

        # the timeline: the dated rows, earliest first
        page.click(".yasr button.select_timeline")
        dates = page.locator(".yasr ol.timeline time").all_inner_texts()
        assert dates and dates == sorted(dates) and "1927" in dates
        assert "view=timeline" in page.url
        page.screenshot(path="/tmp/q25-timeline.png", full_page=True)
        assert errors == [] and elsewhere == []
        assert page.evaluate("window.violations") == []


def _header_words(page: Any) -> dict[str, Any]:
    """What YASR's header says: each view button's text, title and aria-label, the answer's
    line and the documentation link's title."""
    return page.evaluate("""() => {
        const header = document.querySelector('.yasr .yasr_header');
        const buttons = [...header.querySelectorAll('button.yasr_btn[class*="select_"]')];
        const help = header.querySelector('a.yasr_external_ref_btn');
        return {
            buttons: buttons.map(b => [b.querySelector(':scope > span:not(.plugin_icon)').innerText.trim(),
                                        b.title, b.getAttribute('aria-label')]),
            icons: buttons.map(b => (b.querySelector('.plugin_icon') || {}).textContent || ''),
            chip: header.querySelector('.yasr_response_chip').innerText.trim(),
            help: help ? help.title || '' : '',
        };
    }""")


def test_yasguis_own_words_are_in_the_pages_language(server: str) -> None:
    """YASR writes "Shows Table view", "12 results in 0.1 seconds" and "View documentation of
    Table" itself; the German page says them in German, after every draw and every view."""
    english = re.compile(r"\b(Shows|view|results?|seconds?|Response|Table|documentation)\b")
    with offline_page(server) as (page, _, _):
        _open(page, server, query=ABOUT_TROTZKI, lang="de")
        rows = page.locator(".yasr .dataTable tbody tr").count()
        for view in ("graph", "timeline", "table"):
            words = _header_words(page)
            assert re.fullmatch(rf"{rows} Zeilen in \d+ ms", words["chip"]), words
            names = [text for text, _, _ in words["buttons"]]
            assert names[:5] == ["Tabelle", "Graph", "Zeitleiste", "Diagramm", "Antwort"]
            assert not any(name in icon for icon in words["icons"] for name in names)
            for text, title, aria in words["buttons"]:
                assert title == text and aria == f"Zeigt die Ansicht {text}"
            said = " ".join([words["chip"], words["help"], *(" ".join(b) for b in words["buttons"])])
            assert not english.search(said), said
            page.click(f".yasr button.select_{view}")
            page.wait_for_selector(f".yasr button.select_{view}.selected")
        assert _header_words(page)["help"] == "YASGUIs Dokumentation der Ansicht Tabelle"
        # the English page keeps its own words, from the same catalogue
        _open(page, server, query=ABOUT_TROTZKI)
        words = _header_words(page)
        assert re.fullmatch(rf"{rows} rows in \d+ ms", words["chip"])
        assert words["buttons"][0] == ["Table", "Table", "Shows the Table view"]


def test_a_chart_of_counts(server: str) -> None:
    with offline_page(server) as (page, _, _):
        _open(page, server, query=STALIN_COUNTS)
        page.click(".yasr button.select_chart")
        page.wait_for_selector(".yasr ul.chart li")
        values = [int(v) for v in page.locator(".yasr .chart-value").all_inner_texts()]
        assert values == sorted(values, reverse=True) and values[0] > 1
        names = page.locator(".yasr .chart-name").all_inner_texts()
        assert "held the office or rank" in names  # a relation, by its label
        widths = page.evaluate(
            "[...document.querySelectorAll('.yasr .chart-bar')].map(b => b.style.width)")
        assert widths[0] == "100%"


def test_filters_and_the_table_state_live_in_the_address(server: str) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    with offline_page(server) as (page, _, _):
        _open(page, server, query=ABOUT_TROTZKI)
        expect(page.locator(".yasr a.iri.labelled").first).to_be_visible()
        everything = len(_cells(page, 1))
        box = page.locator(".yasr tr.filters input[data-column='b']")
        box.fill("tsar")  # matches "Tsaritsyn", a label: the IRI is place:Zarizyn
        expect(page.locator(".yasr .dataTable tbody tr")).to_have_count(1)
        assert "Tsaritsyn" in _cells(page, 3)[0]
        page.locator(".yasr .dataTable thead th:has-text('r')").first.click()
        page.wait_for_function("() => location.search.includes('order=')")
        assert "f.b=tsar" in page.url
        kept = page.url
        page.goto("about:blank")
        page.goto(kept)  # the address alone brings the table back as it was
        page.wait_for_selector(".yasr .dataTable tbody tr")
        expect(page.locator(".yasr tr.filters input[data-column='b']")).to_have_value("tsar")
        expect(page.locator(".yasr .dataTable tbody tr")).to_have_count(1)
        assert len(_cells(page, 1)) < everything
        # and a view
        page.click(".yasr button.select_chart")
        page.wait_for_function("() => location.search.includes('view=chart')")
        page.goto("about:blank")
        page.goto(page.url if "view=chart" in page.url else kept + "&view=chart")
        page.wait_for_selector(".yasr ul.chart li")


def test_a_named_query_shows_its_sparql_before_it_runs(server: str) -> None:
    with offline_page(server) as (page, _, _):
        page.goto(server + "/query")
        page.wait_for_selector("#picker option[value='relations-of']", state="attached")
        page.select_option("#picker", "relations-of")
        text = page.evaluate("yasgui.getTab().getQuery()")
        assert "person:Stalin" in text and "SELECT" in text  # its default, bound
        assert page.locator(".yasr .dataTable tbody tr").count() == 0  # not run yet
        page.select_option("#picker", "in-sentence")
        assert "$n" in page.evaluate("yasgui.getTab().getQuery()")  # no default: the parameter


def test_warnings_and_syntax_errors_on_the_page(server: str) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    with offline_page(server) as (page, _, _):
        page.goto(server + "/query?" + urllib.parse.urlencode(
            {"query": "SELECT ?x WHERE { ?x rel:exiledWithh ?y }"}))
        expect(page.locator("#warnings li")).to_have_text(re.compile(
            r"^Warning: rel:exiledWithh matches nothing in the graph; did you mean rel:exiledWith"))
        page.goto(server + "/query?" + urllib.parse.urlencode(
            {"query": "SELECT ?x WHERE { ?x rel:foo "}))
        # (line 2 of the editor: the page declared the prefix rel: on line 1)
        expect(page.locator(".yasr")).to_contain_text(
            "SPARQL syntax error at line 2, column 30, at the end of the query: expected a "
            "variable")
        assert "\\u{" not in page.locator(".yasr").inner_text()
        page.goto(server + "/query?" + urllib.parse.urlencode({"named": "in-sentence", "n": "99"}))
        expect(page.locator("#warnings li")).to_contain_text("$n = 99 matches nothing")
