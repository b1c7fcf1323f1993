"""How souq is served by uvicorn (``souq serve``, the tests and the benchmarks)."""

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
    """
    options = {"ws_max_size": settings.max_request_bytes, "ws_per_message_deflate": False} | options
    return uvicorn.Config(app, **options)
