"""How uvicorn serves souq: the options every server of the app shares."""

from __future__ import annotations

from typing import Any

import uvicorn

from souq.settings import Settings


def uvicorn_config(app: Any, settings: Settings, **options: Any) -> uvicorn.Config:
    """A uvicorn configuration for ``app`` that trusts proxies only when told to.

    ``X-Forwarded-For`` decides the client address that sign-in throttling counts, so it
    is read only from the proxies in ``SOUQ_FORWARDED_ALLOW_IPS``; by default no proxy is
    trusted and the address is the peer of the TCP connection (uvicorn's own default
    would trust any local process).
    """
    trusted = settings.forwarded_allow_ips
    return uvicorn.Config(
        app,
        proxy_headers=trusted is not None,
        forwarded_allow_ips=trusted if trusted is not None else "",
        **options,
    )
