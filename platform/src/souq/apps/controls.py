"""What a person controls of the apps that know them: grants, mute, block, forget-me.

Every app a person has used is listed with the scopes they granted it (and when), the
scopes its approved version may ask for, and whether they muted or blocked it. Each change
is written at once and read afresh by every later call, so it holds from the next call on,
in every process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from souq.consent import grants
from souq.consent.grants import GrantChange, GrantView, Via
from souq.consent.relations import Relation, Relations
from souq.db.database import Database
from souq.db.models import Clock, Delivery, utcnow
from souq.services.accounts import Account

from .serving import Gate

MAX_HISTORY = 200
RECEIVED_DAYS = 30


def _received(session: Session, user_id: int, since: datetime) -> dict[str, tuple[int, datetime]]:
    """Per app: how many business messages ``user_id`` got since ``since``, the newest when."""
    rows = session.execute(
        select(Delivery.app_slug, func.count(), func.max(Delivery.created_at))
        .where(Delivery.user_id == user_id, Delivery.created_at > since)
        .group_by(Delivery.app_slug)
    )
    return {app: (int(count), last) for app, count, last in rows}


@dataclass(frozen=True)
class AppControls:
    """One app as a person's settings show it."""

    slug: str
    name: str
    relation: Relation
    grants: tuple[GrantView, ...]
    asks_for: tuple[str, ...]
    """The scopes the app's approved version may ask for (what can be granted)."""
    received: int = 0
    """Business messages from it delivered in the last :data:`RECEIVED_DAYS` days."""
    last_received_at: datetime | None = None


class Controls:
    """Reads and changes a person's settings for the apps they used."""

    def __init__(
        self, db: Database, gate: Gate, relations: Relations, *, clock: Clock = utcnow
    ) -> None:
        self._db = db
        self._gate = gate
        self._relations = relations
        self.clock = clock

    async def apps(self, me: Account) -> list[AppControls]:
        """Every app ``me`` has used, by slug."""

        since = self.clock() - timedelta(days=RECEIVED_DAYS)

        def read(
            session: Session,
        ) -> list[tuple[Relation, list[GrantView], tuple[int, datetime | None]]]:
            found = Relations.of_person(session, me.id)
            given = grants.of_person(session, me.id)
            received = _received(session, me.id, since)
            return [
                (r, [g for g in given if g.app == r.app], received.get(r.app, (0, None)))
                for r in found
            ]

        return [await self._view(r, g, n) for r, g, n in await self._db.read(read)]

    async def app(self, me: Account, slug: str) -> AppControls:
        """``me``'s settings for ``slug`` (not found if they never used it)."""
        return await self._change(me, slug, lambda session, now: None)

    async def grant(self, me: Account, slug: str, scope: str) -> AppControls:
        """Grant ``scope`` to ``slug`` from the settings page."""
        asks_for = await self._asks_for(slug)
        return await self._change(
            me,
            slug,
            lambda session, now: grants.grant(
                session, me.id, slug, scope, via=Via.SETTINGS, asked_for=asks_for, now=now
            ),
        )

    async def revoke(self, me: Account, slug: str, scope: str) -> AppControls:
        """Revoke ``scope`` from ``slug``; revoking what is not granted changes nothing."""
        return await self._change(
            me,
            slug,
            lambda session, now: grants.revoke(
                session, me.id, slug, scope, via=Via.SETTINGS, now=now
            ),
        )

    async def mute(self, me: Account, slug: str, muted: bool) -> AppControls:
        """Mute or unmute ``slug``."""
        return await self._change(
            me, slug, lambda s, now: self._relations.set_muted(s, me.id, slug, muted, now)
        )

    async def block(self, me: Account, slug: str, blocked: bool) -> AppControls:
        """Block or unblock ``slug``."""
        return await self._change(
            me, slug, lambda s, now: self._relations.set_blocked(s, me.id, slug, blocked, now)
        )

    async def forget(self, me: Account, slug: str) -> AppControls:
        """Make ``slug`` forget ``me``: its state about them goes, its id for them changes,
        and every grant they gave it is revoked (so a granted profile field cannot link
        the new id to the old one)."""

        def forget(session: Session, now: datetime) -> None:
            self._relations.forget(session, me.id, slug)
            grants.revoke_all(session, me.id, slug, via=Via.FORGET_ME, now=now)

        return await self._change(me, slug, forget)

    async def history(
        self, me: Account, slug: str | None = None, *, limit: int = MAX_HISTORY
    ) -> list[GrantChange]:
        """The newest changes to ``me``'s grants (of ``slug`` only, when given)."""
        limit = max(1, min(limit, MAX_HISTORY))
        return await self._db.read(lambda s: grants.history(s, me.id, app=slug, limit=limit))

    async def _change(
        self, me: Account, slug: str, change: Callable[[Session, datetime], object]
    ) -> AppControls:
        def write(
            session: Session,
        ) -> tuple[Relation, list[GrantView], tuple[int, datetime | None]]:
            now = self.clock()
            Relations.require(session, me.id, slug)
            change(session, now)
            relation = Relations.require(session, me.id, slug)
            given = list(grants.in_force(session, me.id, slug).values())
            received = _received(session, me.id, now - timedelta(days=RECEIVED_DAYS))
            return relation, given, received.get(slug, (0, None))

        return await self._view(*await self._db.write(write))

    async def _asks_for(self, slug: str) -> tuple[str, ...]:
        serving = await self._gate.check(slug)
        if serving is None or serving.app is None:
            return ()
        return serving.app.manifest.scopes

    async def _view(
        self,
        relation: Relation,
        given: list[GrantView],
        received: tuple[int, datetime | None],
    ) -> AppControls:
        serving = await self._gate.check(relation.app)
        name = serving.installed.name if serving is not None else relation.app
        asks_for = () if serving is None or serving.app is None else serving.app.manifest.scopes
        return AppControls(
            relation.app,
            name,
            relation,
            tuple(sorted(given, key=lambda g: g.scope)),
            asks_for,
            received=received[0],
            last_received_at=received[1],
        )
