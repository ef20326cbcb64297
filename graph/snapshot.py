"""One snapshot of what a page of the graph shows: read once, then only transformed.

:func:`snapshot` reads everything the viewer needs from a knowledge graph in one go (the
statements the filters keep, as :func:`graph.project.to_networkx` keeps them; the dated facts
of their entities; the entities, relations, sentences and sources; the vocabulary's labels of
the entity kinds and bases; and the node metrics of :func:`graph.analysis.node_metrics` over
the filtered graph) and returns it as a frozen :class:`Snapshot` of plain records. The viewer
(:func:`viz.data.page_data`) turns it into page data without going back to the graph.

>>> import graph
>>> snap = snapshot(graph.load(), relations=["exiledWith"])
>>> [(st.relation_name, st.sentence) for st in snap.edges], snap.nodes
([('exiledWith', 8)], ('https://w3id.org/stalin-kg/person/Stalin', 'https://w3id.org/stalin-kg/person/Kamenew'))
>>> snap.metrics["https://w3id.org/stalin-kg/person/Stalin"].degree, snap.pivots
(1, None)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from .analysis import NodeMetrics, node_metrics, sample_size
from .criticism import Criticism
from .model import KINDS, Entity, Relation, Sentence, Statement
from .project import to_networkx
from .release import WORKING_COPY, citation_templates, version_of

if TYPE_CHECKING:
    import networkx as nx

    from .access import GraphAccess

__all__ = ["Labels", "Snapshot", "Source", "pivots", "snapshot"]

#: A vocabulary term's German and English ``rdfs:label`` and its ``rdfs:comment`` (empty
#: strings where missing).
Labels = tuple[str, str, str]


@dataclass(frozen=True)
class Source:
    """A source document (``kg:Source``): its IRI, labels (either standing in for the other, the
    IRI for both), ``schema:url`` and ``dcterms:license`` as the graph writes them (None where
    missing; unchecked: whoever links them checks them)."""

    iri: str
    label_de: str
    label_en: str
    url: str | None
    licence: str | None


@dataclass(frozen=True)
class Snapshot:
    """What a page of the graph shows, read at once (:func:`snapshot`)."""

    #: The entities that are nodes (those of the kept statements; every entity without a
    #: filter), in the projection's order.
    nodes: tuple[str, ...]
    #: The statements between two entities that the filters keep, in text order.
    edges: tuple[Statement, ...]
    #: The dated facts about the nodes (statements whose object is a value) of the bases asked
    #: for, in text order.
    facts: tuple[Statement, ...]
    #: (subject, relation name) of every dated fact that has a statement, kept or not.
    backed: frozenset[tuple[str, str]]
    #: Every entity, by IRI (claimants need not be nodes).
    entities: Mapping[str, Entity]
    #: Every relation of the vocabulary, by IRI.
    relations: Mapping[str, Relation]
    #: Every source sentence (:meth:`graph.access.GraphAccess.sentences`).
    sentences: tuple[Sentence, ...]
    #: Every source document, by IRI order.
    sources: tuple[Source, ...]
    #: The labels of the entity kinds (:data:`graph.model.KINDS`) and of the bases
    #: (``kg:Basis``), by IRI.
    kind_labels: Mapping[str, Labels]
    basis_labels: Mapping[str, Labels]
    #: :func:`graph.analysis.node_metrics` of every node over the kept statements.
    metrics: Mapping[str, NodeMetrics]
    #: How many pivots the betweenness estimate sampled (None: exact).
    pivots: int | None
    #: The graph's version (:func:`graph.release.version_of`: a release's, or "working copy").
    version: str = WORKING_COPY
    #: The source criticism of the kept statements (edges and facts), by sentence: the
    #: editorial layer, shown beside the claims, never one of them.
    criticisms: tuple[Criticism, ...] = ()
    #: A statement's citation by source IRI and language, its own parts left to fill in
    #: (:func:`graph.release.citation_templates`).
    citations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def snapshot(
    kg: GraphAccess,
    *,
    relations: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    as_of: int | None = None,
    basis: Iterable[str] | None = None,
    seed: int = 0,
    max_pivots: int | None = None,
) -> Snapshot:
    """Everything a page of ``kg`` shows, read once.

    Parameters
    ----------
    kg
        The knowledge graph.
    relations, types, as_of, basis
        Which statements are kept, as :func:`graph.project.to_networkx` keeps them (and the
        dated facts of the bases in ``basis``).
    seed
        The seed of the node metrics (communities, sampled betweenness).
    max_pivots
        At most this many pivots for a betweenness estimate (:func:`pivots`); None: the
        number :func:`graph.analysis.sample_size` chooses.

    Raises
    ------
    LookupFailed
        For an unknown relation or entity type.
    ValueError
        For an unknown basis.

    Examples
    --------
    >>> import graph
    >>> snap = snapshot(graph.load(), basis=["stated"])
    >>> {st.basis for st in snap.edges}, len(snap.nodes) < len(snap.entities)
    ({'stated'}, True)
    >>> snap.basis_labels["https://w3id.org/stalin-kg/vocab#Inferred"][:2]
    ('erschlossen', 'inferred')
    >>> [c.sentence for c in snap.criticisms]  # of the stated statements kept
    [6, 9, 10]
    >>> snapshot(graph.load(), relations=["exiledWith"]).criticisms
    ()
    """
    chosen = None if basis is None else [basis] if isinstance(basis, str) else list(basis)
    g = to_networkx(kg, relations=relations, types=types, as_of=as_of, basis=chosen)
    kept = {key for _, _, key in g.edges(keys=True)}
    statements = kg.statements
    edges = tuple(st for st in statements if st.iri in kept)
    facts = tuple(st for st in statements if not st.is_edge and st.subject in g
                  and (chosen is None or st.basis in chosen))
    backed = frozenset((st.subject, st.relation_name) for st in statements if not st.is_edge)
    k = pivots(g, max_pivots)
    return Snapshot(
        nodes=tuple(g.nodes),
        edges=edges,
        facts=facts,
        backed=backed,
        entities=MappingProxyType(kg.entities),  # read-only views: nothing changes the graph's
        relations=MappingProxyType(kg.relation_catalogue),
        sentences=tuple(kg.sentences()),
        sources=_sources(kg),
        kind_labels=MappingProxyType(
            _labels(kg, "VALUES ?c { " + " ".join(f"<{iri}>" for iri in KINDS) + " }")),
        basis_labels=MappingProxyType(_labels(kg, "?c a kg:Basis")),
        metrics=MappingProxyType(node_metrics(g, k=k, seed=seed) if g.number_of_nodes() else {}),
        pivots=k,
        version=(version := version_of(kg)),
        citations=MappingProxyType(citation_templates(kg, version)),
        criticisms=tuple(kg.criticisms_of([st.iri for st in (*edges, *facts)])),
    )


def pivots(g: nx.Graph, most: int | None = None) -> int | None:
    """How many pivots a betweenness estimate of ``g`` samples: None (exact) up to
    :data:`graph.analysis.SAMPLE_ABOVE` nodes, else :func:`graph.analysis.sample_size`'s
    number, at most ``most``.

    >>> import networkx as nx
    >>> pivots(nx.path_graph(10)) is None, pivots(nx.path_graph(5000), 32)
    (True, 32)
    """
    k = sample_size(g.number_of_nodes(), g.number_of_edges())
    return None if k is None else k if most is None else min(k, most)


def _labels(kg: GraphAccess, pattern: str) -> dict[str, Labels]:
    """The :data:`Labels` of the vocabulary terms ``?c`` that the SPARQL ``pattern`` binds, by
    IRI; of several, the least."""
    rows = kg.query(
        f"""SELECT ?c ?de ?en ?comment WHERE {{ {pattern}
             OPTIONAL {{ ?c rdfs:label ?de FILTER(LANGMATCHES(LANG(?de), "de")) }}
             OPTIONAL {{ ?c rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), "en")) }}
             OPTIONAL {{ ?c rdfs:comment ?comment }} }} ORDER BY ?c ?de ?en ?comment"""
    ).rows
    out: dict[str, Labels] = {}
    for c, de, en, comment in rows:
        out.setdefault(str(c), (str(de or ""), str(en or ""), str(comment or "")))
    return out


def _sources(kg: GraphAccess) -> tuple[Source, ...]:
    """Every ``kg:Source``, by IRI; of several labels, URLs or licences, the first the sorted
    rows give."""
    rows = kg.query(
        """SELECT ?s ?de ?en ?url ?licence WHERE { ?s a kg:Source .
             OPTIONAL { ?s rdfs:label ?de FILTER(LANGMATCHES(LANG(?de), "de")) }
             OPTIONAL { ?s rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), "en")) }
             OPTIONAL { ?s schema:url ?url } OPTIONAL { ?s dcterms:license ?licence } }
           ORDER BY ?s"""
    ).rows
    out: dict[str, Source] = {}
    for s, de, en, url, licence in rows:
        if str(s) not in out:
            out[str(s)] = Source(str(s), str(de or en or s), str(en or de or s),
                                 str(url) if url is not None else None,
                                 str(licence) if licence is not None else None)
    return tuple(out.values())
