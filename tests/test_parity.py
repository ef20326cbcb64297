"""The same answers from every store: the bundled graph read locally, from a real Oxigraph
server and from a real Virtuoso (in a named graph) gives the golden result of every named
query, and the same profiles, timelines, explanations, statistics, exports and viewer page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from oxigraph_fixture import oxigraph_server
from rdflib.compare import isomorphic
from test_queries import CASES, golden_path
from virtuoso_fixture import VIRTUOSO, virtuoso_server

import graph
from graph import queries, text
from graph.backends import RemoteBackend
from graph.export import FORMATS, export
from graph.kg import KnowledgeGraph
from graph.publish import Credentials, publish
from viz.render import render_html

GRAPH = "https://w3id.org/stalin-kg/graph/parity"
PEOPLE = ["Stalin", "Trotzki", "Lenin", "Jakow", "Kamenew"]
PAIRS = [("Sytin", "Bucharin"), ("Trotzki", "Jakow")]
# exports whose bytes do not depend on how a store names blank nodes or orders its answers
BYTE_EXACT = ("csv", "gexf", "graphml", "cytoscape")


@pytest.fixture(scope="module", params=["local", "oxigraph", "virtuoso"])
def store(request: pytest.FixtureRequest, kg: graph.KnowledgeGraph,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeGraph]:
    """The bundled graph where each kind of store holds it."""
    if request.param == "local":
        yield kg
    elif request.param == "oxigraph":
        with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
            publish(kg, f"{url}/store", GRAPH)
            yield KnowledgeGraph(backend=RemoteBackend(f"{url}/query", graph=GRAPH))
    else:
        if not VIRTUOSO.is_file():
            pytest.skip(f"Virtuoso is not installed at {VIRTUOSO} (apt-get install "
                        "virtuoso-opensource)")
        with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as v:
            publish(kg, v.graph_store, GRAPH, auth=Credentials("dba", "dba"))
            yield KnowledgeGraph(backend=RemoteBackend(v.sparql, graph=GRAPH))


def test_named_queries_give_their_golden_results(store: KnowledgeGraph) -> None:
    assert {name for name, _ in CASES} == {q.name for q in queries.all_queries()}
    for name, params in CASES:
        expected = golden_path(name, params).read_text(encoding="utf-8")
        assert store.run(name, **params).to_tsv() == expected, (name, params)


def test_profiles_timelines_and_stats_read_the_same(store: KnowledgeGraph,
                                                    kg: graph.KnowledgeGraph) -> None:
    for name in PEOPLE:
        assert text.profile(store, name) == text.profile(kg, name), name
        assert text.timeline(store, name) == text.timeline(kg, name), name
    assert text.stats(store) == text.stats(kg)


def test_explanations_are_the_same_chains(store: KnowledgeGraph, kg: graph.KnowledgeGraph) -> None:
    for a, b in PAIRS:
        ours = [c.describe(store) for c in store.explain(a, b)]
        assert ours and ours == [c.describe(kg) for c in kg.explain(a, b)], (a, b)


def test_exports_and_the_viewer_page_are_the_same(store: KnowledgeGraph, kg: graph.KnowledgeGraph,
                                                  tmp_path: Path) -> None:
    for fmt in BYTE_EXACT:
        assert fmt in FORMATS
        ours = export(store, tmp_path / f"remote.{fmt}", fmt).read_bytes()
        assert ours == export(kg, tmp_path / f"local.{fmt}", fmt).read_bytes(), fmt
    for fmt, parser in (("nt", "nt"), ("jsonld", "json-ld")):  # blank nodes: compared as graphs
        ours_g = rdflib.Graph().parse(export(store, tmp_path / f"remote.{fmt}", fmt), format=parser)
        local_g = rdflib.Graph().parse(export(kg, tmp_path / f"local.{fmt}", fmt), format=parser)
        assert len(ours_g) == len(local_g) and isomorphic(ours_g, local_g), fmt
    assert render_html(store) == render_html(kg)
