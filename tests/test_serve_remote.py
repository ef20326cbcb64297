"""``kg serve --endpoint URL``: the viewer, named queries and the guarded SPARQL endpoint in front
of a real Oxigraph server (and a real Virtuoso, where installed) holding the bundled graph.

SELECT, ASK and CONSTRUCT answer as the local server does, in every format; the guards stay:
an update is 403 (the store unchanged), SERVICE is 400 (no connection made), a query past
``--timeout`` is 503, answers are cut at ``--max-rows``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from oxigraph_fixture import free_port, oxigraph_server, stop, wait_until_up
from test_server_guards import UPDATES, Listener, service_attempts
from virtuoso_fixture import VIRTUOSO, virtuoso_server

import graph
from graph.publish import Credentials, publish
from kgapp.server import Settings, create_app, running

ROOT = Path(__file__).resolve().parent.parent
VIRTUOSO_GRAPH = "https://w3id.org/stalin-kg/graph/serve-test"
SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f }"  # about 8 million rows: a second or so
SLOWER = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f FILTER(STR(?c) < STR(?f)) }"

#: Queries and the Accept headers to ask them with; each is answered alike locally and remotely.
SAME = [
    ("SELECT ?who ?label { person:Stalin rel:exiledWith ?who . ?who rdfs:label ?label } "
     "ORDER BY ?who ?label", "application/sparql-results+json"),
    ("SELECT ?p (COUNT(*) AS ?n) { ?s a kg:Person ; ?p ?o } GROUP BY ?p ORDER BY ?p", "text/csv"),
    ("SELECT ?s ?o { ?s rel:exiledWith ?o } ORDER BY ?s ?o", "application/sparql-results+xml"),
    ("SELECT ?s ?o { ?s rel:exiledWith ?o } ORDER BY ?s ?o", "text/tab-separated-values"),
    ("ASK { person:Stalin rel:exiledWith person:Kamenew }", "application/sparql-results+json"),
    ("ASK { person:Stalin rel:exiledWith person:Stalin }", "application/sparql-results+xml"),
    ("CONSTRUCT { person:Stalin ?p ?o } WHERE { person:Stalin ?p ?o }", "application/n-triples"),
    ("CONSTRUCT { ?s rel:exiledWith ?o } WHERE { ?s rel:exiledWith ?o }", "text/turtle"),
    ("DESCRIBE person:Kamenew", "application/n-triples"),
    ("CONSTRUCT { <s> <p> ?n } WHERE { SELECT (COUNT(*) AS ?n) { ?x a kg:Person } }",
     "application/n-triples"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, kg: graph.KnowledgeGraph) -> Iterator[str]:
    """A real Oxigraph server holding the bundled graph in its default graph; its query URL."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        publish(kg, f"{url}/store")
        yield f"{url}/query"


def serve(kg: graph.KnowledgeGraph, **settings: Any) -> Any:
    return running(create_app(kg, Settings(workers=1, **settings)))


@pytest.fixture(scope="module")
def local(kg: graph.KnowledgeGraph) -> Iterator[str]:
    with serve(kg) as url:
        yield url


@pytest.fixture(scope="module")
def remote(store: str) -> Iterator[str]:
    with serve(graph.connect(store)) as url:
        yield url


def answer(url: str, query: str, accept: str, **params: str) -> httpx.Response:
    return httpx.post(url + "/sparql", data={"query": query, **params},
                      headers={"Accept": accept}, trust_env=False, timeout=30)


def meaning(r: httpx.Response, base: str) -> Any:
    """What an answer says, written so that two servers' answers compare: rows or a boolean
    from results, sorted N-Triples from RDF (relative IRIs resolve against each server)."""
    assert r.status_code == 200, r.text
    media = r.headers["content-type"].split(";")[0]
    text = r.content.replace(base.encode(), b"http://server")
    if media in ("application/n-triples", "text/turtle"):
        rdf = ox.RdfFormat.from_media_type(media)
        assert rdf is not None
        return sorted(str(t) for t in ox.parse(text, format=rdf))
    if media == "text/csv":  # lossy: Oxigraph does not read it back
        return text.decode().splitlines()
    kind = ox.QueryResultsFormat.from_media_type(media)
    assert kind is not None
    results = ox.parse_query_results(text, format=kind)
    if isinstance(results, ox.QueryBoolean):
        return bool(results)
    return [tuple(str(row[v]) if row[v] is not None else None for v in results.variables)
            for row in results]


@pytest.mark.parametrize(("query", "accept"), SAME, ids=[f"{q[:30]} {a}" for q, a in SAME])
def test_answers_as_the_local_server(local: str, remote: str, query: str, accept: str) -> None:
    here, there = answer(local, query, accept), answer(remote, query, accept)
    assert there.headers["content-type"] == here.headers["content-type"]
    assert meaning(there, remote) == meaning(here, local) != []  # (and not trivially so)


def test_named_queries_and_the_viewer(local: str, remote: str) -> None:
    for path in ["/queries/relations-of?entity=Trotzki", "/queries/had-shot?by=Stalin"]:
        here = httpx.get(local + path, headers={"Accept": "text/csv"}, trust_env=False, timeout=30)
        there = httpx.get(remote + path, headers={"Accept": "text/csv"}, trust_env=False, timeout=30)
        assert there.status_code == here.status_code == 200, there.text
        assert sorted(there.text.splitlines()) == sorted(here.text.splitlines())
    page = httpx.get(remote + "/", trust_env=False, timeout=60)
    assert page.status_code == 200 and "Kamenew" in page.text
    health = httpx.get(remote + "/health", trust_env=False).json()
    local_health = httpx.get(local + "/health", trust_env=False).json()
    assert health["triples"] == local_health["triples"] and health["sandboxed"] is False


def test_answers_are_cut_at_max_rows(store: str) -> None:
    with serve(graph.connect(store), max_rows=50) as url:
        r = answer(url, "SELECT ?s ?p ?o { ?s ?p ?o }", "application/sparql-results+json")
        assert r.status_code == 200 and r.headers["X-Truncated"] == "true"
        assert len(r.json()["results"]["bindings"]) == 50
        r = answer(url, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples")
        assert r.headers["X-Truncated"] == "true" and len(r.text.splitlines()) == 50
        r = answer(url, "SELECT ?s { ?s a kg:Person } LIMIT 3", "text/csv")
        assert "X-Truncated" not in r.headers and len(r.text.splitlines()) == 4


def test_updates_are_refused_and_the_store_unchanged(remote: str, store: str, kg: graph.KnowledgeGraph) -> None:
    for update in UPDATES:
        for r in [
            httpx.get(remote + "/sparql", params={"query": update}, trust_env=False),
            httpx.post(remote + "/sparql", data={"update": update}, trust_env=False),
            httpx.post(remote + "/sparql", content=update, trust_env=False,
                       headers={"Content-Type": "application/sparql-update"}),
        ]:
            assert r.status_code == 403, (update, r.status_code, r.text)
    assert len(graph.connect(store)) == len(kg)


def test_service_and_foreign_graphs_are_refused(remote: str) -> None:
    listener = Listener()
    try:
        for query in service_attempts(listener.url):
            r = httpx.post(remote + "/sparql", data={"query": query}, trust_env=False)
            assert r.status_code == 400, (query, r.status_code, r.text)
        r = answer(remote, f"SELECT * FROM <{listener.url}> {{ ?s ?p ?o }}", "text/csv")
        assert r.status_code == 400 and "holds no graph" in r.text
        # a protocol graph the store does not hold is empty, answered without the store
        r = answer(remote, "ASK { ?s ?p ?o }", "application/sparql-results+json",
                   **{"default-graph-uri": listener.url})
        assert r.status_code == 200 and r.json()["boolean"] is False
        assert r.headers["X-Unknown-Graphs"] == f"<{listener.url}>"
        time.sleep(0.2)
        assert listener.connections == 0
    finally:
        listener.sock.close()


def test_a_query_past_the_timeout_is_503(store: str, remote: str) -> None:
    with serve(graph.connect(store), timeout=0.25) as url:
        started = time.monotonic()
        r = answer(url, SLOW, "application/sparql-results+json")
        took = time.monotonic() - started
        assert r.status_code == 503 and "time limit" in r.text, r.text
        assert took < 2, took
        fast = answer(url, "ASK { person:Stalin rel:exiledWith person:Kamenew }", "text/csv")
        assert fast.status_code == 200  # a worker was ready again
    r = answer(remote, SLOW, "application/sparql-results+json")  # 10 s: the store answers
    assert r.status_code == 200 and int(r.json()["results"]["bindings"][0]["n"]["value"]) > 10**6


def test_kg_serve_endpoint_on_the_command_line(store: str) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kgapp", "serve", "--endpoint", store, "--port", str(port),
         "--workers", "1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url + "/health", process)
        r = answer(url, "ASK { person:Stalin rel:exiledWith person:Kamenew }", "text/csv")
        assert r.status_code == 200 and r.text.strip() == "true"
        r = httpx.get(url + "/sparql", params={"query": "DROP ALL"}, trust_env=False)
        assert r.status_code == 403
    finally:
        stop(process, seconds=10)


@pytest.mark.skipif(not VIRTUOSO.is_file(), reason=f"needs {VIRTUOSO} (virtuoso-opensource)")
def test_in_front_of_virtuoso(tmp_path: Path, kg: graph.KnowledgeGraph, local: str) -> None:
    with virtuoso_server(tmp_path) as v:
        publish(kg, v.graph_store, VIRTUOSO_GRAPH, auth=Credentials("dba", "dba"))
        remote = graph.connect(v.sparql, graph=VIRTUOSO_GRAPH)
        with serve(remote) as url:
            for query, accept in SAME:
                if query.startswith("DESCRIBE"):  # what DESCRIBE gives is the store's choice
                    continue
                here, there = meaning(answer(local, query, accept), local), meaning(
                    answer(url, query, accept), url)
                if isinstance(here, list):  # Virtuoso orders IRIs its own way
                    here, there = sorted(here, key=str), sorted(there, key=str)
                assert there == here != [], query
            assert httpx.get(url + "/sparql", params={"query": "CLEAR ALL"},
                             trust_env=False).status_code == 403
            r = answer(url, "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", "text/csv")
            assert r.status_code == 400
        with serve(remote, max_rows=50, timeout=0.25) as url:
            r = answer(url, "SELECT ?s { ?s ?p ?o }", "application/sparql-results+json")
            assert r.status_code == 200, r.text  # (a machine too busy for 0.25 s: 503)
            assert r.headers["X-Truncated"] == "true" and len(r.json()["results"]["bindings"]) == 50
            r = answer(url, SLOWER, "application/sparql-results+json")  # Virtuoso counts SLOW fast
            assert r.status_code == 503, r.text
        assert len(graph.connect(v.sparql, graph=VIRTUOSO_GRAPH)) == len(kg)
