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

import base64
import netrc
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import KGError
from .kg import KnowledgeGraph, load

__all__ = ["CHUNK_TRIPLES", "PASSWORD_VARIABLE", "Credentials", "PublishError", "credentials",
           "publish", "store_url"]

#: Most triples sent in one request (about 15 MB of N-Triples in the project's model).
CHUNK_TRIPLES = 100_000
#: The environment variable that holds the store's password (never a command-line option).
PASSWORD_VARIABLE = "KG_PASSWORD"

_USER_AGENT = "stalin-kg publish (SPARQL 1.1 Graph Store Protocol)"
_HINTS = {
    400: "the store could not read the data",
    401: "the store wants credentials: --user NAME, with the password in $KG_PASSWORD or netrc",
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
            raise PublishError(f"{path}: cannot read it: {exc}") from None
    if entry is not None and (user is None or entry[0] == user):
        login, _, password = entry
        return Credentials(login or user or "", password or "")
    if user is not None:
        raise PublishError(
            f"no password for {user!r} at {host}: set ${PASSWORD_VARIABLE}, or add "
            f"'machine {host} login {user} password ...' to {path}"
        )
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
    store = _Store(url, auth, timeout)
    say = progress or (lambda *_: None)
    size = max(1, chunk_triples)
    for start in range(0, max(len(lines), 1), size):
        chunk = b"".join(lines[start:start + size])
        store.send("PUT" if start == 0 else "POST", chunk)
        done = min(start + size, len(lines))
        say(f"publishing: {100 * done // max(len(lines), 1)}% ({done:,} of {len(lines):,} "
            "triples)", "publishing")
    if verify:
        say("publishing: counting what the store holds…", "verifying")
        held = store.count() if count_endpoint is None else _sparql_count(count_endpoint, graph,
                                                                           timeout)
        if held != len(lines):
            raise PublishError(
                f"{url} holds {held:,} triples after the upload, but {len(lines):,} were sent: "
                "the store lost some; publish again, or load the file with the store's own "
                "bulk loader"
            )
    return len(lines)


def _sparql_count(endpoint: str, graph: str | None, timeout: float) -> int:
    """How many triples ``graph`` (None: the default graph) holds, asked of a SPARQL endpoint."""
    from .backends import RemoteBackend

    try:
        return RemoteBackend(endpoint, timeout=timeout, graph=graph).triple_count()
    except KGError as exc:
        raise PublishError(f"cannot count what {endpoint} holds: {exc}") from None


class _Store:
    """Requests to one Graph Store URL, with the credentials sent up front.

    A store that wants credentials answers 401 to a request without them, and may close the
    connection while a big body is still being sent (Virtuoso resets it): so before the first
    upload a bodiless ``HEAD`` learns the store's challenge, and every request then carries its
    ``Authorization`` (digest, computed by urllib's own handler, or basic). A request refused
    with 401 all the same (a stale nonce) is sent once more after a fresh challenge.
    """

    def __init__(self, url: str, auth: Credentials | None, timeout: float) -> None:
        self.url, self.auth, self.timeout = url, auth, timeout
        self._opener = urllib.request.build_opener()
        self._authorize: Callable[[urllib.request.Request], str | None] = lambda _: None
        if auth is not None:
            self._challenge()

    def _challenge(self) -> None:
        """Learn how the store wants ``auth`` presented (nothing when it asks for none)."""
        assert self.auth is not None
        probe = urllib.request.Request(self.url, method="HEAD",
                                       headers={"User-Agent": _USER_AGENT})
        try:
            with self._opener.open(probe, timeout=self.timeout) as response:
                response.read()
            return
        except urllib.error.HTTPError as exc:
            header = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        except (urllib.error.URLError, OSError) as exc:
            raise PublishError(f"cannot reach {self.url}: {getattr(exc, 'reason', exc)}") from None
        scheme, _, rest = header.partition(" ")
        if scheme.lower() == "digest":
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, self.url, self.auth.user, self.auth.password)
            digest = urllib.request.HTTPDigestAuthHandler(passwords)
            challenge = urllib.request.parse_keqv_list(
                [x for x in urllib.request.parse_http_list(rest) if "=" in x])

            def authorize(request: urllib.request.Request) -> str | None:
                value = digest.get_authorization(request, challenge)
                return f"Digest {value}" if value else None

            self._authorize = authorize
        elif scheme.lower() == "basic" or not scheme:
            token = base64.b64encode(f"{self.auth.user}:{self.auth.password}".encode()).decode()
            self._authorize = lambda _: f"Basic {token}"

    def send(self, method: str, body: bytes) -> None:
        """``PUT`` or ``POST`` N-Triples to the graph."""
        self._call(method, body, {"Content-Type": "application/n-triples"})

    def count(self) -> int:
        """How many triples the graph holds, read back as N-Triples."""
        body = self._call("GET", None, {"Accept": "application/n-triples"})
        try:
            return sum(1 for _ in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise PublishError(f"{self.url} did not give N-Triples back: {exc}") from None

    def _call(self, method: str, body: bytes | None, headers: dict[str, str],
              again: bool = True) -> bytes:
        request = urllib.request.Request(self.url, data=body, method=method,
                                         headers={**headers, "User-Agent": _USER_AGENT})
        authorization = self._authorize(request)
        if authorization:
            request.add_unredirected_header("Authorization", authorization)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                answer: bytes = response.read()
                return answer
        except urllib.error.HTTPError as exc:
            if exc.code == 401 and again and self.auth is not None:
                self._challenge()  # a stale nonce: ask again, once
                return self._call(method, body, headers, again=False)
            raw = exc.read()
            detail = (raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw or ""))
            hint = ("wrong user or password" if exc.code == 401 and self.auth is not None
                    else _HINTS.get(exc.code, ""))
            raise PublishError(
                f"{method} {self.url} answered {exc.code} {exc.reason}"
                + (f": {detail.strip()[:300]}" if detail.strip() else "")
                + (f" ({hint})" if hint else "")
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PublishError(f"cannot reach {self.url}: {reason}") from None


