"""What the server says about itself: the SPARQL 1.1 Service Description and a VoID description.

* ``GET /sparql`` without a query answers the `Service Description
  <https://www.w3.org/TR/sparql11-service-description/>`_ (:func:`service_description`): an
  ``sd:Service`` with its ``sd:endpoint``, ``sd:supportedLanguage sd:SPARQL11Query``, an
  ``sd:resultFormat`` for every format the endpoint writes, ``sd:feature sd:UnionDefaultGraph``
  (the default graph is the union of the named graphs) and ``sd:defaultDataset``: the default
  graph with its triple count, and each named graph (``sd:name``) with its own. A browser
  (``Accept: text/html``) is sent on to the query page (303).
* ``GET /.well-known/void`` answers the `VoID <https://www.w3.org/TR/void/>`_ description of the
  dataset (:func:`void`): ``void:triples``, ``void:entities`` (the distinct subjects whose IRIs
  are in ``void:uriSpace``), ``void:classes`` with a ``void:classPartition`` per class
  (``void:entities``: its instances), ``void:properties`` with a ``void:propertyPartition`` per
  property, the relations among them (``void:triples``: its triples), ``dcterms:license`` and
  ``dcterms:source`` (read from the graph's ``kg:Source``), ``void:sparqlEndpoint`` and
  ``void:uriSpace``.

Both come as Turtle (the default), N-Triples, JSON-LD or RDF/XML, by ``Accept`` (or
``?format=``), and are counted once per server through the graph's API, so they hold for a
remote store as well.

>>> import graph
>>> g = void(graph.load(), "http://127.0.0.1:8000/sparql")
>>> int(g.value(DATASET, VOID.triples)) == len(graph.load())
True
>>> str(g.value(DATASET, VOID.uriSpace))
'https://w3id.org/stalin-kg/'
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import anyio.to_thread
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, Namespace
from rdflib.term import Node
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from graph.namespaces import BASE, KG

from .linked_data import RDF_FORMATS, chosen_format, rdf_body, refuse, site
from .workers import GRAPH_FORMATS, RESULTS_FORMATS

if TYPE_CHECKING:
    from graph.kg import KnowledgeGraph

__all__ = ["DATASET", "FORMATS", "SD", "service_description", "sparql", "void", "void_route"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
_W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
#: The W3C's IRI (``http://www.w3.org/ns/formats/``) of every format the endpoint writes.
FORMATS: dict[str, URIRef] = {
    "application/sparql-results+json": _W3C_FORMATS.SPARQL_Results_JSON,
    "application/sparql-results+xml": _W3C_FORMATS.SPARQL_Results_XML,
    "text/csv": _W3C_FORMATS.SPARQL_Results_CSV,
    "text/tab-separated-values": _W3C_FORMATS.SPARQL_Results_TSV,
    "text/turtle": _W3C_FORMATS.Turtle,
    "application/n-triples": _W3C_FORMATS["N-Triples"],
    "application/ld+json": _W3C_FORMATS["JSON-LD"],
    "application/rdf+xml": _W3C_FORMATS.RDF_XML,
}
assert set(FORMATS) == {*RESULTS_FORMATS, *GRAPH_FORMATS}, "a format IRI for every format served"
#: The dataset's IRI: a fragment of the VoID document, so it resolves like every other IRI.
DATASET = URIRef(BASE + ".well-known/void#dataset")
_HTML_OR_RDF = {**RDF_FORMATS, "text/html": None}


def _count(kg: KnowledgeGraph, query: str) -> int:
    value = kg.query(query).rows[0][0]
    return int(value) if value is not None else 0  # type: ignore[call-overload]


def service_description(kg: KnowledgeGraph, endpoint: str) -> rdflib.Graph:
    """The SPARQL 1.1 Service Description of an endpoint at ``endpoint`` serving ``kg``.

    >>> import graph
    >>> g = service_description(graph.load(), "http://127.0.0.1:8000/sparql")
    >>> service = g.value(predicate=RDF.type, object=SD.Service)
    >>> str(g.value(service, SD.endpoint)), g.value(service, SD.supportedLanguage) == SD.SPARQL11Query
    ('http://127.0.0.1:8000/sparql', True)
    >>> len(list(g.objects(service, SD.resultFormat)))
    8
    """
    g = rdflib.Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("formats", _W3C_FORMATS)
    service, dataset, default = BNode(), BNode(), BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for media in (*RESULTS_FORMATS, *GRAPH_FORMATS):
        g.add((service, SD.resultFormat, FORMATS[media]))
    g.add((service, SD.feature, SD.UnionDefaultGraph))  # queries see the union of the graphs
    g.add((service, RDFS.label, Literal("stalin-kg SPARQL endpoint (read-only)", lang="en")))
    g.add((service, RDFS.seeAlso, URIRef(endpoint.rsplit("/", 1)[0] + "/.well-known/void")))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(_count(kg, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"))))
    for name in kg.backend.named_graphs():
        named, graph = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        triples = _count(kg, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        g.add((graph, VOID.triples, Literal(triples)))
    return g


def void(kg: KnowledgeGraph, endpoint: str) -> rdflib.Graph:
    """The VoID description of the dataset ``kg`` holds, served at ``endpoint``.

    >>> import graph
    >>> kg = graph.load()
    >>> g = void(kg, "http://127.0.0.1:8000/sparql")
    >>> person = g.value(predicate=VOID["class"], object=KG.Person)
    >>> int(g.value(person, VOID.entities)) == kg.stats()["entities"]["Person"]
    True
    >>> str(g.value(DATASET, DCTERMS.license))
    'https://creativecommons.org/licenses/by-sa/4.0/'
    """
    g = rdflib.Graph()
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    g.bind("kg", KG)
    g.add((DATASET, RDF.type, VOID.Dataset))
    g.add((DATASET, DCTERMS.title, Literal("stalin-kg", lang="en")))
    g.add((DATASET, DCTERMS.description, Literal(
        "A hand-curated knowledge graph of the people around Josef Stalin, built sentence by "
        "sentence from the German Wikipedia article; every edge with its sentence, verbatim "
        "quote, dates and basis.", lang="en")))
    for licence, source in kg.query(
        "SELECT DISTINCT ?licence ?source WHERE { ?s a kg:Source ."
        " OPTIONAL { ?s dcterms:license ?licence } OPTIONAL { ?s dcterms:source ?source } }"
    ).rows:
        if isinstance(licence, URIRef):
            g.add((DATASET, DCTERMS.license, licence))
        if isinstance(source, URIRef):
            g.add((DATASET, DCTERMS.source, source))
    g.add((DATASET, VOID.sparqlEndpoint, URIRef(endpoint)))
    g.add((DATASET, VOID.uriSpace, Literal(BASE)))
    g.add((DATASET, VOID.vocabulary, URIRef(BASE + "vocab")))
    g.add((DATASET, VOID.triples, Literal(len(kg))))
    g.add((DATASET, VOID.entities, Literal(_count(
        kg, f'SELECT (COUNT(DISTINCT ?s) AS ?n) {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{BASE}")) }}'
    ))))
    _partitions(g, kg, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) }"
                " GROUP BY ?c ORDER BY ?c", VOID.classes, VOID.classPartition, VOID["class"],
                VOID.entities)
    _partitions(g, kg, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p",
                VOID.properties, VOID.propertyPartition, VOID.property, VOID.triples)
    return g



def _partitions(g: rdflib.Graph, kg: KnowledgeGraph, counts: str, total: URIRef,
                partition: URIRef, key: URIRef, measure: URIRef) -> None:
    """VoID partitions of the dataset: one per row ``(term, n)`` of the query ``counts``, with
    ``key`` the term and ``measure`` its count, and ``total`` the number of partitions."""
    rows = kg.query(counts).rows
    g.add((DATASET, total, Literal(len(rows))))
    for term, n in rows:
        part = BNode()
        g.add((DATASET, partition, part))
        g.add((part, key, term))  # type: ignore[arg-type]  # never None: GROUP BY
        g.add((part, measure, Literal(int(n))))  # type: ignore[call-overload]

# ---------------------------------------------------------------------------- HTTP
_cache_lock = threading.Lock()
#: Where the server is, in the cached descriptions: each answer puts its own address there (a
#: Host header of a client's choosing then costs one copy, never a recount or a cache entry).
_HERE = "http://kg-serve.invalid/"


def _base(request: Request) -> str:
    """The server's address: ``base_url`` when it is set, else where the request came."""
    return request.app.state.server.settings.base_url or str(request.base_url)


def _described(request: Request, kind: str) -> rdflib.Graph:
    """The description ``kind`` (``sd`` or ``void``), counted once, with this server's address
    (blocking)."""
    state = request.app.state
    with _cache_lock:
        cache: dict[str, rdflib.Graph] = getattr(state, "descriptions", None) or {}
        state.descriptions = cache
        if kind not in cache:
            make = service_description if kind == "sd" else void
            cache[kind] = make(state.server.kg, _HERE + "sparql")
        counted = cache[kind]
    base = _base(request)

    def here(term: Node) -> Node:
        if isinstance(term, URIRef) and term.startswith(_HERE):
            return URIRef(base + term[len(_HERE):])
        return term

    out = rdflib.Graph()
    for prefix, ns in counted.namespaces():
        out.bind(prefix, ns)
    for s, p, o in counted:
        out.add((here(s), p, here(o)))
    return out


def _answer(request: Request, graph: rdflib.Graph, media: str) -> Response:
    return Response(rdf_body(graph, media), media_type=media, headers={"Vary": "Accept"})


async def sparql(request: Request) -> Response:
    """``/sparql`` without a query (a GET with neither ``query`` nor ``update``: the application
    routes the others to :func:`kgapp.server.app.sparql`): the service description; a browser
    goes on to the query page."""
    media = chosen_format(request, _HTML_OR_RDF)
    if media is None:
        return refuse(request, _HTML_OR_RDF, site(request).lang)
    if media == "text/html":
        return RedirectResponse(site(request).links.page("query"), 303, headers={"Vary": "Accept"})
    graph = await anyio.to_thread.run_sync(_described, request, "sd")
    return _answer(request, graph, media)


async def void_route(request: Request) -> Response:
    """``/.well-known/void``: the VoID description of the dataset."""
    media = chosen_format(request, RDF_FORMATS)
    if media is None:
        return refuse(request, RDF_FORMATS, site(request).lang)
    graph = await anyio.to_thread.run_sync(_described, request, "void")
    return _answer(request, graph, media)

