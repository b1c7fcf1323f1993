"""The floor: the least a server must do to store one chat message over HTTP.

A plain Starlette app with one JSON ``POST /send`` endpoint that writes a message into
the ``messages`` table of a souq database (migrated by souq's own Alembic migrations):
one transaction per request on a single SQLite connection (WAL, ``synchronous=NORMAL``,
foreign keys on, ``BEGIN IMMEDIATE``, the same pragmas souq uses)::

    UPDATE conversations SET last_seq = last_seq + 1, ... RETURNING last_seq
    INSERT INTO messages (...)
    COMMIT

No authentication, no membership check, no idempotency lookup, no live event, no
GraphQL: whatever souq spends beyond this is the price of its features.

Run: ``uv run python bench/floor_app.py --db PATH --port PORT``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import uvicorn
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

NEXT_SEQ = text(
    "UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = :now "
    "WHERE id = :cid RETURNING last_seq"
)
INSERT = text(
    "INSERT INTO messages (conversation_id, seq, sender_id, body, client_message_id, created_at) "
    "VALUES (:cid, :seq, :sender, :body, :client_id, :now) RETURNING id"
)


def _engine(db_path: str) -> AsyncEngine:
    """One aiosqlite connection with souq's pragmas; SQLAlchemy emits ``BEGIN IMMEDIATE``."""
    engine = create_async_engine(f"sqlite+aiosqlite:///{db_path}", pool_size=1, max_overflow=0)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def create_app(db_path: str) -> Starlette:
    """The floor app writing to the SQLite file at ``db_path``."""
    engine = _engine(db_path)

    async def send(request: Request) -> Response:
        """Store one message: ``{conversation_id, sender_id, body, client_message_id}``."""
        data = json.loads(await request.body())
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        async with engine.begin() as connection:  # waits for the single connection
            seq = await connection.execute(NEXT_SEQ, {"now": now, "cid": data["conversation_id"]})
            seq_value = seq.scalar_one()
            message_id = (
                await connection.execute(
                    INSERT,
                    {
                        "cid": data["conversation_id"],
                        "seq": seq_value,
                        "sender": data["sender_id"],
                        "body": data["body"],
                        "client_id": data["client_message_id"],
                        "now": now,
                    },
                )
            ).scalar_one()
        return JSONResponse({"id": message_id, "seq": seq_value})

    async def readyz(request: Request) -> Response:
        """Ready once the database answers."""
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return JSONResponse({"status": "ready"})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await engine.dispose()

    return Starlette(
        routes=[Route("/send", send, methods=["POST"]), Route("/readyz", readyz)],
        lifespan=lifespan,
    )


def main() -> None:
    """Serve the floor app on 127.0.0.1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLite file migrated by `souq db upgrade`")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(create_app(args.db), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
