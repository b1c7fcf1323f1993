"""Conversations: direct ones between two people, and groups with an owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from souq.db.database import Database
from souq.db.models import Conversation, Member, User
from souq.errors import BadInput, Forbidden, NotFound
from souq.events.broker import Broker, person_topic
from souq.events.types import ConversationLeft
from souq.services import text

from .accounts import Account, normalize_username

MAX_TITLE = 120


@dataclass(frozen=True, slots=True)
class ConversationView:
    """A conversation as one of its members sees it."""

    id: int
    kind: str
    title: str | None
    owner_id: int | None
    last_seq: int
    last_read_seq: int
    created_at: datetime
    last_activity_at: datetime
    app_slug: str | None = None
    """The app of a person's chat with an app (kind ``app``)."""


def _view(conversation: Conversation, member: Member) -> ConversationView:
    return ConversationView(
        id=conversation.id,
        kind=conversation.kind,
        title=conversation.title,
        owner_id=conversation.owner_id,
        last_seq=conversation.last_seq,
        last_read_seq=member.last_read_seq,
        created_at=conversation.created_at,
        last_activity_at=conversation.last_activity_at,
        app_slug=conversation.app_slug,
    )


def member_view(session: Session, viewer_id: int, conversation_id: int) -> ConversationView:
    """The conversation as ``viewer_id`` sees it; ``NotFound`` unless they are a member."""
    row = session.execute(
        select(Conversation, Member)
        .join(Member, Member.conversation_id == Conversation.id)
        .where(Conversation.id == conversation_id, Member.user_id == viewer_id)
    ).first()
    if row is None:
        raise NotFound("conversation not found")
    return _view(*row)


def _user_ids(session: Session, usernames: list[str]) -> dict[str, int]:
    names = sorted({normalize_username(n) for n in usernames})
    rows = session.execute(
        select(User.username, User.id).where(User.username.in_(names), User.deleted_at.is_(None))
    )
    found = {name: uid for name, uid in rows}
    missing = [n for n in names if n not in found]
    if missing:
        raise NotFound(f"no account named {', '.join(map(repr, missing))}")
    return found


def _check_title(title: str) -> str:
    title = text.name(title, "title").strip()
    if not 1 <= len(title) <= MAX_TITLE:
        raise BadInput(f"title must be 1-{MAX_TITLE} characters", field="title")
    return title


class Conversations:
    """Opens conversations and manages who belongs to them; tells whoever leaves a group
    (or is removed from it) live, so their clients stop showing it."""

    def __init__(self, db: Database, broker: Broker, *, max_group_members: int) -> None:
        self._db = db
        self._broker = broker
        self._max_members = max_group_members

    async def _left(self, conversation_id: int, user_id: int) -> None:
        await self._broker.publish(
            [person_topic(user_id)], ConversationLeft(conversation_id, user_id)
        )

    async def open_direct(self, me: Account, username: str) -> ConversationView:
        """The direct conversation between ``me`` and ``username``, created on first use."""

        def open_(session: Session) -> ConversationView:
            other = _user_ids(session, [username])[normalize_username(username)]
            if other == me.id:
                raise BadInput("a direct conversation needs another person", field="username")
            key = f"{min(me.id, other)}:{max(me.id, other)}"
            existing = session.scalar(select(Conversation.id).where(Conversation.direct_key == key))
            if existing is None:
                conversation = Conversation(kind="direct", direct_key=key)
                try:
                    with session.begin_nested():  # flushes what is pending, then SAVEPOINT
                        session.add(conversation)
                        session.flush()
                except IntegrityError:  # opened concurrently by the other person
                    existing = session.scalar(
                        select(Conversation.id).where(Conversation.direct_key == key)
                    )
                else:
                    session.add_all(
                        [
                            Member(conversation_id=conversation.id, user_id=uid)
                            for uid in (me.id, other)
                        ]
                    )
                    session.flush()
                    existing = conversation.id
            return member_view(session, me.id, existing)

        return await self._db.write(open_)

    async def create_group(self, me: Account, title: str, usernames: list[str]) -> ConversationView:
        """A new group owned by ``me`` with ``me`` and ``usernames`` as members."""
        title = _check_title(title)

        def create(session: Session) -> ConversationView:
            ids = set(_user_ids(session, usernames).values()) | {me.id}
            if len(ids) > self._max_members:
                raise BadInput(
                    f"a group has at most {self._max_members} members", field="usernames"
                )
            conversation = Conversation(kind="group", title=title, owner_id=me.id)
            session.add(conversation)
            session.flush()
            session.add_all(Member(conversation_id=conversation.id, user_id=uid) for uid in ids)
            session.flush()
            return member_view(session, me.id, conversation.id)

        return await self._db.write(create)

    def _owned_group(self, session: Session, me: Account, conversation_id: int) -> ConversationView:
        view = member_view(session, me.id, conversation_id)
        if view.kind != "group":
            raise BadInput("only groups have members to manage", field="conversationId")
        if view.owner_id != me.id:
            raise Forbidden("only the group's owner can change its members")
        return view

    async def add_members(
        self, me: Account, conversation_id: int, usernames: list[str]
    ) -> ConversationView:
        """Add people to a group ``me`` owns (those already in it are left as they are)."""

        def add(session: Session) -> ConversationView:
            self._owned_group(session, me, conversation_id)
            ids = set(_user_ids(session, usernames).values())
            present = set(
                session.scalars(
                    select(Member.user_id).where(
                        Member.conversation_id == conversation_id, Member.user_id.in_(ids)
                    )
                )
            )
            count = session.scalar(
                select(func.count())
                .select_from(Member)
                .where(Member.conversation_id == conversation_id)
            )
            new = ids - present
            if (count or 0) + len(new) > self._max_members:
                raise BadInput(
                    f"a group has at most {self._max_members} members", field="usernames"
                )
            last_seq = session.scalar(
                select(Conversation.last_seq).where(Conversation.id == conversation_id)
            )
            # Newcomers start with everything already said marked as read.
            session.add_all(
                Member(conversation_id=conversation_id, user_id=uid, last_read_seq=last_seq or 0)
                for uid in new
            )
            session.flush()
            return member_view(session, me.id, conversation_id)

        return await self._db.write(add)

    async def remove_member(
        self, me: Account, conversation_id: int, username: str
    ) -> ConversationView:
        """Remove someone from a group ``me`` owns (the owner leaves with :meth:`leave`)."""

        def remove(session: Session) -> tuple[ConversationView, int]:
            self._owned_group(session, me, conversation_id)
            uid = _user_ids(session, [username])[normalize_username(username)]
            if uid == me.id:
                raise BadInput("the owner leaves with leaveConversation", field="username")
            result = session.execute(
                delete(Member).where(
                    Member.conversation_id == conversation_id, Member.user_id == uid
                )
            )
            if not result.rowcount:  # type: ignore[attr-defined]
                raise NotFound(f"{normalize_username(username)!r} is not a member")
            return member_view(session, me.id, conversation_id), uid

        view, removed = await self._db.write(remove)
        await self._left(conversation_id, removed)
        return view

    async def leave(self, me: Account, conversation_id: int) -> None:
        """Leave a group; an owner who leaves hands the group to its longest-standing member."""

        def leave_(session: Session) -> None:
            view = member_view(session, me.id, conversation_id)
            if view.kind != "group":
                raise BadInput("a direct conversation cannot be left", field="conversationId")
            session.execute(
                delete(Member).where(
                    Member.conversation_id == conversation_id, Member.user_id == me.id
                )
            )
            if view.owner_id == me.id:
                heir = session.scalar(
                    select(Member.user_id)
                    .where(Member.conversation_id == conversation_id)
                    .order_by(Member.joined_at, Member.user_id)
                    .limit(1)
                )
                conversation = session.get(Conversation, conversation_id)
                assert conversation is not None
                conversation.owner_id = heir

        await self._db.write(leave_)
        await self._left(conversation_id, me.id)  # their other windows

    async def get(self, me: Account, conversation_id: int) -> ConversationView:
        """One conversation of ``me``'s; ``NotFound`` for anyone else."""
        return await self._db.read(lambda s: member_view(s, me.id, conversation_id))

    async def page(
        self, me: Account, *, first: int, after: tuple[datetime, int] | None
    ) -> tuple[list[ConversationView], bool]:
        """``me``'s conversations, most recently active first; returns ``(page, has_more)``."""
        query = (
            select(Conversation, Member)
            .join(Member, Member.conversation_id == Conversation.id)
            .where(Member.user_id == me.id)
            .order_by(Conversation.last_activity_at.desc(), Conversation.id.desc())
            .limit(first + 1)
        )
        if after is not None:
            at, cid = after
            query = query.where(
                or_(
                    Conversation.last_activity_at < at,
                    and_(Conversation.last_activity_at == at, Conversation.id < cid),
                )
            )
        rows = await self._db.read(lambda s: s.execute(query).all())
        views = [_view(c, m) for c, m in rows]
        return views[:first], len(views) > first

    async def member_ids(self, conversation_ids: list[int]) -> dict[int, list[int]]:
        """Member ids of each conversation (for batch loading)."""
        query = (
            select(Member.conversation_id, Member.user_id)
            .where(Member.conversation_id.in_(conversation_ids))
            .order_by(Member.joined_at, Member.user_id)
        )
        rows = await self._db.read(lambda s: s.execute(query).all())
        members: dict[int, list[int]] = {cid: [] for cid in conversation_ids}
        for cid, uid in rows:
            members[cid].append(uid)
        return members

    async def conversation_ids_of(self, me: Account) -> dict[int, int]:
        """``{conversation id: last seq}`` for every conversation of ``me``'s."""
        query = (
            select(Conversation.id, Conversation.last_seq)
            .join(Member, Member.conversation_id == Conversation.id)
            .where(Member.user_id == me.id)
        )
        return await self._db.read(lambda s: {cid: seq for cid, seq in s.execute(query)})


__all__ = ["ConversationView", "Conversations", "member_view"]
