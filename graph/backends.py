"""Where queries run: the embedded Oxigraph store, or any SPARQL 1.1 endpoint over HTTP.

Both answer :meth:`query` with a :class:`~graph.sparql.QueryResult`, so everything built on
queries (lookups, profiles, networkx, explain, export, the viewer) works on either.

>>> from graph.paths import bundled_graph_files
>>> from graph.store import load_store
>>> local = LocalBackend(load_store(bundled_graph_files()))
>>> local.query("ASK { person:Stalin rel:exiledWith person:Kamenew }", "ASK").boolean
True
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Protocol

import pyoxigraph as ox

from .errors import KGError, QueryError
from .namespaces import PREFIXES, sparql_prologue
from .sparql import QueryResult, collect

__all__ = ["Backend", "LocalBackend", "RemoteBackend"]

_USER_AGENT = "stalin-kg (SPARQL client; https://w3id.org/stalin-kg/)"


class Backend(Protocol):
    """Anything that answers SPARQL queries."""

    def query(self, text: str, form: str, *, max_rows: int | None = None) -> QueryResult: ...

    def solutions(self, text: str) -> Any:
        """The raw pyoxigraph solutions of a SELECT (fast path for bulk reads)."""
        ...

    def triple_count(self) -> int: ...


class LocalBackend:
    """The embedded pyoxigraph store; the project's prefixes are predeclared."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def query(self, text: str, form: str, *, max_rows: int | None = None) -> QueryResult:
        return collect(self.solutions(text), form, max_rows=max_rows)

    def solutions(self, text: str) -> Any:
        try:
            return self.store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None

    def triple_count(self) -> int:
        return len(self.store)


class RemoteBackend:
    """A SPARQL 1.1 Protocol endpoint (Oxigraph, Fuseki, QLever, Virtuoso, GraphDB ...).

    Queries are sent as ``POST application/sparql-query`` with the project's prefixes
    prepended; results are read as SPARQL JSON (SELECT/ASK) or N-Triples (CONSTRUCT/DESCRIBE).
    """

    def __init__(self, endpoint: str, *, timeout: float = 60.0) -> None:
        scheme = urllib.parse.urlsplit(endpoint).scheme
        if scheme not in ("http", "https"):
            raise KGError(f"endpoint must be an http(s) URL, not {endpoint!r}")
        self.endpoint = endpoint
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"RemoteBackend({self.endpoint!r})"

    def solutions(self, text: str) -> Any:
        return self._send(text, "application/sparql-results+json", "SELECT")

    def query(self, text: str, form: str, *, max_rows: int | None = None) -> QueryResult:
        return collect(self._send(text, None, form), form, max_rows=max_rows)

    def _send(self, text: str, accept: str | None, form: str) -> Any:
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples" if graph_form else "application/sparql-results+json"
        request = urllib.request.Request(
            self.endpoint,
            data=(sparql_prologue() + text).encode("utf-8"),
            headers={
                "Content-Type": "application/sparql-query; charset=utf-8",
                "Accept": accept,
                "User-Agent": _USER_AGENT,
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:500]
            raise QueryError(f"{self.endpoint} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise KGError(f"cannot reach {self.endpoint}: {reason}") from None
        if graph_form:
            return (q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)

    def triple_count(self) -> int:
        r = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "SELECT")
        value = r.rows[0][0] if r.rows else None
        return int(str(value)) if value is not None else 0
