"""``kg serve``: the graph over HTTP, read-only, with a time limit on every query.

* :func:`create_app` builds the ASGI application (usable with Starlette's ``TestClient``);
* :func:`serve` runs it with hypercorn until interrupted (:func:`running`: in a thread);
* :data:`SETTINGS` is the table of settings, :class:`Settings` their values.

See :mod:`kgapp.server.app` for the routes, :mod:`kgapp.server.guard` for what may run,
:mod:`kgapp.server.workers` for how queries are stopped and :mod:`kgapp.server.limits` for
how slow clients are.

>>> Settings().port
8000
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .settings import SETTINGS, Setting, Settings, markdown_table

if TYPE_CHECKING:
    from .app import create_app, running, serve
    from .negotiation import negotiate

_APP = frozenset({"create_app", "negotiate", "running", "serve"})


def __getattr__(name: str) -> Any:
    """The application's names, imported on first use: reading the settings (as every ``kg``
    command does to build its options) then costs no web framework import."""
    if name in _APP:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["SETTINGS", "Setting", "Settings", "create_app", "markdown_table", "negotiate", "running",
           "serve"]
