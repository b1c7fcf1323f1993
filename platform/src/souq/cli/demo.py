"""``souq demo``: a database with demo people, conversations and the bundled apps, served
with the web client and GraphiQL; ``souq demo delay``: the demo airline announces a delay."""

from __future__ import annotations

import asyncio

import typer
from rich.table import Table
from sqlalchemy import make_url

from souq.apps.serving import Serving
from souq.demo import DEMO_PASSWORD, DEVELOPER, PEOPLE, Seeded, seed
from souq.runtime import build_services
from souq.settings import Settings, load_settings

from .apps import send_event
from .common import console, migrate, print_table
from .serve import HOST, PORT, listen, run

demo = typer.Typer(
    help=(
        "Create (or reuse) a database with demo data (SQLite in the data folder, or "
        "SOUQ_DATABASE_URL) and serve it (the web client and GraphiQL); or, with a "
        "command, act as one of the demo businesses while it runs."
    ),
    no_args_is_help=False,
)


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


@demo.callback(invoke_without_command=True)
def serve_demo(ctx: typer.Context, host: str = HOST, port: int = PORT) -> None:
    """Create (or reuse) a database with demo data (SQLite in the data folder, or
    SOUQ_DATABASE_URL), then serve it: the web client at ``/``, GraphiQL at ``/graphql``."""
    if ctx.invoked_subcommand is not None:
        return
    settings = load_settings(env="dev")
    listener = listen(host, port)

    async def prepare() -> tuple[str, Seeded]:
        await migrate(settings)
        services = build_services(settings)
        try:
            await services.start()
            seeded = await seed(services)
            return await services.accounts.token_for("ana", label="demo"), seeded
        finally:
            await services.close()

    token, seeded = asyncio.run(prepare())
    table = Table(title="Demo accounts")
    for column in ("username", "role"):
        table.add_column(column)
    for person in PEOPLE:
        table.add_row(person.username, person.role.value)
    print_table(table)
    console.print(f"Password of every demo account: {DEMO_PASSWORD}", highlight=False)
    for line in demo_notes(settings, seeded.not_approved):
        console.print(line, soft_wrap=True, highlight=False, markup=False)
    console.print(
        f"Web client: http://{host}:{port}/ : sign in as ana, and as bruno in a private "
        "window to chat; as admin to review and suspend apps; as devi for developer apps.",
        soft_wrap=True,
        highlight=False,
    )
    console.print(f"GraphiQL: http://{host}:{port}/graphql")
    console.print("Signed in as ana; paste this into GraphiQL's headers:")
    console.print(f'{{"Authorization": "Bearer {token}"}}', soft_wrap=True, highlight=False)
    console.print(
        'Then try: mutation { sendMessage(conversationId: "1", '
        'body: "/food restaurants roma", clientMessageId: "try-1") { seq } }',
        soft_wrap=True,
        highlight=False,
    )
    for slug, try_it in seeded.tries.items():
        console.print(f"Try /{slug}: {try_it}", soft_wrap=True, highlight=False, markup=False)
    run(settings, listener, host, port, migrate_first=False)


@demo.command("delay")
def delay(
    flight: str = typer.Argument(help="The flight number, such as KL1234."),
    minutes: int = typer.Argument(help="How late it leaves, in minutes.", min=1, max=24 * 60),
    url: str = typer.Option(
        "http://127.0.0.1:8000", "--url", help="The running demo server (as `souq demo`)."
    ),
) -> None:
    """Act as the demo airline: FLIGHT's next departure is MINUTES late.

    Its passengers who allowed /flights to tell them about the flight get a message in
    their chat with it; the others are not messaged. Prints who was told and why the
    others were not."""
    summary = send_event("flights", "delayed", {"flight": flight.upper(), "minutes": minutes}, url)
    console.print_json(data=summary)
