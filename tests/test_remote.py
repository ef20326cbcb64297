"""``kg publish`` into a real Oxigraph server, then ``graph.connect`` to it: the remote graph
answers every named query, ``explain``, the networkx projection, the viewer page and the exports
as the local one does."""

from __future__ import annotations

import base64
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
import rdflib
from oxigraph_fixture import free_port, oxigraph_server
from rdflib.compare import isomorphic

import graph
import viz
from graph import queries
from graph.backends import RemoteBackend
from graph.errors import KGError
from graph.export import export
from graph.paths import bundled_graph_files
from graph.publish import Credentials, PublishError, publish
from kgapp.server import create_app
from viz.data import page_data

NEEDED = {"dated-in-year": {"year": 1941}, "in-sentence": {"n": 21}}
NAMED = "https://w3id.org/stalin-kg/graph"


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def remote(oxigraph: str, kg: graph.KnowledgeGraph) -> graph.KnowledgeGraph:
    """The bundled graph published into the store's default graph, and connected to."""
    publish(kg, f"{oxigraph}/store")
    return graph.connect(f"{oxigraph}/query")


def remote_count(url: str, where: str = "{ ?s ?p ?o }") -> int:
    r = httpx.get(f"{url}/query", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {where}"},
                  headers={"Accept": "application/sparql-results+json"}, timeout=30,
                  trust_env=False)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_publish_then_connect_gives_the_same_answers(oxigraph: str, kg: graph.KnowledgeGraph) -> None:
    sent = publish(kg, f"{oxigraph}/store")
    assert sent == len(kg) == remote_count(oxigraph)
    assert publish(kg, f"{oxigraph}/store") == sent  # PUT replaces: still one copy
    assert remote_count(oxigraph) == sent

    remote = graph.connect(f"{oxigraph}/query")
    assert len(remote) == len(kg)
    for q in queries.all_queries():
        params = NEEDED.get(q.name, {})
        mine, theirs = kg.run(q.name, **params).rows, remote.run(q.name, **params).rows
        # ORDER BY may leave ties (relations-of: two subjects with the same sentence, relation and
        # object), which another store may break the other way: compare as multisets.
        assert sorted(map(repr, theirs)) == sorted(map(repr, mine)), q.name
    assert [s.iri for s in remote.relations("Jakow")] == [s.iri for s in kg.relations("Jakow")]


def test_publish_into_a_named_graph(oxigraph: str, kg: graph.KnowledgeGraph) -> None:
    default_before = remote_count(oxigraph)
    sent = publish(bundled_graph_files(), f"{oxigraph}/store", NAMED)
    assert sent == len(kg) == remote_count(oxigraph, f"{{ GRAPH <{NAMED}> {{ ?s ?p ?o }} }}")
    assert remote_count(oxigraph) == default_before


def test_publish_a_file_of_ones_own(oxigraph: str, tmp_path: Path) -> None:
    data = tmp_path / "mine.ttl"
    data.write_text("<http://example.org/a> <http://example.org/b> 1, 2, 3 .\n")
    own = graph.load(data, vocabulary=False)
    assert publish(own, f"{oxigraph}/store", "http://example.org/mine") == 3


def test_publish_sends_the_triples_of_named_graphs_once(oxigraph: str, tmp_path: Path) -> None:
    data = tmp_path / "named.trig"
    data.write_text("<http://example.org/a> <http://example.org/p> 1 .\n"
                    "<http://example.org/g> { <http://example.org/a> <http://example.org/p> 1, 2 . }\n")
    target = "http://example.org/flat"
    assert publish(graph.load(data, vocabulary=False), f"{oxigraph}/store", target) == 2
    assert remote_count(oxigraph, f"{{ GRAPH <{target}> {{ ?s ?p ?o }} }}") == 2


@pytest.mark.parametrize(
    ("endpoint", "graph_iri", "words"),
    [
        ("{url}/nowhere", None, "answered 404"),
        ("{url}/query", None, "answered"),
        ("http://127.0.0.1:{free}/store", None, "cannot reach"),
        ("ftp://127.0.0.1/store", None, "http(s) URL"),
        ("{url}/store", "not an iri", "absolute IRI"),
    ],
)
def test_publish_errors_say_what_went_wrong(
    oxigraph: str, kg: graph.KnowledgeGraph, endpoint: str, graph_iri: str | None, words: str
) -> None:
    with pytest.raises(PublishError, match=words.replace("(", r"\(").replace(")", r"\)")):
        publish(kg, endpoint.format(url=oxigraph, free=free_port()), graph_iri, timeout=10)


@pytest.mark.parametrize(
    ("a", "b", "max_hops"),
    [("Sytin", "Bucharin", 4), ("Trotzki", "Jakow", 3), ("Stalin", "Kamenew", 2)],
)
def test_explain_on_a_remote_graph_finds_the_local_chains(
    remote: graph.KnowledgeGraph, kg: graph.KnowledgeGraph, a: str, b: str, max_hops: int
) -> None:
    mine = [c.describe(kg) for c in kg.explain(a, b, max_hops=max_hops, limit=50)]
    theirs = [c.describe(remote) for c in remote.explain(a, b, max_hops=max_hops, limit=50)]
    assert mine, (a, b)
    assert theirs == mine


@pytest.mark.parametrize(
    "options",
    [{}, {"relations": ["exiledWith", "heldPosition"]}, {"as_of": 1937}, {"types": ["Person"]}],
)
def test_to_networkx_on_a_remote_graph_is_the_local_graph(
    remote: graph.KnowledgeGraph, kg: graph.KnowledgeGraph, options: dict[str, Any]
) -> None:
    mine, theirs = kg.to_networkx(**options), remote.to_networkx(**options)
    assert mine.number_of_edges() > 0
    assert _nodes(theirs) == _nodes(mine)
    assert sorted(theirs.edges(keys=True, data=True), key=repr) == \
        sorted(mine.edges(keys=True, data=True), key=repr)
    assert theirs.graph == mine.graph


def _nodes(g: Any) -> dict[str, dict[str, Any]]:
    """The nodes with their attributes; aliases as a set (RDF gives them in no order, and each
    store lists them in its own)."""
    return {n: {**d, "aliases": set(d["aliases"])} for n, d in g.nodes(data=True)}


def test_the_viewer_page_of_a_remote_graph_is_the_local_page(
    remote: graph.KnowledgeGraph, kg: graph.KnowledgeGraph, tmp_path: Path
) -> None:
    assert page_data(remote, year=1927) == page_data(kg, year=1927)
    mine = viz.render(kg, tmp_path / "local.html", relations=["heldPosition"])
    theirs = viz.render(remote, tmp_path / "remote.html", relations=["heldPosition"])
    assert theirs.read_bytes() == mine.read_bytes()


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt", ["nt", "jsonld", "csv"])
def test_exports_of_a_remote_graph_are_the_local_exports(
    remote: graph.KnowledgeGraph, kg: graph.KnowledgeGraph, tmp_path: Path, fmt: str
) -> None:
    mine = export(kg, tmp_path / f"local.{fmt}", fmt)
    theirs = export(remote, tmp_path / f"remote.{fmt}", fmt)
    if fmt == "csv":
        assert theirs.read_bytes() == mine.read_bytes()
        return
    # each store names the blank nodes (of the vocabulary's OWL lists) its own way
    parser = {"nt": "nt", "jsonld": "json-ld"}[fmt]
    ours, others = (rdflib.Graph().parse(p, format=parser) for p in (mine, theirs))
    assert len(others) == len(ours) == len(kg)
    assert isomorphic(others, ours)


def test_publish_copies_a_remote_graph_and_lists_its_named_graphs(
    oxigraph: str, remote: graph.KnowledgeGraph, kg: graph.KnowledgeGraph
) -> None:
    copy = "https://w3id.org/stalin-kg/copy"
    assert publish(remote, f"{oxigraph}/store", copy) == len(kg)
    assert remote_count(oxigraph, f"{{ GRAPH <{copy}> {{ ?s ?p ?o }} }}") == len(kg)
    assert copy in remote.backend.named_graphs()
    assert kg.backend.named_graphs() == []


def test_a_remote_graph_has_no_local_store(remote: graph.KnowledgeGraph) -> None:
    """What needs the embedded store says so; ``kg serve`` itself forwards to the endpoint
    instead (tests/test_serve_remote.py)."""
    with pytest.raises(KGError, match=r"a dump needs a graph loaded from files \(--data\), "
                                      r"not the SPARQL endpoint http://127\.0\.0\.1:\d+/query"):
        remote.backend.local_store("a dump")
    assert create_app(remote) is not None


# ---------------------------------------------------------------------------- auth and time limits
class _BasicStore(http.server.BaseHTTPRequestHandler):
    """A Graph Store that wants basic authentication (user ``dba``, password ``s3cret``) and
    records each request: its method and whether it came with the right credentials."""

    seen: ClassVar[list[tuple[str, bool]]] = []
    TOKEN = "Basic " + base64.b64encode(b"dba:s3cret").decode()

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        authorized = self.headers.get("Authorization") == self.TOKEN
        self.seen.append((self.command, authorized))
        if not authorized:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(201 if body else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_PUT = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def basic_store() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BasicStore)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _BasicStore.seen.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}/store"
    server.shutdown()
    server.server_close()


def test_publish_with_basic_authentication_sends_it_up_front(
    basic_store: str, kg: graph.KnowledgeGraph
) -> None:
    """The HEAD learns that the store asks for basic authentication; every upload then carries
    it, so no upload is refused first (a store may reset a big one it has not authorised)."""
    sent = publish(kg, basic_store, auth=Credentials("dba", "s3cret"), chunk_triples=1000,
                   verify=False)
    assert sent == len(kg)
    assert _BasicStore.seen[0] == ("HEAD", False)
    chunks = -(-sent // 1000)  # one PUT replaces the graph, a POST adds each further chunk
    assert _BasicStore.seen[1:] == [("PUT", True)] + [("POST", True)] * (chunks - 1)
    with pytest.raises(PublishError, match=r"answered 401.*\(wrong user or password\)"):
        publish(kg, basic_store, auth=Credentials("dba", "nope"), verify=False)
    with pytest.raises(PublishError, match=r"answered 401.*--user NAME"):
        publish(kg, basic_store, verify=False)


def test_a_store_that_never_answers_is_given_up_at_the_timeout() -> None:
    """A listener that accepts connections but never answers: the query fails with KGError
    after the backend's timeout, not never."""
    with socket.create_server(("127.0.0.1", 0)) as silent:
        endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        started = time.monotonic()
        with pytest.raises(KGError, match=r"cannot reach .*timed out"):
            RemoteBackend(endpoint, timeout=0.5).query("ASK {}", "ASK")
        assert 0.4 < time.monotonic() - started < 5
