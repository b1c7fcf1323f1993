"""Apply and inspect Alembic migrations (the only way the schema changes).

Alembic (with Mako and its DDL modules) takes a few hundred milliseconds to import, so it
is loaded only when a migration runs or the schema is compared: a server starting on a
database already at head, and ``/readyz``, read the revision with one query and find the
head from the scripts' file names (``NNNN_what.py``, one chain; tests check that Alembic
agrees).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from .database import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"


def alembic_config() -> Config:
    """An Alembic configuration pointing at souq's migration scripts."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    """The newest revision among the migration scripts: the highest ``NNNN`` of
    ``versions/NNNN_*.py`` (each revision id is its file's number)."""
    numbers = [p.name[:4] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")]
    return max(numbers, default=None)


async def upgrade(db: Database, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (on the write path: one writer at a time).
    A database already at head is left as it is without loading Alembic."""
    if revision == "head" and await current_revision(db) == head_revision():
        return

    def run(session: Session) -> None:
        from alembic import command

        config = alembic_config()
        config.attributes["connection"] = session.connection()
        command.upgrade(config, revision)

    await db.write(run)


def _revision(connection: Connection) -> str | None:
    """What Alembic's version table holds (``None`` when never migrated)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.scalar(text(f"SELECT version_num FROM {VERSION_TABLE}"))


async def current_revision(db: Database) -> str | None:
    """The revision the database is at (``None`` when never migrated)."""
    return await db.read(lambda s: _revision(s.connection()))


async def stored_revision(url: str) -> str | None:
    """The revision of the database at ``url`` (an async URL), read on one short-lived
    connection that sets nothing up: no data folder, key or engine settings."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_revision)
    finally:
        await engine.dispose()


async def drift(db: Database) -> list[Any]:
    """Differences between the models and the migrated schema (empty when they agree)."""

    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from .models import Base

    def compare(session: Session) -> list[Any]:
        context = MigrationContext.configure(session.connection(), opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    return await db.read(compare)
