"""Scopes people grant apps: given by the person, revocable at any time, with history.

A grant is (person, app, scope). Granting what is already granted, or revoking what is
not, changes nothing and writes no history; every real change is kept as a
:class:`GrantChange` the person can read. Only scopes the app's approved manifest asks for
can be granted; the caller passes those (this module knows nothing of the app host).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from souq_sdk.manifest import SCOPES
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from souq.db.models import Grant, GrantEvent
from souq.errors import BadInput, Forbidden


class Via(StrEnum):
    """How a grant changed."""

    CONSENT_CARD = "consent_card"
    SETTINGS = "settings"
    FORGET_ME = "forget_me"


class Action(StrEnum):
    """What happened to a grant."""

    GRANTED = "granted"
    REVOKED = "revoked"


@dataclass(frozen=True, slots=True)
class GrantView:
    """A grant in force."""

    app: str
    scope: str
    granted_at: datetime
    via: Via


@dataclass(frozen=True, slots=True)
class GrantChange:
    """One entry of a person's grant history."""

    id: int
    app: str
    scope: str
    action: Action
    via: Via
    at: datetime


def check_scope(app: str, scope: str, asked_for: Collection[str]) -> None:
    """Refuse a scope souq does not know, or one ``app``'s approved manifest does not ask for."""
    if scope not in SCOPES:
        known = ", ".join(SCOPES)
        raise BadInput(f"unknown scope {scope!r} (known: {known})", field="scope")
    if scope not in asked_for:
        raise Forbidden(
            f"{app!r} does not ask for {scope!r} in its approved version", field="scope"
        )


def _view(row: Grant) -> GrantView:
    return GrantView(row.app_slug, row.scope, row.granted_at, Via(row.via))


def _log(
    session: Session, user_id: int, app: str, scope: str, action: Action, via: Via, now: datetime
) -> None:
    session.add(
        GrantEvent(user_id=user_id, app_slug=app, scope=scope, action=action, via=via, at=now)
    )


def grant(
    session: Session,
    user_id: int,
    app: str,
    scope: str,
    *,
    via: Via,
    asked_for: Collection[str],
    now: datetime,
) -> GrantView:
    """Grant ``scope`` to ``app`` for ``user_id`` (kept as it is if already granted)."""
    check_scope(app, scope, asked_for)
    row = session.get(Grant, (user_id, app, scope), with_for_update=True)
    if row is None:
        row = Grant(user_id=user_id, app_slug=app, scope=scope, granted_at=now, via=via)
        session.add(row)
        _log(session, user_id, app, scope, Action.GRANTED, via, now)
    return _view(row)


def revoke(
    session: Session, user_id: int, app: str, scope: str, *, via: Via, now: datetime
) -> bool:
    """Revoke ``scope`` from ``app`` for ``user_id``; ``False`` when it was not granted."""
    row = session.get(Grant, (user_id, app, scope), with_for_update=True)
    if row is None:
        return False
    session.delete(row)
    _log(session, user_id, app, scope, Action.REVOKED, via, now)
    return True


def revoke_all(session: Session, user_id: int, app: str, *, via: Via, now: datetime) -> list[str]:
    """Revoke every scope ``user_id`` granted ``app``; returns the scopes revoked."""
    scopes = list(in_force(session, user_id, app))
    for scope in scopes:
        revoke(session, user_id, app, scope, via=via, now=now)
    return scopes


_SCOPES = select(Grant.scope).where(
    Grant.user_id == bindparam("user_id"), Grant.app_slug == bindparam("app")
)


def scopes_in_force(session: Session, user_id: int, app: str) -> frozenset[str]:
    """The scopes ``user_id`` grants ``app`` now (what a call of ``app`` may use)."""
    return frozenset(session.connection().scalars(_SCOPES, {"user_id": user_id, "app": app}))


def in_force(session: Session, user_id: int, app: str) -> dict[str, GrantView]:
    """The scopes ``user_id`` grants ``app`` now."""
    rows = session.scalars(select(Grant).where(Grant.user_id == user_id, Grant.app_slug == app))
    return {row.scope: _view(row) for row in rows}


def of_person(session: Session, user_id: int) -> list[GrantView]:
    """Every grant ``user_id`` has given, by app and scope."""
    rows = session.scalars(
        select(Grant).where(Grant.user_id == user_id).order_by(Grant.app_slug, Grant.scope)
    )
    return [_view(row) for row in rows]


def history(
    session: Session, user_id: int, *, app: str | None = None, limit: int = 100
) -> list[GrantChange]:
    """The newest changes to ``user_id``'s grants (of ``app`` only, when given), newest first."""
    query = select(GrantEvent).where(GrantEvent.user_id == user_id)
    if app is not None:
        query = query.where(GrantEvent.app_slug == app)
    rows = session.scalars(query.order_by(GrantEvent.id.desc()).limit(limit))
    return [
        GrantChange(row.id, row.app_slug, row.scope, Action(row.action), Via(row.via), row.at)
        for row in rows
    ]
