"""Network analysis of the graph: who is central, which groups hang together, who is near whom.

Plain functions that take the knowledge graph first. They work on two cached views of the
networkx projection (:func:`graph.project.to_networkx`, every entity a node): the
``MultiDiGraph`` itself (:func:`projection`) and its *undirected simple view*
(:func:`undirected`), one edge per pair of linked entities carrying the statements between
them. Both are built once per graph and shared, frozen, by every call (and by
:func:`graph.explain.explain`).

>>> import graph
>>> kg = graph.load()
>>> [kg.curie(iri) for iri, _ in degree_centrality(kg, types=["Person"], top=3)]
['person:Stalin', ...]
>>> sorted(kg.curie(n) for n in ego_network(kg, "Jakow"))
['person:Jakow', 'person:Stalin', 'state:NSDeutschland']
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx

from .model import KINDS, Statement
from .project import _check_names

if TYPE_CHECKING:
    from .kg import KnowledgeGraph

__all__ = [
    "SAMPLE_ABOVE",
    "SAMPLE_BUDGET",
    "SAMPLE_PIVOTS",
    "betweenness_centrality",
    "communities",
    "degree_centrality",
    "ego_network",
    "projection",
    "sample_size",
    "undirected",
]

#: Graphs with more nodes than this get sampled betweenness unless ``k`` is given.
SAMPLE_ABOVE = 2_000
#: The work sampled betweenness may do, in node and edge visits (``k * (nodes + edges)``).
SAMPLE_BUDGET = 3_000_000
#: The fewest and the most pivots sampled betweenness uses by default.
SAMPLE_PIVOTS = (8, 256)

Ranking = list[tuple[str, float]]


@dataclass
class _Views:
    statements: list[Statement]
    projections: dict[str, nx.MultiDiGraph] = field(default_factory=dict)
    simple: nx.Graph | None = None


_CACHE: weakref.WeakKeyDictionary[KnowledgeGraph, _Views] = weakref.WeakKeyDictionary()


def _views(kg: KnowledgeGraph) -> _Views:
    views = _CACHE.get(kg)
    if views is None or views.statements is not kg.statements:
        views = _CACHE[kg] = _Views(kg.statements)
    return views


def projection(kg: KnowledgeGraph, lang: str = "en") -> nx.MultiDiGraph:
    """The unfiltered projection ``kg.to_networkx(lang=lang)``, built once and frozen.

    Copy it (``G.copy()``) before changing it.

    >>> import graph
    >>> kg = graph.load()
    >>> projection(kg) is projection(kg), nx.is_frozen(projection(kg))
    (True, True)
    """
    views = _views(kg)
    if lang not in views.projections:
        views.projections[lang] = nx.freeze(kg.to_networkx(lang=lang))
    return views.projections[lang]


def undirected(kg: KnowledgeGraph) -> nx.Graph:
    """The undirected simple view of :func:`projection`, built once and frozen.

    One node per entity (with the projection's attributes), one edge per linked pair; the edge
    holds ``statements`` (the :class:`~graph.model.Statement` objects between the pair, either
    direction, in text order) and ``weight`` (their number).

    >>> import graph
    >>> kg = graph.load()
    >>> edge = undirected(kg)["https://w3id.org/stalin-kg/person/Stalin"][
    ...     "https://w3id.org/stalin-kg/person/Sytin"]
    >>> [(s.relation_name, s.sentence) for s in edge["statements"]], edge["weight"]
    ([('clashedWith', 5), ('opposed', 7)], 2)
    """
    views = _views(kg)
    if views.simple is None:
        multi = projection(kg)
        by_iri = {st.iri: st for st in views.statements}
        simple = nx.Graph()
        simple.add_nodes_from(multi.nodes(data=True))
        order = {st.iri: i for i, st in enumerate(views.statements)}
        pairs: dict[tuple[str, str], list[str]] = {}
        for a, b, key in multi.edges(keys=True):
            pairs.setdefault((a, b) if a <= b else (b, a), []).append(key)
        for (a, b), keys in pairs.items():
            found = tuple(by_iri[key] for key in sorted(keys, key=order.__getitem__))
            simple.add_edge(a, b, statements=found, weight=len(found))
        views.simple = nx.freeze(simple)
    return views.simple


def _kinds(types: Iterable[str] | None) -> set[str] | None:
    """The entity kinds asked for (None: all); raises ``LookupFailed`` for an unknown one."""
    return _check_names(types, KINDS.values(), "entity type")


def _ranked(
    kg: KnowledgeGraph, scores: dict[str, float], kinds: set[str] | None, top: int | None
) -> Ranking:
    entities = kg.entities
    kept = [
        (iri, score) for iri, score in scores.items()
        if kinds is None or (iri in entities and entities[iri].kind in kinds)
    ]
    kept.sort(key=lambda pair: (-pair[1], pair[0]))
    return kept if top is None else kept[:top]


def degree_centrality(
    kg: KnowledgeGraph, *, types: Iterable[str] | None = None, top: int | None = None
) -> Ranking:
    """Entities ranked by degree centrality: the share of other entities each is linked to.

    Parameters
    ----------
    kg
        The knowledge graph.
    types
        Rank only entities of these kinds (``Person``, ``Organisation`` ...). Scores are
        computed over the whole graph either way.
    top
        Return only the first ``top`` entries.

    Returns
    -------
    list of (iri, score)
        Highest score first, ties by IRI. Counts distinct neighbours, not statements
        (undirected simple view), so scores lie in [0, 1].

    Raises
    ------
    LookupFailed
        For an unknown entity type.

    Examples
    --------
    >>> import graph
    >>> kg = graph.load()
    >>> iri, score = degree_centrality(kg, types=["Person"], top=1)[0]
    >>> kg.label(iri), 0 < score <= 1
    ('Joseph Stalin', True)
    """
    kinds = _kinds(types)
    return _ranked(kg, nx.degree_centrality(undirected(kg)), kinds, top)


def betweenness_centrality(
    kg: KnowledgeGraph,
    *,
    types: Iterable[str] | None = None,
    top: int | None = None,
    k: int | None = None,
    seed: int = 0,
) -> Ranking:
    """Entities ranked by betweenness centrality: how often each lies on shortest paths.

    Parameters
    ----------
    kg
        The knowledge graph.
    types
        Rank only entities of these kinds; scores are computed over the whole graph.
    top
        Return only the first ``top`` entries.
    k
        Estimate from ``k`` sampled source nodes (pivots) instead of all of them. By default
        (``k=None``) the result is exact for graphs up to :data:`SAMPLE_ABOVE` (2,000) nodes;
        above that, ``k`` is :func:`sample_size`: as many pivots as fit in
        :data:`SAMPLE_BUDGET` node and edge visits, between 8 and 256. That keeps a
        100,000-node graph to some ten seconds (10 pivots) at the price of a rough estimate,
        good enough to find the hubs; pass a larger ``k`` for a finer one (each pivot costs
        roughly a second per 300,000 nodes and edges). Estimates are scaled to the exact range.
    seed
        The random seed of the sampling, so that sampled results are reproducible.

    Returns
    -------
    list of (iri, score)
        Normalised scores (undirected simple view, unweighted), highest first, ties by IRI.

    Examples
    --------
    >>> import graph
    >>> kg = graph.load()
    >>> [kg.label(iri) for iri, _ in betweenness_centrality(kg, types=["Person"], top=1)]
    ['Joseph Stalin']
    """
    kinds = _kinds(types)
    view = undirected(kg)
    n = view.number_of_nodes()
    if k is None:
        k = sample_size(n, view.number_of_edges())
    if k is not None:
        k = min(k, n)
    scores = nx.betweenness_centrality(view, k=k, seed=seed if k is not None else None)
    return _ranked(kg, scores, kinds, top)


def sample_size(nodes: int, edges: int) -> int | None:
    """The number of pivots sampled betweenness uses by default; None means exact.

    >>> sample_size(86, 120) is None
    True
    >>> sample_size(100_000, 200_000), sample_size(2_001, 4_000), sample_size(10**7, 10**7)
    (10, 256, 8)
    """
    if nodes <= SAMPLE_ABOVE:
        return None
    low, high = SAMPLE_PIVOTS
    return max(low, min(high, SAMPLE_BUDGET // max(nodes + edges, 1)))


def communities(kg: KnowledgeGraph, *, seed: int = 0) -> list[set[str]]:
    """Groups of densely linked entities (Louvain, on the undirected simple view).

    Pairs linked by several statements weigh more (``weight`` = number of statements). The
    result is deterministic for a given ``seed``; every entity is in exactly one community
    (an entity without edges is a community of its own). networkx's Louvain is pure Python:
    instant on the bundled graph, minutes on a 100,000-node one.

    Returns
    -------
    list of set of str
        Entity IRIs per community, largest first, ties by smallest IRI.

    Examples
    --------
    >>> import graph
    >>> kg = graph.load()
    >>> groups = communities(kg)
    >>> sum(len(g) for g in groups) == len(kg.entities)
    True
    >>> any({"https://w3id.org/stalin-kg/person/Kamenew",
    ...      "https://w3id.org/stalin-kg/person/Sinowjew"} <= g for g in groups)
    True
    """
    found = nx.community.louvain_communities(undirected(kg), weight="weight", seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def ego_network(kg: KnowledgeGraph, name: str, radius: int = 1) -> nx.MultiDiGraph:
    """The entities within ``radius`` hops of an entity (either direction) and every statement
    among them, as a new ``MultiDiGraph`` with the projection's attributes.

    ``name`` is resolved by :meth:`~graph.kg.KnowledgeGraph.find` (raises ``LookupFailed``).

    Examples
    --------
    >>> import graph
    >>> kg = graph.load()
    >>> g = ego_network(kg, "Jakow", radius=2)
    >>> "https://w3id.org/stalin-kg/person/Paulus" in g
    True
    """
    centre = str(kg.find(name))
    near = nx.single_source_shortest_path_length(undirected(kg), centre, cutoff=radius)
    ego: nx.MultiDiGraph = projection(kg).subgraph(near).copy()
    for _, attrs in ego.nodes(data=True):
        attrs["aliases"] = list(attrs["aliases"])  # not shared with the cached projection
    ego.graph["centre"] = centre
    ego.graph["radius"] = radius
    cited = {d["sentence"] for _, _, d in ego.edges(data=True)}
    ego.graph["sentences"] = {n: t for n, t in ego.graph["sentences"].items() if n in cited}
    return ego
