"""Projecting the graph onto networkx: entities become nodes, statements become edges.

Each edge is one statement (its key is the statement IRI) and carries the evidence, so
every networkx result can be traced back to the sentence that makes it, and its basis: whether
the quoted words state it, the curator inferred it, or the text reports someone's claim.

>>> import graph
>>> g = graph.load().to_networkx(relations=["exiledWith"])
>>> [(g.nodes[a]["label"], d["relation"], g.nodes[b]["label"], d["sentence"])
...  for a, b, d in g.edges(data=True)]
[('Joseph Stalin', 'exiledWith', 'Kamenev', 8)]
>>> offices = graph.load().to_networkx(relations=["heldPosition"], as_of=1950)
>>> sorted(offices.nodes[b]["label_de"] for a, b in offices.edges() if "Stalin" in a)
['Generalsekretär des ZK der KPdSU', 'Vorsitzender des Ministerrats der UdSSR', 'Vorsitzender des Rates der Volkskommissare']
>>> reported = to_networkx(graph.load(), basis=["reported"])
>>> sorted({(d["relation"], d.get("claimant_label", "")) for _, _, d in reported.edges(data=True)})
[('allegedlyBetrayedTo', 'Lenin'), ('judged', 'Anton Antonov-Ovseyenko'), ('planned', 'Lenin'), ('wantedToBoastTo', '')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from .basis import check_bases
from .errors import LookupFailed
from .lookup import close
from .model import KINDS, Entity, Span, Statement, parse_date

if TYPE_CHECKING:
    from .kg import KnowledgeGraph

__all__ = ["BEGINS", "ENDS", "edge_attributes", "existence_years", "holding_span", "node_attributes",
           "to_networkx"]


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
    """The attributes an edge carries: relation, labels, dates, sentence, quote, statement, basis.

    Every value is a string, number or boolean, so GEXF and GraphML can hold it: what a statement
    lacks (dates, ``note``, ``inferred_part``, ``claimant`` and ``claimant_label``) is left out.

    Parameters
    ----------
    kg
        The knowledge graph the statement belongs to (for the relation's and claimant's labels).
    st
        The statement.
    lang
        The language of ``label`` and ``claimant_label`` (``de`` or ``en``).

    Returns
    -------
    dict
        ``statement``, ``relation``, ``relation_iri``, ``label``, ``label_de``, ``label_en``,
        ``symmetric``, ``sentence``, ``quote`` and ``basis`` (one of
        :data:`graph.model.BASES`); ``start``, ``end``, ``point_in_time`` when dated; ``note``
        when the statement has one; ``inferred_part`` (``relation`` or ``date``) when it is
        inferred; ``claimant`` (an IRI) and ``claimant_label`` when the text names who claims it.

    Examples
    --------
    >>> import graph
    >>> kg = graph.load()
    >>> (st,) = [s for s in kg.statements if s.iri.endswith("s16-antonowowsejenko-judged-stalin")]
    >>> d = edge_attributes(kg, st, "de")
    >>> d["basis"], d["claimant"], d["claimant_label"], "inferred_part" in d
    ('reported', 'https://w3id.org/stalin-kg/person/AntonowOwsejenko', 'Anton Antonow-Owsejenko', False)
    """
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
    attrs["basis"] = st.basis
    if st.inferred_part:
        attrs["inferred_part"] = st.inferred_part
    if st.claimant:
        who = kg.entities.get(st.claimant)
        attrs["claimant"] = st.claimant
        attrs["claimant_label"] = who.label(lang) if who else kg.curie(st.claimant)
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
    basis: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` of the entities and the statements between them.

    Nodes carry :func:`node_attributes`, edges :func:`edge_attributes` and ``dated``. With no
    filter every entity is a node, isolated or not; with a filter only the nodes of the
    remaining edges are. ``G.graph`` holds the source sentences by number.

    Parameters
    ----------
    kg
        The knowledge graph.
    relations
        Keep only these relation kinds (local names such as ``exiledWith``).
    types
        Keep only entities of these kinds (``Person``, ``Group``, ``Organisation``, ``State``,
        ``Place``, ``Event``, ``Position``, ``Document``) and the edges between them.
    as_of
        Keep only statements that hold in that year (undated ones are kept and have
        ``dated=False``); an open-ended span ends with the subject's death when it is known.
    lang
        The language of the ``label`` attributes (``de`` or ``en``).
    basis
        Keep only statements of these bases (:data:`graph.model.BASES`: ``stated``,
        ``inferred``, ``reported``); None keeps all.

    Raises
    ------
    LookupFailed
        For an unknown relation or entity type (with the close matches).
    ValueError
        For an unknown basis, naming the allowed ones (:func:`graph.basis.check_bases`).

    Examples
    --------
    >>> import graph
    >>> kg = graph.load()
    >>> stated = to_networkx(kg, basis=["stated"])
    >>> {d["basis"] for _, _, d in stated.edges(data=True)}
    {'stated'}
    >>> inferred = to_networkx(kg, relations=["startedExpulsionProceedingsAgainst"],
    ...                        basis=["inferred"])
    >>> sorted((d["point_in_time"], d["inferred_part"]) for _, _, d in inferred.edges(data=True))
    [('1917', 'date'), ('1917', 'date')]
    """
    rel_names = _check_names(relations, (r.name for r in kg.relation_catalogue.values()), "relation")
    kinds = _check_names(types, KINDS.values(), "entity type")
    bases = check_bases(basis)
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
        if bases is not None and st.basis not in bases:
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
    if rel_names is None and kinds is None and as_of is None and bases is None:
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


#: The dated facts of an entity that say when it began to exist (an event's start or date, a
#: birth) and when it ceased to (an event's end or date, a death): :func:`existence_years`.
BEGINS = ("startDate", "dateOfBirth", "date")
ENDS = ("endDate", "dateOfDeath", "date")


def existence_years(entity: Entity) -> tuple[int | None, int | None] | None:
    """The years an entity exists in, from its dated facts: ``(first, last)``, either None
    where the facts do not say (an open side), or None when no fact dates it at all.

    The first of :data:`BEGINS` the entity has begins it, the first of :data:`ENDS` ends it:
    a death ends a person (``rel:dateOfDeath``), an event lasts from its ``rel:startDate`` to
    its ``rel:endDate``, or is its ``rel:date``. The viewer's time slider shows an entity in
    year Y when ``first <= Y <= last`` (an open side always passes), as it shows a relation
    in the years of :func:`holding_span`.

    >>> import graph
    >>> kg = graph.load()
    >>> existence_years(kg.entity("Lenin")), existence_years(kg.entity("Jalta"))
    ((None, 1924), (1945, 1945))
    >>> existence_years(kg.entity("Grosser Terror")), existence_years(kg.entity("Kamenew")) is None
    ((1936, 1938), True)
    """
    def year(names: tuple[str, ...]) -> int | None:
        for name in names:
            date = parse_date(entity.facts.get(name))
            if date is not None:
                return date.year
        return None

    first, last = year(BEGINS), year(ENDS)
    return None if first is None and last is None else (first, last)
