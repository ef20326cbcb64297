"""Linked Data: every IRI the project mints resolves on ``kg serve``, by content negotiation.

==============================  ================================================================
IRI                             answered at (a local path, or the same path below ``base_url``)
==============================  ================================================================
``person:Stalin`` (any entity)  ``/person/Stalin``: the profile ``kg show`` prints
``stmt:s08-…``                  ``/statement/s08-…``: the claim, its dates, evidence and basis
``sentence:08``                 ``/sentence/08``: the sentence and everything it says
``source:…``                    ``/source/…``: the source document's triples
``kg:Person``, ``kg:quote`` …   ``/vocab`` (anchor ``#Person``): classes, statement properties,
                                the basis values
``rel:exiledWith``              ``/vocab/rel`` (anchor ``#exiledWith``): the relations
==============================  ================================================================

The two vocabulary namespaces end in ``#``, and a client never sends the fragment, so the
document ``/vocab`` (which is also the ontology's own IRI, ``https://w3id.org/stalin-kg/vocab``)
answers for every ``kg:`` term and ``/vocab/rel`` for every ``rel:`` relation, each term under an
anchor of its local name.

``Accept: text/html`` (a browser) gets a readable page; ``text/turtle`` (the default for a
client that takes anything else), ``application/n-triples``, ``application/ld+json`` or
``application/rdf+xml`` get the resource's description (:func:`description`): its triples, the
triples that point at it, the statements about it, derived from it or attributed to it (their
triples), the sentences they cite and the labels of what they link to. ``?format=`` (``html``,
``turtle``, ``nt``, ``jsonld``, ``rdfxml``) overrides ``Accept``, so that every representation
also has a URL of its own; answers say ``Vary: Accept`` and list the others in ``Link: <…>;
rel="alternate"`` headers. An IRI the graph does not hold gets 404 in the negotiated format (a
page with names like it). Everything is read through :class:`~graph.kg.KnowledgeGraph`'s API, so
the pages work as well over a remote store; RDF answers always use the real IRIs, while the
pages link by local paths, or below ``base_url`` when it is set.

>>> Links().url("https://w3id.org/stalin-kg/person/Stalin")
'/person/Stalin'
>>> Links("https://w3id.org/stalin-kg/").url("https://w3id.org/stalin-kg/vocab/rel#exiledWith")
'https://w3id.org/stalin-kg/vocab/rel#exiledWith'
>>> Links().url("http://www.wikidata.org/entity/Q855"), Links().viewer(BASE + "person/Stalin")
('http://www.wikidata.org/entity/Q855', '/#person:Stalin')
>>> import graph
>>> from graph.namespaces import PERSON, SENTENCE, STMT
>>> g = description(graph.load(), STMT["s08-stalin-exiledWith-kamenew"])
>>> sorted(terms.short(str(o)) for o in g.objects(STMT["s08-stalin-exiledWith-kamenew"]))[1:4]
['kg:Stated', 'person:Kamenew', 'person:Stalin']
>>> str(g.value(SENTENCE["08"], KG.sentenceNumber))
'8'
"""

from __future__ import annotations

import base64
import hashlib
import threading
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import TYPE_CHECKING, Any

import anyio.to_thread
import rdflib
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from graph import terms
from graph.backends import sorted_ntriples
from graph.messages import PLACEHOLDER, catalogue, message
from graph.model import KINDS, Span, Statement
from graph.namespaces import BASE, KG, PREFIXES, RDF, RDFS
from graph.release import citation
from graph.sources import sentence_ref
from graph.text import basis_note, kind_label, phrase, profile_of

from .headers import content_security_policy
from .negotiation import negotiate, page_lang

if TYPE_CHECKING:
    from graph.criticism import Criticism
    from graph.kg import KnowledgeGraph

__all__ = [
    "ANSWER_FORMATS", "FORMAT_NAMES", "PAGE_CSP", "ROUTES", "Links", "description", "fill",
    "rdf_body", "vocabulary", "words",
]

#: What a resource can be answered as, by media type: a page, or its description in RDF
#: (the rdflib serialiser's name). The first is the default.
ANSWER_FORMATS: dict[str, str | None] = {
    "text/html": None,
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",  # not pretty-xml: it drops triples on list nodes
}
#: ``?format=`` names for the media types (the names ``kg query --format`` uses where it has one).
FORMAT_NAMES: dict[str, str] = {
    "html": "text/html",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
#: Where RDF answers may come from when the client takes anything: Turtle first.
RDF_FORMATS = {media: fmt for media, fmt in ANSWER_FORMATS.items() if fmt is not None}

#: The namespaces under the project's base whose members are resources of their own
#: (``person/`` ... ``statement/``, ``sentence/``, ``source/``), by path segment.
SLASH_SPACES: dict[str, str] = {
    iri[len(BASE):-1]: iri for iri in PREFIXES.values() if iri.startswith(BASE) and iri.endswith("/")
}
#: The hash namespaces (``kg:``, ``rel:``), by the path of the document that holds their terms.
HASH_SPACES: dict[str, str] = {
    iri[len(BASE):-1]: iri for iri in PREFIXES.values() if iri.startswith(BASE) and iri.endswith("#")
}
#: The pages' one stylesheet, inlined; the Content-Security-Policy allows it by its hash and
#: nothing else: a page loads nothing and runs no script.
_CSS = (resources.files(__package__) / "templates" / "page.css").read_text(encoding="utf-8")
PAGE_CSP = content_security_policy(
    style_src=f"'sha256-{base64.b64encode(hashlib.sha256(_CSS.encode()).digest()).decode()}'"
)
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_PATH_SAFE = "/#:@!$&'()*+,;=~-._"  # kept as they are in a path; the rest is percent-encoded


# ---------------------------------------------------------------------------- where things are
@dataclass(frozen=True)
class Links:
    """Where a page links to: the project's IRIs as local paths (``/person/Stalin``), or below
    ``base_url`` (``settings.base_url``) when the server is reached there; other IRIs as they are.

    ``lang``: the language the pages are asked in (``?lang=``), which links to the server's
    own pages keep; None for the default, English.

    >>> Links().page("query"), Links("https://kg.example.org/").page("query")
    ('/query', 'https://kg.example.org/query')
    >>> Links(lang="de").url(BASE + "person/Stalin"), Links(lang="de").page("query?named=x")
    ('/person/Stalin?lang=de', '/query?named=x&lang=de')
    """

    base_url: str | None = None
    lang: str | None = None

    def url(self, iri: str) -> str:
        """The address of an IRI's page (the IRI itself outside the project's namespaces)."""
        iri = str(iri)
        if not iri.startswith(BASE):
            return iri
        return self.page(urllib.parse.quote(iri[len(BASE):], safe=_PATH_SAFE))

    def page(self, path: str) -> str:
        """The address of one of the server's own pages (``""``: the viewer, ``"query"``)."""
        address = (self.base_url or "/") + path
        if not self.lang:
            return address
        address, hash_, fragment = address.partition("#")
        return address + ("&" if "?" in address else "?") + "lang=" + self.lang + hash_ + fragment

    def viewer(self, iri: str) -> str:
        """The viewer, focused on an entity (it reads the prefixed name after ``#``)."""
        return self.page("") + "#" + terms.short(iri)

    def query(self, iri: str) -> str:
        """The query page, running ``relations-of`` for an entity."""
        return self.page("query?" + urllib.parse.urlencode({"named": "relations-of", "entity": iri}))

    def alternate(self, iri: str, name: str) -> str:
        """The address of one representation (``?format=NAME``) of a resource's page."""
        return Links(self.base_url).url(iri).split("#")[0] + "?format=" + name


# ---------------------------------------------------------------------------- descriptions in RDF
_ABOUT = """{ VALUES ?st { $x } } UNION { ?st rdf:subject $x } UNION { ?st rdf:object $x }
      UNION { ?st prov:wasAttributedTo $x } UNION { ?st prov:wasDerivedFrom $x }
      ?st a rdf:Statement ."""
_DESCRIBE = f"""CONSTRUCT {{
  $x ?p ?o . ?in ?ip $x . ?node ?np ?no . ?st ?sp ?so . ?sen ?tp ?to . ?n rdfs:label ?label .
}} WHERE {{
  {{ $x ?p ?o OPTIONAL {{ ?o rdfs:label ?label BIND(?o AS ?n) }} }}
  UNION {{ $x ?bp ?b FILTER(isBlank(?b)) ?b rdf:rest* ?node . ?node ?np ?no }}
  UNION {{ ?in ?ip $x OPTIONAL {{ ?in rdfs:label ?label BIND(?in AS ?n) }} }}
  UNION {{ {_ABOUT} ?st ?sp ?so OPTIONAL {{ ?so rdfs:label ?label BIND(?so AS ?n) }} }}
  UNION {{ {_ABOUT} ?st prov:wasDerivedFrom ?sen . ?sen ?tp ?to }}
}}"""
_VOCABULARY = """CONSTRUCT { ?s ?p ?o . ?node ?np ?no } WHERE {
  ?s ?p ?o FILTER(STRSTARTS(STR(?s), $ns) || ?s = $doc)
  OPTIONAL { FILTER(isBlank(?o)) ?o rdf:rest* ?node . ?node ?np ?no }
}"""


def description(kg: KnowledgeGraph, iri: str) -> rdflib.Graph:
    """What the graph says about ``iri``: its triples (and the lists they hold), the triples
    that point at it, the statements about it, derived from it or attributed to it with all
    their triples, the sentences those cite, and the labels of what all these link to. Empty
    when the graph does not hold the IRI.

    >>> import graph
    >>> from graph.namespaces import PERSON
    >>> g = description(graph.load(), PERSON.Kamenew)
    >>> (PERSON.Stalin, URIRef(PREFIXES["rel"] + "exiledWith"), PERSON.Kamenew) in g
    True
    >>> sorted(str(n) for n in g.objects(PERSON.Stalin, RDFS.label))
    ['Josef Stalin', 'Joseph Stalin']
    """
    graph: rdflib.Graph = kg.query(_DESCRIBE, {"x": URIRef(iri)}).to_graph()
    return graph


def vocabulary(kg: KnowledgeGraph, document: str) -> rdflib.Graph:
    """The triples of every term of a hash namespace, and of its document (``vocab`` for
    ``kg:``, ``vocab/rel`` for ``rel:``), with the lists they hold.

    >>> import graph
    >>> g = vocabulary(graph.load(), "vocab")
    >>> (KG.Person, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in g
    True
    >>> len(list(Collection(g, g.value(KG.Basis, URIRef("http://www.w3.org/2002/07/owl#oneOf")))))
    3
    """
    bindings = {"ns": Literal(HASH_SPACES[document]), "doc": URIRef(BASE + document)}
    graph: rdflib.Graph = kg.query(_VOCABULARY, bindings).to_graph()
    return graph


def rdf_body(graph: rdflib.Graph, media: str) -> bytes:
    """``graph`` written as ``media`` (one of :data:`RDF_FORMATS`), with the project's prefixes
    (N-Triples sorted, so the same graph always reads the same).

    >>> from graph.namespaces import PERSON
    >>> g = rdflib.Graph()
    >>> _ = g.add((PERSON.Stalin, RDFS.label, Literal("Stalin")))
    >>> rdf_body(g, "application/n-triples")
    b'<https://w3id.org/stalin-kg/person/Stalin> <http://www.w3.org/2000/01/rdf-schema#label> "Stalin" .\\n'
    """
    fmt = RDF_FORMATS[media]
    if fmt == "nt":
        return sorted_ntriples(graph.serialize(format="nt", encoding="utf-8"))
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    graph.bind("xml", _XML_NS)  # RDF/XML writes xml:lang with it (a query's graph binds none)
    options: dict[str, Any] = {"context": dict(PREFIXES)} if fmt == "json-ld" else {}
    body: bytes = graph.serialize(format=fmt, encoding="utf-8", **options)
    return body


def _not_found_body(media: str, iri: str, near: list[tuple[str, str, str]],
                    lang: str = "en") -> bytes:
    """An empty description, saying why and naming the entities with names like the IRI's
    (``near``: label, prefixed name, IRI), as the 404 page does: in comments where the format
    has them, in keys JSON-LD ignores (no context maps them) where it has not."""
    empty = rdf_body(rdflib.Graph(), media)
    said = [message("server.missing.none", lang, curie=f"<{iri}>")]
    if near:
        said += [message("server.missing.near", lang)] + [f"  {short}  {label}  <{i}>"
                                                    for label, short, i in near]
    if media in ("text/turtle", "application/n-triples"):
        return "".join(f"# {line}\n" for line in said).encode() + empty
    if media == "application/rdf+xml":
        declaration, _, rest = empty.decode().partition("\n")
        comment = "\n".join(line.replace("--", "- -") for line in said)
        return f"{declaration}\n<!--\n{comment}\n-->\n{rest}".encode()
    if media == "application/ld+json":
        import json  # here: only a JSON-LD 404 writes it this way

        return json.dumps({"@graph": [], "notFound": said[0], "near": [
            {"label": label, "name": short, "iri": i} for label, short, i in near]},
            ensure_ascii=False, indent=2).encode()
    return empty


def own_first(body: bytes, iri: str, media: str) -> bytes:
    """``body`` (:func:`rdf_body`'s answer for the description of ``iri``) with the IRI's own
    triples first: its block in Turtle, its lines in N-Triples, its node in JSON-LD and
    RDF/XML (the writers order subjects their own way).

    >>> nt = b"<http://a> <http://p> <http://x> .\\n<http://x> <http://p> <http://a> .\\n"
    >>> print(own_first(nt, "http://x", "application/n-triples").decode(), end="")
    <http://x> <http://p> <http://a> .
    <http://a> <http://p> <http://x> .
    """
    if media == "application/n-triples":
        lines = body.splitlines(keepends=True)
        mine = f"<{iri}> ".encode()
        return b"".join([x for x in lines if x.startswith(mine)]
                        + [x for x in lines if not x.startswith(mine)])
    if media == "application/ld+json":
        import json

        data = json.loads(body)
        nodes = data.get("@graph") if isinstance(data, dict) else None
        if isinstance(nodes, list):
            nodes.sort(key=lambda n: not (isinstance(n, dict) and n.get("@id") in
                                          (iri, terms.short(iri))))
            return json.dumps(data, ensure_ascii=False, indent=2).encode()
        return body
    text = body.decode("utf-8")
    if media == "text/turtle" and '"""' not in text:  # (a long string may hold blank lines)
        prologue, blocks = _turtle_blocks(text)
        names = (f"<{iri}>", terms.short(iri))
        own = [b for b in blocks if b.split(None, 1)[0] in names]
        others = [b for b in blocks if b not in own]
        return (prologue + "\n\n".join(own + others) + "\n").encode()
    if media == "application/rdf+xml":  # rdflib's plain writer: one element per subject
        start, end = text.find("\n  <rdf:Description"), text.rfind("</rdf:RDF>")
        if start < 0 or end < 0:
            return body
        nodes = ["\n  <rdf:Description" + x for x in text[start:end].split("\n  <rdf:Description")[1:]]
        nodes.sort(key=lambda n: f'rdf:about="{iri}"' not in n.split(">", 1)[0])
        return (text[:start] + "".join(nodes) + text[end:]).encode()
    return body


def _turtle_blocks(text: str) -> tuple[str, list[str]]:
    """rdflib's Turtle as its prologue and its subject blocks (separated by blank lines)."""
    chunks = text.strip("\n").split("\n\n")
    head = []
    while chunks and chunks[0].lstrip().startswith(("@prefix", "@base", "PREFIX", "BASE")):
        head.append(chunks.pop(0))
    return ("\n\n".join(head) + "\n\n" if head else ""), chunks


# ---------------------------------------------------------------------------- pages
def words(lang: str = "en") -> dict[str, str]:
    """The words of the server's pages in ``lang``: the catalogue's ``server.*`` texts by their
    full key, as the templates read them (``{{ w['server.nav.query'] }}``).

    >>> words()["server.missing.title"], words("de")["server.missing.title"]
    ('Not found', 'Nicht gefunden')
    """
    return {"server." + key: text for key, text in catalogue(lang, "server.").items()}


def fill(text: str, **parts: object) -> Markup:
    """``text`` (a catalogue text) for an HTML page, escaped, each ``{name}`` replaced by
    ``parts[name]``, escaped too unless it is already :class:`~markupsafe.Markup` (a link the
    template built, whose own parts the template escaped).

    >>> fill("No resource {curie} in {where}.", curie="<b>", where=Markup("<a href='/'>x</a>"))
    Markup("No resource &lt;b&gt; in <a href='/'>x</a>.")
    """
    return Markup(PLACEHOLDER.sub(lambda m: str(escape(parts[m.group(1)])), str(escape(text))))


@dataclass(frozen=True)
class Value:
    """An RDF term as a page shows it: its text, where it links, and a note (``@de``,
    ``^^xsd:gYear``)."""

    text: str
    href: str | None = None
    note: str = ""
    items: tuple[Value, ...] = ()  # the members of an RDF list


@dataclass(frozen=True)
class Evidence:
    """A statement's evidence on a page: sentence, quote, basis mark, and where they are."""

    statement: Statement
    href: str
    sentence_href: str | None
    note: str | None
    span: str | None


class Site:
    """The pages and descriptions of one server: its graph, where it links, cached parts."""

    def __init__(self, kg: KnowledgeGraph, links: Links, lang: str = "en") -> None:
        self.kg = kg
        self.links = links
        #: the language of the pages: their words, and every name and relation on them
        self.lang = lang
        self.env = Environment(
            loader=PackageLoader("kgapp.server", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True, lstrip_blocks=True,
        )
        self.env.globals["fill"] = fill
        self._vocab: dict[str, rdflib.Graph] = {}
        self._lock = threading.Lock()

    @cached_property
    def statements(self) -> dict[str, Statement]:
        return {st.iri: st for st in self.kg.statements}

    @cached_property
    def sentences(self) -> dict[int, str]:
        """Sentence IRIs by number."""
        return {s.number: s.iri for s in self.kg.sentences() if s.number is not None}

    def vocabulary(self, document: str) -> rdflib.Graph:
        with self._lock:
            if document not in self._vocab:
                self._vocab[document] = vocabulary(self.kg, document)
            return self._vocab[document]

    # ------------------------------------------------------------------ view models
    def value(self, term: Any, graph: rdflib.Graph | None = None) -> Value:
        """A term as a page shows it; an RDF list in ``graph`` with its members."""
        if isinstance(term, URIRef):
            iri = str(term)
            href = self.links.url(iri) if iri.startswith(("http://", "https://")) else None
            if iri in self.kg.entities:  # names in the page's language, as kg show --lang
                return Value(self.kg.label(iri, self.lang), href)
            if iri in self.kg.relation_catalogue:
                return Value(self.kg.label(iri, self.lang), href, terms.short(iri))
            return Value(terms.short(iri), href)
        if isinstance(term, Literal):
            note = f"@{term.language}" if term.language else (
                f"^^{terms.short(str(term.datatype))}" if term.datatype is not None
                and not str(term.datatype).endswith("#string") else "")
            return Value(str(term), None, note)
        if isinstance(term, BNode) and graph is not None and (term, RDF.first, None) in graph:
            return Value("list", None, "", tuple(self.value(t, graph) for t in Collection(graph, term)))
        return Value(f"_:{term}")

    def evidence(self, st: Statement) -> Evidence:
        sentence = st.sentence_iri or (
            self.sentences.get(st.sentence) if st.sentence is not None else None)
        return Evidence(
            st, self.links.url(st.iri), self.links.url(sentence) if sentence else None,
            basis_note(self.kg, st, self.lang), str(st.span) if st.span.dated else None,
        )

    def criticisms(self, records: list[Criticism]) -> list[dict[str, Any]]:
        """The source criticism a page shows beside the claim: each record with the addresses
        of its own page and of its sentence's."""
        return [{
            "record": c, "id": terms.local_name(c.iri), "href": self.links.url(c.iri),
            "sentence_href": self.links.url(c.sentence_iri) if c.sentence_iri else None,
        } for c in records]

    def triples(self, iri: str, graph: rdflib.Graph) -> dict[str, list[tuple[Value, Value]]]:
        """The triples of ``graph`` about ``iri`` for a table: ``out`` (predicate, object) and
        ``in`` (subject, predicate)."""
        node = URIRef(iri)
        out = sorted(((self.value(p), self.value(o, graph)) for p, o in graph.predicate_objects(node)),
                     key=lambda pv: (pv[0].text, pv[1].text))
        into = sorted(((self.value(s), self.value(p)) for s, p in graph.subject_predicates(node)),
                      key=lambda sp: (sp[1].text, sp[0].text))
        return {"out": out, "in": into}

    def render(self, template: str, iri: str, title: str, **context: Any) -> str:
        alternates = [(FORMAT_NAMES[name], name, self.links.alternate(iri, name))
                      for name in FORMAT_NAMES if name != "html"]
        return self.env.get_template(template).render(
            title=title, iri=iri, curie=terms.short(iri), links=self.links,
            alternates=alternates, css=Markup(_CSS), w=words(self.lang), lang=self.lang,
            **context,
        )

    # ------------------------------------------------------------------ the pages
    def page(self, iri: str) -> str | None:
        """The HTML page of a resource, or None when the graph does not hold it."""
        if iri in self.kg.entities:
            return self._entity_page(iri)
        if iri in self.statements:
            return self._statement_page(iri)
        graph = description(self.kg, iri)
        if not len(graph):
            return None
        number = graph.value(URIRef(iri), KG.sentenceNumber)
        if isinstance(number, Literal) and (URIRef(iri), RDF.type, KG.Sentence) in graph:
            return self._sentence_page(iri, int(number.toPython()), graph)
        labels = {o.language: str(o) for o in graph.objects(URIRef(iri), RDFS.label)
                  if isinstance(o, Literal)}
        title = labels.get(self.lang) or labels.get("en") or next(iter(labels.values()),
                                                                   terms.short(iri))
        return self.render("resource.html", iri, title, table=self.triples(iri, graph))

    def _entity_page(self, iri: str) -> str:
        p = profile_of(self.kg, iri, self.lang)
        e = p.entity
        kind = next(k for k, v in KINDS.items() if v == e.kind)
        return self.render(
            "entity.html", iri, e.label(self.lang), profile=p, entity=e,
            kind=Value(kind_label(self.kg, e.kind, self.lang), self.links.url(kind)),
            evidence_of=self.evidence, viewer=self.links.viewer(iri), query=self.links.query(iri),
            phrase=lambda st: phrase(self.kg, st, True, self.lang),
            label=lambda node: self.kg.label(node, self.lang),
            criticisms=self.criticisms(list(p.criticisms)),
        )

    def _statement_page(self, iri: str) -> str:
        st = self.statements[iri]
        graph = description(self.kg, iri)
        subject, obj = self.value(URIRef(st.subject)), self.value(st.object)
        claimant = self.value(URIRef(st.claimant)) if st.claimant else None
        text = st.sentence_text or ""
        at = text.find(st.quote) if st.quote else -1
        parts = (text[:at], st.quote, text[at + len(st.quote):]) if at >= 0 else (text, "", "")
        title = f"{subject.text} — {phrase(self.kg, st, True, self.lang)} — {obj.text}"
        cite = citation(self.kg, st)
        source = self.value(URIRef(cite.source)) if cite.source else None
        if source is not None and cite.source_title:
            source = Value(cite.source_title, source.href)
        also = [(sentence_ref(s), self.links.url(s)) for s in st.cited_sentences
                if s != st.sentence_iri]
        return self.render(
            "statement.html", iri, title, st=st, subject=subject, object=obj,
            relation=self.value(URIRef(st.relation)), claimant=claimant,
            evidence=self.evidence(st), sentence_parts=parts, table=self.triples(iri, graph),
            span=_span(st.span), source=source, also=also, cite=cite,
            sentence=sentence_ref(st.sentence_iri, st.sentence),
            criticisms=self.criticisms(self.kg.criticisms_of([iri])),
        )

    def _sentence_page(self, iri: str, number: int, graph: rdflib.Graph) -> str:
        node = URIRef(iri)
        source = graph.value(node, URIRef(PREFIXES["dcterms"] + "isPartOf"))
        said = [
            (self.value(URIRef(st.subject)), phrase(self.kg, st, True, self.lang),
             self.value(st.object),
             self.evidence(st))
            for st in self.kg.statements
            if st.sentence_iri == iri or iri in st.cited_sentences
        ]
        return self.render(
            "sentence.html", iri, message("server.sentence.title", self.lang, n=number), number=number,
            text=str(graph.value(node, KG.text) or ""),
            source=self.value(source) if source is not None else None, said=said,
            criticisms=self.criticisms([c for c in self.kg.criticisms if c.sentence_iri == iri]),
        )

    def vocabulary_page(self, document: str) -> str:
        """The page of ``/vocab`` (classes, statement properties, values) or ``/vocab/rel``."""
        graph = self.vocabulary(document)
        ns = HASH_SPACES[document]
        owl = PREFIXES["owl"]
        counts = self.kg.stats()["relations"] if document == "vocab/rel" else {}
        sections: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for term in sorted({s for s in graph.subjects() if str(s).startswith(ns)}, key=str):
            types = {str(t) for t in graph.objects(term, RDF.type)}
            if owl + "Class" in types:
                section = "classes"
            elif any(t.endswith("Property") for t in types):
                section = "relations" if document == "vocab/rel" else "properties"
            else:
                section = "values"
            name = terms.local_name(str(term))
            rows = [(self.value(p), self.value(o, graph)) for p, o in sorted(graph.predicate_objects(term))]
            sections[section].append({
                "name": name, "iri": str(term), "rows": rows,
                "count": counts.get(name, 0) if document == "vocab/rel" else None,
                "label": {str(o.language): str(o) for o in graph.objects(term, RDFS.label)
                          if isinstance(o, Literal)},
            })
        order = ["classes", "properties", "values", "relations"]  # as the page's ids name them
        rel = document == "vocab/rel"
        title = message("server.vocab.relations", self.lang) if rel else message("server.vocab.title", self.lang)
        headings = {
            "classes": message("server.vocab.classes", self.lang),
            "properties": message("server.vocab.properties", self.lang),
            "values": message("server.vocab.values", self.lang),
            "relations": message("server.vocab.relations", self.lang),
        }
        return self.render(
            "vocab.html", BASE + document, title, rel=rel,
            sections=[(s, headings[s], sections[s]) for s in order if s in sections],
            other=self.links.url(BASE + ("vocab" if document == "vocab/rel" else "vocab/rel")),
        )

    def missing_page(self, iri: str) -> str:
        """The 404 page: the IRI is not in this graph; entities with names like it."""
        near = [(label, short, url) for label, short, _, url in self.near(iri)]
        return self.render("missing.html", iri, message("server.missing.title", self.lang), near=near)

    def near(self, iri: str) -> list[tuple[str, str, str, str]]:
        """The entities with names like the local name of ``iri`` (the one search rule, typos
        too), each as its label, prefixed name, IRI and page: what every 404 suggests."""
        local = urllib.parse.unquote(terms.local_name(iri))
        return [(e.label(self.lang), terms.short(e.iri), e.iri, self.links.url(e.iri))
                for e in self.kg.search(local, limit=5)]


def _span(span: Span) -> str | None:
    return str(span) if span.dated else None


# ---------------------------------------------------------------------------- HTTP
def site(request: Request) -> Site:
    """The :class:`Site` of the application serving ``request``, in the language it asks for
    (``?lang=de``; English by default), made on first use."""
    lang = page_lang(request)
    state = request.app.state
    sites: dict[str, Site] | None = getattr(state, "linked_data", None)
    if sites is None:
        sites = state.linked_data = {}
    if lang not in sites:
        server = state.server
        links = Links(server.settings.base_url, None if lang == "en" else lang)
        sites[lang] = Site(server.kg, links, lang)
    return sites[lang]


def chosen_format(request: Request, formats: dict[str, Any]) -> str | None:
    """The media type to answer with: ``?format=NAME`` if given, else by ``Accept``."""
    name = request.query_params.get("format")
    if name is not None:
        media = FORMAT_NAMES.get(name)
        return media if media in formats else None
    return negotiate(request.headers.get("accept"), formats)


def refuse(request: Request, formats: dict[str, Any], lang: str = "en") -> Response:
    """406: none of the types the client takes (or the ``?format=`` it names) is offered; the
    body in ``lang``, the language of the page asked for."""
    offered = ", ".join(formats)
    names = ", ".join(n for n, m in FORMAT_NAMES.items() if m in formats)
    text = message("server.notAcceptable", lang, accept=repr(request.headers.get("accept")),
                   offered=offered, names=names)
    return PlainTextResponse(text + "\n", 406, headers={"Vary": "Accept"})


def _headers(s: Site, iri: str, media: str) -> dict[str, str]:
    links = ", ".join(
        f'<{s.links.alternate(iri, name)}>; rel="alternate"; type="{m}"'
        for name, m in FORMAT_NAMES.items() if m != media
    )
    headers = {"Vary": "Accept", "Link": links}
    if media == "text/html":
        headers["Content-Security-Policy"] = PAGE_CSP
    return headers


async def _negotiated(request: Request, iri: str, page: Any, graph: Any) -> Response:
    """Answer for ``iri``: ``page()`` (HTML or None) or ``graph()`` (RDF, empty: not held)."""
    s = site(request)
    media = chosen_format(request, ANSWER_FORMATS)
    if media is None:
        return refuse(request, ANSWER_FORMATS, s.lang)
    headers = _headers(s, iri, media)
    if media == "text/html":
        html = await anyio.to_thread.run_sync(page)
        if html is None:
            html = await anyio.to_thread.run_sync(s.missing_page, iri)
            return Response(html, 404, headers=headers, media_type="text/html")
        return Response(html, headers=headers, media_type="text/html")
    described: rdflib.Graph = await anyio.to_thread.run_sync(graph)
    if not len(described):
        near = await anyio.to_thread.run_sync(s.near, iri)
        body = _not_found_body(media, iri, [(label, short, i) for label, short, i, _ in near],
                               s.lang)
        return Response(body, 404, headers=headers, media_type=media)
    body = own_first(rdf_body(described, media), iri, media)
    return Response(body, headers=headers, media_type=media)


async def resource(request: Request) -> Response:
    """An entity, statement, sentence or source: ``/person/Stalin`` for ``person:Stalin``."""
    space = request.url.path.split("/")[1]
    iri = SLASH_SPACES[space] + request.path_params["local"]
    s = site(request)
    return await _negotiated(request, iri, lambda: s.page(iri), lambda: description(s.kg, iri))


async def vocab(request: Request) -> Response:
    """``/vocab`` and ``/vocab/rel``: the documents of the ``kg:`` and ``rel:`` terms."""
    document = request.url.path.strip("/")
    s = site(request)
    return await _negotiated(
        request, BASE + document, lambda: s.vocabulary_page(document),
        lambda: s.vocabulary(document),
    )


#: The routes of the Linked Data pages (after the server's own: ``/queries/…``, ``/static/…``).
ROUTES: list[Route] = [
    *(Route(f"/{space}/{{local:path}}", resource) for space in SLASH_SPACES),
    *(Route(f"/{document}", vocab) for document in HASH_SPACES),
]
