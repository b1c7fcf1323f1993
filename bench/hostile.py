"""Hostile-input benchmark: what an attacker's documents and frames cost a live souq.

Run from the repository root::

    uv run python bench/hostile.py [--rounds N] [--quick]

It serves souq (``python -m souq serve``, ``SOUQ_ENV=prod``, a fresh SQLite file), seeds a
group with 3,000 messages, then sends each hostile input below ``--rounds`` times, every
document made unique with a ``#comment`` so no cache helps. Meanwhile a second process
polls ``/healthz`` and a normal signed-in query every 20 ms. For each input it prints the
server time (the slowest response or close, as seen on loopback), how it was answered,
and the worst ``/healthz`` latency while it ran; then the ``/healthz`` p99 over the whole
run and the server's resident memory before and after.

Targets: every hostile input refused in under 50 ms; ``/healthz`` p99 under 100 ms
throughout; RSS after the run within 20% of before. Writes ``bench/results/hostile.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import websockets
from messaging import (
    HOST,
    PASSWORD,
    PROTOCOL,
    BenchError,
    child_env,
    create_accounts,
    free_port,
    migrate,
    percentile,
    save_results,
    server,
)

GROUP_MESSAGES = 3_000
READERS = 10
SOCKETS_PER_READER = 10
LOGIN_RACE = 40
POLL_INTERVAL = 0.02
ACCEPT_GRACE = 1.0
TIMEOUT = 60.0

TARGET_REFUSED_MS = 50.0
TARGET_HEALTHZ_P99_MS = 100.0
TARGET_RSS_GROWTH = 0.20

EVENTS = "subscription($after: [SeenInput!]) { events(after: $after) { __typename } }"


@dataclass
class Outcome:
    """How one hostile input was answered."""

    server_ms: float
    answer: str


@dataclass
class Row:
    """One hostile input's figures over every round."""

    name: str
    refusal_expected: bool
    server_ms: list[float] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    worst_healthz_ms: float = 0.0
    rss_after_kb: int = 0
    window: list[tuple[float, float]] = field(default_factory=list)


# -- the poller (a separate process) ----------------------------------------------------


def _poll(port: int, token: str, polling: Any, stop: Any, results: Any) -> None:
    """Probe ``/healthz`` and a signed-in query every ``POLL_INTERVAL`` until ``stop``
    (``polling`` is set once the first probes are on their way).

    Open loop: a probe starts on schedule whether or not earlier ones have answered, and
    its latency counts from its scheduled start, so a stalled server yields one slow
    sample per interval of the stall, not a single one. Each probe is one plain HTTP/1.1
    request on a new connection, written by hand so that the poller costs little CPU.
    """
    body = json.dumps({"query": "{ me { username } }"}).encode()
    requests = {
        "healthz": b"GET /healthz HTTP/1.1\r\nHost: souq\r\nConnection: close\r\n\r\n",
        "query": (
            b"POST /graphql HTTP/1.1\r\nHost: souq\r\nConnection: close\r\n"
            b"Content-Type: application/json\r\nAuthorization: Bearer "
            + token.encode()
            + b"\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        ),
    }

    async def probe(kind: str, due: float) -> tuple[str, float, float]:
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(requests[kind])
            answer = await reader.read()
            writer.close()
            ok = answer.startswith(b"HTTP/1.1 200")
        except OSError:
            ok = False
        return kind, due, (time.monotonic() - due) * 1000 if ok else float("inf")

    async def run() -> list[tuple[str, float, float]]:
        probes: list[asyncio.Task[tuple[str, float, float]]] = []
        due = time.monotonic()
        polling.set()
        while not stop.is_set():
            probes += [asyncio.create_task(probe(kind, due)) for kind in requests]
            due += POLL_INTERVAL
            await asyncio.sleep(max(0.0, due - time.monotonic()))
        return list(await asyncio.gather(*probes))

    results.put(asyncio.run(run()))


# -- hostile inputs ------------------------------------------------------------------------


def unique() -> str:
    """A comment that makes a document new to every cache."""
    return f"#{uuid.uuid4().hex}\n"


def fragment_bomb(levels: int = 20) -> str:
    """Fragments that each spread the previous one twice: 2^levels selections."""
    parts = ["fragment F0 on Query { limits { maxTokens } }"]
    parts += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    return unique() + " ".join(parts) + f" query {{ ...F{levels} }}"


def repeated_fields(times: int = 490) -> str:
    """One field selected ``times`` times side by side (quadratic overlap checking)."""
    return unique() + "{ " + " ".join(["me{id}"] * times) + " }"


def describe(response: httpx.Response) -> str:
    """The status and the first error code of a GraphQL response."""
    try:
        errors = response.json().get("errors") or []
    except ValueError:
        return f"{response.status_code} (not JSON)"
    code = errors[0].get("extensions", {}).get("code") if errors else "data"
    return f"{response.status_code} {code}"


async def http_post(base: str, body: bytes, token: str | None = None) -> Outcome:
    """POST a raw body to ``/graphql``; time to the full response."""
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as client:
        started = time.monotonic()
        response = await client.post("/graphql", content=body, headers=headers)
        return Outcome((time.monotonic() - started) * 1000, describe(response))


def document(query: str, variables: dict[str, Any] | None = None) -> bytes:
    """A GraphQL request body."""
    return json.dumps({"query": query, "variables": variables}).encode()


async def socket_outcome(ws: websockets.ClientConnection, started: float) -> Outcome:
    """The first answer to what was just sent on ``ws``, or its close.

    A ping follows what was sent. The server answers pings at once, even while it is
    still working on the operation, so after the pong it is given ``ACCEPT_GRACE``
    more for an error; with none, the operation was taken (``accepted``) and goes on
    waiting for live events, and its time is the pong's.
    """
    accepted_at: float | None = None
    try:
        await ws.send(json.dumps({"type": "ping"}))
        while True:
            wait = TIMEOUT if accepted_at is None else ACCEPT_GRACE
            try:
                message = json.loads(await asyncio.wait_for(ws.recv(), wait))
            except TimeoutError:
                if accepted_at is None:
                    return Outcome(TIMEOUT * 1000, "no answer")
                return Outcome((accepted_at - started) * 1000, "accepted")
            if message.get("type") == "pong":
                accepted_at = time.monotonic()
            if message.get("type") in ("error", "next", "complete"):
                kind = message["type"]
                payload = message.get("payload")
                if kind == "error" and isinstance(payload, list) and payload:
                    kind += " " + str(payload[0].get("extensions", {}).get("code"))
                elif kind == "next" and isinstance(payload, dict) and payload.get("errors"):
                    kind += " " + str(payload["errors"][0].get("extensions", {}).get("code"))
                return Outcome((time.monotonic() - started) * 1000, kind)
    except websockets.ConnectionClosed as closed:
        code = closed.rcvd.code if closed.rcvd else "none"
        return Outcome((time.monotonic() - started) * 1000, f"closed {code}")


async def ws_session(url: str, token: str) -> websockets.ClientConnection:
    """A signed-in graphql-transport-ws connection (the caller closes it)."""
    ws = await websockets.connect(
        url, subprotocols=[PROTOCOL], max_size=None, ping_interval=None, open_timeout=TIMEOUT
    )  # type: ignore[list-item]
    await ws.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
    ack = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
    if ack.get("type") != "connection_ack":
        await ws.close()
        raise BenchError(f"socket refused: {ack}")
    return ws


async def ws_subscribe(url: str, token: str, variables: dict[str, Any]) -> Outcome:
    """Subscribe to ``events`` with ``variables`` on a new socket; time to the server's
    first answer or its close."""
    ws = await ws_session(url, token)
    try:
        payload = {"query": EVENTS, "variables": variables}
        frame = json.dumps({"id": "1", "type": "subscribe", "payload": payload})
        started = time.monotonic()
        try:
            await ws.send(frame)
        except websockets.ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else "none"
            return Outcome((time.monotonic() - started) * 1000, f"closed {code}")
        return await socket_outcome(ws, started)
    finally:
        await ws.close()


async def ws_big_frame(url: str, token: str, size: int) -> Outcome:
    """Send one message of about ``size`` bytes; time to the server's answer or close."""
    return await ws_subscribe(url, token, {"padding": "x" * size})


async def replay_storm(url: str, tokens: list[str], group: str) -> Outcome:
    """``SOCKETS_PER_READER`` sockets per reader, each replaying the whole group at once."""

    async def one(token: str) -> tuple[int, str]:
        try:
            ws = await ws_session(url, token)
        except (BenchError, websockets.ConnectionClosed, websockets.InvalidStatus) as error:
            return 0, f"refused ({type(error).__name__})"
        received = 0
        try:
            subscribe = {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": EVENTS, "variables": {"after": []}},
            }
            await ws.send(json.dumps(subscribe))
            while received < GROUP_MESSAGES:
                message = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
                if message.get("type") != "next":
                    return received, message.get("type", "?")
                received += 1
            return received, "replayed"
        except websockets.ConnectionClosed as closed:
            return received, f"closed {closed.rcvd.code if closed.rcvd else 'none'}"
        finally:
            await ws.close()

    started = time.monotonic()
    done = await asyncio.gather(*(one(t) for t in tokens for _ in range(SOCKETS_PER_READER)))
    answers: dict[str, int] = {}
    for _, answer in done:
        answers[answer] = answers.get(answer, 0) + 1
    summary = ", ".join(f"{n}x {a}" for a, n in sorted(answers.items()))
    total = sum(r for r, _ in done)
    return Outcome((time.monotonic() - started) * 1000, f"{summary}; {total} events")


async def login_race(base: str, username: str) -> Outcome:
    """``LOGIN_RACE`` parallel logins for one name, one of them with the right password."""
    login = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }"
    passwords = [f"wrong guess {i}" for i in range(LOGIN_RACE - 1)] + [PASSWORD]
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as client:
        started = time.monotonic()
        responses = await asyncio.gather(
            *(
                client.post("/graphql", json={"query": login, "variables": {"u": username, "p": p}})
                for p in passwords
            )
        )
    answers: dict[str, int] = {}
    for response in responses:
        answer = describe(response).split(" ", 1)[1]
        answers[answer] = answers.get(answer, 0) + 1
    summary = ", ".join(f"{n}x {a}" for a, n in sorted(answers.items()))
    return Outcome((time.monotonic() - started) * 1000, summary)


@dataclass
class Target:
    """What the attacks need: addresses, tokens and the seeded group."""

    base: str
    ws: str
    token: str
    readers: list[str]
    group: str
    victim: str


def attacks(t: Target) -> list[tuple[str, bool, Callable[[], Awaitable[Outcome]]]]:
    """Every hostile input: (name, whether it must be refused, how to send it)."""
    nested = b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * 30_000 + b"]" * 30_000
    nested += b"}}"
    many_after = [{"conversationId": t.group, "seq": GROUP_MESSAGES}] * 2_000
    return [
        (
            "fragment bomb (F20, anonymous)",
            True,
            lambda: http_post(t.base, document(fragment_bomb())),
        ),
        ("490 x me{id} (anonymous)", True, lambda: http_post(t.base, document(repeated_fields()))),
        ("variables nested 30,000 deep", True, lambda: http_post(t.base, nested)),
        (
            "lone surrogate in a message body",
            True,
            lambda: http_post(
                t.base,
                b'{"query": "mutation($b: String!) { sendMessage(conversationId: \\"'
                + t.group.encode()
                + b'\\", body: $b, clientMessageId: \\"s1\\") { id } }",'
                b' "variables": {"b": "\\ud800"}}',
                t.token,
            ),
        ),
        (
            "cursor seq beyond 2^63",
            True,
            lambda: http_post(
                t.base,
                document(
                    unique()
                    + '{ conversation(id: "'
                    + t.group
                    + '") { messages(first: 5, after: "seq:99999999999999999999999") { nodes { seq } } } }'
                ),
                t.token,
            ),
        ),
        ("WebSocket frame of 16 MiB", True, lambda: ws_big_frame(t.ws, t.token, 16 * 1024 * 1024)),
        ("WebSocket frame of 1 MiB", True, lambda: ws_big_frame(t.ws, t.token, 1024 * 1024)),
        (
            "events(after:) with 200,000 items",
            True,
            lambda: ws_subscribe(
                t.ws,
                t.token,
                {"after": [{"conversationId": t.group, "seq": GROUP_MESSAGES}] * 200_000},
            ),
        ),
        (
            "events(after:) with 2,000 items (fits the frame limit)",
            True,
            lambda: ws_subscribe(t.ws, t.token, {"after": many_after}),
        ),
        (
            f"{len(t.readers) * SOCKETS_PER_READER} replaying subscriptions "
            f"({GROUP_MESSAGES} messages)",
            False,
            lambda: replay_storm(t.ws, t.readers, t.group),
        ),
        (f"{LOGIN_RACE} parallel logins for one name", False, lambda: login_race(t.base, t.victim)),
    ]


# -- seeding and the run -------------------------------------------------------------------


async def seed_group(data_dir: Path, members: list[str]) -> str:
    """A group of ``members`` with ``GROUP_MESSAGES`` messages, made through souq's services."""
    from souq.runtime import build_services
    from souq.settings import load_settings

    services = build_services(load_settings(data_dir=data_dir, env="prod"))
    try:
        owner = await services.accounts.by_username(members[0])
        group = await services.conversations.create_group(owner, "replay", members[1:])
        for start in range(0, GROUP_MESSAGES, 100):
            await asyncio.gather(
                *(
                    services.messages.send(owner, group.id, f"message {i}", f"seed-{i}")
                    for i in range(start, min(start + 100, GROUP_MESSAGES))
                )
            )
        return str(group.id)
    finally:
        await services.close()


def rss_kb(pid: int) -> int:
    """The resident memory of process ``pid`` in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise BenchError(f"no VmRSS for process {pid}")


async def warm_up(target: Target) -> None:
    """Touch every path once, so the memory baseline includes imports and pools."""
    await http_post(target.base, document("{ limits { maxTokens } }"))
    await http_post(target.base, document("{ me { id } }"), target.token)
    await ws_subscribe(
        target.ws,
        target.token,
        {"after": [{"conversationId": target.group, "seq": GROUP_MESSAGES - 1}]},
    )


async def attack(target: Target, rounds: int, pid: int, only: str) -> list[Row]:
    """Send every hostile input ``rounds`` times, one at a time; note the server's
    memory (process ``pid``) after each."""
    rows: list[Row] = []
    for name, refused, send in attacks(target):
        if only.lower() not in name.lower():
            continue
        row = Row(name, refused)
        for _ in range(rounds):
            started = time.monotonic()
            try:
                outcome = await asyncio.wait_for(send(), TIMEOUT * 2)
            except (TimeoutError, httpx.TransportError, OSError, BenchError) as error:
                outcome = Outcome((time.monotonic() - started) * 1000, f"failed: {error!r}"[:80])
            row.window.append((started, time.monotonic()))
            row.server_ms.append(outcome.server_ms)
            row.answers.append(outcome.answer)
        row.rss_after_kb = rss_kb(pid)
        rows.append(row)
        print(
            f"  {name}: {max(row.server_ms):.0f} ms, {row.answers[-1]}, "
            f"RSS {row.rss_after_kb / 1024:.0f} MiB",
            flush=True,
        )
    return rows


def run(rounds: int, only: str = "") -> dict[str, Any]:
    """Serve souq, attack it while polling, and return the report (``only``: the inputs
    whose name contains it)."""
    readers = [f"reader{i:02d}" for i in range(READERS)]
    with tempfile.TemporaryDirectory(prefix="souq-hostile-") as tmp:
        data_dir = Path(tmp) / "souq"
        print("migrating a fresh SQLite file and seeding", flush=True)
        migrate(data_dir, Path(tmp) / "migrate.log")
        tokens = asyncio.run(create_accounts(data_dir, ["mallory", "victim", *readers]))
        group = asyncio.run(seed_group(data_dir, [*readers, "mallory"]))
        port = free_port()
        base = f"http://{HOST}:{port}"
        command = [sys.executable, "-m", "souq", "serve", "--host", HOST, "--port", str(port)]
        with server(command, child_env(data_dir), f"{base}/readyz", Path(tmp) / "souq.log") as proc:
            target = Target(
                base=base,
                ws=f"ws://{HOST}:{port}/graphql",
                token=tokens["mallory"],
                readers=[tokens[r] for r in readers],
                group=group,
                victim="victim",
            )
            asyncio.run(warm_up(target))
            rss_before = rss_kb(proc.pid)
            spawn = multiprocessing.get_context("spawn")
            polling, stop, results = spawn.Event(), spawn.Event(), spawn.Queue()
            poller = spawn.Process(
                target=_poll, args=(port, tokens["reader00"], polling, stop, results)
            )
            poller.start()
            if not polling.wait(TIMEOUT):
                raise BenchError("the poller did not start")
            try:
                rows = asyncio.run(attack(target, rounds, proc.pid, only))
            finally:
                stop.set()
                samples = results.get(timeout=TIMEOUT)
                poller.join(timeout=TIMEOUT)
            rss_after = rss_kb(proc.pid)
    return report(rows, samples, rss_before, rss_after, rounds)


def report(
    rows: list[Row],
    samples: list[tuple[str, float, float]],
    rss_before: int,
    rss_after: int,
    rounds: int,
) -> dict[str, Any]:
    """Figures per input, the poller's percentiles, memory, and the targets."""
    healthz = [(at, ms) for kind, at, ms in samples if kind == "healthz"]
    query = [ms for kind, _, ms in samples if kind == "query"]
    for row in rows:
        during = [ms for at, ms in healthz if any(a <= at <= b for a, b in row.window)]
        row.worst_healthz_ms = max(during, default=0.0)
    healthz_ms = [ms for _, ms in healthz]
    growth = (rss_after - rss_before) / rss_before
    refused = [r for r in rows if r.refusal_expected]
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "rounds": rounds,
        "inputs": [
            {k: v for k, v in asdict(r).items() if k != "window"} | {"max_ms": max(r.server_ms)}
            for r in rows
        ],
        "healthz": {
            "samples": len(healthz_ms),
            "p50_ms": percentile(healthz_ms, 50),
            "p99_ms": percentile(healthz_ms, 99),
            "max_ms": max(healthz_ms, default=0.0),
        },
        "query": {"p50_ms": percentile(query, 50), "p99_ms": percentile(query, 99)},
        "rss_kb": {"before": rss_before, "after": rss_after, "growth": round(growth, 3)},
        "targets": {
            "refused_under_50ms": all(max(r.server_ms) < TARGET_REFUSED_MS for r in refused),
            "healthz_p99_under_100ms": percentile(healthz_ms, 99) < TARGET_HEALTHZ_P99_MS,
            "rss_within_20pct": growth <= TARGET_RSS_GROWTH,
        },
    }


def print_report(result: dict[str, Any]) -> None:
    """The figures as a table, with the targets."""
    print()
    print(f"{'hostile input':<58}{'max ms':>9}{'healthz ms':>12}{'RSS MiB':>9}  answer")
    for row in result["inputs"]:
        mark = "" if row["refusal_expected"] else " (load)"
        print(
            f"{row['name'] + mark:<58}{row['max_ms']:>9.1f}"
            f"{row['worst_healthz_ms']:>12.1f}{row['rss_after_kb'] / 1024:>9.0f}  "
            f"{' | '.join(dict.fromkeys(row['answers']))}"
        )
    h, q, rss = result["healthz"], result["query"], result["rss_kb"]
    print(
        f"\n/healthz over the run ({h['samples']} samples): p50 {h['p50_ms']:.1f} ms, "
        f"p99 {h['p99_ms']:.1f} ms, max {h['max_ms']:.1f} ms"
    )
    print(f"signed-in query over the run: p50 {q['p50_ms']:.1f} ms, p99 {q['p99_ms']:.1f} ms")
    print(
        f"server RSS: {rss['before'] / 1024:.0f} MiB before, {rss['after'] / 1024:.0f} MiB "
        f"after ({rss['growth']:+.0%})"
    )
    labels = {
        "refused_under_50ms": f"every hostile input refused in < {TARGET_REFUSED_MS:.0f} ms",
        "healthz_p99_under_100ms": f"/healthz p99 < {TARGET_HEALTHZ_P99_MS:.0f} ms",
        "rss_within_20pct": f"RSS after within {TARGET_RSS_GROWTH:.0%} of before",
    }
    for key, label in labels.items():
        print(f"  [{'MET' if result['targets'][key] else 'MISSED':>6}] {label}")


def main() -> int:
    """Parse the options, run the benchmark, print and save the results."""
    parser = argparse.ArgumentParser(description="souq hostile-input benchmark")
    parser.add_argument("--rounds", type=int, default=3, help="times each input is sent")
    parser.add_argument("--quick", action="store_true", help="one round")
    parser.add_argument("--only", default="", help="only the inputs whose name contains this")
    args = parser.parse_args()
    rounds = 1 if args.quick else args.rounds
    if not 1 <= rounds <= 100:
        parser.error("--rounds must be 1-100")
    result = run(rounds, args.only)
    print_report(result)
    save_results(result, "hostile.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
