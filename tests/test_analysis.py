"""analysis: centrality, communities and ego networks over the bundled graph."""

from __future__ import annotations

import networkx as nx
import pytest

import graph
from graph.analysis import (
    SAMPLE_ABOVE,
    betweenness_centrality,
    communities,
    degree_centrality,
    ego_network,
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
