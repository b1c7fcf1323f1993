"""Engines for SQLite and PostgreSQL, configured the way souq needs them."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from souq.settings import Settings


def _sqlite_setup(engine: Engine, busy_timeout_ms: int, begin: str) -> None:
    """WAL, ``synchronous=NORMAL``, foreign keys, a busy timeout; SQLAlchemy emits BEGIN.

    sqlite3's legacy transaction control is switched off so that SAVEPOINTs and reads
    take part in real transactions (see SQLAlchemy's "Transactions with SQLite").
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)


def sqlite_path_url(settings: Settings) -> str:
    """The synchronous (pysqlite) URL of the configured SQLite database."""
    return settings.sqlalchemy_url.replace("sqlite+aiosqlite://", "sqlite://", 1)


def private_sqlite_file(url: str) -> None:
    """Make the SQLite database at ``url`` readable by its owner only (0600).

    The file is created empty (which SQLite takes as a new database) before SQLite would
    create it with the umask's mode; SQLite gives the ``-wal`` and ``-shm`` files it makes
    later the database file's mode. A file made earlier with a wider mode is tightened,
    with its ``-wal`` and ``-shm``.
    """
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except FileNotFoundError:  # no such folder: SQLite reports it on connecting
        return
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)


def wal_on_disk(url: str, busy_timeout_ms: int) -> None:
    """Put the SQLite database at ``url`` in WAL mode, on one connection of its own.

    WAL is recorded in the database file, so every later connection finds it set and its
    own ``PRAGMA journal_mode=WAL`` changes nothing. Without this, the first connections
    to a new (empty) database race to convert it: one that has read the file while
    another converts it gets "database is locked" at once, since SQLite does not wait
    where waiting could deadlock (a reader's first query and the payment sweep's first
    write, opening their connections together, did).
    """
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    # A database that cannot be opened or written (a read-only file, a full disk) is left
    # as it is: the pooled connections meet the same problem and report it as usual.
    with contextlib.suppress(sqlite3.Error):
        connection = sqlite3.connect(database, timeout=busy_timeout_ms / 1000)
        try:
            connection.execute("PRAGMA journal_mode=WAL").fetchone()
        finally:
            connection.close()


def sqlite_engines(settings: Settings) -> tuple[Engine, Engine]:
    """``(reader, writer)`` for SQLite: readers share a pool, the writer has one connection
    that takes the write lock up front (``BEGIN IMMEDIATE``). The data folder is created
    owner-only (0700), the database file kept 0600 and put in WAL mode before any pooled
    connection opens."""
    settings.private_data_dir()
    url = sqlite_path_url(settings)
    private_sqlite_file(url)
    wal_on_disk(url, settings.sqlite_busy_timeout_ms)
    writer = create_engine(
        url, pool_size=1, max_overflow=0, connect_args={"check_same_thread": False}
    )
    _sqlite_setup(writer, settings.sqlite_busy_timeout_ms, "BEGIN IMMEDIATE")
    reader = create_engine(
        url,
        pool_size=settings.database_pool_size,
        max_overflow=0,
        connect_args={"check_same_thread": False},
    )
    _sqlite_setup(reader, settings.sqlite_busy_timeout_ms, "BEGIN")
    return reader, writer


def postgres_engine(settings: Settings) -> AsyncEngine:
    """The pooled asyncpg engine for PostgreSQL."""
    return create_async_engine(
        settings.sqlalchemy_url,
        pool_size=settings.database_pool_size,
        max_overflow=0,
        pool_pre_ping=True,
    )
