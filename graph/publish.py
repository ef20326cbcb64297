"""Upload the graph to a triple store with the SPARQL 1.1 Graph Store Protocol: ``kg publish``.

One HTTP ``PUT`` of the whole graph as N-Triples to ``ENDPOINT?graph=IRI`` (or
``ENDPOINT?default`` for the store's default graph) replaces what that graph held, so publishing
twice leaves one copy. Graph Store endpoints: Oxigraph ``/store``, Fuseki ``/DATASET/data``,
Virtuoso ``/sparql-graph-crud``, GraphDB ``/repositories/REPO/rdf-graphs/service``.

>>> store_url("http://127.0.0.1:7878/store")
'http://127.0.0.1:7878/store?default'
>>> store_url("http://127.0.0.1:7878/store", "https://w3id.org/stalin-kg/")
'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fstalin-kg%2F'
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from .errors import KGError
from .kg import KnowledgeGraph, load

__all__ = ["PublishError", "publish", "store_url"]

_USER_AGENT = "stalin-kg publish (SPARQL 1.1 Graph Store Protocol)"
_HINTS = {
    400: "the store could not read the data",
    401: "the store wants credentials",
    403: "the store refuses writes here (read-only, or credentials needed)",
    404: "is this the Graph Store endpoint? (Oxigraph: /store, Fuseki: /DATASET/data)",
    405: "this URL does not accept PUT: give the Graph Store endpoint, not the query endpoint",
    413: "the store refuses a request this large",
    415: "the store does not read N-Triples",
}


class PublishError(KGError):
    """The upload failed: the endpoint could not be reached, or answered with an error."""


def store_url(endpoint: str, graph: str | None = None) -> str:
    """The Graph Store Protocol URL for ``graph`` (None: the default graph) at ``endpoint``."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PublishError(f"the endpoint must be an http(s) URL, not {endpoint!r}")
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError:
            raise PublishError(f"the graph name must be an absolute IRI, not {graph!r}") from None
    param = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    return urllib.parse.urlunsplit(parts._replace(query=f"{parts.query}&{param}".lstrip("&")))


def publish(
    kg_or_files: KnowledgeGraph | Sequence[str | Path] | None,
    endpoint: str,
    graph: str | None = None,
    *,
    timeout: float = 60,
) -> int:
    """PUT the graph (the bundled one when ``kg_or_files`` is None) into ``graph`` at a Graph
    Store ``endpoint``, replacing that graph's content; returns the number of triples sent.

    Triples the input keeps in named graphs (TriG, N-Quads) are sent together, once each. The
    graph may itself be remote (:func:`graph.connect`): publishing copies it into the store.
    Raises :class:`PublishError` with the store's answer when the upload fails.
    """
    url = store_url(endpoint, graph)
    if isinstance(kg_or_files, KnowledgeGraph):
        kg = kg_or_files
    else:
        kg = load(list(kg_or_files)) if kg_or_files else load()
    body = kg.backend.ntriples()
    request = urllib.request.Request(
        url,
        data=body,
        method="PUT",
        headers={"Content-Type": "application/n-triples", "User-Agent": _USER_AGENT},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:300]
        hint = _HINTS.get(exc.code, "")
        raise PublishError(
            f"{url} answered {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
            + (f" ({hint})" if hint else "")
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PublishError(f"cannot reach {url}: {reason}") from None
    return body.count(b"\n")
