"""What a client may hold of the server: time to send its request and take its answer, and a
share of the requests served at once.

Two layers, each with public means only:

* the HTTP server (hypercorn, :func:`server_config`) closes a connection whose request headers
  have not arrived whole within ``request_timeout`` of its opening or of its previous answer,
  whether the client trickles them in (*slowloris*) or never says a word: hypercorn's
  ``keep_alive_timeout`` runs from then until a request's headers are in;
* :class:`RequestLimits`, ASGI middleware, gives the request's body ``request_timeout`` from its
  headers (past it: ``408 Request Timeout``, and the connection is closed), gives each part of
  the answer ``request_timeout`` to be taken (past it the application stops, its query with it,
  and the connection is closed once the server can), and answers ``503`` to a request past
  ``max_requests`` at once.

>>> config = server_config("127.0.0.1", 8000, request_timeout=2.5)
>>> config.keep_alive_timeout, config.bind
(2.5, ['127.0.0.1:8000'])
>>> server_config("::1", 8000, request_timeout=1).bind
['[::1]:8000']
"""

from __future__ import annotations

import errno
import socket

import anyio
from hypercorn.config import Config
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.errors import KGError
from graph.messages import message

__all__ = ["RequestLimits", "listen", "server_config"]


def server_config(host: str, port: int, *, request_timeout: float) -> Config:
    """hypercorn's configuration: listen on ``host:port``, give a request's headers
    ``request_timeout`` seconds, log warnings only (no access log). ``port`` 0 binds no
    address: give the server a socket of your own (see :func:`kgapp.server.running`)."""
    config = Config()
    config.bind = [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]
    config.keep_alive_timeout = request_timeout
    config.loglevel = "WARNING"
    config.accesslog = None
    config.graceful_timeout = 1.0  # then open connections are closed: a stop takes a second
    return config


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port`` (``port`` 0: a free one), for hypercorn to take over
    (``config.bind = [f"fd://{sock.detach()}"]``). Bound before the server says it runs, so
    that a port in use or an address not this machine's is one line of
    :class:`~graph.errors.KGError` that says what to do, not hypercorn's traceback.

    >>> with listen("127.0.0.1", 0) as held:
    ...     listen("127.0.0.1", held.getsockname()[1])
    Traceback (most recent call last):
    graph.errors.KGError: port ... on 127.0.0.1 is in use; pick another with --port
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
        listening.listen()  # from here on the port is taken, whatever the server does first
    except OSError as exc:
        listening.close()
        raise KGError(_why_not(host, port, exc)) from None
    return listening


def _why_not(host: str, port: int, exc: OSError) -> str:
    """What to tell about a socket that could not be bound, and what to do about it."""
    if exc.errno == errno.EADDRINUSE:
        return message("server.error.portInUse", host=host, port=port)
    if exc.errno == errno.EADDRNOTAVAIL:
        return message("server.error.notThisMachine", host=host, port=port)
    if exc.errno == errno.EACCES:
        return message("server.error.portDenied", host=host, port=port)
    if isinstance(exc, socket.gaierror):
        return message("server.error.unknownHost", host=host, port=port)
    return message("server.error.cannotListen", host=host, port=port,
                   error=exc.strerror or exc)


class _Late(Exception):
    """The client took too long: to send the body (``what == "request"``) or to take a part of
    the answer (``"answer"``)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what




class RequestLimits:
    """ASGI middleware: deadlines for a request's body and for its answer to be taken, and at
    most ``max_requests`` requests served at once (see the module's description)."""

    def __init__(self, app: ASGIApp, *, request_timeout: float, max_requests: int) -> None:
        self.app = app
        self.request_timeout = request_timeout
        self.max_requests = max_requests
        self.active = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.active >= self.max_requests:
            busy = PlainTextResponse(message("server.error.busy") + "\n", 503, headers={"Retry-After": "1"})
            await busy(scope, receive, send)
            return
        self.active += 1
        try:
            await self._limited(scope, receive, send)
        finally:
            self.active -= 1

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        deadline = anyio.current_time() + self.request_timeout
        body_done = False
        started = False

        async def timed_receive() -> Message:
            nonlocal body_done
            if body_done:  # the application now waits for the client to leave: no deadline
                return await receive()
            with anyio.move_on_after(deadline - anyio.current_time()) as waiting:
                message = await receive()
            if waiting.cancelled_caught:
                raise _Late("request")
            body_done = message["type"] != "http.request" or not message.get("more_body")
            return message

        async def timed_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            with anyio.move_on_after(self.request_timeout) as sending:
                await send(message)
            if sending.cancelled_caught:
                raise _Late("answer")

        try:
            await self.app(scope, timed_receive, timed_send)
        except* _Late as group:  # (raised through the application, maybe from a task group)
            late = group.exceptions[0]
            if isinstance(late, _Late) and late.what == "request" and not started:
                timeout = PlainTextResponse(message("server.error.late") + "\n", 408, headers={"Connection": "close"})
                await timeout(scope, receive, send)
            # else: the answer ends unfinished, and the server closes the connection
