"""How are two entities connected? The chains of relations between them, with the evidence.

A chain is a simple path in the undirected simple view of the graph
(:func:`graph.analysis.undirected`); each hop of it lists every statement between its two
entities, turned to read along the chain, with the sentence and the quote that make it.

>>> import graph
>>> kg = graph.load()
>>> chains = explain(kg, "Sytin", "Stalin")
>>> print(chains[0].describe(kg))
Sytin → Joseph Stalin (1 hop)
  Sytin —clashed with / opposed (reversed)— Joseph Stalin [5: "Mit Sytin geriet er jedoch bald in eine Auseinandersetzung"; 7: "Stalin wehrte sich zwar gegen dieses Vorgehen, insbesondere wegen General Sytin"]
>>> chains = explain(kg, "Sytin", "bukharin")
>>> [chain.length for chain in chains] == sorted(chain.length for chain in chains)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from .model import Statement

if TYPE_CHECKING:
    import networkx as nx

    from .kg import KnowledgeGraph

__all__ = ["LIMIT", "MAX_HOPS", "Chain", "Hop", "Link", "explain"]

#: The longest chain :func:`explain` looks for unless told (``kg explain --max-hops``).
MAX_HOPS = 4
#: How many chains :func:`explain` returns unless told (``kg explain --limit``).
LIMIT = 10

_REVERSED = {"de": "umgekehrt", "en": "reversed"}
_HOPS = {"de": ("Schritt", "Schritte"), "en": ("hop", "hops")}


@dataclass(frozen=True)
class Link:
    """One statement of a hop, with its direction relative to the chain.

    ``forward`` is True when the statement's subject is the hop's source, and always for a
    symmetric relation (``exiledWith`` reads the same both ways).
    """

    statement: Statement
    forward: bool

    @property
    def sentence(self) -> int | None:
        """The number of the sentence that makes the statement."""
        return self.statement.sentence

    @property
    def quote(self) -> str:
        """The words of the sentence that make the statement, verbatim."""
        return self.statement.quote

    def describe(self, kg: KnowledgeGraph, lang: str = "en") -> str:
        """The relation's label, marked when the statement reads against the chain."""
        label = kg.label(self.statement.relation, lang)
        return label if self.forward else f"{label} ({_REVERSED.get(lang, 'reversed')})"

    def evidence(self) -> str:
        """``sentence: "quote"``."""
        return f'{self.sentence if self.sentence is not None else "?"}: "{self.quote}"'


@dataclass(frozen=True)
class Hop:
    """One step of a chain: from ``source`` to ``target`` (entity IRIs, in chain order) and
    every statement between the two, in text order."""

    source: str
    target: str
    statements: tuple[Link, ...]

    @property
    def sentences(self) -> tuple[int, ...]:
        """The sentences the hop rests on, in order."""
        return tuple(sorted({s.sentence for s in self.statements if s.sentence is not None}))

    def describe(self, kg: KnowledgeGraph, lang: str = "en") -> str:
        """One line: ``A —relation (reversed)— B [sentence: "quote"]``.

        >>> import graph
        >>> kg = graph.load()
        >>> hop = explain(kg, "Jakow", "Stalin")[0].hops[0]
        >>> print(hop.describe(kg, lang="de"))
        Jakow —war nicht bereit auszutauschen (umgekehrt) / war Sohn von— Josef Stalin [21: "Stalin war nicht bereit, seinen Sohn Jakow"; 21: "seinen Sohn Jakow"]
        """
        relations = " / ".join(link.describe(kg, lang) for link in self.statements)
        evidence = "; ".join(link.evidence() for link in self.statements)
        return (
            f"{kg.label(self.source, lang)} —{relations}— {kg.label(self.target, lang)}"
            f" [{evidence}]"
        )


@dataclass(frozen=True)
class Chain:
    """A path between two entities: its ``nodes`` (IRIs, from the first entity to the second)
    and the ``hops`` between consecutive nodes."""

    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]

    @property
    def length(self) -> int:
        """The number of hops."""
        return len(self.hops)

    @property
    def sentences(self) -> tuple[int, ...]:
        """Every sentence the chain rests on, in order."""
        return tuple(sorted({n for hop in self.hops for n in hop.sentences}))

    def describe(self, kg: KnowledgeGraph, lang: str = "en") -> str:
        """A summary line of the path, then one indented line per hop (:meth:`Hop.describe`)."""
        one, many = _HOPS.get(lang, _HOPS["en"])
        path = " → ".join(kg.label(n, lang) for n in self.nodes)
        lines = [f"{path} ({self.length} {one if self.length == 1 else many})"]
        lines += [f"  {hop.describe(kg, lang)}" for hop in self.hops]
        return "\n".join(lines)


def explain(
    kg: KnowledgeGraph, a: str, b: str, *, max_hops: int = MAX_HOPS, limit: int = LIMIT
) -> list[Chain]:
    """The chains of relations linking two entities, shortest first.

    Parameters
    ----------
    kg
        The knowledge graph.
    a, b
        Entity names, resolved with :meth:`~graph.kg.KnowledgeGraph.find` (``"Sytin"``,
        ``"bukharin"``, ``"person:Stalin"`` or a full IRI).
    max_hops
        Longest chain to return (default :data:`MAX_HOPS`).
    limit
        Most chains to return (default :data:`LIMIT`).

    Returns
    -------
    list of Chain
        Simple paths (no entity twice) in order of length, then as
        ``networkx.shortest_simple_paths`` finds them; empty when ``a`` and ``b`` are the same
        entity or no chain of at most ``max_hops`` links them.

    Raises
    ------
    LookupFailed
        When a name denotes no entity, or several; ``candidates`` lists the near misses.

    Examples
    --------
    >>> import graph
    >>> kg = graph.load()
    >>> chain = explain(kg, "Sytin", "Bucharin", limit=1)[0]
    >>> [kg.curie(n) for n in chain.nodes]
    ['person:Sytin', 'person:Stalin', ..., 'person:Bucharin']
    >>> explain(kg, "Stalin", "Josef Stalin")
    []
    """
    import networkx as nx  # imported here: the API and CLI import this module for its defaults

    from .analysis import undirected

    source, target = str(kg.find(a)), str(kg.find(b))
    if source == target or max_hops < 1 or limit < 1:
        return []
    view = undirected(kg)
    symmetric = {iri for iri, rel in kg.relation_catalogue.items() if rel.symmetric}
    chains: list[Chain] = []
    try:
        for path in nx.shortest_simple_paths(view, source, target):
            if len(path) - 1 > max_hops:
                break
            chains.append(_chain(view, path, symmetric))
            if len(chains) >= limit:
                break
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
    return chains


def _chain(view: nx.Graph, path: list[str], symmetric: set[str]) -> Chain:
    hops = []
    for u, v in pairwise(path):
        links = tuple(
            Link(st, st.subject == u or st.relation in symmetric)
            for st in view[u][v]["statements"]
        )
        hops.append(Hop(u, v, links))
    return Chain(tuple(path), tuple(hops))
