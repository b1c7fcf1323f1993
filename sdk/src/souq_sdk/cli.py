"""The ``souq-sdk`` command: scaffold a new app, check an app's manifest.

::

    souq-sdk new weather          # a ready project in ./weather
    souq-sdk new weather --sdk ../souq/sdk   # installing souq-sdk from that folder (or wheel)
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
from souq_sdk.distribution import distribution_of
from souq_sdk.errors import InvalidManifest
from souq_sdk.manifest import SLUG, Manifest, validate_manifest
from souq_sdk.scaffold import BadSdk, checked_sdk, scaffold, sdk_source


class CheckFailed(Exception):
    """An app could not be loaded or its manifest is invalid."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="souq-sdk", description="Write and check souq apps.")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="create a new app project in ./NAME")
    new.add_argument("name", help="the app's slug, such as weather (a-z, 0-9 and -)")
    new.add_argument(
        "--sdk",
        type=Path,
        metavar="PATH",
        help="where the project installs souq-sdk from: an SDK source folder or a built "
        "wheel (default: the souq-sdk source this command runs from)",
    )
    check = commands.add_parser("check", help="validate an app's manifest and print it")
    check.add_argument(
        "target",
        nargs="?",
        help="MODULE:OBJECT or MODULE of the app (default: the souq entry points of "
        "./pyproject.toml)",
    )
    args = parser.parse_args(argv)
    if args.command == "new":
        return _new(args.name, args.sdk)
    return _check(args.target)


def _new(name: str, sdk: Path | None) -> int:
    if not SLUG.fullmatch(name):
        print(
            f"souq-sdk: {name!r} is not a valid app slug (2-31 of a-z, 0-9 and -)", file=sys.stderr
        )
        return 2
    try:
        source = checked_sdk(sdk) if sdk else sdk_source()
    except BadSdk as error:
        print(f"souq-sdk: {error}", file=sys.stderr)
        return 2
    target = Path(name)
    if target.exists():
        print(f"souq-sdk: {target} already exists", file=sys.stderr)
        return 1
    for path in scaffold(name, target, source):
        print(f"created {path}")
    if source:
        print(f"\nsouq-sdk comes from {source} ([tool.uv.sources] in pyproject.toml).")
    else:
        print(
            "\nsouq-sdk runs from an installed wheel and is on no package index, so the "
            f"project does not know where to get it: in {name}, run `uv add PATH` once with "
            "the path of a souq_sdk-*.whl (`uv build sdk` in a souq checkout makes one), or "
            "`uv add --editable PATH` with a souq checkout's sdk folder, or run "
            "`souq-sdk new` again with --sdk PATH."
        )
    print(f"Next: cd {name} && uv run pytest && uv run souq-sdk check")
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
    except InvalidManifest as error:  # an App checks its manifest as the module declares it
        raise CheckFailed(f"{target}: {error}") from error
    except (ImportError, AttributeError) as error:
        raise CheckFailed(f"cannot load {target}: {error}") from error
    except Exception as error:
        raise CheckFailed(f"cannot load {target}: {type(error).__name__}: {error}") from error
    pm = plugin_manager()
    try:
        pm.register(app)
        manifest = validate_manifest(asyncio.run(call_app(pm, app, "souq_manifest")))
    except InvalidManifest as error:
        raise CheckFailed(f"{target}: {error}") from error
    except Exception as error:
        raise CheckFailed(f"{target}: {type(error).__name__}: {error}") from error
    installed = distribution_of(module_name)
    if installed is not None and installed.version != manifest.version:
        raise CheckFailed(
            f"{target}: the app says version {manifest.version}, but the installed "
            f"distribution {installed.name} is {installed.version}: give one version "
            "(leave out App(version=...) to use pyproject.toml's)"
        )
    return manifest
