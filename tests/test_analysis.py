"""analysis: centrality, communities, node metrics and ego networks over the bundled graph
(and, for the community engines, a generated and a planted-partition one)."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import sys
from pathlib import Path
from typing import Literal

import networkx as nx
import pytest
from bench import bench_module

import graph
from graph import analysis
from graph.analysis import (
    SAMPLE_ABOVE,
    NodeMetrics,
    betweenness_centrality,
    communities,
    degree_centrality,
    ego_network,
    node_metrics,
    projection,
    sample_size,
    undirected,
)
from graph.errors import LookupFailed
from graph.namespaces import PERSON, STATE

STALIN = str(PERSON.Stalin)


@pytest.mark.parametrize("measure", [degree_centrality, betweenness_centrality])
def test_stalin_is_the_most_central_person(kg: graph.KnowledgeGraph, measure: object) -> None:
    ranking = measure(kg, types=["Person"])  # type: ignore[operator]
    assert ranking[0][0] == STALIN
    assert {kg.entities[iri].kind for iri, _ in ranking} == {"Person"}
    scores = [score for _, score in ranking]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 1 for score in scores)


def test_rankings_cover_every_entity_and_honour_top(kg: graph.KnowledgeGraph) -> None:
    assert {iri for iri, _ in degree_centrality(kg)} == set(kg.entities)
    assert len(degree_centrality(kg, top=3)) == 3
    assert degree_centrality(kg, top=3) == degree_centrality(kg)[:3]
    assert len(betweenness_centrality(kg, types=["Person", "State"], top=4)) == 4


def test_degree_counts_neighbours_not_statements(kg: graph.KnowledgeGraph) -> None:
    scores = dict(degree_centrality(kg))
    view = undirected(kg)
    assert scores[STALIN] == pytest.approx(view.degree(STALIN) / (len(view) - 1))


def test_unknown_type_raises(kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(LookupFailed):
        degree_centrality(kg, types=["Persn"])


def test_sampled_betweenness_is_reproducible(kg: graph.KnowledgeGraph) -> None:
    first = betweenness_centrality(kg, k=20, seed=7)
    assert first == betweenness_centrality(kg, k=20, seed=7)
    assert len(first) == len(kg.entities)
    assert betweenness_centrality(kg, k=10_000)[0][0] == STALIN  # k beyond n: exact


def test_sample_size_rule() -> None:
    assert sample_size(SAMPLE_ABOVE, 10**6) is None
    assert 8 <= sample_size(SAMPLE_ABOVE + 1, 0) <= 256  # type: ignore[operator]
    assert sample_size(100_000, 200_000) == 10
    assert sample_size(10**8, 10**8) == 8


def test_communities_partition_the_entities(kg: graph.KnowledgeGraph) -> None:
    groups = communities(kg)
    assert sum(len(g) for g in groups) == len(kg.entities)
    assert set().union(*groups) == set(kg.entities) == set(undirected(kg))
    assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)
    assert communities(kg) == groups  # deterministic
    assert communities(kg, seed=1)  # another seed still partitions
    assert sum(len(g) for g in communities(kg, seed=1)) == len(kg.entities)


def test_ego_network_of_jakow(kg: graph.KnowledgeGraph) -> None:
    near = ego_network(kg, "Jakow")
    assert isinstance(near, nx.MultiDiGraph)
    assert {str(PERSON.Jakow), STALIN, str(STATE.NSDeutschland)} <= set(near)
    assert str(PERSON.Paulus) not in near
    wider = ego_network(kg, "Jakow", radius=2)
    assert {str(PERSON.Paulus), STALIN} <= set(wider)
    assert set(near) <= set(wider)
    for a, b, key, d in wider.edges(keys=True, data=True):
        assert d["statement"] == key and d["sentence"] in wider.graph["sentences"]
        assert kg.to_networkx().has_edge(a, b, key)
    assert wider.graph["centre"] == str(PERSON.Jakow) and wider.graph["radius"] == 2


def test_ego_network_is_a_copy(kg: graph.KnowledgeGraph) -> None:
    ego = ego_network(kg, "Jakow")
    ego.add_node("x")
    ego.nodes[STALIN]["aliases"].append("changed")
    ego.nodes[STALIN]["label"] = "changed"
    assert "x" not in projection(kg)
    assert "changed" not in projection(kg).nodes[STALIN]["aliases"]
    assert projection(kg).nodes[STALIN]["label"] == "Joseph Stalin"


def test_ego_network_unknown_name(kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(LookupFailed):
        ego_network(kg, "Nobody At All")


def test_views_are_frozen_and_cached(kg: graph.KnowledgeGraph) -> None:
    assert nx.is_frozen(projection(kg)) and nx.is_frozen(undirected(kg))
    assert projection(kg) is projection(kg)
    assert projection(kg, "de").nodes[STALIN]["label"] == "Josef Stalin"
    with pytest.raises(nx.NetworkXError):
        undirected(kg).add_node("x")


# ---------------------------------------------------------------- community engines

NETWORKIT_MISSING = "networkit is not installed (pip install 'stalin-kg[networkit]'): its engine is not tested"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> graph.KnowledgeGraph:
    """A synthetic graph from the benchmark generator (2,500 entities, 6,644 links)."""
    path = Path(tmp_path_factory.mktemp("analysis")) / "generated.ttl"
    path.write_text(bench_module("generate").generate(2_500, 7_500, seed=0), encoding="utf-8")
    return graph.load(path)


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch, generated: graph.KnowledgeGraph) -> graph.KnowledgeGraph:
    """The generated graph, counted as big by ``engine="auto"``."""
    monkeypatch.setattr(analysis, "NETWORKIT_ABOVE", len(generated.entities) - 1)
    return generated


def _planted() -> nx.Graph:
    """20 planted groups of 100 nodes, dense inside, sparse between."""
    return nx.planted_partition_graph(20, 100, 0.1, 0.001, seed=1)


def _modularity(view: nx.Graph, groups: list[set[str]]) -> float:
    return float(nx.community.modularity(view, groups, weight="weight"))


def _assert_partition(groups: list[set[str]], nodes: set[object]) -> None:
    assert sum(len(g) for g in groups) == len(nodes)  # nobody twice ...
    assert set().union(*groups) == nodes  # ... nobody missing
    assert all(groups)
    assert groups == sorted(groups, key=lambda g: (-len(g), min(g)))


@pytest.mark.parametrize(("which", "floor"), [("curated", 0.5), ("generated", 0.7),
                                              ("planted", 0.6)])
def test_engines_find_partitions_of_comparable_modularity(
    request: pytest.FixtureRequest, which: str, floor: float
) -> None:
    subject = _planted() if which == "planted" else request.getfixturevalue(
        "kg" if which == "curated" else "generated")
    view = subject if isinstance(subject, nx.Graph) else undirected(subject)
    reference = communities(subject, engine="networkx")
    _assert_partition(reference, set(view))
    assert _modularity(view, reference) > floor
    pytest.importorskip("networkit", reason=NETWORKIT_MISSING)
    fast = communities(subject, engine="networkit")
    _assert_partition(fast, set(view))
    assert _modularity(view, fast) > floor
    assert abs(_modularity(view, fast) - _modularity(view, reference)) < 0.05
    assert communities(subject, engine="networkit") == fast  # same seed, same result
    if which == "planted":  # both come close to the planted groups' own modularity
        planted = [set(b) for b in view.graph["partition"]]
        assert min(_modularity(view, fast), _modularity(view, reference)) > (
            _modularity(view, planted) - 0.02)


def test_auto_engine_keeps_small_graphs_on_networkx(
    kg: graph.KnowledgeGraph, generated: graph.KnowledgeGraph
) -> None:
    assert len(generated.entities) <= analysis.NETWORKIT_ABOVE
    assert communities(kg) == communities(kg, engine="networkx")
    assert communities(kg, seed=1) == communities(kg, seed=1, engine="networkx")
    assert communities(generated) == communities(generated, engine="networkx")


def test_auto_engine_uses_networkit_on_big_graphs(big: graph.KnowledgeGraph) -> None:
    pytest.importorskip("networkit", reason=NETWORKIT_MISSING)
    assert communities(big) == communities(big, engine="networkit")
    assert communities(big, seed=3) == communities(big, seed=3, engine="networkit")


def test_networkit_leaves_its_thread_count_alone(kg: graph.KnowledgeGraph) -> None:
    nk = pytest.importorskip("networkit", reason=NETWORKIT_MISSING)
    before = nk.getCurrentNumberOfThreads()
    communities(kg, engine="networkit")
    assert nk.getCurrentNumberOfThreads() == before


def test_without_networkit(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, big: graph.KnowledgeGraph
) -> None:
    monkeypatch.setitem(sys.modules, "networkit", None)  # importing it now raises ImportError
    with pytest.raises(ImportError, match=re.escape("pip install 'stalin-kg[networkit]'")):
        communities(big, engine="networkit")
    with caplog.at_level(logging.INFO, logger="graph.analysis"):
        assert communities(big) == communities(big, engine="networkx")
    assert "pip install 'stalin-kg[networkit]'" in caplog.text


def test_unknown_engine(kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(ValueError, match="networkx, networkit"):
        communities(kg, engine="igraph")  # type: ignore[arg-type]


def test_communities_of_networkx_graphs(kg: graph.KnowledgeGraph) -> None:
    assert communities(projection(kg)) == communities(kg)  # collapsed like undirected(kg)
    at_1937 = kg.to_networkx(as_of=1937)
    groups = communities(at_1937)
    _assert_partition(groups, set(at_1937))
    assert set(at_1937) < set(kg.entities)


@pytest.mark.parametrize("engine", ["networkx", "networkit"])
def test_communities_without_edges(engine: Literal["networkx", "networkit"]) -> None:
    if engine == "networkit":
        pytest.importorskip("networkit", reason=NETWORKIT_MISSING)
    assert communities(nx.Graph(), engine=engine) == []
    lonely = nx.MultiDiGraph()
    lonely.add_nodes_from("cab")
    lonely.add_edge("a", "a")
    assert communities(lonely, engine=engine) == [{"a"}, {"b"}, {"c"}]
    # a self-loop counts twice, as networkx's degree counts it
    assert node_metrics(lonely, engine=engine)["a"] == NodeMetrics(
        degree=2, statements=2, betweenness=0.0, community=0)


# ---------------------------------------------------------------- node metrics


def test_node_metrics_of_the_bundled_graph(kg: graph.KnowledgeGraph) -> None:
    metrics = node_metrics(kg)
    view = undirected(kg)
    assert list(metrics) == list(view)
    assert all(isinstance(m, NodeMetrics) for m in metrics.values())
    betweenness = dict(betweenness_centrality(kg))
    groups = communities(kg)
    for node, m in metrics.items():
        assert m.degree == view.degree(node)
        assert m.statements == projection(kg).degree(node)
        assert m.betweenness == pytest.approx(betweenness[node])
        assert node in groups[m.community]
    stalin = metrics[STALIN]
    assert stalin.statements > stalin.degree  # Sytin: two statements, one neighbour
    assert max(metrics.values(), key=lambda m: m.betweenness) is stalin
    assert json.loads(json.dumps({n: dataclasses.asdict(m) for n, m in metrics.items()}))


def test_node_metrics_of_a_filtered_projection(kg: graph.KnowledgeGraph) -> None:
    g = kg.to_networkx(as_of=1937)
    metrics = node_metrics(g)
    assert set(metrics) == set(g)
    for node, m in metrics.items():
        assert m.statements == g.degree(node)
        assert m.degree == len(set(g.predecessors(node)) | set(g.successors(node)))
        assert 0 <= m.betweenness <= 1
    assert {m.community for m in metrics.values()} == set(range(len(communities(g))))


def test_node_metrics_sample_betweenness_on_big_graphs(generated: graph.KnowledgeGraph) -> None:
    view = undirected(generated)
    assert sample_size(len(view), view.number_of_edges()) is not None  # sampled by default
    first = node_metrics(generated, k=16, seed=5, engine="networkx")
    assert first == node_metrics(generated, k=16, seed=5, engine="networkx")
    assert all(0 <= m.betweenness <= 1 for m in first.values())
    assert first != node_metrics(generated, k=16, seed=6, engine="networkx")  # seed matters
    hub = max(first, key=lambda node: first[node].degree)  # the best-linked lies on many paths
    ranked = sorted((m.betweenness for m in first.values()), reverse=True)
    assert first[hub].betweenness >= ranked[len(ranked) // 100]
