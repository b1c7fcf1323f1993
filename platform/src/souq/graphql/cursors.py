"""Opaque Relay cursors."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from souq.errors import BadInput

MAX_ID = 2**63 - 1  # the largest integer the databases store (BIGINT)


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _malformed() -> BadInput:
    return BadInput("malformed cursor", field="cursor")


def _decode(cursor: str, prefix: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        text = ""
    if not text.startswith(prefix):
        raise _malformed()
    return text.removeprefix(prefix)


def _number(text: str) -> int:
    """A non-negative integer the database can hold, written in plain ASCII digits."""
    if not (text.isascii() and text.isdigit() and len(text) <= 19) or int(text) > MAX_ID:
        raise _malformed()
    return int(text)


def seq_cursor(seq: int) -> str:
    """The cursor of a message."""
    return _encode(f"seq:{seq}")


def parse_seq_cursor(cursor: str) -> int:
    """The seq behind a message cursor."""
    return _number(_decode(cursor, "seq:"))


def activity_cursor(at: datetime, conversation_id: int) -> str:
    """The cursor of a conversation in a list ordered by last activity."""
    return _encode(f"act:{at.isoformat()}|{conversation_id}")


def parse_activity_cursor(cursor: str) -> tuple[datetime, int]:
    """The position behind a conversation cursor (a timezone-aware time in UTC and an id)."""
    at, _, cid = _decode(cursor, "act:").partition("|")
    try:
        when = datetime.fromisoformat(at)
        if when.tzinfo is None:
            raise ValueError("no timezone")
        return when.astimezone(UTC), _number(cid)
    except (ValueError, OverflowError):
        raise _malformed() from None


def id_cursor(id: int) -> str:
    """The cursor of a row in a list ordered by id (the audit log)."""
    return _encode(f"id:{id}")


def parse_id_cursor(cursor: str) -> int:
    """The id in a cursor from :func:`id_cursor`."""
    return _number(_decode(cursor, "id:"))
