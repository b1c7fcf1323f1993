"""``POST /apps/{slug}/events/{name}``: an event from an app's backend or operator, signed
with the app's event secret (see :mod:`souq_sdk.signing`).

Answers 200 with ``{"outcome": "ok", "summary": ...}`` (the handler's summary), 401 for a
missing, stale or wrong signature, 404 for an unknown app or event, 400 for a body that
is not a JSON object, 413 for one over ``SOUQ_MAX_REQUEST_BYTES``, 409 for an app that is
not serving, and 502 when the app's handler failed or timed out. Every error is one line:
``{"error": CODE, "message": ...}``.
"""

from __future__ import annotations

import json

from souq_sdk.signing import HEADER, verify
from starlette.requests import Request
from starlette.responses import JSONResponse

from souq.errors import Conflict, NotFound
from souq.runtime import Services

from .bodies import TooLarge, read_body


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


async def app_event(request: Request) -> JSONResponse:
    """Verify, then run the app's handler of the event and hand back its summary."""
    services: Services = request.app.state.services
    slug, name = request.path_params["slug"], request.path_params["name"]
    try:
        body = await read_body(request, services.settings.max_request_bytes)
    except TooLarge as error:
        return _error(413, "TOO_LARGE", error.message)
    secret = await services.event_secrets.current(slug)
    if secret is None:
        return _error(404, "NOT_FOUND", f"no app {slug!r}")
    header = request.headers.get(HEADER)
    if header is None:
        return _error(401, "UNAUTHENTICATED", f"the {HEADER} header is missing")
    problem = verify(secret, header, body, services.events.clock().timestamp())
    if problem is not None:
        return _error(401, "UNAUTHENTICATED", problem)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "BAD_USER_INPUT", "the body must be a JSON object")
    if not isinstance(data, dict):
        return _error(400, "BAD_USER_INPUT", "the body must be a JSON object")
    try:
        ran = await services.events.send(slug, name, data)
    except NotFound as error:
        return _error(404, "NOT_FOUND", error.message)
    except Conflict as error:
        return _error(409, "CONFLICT", error.message)
    if ran.outcome != "ok":
        return _error(502, "APP_FAILED", f"{slug} {ran.outcome}: {ran.error}")
    return JSONResponse({"outcome": "ok", "summary": ran.summary})
