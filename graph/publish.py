"""Upload the graph to a triple store with the SPARQL 1.1 Graph Store Protocol: ``kg publish``.

An HTTP ``PUT`` of the graph as N-Triples to ``ENDPOINT?graph=IRI`` (or ``ENDPOINT?default``
for the store's default graph) replaces what that graph held, so publishing twice leaves one
copy; a big graph goes in chunks (``PUT`` the first, ``POST`` the rest), and what arrived is
counted afterwards. Graph Store endpoints: Oxigraph ``/store``, Fuseki ``/DATASET/data``,
Virtuoso ``/sparql-graph-crud-auth`` (digest authentication), GraphDB
``/repositories/REPO/rdf-graphs/service``.

>>> store_url("http://127.0.0.1:7878/store")
'http://127.0.0.1:7878/store?default'
>>> store_url("http://127.0.0.1:7878/store", "https://w3id.org/stalin-kg/")
'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fstalin-kg%2F'
"""

from __future__ import annotations

import netrc
import os
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

from .errors import KGError
from .kg import KnowledgeGraph, load
from .messages import message

__all__ = ["CHUNK_TRIPLES", "PASSWORD_VARIABLE", "Credentials", "PublishError", "credentials",
           "publish", "store_url"]

#: Most triples sent in one request (about 15 MB of N-Triples in the project's model).
CHUNK_TRIPLES = 100_000
#: The environment variable that holds the store's password (never a command-line option).
PASSWORD_VARIABLE = "KG_PASSWORD"

_USER_AGENT = "stalin-kg publish (SPARQL 1.1 Graph Store Protocol)"
def _hint(code: int) -> str:
    """What a refusal with HTTP status ``code`` likely means, or empty."""
    hints = {
        400: message("publish.hint400"), 401: message("publish.hint401"),
        403: message("publish.hint403"), 404: message("publish.hint404"),
        405: message("publish.hint405"), 413: message("publish.hint413"),
        415: message("publish.hint415"),
    }
    return hints.get(code, "")


class PublishError(KGError):
    """The upload failed: the endpoint could not be reached, or answered with an error."""


def store_url(endpoint: str, graph: str | None = None) -> str:
    """The Graph Store Protocol URL for ``graph`` (None: the default graph) at ``endpoint``."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PublishError(message("publish.notUrl", endpoint=repr(endpoint)))
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError:
            raise PublishError(message("publish.notGraphIri", graph=repr(graph))) from None
    param = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    return urllib.parse.urlunsplit(parts._replace(query=f"{parts.query}&{param}".lstrip("&")))


@dataclass(frozen=True)
class Credentials:
    """A user and password for the store (HTTP basic or digest authentication, whichever the
    store asks for). Never give the password on a command line: :func:`credentials` reads it
    from the environment or a netrc file."""

    user: str
    password: str = field(repr=False)


def credentials(endpoint: str, user: str | None = None, *,
                environ: Mapping[str, str] | None = None,
                netrc_file: str | Path | None = None) -> Credentials | None:
    """The credentials for ``endpoint``: the password of ``user`` from ``$KG_PASSWORD``, else
    the netrc entry of the endpoint's host (``~/.netrc`` or ``$NETRC``; its login is the user
    when ``user`` is None). None when no user is given and netrc has no entry.

    >>> credentials("http://127.0.0.1:8890/sparql-graph-crud-auth", "dba",
    ...             environ={"KG_PASSWORD": "s3cret"})
    Credentials(user='dba')
    """
    env = os.environ if environ is None else environ
    if user is not None and env.get(PASSWORD_VARIABLE):
        return Credentials(user, env[PASSWORD_VARIABLE])
    host = urllib.parse.urlsplit(endpoint).hostname or ""
    path = netrc_file or env.get("NETRC") or Path.home() / ".netrc"
    entry = None
    if Path(path).is_file():
        try:
            entry = netrc.netrc(str(path)).authenticators(host)
        except (netrc.NetrcParseError, OSError) as exc:
            raise PublishError(message("publish.netrc", path=path, error=exc)) from None
    if entry is not None and (user is None or entry[0] == user):
        login, _, password = entry
        return Credentials(login or user or "", password or "")
    if user is not None:
        raise PublishError(message("publish.noPassword", user=repr(user), host=host,
                                   variable=PASSWORD_VARIABLE, login=user, path=path))
    return None


def publish(
    kg_or_files: KnowledgeGraph | Sequence[str | Path] | None,
    endpoint: str,
    graph: str | None = None,
    *,
    timeout: float = 60,
    auth: Credentials | None = None,
    chunk_triples: int = CHUNK_TRIPLES,
    verify: bool = True,
    count_endpoint: str | None = None,
    progress: Callable[..., None] | None = None,
) -> int:
    """Upload the graph (the bundled one when ``kg_or_files`` is None) into ``graph`` at a
    Graph Store ``endpoint``, replacing that graph's content; returns the number of triples.

    Triples the input keeps in named graphs (TriG, N-Quads) are sent together, once each. The
    graph may itself be remote (:func:`graph.connect`): publishing copies it into the store.
    Up to ``chunk_triples`` go in one request: the first chunk is a ``PUT`` (replace), the
    rest ``POST`` (add), and ``progress`` is told how far it got. With ``verify``, the graph is
    counted: a store that answered "created" but kept fewer triples than it was sent (Virtuoso
    once kept 783,817 of 999,665) makes this fail loudly. It is counted by a SPARQL query at
    ``count_endpoint`` when given (``SELECT (COUNT(*) …)`` over that graph: what big graphs
    need, Virtuoso's Graph Store cannot send back more than a million triples), else by reading
    the graph back from the Graph Store (``GET``).
    ``auth``: see :func:`credentials`. Raises :class:`PublishError` with the store's answer.
    """
    url = store_url(endpoint, graph)
    if isinstance(kg_or_files, KnowledgeGraph):
        kg = kg_or_files
    else:
        kg = load(list(kg_or_files)) if kg_or_files else load()
    lines = kg.backend.ntriples().splitlines(keepends=True)
    with _Store(url, auth, timeout) as store:
        say = progress or (lambda *_: None)
        size = max(1, chunk_triples)
        for start in range(0, max(len(lines), 1), size):
            chunk = b"".join(lines[start:start + size])
            store.send("PUT" if start == 0 else "POST", chunk)
            done = min(start + size, len(lines))
            say(message("publish.progress", percent=100 * done // max(len(lines), 1),
                        done=f"{done:,}", total=f"{len(lines):,}"), "publishing")
        if verify:
            say(message("publish.counting"), "verifying")
            held = store.count() if count_endpoint is None else _sparql_count(count_endpoint, graph,
                                                                               timeout)
            if held != len(lines):
                raise PublishError(message("publish.lost", url=url, held=f"{held:,}",
                                           sent=f"{len(lines):,}"))
    return len(lines)


def _sparql_count(endpoint: str, graph: str | None, timeout: float) -> int:
    """How many triples ``graph`` (None: the default graph) holds, asked of a SPARQL endpoint."""
    from .backends import RemoteBackend

    try:
        return RemoteBackend(endpoint, timeout=timeout, graph=graph).triple_count()
    except KGError as exc:
        raise PublishError(message("publish.cannotCount", endpoint=endpoint, error=exc)) from None


class _Store:
    """Requests to one Graph Store URL (an httpx client), with the credentials sent up front.

    A store that wants credentials answers 401 to a request without them, and may close the
    connection while a big body is still being sent (Virtuoso resets it): so before the first
    upload a bodiless ``HEAD`` learns the store's challenge. A digest challenge is answered by
    ``httpx.DigestAuth``, which keeps it and so sends every later request with its
    ``Authorization`` (and, refused all the same with a fresh challenge, a stale nonce, sends it
    once more); any other store gets ``httpx.BasicAuth``.
    """

    def __init__(self, url: str, auth: Credentials | None, timeout: float) -> None:
        self.url = url
        self.has_auth = auth is not None
        self._client = httpx.Client(timeout=timeout, headers={"User-Agent": _USER_AGENT})
        if auth is not None:
            self._client.auth = self._challenge(auth)

    def __enter__(self) -> _Store:
        return self

    def __exit__(self, *_: object) -> None:
        self._client.close()

    def _challenge(self, auth: Credentials) -> httpx.Auth:
        """How the store wants ``auth`` presented, learnt from a ``HEAD``."""
        digest = httpx.DigestAuth(auth.user, auth.password)
        try:
            probe = self._client.head(self.url, auth=digest)
        except httpx.HTTPError as exc:
            self._client.close()
            raise PublishError(message("remote.unreachable", url=self.url,
                                       error=exc or type(exc).__name__)) from None
        first = probe.history[0] if probe.history else probe
        asked = first.headers.get("WWW-Authenticate", "") if first.status_code == 401 else ""
        if asked.partition(" ")[0].lower() == "digest":
            return digest  # it keeps the challenge: the next requests carry the answer
        return httpx.BasicAuth(auth.user, auth.password)

    def send(self, method: str, body: bytes) -> None:
        """``PUT`` or ``POST`` N-Triples to the graph."""
        self._call(method, body, {"Content-Type": "application/n-triples"})

    def count(self) -> int:
        """How many triples the graph holds, read back as N-Triples."""
        body = self._call("GET", None, {"Accept": "application/n-triples"})
        try:
            return sum(1 for _ in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise PublishError(message("publish.notNTriples", url=self.url, error=exc)) from None

    def _call(self, method: str, body: bytes | None, headers: dict[str, str]) -> bytes:
        try:
            response = self._client.request(method, self.url, content=body, headers=headers)
        except httpx.HTTPError as exc:  # refused, unreachable, timed out, reset
            raise PublishError(message("remote.unreachable", url=self.url,
                                       error=exc or type(exc).__name__)) from None
        if not response.is_error:
            return response.content
        detail = response.text.strip()
        code = response.status_code
        hint = message("publish.hintWrongLogin") if code == 401 and self.has_auth else _hint(code)
        raise PublishError(message(
            "publish.refused", method=method, url=self.url, status=code,
            reason=response.reason_phrase, detail=f": {detail[:300]}" if detail else "",
            hint=f" ({hint})" if hint else ""))
