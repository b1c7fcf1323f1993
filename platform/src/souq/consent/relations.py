"""The people who used an app: the app's id for each, their last command, mute, block and
forget-me.

An app knows a person only once that person has used it (a command or a button press);
only then does a relation exist, and only such people can an app address. Every function
here works on the caller's session, so it commits with whatever caused it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from souq.db.dialects import insert_for
from souq.db.models import AppRelation, AppState
from souq.errors import NotFound

from .pseudonyms import Pseudonyms


@dataclass(frozen=True, slots=True)
class Relation:
    """What one person and one app are to each other."""

    user_id: int
    app: str
    alias: str
    first_used_at: datetime
    last_command_at: datetime | None
    muted_at: datetime | None
    blocked_at: datetime | None

    @property
    def muted(self) -> bool:
        """The app's messages arrive without counting as unread."""
        return self.muted_at is not None

    @property
    def blocked(self) -> bool:
        """The app's business messages are refused."""
        return self.blocked_at is not None


def _relation(row: AppRelation) -> Relation:
    return Relation(
        row.user_id,
        row.app_slug,
        row.alias,
        row.first_used_at,
        row.last_command_at,
        row.muted_at,
        row.blocked_at,
    )


_TABLE = AppRelation.__table__
_ONE = (_TABLE.c.user_id == bindparam("user_id"), _TABLE.c.app_slug == bindparam("app"))
_ALIAS = select(_TABLE.c.alias).where(*_ONE)


@functools.cache
def _first_use(dialect: str, command: bool) -> Executable:
    """The statement recording a use (built once per backend: it runs before every call).

    A command's use also moves ``last_command_at``, so it always returns the alias; a
    button press changes nothing on a relation that exists, and returns no row then.
    """
    now = bindparam("now", type_=_TABLE.c.first_used_at.type)
    statement = insert_for(dialect, _TABLE).values(
        user_id=bindparam("user_id"),
        app_slug=bindparam("app"),
        alias=bindparam("alias"),
        alias_epoch=0,
        first_used_at=now,
        last_command_at=now if command else None,
    )
    if command:
        statement = statement.on_conflict_do_update(
            index_elements=[_TABLE.c.user_id, _TABLE.c.app_slug],
            set_={"last_command_at": statement.excluded.last_command_at},
        )
    else:
        statement = statement.on_conflict_do_nothing()
    return statement.returning(_TABLE.c.alias)


class Relations:
    """Reads and changes relations; the aliases come from :class:`Pseudonyms`."""

    def __init__(self, pseudonyms: Pseudonyms) -> None:
        self._pseudonyms = pseudonyms

    def used(
        self, session: Session, user_id: int, app: str, now: datetime, *, command: bool
    ) -> str:
        """Record that ``user_id`` used ``app`` (ran a command when ``command``; pressed a
        button otherwise) and return the app's id for them. Race-free on both backends."""
        connection = session.connection()
        key = {"user_id": user_id, "app": app}
        alias = connection.scalar(
            _first_use(connection.dialect.name, command),
            {**key, "alias": self._pseudonyms.person(app, user_id), "now": now},
        )
        return str(alias if alias is not None else connection.scalar(_ALIAS, key))

    def alias_of(self, session: Session, user_id: int, app: str) -> str:
        """The app's id for ``user_id``: the relation's, or the first one it will get."""
        alias = session.connection().scalar(_ALIAS, {"user_id": user_id, "app": app})
        return alias if alias is not None else self._pseudonyms.person(app, user_id)

    @staticmethod
    def find(session: Session, user_id: int, app: str) -> Relation | None:
        """The relation of ``user_id`` with ``app``, if they ever used it."""
        row = session.get(AppRelation, (user_id, app))
        return None if row is None else _relation(row)

    @staticmethod
    def person(session: Session, app: str, alias: str) -> int | None:
        """Who ``app`` means by ``alias`` (``None``: nobody who uses it now)."""
        return session.scalar(
            select(AppRelation.user_id).where(
                AppRelation.app_slug == app, AppRelation.alias == alias
            )
        )

    @staticmethod
    def of_person(session: Session, user_id: int) -> list[Relation]:
        """Every app ``user_id`` has used, by slug."""
        rows = session.scalars(
            select(AppRelation).where(AppRelation.user_id == user_id).order_by(AppRelation.app_slug)
        )
        return [_relation(row) for row in rows]

    @staticmethod
    def _row(session: Session, user_id: int, app: str) -> AppRelation:
        row = session.get(AppRelation, (user_id, app), with_for_update=True)
        if row is None:
            raise NotFound(f"you have not used an app called {app!r}", field="app")
        return row

    @classmethod
    def require(cls, session: Session, user_id: int, app: str) -> Relation:
        """The relation of ``user_id`` with ``app``; not found if they never used it."""
        return _relation(cls._row(session, user_id, app))

    def set_muted(
        self, session: Session, user_id: int, app: str, muted: bool, now: datetime
    ) -> Relation:
        """Mute (its messages arrive without counting as unread) or unmute ``app``."""
        row = self._row(session, user_id, app)
        row.muted_at = (row.muted_at or now) if muted else None
        return _relation(row)

    def set_blocked(
        self, session: Session, user_id: int, app: str, blocked: bool, now: datetime
    ) -> Relation:
        """Block (its business messages are refused, and it is told so) or unblock ``app``."""
        row = self._row(session, user_id, app)
        row.blocked_at = (row.blocked_at or now) if blocked else None
        return _relation(row)

    def forget(self, session: Session, user_id: int, app: str) -> Relation:
        """Make ``app`` forget ``user_id``: its state about them is deleted and its id for
        them changes (a new epoch), so it cannot recognise them again; their last command
        no longer opens a service window. Mute and block stay: they are the person's."""
        row = self._row(session, user_id, app)
        session.execute(
            delete(AppState).where(
                AppState.app_slug == app, AppState.scope == "person", AppState.subject == row.alias
            )
        )
        row.alias_epoch += 1
        row.alias = self._pseudonyms.person(app, user_id, row.alias_epoch)
        row.last_command_at = None
        return _relation(row)
