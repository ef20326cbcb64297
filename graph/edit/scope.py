"""Checking only what a change can affect: every rule of ``kg check``, on the part of the graph
the changed nodes reach.

A change touches a few nodes (the statements written or removed, an entity or relation
created, the statements that point at a removed one): the *focus*. Every rule of
:data:`graph.check.RULES` judges a node by what is written about it and about the nodes it
names, so the rules run on a small store holding:

* every triple about a focus node, and the sentence, type and vocabulary triples of what it
  names;
* the direct edges the focus statements state (either direction) and every statement that
  states the same edge, each with its sentence (for duplicates and edges without statements);
* the edges a change adds or removes, and the statements stating them.

Only findings about the focus (SHACL), or about the focus and the nodes it names (the other
rules: an undeclared entity is reported on itself), are the change's. The full ``kg check``
stays the gate in CI; ``tests/test_edit.py`` holds this check to the same answers on broken
changes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal
from rdflib.term import Node

from graph.check.report import Finding
from graph.check.rules import RULES, rule_of_shape
from graph.check.shacl import Shacl, choose_engine, quiet_rdflib
from graph.check.triples import Triples
from graph.messages import message
from graph.namespaces import KG, PROV, RDF
from graph.sparql import from_oxigraph, to_oxigraph

__all__ = ["Edge", "node_of", "scoped_findings"]

#: A direct edge (subject, relation, object).
Edge = tuple[Node, Node, Node]
_POINTERS = (KG.after, KG.before, KG.because)


def scoped_findings(
    store: ox.Store, focus: Iterable[Node], edges: Iterable[Edge], shapes: Path,
) -> list[tuple[Finding, str]]:
    """The findings of every rule about ``focus`` in ``store`` (the graph as it would be after
    the change), and the name of the rule that found each; ``edges``: the direct edges the
    change adds or removes."""
    focus = set(focus)
    context, named = _context(store, focus, set(edges))
    data = Triples(context)
    keep = focus | named
    found = [(f, rule.name) for rule in RULES if rule.find for f in rule.find(data)
             if f.node in keep]
    engine = choose_engine(None)
    if engine.note:
        print(engine.note, file=sys.stderr)
    shacl = Shacl(1, shapes, engine)
    try:
        with quiet_rdflib():
            shacl.start(context, lambda *_: None)
            for f in shacl.finish():
                if f.node in focus:
                    rule = rule_of_shape(f.shape)
                    found.append((f, rule.name if rule else "shacl"))
    finally:
        shacl.close()
    return found


class _Copy:
    """Copies triples from the full store into the context, each subject's once."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.context = ox.Store()
        self.done: set[tuple[Node, Node | None]] = set()

    def quads(self, s: Node | None, p: Node | None, o: Node | None) -> list[ox.Quad]:
        if isinstance(s, Literal):
            return []
        return list(self.store.quads_for_pattern(
            None if s is None else to_oxigraph(s), None if p is None else to_oxigraph(p),
            None if o is None else to_oxigraph(o), None))

    def about(self, node: Node, p: Node | None = None) -> list[ox.Quad]:
        """Copy every triple ``node p ?o`` (any p when None); return them."""
        quads = self.quads(node, p, None)
        if (node, p) not in self.done:
            self.done.add((node, p))
            self.context.extend(quads)
        return quads

    def statement(self, st: Node) -> None:
        """Copy a statement, with its sentence's triples."""
        for q in self.about(st):
            if q.predicate.value == str(PROV.wasDerivedFrom):
                self.about(node_of(q.object))

    def stating(self, s: Node, p: Node, o: Node) -> list[Node]:
        """The statements with rdf:subject s, rdf:predicate p and rdf:object o."""
        found = []
        for q in self.quads(None, RDF.subject, s):
            st = node_of(q.subject)
            if self.quads(st, RDF.predicate, p) and self.quads(st, RDF.object, o):
                found.append(st)
        return found

    def edge(self, s: Node, p: Node, o: Node) -> None:
        """Copy the edge (either direction) and every statement stating it."""
        for a, b in ((s, o), (o, s)):
            self.context.extend(self.quads(a, p, b))
            for st in self.stating(a, p, b):
                self.statement(st)


def _context(store: ox.Store, focus: set[Node], edges: set[Edge]) -> tuple[ox.Store, set[Node]]:
    """The context store of the focus, and the nodes the focus names."""
    copy = _Copy(store)
    named: set[Node] = set()
    for node in focus:
        copy.statement(node)
        spo = [copy.quads(node, p, None) for p in (RDF.subject, RDF.predicate, RDF.object)]
        if all(spo):
            s, p, o = (node_of(q[0].object) for q in spo)
            edges.add((s, p, o))
        for q in copy.quads(node, None, None):
            if isinstance(q.object, ox.NamedNode):
                named.add(node_of(q.object))
    for s, p, o in edges:
        copy.edge(s, p, o)
        named.update((s, p) if isinstance(o, Literal) else (s, p, o))
    for node in set(named):
        copy.about(node, RDF.type)
        if copy.quads(node, RDF.type, KG.Sentence):
            copy.about(node)
        if str(node).startswith(str(KG)) or "/vocab/rel#" in str(node):
            copy.about(node)  # a relation's declaration, symmetry, labels
    for q in copy.context.quads_for_pattern(None, to_oxigraph(RDF.predicate), None, None):
        relation = node_of(q.object)
        named.add(relation)
        copy.about(relation)
    for pointer in _POINTERS:  # what the copied statements point at is typed, or not
        for q in list(copy.context.quads_for_pattern(None, to_oxigraph(pointer), None, None)):
            copy.about(node_of(q.object), RDF.type)
    return copy.context, named


def node_of(term: object) -> Node:
    """An oxigraph term as the rdflib term it is (never None for a term of a quad).

    >>> node_of(ox.NamedNode("https://w3id.org/stalin-kg/person/Stalin"))
    rdflib.term.URIRef('https://w3id.org/stalin-kg/person/Stalin')
    """
    node = from_oxigraph(term)  # type: ignore[arg-type]
    if node is None:
        raise ValueError(message("edit.notATerm", term=repr(term)))
    return node
