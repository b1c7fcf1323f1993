"""Per-app state kept by the host, for (app, person) and (app, conversation).

Calls are not serialised on the conversation: two members' commands run side by side.
Each state row carries a version; a save names the version the call loaded and is
refused (:class:`StaleState`) if another call saved the state meanwhile, in this
process or another. The caller then runs the call again on the fresh state, so no
update is lost.
"""

from __future__ import annotations

from typing import Any

from souq_sdk.context import Scope, State
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from souq.db.models import AppState, utcnow


class StaleState(Exception):
    """Another call saved this state since it was loaded; nothing was saved."""


class StoredState(State):
    """A state as the host loaded it: with the version it had (0: never saved)."""

    def __init__(self, data: dict[str, Any] | None, *, app: str, scope: Scope, version: int):
        super().__init__(data, app=app, scope=scope)
        self.version = version


def load_states(session: Session, app: str, keys: dict[Scope, str]) -> dict[Scope, State]:
    """The app's state for each ``{scope: pseudonymous key}``."""
    rows = session.execute(
        select(AppState.scope, AppState.data, AppState.version).where(
            AppState.app_slug == app,
            AppState.subject.in_(keys.values()),
        )
    ).all()
    found = {scope: (data, version) for scope, data, version in rows}
    states: dict[Scope, State] = {}
    for scope in keys:
        data, version = found.get(scope, (None, 0))
        states[scope] = StoredState(data, app=app, scope=scope, version=version)
    return states


def save_states(
    session: Session, app: str, keys: dict[Scope, str], states: dict[Scope, State]
) -> None:
    """Persist the states that changed; :class:`StaleState` if another call saved one of
    them since it was loaded (the caller's transaction must then roll back)."""
    for scope, state in states.items():
        if not state.changed:
            continue
        version = state.version if isinstance(state, StoredState) else 0
        table = AppState.__table__
        if version == 0:
            dialect_insert = (
                pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
            )
            saved = session.execute(
                dialect_insert(table)
                .values(
                    app_slug=app,
                    scope=scope,
                    subject=keys[scope],
                    data=state.to_dict(),
                    version=1,
                    updated_at=utcnow(),
                )
                .on_conflict_do_nothing()
            )
        else:
            saved = session.execute(
                update(table)
                .where(
                    table.c.app_slug == app,
                    table.c.scope == scope,
                    table.c.subject == keys[scope],
                    table.c.version == version,
                )
                .values(data=state.to_dict(), version=version + 1, updated_at=utcnow())
            )
        if saved.rowcount != 1:  # type: ignore[attr-defined]
            raise StaleState(f"{app} {scope} state was saved by another call meanwhile")
        if isinstance(state, StoredState):
            state.version = version + 1
