"""``kg serve``: the graph over HTTP, read-only, with a time limit on every query.

* :func:`create_app` builds the ASGI application (usable with Starlette's ``TestClient``);
* :func:`serve` runs it with uvicorn until interrupted (:func:`running`: in a thread);
* :data:`SETTINGS` is the table of settings, :class:`Settings` their values.

See :mod:`graph.server.app` for the routes, :mod:`graph.server.guard` for what may run,
:mod:`graph.server.workers` for how queries are stopped and :mod:`graph.server.protocol` for
how slow clients are.

>>> Settings().port
8000
"""

from .app import create_app, negotiate, running, serve
from .settings import SETTINGS, Setting, Settings, markdown_table

__all__ = ["SETTINGS", "Setting", "Settings", "create_app", "markdown_table", "negotiate", "running",
           "serve"]
