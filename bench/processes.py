"""Two processes against one: ``sendMessage`` throughput of ``souq serve --workers 2`` on
PostgreSQL and Redis, side by side with ``--workers 1`` on the same database and Redis.

Run from the repository root::

    uv run python bench/processes.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/bench \\
        --redis-url redis://127.0.0.1:6379/0 [--duration 5] [--rounds 1]

For each round, for 1 then 2 processes: the PostgreSQL database is emptied and migrated,
the people and conversations of bench/messaging.py are created (a small fan-out group: it
is not measured here), ``python -m souq serve --workers N`` starts, and a load-generator
process sends ``sendMessage`` at concurrency 8, each sender in its own direct conversation
with the other member subscribed over WebSocket (so every send is published through Redis
and delivered by whichever process holds the subscriber's socket). Prints messages/s, p50
and p99 per setup, and the ratio of two processes to one (reported, not judged: see
docs/scaling.md for what limits it on one 2-core machine). Writes
``bench/results/processes.json``. Every server runs in its own process group and is
killed on the way out; all traffic goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from messaging import (
    Backend,
    BenchError,
    PhaseResult,
    machine,
    save_results,
    souq_phases,
    souq_server,
)
from verdicts import Verdict, print_verdicts

CONCURRENCY = 8
GROUP_MEMBERS = 2  # the seed's fan-out group, unused here
SETUPS = (1, 2)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every round of one process and two; the figures summed per setup."""
    load_before = os.getloadavg()
    backend = Backend(args.database_url, args.redis_url)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="souq-bench-") as tmp:
        for round_ in range(args.rounds):
            for workers in SETUPS:
                work = Path(tmp) / f"round{round_}"
                work.mkdir(exist_ok=True)
                with souq_server(work, backend, GROUP_MEMBERS, workers) as (base, seed, group):
                    run_id = f"p{int(time.time())}-{round_}-{workers}"
                    (result,) = souq_phases(base, seed, args, run_id, (CONCURRENCY,), group)
                rows.append({"round": round_, "processes": workers, **asdict(result)})
    totals = {}
    for workers in SETUPS:
        mine = [PhaseResult(**{k: v for k, v in r.items() if k not in ("round", "processes")})
                for r in rows if r["processes"] == workers]  # fmt: skip
        seconds = sum(r.seconds for r in mine)
        totals[str(workers)] = {
            "msgs_per_s": round(sum(r.messages for r in mine) / seconds, 1) if seconds else 0.0,
            "p50_ms": max(r.p50_ms for r in mine),
            "p99_ms": max(r.p99_ms for r in mine),
            "errors": sum(r.errors for r in mine),
        }
    one, two = totals["1"]["msgs_per_s"], totals["2"]["msgs_per_s"]
    ratio = round(two / one, 3) if one else 0.0
    errors = sum(t["errors"] for t in totals.values())
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(load_before),
        "settings": {
            "backend": backend.describe(),
            "concurrency": CONCURRENCY,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "rounds": args.rounds,
            "live_subscribers": not args.no_subscribers,
        },
        "runs": rows,
        "by_processes": totals,
        "two_over_one": ratio,
        "targets": [
            asdict(Verdict("no_errors", "no failed requests", f"{errors} failed", errors == 0))
        ],
    }


def print_report(report: dict[str, Any]) -> None:
    """The figures, the ratio and the checks."""
    print()
    load = report["machine"]["load_average_before"][0]
    print(f"{report['machine']['cpus']} CPUs, 1-minute load average before the run: {load:.2f}")
    print(f"souq on {report['settings']['backend']}, sendMessage at concurrency {CONCURRENCY}")
    print(f"{'processes':<11}{'msgs/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for workers, row in report["by_processes"].items():
        print(
            f"{workers:<11}{row['msgs_per_s']:>10.1f}{row['p50_ms']:>9.2f}"
            f"{row['p99_ms']:>9.2f}{row['errors']:>8}"
        )
    print(f"two processes / one: {report['two_over_one']:.2f} (reported, no target)")
    print()
    print_verdicts([Verdict(**v) for v in report["targets"]])


def main() -> int:
    """Parse the options, run the benchmark, print and save the results."""
    parser = argparse.ArgumentParser(description="souq: two processes against one")
    parser.add_argument("--database-url", required=True, help="PostgreSQL, emptied first")
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per run (5)")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds (2)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of 1 then 2 processes")
    parser.add_argument(
        "--no-subscribers", action="store_true", help="no live subscribers (no Redis traffic)"
    )
    args = parser.parse_args()
    if not 0 < args.duration <= 120 or not 0 <= args.warmup <= 30:
        parser.error("--duration must be in (0, 120] and --warmup in [0, 30]")
    if not 1 <= args.rounds <= 5:
        parser.error("--rounds must be 1-5")
    try:
        report = run(args)
    except BenchError as error:
        print(f"\nprocesses benchmark FAILED: {error}", file=sys.stderr)
        return 2
    print_report(report)
    save_results(report, "processes.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
