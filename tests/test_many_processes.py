"""Several souq processes on one Redis: events between them through pub/sub, once each, in
order (a dropped connection ends local subscribers, which resume from the database), and
sign-in limits counted together.

These need Redis: ``SOUQ_TEST_REDIS_URL`` (CI sets it); the restart test starts a Redis
of its own (``redis-server`` on the PATH)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import pytest
from live_server import EVENTS, Api, serve
from souq.errors import FellBehind, RateLimited
from souq.events.broker import Subscription
from souq.events.redis_broker import FANOUT_TOPICS, RedisBroker
from souq.events.types import AccessChanged, Author, MessagePosted, MessageRecord
from souq.runtime import Services, build_services
from souq.services.throttle import LoginThrottle, counter_storage
from souq.settings import Settings

REDIS_URL = os.environ.get("SOUQ_TEST_REDIS_URL")
needs_redis = pytest.mark.skipif(REDIS_URL is None, reason="SOUQ_TEST_REDIS_URL is not set")


def posted(seq: int) -> MessagePosted:
    author = Author(1, "ana", "Ana")
    message = MessageRecord(seq, 7, seq, f"m{seq}", datetime(2026, 12, 1, tzinfo=UTC), author)
    return MessagePosted(message)


async def take(subscription: Subscription, count: int) -> list[object]:
    """The next ``count`` events of ``subscription``."""
    events = []
    async with asyncio.timeout(10):
        async for event in subscription:
            events.append(event)
            if len(events) == count:
                return events
    return events


@pytest.fixture
async def brokers() -> AsyncIterator[tuple[RedisBroker, RedisBroker]]:
    """Two processes' brokers on one Redis (channels of this test only)."""
    if REDIS_URL is None:
        pytest.skip("SOUQ_TEST_REDIS_URL is not set")
    prefix = f"souq-test:{uuid.uuid4().hex}:"
    one, two = RedisBroker(REDIS_URL, prefix=prefix), RedisBroker(REDIS_URL, prefix=prefix)
    try:
        yield one, two
    finally:
        await one.close()
        await two.close()


async def test_an_event_reaches_a_subscriber_of_another_process_once_and_in_order(
    brokers: tuple[RedisBroker, RedisBroker],
) -> None:
    one, two = brokers
    async with two.subscribe(["person:1", "conversation:7"]) as both:
        async with two.subscribe(["person:2"]) as other:
            for seq in range(1, 21):
                await one.publish(["person:1", "conversation:7", "person:2"], posted(seq))
            await one.publish(["access:1"], AccessChanged(1))  # nobody follows it
            await one.publish(["person:1"], AccessChanged(1))
            assert await take(both, 21) == [*(posted(s) for s in range(1, 21)), AccessChanged(1)]
            assert await take(other, 20) == [posted(s) for s in range(1, 21)]
        # person:2's last subscriber left; person:1's subscriber still hears its events
        await one.publish(["person:2"], posted(90))
        await one.publish(["person:1"], posted(91))
        assert await take(both, 1) == [posted(91)]
    assert one.subscriber_count() == two.subscriber_count() == 0


async def test_many_subscribing_at_once_to_a_new_broker_each_get_the_event(
    brokers: tuple[RedisBroker, RedisBroker],
) -> None:
    one, two = brokers
    ready = asyncio.Barrier(21)

    async def follow(n: int) -> list[object]:
        async with two.subscribe([f"person:{n}", "conversation:7"]) as subscription:
            await ready.wait()
            return await take(subscription, 1)

    following = [asyncio.create_task(follow(n)) for n in range(20)]
    await ready.wait()
    await one.publish(["conversation:7"], posted(1))
    assert await asyncio.gather(*following) == [[posted(1)]] * 20


async def test_an_event_for_a_large_group_reaches_exactly_its_listed_members_on_each_process(
    brokers: tuple[RedisBroker, RedisBroker],
) -> None:
    """Past FANOUT_TOPICS topics an event is published once for every process, and each
    process delivers it to its own subscribers of the listed topics only: a member left out
    of the list (removed before the message) hears nothing, on either process."""
    one, two = brokers
    group = [f"person:{n}" for n in range(FANOUT_TOPICS + 5)]
    members, removed = group[:-1], group[-1]
    async with contextlib.AsyncExitStack() as stack:
        here = [await stack.enter_async_context(one.subscribe([t])) for t in members[:3]]
        there = [await stack.enter_async_context(two.subscribe([t])) for t in members[3:]]
        gone = await stack.enter_async_context(two.subscribe([removed]))
        both = await stack.enter_async_context(two.subscribe([members[0], members[5]]))
        for seq in range(1, 11):
            # group messages and small ones (per-topic channels) interleaved keep one order
            topics = members if seq % 2 else members[:2]
            await one.publish(topics, posted(seq))
        await one.publish([removed], posted(11))
        assert [await take(s, 10) for s in here[:2]] == [[posted(s) for s in range(1, 11)]] * 2
        odd = [posted(s) for s in range(1, 11, 2)]
        assert [await take(s, 5) for s in [here[2], *there]] == [odd] * (len(members) - 2)
        assert await take(both, 10) == [posted(s) for s in range(1, 11)]
        assert await take(gone, 1) == [posted(11)], "nothing before its own event"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def private_redis() -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """A Redis of this test's own (so it can be restarted): its URL and its process."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    command = [binary, "--port", str(port), "--save", "", "--appendonly", "no"]
    running = [subprocess.Popen(command, stdout=subprocess.DEVNULL)]
    try:
        yield f"redis://127.0.0.1:{port}/0", running
    finally:
        for process in running:
            process.kill()
            process.wait()


async def until_up(url: str) -> None:
    """Wait until the Redis at ``url`` answers (it starts in a few milliseconds)."""
    import redis.asyncio as redis

    client = redis.Redis.from_url(url)
    try:
        async with asyncio.timeout(10):
            while True:
                try:
                    await client.ping()
                    return
                except (redis.ConnectionError, OSError):
                    await asyncio.sleep(0.02)  # polling a process we started, not an event
    finally:
        await client.aclose()


async def test_a_restart_of_redis_ends_live_streams_and_the_next_ones_work(
    private_redis: tuple[str, list[subprocess.Popen[bytes]]],
) -> None:
    url, running = private_redis
    await until_up(url)
    one, two = RedisBroker(url), RedisBroker(url)
    try:
        async with two.subscribe(["person:1"]) as first:
            await one.publish(["person:1"], posted(1))
            assert await take(first, 1) == [posted(1)]
            running[0].kill()
            running[0].wait()
            with pytest.raises(FellBehind, match="subscribe again with `after`"):
                await take(first, 1)
            await one.publish(["person:1"], posted(2))  # lost: Redis is down (logged)
            command = running[0].args
            restarted = await asyncio.to_thread(
                subprocess.Popen, command, stdout=subprocess.DEVNULL
            )
            running.append(restarted)
            await until_up(url)
        async with asyncio.timeout(10):
            async with two.subscribe(["person:1"]) as again:
                await one.publish(["person:1"], posted(3))
                assert await take(again, 1) == [posted(3)]
    finally:
        await one.close()
        await two.close()


@needs_redis
async def test_people_on_two_processes_chat_live_through_redis(settings: Settings) -> None:
    assert REDIS_URL is not None
    prefix = f"souq-test:{uuid.uuid4().hex}:"
    processes: list[Services] = []
    for _ in range(2):
        services = build_services(settings, broker=RedisBroker(REDIS_URL, prefix=prefix))
        await services.start(discover_apps=False)
        processes.append(services)
    try:
        async with serve(processes[0]) as first, serve(processes[1]) as second:
            await run_chat(first, second)
    finally:
        for services in processes:
            await services.close()


async def run_chat(first: Api, second: Api) -> None:
    """ana follows on the second process while bruno sends through the first."""
    bruno = await first.register("bruno")
    ana = await second.register("ana")
    direct = await first.direct(bruno, "ana")
    async with second.subscribe(ana, EVENTS, await second.from_now(ana)) as events:
        sent = [await first.send(bruno, direct, f"hello {n}", f"k{n}") for n in range(5)]
        again = await first.send(bruno, direct, "hello 0", "k0")  # a retry: nothing new
        assert again["id"] == sent[0]["id"]
        got = [(await events.next())["data"]["events"]["message"] for _ in sent]
    assert [m["seq"] for m in got] == [m["seq"] for m in sent]
    assert [m["body"] for m in got] == [f"hello {n}" for n in range(5)]


async def test_sign_in_limits_are_counted_across_processes_in_redis() -> None:
    if REDIS_URL is None:
        pytest.skip("SOUQ_TEST_REDIS_URL is not set")
    prefix = f"souq-test-limits-{uuid.uuid4().hex}"
    limits = {
        "per_username_and_address": "3/minute",
        "per_username": "100/hour",
        "per_address": "50/minute",
        "registrations_per_address": "2/hour",
    }
    one = LoginThrottle(**limits, storage=counter_storage(REDIS_URL, prefix=prefix))
    two = LoginThrottle(**limits, storage=counter_storage(REDIS_URL, prefix=prefix))
    await one.login_attempt("ana", "10.0.0.1")
    await two.login_attempt("ana", "10.0.0.1")
    await one.login_attempt("ana", "10.0.0.1")
    with pytest.raises(RateLimited, match="too many sign-in attempts"):
        await two.login_attempt("ana", "10.0.0.1")
    await one.login_succeeded("ana", "10.0.0.1")  # clears the pair's count for both
    await two.login_attempt("ana", "10.0.0.1")
    await two.registration_attempt("10.0.0.9")
    await one.registration_attempt("10.0.0.9")
    with pytest.raises(RateLimited, match="too many registrations"):
        await two.registration_attempt("10.0.0.9")
