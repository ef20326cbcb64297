"""One's own RDF file, opened in the viewer that ``kg serve`` sends: checked and drawn by the very
rules ``kg check FILE`` and ``kg render --data FILE`` use, in Python, on the server.

==========================  ===================================================================
``/open?name=F&lang=de``    ``POST`` one RDF file as the body, its type as ``Content-Type``
                            (:data:`OPEN_TYPES`), ``name`` the file's name for the messages:
                            checked (:func:`graph.check.check_report`, the bundled vocabulary
                            and sentences beside it, as ``kg check F`` outside a project) and
                            drawn (:func:`viz.render.render_html` of ``graph.load(F)``, as
                            ``kg render --data F``) with the problems listed in the page;
                            answers ``201 Created``, ``Location:`` the page's address and JSON
                            (``location``, ``triples``, ``problems``)
``/opened/HASH?lang=de``    that page (the viewer's, with the same headers as ``/``)
==========================  ===================================================================

A file that does not parse, or states nothing, gets ``400`` and JSON: ``error`` (``F:LINE:COL:
what is wrong``, as ``kg check`` says it), ``file``, ``line``, ``column`` and ``message``; nothing
is kept then. Another ``Content-Type`` gets 415, a body over ``max_body`` 413 with the same JSON,
its words saying how to raise the limit or draw the file without a server (:func:`too_large`; the server's
limits, :mod:`kgapp.server.limits`, hold here as everywhere: ``request_timeout`` for the body,
``max_connections``). Checking and drawing cannot be interrupted, so one file is opened at a
time; another waits up to ``timeout`` seconds, then gets 503.

The server keeps the last :data:`KEPT` opened files and their pages in memory, by a hash of
their content (name, type and bytes); an older address, or any after a restart, gets 404 (open
the file again). The viewer's page sends a picked or dropped file here when ``kg serve`` sent it
(``meta.served``; ``viz/frontend/src/openfile.js``), and its policy lets it connect to its own
server only.

>>> store = Kept(2)
>>> for key in "abc":
...     store.put(key, Opened("f.ttl", "text/turtle", b"", {"name": "f.ttl", "triples": 0,
...                                                        "problems": []}))
>>> len(store), store.get("a") is None, store.get("c").name
(2, True, 'f.ttl')
>>> safe_name("../../etc/passwd\\x00.ttl", ".ttl"), safe_name("", ".nt")
('passwd.ttl', 'file.nt')
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import anyio.to_thread
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from graph.errors import InputError, KGError
from graph.messages import message, user_lang

from .body import read_body
from .negotiation import page_lang

if TYPE_CHECKING:
    from graph.check import Problem, Report
    from viz.page_types import PageOpened, PageProblem

__all__ = ["KEPT", "OPEN_TYPES", "ROUTES", "Kept", "Opened", "open_file", "opened_data",
           "page_of", "safe_name", "too_large"]

#: The media types ``/open`` takes, and the file name extension each is read by.
OPEN_TYPES: dict[str, str] = {
    "text/turtle": ".ttl",
    "application/trig": ".trig",
    "application/n-triples": ".nt",
    "application/n-quads": ".nq",
    "application/ld+json": ".jsonld",
    "application/rdf+xml": ".rdf",
}
#: How many opened files (and their pages) the server keeps.
KEPT = 8
_LONGEST_NAME = 200
_T = TypeVar("_T")


@dataclass
class Opened:
    """An opened file: its name, type and bytes, what ``kg check`` found, its pages by language."""

    name: str
    media_type: str
    data: bytes
    opened: PageOpened
    pages: dict[str, str] = field(default_factory=dict)


class Kept:
    """The last ``size`` opened files, by key; the least recently used goes first."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._files: OrderedDict[str, Opened] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._files)

    def get(self, key: str) -> Opened | None:
        with self._lock:
            found = self._files.get(key)
            if found is not None:
                self._files.move_to_end(key)
            return found

    def put(self, key: str, opened: Opened) -> None:
        with self._lock:
            self._files[key] = opened
            self._files.move_to_end(key)
            while len(self._files) > self.size:
                self._files.popitem(last=False)


def safe_name(given: str, suffix: str) -> str:
    """The file's name for messages: its last path part, printable characters only, at most
    200 of them; ``file`` and the type's extension when none is given."""
    last = given.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in last if c.isprintable()).strip()[:_LONGEST_NAME]
    return name if name.strip(".") else f"file{suffix}"


def key_of(name: str, media_type: str, data: bytes) -> str:
    """The address part of an opened file: a hash of its name, type and bytes."""
    digest = hashlib.sha256(f"{name}\n{media_type}\n".encode())
    digest.update(data)
    return digest.hexdigest()[:32]


def opened_data(name: str, report: Report, written_as: str) -> PageOpened:
    """What the page lists of a check's ``report`` on the file ``name`` (read from the path
    ``written_as``): its triples and its problems, each at ``name:line`` (a background file's
    problem at that file's name)."""

    def problem(p: Problem) -> PageProblem:
        from graph.check import short_name

        file = name if p.file == written_as else Path(p.file).name
        return {"file": file, "line": p.line, "node": short_name(p.node), "message": p.message,
                "rule": p.rule}

    return {"name": name, "triples": report.triples,
            "problems": [problem(p) for p in report.problems]}


def _written(opened: Opened, folder: str) -> Path:
    path = Path(folder) / ("file" + OPEN_TYPES[opened.media_type])
    path.write_bytes(opened.data)
    return path


def _renamed(err: InputError, path: Path, name: str) -> InputError:
    """``err`` located in the file as the user named it (not where the server wrote it)."""
    where = name if err.path in (str(path), None) else Path(err.path).name
    return InputError(err.message.replace(str(path), name), path=where, line=err.line,
                      column=err.column)


def open_file(data: bytes, media_type: str, name: str) -> Opened:
    """Check the file ``data`` (of ``media_type``, one of :data:`OPEN_TYPES`) as ``kg check``
    does: an :class:`Opened` with the problems, no page yet (:func:`page_of`). Raises
    :class:`~graph.errors.InputError`, located in ``name``, for a file that does not parse or
    states nothing. Blocking: call it in a thread.

    >>> edge = b"@prefix rel: <https://w3id.org/stalin-kg/vocab/rel#> . <urn:a> rel:friendOf <urn:b> ."
    >>> opened = open_file(edge, "text/turtle", "a.ttl")
    >>> [(p["file"], p["line"], p["rule"]) for p in opened.opened["problems"]]
    [('a.ttl', 1, 'edge-has-statement')]
    >>> open_file(b"<urn:a> <urn:b> .", "application/n-triples", "a.nt")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: a.nt:1:17: ...
    """
    from graph.check import check_report

    found = Opened(name, media_type, data, {"name": name, "triples": 0, "problems": []})
    with tempfile.TemporaryDirectory(prefix="kg-open-") as folder:
        path = _written(found, folder)
        try:
            report = check_report([path], progress=False, workers=1)
        except InputError as err:
            raise _renamed(err, path, name) from None
        found.opened = opened_data(name, report, str(path))
    return found


def page_of(opened: Opened, lang: str, served: str) -> str:
    """The viewer's page of an opened file in ``lang``, sent by the server at ``served`` (as
    ``kg render --data FILE`` draws it, the problems listed): made once per language.
    Blocking: call it in a thread."""
    if lang not in opened.pages:
        from graph.kg import load
        from viz.render import render_html

        with tempfile.TemporaryDirectory(prefix="kg-open-") as folder:
            path = _written(opened, folder)
            try:
                kg = load([path])
            except InputError as err:
                raise _renamed(err, path, opened.name) from None
            opened.pages[lang] = render_html(kg, lang=lang, served=served, opens=served + "open",
                                             opened=opened.opened)
    return opened.pages[lang]


# ---------------------------------------------------------------------------- routes
class _State:
    """The application's opened files, and the one lock that opens one file at a time."""

    def __init__(self) -> None:
        self.kept = Kept()
        self.working = threading.Lock()


_state_lock = threading.Lock()


def _state(request: Request) -> _State:
    with _state_lock:
        state = getattr(request.app.state, "opened", None)
        if state is None:
            state = request.app.state.opened = _State()
    assert isinstance(state, _State)
    return state


def _served(request: Request) -> str:
    """Where the server is reached: its ``base_url``, else its own paths (as ``/`` says)."""
    return request.app.state.server.settings.base_url or "/"  # type: ignore[no-any-return]


def _address(request: Request, key: str, lang: str) -> str:
    return f"{_served(request)}opened/{key}?" + urllib.parse.urlencode({"lang": lang})


def _in_turn(request: Request, state: _State, work: Callable[[], _T]) -> _T:
    """Run ``work()`` when no other file is being opened (waiting up to ``timeout``)."""
    if not state.working.acquire(timeout=request.app.state.server.settings.timeout):
        raise HTTPException(503, message("server.open.busy"), headers={"Retry-After": "1"})
    try:
        return work()
    finally:
        state.working.release()


def too_large(name: str, declared: str, limit: int, lang: str | None = None) -> str:
    """What ``/open`` says of a file over ``max_body`` (``declared``: its ``Content-Length``, if
    any): the limit, how to raise it, and how to draw the file without a server.

    >>> too_large("big.ttl", "1500000", 1048576)
    'big.ttl is 1.4 MB, larger than this server takes (1 MB, --max-body 1048576): start it with kg serve --max-body 2000000 to open the file here, or draw it without a server with kg render --data big.ttl'
    >>> too_large("big.ttl", "", 20000, "de").split(":")[0]
    'big.ttl ist größer, als dieser Server annimmt (19,5 KB, --max-body 20000)'
    """
    lang = lang or user_lang()
    if declared.isdigit():
        size = int(declared)
        return message("server.open.tooLarge", lang, name=name, size=_size(size, lang),
                       limit=_size(limit, lang), bytes=limit,
                       needed=-(-size // 1_000_000) * 1_000_000)
    return message("server.open.tooLargeUnsized", lang, name=name, limit=_size(limit, lang),
                   bytes=limit)


def _size(count: int, lang: str) -> str:
    """``count`` bytes for people: ``1 MB``, ``1.4 MB``, ``19.5 KB`` (a comma in German).

    >>> _size(1048576, "en"), _size(1500000, "en"), _size(20000, "de")
    ('1 MB', '1.4 MB', '19,5 KB')
    """
    number, unit = (count / 2**20, "MB") if count >= 2**20 else (count / 2**10, "KB")
    text = f"{number:.1f}".removesuffix(".0")
    return f"{text.replace('.', ',') if lang == 'de' else text} {unit}"


async def open_route(request: Request) -> Response:
    """``POST /open``: check and draw the file in the body (see the module's description)."""
    unread = {"Connection": "close"}  # a refusal before the body is read ends the connection
    try:
        lang = page_lang(request)
    except HTTPException as exc:
        raise HTTPException(exc.status_code, exc.detail, headers=unread) from None
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    settings = request.app.state.server.settings
    if kind not in OPEN_TYPES:
        raise HTTPException(415, message("server.open.mediaType", types=", ".join(OPEN_TYPES)),
                            headers=unread)
    name = safe_name(request.query_params.get("name", ""), OPEN_TYPES[kind])
    try:
        data = await read_body(request, settings.max_body)
    except HTTPException as exc:
        if exc.status_code != 413:
            raise
        said = too_large(name, request.headers.get("content-length", ""), settings.max_body, lang)
        return JSONResponse({"error": said, "file": name, "line": None, "column": None,
                             "message": said}, 413, headers={"Connection": "close"})
    state = _state(request)
    key = key_of(name, kind, data)
    served = _served(request)

    def work() -> Opened:
        found = state.kept.get(key) or open_file(data, kind, name)
        page_of(found, lang, served)
        state.kept.put(key, found)
        return found

    try:
        found = await anyio.to_thread.run_sync(_in_turn, request, state, work)
    except InputError as err:
        return JSONResponse({"error": str(err), "file": err.path, "line": err.line,
                             "column": err.column, "message": err.message}, 400)
    except KGError as err:  # the file parsed, but cannot be drawn
        return JSONResponse({"error": f"{name}: {err}", "file": name, "line": None,
                             "column": None, "message": str(err)}, 400)
    location = _address(request, key, lang)
    return JSONResponse({"location": location, "triples": found.opened["triples"],
                         "problems": len(found.opened["problems"])}, 201,
                        headers={"Location": location})


async def opened_route(request: Request) -> Response:
    """``GET /opened/HASH``: an opened file's page, in ``?lang=``."""
    lang = page_lang(request)
    state = _state(request)
    found = state.kept.get(request.path_params["key"])
    if found is None:
        raise HTTPException(404, message("server.open.gone", n=state.kept.size))
    served = _served(request)
    page = await anyio.to_thread.run_sync(
        _in_turn, request, state, lambda: page_of(found, lang, served))
    return HTMLResponse(page)


#: The routes, for the application's route list.
ROUTES = [
    Route("/open", open_route, methods=["POST"]),
    Route("/opened/{key}", opened_route),
]

