"""Which database errors mean "cannot store anything now" rather than a bug.

A full disk, a read-only database or a lost database server is the operator's to fix,
not the client's and not a bug: the database layer turns such errors into
:class:`~souq.errors.Unavailable` (code ``UNAVAILABLE``), and readiness reports them.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator

from sqlalchemy.exc import DBAPIError

from souq.errors import DomainError

FULL = "the disk is full"
READ_ONLY = "the database is read-only"
IO_ERROR = "the disk failed to read or write"
NO_ACCESS = "the database files cannot be opened"
UNREACHABLE = "the database server cannot be reached"
EXHAUSTED = "the database server is out of resources"

_SQLITE = {  # primary result codes (https://sqlite.org/rescode.html)
    sqlite3.SQLITE_FULL: FULL,
    sqlite3.SQLITE_READONLY: READ_ONLY,
    sqlite3.SQLITE_IOERR: IO_ERROR,
    sqlite3.SQLITE_CANTOPEN: NO_ACCESS,
    sqlite3.SQLITE_PERM: NO_ACCESS,
}
_POSTGRES = {  # SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html)
    "53100": FULL,  # disk_full
    "25006": READ_ONLY,  # read_only_sql_transaction
    "57P01": UNREACHABLE,  # admin_shutdown
    "57P02": UNREACHABLE,  # crash_shutdown
    "57P03": UNREACHABLE,  # cannot_connect_now
}
_POSTGRES_CLASSES = {"08": UNREACHABLE, "53": EXHAUSTED, "58": IO_ERROR}
_OS = {
    errno.ENOSPC: FULL,
    errno.EDQUOT: FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: NO_ACCESS,
    errno.EPERM: NO_ACCESS,
    errno.EIO: IO_ERROR,
}


def storage_failure(error: BaseException) -> str | None:
    """Why ``error`` means the database cannot serve now, or ``None`` if it means
    anything else (a constraint, a bug, a domain error)."""
    if isinstance(error, DomainError):
        return None
    for cause in _causes(error):
        if isinstance(cause, sqlite3.Error):
            code = getattr(cause, "sqlite_errorcode", None)
            if code is not None and (reason := _SQLITE.get(code & 0xFF)):
                return reason
        sqlstate = getattr(cause, "sqlstate", None)
        if isinstance(sqlstate, str) and (
            reason := _POSTGRES.get(sqlstate) or _POSTGRES_CLASSES.get(sqlstate[:2])
        ):
            return reason
        if isinstance(cause, DBAPIError) and cause.connection_invalidated:
            return UNREACHABLE
        if isinstance(cause, ConnectionError | TimeoutError):
            return UNREACHABLE
        if isinstance(cause, OSError) and (reason := _OS.get(cause.errno or 0)):
            return reason
    return None


def _causes(error: BaseException) -> Iterator[BaseException]:
    """``error``, the driver's error it wraps, and what caused those (a few levels)."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo and len(seen) < 8:
        cause = todo.pop(0)
        if cause is None or id(cause) in seen:
            continue
        seen.add(id(cause))
        yield cause
        orig = getattr(cause, "orig", None)
        todo += [orig if isinstance(orig, BaseException) else None, cause.__cause__]
        todo.append(cause.__context__)
