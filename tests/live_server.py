"""Test support: souq served by uvicorn on a loopback port, and clients that talk to it.

The server runs in the test's own event loop, so tests drive it over real HTTP and
WebSocket connections while still able to reach the services directly.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import uvicorn
import websockets
from souq.app import create_app
from souq.runtime import Services, build_services
from souq.settings import Settings
from souq.web.server import uvicorn_config

PROTOCOL = "graphql-transport-ws"
PASSWORD = "correct horse battery"


class GraphQLError(AssertionError):
    """A response that should have had no errors did."""


class Api:
    """A GraphQL-over-HTTP client bound to one server."""

    def __init__(self, http: httpx.AsyncClient, ws_url: str) -> None:
        self.http = http
        self.ws_url = ws_url
        self._names = itertools.count(1)

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        token: str | None = None,
        **kw: Any,
    ) -> httpx.Response:
        """POST a GraphQL request and return the raw response (``headers`` are added)."""
        headers = dict(kw.pop("headers", None) or {})
        if token:
            headers["authorization"] = f"Bearer {token}"
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers, **kw
        )

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """The JSON body of a GraphQL request."""
        return (await self.post(query, variables, token)).json()

    async def ok(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """The ``data`` of a request that must succeed."""
        body = await self.gql(query, variables, token)
        if body.get("errors"):
            raise GraphQLError(json.dumps(body["errors"], indent=1))
        return body["data"]

    async def error(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """The first error of a request that must fail."""
        body = await self.gql(query, variables, token)
        assert body.get("errors"), body
        return body["errors"][0]

    async def register(self, username: str | None = None) -> str:
        """Register someone and return their token."""
        username = username or f"person{next(self._names)}"
        data = await self.ok(
            "mutation($u: String!, $p: String!) { register(username: $u, password: $p) { token } }",
            {"u": username, "p": PASSWORD},
        )
        return data["register"]["token"]

    async def direct(self, token: str, username: str) -> str:
        """Open a direct conversation; return its id."""
        data = await self.ok(
            "mutation($u: String!) { openDirectConversation(username: $u) { id } }",
            {"u": username},
            token,
        )
        return data["openDirectConversation"]["id"]

    async def group(self, token: str, title: str, usernames: list[str]) -> str:
        """Create a group; return its id."""
        data = await self.ok(
            "mutation($t: String!, $u: [String!]!) { createGroup(title: $t, usernames: $u) { id } }",
            {"t": title, "u": usernames},
            token,
        )
        return data["createGroup"]["id"]

    async def send(
        self, token: str, conversation_id: str, body: str, client_id: str
    ) -> dict[str, Any]:
        """Send a message; return it."""
        data = await self.ok(SEND, {"c": conversation_id, "b": body, "k": client_id}, token)
        return data["sendMessage"]

    @asynccontextmanager
    async def socket(self, token: str | None) -> AsyncIterator[Socket]:
        """An acknowledged graphql-transport-ws connection."""
        async with websockets.connect(self.ws_url, subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
            ack = json.loads(await ws.recv())
            assert ack["type"] == "connection_ack", ack
            yield Socket(ws)

    async def from_now(self, token: str) -> dict[str, Any]:
        """Variables for an ``events(after: $after)`` subscription that starts at the current
        end of each of ``token``'s conversations, with no gap whatever the timing: what is
        sent before the server has registered the subscription is replayed from the
        database, what comes later arrives live, each once."""
        data = await self.ok("{ conversations(first: 100) { nodes { id lastSeq } } }", token=token)
        nodes = data["conversations"]["nodes"]
        return {"after": [{"conversationId": c["id"], "seq": c["lastSeq"]} for c in nodes]}

    @asynccontextmanager
    async def subscribe(
        self, token: str | None, query: str, variables: dict[str, Any] | None = None
    ) -> AsyncIterator[Subscriber]:
        """An acknowledged graphql-transport-ws connection running one subscription."""
        async with self.socket(token) as socket:
            ws = socket.ws
            await ws.send(
                json.dumps(
                    {
                        "id": "1",
                        "type": "subscribe",
                        "payload": {"query": query, "variables": variables},
                    }
                )
            )
            yield Subscriber(ws)


SEND = """mutation($c: ID!, $b: String!, $k: String!) {
  sendMessage(conversationId: $c, body: $b, clientMessageId: $k) { id seq body conversationId sender { username } }
}"""

EVENTS = """subscription($after: [SeenInput!]) {
  events(after: $after) { ... on MessagePosted { message { id conversationId seq body sender { username } } } }
}"""


async def close_of(ws: websockets.ClientConnection, within: float) -> tuple[int, str]:
    """The code and reason the server closes ``ws`` with, ``within`` seconds at most
    (whatever else arrives until then is passed over)."""
    try:
        async with asyncio.timeout(within):
            async for _ in ws:
                pass
    except websockets.ConnectionClosed:
        pass
    close = ws.protocol.close_rcvd
    assert close is not None, "the server did not close the socket"
    return close.code, close.reason


class Socket:
    """A signed-in graphql-transport-ws connection that runs operations one at a time."""

    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws
        self._ids = itertools.count(1)

    async def start(self, query: str, variables: dict[str, Any] | None = None) -> str:
        """Send a ``subscribe`` message (any operation); return its id."""
        operation_id = str(next(self._ids))
        payload = {"query": query, "variables": variables}
        await self.ws.send(
            json.dumps({"id": operation_id, "type": "subscribe", "payload": payload})
        )
        return operation_id

    async def run(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run a query or mutation: its result (``data`` and ``errors``) or, when it was
        refused before running, ``{"errors": [...]}``."""
        operation_id = await self.start(query, variables)
        message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout=10))
        assert message.get("id") == operation_id, message
        if message["type"] == "error":
            return {"errors": message["payload"]}
        assert message["type"] == "next", message
        done = json.loads(await asyncio.wait_for(self.ws.recv(), timeout=10))
        assert done == {"id": operation_id, "type": "complete"}, done
        return message["payload"]

    async def closed(self, within: float) -> tuple[int, str]:
        """The code and reason the server closes the socket with (see :func:`close_of`)."""
        return await close_of(self.ws, within)


class Subscriber:
    """The receiving end of one subscription."""

    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws

    async def closed(self, within: float) -> tuple[int, str]:
        """The code and reason the server closes the socket with (see :func:`close_of`)."""
        return await close_of(self.ws, within)

    async def next(self) -> dict[str, Any]:
        """The next ``next`` payload (fails on anything else)."""
        message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout=10))
        assert message["type"] == "next", message
        return message["payload"]

    async def message(self) -> dict[str, Any]:
        """The next message event."""
        payload = await self.next()
        assert not payload.get("errors"), payload
        return payload["data"]["events"]["message"]

    async def raw(self) -> dict[str, Any]:
        """The next protocol message, whatever it is."""
        return json.loads(await asyncio.wait_for(self.ws.recv(), timeout=10))


@asynccontextmanager
async def serve(services: Services, **options: Any) -> AsyncIterator[Api]:
    """Serve ``services`` on a free loopback port for the duration of the context, as
    ``souq serve`` does (``options`` change uvicorn's configuration)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)  # clients may connect at once; they wait in the backlog until served
    port = sock.getsockname()[1]
    config = uvicorn_config(
        create_app(services=services),
        services.settings,
        log_level="warning",
        lifespan="on",
        ws_ping_interval=None,
        **options,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            yield Api(http, f"ws://127.0.0.1:{port}/graphql")
    finally:
        server.should_exit = True
        await task
        sock.close()


@asynccontextmanager
async def serve_with(settings: Settings, **changes: object) -> AsyncIterator[Api]:
    """souq built from ``settings`` changed by ``changes``, served over HTTP, closed after."""
    services = build_services(settings.model_copy(update=changes))
    try:
        async with serve(services) as api:
            yield api
    finally:
        await services.close()
