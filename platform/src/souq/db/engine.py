"""Engines for SQLite and PostgreSQL, configured the way souq needs them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
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


def sqlite_engines(settings: Settings) -> tuple[Engine, Engine]:
    """``(reader, writer)`` for SQLite: readers share a pool, the writer has one connection
    that takes the write lock up front (``BEGIN IMMEDIATE``)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    url = sqlite_path_url(settings)
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
