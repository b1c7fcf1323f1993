"""Migrations build exactly the schema the models describe, and readiness reflects them."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import uvicorn
from alembic.script import ScriptDirectory
from live_server import Api
from souq.app import create_app
from souq.db.database import Database
from souq.db.migrate import alembic_config, current_revision, drift, head_revision, upgrade
from souq.runtime import Services
from souq.settings import Settings
from sqlalchemy import text


async def test_migrated_schema_has_no_drift_from_the_models(services: Services) -> None:
    assert await drift(services.db) == []


async def test_drift_check_notices_a_difference(tmp_path: Path) -> None:
    """The drift check can fail: a table the models do not know is reported."""
    db = Database(Settings(data_dir=tmp_path))
    try:
        await upgrade(db)
        assert await drift(db) == []
        async with db.session() as session:
            await session.execute(text("CREATE TABLE stray (id INTEGER PRIMARY KEY)"))
        differences = await drift(db)
        assert [d[0] for d in differences] == ["remove_table"]
        assert differences[0][1].name == "stray"
    finally:
        await db.close()


def test_the_head_read_from_file_names_is_alembics_head_of_one_chain() -> None:
    """``head_revision`` reads the scripts' file names (Alembic is slow to import): it
    must name Alembic's one head, and every script must be named after its revision."""
    scripts = ScriptDirectory.from_config(alembic_config())
    assert scripts.get_heads() == [head_revision()]
    for script in scripts.walk_revisions():
        assert Path(script.path).name.startswith(f"{script.revision}_"), script.path


async def test_upgrading_a_database_at_head_changes_nothing(tmp_path: Path) -> None:
    db = Database(Settings(data_dir=tmp_path))
    try:
        assert await current_revision(db) is None
        await upgrade(db)
        assert await current_revision(db) == head_revision()
        await upgrade(db)  # at head: nothing to run
        assert await current_revision(db) == head_revision()
        assert await drift(db) == []
    finally:
        await db.close()


async def test_database_is_at_head(services: Services) -> None:
    head = head_revision()
    assert head is not None
    assert await current_revision(services.db) == head


async def test_ready_when_migrated(api: Api) -> None:
    response = await api.http.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "revision": head_revision()}
    health = await api.http.get("/healthz")
    assert (health.status_code, health.json()) == (200, {"status": "ok"})


@asynccontextmanager
async def serve_app(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """Serve ``create_app(settings)`` (the app owns its services) on a free loopback port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            yield http
    finally:
        server.should_exit = True
        await task
        sock.close()


async def test_not_ready_when_never_migrated(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "fresh")
    async with serve_app(settings) as http:
        response = await http.get("/readyz")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "unavailable"
        assert body["reason"] == f"database at None, code expects {head_revision()}"
        health = await http.get("/healthz")
        assert health.status_code == 200, "alive, just not ready"
        # a request that needs the database gets a masked error, not SQL details
        response = await http.post(
            "/graphql",
            json={"query": "{ me { id } }"},
            headers={"authorization": "Bearer souq_" + "A" * 43},
        )
        assert response.status_code == 200
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
        assert "table" not in response.text.lower()


async def test_not_ready_when_the_database_is_unreachable(tmp_path: Path) -> None:
    with socket.socket() as taken:  # bound but not listening: connections are refused,
        taken.bind(("127.0.0.1", 0))  # and no other process can listen there meanwhile
        url = f"postgresql+asyncpg://souq@127.0.0.1:{taken.getsockname()[1]}/souq"
        settings = Settings(data_dir=tmp_path, database_url=url, secret_key="s" * 32)
        async with serve_app(settings) as http:
            response = await http.get("/readyz")
            assert response.status_code == 503
            body = response.json()
            assert body["status"] == "unavailable"
            assert body["reason"].startswith("database: ")
            assert (await http.get("/healthz")).status_code == 200
            # a request that needs the database is told so, not masked as a bug
            response = await http.post(
                "/graphql",
                json={"query": "{ me { id } }"},
                headers={"authorization": "Bearer souq_" + "A" * 43, "x-request-id": "r-1"},
            )
            (error,) = response.json()["errors"]
            assert error["extensions"] == {"code": "UNAVAILABLE", "requestId": "r-1"}
            assert error["message"] == (
                "souq cannot read data right now: the database server cannot be reached; "
                "try again later"
            )


def test_a_new_sqlite_database_is_in_wal_mode_before_any_connection_races(
    tmp_path: Path,
) -> None:
    """The first connections to a new database used to race to turn WAL on: one of them
    got "database is locked" at once (seen in test_not_ready_when_never_migrated, where
    the payment sweep's first write and /readyz's first read opened theirs together).
    Building the engines now records WAL in the file first, so no pooled connection has
    anything to convert."""
    settings = Settings(data_dir=tmp_path / "fresh")
    database = Database(settings)
    try:
        path = settings.sqlite_file
        assert path is not None
        header = path.read_bytes()[:20]
        assert header.startswith(b"SQLite format 3\x00")
        assert (header[18], header[19]) == (2, 2), "WAL (file format 2) is in the file"
    finally:
        asyncio.run(database.close())
