"""HTTP connections with a deadline: a client that is slow to send its request, or to take its
answer, is dropped (the ``request_timeout`` setting).

uvicorn closes idle keep-alive connections, but waits forever for a request that trickles in a
byte at a time (*slowloris*) and for a client that never reads its answer. :func:`timed_protocol`
makes uvicorn's h11 protocol arm a timer when a connection opens and again when an answer has
been handed over. When it fires:

* the request has not arrived whole (headers or body still coming): the client gets
  ``408 Request Timeout`` and the connection is closed (a query it already started is then
  stopped, see :mod:`kgapp.server.app`);
* the answer has not been taken (it still sits in the send buffer): the connection is aborted
  and the buffer freed;
* otherwise (a query is running, or the connection is idle and uvicorn's keep-alive timeout
  applies) nothing happens.

uvicorn has no public hook for this (encode/uvicorn#157 asks for a request-start timeout since
2018; ASGI middleware only runs once the headers are in), so this subclasses its h11 protocol,
which is not public API: it uses ``connection_made``, ``connection_lost``,
``on_response_complete`` and the attributes ``loop``, ``transport``, ``conn`` and ``cycle``
(``response_complete``, ``response_started``, ``disconnected``, ``message_event``). h11's own
``their_state`` and ``trailing_data`` are public. pyproject.toml therefore pins uvicorn to one
version, and ``tests/test_server_faults.py`` checks the pin and each way a deadline ends a
connection, in-process, so an upgrade that moves these internals fails there first.

>>> protocol = timed_protocol(2.5)
>>> protocol.request_timeout, protocol.__name__
(2.5, 'TimedH11Protocol')
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["timed_protocol"]

_MESSAGE = b"the request did not arrive in time\n"
_TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: " + str(len(_MESSAGE)).encode() + b"\r\n\r\n" + _MESSAGE
)


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with a deadline for receiving each request and for each answer
    to be taken (:attr:`request_timeout` seconds)."""

    request_timeout: float = 10.0
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_timeout, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.transport.get_write_buffer_size() > 0:  # the last answer is still not taken
            self.transport.abort()
            return
        theirs, cycle = self.conn.their_state, self.cycle
        if theirs is h11.SEND_BODY:  # the body is still coming
            if not cycle.response_complete:
                cycle.disconnected = True  # the application's answer goes nowhere
                cycle.message_event.set()  # and its wait for the rest of the body ends
            if not cycle.response_started:
                self.transport.write(_TIMEOUT_RESPONSE)
            self.transport.close()
        elif theirs is h11.IDLE and self.conn.trailing_data[0]:  # the headers are still coming
            self.transport.write(_TIMEOUT_RESPONSE)
            self.transport.close()
        elif theirs is h11.IDLE and cycle is None:  # connected, and never said a word
            self.transport.close()


def timed_protocol(request_timeout: float) -> type[TimedH11Protocol]:
    """The protocol class to give uvicorn (``http=``), with this deadline in seconds."""
    return type("TimedH11Protocol", (TimedH11Protocol,), {"request_timeout": request_timeout})
