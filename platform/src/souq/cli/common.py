"""Helpers shared by the CLI commands."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer
from rich.console import Console
from rich.table import Table

from souq.db.migrate import current_revision, head_revision, stored_revision, upgrade
from souq.errors import DomainError
from souq.runtime import Services, build_services
from souq.settings import Settings, load_settings

T = TypeVar("T")

console = Console()
errors = Console(stderr=True, soft_wrap=True)

UNLIMITED = 100_000


def print_table(table: Table) -> None:
    """Print ``table``: fitted to the terminal, or at its full width when the output is
    not a terminal (a file, a pipe), so that no column is cut to 80 characters."""
    if console.is_terminal:
        console.print(table)
        return
    width = console.measure(table, options=console.options.update(max_width=UNLIMITED)).maximum
    Console(file=console.file, width=max(width, console.width)).print(table)


async def migrate(settings: Settings) -> None:
    """Bring the database schema to the newest revision."""
    services = build_services(settings)
    try:
        await upgrade(services.db)
    finally:
        await services.close()


def refuse_unless_at_head(revision: str | None) -> None:
    """Stop with one line unless the database is migrated to the code's newest revision."""
    head = head_revision()
    if revision != head:
        errors.print(
            f"[red]error:[/red] the database is at revision {revision or 'none'}, "
            f"the code expects {head}: run `souq db upgrade` first"
        )
        raise typer.Exit(1)


async def require_migrated(settings: Settings) -> None:
    """``refuse_unless_at_head`` for the configured database, creating nothing to check."""
    path = settings.sqlite_file
    missing = path is not None and not path.is_file()
    refuse_unless_at_head(None if missing else await stored_revision(settings.sqlalchemy_url))


def run_with_services(
    fn: Callable[[Services], Awaitable[T]], settings: Settings | None = None
) -> T:
    """Run ``fn`` with freshly built services; a domain error becomes a one-line failure."""

    async def go() -> T:
        services = build_services(settings or load_settings())
        try:
            refuse_unless_at_head(await current_revision(services.db))
            return await fn(services)
        finally:
            await services.close()

    try:
        return asyncio.run(go())
    except DomainError as error:
        errors.print(f"[red]error:[/red] {error.message}")
        raise typer.Exit(1) from None
