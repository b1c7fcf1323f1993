"""The one door to the database: ``read()`` sessions and ``write(fn)`` transactions.

Writes are functions of a session, so the same service code runs on both backends:

* SQLite allows one writer at a time, so every write goes through one connection, and
  :class:`GroupCommitWriter` commits the writes waiting in its queue together, each in its
  own SAVEPOINT so that a failing write fails alone.
* PostgreSQL runs each write in its own transaction on a pool; services take row locks
  where they need ordering.

A write returns only after its transaction committed: durable before acknowledged.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from souq.settings import Settings

from .engine import create_engines

T = TypeVar("T")
WriteFn = Callable[[AsyncSession], Awaitable[T]]

MAX_BATCH = 128


class GroupCommitWriter:
    """One task that runs queued writes on one connection and commits them in batches."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._queue: asyncio.Queue[tuple[WriteFn[object], asyncio.Future[object]]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def submit(self, fn: WriteFn[T]) -> T:
        """Queue ``fn`` and wait until its batch committed (or ``fn`` failed)."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="souq-group-commit")
        future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        await self._queue.put((fn, future))  # type: ignore[arg-type]
        return await future  # type: ignore[return-value]

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            await self._commit(batch)

    async def _commit(self, batch: list[tuple[WriteFn[object], asyncio.Future[object]]]) -> None:
        outcomes: list[tuple[bool, object]] = []
        try:
            async with self._sessions() as session, session.begin():
                for fn, _future in batch:
                    try:
                        async with session.begin_nested():
                            outcomes.append((True, await fn(session)))
                    except Exception as error:  # a bad write fails alone
                        outcomes.append((False, error))
        except BaseException as error:
            for _fn, future in batch:
                if not future.done():
                    future.set_exception(error)
            if not isinstance(error, Exception):
                raise
            return
        for (_fn, future), (ok, value) in zip(batch, outcomes, strict=True):
            if future.done():  # the caller was cancelled; its write committed anyway
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)  # type: ignore[arg-type]

    async def close(self) -> None:
        """Stop the writer task (queued writes not yet started are failed)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        while not self._queue.empty():
            _fn, future = self._queue.get_nowait()
            if not future.done():
                future.set_exception(RuntimeError("database closed"))


class Database:
    """Sessions for reading and a ``write`` path, chosen for the configured backend."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.reader, self.writer = create_engines(settings)
        self._read_sessions = async_sessionmaker(self.reader, expire_on_commit=False)
        write_sessions = async_sessionmaker(self.writer, expire_on_commit=False)
        self._write_sessions = write_sessions
        self._group = GroupCommitWriter(write_sessions) if settings.is_sqlite else None

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.writer.dialect.name

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session in one read transaction (a consistent snapshot)."""
        async with self._read_sessions() as session, session.begin():
            yield session

    async def write(self, fn: WriteFn[T]) -> T:
        """Run ``fn(session)`` in a transaction and return its result once committed."""
        if self._group is not None:
            return await self._group.submit(fn)
        async with self._write_sessions() as session, session.begin():
            return await fn(session)

    async def close(self) -> None:
        """Stop the writer and dispose of the connection pools."""
        if self._group is not None:
            await self._group.close()
        await self.writer.dispose()
        if self.reader is not self.writer:
            await self.reader.dispose()


__all__ = ["AsyncEngine", "Database", "GroupCommitWriter"]
