"""The WebSocket side of ``/graphql`` (graphql-transport-ws), on top of strawberry's handler.

What souq adds to every socket:

- frames are at most ``SOUQ_MAX_REQUEST_BYTES``, as HTTP bodies are (a bigger one closes
  the socket with ``1009``);
- each person has at most ``SOUQ_MAX_SOCKETS_PER_PERSON`` sockets open in this process (the
  next is closed with ``4429`` instead of acknowledged);
- each socket starts at most ``SOUQ_WS_OPERATION_RATE`` operations (one over the rate is
  answered with a ``RATE_LIMITED`` error; the socket stays open);
- each socket follows its person's :func:`~souq.events.broker.access_topic` and checks its
  token again on every change; once the token no longer signs anyone in (revoked, or the
  account is gone), the socket's operations are stopped and it is closed with ``4403``.
  (A changed role needs no close: every operation authenticates afresh, see
  :class:`~.context.ConnectionContext`.)
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections import Counter
from collections.abc import AsyncGenerator
from contextlib import suppress
from json import JSONDecodeError
from typing import Any

from graphql import GraphQLError
from limits import parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.websockets import WebSocketDisconnect, WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import (
    NonJsonMessageReceived,
    NonTextMessageReceived,
    WebSocketDisconnected,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    Message,
    SubscribeMessage,
)

from souq.errors import ErrorCode, FellBehind
from souq.events.broker import access_topic
from souq.runtime import Services
from souq.settings import Settings

from .context import ConnectionContext
from .shared_events import OUTLET, SharedData

MESSAGE_TOO_BIG = 1009
FORBIDDEN = 4403
TOO_MANY = 4429


class SocketRefused(Exception):
    """Close the socket with ``code`` instead of acknowledging it."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class Sockets:
    """The open sockets of this process: slots per person and each socket's operation rate."""

    def __init__(self, settings: Settings) -> None:
        self.max_frame_bytes = settings.max_request_bytes
        self._max_per_person = settings.max_sockets_per_person
        self._open: Counter[int] = Counter()
        self._holders: dict[str, int] = {}
        self._rate = parse(settings.ws_operation_rate)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def admit(self, context: ConnectionContext, person_id: int) -> None:
        """Give the connection one of ``person_id``'s slots, or raise ``SocketRefused``."""
        if self._open[person_id] >= self._max_per_person:
            raise SocketRefused(
                TOO_MANY, f"too many open sockets: at most {self._max_per_person} per person"
            )
        self._open[person_id] += 1
        self._holders[context.request_id] = person_id

    async def release(self, context: ConnectionContext) -> None:
        """Give back the connection's slot (if it had one) and forget its operation count."""
        person_id = self._holders.pop(context.request_id, None)
        if person_id is not None:
            self._open[person_id] -= 1
            if not self._open[person_id]:
                del self._open[person_id]
        await self._limiter.clear(self._rate, "ws", context.request_id)

    def open_for(self, person_id: int) -> int:
        """How many sockets ``person_id`` has open in this process."""
        return self._open[person_id]

    async def retry_after(self, context: ConnectionContext) -> int | None:
        """Count one operation: ``None`` if within the rate, else seconds to wait."""
        if await self._limiter.hit(self._rate, "ws", context.request_id):
            return None
        stats = await self._limiter.get_window_stats(self._rate, "ws", context.request_id)
        return max(1, math.ceil(stats.reset_time - time.time()))


class SizedWebSocket(ASGIWebSocketAdapter):
    """strawberry's adapter, closing the socket (``1009``) on a frame over the byte limit."""

    async def iter_json(
        self, *, ignore_parsing_errors: bool = False
    ) -> AsyncGenerator[object, None]:
        limit: int = self.view.sockets.max_frame_bytes
        try:
            while self.ws.application_state != WebSocketState.DISCONNECTED:
                text = await self.ws.receive_text()
                if len(text) > limit // 4 and len(text.encode()) > limit:
                    await self.close(MESSAGE_TOO_BIG, f"message over {limit} bytes")
                    return
                try:
                    yield self.view.decode_json(text)
                except JSONDecodeError as error:
                    if not ignore_parsing_errors:
                        raise NonJsonMessageReceived from error
        except KeyError as error:  # a binary frame
            raise NonTextMessageReceived from error
        except WebSocketDisconnect:
            pass

    async def send_text(self, text: str) -> None:
        """Send ``text`` as it is (a frame encoded already)."""
        try:
            await self.ws.send_text(text)
        except WebSocketDisconnect as error:
            raise WebSocketDisconnected from error


def next_frame(operation_id: str, data: SharedData) -> str:
    """The ``next`` frame of operation ``operation_id`` carrying ``data`` (encoded once)."""
    return f'{{"id":{json.dumps(operation_id)},"type":"next","payload":{data.payload_json()}}}'


class OperationOutlet:
    """Sends shared results straight to one operation's socket (see :mod:`.shared_events`)."""

    __slots__ = ("_handler", "_operation")

    def __init__(self, handler: SocketHandler, operation: Operation[Any, Any]) -> None:
        self._handler = handler
        self._operation = operation

    async def send_shared(self, data: SharedData) -> None:
        """Send ``data`` as the operation's next result, unless the operation has ended
        (as strawberry's own sending does)."""
        if not self._operation.completed:
            await self._handler.websocket.send_text(next_frame(self._operation.id, data))  # type: ignore[attr-defined]


class SocketHandler(BaseGraphQLTransportWSHandler[ConnectionContext, None]):
    """strawberry's graphql-transport-ws handler with souq's limits and access checks."""

    context: ConnectionContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._guard: asyncio.Task[None] | None = None

    @property
    def _sockets(self) -> Sockets:
        return self.view.sockets  # type: ignore[attr-defined,no-any-return]

    @property
    def _services(self) -> Services:
        return self.view.services  # type: ignore[attr-defined,no-any-return]

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        """Sign in (the view's ``on_ws_connect``), then watch the person's access."""
        try:
            await super().handle_connection_init(message)
        except SocketRefused as refused:
            await self.websocket.close(code=refused.code, reason=refused.reason)
            return
        viewer = self.context.known_viewer
        if self.connection_acknowledged and viewer is not None:
            self._guard = asyncio.create_task(self._watch_access(viewer.id))
            self._guard.add_done_callback(self._task_done)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        """Start an operation, unless the socket is over its operation rate."""
        if self.connection_acknowledged:
            retry_after = await self._sockets.retry_after(self.context)
            if retry_after is not None:
                error = GraphQLError(
                    f"too many operations on this socket; try again in {retry_after} s",
                    extensions={"code": ErrorCode.RATE_LIMITED.value, "retryAfter": retry_after},
                )
                await self.send_message(
                    {"id": message["id"], "type": "error", "payload": [error.formatted]}
                )
                return
        await super().handle_subscribe(message)

    async def send_message(self, message: Message) -> None:
        """Send ``message``; a live event's shared result goes out as its JSON, encoded once
        for every socket that receives it (:mod:`.shared_events`)."""
        payload = message.get("payload")
        if (
            message["type"] == "next"
            and isinstance(payload, dict)
            and payload.keys() == {"data"}
            and isinstance(data := payload["data"], SharedData)
        ):
            await self.websocket.send_text(next_frame(message["id"], data))  # type: ignore[attr-defined]
            return
        await super().send_message(message)

    async def run_operation(self, operation: Operation[ConnectionContext, None]) -> None:
        """Run the operation (its task's top level) with its :class:`OperationOutlet` set,
        so that its live events can send shared results straight to this socket."""
        OUTLET.set(OperationOutlet(self, operation))
        await super().run_operation(operation)

    async def shutdown(self) -> None:
        """Stop watching, give back the person's slot, then stop the operations."""
        if self._guard is not None:
            self._guard.cancel()
            with suppress(asyncio.CancelledError):
                await self._guard
        await self._sockets.release(self.context)
        await super().shutdown()

    async def _watch_access(self, person_id: int) -> None:
        """Close the socket (``4403``) once its token no longer signs anyone in."""
        token = self.context.token
        assert token is not None
        accounts = self._services.accounts
        try:
            async with self._services.broker.subscribe([access_topic(person_id)]) as changes:
                # Subscribed first, then checked: a change made since sign-in is not missed.
                if await accounts.authenticate(token) is not None:
                    async for _ in changes:
                        if await accounts.authenticate(token) is None:
                            break
        except FellBehind:
            pass  # changes came faster than they were checked: the client signs in again
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)
        with suppress(RuntimeError, WebSocketDisconnect):  # the client may be gone already
            await self.websocket.close(FORBIDDEN, "signed out: the token was revoked")
