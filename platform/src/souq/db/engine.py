"""Engines for SQLite and PostgreSQL, configured the way souq needs them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from souq.settings import Settings


def _sqlite_pragmas(engine: AsyncEngine, busy_timeout_ms: int, begin: str) -> None:
    """WAL, ``synchronous=NORMAL``, foreign keys, a busy timeout; SQLAlchemy emits BEGIN.

    sqlite3's legacy transaction control is switched off so that SAVEPOINTs and reads
    take part in real transactions (see SQLAlchemy's "Transactions with SQLite").
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)


def create_engines(settings: Settings) -> tuple[AsyncEngine, AsyncEngine]:
    """Return ``(reader, writer)`` engines.

    On SQLite the writer is a pool of one connection that takes the write lock up front
    (``BEGIN IMMEDIATE``), and readers are a separate pool (WAL lets them run alongside).
    On PostgreSQL both are the same pooled engine.
    """
    url = settings.sqlalchemy_url
    if not settings.is_sqlite:
        engine = create_async_engine(
            url, pool_size=settings.database_pool_size, max_overflow=0, pool_pre_ping=True
        )
        return engine, engine
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    writer = create_async_engine(url, pool_size=1, max_overflow=0)
    _sqlite_pragmas(writer, settings.sqlite_busy_timeout_ms, "BEGIN IMMEDIATE")
    reader = create_async_engine(url, pool_size=settings.database_pool_size, max_overflow=0)
    _sqlite_pragmas(reader, settings.sqlite_busy_timeout_ms, "BEGIN")
    return reader, writer
