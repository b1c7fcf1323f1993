"""``/healthz`` (the process is alive) and ``/readyz`` (database reachable, migrated to head,
and taking writes)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from souq.db.migrate import current_revision, head_revision
from souq.runtime import Services


async def healthz(request: Request) -> JSONResponse:
    """Always ``ok`` while the process serves requests."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """``ready`` when the database answers, is migrated to head and takes writes, else 503
    with why (after a failed write, ready again as soon as a write succeeds)."""
    services: Services = request.app.state.services
    try:
        revision = await current_revision(services.db)
        write_problem = await services.db.write_problem()
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
    if write_problem is not None:
        return JSONResponse(
            {"status": "unavailable", "reason": f"database: writes fail: {write_problem}"},
            status_code=503,
        )
    return JSONResponse({"status": "ready", "revision": revision})
