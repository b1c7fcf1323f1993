"""The web client's session: a cookie scripts cannot read, set by ``POST /session``, that
authenticates only requests from souq's own pages (``X-Souq-Client: web``, souq's own
``Origin``); bearer tokens keep working beside it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import websockets
from live_server import EVENTS, PASSWORD, PROTOCOL, Api, close_of, serve_with
from souq.runtime import Services
from souq.settings import Settings

ME = "{ me { username role } }"
LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }"
OPEN = "mutation($u: String!) { openDirectConversation(username: $u) { id } }"
CLOSE_WITHIN = 1.0


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"login_attempts_per_username_and_address": "3/minute"}


def origin(api: Api) -> str:
    return str(api.http.base_url).rstrip("/")


@asynccontextmanager
async def browser(api: Api, **headers: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client with a cookie jar of its own, sending what souq's pages send (``headers``
    replace those, an empty value leaves one out)."""
    sent = {"x-souq-client": "web", "origin": origin(api)} | headers
    async with httpx.AsyncClient(
        base_url=api.http.base_url, headers={k: v for k, v in sent.items() if v}
    ) as client:
        yield client


async def sign_in(client: httpx.AsyncClient, username: str) -> str:
    """Sign in over ``POST /session``; return the cookie's token."""
    response = await client.post("/session", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return response.cookies["souq_session"]


async def graphql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, **kw: Any
) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables}, **kw)
    assert response.status_code == 200, response.text
    return response.json()


def error_code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


async def test_signing_in_sets_an_http_only_cookie_and_answers_who_without_the_token(
    api: Api,
) -> None:
    await api.register("ana")
    async with browser(api) as client:
        response = await client.post("/session", json={"username": "Ana", "password": PASSWORD})
        assert response.status_code == 200
        assert response.json() == {"username": "ana", "role": "PERSON"}
        token = response.cookies["souq_session"]
        assert token.startswith("souq_") and token not in response.text
        cookie = response.headers["set-cookie"]
        attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert attributes == {"httponly", "path=/", "samesite=strict"}, cookie
        assert response.headers["cache-control"] == "no-store"

        assert (await client.get("/session")).json() == {"username": "ana", "role": "PERSON"}
        assert (await graphql(client, ME))["data"]["me"] == {"username": "ana", "role": "PERSON"}
    assert (await api.ok(ME, token=token))["me"]["username"] == "ana", "a token like any other"


async def test_get_session_without_a_cookie_is_401(api: Api) -> None:
    async with browser(api) as client:
        response = await client.get("/session")
    assert (response.status_code, response.json()["error"]) == (401, "UNAUTHENTICATED")


async def test_sign_in_errors(api: Api, settings: Settings) -> None:
    await api.register("ana")
    async with browser(api) as client:
        for body in (
            '{"username": "ana"',
            "[]",
            '{"username": "ana"}',
            '{"username": 1, "password": "x"}',
        ):
            response = await client.post(
                "/session", content=body, headers={"content-type": "application/json"}
            )
            assert (response.status_code, response.json()["error"]) == (400, "BAD_USER_INPUT")
        text = await client.post("/session", content="ana", headers={"content-type": "text/plain"})
        assert text.status_code == 415
        big = "x" * settings.max_request_bytes
        too_big = await client.post("/session", json={"username": "ana", "password": big})
        assert (too_big.status_code, too_big.json()["error"]) == (413, "TOO_LARGE")

        wrong = await client.post("/session", json={"username": "ana", "password": "nope nope"})
        assert wrong.status_code == 401
        assert "souq_session" not in wrong.cookies
        by_mutation = await api.error(LOGIN, {"u": "ana", "p": "nope nope"})
        assert wrong.json() == {
            "error": "INVALID_CREDENTIALS",
            "message": by_mutation["message"],
        }


async def test_session_and_login_count_against_the_same_throttle(api: Api) -> None:
    await api.register("ana")
    async with browser(api) as client:
        bad = {"username": "ana", "password": "wrong password"}
        assert (await client.post("/session", json=bad)).status_code == 401
        assert (await api.error(LOGIN, {"u": "ana", "p": "wrong"}))["extensions"]["code"] == (
            "INVALID_CREDENTIALS"
        )
        assert (await client.post("/session", json=bad)).status_code == 401
        throttled = await client.post("/session", json={"username": "ana", "password": PASSWORD})
        assert (throttled.status_code, throttled.json()["error"]) == (429, "RATE_LIMITED")
        assert int(throttled.headers["retry-after"]) >= 1
        assert (await api.error(LOGIN, {"u": "ana", "p": PASSWORD}))["extensions"]["code"] == (
            "RATE_LIMITED"
        )


@pytest.mark.parametrize(
    "headers",
    [
        {"x-souq-client": ""},  # a plain form or fetch from another site
        {"x-souq-client": "web", "origin": "https://evil.example"},
        {"x-souq-client": "web", "origin": "null"},
        {"x-souq-client": "mobile"},
    ],
)
async def test_the_cookie_alone_authenticates_nothing(api: Api, headers: dict[str, str]) -> None:
    await api.register("ana")
    await api.register("bruno")
    async with browser(api) as client:
        token = await sign_in(client, "ana")
        client.headers.clear()
        client.headers.update({k: v for k, v in headers.items() if v})
        assert error_code(await graphql(client, ME)) == "UNAUTHENTICATED"
        refused = await graphql(client, OPEN, {"u": "bruno"})
        assert error_code(refused) == "UNAUTHENTICATED"
        assert refused["errors"][0]["message"] == "not signed in: sign in first"
        assert (await client.get("/session")).status_code == 403
        signed_out = await client.delete("/session")
        assert signed_out.status_code == 403
        assert "set-cookie" not in signed_out.headers
        again = await client.post("/session", json={"username": "ana", "password": PASSWORD})
        assert again.status_code == 403
    assert (await api.ok(ME, token=token))["me"]["username"] == "ana", "still signed in"


async def test_a_request_without_origin_counts_with_the_header(api: Api) -> None:
    await api.register("ana")
    async with browser(api, origin="") as client:
        await sign_in(client, "ana")
        assert (await graphql(client, ME))["data"]["me"]["username"] == "ana"


async def test_an_authorization_header_wins_over_the_cookie(api: Api) -> None:
    await api.register("ana")
    bruno = await api.register("bruno")
    async with browser(api) as client:
        await sign_in(client, "ana")
        as_bruno = await graphql(client, ME, headers={"authorization": f"Bearer {bruno}"})
        assert as_bruno["data"]["me"]["username"] == "bruno"
        forged = await graphql(client, ME, headers={"authorization": "Bearer souq_forged"})
        assert forged["errors"][0]["message"] == (
            "not signed in: the bearer token is invalid or revoked"
        )


async def test_signing_in_again_ends_the_session_it_replaces(api: Api) -> None:
    await api.register("ana")
    async with browser(api) as client:
        first = await sign_in(client, "ana")
        second = await sign_in(client, "ana")
    assert second != first
    assert (await api.error(ME, token=first))["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await api.ok(ME, token=second))["me"]["username"] == "ana"


@asynccontextmanager
async def cookie_socket(
    api: Api, token: str, ws_origin: str | None, payload: dict[str, Any] | None = None
) -> AsyncIterator[websockets.ClientConnection]:
    """A WebSocket with the session cookie, the given ``Origin``, after ``connection_init``."""
    async with websockets.connect(
        api.ws_url,
        subprotocols=[PROTOCOL],  # type: ignore[list-item]
        origin=ws_origin,  # type: ignore[arg-type]
        additional_headers={"cookie": f"souq_session={token}"},
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": payload or {}}))
        yield ws


async def run(ws: websockets.ClientConnection, query: str) -> dict[str, Any]:
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
    message = json.loads(await ws.recv())
    assert message["type"] == "next", message
    return message["payload"]


async def test_a_socket_from_souqs_own_origin_signs_in_with_the_cookie(api: Api) -> None:
    await api.register("ana")
    bruno = await api.register("bruno")
    async with browser(api) as client:
        token = await sign_in(client, "ana")
    async with cookie_socket(api, token, origin(api)) as ws:
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        assert (await run(ws, ME))["data"]["me"]["username"] == "ana"
    async with cookie_socket(api, token, origin(api), {"token": bruno}) as ws:
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        assert (await run(ws, ME))["data"]["me"]["username"] == "bruno", "the payload wins"
    async with cookie_socket(api, token, origin(api), {"token": "souq_forged"}) as ws:
        assert (await close_of(ws, 10))[0] == 4403, "a bad token is not made good by the cookie"


async def test_a_socket_from_elsewhere_never_signs_in_with_the_cookie(api: Api) -> None:
    await api.register("ana")
    async with browser(api) as client:
        token = await sign_in(client, "ana")
    # Our own check: no Origin (no browser sends that), or another scheme on our host.
    for ws_origin in (None, origin(api).replace("http:", "https:")):
        async with cookie_socket(api, token, ws_origin) as ws:
            assert (await close_of(ws, 10))[0] == 4403, ws_origin
    # strawberry's, before ours: another site's page is refused the upgrade itself.
    for ws_origin in ("https://evil.example", "null", "http://localhost"):
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with cookie_socket(api, token, ws_origin):
                pass
        assert refused.value.response.status_code == 403, ws_origin


async def test_signing_out_revokes_the_token_clears_the_cookie_and_closes_its_sockets(
    api: Api,
) -> None:
    await api.register("ana")
    bruno = await api.register("bruno")
    other_device = (await api.ok(LOGIN, {"u": "ana", "p": PASSWORD}))["login"]["token"]
    async with browser(api) as client:
        token = await sign_in(client, "ana")
        async with (
            cookie_socket(api, token, origin(api)) as ws,
            api.subscribe(other_device, EVENTS) as kept,
        ):
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            await ws.send(
                json.dumps({"id": "1", "type": "subscribe", "payload": {"query": EVENTS}})
            )
            conversation = await api.direct(bruno, "ana")
            await api.send(bruno, conversation, "before", "b1")
            assert (
                json.loads(await ws.recv())["payload"]["data"]["events"]["message"]["body"]
                == "before"
            )
            assert (await kept.message())["body"] == "before"

            response = await client.delete("/session")
            assert response.status_code == 204
            cookie = response.headers["set-cookie"].lower()
            assert cookie.startswith('souq_session="";') and "max-age=0" in cookie
            assert "httponly" in cookie and "samesite=strict" in cookie

            assert await close_of(ws, CLOSE_WITHIN) == (4403, "signed out: the token was revoked")
            await api.send(bruno, conversation, "after", "a1")
            assert (await kept.message())["body"] == "after"
        assert "souq_session" not in client.cookies
        assert (await client.get("/session")).status_code == 401
    assert (await api.error(ME, token=token))["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await api.ok(ME, token=other_device))["me"]["username"] == "ana"


async def test_the_cookie_is_secure_over_https_or_when_set_so(
    settings: Settings, services: Services
) -> None:
    await services.accounts.register("ana", PASSWORD)
    async with serve_with(settings, secure_cookie=True) as api, browser(api) as client:
        response = await client.post("/session", json={"username": "ana", "password": PASSWORD})
        assert "secure" in response.headers["set-cookie"].lower().split("; ")
    # Over HTTPS as a trusted proxy says: the cookie is Secure, and souq's origin is https.
    async with serve_with(settings, forwarded_allow_ips="127.0.0.1") as api:
        https = origin(api).replace("http:", "https:")
        headers = {"x-forwarded-proto": "https"}
        async with browser(api, origin=https) as client:
            client.headers.update(headers)
            response = await client.post("/session", json={"username": "ana", "password": PASSWORD})
            assert response.status_code == 200
            assert "secure" in response.headers["set-cookie"].lower().split("; ")
        async with browser(api) as client:  # http://... is not souq's origin over https
            client.headers.update(headers)
            assert (await client.get("/session")).status_code == 403
