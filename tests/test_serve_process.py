"""End to end: ``souq serve`` and ``souq demo`` as real processes, over HTTP and WebSocket
(see tests/processes.py for how a process is run and read).
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest
from live_server import EVENTS
from processes import RUNNING, assert_clean_exit, client, free_port, souq_process
from souq.cli.serve import listen, worker_app
from souq.db.migrate import head_revision
from souq.settings import Settings
from souq.web.server import uvicorn_config

DEMO_TOKEN = r'"Authorization": "Bearer (souq_[A-Za-z0-9_-]+)"'


async def test_serve_over_http_and_websocket(tmp_path: Path) -> None:
    port = free_port()
    async with souq_process("serve", "--port", str(port), data_dir=tmp_path) as server:
        match = await server.expect(RUNNING)
        assert int(match.group(1)) == port
        assert "souq (prod)" in server.output

        async with client(port) as api:
            ready = await api.http.get("/readyz")
            assert ready.status_code == 200, ready.text
            assert ready.json()["status"] == "ready"

            ana = await api.register("ana")
            bob = await api.register("bob")
            conversation = await api.direct(ana, "bob")
            seen = [{"conversationId": conversation, "seq": 0}]
            async with api.subscribe(bob, EVENTS, {"after": seen}) as events:
                sent = await api.send(ana, conversation, "hello bob", "c-1")
                assert sent["seq"] == 1
                received = await events.message()
                assert received == {
                    "id": sent["id"],
                    "conversationId": conversation,
                    "seq": 1,
                    "body": "hello bob",
                    "sender": {"username": "ana"},
                }
                again = await api.send(ana, conversation, "still there?", "c-2")
                assert (await events.message())["body"] == again["body"]

            async with api.socket(ana) as socket:  # messages are capped as HTTP bodies are
                await socket.ws.send('{"type": "ping", "payload": "' + "x" * 100_000 + '"}')
                assert (await socket.closed(within=10))[0] == 1009

            page = await api.ok(
                "query($c: ID!) { conversation(id: $c) { lastSeq unreadCount } }",
                {"c": conversation},
                bob,
            )
            assert page["conversation"] == {"lastSeq": 2, "unreadCount": 2}
            ide = await api.http.get("/graphql", headers={"accept": "text/html"})
            assert ide.status_code == 406, "no GraphiQL in production mode"

        assert_clean_exit(server, await server.stop())
    assert (tmp_path / "souq.db").is_file(), "souq serve migrated a database in the data folder"


async def run_demo(data_dir: Path, earlier_token: str | None = None) -> tuple[str, list[str]]:
    """Run ``souq demo`` until it serves; return its token and what ana can see."""
    port = free_port()
    web = data_dir / "web"  # GraphiQL as the client's build leaves it
    web.mkdir(exist_ok=True)
    (web / "graphiql.html").write_text("<!doctype html><title>GraphiQL</title>")
    env = {"SOUQ_WEB_ROOT": str(web)}
    async with souq_process("demo", "--port", str(port), data_dir=data_dir, env=env) as demo:
        token = (await demo.expect(DEMO_TOKEN)).group(1)
        await demo.expect(RUNNING)
        assert f"Database: sqlite+aiosqlite:///{data_dir / 'souq.db'}" in demo.output
        async with client(port) as api:
            me = await api.ok("{ me { username role } }", token=token)
            assert me == {"me": {"username": "ana", "role": "PERSON"}}
            if earlier_token:  # tokens survive a restart
                again = await api.ok("{ me { username } }", token=earlier_token)
                assert again == {"me": {"username": "ana"}}
            data = await api.ok("{ conversations { nodes { kind title lastSeq } } }", token=token)
            ide = await api.http.get("/graphql", headers={"accept": "text/html"})
            assert ide.status_code == 200 and "<title>GraphiQL</title>" in ide.text
        assert_clean_exit(demo, await demo.stop())
    seen = sorted(
        f"{c['kind']} {c['title']} {c['lastSeq']}" for c in data["conversations"]["nodes"]
    )
    return token, seen


async def test_demo_prints_a_working_token_and_can_run_again(tmp_path: Path) -> None:
    first_token, first = await run_demo(tmp_path)
    # ana's chat with the bank: /bank link, and the consent card it answered with
    assert first == ["APP Souq Bank 2", "DIRECT None 3", "GROUP Weekend trip 3"]

    second_token, second = await run_demo(tmp_path, earlier_token=first_token)
    assert second == first, "seeding again creates no duplicates"
    assert second_token != first_token


async def test_serve_without_migrating_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    port = free_port()
    async with souq_process(
        "serve", "--no-migrate", "--port", str(port), data_dir=tmp_path
    ) as server:
        assert await server.ended() == 1
    assert server.lines == [
        f"error: the database is at revision none, the code expects {head_revision()}: "
        "run `souq db upgrade` first"
    ]
    assert not (tmp_path / "souq.db").exists(), "checking created no database"


@pytest.mark.parametrize("command", ["serve", "demo"])
async def test_a_port_in_use_is_one_line_before_anything_else(tmp_path: Path, command: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with souq_process(command, "--port", str(port), data_dir=tmp_path) as server:
            assert await server.ended() == 1
    assert server.lines == [f"error: cannot listen on 127.0.0.1:{port}: Address already in use"]
    assert not (tmp_path / "souq.db").exists(), "nothing prepared for a server that cannot run"


def test_every_accepted_connection_sends_without_waiting_for_acks() -> None:
    """The socket `souq serve` binds turns Nagle's algorithm off for the connections it
    accepts: a response written in two parts would otherwise wait for the client's
    delayed ACK (about 40 ms a request)."""
    listener = listen("127.0.0.1", 0)
    listener.listen()
    with listener, socket.create_connection(listener.getsockname()[:2]):
        accepted, _ = listener.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_every_server_runs_on_asyncios_own_loop() -> None:
    """uvloop left `/healthz` waiting 12 s under bench/hostile.py's replay storm, asyncio's
    loop 0.15 s (docs/scaling.md): the workers of `--workers` take uvicorn's loop setting,
    and the one process runs `asyncio.run`, so both serve on asyncio's loop."""
    factory = uvicorn_config(worker_app, Settings.model_construct()).get_loop_factory()
    loop = factory() if factory is not None else asyncio.new_event_loop()
    try:
        assert isinstance(loop, asyncio.BaseEventLoop)
        assert type(loop).__module__.startswith("asyncio.")
    finally:
        loop.close()


LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }"


async def login_codes(port: int, forwarded_for: list[str]) -> list[str]:
    """Wrong sign-ins for ``ana``, each claiming (``X-Forwarded-For``) another address."""
    codes = []
    async with client(port) as api:
        for address in forwarded_for:
            response = await api.post(
                LOGIN, {"u": "ana", "p": "wrong password"}, headers={"x-forwarded-for": address}
            )
            codes.append(response.json()["errors"][0]["extensions"]["code"])
    return codes


@pytest.mark.parametrize(
    ("proxies", "expected"),
    [
        (None, ["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "RATE_LIMITED"]),
        ("127.0.0.1", ["INVALID_CREDENTIALS"] * 3),
    ],
    ids=["no-proxy-by-default", "trusted-proxy"],
)
async def test_forwarded_for_counts_only_from_a_trusted_proxy(
    tmp_path: Path, proxies: str | None, expected: list[str]
) -> None:
    """The per-address limit counts the TCP peer unless ``SOUQ_FORWARDED_ALLOW_IPS`` trusts it."""
    settings = {"SOUQ_LOGIN_ATTEMPTS_PER_ADDRESS": "2/minute"}
    if proxies:
        settings["SOUQ_FORWARDED_ALLOW_IPS"] = proxies
    port = free_port()
    async with souq_process(
        "serve", "--port", str(port), data_dir=tmp_path, env=settings
    ) as server:
        await server.expect(RUNNING)
        codes = await login_codes(port, ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
        assert codes == expected
        assert_clean_exit(server, await server.stop())


async def test_workers_without_redis_are_refused_in_one_line(tmp_path: Path) -> None:
    async with souq_process("serve", "--workers", "2", data_dir=tmp_path) as server:
        assert await server.process.wait() == 2
        await asyncio.wait_for(server._reader, 10)
    assert server.lines == [
        "error: --workers needs SOUQ_REDIS_URL: live events must reach every process (see "
        "docs/deploying.md)"
    ]
