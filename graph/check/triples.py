"""The checked triples: a pyoxigraph store, and the lookups that the rules share.

Rules ask SPARQL for the suspects only (a few rows even for a million triples) and judge each
suspect with the triple-pattern lookups here.

>>> from graph.namespaces import PERSON, REL
>>> triples = Triples.from_turtle("person:Stalin rel:exiledWith person:Kamenew .")
>>> [str(p) for p in triples.rel_predicates]
['https://w3id.org/stalin-kg/vocab/rel#exiledWith']
>>> triples.objects(PERSON.Stalin, REL.exiledWith) == [PERSON.Kamenew]
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any

import pyoxigraph as ox
from rdflib import Literal
from rdflib.term import Node

from graph.namespaces import ENTITY_NAMESPACES, KG, OWL, PREFIXES, RDF, REL, sparql_prologue
from graph.sparql import from_oxigraph, to_oxigraph

__all__ = ["DATES", "IS_ENTITY", "IS_REL", "Triples", "iri_values"]

_ANY_GRAPH = None  # named graphs (TriG, N-Quads) are checked too

#: The date properties of a statement.
DATES = (KG.start, KG.end, KG.pointInTime)

#: A SPARQL filter: ``?p`` is a relation of the vocabulary (``rel:``).
IS_REL = f'STRSTARTS(STR(?p), "{REL}")'
#: A SPARQL filter: ``?n`` is in one of the entity namespaces.
IS_ENTITY = " || ".join(f'STRSTARTS(STR(?n), "{ns}")' for ns in ENTITY_NAMESPACES.values())


def iri_values(nodes: Iterable[Node]) -> str:
    """IRIs for a SPARQL ``VALUES`` block.

    >>> iri_values([REL.friendOf])
    '<https://w3id.org/stalin-kg/vocab/rel#friendOf>'
    """
    return " ".join(f"<{n}>" for n in nodes)


class Triples:
    """The store being checked (given files and background together)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    @classmethod
    def from_turtle(cls, text: str) -> Triples:
        """The triples of Turtle ``text``, in which the project's prefixes need no ``@prefix``
        (for examples and tests)."""
        store = ox.Store()
        prologue = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
        store.load((prologue + text).encode("utf-8"), format=ox.RdfFormat.TURTLE)
        return cls(store)

    def rows(self, query: str) -> Iterator[tuple[Node | None, ...]]:
        """The rows of a SELECT (project prefixes declared), as rdflib terms."""
        solutions: Any = self.store.query(sparql_prologue() + query, use_default_graph_as_union=True)
        width = len(solutions.variables)
        for solution in solutions:
            yield tuple(from_oxigraph(solution[i]) for i in range(width))

    def nodes_of(self, both: Iterable[Node] = (), objects: Iterable[Node] = ()) -> set[Any]:
        """The nodes at either end of a triple whose predicate is in ``both``, and the objects
        of those whose predicate is in ``objects``, each once, as pyoxigraph terms (a million
        triples' ends are gathered faster by triple pattern than by a SPARQL ``DISTINCT``).

        >>> triples = Triples.from_turtle("person:A rel:friendOf person:B . stmt:x rdf:subject person:C .")
        >>> sorted(n.value for n in triples.nodes_of([REL.friendOf], [RDF.subject]))[-1]
        'https://w3id.org/stalin-kg/person/C'
        """
        found: set[Any] = set()
        for p in both:
            for quad in self.store.quads_for_pattern(None, to_oxigraph(p), None, _ANY_GRAPH):
                found.add(quad.subject)
                found.add(quad.object)
        for p in objects:
            found.update(quad.object for quad in
                         self.store.quads_for_pattern(None, to_oxigraph(p), None, _ANY_GRAPH))
        return found

    def instances_of(self, classes: Iterable[Node]) -> set[Any]:
        """The nodes typed with one of ``classes`` (``rdf:type``), as pyoxigraph terms."""
        rdf_type = to_oxigraph(RDF.type)
        return {quad.subject for cls in classes
                for quad in self.store.quads_for_pattern(None, rdf_type, to_oxigraph(cls), _ANY_GRAPH)}

    def objects(self, s: Node, p: Node) -> list[Node]:
        """The objects of ``s p ?o`` (none for a literal subject)."""
        if isinstance(s, Literal):
            return []
        quads = self.store.quads_for_pattern(to_oxigraph(s), to_oxigraph(p), None, _ANY_GRAPH)
        return [from_oxigraph(o) for o in dict.fromkeys(q.object for q in quads)]  # type: ignore[misc]

    def value(self, s: Node, p: Node) -> Node | None:
        """One object of ``s p ?o``, or None (as ``rdflib.Graph.value``)."""
        found = self.objects(s, p)
        return found[0] if found else None

    def subjects(self, p: Node, o: Node) -> list[Node]:
        """The subjects of ``?s p o``."""
        quads = self.store.quads_for_pattern(None, to_oxigraph(p), to_oxigraph(o), _ANY_GRAPH)
        return [from_oxigraph(s) for s in dict.fromkeys(q.subject for q in quads)]  # type: ignore[misc]

    def edges(self, p: Node) -> list[tuple[Node, Node, Node]]:
        """Every triple ``?s p ?o``."""
        quads = self.store.quads_for_pattern(None, to_oxigraph(p), None, _ANY_GRAPH)
        pairs = dict.fromkeys((q.subject, q.object) for q in quads)
        return [(from_oxigraph(s), p, from_oxigraph(o)) for s, o in pairs]  # type: ignore[misc]

    @cached_property
    def rel_predicates(self) -> list[Node]:
        """The ``rel:`` predicates used by direct edges."""
        query = f"SELECT DISTINCT ?p WHERE {{ ?s ?p ?o FILTER({IS_REL}) }}"
        return [row[0] for row in self.rows(query) if row[0] is not None]

    @cached_property
    def symmetric(self) -> set[Node]:
        """The relations typed ``owl:SymmetricProperty``."""
        return set(self.subjects(RDF.type, OWL.SymmetricProperty))

    def is_statement(self, st: Node) -> bool:
        """Whether ``st`` is typed rdf:Statement or has an rdf:subject, rdf:predicate or
        rdf:object."""
        if RDF.Statement in self.objects(st, RDF.type):
            return True
        return any(self.objects(st, p) for p in (RDF.subject, RDF.predicate, RDF.object))

    def spo(self, st: Node) -> tuple[Node, Node, Node] | None:
        """The edge a statement states (one of each), or None if a part is missing."""
        parts = tuple(self.value(st, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        return None if None in parts else parts  # type: ignore[return-value]

    def stating(self, s: Node, p: Node, o: Node) -> list[Node]:
        """The statement nodes with rdf:subject ``s``, rdf:predicate ``p`` and rdf:object ``o``."""
        if isinstance(s, Literal):
            return []
        return [
            st for st in self.subjects(RDF.subject, s)
            if st is not None and p in self.objects(st, RDF.predicate)
            and o in self.objects(st, RDF.object)
        ]
