"""The in-process event broker: topics by person or conversation, each event once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from souq.errors import FellBehind
from souq.events.broker import InProcessBroker, conversation_topic, person_topic
from souq.events.types import Author, MessagePosted, MessageRecord


def _event(seq: int) -> MessagePosted:
    author = Author(1, "ana", "Ana")
    return MessagePosted(MessageRecord(seq, 7, seq, f"m{seq}", datetime.now(UTC), author))


async def test_subscribers_get_each_event_once_in_publish_order() -> None:
    broker = InProcessBroker()
    async with (
        broker.subscribe([person_topic(1), conversation_topic(7)]) as both,
        broker.subscribe([conversation_topic(7)]) as room,
        broker.subscribe([person_topic(2)]) as other,
    ):
        await broker.publish([person_topic(1), conversation_topic(7)], _event(1))
        await broker.publish([conversation_topic(7)], _event(2))
        await broker.publish([person_topic(2)], _event(3))
        assert [(await anext(aiter(both))).message.seq for _ in range(2)] == [1, 2]
        assert [(await anext(aiter(room))).message.seq for _ in range(2)] == [1, 2]
        assert (await anext(aiter(other))).message.seq == 3
        assert broker.subscriber_count() == 3
    assert broker.subscriber_count() == 0


async def test_events_before_subscribing_are_not_delivered() -> None:
    broker = InProcessBroker()
    await broker.publish([person_topic(1)], _event(1))
    async with broker.subscribe([person_topic(1)]) as live:
        await broker.publish([person_topic(1)], _event(2))
        assert (await anext(aiter(live))).message.seq == 2


async def test_a_subscriber_that_does_not_read_is_ended_not_grown() -> None:
    broker = InProcessBroker(buffer_size=3)
    async with (
        broker.subscribe([person_topic(1)]) as idle,
        broker.subscribe([person_topic(1)]) as busy,
    ):
        busy_seen = []
        for seq in range(1, 11):
            await broker.publish([person_topic(1)], _event(seq))
            busy_seen.append((await anext(aiter(busy))).message.seq)
        assert busy_seen == list(range(1, 11))
        assert idle.queue.qsize() == 1  # the backlog was dropped, only the end is left
        with pytest.raises(FellBehind) as ended:
            await anext(aiter(idle))
        assert ended.value.details == {"limit": 3}
