"""End to end: ``souq serve`` and ``souq demo`` as real processes, over HTTP and WebSocket.

Readiness is read from the process's own output (uvicorn's "running" line), never waited
for with sleeps; timeouts are only a safety net.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from live_server import EVENTS, Api

TIMEOUT = 60.0
RUNNING = r"Uvicorn running on http://127\.0\.0\.1:(\d+)"
DEMO_TOKEN = r'"Authorization": "Bearer (souq_[A-Za-z0-9_-]+)"'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SouqProcess:
    """A running ``python -m souq ...`` whose output (stdout and stderr) is read line by line."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        self._changed = asyncio.Event()
        self._ended = False
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for raw in self.process.stdout:
            self.lines.append(raw.decode(errors="replace").rstrip("\n"))
            self._changed.set()
        self._ended = True
        self._changed.set()

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    async def expect(self, pattern: str, *, after: int = 0) -> re.Match[str]:
        """The first output line from index ``after`` on that matches ``pattern``."""

        async def scan() -> re.Match[str]:
            index = after
            while True:
                while index < len(self.lines):
                    if match := re.search(pattern, self.lines[index]):
                        return match
                    index += 1
                if self._ended:
                    raise AssertionError(f"souq ended without printing {pattern!r}:\n{self.output}")
                self._changed.clear()
                await self._changed.wait()

        try:
            return await asyncio.wait_for(scan(), TIMEOUT)
        except TimeoutError:
            raise AssertionError(f"no {pattern!r} within {TIMEOUT} s:\n{self.output}") from None

    async def stop(self) -> int:
        """Ask the server to stop (SIGTERM, as a process manager would) and wait for it."""
        self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), TIMEOUT)
        await asyncio.wait_for(self._reader, TIMEOUT)
        return code


@asynccontextmanager
async def souq_process(
    *args: str, data_dir: Path, settings: dict[str, str] | None = None
) -> AsyncIterator[SouqProcess]:
    """Start ``python -m souq ARGS`` on a SQLite database in ``data_dir`` (with ``settings``,
    ``SOUQ_*`` variables); kill it if left running."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOUQ_")}
    env |= {"SOUQ_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    env |= settings or {}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "souq",
        *args,
        env=env,
        cwd=data_dir,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    running = SouqProcess(process)
    try:
        yield running
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await asyncio.gather(running._reader, return_exceptions=True)


@asynccontextmanager
async def client(port: int) -> AsyncIterator[Api]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
        yield Api(http, f"ws://127.0.0.1:{port}/graphql")


def assert_clean_exit(server: SouqProcess, code: int) -> None:
    """A graceful shutdown: uvicorn finishes, then re-raises SIGTERM (so -15 or 0 is fine)."""
    assert code in (0, -signal.SIGTERM), server.output
    assert "Application shutdown complete." in server.output
    assert server.lines[-1].startswith("INFO:     Finished server process"), server.output
    assert "Traceback" not in server.output
    assert not any(line.startswith("ERROR") for line in server.lines), server.output


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
    async with souq_process("demo", "--port", str(port), data_dir=data_dir) as demo:
        token = (await demo.expect(DEMO_TOKEN)).group(1)
        await demo.expect(RUNNING)
        async with client(port) as api:
            me = await api.ok("{ me { username role } }", token=token)
            assert me == {"me": {"username": "ana", "role": "PERSON"}}
            if earlier_token:  # tokens survive a restart
                again = await api.ok("{ me { username } }", token=earlier_token)
                assert again == {"me": {"username": "ana"}}
            data = await api.ok("{ conversations { nodes { kind title lastSeq } } }", token=token)
            ide = await api.http.get("/graphql", headers={"accept": "text/html"})
            assert ide.status_code == 200 and "graphiql" in ide.text.lower()
        assert_clean_exit(demo, await demo.stop())
    seen = sorted(
        f"{c['kind']} {c['title']} {c['lastSeq']}" for c in data["conversations"]["nodes"]
    )
    return token, seen


async def test_demo_prints_a_working_token_and_can_run_again(tmp_path: Path) -> None:
    first_token, first = await run_demo(tmp_path)
    assert first == ["DIRECT None 3", "GROUP Weekend trip 3"]

    second_token, second = await run_demo(tmp_path, earlier_token=first_token)
    assert second == first, "seeding again creates no duplicates"
    assert second_token != first_token


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
        "serve", "--port", str(port), data_dir=tmp_path, settings=settings
    ) as server:
        await server.expect(RUNNING)
        codes = await login_codes(port, ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
        assert codes == expected
        assert_clean_exit(server, await server.stop())
