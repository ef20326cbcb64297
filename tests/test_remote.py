"""``kg publish`` into a real Oxigraph server, then ``graph.connect`` to it: the remote graph
answers every named query as the local one does."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from oxigraph_fixture import free_port, oxigraph_server

import graph
from graph import queries
from graph.paths import bundled_graph_files
from graph.publish import PublishError, publish

NEEDED = {"dated-in-year": {"year": 1941}, "in-sentence": {"n": 21}}
NAMED = "https://w3id.org/stalin-kg/graph"


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


def remote_count(url: str, where: str = "{ ?s ?p ?o }") -> int:
    query = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {where}"})
    request = urllib.request.Request(
        f"{url}/query?{query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


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
