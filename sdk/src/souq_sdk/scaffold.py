"""The files ``souq-sdk new`` writes: a ready mini-app package with a passing test."""

from __future__ import annotations

from pathlib import Path

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
"""

README = """\
# {title}

A souq mini-app. Try it without a server:

    pytest
    souq-sdk check

Install it next to souq and souq finds it through the `souq` entry point.
"""

INIT = '''\
"""{title}: a souq mini-app."""
'''

APP = '''\
"""{title}: a souq mini-app."""

from souq_sdk import App, Context, Rest, Text

app = App(slug="{slug}", name="{title}", version="0.1.0", summary="Says hello")


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


def scaffold(slug: str, target: Path) -> list[Path]:
    """Write a new app package for ``slug`` into ``target`` (which must not exist)."""
    package = "souq_" + slug.replace("-", "_")
    values = {"slug": slug, "package": package, "title": slug.replace("-", " ").title()}
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
