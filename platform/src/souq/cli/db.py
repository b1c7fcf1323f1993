"""``souq db``: the database schema."""

from __future__ import annotations

import asyncio

import typer

from souq.db.migrate import head_revision, stored_revision
from souq.settings import load_settings

from .common import console, migrate

app = typer.Typer(help="Manage the database schema (Alembic migrations).", no_args_is_help=True)


@app.command("upgrade")
def upgrade_command() -> None:
    """Apply every pending migration to the database in SOUQ_DATABASE_URL."""
    settings = load_settings()
    asyncio.run(migrate(settings))
    console.print(f"database at revision [bold]{head_revision()}[/bold] (head)")


@app.command("current")
def current_command() -> None:
    """Show the database's revision and the newest one the code knows (creating nothing)."""
    settings = load_settings()
    path = settings.sqlite_file
    if path is not None and not path.is_file():
        console.print(
            f"no database yet at {path}: `souq db upgrade` creates it; "
            f"code head: {head_revision()}",
            soft_wrap=True,
            highlight=False,
        )
        return
    revision = asyncio.run(stored_revision(settings.sqlalchemy_url))
    console.print(f"database: {revision or 'empty'}; code head: {head_revision()}")
