"""Network analysis of the graph: who is central, which groups hang together, who is near whom.

Plain functions that take the knowledge graph first. They work on two cached views of the
networkx projection (:func:`graph.project.to_networkx`, every entity a node): the
``MultiDiGraph`` itself (:func:`projection`) and its *undirected simple view*
(:func:`undirected`), one edge per pair of linked entities carrying the statements between
them. Both are built once per graph and shared, frozen, by every call (and by
:func:`graph.explain.explain`). :func:`communities` and :func:`node_metrics` also take any
networkx graph (a filtered ``kg.to_networkx(...)``, say), collapsed the same way.

>>> import graph
>>> kg = graph.load()
>>> [kg.curie(iri) for iri, _ in degree_centrality(kg, types=["Person"], top=3)]
['person:Stalin', ...]
>>> sorted(kg.curie(n) for n in ego_network(kg, "Jakow"))
['person:Jakow', 'person:Stalin', 'state:NSDeutschland']
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx
import numpy as np

from .messages import message
from .model import KINDS, Statement
from .project import check_names, to_networkx

if TYPE_CHECKING:
    from .access import GraphAccess

__all__ = [
    "ENGINES",
    "NETWORKIT_ABOVE",
    "SAMPLE_ABOVE",
    "SAMPLE_BUDGET",
    "SAMPLE_PIVOTS",
    "NodeMetrics",
    "betweenness_centrality",
    "communities",
    "degree_centrality",
    "ego_network",
    "node_metrics",
    "projection",
    "sample_size",
    "undirected",
]

logger = logging.getLogger(__name__)

#: Graphs with more nodes than this get sampled betweenness unless ``k`` is given.
SAMPLE_ABOVE = 2_000
#: The work sampled betweenness may do, in node and edge visits (``k * (nodes + edges)``).
SAMPLE_BUDGET = 3_000_000
#: The fewest and the most pivots sampled betweenness uses by default.
SAMPLE_PIVOTS = (8, 256)
#: The community engines :func:`communities` accepts.
ENGINES = ("auto", "networkx", "networkit")
#: With ``engine="auto"``, graphs with more nodes than this use networkit when it is installed.
#: Below it networkx's Louvain takes less than importing networkit (about 1.3 s) saves.
NETWORKIT_ABOVE = 5_000
_NETWORKIT_INSTALL = "pip install 'stalin-kg[networkit]'"

Ranking = list[tuple[str, float]]
Engine = Literal["auto", "networkx", "networkit"]


@dataclass
class _Views:
    statements: list[Statement]
    projections: dict[str, nx.MultiDiGraph] = field(default_factory=dict)
    simple: nx.Graph | None = None


_CACHE: weakref.WeakKeyDictionary[GraphAccess, _Views] = weakref.WeakKeyDictionary()


def _views(kg: GraphAccess) -> _Views:
    views = _CACHE.get(kg)
    if views is None or views.statements is not kg.statements:
        views = _CACHE[kg] = _Views(kg.statements)
    return views


def projection(kg: GraphAccess, lang: str = "en") -> nx.MultiDiGraph:
    """The unfiltered projection ``kg.to_networkx(lang=lang)``, built once and frozen.

    Copy it (``G.copy()``) before changing it.

    >>> import graph
    >>> kg = graph.load()
    >>> projection(kg) is projection(kg), nx.is_frozen(projection(kg))
    (True, True)
    """
    views = _views(kg)
    if lang not in views.projections:
        views.projections[lang] = nx.freeze(to_networkx(kg, lang=lang))
    return views.projections[lang]


def undirected(kg: GraphAccess) -> nx.Graph:
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
    return check_names(types, KINDS.values(), "entity type")


def _ranked(
    kg: GraphAccess, scores: dict[str, float], kinds: set[str] | None, top: int | None
) -> Ranking:
    entities = kg.entities
    kept = [
        (iri, score) for iri, score in scores.items()
        if kinds is None or (iri in entities and entities[iri].kind in kinds)
    ]
    kept.sort(key=lambda pair: (-pair[1], pair[0]))
    return kept if top is None else kept[:top]


def degree_centrality(
    kg: GraphAccess, *, types: Iterable[str] | None = None, top: int | None = None
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
    kg: GraphAccess,
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
    return _ranked(kg, _betweenness(undirected(kg), k, seed), kinds, top)


def _betweenness(view: nx.Graph, k: int | None, seed: int) -> dict[str, float]:
    """Normalised betweenness over ``view``, sampled as :func:`betweenness_centrality` says."""
    n = view.number_of_nodes()
    if k is None:
        k = sample_size(n, view.number_of_edges())
    if k is not None:
        k = min(k, n)
    scores: dict[str, float] = nx.betweenness_centrality(
        view, k=k, seed=seed if k is not None else None
    )
    return scores


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


def communities(
    graph: GraphAccess | nx.Graph, *, seed: int = 0, engine: Engine = "auto"
) -> list[set[str]]:
    """Groups of densely linked entities (Louvain or Leiden, on the undirected simple view).

    Pairs linked by several statements weigh more (``weight`` = number of statements). Every
    entity is in exactly one community (an entity without edges is a community of its own).

    Parameters
    ----------
    graph
        The knowledge graph (its cached :func:`undirected` view), or a networkx graph such as
        a filtered ``kg.to_networkx(...)``: a directed or multi graph is collapsed to one
        undirected edge per linked pair weighing the number of edges between them; an
        undirected simple graph is used as it is (its ``weight`` attributes, default 1).
    seed
        The random seed; the same graph and seed give the same communities.
    engine
        ``"networkx"``: networkx's Louvain, the reference (pure Python: instant on the bundled
        graph, about 4 s at 27,000 nodes and 74,000 edges, minutes at 100,000 nodes).
        ``"networkit"``: networkit's ParallelLeiden, run on one thread so that the seed makes
        it deterministic (about 0.1 s at that size, some 0.3 s with the conversion to
        networkit; modularity within 0.01 of networkx's there). It sets networkit's global
        random seed. ``"auto"`` (the default): networkit for graphs of more than
        :data:`NETWORKIT_ABOVE` (5,000) nodes when it is installed, networkx otherwise (a
        logged note says so when networkit would have been used), so small graphs such as
        the bundled one get the reference result whatever is installed.

    Returns
    -------
    list of set of str
        Entity IRIs (node ids) per community, largest first, ties by smallest IRI.

    Raises
    ------
    ImportError
        For ``engine="networkit"`` when networkit is not installed (``pip install networkit``).
    ValueError
        For an unknown engine.

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
    >>> communities(kg.to_networkx(as_of=1937)) != groups
    True
    """
    view = _simple(graph)
    found = _partition(view, seed, _engine(view, engine))
    return sorted(found, key=lambda c: (-len(c), min(c)))


def _simple(graph: GraphAccess | nx.Graph) -> nx.Graph:
    """The undirected simple view of a knowledge graph or of any networkx graph."""
    if not isinstance(graph, nx.Graph):
        return undirected(graph)
    if not graph.is_directed() and not graph.is_multigraph():
        return graph
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    for a, b in graph.edges():
        data = simple.get_edge_data(a, b)
        if data is None:
            simple.add_edge(a, b, weight=1)
        else:
            data["weight"] += 1
    return simple


def _networkit() -> Any:
    """The networkit module; ImportError naming the install command if it is missing."""
    try:
        import networkit
    except ImportError as err:
        raise ImportError(message("analysis.needsNetworkit", install=_NETWORKIT_INSTALL)) from err
    return networkit


def _engine(view: nx.Graph, engine: str) -> str:
    """The engine ``engine`` means for ``view``: ``networkx`` or ``networkit``."""
    if engine not in ENGINES:
        raise ValueError(message("analysis.unknownEngine", engine=repr(engine),
                                 engines=", ".join(ENGINES)))
    if engine != "auto":
        return engine
    if view.number_of_nodes() <= NETWORKIT_ABOVE:
        return "networkx"
    try:
        _networkit()
    except ImportError:
        logger.info(message("analysis.louvainFallback", nodes=view.number_of_nodes(),
                            install=_NETWORKIT_INSTALL))
        return "networkx"
    return "networkit"


def _partition(view: nx.Graph, seed: int, engine: str) -> list[set[str]]:
    if engine == "networkx":
        found = nx.community.louvain_communities(view, weight="weight", seed=seed)
        return [set(c) for c in found]
    nk = _networkit()
    adj = view._adj  # the plain dicts: the public view's Mapping layers cost twice the time
    nodes = list(adj)
    index = {node: i for i, node in enumerate(nodes)}
    # networkit's integer ids are positions in ``nodes``; the edges go over as numpy arrays
    # (no Python call per edge), each once although the adjacency lists it from both ends
    degrees = np.fromiter(map(len, adj.values()), dtype=np.int64, count=len(nodes))
    total = int(degrees.sum())
    ends = np.fromiter((index[b] for nbrs in adj.values() for b in nbrs), np.uint64, total)
    weights = np.fromiter(
        (d.get("weight", 1) for nbrs in adj.values() for d in nbrs.values()), np.float64, total
    )
    starts = np.repeat(np.arange(len(nodes), dtype=np.uint64), degrees)
    once = ends >= starts  # self-loops too
    g = nk.Graph(len(nodes), weighted=True)
    g.addEdges((weights[once], (starts[once], ends[once])))
    threads = nk.getCurrentNumberOfThreads()
    nk.setNumberOfThreads(1)  # several threads make the result vary from run to run
    try:
        nk.setSeed(seed, False)
        leiden = nk.community.ParallelLeiden(g, randomize=True)
        leiden.run()
        # only one getPartition(): in networkit 11.3 a second one returns an empty partition
        membership = leiden.getPartition().getVector()
    finally:
        nk.setNumberOfThreads(threads)
    groups: dict[int, set[str]] = {}
    for node, community in zip(nodes, membership, strict=True):
        groups.setdefault(community, set()).add(node)
    return list(groups.values())


@dataclass(frozen=True, slots=True)
class NodeMetrics:
    """What :func:`node_metrics` says about one node; ``dataclasses.asdict`` makes it JSON."""

    #: Distinct neighbours (the undirected simple view), as :func:`degree_centrality` counts.
    degree: int
    #: Edges touching the node in the graph given (a self-loop twice): in a projection, its
    #: statements; what the viewer sized nodes by before.
    statements: int
    #: Normalised betweenness in [0, 1], sampled on big graphs (:func:`betweenness_centrality`).
    betweenness: float
    #: The node's community: its index in :func:`communities` (0 is the largest).
    community: int


def node_metrics(
    graph: GraphAccess | nx.Graph,
    *,
    k: int | None = None,
    seed: int = 0,
    engine: Engine = "auto",
) -> dict[str, NodeMetrics]:
    """Degree, betweenness and community of every node, for sizing and colouring a drawing.

    Parameters
    ----------
    graph
        The knowledge graph or a networkx graph (a filtered ``kg.to_networkx(...)``),
        collapsed as :func:`communities` says.
    k, seed
        Betweenness sampling, as in :func:`betweenness_centrality`: exact up to
        :data:`SAMPLE_ABOVE` (2,000) nodes, above that an estimate from :func:`sample_size`
        pivots (29 at 27,000 nodes and 74,000 edges: some 10 s on two busy cores, where
        ``k=8`` takes 3 s). ``seed`` also seeds the communities.
    engine
        The community engine, as in :func:`communities`.

    Returns
    -------
    dict of node id to NodeMetrics
        One entry per node, in the graph's node order.

    Examples
    --------
    >>> import dataclasses, graph
    >>> kg = graph.load()
    >>> metrics = node_metrics(kg)
    >>> stalin = metrics["https://w3id.org/stalin-kg/person/Stalin"]
    >>> stalin.degree == max(m.degree for m in metrics.values()), 0 < stalin.betweenness <= 1
    (True, True)
    >>> sorted(dataclasses.asdict(stalin))
    ['betweenness', 'community', 'degree', 'statements']
    >>> len(node_metrics(kg.to_networkx(as_of=1937))) < len(metrics)
    True
    """
    view = _simple(graph)
    edges = graph if isinstance(graph, nx.Graph) else projection(graph)
    betweenness = _betweenness(view, k, seed)
    community = {
        node: i for i, group in enumerate(communities(view, seed=seed, engine=engine))
        for node in group
    }
    return {
        node: NodeMetrics(
            degree=view.degree(node),
            statements=edges.degree(node),
            betweenness=betweenness[node],
            community=community[node],
        )
        for node in view
    }


def ego_network(kg: GraphAccess, name: str, radius: int = 1) -> nx.MultiDiGraph:
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
