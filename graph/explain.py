"""How are two entities connected? The chains of relations between them, with the evidence.

A chain is a simple path in the undirected simple view of the graph
(:func:`graph.analysis.undirected`); each hop of it lists every statement between its two
entities, read in the direction of travel (the relation's label, or its inverse label when the
chain runs from the statement's object to its subject), with the sentence and the quote that
make it, and what the claim rests on when the quoted words do not make it themselves
(:func:`graph.text.basis_note`). Chains are distinct paths of entities, shortest first: two
statements between the same two entities are one hop with two links, never two chains.
``basis=["stated"]`` looks for chains over stated statements only; ``avoid=["Stalin"]`` for
chains that do not pass through those entities (a hub links almost everything).

>>> import graph
>>> kg = graph.load()
>>> chains = explain(kg, "Kamenew", "Stalin")
>>> print(chains[0].describe(kg))
Kamenev → Joseph Stalin (1 hop)
  Kamenev —was in exile together with / helped— Joseph Stalin [8: "Stalin war mit Kamenew zusammen in der Verbannung gewesen"; 10: "...mit Hilfe von Kamenew und Sinowjew" (date inferred: ...)]
>>> print(explain(kg, "Kamenew", "Stalin", basis=["stated"])[0].hops[0].describe(kg))
Kamenev —was in exile together with— Joseph Stalin [8: "Stalin war mit Kamenew zusammen in der Verbannung gewesen"]
>>> chains = explain(kg, "Sytin", "bukharin")
>>> [chain.length for chain in chains] == sorted(chain.length for chain in chains)
True
>>> len({chain.nodes for chain in chains}) == len(chains)
True
>>> stalin = str(kg.find("Stalin"))
>>> [any(stalin in c.nodes for c in explain(kg, "Kamenew", "Bucharin", avoid=hubs)) for hubs in ([], ["Stalin"])]
[True, False]
>>> explain(kg, "Sytin", "Bucharin", avoid=["Stalin"])  # Sytin is linked to Stalin only
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from .basis import check_bases
from .messages import message
from .model import Statement

if TYPE_CHECKING:
    import networkx as nx

    from .access import GraphAccess

__all__ = ["LIMIT", "MAX_HOPS", "Chain", "Hop", "Link", "SameEntity", "explain"]

#: The longest chain :func:`explain` looks for unless told (``kg explain --max-hops``).
MAX_HOPS = 4
#: How many chains :func:`explain` returns unless told (``kg explain --limit``).
LIMIT = 10


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

    def describe(self, kg: GraphAccess, lang: str = "en") -> str:
        """The relation as it reads along the chain: its label when the chain runs from the
        statement's subject, else its inverse label ("was opposed by" for "opposed")."""
        from .text import phrase  # the wording, needed only when a chain is told: not at start

        return phrase(kg, self.statement, self.forward, lang)

    def evidence(self, kg: GraphAccess | None = None, lang: str = "en") -> str:
        """``sentence: "quote"``, and, given the graph, `` (inferred: note)`` or `` (reported
        by X: note)`` for a claim the quoted words do not make themselves."""
        from .text import basis_note  # as in describe

        text = f'{self.sentence if self.sentence is not None else "?"}: "{self.quote}"'
        note = basis_note(kg, self.statement, lang, lang) if kg is not None else None
        return text if note is None else f"{text} ({note})"


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

    def describe(self, kg: GraphAccess, lang: str = "en") -> str:
        """One line: ``A —relation / inverse relation— B [sentence: "quote" (basis); ...]``.

        >>> import graph
        >>> kg = graph.load()
        >>> hop = explain(kg, "Jakow", "Stalin")[0].hops[0]
        >>> print(hop.describe(kg, lang="de"))
        Jakow —wurde der Austausch verweigert von / war Sohn von— Josef Stalin [21: "Stalin war nicht bereit, seinen Sohn Jakow..."; 21: "seinen Sohn Jakow"]
        """
        relations = " / ".join(link.describe(kg, lang) for link in self.statements)
        evidence = "; ".join(link.evidence(kg, lang) for link in self.statements)
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

    def describe(self, kg: GraphAccess, lang: str = "en") -> str:
        """A summary line of the path, then one indented line per hop (:meth:`Hop.describe`)."""
        path = " → ".join(kg.label(n, lang) for n in self.nodes)
        if self.length == 1:
            hops = message("explain.hop", lang, n=self.length)
        else:
            hops = message("explain.hops", lang, n=self.length)
        lines = [f"{path} ({hops})"]
        lines += [f"  {hop.describe(kg, lang)}" for hop in self.hops]
        return "\n".join(lines)


class SameEntity(ValueError):
    """Both ends given to :func:`explain` name one entity: there is nothing to link."""


def explain(
    kg: GraphAccess, a: str, b: str, *, max_hops: int = MAX_HOPS, limit: int = LIMIT,
    basis: Iterable[str] | None = None, avoid: Iterable[str] = (),
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
    basis
        Link entities only by statements of these bases (:data:`graph.model.BASES`;
        ``["stated"]``: only what the quoted words themselves say); None uses all.
    avoid
        Names of entities no chain may pass through (resolved like ``a`` and ``b``), such as
        a hub that links almost everything (``["Stalin"]``).

    Returns
    -------
    list of Chain
        Distinct simple paths of entities (no entity twice, no two chains through the same
        entities: every statement between two consecutive entities is a link of one hop) in
        order of length, then as ``networkx.shortest_simple_paths`` finds them; empty when
        no chain of at most ``max_hops`` links them.

    Raises
    ------
    LookupFailed
        When a name denotes no entity, or several; ``candidates`` lists the near misses.
    ValueError
        For an unknown basis, or when ``avoid`` names ``a`` or ``b``; :class:`SameEntity` (a
        ValueError) when ``a`` and ``b`` name the same entity.

    Examples
    --------
    >>> import graph
    >>> kg = graph.load()
    >>> chain = explain(kg, "Sytin", "Bucharin", limit=1)[0]
    >>> [kg.curie(n) for n in chain.nodes]
    ['person:Sytin', 'person:Stalin', ..., 'person:Bucharin']
    >>> explain(kg, "Stalin", "Josef Stalin")
    Traceback (most recent call last):
    graph.explain.SameEntity: 'Stalin' and 'Josef Stalin' are the same entity (person:Stalin); name two different entities
    >>> explain(kg, "Sytin", "Bucharin", basis=["stated"])  # his links to Stalin are inferred
    []
    """
    import networkx as nx  # imported here: the API and CLI import this module for its defaults

    from .analysis import undirected

    wanted = check_bases(basis)
    source, target = str(kg.find(a)), str(kg.find(b))
    if source == target:
        raise SameEntity(message("explain.sameEntity", a=repr(a), b=repr(b),
                                 entity=kg.curie(source)))
    avoided = {str(kg.find(name)): name for name in ([avoid] if isinstance(avoid, str) else avoid)}
    for end, name in ((source, a), (target, b)):
        if end in avoided:
            raise ValueError(message("explain.cannotAvoid", name=repr(avoided[end]), end=name))
    if max_hops < 1 or limit < 1:
        return []
    view = full = undirected(kg)
    if wanted is not None or avoided:  # only the pairs linked by a statement of those bases
        view = nx.subgraph_view(
            full, filter_node=lambda n: n not in avoided,
            filter_edge=lambda u, v: wanted is None or any(
                st.basis in wanted for st in full[u][v]["statements"]))
    symmetric = {iri for iri, rel in kg.relation_catalogue.items() if rel.symmetric}
    chains: list[Chain] = []
    try:
        for path in nx.shortest_simple_paths(view, source, target):
            if len(path) - 1 > max_hops:
                break
            chains.append(_chain(view, path, symmetric, wanted))
            if len(chains) >= limit:
                break
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
    return chains


def _chain(
    view: nx.Graph, path: list[str], symmetric: set[str], bases: frozenset[str] | None
) -> Chain:
    hops = []
    for u, v in pairwise(path):
        links = tuple(
            Link(st, st.subject == u or st.relation in symmetric)
            for st in view[u][v]["statements"] if bases is None or st.basis in bases
        )
        hops.append(Hop(u, v, links))
    return Chain(tuple(path), tuple(hops))
