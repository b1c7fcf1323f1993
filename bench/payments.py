"""Payments benchmark: confirmed payments per second and confirm latency at concurrency 8,
against plain ``sendMessage`` at the same concurrency, over real HTTP on SQLite.

Run from the repository root::

    uv run python bench/payments.py [--requests N] [--quick]

What it does (see bench/README.md, "Payments"):

1. Installs a throwaway paying app (slug ``paybench``, its source below in ``APP_SOURCE``)
   the way real apps are found: a temporary folder holds the module and a minimal
   ``souq_paybench_app-0.1.0.dist-info`` (``METADATA``, ``entry_points.txt``), and every
   ``souq`` process starts with that folder on ``PYTHONPATH``. The app goes through review
   with the ``souq`` command (``apps register``, ``souq_sdk check``, ``apps submit``,
   ``apps approve``), like bench/commands.py's.
2. A fresh SQLite file (``souq db upgrade``); 8 payers and 8 peers created through souq's
   services (bench/messaging.py's helpers); each payer topped up with
   ``souq wallet topup`` with exactly what its share of the payments costs.
3. Starts ``python -m souq serve`` (``SOUQ_ENV=prod``) in its own process group; opens a
   direct conversation per payer over GraphQL; checks that ``{ apps }`` lists the app.
4. Creates N payment requests: the 8 payers, concurrently, each ``sendMessage`` their
   share of ``/paybench buy 1250 REF`` (each answered by a payment card), then reads the
   request ids back from ``wallet { payments }``.
5. Plain ``sendMessage`` at concurrency 8 (N messages), then the N confirms
   (``confirmPayment``, one idempotency key each) by the 8 payers concurrently, then
   plain ``sendMessage`` again (the two plain runs bracket the confirms, so drift in the
   machine's load does not favour one side). Each confirm's answer must be COMPLETED.
6. After the server stops: ``souq ledger verify`` must pass (the script fails loudly if
   not), and the database must hold exactly N completed payments, N payment transactions,
   N outcomes told, N receipts, empty wallets and N x 12.50 in the app's account.

Each phase also records the server's CPU time per request (user and system, all its
threads, from /proc), which moves far less than throughput with the load of a shared
machine. Prints a table and writes ``bench/results/payments.json``; exits 1 if a check
fails.
Everything runs on 127.0.0.1 in a temporary folder removed at the end; the server runs in
its own process group and is killed on the way out, also on errors and Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from installed_app import BenchApp, app_env, approve_app, cli, install_app
from messaging import (
    HOST,
    OPEN_DIRECT,
    REQUEST_TIMEOUT,
    ROOT,
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

APP_SLUG = "paybench"
APP_SOURCE = '''"""The throwaway paying app of bench/payments.py (slug paybench): /paybench buy AMOUNT
REF asks the invoker for AMOUNT minor units; a completed payment gets a receipt."""

from souq_sdk import App, Context, PaymentEvent, PaymentRequest, Text

app = App(
    slug="paybench",
    name="Pay Bench",
    version="0.1.0",
    summary="Benchmark payments: asks for money, sends a receipt",
    scopes=("payments.request",),
)


@app.command("buy")
async def buy(amount: int, reference: str) -> PaymentRequest:
    """Ask for AMOUNT minor units."""
    return PaymentRequest(
        amount=amount, description="a benchmark item", reference=reference, expires_in=3600
    )


@app.on_payment()
async def told(context: Context, event: PaymentEvent) -> Text | None:
    if event.outcome == "completed":
        return Text(f"receipt for {event.reference}")
    return None
'''
APP = BenchApp(
    slug=APP_SLUG,
    module="paybench_app",
    source=APP_SOURCE,
    summary="the throwaway paying app of bench/payments.py",
)

CONCURRENCY = 8
TARGET_CONFIRM_RATIO = 0.6  # confirmed payments per second against plain messages
PRICE = 1250  # minor units: EUR 12.50
MAX_TOP_UP = 10_000_000  # souq_sdk.money.MAX_AMOUNT: one top-up per payer must fit
DEFAULT_REQUESTS = 1600
QUICK_REQUESTS = 400
WARMUP_PER_CLIENT = 20
PAGE = 100

SEND = (
    "mutation($c: ID!, $b: String!, $k: String!) "
    "{ sendMessage(conversationId: $c, body: $b, clientMessageId: $k) { id seq private } }"
)
CONFIRM = (
    "mutation($r: ID!, $k: String!) "
    "{ confirmPayment(requestId: $r, idempotencyKey: $k) { id status } }"
)
PAYMENTS = (
    "query($a: String) { wallet { payments(first: 100, after: $a) "
    "{ nodes { id status reference } pageInfo { hasNextPage endCursor } } } }"
)
APPS = "{ apps { slug } }"


# -- money ------------------------------------------------------------------------------


REASON = ("--reason", "payments benchmark")


def top_up(env: dict[str, str], payers: list[str], minor: int) -> None:
    """``souq wallet topup`` each payer with ``minor`` units, four processes at a time."""
    major = f"{Decimal(minor).scaleb(-2):f}"
    pending = list(payers)
    while pending:
        batch, pending = pending[:4], pending[4:]
        running = [
            subprocess.Popen(
                [sys.executable, "-m", "souq", "wallet", "topup", name, major, *REASON],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in batch
        ]
        for name, process in zip(batch, running, strict=True):
            out, err = process.communicate(timeout=120)
            if process.returncode != 0:
                raise BenchError(f"souq wallet topup {name} {major} failed:\n{out}{err}")


# -- load -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Client:
    """One closed-loop client: a payer, its token and its own direct conversation."""

    name: str
    token: str
    conversation: str


@dataclass
class Series:
    """Latencies (seconds) and failures of one phase."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float | None = None
    """CPU time the server process (all its threads) used during the phase."""

    def figures(self) -> dict[str, Any]:
        """Count, rate and percentiles in milliseconds, and the server's CPU ms per request."""
        n = len(self.latencies)
        cpu = self.cpu_seconds
        return {
            "server_cpu_ms": round(cpu * 1000 / n, 2) if cpu is not None and n else None,
            "requests": n,
            "errors": len(self.errors),
            "first_errors": self.errors[:3],
            "seconds": round(self.seconds, 3),
            "per_s": round(n / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(percentile(self.latencies, 50) * 1000, 2),
            "p99_ms": round(percentile(self.latencies, 99) * 1000, 2),
        }


Step = Callable[[httpx.AsyncClient, Client, int], Awaitable[str | None]]
"""One request of client ``Client``, the ``n``-th: ``None`` if it did what it should,
else what went wrong."""


def server_cpu(pid: int) -> float | None:
    """CPU seconds (user and system, all threads) process ``pid`` has used so far, from
    /proc (``None`` without it). Unlike throughput, it hardly moves with the machine's load."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def closed_loop(
    http: httpx.AsyncClient, clients: list[Client], per_client: int, step: Step, server: int
) -> Series:
    """Every client makes ``per_client`` requests one after another, all clients at once;
    ``server`` is the pid of the server, whose CPU time the phase records."""
    series = Series()

    async def loop(who: Client) -> None:
        for n in range(per_client):
            sent = time.perf_counter()
            try:
                problem = await step(http, who, n)
            except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
                problem = f"{type(error).__name__}: {error}"
            if problem is None:
                series.latencies.append(time.perf_counter() - sent)
            else:
                series.errors.append(problem)

    cpu_before = server_cpu(server)
    start = time.perf_counter()
    await asyncio.gather(*(loop(c) for c in clients))
    series.seconds = time.perf_counter() - start
    cpu_after = server_cpu(server)
    if cpu_before is not None and cpu_after is not None:
        series.cpu_seconds = cpu_after - cpu_before
    return series


async def post(
    http: httpx.AsyncClient, who: Client, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    """A GraphQL request's whole answer."""
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {who.token}"},
    )
    return dict(response.json())


def plain(run_id: str, tag: str) -> Step:
    """A plain ``sendMessage``, each with its own client id."""

    async def step(http: httpx.AsyncClient, who: Client, n: int) -> str | None:
        variables = {"c": who.conversation, "b": f"plain {n}", "k": f"{run_id}-{tag}-{n}"}
        answer = await post(http, who, SEND, variables)
        message = (answer.get("data") or {}).get("sendMessage")
        return None if message and not message["private"] else f"sendMessage: {answer}"

    return step


def buy(run_id: str) -> Step:
    """``/paybench buy PRICE REF``: the command line (private) is answered by a card."""

    async def step(http: httpx.AsyncClient, who: Client, n: int) -> str | None:
        body = f"/{APP_SLUG} buy {PRICE} {who.name}-{n}"
        variables = {"c": who.conversation, "b": body, "k": f"{run_id}-buy-{n}"}
        answer = await post(http, who, SEND, variables)
        message = (answer.get("data") or {}).get("sendMessage")
        return None if message and message["private"] else f"buy: {answer}"

    return step


def confirm(run_id: str, requests: dict[str, list[str]]) -> Step:
    """``confirmPayment`` of the client's ``n``-th request; it must come back COMPLETED."""

    async def step(http: httpx.AsyncClient, who: Client, n: int) -> str | None:
        request = requests[who.name][n]
        variables = {"r": request, "k": f"{run_id}-{request}"}
        answer = await post(http, who, CONFIRM, variables)
        paid = (answer.get("data") or {}).get("confirmPayment")
        return None if paid and paid["status"] == "COMPLETED" else f"confirm: {answer}"

    return step


async def pending_requests(http: httpx.AsyncClient, who: Client) -> list[str]:
    """The ids of ``who``'s pending requests, oldest first."""
    found: list[str] = []
    after = None
    while True:
        data = await gql(http, PAYMENTS, {"a": after}, who.token)
        page = data["wallet"]["payments"]
        found += [p["id"] for p in page["nodes"] if p["status"] == "PENDING"]
        if not page["pageInfo"]["hasNextPage"]:
            return found[::-1]
        after = page["pageInfo"]["endCursor"]


async def drive(base: str, tokens: dict[str, str], payers: list[str], peers: list[str],
                per_client: int, run_id: str, pid: int) -> dict[str, Any]:  # fmt: skip
    """Steps 3-5: conversations, the app check, requests, plain and confirm phases, against
    the server of process ``pid``."""
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as http:
        clients = []
        for name, peer in zip(payers, peers, strict=True):
            opened = await gql(http, OPEN_DIRECT, {"u": peer}, tokens[name])
            clients.append(Client(name, tokens[name], str(opened["openDirectConversation"]["id"])))
        apps = (await gql(http, APPS, {}, clients[0].token))["apps"]
        if not any(a["slug"] == APP_SLUG for a in apps):
            raise BenchError(
                f"the server does not list {APP_SLUG!r} (entry-point discovery or review "
                f"failed?); it lists {[a['slug'] for a in apps]}"
            )

        print(f"  warm-up: {WARMUP_PER_CLIENT} plain messages per client", flush=True)
        warmup = await closed_loop(http, clients, WARMUP_PER_CLIENT, plain(run_id, "warm"), pid)
        if warmup.errors:
            raise BenchError(f"warm-up failed: {warmup.errors[:3]}")

        total = per_client * CONCURRENCY
        print(f"  creating {total} payment requests (/{APP_SLUG} buy) at c={CONCURRENCY}")
        created = await closed_loop(http, clients, per_client, buy(run_id), pid)
        show("buy command (request + card)", created)
        requests = {c.name: await pending_requests(http, c) for c in clients}
        short = {n: len(ids) for n, ids in requests.items() if len(ids) != per_client}
        if created.errors or short:
            raise BenchError(
                f"expected {per_client} pending requests per payer; got {short or 'them'}, "
                f"errors: {created.errors[:3]}"
            )

        before = await closed_loop(http, clients, per_client, plain(run_id, "before"), pid)
        show("plain sendMessage (before)", before)
        confirms = await closed_loop(http, clients, per_client, confirm(run_id, requests), pid)
        show("confirmPayment", confirms)
        after = await closed_loop(http, clients, per_client, plain(run_id, "after"), pid)
        show("plain sendMessage (after)", after)
    return {
        "buy": created.figures(),
        "plain_before": before.figures(),
        "confirm": confirms.figures(),
        "plain_after": after.figures(),
    }


def show(label: str, series: Series) -> None:
    """One progress line."""
    f = series.figures()
    print(
        f"  {label:<32} {f['per_s']:8.1f}/s  p50 {f['p50_ms']:7.2f} ms  "
        f"p99 {f['p99_ms']:7.2f} ms  errors {f['errors']}  server CPU {f['server_cpu_ms']} ms/req",
        flush=True,
    )


# -- after the run ------------------------------------------------------------------------


def bookkeeping(db: Path, payers: list[str]) -> dict[str, Any]:
    """What the database holds once the server has stopped."""
    with sqlite3.connect(db) as connection:

        def one(sql: str, *params: object) -> Any:
            return connection.execute(sql, params).fetchone()[0]

        wallets = connection.execute(
            "SELECT a.owner, a.balance FROM ledger_accounts a WHERE a.kind = 'wallet'"
        ).fetchall()
        return {
            "payments_by_status": dict(
                connection.execute(
                    "SELECT status, COUNT(*) FROM payments WHERE app_slug = ? GROUP BY status",
                    (APP_SLUG,),
                ).fetchall()
            ),
            "payment_transactions": one(
                "SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'payment'"
            ),
            "outcomes_told": one(
                "SELECT COUNT(*) FROM payment_notices WHERE delivered_at IS NOT NULL"
            ),
            "outcomes_untold": one(
                "SELECT COUNT(*) FROM payment_notices WHERE delivered_at IS NULL"
            ),
            "receipts": one(
                "SELECT COUNT(*) FROM messages WHERE app_slug = ? AND body LIKE 'receipt for %'",
                APP_SLUG,
            ),
            "payer_wallets": len(wallets),
            "money_left_in_wallets": sum(balance for _owner, balance in wallets),
            "merchant_balance": one(
                "SELECT COALESCE(SUM(balance), 0) FROM ledger_accounts "
                "WHERE kind = 'merchant' AND owner = ?",
                APP_SLUG,
            ),
        }


def verify_ledger(env: dict[str, str]) -> dict[str, Any]:
    """``souq ledger verify``: its exit code and what it printed."""
    done = cli(env | {"COLUMNS": "200"}, "souq", "ledger", "verify")
    return {"exit_code": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


# -- the run ----------------------------------------------------------------------------


def run(requests: int) -> dict[str, Any]:
    """Every step; returns the report."""
    per_client = -(-requests // CONCURRENCY)
    if per_client * PRICE > MAX_TOP_UP:
        raise BenchError(f"--requests {requests} needs more than one top-up per payer allows")
    run_id = f"p{int(time.time())}"
    load_before = os.getloadavg()
    payers = [f"payer{i}" for i in range(CONCURRENCY)]
    peers = [f"peer{i}" for i in range(CONCURRENCY)]
    with tempfile.TemporaryDirectory(prefix="souq-bench-payments-") as tmp:
        work = Path(tmp)
        data_dir = work / "souq"
        site = install_app(APP, work / "site")
        env = app_env(data_dir, site)
        started = time.perf_counter()
        print("souq: a fresh SQLite file, accounts, the app through review, top-ups", flush=True)
        migrate(data_dir, work / "migrate.log")
        tokens = asyncio.run(create_accounts(data_dir, payers + peers))
        approve_app(APP, env, work, "paydev")
        top_up(env, payers, per_client * PRICE)
        setup_seconds = time.perf_counter() - started
        port = free_port()
        base = f"http://{HOST}:{port}"
        print(f"souq: `python -m souq serve` with {site.name}/ on PYTHONPATH", flush=True)
        with server(
            [sys.executable, "-m", "souq", "serve", "--host", HOST, "--port", str(port)],
            env,
            f"{base}/readyz",
            work / "souq.log",
        ) as process:
            phases = asyncio.run(
                drive(base, tokens, payers, peers, per_client, run_id, process.pid)
            )
        # the server has stopped: its database is complete
        ledger = verify_ledger(env)
        books = bookkeeping(data_dir / "souq.db", payers)
    return report(run_id, load_before, setup_seconds, per_client, phases, ledger, books)


def report(
    run_id: str,
    load_before: tuple[float, float, float],
    setup_seconds: float,
    per_client: int,
    phases: dict[str, Any],
    ledger: dict[str, Any],
    books: dict[str, Any],
) -> dict[str, Any]:
    """The figures and the checks."""
    total = per_client * CONCURRENCY
    before, after, confirms = phases["plain_before"], phases["plain_after"], phases["confirm"]
    plain_seconds = before["seconds"] + after["seconds"]
    plain_rate = (before["requests"] + after["requests"]) / plain_seconds if plain_seconds else 0
    plain_p50 = (before["p50_ms"] + after["p50_ms"]) / 2
    plain_cpu = (
        round((before["server_cpu_ms"] + after["server_cpu_ms"]) / 2, 2)
        if before["server_cpu_ms"] is not None and after["server_cpu_ms"] is not None
        else None
    )
    checks = {
        "every_confirm_completed": confirms["requests"] == total and confirms["errors"] == 0,
        "no_failed_plain_messages": before["errors"] == after["errors"] == 0,
        "ledger_verify_passes": ledger["exit_code"] == 0,
        "completed_once_each": (
            books["payments_by_status"] == {"completed": total}
            and books["payment_transactions"] == total
        ),
        "every_outcome_told_with_a_receipt": (
            books["outcomes_told"] == books["receipts"] == total and books["outcomes_untold"] == 0
        ),
        "money_where_it_belongs": (
            books["money_left_in_wallets"] == 0 and books["merchant_balance"] == total * PRICE
        ),
    }
    ratio = round(confirms["per_s"] / plain_rate, 3) if plain_rate else 0.0
    target = Verdict(
        "confirm_over_plain",
        f"confirmed payments/s / plain messages/s >= {TARGET_CONFIRM_RATIO}",
        f"{ratio:.3f}",
        ratio >= TARGET_CONFIRM_RATIO,
    )
    return {
        "run_id": run_id,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(load_before),
        "settings": {
            "concurrency": CONCURRENCY,
            "requests": total,
            "price_minor": PRICE,
            "warmup_per_client": WARMUP_PER_CLIENT,
        },
        "setup_seconds": round(setup_seconds, 1),
        **phases,
        "plain_per_s": round(plain_rate, 1),
        "plain_p50_ms": round(plain_p50, 2),
        "confirm_over_plain_throughput": ratio,
        "confirm_over_plain_p50": round(confirms["p50_ms"] / plain_p50, 2) if plain_p50 else 0.0,
        "plain_server_cpu_ms": plain_cpu,
        "confirm_over_plain_cpu": (
            round(confirms["server_cpu_ms"] / plain_cpu, 2)
            if plain_cpu and confirms["server_cpu_ms"] is not None
            else None
        ),
        "ledger_verify": ledger,
        "database": books,
        "checks": checks,
        "targets": [asdict(target)],
    }


def print_report(result: dict[str, Any]) -> None:
    """The results as a table, with the checks."""
    print()
    load = result["machine"]["load_average_before"][0]
    print(f"{result['machine']['cpus']} CPUs, 1-minute load average before the run: {load:.2f}")
    c = result["settings"]["concurrency"]
    print(f"{'phase (concurrency ' + str(c) + ')':<40}{'per s':>9}{'p50 ms':>9}{'p99 ms':>9}"
          f"{'errors':>8}{'server CPU ms':>15}")  # fmt: skip
    for key, label in (
        ("buy", f"/{APP_SLUG} buy (request + card)"),
        ("plain_before", "plain sendMessage, before"),
        ("confirm", "confirmPayment (+ app told, receipt)"),
        ("plain_after", "plain sendMessage, after"),
    ):
        f = result[key]
        cpu = "-" if f["server_cpu_ms"] is None else f"{f['server_cpu_ms']:.2f}"
        print(
            f"{label:<40}{f['per_s']:>9.1f}{f['p50_ms']:>9.2f}{f['p99_ms']:>9.2f}{f['errors']:>8}"
            f"{cpu:>15}"
        )
    print(
        f"confirmed payments/s {result['confirm']['per_s']:.1f} against plain messages/s "
        f"{result['plain_per_s']:.1f} (both plain runs): ratio "
        f"{result['confirm_over_plain_throughput']:.3f}; p50 {result['confirm']['p50_ms']:.2f} "
        f"ms against {result['plain_p50_ms']:.2f} ms (x{result['confirm_over_plain_p50']:.2f})"
    )
    if result["confirm_over_plain_cpu"] is not None:
        print(
            f"server CPU per confirm {result['confirm']['server_cpu_ms']:.2f} ms against "
            f"{result['plain_server_cpu_ms']:.2f} ms per plain message "
            f"(x{result['confirm_over_plain_cpu']:.2f})"
        )
    books = result["database"]
    print(
        f"database: {books['payments_by_status']}, {books['payment_transactions']} payment "
        f"transactions, {books['outcomes_told']} outcomes told, {books['receipts']} receipts, "
        f"{books['money_left_in_wallets']} left in wallets, {books['merchant_balance']} in the "
        "app's account"
    )
    ledger = result["ledger_verify"]
    print("souq ledger verify:", (ledger["stdout"] + ledger["stderr"]).strip().replace("\n", "; "))
    print()
    for name, ok in result["checks"].items():
        print(f"  [{'OK' if ok else 'FAILED':>6}] {name.replace('_', ' ')}")
    print_verdicts([Verdict(**v) for v in result["targets"]])
    if not result["checks"]["ledger_verify_passes"]:
        print(
            f"\n!!! souq ledger verify FAILED (exit {ledger['exit_code']}): the ledger does not "
            f"hold after the run\n{ledger['stderr']}",
            file=sys.stderr,
        )


def main() -> int:
    """Parse the options, run the benchmark, print and save the results."""
    parser = argparse.ArgumentParser(description="souq payments benchmark")
    parser.add_argument(
        "--requests",
        type=int,
        default=None,
        help=f"payment requests to create and confirm ({DEFAULT_REQUESTS}; a multiple of 8)",
    )
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_REQUESTS} requests")
    args = parser.parse_args()
    requests = args.requests or (QUICK_REQUESTS if args.quick else DEFAULT_REQUESTS)
    if not CONCURRENCY <= requests <= 64_000:
        parser.error(f"--requests must be {CONCURRENCY}-64000")
    try:
        result = run(requests)
    except BenchError as error:
        print(f"\npayments benchmark FAILED: {error}", file=sys.stderr)
        return 2
    print_report(result)
    save_results(result, "payments.json")
    return 0 if all(result["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
