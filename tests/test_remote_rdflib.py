"""``RemoteBackend.rdflib_graph()``: rdflib's SPARQLStore over an endpoint (the project's own
``kg serve``), every request sent with httpx, never with urllib."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rdflib.plugins.stores.sparqlconnector as connector

import graph
from graph.backends import RemoteBackend
from graph.namespaces import PERSON, REL

STALIN_EXILED = "SELECT ?who WHERE { person:Stalin rel:exiledWith ?who } ORDER BY ?who"


@pytest.fixture
def no_urllib(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """rdflib's own way out (urllib's urlopen in its SPARQL connector) fails the test; yields
    the URLs that httpx sent requests to."""
    import httpx

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("rdflib sent a request with urllib")

    monkeypatch.setattr(connector, "urlopen", refuse)
    sent: list[str] = []
    real = httpx.Client.send

    def send(self: httpx.Client, request: httpx.Request, **kwargs: object) -> httpx.Response:
        sent.append(str(request.url))
        return real(self, request, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(httpx.Client, "send", send)
    yield sent


def test_rdflib_graph_of_an_endpoint_answers_as_the_local_graph(
    server: str, kg: graph.KnowledgeGraph, no_urllib: list[str]
) -> None:
    remote = RemoteBackend(f"{server}/sparql", timeout=30).rdflib_graph()
    local = kg.backend.rdflib_graph()
    prologue = f"PREFIX person: <{PERSON}> PREFIX rel: <{REL}> "
    answer = [row[0] for row in remote.query(prologue + STALIN_EXILED)]
    assert answer and answer == [row[0] for row in local.query(prologue + STALIN_EXILED)]
    # triple patterns go through the same store
    assert set(remote.objects(PERSON.Stalin, REL.exiledWith)) == set(answer)
    assert no_urllib and all(url.startswith(f"{server}/sparql") for url in no_urllib)


def test_rdflib_graph_errors_are_the_backends(server: str, no_urllib: list[str]) -> None:
    from graph.errors import QueryError

    remote = RemoteBackend(f"{server}/sparql", timeout=30).rdflib_graph()
    with pytest.raises(QueryError, match="answered 400"):
        remote.query("SELECT ?x WHERE { ?x ?y }")
