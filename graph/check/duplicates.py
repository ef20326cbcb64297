"""Rule ``no-duplicate-statements``: no two statements repeat the same edge (either
direction for a symmetric relation) with the same dates and sentence.

>>> triples = Triples.from_turtle('''
...     stmt:a rdf:subject person:Stalin ; rdf:predicate rel:helped ; rdf:object person:Kamenew .
...     stmt:b rdf:subject person:Stalin ; rdf:predicate rel:helped ; rdf:object person:Kamenew .''')
>>> [short_name(f.node) for f in no_duplicate_statements(triples)]
['stmt:b']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rdflib.term import Node

from graph.check.report import Finding, short_name
from graph.check.triples import DATES, Triples
from graph.messages import message
from graph.namespaces import PROV

__all__ = ["no_duplicate_statements"]


def no_duplicate_statements(triples: Triples) -> Iterator[Finding]:
    """Every statement but the first (by IRI) of a group with the same edge, dates and
    sentence."""
    query = """SELECT ?a ?p ?b WHERE {
        ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        OPTIONAL { ?p a ?symmetric FILTER(?symmetric = owl:SymmetricProperty) }
        BIND(BOUND(?symmetric) && STR(?o) < STR(?s) AS ?swap)
        BIND(IF(?swap, ?o, ?s) AS ?a)
        BIND(IF(?swap, ?s, ?o) AS ?b)
    } GROUP BY ?a ?p ?b HAVING (COUNT(?st) > 1)"""  # edges stated more than once
    suspects: set[Node] = set()
    for a, p, b in triples.rows(query):
        assert a is not None and p is not None and b is not None
        suspects.update(triples.stating(a, p, b), triples.stating(b, p, a))
    groups: dict[tuple[object, ...], list[Node]] = defaultdict(list)
    for st in sorted(suspects, key=str):
        spo = triples.spo(st)
        if spo is None:
            continue
        s, p, o = spo
        ends = frozenset((s, o)) if p in triples.symmetric else (s, o)
        dates = tuple(frozenset(triples.objects(st, d)) for d in DATES)
        source = frozenset(triples.objects(st, PROV.wasDerivedFrom))
        groups[(ends, p, dates, source)].append(st)
    for group in groups.values():
        first, *others = sorted(group, key=str)
        for st in others:
            yield Finding(st, message("check.duplicate", first=short_name(first)), ((st,),))
