"""Business messages: an app messaging a person outside a command, only as they allow.

:meth:`Notices.notify` decides with the one rule (:func:`souq_sdk.notices.decide`) on
what it reads in the same transaction that delivers, so a grant revoked, a block or a cap
reached holds for the very next message, in every process. A delivered message lands in
the person's chat with the app (created on first use), with a :class:`Delivery` row that
says why it was allowed; a muted app's message arrives already read. Every refusal tells
the app why. On PostgreSQL the app's row of the day is locked first, then the person's
relation, so caps are exact under concurrency and locks are always taken in one order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from souq_sdk.notices import (
    AppStanding,
    Basis,
    Category,
    Decision,
    Delivered,
    Delivery,
    PersonStanding,
    Refused,
    Rules,
    check_key,
    decide,
)
from souq_sdk.replies import Reply, Update, check_reply
from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from souq.consent import grants, quality
from souq.consent.relations import Relations
from souq.consent.why import why
from souq.db.database import Database
from souq.db.dialects import dialect_insert
from souq.db.models import (
    AppDay,
    AppRelation,
    Clock,
    Conversation,
    Member,
    utcnow,
)
from souq.db.models import (
    Delivery as DeliveryRow,
)
from souq.errors import NotFound
from souq.services.messages import Messages, Outbox, append

from .content import content, summary
from .serving import Gate

T = TypeVar("T")

NOTIFY_SCOPE = "messages.notify"
PROMOTE_SCOPE = "messages.promote"
WEEK = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a business message reached its recipient, as that person alone sees it."""

    app: str
    category: Category
    basis: Basis
    since: datetime
    text: str
    scope: str | None
    """The grant that let it through (revoke it to stop such messages); ``None`` when
    it came within the window of the person's last command."""
    reported: bool


def app_chat_key(app: str, user_id: int) -> str:
    """The key that makes a person's chat with an app unique."""
    return f"app:{app}:{user_id}"


class Notices:
    """Delivers business messages and answers whether one would be delivered."""

    def __init__(
        self,
        db: Database,
        gate: Gate,
        messages: Messages,
        *,
        rules: Rules,
        tiers: tuple[int, int, int],
        clock: Clock = utcnow,
    ) -> None:
        self._db = db
        self._gate = gate
        self._messages = messages
        self._rules = rules
        self._tiers = tiers
        self.clock = clock

    async def standing(self, app: str) -> quality.Standing:
        """``app``'s messaging standing now: its quality rating and the tier it sets."""
        today = self.clock().date()
        return await self._db.read(lambda s: quality.standing(s, app, today, self._tiers))

    async def can_notify(self, app: str, person: str, category: Category) -> Decision:
        """Whether ``app`` may send ``person`` (its id for them) a ``category`` message now,
        with how many more this person may get (promotions) — nothing is written."""
        suspended = await self._not_serving(app)
        now = self.clock()
        return await self._db.read(
            lambda s: self._decide(s, app, person, category, now, suspended, lock=False)[0]
        )

    async def notify(
        self, app: str, person: str, category: Category, reply: Reply, key: str | None = None
    ) -> Delivery:
        """Deliver ``reply`` from ``app`` to ``person`` (its id for them) as a ``category``
        message, or say why not; with a ``key``, once per person: a message whose key was
        delivered to them already answers that delivery. A reply the app's manifest does
        not allow raises :class:`~souq_sdk.errors.InvalidReply` (the app's mistake, not a
        refusal)."""
        check_key(key)
        serving = await self._gate.check(app)
        suspended = serving is None or serving.app is None
        if not suspended:
            assert serving is not None and serving.app is not None
            checked = check_reply(reply, serving.app.manifest)
            if isinstance(checked, Update) or not isinstance(checked, Reply):
                raise TypeError("a business message is a Text, Card or ListReply")
            reply = checked
        name = serving.installed.name if serving is not None else app
        now = self.clock()

        def write(session: Session, outbox: Outbox) -> Delivery:
            decision, user_id, counted = self._decide(
                session, app, person, category, now, suspended
            )
            if key is not None and user_id is not None:  # the person's relation is locked
                earlier = session.scalar(
                    select(DeliveryRow).where(
                        DeliveryRow.app_slug == app,
                        DeliveryRow.user_id == user_id,
                        DeliveryRow.key == key,
                    )
                )
                if earlier is not None:
                    return Delivered(str(earlier.message_id), Basis(earlier.basis), None)
            if isinstance(decision, Refused):
                return decision
            assert user_id is not None
            chat = self._open_chat(session, app, name, user_id)
            message = append(
                session, chat, app_slug=app, body=summary(reply), content=content(reply)
            )
            outbox.posted(session, message)
            if decision.muted:  # delivered, but not unread
                session.execute(
                    update(Member)
                    .where(Member.conversation_id == chat, Member.user_id == user_id)
                    .values(last_read_seq=message.seq)
                )
            session.execute(
                update(AppDay)
                .where(AppDay.app_slug == app, AppDay.day == now.date())
                .values(
                    delivered=AppDay.delivered + 1, people=AppDay.people + (0 if counted else 1)
                )
            )
            session.add(
                DeliveryRow(
                    message_id=message.id,
                    app_slug=app,
                    user_id=user_id,
                    category=category,
                    basis=decision.basis,
                    since=decision.since,
                    day=now.date(),
                    created_at=now,
                    key=key,
                )
            )
            remaining = None if decision.remaining is None else decision.remaining - 1
            return Delivered(str(message.id), decision.basis, remaining)

        return await self._messages.write(write)

    async def _not_serving(self, app: str) -> bool:
        serving = await self._gate.check(app)
        return serving is None or serving.app is None

    def _decide(
        self,
        session: Session,
        app: str,
        person: str,
        category: Category,
        now: datetime,
        suspended: bool,
        *,
        lock: bool = True,
    ) -> tuple[Decision, int | None, bool]:
        """The rule applied to what the database holds now (locking what a delivery
        changes, in one order: the app's day, then the person's relation)."""
        today = now.date()
        standing = quality.standing(session, app, today, self._tiers)
        day = self._day(session, app, today, lock=lock)
        user_id = Relations.person(session, app, person)
        relation = (
            session.get(AppRelation, (user_id, app), with_for_update=lock)
            if user_id is not None
            else None
        )
        if relation is None or user_id is None:
            standing_of_person = PersonStanding(known=False)
        else:
            given = grants.in_force(session, user_id, app)
            count, oldest = session.execute(
                select(func.count(), func.min(DeliveryRow.created_at)).where(
                    DeliveryRow.user_id == user_id,
                    DeliveryRow.app_slug == app,
                    DeliveryRow.category == Category.PROMOTION,
                    DeliveryRow.created_at > now - WEEK,
                )
            ).one()
            notify, promote = given.get(NOTIFY_SCOPE), given.get(PROMOTE_SCOPE)
            standing_of_person = PersonStanding(
                known=True,
                blocked=relation.blocked_at is not None,
                muted=relation.muted_at is not None,
                last_command_at=relation.last_command_at,
                notify_granted_at=notify.granted_at if notify else None,
                promote_granted_at=promote.granted_at if promote else None,
                promotions_this_week=int(count),
                oldest_promotion_at=oldest,
            )
        counted = user_id is not None and bool(
            session.scalar(
                select(
                    exists().where(
                        DeliveryRow.user_id == user_id,
                        DeliveryRow.app_slug == app,
                        DeliveryRow.day == today,
                    )
                )
            )
        )
        tomorrow = datetime.combine(today + timedelta(days=1), datetime.min.time(), now.tzinfo)
        app_standing = AppStanding(
            suspended=suspended,
            promotions_paused=standing.promotions_paused,
            daily_cap=standing.daily_cap,
            people_today=day.people if day is not None else 0,
            person_counted_today=counted,
            day_ends_at=tomorrow,
        )
        decision = decide(category, standing_of_person, app_standing, self._rules, now)
        return decision, user_id, counted

    @staticmethod
    def _day(session: Session, app: str, today: object, *, lock: bool) -> AppDay | None:
        if lock:
            table = AppDay.__table__
            session.execute(
                dialect_insert(session, table)
                .values(app_slug=app, day=today, delivered=0, people=0, reported=0)
                .on_conflict_do_nothing()
            )
        return session.get(AppDay, (app, today), with_for_update=lock)

    @staticmethod
    def _open_chat(session: Session, app: str, name: str, user_id: int) -> int:
        """The id of ``user_id``'s chat with ``app``, created on first use."""
        key = app_chat_key(app, user_id)
        found = session.scalar(select(Conversation.id).where(Conversation.direct_key == key))
        if found is not None:
            return int(found)
        chat = Conversation(kind="app", direct_key=key, app_slug=app, title=name)
        try:
            with session.begin_nested():
                session.add(chat)
                session.flush()
        except IntegrityError:  # opened concurrently
            return int(
                session.scalar(select(Conversation.id).where(Conversation.direct_key == key))
            )
        session.add(Member(conversation_id=chat.id, user_id=user_id))
        session.flush()
        return int(chat.id)

    async def open_chat(self, user_id: int, app: str) -> int:
        """The id of ``user_id``'s chat with ``app``, created on first use: for an app
        served now, or one they have used (not found otherwise). Opening it tells the app
        nothing: it knows a person from their first command."""
        serving = await self._gate.check(app)
        name = serving.installed.name if serving is not None else app

        def write(session: Session, outbox: Outbox) -> int:
            if serving is None or serving.app is None:
                Relations.require(session, user_id, app)
            return self._open_chat(session, app, name, user_id)

        return await self._messages.write(write)

    async def reasons(self, user_id: int, message_ids: list[int]) -> dict[int, Reason]:
        """Why each of ``message_ids`` that is a business message to ``user_id`` reached
        them (messages to anyone else, and other messages, are left out)."""
        query = select(DeliveryRow).where(
            DeliveryRow.message_id.in_(message_ids), DeliveryRow.user_id == user_id
        )
        rows = await self._db.read(lambda s: list(s.scalars(query)))
        names: dict[str, str] = {}
        for slug in {row.app_slug for row in rows}:
            serving = await self._gate.check(slug)
            names[slug] = serving.installed.name if serving is not None else slug
        found: dict[int, Reason] = {}
        for row in rows:
            name = names[row.app_slug]
            category, basis = Category(row.category), Basis(row.basis)
            text = why(name, category, basis, row.since, row.created_at, self._rules.service_window)
            scope = PROMOTE_SCOPE if category is Category.PROMOTION else NOTIFY_SCOPE
            found[row.message_id] = Reason(
                app=row.app_slug,
                category=category,
                basis=basis,
                since=row.since,
                text=text,
                scope=scope if basis is Basis.GRANTED else None,
                reported=row.reported_at is not None,
            )
        return found

    async def report(self, user_id: int, message_id: int) -> Reason:
        """Report a business message to ``user_id`` as spam: it counts against the app's
        quality rating once, however often it is reported. Not found for any other message."""
        now = self.clock()

        def write(session: Session) -> None:
            row = session.scalar(
                select(DeliveryRow)
                .where(DeliveryRow.message_id == message_id, DeliveryRow.user_id == user_id)
                .with_for_update()
            )
            if row is None:
                raise NotFound("no business message of yours with that id", field="messageId")
            if row.reported_at is None:
                row.reported_at = now
                session.execute(
                    update(AppDay)
                    .where(AppDay.app_slug == row.app_slug, AppDay.day == row.day)
                    .values(reported=AppDay.reported + 1)
                )

        await self._db.write(write)
        return (await self.reasons(user_id, [message_id]))[message_id]


class HostNotifier:
    """The :class:`~souq_sdk.notices.Notifier` the host hands to one app's hooks."""

    def __init__(self, notices: Notices, app: str, loop: asyncio.AbstractEventLoop) -> None:
        self._notices = notices
        self._app = app
        self._loop = loop

    def _from_thread(self, coroutine: Coroutine[Any, Any, T]) -> T:
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self._loop:
            coroutine.close()
            raise RuntimeError(
                "notify and can_notify block; in an async handler await anotify or acan_notify"
            )
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def notify(
        self,
        person: str,
        reply: Reply,
        *,
        category: Category = Category.SERVICE,
        key: str | None = None,
    ) -> Delivery:
        """Deliver ``reply`` to ``person`` (from a sync handler's worker thread)."""
        return self._from_thread(self.anotify(person, reply, category=category, key=key))

    def can_notify(self, person: str, category: Category = Category.SERVICE) -> Decision:
        """Whether a message to ``person`` would be delivered (from a worker thread)."""
        return self._from_thread(self.acan_notify(person, category))

    async def anotify(
        self,
        person: str,
        reply: Reply,
        *,
        category: Category = Category.SERVICE,
        key: str | None = None,
    ) -> Delivery:
        """Deliver ``reply`` to ``person``."""
        return await self._notices.notify(self._app, person, Category(category), reply, key)

    async def acan_notify(self, person: str, category: Category = Category.SERVICE) -> Decision:
        """Whether a message to ``person`` would be delivered now."""
        return await self._notices.can_notify(self._app, person, Category(category))
