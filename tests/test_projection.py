"""The networkx projection's attributes on demand: the graph ``to_networkx`` builds from a light
read is the graph it built when it read everything first (same nodes and edges in the same
order, every attribute equal, field by field, once read), with any filter, in every export,
and through networkx's own copies, views, freezing and pickling."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from bench import bench_module

import graph
from graph import project
from graph.export import export
from graph.model import KINDS
from graph.paths import bundled_graph_files
from graph.project import (
    EDGE_KEYS,
    NODE_KEYS,
    LazyAttributes,
    edge_attributes,
    holding_span,
    node_attributes,
    to_networkx,
)

EXILE = "https://w3id.org/stalin-kg/statement/s08-stalin-exiledWith-kamenew"
STALIN = "https://w3id.org/stalin-kg/person/Stalin"
KAMENEV = "https://w3id.org/stalin-kg/person/Kamenew"
FILTERS: list[dict[str, Any]] = [
    {},
    {"relations": ["exiledWith", "sonOf", "heldPosition"]},
    {"types": ["Person"]},
    {"types": ["Person", "Position"], "basis": ["inferred", "reported"]},
    {"as_of": 1937},
    {"as_of": 1950, "relations": ["heldPosition"]},
    {"basis": ["stated"]},
    {"lang": "de"},
    {"lang": "de", "as_of": 1924, "types": ["Person"]},
]


def eager(
    kg: graph.KnowledgeGraph, *, relations: Iterable[str] | None = None,
    types: Iterable[str] | None = None, as_of: int | None = None, lang: str = "en",
    basis: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """The projection as it was built before attributes came on demand: every statement and
    entity read first, every attribute dict full (the reference the lazy graph must equal)."""
    names = None if relations is None else set(relations)
    kinds = None if types is None else set(types)
    bases = None if basis is None else set(basis)
    g = nx.MultiDiGraph(lang=lang, as_of=as_of)
    sentences: dict[int, str] = {}
    for st in kg.statements:
        if st.sentence is not None and st.sentence_text:
            sentences[st.sentence] = st.sentence_text
        a, b = kg.entities.get(st.subject), kg.entities.get(str(st.object))
        if not st.is_edge or a is None or b is None:
            continue
        if (names is not None and st.relation_name not in names) or (
                bases is not None and st.basis not in bases) or (
                kinds is not None and (a.kind not in kinds or b.kind not in kinds)) or (
                as_of is not None and not holding_span(st, a).holds_in(as_of)):
            continue
        for e in (a, b):
            if e.iri not in g:
                g.add_node(e.iri, **node_attributes(e, lang))
        g.add_edge(a.iri, b.iri, key=st.iri, **edge_attributes(kg, st, lang),
                   dated=st.span.dated)
    if names is None and kinds is None and as_of is None and bases is None:
        for e in kg.entities.values():
            if e.iri not in g:
                g.add_node(e.iri, **node_attributes(e, lang))
    g.graph["sentences"] = dict(sorted(sentences.items()))
    return g


def assert_same(lazy: nx.MultiDiGraph, full: nx.MultiDiGraph) -> None:
    """Same nodes and edges in the same order, the same attributes field by field and in the
    same order, the same graph attributes."""
    assert list(lazy.nodes) == list(full.nodes)
    assert list(lazy.edges(keys=True)) == list(full.edges(keys=True))
    assert list(lazy.in_edges(keys=True)) == list(full.in_edges(keys=True))
    for n, attrs in full.nodes(data=True):
        for key, value in attrs.items():
            assert lazy.nodes[n][key] == value, (n, key)
        assert list(lazy.nodes[n].items()) == list(attrs.items()), n
    for (a, b, k, attrs), (*_, mine) in zip(full.edges(keys=True, data=True),
                                            lazy.edges(keys=True, data=True), strict=True):
        for key, value in attrs.items():
            assert lazy.edges[a, b, k][key] == value, (k, key)
        assert list(mine.items()) == list(attrs.items()), k
    assert lazy.graph == full.graph


@pytest.fixture
def fresh() -> graph.KnowledgeGraph:
    """The bundled graph, loaded anew: nothing read from the store yet."""
    return graph.load()


@pytest.fixture(scope="module")
def generated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic graph from the benchmark generator (1,000 entities, 3,000 links)."""
    path = Path(tmp_path_factory.mktemp("projection")) / "generated.ttl"
    path.write_text(bench_module("generate").generate(1_000, 3_000, seed=1), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the same graph
@pytest.mark.parametrize("options", FILTERS, ids=lambda o: json.dumps(o) if o else "all")
def test_the_curated_projection_is_the_eager_one(options: dict[str, Any]) -> None:
    lazy = to_networkx(graph.load(), **options)
    assert_same(lazy, eager(graph.load(), **options))


@pytest.mark.parametrize("options", [{}, {"types": ["Person"]}, {"as_of": 1930},
                                     {"basis": ["stated"], "lang": "de"}],
                         ids=lambda o: json.dumps(o) if o else "all")
def test_a_generated_projection_is_the_eager_one(generated_file: Path,
                                                 options: dict[str, Any]) -> None:
    kg = graph.load(generated_file)
    lazy = kg.to_networkx(**options)
    assert "statements" not in kg.__dict__ or "as_of" in options  # the light read
    assert lazy.number_of_edges() > 100
    assert_same(lazy, eager(graph.load(generated_file), **options))


def test_the_projection_after_the_statements_are_read_is_the_same(fresh: graph.KnowledgeGraph,
                                                                  kg: graph.KnowledgeGraph) -> None:
    assert len(fresh.statements) == len(kg.statements)  # now read: the outlines come from them
    assert_same(fresh.to_networkx(), eager(kg))


def test_a_statement_with_two_values_is_read_as_the_statements_read_it(tmp_path: Path) -> None:
    """Which of two quotes counts is the store's first: the light read cannot tell, so it
    leaves it to ``kg.statements``."""
    extra = tmp_path / "second-quote.ttl"
    extra.write_text(f'<{EXILE}> <https://w3id.org/stalin-kg/vocab#quote> "zweites Zitat" .\n',
                     encoding="utf-8")
    files = [*bundled_graph_files(), extra]
    kg = graph.load(files)
    assert kg._light_outlines() is None
    assert_same(kg.to_networkx(), eager(graph.load(files)))


# ---------------------------------------------------------------- read on demand
def test_the_common_read_leaves_the_evidence_unread(fresh: graph.KnowledgeGraph) -> None:
    g = fresh.to_networkx()
    seen = {k: (d["relation"], d["sentence"], d["basis"], d["quote"])
            for _, _, k, d in g.edges(keys=True, data=True)}
    assert "statements" not in fresh.__dict__ and "entities" not in fresh.__dict__
    assert not any(d.filled for *_, d in g.edges(keys=True, data=True))
    assert seen == {st.iri: (st.relation_name, st.sentence, st.basis, st.quote)
                    for st in fresh.statements if st.iri in seen}


def test_the_first_read_of_an_unheld_attribute_fills_every_edge(fresh: graph.KnowledgeGraph) -> None:
    g = fresh.to_networkx()
    first, *rest = (d for _, _, d in g.edges(data=True))
    assert not first.filled and first["dated"] in (True, False)
    assert all(d.filled for d in rest)
    assert not any(d.filled for _, d in g.nodes(data=True))  # the nodes wait for their own read
    assert g.nodes[STALIN]["label"] == "Joseph Stalin"
    assert all(d.filled for _, d in g.nodes(data=True))


def test_a_key_no_attribute_has_is_answered_without_reading(fresh: graph.KnowledgeGraph) -> None:
    g = fresh.to_networkx()
    d = g.edges[next(iter(g.edges(keys=True)))]
    assert "weight" not in d and d.get("weight", 1) == 1 and not d.filled
    with pytest.raises(KeyError):
        d["weight"]
    assert nx.shortest_path_length(g, source=STALIN, weight="weight") and not d.filled
    assert "dateOfDeath" in g.nodes[STALIN]


def test_what_is_set_or_deleted_before_the_fill_stays(fresh: graph.KnowledgeGraph) -> None:
    g = fresh.to_networkx()
    d = g.edges[STALIN, KAMENEV, EXILE]
    d["quote"], d["weight"] = "mine", 2
    assert not d.filled
    other = g.edges[next(k for k in g.edges(keys=True) if k[2] != EXILE)]
    del other["statement"]  # a deletion fills first, so the key stays deleted
    assert d.filled and other.filled
    assert d["quote"] == "mine" and d["weight"] == 2 and list(d)[-1] == "weight"
    assert d["sentence"] == 8 and d["dated"] is False
    assert "statement" not in other and "dated" in other
    cleared = g.nodes[STALIN]
    cleared.clear()
    assert g.nodes[KAMENEV]["label"] == "Kamenev" and dict(cleared) == {}


def test_the_dicts_behave_as_dicts(fresh: graph.KnowledgeGraph, kg: graph.KnowledgeGraph) -> None:
    g = fresh.to_networkx(relations=["exiledWith"])
    ((*_, d),) = g.edges(keys=True, data=True)
    full = eager(kg, relations=["exiledWith"]).edges[next(iter(g.edges(keys=True)))]
    assert isinstance(d, dict) and isinstance(d, LazyAttributes)
    assert d == full and full == d and (d != full) is False
    assert {**d} == full and dict(d) == full and d.copy() == full and len(d) == len(full)
    assert json.loads(json.dumps(d)) == json.loads(json.dumps(full))
    assert d | {"x": 1} == {**full, "x": 1} and {"x": 1} | d == {"x": 1, **full}
    assert type(copy.copy(d)) is dict and type(copy.deepcopy(d)) is dict
    assert repr(d) == repr(full) and sorted(d) == sorted(full)
    assert type(pickle.loads(pickle.dumps(d))) is dict


# ---------------------------------------------------------------- networkx's own ways
def test_copy_subgraph_freeze_and_pickle_see_every_attribute(kg: graph.KnowledgeGraph) -> None:
    full = eager(kg)
    for made in (
        lambda g: g.copy(),
        lambda g: nx.freeze(g),
        lambda g: pickle.loads(pickle.dumps(g)),
        lambda g: copy.deepcopy(g),
        lambda g: nx.MultiDiGraph(g),
    ):
        assert_same(made(graph.load().to_networkx()), made(eager(kg)))
    part = list(full)[:30]
    assert_same(graph.load().to_networkx().subgraph(part).copy(), full.subgraph(part).copy())
    assert_same(graph.load().to_networkx().subgraph(part), full.subgraph(part))
    copied = graph.load().to_networkx().copy()
    assert all(type(d) is dict for *_, d in copied.edges(keys=True, data=True))
    assert all(type(d) is dict for _, d in copied.nodes(data=True))
    undirected = graph.load().to_networkx().to_undirected()
    assert undirected.number_of_edges() == full.to_undirected().number_of_edges()
    assert all(type(d) is dict and "sentence" in d for *_, d in undirected.edges(data=True, keys=True))


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "cytoscape"])
@pytest.mark.parametrize("options", [{}, {"as_of": 1950, "types": ["Person", "Position"]},
                                     {"basis": ["reported"], "lang": "de"}],
                         ids=lambda o: json.dumps(o) if o else "all")
def test_exports_are_unchanged(fmt: str, options: dict[str, Any], tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    lazy = export(graph.load(), tmp_path / f"lazy.{fmt}", fmt, **options).read_bytes()
    monkeypatch.setattr(project, "to_networkx", eager)
    full = export(graph.load(), tmp_path / f"full.{fmt}", fmt, **options).read_bytes()
    assert lazy == full


def test_nx_writers_of_the_projection_itself(tmp_path: Path, kg: graph.KnowledgeGraph) -> None:
    """``nx.write_graphml`` straight from a (flattened) lazy graph: the attributes are all there."""
    def flat(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
        g.graph.clear()  # the sentences by number and None for as_of: GraphML holds neither
        for _, d in g.nodes(data=True):
            d["aliases"] = "; ".join(d["aliases"])
        return g

    nx.write_graphml(flat(graph.load().to_networkx(basis=["stated"])), tmp_path / "lazy.graphml")
    nx.write_graphml(flat(eager(kg, basis=["stated"])), tmp_path / "full.graphml")
    assert (tmp_path / "lazy.graphml").read_bytes() == (tmp_path / "full.graphml").read_bytes()


# ---------------------------------------------------------------- what a dict may hold
def test_every_attribute_is_a_key_the_dicts_know(generated_file: Path, kg: graph.KnowledgeGraph) -> None:
    """A key outside these sets is answered "absent" without reading: they must hold every key
    an attribute dict can get."""
    for known in (kg, graph.load(generated_file)):
        relation_names = {r.name for r in known.relation_catalogue.values()}
        for st in known.statements:
            assert set(edge_attributes(known, st)) | {"dated"} <= set(EDGE_KEYS)
        for e in known.entities.values():
            assert set(node_attributes(e)) <= set(NODE_KEYS) | relation_names
            assert e.kind in KINDS.values()
