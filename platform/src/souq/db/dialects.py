"""``INSERT ... ON CONFLICT`` on either backend: the insert construct of the session's
dialect (PostgreSQL's or SQLite's, which spell ``on_conflict_do_nothing`` and
``on_conflict_do_update`` alike)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from sqlalchemy import Table
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite


def dialect_insert(session: Session, table: Table) -> postgresql.Insert | sqlite.Insert:
    """``insert(table)`` in the dialect of the database ``session`` is bound to."""
    return insert_for(session.bind.dialect.name, table)


def insert_for(dialect: str, table: Table) -> postgresql.Insert | sqlite.Insert:
    """``insert(table)`` in ``dialect`` (``postgresql``; anything else is SQLite). The
    dialect's module is imported on first use (the engine has loaded it already): a
    server on SQLite never imports PostgreSQL's, which would add to its start-up."""
    name = "postgresql" if dialect == "postgresql" else "sqlite"
    insert: postgresql.Insert | sqlite.Insert = importlib.import_module(
        f"sqlalchemy.dialects.{name}"
    ).insert(table)
    return insert
