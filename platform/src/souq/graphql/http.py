"""``/graphql``: GraphQL over HTTP (per the GraphQL-over-HTTP spec) and over WebSocket.

HTTP is handled here, following the spec's media types and status codes:
``application/graphql-response+json`` when the client accepts it (request errors are
4xx, any response with data is 200), ``application/json`` otherwise (always 200 for a
well-formed request). WebSocket subscriptions (graphql-transport-ws) are strawberry's,
authenticated by the ``token`` in the ``connection_init`` payload, with souq's limits and
access checks (:mod:`.sockets`).
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import uuid
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError, MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.graphql import OperationType

from souq.errors import ErrorCode
from souq.observability import tracing
from souq.observability.logs import bind_request
from souq.runtime import Services
from souq.web.bodies import TooLarge, read_body
from souq.web.client import page, web_root
from souq.web.headers import GRAPHIQL_CSP
from souq.web.session import session_token, socket_session_token

from .context import ConnectionContext, Context
from .errors import MASKED_MESSAGE
from .schema import build_schema
from .sockets import SizedWebSocket, SocketHandler, Sockets

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

log = logging.getLogger("souq.graphql")


class RequestError(Exception):
    """The HTTP request is not a well-formed GraphQL request."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _media_type(accept: str | None) -> str | None:
    """The response media type for an Accept header, or ``None`` if we have none it takes."""
    if not accept:
        return JSON
    ranges = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    for media in ranges:
        if media == GRAPHQL_RESPONSE:
            return GRAPHQL_RESPONSE
        if media in (JSON, "application/*", "*/*"):
            return JSON
    return None


def _bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else header


_PROCESS = uuid.uuid4().hex[:12]
_REQUESTS = itertools.count(1)


def _request_id(header: str | None) -> str:
    """The client's id if it is sane, else a new one (unique: this process, then a count)."""
    return header if header and REQUEST_ID.match(header) else f"{_PROCESS}-{next(_REQUESTS)}"


def _unexpected(request_id: str) -> Response:
    """The answer to a request that failed unexpectedly: JSON, masked, with the request id."""
    error = {
        "message": MASKED_MESSAGE,
        "extensions": {"code": ErrorCode.INTERNAL_SERVER_ERROR.value, "requestId": request_id},
    }
    return Response(
        json.dumps({"errors": [error]}),
        status_code=500,
        media_type=JSON,
        headers={"x-request-id": request_id},
    )


class GraphQLEndpoint(GraphQL[Context, None]):
    """The ASGI app mounted at ``/graphql``."""

    graphql_transport_ws_handler_class = SocketHandler  # type: ignore[assignment]
    websocket_adapter_class = SizedWebSocket  # type: ignore[assignment]

    def __init__(self, services: Services) -> None:
        settings = services.settings
        super().__init__(
            build_schema(settings),
            graphql_ide=None,  # souq serves its own build of GraphiQL, in dev only
            allow_queries_via_get=True,
            connection_init_wait_timeout=timedelta(
                seconds=settings.connection_init_timeout_seconds
            ),
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        self.services = services
        self.sockets = Sockets(settings)
        self.graphiql_page = web_root(settings) / "graphiql.html" if settings.dev else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope, receive)
            request_id = _request_id(request.headers.get("x-request-id"))
            bind_request(request_id)
            tracing.label_span(request_id)
            try:
                response = await self._http(request, request_id)
            except Exception:
                log.exception("unexpected error in request %s", request_id)
                response = _unexpected(request_id)
            await response(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)

    # -- WebSocket ---------------------------------------------------------------------

    async def get_context(self, request: Request | WebSocket, response: Any) -> ConnectionContext:
        """The context of one WebSocket connection."""
        client = request.client.host if request.client else "unknown"
        assert isinstance(request, WebSocket)
        return ConnectionContext(
            self.services,
            request_id=_request_id(None),
            client_address=client,
            session_token=socket_session_token(request),
        )

    async def on_ws_connect(self, context: ConnectionContext) -> dict[str, object] | None:  # type: ignore[override]
        """Accept the connection only with a valid token (in the ``connection_init``
        payload, else the web session's cookie), and only while its person has a socket
        slot left."""
        params = context.connection_params or {}
        token = (
            params.get("token")
            or _bearer(str(params.get("Authorization") or ""))
            or context.session_token
        )
        context.token = token if isinstance(token, str) else None
        viewer = await context.viewer()
        if viewer is None:
            raise ConnectionRejectionError({"message": "a valid token is required"})
        self.sockets.admit(context, viewer.id)
        return None

    # -- HTTP ---------------------------------------------------------------------------

    async def _http(self, request: Request, request_id: str) -> Response:
        headers = {"x-request-id": request_id}
        media = _media_type(request.headers.get("accept"))
        try:
            if request.method == "GET" and self.graphiql_page and self._wants_ide(request):
                return page(self.graphiql_page, headers | {"content-security-policy": GRAPHIQL_CSP})
            if media is None:
                raise RequestError(406, f"send Accept: {GRAPHQL_RESPONSE} or {JSON}")
            query, variables, operation_name = await self._params(request)
            context = Context(
                self.services,
                request_id=request_id,
                client_address=request.client.host if request.client else "unknown",
                token=_bearer(request.headers.get("authorization")) or session_token(request),
            )
            allowed = (
                {OperationType.QUERY}
                if request.method == "GET"
                else {OperationType.QUERY, OperationType.MUTATION}
            )
            try:
                result = await self.schema.execute(
                    query,
                    variable_values=variables,
                    context_value=context,
                    operation_name=operation_name,
                    allowed_operation_types=allowed,
                )
            except InvalidOperationTypeError as error:
                if error.operation_type is OperationType.SUBSCRIPTION:
                    raise RequestError(400, "subscriptions are served over WebSocket") from None
                raise RequestError(405, "mutations need POST", {"allow": "POST"}) from None
            except CannotGetOperationTypeError:
                raise RequestError(
                    400, "unknown operationName or several operations without one"
                ) from None
            except MissingQueryError:
                raise RequestError(400, "no query given") from None
        except RequestError as error:
            body = {"errors": [{"message": error.message, "extensions": {"code": "BAD_REQUEST"}}]}
            return Response(
                json.dumps(body),
                status_code=error.status,
                media_type=media or JSON,
                headers=headers | error.headers,
            )
        payload: dict[str, Any] = {}
        request_error = (
            result.data is None
            and bool(result.errors)
            and all(e.path is None for e in result.errors)
        )
        if not request_error:
            payload["data"] = result.data
        if result.errors:
            payload["errors"] = [e.formatted for e in result.errors]
        status = 400 if request_error and media == GRAPHQL_RESPONSE else 200
        return Response(json.dumps(payload), status_code=status, media_type=media, headers=headers)

    @staticmethod
    def _wants_ide(request: Request) -> bool:
        return "query" not in request.query_params and "text/html" in request.headers.get(
            "accept", ""
        )

    async def _params(self, request: Request) -> tuple[str, dict[str, Any] | None, str | None]:
        if request.method == "GET":
            data: Any = dict(request.query_params)
            if "variables" in data:
                data["variables"] = self._json(data["variables"], "variables")
        elif request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type != JSON:
                raise RequestError(415, f"send the request as {JSON}")
            data = self._json(await self._body(request), "body")
        else:
            raise RequestError(405, "use GET or POST", {"allow": "GET, POST"})
        if not isinstance(data, dict):
            raise RequestError(400, "the request body must be a JSON object")
        query, variables, operation_name = (
            data.get("query"),
            data.get("variables"),
            data.get("operationName"),
        )
        if not isinstance(query, str) or not query.strip():
            raise RequestError(400, "query must be a non-empty string")
        if variables is not None and not isinstance(variables, dict):
            raise RequestError(400, "variables must be an object")
        if operation_name is not None and not isinstance(operation_name, str):
            raise RequestError(400, "operationName must be a string")
        return query, variables, operation_name

    async def _body(self, request: Request) -> bytes:
        try:
            return await read_body(request, self.services.settings.max_request_bytes)
        except TooLarge as error:
            raise RequestError(413, error.message) from None

    @staticmethod
    def _json(text: str | bytes, what: str) -> Any:
        try:
            return json.loads(text)
        except (ValueError, UnicodeDecodeError):
            raise RequestError(400, f"{what} is not valid JSON") from None
        except RecursionError:
            raise RequestError(400, f"{what} is nested too deeply") from None
