"""Per-app state kept by the host, for (app, person) and (app, conversation)."""

from __future__ import annotations

from typing import Any

from souq_sdk.context import Scope, State
from sqlalchemy import select
from sqlalchemy.orm import Session

from souq.db.models import AppState, utcnow


def load_states(session: Session, app: str, keys: dict[Scope, str]) -> dict[Scope, State]:
    """The app's state for each ``{scope: pseudonymous key}``."""
    rows = session.execute(
        select(AppState.scope, AppState.data).where(
            AppState.app_slug == app,
            AppState.subject.in_(keys.values()),
        )
    ).all()
    found: dict[str, dict[str, Any]] = {scope: data for scope, data in rows}
    return {scope: State(found.get(scope), app=app, scope=scope) for scope in keys}


def save_states(
    session: Session, app: str, keys: dict[Scope, str], states: dict[Scope, State]
) -> None:
    """Persist the states that changed."""
    for scope, state in states.items():
        if not state.changed:
            continue
        row = session.get(AppState, (app, scope, keys[scope]))
        if row is None:
            session.add(
                AppState(app_slug=app, scope=scope, subject=keys[scope], data=state.to_dict())
            )
        else:
            row.data = state.to_dict()
            row.updated_at = utcnow()
