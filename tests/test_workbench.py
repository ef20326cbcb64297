"""The query workbench (``/query``): YASGUI vendored from npm and offline, named queries from
their forms, and no named query run with a parameter left unbound, from any door."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from chromium import ARGS, CHROMIUM, SKIP_REASON
from click.testing import CliRunner

import graph
from graph.errors import QueryError
from kgapp.cli import main
from kgapp.server.workbench import SUGGESTIONS, page_csp

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "kgapp" / "server" / "static" / "vendor"
#: More rows than one page of YASGUI's table (50): every label of every entity.
LABELS = "SELECT ?e ?label WHERE { ?e rdfs:label ?label } ORDER BY ?e ?label"


# ---------------------------------------------------------------------------- vendored files
# (the offline check of every vendored package, and what it catches: tests/test_vendor.py)
def test_vendored_yasgui_is_the_pinned_one() -> None:
    pinned = json.loads((VENDOR / "VERSIONS.json").read_text())["@zazuko/yasgui"]
    assert pinned["version"] == "4.6.2" and pinned["integrity"].startswith("sha512-")
    assert set(pinned["files"]) == {f"yasgui/{name}" for name in (
        "LICENSE", "THIRD-PARTY-NOTICES.txt", "yasgui.min.css", "yasgui.min.js")}


def test_licences_of_yasgui_and_what_it_bundles_ship_with_it() -> None:
    pinned = json.loads((VENDOR / "VERSIONS.json").read_text())["@zazuko/yasgui"]
    notices = (VENDOR / "yasgui" / "THIRD-PARTY-NOTICES.txt").read_text()
    assert "MIT License" in (VENDOR / "yasgui" / "LICENSE").read_text()
    for name, entry in pinned["bundled"].items():
        assert f"\n{name} {entry['version']} ({entry['license']})\n" in notices, name
    assert pinned["bundled"]["dompurify"]["license"] == "(MPL-2.0 OR Apache-2.0)"
    assert "Apache License" in notices and "CC BY 4.0" in notices


# ---------------------------------------------------------------------------- the routes
def test_page_policy_data_and_files(http: httpx.Client) -> None:
    r = http.get("/query")
    pinned = json.loads((VENDOR / "VERSIONS.json").read_text())["@zazuko/yasgui"]
    policy = r.headers["content-security-policy"]
    assert r.status_code == 200 and policy == page_csp(pinned["style-hashes"])
    assert "unsafe" not in policy and len(pinned["style-hashes"]) == 2
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy
    block = re.search(r'<script id="data" type="application/json">(.*?)</script>', r.text, re.S)
    assert block is not None
    data = json.loads(block[1])
    assert "rel:exiledWith" in [rel["term"] for rel in data["relations"]]
    assert "kg:Person" in data["classes"] and "rdfs:label" in data["properties"]
    assert {"name": "n", "kind": "integer", "default": None,
            "help": "the sentence number, 1 to 25"} in next(
        q for q in data["queries"] if q["name"] == "in-sentence")["parameters"]
    js = http.get("/static/vendor/yasgui/yasgui.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    again = http.get("/static/vendor/yasgui/yasgui.min.js", headers={"If-None-Match": js.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert http.get("/static/vendor/yasgui/LICENSE").headers["content-type"].startswith("text/plain")
    for missing in ("/static/query.html", "/static/../app.py", "/static/vendor/nothing.js"):
        assert http.get(missing).status_code == 404, missing


def test_name_suggestions(http: httpx.Client) -> None:
    found = http.get("/query/names", params={"q": "trotz"}).json()
    assert {"value": "person:Trotzki", "label": "Trotsky (Trotzki)"} in found
    assert len(http.get("/query/names", params={"q": "a"}).json()) == SUGGESTIONS
    assert http.get("/query/names", params={"q": " "}).json() == []
    assert http.get("/query/names", params={"q": "x" * 201}).status_code == 400


# ---------------------------------------------------------------------------- half-bound queries
def test_a_parameter_without_a_value_is_refused_by_name_everywhere(
    kg: graph.KnowledgeGraph, http: httpx.Client
) -> None:
    with pytest.raises(QueryError, match="needs a value for n"):
        kg.run("in-sentence")
    result = CliRunner().invoke(main, ["query", "in-sentence"])
    assert result.exit_code == 2 and "needs a value for n" in result.stderr
    for accept in ("application/sparql-results+json", "application/sparql-query"):
        r = http.get("/queries/in-sentence", headers={"Accept": accept})
        assert r.status_code == 400 and "needs a value for n" in r.text


def test_a_parameter_without_a_value_takes_its_default(http: httpx.Client) -> None:
    plain = http.get("/queries/had-shot", headers={"Accept": "text/csv"})
    assert plain.status_code == 200 and len(plain.text.splitlines()) > 1
    assert plain.text == http.get("/queries/had-shot", params={"by": "person:Stalin"},
                                  headers={"Accept": "text/csv"}).text


# ---------------------------------------------------------------------------- in the browser
@contextmanager
def offline_page(server: str) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A Chromium page for which every request not to ``server`` is aborted and recorded,
    with the page's Content-Security-Policy violations recorded too."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(SKIP_REASON)
    elsewhere: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page = context.new_page()

        def route(r: Any) -> None:
            if r.request.url.startswith(server):
                r.continue_()
            else:
                elsewhere.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.add_init_script(
            "window.violations = []; document.addEventListener('securitypolicyviolation',"
            " (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.columnNumber + ' ' + e.sample));"
        )
        try:
            yield page, elsewhere, []
        finally:
            browser.close()


def rows(page: Any) -> list[str]:
    """The results table's rows, as text, on the page shown."""
    return page.locator(".yasr .dataTable tbody tr").all_inner_texts()  # type: ignore[no-any-return]


def test_workbench_in_a_browser(server: str) -> None:
    """Editor, local completion, named-query forms, refusal by name, sorting, paging, downloads,
    shareable URLs, IRI links: all with the network cut off."""
    with offline_page(server) as (page, elsewhere, _):
        expect = pytest.importorskip("playwright.sync_api").expect
        page.goto(server + "/query")
        page.wait_for_selector(".yasqe .CodeMirror")
        page.wait_for_selector("#picker option[value='in-sentence']", state="attached")

        # completion from the project's own relations, nothing from LOV or prefix.cc
        page.evaluate("void yasgui.getTab().setQuery('SELECT * WHERE {\\n  ?a ')")
        page.click(".yasqe .CodeMirror-line >> nth=1")
        page.keyboard.press("End")
        page.keyboard.type("rel:exi")
        hints = page.locator(".CodeMirror-hints li")
        expect(hints.first).to_be_visible()
        assert "rel:exiledWith" in " ".join(hints.all_inner_texts())
        page.screenshot(path="/tmp/w3a-completion.png")
        hints.filter(has_text="rel:exiledWith").click()
        assert "?a rel:exiledWith" in page.evaluate("yasgui.getTab().getQuery()")

        # a named query with a parameter, from its form
        page.select_option("#picker", "in-sentence")
        page.fill("#param-n", "8")
        page.click("#run-named")
        expect(page.locator("#named-status")).to_have_text(re.compile(r"^\d+ rows? in \d+ ms"))
        assert rows(page) and "named=in-sentence&n=8" in page.url
        text = page.evaluate("yasgui.getTab().getQuery()")
        assert 'kg:sentenceNumber "8"^^' in text and "$n" not in text
        # the graph's IRIs link to their Linked Data pages on this server
        assert page.locator(".yasr a.iri[href^='/person/'], .yasr a.iri[href^='/statement/']").count() > 0
        assert page.locator(".yasr a.iri[href^='https://w3id.org/']").count() == 0
        page.screenshot(path="/tmp/w3a-named.png", full_page=True)

        # the same query without n: refused, naming n, nothing shown as a result
        page.fill("#param-n", "")
        page.click("#run-named")
        expect(page.locator("#named-status")).to_contain_text("needs a value for n")
        assert page.locator("#named-status").get_attribute("class") == "error"
        assert rows(page) == []
        page.screenshot(path="/tmp/w3a-refused.png", full_page=True)

        # an entity parameter suggests names as the viewer's search does
        page.select_option("#picker", "relations-of")
        page.fill("#param-entity", "trotz")
        expect(page.locator("#entity-names option[value='person:Trotzki']")).to_have_count(1)

        # the editor: sorting, paging, download
        page.evaluate(f"yasgui.getTab().setQuery({json.dumps(LABELS)}); void yasgui.getTab().query()")
        page.wait_for_selector(".yasr .dataTable tbody tr")
        assert "query=" in page.url and "rdfs%3Alabel" in page.url
        first = rows(page)
        assert len(first) == 50
        page.click(".yasr .dt-paging-button.next")
        expect(page.locator(".yasr .dataTable tbody tr").first).to_contain_text("51")
        header = page.locator(".yasr .dataTable thead th:has-text('label')")
        header.click()
        expect(header).to_have_attribute("aria-sort", "ascending")
        labels = page.locator(".yasr .dataTable tbody td:nth-child(3)").all_inner_texts()
        assert labels[0].casefold() <= labels[1].casefold() <= labels[-1].casefold()
        assert rows(page) != first and not rows(page)[0].startswith("1\n")
        page.screenshot(path="/tmp/w3a-table.png", full_page=True)
        download = page.locator(".yasr .yasr_downloadIcon")
        expect(download).to_be_visible()
        with page.expect_download() as fetched:
            download.click()
        table = list(csv.reader(io.StringIO(Path(fetched.value.path()).read_text())))
        assert table[0] == ["e", "label"] and len(table) > 51

        assert page.evaluate("window.violations") == []

        # a shared URL restores and runs what it holds
        page.goto(server + "/query?named=had-shot&by=Stalin")
        page.wait_for_selector(".yasr .dataTable tbody tr")
        expect(page.locator("#picker")).to_have_value("had-shot")
        expect(page.locator("#param-by")).to_have_value("Stalin")
        page.goto(server + "/query?named=in-sentence")
        expect(page.locator("#named-status")).to_contain_text("needs a value for n")

        # an entity's link opens its relations through the workbench
        page.goto(server + "/entity?iri=" + urllib.parse.quote(graph.namespaces.PERSON.Kamenew, safe=""))
        page.wait_for_selector(".yasr .dataTable tbody tr")
        assert "Kamenew" in page.evaluate("yasgui.getTab().getQuery()")
        assert page.evaluate("window.violations") == []
    assert elsewhere == []
