"""One way from a user's string to an RDF term, and from a term back to a short name.

The CLI (``kg query … --param k=v``), the Python API (``kg.query(text, {"k": v})``,
``kg.run(name, k=v)``) and HTTP (``/queries/NAME?k=v``) all turn values into terms here, so
the same text means the same term everywhere:

==========================================  =============================================
text                                        term
==========================================  =============================================
``<IRI>``                                   that IRI
``http://…``, ``https://…``                 that IRI
``prefix:local`` with a project prefix      its IRI (``person:Stalin``, ``rel:exiledWith``)
``foo:bar``, any other prefix               an error naming the prefix: write ``<foo:bar>``
``1927``, ``-3``                            an ``xsd:integer``
``1.5``                                     an ``xsd:decimal``
``"quoted text"``                           a string literal (without the quotes)
anything else                               a name, looked up among labels and aliases
==========================================  =============================================

An IRI in an entity namespace (``person:``, ``group:`` …, however written) must name an
entity of the graph, or it is an error naming it; any other IRI is taken as written. Python
values that are already terms, numbers or booleans are taken as they are.

A named query's parameter declares its kind, which decides instead: ``integer`` takes an
integer only; ``string`` any text (quotes are dropped); ``relation`` a relation's local name,
prefixed name or IRI; ``iri`` an IRI as above; ``entity`` anything :meth:`find
<graph.kg.KnowledgeGraph.find>` resolves (digits or quoted text are a name there).

>>> parse("1927"), parse('"Trotzki"'), parse("Trotzki")
(rdflib.term.Literal('1927', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), rdflib.term.Literal('Trotzki'), Name(text='Trotzki'))
>>> parse("person:Stalin") == parse("<https://w3id.org/stalin-kg/person/Stalin>")
True

IRIs are shortened here and nowhere else: :func:`short` for display (the longest project
namespace that fits, else the IRI), :func:`prefixed_name` where the short form must be valid
SPARQL and Turtle (else None), :func:`written` for a prefixed name or ``<IRI>``;
:meth:`KnowledgeGraph.curie <graph.kg.KnowledgeGraph.curie>` is :func:`short`.

>>> short("https://w3id.org/stalin-kg/vocab/rel#exiledWith"), local_name("https://w3id.org/stalin-kg/person/Stalin")
('rel:exiledWith', 'Stalin')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import LookupFailed, QueryError
from .messages import message
from .names import close
from .namespaces import ENTITY_NAMESPACES, PREFIXES, REL
from .sparql_lexer import iri_text, lexer

__all__ = [
    "KINDS", "Name", "Resolver", "Value", "is_entity_iri", "local_name", "parse", "prefixed_name",
    "render", "short", "to_term", "written",
]

#: What a Python caller may give as a value: a term, a number, a boolean or text.
Value = Node | str | int | float | Decimal
#: The kinds a named query's parameter may declare.
KINDS = ("entity", "integer", "string", "relation", "iri")

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+)")
_PNAME = re.compile(r"(?P<prefix>[A-Za-z][\w.-]*):(?P<local>[^\s<>\"{}|^`\\]+)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_ENTITY_NS = tuple(str(ns) for ns in ENTITY_NAMESPACES.values())
_PREFIX_OF = {ns: prefix for prefix, ns in reversed(PREFIXES.items())}  # the first one wins


@dataclass(frozen=True)
class Name:
    """Text that is a name: the graph resolves it to an entity (:meth:`~graph.kg.KnowledgeGraph.find`)."""

    text: str


class Resolver(Protocol):
    """What turning names into terms needs of a graph (a :class:`~graph.kg.KnowledgeGraph`)."""

    def find(self, name: str) -> URIRef: ...

    def relation(self, name_or_iri: str) -> _HasIRI: ...


class _HasIRI(Protocol):
    @property
    def iri(self) -> str: ...


def parse(text: str) -> URIRef | Literal | Name:
    """The term ``text`` writes, by the rule of this module; a :class:`Name` to look up else.

    Raises :class:`~graph.errors.LookupFailed` for a prefix the project does not define and
    :class:`~graph.errors.QueryError` for a malformed ``<IRI>``.

    >>> parse("<http://x>"), parse("-1.50")
    (rdflib.term.URIRef('http://x'), rdflib.term.Literal('-1.50', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal')))
    >>> parse("foo:bar")
    Traceback (most recent call last):
    ...
    graph.errors.LookupFailed: unknown prefix 'foo:' in 'foo:bar'; the prefixes are rdf, rdfs, owl, xsd, skos, dcterms, prov, schema, foaf, crm, oa, sh, relationship, agrelon, wd, wdt, kg, rel, person, group, organisation, state, place, event, position, document, stmt, sentence, source, criticism, reference (write <foo:bar> for an IRI as it is, or "foo:bar" for text)
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        token = lexer(text).fullmatch(text)
        iri = iri_text(text) if token is not None and token.lastgroup == "iri" else ""
        if not _SCHEME.match(iri):
            raise QueryError(message("query.notAbsoluteIri", text=text))
        return URIRef(iri)
    if text.startswith(("http://", "https://")) and not any(c.isspace() for c in text):
        return URIRef(text)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return Literal(text[1:-1])
    if _INTEGER.fullmatch(text):
        return Literal(int(text))
    if _DECIMAL.fullmatch(text):
        return Literal(Decimal(text), datatype=XSD.decimal)
    pname = _PNAME.fullmatch(text)
    if pname is not None:
        prefix = pname["prefix"]
        if prefix not in PREFIXES:
            raise LookupFailed(
                message("query.unknownPrefix", prefix=repr(prefix + ":"), text=repr(text),
                        prefixes=", ".join(PREFIXES), name=text),
                close(prefix, PREFIXES),
            )
        return URIRef(PREFIXES[prefix] + pname["local"])
    return Name(text)


def is_entity_iri(iri: str) -> bool:
    """Whether ``iri`` is in one of the entity namespaces (``person:``, ``group:`` …).

    >>> is_entity_iri("https://w3id.org/stalin-kg/person/Nobody"), is_entity_iri("http://x")
    (True, False)
    """
    return str(iri).startswith(_ENTITY_NS)  # str(): rdflib terms take no tuple here


def to_term(value: Value, graph: Resolver | None = None, kind: str | None = None,
            *, param: str = "value") -> Node:
    """The term a user's ``value`` means, by the rule of this module, for a parameter of
    ``kind`` (one of :data:`KINDS`; None for an ad-hoc query's parameter).

    ``graph`` resolves names and checks entity IRIs; without one, a value that needs it is
    an error. ``param`` names the parameter in messages. Raises
    :class:`~graph.errors.LookupFailed` for a name, entity or prefix that is not there, and
    :class:`~graph.errors.QueryError` for a value that does not fit ``kind``.

    >>> to_term("1927"), to_term(1927) == to_term("1927"), to_term("exiledWith", kind="relation")
    (rdflib.term.Literal('1927', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), True, rdflib.term.URIRef('https://w3id.org/stalin-kg/vocab/rel#exiledWith'))
    >>> to_term("nineteen", kind="integer", param="year")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: parameter $year must be an integer, not 'nineteen'
    """
    if isinstance(value, Node):
        return value
    if not isinstance(value, str):
        return Literal(value)  # a number or a boolean
    if kind == "string":
        return Literal(value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value)
    if kind == "entity":
        return _graph(graph, param, value).find(value)
    if kind == "relation":
        if graph is not None:
            return URIRef(graph.relation(value).iri)
        term = parse(value)
        return URIRef(str(REL) + term.text) if isinstance(term, Name) else term
    term = parse(value)
    if kind == "integer" and not (isinstance(term, Literal) and term.datatype == XSD.integer):
        raise QueryError(message("query.notInteger", param=param, value=repr(value)))
    if kind == "iri" and not isinstance(term, URIRef):
        raise QueryError(message("query.notIri", param=param, value=repr(value)))
    if isinstance(term, Name) or (isinstance(term, URIRef) and is_entity_iri(term)):
        return _graph(graph, param, value).find(value)
    return term


def _graph(graph: Resolver | None, param: str, value: str) -> Resolver:
    if graph is None:
        raise QueryError(message("query.needsGraph", param=param, value=repr(value)))
    return graph


def short(iri: str) -> str:
    """A prefixed name for an IRI in the project's namespaces (the longest that fits), else the
    IRI: for display.

    >>> short("https://w3id.org/stalin-kg/statement/s08-x"), short("http://example.org/a")
    ('stmt:s08-x', 'http://example.org/a')
    """
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default="")
    return f"{_PREFIX_OF[best]}:{iri[len(best):]}" if best else iri


def prefixed_name(iri: str) -> str | None:
    """:func:`short` where it is valid SPARQL and Turtle (``person:Stalin``), else None.

    >>> prefixed_name("https://w3id.org/stalin-kg/sentence/08"), prefixed_name(PREFIXES["kg"] + "a b")
    ('sentence:08', None)
    """
    name = short(iri)
    token = lexer(name).fullmatch(name) if name != iri else None
    return name if token is not None and token.lastgroup in ("pname", "prefix", "local") else None


def written(iri: str) -> str:
    """``iri`` as SPARQL and Turtle write it: its :func:`prefixed_name` where there is one,
    else ``<IRI>``.

    >>> written("https://w3id.org/stalin-kg/person/Stalin"), written("http://example.org/a b")
    ('person:Stalin', '<http://example.org/a b>')
    """
    return prefixed_name(iri) or f"<{iri}>"


def local_name(iri: str) -> str:
    """The last part of an IRI: after its last ``#`` or ``/`` (a trailing ``/`` left out).

    >>> local_name(PREFIXES["rel"] + "sonOf"), local_name("http://www.wikidata.org/entity/Q855/")
    ('sonOf', 'Q855')
    """
    return re.split(r"[#/]", iri.rstrip("/"))[-1]


def render(term: Node) -> str:
    """A term written short, for tables: IRIs as :func:`short`, literals as their text.

    >>> render(URIRef(PREFIXES["person"] + "Stalin")), render(Literal("https://w3id.org/stalin-kg/person/x"))
    ('person:Stalin', 'https://w3id.org/stalin-kg/person/x')
    """
    return short(str(term)) if isinstance(term, URIRef) else str(term)
