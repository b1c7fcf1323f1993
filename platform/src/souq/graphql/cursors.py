"""Opaque Relay cursors."""

from __future__ import annotations

import base64
from datetime import datetime

from souq.errors import BadInput


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str, prefix: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        text = ""
    if not text.startswith(prefix):
        raise BadInput("malformed cursor", field="cursor")
    return text.removeprefix(prefix)


def seq_cursor(seq: int) -> str:
    """The cursor of a message."""
    return _encode(f"seq:{seq}")


def parse_seq_cursor(cursor: str) -> int:
    """The seq behind a message cursor."""
    try:
        return int(_decode(cursor, "seq:"))
    except ValueError:
        raise BadInput("malformed cursor", field="cursor") from None


def activity_cursor(at: datetime, conversation_id: int) -> str:
    """The cursor of a conversation in a list ordered by last activity."""
    return _encode(f"act:{at.isoformat()}|{conversation_id}")


def parse_activity_cursor(cursor: str) -> tuple[datetime, int]:
    """The position behind a conversation cursor."""
    try:
        at, cid = _decode(cursor, "act:").split("|")
        return datetime.fromisoformat(at), int(cid)
    except ValueError:
        raise BadInput("malformed cursor", field="cursor") from None


def id_cursor(id: int) -> str:
    """The cursor of a row in a list ordered by id (the audit log)."""
    return _encode(f"id:{id}")


def parse_id_cursor(cursor: str) -> int:
    """The id in a cursor from :func:`id_cursor`."""
    text = _decode(cursor, "id:")
    if not text.isdigit() or len(text) > 18:
        raise BadInput("malformed cursor", field="cursor")
    return int(text)
