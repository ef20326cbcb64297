"""A request's body, read within the server's limit (``max_body``): the one reader of bodies
that the SPARQL endpoint (:mod:`kgapp.server.app`), ``/open`` (:mod:`kgapp.server.opened`) and
the query page's ``POST`` routes (:mod:`kgapp.server.workbench`) share.

A body whose declared length is over the limit is refused unread (413, and the connection is
closed); one that grows past it while it arrives is refused as soon as it does. A client that
goes away, or takes longer than ``request_timeout`` to send it (:mod:`kgapp.server.limits`),
gets 400.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request

from graph.messages import message

__all__ = ["read_body"]


async def read_body(request: Request, limit: int) -> bytes:
    """The body of ``request``, at most ``limit`` bytes; raises :class:`HTTPException` 413 for
    a longer one and 400 for one that did not arrive whole."""
    too_large = message("server.error.bodyTooLarge", limit=limit)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:  # refused unread
        raise HTTPException(413, too_large, headers={"Connection": "close"})
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise HTTPException(413, too_large, headers={"Connection": "close"})
            chunks.append(chunk)
    except ClientDisconnect:  # it went away, or took longer than request_timeout
        raise HTTPException(400, message("server.error.incomplete")) from None
    return b"".join(chunks)
