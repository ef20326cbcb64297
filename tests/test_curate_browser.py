"""The curation workbench (``kg curate``) driven in headless Chromium as a curator would: add a
source, select words of its sentence, make a statement with a new entity, see it in the viewer,
undo it, hit a conflict, and a forged request; a source of 5,000 sentences listed a page at a time.

Screenshots of the real page go to ``docs/curating/img/`` when ``KG_SCREENSHOTS=1``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.edit import Workspace
from graph.paths import data_dir
from kgapp.curate.app import create_app
from kgapp.server.app import running

FILES = ("triples.ttl", "vocab.ttl", "sentences.ttl", "shapes.ttl")
SHOTS = Path(__file__).resolve().parent.parent / "docs" / "curating" / "img"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in FILES:
        shutil.copy(data_dir() / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def workbench(folder: Path) -> Iterator[str]:
    app = create_app(Workspace.open(folder), token="session-token")
    with running(app, "127.0.0.1", 0) as url:
        yield url


def _shot(page: Any, name: str, *, full_page: bool = True) -> None:
    if os.environ.get("KG_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=full_page)


def _opened(browser: Any, workbench: str, height: int) -> tuple[Any, list[str]]:
    """The workbench in a new page 1280 px wide and ready, and the list its errors go to
    (refusals, 422 and 409, and the missing favicon are answers, not errors of the page)."""
    page = browser.new_page(viewport={"width": 1280, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and not m.text.startswith("Failed to load resource") else None)
    page.goto(workbench + "/")
    page.wait_for_selector("body[data-ready='true']")
    return page, errors


def _select(page: Any, words: str) -> None:
    """Select ``words`` in the sentence with the mouse's equivalent: a DOM range."""
    page.evaluate("""words => {
        const p = document.querySelector('#sentence');
        const text = p.textContent; const at = text.indexOf(words);
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        let seen = 0, range = document.createRange(), node;
        while ((node = walker.nextNode())) {
            const len = node.textContent.length;
            if (seen <= at && at < seen + len) range.setStart(node, at - seen);
            if (seen < at + words.length && at + words.length <= seen + len) range.setEnd(node, at + words.length - seen);
            seen += len;
        }
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    }""", words)


def test_a_curator_makes_a_statement_with_a_new_entity_and_undoes_it(browser, workbench, folder):
    original = (folder / "triples.ttl").read_bytes()
    page, errors = _opened(browser, workbench, 1000)
    page.click("#sentences button[data-iri$='/07']")
    page.wait_for_function("() => document.querySelector('#sentence-title').textContent.endsWith(' 7')")
    assert page.locator("#sentence mark").count() >= 1  # modelled words are marked

    _select(page, "militärischen Erfolge Trotzkis")
    page.wait_for_function("() => document.querySelector('#quote').textContent === "
                           "'militärischen Erfolge Trotzkis'")
    # a new entity, made in place and used as the subject
    page.click("#new-entity summary")
    page.fill("#entity-form [name=label_de]", "Militärische Beobachter")
    page.fill("#entity-form [name=label_en]", "military observers")
    page.select_option("#entity-form [name=kind]", "Group")
    page.click("#create-entity")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('created')")
    assert b"group:MilitaerischeBeobachter a kg:Group" in (folder / "triples.ttl").read_bytes()
    # the object by a fuzzy name, the names of the sentence offered first
    page.fill("#statement-form [name=object]", "Trotski")
    page.wait_for_selector(".suggest[data-for=object] button")
    page.click(".suggest[data-for=object] button >> text=person:Trotzki")
    # the relation by its German label, with a typing mistake
    page.fill("#statement-form [name=relation]", "kritisirte")
    page.click(".suggest[data-for=relation] button >> text=rel:criticised")
    assert page.input_value("#statement-form [name=relation]") == "criticised"
    page.select_option("#statement-form [name=basis]", "inferred")
    page.fill("#statement-form [name=note]", "Test: who observed is the curator's reading.")
    page.fill("#statement-form [name=at]", "Anfang 1919")
    _shot(page, "workbench-form.png")
    page.click("#save")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('added')")
    text = (folder / "triples.ttl").read_text("utf-8")
    assert 'kg:quote "militärischen Erfolge Trotzkis"' in text
    assert 'kg:pointInTime "1919-33"^^<http://id.loc.gov/datatypes/edtf/EDTF>' in text
    # the change is visible at once: in the sentence's list and in the viewer
    page.wait_for_selector("#statements li[data-iri$='s07-militaerischebeobachter-criticised-trotzki']")
    _shot(page, "workbench-saved.png")
    viewer = httpx.get(workbench + "/viewer").text
    assert "Militärische Beobachter" in viewer
    # and on the Linked Data page of the statement, which the list links to
    link = page.get_attribute("#statements li[data-iri$='criticised-trotzki'] a.page", "href")
    assert link == "/statement/s07-militaerischebeobachter-criticised-trotzki"
    ld = httpx.get(workbench + link)
    assert ld.status_code == 200 and "militärischen Erfolge Trotzkis" in ld.text
    # the viewer's panel links the statement to that page too
    shown = page.context.browser.new_page()
    shown.goto(workbench + "/viewer")
    shown.wait_for_function("() => window.kgViewer && window.kgViewer.ready", timeout=60_000)
    shown.evaluate("id => kgViewer.selectEdge(id)",
                   "https://w3id.org/stalin-kg" + link)
    assert shown.get_attribute("#panel a.iri-page[href*='/statement/']", "href") == workbench + link
    shown.close()

    # a refused change: located problems, and no file changed
    before = (folder / "triples.ttl").read_bytes()
    _select(page, "Stalin")
    page.fill("#statement-form [name=subject]", "Stalin")
    page.wait_for_selector(".suggest[data-for=subject] button")
    page.click(".suggest[data-for=subject] button >> text=person:Stalin")
    page.fill("#statement-form [name=object]", "Sytin")
    page.wait_for_selector(".suggest[data-for=object] button >> text=person:Sytin")
    page.click(".suggest[data-for=object] button >> text=person:Sytin")
    page.fill("#statement-form [name=relation]", "criticised")
    page.select_option("#statement-form [name=basis]", "inferred")
    page.click("#save")
    page.wait_for_selector("#problems li")
    assert "skos:note" in page.text_content("#problems")
    _shot(page, "workbench-refused.png")
    assert (folder / "triples.ttl").read_bytes() == before

    # undo twice: the statement, then the entity; the file is as it was
    page.click("#undo")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('undone')")
    page.wait_for_function("() => !document.querySelector(\"#statements li[data-iri$='criticised-trotzki']\")")
    page.click("#undo")
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('created')")
    assert (folder / "triples.ttl").read_bytes() == original

    # a conflict: the file edited behind the workbench's back is never overwritten
    edited = original + b"\n# edited elsewhere\n"
    (folder / "triples.ttl").write_bytes(edited)
    page.click("#statements li .remove >> nth=0")
    page.wait_for_selector("#reload")
    assert "changed on disk" in page.text_content("#status")
    _shot(page, "workbench-conflict.png")
    assert (folder / "triples.ttl").read_bytes() == edited
    page.click("#reload")
    page.wait_for_function("() => document.querySelector('#status').className === 'ok'")
    assert errors == []


def test_forged_requests_are_refused(workbench, folder):
    original = (folder / "triples.ttl").read_bytes()
    body = {"iri": "https://w3id.org/stalin-kg/statement/s01-zk-partOf-kpdsu"}
    good = {"Content-Type": "application/json", "X-KG-Token": "session-token"}
    forged = [
        {"Content-Type": "application/json"},  # no token
        {**good, "X-KG-Token": "guessed"},  # a wrong one
        {**good, "Origin": "http://evil.example"},  # the right one, from another site
        {**good, "Content-Type": "text/plain"},  # a simple form post
    ]
    for headers in forged:
        answer = httpx.post(workbench + "/api/remove", json=body, headers=headers)
        assert answer.status_code == 403, headers
    source = {"id": "forged", "title": "x", "url": "https://example.org/x",
              "licence": "CC0-1.0", "lang": "de", "text": "Er kam."}
    for headers in forged:  # nor can another site add a source
        answer = httpx.post(workbench + "/api/source", json=source, headers=headers)
        assert answer.status_code == 403, headers
    assert not (folder / "sources").exists()
    rebound = httpx.get(workbench + "/api/sentences", headers={"Host": "evil.example"})
    assert rebound.status_code == 403  # DNS rebinding: a foreign Host is refused
    assert (folder / "triples.ttl").read_bytes() == original
    answer = httpx.post(workbench + "/api/remove", json=body, headers=good)
    assert answer.status_code == 200 and answer.json()["ok"]
    assert (folder / "triples.ttl").read_bytes() != original


def test_the_page_in_german_and_answers_to_bad_input(folder):
    from starlette.testclient import TestClient

    client = TestClient(create_app(Workspace.open(folder), token="t"),
                        base_url="http://127.0.0.1:1")
    german = client.get("/?lang=de")
    assert german.status_code == 200 and "Aussage speichern" in german.text
    assert "unsafe-inline" not in german.headers["content-security-policy"]
    headers = {"X-KG-Token": "t", "Content-Type": "application/json"}
    sentence = "https://w3id.org/stalin-kg/sentence/07"
    for body, expected in [
        ({"sentence": sentence, "spans": [[0, 999]], "subject": "Trotzki",
          "relation": "criticised", "object": "Stalin"}, "selection"),
        ({"sentence": sentence, "spans": [[0, 6]], "subject": "Stalinn",
          "relation": "criticised", "object": "Trotzki"}, "did you mean"),
        ({"sentence": sentence, "spans": [[0, 6]], "subject": "Stalin",
          "relation": "criticised", "object": "Trotzki", "at": "im Frühling"}, "no date"),
    ]:
        answer = client.post("/api/statement", json=body, headers=headers)
        assert answer.status_code == 400 and expected in answer.json()["error"], answer.json()
    assert client.get("/statement/s07-stalin-criticised-trotzki").status_code == 404
    found = client.get("/api/relations", params={"q": "kritisirte"}).json()
    assert found[0]["name"] == "criticised"
    saved = client.post("/api/statement", headers=headers, json={
        "sentence": sentence, "spans": [[0, 6]], "subject": "Stalin", "relation": "criticised",
        "object": "Trotzki", "basis": "inferred", "note": "A reading."})
    assert saved.json()["ok"]
    assert client.get("/statement/s07-stalin-criticised-trotzki").status_code == 200
    listed = client.get("/api/sentence", params={"iri": sentence}).json()
    mine = [st for st in listed["statements"] if st["curie"] == "stmt:s07-stalin-criticised-trotzki"]
    assert mine and mine[0]["spans"] == [[0, 6]] and mine[0]["quotes"] == ["Stalin"]


LETTER = ("Im Mai 1924 kritisierte J.W. Stalin die Roten Bibliothekare.\n"
          "Kamenew antwortete ca. zwei Wochen später, am 3. Juni.\n")
SOURCE = "https://w3id.org/stalin-kg/source/brief"


def _fill_source(page: Any, **fields: str) -> None:
    for name, value in fields.items():
        page.fill(f"#source-form [name={name}]", value)


def _status(page: Any, start: str) -> None:
    page.wait_for_function("s => document.querySelector('#status').textContent.startsWith(s)",
                           arg=start)


def test_a_curator_adds_a_source_and_makes_a_statement_from_it(browser, workbench, folder):
    original = (folder / "triples.ttl").read_bytes()
    page, errors = _opened(browser, workbench, 1100)

    # a source, pasted, refused as `kg source add` refuses it, then added
    page.click("#new-source summary")
    _fill_source(page, text=LETTER, id="Brief!", title="Ein Brief an Kamenew",
                 url="https://example.org/brief", licence="CC0-1.0", lang="de",
                 author="J. W. Stalin", date="1924-05")
    page.click("#add-source")
    _status(page, "source id 'Brief!'")
    assert not (folder / "sources").exists()
    page.fill("#source-form [name=id]", "brief")
    _shot(page, "workbench-source.png")
    page.click("#add-source")
    _status(page, "added source brief: 2 sentences")
    written = (folder / "sources" / "brief.ttl").read_text("utf-8")
    assert 'kg:text "Im Mai 1924 kritisierte J.W. Stalin die Roten Bibliothekare."@de' in written
    assert 'kg:text "Kamenew antwortete ca. zwei Wochen später, am 3. Juni."@de' in written
    # its sentences are listed, the first one open
    page.wait_for_function("() => document.querySelector('#sentence-title').textContent"
                           ".endsWith('brief:1')")
    assert page.input_value("#source-pick") == SOURCE
    assert page.locator("#sentences li").count() == 2
    assert page.text_content("#page-info") == "1–2 of 2"

    # words of the new sentence, a new entity as the object, the subject among its names
    _select(page, "kritisierte J.W. Stalin die Roten Bibliothekare")
    page.click("#new-entity summary")
    page.fill("#entity-form [name=label_de]", "Rote Bibliothekare")
    page.fill("#entity-form [name=label_en]", "Red librarians")
    page.select_option("#entity-form [name=kind]", "Group")
    page.select_option("#entity-form [name=target]", "object")
    page.click("#create-entity")
    _status(page, "created group:RoteBibliothekare")
    page.click(".suggest[data-for=subject] button.in-sentence >> text=person:Stalin")
    page.fill("#statement-form [name=relation]", "criticised")
    page.fill("#statement-form [name=at]", "1924-05")
    page.click("#save")
    _status(page, "added stmt:brief-1-stalin-criticised-rotebibliothekare")
    page.wait_for_selector("#statements li[data-iri$='brief-1-stalin-criticised-rotebibliothekare']")
    _shot(page, "workbench-source-statement.png")
    text = (folder / "triples.ttl").read_text("utf-8")
    assert "# ================================================================ Satz brief/1" in text
    assert "prov:wasDerivedFrom <https://w3id.org/stalin-kg/sentence/brief/1>" in text

    # the viewer shows it at once, and cites it by its source and sentence
    iri = "https://w3id.org/stalin-kg/statement/brief-1-stalin-criticised-rotebibliothekare"
    shown = page.context.browser.new_page(viewport={"width": 1280, "height": 900})
    shown.goto(workbench + "/viewer")
    shown.wait_for_function("() => window.kgViewer && window.kgViewer.ready", timeout=60_000)
    shown.evaluate("id => kgViewer.selectEdge(id)", iri)
    assert "Red librarians" in shown.text_content("#panel .ends")
    shown.click("#panel details.citation summary")
    cited = shown.text_content("#panel .citation-text")
    assert iri in cited and "Ein Brief an Kamenew" in cited and "sentence brief:1" in cited
    shown.click("#panel .copy-citation")
    shown.wait_for_function("() => document.querySelector('#panel .citation-status').textContent")
    _shot(shown, "viewer-cite.png", full_page=False)
    shown.close()

    # undo: the statement, then the entity; the statements file is as it was
    page.click("#undo")
    _status(page, "undone")
    page.wait_for_function("() => !document.querySelector('#statements li')")
    page.click("#undo")
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('created')")
    assert (folder / "triples.ttl").read_bytes() == original

    # a conflict: the file changed behind the workbench's back is never overwritten
    edited = original + b"\n# edited elsewhere\n"
    (folder / "triples.ttl").write_bytes(edited)
    page.fill("#entity-form [name=label_de]", "Rote Bibliothekare")
    page.fill("#entity-form [name=label_en]", "Red librarians")
    page.click("#create-entity")
    page.wait_for_selector("#reload")
    assert "changed on disk" in page.text_content("#status")
    assert (folder / "triples.ttl").read_bytes() == edited
    page.click("#reload")
    page.wait_for_function("() => document.querySelector('#status').className === 'ok'")
    assert page.input_value("#source-pick") == SOURCE  # the new source stays
    assert errors == []


def test_a_long_source_is_listed_a_page_at_a_time(browser, workbench, folder, tmp_path):
    """5,000 sentences, uploaded as a file: the list holds one page of them (what the page
    loads stays small however long the source), with its place, and goes to any sentence."""
    long_text = tmp_path / "chronik.txt"
    long_text.write_text("".join(f"Eintrag {i}: Stalin schrieb an diesem Tag nichts.\n"
                                 for i in range(1, 5001)), encoding="utf-8")
    page, errors = _opened(browser, workbench, 1000)
    page.click("#new-source summary")
    page.set_input_files("#source-form [name=file]", str(long_text))
    _fill_source(page, id="chronik", title="Eine Chronik", url="https://example.org/chronik",
                 licence="CC0-1.0", lang="de")
    page.click("#add-source")
    _status(page, "added source chronik: 5000 sentences")
    page.wait_for_function("() => document.querySelector('#page-info').textContent === "
                           "'1–100 of 5000'")
    assert page.locator("#sentences li").count() == 100
    assert page.is_disabled("#prev-page")
    page.click("#next-page")
    page.wait_for_function("() => document.querySelector('#page-info').textContent === "
                           "'101–200 of 5000'")
    assert page.text_content("#sentences li >> nth=0").startswith("chronik:101. Eintrag 101:")
    page.fill("#goto", "4999")
    page.press("#goto", "Enter")
    page.wait_for_function("() => document.querySelector('#sentence-title').textContent"
                           ".endsWith('chronik:4999')")
    assert page.text_content("#page-info") == "4901–5000 of 5000"
    assert page.is_disabled("#next-page") and page.locator("#sentences li").count() == 100
    assert page.text_content("#sentence") == "Eintrag 4999: Stalin schrieb an diesem Tag nichts."
    one_page = httpx.get(workbench + "/api/sentences/page", params={
        "source": "https://w3id.org/stalin-kg/source/chronik", "offset": 4900})
    everything = httpx.get(workbench + "/api/sentences")
    assert len(one_page.content) * 40 < len(everything.content)
    assert errors == []
