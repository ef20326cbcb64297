"""The HTTP server: the viewer, a SPARQL 1.1 Protocol endpoint, named queries and a query page.

Routes:

==========================  ===================================================================
``/``                       the graph viewer (``viz.render.render_html``), rendered once
``/query``                  a query page that works offline: editor, named-query picker, table
``/sparql``                 SPARQL 1.1 Protocol: GET ``?query=``, POST form or
                            ``application/sparql-query``; results by ``Accept``
``/queries``                the named queries as JSON (name, title, parameters, SPARQL text)
``/queries/NAME``           a named query, parameters in the query string; results by ``Accept``
                            (``application/sparql-query``: the query text, parameters bound)
``/entity?iri=IRI``         an entity's relations (redirects to the query page)
``/open?name=F&lang=de``    ``POST`` one's own RDF file (the body; its type as
                            ``Content-Type``): checked as ``kg check F`` and drawn as
                            ``kg render --data F``; answers 201 with the address of its page
                            (:mod:`kgapp.server.opened`)
``/opened/HASH?lang=de``    that page: the file's graph and the check's problems
``/health``                 JSON: status, triples, uptime, workers, reloads and the problem
                            of the last reload (None when the files loaded)
==========================  ===================================================================

The graph is read again when its files change (:mod:`kgapp.server.reload`): every page and
query answers from the files as they are now, without a restart.

SELECT and ASK answer SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE answer
Turtle (default), N-Triples, JSON-LD or RDF/XML. An answer cut at ``max_rows`` keeps its
standard body and says so in headers: ``X-Truncated: true`` and ``X-Row-Limit: N``.

Read-only and closed to the network by construction: queries run in worker processes
(:mod:`kgapp.server.workers`) that only ever *query* the store, after
:mod:`kgapp.server.guard` has refused updates (403), ``SERVICE``, foreign ``FROM`` and deep
nesting (400).

Every request is bounded, so that no client and no query can take the server down: a body
over ``max_body`` gets 413 (unread, when its length is declared), a query string over it 414;
request headers not received within ``request_timeout`` close the connection, a body not
received within it after them gets 408, and an answer not taken within it is dropped
(:mod:`kgapp.server.limits`); a query stops at its time limit, its memory limit, or when its
client goes away; more than ``max_connections`` requests at once get 503. Every answer carries
the security headers (:mod:`kgapp.server.headers`).

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULTS_FORMATS)
'application/sparql-results+xml'
>>> negotiate("text/html,*/*;q=0.8", GRAPH_FORMATS)
'text/turtle'
>>> negotiate("image/png", GRAPH_FORMATS) is None
True
"""

from __future__ import annotations

import asyncio
import ipaddress
import sys
import threading
import time
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import anyio.to_thread
from rdflib import URIRef
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

from graph import queries, terms
from graph.backends import RemoteBackend
from graph.errors import KGError, QueryError
from graph.kg import KnowledgeGraph, load
from graph.messages import message
from graph.sparql import bind_parameters

from . import describe, guard, linked_data, opened, reload, workbench
from .body import read_body
from .headers import SecurityHeaders
from .limits import RequestLimits, listen, server_config
from .negotiation import negotiate, page_lang
from .remote import RemoteRunner
from .settings import Settings
from .workers import GRAPH_FORMATS, RESULTS_FORMATS, Job, QueryFailed, Unavailable, WorkerPool

if TYPE_CHECKING:
    from hypercorn.config import Config

__all__ = ["create_app", "negotiate", "running", "serve"]

_SPARQL_QUERY = "application/sparql-query"
_SPARQL_UPDATE = "application/sparql-update"
_FORM = "application/x-www-form-urlencoded"
#: What a named query can answer: its results, or (asked for first) its text; never by default.
_NAMED_ANSWERS = {**RESULTS_FORMATS, **GRAPH_FORMATS, _SPARQL_QUERY: None}
_IRI_SAFE = "!#$%&'()*+,/:;=?@[]~"  # what an IRI keeps as it is when written as a URI


class _Server:
    """The state behind the routes: the graph, its worker pool, cached pages."""

    def __init__(self, kg: KnowledgeGraph, settings: Settings) -> None:
        if isinstance(kg.backend, RemoteBackend):  # the workers forward queries to the store
            source: Any = RemoteRunner(kg.backend, timeout=settings.timeout)
        else:  # the workers fork from the loaded store
            source = kg.backend.local_store("kg serve")
        self.kg = kg
        self.settings = settings
        self.triples = len(kg)
        self.graphs = frozenset(kg.backend.named_graphs())
        self.catalogue = [self._describe(q) for q in queries.all_queries()]
        self._viewer: dict[str, str] = {}
        self._viewer_lock = threading.Lock()
        self.started = time.monotonic()
        self.pool = WorkerPool(
            source, settings.worker_count, timeout=settings.timeout,
            long_queries=settings.long_queries, max_memory=settings.max_memory,
            sandbox=not isinstance(source, RemoteRunner),
        )

    def _describe(self, q: queries.NamedQuery) -> dict[str, Any]:
        try:
            written = {k: _Written(self._written(t)) for k, t in q.bind({}, self.kg).items()}
            example = bind_parameters(q.text, written)  # type: ignore[arg-type]
        except KGError:
            example = q.text
        return {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "parameters": [
                {"name": p.name, "kind": p.kind, "default": p.default, "help": p.help}
                for p in q.params
            ],
            "url": f"/queries/{q.name}",
            "sparql": q.text,
            "example": example,
        }

    def _written(self, term: Any) -> str:
        """A term as a query would write it: ``person:Stalin`` where that is valid SPARQL."""
        if isinstance(term, URIRef):
            return terms.written(str(term))
        return str(term.n3())

    def viewer(self, lang: str) -> str:
        with self._viewer_lock:
            if lang not in self._viewer:
                from viz.render import render_html

                try:
                    root = self.settings.base_url or "/"
                    self._viewer[lang] = render_html(  # a file dropped on it: opened.ROUTES
                        self.kg, lang=lang, served=root, opens=root + "open")
                except Exception as exc:  # a broken viewer must not look like a broken server
                    raise _error(500, message("server.error.viewer", error=exc)) from exc
            return self._viewer[lang]

    def run(
        self, text: str, accept: str | None, dataset: tuple[list[str], list[str]],
        cancel: threading.Event | None = None, base: str | None = None,
    ) -> Response:
        """Check and run one query (blocking: call it in a thread); ``cancel`` stops it.

        Only the cheap checks run here; the worker runs the rest of :func:`guard.check` before
        the query, in its own process (a megabyte of query takes a while to scan). ``dataset``:
        the protocol's default and named graphs; those the server does not hold are empty, and
        the answer names them in ``X-Unknown-Graphs``. ``base``: the base IRI of the query.
        """
        default, named = dataset
        form = guard.query_form(text)
        unknown = guard.check_dataset([*default, *named], self.graphs)
        job = Job(
            text,
            results_type=negotiate(accept, RESULTS_FORMATS),
            graph_type=negotiate(accept, GRAPH_FORMATS),
            max_rows=self.settings.max_rows,
            default_graph=tuple(default),
            named_graphs=tuple(named) if default or named else None,
            guard=self.graphs,
            base_iri=base,
        )
        if (job.results_type if form in ("SELECT", "ASK") else job.graph_type) is None:
            kinds = RESULTS_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS
            raise QueryFailed(message("server.error.notAcceptable", form=form, accept=accept,
                                      types=", ".join(kinds)), 406)
        reply = self.pool.run(job, cancel)
        headers = {"Vary": "Accept"}
        if reply.truncated:
            headers |= {"X-Truncated": "true", "X-Row-Limit": str(self.settings.max_rows)}
        if unknown:  # IRIs as URIs: a header holds ASCII
            written = (urllib.parse.quote(g, safe=_IRI_SAFE) for g in unknown)
            headers["X-Unknown-Graphs"] = " ".join(f"<{g}>" for g in written)
        return Response(reply.body, media_type=reply.media_type, headers=headers)


class _Written(str):
    """Text that ``bind_parameters`` writes as it is."""

    def n3(self) -> str:
        return str(self)


# ---------------------------------------------------------------------------- routes
def _server(request: Request) -> _Server:
    return request.app.state.server  # type: ignore[no-any-return]


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> HTTPException:
    return HTTPException(status, message, headers=dict(headers or {}))


async def _answer(request: Request, work: Callable[[threading.Event], Response]) -> Response:
    """Run ``work(cancel)`` in a thread and turn the library's errors into HTTP answers.

    ``cancel`` is set when the client goes away: its query is stopped, its worker freed.
    """
    cancel = threading.Event()
    error: Exception | None = None
    async with anyio.create_task_group() as watching:
        watching.start_soon(_watch, request, cancel)
        try:
            response: Response = await anyio.to_thread.run_sync(work, cancel)
        except Exception as exc:
            error = exc
        watching.cancel_scope.cancel()
    if error is None:
        return response
    if isinstance(error, guard.Refused | QueryFailed):
        raise _error(error.status, str(error)) from None
    if isinstance(error, Unavailable):
        raise _error(503, str(error), {"Retry-After": "1"}) from None
    if isinstance(error, KGError):  # a parameter that names no entity, a missing value ...
        raise _error(400, str(error)) from None
    raise error


async def _watch(request: Request, cancel: threading.Event) -> None:
    """Set ``cancel`` when the client disconnects (the request body has been read by now)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass
    cancel.set()


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _error(400, message("server.error.bodyNotUtf8")) from None


async def endpoint(request: Request) -> Response:
    """``/sparql``: a query (:func:`sparql`), or without one (a GET with neither ``query`` nor
    ``update``) the service description (:func:`kgapp.server.describe.sparql`)."""
    if request.method == "GET" and not {"query", "update"} & set(request.query_params):
        return await describe.sparql(request)
    return await sparql(request)


async def sparql(request: Request) -> Response:
    """The SPARQL 1.1 Protocol query operation."""
    server = _server(request)
    if len(request.scope["query_string"]) > server.settings.max_body:
        raise _error(414, message("server.error.uriTooLong", limit=server.settings.max_body))
    params = list(request.query_params.multi_items())
    given: list[str] = []
    if request.method == "POST":
        kind, *options = (p.strip() for p in request.headers.get("content-type", "").split(";"))
        kind = kind.lower()
        body = await read_body(request, server.settings.max_body)
        if kind == _SPARQL_UPDATE:
            raise _error(403, message("server.error.readOnly"))
        if kind not in (_FORM, _SPARQL_QUERY):
            raise _error(415, message("server.error.mediaType", query=_SPARQL_QUERY, form=_FORM))
        for key, _, value in (o.partition("=") for o in options):
            if key.strip().lower() == "charset" and value.strip(' "').lower() not in ("utf-8", "utf8"):
                raise _error(415, message("server.error.charset", charset=value.strip()))
        if kind == _FORM:
            params += urllib.parse.parse_qsl(_text(body), keep_blank_values=True)
        else:
            given.append(_text(body))
    if any(key == "update" for key, _ in params):
        raise _error(403, message("server.error.readOnly"))
    given += [value for key, value in params if key == "query"]
    if len(given) != 1:
        raise _error(400, message("server.error.oneQuery"))
    dataset = (
        [v for k, v in params if k == "default-graph-uri"],
        [v for k, v in params if k == "named-graph-uri"],
    )
    accept = request.headers.get("accept")
    base = str(request.url.replace(query="", fragment=""))  # the endpoint: relative IRIs' base
    base_iri = base if guard.valid_iri(base) else None
    return await _answer(
        request, lambda cancel: server.run(given[0], accept, dataset, cancel, base_iri)
    )


async def named_query(request: Request) -> Response:
    """A named query; its parameters come from the query string."""
    server = _server(request)
    try:
        named = queries.get(request.path_params["name"])
    except QueryError as exc:
        raise _error(404, str(exc)) from None
    values = dict(request.query_params)
    accept = request.headers.get("accept")

    def work(cancel: threading.Event) -> Response:
        text = bind_parameters(named.text, named.bind(values, server.kg))
        if negotiate(accept, _NAMED_ANSWERS) == _SPARQL_QUERY:  # the text, not the answer
            return Response(text, media_type=_SPARQL_QUERY, headers={"Vary": "Accept"})
        return server.run(text, accept, ([], []), cancel)

    return await _answer(request, work)


async def list_queries(request: Request) -> Response:
    return JSONResponse(_server(request).catalogue)


async def health(request: Request) -> Response:
    server = _server(request)
    return JSONResponse(
        {
            "status": "ok",
            "triples": server.triples,
            "uptime": round(time.monotonic() - server.started, 1),
            "workers": server.pool.size,
            "processes": server.pool.processes,
            "busy": server.pool.busy,
            "sandboxed": server.pool.sandboxed,
            "reloads": reloader.reloads if (reloader := request.app.state.reloader) else 0,
            "reload_problem": reloader.problem if reloader else None,
        }
    )


async def viewer(request: Request) -> Response:
    lang = page_lang(request)
    html = await anyio.to_thread.run_sync(_server(request).viewer, lang)
    return HTMLResponse(html)


async def entity(request: Request) -> Response:
    iri = request.query_params.get("iri", "")
    if not iri.startswith(("http://", "https://")):
        raise _error(400, message("server.error.entityIri"))
    target = "/query?" + urllib.parse.urlencode({"named": "relations-of", "entity": iri})
    return RedirectResponse(target, status_code=303)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return PlainTextResponse(exc.detail + "\n", exc.status_code, headers=exc.headers)


# ---------------------------------------------------------------------------- the application
def create_app(
    kg_or_files: KnowledgeGraph | Sequence[str | Path] | None = None,
    settings: Settings | None = None,
    *,
    watch: Callable[[], Sequence[Path]] | None = None,
) -> Starlette:
    """The server as an ASGI application over a graph, the given files, or the bundled data.

    Starts the query worker processes at once; they stop when the application shuts down
    (``with TestClient(app)``, or the HTTP server's exit), or with ``app.state.server.pool.close()``.

    The graph is read again when its files change (:mod:`kgapp.server.reload`): ``watch()``
    lists them (default: the files the graph was loaded from; a project's list, which can grow,
    from ``kg serve``). A graph behind a SPARQL endpoint is not watched.
    """
    settings = settings or Settings()
    if isinstance(kg_or_files, KnowledgeGraph):
        kg = kg_or_files
    else:
        kg = load(list(kg_or_files)) if kg_or_files else load()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        app.state.server.pool.close()

    middleware = [
        Middleware(SecurityHeaders),
        Middleware(RequestLimits, request_timeout=settings.request_timeout,
                   max_requests=settings.max_connections),
    ]
    if settings.cors:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=[settings.cors], allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=["X-Truncated", "X-Row-Limit", "X-Unknown-Graphs", reload.HEADER],
            max_age=600,
        ))
    local = not isinstance(kg.backend, RemoteBackend) and bool(kg.sources)
    if watch is None and local:
        files = [Path(f) for f in kg.sources]
        watch = lambda: files  # noqa: E731  (the files it was loaded from, as they are)
    reloader = None
    if watch is not None and not isinstance(kg.backend, RemoteBackend):
        reloader = reload.Reloader(watch, lambda paths: load(paths, vocabulary=False),
                                   lambda graph: _swap(app, graph))
        middleware.insert(0, Middleware(reload.Reloading, reloader=reloader))  # before limits
    app = Starlette(
        routes=[
            Route("/", viewer),
            *workbench.ROUTES,
            *opened.ROUTES,
            Route("/sparql", endpoint, methods=["GET", "POST"]),
            Route("/queries", list_queries),
            Route("/queries/{name}", named_query),
            Route("/entity", entity),
            Route("/health", health),
            Route("/.well-known/void", describe.void_route),
            *linked_data.ROUTES,
        ],
        middleware=middleware,
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.server = _Server(kg, settings)
    app.state.reloader = reloader
    return app


def _swap(app: Starlette, kg: KnowledgeGraph) -> None:
    """Put a freshly read graph in service: a new server state (its worker processes, its
    pages made afresh), in one assignment; the old workers end when their queries have."""
    old: _Server = app.state.server
    new = _Server(kg, old.settings)
    new.started = old.started
    app.state.server = new
    app.state.linked_data = {}  # the Linked Data pages and the query page, made anew
    app.state.workbench = None
    threading.Thread(target=_retire, args=(old,), name="kg-serve-retire", daemon=True).start()


def _retire(old: _Server) -> None:
    """Close the worker processes of a replaced graph once no query runs on them (at most its
    time limit and a little)."""
    deadline = time.monotonic() + old.settings.timeout + 5
    while old.pool.busy and time.monotonic() < deadline:
        time.sleep(0.05)
    old.pool.close()


def serve(
    kg_or_files: KnowledgeGraph | Sequence[str | Path] | None = None,
    settings: Settings | None = None,
    *,
    watch: Callable[[], Sequence[Path]] | None = None,
) -> None:
    """Serve a graph (or load the files, or the bundled data) until interrupted (blocking):
    ``kg serve``. ``watch``: as :func:`create_app`'s."""
    settings = settings or Settings()
    listening = listen(settings.host, settings.port)  # before anything says it is running
    try:
        app = create_app(kg_or_files, settings, watch=watch)
    except BaseException:
        listening.close()
        raise
    server: _Server = app.state.server
    port = listening.getsockname()[1]
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    base = f"http://{host}:{port}"
    print(message("server.running", triples=server.triples, base=base, workers=server.pool.size,
                  long=settings.long_queries, timeout=f"{settings.timeout:g}",
                  rows=settings.max_rows), file=sys.stderr)
    if not _loopback(settings.host):
        print(message("server.listeningWide", host=settings.host), file=sys.stderr)
    config = server_config(settings.host, port, request_timeout=settings.request_timeout)
    config.bind = [f"fd://{listening.detach()}"]  # hypercorn takes the socket over
    asyncio.run(_hypercorn(app, config))  # until SIGINT or SIGTERM


@contextmanager
def running(app: Starlette, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``app`` with hypercorn in a background thread; yields its base URL.

    ``port=0`` takes a free port. For tests and notebooks: leaving the ``with`` block stops the
    server and its workers.
    """
    server: _Server | None = getattr(app.state, "server", None)
    settings = server.settings if server is not None else Settings()
    listening = listen(host, port)
    bound = listening.getsockname()[1]
    config = server_config(host, bound, request_timeout=settings.request_timeout)
    config.bind = [f"fd://{listening.detach()}"]  # hypercorn takes the socket over
    started, stop = threading.Event(), threading.Event()
    failed: list[BaseException] = []

    async def until_stopped() -> None:  # hypercorn awaits this once it is serving
        started.set()
        await asyncio.get_running_loop().run_in_executor(None, stop.wait)

    def run() -> None:
        try:
            asyncio.run(_hypercorn(app, config, until_stopped))
        except BaseException as exc:
            failed.append(exc)
        finally:
            started.set()

    thread = threading.Thread(target=run, name="kg-serve", daemon=True)
    thread.start()
    if not started.wait(30) or failed:
        stop.set()
        why = failed[0] if failed else message("server.error.notServing", seconds=30)
        raise KGError(message("server.error.notStarted", host=host, port=bound, why=why))
    try:
        yield f"http://[{host}]:{bound}" if ":" in host else f"http://{host}:{bound}"
    finally:
        stop.set()
        thread.join(timeout=30)


async def _hypercorn(
    app: Starlette, config: Config, until: Callable[[], Awaitable[None]] | None = None
) -> None:
    """Serve ``app`` with hypercorn until ``until()`` returns (None: until SIGINT or SIGTERM)."""
    from hypercorn.asyncio import serve as hypercorn_serve
    from hypercorn.typing import ASGIFramework

    # Starlette and hypercorn spell the same ASGI interface with types of their own
    await hypercorn_serve(cast(ASGIFramework, app), config, shutdown_trigger=until)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
