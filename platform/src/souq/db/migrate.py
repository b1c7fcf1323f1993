"""Apply and inspect Alembic migrations (the only way the schema changes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from .database import Database
from .models import Base

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    """An Alembic configuration pointing at souq's migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    """The newest revision among the migration scripts."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def upgrade(db: Database, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (on the write path: one writer at a time)."""

    def run(session: Session) -> None:
        config = alembic_config()
        config.attributes["connection"] = session.connection()
        command.upgrade(config, revision)

    await db.write(run)


async def current_revision(db: Database) -> str | None:
    """The revision the database is at (``None`` when never migrated)."""
    return await db.read(
        lambda s: MigrationContext.configure(s.connection()).get_current_revision()
    )


async def stored_revision(url: str) -> str | None:
    """The revision of the database at ``url`` (an async URL), read on one short-lived
    connection that sets nothing up: no data folder, key or engine settings."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
    finally:
        await engine.dispose()


async def drift(db: Database) -> list[Any]:
    """Differences between the models and the migrated schema (empty when they agree)."""

    def compare(session: Session) -> list[Any]:
        context = MigrationContext.configure(session.connection(), opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    return await db.read(compare)
