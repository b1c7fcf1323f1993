"""The live stream of one person: replay what they missed, then follow live, no gap, no repeat."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

from souq.events.broker import Broker, person_topic
from souq.events.types import MessageRecord

from .accounts import Account
from .conversations import Conversations
from .messages import Messages


class LiveEvents:
    """Builds each person's event stream from the database and the broker."""

    def __init__(self, conversations: Conversations, messages: Messages, broker: Broker) -> None:
        self._conversations = conversations
        self._messages = messages
        self._broker = broker

    async def stream(
        self, me: Account, seen: Mapping[int, int] | None
    ) -> AsyncIterator[MessageRecord]:
        """New messages of every conversation ``me`` belongs to, in seq order per conversation.

        With ``seen`` (``{conversation id: last seq the client has}``), first replay what
        came after it from the database (conversations not listed replay from the start),
        then go live. Live events are buffered from before the replay starts; any seq
        already delivered is skipped, and a jump in seq is filled from the database, so
        the switch from replay to live loses and repeats nothing.
        """
        async with self._broker.subscribe([person_topic(me.id)]) as live:
            delivered: dict[int, int] = {}
            if seen is not None:
                for cid, last_seq in (await self._conversations.conversation_ids_of(me)).items():
                    delivered[cid] = max(0, seen.get(cid, 0))
                    async for record in self._messages.between(cid, delivered[cid], last_seq + 1):
                        yield record
                        delivered[cid] = record.seq
            async for event in live:
                record = event.message
                cid = record.conversation_id
                previous = delivered.get(cid)
                if previous is not None:
                    if record.seq <= previous:
                        continue
                    async for missed in self._messages.between(cid, previous, record.seq):
                        yield missed
                yield record
                delivered[cid] = record.seq
