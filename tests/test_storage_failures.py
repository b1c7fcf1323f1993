"""A database that cannot store anything (full disk, read-only) is reported, not masked.

Clients get ``UNAVAILABLE`` with the request id, nothing changes, ``/readyz`` answers 503
while writes fail and 200 again once they work, without a restart. The failures are real:
SQLite refuses to grow past ``max_page_count`` with the same error as a full disk
(SQLITE_FULL), and PostgreSQL refuses writes in read-only transactions (25006).
"""

from __future__ import annotations

import asyncio
import errno
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import pytest
from live_server import SEND, Api
from souq.db.database import WorkFn
from souq.db.failures import READ_ONLY, UNREACHABLE, storage_failure
from souq.db.models import User
from souq.errors import BadInput, Unavailable
from souq.runtime import Services
from sqlalchemy import make_url, select, text, update
from sqlalchemy.orm import Session

update_user = update(User)
BODY = "a long message that needs a page of its own " * 90


async def send(api: Api, token: str, conversation: str, key: str) -> tuple[dict, str]:
    """The body of a send and the request id the response names."""
    variables = {"c": conversation, "b": BODY, "k": key}
    response = await api.post(SEND, variables, token)
    return response.json(), response.headers["x-request-id"]


async def readiness(api: Api) -> tuple[int, dict]:
    response = await api.http.get("/readyz")
    return response.status_code, response.json()


async def last_seq(api: Api, token: str, conversation: str) -> int:
    query = "query($c: ID!) { conversation(id: $c) { lastSeq } }"
    return (await api.ok(query, {"c": conversation}, token))["conversation"]["lastSeq"]


def assert_unavailable(body: dict, request_id: str, reason: str) -> None:
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "UNAVAILABLE", "requestId": request_id}
    assert error["message"] == f"souq cannot save changes right now: {reason}; try again later"


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_a_full_sqlite_database_is_unavailable_until_it_has_room(
    api: Api, services: Services
) -> None:
    ana = await api.register("ana")
    await api.register("bob")
    conversation = await api.direct(ana, "bob")
    assert (await api.send(ana, conversation, BODY, "m-1"))["seq"] == 1

    def no_room_to_grow(session: Session) -> None:
        assert session.scalar(text("PRAGMA freelist_count")) == 0
        pages = session.scalar(text("PRAGMA page_count"))
        assert session.scalar(text(f"PRAGMA max_page_count = {pages}")) == pages

    await services.db.write(no_room_to_grow)
    body, request_id = await send(api, ana, conversation, "m-2")
    assert_unavailable(body, request_id, "the disk is full")
    status, ready = await readiness(api)
    assert (status, ready["status"]) == (503, "unavailable")
    assert ready["reason"] == "database: writes fail: the disk is full"
    assert await readiness(api) == (status, ready), "still full: the probe write fails too"

    await services.db.write(lambda s: s.execute(text("PRAGMA max_page_count = 1073741823")))
    assert (await readiness(api))[0] == 200
    body, _ = await send(api, ana, conversation, "m-2")
    assert body["data"]["sendMessage"]["seq"] == 2, "the refused send left no trace"
    assert await last_seq(api, ana, conversation) == 2


READ_ONLY_SETTING = "default_transaction_read_only"


@asynccontextmanager
async def admin(url: str) -> AsyncIterator[asyncpg.Connection]:
    """A superuser connection to the test database, outside souq's pool."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        yield connection
    finally:
        await connection.close()


async def set_read_only(url: str, read_only: bool) -> None:
    """Make every new session of the test database read-only (or not again), and end the
    sessions souq has open, so that its pool reconnects into the new setting."""
    name = make_url(url).database
    async with admin(url) as connection:
        await connection.execute(f"SET {READ_ONLY_SETTING} = off")
        if read_only:
            await connection.execute(f'ALTER DATABASE "{name}" SET {READ_ONLY_SETTING} = on')
        else:
            await connection.execute(f'ALTER DATABASE "{name}" RESET {READ_ONLY_SETTING}')
        await connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )


@pytest.mark.parametrize("backend", [pytest.param("postgresql", marks=pytest.mark.postgresql)])
async def test_a_read_only_postgresql_database_is_unavailable_until_it_is_writable(
    api: Api, services: Services
) -> None:
    url = services.settings.sqlalchemy_url
    ana = await api.register("ana")
    await api.register("bob")
    conversation = await api.direct(ana, "bob")
    assert (await api.send(ana, conversation, BODY, "m-1"))["seq"] == 1

    await set_read_only(url, True)
    try:
        body, request_id = await send(api, ana, conversation, "m-2")
        assert_unavailable(body, request_id, "the database is read-only")
        status, ready = await readiness(api)
        assert (status, ready["status"]) == (503, "unavailable")
        assert ready["reason"] == "database: writes fail: the database is read-only"
        assert await last_seq(api, ana, conversation) == 1, "reads still work"
    finally:
        await set_read_only(url, False)

    assert (await readiness(api))[0] == 200, "ready again with no write from a client"
    body, _ = await send(api, ana, conversation, "m-2")
    assert body["data"]["sendMessage"]["seq"] == 2


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_a_full_disk_fails_the_whole_group_commit_and_keeps_none_of_it(
    services: Services,
) -> None:
    """SQLite may answer a full disk by rolling back the whole transaction: then every
    write of the batch failed, and none may be kept, not even half of one, behind the
    caller's back."""
    db = services.db
    await db.write(lambda s: s.add(User(username="ana", display_name="Ana", password_hash="!")))
    await db.write(lambda s: s.add(User(username="bob", display_name="Bob", password_hash="!")))

    def no_room_to_grow(session: Session) -> None:
        pages = session.scalar(text("PRAGMA page_count"))
        session.execute(text(f"PRAGMA max_page_count = {pages}"))

    await db.write(no_room_to_grow)

    started, release = threading.Event(), threading.Event()

    def hold_the_writer(session: Session) -> None:
        started.set()
        release.wait(timeout=30)

    def grow(session: Session) -> None:  # needs new pages
        session.add(User(username="carla", display_name="C" * 20_000, password_hash="!"))
        session.flush()

    def rename(name: str) -> WorkFn[None]:  # fits in place
        def update(session: Session) -> None:
            session.execute(update_user.where(User.username == name).values(display_name="new"))
            session.execute(update_user.where(User.username == name).values(password_hash="?"))

        return update

    held = asyncio.ensure_future(db.write(hold_the_writer))
    await asyncio.to_thread(started.wait, 30)
    batch = [asyncio.ensure_future(db.write(fn)) for fn in (rename("ana"), grow, rename("bob"))]
    release.set()
    await held
    outcomes = await asyncio.gather(*batch, return_exceptions=True)
    async with db.session() as session:
        query = select(User.username, User.display_name, User.password_hash).where(
            User.username.in_(["ana", "bob", "carla"])
        )
        rows = sorted((await session.execute(query)).all())
    assert (rows, [type(outcome) for outcome in outcomes]) == (
        [("ana", "Ana", "!"), ("bob", "Bob", "!")],
        [Unavailable] * 3,
    )


def sqlite_error(*statements: str) -> sqlite3.Error:
    """The error SQLite itself raises for the last of ``statements`` (in memory)."""
    connection = sqlite3.connect(":memory:")
    try:
        for statement in statements:
            connection.execute(statement)
    except sqlite3.Error as error:
        return error
    finally:
        connection.close()
    raise AssertionError("no error")


CREATE = "CREATE TABLE t (id INTEGER PRIMARY KEY)"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (OSError(errno.EROFS, "Read-only file system"), "the database is read-only"),
        (PermissionError(errno.EACCES, "Permission denied"), "the database files cannot be opened"),
        (ConnectionRefusedError(errno.ECONNREFUSED, "refused"), UNREACHABLE),
        (sqlite_error(CREATE, "PRAGMA query_only = 1", "INSERT INTO t VALUES (1)"), READ_ONLY),
        (sqlite_error(CREATE, "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (1)"), None),
        (OSError(errno.ENOENT, "No such file or directory"), None),
        (ValueError("a bug"), None),
        (BadInput("bad input"), None),
    ],
    ids=[
        "ENOSPC",
        "EROFS",
        "EACCES",
        "refused",
        "sqlite-readonly",
        "sqlite-unique",
        "ENOENT",
        "bug",
        "domain",
    ],
)
def test_which_errors_mean_the_database_cannot_serve(error: Exception, reason: str | None) -> None:
    wrapped = RuntimeError("while writing")
    wrapped.__cause__ = error
    assert storage_failure(error) == storage_failure(wrapped) == reason
