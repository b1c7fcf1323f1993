"""A broker for several souq processes: events travel through Redis pub/sub.

Each process keeps one Redis subscription for the topics its own subscribers follow (one
channel per topic, ``SUBSCRIBE``d while anyone here follows it) and fans events out to
them through an :class:`~souq.events.broker.InProcessBroker`, so each subscriber keeps
its bounded buffer. Every event carries an id and the list of its topics, fixed by the
publisher (a message's audience as of its transaction, so a removed member is not on it).
An event for at most :data:`FANOUT_TOPICS` topics is published once per topic: a process
hears it on every channel of its topics it follows, delivers it on the first and drops
the others, so a subscriber of two of its topics still gets it once. An event for more
(a group message) is published once, on a channel every process follows, and each
process delivers it to its own subscribers of the listed topics: one publish instead of
one per member (bench/broker.py measured a 1,000-member group at 736 ms per message
through per-topic channels, each copy carrying the whole list, against 12 ms in
process).

Redis pub/sub delivers at most once. What it loses, the database still has: a live stream
fills a gap in a conversation's seqs from the database, and when the connection to Redis
drops, every subscriber here is ended with :class:`~souq.errors.FellBehind` (resume with
``after``), since events may have been missed while it was down.

Every event carries the time it was published (``time.time()`` of the publisher), so each
process observes the broker lag (``souq_broker_lag_seconds``) of the events it hands to
subscribers of its own; across machines that is only as true as their clocks agree.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import redis.asyncio as redis
from redis.exceptions import RedisError

from souq.observability import metrics

from .broker import InProcessBroker, Subscription
from .codec import decode, encode
from .types import Event

log = logging.getLogger("souq.broker")

SEEN_IDS = 10_000
"""How many recent event ids a process remembers, to deliver each event once."""

RECONNECT_SECONDS = (0.1, 0.5, 1.0, 2.0)
"""Waits between attempts to listen again after the connection to Redis dropped."""

FANOUT_TOPICS = 16
"""Events for more topics than this go once to every process instead of once per topic."""


class RedisBroker:
    """Carries events between the souq processes sharing one Redis."""

    def __init__(self, url: str, *, buffer_size: int = 1000, prefix: str = "souq:") -> None:
        self._redis = redis.Redis.from_url(url)
        self._prefix = prefix
        self._local = InProcessBroker(buffer_size=buffer_size)
        self._pubsub = self._redis.pubsub()
        self._following: Counter[str] = Counter()
        self._confirmed: dict[str, asyncio.Future[None]] = {}
        self._lock = asyncio.Lock()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._reader: asyncio.Task[None] | None = None
        self._control = f"{prefix}process:{uuid.uuid4().hex}"
        self._fanout = f"{prefix}fanout"

    async def publish(self, topics: Iterable[str], event: Event) -> None:
        """Publish ``event`` on the channel of each of ``topics``, or once on the channel
        every process follows when there are more than :data:`FANOUT_TOPICS`. A failure is
        logged, not raised: what was published is already stored, and streams fill gaps
        from there."""
        metrics.LIVE_PUBLISHED.inc()
        names = list(topics)
        payload = encode(event, id=uuid.uuid4().hex, topics=names, published=time.time())
        channels = (
            [self._fanout]
            if len(names) > FANOUT_TOPICS
            else [self._prefix + topic for topic in names]
        )
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for channel in channels:
                    pipe.publish(channel, payload)
                await pipe.execute()
        except (RedisError, OSError) as error:
            log.warning("could not publish a live event to Redis: %s", error)

    @asynccontextmanager
    async def subscribe(self, topics: Iterable[str]) -> AsyncIterator[Subscription]:
        """Buffer the events of ``topics`` published by any process from now on (once
        Redis confirmed the subscription) until the context exits."""
        names = sorted(set(topics))
        await self._start()
        async with self._local.subscribe(names) as subscription:
            await self._follow(names)
            try:
                yield subscription
            finally:
                await self._unfollow(names)

    async def close(self) -> None:
        """Stop listening and close the connections to Redis."""
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        with contextlib.suppress(RedisError, OSError):
            await self._pubsub.aclose()
        await self._redis.aclose()

    def subscriber_count(self) -> int:
        """How many subscriptions are open in this process."""
        return self._local.subscriber_count()

    async def _start(self) -> None:
        """Listen, on first use (once, however many subscribe at once): to a channel of this
        process's own, which keeps the connection subscribed while nobody here follows
        anything, and to the channel of events for many topics."""
        confirmed = [self._expect(self._control), self._expect(self._fanout)]
        async with self._lock:
            if self._reader is None:
                await self._pubsub.subscribe(self._control, self._fanout)
                self._reader = asyncio.create_task(self._read(), name="souq-redis-broker")
        await asyncio.gather(*confirmed)

    async def _follow(self, topics: list[str]) -> None:
        async with self._lock:
            new = [t for t in topics if self._following[t] == 0]
            self._following.update(topics)
            waits = [self._expect(self._prefix + t) for t in new]
            try:
                if new:
                    await self._pubsub.subscribe(*(self._prefix + t for t in new))
            except BaseException:
                self._following.subtract(topics)
                raise
            waits += [self._confirmed[self._prefix + t] for t in topics if t not in new]
        await asyncio.gather(*waits)

    async def _unfollow(self, topics: list[str]) -> None:
        async with self._lock:
            self._following.subtract(topics)
            gone = [t for t in topics if self._following[t] <= 0]
            for topic in gone:
                del self._following[topic]
                self._confirmed.pop(self._prefix + topic, None)
            if gone:
                with contextlib.suppress(RedisError, OSError):
                    await self._pubsub.unsubscribe(*(self._prefix + t for t in gone))

    def _expect(self, channel: str) -> asyncio.Future[None]:
        """A future that Redis's confirmation of ``channel``'s subscription completes."""
        future = self._confirmed.get(channel)
        if future is None:
            future = self._confirmed[channel] = asyncio.get_running_loop().create_future()
        return future

    async def _read(self) -> None:
        """Deliver what Redis sends, listening again (after telling every subscriber they
        may have missed events) whenever the connection drops."""
        failures = 0
        while True:
            try:
                async for message in self._pubsub.listen():
                    failures = 0
                    self._handle(message)
            except (RedisError, OSError) as error:
                log.warning("lost the connection to Redis (%s); live streams resume", error)
                self._local.end_all(
                    "the connection to the event broker dropped, so live events may have "
                    "been missed; subscribe again with `after` to resume"
                )
                await asyncio.sleep(RECONNECT_SECONDS[min(failures, len(RECONNECT_SECONDS) - 1)])
                failures += 1

    def _handle(self, message: dict[str, Any]) -> None:
        channel = message["channel"].decode()
        if message["type"] == "subscribe":
            future = self._confirmed.get(channel)
            if future is not None and not future.done():
                future.set_result(None)
            return
        if message["type"] != "message":
            return
        try:
            event, envelope = decode(message["data"])
        except (ValueError, KeyError, TypeError) as error:
            log.warning("dropped an unreadable live event on %s: %s", channel, error)
            return
        if envelope["id"] in self._seen:
            return
        self._seen[envelope["id"]] = None
        if len(self._seen) > SEEN_IDS:
            self._seen.popitem(last=False)
        published = envelope.get("published")  # absent from an older souq's events
        if self._local.deliver(envelope["topics"], event) and isinstance(published, int | float):
            metrics.broker_lag(published)
