"""The viewer in a notebook (Jupyter, JupyterLab, VS Code): a frame on a written page.

:func:`show_in_notebook` writes the viewer page to a file and returns a :class:`NotebookFrame`,
which a notebook displays as an ``<iframe>`` of a few hundred bytes that loads the page: the
notebook does not hold the page (about a megabyte), and nothing is built with
``IPython.display.HTML``, which warns about frames. Where the frame loads the page from:

``where="file"``
    a path relative to the notebook's folder (``stalin-kg-views/…html`` under the current
    directory, the notebook's own when Jupyter starts the kernel). Jupyter and JupyterLab serve
    the notebook's folder, so the frame loads the file from the notebook server: this works
    for a notebook on a remote server too.
``where="server"``
    ``http://127.0.0.1:PORT/…``: a small web server on the loopback interface, started once per
    kernel in a background thread, serving only the folder of written pages. VS Code shows
    notebook output in a webview that cannot load a notebook's files, but loads ``localhost``.
``where="auto"`` (the default)
    ``server`` when the kernel runs under VS Code (it sets ``VSCODE_PID`` or ``VSCODE_CWD``),
    else ``file``.

The frame is as wide as the notebook's output area (about 800 px) and ``height`` (720) pixels
high, a size the page is made for: the graph with the evidence panel beside it, the filters a
drawer, every button in view (tests/test_viewer_screens.py opens this frame in an 800 px cell).

>>> import graph, tempfile, pathlib
>>> frame = show_in_notebook(graph.load(), relations=["exiledWith"], where="file",
...                          folder=pathlib.Path(tempfile.mkdtemp()))
>>> frame.path.stat().st_size > 100_000, len(frame._repr_html_()) < 1000
(True, True)
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from graph.atomic import atomic_output
from graph.messages import message

from .render import render_html

if TYPE_CHECKING:
    from graph.kg import KnowledgeGraph

__all__ = ["FOLDER", "NotebookFrame", "show_in_notebook"]

#: The folder, under the current directory, that ``where="file"`` writes pages to.
FOLDER = "stalin-kg-views"
_WHERE = ("auto", "file", "server")


@dataclass(frozen=True)
class NotebookFrame:
    """A written viewer page and the address a notebook's frame loads it from."""

    path: Path
    src: str
    height: int = 720

    def _repr_html_(self) -> str:
        return (
            f'<iframe src="{html.escape(self.src, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ccd" '
            'sandbox="allow-scripts allow-downloads allow-popups '
            'allow-popups-to-escape-sandbox"></iframe>'
        )

    def __repr__(self) -> str:
        return f"NotebookFrame({str(self.path)!r}, src={self.src!r})"


def show_in_notebook(
    kg: KnowledgeGraph, *, height: int = 720, where: str = "auto",
    folder: str | Path | None = None, **options: Any,
) -> NotebookFrame:
    """Write the viewer (``options`` as for :func:`viz.render_html`) and return the frame a
    notebook displays for it (see the module's text for ``where``). ``folder``: where the
    page is written (default: ``stalin-kg-views`` under the current directory for ``file``, a
    temporary folder for ``server``); a page of the same graph and options is written once.
    """
    if where not in _WHERE:
        raise ValueError(message("viz.badWhere", options=", ".join(_WHERE), where=repr(where)))
    if where == "auto":
        where = "server" if {"VSCODE_PID", "VSCODE_CWD"} & set(os.environ) else "file"
    page = render_html(kg, **options)
    name = f"view-{hashlib.sha256(page.encode()).hexdigest()[:12]}.html"
    if where == "file":
        base = Path(folder) if folder is not None else Path.cwd() / FOLDER
        path = _write(base, name, page)
        try:
            src = path.relative_to(Path.cwd()).as_posix()
        except ValueError:  # a folder outside the notebook's: the frame gets its file URL
            src = path.resolve().as_uri()
        return NotebookFrame(path, src, height)
    base = Path(folder) if folder is not None else _Pages.default_folder()
    path = _write(base, name, page)
    return NotebookFrame(path, _Pages.serving(base).url(name), height)


def _write(folder: Path, name: str, page: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        with atomic_output(path) as out:
            out.write(page)
    return path


class _Quiet(SimpleHTTPRequestHandler):
    """Files of one folder, and no log lines in the notebook."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Pages:
    """One loopback web server per folder, serving its files, in a daemon thread."""

    _servers: ClassVar[dict[Path, _Pages]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_Quiet, directory=str(folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True,
                         name="stalin-kg notebook pages").start()

    def url(self, name: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/{name}"

    @classmethod
    def serving(cls, folder: Path) -> _Pages:
        key = folder.resolve()
        with cls._lock:
            if key not in cls._servers:
                cls._servers[key] = cls(key)
            return cls._servers[key]

    @staticmethod
    @functools.cache
    def default_folder() -> Path:
        """A temporary folder of this process's own."""
        import tempfile

        return Path(tempfile.mkdtemp(prefix="stalin-kg-views-"))
