"""Two real ``souq serve`` processes sharing PostgreSQL and Redis, as behind a load
balancer: people on different processes chat live, with resume across a restart; a
retried send reaches both at once and is stored once; a suspension, a logout and app
state made through one hold on the other.

Needs ``SOUQ_TEST_DATABASE_URL`` (PostgreSQL) and ``SOUQ_TEST_REDIS_URL``."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import SETUP
from live_server import EVENTS, Api
from processes import RUNNING, SouqProcess, assert_clean_exit, client, free_port, souq_process
from souq.runtime import Services
from souq.services.accounts import Role
from souq.settings import Settings

REDIS_URL = os.environ.get("SOUQ_TEST_REDIS_URL")
pytestmark = [
    pytest.mark.skipif(REDIS_URL is None, reason="SOUQ_TEST_REDIS_URL is not set"),
    pytest.mark.parametrize("backend", [pytest.param("postgresql", marks=pytest.mark.postgresql)]),
]
CLOSE_WITHIN = 5.0

MESSAGE = """id seq body app { slug } content { __typename
  ... on ListContent { title items { title buttons { id label } } } }"""
SEND = (
    "mutation($c: ID!, $b: String!, $k: String!) { sendMessage(conversationId: $c, "
    "body: $b, clientMessageId: $k) { id seq } }"
)
PRESS = (
    "mutation($m: ID!, $b: String!, $k: String!) { "
    "pressButton(messageId: $m, buttonId: $b, clientId: $k) { id } }"
)
LAST = "query($c: ID!) { conversation(id: $c) { messages(last: 1) { nodes { " + MESSAGE + " } } } }"


class Souq:
    """One ``souq serve`` process and a client of it."""

    def __init__(self, process: SouqProcess, api: Api) -> None:
        self.process = process
        self.api = api


@asynccontextmanager
async def serving(settings: Settings, data_dir: Path, key: str, prefix: str) -> AsyncIterator[Souq]:
    """``souq serve`` on the test's database and Redis, stopped cleanly at the end."""
    assert REDIS_URL is not None
    env = {
        "SOUQ_DATABASE_URL": settings.database_url or "",
        "SOUQ_REDIS_URL": REDIS_URL,
        "SOUQ_SECRET_KEY": key,  # every process must share it: app ids derive from it
        "SOUQ_REDIS_PREFIX": prefix,
    }
    port = free_port()
    async with souq_process(
        "serve", "--no-migrate", "--port", str(port), data_dir=data_dir, env=env
    ) as process:
        await process.expect(RUNNING)
        async with client(port) as api:
            yield Souq(process, api)
        assert_clean_exit(process, await process.stop())


@pytest.fixture
def key() -> str:
    return secrets.token_urlsafe(32)


@pytest.fixture
def prefix() -> str:
    """Redis channels and counters of this test alone (tests run side by side on one Redis,
    and counters outlive a test)."""
    return f"souq-test-{secrets.token_hex(8)}:"


async def answer(api: Api, token: str, conversation: str, line: str, key: str) -> dict[str, Any]:
    """Run ``line``; the newest message ``token`` sees then (the app's or souq's answer)."""
    await api.ok(SEND, {"c": conversation, "b": line, "k": key}, token)
    data = await api.ok(LAST, {"c": conversation}, token)
    return data["conversation"]["messages"]["nodes"][0]


async def test_people_on_two_processes_chat_live_and_resume_across_a_restart(
    settings: Settings, services: Services, tmp_path: Path, key: str, prefix: str
) -> None:
    async with serving(settings, tmp_path, key, prefix) as a:
        async with serving(settings, tmp_path, key, prefix) as b:
            bruno = await a.api.register("bruno")
            ana = await b.api.register("ana")
            direct = await a.api.direct(bruno, "ana")
            async with b.api.subscribe(ana, EVENTS, await b.api.from_now(ana)) as live:
                sent = [await a.api.send(bruno, direct, f"m{n}", f"k{n}") for n in range(3)]
                got = [await live.message() for _ in sent]
                assert [m["body"] for m in got] == ["m0", "m1", "m2"]
                # the same client id to both processes at once: one message
                same = await asyncio.gather(
                    a.api.send(bruno, direct, "once", "dup"),
                    b.api.send(bruno, direct, "once", "dup"),
                )
                assert same[0]["id"] == same[1]["id"]
                assert (await live.message())["body"] == "once"
            seen = same[0]["seq"]
        # b is gone; bruno goes on writing through a
        missed = [await a.api.send(bruno, direct, f"late{n}", f"l{n}") for n in range(2)]
        async with serving(settings, tmp_path, key, prefix) as b_again:
            after = {"after": [{"conversationId": direct, "seq": seen}]}
            async with b_again.api.subscribe(ana, EVENTS, after) as resumed:
                replayed = [await resumed.message() for _ in missed]
                await a.api.send(bruno, direct, "live again", "l-live")
                now = await resumed.message()
    first = got[0]["seq"]
    assert [m["seq"] for m in got] == [first, first + 1, first + 2]
    assert seen == first + 3  # "once", stored once
    assert [m["body"] for m in [*replayed, now]] == ["late0", "late1", "live again"]
    assert [m["seq"] for m in [*replayed, now]] == [seen + 1, seen + 2, seen + 3]


async def test_suspension_logout_and_app_state_made_through_one_process_hold_on_the_other(
    settings: Settings, services: Services, tmp_path: Path, key: str, prefix: str
) -> None:
    async with (
        serving(settings, tmp_path, key, prefix) as a,
        serving(settings, tmp_path, key, prefix) as b,
    ):
        root = await a.api.register("root")
        await services.accounts.set_role(SETUP, "root", Role.ADMIN, reason="test setup")
        ana = await b.api.register("ana")
        group = await b.api.group(ana, "Dinner", [])

        suspend = 'mutation { suspendApp(slug: "food", reason: "checking") { slug } }'
        await a.api.ok(suspend, token=root)
        refused = await answer(b.api, ana, group, "/food restaurants roma", "s1")
        assert (refused["app"], refused["body"]) == (
            {"slug": "souq"},
            "Food is not available right now.",
        )
        await a.api.ok(
            'mutation { unsuspendApp(slug: "food", reason: "fine") { slug } }', token=root
        )
        served = await answer(b.api, ana, group, "/food restaurants roma", "s2")
        assert served["app"] == {"slug": "food"}

        # presses of one person through both processes at once: no update lost
        menu = await answer(a.api, ana, group, "/food menu da-enzo", "menu")
        presses = [
            (a if n % 2 else b).api.ok(PRESS, {"m": menu["id"], "b": "0.0", "k": f"p{n}"}, ana)
            for n in range(10)
        ]
        await asyncio.gather(*presses)
        cart = await answer(b.api, ana, group, "/food cart", "cart")
        assert [i["title"] for i in cart["content"]["items"]] == ["10 x Spaghetti alla carbonara"]

        # a logout through a closes ana's socket on b
        async with b.api.subscribe(ana, EVENTS, await b.api.from_now(ana)) as socket:
            await a.api.send(ana, group, "still here", "here")
            assert (await socket.message())["body"] == "still here"
            assert (await a.api.ok("mutation { logout }", token=ana))["logout"] is True
            assert await socket.closed(CLOSE_WITHIN) == (4403, "signed out: the token was revoked")


async def test_souq_serve_with_workers_shares_one_port_between_processes(
    settings: Settings, services: Services, tmp_path: Path, key: str, prefix: str
) -> None:
    assert REDIS_URL is not None
    env = {
        "SOUQ_DATABASE_URL": settings.database_url or "",
        "SOUQ_REDIS_URL": REDIS_URL,
        "SOUQ_SECRET_KEY": key,
        "SOUQ_REDIS_PREFIX": prefix,
    }
    port = free_port()
    args = ("serve", "--no-migrate", "--workers", "2", "--port", str(port))
    async with souq_process(*args, data_dir=tmp_path, env=env) as server:
        await server.expect(RUNNING)
        first = await server.expect(r"Application startup complete")
        index = server.lines.index(first.string)
        await server.expect(r"Application startup complete", after=index + 1)
        async with client(port) as api:
            bruno, ana = await api.register("bruno"), await api.register("ana")
            direct = await api.direct(bruno, "ana")
            async with api.subscribe(ana, EVENTS, await api.from_now(ana)) as live:
                # each request on a connection of its own: the workers share them out
                for n in range(6):
                    async with client(port) as other:
                        await other.send(bruno, direct, f"m{n}", f"k{n}")
                got = [(await live.message())["body"] for _ in range(6)]
        assert got == [f"m{n}" for n in range(6)]
        workers = {
            line.split("[")[1].rstrip("]")
            for line in server.lines
            if "Started server process" in line
        }
        assert len(workers) == 2
        assert await server.stop() in (0, -signal.SIGTERM)
    assert "Stopping parent process" in server.output and "Traceback" not in server.output
