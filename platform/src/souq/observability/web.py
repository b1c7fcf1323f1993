"""Observability on the ASGI app: HTTP and WebSocket metrics, ``/metrics`` behind a
bearer token, and the OpenTelemetry ASGI instrumentation when tracing is on."""

from __future__ import annotations

import hmac
import time

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from souq.settings import Settings

from . import metrics, tracing

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"
"""The route label of a request no route matched (a 404): paths would be unbounded."""


class HttpMetrics:
    """Counts and times every HTTP request by route template, method and status, and
    keeps the number of accepted WebSockets open."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the server answers if the app raises before responding

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = getattr(scope.get("route"), "path", UNMATCHED)
            method = scope["method"] if scope["method"] in METHODS else "other"
            metrics.child(metrics.HTTP_REQUESTS, route, method, str(status)).inc()
            metrics.child(metrics.HTTP_LATENCY, route, method).observe(
                time.perf_counter() - started
            )

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        accepted = False

        async def sending(message: Message) -> None:
            nonlocal accepted
            if message["type"] == "websocket.accept" and not accepted:
                accepted = True
                metrics.WEBSOCKETS_OPEN.inc()
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            if accepted:
                metrics.WEBSOCKETS_OPEN.dec()


def metrics_endpoint(token: str) -> Route:
    """``GET /metrics``: the Prometheus text, only for ``Authorization: Bearer <token>``."""
    expected = f"Bearer {token}".encode()

    async def scrape(request: Request) -> Response:
        given = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(given, expected):
            return Response(
                "a bearer token is required\n",
                status_code=401,
                headers={"www-authenticate": 'Bearer realm="metrics"'},
            )
        body, content_type = await run_in_threadpool(metrics.exposition)
        return Response(body, media_type=content_type)

    return Route("/metrics", scrape, methods=["GET"])


def observability_routes(settings: Settings) -> list[BaseRoute]:
    """``/metrics`` when ``SOUQ_METRICS_TOKEN`` is set, else nothing."""
    return [metrics_endpoint(settings.metrics_token)] if settings.metrics_token else []


def observability_middleware(settings: Settings) -> list[Middleware]:
    """Outermost first: spans with ``SOUQ_TRACING``, then metrics, always counted."""
    middleware = [Middleware(HttpMetrics)]
    if settings.tracing:
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

        spans = Middleware(
            OpenTelemetryMiddleware,
            tracer_provider=tracing.enable(),
            exclude_spans=["receive", "send"],
        )
        middleware.insert(0, spans)
    return middleware
