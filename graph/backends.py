"""Where queries run: the embedded Oxigraph store, or any SPARQL 1.1 endpoint over HTTP.

Both backends answer the same methods with the project's own types, so everything built on
them (lookups, profiles, networkx, explain, export, publish, the viewer) works on either, and
local and remote differ only in this module:

==========================  ======================================================================
``query(text, form)``       a :class:`~graph.sparql.QueryResult` (rdflib terms)
``rows(text)``              the :class:`Rows` of a SELECT, for bulk reads (pyoxigraph terms)
``triple_count()``          how many triples the graph holds
``ntriples()``              every triple once, as sorted N-Triples (export, publish)
``named_graphs()``          the IRIs of the named graphs
``rdflib_graph()``          an ``rdflib.Graph`` over the same triples
``local_store(purpose)``    the ``pyoxigraph.Store`` itself; a remote backend raises KGError
==========================  ======================================================================

>>> from graph.paths import bundled_graph_files
>>> from graph.store import load_store
>>> local = LocalBackend(load_store(bundled_graph_files()))
>>> local.query("ASK { person:Stalin rel:exiledWith person:Kamenew }", "ASK").boolean
True
>>> rows = local.rows("SELECT ?who WHERE { person:Stalin rel:exiledWith ?who }")
>>> rows.variables, [who.value for who, in rows]
(['who'], ['https://w3id.org/stalin-kg/person/Kamenew'])
>>> RemoteBackend("http://127.0.0.1:7878/query").local_store("kg serve")
Traceback (most recent call last):
...
graph.errors.KGError: kg serve needs a graph loaded from files (--data), not the SPARQL endpoint http://127.0.0.1:7878/query
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox
import rdflib

from .errors import KGError, QueryError
from .messages import message
from .namespaces import PREFIXES
from .sparql import QueryResult, collect
from .sparql_errors import syntax_error
from .sparql_lexer import with_prologue

if TYPE_CHECKING:
    import httpx  # imported when a remote backend is made: a local graph's start does without

__all__ = ["Backend", "LocalBackend", "RemoteBackend", "Rows", "canonical_ntriples",
           "httpx_sparql_store", "sorted_ntriples", "standard_results"]

_USER_AGENT = "stalin-kg (SPARQL client; https://w3id.org/stalin-kg/)"
_RESULTS_JSON = "application/sparql-results+json"
_N_TRIPLES = "application/n-triples"
_EVERY_TRIPLE = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"

class Rows:
    """The solutions of a SELECT, for bulk reads: ``variables``, then one tuple a row.

    The terms stay pyoxigraph's (``.value``, ``.language``, ``.datatype``; None where a
    variable is unbound): no conversion to rdflib, so reading costs what the store costs.
    The rows can be iterated once.
    """

    __slots__ = ("_solutions", "variables")

    def __init__(self, solutions: ox.QuerySolutions) -> None:
        self.variables: list[str] = [v.value for v in solutions.variables]
        self._solutions = solutions

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return map(tuple, self._solutions)


def standard_results(body: bytes) -> bytes:
    """SPARQL JSON results as the standard writes them, from what a store sent.

    Two flavours are read besides the standard: the ``"typed-literal"`` term type of the 2005
    draft (Virtuoso writes it for every typed literal), and an ASK answered as a one-row table
    of ``__ASK_RETVAL`` (Virtuoso 7). Standard results pass through untouched.

    >>> virtuoso = (b'{"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{"__ASK_RETVAL":'
    ...             b' {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",'
    ...             b' "value": "1"}}]}}')
    >>> standard_results(virtuoso)
    b'{"head": {}, "boolean": true}'
    >>> standard_results(b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type":'
    ...                  b' "typed-literal", "value": "2", "datatype": "urn:x"}}]}}')
    b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "2", "datatype": "urn:x"}}]}}'
    """
    import json  # here: only a remote store answers in JSON

    if b"typed-literal" not in body and b"__ASK_RETVAL" not in body:
        return body
    data = json.loads(body)
    if data.get("head", {}).get("vars") == ["__ASK_RETVAL"]:
        rows = data.get("results", {}).get("bindings", [])
        value = rows[0].get("__ASK_RETVAL", {}).get("value", "0") if rows else "0"
        return json.dumps({"head": {}, "boolean": value not in ("0", "false")}).encode()
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "typed-literal":
                term["type"] = "literal"
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


class Backend(Protocol):
    """What the graph asks of the place its triples live (see the table above)."""

    def query(self, text: str, form: str, *, max_rows: int | None = None) -> QueryResult:
        """Run a query of ``form`` (SELECT, ASK, CONSTRUCT or DESCRIBE); QueryError if bad."""
        ...

    def rows(self, text: str) -> Rows:
        """The rows of a SELECT (the fast path for reading many rows)."""
        ...

    def triple_count(self) -> int:
        """How many triples the graph holds."""
        ...

    def ntriples(self) -> bytes:
        """Every triple (of any graph, once each) as N-Triples, lines sorted."""
        ...

    def named_graphs(self) -> list[str]:
        """The IRIs of the graph's named graphs, sorted."""
        ...

    def rdflib_graph(self) -> rdflib.Graph:
        """An ``rdflib.Graph`` over the same triples."""
        ...

    def local_store(self, purpose: str) -> ox.Store:
        """The embedded ``pyoxigraph.Store``; raises KGError naming ``purpose`` if remote."""
        ...


def sorted_ntriples(data: bytes) -> bytes:
    """N-Triples ``data`` with its lines sorted and each line once.

    >>> sorted_ntriples(b"<b:2> <p:> 1 .\\n<a:1> <p:> 1 .\\n<b:2> <p:> 1 .\\n")
    b'<a:1> <p:> 1 .\\n<b:2> <p:> 1 .\\n'
    """
    return b"".join(line + b"\n" for line in sorted(set(data.splitlines())) if line.strip())


def canonical_ntriples(data: bytes) -> bytes:
    r"""Sorted N-Triples ``data`` whose blank nodes are named by their place in the graph
    (rdflib's canonical labelling, run over the triples that hold one), so that two stores'
    copies of one graph, each naming its blank nodes its own way, give the same bytes.

    >>> one = b'<a:x> <p:l> _:b1 .\n_:b1 <p:f> "1" .\n'
    >>> other = b'<a:x> <p:l> _:zz .\n_:zz <p:f> "1" .\n'
    >>> canonical_ntriples(one) == canonical_ntriples(other)
    True
    >>> canonical_ntriples(b'<a:x> <p:l> "no blank node" .\n')
    b'<a:x> <p:l> "no blank node" .\n'
    """
    lines = sorted_ntriples(data).splitlines(keepends=True)
    blank = [line for line in lines if b"_:" in line]  # (a literal holding "_:" is harmless)
    if not blank:
        return b"".join(lines)
    from rdflib.compare import to_canonical_graph  # only for a graph with blank nodes

    named = to_canonical_graph(rdflib.Graph().parse(data=b"".join(blank).decode("utf-8"),
                                                    format="nt"))
    rest = b"".join(line for line in lines if b"_:" not in line)
    return sorted_ntriples(rest + named.serialize(format="nt", encoding="utf-8"))


class LocalBackend:
    """The embedded pyoxigraph store; queries see the union of its graphs, the project's
    prefixes are predeclared."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def query(self, text: str, form: str, *, max_rows: int | None = None) -> QueryResult:
        return collect(self._run(text), form, max_rows=max_rows)

    def rows(self, text: str) -> Rows:
        return Rows(self._run(text))

    def _run(self, text: str) -> Any:
        try:
            return self.store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise syntax_error(text, exc, PREFIXES) from None

    def triple_count(self) -> int:
        return len(self.store)

    def ntriples(self) -> bytes:
        data = ox.serialize((quad.triple for quad in self.store), format=ox.RdfFormat.N_TRIPLES)
        return sorted_ntriples(data or b"")

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def rdflib_graph(self) -> rdflib.Graph:
        from oxrdflib.store import OxigraphStore
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        return rdflib.Graph(OxigraphStore(store=self.store), identifier=DATASET_DEFAULT_GRAPH_ID)

    def local_store(self, purpose: str) -> ox.Store:
        return self.store


class RemoteBackend:
    """A SPARQL 1.1 Protocol endpoint (Oxigraph, Fuseki, QLever, Virtuoso, GraphDB ...).

    Queries are sent with httpx (``timeout`` seconds for each step: connecting, sending,
    waiting for the answer) as an HTML form (``POST application/x-www-form-urlencoded``, which every
    store answers; Virtuoso never answers a direct ``application/sparql-query`` POST) with the
    project's prefixes it does not declare itself added after its prologue; results are read as SPARQL JSON (SELECT/ASK) or N-Triples
    (CONSTRUCT/DESCRIBE). ``graph``: query that one named graph (``default-graph-uri``), e.g.
    where the store's default graph is the union of all its graphs, system graphs included.

    >>> RemoteBackend("http://127.0.0.1:8890/sparql", graph="https://example.org/kg")
    RemoteBackend('http://127.0.0.1:8890/sparql', graph='https://example.org/kg')
    """

    def __init__(self, endpoint: str, *, timeout: float = 60.0, graph: str | None = None) -> None:
        scheme = urllib.parse.urlsplit(endpoint).scheme
        if scheme not in ("http", "https"):
            raise KGError(message("remote.notUrl", endpoint=repr(endpoint)))
        if graph is not None and urllib.parse.urlsplit(graph).scheme == "":
            raise KGError(message("remote.notGraphIri", graph=repr(graph)))
        self.endpoint = endpoint
        self.timeout = timeout
        self.graph = graph
        self._http: tuple[int, httpx.Client] | None = None
        # TLS settings made here, once (reading the trusted certificates takes a tenth of a
        # second): a worker process forked from this one then makes its client at no cost. A
        # plain http endpoint gets a context that trusts nothing (no redirect is followed, so it
        # is never used; were it, it would refuse).
        import ssl

        import httpx

        self._tls = (httpx.create_ssl_context() if scheme == "https"
                     else ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))

    def __repr__(self) -> str:
        graph = f", graph={self.graph!r}" if self.graph else ""
        return f"RemoteBackend({self.endpoint!r}{graph})"

    def query(self, text: str, form: str, *, max_rows: int | None = None) -> QueryResult:
        if form in ("CONSTRUCT", "DESCRIBE"):
            body = self._post(text, _N_TRIPLES)
            triples = (q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
            return collect(triples, form, max_rows=max_rows)
        return collect(self._results(text), form, max_rows=max_rows)

    def rows(self, text: str) -> Rows:
        return Rows(self._results(text))

    def _results(self, text: str) -> Any:
        body = standard_results(self._post(text, _RESULTS_JSON))
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)

    def _post(self, text: str, accept: str) -> bytes:
        return self.request(text, accept).content

    def request(self, text: str, accept: str) -> httpx.Response:
        """POST the query ``text`` (the project's prefixes declared) to the endpoint, asking for
        ``accept``; the answer, unless it is an error (:class:`~graph.errors.QueryError`) or the
        endpoint cannot be reached (:class:`~graph.errors.KGError`). Every request of this
        backend goes through here, with httpx."""
        import httpx

        form = {"query": with_prologue(text, PREFIXES)}
        if self.graph is not None:
            form["default-graph-uri"] = self.graph
        try:
            response = self._client().post(self.endpoint, data=form, headers={"Accept": accept})
        except httpx.HTTPError as exc:  # refused, unreachable, timed out, cut off
            raise KGError(message("remote.unreachable", url=self.endpoint,
                                  error=exc or type(exc).__name__)) from None
        if response.is_error:
            detail = response.text.strip()[:500]
            raise QueryError(message("remote.answered", url=self.endpoint,
                                     status=response.status_code, detail=detail))
        return response

    def _client(self) -> httpx.Client:
        """This process's HTTP client for the endpoint (a worker forked from the server makes
        its own: a connection pool is not shared across processes)."""
        import httpx

        pid = os.getpid()
        if self._http is None or self._http[0] != pid:
            client = httpx.Client(timeout=self.timeout, verify=self._tls,
                                  headers={"User-Agent": _USER_AGENT})
            self._http = (pid, client)
        return self._http[1]

    def triple_count(self) -> int:
        for (n,) in self.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"):
            return int(n.value) if n is not None else 0
        return 0

    def ntriples(self) -> bytes:
        answer = self._post(_EVERY_TRIPLE, _N_TRIPLES)
        try:  # written again as the local store writes it (a store may separate terms by tabs)
            triples = list(ox.parse(answer, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise KGError(message("remote.answered", url=self.endpoint, status=200,
                                  detail=exc)) from None
        return sorted_ntriples(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")

    def named_graphs(self) -> list[str]:
        if self.graph is not None:  # the one graph queried is the default graph
            return []
        found = self.rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(g.value for g, in found if isinstance(g, ox.NamedNode))

    def rdflib_graph(self) -> rdflib.Graph:
        """A read-only ``rdflib.Graph`` over the endpoint: rdflib's ``SPARQLStore``, whose
        requests go through :meth:`request` (httpx, the named graph, the time limit), not
        urllib (:func:`httpx_sparql_store`)."""
        return rdflib.Graph(httpx_sparql_store(self))

    def local_store(self, purpose: str) -> ox.Store:
        raise KGError(message("remote.needsFiles", purpose=purpose, endpoint=self.endpoint))


def httpx_sparql_store(backend: RemoteBackend) -> Any:
    """rdflib's read-only ``SPARQLStore`` for ``backend``'s endpoint, sending its queries with
    :meth:`RemoteBackend.request` (httpx) instead of urllib.

    ``SPARQLStore`` runs a query through the ``query`` method of its base class
    ``SPARQLConnector``; the store made here puts a connector whose ``query`` posts with httpx
    between the two (both public rdflib classes and methods).

    >>> store = httpx_sparql_store(RemoteBackend("http://127.0.0.1:7878/query"))
    >>> type(store).__mro__[1].__name__, store.query_endpoint
    ('SPARQLStore', 'http://127.0.0.1:7878/query')
    """
    from io import BytesIO

    from rdflib.plugins.stores.sparqlconnector import SPARQLConnector
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    from rdflib.query import Result

    class HttpxConnector(SPARQLConnector):
        def query(self, query: str, default_graph: str | None = None,
                  named_graph: str | None = None) -> Result:
            # the graph queried is the backend's (--graph), as for every other read
            response = backend.request(query, self.response_mime_types())
            kind = response.headers.get("content-type", "").split(";")[0].strip()
            return Result.parse(BytesIO(response.content), content_type=kind)

    # (the two query methods differ as in rdflib, whose SPARQLStore subclasses SPARQLConnector)
    class HttpxSPARQLStore(SPARQLStore, HttpxConnector):  # type: ignore[misc]
        """SPARQLStore, its requests made by :class:`HttpxConnector`."""

    return HttpxSPARQLStore(backend.endpoint, returnFormat="json")
