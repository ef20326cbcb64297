"""Projecting the graph onto networkx: entities become nodes, statements become edges.

Each edge is one statement (its key is the statement IRI) and carries the evidence, so
every networkx result can be traced back to the sentence that makes it.

>>> import graph
>>> g = graph.load().to_networkx(relations=["exiledWith"])
>>> [(g.nodes[a]["label"], d["relation"], g.nodes[b]["label"], d["sentence"])
...  for a, b, d in g.edges(data=True)]
[('Joseph Stalin', 'exiledWith', 'Kamenev', 8)]
>>> offices = graph.load().to_networkx(relations=["heldPosition"], as_of=1950)
>>> sorted(offices.nodes[b]["label_de"] for a, b in offices.edges() if "Stalin" in a)
['Generalsekretär des ZK der KPdSU', 'Vorsitzender des Ministerrats der UdSSR', 'Vorsitzender des Rates der Volkskommissare']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from .errors import LookupFailed
from .lookup import close
from .model import KINDS, Entity, Span, Statement, parse_date

if TYPE_CHECKING:
    from .kg import KnowledgeGraph

__all__ = ["edge_attributes", "holding_span", "node_attributes", "to_networkx"]


def node_attributes(entity: Entity, lang: str = "en") -> dict[str, Any]:
    """The attributes a node carries: kind, labels, aliases, Wikidata ID, dated facts."""
    attrs: dict[str, Any] = {
        "iri": entity.iri,
        "type": entity.kind,
        "label": entity.label(lang),
        "label_de": entity.label_de,
        "label_en": entity.label_en,
        "aliases": list(entity.aliases),
    }
    if entity.wikidata:
        attrs["wikidata"] = entity.wikidata
    for key, value in entity.facts.items():
        attrs[key] = value
    return attrs


def edge_attributes(kg: KnowledgeGraph, st: Statement, lang: str = "en") -> dict[str, Any]:
    """The attributes an edge carries: relation, labels, dates, sentence, quote, statement."""
    rel = kg.relation_catalogue.get(st.relation)
    attrs: dict[str, Any] = {
        "statement": st.iri,
        "relation": st.relation_name,
        "relation_iri": st.relation,
        "label": rel.label(lang) if rel else st.relation_name,
        "label_de": rel.label_de if rel else st.relation_name,
        "label_en": rel.label_en if rel else st.relation_name,
        "symmetric": bool(rel and rel.symmetric),
        "sentence": st.sentence,
        "quote": st.quote,
    }
    for key, value in (("start", st.span.start), ("end", st.span.end), ("point_in_time", st.span.point)):
        if value is not None:
            attrs[key] = str(value)
    if st.note:
        attrs["note"] = st.note
    return attrs


def _check_names(given: Iterable[str] | None, known: Iterable[str], what: str) -> set[str] | None:
    if given is None:
        return None
    wanted = {g.removeprefix("rel:") for g in given}
    known_set = set(known)
    for name in wanted - known_set:
        raise LookupFailed(f"unknown {what} {name!r}", close(name, known_set))
    return wanted


def to_networkx(
    kg: KnowledgeGraph,
    *,
    relations: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    as_of: int | None = None,
    lang: str = "en",
) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` of the entities and the statements between them.

    relations
        keep only these relation kinds (local names such as ``exiledWith``);
    types
        keep only entities of these kinds (``Person``, ``Group``, ``Organisation``, ``State``,
        ``Place``, ``Event``, ``Position``, ``Document``) and the edges between them;
    as_of
        keep only statements that hold in that year (undated ones are kept and have
        ``dated=False``); an open-ended span ends with the subject's death when it is known;
    lang
        the language of the ``label`` attributes (``de`` or ``en``).

    With no filter every entity is a node, isolated or not; with a filter only the nodes of the
    remaining edges are. ``G.graph`` holds the source sentences by number.
    """
    rel_names = _check_names(relations, (r.name for r in kg.relation_catalogue.values()), "relation")
    kinds = _check_names(types, KINDS.values(), "entity type")
    g = nx.MultiDiGraph(lang=lang, as_of=as_of)
    sentences: dict[int, str] = {}
    entities = kg.entities
    for st in kg.statements:
        if st.sentence is not None and st.sentence_text:
            sentences[st.sentence] = st.sentence_text
        if not st.is_edge:
            continue
        if rel_names is not None and st.relation_name not in rel_names:
            continue
        a, b = entities.get(st.subject), entities.get(str(st.object))
        if a is None or b is None:
            continue
        if kinds is not None and (a.kind not in kinds or b.kind not in kinds):
            continue
        if as_of is not None and not holding_span(st, a).holds_in(as_of):
            continue
        for e in (a, b):
            if e.iri not in g:
                g.add_node(e.iri, **node_attributes(e, lang))
        attrs = edge_attributes(kg, st, lang)
        attrs["dated"] = st.span.dated
        g.add_edge(a.iri, b.iri, key=st.iri, **attrs)
    if rel_names is None and kinds is None and as_of is None:
        for e in entities.values():
            if e.iri not in g:
                g.add_node(e.iri, **node_attributes(e, lang))
    g.graph["sentences"] = dict(sorted(sentences.items()))
    return g


def holding_span(st: Statement, subject: Entity) -> Span:
    """When ``st`` holds: its span, where an open-ended one ends with the death of its
    ``subject`` when that is known. ``.holds_in(year)`` is the ``as_of`` rule of
    :func:`to_networkx`, and ``.years()`` the years the viewer's time slider uses.

    >>> import graph
    >>> kg = graph.load()
    >>> st = next(s for s in kg.relations("Stalin") if s.span.start and not s.span.end)
    >>> st.span.years(), holding_span(st, kg.entity("Stalin")).years()
    ((1941, None), (1941, 1953))
    """
    return st.span.ended_by(parse_date(subject.facts.get("dateOfDeath")))
