"""``/healthz`` (the process is alive) and ``/readyz`` (database reachable, migrations at head)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from souq.db.migrate import current_revision, head_revision
from souq.runtime import Services


async def healthz(request: Request) -> JSONResponse:
    """Always ``ok`` while the process serves requests."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """``ready`` when the database answers and is migrated to head, else 503 with why."""
    services: Services = request.app.state.services
    try:
        revision = await current_revision(services.db)
    except Exception as error:
        return JSONResponse(
            {"status": "unavailable", "reason": f"database: {error}"}, status_code=503
        )
    head = head_revision()
    if revision != head:
        return JSONResponse(
            {"status": "unavailable", "reason": f"database at {revision}, code expects {head}"},
            status_code=503,
        )
    return JSONResponse({"status": "ready", "revision": revision})
