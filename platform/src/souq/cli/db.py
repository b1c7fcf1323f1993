"""``souq db``: the database schema."""

from __future__ import annotations

import asyncio

import typer

from souq.db.migrate import current_revision, head_revision
from souq.runtime import build_services
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
    """Show the database's revision and the newest one the code knows."""

    async def go() -> str | None:
        services = build_services(load_settings())
        try:
            return await current_revision(services.db)
        finally:
            await services.close()

    console.print(f"database: {asyncio.run(go()) or 'empty'}; code head: {head_revision()}")
