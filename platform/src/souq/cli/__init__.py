"""The ``souq`` command: one module per concept, assembled here.

Each command's module is imported only when that command runs (or its help is shown):
``souq serve`` loads the server, not the demo, the app review tables or the ledger
reports, so that it answers sooner after launch.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, MutableMapping
from types import ModuleType
from typing import Any, cast

import typer
from typer.core import TyperCommand, TyperGroup

from souq.settings import DataFolderError, SettingsError

from .collector import collector_paused

COMMANDS: dict[str, str] = {
    "serve": "souq.cli.serve:serve",
    "schema": "souq.cli.schema:schema",
    "audit": "souq.cli.audit:audit",
    "demo": "souq.cli.demo:demo",
    "apps": "souq.cli.apps:app",
    "db": "souq.cli.db:app",
    "users": "souq.cli.users:app",
    "tokens": "souq.cli.tokens:app",
    "wallet": "souq.cli.money:wallet",
    "ledger": "souq.cli.money:ledger",
}
"""Every ``souq`` command, in the order help lists them: its name and where it is defined
(``module:attribute``, a function for a command, a Typer for a group of them)."""

_Command = TyperCommand | TyperGroup


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


def _import(module: str) -> ModuleType:
    """Import ``module`` (for most commands, the server with it): see
    :func:`~souq.cli.collector.collector_paused`."""
    if module in sys.modules:
        return sys.modules[module]
    with collector_paused():
        return importlib.import_module(module)


def _load_command(name: str, target: str) -> _Command:
    """The click command ``name``, built from ``target`` (``module:attribute``)."""
    module, _, attribute = target.partition(":")
    defined = getattr(_import(module), attribute)
    holder = typer.Typer()
    if isinstance(defined, typer.Typer):
        holder.add_typer(defined, name=name)
    else:
        holder.command(name)(defined)
    _one_line_summaries(holder)
    return cast(_Command, typer.main.get_group(holder).commands[name])


class _Commands(MutableMapping[str, _Command]):
    """A group's commands, each built from :data:`COMMANDS` when first looked up."""

    def __init__(self) -> None:
        self._built: dict[str, _Command] = {}

    def __getitem__(self, name: str) -> _Command:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = _load_command(name, COMMANDS[name])
        return self._built[name]

    def __setitem__(self, name: str, command: _Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("souq's commands are fixed")

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS.keys() | self._built.keys())


class _LazyGroup(TyperGroup):
    """The root ``souq`` group: its commands are imported when looked up."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        commands = _Commands()
        commands.update(self.commands)  # any registered on ``app`` itself
        self.commands = commands


app = typer.Typer(
    name="souq",
    cls=_LazyGroup,
    help="souq: a chat server where mini-apps offer commands inside conversations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Nothing to do before a command (each reads its own settings); typer makes a group
    only of an app with a callback or registered commands, and the commands come later."""


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
