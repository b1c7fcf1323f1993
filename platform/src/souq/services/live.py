"""The live stream of one person: replay what they missed, then follow live, no gap, no repeat."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping

from souq.events.broker import Broker, person_topic
from souq.events.types import ConversationLeft, MessagePosted, MessageUpdated, PersonEvent

from .accounts import Account
from .conversations import Conversations
from .messages import Messages


async def _next_turn() -> None:
    """Give every other socket and request a turn: sending rarely waits, so a stream
    replaying from the database would otherwise keep the loop for a whole page."""
    await asyncio.sleep(0)


class LiveEvents:
    """Builds each person's event stream from the database and the broker."""

    def __init__(self, conversations: Conversations, messages: Messages, broker: Broker) -> None:
        self._conversations = conversations
        self._messages = messages
        self._broker = broker

    async def stream(
        self, me: Account, seen: Mapping[int, int] | None
    ) -> AsyncIterator[PersonEvent]:
        """Events of every conversation ``me`` belongs to, new messages in seq order.

        With ``seen`` (``{conversation id: last seq the client has}``), first replay what
        came after it from the database (conversations not listed replay from the start),
        then go live. Live events are buffered from before the replay starts; a message
        already delivered is skipped, and a jump in seq is filled from the database, so
        the switch from replay to live loses and repeats nothing. (Seqs of messages
        private to other members are skipped over, so jumps are normal.) Replay reads a
        page at a time (:meth:`Messages.between`). A stream that falls more than the
        broker's buffer behind ends with ``FellBehind``; the client resumes with ``seen``.
        Leaving a group, or being removed from it, comes as ``ConversationLeft``.
        """
        async with self._broker.subscribe([person_topic(me.id)]) as live:
            delivered: dict[int, int] = {}
            if seen is not None:
                for cid, last_seq in (await self._conversations.conversation_ids_of(me)).items():
                    delivered[cid] = max(0, seen.get(cid, 0))
                    async for message in self._messages.between(
                        me, cid, delivered[cid], last_seq + 1
                    ):
                        yield MessagePosted(message)
                        delivered[cid] = message.seq
                        await _next_turn()
            async for event in live:
                if isinstance(event, ConversationLeft):
                    delivered.pop(event.conversation_id, None)  # rejoining replays afresh
                    yield event
                    continue
                assert isinstance(event, MessagePosted | MessageUpdated)  # a person's topic
                message = event.message
                cid = message.conversation_id
                previous = delivered.get(cid)
                if previous is not None and message.seq <= previous:
                    if isinstance(event, MessageUpdated):
                        yield event
                    continue
                if previous is not None and message.seq > previous + 1:
                    # Fill the gap from the database, up to and including this message:
                    # the stored version is the newest, whatever this event carries.
                    async for missed in self._messages.between(me, cid, previous, message.seq + 1):
                        yield MessagePosted(missed)
                        delivered[cid] = missed.seq
                        await _next_turn()
                    continue
                yield MessagePosted(message) if isinstance(event, MessageUpdated) else event
                delivered[cid] = message.seq
