"""``souq serve`` and ``souq demo``: run the server."""

from __future__ import annotations

import asyncio
import gc
import logging
import socket

import typer
import uvicorn
from rich.table import Table
from sqlalchemy import make_url

from souq.app import create_app
from souq.apps.serving import Serving
from souq.demo import DEMO_PASSWORD, DEVELOPER, PEOPLE, seed
from souq.runtime import build_services
from souq.settings import Settings, load_settings
from souq.web.server import uvicorn_config

from .common import console, errors, migrate, print_table, require_migrated

HOST = typer.Option("127.0.0.1", help="Address to listen on.")
PORT = typer.Option(8000, help="Port to listen on.")


def _listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound before anything is printed or prepared: an address that
    cannot be had (a port in use) is one line and exit code 1."""
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        errors.print(
            f"[red]error:[/red] cannot listen on {host}:{port}: {error.strerror or error}",
            highlight=False,
        )
        raise typer.Exit(1) from None
    return listener


class _BoundServer(uvicorn.Server):
    """uvicorn serving the socket ``_listen`` bound. uvicorn leaves the "running on" line
    to whoever bound the socket; this says it, in uvicorn's words, once serving."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and sockets:
            host, port = sockets[0].getsockname()[:2]
            address = f"[{host}]" if ":" in host else host
            logging.getLogger("uvicorn.error").info(
                "Uvicorn running on http://%s:%d (Press CTRL+C to quit)", address, port
            )


def _run(
    settings: Settings, listener: socket.socket, host: str, port: int, *, migrate_first: bool
) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s"
    )

    async def go() -> None:
        if migrate_first:
            await migrate(settings)
        app = create_app(settings)
        # Everything built so far lives as long as the process: keep it out of the
        # collector's way, so full collections stay short (they showed as p99 spikes).
        gc.freeze()
        config = uvicorn_config(
            app, settings, host=host, port=port, log_level=settings.log_level, lifespan="on"
        )
        await _BoundServer(config).serve(sockets=[listener])

    asyncio.run(go())


def serve(
    host: str = HOST,
    port: int = PORT,
    migrate_first: bool = typer.Option(
        True, "--migrate/--no-migrate", help="Apply pending migrations before serving."
    ),
) -> None:
    """Serve the GraphQL API at /graphql (configured by SOUQ_* variables)."""
    settings = load_settings()
    if not migrate_first:
        asyncio.run(require_migrated(settings))
    listener = _listen(host, port)
    console.print(f"souq ({settings.env}) on http://{host}:{port}/graphql")
    _run(settings, listener, host, port, migrate_first=migrate_first)


def demo_notes(settings: Settings, not_approved: list[Serving]) -> list[str]:
    """The banner's lines on which database the demo seeded (its URL without the
    password) and on the installed apps it did not approve, with how to review them."""
    url = make_url(settings.sqlalchemy_url).render_as_string(hide_password=True)
    lines = [f"Database: {url}"]
    for serving in not_approved:
        app = serving.installed
        source = app.code.label if app.code else app.source
        lines.append(
            f"Not approved: /{app.slug} ({source}) is not bundled with souq, so the demo "
            f"left it {serving.status.value.replace('_', ' ')}: {serving.reason}"
        )
    if not_approved:
        lines.append(
            f"To review one: souq apps register SLUG --developer {DEVELOPER}; "
            f"souq apps submit MANIFEST.json --developer {DEVELOPER} (the JSON souq-sdk "
            "check prints); souq apps approve SLUG VERSION (see souq apps show SLUG)"
        )
    return lines


def demo(host: str = HOST, port: int = PORT) -> None:
    """Create (or reuse) a database with demo data (SQLite in the data folder, or
    SOUQ_DATABASE_URL), then serve it with GraphiQL."""
    settings = load_settings(env="dev")
    listener = _listen(host, port)

    async def prepare() -> tuple[str, list[Serving]]:
        await migrate(settings)
        services = build_services(settings)
        try:
            await services.start()
            seeded = await seed(services)
            return await services.accounts.token_for("ana", label="demo"), seeded.not_approved
        finally:
            await services.close()

    token, not_approved = asyncio.run(prepare())
    table = Table(title="Demo accounts")
    for column in ("username", "role"):
        table.add_column(column)
    for person in PEOPLE:
        table.add_row(person.username, person.role.value)
    print_table(table)
    console.print(f"Password of every demo account: {DEMO_PASSWORD}", highlight=False)
    for line in demo_notes(settings, not_approved):
        console.print(line, soft_wrap=True, highlight=False, markup=False)
    console.print(f"GraphiQL: http://{host}:{port}/graphql")
    console.print("Signed in as ana; paste this into GraphiQL's headers:")
    console.print(f'{{"Authorization": "Bearer {token}"}}', soft_wrap=True, highlight=False)
    console.print(
        'Then try: mutation { sendMessage(conversationId: "1", '
        'body: "/food restaurants roma", clientMessageId: "try-1") { seq } }',
        soft_wrap=True,
        highlight=False,
    )
    console.print(
        'Or pay a bill: send "/billpay pay EN-1001", then confirm the card it answers with: '
        'mutation { confirmPayment(requestId: "<its paymentRequestId>", '
        'idempotencyKey: "try-2") { status } }',
        soft_wrap=True,
        highlight=False,
    )
    _run(settings, listener, host, port, migrate_first=False)
