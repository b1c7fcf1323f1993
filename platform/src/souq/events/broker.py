"""The event broker: publish an event to topics, subscribe to topics.

Topics are plain strings: ``person:<id>`` for everything one person should see live and
``conversation:<id>`` for one conversation. The in-process broker serves one souq process;
a Redis broker with the same interface serves several.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

from .types import Event


def person_topic(user_id: int) -> str:
    """The topic carrying everything ``user_id`` should see live."""
    return f"person:{user_id}"


def conversation_topic(conversation_id: int) -> str:
    """The topic carrying the events of one conversation."""
    return f"conversation:{conversation_id}"


class Broker(Protocol):
    """Carries events from the process that made them to every subscriber."""

    async def publish(self, topics: Iterable[str], event: Event) -> None:
        """Deliver ``event`` to the subscribers of any of ``topics`` (once each)."""

    def subscribe(self, topics: Iterable[str]) -> AbstractAsyncContextManager[AsyncIterable[Event]]:
        """An async context manager yielding the events of ``topics`` in publish order.

        Events published after ``__aenter__`` returns are buffered until read.
        """

    async def close(self) -> None:
        """Release the broker's resources."""


class _Queue:
    """One subscriber's buffer."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[Event] = asyncio.Queue()

    async def __aiter__(self) -> AsyncIterator[Event]:
        while True:
            yield await self.queue.get()


class InProcessBroker:
    """A broker for a single process: one queue per subscriber."""

    def __init__(self) -> None:
        self._subscribers: defaultdict[str, set[_Queue]] = defaultdict(set)

    async def publish(self, topics: Iterable[str], event: Event) -> None:
        """Put ``event`` in the queue of every subscriber of ``topics``."""
        delivered: set[_Queue] = set()
        for topic in topics:
            for subscriber in self._subscribers.get(topic, ()):
                if subscriber not in delivered:
                    delivered.add(subscriber)
                    subscriber.queue.put_nowait(event)

    @asynccontextmanager
    async def subscribe(self, topics: Iterable[str]) -> AsyncIterator[_Queue]:
        """Buffer the events of ``topics`` from now on until the context exits."""
        subscriber = _Queue()
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
