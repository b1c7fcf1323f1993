"""GraphQL over HTTP: media types, status codes, limits, masking, and bad input of every kind.

Every bad request must get a clear error *and change nothing*: each case below tries a
write (send a message, open a conversation, register someone) and the test compares the
whole database before and after.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from graphql import get_introspection_query
from live_server import PASSWORD, SEND, Api, serve
from souq.db.models import Base, Conversation
from souq.errors import ErrorCode
from souq.graphql.errors import MASKED_MESSAGE
from souq.graphql.http import GraphQLEndpoint
from souq.runtime import Services, build_services
from souq.services import passwords
from souq.services.accounts import Account
from souq.settings import Settings
from sqlalchemy import func, select

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"

LAST_SEQ = "query($c: ID!) { conversation(id: $c) { lastSeq } }"
OPEN_DEEP = """mutation($u: String!) {
  openDirectConversation(username: $u) { lastMessage { sender { username } } }
}"""


@dataclass
class World:
    """Two people with a direct conversation holding one message, and a bystander."""

    ana: Account
    ana_token: str
    bob_token: str
    carol_token: str
    conversation_id: str


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with minimal cost: these tests are about HTTP, not password hashing."""
    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", hasher)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", hasher.hash("nobody's password"))


@pytest.fixture
async def world(services: Services) -> World:
    """Set up through the services, so the API's limits (lowered by some tests) do not apply."""
    accounts = services.accounts
    ana = await accounts.register("ana", PASSWORD)
    bob = await accounts.register("bob", PASSWORD)
    carol = await accounts.register("carol", PASSWORD)
    view = await services.conversations.open_direct(ana, "bob")
    await services.messages.send(ana, view.id, "hello bob", "first")
    return World(
        ana=ana,
        ana_token=await accounts.issue_token(ana.id, label="test"),
        bob_token=await accounts.issue_token(bob.id, label="test"),
        carol_token=await accounts.issue_token(carol.id, label="test"),
        conversation_id=str(view.id),
    )


async def snapshot(services: Services) -> dict[str, object]:
    """Row counts of every table, plus every conversation's last seq."""
    async with services.db.session() as session:
        counts: dict[str, object] = {
            table.name: await session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }
        seqs = await session.execute(
            select(Conversation.id, Conversation.last_seq).order_by(Conversation.id)
        )
        counts["last_seqs"] = [tuple(row) for row in seqs]
    return counts


def send_body(
    world: World, body: str = "should never be stored", key: str = "k1"
) -> dict[str, Any]:
    """A JSON request body that would send a message."""
    return {"query": SEND, "variables": {"c": world.conversation_id, "b": body, "k": key}}


def auth(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def post(
    api: Api,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """POST a GraphQL request with extra headers."""
    all_headers = (auth(token) if token else {}) | (headers or {})
    return await api.http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=all_headers
    )


# -- the table of bad requests ----------------------------------------------------------

Send = Callable[[Api, World], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class Bad:
    """One bad request: how to make it, and the status and error code it must get."""

    id: str
    send: Send
    status: int
    code: str
    overrides: dict[str, object] = field(default_factory=dict)
    xfail: str | None = None


def post_json(body: object, token_of: str | None = "ana", **headers: str) -> Send:
    """POST ``body`` (a JSON value, or a callable of the world giving one) as JSON."""

    async def send(api: Api, world: World) -> httpx.Response:
        value = body(world) if callable(body) else body
        token = getattr(world, f"{token_of}_token") if token_of else None
        all_headers = (auth(token) if token else {}) | headers
        return await api.http.post("/graphql", json=value, headers=all_headers)

    return send


def post_raw(content: bytes, content_type: str) -> Send:
    async def send(api: Api, world: World) -> httpx.Response:
        headers = auth(world.ana_token) | {"content-type": content_type}
        return await api.http.post("/graphql", content=content, headers=headers)

    return send


def send_with(query: str, **variables: object) -> Callable[[World], dict[str, Any]]:
    """A request body for ``query``; ``$c`` is the conversation unless given."""

    def body(world: World) -> dict[str, Any]:
        return {"query": query, "variables": {"c": world.conversation_id} | variables}

    return body


PARSE_FAILED = "GRAPHQL_PARSE_FAILED"


async def chunked_oversized(api: Api, world: World) -> httpx.Response:
    """A too-large body sent in chunks, with no Content-Length to trust."""

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "mutation { register(username: \\"zed\\", password: \\"'
        for _ in range(4):
            yield b"x" * 1000
        yield b'\\") { token } }"}'

    headers = {"content-type": JSON}
    return await api.http.post("/graphql", content=chunks(), headers=headers)


async def get_mutation(api: Api, world: World) -> httpx.Response:
    params = {
        "query": SEND,
        "variables": f'{{"c": "{world.conversation_id}", "b": "via GET", "k": "get"}}',
    }
    return await api.http.get("/graphql", params=params, headers=auth(world.ana_token))


def post_escaped(body: Callable[[World], dict[str, Any]], token_of: str | None = "ana") -> Send:
    """POST ``body`` as ASCII JSON, so that lone surrogates travel as ``\\ud800`` escapes."""

    async def send(api: Api, world: World) -> httpx.Response:
        token = getattr(world, f"{token_of}_token") if token_of else None
        headers = (auth(token) if token else {}) | {"content-type": JSON}
        content = json.dumps(body(world)).encode()
        return await api.http.post("/graphql", content=content, headers=headers)

    return send


def cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


REGISTER = "mutation($u: String!, $p: String!, $d: String) { register(username: $u, password: $p, displayName: $d) { token } }"
GROUP = 'mutation($t: String!) { createGroup(title: $t, usernames: ["bob"]) { id } }'
PAGE = "query($c: ID!, $a: String) { conversation(id: $c) { messages(first: 5, after: $a) { nodes { seq } } } }"
CONVERSATIONS = "query($a: String) { conversations(first: 5, after: $a) { nodes { id } } }"


def register_as(display_name: str) -> Send:
    variables = {"u": "zed", "p": PASSWORD, "d": display_name}
    return post_json({"query": REGISTER, "variables": variables}, token_of=None)


def nested(depth: int) -> Send:
    """A request whose variables nest ``depth`` lists deep."""
    content = (
        b'{"query": "{ __typename }", "variables": {"x": ' + b"[" * depth + b"]" * depth + b"}}"
    )
    return post_raw(content, JSON)


BAD_REQUESTS = [
    Bad(
        "syntax-error",
        post_json(
            lambda w: {
                "query": 'mutation { sendMessage(conversationId: "1", body: "x" { id }',
            }
        ),
        200,
        PARSE_FAILED,
    ),
    Bad(
        "unknown-field",
        post_json(
            send_with(
                'mutation($c: ID!) { sendMessage(conversationId: $c, body: "x", clientMessageId: "k") { id nope } }'
            )
        ),
        200,
        "GRAPHQL_VALIDATION_FAILED",
    ),
    Bad(
        "unknown-argument",
        post_json(
            send_with(
                'mutation($c: ID!) { sendMessage(conversationId: $c, body: "x", clientMessageId: "k", urgent: true) { id } }'
            )
        ),
        200,
        "GRAPHQL_VALIDATION_FAILED",
    ),
    Bad(
        "wrong-variable-type",
        post_json(
            lambda w: send_body(w) | {"variables": {"c": w.conversation_id, "b": 123, "k": "k"}}
        ),
        200,
        "GRAPHQL_VALIDATION_FAILED",
    ),
    Bad(
        "object-for-id-variable",
        post_json(lambda w: send_body(w) | {"variables": {"c": {"id": 1}, "b": "x", "k": "k"}}),
        200,
        "GRAPHQL_VALIDATION_FAILED",
    ),
    Bad(
        "missing-variable",
        post_json(lambda w: send_body(w) | {"variables": {"c": w.conversation_id, "k": "k"}}),
        200,
        "GRAPHQL_VALIDATION_FAILED",
    ),
    Bad(
        "too-deep",
        post_json({"query": OPEN_DEEP, "variables": {"u": "carol"}}),
        200,
        "GRAPHQL_VALIDATION_FAILED",
        {"max_query_depth": 2},
    ),
    Bad(
        "too-many-aliases",
        post_json(
            send_with(
                "mutation($c: ID!) {"
                + " ".join(
                    f'm{n}: sendMessage(conversationId: $c, body: "x", clientMessageId: "a{n}") {{ id }}'
                    for n in range(3)
                )
                + "}"
            )
        ),
        200,
        "GRAPHQL_VALIDATION_FAILED",
        {"max_aliases": 2},
    ),
    Bad(
        "too-many-tokens",
        post_json(
            lambda w: (
                send_body(w) | {"query": SEND.replace("{ id seq", "{ " + "id seq " * 20 + "id seq")}
            )
        ),
        200,
        PARSE_FAILED,
        {"max_tokens": 60},
    ),
    Bad(
        "oversized-body",
        post_json(lambda w: send_body(w, body="x" * 3000)),
        413,
        "BAD_REQUEST",
        {"max_request_bytes": 2048},
    ),
    Bad(
        "oversized-chunked-body", chunked_oversized, 413, "BAD_REQUEST", {"max_request_bytes": 2048}
    ),
    Bad("non-json-body", post_raw(b"mutation { logout }", JSON), 400, "BAD_REQUEST"),
    Bad("invalid-utf8-body", post_raw(b'{"query": "\xff\xfe"}', JSON), 400, "BAD_REQUEST"),
    Bad("json-array-body", post_json(lambda w: [send_body(w)]), 400, "BAD_REQUEST"),
    Bad("query-not-a-string", post_json({"query": 42}), 400, "BAD_REQUEST"),
    Bad("empty-query", post_json({"query": "  "}), 400, "BAD_REQUEST"),
    Bad(
        "variables-not-an-object",
        post_json(lambda w: send_body(w) | {"variables": "c=1"}),
        400,
        "BAD_REQUEST",
    ),
    Bad(
        "unknown-operation-name",
        post_json(lambda w: send_body(w) | {"operationName": "Nope"}),
        400,
        "BAD_REQUEST",
    ),
    Bad(
        "subscription-over-http",
        post_json({"query": "subscription { events { __typename } }"}),
        400,
        "BAD_REQUEST",
    ),
    Bad(
        "form-content-type",
        post_raw(b"query=mutation+%7B+logout+%7D", "application/x-www-form-urlencoded"),
        415,
        "BAD_REQUEST",
    ),
    Bad(
        "text-content-type",
        post_raw(b'{"query": "mutation { logout }"}', "text/plain"),
        415,
        "BAD_REQUEST",
    ),
    Bad("unacceptable-accept", post_json(send_body, accept="text/plain"), 406, "BAD_REQUEST"),
    Bad("get-mutation", get_mutation, 405, "BAD_REQUEST"),
    Bad("no-token", post_json(send_body, token_of=None), 200, "UNAUTHENTICATED"),
    Bad(
        "forged-token",
        post_json(send_body, token_of=None, authorization="Bearer souq_" + "A" * 43),
        200,
        "UNAUTHENTICATED",
    ),
    Bad(
        "not-a-bearer-token",
        post_json(send_body, token_of=None, authorization="Basic YW5hOnBhc3N3b3Jk"),
        200,
        "UNAUTHENTICATED",
    ),
    Bad("not-a-member", post_json(send_body, token_of="carol"), 200, "NOT_FOUND"),
    Bad(
        "unknown-conversation",
        post_json(lambda w: send_body(w) | {"variables": {"c": "999999", "b": "x", "k": "k"}}),
        200,
        "NOT_FOUND",
    ),
    Bad(
        "malformed-conversation-id",
        post_json(lambda w: send_body(w) | {"variables": {"c": "one", "b": "x", "k": "k"}}),
        200,
        "NOT_FOUND",
    ),
    Bad("empty-message", post_json(lambda w: send_body(w, body="   ")), 200, "BAD_USER_INPUT"),
    Bad(
        "message-too-long",
        post_json(lambda w: send_body(w, body="x" * 11)),
        200,
        "BAD_USER_INPUT",
        {"max_message_length": 10},
    ),
    Bad(
        "client-id-too-long",
        post_json(lambda w: send_body(w, key="k" * 65)),
        200,
        "BAD_USER_INPUT",
    ),
    Bad(
        "reused-client-id",
        post_json(lambda w: send_body(w, body="a different body", key="first")),
        200,
        "IDEMPOTENCY_CONFLICT",
    ),
    Bad(
        "direct-with-yourself",
        post_json({"query": OPEN_DEEP, "variables": {"u": "ana"}}),
        200,
        "BAD_USER_INPUT",
    ),
    Bad(
        "register-bad-username",
        post_json(
            {
                "query": "mutation($u: String!, $p: String!) { register(username: $u, password: $p) { token } }",
                "variables": {"u": "x!", "p": PASSWORD},
            },
            token_of=None,
        ),
        200,
        "BAD_USER_INPUT",
    ),
    Bad(
        "lone-surrogate-in-body",
        post_escaped(lambda w: send_body(w, body="broken \ud800 text")),
        200,
        "BAD_USER_INPUT",
    ),
    Bad("nul-in-body", post_json(lambda w: send_body(w, body="a\x00b")), 200, "BAD_USER_INPUT"),
    Bad("control-in-body", post_json(lambda w: send_body(w, body="a\x1bb")), 200, "BAD_USER_INPUT"),
    Bad("nul-in-client-id", post_json(lambda w: send_body(w, key="k\x00")), 200, "BAD_USER_INPUT"),
    Bad("nul-in-display-name", register_as("Zed\x00"), 200, "BAD_USER_INPUT"),
    Bad("control-in-display-name", register_as("Zed\x07"), 200, "BAD_USER_INPUT"),
    Bad("bidi-override-in-display-name", register_as("Zed\u202egnp.exe"), 200, "BAD_USER_INPUT"),
    Bad(
        "bidi-override-in-group-title",
        post_json({"query": GROUP, "variables": {"t": "team\u202e"}}),
        200,
        "BAD_USER_INPUT",
    ),
    Bad(
        "nul-in-a-username-lookup",
        post_json({"query": OPEN_DEEP, "variables": {"u": "bob\x00"}}),
        200,
        "BAD_USER_INPUT",
    ),
    Bad(
        "lone-surrogate-in-a-username-lookup",
        post_escaped(lambda w: {"query": OPEN_DEEP, "variables": {"u": "bob\udfff"}}),
        200,
        "BAD_USER_INPUT",
    ),
    Bad(
        "seq-cursor-beyond-64-bits",
        post_json(send_with(PAGE, a=cursor(f"seq:{2**64}"))),
        200,
        "BAD_USER_INPUT",
    ),
    Bad(
        "activity-cursor-with-30-digits",
        post_json(
            {
                "query": CONVERSATIONS,
                "variables": {"a": cursor("act:2024-01-01T00:00:00+00:00|" + "9" * 30)},
            }
        ),
        200,
        "BAD_USER_INPUT",
    ),
    Bad(
        "activity-cursor-without-timezone",
        post_json(
            {"query": CONVERSATIONS, "variables": {"a": cursor("act:2024-01-01T00:00:00|1")}}
        ),
        200,
        "BAD_USER_INPUT",
    ),
    Bad("variables-nested-30000-deep", nested(30_000), 400, "BAD_REQUEST"),
]


@pytest.mark.parametrize(
    ("settings_overrides", "bad"),
    [
        pytest.param(
            case.overrides,
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else [],
        )
        for case in BAD_REQUESTS
    ],
)
async def test_bad_request_gets_a_clear_error_and_changes_nothing(
    api: Api, services: Services, world: World, bad: Bad
) -> None:
    before = await snapshot(services)

    response = await bad.send(api, world)

    assert response.status_code == bad.status, response.text
    body = response.json()
    assert body["errors"], body
    error = body["errors"][0]
    assert error["message"]
    assert error.get("extensions", {}).get("code") == bad.code, body
    assert "Traceback" not in response.text
    if bad.status != 200 or bad.code.startswith("GRAPHQL_"):
        assert "data" not in body, "a request error has no data entry"
    assert await snapshot(services) == before
    data = await api.ok(LAST_SEQ, {"c": world.conversation_id}, world.ana_token)
    assert data["conversation"]["lastSeq"] == 1


@pytest.mark.parametrize("settings_overrides", [{"max_request_bytes": 2048}])
async def test_body_at_the_size_limit_is_accepted(api: Api, world: World) -> None:
    """The limit is a limit, not an off-by-one: a body of exactly the limit goes through."""
    body = send_body(world, body="")
    encoded = httpx.Request("POST", "/", json=body).content
    body["variables"]["b"] = "y" * (2048 - len(encoded))
    request = httpx.Request("POST", "/", json=body)
    assert len(request.content) == 2048
    response = await api.http.post(
        "/graphql",
        content=request.content,
        headers=auth(world.ana_token) | {"content-type": JSON},
    )
    assert response.status_code == 200
    assert response.json()["data"]["sendMessage"]["seq"] == 2


@pytest.mark.parametrize("settings_overrides", [{"max_query_depth": 2}], ids=["depth2"])
async def test_query_at_the_depth_limit_is_accepted(api: Api, world: World) -> None:
    data = await api.ok("{ conversations { edges { cursor } } }", token=world.ana_token)
    assert len(data["conversations"]["edges"]) == 1
    error = await api.error("{ conversations { edges { node { id } } } }", token=world.ana_token)
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "depth" in error["message"]


@pytest.mark.parametrize("settings_overrides", [{"max_aliases": 2}], ids=["aliases2"])
async def test_aliases_up_to_the_limit_are_accepted(api: Api) -> None:
    two = "{ a: limits { maxAliases } b: limits { maxAliases } }"
    assert await api.ok(two) == {"a": {"maxAliases": 2}, "b": {"maxAliases": 2}}
    error = await api.error("{ a: limits { maxAliases } b: limits { maxAliases } c: errorCodes }")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


# -- media types and methods -----------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media", "validation_status"),
    [
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE, 400),
        (JSON, JSON, 200),
        ("*/*", JSON, 200),
        ("", JSON, 200),
        (f"{GRAPHQL_RESPONSE}, {JSON};q=0.9", GRAPHQL_RESPONSE, 400),
    ],
    ids=["graphql-response", "json", "any", "none", "both"],
)
async def test_media_types_and_status_codes(
    api: Api, world: World, accept: str, media: str, validation_status: int
) -> None:
    headers = {"accept": accept}

    invalid = await post(api, "{ nope }", headers=headers)
    assert invalid.status_code == validation_status
    assert invalid.headers["content-type"].startswith(media)
    assert "data" not in invalid.json()

    fine = await post(api, "{ limits { maxDepth: maxQueryDepth } }", headers=headers)
    assert fine.status_code == 200
    assert fine.headers["content-type"].startswith(media)
    assert fine.json() == {"data": {"limits": {"maxDepth": 12}}}

    # an error during execution still has a data entry (null here): 200 in both
    partial = await post(api, "{ me { id } }", headers=headers)
    assert partial.status_code == 200
    assert partial.headers["content-type"].startswith(media)
    assert partial.json()["data"] is None
    assert partial.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_get_runs_queries(api: Api, world: World) -> None:
    response = await api.http.get(
        "/graphql",
        params={"query": LAST_SEQ, "variables": f'{{"c": "{world.conversation_id}"}}'},
        headers=auth(world.ana_token),
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"conversation": {"lastSeq": 1}}}


async def test_get_with_bad_variables_is_a_bad_request(api: Api) -> None:
    response = await api.http.get("/graphql", params={"query": LAST_SEQ, "variables": "{oops"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_get_mutation_is_method_not_allowed(api: Api, world: World) -> None:
    response = await get_mutation(api, world)
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


async def test_other_methods_are_not_allowed(api: Api) -> None:
    response = await api.http.put("/graphql", json={"query": "{ errorCodes }"})
    assert response.status_code == 405


async def test_full_introspection_query_passes_the_default_limits(
    api: Api, settings: Settings
) -> None:
    assert settings.max_query_depth == Settings().max_query_depth
    response = await post(api, get_introspection_query(descriptions=True))
    body = response.json()
    assert response.status_code == 200
    assert "errors" not in body, body.get("errors")
    schema = body["data"]["__schema"]
    assert schema["queryType"]["name"] == "Query"
    assert schema["mutationType"]["name"] == "Mutation"
    assert schema["subscriptionType"]["name"] == "Subscription"
    assert {"Message", "Conversation", "ErrorCode"} <= {t["name"] for t in schema["types"]}


@pytest.fixture
async def prod_api(settings: Settings) -> AsyncIterator[Api]:
    """A server in production mode on the test database."""
    services = build_services(settings.model_copy(update={"env": "prod"}))
    try:
        async with serve(services) as client:
            yield client
    finally:
        await services.close()


async def test_introspection_stays_on_in_production(prod_api: Api) -> None:
    data = await prod_api.ok('{ __type(name: "Message") { fields { name } } }')
    assert "body" in {f["name"] for f in data["__type"]["fields"]}


# -- unexpected errors and request ids -------------------------------------------------


async def test_unexpected_errors_are_masked_with_the_request_id(
    api: Api,
    services: Services,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr(services.conversations, "page", explode)
    caplog.set_level(logging.ERROR, logger="souq.graphql")

    response = await post(
        api,
        "{ conversations { edges { cursor } } }",
        token=world.ana_token,
        headers={"x-request-id": "req-42.a_b"},
    )

    assert response.status_code == 200
    assert response.headers["x-request-id"] == "req-42.a_b"
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["message"] == MASKED_MESSAGE
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-42.a_b"}
    assert error["path"] == ["conversations"]
    assert "secret" not in response.text and "hunter2" not in response.text
    assert any(
        "req-42.a_b" in r.getMessage() and r.exc_info and "hunter2" in str(r.exc_info[1])
        for r in caplog.records
    ), "the real error is logged with the request id"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_value_a_scalar_refuses_is_the_clients_mistake(
    api: Api, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """A Long beyond 53 bits, written in the document or given as a variable, is refused
    as invalid input, never as an internal error (and nothing is logged as one)."""
    caplog.set_level(logging.ERROR, logger="souq.graphql")
    too_big = 2**53 + 1
    literal = f'mutation {{ topUp(username: "ana", amount: {too_big}) {{ amount }} }}'
    variable = 'mutation($a: Long!) { topUp(username: "ana", amount: $a) { amount } }'
    for document, variables in ((literal, None), (variable, {"a": too_big})):
        response = await post(api, document, variables=variables, token=world.ana_token)
        (error,) = response.json()["errors"]
        assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}, error
        assert "53 bits" in error["message"]
    assert not [r for r in caplog.records if "unexpected error" in r.getMessage()]


async def test_unexpected_error_inside_a_write_rolls_it_back(
    api: Api, services: Services, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The message row is flushed, then the write fails: nothing of it may remain."""

    def explode(*args: object) -> None:
        raise RuntimeError("after the insert")

    monkeypatch.setattr("souq.services.messages.audience", explode)
    before = await snapshot(services)

    error = await api.error(SEND, send_body(world)["variables"], world.ana_token)

    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert error["extensions"]["requestId"]
    assert await snapshot(services) == before
    monkeypatch.undo()
    retried = await api.send(world.ana_token, world.conversation_id, "should never be stored", "k1")
    assert retried["seq"] == 2, "the seq taken by the failed write was not used up"


@pytest.mark.parametrize(
    "header",
    [None, b"", b"has spaces", b"x" * 65, b"semi;colon", "\u00fc".encode(), b"../../etc"],
    ids=["missing", "empty", "spaces", "too-long", "semicolon", "non-ascii", "slashes"],
)
async def test_request_id_is_generated_when_missing_or_unsafe(
    api: Api, header: bytes | None
) -> None:
    headers = {} if header is None else {"x-request-id": header}
    response = await api.http.post("/graphql", json={"query": "{ errorCodes }"}, headers=headers)
    assert response.status_code == 200
    request_id = response.headers["x-request-id"]
    assert request_id.encode() != header
    assert re.fullmatch(r"[0-9a-f]{12}-[0-9]+", request_id)
    again = await api.http.post("/graphql", json={"query": "{ errorCodes }"}, headers=headers)
    assert again.headers["x-request-id"] != request_id


async def test_request_id_is_echoed_on_request_errors(api: Api) -> None:
    response = await api.http.post(
        "/graphql", content=b"nope", headers={"content-type": JSON, "x-request-id": "abc-1"}
    )
    assert response.status_code == 400
    assert response.headers["x-request-id"] == "abc-1"


# -- limits and error codes -------------------------------------------------------------

LIMITS = """{ limits {
  maxMessageLength maxRequestBytes maxQueryDepth maxAliases maxTokens maxPageSize
  maxGroupMembers loginAttemptsPerUsername loginAttemptsPerAddress connectionInitTimeoutSeconds
} }"""

OVERRIDES: dict[str, object] = {
    "max_message_length": 99,
    "max_request_bytes": 4096,
    "max_query_depth": 7,
    "max_aliases": 3,
    "max_tokens": 500,
    "max_page_size": 5,
    "max_group_members": 4,
    "login_attempts_per_username": "3/minute",
    "login_attempts_per_address": "7/hour",
    "connection_init_timeout_seconds": 2.5,
}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@pytest.mark.parametrize("settings_overrides", [{}, OVERRIDES], ids=["defaults", "overridden"])
async def test_limits_reflect_the_settings(
    api: Api, settings: Settings, settings_overrides: dict[str, object]
) -> None:
    data = await api.ok(LIMITS)
    expected = {_camel(name): getattr(settings, name) for name in OVERRIDES}
    assert data["limits"] == expected
    if settings_overrides:
        assert data["limits"] == {_camel(k): v for k, v in OVERRIDES.items()}


async def test_error_codes_lists_every_code(api: Api) -> None:
    data = await api.ok("{ errorCodes }")
    assert data["errorCodes"] == [code.value for code in ErrorCode]


async def test_an_unexpected_failure_outside_graphql_is_json_with_the_request_id(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(GraphQLEndpoint, "_params", broken)
    with caplog.at_level(logging.ERROR, logger="souq.graphql"):
        response = await api.http.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"x-request-id": "req-42"}
        )

    assert response.status_code == 500
    assert response.headers["x-request-id"] == "req-42"
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-42"}
    assert "secret" not in response.text
    assert "req-42" in caplog.text
