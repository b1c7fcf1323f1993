"""``/session``: the web client's sign-in, kept in a cookie that scripts cannot read.

``POST /session`` with ``{"username", "password"}`` signs in as the ``login`` mutation does
(same accounts service, same throttling) and sets the ``souq_session`` cookie (HttpOnly,
SameSite=Strict, Secure over HTTPS or with ``SOUQ_SECURE_COOKIE``); the answer is
``{"username", "role"}``, never the token. ``GET /session`` answers who the cookie signs
in (401 if nobody); ``DELETE /session`` revokes its token as ``logout`` does and clears it.

Against cross-site request forgery, the cookie counts only on a request from the web
client itself (:func:`from_web_client`): it carries ``X-Souq-Client: web`` (a custom header,
so another site's script needs a CORS preflight that souq never grants) and, if it has an
``Origin``, souq's own. A WebSocket upgrade carries no custom header: there the cookie
counts only when the ``Origin`` is souq's own (:func:`socket_session_token`). Errors are
one line: ``{"error": CODE, "message": ...}``.
"""

from __future__ import annotations

import json

from starlette.endpoints import HTTPEndpoint
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.websockets import WebSocket

from souq.errors import DomainError, ErrorCode
from souq.runtime import Services
from souq.services.accounts import Account

from .bodies import TooLarge, read_body

COOKIE = "souq_session"
CLIENT_HEADER = "x-souq-client"
CLIENT = "web"

_STATUS = {
    ErrorCode.INVALID_CREDENTIALS: 401,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.UNAVAILABLE: 503,
}


def own_origin(connection: HTTPConnection) -> str:
    """The origin of souq as this request reached it (``ws``/``wss`` as ``http``/``https``)."""
    url = connection.url
    scheme = {"ws": "http", "wss": "https"}.get(url.scheme, url.scheme)
    return f"{scheme}://{url.netloc}"


def from_web_client(request: HTTPConnection) -> bool:
    """Whether the request may be authenticated by the cookie: it has ``X-Souq-Client: web``
    and no ``Origin`` but souq's own."""
    origin = request.headers.get("origin")
    return request.headers.get(CLIENT_HEADER) == CLIENT and origin in (None, own_origin(request))


def session_token(request: Request) -> str | None:
    """The token of the session cookie, if it may authenticate this HTTP request."""
    return request.cookies.get(COOKIE) if from_web_client(request) else None


def socket_session_token(websocket: WebSocket) -> str | None:
    """The token of the session cookie, if the WebSocket upgrade came from souq's own
    origin (a page of another site may open sockets to souq; its cookie must not count)."""
    same_origin = websocket.headers.get("origin") == own_origin(websocket)
    return websocket.cookies.get(COOKIE) if same_origin else None


def _error(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    return JSONResponse(
        {"error": code, "message": message},
        status_code=status,
        headers={"cache-control": "no-store", **headers},
    )


def _who(account: Account) -> JSONResponse:
    # The role as GraphQL spells it (``me { role }``).
    return JSONResponse(
        {"username": account.username, "role": account.role.name},
        headers={"cache-control": "no-store"},
    )


_NOT_FROM_CLIENT = (403, "FORBIDDEN", f"send {CLIENT_HEADER}: {CLIENT} from souq's own origin")


class WebSession(HTTPEndpoint):
    """``GET``, ``POST`` and ``DELETE /session``."""

    async def get(self, request: Request) -> Response:
        """Who the cookie signs in, or 401."""
        if not from_web_client(request):
            return _error(*_NOT_FROM_CLIENT)
        token = session_token(request)
        services: Services = request.app.state.services
        account = await services.accounts.authenticate(token) if token else None
        if account is None:
            return _error(401, "UNAUTHENTICATED", "not signed in")
        return _who(account)

    async def post(self, request: Request) -> Response:
        """Sign in: check the password (throttled), then set the cookie."""
        if not from_web_client(request):
            return _error(*_NOT_FROM_CLIENT)
        services: Services = request.app.state.services
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/json":
            return _error(415, "BAD_REQUEST", "send the request as application/json")
        try:
            data = json.loads(await read_body(request, services.settings.max_request_bytes))
        except TooLarge as error:
            return _error(413, "TOO_LARGE", error.message)
        except (ValueError, UnicodeDecodeError, RecursionError):
            data = None
        username = data.get("username") if isinstance(data, dict) else None
        password = data.get("password") if isinstance(data, dict) else None
        if not isinstance(username, str) or not isinstance(password, str):
            return _error(
                400, "BAD_USER_INPUT", 'send a JSON object {"username": ..., "password": ...}'
            )
        accounts = services.accounts
        address = request.client.host if request.client else "unknown"
        try:
            token = await accounts.login(username, password, address=address)
        except DomainError as error:
            retry_after = error.details.get("retry_after")
            headers = {"retry-after": str(retry_after)} if retry_after is not None else {}
            return _error(_STATUS.get(error.code, 400), error.code.value, error.message, **headers)
        account = await accounts.authenticate(token)
        assert account is not None
        earlier = request.cookies.get(COOKIE)
        if earlier and earlier != token:  # signing in again ends the session it replaces
            await accounts.logout(earlier)
        response = _who(account)
        response.set_cookie(COOKIE, token, **self._cookie(request))
        return response

    async def delete(self, request: Request) -> Response:
        """Sign out: revoke the cookie's token (its sockets close) and clear the cookie."""
        if not from_web_client(request):
            return _error(*_NOT_FROM_CLIENT)
        token = request.cookies.get(COOKIE)
        if token:
            services: Services = request.app.state.services
            await services.accounts.logout(token)
        response = Response(status_code=204, headers={"cache-control": "no-store"})
        response.delete_cookie(COOKIE, **self._cookie(request))
        return response

    @staticmethod
    def _cookie(request: Request) -> dict[str, object]:
        services: Services = request.app.state.services
        secure = request.url.scheme == "https" or services.settings.secure_cookie
        return {"path": "/", "httponly": True, "samesite": "strict", "secure": secure}
