"""The committed ``schema.graphql`` is the schema the code serves, so API changes show in review."""

from __future__ import annotations

import difflib
from pathlib import Path

from souq.graphql.schema import export_sdl

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    exported = export_sdl()
    if committed != exported:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                exported.splitlines(keepends=True),
                "schema.graphql (committed)",
                "export_sdl() (code)",
            )
        )
        raise AssertionError(
            "schema.graphql is out of date; run `uv run souq schema > schema.graphql` "
            f"and commit it.\n{diff}"
        )


def test_schema_file_is_plain_text_with_one_final_newline() -> None:
    raw = SCHEMA_FILE.read_bytes()
    assert b"\r" not in raw
    assert raw.endswith(b"}\n") and not raw.endswith(b"\n\n")
