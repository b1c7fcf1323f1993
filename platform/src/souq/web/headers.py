"""The security headers of every HTTP response souq sends (the one place they are set).

The Content-Security-Policy lets a page load scripts, styles, fonts and images from souq
itself only, and connect to souq itself only (``'self'`` covers same-origin ``ws:`` and
``wss:`` in CSP 3 browsers: Chromium since 71, Safari since 16; the browser tests show the
client's WebSocket under it); nothing may frame souq.
A response that sets its own policy keeps it (GraphiQL, :data:`GRAPHIQL_CSP`).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def _policy(font_src: str = "'self'") -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"font-src {font_src}",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


CSP = _policy()
"""The policy of every page souq serves."""

GRAPHIQL_CSP = _policy(font_src="'self' data:")
"""GraphiQL's: the same, but its stylesheet embeds its fonts as ``data:`` addresses
(measured in Chromium: it runs queries, completes and shows its docs with no violation)."""

HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class SecurityHeaders:
    """ASGI middleware: adds each of :data:`HEADERS` that an HTTP response does not set."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name not in headers:
                        headers.append(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
