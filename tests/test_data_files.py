"""What souq keeps on disk is readable by its owner only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from souq.db.database import Database
from souq.db.migrate import upgrade
from souq.settings import Settings


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The common umask, under which files are made world-readable (0644) by default."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_new_data_folder_and_database_are_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    db = Database(settings)
    try:
        await upgrade(db)
        settings.secret()
        folder = settings.data_dir
        files = sorted(p.name for p in folder.iterdir())
        assert files == ["secret.key", "souq.db", "souq.db-shm", "souq.db-wal"]
        assert mode(folder) == 0o700
        assert {name: mode(folder / name) for name in files} == dict.fromkeys(files, 0o600)
    finally:
        await db.close()


async def test_an_existing_database_is_made_private(tmp_path: Path) -> None:
    first = Database(Settings(data_dir=tmp_path))
    try:
        await upgrade(first)
    finally:
        await first.close()
    (tmp_path / "souq.db").chmod(0o644)  # as an earlier souq left it

    again = Database(Settings(data_dir=tmp_path))
    try:
        await upgrade(again)
        assert mode(tmp_path / "souq.db") == 0o600
        assert mode(tmp_path / "souq.db-wal") == 0o600
    finally:
        await again.close()
