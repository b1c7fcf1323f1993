"""How uvicorn serves souq (``souq serve``, the tests and the benchmarks): the options
every server of the app shares."""

from __future__ import annotations

from typing import Any

import uvicorn
from starlette.types import ASGIApp

from souq.settings import Settings


def uvicorn_config(app: ASGIApp, settings: Settings, **options: Any) -> uvicorn.Config:
    """A uvicorn configuration for ``app`` with souq's limits on the connection itself.

    WebSocket messages are capped at ``SOUQ_MAX_REQUEST_BYTES``, as HTTP bodies are: uvicorn
    closes the socket with ``1009`` as soon as a bigger message starts, before buffering it
    (the app refuses one too, whatever serves it). Events are small JSON messages:
    compressing each one costs more CPU than it saves, so per-message deflate is off.

    ``X-Forwarded-For`` decides the client address that sign-in throttling counts, so it
    is read only from the proxies in ``SOUQ_FORWARDED_ALLOW_IPS``; by default no proxy is
    trusted and the address is the peer of the TCP connection (uvicorn's own default
    would trust any local process).

    Every server runs on asyncio's own event loop, not uvloop: under bench/hostile.py's
    replay storm (100 sockets replaying 3,000 messages each) uvloop left ``/healthz``
    waiting 12 s at the median where asyncio's loop answered in 0.15 s, and it saved no
    measurable CPU in the fan-out (docs/scaling.md).
    """
    trusted = settings.forwarded_allow_ips
    defaults: dict[str, Any] = {
        "loop": "asyncio",
        "ws_max_size": settings.max_request_bytes,
        "ws_per_message_deflate": False,
        "proxy_headers": trusted is not None,
        "forwarded_allow_ips": trusted if trusted is not None else "",
    }
    return uvicorn.Config(app, **(defaults | options))
