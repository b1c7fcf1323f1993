"""Command benchmark: a trivial app's command round trip against a plain ``sendMessage``.

Run from the repository root::

    uv run python bench/commands.py [--duration SECONDS] [--rounds N] [--quick]

What it does (see bench/README.md):

1. Installs the throwaway app ``bench/command_app.py`` (slug ``bench``) the way real apps
   are found, through the ``souq`` entry-point group, without touching the project's
   environment: a temporary folder holds a copy of the module and a minimal
   ``souq_bench_app-0.1.0.dist-info`` (``METADATA``, ``entry_points.txt``), and the server
   starts with that folder on ``PYTHONPATH``. The app must then be listed by ``{ apps }``.
2. Starts ``python -m souq serve`` (separate process, ``SOUQ_ENV=prod``) on a fresh SQLite
   file; accounts and tokens are created through souq's services before it starts
   (bench/messaging.py's helpers), direct conversations through the GraphQL API.
3. Latency, at concurrency 1 and 8: each client alternates a plain ``sendMessage`` and a
   ``sendMessage`` of ``/bench ping`` (which returns once the app's reply is committed), in
   alternating order; p50/p99 of each and the overhead of a command at the median.
4. Isolation: plain-message throughput at concurrency 8 alone; while 8 other clients keep
   invoking ``/bench slow`` (its handler sleeps 1 s; one command per client every 1.2 s);
   while the same 8 clients invoke ``/bench ping`` at the same pace (the control: the same
   commands' work, without the wait). ``--rounds`` rounds of these three, in rotated order,
   then alone once more.
5. After the server stops, counts the app's calls and replies in the database: every
   command answered must have its reply stored.

Prints a table with the targets and writes ``bench/results/commands.json``.
Every child process runs in its own process group and is killed on the way out; every
loop is bounded in count and time; all traffic goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
from installed_app import BenchApp, app_env, approve_app, install_app
from messaging import (
    HOST,
    OPEN_DIRECT,
    REQUEST_TIMEOUT,
    BenchError,
    create_accounts,
    free_port,
    gql,
    machine,
    migrate,
    percentile,
    save_results,
    server,
)
from verdicts import Verdict, print_verdicts

BENCH = Path(__file__).resolve().parent
APP_MODULE = BENCH / "command_app.py"
APP_SLUG = "bench"
APP = BenchApp(
    slug=APP_SLUG,
    module=APP_MODULE.stem,
    source=APP_MODULE.read_text(),
    summary="the throwaway app of bench/commands.py",
)
SLOW_SECONDS = 1.0  # keep equal to command_app.SLOW_SECONDS (checked at start)

LATENCY_CONCURRENCIES = (1, 8)
THROUGHPUT_CONCURRENCY = 8
SLOW_CLIENTS = 8
SIDE_PERIOD = 1.2  # seconds between the starts of one side client's commands
MAX_REQUESTS_PER_WORKER = 1_000_000

TARGET_OVERHEAD_MS = 1.0
TARGET_SLOW_RATIO = 0.9  # "not lowered": within the run-to-run noise of a 2-core machine

PING = f"/{APP_SLUG} ping"
SLOW = f"/{APP_SLUG} slow"
SEND = (
    "mutation($c: ID!, $b: String!, $k: String!) "
    "{ sendMessage(conversationId: $c, body: $b, clientMessageId: $k) { id seq private } }"
)
APPS = "{ apps { slug name version commands { name } } }"
LAST_MESSAGES = (
    "query($c: ID!) { conversation(id: $c) { messages(last: 4) "
    "{ nodes { seq body private app { slug } invoker { username } } } } }"
)


# -- load generator (a separate process) ----------------------------------------------


@dataclass(frozen=True)
class Client:
    """One closed-loop client: its token and its own direct conversation."""

    conversation: str
    token: str


@dataclass(frozen=True)
class LoadSpec:
    """What one load-generator process runs.

    ``mode`` is ``latency`` (each client alternates a plain message and ``/bench ping``)
    or ``throughput`` (plain messages only, with ``side`` clients invoking
    ``side_command`` alongside, if any).
    """

    mode: str
    url: str
    clients: list[Client]
    warmup: float
    duration: float
    run_id: str
    side: list[Client] = field(default_factory=list)
    side_command: str = ""


@dataclass
class Series:
    """Latencies (seconds) and failures of one kind of request."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    not_dispatched: int = 0  # a command came back as a plain (public) message
    sent_ok: int = 0  # successful requests including the warm-up (for the reply count)

    def figures(self, seconds: float) -> dict[str, Any]:
        """Count, rate and percentiles in milliseconds."""
        n = len(self.latencies)
        return {
            "requests": n,
            "errors": self.errors,
            "not_dispatched": self.not_dispatched,
            "per_s": round(n / seconds, 1) if seconds else 0.0,
            "p50_ms": round(percentile(self.latencies, 50) * 1000, 2),
            "p99_ms": round(percentile(self.latencies, 99) * 1000, 2),
            "sent_ok_with_warmup": self.sent_ok,
        }


async def _send(
    client: httpx.AsyncClient, url: str, who: Client, body: str, key: str, series: Series
) -> float | None:
    """One ``sendMessage``; its latency in seconds, or ``None`` (counted) if it failed."""
    command = body.startswith("/")
    payload = {"query": SEND, "variables": {"c": who.conversation, "b": body, "k": key}}
    headers = {"authorization": f"Bearer {who.token}"}
    sent = time.perf_counter()
    try:
        response = await client.post(url, json=payload, headers=headers)
        elapsed = time.perf_counter() - sent
        data = response.json() if response.status_code == 200 else {}
        message = (data.get("data") or {}).get("sendMessage")
    except (httpx.HTTPError, ValueError):
        message, elapsed = None, 0.0
    if message is None:
        series.errors += 1
        return None
    if message["private"] != command:  # a command line is private to its sender
        series.not_dispatched += 1
    series.sent_ok += 1
    return elapsed


async def _latency(
    spec: LoadSpec, client: httpx.AsyncClient, seconds: float, tag: str, plain: Series, ping: Series
) -> tuple[list[float], float]:
    """Every client alternates a plain message and ``/bench ping`` for ``seconds``;
    returns the per-pair differences (ping minus plain) and the elapsed time."""
    start = time.perf_counter()
    deadline = start + seconds
    pairs: list[float] = []
    record = tag == "run"

    async def loop(index: int, who: Client) -> None:
        for n in range(MAX_REQUESTS_PER_WORKER):
            if time.perf_counter() >= deadline:
                return
            key = f"{spec.run_id}-{tag}-{index}-{n}"
            got: dict[str, float | None] = {}
            order = ("plain", "ping") if n % 2 == 0 else ("ping", "plain")
            for kind in order:
                if kind == "plain":
                    body, series = f"plain message {n} from client {index}", plain
                else:
                    body, series = PING, ping
                scratch = series if record else Series()
                got[kind] = await _send(client, spec.url, who, body, f"{key}-{kind}", scratch)
                if not record:
                    series.sent_ok += scratch.sent_ok
                    series.errors += scratch.errors
            if record:
                for kind, series in (("plain", plain), ("ping", ping)):
                    if got[kind] is not None:
                        series.latencies.append(got[kind])  # type: ignore[arg-type]
                if got["plain"] is not None and got["ping"] is not None:
                    pairs.append(got["ping"] - got["plain"])

    await asyncio.gather(*(loop(i, c) for i, c in enumerate(spec.clients)))
    return pairs, time.perf_counter() - start


async def _throughput(
    spec: LoadSpec, client: httpx.AsyncClient, seconds: float, tag: str, plain: Series
) -> float:
    """Every client sends plain messages for ``seconds``; returns the elapsed time."""
    start = time.perf_counter()
    deadline = start + seconds
    record = tag == "run"

    async def loop(index: int, who: Client) -> None:
        for n in range(MAX_REQUESTS_PER_WORKER):
            if time.perf_counter() >= deadline:
                return
            body = f"plain message {n} from client {index}"
            scratch = plain if record else Series()
            elapsed = await _send(
                client, spec.url, who, body, f"{spec.run_id}-{tag}-{index}-{n}", scratch
            )
            if record and elapsed is not None:
                plain.latencies.append(elapsed)
            if not record:
                plain.sent_ok += scratch.sent_ok
                plain.errors += scratch.errors

    await asyncio.gather(*(loop(i, c) for i, c in enumerate(spec.clients)))
    return time.perf_counter() - start


async def _side_clients(
    spec: LoadSpec, client: httpx.AsyncClient, until: float, side: Series
) -> None:
    """Every side client invokes ``spec.side_command`` once every ``SIDE_PERIOD`` seconds
    (or as soon as the previous one is answered, if later) until ``until``. Pacing by
    period makes the slow and the instant command put the same load on the server: they
    differ only in how long the app keeps each one waiting."""

    async def loop(index: int, who: Client) -> None:
        for n in range(MAX_REQUESTS_PER_WORKER):
            if time.perf_counter() >= until:
                return
            began = time.perf_counter()
            key = f"{spec.run_id}-side-{index}-{n}"
            elapsed = await _send(client, spec.url, who, spec.side_command, key, side)
            if elapsed is not None:
                side.latencies.append(elapsed)
            rest = SIDE_PERIOD - (time.perf_counter() - began)
            if rest > 0:
                await asyncio.sleep(min(rest, max(0.0, until - time.perf_counter())))

    await asyncio.gather(*(loop(i, c) for i, c in enumerate(spec.side)))


async def _load(spec: LoadSpec) -> dict[str, Any]:
    # The same pool in every phase (room for the side clients, whether they run or not):
    # only the side traffic differs between "alone" and "with side clients".
    connections = len(spec.clients) + SLOW_CLIENTS
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    plain, ping, side = Series(), Series(), Series()
    result: dict[str, Any] = {"mode": spec.mode, "concurrency": len(spec.clients)}
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT, limits=limits) as client:
        if spec.mode == "latency":
            await _latency(spec, client, spec.warmup, "warmup", plain, ping)
            pairs, seconds = await _latency(spec, client, spec.duration, "run", plain, ping)
            result.update(
                seconds=round(seconds, 3),
                plain=plain.figures(seconds),
                ping=ping.figures(seconds),
                overhead_p50_ms=round(
                    (percentile(ping.latencies, 50) - percentile(plain.latencies, 50)) * 1000, 2
                ),
                paired_overhead_p50_ms=round(percentile(pairs, 50) * 1000, 2),
            )
            return result
        side_task = None
        if spec.side:
            until = time.perf_counter() + spec.warmup + spec.duration
            side_task = asyncio.create_task(_side_clients(spec, client, until, side))
        try:
            await _throughput(spec, client, spec.warmup, "warmup", plain)
            seconds = await _throughput(spec, client, spec.duration, "run", plain)
        finally:
            if side_task is not None:
                # the last side commands end within about SLOW_SECONDS
                await asyncio.wait_for(side_task, SLOW_SECONDS + REQUEST_TIMEOUT)
        result.update(seconds=round(seconds, 3), plain=plain.figures(seconds))
        result["side_command"] = spec.side_command if spec.side else None
        if spec.side:
            result["side_clients"] = len(spec.side)
            # commands started per second of the window they were started in
            result["side"] = side.figures(spec.warmup + spec.duration)
        return result


def _load_process(spec: LoadSpec, results: Any) -> None:
    try:
        results.put(("ok", asyncio.run(_load(spec))))
    except BaseException as error:
        results.put(("error", f"{type(error).__name__}: {error}"))


def run_load(spec: LoadSpec) -> dict[str, Any]:
    """Run ``spec`` in a fresh load-generator process and return its figures."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_load_process, args=(spec, results), daemon=True)
    process.start()
    try:
        status, value = results.get(timeout=spec.warmup + spec.duration + SLOW_SECONDS + 120)
    finally:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
    if status != "ok":
        raise BenchError(f"load generator failed: {value}")
    return dict(value)


# -- seeding and checks -----------------------------------------------------------------


def usernames() -> tuple[list[str], list[str], list[str], list[str]]:
    """(clients, their peers, slow clients, their peers)."""
    n = max(*LATENCY_CONCURRENCIES, THROUGHPUT_CONCURRENCY)
    return (
        [f"client{i}" for i in range(n)],
        [f"peer{i}" for i in range(n)],
        [f"slow{i}" for i in range(SLOW_CLIENTS)],
        [f"slowpeer{i}" for i in range(SLOW_CLIENTS)],
    )


async def seed(base: str, tokens: dict[str, str]) -> tuple[list[Client], list[Client]]:
    """Open one direct conversation per client (and per slow client) over GraphQL."""
    clients, peers, slow, slow_peers = usernames()
    found: tuple[list[Client], list[Client]] = ([], [])
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT) as http:
        for into, who, peer in ((found[0], clients, peers), (found[1], slow, slow_peers)):
            for name, other in zip(who, peer, strict=True):
                data = await gql(http, OPEN_DIRECT, {"u": other}, tokens[name])
                into.append(Client(str(data["openDirectConversation"]["id"]), tokens[name]))
    return found


async def probe(base: str, who: Client, run_id: str) -> dict[str, Any]:
    """Is the app listed, and does a command run it? One ``/bench ping``, then the
    conversation's last messages."""
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT) as http:
        apps = (await gql(http, APPS, {}, who.token))["apps"]
        bench = next((a for a in apps if a["slug"] == APP_SLUG), None)
        if bench is None:
            raise BenchError(
                f"the server does not list the app {APP_SLUG!r} (entry-point discovery "
                f"failed?); it lists {[a['slug'] for a in apps]}"
            )
        variables = {"c": who.conversation, "b": PING, "k": f"{run_id}-probe"}
        sent = (await gql(http, SEND, variables, who.token))["sendMessage"]
        last = await gql(http, LAST_MESSAGES, {"c": who.conversation}, who.token)
    nodes = last["conversation"]["messages"]["nodes"]
    replies = [
        m for m in nodes if (m.get("app") or {}).get("slug") == APP_SLUG and m["seq"] > sent["seq"]
    ]
    dispatched = bool(sent["private"]) and any(m["body"] == "pong" for m in replies)
    return {
        "apps": [a["slug"] for a in apps],
        "bench_commands": [c["name"] for c in bench["commands"]],
        "command_message": sent,
        "last_messages": nodes,
        "dispatched": dispatched,
    }


def count_calls(db: Path) -> dict[str, Any]:
    """What the app was asked and what it answered, from the database (server stopped)."""
    with sqlite3.connect(db) as connection:
        calls = connection.execute(
            "SELECT name, outcome, COUNT(*), AVG(latency_ms) FROM app_calls "
            "WHERE app_slug = ? GROUP BY name, outcome ORDER BY name, outcome",
            (APP_SLUG,),
        ).fetchall()
        replies = connection.execute(
            "SELECT body, COUNT(*) FROM messages WHERE app_slug = ? GROUP BY body ORDER BY body",
            (APP_SLUG,),
        ).fetchall()
        host = connection.execute(
            "SELECT COUNT(*) FROM messages WHERE app_slug = 'souq'"
        ).fetchone()
    return {
        "calls": [
            {"name": n, "outcome": o, "count": c, "mean_latency_ms": round(ms or 0.0, 3)}
            for n, o, c, ms in calls
        ],
        "replies": {body: count for body, count in replies},
        "host_notes": host[0] if host else 0,
    }


# -- the run ----------------------------------------------------------------------------


def check_app_module() -> None:
    """The app's sleep must match ``SLOW_SECONDS`` and stay within the app timeout."""
    text = APP_MODULE.read_text()
    if f"SLOW_SECONDS = {SLOW_SECONDS}" not in text:
        raise BenchError(f"{APP_MODULE.name}: SLOW_SECONDS differs from commands.py's")


def throughput_order(rounds: int) -> list[str]:
    """The throughput phases by side command (``""``: alone): each round runs alone, with
    ``/bench slow`` and with ``/bench ping``, in an order rotated by one per round, and a
    last phase alone, so that drift in the machine's load does not favour one of them."""
    kinds = ["", SLOW, PING]
    order = []
    for r in range(rounds):
        order.extend(kinds[r % 3 :] + kinds[: r % 3])
    return [*order, ""]


def plain_rate(rows: list[dict[str, Any]], side: str) -> float:
    """Plain messages/s over every throughput phase with side command ``side``."""
    picked = [r for r in rows if r["side_command"] == (side or None)]
    seconds = sum(r["seconds"] for r in picked)
    return round(sum(r["plain"]["requests"] for r in picked) / seconds, 1) if seconds else 0.0


def show(label: str, row: dict[str, Any], key: str) -> None:
    """One progress line."""
    figures = row[key]
    print(
        f"  {label:<34} {figures['per_s']:8.1f}/s  p50 {figures['p50_ms']:7.2f} ms  "
        f"p99 {figures['p99_ms']:7.2f} ms  errors {figures['errors']}",
        flush=True,
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run every phase and return the report."""
    check_app_module()
    run_id = f"c{int(time.time())}"
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="souq-bench-commands-") as tmp:
        work = Path(tmp)
        data_dir = work / "souq"
        site = install_app(APP, work / "site")
        print("souq: migrating a fresh SQLite file and creating accounts", flush=True)
        migrate(data_dir, work / "migrate.log")
        tokens = asyncio.run(create_accounts(data_dir, [n for g in usernames() for n in g]))
        approve_app(APP, app_env(data_dir, site), work, "benchdev")
        port = free_port()
        base = f"http://{HOST}:{port}"
        url = f"{base}/graphql"
        print(f"souq: starting `python -m souq serve` with {site.name}/ on PYTHONPATH", flush=True)

        def spec(mode: str, clients: Sequence[Client], tag: str, **extra: Any) -> LoadSpec:
            return LoadSpec(
                mode=mode,
                url=url,
                clients=list(clients),
                warmup=args.warmup,
                duration=args.duration,
                run_id=f"{run_id}-{tag}",
                **extra,
            )

        with server(
            [sys.executable, "-m", "souq", "serve", "--host", HOST, "--port", str(port)],
            app_env(data_dir, site),
            f"{base}/readyz",
            work / "souq.log",
        ):
            clients, slow = asyncio.run(seed(base, tokens))
            found = asyncio.run(probe(base, clients[0], run_id))
            print(
                f"  apps listed: {', '.join(found['apps'])}; /{APP_SLUG} commands: "
                f"{', '.join(found['bench_commands'])}; a command runs the app: "
                f"{'yes' if found['dispatched'] else 'NO'}",
                flush=True,
            )
            if not found["dispatched"]:
                print(
                    f"  ! `{PING}` came back as {found['command_message']} and no reply "
                    f"from /{APP_SLUG} followed; the figures below then compare plain "
                    "messages with plain messages",
                    flush=True,
                )
            latency = []
            for concurrency in LATENCY_CONCURRENCIES:
                row = run_load(spec("latency", clients[:concurrency], f"lat{concurrency}"))
                show(f"plain       c={concurrency}", row, "plain")
                show(f"{PING}  c={concurrency}", row, "ping")
                latency.append(row)
            throughput = []
            for n, side_command in enumerate(throughput_order(args.rounds)):
                extra = {"side": slow, "side_command": side_command} if side_command else {}
                row = run_load(
                    spec("throughput", clients[:THROUGHPUT_CONCURRENCY], f"tp{n}", **extra)
                )
                label = f"+ {SLOW_CLIENTS} x {side_command}" if side_command else "alone"
                show(f"plain c={THROUGHPUT_CONCURRENCY} {label}", row, "plain")
                if side_command:
                    show(f"  {side_command} ({SLOW_CLIENTS} clients)", row, "side")
                throughput.append(row)
        # the server has stopped: its database is complete
        database = count_calls(data_dir / "souq.db")

    return report(args, run_id, load_before, found, latency, throughput, database)


def report(
    args: argparse.Namespace,
    run_id: str,
    load_before: tuple[float, float, float],
    found: dict[str, Any],
    latency: list[dict[str, Any]],
    throughput: list[dict[str, Any]],
    database: dict[str, Any],
) -> dict[str, Any]:
    """The figures and the verdicts."""
    c1 = next(r for r in latency if r["concurrency"] == 1)
    rates = {side: plain_rate(throughput, side) for side in ("", SLOW, PING)}
    ratio = round(rates[SLOW] / rates[""], 3) if rates[""] else 0.0
    ratio_control = round(rates[SLOW] / rates[PING], 3) if rates[PING] else 0.0

    pings = sum(r["ping"]["sent_ok_with_warmup"] for r in latency) + 1  # + the probe
    pings += sum(r["side"]["sent_ok_with_warmup"] for r in throughput if r["side_command"] == PING)
    slows = sum(r["side"]["sent_ok_with_warmup"] for r in throughput if r["side_command"] == SLOW)
    replies = database["replies"]
    rows = [*latency, *throughput]
    not_dispatched = sum(
        r[k]["not_dispatched"] for r in rows for k in ("plain", "ping", "side") if k in r
    )
    errors = sum(r[k]["errors"] for r in rows for k in ("plain", "ping", "side") if k in r)
    dispatched = found["dispatched"] and not_dispatched == 0
    stored = replies.get("pong", 0) == pings and replies.get("slow pong", 0) == slows
    targets = [
        Verdict("commands_run_the_app", "a command runs the app", "", dispatched),
        Verdict("every_command_reply_stored", "every command's reply stored", "", stored),
        Verdict(
            "overhead_p50_c1",
            f"command overhead p50 at c=1 < {TARGET_OVERHEAD_MS:g} ms",
            f"{c1['overhead_p50_ms']:+.2f} ms",
            dispatched and c1["overhead_p50_ms"] < TARGET_OVERHEAD_MS,
        ),
        Verdict(
            "slow_app_ratio",
            f"slow app: plain throughput ratio >= {TARGET_SLOW_RATIO}",
            f"{ratio:.3f}",
            dispatched and ratio >= TARGET_SLOW_RATIO,
        ),
        Verdict(
            "slow_vs_paced_ping",
            f"  same, against {PING} at the same pace >= {TARGET_SLOW_RATIO}",
            f"{ratio_control:.3f}",
            dispatched and ratio_control >= TARGET_SLOW_RATIO,
        ),
        Verdict("no_errors", "no failed requests", f"{errors} failed", errors == 0),
    ]
    return {
        "run_id": run_id,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(load_before),
        "settings": {
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "throughput_rounds": args.rounds,
            "slow_clients": SLOW_CLIENTS,
            "side_period_s": SIDE_PERIOD,
            "slow_handler_sleep_s": SLOW_SECONDS,
        },
        "probe": found,
        "latency": latency,
        "throughput": throughput,
        "plain_per_s_c8": {"alone": rates[""], "with_slow": rates[SLOW], "with_ping": rates[PING]},
        "slow_over_alone": ratio,
        "slow_over_paced_ping": ratio_control,
        "expected_replies": {"pong": pings, "slow pong": slows},
        "database": database,
        "targets": [asdict(t) for t in targets],
    }


def print_report(report: dict[str, Any]) -> None:
    """The results as a table, with the targets."""
    print()
    load = report["machine"]["load_average_before"][0]
    print(f"{report['machine']['cpus']} CPUs, 1-minute load average before the run: {load:.2f}")
    print(f"{'phase':<40}{'per s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")

    def line(label: str, figures: dict[str, Any]) -> None:
        print(
            f"{label:<40}{figures['per_s']:>9.1f}{figures['p50_ms']:>9.2f}"
            f"{figures['p99_ms']:>9.2f}{figures['errors']:>8}"
        )

    for row in report["latency"]:
        c = row["concurrency"]
        line(f"plain sendMessage, c={c} (alternating)", row["plain"])
        line(f"{PING}, c={c} (alternating)", row["ping"])
    for row in report["throughput"]:
        c = row["concurrency"]
        side = row["side_command"]
        if side:
            line(f"plain, c={c}, + {row['side_clients']} x {side}", row["plain"])
            line(f"  {side} ({row['side_clients']} clients)", row["side"])
        else:
            line(f"plain, c={c}, alone", row["plain"])
    for row in report["latency"]:
        print(
            f"command overhead at the median, c={row['concurrency']}: "
            f"{row['overhead_p50_ms']:+.2f} ms (median of paired differences "
            f"{row['paired_overhead_p50_ms']:+.2f} ms)"
        )
    rates = report["plain_per_s_c8"]
    print(
        f"plain msgs/s at c=8 over all rounds: alone {rates['alone']:.1f}, "
        f"with {SLOW} {rates['with_slow']:.1f}, with {PING} {rates['with_ping']:.1f}"
    )
    print(
        f"plain throughput with {SLOW} / alone: {report['slow_over_alone']:.3f}; "
        f"/ with {PING} at the same pace: {report['slow_over_paced_ping']:.3f}"
    )
    database = report["database"]
    print(
        f"app replies stored: {database['replies']} (expected {report['expected_replies']}); "
        f"app calls: "
        + ", ".join(f"{c['name']} {c['outcome']} {c['count']}" for c in database["calls"])
    )
    print()
    targets = [Verdict(**t) for t in report["targets"]]
    print_verdicts(targets)
    if not next(t.passed for t in targets if t.key == "commands_run_the_app"):
        print(
            f"  (commands were not run: `{PING}` was stored as a plain message, so the "
            "overhead and slow-app figures do not measure the app host)"
        )


def main() -> int:
    """Parse the options, run the benchmark, print and save the results."""
    parser = argparse.ArgumentParser(description="souq command benchmark")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per phase")
    parser.add_argument("--warmup", type=float, default=None, help="warm-up seconds per phase")
    parser.add_argument("--rounds", type=int, default=None, help="throughput rounds (2)")
    parser.add_argument(
        "--quick", action="store_true", help="2 s phases, 0.5 s warm-ups, 1 throughput round"
    )
    args = parser.parse_args()
    if args.quick:
        args.duration = 2.0
    if args.warmup is None:
        args.warmup = 0.5 if args.quick else 1.0
    if args.rounds is None:
        args.rounds = 1 if args.quick else 2
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds must be 1-20")
    if not 0 < args.duration <= 600 or not 0 <= args.warmup <= 60:
        parser.error("--duration must be in (0, 600] and --warmup in [0, 60]")
    report_ = run(args)
    print_report(report_)
    save_results(report_, "commands.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
