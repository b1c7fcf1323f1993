"""Per-app state kept by the host: for (app, person), (app, conversation) and the app's
shared documents (scope ``shared``, named by the app).

Calls are not serialised on the conversation: two members' commands run side by side.
Each state row carries a version; a save names the version the call loaded and is
refused (:class:`StaleState`) if another call saved the state meanwhile, in this
process or another. The caller then runs the call again on the fresh state, so no
update is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from souq_sdk.shared import Loaded, Shared
from souq_sdk.state import Scope, State
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from souq.db.dialects import dialect_insert
from souq.db.models import AppState, utcnow


class StaleState(Exception):
    """Another call saved this state since it was loaded; nothing was saved."""


class StoredState(State):
    """A state as the host loaded it: with the version it had (0: never saved)."""

    def __init__(self, data: dict[str, Any] | None, *, app: str, scope: Scope, version: int):
        super().__init__(data, app=app, scope=scope)
        self.version = version


_STATES = select(AppState.scope, AppState.subject, AppState.data, AppState.version).where(
    AppState.app_slug == bindparam("app"),
    AppState.scope.in_(bindparam("scopes", expanding=True)),
    AppState.subject.in_(bindparam("subjects", expanding=True)),
)


def load_states(session: Session, app: str, keys: dict[Scope, str]) -> dict[Scope, State]:
    """The app's state for each ``{scope: pseudonymous key}``."""
    rows = session.connection().execute(
        _STATES, {"app": app, "scopes": list(keys), "subjects": list(keys.values())}
    )
    found = {
        scope: (data, version) for scope, subject, data, version in rows if keys[scope] == subject
    }
    states: dict[Scope, State] = {}
    for scope in keys:
        data, version = found.get(scope, (None, 0))
        states[scope] = StoredState(data, app=app, scope=scope, version=version)
    return states


def load_document(session: Session, app: str, name: str) -> Loaded:
    """The app's shared document ``name`` and its version (``{}`` and 0 if never saved)."""
    row = session.execute(
        select(AppState.data, AppState.version).where(
            AppState.app_slug == app, AppState.scope == "shared", AppState.subject == name
        )
    ).one_or_none()
    return (row.data, row.version) if row is not None else ({}, 0)


def save_states(
    session: Session, app: str, keys: dict[Scope, str], states: dict[Scope, State]
) -> None:
    """Persist the states that changed; :class:`StaleState` if another call saved one of
    them since it was loaded (the caller's transaction must then roll back)."""
    for scope, state in states.items():
        if not state.changed:
            continue
        version = state.version if isinstance(state, StoredState) else 0
        _save(session, app, scope, keys[scope], state, version)
        if isinstance(state, StoredState):
            state.version = version + 1


def save_shared(session: Session, app: str, shared: Shared) -> None:
    """Persist the shared documents a call changed, as :func:`save_states` does."""
    for name, document, version in shared.changed():
        _save(session, app, "shared", name, document, version)
        shared.saved(name, version + 1)


def _save(
    session: Session, app: str, scope: Scope, subject: str, state: State, version: int
) -> None:
    """Write one state as ``version + 1``, if it is still at ``version``."""
    table = AppState.__table__
    if version == 0:
        saved = session.execute(
            dialect_insert(session, table)
            .values(
                app_slug=app,
                scope=scope,
                subject=subject,
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
                table.c.subject == subject,
                table.c.version == version,
            )
            .values(data=state.to_dict(), version=version + 1, updated_at=utcnow())
        )
    if saved.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleState(f"{app} {scope} state was saved by another call meanwhile")


@dataclass(frozen=True)
class CallState:
    """All one call of an app may change: its person and conversation states (with the
    keys they are kept under) and its shared documents."""

    app: str
    keys: dict[Scope, str]
    states: dict[Scope, State]
    shared: Shared

    def save(self, session: Session) -> None:
        """Persist what the call changed; :class:`StaleState` if another call saved any
        of it meanwhile (the transaction must then roll back)."""
        save_states(session, self.app, self.keys, self.states)
        save_shared(session, self.app, self.shared)
