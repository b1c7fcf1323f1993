"""Business messages benchmark: an app notifies people who opted in and people who did not.

Run from the repository root::

    uv run python bench/notices.py [--people 10000] [--database-url URL]

In one process, on a fresh SQLite file (or the PostgreSQL database given, which is
emptied first): an app asking for ``messages.notify`` is registered and approved; twice
``--people`` people are seeded as having used it two days ago (outside the service
window), half of them with ``messages.notify`` granted. Then, one message after another:

1. **notify, opted in**: the app notifies each person who granted it (each delivered:
   the rule, the chat with the app created on first use, the message, the counts);
2. **notify, not opted in**: the app notifies each of the others (each refused with
   ``not_opted_in``);
3. **can_notify**: the consent check alone, for the opted-in people;
4. **plain message**: a person sends as many ordinary messages (the floor to compare with).

Prints deliveries per second, the time to the last delivery, and each phase's p50 and p99
per message with its ratio to a plain message; writes ``bench/results/notices.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from messaging import machine, percentile, save_results
from souq.consent import grants
from souq.consent.grants import Via
from souq.db.migrate import upgrade
from souq.db.models import User, utcnow
from souq.runtime import Services, build_services
from souq.services.accounts import Role
from souq.services.audit import Actor
from souq.settings import Settings
from souq_sdk import App, Text
from souq_sdk.notices import Category, Delivered, Refused
from sqlalchemy import text
from sqlalchemy.orm import Session

SLUG = "bench-notify"
SEED_BATCH = 1000


def bench_app() -> App:
    """The app that notifies (one command: people must be able to use it)."""
    app = App(
        slug=SLUG,
        name="Bench Notify",
        version="1.0.0",
        summary="Notifies",
        scopes=["messages.notify"],
    )

    @app.command()
    def follow() -> Text:
        """Follow a flight."""
        return Text("following")

    return app


async def seed(services: Services, people: int) -> tuple[list[str], list[str], Any]:
    """``2 * people`` people who used the app two days ago, the first half opted in; and a
    group for the plain messages. Returns the aliases of both halves and the sender."""
    relations = services.controls._relations  # the same derivation of ids as the host's
    used_at = utcnow() - timedelta(days=2)
    opted, others = [], []
    for start in range(0, 2 * people, SEED_BATCH):

        def batch(session: Session, start: int = start) -> None:
            for i in range(start, min(start + SEED_BATCH, 2 * people)):
                user = User(username=f"p{i}", display_name=f"P {i}", password_hash="!")
                session.add(user)
                session.flush()
                alias = relations.used(session, user.id, SLUG, used_at, command=True)
                if i < people:
                    grants.grant(
                        session,
                        user.id,
                        SLUG,
                        "messages.notify",
                        via=Via.SETTINGS,
                        asked_for=("messages.notify",),
                        now=used_at,
                    )
                    opted.append(alias)
                else:
                    others.append(alias)

        await services.db.write(batch)
    sender = await services.accounts.register(
        "sender", "a long bench password 1234", address="bench"
    )
    group = await services.conversations.create_group(sender, "floor", [])
    return opted, others, (sender, group.id)


async def timed(calls: list[Any]) -> tuple[list[float], list[Any], float]:
    """Run the awaitable factories one after another; their latencies (ms), results and
    the whole time (s)."""
    latencies, results = [], []
    start = time.perf_counter()
    for call in calls:
        t0 = time.perf_counter()
        results.append(await call())
        latencies.append((time.perf_counter() - t0) * 1000)
    return latencies, results, time.perf_counter() - start


def figures(latencies: list[float], seconds: float) -> dict[str, float]:
    return {
        "count": len(latencies),
        "seconds": round(seconds, 3),
        "per_second": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(percentile(latencies, 50), 3),
        "p99_ms": round(percentile(latencies, 99), 3),
    }


async def run(people: int, url: str | None) -> dict[str, Any]:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            env="prod",
            data_dir=Path(tmp),
            database_url=url or f"sqlite+aiosqlite:///{tmp}/souq.db",
            secret_key="b" * 40,
        )
        services = build_services(settings)
        if url:
            async with services.db.session() as session:
                await session.execute(text("DROP SCHEMA public CASCADE"))
                await session.execute(text("CREATE SCHEMA public"))
        await upgrade(services.db)
        await services.start(discover_apps=False)
        try:
            app = await services.apps.register(bench_app(), source="bench")
            await services.accounts.register(
                "benchdev", "a long bench password 1234", address="bench"
            )
            developer = await services.accounts.set_role(
                Actor.system("bench"), "benchdev", Role.DEVELOPER, reason="bench"
            )
            await services.review.fast_track(developer, Actor.system("bench"), app, reason="bench")
            print(f"seeding {2 * people} people ...", flush=True)
            opted, others, (sender, group) = await seed(services, people)
            notify = services.notices.notify
            print("notifying ...", flush=True)
            lat_in, res_in, s_in = await timed(
                [
                    lambda a=a: notify(SLUG, a, Category.SERVICE, Text("Your flight is delayed"))
                    for a in opted
                ]
            )
            lat_out, res_out, s_out = await timed(
                [
                    lambda a=a: notify(SLUG, a, Category.SERVICE, Text("Your flight is delayed"))
                    for a in others
                ]
            )
            lat_check, _, s_check = await timed(
                [lambda a=a: services.notices.can_notify(SLUG, a, Category.SERVICE) for a in opted]
            )
            send = services.messages.send
            lat_plain, _, s_plain = await timed(
                [lambda i=i: send(sender, group, f"plain {i}", f"k{i}") for i in range(people)]
            )
        finally:
            await services.close()
    assert all(isinstance(r, Delivered) for r in res_in), "an opted-in person was refused"
    assert all(isinstance(r, Refused) and r.code == "not_opted_in" for r in res_out)
    plain = figures(lat_plain, s_plain)
    report = {
        "machine": machine(load_before),
        "backend": "postgresql" if url else "sqlite",
        "people_each": people,
        "notify_opted_in": figures(lat_in, s_in),
        "notify_not_opted_in": figures(lat_out, s_out),
        "can_notify": figures(lat_check, s_check),
        "plain_message": plain,
    }
    for phase in ("notify_opted_in", "notify_not_opted_in", "can_notify"):
        report[phase]["p50_vs_plain"] = round(report[phase]["p50_ms"] / plain["p50_ms"], 2)
    report["time_to_last_delivery_s"] = report["notify_opted_in"]["seconds"]
    return report


def print_report(report: dict[str, Any]) -> None:
    print()
    m = report["machine"]
    print(
        f"{m['cpus']} CPUs, load before {m['load_average_before'][0]:.2f}; {report['backend']}; {report['people_each']} people each"
    )
    print(f"{'phase':<22}{'count':>7}{'per s':>9}{'p50 ms':>9}{'p99 ms':>9}{'p50/plain':>11}")
    for phase in ("notify_opted_in", "notify_not_opted_in", "can_notify", "plain_message"):
        f = report[phase]
        ratio = f.get("p50_vs_plain", 1.0)
        print(
            f"{phase:<22}{f['count']:>7}{f['per_second']:>9}{f['p50_ms']:>9}{f['p99_ms']:>9}{ratio:>11}"
        )
    print(f"time to the last delivery: {report['time_to_last_delivery_s']} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000, help="people opted in (as many not)")
    parser.add_argument(
        "--database-url", help="a PostgreSQL URL (postgresql+asyncpg://...), emptied first"
    )
    args = parser.parse_args()
    report = asyncio.run(run(args.people, args.database_url))
    print_report(report)
    save_results(report, "notices.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
