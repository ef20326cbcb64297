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

import pyoxigraph as ox
from rdflib import URIRef

from graph.check.report import Finding, short_name
from graph.check.triples import Triples
from graph.messages import message
from graph.namespaces import ENTITY_NAMESPACES, KG, PROV, RDF

__all__ = ["ENTITY_CLASSES", "entity_declared"]

#: The classes whose instances are entities (``kg:Person`` ...).
ENTITY_CLASSES: dict[str, URIRef] = {name: KG[name.capitalize()] for name in ENTITY_NAMESPACES}


def entity_declared(triples: Triples) -> Iterator[Finding]:
    """The entities in use that are not typed with an entity class (in the order of their
    IRIs)."""
    # the nodes in use, each once (a million uses, some 25,000 nodes), by triple pattern
    used = triples.nodes_of(triples.rel_predicates, (RDF.subject, RDF.object, PROV.wasAttributedTo))
    typed = triples.instances_of(ENTITY_CLASSES.values())
    prefixes = tuple(str(ns) for ns in ENTITY_NAMESPACES.values())
    undeclared = sorted(n.value for n in used - typed
                        if isinstance(n, ox.NamedNode) and n.value.startswith(prefixes))
    for iri in undeclared:
        node = URIRef(iri)
        types = set(triples.objects(node, RDF.type))
        kind = next(k for k, ns in ENTITY_NAMESPACES.items() if str(node).startswith(ns))
        declare = message("check.declare", node=short_name(node),
                          cls=short_name(ENTITY_CLASSES[kind]))
        found = ", ".join(sorted(short_name(t) for t in types))
        what = message("check.typedNotEntity", types=found) if types else message("check.undeclared")
        yield Finding(node, f"{what}: {declare}", ((node,),))
