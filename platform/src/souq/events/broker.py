"""The event broker: publish an event to topics, subscribe to topics.

Topics are plain strings: ``person:<id>`` for everything one person should see live,
``access:<id>`` for changes to one person's access (their sockets check their tokens again)
and ``conversation:<id>`` for one conversation. The in-process broker serves one souq
process; the Redis broker (:mod:`souq.events.redis_broker`) serves several.

Each subscriber has a bounded buffer: one that does not keep up is ended with
:class:`~souq.errors.FellBehind` rather than let its backlog grow without bound (a live
stream resumes from the database with ``after``).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

from souq.errors import FellBehind
from souq.observability import metrics

from .types import Event


def person_topic(user_id: int) -> str:
    """The topic carrying everything ``user_id`` should see live."""
    return f"person:{user_id}"


def access_topic(user_id: int) -> str:
    """The topic announcing that ``user_id``'s access changed (:class:`AccessChanged`)."""
    return f"access:{user_id}"


def conversation_topic(conversation_id: int) -> str:
    """The topic carrying the events of one conversation."""
    return f"conversation:{conversation_id}"


class Broker(Protocol):
    """Carries events from the process that made them to every subscriber."""

    async def publish(self, topics: Iterable[str], event: Event) -> None:
        """Deliver ``event`` to the subscribers of any of ``topics`` (once each)."""

    def subscribe(self, topics: Iterable[str]) -> AbstractAsyncContextManager[AsyncIterable[Event]]:
        """An async context manager yielding the events of ``topics`` in publish order.

        Events published after ``__aenter__`` returns are buffered until read, up to the
        broker's buffer size; once a subscriber's buffer overflows, its backlog is dropped
        and reading raises :class:`~souq.errors.FellBehind`.
        """

    async def close(self) -> None:
        """Release the broker's resources."""


class Subscription:
    """One subscriber's buffer, holding at most ``size`` events; reading it yields them in
    order, until it overflows or is ended."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.queue: asyncio.Queue[Event | None] = asyncio.Queue(size)
        self.ended: str | None = None

    def put(self, event: Event) -> None:
        """Buffer ``event``; on overflow drop the backlog and end the subscription."""
        if self.ended is not None:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.end(
                f"more than {self.size} live events were waiting to be read; "
                "subscribe again with `after` to resume"
            )

    def end(self, reason: str) -> None:
        """Drop the backlog and end the subscription: reading raises
        :class:`~souq.errors.FellBehind` with ``reason``."""
        if self.ended is not None:
            return
        self.ended = reason
        metrics.FELL_BEHIND.inc()
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(None)  # wakes the reader, which raises FellBehind

    async def __aiter__(self) -> AsyncIterator[Event]:
        queue = self.queue
        while True:
            if not queue.empty():
                # A backlog: give every other socket and request a turn before each event
                # (sending rarely waits, so it would otherwise keep the loop throughout).
                # An empty queue waits below, and the loop serves the others meanwhile.
                await asyncio.sleep(0)
            event = await queue.get()
            if event is None:
                raise FellBehind(self.ended or "", limit=self.size)
            yield event


class InProcessBroker:
    """A broker for a single process: one bounded queue per subscriber.

    It observes no broker lag: :meth:`publish` puts the event in every buffer before it
    returns, so the lag would be that loop's own microseconds, measured at a cost on every
    publish to say nothing (the lag of reading a buffer is the subscriber's, not the
    broker's)."""

    def __init__(self, *, buffer_size: int = 1000) -> None:
        self._buffer_size = buffer_size
        self._subscribers: defaultdict[str, set[Subscription]] = defaultdict(set)

    async def publish(self, topics: Iterable[str], event: Event) -> None:
        """Put ``event`` in the buffer of every subscriber of ``topics``."""
        metrics.LIVE_PUBLISHED.inc()
        self.deliver(topics, event)

    def deliver(self, topics: Iterable[str], event: Event) -> int:
        """Put ``event`` in the buffer of every subscriber of ``topics``, once each, and
        return how many subscribers that was."""
        delivered: set[Subscription] = set()
        for topic in topics:
            for subscriber in self._subscribers.get(topic, ()):
                if subscriber not in delivered:
                    delivered.add(subscriber)
                    subscriber.put(event)
        if delivered:
            metrics.LIVE_DELIVERED.inc(len(delivered))
        return len(delivered)

    def end_all(self, reason: str) -> None:
        """End every open subscription (see :meth:`Subscription.end`)."""
        for subscribers in list(self._subscribers.values()):
            for subscriber in list(subscribers):
                subscriber.end(reason)

    @asynccontextmanager
    async def subscribe(self, topics: Iterable[str]) -> AsyncIterator[Subscription]:
        """Buffer the events of ``topics`` from now on until the context exits."""
        subscriber = Subscription(self._buffer_size)
        names = list(topics)
        for topic in names:
            self._subscribers[topic].add(subscriber)
        try:
            yield subscriber
        finally:
            for topic in names:
                self._subscribers[topic].discard(subscriber)
                if not self._subscribers[topic]:
                    del self._subscribers[topic]

    async def close(self) -> None:
        """Nothing to release in process."""

    def subscriber_count(self) -> int:
        """How many subscriptions are open (for health checks and tests)."""
        return len({s for subs in self._subscribers.values() for s in subs})
