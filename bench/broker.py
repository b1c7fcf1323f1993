"""Broker benchmark: one message to a group's members, through the in-process broker and
through Redis, without GraphQL or WebSockets.

Run from the repository root::

    uv run python bench/broker.py --redis-url redis://127.0.0.1:6379/0 [--members 1000]

In one process: ``--members`` subscribers, each following its own person topic as a live
stream does, on the receiving broker; a publishing broker sends ``--events`` messages, one
after another, to all of their topics (what souq publishes for a group message). Each
event is timed from just before ``publish`` until the last subscriber has read it. With
Redis the publisher and the receiver are two ``RedisBroker`` instances (two processes'
brokers, sharing this process's CPU), under a prefix of their own. Prints p50 and p99 per
event and the time spent in ``publish`` itself; writes
``bench/results/broker.json``. Loopback only, bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from typing import Any

from messaging import REQUEST_TIMEOUT, machine, percentile, save_results
from souq.events.broker import Broker, InProcessBroker, person_topic
from souq.events.redis_broker import RedisBroker
from souq.events.types import Author, MessagePosted, MessageRecord

WARMUP_EVENTS = 3


def event(n: int) -> MessagePosted:
    """A group message as souq publishes it."""
    sender = Author(id=1, username="member0", display_name="member0")
    return MessagePosted(
        MessageRecord(
            id=n,
            conversation_id=1,
            seq=n,
            body=f"fan-out message {n}",
            created_at=datetime.now(UTC),
            sender=sender,
            client_message_id=f"bench-{n}",
        )
    )


async def fan_out(publisher: Broker, receiver: Broker, members: int, events: int) -> dict[str, Any]:
    """Publish ``events`` to ``members`` subscribers of ``receiver``; the figures."""
    topics = [person_topic(i) for i in range(members)]
    counts: dict[int, int] = {}
    done: dict[int, asyncio.Future[float]] = {}

    async def read(subscription: Any) -> None:
        async for got in subscription:
            n = got.message.seq
            counts[n] = counts.get(n, 0) + 1
            if counts[n] == members and not done[n].done():
                done[n].set_result(time.perf_counter())

    latencies: list[float] = []
    publishing: list[float] = []
    async with AsyncExitStack() as stack:
        readers = []
        for topic in topics:
            subscription = await stack.enter_async_context(receiver.subscribe([topic]))
            readers.append(asyncio.create_task(read(subscription)))
        try:
            for n in range(WARMUP_EVENTS + events):
                done[n] = asyncio.get_running_loop().create_future()
                sent = time.perf_counter()
                await publisher.publish(topics, event(n))
                published = time.perf_counter()
                arrived = await asyncio.wait_for(done[n], REQUEST_TIMEOUT)
                if n >= WARMUP_EVENTS:
                    latencies.append(arrived - sent)
                    publishing.append(published - sent)
        finally:
            for reader in readers:
                reader.cancel()
            await asyncio.gather(*readers, return_exceptions=True)
    return {
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "publish_p50_ms": round(percentile(publishing, 50) * 1000, 2),
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """The in-process broker, then Redis."""
    results: dict[str, Any] = {}
    local = InProcessBroker(buffer_size=args.events + WARMUP_EVENTS + 10)
    results["in_process"] = await fan_out(local, local, args.members, args.events)
    prefix = f"bench{uuid.uuid4().hex[:8]}:"
    publisher = RedisBroker(args.redis_url, prefix=prefix)
    receiver = RedisBroker(args.redis_url, prefix=prefix)
    try:
        results["redis"] = await fan_out(publisher, receiver, args.members, args.events)
    finally:
        await publisher.close()
        await receiver.close()
    return results


def main() -> int:
    """Parse the options, run the benchmark, print and save the results."""
    parser = argparse.ArgumentParser(description="souq broker fan-out benchmark")
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--members", type=int, default=1000, help="subscribers (1000)")
    parser.add_argument("--events", type=int, default=30, help="measured events (30)")
    args = parser.parse_args()
    if not 1 <= args.members <= 5000 or not 1 <= args.events <= 1000:
        parser.error("--members must be 1-5000 and --events 1-1000")
    load_before = os.getloadavg()
    results = asyncio.run(run(args))
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(load_before),
        "settings": {"members": args.members, "events": args.events},
        **results,
    }
    print(f"one message to {args.members} subscribers, {args.events} messages:")
    for name, row in results.items():
        print(
            f"  {name:<11} p50 {row['p50_ms']:8.2f} ms  p99 {row['p99_ms']:8.2f} ms  "
            f"publish p50 {row['publish_p50_ms']:7.2f} ms"
        )
    save_results(report, "broker.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
