"""The ``souq-sdk`` command: scaffold a new app, check an app's manifest.

::

    souq-sdk new weather          # a ready package in ./weather
    souq-sdk check                # the apps of ./pyproject.toml's souq entry points
    souq-sdk check souq_food.app:app
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from souq_sdk.dispatch import call_app, plugin_manager
from souq_sdk.errors import InvalidManifest
from souq_sdk.manifest import SLUG, Manifest, validate_manifest
from souq_sdk.scaffold import scaffold


class CheckFailed(Exception):
    """An app could not be loaded or its manifest is invalid."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="souq-sdk", description="Write and check souq apps.")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="create a new app package in ./NAME")
    new.add_argument("name", help="the app's slug, such as weather (a-z, 0-9 and -)")
    check = commands.add_parser("check", help="validate an app's manifest and print it")
    check.add_argument(
        "target",
        nargs="?",
        help="MODULE:OBJECT or MODULE of the app (default: the souq entry points of "
        "./pyproject.toml)",
    )
    args = parser.parse_args(argv)
    if args.command == "new":
        return _new(args.name)
    return _check(args.target)


def _new(name: str) -> int:
    if not SLUG.fullmatch(name):
        print(
            f"souq-sdk: {name!r} is not a valid app slug (2-31 of a-z, 0-9 and -)", file=sys.stderr
        )
        return 2
    target = Path(name)
    if target.exists():
        print(f"souq-sdk: {target} already exists", file=sys.stderr)
        return 1
    for path in scaffold(name, target):
        print(f"created {path}")
    print(f"\nNext: cd {name}, install it with pytest (pip install -e . pytest), run pytest.")
    return 0


def _check(target: str | None) -> int:
    try:
        targets = [target] if target else _entry_points(Path("pyproject.toml"))
        manifests = [_manifest_of(t) for t in targets]
    except CheckFailed as error:
        print(f"souq-sdk: {error}", file=sys.stderr)
        return 1
    for manifest in manifests:
        print(json.dumps(manifest.to_dict(), indent=2, ensure_ascii=False))
    return 0


def _entry_points(pyproject: Path) -> list[str]:
    """The targets of the ``souq`` entry points declared in ``pyproject``."""
    if not pyproject.is_file():
        raise CheckFailed("no pyproject.toml here; give a target such as my_app.app:app")
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    entry_points = data.get("project", {}).get("entry-points", {}).get("souq", {})
    if not entry_points:
        raise CheckFailed("pyproject.toml declares no [project.entry-points.souq] app")
    return list(entry_points.values())


def _manifest_of(target: str) -> Manifest:
    """Import ``MODULE[:OBJECT]``, register it as the only app, validate its manifest."""
    module_name, _, attribute = target.partition(":")
    if Path("src").is_dir() and str(Path("src").resolve()) not in sys.path:
        sys.path.insert(0, str(Path("src").resolve()))  # check a project before installing it
    try:
        app: object = importlib.import_module(module_name)
        for part in filter(None, attribute.split(".")):
            app = getattr(app, part)
    except (ImportError, AttributeError) as error:
        raise CheckFailed(f"cannot load {target}: {error}") from error
    pm = plugin_manager()
    try:
        pm.register(app)
        manifest = asyncio.run(call_app(pm, app, "souq_manifest"))
        return validate_manifest(manifest)
    except InvalidManifest as error:
        raise CheckFailed(f"{target}: {error}") from error
    except Exception as error:
        raise CheckFailed(f"{target}: {type(error).__name__}: {error}") from error
