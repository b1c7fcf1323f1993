"""Events as bytes, for brokers that carry them between processes."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from typing import Any

from .types import (
    AccessChanged,
    Author,
    ConversationLeft,
    Event,
    MessagePosted,
    MessageRecord,
    MessageUpdated,
)

_KINDS: dict[
    str, type[MessagePosted] | type[MessageUpdated] | type[AccessChanged] | type[ConversationLeft]
] = {
    "posted": MessagePosted,
    "updated": MessageUpdated,
    "access": AccessChanged,
    "left": ConversationLeft,
}
_NAMES = {kind: name for name, kind in _KINDS.items()}


def encode(event: Event, **extra: Any) -> bytes:
    """``event`` as JSON bytes, with ``extra`` fields beside it (an id, its topics, when it
    was published)."""
    body = dataclasses.asdict(event)
    return json.dumps(
        {**extra, "kind": _NAMES[type(event)], "event": body}, default=_iso, separators=(",", ":")
    ).encode()


def decode(data: bytes) -> tuple[Event, dict[str, Any]]:
    """The event in ``data`` and the extra fields sent beside it. Raises ``ValueError``
    (or ``KeyError``/``TypeError``) for bytes :func:`encode` did not make."""
    envelope = json.loads(data)
    kind, body = _KINDS[envelope.pop("kind")], envelope.pop("event")
    if kind is AccessChanged or kind is ConversationLeft:
        return kind(**body), envelope
    return kind(message=_message(body["message"])), envelope


def _message(data: dict[str, Any]) -> MessageRecord:
    for field in ("sender", "invoker"):
        if data[field] is not None:
            data[field] = Author(**data[field])
    for field in ("created_at", "updated_at"):
        if data[field] is not None:
            data[field] = datetime.fromisoformat(data[field])
    return MessageRecord(**data)


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")
