"""What ``kg serve`` refuses, and what it survives, tested over a real socket.

Updates are answered 4xx and change nothing; SERVICE never reaches a listener; a runaway query
is stopped at the time limit while others keep being answered; 16 clients at once all succeed.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from server_helpers import wait_for

import graph
from graph.namespaces import PREFIXES
from kgapp.server import Settings, create_app, running
from kgapp.server.guard import FORMS, Refused, check
from kgapp.server.workers import Job, QueryFailed, WorkerPool

RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SIMPLE = "ASK { person:Stalin rel:exiledWith person:Kamenew }"


class Listener:
    """A TCP listener on a free loopback port that counts the connections it is offered."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.peers: list[Any] = []  # the address of each connection accepted, in order
        self._own: set[Any] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, peer = self.sock.accept()
            except OSError:
                return
            self.peers.append(peer)
            conn.close()

    @property
    def connections(self) -> int:
        """The connections accepted so far, but for the listener's own (:meth:`settled`)."""
        return sum(peer not in self._own for peer in self.peers)

    def settled(self) -> int:
        """:attr:`connections`, once every connection made before this call has been accepted:
        the listener connects to itself and waits until that connection, queued behind all
        earlier ones (a listening socket accepts in order), has been accepted."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as own:
            mark = own.getsockname()
            self._own.add(mark)
            wait_for(lambda: mark in self.peers, "the listener to accept its own connection", 5,
                     every=0.001)
        return self.connections


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    spy = Listener()
    yield spy
    spy.sock.close()


@pytest.fixture(scope="module")
def served(kg: graph.KnowledgeGraph) -> Iterator[tuple[str, WorkerPool]]:
    app = create_app(kg, Settings(workers=2, timeout=1))
    with running(app) as url:
        yield url, app.state.server.pool


@pytest.fixture(scope="module")
def http(served: tuple[str, WorkerPool]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served[0], trust_env=False, timeout=30) as client:
        yield client


def wait_for_exit(pid: int, seconds: float = 5) -> bool:
    """Whether process ``pid`` is gone (killed and reaped) within ``seconds``."""

    def gone() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False

    try:
        return wait_for(gone, f"process {pid} to end", seconds)
    except AssertionError:
        return False


def count(http: httpx.Client) -> int:
    r = http.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


# ---------------------------------------------------------------------------- updates
UPDATES = [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "PREFIX ex: <http://example.org/> INSERT { ex:a ex:b ?o } WHERE { SELECT ?o { ?s ?p ?o } LIMIT 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]


def test_updates_are_refused_and_change_nothing(
    http: httpx.Client, listener: Listener, kg: graph.KnowledgeGraph
) -> None:
    before = count(http)
    load = f"LOAD <{listener.url}>"
    for update in [*UPDATES, load]:
        answers = [
            http.get("/sparql", params={"query": update}),
            http.post("/sparql", data={"query": update}),
            http.post("/sparql", data={"update": update}),
            http.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"}),
            http.post("/sparql", content=update, headers={"Content-Type": "application/sparql-query"}),
        ]
        for r in answers:
            assert 400 <= r.status_code < 500, (update, r.status_code, r.text)
        assert answers[0].status_code == 403 and "read-only" in answers[0].text
    assert count(http) == before == len(kg)
    ask = "ASK { <http://example.org/a> ?p ?o }"
    assert http.get("/sparql", params={"query": ask}).json()["boolean"] is False
    assert listener.settled() == 0


# ---------------------------------------------------------------------------- SERVICE and FROM
def service_attempts(url: str) -> list[str]:
    e = f"<{url}>"
    return [
        f"SELECT * {{ SERVICE {e} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?x ?y ?z . SERVICE SILENT {e} {{ ?s ?p ?o }} }}",
        f"select * {{ ?x ?y ?z OPTIONAL{{}}service{e}{{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?x ?y ?z . SERVICESILENT{e}{{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?x ?y ?z . SERVICE#comment\n{e} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ []SERVICE {e} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?x ?y 1SERVICE {e} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ VALUES ?e {{ {e} }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"PREFIX : <{url}> SELECT * {{ SERVICE:x {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <{url}> SELECT * {{ ?x ?y ?z . SERVICEex:x {{ ?s ?p ?o }} }}",
        f"SELECT * {{ FILTER(1<'>')SERVICE {e} {{ ?s ?p ?o }} FILTER('a'='a') }}",
        f"SELECT * {{ ?x ?y ?z }} # no SERVICE here\n; SELECT * {{ SERVICE {e} {{}} }}",
    ]


def test_service_is_refused_before_anything_runs(http: httpx.Client, listener: Listener) -> None:
    for query in service_attempts(listener.url):
        r = http.post("/sparql", data={"query": query})
        assert r.status_code == 400, (query, r.status_code, r.text)
    assert listener.settled() == 0


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?service rdfs:label ?l } LIMIT 1",
        "SELECT $service WHERE { $service rdfs:label ?l } LIMIT 1",
        "PREFIX service: <http://example.org/service/> SELECT * { ?s service:p ?o }",
        "SELECT * { ?s ?p 'SERVICE <http://127.0.0.1:1/> {}' } # SERVICE <http://127.0.0.1:1/> {}",
        "SELECT * { ?s ?p <http://example.org/SERVICE> }",
        "SELECT * { ?s rel:service ?o }",
    ],
)
def test_service_lookalikes_still_run(http: httpx.Client, query: str) -> None:
    r = http.get("/sparql", params={"query": query})
    assert r.status_code == 200, r.text


def test_the_workers_cannot_open_network_sockets(
    served: tuple[str, WorkerPool], listener: Listener
) -> None:
    pool = served[1]
    if not pool.sandboxed:
        pytest.skip("seccomp is not available on this machine")
    query = f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"  # past the guard, on purpose
    with pytest.raises(QueryFailed, match="not permitted"):
        pool.run(Job(query))
    assert listener.settled() == 0


def test_from_is_refused_unless_the_server_holds_the_graph(
    http: httpx.Client, listener: Listener, tmp_path: Path
) -> None:
    for query in [
        "SELECT * FROM <http://127.0.0.1:1/data.ttl> { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://example.org/g> { GRAPH ?g { ?s ?p ?o } }",
        "SELECT*FROMNAMED<http://example.org/g>{?s ?p ?o}",
        "PREFIX ex: <http://example.org/> SELECT * FROM ex:g { ?s ?p ?o }",
    ]:
        r = http.get("/sparql", params={"query": query})
        assert r.status_code == 400 and "holds no graph" in r.text, (query, r.text)
    # the protocol's dataset may name graphs the server does not hold: they are empty, never fetched
    r = http.get("/sparql", params={"query": SIMPLE, "default-graph-uri": "http://example.org/g"})
    assert r.status_code == 200 and r.json()["boolean"] is False, r.text
    assert r.headers["X-Unknown-Graphs"] == "<http://example.org/g>"
    r = http.get("/sparql", params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }",
                                    "named-graph-uri": [f"{listener.url}?x=ü", f"{listener.url}?x=ü"]})
    assert r.status_code == 200 and r.json()["boolean"] is False, r.text
    assert r.headers["X-Unknown-Graphs"] == f"<{listener.url}?x=%C3%BC>"
    assert listener.settled() == 0
    r = http.get("/sparql", params={"query": SIMPLE, "default-graph-uri": "g"})
    assert r.status_code == 400 and "absolute IRI" in r.text

    trig = tmp_path / "named.trig"
    trig.write_text("<http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 . }\n")
    with running(create_app([trig], Settings(workers=1))) as url:
        for query in [
            "SELECT (COUNT(*) AS ?n) FROM <http://example.org/g> { ?s ?p ?o }",
            "PREFIX ex: <http://example.org/> SELECT (COUNT(*) AS ?n) FROM ex:g { ?s ?p ?o }",
        ]:
            r = httpx.get(url + "/sparql", params={"query": query}, trust_env=False)
            assert r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == "1"
        r = httpx.get(url + "/sparql", trust_env=False, params={
            "query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "default-graph-uri": "http://example.org/g"})
        assert r.json()["results"]["bindings"][0]["n"]["value"] == "1"
        # a protocol dataset replaces the query's: only named graphs, so an empty default graph
        r = httpx.get(url + "/sparql", trust_env=False, params={
            "query": "SELECT (COUNT(*) AS ?n) FROM <http://example.org/g> { ?s ?p ?o }",
            "named-graph-uri": "http://example.org/g"})
        assert r.json()["results"]["bindings"][0]["n"]["value"] == "0", r.text


# ---------------------------------------------------------------------------- time limit
def test_runaway_query_is_stopped_while_others_are_answered(
    http: httpx.Client, served: tuple[str, WorkerPool]
) -> None:
    pool = served[1]
    workers_before = set(pool._workers)
    outcome: dict[str, Any] = {}

    def runaway() -> None:
        started = time.monotonic()
        with httpx.Client(base_url=served[0], trust_env=False, timeout=30) as own:
            r = own.get("/sparql", params={"query": RUNAWAY})
        outcome.update(status=r.status_code, text=r.text, started=started, ended=time.monotonic())

    thread = threading.Thread(target=runaway)
    thread.start()
    wait_for(lambda: pool.busy == 1, "the runaway to run", 5)
    answered = []
    for _ in range(5):
        r = http.get("/sparql", params={"query": SIMPLE})
        answered.append((r.status_code, r.json()["boolean"], time.monotonic()))
    thread.join(timeout=20)

    assert [(status, boolean) for status, boolean, _ in answered] == [(200, True)] * 5
    assert max(at for *_, at in answered) < outcome["ended"], "answered while the runaway ran"
    assert outcome["status"] == 503 and "time limit of 1 s" in outcome["text"]
    assert 0.9 < outcome["ended"] - outcome["started"] < 5
    # its worker was killed (and reaped) and a fresh one took its place
    workers_after = set(pool._workers)
    assert len(workers_after) == 2 and pool.busy == 0
    (killed,) = workers_before - workers_after
    assert wait_for_exit(killed)
    assert http.get("/sparql", params={"query": SIMPLE}).status_code == 200


# ---------------------------------------------------------------------------- concurrency
def test_sixteen_concurrent_clients(served: tuple[str, WorkerPool], kg: graph.KnowledgeGraph) -> None:
    url = served[0]
    accepts = ["application/sparql-results+json", "text/csv", "application/sparql-results+xml",
               "text/tab-separated-values"]
    persons = len(kg.query("SELECT ?p { ?p a kg:Person }").rows)

    def client(i: int) -> list[int]:
        statuses = []
        with httpx.Client(base_url=url, trust_env=False, timeout=30) as own:
            for j in range(15):
                if j % 3 == 0:
                    r = own.get("/queries/had-shot", params={"by": "Stalin"})
                    assert r.json()["results"]["bindings"]
                elif j % 3 == 1:
                    r = own.post("/sparql", data={"query": "SELECT ?p { ?p a kg:Person }"},
                                 headers={"Accept": accepts[i % 4]})
                    assert r.text.count("person/") == persons
                else:
                    r = own.get("/sparql", params={"query": SIMPLE})
                statuses.append(r.status_code)
        return statuses

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(client, range(16)))
    assert [s for statuses in results for s in statuses] == [200] * 16 * 15


# ---------------------------------------------------------------------------- the guard itself
def test_guard_knows_the_forms() -> None:
    assert check("PREFIX a: <http://a/select> BASE <http://b/> ask { ?s ?p ?o }").form == "ASK"
    assert check("CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    assert check("# a comment\nDESCRIBE person:Stalin").form == "DESCRIBE"
    with pytest.raises(Refused) as err:
        check("PREFIX ex: <http://e/> INSERT { ex:a ex:b ?o } WHERE { SELECT ?o { ?s ?p ?o } }")
    assert err.value.status == 403
    for bad in ["", "   ", "{ ?s ?p ?o }", "SELECT * { ?s ?p 'unterminated SERVICE }"]:
        with pytest.raises(Refused) as err:
            check(bad)
        assert err.value.status == 400


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("ASK{}", "ASK"),
        ("select*{}", "SELECT"),
        ("PREFIX ask: <http://a/> # SELECT\nCONSTRUCT WHERE { ?s ask:p ?o }", "CONSTRUCT"),
        ("ASKME {}", None),
        ("SELECTDISTINCT ?s { ?s ?p ?o }", None),
        ("DESCRIBE2 <http://a/>", None),
        ("INSERTDATA { <a:b> <a:c> <a:d> }", None),
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "update"),
        ("with <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "update"),
    ],
)
def test_the_guard_and_the_library_read_the_form_alike(query: str, form: str | None) -> None:
    """One lexer: keywords are whole words, for the server as for ``kg.query``."""
    from graph.errors import QueryError
    from graph.sparql import query_form
    from graph.sparql_lexer import ReadOnly

    if form in FORMS:
        assert check(query).form == query_form(query) == form
        return
    with pytest.raises(Refused) as refused:
        check(query)
    with pytest.raises(QueryError) as raised:
        query_form(query)
    assert str(refused.value) == str(raised.value)
    assert refused.value.status == (403 if form == "update" else 400)
    assert isinstance(raised.value, ReadOnly) == (form == "update")


FRAGMENTS = [
    "SERVICE", "service", "SILENT", "?service", "$service", "ex:service", "service:x", ":x",
    "<URL>", "{", "}", ".", ";", "1", "true", "?s ?p ?o", "?x", "'", '"', "'''", "#", "\n", "\r",
    "<", ">", "(", ")", "FILTER(", "1<'>'", "ex:a\\'", "\\u0027", "'a\\u0027'", "[]", "_:b",
    "OPTIONAL{}", "VALUES ?e { <URL> }", " ",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12),
       st.sampled_from(["", "PREFIX : <URL> ", "PREFIX ex: <URL> "]))
def test_no_query_the_guard_accepts_reaches_the_network(
    listener: Listener, body: list[str], prologue: str
) -> None:
    """Differential test: whatever the guard lets through, Oxigraph itself never connects."""
    query = (prologue + "SELECT * WHERE { ?s ?p ?o . " + "".join(body) + " }").replace("URL", listener.url)
    try:
        check(query, prefixes={**PREFIXES, "ex": "http://example.org/"})
    except Refused:
        return
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"),
                      ox.Literal(1)))
    before = listener.connections
    try:
        results = store.query(query, prefixes={"ex": "http://example.org/"})
        if isinstance(results, ox.QuerySolutions):
            list(results)
    except (SyntaxError, OSError, RuntimeError):
        pass
    assert listener.settled() == before, query
