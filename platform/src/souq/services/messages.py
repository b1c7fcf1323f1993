"""Messages: durable, ordered by a gapless per-conversation ``seq``, never duplicated."""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from souq.db.database import Database
from souq.db.models import Conversation, Member, Message, User, utcnow
from souq.errors import BadInput, IdempotencyConflict
from souq.events.broker import Broker, person_topic
from souq.events.types import Author, MessagePosted, MessageRecord

from .accounts import Account
from .conversations import ConversationView, member_view

MAX_CLIENT_ID = 64
REPLAY_CHUNK = 500


def _records_query() -> Select[tuple[Message, User]]:
    return select(Message, User).join(User, User.id == Message.sender_id)


def _record(message: Message, sender: User | Account) -> MessageRecord:
    return MessageRecord(
        id=message.id,
        conversation_id=message.conversation_id,
        seq=message.seq,
        body=message.body,
        client_message_id=message.client_message_id,
        created_at=message.created_at,
        sender=Author(sender.id, sender.username, sender.display_name),
    )


async def _records(
    session: AsyncSession, query: Select[tuple[Message, User]]
) -> list[MessageRecord]:
    return [_record(m, u) for m, u in (await session.execute(query))]


class Messages:
    """Sends, pages, marks as read and replays messages; publishes what it commits."""

    def __init__(self, db: Database, broker: Broker, *, max_length: int) -> None:
        self._db = db
        self._broker = broker
        self._max_length = max_length

    def _check(self, body: str, client_message_id: str) -> None:
        if not body.strip():
            raise BadInput("message body is empty", field="body")
        if len(body) > self._max_length:
            raise BadInput(
                f"message body is {len(body)} characters; the limit is {self._max_length}",
                field="body",
            )
        if not 1 <= len(client_message_id) <= MAX_CLIENT_ID:
            raise BadInput(
                f"clientMessageId must be 1-{MAX_CLIENT_ID} characters", field="clientMessageId"
            )

    async def send(
        self, me: Account, conversation_id: int, body: str, client_message_id: str
    ) -> MessageRecord:
        """Commit a message, then publish it to every member.

        A retry with the same ``client_message_id`` returns the original message; reusing
        it for a different body or conversation is an ``IdempotencyConflict``.
        """
        self._check(body, client_message_id)
        serialised = self._db.dialect == "sqlite"

        async def existing(session: AsyncSession) -> MessageRecord | None:
            found = await session.scalar(
                select(Message).where(
                    Message.sender_id == me.id, Message.client_message_id == client_message_id
                )
            )
            if found is None:
                return None
            if found.conversation_id != conversation_id or found.body != body:
                raise IdempotencyConflict(
                    "clientMessageId was already used for a different message",
                    field="clientMessageId",
                )
            return _record(found, me)

        async def insert(session: AsyncSession) -> tuple[MessageRecord, list[int] | None]:
            await member_view(session, me.id, conversation_id)
            if (original := await existing(session)) is not None:
                return original, None
            now = utcnow()
            # Taking the next seq locks the conversation row until commit (PostgreSQL),
            # so seqs are gapless and a concurrent retry waits here.
            seq = await session.scalar(
                update(Conversation)
                .where(Conversation.id == conversation_id)
                .values(last_seq=Conversation.last_seq + 1, last_activity_at=now)
                .returning(Conversation.last_seq)
            )
            if not serialised and (original := await existing(session)) is not None:
                raise _Retry(original)
            message = Message(
                conversation_id=conversation_id,
                seq=seq,
                sender_id=me.id,
                body=body,
                client_message_id=client_message_id,
                created_at=now,
            )
            session.add(message)
            try:
                await session.flush()
            except IntegrityError:
                raise IdempotencyConflict(
                    "clientMessageId was already used for a different message",
                    field="clientMessageId",
                ) from None
            await session.execute(
                update(Member)
                .where(Member.conversation_id == conversation_id, Member.user_id == me.id)
                .values(last_read_seq=seq)
            )
            members = list(
                await session.scalars(
                    select(Member.user_id).where(Member.conversation_id == conversation_id)
                )
            )
            return _record(message, me), members

        try:
            record, members = await self._db.write(insert)
        except _Retry as retry:
            return retry.original
        if members is not None:
            await self._broker.publish(map(person_topic, members), MessagePosted(record))
        return record

    async def page(
        self,
        me: Account,
        conversation_id: int,
        *,
        first: int | None = None,
        after: int | None = None,
        last: int | None = None,
        before: int | None = None,
    ) -> tuple[list[MessageRecord], bool, bool]:
        """A page of messages by seq: ``first`` after ``after``, or ``last`` before ``before``.

        Returns ``(messages in seq order, has_previous, has_next)``; seqs are gapless, so
        both flags follow from the first and last seq on the page.
        """
        async with self._db.read() as session:
            view = await member_view(session, me.id, conversation_id)
            query = _records_query().where(Message.conversation_id == conversation_id)
            if first is not None:
                query = query.where(Message.seq > (after or 0)).order_by(Message.seq).limit(first)
                if before is not None:
                    query = query.where(Message.seq < before)
                records = await _records(session, query)
            else:
                limit = last if last is not None else 0
                upper = before if before is not None else view.last_seq + 1
                query = query.where(Message.seq < upper).order_by(Message.seq.desc()).limit(limit)
                if after is not None:
                    query = query.where(Message.seq > after)
                records = (await _records(session, query))[::-1]
        if not records:  # an empty page: say only whether anything lies beyond it
            if first is not None:
                return [], min(after or 0, view.last_seq) > 0, False
            return [], False, before is not None and before <= view.last_seq
        return records, records[0].seq > 1, records[-1].seq < view.last_seq

    async def mark_read(self, me: Account, conversation_id: int, seq: int) -> ConversationView:
        """Move ``me``'s read marker forward to ``seq`` (never backwards)."""

        async def mark(session: AsyncSession) -> ConversationView:
            view = await member_view(session, me.id, conversation_id)
            if not 0 <= seq <= view.last_seq:
                raise BadInput(f"seq must be between 0 and {view.last_seq}", field="seq")
            await session.execute(
                update(Member)
                .where(
                    Member.conversation_id == conversation_id,
                    Member.user_id == me.id,
                    Member.last_read_seq < seq,
                )
                .values(last_read_seq=seq)
            )
            return await member_view(session, me.id, conversation_id)

        return await self._db.write(mark)

    async def last_messages(self, conversation_ids: list[int]) -> dict[int, MessageRecord]:
        """The newest message of each conversation (for batch loading)."""
        query = (
            _records_query()
            .join(
                Conversation,
                (Conversation.id == Message.conversation_id)
                & (Conversation.last_seq == Message.seq),
            )
            .where(Conversation.id.in_(conversation_ids))
        )
        async with self._db.read() as session:
            return {r.conversation_id: r for r in await _records(session, query)}

    async def between(
        self, conversation_id: int, after_seq: int, before_seq: int | None = None
    ) -> AsyncIterator[MessageRecord]:
        """Messages with ``after_seq < seq < before_seq`` in order, read in chunks.

        The caller must have checked membership.
        """
        while True:
            query = (
                _records_query()
                .where(Message.conversation_id == conversation_id, Message.seq > after_seq)
                .order_by(Message.seq)
                .limit(REPLAY_CHUNK)
            )
            if before_seq is not None:
                query = query.where(Message.seq < before_seq)
            async with self._db.read() as session:
                chunk = await _records(session, query)
            for record in chunk:
                yield record
            if len(chunk) < REPLAY_CHUNK:
                return
            after_seq = chunk[-1].seq


class _Retry(Exception):
    """A concurrent retry committed first: roll back and answer with the original."""

    def __init__(self, original: MessageRecord) -> None:
        super().__init__("retry")
        self.original = original
