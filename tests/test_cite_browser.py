"""The viewer's "cite this statement" in headless Chromium, in a page written to a file and
opened offline: the panel of a statement shows the core's citation (:func:`graph.release.citation`:
IRI, version, source and sentence, with the quote) in the page's language, and copies it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import graph
from graph.release import citation
from viz.render import render


def test_the_panel_cites_a_statement_as_the_core_does_and_copies_it(browser: Any,
                                                                   tmp_path: Path) -> None:
    kg = graph.load()
    path = render(kg, tmp_path / "viewer.html")
    st = next(s for s in kg.statements if s.iri.endswith("s08-stalin-exiledWith-kamenew"))
    context = browser.new_context()
    outbound: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        "file:") else (outbound.append(route.request.url), route.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("() => window.kgViewer && window.kgViewer.ready", timeout=60_000)
    page.evaluate("id => kgViewer.selectEdge(id)", st.iri)
    page.click("#panel details.citation summary")
    shown = page.text_content("#panel .citation-text")
    assert shown == citation(kg, st).text("en")
    assert st.iri in shown and "working copy" in shown and "sentence 8" in shown
    page.click("#panel .copy-citation")
    page.wait_for_function(
        "() => document.querySelector('#panel .citation-status').textContent !== ''")
    # German: the same citation in the catalogue's German words
    page.evaluate("id => { kgViewer.setLang('de'); kgViewer.selectEdge(id); }", st.iri)
    page.click("#panel details.citation summary")
    assert page.text_content("#panel .citation-text") == citation(kg, st).text("de")
    assert errors == [] and outbound == []
    context.close()
