"""Messaging benchmark: souq's ``sendMessage`` against a plain Starlette floor, and fan-out.

Run from the repository root::

    uv run python bench/messaging.py [--duration SECONDS] [--quick] [--no-subscribers]

What it does (see bench/README.md):

1. The floor: a fresh SQLite file migrated by ``souq db upgrade``, served by
   ``bench/floor_app.py`` (uvicorn, separate process); a load-generator process POSTs
   messages at concurrency 1 and 8.
2. souq: ``python -m souq serve`` (separate process, ``SOUQ_ENV=prod``) on another fresh
   SQLite file; accounts and tokens are created through souq's services before it starts,
   conversations through the GraphQL API; the same
   load generator sends ``sendMessage`` mutations at concurrency 1 and 8 (distinct senders
   and direct conversations, unique client ids; by default each conversation's other
   member is subscribed over WebSocket, so every send also delivers a live event).
3. Fan-out: one group of 200 members, each subscribed over WebSocket
   (graphql-transport-ws); one member sends messages one after another, and each is timed
   from just before the send until the last of the 200 subscribers received it.

Prints a table with the targets and writes ``bench/results/latest.json``.
Every child process runs in its own process group and is killed on the way out; every
loop is bounded in count and time; all traffic goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import platform
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx
import websockets
from verdicts import Verdict, print_verdicts

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
HOST = "127.0.0.1"
PROTOCOL = "graphql-transport-ws"
PASSWORD = "bench password 1234"

CONCURRENCIES = (1, 8)
FANOUT_MEMBERS = 1000  # the target's audience; --members changes it
FANOUT_MESSAGES = 50
FANOUT_WARMUP_MESSAGES = 5
FANOUT_WARMUP_TRIES = 20  # warm-up sends at most, until FANOUT_WARMUP_MESSAGES reach everyone
FANOUT_WARMUP_WAIT = 5.0  # seconds a warm-up message may take to reach every subscriber

TARGET_RATIO = 0.8
TARGET_P99_MS = 30.0
TARGET_FANOUT_P99_MS = 200.0
TARGET_FANOUT_MEMBERS = 1000  # the fan-out target is set for a group of this size

STARTUP_TIMEOUT = 60.0
REQUEST_TIMEOUT = 30.0
MAX_REQUESTS_PER_WORKER = 1_000_000
SUBSCRIBE_CONCURRENCY = 20

OPEN_DIRECT = "mutation($u: String!) { openDirectConversation(username: $u) { id } }"
CREATE_GROUP = (
    "mutation($t: String!, $u: [String!]!) { createGroup(title: $t, usernames: $u) { id } }"
)
SEND = (
    "mutation($c: ID!, $b: String!, $k: String!) "
    "{ sendMessage(conversationId: $c, body: $b, clientMessageId: $k) { id seq } }"
)
EVENTS = "subscription { events { ... on MessagePosted { message { seq body } } } }"


class BenchError(RuntimeError):
    """The benchmark could not run (a server did not start, a request failed)."""


# -- processes -------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def kill_group(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """Terminate ``process`` and its process group: SIGTERM, then SIGKILL after ``grace``."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=grace)
    else:  # the leader is gone; make sure nothing it started lingers
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def wait_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    """Poll ``url`` until it answers 200, the process dies, or ``STARTUP_TIMEOUT`` passes."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    with httpx.Client(timeout=2.0) as client:
        for _ in range(int(STARTUP_TIMEOUT / 0.1) + 1):
            if process.poll() is not None:
                raise BenchError(f"{url}: server exited ({process.returncode}):\n{log.read_text()}")
            try:
                if client.get(url).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
    raise BenchError(f"{url}: not ready after {STARTUP_TIMEOUT:.0f} s:\n{log.read_text()}")


def spawn(command: Sequence[str], env: dict[str, str], out: IO[bytes]) -> subprocess.Popen[bytes]:
    """Start ``command`` in the repository, in a process group of its own (so that
    :func:`kill_group` ends all it starts), its output to ``out``."""
    return subprocess.Popen(
        list(command),
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


@contextmanager
def server(
    command: Sequence[str], env: dict[str, str], ready_url: str, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` in its own process group until the context exits."""
    with log.open("wb") as out:
        process = spawn(command, env, out)
        try:
            wait_ready(process, ready_url, log)
            yield process
        finally:
            kill_group(process)


@dataclass(frozen=True)
class Backend:
    """Where the souq under test keeps its state: SQLite in its data folder (the default),
    or the PostgreSQL database given, emptied first, with live events through Redis when a
    Redis URL is given (under a prefix of its own, so nothing of another run is read)."""

    database_url: str | None = None
    redis_url: str | None = None
    redis_prefix: str = field(default_factory=lambda: f"bench{os.getpid()}x{time.time_ns()}:")

    def settings(self) -> dict[str, str]:
        """The settings it takes, by field name (``SOUQ_`` + upper case in the environment)."""
        settings = {}
        if self.database_url:
            settings.update(database_url=self.database_url, secret_key="bench-" + "k" * 32)
        if self.redis_url:
            settings.update(redis_url=self.redis_url, redis_prefix=self.redis_prefix)
        return settings

    def describe(self) -> str:
        """One line for the report."""
        database = "PostgreSQL" if self.database_url else "SQLite"
        return f"{database} + Redis" if self.redis_url else database

    async def empty(self) -> None:
        """Drop everything in the PostgreSQL database (nothing to do on a fresh SQLite file)."""
        if not self.database_url:
            return
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine(self.database_url)
        try:
            async with engine.begin() as connection:
                await connection.execute(text("DROP SCHEMA public CASCADE"))
                await connection.execute(text("CREATE SCHEMA public"))
        finally:
            await engine.dispose()


SQLITE = Backend()


def child_env(data_dir: Path, backend: Backend = SQLITE) -> dict[str, str]:
    """The environment of a souq child process on ``data_dir`` and ``backend``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOUQ_")}
    env.update(
        SOUQ_DATA_DIR=str(data_dir),
        SOUQ_ENV="prod",
        SOUQ_LOG_LEVEL="warning",  # no access log, like the floor
        PYTHONUNBUFFERED="1",
    )
    env.update({f"SOUQ_{name.upper()}": value for name, value in backend.settings().items()})
    return env


# -- load generator (a separate process) ----------------------------------------------


@dataclass(frozen=True)
class Worker:
    """One closed-loop client: who sends, where, with what credentials."""

    conversation: str
    sender_id: int = 0
    token: str | None = None


@dataclass(frozen=True)
class LoadSpec:
    """What one load-generator process runs."""

    kind: str  # "souq" or "floor"
    url: str
    workers: list[Worker]
    warmup: float
    duration: float
    run_id: str
    subscriber_url: str | None = None
    subscriber_tokens: list[str] = field(default_factory=list)
    server_group: int | None = None  # the server's process group, whose CPU time is read


@dataclass
class PhaseResult:
    """The figures of one phase."""

    target: str
    concurrency: int
    messages: int
    errors: int
    seconds: float
    msgs_per_s: float
    p50_ms: float
    p99_ms: float
    live_events_received: int | None = None
    server_cpu_ms_per_msg: float | None = None


def machine(load_before: Sequence[float]) -> dict[str, Any]:
    """What the figures were measured on, with the load before and after the run."""
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        # Other work on the machine skews every figure; compare runs with similar load.
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def group_cpu_seconds(group: int) -> float:
    """CPU time (user + system) spent so far by the live processes of process ``group``.

    Read from ``/proc/<pid>/stat`` (Linux): unlike wall-clock figures, CPU time per message
    barely moves when other work shares the machine."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        if int(fields[2]) == group:  # pgrp
            ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _request(spec: LoadSpec, worker: Worker, index: int, n: int, tag: str) -> dict[str, Any]:
    client_id = f"{spec.run_id}-{tag}-{index}-{n}"
    body = f"benchmark message {n} from worker {index}"
    if spec.kind == "souq":
        return {"query": SEND, "variables": {"c": worker.conversation, "b": body, "k": client_id}}
    return {
        "conversation_id": int(worker.conversation),
        "sender_id": worker.sender_id,
        "body": body,
        "client_message_id": client_id,
    }


def _ok(spec: LoadSpec, response: httpx.Response) -> bool:
    if response.status_code != 200:
        return False
    if spec.kind == "souq":
        payload = response.json()
        return not payload.get("errors") and payload.get("data", {}).get("sendMessage") is not None
    return True


async def _drive(
    spec: LoadSpec, client: httpx.AsyncClient, seconds: float, tag: str
) -> tuple[list[float], int, float]:
    """Run every worker in a closed loop for ``seconds``: (latencies, errors, elapsed)."""
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter()
    deadline = start + seconds

    async def loop(index: int, worker: Worker) -> None:
        nonlocal errors
        headers = {"authorization": f"Bearer {worker.token}"} if worker.token else {}
        for n in range(MAX_REQUESTS_PER_WORKER):
            if time.perf_counter() >= deadline:
                return
            payload = _request(spec, worker, index, n, tag)
            sent = time.perf_counter()
            try:
                response = await client.post(spec.url, json=payload, headers=headers)
                ok = _ok(spec, response)
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - sent)
            else:
                errors += 1

    await asyncio.gather(*(loop(i, w) for i, w in enumerate(spec.workers)))
    return latencies, errors, time.perf_counter() - start


@contextlib.asynccontextmanager
async def events_socket(url: str, token: str) -> AsyncIterator[websockets.ClientConnection]:
    """A graphql-transport-ws connection signed in as ``token``, subscribed to ``events``."""
    async with websockets.connect(
        url,
        subprotocols=[PROTOCOL],  # type: ignore[list-item]
        open_timeout=REQUEST_TIMEOUT,
        ping_interval=None,
        max_queue=None,
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), REQUEST_TIMEOUT))
        if ack.get("type") != "connection_ack":
            raise BenchError(f"subscription refused: {ack}")
        subscribe = {"id": "1", "type": "subscribe", "payload": {"query": EVENTS}}
        await ws.send(json.dumps(subscribe))
        yield ws


async def _subscriber(url: str, token: str, counter: list[int], ready: asyncio.Event) -> None:
    """Hold one subscription open, counting the events it receives, until cancelled."""
    async with events_socket(url, token) as ws:
        ready.set()
        async for raw in ws:  # ends when the connection closes or the task is cancelled
            if json.loads(raw).get("type") == "next":
                counter[0] += 1


async def _load(spec: LoadSpec) -> PhaseResult:
    concurrency = len(spec.workers)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    received = [0]
    tasks: list[asyncio.Task[None]] = []
    try:
        for token in spec.subscriber_tokens:
            assert spec.subscriber_url is not None
            ready = asyncio.Event()
            tasks.append(
                asyncio.create_task(_subscriber(spec.subscriber_url, token, received, ready))
            )
            await asyncio.wait_for(ready.wait(), REQUEST_TIMEOUT)
        async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT, limits=limits) as client:
            await _drive(spec, client, spec.warmup, "warmup")
            received[0] = 0
            cpu_before = group_cpu_seconds(spec.server_group) if spec.server_group else 0.0
            latencies, errors, seconds = await _drive(spec, client, spec.duration, "run")
            cpu = group_cpu_seconds(spec.server_group) - cpu_before if spec.server_group else 0.0
        await asyncio.sleep(0.2)  # let the last live events arrive
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return PhaseResult(
        target=spec.kind,
        concurrency=concurrency,
        messages=len(latencies),
        errors=errors,
        seconds=round(seconds, 3),
        msgs_per_s=round(len(latencies) / seconds, 1) if seconds else 0.0,
        p50_ms=round(percentile(latencies, 50) * 1000, 2),
        p99_ms=round(percentile(latencies, 99) * 1000, 2),
        live_events_received=received[0] if spec.subscriber_tokens else None,
        server_cpu_ms_per_msg=round(cpu * 1000 / len(latencies), 3)
        if spec.server_group and latencies
        else None,
    )


def _load_process(spec: LoadSpec, results: Any) -> None:
    """Entry point of the load-generator process: run ``spec``, put the result (or error)."""
    try:
        results.put(("ok", asdict(asyncio.run(_load(spec)))))
    except BaseException as error:
        results.put(("error", f"{type(error).__name__}: {error}"))


def run_load(spec: LoadSpec) -> PhaseResult:
    """Run ``spec`` in a fresh load-generator process and return its figures."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_load_process, args=(spec, results), daemon=True)
    process.start()
    try:
        status, value = results.get(timeout=spec.warmup + spec.duration + 120)
    finally:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
    if status != "ok":
        raise BenchError(f"load generator failed: {value}")
    return PhaseResult(**value)


# -- seeding ----------------------------------------------------------------------------


async def gql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str | None = None
) -> dict[str, Any]:
    """The ``data`` of a GraphQL request that must succeed."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise BenchError(f"GraphQL request failed: {body}")
    return dict(body["data"])


async def create_accounts(
    data_dir: Path, usernames: Sequence[str], backend: Backend = SQLITE
) -> dict[str, str]:
    """Create ``usernames`` in the migrated database (``backend``'s, or the SQLite file in
    ``data_dir``); name -> bearer token.

    Runs in this process before the server starts, through souq's own services, except
    that every account shares one argon2 hash of ``PASSWORD``: registering 216 people
    through the API would spend most of the run hashing passwords, which is not what
    this benchmark measures.
    """
    from souq.db.models import User
    from souq.runtime import build_services
    from souq.services.passwords import hash_password
    from souq.settings import load_settings
    from sqlalchemy.orm import Session

    settings = load_settings(data_dir=data_dir, env="prod", **backend.settings())
    services = build_services(settings)
    try:
        hashed = await hash_password(PASSWORD)

        def insert(session: Session) -> dict[str, int]:
            users = [
                User(username=n, display_name=n, password_hash=hashed, role="person")
                for n in usernames
            ]
            session.add_all(users)
            session.flush()
            return {user.username: user.id for user in users}

        ids = await services.db.write(insert)
        tokens = await asyncio.gather(
            *(services.accounts.issue_token(ids[n], label="bench") for n in usernames)
        )
    finally:
        await services.close()
    return dict(zip(usernames, tokens, strict=True))


@dataclass
class SouqSeed:
    """Accounts and conversations created in souq for the benchmark."""

    senders: list[Worker]  # one per concurrent worker, each with its own direct conversation
    peer_tokens: list[str]  # the other member of each direct conversation
    group: str
    group_tokens: list[str]  # the group's members; the first one owns it and sends


def souq_usernames(members: int = FANOUT_MEMBERS) -> tuple[list[str], list[str], list[str]]:
    """(senders, their peers, the fan-out group's ``members``)."""
    pairs = max(CONCURRENCIES)
    return (
        [f"sender{i}" for i in range(pairs)],
        [f"peer{i}" for i in range(pairs)],
        [f"member{i}" for i in range(members)],
    )


async def seed_souq(base: str, tokens: dict[str, str], members: int = FANOUT_MEMBERS) -> SouqSeed:
    """Open the direct conversations and create the group through the GraphQL API."""
    senders, peers, group = souq_usernames(members)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        workers = []
        for sender, peer in zip(senders, peers, strict=True):
            data = await gql(client, OPEN_DIRECT, {"u": peer}, tokens[sender])
            workers.append(Worker(str(data["openDirectConversation"]["id"]), token=tokens[sender]))
        data = await gql(client, CREATE_GROUP, {"t": "fan-out", "u": group[1:]}, tokens[group[0]])
    return SouqSeed(
        senders=workers,
        peer_tokens=[tokens[p] for p in peers],
        group=str(data["createGroup"]["id"]),
        group_tokens=[tokens[m] for m in group],
    )


def seed_floor(db: Path) -> list[Worker]:
    """Insert the senders, peers and direct conversations the floor writes to."""
    now = time.strftime("%Y-%m-%d %H:%M:%S.000000", time.gmtime())
    workers = []
    with sqlite3.connect(db) as connection:
        for i in range(max(CONCURRENCIES)):
            ids = []
            for name in (f"sender{i}", f"peer{i}"):
                cursor = connection.execute(
                    "INSERT INTO users (username, display_name, password_hash, role, created_at) "
                    "VALUES (?, ?, 'x', 'person', ?)",
                    (name, name, now),
                )
                ids.append(int(cursor.lastrowid or 0))
            cursor = connection.execute(
                "INSERT INTO conversations (kind, direct_key, last_seq, created_at, "
                "last_activity_at) VALUES ('direct', ?, 0, ?, ?)",
                (f"{ids[0]}:{ids[1]}", now, now),
            )
            conversation = int(cursor.lastrowid or 0)
            connection.executemany(
                "INSERT INTO members (conversation_id, user_id, last_read_seq, joined_at) "
                "VALUES (?, ?, 0, ?)",
                [(conversation, user, now) for user in ids],
            )
            workers.append(Worker(str(conversation), sender_id=ids[0]))
    return workers


# -- fan-out ----------------------------------------------------------------------------


class FanOut:
    """Subscribers of one group, recording when each message reached the last of them."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self._counts: dict[str, int] = {}
        self._done: dict[str, asyncio.Future[float]] = {}

    def expect(self, body: str) -> asyncio.Future[float]:
        """A future resolved with the arrival time of ``body`` at the last subscriber."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._done[body] = future
        self._counts[body] = 0
        return future

    def arrived(self, body: str) -> None:
        """One subscriber received ``body``."""
        if body not in self._counts:
            return
        self._counts[body] += 1
        if self._counts[body] == self.expected and not self._done[body].done():
            self._done[body].set_result(time.perf_counter())

    async def listen(self, url: str, token: str, ready: asyncio.Event) -> None:
        """Subscribe as ``token`` and report every message body until cancelled."""
        async with events_socket(url, token) as ws:
            ready.set()
            async for raw in ws:
                message = json.loads(raw)
                if message.get("type") == "next":
                    self.arrived(message["payload"]["data"]["events"]["message"]["body"])
                elif message.get("type") == "error":
                    raise BenchError(f"subscription error: {message}")


async def fan_out(base: str, seed: SouqSeed, messages: int, run_id: str) -> dict[str, Any]:
    """Time ``messages`` sends to the group, each until all subscribers received it."""
    ws_url = base.replace("http://", "ws://") + "/graphql"
    tracker = FanOut(len(seed.group_tokens))
    gate = asyncio.Semaphore(SUBSCRIBE_CONCURRENCY)
    listeners: list[asyncio.Task[None]] = []

    async def start(token: str) -> None:
        async with gate:
            ready = asyncio.Event()
            task = asyncio.create_task(tracker.listen(ws_url, token, ready))
            listeners.append(task)
            waiter = asyncio.create_task(ready.wait())
            done, _ = await asyncio.wait(
                {waiter, task}, timeout=REQUEST_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
            )
            waiter.cancel()
            if task in done:
                task.result()  # raises what went wrong
            if not ready.is_set():
                raise BenchError("a subscriber did not connect in time")

    sender = seed.group_tokens[0]
    latencies: list[float] = []
    try:
        connect_start = time.perf_counter()
        await asyncio.gather(*(start(t) for t in seed.group_tokens))
        connect_seconds = time.perf_counter() - connect_start
        async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT) as client:

            async def send(n: int, tag: str, wait: float = REQUEST_TIMEOUT) -> float:
                body = f"fan-out {tag} {n}"
                done = tracker.expect(body)
                sent = time.perf_counter()
                await gql(
                    client,
                    SEND,
                    {"c": seed.group, "b": body, "k": f"{run_id}-fan-{tag}-{n}"},
                    sender,
                )
                try:
                    return await asyncio.wait_for(done, wait) - sent
                except TimeoutError:
                    raise BenchError(f"{body!r} did not reach every subscriber") from None

            # The protocol has no "subscribed" acknowledgement, and through Redis a
            # subscription listens a moment after its socket is acknowledged (a message
            # before that is not live for it, and with no `after` nothing replays it):
            # warm-up sends go on until FANOUT_WARMUP_MESSAGES of them reached everyone,
            # which proves every subscription is live before the measured ones.
            reached = 0
            for n in range(FANOUT_WARMUP_TRIES):
                with suppress(BenchError):
                    await send(n, "warmup", FANOUT_WARMUP_WAIT)
                    reached += 1
                if reached == FANOUT_WARMUP_MESSAGES:
                    break
            else:
                raise BenchError(f"after {FANOUT_WARMUP_TRIES} warm-up sends, not all live")
            for n in range(messages):
                latencies.append(await send(n, "run"))
                await asyncio.sleep(0.01)  # a moment between sends, for nobody's benefit
    finally:
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)
    return {
        "subscribers": len(seed.group_tokens),
        "messages": len(latencies),
        "connect_seconds": round(connect_seconds, 2),
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "max_ms": round(max(latencies) * 1000, 2) if latencies else 0.0,
    }


# -- the run ----------------------------------------------------------------------------


def migrate(data_dir: Path, log: Path, backend: Backend = SQLITE) -> None:
    """Create a fresh souq database (in ``data_dir``, or ``backend``'s emptied PostgreSQL
    database) with ``souq db upgrade``."""
    asyncio.run(backend.empty())
    with log.open("wb") as out:
        done = subprocess.run(
            [sys.executable, "-m", "souq", "db", "upgrade"],
            cwd=ROOT,
            env=child_env(data_dir, backend),
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=120,
            check=False,
        )
    if done.returncode != 0:
        raise BenchError(f"souq db upgrade failed:\n{log.read_text()}")


def phases(
    kind: str,
    url: str,
    workers: list[Worker],
    args: argparse.Namespace,
    run_id: str,
    subscriber_url: str | None = None,
    subscriber_tokens: Sequence[str] = (),
    concurrencies: Sequence[int] = CONCURRENCIES,
    server_group: int | None = None,
) -> list[PhaseResult]:
    """Run the load generator at each of ``concurrencies`` against one target (whose
    processes, if ``server_group`` is given, have their CPU time per message measured)."""
    results = []
    for concurrency in concurrencies:
        spec = LoadSpec(
            kind=kind,
            url=url,
            workers=workers[:concurrency],
            warmup=args.warmup,
            duration=args.duration,
            run_id=f"{run_id}-c{concurrency}",
            subscriber_url=subscriber_url,
            subscriber_tokens=list(subscriber_tokens[:concurrency]),
            server_group=server_group,
        )
        result = run_load(spec)
        cpu = result.server_cpu_ms_per_msg
        print(
            f"  {kind:<5} c={concurrency}: {result.msgs_per_s:8.1f} msg/s  "
            f"p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:6.2f} ms  errors {result.errors}"
            + (f"  server CPU {cpu:.2f} ms/msg" if cpu is not None else ""),
            flush=True,
        )
        results.append(result)
    return results


@contextmanager
def souq_server(
    work: Path, backend: Backend, members: int, workers: int = 1
) -> Iterator[tuple[str, SouqSeed, int]]:
    """A fresh souq (``souq serve --workers N`` on ``backend``) with the benchmark's people
    and conversations: yields its base URL, the seed and its process group, and stops it
    on the way out."""
    data_dir = work / f"souq-{workers}"
    print(f"souq: migrating a fresh database ({backend.describe()}), creating accounts", flush=True)
    seeding = time.perf_counter()
    migrate(data_dir, work / f"souq-{workers}-migrate.log", backend)
    names = [n for group in souq_usernames(members) for n in group]
    tokens = asyncio.run(create_accounts(data_dir, names, backend))
    print(f"souq: starting `python -m souq serve --workers {workers}`", flush=True)
    port = free_port()
    base = f"http://{HOST}:{port}"
    command = [sys.executable, "-m", "souq", "serve", "--host", HOST, "--port", str(port)]
    with server(
        [*command, "--workers", str(workers)],
        child_env(data_dir, backend),
        f"{base}/readyz",
        work / f"souq-{workers}.log",
    ) as process:
        seed = asyncio.run(seed_souq(base, tokens, members))
        print(
            f"  seeded {len(names)} accounts in {time.perf_counter() - seeding:.1f} s", flush=True
        )
        yield base, seed, process.pid


def souq_phases(
    base: str,
    seed: SouqSeed,
    args: argparse.Namespace,
    run_id: str,
    concurrencies: Sequence[int] = CONCURRENCIES,
    server_group: int | None = None,
) -> list[PhaseResult]:
    """``sendMessage`` at each of ``concurrencies``, with the peers subscribed unless told
    not to."""
    return phases(
        "souq",
        f"{base}/graphql",
        seed.senders,
        args,
        run_id,
        subscriber_url=None
        if args.no_subscribers
        else base.replace("http://", "ws://") + "/graphql",
        subscriber_tokens=() if args.no_subscribers else seed.peer_tokens,
        concurrencies=concurrencies,
        server_group=server_group,
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run every phase and return the report."""
    run_id = f"r{int(time.time())}"
    load_before = os.getloadavg()
    backend = Backend(args.database_url, args.redis_url)
    floor: list[PhaseResult] = []
    souq: list[PhaseResult] = []
    with tempfile.TemporaryDirectory(prefix="souq-bench-") as tmp:
        work = Path(tmp)
        if not args.fanout_only:
            floor_dir = work / "floor"
            print("floor: migrating a fresh SQLite file and starting bench/floor_app.py")
            migrate(floor_dir, work / "floor-migrate.log")
            floor_db = floor_dir / "souq.db"
            floor_workers = seed_floor(floor_db)
            port = free_port()
            floor_cmd = [sys.executable, str(BENCH / "floor_app.py"), "--db", str(floor_db)]
            with server(
                [*floor_cmd, "--port", str(port)],
                child_env(floor_dir),
                f"http://{HOST}:{port}/readyz",
                work / "floor.log",
            ) as floor_process:
                floor = phases(
                    "floor",
                    f"http://{HOST}:{port}/send",
                    floor_workers,
                    args,
                    run_id,
                    server_group=floor_process.pid,
                )

        with souq_server(work, backend, args.members, args.workers) as (base, seed, group):
            if not args.fanout_only:
                souq = souq_phases(base, seed, args, run_id, server_group=group)
            print(f"  fan-out: {args.members} subscribers, {args.fanout_messages} messages")
            fan = asyncio.run(fan_out(base, seed, args.fanout_messages, run_id))

    ratios = {
        str(s.concurrency): round(s.msgs_per_s / f.msgs_per_s, 3) if f.msgs_per_s else 0.0
        for s, f in zip(souq, floor, strict=True)
    }
    return {
        "run_id": run_id,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(load_before),
        "settings": {
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "live_subscribers": not args.no_subscribers,
            "backend": backend.describe(),
            "fanout_members": args.members,
            "souq_processes": args.workers,
        },
        "floor": [asdict(r) for r in floor],
        "souq": [asdict(r) for r in souq],
        "souq_over_floor": ratios,
        "fanout": fan,
        "targets": [asdict(v) for v in verdicts(souq, floor, ratios, fan)],
    }


def verdicts(
    souq: list[PhaseResult],
    floor: list[PhaseResult],
    ratios: dict[str, float],
    fan: dict[str, Any],
) -> list[Verdict]:
    """The targets this run measured, each passed or missed."""
    found: list[Verdict] = []
    c8 = next((s for s in souq if s.concurrency == max(CONCURRENCIES)), None)
    if c8 is not None:
        ratio = ratios[str(c8.concurrency)]
        found += [
            Verdict(
                "ratio_c8",
                f"sendMessage souq/floor msgs/s at c=8 >= {TARGET_RATIO}",
                f"{ratio:.2f}",
                ratio >= TARGET_RATIO,
            ),
            Verdict(
                "p99_c8",
                f"sendMessage p99 at c=8 < {TARGET_P99_MS:g} ms",
                f"{c8.p99_ms:.1f} ms",
                c8.p99_ms < TARGET_P99_MS,
            ),
        ]
    if fan["subscribers"] == TARGET_FANOUT_MEMBERS:
        found.append(
            Verdict(
                "fanout_p99",
                f"fan-out p99 to {TARGET_FANOUT_MEMBERS} subscribers < {TARGET_FANOUT_P99_MS:g} ms",
                f"{fan['p99_ms']:.1f} ms",
                fan["p99_ms"] < TARGET_FANOUT_P99_MS,
            )
        )
    errors = sum(r.errors for r in [*souq, *floor])
    found.append(Verdict("no_errors", "no failed requests", f"{errors} failed", errors == 0))
    return found


def save_results(report: dict[str, Any], name: str) -> None:
    """Write ``report`` to ``bench/results/NAME`` (git-ignored) and say where."""
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / name
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {out.relative_to(ROOT)}")


def print_report(report: dict[str, Any]) -> None:
    """The results as a table, with the targets."""
    print()
    load = report["machine"]["load_average_before"][0]
    print(f"{report['machine']['cpus']} CPUs, 1-minute load average before the run: {load:.2f}")
    processes = report["settings"]["souq_processes"]
    print(f"souq on {report['settings']['backend']}, {processes} process(es)")
    print(
        f"{'phase':<8}{'conc':>5}{'msgs/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'server CPU ms/msg':>19}"
    )
    for row in [*report["floor"], *report["souq"]]:
        cpu = row.get("server_cpu_ms_per_msg")
        print(
            f"{row['target']:<8}{row['concurrency']:>5}{row['msgs_per_s']:>10.1f}"
            f"{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}{row['errors']:>8}"
            f"{'-' if cpu is None else f'{cpu:.2f}':>19}"
        )
    for concurrency, ratio in report["souq_over_floor"].items():
        print(f"souq / floor at concurrency {concurrency}: {ratio:.2f}")
    fan = report["fanout"]
    print(
        f"fan-out to {fan['subscribers']} subscribers ({fan['messages']} messages): "
        f"p50 {fan['p50_ms']:.1f} ms, p99 {fan['p99_ms']:.1f} ms, max {fan['max_ms']:.1f} ms"
    )
    if fan["subscribers"] != TARGET_FANOUT_MEMBERS:
        print(f"(the fan-out target is set for {TARGET_FANOUT_MEMBERS} subscribers: not judged)")
    print()
    print_verdicts([Verdict(**v) for v in report["targets"]])


def main() -> int:
    """Parse the options, run the benchmark, print and save the results."""
    parser = argparse.ArgumentParser(description="souq messaging benchmark")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per phase")
    parser.add_argument("--warmup", type=float, default=None, help="warm-up seconds per phase")
    parser.add_argument("--quick", action="store_true", help="2 s phases, 20 fan-out messages")
    parser.add_argument(
        "--no-subscribers",
        action="store_true",
        help="do not subscribe the recipients during the throughput phases",
    )
    parser.add_argument("--fanout-messages", type=int, default=None)
    parser.add_argument(
        "--members", type=int, default=FANOUT_MEMBERS, help="fan-out group size (1000)"
    )
    parser.add_argument(
        "--fanout-only", action="store_true", help="skip the floor and the throughput phases"
    )
    parser.add_argument("--database-url", help="PostgreSQL for souq (emptied first), not SQLite")
    parser.add_argument("--redis-url", help="live events through Redis (with --database-url)")
    parser.add_argument("--workers", type=int, default=1, help="souq processes (needs Redis)")
    args = parser.parse_args()
    if args.quick:
        args.duration = 2.0
    if args.warmup is None:
        args.warmup = 0.5 if args.quick else 1.0
    if args.fanout_messages is None:
        args.fanout_messages = 20 if args.quick else FANOUT_MESSAGES
    if not 0 < args.duration <= 600 or not 0 <= args.warmup <= 60:
        parser.error("--duration must be in (0, 600] and --warmup in [0, 60]")
    if not 1 <= args.fanout_messages <= 10_000:
        parser.error("--fanout-messages must be 1-10000")
    if not 2 <= args.members <= 1000:
        parser.error("--members must be 2-1000 (souq's default group size limit)")
    if args.redis_url and not args.database_url:
        parser.error("--redis-url needs --database-url (processes share PostgreSQL)")
    if not 1 <= args.workers <= 8 or (args.workers > 1 and not args.redis_url):
        parser.error("--workers must be 1-8, and more than 1 needs --redis-url")
    report = run(args)
    print_report(report)
    save_results(report, "latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
