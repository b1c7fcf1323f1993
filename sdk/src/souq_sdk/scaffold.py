"""The files ``souq-sdk new`` writes: a ready mini-app project with a passing test.

The project stands on its own, outside any souq checkout: ``uv run pytest`` in it makes
its own ``.venv`` and installs ``souq-sdk`` from the ``[tool.uv.sources]`` entry written
here, since no package index has it. The entry names an SDK source folder (installed
editable) or a built wheel: the one given with ``--sdk``, else the source checkout this
SDK runs from.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

SDK_DISTRIBUTION = "souq-sdk"

PYPROJECT = """\
[project]
name = "souq-{slug}"
version = "0.1.0"
description = "{title}: a souq mini-app"
requires-python = ">=3.11"
dependencies = ["souq-sdk"]

[project.entry-points.souq]
{slug} = "{package}.app:app"

[dependency-groups]
dev = ["pytest>=8"]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[tool.hatch.build.targets.wheel]
packages = ["src/{package}"]
{sources}"""

README = """\
# {title}

A souq mini-app, made with `souq-sdk new {slug}`. Its version is the `version` in
`pyproject.toml`.
{sdk_note}
Try it without a server (the first `uv run` makes this project's own `.venv` here):

    uv run pytest
    uv run souq-sdk check

To run it in a local souq, install it into souq's environment (in the souq checkout:
`uv pip install -e /path/to/{slug}`); souq finds it through the `souq` entry point, and
people can use it once an admin has approved it. See docs/writing-apps.md in the souq
repository.
"""

SDK_FROM_SOURCE = """
`souq-sdk` is on no package index: `[tool.uv.sources]` in `pyproject.toml` points at
{where}. Change that path if the SDK moves.
"""

SDK_MISSING = """
`souq-sdk` is on no package index, and this project does not yet say where to find it.
Point it at a souq-sdk wheel (a souq checkout builds one with `uv build sdk`) or at the
`sdk` folder of a souq checkout, once:

    uv add /path/to/souq_sdk-0.1.0-py3-none-any.whl
    uv add --editable /path/to/souq/sdk
"""

INIT = '''\
"""{title}: a souq mini-app."""
'''

APP = '''\
"""{title}: a souq mini-app."""

from souq_sdk import App, Context, Rest, Text

app = App(slug="{slug}", name="{title}", summary="Says hello")


@app.command("hello")
def hello(context: Context, name: Rest) -> Text:
    """Say hello, and count how often you did.

    Args:
        name: who to greet
    """
    count = context.person_state.get("greetings", 0) + 1
    context.person_state.set("greetings", count)
    return Text(f"Hello, {{name}}! (greeting number {{count}})")
'''

TEST = '''\
"""{title} runs in the souq-sdk harness: no server, no database."""

import pytest
from souq_sdk import UsageError
from souq_sdk.testing import AppHarness

from {package}.app import app


def test_hello_counts_per_person():
    harness = AppHarness(app)
    assert harness.run("/{slug} hello Ana Lima").text == "Hello, Ana Lima! (greeting number 1)"
    assert harness.run("/{slug} hello Bo").text == "Hello, Bo! (greeting number 2)"
    assert harness.run("/{slug} hello Cy", as_person="bob").text.endswith("(greeting number 1)")


def test_hello_needs_a_name():
    with pytest.raises(UsageError, match="Missing <name>"):
        AppHarness(app).run("/{slug} hello")
'''


class BadSdk(ValueError):
    """The ``--sdk`` path is neither a souq-sdk source folder nor a souq-sdk wheel."""


def sdk_source() -> Path | None:
    """The souq-sdk source folder this SDK runs from, or ``None`` when installed from a wheel."""
    folder = Path(__file__).resolve().parents[2]
    return folder if _is_sdk_folder(folder) else None


def checked_sdk(path: Path) -> Path:
    """``path`` made absolute, if it is a souq-sdk source folder or wheel; else ``BadSdk``."""
    path = path.expanduser().resolve()
    if path.is_dir() and _is_sdk_folder(path):
        return path
    if path.is_file() and path.name.startswith("souq_sdk-") and path.suffix == ".whl":
        return path
    raise BadSdk(
        f"--sdk {path} is neither a souq-sdk source folder (holding its pyproject.toml) "
        "nor a souq_sdk-*.whl wheel"
    )


def _is_sdk_folder(folder: Path) -> bool:
    try:
        project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return project.get("project", {}).get("name") == SDK_DISTRIBUTION


def _sources(sdk: Path | None) -> str:
    """The ``[tool.uv.sources]`` entry installing ``sdk`` (editable for a source folder)."""
    if sdk is None:
        return ""
    editable = ", editable = true" if sdk.is_dir() else ""
    return f"\n[tool.uv.sources]\nsouq-sdk = {{ path = {json.dumps(str(sdk))}{editable} }}\n"


def scaffold(slug: str, target: Path, sdk: Path | None) -> list[Path]:
    """Write a new app project for ``slug`` into ``target`` (which must not exist).

    ``sdk`` is where the project installs souq-sdk from: a source folder or a wheel, as
    returned by :func:`checked_sdk` or :func:`sdk_source`; ``None`` leaves it to the
    developer, and the README says how.
    """
    package = "souq_" + slug.replace("-", "_")
    values = {
        "slug": slug,
        "package": package,
        "title": slug.replace("-", " ").title(),
        "sources": _sources(sdk),
        "sdk_note": SDK_FROM_SOURCE.format(where=sdk) if sdk else SDK_MISSING,
    }
    files = {
        "pyproject.toml": PYPROJECT,
        "README.md": README,
        f"src/{package}/__init__.py": INIT,
        f"src/{package}/app.py": APP,
        "tests/test_app.py": TEST,
    }
    target.mkdir(parents=True)
    written = []
    for name, template in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values), encoding="utf-8")
        written.append(path)
    return written
