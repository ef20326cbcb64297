"""The knowledge-graph object: load data, query it, look entities up, read their evidence.

:class:`KnowledgeGraph` is the data-access object of :mod:`graph.access` (the reads) with the
algorithms of the core as methods: each one delegates to a free function that takes the graph
first (:func:`graph.project.to_networkx`, :func:`graph.explain.explain`), as networkx's methods
do. This module sits at the top of the core: it imports the algorithms, none of them imports it.

>>> import graph
>>> kg = graph.load()
>>> g = kg.to_networkx()
>>> g.number_of_nodes(), g.number_of_edges()
(93, 145)
>>> [kg.label(n) for n in kg.explain("Sytin", "Bucharin", limit=1)[0].nodes]
['Sytin', 'Joseph Stalin', 'Kamenev', 'the three great show trials', 'Bukharin']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .access import GraphAccess, Outline
from .backends import RemoteBackend
from .explain import LIMIT, MAX_HOPS, Chain
from .paths import bundled_graph_files, sentences_file, vocab_file
from .store import load_store

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["KnowledgeGraph", "Outline", "connect", "load"]


def load(
    path: str | Path | Sequence[str | Path] | None = None,
    *more: str | Path,
    vocabulary: bool = True,
    progress: Callable[..., None] | None = None,
) -> KnowledgeGraph:
    """Load the bundled graph, or the given Turtle, TriG, N-Triples or JSON-LD file(s).

    With files of your own, the bundled vocabulary and source sentences are added too (so
    relation labels and evidence sentences resolve) unless ``vocabulary=False``.
    ``progress``: called with a status line (and a phase) as the files are read, e.g. a
    :class:`graph.progress.Progress` (``kg`` shows it on a terminal for inputs of 1 MB on).

    >>> load().stats()["statements"] > 100
    True
    """
    if path is None and not more:
        files = bundled_graph_files()
    else:
        given = [path] if isinstance(path, str | Path) else list(path or [])
        files = [Path(p) for p in [*given, *more]]
        if vocabulary:
            resolved = {f.resolve() for f in files}
            files += [f for f in (vocab_file(), sentences_file()) if f.resolve() not in resolved]
    return KnowledgeGraph(load_store(files, progress=progress), files)


def connect(endpoint: str, *, timeout: float = 60.0, graph: str | None = None) -> KnowledgeGraph:
    """A knowledge graph served by a SPARQL 1.1 endpoint (Oxigraph, Fuseki, QLever, Virtuoso ...).

    Everything the local graph offers works on it: queries, named queries, lookups, profiles,
    networkx projection, ``explain``, export and the viewer. ``graph``: query only this named
    graph of the store (sent as ``default-graph-uri``), e.g. on Virtuoso, whose default graph
    is the union of all its graphs, its system graphs included.
    """
    return KnowledgeGraph(backend=RemoteBackend(endpoint, timeout=timeout, graph=graph))


class KnowledgeGraph(GraphAccess):
    """The graph in an embedded Oxigraph store, or behind a SPARQL endpoint (:func:`connect`).

    Its reads (SPARQL, named queries, entities, statements, sentences, the relation catalogue,
    labels) are those of :class:`graph.access.GraphAccess`; the methods below are the core's
    algorithms, each the free function of its module with this graph first.

    ``kg.rdf`` is an ``rdflib.Graph`` over the same triples for users who want rdflib itself;
    ``kg.store`` is the ``pyoxigraph.Store`` behind it (None for a remote graph).
    """

    def to_networkx(
        self,
        *,
        relations: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
        as_of: int | None = None,
        lang: str = "en",
        basis: Iterable[str] | None = None,
    ) -> nx.MultiDiGraph:
        """The graph as a ``networkx.MultiDiGraph``; see :func:`graph.project.to_networkx`
        (``basis`` keeps only the statements of those bases).

        >>> g = load().to_networkx(relations=["exiledWith"])
        >>> g.number_of_edges()
        1
        """
        from .project import to_networkx  # networkx only when asked

        return to_networkx(
            self, relations=relations, types=types, as_of=as_of, lang=lang, basis=basis
        )

    def explain(
        self, a: str, b: str, max_hops: int = MAX_HOPS, limit: int = LIMIT, *,
        basis: Iterable[str] | None = None, avoid: Iterable[str] = (),
    ) -> list[Chain]:
        """The chains of relations linking two entities, shortest first, over the statements of
        ``basis`` (None: all), through none of the entities named in ``avoid``.

        See :func:`graph.explain.explain`.

        >>> [c.length for c in load().explain("Sytin", "Bucharin")][:2]
        [4, 4]
        """
        from .explain import explain

        return explain(self, a, b, max_hops=max_hops, limit=limit, basis=basis, avoid=avoid)
