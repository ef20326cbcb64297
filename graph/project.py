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
[('allegedlyBetrayedTo', 'Lenin'), ('provedIncapableOfLeading', 'Anton Antonov-Ovseyenko'), ('wantedToBoastTo', '')]

The projection is built from one light query of the statements (their ends, relation,
sentence, quote and basis) and of the entities' kinds, so it is cheap on a big graph; the rest
of the attributes (an entity's labels, a statement's dates, note, claimant ...) are read the
first time anything asks for one of them: then every node's, or every edge's, at once. The
attribute dicts are :class:`LazyAttributes`, dicts that fill themselves; reading, iterating,
comparing, copying or pickling one sees all of its attributes, as if they had always been there.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import networkx as nx

from .basis import check_bases
from .errors import LookupFailed
from .lookup import close
from .model import KINDS, Entity, Span, Statement, parse_date

if TYPE_CHECKING:
    from .access import GraphAccess, Outline

__all__ = ["BEGINS", "EDGE_KEYS", "ENDS", "NODE_KEYS", "LazyAttributes", "check_names",
           "edge_attributes", "existence_years", "holding_span", "node_attributes", "to_networkx"]

#: Every attribute a node of :func:`to_networkx` can have (:func:`node_attributes`), besides
#: its dated facts, which are named as their relations are (``dateOfDeath`` ...).
NODE_KEYS = ("iri", "type", "label", "label_de", "label_en", "aliases", "wikidata")
#: Every attribute an edge of :func:`to_networkx` can have (:func:`edge_attributes`, ``dated``).
EDGE_KEYS = ("statement", "relation", "relation_iri", "label", "label_de", "label_en", "symmetric",
             "sentence", "source_document", "quote", "start", "end", "point_in_time", "note", "basis",
             "inferred_part", "claimant", "claimant_label", "dated")


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


def edge_attributes(kg: GraphAccess, st: Statement, lang: str = "en") -> dict[str, Any]:
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
        :data:`graph.model.BASES`); ``source_document`` (the IRI of the document the sentence
        is part of; not ``source``, which edge lists use for the edge's first end) when the
        graph says; ``start``, ``end``, ``point_in_time`` when dated; ``note``
        when the statement has one; ``inferred_part`` (``relation`` or ``date``) when it is
        inferred; ``claimant`` (an IRI) and ``claimant_label`` when the text names who claims it.

    Examples
    --------
    >>> import graph
    >>> kg = graph.load()
    >>> (st,) = [s for s in kg.statements if s.iri.endswith("s16-stalin-provedIncapableOfLeading-militaerischeverbaende")]
    >>> d = edge_attributes(kg, st, "de")
    >>> d["basis"], d["claimant"], d["claimant_label"], "inferred_part" in d
    ('reported', 'https://w3id.org/stalin-kg/person/AntonowOwsejenko', 'Anton Antonow-Owsejenko', False)
    """
    attrs = {"statement": st.iri, **_relation_attributes(kg, st.relation, st.relation_name, lang),
             "sentence": st.sentence, "quote": st.quote}
    source = kg.source_of(st.sentence_iri)
    if source is not None:
        attrs["source_document"] = source
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


def _relation_attributes(kg: GraphAccess, iri: str, name: str, lang: str) -> dict[str, Any]:
    """The attributes of :func:`edge_attributes` that come from the relation: its name, IRI,
    labels and symmetry."""
    rel = kg.relation_catalogue.get(iri)
    return {
        "relation": name,
        "relation_iri": iri,
        "label": rel.label(lang) if rel else name,
        "label_de": rel.label_de if rel else name,
        "label_en": rel.label_en if rel else name,
        "symmetric": bool(rel and rel.symmetric),
    }


def check_names(given: Iterable[str] | None, known: Iterable[str], what: str) -> set[str] | None:
    """The names asked for (``rel:`` dropped), each checked against ``known``; None for None.

    The one check of the ``relations=`` and ``types=`` filters of the projection and the
    analysis.

    Raises
    ------
    LookupFailed
        For a name not in ``known`` (``what`` says what it should have been), with the close
        matches.

    Examples
    --------
    >>> sorted(check_names(["rel:sonOf"], ["sonOf", "exiledWith"], "relation"))
    ['sonOf']
    >>> check_names(["Persn"], ["Person"], "entity type")
    Traceback (most recent call last):
    ...
    graph.errors.LookupFailed: unknown entity type 'Persn'...
    """
    if given is None:
        return None
    wanted = {g.removeprefix("rel:") for g in given}
    known_set = set(known)
    for name in wanted - known_set:
        raise LookupFailed(f"unknown {what} {name!r}", close(name, known_set))
    return wanted


def to_networkx(
    kg: GraphAccess,
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

    The attribute dicts are :class:`LazyAttributes`: a node holds its ``iri`` and ``type``, an
    edge its ``statement``, ``relation`` (and the relation's labels), ``sentence``, ``quote``
    and ``basis`` from the start; the first read of any other attribute reads them all, for
    every node or for every edge (until then the graph keeps ``kg``). Nothing else differs
    from plain dicts: a copy, a subgraph's copy, a pickle or an export holds every attribute.

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
        This filter reads every statement's dates (:attr:`GraphAccess.statements`).
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
    keep = _edge_filter(kg, relations, types, as_of, basis)
    with _no_cycle_collection():
        return _project(kg, keep, lang, as_of)


def _project(kg: GraphAccess, keep: Callable[[Outline], bool] | None, lang: str,
             as_of: int | None) -> nx.MultiDiGraph:
    """:func:`to_networkx` once the filters are checked (``keep``; None: no filter).

    The graph's own dicts are written here, as ``add_node`` and ``add_edge`` write them, so
    that each node and edge keeps the :class:`LazyAttributes` made for it (``add_edge`` would
    copy it into a plain dict) and a big graph is built in a third less time."""
    kinds = kg.kinds
    g = nx.MultiDiGraph(lang=lang, as_of=as_of)
    node, succ, pred = g._node, g._succ, g._pred
    nodes = _Source(lambda: frozenset(NODE_KEYS).union(r.name for r in kg.relation_catalogue.values()),
                    lambda: _node_reader(kg, lang))
    names: dict[str, str] = {}  # relation IRI: name
    edges = _Source(lambda: frozenset(EDGE_KEYS), lambda: _edge_reader(kg, lang),
                    _RELATION_KEYS, _relation_reader(kg, names, lang))
    node_pending, edge_pending = nodes.pending, edges.pending

    def add_node(n: str) -> None:
        attrs = LazyAttributes(iri=n, type=kinds[n])
        attrs._source = nodes
        node_pending[n] = attrs
        node[n] = attrs
        succ[n] = {}
        pred[n] = {}

    sentences: dict[int, str] = {}
    for o in kg.outlines():
        key, a, relation, name, b, number, text, quote, basis = o
        if number is not None and text:
            sentences[number] = text
        if b is None or a not in kinds or b not in kinds or (keep is not None and not keep(o)):
            continue
        if a not in node:
            add_node(a)
        if b not in node:
            add_node(b)
        if relation not in names:
            names[relation] = name
        attrs = LazyAttributes(statement=key, relation_iri=relation, sentence=number,
                               quote=quote, basis=basis)
        attrs._source = edges
        edge_pending[key] = attrs
        keys = succ[a].get(b)
        if keys is None:
            keys = succ[a][b] = pred[b][a] = {}
        keys[key] = attrs
    if keep is None:  # no filter: every entity is a node
        for n in kinds:
            if n not in node:
                add_node(n)
    g.graph["sentences"] = dict(sorted(sentences.items()))
    return g


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: building a projection makes hundreds of thousands of
    dicts, none of them in a cycle, and the collector's passes over them would cost a third of
    the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _edge_filter(
    kg: GraphAccess, relations: Iterable[str] | None, types: Iterable[str] | None,
    as_of: int | None, basis: Iterable[str] | None,
) -> Callable[[Outline], bool] | None:
    """Whether :func:`to_networkx` keeps a statement between two entities: it passes the
    filters (checked here, before anything is read); None when there is no filter."""
    rel_names = None if relations is None else check_names(
        relations, [r.name for r in kg.relation_catalogue.values()], "relation")
    wanted = check_names(types, KINDS.values(), "entity type")
    bases = check_bases(basis)
    kinds = kg.kinds
    holds = _holding_in(kg, as_of) if as_of is not None else None
    if rel_names is None and wanted is None and bases is None and holds is None:
        return None

    def keep(o: Outline) -> bool:
        return (
            (rel_names is None or o.relation_name in rel_names)
            and (bases is None or o.basis in bases)
            and (wanted is None or (kinds[o.subject] in wanted and kinds[str(o.object)] in wanted))
            and (holds is None or holds(o))
        )

    return keep


def _holding_in(kg: GraphAccess, year: int) -> Callable[[Outline], bool]:
    """Whether a statement holds in ``year`` (:func:`holding_span`)."""
    statements = {st.iri: st for st in kg.statements}
    entities = kg.entities
    return lambda o: holding_span(statements[o.iri], entities[o.subject]).holds_in(year)


def _node_reader(kg: GraphAccess, lang: str) -> Callable[[str], dict[str, Any]]:
    """Every node's attributes (:func:`node_attributes`), by IRI: reads the entities."""
    entities = kg.entities
    return lambda iri: node_attributes(entities[iri], lang)


#: The attributes of an edge that come from its relation (:func:`_relation_attributes`), which
#: its dict works out from its ``relation_iri`` alone when one of them is asked for.
_RELATION_KEYS = frozenset(("relation", "label", "label_de", "label_en", "symmetric"))


def _relation_reader(kg: GraphAccess, names: dict[str, str],
                     lang: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The attributes an edge's relation gives it (:data:`_RELATION_KEYS`), from its
    ``relation_iri``: read from the vocabulary once per relation."""
    known: dict[str, dict[str, Any]] = {}

    def read(attrs: dict[str, Any]) -> dict[str, Any]:
        iri = attrs["relation_iri"]
        if iri not in known:
            known[iri] = _relation_attributes(kg, iri, names[iri], lang)
        return known[iri]

    return read


def _edge_reader(kg: GraphAccess, lang: str) -> Callable[[str], dict[str, Any]]:
    """Every edge's attributes (:func:`edge_attributes` and ``dated``), by statement IRI:
    reads the statements."""
    statements = {st.iri: st for st in kg.statements}

    def read(iri: str) -> dict[str, Any]:
        st = statements[iri]
        attrs = edge_attributes(kg, st, lang)
        attrs["dated"] = st.span.dated
        return attrs

    return read


class _Source:
    """The attribute dicts of one projection's nodes, or edges, that are still to be filled,
    what they may hold, and how to read what they hold: once, for all of them; the ``local``
    keys, one dict at a time, from what the dict holds (``derive``)."""

    __slots__ = ("_keys", "_possible", "_reader", "derive", "local", "pending")

    def __init__(
        self, keys: Callable[[], frozenset[str]],
        reader: Callable[[], Callable[[str], dict[str, Any]]],
        local: frozenset[str] = frozenset(),
        derive: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> None:
        self._keys = keys
        self._possible: frozenset[str] | None = None
        self._reader = reader
        self.local = local
        self.derive = derive
        #: The dicts to fill, by the key each is filled for (a node's IRI, an edge's
        #: statement), in the order they were made; whoever makes a dict of this source adds
        #: it (and sets its ``_source``).
        self.pending: dict[str, LazyAttributes] = {}

    @property
    def possible(self) -> frozenset[str]:
        """Every key a dict may hold once filled."""
        if self._possible is None:
            self._possible = self._keys()
        return self._possible

    def supply(self, attrs: LazyAttributes, key: str) -> None:
        """Make ``attrs`` hold ``key`` if it has it: derive it, or fill every dict."""
        if key in self.local and self.derive is not None:
            for name, value in self.derive(attrs).items():
                dict.setdefault(attrs, name, value)
        elif key in self.possible:
            self.fill()

    def fill(self) -> None:
        """Fill every pending dict."""
        if not self.pending:
            return
        read = self._reader()
        pending, self.pending = self.pending, {}
        for key, attrs in pending.items():
            attrs._complete(read(key))


class LazyAttributes(dict[str, Any]):
    """The attribute dict of a node or an edge of :func:`to_networkx`: a ``dict`` that holds
    the attributes that came cheap, and reads the others from the knowledge graph the first
    time anything asks for one of them (for every node, or every edge, of the graph at once).

    Whatever looks at the dict as a whole (iterating it, ``len``, ``keys``/``values``/``items``,
    ``==``, ``repr``, ``copy``, ``|``, pickling, ``copy.deepcopy``) or at a key it may hold but
    does not yet, fills it first; a key it can never hold (``weight``, say) is answered without
    reading anything. A value set before it is filled stays; a key deleted stays deleted. Its
    copies and pickles are plain ``dict`` objects.

    >>> import graph
    >>> g = graph.load().to_networkx(relations=["exiledWith"])
    >>> (d,) = [d for _, _, d in g.edges(data=True)]
    >>> d.filled, d["relation"], d["sentence"], d.filled
    (False, 'exiledWith', 8, False)
    >>> d["dated"], d.filled                # not held yet: read, with every edge's
    (False, True)
    >>> "weight" in d, d.get("weight", 1), type(d.copy()).__name__, d == dict(d)
    (False, 1, 'dict', True)
    """

    # The source is set by whoever makes the dict, after dict's own __init__ (a Python __init__
    # would cost the projection of a big graph a tenth of its time); a LazyAttributes made
    # with no source is a plain dict.
    __slots__ = ("_source",)
    _source: _Source | None

    @property
    def filled(self) -> bool:
        """True once the dict holds every attribute (a plain dict's answer would be True)."""
        return getattr(self, "_source", None) is None

    def _fill(self) -> None:
        source = getattr(self, "_source", None)
        if source is not None:
            source.fill()

    def _want(self, key: object) -> None:
        """Hold ``key`` if the dict has it but does not hold it yet."""
        source = getattr(self, "_source", None)
        if source is not None and isinstance(key, str) and not dict.__contains__(self, key):
            source.supply(self, key)

    def _complete(self, full: dict[str, Any]) -> None:
        """Hold ``full``, in its order, and what was set since (which wins)."""
        if self.filled:  # cleared meanwhile
            return
        full.update(dict.items(self))
        dict.clear(self)
        dict.update(self, full)
        self._source = None

    # -- a key
    def __missing__(self, key: str) -> Any:
        self._want(key)
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        self._want(key)
        return dict.__contains__(self, key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self._want(key)
        return dict.get(self, key, default)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self._want(key)
        return dict.setdefault(self, key, default)

    def clear(self) -> None:
        self._source = None
        dict.clear(self)

    def __eq__(self, other: object) -> bool:
        self._fill()
        if isinstance(other, LazyAttributes):
            other._fill()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self.copy(),))

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return self.__reduce__()


def _filled_first(method: Callable[..., Any]) -> Callable[..., Any]:
    """``dict``'s ``method``, called on a :class:`LazyAttributes` once it is filled."""
    def call(self: LazyAttributes, *args: Any) -> Any:
        self._fill()
        return method(self, *args)

    call.__name__ = call.__qualname__ = method.__name__
    call.__doc__ = method.__doc__
    return call


# What deletes a key (which the fill must not bring back) or looks at the whole dict: dict's
# own method, once the dict is filled.
for _name in ("__delitem__", "pop", "popitem", "__iter__", "__reversed__", "__len__", "keys",
              "values", "items", "__repr__", "copy", "__or__", "__ror__"):
    setattr(LazyAttributes, _name, _filled_first(getattr(dict, _name)))
del _name


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
