"""One's own file opened in the viewer's page, in Debian's headless Chromium (issue 24, item 4).

Against a running ``kg serve``, a picked Turtle file is sent to the server (``POST /open``,
tests/test_server_open.py), and the page goes to the file's page: its graph drawn, the problems
``kg check`` finds listed (closable, in either language), the SPARQL panel answering over it;
the browser's Back returns to the graph before; a broken file says where and changes nothing.
A page opened from a file reads the file for queries only, and says how to get it drawn and
checked. No request leaves the server, and the page's policy refuses nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_viewer_sparql import opened
from test_workbench import offline_page

import graph
from viz.render import render

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "check"
PERSON = "https://w3id.org/stalin-kg/person/"
READY = "() => window.kgViewer && window.kgViewer.ready"
NODE_IDS = "() => network.body.data.nodes.getIds().sort()"


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    """The clean graph with Kamenew's English label missing (kg check: one problem, line 19)."""
    return Path(shutil.copy(FIXTURES / "missing_english_label.ttl", tmp_path / "mine.ttl"))


def test_a_file_picked_on_the_served_page_is_drawn_and_checked_and_back_returns(server, mine, tmp_path):
    broken = Path(shutil.copy(FIXTURES / "syntax_error.ttl", tmp_path / "broken.ttl"))
    with offline_page(server) as (page, elsewhere, _):
        page.goto(server + "/")
        page.wait_for_function(READY)
        before = page.evaluate("() => network.body.data.nodes.length")
        page.click("#sparql-toggle")
        assert page.inner_text("label[for='sparql-file']").startswith("Open your own file")
        page.set_input_files("#sparql-file", str(broken))  # refused where it is wrong
        page.wait_for_function("() => document.getElementById('sparql-file-status').textContent"
                               ".startsWith('broken.ttl was not opened')")
        said = page.inner_text("#sparql-file-status")
        assert "broken.ttl:28:" in said and "Correct the file" in said
        assert page.url == server + "/"
        big = tmp_path / "big.ttl"  # over the server's 1 MB: its words say what to do, not "correct"
        big.write_text("# " + "x" * 1_100_000 + "\n", encoding="utf-8")
        page.set_input_files("#sparql-file", str(big))
        page.wait_for_function("() => document.getElementById('sparql-file-status').textContent"
                               ".startsWith('big.ttl was not opened')")
        said = page.inner_text("#sparql-file-status")
        assert "kg serve --max-body" in said and "Correct the file" not in said
        assert page.url == server + "/"

        page.set_input_files("#sparql-file", str(mine))
        page.wait_for_url("**/opened/*")
        page.wait_for_function(READY)
        assert page.evaluate(NODE_IDS) == [PERSON + "Kamenew", PERSON + "Stalin"]
        box = page.locator("#opened-check")
        assert box.is_visible()
        assert page.inner_text("#opened-title") == "mine.ttl: your file, checked and drawn"
        assert page.inner_text("#opened-summary").startswith("kg check finds 1 problem in mine.ttl")
        (problem,) = page.locator("#opened-problems li").all_inner_texts()
        assert problem.startswith("mine.ttl:19 person:Kamenew: needs exactly one English rdfs:label")
        persons = page.evaluate("kg.query('SELECT ?p { ?p a kg:Person }')"
                                ".then(r => r.results.bindings.map(b => b.p.value).sort())")
        assert persons == [PERSON + "Kamenew", PERSON + "Stalin"]  # the file is the page's graph
        page.evaluate("kgViewer.setLang('de')")
        assert page.inner_text("#opened-title") == "mine.ttl: Ihre Datei, geprüft und gezeichnet"
        page.click("#opened-close")
        assert not box.is_visible()

        page.go_back()
        page.wait_for_url(server + "/")
        page.wait_for_function(READY)
        assert page.evaluate("() => network.body.data.nodes.length") == before
        assert page.locator("#opened-check").count() == 0
        assert page.evaluate("window.violations") == []
    assert elsewhere == []


def test_a_file_on_a_page_from_disk_says_how_to_get_it_drawn(browser, kg: graph.KnowledgeGraph,
                                                            mine, tmp_path):
    with opened(browser, render(kg, tmp_path / "page.html")) as v:
        v.page.click("#sparql-toggle")
        v.page.set_input_files("#sparql-file", str(mine))
        v.page.wait_for_function("() => document.getElementById('sparql-file-status').textContent"
                                 ".startsWith('Queries now answer over mine.ttl')")
        said = v.page.inner_text("#sparql-file-status")
        assert "open this page through kg serve and drop the file there" in said
        assert "kg render --data mine.ttl" in said and "kg check mine.ttl" in said
        assert v.page.locator("#opened-check").count() == 0
        assert v.outbound == [] and v.errors == []
