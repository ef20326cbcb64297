"""The headers every answer carries.

:class:`SecurityHeaders` is an ASGI middleware that adds :data:`SECURITY_HEADERS` to every
response the application sends (a route that sets one of them itself keeps its own value).
Pages' Content-Security-Policies come from the one builder, which the viewer's page uses too:
:func:`viz.csp.content_security_policy` (imported here for the server's pages).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from viz.csp import BASE_POLICY, content_security_policy  # one builder, the viewer's page's too

__all__ = ["BASE_POLICY", "SECURITY_HEADERS", "SecurityHeaders", "content_security_policy"]

#: Sent with every answer: no content sniffing, no referrer to other sites.
SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
class SecurityHeaders:
    """ASGI middleware: :data:`SECURITY_HEADERS` on every HTTP response of ``app``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
