"""The data-access object under :class:`graph.KnowledgeGraph`: query the store, look entities
up, read statements, sentences and the relation catalogue. Everything here only reads.

The algorithms (the networkx projection, ``explain``, analysis, text formatting) are free
functions in their own modules that take such an object first; :mod:`graph.kg` puts them
together into the :class:`graph.KnowledgeGraph` the README documents, and loads it.

>>> import graph
>>> kg = graph.load()
>>> kg.label(kg.find("zinoviev"))
'Zinoviev'
>>> [kg.label(s.object) for s in kg.relations("Stalin", relation="exiledWith")]
['Kamenev']
>>> kg.query("SELECT ?y WHERE { $p rel:expelledFrom ?party . ?s rdf:subject $p ;"
...          " rdf:object ?party ; kg:pointInTime ?y }", bindings={"p": "Trotzki"}).rows[0][0]
rdflib.term.Literal('1927', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pyoxigraph as ox
import rdflib
from rdflib import URIRef
from rdflib.term import Node, Variable

from . import lookup, queries, terms
from .backends import Backend, LocalBackend, Rows
from .basis import IRIS, check_bases, keep, keep_rows
from .errors import LookupFailed
from .messages import message
from .model import KINDS, Entity, Relation, Sentence, Span, Statement, parse_date
from .namespaces import KG, PREFIXES, REL
from .sparql import QueryResult, bind_parameters, from_oxigraph, query_form
from .sparql_errors import OPEN, nearest, unknown_terms, values_query
from .sparql_lexer import lex

if TYPE_CHECKING:
    from . import criticism

__all__ = ["GraphAccess", "Outline"]

Value = Node | str | int | float
#: ``kg:Stated`` ... as the words :data:`graph.model.BASES` and ``INFERRED_PARTS`` use.
_BASIS = {iri: word for word, iri in IRIS.items()}
_PART = {str(KG.InferredRelation): "relation", str(KG.InferredDate): "date"}


def _value(term: Node) -> Any:
    """A term as a person writes it: a number, a prefixed name, a text."""
    if isinstance(term, rdflib.Literal):
        value = term.toPython()
        return value if isinstance(value, (int, float)) else str(term)
    return terms.short(str(term))


class Outline(NamedTuple):
    """A statement as far as the networkx projection needs it before anyone reads its evidence
    (:meth:`GraphAccess.outlines`): the fields of a :class:`~graph.model.Statement` of the
    same names, but ``object`` is an IRI string, or None for a literal (a dated fact)."""

    iri: str
    subject: str
    relation: str
    relation_name: str
    object: str | None
    sentence: int | None
    sentence_text: str | None
    quote: str
    basis: str


class GraphAccess:
    """The graph in an embedded Oxigraph store, or behind a SPARQL endpoint
    (:func:`graph.connect`): its reads. :class:`graph.KnowledgeGraph` adds the algorithms.

    ``kg.rdf`` is an ``rdflib.Graph`` over the same triples for users who want rdflib itself;
    ``kg.store`` is the ``pyoxigraph.Store`` behind it (None for a remote graph).
    """

    def __init__(
        self, store: ox.Store | None = None, sources: Sequence[Path] = (), *,
        backend: Backend | None = None,
    ) -> None:
        if backend is None:
            if store is None:
                raise ValueError(message("load.noBackend"))
            backend = LocalBackend(store)
        self.backend = backend
        self.store = store
        self.sources = list(sources)
        self._declared: dict[str, bool] = {}  # prefixed name: the vocabulary labels it

    @cached_property
    def rdf(self) -> rdflib.Graph:
        """An ``rdflib.Graph`` over the same triples (oxrdflib store; SPARQLStore if remote)."""
        g = self.backend.rdflib_graph()
        for prefix, iri in PREFIXES.items():
            g.bind(prefix, iri, override=True, replace=True)
        return g

    @property
    def endpoint(self) -> str | None:
        """The SPARQL endpoint URL when the graph is remote, else None."""
        return getattr(self.backend, "endpoint", None)

    def __len__(self) -> int:
        return self.backend.triple_count()

    def __repr__(self) -> str:
        where = self.endpoint or f"{len(self.sources)} file(s)"
        return f"<{type(self).__name__} {len(self)} triples from {where}>"

    # ------------------------------------------------------------------ SPARQL
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Value] | None = None,
        *,
        max_rows: int | None = None,
        basis: Iterable[str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; ``$name`` parameters take their values from ``bindings``.

        A binding may be an rdflib term, a number, or a name that :meth:`find` resolves to an
        entity. The project's prefixes (``rel:``, ``person:`` ...) need no ``PREFIX`` lines.
        ``basis`` (e.g. ``["stated"]``) keeps only the rows whose ``?basis`` column holds a
        statement's ``kg:basis`` of those bases (:func:`graph.basis.keep_rows`; a query without
        that column raises :class:`~graph.errors.QueryError`).

        >>> import graph

        >>> kg = graph.load()
        >>> kg.query("ASK { person:Stalin rel:exiledWith person:Kamenew }").boolean
        True
        """
        check_bases(basis)  # before the query runs
        form = query_form(sparql)
        text = bind_parameters(sparql, self._terms(bindings))
        result = keep_rows(self.backend.query(text, form, max_rows=max_rows), basis)
        result.warnings = self.term_warnings(sparql)
        return result

    def term_warnings(self, sparql: str, lang: str = "en") -> list[str]:
        """A warning for each ``rel:`` or ``kg:`` term of ``sparql`` the vocabulary does not
        declare, naming the closest terms it does (:func:`graph.sparql_errors.unknown_terms`).

        >>> import graph
        >>> graph.load().term_warnings("SELECT * { ?a kg:quotee ?b }")
        ['kg:quotee matches nothing in the graph; did you mean kg:quote?']
        """
        used = {t.text for t in lex(sparql) if t.kind == "pname"
                and t.text.startswith(("rel:", "kg:")) and not t.text.endswith(":")}
        if not used or self._all_declared(used):
            return []
        return unknown_terms(sparql, self._vocabulary, lang)

    def _all_declared(self, used: set[str]) -> bool:
        """Whether the vocabulary labels every one of ``used`` (prefixed names), asked of the
        store once per term (one small query by subject): a graph's own code runs many
        queries over the same few terms, and pays for the whole vocabulary only when a term
        is not declared."""
        fresh = sorted(used - self._declared.keys())
        if fresh:
            values = " ".join(fresh)
            rows = self.backend.query(
                f"SELECT DISTINCT ?t {{ VALUES ?t {{ {values} }} ?t rdfs:label ?l }}", "SELECT"
            ).rows
            found = {terms.short(str(row[0])) for row in rows}
            self._declared.update({term: term in found for term in fresh})
        return all(self._declared[term] for term in used)

    @cached_property
    def _vocabulary(self) -> dict[str, set[str]]:
        """The local names of the ``kg:`` and ``rel:`` terms the vocabulary labels."""
        rows = self.backend.query(
            "SELECT DISTINCT ?t { ?t rdfs:label ?l "
            "FILTER(STRSTARTS(STR(?t), STR(kg:)) || STRSTARTS(STR(?t), STR(rel:))) }", "SELECT"
        ).rows
        out: dict[str, set[str]] = {"kg": set(), "rel": set()}
        for (t, *_) in rows:
            prefix = "rel" if str(t).startswith(str(REL)) else "kg"
            out[prefix].add(str(t)[len(str(REL if prefix == "rel" else KG)):])
        return out

    def run(
        self, name: str, /, *, basis: Iterable[str] | None = None, **params: Value
    ) -> QueryResult:
        """Run a named query from ``graph/queries/`` with its parameters.

        Every named query has a ``basis`` column (the statement's ``kg:basis`` IRI); ``basis``
        keeps only the rows of those bases, as in :meth:`query`.

        >>> import graph

        >>> kg = graph.load()
        >>> [(kg.label(a), kg.label(b)) for a, b, *_ in kg.run("exiled-with")]
        [('Joseph Stalin', 'Kamenev')]
        >>> stated = kg.run("in-sentence", n=8, basis=["stated"])
        >>> stated.variables[-2:], len(stated) == len(kg.run("in-sentence", n=8))
        (['basis', 'attributedTo'], True)
        >>> len(kg.run("in-sentence", n=9, basis=["stated"])) < len(kg.run("in-sentence", n=9))
        True
        """
        named = queries.get(name)
        bound = named.bind(params, self)
        result = self.query(named.text, bound, basis=basis)
        if not result.rows and result.form == "SELECT":
            result.warnings += self._unmatched(named.name, named.text, bound, params)
        return result

    def _unmatched(self, name: str, text: str, bound: Mapping[str, Node],
                   given: Mapping[str, Value]) -> list[str]:
        """A warning for each parameter ``given`` whose value gives ``text`` no rows while
        other values would, naming the closest of those (the query asked once more, with the
        parameter open: :func:`graph.sparql_errors.values_query`)."""
        out = []
        for param in given:
            query = values_query(bind_parameters(text, {**bound, param: Variable(OPEN)}))
            if query is None:
                continue
            values = [_value(row[0]) for row in self.backend.query(query, "SELECT").rows
                      if row[0] is not None]
            shown = _value(bound[param])
            if not values:
                out.append(message("sparql.paramNothing", param=param, value=shown, query=name))
            elif shown not in values:
                near = ", ".join(str(v) for v in nearest(shown, values))
                out.append(message("sparql.paramNear", param=param, value=shown, query=name,
                                   near=near))
        return out

    def _terms(self, bindings: Mapping[str, Value] | None) -> dict[str, Node]:
        """Terms for ``bindings``, by the one rule of :mod:`graph.terms`."""
        return {key: terms.to_term(value, self, param=key) for key, value in (bindings or {}).items()}

    # ------------------------------------------------------------------ vocabulary and entities
    @cached_property
    def relation_catalogue(self) -> dict[str, Relation]:
        """Every relation declared in the vocabulary, by IRI."""
        rows = self.query(
            """SELECT ?r ?de ?en ?c ?sym ?dt ?ide ?ien WHERE {
                 ?r a ?t . FILTER(?t IN (owl:ObjectProperty, owl:DatatypeProperty))
                 FILTER(STRSTARTS(STR(?r), STR(rel:)))
                 OPTIONAL { ?r rdfs:label ?de FILTER(LANGMATCHES(LANG(?de), "de")) }
                 OPTIONAL { ?r rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), "en")) }
                 OPTIONAL { ?r kg:inverseLabel ?ide FILTER(LANGMATCHES(LANG(?ide), "de")) }
                 OPTIONAL { ?r kg:inverseLabel ?ien FILTER(LANGMATCHES(LANG(?ien), "en")) }
                 OPTIONAL { ?r rdfs:comment ?c }
                 BIND(EXISTS { ?r a owl:SymmetricProperty } AS ?sym)
                 BIND(EXISTS { ?r a owl:DatatypeProperty } AS ?dt)
               }"""
        ).rows
        out = {}
        for r, de, en, c, sym, dt, ide, ien in rows:
            name = terms.local_name(str(r))
            out[str(r)] = Relation(
                str(r), name, str(de or name), str(en or name), str(c or ""),
                _true(sym), _true(dt), str(ide or ""), str(ien or ""),
            )
        return out

    def relation(self, name_or_iri: str) -> Relation:
        """A relation by local name (``exiledWith``), prefixed name or IRI."""
        cat = self.relation_catalogue
        for key in (name_or_iri, str(REL) + terms.local_name(name_or_iri.removeprefix("rel:"))):
            if key in cat:
                return cat[key]
        known = sorted(r.name for r in cat.values())
        raise LookupFailed(message("lookup.unknownRelation", name=repr(name_or_iri)),
                           lookup.close(name_or_iri, known))

    @cached_property
    def kinds(self) -> dict[str, str]:
        """The kind of every typed entity (``Person`` ...), by IRI, in the store's order; an
        entity of two kinds is of the first the store names (as in :attr:`entities`, which
        reads its entities from here). One light query: what the networkx projection needs
        of the entities before anyone reads their labels.

        >>> import graph
        >>> graph.load().kinds["https://w3id.org/stalin-kg/person/Stalin"]
        'Person'
        """
        kinds = " ".join(f"<{k}>" for k in KINDS)
        out: dict[str, str] = {}
        for e, t in self._solutions(f"SELECT ?e ?t WHERE {{ VALUES ?t {{ {kinds} }} ?e a ?t }}"):
            out.setdefault(e.value, KINDS[t.value])
        return out

    @cached_property
    def entities(self) -> dict[str, Entity]:
        """Every typed entity with its labels, aliases, Wikidata ID and dated facts, by IRI."""
        labels: dict[str, dict[str, Any]] = {iri: {"alt": []} for iri in self.kinds}
        for e, p, v in self._solutions(
            """SELECT ?e ?p ?v WHERE {
                 VALUES ?p { rdfs:label skos:altLabel schema:description owl:sameAs }
                 ?e ?p ?v }"""
        ):
            rec = labels.get(e.value)
            if rec is None:
                continue
            key = terms.local_name(p.value)
            if key == "altLabel":
                rec["alt"].append(v.value)
            elif key == "sameAs":
                if v.value.startswith("http://www.wikidata.org/entity/"):
                    rec["wikidata"] = terms.local_name(v.value)
            else:
                lang = (getattr(v, "language", None) or "")[:2] or "en"
                rec.setdefault(f"{key}_{lang}", v.value)
        facts: dict[str, dict[str, str]] = defaultdict(dict)
        for e, p, v in self._solutions(
            """SELECT ?e ?p ?v WHERE { ?e ?p ?v . ?p a owl:DatatypeProperty .
                 FILTER(STRSTARTS(STR(?p), STR(rel:))) }"""
        ):
            facts[e.value][terms.local_name(p.value)] = v.value
        out = {}
        for iri, kind in self.kinds.items():
            rec = labels[iri]
            local = terms.local_name(iri)
            out[iri] = Entity(
                iri=iri, kind=kind,
                label_de=rec.get("label_de") or rec.get("label_en") or local,
                label_en=rec.get("label_en") or rec.get("label_de") or local,
                aliases=tuple(sorted(set(rec["alt"]))),  # the same order from every store
                wikidata=rec.get("wikidata"),
                description_de=rec.get("description_de"),
                description_en=rec.get("description_en"),
                facts=facts.get(iri, {}),
            )
        return out

    @cached_property
    def _index(self) -> lookup.NameIndex:
        return lookup.NameIndex(self.entities.values())

    def find(self, name: str) -> URIRef:
        """The entity a name denotes: any label or alias, German or English, ignoring case and
        diacritics; also an IRI (``<…>`` or ``http(s)://…``) or a prefixed name
        (``person:Stalin``), which must occur in the graph. See :mod:`graph.terms`.

        Raises :class:`LookupFailed` (with ``candidates``) when the name is unknown or ambiguous.

        >>> import graph

        >>> kg = graph.load()
        >>> str(kg.find("trotsky"))
        'https://w3id.org/stalin-kg/person/Trotzki'
        >>> kg.find("Stalinn")
        Traceback (most recent call last):
        ...
        graph.errors.LookupFailed: no entity is called 'Stalinn'; did you mean: Josef Stalin (person:Stalin)...
        >>> kg.find("person:Stalinn")
        Traceback (most recent call last):
        ...
        graph.errors.LookupFailed: no entity person:Stalinn (<https://w3id.org/stalin-kg/person/Stalinn>) in this graph; did you mean: Josef Stalin (person:Stalin)...
        """
        node = name if isinstance(name, URIRef) else terms.parse(name)
        if not isinstance(node, URIRef):  # a name; digits and "quoted text" are names here too
            return URIRef(self._index.resolve(name, self._describe))
        iri = str(node)
        # one cheap ASK instead of indexing every entity of a big graph
        if ("entities" in self.__dict__ and iri in self.entities) or self.query(
            "ASK { { $n ?p ?o } UNION { ?s ?p $n } }", {"n": node}
        ).boolean:
            return node
        shown = name if name in (iri, f"<{iri}>") else f"{name} (<{iri}>)"
        options = self._index.near(terms.local_name(iri), self._describe)
        hint = message("lookup.didYouMean", options="; ".join(options)) if options else ""
        raise LookupFailed(message("lookup.notInGraph", name=shown, hint=hint), options)

    def _describe(self, iri: str) -> str:
        e = self.entities[iri]
        return f"{e.label_de} ({self.curie(iri)})"

    def search(self, text: str, limit: int = 10) -> list[Entity]:
        """Entities whose names contain ``text`` (normalised), best matches first."""
        return [self.entities[i] for i in self._index.search(text, limit)]

    def entity(self, name: str) -> Entity:
        """The :class:`Entity` for a name (see :meth:`find`)."""
        return self.entities[str(self.find(name))]

    def label(self, node: Any, lang: str = "en") -> str:
        """A display label for an entity IRI, relation IRI or literal."""
        key = str(node)
        if key in self.entities:
            return self.entities[key].label(lang)
        if key in self.relation_catalogue:
            return self.relation_catalogue[key].label(lang)
        return self.curie(key) if isinstance(node, URIRef) else key

    def curie(self, iri: str) -> str:
        """A prefixed name for an IRI in the project's namespaces, else the IRI
        (:func:`graph.terms.short`)."""
        return terms.short(iri)

    # ------------------------------------------------------------------ statements and evidence
    def sentences(self) -> list[Sentence]:
        """Every source sentence (:class:`~graph.model.Sentence`: IRI, number, text, source
        document), numbered ones in the order of their numbers, then the others by IRI.

        The one read of the sentences for the API, coverage and the viewer. A sentence has one
        number, one text and one source (``kg check`` holds the data to that); where it has
        more, the least is taken, so every store gives the same answer.

        >>> import graph
        >>> first, *_ = graph.load().sentences()
        >>> first.number, first.iri, first.text[:24]
        (1, 'https://w3id.org/stalin-kg/sentence/01', 'Von 1922 bis zu seinem T')
        """
        return list(self._sentences)

    @cached_property
    def _sentence_fields(self) -> dict[str, tuple[int | None, str | None]]:
        """Every sentence node's number and text, by IRI (the least of two values), in the
        store's order. Their sources are read apart (:meth:`_sentence_sources`), only for
        :meth:`sentences`: the statements need none, and a million-triple graph's 55,000
        sentences read a tenth of a second faster without them."""
        fields: dict[str, tuple[int | None, str | None]] = {}
        for sen, n, text in self._solutions(
            "SELECT ?sen ?n ?text WHERE { ?sen a kg:Sentence ."
            " OPTIONAL { ?sen kg:sentenceNumber ?n } OPTIONAL { ?sen kg:text ?text } }"
        ):
            iri = sen.value
            number = _integer(n.value) if n is not None else None
            value = text.value if text is not None else None
            if iri in fields:  # a second number or text: the least of each
                known = fields[iri]
                number, value = _least(number, known[0]), _least(value, known[1])
            fields[iri] = (number, value)
        return fields

    def source_of(self, sentence_iri: str | None) -> str | None:
        """The IRI of the source document a sentence is part of (None when it names none).

        >>> import graph
        >>> kg = graph.load()
        >>> kg.source_of(kg.statements[0].sentence_iri)
        'https://w3id.org/stalin-kg/source/wikipedia-de-josef-stalin'
        """
        return self._sentence_source_index.get(sentence_iri or "")

    @cached_property
    def _sentence_source_index(self) -> dict[str, str]:
        return self._sentence_sources()

    def _sentence_sources(self) -> dict[str, str]:
        """The source of every sentence that names one, by IRI (the least of two)."""
        sources: dict[str, str] = {}
        for sen, src in self._solutions(
            "SELECT ?sen ?src WHERE { ?sen a kg:Sentence ; dcterms:isPartOf ?src }"
        ):
            sources[sen.value] = min(src.value, sources.get(sen.value, src.value))
        return sources

    @cached_property
    def _sentences(self) -> tuple[Sentence, ...]:
        sources = self._sentence_source_index
        records = [Sentence(iri, number, text, sources.get(iri))
                   for iri, (number, text) in self._sentence_fields.items()]
        return tuple(sorted(records, key=lambda s: (s.number is None, s.number or 0, s.iri)))

    @property
    def _sentence_index(self) -> dict[str, tuple[int | None, str | None]]:
        """The number and text of every sentence node, by IRI (as :meth:`sentences` reads them)."""
        return self._sentence_fields

    @cached_property
    def statements(self) -> list[Statement]:
        """Every statement node with its dates and evidence, in sentence order."""
        sentences = self._sentence_index
        seen: dict[str, Statement] = {}
        several: dict[str, set[str]] = {}  # the statements citing more than one sentence
        for st, s, p, o, start, end, at, sen, q, note, basis, part, who in self._solutions(
            """SELECT ?st ?s ?p ?o ?start ?end ?at ?sen ?q ?note ?basis ?part ?who WHERE {
                 ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
                 OPTIONAL { ?st kg:start ?start } OPTIONAL { ?st kg:end ?end }
                 OPTIONAL { ?st kg:pointInTime ?at } OPTIONAL { ?st kg:quote ?q }
                 OPTIONAL { ?st skos:note ?note } OPTIONAL { ?st prov:wasDerivedFrom ?sen }
                 OPTIONAL { ?st kg:basis ?basis } OPTIONAL { ?st kg:inferredPart ?part }
                 OPTIONAL { ?st prov:wasAttributedTo ?who }
               }"""
        ):
            if st.value in seen:
                first = seen[st.value].sentence_iri
                if sen is not None and first is not None and sen.value != first:
                    several.setdefault(st.value, {first}).add(sen.value)
                continue
            obj = URIRef(o.value) if isinstance(o, ox.NamedNode) else from_oxigraph(o)
            span = Span(*(parse_date(d) for d in (start, end, at)))
            if not span.dated and isinstance(o, ox.Literal) and (date := parse_date(o)) is not None:
                span = Span(point=date)  # a dated fact: its value is its date (the one date rule)
            number, text = sentences.get(sen.value, (None, None)) if sen is not None else (None, None)
            seen[st.value] = Statement(
                iri=st.value, subject=s.value, relation=p.value, object=obj, span=span,
                sentence=number, quote=q.value if q is not None else "",
                note=note.value if note is not None else None, sentence_text=text,
                basis=_BASIS.get(basis.value, "stated") if basis is not None else "stated",
                inferred_part=_PART.get(part.value) if part is not None else None,
                claimant=who.value if who is not None else None,
                sentence_iri=sen.value if sen is not None else None,
            )
        for iri, cited in several.items():  # e.g. sentences of several sources
            seen[iri] = replace(seen[iri], cited_sentences=tuple(sorted(cited)))
        return sorted(seen.values(), key=_in_text_order)

    @cached_property
    def criticisms(self) -> list[criticism.Criticism]:
        """The editorial layer: every criticism of the source (:class:`graph.criticism.Criticism`:
        the sentence and words it is about, the statements that record the claim, what the
        literature says instead, the works cited), by sentence. Never a statement of the graph.

        >>> import graph
        >>> kg = graph.load()
        >>> [(c.sentence, c.verdict, len(c.references)) for c in kg.criticisms]
        [(6, 'wrong', 2), (9, 'wrong', 3), (10, 'disputed', 2)]
        >>> any(c.iri == st.iri for c in kg.criticisms for st in kg.statements)
        False
        """
        from . import criticism

        return criticism.read(self.backend, [st.iri for st in self.statements])

    def criticisms_of(self, statements: Iterable[str]) -> list[criticism.Criticism]:
        """The criticisms of any of ``statements`` (IRIs), by sentence.

        >>> import graph
        >>> kg = graph.load()
        >>> [c.sentence for c in kg.criticisms_of([s.iri for s in kg.relations("Kamenew")])]
        [9]
        """
        from . import criticism

        return criticism.about(self.criticisms, statements)

    def outlines(self) -> list[Outline]:
        """Every statement as far as the networkx projection needs it before anyone reads its
        evidence (:class:`Outline`), in text order, as :attr:`statements` are.

        Taken from :attr:`statements` once they are read; else from one light query (no
        dates, notes or claimants), unless some statement has two values of one of its
        parts: which of them counts is the first the store returns, as :attr:`statements`
        settle it, so then they are read.

        >>> import graph

        >>> kg = graph.load()
        >>> light = kg.outlines()
        >>> "statements" in kg.__dict__, light == kg.outlines()
        (False, True)
        >>> [(o.relation_name, o.sentence, o.basis) for o in light][:2]
        [('heldPosition', 1, 'inferred'), ('dateOfDeath', 1, 'inferred')]
        >>> [o.iri for o in light] == [s.iri for s in kg.statements]
        True
        """
        if "statements" not in self.__dict__:
            light = self._light_outlines()
            if light is not None:
                return light
        return [
            Outline(st.iri, st.subject, st.relation, st.relation_name,
                    str(st.object) if st.is_edge else None, st.sentence, st.sentence_text,
                    st.quote, st.basis)
            for st in self.statements
        ]

    def _light_outlines(self) -> list[Outline] | None:
        """:meth:`outlines` from one query; None when a statement comes back twice.

        The sentences' numbers and texts come from :attr:`_sentence_index`, read once, not
        joined onto every statement's row. Each row gives its :class:`Outline` and its place
        in the text order (``_in_text_order``'s key, worked out while the row's values are at
        hand) at once; the outlines are sorted by those places, and a statement that came back
        twice is found by counting the IRIs once at the end."""
        sentences = self._sentence_index
        unnumbered = (None, None)
        names: dict[str, str] = {}
        basis_words = _BASIS
        places: list[tuple[int, int, str]] = []  # each outline's place in the text order
        outlines: list[Outline] = []
        place, keep = places.append, outlines.append
        new = tuple.__new__  # an Outline without the keyword handling of NamedTuple's __new__
        for st, s, p, o, sen, q, basis in self._solutions(
            """SELECT ?st ?s ?p ?o ?sen ?q ?basis WHERE {
                 ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
                 OPTIONAL { ?st kg:quote ?q } OPTIONAL { ?st prov:wasDerivedFrom ?sen }
                 OPTIONAL { ?st kg:basis ?basis }
               }"""
        ):
            iri, relation = st.value, p.value
            name = names.get(relation)
            if name is None:
                name = names[relation] = _relation_name(relation)
            number, text = sentences.get(sen.value, unnumbered) if sen is not None else unnumbered
            quote = q.value if q is not None else ""
            place((number or 0, (text or "").find(quote), iri))
            keep(new(Outline, (
                iri, s.value, relation, name, o.value if isinstance(o, ox.NamedNode) else None,
                number, text, quote,
                basis_words.get(basis.value, "stated") if basis is not None else "stated",
            )))
        if len(set(map(itemgetter(2), places))) < len(places):  # a statement came back twice
            return None
        return [outlines[i] for i in sorted(range(len(places)), key=places.__getitem__)]

    def _solutions(self, sparql: str) -> Rows:
        """The rows of a SELECT as tuples of pyoxigraph terms: the fast path for bulk reads."""
        return self.backend.rows(sparql)

    def select(
        self,
        *,
        basis: Iterable[str] | None = None,
        relation: str | None = None,
        sentence: int | None = None,
        claimant: str | None = None,
    ) -> list[Statement]:
        """The statements that meet every condition given, in text order.

        Parameters
        ----------
        basis
            Keep only statements of these bases (:data:`graph.model.BASES`: ``"stated"``,
            ``"inferred"``, ``"reported"``); None keeps all.
        relation
            Keep only statements of this relation (local name, prefixed name or IRI).
        sentence
            Keep only statements derived from this sentence.
        claimant
            Keep only statements the text attributes to this entity (``prov:wasAttributedTo``;
            a name, alias or IRI, as :meth:`find` takes).

        Raises
        ------
        ValueError
            For an unknown basis.
        LookupFailed
            For an unknown relation or claimant.

        Examples
        --------
        >>> import graph
        >>> kg = graph.load()
        >>> [(s.sentence, s.relation_name) for s in kg.select(claimant="Lenin")]
        [(9, 'allegedlyBetrayedTo'), (9, 'allegedlyBetrayedTo')]
        >>> kg.select() == kg.statements, {s.basis for s in kg.select(basis=["reported"])}
        (True, {'reported'})
        """
        rel = self.relation(relation).iri if relation else None
        who = str(self.find(claimant)) if claimant is not None else None
        return [
            st for st in keep(self.statements, basis)
            if (rel is None or st.relation == rel) and (sentence is None or st.sentence == sentence)
            and (who is None or st.claimant == who)
        ]

    def relations(
        self, name: str, *, relation: str | None = None, direction: str = "both",
        basis: Iterable[str] | None = None,
    ) -> list[Statement]:
        """The statements an entity takes part in, with evidence.

        ``direction`` is ``out`` (entity is the subject), ``in`` or ``both``; statements of
        symmetric relations count in both directions. ``basis`` keeps only statements of those
        bases (``["stated"]``: only what the quoted words themselves say); None keeps all.

        >>> import graph

        >>> kg = graph.load()
        >>> [(s.relation_name, s.sentence) for s in kg.relations("Jakow", direction="out")]
        [('sonOf', 21), ('capturedBy', 21)]
        >>> [s.relation_name for s in kg.relations("Sytin", basis=["stated"])]
        ['heldPosition']
        """
        iri = str(self.find(name))
        out = []
        for st in self.select(basis=basis, relation=relation):
            symmetric = st.relation in self.relation_catalogue and \
                self.relation_catalogue[st.relation].symmetric
            as_subject = st.subject == iri
            as_object = str(st.object) == iri and st.is_edge
            if (as_subject and (direction in ("out", "both") or symmetric)) or (
                as_object and (direction in ("in", "both") or symmetric)
            ):
                out.append(self._oriented(st, iri) if symmetric else st)
        return out

    def _oriented(self, st: Statement, iri: str) -> Statement:
        """A symmetric statement turned so that ``iri`` is its subject."""
        if st.subject == iri:
            return st
        from dataclasses import replace

        return replace(st, subject=str(st.object), object=URIRef(st.subject))

    def timeline(self, name: str, *, basis: Iterable[str] | None = None) -> list[Statement]:
        """The dated statements about an entity, earliest first (``basis`` as in
        :meth:`relations`).

        >>> import graph

        >>> kg = graph.load()
        >>> [(str(s.span), s.relation_name) for s in kg.timeline("Trotzki")]
        [('1927', 'prevailedOver'), ('1927', 'prevailedOver'), ('1927', 'expelledFrom')]
        >>> kg.timeline("Trotzki", basis=["stated"])
        []
        """
        own = [s for s in self.relations(name, basis=basis) if s.span.dated]
        return sorted(own, key=_chronological)

    def sentence(self, number: int) -> list[Statement]:
        """Everything sentence ``number`` says, as statements."""
        return self.select(sentence=number)

    def stats(self) -> dict[str, Any]:
        """Counts: triples, statements, entities by kind, statements by relation.

        Counted by the store (``COUNT`` ... ``GROUP BY``), without reading :attr:`entities` or
        :attr:`statements`, so a big graph is not copied into Python for them. Counts are
        largest first, ties by name; an entity of two kinds counts once, as the first kind by IRI.

        >>> import graph

        >>> kg = graph.load()
        >>> s = kg.stats()
        >>> s["statements"] == len(kg.statements), sum(s["entities"].values()) == len(kg.entities)
        (True, True)
        >>> list(s["entities"])[:3]  # largest first: 23 events, 19 organisations, 18 persons
        ['Event', 'Organisation', 'Person']
        """
        kinds = " ".join(f"<{k}>" for k in KINDS)
        by_kind: dict[str, int] = defaultdict(int)
        for t, n in self._solutions(
            f"""SELECT ?t (COUNT(?e) AS ?n) WHERE {{
                  {{ SELECT ?e (MIN(STR(?k)) AS ?t) WHERE {{ VALUES ?k {{ {kinds} }} ?e a ?k }}
                    GROUP BY ?e }} }} GROUP BY ?t"""
        ):
            by_kind[KINDS[t.value]] += int(n.value)
        by_relation: dict[str, int] = defaultdict(int)
        statements = 0
        for p, n in self._solutions(
            """SELECT ?p (COUNT(?st) AS ?n) WHERE {
                 { SELECT DISTINCT ?st ?p WHERE {
                     ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } } }
               GROUP BY ?p"""
        ):
            by_relation[terms.local_name(p.value)] += int(n.value)
            statements += int(n.value)
        return {
            "triples": len(self),
            "statements": statements,
            "entities": dict(sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))),
            "relations": dict(sorted(by_relation.items(), key=lambda kv: (-kv[1], kv[0]))),
        }


def _least(a: Any, b: Any) -> Any:
    """The lesser of two values, either of which may be None (then the other).

    >>> _least(3, None), _least(None, "b"), _least("b", "a")
    (3, 'b', 'a')
    """
    return b if a is None else a if b is None else min(a, b)


def _integer(text: str) -> int | None:
    """A sentence number as an int; None for one that is not an integer (``kg check`` says)."""
    try:
        return int(text)
    except ValueError:
        return None


def _true(value: Any) -> bool:
    """A SPARQL boolean as stores write it: ``true`` (or ``1``, as Virtuoso writes EXISTS)."""
    return str(value) in ("true", "1")


def _relation_name(iri: str) -> str:
    """A predicate's local name, as :attr:`graph.model.Statement.relation_name` gives it."""
    return Statement(iri="", subject="", relation=iri, object=None, span=Span(), sentence=None,
                     quote="").relation_name


def _in_text_order(st: Statement | Outline) -> tuple[Any, ...]:
    """Order as the text tells it: sentence, then position of the quote in it."""
    return (st.sentence or 0, (st.sentence_text or "").find(st.quote), st.iri)


def _chronological(st: Statement) -> tuple[Any, ...]:
    """Order by first date, then in text order."""
    first = st.span.first()
    return (first.sort_key() if first else (9999, 0, 0), *_in_text_order(st))
