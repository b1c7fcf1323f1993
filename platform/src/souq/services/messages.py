"""Messages: durable, ordered by a gapless per-conversation ``seq``, never duplicated.

Every message takes the conversation's next ``seq``. A private message (an app's reply
meant for one person, or the command line that person typed) is seen by that member
only, so other members see a subsequence of the seqs.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from souq.db.database import Database
from souq.db.models import Conversation, Member, Message, User, utcnow
from souq.errors import BadInput, IdempotencyConflict, NotFound
from souq.events.broker import Broker, person_topic
from souq.events.types import Author, MessagePosted, MessageRecord, MessageUpdated
from souq.services import text

from .accounts import Account
from .conversations import ConversationView, member_view

T = TypeVar("T")

MAX_CLIENT_ID = 64
REPLAY_PAGE = 100
"""Messages fetched per query when replaying: memory per replay stays bounded."""
REPLAY_READERS = 2
"""Replay pages fetched at once in this process. Turning rows into records holds the
GIL; many reader threads doing it side by side starve the event loop (each switch back
waits for the interpreter), so a storm of replays queues here instead of stalling every
other request. Only the fetch is limited, not the sending: a client that reads slowly
holds no slot."""

Sender = aliased(User, name="sender")
Invoker = aliased(User, name="invoker")
RecordRow = tuple[Message, User | None, User | None]


def _author(user: User | Account | None) -> Author | None:
    return Author(user.id, user.username, user.display_name) if user is not None else None


def records_query() -> Select[tuple[Message, User, User]]:
    return (
        select(Message, Sender, Invoker)
        .outerjoin(Sender, Sender.id == Message.sender_id)
        .outerjoin(Invoker, Invoker.id == Message.invoker_id)
    )


def visible(user_id: int) -> ColumnElement[bool]:
    """Messages ``user_id`` may see (given they are a member)."""
    return or_(Message.visible_to.is_(None), Message.visible_to == user_id)


def record(
    message: Message, sender: User | Account | None, invoker: User | Account | None = None
) -> MessageRecord:
    """The plain value of a stored message."""
    return MessageRecord(
        id=message.id,
        conversation_id=message.conversation_id,
        seq=message.seq,
        body=message.body,
        created_at=message.created_at,
        sender=_author(sender),
        client_message_id=message.client_message_id,
        app_slug=message.app_slug,
        invoker=_author(invoker),
        visible_to=message.visible_to,
        content=message.content,
        revision=message.revision,
        updated_at=message.updated_at,
        deleted=message.deleted_at is not None,
    )


def records(session: Session, query: Select[Any]) -> list[MessageRecord]:
    """The messages a query over :func:`records_query` finds."""
    return [record(m, sender, invoker) for m, sender, invoker in session.execute(query)]


def load_record(session: Session, message_id: int) -> MessageRecord:
    """One stored message by id."""
    found = records(session, records_query().where(Message.id == message_id))
    if not found:
        raise NotFound("message not found")
    return found[0]


_conversations, _members, _messages = (
    Conversation.__table__,
    Member.__table__,
    Message.__table__,
)
# The hottest statements of the server, built once: only their values change.
TAKE_SEQ = (
    update(_conversations)
    .where(_conversations.c.id == bindparam("cid"))
    .values(last_seq=_conversations.c.last_seq + 1, last_activity_at=bindparam("now"))
    .returning(_conversations.c.last_seq)
)
"""The next seq of conversation ``cid`` (``now`` its last activity)."""
TAKE_SEQ_AS_MEMBER = TAKE_SEQ.where(
    exists().where(
        _members.c.conversation_id == bindparam("cid"), _members.c.user_id == bindparam("member")
    )
)
"""The same, only if ``member`` is a member of the conversation."""
INSERT_MESSAGE = insert(_messages).returning(_messages.c.id)
"""A message; its columns are the keys of the values given."""
MEMBER_IDS = select(_members.c.user_id).where(_members.c.conversation_id == bindparam("cid"))
"""The members of conversation ``cid``."""


def append(
    session: Session,
    conversation_id: int,
    *,
    member_id: int | None = None,
    sender: Account | None = None,
    invoker: Account | None = None,
    **values: Any,
) -> MessageRecord:
    """Add a message with the conversation's next seq (inside the caller's transaction).

    With ``member_id``, only if that person is a member (else ``NotFound``). Taking the
    seq locks the conversation row until commit (PostgreSQL), so seqs are gapless and
    concurrent writers to one conversation queue here. Plain Core statements: this is
    the hottest write of the server.
    """
    now = utcnow()
    connection = session.connection()  # Core on the connection: no ORM bulk machinery
    if member_id is None:
        seq = connection.scalar(TAKE_SEQ, {"cid": conversation_id, "now": now})
    else:
        seq = connection.scalar(
            TAKE_SEQ_AS_MEMBER, {"cid": conversation_id, "now": now, "member": member_id}
        )
    if seq is None:
        raise NotFound("conversation not found")
    row = {
        "conversation_id": conversation_id,
        "seq": seq,
        "created_at": now,
        "revision": 0,
        "sender_id": sender.id if sender else None,
        "invoker_id": invoker.id if invoker else None,
        **values,
    }
    message_id = connection.scalar(INSERT_MESSAGE, row)
    return MessageRecord(
        id=message_id,
        conversation_id=conversation_id,
        seq=seq,
        body=row["body"],
        created_at=now,
        sender=_author(sender),
        client_message_id=row.get("client_message_id"),
        app_slug=row.get("app_slug"),
        invoker=_author(invoker),
        visible_to=row.get("visible_to"),
        content=row.get("content"),
    )


def revise(
    session: Session, outbox: Outbox, message_id: int, *, body: str, content: dict[str, Any] | None
) -> MessageRecord:
    """Change a message in place (an app's card): a new revision, announced to its audience."""
    session.execute(
        update(Message)
        .where(Message.id == message_id)
        .values(body=body, content=content, revision=Message.revision + 1, updated_at=utcnow())
    )
    message = load_record(session, message_id)
    outbox.updated(session, message)
    return message


def audience(session: Session, message: MessageRecord) -> list[int]:
    """Who gets a message live: its one reader if private, else every member."""
    if message.visible_to is not None:
        return [message.visible_to]
    return list(session.connection().scalars(MEMBER_IDS, {"cid": message.conversation_id}))


@dataclass
class Outbox:
    """Events to publish once the transaction that made them has committed, each with
    its audience as of that transaction."""

    events: list[tuple[list[int], MessagePosted | MessageUpdated]] = field(default_factory=list)

    def posted(self, session: Session, message: MessageRecord) -> None:
        """Queue a new message."""
        self.events.append((audience(session, message), MessagePosted(message)))

    def updated(self, session: Session, message: MessageRecord) -> None:
        """Queue a changed message."""
        self.events.append((audience(session, message), MessageUpdated(message)))

    async def publish(self, broker: Broker) -> None:
        """Publish everything queued, in order."""
        for people, event in self.events:
            await broker.publish(map(person_topic, people), event)


class Messages:
    """Sends, pages, marks as read and replays messages; publishes what it commits."""

    def __init__(self, db: Database, broker: Broker, *, max_length: int) -> None:
        self._db = db
        self._broker = broker
        self._max_length = max_length
        self._replay_reads = asyncio.Semaphore(REPLAY_READERS)

    def check(self, body: str, client_message_id: str) -> None:
        """Refuse a blank, oversized or unreadable body, or a malformed client id."""
        text.text(body, "body", multiline=True)
        text.key(client_message_id, "clientMessageId")
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

    async def write(self, fn: Callable[[Session, Outbox], T]) -> T:
        """Run ``fn`` in a write transaction, then publish the events it queued."""
        outbox = Outbox()
        result = await self._db.write(lambda session: fn(session, outbox))
        await outbox.publish(self._broker)
        return result

    async def _original(
        self, me: Account, conversation_id: int, body: str, client_message_id: str
    ) -> MessageRecord | None:
        query = records_query().where(
            Message.sender_id == me.id, Message.client_message_id == client_message_id
        )
        found = await self._db.read(lambda s: records(s, query))
        if not found:
            return None
        if found[0].conversation_id != conversation_id or found[0].body != body:
            raise IdempotencyConflict(
                "clientMessageId was already used for a different message", field="clientMessageId"
            )
        return found[0]

    async def send(
        self,
        me: Account,
        conversation_id: int,
        body: str,
        client_message_id: str,
        *,
        private: bool = False,
        also: Callable[[Session], None] | None = None,
    ) -> tuple[MessageRecord, bool]:
        """Commit a message, then publish it; returns ``(message, created)``.

        A retry with the same ``client_message_id`` returns the original message with
        ``created`` false; reusing it for a different body or conversation is an
        ``IdempotencyConflict``. ``private`` makes the message visible to ``me`` only.
        Only members may send (``NotFound`` for anyone else). ``also`` runs in the same
        transaction once the message is stored (the app host reads an app's state there).
        """
        self.check(body, client_message_id)

        def insert(session: Session, outbox: Outbox) -> MessageRecord:
            sent = append(
                session,
                conversation_id,
                member_id=me.id,
                sender=me,
                body=body,
                client_message_id=client_message_id,
                visible_to=me.id if private else None,
            )
            outbox.posted(session, sent)
            if also is not None:
                also(session)
            return sent

        try:
            return await self.write(insert), True
        except IntegrityError:  # the client id is taken: a retry, or a reuse
            original = await self._original(me, conversation_id, body, client_message_id)
            if original is None:
                raise
            return original, False

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
        """A page of the messages ``me`` may see: ``first`` after ``after``, or ``last``
        before ``before``. Returns ``(messages in seq order, has_previous, has_next)``."""

        def read(session: Session) -> tuple[list[MessageRecord], bool, bool]:
            member_view(session, me.id, conversation_id)
            mine = and_(Message.conversation_id == conversation_id, visible(me.id))
            window = [mine]
            if after is not None:
                window.append(Message.seq > after)
            if before is not None:
                window.append(Message.seq < before)
            query = records_query().where(*window)
            if first is not None:
                found = records(session, query.order_by(Message.seq).limit(first + 1))
                more, found = len(found) > first, found[:first]
            else:
                size = last or 0
                found = records(session, query.order_by(Message.seq.desc()).limit(size + 1))
                more, found = len(found) > size, found[:size][::-1]
            low = found[0].seq if found else (after or 0) + 1
            high = found[-1].seq if found else (before - 1 if before is not None else 2**62)
            if first is not None:
                earlier = session.scalar(select(exists().where(mine, Message.seq < low)))
                return found, bool(earlier), more
            later = session.scalar(select(exists().where(mine, Message.seq > high)))
            return found, more, bool(later)

        return await self._db.read(read)

    async def mark_read(self, me: Account, conversation_id: int, seq: int) -> ConversationView:
        """Move ``me``'s read marker forward to ``seq`` (never backwards)."""

        def mark(session: Session) -> ConversationView:
            view = member_view(session, me.id, conversation_id)
            if not 0 <= seq <= view.last_seq:
                raise BadInput(f"seq must be between 0 and {view.last_seq}", field="seq")
            session.execute(
                update(Member)
                .where(
                    Member.conversation_id == conversation_id,
                    Member.user_id == me.id,
                    Member.last_read_seq < seq,
                )
                .values(last_read_seq=seq)
            )
            return member_view(session, me.id, conversation_id)

        return await self._db.write(mark)

    async def last_messages(
        self, me: Account, conversation_ids: list[int]
    ) -> dict[int, MessageRecord]:
        """The newest message ``me`` may see in each conversation (for batch loading)."""
        newest = (
            select(Message.conversation_id, func.max(Message.seq).label("seq"))
            .where(Message.conversation_id.in_(conversation_ids), visible(me.id))
            .group_by(Message.conversation_id)
            .subquery()
        )
        query = records_query().join(
            newest,
            and_(newest.c.conversation_id == Message.conversation_id, newest.c.seq == Message.seq),
        )
        return await self._db.read(lambda s: {r.conversation_id: r for r in records(s, query)})

    async def unread_counts(self, me: Account, conversation_ids: list[int]) -> dict[int, int]:
        """Messages after ``me``'s read marker that ``me`` may see and did not write."""
        query = (
            select(Message.conversation_id, func.count())
            .join(
                Member,
                and_(Member.conversation_id == Message.conversation_id, Member.user_id == me.id),
            )
            .where(
                Message.conversation_id.in_(conversation_ids),
                Message.seq > Member.last_read_seq,
                visible(me.id),
                or_(Message.sender_id.is_(None), Message.sender_id != me.id),
            )
            .group_by(Message.conversation_id)
        )
        return await self._db.read(lambda s: {cid: count for cid, count in s.execute(query)})

    async def between(
        self, me: Account, conversation_id: int, after_seq: int, before_seq: int | None = None
    ) -> AsyncIterator[MessageRecord]:
        """Messages ``me`` may see with ``after_seq < seq < before_seq``, in order.

        Fetched a page of :data:`REPLAY_PAGE` at a time, giving the event loop a turn
        between pages so a long replay never holds up other requests. The caller must
        have checked membership.
        """
        while True:
            query = (
                records_query()
                .where(
                    Message.conversation_id == conversation_id,
                    Message.seq > after_seq,
                    visible(me.id),
                )
                .order_by(Message.seq)
                .limit(REPLAY_PAGE)
            )
            if before_seq is not None:
                query = query.where(Message.seq < before_seq)
            async with self._replay_reads:
                page = await self._db.read(lambda s, q=query: records(s, q))
            for item in page:
                yield item
            if len(page) < REPLAY_PAGE:
                return
            after_seq = page[-1].seq
            await asyncio.sleep(0)

    async def get(self, me: Account, message_id: int) -> MessageRecord:
        """A message ``me`` may see (``NotFound`` otherwise, whether or not it exists)."""

        def read(session: Session) -> MessageRecord:
            found = records(session, records_query().where(Message.id == message_id))
            if not found or not found[0].visible_for(me.id):
                raise NotFound("message not found")
            member_view(session, me.id, found[0].conversation_id)
            return found[0]

        return await self._db.read(read)
