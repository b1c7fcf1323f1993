"""The ``souq`` command: one module per concept, assembled here."""

from __future__ import annotations

import sys

import typer

from souq.settings import DataFolderError, SettingsError

from . import apps, audit, db, demo, money, schema, serve, tokens, users

app = typer.Typer(
    name="souq",
    help="souq: a chat server where mini-apps offer commands inside conversations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("serve")(serve.serve)
app.command("schema")(schema.schema)
app.command("audit")(audit.audit)
app.add_typer(demo.demo, name="demo")
app.add_typer(apps.app, name="apps")
app.add_typer(db.app, name="db")
app.add_typer(users.app, name="users")
app.add_typer(tokens.app, name="tokens")
app.add_typer(money.wallet, name="wallet")
app.add_typer(money.ledger, name="ledger")


def _one_line_summaries(group: typer.Typer) -> None:
    """List each command by its docstring's first paragraph on one line (typer's rich
    help keeps a docstring's line breaks in command lists)."""
    for command in group.registered_commands:
        doc = command.help or (command.callback.__doc__ if command.callback else None)
        if command.short_help is None and doc:
            command.short_help = " ".join(doc.split("\n\n")[0].split())
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            _one_line_summaries(sub.typer_instance)


_one_line_summaries(app)


def main() -> None:
    """Entry point of the ``souq`` script: a bad setting (exit code 2) or an unusable data
    folder (exit code 1) is one clear line, not a traceback."""
    try:
        app()
    except SettingsError as error:
        print(f"souq: {error}", file=sys.stderr)
        sys.exit(2)
    except DataFolderError as error:
        print(f"souq: {error}", file=sys.stderr)
        sys.exit(1)
