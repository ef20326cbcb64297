"""``kg serve`` shows a change at once: the graph is read again when its files change.

After ``kg add``, ``kg edit``, ``kg remove``, a save in the workbench (``kg curate``) or an edit
in any text editor, the next request to the server answers from the new graph: the viewer, the
Linked Data pages, the query page and the SPARQL endpoint alike, without a restart.

Each request (but those for the pages' static files) first asks :meth:`Reloader.changed`,
which costs one ``stat`` a data file (and a directory listing for a folder of sources): the
*fingerprint* of the files, each file's inode, modification time and size (an atomic write
replaces the inode, so even a change within the clock's resolution is seen). When it differs
from the last one read, the files are loaded again, under a lock (requests meanwhile wait for
the new graph, which is what they are to show), and the server's state is replaced whole, in
one assignment: the graph, its worker processes, the cached viewer and pages. The old worker
processes end once the queries they run have ended.

A reload that finds a broken file (a Turtle syntax error half-way through an edit, a file
gone) keeps serving the last good graph. The problem, located (file, line, column, what is
wrong), is written to the log once, and every answer carries it in the header
``X-KG-Reload-Problem`` (percent-encoded where it is not ASCII) until the files load again.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.ttl").write_text("<urn:a> <urn:p> 1 .\\n")
>>> print(fingerprint([folder / "a.ttl", folder / "gone.ttl"])[1])
(PosixPath('.../gone.ttl'), None)
"""

from __future__ import annotations

import os
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import anyio.to_thread

from graph.errors import KGError
from graph.messages import message

__all__ = ["HEADER", "Fingerprint", "Reloader", "Reloading", "fingerprint"]

#: The header of every answer while the files do not load: the located problem.
HEADER = "X-KG-Reload-Problem"

#: Each data file and what ``stat`` says of it (inode, modification time, size; None: missing).
Fingerprint = tuple[tuple[Path, tuple[int, int, int] | None], ...]


def fingerprint(files: Sequence[Path]) -> Fingerprint:
    """The fingerprint of ``files``: one ``stat`` each."""
    out: list[tuple[Path, tuple[int, int, int] | None]] = []
    for path in files:
        try:
            st = os.stat(path)
        except OSError:
            out.append((path, None))
        else:
            out.append((path, (st.st_ino, st.st_mtime_ns, st.st_size)))
    return tuple(out)


class Reloader:
    """Watches the files of a served graph and loads them again when they change.

    ``files()``: the graph's files now (a project's list can grow: ``kg source add``);
    ``load(files)``: the graph read from them (raises :class:`~graph.errors.KGError`, located,
    when a file is broken); ``swap(graph)``: puts a new graph in service. ``log``: where the
    reloads and the problems are reported (stderr).
    """

    def __init__(self, files: Callable[[], Sequence[Path]], load: Callable[[list[Path]], Any],
                 swap: Callable[[Any], None], log: Callable[[str], None] | None = None) -> None:
        self.files = files
        self.load = load
        self.swap = swap
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.seen = fingerprint(list(files()))
        #: the located problem of the last reload, None when the files loaded
        self.problem: str | None = None
        #: how many times the graph was read again
        self.reloads = 0
        self._lock = threading.Lock()

    def changed(self) -> bool:
        """Whether the files changed since they were last read: a ``stat`` each, no more (so
        it is asked in the server's loop, with no thread to wait for)."""
        return fingerprint(list(self.files())) != self.seen

    def refresh(self) -> bool:
        """Load the files again if they changed since they were last read; whether the graph
        was replaced (blocking: call it in a thread)."""
        if not self.changed():
            return False
        with self._lock:  # one reload at a time; who waited finds it done
            files = list(self.files())
            now = fingerprint(files)  # before reading: a change during the read is seen next time
            if now == self.seen:
                return False
            self.seen = now
            began = time.perf_counter()
            try:
                graph = self.load(files)
            except KGError as err:
                self.problem = str(err)
                self.log(message("server.reload.kept", problem=self.problem))
                return False
            self.swap(graph)
            self.problem = None
            self.reloads += 1
            self.log(message("server.reload.done", triples=len(graph), files=len(files),
                             seconds=f"{time.perf_counter() - began:.2f}"))
            return True

    def header(self) -> tuple[bytes, bytes] | None:
        """The ``X-KG-Reload-Problem`` header while the files do not load, else None."""
        if self.problem is None:
            return None
        one_line = " ".join(self.problem.split())
        value = urllib.parse.quote(one_line, safe=" !\"#$&'()*+,-./:;<=>?@[]^_`{|}~")
        return HEADER.lower().encode(), value.encode("ascii")


class Reloading:
    """ASGI middleware: :meth:`Reloader.refresh` before each request (but ``/static/``), and
    the problem header on each answer while there is one."""

    def __init__(self, app: Any, reloader: Reloader) -> None:
        self.app = app
        self.reloader = reloader

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not scope["path"].startswith("/static/") and self.reloader.changed():
            await anyio.to_thread.run_sync(self.reloader.refresh)  # (a thread: it loads)

        async def sending(event: Any) -> None:
            header = self.reloader.header()
            if event["type"] == "http.response.start" and header is not None:
                event = {**event, "headers": [*event.get("headers", []), header]}
            await send(event)

        await self.app(scope, receive, sending)
