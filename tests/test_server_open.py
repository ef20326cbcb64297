"""One's own RDF file through ``kg serve`` (``POST /open``, :mod:`kgapp.server.opened`): checked
with ``kg check``'s rules and drawn as ``kg render --data`` draws it, within the server's limits.

The browser's side (the page sends a picked file and lists the problems): test_viewer_openfile.py.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_viz_data import parse

import graph
from graph.check import check_report
from graph.errors import InputError
from kgapp.server import Settings, create_app, running
from kgapp.server.headers import SECURITY_HEADERS
from kgapp.server.opened import KEPT
from viz.render import render_html

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "check"
CLEAN = FIXTURES / "clean.ttl"
#: the clean graph, Kamenew's English label missing (he is declared on line 19)
NO_LABEL = FIXTURES / "missing_english_label.ttl"
#: a ';' missing after rdf:object person:Kamenew
BROKEN = FIXTURES / "syntax_error.ttl"
MAX_BODY = 20_000


@pytest.fixture(scope="module")
def client(kg: graph.KnowledgeGraph) -> Iterator[httpx.Client]:
    """A client of ``kg serve`` over the bundled graph that takes bodies of at most MAX_BODY."""
    with running(create_app(kg, Settings(workers=1, max_body=MAX_BODY))) as url, \
            httpx.Client(base_url=url, trust_env=False, timeout=60) as http:
        yield http


def send(client: httpx.Client, path: Path, *, name: str | None = None, lang: str = "en",
         media: str = "text/turtle", body: bytes | None = None) -> httpx.Response:
    query = urllib.parse.urlencode({"name": name or path.name, "lang": lang})
    return client.post(f"/open?{query}", content=path.read_bytes() if body is None else body,
                       headers={"Content-Type": media})


def blocks(html: str) -> dict[str, Any]:
    """The page's JSON blocks by id (kg-data, kg-nodes, kg-edges)."""
    return {attrs["id"]: json.loads(text) for attrs, text in parse(html).scripts
            if attrs.get("type") == "application/json" and attrs.get("id")}


def test_a_good_file_is_checked_and_drawn_as_render_html_draws_it(client):
    answer = send(client, CLEAN)
    assert answer.status_code == 201, answer.text
    said = answer.json()
    assert answer.headers["location"] == said["location"]
    assert said["location"].startswith("/opened/") and said["location"].endswith("?lang=en")
    assert said["problems"] == 0 and said["triples"] == check_report([CLEAN]).triples
    page = client.get(said["location"])
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert all(page.headers[k] == v for k, v in SECURITY_HEADERS.items())
    got = blocks(page.text)
    want = blocks(render_html(graph.load([CLEAN]), served="/"))
    assert {n["curie"] for n in got["kg-nodes"]} == {"person:Stalin", "person:Kamenew"}
    assert got["kg-nodes"] == want["kg-nodes"] and got["kg-edges"] == want["kg-edges"]
    assert [e["quote"] for e in got["kg-edges"]] == [
        "Stalin war mit Kamenew zusammen in der Verbannung gewesen"]
    assert got["kg-data"]["meta"]["opened"] == {"name": "clean.ttl", "triples": said["triples"],
                                                "problems": []}
    # it may send the next file to its server, and nowhere else; a page that opens no file
    # there (written by kg render, or sent by kg curate) connects nowhere
    assert got["kg-data"]["meta"]["served"]["open"] == "/open"
    assert "connect-src 'self'" in parse(page.text).csp
    assert "connect-src 'self'" in parse(client.get("/").text).csp
    for other in (render_html(graph.load([CLEAN])), render_html(graph.load([CLEAN]), served="/")):
        assert "connect-src 'none'" in parse(other).csp


def test_a_problem_is_listed_with_its_line_as_kg_check_says_it(client):
    answer = send(client, NO_LABEL, name="mine.ttl", lang="de")
    assert answer.status_code == 201 and answer.json()["location"].endswith("?lang=de")
    page = client.get(answer.json()["location"])
    opened = blocks(page.text)["kg-data"]["meta"]["opened"]
    (problem,) = check_report([NO_LABEL]).problems
    assert opened["problems"] == [{"file": "mine.ttl", "line": problem.line, "node": "person:Kamenew",
                                   "message": problem.message, "rule": problem.rule}]
    assert problem.line == 19 and blocks(page.text)["kg-data"]["meta"]["lang"] == "de"
    # the same file in English: the same problems, a page in English
    english = client.get(answer.json()["location"].replace("lang=de", "lang=en"))
    assert blocks(english.text)["kg-data"]["meta"]["lang"] == "en"
    assert blocks(english.text)["kg-data"]["meta"]["opened"] == opened


def test_a_broken_file_is_400_located_as_kg_check_locates_it(client):
    answer = send(client, BROKEN, name="broken.ttl")
    assert answer.status_code == 400 and "location" not in answer.headers
    said = answer.json()
    with pytest.raises(InputError) as refused:
        check_report([BROKEN])
    where = (refused.value.line, refused.value.column)
    assert (said["file"], said["line"], said["column"]) == ("broken.ttl", *where)
    assert where[0] == 28  # the line after the missing ';'
    assert said["error"] == f"broken.ttl:{where[0]}:{where[1]}: {refused.value.message}"
    assert "fix the syntax there" in said["error"] and "/tmp" not in said["error"]
    # N-Triples that state nothing: refused as kg check refuses it
    empty = send(client, BROKEN, name="empty.nt", media="application/n-triples", body=b"# none\n")
    assert empty.status_code == 400 and empty.json()["file"] == "empty.nt"


def test_limits_a_body_too_large_a_wrong_type_an_unknown_page(client):
    big = send(client, CLEAN, body=b"#" * (MAX_BODY + 1))
    assert big.status_code == 413 and str(MAX_BODY) in big.text
    wrong = send(client, CLEAN, media="text/plain")
    assert wrong.status_code == 415 and "text/turtle" in wrong.text
    french = send(client, CLEAN, lang="fr")
    assert french.status_code == 400
    # refused with the body unread: the connection ends, so no client sends on it again
    assert [r.headers["connection"] for r in (big, wrong, french)] == ["close"] * 3
    gone = client.get("/opened/" + "0" * 32)
    assert gone.status_code == 404 and "open the file again" in gone.text
    assert client.get("/open").status_code == 405


def test_the_server_keeps_only_the_last_files_opened(client):
    tiny = b"<urn:a> <urn:b> <urn:c> .\n"
    first = send(client, CLEAN, name="first.nt", media="application/n-triples", body=tiny)
    addresses = [first.json()["location"]]
    for i in range(KEPT):
        answer = send(client, CLEAN, name=f"f{i}.nt", media="application/n-triples", body=tiny)
        assert answer.status_code == 201
        addresses.append(answer.json()["location"])
    assert len(set(addresses)) == KEPT + 1
    assert client.get(addresses[0]).status_code == 404  # the oldest went
    assert client.get(addresses[-1]).status_code == 200


def test_a_file_too_large_says_how_to_raise_the_limit_or_draw_it_without_a_server(client):
    big = send(client, CLEAN, name="big.ttl", body=b"#" * (MAX_BODY + 30_000))
    assert big.status_code == 413
    said = big.json()
    assert said["file"] == "big.ttl" and said["error"] == said["message"]
    assert said["error"] == (
        "big.ttl is 48.8 KB, larger than this server takes (19.5 KB, --max-body 20000): start it "
        "with kg serve --max-body 1000000 to open the file here, or draw it without a server "
        "with kg render --data big.ttl")
    german = send(client, CLEAN, name="big.ttl", lang="de", body=b"#" * (MAX_BODY + 1)).json()
    assert german["error"].startswith("big.ttl hat 19,5 KB, mehr, als dieser Server annimmt")
    assert "kg render --data big.ttl" in german["error"]
