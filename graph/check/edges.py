"""Rules ``edge-has-statement``, ``statement-has-edge`` and ``relation-declared``: the two
layers back each other, and every relation is in the vocabulary.

A direct edge needs a statement node, and a statement of a ``rel:`` relation its direct
edge; for an ``owl:SymmetricProperty`` relation either direction will do.

>>> triples = Triples.from_turtle("person:Stalin rel:friendOf person:Kamenew .")
>>> [f.message.split(":")[0] for f in edge_has_statement(triples)]
['direct edge person']
>>> [short_name(f.node) for f in relation_declared(triples)]
['rel:friendOf']
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.term import Node

from graph.check.report import Finding, short_name
from graph.check.triples import IS_REL, Triples, iri_values
from graph.locate import Anchor
from graph.messages import message
from graph.namespaces import OWL, RDF

__all__ = ["edge_has_statement", "relation_declared", "statement_has_edge"]

_DECLARED = iri_values((OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property,
                        OWL.SymmetricProperty))


def edge_has_statement(triples: Triples) -> Iterator[Finding]:
    """Direct edges without a statement node (in either direction for symmetric relations)."""
    query = f"""SELECT ?s ?p ?o WHERE {{
        VALUES ?p {{ {iri_values(triples.rel_predicates)} }}
        ?s ?p ?o .
        MINUS {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
        MINUS {{ ?p a owl:SymmetricProperty . ?st rdf:subject ?o ; rdf:predicate ?p ; rdf:object ?s }}
    }}"""
    for s, p, o in triples.rows(query):
        assert s is not None and p is not None and o is not None
        edge = " ".join(short_name(n) for n in (s, p, o))
        text = message("check.edgeWithoutStatement", edge=edge, s=short_name(s),
                       p=short_name(p), o=short_name(o))
        yield Finding(s, text, ((s, p, o), (s,)))


def statement_has_edge(triples: Triples) -> Iterator[Finding]:
    """Statements of a rel: edge that is not in the graph (for each edge, the first statement).

    A statement with several subjects, predicates or objects (the shapes report that) is
    only reported when none of its combinations is an edge, with the first missing one.
    """
    query = f"""SELECT ?st ?s ?p ?o WHERE {{
        ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        FILTER(isIRI(?p) && {IS_REL})
        FILTER NOT EXISTS {{ ?s ?p ?o }}
        FILTER NOT EXISTS {{ ?p a owl:SymmetricProperty . ?o ?p ?s }}
        MINUS {{
            ?st rdf:subject ?s2 ; rdf:predicate ?p2 ; rdf:object ?o2 .
            {{ ?s2 ?p2 ?o2 }} UNION {{ ?p2 a owl:SymmetricProperty . ?o2 ?p2 ?s2 }}
        }}
    }}"""
    missing: dict[Node, tuple[Node, Node, Node]] = {}
    for st, s, p, o in triples.rows(query):
        assert st is not None and s is not None and p is not None and o is not None
        if st not in missing or (str(s), str(p), str(o)) < tuple(map(str, missing[st])):
            missing[st] = (s, p, o)
    first: dict[tuple[Node, Node, Node], Node] = {}
    for st, spo in missing.items():
        if spo not in first or str(st) < str(first[spo]):
            first[spo] = st
    for (s, p, o), st in first.items():
        edge = " ".join(short_name(n) for n in (s, p, o))
        yield Finding(st, message("check.statementWithoutEdge", edge=edge), ((st,),))


def relation_declared(triples: Triples) -> Iterator[Finding]:
    """rel: predicates of edges or statements that the vocabulary does not declare (located
    at their earliest use)."""
    query = f"""SELECT DISTINCT ?p WHERE {{
        {{ VALUES ?p {{ {iri_values(triples.rel_predicates)} }} }}
        UNION {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o FILTER(isIRI(?p) && {IS_REL}) }}
        FILTER NOT EXISTS {{ VALUES ?type {{ {_DECLARED} }} ?p a ?type }}
    }}"""
    for (p,) in triples.rows(query):
        assert p is not None
        anchors: list[Anchor] = list(triples.edges(p))
        anchors += [(st,) for st in _first_statements(triples, p)]
        yield Finding(p, message("check.undeclaredRelation"), tuple(anchors), earliest=True)


def _first_statements(triples: Triples, p: Node) -> list[Node]:
    """For each edge stated with predicate ``p``, its first statement node."""
    query = f"SELECT ?st ?s ?o WHERE {{ ?st rdf:subject ?s ; rdf:predicate <{p}> ; rdf:object ?o }}"
    first: dict[tuple[Node | None, ...], Node] = {}
    for st, s, o in triples.rows(query):
        assert st is not None
        if (s, o) not in first or str(st) < str(first[s, o]):
            first[s, o] = st
    return list(first.values())
