"""The docs keep up with the code: every error code, setting and limit is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import build_schema, parse, validate
from souq.errors import ErrorCode
from souq.graphql.types import Limits
from souq.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
API = (ROOT / "docs" / "api.md").read_text()
README = (ROOT / "README.md").read_text()


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_error_code_is_in_the_api_guide(code: ErrorCode) -> None:
    assert re.search(rf"^\| `{code.value}` \|", API, re.MULTILINE), f"docs/api.md misses {code}"


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_every_setting_is_in_the_readme(name: str) -> None:
    variable = f"SOUQ_{name.upper()}"
    assert re.search(rf"^\| `{variable}` \|", README, re.MULTILINE), f"README misses {variable}"


@pytest.mark.parametrize("name", list(Limits.__annotations__))
def test_every_published_limit_is_in_the_api_guide(name: str) -> None:
    assert f"`{_camel(name)}`" in API, f"docs/api.md misses {name}"


GUIDES = ("README.md", "docs/api.md", "docs/writing-apps.md")
BLOCK = re.compile(r"^```graphql\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _graphql_blocks() -> list[tuple[str, str]]:
    return [
        (f"{guide} block {n}", block)
        for guide in GUIDES
        for n, block in enumerate(BLOCK.findall((ROOT / guide).read_text()), start=1)
    ]


@pytest.mark.parametrize(("where", "block"), _graphql_blocks(), ids=lambda v: v[:30])
def test_every_graphql_block_is_one_valid_document(where: str, block: str) -> None:
    """Each block pastes into GraphiQL as it is: it parses, and it is valid against the
    schema (one anonymous operation at most, fields and arguments that exist)."""
    schema = build_schema((ROOT / "schema.graphql").read_text())
    problems = validate(schema, parse(block))
    assert not problems, f"{where}: {'; '.join(p.message for p in problems)}"
