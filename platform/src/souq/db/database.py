"""The one door to the database: ``read(fn)`` and ``write(fn)``.

Services express database work as plain synchronous functions of a SQLAlchemy
:class:`~sqlalchemy.orm.Session`, so the same code runs on both backends, each in the
way that suits it:

* SQLite allows one writer at a time. Every write goes to one writer thread with one
  connection, which commits the writes waiting in its queue together (group commit), each
  in its own SAVEPOINT so that a failing write fails alone. Reads run on a small thread
  pool of their own connections (WAL lets them run beside the writer). A whole read or
  write function runs in its thread, so it costs one hop from the event loop, not one per
  statement. Each batch's size and each write's wait in the queue are metrics.
* PostgreSQL runs each function in its own transaction on an asyncpg pool (through
  ``AsyncSession.run_sync``); services take row locks where they need ordering.

A write returns only after its transaction committed: durable before acknowledged.

A write that fails because the database cannot store anything now (a full disk, a
read-only database, a lost server: see :mod:`souq.db.failures`) raises
:class:`~souq.errors.Unavailable` instead, and the database remembers it until a write
succeeds again; :meth:`Database.write_problem` tells readiness checks.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, Select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker

from souq.errors import Unavailable
from souq.observability import metrics
from souq.settings import Settings

from .engine import postgres_engine, sqlite_engines
from .failures import storage_failure

T = TypeVar("T")
WorkFn = Callable[[Session], T]
Queued = tuple[WorkFn[Any], asyncio.Future[Any], asyncio.AbstractEventLoop, float]
"""A write waiting for the writer: its function, where its outcome goes, and when it was
queued (``time.perf_counter()``)."""

MAX_BATCH = 256
_STOP = object()


class GroupCommitWriter:
    """One thread that runs queued writes on one connection and commits them in batches."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="souq-sqlite-writer", daemon=True)
        self._thread.start()

    async def submit(self, fn: WorkFn[T]) -> T:
        """Queue ``fn`` and wait until its batch committed (or ``fn`` failed)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.put((fn, future, loop, time.perf_counter()))
        return await future

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            batch = [item]
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    self._commit(batch)
                    return
                batch.append(item)
            self._commit(batch)

    def _commit(self, batch: list[Queued]) -> None:
        metrics.write_batch([queued for *_, queued in batch])
        outcomes: list[tuple[bool, Any]] = []
        try:
            with self._sessions() as session, session.begin():
                if len(batch) == 1:  # nothing to isolate from: the transaction is the savepoint
                    outcomes.append((True, batch[0][0](session)))
                else:
                    for fn, *_ in batch:
                        try:
                            with session.begin_nested():
                                outcomes.append((True, fn(session)))
                        except Exception as error:  # a bad write fails alone...
                            if not _in_transaction(session):
                                raise  # ...unless SQLite rolled all back (a full disk, say)
                            outcomes.append((False, error))
        except Exception as error:
            outcomes = [(False, error)] * len(batch)
        # One wake-up per event loop for the whole batch: each wake-up hands the GIL to
        # that loop, and the writer waits to take it back before it can go on.
        settled: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], Any]]] = {}
        for (_fn, future, loop, _queued), outcome in zip(batch, outcomes, strict=True):
            settled.setdefault(loop, []).append((future, outcome))
        for loop, results in settled.items():
            loop.call_soon_threadsafe(_settle_all, results)

    async def close(self) -> None:
        """Finish what is queued, then stop the thread."""
        self._queue.put(_STOP)
        await asyncio.to_thread(self._thread.join)


def _in_transaction(session: Session) -> bool:
    """Whether SQLite still holds the session's transaction: on some errors (a full disk,
    an I/O error) it rolls back the whole transaction, not only the failed statement, and
    what follows would then run outside it."""
    return bool(session.connection().connection.dbapi_connection.in_transaction)  # type: ignore[union-attr]


def _unavailable(doing: str, reason: str) -> Unavailable:
    """What the client is told when the database cannot serve now."""
    return Unavailable(f"souq cannot {doing} right now: {reason}; try again later")


def _probe(session: Session) -> None:
    """A small real write that leaves nothing behind."""
    table = f"souq_write_probe_{uuid.uuid4().hex}"
    session.execute(text(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)"))
    session.execute(text(f"DROP TABLE {table}"))


def _settle_all(results: list[tuple[asyncio.Future[Any], tuple[bool, Any]]]) -> None:
    """Give each write of a batch its outcome (on the loop that waits for it)."""
    for future, (ok, value) in results:
        if future.done():  # the caller was cancelled; its write committed anyway
            continue
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)


class Database:
    """``read``/``write`` of session functions, and ad-hoc async sessions, for one backend."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.dialect = "sqlite" if settings.is_sqlite else "postgresql"
        if settings.is_sqlite:
            self._reader, self._writer = sqlite_engines(settings)
            self._read_sessions = sessionmaker(self._reader, expire_on_commit=False)
            self._read_pool = ThreadPoolExecutor(
                settings.database_pool_size, thread_name_prefix="souq-sqlite-reader"
            )
            self._group: GroupCommitWriter | None = GroupCommitWriter(self._writer)
            self.async_engine = create_async_engine(
                settings.sqlalchemy_url, pool_size=2, max_overflow=0
            )
        else:
            self._group = None
            self.async_engine = postgres_engine(settings)
        self._async_sessions = async_sessionmaker(self.async_engine, expire_on_commit=False)
        self._write_failure: str | None = None
        self._sqlite_sql: dict[Select[Any], tuple[str, tuple[str, ...], dict[str, Any]]] = {}

    def _read_sync(self, fn: WorkFn[T]) -> T:
        with self._read_sessions() as session, session.begin():
            return fn(session)

    async def read(self, fn: WorkFn[T], *, point: bool = False) -> T:
        """Run ``fn(session)`` in one read transaction (a consistent snapshot).

        ``point=True`` marks a lookup of a row or two by key (a token, say): on SQLite it
        then runs on the calling thread, since it takes less time than the hop to a reader
        thread would (WAL readers never wait for the writer).
        """
        try:
            if self._group is not None:
                if point:
                    return self._read_sync(fn)
                return await asyncio.get_running_loop().run_in_executor(
                    self._read_pool, self._read_sync, fn
                )
            async with self._async_sessions() as session, session.begin():
                return await session.run_sync(fn)
        except Exception as error:
            if (reason := storage_failure(error)) is None:
                raise
            raise _unavailable("read data", reason) from error

    async def first(self, query: Select[Any], params: dict[str, Any]) -> tuple[Any, ...] | None:
        """The first row of ``query`` for ``params``, or ``None`` (see :meth:`rows`)."""
        found = await self.rows(query, params)
        return found[0] if found else None

    async def rows(self, query: Select[Any], params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The rows of ``query`` (a Core select with ``bindparam``s, built once) for
        ``params``: a point read by key in one statement, of a row or a few.

        On SQLite it runs on the calling thread as the one statement, in autocommit (a
        statement reads a consistent snapshot on its own), on a pooled reader connection
        without a session or a ``BEGIN``: each call into SQLite hands the interpreter to
        the writer thread and must wait to take it back, and this is asked on every
        request (the bearer token) and before every app call (the serving gate). The SQL
        is compiled once per query. Values come as SQLite stores them: column types do
        not convert them (a date is its text).
        """
        try:
            if self._group is not None:
                sql, names, fixed = self._compiled(query)
                values = [params[name] if name in params else fixed[name] for name in names]
                connection = self._reader.raw_connection()
                try:
                    cursor = connection.cursor()
                    try:
                        found = cursor.execute(sql, values).fetchall()
                    finally:
                        cursor.close()
                finally:
                    connection.close()  # back to the pool
                return [tuple(row) for row in found]
            async with self._async_sessions() as session, session.begin():
                return [tuple(row) for row in await session.execute(query, params)]
        except Exception as error:
            if (reason := storage_failure(error)) is None:
                raise
            raise _unavailable("read data", reason) from error

    def _compiled(self, query: Select[Any]) -> tuple[str, tuple[str, ...], dict[str, Any]]:
        """SQLite's SQL for ``query``, the order of its parameters and the values of those
        it fixes itself (a literal in a condition), compiled once."""
        compiled = self._sqlite_sql.get(query)
        if compiled is None:
            statement = query.compile(dialect=self._reader.dialect)
            names = tuple(statement.positiontup or ())
            compiled = (str(statement), names, dict(statement.params))
            self._sqlite_sql[query] = compiled
        return compiled

    async def write(self, fn: WorkFn[T]) -> T:
        """Run ``fn(session)`` in a transaction and return its result once committed.

        Raises ``Unavailable`` if the database cannot store anything now (and remembers
        why until a write succeeds).
        """
        try:
            if self._group is not None:
                result = await self._group.submit(fn)
            else:
                async with self._async_sessions() as session, session.begin():
                    result = await session.run_sync(fn)
        except Exception as error:
            if (reason := storage_failure(error)) is None:
                raise
            self._write_failure = reason
            raise _unavailable("save changes", reason) from error
        self._write_failure = None
        return result

    async def write_problem(self) -> str | None:
        """Why writes fail, or ``None`` if they work.

        Free while the last write succeeded; after a failure it tries a real write
        (creating and dropping a table in one committed transaction, which needs a new
        page, a writable database and a reachable server), so that readiness comes back
        without a restart once the cause is fixed.
        """
        if self._write_failure is not None:
            with contextlib.suppress(Unavailable):
                await self.write(_probe)
        return self._write_failure

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """An async session in one transaction, for ad-hoc work (health checks, tools, tests)."""
        async with self._async_sessions() as session, session.begin():
            yield session

    async def close(self) -> None:
        """Stop the writer and dispose of the connection pools."""
        if self._group is not None:
            await self._group.close()
            self._read_pool.shutdown(wait=True)
            self._reader.dispose()
            self._writer.dispose()
        await self.async_engine.dispose()
