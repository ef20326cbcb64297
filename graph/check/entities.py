"""Rule ``entity-declared``: every entity that an edge or a statement uses is declared.

An entity is used as the subject or object of a direct ``rel:`` edge, as the ``rdf:subject``
or ``rdf:object`` of a statement, or as the one a reported statement is
``prov:wasAttributedTo``; it must be typed with an entity class (``kg:Person`` ...).

>>> triples = Triples.from_turtle("person:Stalin rel:exiledWith person:Kamenew . "
...                               "person:Stalin a kg:Person .")
>>> [(short_name(f.node), f.message) for f in entity_declared(triples)]
[('person:Kamenew', 'is never declared: add person:Kamenew a kg:Person ; rdfs:label "..."@de, "..."@en .')]
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import URIRef

from graph.check.report import Finding, short_name
from graph.check.triples import IS_ENTITY, Triples, iri_values
from graph.messages import message
from graph.namespaces import ENTITY_NAMESPACES, KG, RDF

__all__ = ["ENTITY_CLASSES", "entity_declared"]

#: The classes whose instances are entities (``kg:Person`` ...).
ENTITY_CLASSES: dict[str, URIRef] = {name: KG[name.capitalize()] for name in ENTITY_NAMESPACES}


def entity_declared(triples: Triples) -> Iterator[Finding]:
    """The entities in use that are not typed with an entity class."""
    rel = iri_values(triples.rel_predicates)
    # the nodes in use, each once, before the filters (a million uses, some 25,000 nodes)
    query = f"""SELECT ?n WHERE {{
        {{ SELECT DISTINCT ?n WHERE {{
            {{ VALUES ?p {{ {rel} }} ?n ?p ?o }}
            UNION {{ VALUES ?p {{ {rel} }} ?s ?p ?n }}
            UNION {{ ?st rdf:subject|rdf:object ?n }}
            UNION {{ ?st prov:wasAttributedTo ?n }} }} }}
        FILTER(isIRI(?n) && ({IS_ENTITY}))
        FILTER NOT EXISTS {{ VALUES ?class {{ {iri_values(ENTITY_CLASSES.values())} }}
                             ?n a ?class }}
    }}"""
    for (node,) in triples.rows(query):
        assert node is not None
        types = set(triples.objects(node, RDF.type))
        kind = next(k for k, ns in ENTITY_NAMESPACES.items() if str(node).startswith(ns))
        declare = message("check.declare", node=short_name(node),
                          cls=short_name(ENTITY_CLASSES[kind]))
        found = ", ".join(sorted(short_name(t) for t in types))
        what = message("check.typedNotEntity", types=found) if types else message("check.undeclared")
        yield Finding(node, f"{what}: {declare}", ((node,),))
