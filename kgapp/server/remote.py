"""Queries answered by a remote SPARQL store: ``kg serve --endpoint URL [--graph IRI]``.

The store holds the data; the server keeps everything else. A :class:`RemoteRunner` is what the
worker processes of :class:`~kgapp.server.workers.WorkerPool` run instead of querying a local
store, so the limits stay as they are: a query past ``timeout`` is stopped (its worker killed,
which closes its connection to the store) and the client gets 503, a worker may take
``max_memory`` MB for the store's answer, the client going away stops the query. Each job is

1. checked with :func:`kgapp.server.guard.check` before anything is sent (an update: 403;
   ``SERVICE``, ``FROM`` naming a graph the store does not hold, deep nesting: 400);
2. sent through :class:`~graph.backends.RemoteBackend` (as a form, the project's prefixes
   prepended), the time limit as its timeout; relative IRIs are resolved first against the
   endpoint the client called, as the local server resolves them (not every store reads a
   ``BASE`` after the prefixes);
3. re-serialised in the negotiated format, cut at ``max_rows``, by the same code as local
   answers (:func:`~kgapp.server.workers.serialize_solutions` and its siblings).

A protocol dataset (``default-graph-uri`` / ``named-graph-uri``) that names only graphs the
store does not hold is an empty dataset, answered without the store; one that names graphs the
store holds is refused (400): RemoteBackend sends no dataset of its own but ``--graph``. The
workers need the network, so they run without the seccomp sandbox; the one host they reach is
the store's.

>>> runner = RemoteRunner(RemoteBackend("http://127.0.0.1:9/sparql"), timeout=1)
>>> runner(Job("ASK {}", named_graphs=("http://example.org/elsewhere",))).body
b'{"head":{},"boolean":true}'
>>> runner(Job("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"))
Traceback (most recent call last):
...
kgapp.server.guard.Refused: SERVICE is not allowed: this server never fetches other endpoints (at line 1)
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.backends import RemoteBackend
from graph.errors import KGError, QueryError
from graph.messages import message
from graph.sparql import to_oxigraph
from graph.sparql_lexer import head, iri_text, lex

from . import guard
from .workers import (
    Job,
    QueryFailed,
    Reply,
    execute,
    serialize_boolean,
    serialize_solutions,
    serialize_triples,
)

__all__ = ["RemoteRunner", "resolve_iris"]


class RemoteRunner:
    """Answer a :class:`~kgapp.server.workers.Job` by asking the store behind ``backend``
    (its endpoint and ``graph``), waiting at most ``timeout`` seconds for it.

    Raises :class:`~kgapp.server.guard.Refused` for a query the guard refuses, and
    :class:`~kgapp.server.workers.QueryFailed`: 400 when the store refused the query, 503 when
    it did not answer in time, 502 when it could not be reached.
    """

    def __init__(self, backend: RemoteBackend, *, timeout: float) -> None:
        self.backend = RemoteBackend(backend.endpoint, timeout=timeout, graph=backend.graph)
        self._empty = ox.Store()  # the empty dataset, for graphs the store does not hold

    def __repr__(self) -> str:
        return f"RemoteRunner({self.backend!r}, timeout={self.backend.timeout:g})"

    def __call__(self, job: Job) -> Reply:
        held = job.guard or frozenset()
        form = guard.check(job.query, graphs=held).form
        if job.protocol_dataset:
            named = [g for g in (*job.default_graph, *(job.named_graphs or ())) if g in held]
            if named:
                raise guard.Refused(message("server.error.protocolDataset",
                                            endpoint=self.backend.endpoint, graph=named[0]))
            return execute(self._empty, job)  # every graph named is empty: no store needed
        text = resolve_iris(job.query, job.base_iri)
        try:
            if form == "SELECT":
                rows = self.backend.rows(text)
                return serialize_solutions(rows.variables, rows, job)
            if form == "ASK":
                return serialize_boolean(bool(self.backend.query(text, form).boolean), job)
            found = self.backend.query(text, form, max_rows=job.max_rows + 1)
            triples = (ox.Triple(*map(to_oxigraph, t)) for t in found.triples)
            return serialize_triples(triples, job)
        except QueryError as exc:
            raise QueryFailed(message("server.error.storeRefused", error=exc), 400) from None
        except KGError as exc:
            import httpx

            cause = exc.__context__  # what RemoteBackend met (httpx), raised `from None`
            if isinstance(cause, TimeoutError | httpx.TimeoutException) and not isinstance(
                cause, httpx.ConnectTimeout
            ):
                raise QueryFailed(message("server.error.storeTimeout",
                                          seconds=f"{self.backend.timeout:g}"), 503) from None
            raise QueryFailed(str(exc), 502) from None


def resolve_iris(query: str, base: str | None) -> str:
    """``query`` with its relative IRIs resolved against ``base``, unless it declares a
    ``BASE`` of its own (or ``base`` is None).

    >>> resolve_iris("PREFIX ex: <x#> CONSTRUCT { <s> ex:p <../a?> } WHERE { ?a ?b '<t>' }", "http://h/q/sparql")
    "PREFIX ex: <http://h/q/x#> CONSTRUCT { <http://h/q/s> ex:p <http://h/a?> } WHERE { ?a ?b '<t>' }"
    """
    if base is None or head(query).base is not None:
        return query
    return "".join(
        _resolved(t.text, base) if t.kind == "iri" and not guard.valid_iri(iri_text(t.text)) else t.text
        for t in lex(query)
    )


def _resolved(token: str, base: str) -> str:
    """The IRI token ``<...>`` resolved against ``base`` as Oxigraph resolves it (so as the
    local server does); as it is when Oxigraph cannot resolve it (the store will say so)."""
    try:
        triples = ox.parse(f"{token} <urn:p> 1 .".encode(), format=ox.RdfFormat.TURTLE, base_iri=base)
        subject = next(iter(triples)).subject
    except (SyntaxError, ValueError, StopIteration):
        return token
    return f"<{subject.value}>"
